"""``output/index.html``: every report present, with its period, links and standing."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from .. import config
from ..compute import all_localities_table
from ..files import write_atomically
from ..formatting import format_date
from ..load import Workbook
from ..periods import parse_period
from ..rollup import provinces_of, reporting_localities, rollup
from ..statuses import count_statuses
from .common import TEMPLATES, labels, pace_note
from .render import html_document, report_stem


def _failures(state: Path) -> dict[str, str]:
    """Report stem → the error of its last run, for the reports whose last run failed."""
    return (
        {path.name[: -len(".failed")]: path.read_text(encoding="utf-8") for path in sorted(state.glob("*.failed"))}
        if state.is_dir()
        else {}
    )


def _links(reports: Path, stem: str, failed: dict[str, str] | None = None) -> list[dict]:
    # a report whose last run failed keeps its older files, labelled stale, never shown as current
    return [
        {
            "href": f"reports/{report_stem(stem, lang)}.{extension}",
            "text": f"{extension.upper()} ({lang})",
            "lang": lang,
            "made": datetime.fromtimestamp(path.stat().st_mtime),
            "stale": report_stem(stem, lang) in (failed or {}),
        }
        for lang in config.LANGUAGES
        for extension in ("html", "pdf")
        for path in [reports / f"{report_stem(stem, lang)}.{extension}"]
        if path.exists()
    ]


_COUNTS = ("met", "not_met", "pending", "on_track", "behind", "restates", "no_target")


def _counts(status) -> dict[str, int]:
    """Headline counts of some figures' statuses, with the statuses that respect the target's year."""
    counted = count_statuses(status)
    return {name: counted[name] for name in _COUNTS}


def _parent_summary(workbook: Workbook, locality_id: str, key: str | None, state: Path) -> dict:
    """Periods and counts of a parent's rolled-up figures, kept beside its report's key.

    Rolling up a province's units takes a moment; an index over thousands of unchanged reports
    reads the stored summary instead.
    """
    path = state / f"{locality_id}.summary.json"
    if key is not None and path.exists():
        stored = json.loads(path.read_text(encoding="utf-8"))
        if stored.get("key") == key:
            return stored
    figures = rollup(workbook, locality_id).figures
    if len(figures):  # each indicator's latest period, as for a unit's own figures
        figures = figures.sort_values(["period_end", "period_start"]).drop_duplicates("indicator_id", keep="last")
    status = figures["status"].tolist() if len(figures) else []
    summary = {"key": key, "periods": sorted(set(figures["period"])) if len(figures) else [], **_counts(status)}
    if key is not None:
        write_atomically(path, json.dumps(summary))
    return summary


def _reporting(workbook: Workbook, locality_id: str, addressed: set[str]) -> str:
    """ "48/60": units reported of those expected by the latest round addressed to the unit's units
    (``addressed``: the parents some round is addressed to)."""
    from ..rounds import counts, rounds_of, status

    mine = rounds_of(workbook, locality_id) if locality_id in addressed else []
    if not mine:
        return ""
    total = counts(status(workbook, mine[0]))
    return f"{total.reported}/{total.expected}"


def write_index(
    workbook: Workbook, output: Path, period: str, lang: str = "vi", keys: dict[str, str] | None = None
) -> Path:
    """``output/index.html`` (``index.en.html`` in English; :func:`index_name`) in ``lang`` and
    beside it the same index in every other language, linked to each other: every report
    present, grouped by province and level, with its period, links, counts of statuses and when
    it was made. ``keys`` (report stem → key) lets parents' summaries be reused."""
    reports = output / "reports"
    keys = keys or {}
    table = all_localities_table(workbook, period or None)
    own: dict[str, tuple[list, set]] = {}  # each unit's statuses and periods, read in one pass
    for locality_id, status, figure_period in zip(
        table["locality_id"].tolist(), table["status"].tolist(), table["period"].tolist()
    ):
        statuses, periods = own.setdefault(locality_id, ([], set()))
        statuses.append(status)
        periods.add(figure_period)
    found = []
    failed = _failures(output / "state")
    for locality_id in reporting_localities(workbook):
        links = _links(reports, locality_id, failed)
        errors = [
            failed[stem] for stem in (report_stem(locality_id, lang) for lang in config.LANGUAGES) if stem in failed
        ]
        if not links and not errors:
            continue
        if locality_id in own:
            statuses, periods = own[locality_id]
            summary = {"periods": list(periods), **_counts(statuses)}
        else:  # a parent without figures of its own is measured on what its units add up to
            key = keys.get(locality_id) or keys.get(report_stem(locality_id, "en"))
            summary = _parent_summary(workbook, locality_id, key, output / "state")
        found.append((locality_id, links, summary, errors))
    languages = [lang, *[other for other in config.LANGUAGES if other != lang]]
    paths = {language: output / index_name(language) for language in languages}
    for language in languages:
        body = _index_body(
            workbook,
            reports,
            found,
            language,
            {other: path.name for other, path in paths.items() if other != language},
            failed,
        )
        title = labels(language)["index_title"]
        write_atomically(paths[language], html_document(body, title=title, running_title=title, lang=language))
    return paths[lang]


