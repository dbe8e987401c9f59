"""Bewaartermijnen on screen: the terms with their sources, saved as team settings, and the
review that lists what is due and removes it only after a team lead confirms."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from bemoeizorg.casework import cases, retention
from bemoeizorg.casework.retention import DueCase, DueReport, RetentionReview
from bemoeizorg.domain.people import Role
from bemoeizorg.domain.retention import RetentionPolicy
from bemoeizorg.domain.vocabulary import Outcome
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import Case
from bemoeizorg.ui.models.retention_model import REPORT, REPORTER, due_items
from bemoeizorg.ui.views.settings_retention_page import RetentionPage
from bemoeizorg.ui.views.settings_view import SettingsView
from tests.builders import days_ago as ago
from tests.builders import new_case

LEFT = Qt.MouseButton.LeftButton


def test_terms_shown_with_their_sources_and_saved(qtbot, unlocked_session) -> None:
    view = SettingsView(unlocked_session)
    qtbot.addWidget(view)
    view.show()  # a page reads when shown (issue 16)
    view.show_page("Bewaartermijnen")
    page = view.retention_page
    assert view.pages.currentWidget() is page
    texts = " ".join(label.text() for label in page.findChildren(type(page.status)))
    assert "Wmo 2015" in texts and "WGBO" in texts and "NEN 7513" in texts
    assert page.spins["case_years"].value() == 15 and not page.save_button.isEnabled()
    page.spins["case_years"].setValue(20)
    qtbot.mouseClick(page.save_button, LEFT)
    assert retention.load_policy(unlocked_session.register) == RetentionPolicy(case_years=20)
    assert page.status.text() == "Opgeslagen."


def test_review_lists_due_cases_and_removes_after_confirming(
    qtbot, unlocked_session, scripted_messages
) -> None:
    register = unlocked_session.register
    # Closed sixteen years ago (the store's own tests move the clock with freezegun).
    old = new_case(register, family_name="Oudenbosch", opened_days_ago=17 * 366)
    cases.close_case(register, old, Outcome.TOEGELEID, ago(16 * 366))
    kept = new_case(register, family_name="Blijft")
    page = RetentionPage(unlocked_session)
    qtbot.addWidget(page)
    page.show()
    page.open_review()
    dialog = page.review_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.model.rowCount() == 1
    assert "1 afgesloten casus, langer dan 15 jaar geleden afgesloten: wordt met alles" in (
        dialog.summary.text()
    )
    # What goes is listed, by kind, number, municipality and date, never by name.
    row = [dialog.model.index(0, c).data() for c in range(dialog.model.columnCount())]
    with register.session() as s:
        number = s.get(Case, old).number
    assert row[:2] == ["Casus", number] and row[3] and "toegeleid naar zorg" in row[4]
    assert dialog.table.isVisibleTo(dialog)
    assert "Oudenbosch" not in " ".join(map(str, row)) + dialog.summary.text()
    assert not dialog.delete_button.isEnabled()  # not before the confirmation
    dialog.confirm_box.setChecked(True)
    assert dialog.delete_button.isEnabled()
    qtbot.mouseClick(dialog.delete_button, LEFT)
    assert dialog.removed is not None and dialog.removed.cases == 1
    assert scripted_messages[-1].title == "Verwijderd"
    with register.session() as s:
        assert s.get(Case, old) is None and s.get(Case, kept) is not None


def test_only_a_team_lead_can_confirm(qtbot, unlocked_session, tmp_path) -> None:
    register = unlocked_session.register
    old = new_case(register, opened_days_ago=17 * 366)
    cases.close_case(register, old, Outcome.VERHUISD, ago(16 * 366))
    register.add_user("Wim Werker", Role.BEMOEIZORGER, "Acht aapjes aten appels in Venlo")
    path = register.path
    unlocked_session.lock()
    worker = Register.unlock(path, "Wim Werker", "Acht aapjes aten appels in Venlo")
    unlocked_session.adopt(worker, "Team")
    page = RetentionPage(unlocked_session)
    qtbot.addWidget(page)
    page.open_review()
    dialog = page.review_dialog
    assert dialog is not None
    reason = "Alleen een teamleider kan gegevens volgens de bewaartermijnen verwijderen."
    assert not dialog.confirm_box.isEnabled() and dialog.confirm_box.toolTip() == reason
    dialog.confirm_box.setChecked(True)
    assert not dialog.delete_button.isEnabled()
    assert dialog.lead_note.isVisibleTo(dialog) and dialog.lead_note.text() == reason


def test_a_bemoeizorger_sees_the_terms_but_cannot_change_them(
    qtbot, unlocked_session, scripted_messages
) -> None:
    register = unlocked_session.register
    register.add_user("Wim Werker", Role.BEMOEIZORGER, "Acht aapjes aten appels in Venlo")
    retention.save_policy(register, RetentionPolicy(case_years=20))
    path = register.path
    unlocked_session.lock()
    worker = Register.unlock(path, "Wim Werker", "Acht aapjes aten appels in Venlo")
    unlocked_session.adopt(worker, "Team")
    page = RetentionPage(unlocked_session)
    qtbot.addWidget(page)
    page.show()
    reason = "Alleen een teamleider kan de bewaartermijnen wijzigen."
    assert page.spins["case_years"].value() == 20  # the team's terms, for everyone to see
    assert all(not spin.isEnabled() for spin in page.spins.values())
    assert page.spins["case_years"].toolTip() == reason
    assert page.reason.isVisible() and page.reason.text() == reason
    assert not page.save_button.isEnabled()
    assert page.review_button.isEnabled()  # looking at what is due is for everyone
    # Should a save be reached anyway, the store refuses it and says so; nothing is lost.
    page.spins["case_years"].setValue(18)
    page.save()
    assert scripted_messages[-1].kind == "error"
    assert "Alleen een teamleider mag de bewaartermijnen wijzigen" in scripted_messages[-1].text
    assert page.spins["case_years"].value() == 18
    assert retention.load_policy(worker).case_years == 20


def test_a_teamleider_sees_no_reason_lines(qtbot, unlocked_session) -> None:
    page = RetentionPage(unlocked_session)
    qtbot.addWidget(page)
    page.show()
    assert all(spin.isEnabled() for spin in page.spins.values())
    assert not page.reason.isVisible()


def test_every_kind_of_removal_has_its_own_row() -> None:
    """Meldingen without a case and wiped reporters were only counted; now each is a row."""
    review = RetentionReview(
        today=date(2026, 12, 1),
        policy=RetentionPolicy(),
        reporters=(7,),
        reporter_cases=("2019-0042",),
        cases=(DueCase(1, "2010-0003", "Venlo", date(2010, 5, 1), None),),
        reports=(DueReport(9, "Roermond", date(2019, 1, 2), date(2019, 1, 9)),),
        log_entries=0,
        log_before=date(2021, 12, 1),
    )
    items = due_items(review)
    assert [(i.kind, i.number) for i in items] == [
        ("Casus", "2010-0003"),
        (REPORT, "melding 9"),
        (REPORTER, "2019-0042"),
    ]
    assert items[1].day == date(2019, 1, 9) and items[1].municipality == "Roermond"
