"""The data-quality report: findings and reconciliations across localities (``data_quality.ipynb``),
and the same for one locality's report.

At national scale the report stays a few pages: the counts per locality become counts per
province once more than ``DETAIL_UNITS`` units have figures, and the lists of findings and of
reconciled rates show their first ``LIST_ROWS`` rows (errors first, then warnings; rates that
disagree with their fraction before those that agree), with a sentence on the rest: every
finding is in ``cds validate`` with its file and line, and in its unit's own report."""

from __future__ import annotations

from datetime import date

import pandas as pd

from ..formatting import format_date, format_fraction, format_number, format_reported, format_value
from ..frames import rows as rows_of
from ..i18n import label
from ..load import Workbook, load_workbook_once
from ..quality import findings
from ..reconcile import CLASSES, reconcile
from ..rollup import provinces_of
from .common import DETAIL_UNITS, TEMPLATES, Fragment, labels
from .render import report_stem

LIST_ROWS = 50  # rows of each list (findings, reconciled rates) shown; the rest are counted


def quality_context(
    workbook: Workbook,
    lang: str,
    locality_id: str | None = None,
    for_analysts: bool = True,
    found: list | None = None,
    limit: int | None = None,
    provinces: dict[str, str] | None = None,
    reconciled: pd.DataFrame | None = None,
) -> dict:
    """Findings and reconciliation rows ready for ``quality.html.j2``.

    Analysts see where each finding is (``figures.csv:30``) and the rule's id; a leader's page
    (``for_analysts=False``) names the indicator and says what is wrong, without internal ids.
    ``found`` spares finding them again; with ``limit``, each list keeps its first ``limit`` rows
    (rates that disagree with their fraction first) and ``more`` says how many were left. With
    ``provinces`` (unit → province), a unit is named with its province (many communes share a name).
    ``reconciled`` spares reconciling the figures again (:func:`helpers.quality.reconciled_of`).
    """
    names = workbook.indicators[f"name_{lang}"]

    def place(locality_id: str) -> str:
        name = workbook.locality(locality_id)["name"]
        province = (provinces or {}).get(locality_id, locality_id)
        if province == locality_id:
            return name
        return label("unit_in_province", lang, unit=name, province=workbook.locality(province)["name"])

    if found is None:
        found = findings(workbook, locality_id)
    shown = found if limit is None else found[:limit]
    rows = [
        {
            "locality": place(f.locality_id),
            "severity": f.severity,
            "severity_label": label(f"severity.{f.severity}", lang),
            "subject": names.get(f.subject, f.subject if for_analysts else "–"),
            "detail": f.detail(lang),
            "location": f.location if for_analysts else "",
        }
        for f in shown
    ]
    if reconciled is None:
        figures = workbook.figures
        if locality_id is not None:
            figures = figures[figures["locality_id"] == locality_id]
        reconciled = reconcile(figures)
    classes = ""
    if limit is not None and len(reconciled) > limit:
        # the rates that disagree with their fraction first, those that agree after
        rank = {kind: n for n, kind in enumerate(reversed(CLASSES))}
        order = reconciled["reconciliation"].map(rank)
        counts = reconciled["reconciliation"].value_counts()
        classes = "; ".join(
            f"{label(f'class.{kind}', lang)}: {format_number(int(counts[kind]), lang, 0)}"
            for kind in reversed(CLASSES)
            if kind in counts
        )
        reconciled = reconciled.assign(_order=order).sort_values("_order", kind="stable").head(limit)
    reconciliation = [
        {
            "locality": place(r["locality_id"]),
            "name": names[r["indicator_id"]],
            "fraction": format_fraction(int(r["numerator"]), int(r["denominator"]), lang),
            "reported": format_reported(r["value_text"], "percent", lang),
            "computed": format_value(r["rate"], "percent", lang),
            "class_label": label(f"class.{r['reconciliation']}", lang),
        }
        for r in rows_of(reconciled)
    ]
    return {
        "findings": rows,
        "reconciliation": reconciliation,
        "found": found,
        "show_where": for_analysts,
        "more_findings": label("more_findings", lang, shown=len(rows), total=format_number(len(found), lang, 0))
        if len(rows) < len(found)
        else "",
        "more_reconciled": label("more_reconciled", lang, shown=len(reconciliation), classes=classes)
        if classes
        else "",
    }


class DataQualityReport:
    """Findings across every locality: the ``data_quality.ipynb`` report."""

    def __init__(self, workbook: Workbook, lang: str = "vi", made_on: date | None = None):
        self.workbook = workbook
        self.lang = lang
        self.made_on = made_on or date.today()

    @classmethod
    def load(cls, lang: str = "vi", data_dir: str | None = None) -> DataQualityReport:
        return cls(load_workbook_once(data_dir or None), lang)

    def header(self) -> Fragment:
        """Title block: the report's title and the date it was made."""
        return Fragment(
            TEMPLATES.get_template("quality_header.html.j2").render(
                t=labels(self.lang), made_on=format_date(self.made_on, self.lang)
            )
        )

    def findings(self) -> Fragment:
        found = findings(self.workbook)
        counts = self.workbook.figures.groupby("locality_id", sort=False).size()
        grouped = len(counts) > DETAIL_UNITS
        provinces = provinces_of(self.workbook) if grouped else None
        context = quality_context(self.workbook, self.lang, found=found, limit=LIST_ROWS, provinces=provinces)
        context.pop("found")
        errors = sum(f.severity == "error" for f in found)
        # errors and warnings per unit (per province at national scale), counted in one pass
        if grouped:
            owner = provinces
            order = [i for i in self.workbook.localities.index if owner.get(i) == i]
        else:
            owner = {i: i for i in counts.index}
            order = list(counts.index)
        tally: dict[str, list[int]] = {}
        for locality_id, count in counts.items():
            entry = tally.setdefault(owner[locality_id], [0, 0, 0, 0])
            entry[0] += 1
            entry[1] += int(count)
        for finding in found:
            if finding.locality_id in owner:
                tally.setdefault(owner[finding.locality_id], [0, 0, 0, 0])[2 if finding.severity == "error" else 3] += 1
        localities = [
            {
                "name": self.workbook.locality(owner_id)["name"],
                "href": f"{report_stem(owner_id, self.lang)}.html" if grouped else "",
                **dict(
                    zip(
                        ("units", "figures", "errors", "warnings"),
                        (format_number(n, self.lang, 0) for n in tally[owner_id]),
                    )
                ),
            }
            for owner_id in order
            if owner_id in tally
        ]
        summary = label(
            "quality_summary",
            self.lang,
            figures=format_number(len(self.workbook.figures), self.lang, 0),
            localities=format_number(len(counts), self.lang, 0),
            errors=format_number(errors, self.lang, 0),
            warnings=format_number(len(found) - errors, self.lang, 0),
        )
        return Fragment(
            TEMPLATES.get_template("quality.html.j2").render(
                t=labels(self.lang),
                title=label("data_quality", self.lang),
                summary=summary,
                localities=localities,
                grouped=grouped,
                show_locality=True,
                **context,
            )
        )
