"""Network meetings in the demo register, so the agenda and the evaluation of agreements
have something to show."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from bemoeizorg.casework import meetings
from bemoeizorg.domain.meetings import PARTNER_ORGANISATIONS, MeetingKind
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import Case

_QUESTIONS = (
    "Wie heeft ingang bij betrokkene en kan samen met ons op huisbezoek?",
    "Kan de woningcorporatie de ontruiming uitstellen zolang er contact is?",
    "Is betrokkene bekend bij de huisarts, en kan die meedenken over een verwijzing?",
    "Wie neemt de regie op de schulden, en hoe krijgen we toestemming?",
    "Kan de wijkagent meegaan bij het eerste bezoek?",
)
_AGREED = (
    ("Samen op huisbezoek", "GGZ"),
    ("Contact opnemen met de huisarts", "Sociaal team"),
    ("Ontruiming aanhouden en betalingsregeling voorstellen", "Woningcorporatie"),
    ("Wijkagent gaat mee bij het eerste bezoek", "Politie"),
    ("Aanmelding schuldhulp voorbereiden", "Maatschappelijk werk"),
)
_CHAIR = "Wethouder zorg"


def plan_meetings(register: Register, rng: random.Random, today: date) -> None:
    """In two municipalities: last month's meeting with its agreements recorded, and next
    week's with the same cases and a new one, so the evaluation has something to show."""
    open_cases = _open_cases_by_municipality(register)
    chosen = sorted(open_cases, key=lambda c: -len(open_cases[c]))[:2]
    for code in chosen:
        ids = open_cases[code]
        if len(ids) < 2:
            continue
        partners = tuple(rng.sample(PARTNER_ORGANISATIONS, 5))
        held = today - timedelta(days=28)
        last = meetings.plan_meeting(
            register,
            meetings.MeetingData(code, held, MeetingKind.NETWERKOVERLEG, _CHAIR, partners),
        )
        agreements = []
        for case_id in ids[:3]:
            item = meetings.add_to_agenda(register, last, case_id, rng.choice(_QUESTIONS))
            agreed = tuple(
                meetings.AgreedAction(text, org, today + timedelta(days=rng.randint(-7, 21)))
                for text, org in rng.sample(_AGREED, 2)
            )
            agreements.append(meetings.Agreement(item, agreed, holder=agreed[0].organisation))
        meetings.record_agreements(register, last, agreements, on=held)
        upcoming = meetings.plan_meeting(
            register,
            meetings.MeetingData(
                code, today + timedelta(days=7), MeetingKind.NETWERKOVERLEG, _CHAIR, partners
            ),
        )
        for case_id in ids[:4]:
            meetings.add_to_agenda(register, upcoming, case_id, rng.choice(_QUESTIONS))


def _open_cases_by_municipality(register: Register) -> dict[str, list[int]]:
    """The open cases' ids per municipality code, oldest first."""
    open_cases: dict[str, list[int]] = {}
    with register.session() as session:
        for case_id, code in session.execute(
            select(Case.id, Case.municipality_code)
            .where(Case.closed_on.is_(None))
            .order_by(Case.opened_on)
        ):
            open_cases.setdefault(code, []).append(case_id)
    return open_cases
