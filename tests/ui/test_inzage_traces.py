"""Issue 14's last test: canaries nowhere outside the register afterwards. A day's piece
in the real widgets: a melding typed with canaries, a note corrected through Corrigeren…
with a canary reason, an inzage made from the person card. Afterwards the inzage PDF
(the one file meant to leave) holds the person, marks the corrected note and holds no
reporter; every other file under the test's folder (register folder, settings, data
folder, temp files) and every log message holds none of the canaries."""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from bemoeizorg.casework import cases
from bemoeizorg.domain.formats import date_text
from bemoeizorg.store.register import Register
from bemoeizorg.ui import file_dialogs, messages
from bemoeizorg.ui.dialogs.note_dialog import NoteDialog
from bemoeizorg.ui.dialogs.person_card_dialog import PersonCardDialog
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.views.case_view import CaseView
from tests.builders import days_ago
from tests.ui.helpers import type_into
from tests.ui.typed_melding import LEFT, TYPED, files_holding, prepare, type_melding

NOTE = "Kanarienotitie over de papegaai Flodderwijn"
CORRECTED_NOTE = "Kanarienotitie over de parkiet Flodderwijn"
REASON = "Verschreven-Quorplatijn"


def test_no_canary_outside_the_register_after_a_correction_and_an_inzage(
    qtbot,
    unlocked_session: RegisterSession,
    register: Register,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    scripted_messages: list[messages.Shown],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    case_id = type_melding(qtbot, unlocked_session, prepare(register))
    cases.add_note(register, case_id, days_ago(0), NOTE)
    view = CaseView(unlocked_session)
    qtbot.addWidget(view)
    view.resize(1100, 720)
    view.show()
    qtbot.waitExposed(view)
    view.show_case(case_id)

    # The note corrected as a user does: the line chosen, Corrigeren…, typed, saved.
    model = view.timeline.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 1).data() == "Notitie")
    view.timeline.selectRow(row)
    qtbot.mouseClick(view.correct_button, LEFT)
    dialog = view.dialog
    assert isinstance(dialog, NoteDialog) and dialog.correction_reason_edit is not None
    dialog.note_edit.selectAll()
    dialog.note_edit.setFocus()
    qtbot.keyClicks(dialog.note_edit, CORRECTED_NOTE)
    type_into(qtbot, dialog.correction_reason_edit, REASON)
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert not dialog.isVisible()

    # The inzage from the person card, to a folder of the user's choosing.
    out = tmp_path / "uitgifte"
    out.mkdir()
    target = out / "gekozen.pdf"

    def save_file(_parent: Any, _memory: Any, *_args: Any, **_kwargs: Any) -> Path:
        return target

    monkeypatch.setattr(file_dialogs, "save_file", save_file)
    qtbot.mouseClick(view.person_button, LEFT)
    [card] = view.findChildren(PersonCardDialog)
    messages.script(True)  # the team lead confirms
    qtbot.mouseClick(card.inzage_button, LEFT)
    pages = PdfReader(io.BytesIO(target.read_bytes())).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    today = date_text(days_ago(0))
    for shown in (TYPED.family, TYPED.bsn, TYPED.description, CORRECTED_NOTE):
        assert shown in text, shown  # not vacuous: the canaries are in the register
    assert f"{NOTE} (gecorrigeerd op {today}: {REASON})" in text
    for hidden in (TYPED.reporter, TYPED.organisation, TYPED.contact):
        assert hidden not in text, hidden
    card.close()
    view.close()

    unlocked_session.lock()
    canaries = [*TYPED.canaries(), NOTE, CORRECTED_NOTE, REASON, "Flodderwijn"]
    leaks = [hit for hit in files_holding(tmp_path, canaries) if not hit.startswith("gekozen.pdf")]
    assert leaks == []
    assert [p.name for p in out.iterdir()] == ["gekozen.pdf"]  # no temp file left beside it
    messages_logged = [r.getMessage() for r in caplog.records]
    assert [m for m in messages_logged if any(c in m for c in canaries)] == []
