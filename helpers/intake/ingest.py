"""Propose figure rows from Vietnamese report text, for an analyst to review, then accept them.

``cds ingest FILE… --out review.xlsx`` reads .txt, .docx and text-layer .pdf reports and writes
one proposed row per quantitative figure: value, numerator and denominator, unit, whether it is
an achievement, a target or a plain count, the qualifier ("trên 85%" → ``>``), the period, the
locality, a proposed indicator with its confidence and matched words, and where it was found
(¶N, character offsets, an excerpt). ``cds ingest --accept review.xlsx`` merges the rows marked
accepted into ``figures.csv`` (and targets into ``targets.csv``) through the loader's validation
(:func:`helpers.intake.accept.accept_review`). Both return what they did; ``cds`` prints it.

The stages live in their own modules: :mod:`helpers.intake.read` (files to paragraphs),
:mod:`helpers.intake.numbers` (numbers that are figures), :mod:`helpers.intake.context` (role,
period, locality, indicator), :mod:`helpers.intake.propose` (one report's proposals),
:mod:`helpers.intake.review` (the review file) and :mod:`helpers.intake.accept` (the merge).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..i18n import text
from ..load import DataError, load_workbook
from .propose import Proposal, check_text, propose
from .read import ReadError, read_document

__all__ = ["Proposal", "Review", "check_text", "propose", "propose_review", "review_row"]


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


@dataclass
class Review:
    """What :func:`propose_review` did: the review file written with its proposals, or why not."""

    out: Path
    file_count: int  # how many reports were asked to be read
    proposals: list[Proposal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # each file's warnings and refusal, in the order read
    refused: str = ""  # the review file cannot be written at all (its suffix)
    data_error: DataError | None = None  # the data folder does not load
    unreadable: int = 0  # files that could not be read: then nothing is written

    @property
    def written(self) -> bool:
        return not (self.refused or self.data_error is not None or self.unreadable)

    @property
    def counts(self) -> dict[str, int]:
        """The proposals in figures: all, targets, rates flagged, without an indicator, new indicators."""
        proposals = self.proposals
        return {
            "count": len(proposals),
            "targets": sum(p.kind == "target" for p in proposals),
            "flagged": sum(p.flagged for p in proposals),
            "unknown": sum(not p.indicator_id for p in proposals),
            "new": len({p.indicator_id for p in proposals if p.new_indicator}),
        }


def propose_review(files: list[Path], out: Path, data_dir: Path, lang: str = "vi") -> Review:
    """``cds ingest FILE… --out review.xlsx|.csv``: read each report, propose its figure rows and
    write them to the review file ``out``; nothing is written when a file cannot be read or the
    data folder does not load (:attr:`Review.written`). Notes and refusals are in ``lang``."""
    from .review import write_review

    review = Review(Path(out), len(files))
    if review.out.suffix.lower() not in (".xlsx", ".csv"):
        review.refused = text("ingest.bad_suffix", lang, file=review.out.name)
        return review
    try:
        workbook = load_workbook(data_dir)
    except DataError as error:
        review.data_error = error
        return review
    for path in files:
        try:
            document = read_document(Path(path))
        except ReadError as error:
            review.notes.append(error.format(lang))
            review.unreadable += 1
            continue
        review.notes += [warning.format(lang) for warning in document.warnings]
        review.proposals += propose(document, workbook)
    if review.written:
        write_review([review_row(p, lang) for p in review.proposals], review.out, workbook, lang)
    return review
