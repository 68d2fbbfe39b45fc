"""Reconcile reported rates with the rates computed from their numerator and denominator.

Sources print rates by hand: 18.592/18.624 = 99,828…% is printed 99,82% (truncated), and
104.756/150.594 = 69,56% is printed 69% (truncated to a whole number). Each reported value is
compared with the computed rate at the precision it was printed with:

=====================  =============================================================  ========
class                  when                                                           severity
=====================  =============================================================  ========
``exact``              the computed rate equals the reported value                     –
``rounded``            rounding the rate (half up) to the printed decimals gives it    –
``rounded_to_whole``   printed without decimals, and rounding gives it                 –
``truncated``          cutting the rate at the printed decimals gives it               warning
``inconsistent``       none of the above                                               error if
                                                                                      beyond
                                                                                      tolerance,
                                                                                      else warning
=====================  =============================================================  ========

The tolerance (``TOLERANCE_POINTS``, 0,5 percentage point) separates a slip of the last digit
from a figure that cannot come from its fraction.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import pandas as pd

TOLERANCE_POINTS = 0.5
CLASSES = ("exact", "rounded", "rounded_to_whole", "truncated", "inconsistent")


def decimals_of(text: str) -> int:
    """How many decimals a number was written with: ``"45.70"`` → 2, ``"69"`` → 0."""
    return len(text.split(".", 1)[1]) if "." in text else 0


# Up to this many printed decimals the class is found in whole numbers, which gives the same
# answer as the decimal arithmetic below for every fraction of 15-digit numbers (the loader's
# limit), as the gap between such a fraction and a printed step is never under 10⁻²⁷ of it.
_WHOLE_NUMBER_DECIMALS = 9
_WHOLE_NUMBER_LIMIT = 10**15


def classify(numerator: int, denominator: int, reported_text: str) -> str:
    """The class of a reported rate against ``numerator ÷ denominator × 100``."""
    whole, _, decimals = reported_text.partition(".")
    if len(decimals) <= _WHOLE_NUMBER_DECIMALS and 0 <= numerator < _WHOLE_NUMBER_LIMIT and denominator > 0:
        # rate × 10^decimals = top ÷ denominator, compared with the printed digits as a whole number
        top = numerator * 100 * 10 ** len(decimals)
        printed = int(whole + decimals)
        if top == printed * denominator:
            return "exact"
        if (2 * top + denominator) // (2 * denominator) == printed:
            return "rounded_to_whole" if not decimals else "rounded"
        if top // denominator == printed:
            return "truncated"
        return "inconsistent"
    return classify_in_decimals(numerator, denominator, reported_text)


def classify_in_decimals(numerator: int, denominator: int, reported_text: str) -> str:
    """:func:`classify` in decimal arithmetic only (what the whole-number path must agree with)."""
    rate = Decimal(numerator) * 100 / Decimal(denominator)
    reported = Decimal(reported_text)
    if rate == reported:
        return "exact"
    step = Decimal(1).scaleb(-decimals_of(reported_text))
    if rate.quantize(step, rounding=ROUND_HALF_UP) == reported:
        return "rounded_to_whole" if decimals_of(reported_text) == 0 else "rounded"
    if rate.quantize(step, rounding=ROUND_DOWN) == reported:
        return "truncated"
    return "inconsistent"


def severity(kind: str, difference: float) -> str | None:
    """``None`` for agreement, else ``warning`` or ``error``."""
    if kind == "truncated":
        return "warning"
    if kind == "inconsistent":
        return "error" if abs(difference) > TOLERANCE_POINTS else "warning"
    return None


def reconcile(figures: pd.DataFrame) -> pd.DataFrame:
    """Classify every figure that has numerator, denominator and an exact reported value.

    Returns
    -------
    DataFrame
        The figures concerned with ``rate``, ``reconciliation`` (the class), ``difference``
        (reported − computed, in points) and ``severity``. Qualified figures ("trên 85%") are
        not compared: they do not claim an exact value.
    """
    mask = (
        figures["numerator"].notna()
        & figures["denominator"].notna()
        & figures["value_text"].notna()
        & (figures["qualifier"] == "")
        & (figures["denominator"].fillna(0) > 0)
    )
    subset = figures[mask].copy()
    subset["rate"] = subset["numerator"].astype("float64") / subset["denominator"].astype("float64") * 100
    subset["reconciliation"] = [
        classify(int(n), int(d), text)
        for n, d, text in zip(
            subset["numerator"].tolist(), subset["denominator"].tolist(), subset["value_text"].tolist()
        )
    ]
    subset["difference"] = subset["value"] - subset["rate"]
    subset["severity"] = [
        severity(k, d) for k, d in zip(subset["reconciliation"].tolist(), subset["difference"].tolist())
    ]
    return subset
