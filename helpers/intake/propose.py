"""Turn one report into proposed figure rows (:class:`Proposal`), for :mod:`helpers.intake.ingest`.

For every paragraph: find the figures (:mod:`helpers.intake.numbers`), join fractions with the
rate printed beside them, decide achievement or target from the clause, sentence, paragraph and
section, place each in a period and a locality, and guess its indicator from the words around
it (:mod:`helpers.intake.context`). Rates beside their fractions are reconciled with
:func:`helpers.reconcile.classify`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..formatting import format_fraction, format_number
from ..i18n import TEXTS, label, text
from ..load import Workbook
from ..periods import parse_period
from ..reconcile import classify
from .context import (
    REPORT_KINDS,
    Clause,
    IndicatorMatcher,
    blank_quotes,
    clause_at,
    clauses,
    cue,
    find_periods,
    heading_role,
    is_heading,
    target_year,
    tokens,
    weighted_context,
)
from .newind import propose_indicator
from .numbers import Mention, find_mentions
from .pairs import ATTACH_POINTS, is_count, link_parts, pair_mention
from .places import PlaceMatcher, scope_before
from .read import Document

# Web-page furniture that carries numbers: visit counters ("Lượt xem: 268", "• Hôm nay: 1").
_COUNTER_LINE = re.compile(
    r"(?i)^[\s•·*-]*(?:lượt xem|lượt truy cập|tổng lượt truy cập|đang truy cập|đang online|online"
    r"|hôm nay|hôm qua|trong tuần|trong tháng|tất cả|lượt đọc|lượt thích)\s*:?\s*[\d.,]+\s*$"
)
_FULL_DATE = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})(?!\d)")
_EXCERPT_CHARS = 70
FLAGGED_CLASSES = ("truncated", "inconsistent")


@dataclass
class Proposal:
    """One proposed row: a figure found in a report, with everything guessed about it."""

    file: str
    paragraph: int
    char_start: int
    char_end: int
    printed: str
    kind: str  # achievement | target | count
    unit: str
    value: Decimal | None = None
    value_text: str | None = None
    numerator: int | None = None
    denominator: int | None = None
    qualifier: str = ""
    measure: str = ""
    locality_id: str = ""
    period: str = ""
    indicator_id: str = ""
    confidence: float = 0.0
    matched: str = ""
    candidates: str = ""
    source_id: str = ""
    reconciliation: str = ""
    decimal_point: bool = False
    approximate: bool = False  # the part or the whole is approximate: nothing to reconcile
    new_indicator: str = ""  # the name of a proposed new indicator (indicator_id is its id)
    new_pillar: str = ""
    checks: list[str] = field(default_factory=list)
    excerpt: str = ""

    @property
    def locator(self) -> str:
        return f"¶{self.paragraph}"

    @property
    def flagged(self) -> bool:
        return self.reconciliation in FLAGGED_CLASSES


# --------------------------------------------------------------------------------------------
# Proposing


def propose(document: Document, workbook: Workbook) -> list[Proposal]:
    """Every figure of one document as a :class:`Proposal`, in reading order."""
    places = PlaceMatcher(workbook.localities)
    indicators = IndicatorMatcher(workbook.indicators)
    paragraphs = [p for p in document.paragraphs if not _COUNTER_LINE.match(p.text)]
    when = _document_date(paragraphs)
    context_year = when.year if when else _first_year(paragraphs)
    default_period = _default_period(paragraphs, context_year)
    # failing all else, the report's date: what it says holds from 1 January up to that day
    dated = f"{when.year}-01-01/{when.isoformat()}" if when else None
    # names are read as they stood on the report's date (else at the end of its first year)
    named_on = when or (date(context_year, 12, 31) if context_year else None)
    locality_id, provinces = places.document_unit(
        [p.text for p in paragraphs], bool(paragraphs) and is_heading(paragraphs[0].text), named_on
    )
    floor = places.depth(locality_id) if locality_id else -1
    source_id = _document_source(document, workbook)

    proposals: list[Proposal] = []
    # a plan's title ("Kế hoạch … giai đoạn 2023-2025") makes its figures targets
    document_role = heading_role(paragraphs[0].text) if paragraphs and is_heading(paragraphs[0].text) else None
    document_year = target_year(paragraphs[0].text) if document_role == "target" else None
    section_role, section_year = document_role, document_year
    previous_count: Mention | None = None
    new_ids: dict[str, str] = {"": ""} | {iid: iid for iid in workbook.indicators.index}
    for paragraph in paragraphs:
        text = paragraph.text
        if is_heading(text) and paragraph.number > 1:
            section_role = heading_role(text) or document_role
            section_year = target_year(text) or (document_year if section_role == "target" else None)
        mentions = find_mentions(text)
        if not mentions:
            continue
        found = clauses(text)
        named = places.named(text)
        rows = _pair_fractions(text, mentions, found)
        rows = _pair_words(text, mentions, rows, previous_count)
        counts = [m for m in mentions if is_count(m)]
        previous_count = counts[-1] if counts else None
        windows = _windows(text, found, rows)
        sentences = sorted(set(c.sentence for c in found))
        bounds = {number: _sentence(text, found, number) for number in sentences}
        carried_role = carried_period = carried_year = None
        made: list[tuple[Proposal, bool, int]] = []  # proposal, attached target, sentence
        for sentence in sentences:
            start, end, blanked = bounds[sentence]
            previous = bounds.get(sentence - 1, (start, start, ""))[0]
            periods = [hit for hit in find_periods(blanked, context_year) if not hit.weak]
            for index, (mention, rate) in enumerate(rows):
                subject = rate or mention
                if found[clause_at(found, subject.start)].sentence != sentence:
                    continue
                role, attached = _role(text, found, mention, rate, blanked, start, carried_role, section_role)
                proposal = _proposal(document, paragraph, text, mention, rate, role)
                result_period = (
                    _nearest(periods, subject.start - start) or carried_period or default_period or dated or ""
                )
                if role == "target":
                    # A target set beside a result ("chỉ tiêu giao là 50%") is for that year.
                    year = (
                        _year_of(result_period)
                        if attached
                        else (target_year(text[start:end]) or carried_year or section_year)
                    )
                    proposal.period = year or ""
                else:
                    proposal.period = result_period
                proposal.locality_id = _place(
                    places, named, found, text, subject.start, proposal.period, named_on, provinces, floor, locality_id
                )
                proposal.source_id = source_id or ""
                near_start, near_end = windows[index]
                context = weighted_context(
                    text,
                    proposal.char_start - paragraph.offset,
                    proposal.char_end - paragraph.offset,
                    near_start,
                    near_end,
                    start,
                    end,
                    previous,
                )
                context += _linked_counts(text, rows, windows, index)
                weak = _guess_indicator(proposal, indicators, context)
                if not proposal.indicator_id:
                    subject_mention = mention if mention.is_fraction and rate is None else (rate or mention)
                    sub_start = subject_mention.start
                    window_start = near_start if near_start <= sub_start else start
                    _propose_new(
                        proposal,
                        text[window_start:sub_start],
                        text[(mention if mention.measure else subject_mention).end : end],
                        mention.measure,
                        new_ids,
                    )
                    proposal.indicator_id = proposal.indicator_id or weak
                made.append((proposal, attached, sentence))
            said = cue(blanked, before=len(blanked))
            if said == "reached":  # a bare "đạt" carries what the section says
                said = "target" if section_role == "target" else "result"
            carried_role = said or carried_role
            if periods:
                carried_period = periods[-1].notation
            carried_year = target_year(text[start:end]) or carried_year
        _share_indicators(made)
        _follow_indicators(made)
        for proposal, _, _ in made:
            _add_checks(proposal)
            proposals.append(proposal)
    return proposals


def _place(
    places: PlaceMatcher,
    named: list,
    found: list[Clause],
    text: str,
    offset: int,
    period: str,
    when: date | None,
    provinces: set[str],
    floor: int,
    own: str | None,
) -> str:
    """The unit a figure at ``offset`` belongs to: the last one named before it in its
    paragraph, nobody after "cả nước" or "khối bộ", else the report's own unit."""
    day = _period_end(period) or when
    sentence = found[clause_at(found, offset)].sentence
    units: dict[int, list[tuple[int, str]]] = {}  # sentence → units named before the figure
    for place in named:
        if place.end > offset:
            break
        unit = places.resolve(place, day, provinces)
        if unit and places.depth(unit) >= floor:
            units.setdefault(found[clause_at(found, place.start)].sentence, []).append((place.start, unit))
    last: tuple[int, str] | None = None
    for number in sorted(units):
        # an earlier sentence carries its unit only when it names one ("Hà Nam … . Tỷ lệ này
        # …"), not a list of them ("12 địa phương gồm A, B, C. Có 42 địa phương …")
        if number == sentence or len({unit for _, unit in units[number]}) == 1:
            last = units[number][-1]
    scope = scope_before(text[:offset])
    if scope and (last is None or scope[0] > last[0]):
        return "" if scope[1] == "none" else (own or "")
    return last[1] if last else (own or "")


