"""Checks on a person's identifying details: BSN (11-test), dates, names."""

from __future__ import annotations

from datetime import date


def bsn_problem(bsn: str) -> str:
    """Empty when the BSN passes the 11-test (or is empty); else a Dutch reason."""
    digits = bsn.strip().replace(".", "").replace(" ", "")
    if not digits:
        return ""
    if not (digits.isascii() and digits.isdigit()) or len(digits) not in (8, 9):
        return "Een BSN bestaat uit 9 cijfers."
    digits = digits.zfill(9)
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    total -= int(digits[8])
    if total % 11 != 0 or digits == "000000000":
        return "Dit BSN klopt niet (de elfproef faalt). Controleer de cijfers."
    return ""


def normalise_bsn(bsn: str) -> str:
    digits = bsn.strip().replace(".", "").replace(" ", "")
    return digits.zfill(9) if digits else ""


def birth_date_problem(born: date | None, today: date) -> str:
    if born is None:
        return ""
    if born > today:
        return "Een geboortedatum kan niet in de toekomst liggen."
    if born.year < today.year - 120:
        return "Deze geboortedatum ligt meer dan 120 jaar terug."
    return ""


def event_date_problem(day: date | None, today: date, what: str = "De datum") -> str:
    if day is None:
        return f"{what} ontbreekt."
    if day > today:
        return f"{what} ligt in de toekomst."
    if day.year < 1990:
        return f"{what} ligt vóór 1990; controleer het jaartal."
    return ""


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def display_name(given: str, prefix: str, family: str) -> str:
    """'Jan van der Berg' from given names, tussenvoegsel and family name."""
    return " ".join(part for part in (given.strip(), prefix.strip(), family.strip()) if part)


def sort_name(given: str, prefix: str, family: str) -> str:
    """'Berg, Jan van der': how Dutch lists sort people (on the family name proper)."""
    tail = " ".join(p for p in (given.strip(), prefix.strip()) if p)
    return f"{family.strip()}, {tail}" if tail else family.strip()
