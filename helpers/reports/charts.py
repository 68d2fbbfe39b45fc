"""Charts for the reports, drawn with matplotlib's object API (no pyplot global state).

Every chart is sized for the A4 text width (180 mm ≈ 7 in) at the size it prints, so its 8-point
labels print at 8 points. Status is shown by colour and again by hatch, marker shape or a ✓/✗
mark, so a chart stays readable printed in black and white. Each chart is returned as an HTML
``<figure>`` with an inline SVG (vector: sharp on a phone and in print; the PDF shows the very
same drawing), alt text that says what the chart shows, and a caption. A chart asked for again
with the same inputs in the same process is not drawn again. Charts draw on their own Figure and
canvas: importing this module never changes the kernel's matplotlib backend, so the analyst's own
pyplot and seaborn figures still show in the notebook and in the report.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import pickle
import textwrap
import warnings
from datetime import date
from html import escape

import matplotlib
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter, NullFormatter

from .. import progress
from ..compute import BEHIND, MET, NO_TARGET, NOT_DUE, NOT_MET, ON_TRACK, RESTATES
from ..formatting import (
    format_comparison,
    format_number,
    format_percent,
    format_points,
)
from ..i18n import label
from ..safe_text import plain

PAGE_WIDTH = 7.0  # inches: the A4 text width between 15 mm margins
# Charts are vector; the dpi only sets the size of the few raster parts (none today).
CHART_DPI = 120
CACHE_SIZE = 256  # charts kept per process, by their inputs
_PALETTE = sns.color_palette("colorblind")
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
QUALIFIER_SIGN = {"": "", ">": "> ", ">=": "≥ ", "<": "< ", "<=": "≤ ", "~": "≈ "}
# text as outlines: the chart looks the same in every browser and in the PDF, whatever fonts
# the reader has
# Names from data are drawn as written: never read as mathtext ("US$2" keeps its $, and an
# unbalanced $ cannot fail a report); every chart is drawn and printed inside this context.
_RC = {
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "hatch.linewidth": 0.8,
    "svg.hashsalt": "cds",
    "axes.titlesize": 9,
    "svg.fonttype": "path",
    "text.parse_math": False,
}
_LINE = 0.15  # inches per line of an 8-point label


def _qualifier(qualifier: str) -> str:
    return QUALIFIER_SIGN.get(qualifier, "")


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


def _figure_html(figure: Figure, alt: str, caption: str) -> str:
    buffer = io.BytesIO()
    with matplotlib.rc_context(_RC):
        FigureCanvasSVG(figure).print_svg(buffer, metadata={"Date": None, "Creator": None})
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (
        f'<figure class="chart"><img src="data:image/svg+xml;base64,{data}" alt="{escape(alt)}" '
        f'style="aspect-ratio: {figure.get_figwidth():.2f} / {figure.get_figheight():.2f}">'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
    )


def _status_legend(figure: Figure, lang: str, top: float, statuses) -> None:
    """The legend of the statuses drawn (only those), and the target mark."""
    shown = [s for s in STATUS_STYLE if s in set(statuses)]
    handles = [
        Patch(
            facecolor=STATUS_STYLE[status]["color"],
            hatch=STATUS_STYLE[status]["hatch"],
            edgecolor="black",
            label=f"{STATUS_STYLE[status]['mark']} {label(status, lang)}".strip(),
        )
        for status in shown
    ]
    handles.append(Line2D([], [], color="black", linewidth=2.2, label=label("target_mark", lang)))
    figure.legend(
        handles=handles, loc="upper center", bbox_to_anchor=(0.5, top), ncol=4, frameon=False, handlelength=1.6
    )


def _legend_rows(statuses, extra: int = 1) -> int:
    return -(-(len(set(statuses)) + extra) // 4)


def _rows_layout(names: list[str], width: int) -> tuple[list[str], list[float], list[float]]:
    """Wrapped names, the height of each row and the centre of each row, in inches from the top."""
    wrapped = [_wrap(name, width) for name in names]
    heights = [max(0.3, _LINE * (text.count("\n") + 1) + 0.12) for text in wrapped]
    centres = list(np.cumsum(heights) - np.array(heights) / 2)
    return wrapped, heights, centres


def _axes_in_inches(figure: Figure, left: float, right: float, top: float, bottom: float):
    width, height = figure.get_size_inches()
    return figure.add_axes((left / width, bottom / height, 1 - (left + right) / width, 1 - (top + bottom) / height))


@_cached
def bullet_chart(table: pd.DataFrame, lang: str, caption: str) -> str:
    """One bullet per rate: a grey 0–100 band, the result bar and the target mark.

    ``table`` holds percent indicators with ``result``, ``status``, ``qualifier`` and the
    target columns; rows are drawn top to bottom in the table's order.
    """
    names, heights, centres = _rows_layout(list(table[f"name_{lang}"]), 44)
    top, bottom = 0.24 + 0.18 * _legend_rows(table["status"]), 0.42
    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(PAGE_WIDTH, top + bottom + sum(heights)), dpi=CHART_DPI)
        ax = _axes_in_inches(figure, left=3.05, right=0.95, top=top, bottom=bottom)
        for y, height, (_, row) in zip(centres, heights, table.iterrows()):
            style = STATUS_STYLE[row["status"]]
            bar = min(0.34, height * 0.62)
            ax.barh(y, 100, height=bar + 0.1, color="#ececec", linewidth=0)
            if row["qualifier"] in ("<", "<="):
                # "below 100%" is not a length: only the bound is drawn, pointing down from it
                ax.plot(
                    [row["result"]],
                    [y],
                    marker=4,
                    markersize=7,
                    color=style["color"],
                    markeredgecolor="black",
                    linestyle="",
                )
            else:
                ax.barh(
                    y,
                    row["result"],
                    height=bar * 0.6,
                    color=style["color"],
                    hatch=style["hatch"],
                    edgecolor="black",
                    linewidth=0.6,
                )
                if row["qualifier"] in (">", ">="):  # at least this long: an open end
                    ax.plot([row["result"]], [y], marker=5, markersize=6, color="black", linestyle="")
            if pd.notna(row["target_value"]):
                ax.plot(
                    [row["target_value"]] * 2,
                    [y - bar / 2 - 0.03, y + bar / 2 + 0.03],
                    color="black",
                    linewidth=2.2,
                    solid_capstyle="butt",
                )
            value = _qualifier(row["qualifier"]) + format_percent(row["result"], lang)
            shown = f"{value} {style['mark']}"
            ax.text(101.5, y, shown.strip(), va="center", ha="left", fontsize=8, clip_on=False)
        ax.set_ylim(sum(heights), 0)
        ax.set_yticks(centres, names)
        ax.set_xlim(0, 100)
        ax.set_xticks(range(0, 101, 20))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, lang)))
        ax.set_xlabel(label("percent_axis", lang))
        ax.tick_params(axis="y", length=0)
        ax.spines[["top", "right", "left"]].set_visible(False)
        _status_legend(figure, lang, 1.0, table["status"])
    alt = "; ".join(
        f"{row[f'name_{lang}']}: {_qualifier(row['qualifier'])}{format_percent(row['result'], lang)}"
        + (
            f" / {label('target', lang)} "
            f"{format_comparison(row['target_comparison'], row['target_value'], 'percent', lang)}"
            if pd.notna(row["target_value"])
            else ""
        )
        + f" ({label(row['status'], lang)})"
        for _, row in table.iterrows()
    )
    return _figure_html(figure, alt, caption)


def shortfall(table: pd.DataFrame) -> pd.Series:
    """How far each figure falls short of its target, in the indicator's good direction."""
    sign = table["direction"].map({"higher": -1, "lower": 1})
    return table["gap"] * sign