def _period_end(notation: str) -> date | None:
    if not notation:
        return None
    try:
        period = parse_period(notation)
    except ValueError:
        return None
    return period.end or period.start


def _share_indicators(made: list[tuple[Proposal, bool, int]]) -> None:
    """A target hanging on a result ("… đạt 60,41% (chỉ tiêu giao là 50%)") measures the same
    indicator as that result, whose words are the ones around both."""
    for position, (proposal, attached, sentence) in enumerate(made):
        if not attached:
            continue
        neighbours = [made[i] for i in (position - 1, position + 1) if 0 <= i < len(made)]
        for other, other_attached, other_sentence in neighbours:
            if other_sentence == sentence and not other_attached and other.indicator_id:
                proposal.indicator_id = other.indicator_id
                proposal.confidence = other.confidence
                proposal.matched = other.matched
                proposal.candidates = other.candidates
                break


def _follow_indicators(made: list[tuple[Proposal, bool, int]]) -> None:
    """A rate with no words of its own after another one measures the same thing: "Hà Nam đạt
    68,54% …; Đà Nẵng (58,89%), Hà Giang (55,76%)"."""
    for (before, _, _), (proposal, _, _) in zip(made, made[1:]):
        if (
            not proposal.indicator_id
            and before.indicator_id
            and proposal.unit == before.unit
            and proposal.unit in ("percent", "index")
        ):
            proposal.indicator_id = before.indicator_id
            proposal.new_indicator, proposal.new_pillar = before.new_indicator, before.new_pillar
            proposal.confidence = round(before.confidence / 2, 2)
            proposal.matched = before.matched
            proposal.candidates = before.candidates


