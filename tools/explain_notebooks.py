"""Give each report notebook its analyst notes: one markdown cell per section, tagged ``remove``.

Cells tagged ``remove`` stay in the notebook for the analyst and out of every rendered report
(``helpers.config.ANALYST_TAG``). Run once after changing a notebook's sections or their notes:
``.venv/bin/python tools/explain_notebooks.py``; it rewrites the notes, leaves every other cell
alone and writes the notebooks as git commits them (:func:`helpers.reports.lab.strip`).
tests/test_docs.py checks that the notebooks hold these notes and that the files they name exist.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

from helpers.reports.lab import strip

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
TAG = "remove"

INTRO = {
    "locality_report.ipynb": """\
# Báo cáo tiến độ chuyển đổi số của một địa phương / One locality's progress report

**Tiếng Việt.** Sổ này lập báo cáo của một địa phương cho một kỳ từ các tệp trong `data/`; mỗi ô
bên dưới hiện một phần của báo cáo, và `cds render` chạy sổ này cho từng địa phương, xuất HTML, PDF.

**Tham số** (ô có tag `parameters`; `cds render` thay giá trị của chúng):
- `locality_id`: mã địa phương, cột `locality_id` của `data/localities.csv` (ví dụ `hong-ngu`).
- `period`: kỳ báo cáo, `2023` (cả năm), `2022-M6` (6 tháng đầu năm 2022) hoặc
  `2022-01-01/2022-06-30`; để trống `""` là số liệu mới nhất của từng chỉ số.
- `lang`: `vi` (tiếng Việt) hoặc `en` (tiếng Anh). `data_dir`: thư mục số liệu, trống là `data/`.

**Dùng được trong ô của bạn:** `report` (gõ `report` để xem tóm tắt, `help(report)` để xem mọi
dữ liệu), `report.table` (pandas, mỗi số liệu của kỳ một dòng), `report.progress_table` (tiến độ
theo thời gian), `report.series` (các kỳ của từng chỉ số), `report.rolled_up.figures` (số liệu
cộng dồn từ các đơn vị trực thuộc), `report.workbook` (toàn bộ dữ liệu đã nạp: `.figures`,
`.targets`, `.indicators`, `.localities`, `.sources`). Các cột của `report.table`:
- chỉ số: `indicator_id`, `name_vi`, `name_en`, `pillar` (trụ cột), `unit` (`percent`, `count`…),
  `direction` (`higher`: cao hơn là tốt; `lower`: thấp hơn là tốt);
- số liệu như nguồn ghi: `value` (số công bố), `value_text` (đúng như viết), `qualifier` (`>`,
  `>=`, `~`… khi nguồn viết "trên", "gần"), `numerator`, `denominator` (tử số, mẫu số), `note`;
- kết quả: `rate` (tử số ÷ mẫu số × 100, tính lại), `result` (số dùng để đánh giá: `rate` nếu có,
  không thì `value`);
- kỳ: `period`, `period_start`, `period_end`, `period_year`;
- nguồn: `source_id`, `locator` (đoạn trong nguồn), `line` (dòng trong `data/figures.csv`),
  `locality_id`;
- chỉ tiêu áp dụng: `target_value`, `target_comparison` (`>=`…), `target_year`, `target_scope_id`
  (địa phương, tỉnh hay `national` đặt chỉ tiêu), `target_scope_rank` (0 là của chính địa phương),
  `target_source_id`, `target_locator`, `target_note`;
- đánh giá: `gap` (`result` − `target_value`, điểm phần trăm với tỷ lệ), `status` (`met` đạt,
  `not_met` chưa đạt, `not_due` chưa đến hạn, `no_target` không có chỉ tiêu; nhãn tiếng Việt:
  `helpers.i18n.label(status, "vi")`).

**Ô của riêng bạn:** thêm ô mới (biểu đồ matplotlib/seaborn với `plt.show()`, bảng, đoạn văn): ô đó
vào báo cáo lập từ bản sao của bạn. Để một ô chỉ ở lại trong sổ, không vào báo cáo, gắn tag `remove`
(thanh bên phải → biểu tượng bánh răng → Cell Tags), như các ô ghi chú này.

**Lập báo cáo từ bản sao của bạn:** sao chép sổ này (File → Save Notebook As…), rồi chạy
`.venv/bin/cds render --locality hong-ngu --notebook duong/dan/ban_sao.ipynb` (thêm `--lang en`,
`--period 2022-M6`, `--output thu_muc` nếu cần). Sổ gốc giữ nguyên cho mọi địa phương. Ô có tag
`remove` không chạy; đầu ra đã lưu trong sổ không bao giờ vào báo cáo.

