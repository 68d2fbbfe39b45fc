"""Rates, gaps to target and status for a locality's figures."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .load import Workbook

# the status names live apart, importable without pandas (re-exported here)
from .statuses import BEHIND, MET, NO_TARGET, NOT_DUE, NOT_MET, ON_TRACK, PENDING, RESTATES, STATUSES  # noqa: F401
from .targets import meets, resolve_targets


def as_float(value) -> float:
    """A numerator or denominator as a float to add up; NaN where the figure has none (NA, None)."""
    return float("nan") if pd.isna(value) else float(value)


def add_rates(figures: pd.DataFrame) -> pd.DataFrame:
    """Add ``rate`` (numerator ÷ denominator × 100, where both exist) and ``result``.

    ``result`` is the figure the workbook measures: the computed rate where it can be computed,
    else the value as reported. The reported ``value`` is kept beside it.
    """
    numerator = figures["numerator"].astype("float64")
    denominator = figures["denominator"].astype("float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = (numerator / denominator * 100).where(denominator > 0)
    return figures.assign(rate=rate, result=rate.fillna(figures["value"]))


def select_period(figures: pd.DataFrame, period: str | None) -> pd.DataFrame:
    """The figures of ``period``; or, when ``period`` is empty, each indicator's latest figure."""
    if period:
        return figures[figures["period"] == period]
    ordered = figures.assign(_end=figures["period_end"].fillna(figures["period_start"]))
    ordered = ordered.sort_values(["indicator_id", "_end", "period_start"])
    return ordered.drop_duplicates(["locality_id", "indicator_id"], keep="last").drop(columns="_end")


def restates_target(table: pd.DataFrame) -> pd.Series:
    """Whether each figure only repeats its target: both from one document, at the same level.

    "Trên 85%" in a results paragraph against "trên 85%" in the plan of the same article (or
    "80%" against "≥ 80%") says what the plan asks, not what was measured; such a comparison is
    flagged and never counted as met.
    """
    if "source_id" not in table or "target_source_id" not in table:
        return pd.Series(False, index=table.index)
    printed = table["value"].astype("float64").fillna(table["result"].astype("float64"))
    qualifier = table["qualifier"].fillna("")
    comparison = table["target_comparison"]
    same_level = (printed - table["target_value"].astype("float64")).abs() < 1e-9
    same_bound = (qualifier == comparison) | ((qualifier == "") & comparison.isin([">=", "<=", "="]))
    same_document = table["source_id"].notna() & (table["source_id"] == table["target_source_id"])
    return (same_document & same_level & same_bound).fillna(False).astype(bool)


def verdict(
    result: float, qualifier: str, comparison: str, target: float, target_year, period_year, restates: bool = False
) -> str:
    """The status of one figure against its target, respecting the target's year.

    Met when the figure meets the target (whenever it is due), unless it only restates it;
    not met only once the target's year is the figure's year; before that, not yet due.
    """
    if restates:
        return RESTATES
    if meets(result, qualifier, comparison, target):
        return MET
    if pd.notna(target_year) and pd.notna(period_year) and int(target_year) > int(period_year):
        return NOT_DUE
    return NOT_MET


def add_status(table: pd.DataFrame) -> pd.DataFrame:
    """Add ``gap`` (result − target, in points for rates) and ``status``.

    ``status`` is one of :data:`STATUSES`: ``met``, ``not_met`` (the target's year is the
    figure's year, or past), ``not_due`` (the target's year is still to come; :func:`add_pace`
    turns it into ``on_track`` / ``behind`` where a series gives the path),
    ``restates_target`` (see :func:`restates_target`) or ``no_target``.
    """
    has_target = table["target_value"].notna() & table["result"].notna()
    years = table["period_year"] if "period_year" in table else pd.Series(pd.NA, index=table.index)
    restates = restates_target(table)
    status = [
        verdict(r, q, c, t, ty, py, rs) if ok else NO_TARGET
        for ok, r, q, c, t, ty, py, rs in zip(
            has_target,
            table["result"],
            table["qualifier"],
            table["target_comparison"],
            table["target_value"],
            table["target_year"],
            years,
            restates,
        )
    ]
    return table.assign(gap=(table["result"] - table["target_value"]).where(has_target), status=status)


