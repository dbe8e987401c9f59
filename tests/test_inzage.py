"""An AVG access request (inzageverzoek, art. 15; issue 14): the inzage PDF of one canary
person read back with pypdf. It holds everything the register keeps about them (details,
meldingen, cases, contacts, referrals, drang/dwang, notes, actions, ZRM, meetings,
verstrekkingen), and nothing of the reporters (name, organisation, contact, the advice
they got) and nothing of a second canary person in the same register, anywhere in the file.
Metadata and file name are neutral; it is logged as an export of the person's cases; only
a teamleider may make it."""

from __future__ import annotations

import base64
import contextlib
import io
import re
import zlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject, StreamObject
from sqlalchemy import select

from bemoeizorg.casework import cases, corrections, meetings
from bemoeizorg.casework.intake import not_taken_on, record_report, take_on
from bemoeizorg.domain.formats import date_text
from bemoeizorg.domain.intake import PersonInput, ReporterInput, ReportInput
from bemoeizorg.domain.people import Role, Specialism
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
    ZrmDomain,
)
from bemoeizorg.exports import meeting_pack
from bemoeizorg.exports.inzage import write_inzage
from bemoeizorg.exports.inzage_pages import (
    NO_SUCH_BSN,
    NO_SUCH_PERSON,
    TITLE,
    Inzage,
    InzageLine,
    build_inzage,
    find_person,
)
from bemoeizorg.exports.inzage_pdf import render_inzage
from bemoeizorg.exports.pack_pages import build_pack
from bemoeizorg.store.access_log import Action, code_line
from bemoeizorg.store.errors import InvalidInput, NotAllowed
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import AccessLogEntry, Case
from tests.builders import OTHER, ROERMOND, days_ago, new_case, team_member

MEMBER = "Bram Janssen"

# The person the inzage is for: all of this must be in it.
A_GIVEN, A_FAMILY, A_ALIAS = "Xaverius Quirinus", "Vlonderbeekhuysen", "Kwakkelkoning"
A_BSN, A_STREET, A_POSTCODE, A_CITY = "111222333", "Kwikstaartlaan 987", "6041 QX", "Zwartbroek"
A_BORN = date(1967, 3, 29)
A_FIRST_TEXT = "Kanariebeschrijving: de tuin staat vol met oude koelkasten."
A_SECOND_TEXT = "Tweede kanariemelding over geluid in de nacht."
A_CONTACT_WITH, A_CONTACT_NOTE = "zus Gerdientje", "Deur ging open, thee gedronken."
A_REFERRAL_NOTE = "Intake bij Mondriaan gepland."
A_MEASURE_NOTE = "Burgemeester tekende de maatregel."
A_NOTE = "Kanarienotitie over de kat Snuitje."
A_ACTION, A_DONE_ACTION = "Schuldhulp bellen over de huur", "Huisarts gebeld"
A_QUESTION, A_AGREED = "Wie kent de familie Kwakkel?", "Huisbezoek met de wijkagent"

# Who reported about A, and what they were advised: none of it may be in the inzage.
A_REPORTERS = (
    "Zwaantje Kwakkelstein",
    "Stichting Qwertyzorg",
    "zwaantje@qwerty-kanarie.nl",
    "Hieronymus Baldewijn",
    "Wijkpost Vlierbes",
    "06-98765432",
    "Advies aan Hieronymus: bel Veilig Thuis",
)
# A second person in the same register (and on the same meeting's agenda).
B = (
    "Berendina Ottilia",
    "Schimmelpenninckx",
    "Tante Snoepje",
    "123456782",
    "Grutterspad 4b",
    "6045 ZK",
    "Leeuwerikenhoven",
    "Kanarietekst over Berendina",
    "Berendina's buurman Ottokar",
    "Notitie over Schimmelpenninckx",
    "Vraag over Tante Snoepje",
    "Melder Quintilianus",
)


@dataclass(frozen=True)
class Made:
    person_a: int
    person_b: int
    case_a: int
    case_b: int


def _report(
    register: Register,
    on: date,
    person: PersonInput | None,
    reporter: ReporterInput,
    text: str,
    person_id: int | None = None,
) -> tuple[int, int]:
    recorded = record_report(
        register,
        ReportInput(
            received_on=on,
            municipality_code=ROERMOND,
            reporter=reporter,
            person=person,
            person_id=person_id,
            concerns=(Concern.OVERLAST, Concern.SCHULDEN),
            description=text,
        ),
    )
    return recorded.report_id, recorded.person_id


