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

import operator
import re
from dataclasses import dataclass

import pandas as pd

_TERM = re.compile(r"^([a-z0-9][a-z0-9_]*)(?:\.(numerator|denominator|value))?$")
_NUMBER = re.compile(r"^\d+(\.\d+)?$")
OPERATORS = {
    "==": operator.eq,
    "!=": operator.ne,
    "<=": operator.le,
    "<": operator.lt,
    ">=": operator.ge,
    ">": operator.gt,
}


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


def _wide(figures: pd.DataFrame, field: str) -> pd.DataFrame:
    """One row per (locality, period), one column per indicator, holding ``field``."""
    return figures.pivot(index=["locality_id", "period"], columns="indicator_id", values=field)


def evaluate_rules(rules: pd.DataFrame, figures: pd.DataFrame) -> list[RuleResult]:
    """Evaluate every rule for every locality and period its missing-value policy allows.

    ``figures`` must carry ``result`` (see :func:`helpers.compute.add_rates`). The work is done
    column-wise over a wide table, so thousands of localities cost about as much as a few.
    """
    if rules.empty or figures.empty:
        return []
    fields = {
        name: _wide(figures, name).astype("float64") for name in ("result", "numerator", "denominator", "value", "line")
    }
    index = fields["result"].index
    results = []
    for _, rule in rules.iterrows():
        left, right = parse_expression(rule["left"]), parse_expression(rule["right"])
        columns = []
        for term in left + right:
            if term.indicator_id is None:
                columns.append(pd.Series(term.constant, index=index))
            else:
                table = fields[term.field]
                columns.append(
                    table[term.indicator_id] if term.indicator_id in table else pd.Series(float("nan"), index=index)
                )
        values = pd.concat(columns, axis=1, ignore_index=True)
        referenced = [i for i, t in enumerate(left + right) if t.indicator_id is not None]
        policy = rule["missing"] if pd.notna(rule["missing"]) else "skip_if_any_missing"
        if policy == "skip_if_any_missing":
            keep = values.notna().all(axis=1)
        elif policy == "skip_if_all_missing":
            keep = values[referenced].notna().any(axis=1)
        else:
            keep = pd.Series(True, index=index)
        values = values[keep].fillna(0.0)
        left_sum = values.iloc[:, : len(left)].sum(axis=1).round(9)
        right_sum = values.iloc[:, len(left) :].sum(axis=1).round(9)
        passed = OPERATORS[rule["operator"]](left_sum, right_sum)
        lines = fields["line"].reindex(columns=[t.indicator_id for t in left + right if t.indicator_id is not None])
        line_values = lines.loc[values.index].to_numpy()
        for (locality_id, period), lhs, rhs, ok, row_lines in zip(
            values.index, left_sum, right_sum, passed, line_values
        ):
            results.append(
                RuleResult(
                    rule["rule_id"],
                    locality_id,
                    period,
                    float(lhs),
                    float(rhs),
                    bool(ok),
                    rule["severity"],
                    rule["message_vi"],
                    rule["message_en"],
                    int(rule["line"]),
                    rule["left"],
                    rule["right"],
                    rule["operator"],
                    tuple(int(v) for v in row_lines if v == v),
                )
            )  # v == v skips NaN
    return results
