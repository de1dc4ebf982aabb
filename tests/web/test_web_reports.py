"""The reports page: each chart with a table of the same figures, words not codes, the period in
the program's days, and a refused period shown again as typed with a 422 in words."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session
from web_support import page, sign_in

from service.db import local_today
from service.models import Program
from service.programs import program_zone
from service.reports.scope import day_words

LA = ZoneInfo("America/Los_Angeles")

CODES = ("cases_completed", "cases_referred", "service_hours", "time_zone", "period_from", "njp")


def tables(html: str) -> dict[str, list[list[str]]]:
    """Each chart's figures table: its rows as [row name, value, value...]."""
    out = {}
    for cid, body in re.findall(
        r'<figure class="card chart" id="chart-(\w+)">(.*?)</figure>', html, re.S
    ):
        rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>", body, re.S)
        out[cid] = [[unescape(n), *re.findall(r"<td>(.*?)</td>", cells)] for n, cells in rows]
    return out


def bar_titles(html: str, chart: str) -> list[str]:
    body = re.search(rf'id="chart-{chart}">(.*?)</svg>', html, re.S).group(1)
    return [unescape(t) for t in re.findall(r"<rect[^>]*><title>(.*?)</title>", body)]


@pytest.fixture
def njp_coordinator(client, engine, world):
    sign_in(client, engine, "coordinator", [world.njp["id"]])
    return client


def test_each_chart_has_a_table_of_its_figures(njp_coordinator, world):
    world.case("REP-1")
    world.case("REP-2")
    html = page(njp_coordinator, f"/reports?program_id={world.njp['id']}")
    found = tables(html)
    assert set(found) == {"cases", "hours"}
    heads = re.findall(r"<caption>(.*?)</caption>", html)
    assert len(heads) == 2 and all("Time" in h for h in heads), heads
    assert html.count("<summary>Show the figures</summary>") == 2
    # A year: 13 months, the last one holding this month's two referrals.
    assert len(found["cases"]) == 13
    name, referred, heard, completed = found["cases"][-1]
    assert (referred, heard, completed) == ("2", "0", "0")
    # The same numbers as the chart's bars.
    titles = bar_titles(html, "cases")
    for row in found["cases"]:
        for value, word in zip(row[1:], ("referred", "heard", "completed"), strict=True):
            assert f"{row[0]}: {value} {word}" in titles
    for row in found["hours"]:
        assert f"{row[0]}: {row[1]} hours" in bar_titles(html, "hours")
    # The SVG names itself for screen readers.
    assert re.search(r'<svg role="img" aria-labelledby="cases-t cases-d"', html)
    assert '<desc id="cases-d">' in html


def test_the_page_speaks_words_and_the_programs_days(njp_coordinator, world, engine):
    # The program counts its days in New York, the service in Los Angeles.
    with Session(engine) as s:
        program = s.get(Program, world.njp["id"])
        program.timezone = "America/New_York"
        s.add(program)
        s.commit()
        today = local_today(program_zone(program))
    world.case("REP-3")
    # "All my programs" is this coordinator's one program: its days, its zone.
    for url in ("/reports", f"/reports?program_id={world.njp['id']}"):
        html = page(njp_coordinator, url)
        shown = re.sub(r"<[^>]+>", " ", html.split('<main id="main">', 1)[1])
        for code in CODES:
            assert code not in shown, code
        assert f'name="end" type="date" value="{today.isoformat()}"' in html
        assert "days in Eastern Time (New York)" in shown
        assert f"to {day_words(today)}" in shown


def test_long_periods_are_summed_by_quarter_and_year(njp_coordinator, world):
    end = local_today(LA)
    three = page(njp_coordinator, f"/reports?start={end - timedelta(days=3 * 365)}&end={end}")
    assert 'data-grain="quarter"' in three and "summed by quarter" in three
    assert re.search(r"<th scope=\"row\">Q\d 20\d\d \(\w{3} to \w{3}\)</th>", three)
    ten = page(njp_coordinator, f"/reports?start={end - timedelta(days=10 * 365)}&end={end}")
    years = end.year - (end - timedelta(days=10 * 365)).year + 1  # 10 or 11 calendar years
    assert 'data-grain="year"' in ten and len(tables(ten)["cases"]) == years


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ("start=2026-03-05&end=2026-01-05", "end", "To: Jan 5, 2026 is before From (Mar 5, 2026)"),
        ("start=2026-02-31&end=2026-03-05", "start", "From: “2026-02-31” is not a date"),
        ("start=1990-01-01&end=2026-01-01", "end", "a report covers at most 20 years"),
        ("program_id=abc&start=2026-01-01&end=2026-02-01", "program_id", "Program: “abc”"),
    ],
)
def test_a_refused_period_keeps_what_was_typed(njp_coordinator, world, query, field, words):
    html = page(njp_coordinator, f"/reports?{query}", status=422)
    assert words in unescape(html), html[html.find('role="alert"') :][:400]
    assert f'aria-describedby="{field}-error"' in html
    for name, value in re.findall(r"(start|end)=([^&]+)", query):
        assert f'name="{name}" type="date" value="{value}"' in html
    assert "chart-cases" not in html


def test_another_programs_report_is_refused_in_words(njp_coordinator, world):
    html = page(njp_coordinator, f"/reports?program_id={world.drp['id']}", status=403)
    assert "you do not work in this program" in html and "chart-cases" not in html
