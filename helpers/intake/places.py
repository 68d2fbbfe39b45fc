"""Units named in report text (:mod:`helpers.intake.propose`) and in table cells
(:mod:`helpers.intake.table`), matched against the registry with one set of level words, one
way of folding names and one test of which units were in force on a date.

**In running text** (:class:`PlaceMatcher`): which unit a figure belongs to.

Names are matched against the whole registry (``localities.csv``: every province and commune of
today's map, the former provinces and districts), as the unit was named at the figure's date:
"Hà Nam" in a 2024 report is the former province, "TPHCM" in an August 2025 report the city
formed on 1 July 2025. A commune or ward is only taken with its level word ("xã Ân Tường",
"phường Thanh Thủy"), because many share a province's name or each other's; a bare name is a
province. When a name still fits several units, the one whose province the report names wins,
and when none does, nothing is guessed.

A figure belongs to the unit named last before it in its sentence (or in an earlier sentence of
its paragraph), to nobody when the sentence speaks of the whole country or of ministries
("cả nước", "khối bộ", "các địa phương"), and otherwise to the report's own unit: the one its
title names, or the one the report names most.

**In a table cell** (:class:`NameIndex`): "UBND tỉnh Khánh Hòa", "TP. Đà Nẵng", "Tp Hồ Chí Minh",
"Thừa Thiên - Huế": the office and level words are taken off, case, punctuation and dashes are
ignored, and the name is compared first with its diacritics, then without. The candidates are the
units in force at the end of the period (its start when open), so "Đồng Tháp" in 2022 is the former
province (87) and in 2025 the merged one (82). A level word narrows the candidates ("tỉnh Lào Cai" is
not the ward of Lào Cai). Nothing is guessed: a name that fits no unit, or more than one, is
answered with the closest candidates and no match.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import pandas as pd

from ..load import Workbook
from ..periods import Period

_DEPTH = {"province": 0, "district": 1, "commune": 2}
# Level words before a name and the units they allow: (levels, unit types or None for any).
LEVEL_WORDS = (
    ("thành phố", ("province", "district"), ("thanh_pho_truc_thuoc_trung_uong", "thanh_pho")),
    ("tp.", ("province", "district"), ("thanh_pho_truc_thuoc_trung_uong", "thanh_pho")),
    ("tp", ("province", "district"), ("thanh_pho_truc_thuoc_trung_uong", "thanh_pho")),
    ("tỉnh", ("province",), None),
    ("huyện", ("district",), None),
    ("thị xã", ("district",), None),
    ("quận", ("district",), None),
    ("thị trấn", ("commune",), ("thi_tran",)),
    ("phường", ("commune",), ("phuong",)),
    ("đặc khu", ("commune",), ("dac_khu",)),
    ("xã", ("commune",), ("xa",)),
)
# Words a table puts before a unit's name that say nothing of its level.
OFFICE_WORDS = ("ủy ban nhân dân", "ubnd")
# Names a report uses for a province besides the registry's ("TPHCM").
_ALIASES = {
    "tphcm": "hồ chí minh",
    "tp.hcm": "hồ chí minh",
    "tp hcm": "hồ chí minh",
    "tp. hcm": "hồ chí minh",
    "tp. hồ chí minh": "hồ chí minh",
    "thừa thiên - huế": "huế",
    "thừa thiên huế": "huế",
}
# Words that put a figure outside any one unit: the country, ministries, groups of provinces.
# ("liên thông với các bộ, ngành" names a partner, not whose figure it is)
_SCOPE_NONE = re.compile(
    r"(?<!\w)(?:cả nước|toàn quốc|việt nam|(?<!với )(?<!và )(?<!của )(?<!các )(?:khối bộ|các bộ"
    r"|bộ, ngành|khối tỉnh|khối địa phương|các địa phương|các tỉnh))(?!\w)"
)
# Words that speak of the report's own unit: "toàn tỉnh", "của huyện".
_SCOPE_OWN = re.compile(
    r"(?<!\w)(?:toàn|của|trên địa bàn) (?:tỉnh|huyện|xã|phường|thành phố)"
    r"(?!\w)"
)
_TONES = {
    "oá": "óa",
    "oà": "òa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "uý": "úy",
    "uỳ": "ùy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}
_TONE_RE = re.compile("(" + "|".join(_TONES) + r")(?!\w)")


def in_force(units: pd.DataFrame, when: date | pd.Timestamp) -> pd.Series:
    """Which of ``units`` (rows of ``localities.csv``) existed on ``when``."""
    when = pd.Timestamp(when)
    return (units["valid_from"].isna() | (units["valid_from"] <= when)) & (
        units["valid_to"].isna() | (units["valid_to"] >= when)
    )


def fold(text: str) -> str:
    """A name's key: lower case, NFC, tone marks in one place, " - " for any dash."""
    text = unicodedata.normalize("NFC", text).lower()
    text = _TONE_RE.sub(lambda m: _TONES[m.group(1)], text)
    text = re.sub(r"\s*[–—-]\s*", " - ", text)
    return re.sub(r"\s+", " ", text)


