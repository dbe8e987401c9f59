"""Bewaartermijnen: how long what is kept, as the team decides, with the sources stated.

The defaults follow reliability.md: the Wmo 2015 asks 15 years for the file (the WGBO's
20 years applies where the team gives medical care); the reporter's details are needed only
while the case runs; a report that led to no case has no national term, so it is a setting;
the access log is kept 5 years (the MedMij reading of NEN 7513) and is not a setting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

ACCESS_LOG_YEARS = 5


@dataclass(frozen=True, slots=True)
class Term:
    key: str
    default: int
    low: int
    high: int
    label: str
    explanation: str


TERMS: tuple[Term, ...] = (
    Term(
        "reporter_years",
        2,
        0,
        20,
        "Gegevens van de melder bewaren na afsluiten (jaren)",
        "Naam, organisatie en bereikbaarheid van de melder zijn alleen nodig zolang de casus "
        "loopt. Daarna worden ze gewist; de soort melder blijft voor de jaarcijfers.",
    ),
    Term(
        "case_years",
        15,
        1,
        20,
        "Afgesloten casus bewaren (jaren)",
        "De Wmo 2015 vraagt 15 jaar. Geeft het team medische zorg, dan geldt de WGBO: 20 jaar. "
        "Daarna wordt de casus met alles erbij verwijderd; alleen een regel zonder "
        "persoonsgegevens blijft dat er iets is verwijderd.",
    ),
    Term(
        "report_years",
        5,
        1,
        20,
        "Melding zonder casus bewaren (jaren)",
        "Voor meldingen die niet zijn opgepakt bestaat geen landelijke termijn; het team "
        "kiest. Ze tellen tot dan mee in de jaarcijfers.",
    ),
)
BY_KEY = {t.key: t for t in TERMS}


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    reporter_years: int = BY_KEY["reporter_years"].default
    case_years: int = BY_KEY["case_years"].default
    report_years: int = BY_KEY["report_years"].default

    def problems(self) -> dict[str, str]:
        found = {}
        for term in TERMS:
            value = getattr(self, term.key)
            if not term.low <= value <= term.high:
                found[term.key] = f"Kies een aantal jaren van {term.low} tot en met {term.high}."
        return found


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)
