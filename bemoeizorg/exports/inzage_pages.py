"""An AVG access request (inzageverzoek, art. 15): everything the register holds about one
person, as pages of labelled lines. `inzage_pdf` prints them, `inzage` hands them out.

This is export code. It names the person's own rows (person, meldingen and their concerns,
cases, timeline, actions, ZRM, agenda items, meetings, verstrekkingen) and never the
reporter's table: the reporter is shown only by kind, to protect the reporter's own
privacy (art. 15 lid 4 AVG). What a melding's triage advised the reporter is left out for
the same reason. Only a teamleider may make an inzage (checked here, below every screen).
Building it logs nothing by itself: `inzage.write_inzage` logs it as an export.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from bemoeizorg.domain import formats
from bemoeizorg.domain.formats import date_text, long_date, stored_moment_text
from bemoeizorg.domain.identity import display_name, normalise_bsn
from bemoeizorg.domain.meetings import MeetingKind, PseudonymStyle, SharedFields
from bemoeizorg.domain.municipalities import BY_CODE
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.vocabulary import (
    Concern,
    ContactKind,
    EventKind,
    Measure,
    Outcome,
    Phase,
    ReferralTarget,
    ReporterKind,
    TriageDecision,
    Urgency,
    ZrmDomain,
)
from bemoeizorg.store.errors import InvalidInput
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import (
    AgendaItem,
    Case,
    CaseAction,
    CaseEvent,
    Disclosure,
    Meeting,
    Person,
    PersonContact,
    PersonHistory,
    PersonMerge,
    Report,
    ReportConcern,
    TeamMember,
    ZrmScore,
)

WHAT = "een inzageverzoek uitvoeren"  # completes "Alleen een teamleider mag ..."
TITLE = "Inzage persoonsgegevens (art. 15 AVG)"
LOG_DETAIL = "inzageverzoek (art. 15 AVG)"
NO_SUCH_BSN = "Er staat niemand met dit BSN in het register."
BSN_TWICE = (
    "Dit BSN staat bij meer dan één persoon in het register. Voeg die personen eerst samen, "
    "of kies de persoon met zijn persoonsnummer (op de persoonskaart)."
)
NO_SUCH_PERSON = "Er staat geen persoon met dit persoonsnummer in het register."
NOT_A_BSN = "Een BSN bestaat uit negen cijfers."

INCLUDED = (
    "Persoonsgegevens: naam, roepnaam, geboortedatum of geschatte leeftijd, BSN, adres en "
    "woongemeente.",
    "De contactpersonen in uw netwerk die het team heeft genoteerd (bijvoorbeeld uw huisarts "
    "of een familielid), en eerdere persoonsgegevens: wat er stond voordat het werd "
    "verbeterd, wanneer en door wie.",
    "Alle meldingen over u: wanneer, in welke gemeente, wat voor melder, welke zorgen, de "
    "beschrijving, de urgentie en wat er met de melding is gedaan.",
    "Alle casussen: gemeente, dossierhouder, fasen, opening en afsluiting.",
    "Per casus: contacten, doorverwijzingen, drang en dwang, notities, acties, scores op de "
    "Zelfredzaamheid-Matrix (ZRM). Een regel die later is gecorrigeerd of ingetrokken staat "
    "er ook in, gemarkeerd met de datum en de reden, naast de correctie.",
    "De netwerkoverleggen waarin uw casus is besproken: de vraag aan het netwerk, wat het "
    "overleg over u te zien kreeg en de afspraken.",
    "De verstrekkingen: wanneer welke organisaties in een overleg gegevens over u kregen.",
)
EXCLUDED = (
    "Wie de melding deed: de naam, de organisatie en de contactgegevens van de melder, en "
    "het advies dat de melder kreeg. Dat beschermt de privacy van de melder (art. 15 lid 4 "
    "AVG: inzage mag de rechten van anderen niet schaden). Alleen de soort melder staat "
    "erbij, bijvoorbeeld 'Buurtbewoner'.",
    "Het logboek van wie het dossier wanneer heeft ingezien; dat is apart op te vragen.",
)
RIGHTS = (
    "Klopt er iets niet, dan kunt u vragen het te verbeteren of aan te vullen. U kunt ook "
    "vragen gegevens te verwijderen of bezwaar maken. Een klacht kunt u indienen bij de "
    "Autoriteit Persoonsgegevens."
)
NONE = "Geen."


@dataclass(frozen=True, slots=True)
class InzageLine:
    label: str  # "" for a line of running text across the page
    text: str
    superseded: bool = False  # a corrected or withdrawn timeline line: printed muted


@dataclass(frozen=True, slots=True)
class InzageSection:
    heading: str  # "" for lines straight under the page's title
    lines: tuple[InzageLine, ...]


@dataclass(frozen=True, slots=True)
class InzagePage:
    title: str
    sections: tuple[InzageSection, ...]


@dataclass(frozen=True, slots=True)
class Inzage:
    person_id: int
    made_on: date
    register_name: str
    case_ids: tuple[int, ...]  # the person's cases: one EXPORT entry each
    reports: int
    pages: tuple[InzagePage, ...]

    @property
    def file_name(self) -> str:
        """The date only: nothing of the person (no name, no BSN)."""
        return f"Inzage-{self.made_on.isoformat()}.pdf"

    def texts(self) -> list[str]:
        """Every text the PDF prints (its pages; not the running header and footer)."""
        found: list[str] = []
        for page in self.pages:
            found.append(page.title)
            for section in page.sections:
                found += [section.heading] if section.heading else []
                found += [t for line in section.lines for t in (line.label, line.text) if t]
        return found


# --- finding the person ------------------------------------------------------------------


def find_person(register: Register, *, bsn: str | None = None, person_id: int | None = None) -> int:
    """The person an inzage is for, by BSN or by persoonsnummer (the person's id, shown on
    the person card). Teamleider only: even whether a BSN is in the register is not for
    everyone. Logs nothing: the inzage itself is logged when it is written."""
    register.require_teamleider(WHAT)
    with register.session() as session:
        if bsn is not None:
            wanted = normalise_bsn(bsn)
            if len(wanted) != 9 or not (wanted.isascii() and wanted.isdigit()):
                raise InvalidInput(NOT_A_BSN)
            # A person merged into another is that other one now (casework.person_merge).
            found = list(
                session.scalars(
                    select(Person.id)
                    .where(Person.bsn == wanted, Person.merged_into_id.is_(None))
                    .limit(2)
                )
            )
            if not found:
                raise InvalidInput(NO_SUCH_BSN)
            if len(found) > 1:
                raise InvalidInput(BSN_TWICE)
            return found[0]
        if person_id is None or session.get(Person, person_id) is None:
            raise InvalidInput(NO_SUCH_PERSON)
        return person_id


# --- what it says -------------------------------------------------------------------------


def _municipality(code: str) -> str:
    found = BY_CODE.get(code)
    return found.name if found else code


class _Labelled(Protocol):
    @property
    def label(self) -> str: ...


def _label(enum: Callable[[str], _Labelled], value: str | None) -> str:
    """A stored value's Dutch label; an unknown value is shown as it is, not hidden."""
    if not value:
        return ""
    try:
        return enum(value).label
    except ValueError:
        return value


