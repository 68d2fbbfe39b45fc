"""The sections of a locality report, as HTML fragments a notebook cell displays.

Each method returns a :class:`Fragment`: a string that Jupyter shows as HTML. All text from the
data is escaped by the templates, so a name cannot inject markup into a report.
"""

from __future__ import annotations

import re
from datetime import date
from difflib import get_close_matches

import pandas as pd

from .. import config, progress, rollup
from ..compute import (
    BEHIND,
    MET,
    NO_TARGET,
    NOT_DUE,
    NOT_MET,
    ON_TRACK,
    PENDING,
    RESTATES,
    all_localities_table,
    locality_table,
)
from ..formatting import (
    format_comparison,
    format_date,
    format_fraction,
    format_gap,
    format_percent,
    format_points,
    format_qualified,
    format_reported,
    format_value,
    qualifier_sign,
)
from ..frames import rows as rows_of
from ..i18n import check_language, label, language_or_default, text
from ..load import Workbook, load_workbook_once
from ..periods import parse_period
from ..quality import findings_of, reconciled_of
from ..statuses import count_statuses
from ..targets import NATIONAL, resolve_targets
from . import charts
from .common import (
    PROGRESS_MARK,
    STATUS_MARK,
    TEMPLATES,
    Fragment,
    ReportError,
    labels,
    outdate_shown_sections,
    pace_note,
)
from .index import index_name
from .quality import quality_context
from .render import report_stem

# a national table's locator: the unit's name as the table writes it and the table's column
# (data/README.md); a leader reads the row, the column is the indicator the row already names
TABLE_CELL = re.compile(r"^(?P<row>.+); (?P<column>[a-z][a-z0-9_]*)$")


