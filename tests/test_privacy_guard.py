"""The privacy guard on what a team lead types into a meeting pack: the case's own person
in every usual notation, anyone in the register by name, generic patterns, and ordinary
Dutch let through."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bemoeizorg.casework import meetings
from bemoeizorg.casework.intake import record_report, take_on
from bemoeizorg.casework.pack_guard import guard_context
from bemoeizorg.domain.intake import PersonInput, ReporterInput, ReportInput
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.privacy_guard import (
    ELEVEN_TEST,
    EMAIL,
    OTHER_NAME,
    OWN_ADDRESS,
    OWN_BIRTH_DATE,
    OWN_BSN,
    OWN_INITIALS,
    OWN_NAME,
    OWN_POSTCODE,
    PHONE,
    POSTCODE_NUMBER,
    OverrideReason,
    OwnPerson,
    check_text,
    register_names,
)
from bemoeizorg.domain.vocabulary import Concern, ReporterKind
from bemoeizorg.exports import meeting_pack, pack_pages
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.errors import NotAllowed
from bemoeizorg.store.register import Register
from tests.builders import ROERMOND, days_ago, log_entries

PERSON = OwnPerson(
    given_names="Jan Dirk",
    prefix="van der",
    family_name="Wolkenkrabbertje",
    alias="Dikkie",
    birth_date=date(1980, 2, 1),
    bsn="123456782",
    address="Kwartelstraat 77",
    postcode="6041 XZ",
)
NAMES = register_names(["Olivia", "Krabbe", "Gerritje Hazelnootsma", "Bakker", "Bos", "Jan"])


def found(text: str, person: OwnPerson | None = PERSON) -> list[tuple[str, str]]:
    return [(text[h.start : h.end], h.reason) for h in check_text(text, person, NAMES)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hoe gaat het met Wolkenkrabbertje?", [("Wolkenkrabbertje", OWN_NAME)]),
        ("Hoe gaat het met WOLKENKRABBERTJE?", [("WOLKENKRABBERTJE", OWN_NAME)]),
        ("Jan is weer thuis", [("Jan", OWN_NAME)]),
        ("Dirk en Dikkie", [("Dirk", OWN_NAME), ("Dikkie", OWN_NAME)]),
        ("Afspraak met J. Wolkenkrabbertje", [("J. Wolkenkrabbertje", OWN_INITIALS)]),
        ("J.D. van der Wolkenkrabbertje", [("J.D. van der Wolkenkrabbertje", OWN_INITIALS)]),
        ("Woont Kwartelstraat 77 sinds mei", [("Kwartelstraat 77", OWN_ADDRESS)]),
        ("Postcode 6041xz", [("6041xz", OWN_POSTCODE)]),
        ("BSN 123456782", [("123456782", OWN_BSN)]),
        ("BSN 1234.56.782", [("1234.56.782", OWN_BSN)]),
        ("geboren 01-02-1980", [("01-02-1980", OWN_BIRTH_DATE)]),
        ("geboren 1-2-1980", [("1-2-1980", OWN_BIRTH_DATE)]),
        ("geboren 01021980", [("01021980", OWN_BIRTH_DATE)]),
        ("geboren 1 februari 1980", [("1 februari 1980", OWN_BIRTH_DATE)]),
        ("geboren 1 feb. '80", [("1 feb. '80", OWN_BIRTH_DATE)]),
        ("geboren 1980-02-01", [("1980-02-01", OWN_BIRTH_DATE)]),
        ("geboren 01/02/80", [("01/02/80", OWN_BIRTH_DATE)]),
    ],
)
def test_the_case_own_person_in_every_usual_notation(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert found(text) == expected


def test_names_of_others_in_the_register_whole_word_case_and_accents_ignored() -> None:
    question = "Mevrouw Olivia Krabbe woont Heide 150 in Swalmen"
    assert found(question, None) == [("Olivia", OTHER_NAME), ("Krabbe", OTHER_NAME)]
    assert found("Gesprek met ÖLIVIA en hazelnootsma", None) == [
        ("ÖLIVIA", OTHER_NAME),
        ("hazelnootsma", OTHER_NAME),
    ]
    assert found("Krabbetje en Olivianen", None) == []  # whole words only


def test_ordinary_words_that_are_names_count_only_with_a_capital_inside_a_sentence() -> None:
    assert found("Graag overleg met de bakker en een wandeling in het bos", None) == []
    assert found("Bakker komt ook. Bos is mooi.", None) == []  # a sentence starts with it
    assert found("Gesprek met mevrouw Bakker", None) == [("Bakker", OTHER_NAME)]
    assert found("Gesprek met mw. Bakker", None) == [("Bakker", OTHER_NAME)]
    # Short names (under 4 letters) of others are not looked for at all.
    assert found("Jan de huisarts belt", None) == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Nummer 111222333 doorgeven", ELEVEN_TEST),
        ("Bel 06-12345678", PHONE),
        ("Bel +31 6 1234 5678", PHONE),
        ("Bel 0475 123456", PHONE),
        ("Mail naar iemand@voorbeeld.nl", EMAIL),
        ("Adres 6041 AB 12", POSTCODE_NUMBER),
    ],
)
def test_generic_patterns_whoever_they_belong_to(text: str, reason: str) -> None:
    hits = check_text(text)
    assert [h.reason for h in hits] == [reason]


@pytest.mark.parametrize(
    "text",
    [
        "Graag overleg met de huisarts over woonbegeleiding",
        "Wie kan mee op huisbezoek? Uiterlijk 15-03-2027 terugkoppelen.",
        "Schulden bij 3 schuldeisers, ongeveer 12000 euro; 2 kinderen thuis.",
        "Politie en GGZ gaan samen langs in week 12 van 2027.",
        "Aanmelding bij de Sociaal team Roermond, casushouder wordt de GGD.",
    ],
)
def test_ordinary_text_goes_through(text: str) -> None:
    assert check_text(text, PERSON, NAMES) == []


@pytest.mark.parametrize(
    "text",
    [
        "Mevrouw Wolken-krabbertje woont alleen.",
        "Mevrouw Wolken krabbertje woont alleen.",
        "Mevrouw W o l k e n k r a b b e r t j e woont alleen.",
        "Wolkenkrabbertjes huis is vervuild.",
        "Zie @janwolkenkrabbertje op instagram.",
        "Mevrouw Wolkenkr\u0430bbertje woont alleen.",  # a Cyrillic a
        "Mevrouw Wolken\u200bkrabbertje woont alleen.",  # a zero-width space
    ],
)
def test_the_own_name_split_glued_or_disguised(text: str) -> None:
    assert [reason for _, reason in found(text)] == [OWN_NAME]


@pytest.mark.parametrize(
    ("family", "text"),
    [
        ("Bakker", "Hij kocht een bak kerstboom."),
        ("Bakker", "De bakkerij is dicht."),
        ("Maas", "Kan het wijkteam van Peel en Maas aansluiten?"),
    ],
)
def test_letters_across_words_or_a_place_are_not_a_name(family: str, text: str) -> None:
    person = OwnPerson(given_names="Jan", family_name="Zwart")
    names = register_names([family])
    assert check_text(text, person, names) == []
    if len(family) >= 6:
        assert check_text(text, OwnPerson(given_names="Jan", family_name=family)) == []


# --- in the register ---------------------------------------------------------------------


def _case(register: Register, given: str, family: str, reporter: str, bsn: str = "") -> int:
    recorded = record_report(
        register,
        ReportInput(
            received_on=days_ago(30),
            municipality_code=ROERMOND,
            reporter=ReporterInput(ReporterKind.BUURT, name=reporter),
            person=PersonInput(
                family_name=family,
                given_names=given,
                birth_date=date(1975, 6, 9),
                bsn=bsn,
                address="Heide 150",
                postcode="6071 AA",
                municipality_code=ROERMOND,
            ),
            concerns=(Concern.OVERLAST,),
        ),
    )
    return take_on(register, recorded.report_id, None, Specialism.VOLWASSENEN, days_ago(29))


def test_a_pack_with_names_is_refused_until_a_teamleider_overrides(
    register: Register, tmp_path
) -> None:
    own = _case(register, "Olivia", "Krabbe", "Gerritje Hazelnootsma", "123456782")
    other = _case(register, "Ermengarda", "Vlinderstrik", "Hendrikus Zomerdijk")
    meeting = meetings.plan_meeting(
        register,
        meetings.MeetingData(ROERMOND, date.today() + timedelta(days=3), participants=("GGZ",)),
    )
    meetings.add_to_agenda(
        register, meeting, own, "Mevrouw Krabbe woont Heide 150; buurvrouw Vlinderstrik en "
        "Hazelnootsma maken zich zorgen, geboren 9 juni 1975"
    )  # fmt: skip
    meetings.add_to_agenda(register, meeting, other, "Graag overleg met de huisarts")
    pack = pack_pages.build_pack(register, meeting)
    guard = guard_context(register, pack.case_ids)
    hits = meeting_pack.pack_hits(pack, guard)
    reasons = {(h.where(pack), h.hit.reason) for h in hits}
    assert ("Casus 1, Vraag aan het netwerk", OWN_NAME) in reasons
    assert ("Casus 1, Vraag aan het netwerk", OWN_ADDRESS) in reasons
    assert ("Casus 1, Vraag aan het netwerk", OWN_BIRTH_DATE) in reasons
    assert ("Casus 1, Vraag aan het netwerk", OTHER_NAME) in reasons  # person and reporter
    assert not any(h.where(pack).startswith("Casus 2") for h in hits)
    # The agenda page repeats the question: marked there too.
    assert any(h.page == 0 for h in hits)

    path = tmp_path / pack.file_name
    with pytest.raises(meeting_pack.PackHasHits) as refused:
        meeting_pack.write_pack(register, pack, path, guard=guard)
    message = str(refused.value)
    for secret in ("Krabbe", "Vlinderstrik", "Hazelnootsma", "Heide", "1975"):
        assert secret not in message
    assert not path.exists() and meetings.disclosures(register) == []

    before = len(log_entries(register))
    meeting_pack.write_pack(register, pack, path, guard=guard, override=OverrideReason.NEEDED)
    assert path.exists() and len(meetings.disclosures(register)) == 2
    new = log_entries(register)[before:]
    assert (Action.CHANGE.value, own) in new  # the override, for the case it was about
    assert (Action.CHANGE.value, other) not in new


def test_only_a_teamleider_overrides(make_register, tmp_path) -> None:
    from bemoeizorg.domain.people import Role

    register = make_register(role=Role.BEMOEIZORGER)
    case_id = _case(register, "Olivia", "Krabbe", "Gerritje Hazelnootsma")
    meeting = meetings.plan_meeting(
        register, meetings.MeetingData(ROERMOND, date.today(), participants=("GGZ",))
    )
    meetings.add_to_agenda(register, meeting, case_id, "Mevrouw Krabbe")
    pack = pack_pages.build_pack(register, meeting)
    guard = guard_context(register, pack.case_ids)
    with pytest.raises(NotAllowed):
        meeting_pack.write_pack(
            register, pack, tmp_path / "p.pdf", guard=guard, override=OverrideReason.NEEDED
        )
    assert not (tmp_path / "p.pdf").exists()
