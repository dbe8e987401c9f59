"""Red-team attack on issue 15's promise: a meeting pack never carries a full identity nor who
reported. Everything typed into a pack is checked against the case's own person, the names of
everyone in the register and generic patterns, and `bemoeizorg meeting-pack` refuses the pack
on a hit; the PDF's text, streams and metadata hold no identifying data.

Written from the outside: one real encrypted register (built once per module), a meeting with
the case on its agenda, the typed text put in through `casework.meetings`, then the command
line's own entry (`run_command`, one test through a real child process) and the PDF read back
with pypdf. A test marked xfail(strict) is a leak (or a false positive) found on this day: it
flips to a failure the moment the guard catches it, and then the mark goes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pypdf
import pytest

from bemoeizorg.casework import cases, meetings
from bemoeizorg.casework.intake import not_taken_on, record_report, take_on
from bemoeizorg.cli import run_command
from bemoeizorg.domain.intake import PersonInput, ReporterInput, ReportInput
from bemoeizorg.domain.meetings import SharedFields
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.vocabulary import Concern, ReporterKind, TriageDecision
from bemoeizorg.store.register import Register
from tests.builders import ROERMOND, STRONG, VENLO, copy_register, days_ago, new_register

# The case on the agenda: every identifying field filled in.
FAMILY, PREFIX, GIVEN, ALIAS = "Meulenbroek", "van der", "Zoë Olivia", "Rooie Zoë"
BSN = "111222333"  # passes the 11-test
BORN = date(1961, 3, 3)
STREET, POSTCODE, CITY = "Heidestraat 150", "6041 AB", "Swalmen"
REPORTER, REPORTER_PHONE = "Gerrit Smeulders", "06-12345678"
# Elsewhere in the register: a neighbour with a case in Venlo and her reporter, a person of
# a report not taken on, a housing corporation that reported someone, and a person whose
# surname is also a river (and part of two municipalities' names).
NEIGHBOUR, NEIGHBOUR_REPORTER = ("Harm", "Kessels"), "Truus Verheggen"
NOT_TAKEN_ON = ("José", "Smeets")
CORPORATION = "Wonen Limburg"
RIVER_NAME = ("Ricky", "Maas")
# Surnames that are ordinary Dutch words: the guard must still let ordinary sentences through.
WORD_NAMES = (("Wil", "Hoek"), ("Roos", "Winter"), ("Kim", "Post"))

# What must never be found in a pack made from clean text.
IDENTIFIERS = (
    FAMILY,
    "Olivia",
    "Smeulders",
    "Kessels",
    "Verheggen",
    BSN,
    "Heidestraat",
    POSTCODE,
    "03-03-1961",
    REPORTER_PHONE,
)


pytestmark = pytest.mark.usefixtures("passphrase_env")


@dataclass(frozen=True)
class World:
    path: Path
    day: date
    meeting_id: int
    item_id: int
    previous_item_id: int
    previous_meeting_id: int
    case_id: int
    shared: SharedFields
    # What is typed in the register now, so a test writes only what it changes (fast).
    typed: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    code: int
    stderr: str
    pdf: Path | None

    @property
    def text(self) -> str:
        assert self.pdf is not None
        return "\n".join(page.extract_text() for page in pypdf.PdfReader(self.pdf).pages)


def _report(
    register: Register,
    person: PersonInput,
    reporter: ReporterInput,
    municipality: str = ROERMOND,
) -> int:
    return record_report(
        register,
        ReportInput(
            received_on=days_ago(30),
            municipality_code=municipality,
            reporter=reporter,
            person=person,
            concerns=(Concern.SCHULDEN,),
            description="Buren maken zich zorgen.",
        ),
    ).report_id


def _case(register: Register, report_id: int) -> int:
    return take_on(register, report_id, None, Specialism.VOLWASSENEN, days_ago(30))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    path = tmp_path_factory.mktemp("aanval") / "team.bzregister"
    register = new_register(path)
    try:
        person = PersonInput(
            family_name=FAMILY,
            prefix=PREFIX,
            given_names=GIVEN,
            alias=ALIAS,
            municipality_code=ROERMOND,
            birth_date=BORN,
            bsn=BSN,
            address=STREET,
            postcode=POSTCODE,
            city=CITY,
        )
        reporter = ReporterInput(ReporterKind.BUURT, name=REPORTER, contact=REPORTER_PHONE)
        case_id = _case(register, _report(register, person, reporter))
        given, family = NEIGHBOUR
        _case(
            register,
            _report(
                register,
                PersonInput(family_name=family, given_names=given, municipality_code=VENLO),
                ReporterInput(ReporterKind.BUURT, name=NEIGHBOUR_REPORTER),
                VENLO,
            ),
        )
        for given, family in (RIVER_NAME, *WORD_NAMES):
            _case(
                register,
                _report(
                    register,
                    PersonInput(family_name=family, given_names=given, municipality_code=VENLO),
                    ReporterInput(ReporterKind.FAMILIE),
                    VENLO,
                ),
            )
        _case(
            register,
            _report(
                register,
                PersonInput(family_name="Kuipers", given_names="Ton", municipality_code=VENLO),
                ReporterInput(ReporterKind.WONINGCORPORATIE, organisation=CORPORATION),
                VENLO,
            ),
        )
        given, family = NOT_TAKEN_ON
        not_taken_on(
            register,
            _report(
                register,
                PersonInput(family_name=family, given_names=given, municipality_code=ROERMOND),
                ReporterInput(ReporterKind.BUURT, name="Buurvrouw"),
            ),
            TriageDecision.ADVIES,
            "advies",
        )
        # An action typed in the case file (not a pack field): must never reach the pack.
        cases.add_action(register, case_id, f"{REPORTER} terugbellen", REPORTER, None)
        earlier = date.today() - timedelta(days=14)
        previous = meetings.plan_meeting(
            register, meetings.MeetingData(ROERMOND, earlier, participants=("GGD",))
        )
        previous_item = meetings.add_to_agenda(register, previous, case_id)
        day = date.today() + timedelta(days=7)
        meeting = meetings.plan_meeting(
            register, meetings.MeetingData(ROERMOND, day, participants=("GGD", "Politie"))
        )
        item = meetings.add_to_agenda(register, meeting, case_id)
        shared = meetings.meeting_detail(register, meeting).agenda[0].shared
    finally:
        register.lock()
    return World(path, day, meeting, item, previous_item, previous, case_id, shared)


@pytest.fixture
def passphrase_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BEMOEIZORG_PASSPHRASE", STRONG)


def make_pack(
    world: World,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    *,
    question: str = "",
    asked_of: str = "",
    agreed: str = "Huisbezoek plannen",
    organisation: str = "GGD",
    holder: str = "GGZ",
    chair: str = "",
    place: str = "",
    participants: tuple[str, ...] = ("GGD", "Politie"),
    out: Path | None = None,
) -> Outcome:
    """Type the texts into the meeting (the register is shared by this module's tests: every
    field is brought to what this test asks, written only when it differs), then
    `bemoeizorg meeting-pack` for the meeting's date."""
    wanted: dict[str, object] = {
        "agreements": (agreed, organisation, holder),
        "meeting": (chair, place, participants),
        "item": (question, asked_of),
    }
    register = Register.unlock_any_user(world.path, STRONG)
    try:
        if world.typed.get("agreements") != wanted["agreements"]:
            action = meetings.AgreedAction(agreed, organisation, world.day + timedelta(days=7))
            meetings.record_agreements(
                register,
                world.previous_meeting_id,
                [meetings.Agreement(world.previous_item_id, (action,), holder)],
            )
        if world.typed.get("meeting") != wanted["meeting"]:
            data = meetings.MeetingData(
                ROERMOND, world.day, chair=chair, place=place, participants=participants
            )
            meetings.update_meeting(register, world.meeting_id, data)
        meetings.update_agenda_item(register, world.item_id, question, asked_of, world.shared)
    finally:
        register.lock()
    world.typed.update(wanted)
    target = out or tmp_path / "pakket.pdf"
    capsys.readouterr()
    code = run_command(
        [
            "meeting-pack",
            str(world.path),
            "--municipality",
            "Roermond",
            "--date",
            world.day.isoformat(),
            "--out",
            str(target),
        ]
    )
    stderr = capsys.readouterr().err
    made = [p for p in (target.iterdir() if target.is_dir() else [target]) if p.is_file()]
    return Outcome(code, stderr, made[0] if made else None)


