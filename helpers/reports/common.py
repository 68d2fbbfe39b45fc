"""What every report shares: the one Jinja environment over templates/, HTML fragments, labels."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ..compute import BEHIND, MET, NO_TARGET, NOT_DUE, NOT_MET, ON_TRACK, RESTATES
from ..i18n import LABELS
from ..safe_text import plain

TEMPLATE_FOLDER = Path(__file__).parent / "templates"


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
STATUS_MARK = {MET: "✓", NOT_MET: "✗", NO_TARGET: "", NOT_DUE: "○", ON_TRACK: "↗", BEHIND: "↘",
               RESTATES: "="}


class Fragment(str):
    """HTML that Jupyter displays as HTML."""

    def _repr_html_(self) -> str:
        return str(self)


def labels(lang: str) -> dict[str, str]:
    """Every label of :data:`helpers.i18n.LABELS` in ``lang``, for the templates' ``t``."""
    return {key: texts[lang] for key, texts in LABELS.items()}
