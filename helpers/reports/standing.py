"""The report section on where a unit stands: its rank per indicator and year, its trend, and, for
a province formed on 2025-07-01, its former provinces' figures beside the combined one."""

from __future__ import annotations

import pandas as pd

from ..formatting import format_date, format_value
from ..i18n import label
from ..load import Workbook
from ..periods import parse_period
from ..ranks import format_rank
from ..standing import map_day, parts, standing
from .common import TEMPLATES, Fragment, labels


def _parts_text(rows: pd.DataFrame, unit: str, lang: str) -> str:
    shown = []
    for row in rows.itertuples(index=False):
        if row.missing:
            shown.append(f"{row.part_name}: {label('standing.no_figure', lang)}")
        else:
            shown.append(f"{row.part_name} {format_value(row.part_result, unit, lang)}")
    return "; ".join(shown)


def standing_section(workbook: Workbook, locality_id: str, lang: str = "vi") -> Fragment:
    """The section, or nothing when no indicator of the unit is ranked among its peers."""
    day = map_day(workbook, locality_id)
    rows = standing(workbook, locality_id)  # the country ranked once per worker, not per report
    if not len(rows):
        return Fragment("")
    carried = parts(workbook, locality_id)
    level = workbook.localities.at[locality_id, "level"]
    indicators = []
    for indicator_id, group in rows.groupby("indicator_id", sort=False):
        unit = group["unit"].iloc[0]
        lines = []
        for row in group.itertuples(index=False):
            mine = carried[(carried["indicator_id"] == indicator_id) & (carried["period"] == row.period)]
            alone = pd.isna(row.rank_total) or row.rank_total < 2  # "1/1" says nothing
            rank = "–" if alone else format_rank(row.rank, row.rank_total, lang)
            if pd.isna(row.rank) and row.missing_parts:
                rank = label("standing.unranked", lang)
            lines.append(
                {
                    "period": parse_period(row.period).label(lang),
                    "result": format_value(row.result, unit, lang),
                    "rank": rank,
                    "parts": _parts_text(mine, unit, lang),
                }
            )
        indicators.append(
            {
                "name": workbook.indicators.at[indicator_id, f"name_{lang}"],
                "rows": lines,
                "has_parts": bool(len(carried[carried["indicator_id"] == indicator_id])),
            }
        )
    peers = label(f"standing.peers.{level}", lang)
    if day is None:
        intro = label("standing.own", lang, peers=peers)
    else:
        intro = label("standing.map", lang, day=format_date(pd.Timestamp(day), lang), peers=peers)
    template = TEMPLATES.get_template("standing.html.j2")
    return Fragment(template.render(t=labels(lang), intro=intro, indicators=indicators))