**English.** This notebook makes one locality's report for one period from the files in `data/`;
each cell below shows one section, and `cds render` runs it for every locality into HTML and PDF.
Parameters: `locality_id` (an id from `data/localities.csv`), `period` (`2023`, `2022-M6`,
`2022-01-01/2022-06-30`; empty: each indicator's latest figure), `lang` (`vi` or `en`),
`data_dir` (empty: `data/`). In your own cells use `report` (display it for a summary;
`help(report)` lists its data), `report.table` (one row per figure, columns as listed above:
the indicator, the figure as the source printed it, `rate` recomputed from its fraction,
`result` the figure judged, the applicable target and where it comes from, `gap` and `status`),
`report.progress_table`, `report.series`, `report.rolled_up.figures` and `report.workbook`.
A cell you add (a matplotlib or seaborn chart with `plt.show()`, a table, a paragraph) goes into
the report rendered from your copy; tag it `remove` to keep it in the notebook only. Render your
copy with `.venv/bin/cds render --locality ID --notebook PATH`; the shipped notebook stays as it
is, cells tagged `remove` are not run, and outputs saved in the notebook are never published.""",
    "overview.ipynb": """\
# So sánh giữa các địa phương / Comparison across localities

**Tiếng Việt.** Sổ này đặt các địa phương cạnh nhau: bản đồ nhiệt chênh lệch so với chỉ tiêu, xếp
hạng theo từng chỉ số, số chỉ số đạt theo trụ cột, và những gì không được so sánh (vì sao).
Tham số: `lang` (`vi`/`en`), `data_dir` (bỏ trống: `data/`). Ô của riêng bạn: gắn tag `remove`.

**English.** This notebook sets the localities side by side: a heatmap of gaps to target, rankings
per indicator, indicators met per pillar, and what was left out of the comparison and why.
Parameters: `lang`, `data_dir`. Tag your own cells `remove` to keep them out of the report.""",
    "data_quality.ipynb": """\
# Chất lượng số liệu / Data quality

**Tiếng Việt.** Sổ này liệt kê mọi phát hiện về số liệu của mọi địa phương: quy tắc kiểm tra
(`data/rules.csv`) bị vi phạm và tỷ lệ công bố không khớp với tử số/mẫu số, kèm vị trí trong tệp
(`figures.csv:73`). Đây là báo cáo cho người biên tập số liệu. Ô của riêng bạn: gắn tag `remove`.

**English.** This notebook lists every data finding of every locality: broken validation rules
(`data/rules.csv`) and reported rates that disagree with their fractions, with the file and line.
It is the report for whoever curates the data. Tag your own cells `remove`.""",
}

# Per notebook, the code cell a note precedes -> what that section shows and which files make it
# (the template or module that writes the section, then where its data and words come from).
# Every section has its note: explained() refuses a section without one.
TEMPLATES = "helpers/reports/templates"
NOTES = {
    "locality_report.ipynb": {
        "report.header()": "Đầu báo cáo: tên, cấp, mã, tỉnh, kỳ, nguồn, ngày lập. "
        f"Khuôn: `{TEMPLATES}/header.html.j2`; tên và mã: `data/localities.csv`; nhãn: `helpers/i18n.py`.",
        "report.summary()": "Tóm tắt: số chỉ số đạt / chưa đạt / chưa có chỉ tiêu, các câu chính. "
        f"Khuôn: `{TEMPLATES}/summary.html.j2`; câu chữ: `helpers/i18n.py`; cách đánh giá: "
        "`helpers/compute.py`, `helpers/targets.py`; chỉ tiêu: `data/targets.csv`.",
        "report.pillar_sections()": "Mỗi trụ cột một bảng và biểu đồ. "
        f"Khuôn: `{TEMPLATES}/pillar.html.j2`; biểu đồ: `helpers/reports/charts.py`; số liệu: "
        "`data/figures.csv`; tên chỉ số và trụ cột: `data/indicators.csv`.",
        "report.shortfalls()": "Các chỉ số chưa đạt, xếp theo khoảng cách tới chỉ tiêu, và các chỉ tiêu chưa đến hạn. "
        f"Khuôn: `{TEMPLATES}/shortfalls.html.j2`; biểu đồ: `helpers/reports/charts.py`; câu chữ: `helpers/i18n.py`.",
        "report.progress()": "Tiến độ theo thời gian (khi có từ hai kỳ trở lên). "
        f"Khuôn: `{TEMPLATES}/progress.html.j2`; phương pháp: `helpers/progress.py`; biểu đồ: "
        "`helpers/reports/charts.py`.",
        "report.standing()": "Thứ hạng giữa các đơn vị cùng cấp qua các năm, và số liệu của các tỉnh cũ trước "
        f"01/7/2025. Phần này: `helpers/reports/standing.py`, khuôn `{TEMPLATES}/standing.html.j2`; cách xếp "
        "hạng: `helpers/ranks.py`; gộp đơn vị cũ: `helpers/remap.py`, cột `rollup` của `data/indicators.csv`, "
        "cột `successor_ids` của `data/localities.csv`.",
        "report.units()": "Các đơn vị trực thuộc và số liệu cộng dồn. "
        f"Khuôn: `{TEMPLATES}/units.html.j2`; cách cộng: `helpers/rollup.py`; quan hệ cấp trên: cột "
        "`parent_id` của `data/localities.csv`.",
        "report.collection()": "Các đợt thu thập số liệu gửi tới các đơn vị trực thuộc: đã nộp, đúng hạn, muộn, "
        f"bị trả lại, chưa nộp. Khuôn: `{TEMPLATES}/collection.html.j2`; cách tính: `helpers/rounds.py`; đợt: "
        "`data/rounds.csv`; biểu mẫu đã nhận: `data/submissions.csv`.",
        "report.data_quality()": "Phát hiện về số liệu của địa phương và đối chiếu tỷ lệ công bố. "
        f"Khuôn: `{TEMPLATES}/quality.html.j2` (dữ liệu: `helpers/reports/quality.py`); quy tắc: "
        "`data/rules.csv`; đối chiếu tỷ lệ: `helpers/reconcile.py`.",
        "report.sources()": "Danh sách nguồn, rồi phụ lục: mỗi chỉ số đo gì. "
        f"Khuôn: `{TEMPLATES}/sources.html.j2`, `{TEMPLATES}/appendix.html.j2`; nguồn: `data/sources.csv`; "
        "chỉ số: `data/indicators.csv`.",
    },
    "overview.ipynb": {
        "report.header()": "Đầu báo cáo: tên báo cáo, ngày lập, các địa phương (cấp, tỉnh, kỳ) hoặc, khi nhiều "
        f"đơn vị, mỗi tỉnh một dòng. Khuôn: `{TEMPLATES}/overview_header.html.j2`; dữ liệu: "
        "`helpers/reports/overview.py`; tên: `data/localities.csv`; nhãn: `helpers/i18n.py`.",
        "report.heatmap()": "Bản đồ nhiệt chênh lệch so với chỉ tiêu. "
        f"Khuôn: `{TEMPLATES}/overview_section.html.j2`; biểu đồ: `helpers/reports/charts.py`.",
        "report.rankings()": "Xếp hạng theo từng chỉ số, chỉ giữa các số liệu so sánh được. "
        f"Khuôn: `{TEMPLATES}/rankings.html.j2`; cách chọn: `helpers/reports/overview.py`.",
        "report.pillar_counts()": "Số chỉ số đạt theo trụ cột của từng địa phương. "
        f"Khuôn: `{TEMPLATES}/pillar_counts.html.j2`; cách đếm: `helpers/reports/overview.py`.",
        "report.excluded()": "Những số liệu không đưa vào so sánh và lý do. "
        f"Khuôn: `{TEMPLATES}/excluded.html.j2`; lý do: `helpers/reports/overview.py`, `helpers/i18n.py`.",
    },
    "data_quality.ipynb": {
        "report.header()": "Đầu báo cáo: tên báo cáo, ngày lập. "
        f"Khuôn: `{TEMPLATES}/quality_header.html.j2`; nhãn: `helpers/i18n.py`.",
        "report.findings()": "Mọi phát hiện, lỗi trước, cảnh báo sau, và đối chiếu tỷ lệ công bố. "
        f"Khuôn: `{TEMPLATES}/quality.html.j2` (dữ liệu: `helpers/reports/quality.py`); phát hiện: "
        "`helpers/quality.py`; quy tắc: `data/rules.csv`, mức độ: cột `severity`; đối chiếu: `helpers/reconcile.py`.",
    },
}
# the cells that are not a section of the report
NOT_SECTIONS = {"parameters", "setup"}


def _note(text: str) -> dict:
    return {
        "cell_type": "markdown",
        "id": "note",  # numbered with the other cells by strip(), as nbstripout numbers them
        "metadata": {"tags": [TAG]},
        "source": text.splitlines(keepends=True),
    }


def is_note(cell: dict) -> bool:
    return cell["cell_type"] == "markdown" and TAG in cell.get("metadata", {}).get("tags", [])


def is_section(cell: dict) -> bool:
    """A code cell that makes part of the report (not the parameters, the setup, nor the analyst's own)."""
    tags = set(cell.get("metadata", {}).get("tags", []))
    return cell["cell_type"] == "code" and not (tags & (NOT_SECTIONS | {TAG}))


def explained(name: str, notebook: dict) -> dict:
    """``notebook`` (the shipped ``name``) with its notes: the introduction first, then each
    section's note just before it; the old notes are dropped and every other cell kept as it is."""
    notes = NOTES[name]
    cells = [_note(INTRO[name])]
    for cell in notebook["cells"]:
        if is_note(cell):
            continue
        if is_section(cell):
            source = "".join(cell["source"]).strip()
            if source not in notes:
                raise SystemExit(f"{name}: the section {source!r} has no note; write one in NOTES")
            cells.append(_note(notes[source]))
        cells.append(cell)
    return {**notebook, "cells": cells}


def explain(path: Path) -> None:
    notebook = strip(explained(path.name, json.loads(path.read_text(encoding="utf-8"))))
    path.write_text(nbformat.writes(nbformat.from_dict(notebook), version=nbformat.NO_CONVERT) + "\n", encoding="utf-8")


if __name__ == "__main__":
    for name in INTRO:
        explain(NOTEBOOKS / name)
