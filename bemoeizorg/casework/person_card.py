"""The person card (persoonskaart): a person's details as recorded, every case and melding
about them, past and present, and correcting the details.

Reading the card is logged as one view ("persoonskaart ingezien") of the case it was opened
from. A correction is one change ("persoonsgegevens: achternaam, BSN"): the names of the
fields that changed, never their values. Who may correct: a teamleider, or the case owner
(dossierhouder) of one of this person's cases, open or closed (the worker who knows the
person; a closed case still feeds the inzage and may be reopened). The check is here,
below every screen.

A correction also keeps the earlier value of every changed field (person_history, in the
same transaction): who changed it, when, and what it said. Reading those earlier values is
logged as a view ("eerdere persoonsgegevens ingezien"), like the card itself.

The contact persons of the person's network (a GP, a sister, a landlord: person_contact)
are read with the card and added, changed and removed by whoever may correct the person,
each logged as one change without a value. They stay inside the register: the pack and
the counts never read them; only the inzage (art. 15 AVG) shows them to the person.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bemoeizorg.casework.intake import FieldProblems, now_text, refuse_taken_bsn
from bemoeizorg.domain import formats
from bemoeizorg.domain.identity import display_name, normalise_bsn
from bemoeizorg.domain.intake import PersonInput, person_problems, person_search_text
from bemoeizorg.domain.municipalities import BY_CODE
from bemoeizorg.domain.people import Role
from bemoeizorg.domain.vocabulary import Concern, Outcome, Phase, TriageDecision
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.errors import InvalidInput, RegisterError
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import (
    Case,
    Person,
    PersonContact,
    PersonHistory,
    Report,
    ReportConcern,
    TeamMember,
)

CARD_READ = "persoonskaart ingezien"
HISTORY_READ = "eerdere persoonsgegevens ingezien"
CONTACT_ADDED = "contactpersoon toegevoegd"
CONTACT_CHANGED = "contactpersoon gewijzigd"
CONTACT_REMOVED = "contactpersoon verwijderd"
CONTACT_NAME_MISSING = "Vul de naam van de contactpersoon in."
CONTACT_TOO_LONG = "Dit is te lang (ten hoogste {n} tekens)."
NO_SUCH_CONTACT = "Deze contactpersoon staat niet (meer) bij deze persoon."
CHANGED = "persoonsgegevens: {fields}"
BSN_TAKEN = "Dit BSN staat al bij een andere persoon in het register."
# Field name -> what the change log calls it (names only: a value never goes in the log).
FIELD_LABELS: dict[str, str] = {
    "family_name": "achternaam",
    "prefix": "tussenvoegsel",
    "given_names": "voornamen",
    "alias": "roepnaam",
    "birth_date": "geboortedatum",
    "birth_year_estimate": "geschatte leeftijd",
    "bsn": "BSN",
    "address": "adres",
    "postcode": "postcode",
    "city": "woonplaats",
    "municipality_code": "gemeente",
}


class PersonChangeNotAllowed(RegisterError):
    def __init__(self) -> None:
        super().__init__(
            "Alleen een teamleider of de dossierhouder van een casus van deze persoon mag "
            "de persoonsgegevens wijzigen."
        )


@dataclass(frozen=True, slots=True)
class PersonCase:
    case_id: int
    number: str
    phase: Phase
    opened_on: date
    closed_on: date | None
    outcome: Outcome | None
    owner: str
    municipality: str

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


@dataclass(frozen=True, slots=True)
class PersonReport:
    report_id: int
    received_on: date
    concerns: tuple[Concern, ...]
    triage: TriageDecision
    case_number: str  # "" when the melding belongs to no case
    municipality: str


@dataclass(frozen=True, slots=True)
class ContactInput:
    """A contact person as typed: the name, and what they are to the person."""

    name: str
    relation: str = ""  # "huisarts", "zus", "verhuurder"
    phone: str = ""
    organisation: str = ""
    email: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class PersonContactLine:
    contact_id: int
    name: str
    relation: str
    phone: str
    organisation: str
    email: str
    note: str

    def input(self) -> ContactInput:
        return ContactInput(
            self.name, self.relation, self.phone, self.organisation, self.email, self.note
        )


@dataclass(frozen=True, slots=True)
class HistoryLine:
    """One earlier value of one field: when it was replaced, by whom, and what it said."""

    changed_at: str  # ISO moment in UTC, as stored
    changed_by: str
    field: str  # the field's Dutch name ("achternaam")
    old_value: str  # "" when the field was empty


@dataclass(frozen=True, slots=True)
class PersonCard:
    person_id: int
    person: PersonInput  # the details as stored
    cases: tuple[PersonCase, ...]  # newest first
    reports: tuple[PersonReport, ...]  # newest first
    may_edit: bool  # the acting user may correct the details (change_person)
    contacts: tuple[PersonContactLine, ...] = ()  # by name
    history_count: int = 0  # earlier values kept (read_person_history)
    merged_into_id: int | None = None  # merged into this person (casework.person_merge)

    @property
    def name(self) -> str:
        p = self.person
        return display_name(p.given_names, p.prefix, p.family_name) or p.alias


def stored_values(p: PersonInput) -> PersonInput:
    """The details as the register keeps them (trimmed, postcode in capitals, BSN in nine
    digits), as intake stores a new person."""
    return PersonInput(
        family_name=p.family_name.strip(),
        municipality_code=p.municipality_code,
        prefix=p.prefix.strip(),
        given_names=p.given_names.strip(),
        alias=p.alias.strip(),
        birth_date=p.birth_date,
        birth_year_estimate=None if p.birth_date is not None else p.birth_year_estimate,
        bsn=normalise_bsn(p.bsn),
        address=p.address.strip(),
        postcode=p.postcode.strip().upper(),
        city=p.city.strip(),
    )


def concerns_in_order(values: Iterable[str]) -> tuple[Concern, ...]:
    """Stored concerns in the order the intake form lists them."""
    order = list(Concern)
    return tuple(sorted((Concern(v) for v in values), key=order.index))


def _details(person: Person) -> PersonInput:
    return PersonInput(
        family_name=person.family_name,
        municipality_code=person.municipality_code,
        prefix=person.prefix,
        given_names=person.given_names,
        alias=person.alias,
        birth_date=person.birth_date,
        birth_year_estimate=person.birth_year_estimate,
        bsn=person.bsn,
        address=person.address,
        postcode=person.postcode,
        city=person.city,
    )


def _person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise InvalidInput("Deze persoon staat niet (meer) in het register.")
    return person


def _may_edit(session: Session, register: Register, role: Role, person_id: int) -> bool:
    if role is Role.TEAMLEIDER:
        return True
    owners = session.scalars(
        select(TeamMember.name)
        .join(Case, Case.owner_id == TeamMember.id)
        .where(Case.person_id == person_id)
    )
    user = register.user.casefold()
    return any(owner.casefold() == user for owner in owners)


def _logged_case(session: Session, person_id: int, from_case_id: int | None) -> int | None:
    """The case a reading or change is logged on: the one it was opened from, else the
    person's newest case (a person without a case: none)."""
    ids = list(
        session.scalars(
            select(Case.id).where(Case.person_id == person_id).order_by(Case.opened_on.desc())
        )
    )
    if from_case_id in ids:
        return from_case_id
    return ids[0] if ids else None


