"""What surrounds a figure in report text: its clause and sentence, whether it is a result or a
target, its period, and the catalogue indicator it most likely measures (its locality:
:mod:`helpers.intake.places`).

Used by :mod:`helpers.intake.ingest`; every guess here is a proposal for an analyst to review.
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

# --------------------------------------------------------------------------------------------
# Clauses and sentences


@dataclass(frozen=True)
class Clause:
    """A stretch of a paragraph between ``;``, brackets and sentence ends.

    A table row read from .docx ("label | value") stays one clause: its label names its values.
    """

    start: int
    end: int
    sentence: int
    depth: int  # 0 outside brackets, 1 inside "( … )", …
    parent: int | None  # for a bracketed clause, the clause it hangs on


def clauses(text: str) -> list[Clause]:
    """Split a paragraph into clauses; each knows its sentence and bracket depth."""
    found: list[Clause] = []
    stack: list[int | None] = []  # parent clause of each open bracket
    start, sentence, depth = 0, 0, 0

    def close(end: int) -> None:
        if text[start:end].strip():
            parent = stack[-1] if stack else None
            found.append(Clause(start, end, sentence, depth, parent))

    position = 0
    while position < len(text):
        char = text[position]
        if char == "(" and _is_gloss(text, position):
            # "(TTHC)" glosses the words before it: it stays in their clause
            position = text.index(")", position)
        elif char == "(":
            close(position)
            stack.append(len(found) - 1 if found else None)
            depth += 1
            start = position + 1
        elif char == ")" and depth:
            close(position)
            stack.pop()
            depth -= 1
            start = position + 1
        elif char == ";":
            close(position)
            start = position + 1
        elif char in ".!?…" and _ends_sentence(text, position):
            close(position + 1)
            start = position + 1
            if depth == 0:
                sentence += 1
        position += 1
    close(len(text))
    return found


_GLOSS = re.compile(r"\(([^()\d]{1,40})\)")
_ABBREVIATED = re.compile(r"(?:^|\s)(?:TP|Tp|TS|ThS|PGS|GS|BS|TX|TT|v\.v)$")


def _is_gloss(text: str, position: int) -> bool:
    """A short bracket without digits, such as "(TTHC)" or "(CBCCVC)"."""
    match = _GLOSS.match(text, position)
    return bool(match) and len(match.group(1).split()) <= 3


def _ends_sentence(text: str, position: int) -> bool:
    following = text[position + 1 : position + 2]
    if following == "":
        return True
    # Reports often start a sentence in lower case after a full stop; abbreviations such as
    # "TP." do not end one.
    return following.isspace() and not _ABBREVIATED.search(text[:position])


def clause_at(found: list[Clause], offset: int) -> int:
    """Index of the clause holding ``offset``."""
    for index, clause in enumerate(found):
        if clause.start <= offset < clause.end:
            return index
    return len(found) - 1


# --------------------------------------------------------------------------------------------
# Result or target

_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»")
# "chỉ tiêu" after "vượt", "đạt", "so với" or a count speaks of a result against a target.
_TARGET_CUES = re.compile(
    r"(?<!\w)(?:(?<!vượt )(?<!đạt )(?<!với )(?<!\d )chỉ tiêu|phấn đấu"
    r"|(?<!vượt )(?<!đạt )(?<!với )mục tiêu|kế hoạch giao|(?<!vượt )kế hoạch năm"
    r"|đến năm (?:19|20)\d\d|định hướng|tiếp tục|cần đạt|phải đạt|sẽ|dự kiến|giao là"
    r"|kế hoạch đề ra)(?!\w)"
)
# "hiện" alone is "currently" only outside "thực hiện", "xuất hiện", "thể hiện", "phát hiện".
_RESULT_CUES = re.compile(
    r"(?<!\w)(?:đến nay|(?<!thực )(?<!xuất )(?<!thể )(?<!phát )(?<!biểu )hiện(?: nay| tại| đang| có"
    r"| chiếm| đã)|đã đạt|đạt được|đến hết năm|tính đến|hoàn thành|lũy kế|chưa đạt"
    r"|qua \d+ tháng|trong \d+ tháng|kết quả thực hiện|thực hiện đạt|thực tế đạt)(?!\w)"
)
_HEADING_TARGET = re.compile(
    r"(?<!\w)(?:tiếp tục|phương hướng|thời gian tới|kế hoạch|mục tiêu|chỉ tiêu|định hướng"
    r"|giải pháp|nhiệm vụ năm)(?!\w)"
)
_HEADING_RESULT = re.compile(r"(?<!\w)(?:kết quả|hoàn thành|đạt được|tình hình)(?!\w)")


# "đạt" alone says a result was reached, unless a target was named before it in the same
# sentence ("Mục tiêu năm 2023 đạt 84%", "phấn đấu …; … đạt trên 95%") or the section is a plan.
_REACHED = re.compile(r"(?<!\w)(?<!cần )(?<!phải )(?<!sẽ )(?<!để )(?<!chưa )(?<!đã )(?<!phấn đấu )đạt(?! được)(?!\w)")


def blank_quotes(text: str) -> str:
    """``text`` with quoted names blanked (same length): "Chương trình … đến năm 2025" is a name."""
    return _QUOTED.sub(lambda m: " " * len(m.group()), text)


def cue(text: str, before: int | None = None) -> str | None:
    """``"target"``, ``"result"``, ``"reached"`` (a bare "đạt": a result unless the section
    says otherwise) or ``None``: the cue nearest before ``before``, else the first one."""
    lowered = blank_quotes(text).lower()
    hits = [(m.start(), "target") for m in _TARGET_CUES.finditer(lowered)]
    hits += [(m.start(), "result") for m in _RESULT_CUES.finditer(lowered)]
    hits += [
        (m.start(), "reached")
        for m in _REACHED.finditer(lowered)
        if not any(start <= m.start() < start + 12 for start, _ in hits)
    ]
    if not hits:
        return None
    hits.sort()
    if before is not None:
        earlier = [hit for hit in hits if hit[0] < before]
        if earlier:
            nearest = earlier[-1][1]
            said = [kind for _, kind in earlier if kind != "reached"]
            if nearest == "reached" and said and said[-1] == "target":
                return "target"  # "Mục tiêu năm 2023 đạt 84%"
            return nearest
    first = hits[0][1]
    return None if first == "reached" else first


def is_heading(text: str) -> bool:
    """A short line without a closing full stop: a section heading.

    Captions "( … )", list items ("- Phấn đấu 80% …") and table rows ("… | …") are not.
    """
    stripped = text.strip()
    words = stripped.split()
    return (
        0 < len(words) <= 16
        and len(stripped) <= 110
        and stripped[-1] not in ".;"
        and stripped[0] not in "(-+•*–"
        and "|" not in stripped
    )


def heading_role(text: str) -> str | None:
    """The role a heading gives the section below it."""
    lowered = text.lower()
    if _HEADING_RESULT.search(lowered):
        return "result"
    if _HEADING_TARGET.search(lowered):
        return "target"
    return None


# --------------------------------------------------------------------------------------------
# Periods

_DAY = r"(\d{1,2})/(\d{1,2})/(\d{4})"
_MONTH_WORDS = {
    "một": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
    "mười một": 11,
}
_COUNT = r"\d{1,2}|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười một|mười"
_DAY_MONTH = r"(\d{1,2})[/-](\d{1,2})"
_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_PERIOD_PATTERNS = (
    ("closed", re.compile(rf"(?:tính )?từ (?:ngày )?{_DAY} (?:đến|tới) (?:ngày )?{_DAY}")),
    # "từ ngày 1/7 đến 19/8/2025": the first day takes the year of the second
    ("closed_short", re.compile(rf"(?:tính )?từ (?:ngày )?{_DAY_MONTH} (?:đến|tới) (?:ngày )?{_DAY}")),
    # "quý I/2023", "quý III năm 2024", "trong quý II"
    ("quarter", re.compile(r"(?<!\w)quý (iv|i{1,3}|[1-4])(?!\w)(?:\s*(?:/|năm)\s*(\d{4}))?")),
    # "6 tháng cuối năm 2025"
    ("last_months", re.compile(rf"(?<!\w)({_COUNT}) tháng cuối năm(?: (\d{{4}}))?")),
    ("open", re.compile(rf"(?:tính )?từ (?:ngày )?{_DAY}")),
    # "6 tháng đầu năm 2022", "9 tháng năm 2022", "sơ kết 6 tháng"; not "sau 3 tháng triển khai"
    ("months", re.compile(rf"(?<!\w)({_COUNT}) tháng đầu năm(?: (\d{{4}}))?")),
    ("months", re.compile(rf"(?<!\w)({_COUNT}) tháng(?: năm)? (\d{{4}})")),
    ("months", re.compile(rf"(?:sơ kết|báo cáo|kết quả|tổng kết) ({_COUNT}) tháng()(?! cuối)")),
    ("months", re.compile(r"(?:đến|tính đến) hết tháng (\d{1,2})(?:(?:/| năm )(\d{4}))?")),
    ("months", re.compile(r"(?:đến|tính đến) tháng (\d{1,2})(?:/| năm )(\d{4})")),
    ("year", re.compile(r"(?:đến hết|hết|tổng kết|cả|trong) năm (\d{4})")),
    # "Năm 2024, …" opening a sentence
    ("year", re.compile(r"(?:^\s*|[:;]\s*)năm (\d{4})(?=\s*,)")),
    ("until", re.compile(rf"(?:tính )?đến (?:hết )?ngày {_DAY}")),
    # "tính đến ngày 1-3", "đến 26/10": the year of the report
    ("until_short", re.compile(rf"(?:tính )?đến (?:hết )?(?:ngày )?{_DAY_MONTH}(?![/-]?\d)")),
)
# kinds of period that may stand for a whole report (an interval of dates belongs to its sentence)
REPORT_KINDS = ("months", "year", "quarter", "last_months")
_WEAK_YEAR = re.compile(r"(?<!cùng kỳ )(?<!so với )(?<!đến )năm (\d{4})")
_TARGET_YEAR = re.compile(
    r"giai đoạn \d{4}\s*[-–]\s*(\d{4})|(?:đến|tới|trong|vào) năm (\d{4})"
    r"|(?<!cùng kỳ )(?<!so với )năm (\d{4})"
)


@dataclass(frozen=True)
class PeriodHit:
    """A period named in text: its notation, where it starts, and whether it is only a year."""

    notation: str
    start: int
    weak: bool = False
    kind: str = ""


def find_periods(text: str, context_year: int | None) -> list[PeriodHit]:
    """Every period expression in ``text`` (quoted names ignored), in order."""
    lowered = blank_quotes(text).lower()
    hits: list[PeriodHit] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PERIOD_PATTERNS:
        for match in pattern.finditer(lowered):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            notation = _notation(kind, match, lowered, context_year)
            if notation:
                hits.append(PeriodHit(notation, match.start(), kind=kind))
                taken.append(match.span())
    for match in _WEAK_YEAR.finditer(lowered):
        if not any(s < match.end() and match.start() < e for s, e in taken):
            hits.append(PeriodHit(match.group(1), match.start(), weak=True))
    hits.sort(key=lambda hit: hit.start)
    return hits


def _notation(kind: str, match: re.Match, text: str, context_year: int | None) -> str | None:
    groups = match.groups()
    try:
        if kind == "closed_short":
            last = date(int(groups[4]), int(groups[3]), int(groups[2]))
            first = date(last.year, int(groups[1]), int(groups[0]))
            if first > last:
                first = date(last.year - 1, first.month, first.day)
            return f"{first.isoformat()}/{last.isoformat()}"
        if kind == "until_short":
            year = _year_before(text, match.start()) or context_year
            if year is None:
                return None
            day = date(year, int(groups[1]), int(groups[0]))
            if day.month == 12 and day.day == 31:
                return str(day.year)
            return f"{day.year}-01-01/{day.isoformat()}"
        if kind == "quarter":
            year = int(groups[1]) if groups[1] else (_year_before(text, match.start()) or context_year)
            if year is None:
                return None
            quarter = _QUARTERS[groups[0]]
            first = date(year, 3 * quarter - 2, 1)
            last = date(year, 3 * quarter, calendar.monthrange(year, 3 * quarter)[1])
            return f"{first.isoformat()}/{last.isoformat()}"
        if kind == "closed":
            first = date(int(groups[2]), int(groups[1]), int(groups[0]))
            last = date(int(groups[5]), int(groups[4]), int(groups[3]))
            return f"{first.isoformat()}/{last.isoformat()}"
        if kind == "open":
            return f"{date(int(groups[2]), int(groups[1]), int(groups[0])).isoformat()}/.."
        if kind == "until":
            day = date(int(groups[2]), int(groups[1]), int(groups[0]))
            if day.month == 12 and day.day == 31:
                return str(day.year)
            return f"{day.year}-01-01/{day.isoformat()}"
    except ValueError:
        return None
    if kind == "year":
        return groups[0]
    count = groups[0]
    months = int(count) if count.isdigit() else _MONTH_WORDS.get(count)
    if months is None or not 1 <= months <= 12:
        return None
    year = int(groups[1]) if groups[1] else _year_before(text, match.start()) or context_year
    if year is None:
        return None
    if kind == "last_months":
        if months == 12:
            return str(year)
        return f"{year}-{13 - months:02d}-01/{year}-12-31"
    return str(year) if months == 12 else f"{year}-M{months}"


def _year_before(text: str, position: int) -> int | None:
    years = re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text[:position])
    return int(years[-1]) if years else None


def target_year(text: str) -> str | None:
    """The year a target is set for, when the text names one."""
    match = _TARGET_YEAR.search(blank_quotes(text).lower())
    if not match:
        return None
    return next(group for group in match.groups() if group)


# --------------------------------------------------------------------------------------------
# Indicators

ABBREVIATIONS = {
    "TTHC": "thủ tục hành chính",
    "DVCTT": "dịch vụ công trực tuyến",
    "DVC": "dịch vụ công",
    "CBCCVC": "cán bộ công chức viên chức",
    "CBCC": "cán bộ công chức",
    "CĐS": "chuyển đổi số",
    "TMĐT": "thương mại điện tử",
    "HTX": "hợp tác xã",
    "BCĐ": "ban chỉ đạo",
    "CNTT": "công nghệ thông tin",
    "UBND": "ủy ban nhân dân",
    "HĐND": "hội đồng nhân dân",
    "KH": "kế hoạch",
    "DN": "doanh nghiệp",
    "DNNVV": "doanh nghiệp nhỏ và vừa",
    "CCCD": "căn cước công dân",
    "TSLCD": "truyền số liệu chuyên dùng",
    "CNSCĐ": "công nghệ số cộng đồng",
    "KT-XH": "kinh tế xã hội",
    "TTDL": "trung tâm dữ liệu",
}
_ABBREVIATION_RE = re.compile(
    r"(?<!\w)(" + "|".join(sorted(map(re.escape, ABBREVIATIONS), key=len, reverse=True)) + r")(?!\w)"
)
# Old and new placement of the tone mark ("hoá"/"hóa", "uỷ"/"ủy"), and common variant spellings.
_TONE_MOVES = {
    "oá": "óa",
    "oà": "òa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oé": "óe",
    "oè": "òe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uý": "úy",
    "uỳ": "ùy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}
_TONE_RE = re.compile("(" + "|".join(_TONE_MOVES) + r")(?!\w)")
_VARIANTS = {"tỉ": "tỷ", "kí": "ký", "chíp": "chip", "truyến": "tuyến"}
# Words that carry no meaning for matching on their own.
_STOPWORDS = {
    "và",
    "các",
    "của",
    "được",
    "đã",
    "có",
    "là",
    "trên",
    "cho",
    "với",
    "theo",
    "trong",
    "những",
    "này",
    "đó",
    "để",
    "từ",
    "đến",
    "tại",
    "về",
    "thì",
    "mà",
    "hoặc",
    "hay",
    "như",
    "cũng",
    "đều",
    "một",
    "số",
    "tỷ",
    "lệ",
    "đạt",
    "tổng",
    "người",
    "không",
    "phải",
    "khi",
    "đang",
    "lại",
    "nhằm",
    "qua",
    "bằng",
    "đối",
    "thực",
    "hiện",
    "dưới",
    "dạng",
    "trở",
    "lên",
    "ra",
    "vào",
    "sử",
    "dụng",
    "triển",
    "khai",
}


# Applied to the syllables joined by spaces (punctuation gone).
_SYNONYMS = (
    (re.compile(r"(?<!\w)sử dụng(?!\w)"), "dùng"),
    (re.compile(r"(?<!\w)quận huyện(?!\w)"), "huyện"),
    (re.compile(r"(?<!\w)(?:xã phường|phường xã)(?!\w)"), "xã"),
    (re.compile(r"(?<!\w)cấp thành phố(?!\w)"), "cấp tỉnh"),
)  # a city ranked as a province
# "tại huyện", "của xã": the level is meant, as in "cấp huyện"
_BARE_LEVEL = re.compile(r"(?<!\w)(tại|ở|của|toàn|các|từ|đến|thuộc) (huyện|xã|tỉnh)(?!\w)(?! hội)")


def tokens(text: str) -> list[str]:
    """Lower-case syllables with abbreviations spelled out and spellings unified."""
    text = _ABBREVIATION_RE.sub(lambda m: " " + ABBREVIATIONS[m.group(1)] + " ", text)
    text = _TONE_RE.sub(lambda m: _TONE_MOVES[m.group(1)], text.lower())
    words = [_VARIANTS.get(word, word) for word in re.findall(r"[^\W\d_]+", text)]
    text = " ".join(words)
    for pattern, replacement in _SYNONYMS:
        text = pattern.sub(replacement, text)
    text = _BARE_LEVEL.sub(r"\1 cấp \2", text)
    return text.split()


def terms(words: list[str]) -> list[str]:
    """Unigrams (stopwords left out) and bigrams: "hồ sơ", "ký số" carry most of the meaning."""
    found = [w for w in words if w not in _STOPWORDS]
    found += [f"{a} {b}" for a, b in zip(words, words[1:]) if not (a in _STOPWORDS and b in _STOPWORDS)]
    return found


# Weights of the matcher, set by judgement and checked with bench/score_ingest.py:
SENTENCE_WEIGHT = 0.25  # words of the figure's sentence outside its own stretch
PREVIOUS_WEIGHT = 0.1  # words of the sentence before
FADE = 16  # a word FADE syllables away from the figure counts half
EVIDENCE_SCALE = 15.0  # idf-weighted evidence at which "enough evidence" saturates
COVERAGE_SHARE = 0.5  # how much of the score is the share of the indicator's name found
NEAR_WEIGHT = 0.3  # a match only through words weighing less than this is a weak one
BARE_WORDS = 3  # a figure with fewer words of its own than this …
BARE_WEIGHT = 0.45  # … takes the rest of its sentence at this weight


@dataclass(frozen=True)
class IndicatorGuess:
    """The best indicator for a figure, how sure, and the words that matched."""

    indicator_id: str | None
    confidence: float
    matched: tuple[str, ...]
    candidates: tuple[tuple[str, float], ...]


class IndicatorMatcher:
    """Scores catalogue indicators against the words around a figure.

    An indicator's terms come from its ``name_vi`` and, worth half, its ``numerator_vi`` and
    ``denominator_vi``. A term is worth its inverse document frequency over the catalogue,
    times the weight of the context word (highest next to the figure). The score mixes how much
    of the indicator's name was found with how much evidence was found in all.
    """

    def __init__(self, indicators: pd.DataFrame):
        self.units = dict(zip(indicators["indicator_id"], indicators["unit"]))
        self.name_terms: dict[str, set[str]] = {}
        self.extra_terms: dict[str, set[str]] = {}
        for indicator_id, row in indicators.iterrows():
            name = set(terms(tokens(str(row["name_vi"]))))
            extra = set()
            for column in ("numerator_vi", "denominator_vi"):
                if isinstance(row[column], str):
                    extra |= set(terms(tokens(row[column])))
            self.name_terms[indicator_id] = name
            self.extra_terms[indicator_id] = extra - name
        counts: dict[str, int] = {}
        for indicator_id in self.name_terms:
            for term in self.name_terms[indicator_id] | self.extra_terms[indicator_id]:
                counts[term] = counts.get(term, 0) + 1
        total = len(self.name_terms)
        self.idf = {term: math.log(1 + total / count) for term, count in counts.items()}
        self.name_size = {iid: sum(self.idf[t] for t in found) or 1.0 for iid, found in self.name_terms.items()}

    def guess(self, context: list[tuple[str, float]], unit: str, threshold: float = 0.2) -> IndicatorGuess:
        """Rank the indicators of ``unit`` against weighted context words.

        Parameters
        ----------
        context
            ``(syllable, weight)`` pairs in reading order (see :func:`weighted_context`).
        unit
            ``percent`` or ``count``: only indicators of that unit are candidates.
        threshold
            Below this confidence no indicator is proposed (the candidates are still listed).
        """
        weights: dict[str, float] = {}
        for word, weight in context:
            if word not in _STOPWORDS:
                weights[word] = max(weights.get(word, 0.0), weight)
        for (a, wa), (b, wb) in zip(context, context[1:]):
            if not (a in _STOPWORDS and b in _STOPWORDS):
                weights[f"{a} {b}"] = max(weights.get(f"{a} {b}", 0.0), min(wa, wb))
        scores = []
        for indicator_id, name in self.name_terms.items():
            if self.units[indicator_id] != unit:
                continue
            name_hit = name & weights.keys()
            extra_hit = self.extra_terms[indicator_id] & weights.keys()
            if not name_hit and not extra_hit:
                continue
            from_name = sum(self.idf[t] * weights[t] for t in name_hit)
            from_extra = sum(self.idf[t] * weights[t] for t in extra_hit)
            coverage = from_name / self.name_size[indicator_id]
            evidence = min((from_name + 0.5 * from_extra) / EVIDENCE_SCALE, 1.0)
            score = COVERAGE_SHARE * coverage + (1 - COVERAGE_SHARE) * evidence
            scores.append((score, indicator_id, name_hit | extra_hit))
        if not scores:
            return IndicatorGuess(None, 0.0, (), ())
        scores.sort(key=lambda item: item[0], reverse=True)
        best_score, best_id, hit = scores[0]
        runner_up = scores[1][0] if len(scores) > 1 else 0.0
        # A near tie halves the confidence: the reviewer must choose.
        confidence = best_score * (0.5 + 0.5 * min(1.0, (best_score - runner_up) * 5))
        if max(weights[t] for t in hit) < NEAR_WEIGHT:
            confidence /= 2  # only the rest of the sentence speaks for it
        confidence = round(confidence, 2)
        # the terms that weighed most, compound words first; equal weights in the terms' order, so
        # the review file does not change with the order of a set (PYTHONHASHSEED)
        ranked = sorted(hit, key=lambda t: (" " not in t, -self.idf[t] * weights[t], t))
        matched = tuple(ranked[:6])
        candidates = tuple((iid, round(score, 2)) for score, iid, _ in scores[:4])
        return IndicatorGuess(best_id if confidence >= threshold else None, confidence, matched, candidates)


def weighted_context(
    text: str,
    start: int,
    end: int,
    near_start: int,
    near_end: int,
    sentence_start: int,
    sentence_end: int,
    previous_start: int | None = None,
) -> list[tuple[str, float]]:
    """Syllables around a figure with weights.

    Words of ``near_start:near_end`` weigh 1 next to the figure and fade slowly with distance;
    the rest of the sentence weighs a quarter, and the sentence before (from ``previous_start``)
    a tenth, since "Tỷ lệ 4.976/5.032 đạt 98,88%" leans on the sentence that named the counts.
    """
    near_start, near_end = max(near_start, sentence_start), min(max(near_end, end), sentence_end)
    left = tokens(text[near_start:start])
    right = tokens(text[end:near_end])
    context: list[tuple[str, float]] = []
    if previous_start is not None and previous_start < sentence_start:
        context += [(w, PREVIOUS_WEIGHT) for w in tokens(text[previous_start:sentence_start])]
    # a figure with hardly a word of its own ("Đà Nẵng (67%), Hòa Bình (86,5%) … về tỷ lệ hồ sơ
    # trực tuyến") is described by the rest of its sentence
    own = [w for w in left + right if w not in _STOPWORDS]
    rest = SENTENCE_WEIGHT if len(own) >= BARE_WORDS else BARE_WEIGHT
    context += [(w, rest) for w in tokens(text[sentence_start:near_start])]
    context += [(w, 1 / (1 + (len(left) - i - 1) / FADE)) for i, w in enumerate(left)]
    context += [(w, 1 / (1 + i / FADE)) for i, w in enumerate(right)]
    context += [(w, rest) for w in tokens(text[near_end:sentence_end])]
    return context
