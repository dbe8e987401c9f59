"""The spreadsheet import: the template, reading and checking a filled workbook, and writing
it into a real register in one transaction (or nothing at all)."""

from __future__ import annotations

import stat
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from bemoeizorg.casework import bulk_intake, reference_data
from bemoeizorg.casework.cases import read_case
from bemoeizorg.casework.intake import record_report
from bemoeizorg.casework.person_merge import merge_persons
from bemoeizorg.domain.intake import PersonInput, ReporterInput, ReportInput
from bemoeizorg.domain.municipalities import MUNICIPALITIES
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.team import TeamMemberData
from bemoeizorg.domain.vocabulary import Concern, Outcome, Phase, ReporterKind
from bemoeizorg.sheets.reading import (
    HEADERS,
    ImportRefused,
    check_against_register,
    import_preview,
    read_workbook,
    write_template,
)
from bemoeizorg.store import access_log
from bemoeizorg.store.errors import InvalidInput
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import (
    Case,
    CaseEvent,
    Person,
    Report,
    ReportConcern,
    Reporter,
)
from tests.builders import ROERMOND
from tests.spreadsheet_helpers import BAD_ROWS, GOOD_ROWS, TEAM_MEMBER, Row, fill_template

TODAY = date(2026, 1, 15)


@pytest.fixture
def register(register: Register) -> Register:
    """The shared fresh register, with the workbooks' case owner in the team."""
    reference_data.save_team_member(register, TeamMemberData(TEAM_MEMBER, Specialism.VOLWASSENEN))
    return register


def _counts(register: Register) -> dict[str, int]:
    with register.session() as session:
        counts = {
            table.__name__: int(session.scalar(select(func.count()).select_from(table)) or 0)
            for table in (Person, Report, Reporter, Case, CaseEvent)
        }
        counts["log"] = access_log.count(session)
        return counts


# --- the template ---------------------------------------------------------------------