def build_people(register: Register) -> Made:
    """A with a full case life (closed), a later melding not taken on, and a meeting with a
    pack made; B in the same meeting."""
    owner = team_member(register, "Bram Peeters")
    report_a, person_a = _report(
        register,
        days_ago(200),
        PersonInput(
            family_name=A_FAMILY,
            given_names=A_GIVEN,
            alias=A_ALIAS,
            birth_date=A_BORN,
            bsn=A_BSN,
            address=A_STREET,
            postcode=A_POSTCODE,
            city=A_CITY,
            municipality_code=ROERMOND,
        ),
        ReporterInput(
            ReporterKind.BUURT,
            organisation=A_REPORTERS[1],
            name=A_REPORTERS[0],
            contact=A_REPORTERS[2],
        ),
        A_FIRST_TEXT,
    )
    case_a = take_on(register, report_a, owner, Specialism.VOLWASSENEN, days_ago(200))
    cases.log_contact(
        register,
        case_a,
        days_ago(190),
        ContactKind.HUISBEZOEK,
        A_CONTACT_WITH,
        True,
        A_CONTACT_NOTE,
    )
    cases.change_phase(register, case_a, Phase.BINDEN, days_ago(180), "contact gelegd")
    cases.add_referral(register, case_a, days_ago(170), ReferralTarget.GGZ, True, A_REFERRAL_NOTE)
    cases.add_measure(register, case_a, days_ago(160), Measure.CRISISMAATREGEL, A_MEASURE_NOTE)
    cases.add_note(register, case_a, days_ago(150), A_NOTE)
    cases.score_zrm(
        register, case_a, days_ago(140), {ZrmDomain.FINANCIEN: 2, ZrmDomain.HUISVESTING: 4}
    )
    cases.add_action(register, case_a, A_ACTION, "Bram", days_ago(100))
    done = cases.add_action(register, case_a, A_DONE_ACTION, "Bram", days_ago(120))
    corrections.complete_action(register, done, days_ago(121))

    report_b, person_b = _report(
        register,
        days_ago(90),
        PersonInput(
            family_name=B[1],
            given_names=B[0],
            alias=B[2],
            bsn=B[3],
            address=B[4],
            postcode=B[5],
            city=B[6],
            municipality_code=ROERMOND,
        ),
        ReporterInput(ReporterKind.FAMILIE, name=B[11]),
        B[7],
    )
    case_b = take_on(register, report_b, None, Specialism.VOLWASSENEN, days_ago(90))
    cases.log_contact(register, case_b, days_ago(80), ContactKind.TELEFONISCH, B[8], False, B[9])

    held = days_ago(60)
    meeting = meetings.plan_meeting(
        register, meetings.MeetingData(ROERMOND, held, participants=("GGZ", "Politie"))
    )
    meetings.add_to_agenda(register, meeting, case_a, A_QUESTION, "GGZ")
    meetings.add_to_agenda(register, meeting, case_b, B[10], "Politie")
    meeting_pack.write_pack(register, build_pack(register, meeting), register.path.parent / "p.pdf")
    item = next(
        i.id for i in meetings.meeting_detail(register, meeting).agenda if i.case_id == case_a
    )
    meetings.record_agreements(
        register,
        meeting,
        [meetings.Agreement(item, (meetings.AgreedAction(A_AGREED, "Politie", held),), "GGZ")],
        on=held,
    )
    cases.close_case(register, case_a, Outcome.TOEGELEID, days_ago(30))

    # A later melding about A, not taken on: its description is A's, the advice the reporter's.
    report_later, _ = _report(
        register,
        days_ago(10),
        None,
        ReporterInput(
            ReporterKind.POLITIE,
            organisation=A_REPORTERS[4],
            name=A_REPORTERS[3],
            contact=A_REPORTERS[5],
        ),  # fmt: skip
        A_SECOND_TEXT,
        person_id=person_a,
    )
    not_taken_on(register, report_later, TriageDecision.ADVIES, A_REPORTERS[6], days_ago(9))
    return Made(person_a, person_b, case_a, case_b)


@pytest.fixture
def made(register: Register) -> Made:
    return build_people(register)


def _normal(text: str) -> str:
    return " ".join(text.split())


