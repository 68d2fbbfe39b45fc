"""Charts for the reports, written directly as SVG (no plotting library, no figure per chart).

Every chart is sized for the A4 text width (180 mm ≈ 7 in) at the size it prints, so its 8-point
labels print at 8 points. Status is shown by colour and again by hatch, marker shape or a ✓/✗
mark, so a chart stays readable printed in black and white. Each chart is returned as an HTML
``<figure>`` with an inline SVG image (vector: sharp on a phone and in print; the PDF shows the
very same drawing, Typst reading the same SVG), alt text that says what the chart shows, and a
caption. Labels are SVG text in DejaVu Sans (the font the PDF is typeset with), so they can be
searched and copied. Text from the data is written as text, XML-escaped, never read as markup or
mathematics. A chart asked for again with the same inputs in the same process is not drawn
again.

This module does not use matplotlib: the analyst's own cells use it as they like (their figures
reach the report as images), and nothing here changes its state.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import math
import pickle
import re
import textwrap
from datetime import date
from html import escape

import numpy as np
import pandas as pd

from .. import progress
from ..compute import BEHIND, MET, NO_TARGET, NOT_DUE, NOT_MET, ON_TRACK, RESTATES, shortfall
from ..formatting import (
    format_comparison,
    format_number,
    format_percent,
    format_points,
    qualifier_sign,
)
from ..frames import rows
from ..i18n import label
from ..safe_text import plain

PAGE_WIDTH = 7.0  # inches: the A4 text width between 15 mm margins
PT = 72.0  # the drawing's unit is the point: 1 in = 72 pt
CACHE_SIZE = 256  # charts kept per process, by their inputs
# seaborn's "colorblind" palette
_PALETTE = ["#0173b2", "#de8f05", "#029e73", "#d55e00", "#cc78bc", "#ca9161", "#fbafe4", "#949494"]
STATUS_STYLE = {
    MET: {"color": _PALETTE[2], "hatch": "", "mark": "✓"},
    NOT_MET: {"color": _PALETTE[3], "hatch": "///", "mark": "✗"},
    NOT_DUE: {"color": _PALETTE[0], "hatch": "\\\\", "mark": "○"},
    ON_TRACK: {"color": _PALETTE[0], "hatch": "", "mark": "↗"},
    BEHIND: {"color": _PALETTE[1], "hatch": "xx", "mark": "↘"},
    RESTATES: {"color": "#d9d9d9", "hatch": "--", "mark": "="},
    NO_TARGET: {"color": "#b0b0b0", "hatch": "..", "mark": ""},
}
PROGRESS_STYLE = {
    progress.TARGET_ACHIEVED: {"color": _PALETTE[2], "marker": "*"},
    progress.ON_TRACK: {"color": _PALETTE[0], "marker": "^"},
    progress.ACCELERATION_NEEDED: {"color": _PALETTE[1], "marker": "D"},
    progress.LIMITED_PROGRESS: {"color": _PALETTE[4], "marker": "s"},
    progress.DETERIORATION: {"color": _PALETTE[3], "marker": "v"},
    progress.NO_TARGET: {"color": "#707070", "marker": "o"},
}
# ColorBrewer's red–blue diverging scale (matplotlib's and seaborn's "RdBu"), red for below target
_RDBU = [
    "#67001f",
    "#b2182b",
    "#d6604d",
    "#f4a582",
    "#fddbc7",
    "#f7f7f7",
    "#d1e5f0",
    "#92c5de",
    "#4393c3",
    "#2166ac",
    "#053061",
]
FONT = "DejaVu Sans"
FONT_SIZE = 8.0
_LINE = 0.15  # inches per line of an 8-point label
# characters XML does not allow, even escaped: a name holding one must not break the drawing
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _wrap(text: str, width: int) -> str:
    text = plain(text)  # no bidi control reorders a name
    return "\n".join(textwrap.wrap(text, width)) or text


def _cached(draw):
    """Draw a chart once per process for the same inputs (tables, language, caption)."""
    cache: dict[str, str] = {}

    @functools.wraps(draw)
    def cached(*args, **kwargs):
        try:
            key = hashlib.sha1(pickle.dumps((args, sorted(kwargs.items())), protocol=5)).hexdigest()
        except Exception:  # noqa: BLE001 - inputs that cannot be pickled are simply drawn
            return draw(*args, **kwargs)
        if key not in cache:
            if len(cache) >= CACHE_SIZE:
                cache.pop(next(iter(cache)))
            cache[key] = draw(*args, **kwargs)
        return cache[key]

    cached.cache = cache
    return cached


# -- measuring text ------------------------------------------------------------------------------

_ADVANCE: dict[str, float] = {}  # the width of each character, in ems of DejaVu Sans
_FONT: list = []


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """The width in points of one line of ``text`` set in DejaVu Sans at ``size`` points."""
    missing = set(text) - _ADVANCE.keys()
    if missing:
        if not _FONT:
            from matplotlib import get_data_path  # the font file only: nothing is drawn with it
            from matplotlib.ft2font import FT2Font

            font = FT2Font(f"{get_data_path()}/fonts/ttf/DejaVuSans.ttf")
            font.set_size(1000, 72)
            _FONT.append(font)
        font = _FONT[0]
        for char in missing:
            if font.get_char_index(ord(char)):
                _ADVANCE[char] = font.load_char(ord(char)).linearHoriAdvance / 65536 / 1000
            else:
                _ADVANCE[char] = 0.6  # drawn by a fallback font: about an average letter
    return sum(_ADVANCE[c] for c in text) * size


# -- drawing -------------------------------------------------------------------------------------


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _clean(text: str) -> str:
    return escape(_NOT_XML.sub("", plain(str(text))), quote=True)


# hatches as SVG patterns: the same idea as matplotlib's "///", "\\\\", "xx", "--" and ".."
_HATCHES = {
    "///": '<path d="M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2" stroke="#000" stroke-width="0.6"/>',
    "\\\\": '<path d="M-1,5 l2,2 M0,0 l6,6 M5,-1 l2,2" stroke="#000" stroke-width="0.6"/>',
    "xx": '<path d="M0,0 l6,6 M0,6 l6,-6" stroke="#000" stroke-width="0.6"/>',
    "--": '<path d="M0,3 h6" stroke="#000" stroke-width="0.6"/>',
    "..": '<circle cx="1.5" cy="1.5" r="0.7" fill="#000"/><circle cx="4.5" cy="4.5" r="0.7" fill="#000"/>',
}


class _Svg:
    """An SVG drawing in points, built as a list of elements."""

    def __init__(self, width_in: float, height_in: float):
        self.width, self.height = width_in * PT, height_in * PT
        self.parts: list[str] = []
        self.hatches: list[str] = []

    def rect(self, x, y, w, h, fill="none", stroke=None, width=0.6, hatch="") -> None:
        if w < 0:
            x, w = x + w, -w
        box = f'x="{_number(x)}" y="{_number(y)}" width="{_number(w)}" height="{_number(h)}"'
        line = f' stroke="{stroke}" stroke-width="{_number(width)}"' if stroke else ""
        self.parts.append(f'<rect {box} fill="{fill}"{line if not hatch else ""}/>')
        if hatch:
            if hatch not in self.hatches:
                self.hatches.append(hatch)
            pattern = f"h{self.hatches.index(hatch)}"
            self.parts.append(f'<rect {box} fill="url(#{pattern})"{line}/>')

    def line(self, x1, y1, x2, y2, stroke="#000", width=0.8, dash="", cap="butt") -> None:
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(
            f'<line x1="{_number(x1)}" y1="{_number(y1)}" x2="{_number(x2)}" y2="{_number(y2)}" '
            f'stroke="{stroke}" stroke-width="{_number(width)}" stroke-linecap="{cap}"{dashes}/>'
        )

    def polyline(self, points, stroke="#000", width=1.2) -> None:
        shown = " ".join(f"{_number(x)},{_number(y)}" for x, y in points)
        self.parts.append(
            f'<polyline points="{shown}" fill="none" stroke="{stroke}" stroke-width="{_number(width)}" '
            'stroke-linejoin="round"/>'
        )

    def text(self, x, y, text, anchor="start", size=FONT_SIZE, fill="#000", rotate=False) -> None:
        """One line of text whose middle is at height ``y``; ``anchor`` is start, middle or end."""
        baseline = y + 0.36 * size
        turn = f' transform="rotate(-90 {_number(x)} {_number(y)})"' if rotate else ""
        self.parts.append(
            f'<text x="{_number(x)}" y="{_number(baseline)}" text-anchor="{anchor}" '
            f'font-size="{_number(size)}" fill="{fill}"{turn}>{_clean(text)}</text>'
        )

    def lines(self, x, y, text, anchor="end", size=FONT_SIZE) -> None:
        """Wrapped text (lines split at ``\\n``) centred on height ``y``."""
        rows = text.split("\n")
        first = y - (len(rows) - 1) * 1.2 * size / 2
        for n, row in enumerate(rows):
            self.text(x, first + n * 1.2 * size, row, anchor=anchor, size=size)

    def marker(self, x, y, shape: str, size: float, fill="#000", edge="#000", width=0.8) -> None:
        """A marker ``size`` points across: o ^ v D s * |, or a caret < > pointing away from the point."""
        r = size / 2
        style = f'fill="{fill}" stroke="{edge}" stroke-width="{_number(width)}"'
        if shape == "o":
            self.parts.append(f'<circle cx="{_number(x)}" cy="{_number(y)}" r="{_number(r)}" {style}/>')
            return
        if shape == "|":
            self.line(x, y - r, x, y + r, stroke=edge, width=1.0)
            return
        if shape == "*":
            points = [
                (x + (r if k % 2 == 0 else r * 0.4) * math.sin(k * math.pi / 5),
                 y - (r if k % 2 == 0 else r * 0.4) * math.cos(k * math.pi / 5))
                for k in range(10)
            ]  # fmt: skip
        else:
            points = {
                "^": [(x, y - r), (x + r, y + r), (x - r, y + r)],
                "v": [(x, y + r), (x + r, y - r), (x - r, y - r)],
                "D": [(x, y - r), (x + r * 0.75, y), (x, y + r), (x - r * 0.75, y)],
                "s": [(x - r * 0.85, y - r * 0.85), (x + r * 0.85, y - r * 0.85), (x + r * 0.85, y + r * 0.85),
                      (x - r * 0.85, y + r * 0.85)],
                # carets stand on the point and point away from it
                "<": [(x - 1.5 * r, y), (x, y - r), (x, y + r)],
                ">": [(x + 1.5 * r, y), (x, y - r), (x, y + r)],
            }[shape]  # fmt: skip
        shown = " ".join(f"{_number(px)},{_number(py)}" for px, py in points)
        self.parts.append(f'<polygon points="{shown}" {style}/>')

    def svg(self) -> str:
        defs = "".join(
            f'<pattern id="h{n}" patternUnits="userSpaceOnUse" width="6" height="6">{_HATCHES[hatch]}</pattern>'
            for n, hatch in enumerate(self.hatches)
        )
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{_number(self.width)}pt" '
            f'height="{_number(self.height)}pt" viewBox="0 0 {_number(self.width)} {_number(self.height)}" '
            f'font-family="{FONT}, Verdana, sans-serif" font-size="{_number(FONT_SIZE)}">'
            + (f"<defs>{defs}</defs>" if defs else "")
            + "".join(self.parts)
            + "</svg>"
        )

    def html(self, alt: str, caption: str) -> str:
        data = base64.b64encode(self.svg().encode("utf-8")).decode("ascii")
        return (
            f'<figure class="chart"><img src="data:image/svg+xml;base64,{data}" alt="{escape(alt)}" '
            f'style="aspect-ratio: {self.width / PT:.2f} / {self.height / PT:.2f}">'
            f"<figcaption>{escape(caption)}</figcaption></figure>"
        )


def _legend(svg: _Svg, items: list[tuple[str, dict, str]], top: float, columns: int) -> None:
    """Legend entries in rows of ``columns``, centred, the first row's middle at ``top`` (pt).

    Each item is (kind, style, text): kind "patch" (colour and hatch), "line" (the target mark)
    or "marker" (a progress status's marker).
    """
    size, handle, pad, gap = FONT_SIZE, 1.6 * FONT_SIZE, 0.8 * FONT_SIZE, 2.0 * FONT_SIZE
    for start in range(0, len(items), columns):
        row = items[start : start + columns]
        widths = [handle + pad + text_width(text, size) for _, _, text in row]
        x = (svg.width - sum(widths) - gap * (len(row) - 1)) / 2
        y = top + (start // columns) * 0.18 * PT
        for (kind, style, text), width in zip(row, widths):
            _handle(svg, kind, style, x, y, handle)
            svg.text(x + handle + pad, y, text)
            x += width + gap


def _handle(svg: _Svg, kind: str, style: dict, x: float, y: float, length: float) -> None:
    if kind == "patch":
        svg.rect(
            x, y - 0.35 * FONT_SIZE, length, 0.7 * FONT_SIZE, fill=style["color"], stroke="#000", hatch=style["hatch"]
        )
    elif kind == "line":
        svg.line(x, y, x + length, y, width=2.2)
    else:
        svg.marker(x + length / 2, y, style["marker"], 6, fill=style["color"])


def _status_items(statuses, lang: str) -> list[tuple[str, dict, str]]:
    present = set(statuses)
    return [
        ("patch", STATUS_STYLE[s], f"{STATUS_STYLE[s]['mark']} {label(s, lang)}".strip())
        for s in STATUS_STYLE
        if s in present
    ]


def _legend_rows(statuses, extra: int = 1) -> int:
    return -(-(len(set(statuses)) + extra) // 4)


def _rows_layout(names: list[str], width: int) -> tuple[list[str], list[float], list[float]]:
    """Wrapped names, the height of each row and the centre of each row, in inches from the top."""
    wrapped = [_wrap(name, width) for name in names]
    heights = [max(0.3, _LINE * (text.count("\n") + 1) + 0.12) for text in wrapped]
    centres = list(np.cumsum(heights) - np.array(heights) / 2)
    return wrapped, heights, centres


def nice_ticks(low: float, high: float, most: int = 9) -> list[float]:
    """Round tick values covering [low, high]: steps of 1, 2, 2.5 or 5 times a power of ten."""
    span = high - low
    if not span > 0:
        return [low]
    for power in range(math.floor(math.log10(span / most)) - 1, 20):
        for step in (1, 2, 2.5, 5):
            step *= 10.0**power
            if span / step <= most - 1:
                first = math.ceil(low / step - 1e-9)
                return [round(k * step, 10) for k in range(first, math.floor(high / step + 1e-9) + 1)]
    return [low, high]


class _Axis:
    """A linear scale from data values to points."""

    def __init__(self, low: float, high: float, start: float, end: float):
        self.low, self.high, self.start, self.end = low, high, start, end

    def __call__(self, value: float) -> float:
        return self.start + (value - self.low) / (self.high - self.low) * (self.end - self.start)


def _x_axis(svg: _Svg, axis: _Axis, y: float, ticks, text, title: str) -> None:
    """A horizontal axis line at height ``y`` with ticks below it, their labels and a title."""
    svg.line(axis.start, y, axis.end, y)
    for tick in ticks:
        x = axis(tick)
        svg.line(x, y, x, y + 3.5)
        svg.text(x, y + 3.5 + 2 + 0.5 * FONT_SIZE, text(tick), anchor="middle")
    svg.text((axis.start + axis.end) / 2, y + 3.5 + 4 + 1.7 * FONT_SIZE, title, anchor="middle")


# -- the charts ----------------------------------------------------------------------------------


@_cached
def bullet_chart(table: pd.DataFrame, lang: str, caption: str) -> str:
    """One bullet per rate: a grey 0–100 band, the result bar and the target mark.

    ``table`` holds percent indicators with ``result``, ``status``, ``qualifier`` and the
    target columns; rows are drawn top to bottom in the table's order.
    """
    names, heights, centres = _rows_layout(list(table[f"name_{lang}"]), 44)
    top, bottom = 0.24 + 0.18 * _legend_rows(table["status"]), 0.42
    svg = _Svg(PAGE_WIDTH, top + bottom + sum(heights))
    axis = _Axis(0, 100, 3.05 * PT, (PAGE_WIDTH - 0.95) * PT)
    y0 = top * PT
    records = rows(table)
    for name, centre, height, row in zip(names, centres, heights, records):
        style = STATUS_STYLE[row["status"]]
        y = y0 + centre * PT
        bar = min(0.34, height * 0.62)
        band = (bar + 0.1) * PT
        svg.rect(axis(0), y - band / 2, axis(100) - axis(0), band, fill="#ececec")
        if row["qualifier"] in ("<", "<="):
            # "below 100%" is not a length: only the bound is drawn, pointing down from it
            svg.marker(axis(row["result"]), y, "<", 6, fill=style["color"])
        else:
            thick = bar * 0.6 * PT
            svg.rect(
                axis(0),
                y - thick / 2,
                axis(row["result"]) - axis(0),
                thick,
                style["color"],
                "#000",
                hatch=style["hatch"],
            )
            if row["qualifier"] in (">", ">="):  # at least this long: an open end
                svg.marker(axis(row["result"]), y, ">", 5)
        if pd.notna(row["target_value"]):
            reach = (bar / 2 + 0.03) * PT
            svg.line(axis(row["target_value"]), y - reach, axis(row["target_value"]), y + reach, width=2.2)
        value = qualifier_sign(row["qualifier"]) + format_percent(row["result"], lang)
        svg.text(axis(101.5), y, f"{value} {style['mark']}".strip())
        svg.lines(axis.start - 3.5, y, name)
    _x_axis(
        svg,
        axis,
        y0 + sum(heights) * PT,
        range(0, 101, 20),
        lambda v: format_number(v, lang),
        label("percent_axis", lang),
    )
    items = [*_status_items(table["status"], lang), ("line", {}, label("target_mark", lang))]
    _legend(svg, items, 0.12 * PT, 4)
    alt = "; ".join(
        f"{row[f'name_{lang}']}: {qualifier_sign(row['qualifier'])}{format_percent(row['result'], lang)}"
        + (
            f" / {label('target', lang)} "
            f"{format_comparison(row['target_comparison'], row['target_value'], 'percent', lang)}"
            if pd.notna(row["target_value"])
            else ""
        )
        + f" ({label(row['status'], lang)})"
        for row in records
    )
    return svg.html(alt, caption)


@_cached
def gap_chart(table: pd.DataFrame, lang: str, caption: str) -> str:
    """Gap to target in points, the largest shortfall at the top.

    ``table`` holds rates with targets and the indicators' ``direction``.
    """
    ordered = table.assign(_shortfall=shortfall(table)).sort_values("_shortfall", ascending=False)
    names, heights, centres = _rows_layout(list(ordered[f"name_{lang}"]), 44)
    top, bottom = 0.24 + 0.18 * -(-len(set(ordered["status"])) // 2), 0.42  # the legend: 2 statuses a row
    span = max(5.0, float(ordered["gap"].abs().max()) * 1.1)
    svg = _Svg(PAGE_WIDTH, top + bottom + sum(heights))
    axis = _Axis(-span, span, 3.05 * PT, (PAGE_WIDTH - 0.2) * PT)
    y0 = top * PT
    records = rows(ordered)
    for name, centre, height, row in zip(names, centres, heights, records):
        style = STATUS_STYLE[row["status"]]
        y = y0 + centre * PT
        thick = min(0.22, height * 0.5) * PT
        svg.rect(
            axis(0), y - thick / 2, axis(row["gap"]) - axis(0), thick, style["color"], "#000", hatch=style["hatch"]
        )
        # the value sits across the zero line from its bar, where it never meets the bar,
        # another label or the axis labels, however long the bar is
        text = f"{qualifier_sign(row['qualifier'])}{format_points(row['gap'], lang)} {style['mark']}"
        negative = row["gap"] < 0
        svg.text(axis(span * 0.015 if negative else -span * 0.015), y, text, anchor="start" if negative else "end")
        svg.lines(axis.start - 3.5, y, name)
    svg.line(axis(0), y0, axis(0), y0 + sum(heights) * PT)
    _x_axis(
        svg,
        axis,
        y0 + sum(heights) * PT,
        nice_ticks(-span, span),
        lambda v: format_number(v, lang),
        label("gap_axis", lang),
    )
    _legend(svg, _status_items(ordered["status"], lang), 0.15 * PT, 2)
    alt = "; ".join(
        f"{row[f'name_{lang}']}: {qualifier_sign(row['qualifier'])}{format_points(row['gap'], lang)}"
        f" {label('points', lang)}"
        f" ({label(row['status'], lang)})"
        for row in records
    )
    return svg.html(alt, caption)


def _days(day) -> float:
    return pd.Timestamp(day).toordinal()


@_cached
def trend_chart(points: pd.DataFrame, row: pd.Series, lang: str, caption: str) -> str:
    """One series over time with its target line up to the target's year.

    ``points`` holds the series' figures (``period_end``, ``result``); ``row`` is the series'
    line of :func:`helpers.progress.locality_progress`, with ``unit`` and ``name_<lang>``.
    """
    unit = row["unit"]
    style = PROGRESS_STYLE[row["status"]]
    shown = format_percent if unit == "percent" else format_number
    has_target = pd.notna(row["target_value"])
    ends = [pd.Timestamp(end) for end in points["period_end"]]
    results = [float(value) for value in points["result"]]
    right = ends[-1]
    target_text = ""
    if has_target:
        deadline = pd.Timestamp(progress.target_deadline(row["target_year"]))
        right = max(right, deadline)
        target_text = label(
            "target_by",
            lang,
            year=int(row["target_year"]),
            target=format_comparison(row["target_comparison"], row["target_value"], unit, lang),
        )
    values = results + ([float(row["target_value"])] if has_target else [])
    low, high = min(values), max(values)
    pad = max((high - low) * 0.25, 1.0)
    ceiling = 100 if unit == "percent" else None
    bottom_value, top_value = max(0, low - pad), (min(ceiling, high + pad) if ceiling else high + pad)
    if unit == "percent" and high + pad > 100:
        top_value = 105
    svg = _Svg(PAGE_WIDTH, 2.4)
    first_year, last_year = ends[0].year, right.year
    x = _Axis(_days(date(first_year, 1, 1)), _days(date(last_year, 12, 31)), 0.75 * PT, (PAGE_WIDTH - 2.1) * PT)
    y = _Axis(bottom_value, top_value, (2.4 - 0.45) * PT, 0.4 * PT)
    ticks = nice_ticks(bottom_value, top_value, 7)
    for tick in ticks:  # the grid behind, the value axis on the left
        svg.line(x.start, y(tick), x.end, y(tick), stroke="#dddddd", width=0.6)
        svg.line(x.start - 3.5, y(tick), x.start, y(tick))
        svg.text(x.start - 5.5, y(tick), format_number(tick, lang), anchor="end")
    svg.line(x.start, y.start, x.start, y.end)
    svg.line(x.start, y.start, x.end, y.start)
    title = label("percent_axis", lang) if unit == "percent" else label("value", lang)
    widest = max(text_width(format_number(tick, lang)) for tick in ticks)
    svg.text(x.start - 5.5 - widest - 8, (y.start + y.end) / 2, title, anchor="middle", rotate=True)
    # ticks mark the turn of each year and the year's number sits in the middle of its span, so a
    # figure at the end of 2022 reads as 2022, not as the 2023 tick beside it
    for year in range(first_year, last_year + 2):
        turn = x(_days(date(year, 1, 1)))
        if year <= last_year + 1 and turn <= x.end + 1:
            svg.line(turn, y.start, turn, y.start + 3.5)
        if year <= last_year:
            svg.text(x(_days(date(year, 7, 1))), y.start + 5 + 0.5 * FONT_SIZE, str(year), anchor="middle")
    if has_target:
        level = y(float(row["target_value"]))
        svg.line(x(_days(ends[0])), level, x(_days(deadline)), level, width=1, dash="3.7,1.6")
        svg.marker(x(_days(deadline)), level, "|", 14)
        svg.text(x(_days(deadline)) + 8, level, target_text, size=7.5)
    where = [(x(_days(end)), y(value)) for end, value in zip(ends, results)]
    svg.polyline(where)
    for px, py in where[:-1]:
        svg.marker(px, py, "o", 5.3, fill="#fff")
    svg.marker(*where[-1], style["marker"], 8.4, fill=style["color"])
    for (px, py), value in zip(where, results):
        svg.text(px, py - 7 - 0.36 * 7.5, shown(value, lang), anchor="middle", size=7.5)
    status_text = label(f"progress.{row['status']}", lang)
    legend_text = text_width(status_text)
    svg.marker(
        svg.width - legend_text - 0.8 * FONT_SIZE - 0.8 * FONT_SIZE, 0.12 * PT, style["marker"], 6, style["color"]
    )
    svg.text(svg.width - legend_text - 2, 0.12 * PT, status_text)
    alt = f"{row[f'name_{lang}']}: " + ", ".join(
        f"{label_text} {shown(value, lang)}" for label_text, value in zip(points["period_label"], points["result"])
    )
    if has_target:
        alt += f"; {target_text}"
    alt += f"; {label('progress_status', lang)}: {status_text}"
    return svg.html(alt, caption)


def _diverging(value: float, span: float) -> str:
    """The colour of ``value`` on the red–blue scale from ``-span`` to ``span``."""
    at = min(max((value + span) / (2 * span), 0.0), 1.0) * (len(_RDBU) - 1)
    low = min(int(at), len(_RDBU) - 2)
    share = at - low
    a, b = _RDBU[low], _RDBU[low + 1]
    mixed = [round(int(a[i : i + 2], 16) * (1 - share) + int(b[i : i + 2], 16) * share) for i in (1, 3, 5)]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def _dark(colour: str) -> bool:
    """Whether white text reads better than black on ``colour`` (relative luminance)."""
    channels = []
    for i in (1, 3, 5):
        c = int(colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2] <= 0.408


@_cached
def gap_heatmap(
    margins: pd.DataFrame, statuses: pd.DataFrame, lang: str, caption: str, bounds: pd.DataFrame | None = None
) -> str:
    """Indicators (rows) × localities (columns) coloured by margin to target in points.

    ``margins`` is positive where a figure is better than its target; ``statuses`` holds
    the statuses in the same shape. Not-met cells are also framed and marked ✗. ``bounds``
    (same shape, optional) holds ``<``/``>`` where a margin is only known as a bound: a figure
    "below 100%" against 100% is "< 0", never "0".
    """
    if bounds is None:
        bounds = pd.DataFrame("", index=margins.index, columns=margins.columns)
    names = [_wrap(name, 46) for name in margins.index]
    heights = [max(0.28, _LINE * (n.count("\n") + 1) + 0.08) for n in names]
    row_height = max(heights) * PT
    top, bottom = 0.35, 0.8
    values = np.abs(margins.to_numpy(dtype=float))
    # the colour scale is symmetric around 0 and stops at 60 points, so one outlier does not
    # wash out every other cell
    span = max(10.0, min(float(np.nanmax(values)) if np.isfinite(values).any() else 10.0, 60.0))
    svg = _Svg(PAGE_WIDTH, top + bottom + row_height / PT * len(names))
    left, right = 3.1 * PT, (PAGE_WIDTH - 0.15) * PT
    cell = (right - left) / max(1, len(margins.columns))
    y0 = top * PT
    for j, locality in enumerate(margins.columns):
        svg.text(left + (j + 0.5) * cell, y0 - 8, str(locality), anchor="middle")
    for i, name in enumerate(names):
        y = y0 + i * row_height
        svg.lines(left - 3.5, y + row_height / 2, name)
        for j in range(len(margins.columns)):
            value = margins.iat[i, j]
            if pd.isna(value):
                continue
            colour = _diverging(float(value), span)
            svg.rect(left + j * cell, y, cell, row_height, fill=colour, stroke="#fff", width=0.6)
            mark = STATUS_STYLE[statuses.iat[i, j]]["mark"]
            bound = qualifier_sign(bounds.iat[i, j] if pd.notna(bounds.iat[i, j]) else "")
            text = f"{bound}{format_points(value, lang)} {mark}"
            middle = left + (j + 0.5) * cell
            svg.text(
                middle, y + row_height / 2, text, anchor="middle", size=7.5, fill="#fff" if _dark(colour) else "#000"
            )
        for j in range(len(margins.columns)):
            if statuses.iat[i, j] == NOT_MET:
                svg.rect(
                    left + (j + 0.04) * cell,
                    y + 0.06 * row_height,
                    0.92 * cell,
                    0.88 * row_height,
                    stroke="#000",
                    width=1.4,
                )
    # the colour scale below, with its ticks and title
    bar = _Axis(-span, span, left, left + 0.4 * svg.width)
    scale_top = svg.height - 0.62 * PT
    stops = "".join(
        f'<stop offset="{n / (len(_RDBU) - 1):.3f}" stop-color="{colour}"/>' for n, colour in enumerate(_RDBU)
    )
    svg.parts.append(f'<defs><linearGradient id="scale">{stops}</linearGradient></defs>')
    svg.parts.append(
        f'<rect x="{_number(bar.start)}" y="{_number(scale_top)}" width="{_number(bar.end - bar.start)}" '
        f'height="{_number(0.1 * PT)}" fill="url(#scale)"/>'
    )
    _x_axis(
        svg,
        bar,
        scale_top + 0.1 * PT,
        nice_ticks(-span, span, 7),
        lambda v: format_number(v, lang),
        label("gap_axis", lang),
    )
    alt = "; ".join(
        f"{indicator} — "
        + ", ".join(
            f"{locality} {qualifier_sign(bounds.at[indicator, locality] or '')}"
            f"{format_points(margins.at[indicator, locality], lang)}"
            f" ({label(statuses.at[indicator, locality], lang)})"
            for locality in margins.columns
            if pd.notna(margins.at[indicator, locality])
        )
        for indicator in margins.index
    )
    return svg.html(alt, caption)
