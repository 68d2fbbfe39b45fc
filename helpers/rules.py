"""Validation rules declared in ``data/rules.csv``, in the manner of DHIS2's validation rules.

A rule compares two sides with an operator: ``left operator right``. Each side is a sum of terms;
a term is a number or an indicator's figure of the same locality and period:

- ``ho_so_tiep_nhan_cap_huyen``: the figure (the computed rate where there is one, else the value);
- ``ty_le_giai_quyet_ho_so_cap_huyen.numerator`` / ``.denominator`` / ``.value`` (as reported).

Missing-value policy (column ``missing``), as in DHIS2:

- ``skip_if_any_missing`` (the default): the rule is evaluated only where every term has a figure;
- ``skip_if_all_missing``: evaluated where at least one term has a figure, missing terms count 0;
- ``never_skip``: always evaluated for every locality and period that has any figure; missing = 0.
"""

from __future__ import annotations

import math
import operator
import re
from dataclasses import dataclass

import pandas as pd

_TERM = re.compile(r"^([a-z0-9][a-z0-9_]*)(?:\.(numerator|denominator|value))?$")
_NUMBER = re.compile(r"^\d+(\.\d+)?$")
OPERATORS = {"==": operator.eq, "!=": operator.ne, "<=": operator.le, "<": operator.lt,
             ">=": operator.ge, ">": operator.gt}


@dataclass(frozen=True)
class Term:
    """One term of a rule's side: an indicator's field, or a constant."""

    indicator_id: str | None
    field: str = "result"
    constant: float = 0.0

    def __str__(self) -> str:
        if self.indicator_id is None:
            return f"{self.constant:g}"
        return self.indicator_id if self.field == "result" else f"{self.indicator_id}.{self.field}"


def parse_expression(text: str) -> list[Term]:
    """Parse ``a + b.numerator + 3`` into terms.

    Raises
    ------
    ValueError
        When a term is neither an indicator reference nor a plain number.
    """
    terms = []
    for part in text.split("+"):
        part = part.strip()
        if _NUMBER.match(part):
            terms.append(Term(None, constant=float(part)))
        elif match := _TERM.match(part):
            terms.append(Term(match.group(1), match.group(2) or "result"))
        else:
            raise ValueError(f"term {part!r}")
    return terms


@dataclass(frozen=True)
class RuleResult:
    """One rule evaluated for one locality and period."""

    rule_id: str
    locality_id: str
    period: str
    left: float
    right: float
    passed: bool
    severity: str
    message_vi: str
    message_en: str
    line: int
    left_text: str
    right_text: str
    operator: str
    figure_lines: tuple[int, ...]


def _values(group: pd.DataFrame) -> dict[str, pd.Series]:
    return {row["indicator_id"]: row for _, row in group.iterrows()}


def _term_value(term: Term, figures: dict[str, pd.Series]) -> float | None:
    if term.indicator_id is None:
        return term.constant
    row = figures.get(term.indicator_id)
    if row is None:
        return None
    value = row[term.field]
    return None if pd.isna(value) else float(value)


def evaluate_rules(rules: pd.DataFrame, figures: pd.DataFrame) -> list[RuleResult]:
    """Evaluate every rule for every locality and period its policy allows.

    ``figures`` must carry ``result`` (see :func:`helpers.compute.add_rates`).
    """
    results = []
    parsed = [(rule, parse_expression(rule["left"]), parse_expression(rule["right"]))
              for _, rule in rules.iterrows()]
    for (locality_id, period), group in figures.groupby(["locality_id", "period"], sort=True):
        present = _values(group)
        for rule, left, right in parsed:
            policy = rule["missing"] if pd.notna(rule["missing"]) else "skip_if_any_missing"
            values = [_term_value(t, present) for t in left + right]
            referenced = [v for t, v in zip(left + right, values) if t.indicator_id is not None]
            if policy == "skip_if_any_missing" and any(v is None for v in values):
                continue
            if policy == "skip_if_all_missing" and all(v is None for v in referenced):
                continue
            left_sum = math.fsum(v or 0.0 for v in values[: len(left)])
            right_sum = math.fsum(v or 0.0 for v in values[len(left):])
            passed = OPERATORS[rule["operator"]](round(left_sum, 9), round(right_sum, 9))
            lines = tuple(int(present[t.indicator_id]["line"]) for t in left + right
                          if t.indicator_id in present)
            results.append(RuleResult(
                rule["rule_id"], locality_id, period, left_sum, right_sum, bool(passed),
                rule["severity"], rule["message_vi"], rule["message_en"], int(rule["line"]),
                rule["left"], rule["right"], rule["operator"], lines))
    return results
