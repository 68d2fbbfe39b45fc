"""A province's or district's figures rolled up from its units, and its units' standing.

Units are the localities whose ``parent_id`` names the parent: a unit keeps the parent it had
while it existed, so a district abolished on 2025-06-30 stays, with its history, under the
province record of that time (Hồng Ngự under Đồng Tháp 87, not under Đồng Tháp 82).

A rate is rolled up as the sum of the units' numerators over the sum of their denominators for
the same indicator and period, never as an average of rates. A unit that has no figure of its
own for an indicator and period contributes the roll-up of its own units, and a unit's own
figure is never added to its units' (that would count the same dossiers twice). Figures without
a numerator and denominator cannot be added and are listed as left out, as are figures for a
period when the parent did not exist.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .compute import add_status, as_float, with_catalogue
from .load import Workbook
from .targets import resolve_targets

NO_FRACTION = "no_fraction"
OUTSIDE_PARENT = "outside_parent"
_KEY = ["indicator_id", "period"]
_PERIOD = ["period", "period_start", "period_end", "period_year"]


@dataclass
class Rollup:
    """What a parent's units add up to, and which of their figures could not be added."""

    figures: pd.DataFrame
    left_out: pd.DataFrame


def units_of(workbook: Workbook, parent_id: str) -> pd.DataFrame:
    """The localities whose parent is ``parent_id``, in the order of ``localities.csv``."""
    return workbook.localities.loc[workbook.children(parent_id)]


def descendants(workbook: Workbook, parent_id: str) -> list[str]:
    """Every unit below ``parent_id``, depth first."""
    found = []
    for unit_id in workbook.children(parent_id):
        found += [unit_id, *descendants(workbook, unit_id)]
    return found


_ROW = [*_KEY, *_PERIOD[1:], "numerator", "denominator", "units"]


# What a roll-up reads of a workbook, kept on it (Workbook.derived): the units that have figures
# (or units below them that have), and each unit's rate figures as plain rows. A roll-up asks at
# every unit on its way down; finding them walks up from every unit of the country, and a
# province's hundred communes are summed as rows, not as a hundred small tables.
def _prepared(workbook: Workbook) -> tuple[set[str], dict[str, list[tuple]], dict[str, tuple]]:
    """The units with figures (or units below with some), each unit's rate figures as rows, and
    each unit's first and last day."""
    found, rows = workbook.derived("rollup.rows", ("figures", "localities", "indicators"), lambda: _rate_rows(workbook))
    # the registry is the same for every report's view of the data (Workbook.limited_to)
    return found, rows, workbook.derived("rollup.lives", ("localities",), lambda: _lives(workbook.localities))


def _rate_rows(workbook: Workbook) -> tuple[set[str], dict[str, list[tuple]]]:
    figures = workbook.figures
    with_figures = set(figures["locality_id"])
    found = set(with_figures)
    for locality_id in with_figures:
        found.update(workbook.ancestors(locality_id))
    rates = figures[figures["indicator_id"].map(workbook.indicators["unit"]) == "percent"]
    rows: dict[str, list[tuple]] = {}
    for row in zip(
        rates.index,
        rates["locality_id"],
        rates["indicator_id"],
        rates["period"],
        rates["period_start"],
        rates["period_end"],
        rates["period_year"],
        rates["numerator"],
        rates["denominator"],
    ):
        rows.setdefault(row[1], []).append(row)
    return found, rows


def _lives(units: pd.DataFrame) -> dict[str, tuple]:
    return dict(zip(units.index, zip(units["valid_from"].tolist(), units["valid_to"].tolist())))


def _figured(workbook: Workbook) -> set[str]:
    """The units that have figures, or units below them that have: the only ones worth a visit
    (a province has a hundred communes, most without a figure)."""
    return _prepared(workbook)[0]


