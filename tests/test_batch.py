"""How the batch orders its work: the longest reports first."""

from pathlib import Path

from helpers.batch import render_tasks
from helpers.load import load_workbook

FIXTURES = Path(__file__).parent / "fixtures"


def test_reports_across_units_then_parents_before_their_units(tmp_path):
    workbook = load_workbook(FIXTURES / "hierarchy")
    ids = list(workbook.localities.index)
    tasks = render_tasks(workbook, ids, everything=True, period="", langs=("vi",), formats=("html",), output=tmp_path)
    stems = [t.stem for t in tasks]
    assert set(stems[:2]) == {"data_quality", "overview"}
    parents = [i for i in ids if workbook.children(i)]
    assert parents, "the fixture has units with units"
    for parent in parents:
        for unit in workbook.children(parent):
            if not workbook.children(unit):
                assert stems.index(parent) < stems.index(unit)


def test_every_language_s_locality_reports_use_the_locality_notebook(tmp_path):
    # the reports across units come after each language's localities: the next language's
    # localities still get the locality notebook, not the last of those
    workbook = load_workbook(FIXTURES / "hierarchy")
    ids = list(workbook.localities.index)
    tasks = render_tasks(
        workbook, ids, everything=True, period="", langs=("vi", "en"), formats=("html",), output=tmp_path
    )
    notebooks = {(t.lang, t.parameters.get("locality_id", t.stem)): t.notebook for t in tasks}
    for lang in ("vi", "en"):
        assert all(notebooks[(lang, i)] == "locality_report.ipynb" for i in ids), lang
        assert notebooks[(lang, f"overview{'' if lang == 'vi' else '.en'}")] == "overview.ipynb"
