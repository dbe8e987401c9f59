"""Who is this person? While the person is typed in Nieuwe melding, the register is asked
(debounced, on the worker) for people who may be the same; the match panel shows them.
Choosing one reads that person, for the form to show as chosen.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from bemoeizorg.casework import persons
from bemoeizorg.casework.persons import PersonMatch, PersonSummary
from bemoeizorg.ui.jobs import ignore_error
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.widgets.match_panel import MatchPanel
from bemoeizorg.ui.widgets.person_fields import PersonFields

MATCH_DELAY_MS = 300


class PersonMatching(QObject):
    person_read = Signal(object)  # PersonSummary, or None when no longer in the register

    def __init__(
        self,
        session: RegisterSession,
        person: PersonFields,
        panel: MatchPanel,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._person = person
        self._panel = panel
        self._seq = 0  # the newest look-up; older answers are dropped
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(MATCH_DELAY_MS)
        self.timer.timeout.connect(self.look)
        panel.chosen.connect(self.choose)

    def look(self) -> None:
        """Ask the register (on the worker) who this person might be."""
        self.timer.stop()
        if self._person.chosen is not None:
            return
        self._seq += 1
        seq = self._seq
        p = self._person.value("")
        if not (len(p.family_name) >= 2 or len(p.alias) >= 2 or p.birth_date or p.bsn):
            self._panel.show_matches([], searched=False)
            return

        def done(matches: list[PersonMatch]) -> None:
            if seq == self._seq and self._person.chosen is None:  # the latest answer only
                self._panel.show_matches(matches)

        self._session.call(
            lambda r: persons.find_matches(
                r, p.family_name, p.prefix, p.given_names, p.birth_date, p.bsn, p.alias
            ),
            done,
            ignore_error,  # a failed look-up only means no suggestions
        )

    def choose(self, match: PersonMatch) -> None:
        self.read_person(match.person_id)

    def read_person(self, person_id: int) -> None:
        """Read the chosen person (also the one a draft had chosen) for person_read."""
        self._session.call(lambda r: persons.person_summary(r, person_id), self._read)

    def _read(self, summary: PersonSummary | None) -> None:
        if summary is not None:
            self._seq += 1  # an answer still on its way is no longer wanted
            self._panel.setEnabled(False)
        self.person_read.emit(summary)

    def start_again(self) -> None:
        """Not the chosen one after all: a new person is typed (the text stays to edit)."""
        self._person.clear_chosen()
        self._panel.setEnabled(True)
