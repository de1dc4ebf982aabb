"""The reports page's chart layout: labels never overlap at any period length, text >= 11 px."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from service.reports.program_report import _months
from service.schemas.reports import MonthFigures
from service.web import report_charts as rc
from service.web.report_charts import bar_chart, buckets, nice_ticks, text_width, thin

END = date(2026, 12, 2)
SERIES = [("referred", "Referred", "c1"), ("held", "Heard", "c2"), ("completed", "Completed", "c3")]


def monthly(days: int) -> list[MonthFigures]:
    """A period of `days` days ending on END, with figures that vary from month to month."""
    months = _months(END - timedelta(days=days), END)
    return [
        MonthFigures(
            month=m, referred=i % 7 + 1, held=i % 5, completed=i % 3, service_hours=i * 2.5
        )
        for i, m in enumerate(months)
    ]


def boxes(chart: dict) -> list[tuple[float, float, float, float]]:
    """Every axis label's box (left, top, right, bottom), month and year lines alike."""
    out = []
    for label in chart["labels"]:
        for text, y in ((label["text"], chart["label_y"]), (label["year"], chart["year_y"])):
            if text:
                w = text_width(text)
                out.append((label["x"] - w / 2, y - chart["font"], label["x"] + w / 2, y + 4))
    return out


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize(
    ("days", "grain", "groups"),
    [(7, "month", 2), (91, "month", 4), (365, "month", 13), (3 * 365, "quarter", 13)],
)
def test_labels_never_overlap(days, grain, groups):
    chart = bar_chart("cases", "Cases", monthly(days), SERIES, period="the period")
    assert chart["grain"] == grain and len(chart["table"]["rows"]) == groups
    assert chart["font"] >= 11
    found = boxes(chart)
    assert found, "no label at all"
    for i, a in enumerate(found):
        assert a[0] >= 0 and a[2] <= chart["width"], ("label outside the chart", a)
        for b in found[i + 1 :]:
            assert not overlap(a, b), (a, b)
    # Thinning keeps as many labels as fit: a year's months and 3 years' quarters all show.
    assert len(chart["labels"]) == groups
    # Year lines appear under the first label and where the year changes, not under every one.
    years = [label["year"] for label in chart["labels"] if label["year"]]
    assert len(years) == len(set(years))


def test_twenty_years_are_summed_by_year_and_thinned():
    chart = bar_chart("hours", "Hours", monthly(20 * 365), SERIES[:1], period="p")
    assert chart["grain"] == "year" and len(chart["table"]["rows"]) == 21
    assert chart["step"] >= 1 and chart["width"] <= rc.MAX_WIDTH
    found = boxes(chart)
    assert all(not overlap(a, b) for i, a in enumerate(found) for b in found[i + 1 :])
    assert chart["labels"][0]["text"] == "2006"


def test_thinning_steps_until_labels_fit():
    # Labels 40 px wide, centres 30 px apart: every second one leaves a 20 px gap (>= 8).
    assert thin([30.0 * i for i in range(10)], [40.0] * 10) == 2
    assert thin([60.0 * i for i in range(10)], [40.0] * 10) == 1
    assert thin([10.0 * i for i in range(10)], [40.0] * 10) == 5


def test_quarters_and_years_sum_the_months():
    months = monthly(3 * 365)
    grain, groups = buckets(months, ["referred"])
    assert grain == "quarter"
    assert sum(b.values["referred"] for b in groups) == sum(m.referred for m in months)
    assert groups[0].name == "Q4 2023 (Oct to Dec)" and groups[1].short == "Q1"


def test_ticks_are_round_and_cover_the_peak():
    assert nice_ticks(0) == [0, 1]
    assert nice_ticks(3) == [0, 1, 2, 3]
    assert nice_ticks(37)[-1] >= 37 and nice_ticks(37)[1] == 10
    assert nice_ticks(123.5) == [0, 50, 100, 150]


def test_the_table_has_the_chart_figures():
    chart = bar_chart("cases", "Cases", monthly(365), SERIES, period="p")
    titles = [b["title"] for b in chart["bars"]]
    for name, values in chart["table"]["rows"]:
        for (_k, label, _c), value in zip(SERIES, values, strict=True):
            assert f"{name}: {value} {label.lower()}" in titles


def test_the_description_names_each_series_highest_bar():
    months = monthly(365)
    chart = bar_chart("cases", "Cases", months, SERIES, period="Dec 2, 2025 to Dec 2, 2026")
    assert chart["desc"].startswith(
        "Bars by month, Dec 2, 2025 to Dec 2, 2026. Referred: highest 7"
    )
    empty = [MonthFigures(month="2026-12")]
    assert (
        "Hours: none"
        in bar_chart("h", "H", empty, [("service_hours", "Hours", "c2")], period="p")["desc"]
    )