@dataclass(frozen=True)
class Named:
    """A place named in text: where, the units it may be, and whether a level word said so."""

    start: int
    end: int
    candidates: tuple[str, ...]
    levelled: bool


class PlaceMatcher:
    """Finds the units of ``localities.csv`` named in text."""

    def __init__(self, localities: pd.DataFrame):
        self.localities = localities
        self.by_name: dict[str, list[str]] = {}
        others = localities["other_names"] if "other_names" in localities else None
        for locality_id, name in localities["name"].items():
            names = [name]
            if others is not None and isinstance(others.get(locality_id), str):
                names += [n for n in others[locality_id].split(";") if n.strip()]
            for each in names:
                key = fold(each.strip())
                for variant in dict.fromkeys((key, key.replace(" - ", "-"))):
                    self.by_name.setdefault(variant, []).append(locality_id)
        for alias, name in _ALIASES.items():
            if name in self.by_name:
                self.by_name.setdefault(alias, []).extend(self.by_name[name])
        alternatives = sorted(self.by_name, key=len, reverse=True)
        self.pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, alternatives)) + r")(?!\w)")
        self.unit_type = localities["unit_type"] if "unit_type" in localities else pd.Series("", index=localities.index)

    # ----------------------------------------------------------------------------------------

    def named(self, text: str, title: bool = False) -> list[Named]:
        """Every unit named in ``text`` (a name with its level word, or a bare province; in a
        title, a bare name of any level: "Trùng Khánh nỗ lực …")."""
        folded = _same_length_fold(text)
        found = []
        for match in self.pattern.finditer(folded):
            before = folded[: match.start()].rstrip()
            levels, types, levelled = (tuple(_DEPTH) if title else ("province",)), None, False
            for word, allowed, unit_types in LEVEL_WORDS:
                if before.endswith(word) and (len(before) == len(word) or not before[-len(word) - 1].isalnum()):
                    levels, types, levelled = allowed, unit_types, True
                    break
            if not levelled and not text[match.start()].isupper():
                continue  # "hà nam" in lower case is not a name
            ids = [
                lid
                for lid in self.by_name[match.group()]
                if self.localities.at[lid, "level"] in levels
                and (types is None or not self.unit_type.get(lid) or self.unit_type[lid] in types)
            ]
            if ids:
                found.append(Named(match.start(), match.end(), tuple(dict.fromkeys(ids)), levelled))
        return found

    def resolve(self, named: Named, when: date | None, provinces: set[str]) -> str | None:
        """The unit a name stands for on ``when``; ``None`` when it stays ambiguous."""
        ids = list(named.candidates)
        if when is not None:
            ids = [lid for lid in ids if self._valid(lid, when)]
        if len(ids) > 1 and provinces:
            near = [lid for lid in ids if self._province(lid) in provinces]
            ids = near or ids
        return ids[0] if len(ids) == 1 else None

    def _valid(self, locality_id: str, when: date) -> bool:
        return bool(in_force(self.localities.loc[[locality_id]], when).iloc[0])

    def _province(self, locality_id: str) -> str:
        seen = set()
        while locality_id not in seen:
            seen.add(locality_id)
            parent = self.localities.at[locality_id, "parent_id"]
            if not isinstance(parent, str) or not parent:
                return locality_id
            locality_id = parent
        return locality_id

    def depth(self, locality_id: str) -> int:
        return _DEPTH.get(self.localities.at[locality_id, "level"], 0)

    # ----------------------------------------------------------------------------------------

    def document_unit(
        self, paragraphs: list[str], title_is_heading: bool, when: date | None
    ) -> tuple[str | None, set[str]]:
        """The report's own unit and the provinces it names (for telling namesakes apart)."""
        named = [
            (index, n)
            for index, text in enumerate(paragraphs)
            for n in self.named(text, title=index == 0 and title_is_heading)
        ]
        provinces = {self._province(lid) for _, n in named for lid in n.candidates if len(n.candidates) == 1}
        resolved = [(index, self.resolve(n, when, provinces)) for index, n in named]
        resolved = [(index, lid) for index, lid in resolved if lid]
        if title_is_heading and paragraphs:
            in_title = list(dict.fromkeys(lid for index, lid in resolved if index == 0))
            if len(in_title) == 1:
                return in_title[0], provinces | {self._province(in_title[0])}
            if in_title or _SCOPE_NONE.search(fold(paragraphs[0])):
                return None, provinces
        counts: dict[str, int] = {}
        for _, lid in resolved:
            counts[lid] = counts.get(lid, 0) + 1
        if not counts:
            return None, provinces
        best = max(counts, key=lambda lid: (counts[lid], self.depth(lid)))
        # a district's report names its province too: that is no rival
        rivals = sum(n for lid, n in counts.items() if lid != self._province(best) or lid == best)
        if counts[best] >= 2 and counts[best] * 2 > rivals:
            return best, provinces | {self._province(best)}
        return None, provinces