def test_template_has_dutch_headers_explanation_and_dropdowns(tmp_path: Path) -> None:
    path = tmp_path / "sjabloon.xlsx"
    write_template(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Meldingen", "Uitleg"]
    rows = book["Meldingen"]
    headers = [c.value for c in rows[1]]
    assert headers == list(HEADERS)
    assert headers[:3] == ["Datum melding", "Gemeente", "Achternaam"]
    assert "Opgepakt (ja/nee)" in headers and "Zorgen (scheiden met ;)" in headers
    assert rows.max_row == 1001 and all(c.value is None for c in rows[2])  # no example data
    validated = {str(v.sqref).split(":")[0] for v in rows.data_validations.dataValidation}
    letters = {h: openpyxl.utils.get_column_letter(i + 1) for i, h in enumerate(headers)}
    for header in ("Gemeente", "Soort melder", "Fase", "Uitkomst", "Opgepakt (ja/nee)"):
        assert f"{letters[header]}2" in validated, header

    explained = {c.value for row in book["Uitleg"].iter_rows() for c in row if c.value}
    for needed in (
        *(m.name for m in MUNICIPALITIES),
        *(m.code for m in MUNICIPALITIES),
        *(k.label for k in ReporterKind),
        *(c.label for c in Concern),
        *(p.label for p in Phase),
        *(o.label for o in Outcome),
        *HEADERS,
    ):
        assert needed in explained, needed
    assert not any("verward" in str(v).lower() for v in explained)


# --- a good workbook ------------------------------------------------------------------


def test_round_trip_into_the_register(tmp_path: Path, register: Register) -> None:
    path = fill_template(tmp_path / "casussen.xlsx", GOOD_ROWS)
    before = _counts(register)

    preview = read_workbook(path, team=[TEAM_MEMBER], today=TODAY)
    assert preview.errors == ()
    assert preview.ok and preview.row_count == 6
    assert (preview.reports, preview.persons, preview.cases) == (6, 4, 3)
    assert preview.closed_cases == 2 and preview.not_taken_on == 2
    assert [s.number for s in preview.sample] == [2, 3, 4, 5, 6, 7]
    assert preview.sample[0].cells["Gemeente"] == "Roermond"
    assert _counts(register) == before  # reading touches nothing

    result = import_preview(register, preview)
    assert (result.reports, result.persons, result.cases) == (6, 4, 3)
    after = _counts(register)
    assert after["Person"] - before["Person"] == 4
    assert after["Report"] - before["Report"] == 6
    assert after["Reporter"] - before["Reporter"] == 6
    assert after["Case"] - before["Case"] == 3
    # One access-log entry per created report and per created case, no more.
    assert after["log"] - before["log"] == 6 + 3
    assert register.verify().ok

    owner_id = next(m.id for m in reference_data.team_members(register) if m.name == TEAM_MEMBER)
    with register.session() as session:
        berg = session.scalars(select(Person).where(Person.family_name == "Berg")).one()
        assert (berg.prefix, berg.given_names, berg.alias) == ("van der", "Johannes Petrus", "Sjef")
        assert berg.birth_date == date(1970, 5, 12) and berg.bsn == "111222333"
        assert (berg.address, berg.postcode, berg.city) == ("Kerkstraat 12", "6041 AB", "Roermond")
        hendriks = session.scalars(select(Person).where(Person.family_name == "Hendriks")).one()
        assert hendriks.birth_date is None and hendriks.birth_year_estimate == 2024 - 58
        cases = session.scalars(select(Case).order_by(Case.opened_on)).all()
        first, dijk, second = cases
        assert first.person_id == second.person_id == berg.id
        assert (first.opened_on, first.closed_on) == (date(2024, 3, 1), date(2024, 9, 1))
        assert first.outcome == Outcome.TOEGELEID.value and first.phase == Phase.BINDEN.value
        assert first.number == "2024-0001" and dijk.number == "2024-0002"
        assert first.municipality_code == "GM0957"
        assert dijk.municipality_code == "GM1711" and dijk.outcome == Outcome.NIET_GEVONDEN.value
        assert second.closed_on is None and second.phase == Phase.VINDEN.value
        assert second.number == "2025-0001"
        assert first.owner_id == owner_id and second.owner_id is None

        reports = session.scalars(select(Report).order_by(Report.received_on, Report.id)).all()
        triage = [(r.received_on, r.triage, r.case_id, r.triage_note) for r in reports]
        assert triage == [
            (date(2024, 3, 1), "opgepakt", first.id, ""),
            (date(2024, 6, 1), "opgepakt", first.id, ""),
            (date(2024, 6, 3), "doorverwezen", None, "Sociaal team Weert"),
            (date(2024, 7, 15), "advies", None, ""),
            (date(2024, 8, 20), "opgepakt", dijk.id, ""),
            (date(2025, 2, 1), "opgepakt", second.id, ""),
        ]
        assert reports[0].urgency == "hoog" and reports[0].reporter_kind == "woningcorporatie"
        assert reports[0].description == "Huurachterstand en klachten van buren."
        # The reporter goes into the reporter table, apart from the report.
        reporter = session.get(Reporter, reports[0].id)
        assert reporter is not None
        assert (reporter.organisation, reporter.name, reporter.contact) == (
            "Woningstichting Maasoever",
            "Petra Smeets",
            "06-12345678",
        )
        anonymous = session.get(Reporter, reports[3].id)
        assert anonymous is not None and anonymous.anonymous and anonymous.name == ""
        concerns = set(
            session.scalars(
                select(ReportConcern.concern).where(ReportConcern.report_id == reports[1].id)
            )
        )
        assert concerns == {Concern.ONBEGREPEN_GEDRAG.value}  # "verward gedrag" in the sheet
        first_id = first.id

    detail = read_case(register, first_id)
    kinds = [entry.kind.value for entry in reversed(detail.timeline)]
    assert kinds == ["melding", "melding", "fasewissel", "afgesloten"]
    assert detail.header.owner == TEAM_MEMBER
    assert set(detail.concerns) == {Concern.OVERLAST, Concern.SCHULDEN, Concern.ONBEGREPEN_GEDRAG}


def test_dates_as_excel_numbers_iso_text_and_booleans(tmp_path: Path) -> None:
    rows: list[Row] = [
        {
            "received_on": 45292,  # Excel's day number for 1 January 2024
            "municipality": "0957",
            "family_name": "Smeets",
            "birth_date": "1950-02-03",
            "reporter_kind": "wijkagent",
            "concerns": "alcohol, isolement",
            "taken_on": True,
        },
        {
            "received_on": "2-1-2024",
            "municipality": "Bergen",
            "alias": "Sjra",
            "reporter_kind": "Nutsbedrijf",
            "concerns": "schulden",
        },
    ]
    preview = read_workbook(fill_template(tmp_path / "x.xlsx", rows), today=TODAY)
    assert preview.errors == ()
    first, second = preview.rows
    assert first.received_on == date(2024, 1, 1) and first.municipality_code == "GM0957"
    assert first.person.birth_date == date(1950, 2, 3)
    assert first.reporter.kind is ReporterKind.POLITIE and first.taken_on is True
    assert first.concerns == (Concern.VERSLAVING, Concern.ISOLEMENT)
    assert second.received_on == date(2024, 1, 2) and second.municipality_code == "GM0893"
    assert second.taken_on is None  # not yet triaged
    assert (preview.persons, preview.cases) == (2, 1)


# --- bad workbooks --------------------------------------------------------------------


def test_bad_workbook_is_refused_with_row_errors(tmp_path: Path, register: Register) -> None:
    path = fill_template(tmp_path / "fout.xlsx", BAD_ROWS)
    before = _counts(register)
    preview = read_workbook(path, today=TODAY)
    assert not preview.ok
    assert preview.errors == (
        "Rij 2: Datum melding ('31-02-2024') is geen geldige datum (gebruik dd-mm-jjjj).",
        "Rij 3: onbekende gemeente 'Maastricht'; gebruik een naam of CBS-code uit het blad Uitleg.",
        "Rij 4: de geboortedatum ligt in de toekomst.",
        "Rij 4: dit BSN klopt niet (de elfproef faalt). Controleer de cijfers.",
    )
    assert [s.has_error for s in preview.sample] == [True, True, True, False]
    # Nothing personal is echoed: not the BSN, not the birth date.
    assert not any("123456789" in e or "2030" in e for e in preview.errors)

    with pytest.raises(ImportRefused) as refused:
        import_preview(register, preview)
    assert refused.value.errors == list(preview.errors)
    assert "niets gewijzigd" in refused.value.message
    assert _counts(register) == before  # no rows, no access-log entries


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"taken_on": "nee"}, "kies bij Besluit als niet opgepakt 'advies' of 'doorverwezen'."),
        (
            {"taken_on": "nee", "decision": "doorverwezen"},
            "vul bij Doorverwezen naar in naar wie de melder is verwezen.",
        ),
        (
            {"taken_on": "nee", "decision": "advies", "phase": "binden"},
            "deze melding is niet opgepakt maar heeft wel Fase",
        ),
        ({"closed_on": "01-05-2024"}, "vul bij een datum van afsluiting ook de Uitkomst in."),
        ({"outcome": "Overleden"}, "vul bij een Uitkomst ook de datum van afsluiting in."),
        (
            {"closed_on": "01-01-2024", "outcome": "Overleden"},
            "de datum van afsluiting ligt vóór de datum van de melding.",
        ),
        ({"received_on": "01-01-2027"}, "de datum van de melding ligt in de toekomst."),
        ({"concerns": "Ruzie"}, "onbekende zorg 'Ruzie'"),
        ({"concerns": ""}, "vul minstens één zorg in."),
        ({"reporter_kind": "Postbode"}, "onbekende soort melder 'Postbode'"),
        ({"phase": "zoeken"}, "onbekende fase 'zoeken'"),
        ({"taken_on": "misschien"}, "vul bij Opgepakt 'ja' of 'nee' in."),
        ({"family_name": ""}, "vul een achternaam in (of een roepnaam als die onbekend is)."),
        ({"age": "honderdvijftig"}, "de geschatte leeftijd is geen aantal jaren"),
        ({"birth_date": "1-1-1890"}, "deze geboortedatum ligt meer dan 120 jaar terug."),
    ],
)
def test_row_checks(tmp_path: Path, row: Row, expected: str) -> None:
    base: Row = {
        "received_on": "01-04-2024",
        "municipality": "Leudal",
        "family_name": "Coenen",
        "reporter_kind": "Gemeente",
        "concerns": "Dakloosheid",
        "taken_on": "ja",
    }
    path = fill_template(tmp_path / "x.xlsx", [{**base, **row}])
    preview = read_workbook(path, today=TODAY)
    assert not preview.ok
    assert any(e.startswith("Rij 2: " + expected) for e in preview.errors), preview.errors


