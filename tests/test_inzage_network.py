"""The inzage (art. 15 AVG) holds the person's contact persons and the earlier values of
their data (issue 14), read back from the PDF with pypdf, and still never the reporter;
nothing of either reaches the meeting pack. A person merged into another is not found by
BSN on their own."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from bemoeizorg.casework import meetings
from bemoeizorg.casework.intake import record_report, take_on
from bemoeizorg.casework.person_card import (
    ContactInput,
    change_person,
    read_person_card,
    save_contact,
)
from bemoeizorg.casework.person_merge import merge_persons
from bemoeizorg.domain.intake import PersonInput, ReporterInput, ReportInput
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.vocabulary import Concern, ReporterKind
from bemoeizorg.exports.inzage import write_inzage
from bemoeizorg.exports.inzage_pages import build_inzage, find_person
from bemoeizorg.exports.pack_pages import build_pack
from bemoeizorg.store.register import Register
from tests.builders import LEAD, ROERMOND, days_ago

FAMILY = "Quakkelsteijn"
OLD_STREET = "Kraaiheide 7"
NEW_STREET = "Reigersbekpad 9"
REPORTER = "Ybeltje Ruisdaal"
REPORTER_ORG = "Woonstichting Kraaiennest"
DOCTOR = "Dokter Zwaluwstaart"
SISTER_PHONE = "06 11112222"
BSN = "111222333"


def _person(**changes: object) -> PersonInput:
    values: dict[str, object] = {
        "family_name": FAMILY,
        "given_names": "Wobbe",
        "birth_date": date(1971, 4, 2),
        "bsn": BSN,
        "address": OLD_STREET,
        "municipality_code": ROERMOND,
    }
    values.update(changes)
    return PersonInput(**values)  # type: ignore[arg-type]


def _made(register: Register) -> tuple[int, int]:
    """(person id, case id) of a canary person with two contacts and a corrected address."""
    recorded = record_report(
        register,
        ReportInput(
            received_on=days_ago(20),
            municipality_code=ROERMOND,
            reporter=ReporterInput(
                ReporterKind.WONINGCORPORATIE, organisation=REPORTER_ORG, name=REPORTER
            ),
            person=_person(),
            concerns=(Concern.VERVUILING,),
            description="Zorgen over de woning.",
        ),
    )
    case_id = take_on(register, recorded.report_id, None, Specialism.VOLWASSENEN, days_ago(19))
    person_id = recorded.person_id
    save_contact(register, person_id, ContactInput(DOCTOR, "huisarts", "077 1234567"))
    save_contact(register, person_id, ContactInput("Aaltje", "zus", SISTER_PHONE))
    change_person(register, person_id, _person(address=NEW_STREET))
    return person_id, case_id


def _pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_inzage_holds_the_contacts_and_the_earlier_values_never_the_reporter(
    register: Register, tmp_path: Path
) -> None:
    person_id, _ = _made(register)
    text = _pdf_text(write_inzage(register, person_id, tmp_path / "inzage.pdf").path)
    assert "Contactpersonen in uw netwerk" in text
    assert DOCTOR in text and "huisarts" in text
    assert "Aaltje" in text and SISTER_PHONE in text
    assert "Eerdere persoonsgegevens" in text
    assert f"Adres was: {OLD_STREET}; gewijzigd door {LEAD}" in text
    assert NEW_STREET in text  # the address as it is now, on the same page
    assert REPORTER not in text and REPORTER_ORG not in text


def test_a_person_without_contacts_or_corrections_says_none(register: Register) -> None:
    recorded = record_report(
        register,
        ReportInput(
            received_on=days_ago(2),
            municipality_code=ROERMOND,
            reporter=ReporterInput(ReporterKind.ANONIEM),
            person=_person(bsn="", family_name="Leegmans"),
            concerns=(Concern.SCHULDEN,),
        ),
    )
    details = build_inzage(register, recorded.person_id).pages[1]
    sections = {s.heading: [line.text for line in s.lines] for s in details.sections}
    assert sections["Contactpersonen in uw netwerk"] == ["Geen."]
    assert sections["Eerdere persoonsgegevens (vóór een verbetering)"] == ["Geen."]


def test_the_meeting_pack_holds_no_contact_and_no_earlier_value(register: Register) -> None:
    _person_id, case_id = _made(register)
    meeting = meetings.plan_meeting(
        register, meetings.MeetingData(ROERMOND, days_ago(-3), participants=("GGZ",))
    )
    meetings.add_to_agenda(register, meeting, case_id, "Wie kent deze persoon?", "GGZ")
    texts = repr(build_pack(register, meeting))  # every value the pack holds
    assert "Wie kent deze persoon?" in texts
    for needle in (DOCTOR, "Aaltje", SISTER_PHONE, OLD_STREET, "huisarts"):
        assert needle not in texts


def test_a_merged_person_is_not_found_by_bsn_the_kept_one_is(register: Register) -> None:
    kept, _ = _made(register)
    other = record_report(
        register,
        ReportInput(
            received_on=days_ago(5),
            municipality_code=ROERMOND,
            reporter=ReporterInput(ReporterKind.ANONIEM),
            person=_person(bsn="", family_name="Quakkelsteyn"),
            concerns=(Concern.SCHULDEN,),
        ),
    ).person_id
    assert read_person_card(register, other).person.bsn == ""
    merge_persons(register, kept, other)
    assert find_person(register, bsn=BSN) == kept


def test_the_kept_persons_inzage_says_what_a_merged_entry_held(
    register: Register, tmp_path: Path
) -> None:
    kept, _ = _made(register)
    other = record_report(
        register,
        ReportInput(
            received_on=days_ago(5),
            municipality_code=ROERMOND,
            reporter=ReporterInput(ReporterKind.ANONIEM),
            person=_person(bsn="", family_name="Quakkelsteyn", alias="Wobkje"),
            concerns=(Concern.SCHULDEN,),
        ),
    ).person_id
    text = _pdf_text(write_inzage(register, kept, tmp_path / "voor.pdf").path)
    assert "Wobkje" not in text  # another person's data, until they are merged
    merge_persons(register, kept, other)
    text = _pdf_text(write_inzage(register, kept, tmp_path / "na.pdf").path)
    assert "Tweede inschrijving, samengevoegd met deze: Wobbe Quakkelsteyn, roepnaam Wobkje" in text
