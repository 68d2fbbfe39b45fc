"""What every report shares: the one Jinja environment over templates/, HTML fragments, labels."""

from __future__ import annotations

import html
import re
import uuid
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from .. import statuses
from ..i18n import LABELS, text
from ..safe_text import plain
from ..statuses import BEHIND, MET, NO_TARGET, NOT_DUE, NOT_MET, ON_TRACK, RESTATES

TEMPLATE_FOLDER = Path(__file__).parent / "templates"
# Up to this many units with figures, the overview and the data-quality report show each unit;
# beyond (a national data folder), they are grouped by province so they stay a few pages.
DETAIL_UNITS = 60


def _shown(value: object) -> object:
    # every value a template prints: bidi controls removed (HTML is escaped by autoescape after)
    if isinstance(value, Markup):
        return Markup(plain(str(value)))
    return plain(value) if isinstance(value, str) else value


TEMPLATES = Environment(
    loader=FileSystemLoader(TEMPLATE_FOLDER),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
    finalize=_shown,
)
# Every status has a mark, so that it reads in black and white, and a colour; report.css gives
# the HTML the same colours (tests/test_pdf_layout.py checks), pdf.py the PDF.
STATUS_MARK = {MET: "✓", NOT_MET: "✗", BEHIND: "↘", ON_TRACK: "↗", NOT_DUE: "○", RESTATES: "=", NO_TARGET: "∅"}
STATUS_COLOUR = {
    MET: "#1b7f4c",
    NOT_MET: "#b3261e",
    BEHIND: "#9a5b00",
    ON_TRACK: "#1f5f99",
    NOT_DUE: "#1f5f99",
    RESTATES: "#5b5b60",
    NO_TARGET: "#5b5b60",
}
# the statuses whose words are set in bold (and restating in italics), as a reader must act on them
STATUS_BOLD = (NOT_MET, BEHIND)
# progress over time: the marks of the progress chart's points (★ ▲ ◆ ■ ▼ ●)
PROGRESS_MARK = {
    statuses.TARGET_ACHIEVED: "★",
    statuses.ON_TRACK: "▲",
    statuses.ACCELERATION_NEEDED: "◆",
    statuses.LIMITED_PROGRESS: "■",
    statuses.DETERIORATION: "▼",
    statuses.NO_TARGET: "●",
}
PROGRESS_COLOUR = {
    statuses.TARGET_ACHIEVED: "#1b7f4c",
    statuses.ON_TRACK: "#1f5f99",
    statuses.ACCELERATION_NEEDED: "#9a5b00",
    statuses.LIMITED_PROGRESS: "#b3261e",
    statuses.DETERIORATION: "#b3261e",
    statuses.NO_TARGET: "#5b5b60",
}
PROGRESS_BOLD = (statuses.LIMITED_PROGRESS, statuses.DETERIORATION)


# In a notebook a section carries its styles with it (scoped to its own <div>), so its tables read
# as in the report in JupyterLab, VS Code and plain nbconvert; the report's page strips them (it
# has the whole stylesheet). Doubling the class outweighs Lab's own table styles.
SCOPE = ".cds-section.cds-section"
_NOTE = '<span class="note">'
_shown_ids: list[str] = []  # display ids of the sections shown in this kernel


_from_stylesheet: dict = {}  # what is read from report.css: make -> (its (mtime, size), what was made)


def from_stylesheet(make):
    """``make(text of report.css)``, made once per process and again when the stylesheet changes
    (an analyst editing it in a Lab session sees the change in the next section or PDF)."""
    stat = (TEMPLATE_FOLDER / "report.css").stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    kept = _from_stylesheet.get(make)
    if kept is None or kept[0] != stamp:
        kept = _from_stylesheet[make] = (stamp, make((TEMPLATE_FOLDER / "report.css").read_text(encoding="utf-8")))
    return kept[1]


def _scoped_css() -> str:
    # made once per kernel (again when the stylesheet changes), not once per section shown
    return from_stylesheet(_scope)


