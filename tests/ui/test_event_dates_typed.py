"""Issue 14, finding 2, in every dialog that dates a line of the timeline: phase change,
referral, note, drang/dwang, closing and ZRM type their date the Dutch way with real keys
(the contact and action dialogs are in test_date_fields). "Today" is 2 December 2026, as
there: 28 November lies before today's day of the month, 3 December after it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from bemoeizorg.domain import formats
from bemoeizorg.domain.vocabulary import Phase
from bemoeizorg.store.register import Register
from bemoeizorg.ui.dialogs.case_event_dialog import CaseEventDialog
from bemoeizorg.ui.dialogs.close_case_dialog import CloseCaseDialog
from bemoeizorg.ui.dialogs.measure_dialog import MeasureDialog
from bemoeizorg.ui.dialogs.note_dialog import NoteDialog
from bemoeizorg.ui.dialogs.phase_dialog import PhaseDialog
from bemoeizorg.ui.dialogs.referral_dialog import ReferralDialog
from bemoeizorg.ui.dialogs.zrm_dialog import ZrmDialog
from bemoeizorg.ui.register_session import RegisterSession
from tests.builders import new_case
from tests.ui.helpers import retype

DECEMBER_2 = date(2026, 12, 2)
OPENED = date(2026, 11, 1)
FUTURE = "Deze datum ligt in de toekomst."
Factory = Callable[[RegisterSession, int], CaseEventDialog]

DIALOGS: dict[str, Factory] = {
    "fasewissel": lambda s, c: PhaseDialog(s, c, Phase.VINDEN, OPENED, opened_on=OPENED),
    "doorverwijzing": lambda s, c: ReferralDialog(s, c, earliest=OPENED),
    "notitie": lambda s, c: NoteDialog(s, c, earliest=OPENED),
    "drang en dwang": lambda s, c: MeasureDialog(s, c, earliest=OPENED),
    "afsluiten": lambda s, c: CloseCaseDialog(s, c, earliest=OPENED),
    "zrm": lambda s, c: ZrmDialog(s, c, earliest=OPENED),
}


@pytest.fixture
def december_2(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(formats, "today", lambda: DECEMBER_2)
    return DECEMBER_2


@pytest.mark.parametrize("which", list(DIALOGS))
def test_every_event_date_types_the_dutch_way(
    qtbot, december_2, unlocked_session: RegisterSession, register: Register, which: str
) -> None:
    case_id = new_case(register)
    dialog = DIALOGS[which](unlocked_session, case_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    field = dialog.date_edit
    assert field is not None
    error = dialog.errors["on_date"]
    assert field.text() == "02-12-2026"  # today to begin with
    for typed, shown, day in (
        ("28112026", "28-11-2026", date(2026, 11, 28)),  # gave 02-08-2026 in the old field
        ("1-12", "01-12-2026", date(2026, 12, 1)),  # before today's day of the month
        ("2811", "28-11-2026", date(2026, 11, 28)),  # this year, a day number after today's
        ("28/11/26", "28-11-2026", date(2026, 11, 28)),
    ):
        retype(qtbot, field, typed)
        assert (field.text(), field.value()) == (shown, day), typed
        assert not error.isVisible(), typed
    retype(qtbot, field, "3-12")  # after today's day of the month: in the future
    assert field.text() == "03-12-2026" and error.text() == FUTURE
    retype(qtbot, field, "29-02-2026")
    assert field.value() is None and field.text() == "29-02-2026"
    assert error.text() == "De datum 29-02-2026 bestaat niet. 2026 is geen schrikkeljaar."
    retype(qtbot, field, "31-10")  # before the case was opened (or its phase began)
    assert error.text().startswith("Deze datum ligt vóór ") and "(01-11-2026)" in error.text()
    dialog.reject()
