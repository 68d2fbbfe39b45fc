"""Which target applies to a figure, and whether the figure meets it.

A target applies to a figure when it is for the same indicator, its scope is the figure's
locality, one of the locality's parents, or the whole country, and its year is the figure's
year or later (a 2025 target is the goal a 2023 figure is measured against). Among those, the
most specific scope wins (locality plan, then province, then national), then the nearest year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .load import Workbook

NATIONAL = ""


TARGET_COLUMNS = {
    "value": "target_value",
    "comparison": "target_comparison",
    "year": "target_year",
    "source_id": "target_source_id",
    "locator": "target_locator",
    "note": "target_note",
}


def _target_index(workbook: Workbook) -> tuple[pd.DataFrame, dict]:
    """The targets' columns as figures carry them, and their rows by (indicator, scope), nearest
    year first; made once per targets table (a report resolves targets several times)."""
    return workbook.derived("targets.index", ("targets",), lambda: _index_of(workbook.targets))


def _index_of(targets: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    if "note" not in targets:
        targets = targets.assign(note=pd.NA)
    columns = targets[list(TARGET_COLUMNS)].rename(columns=TARGET_COLUMNS).reset_index(drop=True)
    index: dict[tuple[str, str], list[tuple[int, int]]] = {}
    scopes = targets["locality_id"].fillna(NATIONAL)
    for row, (indicator_id, scope_id, year) in enumerate(zip(targets["indicator_id"], scopes, targets["year"])):
        if not pd.isna(year):  # a target without a year applies to no figure
            index.setdefault((indicator_id, scope_id), []).append((int(year), row))
    for years in index.values():
        years.sort()
    return columns, index


def resolve_targets(workbook: Workbook, figures: pd.DataFrame) -> pd.DataFrame:
    """Add the applicable target to each figure.

    Adds ``target_scope_id`` (``""`` = national), ``target_scope_rank`` (0 = the locality's own
    plan), ``target_value``, ``target_comparison``, ``target_year``, ``target_source_id``,
    ``target_locator`` and ``target_note``; all empty when no target applies.
    """
    columns, index = _target_index(workbook)
    chains: dict[str, list[str]] = {}
    rows, scope_ids, scope_ranks = [], [], []
    for locality_id, indicator_id, year in zip(figures["locality_id"], figures["indicator_id"], figures["period_year"]):
        chain = chains.get(locality_id)
        if chain is None:
            chain = chains[locality_id] = [locality_id, *workbook.ancestors(locality_id), NATIONAL]
        found = (-1, np.nan, pd.NA)
        if not pd.isna(year):
            for rank, scope_id in enumerate(chain):  # the most specific scope, then the nearest year
                row = next(
                    (row for target_year, row in index.get((indicator_id, scope_id), ()) if target_year >= year), None
                )
                if row is not None:
                    found = (row, scope_id, rank)
                    break
        rows.append(found[0])
        scope_ids.append(found[1])
        scope_ranks.append(found[2])
    chosen = columns.reindex(rows).reset_index(drop=True)
    chosen.insert(0, "target_scope_rank", pd.array(scope_ranks, dtype="Int64"))
    chosen.insert(0, "target_scope_id", pd.Series(scope_ids, dtype=object))
    result = pd.concat([figures.reset_index(drop=True), chosen], axis=1)
    result["target_year"] = result["target_year"].astype("Int64")
    return result


def meets(value: float, qualifier: str, comparison: str, target: float) -> bool:
    """Whether a figure is known to meet a target.

    A qualified figure stands for a range: "trên 85%" (``>``) is any value above 85, "chưa đạt
    100%" (``<``) any value below 100. It meets a target only when every value of its range
    does: "trên 85%" meets "> 85%", while "< 100%" does not meet "≥ 100%". An approximate
    figure (``~``) is taken at its value.
    """
    if qualifier in (">", ">="):
        above = value > target or (value == target and (qualifier == ">" or comparison == ">="))
        return comparison in (">=", ">") and above
    if qualifier in ("<", "<="):
        below = value < target or (value == target and (qualifier == "<" or comparison == "<="))
        return comparison in ("<=", "<") and below
    if comparison == ">=":
        return value >= target
    if comparison == ">":
        return value > target
    if comparison == "<=":
        return value <= target
    if comparison == "<":
        return value < target
    return abs(value - target) < 1e-9
