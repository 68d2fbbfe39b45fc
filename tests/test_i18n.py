"""Two languages: every label has both, and an English report shows no Vietnamese label."""

import ast
import functools
import html
import re
import string

import pytest

from helpers import i18n
from helpers.i18n import LABELS, MESSAGES, TEXTS, check_language, language_or_default
from helpers.load import load_workbook
from helpers.reports.locality import LocalityReport
from helpers.reports.overview import OverviewReport
from helpers.reports.quality import DataQualityReport
from helpers.rollup import reporting_localities

# Letters that English never uses and Vietnamese nearly always does: đ, ư, ơ, ă, â, ê, ô and
# every vowel with a tone mark.
VIETNAMESE = re.compile(r"[À-ÃÈ-ÊÌÍÒ-ÕÙÚÝà-ãè-êìíò-õùúýĂăĐđĨĩŨũƠơƯưẠ-ỹ]")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("table", [LABELS, MESSAGES, TEXTS], ids=["LABELS", "MESSAGES", "TEXTS"])
def test_every_text_has_both_languages_with_the_same_placeholders(table):
    for key, texts in table.items():
        assert set(texts) == {"vi", "en"}, key
        assert texts["vi"].strip() and texts["en"].strip(), key
        assert _fields(texts["vi"]) == _fields(texts["en"]), key


# What a module writes when it keeps words or switches on the language itself: a comparison
# with a language (``lang == "vi"``, ``"en" != lang``), a table keyed by language
# (``{"vi": …, "en": …}``) or a list of the languages (``lang not in ("vi", "en")``).
_LANGUAGE_SWITCHES = re.compile(
    r"""[!=]=\s*["'](?:vi|en)["']"""
    r"""|["'](?:vi|en)["']\s*[!=]="""
    r"""|["'](?:vi|en)["']\s*:"""
    r"""|[(\[{]\s*["'](?:vi|en)["']\s*,\s*["'](?:vi|en)["']"""
)


def _language_switches(source: str) -> list[str]:
    return [line.strip() for line in source.splitlines() if _LANGUAGE_SWITCHES.search(line)]


def test_the_language_switch_finder_sees_every_kind_of_switch():
    source = """
        if lang == "vi":
        elif "en" != lang:
        said = {"vi": message_vi, "en": message_en}[lang]
        LOCALES = {
            'en': "en_US",
        }
        if lang not in ("vi", "en"):
        for lang in ["vi", "en"]:
        label(f"lang.{lang}", lang)  # looks a word up: fine
        parse("vi_VN")
    """
    assert len(_language_switches(source)) == 6


def test_no_module_switches_on_the_language_itself():
    # Every sentence lives in helpers/i18n.py, with the languages (i18n.LANGUAGES) and their
    # locales; modules look words up rather than keep their own or branch on lang.
    from pathlib import Path

    package = Path(__file__).resolve().parent.parent / "helpers"
    offenders = {
        str(path.relative_to(package)): found
        for path in sorted(package.rglob("*"))
        if path.suffix in (".py", ".j2") and path.name != "i18n.py"
        for found in [_language_switches(path.read_text(encoding="utf-8"))]
        if found
    }
    assert offenders == {}


def test_a_language_the_workbook_does_not_speak_is_named_in_the_refusal(workbook):
    from helpers.reports.locality import ReportError

    with pytest.raises(ReportError, match="Ngôn ngữ 'fr' không có"):
        LocalityReport(workbook, "hong-ngu", lang="fr")
    with pytest.raises(ValueError, match="Ngôn ngữ 'fr' không có"):
        OverviewReport(workbook, "fr")
    assert check_language("en") == "en"


def test_the_refusal_of_a_language_names_every_language_the_workbook_speaks(monkeypatch):
    """The list comes from LANGUAGES and their names from the lang.* labels, in the default
    language; the caller chooses the error class it raises."""
    from helpers.reports.common import ReportError

    with pytest.raises(
        ReportError, match=r"^Ngôn ngữ 'fr' không có; hãy dùng vi \(Tiếng Việt\) hoặc en \(Tiếng Anh\)\.$"
    ):
        check_language("fr", error=ReportError)
    monkeypatch.setattr(i18n, "LANGUAGES", ("vi", "en", "fr"))
    monkeypatch.setitem(LABELS, "lang.fr", {"vi": "Tiếng Pháp", "en": "French"})
    with pytest.raises(ValueError, match=r"hãy dùng vi \(Tiếng Việt\), en \(Tiếng Anh\) hoặc fr \(Tiếng Pháp\)\.$"):
        check_language("de")
    assert check_language("fr") == "fr"


@pytest.mark.parametrize(("asked", "spoken"), [("en", "en"), ("vi", "vi"), ("fr", "vi"), ("", "vi"), (None, "vi")])
def test_a_language_not_spoken_falls_back_to_the_default(asked, spoken):
    assert language_or_default(asked) == spoken


