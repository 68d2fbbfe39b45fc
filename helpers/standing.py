"""A unit's place among its peers: its rank per indicator and year, and where its figures came from.

For a unit that existed before 2025-07-01, its own figures are ranked among the units of its
level with a figure for the same indicator and period. For a unit formed on 2025-07-01 (a merged
province), the figures of its former units are carried onto the map of that day
(:mod:`helpers.remap`): each combined figure is shown beside the former units' own figures, and
ranked among the provinces of that map when it is complete.
"""

from __future__ import annotations

import pandas as pd

from .export import results
from .load import Workbook
from .periods import parse_period


def _end(period: str):
    parsed = parse_period(period)
    return parsed.end or parsed.start


def map_day(workbook: Workbook, locality_id: str) -> str | None:
    """The day whose map a unit's report is drawn on: the day it came into being, if known."""
    start = workbook.localities.at[locality_id, "valid_from"]
    return None if pd.isna(start) else start.date().isoformat()


def standing(workbook: Workbook, locality_id: str, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The unit's ranked figures, one row per indicator and period, oldest first.

    Only indicators ranked among the units of its level, or carried into the unit from its
    former units, are kept, with every period of the unit's figures of those indicators (the
    trend), ranked or not (a combined figure missing some of its parts is shown without a
    rank). ``table`` is :func:`helpers.export.results` on the unit's map, when the caller
    already has it.
    """
    if table is None:
        table = results(workbook, as_of=map_day(workbook, locality_id))
    level = workbook.localities.at[locality_id, "level"]
    peers = table[(table["level"] == level) & (table["rank_total"] >= 2)]
    ranked = set(peers["indicator_id"])  # indicators ranked among the units of this level
    mine = table[table["locality_id"] == locality_id]
    ranked |= set(mine.loc[mine["rolled_up_from"] != "", "indicator_id"])  # carried onto the map
    mine = mine[mine["indicator_id"].isin(ranked)]
    order = {i: n for n, i in enumerate(workbook.indicators.index)}
    mine = mine.assign(_order=mine["indicator_id"].map(order), _end=[_end(p) for p in mine["period"]])
    return mine.sort_values(["_order", "_end"]).drop(columns=["_order", "_end"]).reset_index(drop=True)


def parts(workbook: Workbook, locality_id: str, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """For each figure of the unit combined from former units, those units' own figures.

    Returns one row per combined figure and part: ``indicator_id``, ``period``, ``part_id``,
    ``part_name``, ``part_result`` (empty when the part had no figure) and ``missing`` (the part
    existed then but gave no usable figure).
    """
    day = map_day(workbook, locality_id)
    if day is None:
        return pd.DataFrame(columns=["indicator_id", "period", "part_id", "part_name", "part_result", "missing"])
    if table is None:
        table = results(workbook, as_of=day)
    own = workbook.figures.set_index(["locality_id", "indicator_id", "period"])
    rows = []
    mine = table[(table["locality_id"] == locality_id) & (table["rolled_up_from"] != "")]
    for row in mine.itertuples(index=False):
        used = row.rolled_up_from.split(";")
        missing = row.missing_parts.split(";") if row.missing_parts else []
        for part_id in [*used, *missing]:
            key = (part_id, row.indicator_id, row.period)
            result = float("nan")
            if key in own.index:
                figure = own.loc[key]
                result = (
                    figure["numerator"] / figure["denominator"] * 100
                    if pd.notna(figure["numerator"]) and figure["denominator"]
                    else figure["value"]
                )
            rows.append(
                {
                    "indicator_id": row.indicator_id,
                    "period": row.period,
                    "part_id": part_id,
                    "part_name": workbook.localities.at[part_id, "name"],
                    "part_result": result,
                    "missing": part_id in missing,
                }
            )
    return pd.DataFrame(rows, columns=["indicator_id", "period", "part_id", "part_name", "part_result", "missing"])
