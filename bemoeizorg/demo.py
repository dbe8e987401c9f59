"""A demo register with realistic fake data, for trying the program without real cases.

Its passphrase is public on purpose: it holds nothing real.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

from bemoeizorg.domain.municipalities import MUNICIPALITIES, Subregion, codes_in
from bemoeizorg.domain.people import Role, Specialism
from bemoeizorg.domain.team import ContactPointData, TeamMemberData
from bemoeizorg.settings import data_dir
from bemoeizorg.store import reference_data
from bemoeizorg.store.register import REGISTER_SUFFIX, Register

DEMO_USER = "Demo Teamleider"
DEMO_PASSPHRASE = "oefenen met het demoregister"
DEMO_NAME = "Demoregister Noord- en Midden-Limburg"
_ORGANISATIONS = ("Gemeente {m}", "Sociaal team {m}", "Wijkteam {m}", "Zorgloket {m}")


def demo_path() -> Path:
    return data_dir() / f"demoregister{REGISTER_SUFFIX}"


def create_demo(path: Path, seed: int = 2026) -> Register:
    """Create and fill a demo register; returns it unlocked as the demo team lead."""
    from faker import Faker  # imported here: it is slow to load and only the demo needs it

    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    register, _recovery = Register.create(
        path, DEMO_NAME, DEMO_USER, Role.TEAMLEIDER, DEMO_PASSPHRASE
    )
    try:
        covered = codes_in(Subregion.NOORD) + codes_in(Subregion.MIDDEN)
        reference_data.set_covered_municipalities(register, covered)
        for m in MUNICIPALITIES:
            if m.code not in covered:
                continue
            first, last = fake.first_name(), fake.last_name()
            reference_data.save_contact_point(
                register,
                ContactPointData(
                    municipality_code=m.code,
                    name=f"{first} {last}",
                    organisation=rng.choice(_ORGANISATIONS).format(m=m.name),
                    phone=f"077 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                    email=f"{first.lower()}.{last.lower().replace(' ', '')}@example.nl",
                    valid_from=date(2024, 1, 1),
                ),
            )
        for i in range(12):
            reference_data.save_team_member(
                register,
                TeamMemberData(
                    name=fake.name(),
                    specialism=Specialism.JEUGD if i % 4 == 0 else Specialism.VOLWASSENEN,
                    active=i != 11,
                ),
            )
    except BaseException:
        register.lock()
        raise
    return register
