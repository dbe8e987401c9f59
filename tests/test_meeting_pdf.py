"""The meeting pack as a PDF, read back with pypdf: exactly the pack's pages, the confidential
marking and the destroy date on every page, nothing identifying anywhere in the file (text,
streams, metadata, file name), byte-identical builds, AES-256 with a password, and the
disclosure log written once per case per pack."""

from __future__ import annotations

import base64
import contextlib
import io
import re
import stat
import subprocess
import sys
import zlib
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PasswordType, PdfReader
from pypdf.generic import IndirectObject, StreamObject
from sqlalchemy.exc import OperationalError

from bemoeizorg.casework import meetings
from bemoeizorg.casework.intake import record_report, take_on
from bemoeizorg.domain.intake import PersonInput, ReporterInput, ReportInput
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.vocabulary import Concern, ReporterKind
from bemoeizorg.exports import meeting_pack
from bemoeizorg.exports.pack_pages import CONFIDENTIAL, Pack, PackLine, PackPage, build_pack
from bemoeizorg.exports.pack_pdf import printable, render_pack
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.errors import DiskFull
from bemoeizorg.store.register import Register
from tests.builders import ROERMOND, days_ago, log_entries, new_case

HELD_ON = date.today() + timedelta(days=7)
DESTROY = f"{HELD_ON + timedelta(days=14):%d-%m-%Y}"

# Unusual values that must never reach a pack: (given names, family name, alias, BSN,
# address, postcode, city, birth date, reporter name, organisation, contact, description).
PEOPLE = (
    (
        "Xaverius Quirinus",
        "Vlonderbeekhuysen",
        "Kwakkelkoning",
        "111222333",
        "Kwikstaartlaan 987",
        "6041 QX",
        "Zwartbroekerveld",
        date(1967, 3, 29),
        "Zwaantje Kwakkelstein",
        "Stichting Qwertyzorg",
        "zwaantje@qwerty-kanarie.nl",
        "Kanariebeschrijving over de buren",
    ),
    (
        "Berendina Ottilia",
        "Schimmelpenninckx",
        "Tante Snoepje",
        "123456782",
        "Grutterspad 4b",
        "6045 ZK",
        "Leeuwerikenhoven",
        date(1983, 11, 5),
        "Hieronymus Baldewijn",
        "Buurtpreventie Vlierbes",
        "06-98765432",
        "Kanarietekst melding twee",
    ),
)


def _canaries() -> list[str]:
    found: list[str] = []
    for given, family, alias, bsn, street, postcode, city, born, *reporter in PEOPLE:
        found += [*given.split(), given, family, alias, bsn, street, postcode, city, *reporter]
        found += [f"{born:%d-%m-%Y}", born.isoformat(), f"{born:%d%m%Y}"]
        found += [postcode.replace(" ", ""), f"{bsn[:4]}.{bsn[4:6]}.{bsn[6:]}"]
    return found


CANARIES = _canaries()


def canary_case(register: Register, index: int) -> int:
    given, family, alias, bsn, street, postcode, city, born, name, org, contact, text = PEOPLE[
        index
    ]
    recorded = record_report(
        register,
        ReportInput(
            received_on=days_ago(60),
            municipality_code=ROERMOND,
            reporter=ReporterInput(
                ReporterKind.BUURT, organisation=org, name=name, contact=contact
            ),
            person=PersonInput(
                family_name=family,
                given_names=given,
                alias=alias,
                birth_date=born,
                bsn=bsn,
                address=street,
                postcode=postcode,
                city=city,
                municipality_code=ROERMOND,
            ),
            concerns=(Concern.OVERLAST, Concern.SCHULDEN),
            description=text,
        ),
    )
    return take_on(register, recorded.report_id, None, Specialism.VOLWASSENEN, days_ago(60))


def plan(register: Register, case_ids: list[int], held_on: date = HELD_ON) -> int:
    meeting_id = meetings.plan_meeting(
        register,
        meetings.MeetingData(
            ROERMOND, held_on, chair="Wethouder zorg", participants=("GGZ", "Politie")
        ),
    )
    for case_id in case_ids:
        meetings.add_to_agenda(
            register,
            meeting_id,
            case_id,
            "Wie kan mee op huisbezoek? Let op: <geen> namen & geen adressen.",
            "GGZ & Politie",
        )
    return meeting_id


