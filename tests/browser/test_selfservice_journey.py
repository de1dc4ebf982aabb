"""A Spanish-speaking volunteer's self-service page, in a real browser on the demo data.

The demo coordinator opens a Spanish-speaking volunteer's profile, shows the self-service link
and copies it; the link opens the volunteer's page in Spanish (lang="es", Spanish labels and day
names); the volunteer's mistake is answered in Spanish, the corrected availability is saved with
a Spanish notice, and the coordinator then sees the new availability on the profile. A dead link
answers in the browser's language.
"""

from __future__ import annotations

import re

from pw import api, shot, sign_in


def _spanish_volunteer(server: str) -> dict:
    client = api(server)
    r = client.get("/api/v1/volunteers", params={"language": "es", "active": True, "limit": 100})
    assert r.status_code == 200, r.text
    items = [v for v in r.json()["items"] if v["preferred_language"].startswith("es")]
    assert items, "the demo has Spanish-speaking volunteers"
    return items[0]


def test_a_spanish_volunteer_opens_the_copied_link_and_saves_availability(server, browser_page):
    page = browser_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page.goto(server + "/")
    assert sign_in(page, "coordinator@convene.example", "ss-01-coordinator") is None
    volunteer = _spanish_volunteer(server)
    first_name = volunteer["full_name"].split()[0]

    # the coordinator shows the link on the profile and copies it
    page.goto(f"{server}/volunteers/{volunteer['id']}")
    assert page.locator("#self-link").count() == 0
    shot(page, "ss-02-profile")
    page.click("text=Show the link to copy")
    page.wait_for_load_state()
    link = page.locator("#self-link").input_value()
    assert re.fullmatch(re.escape(server) + r"/me/[\w.-]+", link), link
    assert page.locator("#self-link").get_attribute("readonly") is not None
    page.click("button[data-copy='self-link']")
    page.wait_for_function("document.querySelector('[data-copy-status]').textContent !== ''")
    assert page.locator(".copy-link [data-copy-status]").inner_text() == "Copied."
    assert page.evaluate("navigator.clipboard.readText()") == link
    shot(page, "ss-03-link-to-copy")

    # the volunteer's page, in Spanish
    page.goto(link)
    assert page.locator("html").get_attribute("lang") == "es"
    body = page.locator("main").inner_text()
    for words in (f"Hola, {first_name}", "Sus próximas reuniones", "Cuándo puede participar",
                  "Días en los que no puede participar", "Su calendario"):  # fmt: skip
        assert words in body, words
    days = page.locator("form[data-availability] select[name=day]").first
    assert "miércoles" in days.inner_text() and "Wednesday" not in page.content()
    assert page.locator("form[data-availability] button[type=submit]").inner_text() == (
        "Guardar disponibilidad"
    )
    shot(page, "ss-04-volunteer-page-es")

    # a mistake is answered in Spanish, next to the window
    new_row = page.locator("form[data-availability] tbody tr").last
    new_row.locator("select[name=day]").select_option("wed")
    new_row.locator("input[name=start]").fill("21:00")
    new_row.locator("input[name=end]").fill("18:00")
    page.click("form[data-availability] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "es"
    assert "el fin debe ser después del inicio" in page.locator(".field-error").first.inner_text()
    assert "Algunos horarios necesitan una corrección" in page.locator("main").inner_text()
    # The refusal is a 422 on purpose; Chromium logs that status and nothing else may be logged.
    assert page.errors == [
        "Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"
    ]
    page.errors.clear()
    shot(page, "ss-05-availability-error-es")

    # the volunteer keeps only Wednesday evenings
    for select in page.locator("form[data-availability] select[name=day]").all():
        select.select_option("")
    new_row = page.locator("form[data-availability] tbody tr").last
    new_row.locator("select[name=day]").select_option("wed")
    new_row.locator("input[name=start]").fill("18:00")
    new_row.locator("input[name=end]").fill("21:00")
    page.click("form[data-availability] button[type=submit]")
    page.wait_for_url(re.compile(r".*/me/.*flash=.*"))
    assert page.locator(".flash").inner_text() == "Su disponibilidad quedó guardada. ¡Gracias!"
    assert page.locator("html").get_attribute("lang") == "es"
    chosen = page.locator("form[data-availability] select[name=day] option:checked")
    assert [c for c in chosen.all_inner_texts() if c != "ninguno"] == ["miércoles"]
    shot(page, "ss-06-availability-saved-es")

    # a dead link answers in the browser's language
    page.set_extra_http_headers({"Accept-Language": "es-MX,es;q=0.9"})
    page.goto(server + "/me/1.bad.link")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("h1").inner_text() == "Este enlace no funciona"
    # A dead link answers 404 on purpose (Chromium logs the status).
    assert page.errors == [
        "Failed to load resource: the server responded with a status of 404 (Not Found)"
    ]
    page.errors.clear()
    shot(page, "ss-07-invalid-link-es")
    page.set_extra_http_headers({})
    page.goto(server + "/me/1.bad.link")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "This link does not work"
    page.errors.clear()  # the same 404 again

    # what the coordinator sees: the new availability on the profile, in English
    page.goto(f"{server}/volunteers/{volunteer['id']}#availability")
    assert page.locator("html").get_attribute("lang") == "en"
    section = page.locator("#availability")
    chosen = section.locator("select[name=day] option:checked").all_inner_texts()
    assert [c for c in chosen if c != "none"] == ["Wednesday"]
    assert section.locator("input[name=start]").first.input_value() == "18:00"
    assert section.locator("input[name=end]").first.input_value() == "21:00"
    shot(page, "ss-08-profile-after")