def _labelled(lines: Iterable[tuple[str, str]]) -> tuple[InzageLine, ...]:
    """Label and text pairs; a line without text is left out."""
    return tuple(InzageLine(label, text) for label, text in lines if text)


def _yes_no(value: bool | None, yes: str, no: str, unknown: str = "nog onbekend") -> str:
    return unknown if value is None else (yes if value else no)


def _with_note(text: str, note: str) -> str:
    return f"{text}\n{note}" if note.strip() else text


def _person_page(person: Person, register_name: str, made_on: date) -> tuple[InzagePage, ...]:
    title_page = InzagePage(
        TITLE,
        (
            InzageSection(
                "",
                (
                    InzageLine("Datum", long_date(made_on)),
                    InzageLine("Register", register_name),
                    InzageLine("Persoonsnummer", str(person.id)),
                ),
            ),
            InzageSection(
                "Wat dit overzicht bevat", tuple(InzageLine("", text) for text in INCLUDED)
            ),
            InzageSection(
                "Wat er niet in staat, en waarom",
                tuple(InzageLine("", text) for text in EXCLUDED),
            ),
            InzageSection("Uw rechten", (InzageLine("", RIGHTS),)),
        ),
    )
    if person.birth_date is not None:
        born = date_text(person.birth_date)
    elif person.birth_year_estimate:
        born = f"onbekend; geschat geboortejaar {person.birth_year_estimate}"
    else:
        born = "onbekend"
    details = InzagePage(
        "Persoonsgegevens",
        (
            InzageSection(
                "",
                _labelled(
                    (
                        (
                            "Naam",
                            display_name(person.given_names, person.prefix, person.family_name),
                        ),
                        ("Voornamen", person.given_names),
                        ("Tussenvoegsel", person.prefix),
                        ("Achternaam", person.family_name),
                        ("Roepnaam of bijnaam", person.alias),
                        ("Geboortedatum", born),
                        ("BSN", person.bsn or "niet bekend"),
                        ("Adres", person.address),
                        ("Postcode", person.postcode),
                        ("Woonplaats", person.city),
                        ("Woongemeente", _municipality(person.municipality_code)),
                        ("In het register sinds", stored_moment_text(person.created_at)[:10]),
                    )
                ),
            ),
        ),
    )
    return title_page, details


