"""Instellingen > Bewaartermijnen: the team's terms, each with where it comes from, and the
review of what is due. Everyone sees the terms and what is due; only a teamleider changes
the terms (a bemoeizorger sees them disabled, with the reason)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout

from bemoeizorg.casework import retention
from bemoeizorg.casework.retention import RetentionReview
from bemoeizorg.casework.team_policy import CHANGE_TERMS
from bemoeizorg.domain.people import Role
from bemoeizorg.domain.retention import ACCESS_LOG_YEARS, TERMS, RetentionPolicy
from bemoeizorg.store.register import Register
from bemoeizorg.ui import style
from bemoeizorg.ui.dialogs.retention_review_dialog import RetentionReviewDialog
from bemoeizorg.ui.register_session import Topic
from bemoeizorg.ui.teamleider_only import allow, is_lead, reason_label, show_reason
from bemoeizorg.ui.views.register_view import RegisterView

LOG_NOTE = (
    f"Het logboek wordt {ACCESS_LOG_YEARS} jaar bewaard (NEN 7513, zoals MedMij het leest); "
    "dat is geen instelling."
)


class RetentionPage(RegisterView):
    def build(self) -> None:
        title = QLabel("Bewaartermijnen")
        title.setStyleSheet(style.page_title())
        intro = QLabel(
            "Hoe lang het register gegevens bewaart, bepaalt het team. Wat over zijn termijn "
            "is, verwijdert het programma pas als een teamleider het heeft bekeken en bevestigd."
        )
        intro.setWordWrap(True)
        self.spins: dict[str, QSpinBox] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for term in TERMS:
            spin = QSpinBox()
            spin.setRange(term.low, term.high)
            spin.setSuffix(" jaar")
            spin.setMinimumWidth(120)
            self.spins[term.key] = spin
            form.addRow(term.label, spin)
            note = QLabel(f"{term.explanation} Standaard: {term.default} jaar.")
            note.setWordWrap(True)
            note.setStyleSheet(style.muted_text())
            form.addRow(note)
            spin.valueChanged.connect(self._update)
        log_note = QLabel(LOG_NOTE)
        log_note.setWordWrap(True)
        self.save_button = QPushButton("Opslaan")
        self.review_button = QPushButton("Bekijken wat weg moet…")
        self.status = QLabel()
        self.reason = reason_label(CHANGE_TERMS)
        self.save_button.clicked.connect(self.save)
        self.review_button.clicked.connect(self.open_review)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.review_button)
        buttons.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(log_note)
        layout.addWidget(self.reason)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self._stored = RetentionPolicy()
        self._lead = False  # until the register says otherwise
        self._update()

    def policy(self) -> RetentionPolicy:
        return RetentionPolicy(**{key: spin.value() for key, spin in self.spins.items()})

    def load(self) -> None:
        def job(r: Register) -> tuple[RetentionPolicy, Role]:
            return retention.load_policy(r), r.role()

        self._session.call(job, lambda result: self._loaded(*result))

    def clear(self) -> None:
        pass  # the team's terms are no one's data: they stay until the next read

    def _loaded(self, policy: RetentionPolicy, role: Role) -> None:
        self._stored = policy
        self._lead = is_lead(role)
        for key, spin in self.spins.items():
            spin.blockSignals(True)
            spin.setValue(getattr(policy, key))
            spin.blockSignals(False)
            allow(spin, self._lead, CHANGE_TERMS)
        show_reason(self.reason, self._lead)
        self._update()

    def _update(self) -> None:
        changed = self.policy() != self._stored
        self.save_button.setEnabled(changed and self._lead)
        if changed:
            self.status.clear()

    def save(self) -> None:
        policy = self.policy()
        # A refusal (NotAllowed, a term out of bounds) is said; the typed terms stay.
        self._session.call(
            lambda r: retention.save_policy(r, policy), lambda _r: self._saved(policy)
        )

    def _saved(self, policy: RetentionPolicy) -> None:
        self._stored = policy
        self._update()
        self.status.setText("Opgeslagen.")
        self._session.data_changed.emit(Topic.LOG)

    def open_review(self) -> None:
        self._session.call(retention.review, self._show_review)

    def _show_review(self, review: RetentionReview) -> None:
        self._dialogs.open(RetentionReviewDialog(self._session, review, self))

    @property
    def review_dialog(self) -> RetentionReviewDialog | None:
        return self._dialogs.shown_by(self, RetentionReviewDialog)