def _sentence(text: str, found: list[Clause], sentence: int) -> tuple[int, int, str]:
    """Start, end and text of a sentence with its bracketed parts blanked (same length)."""
    members = [c for c in found if c.sentence == sentence]
    start, end = members[0].start, max(c.end for c in members)
    chars = list(text[start:end])
    for clause in members:
        if clause.depth:
            for position in range(clause.start - start, clause.end - start):
                chars[position] = " "
    return start, end, "".join(chars)


def _pair_fractions(text: str, mentions: list[Mention], found: list[Clause]) -> list[tuple[Mention, Mention | None]]:
    """Join each fraction with the rate printed beside it ("18.592/18.624 đạt 99,82%",
    "đạt tỷ lệ 73%, với 110.042/150.588 hồ sơ").

    Returns ``(main, rate)`` pairs in reading order: ``main`` is the fraction (or the lone
    mention) and ``rate`` the percent that goes with it, or ``None``.
    """
    partner: dict[int, int] = {}
    taken: set[int] = set()
    for index, mention in enumerate(mentions):
        if not mention.is_fraction:
            continue
        for other in (index + 1, index - 1):  # the rate after the fraction is the usual order
            if (
                0 <= other < len(mentions)
                and other not in taken
                and _is_rate_beside(text, mention, mentions[other], found)
            ):
                partner[index] = other
                taken.add(other)
                break
    return [
        (mention, mentions[partner[index]] if index in partner else None)
        for index, mention in enumerate(mentions)
        if index not in taken
    ]


