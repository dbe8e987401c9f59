"""What the retention rules would remove, one row per thing: a closed case (with all that
belongs to it), a melding without a case, a reporter's details to wipe. Case number, kind,
municipality and date only: never a name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from typing import Any

from bemoeizorg.casework.retention import RetentionReview
from bemoeizorg.domain.formats import date_text
from bemoeizorg.ui.models.row_table import RowTableModel

CASE = "Casus"
REPORT = "Melding zonder casus"
REPORTER = "Gegevens van de melder"
CASE_WHAT = "met alles erbij verwijderd (uitkomst: {outcome})"
CASE_WHAT_NO_OUTCOME = "met alles erbij verwijderd"
REPORT_WHAT = "verwijderd"
REPORTER_WHAT = "naam, organisatie en bereikbaarheid gewist"


class DueColumn(IntEnum):
    KIND = 0
    NUMBER = 1
    MUNICIPALITY = 2
    DATE = 3
    WHAT = 4


HEADERS = {
    DueColumn.KIND: "Soort",
    DueColumn.NUMBER: "Nummer",
    DueColumn.MUNICIPALITY: "Gemeente",
    DueColumn.DATE: "Afgesloten of beoordeeld op",
    DueColumn.WHAT: "Wat er gebeurt",
}


@dataclass(frozen=True, slots=True)
class DueItem:
    kind: str
    number: str
    municipality: str
    day: date | None
    what: str


def due_items(review: RetentionReview) -> list[DueItem]:
    """Every row of the review, cases first, each kind in date order."""
    items = [
        DueItem(
            CASE,
            c.number,
            c.municipality,
            c.closed_on,
            CASE_WHAT.format(outcome=c.outcome.label.lower())
            if c.outcome
            else CASE_WHAT_NO_OUTCOME,
        )
        for c in review.cases
    ]
    items += [
        DueItem(
            REPORT,
            f"melding {r.report_id}",
            r.municipality,
            r.triaged_on or r.received_on,
            REPORT_WHAT,
        )
        for r in review.reports
    ]
    # The review keeps only the numbers of the cases (or meldingen) whose reporter goes.
    items += [
        DueItem(REPORTER, number, "", None, REPORTER_WHAT) for number in review.reporter_cases
    ]
    return items


class DueItemModel(RowTableModel[DueItem]):
    columns = DueColumn
    headers = HEADERS

    def display(self, item: DueItem, column: Any) -> str:
        match column:
            case DueColumn.KIND:
                return item.kind
            case DueColumn.NUMBER:
                return item.number
            case DueColumn.MUNICIPALITY:
                return item.municipality
            case DueColumn.DATE:
                return date_text(item.day) if item.day else ""
            case _:
                return item.what

    def sort_key(self, item: DueItem, column: Any) -> str | int:
        if column == DueColumn.DATE:
            return item.day.isoformat() if item.day else ""
        return self.display(item, column).casefold()