# The history keeps field names; the inzage says them as the person card does.
HISTORY_FIELDS = {
    "family_name": "Achternaam",
    "prefix": "Tussenvoegsel",
    "given_names": "Voornamen",
    "alias": "Roepnaam of bijnaam",
    "birth_date": "Geboortedatum",
    "birth_year_estimate": "Geschat geboortejaar",
    "bsn": "BSN",
    "address": "Adres",
    "postcode": "Postcode",
    "city": "Woonplaats",
    "municipality_code": "Woongemeente",
}


def _contact_section(session: Session, person_id: int) -> InzageSection:
    """The contact persons of the person's network, as the team noted them."""
    lines = []
    for contact in session.scalars(
        select(PersonContact)
        .where(PersonContact.person_id == person_id)
        .order_by(PersonContact.name, PersonContact.id)
    ):
        parts = [p for p in (contact.organisation, contact.phone, contact.email, contact.note) if p]
        lines.append(
            InzageLine(contact.relation or "Contactpersoon", ", ".join([contact.name, *parts]))
        )
    return InzageSection("Contactpersonen in uw netwerk", tuple(lines) or (InzageLine("", NONE),))


def _merged_into(session: Session, person_id: int) -> list[Person]:
    """Entries of the same person merged into this one (and into those), oldest first."""
    found: list[Person] = []
    frontier = [person_id]
    while frontier:
        rows = list(
            session.scalars(
                select(Person).where(Person.merged_into_id.in_(frontier)).order_by(Person.id)
            )
        )
        found += rows
        frontier = [p.id for p in rows]
    return found


def _merged_line(session: Session, entry: Person) -> InzageLine:
    """A second entry of the person, merged into this one: what it said."""
    when = session.scalar(
        select(PersonMerge.merged_at)
        .where(PersonMerge.merged_id == entry.id, PersonMerge.undone_at.is_(None))
        .order_by(PersonMerge.id.desc())
        .limit(1)
    )
    born = date_text(entry.birth_date) if entry.birth_date else ""
    if not born and entry.birth_year_estimate:
        born = f"geschat geboortejaar {entry.birth_year_estimate}"
    address = " ".join(p for p in (entry.address, entry.postcode, entry.city) if p)
    parts = [
        display_name(entry.given_names, entry.prefix, entry.family_name),
        f"roepnaam {entry.alias}" if entry.alias else "",
        f"geboren {born}" if born else "",
        f"BSN {entry.bsn}" if entry.bsn else "",
        address,
        _municipality(entry.municipality_code),
    ]
    return InzageLine(
        stored_moment_text(when)[:10] if when else "",
        "Tweede inschrijving, samengevoegd met deze: " + ", ".join(p for p in parts if p),
    )


