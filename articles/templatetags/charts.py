"""A server-rendered bar chart of published articles per year (or per month of the chosen year).

The chart reads only the facet counts the list view has already computed
(``facets["year"]`` and, when a year is chosen, ``facets["month"]``), so it
costs no query. ``bar_chart`` is the geometry, a pure function of the counts;
``articles_chart`` turns the facets into points and hands the geometry to
``articles/_chart.html``, which draws it as inline SVG.
"""

import math
from dataclasses import dataclass, replace

from django import template

from articles.facets import MONTH_NAMES

register = template.Library()

MAX_FILLED_YEARS = 40  # empty years between the first and last are drawn as zero bars up to this span
CHAR_WIDTH = 7  # rough width of one character of the 12-unit chart font, in viewBox units


@dataclass(frozen=True)
class Point:
    label: str  # "2024", "March"
    count: int
    url: str = ""  # the facet's toggle URL; empty when there is nothing to link to
    selected: bool = False
    short_label: str = ""  # under the bar; the full label when empty


@dataclass(frozen=True)
class Bar:
    label: str
    short_label: str
    count: int
    url: str
    selected: bool
    x: float  # the bar itself
    y: float
    width: float
    height: float
    slot_x: float  # the whole column, the link's target area
    slot_width: float
    center: float
    show_label: bool  # room for the axis label under this bar (labels are thinned when bars are narrow)
    show_count: bool  # room for the count above the bar

    @property
    def text(self):  # the bar's <title>: its tooltip, and its link's name
        return f"{self.label}: {_plural(self.count) if self.count else 'no articles'}"

    @property
    def count_y(self):
        return round(self.y - 3, 1)


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: float  # the plot area
    right: float
    top: float
    bottom: float
    bars: list
    ticks: list
    title: str = ""
    description: str = ""
    period: str = ""  # "Year" or "Month": the table's first column
    estimated: bool = False  # the counts are estimated from a sample
    note: str = ""  # what the bars leave out of the list's count (undated articles)

    @property
    def counted(self):
        return sum(bar.count for bar in self.bars)

    @property
    def caption(self):  # the chart's visible title, saying what it counts
        estimated = " (estimated from a sample)" if self.estimated else ""
        return f"{self.title}{estimated}{': ' if self.note else ''}{self.note}"

    @property
    def label_y(self):  # baseline of the labels under the bars
        return self.bottom + 14

    @property
    def tick_label_x(self):
        return round(self.left - 6, 1)

    @property
    def title_y(self):  # baseline of the x-axis title
        return self.height - 4

    @property
    def hit_height(self):  # a bar's link covers its whole column, label included
        return self.label_y + 4 - self.top


def nice_step(maximum, max_ticks=4):
    """The smallest 1, 2 or 5 × 10ⁿ step (at least 1) giving at most ``max_ticks`` steps up to ``maximum``."""
    wanted = max(1, math.ceil(maximum / max_ticks))
    magnitude = 1
    while True:
        for multiple in (1, 2, 5):
            if multiple * magnitude >= wanted:
                return multiple * magnitude
        magnitude *= 10


def bar_chart(points, width=360, height=180, min_bars=2):
    """The geometry of a bar chart of ``points`` in a ``width`` × ``height`` viewBox, or None.

    None when fewer than ``min_bars`` points have any articles: one bar says
    nothing the count above the list does not. Bars are proportional to their
    count on an axis rounded up to a 1/2/5 step; a non-empty bar is always at
    least 2 units tall so that it can be seen and clicked. Axis labels are
    thinned (keeping the last, most recent one) when the bars are too narrow
    for all of them.
    """
    points = list(points)
    if sum(1 for p in points if p.count > 0) < min_bars:
        return None
    step = nice_step(max(p.count for p in points))
    top_value = math.ceil(max(p.count for p in points) / step) * step
    ticks_values = list(range(0, top_value + 1, step))

    left = round(max(24, len(str(top_value)) * CHAR_WIDTH + 10), 1)
    right, top, bottom = width - 8, 30, height - 34
    plot_height = bottom - top
    slot = (right - left) / len(points)
    bar_width = max(1.0, slot * 0.72)
    widest_label = max(len(p.short_label or p.label) for p in points) * CHAR_WIDTH + 6
    label_every = max(1, math.ceil(widest_label / slot))

    bars = []
    for i, p in enumerate(points):
        height_here = p.count / top_value * plot_height if p.count else 0
        if p.count:
            height_here = max(height_here, 2)
        slot_x = left + i * slot
        bars.append(
            Bar(
                label=p.label,
                short_label=p.short_label or p.label,
                count=p.count,
                url=p.url if p.count else "",
                selected=p.selected,
                x=round(slot_x + (slot - bar_width) / 2, 1),
                y=round(bottom - height_here, 1),
                width=round(bar_width, 1),
                height=round(height_here, 1),
                slot_x=round(slot_x, 1),
                slot_width=round(slot, 1),
                center=round(slot_x + slot / 2, 1),
                show_label=(len(points) - 1 - i) % label_every == 0,
                show_count=p.count > 0 and len(str(p.count)) * CHAR_WIDTH + 2 <= slot,
            )
        )
    ticks = [Tick(value, round(bottom - value / top_value * plot_height, 1)) for value in ticks_values]
    return Chart(width=width, height=height, left=left, right=right, top=top, bottom=bottom, bars=bars, ticks=ticks)


