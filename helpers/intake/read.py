"""Read report text (.txt, .docx, .pdf) into numbered paragraphs for :mod:`helpers.intake.ingest`.

Paragraphs follow the project's locator convention: ``¶N`` is the N-th line that holds visible
text, the title being ¶1. Character offsets are offsets into :attr:`Document.text`, the
document's text after Unicode NFC normalisation (for a .txt file, its decoded content).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

SUFFIXES = (".txt", ".docx", ".pdf")

# Look-alike letters that break matching: "CÐS" typed with the Icelandic eth (U+00D0) instead
# of the Vietnamese Đ (U+0110). Same length, so offsets are kept.
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})
_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")


class ReadError(Exception):
    """A file could not be read as report text."""


@dataclass(frozen=True)
class Paragraph:
    """One line with visible text: its ¶ number, its text and where it starts."""

    number: int
    text: str
    offset: int

    @property
    def locator(self) -> str:
        return f"¶{self.number}"


@dataclass
class Document:
    """A report's text split into paragraphs."""

    path: Path
    text: str
    paragraphs: list[Paragraph]
    warnings: list[str]


def normalise(text: str) -> str:
    """NFC, Vietnamese Đ for its look-alikes, and ``\\n`` line ends."""
    text = unicodedata.normalize("NFC", text).translate(_LOOKALIKES)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_paragraphs(text: str) -> list[Paragraph]:
    """Number the lines of ``text`` that hold visible text, title first."""
    paragraphs, offset = [], 0
    for line in text.split("\n"):
        if _INVISIBLE.sub("", line):
            paragraphs.append(Paragraph(len(paragraphs) + 1, line, offset))
        offset += len(line) + 1
    return paragraphs


def read_document(path: Path) -> Document:
    """Read a .txt, .docx or text-layer .pdf report.

    Raises
    ------
    ReadError
        Unknown suffix, unreadable file, or a PDF without a text layer.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    warnings: list[str] = []
    if suffix not in SUFFIXES:
        raise ReadError(f"{path.name}: expected one of {', '.join(SUFFIXES)}")
    if not path.exists():
        raise ReadError(f"{path.name}: file not found")
    if suffix == ".txt":
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            # Older Vietnamese office files are often Windows-1258; decoding it is safe here
            # because nothing is written back, but the reviewer should know.
            text = raw.decode("cp1258", errors="replace")
            warnings.append(f"{path.name}: not UTF-8, read as Windows-1258")
    elif suffix == ".docx":
        text = _docx_text(path)
    else:
        text = _pdf_text(path)
    text = normalise(text)
    paragraphs = split_paragraphs(text)
    if not paragraphs:
        raise ReadError(f"{path.name}: no text found" + (
            " (a scanned PDF needs OCR first)" if suffix == ".pdf" else ""))
    return Document(path, text, paragraphs, warnings)


def _docx_text(path: Path) -> str:
    try:
        import docx  # python-docx, needed only for .docx
        import docx.table
    except ImportError as error:
        raise ReadError(f"{path.name}: reading .docx needs python-docx (pip install python-docx)") \
            from error
    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises several kinds for a file that is not .docx
        raise ReadError(f"{path.name}: cannot be opened as .docx ({error})") from error
    lines: list[str] = []
    # iter_inner_content keeps body order (paragraphs and tables interleaved), which the ¶
    # numbers depend on.
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:
                    value = cell.text.replace("\n", " ").strip()
                    if not cells or cells[-1] != value:  # a merged cell repeats itself
                        cells.append(value)
                # " | " keeps cells apart as separate clauses for the extractor
                lines.append(" | ".join(cells))
        else:
            lines.append(block.text.replace("\n", " "))
    return "\n".join(lines)


def _pdf_text(path: Path) -> str:
    try:
        from pypdf import PdfReader
    except ImportError as error:
        raise ReadError(f"{path.name}: reading .pdf needs pypdf (pip install pypdf)") from error
    try:
        reader = PdfReader(str(path))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception as error:  # pypdf raises many kinds for damaged files
        raise ReadError(f"{path.name}: cannot be read as .pdf ({error})") from error
