"""Rates, gaps to target and status for a locality's figures."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .load import Workbook
from .targets import meets, resolve_targets

MET, NOT_MET, NO_TARGET = "met", "not_met", "no_target"


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


def add_status(table: pd.DataFrame) -> pd.DataFrame:
    """Add ``gap`` (result − target, in points for rates) and ``status`` (met / not_met / no_target)."""
    has_target = table["target_value"].notna() & table["result"].notna()
    status = [
        (MET if meets(r, q, c, t) else NOT_MET) if ok else NO_TARGET
        for ok, r, q, c, t in zip(has_target, table["result"], table["qualifier"],
                                  table["target_comparison"], table["target_value"])
    ]
    return table.assign(gap=(table["result"] - table["target_value"]).where(has_target),
                        status=status)


def locality_table(workbook: Workbook, locality_id: str, period: str | None = None) -> pd.DataFrame:
    """Every figure of a locality for the period, with its rate, target, gap and status.

    Rows are ordered by pillar (in the catalogue's order) and then by the catalogue's
    indicator order, so tables read the same way in every report.
    """
    workbook.locality(locality_id)  # raises a clear KeyError for an unknown id
    figures = workbook.figures[workbook.figures["locality_id"] == locality_id]
    table = add_status(resolve_targets(workbook, add_rates(select_period(figures, period))))
    return describe(workbook, table)


def describe(workbook: Workbook, table: pd.DataFrame) -> pd.DataFrame:
    """Add the indicators' pillar, names, unit and direction, in catalogue order."""
    indicators = workbook.indicators
    table = table.merge(
        indicators[["pillar", "name_vi", "name_en", "unit", "direction"]],
        left_on="indicator_id", right_index=True, how="left",
    )
    order = {indicator: position for position, indicator in enumerate(indicators.index)}
    pillars = {pillar: position for position, pillar in enumerate(dict.fromkeys(indicators["pillar"]))}
    table = table.assign(
        _pillar=table["pillar"].map(pillars), _order=table["indicator_id"].map(order)
    ).sort_values(["_pillar", "_order"], kind="stable").drop(columns=["_pillar", "_order"])
    return table.reset_index(drop=True)


def all_localities_table(workbook: Workbook, period: str | None = None) -> pd.DataFrame:
    """:func:`locality_table`'s figures, rates, targets and status for every locality at once."""
    return add_status(resolve_targets(workbook, add_rates(select_period(workbook.figures, period))))