def _fractions(workbook: Workbook, locality_id: str, left_out: list) -> list[tuple]:
    """The locality's rate fractions (rows of ``_ROW``): its own where it has one, else its
    units' sums. ``left_out`` gets what cannot be added, in the order met: a list of figures'
    labels without a fraction, or a table of rows outside their parent's life."""
    own, keys, without = [], set(), []
    for label, _, indicator_id, period, start, end, year, numerator, denominator in _prepared(workbook)[1].get(
        locality_id, ()
    ):
        if pd.isna(numerator):
            without.append(label)
            continue
        own.append((indicator_id, period, start, end, year, as_float(numerator), as_float(denominator), [locality_id]))
        keys.add((indicator_id, period))
    if without:
        left_out.append(without)
    below = _summed(workbook, locality_id, left_out)
    return own + [row for row in below if (row[0], row[1]) not in keys]


def _summed(workbook: Workbook, parent_id: str, left_out: list) -> list[tuple]:
    """The parent's units' fractions summed per indicator and period (rows of ``_ROW``)."""
    figured, _, lives = _prepared(workbook)
    since, until = lives[parent_id]
    stacked = []
    for unit_id in [u for u in workbook.children(parent_id) if u in figured]:
        outside = []
        for row in _fractions(workbook, unit_id, left_out):
            when = row[3] if pd.notna(row[3]) else row[2]
            if (pd.isna(since) or when >= since) and (pd.isna(until) or when <= until):
                # the unit answers for what it contributes, whether its own figure or its units' sum
                stacked.append((*row[:-1], [unit_id]))
            else:
                outside.append(row)
        if outside:
            left_out.append(pd.DataFrame(outside, columns=_ROW).assign(locality_id=unit_id, reason=OUTSIDE_PARENT))
    if not stacked:
        return []
    summed = (
        pd.DataFrame(stacked, columns=_ROW)
        .groupby(_KEY, sort=False)
        .agg(
            period_start=("period_start", "first"),
            period_end=("period_end", "first"),
            period_year=("period_year", "first"),
            numerator=("numerator", "sum"),
            denominator=("denominator", "sum"),
            units=("units", "sum"),
        )
        .reset_index()
    )
    return list(zip(*(summed[column] for column in _ROW)))


def _left_out(workbook: Workbook, left: list) -> pd.DataFrame:
    """The figures that could not be added, as :func:`_fractions` met them, in one table."""
    frames, without = [], []
    for part in [*left, None]:
        if isinstance(part, list):
            without += part
            continue
        if without:  # figures without a fraction, listed together until another reason comes
            frames.append(workbook.figures.loc[without].assign(reason=NO_FRACTION))
            without = []
        if part is not None:
            frames.append(part)
    if not frames:
        return pd.DataFrame(columns=["locality_id", *_KEY, "reason"])
    return pd.concat(frames, ignore_index=True)


def rollup(workbook: Workbook, parent_id: str) -> Rollup:
    """The parent's rates summed up from its units, with target, gap and status.

    Returns
    -------
    Rollup
        ``figures``: one row per indicator and period, with ``numerator``, ``denominator``,
        ``rate``, ``units`` (the ids of the units counted), ``expected`` and ``reported``
        ("k of N units reported", see :func:`expected_units`), the applicable
        target of the parent, ``gap``, ``status`` and the indicator's names, in catalogue
        order. ``left_out``: the units' figures that could not be added, with ``reason``.
    """
    if parent_id in workbook.localities.index and not workbook.children(parent_id):
        # a unit without units (a commune) has nothing to sum: the same empty roll-up for every
        # one of them, made once per workbook (its columns come from the catalogue)
        nothing = workbook.derived(
            "rollup.nothing", ("localities", "indicators", "targets"), lambda: _rollup(workbook, parent_id)
        )
        return Rollup(nothing.figures.copy(), nothing.left_out.copy())
    return _rollup(workbook, parent_id)