def squash(text: str) -> str:
    """What a reader of the PDF sees, compared loosely: look-alikes folded, invisible
    characters and separators dropped, case and accents ignored."""
    text = unicodedata.normalize("NFKD", text).casefold()
    text = text.translate(str.maketrans("\u043e\u0435\u043c\u0430", "oema"))  # Cyrillic
    return "".join(ch for ch in text if ch.isalnum() and not unicodedata.combining(ch))


def assert_refused(outcome: Outcome, identifying: str) -> None:
    """The promise: no pack; the refusal names the field and the reason, never the text."""
    leaked = outcome.pdf is not None and squash(identifying) in squash(outcome.text)
    assert outcome.code != 0 and outcome.pdf is None, (
        f"pack made (exit {outcome.code}); identifying text in the PDF: {leaked}"
    )
    assert "Er is geen pakket gemaakt" in outcome.stderr
    for word in identifying.split():
        if len(word) > 3 and word.isalpha():
            assert word not in outcome.stderr, "the refusal repeats the identifying text"


def check_refused(
    world: World,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    text: str,
    identifying: str,
) -> None:
    assert_refused(make_pack(world, tmp_path, capsys, question=text), identifying)


# --- what the guard catches (plain tests: they must keep passing) ---------------------------

CAUGHT = [
    ("Zoë van der Meulenbroek woont alleen.", FAMILY),
    ("Zoe van der Meulenbroek woont alleen.", FAMILY),
    ("Meulenbroek, Zoë woont alleen.", FAMILY),
    ("mevrouw meulenbroek woont alleen.", FAMILY),
    ("MEVROUW VAN DER MEULENBROEK WOONT ALLEEN.", FAMILY),
    ("Z. v.d. Meulenbroek woont alleen.", FAMILY),
    ("Zoë van der\nMeulenbroek woont alleen.", FAMILY),
    (
        "Mevrouw \uff2d\uff45\uff55\uff4c\uff45\uff4e\uff42\uff52\uff4f\uff45\uff4b woont alleen.",
        FAMILY,
    ),
    ("Zoe\u0308\u00a0Meulenbroek woont alleen.", FAMILY),
    ("Zie facebook.com/zoe.meulenbroek voor foto's.", FAMILY),
    ("rooie zoe heeft schulden.", "rooie zoe"),
    ("Gerrit Smeulders maakt zich zorgen.", "Smeulders"),
    ("Harm Kessels is de buurman.", "Kessels"),
    ("Truus Verheggen belde.", "Verheggen"),
    ("Smeets belde ook.", "Smeets"),
    ("Mevrouw Hoek belt morgen.", "Mevrouw Hoek"),
    ("BSN 111 222 333.", BSN),
    ("BSN 111.22.23.33.", BSN),
    ("Nummer 123456782 bellen.", "123456782"),
    ("Bel +31 6 12345678.", "12345678"),
    ("Bel 0031 6 1234 5678.", "12345678"),
    ("Bel 06 12 34 56 78.", "12345678"),
    ("Bel 0475-123456.", "0475123456"),
    ("Mail piet@example.nl.", "piet example nl"),
    ("Postcode 6041ab.", "6041ab"),
    ("Woont in 6041 AB Swalmen.", "6041ab"),
    ("Woont op 6042CD 12.", "6042cd12"),
    ("Woont Heidestraat 150a.", "Heidestraat 150"),
    ("Woont Heidestraat 150-2.", "Heidestraat 150"),
    ("Geboren 3 maart 1961.", "3 maart 1961"),
    ("Geboren 3/3/61.", "3/3/61"),
    ("Geboren 3 maart '61.", "3 maart 61"),
    ("Geboren 1961-03-03.", "19610303"),
]


