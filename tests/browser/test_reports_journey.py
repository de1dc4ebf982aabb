"""Reports in a browser: every chart label is readable (>= 11 px as rendered) and no two labels
of one axis overlap, for a month, a year and three years; each chart has its figures as a table;
a refused period is shown again as typed, with the reason in words."""

from __future__ import annotations

from datetime import datetime, timedelta

from pw import LA, shot, sign_in

MEASURE = """() => [...document.querySelectorAll('figure.chart')].map(fig => ({
  id: fig.id,
  axes: ['xl', 'yl'].map(cls => [...fig.querySelectorAll('svg text.' + cls)].map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, left: r.left, top: r.top, right: r.right, bottom: r.bottom,
            size: parseFloat(getComputedStyle(t).fontSize)};
  })),
  groups: new Set([...fig.querySelectorAll('svg rect')].map(r => r.querySelector('title')
    .textContent.split(':')[0])).size,
  rows: fig.querySelectorAll('details tbody tr').length,
}))"""


def overlap(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


def check_charts(page, name: str) -> list[dict]:
    """Every label at least 11 px high and apart from its axis's others; a table per chart with
    one row per group of bars."""
    charts = page.evaluate(MEASURE)
    assert [c["id"] for c in charts] == ["chart-cases", "chart-hours"], name
    for chart in charts:
        for axis in chart["axes"]:
            assert axis, f"{name}: {chart['id']} has an axis without labels"
            for i, a in enumerate(axis):
                assert a["bottom"] - a["top"] >= 11, (name, chart["id"], a)
                assert a["size"] >= 11, (name, chart["id"], a)
                for b in axis[i + 1 :]:
                    assert not overlap(a, b), (name, chart["id"], a, b)
        assert chart["rows"] == chart["groups"] > 0, (name, chart)
    return charts


def test_report_charts_stay_readable(server, browser_page):
    page = browser_page
    page.goto(server + "/")
    sign_in(page, "coordinator@convene.example", "reports-coordinator")
    today = datetime.now(LA).date()
    periods = {
        "a-month": today - timedelta(days=30),
        "a-year": today - timedelta(days=365),
        "three-years": today - timedelta(days=3 * 365),
    }
    grains = {}
    for name, start in periods.items():
        page.goto(f"{server}/reports?start={start.isoformat()}&end={today.isoformat()}")
        charts = check_charts(page, name)
        grains[name] = page.locator("#chart-cases svg").get_attribute("data-grain")
        # The figures beside the chart: open the table; its numbers are the bars' numbers.
        page.click("#chart-cases summary")
        first_row = page.locator("#chart-cases tbody tr").first
        row_name = first_row.locator("th").inner_text()
        cells = first_row.locator("td").all_inner_texts()
        titles = page.locator("#chart-cases svg rect title").all_text_contents()
        assert f"{row_name}: {cells[0]} referred" in titles, (row_name, cells, titles[:3])
        assert charts[0]["rows"] >= 1
        shot(page, f"reports-{name}")
    assert grains == {"a-month": "month", "a-year": "month", "three-years": "quarter"}

    # On a phone the chart scrolls sideways; its words do not shrink.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{server}/reports?start={periods['a-year'].isoformat()}&end={today.isoformat()}")
    check_charts(page, "phone")
    shot(page, "reports-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    # A period whose last day is before its first is refused, in words, as typed.
    page.goto(server + "/reports")
    page.fill("#start", "2026-03-05")
    page.fill("#end", "2026-01-05")
    with page.expect_response(lambda r: "/reports?" in r.url) as answer:
        page.click("form[action='/reports'] button[type=submit]")
    assert answer.value.status == 422
    alert = page.locator("[role=alert]").inner_text()
    assert "Jan 5, 2026 is before From (Mar 5, 2026)" in alert, alert
    assert page.input_value("#start") == "2026-03-05"
    assert page.input_value("#end") == "2026-01-05"
    assert page.locator("#end[aria-invalid=true]").count() == 1
    assert page.locator("figure.chart").count() == 0
    # The refusal is a 422 on purpose; Chromium logs that status and nothing else may be logged.
    assert page.errors == [
        "Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"
    ]
    page.errors.clear()
    shot(page, "reports-refused")

    # What the coordinator sees: words, the period in the program's days, no codes.
    page.goto(server + "/reports")
    body = page.locator("main").inner_text()
    assert "Figures for" in body and "Pacific Time (Los Angeles)" in body
    for code in ("cases_completed", "service_hours", "time_zone", "_"):
        assert code not in body, code
