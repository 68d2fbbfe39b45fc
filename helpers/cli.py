"""``cds``: the command line. A thin wrapper: parse arguments, call helpers, print, exit.

Exit codes: 0 success; 1 the data has errors or a report failed; 2 a usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from . import config
from .i18n import label, language_or_default, message, text
from .periods import parse_period

if TYPE_CHECKING:  # pandas and the rest load when a command needs them: `cds render` may not
    from .load import DataError, Workbook
    from .quality import Finding


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
    render.add_argument(
        "--workers",
        type=int,
        default=None,
        help="parallel workers, each with a warm kernel (default: the machine's cores)",
    )
    render.add_argument(
        "--scheduler",
        metavar="tcp://HOST:PORT",
        help="send the work to an existing Dask cluster instead of local workers",
    )
    render.add_argument("--force", action="store_true", help="render even reports whose inputs are unchanged")
    render.add_argument(
        "--notebook",
        metavar="PATH",
        help="your copy of notebooks/locality_report.ipynb to render the localities' reports with "
        "(default: the shipped notebook)",
    )

    template = commands.add_parser("template", help="write an Excel form to collect a locality's figures")
    template.add_argument("--locality", required=True, metavar="ID")
    template.add_argument("--period", required=True, help="the period the form collects, e.g. 2024-M6")
    template.add_argument("--out", help="the .xlsx file to write (default: output/forms/<ID>_<period>.xlsx)")
    template.add_argument("--data", help="data folder (default: the project's data/)")
    template.add_argument(
        "--lang", default="vi", choices=config.LANGUAGES, help="the language of its messages (the form is Vietnamese)"
    )

    importer = commands.add_parser(
        "import", help="check filled Excel forms (files or folders) and merge the good ones into data/"
    )
    importer.add_argument("file", nargs="+", help="filled .xlsx forms, or folders of them")
    importer.add_argument("--round", metavar="ROUND", help="every form must belong to this round")
    importer.add_argument(
        "--received",
        metavar="YYYY-MM-DD",
        help="the day the forms were received (default: each file's modification day)",
    )
    importer.add_argument("--data", help="data folder (default: the project's data/)")
    importer.add_argument("--lang", default="vi", choices=config.LANGUAGES)

    round_ = commands.add_parser("round", help="collection rounds: open, forms, status, remind")
    round_commands = round_.add_subparsers(dest="round_command", required=True)
    opener = round_commands.add_parser("open", help="open a round: a parent's units, a period, a due date")
    opener.add_argument("--parent", metavar="ID", help="the parent unit (omit with --level for the whole country)")
    opener.add_argument("--period", required=True, help="the period collected, e.g. 2025")
    opener.add_argument("--due", required=True, metavar="YYYY-MM-DD", help="the due date")
    opener.add_argument("--indicators", nargs="+", metavar="ID", help="the indicators asked for (default: all)")
    opener.add_argument(
        "--level",
        choices=config.LEVELS,
        help="expect every unit of this level under the parent (default: its direct units)",
    )
    opener.add_argument("--id", metavar="ROUND", help="the round's id (default: PARENT-PERIOD)")
    for name, helptext in (
        ("forms", "write one Excel form per expected unit"),
        ("status", "completeness and timeliness of a round"),
        ("remind", "a reminder message listing the units still to act"),
    ):
        command = round_commands.add_parser(name, help=helptext)
        command.add_argument("round", metavar="ROUND")
        if name == "forms":
            command.add_argument("--out", required=True, help="the folder to write the forms into")
        else:
            command.add_argument("--as-of", metavar="YYYY-MM-DD", help="the day to count from (default: today)")
    for command in (opener, *round_commands.choices.values()):
        if "--data" not in command._option_string_actions:
            command.add_argument("--data", help="data folder (default: the project's data/)")
            command.add_argument("--lang", default="vi", choices=config.LANGUAGES)

    synth = commands.add_parser("synth", help="write a synthetic national-scale data folder")
    synth.add_argument("--localities", type=int, help="how many communes (with --registry: the first N units)")
    synth.add_argument(
        "--registry", action="store_true", help="figures for the real registry's current units (data/localities.csv)"
    )
    synth.add_argument("--province", help="with --registry: this province and its communes only")
    synth.add_argument("--seed", type=int, default=0)
    synth.add_argument("--out", help="the folder to write (default: output/synth-<N>-<seed>)")
    synth.add_argument("--lang", default="vi", choices=config.LANGUAGES)

    ingest = commands.add_parser(
        "ingest", help="propose figure rows from report text (.txt, .docx, .pdf) for review, or accept a review"
    )
    ingest.add_argument("files", nargs="*", metavar="FILE", help="reports to read")
    ingest.add_argument("--out", help="the review file to write (.xlsx or .csv)")
    ingest.add_argument("--accept", metavar="REVIEW", help="merge the rows marked accepted in this review file")
    ingest.add_argument("--data", help="data folder (default: the project's data/)")
    ingest.add_argument("--lang", default="vi", choices=config.LANGUAGES)

    table = commands.add_parser("import-table", help="merge a national table (.csv, .xlsx) into figures.csv")
    table.add_argument("file", help="the table: one row per unit (and period), one column per indicator")
    table.add_argument("--unit-column", required=True, metavar="COL", help="the column naming the unit")
    when = table.add_mutually_exclusive_group(required=True)
    when.add_argument("--period-column", metavar="COL", help="the column giving each row's period")
    when.add_argument("--period", help="the period of every row, e.g. 2024")
    table.add_argument(
        "--indicator",
        action="append",
        required=True,
        metavar="COLUMN=INDICATOR_ID",
        help="a column and the indicator it holds (repeatable)",
    )
    table.add_argument("--source", required=True, metavar="SOURCE_ID", help="the table's source in sources.csv")
    table.add_argument("--level", choices=config.LEVELS, help="match names among units of this level only")
    table.add_argument(
        "--numbers",
        choices=config.NUMBERS,
        help="how the table writes numbers, when a cell such as 18.592 reads both ways",
    )
    table.add_argument("--data", help="data folder (default: the project's data/)")
    table.add_argument("--lang", default="vi", choices=config.LANGUAGES)

    exporter = commands.add_parser("export", help="write every result as one tidy table (.csv or .xlsx)")
    exporter.add_argument("--out", required=True, help="the .csv or .xlsx file to write")
    exporter.add_argument("--indicator", nargs="+", metavar="ID", help="these indicators only")
    exporter.add_argument("--period", nargs="+", metavar="PERIOD", help="these periods only")
    exporter.add_argument("--level", choices=config.LEVELS, help="this level only")
    exporter.add_argument(
        "--units-as-of",
        metavar="YYYY-MM-DD",
        help="on the map of that day: former units' figures carried into today's units",
    )
    exporter.add_argument(
        "--round", metavar="ROUND", help="write the round's completeness and timeliness, one row per expected unit"
    )
    exporter.add_argument("--data", help="data folder (default: the project's data/)")
    exporter.add_argument("--lang", default="vi", choices=config.LANGUAGES)

    validate = commands.add_parser("validate", help="check the data folder and list every problem")
    validate.add_argument("--data", help="data folder (default: the project's data/)")
    validate.add_argument("--lang", default="vi", choices=config.LANGUAGES)
    return parser


def _lang(args: argparse.Namespace) -> str:
    """The language the command speaks: its --lang (the first of ``vi,en``), else Vietnamese."""
    return language_or_default(str(getattr(args, "lang", "")).split(",")[0].strip())


def _split(
    value: str, allowed: tuple[str, ...], what: str, parser: argparse.ArgumentParser, lang: str
) -> tuple[str, ...]:
    items = tuple(item.strip() for item in value.split(",") if item.strip())
    unknown = [item for item in items if item not in allowed]
    if unknown or not items:
        parser.error(text("cli.not_among", lang, option=what, allowed=", ".join(allowed), value=repr(value)))
    return items


def _period(value: str, option: str, parser: argparse.ArgumentParser, lang: str) -> None:
    from .periods import EXPECTED

    try:
        parse_period(value)
    except ValueError:
        parser.error(text("cli.bad_period", lang, option=option, value=repr(value.strip()), expected=EXPECTED))


def _load(data: str | None, lang: str) -> Workbook | None:
    from .load import DataError, load_workbook

    try:
        return load_workbook(data)
    except DataError as error:
        _print_data_error(error, lang)
        return None


def _print_data_error(error: DataError, lang: str) -> None:
    print(text("cli.data_errors", lang, count=len(error.issues)), file=sys.stderr)
    print(error.format(lang), file=sys.stderr)


def _print_findings(workbook: Workbook, found: list[Finding], lang: str) -> None:
    from .quality import findings_table

    print(findings_table(workbook, found, lang))
    print()
    for finding in found:
        print(finding.format(lang))
    errors = sum(f.severity == "error" for f in found)
    print("\n" + text("cli.summary_total", lang, errors=errors, warnings=len(found) - errors))


def validate(args: argparse.Namespace) -> int:
    from .quality import findings

    workbook = _load(args.data, args.lang)
    if workbook is None:
        return 1
    found = findings(workbook)
    _print_findings(workbook, found, args.lang)
    return 1 if any(f.severity == "error" for f in found) else 0


def render(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from .batch import notebook_problem, render_run

    lang = _lang(args)
    langs = _split(args.lang, config.LANGUAGES, "--lang", parser, lang)
    formats = _split(args.formats, ("html", "pdf"), "--formats", parser, lang)
    if args.workers is not None and args.workers < 1:
        parser.error(text("cli.workers", lang))
    if args.period:
        _period(args.period, "--period", parser, lang)
    if args.notebook:
        problem = notebook_problem(Path(args.notebook).resolve(), lang)
        if problem:
            parser.error(text("cli.bad_notebook", lang, path=args.notebook, problem=problem))
    run = render_run(
        None if args.all else args.locality,
        period=args.period,
        langs=langs,
        formats=formats,
        data=args.data,
        output=args.output,
        notebook=args.notebook,
        workers=args.workers,
        scheduler=args.scheduler,
        force=args.force,
    )
    if run.unknown:
        parser.error(text("cli.unknown_locality_known", lang, ids=", ".join(run.unknown), known=", ".join(run.known)))
    if run.data_error is not None:
        _print_data_error(run.data_error, lang)
        return 1
    if run.rule_errors:
        print(text("cli.rule_errors", lang), file=sys.stderr)
        for finding in run.rule_errors:
            print(finding.format(lang), file=sys.stderr)
        return 1
    if run.current:
        print(text("cli.all_current", lang))
    if run.page is not None:
        print(text("cli.index", lang, page=run.page))
    if run.index_error is not None:
        print(label("storage.index", lang, error=run.index_error), file=sys.stderr)
    print(run.summary.table(lang))
    return 1 if run.failed else 0


def ingest(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if bool(args.accept) == bool(args.files):
        parser.error(text("cli.ingest_usage", args.lang))
    if args.accept:
        return _accept(Path(args.accept), args)
    if not args.out:
        parser.error(text("cli.ingest_needs_out", args.lang))
    from .intake.ingest import propose_review

    review = propose_review([Path(f) for f in args.files], Path(args.out), config.data_dir(args.data), args.lang)
    if review.refused:
        print(review.refused, file=sys.stderr)
        return 1
    if review.data_error is not None:
        print(text("ingest.data_errors", args.lang), file=sys.stderr)
        print(review.data_error.format(args.lang), file=sys.stderr)
        return 1
    for note in review.notes:
        print(note, file=sys.stderr)
    if not review.written:
        print(text("ingest.nothing_written", args.lang), file=sys.stderr)
        return 1
    out = review.out
    print(text("ingest.proposed", args.lang, files=review.file_count, out=out, name=out.name, **review.counts))
    return 0


def _accept(path: Path, args: argparse.Namespace) -> int:
    """``cds ingest --accept REVIEW``: 0 when merged (or nothing to merge), 1 when data/ is unchanged."""
    from .intake.accept import accept_review

    result = accept_review(path, config.data_dir(args.data), args.lang)
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    if not result.ok:
        print(text("ingest.not_merged", args.lang), file=sys.stderr)
        for problem in result.problems:
            print(problem, file=sys.stderr)
        return 1
    print(
        text(
            "ingest.merged",
            args.lang,
            added=result.added,
            replaced=result.replaced,
            targets_added=result.targets_added,
            targets_replaced=result.targets_replaced,
            rejected=result.rejected,
            unreviewed=result.unreviewed,
            name=path.name,
        )
    )
    if result.indicators_added:
        ids = ", ".join(result.new_indicators)
        print(text("ingest.indicators_added", args.lang, count=result.indicators_added, ids=ids))
    return 0


def template(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from .intake.forms import write_template

    workbook = _load(args.data, args.lang)
    if workbook is None:
        return 1
    if args.locality not in workbook.localities.index:
        parser.error(text("cli.unknown_locality", args.lang, ids=args.locality))
    _period(args.period, "--period", parser, args.lang)
    safe_period = args.period.replace("/", "_").replace(".", "")
    out = Path(args.out) if args.out else config.output_dir() / "forms" / f"{args.locality}_{safe_period}.xlsx"
    out.parent.mkdir(parents=True, exist_ok=True)
    print(write_template(workbook, args.locality, args.period, out))
    return 0


def import_(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from .intake.collect import import_forms
    from .rounds import RoundError

    received = _day(args.received, "--received", parser, args.lang)
    try:
        result = import_forms(
            [Path(f) for f in args.file],
            config.data_dir(args.data),
            round_id=args.round,
            received=received,
            lang=args.lang,
        )
    except RoundError as error:  # the round the forms name is not in rounds.csv
        print(text("cli.not_imported", args.lang), file=sys.stderr)
        print(error, file=sys.stderr)
        return 1
    for line in [*result.notices, *result.warnings]:
        print(line, file=sys.stderr)
    if not result.ok:
        print(text("cli.not_imported", args.lang), file=sys.stderr)
        for problem in result.problems:
            print(problem, file=sys.stderr)
        return 1
    refused = result.of("refused")
    if refused:
        print(text("round.refused_header", args.lang), file=sys.stderr)
        for form in refused:
            print(f"  {form.path.name}:", file=sys.stderr)
            for problem in form.problems:
                print(f"    {problem}", file=sys.stderr)
    for form in result.of("superseded"):
        print(form.problems[0], file=sys.stderr)
    print(
        text(
            "round.import_summary",
            args.lang,
            files=len(result.forms),
            merged=len(result.of("merged")),
            added=result.added,
            replaced=result.replaced,
            unchanged=result.unchanged,
            refused=len(refused),
            superseded=len(result.of("superseded")),
        )
    )
    return 1 if refused else 0


def _day(value: str | None, option: str, parser: argparse.ArgumentParser, lang: str):
    from datetime import date

    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        parser.error(text("cli.bad_date", lang, option=option, value=repr(value)))


def round_(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from . import rounds
    from .intake.collect import open_round

    if args.round_command == "open":
        due = _day(args.due, "--due", parser, args.lang)
        _period(args.period, "--period", parser, args.lang)
        if not args.parent and not args.level:
            parser.error(text("cli.round_scope", args.lang))
        round_id, problems = open_round(
            config.data_dir(args.data),
            args.parent,
            args.period,
            due,
            indicators=args.indicators,
            level=args.level,
            round_id=args.id,
            lang=args.lang,
        )
        if problems:
            print(text("round.not_changed", args.lang), file=sys.stderr)
            for problem in problems:
                print(problem, file=sys.stderr)
            return 1
        workbook = _load(args.data, args.lang)
        record = workbook.rounds.loc[round_id]
        print(
            text(
                "round.opened",
                args.lang,
                round=round_id,
                parent=rounds.parent_name(workbook, record, args.lang),
                period=args.period,
                due=args.due,
                count=len(workbook.round_units[round_id]),
            )
        )
        return 0
    workbook = _load(args.data, args.lang)
    if workbook is None:
        return 1
    try:
        rounds.the_round(workbook, args.round, args.lang)
    except rounds.RoundError as error:
        print(error, file=sys.stderr)
        return 2
    if args.round_command == "forms":
        from .intake.collect import timed, write_round_forms

        written, seconds = timed(write_round_forms, workbook, args.round, Path(args.out))
        print(text("round.forms_written", args.lang, count=len(written), folder=args.out, seconds=f"{seconds:.1f}"))
        return 0
    today = _day(args.as_of, "--as-of", parser, args.lang)
    if args.round_command == "status":
        print(rounds.status_text(workbook, args.round, today, args.lang))
    else:
        print(rounds.reminders(workbook, args.round, today, args.lang))
    return 0


def import_table_(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from .intake.table import column_map, import_table

    try:
        columns = column_map(args.indicator, args.lang)
    except ValueError as error:
        parser.error(str(error))  # a sentence of i18n, in args.lang
    path = Path(args.file)
    if path.suffix.lower() not in (".csv", ".xlsx") or not path.exists():
        parser.error(text("cli.table_file", args.lang, value=repr(args.file)))
    if _load(args.data, args.lang) is None:
        return 1
    outcome = import_table(
        config.data_dir(args.data),
        path,
        lang=args.lang,
        unit_column=args.unit_column,
        indicators=columns,
        source_id=args.source,
        period=args.period,
        period_column=args.period_column,
        level=args.level,
        numbers=args.numbers,
    )
    if outcome.problems:
        print(message("table.stopped", args.lang), file=sys.stderr)
        for problem in outcome.problems:
            print(problem, file=sys.stderr)
        return 1
    counts = {key: outcome.counts.get(key, 0) for key in ("added", "replaced", "unchanged")}
    print(message("table.done", args.lang, records=outcome.records, units=outcome.units, **counts))
    return 0


def export_(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from .export import FORMATS, export, export_round

    out = Path(args.out)
    if out.suffix.lower() not in FORMATS:
        suffixes = text("cli.or", args.lang).join(FORMATS)
        parser.error(text("cli.export_suffix", args.lang, suffixes=suffixes, value=repr(args.out)))
    as_of = _day(args.units_as_of, "--units-as-of", parser, args.lang)
    workbook = _load(args.data, args.lang)
    if workbook is None:
        return 1
    if args.round:
        from .rounds import RoundError

        try:
            table = export_round(workbook, args.round, out, args.lang)
        except RoundError as error:
            parser.error(str(error))
        print(text("round.export_done", args.lang, rows=len(table), round=args.round, path=out))
        return 0
    unknown = [i for i in args.indicator or [] if i not in workbook.indicators.index]
    if unknown:
        parser.error(text("cli.unknown_indicators", args.lang, ids=", ".join(unknown)))
    table = export(workbook, out, as_of=as_of, indicators=args.indicator, periods=args.period, level=args.level)
    print(label("export.done", args.lang, rows=len(table), path=out))
    return 0


def _undo_interrupted_change(args: argparse.Namespace) -> None:
    """Before a command reads the data folder: a change to it that was interrupted half-way (a
    journal left behind) is undone first, and the user is told in one sentence."""
    if not hasattr(args, "data"):
        return
    from .files import recover

    folder = config.data_dir(args.data)
    restored = recover(folder) if folder.is_dir() else []
    if restored:
        print(message("data_restored", _lang(args), files=", ".join(restored), folder=folder), file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        _undo_interrupted_change(args)
        if args.command == "validate":
            return validate(args)
        if args.command == "synth":
            from .synth import SynthError, synthesize

            name = "registry" if args.registry else "synth"
            out = args.out or config.output_dir() / f"{name}-{args.province or args.localities or 'all'}-{args.seed}"
            try:
                written = synthesize(
                    args.localities,
                    args.seed,
                    Path(out),
                    registry=args.registry,
                    province=args.province,
                    lang=args.lang,
                )
                print(written)
            except SynthError as error:
                parser.error(str(error))
            return 0
        if args.command == "ingest":
            return ingest(args, parser)
        if args.command == "template":
            return template(args, parser)
        if args.command == "import":
            return import_(args, parser)
        if args.command == "round":
            return round_(args, parser)
        if args.command == "export":
            return export_(args, parser)
        if args.command == "import-table":
            return import_table_(args, parser)
        return render(args, parser)
    except KeyboardInterrupt:
        print(text("cli.interrupted", _lang(args)), file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - the user gets a sentence, not a traceback
        if os.environ.get("CDS_DEBUG"):
            raise
        print(text("cli.crashed", _lang(args), kind=type(error).__name__, error=error), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
