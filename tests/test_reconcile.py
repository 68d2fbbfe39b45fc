"""Reconciliation classes on the real cases from the sources, and on constructed ones."""

import pytest

from helpers.quality import findings
from helpers.reconcile import classify, severity


@pytest.mark.parametrize(
    ("numerator", "denominator", "reported", "expected"),
    [
        (18592, 18624, "99.82", "truncated"),  # Trùng Khánh: 99,828…% printed 99,82%
        (104756, 150594, "69", "truncated"),  # Cần Thơ: 69,56% printed 69%
        (4976, 5032, "98.88", "truncated"),  # Trùng Khánh: 98,887…%
        (52886, 95706, "55.26", "rounded"),  # Cần Thơ: 55,258…%
        (110042, 150588, "73", "rounded_to_whole"),  # Cần Thơ: 73,07%
        (52, 74, "70.27", "rounded"),  # Hồng Ngự: 70,2702…%
        (1, 2, "50", "exact"),
        (1, 4, "25.00", "exact"),
        (1, 3, "40", "inconsistent"),
    ],
)
def test_classes(numerator, denominator, reported, expected):
    assert classify(numerator, denominator, reported) == expected


def test_severity_of_each_class():
    assert severity("exact", 0) is None and severity("rounded", 0.004) is None
    assert severity("truncated", -0.008) == "warning"
    assert severity("inconsistent", 0.3) == "warning"
    assert severity("inconsistent", 6.7) == "error"


def test_committed_data_has_warnings_and_no_errors(committed):
    found = findings(committed)
    assert not [f for f in found if f.severity == "error"]
    truncated = {(f.locality_id, f.subject) for f in found if f.kind == "reconciliation"}
    assert {("trung-khanh", "van_ban_di_dien_tu"), ("can-tho", "ho_so_truc_tuyen")} <= truncated
    rule = [f for f in found if f.kind == "rule" and f.locality_id == "can-tho" and "= 400" in f.detail("en")]
    assert rule and rule[0].detail("vi") != rule[0].detail("en") and "= 400" in rule[0].detail("vi")


def test_a_finding_is_read_in_a_language_one_way():
    """detail(lang) is how a finding is read in a language; no per-language copy of it."""
    from helpers.quality import Finding

    assert [name for name in vars(Finding) if name.startswith("detail")] == ["detail"]
