"""The sections of a locality report, as HTML fragments a notebook cell displays.

Each method returns a :class:`Fragment`: a string that Jupyter shows as HTML. All text from the
data is escaped by the templates, so a name cannot inject markup into a report.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from .. import progress, rollup
from ..compute import (
    BEHIND,
    MET,
    NO_TARGET,
    NOT_MET,
    ON_TRACK,
    PENDING,
    RESTATES,
    locality_table,
)
from ..formatting import (
    format_comparison,
    format_date,
    format_fraction,
    format_points,
    format_reported,
    format_value,
)
from ..i18n import label
from ..load import Workbook, load_workbook_once
from ..periods import parse_period
from ..targets import NATIONAL
from . import charts
from .common import STATUS_MARK, TEMPLATES, Fragment, labels
from .quality import quality_context


class LocalityReport:
    """One locality's report for one period (or its latest figures) in one language."""

    def __init__(self, workbook: Workbook, locality_id: str, period: str = "", lang: str = "vi",
                 made_on: date | None = None):
        if lang not in ("vi", "en"):
            raise ValueError(f"lang must be 'vi' or 'en', not {lang!r}")
        self.workbook = workbook
        self.locality = workbook.locality(locality_id)
        self.period = period
        self.lang = lang
        self.made_on = made_on or date.today()
        self.table = locality_table(workbook, locality_id, period or None)
        self.progress_table = progress.locality_progress(workbook, locality_id)
        self.series = progress.series_figures(workbook, locality_id)
        self.rolled_up = rollup.rollup(workbook, locality_id)
        self.source_numbers = self._number_sources()

    @classmethod
    def load(cls, locality_id: str, period: str = "", lang: str = "vi",
             data_dir: str | None = None) -> LocalityReport:
        """Load the data folder and prepare the report."""
        return cls(load_workbook_once(data_dir or None), locality_id, period, lang)

    # -- helpers -------------------------------------------------------------------------

    def _number_sources(self) -> dict[str, int]:
        # numbered in the order a reader meets them: figures, targets, series, roll-ups
        in_series = self.series[self.series["indicator_id"].isin(self.progress_table["indicator_id"])]
        rolled = self.rolled_up.figures.get("target_source_id", pd.Series(dtype="string"))
        used = [*self.table["source_id"], *self.table["target_source_id"].dropna(),
                *in_series["source_id"], *self.progress_table["target_source_id"].dropna(),
                *rolled.dropna()]
        return {source_id: n for n, source_id in enumerate(dict.fromkeys(used), start=1)}

    def _render(self, template: str, **context) -> Fragment:
        return Fragment(TEMPLATES.get_template(template).render(t=labels(self.lang), **context))

    def _name(self, row: pd.Series) -> str:
        return row[f"name_{self.lang}"]

    def _scope_text(self, scope_id: str, rank: int) -> str:
        if scope_id == NATIONAL:
            return label("scope_national", self.lang)
        if rank == 0:
            return label("scope_locality", self.lang)
        return label("scope_parent", self.lang, name=self.workbook.locality(scope_id)["name"])

    def _row_context(self, row: pd.Series, rolled_up: bool = False) -> dict:
        lang, unit = self.lang, row["unit"]
        reported = ""
        if not rolled_up and pd.notna(row["rate"]) and pd.notna(row["value_text"]):
            shown_value = format_reported(row["value_text"], unit, lang)
            if format_value(row["rate"], unit, lang) != format_value(row["value"], unit, lang):
                reported = shown_value
        qualifier = charts.QUALIFIER_SIGN.get(row["qualifier"], "")
        has_target = pd.notna(row["target_value"])
        target_source = ""
        if has_target:
            number = self.source_numbers[row["target_source_id"]]
            scope = self._scope_text(row["target_scope_id"], row["target_scope_rank"])
            target_source = f"{scope} {row['target_year']} · [{number}] {row['target_locator']}"
        return {
            "name": self._name(row),
            "period": parse_period(row["period"]).label(lang),
            "source_number": "" if rolled_up else self.source_numbers[row["source_id"]],
            "locator": "" if rolled_up else row["locator"],
            "fraction": format_fraction(_int(row["numerator"]), _int(row["denominator"]), lang),
            "result": qualifier + format_value(row["result"], unit, lang),
            "reported": reported,
            "target": (format_comparison(row["target_comparison"], row["target_value"], unit, lang)
                       if has_target else "–"),
            "target_source": target_source,
            # a bounded figure has a bounded gap: "< 100%" against 100% is "< 0"
            "gap": (qualifier if pd.notna(row["gap"]) else "") + format_points(row["gap"], lang),
            "status": row["status"],
            "status_label": self._status_label(row),
            "mark": STATUS_MARK[row["status"]],
            "period_year": _int(row["period_year"]) if "period_year" in row else "",
            "target_year": _int(row["target_year"]) if has_target else "",
        }

    def _status_label(self, row: pd.Series) -> str:
        status = label(row["status"], self.lang)
        if row["status"] in PENDING:
            return label("status_due", self.lang, status=status, year=int(row["target_year"]))
        return status

    def _pillars(self) -> list[str]:
        return list(dict.fromkeys(self.table["pillar"]))

    # -- sections ------------------------------------------------------------------------

    def header(self) -> Fragment:
        """Title block: locality, province, period, sources and the date the report was made."""
        province = self.workbook.province_of(self.locality["locality_id"])
        if self.period:
            period_label = parse_period(self.period).label(self.lang)
        else:
            periods = sorted({parse_period(p) for p in self.table["period"]})
            period_label = "; ".join(p.label(self.lang) for p in periods) or label("all_periods", self.lang)
        return self._render(
            "header.html.j2",
            locality_title=self.locality["name"],
            level=label(f"level.{self.locality['level']}", self.lang),
            code=self.locality["admin_code"] if pd.notna(self.locality["admin_code"]) else "",
            existed=self._validity(self.locality),
            province_name=province["name"] if province["locality_id"] != self.locality["locality_id"] else "",
            period_label=period_label,
            sources=self._sources(),
            made_on=format_date(self.made_on, self.lang),
        )

    def counts(self) -> dict[str, int]:
        """How many indicators met, missed, are not yet due, restate their target, have none."""
        status = self.table["status"]
        return {MET: int((status == MET).sum()), NOT_MET: int((status == NOT_MET).sum()),
                "pending": int(status.isin(PENDING).sum()),
                RESTATES: int((status == RESTATES).sum()),
                NO_TARGET: int((status == NO_TARGET).sum())}

    def summary(self) -> Fragment:
        """How many indicators met or missed their target, overall and per pillar."""
        counts = self.counts()
        if self.table.empty:
            return self._render("summary.html.j2", pillars=[], sentence=label(
                "no_own_figures", self.lang, name=self.locality["name"]))
        sentence = label("summary_line", self.lang, total=len(self.table),
                         with_target=len(self.table) - counts[NO_TARGET], met=counts[MET],
                         not_met=counts[NOT_MET], pending=counts["pending"],
                         restates=counts[RESTATES])
        pillars = []
        for pillar in self._pillars():
            status = self.table.loc[self.table["pillar"] == pillar, "status"]
            pillars.append({"name": label(f"pillar.{pillar}", self.lang),
                            "met": int((status == MET).sum()),
                            "not_met": int((status == NOT_MET).sum()),
                            "pending": int(status.isin(PENDING).sum()),
                            "restates": int((status == RESTATES).sum()),
                            "no_target": int((status == NO_TARGET).sum())})
        return self._render("summary.html.j2", sentence=sentence, pillars=pillars)

    def pillar_sections(self) -> Fragment:
        """One section per pillar: the table of figures and a chart of rates against targets."""
        if self.table.empty:
            return Fragment("")  # the summary already says there are no figures
        parts = []
        for pillar in self._pillars():
            rows = self.table[self.table["pillar"] == pillar]
            title = label(f"pillar.{pillar}", self.lang)
            rates = rows[(rows["unit"] == "percent") & rows["result"].notna()]
            chart = ""
            if len(rates):
                caption = f"{label('chart_rate', self.lang)}: {title}. {label('chart_bullet', self.lang)}."
                chart = charts.bullet_chart(rates, self.lang, caption)
            parts.append(self._render("pillar.html.j2", title=title, chart=chart,
                                      rows=[self._row_context(row) for _, row in rows.iterrows()]))
        return Fragment("\n".join(parts))

    def shortfall_sentences(self) -> list[str]:
        """One sentence per figure that misses its target."""
        sentences = []
        for _, row in self.table[self.table["status"] == NOT_MET].iterrows():
            unit = row["unit"]
            gap = format_points(row["gap"], self.lang, signed=False)
            if unit == "percent":
                gap = f"{gap} {label('points', self.lang)}"
            if row["qualifier"]:
                # "chưa đạt 100%" is a range, not a value: no gap can be told
                bound = charts.QUALIFIER_SIGN[row["qualifier"]] + format_value(row["result"], unit, self.lang)
                target = format_comparison(row["target_comparison"], row["target_value"], unit, self.lang)
                sentences.append(label("bounded_sentence", self.lang, name=self._name(row),
                                       value=bound, target=target))
                continue
            key = "shortfall_sentence" if row["direction"] == "higher" else "excess_sentence"
            sentences.append(label(key, self.lang, name=self._name(row),
                                   value=format_value(row["result"], unit, self.lang),
                                   target=format_value(row["target_value"], unit, self.lang), gap=gap))
        return sentences

    def _distance(self, row: pd.Series) -> str:
        gap = format_points(row["gap"], self.lang, signed=False)
        if row["unit"] == "percent":
            gap = f"{gap} {label('points', self.lang)}"
        return gap

    def pending_sentences(self) -> list[str]:
        """One sentence per figure whose target's year is still to come and not yet met."""
        sentences = []
        for _, row in self.table[self.table["status"].isin(PENDING)].iterrows():
            unit = row["unit"]
            words = {
                "name": self._name(row),
                "value": (charts.QUALIFIER_SIGN.get(row["qualifier"], "")
                          + format_value(row["result"], unit, self.lang)),
                "period": parse_period(row["period"]).label(self.lang),
                "target": format_comparison(row["target_comparison"], row["target_value"], unit,
                                            self.lang),
                "year": int(row["target_year"]),
                "gap": self._distance(row),
            }
            if row["status"] == ON_TRACK:
                key = "on_track_sentence"
            elif row["status"] == BEHIND:
                key = "behind_sentence"
            else:
                key = "not_due_bounded" if row["qualifier"] else "not_due_sentence"
            sentences.append(label(key, self.lang, **words))
        return sentences

    def shortfalls(self) -> Fragment:
        """The shortfalls against targets that are due, with their chart, and the targets whose
        year is still to come, with the distance to go."""
        if not self.table["target_value"].notna().any():
            return Fragment("")  # no target, so nothing can fall short of one
        missed = self.table[(self.table["status"] == NOT_MET) & (self.table["unit"] == "percent")
                            & self.table["gap"].notna()]
        chart = (charts.gap_chart(missed, self.lang, label("chart_gap", self.lang))
                 if len(missed) >= 2 else "")
        return self._render("shortfalls.html.j2", chart=chart, sentences=self.shortfall_sentences(),
                            pending=self.pending_sentences())

    def _sources(self) -> list[dict]:
        sources = self.workbook.sources
        result = []
        for source_id, number in self.source_numbers.items():
            row = sources.loc[source_id]
            result.append({
                "number": number,
                "title": row["title"],
                "publisher": row["publisher"] if pd.notna(row["publisher"]) else "",
                "published": format_date(row["published"].date(), self.lang) if pd.notna(row["published"]) else "",
                "url": row["url"] if pd.notna(row["url"]) else "",
            })
        return result

    def _validity(self, record: pd.Series) -> str:
        start, end = record["valid_from"], record["valid_to"]
        if pd.notna(start) and pd.notna(end):
            return label("valid_between", self.lang, start=format_date(start, self.lang),
                         end=format_date(end, self.lang))
        if pd.notna(end):
            return label("valid_until", self.lang, end=format_date(end, self.lang))
        if pd.notna(start):
            return label("valid_from", self.lang, start=format_date(start, self.lang))
        return ""

    def _growth(self, value: float | None, method: str, unit: str) -> str:
        if value is None or pd.isna(value):
            return "–"
        per_year = label("per_year", self.lang)
        if method == "compound":
            return f"{format_points(value * 100, self.lang, decimals=1)}%{per_year}"
        points = f" {label('points', self.lang)}" if unit == "percent" else ""
        return f"{format_points(value, self.lang, decimals=1)}{points}{per_year}"

    def _figure_text(self, value: float, period: str, unit: str) -> str:
        return f"{format_value(value, unit, self.lang)} ({parse_period(period).label(self.lang)})"

    def progress(self) -> Fragment:
        """Progress over time: each indicator with two or more periods, its status and trend."""
        if self.table.empty:
            return Fragment("")  # a parent without figures of its own has no series either
        rows, figures = [], []
        indicators = self.workbook.indicators
        for _, row in self.progress_table.iterrows():
            indicator = indicators.loc[row["indicator_id"]]
            unit = indicator["unit"]
            target = ""
            if pd.notna(row["target_value"]):
                target = label("target_by", self.lang, year=int(row["target_year"]),
                               target=format_comparison(row["target_comparison"], row["target_value"],
                                                        unit, self.lang))
            status_label = label(f"progress.{row['status']}", self.lang)
            rows.append({
                "name": indicator[f"name_{self.lang}"],
                "first": self._figure_text(row["first"], row["first_period"], unit),
                "latest": self._figure_text(row["latest"], row["latest_period"], unit),
                "target": target or "–",
                "achieved": self._growth(row["achieved"], row["method"], unit),
                "needed": self._growth(row["needed"], row["method"], unit),
                "status": row["status"],
                "status_label": status_label,
            })
            points = self.series[self.series["indicator_id"] == row["indicator_id"]]
            points = points.assign(
                period_label=[parse_period(p).label(self.lang) for p in points["period"]])
            sources = ", ".join(f"[{self.source_numbers[s]}] {loc}"
                                for s, loc in zip(points["source_id"], points["locator"]))
            caption = (f"{label('chart_trend', self.lang)}: {indicator[f'name_{self.lang}']}. "
                       f"{label('progress_status', self.lang)}: {status_label}. {sources}")
            line = pd.concat([row, indicator[["unit", "name_vi", "name_en"]]])
            figures.append(charts.trend_chart(points, line, self.lang, caption))
        return self._render("progress.html.j2", rows=rows, charts=figures)

    def units(self) -> Fragment:
        """The units' standing and what their figures add up to; empty without units."""
        units = rollup.units_with_figures(self.workbook, self.locality["locality_id"])
        if not units:
            return Fragment("")
        standing = []
        for unit_id in units:
            record = self.workbook.locality(unit_id)
            table = locality_table(self.workbook, unit_id, self.period or None)
            periods = sorted({parse_period(p) for p in table["period"]})
            standing.append({
                "name": record["name"],
                "level": label(f"level.{record['level']}", self.lang),
                "existed": self._validity(record) or "–",
                "period": "; ".join(p.label(self.lang) for p in periods) or "–",
                "met": int((table["status"] == MET).sum()),
                "not_met": int((table["status"] == NOT_MET).sum()),
                "pending": int(table["status"].isin(PENDING).sum()),
                "restates": int((table["status"] == RESTATES).sum()),
                "no_target": int((table["status"] == NO_TARGET).sum()),
            })
        figures = self.rolled_up.figures
        if self.period:
            figures = figures[figures["period"] == self.period]
        names = self.workbook.localities["name"]
        rolled = []
        for _, row in figures.iterrows():
            context = self._row_context(row, rolled_up=True)
            context["units"] = ", ".join(names[u] for u in row["units"])
            rolled.append(context)
        left_out = [{
            "unit": names[r["locality_id"]],
            "name": self.workbook.indicators.at[r["indicator_id"], f"name_{self.lang}"],
            "period": parse_period(r["period"]).label(self.lang),
            "reason": label(f"reason.{r['reason']}", self.lang),
        } for _, r in self.rolled_up.left_out.iterrows()
            if not self.period or r["period"] == self.period]
        return self._render("units.html.j2", units=standing, rolled=rolled, left_out=left_out,
                            method=label("rollup_method", self.lang, name=self.locality["name"]))

    def data_quality(self) -> Fragment:
        """This locality's data-quality findings and the reconciliation of its reported rates."""
        context = quality_context(self.workbook, self.lang, self.locality["locality_id"])
        context.pop("found")
        return self._render("quality.html.j2", title=label("data_quality", self.lang), summary="",
                            localities=[], show_locality=False, **context)

    def sources(self) -> Fragment:
        """The numbered list of sources the figures and targets come from."""
        return self._render("sources.html.j2", sources=self._sources())


def _int(value) -> int | None:
    return None if pd.isna(value) else int(value)