def year_points(facet):
    """One point per year, oldest first, empty years in between filled with zero (when the span is short)."""
    values = sorted(facet.values, key=lambda v: int(v.value))
    by_year = {int(v.value): v for v in values}
    if not by_year:
        return []
    first, last = min(by_year), max(by_year)
    years = range(first, last + 1) if last - first < MAX_FILLED_YEARS else sorted(by_year)
    points = []
    for year in years:
        value = by_year.get(year)
        if value:
            points.append(Point(value.label, value.count, value.url, value.selected))
        else:
            points.append(Point(str(year), 0))
    return points


def month_points(facet):
    """Twelve points, January to December, months without articles as zero."""
    by_month = {int(v.value): v for v in facet.values}
    points = []
    for number, name in enumerate(MONTH_NAMES, start=1):
        value = by_month.get(number)
        count, url, selected = (value.count, value.url, value.selected) if value else (0, "", False)
        points.append(Point(name, count, url, selected, short_label=name[:3]))
    return points


def _plural(count):
    return f"{count} article{'' if count == 1 else 's'}"


def describe(chart, period, year=None):
    """The text summary of the chart, for its <desc>: the total, the span and the busiest bars."""
    bars, total = chart.bars, chart.counted
    most = max(bar.count for bar in bars)
    busiest = [bar.label + (f" {year}" if year else "") for bar in bars if bar.count == most]
    span = f"in {year}" if year else f"from {bars[0].label} to {bars[-1].label}"
    if len(busiest) == 1:
        peak = f"The most were in {busiest[0]} ({_plural(most)})."
    elif len(busiest) <= 3:
        peak = f"The most were in {', '.join(busiest[:-1])} and {busiest[-1]} ({_plural(most)} each)."
    else:
        peak = f"At most {_plural(most)} in any {period}."
    return f"Bar chart of {_plural(total)} published {span}, by {period}. {peak} The same figures follow in a table."


def undated_note(chart, total, estimated):
    """What a chart per year leaves out of the list's ``total``: the articles without a date of publication.

    The bars count dated articles only, while the list above them counts every one. An estimated
    count cannot be split exactly, so it gets the rule rather than the numbers.
    """
    if estimated:
        return "articles without a date are not counted"
    if total is None or chart.counted >= total:
        return ""
    return f"{chart.counted:,} of the {total:,} articles {'has' if chart.counted == 1 else 'have'} a date"


@register.simple_tag
def articles_chart(facets, total=None, total_estimated=False):
    """The chart for the list's facets: per month when a year is chosen, else per year; None to draw nothing.

    ``total``, the number of articles the list says it holds, lets the chart per year say how many
    of them it leaves out for want of a date. (Per month, a year is chosen: every article has a date.)
    """
    if not facets:
        return None
    year_facet, month_facet = facets.get("year"), facets.get("month")
    selected_year = next((v.label for v in year_facet.values if v.selected), None) if year_facet else None
    if month_facet is not None and selected_year:
        chart = bar_chart(month_points(month_facet))
        if chart:
            title = f"Published articles per month in {selected_year}"
            description = describe(chart, "month", selected_year)
            return replace(chart, title=title, description=description, period="Month", estimated=month_facet.estimated)
        return None
    if year_facet is None or selected_year:
        return None
    chart = bar_chart(year_points(year_facet))
    if chart:
        estimated = year_facet.estimated
        note = undated_note(chart, total, total_estimated or estimated)
        title, description = "Published articles per year", describe(chart, "year")
        return replace(chart, title=title, description=description, period="Year", estimated=estimated, note=note)
    return None