def _scope(stylesheet: str) -> str:
    css = re.sub(r"/\*.*?\*/", "", stylesheet, flags=re.S)
    top = re.split(r"@media|@page", css)[0]  # the rules for the screen; not phones, not print
    rules = [
        f"{SCOPE} table {{ table-layout: auto; margin: 0.5rem 0 1rem; }}",
        f"{SCOPE} th, {SCOPE} td {{ max-width: none; line-height: 1.4; border: none; }}",
        f"{SCOPE} tbody tr:nth-child(odd), {SCOPE} tbody tr:hover {{ background: transparent; }}",
    ]
    for selectors, body in re.findall(r"([^{}@]+)\{([^{}]*)\}", top):
        scoped = []
        for selector in (part.strip() for part in selectors.split(",")):
            if selector == "body":
                continue
            scoped.append(SCOPE if selector in (":root", "html") else f"{SCOPE} {selector}")
        if scoped:
            rules.append(f"{', '.join(scoped)} {{ {' '.join(body.split())} }}")
    return "\n".join(rules)


class Fragment(str):
    """HTML that Jupyter displays as HTML, with the styles it needs to read right in a notebook."""

    def _repr_html_(self) -> str:
        if not self:
            return ""
        # the one rule that matters most also inline, for viewers that drop <style> (GitHub's)
        body = str(self).replace(_NOTE, '<span class="note" style="display: block">')
        return f'<div class="cds-section"><style data-cds-notebook>{_scoped_css()}</style>{body}</div>'

    def _ipython_display_(self) -> None:
        # Shown under a display id, so that a report that then fails to load can mark every
        # section still on screen as out of date (see outdate_shown_sections).
        from IPython.display import display

        if not self:
            return
        display_id = f"cds-{uuid.uuid4().hex}"
        _shown_ids.append(display_id)
        plain = " ".join(html.unescape(re.sub(r"<style.*?</style>|<[^>]+>", " ", self, flags=re.S)).split())
        display({"text/html": self._repr_html_(), "text/plain": plain[:300]}, raw=True, display_id=display_id)


class ReportError(Exception):
    """A report cannot be made, said in the analyst's words: a notebook shows the one sentence,
    without a traceback."""

    def _render_traceback_(self) -> list[str]:
        return [str(self)]


def outdate_shown_sections(lang: str) -> None:
    """Replace every section shown so far in this kernel by a line saying it is out of date, so
    that a report that failed to load leaves nothing of the previous one on screen."""
    try:
        from IPython import get_ipython
        from IPython.display import update_display
    except ImportError:
        return
    if get_ipython() is None:
        return
    notice = f'<p style="color: #5b5b60"><em>{html.escape(text("report.outdated", lang))}</em></p>'
    while _shown_ids:
        update_display(
            {"text/html": notice, "text/plain": text("report.outdated", lang)}, raw=True, display_id=_shown_ids.pop()
        )


def forget_shown_sections() -> None:
    """Forget the sections shown so far in this kernel: a render worker's kernel starts each report
    on a page of its own (helpers/engine.py), where none of the earlier reports' sections is, so a
    report that fails to load has nothing of theirs to mark out of date."""
    _shown_ids.clear()


def pace_note(on_track: int, behind: int, lang: str) -> str:
    """Which of the figures not yet due are on track or behind, as the locality's report marks
    them ("of which ↗ 1 on track, ↘ 2 behind"); empty when none has a path to judge by."""
    items = [
        text(f"pace.{status}", lang, mark=STATUS_MARK[status], n=n)
        for status, n in ((ON_TRACK, on_track), (BEHIND, behind))
        if n
    ]
    return text("pace.of_which", lang, items=", ".join(items)) if items else ""


def labels(lang: str) -> dict[str, str]:
    """Every label of :data:`helpers.i18n.LABELS` in ``lang``, for the templates' ``t``."""
    return {key: texts[lang] for key, texts in LABELS.items()}