def _municipality(code: str) -> str:
    found = BY_CODE.get(code)
    return found.name if found else ""


def _cases(session: Session, person_id: int) -> tuple[PersonCase, ...]:
    rows = session.execute(
        select(Case, TeamMember.name)
        .outerjoin(TeamMember, TeamMember.id == Case.owner_id)
        .where(Case.person_id == person_id)
        .order_by(Case.opened_on.desc(), Case.id.desc())
    )
    return tuple(
        PersonCase(
            case_id=case.id,
            number=case.number,
            phase=Phase(case.phase),
            opened_on=case.opened_on,
            closed_on=case.closed_on,
            outcome=Outcome(case.outcome) if case.outcome else None,
            owner=owner or "",
            municipality=_municipality(case.municipality_code),
        )
        for case, owner in rows
    )


def _reports(session: Session, person_id: int) -> tuple[PersonReport, ...]:
    rows = list(
        session.execute(
            select(Report, Case.number)
            .outerjoin(Case, Case.id == Report.case_id)
            .where(Report.person_id == person_id)
            .order_by(Report.received_on.desc(), Report.id.desc())
        )
    )
    concerns: dict[int, list[str]] = {}
    for report_id, concern in session.execute(
        select(ReportConcern.report_id, ReportConcern.concern).where(
            ReportConcern.report_id.in_([report.id for report, _ in rows])
        )
    ):
        concerns.setdefault(report_id, []).append(concern)
    return tuple(
        PersonReport(
            report_id=report.id,
            received_on=report.received_on,
            concerns=concerns_in_order(concerns.get(report.id, [])),
            triage=TriageDecision(report.triage),
            case_number=number or "",
            municipality=_municipality(report.municipality_code),
        )
        for report, number in rows
    )


