"""Export an executed report notebook to HTML and PDF, and write files safely.

The executed notebook's outputs are assembled into one self-contained HTML page (charts inline,
styles inline, no script, no CDN); the PDF is typeset from that same page by Typst
(:mod:`helpers.reports.pdf`), so both read the same. Every file is written under a temporary
name and renamed into place, so an interrupted run never leaves a half-written report.
"""

from __future__ import annotations

import base64
import re
from html import escape
from typing import TYPE_CHECKING

from .. import config
from ..safe_text import for_header
from .common import TEMPLATE_FOLDER, TEMPLATES

if TYPE_CHECKING:  # what reads a report's sections needs no notebook library
    import nbformat

HIDDEN_TAGS = {"parameters", "injected-parameters", config.ANALYST_TAG}
# A section shown in a notebook carries its own styles (see common.Fragment); the page has them all.
NOTEBOOK_STYLE = re.compile(r"<style data-cds-notebook>.*?</style>", re.DOTALL)


class RenderError(Exception):
    """A report could not be made; the message says which and why."""


def report_stem(locality_id: str, lang: str) -> str:
    """``hong-ngu`` for the Vietnamese report, ``hong-ngu.en`` for the English one."""
    return locality_id if lang == config.LANGUAGES[0] else f"{locality_id}.{lang}"


def _output_html(output: dict, warnings: list[str]) -> str:
    kind = output["output_type"]
    if kind == "stream":
        if output["name"] == "stderr":
            warnings.append(output["text"].strip())
            return ""
        return f"<pre>{escape(output['text'])}</pre>"
    if kind == "error":
        raise RenderError(f"{output['ename']}: {output['evalue']}")
    data = output.get("data", {})
    if "text/html" in data:
        return NOTEBOOK_STYLE.sub("", _text(data["text/html"]))  # the page has the whole stylesheet
    # what an analyst's cell shows (a matplotlib or seaborn figure, Markdown): at most the column's width
    for kind in ("image/svg+xml", "image/png", "image/jpeg"):
        if kind in data:
            encoded = _text(data[kind]).strip()
            if kind == "image/svg+xml":  # kept as text in the notebook; an image like the others here
                encoded = base64.b64encode(encoded.encode("utf-8")).decode("ascii")
            return f'<figure class="cell-output"><img src="data:{kind};base64,{encoded}" alt=""></figure>'
    if "text/markdown" in data:
        from nbconvert.filters.markdown import markdown2html

        return markdown2html(_text(data["text/markdown"]))
    if "text/plain" in data:
        return f"<pre>{escape(_text(data['text/plain']))}</pre>"
    return ""


def _text(value: str | list[str]) -> str:
    return "".join(value) if isinstance(value, list) else value


def notebook_body(notebook: nbformat.NotebookNode, warnings: list[str]) -> str:
    """The report's body: markdown cells and the outputs of code cells, never code or parameters."""
    from nbconvert.filters.markdown import markdown2html

    parts = []
    for cell in notebook.cells:
        if HIDDEN_TAGS & set(cell.get("metadata", {}).get("tags", [])):
            continue
        if cell.cell_type == "markdown":
            parts.append(markdown2html(cell.source))
        elif cell.cell_type == "code":
            parts += [_output_html(output, warnings) for output in cell.get("outputs", [])]
    return "\n".join(part for part in parts if part)


def html_document(body: str, *, title: str, running_title: str, lang: str) -> str:
    """A complete, self-contained HTML page around ``body``."""
    css = (TEMPLATE_FOLDER / "report.css").read_text(encoding="utf-8")
    return TEMPLATES.get_template("document.html.j2").render(  # a name of any length fits one line
        body=body, title=for_header(title, 200), running_title=for_header(running_title), lang=lang, css=css
    )


def html_to_pdf(html: str) -> bytes:
    """The A4 PDF of a report page, typeset by Typst (see :mod:`helpers.reports.pdf`).

    Raises
    ------
    RenderError
        When the page cannot be typeset; the message says why.
    """
    from .pdf import html_to_pdf as typeset

    return typeset(html)
