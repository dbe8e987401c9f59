"""Jaarcijfers on screen: the published tables with "<5", the chart, the period choices,
the threshold (team policy in the register: a teamleider changes it, logged; a
bemoeizorger sees it disabled with the reason), exports and merging through the view;
nothing before unlock or after lock."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from bemoeizorg.casework import team_policy
from bemoeizorg.casework.publications import publications
from bemoeizorg.domain.people import Role
from bemoeizorg.domain.suppression import REGION
from bemoeizorg.exports.counts import Period, compute_counts
from bemoeizorg.exports.counts_export import export_counts
from bemoeizorg.settings import DeviceSettings
from bemoeizorg.store.register import Register
from bemoeizorg.ui.jobs import JobRunner
from bemoeizorg.ui.models.published_table_model import HIDDEN_ROLE, VALUE_ROLE
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.views.counts_view import (
    CANCELLED,
    COUNTING,
    NOTHING_EARLIER,
    OWN_PERIOD,
    PER_MUNICIPALITY,
    CountsView,
)
from tests.builders import LEAD, OTHER, TEAM, YEAR, counts_register, log_entries
from tests.ui.helpers import settings_entries

MEMBER = "Bram Janssen"


@pytest.fixture(scope="module")
def counts_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated year (seed 5, 70 reports), built once for the module, locked."""
    path = tmp_path_factory.mktemp("jaarcijfers") / "team.bzregister"
    register, _specs = counts_register(path, seed=5, count=70, team=TEAM)
    register.add_user(MEMBER, Role.BEMOEIZORGER, OTHER)
    register.lock()
    return path


@pytest.fixture
def register(open_copy, counts_file: Path) -> Register:
    """Each test its own copy: the view logs its exports in it."""
    return open_copy(counts_file)


@pytest.fixture
def view(qtbot, unlocked_session: RegisterSession, register: Register) -> CountsView:
    widget = CountsView(unlocked_session)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.year_spin.setValue(YEAR)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def shown(view: CountsView) -> dict[tuple[str, str], str]:
    model = view.model
    table = model.table
    assert table is not None
    return {
        (table.row_keys[r], table.column_keys[c - 1]): str(model.index(r, c).data())
        for r in range(model.rowCount())
        for c in range(1, model.columnCount())
    }


def test_the_screen_shows_what_will_be_published(view: CountsView, register: Register) -> None:
    assert view.publication is not None
    assert view.table_list.count() == len(view.publication.tables)
    assert view.table_list.item(0).text() == "Meldingen per gemeente"
    cells = shown(view)
    truth = compute_counts(register, Period.year(YEAR))
    received = sum(truth.table("meldingen").values.values())
    assert cells[(REGION, "meldingen")] == str(received)
    assert all(not (text.isdigit() and 0 < int(text) < 5) for text in cells.values())
    assert "." in cells.values()
    hidden = [
        view.model.index(r, c)
        for r in range(view.model.rowCount())
        for c in range(1, view.model.columnCount())
        if view.model.index(r, c).data(HIDDEN_ROLE)
    ]
    assert hidden and all(i.data(VALUE_ROLE) is None for i in hidden)  # no number behind "."
    assert view.model.index(0, 0).data() == "Beesel"  # the municipality totals come first
    assert "ontvangen in de periode" in view.note.text()  # its definition beside it
    assert str(received) in view.status.text()
    # The chart draws what is published: the quarter table, per subregion, one bar per
    # quarter, withheld ones not drawn.
    quarters = view.publication.table("kwartalen")
    assert view.chart.groups == ["Noord-Limburg", "Midden-Limburg"]
    assert len(view.chart.series) == 4
    subregions = ("sub:Noord-Limburg", "sub:Midden-Limburg")
    for group, key in zip(view.chart.values, subregions, strict=True):
        cells = [quarters.cell(key, c) for c in quarters.column_keys[:4]]
        assert group == [None if c.hidden else c.value for c in cells]
    assert '"."' in view.chart.note


def test_quarter_and_own_period(view: CountsView, register: Register) -> None:
    view.part_combo.setCurrentIndex(2)  # Kwartaal 2
    assert view.period() == Period.quarter(YEAR, 2)
    assert view.publication is not None and view.publication.counts.period == view.period()
    assert not view.from_edit.isEnabled()
    view.part_combo.setCurrentIndex(OWN_PERIOD)
    assert view.from_edit.isEnabled() and not view.year_spin.isEnabled()
    assert view.period() == Period.quarter(YEAR, 2)  # starts from what was shown
    view.table_list.setCurrentRow(1)  # by triage
    assert view.model.table is not None and view.model.table.table.key == "meldingen"