def _contacts(session: Session, person_id: int) -> tuple[PersonContactLine, ...]:
    rows = session.scalars(
        select(PersonContact)
        .where(PersonContact.person_id == person_id)
        .order_by(PersonContact.name, PersonContact.id)
    )
    return tuple(
        PersonContactLine(c.id, c.name, c.relation, c.phone, c.organisation, c.email, c.note)
        for c in rows
    )


def _history_count(session: Session, person_id: int) -> int:
    return len(
        list(session.scalars(select(PersonHistory.id).where(PersonHistory.person_id == person_id)))
    )


def person_of_case(register: Register, case_id: int) -> int:
    """Whom a case is about (its person's id); reads no case content, logs nothing."""
    with register.session() as session:
        person_id = session.scalar(select(Case.person_id).where(Case.id == case_id))
    if person_id is None:
        raise InvalidInput("Deze casus bestaat niet (meer).")
    return person_id


def read_person_card(
    register: Register, person_id: int, from_case_id: int | None = None
) -> PersonCard:
    """The card, logged as one view of the case it was opened from ("persoonskaart")."""
    role = register.role()
    with register.session() as session:
        person = _person(session, person_id)
        card = PersonCard(
            person_id=person.id,
            person=_details(person),
            cases=_cases(session, person_id),
            reports=_reports(session, person_id),
            may_edit=_may_edit(session, register, role, person_id),
            contacts=_contacts(session, person_id),
            history_count=_history_count(session, person_id),
            merged_into_id=person.merged_into_id,
        )
        logged = _logged_case(session, person_id, from_case_id)
        register.audit(session, Action.VIEW, logged, detail=CARD_READ)
        return card


def changed_fields(before: PersonInput, after: PersonInput) -> list[str]:
    """The names of the fields that differ, in the card's order."""
    return [
        f.name for f in fields(PersonInput) if getattr(before, f.name) != getattr(after, f.name)
    ]


def change_person(
    register: Register,
    person_id: int,
    details: PersonInput,
    from_case_id: int | None = None,
    *,
    today: date | None = None,
) -> tuple[str, ...]:
    """Correct a person's details, checked as at intake (and a BSN another person already
    has is refused). One CHANGE entry naming the changed fields; nothing changed, nothing
    written or logged. Returns the names of the fields that changed."""
    problems = person_problems(details, today or formats.today())
    if problems:
        raise FieldProblems(problems)
    new = stored_values(details)
    role = register.role()
    with register.session() as session:
        person = _person(session, person_id)
        if not _may_edit(session, register, role, person_id):
            raise PersonChangeNotAllowed()
        changed = changed_fields(_details(person), new)
        if not changed:
            return ()
        if "bsn" in changed:
            refuse_taken_bsn(session, new.bsn, person_id, BSN_TAKEN)
        stamp, user = now_text(), register.user
        for name in changed:
            session.add(
                PersonHistory(
                    person_id=person_id,
                    changed_at=stamp,
                    changed_by=user,
                    field=name,
                    old_value=value_text(name, getattr(person, name)),
                )
            )
            setattr(person, name, getattr(new, name))
        person.search_text = person_search_text(new)
        labels = ", ".join(FIELD_LABELS[name] for name in changed)
        logged = _logged_case(session, person_id, from_case_id)
        register.audit(session, Action.CHANGE, logged, detail=CHANGED.format(fields=labels))
        return tuple(changed)


# --- earlier values --------------------------------------------------------------------


