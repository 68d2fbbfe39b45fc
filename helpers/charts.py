"""Charts for the reports, drawn with matplotlib's object API (no pyplot global state).

Status is shown by colour and by hatch pattern, so charts stay readable in black-and-white print.
Each chart is returned as an HTML ``<figure>`` with an inline PNG, alt text and a caption.
"""

from __future__ import annotations

import base64
import io
import textwrap
from html import escape

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from .compute import MET, NO_TARGET, NOT_MET  # noqa: E402
from .formatting import format_percent, format_points  # noqa: E402
from .i18n import label  # noqa: E402

_PALETTE = sns.color_palette("colorblind")
STATUS_STYLE = {
    MET: {"color": _PALETTE[2], "hatch": ""},
    NOT_MET: {"color": _PALETTE[3], "hatch": "///"},
    NO_TARGET: {"color": "#b0b0b0", "hatch": ".."},
}
_RC = {"font.family": "DejaVu Sans", "font.size": 9, "hatch.linewidth": 0.8, "svg.hashsalt": "cds"}


def _names(table: pd.DataFrame, lang: str, width: int = 48) -> list[str]:
    return ["\n".join(textwrap.wrap(name, width)) for name in table[f"name_{lang}"]]


def _figure_html(figure: Figure, alt: str, caption: str) -> str:
    buffer = io.BytesIO()
    FigureCanvasAgg(figure).print_png(buffer, metadata={"Software": None})
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (
        f'<figure class="chart"><img src="data:image/png;base64,{data}" alt="{escape(alt)}">'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
    )


def _legend(ax, lang: str) -> None:
    handles = [
        Patch(facecolor=style["color"], hatch=style["hatch"], edgecolor="black", label=label(status, lang))
        for status, style in STATUS_STYLE.items()
    ]
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, frameon=False)


def rate_chart(table: pd.DataFrame, lang: str, caption: str) -> str:
    """Bars of each rate with its target marked; ``table`` holds percent indicators only."""
    rows = table.iloc[::-1]
    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(7.0, 1.2 + 0.34 * len(rows)), dpi=150)
        ax = figure.add_subplot()
        positions = range(len(rows))
        for y, (_, row) in zip(positions, rows.iterrows()):
            style = STATUS_STYLE[row["status"]]
            ax.barh(y, row["result"], color=style["color"], hatch=style["hatch"],
                    edgecolor="black", linewidth=0.6, height=0.6)
            ax.text(min(row["result"], 100) + 1, y, format_percent(row["result"], lang),
                    va="center", fontsize=8)
            if pd.notna(row["target_value"]):
                ax.plot([row["target_value"]] * 2, [y - 0.42, y + 0.42], color="black", linewidth=2.2)
        ax.set_yticks(list(positions), _names(rows, lang))
        ax.set_xlim(0, 112)
        ax.set_xlabel(label("percent_axis", lang))
        ax.spines[["top", "right"]].set_visible(False)
        _legend(ax, lang)
        figure.tight_layout()
    alt = "; ".join(
        f"{name}: {format_percent(r, lang)}"
        + (f" / {label('target', lang)} {format_percent(t, lang)}" if pd.notna(t) else "")
        for name, r, t in zip(table[f"name_{lang}"], table["result"], table["target_value"])
    )
    return _figure_html(figure, alt, caption)


def gap_chart(table: pd.DataFrame, lang: str, caption: str) -> str:
    """Gap to target in points, largest shortfall first; ``table`` holds rates with targets."""
    rows = table.sort_values("gap", ascending=False)
    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(7.0, 1.2 + 0.34 * len(rows)), dpi=150)
        ax = figure.add_subplot()
        for y, (_, row) in enumerate(rows.iterrows()):
            style = STATUS_STYLE[row["status"]]
            ax.barh(y, row["gap"], color=style["color"], hatch=style["hatch"],
                    edgecolor="black", linewidth=0.6, height=0.6)
            ax.text(row["gap"], y, " " + format_points(row["gap"], lang) + " ",
                    va="center", ha="left" if row["gap"] >= 0 else "right", fontsize=8)
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_yticks(range(len(rows)), _names(rows, lang))
        span = max(5.0, rows["gap"].abs().max() * 1.35)
        ax.set_xlim(-span, span)
        ax.set_xlabel(label("gap_axis", lang))
        ax.spines[["top", "right"]].set_visible(False)
        _legend(ax, lang)
        figure.tight_layout()
    alt = "; ".join(
        f"{name}: {format_points(g, lang)} {label('points', lang)}"
        for name, g in zip(rows[f"name_{lang}"], rows["gap"])
    )
    return _figure_html(figure, alt, caption)
