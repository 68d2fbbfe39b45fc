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
from .frames import positions_by_locality
from .load import FRAMES, Workbook
from .periods import parse_period


def _end(period: str):
    parsed = parse_period(period)
    return parsed.end or parsed.start


def map_day(workbook: Workbook, locality_id: str) -> str | None:
    """The day whose map a unit's report is drawn on: the day it came into being, if known."""
    start = workbook.localities.at[locality_id, "valid_from"]
    return None if pd.isna(start) else start.date().isoformat()


class _OnMap:
    """The ranked results of a whole data folder on one day's map, split up for one unit's look-ups."""

    def __init__(self, workbook: Workbook, day: str | None):
        self.table = results(workbook, as_of=day)
        self.by_unit = positions_by_locality(self.table)  # unit -> its rows' positions
        peers = self.table[self.table["rank_total"] >= 2]
        self.ranked = {level: set(group) for level, group in peers.groupby("level")["indicator_id"]}

    def of(self, locality_id: str) -> pd.DataFrame:
        return self.table.iloc[self.by_unit.get(locality_id, [])]


# A render worker makes report after report from the same workbook (helpers.load.load_workbook_once):
# the country is ranked once per map day, not once per report, so a report's cost does not grow with
# the country. Kept on the workbook (Workbook.derived), as made from all its frames: other figures,
# registry, catalogue or targets put in the workbook are ranked again.


def _on_map(workbook: Workbook, day: str | None) -> _OnMap:
    days = workbook.derived("standing.maps", FRAMES, dict)
    if day not in days:
        days[day] = _OnMap(workbook, day)
    return days[day]


def ranked(workbook: Workbook, day: str | None) -> pd.DataFrame:
    """:func:`helpers.export.results` on the map of ``day`` (each unit's own figures when None),
    made once per workbook and day: report keys and standing sections read the same table."""
    return _on_map(workbook, day).table


def _own_figures(workbook: Workbook) -> dict[tuple[str, str, str], tuple]:
    """Each figure's (numerator, denominator, value) by unit, indicator and period."""

    def make() -> dict[tuple[str, str, str], tuple]:
        columns = ("locality_id", "indicator_id", "period", "numerator", "denominator", "value")
        rows = zip(*(workbook.figures[column].tolist() for column in columns))
        return {tuple(row[:3]): row[3:] for row in rows}

    return workbook.derived("standing.own_figures", ("figures",), make)


def standing(workbook: Workbook, locality_id: str, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The unit's ranked figures, one row per indicator and period, oldest first.

    Only indicators ranked among the units of its level, or carried into the unit from its
    former units, are kept, with every period of the unit's figures of those indicators (the
    trend), ranked or not (a combined figure missing some of its parts is shown without a
    rank). ``table`` is :func:`helpers.export.results` on the unit's map, when the caller
    already has it.
    """
    level = workbook.localities.at[locality_id, "level"]
    if table is None:
        prepared = _on_map(workbook, map_day(workbook, locality_id))
        ranked = set(prepared.ranked.get(level, ()))  # indicators ranked among the units of this level
        mine = prepared.of(locality_id)
    else:
        peers = table[(table["level"] == level) & (table["rank_total"] >= 2)]
        ranked = set(peers["indicator_id"])
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
    own = _own_figures(workbook)
    mine = _on_map(workbook, day).of(locality_id) if table is None else table[table["locality_id"] == locality_id]
    mine = mine[mine["rolled_up_from"] != ""]
    rows = []
    # the four columns read, not a named tuple of every column per row
    for rolled_up_from, missing_parts, indicator_id, period in zip(
        mine["rolled_up_from"], mine["missing_parts"], mine["indicator_id"], mine["period"]
    ):
        used = rolled_up_from.split(";")
        missing = missing_parts.split(";") if missing_parts else []
        for part_id in [*used, *missing]:
            result = float("nan")
            figure = own.get((part_id, indicator_id, period))
            if figure is not None:
                numerator, denominator, value = figure
                result = numerator / denominator * 100 if pd.notna(numerator) and denominator else value
            rows.append(
                {
                    "indicator_id": indicator_id,
                    "period": period,
                    "part_id": part_id,
                    "part_name": workbook.localities.at[part_id, "name"],
                    "part_result": result,
                    "missing": part_id in missing,
                }
            )
    return pd.DataFrame(rows, columns=["indicator_id", "period", "part_id", "part_name", "part_result", "missing"])
