"""Every word the workbook shows, in Vietnamese (``vi``, the default) and English (``en``)."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "storage.ENOSPC": {
        "vi": "Đĩa đã đầy ({error}): {kept} báo cáo đã lập hoặc không đổi được giữ nguyên, {rerun} báo cáo chưa lập (từ {first}); hãy giải phóng chỗ trống rồi chạy lại đúng lệnh này, chỉ các báo cáo chưa lập sẽ được lập.",
        "en": "The disk is full ({error}): {kept} reports rendered or unchanged are kept, {rerun} were not written (from {first}); free some space and run the same command again, which renders only those.",
    },
    "storage.EACCES": {
        "vi": "Không có quyền ghi ({error}): {kept} báo cáo đã lập hoặc không đổi được giữ nguyên, {rerun} báo cáo chưa lập (từ {first}); hãy cấp quyền ghi cho thư mục output rồi chạy lại đúng lệnh này, chỉ các báo cáo chưa lập sẽ được lập.",
        "en": "No permission to write ({error}): {kept} reports rendered or unchanged are kept, {rerun} were not written (from {first}); make the output folder writable and run the same command again, which renders only those.",
    },
    "storage.other": {
        "vi": "Không ghi được vào thư mục output ({error}): {kept} báo cáo đã lập hoặc không đổi được giữ nguyên, {rerun} báo cáo chưa lập (từ {first}); hãy sửa lỗi ghi rồi chạy lại đúng lệnh này, chỉ các báo cáo chưa lập sẽ được lập.",
        "en": "The output folder cannot be written ({error}): {kept} reports rendered or unchanged are kept, {rerun} were not written (from {first}); fix that and run the same command again, which renders only those.",
    },
    "storage.index": {
        "vi": "Không ghi được trang mục lục ({error}); các báo cáo trên vẫn được giữ, lần chạy sau sẽ ghi lại mục lục.",
        "en": "The index page could not be written ({error}); the reports above are kept, and the next run writes the index again.",
    },
    "report_title": {"vi": "Báo cáo tiến độ chuyển đổi số", "en": "Digital transformation progress report"},
    "repr_data": {
        "vi": "report.table: %(rows)s dòng số liệu; help(report) liệt kê mọi dữ liệu dùng được.",
        "en": "report.table: %(rows)s rows of figures; help(report) lists all the data you can use.",
    },
    "index_failed": {"vi": "Lần lập gần nhất bị lỗi", "en": "The last run failed"},
    "index_stale": {"vi": "bản cũ, trước lỗi", "en": "old, from before the failure"},
    "locality": {"vi": "Địa phương", "en": "Locality"},
    "province": {"vi": "Tỉnh/thành phố", "en": "Province"},
    "period": {"vi": "Kỳ báo cáo", "en": "Reporting period"},
    "all_periods": {"vi": "số liệu mới nhất của từng chỉ số", "en": "latest figure of each indicator"},
    "made_on": {"vi": "Ngày lập", "en": "Made on"},
    "sources": {"vi": "Nguồn số liệu", "en": "Sources"},
    "summary": {"vi": "Tóm tắt", "en": "Summary"},
    "level": {"vi": "Cấp", "en": "Level"},
    "admin_code": {"vi": "mã", "en": "code"},
    "indicator": {"vi": "Chỉ số", "en": "Indicator"},
    "fraction": {"vi": "Tử số/Mẫu số", "en": "Numerator/denominator"},
    "rate": {"vi": "Kết quả", "en": "Result"},
    "reported": {"vi": "Số công bố", "en": "As reported"},
    "reported_word": {"vi": "công bố", "en": "reported"},
    "target": {"vi": "Chỉ tiêu giao", "en": "Target"},
    "gap": {"vi": "Chênh lệch", "en": "Gap"},
    "status": {"vi": "Đánh giá", "en": "Status"},
    "met": {"vi": "Đạt", "en": "Met"},
    "not_met": {"vi": "Chưa đạt", "en": "Not met"},
    "no_target": {"vi": "Không có chỉ tiêu", "en": "No target"},
    "shortfalls": {"vi": "Các chỉ số chưa đạt chỉ tiêu đã đến hạn", "en": "Targets due and not met"},
    "no_shortfalls": {
        "vi": "Không có chỉ số nào chưa đạt một chỉ tiêu đã đến hạn.",
        "en": "No indicator misses a target that is due.",
    },
    "chart_rate": {"vi": "Kết quả so với chỉ tiêu", "en": "Result against target"},
    "chart_gap": {"vi": "Chênh lệch so với chỉ tiêu (điểm phần trăm)", "en": "Gap to target (percentage points)"},
    "gap_axis": {"vi": "điểm phần trăm", "en": "percentage points"},
    "percent_axis": {"vi": "Tỷ lệ (%)", "en": "Rate (%)"},
    "value": {"vi": "Giá trị", "en": "Value"},
    "scope_locality": {"vi": "kế hoạch của địa phương", "en": "the locality's plan"},
    "scope_parent": {"vi": "kế hoạch của {name}", "en": "the plan of {name}"},
    "scope_national": {"vi": "chỉ tiêu quốc gia", "en": "national target"},
    "table_row": {"vi": "dòng “{row}” của bảng", "en": "the table's row “{row}”"},
    "published": {"vi": "đăng ngày", "en": "published"},
    "index_title": {"vi": "Các báo cáo tiến độ chuyển đổi số", "en": "Digital transformation progress reports"},
    "report": {"vi": "Báo cáo", "en": "Report"},
    "made_at": {"vi": "Lập lúc", "en": "Made at"},
    "met_count": {"vi": "Đạt", "en": "Met"},
    "not_met_count": {"vi": "Chưa đạt", "en": "Not met"},
    "summary_line": {
        "vi": "{total} chỉ số có số liệu, {with_target} chỉ số có chỉ tiêu: {met} đạt, {not_met} chưa đạt chỉ tiêu đã đến hạn, {pending} chưa đến hạn, {restates} chỉ nhắc lại chỉ tiêu (không tính là đạt).",
        "en": "Indicators with figures: {total}; with a target: {with_target} ({met} met, {not_met} not met by the target's year, {pending} not yet due, {restates} only restating the target, not counted as met).",
    },
    "summary_line.own": {
        "vi": "Số liệu riêng của {name}: {total} chỉ số có số liệu, {with_target} chỉ số có chỉ tiêu: {met} đạt, {not_met} chưa đạt chỉ tiêu đã đến hạn, {pending} chưa đến hạn, {restates} chỉ nhắc lại chỉ tiêu (không tính là đạt).",
        "en": "{name}'s own figures: indicators with figures: {total}; with a target: {with_target} ({met} met, {not_met} not met by the target's year, {pending} not yet due, {restates} only restating the target, not counted as met).",
    },
    "summary_line.units": {
        "vi": "Số liệu cộng dồn từ các đơn vị trực thuộc: {total} chỉ số có số liệu, {with_target} chỉ số có chỉ tiêu: {met} đạt, {not_met} chưa đạt chỉ tiêu đã đến hạn, {pending} chưa đến hạn, {restates} chỉ nhắc lại chỉ tiêu (không tính là đạt).",
        "en": "What its units add up to: indicators with figures: {total}; with a target: {with_target} ({met} met, {not_met} not met by the target's year, {pending} not yet due, {restates} only restating the target, not counted as met).",
    },
    "shortfall_sentence": {
        "vi": "{name} đạt {value}, thấp hơn chỉ tiêu {target} là {gap}.",
        "en": "{name} reached {value}, {gap} short of the {target} target.",
    },
    "bounded_sentence": {
        "vi": "{name} được báo cáo ở mức {value}, chưa đạt chỉ tiêu {target}.",
        "en": "{name} is reported as {value}, which does not meet the {target} target.",
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
    "reconciliation": {
        "vi": "Đối chiếu tỷ lệ công bố với tử số/mẫu số",
        "en": "Reported rates against their fractions",
    },
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
    "pillar.tong_hop": {"vi": "Chỉ số tổng hợp", "en": "Composite indices"},
    "unit.points": {"vi": "điểm", "en": "points"},
    "rank_of": {"vi": "{rank}/{total}", "en": "{rank}/{total}"},
    "standing.title": {"vi": "Xếp hạng và diễn biến qua các năm", "en": "Rank and trend over the years"},
    "standing.rank": {"vi": "Thứ hạng", "en": "Rank"},
    "standing.from": {"vi": "Từ số liệu của", "en": "From the figures of"},
    "standing.no_figure": {"vi": "chưa có số liệu", "en": "no figure"},
    "standing.unranked": {
        "vi": "không xếp hạng (thiếu số liệu của một phần)",
        "en": "not ranked (a part has no figure)",
    },
    "standing.peers.province": {"vi": "các tỉnh, thành phố", "en": "the provinces"},
    "standing.peers.district": {"vi": "các huyện", "en": "the districts"},
    "standing.peers.commune": {"vi": "các xã, phường, đặc khu", "en": "the communes"},
    "standing.own": {
        "vi": "Thứ hạng giữa {peers} có số liệu cùng kỳ (1 = tốt nhất; bằng điểm thì cùng hạng).",
        "en": "Rank among {peers} with a figure for the same period (1 = best; equal figures share a rank).",
    },
    "standing.map": {
        "vi": "Trên bản đồ hành chính từ {day}: số liệu các năm trước là số liệu của các đơn vị cũ nay thuộc địa phương, gộp theo cách của từng chỉ số (chỉ số: trung bình cộng; tỷ lệ: tổng tử số trên tổng mẫu số). Thứ hạng giữa {peers} trên bản đồ đó (1 = tốt nhất); số liệu thiếu một phần thì không xếp hạng.",
        "en": "On the administrative map from {day}: figures of earlier years are those of the former units now part of this one, combined as each indicator requires (indices: the mean; rates: numerators summed over denominators summed). Rank among {peers} on that map (1 = best); a figure missing a part is not ranked.",
    },
    "export.done": {"vi": "Đã ghi {rows} dòng vào {path}.", "en": "Wrote {rows} rows to {path}."},
    "level.province": {"vi": "Tỉnh/thành phố", "en": "Province"},
    "level.district": {"vi": "Huyện", "en": "District"},
    "level.commune": {"vi": "Xã", "en": "Commune"},
    "period.year": {"vi": "năm {year}", "en": "{year}"},
    "period.months": {"vi": "{months} tháng đầu năm {year}", "en": "first {months} months of {year}"},
    "period.open": {"vi": "từ {start} đến thời điểm báo cáo", "en": "{start} to date"},
    "period.closed": {"vi": "từ {start} đến {end}", "en": "{start} to {end}"},
    # progress over time (helpers/progress.py)
    "progress": {"vi": "Tiến độ theo thời gian", "en": "Progress over time"},
    "progress.target_achieved": {"vi": "Đã đạt chỉ tiêu", "en": "Target achieved"},
    "progress.on_track": {"vi": "Đúng tiến độ", "en": "On track"},
    "progress.acceleration_needed": {"vi": "Cần tăng tốc", "en": "Acceleration needed"},
    "progress.limited_progress": {"vi": "Tiến bộ hạn chế", "en": "Limited progress"},
    "progress.deterioration": {"vi": "Đi xuống", "en": "Deterioration"},
    "progress.no_target": {"vi": "Không có chỉ tiêu", "en": "No target"},
    "progress_status": {"vi": "Tiến độ", "en": "Progress"},
    "first_figure": {"vi": "Số liệu đầu", "en": "First figure"},
    "latest_figure": {"vi": "Số liệu mới nhất", "en": "Latest figure"},
    "growth_achieved": {"vi": "Tăng trưởng đạt được", "en": "Growth achieved"},
    "growth_needed": {"vi": "Tăng trưởng cần có", "en": "Growth needed"},
    "per_year": {"vi": "/năm", "en": "/yr"},
    "target_by": {"vi": "Chỉ tiêu {target} đến năm {year}", "en": "Target {target} by {year}"},
    "no_series": {
        "vi": "Chưa có chỉ tiêu nào có số liệu từ hai kỳ trở lên, nên chưa đánh giá được tiến độ theo thời gian.",
        "en": "No indicator has figures for two or more periods yet, so progress over time cannot be assessed.",
    },
    "progress_method": {
        "vi": "Phương pháp (theo Open SDG): so sánh tốc độ tăng trưởng kép hằng năm đã đạt (từ số liệu đầu đến số liệu mới nhất) với tốc độ cần có để đạt chỉ tiêu vào năm của chỉ tiêu. Tỷ số ≥ 0,95: đúng tiến độ; 0,5–0,95: cần tăng tốc; 0–0,5: tiến bộ hạn chế; < 0: đi xuống.",
        "en": "Method (after Open SDG): the compound annual growth rate achieved from the first to the latest figure is compared with the rate needed to reach the target by its year. Ratio ≥ 0.95: on track; 0.5–0.95: acceleration needed; 0–0.5: limited progress; < 0: deterioration.",
    },
    "chart_trend": {"vi": "Diễn biến", "en": "Trend"},
    # units of a province or district (helpers/rollup.py)
    "units": {"vi": "Các đơn vị trực thuộc", "en": "Units"},
    "unit": {"vi": "Đơn vị", "en": "Unit"},
    "valid": {"vi": "Thời gian tồn tại", "en": "Existed"},
    "valid_until": {"vi": "đến {end}", "en": "until {end}"},
    "valid_from": {"vi": "từ {start}", "en": "from {start}"},
    "valid_between": {"vi": "{start} – {end}", "en": "{start} – {end}"},
    "rollup": {"vi": "Tổng hợp từ các đơn vị", "en": "Rolled up from the units"},
    "rollup_method": {
        "vi": "Tỷ lệ tổng hợp = tổng tử số ÷ tổng mẫu số của các đơn vị có đủ tử số và mẫu số cho cùng chỉ tiêu và cùng kỳ (không lấy trung bình các tỷ lệ). Chỉ gồm các đơn vị có số liệu, nên không phải là số liệu của toàn {name}.",
        "en": "Rolled-up rate = sum of numerators ÷ sum of denominators of the units that give both for the same indicator and period (never an average of rates). Only units with figures are counted, so it is not a figure for the whole of {name}.",
    },
    "units_left_out": {"vi": "Số liệu không đưa vào tổng hợp", "en": "Figures left out of the roll-up"},
    "reason": {"vi": "Lý do", "en": "Reason"},
    "reason.no_fraction": {
        "vi": "chỉ có tỷ lệ, không có tử số và mẫu số để cộng",
        "en": "a rate without numerator and denominator to add up",
    },
    "reason.outside_parent": {
        "vi": "kỳ số liệu nằm ngoài thời gian tồn tại của đơn vị cấp trên",
        "en": "the period lies outside the time the parent unit existed",
    },
    # comparison across localities (helpers/overview.py)
    "overview_title": {"vi": "So sánh giữa các địa phương", "en": "Comparison across localities"},
    "heatmap": {"vi": "Chênh lệch so với chỉ tiêu", "en": "Gap to target"},
    "heatmap_caption": {
        "vi": "Chênh lệch so với chỉ tiêu áp dụng cho từng địa phương (điểm phần trăm; dương = tốt hơn chỉ tiêu). ✓ đạt, ✗ chưa đạt; ô trống: không có số liệu hoặc không có chỉ tiêu.",
        "en": "Gap to the target that applies to each locality (percentage points; positive = better than the target). ✓ met, ✗ not met; blank: no figure or no target.",
    },
    "rankings": {"vi": "Xếp hạng theo chỉ tiêu", "en": "Rankings per indicator"},
    "rank": {"vi": "Hạng", "en": "Rank"},
    "comparison_rule": {
        "vi": "Chỉ so sánh cùng chỉ tiêu, cùng năm và cùng độ dài kỳ tính từ đầu năm (cả năm, hoặc cùng số tháng đầu năm). Số liệu ghi dạng “trên”, “tối thiểu”, “khoảng” không được xếp hạng vì không xác định được thứ tự.",
        "en": "Only the same indicator, the same year and the same length of period from 1 January (a full year, or the same number of months) are compared. Figures given as “above”, “at least” or “about” are not ranked, as their order is not known.",
    },
    "no_rankings": {
        "vi": "Không có chỉ số nào có từ hai địa phương so sánh được.",
        "en": "No indicator has two or more comparable localities.",
    },
    "pillar_counts": {
        "vi": "Số chỉ tiêu đạt theo trụ cột (đạt/đã đến hạn hoặc đã đạt)",
        "en": "Targets met per pillar (met / due or met)",
    },
    "met_of": {"vi": "{met}/{total}", "en": "{met}/{total}"},
    "excluded": {"vi": "Không đưa vào so sánh", "en": "Left out of the comparison"},
    "no_excluded": {"vi": "Không có số liệu nào bị loại khỏi so sánh.", "en": "Nothing was left out."},
    "excluded.open_period": {
        "vi": "kỳ không phải cả năm hay số tháng đầu năm ({period})",
        "en": "the period is not a full year or months from 1 January ({period})",
    },
    "excluded.alone": {
        "vi": "không địa phương nào khác có số liệu của chỉ tiêu này cho cùng kỳ ({period})",
        "en": "no other locality has a figure of this indicator for a like period ({period})",
    },
    "excluded.qualified": {
        "vi": "số liệu ghi dạng {value}, không xác định được thứ tự",
        "en": "the figure is given as {value}, so its order is not known",
    },
    "excluded.incomplete": {
        "vi": "số liệu gộp từ các đơn vị cũ còn thiếu số liệu của một phần",
        "en": "combined from former units, one of which has no figure",
    },
    "excluded.count": {
        "vi": "chỉ tiêu đếm số lượng, không cùng thang đo để tô màu",
        "en": "a count, not on a common scale for the heatmap",
    },
    "localities_periods": {"vi": "Địa phương và kỳ số liệu", "en": "Localities and their periods"},
    # the overview and the data-quality report at national scale: one row per province
    "provinces_periods": {"vi": "Các tỉnh, thành phố và kỳ số liệu", "en": "Provinces and their periods"},
    "units_reporting": {"vi": "Đơn vị báo cáo", "en": "Units reporting"},
    "units_with_figures": {"vi": "Đơn vị có số liệu", "en": "Units with figures"},
    "unit_in_province": {"vi": "{unit} ({province})", "en": "{unit} ({province})"},
    "more_findings": {
        "vi": "Trên đây là {shown} trong số {total} phát hiện (lỗi trước, cảnh báo sau). Lệnh `cds validate` liệt kê tất cả, kèm tệp và dòng; báo cáo của mỗi địa phương có các phát hiện của chính nó.",
        "en": "Above are {shown} of the {total} findings (errors first, then warnings). `cds validate` lists them all, with file and line; each locality's report has its own.",
    },
    "more_reconciled": {
        "vi": "Trên đây là {shown} tỷ lệ đầu tiên, những tỷ lệ không khớp với tử số/mẫu số trước. Tất cả: {classes}. Báo cáo của mỗi địa phương đối chiếu các tỷ lệ của chính nó.",
        "en": "Above are the first {shown} rates, those that disagree with their fraction first. All of them: {classes}. Each locality's report reconciles its own rates.",
    },
    "units_reported": {"vi": "{reported}/{units}", "en": "{reported}/{units}"},
    "more_periods": {"vi": "(và {count} kỳ khác)", "en": "(and {count} more)"},
    "overview_grouped": {
        "vi": "{units} đơn vị có số liệu (nhiều hơn {limit}), nên báo cáo này tổng hợp theo tỉnh, thành phố: mỗi dòng là số đơn vị đã báo cáo trên số đơn vị của tỉnh và trạng thái các số liệu của tỉnh cùng các đơn vị. Số liệu và xếp hạng của từng đơn vị có trong báo cáo của tỉnh (bấm vào tên tỉnh) và trong bảng `cds export`.",
        "en": "{units} units have figures (more than {limit}), so this report is grouped by province: each row gives how many of the province's units reported and the statuses of the figures of the province and its units. Each unit's figures and rank are in its province's report (click the province's name) and in the `cds export` table.",
    },
    "grouped_heatmap": {
        "vi": "Bản đồ nhiệt chỉ gồm số liệu của chính các tỉnh, thành phố; các đơn vị cấp dưới có trong báo cáo của tỉnh.",
        "en": "The heatmap shows the provinces' own figures; their units are in each province's report.",
    },
    "grouped_no_heatmap": {
        "vi": "Không tỉnh, thành phố nào có tỷ lệ của chính mình kèm chỉ tiêu; số liệu của các đơn vị cấp dưới có trong báo cáo của tỉnh.",
        "en": "No province has a rate of its own with a target; its units' figures are in each province's report.",
    },
    "grouped_rankings": {
        "vi": "Chỉ xếp hạng các tỉnh, thành phố theo số liệu của chính mình; thứ hạng của các đơn vị cấp dưới trong tỉnh có trong báo cáo của tỉnh.",
        "en": "Only the provinces are ranked here, on their own figures; the units' standing within their province is in the province's report.",
    },
    "grouped_excluded": {
        "vi": "Danh sách này chỉ gồm số liệu của chính các tỉnh, thành phố; số liệu của các đơn vị cấp dưới có trong báo cáo của tỉnh và trong `cds export`.",
        "en": "This list covers the provinces' own figures; the units' figures are in each province's report and in `cds export`.",
    },
    "overview_note": {
        "vi": "Mỗi địa phương được đối chiếu với chỉ tiêu áp dụng cho chính nó; xếp hạng chỉ giữa các số liệu so sánh được.",
        "en": "Each locality is measured against the target that applies to it; rankings only compare comparable figures.",
    },
    "chart_bullet": {"vi": "Kết quả (thanh) và chỉ tiêu (vạch đen)", "en": "Result (bar) and target (black mark)"},
    "target_mark": {"vi": "Chỉ tiêu", "en": "Target"},
    # statuses that respect the target's year (helpers/compute.py)
    "not_due": {"vi": "Chưa đến hạn", "en": "Not yet due"},
    "on_track": {"vi": "Đúng tiến độ", "en": "On track"},
    "behind": {"vi": "Chậm tiến độ", "en": "Behind"},
    "restates_target": {"vi": "Nhắc lại chỉ tiêu", "en": "Restates the target"},
    "status_due": {"vi": "{status} (hạn {year})", "en": "{status} (due {year})"},
    "not_due_heading": {"vi": "Chưa đến hạn", "en": "Not yet due"},
    "not_due_sentence": {
        "vi": "{name}: {value} ({period}); chỉ tiêu {target} đến năm {year}, còn cách {gap}.",
        "en": "{name}: {value} ({period}); target {target} by {year}, {gap} still to go.",
    },
    "not_due_bounded": {
        "vi": "{name}: {value} ({period}); chỉ tiêu {target} đến năm {year}, chưa biết còn cách bao nhiêu.",
        "en": "{name}: {value} ({period}); target {target} by {year}, distance still to go not known.",
    },
    "on_track_sentence": {
        "vi": "{name}: {value} ({period}); theo đà tăng từ số liệu đầu, đúng tiến độ để đạt {target} vào năm {year}.",
        "en": "{name}: {value} ({period}); at its pace since the first figure, on track for {target} by {year}.",
    },
    "behind_sentence": {
        "vi": "{name}: {value} ({period}); theo đà tăng từ số liệu đầu, chậm so với lộ trình tới {target} vào năm {year}, còn cách {gap}.",
        "en": "{name}: {value} ({period}); at its pace since the first figure, behind the path to {target} by {year}, {gap} still to go.",
    },
    "restates_note": {
        "vi": "Kết quả và chỉ tiêu cùng lấy từ nguồn [{source}] và ghi cùng một mức ({target}): có thể nguồn chỉ nhắc lại chỉ tiêu, nên không tính là đạt.",
        "en": "The result and the target come from the same source [{source}] at the same level ({target}): the source may only restate the target, so it is not counted as met.",
    },
    "undated": {"vi": "không ghi ngày đăng", "en": "undated"},
    "rank_undated": {
        "vi": "* Nguồn không ghi ngày đăng: kỳ của số liệu được suy ra từ nội dung bài hoặc do người nhập tạm xếp (xem ghi chú trong báo cáo của địa phương), nên thứ hạng chỉ để tham khảo.",
        "en": "* Undated source: the figure's period was read from the text or set provisionally by the curator (see the note in the locality's report), so the rank is indicative only.",
    },
    "caveat.note": {"vi": "Ghi chú: {note}", "en": "Curator's note (in Vietnamese): {note}"},
    "caveat.target_note": {"vi": "Về chỉ tiêu: {note}", "en": "On the target (in Vietnamese): {note}"},
    "coverage": {
        "vi": "{k}/{n} đơn vị trực thuộc (theo danh mục tại kỳ này) có số liệu: {names}",
        "en": "{k} of {n} units (in the registry for this period) reported: {names}",
    },
    "target_differs": {
        "vi": "Báo cáo của {unit} so với {own} đến năm {own_year} ({own_scope}); ở đây dùng chỉ tiêu áp dụng cho {name}.",
        "en": "{unit}'s own report measures it against {own} by {own_year} ({own_scope}); here the target that applies to {name} is used.",
    },
    "and_others": {"vi": "và {n} chỉ số khác", "en": "and {n} more"},
    "key.met": {"vi": "Đạt {n} chỉ tiêu: {names}.", "en": "Targets met ({n}): {names}."},
    "key.missed": {
        "vi": "Chưa đạt {n} chỉ tiêu đã đến hạn: {items}.",
        "en": "Targets due and not met ({n}): {items}.",
    },
    "key.missed_item": {
        "vi": "{name} {value} so với {target}, thiếu {gap}{after}",
        "en": "{name} {value} against {target}, {gap} short{after}",
    },
    "key.pending": {
        "vi": "{n} chỉ tiêu chưa đến hạn: {items}.",
        "en": "Targets not yet due ({n}): {items}.",
    },
    "key.pending_item": {
        "vi": "{name} {value}, {status}, còn cách {gap} tới {target} năm {year}{after}",
        "en": "{name} {value}, {status}, {gap} to go to {target} by {year}{after}",
    },
    "unknown_distance": {"vi": "một khoảng chưa rõ", "en": "an unknown distance"},
    "key.restates": {
        "vi": "{n} kết quả chỉ nhắc lại chỉ tiêu của chính nguồn đó, nên không tính là đạt.",
        "en": "Results that only restate the target written in the same source, so not counted as met: {n}.",
    },
    "key.no_target": {
        "vi": "{n} chỉ số chưa có chỉ tiêu để so sánh.",
        "en": "Indicators with no target to compare with: {n}.",
    },
    "key.rolled_up": {
        "vi": "{name} không có số liệu riêng; các số liệu dưới đây cộng dồn từ {k}/{n} đơn vị trực thuộc (theo danh mục tại kỳ mới nhất) có số liệu ({names}), không phải số liệu của toàn {name}.",
        "en": "{name} has no figures of its own; the figures below add up those of {k} of its {n} units (in the registry for the latest period) that reported ({names}), not a figure for the whole of {name}.",
    },
    "key.units_too": {
        "vi": "Số liệu cộng dồn từ {k}/{n} đơn vị trực thuộc có số liệu ({names}), {periods}, không phải số liệu của toàn {name}:",
        "en": "What {k} of its {n} units that reported ({names}) add up to, {periods}, not a figure for the whole of {name}:",
    },
    "key.own": {"vi": "Số liệu riêng của {name} ({period}):", "en": "{name}'s own figures ({period}):"},
    "key.reported": {"vi": "{k}/{n} đơn vị có số liệu", "en": "{k} of {n} units reported"},
    "key.own_target": {"vi": "{unit} tự đặt {own} năm {year}", "en": "{unit}'s own is {own} by {year}"},
    "key.target_differs": {
        "vi": "(chỉ tiêu áp dụng cho {name}: {scope}; khác chỉ tiêu riêng: {owns})",
        "en": "(the target that applies to {name}: {scope}; unlike the unit's own: {owns})",
    },
    "no_figures_at_all": {
        "vi": "{name} chưa có số liệu nào cho kỳ này, kể cả từ các đơn vị trực thuộc.",
        "en": "{name} has no figures for this period, from itself or from its units.",
    },
    "nothing_rolled_up": {
        "vi": "{name} không có số liệu riêng, và số liệu của đơn vị trực thuộc ({names}) chỉ có tỷ lệ, không có tử số và mẫu số nên không cộng dồn được; xem báo cáo của từng đơn vị.",
        "en": "{name} has no figures of its own, and those of its units ({names}) are rates without numerator and denominator, so they cannot be added up; see each unit's own report.",
    },
    "next_label": {"vi": "Xem tiếp", "en": "Where to look next"},
    "next.details": {"vi": "số liệu chi tiết theo trụ cột", "en": "the figures pillar by pillar"},
    "next.units": {"vi": "số liệu cộng dồn và các đơn vị", "en": "the rolled-up figures and the units"},
    "next.shortfalls": {"vi": "chỉ tiêu chưa đạt và chưa đến hạn", "en": "targets missed and not yet due"},
    "next.appendix": {"vi": "định nghĩa các chỉ số (phụ lục)", "en": "what each indicator measures (appendix)"},
    "appendix": {"vi": "Phụ lục: các chỉ số trong báo cáo", "en": "Appendix: the indicators of this report"},
    "appendix_note": {
        "vi": "Mỗi chỉ số: trụ cột, đơn vị, chiều tốt hơn; với tỷ lệ, tử số và mẫu số; chỉ tiêu áp dụng và nguồn của chỉ tiêu.",
        "en": "Each indicator: pillar, unit, which way is better; for a rate, its numerator and denominator (as the catalogue words them, in Vietnamese); the target that applies and its source.",
    },
    "numerator": {"vi": "Tử số", "en": "Numerator"},
    "denominator": {"vi": "Mẫu số", "en": "Denominator"},
    "by_year": {"vi": "đến năm {year}", "en": "by {year}"},
    "unit_name.percent": {"vi": "tỷ lệ (%)", "en": "rate (%)"},
    "unit_name.count": {"vi": "số lượng", "en": "count"},
    "unit_name.index": {"vi": "chỉ số (0–1)", "en": "index (0–1)"},
    "unit_name.points": {"vi": "điểm", "en": "points"},
    "direction.higher": {"vi": "càng cao càng tốt", "en": "higher is better"},
    "direction.lower": {"vi": "càng thấp càng tốt", "en": "lower is better"},
    "index_note": {
        "vi": "Mỗi báo cáo đánh giá số liệu mới nhất của từng chỉ số. Chưa đạt: chỉ tiêu đã đến hạn mà chưa đạt; chưa đến hạn: năm của chỉ tiêu chưa tới; nhắc lại chỉ tiêu: kết quả và chỉ tiêu cùng một nguồn, cùng một mức, không tính là đạt. Tỉnh không có số liệu riêng được tính trên số liệu cộng dồn từ các đơn vị.",
        "en": "Each report measures each indicator's latest figure. Not met: the target is due and missed; not yet due: the target's year is still to come; restating the target: the result and target come from one source at one level, not counted as met. A province without figures of its own is counted on what its units add up to.",
    },
    "lang.vi": {"vi": "Tiếng Việt", "en": "Vietnamese"},
    "lang.en": {"vi": "Tiếng Anh", "en": "English"},
    "back_to_index": {"vi": "Mục lục các báo cáo", "en": "All reports"},
    "pending_count": {"vi": "Chưa đến hạn", "en": "Not yet due"},
    "restates_count": {"vi": "Nhắc lại chỉ tiêu", "en": "Restating the target"},
    "no_target_count": {"vi": "Không có chỉ tiêu", "en": "No target"},
}

# Problems found in data/*.csv. Each template is filled with the issue's fields.
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
    "fraction_not_percent": {
        "vi": "chỉ tiêu {indicator} có đơn vị {unit}, không có tử số/mẫu số; ghi số vào cột value",
        "en": "indicator {indicator} is measured in {unit}: it takes no numerator/denominator; put the figure in value",
    },
    "index_over_1": {
        "vi": "chỉ số {value} vượt quá 1 với chỉ tiêu đơn vị index (0–1)",
        "en": "index {value} is above 1 for an index indicator (0–1)",
    },
    "rollup_unit": {
        "vi": "cách cộng dồn này chỉ dùng cho đơn vị {allowed}, không dùng cho {unit}",
        "en": "this roll-up method is only for unit {allowed}, not for {unit}",
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
    "reserved_id": {
        "vi": "mã này dành cho báo cáo chung của sổ ({reserved}); hãy chọn mã khác",
        "en": "this id names one of the workbook's own reports ({reserved}); choose another",
    },
    "parent_cycle": {"vi": "parent_id tạo thành vòng lặp", "en": "parent_id forms a cycle"},
    # national tables (cds import-table)
    "table.where": {"vi": "{file}, dòng {line}, cột '{column}'", "en": "{file}, line {line}, column '{column}'"},
    "table.missing_column": {
        "vi": "bảng không có cột '{column}'; các cột có: {columns}",
        "en": "the table has no column '{column}'; its columns: {columns}",
    },
    "table.unknown_indicator": {
        "vi": "không có chỉ tiêu '{value}' trong indicators.csv",
        "en": "no indicator '{value}' in indicators.csv",
    },
    "table.bad_period": {
        "vi": "'{value}' không phải kỳ báo cáo (ví dụ 2024, 2024-M6)",
        "en": "'{value}' is not a period (e.g. 2024, 2024-M6)",
    },
    "table.unknown_unit": {
        "vi": "không có đơn vị nào tên '{value}' tại kỳ {period}; gần nhất: {candidates}",
        "en": "no unit named '{value}' in force at {period}; closest: {candidates}",
    },
    "table.ambiguous_unit": {
        "vi": "'{value}' khớp nhiều đơn vị tại kỳ {period}: {candidates}; ghi rõ cấp (tỉnh, phường, xã…) hoặc dùng --level",
        "en": "'{value}' fits several units in force at {period}: {candidates}; write the level word (province, ward, commune, in Vietnamese) or use --level",
    },
    "table.same_unit_twice": {
        "vi": "'{value}' là {locality_id}, đã có ở dòng {other_line} cho kỳ {period}",
        "en": "'{value}' is {locality_id}, already on line {other_line} for {period}",
    },
    "table.bad_number": {
        "vi": "'{value}' không phải số không âm (ví dụ 0,727 hoặc 65.06)",
        "en": "'{value}' is not a number of zero or more (e.g. 0,727 or 65.06)",
    },
    "table.percent_cell": {
        "vi": "ô định dạng phần trăm ({value}) nhưng chỉ tiêu '{indicator}' tính theo đơn vị '{unit}' (indicators.csv), không phải phần trăm; ghi số đúng đơn vị, bỏ định dạng phần trăm của ô",
        "en": "the cell is formatted as a percent ({value}) but indicator '{indicator}' is counted in '{unit}' (indicators.csv), not percent; enter the figure in its unit, without the cell's percent format",
    },
    "table.uncomputed": {
        "vi": "ô có công thức {value} nhưng tệp không lưu giá trị của nó (tệp do chương trình ghi, chưa mở bằng Excel); mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi nhập lại",
        "en": "the cell holds the formula {value} but the file keeps no value for it (written by a program, never opened in a spreadsheet); open the file in Excel or LibreOffice, save it and import again",
    },
    "table.ambiguous_number": {
        "vi": "'{value}' đọc được hai cách (mười tám nghìn theo cách viết Việt Nam, hoặc số thập phân); thêm --numbers vi hoặc --numbers machine",
        "en": "'{value}' reads two ways (thousands grouped the Vietnamese way, or a decimal point); add --numbers vi or --numbers machine",
    },
    "table.stopped": {
        "vi": "Không nhập bảng; data/ không thay đổi:",
        "en": "Table not imported; data/ is unchanged:",
    },
    "table.done": {
        "vi": "Đã nhập {records} số liệu của {units} đơn vị: {added} mới, {replaced} thay thế, {unchanged} không đổi.",
        "en": "Imported {records} figures of {units} units: {added} new, {replaced} replaced, {unchanged} unchanged.",
    },
    "data_restored": {
        "vi": "Một thay đổi dữ liệu bị ngắt giữa chừng đã được hoàn tác: {files} trong {folder} đã trở lại đúng như trước thay đổi đó, hãy chạy lại lệnh đã ghi dữ liệu nếu vẫn cần thay đổi ấy.",
        "en": "A change to the data that was interrupted half-way has been undone: {files} in {folder} are back exactly as they were before it; run the command that wrote them again if the change is still wanted.",
    },
    "data_not_written": {
        "vi": "không ghi được {files} ({error}); không tệp nào trong data/ thay đổi: hãy giải phóng chỗ trống hoặc cấp quyền ghi rồi chạy lại đúng lệnh này",
        "en": "{files} could not be written ({error}); no file in data/ changed: free some space or grant write permission, then run the same command again",
    },
    "duplicate_column": {
        "vi": "cột '{column}' xuất hiện hai lần trong dòng tiêu đề; hãy xoá một cột",
        "en": "column '{column}' appears twice in the header row; remove one of them",
    },
    "unclosed_quote": {
        "vi": "dấu ngoặc kép mở ở dòng này không được đóng; các dòng sau bị đọc lẫn vào ô này",
        "en": "a quote opened on this line is never closed; the lines after it were read into this cell",
    },
    "csv_syntax": {
        "vi": "dòng không đúng cú pháp CSV ({reason}); kiểm tra dấu ngoặc kép",
        "en": "the line is not valid CSV ({reason}); check its quotes",
    },
    "too_large": {
        "vi": "số quá lớn (hơn {digits} chữ số); kiểm tra lỗi gõ",
        "en": "the number is too large (more than {digits} digits); check for a typing slip",
    },
    "year_out_of_range": {
        "vi": "năm nằm ngoài khoảng {low}–{high}",
        "en": "the year is outside {low}–{high}",
    },
    "control_character": {
        "vi": "có ký tự điều khiển không in được (ví dụ NUL); hãy xoá nó",
        "en": "contains a non-printing control character (such as NUL); remove it",
    },
    "zero_denominator": {
        "vi": "mẫu số bằng 0 nên không có tỷ lệ; nếu nguồn ghi 0/0, để trống tử số, mẫu số và giá trị và ghi chú lại",
        "en": "a denominator of 0 gives no rate; if the source says 0/0, leave numerator, denominator and value empty and say so in the note",
    },
    "province_with_parent": {
        "vi": "tỉnh không có đơn vị cấp trên; để trống parent_id",
        "en": "a province has no parent; leave parent_id empty",
    },
    "level_order": {
        "vi": "đơn vị cấp {level} không thể thuộc đơn vị cấp {parent_level}",
        "en": "a {level} cannot belong to a {parent_level}",
    },
    "parent_not_valid": {
        "vi": "đơn vị tồn tại {life} nhưng đơn vị cấp trên chỉ tồn tại {parent_life} (dòng {parent_line})",
        "en": "the unit exists {life} but its parent only {parent_life} (line {parent_line})",
    },
    "outside_life": {
        "vi": "{locality} không tồn tại trong kỳ này (đơn vị tồn tại {life}, localities.csv dòng {locality_line})",
        "en": "{locality} did not exist in this period (it exists {life}, localities.csv line {locality_line})",
    },
    "partly_outside_life": {
        "vi": "kỳ này vượt ra ngoài thời gian tồn tại của {locality} ({life}, localities.csv dòng {locality_line}); kiểm tra kỳ hoặc đơn vị",
        "en": "the period runs past the life of {locality} ({life}, localities.csv line {locality_line}); check the period or the unit",
    },
    "value": {"vi": "giá trị '{value}'", "en": "value '{value}'"},
    "changed_meanwhile": {
        "vi": "{file} đã bị thay đổi trong lúc nhập; không ghi gì, hãy nhập lại",
        "en": "{file} changed during the import; nothing was written, import again",
    },
}


# Sentences of the commands, forms, review files and findings, namespaced by where they appear.
TEXTS: dict[str, dict[str, str]] = {
    "form.cell": {
        "vi": "Sheet '{sheet}', ô {cell}: {what}",
        "en": "Sheet '{sheet}', cell {cell}: {what}",
    },
    "form.file": {
        "vi": "Tệp {file}: {what}",
        "en": "File {file}: {what}",
    },
    "form.value": {
        "vi": "giá trị '{value}'",
        "en": "value '{value}'",
    },
    "form.unreadable": {
        "vi": "không mở được như một tệp Excel .xlsx ({error})",
        "en": "cannot be opened as an Excel .xlsx file ({error})",
    },
    "form.no_meta": {
        "vi": "không tìm thấy mã địa phương và kỳ báo cáo của biểu mẫu (trang '_meta' hoặc ô {locality_cell}, {period_cell} của trang '{sheet}'); hãy dùng biểu mẫu do chương trình tạo",
        "en": "the form's locality and period were not found (sheet '_meta' or cells {locality_cell}, {period_cell} of sheet '{sheet}'); use a form made by the workbook",
    },
    "form.bad_header": {
        "vi": "tiêu đề cột là '{found}', cần '{expected}'; không thêm, xoá hay đổi thứ tự các cột",
        "en": "the column header is '{found}', expected '{expected}'; do not add, remove or reorder columns",
    },
    "form.formula_no_cache": {
        "vi": "công thức '{formula}' chưa có kết quả đã tính; hãy mở tệp bằng Excel và lưu lại để Excel tính, hoặc nhập số thay cho công thức",
        "en": "formula '{formula}' has no computed value saved; open and save the file in Excel so it is calculated, or type the number instead",
    },
    "form.formula_error": {
        "vi": "công thức cho kết quả lỗi {value}",
        "en": "the formula gives the error {value}",
    },
    "form.text_in_number": {
        "vi": "ô chứa văn bản '{value}', cần một số (ví dụ 18592 hoặc 99,82); ô số phải được Excel hiểu là số",
        "en": "the cell holds the text '{value}', expected a number (such as 18592 or 99.82)",
    },
    "form.boolean": {
        "vi": "ô chứa giá trị đúng/sai, cần một số",
        "en": "the cell holds TRUE/FALSE, expected a number",
    },
    "form.date_in_number": {
        "vi": "ô chứa ngày tháng hoặc giờ ({value}), cần một số",
        "en": "the cell holds a date or time ({value}), expected a number",
    },
    "form.not_finite": {
        "vi": "giá trị không phải số thực ({value})",
        "en": "not a real number ({value})",
    },
    "form.negative": {
        "vi": "số âm {value}; cần số không âm",
        "en": "negative number {value}; expected zero or more",
    },
    "form.not_whole": {
        "vi": "{value} không phải số nguyên; tử số và mẫu số là số nguyên",
        "en": "{value} is not a whole number; numerator and denominator are whole numbers",
    },
    "form.date_in_text": {
        "vi": "ô chứa ngày tháng ({value}) do Excel tự chuyển; hãy nhập lại dưới dạng văn bản (gõ dấu ' ở đầu)",
        "en": "the cell holds a date ({value}) that Excel converted; type it again as text (start with ')",
    },
    "form.no_indicator": {
        "vi": "dòng có số liệu nhưng không có mã chỉ tiêu ở cột A",
        "en": "the row has figures but no indicator id in column A",
    },
    "form.twice": {
        "vi": "chỉ tiêu {indicator} đã được nhập ở Sheet '{sheet}', ô {cell}",
        "en": "indicator {indicator} is already filled in sheet '{sheet}', cell {cell}",
    },
    "form.qualifier_dropped": {
        "vi": "số liệu cũ có dấu '{qualifier}' (trên/dưới/khoảng); số mới được ghi là số chính xác vì biểu mẫu không có cột qualifier, hãy sửa figures.csv nếu cần",
        "en": "the old figure had the qualifier '{qualifier}'; the new one is recorded as exact because the form has no qualifier column: edit figures.csv if needed",
    },
    "review.row": {
        "vi": "Trang '{sheet}', dòng {row}",
        "en": "Sheet '{sheet}', row {row}",
    },
    "review.csv_row": {
        "vi": "{file}, dòng {row}",
        "en": "{file}, line {row}",
    },
    "review.column": {
        "vi": "{where}, cột {column}: {what}",
        "en": "{where}, column {column}: {what}",
    },
    "review.unreadable": {
        "vi": "Tệp {file}: không đọc được ({error})",
        "en": "File {file}: cannot be read ({error})",
    },
    "review.no_sheet": {
        "vi": "Tệp {file}: không có trang '{sheet}'",
        "en": "File {file}: no sheet '{sheet}'",
    },
    "review.missing_columns": {
        "vi": "Tệp {file}: thiếu cột {columns}",
        "en": "File {file}: missing columns {columns}",
    },
    "review.bad_accept": {
        "vi": "giá trị '{value}': cần '{yes}' hoặc '{no}'",
        "en": "value '{value}': expected '{yes}' or '{no}'",
    },
    # the accept column's drop-down: the words a reviewer picks in the file's language
    "review.accept.yes": {"vi": "có", "en": "yes"},
    "review.accept.no": {"vi": "không", "en": "no"},
    "review.bad_kind": {
        "vi": "giá trị '{value}': cần achievement, count hoặc target",
        "en": "value '{value}': expected achievement, count or target",
    },
    "review.bad_number": {
        "vi": "giá trị '{value}': không phải số",
        "en": "value '{value}': not a number",
    },
    "review.bad_year": {
        "vi": "giá trị '{value}': chỉ tiêu cần một năm (ví dụ 2025)",
        "en": "value '{value}': a target needs a year (such as 2025)",
    },
    "review.bad_qualifier": {
        "vi": "giá trị '{value}': cần một trong > >= < <= ~",
        "en": "value '{value}': expected one of > >= < <= ~",
    },
    "review.required": {
        "vi": "ô trống; cần {column}",
        "en": "empty; {column} is required",
    },
    "review.date_cell": {
        "vi": "ô chứa ngày tháng ({value}) do Excel tự chuyển; hãy nhập lại dưới dạng văn bản",
        "en": "the cell holds a date ({value}) that Excel converted; type it again as text",
    },
    "review.duplicate": {
        "vi": "trùng với dòng {other} (cùng {key})",
        "en": "repeats row {other} (same {key})",
    },
    "review.approximate_target": {
        "vi": "chỉ tiêu ghi 'khoảng' (~) được lưu với dấu >=",
        "en": "a target given as 'about' (~) is stored with >=",
    },
    "check.numerator_over_denominator": {
        "vi": "tử số lớn hơn mẫu số",
        "en": "numerator above denominator",
    },
    "check.percent_over_100": {
        "vi": "tỷ lệ trên 100%",
        "en": "rate above 100%",
    },
    "check.decimal_point": {
        "vi": "số viết với dấu chấm thập phân; kiểm tra lại giá trị",
        "en": "written with a decimal point; check the value",
    },
    "check.no_period": {
        "vi": "chưa rõ kỳ số liệu",
        "en": "no period found",
    },
    "check.no_year": {
        "vi": "chưa rõ năm của chỉ tiêu",
        "en": "no target year found",
    },
    "check.new_indicator": {
        "vi": "chỉ tiêu mới, chưa có trong indicators.csv: kiểm tra tên và trụ cột",
        "en": "a new indicator, not in indicators.csv: check its name and pillar",
    },
    "check.no_rate_printed": {
        "vi": "bài viết không in tỷ lệ",
        "en": "no rate printed",
    },
    "check.no_indicator": {
        "vi": "chưa đoán được mã chỉ tiêu",
        "en": "no indicator guessed",
    },
    "finding.class.truncated": {
        "vi": "số công bố bị cắt bớt chữ số thay vì làm tròn",
        "en": "the reported rate was truncated rather than rounded",
    },
    "finding.class.inconsistent": {
        "vi": "số công bố không khớp với tử số/mẫu số",
        "en": "the reported rate does not match its numerator and denominator",
    },
    "finding.error": {
        "vi": "LỖI",
        "en": "ERROR",
    },
    "finding.warning": {
        "vi": "CẢNH BÁO",
        "en": "WARNING",
    },
    "date_format": {
        "vi": "%d/%m/%Y",
        "en": "%Y-%m-%d",
    },
    "report.unknown_locality": {
        "vi": "Không có địa phương mã '{locality_id}' trong data/localities.csv.{suggestion} Hãy sửa locality_id trong ô parameters.",
        "en": "There is no locality with the id '{locality_id}' in data/localities.csv.{suggestion} Correct locality_id in the parameters cell.",
    },
    "report.did_you_mean": {
        "vi": " Có phải: {ids}?",
        "en": " Did you mean: {ids}?",
    },
    "report.bad_period": {
        "vi": "Kỳ '{period}' không đúng cách viết. Hãy viết như 2023 (cả năm), 2022-M6 (6 tháng đầu năm 2022), 2022-01-01/2022-06-30, hoặc để trống (số liệu mới nhất).",
        "en": "The period '{period}' is not written as expected. Write it as 2023 (a year), 2022-M6 (the first six months of 2022), 2022-01-01/2022-06-30, or leave it empty (the latest figures).",
    },
    "report.bad_lang": {
        "vi": "Ngôn ngữ '{lang}' không có; hãy dùng {languages}.",
        "en": "There is no language '{lang}'; use {languages}.",
    },
    "report.no_figures": {
        "vi": "{name} không có số liệu nào cho kỳ {period}, kể cả của các đơn vị trực thuộc. Các kỳ có số liệu: {periods}.",
        "en": "{name} has no figures for {period}, nor have its units. Periods with figures: {periods}.",
    },
    "report.no_figures_at_all": {
        "vi": "{name} chưa có số liệu nào trong data/figures.csv, kể cả của các đơn vị trực thuộc; chưa có gì để báo cáo.",
        "en": "{name} has no figures in data/figures.csv, nor have its units; there is nothing to report.",
    },
    "report.not_made": {
        "vi": "Chưa có báo cáo: {error}",
        "en": "No report: {error}",
    },
    "report.outdated": {
        "vi": "Phần này đã cũ: báo cáo ở trên không lập được; hãy sửa rồi chạy lại cả sổ.",
        "en": "This section is out of date: the report above could not be made; fix it and run the whole notebook again.",
    },
    "batch.rendered": {
        "vi": "Đã lập",
        "en": "Rendered",
    },
    "batch.skipped": {
        "vi": "Bỏ qua (không đổi)",
        "en": "Skipped (unchanged)",
    },
    "batch.failed": {
        "vi": "Lỗi",
        "en": "Failed",
    },
    "batch.reports": {
        "vi": "số báo cáo",
        "en": "reports",
    },
    "batch.seconds": {
        "vi": "giây (tổng)",
        "en": "seconds (sum)",
    },
    "batch.wall": {
        "vi": "Thời gian chạy",
        "en": "Wall time",
    },
    "ingest.bad_suffix": {
        "vi": "{file}: cần đuôi .xlsx hoặc .csv",
        "en": "{file}: expected .xlsx or .csv",
    },
    "read.bad_suffix": {
        "vi": "{file}: cần một trong các đuôi {suffixes}",
        "en": "{file}: expected one of {suffixes}",
    },
    "read.not_found": {
        "vi": "{file}: không tìm thấy tệp",
        "en": "{file}: file not found",
    },
    "read.too_large": {
        "vi": "{file}: {size} byte; một báo cáo được đọc tối đa {limit} byte",
        "en": "{file}: {size} bytes; a report to read is at most {limit} bytes",
    },
    "read.no_text": {
        "vi": "{file}: không có chữ nào",
        "en": "{file}: no text found",
    },
    "read.no_text_pdf": {
        "vi": "{file}: không có chữ nào (PDF scan cần nhận dạng chữ OCR trước)",
        "en": "{file}: no text found (a scanned PDF needs OCR first)",
    },
    "read.binary": {
        "vi": "{file}: không phải tệp văn bản (có dữ liệu nhị phân)",
        "en": "{file}: not a text file (it holds binary data)",
    },
    "read.cp1258": {
        "vi": "{file}: không phải UTF-8, đã đọc theo bảng mã Windows-1258",
        "en": "{file}: not UTF-8, read as Windows-1258",
    },
    "read.control_characters": {
        "vi": "{file}: không phải tệp văn bản ({count} ký tự điều khiển); hãy lưu báo cáo dạng văn bản thuần (UTF-8), .docx hoặc .pdf",
        "en": "{file}: not a text file ({count} control characters); save the report as plain text (UTF-8), .docx or .pdf",
    },
    "read.bad_encoding": {
        "vi": "{file}: không phải văn bản {codec} hợp lệ tại byte {byte}",
        "en": "{file}: not valid {codec} text at byte {byte}",
    },
    "read.not_office": {
        "vi": "{file}: không phải tệp Office ({error})",
        "en": "{file}: not an Office file ({error})",
    },
    "read.unpacks_too_large": {
        "vi": "{file}: giải nén ra {size} byte; chỉ đọc tối đa {limit} byte",
        "en": "{file}: unpacks to {size} bytes; at most {limit} are read",
    },
    "read.compression_bomb": {
        "vi": "{file}: phần {part} giải nén ra {size} byte từ {packed} byte (nghi là bom nén); không đọc",
        "en": "{file}: its part {part} unpacks to {size} bytes from {packed} (a compression bomb?); it is not read",
    },
    "read.needs_package": {
        "vi": "{file}: cần gói {package} để đọc (pip install {package})",
        "en": "{file}: reading it needs {package} (pip install {package})",
    },
    "read.not_docx": {
        "vi": "{file}: không mở được như tệp .docx ({error})",
        "en": "{file}: cannot be opened as .docx ({error})",
    },
    "read.not_pdf": {
        "vi": "{file}: không đọc được như tệp .pdf ({error})",
        "en": "{file}: cannot be read as .pdf ({error})",
    },
    "ingest.data_errors": {
        "vi": "Dữ liệu trong data/ có lỗi:",
        "en": "The data folder has errors:",
    },
    "ingest.nothing_written": {
        "vi": "Không ghi tệp đề xuất.",
        "en": "No review file written.",
    },
    "ingest.proposed": {
        "vi": "{count} số liệu đề xuất từ {files} tệp → {out} ({targets} chỉ tiêu; {flagged} tỷ lệ cắt bớt/không khớp tử số, mẫu số; {unknown} chưa đoán được mã chỉ tiêu; {new} chỉ tiêu mới đề xuất). Đánh dấu cột accept rồi chạy cds ingest --accept {name}.",
        "en": "{count} proposed figures from {files} files → {out} ({targets} targets; {flagged} rates truncated/inconsistent with their fraction; {unknown} without an indicator guess; {new} new indicators proposed). Mark the accept column, then run cds ingest --accept {name}.",
    },
    "ingest.not_merged": {
        "vi": "Không nhập được; data/ không thay đổi:",
        "en": "Not merged; data/ is unchanged:",
    },
    "ingest.merged": {
        "vi": "Đã nhập: figures.csv {added} dòng mới, {replaced} dòng thay thế; targets.csv {targets_added} dòng mới, {targets_replaced} dòng thay thế. {rejected} dòng không chấp nhận và {unreviewed} dòng chưa xem xét vẫn nằm trong {name}.",
        "en": "Merged: figures.csv {added} new, {replaced} replaced; targets.csv {targets_added} new, {targets_replaced} replaced. {rejected} rejected and {unreviewed} unreviewed rows stay in {name}.",
    },
    "ingest.indicators_added": {
        "vi": "indicators.csv: thêm {count} chỉ tiêu mới ({ids}); hãy dịch tên tiếng Anh (name_en) và bổ sung tử số, mẫu số.",
        "en": "indicators.csv: {count} new indicators added ({ids}); translate their English names (name_en) and add numerator and denominator.",
    },
    "review.new_indicator_conflict": {
        "vi": "chỉ tiêu mới {indicator_id} đã được đề xuất ở dòng {other} với tên hoặc đơn vị khác",
        "en": "the new indicator {indicator_id} is proposed on row {other} with another name or unit",
    },
    "review.new_indicator_unit": {
        "vi": "chỉ tiêu mới cần đơn vị percent, count, index hoặc points (dòng này: '{value}')",
        "en": "a new indicator needs the unit percent, count, index or points (this row: '{value}')",
    },
    "review.bad_pillar": {
        "vi": "giá trị '{value}': cần một trong {allowed}",
        "en": "value '{value}': expected one of {allowed}",
    },
    "review.value": {
        "vi": "giá trị '{value}'",
        "en": "value '{value}'",
    },
}


def label(key: str, lang: str = "vi", /, **fields: object) -> str:
    """The label ``key`` in ``lang``, with ``fields`` filled in (a field may be named ``lang``).

    Raises
    ------
    KeyError
        When the key or the language has no text: a missing translation is a bug, caught by tests.
    """
    text = LABELS[key][lang]
    return text.format(**fields) if fields else text


def message(code: str, lang: str = "vi", /, **fields: object) -> str:
    """The data-problem message ``code`` in ``lang``, filled with ``fields``."""
    return MESSAGES[code][lang].format(**fields)


def text(key: str, lang: str = "vi", /, **fields: object) -> str:
    """The sentence ``key`` of :data:`TEXTS` in ``lang``, filled with ``fields``."""
    return TEXTS[key][lang].format(**fields)


# Collection rounds (data/rounds.csv, data/submissions.csv, `cds round`, forms of a round).
MESSAGES.update(
    {
        "round_without_scope": {
            "vi": "đợt thu thập cần một đơn vị cấp trên (parent_id) hoặc một cấp (level: cả nước)",
            "en": "a round needs a parent unit (parent_id) or a level (level: the whole country)",
        },
        "round_unit_not_under_parent": {
            "vi": "đơn vị này không trực thuộc {parent}",
            "en": "this unit is not under {parent}",
        },
        "round_expects_nobody": {
            "vi": "không có đơn vị nào trực thuộc còn tồn tại trong kỳ {period}; hãy ghi cột level hoặc units",
            "en": "no unit under it exists in the period {period}; give the level or units column",
        },
        "submission_not_expected": {
            "vi": "đơn vị này không thuộc danh sách phải nộp của đợt {round}",
            "en": "this unit is not expected to answer round {round}",
        },
    }
)

LABELS.update(
    {
        "round.section": {"vi": "Thu thập số liệu từ các đơn vị", "en": "Collecting figures from the units"},
        "round.round": {"vi": "Đợt", "en": "Round"},
        "round.due": {"vi": "Hạn nộp", "en": "Due"},
        "round.expected": {"vi": "Phải nộp", "en": "Expected"},
        "round.reported": {"vi": "Đã nộp", "en": "Reported"},
        "round.on_time": {"vi": "Đúng hạn", "en": "On time"},
        "round.late": {"vi": "Muộn", "en": "Late"},
        "round.refused": {"vi": "Bị trả lại", "en": "Returned"},
        "round.missing": {"vi": "Chưa nộp", "en": "Missing"},
        "round.pending": {"vi": "Chưa đến hạn", "en": "Not yet due"},
        "round.completeness": {"vi": "Tỷ lệ nộp", "en": "Completeness"},
        "round.figures_missing": {"vi": "Số liệu còn thiếu", "en": "Figures missing"},
        "round.parent": {"vi": "Đơn vị cấp trên", "en": "Parent unit"},
        "round.whole_country": {"vi": "Cả nước", "en": "Whole country"},
        "round.total": {"vi": "Tổng", "en": "Total"},
        "round.unit": {"vi": "Đơn vị", "en": "Unit"},
        "round.status": {"vi": "Tình trạng", "en": "Status"},
        "round.received": {"vi": "Ngày nhận", "en": "Received"},
        "round.days_late": {"vi": "Số ngày chậm", "en": "Days late"},
        "round.what_missing": {"vi": "Còn thiếu", "en": "What is missing"},
        "round.as_of": {"vi": "Tính đến ngày {day}", "en": "As of {day}"},
        "round.heading": {
            "vi": "Đợt {round}: {parent}, {period}, hạn nộp {due}. {as_of}.",
            "en": "Round {round}: {parent}, {period}, due {due}. {as_of}.",
        },
        "round.sentence": {
            "vi": "{reported}/{expected} đơn vị đã nộp ({rate}): {on_time} đúng hạn, {late} muộn; {refused} biểu mẫu bị trả lại, {missing} đơn vị chưa nộp.",
            "en": "{reported} of {expected} units reported ({rate}): {on_time} on time, {late} late; {refused} forms returned, {missing} units missing.",
        },
        "round.index_column": {"vi": "Nộp báo cáo", "en": "Reporting"},
        "round.nothing_to_chase": {"vi": "Không còn đơn vị nào phải nhắc.", "en": "No unit left to remind."},
    }
)

TEXTS.update(
    {
        "round.opened": {
            "vi": "Đã mở đợt {round}: {parent}, kỳ {period}, hạn nộp {due}, {count} đơn vị phải nộp.",
            "en": "Opened round {round}: {parent}, period {period}, due {due}, {count} units expected.",
        },
        "round.exists": {
            "vi": "Đợt {round} đã có trong rounds.csv; dùng --id để đặt mã khác.",
            "en": "Round {round} is already in rounds.csv; use --id to give another id.",
        },
        "round.unknown": {
            "vi": "Không có đợt '{round}' trong rounds.csv; các đợt hiện có: {known}",
            "en": "No round '{round}' in rounds.csv; rounds known: {known}",
        },
        "round.not_changed": {
            "vi": "Không mở được đợt thu thập; data/ không thay đổi:",
            "en": "The round was not opened; data/ is unchanged:",
        },
        "round.forms_written": {
            "vi": "Đã ghi {count} biểu mẫu vào {folder} ({seconds} giây).",
            "en": "Wrote {count} forms into {folder} ({seconds} s).",
        },
        "round.form_round": {"vi": "Đợt thu thập (round)", "en": "Collection round"},
        "round.form_due": {"vi": "Hạn nộp", "en": "Due date"},
        "round.form_previous": {"vi": "Số liệu kỳ trước (tham khảo)", "en": "Last period's figure (for reference)"},
        "round.form_guide": {
            "vi": "Biểu mẫu này thuộc đợt thu thập ghi ở ô {round_cell}, hạn nộp ở ô {due_cell}. Cột J ghi số liệu kỳ trước của đơn vị để đối chiếu; không sửa cột đó. Gửi lại tệp này (không đổi tên trang) trước hạn nộp.",
            "en": "This form belongs to the round in cell {round_cell}, due on the date in cell {due_cell}. Column J shows the unit's last figures for reference; do not edit it. Send this file back (sheets not renamed) before the due date.",
        },
        "round.locked_edited": {
            "vi": "ô bị khoá đã bị sửa: '{found}' thay vì '{expected}'; hãy dùng lại biểu mẫu gốc",
            "en": "a locked cell was edited: '{found}' instead of '{expected}'; use the original form",
        },
        "round.sheets_renamed": {
            "vi": "các trang của biểu mẫu là {found}, cần {expected}; không đổi tên, thêm hay xoá trang",
            "en": "the form's sheets are {found}, expected {expected}; do not rename, add or remove sheets",
        },
        "round.sheets_reordered": {
            "vi": "thứ tự các trang đã bị đổi: {found}, cần {expected}",
            "en": "the sheets were reordered: {found}, expected {expected}",
        },
        "round.wrong_round": {
            "vi": "biểu mẫu thuộc đợt {found}, không phải đợt {expected}",
            "en": "the form belongs to round {found}, not to round {expected}",
        },
        "round.no_round": {
            "vi": "biểu mẫu không thuộc đợt thu thập nào (không phải biểu mẫu của đợt {expected})",
            "en": "the form belongs to no collection round (it is not a form of round {expected})",
        },
        "round.empty_forms": {
            "vi": "{count} tệp chưa điền số liệu nào, không tính là đã nộp: {files}",
            "en": "{count} files hold no figures and do not count as received: {files}",
        },
        "round.wrong_period": {
            "vi": "kỳ báo cáo của biểu mẫu là {found}, đợt {round} thu thập kỳ {expected}",
            "en": "the form's period is {found}; round {round} collects {expected}",
        },
        "round.not_expected": {
            "vi": "đơn vị {unit} không thuộc danh sách phải nộp của đợt {round}",
            "en": "unit {unit} is not expected to answer round {round}",
        },
        "round.duplicate": {
            "vi": "{unit}: có {count} biểu mẫu ({files}); dùng {winner} (nhận sau cùng, {received}), bỏ qua các tệp còn lại",
            "en": "{unit}: {count} forms ({files}); {winner} is used (received last, {received}), the others are set aside",
        },
        "round.superseded": {
            "vi": "Tệp {file}: bỏ qua, đã có biểu mẫu nhận sau của cùng đơn vị ({winner})",
            "en": "File {file}: set aside, a later form of the same unit is used ({winner})",
        },
        "round.no_forms": {
            "vi": "Không tìm thấy tệp .xlsx nào trong {paths}",
            "en": "No .xlsx file found in {paths}",
        },
        "round.data_unreadable": {
            "vi": "Thư mục dữ liệu có lỗi; hãy sửa trước khi nhập biểu mẫu:",
            "en": "The data folder has errors; fix them before importing forms:",
        },
        "round.import_summary": {
            "vi": "{files} tệp: {merged} biểu mẫu đã nhập ({added} số liệu mới, {replaced} thay, {unchanged} không đổi), {refused} biểu mẫu bị trả lại, {superseded} tệp bị bỏ qua.",
            "en": "{files} files: {merged} forms merged ({added} figures new, {replaced} replaced, {unchanged} unchanged), {refused} forms refused, {superseded} files set aside.",
        },
        "round.refused_header": {
            "vi": "Biểu mẫu bị trả lại (không nhập số liệu nào của các tệp này):",
            "en": "Forms refused (nothing of these files was merged):",
        },
        "round.nothing_written": {
            "vi": "Không nhập được; data/ không thay đổi:",
            "en": "Nothing was merged; data/ is unchanged:",
        },
        "round.remind_header": {
            "vi": "Kính gửi các đơn vị: đợt thu thập số liệu chuyển đổi số {period} của {parent} (hạn nộp {due}). Đến ngày {today}, các đơn vị sau cần hoàn thành:",
            "en": "To the units: the digital-transformation collection for {period} of {parent} (due {due}). As of {today}, the following units still need to act:",
        },
        "round.remind_missing": {
            "vi": "{unit}: chưa nộp biểu mẫu{late}.",
            "en": "{unit}: form not sent{late}.",
        },
        "round.remind_refused": {
            "vi": "{unit}: biểu mẫu gửi ngày {received} bị trả lại ({problem}); đề nghị sửa và gửi lại{late}.",
            "en": "{unit}: the form sent on {received} was returned ({problem}); please correct and resend{late}.",
        },
        "round.remind_incomplete": {
            "vi": "{unit}: đã nộp nhưng còn thiếu {count} chỉ số: {names}.",
            "en": "{unit}: sent, but {count} indicators are missing: {names}.",
        },
        "round.remind_days_late": {"vi": ", chậm {days} ngày", "en": ", {days} days late"},
        "round.remind_footer": {
            "vi": "Đề nghị các đơn vị gửi biểu mẫu Excel đã điền về đầu mối trước khi tổng hợp. Trân trọng.",
            "en": "Please send the filled Excel forms back before the figures are compiled. Thank you.",
        },
        "round.export_done": {
            "vi": "Đã ghi {rows} đơn vị của đợt {round} vào {path}",
            "en": "Wrote {rows} units of round {round} to {path}",
        },
    }
)

# The figures not yet due that a series shows on track or behind (index, units, overview).
TEXTS.update(
    {
        "pace.of_which": {"vi": "trong đó {items}", "en": "of which {items}"},
        "pace.on_track": {"vi": "{mark} {n} đúng tiến độ", "en": "{mark} {n} on track"},
        "pace.behind": {"vi": "{mark} {n} chậm tiến độ", "en": "{mark} {n} behind"},
    }
)

# The Excel form of `cds template` (helpers/intake/forms.py): the words written into its cells.
TEXTS.update(
    {
        "form.title": {
            "vi": "Biểu mẫu nhập số liệu chuyển đổi số",
            "en": "Form for entering digital-transformation figures",
        },
        "form.locality_id": {"vi": "Mã địa phương (locality_id)", "en": "Locality id (locality_id)"},
        "form.locality_name": {"vi": "Tên địa phương", "en": "Locality name"},
        "form.period": {"vi": "Kỳ báo cáo (period)", "en": "Reporting period (period)"},
        "form.period_label": {"vi": "Diễn giải kỳ báo cáo", "en": "The period in words"},
        "form.how_to_fill": {"vi": "Cách điền", "en": "How to fill in the form"},
        "form.guide.sheets": {
            "vi": "Mỗi trang (sheet) là một trụ cột; mỗi dòng là một chỉ tiêu. Chỉ nhập vào các cột D–I (ô trắng); cột A–C, dòng tiêu đề và ô màu xám bị khoá.",
            "en": "Each sheet is a pillar; each row is an indicator. Type only into columns D–I (white cells); columns A–C, the header row and grey cells are locked.",
        },
        "form.guide.fraction": {
            "vi": "Tử số (D) và mẫu số (E): số nguyên không âm, chỉ dùng cho chỉ tiêu đơn vị phần trăm; nhập cả hai hoặc bỏ trống cả hai; tử số không được lớn hơn mẫu số.",
            "en": "Numerator (D) and denominator (E): whole numbers of zero or more, for percent indicators only; give both or neither; the numerator may not exceed the denominator.",
        },
        "form.guide.value": {
            "vi": "Giá trị (F): số như nguồn công bố. Chỉ tiêu phần trăm: từ 0 đến 100, không gõ dấu % (99,82% ghi 99,82). Chỉ tiêu số đếm: số nguyên. Có thể bỏ trống nếu đã có tử số và mẫu số.",
            "en": "Value (F): the number as the source publishes it. Percent indicators: from 0 to 100, without the % sign (99.82% is typed 99.82). Count indicators: a whole number. May be left empty when numerator and denominator are given.",
        },
        "form.guide.numbers": {
            "vi": "Chỉ nhập số thuần: không có dấu ngăn cách hàng nghìn (18592, không ghi 18.592), không kèm đơn vị hay chữ. Dấu thập phân theo cài đặt Excel của máy. Ô phải là số (Excel căn phải), không phải văn bản; ô văn bản trong cột số sẽ bị báo lỗi khi nhập.",
            "en": "Type bare numbers: no thousands separators (18592, not 18,592), no unit or words. The decimal mark follows the computer's Excel settings. A cell must be a number (Excel aligns it right), not text; a text cell in a number column is reported on import.",
        },
        "form.guide.source": {
            "vi": "Mã nguồn (G): bắt buộc khi có số liệu; phải có trong data/sources.csv (danh sách bên dưới). Nguồn mới: đặt mã mới bằng chữ thường không dấu, chữ số và dấu '-' (ví dụ bao-cao-so-2024), thêm dòng của nguồn đó vào data/sources.csv trước, rồi mới nhập biểu mẫu.",
            "en": "Source id (G): required with any figure; it must be in data/sources.csv (listed below). A new source: give it an id of lower-case ASCII letters, digits and '-' (such as bao-cao-so-2024), add its row to data/sources.csv first, then import the form.",
        },
        "form.guide.locator": {
            "vi": "Vị trí trong nguồn (H): bắt buộc, ví dụ ¶3 là đoạn thứ 3 (tính cả tiêu đề). Ghi chú (I): tuỳ chọn.",
            "en": "Where in the source (H): required, such as ¶3 for the third paragraph (the title counts). Note (I): optional.",
        },
        "form.guide.skip": {
            "vi": "Muốn bỏ qua một chỉ tiêu thì để trống cả dòng (D, E, F và G). Xoá trắng một dòng đã có số liệu không xoá số liệu cũ trong figures.csv.",
            "en": "To skip an indicator, leave its whole row empty (D, E, F and G). Clearing a row that had figures does not delete the old figure from figures.csv.",
        },
        "form.guide.prefilled": {
            "vi": "Số liệu đã có của địa phương trong kỳ này được điền sẵn. Khi nhập, dòng có cùng địa phương, chỉ tiêu và kỳ sẽ thay dòng cũ. Biểu mẫu không có cột qualifier (trên/dưới/khoảng): xem chú thích ở ô giá trị; dấu đó được giữ nếu số liệu không đổi.",
            "en": "The locality's figures for this period are filled in already. On import, a row of the same locality, indicator and period replaces the old one. The form has no qualifier column (above/below/about): see the value cell's comment; the qualifier is kept while the figure stays the same.",
        },
        "form.guide.cells": {
            "vi": "Chương trình nhập đọc mã địa phương ở ô {locality_cell} và kỳ báo cáo ở ô {period_cell} của trang này; không sửa các ô đó. Không thêm, xoá hay đổi tên trang và cột.",
            "en": "The import reads the locality id from cell {locality_cell} and the period from cell {period_cell} of this sheet; do not edit them. Do not add, remove or rename sheets and columns.",
        },
        "form.sources": {"vi": "Các nguồn trong sources.csv", "en": "The sources in sources.csv"},
        "form.source_name": {"vi": "Tên tài liệu", "en": "Document title"},
        "form.column.indicator_id": {"vi": "Mã chỉ tiêu (indicator_id)", "en": "Indicator id (indicator_id)"},
        "form.column.name_vi": {"vi": "Tên chỉ tiêu", "en": "Indicator name"},
        "form.column.unit": {"vi": "Đơn vị", "en": "Unit"},
        "form.column.numerator": {"vi": "Tử số (numerator)", "en": "Numerator (numerator)"},
        "form.column.denominator": {"vi": "Mẫu số (denominator)", "en": "Denominator (denominator)"},
        "form.column.value": {"vi": "Giá trị (value)", "en": "Value (value)"},
        "form.column.source_id": {"vi": "Mã nguồn (source_id)", "en": "Source id (source_id)"},
        "form.column.locator": {"vi": "Vị trí trong nguồn (locator)", "en": "Where in the source (locator)"},
        "form.column.note": {"vi": "Ghi chú (note)", "en": "Note (note)"},
        "form.whole_title": {"vi": "Tử số, mẫu số, số đếm", "en": "Numerator, denominator, count"},
        "form.whole_prompt": {
            "vi": "Cần một số nguyên không âm, không có dấu ngăn cách hàng nghìn.",
            "en": "Expected a whole number of zero or more, without thousands separators.",
        },
        "form.rate_title": {"vi": "Tỷ lệ phần trăm", "en": "Percentage"},
        "form.rate_prompt": {
            "vi": "Cần một số từ 0 đến 100, không gõ dấu %.",
            "en": "Expected a number from 0 to 100, without the % sign.",
        },
        "form.source_title": {"vi": "Mã nguồn", "en": "Source id"},
        "form.source_prompt": {
            "vi": "Mã nguồn này chưa có trong sources.csv; hãy thêm nguồn vào data/sources.csv trước khi nhập biểu mẫu.",
            "en": "This source id is not in sources.csv yet; add the source to data/sources.csv before importing the form.",
        },
        "form.qualifier_kept": {
            "vi": "Số liệu hiện có mang dấu '{qualifier}' (trên/dưới/khoảng). Dấu này được giữ nếu tử số, mẫu số và giá trị không đổi.",
            "en": "The figure on file carries the qualifier '{qualifier}' (above/below/about). It is kept while numerator, denominator and value stay the same.",
        },
        "form.unit.percent": {"vi": "phần trăm", "en": "percent"},
        "form.unit.count": {"vi": "số đếm", "en": "count"},
        "form.unit.index": {"vi": "chỉ số (0–1)", "en": "index (0–1)"},
        "form.unit.points": {"vi": "điểm", "en": "points"},
        "form.index_title": {"vi": "Chỉ số (0–1)", "en": "Index (0–1)"},
        "form.index_prompt": {
            "vi": "Cần một số từ 0 đến 1 (ví dụ 0,727), như nguồn công bố.",
            "en": "Expected a number from 0 to 1 (such as 0.727), as the source publishes it.",
        },
        "form.points_title": {"vi": "Điểm", "en": "Points"},
        "form.points_prompt": {
            "vi": "Cần một số điểm không âm (ví dụ 65,06), như nguồn công bố.",
            "en": "Expected a score of zero or more (such as 65.06), as the source publishes it.",
        },
    }
)

# The review file of `cds ingest` (helpers/intake/review.py): what each column holds, its guide.
TEXTS.update(
    {
        "review.about.accept": {
            "vi": "có / không: đưa dòng này vào data/",
            "en": "yes / no: merge this row into data/",
        },
        "review.about.kind": {
            "vi": "achievement (kết quả tỷ lệ), count (số đếm) hoặc target (chỉ tiêu)",
            "en": "achievement (a rate), count, or target",
        },
        "review.about.indicator_id": {
            "vi": "mã chỉ tiêu trong indicators.csv",
            "en": "indicator id from indicators.csv",
        },
        "review.about.locality_id": {
            "vi": "mã địa phương trong localities.csv",
            "en": "locality id from localities.csv",
        },
        "review.about.period": {
            "vi": "kỳ số liệu (2023, 2022-M6, 2022-01-01/..); với chỉ tiêu: năm",
            "en": "period (2023, 2022-M6, 2022-01-01/..); for a target: its year",
        },
        "review.about.value": {"vi": "giá trị như bài viết (99,82% ghi 99,82)", "en": "the value as printed"},
        "review.about.numerator": {"vi": "tử số (số nguyên)", "en": "numerator (whole number)"},
        "review.about.denominator": {"vi": "mẫu số (số nguyên)", "en": "denominator (whole number)"},
        "review.about.qualifier": {
            "vi": "> trên/hơn, >= tối thiểu/trở lên, < dưới/chưa đạt, <=, ~ khoảng/gần",
            "en": "> above, >= at least, < below, <= at most, ~ about",
        },
        "review.about.source_id": {"vi": "mã nguồn trong sources.csv", "en": "source id from sources.csv"},
        "review.about.locator": {"vi": "vị trí: ¶N là đoạn thứ N", "en": "where: ¶N is the N-th paragraph"},
        "review.about.note": {"vi": "ghi chú (tuỳ chọn)", "en": "note (optional)"},
        "review.about.new_indicator": {
            "vi": "tên chỉ tiêu mới, khi indicator_id chưa có trong indicators.csv: chấp nhận dòng sẽ thêm chỉ tiêu này",
            "en": "name of a new indicator, when indicator_id is not in indicators.csv: accepting the row adds it",
        },
        "review.about.new_pillar": {"vi": "trụ cột của chỉ tiêu mới", "en": "pillar of the new indicator"},
        "review.about.printed": {"vi": "số như được in", "en": "the figure as printed"},
        "review.about.excerpt": {"vi": "trích đoạn quanh số liệu", "en": "excerpt around the figure"},
        "review.about.check": {
            "vi": "kiểm tra: tỷ lệ cắt bớt / không khớp, thiếu kỳ, thiếu chỉ tiêu",
            "en": "checks: truncated / inconsistent rate, missing period or indicator",
        },
        "review.about.confidence": {
            "vi": "độ tin cậy của mã chỉ tiêu đề xuất (0–1)",
            "en": "confidence of the indicator (0–1)",
        },
        "review.about.matched": {"vi": "các từ khớp với chỉ tiêu", "en": "words that matched the indicator"},
        "review.about.candidates": {"vi": "các chỉ tiêu khác có thể", "en": "other possible indicators"},
        "review.about.unit": {"vi": "đơn vị", "en": "unit"},
        "review.about.measure": {"vi": "danh từ sau số", "en": "noun after the number"},
        "review.about.file": {"vi": "tệp nguồn", "en": "source file"},
        "review.about.char_start": {"vi": "vị trí ký tự bắt đầu", "en": "character offset, start"},
        "review.about.char_end": {"vi": "vị trí ký tự kết thúc", "en": "character offset, end"},
        "review.guide.rows": {
            "vi": "Mỗi dòng ở trang '{sheet}' là một số liệu chương trình tìm thấy trong bài viết; hãy đối chiếu với cột excerpt.",
            "en": "Each row of sheet '{sheet}' is a figure found in the article; compare it with the excerpt column.",
        },
        "review.guide.accept": {
            "vi": "Cột accept: ghi 'có' để đưa dòng vào data/, 'không' để bỏ. Dòng để trống được coi là chưa xem xét.",
            "en": "Column accept: 'yes' merges the row into data/, 'no' drops it. An empty cell means not reviewed yet.",
        },
        "review.guide.editable": {
            "vi": "Có thể sửa các cột accept … note (nền trắng). Các cột còn lại chỉ để tham khảo.",
            "en": "Columns accept … note (white) may be edited; the others are for reference.",
        },
        "review.guide.kind": {
            "vi": "kind = target: dòng được ghi vào targets.csv, cột period là năm của chỉ tiêu; achievement/count: ghi vào figures.csv.",
            "en": "kind = target goes to targets.csv with period holding the target's year; achievement/count go to figures.csv.",
        },
        "review.guide.check": {
            "vi": "Cột check nêu các điểm cần xem: tỷ lệ công bố bị cắt bớt hoặc không khớp tử số/mẫu số, thiếu kỳ, thiếu mã chỉ tiêu.",
            "en": "Column check lists what to look at: a rate truncated or inconsistent with its fraction, no period, no indicator.",
        },
        "review.guide.merge": {
            "vi": "Nhập: cds ingest --accept <tệp này>. Nếu có lỗi, không tệp nào trong data/ thay đổi và lỗi nêu số dòng của trang này.",
            "en": "Merge with: cds ingest --accept <this file>. On any error no file of data/ changes, and errors name this sheet's rows.",
        },
    }
)

# The command line's own sentences (`cds …`): what it says around the work the modules do, and its
# usage errors (after argparse's "cds: error:"), in the command's --lang. argparse's own words
# (usage:, error:, --help and the options' help) stay English, as argparse writes them.
TEXTS.update(
    {
        "cli.data_errors": {
            "vi": "Dữ liệu có {count} lỗi; chưa lập báo cáo nào:",
            "en": "The data has {count} problem(s); nothing was rendered:",
        },
        "cli.all_current": {
            "vi": "Dữ liệu, mã và sổ không đổi một byte nào so với lần chạy thành công trước với cùng tham số: mọi báo cáo đều đã mới, không cần đọc lại dữ liệu (--force để lập lại).",
            "en": "Data, code and notebooks are byte for byte those of the last good run with the same arguments: every report is current, without reading the data again (--force renders them again).",
        },
        "cli.rule_errors": {
            "vi": "Dữ liệu vi phạm quy tắc kiểm tra; chưa lập báo cáo nào:",
            "en": "The data breaks validation rules; nothing was rendered:",
        },
        "cli.summary_header": {
            "vi": "Địa phương|Số liệu|Lỗi|Cảnh báo",
            "en": "Locality|Figures|Errors|Warnings",
        },
        "cli.summary_total": {
            "vi": "{errors} lỗi, {warnings} cảnh báo.",
            "en": "{errors} error(s), {warnings} warning(s).",
        },
        "cli.not_imported": {
            "vi": "Không nhập được; data/ không thay đổi:",
            "en": "Not imported; data/ is unchanged:",
        },
        "cli.index": {"vi": "mục lục: {page}", "en": "index: {page}"},
        "cli.interrupted": {"vi": "đã dừng giữa chừng", "en": "interrupted"},
        "cli.crashed": {
            "vi": "cds: {kind}: {error} (đặt CDS_DEBUG=1 để xem traceback)",
            "en": "cds: {kind}: {error} (set CDS_DEBUG=1 to see the traceback)",
        },
        "cli.not_among": {
            "vi": "{option} phải là một trong {allowed}; nhận được {value}",
            "en": "{option} must be among {allowed}; got {value}",
        },
        "cli.workers": {"vi": "--workers phải từ 1 trở lên", "en": "--workers must be 1 or more"},
        "cli.bad_period": {
            "vi": "{option}: {value} không phải là một kỳ; cần {expected}",
            "en": "{option}: not a period: {value}; expected {expected}",
        },
        "cli.bad_date": {
            "vi": "{option} phải là một ngày YYYY-MM-DD; nhận được {value}",
            "en": "{option} must be a date YYYY-MM-DD; got {value}",
        },
        "cli.unknown_locality": {"vi": "không có địa phương: {ids}", "en": "unknown locality: {ids}"},
        "cli.unknown_locality_known": {
            "vi": "không có địa phương: {ids}; các địa phương có số liệu: {known}",
            "en": "unknown locality: {ids}; known: {known}",
        },
        "cli.unknown_indicators": {"vi": "không có chỉ số: {ids}", "en": "unknown indicator(s): {ids}"},
        "cli.round_scope": {
            "vi": "round open cần --parent, hoặc --level cho cả nước",
            "en": "round open needs --parent, or --level for the whole country",
        },
        "cli.column_pair": {
            "vi": "--indicator cần dạng COLUMN=INDICATOR_ID; nhận được {value}",
            "en": "--indicator takes COLUMN=INDICATOR_ID; got {value}",
        },
        "cli.column_twice": {
            "vi": "--indicator đưa cột '{column}' hai lần ({first}, {second}); mỗi cột chỉ ứng với một chỉ tiêu",
            "en": "--indicator gives column '{column}' twice ({first}, {second}); a column holds one indicator",
        },
        "cli.indicator_twice": {
            "vi": "--indicator đưa chỉ tiêu '{indicator}' cho hai cột ('{first}', '{second}'); mỗi dòng chỉ có một số liệu của một chỉ tiêu",
            "en": "--indicator gives indicator '{indicator}' to two columns ('{first}', '{second}'); a row holds one figure of an indicator",
        },
        "cli.table_file": {
            "vi": "cần một bảng .csv hoặc .xlsx có sẵn; nhận được {value}",
            "en": "expected an existing .csv or .xlsx table; got {value}",
        },
        "cli.export_suffix": {
            "vi": "--out phải có đuôi {suffixes}; nhận được {value}",
            "en": "--out must end in {suffixes}; got {value}",
        },
        "cli.or": {"vi": " hoặc ", "en": " or "},
        "cli.ingest_usage": {
            "vi": "ingest cần các tệp báo cáo cùng --out, hoặc --accept REVIEW",
            "en": "ingest takes report files with --out, or --accept REVIEW",
        },
        "cli.ingest_needs_out": {
            "vi": "ingest cần --out review.xlsx (hoặc .csv)",
            "en": "ingest needs --out review.xlsx (or .csv)",
        },
        "cli.bad_notebook": {"vi": "--notebook {path}: {problem}", "en": "--notebook {path}: {problem}"},
        "render.notebook_unreadable": {
            "vi": "không đọc được như một notebook ({error})",
            "en": "cannot be read as a notebook ({error})",
        },
        "render.notebook_without_parameters": {
            "vi": "không có ô nào gắn thẻ 'parameters' đặt locality_id; hãy sao chép notebooks/locality_report.ipynb",
            "en": "no cell tagged 'parameters' with locality_id; copy notebooks/locality_report.ipynb",
        },
    }
)

# What a render run says of one report beside its result (helpers/engine.py).
TEXTS.update(
    {
        "engine.kernel_not_started": {
            "vi": "một kernel không khởi động được ({error}); báo cáo đã được lập bằng kernel thứ hai",
            "en": "a kernel did not start ({error}); a second one ran the report",
        },
        "engine.kernel_died": {
            "vi": "kernel đã dừng đột ngột và được thay; báo cáo đã được lập lại",
            "en": "the kernel died and was replaced; the report was run again",
        },
        "engine.failed_notebook_not_kept": {
            "vi": "không giữ được {file}: {error}",
            "en": "{file} not kept: {error}",
        },
    }
)

# Why `cds synth` cannot write a synthetic data folder (helpers/synth.py).
TEXTS.update(
    {
        "synth.not_a_province": {
            "vi": "--province: '{province}' không phải một tỉnh, thành phố hiện có trong danh mục",
            "en": "--province: '{province}' is not a current province of the registry",
        },
        "synth.real_data": {
            "vi": "{out} là một thư mục dữ liệu thật; dữ liệu giả lập phải ghi vào nơi khác",
            "en": "{out} is a real data folder; synthetic data goes elsewhere",
        },
        "synth.too_few": {
            "vi": "--localities phải từ 1 trở lên",
            "en": "--localities must be 1 or more",
        },
        "synth.localities_needed": {
            "vi": "cần --localities N (--province chỉ dùng cùng --registry)",
            "en": "--localities N is needed (--province goes with --registry)",
        },
    }
)

# The workbook's languages, the first the default, and the locale each writes its numbers in.
LANGUAGES = ("vi", "en")
LOCALES = {"vi": "vi_VN", "en": "en_US"}


def language_or_default(lang: object) -> str:
    """``lang`` when the workbook speaks it, else its default language (the first of
    :data:`LANGUAGES`): the language to say something in when the one asked for may be wrong."""
    return lang if lang in LANGUAGES else LANGUAGES[0]


def check_language(lang: str, error: type[Exception] = ValueError) -> str:
    """``lang``, when the workbook speaks it.

    Raises
    ------
    error
        Any other ``lang`` (:class:`ValueError` unless the caller names its own error class): the
        message, in the default language (the one asked for is not spoken), names every language
        of :data:`LANGUAGES` ("vi (Tiếng Việt) hoặc en (Tiếng Anh)").
    """
    if lang not in LANGUAGES:
        shown = LANGUAGES[0]
        named = [f"{code} ({label(f'lang.{code}', shown)})" for code in LANGUAGES]
        *rest, last = named
        languages = text("cli.or", shown).join([", ".join(rest), last]) if rest else last
        raise error(text("report.bad_lang", shown, lang=lang, languages=languages))
    return lang