def _pair_words(
    text: str, mentions: list[Mention], rows: list[tuple[Mention, Mention | None]], previous: Mention | None
) -> list[tuple[Mention, Mention | None]]:
    """Add the parts and wholes written in words (:mod:`helpers.intake.pairs`) to ``rows``.

    A rate printed with a part becomes the pair's row; a pair without a printed rate is a row of
    its own. The part and the whole stay rows too: each is a count of its own.
    """
    taken = {id(rate) for _, rate in rows if rate is not None}
    taken_indices = {i for i, m in enumerate(mentions) if id(m) in taken}
    lone = {id(mention) for mention, rate in rows if rate is None}
    links = link_parts(text, mentions, previous, taken_indices)
    if not links:
        return rows
    replaced: dict[int, tuple[Mention, Mention | None]] = {}
    added: list[tuple[Mention, Mention | None]] = []
    for link in links:
        pair = pair_mention(text, mentions, link)
        if link.rate is not None and id(mentions[link.rate]) in lone:
            replaced[id(mentions[link.rate])] = (pair, mentions[link.rate])
        elif link.rate is None:
            added.append((pair, None))
    rows = [
        replaced.get(id(mention), (mention, rate)) if rate is None else (mention, rate) for mention, rate in rows
    ] + added
    # reading order; a pair without a rate comes right after its part
    rows.sort(key=lambda row: (min(row[0].start, row[1].start) if row[1] else row[0].start, row[0].is_fraction))
    return rows


def _is_rate_beside(text: str, fraction: Mention, rate: Mention, found: list[Clause]) -> bool:
    if rate.is_fraction or rate.unit != "percent" or rate.unmet:
        return False
    first, second = (fraction, rate) if fraction.start < rate.start else (rate, fraction)
    gap = text[first.end : second.start]
    if ";" in gap or ")" in gap or len(gap.split()) > 8:
        return False
    sentences = {found[clause_at(found, m.start)].sentence for m in (first, second)}
    if len(sentences) > 1:
        return False
    if (
        fraction.denominator
        and abs(rate.value - Decimal(fraction.numerator) * 100 / fraction.denominator) > ATTACH_POINTS
    ):
        return False  # "53/63 tỉnh hoàn thành 100% đến cấp xã": another ratio, not this one's
    rate_clause = found[clause_at(found, rate.start)]
    # "(chỉ tiêu giao là 50%)" next to a result is the target, not the result's rate
    return cue(text[rate_clause.start : rate_clause.end]) != "target"


def _role(
    text: str,
    found: list[Clause],
    mention: Mention,
    rate: Mention | None,
    blanked: str,
    sentence_start: int,
    carried: str | None,
    section: str | None,
) -> tuple[str, bool]:
    """``(role, attached)``: result or target, and whether a target hangs on a result."""
    subject = rate or mention
    clause_index = clause_at(found, subject.start)
    clause = found[clause_index]
    own = cue(text[clause.start : clause.end], before=subject.start - clause.start)
    in_sentence = cue(blanked, before=subject.start - sentence_start)
    if subject.unmet:
        # "chưa đạt 80% trở lên (… đạt 70,27%)": the bar that was missed is a target
        follows = [c for c in found if c.parent == clause_index]
        if subject.at_least or any("%" in text[c.start : c.end] for c in follows):
            subject.qualifier = ">="
            return "target", True
        return "result", False
    if own == "target" and in_sentence != "target" and clause.depth:
        return "target", True
    for said in (own, in_sentence):
        if said in ("target", "result"):
            return said, False
    if "reached" in (own, in_sentence):
        # a bare "đạt": a result, unless the section is a plan
        return ("target" if section == "target" else "result"), False
    if carried == "reached":
        carried = "result"
    role = carried or section or "result"
    return role, False


def _nearest(periods: list, offset: int) -> str | None:
    earlier = [hit for hit in periods if hit.start <= offset]
    if earlier:
        return earlier[-1].notation
    return periods[0].notation if periods else None


def _year_of(notation: str | None) -> str | None:
    return notation[:4] if notation else None


