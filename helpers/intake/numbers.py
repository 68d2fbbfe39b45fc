"""Find the quantitative figures of one paragraph of Vietnamese report text.

Vietnamese writes "18.592" for eighteen thousand five hundred ninety-two and "99,82%" for
99.82 percent. Report text is also full of numbers that are not figures: document numbers
("749/QĐ-TTg", "17-NQ/TU"), dates ("ngày 09/8/2022", "tháng 2-2024"), years and year ranges
("giai đoạn 2021-2025"), times ("10:22"), phone numbers, levels and labels ("mức độ 3, 4",
"4G", "chợ 4.0", "3 sao"), list markers ("(1)") and names ("Đề án 06", "Tổ 5").
:func:`find_mentions` drops those and returns each remaining figure as a :class:`Mention`.
A fraction "18.592/18.624" is one mention with a numerator and a denominator; pairing it with
the rate printed beside it is left to :mod:`helpers.intake.ingest`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

# Thousands grouped by "." the Vietnamese way ("18.592", "1.234.567"). A grouped number does not
# open with 0: "0.918" is a machine-written decimal, not nine hundred eighteen.
GROUPED = r"(?!0)\d{1,3}(?:\.\d{3})+"
# A number as Vietnamese prints it: thousands grouped by ".", decimals after ",".
_NUMBER = rf"{GROUPED}(?:,\d+)?|\d+(?:,\d+)?"
# Never cut a number short: "99.5%" is not 99 followed by something.
_NUMBER_RE = re.compile(rf"(?<![\w.,/-])(?:{_NUMBER})(?![\w]|[.,]\d)")
# "99.5%": a decimal point where Vietnamese writes a comma; taken, with a warning.
_POINT_DECIMAL_RE = re.compile(r"(?<![\w.,/-])\d{1,3}\.\d{1,2}(?=\s?%)")
_WHOLE = r"\d{1,3}(?:\.\d{3})+|\d+"
_FRACTION_RE = re.compile(rf"(?<![\w.,/-])(?P<num>{_WHOLE})\s*/\s*(?P<den>{_WHOLE})(?![\w/])")

_UPPER = "A-ZĐ"  # document codes: QĐ-TTg, KH-UBND, NQ/TU, ĐA-UBND
# Spans that are never figures. Order does not matter: every match is masked.
_NOT_FIGURES = [
    ("url", re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+")),
    ("page counter", re.compile(r"(?i)(?:lượt xem|lượt truy cập|lượt đọc|lượt thích)\s*:\s*[\d.,]+")),
    ("document number", re.compile(rf"(?<![\w/])\d+(?:/\d{{2,4}})?[-/][{_UPPER}][\w./-]*")),
    ("date", re.compile(r"(?<![\w/.,])\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d{2}(?![\w/])")),
    ("date", re.compile(r"(?i)\bngày\s+\d{1,2}(?:\s*[/-]\s*\d{1,2})?(?:\s*[/-]\s*\d{2,4})?")),
    ("date", re.compile(r"(?i)\btháng\s+\d{1,2}(?:\s*(?:[/-]|năm)\s*\d{4})?")),
    ("date", re.compile(r"(?<![\w/.,])(?:0?[1-9]|1[0-2])/(?:19|20)\d{2}(?![\w/])")),
    ("date", re.compile(r"(?i)\bquý\s+(?:\d|[IV]+)(?:\s*[/-]\s*\d{4})?")),
    ("time", re.compile(r"(?<![\w:])\d{1,2}:\d{2}(?::\d{2})?(?![\w:])|\b\d{1,2}h\d{2}\b")),
    ("year", re.compile(r"(?<![\w.,])(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}(?![\w])")),
    ("year", re.compile(r"(?i)\bnăm\s+(?:19|20)\d{2}\b")),
    ("phone", re.compile(r"(?<![\w.,])(?:\+84|0)\d{1,3}(?:[.\s-]?\d{2,4}){2,3}(?![\w])")),
    # "mức độ 3, 4", "cấp độ 4", "mức 2"; "cấp 3" only as a small level ("cung cấp 250" counts)
    (
        "level",
        re.compile(
            r"(?i)\b(?:(?:mức|cấp)\s+độ|mức|(?<!cung )cấp(?=\s+[1-5](?![\d.,])))\s+\d+"
            r"(?:\s*(?:,|và|hoặc|-|–|đến)\s*(?:(?:mức|cấp)(?:\s+độ)?\s+)?\d+)*"
        ),
    ),
    ("label", re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?[A-Za-z]\w*")),  # 4G, 5G, 3D
    ("label", re.compile(r"(?<![\w.,])\d+\.0(?![\d,])")),  # "chợ 4.0", "công nghiệp 4.0"
    ("rating", re.compile(r"(?i)(?<![\w.,])\d+\s*sao\b")),
    # rankings and tiers: "top 10", "tăng 5 bậc", "chính quyền 2 cấp"
    ("rank", re.compile(r"(?i)\b(?:top|tốp)\s+\d+|(?<![\w.,])\d+\s+bậc\b")),
    (
        "level",
        re.compile(
            r"(?i)(?:mô hình|chính quyền(?: địa phương)?)\s+\d\s+cấp\b"
            r"|(?<![\w.,])\d\s+cấp\s+(?:chính quyền|hành chính)"
        ),
    ),
    ("list marker", re.compile(r"\(\s*\d{1,2}\s*\)|^\s*(?:[-–•+]\s*)?\d{1,2}(?:\.\d{1,2})*[.)]\s")),
    (
        "reference",
        re.compile(
            r"(?i)\b(?:điều|khoản|mục|chương|phần|trang|phụ lục|lần thứ|thứ|khóa|kỳ họp|phiên bản)"
            r"\s+\d+(?:\s*[,.]\s*\d+)*"
        ),
    ),
    (
        "name",
        re.compile(
            r"(?i)\b(?:đề án|dự án|chương trình|quyết định số|nghị quyết số|kế hoạch số|công văn số"
            r"|văn bản số|thông báo số|tờ trình số|báo cáo số)\s+\d+"
        ),
    ),
    (
        "address",
        re.compile(
            r"(?i)\bsố\s+\d+[a-z]?(?:/\d+)?(?=\s+(?:đường|phố|ngõ|ngách|hẻm|kiệt))"
            r"|\b(?:đường|ngõ|ngách|hẻm|kiệt|khu phố|khóm|ấp)\s+\d+"
        ),
    ),
    ("duration", re.compile(r"(?i)(?<![\w.,])\d+(?:,\d+)?\s+(?:tháng|năm|ngày|tuần|giờ|phút|giây|quý|tuổi)\b")),
]
# Capitalised words before a number make it part of a name ("xã Thường Phước 1", "Tổ 5"),
# unless the number goes on to count something.
_NAME_WORDS = {
    "tổ",
    "ấp",
    "khóm",
    "phường",
    "quận",
    "thôn",
    "xóm",
    "đội",
    "bản",
    "lô",
    "kênh",
    "phòng",
    "khu",
    "cụm",
    "nhà",
    "tòa",
}

_QUALIFIERS_BEFORE = (
    ("không vượt quá", "<="),
    ("không quá", "<="),
    ("tối đa", "<="),
    ("không dưới", ">="),
    ("không ít hơn", ">="),
    ("tối thiểu", ">="),
    ("ít nhất", ">="),
    ("chưa đạt", "<"),
    ("chưa đến", "<"),
    ("chưa tới", "<"),
    ("dưới", "<"),
    ("trên", ">"),
    ("hơn", ">"),
    ("vượt", ">"),
    ("gần", "~"),
    ("khoảng", "~"),
    ("xấp xỉ", "~"),
    ("chừng", "~"),
    ("ước", "~"),
    ("ước đạt", "~"),
    ("ước tính", "~"),
)
_QUALIFIERS_AFTER = (("trở lên", ">="), ("trở xuống", "<="))
_SCALES = {"nghìn": 1000, "ngàn": 1000, "triệu": 1_000_000, "tỷ": 1_000_000_000, "tỉ": 1_000_000_000}

# Numbers written as words. "một" alone is left out: "một số", "một phần", "một cửa" are
# not figures, and a single "năm" is almost always "year".
_DIGIT_WORDS = {
    "không": 0,
    "một": 1,
    "mốt": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "lăm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
}
_WORD_NUMBER_RE = re.compile(
    r"(?i)(?<!\w)(?:(?:không|một|mốt|hai|ba|bốn|tư|năm|lăm|sáu|bảy|bẩy|tám|chín|mười|mươi|trăm"
    r"|linh|lẻ|nghìn|ngàn)(?:\s+|(?=\W)|$))+"
)
# After a number written as words, one of these must follow for it to count as a figure.
COUNTED_NOUNS = (
    "phần trăm",
    "hồ sơ",
    "văn bản",
    "dịch vụ",
    "thủ tục",
    "xã",
    "phường",
    "thị trấn",
    "huyện",
    "tỉnh",
    "thôn",
    "xóm",
    "tổ",
    "bản",
    "ấp",
    "hộ",
    "người",
    "thành viên",
    "cán bộ",
    "công chức",
    "doanh nghiệp",
    "hợp tác xã",
    "sản phẩm",
    "trường",
    "cơ quan",
    "đơn vị",
    "sở",
    "ngành",
    "điểm",
    "camera",
    "máy",
    "thiết bị",
    "tài khoản",
    "giao dịch",
    "lượt",
    "lớp",
    "học viên",
    "học sinh",
    "nhiệm vụ",
    "mô hình",
    "chợ",
    "trạm",
    "cơ sở",
    "ứng dụng",
    "nền tảng",
    "hệ thống",
    "phần mềm",
    "cuộc",
    "hội nghị",
    "chữ ký",
    "chứng thư",
    "thuê bao",
    "trụ cột",
    "đồng",
    "ubnd",
    "km",
    "bài",
    "tin",
    "video",
    "trang",
    "kênh",
    "chỉ tiêu",
    "tiêu chí",
)


@dataclass
class Mention:
    """One figure found in a paragraph (offsets are within the paragraph's text)."""

    start: int
    end: int
    text: str
    value: Decimal | None = None
    value_text: str | None = None  # machine form keeping the printed decimals: "45.70"
    numerator: int | None = None
    denominator: int | None = None
    unit: str = "count"  # percent | count | amount | index | points (a score) | percentage_points
    measure: str = ""  # the noun after the number, e.g. "hồ sơ"
    qualifier: str = ""  # "", ">", ">=", "<", "<=", "~"
    unmet: bool = False  # "chưa đạt 80%": a bar not reached, not a result
    at_least: bool = False  # "80% trở lên"
    decimal_point: bool = False  # written "99.5%" rather than "99,5%"
    approximate: bool = False  # a pair in words whose part or whole is "hơn …", "gần …"
    whole_text: str = ""  # for a pair in words: the whole as printed

    @property
    def is_fraction(self) -> bool:
        return self.numerator is not None


def parse_number(text: str) -> tuple[Decimal, str] | None:
    """Parse a number written the Vietnamese way: the workbook's one parser of such numbers.

    Used as it is by the prose reader (:func:`find_mentions`), the review sheet
    (:mod:`helpers.intake.accept`) and national tables (:func:`helpers.intake.table.read_number`);
    each caller decides around it whether a machine-written number comes first (review sheet) or
    whether a number that reads both ways is refused (tables). Signs, exponents, ``NaN``, a bare
    ``",5"`` or ``"5,"``, spaces and ``%`` are not part of a number here.

    Returns
    -------
    (value, machine_text) or None
        ``"18.592"`` → ``(18592, "18592")``; ``"99,82"`` → ``(99.82, "99.82")``;
        ``"04"`` → ``(4, "4")``; ``None`` for anything else (``"4.0"``, ``"1.5"``, ``"0.918"``).
    """
    text = text.strip()
    if not re.fullmatch(_NUMBER, text):
        return None
    whole, _, decimals = text.replace(".", "").partition(",")
    machine = str(int(whole)) + (f".{decimals}" if decimals else "")
    return Decimal(machine), machine


def parse_word_number(text: str) -> int | None:
    """Parse a number written in Vietnamese words ("hai mươi mốt" → 21), or ``None``."""
    total, hundreds, current = 0, 0, 0
    for word in text.lower().split():
        if word in _DIGIT_WORDS:
            current += _DIGIT_WORDS[word]  # after "mười"/"mươi" this is the units digit
        elif word == "mười":
            current += 10
        elif word == "mươi":
            current *= 10
        elif word in ("linh", "lẻ"):
            continue  # "một trăm linh năm": the tens are empty
        elif word == "trăm":
            hundreds += (current or 1) * 100
            current = 0
        elif word in ("nghìn", "ngàn"):
            total += (hundreds + current or 1) * 1000
            hundreds, current = 0, 0
        else:
            return None
    return total + hundreds + current


def not_figure_spans(text: str) -> list[tuple[int, int, str]]:
    """Spans of ``text`` holding numbers that are never figures, with the reason."""
    spans = []
    for reason, pattern in _NOT_FIGURES:
        for match in pattern.finditer(text):
            spans.append((match.start(), match.end(), reason))
    return spans


def find_mentions(text: str) -> list[Mention]:
    """Every figure in one paragraph, in reading order."""
    masked = not_figure_spans(text)

    def excluded(start: int, end: int) -> bool:
        return any(s < end and start < e for s, e, _ in masked)

    mentions: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for match in _FRACTION_RE.finditer(text):
        if excluded(match.start(), match.end()):
            continue
        num = int(match["num"].replace(".", ""))
        den = int(match["den"].replace(".", ""))
        if num > den and num <= 31 and den <= 12:
            masked.append((match.start(), match.end(), "date"))  # "31/12": a day and a month
            continue
        mention = Mention(match.start(), match.end(), match.group(), numerator=num, denominator=den, unit="percent")
        _finish(text, mention)
        mentions.append(mention)
        taken.append((match.start(), match.end()))

    for match in _NUMBER_RE.finditer(text):
        start, end = match.span()
        if excluded(start, end) or any(s < end and start < e for s, e in taken):
            continue
        parsed = parse_number(match.group())
        if parsed is None:
            continue
        value, machine = parsed
        mention = Mention(start, end, match.group(), value=value, value_text=machine)
        if _is_year(mention, text) or _is_name_part(mention, text):
            continue
        _finish(text, mention)
        mentions.append(mention)
        taken.append((mention.start, mention.end))

    for match in _POINT_DECIMAL_RE.finditer(text):
        start, end = match.span()
        if excluded(start, end) or any(s < end and start < e for s, e in taken):
            continue
        mention = Mention(
            start, end, match.group(), value=Decimal(match.group()), value_text=match.group(), decimal_point=True
        )
        _finish(text, mention)
        mentions.append(mention)
        taken.append((start, end))

    for match in _WORD_NUMBER_RE.finditer(text):
        words = match.group().strip()
        start = match.start()
        end = start + len(words)
        if any(s < end and start < e for s, e in taken) or excluded(start, end):
            continue
        value = parse_word_number(words)
        after = text[end : end + 40].lower().lstrip()
        if value is None or not after.startswith(COUNTED_NOUNS) or _word_number_is_idiom(words):
            continue
        mention = Mention(start, end, words, value=Decimal(value), value_text=str(value))
        _finish(text, mention)
        mentions.append(mention)
    mentions.sort(key=lambda m: m.start)
    return mentions


def _word_number_is_idiom(words: str) -> bool:
    # A single "một"/"năm"/"tư" is an article, "year" or "private" far more often than a count,
    # and a lone "nghìn" or "trăm" is a scale word of a number written in digits.
    return words.lower() in ("một", "năm", "tư", "mốt", "lăm", "không", "linh", "lẻ", "nghìn", "ngàn", "trăm", "mươi")


def _is_year(mention: Mention, text: str) -> bool:
    """A bare 19xx/20xx written without separators, not followed by %, is a year."""
    raw = mention.text
    if not re.fullmatch(r"(?:19|20)\d{2}", raw):
        return False
    return not re.match(r"\s?(?:%|phần trăm)", text[mention.end :])


def _is_name_part(mention: Mention, text: str) -> bool:
    """Whether the number is part of a name: "xã Thường Phước 1", "Tổ 5", "Quận 1"."""
    before = text[: mention.start]
    previous = re.search(r"(\w+)\s+$", before)
    if previous is None:
        return False
    word = previous.group(1)
    after = text[mention.end : mention.end + 30].lower().lstrip()
    if after.startswith(("%", "phần trăm")) or after.startswith(COUNTED_NOUNS):
        return False
    if word.lower() in _NAME_WORDS and word[0].isupper():
        return True
    # A capitalised word that does not open a sentence is a proper name.
    if word[0].isupper() and not word.isupper():
        head = before[: previous.start(1)].rstrip()
        return bool(head) and head[-1] not in '.!?:;("“-–•'
    return False


def _finish(text: str, mention: Mention) -> None:
    """Read the unit, scale, measure noun and qualifiers around a mention."""
    after = text[mention.end :]
    if not mention.is_fraction:
        # "2,2 triệu", and compound scales: "11,496 nghìn tỷ đồng"
        scale = re.match(r"(?:\s+(?:nghìn|ngàn|triệu|tỷ|tỉ)(?!\s*(?:lệ|trọng))\b)+", after)
        if scale:
            for word in scale.group().split():
                mention.value = mention.value * _SCALES[word]
            mention.value_text = _plain(mention.value)
            mention.end += scale.end()
            mention.text = text[mention.start : mention.end]
            after = text[mention.end :]
        percent = re.match(r"\s?(%|phần trăm)", after)
        points = re.match(r"\s+điểm phần trăm", after)
        if points:
            mention.unit = "percentage_points"  # "tăng 5 điểm phần trăm": a change, not a score
            mention.end += points.end()
        elif percent:
            mention.unit = "percent"
            mention.end += percent.end()
        mention.text = text[mention.start : mention.end]
        after = text[mention.end :]
    noun = re.match(r"\s*([^\W\d_]+(?:\s+[^\W\d_]+)?)", after)
    mention.measure = noun.group(1) if noun else ""
    if mention.unit == "count" and mention.measure.lower().startswith(("đồng", "usd", "đô la")):
        mention.unit = "amount"
    elif mention.unit == "count" and mention.value is not None and 0 < mention.value < 1:
        mention.unit = "index"  # "DTI đạt 0,6077 (điểm)": a score between 0 and 1
    elif (
        mention.unit == "count"
        and mention.value is not None
        and re.match(r"(?i)điểm(?!\s+(?:cầu|phần trăm|bán|giao dịch|truy cập|wifi|du lịch))", mention.measure)
    ):
        mention.unit = "points"  # "đạt 65,06 điểm": a score (not "điểm cầu", places)
    lowered_before = text[: mention.start].lower()
    for phrase, sign in _QUALIFIERS_BEFORE:
        if re.search(rf"(?<!\w){phrase}\s*$", lowered_before):
            mention.qualifier = sign
            mention.unmet = phrase.startswith("chưa")
            break
    for phrase, sign in _QUALIFIERS_AFTER:
        if re.match(rf"\s*{phrase}\b", after.lower()):
            mention.at_least = sign == ">="
            if not mention.qualifier:
                mention.qualifier = sign
            break


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")
