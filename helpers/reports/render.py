"""Export an executed report notebook to HTML and PDF, and write files safely.

The executed notebook's outputs are assembled into one self-contained HTML page (charts inline,
styles inline, no script, no CDN); the PDF is made from that same page by WeasyPrint, so both
read the same. Every file is written under a temporary name and renamed into place, so an
interrupted run never leaves a half-written report.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import nbformat
from matplotlib import get_data_path

from .. import config
from .common import TEMPLATE_FOLDER, TEMPLATES

HIDDEN_TAGS = {"parameters", "injected-parameters", config.ANALYST_TAG}


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
        return data["text/html"]
    if "image/png" in data:
        return f'<img src="data:image/png;base64,{data["image/png"].strip()}" alt="">'
    if "text/plain" in data:
        return f"<pre>{escape(data['text/plain'])}</pre>"
    return ""


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
    return TEMPLATES.get_template("document.html.j2").render(
        body=body, title=title, running_title=running_title, lang=lang, css=css)


def _pdf_font_css() -> str:
    # matplotlib ships DejaVu Sans, which covers Vietnamese fully; pointing WeasyPrint at it makes
    # the PDF independent of the fonts installed on the machine. WeasyPrint embeds what it uses.
    fonts = Path(get_data_path()) / "fonts" / "ttf"
    faces = [("normal", "normal", "DejaVuSans.ttf"), ("bold", "normal", "DejaVuSans-Bold.ttf"),
             ("normal", "italic", "DejaVuSans-Oblique.ttf"), ("bold", "italic", "DejaVuSans-BoldOblique.ttf")]
    return "\n".join(
        f'@font-face {{ font-family: "DejaVu Sans"; font-weight: {weight}; font-style: {style}; '
        f'src: url("{(fonts / name).as_uri()}"); }}'
        for weight, style, name in faces
    )


def html_to_pdf(html: str) -> bytes:
    """The PDF of a report page, made by WeasyPrint.

    Raises
    ------
    RenderError
        When WeasyPrint or the Pango library it needs is missing.
    """
    try:
        from weasyprint import CSS, HTML
    except (ImportError, OSError) as exc:
        raise RenderError(
            "PDF export needs WeasyPrint and the Pango library "
            "(Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0; "
            f"macOS: brew install pango). Import failed: {exc}"
        ) from exc
    return HTML(string=html, base_url=str(config.PROJECT_ROOT)).write_pdf(
        stylesheets=[CSS(string=_pdf_font_css())])