def test_a_teamleider_changes_the_threshold_in_the_register(view, register) -> None:
    assert view.threshold_spin.isEnabled() and view.threshold_spin.value() == 5
    assert not view.threshold_reason.isVisible()
    before = settings_entries(register)
    view.threshold_spin.setValue(10)
    assert team_policy.counts_threshold(register) == 10  # the team's policy, not this laptop's
    assert settings_entries(register) == before + 1
    cells = shown(view)
    assert all(not (t.isdigit() and 0 < int(t) < 10) for t in cells.values())
    assert "." in cells.values()
    assert view.publication is not None and view.publication.threshold == 10


def test_a_bemoeizorger_sees_the_threshold_but_cannot_change_it(
    qtbot, open_copy, counts_file: Path, scripted_messages
) -> None:
    lead = open_copy(counts_file)
    team_policy.set_counts_threshold(lead, 7)
    path = lead.path
    lead.lock()
    member = Register.unlock(path, MEMBER, OTHER)
    session = RegisterSession(JobRunner(inline=True), DeviceSettings())
    session.adopt(member, TEAM)
    try:
        view = CountsView(session)
        qtbot.addWidget(view)
        view.year_spin.setValue(YEAR)
        view.show()
        qtbot.waitExposed(view)
        assert view.threshold_spin.value() == 7 and not view.threshold_spin.isEnabled()
        reason = "Alleen een teamleider kan de drempel voor kleine aantallen wijzigen."
        assert view.threshold_reason.isVisible() and view.threshold_reason.text() == reason
        assert reason in view.threshold_spin.toolTip()
        assert "." in shown(view).values()
        assert view.publication is not None and view.publication.threshold == 7
        # Should the control be reached anyway, the store refuses and the screen goes back.
        view._threshold_changed(2)
        assert scripted_messages[-1].kind == "error"
        assert "Alleen een teamleider mag" in scripted_messages[-1].text
        assert view.threshold_spin.value() == 7
        assert team_policy.counts_threshold(member) == 7
    finally:
        session.lock()


def test_export_team_file_and_merge(view: CountsView, register: Register, tmp_path: Path):
    before = len(log_entries(register))
    out = tmp_path / "cijfers.xlsx"
    view.export_to(out)
    assert openpyxl.load_workbook(out).sheetnames[0] == "Toelichting"
    team = tmp_path / "team.json"
    view.make_team_file(team)
    assert team.exists()
    merged = tmp_path / "samen.csv"
    view.merge_files([team], merged)
    assert merged.read_text("utf-8-sig").startswith("periode;van;tot;tabel;gebied;code;")
    assert log_entries(register)[before:] == [("exporteren", None)] * 3


def test_a_bad_team_file_gets_a_dutch_message(view, tmp_path, scripted_messages) -> None:
    bad = tmp_path / "iets.json"
    bad.write_text("[]", "utf-8")
    view.merge_files([bad], tmp_path / "uit.xlsx")
    assert scripted_messages[-1].kind == "error"
    assert "geen teambestand" in scripted_messages[-1].text
    assert not (tmp_path / "uit.xlsx").exists()


def test_lock_clears_the_numbers(view: CountsView, unlocked_session) -> None:
    assert view.model.rowCount() > 0
    unlocked_session.lock()
    assert view.model.rowCount() == 0 and view.table_list.count() == 0
    assert not view.export_button.isEnabled()


def test_own_period_typed_in_the_date_fields(qtbot, view: CountsView) -> None:
    view.part_combo.setCurrentIndex(OWN_PERIOD)
    view.from_edit.setText(f"01-02-{YEAR}")
    view.from_edit.editingFinished.emit()  # as leaving the field does
    view.to_edit.setText(f"3103{YEAR}")
    view.to_edit.editingFinished.emit()
    assert view.to_edit.text() == f"31-03-{YEAR}"  # shown as understood
    assert view.publication is not None
    assert view.publication.counts.period == Period(date(YEAR, 2, 1), date(YEAR, 3, 31))
    view.to_edit.setText(f"01-01-{YEAR}")  # before the start: said, nothing counted
    view.to_edit.editingFinished.emit()
    assert "vóór de begindatum" in view.status.text()
    assert view.publication.counts.period.end.month == 3


