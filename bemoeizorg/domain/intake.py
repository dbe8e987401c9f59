"""What a new report (melding) consists of, as plain values, and its checks."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date

from bemoeizorg.domain.identity import birth_date_problem, bsn_problem, event_date_problem
from bemoeizorg.domain.municipalities import BY_CODE
from bemoeizorg.domain.vocabulary import Concern, ReporterKind, Urgency


@dataclass(frozen=True, slots=True)
class PersonInput:
    family_name: str
    municipality_code: str
    prefix: str = ""
    given_names: str = ""
    alias: str = ""
    birth_date: date | None = None
    birth_year_estimate: int | None = None  # when only an approximate age is known
    bsn: str = ""
    address: str = ""
    postcode: str = ""
    city: str = ""


@dataclass(frozen=True, slots=True)
class ReporterInput:
    kind: ReporterKind
    organisation: str = ""
    name: str = ""
    contact: str = ""

    @property
    def anonymous(self) -> bool:
        return self.kind is ReporterKind.ANONIEM


@dataclass(frozen=True, slots=True)
class ReportInput:
    received_on: date
    municipality_code: str
    reporter: ReporterInput
    person: PersonInput | None = None  # a new person ...
    person_id: int | None = None  # ... or one already in the register
    concerns: tuple[Concern, ...] = field(default_factory=tuple)
    description: str = ""
    urgency: Urgency = Urgency.NORMAAL


def fold(text: str) -> str:
    """Lower case without accents or extra spaces: what search and matching compare."""
    if text.isascii():  # most names: no accents to take off (an import folds millions)
        return " ".join(text.lower().replace("-", " ").replace("'", "").split())
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.replace("-", " ").replace("'", "").split())


def person_search_text(p: PersonInput) -> str:
    return fold(" ".join((p.given_names, p.prefix, p.family_name, p.alias)))


def person_problems(p: PersonInput, today: date) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not p.family_name.strip() and not p.alias.strip():
        problems["family_name"] = (
            "Vul een achternaam in (of een roepnaam/alias als die onbekend is)."
        )
    if p.municipality_code not in BY_CODE:
        problems["municipality_code"] = "Kies de gemeente waar de persoon woont of verblijft."
    if problem := birth_date_problem(p.birth_date, today):
        problems["birth_date"] = problem
    if p.birth_year_estimate is not None and not (
        today.year - 120 <= p.birth_year_estimate <= today.year
    ):
        problems["birth_year_estimate"] = "Een geschatte leeftijd ligt tussen 0 en 120 jaar."
    if problem := bsn_problem(p.bsn):
        problems["bsn"] = problem
    return problems


def report_problems(r: ReportInput, today: date) -> dict[str, str]:
    """Field name -> Dutch message; empty when the report can be saved."""
    problems: dict[str, str] = {}
    if problem := event_date_problem(r.received_on, today, "De datum van ontvangst"):
        problems["received_on"] = problem
    if r.municipality_code not in BY_CODE:
        problems["municipality_code"] = "Kies een gemeente."
    if r.person is None and r.person_id is None:
        problems["person"] = "Vul in over wie de melding gaat."
    if r.person is not None:
        problems.update(person_problems(r.person, today))
    if not r.concerns:
        problems["concerns"] = "Kies minstens één zorg."
    if len(r.description) > 20_000:
        problems["description"] = "De beschrijving is te lang (meer dan 20.000 tekens)."
    return problems
