"""Property: whatever a data folder holds, the loader accepts it (and the tables that reports are
made of can be computed from it) or refuses it with file and line. Never a traceback, never a
figure counted twice.

Hypothesis builds small valid data folders, then applies random mutations of the kinds analysts
and tools make (a cell retyped, a row duplicated or dropped, a period written another way, a
header column repeated, a quote left open, a file cut short or saved in another encoding…).

`make test` runs a fixed, derandomized set of 12 examples (`make test-fast`, for the edit loop: 4). A
longer search:

    CDS_HYPOTHESIS_EXAMPLES=5000 .venv/bin/pytest -q tests/test_property_data.py

(``CDS_HYPOTHESIS_SEED`` picks another fixed seed; a failure prints the smallest folder found.)
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from helpers.compute import all_localities_table, locality_table
from helpers.load import SCHEMAS, DataError, load_workbook
from helpers.periods import parse_period
from helpers.quality import findings
from helpers.reports.locality import LocalityReport
from helpers.rollup import reporting_localities, rollup

EXAMPLES = int(os.environ.get("CDS_HYPOTHESIS_EXAMPLES", "12"))
SEED = int(os.environ.get("CDS_HYPOTHESIS_SEED", "20261129"))

INDICATORS = [
    "ho_so_truc_tuyen,chinh_quyen_so,Tỷ lệ hồ sơ trực tuyến,Online dossiers,percent,hồ sơ trực tuyến,hồ sơ,higher",
    "ho_so_qua_han,chinh_quyen_so,Tỷ lệ quá hạn,Overdue,percent,quá hạn,đã giải quyết,lower",
    "ho_so_tiep_nhan,chinh_quyen_so,Số hồ sơ,Dossiers,count,,,higher",
]
PERIODS = [
    "2022",
    "2023",
    "2022-M6",
    "2023-M9",
    "2022-01-01/..",
    "2021-07-01/2022-03-31",
    "2023-01-01/2023-12-31",
    "2022-01-01/2022-06-30",
    "2025",
    "2026",
]
NASTY = [
    "",
    " ",
    "-1",
    "0",
    "1e5",
    "18.592",
    "99,82",
    "9" * 30,
    "99999999999999999999",
    '"',
    "\x00",
    '=HYPERLINK("http://x")',
    "+cmd|' /C calc'!A0",
    "２０２３",
    "2023-M13",
    "2023-M0",
    "0999",
    "2023-02-30/..",
    "US$2 $x",
    "\u202egnp.exe",
    "a" * 300,
    "huyen-z",
    "tinh-a",
    "province",
    "commune",
    "2025-07-01",
    "101",
    "100",
    "0.0",
    "NaN",
    "inf",
    "1,5",
    ">",
    "~",
]


@st.composite
def folders(draw) -> dict[str, str]:
    """A small valid data folder, as file name → text."""
    districts = draw(st.integers(1, 3))
    localities = ["locality_id,name,level,parent_id,admin_code,valid_from,valid_to", "tinh-a,Tỉnh Á,province,,01,,"]
    units = []
    for d in range(districts):
        ends = draw(st.sampled_from(["", "2025-06-30"]))
        localities.append(f"huyen-{d},Huyện {d},district,tinh-a,00{d},,{ends}")
        units.append(f"huyen-{d}")
        for c in range(draw(st.integers(0, 2))):
            localities.append(f"xa-{d}-{c},Xã {d} {c},commune,huyen-{d},0{d}{c}01,,{ends}")
            units.append(f"xa-{d}-{c}")
    figures = ["locality_id,indicator_id,period,numerator,denominator,value,qualifier,source_id,locator,note"]
    seen = set()
    for _ in range(draw(st.integers(0, 10))):
        unit = draw(st.sampled_from(units))
        indicator = draw(st.sampled_from(INDICATORS)).split(",")[0]
        period = draw(st.sampled_from(["2022", "2023", "2022-M6", "2023-M9", "2021-07-01/2022-03-31"]))
        if (unit, indicator, period) in seen:
            continue
        seen.add((unit, indicator, period))
        if indicator == "ho_so_tiep_nhan":
            cells = f",,{draw(st.integers(0, 10**6))},"
        else:
            den = draw(st.integers(1, 10**5))
            num = draw(st.integers(0, den))
            value = draw(st.sampled_from(["", f"{num / den * 100:.2f}"]))
            cells = f"{num},{den},{value},{draw(st.sampled_from(['', '>', '~']))}"
        figures.append(f"{unit},{indicator},{period},{cells},bai-b,¶{len(figures)},")
    targets = [
        "indicator_id,locality_id,year,value,comparison,source_id,locator,note",
        "ho_so_truc_tuyen,,2025,80,>=,qd-tw,mục II,",
        f"ho_so_qua_han,tinh-a,{draw(st.integers(2022, 2026))},5,<=,qd-tw,mục IV,",
    ]
    return {
        "localities.csv": "\n".join(localities) + "\n",
        "indicators.csv": "\n".join(
            ["indicator_id,pillar,name_vi,name_en,unit,numerator_vi,denominator_vi,direction", *INDICATORS]
        )
        + "\n",
        "sources.csv": "source_id,title,publisher,published,url,note\n"
        "bai-b,Báo cáo,UBND,2022-08-09,https://example.org,\n"
        "qd-tw,Quyết định,Thủ tướng,2020-06-03,,\n",
        "figures.csv": "\n".join(figures) + "\n",
        "targets.csv": "\n".join(targets) + "\n",
        "rules.csv": "rule_id,left,operator,right,severity,missing,message_vi,message_en\n"
        "tt,ho_so_truc_tuyen.numerator,<=,ho_so_tiep_nhan,error,skip_if_any_missing,a,b\n",
    }


def _mutate(files: dict[str, str], data) -> dict[str, str]:
    files = dict(files)
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        name = data.draw(st.sampled_from(sorted(files)), label="file")
        lines = files[name].split("\n")
        kind = data.draw(
            st.sampled_from(
                [
                    "cell",
                    "cell",
                    "cell",
                    "duplicate_row",
                    "drop_row",
                    "period",
                    "header_repeat",
                    "header_drop",
                    "open_quote",
                    "cut",
                    "encoding",
                    "blank_lines",
                    "bom",
                    "swap_rows",
                ]
            ),
            label="kind",
        )
        row = data.draw(st.integers(0, max(0, len(lines) - 2)), label="row")
        if kind == "cell" and lines[row]:
            cells = lines[row].split(",")
            column = data.draw(st.integers(0, len(cells) - 1), label="column")
            cells[column] = data.draw(st.sampled_from(NASTY), label="text")
            if '"' not in cells[column] and any(ch in cells[column] for ch in ",\n"):
                cells[column] = '"' + cells[column] + '"'
            lines[row] = ",".join(cells)
        elif kind == "duplicate_row" and row > 0:
            lines.insert(row, lines[row])
        elif kind == "drop_row" and len(lines) > 2:
            del lines[row]
        elif kind == "period" and name == "figures.csv" and row > 0 and lines[row]:
            cells = lines[row].split(",")
            cells[2] = data.draw(st.sampled_from(PERIODS), label="period")
            lines[row] = ",".join(cells)
        elif kind == "header_repeat" and lines[0].count(",") >= 1:
            header = lines[0].split(",")
            header[-1] = data.draw(st.sampled_from(header[:-1]), label="repeated")
            lines[0] = ",".join(header)
        elif kind == "header_drop" and lines[0]:
            header = lines[0].split(",")
            del header[data.draw(st.integers(0, len(header) - 1), label="dropped")]
            lines[0] = ",".join(header)
        elif kind == "open_quote" and lines[row]:
            lines[row] = lines[row] + ',"không đóng'
        elif kind == "cut":
            text = "\n".join(lines)
            lines = text[: data.draw(st.integers(0, len(text)), label="cut at")].split("\n")
        elif kind == "blank_lines":
            lines.insert(row, "")
        elif kind == "swap_rows" and len(lines) > 3 and row > 0:
            lines[row], lines[-2] = lines[-2], lines[row]
        files[name] = "\n".join(lines)
        if kind == "encoding":
            files[name] = files[name].encode("utf-8").decode("utf-8")  # marked, written below
            files[name] = "\x00cp1258\x00" + files[name]
        elif kind == "bom":
            files[name] = "\ufeff" + files[name]
    return files


def _write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        if text.startswith("\x00cp1258\x00"):
            (folder / name).write_bytes(text[len("\x00cp1258\x00") :].encode("cp1258", errors="replace"))
        else:
            (folder / name).write_text(text, encoding="utf-8")


def _check_accepted(workbook) -> None:
    figures = workbook.figures
    # never a silent double count: one figure per unit, indicator and the dates its period covers
    keys = [
        (r.locality_id, r.indicator_id, parse_period(r.period).start, parse_period(r.period).end)
        for r in figures.itertuples()
    ]
    assert len(keys) == len(set(keys)), figures
    assert all(parse_period(p).canonical == p for p in figures["period"])
    all_localities_table(workbook)
    for locality_id in workbook.localities.index:
        locality_table(workbook, locality_id)
    for locality_id in reporting_localities(workbook):
        LocalityReport(workbook, locality_id, lang="en")  # the tables a report is made of
        rolled = rollup(workbook, locality_id).figures
        if len(rolled):
            assert not rolled.duplicated(["indicator_id", "period"]).any(), rolled
            fractions = rolled.dropna(subset=["numerator"])
            assert (fractions["numerator"] <= fractions["denominator"]).all()
    for finding in findings(workbook):  # worded when read: read each, in both languages
        assert finding.format("vi") and finding.format("en")


def _check_refused(error: DataError) -> None:
    assert error.issues
    for issue in error.issues:
        assert issue.file in SCHEMAS, issue
        assert issue.line is not None or issue.code == "file_missing", issue
        assert isinstance(issue.line, int | None) and (issue.line is None or issue.line >= 1)
        for lang in ("vi", "en"):
            text = issue.format(lang)
            assert issue.file in text


@seed(SEED)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="CDS_HYPOTHESIS_SEED" not in os.environ and EXAMPLES <= 100,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
@given(files=folders(), data=st.data())
def test_a_data_folder_is_loaded_and_computed_or_refused_with_file_and_line(files, data):
    mutated = _mutate(files, data) if data.draw(st.booleans(), label="mutate") else files
    folder = Path(tempfile.mkdtemp(prefix="cds-property-"))
    try:
        _write(folder, mutated)
        try:
            workbook = load_workbook(folder)
        except DataError as error:
            _check_refused(error)
        else:
            _check_accepted(workbook)
    finally:
        shutil.rmtree(folder)
