"""The PDF of a report, typeset by Typst from the same page the HTML report is.

A report is built once, as the HTML its notebook's cells display (sections, headings,
paragraphs, tables, charts, sources). This module reads that page into a small tree and writes
it out as Typst markup, which the ``typst`` package (a self-contained wheel: no system library,
no browser) lays out as an A4 PDF with the running title, "n / N" page numbers, table headers
repeated on every page and the DejaVu fonts that matplotlib ships. Whatever the page holds, the
PDF holds: the workbook's sections, and what an analyst adds in a cell (a DataFrame, a chart,
markdown), since those reach the page as HTML too.

Only what the page shows is typeset: ``<style>``, ``<script>`` and hidden elements are dropped,
and every piece of text is passed to Typst as a string, never as markup, so nothing in the data
can change the layout.
"""

from __future__ import annotations

import base64
import functools
import itertools
import re
import tempfile
import threading
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from ..statuses import RESTATES
from .common import PROGRESS_BOLD, PROGRESS_COLOUR, STATUS_BOLD, STATUS_COLOUR, from_stylesheet

VOID = {"br", "img", "hr", "col", "meta", "link", "input", "source", "wbr"}
DROPPED = {"style", "script", "head", "title", "colgroup", "template", "noscript", "button"}
BLOCKS = {
    "p",
    "div",
    "section",
    "main",
    "header",
    "footer",
    "article",
    "figure",
    "figcaption",
    "table",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "blockquote",
    "hr",
    "body",
    "html",
    "nav",
    "aside",
    "details",
    "summary",
}
MUTED = 'rgb("#5b5b60")'
# a list item or table row this long (in characters) or shorter is never split across pages
SHORT_BLOCK = 700
SHORT_INTRO = 400  # a paragraph under a heading this short stays with what follows it
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
LIST_GAP = "0.55em"  # between the items of a list, as between the lines of a paragraph


@dataclass
class Node:
    tag: str
    attrs: dict = field(default_factory=dict)
    children: list = field(default_factory=list)  # Node or str

    @functools.cached_property
    def classes(self) -> frozenset[str]:
        # read for every node several times over while the page is written out: split once
        return frozenset((self.attrs.get("class") or "").split())

    def find(self, tag: str) -> Node | None:
        for child in self.children:
            if isinstance(child, Node):
                if child.tag == tag:
                    return child
                found = child.find(tag)
                if found is not None:
                    return found
        return None

    def text(self) -> str:
        # asked of the same nodes again and again (cells, short paragraphs): joined once
        found = self.__dict__.get("_text")
        if found is None:
            found = self.__dict__["_text"] = "".join(c if isinstance(c, str) else c.text() for c in self.children)
        return found


class _TreeBuilder(HTMLParser):
    """A forgiving HTML reader: unclosed ``<p>``, ``<li>``, ``<td>`` and ``<tr>`` close themselves."""

    CLOSED_BY = {
        "p": BLOCKS - {"p"} | {"p"},
        "li": {"li"},
        "dt": {"dt", "dd"},
        "dd": {"dt", "dd"},
        "td": {"td", "th", "tr"},
        "th": {"td", "th", "tr"},
        "tr": {"tr", "tbody", "thead"},
    }

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        while len(self.stack) > 1 and tag in self.CLOSED_BY.get(self.stack[-1].tag, ()):
            if self.stack[-1].tag == "p" and tag not in BLOCKS:
                break
            self.stack.pop()
        node = Node(tag, {k: (v if v is not None else "") for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, {k: (v or "") for k, v in attrs}))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse_html(html: str) -> Node:
    """The page as a tree of :class:`Node` (and strings for text)."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def _string(text: str) -> str:
    """``text`` as a Typst string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _col_widths(css: str) -> dict[str, str]:
    # the stylesheet's column widths (``col.c-name { width: 29%; }``), so tables keep their shape
    return {name: width for name, width in re.findall(r"col\.([\w-]+)\s*\{\s*width:\s*([\d.]+%)", css)}


