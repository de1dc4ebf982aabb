"""The API documentation opens in a browser, offline, under Convene's own security headers."""

from __future__ import annotations

from pw import ARTIFACTS


def test_swagger_ui_and_redoc_list_the_operations(server, browser_page):
    page = browser_page
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server + "/docs")
    page.wait_for_selector(".opblock", timeout=60_000)
    operations = page.locator(".opblock").count()
    assert operations >= 80, operations
    assert page.locator(".opblock-summary-path", has_text="/api/v1/cases").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "docs-swagger.png"))

    page.goto(server + "/redoc")
    page.wait_for_selector("h2", timeout=60_000)
    assert page.get_by_text("/api/v1/cases", exact=False).count() >= 1
    page.screenshot(path=str(ARTIFACTS / "docs-redoc.png"))

    # A blocked script or style would log a console error. ReDoc's "API docs by Redocly" badge
    # links an image on its CDN, which the policy refuses: the only thing ever asked of outside.
    badge = "https://cdn.redoc.ly/"
    assert [e for e in page.errors if badge not in e] == [], page.errors
    outside = [u for u in requests if not u.startswith((server, "data:", "blob:", badge))]
    assert outside == [], f"the docs fetched from outside Convene: {outside}"
