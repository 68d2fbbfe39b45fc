import pytest

from helpers.formatting import (
    format_comparison,
    format_fraction,
    format_number,
    format_percent,
    format_points,
    format_qualified,
    qualifier_sign,
)


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [(18592, "18.592", "18,592"), (1282, "1.282", "1,282"), (975, "975", "975"), (2_200_000, "2.200.000", "2,200,000")],
)
def test_counts_group_thousands_the_language_s_way(value, vi, en):
    assert format_number(value, "vi") == vi
    assert format_number(value, "en") == en


def test_rates_use_the_language_s_decimal_mark_and_round_half_up():
    assert format_percent(99.82, "vi") == "99,82%"
    assert format_percent(99.82, "en") == "99.82%"
    assert format_percent(18592 / 18624 * 100, "vi") == "99,83%"
    assert format_percent(52 / 74 * 100, "vi") == "70,27%"
    assert format_percent(0.125, "vi") == "0,13%"
    assert format_percent(100.0, "vi") == "100%"
    assert format_percent(51.3, "vi") == "51,3%"


def test_gaps_carry_their_sign():
    assert format_points(52 / 74 * 100 - 80, "vi") == "−9,73"
    assert format_points(10.41, "en") == "+10.41"
    assert format_points(-24.949, "vi", signed=False) == "24,95"
    assert format_points(float("nan")) == "–"


def test_fractions_and_targets():
    assert format_fraction(18592, 18624, "vi") == "18.592/18.624"
    assert format_fraction(None, None) == "–"
    assert format_comparison(">=", 80, "percent", "vi") == "≥ 80%"
    assert format_comparison(">", 70, "percent", "en") == "> 70%"


@pytest.mark.parametrize(
    "qualifier, vi, en",
    [
        ("", "70,27%", "70.27%"),
        (">=", "≥ 70,27%", "≥ 70.27%"),
        ("<", "< 70,27%", "< 70.27%"),
        ("~", "≈ 70,27%", "≈ 70.27%"),
    ],
)
def test_a_figure_is_written_with_its_qualifier(qualifier, vi, en):
    assert format_qualified(qualifier, 70.27, "percent", "vi") == vi
    assert format_qualified(qualifier, 70.27, "percent", "en") == en


def test_a_qualifier_and_a_comparison_have_the_same_sign():
    for sign in (">", ">=", "<", "<="):
        assert (
            format_comparison(sign, 80, "percent")
            == format_qualified(sign, 80, "percent")
            == qualifier_sign(sign) + "80%"
        )
    assert format_comparison("=", 100, "percent") == "= 100%"
