"""Dutch dates, times and numbers: written and read back the same way everywhere."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bemoeizorg.domain import formats
from bemoeizorg.domain.formats import DateTextError


def test_date_text_is_dd_mm_yyyy() -> None:
    assert formats.date_text(date(1971, 4, 2)) == "02-04-1971"
    assert formats.date_text(date(2026, 12, 31)) == "31-12-2026"
    assert formats.date_text(None) == ""


def test_a_datetime_shows_as_its_day() -> None:
    assert formats.date_text(datetime(2026, 3, 9, 23, 59)) == "09-03-2026"


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)))
def test_round_trip(day: date) -> None:
    assert formats.parse_date(formats.date_text(day)) == day


@pytest.mark.parametrize(
    "text",
    ["2-4-1971", "02-04-1971", "2/4/1971", "2.4.1971", "2 4 1971", "02041971", "  02-04-1971 "],
)
def test_the_ways_of_typing_a_date(text: str) -> None:
    assert formats.parse_date(text) == date(1971, 4, 2)


DECEMBER_2 = date(2026, 12, 2)  # the day the dates of issue 14 were typed on


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("28-11-2026", date(2026, 11, 28)),
        ("28112026", date(2026, 11, 28)),
        ("09122026", date(2026, 12, 9)),
        ("28/11/26", date(2026, 11, 28)),
        ("28.11.2026", date(2026, 11, 28)),
        ("281126", date(2026, 11, 28)),
        ("28-11", date(2026, 11, 28)),  # no year: this year
        ("2811", date(2026, 11, 28)),
        ("5-1", date(2026, 1, 5)),
        ("0501", date(2026, 1, 5)),
        ("1/12", date(2026, 12, 1)),  # before today's day of the month ...
        ("3/12", date(2026, 12, 3)),  # ... and after it: the same month, nothing shifted
        ("31-12", date(2026, 12, 31)),
        ("01-01-36", date(2036, 1, 1)),  # a short year at most ten years ahead ...
        ("01-01-37", date(1937, 1, 1)),  # ... else the century before
        ("02-04-71", date(1971, 4, 2)),
    ],
)
def test_a_date_typed_the_dutch_way(text: str, meant: date) -> None:
    assert formats.parse_date(text, on=DECEMBER_2) == meant


def test_a_short_year_in_a_field_for_the_past_is_never_ahead() -> None:
    assert formats.parse_date("01-01-27", on=DECEMBER_2, past=True) == date(1927, 1, 1)
    assert formats.parse_date("01-01-26", on=DECEMBER_2, past=True) == date(2026, 1, 1)
    assert formats.parse_date("14-07-58", on=DECEMBER_2, past=True) == date(1958, 7, 14)
    assert formats.parse_date("01-01-30", on=DECEMBER_2) == date(2030, 1, 1)


def test_without_a_day_given_the_clock_decides_the_year(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formats, "today", lambda: date(2031, 6, 1))
    assert formats.parse_date("28-11") == date(2031, 11, 28)
    assert formats.parse_date("2811") == date(2031, 11, 28)


def test_a_date_that_does_not_exist_is_refused() -> None:
    with pytest.raises(DateTextError) as refused:
        formats.parse_date("31-02-1980")
    assert str(refused.value) == "De datum 31-02-1980 bestaat niet. Februari 1980 heeft 29 dagen."
    with pytest.raises(DateTextError) as refused:
        formats.parse_date("31-04-2026")
    assert str(refused.value) == "De datum 31-04-2026 bestaat niet. April 2026 heeft 30 dagen."
    with pytest.raises(DateTextError) as refused:
        formats.parse_date("28-13-2026")
    assert str(refused.value) == (
        "De datum 28-13-2026 bestaat niet. Een jaar heeft twaalf maanden."
    )
    for text in ("00-01-2026", "01-00-2026", "01-01-0000"):
        with pytest.raises(DateTextError, match="bestaat niet"):
            formats.parse_date(text)


def test_29_february_only_in_a_leap_year() -> None:
    assert formats.parse_date("29-02-2024") == date(2024, 2, 29)
    assert formats.parse_date("29022028") == date(2028, 2, 29)
    assert formats.parse_date("29-02", on=date(2028, 1, 10)) == date(2028, 2, 29)
    with pytest.raises(DateTextError) as refused:
        formats.parse_date("29-02-2025")
    assert str(refused.value) == "De datum 29-02-2025 bestaat niet. 2025 is geen schrikkeljaar."
    with pytest.raises(DateTextError, match="2026 is geen schrikkeljaar"):
        formats.parse_date("2902", on=DECEMBER_2)
    with pytest.raises(DateTextError, match="1900 is geen schrikkeljaar"):
        formats.parse_date("29-02-1900")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "gisteren",
        "1971-04-02",
        "02-04-1971x",
        "2-4-71x",
        "28-11-",  # half typed
        "211",  # 2-11 or 21-1: not guessed
        "28112",
        "2811202",
        "123-4-2026",
    ],
)
def test_text_that_is_no_date_is_refused(text: str) -> None:
    with pytest.raises(DateTextError) as refused:
        formats.parse_date(text, on=DECEMBER_2)
    assert str(refused.value) == "Schrijf de datum als dd-mm-jjjj, bijvoorbeeld 02-04-1971."
    assert isinstance(refused.value, ValueError)


@pytest.mark.parametrize("text", ["02-04-197", "02-04-1", "28-11-20266"])
def test_a_year_of_one_three_or_five_digits_is_refused(text: str) -> None:
    with pytest.raises(DateTextError, match="vier cijfers"):
        formats.parse_date(text)


def test_date_time_text() -> None:
    moment = datetime(2026, 12, 1, 9, 5, 7)
    assert formats.date_time_text(moment) == "01-12-2026 09:05"
    assert formats.date_time_text(moment, seconds=True) == "01-12-2026 09:05:07"


def test_stored_moment_is_shown_in_local_time() -> None:
    stored = datetime(2026, 6, 30, 22, 15, 0, tzinfo=UTC)
    local = stored.astimezone()
    assert formats.stored_moment_text(stored.isoformat()) == local.strftime("%d-%m-%Y %H:%M")
    assert formats.stored_moment_text(stored.isoformat(), seconds=True).endswith(
        local.strftime("%H:%M:%S")
    )


def test_stored_moment_without_zone_is_utc_and_odd_values_show_as_they_are() -> None:
    naive = "2026-06-30T22:15:00"
    aware = datetime(2026, 6, 30, 22, 15, tzinfo=UTC)
    assert formats.stored_moment_text(naive) == formats.stored_moment_text(aware.isoformat())
    assert formats.stored_moment_text("kapot") == "kapot"


def test_stored_moment_in_another_zone_is_the_same_moment() -> None:
    plus_two = datetime(2026, 7, 1, 0, 15, tzinfo=timezone(timedelta(hours=2)))
    utc = datetime(2026, 6, 30, 22, 15, tzinfo=UTC)
    assert formats.stored_moment_text(plus_two.isoformat()) == formats.stored_moment_text(
        utc.isoformat()
    )


def test_long_date() -> None:
    assert formats.long_date(date(2026, 12, 1)) == "1 december 2026"
    assert formats.long_date(date(2027, 3, 15)) == "15 maart 2027"
    assert [formats.long_date(date(2026, m, 1)).split()[1] for m in (1, 5, 8)] == [
        "januari",
        "mei",
        "augustus",
    ]


def test_numbers_the_dutch_way() -> None:
    assert formats.number_text(7) == "7"
    assert formats.number_text(12345) == "12.345"
    assert formats.number_text(1234567) == "1.234.567"
    assert formats.decimal_text(3.45) == "3,5"
    assert formats.decimal_text(0.125, places=2) == "0,12"
    assert formats.decimal_text(2) == "2,0"


def test_counted_nouns_agree_with_their_number() -> None:
    """'1 minuten', '1 casussen' and 'De nieuwste 1 back-ups' read as mistakes."""
    assert formats.counted(1, "casus", "casussen") == "1 casus"
    assert formats.counted(0, "casus", "casussen") == "0 casussen"
    assert formats.counted(2, "minuut", "minuten") == "2 minuten"
    assert formats.counted(1200, "regel", "regels") == "1.200 regels"


def test_sizes_with_a_decimal_comma() -> None:
    assert formats.size_text(5_200_000) == "5,2 MB"
    assert formats.size_text(12_400) == "12 kB"
    assert formats.size_text(300) == "1 kB"
    assert formats.size_text(1_400_000_000) == "1,4 GB"
    assert "." not in formats.size_text(5_250_000)
