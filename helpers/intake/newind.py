"""Indicators the catalogue lacks, proposed from the words around a figure.

When no indicator of ``indicators.csv`` fits a figure well enough, :mod:`helpers.intake.propose`
does not force the nearest one on it: it proposes a new indicator, named from the report's own
words ("Tỷ lệ tài khoản định danh điện tử được kích hoạt", "Số tổ công nghệ số cộng đồng"),
with its unit and a pillar guessed from its words. Accepting the row adds the indicator to
``indicators.csv`` after the analyst has read (and, if need be, corrected) the name and pillar.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Words that end the name of what is counted or measured.
_STOP = re.compile(
    r"(?<!\w)(?:đạt|là|chiếm|bằng|tăng|giảm|so với|trong đó|trên tổng|trong tổng|với|và|để|nhằm"
    r"|theo|tại|của|cho|từ|đến|tính đến|đang|đã|sẽ|thì|gồm|như|hiện|năm \d{4}|này|chỉ|dưới|trên"
    r"|hơn|gần|khoảng|ước|còn|vẫn|lại|mới|cũng|đều|lần|nhất)(?!\w)"
)
_SUBJECT = re.compile(r"(?i)(?<!\w)(tỷ lệ|tỉ lệ|tỷ trọng|tỉ trọng|số lượng|tổng số|số)\s+")
_MAX_WORDS = 12
# Pillars by the words of the name, first match wins (ids of ``helpers.load.PILLARS``).
_PILLAR_WORDS = (
    ("tong_hop", r"chỉ số|dti|xếp hạng"),
    ("an_toan_thong_tin", r"an toàn thông tin|an ninh mạng|tấn công mạng|mã độc"),
    ("nhan_luc_so", r"tập huấn|đào tạo|bồi dưỡng|kỹ năng số|nhân lực"),
    (
        "ha_tang_so",
        r"cáp quang|băng rộng|thuê bao|phủ sóng|internet|4g|5g|trạm|camera|wifi"
        r"|điện thoại",
    ),
    (
        "kinh_te_so",
        r"doanh nghiệp|thương mại điện tử|kinh tế số|hộ kinh doanh|ocop|sàn|cửa hàng"
        r"|hóa đơn|quầy hàng|chợ",
    ),
    (
        "xa_hoi_so",
        r"người dân|công dân|tài khoản|định danh|chữ ký|gia đình|hộ gia đình"
        r"|an sinh|lương hưu|bhxh|học sinh|bệnh|y tế|tổ công nghệ|cộng đồng"
        r"|không dùng tiền mặt",
    ),
    (
        "chinh_quyen_so",
        r"hồ sơ|thủ tục|tthc|dịch vụ công|dvc|văn bản|một cửa|cán bộ|công chức"
        r"|cơ quan|chính quyền",
    ),
)


@dataclass(frozen=True)
class NewIndicator:
    """A proposed catalogue entry."""

    indicator_id: str
    name: str
    unit: str
    pillar: str


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+(?:\.\d+)?|\d+(?:[.,]\d+)*[A-Za-z]\w*", text)


def _phrase(text: str) -> str:
    """The noun phrase opening ``text``, cut at the first verb or joining word."""
    stop = _STOP.search(text)
    head = text[: stop.start()] if stop else text
    head = re.split(r"[,;:.()\[\]|“”\"]|\s[-–]\s", head)[0]
    words = _words(head)[:_MAX_WORDS]
    return " ".join(words)


def name_for(before: str, after: str, unit: str, measure: str = "") -> str:
    """A name for the figure whose window reads ``before`` [figure] ``after``."""
    subjects = list(_SUBJECT.finditer(before))
    if unit == "percent":
        for subject in reversed(subjects):
            if subject.group(1).lower() in ("tỷ lệ", "tỉ lệ", "tỷ trọng", "tỉ trọng"):
                phrase = _phrase(before[subject.end() :])
                if phrase:
                    return f"{subject.group(1).capitalize()} {phrase}"
        phrase = _phrase(after.lstrip(" %"))
        if not phrase and measure:
            phrase = _phrase(measure + " " + after)
        return f"Tỷ lệ {phrase}" if phrase else ""
    if unit == "index":
        for subject in reversed(subjects):
            phrase = _phrase(before[subject.end() :])
            if phrase:
                return f"Chỉ số {phrase}"
        return ""
    phrase = _phrase(after)
    return f"Số {phrase}" if phrase else ""


def slug(name: str) -> str:
    """An indicator id from a name: ASCII, lower case, words joined by ``_``."""
    text = name.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", text)
    if name.startswith("Số ") and len(words) > 1:
        words = words[1:]  # "Số tài khoản …": the id names what is counted; a rate keeps "ty_le"
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > 48:
            break
        out = f"{out}_{word}" if out else word
    return out


def pillar_for(name: str) -> str:
    lowered = name.lower()
    for pillar, words in _PILLAR_WORDS:
        if re.search(rf"(?<!\w)(?:{words})(?!\w)", lowered):
            return pillar
    return "chinh_quyen_so"


def propose_indicator(before: str, after: str, unit: str, measure: str, taken: set[str]) -> NewIndicator | None:
    """A new indicator for a figure no catalogue entry fits, or ``None`` when its words do not
    name one (then the reviewer chooses)."""
    if unit not in ("percent", "count", "index"):
        return None
    name = name_for(before, after, unit, measure)
    if len(_words(name)) < 4:  # "Số hồ sơ", "Tỷ lệ xã" say too little to be an indicator
        return None
    base = slug(name)
    if not base:
        return None
    indicator_id, number = base, 2
    while indicator_id in taken:
        indicator_id, number = f"{base}_{number}", number + 1
    return NewIndicator(indicator_id, name, unit, pillar_for(name))
