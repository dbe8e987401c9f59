"""Dates, times and numbers the Dutch way: the one place that writes and reads them.

The program shows a date as dd-mm-jjjj ("02-04-1971"), a moment as "02-04-1971 14:05", a
date in running text as "1 december 2026" and numbers with a dot between thousands and a
comma before decimals ("12.345", "1,5 MB"). Everything that shows or reads one of these
takes it from here, so the screens, the CLI, the pack and the spreadsheets agree.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

DATE_FORMAT = "%d-%m-%Y"  # strftime: 02-04-1971
DATE_TIME_FORMAT = "%d-%m-%Y %H:%M"
DATE_TIME_SECONDS_FORMAT = "%d-%m-%Y %H:%M:%S"
DATE_HINT = "dd-mm-jjjj"  # how the format is named to the user
EXAMPLE = "02-04-1971"

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)

NOT_A_DATE = f"Schrijf de datum als {DATE_HINT}, bijvoorbeeld {EXAMPLE}."
SHORT_YEAR = f"Schrijf het jaar met vier cijfers, bijvoorbeeld {EXAMPLE}."
NO_SUCH_DATE = "De datum {text} bestaat niet."

# "2-4-1971", "02-04-1971", "2/4/1971", "2.4.1971", "2 4 1971" and "02041971".
_SEPARATED = re.compile(r"^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{2,4})$")
_RUN = re.compile(r"^(\d{2})(\d{2})(\d{4})$")


class DateTextError(ValueError):
    """Text that is no date; the message says in Dutch what is wrong with it."""


def date_text(day: date | None) -> str:
    """02-04-1971; no date is the empty text."""
    return day.strftime(DATE_FORMAT) if day is not None else ""


def parse_date(text: str) -> date:
    """dd-mm-jjjj (also d-m-jjjj, with /, . or a space between, or eight digits) to a date.

    Raises DateTextError with a Dutch sentence for text that is no date, a year not written
    with four digits, or a date that does not exist ("31-02-1980").
    """
    text = text.strip()
    found = _SEPARATED.match(text) or _RUN.match(text)
    if found is None:
        raise DateTextError(NOT_A_DATE)
    if len(found.group(3)) != 4:
        raise DateTextError(SHORT_YEAR)
    day, month, year = (int(part) for part in found.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise DateTextError(NO_SUCH_DATE.format(text=text)) from None


def date_time_text(moment: datetime, *, seconds: bool = False) -> str:
    """02-04-1971 14:05 (or 14:05:09), in the moment's own time zone."""
    return moment.strftime(DATE_TIME_SECONDS_FORMAT if seconds else DATE_TIME_FORMAT)


def stored_moment_text(iso: str, *, seconds: bool = False) -> str:
    """A moment stored as ISO text in UTC, shown in local time as dd-mm-jjjj uu:mm.

    A moment stored without a time zone is taken as UTC; an odd stored value is shown as it
    is, not hidden.
    """
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return date_time_text(moment.astimezone(), seconds=seconds)


def long_date(day: date) -> str:
    """1 december 2026: a date in running text."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def number_text(n: int) -> str:
    """12345 -> '12.345'."""
    return f"{n:,}".replace(",", ".")


def decimal_text(x: float, places: int = 1) -> str:
    """1.5 -> '1,5' (no thousands separator: used for sizes and shares)."""
    return f"{x:.{places}f}".replace(".", ",")