@pytest.fixture
def pack(register: Register) -> Pack:
    """Two canary cases and a plain one; the first with agreements from a previous meeting."""
    cases = [canary_case(register, 0), canary_case(register, 1), new_case(register)]
    earlier = plan(register, cases[:1], held_on=date.today() - timedelta(days=21))
    item = meetings.meeting_detail(register, earlier).agenda[0].id
    meetings.record_agreements(
        register,
        earlier,
        [
            meetings.Agreement(
                item,
                (
                    meetings.AgreedAction(
                        "Huisbezoek samen met de wijkagent & de woningcorporatie",
                        "Politie",
                        date.today() + timedelta(days=10),
                    ),
                ),
                holder="GGZ",
            )
        ],
        on=date.today() - timedelta(days=21),
    )
    return build_pack(register, plan(register, cases))


def _normal(text: str) -> str:
    return " ".join(text.split())


def _reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def _page_texts(data: bytes) -> list[str]:
    return [_normal(page.extract_text()) for page in _reader(data).pages]


def _streams(data: bytes, password: str | None = None) -> list[bytes]:
    """Every stream object of the file, decoded (ASCII85, Flate, and decrypted)."""
    reader = _reader(data)
    if password is not None:
        reader.decrypt(password)
    found = []
    for generation, numbers in reader.xref.items():
        for number in numbers:
            obj = reader.get_object(IndirectObject(number, generation, reader))
            if isinstance(obj, StreamObject):
                found.append(obj.get_data())
    # And whatever zlib stream the raw bytes hold, in case pypdf skipped an object.
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.DOTALL):
        raw = match.group(1).strip()
        with contextlib.suppress(ValueError, zlib.error):
            if raw.endswith(b"~>"):
                raw = base64.a85decode(raw[:-2])
            found.append(zlib.decompress(raw))
    return found


# --- what is printed ---------------------------------------------------------------------


def test_every_text_item_is_printed_agenda_first_then_a_page_per_case(pack: Pack) -> None:
    data = render_pack(pack)
    assert data.startswith(b"%PDF-")
    texts = _page_texts(data)
    assert len(pack.pages) == 5  # the agenda, three cases, the agreements
    assert len(texts) >= len(pack.pages)
    everything = " ".join(texts)
    for page in pack.pages:
        for item in page.texts():
            assert _normal(item) in everything, item
    # The agenda is page 1; each case starts on a page of its own, in order.
    assert _normal(pack.pages[0].title) in texts[0]
    starts = [next(i for i, t in enumerate(texts) if p.title in t) for p in pack.pages[1:]]
    assert starts == sorted(starts) and starts[0] >= 1 and len(set(starts)) == len(starts)
    for page in pack.pages[1:]:
        assert page.title not in texts[0]
    assert "Wie kan mee op huisbezoek? Let op: <geen> namen & geen adressen." in everything
    assert "Huisbezoek samen met de wijkagent & de woningcorporatie" in everything


def test_header_and_footer_on_every_page(pack: Pack) -> None:
    texts = _page_texts(render_pack(pack))
    for number, text in enumerate(texts, start=1):
        assert _normal(pack.title) in text
        assert _normal(CONFIDENTIAL) in text
        assert f"Vernietigen na {DESTROY}" in text
        assert f"Pagina {number} van {len(texts)}" in text


def test_long_content_flows_on_to_the_next_page() -> None:
    question = " ".join(f"woord{i}" for i in range(1500))
    pack = Pack(
        1,
        "Netwerkoverleg Roermond, 1 december 2026",
        "Roermond",
        date(2026, 12, 1),
        date(2026, 12, 15),
        ("GGZ",),
        (
            PackPage("Agenda netwerkoverleg Roermond", (PackLine("Datum", "1 december 2026"),)),
            PackPage("1. A.B. (1970)", (PackLine("Vraag aan het netwerk", question),), 7),
            PackPage("2. C.D. (1980)", (PackLine("Vraag aan het netwerk", "Kort."),), 8),
        ),
    )
    texts = _page_texts(render_pack(pack))
    assert len(texts) >= 4
    assert all(f"van {len(texts)}" in t for t in texts)
    # The header and footer come between the pages; the words themselves are all there, once
    # and in order.
    assert [w for w in " ".join(texts).split() if w.startswith("woord")] == question.split()
    assert "2. C.D. (1980)" in texts[-1] and "woord1499" not in texts[-1]


