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


def _parts_text(rows: list[dict], unit: str, lang: str) -> str:
    shown = []
    for row in rows:
        if row["missing"]:
            shown.append(f"{row['part_name']}: {label('standing.no_figure', lang)}")
        else:
            shown.append(f"{row['part_name']} {format_value(row['part_result'], unit, lang)}")
    return "; ".join(shown)


def _records(table: pd.DataFrame) -> list[dict]:
    # rows as plain dicts, read once (a DataFrame filtered per row costs more than the row's words)
    return table.astype(object).where(table.notna(), None).to_dict("records")


def standing_section(workbook: Workbook, locality_id: str, lang: str = "vi") -> Fragment:
    """The section, or nothing when no indicator of the unit is ranked among its peers."""
    day = map_day(workbook, locality_id)
    rows = standing(workbook, locality_id)  # the country ranked once per worker, not per report
    if not len(rows):
        return Fragment("")
    carried: dict[tuple, list[dict]] = {}
    for part in _records(parts(workbook, locality_id)):
        carried.setdefault((part["indicator_id"], part["period"]), []).append(part)
    with_parts = {indicator_id for indicator_id, _ in carried}
    level = workbook.localities.at[locality_id, "level"]
    units = workbook.indicators["unit"]
    names = workbook.indicators[f"name_{lang}"]
    grouped: dict[str, list[dict]] = {}
    for row in _records(rows[["indicator_id", "period", "result", "rank", "rank_total", "missing_parts"]]):
        grouped.setdefault(row["indicator_id"], []).append(row)
    indicators = []
    for indicator_id, group in grouped.items():
        unit = units[indicator_id]
        lines = []
        for row in group:
            alone = row["rank_total"] is None or row["rank_total"] < 2  # "1/1" says nothing
            rank = "–" if alone else format_rank(row["rank"], row["rank_total"], lang)
            if row["rank"] is None and row["missing_parts"]:
                rank = label("standing.unranked", lang)
            lines.append(
                {
                    "period": parse_period(row["period"]).label(lang),
                    "result": format_value(row["result"], unit, lang),
                    "rank": rank,
                    "parts": _parts_text(carried.get((indicator_id, row["period"]), []), unit, lang),
                }
            )
        indicators.append({"name": names[indicator_id], "rows": lines, "has_parts": indicator_id in with_parts})
    peers = label(f"standing.peers.{level}", lang)
    if day is None:
        intro = label("standing.own", lang, peers=peers)
    else:
        intro = label("standing.map", lang, day=format_date(pd.Timestamp(day), lang), peers=peers)
    template = TEMPLATES.get_template("standing.html.j2")
    return Fragment(template.render(t=labels(lang), intro=intro, indicators=indicators))