def _history_section(session: Session, person_id: int) -> InzageSection:
    """Earlier values of the person's data, oldest first: what it said before a correction,
    and what second entries of the same person, merged into this one, said."""
    merged = _merged_into(session, person_id)
    lines = [_merged_line(session, entry) for entry in merged]
    for h in session.scalars(
        select(PersonHistory)
        .where(PersonHistory.person_id.in_([person_id, *(p.id for p in merged)]))
        .order_by(PersonHistory.changed_at, PersonHistory.id)
    ):
        field = HISTORY_FIELDS.get(h.field, h.field)
        lines.append(
            InzageLine(
                stored_moment_text(h.changed_at)[:10],
                f"{field} was: {h.old_value or '(leeg)'}; gewijzigd door {h.changed_by}",
            )
        )
    return InzageSection(
        "Eerdere persoonsgegevens (vóór een verbetering)", tuple(lines) or (InzageLine("", NONE),)
    )


def _report_section(report: Report, concerns: list[str], case_number: str) -> InzageSection:
    order = {c.value: i for i, c in enumerate(Concern)}  # as the intake form lists them
    labels = [_label(Concern, c) for c in sorted(concerns, key=lambda c: order.get(c, 99))]
    triage = _label(TriageDecision, report.triage)
    if report.triaged_on is not None:
        triage = f"{triage} ({date_text(report.triaged_on)})"
    return InzageSection(
        f"Melding van {date_text(report.received_on)}",
        _labelled(
            (
                ("Ontvangen op", date_text(report.received_on)),
                ("Gemeente", _municipality(report.municipality_code)),
                ("Soort melder", _label(ReporterKind, report.reporter_kind)),
                ("Zorgen", ", ".join(labels)),
                ("Urgentie", _label(Urgency, report.urgency)),
                ("Beschrijving", report.description.strip() or "(geen beschrijving)"),
                ("Beoordeling", triage),
                ("Casus", case_number),
            )
        ),
    )


def _reports_page(session: Session, person_id: int) -> tuple[InzagePage, int]:
    rows = list(
        session.execute(
            select(Report, Case.number)
            .outerjoin(Case, Case.id == Report.case_id)
            .where(Report.person_id == person_id)
            .order_by(Report.received_on, Report.id)
        )
    )
    concerns: dict[int, list[str]] = {}
    for report_id, concern in session.execute(
        select(ReportConcern.report_id, ReportConcern.concern).where(
            ReportConcern.report_id.in_([report.id for report, _ in rows])
        )
    ):
        concerns.setdefault(report_id, []).append(concern)
    sections = tuple(
        _report_section(report, concerns.get(report.id, []), number or "")
        for report, number in rows
    )
    empty = (InzageSection("", (InzageLine("", NONE),)),)
    return InzagePage("Meldingen", sections or empty), len(rows)