def _same_length_fold(text: str) -> str:
    """:func:`fold` without the changes of length (for offsets into ``text``)."""
    text = unicodedata.normalize("NFC", text).lower()
    text = _TONE_RE.sub(lambda m: _TONES[m.group(1)], text)
    return re.sub(r"[–—]", "-", text)


def scope_before(text: str) -> tuple[int, str] | None:
    """The last scope word in ``text``: ``(offset, "none"|"own")``."""
    folded = _same_length_fold(text)
    hits = [(m.start(), "none") for m in _SCOPE_NONE.finditer(folded)]
    hits += [(m.start(), "own") for m in _SCOPE_OWN.finditer(folded)]
    return max(hits) if hits else None


# ------------------------------------------------------------------------------------------------
# Names in table cells


@functools.lru_cache(maxsize=65536)
def _words(text: str) -> str:
    """:func:`fold`, with punctuation and dashes as spaces and single spaces."""
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


@functools.lru_cache(maxsize=65536)
def plain(text: str) -> str:
    """Without diacritics: ``Khánh Hòa`` and ``Khanh Hoa`` and ``Khánh Hoà`` are alike."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


# The table reading of the level words: (plain words, levels, unit types), longest first.
_PREFIXES = sorted(
    {(plain(_words(word)), levels, types) for word, levels, types in LEVEL_WORDS}
    | {(plain(_words(word)), None, None) for word in OFFICE_WORDS},
    key=lambda prefix: -len(prefix[0]),
)
Allowed = tuple  # (levels or None, unit types or None)


def readings(name: str) -> list[tuple[str, Allowed]]:
    """The ways to read a written name: as it is, and with each leading office or level word
    taken off, each with the levels and unit types the words allow (None = any)."""
    text = _words(name)
    found = [(text, (None, None))]
    allowed: Allowed = (None, None)
    while True:
        bare = plain(text)
        for prefix, levels, types in _PREFIXES:
            if bare.startswith(prefix + " "):
                text = text[len(prefix) + 1 :]  # plain() keeps the length of NFC Vietnamese text
                allowed = (levels, types) if levels is not None else allowed
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
    """The registry's names (``name``, ``other_names`` and the usual short forms such as
    "TPHCM"), searchable by period."""

    def __init__(self, workbook: Workbook, level: str | None = None):
        units = workbook.localities
        if level:
            units = units[units["level"] == level]
        self.units = units
        written_names: dict[str, list[str]] = {}
        for unit_id, name, others in zip(units.index, units["name"], units["other_names"]):
            for written in [name, *(others.split(";") if isinstance(others, str) and others else [])]:
                written_names.setdefault(unit_id, []).append(written)
        by_fold = {fold(n): unit_id for unit_id, names in written_names.items() for n in names}
        for alias, name in _ALIASES.items():
            if name in by_fold:
                written_names[by_fold[name]].append(alias)
        levels = dict(zip(units.index, units["level"]))
        unit_types = dict(zip(units.index, units["unit_type"]))
        rows = []
        for unit_id, names in written_names.items():
            unit_type = unit_types[unit_id]
            for written in names:
                text = _words(written)
                rows.append(
                    (
                        text,
                        plain(text),
                        unit_id,
                        levels[unit_id],
                        unit_type if isinstance(unit_type, str) and unit_type else None,
                    )
                )
        self.names = rows
        # the rows by their written and by their plain text, for the lookups of match()
        self._by_text: tuple[dict[str, list], dict[str, list]] = ({}, {})
        for row in rows:
            self._by_text[0].setdefault(row[0], []).append(row)
            self._by_text[1].setdefault(row[1], []).append(row)
        # the units in force on a day, found once per day: a table's rows share a few periods
        self._alive_on: dict[object, set[str]] = {}

    def match(self, written: str, period: Period) -> Match:
        when = period.end or period.start
        if when not in self._alive_on:
            self._alive_on[when] = set(self.units.index[in_force(self.units, when)])
        alive = self._alive_on[when]
        for exact in (True, False):
            by_text = self._by_text[0 if exact else 1]
            found = set()
            for text, (levels, types) in readings(written):
                found |= {
                    unit_id
                    for _, _, unit_id, level, unit_type in by_text.get(text if exact else plain(text), ())
                    if unit_id in alive
                    and (levels is None or level in levels)
                    and (types is None or unit_type is None or unit_type in types)
                }
            if len(found) == 1:
                return Match(found.pop())
            if found:
                return Match(None, tuple(sorted(found)), ambiguous=True)
        options = [row for row in self.names if row[2] in alive]
        return Match(None, self._closest(written, options))

    @staticmethod
    def _closest(written: str, options: list) -> tuple[str, ...]:
        bare_names: dict[str, str] = {}
        for _, bare, unit_id, _, _ in options:
            bare_names.setdefault(bare, unit_id)
        key = plain(readings(written)[-1][0])
        close = difflib.get_close_matches(key, list(bare_names), n=3, cutoff=0.6)
        return tuple(bare_names[name] for name in close)
