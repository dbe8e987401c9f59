"""Every view reads only when it is shown (issue 16): a change told while a view is hidden
marks it stale and reads nothing; showing it reads. One mechanism (RegisterView.reload), so
one test walks every view there is."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

from bemoeizorg.ui import views
from bemoeizorg.ui.register_session import RegisterSession, Topic
from bemoeizorg.ui.views.register_view import RegisterView
from bemoeizorg.ui.views.report_list_panel import ReportListKind, ReportListPanel

# Views whose constructor asks more than the session; every other view is made as View(session).
MADE_SO: dict[type[RegisterView], Callable[[RegisterSession], RegisterView]] = {
    ReportListPanel: lambda session: ReportListPanel(session, ReportListKind.WAITING),
}


def every_view() -> list[type[RegisterView]]:
    """Every concrete RegisterView in bemoeizorg.ui (a class of its own `build`)."""
    for module in pkgutil.iter_modules(views.__path__):
        importlib.import_module(f"{views.__name__}.{module.name}")
    found: list[type[RegisterView]] = []
    todo = list(RegisterView.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.build is not RegisterView.build and cls.__module__.startswith("bemoeizorg."):
            found.append(cls)
    return sorted(found, key=lambda c: c.__qualname__)


def test_no_view_reads_while_hidden_and_each_reads_when_shown(qtbot, unlocked_session) -> None:
    classes = every_view()
    # The views the issue names must be among them, or the walk above found too little.
    names = {cls.__name__ for cls in classes}
    assert {"LogView", "CaseListView", "MyWorkView", "CaseView", "TeamPage"} <= names, names
    for cls in classes:
        made = MADE_SO.get(cls, cls)
        view = made(unlocked_session)
        qtbot.addWidget(view)
        reads: list[str] = []
        real_load = view.load

        def counted(real: Callable[[], None] = real_load, into: list[str] = reads) -> None:
            into.append("load")  # counts the reads; the view's own load still runs
            real()

        view.load = counted  # type: ignore[method-assign]
        assert not view.isVisible()
        for topic in Topic:
            unlocked_session.data_changed.emit(topic)
        assert reads == [], f"{cls.__name__} read while hidden"
        view.show()
        qtbot.waitExposed(view)
        assert reads == ["load"], f"{cls.__name__} did not read once when shown: {reads}"
        # Hidden again (another tab chosen), it waits once more.
        view.hide()
        for topic in Topic:
            unlocked_session.data_changed.emit(topic)
        assert reads == ["load"], f"{cls.__name__} read while hidden again"
        view.close()
