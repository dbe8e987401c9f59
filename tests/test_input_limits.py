"""Inputs that cost too much are refused before the work starts, in Dutch, naming the
limit: workbooks for import (sheets.limits) and key derivation costs in a slot file
(store.keyslots). The bombs are made here, small and fast."""

from __future__ import annotations

import io
import json
import struct
import time
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest

from bemoeizorg.sheets import limits
from bemoeizorg.sheets.reading import read_workbook
from bemoeizorg.sheets.template import MAX_ROWS
from bemoeizorg.store import keyslots
from bemoeizorg.store.errors import InvalidInput, KeyFileDamaged
from bemoeizorg.store.keyslots import KeyFileUntrusted, KeySlots, slots_path_for
from bemoeizorg.store.register import Register
from tests.builders import LEAD, STRONG, new_register
from tests.spreadsheet_helpers import GOOD_ROWS, fill_template

SHEET = "xl/worksheets/sheet1.xml"
HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
ROW = b'<row><c t="inlineStr"><is><t>Roermond</t></is></c></row>'


# --- making workbooks by hand ------------------------------------------------------------


def _other_parts() -> dict[str, bytes]:
    """Every part of a small real workbook (one sheet), to put a crafted sheet into."""
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n != SHEET}


def _deflated(data: bytes) -> bytes:
    packer = zlib.compressobj(1, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def _zip(parts: dict[str, tuple[bytes, int, int]]) -> bytes:
    """A zip from already deflated parts: name -> (deflated bytes, crc32, unpacked size)."""
    out = bytearray()
    directory = bytearray()
    for name, (data, crc, size) in parts.items():
        encoded = name.encode()
        offset = len(out)
        out += struct.pack(
            "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(data), size, len(encoded), 0
        )
        out += encoded + data
        directory += struct.pack(
            "<4s6H3L5H2L",
            b"PK\x01\x02",
            20,
            20,
            0,
            8,
            0,
            0,
            crc,
            len(data),
            size,
            len(encoded),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        directory += encoded
    start = len(out)
    out += directory
    out += struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(parts), len(parts), len(directory), start, 0
    )
    return bytes(out)


def _workbook(path: Path, sheet: bytes, others: dict[str, bytes] | None = None) -> Path:
    """A workbook with this sheet; `others` replace parts by name."""
    plain = _other_parts() | (others or {})
    parts = {n: (_deflated(d), zlib.crc32(d), len(d)) for n, d in plain.items()}
    parts[SHEET] = (_deflated(sheet), zlib.crc32(sheet), len(sheet))
    path.write_bytes(_zip(parts))
    return path


def _bomb(path: Path, unpacked: int) -> Path:
    """A sheet of `unpacked` bytes of the same row, deflated 1 MB at a time without ever
    holding it: each flushed piece of deflate output is the same, so it is repeated."""
    chunk = ROW * ((1 << 20) // len(ROW))
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = packer.compress(HEAD) + packer.flush(zlib.Z_FULL_FLUSH)
    piece = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    count = (unpacked - len(HEAD)) // len(chunk)
    tail = b"</worksheet>"
    end = packer.compress(tail) + packer.flush()
    crc = zlib.crc32(HEAD)
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    size = len(HEAD) + count * len(chunk) + len(tail)
    parts = {n: (_deflated(d), zlib.crc32(d), len(d)) for n, d in _other_parts().items()}
    parts[SHEET] = (start + piece * count + end, crc, size)
    path.write_bytes(_zip(parts))
    return path


def _refused_fast(path: Path, *words: str) -> str:
    """Refused within a second, with little memory, in Dutch naming the file and limit."""
    began, cpu = time.perf_counter(), time.process_time()
    with pytest.raises(InvalidInput) as caught:
        read_workbook(path)
    took, worked = time.perf_counter() - began, time.process_time() - cpu
    # Processor time: the refusal's own work, whatever else the machine is doing.
    assert worked < 1.0 and took < 5.0, f"{worked:.2f} s of processor time, {took:.2f} s"
    tracemalloc.start()
    try:
        with pytest.raises(InvalidInput):
            read_workbook(path)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 32 * 1024 * 1024, f"{peak / 1e6:.0f} MB"
    message = str(caught.value)
    assert path.name in message
    for word in words:
        assert word in message, message
    return message


# --- workbooks -------------------------------------------------------------------------


def test_a_gigabyte_sheet_in_a_small_zip_is_refused_at_once(tmp_path: Path) -> None:
    bomb = _bomb(tmp_path / "bom.xlsx", 1 << 30)
    assert bomb.stat().st_size < 4 * 1024 * 1024
    _refused_fast(bomb, "uitgepakt groter dan 128 MB", "Splits")


def test_a_sheet_that_unpacks_a_hundred_times_its_size_is_refused(tmp_path: Path) -> None:
    bomb = _bomb(tmp_path / "ingepakt.xlsx", 20 * 1024 * 1024)  # under 128 MB, yet a bomb
    _refused_fast(bomb, "meer dan 100 keer zo groot")


def test_a_row_of_too_many_cells_is_refused_before_parsing(tmp_path: Path) -> None:
    cells = b"".join(b'<c r="%s1"/>' % _column(i).encode() for i in range(1, 1_202))
    path = _workbook(
        tmp_path / "breed.xlsx",
        HEAD + b'<sheetData><row r="1">' + cells + b"</row></sheetData></worksheet>",
    )
    _refused_fast(path, "een rij met meer dan 1.000 cellen")


def _rows(count: int) -> bytes:
    rows = b"".join(
        b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (i, i) for i in range(1, count + 1)
    )
    return HEAD + b"<sheetData>" + rows + b"</sheetData></worksheet>"


def test_too_many_rows_are_refused_before_parsing(tmp_path: Path) -> None:
    most = MAX_ROWS + limits.HEADER_ROOM
    with (_workbook(tmp_path / "net.xlsx", _rows(most))).open("rb") as file:
        limits.check_workbook(file, "net.xlsx")  # just within the limit
    path = _workbook(tmp_path / "lang.xlsx", _rows(most + 1))
    _refused_fast(path, "meer dan 100.000 rijen", "Splits de werkmap op")


def test_declarations_are_refused(tmp_path: Path) -> None:
    sheet = HEAD.replace(b"<worksheet", b'<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet', 1)
    path = _workbook(tmp_path / "dtd.xlsx", sheet + b"<sheetData/></worksheet>")
    _refused_fast(path, "DOCTYPE of ENTITY")


def _varied_rows(count: int) -> bytes:
    """Rows that pack about as well as real ones (10 to 20 times)."""
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>%d %d</t></is></c></row>'
        % (i, i, i * 7919 % 1_000_003, i * 104_729 % 999_983)
        for i in range(1, count + 1)
    )
    return HEAD + b"<sheetData>" + rows + b"</sheetData></worksheet>"


def test_a_big_part_read_whole_is_refused(tmp_path: Path) -> None:
    """Styles are read whole into memory: millions of them would take gigabytes."""
    styles = b"".join(
        b'<xf numFmtId="%d" fontId="%d"/>' % (i, i * 31 % 977) for i in range(200_000)
    )
    path = _workbook(
        tmp_path / "stijl.xlsx",
        _rows(3),
        {"xl/styles.xml": b"<styleSheet>" + styles + b"</styleSheet>"},
    )
    _refused_fast(path, "'xl/styles.xml' is uitgepakt groter dan 4 MB")


def test_a_worksheet_named_as_something_else_is_read_whole_and_so_held_small(
    tmp_path: Path,
) -> None:
    sheet = _varied_rows(90_000)
    assert 4 * 1024 * 1024 < len(sheet)
    fine = _workbook(tmp_path / "goed.xlsx", sheet)
    with fine.open("rb") as file:
        limits.check_workbook(file, fine.name)  # a big worksheet as a worksheet: fine
    rels = _other_parts()["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rId9" Target="worksheets/sheet1.xml" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/externalLink"/></Relationships>',
    )
    path = _workbook(tmp_path / "link.xlsx", sheet, {"xl/_rels/workbook.xml.rels": rels})
    _refused_fast(path, "'xl/worksheets/sheet1.xml' is uitgepakt groter dan 4 MB")


def test_a_cell_of_too_many_parts_is_refused(tmp_path: Path) -> None:
    runs = b"<r><t>x</t></r>" * 4_000
    sheet = HEAD + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is>' + runs
    path = _workbook(tmp_path / "rijk.xlsx", sheet + b"</is></c></row></sheetData></worksheet>")
    _refused_fast(path, "een rij of tekst van meer dan 10.000 onderdelen")


def test_an_excel_style_workbook_is_read(tmp_path: Path) -> None:
    """Shared texts and prefixed tags, as Excel and other programs write them, pass."""
    main = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    texts = [b"Datum melding", b"Gemeente", b"Achternaam", b"Roermond", b"Jansen"]
    shared = (
        b'<sst xmlns="'
        + main
        + b'">'
        + b"".join(b"<si><t>" + t + b"</t></si>" for t in texts)
        + b"</sst>"
    )

    def cell(ref: bytes, text: int) -> bytes:
        return b'<x:c r="' + ref + b'" t="s"><x:v>%d</x:v></x:c>' % text

    sheet = (
        b'<x:worksheet xmlns:x="'
        + main
        + b'"><x:dimension ref="A1:C2"/><x:sheetData>'
        + b'<x:row r="1">'
        + cell(b"A1", 0)
        + cell(b"B1", 1)
        + cell(b"C1", 2)
        + b"</x:row>"
        + b'<x:row r="2"><x:c r="A2"><x:v>45352</x:v></x:c>'
        + cell(b"B2", 3)
        + cell(b"C2", 4)
        + b"</x:row></x:sheetData></x:worksheet>"
    )
    parts = _other_parts()
    types = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
        b'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    rels = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rId9" Target="sharedStrings.xml" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
        b"</Relationships>",
    )
    others = {
        "[Content_Types].xml": types,
        "xl/_rels/workbook.xml.rels": rels,
        "xl/sharedStrings.xml": shared,
    }
    preview = read_workbook(_workbook(tmp_path / "excel.xlsx", sheet, others))
    assert preview.row_count == 1
    assert preview.sample[0].cells["Gemeente"] == "Roermond"


