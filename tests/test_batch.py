"""How the batch orders its work: the longest reports first."""

from pathlib import Path

import pytest

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


# -- a whole `cds render` run (batch.render_run), without the command line ---------------------


def test_a_notebook_that_cannot_render_the_reports_is_refused_in_the_run_s_language(tmp_path):
    import nbformat

    from helpers import config
    from helpers.batch import notebook_problem

    shipped = config.notebook_path("locality_report.ipynb")
    assert notebook_problem(shipped) == ""
    notebook = nbformat.read(shipped, as_version=4)
    for cell in notebook.cells:
        cell.metadata["tags"] = [t for t in cell.metadata.get("tags", []) if t != "parameters"]
    untagged = tmp_path / "copy.ipynb"
    nbformat.write(notebook, untagged)
    assert "no cell tagged 'parameters'" in notebook_problem(untagged, "en")
    assert "không có ô nào gắn thẻ 'parameters'" in notebook_problem(untagged, "vi")
    text = tmp_path / "notes.ipynb"
    text.write_text("not json", encoding="utf-8")
    assert notebook_problem(text, "en").startswith("cannot be read as a notebook (")


def test_a_run_asking_for_an_unknown_locality_renders_nothing(minimal_dir, tmp_path):
    from helpers.batch import render_run

    out = tmp_path / "out"
    run = render_run(["huyen-b", "khong-co"], data=minimal_dir, output=out)
    assert run.unknown == ["khong-co"] and "huyen-b" in run.known and run.failed
    assert not out.exists()


def test_a_run_on_data_that_breaks_a_rule_or_does_not_load_renders_nothing(minimal_dir, tmp_path):
    from helpers.batch import render_run

    out = tmp_path / "out"
    figures = minimal_dir / "figures.csv"
    original = figures.read_text(encoding="utf-8")
    # fewer dossiers received than were filed online: the rule of rules.csv says so
    figures.write_text(original.replace("ho_so_tiep_nhan,2023,,,15684", "ho_so_tiep_nhan,2023,,,9000"), "utf-8")
    run = render_run(None, data=minimal_dir, output=out)
    assert [f.subject for f in run.rule_errors] == ["truc_tuyen_khong_vuot_tiep_nhan"] and run.failed
    assert run.data_error is None
    figures.write_text(original.replace("52,74,70.27", '"18.592",74,70.27'), "utf-8")
    run = render_run(None, data=minimal_dir, output=out)
    assert run.data_error is not None and not run.rule_errors and run.failed
    assert not out.exists()


def test_a_run_with_the_inputs_of_the_last_good_one_is_current_without_loading_the_data(
    minimal_dir, tmp_path, monkeypatch
):
    from helpers import batch, load

    rendered = []

    def render(tasks, **options):  # what the engine leaves: each report and its key stamp
        for task in tasks:
            (Path(task.output) / "reports").mkdir(parents=True, exist_ok=True)
            (Path(task.output) / "state").mkdir(exist_ok=True)
            (Path(task.output) / "reports" / f"{task.stem}.html").write_text(task.stem)
            (Path(task.output) / "state" / f"{task.stem}.key").write_text(task.key)
        rendered.append(sorted(task.stem for task in tasks))
        return batch.BatchSummary(skipped=[task.stem for task in tasks])

    monkeypatch.setattr(batch, "run_batch", render)
    out = tmp_path / "out"
    first = batch.render_run(["huyen-b"], langs=("vi", "en"), formats=("html",), data=minimal_dir, output=out)
    assert rendered == [["huyen-b", "huyen-b.en"]] and not first.current and not first.failed
    assert first.page == out / "index.html" and first.page.is_file()

    def no_loading(*args, **kwargs):
        raise AssertionError("the data was loaded")

    monkeypatch.setattr(load, "load_workbook", no_loading)
    again = batch.render_run(["huyen-b"], langs=("vi", "en"), formats=("html",), data=minimal_dir, output=out)
    assert again.current and again.page == first.page and len(rendered) == 1
    assert sorted(again.summary.skipped) == ["huyen-b", "huyen-b.en"]
    # other arguments are another run, and --force looks again
    for other in ({"formats": ("html", "pdf")}, {"force": True}):
        with pytest.raises(AssertionError, match="the data was loaded"):
            batch.render_run(
                ["huyen-b"], **{"langs": ("vi", "en"), "formats": ("html",), **other}, data=minimal_dir, output=out
            )