@pytest.mark.parametrize(("text", "identifying"), CAUGHT, ids=[t for t, _ in CAUGHT])
def test_the_guard_refuses_a_question_with(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, identifying: str
) -> None:
    check_refused(world, tmp_path, capsys, text, identifying)


def test_a_name_in_asked_of_is_refused(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert_refused(make_pack(world, tmp_path, capsys, asked_of=REPORTER), REPORTER)


@pytest.mark.parametrize("which", ["agreed", "organisation", "holder"])
def test_a_name_in_last_meetings_agreements_is_refused(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str], which: str
) -> None:
    typed: dict[str, Any] = {
        "agreed": f"{NEIGHBOUR_REPORTER} bellen",
        "organisation": NEIGHBOUR_REPORTER,
        "holder": NEIGHBOUR_REPORTER,
    }
    outcome = make_pack(world, tmp_path, capsys, **{which: typed[which]})
    assert_refused(outcome, NEIGHBOUR_REPORTER)


def test_a_clean_pack_holds_no_identifier_in_text_streams_metadata_or_name(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The case file's own action names the reporter; the pack is made into a folder (its own
    file name); nothing identifying in the extracted text, any decoded stream, the metadata."""
    folder = tmp_path / "map"
    folder.mkdir()
    outcome = make_pack(
        world, tmp_path, capsys, question="Wie kan helpen met de schulden?", out=folder
    )
    assert outcome.code == 0 and outcome.pdf is not None, outcome.stderr
    reader = pypdf.PdfReader(outcome.pdf)
    metadata = " ".join(str(v) for v in (reader.metadata or {}).values())
    numbers = {n for table in reader.xref.values() for n in table} | set(reader.xref_objStm)
    streams = []
    for number in sorted(numbers):
        obj = reader.get_object(number)
        if isinstance(obj, pypdf.generic.StreamObject):
            streams.append(obj.get_data().decode("latin-1"))
    seen = squash(" ".join([outcome.text, metadata, outcome.pdf.name]))
    raw = "\n".join([outcome.pdf.read_bytes().decode("latin-1"), *streams])
    for identifier in IDENTIFIERS:
        assert squash(identifier) not in seen, identifier
        assert identifier not in raw, identifier


def test_the_real_command_refuses_the_full_name(world: World, tmp_path: Path) -> None:
    """Once through a real child process, as a team lead types it."""
    copied = copy_register(world.path, tmp_path / "kopie")
    register = Register.unlock_any_user(copied, STRONG)
    try:
        meetings.update_agenda_item(
            register,
            world.item_id,
            "Mevrouw Olivia Meulenbroek woont Heidestraat 150.",
            "",
            world.shared,
        )
    finally:
        register.lock()
    target = tmp_path / "pakket.pdf"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bemoeizorg",
            "meeting-pack",
            str(copied),
            "--municipality",
            "GM0957",
            "--date",
            world.day.isoformat(),
            "--out",
            str(target),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "BEMOEIZORG_PASSPHRASE": STRONG},
        timeout=120,
        check=False,
    )
    assert result.returncode != 0 and not target.exists()
    assert "Er is geen pakket gemaakt" in result.stderr
    assert FAMILY not in result.stderr and "Heidestraat" not in result.stderr


# --- ordinary Dutch a team lead writes: the pack must be made -------------------------------

ORDINARY = [
    "Wie kan de huisarts benaderen over de schulden?",
    "Mevrouw woont sinds 2019 in de wijk; de woning is vervuild.",
    "Afspraak op 12-01-2027 om 14:30 bij de GGZ.",
    "Huurachterstand van 3 maanden, ongeveer 2.400 euro; 150 euro per maand aflossen.",
    "Het is een groot probleem voor de buurt.",
    "Dossiernummer 2026-00123 bij de woningcorporatie; melding 12345 bij de politie.",
    "Kan de GGZ op dinsdag 8 december 2026 om 10.00 uur langskomen?",
    "Bewindvoering aangevraagd op 03-03-2026.",
    "Is zij bekend bij de wijkagent van Swalmen?",
    "Op de hoek van de straat is overlast; wil zij hulp?",
    "Brieven komen per post; deze winter was het koud.",
    # Near the rules that caught the disguised forms: the own birthday without a birthday
    # word, dates and weeks with slashes, a street word without a number, "at" in a sentence,
    # the reporting organisation as a partner.
    "Afspraak om 3 maart om 10 uur bij de GGZ.",
    "Zij werkt 06/12 tot en met 08/12; huisbezoek op 01/06/2026 12/06/2026.",
    "Huisnummer onbekend; de Markt is druk, op de Markt 3 keer per week een kraam.",
    "GGD at the table; zij at thuis. De buren zagen het.",
    "Wonen Limburg doet mee aan het overleg.",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_text_makes_the_pack(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    outcome = make_pack(world, tmp_path, capsys, question=text)
    assert outcome.code == 0 and outcome.pdf is not None, outcome.stderr
    assert squash(text) in squash(outcome.text)


FALSE_POSITIVES = [
    "Kan het wijkteam van Peel en Maas aansluiten?",
    "Zij verhuist misschien naar Horst aan de Maas.",
]


@pytest.mark.parametrize("text", FALSE_POSITIVES)
def test_a_municipality_with_the_river_in_its_name_makes_the_pack(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    outcome = make_pack(world, tmp_path, capsys, question=text)
    assert outcome.code == 0 and outcome.pdf is not None, outcome.stderr


# leaks found on the attack's day and caught since (plain tests: they must keep passing)

CAUGHT_SINCE = [
    ("Mevrouw Meulen\u200bbroek woont alleen.", FAMILY, "zero-width space inside the surname"),
    ("Mevrouw Meulen\u00adbroek woont alleen.", FAMILY, "soft hyphen inside the surname"),
    ("Mevrouw Meulenbr\u043eek woont alleen.", FAMILY, "Cyrillic o in the surname"),
    ("Mevrouw \u041ceulenbroek woont alleen.", FAMILY, "Cyrillic M in the surname"),
    ("Mevrouw Meulen-broek woont alleen.", FAMILY, "surname split by a hyphen"),
    ("Mevrouw Meulen-\nbroek woont alleen.", FAMILY, "surname hyphenated over two lines"),
    ("Mevrouw Meulen\u2010broek woont alleen.", FAMILY, "surname split by a Unicode hyphen"),
    ("Mevrouw Meulen broek woont alleen.", FAMILY, "surname split by a space"),
    ("Mevrouw M e u l e n b r o e k woont alleen.", FAMILY, "surname letter-spaced"),
    ("Meulenbroeks huis is vervuild.", FAMILY, "genitive -s on the surname"),
    ("Meulenbroek's huis is vervuild.", FAMILY, "genitive 's on the surname"),
    ("Zie instagram @zoemeulenbroek.", FAMILY, "name glued into a handle"),
    ("BSN 111\u00a0222\u00a0333.", BSN, "own BSN with non-breaking spaces"),
    ("Bel 06\u201312345678.", "12345678", "phone with an en dash (Word's autocorrect)"),
    (
        "Bel \uff10\uff16\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18.",
        "0612345678",
        "phone in full-width digits",
    ),
    ("Mail piet\uff20example.nl.", "piet example nl", "e-mail with a full-width @"),
    ("Buurman Sm\u0435ulders belde.", "Smeulders", "Cyrillic e in the reporter's surname"),
    # the own surname misspelt
    ("Mevrouw Meulenbroeck woont alleen.", "Meulenbroeck", "surname misspelt (ck)"),
    # BSN
    ("BSN 111/222/333.", BSN, "own BSN with slashes"),
    ("BSN een een een twee twee twee drie drie drie.", "een een een twee", "BSN in words"),
    # phone
    ("Bel (06) 12 34 56 78.", "12345678", "phone as (06) 12 34 56 78"),
    ("Bel 06/12345678.", "12345678", "phone with a slash"),
    # e-mail
    ("Mail piet at example punt nl.", "piet at example punt nl", "e-mail as 'at ... punt'"),
    ("Mail piet(at)example.nl.", "piet at example nl", "e-mail as (at)"),
    ("Mail piet [at] example [dot] nl.", "piet at example dot nl", "e-mail as [at] [dot]"),
    ("Mail piet @ example . nl.", "piet example nl", "e-mail with spaces around @"),
    # postcode
    ("Postcode 6041  AB.", "6041ab", "own postcode with two spaces"),
    ("Postcode 6041-AB.", "6041ab", "own postcode with a hyphen"),
    ("Woont op 6042 CD, nummer 12.", "6042cd", "postcode, then 'nummer' and the house number"),
    # street and number
    ("Woont Heidestr. 150.", "Heidestr 150", "own street abbreviated (str.)"),
    ("Woont Heide 150.", "Heide 150", "own street without 'straat'"),
    ("Woont Heide-straat 150.", "Heide straat 150", "own street with a hyphen"),
    ("Woont Heide straat 150.", "Heide straat 150", "own street split in two"),
    ("Woont Markt 5.", "Markt 5", "street without a suffix and a number"),
    # birth date
    ("Geboren 03-03-'61.", "03 03 61", "own birth date as 03-03-'61"),
    ("Geboren 3 mrt 1961.", "3 mrt 1961", "own birth date with the month abbreviated"),
    ("Geboren op drie maart 1961.", "drie maart 1961", "own birth date with the day in words"),
    ("Jarig op 3 maart.", "3 maart", "day and month, the pack prints the birth year beside"),
    # who reported
    ("Buurman Smeul-ders belde.", "Smeulders", "the reporter's surname split by a hyphen"),
    ("Wonen Limburg heeft gemeld.", CORPORATION, "the reporting organisation by name"),
]


@pytest.mark.parametrize(
    ("text", "identifying"),
    [pytest.param(text, identifying, id=why) for text, identifying, why in CAUGHT_SINCE],
)
def test_the_guard_refuses_a_disguised(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, identifying: str
) -> None:
    check_refused(world, tmp_path, capsys, text, identifying)


# --- leaks: typed identity that reaches the PDF today ---------------------------------------
# None open today: every one found on the attack's day is in CAUGHT_SINCE. A new one goes here
# as a parametrized test marked xfail(strict), as those were, until the guard catches it.


MEETING_FIELDS: dict[str, dict[str, Any]] = {
    "chair": {"chair": REPORTER},
    "place": {"place": f"{STREET}, bij {REPORTER}"},
    "participants": {"participants": ("GGD", REPORTER)},
}


@pytest.mark.parametrize("which", list(MEETING_FIELDS))
def test_the_meetings_own_fields_are_guarded(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str], which: str
) -> None:
    outcome = make_pack(world, tmp_path, capsys, **MEETING_FIELDS[which])
    assert_refused(outcome, REPORTER)