class _Writer:
    """Typst markup for a tree of :class:`Node`."""

    def __init__(self, images: Path, prefix: str = ""):
        self.images = images
        self.prefix = prefix
        self.image_count = 0
        self.widths = from_stylesheet(_col_widths)

    # -- inline ----------------------------------------------------------------------------

    def inline(self, nodes: list, *, pre: bool = False) -> str:
        out = []
        for node in nodes:
            if isinstance(node, str):
                text = node if pre else re.sub(r"\s+", " ", node)
                if text:
                    out.append(f"#{_string(text)};")
            else:
                out.append(self.element(node, inline=True))
        return "".join(out)

    def element(self, node: Node, inline: bool = False) -> str:
        tag = node.tag
        if tag in DROPPED or "hidden" in node.attrs or node.attrs.get("aria-hidden") == "true":
            return ""
        if "running-title" in node.classes:
            return ""
        style = node.attrs.get("style", "").replace(" ", "")
        if "display:none" in style:
            return ""
        handler = getattr(self, f"tag_{tag}", None)
        if handler is not None:
            return handler(node)
        if tag in BLOCKS:
            return self.blocks(node.children)
        return self.inline(node.children)

    def tag_br(self, node: Node) -> str:
        return "#linebreak();"

    def tag_strong(self, node: Node) -> str:
        return f"#strong[{self.inline(node.children)}];"

    tag_b = tag_th_inline = tag_strong

    def tag_em(self, node: Node) -> str:
        return f"#emph[{self.inline(node.children)}];"

    tag_i = tag_em

    def tag_code(self, node: Node) -> str:
        return f'#text(font: "DejaVu Sans Mono", size: 0.9em)[{self.inline(node.children, pre=True)}];'

    tag_kbd = tag_samp = tag_tt = tag_code

    def tag_sub(self, node: Node) -> str:
        return f"#sub[{self.inline(node.children)}];"

    def tag_sup(self, node: Node) -> str:
        return f"#super[{self.inline(node.children)}];"

    def tag_a(self, node: Node) -> str:
        href = node.attrs.get("href", "")
        body = self.inline(node.children)
        if href.startswith(("http://", "https://", "mailto:")):
            return f"#link({_string(href)})[{body}];"
        return body

    def tag_span(self, node: Node) -> str:
        body = self.inline(node.children)
        classes = node.classes
        if "note" in classes:  # a note sits on its own line under the value, small and grey
            return f"#linebreak();#text(size: 0.8em, fill: {MUTED})[{body}];"
        if "mark" in classes:
            return f"#strong[{body}];"
        if "url" in classes:
            return f"#text(fill: {MUTED})[{body}];"
        return body

    def tag_img(self, node: Node) -> str:
        src = node.attrs.get("src", "")
        match = re.match(r"data:image/(png|jpeg|gif|svg\+xml);base64,(.*)", src, re.S)
        if not match:
            return ""  # only images inside the page: a report never fetches anything
        kind = {"svg+xml": "svg", "jpeg": "jpg"}.get(match.group(1), match.group(1))
        self.image_count += 1
        name = f"{self.prefix}image-{self.image_count}.{kind}"
        (self.images / name).write_bytes(base64.b64decode(match.group(2)))
        alt = node.attrs.get("alt", "")
        # an image is never wider than the text column; a chart of the workbook fills it
        return (
            f"#layout(size => {{ let im = image({_string(name)}, alt: {_string(alt)}); "
            f"let w = measure(im).width; "
            f"if w > size.width {{ image({_string(name)}, alt: {_string(alt)}, width: 100%) }} else {{ im }} }});"
        )

    def tag_svg(self, node: Node) -> str:
        return ""  # inline SVG is rare in outputs; the workbook's charts come as <img>

    # -- blocks ----------------------------------------------------------------------------

    def blocks(self, nodes: list) -> str:
        """Block children: inline runs become paragraphs, blocks stay blocks."""
        out, run = [], []

        def flush():
            body = self.inline(run).strip()
            if body and body.replace('#" ";', ""):
                out.append(body + "\n\n")
            run.clear()

        after_heading = False
        # what each child is, None for what prints nothing (space between tags, styles)
        following = [
            (None if n.tag in DROPPED else n.tag) if isinstance(n, Node) else ("" if n.strip() else None) for n in nodes
        ]
        for index, node in enumerate(nodes):
            if isinstance(node, Node) and node.tag in BLOCKS and node.tag not in ("br",):
                flush()
                after = next((tag for tag in following[index + 1 :] if tag is not None), None)
                if after_heading and node.tag == "p" and len(node.text()) <= SHORT_INTRO and after is not None:
                    # a short note under a heading goes with the heading to what it introduces
                    # (a section that is only that note ends there, so the next section's
                    # heading is not chained to this one)
                    out.append(self.tag_p(node, sticky=True))
                else:
                    out.append(self.element(node))
                after_heading = node.tag in HEADINGS or (after_heading and not out[-1].strip())
            elif isinstance(node, Node) and node.tag == "img" and not run:
                out.append(self.element(node) + "\n\n")
            else:
                run.append(node)
        flush()
        return "".join(out)

    def tag_p(self, node: Node, sticky: bool = False) -> str:
        body = self.inline(node.children).strip()
        if not body:
            return ""
        classes = node.classes
        if "kicker" in classes:
            body = f"#text(size: 0.85em, fill: {MUTED}, tracking: 0.05em)[#upper[{body}]]"
        elif "method" in classes:
            body = f"#text(size: 0.8em, fill: {MUTED})[{body}]"
        if sticky:
            return f"#block(sticky: true, breakable: false)[{body}]\n\n"
        return body + "\n\n"

    def _heading(self, node: Node, level: int) -> str:
        return f"#heading(level: {level})[{self.inline(node.children).strip()}]\n\n"

    def tag_h1(self, node):
        return self._heading(node, 1)

    def tag_h2(self, node):
        return self._heading(node, 2)

    def tag_h3(self, node):
        return self._heading(node, 3)

    def tag_h4(self, node):
        return self._heading(node, 4)

    tag_h5 = tag_h6 = tag_h4

    def tag_header(self, node: Node) -> str:
        body = self.blocks(node.children)
        if "title-block" in node.classes:
            return f"#block(width: 100%, breakable: false, stroke: (bottom: 1.5pt), inset: (bottom: 8pt))[{body}]\n\n"
        return body

    def tag_pre(self, node: Node) -> str:
        return (
            f'#block(width: 100%)[#text(font: "DejaVu Sans Mono", size: 0.85em)'
            f"[{self.inline(node.children, pre=True).replace(chr(10), '#linebreak();')}]]\n\n"
        )

    def tag_blockquote(self, node: Node) -> str:
        return f"#pad(left: 1em)[{self.blocks(node.children)}]\n\n"

    def tag_hr(self, node: Node) -> str:
        return "#line(length: 100%, stroke: 0.5pt)\n\n"

    def tag_figure(self, node: Node) -> str:
        return f"#block(width: 100%, breakable: false, above: 0.8em, below: 1.2em)[{self.blocks(node.children)}]\n\n"

    def tag_figcaption(self, node: Node) -> str:
        return f"#text(size: 0.8em, fill: {MUTED})[{self.inline(node.children).strip()}]\n\n"

    def _list(self, node: Node, numbered: bool) -> str:
        """A list as one block per item, so that Typst keeps each short item whole and the
        last item with the one before it (never alone at the top of a page)."""
        items = []
        counter = int(node.attrs["start"]) if numbered and node.attrs.get("start", "").isdigit() else 1
        for child in node.children:
            if isinstance(child, Node) and child.tag == "li":
                body = self.blocks(child.children).strip()
                number = child.attrs.get("value", "")
                counter = int(number) if numbered and number.isdigit() else counter
                items.append((f"{counter}." if numbered else "•", body, len(child.text())))
                counter += 1
        if not items:
            return ""
        width = f"{max(len(marker) for marker, _, _ in items) * 0.62 + 0.1:.2f}em" if numbered else "0.8em"
        out = []
        for n, (marker, body, length) in enumerate(items):
            options = [
                f"above: {'auto' if n == 0 else LIST_GAP}",
                f"below: {'auto' if n == len(items) - 1 else LIST_GAP}",
            ]
            if length <= SHORT_BLOCK:
                options.append("breakable: false")
            if n == len(items) - 2:
                options.append("sticky: true")
            out.append(
                f"#block({', '.join(options)})[#grid(columns: ({width}, 1fr), column-gutter: 0.5em, "
                f"align(right)[#{_string(marker)};], [{body}])]\n"
            )
        return "".join(out) + "\n"

    def tag_ul(self, node):
        return self._list(node, False)

    def tag_ol(self, node):
        return self._list(node, True)

    def tag_dl(self, node: Node) -> str:
        cells = []
        for child in node.children:
            if isinstance(child, Node) and child.tag in ("dt", "dd"):
                body = self.inline(child.children).strip()
                cells.append(f"text(fill: {MUTED})[{body}]" if child.tag == "dt" else f"[{body}]")
        return (
            f"#grid(columns: (auto, 1fr), column-gutter: 1em, row-gutter: 0.45em, {', '.join(cells)})\n\n"
            if cells
            else ""
        )

    def tag_table(self, node: Node) -> str:
        head, body, widths = [], [], []
        for child in node.children:
            if not isinstance(child, Node):
                continue
            if child.tag == "colgroup":
                widths = [
                    self.widths.get(next(iter(c.classes), ""), "")
                    for c in child.children
                    if isinstance(c, Node) and c.tag == "col"
                ]
            elif child.tag == "thead":
                head += [r for r in child.children if isinstance(r, Node) and r.tag == "tr"]
            elif child.tag in ("tbody", "tfoot"):
                body += [r for r in child.children if isinstance(r, Node) and r.tag == "tr"]
            elif child.tag == "tr":
                (
                    head if not body and all(isinstance(c, str) or c.tag == "th" for c in child.children) else body
                ).append(child)
        rows = head + body
        if not rows:
            return ""
        columns = max(_spans(r) for r in rows)
        if columns == 0:
            return ""
        if len(widths) == columns and all(widths):
            sizes = [w for w in widths]
        elif len(widths) == columns and any(widths):
            sizes = [w or "1fr" for w in widths]
        else:
            sizes = ["auto"] * columns
        # The last two rows are kept on one page by a cell spanning both in an extra column of
        # no width, that Typst may not break: the last row never stands alone on a new page.
        # Only for plain tables, where every row fills every column, and short last rows.
        keep = (
            len(body) >= 2
            and all(len(r.text()) <= SHORT_BLOCK for r in body[-2:])
            and all(
                _spans(r) == columns and not any(c.attrs.get("rowspan", "1") not in ("", "1") for c in _cells(r))
                for r in rows
            )
        )
        if keep:
            sizes.append("0pt")

        def row_cells(r: Node, position: int, header: bool = False) -> list[str]:
            # a long row may run on to the next page; a short one is never split
            cells = [self._cell(c, r, header=header, long=len(r.text()) > SHORT_BLOCK) for c in _cells(r)]
            if keep and position == len(rows) - 2:
                cells.append("table.cell(rowspan: 2, inset: 0pt, breakable: false)[]")
            elif keep and position < len(rows) - 2:
                cells.append("table.cell(inset: 0pt, breakable: true)[]")
            return cells

        header = ", ".join(c for n, r in enumerate(head) for c in row_cells(r, n, header=True))
        cells = ", ".join(c for n, r in enumerate(body, start=len(head)) for c in row_cells(r, n))
        parts = [f"columns: ({', '.join(sizes)},)"]
        if header:
            parts.append(f"table.header({header})")
        if cells:
            parts.append(cells)
        return f"#table({', '.join(parts)})\n\n"

    def _cell(self, cell: Node, row: Node, header: bool = False, long: bool = False) -> str:
        body = self.blocks(cell.children).strip()
        classes = cell.classes | row.classes
        options = ["breakable: true"] if long else []
        if "num" in cell.classes:
            options.append("align: right")
        for span in ("colspan", "rowspan"):
            value = cell.attrs.get(span, "")
            if value.isdigit() and int(value) > 1:
                options.append(f"{span}: {value}")
        if header or cell.tag == "th":
            body = f"#strong[{body}]"
            if header:
                options.append('fill: rgb("#eef0f3")')
        if "status" in cell.classes:  # a status reads as in the HTML: its colour, bold or italic
            body = _status_text(row.classes, body)
        if "severity-error" in classes and ("nowrap" in cell.classes or cell is _first_cell(row)):
            body = f'#text(fill: rgb("#b3261e"), weight: "bold")[{body}]'
        if "where" in cell.classes:
            body = f"#text(size: 0.88em, fill: {MUTED})[{body}]"
        inner = f"[{body}]"
        return f"table.cell({', '.join(options)})" + inner if options else inner


