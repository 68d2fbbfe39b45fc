"""Ranks within a level: 1 is the best figure, honouring the indicator's direction; ties share a rank.

Only figures that can be put in order are ranked: an exact result (a figure given as "trên 85%"
has no place in an order) of a unit that is marked rankable (a roll-up missing some of its parts
is not). Ranks are counted within groups of alike figures, by default the same indicator, period
and level, so a commune is never ranked among provinces: "3/34" is the third of 34 provinces.
"""

from __future__ import annotations

import pandas as pd

from .i18n import label

GROUP = ("indicator_id", "period", "level")


def add_ranks(table: pd.DataFrame, group: tuple[str, ...] = GROUP) -> pd.DataFrame:
    """Add ``rank`` (1 = best; ties share the best rank of their block: 1, 2, 2, 4) and
    ``rank_total`` (how many figures were ranked in the group); both empty where not ranked.

    ``table`` needs ``result``, ``direction`` and the ``group`` columns; ``qualifier`` and a
    boolean ``rankable`` are honoured when present.
    """
    eligible = table["result"].notna()
    if "qualifier" in table:
        eligible &= table["qualifier"].fillna("") == ""
    if "rankable" in table:
        eligible &= table["rankable"].fillna(False).astype(bool)
    # higher is better: rank the negated value ascending, so one ascending rank serves both
    # rounded far below any shown decimal, so that sums and means equal on paper tie in floats too
    result = table["result"].astype("float64").round(9)
    signed = result.where(table["direction"] == "lower", -result)
    keys = [table[column] for column in group]
    ranked = signed.where(eligible).groupby(keys, dropna=False).rank(method="min")
    total = eligible.groupby(keys, dropna=False).transform("sum").where(eligible)
    return table.assign(rank=ranked.astype("Int64"), rank_total=total.astype("Int64"))


def format_rank(rank, total, lang: str = "vi") -> str:
    """``3/34``, or a dash when the figure has no rank."""
    if pd.isna(rank) or pd.isna(total):
        return "–"
    return label("rank_of", lang, rank=int(rank), total=int(total))