def _text(data: bytes) -> str:
    return _normal(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def _streams(data: bytes) -> list[bytes]:
    """Every stream of the file decoded, and whatever zlib stream the raw bytes hold."""
    reader = PdfReader(io.BytesIO(data))
    found = []
    for generation, numbers in reader.xref.items():
        for number in numbers:
            obj = reader.get_object(IndirectObject(number, generation, reader))
            if isinstance(obj, StreamObject):
                found.append(obj.get_data())
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.DOTALL):
        raw = match.group(1).strip()
        with contextlib.suppress(ValueError, zlib.error):
            if raw.endswith(b"~>"):
                raw = base64.a85decode(raw[:-2])
            found.append(zlib.decompress(raw))
    return found


def _nowhere_in(data: bytes, needles: list[str]) -> None:
    text = _text(data).casefold()
    blobs = [data, *_streams(data)]
    for needle in needles:
        assert needle.casefold() not in text, needle
        for encoded in {needle.encode("latin-1", "replace"), needle.encode("utf-16-be")}:
            assert all(encoded not in blob for blob in blobs), needle


def _b_canaries() -> list[str]:
    words = ["Berendina", "Ottilia", "Schimmelpenninckx", "Snoepje", "Grutterspad"]
    words += ["Leeuwerikenhoven", "Quintilianus", "Ottokar"]
    return [*B, *words, "1234.56.782", B[5].replace(" ", "")]


# --- what it holds -----------------------------------------------------------------------


def test_the_inzage_holds_everything_about_the_person(
    register: Register, made: Made, tmp_path: Path
) -> None:
    written = write_inzage(register, made.person_a, tmp_path / "inzage.pdf")
    text = _text(written.path.read_bytes())
    number = cases.read_case(register, made.case_a).header.number
    expected = [
        TITLE,
        "Team Roermond",
        # person data as typed at intake
        A_GIVEN,
        A_FAMILY,
        A_ALIAS,
        A_BSN,
        A_STREET,
        A_POSTCODE,
        A_CITY,
        date_text(A_BORN),
        "Roermond",
        # both meldingen: concerns, description, reporter by kind only, the triage
        A_FIRST_TEXT,
        A_SECOND_TEXT,
        "Overlast",
        "Schulden en armoede",
        ReporterKind.BUURT.label,
        ReporterKind.POLITIE.label,
        TriageDecision.ADVIES.label,
        # the case and its life
        f"Casus {number}",
        "Bram Peeters",
        f"{date_text(days_ago(30))}: {Outcome.TOEGELEID.label.lower()}",
        f"{ContactKind.HUISBEZOEK.label} met {A_CONTACT_WITH}: contact gelegd",
        A_CONTACT_NOTE,
        f"Doorverwezen naar {ReferralTarget.GGZ.label} (geaccepteerd)",
        A_REFERRAL_NOTE,
        Measure.CRISISMAATREGEL.label,
        A_MEASURE_NOTE,
        A_NOTE,
        f"{ZrmDomain.FINANCIEN.label}: 2",
        f"{ZrmDomain.HUISVESTING.label}: 4",
        f"{A_ACTION} (Bram): open",
        f"{A_DONE_ACTION} (Bram): gedaan op {date_text(days_ago(121))}",
        # the meeting and what was shared
        A_QUESTION,
        f"{A_AGREED} (Politie",
        "Initialen en geboortejaar",
        "Verstrekkingen",
        "aan: GGZ, Politie",
        # what is left out, and why
        "Wat er niet in staat",
        "art. 15 lid 4 AVG",
    ]
    missing = [e for e in expected if _normal(e) not in text]
    assert missing == []
    assert written.cases == 1 and written.reports == 2


def _line_with(inzage: Inzage, needle: str) -> InzageLine:
    found = [
        line
        for page in inzage.pages
        for section in page.sections
        for line in section.lines
        if needle in line.text
    ]
    assert len(found) == 1, (needle, found)
    return found[0]