def _proposal(document: Document, paragraph, text: str, mention: Mention, rate: Mention | None, role: str) -> Proposal:
    start = min(mention.start, rate.start) if rate else mention.start
    end = max(mention.end, rate.end) if rate else mention.end
    source = rate or mention
    unit = "percent" if mention.is_fraction else mention.unit
    if role == "target":
        kind = "target"
    else:
        kind = "achievement" if unit in ("percent", "index", "points") else "count"
    return Proposal(
        file=document.path.name,
        paragraph=paragraph.number,
        char_start=paragraph.offset + start,
        char_end=paragraph.offset + end,
        printed=text[start:end],
        kind=kind,
        unit=unit,
        value=source.value,
        value_text=source.value_text,
        numerator=mention.numerator,
        denominator=mention.denominator,
        qualifier=source.qualifier if source.value is not None else "",
        measure=mention.measure,
        excerpt=_excerpt(text, start, end),
        decimal_point=source.decimal_point,
        approximate=mention.approximate,
    )


def _excerpt(text: str, start: int, end: int) -> str:
    left = max(0, start - _EXCERPT_CHARS)
    right = min(len(text), end + _EXCERPT_CHARS)
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    while right < len(text) and not text[right].isspace():
        right += 1
    head = "…" if left > 0 else ""
    tail = "…" if right < len(text) else ""
    return f"{head}{text[left:start].lstrip()}[{text[start:end]}]{text[end:right].rstrip()}{tail}"


_SUBJECT_START = re.compile(r"(?i)(?<!\w)(?:tỷ lệ|tỉ lệ|tỷ trọng|số lượng|tổng số)(?!\w)")


def _windows(text: str, found: list[Clause], rows: list[tuple[Mention, Mention | None]]) -> list[tuple[int, int]]:
    """For each row, the stretch of its clause whose words describe it.

    Between two figures of one clause the words are split: at a new subject ("tỷ lệ",
    "tổng số") if one starts there, else at the last comma, "và" or colon, since in a list
    ("227 dịch vụ …, 1.055 dịch vụ …") the words after a figure name it.
    """
    spans = [(min(m.start, r.start) if r else m.start, max(m.end, r.end) if r else m.end) for m, r in rows]
    windows = []
    for index, (start, end) in enumerate(spans):
        clause = found[clause_at(found, start)]
        near_start, near_end = clause.start, max(clause.end, end)
        if index and found[clause_at(found, spans[index - 1][0])] == clause:
            near_start = _split(text, spans[index - 1][1], start)
        if index + 1 < len(spans) and found[clause_at(found, spans[index + 1][0])] == clause:
            near_end = _split(text, end, spans[index + 1][0])
        windows.append((near_start, near_end))
    return windows


def _split(text: str, left: int, right: int) -> int:
    gap = text[left:right]
    subject = _SUBJECT_START.search(gap)
    if subject:
        return left + subject.start()
    cut = max(gap.rfind(","), gap.rfind(" và "), gap.rfind(":"), gap.rfind("|"))
    return left + cut + 1 if cut >= 0 else right


def _linked_counts(
    text: str, rows: list[tuple[Mention, Mention | None]], windows: list[tuple[int, int]], index: int
) -> list[tuple[str, float]]:
    """Words around the counts a fraction repeats: in "tiếp nhận 5.032 hồ sơ, đã giải quyết
    4.976 hồ sơ … Tỷ lệ 4.976/5.032" the counts say what the fraction is."""
    mention = rows[index][0]
    if not mention.is_fraction:
        return []
    words: list[tuple[str, float]] = []
    for other, (count, rate) in enumerate(rows):
        if (
            other != index
            and rate is None
            and not count.is_fraction
            and count.value in (mention.numerator, mention.denominator)
        ):
            start, end = windows[other]
            words += [(word, 0.5) for word in tokens(text[start:end])]
    return words


# Below this confidence a catalogue indicator is only a candidate: a new one is proposed when the
# figure's words name one (checked with bench/score_ingest.py on the development set).
FORCE_BELOW = 0.3


def _guess_indicator(proposal: Proposal, matcher: IndicatorMatcher, context: list[tuple[str, float]]) -> str:
    """Set the proposal's indicator when one fits well; returns a weaker guess, if any."""
    if proposal.unit not in ("percent", "count", "index", "points"):
        return ""
    guess = matcher.guess(context, proposal.unit)
    weak = guess.indicator_id or ""
    proposal.indicator_id = weak if guess.confidence >= FORCE_BELOW else ""
    proposal.confidence = guess.confidence
    proposal.matched = ", ".join(guess.matched)
    proposal.candidates = "; ".join(f"{iid} ({score:.2f})" for iid, score in guess.candidates)
    return weak