def test_letters_print_as_they_are_and_a_missing_glyph_as_a_question_mark() -> None:
    """The embedded DejaVu Sans has the letters of Polish, Turkish, Czech and Hungarian
    names; what it lacks is a "?", never a black box; control characters a space."""
    assert printable("Wiśniewski, Łukasz, Yılmaz, Ğ, ő") == "Wiśniewski, Łukasz, Yılmaz, Ğ, ő"
    assert printable("Ëlla Šapek € – “x” →") == "Ëlla Šapek € – “x” →"
    assert printable("漢 a\x00b\r\nc") == "? a b\nc"
    page = PackPage("Agenda", (PackLine("Vraag", "Overleg met Wiśniewski (Łódź)"),))
    pack = Pack(1, "Overleg", "Roermond", date(2026, 1, 5), date(2026, 1, 19), (), (page,))
    (text,) = _page_texts(render_pack(pack))
    assert "Overleg met Wiśniewski (Łódź)" in text
    assert "\u25a0" not in text


# --- what is never in the file -----------------------------------------------------------


def test_no_identifying_data_anywhere_in_the_file(pack: Pack) -> None:
    for data in (render_pack(pack), render_pack(pack, password="Overleg-wachtwoord 2026")):
        reader = _reader(data)
        if reader.is_encrypted:
            reader.decrypt("Overleg-wachtwoord 2026")
        texts = " ".join(page.extract_text() for page in reader.pages)
        contents = b" ".join(page.get_contents().get_data() for page in reader.pages)  # type: ignore[union-attr]
        metadata = " ".join(f"{k}={v}" for k, v in (reader.metadata or {}).items())
        streams = _streams(data, "Overleg-wachtwoord 2026" if reader.is_encrypted else None)
        assert len(streams) >= len(reader.pages)
        assert any(b"Vraag aan het netwerk" in s for s in streams)
        assert reader.xmp_metadata is None
        for canary in CANARIES:
            for where in (texts, _normal(texts), metadata, pack.file_name):
                assert canary.casefold() not in where.casefold(), (canary, where[:200])
            for encoded in {canary.encode("latin-1"), canary.encode("utf-16-be")}:
                assert encoded not in data, canary
                assert encoded not in contents, canary
                assert not any(encoded in s for s in streams), canary
    # The pack still tells the meeting who is meant: initials and birth year are allowed.
    assert "X.Q.V. (1967)" in " ".join(_page_texts(render_pack(pack)))


def test_metadata_is_blank_and_nothing_of_reportlab_defaults(pack: Pack) -> None:
    for data in (render_pack(pack), render_pack(pack, password="Overleg-wachtwoord 2026")):
        reader = _reader(data)
        if reader.is_encrypted:
            reader.decrypt("Overleg-wachtwoord 2026")
        info = reader.metadata
        assert info is not None
        for key in ("/Title", "/Author", "/Subject", "/Keywords", "/Producer"):
            assert info.get(key, "") == "", key
        assert info.get("/Creator") == "Bemoeizorg Register"
        values = " ".join(str(v) for v in info.values()).casefold()
        for default in ("anonymous", "untitled", "unspecified", "reportlab", "pypdf"):
            assert default not in values
        assert reader.xmp_metadata is None
        assert b"/Metadata" not in data


def test_file_name_holds_only_the_municipality_and_the_date(pack: Pack) -> None:
    assert pack.file_name == f"Netwerkoverleg-Roermond-{HELD_ON.isoformat()}.pdf"


# --- reproducible ------------------------------------------------------------------------


