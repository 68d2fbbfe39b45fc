"""Data-quality findings: failed validation rules and reported rates that disagree with their
fractions, each with its severity, locality, period and where to look."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .compute import add_rates
from .formatting import format_fraction, format_number, format_percent, format_reported
from .load import Workbook
from .reconcile import reconcile
from .rules import evaluate_rules

SEVERITY_ORDER = {"error": 0, "warning": 1}
_CLASS_TEXT = {
    "truncated": {"vi": "số công bố bị cắt bớt chữ số thay vì làm tròn",
                  "en": "the reported rate was truncated rather than rounded"},
    "inconsistent": {"vi": "số công bố không khớp với tử số/mẫu số",
                     "en": "the reported rate does not match its numerator and denominator"},
}


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
        return self.detail_vi if lang == "vi" else self.detail_en

    def format(self, lang: str = "vi") -> str:
        word = {"error": {"vi": "LỖI", "en": "ERROR"}, "warning": {"vi": "CẢNH BÁO", "en": "WARNING"}}
        return (f"{word[self.severity][lang]:<9} {self.locality_id} {self.period} · {self.subject}: "
                f"{self.detail(lang)} [{self.location}]")


def _rule_findings(workbook: Workbook, figures: pd.DataFrame, severities: tuple[str, ...]) -> list[Finding]:
    findings = []
    for result in evaluate_rules(workbook.rules, figures):
        if result.passed or result.severity not in severities:
            continue
        lines = ", ".join(str(line) for line in sorted(result.figure_lines))
        numbers = {lang: f"{result.left_text} = {format_number(result.left, lang)}; "
                         f"{result.right_text} = {format_number(result.right, lang)}"
                   for lang in ("vi", "en")}
        findings.append(Finding(
            result.severity, "rule", result.locality_id, result.period, result.rule_id,
            f"{result.message_vi} ({numbers['vi']})", f"{result.message_en} ({numbers['en']})",
            f"rules.csv:{result.line}; figures.csv:{lines}",
        ))
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
            said = "công bố" if lang == "vi" else "reported"
            detail[lang] = (f"{said} {reported}, {fraction} = {computed}: "
                            f"{_CLASS_TEXT[row['reconciliation']][lang]}")
        findings.append(Finding(row["severity"], "reconciliation", row["locality_id"], row["period"],
                                row["indicator_id"], detail["vi"], detail["en"],
                                f"figures.csv:{row['line']}"))
    return findings


def _load_findings(workbook: Workbook, locality_id: str | None, severities: tuple[str, ...]) -> list[Finding]:
    """Warnings the loader raised (a figure dated partly outside its unit's life, …)."""
    return [
        Finding(issue.severity, "load", issue.fields.get("locality", ""), issue.value or "",
                issue.code, issue.format("vi"), issue.format("en"), f"{issue.file}:{issue.line}")
        for issue in workbook.load_warnings
        if issue.severity in severities and locality_id in (None, issue.fields.get("locality"))
    ]


def findings(workbook: Workbook, locality_id: str | None = None,
             severities: tuple[str, ...] = ("error", "warning")) -> list[Finding]:
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
