"""The participants' own verdict in a real browser: an administrator reads and edits a program's
survey questions with each text's segment count, and the Reports page shows the survey's figures
(response rate, participants and people harmed who rated the process fair), never a name."""

from __future__ import annotations

import re

from pw import shot, sign_in


def test_survey_questions_and_the_verdict_on_the_reports_page(server, browser_page):
    page = browser_page
    page.goto(server + "/")
    assert sign_in(page, "admin@convene.example", "sv01-admin") is None

    # The program's questions, reached from its settings, with what each text costs.
    page.goto(server + "/admin/programs")
    page.get_by_role("link", name=re.compile("NJP")).first.click()
    page.click("#survey-link")
    assert page.locator("#uses-defaults").is_visible()
    assert page.input_value("#text_en_1").startswith("Was the meeting fair to you?")
    assert page.locator("#fairness_1").is_checked()
    assert page.locator("#seg-en-1").get_attribute("data-segments") in ("1", "2")
    shot(page, "sv02-survey-questions")

    # A question too long for two segments is refused as typed, the field named.
    page.fill("#text_es_2", "¿" + "Cómo se sintió usted durante la reunión con su panel? " * 5)
    page.click("#save-survey")
    assert page.locator("#text_es_2-error").is_visible()
    assert "Question 2 in Spanish" in page.locator("#text_es_2-error").inner_text()
    # The refusal answers 422 on purpose; Chromium logs that status, nothing else may be logged.
    page.errors[:] = [e for e in page.errors if "status of 422" not in e]
    shot(page, "sv03-survey-too-long")
    page.fill("#text_es_2", "¿Se la recomendaría a alguien? Responda SÍ o NO")
    page.fill("#text_en_3", "Did you feel heard? Reply 1 (not at all) to 5 (very)")
    page.fill("#text_es_3", "¿Se sintió escuchado? Responda 1 (nada) a 5 (mucho)")
    page.click("#save-survey")
    page.wait_for_url(re.compile(r".*/survey\?flash=.*"))
    assert page.locator("#uses-defaults").count() == 0
    assert page.input_value("#text_en_3").startswith("Did you feel heard?")
    assert page.locator("#seg-es-3").get_attribute("data-segments") in ("1", "2")
    shot(page, "sv04-survey-saved")

    # The Reports page: the verdict of the past year's hearings, as counts and shares.
    page.goto(server + "/reports")
    response = page.locator("#fig-survey-response").inner_text()
    assert re.match(r"\d+%\s+answered the survey \(\d+ of \d+ texted\)", response), response
    fair = page.locator("#fig-participants-fair").inner_text()
    assert re.match(r"\d+%\s+of participants rated the process fair", fair), fair
    assert re.match(r"\d+%\s+of people harmed", page.locator("#fig-victims-fair").inner_text())
    shot(page, "sv05-reports-verdict")
    # One program and one neighborhood narrow the figures (they never grow).
    texted = int(re.search(r"of (\d+) texted", response).group(1))
    page.select_option("#program_id", label="Neighborhood Justice Program")
    page.locator("#neighborhood_id option").nth(1).wait_for(state="attached")
    page.select_option("#neighborhood_id", index=1)
    page.click("form[action='/reports'] button[type=submit]")
    page.wait_for_url(re.compile(r".*neighborhood_id=\d+.*"))
    narrowed = page.locator("#fig-survey-response").inner_text()
    assert int(re.search(r"of (\d+) texted", narrowed).group(1)) <= texted
    shot(page, "sv06-reports-verdict-neighborhood")
