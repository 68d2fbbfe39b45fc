"""What every report shares: the one Jinja environment over templates/, HTML fragments, labels."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..compute import BEHIND, MET, NO_TARGET, NOT_DUE, NOT_MET, ON_TRACK, RESTATES
from ..i18n import LABELS

TEMPLATE_FOLDER = Path(__file__).parent / "templates"
TEMPLATES = Environment(
    loader=FileSystemLoader(TEMPLATE_FOLDER),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
STATUS_MARK = {MET: "✓", NOT_MET: "✗", NO_TARGET: "", NOT_DUE: "○", ON_TRACK: "↗", BEHIND: "↘",
               RESTATES: "="}


class Fragment(str):
    """HTML that Jupyter displays as HTML."""

    def _repr_html_(self) -> str:
        return str(self)


def labels(lang: str) -> dict[str, str]:
    """Every label of :data:`helpers.i18n.LABELS` in ``lang``, for the templates' ``t``."""
    return {key: texts[lang] for key, texts in LABELS.items()}
