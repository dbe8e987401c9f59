"""The inzageverzoek (AVG art. 15) from the person card, with real widgets on a real
register: a melding typed with canaries into the intake screen, the card opened from the
case, "Inzageverzoek (AVG)…" clicked, the confirmation answered and the save-file dialog
answered with a path (Qt's static file dialog is the one thing replaced: it cannot be
typed into offscreen). The PDF holds the person and the melding, not the reporter; it is
logged as an export. A bemoeizorger sees the button disabled with the reason."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from bemoeizorg.casework.person_card import person_of_case
from bemoeizorg.domain.formats import date_text
from bemoeizorg.store.register import Register
from bemoeizorg.ui import file_dialogs, messages
from bemoeizorg.ui.dialogs.person_card_dialog import INZAGE_BUTTON, PersonCardDialog
from bemoeizorg.ui.jobs import JobRunner
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.views.case_view import CaseView
from tests.ui.typed_melding import (
    LEFT,
    TYPED,
    WORKER,
    log_rows,
    prepare,
    session_as,
    type_melding,
)


class SaveDialog:
    """Answers ui/file_dialogs.save_file (the one way to ask for a path) with `answer` and
    keeps what it was asked."""

    def __init__(self, answer: Path | None) -> None:
        self.answer = answer
        self.asked: list[tuple[str, str, str]] = []

    def __call__(
        self,
        _parent: Any,
        _memory: Any,
        caption: str,
        suggested: str | Path,
        filters: str,
        *,
        suffix: str = "",
    ) -> Path | None:
        self.asked.append((caption, str(suggested), filters))
        return self.answer


def scripted_save(monkeypatch: pytest.MonkeyPatch, answer: Path | None) -> SaveDialog:
    dialog = SaveDialog(answer)
    monkeypatch.setattr(file_dialogs, "save_file", dialog)
    return dialog


@pytest.fixture
def opened() -> Iterator[list[Register]]:
    registers: list[Register] = []
    yield registers
    for register in registers:
        register.lock()


@pytest.fixture
def case_id(qtbot, unlocked_session: RegisterSession, register: Register) -> int:
    return type_melding(qtbot, unlocked_session, prepare(register))


def open_card(qtbot, session: RegisterSession, case_id: int) -> PersonCardDialog:
    """The case shown, its Persoonskaart button clicked: the card as a user opens it."""
    view = CaseView(session)
    qtbot.addWidget(view)
    view.resize(1100, 720)
    view.show()
    qtbot.waitExposed(view)
    view.show_case(case_id)
    qtbot.mouseClick(view.person_button, LEFT)
    [card] = view.findChildren(PersonCardDialog)
    assert card.isVisible() and card.card is not None
    return card


def pdf_text(path: Path) -> str:
    pages = PdfReader(io.BytesIO(path.read_bytes())).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def test_the_button_makes_the_inzage_pdf_logged_as_an_export(
    qtbot,
    unlocked_session: RegisterSession,
    register: Register,
    case_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    scripted_messages: list[messages.Shown],
) -> None:
    card = open_card(qtbot, unlocked_session, case_id)
    person_id = person_of_case(register, case_id)
    button = card.inzage_button
    assert button.text() == INZAGE_BUTTON and button.isVisible() and button.isEnabled()
    assert card.person_number.text() == str(person_id)  # what `inzage --person` takes
    target = tmp_path / "gekozen.pdf"
    save = scripted_save(monkeypatch, target)
    messages.script(True)  # the team lead confirms
    before = len(log_rows(register))

    with qtbot.waitSignal(unlocked_session.data_changed) as changed:
        qtbot.mouseClick(button, LEFT)

    assert changed.args == ["log"]
    [(caption, suggested, _filters)] = save.asked
    assert caption == "Inzage opslaan"
    assert Path(suggested).name.startswith("Inzage-") and Path(suggested).suffix == ".pdf"
    for canary in TYPED.canaries():
        assert canary.casefold() not in suggested.casefold()
    text = pdf_text(target)
    for shown in (
        TYPED.family,
        TYPED.prefix,
        TYPED.given,
        TYPED.alias,
        date_text(TYPED.born),
        TYPED.address,
        TYPED.postcode,
        TYPED.city,
        TYPED.bsn,
        TYPED.description,
        TYPED.kind.label,
        *(c.label for c in TYPED.concerns),
    ):
        assert shown in text, shown
    for hidden in (TYPED.reporter, TYPED.organisation, TYPED.contact):
        assert hidden.casefold() not in text.casefold(), hidden
    assert log_rows(register)[before:] == [("exporteren", case_id, "inzageverzoek (art. 15 AVG)")]
    question, done = scripted_messages[-2:]
    assert (question.kind, question.title) == ("confirm", "Inzageverzoek (AVG)")
    assert "alleen met de soort melder" in question.text
    assert (done.kind, done.title) == ("info", "Inzage gemaakt")
    assert "gekozen.pdf" in done.text and "Controlecode logboek: " in done.text
    assert done.text.split("Controlecode logboek: ")[1] in text  # the code on the pages
    assert button.isEnabled()  # ready for another


def test_saying_no_or_cancelling_the_file_dialog_makes_nothing(
    qtbot,
    unlocked_session: RegisterSession,
    register: Register,
    case_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    card = open_card(qtbot, unlocked_session, case_id)
    save = scripted_save(monkeypatch, tmp_path / "niet.pdf")
    before = len(log_rows(register))
    messages.script(False)
    qtbot.mouseClick(card.inzage_button, LEFT)
    assert save.asked == []  # no file dialog after "Nee"
    save.answer = None
    messages.script(True)
    qtbot.mouseClick(card.inzage_button, LEFT)
    assert len(save.asked) == 1  # the file dialog was cancelled
    assert list(tmp_path.glob("*.pdf")) == []
    assert log_rows(register)[before:] == []


def test_a_bemoeizorger_sees_the_button_disabled_with_the_reason(
    qtbot,
    runner: JobRunner,
    unlocked_session: RegisterSession,
    case_id: int,
    opened: list[Register],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The case owner: may correct the card, but not make an inzage.
    session = session_as(runner, unlocked_session, WORKER, opened)
    card = open_card(qtbot, session, case_id)
    button = card.inzage_button
    assert button.isVisible() and not button.isEnabled()
    assert button.toolTip().endswith("Alleen een teamleider kan een inzageverzoek uitvoeren.")
    assert card.save_button.isEnabled()  # the card itself stays correctable for the owner
    save = scripted_save(monkeypatch, tmp_path / "inzage.pdf")
    card.ask_inzage()  # even when called past the disabled button: no question, no file
    assert save.asked == []
    assert not (tmp_path / "inzage.pdf").exists()
