"""The one draft keeper: saved after typing stops, overwritten in place, thrown away by the
real save, and nothing kept by a draft save that the worker runs after that save."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from bemoeizorg.casework import drafts
from bemoeizorg.casework.drafts import DraftKind
from bemoeizorg.store.errors import RegisterLocked
from bemoeizorg.store.register import Register
from bemoeizorg.ui.draft_keeper import DraftKeeper
from bemoeizorg.ui.register_session import RegisterSession


class Form(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.text = ""

    def draft_fields(self) -> dict[str, Any] | None:
        return {"note": self.text} if self.text else None


def keeper_for(qtbot, session: RegisterSession) -> tuple[Form, DraftKeeper]:
    form = Form()
    qtbot.addWidget(form)
    return form, DraftKeeper(session, form, DraftKind.CONTACT, delay_ms=50, parent=form)


def test_typing_is_kept_after_a_pause_in_one_draft(
    qtbot, unlocked_session: RegisterSession, register: Register
) -> None:
    form, keeper = keeper_for(qtbot, unlocked_session)
    keeper.edited()
    with qtbot.assertNotEmitted(keeper.saved):
        keeper.timer.timeout.emit()  # nothing typed yet: nothing worth keeping
    assert drafts.drafts_of_user(register) == []
    form.text = "Belde"
    keeper.edited()
    assert keeper.timer.isActive()
    with qtbot.waitSignal(keeper.saved, timeout=5000) as first:
        pass
    form.text = "Belde terug"
    keeper.edited()
    with qtbot.waitSignal(keeper.saved, timeout=5000) as second:
        pass
    assert first.args == second.args == [keeper.draft_id]
    (kept,) = drafts.drafts_of_user(register)
    assert kept.fields == {"note": "Belde terug"}


def test_a_draft_save_behind_the_real_save_keeps_nothing(
    qtbot, unlocked_session: RegisterSession, register: Register
) -> None:
    form, keeper = keeper_for(qtbot, unlocked_session)
    form.text = "Huisbezoek"
    keeper.edited()
    keeper.save()  # kept after a pause
    form.text = "Huisbezoek, niet thuis"
    keeper.edited()
    real_save = keeper.with_discard(lambda _register: "opgeslagen")
    assert len(drafts.drafts_of_user(register)) == 1
    assert real_save(register) == "opgeslagen"
    assert drafts.drafts_of_user(register) == []
    keeper.keep_for_lock()  # the lock came while the worker saved: queued behind it
    assert drafts.drafts_of_user(register) == [] and keeper.finished


def test_cancel_throws_the_draft_away(
    qtbot, unlocked_session: RegisterSession, register: Register
) -> None:
    form, keeper = keeper_for(qtbot, unlocked_session)
    form.text = "Buurman"
    keeper.edited()
    keeper.save()
    assert keeper.has_draft and len(drafts.drafts_of_user(register)) == 1
    keeper.discard()
    assert drafts.drafts_of_user(register) == [] and not keeper.timer.isActive()


def test_the_real_save_writes_no_draft_first_and_a_failed_one_keeps_the_typing(
    qtbot, unlocked_session: RegisterSession, register: Register
) -> None:
    """One fsynced commit per save (issue 16): what waits for the typing to pause is not
    kept before the save, only when the save fails."""
    form, keeper = keeper_for(qtbot, unlocked_session)
    form.text = "Huisbezoek"
    keeper.edited()  # waiting for the pause
    real_save = keeper.with_discard(drafts.drafts_of_user)  # what the save itself sees
    assert real_save(register) == []  # no draft was written before it
    assert drafts.drafts_of_user(register) == [] and not keeper.timer.isActive()

    form, keeper = keeper_for(qtbot, unlocked_session)
    form.text = "Belde terug over de huur"
    keeper.edited()

    def failing(_register: Register) -> None:
        raise RegisterLocked()

    with pytest.raises(RegisterLocked):
        keeper.with_discard(failing)(register)
    (kept,) = drafts.drafts_of_user(register)
    assert kept.fields == {"note": "Belde terug over de huur"}
    assert keeper.draft_id == kept.id  # the next save overwrites it, as typing goes on
