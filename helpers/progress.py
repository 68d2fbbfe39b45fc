"""Progress over time toward a target, after Open SDG's progress measure.

Method
------
A *series* is one locality's figures for one indicator over several periods, each placed in
time at the end of its period (a period "to date" has no end and is left out). A series needs
at least two figures at different dates. Count indicators only use periods of the same length
from 1 January as the latest figure, as a 6-month count is not comparable with a yearly one;
rates use every closed period.

With the first figure ``x0`` at ``t0``, the latest ``x1`` at ``t1``, and the target ``T`` that
applies to the latest figure, due at the end of its year ``tT`` (times in years of 365.25 days):

1. the latest figure meets the target: **target achieved**;
2. otherwise the compound annual growth rate achieved, ``(x1 / x0) ** (1 / (t1 - t0)) - 1``, is
   compared with the rate needed, ``(T / x0) ** (1 / (tT - t0)) - 1``. Both are signed by the
   indicator's ``direction`` (negated where lower is better), so growth the right way is
   positive. When ``x0`` is 0 a compound rate has no base, and the change per year
   (``(x1 - x0) / (t1 - t0)`` against ``(T - x0) / (tT - t0)``) is used instead;
3. ``ratio = achieved / needed``: ratio ≥ 0.95 **on track**, 0.5 ≤ ratio < 0.95 **acceleration
   needed**, 0 ≤ ratio < 0.5 **limited progress**, ratio < 0 **deterioration**. Where nothing
   more was needed at ``t0`` (the first figure already met the target, the latest does not),
   the series has gone back: deterioration, or limited progress if it stayed level.

A series without a target gets **no target**, with its achieved growth.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from .compute import add_rates
from .frames import positions_by_locality
from .load import Workbook
from .periods import parse_period

# the status names live apart, importable without pandas (re-exported here)
from .statuses import ACCELERATION_NEEDED, DETERIORATION, LIMITED_PROGRESS, NO_TARGET, ON_TRACK, PACE, TARGET_ACHIEVED  # noqa: F401
from .statuses import PROGRESS_STATUSES as STATUSES  # noqa: F401
from .targets import meets, resolve_targets

ON_TRACK_RATIO = 0.95
ACCELERATION_RATIO = 0.5
DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class Progress:
    """The progress status of one series, with the growth rates it was judged on.

    ``achieved`` and ``needed`` are per year, in the indicator's good direction: fractions
    (0.05 = 5 % a year) when ``method`` is ``"compound"``, units of the indicator a year
    when it is ``"linear"``.
    """

    status: str
    achieved: float | None = None
    needed: float | None = None
    ratio: float | None = None
    method: str = "compound"


def years_between(start: date, end: date) -> float:
    """Years from ``start`` to ``end``, counted in days."""
    return (pd.Timestamp(end) - pd.Timestamp(start)).days / DAYS_PER_YEAR


def target_deadline(year: int) -> date:
    """A target for a year is due at that year's end."""
    return date(int(year), 12, 31)


def _growth(start: float, end: float, years: float, compound: bool) -> float:
    if compound:
        return (end / start) ** (1 / years) - 1
    return (end - start) / years


def classify(ratio: float) -> str:
    """The status for a ratio of achieved to needed growth."""
    if ratio >= ON_TRACK_RATIO:
        return ON_TRACK
    if ratio >= ACCELERATION_RATIO:
        return ACCELERATION_NEEDED
    if ratio >= 0:
        return LIMITED_PROGRESS
    return DETERIORATION


def progress_status(
    first: float,
    first_end: date,
    latest: float,
    latest_end: date,
    *,
    direction: str,
    target: float | None = None,
    comparison: str | None = None,
    target_year: int | None = None,
    qualifier: str = "",
) -> Progress:
    """The progress of a series from its first to its latest figure toward a target.

    Parameters
    ----------
    first, first_end, latest, latest_end
        The first and latest figures and the end dates of their periods.
    direction
        ``"higher"`` or ``"lower"``: which way is better.
    target, comparison, target_year
        The target that applies to the latest figure; ``None`` when there is none.
    qualifier
        The latest figure's qualifier (``">"`` for "trên 85%"), as for :func:`meets`.

    Raises
    ------
    ValueError
        When the latest figure is not later than the first.
    """
    elapsed = years_between(first_end, latest_end)
    if elapsed <= 0:
        raise ValueError("a series needs its latest figure later than its first")
    sign = 1 if direction == "higher" else -1
    compound = first > 0
    method = "compound" if compound else "linear"
    achieved = sign * _growth(first, latest, elapsed, compound)
    if target is None or pd.isna(target):
        return Progress(NO_TARGET, achieved, method=method)
    if meets(latest, qualifier, comparison, target):
        return Progress(TARGET_ACHIEVED, achieved, method=method)
    remaining = years_between(first_end, target_deadline(target_year))
    needed = sign * _growth(first, target, remaining, compound)
    if needed <= 0:
        return Progress(DETERIORATION if achieved < 0 else LIMITED_PROGRESS, achieved, needed, method=method)
    ratio = achieved / needed
    return Progress(classify(ratio), achieved, needed, ratio, method)


# A report asks for its locality's series three times (statuses' pace, progress, trend charts): the
# last one made is kept on the workbook (Workbook.derived), for the same locality, and handed out as
# a copy; other figures or another catalogue put in the workbook make it again.


