"""ZRM scoren: the twelve life domains of the Zelfredzaamheid-Matrix, 1 to 5 each, or left
empty; beside each, the score of the previous time, so change is visible while scoring.

A second score on a day that has one asks first whether it replaces the first (which the
register keeps, marked as replaced). Given a ZRM line (`correcting=`), the dialog corrects
it, starting from its scores."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from bemoeizorg.casework.cases import TimelineEntry, ZrmSameDayNeedsConfirmation, score_zrm
from bemoeizorg.casework.corrections import correct_zrm
from bemoeizorg.domain.formats import date_text
from bemoeizorg.domain.vocabulary import ZRM_SCORE_LABELS, ZrmDomain
from bemoeizorg.ui import messages, style
from bemoeizorg.ui.dialogs.case_event_dialog import CaseEventDialog
from bemoeizorg.ui.dialogs.form_dialog import Job, store_call
from bemoeizorg.ui.register_session import RegisterSession

TITLE = "ZRM scoren"
INTRO = (
    "Scoor de leefgebieden die u kunt beoordelen: 1 is acute problematiek, 5 volledig "
    "zelfredzaam. Laat een leefgebied leeg als u het niet weet."
)
INTRO_PREVIOUS = " Rechts staat de score van {date}."
NOT_SCORED = "niet scoren"
PREVIOUS = "vorige: {score}"
PREVIOUS_NONE = "vorige: —"
COPY = "Vorige scores overnemen"
NONE_CHOSEN = "Scoor minstens één leefgebied."
SAME_DAY_TITLE = "ZRM-score vervangen?"


class ZrmDialog(CaseEventDialog):
    what = "ZRM-score"

    def __init__(
        self,
        session: RegisterSession,
        case_id: int,
        *,
        previous: dict[ZrmDomain, int] | None = None,
        previous_on: date | None = None,
        earliest: date | None = None,
        case_number: str = "",
        correcting: TimelineEntry | None = None,
        parent: QWidget | None = None,
    ) -> None:
        previous = dict(previous or {})
        intro = INTRO
        if previous_on is not None and previous:
            intro += INTRO_PREVIOUS.format(date=date_text(previous_on))
        super().__init__(
            session,
            case_id,
            TITLE,
            intro=intro,
            earliest=earliest,
            case_number=case_number,
            correcting=correcting,
            parent=parent,
        )
        self.previous = previous
        self.combos: dict[ZrmDomain, QComboBox] = {}
        self.previous_labels: dict[ZrmDomain, QLabel] = {}
        for domain in ZrmDomain:
            combo = QComboBox()
            combo.addItem(NOT_SCORED, 0)
            for score, text in ZRM_SCORE_LABELS.items():
                combo.addItem(text, score)
            old = previous.get(domain)
            shown = QLabel(PREVIOUS.format(score=old) if old else PREVIOUS_NONE)
            shown.setObjectName(f"previous_{domain.value}")
            shown.setStyleSheet(style.muted_text())
            # One width for every row, so the twelve score fields line up.
            metrics = shown.fontMetrics()
            widest = max(
                metrics.horizontalAdvance(t) for t in (PREVIOUS_NONE, PREVIOUS.format(score=5))
            )
            shown.setFixedWidth(widest + 2)
            if old:
                shown.setToolTip(ZRM_SCORE_LABELS[old])
            row = QWidget()
            layout = QHBoxLayout(row)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(combo, 1)
            layout.addWidget(shown)
            self.form.addRow(domain.label, row)
            self.combos[domain] = combo
            self.previous_labels[domain] = shown
        first = self.combos[ZrmDomain.FINANCIEN]
        self.add_error_row("zrm", first)
        self.copy_button = QPushButton(COPY)
        self.copy_button.setEnabled(bool(previous))
        self.copy_button.clicked.connect(self.copy_previous)
        self.buttons.addButton(self.copy_button, self.buttons.ButtonRole.ResetRole)
        self.add_correction_rows()
        first.setFocus()

    def scores(self) -> dict[ZrmDomain, int]:
        return {
            domain: int(combo.currentData())
            for domain, combo in self.combos.items()
            if int(combo.currentData())
        }

    def set_score(self, domain: ZrmDomain, score: int | None) -> None:
        combo = self.combos[domain]
        combo.setCurrentIndex(max(combo.findData(score or 0), 0))

    def copy_previous(self) -> None:
        for domain, score in self.previous.items():
            self.set_score(domain, score)

    def problems(self) -> dict[str, str]:
        problems = super().problems()
        if not self.scores():
            problems["zrm"] = NONE_CHOSEN
        return problems

    def prefill(self, entry: TimelineEntry) -> None:
        for domain in ZrmDomain:
            self.set_score(domain, entry.values.zrm.get(domain))

    def job(self, replace_same_day: bool = False) -> Job:
        if self.correcting is not None:
            return store_call(
                correct_zrm,
                self.corrected_id(),
                self.correction_reason(),
                self.on_date(),
                self.scores(),
            )
        return store_call(
            score_zrm,
            self.case_id,
            self.on_date(),
            self.scores(),
            replace_same_day=replace_same_day,
        )

    def handle_failure(self, exc: BaseException) -> bool:
        """A day that has a score: ask, and on yes save again replacing it."""
        if not isinstance(exc, ZrmSameDayNeedsConfirmation):
            return False
        if messages.confirm(self, SAME_DAY_TITLE, exc.message):
            self.submit(self.job(replace_same_day=True))
        return True
