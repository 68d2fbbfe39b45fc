"""Data-quality findings: failed validation rules and reported rates that disagree with their
fractions, each with its severity, locality, period and where to look."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .compute import add_rates
from .formatting import format_fraction, format_number, format_percent, format_reported
from .i18n import label, text
from .load import Workbook
from .reconcile import reconcile
from .rules import evaluate_rules

SEVERITY_ORDER = {"error": 0, "warning": 1}


@dataclass(frozen=True)
class Finding:
    """One data-quality finding."""

    severity: str
    kind: str
    locality_id: str
    period: str
    subject: str
    detail_vi: str
    detail_en: str
    location: str

    def detail(self, lang: str) -> str:
        return {"vi": self.detail_vi, "en": self.detail_en}[lang]

    def format(self, lang: str = "vi") -> str:
        return (
            f"{text('finding.' + self.severity, lang):<9} {self.locality_id} {self.period} · {self.subject}: "
            f"{self.detail(lang)} [{self.location}]"
        )


def _rule_findings(workbook: Workbook, figures: pd.DataFrame, severities: tuple[str, ...]) -> list[Finding]:
    findings = []
    for result in evaluate_rules(workbook.rules, figures):
        if result.passed or result.severity not in severities:
            continue
        lines = ", ".join(str(line) for line in sorted(result.figure_lines))
        numbers = {
            lang: f"{result.left_text} = {format_number(result.left, lang)}; "
            f"{result.right_text} = {format_number(result.right, lang)}"
            for lang in ("vi", "en")
        }
        findings.append(
            Finding(
                result.severity,
                "rule",
                result.locality_id,
                result.period,
                result.rule_id,
                f"{result.message_vi} ({numbers['vi']})",
                f"{result.message_en} ({numbers['en']})",
                f"rules.csv:{result.line}; figures.csv:{lines}",
            )
        )
    return findings


def _reconciliation_findings(figures: pd.DataFrame, severities: tuple[str, ...]) -> list[Finding]:
    findings = []
    reconciled = reconcile(figures)
    for _, row in reconciled[reconciled["severity"].isin(severities)].iterrows():
        detail = {}
        for lang in ("vi", "en"):
            fraction = format_fraction(int(row["numerator"]), int(row["denominator"]), lang)
            reported = format_reported(row["value_text"], "percent", lang)
            computed = format_percent(row["rate"], lang)
            said = label("reported_word", lang)
            detail[lang] = (
                f"{said} {reported}, {fraction} = {computed}: {text('finding.class.' + row['reconciliation'], lang)}"
            )
        findings.append(
            Finding(
                row["severity"],
                "reconciliation",
                row["locality_id"],
                row["period"],
                row["indicator_id"],
                detail["vi"],
                detail["en"],
                f"figures.csv:{row['line']}",
            )
        )
    return findings


def _load_findings(workbook: Workbook, locality_id: str | None, severities: tuple[str, ...]) -> list[Finding]:
    """Warnings the loader raised (a figure dated partly outside its unit's life, …)."""
    return [
        Finding(
            issue.severity,
            "load",
            issue.fields.get("locality", ""),
            issue.value or "",
            issue.code,
            issue.format("vi"),
            issue.format("en"),
            f"{issue.file}:{issue.line}",
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


def findings_table(workbook: Workbook, found: list[Finding], lang: str = "vi") -> str:
    """Figures, errors and warnings per locality that has figures, as a fixed-width table."""
    figures = workbook.figures.groupby("locality_id", sort=False).size()
    errors: dict[str, int] = {}
    warnings: dict[str, int] = {}
    for finding in found:
        counter = errors if finding.severity == "error" else warnings
        counter[finding.locality_id] = counter.get(finding.locality_id, 0) + 1
    names = workbook.localities["name"]
    header = text("cli.summary_header", lang).split("|")
    lines = [f"{header[0]:<30} {header[1]:>8} {header[2]:>6} {header[3]:>9}"]
    for locality_id, count in figures.items():
        shown = f"{locality_id} ({names[locality_id]})"
        lines.append(f"{shown:<30} {count:>8} {errors.get(locality_id, 0):>6} {warnings.get(locality_id, 0):>9}")
    return "\n".join(lines)