def test_two_builds_are_byte_identical(register: Register, pack: Pack) -> None:
    assert render_pack(pack) == render_pack(pack)
    again = build_pack(register, pack.meeting_id)
    assert again == pack
    assert render_pack(again) == render_pack(pack)


_FIXED_PACK = """
import hashlib, sys
from datetime import date
from bemoeizorg.exports.pack_pages import Pack, PackLine, PackPage
from bemoeizorg.exports.pack_pdf import render_pack
page = PackPage("Agenda", (PackLine("Casus 1", "J.D. (1970): één ruïne, Wiśniewski"),))
pack = Pack(1, "Overleg", "Roermond", date(2026, 1, 5), date(2026, 1, 19), (), (page,))
print(hashlib.sha256(render_pack(pack)).hexdigest())
"""


def test_two_processes_build_the_same_bytes() -> None:
    """The embedded font's subset is named and numbered the same in a fresh process."""
    digests = {
        subprocess.run(
            [sys.executable, "-c", _FIXED_PACK], capture_output=True, text=True, check=True
        ).stdout.strip()
        for _ in range(2)
    }
    assert len(digests) == 1 and len(digests.pop()) == 64


def fonts_of(data: bytes) -> dict[str, bool]:
    """Every font the pages use, and whether its glyphs are embedded in the file."""
    found: dict[str, bool] = {}
    for page in _reader(data).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and "/FontFile2" in descriptor.get_object()
            found[str(font["/BaseFont"])] = embedded
    return found


def test_the_font_is_embedded_so_every_viewer_spaces_initials_alike(pack: Pack) -> None:
    """Helvetica was not embedded: a viewer without it set the text in another font at
    Helvetica's positions, and "J.D." read "J . D.". DejaVu Sans travels in the file."""
    fonts = fonts_of(render_pack(pack))
    assert {name.split("+")[-1] for name in fonts} == {"DejaVuSans", "DejaVuSans-Bold"}
    assert all(fonts.values()), fonts


# --- password ----------------------------------------------------------------------------


def test_password_encrypts_with_aes_256(pack: Pack) -> None:
    data = render_pack(pack, password="Overleg-wachtwoord 2026")
    reader = _reader(data)
    assert reader.is_encrypted
    encrypt = reader.trailer["/Encrypt"].get_object()
    assert (encrypt["/V"], encrypt["/R"]) == (5, 6)
    assert encrypt["/CF"]["/StdCF"]["/CFM"] == "/AESV3"
    assert reader.decrypt("wrong") == PasswordType.NOT_DECRYPTED
    with pytest.raises(Exception):  # noqa: B017 - pypdf refuses to read an undecrypted file
        reader.pages[0].extract_text()
    reader = _reader(data)
    assert reader.decrypt("Overleg-wachtwoord 2026") != PasswordType.NOT_DECRYPTED
    text = " ".join(_normal(p.extract_text()) for p in reader.pages)
    for page in pack.pages:
        for item in page.texts():
            assert _normal(item) in text
    # Nothing readable in the encrypted bytes.
    assert _normal(pack.pages[1].title).encode() not in data
    assert b"Vraag aan het netwerk" not in data


def test_password_pdf_allows_no_copying_and_no_printing(pack: Pack) -> None:
    """The header says "Niet kopiëren": the file refuses it too. The owner password is
    random, so the user's password opens the pack but lifts no restriction."""
    from pypdf.constants import UserAccessPermissions as P

    password = "Overleg-wachtwoord 2026"
    data = render_pack(pack, password=password)
    reader = _reader(data)
    assert reader.decrypt(password) == PasswordType.USER_PASSWORD  # not the owner's
    permissions = reader.user_access_permissions
    assert permissions is not None
    for right in (
        P.PRINT,
        P.MODIFY,
        P.EXTRACT,
        P.ADD_OR_MODIFY,
        P.FILL_FORM_FIELDS,
        P.EXTRACT_TEXT_AND_GRAPHICS,
        P.ASSEMBLE_DOC,
        P.PRINT_TO_REPRESENTATION,
    ):
        assert not permissions & right, right
    # Two packs made with the same password do not share an owner password.
    encrypt = _reader(data).trailer["/Encrypt"].get_object()
    again = _reader(render_pack(pack, password=password)).trailer["/Encrypt"].get_object()
    assert encrypt["/O"] != again["/O"]


