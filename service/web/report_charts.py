"""The reports page's bar charts, laid out here as plain numbers for an SVG drawn 1:1.

Readable at any period length, by three rules:
- The SVG is drawn at its own size (width and height in CSS pixels equal the viewBox), so its
  text is FONT px as rendered whatever the page's width; a narrow screen scrolls the chart
  sideways instead of shrinking its words.
- A long period is summed by quarter or by year, so there are never more than about 20 groups
  of bars: a bar stays wide enough to see and a label has room. Months up to 13 (a year seen
  from any day of a month), quarters up to 20 (five years), years beyond.
- Labels are never rotated (slanted words are hard to read); when they still would not fit side
  by side, every second (third...) one is shown, always keeping the first. The year is written
  under the first label and wherever it changes.
Each chart also gives its figures as a table (`table`), so nobody depends on the picture.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import ceil, floor, log10

FONT = 13  # px, as rendered: the chart is never scaled
LINE = 18  # px between a label's two lines (month, then year)
GAP = 8  # px at least between two labels' boxes
MAX_WIDTH = 680  # px: fits the page's column on a tablet and a desktop
GROUP_MAX = 90  # px: a short period's few groups stay together
PLOT_HEIGHT = 160
TOP = 14
RIGHT = 16

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
GRAIN_WORDS = {"month": "Month", "quarter": "Quarter", "year": "Year"}


@dataclass
class Bucket:
    """One group of bars: a month, a quarter or a year, with its summed figures."""

    key: str
    short: str  # on the axis: "Jan", "Q1", "2025"
    year: str  # under the short label when the year changes ("" by year)
    name: str  # in the table and the bar's tooltip: "January 2025", "Q1 2025 (Jan to Mar)"
    values: dict[str, float] = field(default_factory=dict)


def grain_for(months: int) -> str:
    """Month, quarter or year: the largest number of groups that stays readable."""
    if months <= 13:
        return "month"
    if months <= 60:
        return "quarter"
    return "year"


def buckets(monthly: list, keys: list[str]) -> tuple[str, list[Bucket]]:
    """The monthly series summed by the grain its length calls for."""
    grain = grain_for(len(monthly))
    out: dict[str, Bucket] = {}
    for m in monthly:
        year, month = int(m.month[:4]), int(m.month[5:7])
        if grain == "month":
            b = Bucket(m.month, MONTHS[month - 1], str(year), f"{MONTH_NAMES[month - 1]} {year}")
        elif grain == "quarter":
            q = (month - 1) // 3
            first, last = MONTHS[3 * q], MONTHS[3 * q + 2]
            b = Bucket(f"{year}-Q{q + 1}", f"Q{q + 1}", str(year), f"Q{q + 1} {year}")
            b.name += f" ({first} to {last})"
        else:
            b = Bucket(str(year), str(year), "", str(year))
        b = out.setdefault(b.key, b)
        for k in keys:
            b.values[k] = b.values.get(k, 0) + getattr(m, k)
    return grain, list(out.values())


def text_width(text: str, font: int = FONT) -> float:
    """A generous width of a text in a sans-serif font (wide fonts such as DejaVu included)."""
    em = 0.0
    for c in text:
        if c in "MWmw":
            em += 0.95
        elif c.isupper():
            em += 0.8
        else:
            em += 0.66
    return em * font


def thin(centers: list[float], widths: list[float], gap: float = GAP) -> int:
    """The smallest step (1: every label, 2: every second...) at which no two shown labels'
    boxes come closer than `gap`."""
    n = len(centers)
    for step in range(1, n + 1):
        shown = list(range(0, n, step))
        if all(
            centers[a] + widths[a] / 2 + gap <= centers[b] - widths[b] / 2
            for a, b in zip(shown, shown[1:], strict=False)
        ):
            return step
    return n


def nice_ticks(peak: float) -> list[float]:
    """0 and a few round steps up to at least the peak (1, 2 or 5 times a power of ten)."""
    if peak <= 0:
        return [0, 1]
    raw = peak / 4
    power = 10 ** floor(log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(step, 1)
    return [i * step for i in range(ceil(peak / step - 1e-9) + 1)]


def number(value: float) -> str:
    """A figure as the table and the tooltips show it: whole numbers plain, else one decimal."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def describe(groups: list[Bucket], series: list[tuple[str, str, str]]) -> str:
    """The chart in a sentence: each series' highest bar, and where the figures are."""
    parts = []
    for key, label, _css in series:
        top = max(groups, key=lambda b: b.values[key], default=None)
        if top is None or not top.values[key]:
            parts.append(f"{label}: none")
        else:
            parts.append(f"{label}: highest {number(top.values[key])}, in {top.name}")
    return "; ".join(parts) + ". The figures are in the table after the chart."


def bar_chart(
    chart_id: str,
    title: str,
    monthly: list,
    series: list[tuple[str, str, str]],
    *,
    period: str,
) -> dict:
    """A grouped bar chart of `series` (key, words, css class) with its figures as a table."""
    keys = [k for k, _label, _css in series]
    grain, groups = buckets(monthly, keys)
    ticks = nice_ticks(max([b.values[k] for b in groups for k in keys] + [0]))
    top_value = ticks[-1]
    tick_text = [number(t) for t in ticks]
    left = max(text_width(t) for t in tick_text) + 12
    n = max(len(groups), 1)
    group = min(GROUP_MAX, (MAX_WIDTH - left - RIGHT) / n)
    width = round(left + group * n + RIGHT)
    bottom = TOP + PLOT_HEIGHT
    bar = min(24.0, group * 0.8 / len(series))
    bars = []
    for i, b in enumerate(groups):
        x0 = left + i * group + (group - bar * len(series)) / 2
        for j, (key, label, css) in enumerate(series):
            value = b.values[key]
            h = PLOT_HEIGHT * value / top_value
            bars.append(
                {
                    "x": round(x0 + j * bar, 1),
                    "y": round(bottom - h, 1),
                    "w": round(bar - 1, 1),
                    "h": round(h, 1),
                    "css": css,
                    "title": f"{b.name}: {number(value)} {label.lower()}",
                }
            )
    centers = [left + (i + 0.5) * group for i in range(len(groups))]
    widths = [max(text_width(b.short), text_width(b.year)) for b in groups]
    step = thin(centers, widths)
    labels, last_year = [], None
    for i in range(0, len(groups), step):
        b = groups[i]
        year = b.year if b.year != last_year else ""
        last_year = b.year
        labels.append({"x": round(centers[i], 1), "text": b.short, "year": year, "w": widths[i]})
    desc = f"Bars by {GRAIN_WORDS[grain].lower()}, {period}. " + describe(groups, series)
    return {
        "id": chart_id,
        "title": title,
        "desc": desc,
        "grain": grain,
        "width": width,
        "height": bottom + 8 + LINE * 2 + 4,
        "font": FONT,
        "left": round(left - 4, 1),
        "right": width - RIGHT,
        "bottom": bottom,
        "label_y": bottom + 8 + FONT,
        "year_y": bottom + 8 + FONT + LINE,
        "step": step,
        "ticks": [
            {"y": round(bottom - PLOT_HEIGHT * t / top_value, 1), "text": s}
            for t, s in zip(ticks, tick_text, strict=True)
        ],
        "bars": bars,
        "labels": labels,
        "legend": [(label, css) for _k, label, css in series],
        "table": {
            "caption": f"{title}, {period}",
            "head": [GRAIN_WORDS[grain], *(label for _k, label, _css in series)],
            "rows": [(b.name, [number(b.values[k]) for k in keys]) for b in groups],
        },
    }
