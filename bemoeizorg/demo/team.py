"""The demo team and its region: the covered municipalities with a contact point each,
and twelve team members, one of them no longer active."""

from __future__ import annotations

import random
from datetime import date
from typing import TYPE_CHECKING

from bemoeizorg.casework import reference_data
from bemoeizorg.demo.people import last_name
from bemoeizorg.domain.municipalities import MUNICIPALITIES, Subregion, codes_in
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.team import ContactPointData, TeamMemberData
from bemoeizorg.store.register import Register

if TYPE_CHECKING:
    from faker import Faker

# {m}: the municipality.
_ORGANISATIONS = ("Gemeente {m}", "Sociaal team {m}", "Wijkteam {m}", "Zorgloket {m}")
TEAM_SIZE = 12


def cover_region(register: Register, rng: random.Random, fake: Faker) -> list[str]:
    """Noord- and Midden-Limburg, each municipality with its contact point; their codes."""
    covered = codes_in(Subregion.NOORD) + codes_in(Subregion.MIDDEN)
    reference_data.set_covered_municipalities(register, covered)
    for m in MUNICIPALITIES:
        if m.code not in covered:
            continue
        first, last = fake.first_name(), last_name(fake)
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
    return covered


def add_team(register: Register, fake: Faker, lead: str) -> list[TeamMemberData]:
    """The team; `lead` (the demo's user) holds cases too, so Mijn werk has something."""
    return [
        reference_data.save_team_member(
            register,
            TeamMemberData(
                name=lead if i == 1 else f"{fake.first_name()} {last_name(fake)}",
                specialism=Specialism.JEUGD if i % 4 == 0 else Specialism.VOLWASSENEN,
                active=i != TEAM_SIZE - 1,
            ),
        )
        for i in range(TEAM_SIZE)
    ]
