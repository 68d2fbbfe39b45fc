"""Figures on the map of a given day: former units' figures carried into the units in force.

Every unit points to the unit its figures go to on the map of day ``as_of``: a unit in force that
day points to its parent (communes into provinces); a unit no longer in force points to its
successor (a former province into the province it became part of) or, when it has none, to its
parent (a former district into its province). These pointers form a tree, so a figure is counted
once. A unit's figure on the map is its own figure for that indicator and period when it has one;
otherwise the figures of the units that point to it, combined by the indicator's ``rollup``
method: ``sum_ratio`` (numerators and denominators summed), ``sum``, ``mean`` (the plain mean of
the parts, as the provincial DTI of 2024 was published for the 34 provinces), or ``none``.

A combined figure names the units whose own figures went into it (``rolled_up_from``) and says
whether it is ``complete``: every part that existed during the period had a figure that could be
combined. Parts whose figures cannot be combined (a rate without its fraction, a figure printed
as "trên 85%") count as missing. The registry lists every province and, from 2025-07-01, every
commune, but only the former districts that have figures, so a figure combined from districts is
never known to be complete. Only a unit's own figures and complete combinations are ranked.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import NamedTuple

import pandas as pd

from .compute import add_rates, add_status, as_float
from .load import Workbook
from .targets import resolve_targets

_PERIOD = ["period", "period_start", "period_end", "period_year"]


def in_force(workbook: Workbook, day: date | str) -> pd.Series:
    """Whether each unit existed on ``day`` (a boolean Series indexed by ``locality_id``)."""
    when = pd.Timestamp(day)
    units = workbook.localities
    return (units["valid_from"].isna() | (units["valid_from"] <= when)) & (
        units["valid_to"].isna() | (units["valid_to"] >= when)
    )


def pointers(workbook: Workbook, as_of: date | str) -> dict[str, str]:
    """Where each unit's figures go on the map of ``as_of``: ``{unit: next unit}`` (roots absent)."""
    alive = in_force(workbook, as_of)
    units = workbook.localities
    step = {}
    for unit_id, parent, successors in zip(units.index, units["parent_id"], units["successor_ids"]):
        successors = successors.split(";") if isinstance(successors, str) and successors else []
        if not alive[unit_id] and len(successors) == 1:
            step[unit_id] = successors[0]
        elif isinstance(parent, str) and parent:
            step[unit_id] = parent
    return step


def _lives(workbook: Workbook) -> dict[str, tuple]:
    """Each unit's level and first and last day (``None`` when open), for quick look-ups."""
    units = workbook.localities
    return {
        unit_id: (level, None if pd.isna(start) else start, None if pd.isna(end) else end)
        for unit_id, level, start, end in zip(units.index, units["level"], units["valid_from"], units["valid_to"])
    }


def on_map(workbook: Workbook, as_of: date | str) -> pd.DataFrame:
    """Every figure of every unit in force on ``as_of``: its own, or combined from its parts.

    Returns
    -------
    DataFrame
        One row per unit in force, indicator and period, with the columns of
        :func:`helpers.compute.all_localities_table` (``result``, target, ``gap``, ``status``)
        and ``rolled_up_from`` (the ids whose own figures were combined; empty list for an own
        figure), ``missing_parts`` (parts that existed but gave no usable figure) and
        ``complete``.
    """
    step = pointers(workbook, as_of)
    parts: dict[str, list[str]] = {}
    for unit_id, target in step.items():
        parts.setdefault(target, []).append(unit_id)
    alive = in_force(workbook, as_of)
    alive = set(alive.index[alive])
    methods = workbook.indicators["rollup"]
    lives = _lives(workbook)

    own = add_rates(workbook.figures)
    # each indicator and period's figures by unit, in the order the figures come, read in one pass
    groups: dict[tuple[str, str], tuple[tuple, dict]] = {}
    columns = ["indicator_id", *_PERIOD, "locality_id", "numerator", "denominator", "value", "result", "qualifier"]
    for row in zip(*(own[column].tolist() for column in columns)):
        group = groups.get(row[:2])
        if group is None:
            group = groups[row[:2]] = (row[1:5], {})  # the period as the group's first figure gives it
        group[1][row[5]] = _Figure(*row[6:])
    rows = []
    for (indicator_id, _), (period, figures) in groups.items():
        method = methods[indicator_id]
        when = period[2] if pd.notna(period[2]) else period[1]
        # the units on the way from each figure's unit to the root: only these can get a figure
        reached: set[str] = set()
        for unit_id in figures:
            while unit_id is not None and unit_id not in reached:
                reached.add(unit_id)
                unit_id = step.get(unit_id)
        value = _unit_values(figures, method, parts, reached, lives, when)
        for unit_id in reached:
            if unit_id not in alive:
                continue
            found = value(unit_id)
            if found is None:
                continue
            rows.append(
                (
                    unit_id,
                    indicator_id,
                    *period,
                    found["numerator"],
                    found["denominator"],
                    found["value"],
                    found["result"],
                    found["qualifier"],
                    found["from"],
                    found["missing"],
                    found["complete"],
                )
            )
    columns = [
        "locality_id",
        "indicator_id",
        *_PERIOD,
        "numerator",
        "denominator",
        "value",
        "result",
        "qualifier",
        "rolled_up_from",
        "missing_parts",
        "complete",
    ]
    table = pd.DataFrame.from_records(rows, columns=columns)
    table["numerator"] = table["numerator"].astype("float64")
    table["denominator"] = table["denominator"].astype("float64")
    table["value"] = table["value"].astype("float64")
    table["result"] = table["result"].astype("float64")
    table["period_year"] = table["period_year"].astype("Int64")
    table["complete"] = table["complete"].astype(bool)
    table["rate"] = (table["numerator"] / table["denominator"] * 100).where(table["denominator"] > 0)
    if not len(table):
        return table.assign(gap=pd.Series(dtype="float64"), status=pd.Series(dtype="string"))
    return add_status(resolve_targets(workbook, table))


