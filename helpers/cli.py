"""``cds``: the command line. A thin wrapper: parse arguments, call helpers, print, exit.

Exit codes: 0 success; 1 the data has errors or a report failed; 2 a usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import datetime
from pathlib import Path

from . import config
from .load import DataError, Workbook, load_workbook
from .periods import parse_period
from .quality import Finding, findings
from .render import (
    RenderError,
    html_document,
    render_data_quality,
    render_locality,
    report_stem,
    write_atomically,
)
from .report import TEMPLATES, LocalityReport, _labels


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cds", description="CĐS progress workbook")
    commands = parser.add_subparsers(dest="command", required=True)

    render = commands.add_parser("render", help="render locality reports to HTML and PDF")
    which = render.add_mutually_exclusive_group(required=True)
    which.add_argument("--all", action="store_true", help="every locality that has figures")
    which.add_argument("--locality", nargs="+", metavar="ID", help="these localities only")
    render.add_argument("--period", default="", help="a period such as 2022-M6 (default: latest figures)")
    render.add_argument("--lang", default="vi", help="vi, en or vi,en (default: vi)")
    render.add_argument("--formats", default="html,pdf", help="html, pdf or html,pdf (default: both)")
    render.add_argument("--data", help="data folder (default: the project's data/)")
    render.add_argument("--output", help="output folder (default: the project's output/)")

    validate = commands.add_parser("validate", help="check the data folder and list every problem")
    validate.add_argument("--data", help="data folder (default: the project's data/)")
    validate.add_argument("--lang", default="vi", choices=config.LANGUAGES)
    return parser


def _split(value: str, allowed: tuple[str, ...], what: str, parser: argparse.ArgumentParser) -> tuple[str, ...]:
    items = tuple(item.strip() for item in value.split(",") if item.strip())
    unknown = [item for item in items if item not in allowed]
    if unknown or not items:
        parser.error(f"{what} must be among {', '.join(allowed)}; got {value!r}")
    return items


def _load(data: str | None, lang: str) -> Workbook | None:
    try:
        return load_workbook(data)
    except DataError as error:
        heading = (f"Dữ liệu có {len(error.issues)} lỗi; chưa lập báo cáo nào:" if lang == "vi"
                   else f"The data has {len(error.issues)} problem(s); nothing was rendered:")
        print(heading, file=sys.stderr)
        print(error.format(lang), file=sys.stderr)
        return None


def _print_findings(workbook: Workbook, found: list[Finding], lang: str) -> None:
    vi = lang == "vi"
    header = ("Địa phương", "Số liệu", "Lỗi", "Cảnh báo") if vi else ("Locality", "Figures", "Errors", "Warnings")
    print(f"{header[0]:<30} {header[1]:>8} {header[2]:>6} {header[3]:>9}")
    for locality_id, count in workbook.figures.groupby("locality_id", sort=False).size().items():
        mine = [f for f in found if f.locality_id == locality_id]
        errors = sum(f.severity == "error" for f in mine)
        label_text = f"{locality_id} ({workbook.locality(locality_id)['name']})"
        print(f"{label_text:<30} {count:>8} {errors:>6} {len(mine) - errors:>9}")
    print()
    for finding in found:
        print(finding.format(lang))
    errors = sum(f.severity == "error" for f in found)
    warnings = len(found) - errors
    print(f"\n{errors} lỗi, {warnings} cảnh báo." if vi else f"\n{errors} error(s), {warnings} warning(s).")


def validate(args: argparse.Namespace) -> int:
    workbook = _load(args.data, args.lang)
    if workbook is None:
        return 1
    found = findings(workbook)
    _print_findings(workbook, found, args.lang)
    return 1 if any(f.severity == "error" for f in found) else 0


def write_index(workbook: Workbook, output: Path, period: str, lang: str = "vi") -> Path:
    """``output/index.html``: every report present, with its period, links and targets met."""
    reports = output / "reports"
    rows = []
    for locality_id in dict.fromkeys(workbook.figures["locality_id"]):
        links = [
            {"href": f"reports/{stem}.{extension}", "text": f"{extension.upper()} ({report_lang})"}
            for report_lang in config.LANGUAGES
            for stem in [report_stem(locality_id, report_lang)]
            for extension in ("html", "pdf")
            if (reports / f"{stem}.{extension}").exists()
        ]
        if not links:
            continue
        report = LocalityReport(workbook, locality_id, period, lang)
        counts = report.counts()
        periods = sorted({parse_period(p) for p in report.table["period"]})
        rows.append({
            "name": report.locality["name"], "province": workbook.province_of(locality_id)["name"],
            "period": "; ".join(p.label(lang) for p in periods), "links": links,
            "met": counts["met"], "not_met": counts["not_met"],
        })
    quality = [
        {"href": f"reports/{stem}.{extension}", "text": f"{extension.upper()} ({report_lang})"}
        for report_lang in config.LANGUAGES
        for stem in [report_stem("data_quality", report_lang)]
        for extension in ("html", "pdf")
        if (reports / f"{stem}.{extension}").exists()
    ]
    body = TEMPLATES.get_template("index.html.j2").render(
        t=_labels(lang), reports=rows, quality=quality,
        made_at=datetime.now().strftime("%d/%m/%Y %H:%M"))
    title = _labels(lang)["index_title"]
    path = output / "index.html"
    write_atomically(path, html_document(body, title=title, running_title=title, lang=lang))
    return path


def render(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    langs = _split(args.lang, config.LANGUAGES, "--lang", parser)
    formats = _split(args.formats, ("html", "pdf"), "--formats", parser)
    if args.period:
        try:
            parse_period(args.period)
        except ValueError as error:
            parser.error(f"--period: {error}")
    workbook = _load(args.data, langs[0])
    if workbook is None:
        return 1
    errors = [f for f in findings(workbook) if f.severity == "error"]
    if errors:
        print("Dữ liệu vi phạm quy tắc kiểm tra; chưa lập báo cáo nào:" if langs[0] == "vi"
              else "The data breaks validation rules; nothing was rendered:", file=sys.stderr)
        for finding in errors:
            print(finding.format(langs[0]), file=sys.stderr)
        return 1
    with_figures = list(dict.fromkeys(workbook.figures["locality_id"]))
    localities = with_figures if args.all else args.locality
    unknown = [lid for lid in localities if lid not in workbook.localities.index]
    if unknown:
        parser.error(f"unknown locality: {', '.join(unknown)}; known: {', '.join(with_figures)}")

    output = config.output_dir(args.output)
    jobs = [(lid, lang) for lid in localities for lang in langs]
    if args.all:
        jobs += [(None, lang) for lang in langs]  # the data-quality report
    failed = 0
    for number, (locality_id, lang) in enumerate(jobs, start=1):
        started = time.monotonic()
        labels = _labels(lang)
        name = locality_id or "data_quality"
        try:
            if locality_id is None:
                result = render_data_quality(title=labels["data_quality_title"], lang=lang,
                                             data_dir=workbook.data_dir, output=output, formats=formats)
            else:
                title = f"{labels['report_title']}: {workbook.locality(locality_id)['name']}"
                result = render_locality(locality_id, title=title, period=args.period, lang=lang,
                                         data_dir=workbook.data_dir, output=output, formats=formats)
        except RenderError as error:
            failed += 1
            print(f"[{number}/{len(jobs)}] {name} ({lang}) FAILED: {error}", file=sys.stderr)
            continue
        files = ", ".join(str(path.relative_to(output)) for path in result.files)
        print(f"[{number}/{len(jobs)}] {name} ({lang}) {time.monotonic() - started:.1f}s: {files}")
        for warning in result.warnings:
            print(f"    warning: {warning}", file=sys.stderr)
    print(f"index: {write_index(workbook, output, args.period, langs[0])}")
    print(f"{len(jobs) - failed} rendered, {failed} failed")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "validate":
            return validate(args)
        return render(args, parser)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - the user gets a sentence, not a traceback
        if os.environ.get("CDS_DEBUG"):
            raise
        print(f"cds: {type(error).__name__}: {error} (set CDS_DEBUG=1 to see the traceback)",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
