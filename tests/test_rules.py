"""Validation rules: parsing, evaluation per locality and period, and the missing-value policies."""

import pandas as pd
import pytest

from helpers.compute import add_rates
from helpers.rules import Term, evaluate_rules, parse_expression


def test_expressions_are_sums_of_terms():
    assert parse_expression("a_b + c.numerator + 12") == [
        Term("a_b"),
        Term("c", "numerator"),
        Term(None, constant=12.0),
    ]
    for bad in ("a - b", "sum(a)", "a.rate", ""):
        with pytest.raises(ValueError):
            parse_expression(bad)


def _figures(rows):
    frame = pd.DataFrame(
        rows, columns=["locality_id", "period", "indicator_id", "numerator", "denominator", "value", "line"]
    )
    frame["numerator"] = frame["numerator"].astype("Int64")
    frame["denominator"] = frame["denominator"].astype("Int64")
    return add_rates(frame)


def _rules(missing, left="resolved + pending", operator="==", right="received"):
    return pd.DataFrame(
        [
            {
                "rule_id": "r",
                "left": left,
                "operator": operator,
                "right": right,
                "severity": "warning",
                "missing": missing,
                "message_vi": "m",
                "message_en": "m",
                "line": 2,
            }
        ]
    )


FIGURES = _figures(
    [
        # Trùng Khánh's district tier: 4.976 resolved + 56 pending = 5.032 received
        ("tk", "2023", "received", None, None, 5032.0, 2),
        ("tk", "2023", "resolved", None, None, 4976.0, 3),
        ("tk", "2023", "pending", None, None, 56.0, 4),
        # Cần Thơ's agencies: only the total and one part
        ("ct", "2024-M4", "received", None, None, 434.0, 5),
        ("ct", "2024-M4", "resolved", None, None, 400.0, 6),
    ]
)


def test_rule_runs_where_all_its_figures_exist():
    results = evaluate_rules(_rules("skip_if_any_missing"), FIGURES)
    assert [(r.locality_id, r.left, r.right, r.passed) for r in results] == [("tk", 5032, 5032, True)]
    assert results[0].figure_lines == (3, 4, 2)


def test_missing_values_count_zero_when_the_policy_says_so():
    results = evaluate_rules(_rules("skip_if_all_missing"), FIGURES)
    by_locality = {r.locality_id: r for r in results}
    assert (by_locality["ct"].left, by_locality["ct"].right, by_locality["ct"].passed) == (400, 434, False)
    assert by_locality["tk"].passed


def test_rates_fields_can_be_compared_with_counts():
    figures = _figures(
        [("tk", "2023", "rate", 4976, 5032, 98.88, 2), ("tk", "2023", "resolved", None, None, 4977.0, 3)]
    )
    [result] = evaluate_rules(_rules("skip_if_any_missing", "rate.numerator", "==", "resolved"), figures)
    assert (result.left, result.right, result.passed) == (4976, 4977, False)


def test_committed_rules_find_the_can_tho_agency_total_and_nothing_else(committed):
    workbook = committed
    failed = [r for r in evaluate_rules(workbook.rules, add_rates(workbook.figures)) if not r.passed]
    assert [(r.rule_id, r.locality_id, r.left, r.right) for r in failed] == [
        ("co_quan_qlvb_tong_thanh_phan", "can-tho", 400, 434)
    ]