def value_text(name: str, value: object) -> str:
    """A field's value as the history keeps it: a date as dd-mm-jjjj, a municipality by its
    name, a number as digits, nothing as ""."""
    if value is None:
        return ""
    if isinstance(value, date):
        return formats.date_text(value)
    if name == "municipality_code":
        return _municipality(str(value)) or str(value)
    return str(value)


def history_lines(session: Session, person_id: int) -> tuple[HistoryLine, ...]:
    """The earlier values of a person's data, newest first (no logging: callers log)."""
    rows = session.scalars(
        select(PersonHistory)
        .where(PersonHistory.person_id == person_id)
        .order_by(PersonHistory.changed_at.desc(), PersonHistory.id.desc())
    )
    return tuple(
        HistoryLine(h.changed_at, h.changed_by, FIELD_LABELS.get(h.field, h.field), h.old_value)
        for h in rows
    )


def read_person_history(
    register: Register, person_id: int, from_case_id: int | None = None
) -> tuple[HistoryLine, ...]:
    """What a person's data said before each correction, newest first. Anyone who may read
    the card may read this; it is logged as one view, like the card."""
    with register.session() as session:
        _person(session, person_id)
        lines = history_lines(session, person_id)
        logged = _logged_case(session, person_id, from_case_id)
        register.audit(session, Action.VIEW, logged, detail=HISTORY_READ)
        return lines


# --- contact persons of the network ----------------------------------------------------

CONTACT_LIMITS = {
    "name": 200,
    "relation": 200,
    "phone": 100,
    "organisation": 200,
    "email": 200,
    "note": 2000,
}


def contact_problems(data: ContactInput) -> dict[str, str]:
    """Field name -> Dutch message: a name is needed, and nothing longer than it may be."""
    problems: dict[str, str] = {}
    if not data.name.strip():
        problems["name"] = CONTACT_NAME_MISSING
    for name, limit in CONTACT_LIMITS.items():
        if len(getattr(data, name).strip()) > limit:
            problems.setdefault(name, CONTACT_TOO_LONG.format(n=limit))
    return problems


def _editable_person(session: Session, register: Register, role: Role, person_id: int) -> Person:
    person = _person(session, person_id)
    if not _may_edit(session, register, role, person_id):
        raise PersonChangeNotAllowed()
    return person


def save_contact(
    register: Register,
    person_id: int,
    data: ContactInput,
    contact_id: int | None = None,
    from_case_id: int | None = None,
) -> int:
    """Add a contact person (no `contact_id`) or change one; logged as one change without
    a value. Returns the contact's id. Who may: as for change_person."""
    problems = contact_problems(data)
    if problems:
        raise FieldProblems(problems)
    values = {name: str(getattr(data, name)).strip() for name in CONTACT_LIMITS}
    role = register.role()  # before the transaction: it reads in a session of its own
    with register.session() as session:
        _editable_person(session, register, role, person_id)
        if contact_id is None:
            contact = PersonContact(
                person_id=person_id, created_by=register.user, created_at=now_text(), **values
            )
            session.add(contact)
            detail = CONTACT_ADDED
        else:
            found = session.get(PersonContact, contact_id)
            if found is None or found.person_id != person_id:
                raise InvalidInput(NO_SUCH_CONTACT)
            contact = found
            if all(getattr(contact, name) == value for name, value in values.items()):
                return contact.id  # nothing changed: nothing written or logged
            for name, value in values.items():
                setattr(contact, name, value)
            detail = CONTACT_CHANGED
        session.flush()
        logged = _logged_case(session, person_id, from_case_id)
        register.audit(session, Action.CHANGE, logged, detail=detail)
        return contact.id


def remove_contact(
    register: Register, person_id: int, contact_id: int, from_case_id: int | None = None
) -> None:
    """Remove a contact person; logged as one change without a value."""
    role = register.role()  # before the transaction: it reads in a session of its own
    with register.session() as session:
        _editable_person(session, register, role, person_id)
        contact = session.get(PersonContact, contact_id)
        if contact is None or contact.person_id != person_id:
            raise InvalidInput(NO_SUCH_CONTACT)
        session.delete(contact)
        logged = _logged_case(session, person_id, from_case_id)
        register.audit(session, Action.CHANGE, logged, detail=CONTACT_REMOVED)
