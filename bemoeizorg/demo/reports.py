"""The reports of the demo register: who reports, what worries them, how urgent it is,
and the triage of reports the team does not take on."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from bemoeizorg.casework.bulk_intake import PlannedReport
from bemoeizorg.demo import data
from bemoeizorg.demo.people import DemoPerson, last_name
from bemoeizorg.domain.intake import ReporterInput, ReportInput
from bemoeizorg.domain.municipalities import BY_CODE
from bemoeizorg.domain.vocabulary import Concern, ReporterKind, TriageDecision, Urgency

if TYPE_CHECKING:
    from faker import Faker

_ADVICE = (
    "Melder geadviseerd contact op te nemen met de huisarts.",
    "Advies gegeven over de aanpak van de overlast.",
    "Melder gewezen op de mogelijkheden van het sociaal team.",
    "Geen signalen van zorgmijding; advies gegeven aan de melder.",
)
# {m}: the municipality.
_REFERRED_TO = (
    "Sociaal team {m}",
    "Veilig Thuis",
    "Schuldhulpverlening {m}",
    "Huisarts van betrokkene",
    "Wijkagent",
)


def new_report(rng: random.Random, fake: Faker, day: date, person: DemoPerson) -> ReportInput:
    """A report received on `day` about `person`, in their municipality."""
    municipality = person.input.municipality_code
    kind = data.weighted(rng, data.REPORTER_WEIGHTS)
    age = person.age(day)
    concerns = _concerns(rng, kind, age is not None and age < 18)
    roll = rng.random()
    urgency = Urgency.CRISIS if roll < 0.03 else Urgency.HOOG if roll < 0.2 else Urgency.NORMAAL
    return ReportInput(
        received_on=day,
        municipality_code=municipality,
        reporter=_reporter(rng, fake, municipality, kind),
        concerns=concerns,
        description=_story(rng, concerns),
        urgency=urgency,
    )


def _reporter(
    rng: random.Random, fake: Faker, municipality: str, kind: ReporterKind
) -> ReporterInput:
    place = rng.choice(data.PLACES.get(municipality, (("", ""),)))[0]
    organisation = ""
    if kind in data.ORGANISATIONS:
        organisation = rng.choice(data.ORGANISATIONS[kind]).format(
            m=BY_CODE[municipality].name, p=place, n=last_name(fake)
        )
    if kind is ReporterKind.ANONIEM:
        return ReporterInput(kind)
    first, last = fake.first_name(), last_name(fake)
    name = f"{first} {last}" if rng.random() < 0.8 else ""
    if rng.random() < 0.5 or not name:
        contact = f"06-{rng.randint(10000000, 99999999)}"
    else:
        contact = f"{first[0].lower()}.{last.split()[-1].lower()}@example.nl"
    return ReporterInput(kind, organisation, name, contact)


def _concerns(rng: random.Random, kind: ReporterKind, minor: bool) -> tuple[Concern, ...]:
    main = list(data.CONCERNS_BY_REPORTER[kind])
    if minor:
        main = [Concern.VERWAARLOZING_KINDEREN, Concern.HUISELIJK_GEWELD, Concern.PSYCHISCH]
    chosen = [rng.choice(main)]
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        extra = rng.choice(list(Concern)) if rng.random() < 0.3 else rng.choice(main)
        if extra not in chosen and (minor or extra is not Concern.VERWAARLOZING_KINDEREN):
            chosen.append(extra)
    return tuple(chosen)


def _story(rng: random.Random, concerns: Sequence[Concern]) -> str:
    lines = [rng.choice(data.STORIES[c]).format(k=rng.randint(2, 7)) for c in concerns[:2]]
    return " ".join(lines)


def not_taken_on(
    rng: random.Random, planned: PlannedReport, earlier: int, today: date
) -> PlannedReport:
    """The report triaged as advice or referral; `earlier` such reports came before it."""
    municipality = BY_CODE[planned.report.municipality_code].name
    # The first two show both kinds even in a small demo.
    advice = earlier == 0 or (earlier > 1 and rng.random() < 0.6)
    if advice:
        decision = TriageDecision.ADVIES
        note = rng.choice(_ADVICE)
    else:
        decision = TriageDecision.DOORVERWEZEN
        note = rng.choice(_REFERRED_TO).format(m=municipality)
    triaged = min(today, planned.report.received_on + timedelta(days=rng.randint(0, 4)))
    return dataclasses.replace(planned, decision=decision, note=note, triaged_on=triaged)