def test_same_person_with_two_bsns_is_an_error(tmp_path: Path) -> None:
    person: Row = {
        "municipality": "Weert",
        "family_name": "Vos",
        "given_names": "Anna",
        "birth_date": "03-03-1980",
        "reporter_kind": "GGD",
        "concerns": "Overlast",
        "taken_on": "nee",
        "decision": "advies",
    }
    rows = [
        {**person, "received_on": "01-02-2024", "bsn": "111222333"},
        {**person, "received_on": "01-03-2024", "bsn": "123456782"},
    ]
    preview = read_workbook(fill_template(tmp_path / "x.xlsx", rows), today=TODAY)
    assert preview.errors == (
        "Rij 3: lijkt dezelfde persoon als rij 2 (zelfde naam en geboortedatum), maar het BSN "
        "verschilt. Controleer welk BSN klopt.",
    )


def test_unknown_case_owner_is_refused_before_anything_is_written(
    tmp_path: Path, register: Register
) -> None:
    rows = [{**GOOD_ROWS[0], "owner": "Onbekende Collega"}]
    path = fill_template(tmp_path / "x.xlsx", rows)
    assert read_workbook(path, team=[TEAM_MEMBER], today=TODAY).errors == (
        "Rij 2: dossierhouder 'Onbekende Collega' staat niet in het team (Instellingen > Team). "
        "Voeg het teamlid eerst toe of verbeter de naam.",
    )
    preview = read_workbook(path, today=TODAY)  # without the team: checked at import
    assert preview.ok
    before = _counts(register)
    with pytest.raises(ImportRefused) as refused:
        import_preview(register, preview)
    assert refused.value.errors[0].startswith("Rij 2: dossierhouder 'Onbekende Collega'")
    assert _counts(register) == before