def _event_text(event: CaseEvent) -> tuple[str, str]:
    """(section, text) of one timeline entry; the melding's own entry is in Meldingen."""
    kind = EventKind(event.kind) if event.kind in set(EventKind) else None
    note = event.note
    if kind is EventKind.CONTACT:
        how = _label(ContactKind, event.contact_kind) or "Contact"
        who = f" met {event.contact_with}" if event.contact_with else ""
        made = _yes_no(event.contact_made, "contact gelegd", "geen contact", "")
        return "Contacten", _with_note(f"{how}{who}" + (f": {made}" if made else ""), note)
    if kind is EventKind.DOORVERWIJZING:
        target = _label(ReferralTarget, event.referral_target) or "?"
        state = _yes_no(event.referral_accepted, "geaccepteerd", "niet geaccepteerd")
        return "Doorverwijzingen", _with_note(f"Doorverwezen naar {target} ({state})", note)
    if kind is EventKind.MAATREGEL:
        measure = _label(Measure, event.measure) or "?"
        return "Drang en dwang", _with_note(measure, note)
    if kind is EventKind.FASE:
        text = f"Fase van {_label(Phase, event.phase_from).lower() or '?'} naar "
        text += _label(Phase, event.phase_to).lower() or "?"
        return "Verloop", _with_note(text, note)
    if kind is EventKind.AFGESLOTEN:
        return "Verloop", _with_note(
            f"Casus afgesloten: {_label(Outcome, event.outcome).lower() or '?'}", note
        )
    if kind is EventKind.HEROPEND:
        return "Verloop", _with_note("Casus heropend", note)
    if kind is EventKind.EIGENAAR:
        return "Verloop", _with_note("Dossierhouder gewijzigd", note)
    if kind is EventKind.ZRM:
        return "Verloop", _with_note("ZRM gescoord", note)
    if kind is EventKind.OVERLEG:
        return "Notities", _with_note("Afspraken in het netwerkoverleg", note)
    if kind is EventKind.MELDING:
        return "Verloop", _with_note("Melding ontvangen", note)
    return "Notities", note or "(lege notitie)"


SECTION_ORDER = ("Verloop", "Contacten", "Doorverwijzingen", "Drang en dwang", "Notities")
CORRECTED = "(gecorrigeerd op {day}: {reason})"
WITHDRAWN = "(ingetrokken op {day}: {reason})"
CORRECTION_OF = "(correctie van de regel van {day})"


def _superseded_mark(event: CaseEvent, corrected: bool) -> str:
    """What a line no longer current says about itself: corrected or withdrawn, when, why."""
    day = stored_moment_text(event.superseded_at or "")[:10]
    reason = event.supersede_reason.strip() or "geen reden vastgelegd"
    return (CORRECTED if corrected else WITHDRAWN).format(day=day, reason=reason)


def _timeline_lines(session: Session, case_id: int) -> dict[str, list[InzageLine]]:
    """The case's timeline by section, oldest first. Every line is there, also those
    corrected or withdrawn (the register keeps them): those marked as such, and a
    correction says which line it replaces, so nothing reads as current that is not."""
    grouped: dict[str, list[InzageLine]] = {name: [] for name in SECTION_ORDER}
    events = list(
        session.scalars(
            select(CaseEvent)
            .where(CaseEvent.case_id == case_id)
            .order_by(CaseEvent.on_date, CaseEvent.id)
        )
    )
    by_id = {event.id: event for event in events}
    corrected = {event.corrects_id for event in events if event.corrects_id is not None}
    for event in events:
        section, text = _event_text(event)
        original = by_id.get(event.corrects_id) if event.corrects_id is not None else None
        if original is not None:
            text += "\n" + CORRECTION_OF.format(day=date_text(original.on_date))
        gone = event.superseded_at is not None
        if gone:
            text += "\n" + _superseded_mark(event, event.id in corrected)
        grouped[section].append(InzageLine(date_text(event.on_date), text, superseded=gone))
    return grouped


