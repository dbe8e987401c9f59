"""What happens inside a demo case: contacts in every phase, ZRM scores, measures (drang
and dwang), referrals, notes and actions, some of them overdue."""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import date, timedelta

from bemoeizorg.casework.bulk_events import CaseHistory, PlannedAction, PlannedEvent
from bemoeizorg.demo import data
from bemoeizorg.demo.cases import DemoCase
from bemoeizorg.domain.vocabulary import (
    ContactKind,
    EventKind,
    Measure,
    Outcome,
    ReferralTarget,
    ZrmDomain,
)

_MEASURE_CHANCES = {
    Measure.DRANG: 0.10,
    Measure.BESCHERMINGSBEWIND: 0.04,
    Measure.CRISISMAATREGEL: 0.03,
    Measure.ZORGMACHTIGING: 0.02,
    Measure.RECHTERLIJKE_MACHTIGING_WZD: 0.01,
}
_MEASURE_NOTES = {
    Measure.DRANG: "Afspraak met de woningcorporatie: huur blijft als hulp wordt aanvaard.",
    Measure.CRISISMAATREGEL: "Crisismaatregel na escalatie thuis.",
    Measure.ZORGMACHTIGING: "Zorgmachtiging afgegeven.",
}


def case_history(rng: random.Random, today: date, case: DemoCase) -> CaseHistory:
    life = _CaseLife(rng, today, case)
    life.build()
    return CaseHistory(tuple(life.events), tuple(life.actions))


class _CaseLife:
    def __init__(self, rng: random.Random, today: date, case: DemoCase) -> None:
        self.rng = rng
        self.today = today
        self.case = case
        self.end = case.closed_on or today
        self.events: list[PlannedEvent] = []
        self.actions: list[PlannedAction] = []

    def build(self) -> None:
        rng, case = self.rng, self.case
        binding = case.binden_on or self.end
        self._segment(case.opened_on, binding, data.CONTACT_WEIGHTS_FINDING, 0.15)
        first_score: date | None = None
        if case.binden_on is not None:
            # The contact that made the difference, on the day of the phase change.
            self._contact(case.binden_on, ContactKind.HUISBEZOEK, True)
            referring = case.toeleiden_on or self.end
            self._segment(case.binden_on, referring, data.CONTACT_WEIGHTS_BINDING, 0.75)
            first_score = case.binden_on + timedelta(days=rng.randint(10, 40))
            if first_score <= self.end:
                self._zrm(first_score, 0)
            self._measures(case.binden_on)
        if case.toeleiden_on is not None:
            self._segment(case.toeleiden_on, self.end, data.CONTACT_WEIGHTS_BINDING, 0.85)
            self._referrals(case.toeleiden_on)
            if case.closed_on is not None and case.closed_on != first_score:
                self._zrm(case.closed_on, 1 if case.outcome is Outcome.TOEGELEID else 0)
        if rng.random() < 0.2:
            self.events.append(
                PlannedEvent(
                    EventKind.NOTITIE,
                    self._day_between(case.opened_on, self.end),
                    note=rng.choice(data.NOTES),
                )
            )
        self._actions()

    def _day_between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def _contact(self, on_date: date, kind: ContactKind, made: bool) -> None:
        rng = self.rng
        if kind is ContactKind.NETWERKOVERLEG:
            with_whom, made = rng.choice(data.CONTACT_PARTNERS), True
        else:
            with_whom = "betrokkene" if made or rng.random() < 0.7 else "buurvrouw"
        note = rng.choice(data.NOTES) if rng.random() < 0.25 else ""
        self.events.append(
            PlannedEvent(
                EventKind.CONTACT,
                on_date,
                note=note,
                contact_kind=kind,
                contact_with=with_whom,
                contact_made=made,
            )
        )

    def _segment(
        self, start: date, end: date, weights: Mapping[ContactKind, int], made: float
    ) -> None:
        """Contacts from start until (not on) end, every one to four weeks."""
        rng = self.rng
        if end >= self.today and self.case.closed_on is None:
            # An open phase: recent contacts, and now and then a case left without any.
            quiet = rng.randint(35, 90) if rng.random() < 0.15 else 0
            end = self.today - timedelta(days=quiet)
            start = max(start, end - timedelta(days=150))
        day = start + timedelta(days=rng.randint(0, 6))
        while day < end:
            self._contact(day, data.weighted(rng, weights), rng.random() < made)
            day += timedelta(days=rng.randint(6, 28))

    def _zrm(self, on_date: date, better: int) -> None:
        rng = self.rng
        low = {d for c in self.case.concerns for d in data.ZRM_BY_CONCERN[c]}
        scores: list[tuple[ZrmDomain, int]] = []
        for domain in ZrmDomain:
            score = rng.randint(1, 2) if domain in low else rng.randint(3, 4)
            scores.append((domain, min(5, score + better)))
        self.events.append(PlannedEvent(EventKind.ZRM, on_date, scores=tuple(scores)))

    def _measures(self, since: date) -> None:
        rng = self.rng
        for measure, chance in _MEASURE_CHANCES.items():
            if rng.random() < chance:
                self.events.append(
                    PlannedEvent(
                        EventKind.MAATREGEL,
                        self._day_between(since, self.end),
                        note=_MEASURE_NOTES.get(measure, ""),
                        measure=measure,
                    )
                )

    def _referrals(self, since: date) -> None:
        rng, case = self.rng, self.case
        targets = sorted({t for c in case.concerns for t in data.REFERRALS[c]})
        chosen = rng.sample(targets, k=min(len(targets), rng.choice((1, 1, 2))))
        for number, target in enumerate(chosen, start=1):
            last = number == len(chosen)
            accepted: bool | None
            if case.closed_on is None:
                accepted = None if last else rng.random() < 0.6
            elif case.outcome in (Outcome.TOEGELEID, Outcome.OVERGEDRAGEN):
                accepted = True if last else rng.random() < 0.5
            else:
                accepted = False
            self.events.append(
                PlannedEvent(
                    EventKind.DOORVERWIJZING,
                    self._day_between(since, self.end),
                    referral_target=ReferralTarget(target),
                    referral_accepted=accepted,
                )
            )

    def _actions(self) -> None:
        rng, case = self.rng, self.case
        responsible = case.owner.name if case.owner else ""
        for description in rng.sample(data.ACTIONS, k=rng.randint(1, 3)):
            due = self._day_between(case.opened_on + timedelta(days=7), self.end)
            done: date | None = min(self.end, due + timedelta(days=rng.randint(-5, 3)))
            if case.closed_on is None:
                if due > self.today - timedelta(days=21) or rng.random() < 0.3:
                    # Still to do: some due soon, some past due.
                    done = None
                    if rng.random() < 0.6:
                        due = self.today + timedelta(days=rng.randint(1, 30))
            self.actions.append(
                PlannedAction(
                    description,
                    responsible if rng.random() < 0.8 else "wijkagent",
                    due,
                    max(done, case.opened_on) if done else None,
                )
            )