def test_failure_halfway_writes_nothing(
    tmp_path: Path, register: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    preview = read_workbook(fill_template(tmp_path / "x.xlsx", GOOD_ROWS), today=TODAY)
    before = _counts(register)
    calls = []

    def failing_insert(*args: object, **kwargs: object) -> object:
        calls.append(args)
        if len(calls) == 3:  # persons and cases are in, the reports fail: a full disk
            raise OSError(28, "No space left on device")
        return real_insert(*args, **kwargs)

    real_insert = bulk_intake._insert
    monkeypatch.setattr(bulk_intake, "_insert", failing_insert)
    with pytest.raises(Exception):  # noqa: B017 - whatever it is, it must roll back
        import_preview(register, preview)
    assert len(calls) == 3  # the persons and cases were written, then rolled back
    assert _counts(register) == before
    assert register.verify().ok


def test_workbook_problems_in_dutch(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="bestaat niet"):
        read_workbook(tmp_path / "weg.xlsx")
    text = tmp_path / "lijst.xlsx"
    text.write_text("Datum melding;Gemeente\n01-01-2024;Weert\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"geen Excel-werkmap \(\.xlsx\)"):
        read_workbook(text)

    other = tmp_path / "anders.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Naam", "Adres"])
    book.active.append(["Jan", "Markt 1"])
    book.save(other)
    with pytest.raises(InvalidInput, match="geen kopregel"):
        read_workbook(other)

    empty = tmp_path / "leeg.xlsx"
    write_template(empty)
    preview = read_workbook(empty, today=TODAY)
    assert not preview.ok
    assert preview.errors == (
        "De werkmap bevat geen meldingen: vul onder de kopregel één rij per melding.",
    )