def _status_text(classes: set[str], body: str) -> str:
    """A status cell's text in the colour and weight of its row's status (common.STATUS_*)."""
    for name in classes:
        kind, _, status = name.partition("-")
        colours, bold = {"status": (STATUS_COLOUR, STATUS_BOLD), "progress": (PROGRESS_COLOUR, PROGRESS_BOLD)}.get(
            kind, ({}, ())
        )
        if status in colours:
            style = ', weight: "bold"' if status in bold else ""
            style += ', style: "italic"' if status == RESTATES else ""
            return f"#text(fill: rgb({_string(colours[status])}){style})[{body}]"
    return body


def _cells(row: Node) -> list[Node]:
    return [c for c in row.children if isinstance(c, Node) and c.tag in ("td", "th")]


def _spans(row: Node) -> int:
    """How many columns a row's cells span."""
    return sum(int(c.attrs.get("colspan", "1")) if c.attrs.get("colspan", "").isdigit() else 1 for c in _cells(row))


def _first_cell(row: Node):
    return next((c for c in row.children if isinstance(c, Node) and c.tag in ("td", "th")), None)


PREAMBLE = """\
#set document(title: {title})
#set page(paper: "a4", margin: (top: 20mm, right: 15mm, bottom: 18mm, left: 15mm),
  foreground: context [
    #place(top + left, dx: 15mm, dy: 11mm, text(size: 8pt, fill: {muted}, {title}))
    #place(bottom + center, dy: -9mm, text(size: 8pt, fill: {muted},
      str(here().page()) + " / " + str(counter(page).final().first())))
  ])
#set text(font: "DejaVu Sans", size: 9.5pt, lang: {lang}, fallback: false)
#set par(leading: 0.55em, spacing: 0.9em, justify: false)
#set table(stroke: (x, y) => (bottom: 0.5pt + rgb("#c9c9cf")), inset: (x: 3.5pt, y: 3pt), align: left + top)
#show table: set text(size: 8.5pt)
#show table: set block(above: 0.5em, below: 1em)
#show heading: set text(weight: "bold")
// a heading is never the last thing on a page: it keeps with the block after it
#show heading: set block(sticky: true)
// a row of a table (a figure with its notes and caveats) is never split across two pages
#set table.cell(breakable: false)
#show heading.where(level: 1): set text(size: 17pt)
#show heading.where(level: 1): set block(above: 0.3em, below: 0.6em)
#show heading.where(level: 2): it => block(width: 100%, above: 1.4em, below: 0.6em, sticky: true,
  stroke: (bottom: 0.5pt + rgb("#c9c9cf")), inset: (bottom: 3pt), text(size: 12pt, it.body))
#show heading.where(level: 3): set text(size: 10pt)
#show heading.where(level: 3): set block(above: 1.1em, below: 0.5em)
#show link: set text(fill: rgb("#1d1d1f"))
"""