def test_a_claimed_width_is_not_filled_in(tmp_path: Path) -> None:
    """A sheet claiming to reach column XFD is read no wider than 100 columns."""
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (i, i)
        for i in range(1, 50)
    )
    sheet = HEAD + b'<dimension ref="A1:XFD49"/><sheetData>' + rows + b"</sheetData></worksheet>"
    path = _workbook(tmp_path / "claim.xlsx", sheet)
    from bemoeizorg.sheets.reading import _Quiet, _sheet_rows

    read = _sheet_rows(path, _Quiet())
    assert len(read) == 49 and max(len(r) for r in read) <= limits.MAX_COLUMNS


def test_a_large_honest_workbook_is_still_read(tmp_path: Path) -> None:
    rows = [GOOD_ROWS[i % len(GOOD_ROWS)] for i in range(500)]
    preview = read_workbook(fill_template(tmp_path / "groot.xlsx", rows))
    assert preview.row_count == 500


def _column(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- key derivation costs in a slot file ----------------------------------------------------


GIB_KIB = 1024 * 1024


@pytest.fixture
def locked(tmp_path: Path) -> Path:
    path = tmp_path / "team.bzregister"
    new_register(path).lock()
    return path


def _set_costs(path: Path, time_cost: object, memory: object, lanes: object) -> None:
    slots = slots_path_for(path)
    doc = json.loads(slots.read_text("utf-8"))
    for slot in doc["slots"]:
        if slot["kdf"]["name"] == "argon2id":
            slot["kdf"].update(time_cost=time_cost, memory_cost=memory, parallelism=lanes)
    slots.write_text(json.dumps(doc), "utf-8")


def _no_derivation(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    calls: list[object] = []

    def refuse(*args: object, **kwargs: object) -> bytes:
        calls.append(kwargs)
        raise AssertionError("Argon2 ran on an untrusted slot file")

    monkeypatch.setattr(keyslots, "hash_secret_raw", refuse)
    return calls


@pytest.mark.parametrize(
    ("time_cost", "memory", "lanes"),
    [
        (16, GIB_KIB, 4),  # the attack: 80 s per unlock
        (9, 64 * 1024, 4),  # too many passes
        (3, 512 * 1024, 4),  # too much memory
        (3, 64 * 1024, 16),  # too many lanes
        (8, 256 * 1024, 4),  # each in bounds, together 2 GiB of work
        (0, 64 * 1024, 4),  # Argon2 itself refuses these
        (3, 16, 4),
    ],
)
def test_a_slot_file_asking_too_much_is_refused_without_deriving(
    locked: Path, monkeypatch: pytest.MonkeyPatch, time_cost: int, memory: int, lanes: int
) -> None:
    _set_costs(locked, time_cost, memory, lanes)
    before = slots_path_for(locked).read_bytes()
    calls = _no_derivation(monkeypatch)
    cpu = time.process_time()
    with pytest.raises(KeyFileUntrusted) as caught:
        Register.unlock(locked, LEAD, STRONG)
    assert time.process_time() - cpu < 1.0
    assert calls == []
    message = str(caught.value)
    assert "'team.bzregister.sleutels' wordt niet vertrouwd" in message
    assert "hoogstens 8 rondes, 256 MB geheugen en 8 rekenstromen" in message
    assert "Zet het terug uit een back-up" in message
    assert isinstance(caught.value, KeyFileDamaged)  # every caller already handles that
    assert slots_path_for(locked).read_bytes() == before


@pytest.mark.parametrize("value", ["3", 3.0, True, None, [3]])
def test_a_cost_that_is_no_whole_number_is_damage(
    locked: Path, monkeypatch: pytest.MonkeyPatch, value: object
) -> None:
    _set_costs(locked, value, 64 * 1024, 4)
    calls = _no_derivation(monkeypatch)
    with pytest.raises(KeyFileDamaged, match="is beschadigd") as caught:
        Register.unlock(locked, LEAD, STRONG)
    assert not isinstance(caught.value, KeyFileUntrusted)
    assert calls == []


@pytest.mark.parametrize(
    ("time_cost", "memory", "lanes"),
    [
        (keyslots.ARGON2_TIME, keyslots.ARGON2_MEMORY_KIB, keyslots.ARGON2_LANES),
        (1, 1024, 4),  # the tests' cheap slots
        (4, 256 * 1024, 8),  # the most work allowed
    ],
)
def test_costs_within_the_bounds_are_accepted(
    locked: Path, time_cost: int, memory: int, lanes: int
) -> None:
    _set_costs(locked, time_cost, memory, lanes)
    slots = KeySlots.load(slots_path_for(locked))
    assert {s.kdf.get("time_cost") for s in slots.slots} >= {time_cost}


def test_the_programs_own_slots_open(locked: Path) -> None:
    Register.unlock(locked, LEAD, STRONG).lock()  # cheap slots, as written by the program


def test_an_oversized_slot_file_or_too_many_slots_are_refused(locked: Path) -> None:
    slots = slots_path_for(locked)
    doc = json.loads(slots.read_text("utf-8"))
    many = dict(doc, slots=[dict(doc["slots"][0], id=f"s{i}") for i in range(33)])
    slots.write_text(json.dumps(many), "utf-8")
    with pytest.raises(KeyFileUntrusted, match="meer sleutels dan een register ooit heeft"):
        Register.unlock(locked, LEAD, STRONG)
    slots.write_text(json.dumps(dict(doc, opvulling="x" * (1024 * 1024))), "utf-8")
    with pytest.raises(KeyFileUntrusted, match="groter dan 1 MB"):
        Register.unlock(locked, LEAD, STRONG)
