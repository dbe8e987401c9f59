"""Wachtwoordzin wijzigen: the current one, then the new one twice.

"Oude sleutel ook vervangen" gives the register a new key as well (seconds, on the worker),
so that an old copy of the key-slot file with the old passphrase no longer opens today's
register. Back-ups made before keep the old key: the dialog says so and offers a fresh
back-up and the removal of the older ones (ui/rekey_follow_up).
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget
from shiboken6 import isValid

from bemoeizorg.ui import messages
from bemoeizorg.ui.dialogs.passphrase_dialog import PassphraseDialog
from bemoeizorg.ui.register_session import RegisterSession, Topic
from bemoeizorg.ui.rekey_follow_up import BUSY, FollowUp, FollowUpBox, Rekeyed, rekeying, tell

NOTE = "Alleen uw eigen toegang verandert; de gegevens in het register blijven zoals ze zijn."
REKEY = "Oude sleutel ook vervangen"
REKEY_TIP = (
    "Het register krijgt een nieuwe sleutel. Een oude kopie van het sleutelbestand opent het "
    "dan niet meer met uw oude wachtwoordzin. Dat duurt enkele seconden."
)
DONE = "Uw wachtwoordzin is gewijzigd."
DONE_NOTICE = "Uw wachtwoordzin is gewijzigd: gebruik voortaan de nieuwe."


class ChangePassphraseDialog(PassphraseDialog):
    def __init__(self, session: RegisterSession, parent: QWidget | None = None) -> None:
        super().__init__(
            "Wachtwoordzin wijzigen",
            note=NOTE,
            accept_text="Wijzigen",
            passphrase_label="Nieuwe wachtwoordzin",
            parent=parent,
        )
        self._session = session
        self.current_edit = QLineEdit()
        self.current_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.current_edit.setObjectName("current")
        self.passphrase.set_context(session.user or "")
        self.rekey_box = QCheckBox(REKEY)
        self.rekey_box.setToolTip(REKEY_TIP)
        self.follow_up_box = FollowUpBox(session)
        self.follow_up_box.hide()
        self.rekey_box.toggled.connect(self.follow_up_box.setVisible)
        self.form.addRow("Huidige wachtwoordzin", self.current_edit)
        self.add_passphrase_rows()
        self.form.addRow(self.rekey_box)
        self.form.addRow(self.follow_up_box)
        self.passphrase.validity_changed.connect(self.ok_button.setEnabled)
        self.ok_button.setEnabled(False)

    def start(self) -> None:
        problem = self.passphrase.problem()
        if problem:
            self.error_label.setText(problem)
            return
        old, new = self.current_edit.text(), self.passphrase.passphrase()
        if not self.rekey_box.isChecked():
            # Said in the main window once the dialog is gone (with a new key, tell() says
            # it together with what became of the back-ups).
            parent = self.parentWidget()
            window = parent.window() if parent is not None else None
            self.accepted.connect(lambda: messages.notice(window, DONE_NOTICE))
            self.run(self._session, lambda r: r.change_passphrase(old, new))
            return
        follow = self.follow_up_box.follow_up()
        session = self._session
        self._busy(BUSY)

        def done(rekeyed: Rekeyed) -> None:
            session.data_changed.emit(Topic.LOG)
            if rekeyed.made is not None:
                session.data_changed.emit(Topic.BACKUPS)
            if isValid(self):
                self._rekeyed(rekeyed, follow)

        session.call(
            rekeying(lambda r: r.change_passphrase(old, new, rekey=True), follow),
            done,
            self._failed,
        )

    def _rekeyed(self, rekeyed: Rekeyed, follow: FollowUp) -> None:
        self.error_label.clear()
        tell(self, "Wachtwoordzin gewijzigd", DONE, rekeyed, follow)
        self._done()
