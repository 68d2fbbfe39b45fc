"""Data-quality findings: failed validation rules and reported rates that disagree with their
fractions, each with its severity, locality, period and where to look."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import config
from .compute import add_rates
from .formatting import format_fraction, format_number, format_percent, format_reported
from .frames import positions_by_locality
from .i18n import label, text
from .load import Workbook
from .reconcile import reconcile
from .rules import evaluate_rules

SEVERITY_ORDER = {"error": 0, "warning": 1}


@dataclass(frozen=True)
class Finding:
    """One data-quality finding.

    Its detail is written when it is read, in the language asked for, from ``facts`` (what the
    finding says, see :data:`_DETAILS`): a national folder has tens of thousands of findings, and
    a list prints each in one language, a report only those of its unit.
    """

    severity: str
    kind: str
    locality_id: str
    period: str
    subject: str
    location: str
    facts: tuple = ()

    def detail(self, lang: str) -> str:
        """What the finding says, in ``lang``: the one way to read it in a language."""
        return _DETAILS[self.kind](self.facts, lang)

    def format(self, lang: str = "vi") -> str:
        return (
            f"{text('finding.' + self.severity, lang):<9} {self.locality_id} {self.period} · {self.subject}: "
            f"{self.detail(lang)} [{self.location}]"
        )


def _rule_detail(facts: tuple, lang: str) -> str:
    messages, left_text, left, right_text, right = facts  # messages: one per config.LANGUAGES
    said = messages[config.LANGUAGES.index(lang)]
    return f"{said} ({left_text} = {format_number(left, lang)}; {right_text} = {format_number(right, lang)})"


def _reconciliation_detail(facts: tuple, lang: str) -> str:
    numerator, denominator, value_text, rate, kind = facts
    fraction = format_fraction(numerator, denominator, lang)
    reported = format_reported(value_text, "percent", lang)
    computed = format_percent(rate, lang)
    return f"{label('reported_word', lang)} {reported}, {fraction} = {computed}: {text('finding.class.' + kind, lang)}"


def _load_detail(facts: tuple, lang: str) -> str:
    return facts[0].format(lang)


_DETAILS = {"rule": _rule_detail, "reconciliation": _reconciliation_detail, "load": _load_detail}


def _rule_findings(workbook: Workbook, figures: pd.DataFrame, severities: tuple[str, ...]) -> list[Finding]:
    findings = []
    for result in evaluate_rules(workbook.rules, figures, failed_only=True):
        if result.severity not in severities:
            continue
        lines = ", ".join(str(line) for line in sorted(result.figure_lines))
        findings.append(
            Finding(
                result.severity,
                "rule",
                result.locality_id,
                result.period,
                result.rule_id,
                f"rules.csv:{result.line}; figures.csv:{lines}",
                (
                    tuple(getattr(result, f"message_{lang}") for lang in config.LANGUAGES),
                    result.left_text,
                    result.left,
                    result.right_text,
                    result.right,
                ),
            )
        )
    return findings


def _reconciliation_findings(figures: pd.DataFrame, severities: tuple[str, ...]) -> list[Finding]:
    reconciled = reconcile(figures)
    found = reconciled[reconciled["severity"].isin(severities)]
    columns = ("severity", "locality_id", "period", "indicator_id", "line", "numerator", "denominator")
    return [
        Finding(
            severity,
            "reconciliation",
            locality_id,
            period,
            indicator_id,
            f"figures.csv:{line}",
            (int(numerator), int(denominator), value_text, rate, kind),
        )
        for (severity, locality_id, period, indicator_id, line, numerator, denominator), value_text, rate, kind in zip(
            zip(*(found[c].tolist() for c in columns)),
            found["value_text"].tolist(),
            found["rate"].tolist(),
            found["reconciliation"].tolist(),
        )
    ]


def _load_findings(workbook: Workbook, locality_id: str | None, severities: tuple[str, ...]) -> list[Finding]:
    """Warnings the loader raised (a figure dated partly outside its unit's life, …)."""
    return [
        Finding(
            issue.severity,
            "load",
            issue.fields.get("locality", ""),
            issue.value or "",
            issue.code,
            f"{issue.file}:{issue.line}",
            (issue,),
        )
        for issue in workbook.load_warnings
        if issue.severity in severities and locality_id in (None, issue.fields.get("locality"))
    ]


def findings(
    workbook: Workbook, locality_id: str | None = None, severities: tuple[str, ...] = ("error", "warning")
) -> list[Finding]:
    """Every finding of the workbook (or of one locality), errors first, then by locality and period.

    ``severities`` limits the search, e.g. to ``("error",)`` before a render.
    """
    figures = workbook.figures
    if locality_id is not None:
        figures = figures[figures["locality_id"] == locality_id]
    figures = add_rates(figures)
    found = _rule_findings(workbook, figures, severities) + _reconciliation_findings(figures, severities)
    found += _load_findings(workbook, locality_id, severities)
    return sorted(found, key=lambda f: (SEVERITY_ORDER[f.severity], f.locality_id, f.period, f.subject))


def findings_of(workbook: Workbook, locality_id: str) -> list[Finding]:
    """:func:`findings` of one locality, picked from the whole folder's.

    The folder's findings are found once per workbook (column-wise, the country costs about as
    much as a few units) and kept by locality: report after report of a render reads its unit's
    list instead of evaluating the rules and reconciling its figures again. A finding concerns
    one locality's figures, so the list is the one ``findings(workbook, locality_id)`` makes.
    """

    def split() -> dict[str, list[Finding]]:
        found: dict[str, list[Finding]] = {}
        for finding in findings(workbook):
            found.setdefault(finding.locality_id, []).append(finding)
        return found

    return list(
        workbook.derived("quality.findings", ("figures", "rules", "localities", "indicators"), split).get(
            locality_id, []
        )
    )


def reconciled_of(workbook: Workbook, locality_id: str) -> pd.DataFrame:
    """:func:`~helpers.reconcile.reconcile` of one locality's figures, taken from the whole
    folder's, reconciled once per workbook (each figure is classified on its own)."""

    def every() -> tuple[pd.DataFrame, dict]:
        reconciled = reconcile(workbook.figures)
        return reconciled, positions_by_locality(reconciled)

    reconciled, rows = workbook.derived("quality.reconciled", ("figures",), every)
    return reconciled.iloc[rows.get(locality_id, [])]


def findings_table(workbook: Workbook, found: list[Finding], lang: str = "vi") -> str:
    """Figures, errors and warnings per locality that has figures, as a fixed-width table."""
    figures = workbook.figures.groupby("locality_id", sort=False).size()
    errors: dict[str, int] = {}
    warnings: dict[str, int] = {}
    for finding in found:
        counter = errors if finding.severity == "error" else warnings
        counter[finding.locality_id] = counter.get(finding.locality_id, 0) + 1
    names = dict(zip(workbook.localities.index, workbook.localities["name"]))
    header = text("cli.summary_header", lang).split("|")
    lines = [f"{header[0]:<30} {header[1]:>8} {header[2]:>6} {header[3]:>9}"]
    for locality_id, count in figures.items():
        shown = f"{locality_id} ({names[locality_id]})"
        lines.append(f"{shown:<30} {count:>8} {errors.get(locality_id, 0):>6} {warnings.get(locality_id, 0):>9}")
    return "\n".join(lines)