def test_agenda_page_reads_casus_n_initials_and_the_question(pack: Pack) -> None:
    agenda = pack.pages[0]
    cases = [line for line in agenda.lines if line.label.startswith("Casus")]
    assert [line.label for line in cases] == ["Casus 1", "Casus 2", "Casus 3"]
    for line, page in zip(cases, pack.pages[1:4], strict=True):
        question = dict((x.label, x.text) for x in page.lines)["Vraag aan het netwerk"]
        assert f"Vraag: {question}" in line.text
        assert " . " not in line.text and ". " not in line.text.split(" (")[0]
    text = _page_texts(render_pack(pack))[0]
    assert "Casus 1" in text and "Casus 3" in text
    assert " . " not in text


def test_agreements_page_has_room_to_write_per_case(pack: Pack) -> None:
    page = pack.pages[-1]
    assert page.title == "Afspraken tijdens het overleg" and page.write_lines >= 4
    assert [line.label for line in page.lines] == ["Casus 1", "Casus 2", "Casus 3"]
    texts = _page_texts(render_pack(pack))
    assert "Afspraken tijdens het overleg" in texts[-1] or "Afspraken tijdens" in texts[-2]
    # The ruled lines are drawn: the last page holds write_lines more strokes per case.
    without = replace(pack, pages=(*pack.pages[:-1], replace(page, write_lines=0)))

    def strokes(data: bytes) -> int:
        content = _reader(data).pages[-1].get_contents()
        assert content is not None
        return content.get_data().count(b" l")

    extra = strokes(render_pack(pack)) - strokes(render_pack(without))
    assert extra == page.write_lines * len(page.lines)


# --- writing: the file and the disclosure log -------------------------------------------


def test_write_pack_file_mode_and_one_disclosure_per_case_per_pack(
    register: Register, pack: Pack, tmp_path: Path
) -> None:
    exports_before = [e for e in log_entries(register) if e[0] == Action.EXPORT.value]
    assert exports_before == []
    first = meeting_pack.write_pack(register, pack, tmp_path / pack.file_name)
    assert first.cases == 3 and not first.protected
    path = tmp_path / pack.file_name
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes() == render_pack(pack, control_code=first.control_code)
    entries = meetings.disclosures(register)
    assert sorted(e.case_id for e in entries) == sorted(pack.case_ids)
    assert {e.organisations for e in entries} == {("GGZ", "Politie")}

    second = meeting_pack.write_pack(
        register, pack, tmp_path / "met wachtwoord.pdf", password="Overleg-wachtwoord 2026"
    )
    assert second.protected
    assert _reader((tmp_path / "met wachtwoord.pdf").read_bytes()).is_encrypted
    for case_id in pack.case_ids:
        assert len(meetings.disclosures(register, case_id)) == 2
        exports = [e for e in log_entries(register, case_id) if e[0] == Action.EXPORT.value]
        assert len(exports) == 2
    assert len(meetings.disclosures(register)) == 2 * len(pack.case_ids)
    summary = next(m for m in meetings.list_meetings(register) if m.id == pack.meeting_id)
    assert summary.packs_made >= 1


def test_a_pack_whose_disclosure_cannot_be_logged_is_removed_again(
    register: Register, pack: Pack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No pack leaves without its entries: the log write fails (a full disk), so the file
    goes again and neither the disclosures nor the export entries are kept."""
    entries_before = len(log_entries(register))
    disclosures_before = meetings.disclosures(register)
    folder = tmp_path / "uit"
    folder.mkdir()

    def full(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("INSERT", {}, Exception("database or disk is full"))

    monkeypatch.setattr(register, "audit", full)
    with pytest.raises(DiskFull, match="De schijf is vol"):
        meeting_pack.write_pack(register, pack, folder / pack.file_name)
    assert list(folder.iterdir()) == []
    monkeypatch.undo()
    assert meetings.disclosures(register) == disclosures_before
    assert len(log_entries(register)) == entries_before