def add_pace(workbook: Workbook, locality_id: str, table: pd.DataFrame) -> pd.DataFrame:
    """Turn ``not_due`` into ``on_track`` or ``behind`` where the locality has a series.

    The path is Open SDG's (:mod:`helpers.progress`): the growth achieved from the first figure
    to this one against the growth needed to reach the target by the end of its year.
    """
    from . import progress  # progress builds on this module

    if not (table["status"] == NOT_DUE).any():
        return table
    return _paced(table, progress.paths_of(workbook, progress.series_figures(workbook, locality_id)))


def _paced(table: pd.DataFrame, paths: pd.DataFrame) -> pd.DataFrame:
    """``table`` with each ``not_due`` figure that ends a series of ``paths`` on track or behind."""
    from . import progress

    if paths.empty:
        return table
    paths = paths.set_index(["locality_id", "indicator_id"])
    status = list(table["status"])
    for n, (_, row) in enumerate(table.iterrows()):
        key = (row["locality_id"], row["indicator_id"])
        if status[n] != NOT_DUE or key not in paths.index:
            continue
        path = paths.loc[key]
        if path["latest_period"] != row["period"] or path["status"] not in progress.PACE:
            continue
        status[n] = ON_TRACK if path["status"] == progress.ON_TRACK else BEHIND
    return table.assign(status=status)


def shortfall(table: pd.DataFrame) -> pd.Series:
    """How far each figure falls short of its target, in the indicator's good direction."""
    sign = table["direction"].map({"higher": -1, "lower": 1})
    return table["gap"] * sign


def locality_table(workbook: Workbook, locality_id: str, period: str | None = None) -> pd.DataFrame:
    """Every figure of a locality for the period, with its rate, target, gap and status.

    Rows are ordered by pillar (in the catalogue's order) and then by the catalogue's
    indicator order, so tables read the same way in every report.
    """
    workbook.locality(locality_id)  # raises a clear KeyError for an unknown id
    figures = workbook.figures[workbook.figures["locality_id"] == locality_id]
    table = add_status(resolve_targets(workbook, add_rates(select_period(figures, period))))
    return describe(workbook, add_pace(workbook, locality_id, table))


def with_catalogue(workbook: Workbook, table: pd.DataFrame) -> pd.DataFrame:
    """The table with each indicator's pillar, names, unit and direction from the catalogue, and
    ``_order``, the indicator's place in it (to sort by, then drop)."""
    indicators = workbook.indicators
    order = {indicator: position for position, indicator in enumerate(indicators.index)}
    table = table.merge(
        indicators[["pillar", "name_vi", "name_en", "unit", "direction"]],
        left_on="indicator_id",
        right_index=True,
        how="left",
    )
    return table.assign(_order=table["indicator_id"].map(order))


def describe(workbook: Workbook, table: pd.DataFrame) -> pd.DataFrame:
    """Add the indicators' pillar, names, unit and direction, in catalogue order."""
    table = with_catalogue(workbook, table)
    pillars = {pillar: position for position, pillar in enumerate(dict.fromkeys(workbook.indicators["pillar"]))}
    table = (
        table.assign(_pillar=table["pillar"].map(pillars))
        .sort_values(["_pillar", "_order"], kind="stable")
        .drop(columns=["_pillar", "_order"])
    )
    return table.reset_index(drop=True)


def all_localities_table(workbook: Workbook, period: str | None = None) -> pd.DataFrame:
    """:func:`locality_table`'s figures, rates, targets and status for every locality at once."""
    from . import progress

    table = add_status(resolve_targets(workbook, add_rates(select_period(workbook.figures, period))))
    pending = table[table["status"] == NOT_DUE]
    if pending.empty:
        return table
    # the series of the figures not yet due only, read in one pass
    wanted = pd.MultiIndex.from_frame(pending[["locality_id", "indicator_id"]])
    figures = workbook.figures
    mine = pd.MultiIndex.from_frame(figures[["locality_id", "indicator_id"]]).isin(wanted)
    return _paced(table, progress.paths_of(workbook, progress.series_of(workbook, figures[mine])))