def test_only_i18n_decides_whether_a_language_is_spoken():
    """The check and the fallback are i18n's (check_language, language_or_default): no module
    compares a language with LANGUAGES itself, and modules read the languages as config.LANGUAGES
    (config alone takes them from i18n)."""
    from pathlib import Path

    package = Path(__file__).resolve().parent.parent / "helpers"
    own_check = re.compile(
        r"\bnot in (?:config\.|i18n\.)?LANGUAGES\b|\bin (?:config\.|i18n\.)?LANGUAGES else\b"
        r"|from \.+i18n import [^#\n]*\bLANGUAGES\b|\bi18n\.LANGUAGES\b"
    )
    offenders = [
        f"{path.relative_to(package)}: {line.strip()}"
        for path in sorted(package.rglob("*.py"))
        if path.name not in ("i18n.py", "config.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if own_check.search(line)
    ]
    assert offenders == []


def _unused(table: dict, files: dict[str, str]) -> list[str]:
    """The keys of ``table`` that no file of ``files`` (name → text) uses.

    A key is used where it is looked up by name (``label("x"``, ``text("x"``, ``message("x"``,
    ``t.x``, ``t["x"]``, ``words["x"]``), where the Python names it to be looked up later
    (``key = "x"``), or where its prefix builds keys (``label(f"pillar.{…}")``, ``"finding." +``). A
    quoted word that only names something else does not count: a dict literal's key
    (``"made": …``), another object's item (``row["pillar"]``), an HTML class in a template, and
    a data column's name anywhere but in a look-up (``"locator"``)."""
    used, prefixes = _uses(tuple(files.items()))
    return [key for key in table if key not in used and not key.startswith(prefixes)]


@functools.cache  # the three tables are checked against the same sources: read them once
def _uses(files: tuple[tuple[str, str], ...]) -> tuple[set[str], tuple[str, ...]]:
    from helpers.load import SCHEMAS

    files = dict(files)
    everything = "\n".join(files.values())
    python = "\n".join(source for name, source in files.items() if name.endswith(".py"))
    columns = {column.name for schema in SCHEMAS.values() for column in schema}
    words = r"""(?:\bt|\bwords|\bnames|\blabels\([^()]*\))"""
    used = set(re.findall(r"""\b(?:label|text|message)\(\s*["']([\w.]+)["']""", everything))
    used |= set(re.findall(words + r"""\[["']([\w.]+)["']\]""", everything))
    used |= set(re.findall(r"\bt\.(\w+)", everything))
    used |= set(re.findall(r"""(?<![\w\]\)]\[)["']([\w.]+)["'](?!\s*:)""", python)) - columns
    prefixes = tuple(set(re.findall(r"""["']([\w.]+\.)(?:\{|["']\s*[+~])""", everything)))
    return used, prefixes


@functools.cache
def _package_sources() -> dict[str, str]:
    from pathlib import Path

    package = Path(__file__).resolve().parent.parent / "helpers"
    sources = {
        str(path.relative_to(package)): path.read_text(encoding="utf-8")
        for path in sorted(package.rglob("*"))
        if path.suffix in (".py", ".j2") and path.name != "i18n.py"
    }
    # i18n's own functions look texts up too (check_language's refusal); its tables do not count
    own = (package / "i18n.py").read_text(encoding="utf-8")
    functions = [node for node in ast.parse(own).body if isinstance(node, ast.FunctionDef)]
    sources["i18n.py"] = "\n".join(ast.get_source_segment(own, node) for node in functions)
    return sources


@pytest.mark.parametrize("table", [LABELS, MESSAGES, TEXTS], ids=["LABELS", "MESSAGES", "TEXTS"])
def test_every_text_is_used_somewhere(table):
    assert _unused(table, _package_sources()) == []


def test_the_unused_text_finder_is_not_fooled_by_a_namespace_or_a_column_of_the_same_name():
    table = {key: {} for key in ("cli.imported", "cli.shown", "pillar", "made", "counts", "pillar.kinh_te_so", "x")}
    files = {
        "cli.py": 'print(text("cli.shown", lang))',
        "compute.py": 'pillars = indicators["pillar"]; link = {"made": day}; made = link["made"]\nkey = "x"',
        "counts.html.j2": '<table class="counts">',
        "report.py": 'label(f"pillar.{pillar}", lang)',
    }
    assert _unused(table, files) == ["cli.imported", "pillar", "made", "counts"]


def test_english_labels_are_english():
    for key, texts in {**LABELS, **MESSAGES, **TEXTS}.items():
        assert not VIETNAMESE.search(texts["en"]), key


@pytest.fixture(scope="session")  # built once even when xdist interleaves modules
def workbook(committed):
    return committed


@pytest.fixture(scope="session")  # built once even when xdist interleaves modules
def reported(articles_dir) -> list[str]:
    """Every report of the source articles' units, and one province and one merged province of
    the national tables (every report of those is alike)."""
    return [*reporting_localities(load_workbook(articles_dir)), "hue", "lao-cai-2025"]


def _proper_names(workbook) -> list[str]:
    """Locality names, source titles and publishers, the document numbers they cite, and
    where in a source a figure is (a national table's row, named as the table names the unit)."""
    names = set(workbook.localities["name"]) | set(workbook.sources["title"])
    names |= set(workbook.sources["publisher"].dropna())
    names |= set(workbook.figures["locator"].dropna())
    names |= {locator.split("; ")[0] for locator in workbook.figures["locator"].dropna()}  # as a report cites it
    names |= {n for title in workbook.sources["title"] for n in re.findall(r"\d+/[A-ZĐ-]+", title)}
    # the curator's notes and the catalogue's numerators and denominators are quoted as written,
    # in Vietnamese, under an English label that says so
    notes = set(workbook.figures["note"].dropna()) | set(workbook.targets["note"].dropna())
    catalogue = workbook.indicators["name_vi"]
    # a note names indicators by their (Vietnamese) names where the curator wrote their ids
    names |= notes | {
        re.sub(
            r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b",
            lambda m: f"“{catalogue[m.group(0)]}”" if m.group(0) in catalogue.index else m.group(0),
            note,
        )
        for note in notes
    }
    names |= set(workbook.indicators["numerator_vi"].dropna())
    names |= set(workbook.indicators["denominator_vi"].dropna())
    return sorted(names, key=len, reverse=True)


def _visible_text(fragment: str) -> str:
    """Text a reader sees or hears: the text between tags, plus alt texts and cell labels."""
    without_images = re.sub(r'src="data:[^"]*"', "", fragment)
    attributes = re.findall(r'(?:alt|data-label|title)="([^"]*)"', without_images)
    text = re.sub(r"<[^>]+>", "\n", without_images)
    return html.unescape("\n".join([text, *attributes]))


def _sections(report: LocalityReport) -> str:
    return "\n".join(
        [
            report.header(),
            report.summary(),
            report.pillar_sections(),
            report.shortfalls(),
            report.progress(),
            report.units(),
            report.data_quality(),
            report.sources(),
        ]
    )


def _leftover_vietnamese(text: str, names: list[str]) -> list[str]:
    for name in names:
        text = text.replace(name, "")
    return sorted({line.strip() for line in text.splitlines() if VIETNAMESE.search(line)})


@pytest.mark.e2e  # every report of the committed data, charts and all
def test_english_reports_leave_only_proper_names_and_source_titles_in_vietnamese(workbook, reported):
    names = _proper_names(workbook)
    for locality_id in reported:
        text = _visible_text(_sections(LocalityReport(workbook, locality_id, lang="en")))
        assert _leftover_vietnamese(text, names) == [], locality_id
        ours = text
        for name in names:  # quoted Vietnamese text (a curator's note) keeps its own numbers
            ours = ours.replace(name, "")
        assert not re.search(r"\d,\d+%", ours), f"{locality_id}: a Vietnamese decimal comma"


@pytest.mark.e2e  # every report of the committed data, charts and all
def test_english_overview_and_data_quality_report(workbook):
    names = _proper_names(workbook)
    overview = OverviewReport(workbook, "en")
    quality = DataQualityReport(workbook, "en")
    text = _visible_text(
        "\n".join(
            [
                overview.header(),
                overview.heatmap(),
                overview.rankings(),
                overview.pillar_counts(),
                overview.excluded(),
                quality.header(),
                quality.findings(),
            ]
        )
    )
    assert _leftover_vietnamese(text, names) == []


@pytest.mark.e2e  # every report of the committed data, charts and all
def test_vietnamese_reports_use_vietnamese_numbers_and_words(workbook, reported):
    for locality_id in reported:
        text = _visible_text(_sections(LocalityReport(workbook, locality_id, lang="vi")))
        assert "Tóm tắt" in text and "Nguồn số liệu" in text
        assert not re.search(r"\d\.\d+%", text), f"{locality_id}: an English decimal point"
    text = _visible_text(_sections(LocalityReport(workbook, "trung-khanh", lang="vi")))
    assert "18.592/18.624" in text and "99,83%" in text
    english = _visible_text(_sections(LocalityReport(workbook, "trung-khanh", lang="en")))
    assert "18,592/18,624" in english and "99.83%" in english and "Progress over time" in english


def test_the_checker_catches_a_vietnamese_label(workbook):
    leaked = _visible_text('<p>Indicator</p><img alt="Tỷ lệ 45%"><td data-label="Kết quả">1</td>')
    assert _leftover_vietnamese(leaked, _proper_names(workbook)) == ["Kết quả", "Tỷ lệ 45%"]
