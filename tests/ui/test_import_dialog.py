"""Importeren uit spreadsheet in the GUI: preview, row errors, the import button, the import
itself on a real register, and the template. The file dialogs are bypassed by giving the
dialog its path directly."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import func, select

from bemoeizorg.casework import reference_data
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.team import TeamMemberData
from bemoeizorg.sheets.reading import import_preview, read_workbook
from bemoeizorg.store import access_log
from bemoeizorg.store.schema import Case, Person, Report
from bemoeizorg.ui import messages
from bemoeizorg.ui.dialogs.import_dialog import (
    IMPORT_CANCELLED,
    NO_FILE,
    READ_CANCELLED,
    ImportDialog,
)
from bemoeizorg.ui.models.import_preview_model import (
    IN_REGISTER,
    ROW_IN_REGISTER,
    ROW_WITH_ERROR,
    ImportPreviewModel,
    PreviewColumn,
)
from bemoeizorg.ui.register_session import RegisterSession
from tests.spreadsheet_helpers import BAD_ROWS, GOOD_ROWS, TEAM_MEMBER, fill_template


@pytest.fixture
def session(unlocked_session: RegisterSession) -> RegisterSession:
    assert unlocked_session.register is not None
    reference_data.save_team_member(
        unlocked_session.register, TeamMemberData(TEAM_MEMBER, Specialism.VOLWASSENEN)
    )
    return unlocked_session


@pytest.fixture
def dialog(qtbot, session: RegisterSession) -> ImportDialog:
    widget = ImportDialog(session)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _counts(session: RegisterSession) -> tuple[int, ...]:
    assert session.register is not None
    with session.register.session() as s:
        tables = [
            s.scalar(select(func.count()).select_from(t)) or 0 for t in (Report, Person, Case)
        ]
        return (*tables, access_log.count(s))


def _cell(dialog: ImportDialog, row: int, column: PreviewColumn) -> str:
    return str(dialog.table.model().index(row, column).data())


def test_starts_empty_with_import_disabled(dialog: ImportDialog) -> None:
    assert dialog.windowTitle() == "Importeren uit spreadsheet"
    assert dialog.summary.text() == NO_FILE
    assert not dialog.import_button.isEnabled()
    assert dialog.errors_list.isHidden()
    assert [b.text() for b in (dialog.import_button, dialog.close_button)] == [
        "Importeren",
        "Sluiten",
    ]
    assert dialog.template_button.text() == "Sjabloon opslaan…"


def test_good_workbook_preview_then_import(
    qtbot, dialog: ImportDialog, session: RegisterSession, tmp_path: Path
) -> None:
    path = fill_template(tmp_path / "onze casussen.xlsx", GOOD_ROWS)
    before = _counts(session)
    dialog.set_path(path)
    assert dialog.file_edit.text() == str(path)
    assert dialog.summary.text() == (
        "Klaar om in te lezen uit onze casussen.xlsx: 6 meldingen over 4 personen; "
        "3 casussen, waarvan 2 afgesloten; 2 niet opgepakt."
    )
    assert dialog.table.model().rowCount() == 6
    assert _cell(dialog, 0, PreviewColumn.NAME) == "Johannes Petrus van der Berg"
    assert _cell(dialog, 4, PreviewColumn.MUNICIPALITY) == "Echt-Susteren"  # from GM1711
    assert _cell(dialog, 1, PreviewColumn.CONCERNS) == "Onbegrepen gedrag"
    assert _cell(dialog, 2, PreviewColumn.TRIAGE) == "nee: doorverwezen"
    assert _cell(dialog, 1, PreviewColumn.CLOSED) == "01-09-2024, toegeleid naar zorg"
    assert _cell(dialog, 3, PreviewColumn.BORN) == "ca. 58 jaar"
    assert dialog.errors_list.isHidden()
    assert dialog.import_button.isEnabled()
    assert _counts(session) == before  # the preview wrote nothing

    topics: list[str] = []
    session.data_changed.connect(topics.append)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert topics == ["cases"]
    assert messages.shown[-1] == messages.Shown(
        "info",
        "Import klaar",
        "Ingelezen: 6 meldingen, 4 nieuwe personen en 3 nieuwe casussen.",
    )
    assert dialog.result() == QDialog.DialogCode.Accepted
    after = _counts(session)
    assert after[:3] == (before[0] + 6, before[1] + 4, before[2] + 3)
    assert after[3] == before[3] + 6 + 3


def test_the_same_workbook_twice_imports_nothing_the_second_time(
    qtbot, session: RegisterSession, tmp_path: Path
) -> None:
    path = fill_template(tmp_path / "onze casussen.xlsx", GOOD_ROWS)
    first = ImportDialog(session)
    qtbot.addWidget(first)
    first.show()
    first.set_path(path)
    assert _cell(first, 0, PreviewColumn.REGISTER) == ""
    qtbot.mouseClick(first.import_button, Qt.MouseButton.LeftButton)
    assert first.result() == QDialog.DialogCode.Accepted
    before = _counts(session)

    second = ImportDialog(session)
    qtbot.addWidget(second)
    second.show()
    second.set_path(path)
    assert second.summary.text() == (
        "Alles uit onze casussen.xlsx staat al in het register (6 meldingen): er is niets "
        "nieuws om in te lezen."
    )
    model = second.table.model()
    assert [_cell(second, r, PreviewColumn.REGISTER) for r in range(6)] == [IN_REGISTER] * 6
    assert model.index(0, PreviewColumn.NAME).data(Qt.ItemDataRole.ToolTipRole) == (ROW_IN_REGISTER)
    assert second.errors_list.isHidden()
    assert not second.import_button.isEnabled()
    second.import_now()  # even when called directly: nothing is imported twice
    assert _counts(session) == before


def test_a_workbook_with_one_new_row_imports_only_that_row(
    qtbot, dialog: ImportDialog, session: RegisterSession, tmp_path: Path
) -> None:
    assert session.register is not None
    first = read_workbook(fill_template(tmp_path / "a.xlsx", GOOD_ROWS))
    import_preview(session.register, first)
    before = _counts(session)
    more = [*GOOD_ROWS, {**GOOD_ROWS[3], "received_on": "01-12-2025"}]  # Hendriks again
    dialog.set_path(fill_template(tmp_path / "b.xlsx", more))
    assert dialog.summary.text() == (
        "Klaar om in te lezen uit b.xlsx: 1 melding over 1 persoon; 0 casussen, waarvan 0 "
        "afgesloten; 1 niet opgepakt. 6 meldingen staan al in het register en worden niet "
        "opnieuw ingelezen."
    )
    assert _cell(dialog, 6, PreviewColumn.REGISTER) == ""
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert messages.shown[-1].text == (
        "Ingelezen: 1 melding, 0 nieuwe personen en 0 nieuwe casussen. "
        "Al in het register en overgeslagen: 6."
    )
    after = _counts(session)
    assert after[:3] == (before[0] + 1, before[1], before[2])  # Hendriks is not made twice


def test_bsn_of_someone_in_the_register_is_flagged_in_the_preview(
    dialog: ImportDialog, session: RegisterSession, tmp_path: Path
) -> None:
    assert session.register is not None
    import_preview(session.register, read_workbook(fill_template(tmp_path / "a.xlsx", GOOD_ROWS)))
    row = {
        **GOOD_ROWS[2],
        "received_on": "02-02-2025",
        "bsn": "111222333",  # van der Berg's BSN on Maria Jansen, another birth date
    }
    dialog.set_path(fill_template(tmp_path / "b.xlsx", [row]))
    errors = [dialog.errors_list.item(i).text() for i in range(dialog.errors_list.count())]
    assert errors == [
        "Rij 2: het BSN hoort bij een persoon in het register met een andere geboortedatum. "
        "Controleer het BSN en de geboortedatum."
    ]
    assert not dialog.import_button.isEnabled()


def test_bad_workbook_lists_errors_and_cannot_import(
    dialog: ImportDialog, session: RegisterSession, tmp_path: Path
) -> None:
    path = fill_template(tmp_path / "fouten.xlsx", BAD_ROWS)
    before = _counts(session)
    dialog.set_path(path)
    errors = [dialog.errors_list.item(i).text() for i in range(dialog.errors_list.count())]
    assert errors == [
        "Rij 2: Datum melding ('31-02-2024') is geen geldige datum (gebruik dd-mm-jjjj).",
        "Rij 3: onbekende gemeente 'Maastricht'; gebruik een naam of CBS-code uit het blad Uitleg.",
        "Rij 4: de geboortedatum ligt in de toekomst.",
        "Rij 4: dit BSN klopt niet (de elfproef faalt). Controleer de cijfers.",
    ]
    assert not dialog.errors_list.isHidden()
    assert dialog.errors_label.text() == "Fouten (4)"
    assert dialog.summary.text().startswith("4 fouten in fouten.xlsx: er kan niets worden")
    assert not dialog.import_button.isEnabled()
    model = dialog.table.model()
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == ROW_WITH_ERROR
    assert model.index(3, 0).data(Qt.ItemDataRole.ForegroundRole) is None  # the good row

    dialog.import_now()  # even when called directly: nothing happens
    assert _counts(session) == before
    assert messages.shown == []


def test_owner_removed_after_reading_is_refused(
    dialog: ImportDialog, session: RegisterSession, tmp_path: Path
) -> None:
    path = fill_template(tmp_path / "x.xlsx", [{**GOOD_ROWS[0], "owner": "Nieuwe Collega"}])
    dialog.set_path(path)
    assert not dialog.import_button.isEnabled()
    assert (
        dialog.errors_list.item(0)
        .text()
        .startswith("Rij 2: dossierhouder 'Nieuwe Collega' staat niet in het team")
    )
    # The same check at import time, when the team changed after the preview was read.
    dialog.preview = read_workbook(path)
    dialog.import_button.setEnabled(True)
    before = _counts(session)
    dialog.import_now()
    assert _counts(session) == before
    assert dialog.summary.text().startswith("De werkmap is niet ingelezen: 1 fout.")
    assert not dialog.import_button.isEnabled()
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_unreadable_file_says_so_in_dutch(dialog: ImportDialog, tmp_path: Path) -> None:
    path = tmp_path / "lijst.xlsx"
    path.write_text("geen werkmap", encoding="utf-8")
    dialog.set_path(path)
    assert "'lijst.xlsx' is geen Excel-werkmap (.xlsx)" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    assert dialog.table.model().rowCount() == 0


def test_save_template(dialog: ImportDialog, tmp_path: Path) -> None:
    dialog.save_template(tmp_path / "sjabloon")
    target = tmp_path / "sjabloon.xlsx"
    assert target.exists()
    assert messages.shown[-1].title == "Sjabloon opgeslagen"
    assert str(target) in messages.shown[-1].text
    dialog.save_template(tmp_path / "geen map" / "s.xlsx")
    assert messages.shown[-1].kind == "error"
    assert "Schrijven naar de schijf is mislukt" in messages.shown[-1].text


def test_preview_model(qtmodeltester, tmp_path: Path) -> None:
    preview = read_workbook(fill_template(tmp_path / "x.xlsx", GOOD_ROWS + BAD_ROWS))
    model = ImportPreviewModel()
    model.set_rows(preview.sample)
    qtmodeltester.check(model)
    assert model.rowCount() == len(GOOD_ROWS) + len(BAD_ROWS)


def test_import_shows_progress_and_annuleren_writes_nothing(
    qtbot, dialog: ImportDialog, session: RegisterSession, tmp_path: Path
) -> None:
    path = fill_template(tmp_path / "x.xlsx", GOOD_ROWS)
    dialog.set_path(path)
    assert dialog.progress.isHidden() and dialog.cancel_button.isHidden()
    before = _counts(session)
    shown: list[str] = []
    dialog.progress_shown.connect(shown.append)
    # Annuleren as soon as the import says how far it is (the job runs inline here).
    dialog.progress_shown.connect(
        lambda text: dialog.cancel() if text.startswith("Importeren:") else None
    )
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert shown[0] == "Vergelijken met het register"
    assert shown[1].startswith("Importeren: ")
    assert dialog.status.text() == IMPORT_CANCELLED
    assert _counts(session) == before  # rolled back: nothing, not even a log entry
    assert session.register is not None and session.register.verify().ok
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.progress.isHidden() and dialog.cancel_button.isHidden()
    assert dialog.import_button.isEnabled()  # and it can be imported after all

    dialog.progress_shown.disconnect()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert _counts(session)[:3] == (before[0] + 6, before[1] + 4, before[2] + 3)


def test_annuleren_while_reading_shows_no_preview(dialog: ImportDialog, tmp_path: Path) -> None:
    path = fill_template(tmp_path / "x.xlsx", GOOD_ROWS)
    seen: list[str] = []

    def on_progress(text: str) -> None:
        seen.append(text)
        assert dialog.progress.isVisible() and dialog.cancel_button.isEnabled()
        dialog.cancel()

    dialog.progress_shown.connect(on_progress)
    dialog.set_path(path)
    assert len(seen) == 1  # stopped at the first step after it was asked
    assert dialog.summary.text() == READ_CANCELLED
    assert dialog.preview is None and not dialog.import_button.isEnabled()
    assert dialog.progress.isHidden()