def series_figures(workbook: Workbook, locality_id: str) -> pd.DataFrame:
    """Every figure of the locality that can take part in a series, oldest first.

    Keeps figures with a result and a closed period; for counts, only periods as long as the
    latest one's. Of two figures ending on the same day, the one with the later start (the
    shorter period) is kept. Adds ``unit`` and ``direction``.
    """
    last = workbook.derived("progress.series", ("figures", "indicators"), dict)  # {locality: its series}
    if locality_id not in last:
        last.clear()  # one locality at a time: a session goes through many
        last[locality_id] = _series_figures(workbook, locality_id)
    return last[locality_id].copy()


def share_series(view: Workbook, whole: Workbook, locality_id: str) -> None:
    """Give ``view`` (``whole`` limited to the locality and its units, see
    :meth:`~helpers.load.Workbook.limited_to`) the locality's series, cut from the whole
    workbook's: those are made once per workbook, for every locality in one pass, so report after
    report does not sort and filter its own. The view holds every figure of the locality, so its
    series are the same rows as the whole's."""
    every, rows = whole.derived("progress.every_series", ("figures", "indicators"), lambda: _every_series(whole))
    cache = view.derived("progress.series", ("figures", "indicators"), dict)
    cache.clear()
    cache[locality_id] = every.iloc[rows.get(locality_id, [])].reset_index(drop=True)


def _every_series(workbook: Workbook) -> tuple[pd.DataFrame, dict]:
    every = series_of(workbook, workbook.figures)
    return every, positions_by_locality(every)


def _series_figures(workbook: Workbook, locality_id: str) -> pd.DataFrame:
    return series_of(workbook, workbook.figures[workbook.figures["locality_id"] == locality_id])


def series_of(workbook: Workbook, figures: pd.DataFrame) -> pd.DataFrame:
    """:func:`series_figures` for any figures of data/, each locality's series apart."""
    series = ["locality_id", "indicator_id"]
    figures = add_rates(figures)
    figures = figures[figures["result"].notna() & figures["period_end"].notna()]
    figures = figures.merge(
        workbook.indicators[["unit", "direction"]], left_on="indicator_id", right_index=True, how="left"
    )
    months = pd.Series([parse_period(p).months for p in figures["period"]], index=figures.index, dtype="object")
    figures = figures.assign(months=months).sort_values([*series, "period_end", "period_start"])
    figures = figures.drop_duplicates([*series, "period_end"], keep="last")
    if figures.empty:
        return figures.iloc[0:0]
    # sorted by series, each series' rows are together: its last row is the latest figure (a
    # plain pass over the columns; a group-by builds frames for every series of the locality)
    keys = list(zip(figures["locality_id"], figures["indicator_id"]))
    units, months = list(figures["unit"]), list(figures["months"])
    latest = {key: (unit, length) for key, unit, length in zip(keys, units, months)}
    keep = [
        latest[key][0] != "count" or (length == latest[key][1] and pd.notna(length))
        for key, length in zip(keys, months)
    ]
    return figures[keep].reset_index(drop=True)


def locality_progress(workbook: Workbook, locality_id: str) -> pd.DataFrame:
    """One row per indicator with a series of two or more figures, in catalogue order.

    Columns: ``indicator_id``, ``points`` (how many figures), ``first_period``, ``first``,
    ``latest_period``, ``latest``, the target columns of
    :func:`~helpers.targets.resolve_targets` for the latest figure, and ``status``,
    ``achieved``, ``needed``, ``ratio``, ``method`` from :func:`progress_status`.
    """
    return paths_of(workbook, series_figures(workbook, locality_id)).drop(columns="locality_id")


def paths_of(workbook: Workbook, figures: pd.DataFrame) -> pd.DataFrame:
    """:func:`locality_progress` for the series of :func:`series_of`, with ``locality_id`` first."""
    series = ["locality_id", "indicator_id"]
    counts = figures.groupby(series)["period"].transform("size")
    figures = figures[counts >= 2]
    columns = [
        "locality_id",
        "indicator_id",
        "points",
        "first_period",
        "first",
        "latest_period",
        "latest",
        "target_value",
        "target_comparison",
        "target_year",
        "target_scope_id",
        "target_scope_rank",
        "target_source_id",
        "target_locator",
        "status",
        "achieved",
        "needed",
        "ratio",
        "method",
    ]
    if figures.empty:
        return pd.DataFrame(columns=columns)
    latest = resolve_targets(workbook, figures.groupby(series).tail(1))
    first = figures.groupby(series).head(1).set_index(series)
    points = figures.groupby(series).size()
    rows = []
    for _, last in latest.iterrows():
        key = (last["locality_id"], last["indicator_id"])
        start = first.loc[key]
        result = progress_status(
            start["result"],
            start["period_end"].date(),
            last["result"],
            last["period_end"].date(),
            direction=last["direction"],
            target=last["target_value"],
            comparison=last["target_comparison"],
            target_year=None if pd.isna(last["target_year"]) else int(last["target_year"]),
            qualifier=last["qualifier"],
        )
        rows.append(
            {
                "locality_id": key[0],
                "indicator_id": key[1],
                "points": int(points.loc[key]),
                "first_period": start["period"],
                "first": start["result"],
                "latest_period": last["period"],
                "latest": last["result"],
                **{column: last[column] for column in columns[7:14]},
                "status": result.status,
                "achieved": result.achieved,
                "needed": result.needed,
                "ratio": result.ratio,
                "method": result.method,
            }
        )
    order = {indicator: n for n, indicator in enumerate(workbook.indicators.index)}
    table = pd.DataFrame(rows, columns=columns)
    table = table.assign(_order=table["indicator_id"].map(order))
    return table.sort_values(["locality_id", "_order"], kind="stable").drop(columns="_order").reset_index(drop=True)