class LocalityReport:
    """One locality's report for one period (or its latest figures) in one language.

    Each section method (``header``, ``summary``, ``pillar_sections``, ``shortfalls``,
    ``progress``, ``units``, ``data_quality``, ``sources``) returns the section's HTML; a notebook
    cell shows it. The data behind them, for the analyst's own cells:

    Attributes
    ----------
    table : pandas.DataFrame
        One row per figure of the period: the indicator (``indicator_id``, ``name_vi``,
        ``name_en``, ``pillar``, ``unit``, ``direction``), the figure as its source printed it
        (``value``, ``value_text``, ``qualifier``, ``numerator``, ``denominator``, ``note``), the
        rate recomputed from its fraction (``rate``) and the figure judged (``result``), the
        period (``period``, ``period_start``, ``period_end``, ``period_year``), where it comes
        from (``locality_id``, ``source_id``, ``locator``, ``line`` of data/figures.csv), the target that applies
        (``target_value``, ``target_comparison``, ``target_year``, ``target_scope_id``,
        ``target_scope_rank``, ``target_source_id``, ``target_locator``, ``target_note``), and
        ``gap`` (result − target) and ``status`` (``met``, ``not_met``, ``not_due``,
        ``no_target``; words: ``helpers.i18n.label(status, lang)``).
    progress_table : pandas.DataFrame
        Progress over time toward each target (first and latest figure, growth achieved and needed).
    series : pandas.DataFrame
        Every period's figure of each indicator, for trend charts.
    rolled_up : helpers.rollup.Rollup
        ``.figures``: the units' figures summed up; ``.left_out``: those that could not be, and why.
    workbook : helpers.load.Workbook
        All the data loaded: ``.figures``, ``.targets``, ``.indicators``, ``.localities``,
        ``.sources``, ``.rules``.
    locality : pandas.Series
        The locality's row of data/localities.csv.
    period, lang : str
        The parameters the report was made with (period "" means each indicator's latest figure).
    """

    def __init__(
        self, workbook: Workbook, locality_id: str, period: str = "", lang: str = "vi", made_on: date | None = None
    ):
        check_language(lang, error=ReportError)
        period = _period_text(period, lang)
        if locality_id not in workbook.localities.index:
            close = get_close_matches(str(locality_id), list(workbook.localities.index), n=3)
            suggestion = text("report.did_you_mean", lang, ids=", ".join(close)) if close else ""
            raise ReportError(text("report.unknown_locality", lang, locality_id=locality_id, suggestion=suggestion))
        # everything below looks at this unit's figures and its units' only: a report's work does
        # not grow with the country (the whole folder stays at hand as ``all_data``)
        self.all_data = workbook
        workbook = workbook.limited_to(_own_and_below(workbook, locality_id))
        self.workbook = workbook
        if workbook is not self.all_data:
            progress.share_series(workbook, self.all_data, locality_id)
        self.locality = workbook.locality(locality_id)
        self.period = period
        self.lang = lang
        self.made_on = made_on or date.today()
        self.table = locality_table(workbook, locality_id, period or None)
        self.progress_table = progress.locality_progress(workbook, locality_id)
        self.series = progress.series_figures(workbook, locality_id)
        self.rolled_up = rollup.rollup(workbook, locality_id)
        self._unit_figures_found: pd.DataFrame | None = None
        self._own_targets_found: dict | None = None
        self._cited_found: dict | None = None
        self._check_something_to_show()
        self.source_numbers = self._number_sources()

    @classmethod
    def load(cls, locality_id: str, period: str = "", lang: str = "vi", data_dir: str | None = None) -> LocalityReport:
        """Load the data folder and prepare the report.

        Raises
        ------
        ReportError
            An unknown locality, a period not written as one, or no figures to show: one sentence
            in ``lang``; the sections still on screen from an earlier report say they are out of date.
        """
        try:
            return cls(load_workbook_once(data_dir or None), locality_id, period, lang)
        except ReportError as error:
            shown = language_or_default(lang)
            outdate_shown_sections(shown)
            _retire_reports(error, shown)
            raise

    def _check_something_to_show(self) -> None:
        # the units' figures count too: summed up, or listed as left out of the sum (and why)
        below = [frame["period"] for frame in (self.rolled_up.figures, self.rolled_up.left_out) if len(frame)]
        if len(self.table) or any(not self.period or (periods == self.period).any() for periods in below):
            return
        # a province formed on 2025-07-01 shows its former provinces' figures (reports/standing.py)
        successors = self.workbook.localities["successor_ids"].dropna()
        former = [u for u, ids in successors.items() if self.locality["locality_id"] in ids.split(";")]
        if any(rollup.has_figures(self.workbook, unit_id) for unit_id in former):
            return
        own = self.workbook.figures.loc[self.workbook.figures["locality_id"] == self.locality["locality_id"], "period"]
        every = set(own).union(*(set(periods) for periods in below))
        name = self.locality["name"]
        if not every:
            raise ReportError(text("report.no_figures_at_all", self.lang, name=name))
        periods = "; ".join(p.label(self.lang) for p in sorted(parse_period(p) for p in every))
        raise ReportError(
            text(
                "report.no_figures",
                self.lang,
                name=name,
                period=parse_period(self.period).label(self.lang),
                periods=periods,
            )
        )

    def __repr__(self) -> str:
        counts = self.counts()
        return (
            f"<LocalityReport {self.locality['locality_id']} ({self.locality['name']}), "
            f"{self._period_label()}, {self.lang}: {len(self.table)} figures, "
            f"{counts[MET]} met, {counts[NOT_MET]} not met; see help(report)>"
        )

    def _repr_html_(self) -> str:
        """What ``report`` shows in a notebook: which report, its counts, and where its data is."""
        return self._render(
            "report_repr.html.j2",
            name=self.locality["name"],
            locality_id=self.locality["locality_id"],
            period=self._period_label(),
            rows=len(self.table),
            counts=[
                (label(status, self.lang), int(n))
                for status, n in self.table["status"].value_counts(sort=False).items()
            ],
        )._repr_html_()

    def _period_label(self) -> str:
        if self.period:
            return parse_period(self.period).label(self.lang)
        return label("all_periods", self.lang)

    # -- helpers -------------------------------------------------------------------------

    def _number_sources(self) -> dict[str, int]:
        # numbered in the order a reader meets them: figures, targets, series, roll-ups
        in_series = self.series[self.series["indicator_id"].isin(self.progress_table["indicator_id"])]
        rolled = self.rolled_up.figures.get("target_source_id", pd.Series(dtype="string"))
        used = [
            *self.table["source_id"],
            *self.table["target_source_id"].dropna(),
            *in_series["source_id"],
            *self.progress_table["target_source_id"].dropna(),
            *self._unit_figures()["source_id"],
            *rolled.dropna(),
        ]
        return {source_id: n for n, source_id in enumerate(dict.fromkeys(used), start=1)}

    def _unit_figures(self) -> pd.DataFrame:
        """The figures of every unit below this locality: what its roll-ups are made of."""
        if self._unit_figures_found is None:
            below = set(rollup.descendants(self.workbook, self.locality["locality_id"]))
            figures = self.workbook.figures
            figures = figures[figures["locality_id"].isin(below)]
            if self.period:
                figures = figures[figures["period"] == self.period]
            self._unit_figures_found = figures
        return self._unit_figures_found

    def _caveats(self, row: pd.Series) -> list[str]:
        """What a reader must know about a figure and its target, in plain words."""
        lang, caveats = self.lang, []
        if row["status"] == RESTATES:
            caveats.append(
                label(
                    "restates_note",
                    lang,
                    source=self.source_numbers[row["source_id"]],
                    target=format_comparison(row["target_comparison"], row["target_value"], row["unit"], lang),
                )
            )
        if pd.notna(row.get("note")):
            caveats.append(label("caveat.note", lang, note=self._plain(row["note"])))
        if pd.notna(row.get("target_note")):
            caveats.append(label("caveat.target_note", lang, note=self._plain(row["target_note"])))
        return caveats

    def _plain(self, note: str) -> str:
        """A curator's note with the catalogue's ids it names written as the indicators' names."""
        names = self.workbook.indicators["name_vi"]
        return re.sub(
            r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b",
            lambda m: f"“{names[m.group(0)]}”" if m.group(0) in names.index else m.group(0),
            note,
        )

    def _locator(self, locator) -> str:
        """Where in its source a figure is, in a leader's words (a table's row, not its column id)."""
        if not isinstance(locator, str):
            return ""
        cell = TABLE_CELL.match(locator)
        return label("table_row", self.lang, row=cell["row"]) if cell else locator

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
        qualifier = qualifier_sign(row["qualifier"])
        has_target = pd.notna(row["target_value"])
        target_source, target_number, target_locator = "", "", ""
        if has_target:
            target_number = self.source_numbers[row["target_source_id"]]
            scope = self._scope_text(row["target_scope_id"], row["target_scope_rank"])
            target_source = f"{scope} {row['target_year']}"
            target_locator = row["target_locator"]
        return {
            "name": self._name(row),
            "period": parse_period(row["period"]).label(lang),
            "source_number": "" if rolled_up else self.source_numbers[row["source_id"]],
            "locator": "" if rolled_up else self._locator(row["locator"]),
            "fraction": format_fraction(_int(row["numerator"]), _int(row["denominator"]), lang),
            "result": qualifier + format_value(row["result"], unit, lang),
            "reported": reported,
            "target": (
                format_comparison(row["target_comparison"], row["target_value"], unit, lang) if has_target else "–"
            ),
            "target_source": target_source,
            "target_number": target_number,
            "target_locator": target_locator,
            # a bounded figure has a bounded gap: "< 100%" against 100% is "< 0"
            "gap": (qualifier if pd.notna(row["gap"]) else "") + format_gap(row["gap"], unit, lang),
            "status": row["status"],
            "status_label": self._status_label(row),
            "mark": STATUS_MARK[row["status"]],
            "caveats": [] if rolled_up else self._caveats(row),
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
            index_href=f"../{index_name(self.lang)}",
            languages=[
                {
                    "href": f"{report_stem(self.locality['locality_id'], other)}.html",
                    "text": label(f"lang.{other}", self.lang),
                }
                for other in config.LANGUAGES
                if other != self.lang
            ],
        )

    def counts(self) -> dict[str, int]:
        """How many indicators met, missed, are not yet due, restate their target, have none."""
        counted = count_statuses(self.table["status"])
        return {
            MET: counted["met"],
            NOT_MET: counted["not_met"],
            "pending": counted["pending"],
            RESTATES: counted["restates"],
            NO_TARGET: counted["no_target"],
        }

    def _headline_table(self) -> tuple[pd.DataFrame, bool]:
        """The figures page 1 speaks of: the locality's own, or else what its units add up to
        (each indicator's latest period); and whether they are rolled up."""
        if not self.table.empty:
            return self.table, False
        return self._rolled_latest(), True

    def _rolled_latest(self) -> pd.DataFrame:
        """What the units add up to, each indicator's latest period."""
        figures = self.rolled_up.figures
        if self.period:
            figures = figures[figures["period"] == self.period]
        if figures.empty:
            return figures
        figures = figures.sort_values(["period_end"]).drop_duplicates("indicator_id", keep="last")
        order = {i: n for n, i in enumerate(self.workbook.indicators.index)}
        return figures.sort_values("indicator_id", key=lambda ids: ids.map(order))

    def _names(self, rows: list[dict], limit: int = 3, rolled_up: bool = False) -> str:
        names = [self._name(row) + (self._rolled_note(row) if rolled_up else "") for row in rows[:limit]]
        if len(rows) > limit:
            names.append(label("and_others", self.lang, n=len(rows) - limit))
        return "; ".join(names)

    def _target_item(self, key: str, row: pd.Series, rolled_up: bool, **fields: object) -> str:
        """One target in a sentence of page 1: the indicator, its value and the target; rolled up,
        also whose figures these are and the unit's own target where it differs."""
        return label(
            key,
            self.lang,
            name=self._name(row),
            value=self._value_text(row) + (self._rolled_note(row) if rolled_up else ""),
            target=self._target_text(row),
            after=self._differs_note(row) if rolled_up else "",
            **fields,
        )

    def key_messages(self, table: pd.DataFrame, rolled_up: bool = False) -> list[str]:
        """What page 1 says in sentences: met, missed and by how much, not yet due, restated.
        A rolled-up figure says its period where it is not the report's, how many units
        reported it, and the unit's own target where it differs from the one applied here."""
        lang, sentences = self.lang, []
        records = rows_of(table)  # read once: filtering the table per status cost more than the words
        met = [r for r in records if r["status"] == MET]
        if len(met):
            sentences.append(label("key.met", lang, n=len(met), names=self._names(met, rolled_up=rolled_up)))
        missed = [r for r in records if r["status"] == NOT_MET]
        if len(missed):
            parts = [self._target_item("key.missed_item", r, rolled_up, gap=self._distance(r)) for r in missed[:3]]
            sentences.append(label("key.missed", lang, n=len(missed), items="; ".join(parts)))
        pending = [r for r in records if r["status"] in PENDING]
        if len(pending):
            parts = [
                self._target_item(
                    "key.pending_item",
                    r,
                    rolled_up,
                    year=int(r["target_year"]),
                    status=label(r["status"], lang).lower(),
                    gap=(self._distance(r) if not r["qualifier"] else label("unknown_distance", lang)),
                )
                for r in pending[:3]
            ]
            sentences.append(label("key.pending", lang, n=len(pending), items="; ".join(parts)))
        restated = sum(r["status"] == RESTATES for r in records)
        if restated:
            sentences.append(label("key.restates", lang, n=restated))
        without = sum(r["status"] == NO_TARGET for r in records)
        if without:
            sentences.append(label("key.no_target", lang, n=without))
        return sentences

    def _rolled_note(self, row: pd.Series) -> str:
        """ " (year 2023, 1/1 units reported)": a rolled-up figure's period where it is not the
        report's, and how many units reported it."""
        lang = self.lang
        coverage = label("key.reported", lang, k=int(row["reported"]), n=int(row["expected"]))
        report_periods = {self.period} if self.period else set(self.table["period"])
        if report_periods != {row["period"]}:
            coverage = f"{parse_period(row['period']).label(lang)}, {coverage}"
        return f" ({coverage})"

    def _own_targets(self) -> dict[tuple[str, str, str], dict]:
        """The target each figure of this report's units is measured against in the unit's own
        report, by unit, indicator and period: resolved once for every figure of the units, not
        once per unit and rolled-up figure (a province has a hundred communes)."""
        if self._own_targets_found is None:
            figures = self.workbook.figures
            figures = figures[figures["locality_id"] != self.locality["locality_id"]]
            resolved = resolve_targets(self.workbook, figures[["locality_id", "indicator_id", "period", "period_year"]])
            resolved = resolved[resolved["target_value"].notna()]
            resolved = resolved.assign(unit=resolved["indicator_id"].map(self.workbook.indicators["unit"]))
            self._own_targets_found = {
                (own["locality_id"], own["indicator_id"], own["period"]): own for own in resolved.to_dict("records")
            }
        return self._own_targets_found

    def _differing_targets(self, row: pd.Series) -> list[tuple[str, dict]]:
        """The units whose own report measures a rolled-up figure against another target."""
        differs = []
        owns = self._own_targets()
        for unit_id in row["units"]:
            own = owns.get((unit_id, row["indicator_id"], row["period"]))
            if own is None:
                continue
            if (own["target_value"], own["target_comparison"], own["target_year"]) != (
                row["target_value"],
                row["target_comparison"],
                row["target_year"],
            ):
                differs.append((unit_id, own))
        return differs

    def _differs_note(self, row: pd.Series) -> str:
        """Which target a rolled-up figure is measured against, where a unit's own differs."""
        differs = self._differing_targets(row)
        if not differs:
            return ""
        lang, names = self.lang, self.workbook.localities["name"]
        owns = "; ".join(
            label(
                "key.own_target",
                lang,
                unit=names[unit_id],
                own=format_comparison(own["target_comparison"], own["target_value"], own["unit"], lang),
                year=int(own["target_year"]),
            )
            for unit_id, own in differs
        )
        scope = self._scope_text(row["target_scope_id"], row["target_scope_rank"])
        return " " + label("key.target_differs", lang, name=self.locality["name"], scope=scope, owns=owns)

    def _counts_fields(self, table: pd.DataFrame) -> dict[str, int]:
        """The counts a summary line states, of one table of figures."""
        counted = count_statuses(table["status"])
        return {name: counted[name] for name in ("total", "with_target", "met", "not_met", "pending", "restates")}

    def _coverage(self, table: pd.DataFrame) -> dict:
        """Who reported the rolled-up figures of the latest period, out of how many units."""
        units = sorted({u for us in table["units"] for u in us})
        names = self.workbook.localities["name"]
        latest = table.loc[table["period_end"].fillna(table["period_start"]).idxmax()]
        expected = rollup.expected_units(
            self.workbook,
            self.locality["locality_id"],
            latest["period"],
            latest["period_end"],
            latest["period_start"],
        )
        periods = sorted({parse_period(p) for p in table["period"]})
        return {
            "name": self.locality["name"],
            "k": len(set(units) & set(expected)),
            "n": len(expected),
            "names": ", ".join(names[u] for u in units),
            "periods": "; ".join(p.label(self.lang) for p in periods),
        }

    def _value_text(self, row: pd.Series) -> str:
        return format_qualified(row["qualifier"], row["result"], row["unit"], self.lang)

    def _target_text(self, row: pd.Series) -> str:
        return format_comparison(row["target_comparison"], row["target_value"], row["unit"], self.lang)

    def summary(self) -> Fragment:
        """Page 1: the key message in sentences, the headline indicators with their status, the
        counts, and where to look next."""
        lang, name = self.lang, self.locality["name"]
        table, rolled_up = self._headline_table()
        if table.empty:
            return self._render(
                "summary.html.j2", intro=self._without_figures(), messages=[], headline=[], sentences=[], next_steps=[]
            )
        intro = label("key.rolled_up", lang, **self._coverage(table)) if rolled_up else ""
        counts = self._counts_fields(table)
        below = self._rolled_latest() if not rolled_up else pd.DataFrame()
        # the units' figures measured against targets say more than the unit's own: both are
        # told, each under its own heading and with its own counts
        both = bool(len(below)) and bool((below["status"] != NO_TARGET).any())
        if both:
            sentences = [
                label("summary_line.own", lang, name=name, **counts),
                label("summary_line.units", lang, **self._counts_fields(below)),
            ]
        else:
            sentences = [label("summary_line", lang, **counts)]
        order = {NOT_MET: 0, BEHIND: 1, NOT_DUE: 2, ON_TRACK: 3, MET: 4}
        shown = sorted((row for row in rows_of(table) if row["status"] in order), key=lambda row: order[row["status"]])
        headline = [
            {
                "name": self._name(row),
                "result": self._value_text(row),
                "period": parse_period(row["period"]).label(lang),
                "target": label("target_by", lang, target=self._target_text(row), year=int(row["target_year"])),
                "status": row["status"],
                "status_label": self._status_label(row),
                "mark": STATUS_MARK[row["status"]],
                "period_year": _int(row["period_year"]) if "period_year" in row else "",
                "target_year": int(row["target_year"]),
            }
            for row in shown
        ]
        next_steps = [
            {
                "href": "#units" if rolled_up else "#pillars",
                "text": label("next.units" if rolled_up else "next.details", lang),
            }
        ]
        if not rolled_up and (counts["not_met"] or counts["pending"]):
            next_steps.append({"href": "#shortfalls", "text": label("next.shortfalls", lang)})
        next_steps.append({"href": "#appendix", "text": label("next.appendix", lang)})
        messages = [{"text": m, "items": []} for m in self.key_messages(table, rolled_up=rolled_up)]
        if both:
            periods = sorted({parse_period(p) for p in table["period"]})
            own_period = self._period_label() if self.period else "; ".join(p.label(lang) for p in periods)
            messages = [
                {"text": label("key.own", lang, name=name, period=own_period), "items": [m["text"] for m in messages]},
                {
                    "text": label("key.units_too", lang, **self._coverage(below)),
                    "items": self.key_messages(below, rolled_up=True),
                },
            ]
            next_steps.insert(1, {"href": "#units", "text": label("next.units", lang)})
        return self._render(
            "summary.html.j2",
            intro=intro,
            messages=messages,
            headline=headline,
            sentences=sentences,
            next_steps=next_steps,
        )

    def _without_figures(self) -> str:
        """One sentence for a unit with no figure to show, naming the units that have some."""
        lang, name = self.lang, self.locality["name"]
        units = rollup.units_with_figures(self.workbook, self.locality["locality_id"])
        if not units:
            return label("no_figures_at_all", lang, name=name)
        names = self.workbook.localities["name"]
        return label("nothing_rolled_up", lang, name=name, names=", ".join(names[u] for u in units))

    def pillar_sections(self) -> Fragment:
        """One section per pillar: the table of figures and a chart of rates against targets."""
        if self.table.empty:
            return Fragment("")  # the summary already says there are no figures
        parts = []
        # the table is read once; each pillar's rows are picked from it, and its chart gets only
        # the columns a bullet chart draws (filtering the whole table per pillar cost more than
        # the pillar's words)
        table = self.table
        records = rows_of(table)
        rated = (table["unit"] == "percent") & table["result"].notna()
        drawn = table[[f"name_{self.lang}", "status", "qualifier", "result", "target_value", "target_comparison"]]
        for pillar in self._pillars():
            title = label(f"pillar.{pillar}", self.lang)
            rates = drawn[rated & (table["pillar"] == pillar)]
            chart = ""
            if len(rates):
                caption = f"{label('chart_rate', self.lang)}: {title}. {label('chart_bullet', self.lang)}."
                chart = charts.bullet_chart(rates, self.lang, caption)
            parts.append(
                self._render(
                    "pillar.html.j2",
                    title=title,
                    chart=chart,
                    first=not parts,
                    rows=[self._row_context(row) for row in records if row["pillar"] == pillar],
                )
            )
        return Fragment("\n".join(parts))

    def shortfall_sentences(self) -> list[str]:
        """One sentence per figure that misses its target."""
        sentences = []
        for row in (row for row in rows_of(self.table) if row["status"] == NOT_MET):
            unit = row["unit"]
            gap = format_points(row["gap"], self.lang, signed=False)
            if unit == "percent":
                gap = f"{gap} {label('points', self.lang)}"
            if row["qualifier"]:
                # "chưa đạt 100%" is a range, not a value: no gap can be told
                bound = format_qualified(row["qualifier"], row["result"], unit, self.lang)
                target = format_comparison(row["target_comparison"], row["target_value"], unit, self.lang)
                sentences.append(label("bounded_sentence", self.lang, name=self._name(row), value=bound, target=target))
                continue
            key = "shortfall_sentence" if row["direction"] == "higher" else "excess_sentence"
            sentences.append(
                label(
                    key,
                    self.lang,
                    name=self._name(row),
                    value=format_value(row["result"], unit, self.lang),
                    target=format_value(row["target_value"], unit, self.lang),
                    gap=gap,
                )
            )
        return sentences

    def _distance(self, row: pd.Series) -> str:
        gap = format_points(row["gap"], self.lang, signed=False)
        if row["unit"] == "percent":
            gap = f"{gap} {label('points', self.lang)}"
        return gap

    def pending_sentences(self) -> list[str]:
        """One sentence per figure whose target's year is still to come and not yet met."""
        sentences = []
        for row in (row for row in rows_of(self.table) if row["status"] in PENDING):
            unit = row["unit"]
            words = {
                "name": self._name(row),
                "value": format_qualified(row["qualifier"], row["result"], unit, self.lang),
                "period": parse_period(row["period"]).label(self.lang),
                "target": format_comparison(row["target_comparison"], row["target_value"], unit, self.lang),
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
        table = self.table
        drawn = table[[f"name_{self.lang}", "status", "qualifier", "gap", "direction"]]  # what a gap chart draws
        missed = drawn[(table["status"] == NOT_MET) & (table["unit"] == "percent") & table["gap"].notna()]
        chart = charts.gap_chart(missed, self.lang, label("chart_gap", self.lang)) if len(missed) >= 2 else ""
        return self._render(
            "shortfalls.html.j2", chart=chart, sentences=self.shortfall_sentences(), pending=self.pending_sentences()
        )

    def _sources(self) -> list[dict]:
        sources = self.workbook.sources
        result = []
        for source_id, number in self.source_numbers.items():
            row = sources.loc[source_id]
            result.append(
                {
                    "number": number,
                    "title": row["title"],
                    "publisher": row["publisher"] if pd.notna(row["publisher"]) else "",
                    "published": format_date(row["published"].date(), self.lang) if pd.notna(row["published"]) else "",
                    "url": row["url"] if pd.notna(row["url"]) else "",
                }
            )
        return result

    def _validity(self, record: pd.Series) -> str:
        start, end = record["valid_from"], record["valid_to"]
        if pd.notna(start) and pd.notna(end):
            return label(
                "valid_between", self.lang, start=format_date(start, self.lang), end=format_date(end, self.lang)
            )
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
                target = label(
                    "target_by",
                    self.lang,
                    year=int(row["target_year"]),
                    target=format_comparison(row["target_comparison"], row["target_value"], unit, self.lang),
                )
            status_label = label(f"progress.{row['status']}", self.lang)
            rows.append(
                {
                    "name": indicator[f"name_{self.lang}"],
                    "first": self._figure_text(row["first"], row["first_period"], unit),
                    "latest": self._figure_text(row["latest"], row["latest_period"], unit),
                    "target": target or "–",
                    "achieved": self._growth(row["achieved"], row["method"], unit),
                    "needed": self._growth(row["needed"], row["method"], unit),
                    "status": row["status"],
                    "status_label": status_label,
                    "mark": PROGRESS_MARK[row["status"]],
                }
            )
            points = self.series[self.series["indicator_id"] == row["indicator_id"]]
            points = points.assign(period_label=[parse_period(p).label(self.lang) for p in points["period"]])
            sources = ", ".join(
                f"[{self.source_numbers[s]}] {self._locator(loc)}"
                for s, loc in zip(points["source_id"], points["locator"])
            )
            caption = (
                f"{label('chart_trend', self.lang)}: {indicator[f'name_{self.lang}']}. "
                f"{label('progress_status', self.lang)}: {status_label}. {sources}"
            )
            line = pd.concat([row, indicator[["unit", "name_vi", "name_en"]]])
            figures.append(charts.trend_chart(points, line, self.lang, caption))
        return self._render("progress.html.j2", rows=rows, charts=figures)

    def standing(self) -> Fragment:
        """Rank among the units of its level per year, and a merged province's former units."""
        from .standing import standing_section

        # ranks are among every unit of the level: the whole data folder
        return standing_section(self.all_data, self.locality["locality_id"], self.lang)

    def units(self) -> Fragment:
        """The units' standing and what their figures add up to; empty without units."""
        units = rollup.units_with_figures(self.workbook, self.locality["locality_id"])
        if not units:
            return Fragment("")
        standing = []
        # every unit's statuses in one pass: a province has a hundred communes
        everything = all_localities_table(self.workbook.limited_to(units), self.period or None)
        statuses: dict[str, list[str]] = {}
        periods_of: dict[str, set] = {}
        for unit_id, status, period in zip(
            everything["locality_id"].tolist(), everything["status"].tolist(), everything["period"].tolist()
        ):
            statuses.setdefault(unit_id, []).append(status)
            periods_of.setdefault(unit_id, set()).add(period)
        for unit_id in units:
            record = self.workbook.locality(unit_id)
            counted = count_statuses(statuses.get(unit_id, ()))
            periods = sorted({parse_period(p) for p in periods_of.get(unit_id, ())})
            standing.append(
                {
                    "name": record["name"],
                    "level": label(f"level.{record['level']}", self.lang),
                    "existed": self._validity(record) or "–",
                    "period": "; ".join(p.label(self.lang) for p in periods) or "–",
                    "met": counted["met"],
                    "not_met": counted["not_met"],
                    "pending": counted["pending"],
                    "pace": pace_note(counted["on_track"], counted["behind"], self.lang),
                    "restates": counted["restates"],
                    "no_target": counted["no_target"],
                }
            )
        figures = self.rolled_up.figures
        if self.period:
            figures = figures[figures["period"] == self.period]
        names = self.workbook.localities["name"]
        rolled = [self._rolled_context(row) for row in rows_of(figures)]
        left = self.rolled_up.left_out
        if self.period:
            left = left[left["period"] == self.period]
        indicator_names = self.workbook.indicators[f"name_{self.lang}"]
        left_out = [
            {
                "unit": names[unit_id],
                "name": "; ".join(indicator_names[i] for i in group["indicator_id"]),
                "period": parse_period(period).label(self.lang),
                "reason": label(f"reason.{reason}", self.lang),
            }
            for (unit_id, period, reason), group in left.groupby(["locality_id", "period", "reason"], sort=False)
        ]
        return self._render(
            "units.html.j2",
            units=standing,
            rolled=rolled,
            left_out=left_out,
            method=label("rollup_method", self.lang, name=self.locality["name"]),
        )

    def _rolled_context(self, row: pd.Series) -> dict:
        """A rolled-up figure: how many units reported, whose figures and sources, and why its
        target may differ from the units' own."""
        lang, names = self.lang, self.workbook.localities["name"]
        context = self._row_context(row, rolled_up=True)
        context["coverage"] = label(
            "coverage",
            lang,
            k=int(row["reported"]),
            n=int(row["expected"]),
            names=", ".join(names[u] for u in row["units"]),
        )
        context["cited"] = [
            {
                "number": self.source_numbers[source_id],
                "locator": self._locator(locator),
                "unit": names[unit_id],
            }
            for unit_id, source_id, locator in self._cited().get((row["indicator_id"], row["period"]), [])
        ]
        differs = [
            label(
                "target_differs",
                lang,
                unit=names[unit_id],
                name=self.locality["name"],
                own=format_comparison(own["target_comparison"], own["target_value"], own["unit"], lang),
                own_year=int(own["target_year"]),
                own_scope=self._scope_text(own["target_scope_id"], own["target_scope_rank"]),
            )
            for unit_id, own in self._differing_targets(row)
        ]
        context["caveats"] = differs
        return context

    def _cited(self) -> dict[tuple[str, str], list[tuple]]:
        """The units' figures by indicator and period (unit, source, locator), in file order:
        what each rolled-up figure cites, gathered in one pass."""
        if self._cited_found is None:
            figures = self._unit_figures()
            self._cited_found = {}
            for indicator_id, period, *cited in zip(
                *(
                    figures[column].tolist()
                    for column in ("indicator_id", "period", "locality_id", "source_id", "locator")
                )
            ):
                self._cited_found.setdefault((indicator_id, period), []).append(tuple(cited))
        return self._cited_found

    def collection(self) -> Fragment:
        """The collection rounds addressed to this unit's units: who reported, on time or late,
        who was returned or is missing (helpers/rounds.py); empty without a round."""
        from .. import rounds

        parts = []
        for round_id in rounds.rounds_of(self.workbook, self.locality["locality_id"]):
            table = rounds.status(self.workbook, round_id, self.made_on)
            total = rounds.counts(table)
            chase = rounds.to_chase(table)
            units = [
                {
                    "name": row["name"],
                    "code": row["admin_code"] if pd.notna(row["admin_code"]) else "",
                    "status": label(f"round.{row['status']}", self.lang),
                    "received": format_date(row["received"], self.lang) if row["received"] else "–",
                    "days_late": row["days_late"] or "",
                    "what": (
                        row["problem"]
                        if row["status"] == "refused"
                        else "; ".join(
                            self.workbook.indicators.at[i, f"name_{self.lang}"] for i in row["missing_indicators"]
                        )
                    ),
                }
                for row in rows_of(chase)
            ]
            parts.append(
                {
                    "heading": rounds.heading(self.workbook, round_id, self.made_on, self.lang),
                    "sentence": rounds.sentence(total, self.lang),
                    "counts": total,
                    "completeness": format_percent(total.completeness, self.lang),
                    "units": units,
                }
            )
        if not parts:
            return Fragment("")
        return self._render("collection.html.j2", rounds=parts)

    def data_quality(self) -> Fragment:
        """This locality's data-quality findings and the reconciliation of its reported rates."""
        locality_id = self.locality["locality_id"]
        # the whole folder's findings and reconciliation are worked out once per workbook (a render
        # runs report after report on it); this unit's are picked from them
        context = quality_context(
            self.workbook,
            self.lang,
            locality_id,
            for_analysts=False,
            found=findings_of(self.all_data, locality_id),
            reconciled=reconciled_of(self.all_data, locality_id),
        )
        context.pop("found")
        return self._render(
            "quality.html.j2",
            title=label("data_quality", self.lang),
            summary="",
            localities=[],
            show_locality=False,
            **context,
        )

    def sources(self) -> Fragment:
        """The numbered list of sources the figures and targets come from, then the appendix:
        what each indicator of the report measures."""
        sources = self._sources()
        listed = self._render("sources.html.j2", sources=sources) if sources else ""
        return Fragment(listed + self.appendix())

    def appendix(self) -> Fragment:
        """Per indicator: what it measures (numerator and denominator), its unit and direction,
        and where its target comes from."""
        table, _ = self._headline_table()
        if table.empty:
            return Fragment("")
        indicators = self.workbook.indicators
        rows = []
        for row in rows_of(table.drop_duplicates("indicator_id")):
            indicator = indicators.loc[row["indicator_id"]]
            target = ""
            if pd.notna(row["target_value"]):
                target = (
                    f"{self._target_text(row)} {label('by_year', self.lang, year=int(row['target_year']))}"
                    f" · {self._scope_text(row['target_scope_id'], row['target_scope_rank'])}"
                )
            rows.append(
                {
                    "name": indicator[f"name_{self.lang}"],
                    "pillar": label(f"pillar.{indicator['pillar']}", self.lang),
                    "unit": label(f"unit_name.{indicator['unit']}", self.lang),
                    "direction": label(f"direction.{indicator['direction']}", self.lang),
                    "numerator": indicator.get("numerator_vi") if pd.notna(indicator.get("numerator_vi")) else "",
                    "denominator": indicator.get("denominator_vi") if pd.notna(indicator.get("denominator_vi")) else "",
                    "target": target,
                    "target_number": (
                        self.source_numbers[row["target_source_id"]] if pd.notna(row["target_value"]) else ""
                    ),
                    "target_locator": row["target_locator"] if pd.notna(row["target_value"]) else "",
                }
            )
        return self._render("appendix.html.j2", rows=rows)


class FailedReport:
    """What a notebook's report variables hold after a report failed to load: every use says so in
    one sentence, instead of showing the previous locality's figures below the error."""

    def __init__(self, message: str):
        self._message = message

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        raise ReportError(self._message)

    def __repr__(self) -> str:
        return self._message


def _retire_reports(error: ReportError, lang: str) -> None:
    # In a notebook, `report` still holds the last report that loaded; it no longer applies.
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    message = text("report.not_made", lang, error=error)
    for name, value in list(shell.user_ns.items()):
        if isinstance(value, LocalityReport) and not name.startswith("_"):
            shell.user_ns[name] = FailedReport(message)


def _period_text(period, lang: str) -> str:
    """The period as the notebook's parameter gives it: text, or a whole year as a number
    (``papermill -p period 2019`` passes 2019); anything not a period is refused, never guessed."""
    if isinstance(period, int) and not isinstance(period, bool):
        period = str(period)
    if period is None:
        period = ""
    if not isinstance(period, str):
        raise ReportError(text("report.bad_period", lang, period=period))
    period = period.strip()
    if period:
        try:
            parse_period(period)
        except ValueError:
            raise ReportError(text("report.bad_period", lang, period=period)) from None
    return period


def _int(value) -> int | None:
    return None if pd.isna(value) else int(value)


def _own_and_below(workbook: Workbook, locality_id: str) -> list[str]:
    """The unit, every unit below it, and the former units whose figures it carries onto today's
    map (those it succeeded, and theirs below them), transitively."""
    ids = [locality_id, *rollup.descendants(workbook, locality_id)]
    successors = workbook.localities["successor_ids"].dropna()
    successors = {u: set(v.split(";")) for u, v in successors.items() if v}
    seen = set(ids)
    grew = True
    while grew:
        grew = False
        for unit_id, after in successors.items():
            if unit_id not in seen and after & seen:
                for found in (unit_id, *rollup.descendants(workbook, unit_id)):
                    if found not in seen:
                        seen.add(found)
                        ids.append(found)
                grew = True
    return ids
