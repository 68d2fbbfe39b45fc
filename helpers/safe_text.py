"""Text from data/, made safe for each place it is shown or written.

Names, titles and notes come from analysts, forms and report text; they are shown as they are
written, never interpreted:

- every renderer: bidirectional controls (U+202E "right-to-left override" and its kin) would make
  "gnp.exe" display as "exe.png"; they are removed;
- running headers: a name is cut to a length that fits one line;
- spreadsheets and CSV files opened in Excel: a cell that starts with ``=``, ``+``, ``-``, ``@``
  or a tab/carriage return would run as a formula ("=HYPERLINK(…)", "+cmd|…"); it is written
  with a leading ``'``, which Excel shows as text.

HTML is escaped by the templates (Jinja autoescape) and the PDF is made from that HTML.
"""

from __future__ import annotations

import re

BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
HEADER_LENGTH = 90


def plain(text: str) -> str:
    """``text`` without bidirectional control characters."""
    return BIDI_CONTROLS.sub("", text)


def for_header(text: str, length: int = HEADER_LENGTH) -> str:
    """A running title that fits one line of an A4 page: cut at a word, with "…"."""
    text = " ".join(plain(str(text)).split())
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > length // 2 else cut).rstrip() + "…"


def for_spreadsheet(value: object) -> object:
    """A cell value for a CSV or Excel file: text that Excel would run as a formula is written
    as text (with a leading ``'``); numbers and other values are returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _is_number(value):
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    # "-1" or "+5" written into a text cell are numbers, not formulas
    return re.fullmatch(r"[+-]?\d+(\.\d+)?", text) is not None
