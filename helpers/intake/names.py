"""Unit names as tables write them, matched to the registry as it stood at a figure's period.

"UBND tỉnh Khánh Hòa", "TP. Đà Nẵng", "Tp Hồ Chí Minh", "Thừa Thiên - Huế", "Bà Rịa - Vũng Tàu":
the level words and "UBND" are taken off, case, punctuation and dashes are ignored, and the name
is compared first with its diacritics, then without. The candidates are the units in force at
the end of the period (its start when open), so "Đồng Tháp" in 2022 is the former province (87)
and in 2025 the merged one (82). A level word narrows the candidates to units of that type ("tỉnh
Lào Cai" is not the ward of Lào Cai). Nothing is guessed: a name that fits no unit, or more than
one, is answered with the closest candidates and no match.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from ..load import Workbook
from ..periods import Period

# Words a table puts before a unit's name, and the unit types each may stand for (None: any).
PREFIXES: tuple[tuple[str, frozenset | None], ...] = (
    ("uy ban nhan dan", None),
    ("ubnd", None),
    ("thanh pho", frozenset({"thanh_pho_truc_thuoc_trung_uong", "thanh_pho"})),
    ("tp", frozenset({"thanh_pho_truc_thuoc_trung_uong", "thanh_pho"})),
    ("tinh", frozenset({"tinh"})),
    ("thi xa", frozenset({"thi_xa"})),
    ("thi tran", frozenset({"thi_tran"})),
    ("huyen", frozenset({"huyen"})),
    ("quan", frozenset({"quan"})),
    ("phuong", frozenset({"phuong"})),
    ("dac khu", frozenset({"dac_khu"})),
    ("xa", frozenset({"xa"})),
)


def _words(text: str) -> str:
    """Lower case, NFC, punctuation and dashes as spaces, single spaces."""
    text = unicodedata.normalize("NFC", text).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def plain(text: str) -> str:
    """Without diacritics: ``Khánh Hòa`` and ``Khanh Hoa`` and ``Khánh Hoà`` are alike."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def readings(name: str) -> list[tuple[str, frozenset | None]]:
    """The ways to read a written name: as it is, and with each leading level word taken off,
    each with the unit types the words allow (None = any)."""
    text = _words(name)
    found = [(text, None)]
    allowed: frozenset | None = None
    while True:
        bare = plain(text)
        for prefix, types in PREFIXES:
            if bare.startswith(prefix + " "):
                text = text[len(prefix) + 1 :]  # plain() keeps the length of NFC Vietnamese text
                allowed = types if types is not None else allowed
                found.append((text, allowed))
                break
        else:
            return found


@dataclass(frozen=True)
class Match:
    """The answer for one written name: the unit, or why there is none and what is closest."""

    locality_id: str | None
    candidates: tuple[str, ...] = ()
    ambiguous: bool = False


class NameIndex:
    """The registry's names (``name`` and ``other_names``), searchable by period."""

    def __init__(self, workbook: Workbook, level: str | None = None):
        units = workbook.localities
        if level:
            units = units[units["level"] == level]
        self.units = units
        rows = []
        for unit_id, name, others, unit_type in zip(
            units.index, units["name"], units["other_names"], units["unit_type"]
        ):
            names = [name, *(others.split(";") if isinstance(others, str) and others else [])]
            for written in names:
                text = _words(written)
                rows.append((text, plain(text), unit_id, unit_type if isinstance(unit_type, str) else None))
        self.names = rows

    def _alive(self, period: Period) -> set[str]:
        when = pd.Timestamp(period.end or period.start)
        units = self.units
        alive = (units["valid_from"].isna() | (units["valid_from"] <= when)) & (
            units["valid_to"].isna() | (units["valid_to"] >= when)
        )
        return set(units.index[alive])

    def match(self, written: str, period: Period) -> Match:
        alive = self._alive(period)
        options = [
            (text, bare, unit_id, unit_type) for text, bare, unit_id, unit_type in self.names if unit_id in alive
        ]
        for exact in (True, False):
            found = set()
            for text, allowed in readings(written):
                key = text if exact else plain(text)
                found |= {
                    unit_id
                    for name, bare, unit_id, unit_type in options
                    if (name if exact else bare) == key
                    and (allowed is None or unit_type is None or unit_type in allowed)
                }
            if len(found) == 1:
                return Match(found.pop())
            if found:
                return Match(None, tuple(sorted(found)), ambiguous=True)
        return Match(None, self._closest(written, options))

    @staticmethod
    def _closest(written: str, options: list) -> tuple[str, ...]:
        bare_names = {}
        for _, bare, unit_id, _ in options:
            bare_names.setdefault(bare, unit_id)
        key = plain(readings(written)[-1][0])
        close = difflib.get_close_matches(key, list(bare_names), n=3, cutoff=0.6)
        return tuple(bare_names[name] for name in close)
