"""The cases of the demo register in outline: who holds them, when they move from phase to
phase, and how and when they close."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bemoeizorg.demo import data
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.team import TeamMemberData
from bemoeizorg.domain.vocabulary import Concern, Outcome, Phase

# Which phases after vinden a case with this outcome reached, one drawn.
_REACHES: dict[Outcome | None, tuple[int, ...]] = {
    Outcome.NIET_GEVONDEN: (0,),
    Outcome.GEEN_BEMOEIZORG_NODIG: (0, 1),
    Outcome.ZORG_GEWEIGERD: (1, 1, 2),
    Outcome.TOEGELEID: (2,),
    Outcome.OVERGEDRAGEN: (1, 2),
}


@dataclass(slots=True)
class DemoCase:
    """A case in outline; `person` and `reports` are indexes into the history."""

    person: int
    reports: list[int]
    opened_on: date
    specialism: Specialism
    owner: TeamMemberData | None
    concerns: set[Concern]
    binden_on: date | None = None
    toeleiden_on: date | None = None
    closed_on: date | None = None
    outcome: Outcome | None = None

    def active_on(self, day: date) -> bool:
        return self.opened_on <= day and (self.closed_on is None or day <= self.closed_on)

    @property
    def phase(self) -> Phase:
        if self.toeleiden_on is not None:
            return Phase.TOELEIDEN
        return Phase.BINDEN if self.binden_on is not None else Phase.VINDEN


def choose_owner(
    rng: random.Random,
    team: Sequence[TeamMemberData],
    specialism: Specialism,
    opened: date,
    today: date,
) -> TeamMemberData | None:
    """A team member of the case's specialism; a recent case only goes to an active one."""
    recent = (today - opened).days < 540
    pool = [m for m in team if m.specialism is specialism and (m.active or not recent)] or [
        m for m in team if m.active
    ]
    return rng.choice(pool) if pool else None


def decide_fate(
    rng: random.Random,
    case: DemoCase,
    today: date,
    *,
    outcome: Outcome | None = None,
    close_on: date | None = None,
    long_running: bool = False,
) -> None:
    """How the case goes: phase dates, closing and outcome (cut off at today)."""
    if outcome is None and not long_running:
        outcome = data.weighted(rng, data.OUTCOME_WEIGHTS)
    reach = rng.choice(_REACHES.get(outcome, (0, 1, 2)))
    finding = rng.randint(45, 150) if outcome is Outcome.NIET_GEVONDEN else rng.randint(7, 90)
    spans = [finding, rng.randint(30, 180), rng.randint(20, 120)][: reach + 1]
    if long_running:
        spans[-1] = rng.randint(400, 900)
    if close_on is not None:
        total = max(0, (close_on - case.opened_on).days)
        scale = total / sum(spans)
        spans = [int(s * scale) for s in spans]
        spans[-1] = total - sum(spans[:-1])
    day = case.opened_on
    case.binden_on = case.toeleiden_on = None
    for phase_index, span in enumerate(spans):
        if phase_index == 1:
            case.binden_on = day
        elif phase_index == 2:
            case.toeleiden_on = day
        day += timedelta(days=span)
    case.closed_on, case.outcome = (None, None) if long_running else (day, outcome)
    # Whatever lies after today has not happened yet.
    if case.closed_on is not None and case.closed_on > today:
        case.closed_on = case.outcome = None
    if case.toeleiden_on is not None and case.toeleiden_on > today:
        case.toeleiden_on = None
    if case.binden_on is not None and case.binden_on > today:
        case.binden_on = case.toeleiden_on = None


def reopen_in(case: DemoCase, phase: Phase, today: date) -> None:
    """A closed case made open again in `phase`, its phases spread evenly until today."""
    span = (today - case.opened_on).days
    case.closed_on = case.outcome = None
    case.binden_on = case.opened_on + timedelta(days=span // 3)
    case.toeleiden_on = case.opened_on + timedelta(days=2 * span // 3)
    if phase is not Phase.TOELEIDEN:
        case.toeleiden_on = None
    if phase is Phase.VINDEN:
        case.binden_on = None