def _fonts() -> list[str]:
    # matplotlib's DejaVu fonts, found without importing matplotlib (a worker that typesets draws nothing)
    from importlib.util import find_spec

    return [str(Path(find_spec("matplotlib").origin).parent / "mpl-data" / "fonts" / "ttf")]


_compilers = threading.local()
# A compiler keeps every file it has read, and each report's files have names of their own (see
# html_to_pdf): about half a megabyte per report, gigabytes over a national run. A compiler is
# replaced after this many reports, which costs about 15 ms (its fonts are read again).
RENEW_AFTER = 25
_COMPILATIONS = itertools.count(1)


def _compiler():
    import typst

    compiler = getattr(_compilers, "compiler", None)
    uses = getattr(_compilers, "uses", 0)
    if compiler is None or uses >= RENEW_AFTER:
        # no font of the machine is used, so every machine makes the same PDF
        compiler = _compilers.compiler = typst.Compiler(font_paths=_fonts(), ignore_system_fonts=True)
        uses = 0
    _compilers.uses = uses + 1
    return compiler


def typst_source(html: str, images: Path, prefix: str = "") -> str:
    """The Typst markup of an HTML report page; its images are written into ``images``, their
    names starting with ``prefix``."""
    tree = parse_html(html)
    running = ""
    lang = "vi"
    html_node = tree.find("html")
    if html_node is not None:
        lang = html_node.attrs.get("lang", "vi") or "vi"
    stack = [tree]
    while stack:  # the running title is the page's .running-title, else its <title>
        node = stack.pop()
        if "running-title" in node.classes:
            running = node.text().strip()
            break
        stack.extend(c for c in node.children if isinstance(c, Node))
    if not running:
        title = tree.find("title")
        running = title.text().strip() if title is not None else ""
    body = tree.find("main") or tree.find("body") or tree
    writer = _Writer(images, prefix)
    preamble = PREAMBLE.format(title=_string(re.sub(r"\s+", " ", running)), muted=MUTED, lang=_string(lang[:2].lower()))
    return preamble + "\n" + writer.blocks(body.children)


