"""A volunteer Convene cannot text in their language, in a real browser on the demo data: Today
lists the demo's Armenian and Korean readers among the volunteers with the plain sentence and a
"Text in English" button; their page says the same and why no invitation reaches them; the
button on Today records the choice, returns to Today, and the volunteer leaves the list."""

from __future__ import annotations

import re

from pw import api, shot, sign_in

SAID = re.compile(r"(.+) reads (\w+); Convene has no \2 texts: call, or choose to text in English")


def test_a_volunteer_waiting_for_a_language_choice_is_chosen_from_today(server, browser_page):
    page = browser_page
    page.goto(server + "/")
    secret = sign_in(page, "coordinator@convene.example", "choice-01")
    client = api(server, secret)

    page.goto(server + "/today")
    tile = page.locator('a.figure[href="#todo-volunteer_languages"] strong')
    total = int(tile.inner_text())
    items = page.locator("#todo-volunteer_languages > ul > li")
    assert total > 0 and items.count() == min(total, 10)  # the rest on the list's own page
    first = items.first
    said = first.locator("a").inner_text()
    m = SAID.fullmatch(said)
    assert m, said
    name, language = m.group(1), m.group(2)
    assert "not proposed for seats" in first.inner_text()
    shot(page, "choice-01-today")

    first.locator("a").click()
    page.wait_for_url(re.compile(r".*/volunteers/\d+#texts"))
    volunteer_id = int(re.search(r"/volunteers/(\d+)", page.url).group(1))
    assert page.locator("#texts-why").inner_text() == said + "."
    assert "matching does not propose them" in page.locator("#texts-until").inner_text()
    assert page.locator("#texts").get_by_role("button", name="Text in English").count() == 1
    shot(page, "choice-02-volunteer")

    page.goto(server + "/today")
    row = page.locator("#todo-volunteer_languages > ul > li", has_text=said)
    row.get_by_role("button", name="Text in English").click()
    page.wait_for_url(re.compile(r".*/today\?flash=.*#todo-volunteer_languages"))
    assert f"{name} will be texted in English" in page.locator(".flash").inner_text()
    assert page.locator("#todo-volunteer_languages", has_text=said).count() == 0
    assert int(tile.inner_text()) == total - 1
    shot(page, "choice-03-chosen")

    page.goto(server + f"/volunteers/{volunteer_id}")
    texts = page.locator("#texts").inner_text()
    assert f"Texted in English (chosen by a coordinator; reads {language})" in texts
    assert page.locator("#texts").get_by_role("button", name="Text in English").count() == 0
    body = client.get(f"/api/v1/volunteers/{volunteer_id}").json()
    assert body["texts_in_english_ok_at"] is not None
