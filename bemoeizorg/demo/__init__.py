"""A demo register with realistic fake data, for trying the program without real cases.

Its passphrase is public on purpose: it holds nothing real. Besides the team's reference
data it holds a few years of reports, persons and cases in the covered municipalities:
triaged both ways, cases in every phase and closed with every outcome, with contacts,
phase changes, referrals, ZRM scores, measures (drang/dwang) and actions, some overdue.
The same seed and day give the same register. The benchmarks in bench/ use it too.

The rooms: `team` (region, contact points, team), `people` and `reports` (who is reported,
by whom, about what), `cases` (a case's phases and outcome), `history` (all of it planned
day by day), `case_life` (what happens inside a case), `writing` (into the register
through casework's bulk writers), `meetings` (network meetings), `data` (word lists).
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from bemoeizorg.settings import data_dir

if TYPE_CHECKING:
    from bemoeizorg.store.register import Register

# The start screen shows the demo's user and passphrase: this package loads nothing else
# (the store, casework, Faker) until a demo is used (issue 16, start-up).

DEMO_USER = "Demo Teamleider"
DEMO_PASSPHRASE = "oefenen met het demoregister"
DEMO_NAME = "Demoregister Noord- en Midden-Limburg"
DEFAULT_REPORTS = 1400  # about a year of both subregions
DEFAULT_YEARS = 3  # spread over the last three years


def demo_path() -> Path:
    from bemoeizorg.store.register import REGISTER_SUFFIX

    return data_dir() / f"demoregister{REGISTER_SUFFIX}"


def create_demo(
    path: Path,
    seed: int = 2026,
    *,
    reports: int = DEFAULT_REPORTS,
    years: int = DEFAULT_YEARS,
    today: date | None = None,
) -> Register:
    """Create and fill a demo register; returns it unlocked as the demo team lead."""
    from faker import Faker  # imported here: it is slow to load and only the demo needs it

    from bemoeizorg.demo.history import History
    from bemoeizorg.demo.meetings import plan_meetings
    from bemoeizorg.demo.team import add_team, cover_region
    from bemoeizorg.demo.writing import write_history
    from bemoeizorg.domain.people import Role
    from bemoeizorg.store.register import Register

    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    today = today or date.today()
    register, _recovery = Register.create(
        path, DEMO_NAME, DEMO_USER, Role.TEAMLEIDER, DEMO_PASSPHRASE
    )
    try:
        covered = cover_region(register, rng, fake)
        team = add_team(register, fake, DEMO_USER)
        if reports > 0:
            history = History(rng, fake, today, team, covered)
            history.build(reports, years)
            write_history(register, history)
            plan_meetings(register, rng, today)
    except BaseException:
        register.lock()
        raise
    return register