def _zrm_lines(session: Session, case_id: int) -> tuple[InzageLine, ...]:
    """ZRM scores per scoring (a day, its line): scores of a corrected or withdrawn line
    stay listed, marked, as on the timeline."""
    events = {
        event.id: event
        for event in session.scalars(
            select(CaseEvent).where(
                CaseEvent.case_id == case_id, CaseEvent.kind == EventKind.ZRM.value
            )
        )
    }
    corrected = {
        corrects
        for corrects in session.scalars(
            select(CaseEvent.corrects_id).where(
                CaseEvent.case_id == case_id, CaseEvent.corrects_id.is_not(None)
            )
        )
    }
    scores: dict[tuple[date, int | None], list[str]] = {}
    for score in session.scalars(
        select(ZrmScore)
        .where(ZrmScore.case_id == case_id)
        .order_by(ZrmScore.scored_on, ZrmScore.id)
    ):
        domain = _label(ZrmDomain, score.domain)
        scores.setdefault((score.scored_on, score.event_id), []).append(f"{domain}: {score.score}")
    lines = []
    for (day, event_id), found in scores.items():
        event = events.get(event_id) if event_id is not None else None
        gone = event is not None and event.superseded_at is not None
        if gone and event is not None:
            found = [*found, _superseded_mark(event, event.id in corrected)]
        lines.append(InzageLine(date_text(day), "\n".join(found), superseded=gone))
    return tuple(lines)


def _shared_text(item: AgendaItem) -> str:
    """What the meeting's pack let the network see of this case (see pack_pages)."""
    shared = SharedFields.from_json(json.loads(item.shared or "{}"))
    parts = [
        "initialen en geboortejaar"
        if shared.pseudonym is PseudonymStyle.INITIALEN
        else "alleen een nummer, geen naam",
        "gemeente",
    ]
    if shared.age_band:
        parts.append("leeftijdsgroep")
    if shared.phase:
        parts.append("fase")
    concerns = "zorgen"
    if shared.concerns_left_out:
        left = ", ".join(c.label.lower() for c in sorted(shared.concerns_left_out))
        concerns = f"zorgen (behalve {left})"
    parts.append(concerns)
    parts.append("de vraag aan het netwerk")
    if shared.actions:
        parts.append("afspraken uit het netwerkoverleg")
    text = ", ".join(parts)
    return text[0].upper() + text[1:]


def _meeting_sections(session: Session, case_id: int) -> list[InzageSection]:
    sections: list[InzageSection] = []
    rows = session.execute(
        select(AgendaItem, Meeting)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(AgendaItem.case_id == case_id)
        .order_by(Meeting.held_on, Meeting.id)
    )
    for item, meeting in rows:
        kind = _label(MeetingKind, meeting.kind)
        participants = ", ".join(json.loads(meeting.participants or "[]"))
        agreed = [
            f"{a.description} ({a.organisation}"
            + (f", uiterlijk {date_text(a.due_on)}" if a.due_on else "")
            + ")"
            for a in session.scalars(
                select(CaseAction)
                .where(CaseAction.case_id == case_id, CaseAction.meeting_id == meeting.id)
                .order_by(CaseAction.id)
            )
        ]
        sections.append(
            InzageSection(
                f"Op de agenda: {kind.lower()} {_municipality(meeting.municipality_code)}, "
                f"{date_text(meeting.held_on)}",
                _labelled(
                    (
                        ("Deelnemers", participants),
                        ("Vraag aan het netwerk", item.question),
                        ("Gevraagd van wie", item.asked_of),
                        ("Wat het overleg te zien kreeg", _shared_text(item)),
                        ("Casushouder na het overleg", item.holder_after),
                        ("Afgesproken", "\n".join(agreed)),
                    )
                ),
            )
        )
    return sections


def _disclosure_lines(session: Session, case_id: int) -> tuple[InzageLine, ...]:
    rows = session.execute(
        select(Disclosure, Meeting)
        .join(Meeting, Meeting.id == Disclosure.meeting_id)
        .where(Disclosure.case_id == case_id)
        .order_by(Disclosure.made_at, Disclosure.id)
    )
    lines = []
    for disclosure, meeting in rows:
        organisations = ", ".join(json.loads(disclosure.organisations or "[]"))
        lines.append(
            InzageLine(
                stored_moment_text(disclosure.made_at)[:10],
                f"Overlegpakket voor het overleg van {date_text(meeting.held_on)} in "
                f"{_municipality(meeting.municipality_code)}, aan: {organisations or '?'}; "
                f"gemaakt door {disclosure.made_by}",
            )
        )
    return tuple(lines)


