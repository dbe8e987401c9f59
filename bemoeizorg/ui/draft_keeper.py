"""The one way a form keeps a draft, so a crash or a lock loses nothing of what was typed.

The form tells its `DraftKeeper` each edit; the keeper saves the form's fields inside the
register (on the worker) once typing pauses, at once when the lock closes the form, and
throws the draft away when the form is saved for real or cancelled. casework/drafts.py is
the store side; the program offers drafts back after the next unlock.

Saving for real adds no draft write of its own (issue 16: one fsynced commit per user
action): a draft still waiting for the pause is not kept first, only if the save fails
(the form stays open with the text); a draft kept earlier goes in the save's own
transaction when the save takes its id (`with_discard_in`, a contact), else in the save's
own job, a commit of its own only when there is one (`with_discard`).

Draft jobs fail quietly (jobs.ignore_error): the form itself still holds the text, and once
locked there is nowhere to keep it. The draft's id lives in a slot that only the worker's
jobs write, in the order they were queued: a save queued before the previous one returned
overwrites the same draft, and once the real save (or a cancel) has thrown the draft away, a
draft save queued behind it (a lock while saving) keeps nothing.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from shiboken6 import isValid

from bemoeizorg.casework import drafts
from bemoeizorg.casework.drafts import DraftKind
from bemoeizorg.store.register import Register
from bemoeizorg.ui.jobs import ignore_error
from bemoeizorg.ui.register_session import RegisterSession

T = TypeVar("T")


class DraftForm(Protocol):
    def draft_fields(self) -> dict[str, Any] | None:
        """The form's fields to keep, or None when nothing in it is worth keeping."""


class _Slot:
    """The draft's id as the worker knows it; `closed` once the draft was thrown away."""

    def __init__(self) -> None:
        self.id: int | None = None
        self.closed = False

    def discard(self, register: Register) -> None:
        if self.id is not None:
            drafts.discard_draft(register, self.id)
            self.id = None
        self.closed = True


class DraftKeeper(QObject):
    saved = Signal(int)  # the draft's id, after each save of the half-typed form

    def __init__(
        self,
        session: RegisterSession,
        form: DraftForm,
        kind: DraftKind,
        *,
        delay_ms: int,
        case_id: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        # Weak: the form owns its keeper, and a strong reference back would keep a closed
        # form alive until the garbage collector came by.
        self._form = weakref.ref(form)
        self._kind = kind
        self._case_id = case_id
        self._slot = _Slot()
        self.dirty = False  # edited since the form opened (or was filled from a draft)
        self.finished = False  # saved for real or thrown away: nothing more is kept
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.save)

    @property
    def draft_id(self) -> int | None:
        return self._slot.id

    @property
    def has_draft(self) -> bool:
        """Something a cancel would throw away: typed here, or a draft kept before."""
        return self.dirty or self._slot.id is not None

    def resume(self, draft_id: int) -> None:
        """The form was filled from this draft: go on overwriting it."""
        self._slot.id = draft_id

    def edited(self) -> None:
        """The user changed the form: save once the typing pauses (each edit restarts)."""
        if self.finished:
            return
        self.dirty = True
        self.timer.start()

    def save(self) -> None:
        """Keep the form as it is now (on the worker)."""
        self.timer.stop()
        form = self._form()
        fields = form.draft_fields() if form is not None and not self.finished else None
        if fields is None:
            return
        slot, kind, case_id = self._slot, self._kind, self._case_id

        def job(register: Register) -> int | None:
            if slot.closed:
                return None
            slot.id = drafts.save_draft(register, kind, fields, draft_id=slot.id, case_id=case_id)
            return slot.id

        self._session.call(job, self._kept, ignore_error)  # quiet: see the module docstring

    def _kept(self, draft_id: int | None) -> None:
        if draft_id is not None and isValid(self):  # the form may be gone meanwhile
            self.saved.emit(draft_id)

    def keep_for_lock(self) -> None:
        """The lock closes the form, asking nothing: what was typed is queued ahead of the
        lock, so it lands in the register first."""
        if self.dirty:
            self.save()
        self.finish()

    def discard(self) -> None:
        """The user stopped without saving: the draft goes."""
        self.finish()
        slot = self._slot
        # Quiet: a draft left behind is only offered again after the next unlock.
        self._session.call(slot.discard, None, ignore_error)

    def with_discard(self, job: Callable[[Register], T]) -> Callable[[Register], T]:
        """The real save's job, throwing the draft away in the same job once it succeeded
        (a commit of its own when a draft was kept). A draft waiting for the typing to
        pause is kept only if the save fails (module text): what was typed is never lost,
        and a save that succeeds writes no draft."""
        return self._saving(lambda register, _draft_id: job(register), discards=False)

    def with_discard_in(self, job: Callable[[Register, int | None], T]) -> Callable[[Register], T]:
        """As with_discard, for a save that throws the draft away inside its own transaction
        (`cases.log_contact(..., draft_id=)`): `job(register, draft_id)` gets the kept
        draft's id (None when none was kept) and nothing is written after it: one fsynced
        commit for the save and the draft (issue 16)."""
        return self._saving(job, discards=True)

    def _saving(
        self, job: Callable[[Register, int | None], T], *, discards: bool
    ) -> Callable[[Register], T]:
        form = self._form()
        waiting = self.timer.isActive() and form is not None and not self.finished
        fields = form.draft_fields() if waiting and form is not None else None
        self.timer.stop()
        slot, kind, case_id = self._slot, self._kind, self._case_id

        def run(register: Register) -> T:
            try:
                result = job(register, slot.id)
            except BaseException:
                if fields is not None and not slot.closed:
                    # Quiet (module text): the save's own error is what the user hears.
                    with contextlib.suppress(Exception):
                        slot.id = drafts.save_draft(
                            register, kind, fields, draft_id=slot.id, case_id=case_id
                        )
                raise
            if discards:
                slot.id, slot.closed = None, True  # gone with the save's own commit
            else:
                slot.discard(register)
            return result

        return run

    def finish(self) -> None:
        """Saved for real (or closed): keep nothing more."""
        self.finished = True
        self.timer.stop()
