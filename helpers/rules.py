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

import numpy as np
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


FIELDS = ("result", "numerator", "denominator", "value", "line")


def _wide(figures: pd.DataFrame) -> pd.DataFrame:
    """One row per (locality, period), one column per (field, indicator): pivoted once."""
    table = figures[["locality_id", "period", "indicator_id"]].assign(
        **{name: figures[name].astype("float64") for name in FIELDS}
    )
    return table.pivot(index=["locality_id", "period"], columns="indicator_id", values=list(FIELDS))


def evaluate_rules(rules: pd.DataFrame, figures: pd.DataFrame, failed_only: bool = False) -> list[RuleResult]:
    """Evaluate every rule for every locality and period its missing-value policy allows.

    ``figures`` must carry ``result`` (see :func:`helpers.compute.add_rates`). The work is done
    column-wise over a wide table, so thousands of localities cost about as much as a few.
    ``failed_only`` leaves out the results that passed (what a list of findings needs).
    """
    if rules.empty or figures.empty:
        return []
    wide = _wide(figures)
    index = wide.index
    missing = np.full(len(index), np.nan)
    results = []
    for rule in rules.to_dict("records"):
        left, right = parse_expression(rule["left"]), parse_expression(rule["right"])
        terms = left + right
        columns = []
        for term in terms:
            if term.indicator_id is None:
                columns.append(np.full(len(index), term.constant))
            elif (term.field, term.indicator_id) in wide.columns:
                columns.append(wide[(term.field, term.indicator_id)].to_numpy())
            else:
                columns.append(missing)
        values = np.column_stack(columns)
        present = ~np.isnan(values)
        referenced = [i for i, t in enumerate(terms) if t.indicator_id is not None]
        policy = rule["missing"] if pd.notna(rule["missing"]) else "skip_if_any_missing"
        if policy == "skip_if_any_missing":
            keep = present.all(axis=1)
        elif policy == "skip_if_all_missing":
            keep = present[:, referenced].any(axis=1)
        else:
            keep = np.ones(len(index), dtype=bool)
        values = np.nan_to_num(values[keep], nan=0.0)
        left_sum = values[:, : len(left)].sum(axis=1).round(9)
        right_sum = values[:, len(left) :].sum(axis=1).round(9)
        passed = OPERATORS[rule["operator"]](left_sum, right_sum)
        kept = np.flatnonzero(keep)
        if failed_only:
            kept, left_sum, right_sum, passed = kept[~passed], left_sum[~passed], right_sum[~passed], passed[~passed]
        line_columns = [
            wide[("line", t.indicator_id)].to_numpy() if ("line", t.indicator_id) in wide.columns else missing
            for t in terms
            if t.indicator_id is not None
        ]
        for position, lhs, rhs, ok in zip(kept, left_sum, right_sum, passed):
            locality_id, period = index[position]
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
                    tuple(int(column[position]) for column in line_columns if column[position] == column[position]),
                )
            )  # v == v skips NaN
    return results
