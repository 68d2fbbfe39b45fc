"""The data-quality report: findings and reconciliations across localities (``data_quality.ipynb``),
and the same for one locality's report."""

from __future__ import annotations

from datetime import date

from ..formatting import format_date, format_fraction, format_reported, format_value
from ..i18n import label
from ..load import Workbook, load_workbook_once
from ..quality import findings
from ..reconcile import reconcile
from .common import TEMPLATES, Fragment, labels


def quality_context(workbook: Workbook, lang: str, locality_id: str | None = None, for_analysts: bool = True) -> dict:
    """Findings and reconciliation rows ready for ``quality.html.j2``.

    Analysts see where each finding is (``figures.csv:30``) and the rule's id; a leader's page
    (``for_analysts=False``) names the indicator and says what is wrong, without internal ids.
    """
    names = workbook.indicators[f"name_{lang}"]
    found = findings(workbook, locality_id)
    rows = [
        {
            "locality": workbook.locality(f.locality_id)["name"],
            "severity": f.severity,
            "severity_label": label(f"severity.{f.severity}", lang),
            "subject": names.get(f.subject, f.subject if for_analysts else "–"),
            "detail": f.detail(lang),
            "location": f.location if for_analysts else "",
        }
        for f in found
    ]
    figures = workbook.figures
    if locality_id is not None:
        figures = figures[figures["locality_id"] == locality_id]
    reconciliation = [
        {
            "locality": workbook.locality(r["locality_id"])["name"],
            "name": names[r["indicator_id"]],
            "fraction": format_fraction(int(r["numerator"]), int(r["denominator"]), lang),
            "reported": format_reported(r["value_text"], "percent", lang),
            "computed": format_value(r["rate"], "percent", lang),
            "class_label": label(f"class.{r['reconciliation']}", lang),
        }
        for _, r in reconcile(figures).iterrows()
    ]
    return {"findings": rows, "reconciliation": reconciliation, "found": found, "show_where": for_analysts}


class DataQualityReport:
    """Findings across every locality: the ``data_quality.ipynb`` report."""

    def __init__(self, workbook: Workbook, lang: str = "vi", made_on: date | None = None):
        self.workbook = workbook
        self.lang = lang
        self.made_on = made_on or date.today()

    @classmethod
    def load(cls, lang: str = "vi", data_dir: str | None = None) -> DataQualityReport:
        return cls(load_workbook_once(data_dir or None), lang)

    def header(self) -> Fragment:
        t = labels(self.lang)
        return Fragment(
            TEMPLATES.from_string(
                '<header class="title-block"><p class="kicker">{{ kicker }}</p><h1>{{ title }}</h1>'
                '<dl class="facts"><dt>{{ made }}</dt><dd>{{ day }}</dd></dl></header>'
            ).render(
                kicker=t["report_title"],
                title=t["data_quality_title"],
                made=t["made_on"],
                day=format_date(self.made_on, self.lang),
            )
        )

    def findings(self) -> Fragment:
        context = quality_context(self.workbook, self.lang)
        found = context.pop("found")
        errors = sum(f.severity == "error" for f in found)
        localities = []
        for locality_id, count in self.workbook.figures.groupby("locality_id", sort=False).size().items():
            mine = [f for f in found if f.locality_id == locality_id]
            mine_errors = sum(f.severity == "error" for f in mine)
            localities.append(
                {
                    "name": self.workbook.locality(locality_id)["name"],
                    "figures": count,
                    "errors": mine_errors,
                    "warnings": len(mine) - mine_errors,
                }
            )
        summary = label(
            "quality_summary",
            self.lang,
            figures=len(self.workbook.figures),
            localities=len(localities),
            errors=errors,
            warnings=len(found) - errors,
        )
        return Fragment(
            TEMPLATES.get_template("quality.html.j2").render(
                t=labels(self.lang),
                title=label("data_quality", self.lang),
                summary=summary,
                localities=localities,
                show_locality=True,
                **context,
            )
        )