def test_own_layout_with_missing_and_extra_columns(tmp_path: Path) -> None:
    path = tmp_path / "eigen.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Overzicht bemoeizorg 2024"])  # a title above the header row
    sheet.append(["gemeente", "Datum melding", "ACHTERNAAM", "Zorgen", "Notities"])
    sheet.append(["Weert", "05-05-2024", "Vos", "Overlast", "eigen aantekening"])
    book.save(path)
    preview = read_workbook(path, today=TODAY)
    assert preview.warnings == ("De kolom 'Notities' is onbekend en wordt niet ingelezen.",)
    assert preview.errors == (
        "De kolom 'Soort melder' ontbreekt.",
        "De kolom 'Opgepakt (ja/nee)' ontbreekt.",
        "Rij 3: de soort melder ontbreekt.",
    )


# --- one person once: rows already in the register ---------------------------------------


def _checked(register: Register, path: Path):  # type: ignore[no-untyped-def]
    return check_against_register(register, read_workbook(path, today=TODAY))


def test_the_same_workbook_twice_imports_nothing_the_second_time(
    tmp_path: Path, register: Register
) -> None:
    path = fill_template(tmp_path / "casussen.xlsx", GOOD_ROWS)
    first = _checked(register, path)
    assert first.in_register == () and not first.nothing_new
    assert import_preview(register, first).reports == 6
    before = _counts(register)

    second = _checked(register, path)
    assert second.errors == ()
    assert second.in_register == (2, 3, 4, 5, 6, 7)  # every row, by its row number
    assert [s.in_register for s in second.sample] == [True] * 6
    assert (second.reports, second.persons, second.cases) == (0, 0, 0)
    assert second.nothing_new
    result = import_preview(register, second)
    assert (result.reports, result.persons, result.cases, result.skipped) == (0, 0, 0, 6)
    assert _counts(register) == before  # nothing written, nothing logged
    # Even a preview read before the first import is checked again when importing.
    assert import_preview(register, read_workbook(path, today=TODAY)).reports == 0
    assert _counts(register) == before


def test_new_rows_about_persons_in_the_register_go_to_them(
    tmp_path: Path, register: Register
) -> None:
    import_preview(register, _checked(register, fill_template(tmp_path / "a.xlsx", GOOD_ROWS)))
    before = _counts(register)
    with register.session() as s:
        berg = s.scalar(select(Person.id).where(Person.bsn == "111222333"))
        open_case = s.scalar(
            select(Case.id).where(Case.person_id == berg, Case.closed_on.is_(None))
        )
    assert open_case is not None
    # The same workbook with one more row each about Berg (BSN) and Jansen (name + birth).
    more: list[Row] = [
        *GOOD_ROWS,
        {**GOOD_ROWS[5], "received_on": datetime(2025, 3, 3), "concerns": "Overlast"},
        {
            **GOOD_ROWS[2],
            "received_on": datetime(2025, 4, 4),
            "taken_on": "ja",
            "decision": None,
            "referred_to": None,
        },
    ]
    preview = _checked(register, fill_template(tmp_path / "b.xlsx", more))
    assert preview.errors == ()
    assert preview.in_register == (2, 3, 4, 5, 6, 7)
    assert (preview.reports, preview.persons) == (2, 2)  # two reports, about known persons
    result = import_preview(register, preview)
    assert (result.reports, result.persons, result.cases, result.skipped) == (2, 0, 1, 6)
    after = _counts(register)
    assert after["Person"] == before["Person"]  # nobody twice
    assert after["Report"] == before["Report"] + 2
    assert after["Case"] == before["Case"] + 1  # Jansen's new case; Berg's goes on
    with register.session() as s:
        berg_reports = s.scalars(
            select(Report.case_id).where(Report.person_id == berg).order_by(Report.received_on)
        ).all()
    assert berg_reports[-1] == open_case  # joined the open case, as at intake