def test_corrected_and_withdrawn_lines_are_marked_not_listed_as_current(
    register: Register, tmp_path: Path
) -> None:
    """A corrected contact, a withdrawn note and a corrected ZRM score: each original is
    in the inzage marked with the day and the reason, the correction beside it."""
    case_id = new_case(register, family_name="Vlonderbeekhuysen", opened_days_ago=60)
    cases.log_contact(
        register, case_id, days_ago(50), ContactKind.TELEFONISCH, "zus Gerdientje", False
    )
    cases.add_note(register, case_id, days_ago(40), "Notitie bij de verkeerde casus")
    cases.score_zrm(register, case_id, days_ago(30), {ZrmDomain.FINANCIEN: 1})
    timeline = cases.read_case(register, case_id).timeline
    contact, note, zrm = (
        next(e.id for e in timeline if e.kind is kind)
        for kind in (EventKind.CONTACT, EventKind.NOTITIE, EventKind.ZRM)
    )
    corrections.correct_contact(
        register,
        contact,
        "was een huisbezoek",
        days_ago(50),
        ContactKind.HUISBEZOEK,
        "zus Gerdientje",
        True,
    )
    corrections.withdraw_event(register, note, "hoort bij een ander")
    corrections.correct_zrm(register, zrm, "score verkeerd", days_ago(30), {ZrmDomain.FINANCIEN: 3})
    today = date_text(date.today())
    with register.session() as session:
        person_id = session.get_one(Case, case_id).person_id

    inzage = build_inzage(register, person_id)
    old = _line_with(inzage, f"{ContactKind.TELEFONISCH.label} met zus Gerdientje")
    assert old.superseded
    assert old.text.endswith(f"(gecorrigeerd op {today}: was een huisbezoek)")
    new = _line_with(inzage, f"{ContactKind.HUISBEZOEK.label} met zus Gerdientje")
    assert not new.superseded
    assert new.text.endswith(f"(correctie van de regel van {date_text(days_ago(50))})")
    gone = _line_with(inzage, "Notitie bij de verkeerde casus")
    assert gone.superseded and gone.text.endswith(f"(ingetrokken op {today}: hoort bij een ander)")
    first = _line_with(inzage, f"{ZrmDomain.FINANCIEN.label}: 1")
    assert first.superseded and first.text.endswith(f"(gecorrigeerd op {today}: score verkeerd)")
    assert not _line_with(inzage, f"{ZrmDomain.FINANCIEN.label}: 3").superseded

    # The PDF read back says the same.
    text = _text(render_inzage(inzage))
    for expected in (
        f"{ContactKind.TELEFONISCH.label} met zus Gerdientje: geen contact "
        f"(gecorrigeerd op {today}: was een huisbezoek)",
        f"(correctie van de regel van {date_text(days_ago(50))})",
        f"Notitie bij de verkeerde casus (ingetrokken op {today}: hoort bij een ander)",
        f"{ZrmDomain.FINANCIEN.label}: 1 (gecorrigeerd op {today}: score verkeerd)",
        "gemarkeerd met de datum en de reden",
    ):
        assert _normal(expected) in text, expected


def test_no_reporter_and_no_other_person_anywhere_in_the_file(
    register: Register, made: Made, tmp_path: Path
) -> None:
    data = write_inzage(register, made.person_a, tmp_path / "inzage.pdf").path.read_bytes()
    _nowhere_in(data, [*A_REPORTERS, *_b_canaries()])
    # And B's own inzage holds B, not A.
    other = write_inzage(register, made.person_b, tmp_path / "ander.pdf").path.read_bytes()
    assert B[7] in _text(other)
    _nowhere_in(other, [A_GIVEN, A_FAMILY, A_ALIAS, A_BSN, A_STREET, A_FIRST_TEXT, A_NOTE])
    _nowhere_in(other, [B[11]])


def test_metadata_and_file_name_are_neutral(register: Register, made: Made, tmp_path: Path) -> None:
    inzage = build_inzage(register, made.person_a)
    assert inzage.file_name == f"Inzage-{date.today().isoformat()}.pdf"
    data = write_inzage(register, made.person_a, tmp_path / inzage.file_name).path.read_bytes()
    info = PdfReader(io.BytesIO(data)).metadata
    assert info is not None
    assert info.get("/Creator") == "Bemoeizorg Register"
    for key in ("/Title", "/Author", "/Subject", "/Keywords", "/Producer"):
        assert not info.get(key), key
    shown = " ".join(str(v) for v in info.values()).casefold()
    for needle in (A_FAMILY, A_GIVEN.split()[0], A_BSN, A_ALIAS):
        assert needle.casefold() not in shown
        assert needle.casefold() not in inzage.file_name.casefold()


def test_two_renders_are_byte_identical(register: Register, made: Made) -> None:
    inzage = build_inzage(register, made.person_a)
    assert render_inzage(inzage, "1-abc") == render_inzage(inzage, "1-abc")


