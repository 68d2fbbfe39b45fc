"""Propose figure rows from Vietnamese report text, for an analyst to review, then accept them.

``cds ingest FILE… --out review.xlsx`` reads .txt, .docx and text-layer .pdf reports and writes
one proposed row per quantitative figure: value, numerator and denominator, unit, whether it is
an achievement, a target or a plain count, the qualifier ("trên 85%" → ``>``), the period, the
locality, a proposed indicator with its confidence and matched words, and where it was found
(¶N, character offsets, an excerpt). ``cds ingest --accept review.xlsx`` merges the rows marked
accepted into ``figures.csv`` (and targets into ``targets.csv``) through the loader's validation.

The stages live in their own modules: :mod:`helpers.intake.read` (files to paragraphs),
:mod:`helpers.intake.numbers` (numbers that are figures), :mod:`helpers.intake.context` (role,
period, locality, indicator), :mod:`helpers.intake.propose` (one report's proposals),
:mod:`helpers.intake.review` (the review file) and :mod:`helpers.intake.accept` (the merge).
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

from ..i18n import text
from ..load import DataError, load_workbook
from .propose import Proposal, check_text, propose
from .read import ReadError, read_document

__all__ = ["Proposal", "check_text", "main_accept", "main_ingest", "propose", "review_row"]


def review_row(proposal: Proposal, lang: str = "vi") -> dict:
    """A proposal as a row of the review file (see :data:`helpers.intake.review.COLUMNS`)."""
    return {
        "accept": "",
        "kind": proposal.kind,
        "indicator_id": proposal.indicator_id,
        "locality_id": proposal.locality_id,
        "period": proposal.period,
        "value": Decimal(proposal.value_text) if proposal.value_text else None,
        "numerator": proposal.numerator,
        "denominator": proposal.denominator,
        "qualifier": proposal.qualifier,
        "source_id": proposal.source_id,
        "locator": proposal.locator,
        "note": "",
        "new_indicator": proposal.new_indicator,
        "new_pillar": proposal.new_pillar,
        "printed": proposal.printed,
        "excerpt": proposal.excerpt,
        "check": check_text(proposal, lang),
        "confidence": proposal.confidence,
        "matched": proposal.matched,
        "candidates": proposal.candidates,
        "unit": proposal.unit,
        "measure": proposal.measure,
        "file": proposal.file,
        "char_start": proposal.char_start,
        "char_end": proposal.char_end,
    }


def main_ingest(files: list[Path], out: Path, data_dir: Path, lang: str = "vi") -> int:
    """``cds ingest FILE… --out review.xlsx|.csv``: propose rows for review.

    Returns
    -------
    int
        0 when the review file was written; 1 when a file could not be read or the data
        folder does not load (nothing is written then).
    """
    from .review import write_review

    out = Path(out)
    if out.suffix.lower() not in (".xlsx", ".csv"):
        print(text("ingest.bad_suffix", lang, file=out.name), file=sys.stderr)
        return 1
    try:
        workbook = load_workbook(data_dir)
    except DataError as error:
        print(text("ingest.data_errors", lang), file=sys.stderr)
        print(error.format(lang), file=sys.stderr)
        return 1
    proposals: list[Proposal] = []
    failed = False
    for path in files:
        try:
            document = read_document(Path(path))
        except ReadError as error:
            print(error.format(lang), file=sys.stderr)
            failed = True
            continue
        for warning in document.warnings:
            print(warning.format(lang), file=sys.stderr)
        proposals += propose(document, workbook)
    if failed:
        print(text("ingest.nothing_written", lang), file=sys.stderr)
        return 1
    write_review([review_row(p, lang) for p in proposals], out, workbook, lang)
    targets = sum(p.kind == "target" for p in proposals)
    flagged = sum(p.flagged for p in proposals)
    unknown = sum(not p.indicator_id for p in proposals)
    new = len({p.indicator_id for p in proposals if p.new_indicator})
    print(
        text(
            "ingest.proposed",
            lang,
            count=len(proposals),
            files=len(files),
            out=out,
            targets=targets,
            flagged=flagged,
            unknown=unknown,
            new=new,
            name=out.name,
        )
    )
    return 0


def main_accept(review: Path, data_dir: Path, lang: str = "vi") -> int:
    """``cds ingest --accept review.xlsx|.csv``: merge the accepted rows into data/.

    Returns
    -------
    int
        0 when merged (or nothing to merge), 1 when anything was wrong (data/ unchanged).
    """
    from .accept import accept_review

    result = accept_review(Path(review), Path(data_dir), lang)
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    if not result.ok:
        print(text("ingest.not_merged", lang), file=sys.stderr)
        for problem in result.problems:
            print(problem, file=sys.stderr)
        return 1
    print(
        text(
            "ingest.merged",
            lang,
            added=result.added,
            replaced=result.replaced,
            targets_added=result.targets_added,
            targets_replaced=result.targets_replaced,
            rejected=result.rejected,
            unreviewed=result.unreviewed,
            name=Path(review).name,
        )
    )
    if result.indicators_added:
        print(
            text("ingest.indicators_added", lang, count=result.indicators_added, ids=", ".join(result.new_indicators))
        )
    return 0