def _rollup(workbook: Workbook, parent_id: str) -> Rollup:
    left: list = []
    summed = pd.DataFrame(_summed(workbook, parent_id, left), columns=_ROW)
    summed = summed.assign(
        locality_id=parent_id,
        qualifier="",
        value=float("nan"),
        numerator=summed["numerator"].astype("float64"),
        denominator=summed["denominator"].astype("float64"),
    )
    summed["rate"] = summed["numerator"] / summed["denominator"] * 100
    summed["result"] = summed["rate"]
    summed["period_year"] = summed["period_year"].astype("Int64")
    if len(summed):
        summed = add_status(resolve_targets(workbook, summed))
    summed = with_catalogue(workbook, summed).sort_values(["_order", "period_end"]).drop(columns="_order")
    summed = summed.reset_index(drop=True)
    summed = _with_reporting(workbook, parent_id, summed)
    return Rollup(summed, _left_out(workbook, left))


def expected_units(workbook: Workbook, parent_id: str, period: str, period_end, period_start) -> list[str]:
    """The units expected to report ``period`` to ``parent_id``: a collection round's units when
    one is declared for that parent and period (helpers/rounds.py), else the parent's units in
    force at the end of the period (its start when open)."""
    from .rounds import expected_for

    declared = expected_for(workbook, parent_id, period)
    if declared is not None:
        return declared
    when = period_end if pd.notna(period_end) else period_start
    units = units_of(workbook, parent_id)
    alive = (units["valid_from"].isna() | (units["valid_from"] <= when)) & (
        units["valid_to"].isna() | (units["valid_to"] >= when)
    )
    return list(units.index[alive])


def _with_reporting(workbook: Workbook, parent_id: str, summed: pd.DataFrame) -> pd.DataFrame:
    """``expected`` (N) and ``reported`` (k): "k of N units reported" for each rolled-up figure."""
    expected, reported = [], []
    cache: dict[str, list[str]] = {}
    for period, end, start, units in zip(
        summed["period"], summed["period_end"], summed["period_start"], summed["units"]
    ):
        if period not in cache:
            cache[period] = expected_units(workbook, parent_id, period, end, start)
        expect = set(cache[period])
        expected.append(len(expect))
        reported.append(len(expect & set(units)))
    return summed.assign(expected=pd.array(expected, dtype="Int64"), reported=pd.array(reported, dtype="Int64"))


def provinces_of(workbook: Workbook) -> dict[str, str]:
    """The province of every unit of the registry (a province's is itself), in one pass."""
    parents = workbook.localities["parent_id"]
    found: dict[str, str] = {}
    for unit in parents.index:
        chain = [unit]
        while chain[-1] not in found:
            parent = parents[chain[-1]]
            if not isinstance(parent, str) or not parent:
                found[chain[-1]] = chain[-1]
                break
            chain.append(parent)
        found.update((u, found[chain[-1]]) for u in chain)
    return found


def has_figures(workbook: Workbook, locality_id: str) -> bool:
    """Whether the locality, or any unit below it, has a figure."""
    return locality_id in _figured(workbook)


def units_with_figures(workbook: Workbook, parent_id: str) -> list[str]:
    """The parent's units that have figures of their own or below them."""
    return [u for u in units_of(workbook, parent_id).index if has_figures(workbook, u)]


def reporting_localities(workbook: Workbook) -> list[str]:
    """Localities that have figures, or whose units have, or that a unit with figures became
    part of (a merged province shows its former provinces' figures): every locality a report is
    made for."""
    figures = workbook.figures
    with_figures = set(figures["locality_id"])
    reporting = set(with_figures)
    # a parent reports what its units' rates add up to (counts are not summed): only units with
    # a rate make a report of their parents, which would otherwise have nothing to show
    with_rates = set(figures.loc[figures["indicator_id"].map(workbook.indicators["unit"]) == "percent", "locality_id"])
    for locality_id in with_rates:  # walking up is cheap; walking down from every unit is not
        reporting.update(workbook.ancestors(locality_id))
    waiting = list(reporting)
    while waiting:  # successors, and their parents, get the figures carried onto today's map
        for successor in workbook.successors(waiting.pop()):
            for unit_id in (successor, *workbook.ancestors(successor)):
                if unit_id not in reporting:
                    reporting.add(unit_id)
                    waiting.append(unit_id)
    return [i for i in workbook.localities.index if i in reporting]
