"""Parts and wholes written in words, for :mod:`helpers.intake.propose`.

Reports rarely write "1.234/1.500"; they write the part and the whole apart:

* "tiếp nhận 1.234 hồ sơ trực tuyến **trên tổng số** 1.500 hồ sơ" (part, then whole);
* "**trong tổng số** 1.500 hồ sơ có 1.234 hồ sơ trực tuyến" (whole, then part);
* "tiếp nhận 1.500 hồ sơ, **trong đó** 1.234 hồ sơ trực tuyến, chiếm 82,26%", also when
  "Trong đó" opens the next sentence or the next paragraph;
* "tiếp nhận 1.500 hồ sơ, **với** 1.234 hồ sơ trực tuyến (đạt tỷ lệ 82,26%)";
* "số hồ sơ trực tuyến là 1.234 và **tổng số** hồ sơ là 1.500, chiếm 82,26%";
* "đã cấp 1.500 tài khoản. Chỉ có 1.234 tài khoản được kích hoạt, đạt tỷ lệ 82,3%": no word
  joins them, so the pair is taken only when the counts name the same thing, the part is the
  smaller and the printed rate is close to their quotient.

:func:`link_parts` finds these links between the mentions of one paragraph. A link carries the
rate printed with the part (when there is one), so that the rate can be reconciled with its
fraction; a rate far from the fraction (more than :data:`ATTACH_POINTS` points) is taken to be a
different ratio and left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .numbers import Mention

# A printed rate further than this from part ÷ whole is another ratio, not this pair's.
ATTACH_POINTS = Decimal(10)
# Without a joining word, the printed rate must be this close to part ÷ whole.
UNCUED_POINTS = Decimal(1)

_WORDS = r"(?:\s+[^\W\d_]+)"
_WHOLE_BEFORE = re.compile(rf"(?:trên|trong|so với)\s+tổng(?:\s+số)?{_WORDS}{{0,5}}\s*(?:là\s*)?$")
_TOTAL_BEFORE = re.compile(rf"(?<!\w)tổng\s+số{_WORDS}{{0,6}}\s+(?:là|có|đạt)\s*$")
_WHOLE_FIRST = re.compile(rf"(?:^|[,.;:(]\s*)(?:trong|trên)\s+tổng(?:\s+số)?{_WORDS}{{0,5}}\s*(?:là\s*)?$")
_OF_WHICH = re.compile(r"(?<!\w)(?:trong\s+đó|với)(?!\w)")
_JOINS_RATE = re.compile(
    r"^[\s,;(]*(?:[^\W\d_]+[\s,]+){0,8}?(?:\(?\s*(?:đạt|chiếm|bằng)"
    r"(?:\s+tỷ\s+lệ|\s+tỉ\s+lệ)?(?:\s+là)?|\(|,)\s*$"
)
_NEW_SUBJECT = re.compile(r"(?<!đạt )(?<!chiếm )(?<!với )(?<!bằng )\b(?:tỷ|tỉ)\s+lệ\s+[^\W\d_]+\s+[^\W\d_]+")


@dataclass(frozen=True)
class Link:
    """A part and its whole, and the rate printed with them (indices into the mentions)."""

    part: int
    whole: int | None  # None: the whole is ``outside`` (an earlier paragraph)
    rate: int | None
    cue: str
    outside: Mention | None = None


def is_count(mention: Mention) -> bool:
    """A whole number of things: "1.500 hồ sơ", "4,3 triệu hồ sơ"."""
    return (
        not mention.is_fraction
        and mention.unit == "count"
        and mention.value is not None
        and mention.value == mention.value.to_integral_value()
        and mention.value > 0
    )


def is_rate(mention: Mention) -> bool:
    return not mention.is_fraction and mention.unit == "percent" and mention.value is not None


def _head(mention: Mention) -> str:
    """The first word of the noun after a count ("hồ" of "hồ sơ"), for telling things apart."""
    return mention.measure.split()[0].lower() if mention.measure else ""


def _same_thing(part: Mention, whole: Mention) -> bool:
    return not _head(part) or not _head(whole) or _head(part) == _head(whole)


def _sentence_start(text: str, position: int) -> int:
    cut = max(
        text.rfind(". ", 0, position),
        text.rfind("; ", 0, position),
        text.rfind("? ", 0, position),
        text.rfind("! ", 0, position),
    )
    return cut + 2 if cut >= 0 else 0


def rate_after(text: str, mentions: list[Mention], index: int, taken: set[int]) -> int | None:
    """The rate printed right after mention ``index`` ("…, chiếm 75,7%", "(đạt tỷ lệ 22,33%"),
    unless a new subject ("tỷ lệ hồ sơ đúng hạn đạt …") starts between them."""
    following = index + 1
    if following >= len(mentions) or following in taken or not is_rate(mentions[following]):
        return None
    rate = mentions[following]
    gap = text[mentions[index].end : rate.start].lower()
    if len(gap.split()) > 12 or ";" in gap or ". " in gap or _NEW_SUBJECT.search(gap):
        return None
    if rate.unmet:
        return None
    return following if _JOINS_RATE.search(gap) else None


def _quotient(part: Mention, whole: Mention) -> Decimal:
    return part.value * 100 / whole.value


def _close(rate: Mention, part: Mention, whole: Mention, points: Decimal) -> bool:
    return abs(rate.value - _quotient(part, whole)) <= points


def link_parts(
    text: str, mentions: list[Mention], previous: Mention | None = None, taken: set[int] | None = None
) -> list[Link]:
    """The parts and wholes of one paragraph (``previous``: the last count of the paragraph
    before, the whole a paragraph opening with "Trong đó" refers to)."""
    lowered = text.lower()
    links: list[Link] = []
    used_parts: set[int] = set()
    taken_rates: set[int] = set(taken or ())

    def add(
        part: int,
        whole: int | None,
        cue: str,
        outside: Mention | None = None,
        rate_required: bool = False,
        points: Decimal = ATTACH_POINTS,
    ) -> None:
        whole_mention = outside if whole is None else mentions[whole]
        if part in used_parts or whole_mention is None:
            return
        if mentions[part].value > whole_mention.value:
            return
        rate = rate_after(text, mentions, part, taken_rates)
        if rate is None and whole is not None and whole > part:
            rate = rate_after(text, mentions, whole, taken_rates)  # "… tổng số là Y, chiếm Z%"
        if rate is not None and not _close(mentions[rate], mentions[part], whole_mention, points):
            rate = None
        if rate is None and rate_required:
            return
        used_parts.add(part)
        if rate is not None:
            taken_rates.add(rate)
        links.append(Link(part, whole, rate, cue, outside if whole is None else None))

    counts = [i for i, m in enumerate(mentions) if is_count(m)]
    for position, index in enumerate(counts):
        mention = mentions[index]
        before = lowered[_sentence_start(lowered, mention.start) : mention.start]
        earlier = [i for i in counts[:position] if mentions[i].start >= _sentence_start(lowered, mention.start)]
        # part … trên/trong tổng số WHOLE; part … và tổng số … là WHOLE
        if earlier and (_WHOLE_BEFORE.search(before) or _TOTAL_BEFORE.search(before)):
            part = earlier[-1]
            gap = lowered[mentions[part].end : mention.start]
            if _WHOLE_FIRST.search(before) and not _WHOLE_BEFORE.search(gap[-60:]):
                pass  # "trong tổng số" opens the clause: the whole comes first (below)
            elif _same_thing(mentions[part], mention) or _TOTAL_BEFORE.search(before):
                add(part, index, "trên tổng số")
                continue
        # trong tổng số WHOLE … (có) part
        if _WHOLE_FIRST.search(before) and position + 1 < len(counts):
            part = counts[position + 1]
            gap = lowered[mention.end : mentions[part].start]
            if len(gap.split()) <= 12 and "." not in gap and ";" not in gap and _same_thing(mentions[part], mention):
                add(part, index, "trong tổng số")
                continue

    # WHOLE …, trong đó / với part
    for match in _OF_WHICH.finditer(lowered):
        after = [i for i in counts if mentions[i].start >= match.end()]
        if not after:
            continue
        part = after[0]
        if len(lowered[match.end() : mentions[part].start].split()) > 10:
            continue
        if match.group().startswith("với") and not re.search(r",\s*$", lowered[: match.start()]):
            continue  # "với" joins a part only after a comma: "tiếp nhận Y hồ sơ, với X …"
        wholes = [i for i in counts if mentions[i].end <= match.start() and _same_thing(mentions[part], mentions[i])]
        if wholes:
            add(part, wholes[-1], "trong đó")
        elif previous is not None and not lowered[: match.start()].strip(" ,.:–-"):
            if _same_thing(mentions[part], previous):
                add(part, None, "trong đó", outside=previous)
        # later parts of the same "trong đó" list count only with their own rate
        whole = wholes[-1] if wholes else None
        outside = None if wholes else previous
        for other in after[1:]:
            if mentions[other].start > _sentence_end(lowered, match.end()):
                break
            if rate_after(text, mentions, other, taken_rates) is not None and (
                whole is not None or outside is not None
            ):
                if _same_thing(mentions[other], mentions[whole] if whole is not None else outside):
                    add(other, whole, "trong đó", outside=outside, rate_required=True)

    # no joining word: same thing counted, part smaller, printed rate close to the quotient
    for position, index in enumerate(counts):
        if index in used_parts or rate_after(text, mentions, index, taken_rates) is None:
            continue
        for whole in reversed(counts[:position]):
            if _same_thing(mentions[index], mentions[whole]) and _head(mentions[index]):
                add(index, whole, "cùng đơn vị", rate_required=True, points=UNCUED_POINTS)
                break
    links.sort(key=lambda link: mentions[link.part].start)
    return links


def _sentence_end(text: str, position: int) -> int:
    ends = [e for e in (text.find(". ", position), text.find("; ", position)) if e >= 0]
    return min(ends) if ends else len(text)


def pair_mention(text: str, mentions: list[Mention], link: Link) -> Mention:
    """A fraction-like mention for a link, spanning its part (and its rate, if any)."""
    part = mentions[link.part]
    whole = link.outside if link.whole is None else mentions[link.whole]
    start = part.start
    end = part.end
    mention = Mention(
        start,
        end,
        text[start:end],
        numerator=int(part.value),
        denominator=int(whole.value),
        unit="percent",
        measure=part.measure,
    )
    mention.approximate = bool(part.qualifier or whole.qualifier)
    mention.whole_text = whole.text
    return mention
