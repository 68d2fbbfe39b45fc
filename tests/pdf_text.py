"""A PDF's text as the tests read it, through PDFium (the pypdfium2 wheel): several times faster
than pure-Python text extraction, which the checks of every page of every report would pay for
most of their time."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pypdfium2

# PDFium marks a hyphen that ends a line as a soft hyphen (U+FFFE) and joins the two lines; the
# tests read it as what the page shows, a hyphen at the end of a line
_LINE_END_HYPHEN = "\ufffe"


@dataclass
class PageText:
    text: str  # lines in the order the page draws them: the margin boxes (title, "n / N") last
    lefts: list[float]  # the left edge of every character that is not a space, in points


def read_pages(source: Path | bytes) -> list[PageText]:
    document = pypdfium2.PdfDocument(io.BytesIO(source) if isinstance(source, bytes) else str(source))
    pages = []
    try:
        for page in document:
            textpage = page.get_textpage()
            count = textpage.count_chars()
            text = textpage.get_text_range(0, count)
            assert len(text) == count, "one character of text per character on the page"
            lefts = [textpage.get_charbox(n)[0] for n in range(count) if not text[n].isspace()]
            text = text.replace(_LINE_END_HYPHEN, "-\n").replace("\r\n", "\n")
            pages.append(PageText(text, lefts))
    finally:
        document.close()
    return pages


def pdf_text(source: Path | bytes, joiner: str = "\n") -> str:
    return joiner.join(page.text for page in read_pages(source))
