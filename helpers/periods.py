"""The period notation used in ``figures.csv``.

===================  =========================================  ==========================
notation             meaning                                    Vietnamese source wording
===================  =========================================  ==========================
``2023``             calendar year 2023                         "năm 2023", "đến hết năm 2023"
``2022-M6``          1 January to the end of month 6 of 2022    "6 tháng đầu năm 2022"
``2022-M9``          first nine months of 2022                  "9 tháng 2022"
``2022-01-01/..``    from 1 Jan 2022 to the source's date       "tính từ ngày 01/01/2022"
``2022-01-01/2022-03-31``  a closed interval                    "từ 01/01 đến 31/3/2022"
===================  =========================================  ==========================
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date

from .formatting import format_date
from .i18n import label

EXPECTED = "YYYY, YYYY-Mn (n = 1..11), YYYY-MM-DD/.. or YYYY-MM-DD/YYYY-MM-DD"

_YEAR = re.compile(r"^(\d{4})$")
_MONTHS = re.compile(r"^(\d{4})-M(\d{1,2})$")
_INTERVAL = re.compile(r"^(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2}|\.\.)$")


@dataclass(frozen=True)
class Period:
    """A reporting period: a start date and an end date (``None`` = up to the source's date)."""

    start: date
    end: date | None
    notation: str

    def __lt__(self, other: Period) -> bool:
        # An open period ("to date") is placed by its start, as nothing later is known of it.
        return (self.end or self.start, self.start, self.notation) < (
            other.end or other.start,
            other.start,
            other.notation,
        )

    @functools.cached_property
    def canonical(self) -> str:
        """The one notation of the dates this period covers: ``2023`` for
        ``2023-01-01/2023-12-31``, ``2022-M6`` for ``2022-01-01/2022-06-30``. Two periods with
        the same dates are one period (for duplicates, targets and roll-ups)."""
        return canonical_notation(self.start, self.end)

    @property
    def year(self) -> int:
        """The year the period reports on: the year of its end, or of its start when open."""
        return (self.end or self.start).year

    @property
    def months(self) -> int | None:
        """For a year-to-date period (``YYYY-Mn`` or ``YYYY``), how many months it covers."""
        if _MONTHS.match(self.notation):
            return int(_MONTHS.match(self.notation).group(2))
        if _YEAR.match(self.notation):
            return 12
        return None

    def label(self, lang: str = "vi") -> str:
        """The period as a reader would say it."""
        months = self.months
        if months == 12:
            return label("period.year", lang, year=self.start.year)
        if months is not None:
            return label("period.months", lang, months=months, year=self.start.year)
        start = format_date(self.start, lang)
        if self.end is None:
            return label("period.open", lang, start=start)
        return label("period.closed", lang, start=start, end=format_date(self.end, lang))


def canonical_notation(start: date, end: date | None) -> str:
    """The shortest notation of the dates ``start`` … ``end`` (``None``: open)."""
    if end is None:
        return f"{start.isoformat()}/.."
    if start.month == 1 and start.day == 1 and end.year == start.year:
        if end.month == 12 and end.day == 31:
            return f"{start.year}"
        if end.day == calendar.monthrange(end.year, end.month)[1]:
            return f"{start.year}-M{end.month}"
    return f"{start.isoformat()}/{end.isoformat()}"


@functools.lru_cache(maxsize=65536)  # a national file repeats a handful of periods 10⁶ times
def parse_period(text: str) -> Period:
    """Parse a period in the workbook's notation.

    Raises
    ------
    ValueError
        When ``text`` is not in the notation; the message says what is expected.
    """
    text = text.strip()
    if match := _YEAR.match(text):
        year = int(match.group(1))
        return Period(date(year, 1, 1), date(year, 12, 31), text)
    if match := _MONTHS.match(text):
        year, months = int(match.group(1)), int(match.group(2))
        if 1 <= months <= 11:
            last_day = calendar.monthrange(year, months)[1]
            return Period(date(year, 1, 1), date(year, months, last_day), text)
    if match := _INTERVAL.match(text):
        try:
            start = date.fromisoformat(match.group(1))
            end = None if match.group(2) == ".." else date.fromisoformat(match.group(2))
        except ValueError:
            pass
        else:
            if end is None or end >= start:
                return Period(start, end, text)
    raise ValueError(f"not a period: {text!r}; expected {EXPECTED}")