def test_bsn_of_another_person_in_the_register_is_an_error(
    tmp_path: Path, register: Register
) -> None:
    import_preview(register, _checked(register, fill_template(tmp_path / "a.xlsx", GOOD_ROWS)))
    before = _counts(register)
    row: Row = {
        "received_on": "01-10-2025",
        "municipality": "Venlo",
        "family_name": "Smeets",
        "given_names": "Ria",
        "birth_date": "04-04-1944",  # not Berg's birth date
        "bsn": "111222333",  # Berg's BSN
        "reporter_kind": "GGD",
        "concerns": "Overlast",
        "taken_on": "ja",
    }
    preview = _checked(register, fill_template(tmp_path / "b.xlsx", [row]))
    assert preview.errors == (
        "Rij 2: het BSN hoort bij een persoon in het register met een andere geboortedatum. "
        "Controleer het BSN en de geboortedatum.",
    )
    assert not preview.ok
    with pytest.raises(ImportRefused):
        import_preview(register, read_workbook(fill_template(tmp_path / "c.xlsx", [row])))
    assert _counts(register) == before
    # The same name and birth date as someone in the register, with another BSN: an error.
    other: Row = {**GOOD_ROWS[0], "received_on": "02-10-2025", "bsn": "123456782"}
    preview = _checked(register, fill_template(tmp_path / "d.xlsx", [other]))
    assert preview.errors == (
        "Rij 2: een persoon in het register heeft dezelfde naam en geboortedatum maar een "
        "ander BSN. Controleer het BSN.",
    )


def test_one_bsn_for_two_names_in_one_workbook_is_an_error(tmp_path: Path) -> None:
    base: Row = {
        "municipality": "Weert",
        "reporter_kind": "GGD",
        "concerns": "Overlast",
        "taken_on": "nee",
        "decision": "advies",
        "bsn": "111222333",
    }
    rows = [
        {**base, "received_on": "01-02-2024", "family_name": "Vos", "given_names": "Anna"},
        {**base, "received_on": "01-03-2024", "family_name": "Bakker", "given_names": "Kees"},
    ]
    preview = read_workbook(fill_template(tmp_path / "x.xlsx", rows), today=TODAY)
    assert preview.errors == (
        "Rij 3: lijkt dezelfde persoon als rij 2 (zelfde BSN), maar de achternaam verschilt. "
        "Eén BSN hoort bij één persoon: controleer het.",
    )


def test_a_row_with_a_merged_entrys_bsn_goes_to_the_person_it_was_merged_into(
    tmp_path: Path, register: Register
) -> None:
    """Issue 14: Berg was entered twice ("Bergh" without a BSN) and the team lead merged the
    entry with the BSN into the other; a later workbook row with that BSN is about the kept
    person, not a BSN taken by someone else and not a third Berg."""
    import_preview(register, _checked(register, fill_template(tmp_path / "a.xlsx", GOOD_ROWS)))
    second = record_report(
        register,
        ReportInput(
            received_on=date(2025, 2, 20),
            municipality_code=ROERMOND,
            reporter=ReporterInput(ReporterKind.ANONIEM),
            person=PersonInput(family_name="Bergh", given_names="J.P.", municipality_code=ROERMOND),
            concerns=(Concern.SCHULDEN,),
        ),
    )
    with register.session() as s:
        berg = s.scalar(select(Person.id).where(Person.bsn == "111222333"))
    assert berg is not None
    merge_persons(register, second.person_id, berg)
    before = _counts(register)
    more: list[Row] = [
        *GOOD_ROWS,
        {**GOOD_ROWS[5], "received_on": datetime(2025, 3, 3), "concerns": "Overlast"},
    ]
    preview = _checked(register, fill_template(tmp_path / "b.xlsx", more))
    assert preview.errors == ()
    result = import_preview(register, preview)
    assert (result.reports, result.persons) == (1, 0)
    assert _counts(register)["Person"] == before["Person"]
    with register.session() as s:
        newest = s.scalar(select(Report.person_id).order_by(Report.id.desc()).limit(1))
    assert newest == second.person_id
