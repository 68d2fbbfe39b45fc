"""Give each report notebook its analyst notes: one markdown cell per section, tagged ``remove``.

Cells tagged ``remove`` stay in the notebook for the analyst and out of every rendered report
(``helpers.config.ANALYST_TAG``). Run once after changing a notebook's sections:
``python tools/explain_notebooks.py``; it rewrites the notes and leaves every other cell alone.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
TAG = "remove"

INTRO = {
    "locality_report.ipynb": """\
# Báo cáo tiến độ chuyển đổi số của một địa phương / One locality's progress report

**Tiếng Việt.** Sổ này lập báo cáo của một địa phương (`locality_id`) cho một kỳ (`period`), bằng
tiếng Việt hoặc tiếng Anh (`lang`), từ các tệp trong `data/` (hoặc thư mục `data_dir`). Mỗi ô bên
dưới hiện một phần của báo cáo; `cds render` chạy sổ này cho từng địa phương và xuất HTML, PDF.
- Tham số (ô `parameters`): `locality_id` là một mã trong `data/localities.csv`; `period` như
  `2023`, `2022-M6` (bỏ trống: số liệu mới nhất của từng chỉ số); `lang` là `vi` hoặc `en`.
- Đối tượng dùng được: `report` (xem `help(report)`), `report.table` (mỗi chỉ số một dòng: kết quả,
  chỉ tiêu áp dụng, chênh lệch, đánh giá), `report.workbook` (toàn bộ dữ liệu đã nạp).
- Ô của riêng bạn: thêm ô mới và gắn tag `remove` (View → Cell Toolbar → Tags) để ô đó không vào
  báo cáo. Các ô ghi chú như ô này cũng mang tag `remove`.
- Lập báo cáo từ bản sao của bạn: xem README, mục "Two commands" và `cds render --help`.

**English.** This notebook makes one locality's report (`locality_id`) for one period (`period`) in
Vietnamese or English (`lang`) from the files in `data/` (or `data_dir`). Each cell below shows one
section; `cds render` runs it for every locality and exports HTML and PDF. Objects to use: `report`,
`report.table` (one row per indicator: result, applicable target, gap, status), `report.workbook`.
Add your own cells with the tag `remove` to keep them out of the report.""",
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

# The code cell a note precedes -> what that section shows and where to change it.
NOTES = {
    "report.header()": "Đầu báo cáo: tên, cấp, mã, kỳ, ngày lập. Tên và mã: `data/localities.csv`; "
                       "nhãn: `helpers/i18n.py`; khuôn: `helpers/reports/templates/header.html.j2`.",
    "report.summary()": "Tóm tắt: số chỉ số đạt / chưa đạt / chưa có chỉ tiêu. Cách đánh giá: "
                        "`helpers/compute.py`, `helpers/targets.py`; chỉ tiêu: `data/targets.csv`.",
    "report.pillar_sections()": "Mỗi trụ cột một bảng và biểu đồ. Số liệu: `data/figures.csv`; tên chỉ số "
                                "và trụ cột: `data/indicators.csv`; biểu đồ: `helpers/reports/charts.py`.",
    "report.shortfalls()": "Các chỉ số chưa đạt, xếp theo khoảng cách tới chỉ tiêu. "
                           "Khuôn: `helpers/reports/templates/shortfalls.html.j2`.",
    "report.progress()": "Tiến độ theo thời gian (khi có từ hai kỳ trở lên). Phương pháp: `helpers/progress.py`.",
    "report.units()": "Các đơn vị trực thuộc và số liệu cộng dồn. Cách cộng: `helpers/rollup.py`; "
                      "quan hệ cấp trên: cột `parent_id` của `data/localities.csv`.",
    "report.data_quality()": "Phát hiện về số liệu của địa phương. Quy tắc: `data/rules.csv`; "
                             "đối chiếu tỷ lệ: `helpers/reconcile.py`.",
    "report.sources()": "Danh sách nguồn. Sửa ở `data/sources.csv`.",
    "report.heatmap()": "Bản đồ nhiệt chênh lệch so với chỉ tiêu. Biểu đồ: `helpers/reports/charts.py`.",
    "report.rankings()": "Xếp hạng theo từng chỉ số, chỉ giữa các số liệu so sánh được. "
                         "Cách chọn: `helpers/reports/overview.py`.",
    "report.pillar_counts()": "Số chỉ số đạt theo trụ cột của từng địa phương.",
    "report.excluded()": "Những số liệu không đưa vào so sánh và lý do.",
    "report.findings()": "Mọi phát hiện, lỗi trước, cảnh báo sau. Quy tắc: `data/rules.csv`; "
                         "mức độ: cột `severity`.",
}


def _note(text: str) -> dict:
    # a stable id, so that rewriting the notes changes nothing when their text did not change
    cell_id = "note-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return {"cell_type": "markdown", "id": cell_id, "metadata": {"tags": [TAG]},
            "source": text.splitlines(keepends=True)}


def explain(path: Path) -> None:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = [c for c in notebook["cells"]
             if not (c["cell_type"] == "markdown" and TAG in c.get("metadata", {}).get("tags", []))]
    explained = [_note(INTRO[path.name])]
    for cell in cells:
        source = "".join(cell["source"]).strip()
        if cell["cell_type"] == "code" and source in NOTES:
            explained.append(_note(NOTES[source]))
        explained.append(cell)
    notebook["cells"] = explained
    path.write_text(json.dumps(notebook, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    for name in INTRO:
        explain(NOTEBOOKS / name)
