"""What every view and settings page that shows part of the register shares: the session,
the dialog host, and when to read.

It reads when the register is unlocked and again when a change in one of its `topics` is
told (`data_changed`), but only while it is shown: a hidden view reads nothing, it is marked
stale and reads when shown (issue 16: a hidden Logboek reloading 5,000 rows on every save
froze the window; and a list read is logged as a view of the cases it shows, so it should
happen only when someone looks). It empties when the register is locked or closed.

A subclass gives `build()` (its state and widgets; the session is followed after it),
`load()` (ask the register, on the worker) and `clear()` (empty what it shows). Anything
that wants it to read again calls `reload()`; `read_now()` is for a read the user asked for
by name (opening a case), seen or not.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from bemoeizorg.ui.dialog_host import DialogHost
from bemoeizorg.ui.dialogs.form_dialog import FormDialog
from bemoeizorg.ui.register_session import RegisterSession, Topic

EVERY_TOPIC = frozenset(Topic)
# What an empty list says while its first read is still on its way: "none" only once known.
LOADING = "Bezig met laden…"
Form = TypeVar("Form", bound=FormDialog)


class RegisterView(QWidget):
    topics: ClassVar[frozenset[Topic]] = frozenset()  # the changes it reads again for
    # Every view reads only when shown; some subclasses still say so by this name, which
    # the base no longer consults (tests/ui/test_views_lazy.py checks every view).
    reads_when_shown: ClassVar[bool] = True

    def __init__(
        self,
        session: RegisterSession,
        dialogs: DialogHost | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._dialog_host = dialogs
        self._stale = True  # the register may hold more than this view last read
        self.build()
        self._follow_session()

    @property
    def _dialogs(self) -> DialogHost:
        """The main window's host; a view built on its own (tests) hosts its own dialogs."""
        if self._dialog_host is None:
            self._dialog_host = DialogHost(self._session, self)
        return self._dialog_host

    def open_form(self, dialog: Form, changes: Topic) -> Form:
        """Open a form of this view; its save tells every view that `changes` changed."""
        dialog.saved.connect(lambda _stored: self._session.data_changed.emit(changes))
        return self._dialogs.open(dialog)

    def _follow_session(self) -> None:
        """Read now if the register is open, and whenever the session says so from now on."""
        session = self._session
        session.unlocked.connect(self._unlocked)
        session.locked.connect(self._emptied)
        session.closed.connect(self._emptied)
        session.data_changed.connect(self._data_changed)
        if session.is_unlocked:
            self._unlocked()

    # --- what subclasses give ------------------------------------------------------------

    def build(self) -> None:
        """This view's own state and widgets."""
        raise NotImplementedError

    def load(self) -> None:
        """Ask the register for what this view shows (on the worker)."""
        raise NotImplementedError

    def clear(self) -> None:
        """Show nothing of the register (it was locked or closed)."""
        raise NotImplementedError

    # --- when to read --------------------------------------------------------------------

    def reload(self) -> None:
        """Read again: now when shown, else once it is shown."""
        if not self.isVisible():
            self._stale = True
            return
        self.read_now()

    def read_now(self) -> None:
        if not self._session.is_unlocked:
            return
        self._stale = False
        self.load()

    def _unlocked(self) -> None:
        self.reload()

    def _emptied(self) -> None:
        self._stale = True
        self.clear()

    def _data_changed(self, topic: str) -> None:
        if topic in self.topics:
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()
