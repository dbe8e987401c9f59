"""Counted nouns as a user reads them: "1 casus", "2 casussen", "1.200 casussen", never
"1 casussen" or "1 verstrekkingen" (issue 15): every count goes through formats.counted."""

from __future__ import annotations

from bemoeizorg.casework.case_list import days_text
from bemoeizorg.sheets.reading import ImportResult
from bemoeizorg.ui.dialogs.import_dialog import result_text
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.views.case_list_view import count_text
from bemoeizorg.ui.views.log_view import LogView
from tests.builders import new_case
from tests.ui.test_disclosure_views import shared_in_a_pack


def test_the_case_list_counts_one_case_and_many() -> None:
    assert count_text(1, 1) == "1 casus"
    assert count_text(2, 2) == "2 casussen"
    assert count_text(0, 0) == "0 casussen"
    assert count_text(1200, 1200) == "1.200 casussen"
    assert count_text(1, None) == "1 casus getoond; de rest wordt geteld…"
    assert count_text(3, None) == "3 casussen getoond; de rest wordt geteld…"
    assert count_text(1, 4) == "1 van 4 casussen getoond"


def test_the_import_result_counts_each_noun() -> None:
    assert result_text(ImportResult(reports=1, persons=1, cases=1)) == (
        "Ingelezen: 1 melding, 1 nieuwe persoon en 1 nieuwe casus."
    )
    assert result_text(ImportResult(reports=2, persons=2, cases=2, skipped=1500)) == (
        "Ingelezen: 2 meldingen, 2 nieuwe personen en 2 nieuwe casussen. "
        "Al in het register en overgeslagen: 1.500."
    )


def test_days_one_and_many() -> None:
    assert (days_text(1), days_text(2), days_text(1000)) == ("1 dag", "2 dagen", "1.000 dagen")


def test_one_pack_line_reads_1_verstrekking(qtbot, unlocked_session: RegisterSession) -> None:
    register = unlocked_session.register
    assert register is not None
    shared_in_a_pack(register, [new_case(register, family_name="Mies")])
    view = LogView(unlocked_session)
    qtbot.addWidget(view)
    view.show()
    view.pages.setCurrentWidget(view.disclosure_view)
    assert view.disclosure_view.count_label.text() == "1 verstrekking"
