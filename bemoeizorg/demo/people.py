"""The persons of the demo register: names as they are written in Dutch, ages, addresses
and BSNs that pass the 11-test."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from bemoeizorg.demo import data
from bemoeizorg.domain.identity import age_on
from bemoeizorg.domain.intake import PersonInput

if TYPE_CHECKING:
    from faker import Faker


@dataclass(slots=True)
class DemoPerson:
    """A person with the reports and cases about them, as indexes into the history."""

    input: PersonInput
    reports: list[int] = field(default_factory=list)
    cases: list[int] = field(default_factory=list)

    def age(self, day: date) -> int | None:
        if self.input.birth_date is not None:
            return age_on(self.input.birth_date, day)
        if self.input.birth_year_estimate is not None:
            return day.year - self.input.birth_year_estimate
        return None


def last_name(fake: Faker) -> str:
    """A family name as it is written after a given name: 'van Bourgondië'."""
    prefix, family = split_prefix(fake.last_name())
    return f"{prefix} {family}" if prefix else family


def split_prefix(last_name: str) -> tuple[str, str]:
    """'van der Ploeg' -> ('van der', 'Ploeg'): Dutch tussenvoegsels are lower case.

    Faker also gives register-style names ('Bourgondië, van'): the part after the comma
    is the tussenvoegsel.
    """
    if "," in last_name:
        family, _, trailing = last_name.partition(",")
        return trailing.strip(), family.strip()
    words = last_name.split()
    prefix: list[str] = []
    while len(words) > 1 and (words[0][0].islower() or words[0] in ("'t", "d'")):
        prefix.append(words.pop(0))
    return " ".join(prefix), " ".join(words)


def new_person(rng: random.Random, fake: Faker, municipality: str, day: date) -> PersonInput:
    """Someone first reported on `day`: ages as the team sees them, some only known by a
    nickname, some without an address."""
    roll = rng.random()
    if roll < 0.06:
        age = rng.randint(12, 17)
    elif roll < 0.21:
        age = rng.randint(18, 29)
    elif roll < 0.56:
        age = rng.randint(30, 49)
    elif roll < 0.88:
        age = rng.randint(50, 69)
    else:
        age = rng.randint(70, 92)
    born = day - timedelta(days=age * 365 + rng.randint(0, 364))
    known = rng.random()
    birth_date = born if known < 0.88 else None
    estimate = day.year - age if 0.88 <= known < 0.97 else None
    female = rng.random() < 0.45
    first = fake.first_name_female() if female else fake.first_name_male()
    given = first if rng.random() < 0.6 else f"{first} {fake.first_name()}"
    prefix, family = split_prefix(fake.last_name())
    alias = rng.choice(data.NICKNAMES) if rng.random() < 0.1 else ""
    if rng.random() < 0.015:  # only known by a nickname
        family, prefix, given, birth_date, estimate = "", "", "", None, day.year - age
        alias = alias or rng.choice(data.NICKNAMES)
    place, digits = rng.choice(data.PLACES.get(municipality, (("", ""),)))
    homeless = rng.random() < 0.04
    letters = "".join(rng.choice("ABCEGHJKLMNPRTVWXZ") for _ in range(2))
    return PersonInput(
        family_name=family,
        municipality_code=municipality,
        prefix=prefix,
        given_names=given,
        alias=alias,
        birth_date=birth_date,
        birth_year_estimate=estimate,
        bsn=fake_bsn(rng) if rng.random() < 0.45 else "",
        address="" if homeless else f"{rng.choice(data.STREETS)} {rng.randint(1, 180)}",
        postcode="" if homeless or not digits else f"{digits} {letters}",
        city=place,
    )


def fake_bsn(rng: random.Random) -> str:
    """A random number that passes the 11-test (fake: not issued to anyone we know of)."""
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        check = total % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)
