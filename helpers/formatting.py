"""Numbers as readers expect them: 18.592 and 99,82% in Vietnamese, 18,592 and 99.82% in English."""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

from .i18n import LOCALES, label, text

_PLAIN = re.compile(r"[0-9]+(?:\.[0-9]+)?")  # a number as data/ writes it
# the language's decimal and grouping marks, for the numbers written without Babel (see _grouped)
_MARKS = {lang: (get_decimal_symbol(locale), get_group_symbol(locale)) for lang, locale in LOCALES.items()}


def _rounded(value: float, decimals: int) -> Decimal:
    # Babel rounds half to even; reports round half up, as people do by hand.
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def format_number(value: float | int | None, lang: str = "vi", decimals: int = 2, fixed: bool = False) -> str:
    """A number with the language's grouping and decimal marks, up to ``decimals`` places
    (exactly ``decimals`` when ``fixed``, as scores are published: 70,90).

    >>> format_number(18592), format_number(99.828, decimals=2)
    ('18.592', '99,83')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    rounded = _rounded(value, decimals)
    if not rounded.is_signed():
        return _grouped(rounded, lang, fixed)
    pattern = "#,##0" + ("." + ("0" if fixed else "#") * decimals if decimals else "")
    return format_decimal(rounded, format=pattern, locale=LOCALES[lang])


def _grouped(number: Decimal, lang: str, fixed: bool) -> str:
    """A number of zero or more, with as many decimals as it holds (trailing zeros dropped unless
    ``fixed``), written as Babel writes it with the pattern ``#,##0.##`` (``#,##0.00``): a report
    or a list of findings writes thousands of numbers, and Babel takes some 100 µs for each."""
    whole, _, fraction = format(number, "f").partition(".")
    if not fixed:
        fraction = fraction.rstrip("0")
    point, group = _MARKS[lang]
    whole = f"{int(whole):,}".replace(",", group)
    return f"{whole}{point}{fraction}" if fraction else whole


def format_percent(value: float | None, lang: str = "vi", decimals: int = 2) -> str:
    """A rate given in percent (``99.82``) as ``99,82%`` (vi) or ``99.82%`` (en)."""
    text = format_number(value, lang, decimals)
    return text if text == "–" else f"{text}%"


def format_points(value: float | None, lang: str = "vi", signed: bool = True, decimals: int = 2) -> str:
    """A gap in percentage points, with its sign: ``−9,73``, ``+5,2``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = format_number(abs(value), lang, decimals)
    if not signed or text in ("0",):
        return text
    return ("+" if value > 0 else "−") + text


def format_date(day, lang: str = "vi", with_time: bool = False) -> str:
    """A date as readers write it: ``30/06/2025`` (vi), ``2025-06-30`` (en); ``with_time``, a
    moment to the minute: ``30/06/2025 14:05``, ``2025-06-30 14:05``."""
    return day.strftime(text("date_format", lang) + (" %H:%M" if with_time else ""))


# Decimals shown per unit: an index (0–1) as published, 0,7857; a score in points, 65,06.
UNIT_DECIMALS = {"percent": 2, "count": 2, "index": 4, "points": 2}


def format_value(value: float | None, unit: str, lang: str = "vi") -> str:
    """A figure in its indicator's unit: ``99,82%``, ``18.592``, ``0,7857``, ``65,06 điểm``."""
    if unit == "percent":
        return format_percent(value, lang)
    text = format_number(value, lang, UNIT_DECIMALS.get(unit, 2), fixed=unit in ("index", "points"))
    if unit == "points" and text != "–":
        return f"{text} {label('unit.points', lang)}"
    return text


def format_gap(value: float | None, unit: str, lang: str = "vi") -> str:
    """A gap to target with its sign, in the unit's decimals: ``−9,73``, ``+0,0123``, ``+1,5 điểm``."""
    text = format_points(value, lang, decimals=UNIT_DECIMALS.get(unit, 2))
    if unit == "points" and text != "–":
        return f"{text} {label('unit.points', lang)}"
    return text


def format_fraction(numerator: int | None, denominator: int | None, lang: str = "vi") -> str:
    """``18.592/18.624``, or a dash when the source gives no fraction."""
    if numerator is None or denominator is None:
        return "–"
    return f"{format_number(numerator, lang)}/{format_number(denominator, lang)}"


# The sign printed before a figure with a qualifier (``≥ 80%``, ``≈ 2.200.000``) and before a
# target by its comparison (``≥ 80%``, ``= 100%``).
SIGNS = {">": ">", ">=": "≥", "<": "<", "<=": "≤", "~": "≈", "=": "="}


def qualifier_sign(qualifier: str) -> str:
    """What goes before a figure with this qualifier: ``"≥ "``, ``"≈ "``; ``""`` for none."""
    sign = SIGNS.get(qualifier, "")
    return f"{sign} " if sign else ""


def format_qualified(qualifier: str, value: float | None, unit: str, lang: str = "vi") -> str:
    """A figure with its qualifier: ``≥ 80%``, ``< 100%``, ``≈ 2.200.000``, or ``70,27%``."""
    return qualifier_sign(qualifier) + format_value(value, unit, lang)


def format_comparison(comparison: str, value: float, unit: str, lang: str = "vi") -> str:
    """A target with its comparison: ``≥ 80%``, ``> 70%``."""
    return f"{SIGNS[comparison]} {format_value(value, unit, lang)}"


def format_reported(text: str, unit: str, lang: str = "vi") -> str:
    """A reported value with exactly the decimals it was written with: ``"45.70"`` → ``45,70%``."""
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    number = Decimal(text)
    if _PLAIN.fullmatch(text):
        shown = _grouped(number, lang, fixed=True)
    else:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        shown = format_decimal(number, format=pattern, locale=LOCALES[lang])
    return f"{shown}%" if unit == "percent" else shown
