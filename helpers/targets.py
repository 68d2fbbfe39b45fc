"""Which target applies to a figure, and whether the figure meets it.

A target applies to a figure when it is for the same indicator, its scope is the figure's
locality, one of the locality's parents, or the whole country, and its year is the figure's
year or later (a 2025 target is the goal a 2023 figure is measured against). Among those, the
most specific scope wins (locality plan, then province, then national), then the nearest year.
"""

from __future__ import annotations

import pandas as pd

from .load import Workbook

NATIONAL = ""


def scope_chains(workbook: Workbook, locality_ids=None) -> pd.DataFrame:
    """For each locality (all, or ``locality_ids``), the scopes whose targets may apply to it,
    most specific first.

    Returns
    -------
    DataFrame
        Columns ``locality_id``, ``scope_id`` (``""`` for national) and ``scope_rank``.
    """
    rows = []
    for locality_id in workbook.localities.index if locality_ids is None else locality_ids:
        chain = [locality_id, *workbook.ancestors(locality_id), NATIONAL]
        rows += [(locality_id, scope, rank) for rank, scope in enumerate(chain)]
    return pd.DataFrame(rows, columns=["locality_id", "scope_id", "scope_rank"])


def resolve_targets(workbook: Workbook, figures: pd.DataFrame) -> pd.DataFrame:
    """Add the applicable target to each figure.

    Adds ``target_value``, ``target_comparison``, ``target_year``, ``target_scope_id``
    (``""`` = national), ``target_scope_rank`` (0 = the locality's own plan),
    ``target_source_id``, ``target_locator`` and ``target_note``; all empty when no target
    applies.
    """
    targets = workbook.targets.assign(scope_id=workbook.targets["locality_id"].fillna(NATIONAL))
    if "note" not in targets:
        targets = targets.assign(note=pd.NA)
    targets = targets.rename(
        columns={
            "value": "target_value",
            "comparison": "target_comparison",
            "year": "target_year",
            "source_id": "target_source_id",
            "locator": "target_locator",
            "note": "target_note",
        }
    )[
        [
            "indicator_id",
            "scope_id",
            "target_value",
            "target_comparison",
            "target_year",
            "target_source_id",
            "target_locator",
            "target_note",
        ]
    ]

    keyed = figures.reset_index(drop=True).rename_axis("figure_row").reset_index()
    candidates = (
        keyed[["figure_row", "locality_id", "indicator_id", "period_year"]]
        .merge(scope_chains(workbook, keyed["locality_id"].unique()), on="locality_id")
        .merge(targets, on=["indicator_id", "scope_id"])
    )
    candidates = candidates[candidates["target_year"] >= candidates["period_year"]]
    chosen = (
        candidates.sort_values(["figure_row", "scope_rank", "target_year"])
        .drop_duplicates("figure_row")
        .rename(columns={"scope_id": "target_scope_id", "scope_rank": "target_scope_rank"})
        .drop(columns=["locality_id", "indicator_id", "period_year"])
    )
    result = keyed.merge(chosen, on="figure_row", how="left").drop(columns="figure_row")
    result["target_year"] = result["target_year"].astype("Int64")
    result["target_scope_rank"] = result["target_scope_rank"].astype("Int64")
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
