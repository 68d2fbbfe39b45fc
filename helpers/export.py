"""The computed results as one tidy table for analysts and other tools (``cds export``).

One row per unit, indicator and period: the figure the workbook measures (``result``), its
fraction, the target that applies, the gap and status, the rank among the units of the same level
for the same indicator and period, and, on the map of a given day, which units' own figures a
combined figure came from. Numbers are written the machine way (``99.82``), as in data/.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pandas as pd

from .compute import add_rates, add_status
from .load import Workbook
from .ranks import add_ranks
from .remap import on_map
from .safe_text import for_spreadsheet
from .targets import resolve_targets

COLUMNS = [
    "locality_id",
    "admin_code",
    "name",
    "level",
    "indicator_id",
    "unit",
    "period",
    "result",
    "qualifier",
    "numerator",
    "denominator",
    "value",
    "target",
    "target_comparison",
    "target_year",
    "gap",
    "status",
    "rank",
    "rank_total",
    "rolled_up_from",
    "missing_parts",
    "complete",
]
FORMATS = (".csv", ".xlsx")


def results(
    workbook: Workbook,
    *,
    as_of: date | str | None = None,
    indicators: list[str] | None = None,
    periods: list[str] | None = None,
    level: str | None = None,
) -> pd.DataFrame:
    """Every result, ranked within its level; on the map of ``as_of`` when given.

    Without ``as_of`` each unit has its own figures only, as recorded (a former province keeps
    its figures under its own id). With it, only the units in force that day appear, each with its
    own figures and those combined from its parts (see :mod:`helpers.remap`).
    """
    if as_of is None:
        table = add_status(resolve_targets(workbook, add_rates(workbook.figures)))  # every period
        table = table.assign(
            rolled_up_from=[[] for _ in range(len(table))], missing_parts=[[] for _ in range(len(table))], complete=True
        )
    else:
        table = on_map(workbook, as_of)
    units = workbook.localities
    indicator = workbook.indicators
    table = table.assign(
        admin_code=table["locality_id"].map(units["admin_code"]),
        name=table["locality_id"].map(units["name"]),
        level=table["locality_id"].map(units["level"]),
        unit=table["indicator_id"].map(indicator["unit"]),
        direction=table["indicator_id"].map(indicator["direction"]),
        target=table["target_value"],
    )
    table = add_ranks(table.assign(rankable=table["complete"]))
    if indicators:
        table = table[table["indicator_id"].isin(indicators)]
    if periods:
        table = table[table["period"].isin(periods)]
    if level:
        table = table[table["level"] == level]
    order = {unit_id: n for n, unit_id in enumerate(units.index)}
    catalogue = {indicator_id: n for n, indicator_id in enumerate(indicator.index)}
    table = table.assign(_i=table["indicator_id"].map(catalogue), _u=table["locality_id"].map(order))
    table = table.sort_values(["_i", "period_end", "_u"], kind="stable")
    table = table.assign(
        rolled_up_from=table["rolled_up_from"].map(";".join), missing_parts=table["missing_parts"].map(";".join)
    )
    for column in ("numerator", "denominator"):  # whole numbers, also when summed
        table[column] = table[column].astype("float64").round().astype("Int64")
    return table[COLUMNS].reset_index(drop=True)


def table_bytes(table: pd.DataFrame, suffix: str) -> bytes:
    """The table as the bytes of a ``.csv`` (UTF-8) or ``.xlsx`` file."""
    # a name or note that Excel would run as a formula ("=HYPERLINK(…)") is written as text
    text = table.select_dtypes(include=["object", "string"]).columns
    table = table.assign(**{column: table[column].map(for_spreadsheet) for column in text})
    if suffix == ".csv":
        return table.to_csv(index=False, lineterminator="\n").encode("utf-8")
    if suffix == ".xlsx":
        buffer = io.BytesIO()
        with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
            table.to_excel(writer, index=False, sheet_name="results")
        return buffer.getvalue()
    raise ValueError(f"cannot write {suffix!r}: expected one of {', '.join(FORMATS)}")


def export(workbook: Workbook, out: Path, **selection) -> pd.DataFrame:
    """Write :func:`results` to ``out`` (``.csv`` or ``.xlsx``) atomically; return the table."""
    from .files import write_atomically

    table = results(workbook, **selection)
    write_atomically(Path(out), table_bytes(table, Path(out).suffix.lower()))
    return table


def export_round(workbook: Workbook, round_id: str, out: Path, lang: str = "vi") -> pd.DataFrame:
    """Write a collection round's completeness and timeliness (one row per expected unit,
    :func:`helpers.rounds.export_table`) to ``out`` (``.csv`` or ``.xlsx``) atomically; return the
    table. :class:`helpers.rounds.RoundError` (in ``lang``) when there is no such round."""
    from .files import write_atomically
    from .rounds import export_table, the_round

    the_round(workbook, round_id, lang)
    table = export_table(workbook, round_id)
    write_atomically(Path(out), table_bytes(table, Path(out).suffix.lower()))
    return table
