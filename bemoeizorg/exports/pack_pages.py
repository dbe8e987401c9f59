"""The privacy-minimised pack for a network meeting: what it says, page by page.

This is export code. It reads only the columns a pack may show and never the reporter:
it does not import the reporter's table, the report's description, contact-log entries
or notes (a test checks its imports and the columns it selects). The preview screen and
the PDF (`pack_pdf.py`) both show exactly `Pack.pages`, so the preview cannot promise
something else than the PDF holds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bemoeizorg.casework.meetings import current_contact_point, previous_agreements
from bemoeizorg.domain.formats import date_text, long_date
from bemoeizorg.domain.identity import age_on
from bemoeizorg.domain.meetings import (
    MeetingKind,
    PseudonymStyle,
    SharedFields,
    age_band,
    destroy_after,
    pseudonym,
)
from bemoeizorg.domain.municipalities import BY_CODE
from bemoeizorg.domain.vocabulary import Concern, Phase
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.errors import InvalidInput
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import (
    AgendaItem,
    Case,
    CaseAction,
    Meeting,
    Person,
    Report,
    ReportConcern,
)

CONFIDENTIAL = "Vertrouwelijk: alleen voor dit overleg. Niet kopiëren of doorsturen."


@dataclass(frozen=True, slots=True)
class PackLine:
    label: str
    text: str
    typed: bool = False  # typed by the team (question, agreements): the privacy guard reads it
    case_id: int | None = None  # the case a typed line on the agenda page is about


@dataclass(frozen=True, slots=True)
class PackPage:
    title: str
    lines: tuple[PackLine, ...]
    case_id: int | None = None  # None: the agenda page
    shared: tuple[str, ...] = ()  # a case page: what it shares, for the verstrekkingenlog
    write_lines: int = 0  # ruled lines after each line's text, to write on in the meeting

    def texts(self) -> list[str]:
        """Every text item on the page, as the preview shows and the PDF prints it."""
        return [self.title] + [t for line in self.lines for t in (line.label, line.text) if t]


@dataclass(frozen=True, slots=True)
class Pack:
    meeting_id: int
    title: str  # "Netwerkoverleg Roermond, 1 december 2026"
    municipality: str
    held_on: date
    destroy_after: date
    participants: tuple[str, ...]
    pages: tuple[PackPage, ...]
    starts_at: str = ""  # "HH:MM"
    place: str = ""

    @property
    def case_ids(self) -> tuple[int, ...]:
        return tuple(p.case_id for p in self.pages if p.case_id is not None)

    def shared_by_case(self) -> dict[int, tuple[str, ...]]:
        return {p.case_id: p.shared for p in self.pages if p.case_id is not None}

    @property
    def file_name(self) -> str:
        """The municipality and the date; nothing of a person."""
        place = "".join(c if c.isalnum() else "-" for c in self.municipality).strip("-")
        while "--" in place:
            place = place.replace("--", "-")
        return f"Netwerkoverleg-{place}-{self.held_on.isoformat()}.pdf"

    def footer(self) -> str:
        return f"{CONFIDENTIAL} Vernietigen na {date_text(self.destroy_after)}."


def _concerns(session: Session, case_id: int) -> list[Concern]:
    values = session.scalars(
        select(ReportConcern.concern)
        .join(Report, Report.id == ReportConcern.report_id)
        .where(Report.case_id == case_id)
        .distinct()
    )
    return sorted(Concern(v) for v in values)


def _open_meeting_actions(session: Session, case_id: int) -> list[CaseAction]:
    """Actions agreed at network meetings that are still open: the only actions a pack shows
    (the team's own actions may hold names and details not meant for the network)."""
    return list(
        session.scalars(
            select(CaseAction)
            .where(
                CaseAction.case_id == case_id,
                CaseAction.meeting_id.is_not(None),
                CaseAction.done_on.is_(None),
            )
            .order_by(CaseAction.due_on.is_(None), CaseAction.due_on, CaseAction.id)
        )
    )


def _due(day: date | None) -> str:
    return f"uiterlijk {date_text(day)}" if day else "zonder datum"


def _case_page(
    session: Session, meeting: Meeting, item: AgendaItem, position: int
) -> tuple[str, PackPage]:
    case = session.get(Case, item.case_id)
    assert case is not None
    # Only the columns a pack may use: names for initials, the birth year, nothing else.
    given, prefix, family, born, estimate = session.execute(
        select(
            Person.given_names,
            Person.prefix,
            Person.family_name,
            Person.birth_date,
            Person.birth_year_estimate,
        ).where(Person.id == case.person_id)
    ).one()
    shared = SharedFields.from_json(json.loads(item.shared or "{}"))
    birth_year = born.year if born else None
    name = pseudonym(shared.pseudonym, position, given, prefix, family, birth_year)
    if shared.pseudonym is PseudonymStyle.INITIALEN and born is None and estimate:
        name = f"{name} (ca. {estimate})"
    lines: list[PackLine] = [
        PackLine("Gemeente", BY_CODE[case.municipality_code].name),
    ]
    if shared.age_band:
        if born is not None:
            age: int | None = age_on(born, meeting.held_on)
        elif estimate:
            age = meeting.held_on.year - estimate
        else:
            age = None
        lines.append(PackLine("Leeftijd", age_band(age)))
    if shared.phase:
        phase = Phase(case.phase).label
        lines.append(PackLine("Fase", f"{phase}, sinds {date_text(case.phase_since)}"))
    concerns = [c for c in _concerns(session, case.id) if c not in shared.concerns_left_out]
    if concerns:
        lines.append(PackLine("Zorgen", ", ".join(c.label for c in concerns)))
    lines.append(
        PackLine("Vraag aan het netwerk", item.question or "(nog geen vraag)", bool(item.question))
    )
    if item.asked_of:
        lines.append(PackLine("Gevraagd van wie", item.asked_of, typed=True))
    if shared.actions:
        previous = previous_agreements(session, case.id, meeting.held_on, meeting.id)
        if previous is not None:
            lines.append(
                PackLine(
                    "Vorig overleg",
                    date_text(previous.held_on)
                    + (f", casushouder {previous.holder}" if previous.holder else ""),
                    typed=bool(previous.holder),
                )
            )
            for action in previous.actions:
                state = f"gedaan {date_text(action.done_on)}" if action.done_on else "open"
                lines.append(
                    PackLine(
                        "Afgesproken",
                        f"{action.description} ({action.organisation}, "
                        f"{_due(action.due_on)}): {state}",
                        typed=True,
                    )
                )
        earlier = {a.id for a in previous.actions} if previous else set()
        for row in _open_meeting_actions(session, case.id):
            if row.id in earlier or row.meeting_id == meeting.id:
                continue
            lines.append(
                PackLine(
                    "Lopende afspraak",
                    f"{row.description} ({row.organisation}, {_due(row.due_on)})",
                    typed=True,
                )
            )
    title = f"{position}. {name}"
    shared_now = (shared.pseudonym.label, *dict.fromkeys(line.label for line in lines))
    return name, PackPage(title, tuple(lines), case_id=case.id, shared=shared_now)


def _agenda_case_lines(position: int, name: str, item: AgendaItem) -> list[PackLine]:
    """ "Casus N" on the left; on the right the initials (not again "Casus N") and the
    question to the network."""
    text = "" if name == f"Casus {position}" else name
    question = item.question or "(nog geen vraag)"
    text = f"{text}\nVraag: {question}" if text else f"Vraag: {question}"
    return [PackLine(f"Casus {position}", text, bool(item.question), item.case_id)]


AGREEMENTS_TITLE = "Afspraken tijdens het overleg"
AGREEMENTS_PROMPT = "Afspraken (wat, door wie, uiterlijk wanneer) en de casushouder:"
WRITE_LINES = 6


def _agreements_page(names: list[str]) -> PackPage:
    """A page to write the agreements on during the meeting, room per case."""
    lines = [
        PackLine(
            f"Casus {position}",
            (AGREEMENTS_PROMPT if name == f"Casus {position}" else f"{name}\n{AGREEMENTS_PROMPT}"),
        )
        for position, name in enumerate(names, start=1)
    ]
    return PackPage(AGREEMENTS_TITLE, tuple(lines), write_lines=WRITE_LINES)


def build_pack(register: Register, meeting_id: int) -> Pack:
    """The pack as it will be printed. A preview is a read: one VIEW entry per case."""
    with register.session() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise InvalidInput("Dit overleg bestaat niet (meer).")
        items = list(
            session.scalars(
                select(AgendaItem)
                .where(AgendaItem.meeting_id == meeting_id)
                .order_by(AgendaItem.position, AgendaItem.id)
            )
        )
        if not items:
            raise InvalidInput("Er staan nog geen casussen op de agenda.")
        municipality = BY_CODE[meeting.municipality_code].name
        participants = tuple(json.loads(meeting.participants or "[]"))
        case_pages: list[PackPage] = []
        names: list[str] = []
        case_lines: list[PackLine] = []
        for position, item in enumerate(items, start=1):
            name, page = _case_page(session, meeting, item, position)
            names.append(name)
            case_pages.append(page)
            case_lines += _agenda_case_lines(position, name, item)
            register.audit(session, Action.VIEW, item.case_id)
        kind = MeetingKind(meeting.kind).label
        held_on = meeting.held_on
        chair = meeting.chair
        starts_at, place = meeting.starts_at or "", meeting.place or ""
    point = current_contact_point(register, meeting.municipality_code, held_on)
    agenda_lines = [
        PackLine("Datum", long_date(held_on) + (f", {starts_at} uur" if starts_at else "")),
    ]
    if place:
        agenda_lines.append(PackLine("Plaats", place, typed=True))
    agenda_lines += [
        PackLine("Gemeente", municipality),
        PackLine("Soort overleg", kind),
    ]
    if chair:
        agenda_lines.append(PackLine("Voorzitter", chair, typed=True))
    agenda_lines.append(PackLine("Deelnemers", ", ".join(participants), typed=True))
    if point is not None:
        reach = ", ".join(p for p in (point.phone, point.email) if p)
        who = f"{point.name} ({point.organisation})" if point.organisation else point.name
        agenda_lines.append(PackLine("Aanspreekpunt gemeente", f"{who}, {reach}" if reach else who))
    agenda_lines += case_lines
    agenda = PackPage(f"Agenda {kind.lower()} {municipality}", tuple(agenda_lines))
    return Pack(
        meeting_id=meeting_id,
        title=f"{kind} {municipality}, {long_date(held_on)}",
        municipality=municipality,
        held_on=held_on,
        destroy_after=destroy_after(held_on),
        participants=participants,
        pages=(agenda, *case_pages, _agreements_page(names)),
        starts_at=starts_at,
        place=place,
    )