def test_the_inzage_embeds_its_font(register: Register, made: Made) -> None:
    from tests.test_meeting_pdf import fonts_of

    fonts = fonts_of(render_inzage(build_inzage(register, made.person_a), "1-abc"))
    assert {name.split("+")[-1] for name in fonts} == {"DejaVuSans", "DejaVuSans-Bold"}
    assert all(fonts.values()), fonts


def test_names_print_with_their_own_letters(register: Register, tmp_path: Path) -> None:
    _, person = _report(
        register,
        days_ago(5),
        PersonInput(family_name="Wiśniewski", given_names="Łukasz", municipality_code=ROERMOND),
        ReporterInput(ReporterKind.ANONIEM),
        "Đe tekst → met pijl",
    )
    text = _text(write_inzage(register, person, tmp_path / "i.pdf").path.read_bytes())
    assert "Łukasz Wiśniewski" in text  # the embedded font has them: no plain letters
    assert "Đe tekst → met pijl" in text


# --- logged, and only for a teamleider -----------------------------------------------------


def _exports(register: Register) -> list[tuple[int | None, str]]:
    with register.session() as session:
        rows = session.scalars(
            select(AccessLogEntry)
            .where(AccessLogEntry.action == Action.EXPORT.value)
            .order_by(AccessLogEntry.id)
        )
        return [(r.case_id, r.detail) for r in rows]


def test_the_inzage_is_logged_as_an_export_with_its_code_on_every_page(
    register: Register, made: Made, tmp_path: Path
) -> None:
    before = _exports(register)
    written = write_inzage(register, made.person_a, tmp_path / "inzage.pdf")
    assert _exports(register)[len(before) :] == [(made.case_a, "inzageverzoek (art. 15 AVG)")]
    pages = PdfReader(io.BytesIO(written.path.read_bytes())).pages
    assert len(pages) >= 4
    assert all(code_line(written.control_code) in page.extract_text() for page in pages)
    assert f"Pagina 1 van {len(pages)}" in pages[0].extract_text()


def test_a_person_without_a_case_is_one_export_without_a_case(
    register: Register, tmp_path: Path
) -> None:
    _, person = _report(
        register,
        days_ago(3),
        PersonInput(family_name="Zonderzaak", municipality_code=ROERMOND),
        ReporterInput(ReporterKind.GGD),
        "Nog niet beoordeeld.",
    )
    before = _exports(register)
    written = write_inzage(register, person, tmp_path / "inzage.pdf")
    assert _exports(register)[len(before) :] == [(None, "inzageverzoek (art. 15 AVG)")]
    assert written.cases == 0
    assert re.search(r"Casussen\W+Geen\.", _text(written.path.read_bytes()))


def test_a_bemoeizorger_is_refused_and_nothing_is_written(
    register: Register, made: Made, tmp_path: Path
) -> None:
    register.add_user(MEMBER, Role.BEMOEIZORGER, OTHER)
    path = register.path
    register.lock()
    member = Register.unlock(path, MEMBER, OTHER)
    try:
        before = _exports(member)
        target = tmp_path / "inzage.pdf"
        for attempt in (
            lambda: write_inzage(member, made.person_a, target),
            lambda: build_inzage(member, made.person_a),
            lambda: find_person(member, bsn=A_BSN),
        ):
            with pytest.raises(NotAllowed) as refused:
                attempt()
            assert refused.value.message == (
                "Alleen een teamleider mag een inzageverzoek uitvoeren. Vraag dit aan uw "
                "teamleider."
            )
        assert not target.exists()
        assert _exports(member) == before
    finally:
        member.lock()


# --- finding the person -----------------------------------------------------------------------


def test_the_person_is_found_by_bsn_or_number(register: Register, made: Made) -> None:
    assert find_person(register, bsn="1112.22.333") == made.person_a
    assert find_person(register, person_id=made.person_b) == made.person_b
    with pytest.raises(InvalidInput, match=NO_SUCH_BSN):
        find_person(register, bsn="999999990")
    with pytest.raises(InvalidInput, match=NO_SUCH_PERSON):
        find_person(register, person_id=made.person_b + 100)
    with pytest.raises(InvalidInput, match="negen cijfers"):
        find_person(register, bsn="1234567890")


def test_the_day_it_is_made_names_the_file_and_the_title_page(
    register: Register, made: Made
) -> None:
    day = date(2026, 12, 2)
    inzage = build_inzage(register, made.person_a, made_on=day)
    assert inzage.file_name == "Inzage-2026-12-02.pdf"
    assert _text(render_inzage(inzage)).count("2 december 2026") == 1
