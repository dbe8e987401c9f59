"""Dates, times and numbers the Dutch way: the one place that writes and reads them.

The program shows a date as dd-mm-jjjj ("02-04-1971"), a moment as "02-04-1971 14:05", a
date in running text as "1 december 2026" and numbers with a dot between thousands and a
comma before decimals ("12.345", "1,5 MB"). Everything that shows or reads one of these
takes it from here, so the screens, the CLI, the pack and the spreadsheets agree.
"""

from __future__ import annotations

import calendar
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
NO_SUCH_MONTH = NO_SUCH_DATE + " Een jaar heeft twaalf maanden."
NO_SUCH_DAY = NO_SUCH_DATE + " {month} {year} heeft {days} dagen."
NO_LEAP_DAY = NO_SUCH_DATE + " {year} is geen schrikkeljaar."
# A two-digit year in a field that takes future dates is read as at most this many years
# ahead ("30" in 2026 is 2030, "71" is 1971); in a field for the past, never ahead.
TWO_DIGIT_YEARS_AHEAD = 10

# "2-4-1971", "02-04-1971", "2/4/1971", "2.4.1971", "2 4 1971", "2-4-71" and "2-4" (this
# year); the year is checked apart so a year of three digits gets its own sentence.
_SEPARATED = re.compile(r"^(\d{1,2})[-/. ](\d{1,2})(?:[-/. ](\d+))?$")
_RUN = re.compile(r"^\d+$")


class DateTextError(ValueError):
    """Text that is no date; the message says in Dutch what is wrong with it."""


def today() -> date:
    """The day it is now: the one clock every date field and default asks, so a test can
    set the day it plays on (replace this function) and be the same on every day."""
    return date.today()


def date_text(day: date | None) -> str:
    """02-04-1971; no date is the empty text."""
    return day.strftime(DATE_FORMAT) if day is not None else ""


def _full_year(two_digits: int, this_year: int, past: bool) -> int:
    year = this_year // 100 * 100 + two_digits
    ahead = 0 if past else TWO_DIGIT_YEARS_AHEAD
    return year - 100 if year > this_year + ahead else year


def _parts(text: str) -> tuple[str, str, str]:
    """Day, month and year as typed (the year may be empty: this year)."""
    if _RUN.match(text):
        # Digits only: ddmm, ddmmjj or ddmmjjjj. Other lengths (211, 2112026) could be
        # read more than one way, so they are refused rather than guessed.
        if len(text) in (4, 6, 8):
            return text[:2], text[2:4], text[4:]
        raise DateTextError(NOT_A_DATE)
    found = _SEPARATED.match(text)
    if found is None:
        raise DateTextError(NOT_A_DATE)
    day, month, year = found.groups()
    return day, month, year or ""


def parse_date(text: str, *, on: date | None = None, past: bool = False) -> date:
    """A date as a Dutch user types it, read the one way the whole program reads dates.

    Takes dd-mm-jjjj and d-m-jjjj with -, /, . or a space between ("28-11-2026",
    "28/11/26", "28.11.2026"), eight digits ("28112026"), six ("281126") and, for a date
    in the current year, just the day and month ("28-11", "2811"). A two-digit year is
    the nearest fitting year: at most TWO_DIGIT_YEARS_AHEAD ahead, or, with `past` (a
    field that takes no future dates, such as a birth date), never after this year.
    `on` is the day it is typed on (default `today()`).

    Raises DateTextError with a Dutch sentence for text that is no date, a year of one or
    three digits, or a date that does not exist ("31-02-1980", "29-02-2025").
    """
    typed_on = on if on is not None else today()
    day_text, month_text, year_text = _parts(text.strip())
    if not year_text:
        year = typed_on.year
    elif len(year_text) == 2:
        year = _full_year(int(year_text), typed_on.year, past)
    elif len(year_text) == 4:
        year = int(year_text)
    else:
        raise DateTextError(SHORT_YEAR)
    day, month = int(day_text), int(month_text)
    shown = f"{day:02d}-{month:02d}-{year:04d}"
    if year < 1:
        raise DateTextError(NO_SUCH_DATE.format(text=shown))
    if not 1 <= month <= 12:
        raise DateTextError(NO_SUCH_MONTH.format(text=shown))
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        if (month, day) == (2, 29):
            raise DateTextError(NO_LEAP_DAY.format(text=shown, year=year))
        raise DateTextError(
            NO_SUCH_DAY.format(
                text=shown, month=MONTHS[month - 1].capitalize(), year=year, days=days
            )
        )
    return date(year, month, day)


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


def counted(n: int, one: str, many: str) -> str:
    """A number with its noun in the right form: '1 casus', '3 casussen', '1.200 regels'."""
    return f"{number_text(n)} {one if n == 1 else many}"


def size_text(size: int) -> str:
    """Bytes as a Dutch figure with a decimal comma: '12 kB', '5,2 MB', '1,4 GB'."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} kB"
    if size < 1_000_000_000:
        return f"{decimal_text(size / 1_000_000)} MB"
    return f"{decimal_text(size / 1_000_000_000)} GB"
