"""Input limits of intake: text files in any encoding or none, archives that unpack too far,
forms with a stray far cell."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from helpers.cli import main
from helpers.intake.forms import import_form, write_template
from helpers.intake.read import ReadError, read_document
from helpers.load import load_workbook

FIXTURES = Path(__file__).parent / "fixtures"
REPORT = FIXTURES / "ingest" / "nam_son_6_thang.txt"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_a_report_saved_as_utf16_or_utf32_reads_as_its_utf8_original(codec, tmp_path):
    original = read_document(REPORT)
    path = tmp_path / "bao-cao.txt"
    path.write_bytes(REPORT.read_text(encoding="utf-8").encode(codec))
    document = read_document(path)
    assert document.text == original.text
    assert [p.text for p in document.paragraphs] == [p.text for p in original.paragraphs]


@pytest.mark.parametrize(
    "content",
    [
        bytes(range(256)) * 200,  # binary
        b"\x89PNG\r\n\x1a\n" + os.urandom(20000),  # an image renamed .txt
        b"MZ\x90\x00" + b"\x00\x01\x02\x03" * 5000,  # a program
    ],
    ids=["bytes", "png", "exe"],
)
def test_a_binary_file_named_txt_is_refused_and_proposes_nothing(content, tmp_path, capsys):
    path = tmp_path / "bao-cao.txt"
    path.write_bytes(content)
    with pytest.raises(ReadError, match="không phải tệp văn bản") as refused:
        read_document(path)
    assert "not a text file" in refused.value.format("en")
    review = tmp_path / "review.xlsx"
    data = FIXTURES / "ingest" / "data"
    assert main(["ingest", str(path), "--out", str(review), "--data", str(data), "--lang", "en"]) == 1
    out, err = capsys.readouterr()
    assert not review.exists()
    assert "not a text file" in err and len(out + err) < 2000
    assert not any(ord(c) < 32 and c not in "\n\t" for c in out + err)


def _zip_bomb(path: Path, megabytes: int) -> None:
    """A .docx whose document.xml unpacks to ``megabytes`` MB of spaces from about 1 MB."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as stream:
            stream.write(b"<w:document><w:body><w:p><w:r><w:t>")
            block = b" " * (1 << 20)
            for _ in range(megabytes):
                stream.write(block)
            stream.write(b"</w:t></w:r></w:p></w:body></w:document>")


@pytest.mark.e2e  # a few seconds to make the bomb
def test_a_zip_bomb_docx_is_refused_within_seconds_and_little_memory(tmp_path):
    bomb = tmp_path / "bao-cao.docx"
    _zip_bomb(bomb, 300)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    script = (
        "import resource, sys, time\nfrom helpers.intake.read import ReadError, read_document\n"
        f"start = time.monotonic()\ntry:\n    read_document({str(bomb)!r})\nexcept ReadError as e:\n"
        "    print('refused', e.format('en'))\nprint(time.monotonic() - start)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert time.monotonic() - started < 30
    refused, seconds, peak_kb = result.stdout.strip().splitlines()
    assert refused.startswith("refused") and "bao-cao.docx" in refused, result.stderr
    assert float(seconds) < 5
    assert int(peak_kb) < 500 * 1024


def test_a_form_with_a_stray_cell_in_its_last_row_imports_in_seconds(minimal_dir, tmp_path):
    form = write_template(load_workbook(minimal_dir), "huyen-b", "2024", tmp_path / "form.xlsx")
    book = openpyxl.load_workbook(form)
    sheet = book["Chính quyền số"]
    sheet["D2"], sheet["E2"], sheet["G2"], sheet["H2"] = 18592, 18624, "bai-b", "¶2"
    sheet["I1048576"] = "x"  # one stray cell in the sheet's last row
    book.save(form)
    started = time.monotonic()
    result = import_form(form, minimal_dir)
    assert time.monotonic() - started < 20
    assert result.ok, result.problems
    assert result.added == 1
