"""The one way a register is opened: unlocked with a passphrase or by this computer,
created, recovered with a recovery code, or the demo.

`open_register` runs the "how to open" on the worker and reads the register's name there
too (like every register access), so the caller gets an `Opened` or one error. `Opened.adopt`
hands it to the session and, when asked, lets this computer remember it. A register opened
for a dialog that closed meanwhile (the screen locked) is locked again at once: nobody would
use it, and an unlocked register must not lie around.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

from bemoeizorg.ui import messages
from bemoeizorg.ui.jobs import Failed, JobRunner, show_error
from bemoeizorg.ui.register_session import RegisterSession

if TYPE_CHECKING:  # the store itself loads when a register is opened, not at start
    from bemoeizorg.store.register import Register

REMEMBERED = (
    "Deze computer onthoudt het register voor u: voortaan ontgrendelt u hier met één klik "
    "op 'Ontgrendelen met deze computer'."
)

# How to open, run on the worker: a register, a new one with its recovery code, or None
# when there was nothing to open (this computer does not remember the register).
Opener: TypeAlias = "Callable[[], Register | tuple[Register, str] | None]"


@dataclass(frozen=True)
class Opened:
    register: Register
    name: str  # the register's own name, read on the worker
    recovery_code: str = ""  # only for a register just created: shown before it opens

    def adopt(self, session: RegisterSession, *, remember: bool = False) -> None:
        """The session takes it (the workspace shows); remember it here if asked."""
        session.adopt(self.register, self.name)
        if remember:
            from bemoeizorg.store import keyring_store

            session.call(keyring_store.remember, _remembered, _remember_failed)


def open_register(
    runner: JobRunner,
    opener: Opener,
    on_opened: Callable[[Opened], object],
    on_error: Failed = show_error,
    *,
    on_nothing: Callable[[], object] | None = None,
    for_widget: QWidget | None = None,
) -> None:
    """Open on the worker; on_opened gets the register and its name in the GUI thread.

    on_nothing is called when the opener found nothing to open. With for_widget, a register
    that arrives after that widget closed is locked again instead of handed on.
    """

    def job() -> Opened | None:
        result = opener()
        if result is None:
            return None
        register, code = result if isinstance(result, tuple) else (result, "")
        try:
            name = register.name()
        except BaseException:
            register.lock()  # not handed on: nobody else would lock it
            raise
        return Opened(register, name, code)

    def done(opened: Opened | None) -> None:
        if opened is None:
            if on_nothing is not None:
                on_nothing()
            return
        if for_widget is not None and not (isValid(for_widget) and for_widget.isVisible()):
            runner.submit(opened.register.lock)
            return
        on_opened(opened)

    runner.submit(job, done, on_error)


def _remembered(_result: object) -> None:
    messages.notice(QApplication.activeWindow(), REMEMBERED)


def _remember_failed(exc: BaseException) -> None:
    messages.info(
        QApplication.activeWindow(),
        "Niet onthouden",
        messages.dutch_error_text(exc) + " Het register is wel geopend.",
    )
