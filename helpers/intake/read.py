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

from ..formatting import format_number
from ..i18n import text as i18n_text

SUFFIXES = (".txt", ".docx", ".pdf")

# Limits on what is read: a report is a few hundred kilobytes of text. Larger inputs, or an
# archive that unpacks to far more than it weighs (a "zip bomb"), are refused before parsing.
MAX_BYTES = 50 * 1024 * 1024
MAX_UNPACKED = 200 * 1024 * 1024
MAX_RATIO = 100  # unpacked ÷ packed size of one member of an archive
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

# Look-alike letters that break matching: "CÐS" typed with the Icelandic eth (U+00D0) instead
# of the Vietnamese Đ (U+0110). Same length, so offsets are kept.
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})
_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")


@dataclass(frozen=True)
class ReadNote:
    """A sentence about one file, kept as its i18n key (``read.<key>``) and fields so that it is
    said in the reader's language."""

    key: str
    file: str
    fields: tuple[tuple[str, object], ...] = ()

    def format(self, lang: str = "vi") -> str:
        fields = {
            name: format_number(value, lang, decimals=0) if isinstance(value, int) else value
            for name, value in self.fields
        }
        return i18n_text(f"read.{self.key}", lang, file=self.file, **fields)


class ReadError(Exception):
    """A file could not be read as report text; :meth:`format` says why in a language."""

    def __init__(self, key: str, file: str, **fields: object) -> None:
        self.note = ReadNote(key, file, tuple(fields.items()))
        super().__init__(self.note.format("vi"))

    def format(self, lang: str = "vi") -> str:
        return self.note.format(lang)


def said(error: Exception, lang: str = "vi") -> str | Exception:
    """What to tell the user of ``error``: a :class:`ReadError` in their language, any other
    error (from a parser) as it is."""
    return error.format(lang) if isinstance(error, ReadError) else error


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
    warnings: list[ReadNote]


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
        raise ReadError("bad_suffix", path.name, suffixes=", ".join(SUFFIXES))
    if not path.exists():
        raise ReadError("not_found", path.name)
    if path.stat().st_size > MAX_BYTES:
        raise ReadError("too_large", path.name, size=path.stat().st_size, limit=MAX_BYTES)
    if suffix == ".txt":
        text = _txt_text(path, warnings)
    elif suffix == ".docx":
        check_archive(path)
        text = _docx_text(path)
    else:
        text = _pdf_text(path)
    text = normalise(text)
    paragraphs = split_paragraphs(text)
    if not paragraphs:
        raise ReadError("no_text_pdf" if suffix == ".pdf" else "no_text", path.name)
    return Document(path, text, paragraphs, warnings)


def _txt_text(path: Path, warnings: list[str]) -> str:
    """A .txt report's text: UTF-8, UTF-16/32 (with a byte-order mark, or UTF-16 without one) or
    Windows-1258; a file that is not text (binary, or decoding to control characters) is refused."""
    raw = path.read_bytes()
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if raw.startswith(bom):
            text = _decoded(raw, codec, path)
            break
    else:
        if raw[1::2].count(0) > len(raw) // 4 and raw[0::2].count(0) < len(raw) // 40:
            text = _decoded(raw, "utf-16-le", path)  # UTF-16 saved without a byte-order mark
        elif raw[0::2].count(0) > len(raw) // 4 and raw[1::2].count(0) < len(raw) // 40:
            text = _decoded(raw, "utf-16-be", path)
        else:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                if b"\x00" in raw:
                    raise ReadError("binary", path.name) from None
                # Older Vietnamese office files are often Windows-1258; decoding it is safe here
                # because nothing is written back, but the reviewer should know.
                text = raw.decode("cp1258", errors="replace")
                warnings.append(ReadNote("cp1258", path.name))
    controls = len(_CONTROL.findall(text))
    if controls > max(3, len(text) // 200):
        raise ReadError("control_characters", path.name, count=controls)
    return text


def _decoded(raw: bytes, codec: str, path: Path) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as error:
        raise ReadError("bad_encoding", path.name, codec=codec.upper(), byte=error.start) from None


def check_archive(path: Path) -> None:
    """Refuse an Office file (.docx, .xlsx: a zip archive) that would unpack to more than
    :data:`MAX_UNPACKED` bytes, or one of whose parts unpacks to more than :data:`MAX_RATIO`
    times its packed size, before any parser reads it.

    Raises
    ------
    ReadError
        Naming the file and what is too large.
    """
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise ReadError("not_office", Path(path).name, error=error) from error
    total = sum(member.file_size for member in members)
    if total > MAX_UNPACKED:
        raise ReadError("unpacks_too_large", Path(path).name, size=total, limit=MAX_UNPACKED)
    for member in members:
        if member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(1, member.compress_size):
            raise ReadError(
                "compression_bomb",
                Path(path).name,
                part=member.filename,
                size=member.file_size,
                packed=member.compress_size,
            )
    # (zipfile itself never unpacks more than a part declares: a lying header gains nothing)


def _docx_text(path: Path) -> str:
    try:
        import docx  # python-docx, needed only for .docx
        import docx.table
    except ImportError as error:
        raise ReadError("needs_package", path.name, package="python-docx") from error
    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises several kinds for a file that is not .docx
        raise ReadError("not_docx", path.name, error=error) from error
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
        raise ReadError("needs_package", path.name, package="pypdf") from error
    try:
        reader = PdfReader(str(path))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception as error:  # pypdf raises many kinds for damaged files
        raise ReadError("not_pdf", path.name, error=error) from error