def index_name(lang: str) -> str:
    """``index.html`` in the first language, ``index.en.html`` in English, as reports are named."""
    return f"{report_stem('index', lang)}.html"


_LEVELS = {level: depth for depth, level in enumerate(config.LEVELS)}  # provinces first


def _latest(moments: list[datetime], lang: str) -> str:
    """When the newest of a unit's current files was made, as readers of ``lang`` write it."""
    return format_date(max(moments), lang, with_time=True) if moments else "–"


def _index_body(
    workbook: Workbook, reports: Path, found: list, lang: str, other_languages: dict[str, str], failed: dict[str, str]
) -> str:
    words = labels(lang)
    groups: dict[str, list[dict]] = {}
    units = workbook.localities
    names, levels = dict(zip(units.index, units["name"].tolist())), dict(zip(units.index, units["level"].tolist()))
    province = {unit_id: names[root] for unit_id, root in provinces_of(workbook).items()}
    addressed = set() if workbook.rounds is None else set(workbook.rounds["parent_id"].dropna())
    ordered = sorted(found, key=lambda item: (province[item[0]], _LEVELS.get(levels[item[0]], 3), names[item[0]]))
    for locality_id, links, summary, errors in ordered:
        periods = sorted(parse_period(p) for p in summary["periods"])
        # the report in this language first, then the other language
        mine = [link for link in links if link["lang"] == lang]
        others = [link for link in links if link["lang"] != lang]
        groups.setdefault(province[locality_id], []).append(
            {
                "name": names[locality_id],
                "reporting": _reporting(workbook, locality_id, addressed),
                "level": words[f"level.{levels[locality_id]}"],
                "period": "; ".join(p.label(lang) for p in periods) or "–",
                "links": mine + others,
                "failed": errors,
                "made": _latest([link["made"] for link in links if not link["stale"]], lang),
                **{name: summary.get(name, 0) for name in _COUNTS},
                "pace": pace_note(summary.get("on_track", 0), summary.get("behind", 0), lang),
            }
        )
    extra = [
        {
            "title": words[key],
            "links": _links(reports, stem, failed),
            "failed": [failed[s] for s in (report_stem(stem, other) for other in config.LANGUAGES) if s in failed],
        }
        for stem, key in (("overview", "overview_title"), ("data_quality", "data_quality_title"))
    ]
    return TEMPLATES.get_template("index.html.j2").render(
        t=words,
        groups=groups,
        extra=[e for e in extra if e["links"] or e["failed"]],
        languages=[{"href": href, "text": words[f"lang.{other}"]} for other, href in other_languages.items()],
        made_at=format_date(datetime.now(), lang, with_time=True),
    )