def _case_page(session: Session, case: Case) -> InzagePage:
    owner = session.get(TeamMember, case.owner_id) if case.owner_id else None
    specialism = _label(Specialism, case.specialism)
    closed = ""
    if case.closed_on is not None:
        closed = date_text(case.closed_on)
        if case.outcome:
            closed += f": {_label(Outcome, case.outcome).lower()}"
    phase = _label(Phase, case.phase)
    header = InzageSection(
        "",
        _labelled(
            (
                ("Casusnummer", case.number),
                ("Gemeente", _municipality(case.municipality_code)),
                ("Dossierhouder", owner.name if owner else "nog niet toegewezen"),
                ("Specialisme", specialism),
                ("Geopend op", date_text(case.opened_on)),
                ("Fase", f"{phase}, sinds {date_text(case.phase_since)}" if phase else ""),
                ("Afgesloten op", closed),
                ("Laatste contact", date_text(case.last_contact_on)),
            )
        ),
    )
    grouped = _timeline_lines(session, case.id)
    actions = []
    for action in session.scalars(
        select(CaseAction)
        .where(CaseAction.case_id == case.id)
        .order_by(CaseAction.due_on.is_(None), CaseAction.due_on, CaseAction.id)
    ):
        who = action.organisation or action.responsible
        state = f"gedaan op {date_text(action.done_on)}" if action.done_on else "open"
        text = action.description + (f" ({who})" if who else "") + f": {state}"
        due = f"uiterlijk {date_text(action.due_on)}" if action.due_on else "zonder datum"
        actions.append(InzageLine(due, text))
    zrm = _zrm_lines(session, case.id)
    sections = [header]
    for name in SECTION_ORDER:
        sections.append(InzageSection(name, tuple(grouped[name]) or (InzageLine("", NONE),)))
    sections.append(InzageSection("Acties", tuple(actions) or (InzageLine("", NONE),)))
    sections.append(
        InzageSection("Zelfredzaamheid-Matrix (ZRM, 1 tot 5)", zrm or (InzageLine("", NONE),))
    )
    meetings = _meeting_sections(session, case.id)
    sections += meetings or [InzageSection("Netwerkoverleggen", (InzageLine("", NONE),))]
    sections.append(
        InzageSection(
            "Verstrekkingen (gegevens gedeeld met anderen)",
            _disclosure_lines(session, case.id) or (InzageLine("", NONE),),
        )
    )
    return InzagePage(f"Casus {case.number}", tuple(sections))


def build_inzage(register: Register, person_id: int, *, made_on: date | None = None) -> Inzage:
    """Everything the register holds about one person, page by page. Teamleider only. The
    reading is not logged by itself: `write_inzage` logs the inzage as an export."""
    register.require_teamleider(WHAT)
    register_name = register.name()
    made_on = made_on or formats.today()
    with register.session() as session:
        person = session.get(Person, person_id)
        if person is None:
            raise InvalidInput(NO_SUCH_PERSON)
        title_page, details = _person_page(person, register_name, made_on)
        details = InzagePage(
            details.title,
            (
                *details.sections,
                _contact_section(session, person_id),
                _history_section(session, person_id),
            ),
        )
        pages = [title_page, details]
        reports_page, reports = _reports_page(session, person_id)
        pages.append(reports_page)
        person_cases = list(
            session.scalars(
                select(Case).where(Case.person_id == person_id).order_by(Case.opened_on, Case.id)
            )
        )
        if person_cases:
            pages += [_case_page(session, case) for case in person_cases]
        else:
            pages.append(InzagePage("Casussen", (InzageSection("", (InzageLine("", NONE),)),)))
        return Inzage(
            person_id=person_id,
            made_on=made_on,
            register_name=register_name,
            case_ids=tuple(case.id for case in person_cases),
            reports=reports,
            pages=tuple(pages),
        )
