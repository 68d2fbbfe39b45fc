"""Text from data shown as written: in charts, headers and spreadsheets."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from helpers.safe_text import for_chart, for_header, for_spreadsheet, plain  # noqa: E402


def _drawn(label: str) -> str:
    """The text matplotlib actually draws for a tick label (and that drawing does not fail)."""
    figure, axes = plt.subplots()
    try:
        axes.barh([0], [1])
        axes.set_yticks([0], [label])
        figure.savefig(io.BytesIO(), format="png")
        text = axes.get_yticklabels()[0]
        shown, math = text._preprocess_math(text.get_text())  # noqa: SLF001 - what is drawn
        assert not math
        return shown
    finally:
        plt.close(figure)


@pytest.mark.parametrize("name", ["US$2", "$x$", "giá $5 và $6", "$", "a $ b $$ c", "\\$1", "$\\frac{1}{0}$",
                                  "$\\undefinedcommand$", "100%", "{}_^"])
def test_a_chart_label_is_drawn_exactly_as_written(name):
    assert _drawn(for_chart(name)) == name


def test_an_unbalanced_dollar_would_fail_a_chart_without_escaping():
    with pytest.raises(ValueError):
        _drawn("$\\undefinedcommand$")


def test_bidi_controls_are_removed_everywhere():
    assert plain("ảnh\u202egnp.exe") == "ảnhgnp.exe"
    assert for_chart("\u2067x\u2069") == "x"
    assert for_header("a\u202eb") == "ab"


def test_a_long_name_is_cut_in_a_running_header():
    name = "Huyện " + "rất dài " * 2000
    header = for_header(name)
    assert len(header) <= 90 and header.endswith("…") and header.startswith("Huyện rất dài")
    assert for_header("Trùng Khánh") == "Trùng Khánh"
    assert for_header("x" * 200).endswith("…") and len(for_header("x" * 200)) == 90


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)",
                                  "\t=1", "＝1"])
def test_formula_looking_text_is_written_as_text(text):
    assert for_spreadsheet(text) == "'" + text


@pytest.mark.parametrize("value", ["Trùng Khánh", "¶5", "-1", "+84", "99.82", 12, None, 3.5, ""])
def test_other_values_are_written_unchanged(value):
    assert for_spreadsheet(value) == value