def html_to_pdf(html: str) -> bytes:
    """The A4 PDF of an HTML report page (see the module's description)."""
    from typst import TypstError

    from .render import RenderError

    # Every compilation's files have names of their own: Typst knows a file by its path inside
    # the folder it is given, and a compiler that had seen "report.typ" or "image-1.svg" in an
    # earlier report could lay out pieces of that report's text in this one ("chợ" printed as
    # the "xã" of another page)
    stem = f"report-{next(_COMPILATIONS)}"
    with tempfile.TemporaryDirectory(prefix="cds-pdf-") as folder:
        root = Path(folder)
        source = typst_source(html, root, prefix=f"{stem}-")
        (root / f"{stem}.typ").write_text(source, encoding="utf-8")
        compiler = _compiler()
        try:
            return compiler.compile(str(root / f"{stem}.typ"), root=str(root), format="pdf")
        except TypstError as error:
            raise RenderError(f"PDF: {error.message} {getattr(error, 'hints', '')}".strip()) from error
        finally:
            _forget_layout(compiler)


# Typst keeps what it laid out in a cache shared by the process, and drops only what the last ten
# compilations did not use: a render worker kept ten reports' layouts, about 50 MB for each
# province's report (over 800 MB per worker once the provinces had passed through it). Each
# compilation ages that cache by one, so ten compilations of an empty page (itself cached, so they
# cost next to nothing) drop what a report left at once. A report costs no more CPU for it, since
# one report's layout is of little use to the next.
FORGET_AFTER = 10


def _forget_layout(compiler) -> None:
    for _ in range(FORGET_AFTER):
        compiler.compile(b"", format="svg")
