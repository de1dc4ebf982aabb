"""A coordinator follows an agreement's obligations to completion from the case page alone.

Signed in, they open a demo case with community service still to do, add a restitution and an
essay (through the API, as another tool would), log hours as reported, make the supervisor's
link and copy it, verify the reported hours from the list in one submit, have an overpayment
refused and then record the payment, move a due date, waive the essay, and see the case
completed. Every step is a screenshot checked by axe-core.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from pw import LA, api, shot, sign_in


def test_obligations_to_completion(server, browser_page):
    page = browser_page
    page.goto(server + "/")
    secret = sign_in(page, "coordinator@convene.example", "ob-01-coordinator")
    client = api(server, secret)

    # A demo case with an agreement whose community service is still open.
    page.goto(server + "/cases?status=agreement")
    listed = [int(i) for i in re.findall(r'href="/cases/(\d+)"', page.content())]
    case_id, hours_ob = next(
        (i, ob)
        for i in listed
        for ob in client.get(f"/api/v1/cases/{i}/obligations").json()
        if ob["kind"] == "community_service" and ob["status"] in ("open", "overdue")
    )
    money = client.post(
        f"/api/v1/cases/{case_id}/obligations",
        json={"type_code": "restitution", "target": 75},
    )
    assert money.status_code == 201, money.text
    money = money.json()
    essay = client.post(
        f"/api/v1/cases/{case_id}/obligations", json={"kind": "essay", "label": "Reflection essay"}
    )
    assert essay.status_code == 201, essay.text
    essay = essay.json()
    page.click(f'table a[href="/cases/{case_id}"]')
    page.wait_for_url(re.compile(rf".*/cases/{case_id}"))
    page.reload()
    today = datetime.now(LA).date()
    hid, mid, eid = hours_ob["id"], money["id"], essay["id"]
    assert "Community service" in page.locator(f"#obligation-{hid}").inner_text()
    assert "$0.00 of $75.00 paid" in page.locator(f"#obligation-{mid}").inner_text()
    if date.fromisoformat(money["due_date"]) < today:
        # Past its due date already: the page says so before any nightly job runs.
        assert page.locator(f"#ob-status-{mid}").inner_text() == "Overdue"
    shot(page, "ob-02-case-obligations")

    # Log the remaining hours in two entries, reported but not verified.
    remaining = hours_ob["target"] - hours_ob["credited"] - hours_ob["reported"]
    first = max(1.0, float(int(remaining // 2)))
    for hours in (first, remaining - first):
        if hours <= 0:
            continue
        page.fill(f"#hours-{hid}", f"{hours:g}")
        page.fill(f"#worked-{hid}", today.isoformat())
        page.fill(f"#site-{hid}", "LA Food Bank warehouse")
        page.uncheck(f"#verified-{hid}")
        page.click(f"#record-{hid}")
        page.wait_for_load_state()
        assert "reported, waiting for verification" in page.content()
    block = page.locator(f"#obligation-{hid}")
    assert "reported, not yet verified" in block.inner_text()
    assert block.locator("tr.log-reported").count() >= 1
    shot(page, "ob-03-hours-reported")

    # The site supervisor's link: shown in a read-only field with a Copy button.
    block.locator("summary", has_text="Link for the site's supervisor").click()
    page.click(f"#make-link-{hid}")
    page.wait_for_load_state()
    link = page.locator(f"#link-{hid}")
    assert "/verify/" in link.input_value()
    assert link.get_attribute("readonly") is not None
    page.click(f"button[data-copy='link-{hid}']")
    page.wait_for_function(
        f"document.querySelector('#obligation-{hid} [data-copy-status]').textContent !== ''"
    )
    shot(page, "ob-04-supervisor-link")

    # Verify every reported entry from the list, in one submit.
    block = page.locator(f"#obligation-{hid}")
    boxes = block.locator("tr.log-reported input[type=checkbox]")
    ticked = boxes.count()
    assert ticked >= 1
    for i in range(ticked):
        boxes.nth(i).check()
    page.click(f"#verify-{hid}")
    page.wait_for_load_state()
    assert f"({ticked} {'entry' if ticked == 1 else 'entries'})" in page.content()
    block = page.locator(f"#obligation-{hid}")
    assert page.locator(f"#ob-status-{hid}").inner_text() == "Completed"
    assert block.locator("tr.log-reported").count() == 0
    assert "coordinator@convene.example" in block.inner_text()
    shot(page, "ob-05-hours-verified")

    # Move the restitution's due date, with the reason.
    block = page.locator(f"#obligation-{mid}")
    block.locator("summary", has_text="Change the due date").click()
    new_due = max(today, date.fromisoformat(money["due_date"])) + timedelta(days=14)
    page.fill(f"#due-{mid}", new_due.isoformat())
    page.fill(f"#extend-reason-{mid}", "Waiting for a paycheck")
    page.click(f"#extend-{mid}")
    page.wait_for_load_state()
    assert f"Now due {new_due:%a %b} {new_due.day}, {new_due.year}" in page.content()
    assert page.locator(f"#ob-status-{mid}").inner_text() == "Open"
    shot(page, "ob-06-due-date-moved")

    # Too much is refused, next to the amount, keeping what was typed; then the payment.
    page.fill(f"#amount-{mid}", "100")
    page.fill(f"#method-{mid}", "money order 1123")
    page.click(f"#record-{mid}")
    page.wait_for_load_state()
    assert "more than the $75.00 still owed" in page.locator(f"#amount-{mid}-error").inner_text()
    assert page.locator(f"#method-{mid}").input_value() == "money order 1123"
    # The refusal is a 422 on purpose; Chromium logs that status and nothing else may be logged.
    assert page.errors == [
        "Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"
    ]
    page.errors.clear()
    shot(page, "ob-07-payment-refused")
    page.fill(f"#amount-{mid}", "75")
    page.click(f"#record-{mid}")
    page.wait_for_load_state()
    assert "Payment of $75.00 recorded" in page.content()
    assert "$75.00 of $75.00 paid" in page.locator(f"#obligation-{mid}").inner_text()
    shot(page, "ob-08-payment-recorded")

    # Waive the essay with the reason; any other open task (the letter) is marked done.
    block = page.locator(f"#obligation-{eid}")
    block.locator("summary", has_text="Waive this obligation").click()
    page.fill(f"#waive-reason-{eid}", "Panel accepted a spoken apology instead")
    page.click(f"#waive-{eid}")
    page.wait_for_load_state()
    assert page.locator(f"#ob-status-{eid}").inner_text().startswith("Waived: Panel accepted")
    for ob in client.get(f"/api/v1/cases/{case_id}/obligations").json():
        if ob["status"] in ("open", "overdue"):
            assert ob["kind"] == "apology_letter", ob
            page.fill(f"#proof-{ob['id']}", "Letter received by the program")
            page.click(f"#record-{ob['id']}")
            page.wait_for_load_state()

    # What the coordinator sees: the case completed, every obligation met, in words.
    assert page.locator("#case-status").inner_text() == "Completed"
    assert "The case is complete." in page.content()
    assert page.locator(f"#ob-status-{hid}").inner_text() == "Completed"
    assert page.locator(f"#ob-status-{mid}").inner_text() == "Completed"
    assert page.locator("form[action$='/hours'], form[action$='/payments']").count() == 0
    text = page.locator("#obligations").inner_text()
    assert "community_service" not in text and "restitution\n" not in text
    shot(page, "ob-09-case-completed")
