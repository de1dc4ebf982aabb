"""An administrator opens Admin > Scheduled jobs and sees, in words and local time, that each job
ran on its own inside `convene serve` (no cron, no command), how it went and when it runs next."""

from __future__ import annotations

import re

from pw import shot, sign_in

# Only this module's server runs the jobs (polling each second, so they have run by the visit);
# the other journeys keep them off, as their pages must not change under them.
SERVER_ENV = {"CONVENE_RUN_JOBS_IN_SERVER": "true", "CONVENE_JOBS_POLL_SECONDS": "1"}


def test_an_admin_sees_the_scheduled_jobs_ran(server, browser_page):
    page = browser_page
    page.goto(server + "/login")
    sign_in(page, "admin@convene.example", "jobs-admin")
    page.goto(server + "/admin")
    page.get_by_role("link", name="Scheduled jobs").first.click()
    page.wait_for_url("**/admin/jobs")
    table = page.locator("main table")
    for words in (
        "Agreement task reminders and overdue flags",
        "Unanswered invitations passed to the coordinator",
        "Old closed cases anonymised",
    ):
        row = table.locator("tr", has_text=words)
        assert row.count() == 1, words
        text = row.inner_text()
        assert "Done" in text and "every" in text, text
        assert re.search(r"\d:\d\d [AP]M", text), text  # local time, never UTC
    main = page.locator("main").inner_text()
    assert "succeeded" not in main and "no_reply" not in main and "Not run yet" not in main
    shot(page, "admin-jobs")
