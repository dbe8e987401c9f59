"""The fields of Nieuwe melding on one scrolling page, and what they say together.

Left the report (date, municipality, urgency) and the person; right the people the person
may be and the reporter; below the concerns and the description. The form knows its value
(a ReportInput), its problems and its draft texts; when to show a problem, and what to do
with the value, is the dialog's.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from bemoeizorg.domain import formats
from bemoeizorg.domain.intake import ReportInput, report_problems
from bemoeizorg.ui.widgets.field_error import FieldError
from bemoeizorg.ui.widgets.match_panel import MatchPanel
from bemoeizorg.ui.widgets.person_fields import PersonFields
from bemoeizorg.ui.widgets.report_fields import ConcernFields, ReportFields
from bemoeizorg.ui.widgets.reporter_fields import ReporterFields


class IntakeForm(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = ReportFields()
        self.person = PersonFields()
        self.match_panel = MatchPanel()
        self.reporter = ReporterFields()
        self.concerns = ConcernFields()
        self.errors: dict[str, FieldError] = {
            **self.report.errors,
            **self.concerns.errors,
            **self.person.errors,
            "reporter_kind": self.reporter.kind_error,
        }

        left = QVBoxLayout()
        left.addWidget(self.report)
        left.addWidget(self.person)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.match_panel, 1)
        right.addWidget(self.reporter)
        top = QHBoxLayout()
        top.addLayout(left, 1)
        top.addLayout(right, 1)
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.addLayout(top)
        content_layout.addWidget(self.concerns, 1)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from field to field only
        self.setWidget(content)

    def tab_chain(self) -> list[QWidget]:
        return [
            *self.report.tab_chain(),
            *self.person.tab_chain(),
            self.match_panel.list,
            self.match_panel.choose_button,
            *self.reporter.tab_chain(),
            *self.concerns.tab_chain(),
        ]

    def field_for(self, problem: str) -> QWidget:
        """Where the user fixes this problem."""
        return (
            {
                "municipality_code": self.report.municipality_combo,
                "reporter_kind": self.reporter.kind_combo,
                "concerns": self.concerns.concern_list,
                "description": self.concerns.description_edit,
            }.get(problem)
            or self.person.edits.get(problem)
            or self.report.received_edit
        )

    # --- the value -----------------------------------------------------------------------

    def value(self) -> ReportInput:
        chosen = self.person.chosen
        municipality_code = self.report.municipality_code()
        received_on = self.report.received_on()
        return ReportInput(
            # A stand-in only to judge the other fields: `problems` then names the date
            # field, so the dialog saves nothing until a right date is typed or chosen.
            received_on=received_on if received_on is not None else date.min,
            municipality_code=municipality_code,
            reporter=self.reporter.value(),
            person=None if chosen else self.person.value(municipality_code),
            person_id=chosen.person_id if chosen else None,
            concerns=self.concerns.concerns(),
            description=self.concerns.description(),
            urgency=self.report.urgency(),
        )

    def problems(self) -> dict[str, str]:
        """Field name -> Dutch problem, for every field (shown or not)."""
        problems = report_problems(self.value(), formats.today())
        if "person" in problems:
            problems["family_name"] = problems.pop("person")
        if "birth_year_estimate" in problems:
            problems.setdefault("birth_date", problems.pop("birth_year_estimate"))
        problems.update(self.report.problems())  # the date field's own sentence wins
        problems.update(self.person.problems())
        if reporter_problem := self.reporter.problem():
            problems["reporter_kind"] = reporter_problem
        return problems

    def has_content(self) -> bool:
        """Has the user typed or chosen anything worth keeping?"""
        return bool(
            self.person.chosen is not None
            or self.person.has_text()
            or self.reporter.has_text()
            or self.concerns.has_text()
        )

    # --- draft texts -----------------------------------------------------------------------

    def fields(self) -> dict[str, Any]:
        chosen = self.person.chosen
        return {
            **self.person.texts(),
            **self.reporter.fields(),
            **self.report.fields(),
            "person_id": chosen.person_id if chosen else None,
            **self.concerns.fields(),
        }

    def restore(self, fields: dict[str, Any]) -> None:
        """Fill the fields from a draft (a chosen person is the dialog's to read)."""
        self.person.set_texts(fields)
        self.report.restore(fields)
        self.reporter.restore(fields)
        self.concerns.restore(fields)
