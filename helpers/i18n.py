"""Every word the workbook shows, in Vietnamese (``vi``, the default) and English (``en``)."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "report_title": {"vi": "Báo cáo tiến độ chuyển đổi số", "en": "Digital transformation progress report"},
    "locality": {"vi": "Địa phương", "en": "Locality"},
    "province": {"vi": "Tỉnh/thành phố", "en": "Province"},
    "period": {"vi": "Kỳ báo cáo", "en": "Reporting period"},
    "all_periods": {"vi": "số liệu mới nhất của từng chỉ tiêu", "en": "latest figure of each indicator"},
    "made_on": {"vi": "Ngày lập", "en": "Made on"},
    "sources": {"vi": "Nguồn số liệu", "en": "Sources"},
    "summary": {"vi": "Tóm tắt", "en": "Summary"},
    "pillar": {"vi": "Trụ cột", "en": "Pillar"},
    "level": {"vi": "Cấp", "en": "Level"},
    "indicator": {"vi": "Chỉ tiêu", "en": "Indicator"},
    "fraction": {"vi": "Tử số/Mẫu số", "en": "Numerator/denominator"},
    "rate": {"vi": "Kết quả", "en": "Result"},
    "reported": {"vi": "Số công bố", "en": "As reported"},
    "target": {"vi": "Chỉ tiêu giao", "en": "Target"},
    "target_source": {"vi": "Căn cứ chỉ tiêu", "en": "Target from"},
    "gap": {"vi": "Chênh lệch", "en": "Gap"},
    "status": {"vi": "Đánh giá", "en": "Status"},
    "met": {"vi": "Đạt", "en": "Met"},
    "not_met": {"vi": "Chưa đạt", "en": "Not met"},
    "no_target": {"vi": "Không có chỉ tiêu", "en": "No target"},
    "shortfalls": {"vi": "Các chỉ tiêu chưa đạt", "en": "Targets not met"},
    "no_shortfalls": {"vi": "Tất cả các chỉ tiêu có chỉ tiêu giao đều đạt.", "en": "Every indicator with a target meets it."},
    "chart_rate": {"vi": "Kết quả so với chỉ tiêu", "en": "Result against target"},
    "chart_gap": {"vi": "Chênh lệch so với chỉ tiêu (điểm phần trăm)", "en": "Gap to target (percentage points)"},
    "gap_axis": {"vi": "điểm phần trăm", "en": "percentage points"},
    "percent_axis": {"vi": "Tỷ lệ (%)", "en": "Rate (%)"},
    "counts": {"vi": "Số liệu khác", "en": "Other figures"},
    "value": {"vi": "Giá trị", "en": "Value"},
    "scope_locality": {"vi": "kế hoạch của địa phương", "en": "the locality's plan"},
    "scope_parent": {"vi": "kế hoạch của {name}", "en": "the plan of {name}"},
    "scope_national": {"vi": "chỉ tiêu quốc gia", "en": "national target"},
    "locator": {"vi": "đoạn", "en": "paragraph"},
    "published": {"vi": "đăng ngày", "en": "published"},
    "no_figures": {"vi": "Không có số liệu cho kỳ này.", "en": "No figures for this period."},
    "index_title": {"vi": "Các báo cáo tiến độ chuyển đổi số", "en": "Digital transformation progress reports"},
    "report": {"vi": "Báo cáo", "en": "Report"},
    "made_at": {"vi": "Lập lúc", "en": "Made at"},
    "met_count": {"vi": "Đạt", "en": "Met"},
    "not_met_count": {"vi": "Chưa đạt", "en": "Not met"},
    "summary_line": {
        "vi": "{total} chỉ tiêu có số liệu; {with_target} chỉ tiêu có chỉ tiêu giao, trong đó {met} đạt và {not_met} chưa đạt.",
        "en": "{total} indicators have figures; {with_target} have a target: {met} met and {not_met} not met.",
    },
    "shortfall_sentence": {
        "vi": "{name} đạt {value}, thấp hơn chỉ tiêu {target} là {gap}.",
        "en": "{name} reached {value}, {gap} short of the {target} target.",
    },
    "excess_sentence": {
        "vi": "{name} ở mức {value}, cao hơn mức tối đa {target} là {gap}.",
        "en": "{name} stands at {value}, {gap} above the {target} ceiling.",
    },
    "points": {"vi": "điểm phần trăm", "en": "percentage points"},
    "data_quality": {"vi": "Chất lượng số liệu", "en": "Data quality"},
    "data_quality_title": {"vi": "Báo cáo chất lượng số liệu", "en": "Data quality report"},
    "severity": {"vi": "Mức độ", "en": "Severity"},
    "severity.error": {"vi": "Lỗi", "en": "Error"},
    "severity.warning": {"vi": "Cảnh báo", "en": "Warning"},
    "finding": {"vi": "Nội dung", "en": "Finding"},
    "where": {"vi": "Vị trí", "en": "Where"},
    "subject": {"vi": "Chỉ tiêu / quy tắc", "en": "Indicator / rule"},
    "no_findings": {"vi": "Không phát hiện vấn đề nào về số liệu.", "en": "No data problems found."},
    "reconciliation": {"vi": "Đối chiếu tỷ lệ công bố với tử số/mẫu số", "en": "Reported rates against their fractions"},
    "computed": {"vi": "Tính lại", "en": "Computed"},
    "class": {"vi": "Nhận xét", "en": "Assessment"},
    "class.exact": {"vi": "khớp chính xác", "en": "exact"},
    "class.rounded": {"vi": "làm tròn đúng", "en": "rounded"},
    "class.rounded_to_whole": {"vi": "làm tròn đến số nguyên", "en": "rounded to a whole number"},
    "class.truncated": {"vi": "cắt bớt chữ số", "en": "truncated"},
    "class.inconsistent": {"vi": "không khớp", "en": "inconsistent"},
    "figures_count": {"vi": "Số liệu", "en": "Figures"},
    "errors": {"vi": "Lỗi", "en": "Errors"},
    "warnings": {"vi": "Cảnh báo", "en": "Warnings"},
    "quality_summary": {
        "vi": "{figures} số liệu của {localities} địa phương; {errors} lỗi và {warnings} cảnh báo.",
        "en": "{figures} figures of {localities} localities; {errors} errors and {warnings} warnings.",
    },
    "pillar.chinh_quyen_so": {"vi": "Chính quyền số", "en": "Digital government"},
    "pillar.kinh_te_so": {"vi": "Kinh tế số", "en": "Digital economy"},
    "pillar.xa_hoi_so": {"vi": "Xã hội số", "en": "Digital society"},
    "pillar.ha_tang_so": {"vi": "Hạ tầng số", "en": "Digital infrastructure"},
    "pillar.nhan_luc_so": {"vi": "Nhân lực số", "en": "Digital skills"},
    "pillar.an_toan_thong_tin": {"vi": "An toàn thông tin", "en": "Cyber security"},
    "level.province": {"vi": "Tỉnh/thành phố", "en": "Province"},
    "level.district": {"vi": "Huyện", "en": "District"},
    "level.commune": {"vi": "Xã", "en": "Commune"},
}

# Problems found in data/*.csv. Each template is filled with the fields.
MESSAGES: dict[str, dict[str, str]] = {
    "location": {
        "vi": "{file}, dòng {line}, cột {column}",
        "en": "{file}, line {line}, column {column}",
    },
    "location_file": {"vi": "{file}", "en": "{file}"},
    "location_line": {"vi": "{file}, dòng {line}", "en": "{file}, line {line}"},
    "file_missing": {
        "vi": "không tìm thấy tệp; cần một tệp CSV có các cột {expected}",
        "en": "file not found; expected a CSV file with columns {expected}",
    },
    "empty_file": {
        "vi": "tệp rỗng; cần dòng tiêu đề {expected}",
        "en": "the file is empty; expected a header row {expected}",
    },
    "not_utf8": {
        "vi": "có byte không phải UTF-8 (tệp được lưu bằng bảng mã khác, ví dụ Windows-1258); hãy lưu lại dưới dạng 'CSV UTF-8'",
        "en": "bytes that are not UTF-8 (the file was saved in another encoding, such as Windows-1258); save it again as 'CSV UTF-8'",
    },
    "missing_column": {"vi": "thiếu cột '{column}'", "en": "column '{column}' is missing"},
    "unknown_column": {
        "vi": "cột '{column}' không có trong danh mục cột; cần: {expected}",
        "en": "column '{column}' is not one of the expected columns: {expected}",
    },
    "row_length": {
        "vi": "dòng có {found} ô, cần {expected} ô (kiểm tra dấu phẩy trong ô chưa đặt trong ngoặc kép)",
        "en": "the row has {found} cells, expected {expected} (look for a comma in an unquoted cell)",
    },
    "required": {"vi": "ô trống; cần {expected}", "en": "empty; expected {expected}"},
    "not_integer": {"vi": "không phải số nguyên; cần {expected}", "en": "not a whole number; expected {expected}"},
    "not_number": {"vi": "không phải số; cần {expected}", "en": "not a number; expected {expected}"},
    "vn_thousands": {
        "vi": "có vẻ là số viết kiểu Việt Nam với dấu chấm ngăn cách hàng nghìn; hãy ghi {hint} (không dùng dấu ngăn cách)",
        "en": "looks like a Vietnamese-formatted number with '.' grouping thousands; write {hint} (no separators)",
    },
    "vn_decimal": {
        "vi": "dùng dấu phẩy thập phân kiểu Việt Nam; hãy ghi {hint} (dấu chấm thập phân)",
        "en": "uses a Vietnamese decimal comma; write {hint} (decimal point)",
    },
    "negative": {"vi": "số âm; cần số không âm", "en": "negative; expected a number of zero or more"},
    "bad_choice": {"vi": "không hợp lệ; cần một trong: {expected}", "en": "not allowed; expected one of: {expected}"},
    "bad_date": {"vi": "không phải ngày; cần dạng YYYY-MM-DD", "en": "not a date; expected YYYY-MM-DD"},
    "bad_period": {"vi": "không phải kỳ báo cáo; cần {expected}", "en": "not a period; expected {expected}"},
    "bad_id": {
        "vi": "mã không hợp lệ; cần chữ thường không dấu, số, '-' hoặc '_' (không có '/', '.', khoảng trắng)",
        "en": "not a valid id; expected lower-case ASCII letters, digits, '-' or '_' (no '/', '.', spaces)",
    },
    "duplicate": {
        "vi": "trùng với dòng {other_line} ({key})",
        "en": "duplicates line {other_line} ({key})",
    },
    "unknown_reference": {
        "vi": "không có trong {target_file}",
        "en": "not found in {target_file}",
    },
    "numerator_over_denominator": {
        "vi": "tử số {numerator} lớn hơn mẫu số {denominator}",
        "en": "numerator {numerator} is greater than denominator {denominator}",
    },
    "percent_over_100": {
        "vi": "tỷ lệ {value} vượt quá 100 với chỉ tiêu đơn vị phần trăm",
        "en": "rate {value} is above 100 for a percent indicator",
    },
    "half_fraction": {
        "vi": "có {present} mà không có {absent}; cần cả tử số và mẫu số, hoặc bỏ trống cả hai",
        "en": "{present} is given without {absent}; give both numerator and denominator, or neither",
    },
    "fraction_on_count": {
        "vi": "chỉ tiêu {indicator} là số đếm (count), không có tử số/mẫu số; ghi số vào cột value",
        "en": "indicator {indicator} is a count: it takes no numerator/denominator; put the number in value",
    },
    "no_value": {
        "vi": "không có số liệu; cần value, hoặc numerator và denominator",
        "en": "no figure; expected value, or numerator and denominator",
    },
    "count_not_integer": {
        "vi": "chỉ tiêu {indicator} là số đếm; cần số nguyên",
        "en": "indicator {indicator} is a count; expected a whole number",
    },
    "dates_reversed": {
        "vi": "valid_to ({valid_to}) trước valid_from ({valid_from})",
        "en": "valid_to ({valid_to}) is before valid_from ({valid_from})",
    },
    "bad_expression": {
        "vi": "biểu thức không hợp lệ ({reason}); cần dạng ma_chi_tieu + ma_chi_tieu.numerator + 12",
        "en": "not a valid expression ({reason}); expected indicator_id + indicator_id.numerator + 12",
    },
    "parent_cycle": {"vi": "parent_id tạo thành vòng lặp", "en": "parent_id forms a cycle"},
}


def label(key: str, lang: str = "vi", **fields: object) -> str:
    """The label ``key`` in ``lang``, with ``fields`` filled in.

    Raises
    ------
    KeyError
        When the key or the language has no text: a missing translation is a bug, caught by tests.
    """
    text = LABELS[key][lang]
    return text.format(**fields) if fields else text


def message(code: str, lang: str = "vi", **fields: object) -> str:
    """The data-problem message ``code`` in ``lang``, filled with ``fields``."""
    return MESSAGES[code][lang].format(**fields)