def test_progress_is_shown_and_annuleren_stops_the_export(
    view: CountsView, register: Register, tmp_path: Path, scripted_messages
) -> None:
    """Published elsewhere since the screen counted: the export withholds again, with a
    progress bar; Annuleren during the analyst's work stops it, and nothing is written or
    logged."""
    export_counts(register, Period.year(YEAR), tmp_path / "eerder.csv", 5)
    before, published = len(log_entries(register)), len(publications(register))
    seen: list[tuple[str, bool, bool]] = []

    def press_annuleren(text: str) -> None:
        assert not view.export_button.isEnabled()  # one export at a time
        seen.append((text, view.progress.isVisible(), view.cancel_button.isVisible()))
        if "berekeningen" in text:
            view.cancel_button.click()

    view.progress_shown.connect(press_annuleren)
    out = tmp_path / "cijfers.xlsx"
    view.export_to(out)
    assert seen[0] == (COUNTING, True, True)
    assert "berekeningen" in seen[-1][0]
    assert not out.exists()
    assert len(log_entries(register)) == before and len(publications(register)) == published
    assert view.status.text() == CANCELLED and scripted_messages == []
    assert not view.progress.isVisible() and not view.cancel_button.isVisible()
    assert view.export_button.isEnabled()  # the screen's numbers are still there to export


def test_annuleren_while_counting_leaves_no_numbers_of_another_period(view: CountsView):
    def press_annuleren(text: str) -> None:
        if "berekeningen" in text:
            view.cancel_button.click()

    view.progress_shown.connect(press_annuleren)
    view.part_combo.setCurrentIndex(1)  # Kwartaal 1
    assert view.status.text() == CANCELLED
    assert view.publication is None and view.model.rowCount() == 0
    assert not view.export_button.isEnabled()
    view.progress_shown.disconnect(press_annuleren)
    view.reload()
    assert view.publication is not None and view.publication.counts.period == view.period()


def test_per_gemeente_publishes_the_breakdowns_per_municipality(view: CountsView) -> None:
    view.table_list.setCurrentRow(1)  # Meldingen en beoordeling
    areas = [view.model.index(r, 0).data() for r in range(view.model.rowCount())]
    assert areas == ["Noord-Limburg", "Midden-Limburg", "Noord- en Midden-Limburg"]
    view.shape_combo.setCurrentIndex(PER_MUNICIPALITY)
    assert view.publication is not None and view.publication.per_municipality
    assert view.table_list.currentRow() == 1
    areas = [view.model.index(r, 0).data() for r in range(view.model.rowCount())]
    assert "Beesel" in areas and "Roermond" in areas and "Noord-Limburg" in areas
    assert "." in shown(view).values()


def test_earlier_publications_are_listed_and_taken_along(
    view: CountsView, register: Register, tmp_path: Path, scripted_messages
) -> None:
    assert [view.earlier_list.item(i).text() for i in range(view.earlier_list.count())] == [
        NOTHING_EARLIER
    ]
    view.export_to(tmp_path / "jaar.xlsx")
    assert scripted_messages[-1].kind == "info"
    assert view.earlier_list.count() == 1
    line = view.earlier_list.item(0).text()
    assert line.startswith(f"{YEAR} (01-01-{YEAR} tot en met 31-12-{YEAR}), op ")
    assert f"door {LEAD}" in line and "per subregio" in line and line.endswith("(meegenomen)")
    assert "Gemeenten" in view.earlier_list.item(0).toolTip()
    assert f"Samen beschermd met de eerdere publicaties over: {YEAR}." in view.explanation.text()
    view.part_combo.setCurrentIndex(1)  # its first quarter: protected together with the year
    assert view.earlier_list.item(0).text().endswith("(meegenomen)")
    assert f"over: {YEAR}." in view.explanation.text()
    view.year_spin.setValue(YEAR - 2)  # an unrelated period: listed, not taken along
    assert view.earlier_list.count() == 1
    assert not view.earlier_list.item(0).text().endswith("(meegenomen)")
    assert "Samen beschermd" not in view.explanation.text()