def _propose_new(proposal: Proposal, before: str, after: str, measure: str, known: dict[str, str]) -> None:
    """Propose a new indicator named from the figure's words (one id per name and report)."""
    new = propose_indicator(before, after, proposal.unit, measure, set(known.values()))
    if new is None:
        return
    indicator_id = known.setdefault(new.name, new.indicator_id)
    proposal.indicator_id = indicator_id
    proposal.new_indicator = new.name
    proposal.new_pillar = new.pillar


def _add_checks(proposal: Proposal) -> None:
    """Note what the reviewer must look at, as codes (the ``check.`` entries of :data:`helpers.i18n.TEXTS`)."""
    num, den = proposal.numerator, proposal.denominator
    if num is not None and den:
        if proposal.value_text and not proposal.qualifier and not proposal.approximate:
            proposal.reconciliation = classify(num, den, proposal.value_text)
            if proposal.flagged:
                proposal.checks.append(proposal.reconciliation)
        if num > den:
            proposal.checks.append("numerator_over_denominator")
    if proposal.unit == "percent" and proposal.value is not None and proposal.value > 100:
        proposal.checks.append("percent_over_100")
    if proposal.decimal_point:
        proposal.checks.append("decimal_point")
    if not proposal.period:
        proposal.checks.append("no_period" if proposal.kind != "target" else "no_year")
    if proposal.new_indicator:
        proposal.checks.append("new_indicator")
    elif not proposal.indicator_id:
        proposal.checks.append("no_indicator")


def check_text(proposal: Proposal, lang: str = "vi") -> str:
    """The checks of a proposal in words, the reconciliation class first."""
    parts = []
    if proposal.reconciliation:
        fraction = format_fraction(proposal.numerator, proposal.denominator, lang)
        rate = Decimal(proposal.numerator) * 100 / Decimal(proposal.denominator)
        parts.append(
            f"{label('class.' + proposal.reconciliation, lang)}: {fraction} = "
            f"{format_number(float(rate), lang, decimals=3)}%"
        )
    elif proposal.numerator is not None and proposal.denominator and proposal.value is None:
        # a part and its whole in words, no rate printed: the reviewer sees what they make
        fraction = format_fraction(proposal.numerator, proposal.denominator, lang)
        rate = Decimal(proposal.numerator) * 100 / Decimal(proposal.denominator)
        parts.append(
            f"{text('check.no_rate_printed', lang)}: {fraction} = {format_number(float(rate), lang, decimals=2)}%"
        )
    parts += [text(f"check.{code}", lang) for code in proposal.checks if f"check.{code}" in TEXTS]
    return "; ".join(parts)


# --------------------------------------------------------------------------------------------
# Document-level guesses


def _document_date(paragraphs) -> date | None:
    """The first full date near the top (publication or meeting date), if any."""
    for paragraph in paragraphs[:6]:
        for match in _FULL_DATE.finditer(paragraph.text):
            try:
                return date(int(match[3]), int(match[2]), int(match[1]))
            except ValueError:
                continue
    return None


def _first_year(paragraphs) -> int | None:
    for paragraph in paragraphs:
        years = re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", blank_quotes(paragraph.text))
        if years:
            return int(years[0])
    return None


def _default_period(paragraphs, context_year: int | None) -> str | None:
    """The report's own period: its first "6 tháng đầu năm 2022", "đến hết năm 2023", …"""
    weak = None
    for paragraph in paragraphs:
        for hit in find_periods(paragraph.text, context_year):
            if hit.weak:
                weak = weak or hit.notation
            elif hit.kind in REPORT_KINDS:  # an interval of dates belongs to its sentence
                return hit.notation
    return weak


def _document_source(document: Document, workbook: Workbook) -> str | None:
    """The source whose title opens the document, or whose address it quotes."""

    def key(text: str) -> str:
        return " ".join(re.findall(r"\w+", text.lower()))

    heads = {key(p.text) for p in document.paragraphs[:6]}
    for source_id, row in workbook.sources.iterrows():
        if key(str(row["title"])) in heads:
            return source_id
    for source_id, row in workbook.sources.iterrows():
        url = row["url"]
        if isinstance(url, str) and url and url in document.text:
            return source_id
    return None