@_cached
def gap_chart(table: pd.DataFrame, lang: str, caption: str) -> str:
    """Gap to target in points, the largest shortfall at the top.

    ``table`` holds rates with targets and the indicators' ``direction``.
    """
    rows = table.assign(_shortfall=shortfall(table)).sort_values("_shortfall", ascending=False)
    names, heights, centres = _rows_layout(list(rows[f"name_{lang}"]), 44)
    top, bottom = 0.42, 0.42
    span = max(5.0, float(rows["gap"].abs().max()) * 1.1)
    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(PAGE_WIDTH, top + bottom + sum(heights)), dpi=CHART_DPI)
        ax = _axes_in_inches(figure, left=3.05, right=0.2, top=top, bottom=bottom)
        for y, height, (_, row) in zip(centres, heights, rows.iterrows()):
            style = STATUS_STYLE[row["status"]]
            ax.barh(
                y,
                row["gap"],
                height=min(0.22, height * 0.5),
                color=style["color"],
                hatch=style["hatch"],
                edgecolor="black",
                linewidth=0.6,
            )
            # the value sits across the zero line from its bar, where it never meets the bar,
            # another label or the axis labels, however long the bar is
            gap = _qualifier(row["qualifier"]) + format_points(row["gap"], lang)
            text = f"{gap} {style['mark']}"
            negative = row["gap"] < 0
            ax.text(
                span * 0.015 if negative else -span * 0.015,
                y,
                text,
                va="center",
                ha="left" if negative else "right",
                fontsize=8,
            )
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_ylim(sum(heights), 0)
        ax.set_yticks(centres, names)
        ax.set_xlim(-span, span)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, lang)))
        ax.set_xlabel(label("gap_axis", lang))
        ax.tick_params(axis="y", length=0)
        ax.spines[["top", "right", "left"]].set_visible(False)
        handles = [
            Patch(
                facecolor=STATUS_STYLE[s]["color"],
                hatch=STATUS_STYLE[s]["hatch"],
                edgecolor="black",
                label=f"{STATUS_STYLE[s]['mark']} {label(s, lang)}",
            )
            for s in STATUS_STYLE
            if s in set(rows["status"])
        ]
        figure.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False)
    alt = "; ".join(
        f"{row[f'name_{lang}']}: {_qualifier(row['qualifier'])}{format_points(row['gap'], lang)}"
        f" {label('points', lang)}"
        f" ({label(row['status'], lang)})"
        for _, row in rows.iterrows()
    )
    return _figure_html(figure, alt, caption)


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
    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(PAGE_WIDTH, 2.4), dpi=CHART_DPI)
        ax = _axes_in_inches(figure, left=0.75, right=2.1, top=0.4, bottom=0.45)
        ends = list(points["period_end"])
        ax.plot(ends, points["result"], color="black", linewidth=1.2, zorder=2)
        ax.scatter(ends[:-1], points["result"].iloc[:-1], color="white", edgecolor="black", marker="o", s=28, zorder=3)
        ax.scatter(
            ends[-1:],
            points["result"].iloc[-1:],
            color=style["color"],
            edgecolor="black",
            marker=style["marker"],
            s=70,
            zorder=4,
        )
        for end, value in zip(ends, points["result"]):
            ax.annotate(
                shown(value, lang), (end, value), textcoords="offset points", xytext=(0, 7), ha="center", fontsize=7.5
            )
        right = ends[-1]
        if has_target:
            deadline = pd.Timestamp(progress.target_deadline(row["target_year"]))
            right = max(right, deadline)
            ax.plot([ends[0], deadline], [row["target_value"]] * 2, color="black", linestyle="--", linewidth=1)
            ax.scatter([deadline], [row["target_value"]], marker="|", s=200, color="black", zorder=3)
            target_text = label(
                "target_by",
                lang,
                year=int(row["target_year"]),
                target=format_comparison(row["target_comparison"], row["target_value"], unit, lang),
            )
            ax.annotate(
                target_text,
                (deadline, row["target_value"]),
                textcoords="offset points",
                xytext=(8, 0),
                va="center",
                fontsize=7.5,
                annotation_clip=False,
            )
        values = list(points["result"]) + ([row["target_value"]] if has_target else [])
        low, high = min(values), max(values)
        pad = max((high - low) * 0.25, 1.0)
        ceiling = 100 if unit == "percent" else None
        ax.set_ylim(max(0, low - pad), min(ceiling, high + pad) if ceiling else high + pad)
        if unit == "percent" and high + pad > 100:
            ax.set_ylim(max(0, low - pad), 105)
        ax.set_xlim(pd.Timestamp(date(ends[0].year, 1, 1)), pd.Timestamp(date(right.year, 12, 31)))
        # ticks mark the turn of each year and the year's number sits in the middle of its
        # span, so a figure at the end of 2022 reads as 2022, not as the 2023 tick beside it
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(NullFormatter())
        ax.xaxis.set_minor_locator(mdates.YearLocator(month=7, day=1))
        ax.xaxis.set_minor_formatter(mdates.DateFormatter("%Y"))
        ax.tick_params(axis="x", which="minor", length=0)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, lang)))
        ax.set_ylabel(label("percent_axis", lang) if unit == "percent" else label("value", lang))
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        # the legend sits in the top margin, clear of the target's label in the right margin
        figure.legend(
            handles=[
                Line2D(
                    [],
                    [],
                    color=style["color"],
                    marker=style["marker"],
                    linestyle="",
                    markeredgecolor="black",
                    label=label(f"progress.{row['status']}", lang),
                )
            ],
            loc="upper right",
            bbox_to_anchor=(1.0, 1.0),
            frameon=False,
        )
    alt = f"{row[f'name_{lang}']}: " + ", ".join(
        f"{label_text} {shown(value, lang)}" for label_text, value in zip(points["period_label"], points["result"])
    )
    if has_target:
        alt += f"; {target_text}"
    status_text = label(f"progress.{row['status']}", lang)
    alt += f"; {label('progress_status', lang)}: {status_text}"
    return _figure_html(figure, alt, caption)


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
    row_height = max(heights)
    top, bottom = 0.35, 0.7
    values = np.abs(margins.to_numpy(dtype=float))
    # the colour scale is symmetric around 0 and stops at 60 points, so one outlier does not
    # wash out every other cell
    span = max(10.0, min(float(np.nanmax(values)) if np.isfinite(values).any() else 10.0, 60.0))
    annotations = np.full(margins.shape, "", dtype=object)
    for i, indicator in enumerate(margins.index):
        for j, locality in enumerate(margins.columns):
            value = margins.iat[i, j]
            if pd.notna(value):
                mark = STATUS_STYLE[statuses.iat[i, j]]["mark"]
                bound = _qualifier(bounds.iat[i, j] if pd.notna(bounds.iat[i, j]) else "")
                annotations[i, j] = f"{bound}{format_points(value, lang)} {mark}"
    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(PAGE_WIDTH, top + bottom + row_height * len(names)), dpi=CHART_DPI)
        ax = _axes_in_inches(figure, left=3.1, right=0.15, top=top, bottom=bottom)
        with warnings.catch_warnings():
            # seaborn 0.13 calls Colormap.set_bad, which matplotlib 3.11 deprecates; the
            # warning would end up in the executed notebook and the render log
            warnings.simplefilter("ignore", PendingDeprecationWarning)
            _heatmap(margins, ax, annotations, span, figure, lang)
        for i in range(statuses.shape[0]):
            for j in range(statuses.shape[1]):
                if statuses.iat[i, j] == NOT_MET:
                    ax.add_patch(
                        Rectangle((j + 0.04, i + 0.06), 0.92, 0.88, fill=False, edgecolor="black", linewidth=1.4)
                    )
        ax.set_yticks(np.arange(len(names)) + 0.5, names, rotation=0)
        ax.set_xticks(np.arange(len(margins.columns)) + 0.5, [plain(str(c)) for c in margins.columns], rotation=0)
        ax.xaxis.tick_top()
        ax.tick_params(length=0)
        ax.set_xlabel("")
        ax.set_ylabel("")
        colorbar = figure.axes[-1]
        colorbar.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, lang)))
    alt = "; ".join(
        f"{indicator} — "
        + ", ".join(
            f"{locality} {_qualifier(bounds.at[indicator, locality] or '')}"
            f"{format_points(margins.at[indicator, locality], lang)}"
            f" ({label(statuses.at[indicator, locality], lang)})"
            for locality in margins.columns
            if pd.notna(margins.at[indicator, locality])
        )
        for indicator in margins.index
    )
    return _figure_html(figure, alt, caption)


def _heatmap(margins: pd.DataFrame, ax, annotations, span: float, figure: Figure, lang: str) -> None:
    colorbar = figure.add_axes((3.1 / PAGE_WIDTH, 0.3 / figure.get_figheight(), 0.4, 0.1 / figure.get_figheight()))
    sns.heatmap(
        margins.astype(float),
        ax=ax,
        cmap="RdBu",
        center=0,
        vmin=-span,
        vmax=span,
        annot=annotations,
        fmt="",
        annot_kws={"fontsize": 7.5},
        linewidths=0.6,
        linecolor="white",
        cbar_ax=colorbar,
        cbar_kws={"orientation": "horizontal", "label": label("gap_axis", lang)},
    )
