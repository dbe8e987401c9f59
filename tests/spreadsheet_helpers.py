"""Filling the import template the way a team would, with openpyxl, for the import tests:
good rows, bad rows, and `fill_template` to write them under the header."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

import openpyxl

from bemoeizorg.sheets.reading import BY_KEY, HEADERS, write_template

Row = Mapping[str, object]  # column key (see sheets.reading.COLUMNS) -> cell value

TEAM_MEMBER = "Bram Peeters"

# A person with two reports and a closed case, then a third report (a new open case);
# a report referred elsewhere; one answered with advice; a closed case by CBS code.
GOOD_ROWS: list[Row] = [
    {
        "received_on": datetime(2024, 3, 1),
        "municipality": "Roermond",
        "family_name": "Berg",
        "prefix": "van der",
        "given_names": "Johannes Petrus",
        "alias": "Sjef",
        "birth_date": datetime(1970, 5, 12),
        "address": "Kerkstraat 12",
        "postcode": "6041 ab",
        "city": "Roermond",
        "bsn": "111222333",
        "reporter_kind": "Woningcorporatie",
        "reporter_organisation": "Woningstichting Maasoever",
        "reporter_name": "Petra Smeets",
        "reporter_contact": "06-12345678",
        "concerns": "Overlast; schulden en armoede",
        "description": "Huurachterstand en klachten van buren.",
        "urgency": "hoog",
        "taken_on": "ja",
        "owner": TEAM_MEMBER,
        "phase": "Binden",
    },
    {
        "received_on": "01-06-2024",
        "municipality": "roermond",
        "family_name": "Berg",
        "prefix": "Van der",
        "given_names": "Johannes Petrus",
        "birth_date": "12-05-1970",
        "reporter_kind": "politie",
        "concerns": "verward gedrag",
        "taken_on": "Ja",
        "closed_on": "01-09-2024",
        "outcome": "Toegeleid naar zorg",
    },
    {
        "received_on": datetime(2024, 6, 3),
        "municipality": "Weert",
        "family_name": "Jansen",
        "given_names": "Maria",
        "birth_date": datetime(1988, 1, 30),
        "reporter_kind": "Buurtbewoner",
        "concerns": "Overlast",
        "taken_on": "nee",
        "decision": "doorverwezen",
        "referred_to": "Sociaal team Weert",
    },
    {
        "received_on": "2024-07-15",
        "municipality": "Venray",
        "family_name": "Hendriks",
        "age": 58,
        "reporter_kind": "Anoniem",
        "concerns": "Vervuilde of verwaarloosde woning",
        "taken_on": "nee",
        "decision": "advies",
    },
    {
        "received_on": datetime(2024, 8, 20),
        "municipality": "GM1711",
        "family_name": "Dijk",
        "prefix": "van",
        "given_names": "Karel",
        "reporter_kind": "Huisarts",
        "concerns": "Zelfverwaarlozing",
        "taken_on": "ja",
        "phase": "vinden",
        "closed_on": datetime(2024, 11, 1),
        "outcome": "Niet gevonden",
    },
    {
        "received_on": datetime(2025, 2, 1),
        "municipality": "Roermond",
        "family_name": "Berg",
        "given_names": "J.P.",
        "bsn": "111222333",
        "reporter_kind": "Familie of netwerk",
        "concerns": "Psychische klachten; sociaal isolement",
        "taken_on": "ja",
    },
]

# Row 2 an impossible date, row 3 outside the region, row 4 a bad BSN and a birth date in
# the future; row 5 is fine.
BAD_ROWS: list[Row] = [
    {  # row 2: an impossible date
        "received_on": "31-02-2024",
        "municipality": "Venlo",
        "family_name": "Peeters",
        "reporter_kind": "GGD",
        "concerns": "Overlast",
        "taken_on": "ja",
    },
    {  # row 3: a municipality outside the region
        "received_on": datetime(2024, 4, 1),
        "municipality": "Maastricht",
        "family_name": "Janssen",
        "reporter_kind": "GGD",
        "concerns": "Overlast",
        "taken_on": "ja",
    },
    {  # row 4: a BSN that fails the 11-test, a birth date in the future
        "received_on": datetime(2024, 4, 2),
        "municipality": "Weert",
        "family_name": "Willems",
        "bsn": "123456789",
        "birth_date": datetime(2030, 1, 1),
        "reporter_kind": "GGD",
        "concerns": "Overlast",
        "taken_on": "ja",
    },
    GOOD_ROWS[0],  # row 5 is fine
]


def fill_template(path: Path, rows: Sequence[Row]) -> Path:
    """Write the template to path and put rows under its header, as a user would."""
    write_template(path)
    book = openpyxl.load_workbook(path)
    sheet = book["Meldingen"]
    for offset, row in enumerate(rows, start=2):
        for key, value in row.items():
            column = HEADERS.index(BY_KEY[key].header) + 1
            cell = sheet.cell(row=offset, column=column, value=value)
            if isinstance(value, date):
                cell.number_format = "DD-MM-YYYY"
    book.save(path)
    return path