class _Figure(NamedTuple):
    numerator: object
    denominator: object
    value: float
    result: float
    qualifier: str


def _combinable(figure, method: str) -> bool:
    if figure.qualifier:
        return False
    if method == "sum_ratio":
        return pd.notna(figure.numerator) and pd.notna(figure.denominator)
    return pd.notna(figure.result)


def _unit_values(
    figures: dict, method: str, parts: dict[str, list[str]], reached: set[str], lives: dict, when: pd.Timestamp
) -> Callable[[str], dict | None]:
    """The figure of a unit for one indicator and period, its own or combined from its parts',
    each worked out once."""
    memo: dict[str, dict | None] = {}

    def value(unit_id: str) -> dict | None:
        if unit_id in memo:
            return memo[unit_id]
        if unit_id in figures:
            figure = figures[unit_id]
            result = {
                "numerator": as_float(figure.numerator),
                "denominator": as_float(figure.denominator),
                "value": figure.value,
                "result": figure.result,
                "qualifier": figure.qualifier,
                "from": [],
                "missing": [],
                "complete": True,
                "combinable": _combinable(figure, method),
            }
        else:
            result = _combine(method, parts.get(unit_id, []), reached, value, lives, when)
        memo[unit_id] = result
        return result

    return value


def _combine(
    method: str, children: list[str], reached: set[str], value, lives: dict, when: pd.Timestamp
) -> dict | None:
    """A unit's figure combined from its parts' (``children``), or None when none has one."""
    if method == "none":
        return None
    used, sources, missing = [], [], []
    complete = True
    for child in children:
        level, start, end = lives[child]
        existed = (start is None or start <= when) and (end is None or end >= when)
        found = value(child) if child in reached else None
        if found is not None and found["combinable"]:
            used.append(found)
            sources += found["from"] or [child]
            complete &= found["complete"]
            if level == "district":
                complete = False  # the registry keeps only the former districts with figures
        elif existed:
            missing.append(child)
            if found is not None:
                missing += found["missing"]
    if not used:
        return None
    complete &= not missing
    if method == "sum_ratio":
        numerator = sum(float(f["numerator"]) for f in used)
        denominator = sum(float(f["denominator"]) for f in used)
        result = numerator / denominator * 100 if denominator > 0 else float("nan")
        combined = {"numerator": numerator, "denominator": denominator, "value": float("nan"), "result": result}
    elif method == "sum":
        total = sum(float(f["result"]) for f in used)
        combined = {"numerator": float("nan"), "denominator": float("nan"), "value": total, "result": total}
    else:
        mean = sum(float(f["result"]) for f in used) / len(used)
        combined = {"numerator": float("nan"), "denominator": float("nan"), "value": mean, "result": mean}
    return {**combined, "qualifier": "", "from": sources, "missing": missing, "complete": complete, "combinable": True}
