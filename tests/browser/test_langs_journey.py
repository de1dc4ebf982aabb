"""Nobody is silently texted in English, in a real browser on the demo data: Today lists the
demo's Korean and Armenian speakers Convene cannot text, an item leads to the case, where the
coordinator chooses to text the person in English; the choice is shown and leaves Today."""

from __future__ import annotations

import re

from pw import api, shot, sign_in


def test_a_person_convene_cannot_text_waits_for_the_coordinators_choice(server, browser_page):
    page = browser_page
    page.goto(server + "/")
    secret = sign_in(page, "coordinator@convene.example", "langs-01")
    client = api(server, secret)

    page.goto(server + "/today")
    items = page.locator("#todo-languages > ul > li")
    total = int(page.locator('a.figure[href="#todo-languages"] strong').inner_text())
    assert total > 0 and items.count() == min(total, 10)  # the rest on the list's own page
    first = items.first.locator("a")
    said = first.inner_text()
    assert re.fullmatch(
        r".+ reads (\w+); Convene has no \1 texts: call, or choose to text in English", said
    ), said
    shot(page, "langs-01-today")

    first.click()
    page.wait_for_url(re.compile(r".*/cases/\d+#parties"))
    case_id = int(re.search(r"/cases/(\d+)", page.url).group(1))
    waiting = page.locator("#parties li", has_text=said)
    assert waiting.locator("p.warn").inner_text() == said + "."
    shot(page, "langs-02-case")
    waiting.get_by_role("button", name="Text in English").click()
    page.wait_for_url(re.compile(rf".*/cases/{case_id}\?flash=.*"))
    assert "will be texted in English" in page.locator(".flash").inner_text()
    name = said.split(" reads ")[0]
    chosen = page.locator("#parties li", has_text=name)
    assert "Texted in English (chosen by a coordinator" in chosen.inner_text()
    assert chosen.get_by_role("button", name="Text in English").count() == 0
    shot(page, "langs-03-chosen")

    parties = client.get(f"/api/v1/cases/{case_id}").json()["parties"]
    assert [p["person"]["texts_in"] for p in parties if p["person"]["full_name"] == name] == ["en"]
    page.goto(server + "/today")
    assert int(page.locator('a.figure[href="#todo-languages"] strong').inner_text()) == total - 1
