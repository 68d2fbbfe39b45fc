"""Comparison across localities: the ``overview.ipynb`` report.

What is compared
----------------
Each locality's latest figure of each indicator, as in its own report.

- The **heatmap** shows each rate's margin to the target that applies to *that* locality
  (points, positive = better than the target). Each cell is measured against its own
  target, so every locality with a rate and a target appears, whatever its period. Counts
  are left out: they have no common scale.
- **Rankings** put localities in order only where the figures are alike: the same indicator,
  the same year and the same length of period from 1 January (a full year, or the same number
  of months). A period that does not start on 1 January, or runs "to date", is not ranked.
  A figure given as "above", "at least" or "about" a value is not ranked either, as its place
  in the order is not known. Ties share a rank (1, 1, 3).
- **Targets met per pillar** counts, for each locality, its figures that meet their target
  among those that have one.

What was left out of the rankings and the heatmap is listed with the reason.

At national scale
-----------------
Up to ``DETAIL_UNITS`` units with figures, every unit is shown as above. Beyond that (a national
data folder has 3,321 communes), the report is **grouped by province** so that it stays a few
pages and a few seconds: one row per province with how many of its units reported, its figures
and their statuses, and the pillar counts per province; the heatmap, rankings and the list of
what was left out cover the provinces' own figures. Each unit's figures and its standing among
the province's units are in the province's report (linked from its row) and in ``cds export``.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from ..compute import all_localities_table, describe, select_period, shortfall
from ..formatting import format_comparison, format_date, format_number, format_qualified, format_value
from ..i18n import check_language, label
from ..load import Workbook, load_workbook_once
from ..periods import parse_period
from ..remap import on_map
from ..rollup import provinces_of, reporting_localities
from ..statuses import count_statuses
from . import charts
from .common import DETAIL_UNITS, STATUS_MARK, TEMPLATES, Fragment, labels
from .render import report_stem

HEATMAP_ROWS = 24  # rows per heatmap, so that one fits on an A4 page with its caption
PERIODS_SHOWN = 3  # periods named in a province's row; the rest are counted


def comparison_key(period: str) -> tuple[int, int] | None:
    """``(year, months from 1 January)`` for a comparable period, else ``None``."""
    months = parse_period(period).months
    return None if months is None else (parse_period(period).year, months)


class OverviewReport:
    """Every locality with figures, side by side, in one language."""

    def __init__(self, workbook: Workbook, lang: str = "vi", made_on: date | None = None, units_as_of: str = ""):
        self.workbook = workbook
        self.lang = check_language(lang)
        self.made_on = made_on or date.today()
        if units_as_of:  # the units in force that day, former units' figures carried into them
            everything = select_period(on_map(workbook, units_as_of), None)
            with_figures = set(everything["locality_id"])
        else:
            with_figures = set(workbook.figures["locality_id"])
            # one pass over all figures: per-locality tables cost seconds at national scale
            everything = all_localities_table(workbook)
        self.locality_ids = [i for i in workbook.localities.index if i in with_figures]
        everything = everything[everything["locality_id"].isin(set(self.locality_ids))]
        order = {locality_id: n for n, locality_id in enumerate(self.locality_ids)}
        everything = everything.assign(_locality=everything["locality_id"].map(order))
        self.table = describe(workbook, everything.sort_values("_locality", kind="stable"))
        self.table = self.table.sort_values("_locality", kind="stable").drop(columns="_locality")
        self.table = self.table.reset_index(drop=True)
        keys = {period: comparison_key(period) for period in self.table["period"].unique()}
        self.table["key"] = [keys[period] for period in self.table["period"]]
        # at national scale, the units' own lines give way to one line per province
        self._province_map: dict[str, str] | None = None
        self.grouped = len(self.locality_ids) > DETAIL_UNITS
        levels = workbook.localities["level"]
        self.shown_ids = (
            [i for i in self.locality_ids if levels[i] == "province"] if self.grouped else list(self.locality_ids)
        )
        self.shown = self.table[self.table["locality_id"].isin(set(self.shown_ids))] if self.grouped else self.table

    @classmethod
    def load(cls, lang: str = "vi", data_dir: str | None = None, units_as_of: str = "") -> OverviewReport:
        """Load the data folder and prepare the overview (on the map of ``units_as_of``)."""
        return cls(load_workbook_once(data_dir or None), lang, units_as_of=units_as_of)

    def _render(self, template: str, **context) -> Fragment:
        return Fragment(TEMPLATES.get_template(template).render(t=labels(self.lang), **context))

    def _name(self, locality_id: str) -> str:
        return self.workbook.locality(locality_id)["name"]

    def _indicator(self, indicator_id: str) -> str:
        return self.workbook.indicators.at[indicator_id, f"name_{self.lang}"]

    # -- what is compared ------------------------------------------------------------------

    def ranking_groups(self) -> list[pd.DataFrame]:
        """The groups of alike figures, two or more localities each, in catalogue order."""
        shown = self.shown
        rankable = shown[shown["key"].notna() & (shown["qualifier"] == "") & shown["result"].notna() & self._complete()]
        order = {indicator_id: n for n, indicator_id in enumerate(self.workbook.indicators.index)}
        rankable = rankable[rankable["indicator_id"].isin(order)]
        # like with like: the same indicator, comparable period and level (provinces apart from
        # communes)
        alike = [
            rankable["indicator_id"].map(order).rename("_order"),
            rankable["key"],
            rankable["locality_id"].map(self.workbook.localities["level"]).rename("_level"),
        ]
        rankable = rankable[rankable.groupby(alike)["result"].transform("size") >= 2]
        alike = [column.loc[rankable.index] for column in alike]
        by_result = rankable.groupby(alike)["result"]
        higher = rankable["direction"] == "higher"
        ranks = by_result.rank(ascending=False, method="min").where(higher, by_result.rank(method="min"))
        rankable = rankable.assign(rank=ranks.astype(int))
        return [group.sort_values(["rank", "locality_id"]) for _, group in rankable.groupby(alike, sort=True)]

    def _complete(self) -> pd.Series:
        """On a map of a given day, a figure combined from former units ranks only when whole."""
        if "complete" not in self.shown:
            return pd.Series(True, index=self.shown.index)
        return self.shown["complete"].astype(bool)

    def heatmap_frames(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Margins to target (rows: indicators; columns: locality ids) and statuses."""
        margins, statuses, _ = self._heatmap_frames()
        return margins, statuses

    def _heatmap_frames(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        rated = self.shown[(self.shown["unit"] == "percent") & self.shown["gap"].notna()]
        # a bounded figure has a bounded margin, turned with the indicator's good direction
        flip = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
        bounds = [
            q if d == "higher" else flip.get(q, q) for q, d in zip(rated["qualifier"].fillna(""), rated["direction"])
        ]
        rated = rated.assign(margin=shortfall(rated) * -1, bound=bounds)
        order = [i for i in self.workbook.indicators.index if i in set(rated["indicator_id"])]
        columns = [i for i in self.shown_ids if i in set(rated["locality_id"])]
        frames = [
            rated.pivot(index="indicator_id", columns="locality_id", values=v).reindex(index=order, columns=columns)
            for v in ("margin", "status", "bound")
        ]
        return frames[0], frames[1], frames[2].fillna("")

    def left_out(self) -> pd.DataFrame:
        """What the rankings and the heatmap leave out, one row per locality, period and reason."""
        ranked = set()
        for group in self.ranking_groups():
            ranked |= set(zip(group["locality_id"], group["indicator_id"]))
        columns = ["locality_id", "indicator_id", "period", "unit", "target_value", "key", "qualifier"]
        rows = []
        for locality_id, indicator_id, period, unit, target, key, qualifier, complete in zip(
            *(self.shown[column] for column in columns), self._complete()
        ):
            if unit == "count" and pd.notna(target):
                rows.append((locality_id, indicator_id, period, "count"))
            if (locality_id, indicator_id) in ranked:
                continue
            if key is None:
                reason = "open_period"
            elif qualifier:
                reason = "qualified"
            elif not complete:
                reason = "incomplete"
            else:
                reason = "alone"
            rows.append((locality_id, indicator_id, period, reason))
        return pd.DataFrame(rows, columns=["locality_id", "indicator_id", "period", "reason"])

    # -- sections --------------------------------------------------------------------------

    def header(self) -> Fragment:
        """Title block: what is compared, which localities and periods, when it was made; at
        national scale one row per province instead of one per unit."""
        localities = []
        for locality_id in [] if self.grouped else self.locality_ids:
            periods = sorted(
                {parse_period(p) for p in self.table.loc[self.table["locality_id"] == locality_id, "period"]}
            )
            record = self.workbook.locality(locality_id)
            province = self.workbook.province_of(locality_id)
            localities.append(
                {
                    "name": record["name"],
                    "level": label(f"level.{record['level']}", self.lang),
                    "province": province["name"] if province["locality_id"] != locality_id else "",
                    "periods": "; ".join(p.label(self.lang) for p in periods),
                }
            )
        grouped_note = ""
        if self.grouped:
            grouped_note = label(
                "overview_grouped",
                self.lang,
                units=format_number(len(self.locality_ids), self.lang, 0),
                limit=DETAIL_UNITS,
            )
        return self._render(
            "overview_header.html.j2",
            localities=localities,
            provinces=self.province_rows() if self.grouped else [],
            grouped_note=grouped_note,
            made_on=format_date(self.made_on, self.lang),
        )

    # -- at national scale: one row per province ------------------------------------------------

    def _provinces(self) -> dict[str, str]:
        if self._province_map is None:
            self._province_map = provinces_of(self.workbook)
        return self._province_map

    def province_frame(self) -> pd.DataFrame:
        """One row per province: its units (in force, or with figures), how many reported, its
        figures (its own and its units') and their statuses. Index: province ids, registry order."""
        registry = self.workbook.localities
        province = self._provinces()
        reported = set(self.locality_ids)
        current = registry["valid_to"].isna()
        units = pd.DataFrame(
            {
                "province": [province[i] for i in registry.index],
                "unit": [i != province[i] for i in registry.index],
                "reported": registry.index.isin(list(reported)),
            },
            index=registry.index,
        )
        units = units[units["unit"] & (current | units["reported"])]
        table = self.table.assign(_province=self.table["locality_id"].map(province))
        shown = {"figures": "total", "met": "met", "not_met": "not_met", "pending": "pending", "restates": "restates"}
        counted = {top: count_statuses(status) for top, status in table.groupby("_province")["status"]}
        counts = pd.DataFrame(
            [[of[name] for name in shown.values()] for of in counted.values()], index=list(counted), columns=list(shown)
        )
        ids = [
            i
            for i in registry.index
            if province[i] == i and (i in counts.index or (current[i] and registry.at[i, "level"] == "province"))
        ]
        frame = pd.DataFrame(index=pd.Index(ids, name="province"))
        frame["units"] = units.groupby("province").size().reindex(ids).fillna(0).astype(int)
        frame["reported"] = units.groupby("province")["reported"].sum().reindex(ids).fillna(0).astype(int)
        frame = frame.join(counts.reindex(ids).fillna(0).astype(int))
        return frame

    def province_rows(self) -> list[dict]:
        """The rows of the province table, with a link to each province's own report."""
        frame = self.province_frame()
        province = self._provinces()
        periods: dict[str, list[str]] = {}
        for (top, period), _ in self.table.groupby([self.table["locality_id"].map(province), "period"]):
            periods.setdefault(top, []).append(period)
        with_report = set(reporting_localities(self.workbook))
        rows = []
        for province_id, row in frame.iterrows():
            named = [p.label(self.lang) for p in sorted({parse_period(p) for p in periods.get(province_id, [])})]
            shown = "; ".join(named[:PERIODS_SHOWN])
            if len(named) > PERIODS_SHOWN:
                shown += " " + label("more_periods", self.lang, count=len(named) - PERIODS_SHOWN)
            rows.append(
                {
                    "name": self._name(province_id),
                    "href": f"{report_stem(province_id, self.lang)}.html" if province_id in with_report else "",
                    "coverage": (
                        label(
                            "units_reported",
                            self.lang,
                            reported=format_number(int(row["reported"]), self.lang, 0),
                            units=format_number(int(row["units"]), self.lang, 0),
                        )
                        if row["units"]
                        else "–"
                    ),
                    "periods": shown or "–",
                    **{
                        k: format_number(int(row[k]), self.lang, 0)
                        for k in ("figures", "met", "not_met", "pending", "restates")
                    },
                }
            )
        return rows

    def heatmap(self) -> Fragment:
        """Indicators × localities coloured by margin to each locality's own target."""
        margins, statuses, bounds = self._heatmap_frames()
        names = {i: self._name(i) for i in margins.columns}
        figures = []
        for start in range(0, len(margins), HEATMAP_ROWS):
            part = margins.iloc[start : start + HEATMAP_ROWS]
            shown = part.rename(index=self._indicator, columns=names)
            status = statuses.iloc[start : start + HEATMAP_ROWS].rename(index=self._indicator, columns=names)
            bound = bounds.iloc[start : start + HEATMAP_ROWS].rename(index=self._indicator, columns=names)
            figures.append(charts.gap_heatmap(shown, status, self.lang, label("heatmap_caption", self.lang), bound))
        note = ""
        if self.grouped:
            note = label("grouped_heatmap" if figures else "grouped_no_heatmap", self.lang)
        return self._render(
            "overview_section.html.j2", title=label("heatmap", self.lang), body="".join(figures), note=note
        )

    def rankings(self) -> Fragment:
        """A ranking for each indicator that two or more localities report alike."""
        tables = []
        for group in self.ranking_groups():
            first = group.iloc[0]
            rows = [
                {
                    "rank": row["rank"],
                    "name": self._name(row["locality_id"]),
                    "undated": pd.isna(self.workbook.sources.at[row["source_id"], "published"]),
                    "period": parse_period(row["period"]).label(self.lang),
                    "result": format_value(row["result"], row["unit"], self.lang),
                    "target": (
                        format_comparison(row["target_comparison"], row["target_value"], row["unit"], self.lang)
                        if pd.notna(row["target_value"])
                        else "–"
                    ),
                    "status": row["status"],
                    "status_label": label(row["status"], self.lang),
                    "mark": STATUS_MARK[row["status"]],
                }
                for _, row in group.iterrows()
            ]
            tables.append(
                {
                    "indicator": self._indicator(first["indicator_id"]),
                    "period": parse_period(first["period"]).label(self.lang),
                    "rows": rows,
                }
            )
        undated = any(r["undated"] for table in tables for r in table["rows"])
        return self._render("rankings.html.j2", tables=tables, undated=undated, grouped=self.grouped)

    def pillar_counts(self) -> Fragment:
        """For each locality (each province at national scale) and pillar, targets met among the
        figures that have a target."""
        pillars = [p for p in dict.fromkeys(self.workbook.indicators["pillar"]) if p in set(self.table["pillar"])]
        # each row's statuses, by owner and by owner and pillar, in one pass over the table
        province = self._provinces() if self.grouped else None
        by_owner: dict[str, list] = {}
        by_pillar: dict[tuple[str, str], list] = {}
        for locality_id, pillar, status in zip(self.table["locality_id"], self.table["pillar"], self.table["status"]):
            owner = province.get(locality_id) if province is not None else locality_id
            if owner is None:
                continue  # a unit outside every province is no province's
            by_owner.setdefault(owner, []).append(status)
            by_pillar.setdefault((owner, pillar), []).append(status)
        if self.grouped:
            owners = [i for i in self.province_frame().index if i in by_owner]
        else:
            owners = list(self.locality_ids)
        rows = []
        for owner in owners:
            cells = []
            for pillar in pillars:
                counted = count_statuses(by_pillar.get((owner, pillar), ()))
                total = counted["met"] + counted["not_met"]
                cells.append(label("met_of", self.lang, met=counted["met"], total=total) if total else "–")
            counted = count_statuses(by_owner[owner])
            cells.append(label("met_of", self.lang, met=counted["met"], total=counted["met"] + counted["not_met"]))
            cells.append(str(counted["pending"]))
            cells.append(str(counted["restates"]))
            rows.append({"name": self._name(owner), "cells": cells})
        headings = [label(f"pillar.{p}", self.lang) for p in pillars]
        return self._render("pillar_counts.html.j2", headings=headings, rows=rows, grouped=self.grouped)

    def excluded(self) -> Fragment:
        """What was left out of the comparison, and why."""
        left = self.left_out()
        order = {locality_id: n for n, locality_id in enumerate(self.shown_ids)}
        left = left.assign(_order=left["locality_id"].map(order))
        left = left.sort_values("_order", kind="stable")
        rows = []
        for (locality_id, period, reason), group in left.groupby(["locality_id", "period", "reason"], sort=False):
            period_label = parse_period(period).label(self.lang)
            # a bounded figure is named with its bound; the others are listed together
            parts = (
                [[indicator] for indicator in group["indicator_id"]]
                if reason == "qualified"
                else [list(group["indicator_id"])]
            )
            for indicators in parts:
                value = ""
                if reason == "qualified":
                    figure = self.shown[
                        (self.shown["locality_id"] == locality_id) & (self.shown["indicator_id"] == indicators[0])
                    ].iloc[0]
                    value = format_qualified(figure["qualifier"], figure["result"], figure["unit"], self.lang)
                rows.append(
                    {
                        "name": self._name(locality_id),
                        "period": period_label,
                        "indicators": "; ".join(self._indicator(i) for i in indicators),
                        "reason": label(f"excluded.{reason}", self.lang, period=period_label, value=value),
                    }
                )
        return self._render("excluded.html.j2", rows=rows, grouped=self.grouped)
