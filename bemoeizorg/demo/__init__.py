"""A demo register with realistic fake data, for trying the program without real cases.

Its passphrase is public on purpose: it holds nothing real. Besides the team's reference
data it holds a few years of reports, persons and cases in the covered municipalities:
triaged both ways, cases in every phase and closed with every outcome, with contacts,
phase changes, referrals, ZRM scores, measures (drang/dwang) and actions, some overdue.
The same seed and day give the same register.
"""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import insert, select, update

from bemoeizorg.casework import reference_data
from bemoeizorg.casework.bulk_intake import (
    PhaseChange,
    Plan,
    PlannedCase,
    PlannedReport,
    write_plan,
)
from bemoeizorg.casework.intake import now_text
from bemoeizorg.demo import data
from bemoeizorg.domain.identity import age_on
from bemoeizorg.domain.intake import PersonInput, ReporterInput, ReportInput
from bemoeizorg.domain.municipalities import BY_CODE, MUNICIPALITIES, Subregion, codes_in
from bemoeizorg.domain.people import Role, Specialism
from bemoeizorg.domain.team import ContactPointData, TeamMemberData
from bemoeizorg.domain.vocabulary import (
    PHASE_ORDER,
    Concern,
    ContactKind,
    EventKind,
    Measure,
    Outcome,
    Phase,
    ReferralTarget,
    ReporterKind,
    TriageDecision,
    Urgency,
    ZrmDomain,
)
from bemoeizorg.settings import data_dir
from bemoeizorg.store.register import REGISTER_SUFFIX, Register
from bemoeizorg.store.schema import Case, CaseAction, CaseEvent, ZrmScore

if TYPE_CHECKING:
    from faker import Faker

DEMO_USER = "Demo Teamleider"
DEMO_PASSPHRASE = "oefenen met het demoregister"
DEMO_NAME = "Demoregister Noord- en Midden-Limburg"
DEFAULT_REPORTS = 1400  # about a year of both subregions
DEFAULT_YEARS = 3  # spread over the last three years
_ORGANISATIONS = ("Gemeente {m}", "Sociaal team {m}", "Wijkteam {m}", "Zorgloket {m}")

TAKEN_ON_SHARE = 0.70
REPEAT_SHARE = 0.17  # reports about someone already known
LONG_RUNNING_SHARE = 0.04  # cases that stay open a long time
BATCH_REPORTS = 600  # reports per transaction

T = TypeVar("T")


def demo_path() -> Path:
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
            first, last = fake.first_name(), _last_name(fake)
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
        team: list[TeamMemberData] = []
        for i in range(12):
            team.append(
                reference_data.save_team_member(
                    register,
                    TeamMemberData(
                        # The demo user holds cases too, so Mijn werk has something to show.
                        name=DEMO_USER if i == 1 else f"{fake.first_name()} {_last_name(fake)}",
                        specialism=Specialism.JEUGD if i % 4 == 0 else Specialism.VOLWASSENEN,
                        active=i != 11,
                    ),
                )
            )
        if reports > 0:
            history = _History(rng, fake, today or date.today(), team, covered)
            history.build(reports, years)
            history.write(register)
            _plan_meetings(register, rng, today or date.today())
    except BaseException:
        register.lock()
        raise
    return register


# --- the history, planned in memory -----------------------------------------------------


@dataclass(slots=True)
class _Person:
    input: PersonInput
    reports: list[int] = field(default_factory=list)  # indexes into _History.reports
    cases: list[int] = field(default_factory=list)  # indexes into _History.cases

    def age(self, day: date) -> int | None:
        if self.input.birth_date is not None:
            return age_on(self.input.birth_date, day)
        if self.input.birth_year_estimate is not None:
            return day.year - self.input.birth_year_estimate
        return None


@dataclass(slots=True)
class _Case:
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


def _weighted(rng: random.Random, weights: Mapping[T, int]) -> T:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _last_name(fake: Faker) -> str:
    """A family name as it is written after a given name: 'van Bourgondië'."""
    prefix, family = _split_prefix(fake.last_name())
    return f"{prefix} {family}" if prefix else family


def _split_prefix(last_name: str) -> tuple[str, str]:
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


class _History:
    def __init__(
        self,
        rng: random.Random,
        fake: Faker,
        today: date,
        team: Sequence[TeamMemberData],
        covered: Sequence[str],
    ) -> None:
        self.rng = rng
        self.fake = fake
        self.today = today
        self.team = list(team)
        self.municipalities = {c: data.REPORTS_PER_YEAR.get(c, 20) for c in covered}
        self.persons: list[_Person] = []
        self.reports: list[PlannedReport] = []
        self.cases: list[_Case] = []
        self.case_of_report: dict[int, int] = {}
        self.not_taken = 0

    # --- people --------------------------------------------------------------------------

    def _new_person(self, municipality: str, day: date) -> int:
        rng, fake = self.rng, self.fake
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
        prefix, family = _split_prefix(fake.last_name())
        alias = rng.choice(data.NICKNAMES) if rng.random() < 0.1 else ""
        if rng.random() < 0.015:  # only known by a nickname
            family, prefix, given, birth_date, estimate = "", "", "", None, day.year - age
            alias = alias or rng.choice(data.NICKNAMES)
        place, digits = rng.choice(data.PLACES.get(municipality, (("", ""),)))
        homeless = rng.random() < 0.04
        letters = "".join(rng.choice("ABCEGHJKLMNPRTVWXZ") for _ in range(2))
        person = PersonInput(
            family_name=family,
            municipality_code=municipality,
            prefix=prefix,
            given_names=given,
            alias=alias,
            birth_date=birth_date,
            birth_year_estimate=estimate,
            bsn=_bsn(rng) if rng.random() < 0.45 else "",
            address="" if homeless else f"{rng.choice(data.STREETS)} {rng.randint(1, 180)}",
            postcode="" if homeless or not digits else f"{digits} {letters}",
            city=place,
        )
        self.persons.append(_Person(person))
        return len(self.persons) - 1

    def _repeat_person(self, day: date) -> int | None:
        """Someone already known: often the subject of an open case, else anyone recent."""
        if not self.persons:
            return None
        rng = self.rng
        if rng.random() < 0.6:
            active = [
                c.person
                for c in self.cases[-300:]
                if c.active_on(day) and c.opened_on < day - timedelta(days=3)
            ]
            if active:
                return rng.choice(active)
        return rng.randrange(max(0, len(self.persons) - 400), len(self.persons))

    # --- reports -------------------------------------------------------------------------

    def _reporter(self, municipality: str, kind: ReporterKind) -> ReporterInput:
        rng, fake = self.rng, self.fake
        place = rng.choice(data.PLACES.get(municipality, (("", ""),)))[0]
        organisation = ""
        if kind in data.ORGANISATIONS:
            organisation = rng.choice(data.ORGANISATIONS[kind]).format(
                m=BY_CODE[municipality].name, p=place, n=_last_name(fake)
            )
        if kind is ReporterKind.ANONIEM:
            return ReporterInput(kind)
        first, last = fake.first_name(), _last_name(fake)
        name = f"{first} {last}" if rng.random() < 0.8 else ""
        if rng.random() < 0.5 or not name:
            contact = f"06-{rng.randint(10000000, 99999999)}"
        else:
            contact = f"{first[0].lower()}.{last.split()[-1].lower()}@example.nl"
        return ReporterInput(kind, organisation, name, contact)

    def _concerns(self, kind: ReporterKind, minor: bool) -> tuple[Concern, ...]:
        rng = self.rng
        main = list(data.CONCERNS_BY_REPORTER[kind])
        if minor:
            main = [Concern.VERWAARLOZING_KINDEREN, Concern.HUISELIJK_GEWELD, Concern.PSYCHISCH]
        chosen = [rng.choice(main)]
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            extra = rng.choice(list(Concern)) if rng.random() < 0.3 else rng.choice(main)
            if extra not in chosen and (minor or extra is not Concern.VERWAARLOZING_KINDEREN):
                chosen.append(extra)
        return tuple(chosen)

    def _story(self, concerns: Sequence[Concern]) -> str:
        rng = self.rng
        lines = [rng.choice(data.STORIES[c]).format(k=rng.randint(2, 7)) for c in concerns[:2]]
        return " ".join(lines)

    def _add_report(self, day: date, person_index: int) -> int:
        rng = self.rng
        person = self.persons[person_index]
        municipality = person.input.municipality_code
        kind = _weighted(rng, data.REPORTER_WEIGHTS)
        age = person.age(day)
        concerns = self._concerns(kind, age is not None and age < 18)
        roll = rng.random()
        urgency = Urgency.CRISIS if roll < 0.03 else Urgency.HOOG if roll < 0.2 else Urgency.NORMAAL
        report = ReportInput(
            received_on=day,
            municipality_code=municipality,
            reporter=self._reporter(municipality, kind),
            concerns=concerns,
            description=self._story(concerns),
            urgency=urgency,
        )
        self.reports.append(PlannedReport(person_index, report))
        index = len(self.reports) - 1
        person.reports.append(index)
        return index

    def _not_taken_on(self, index: int) -> None:
        rng = self.rng
        planned = self.reports[index]
        municipality = BY_CODE[planned.report.municipality_code].name
        # The first two show both kinds even in a small demo.
        advice = self.not_taken == 0 or (self.not_taken > 1 and rng.random() < 0.6)
        self.not_taken += 1
        if advice:
            decision = TriageDecision.ADVIES
            note = rng.choice(
                (
                    "Melder geadviseerd contact op te nemen met de huisarts.",
                    "Advies gegeven over de aanpak van de overlast.",
                    "Melder gewezen op de mogelijkheden van het sociaal team.",
                    "Geen signalen van zorgmijding; advies gegeven aan de melder.",
                )
            )
        else:
            decision = TriageDecision.DOORVERWEZEN
            note = rng.choice(
                (
                    f"Sociaal team {municipality}",
                    "Veilig Thuis",
                    f"Schuldhulpverlening {municipality}",
                    "Huisarts van betrokkene",
                    "Wijkagent",
                )
            )
        triaged = min(self.today, planned.report.received_on + timedelta(days=rng.randint(0, 4)))
        self.reports[index] = dataclasses.replace(
            planned, decision=decision, note=note, triaged_on=triaged
        )

    # --- cases ---------------------------------------------------------------------------

    def _owner(self, specialism: Specialism, opened: date) -> TeamMemberData | None:
        recent = (self.today - opened).days < 540
        pool = [
            m for m in self.team if m.specialism is specialism and (m.active or not recent)
        ] or [m for m in self.team if m.active]
        return self.rng.choice(pool) if pool else None

    def _open_case(self, report_index: int) -> None:
        planned = self.reports[report_index]
        person = self.persons[planned.person]
        day = planned.report.received_on
        age = person.age(day)
        specialism = Specialism.JEUGD if age is not None and age < 18 else Specialism.VOLWASSENEN
        case = _Case(
            person=planned.person,
            reports=[report_index],
            opened_on=day,
            specialism=specialism,
            owner=self._owner(specialism, day),
            concerns=set(planned.report.concerns),
        )
        self._fate(case, long_running=self.rng.random() < LONG_RUNNING_SHARE)
        self.cases.append(case)
        person.cases.append(len(self.cases) - 1)
        self.case_of_report[report_index] = len(self.cases) - 1

    def _fate(
        self,
        case: _Case,
        *,
        outcome: Outcome | None = None,
        close_on: date | None = None,
        long_running: bool = False,
    ) -> None:
        """How the case goes: phase dates, closing and outcome (cut off at today)."""
        rng = self.rng
        if outcome is None and not long_running:
            outcome = _weighted(rng, data.OUTCOME_WEIGHTS)
        reaches: dict[Outcome | None, tuple[int, ...]] = {
            Outcome.NIET_GEVONDEN: (0,),
            Outcome.GEEN_BEMOEIZORG_NODIG: (0, 1),
            Outcome.ZORG_GEWEIGERD: (1, 1, 2),
            Outcome.TOEGELEID: (2,),
            Outcome.OVERGEDRAGEN: (1, 2),
        }
        reach = rng.choice(reaches.get(outcome, (0, 1, 2)))  # phases after vinden
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
        if case.closed_on is not None and case.closed_on > self.today:
            case.closed_on = case.outcome = None
        if case.toeleiden_on is not None and case.toeleiden_on > self.today:
            case.toeleiden_on = None
        if case.binden_on is not None and case.binden_on > self.today:
            case.binden_on = case.toeleiden_on = None

    def _join(self, case_index: int, report_index: int) -> None:
        case = self.cases[case_index]
        case.reports.append(report_index)
        case.concerns.update(self.reports[report_index].report.concerns)
        self.case_of_report[report_index] = case_index

    # --- building ------------------------------------------------------------------------

    def build(self, count: int, years: int) -> None:
        rng = self.rng
        span = max(1, 365 * years)
        start = self.today - timedelta(days=span - 1)
        days = sorted(start + timedelta(days=rng.randrange(span)) for _ in range(count))
        codes = list(self.municipalities)
        weights = list(self.municipalities.values())
        for day in days:
            person_index = self._repeat_person(day) if rng.random() < REPEAT_SHARE else None
            if person_index is None:
                person_index = self._new_person(rng.choices(codes, weights)[0], day)
            report_index = self._add_report(day, person_index)
            active = next(
                (i for i in self.persons[person_index].cases if self.cases[i].active_on(day)),
                None,
            )
            if active is not None:
                self._join(active, report_index)
            elif (self.today - day).days <= 2 and rng.random() < 0.6:
                pass  # the last days' reports partly still wait for triage
            elif rng.random() < TAKEN_ON_SHARE:
                self._open_case(report_index)
            else:
                self._not_taken_on(report_index)
        self._ensure_open_phases()
        self._ensure_outcomes()

    def _reports_after(self, case: _Case) -> bool:
        """Whether the person had reports after this case opened that are not in it."""
        person = self.persons[case.person]
        inside = set(case.reports)
        return any(
            i not in inside and self.reports[i].report.received_on >= case.opened_on
            for i in person.reports
        )

    def _ensure_open_phases(self) -> None:
        """Open cases in every phase, even in a small demo: reopen a late closed case."""
        present = {c.phase for c in self.cases if c.closed_on is None}
        for phase in PHASE_ORDER:
            if phase in present:
                continue
            candidates = [
                c
                for c in reversed(self.cases)
                if c.closed_on is not None
                and (self.today - c.opened_on).days >= 6
                and not self._reports_after(c)
            ]
            if not candidates:
                continue
            case = candidates[0]
            span = (self.today - case.opened_on).days
            case.closed_on = case.outcome = None
            case.binden_on = case.opened_on + timedelta(days=span // 3)
            case.toeleiden_on = case.opened_on + timedelta(days=2 * span // 3)
            if phase is not Phase.TOELEIDEN:
                case.toeleiden_on = None
            if phase is Phase.VINDEN:
                case.binden_on = None
            present.add(phase)

    def _ensure_outcomes(self) -> None:
        """Every outcome among the closed cases: change the outcome of a common one."""
        counts = Counter(c.outcome for c in self.cases if c.outcome is not None)
        for outcome in Outcome:
            if counts[outcome] or not counts:
                continue
            donor, donor_count = counts.most_common(1)[0]
            if donor_count < 2:
                continue
            case = next(c for c in self.cases if c.outcome is donor)
            self._fate(case, outcome=outcome, close_on=case.closed_on)
            counts[donor] -= 1
            counts[outcome] += 1

    # --- writing -------------------------------------------------------------------------

    def _batches(self) -> Iterator[list[int]]:
        """Persons in order of their first report, in groups of about BATCH_REPORTS."""
        batch: list[int] = []
        size = 0
        for index, person in enumerate(self.persons):
            batch.append(index)
            size += len(person.reports)
            if size >= BATCH_REPORTS:
                yield batch
                batch, size = [], 0
        if batch:
            yield batch

    def write(self, register: Register) -> None:
        for persons in self._batches():
            local_person = {g: i for i, g in enumerate(persons)}
            report_indexes = sorted(r for g in persons for r in self.persons[g].reports)
            local_report = {g: i for i, g in enumerate(report_indexes)}
            case_indexes = [c for g in persons for c in self.persons[g].cases]
            plan = Plan(
                persons=[self.persons[g].input for g in persons],
                reports=[
                    dataclasses.replace(
                        self.reports[r], person=local_person[self.reports[r].person]
                    )
                    for r in report_indexes
                ],
                cases=[self._planned_case(self.cases[c], local_report) for c in case_indexes],
            )
            with register.session() as session:
                written = write_plan(session, register, plan, today=self.today)
                events: list[dict[str, object]] = []
                scores: list[dict[str, object]] = []
                actions: list[dict[str, object]] = []
                contacts: list[dict[str, object]] = []
                for case_index, case_id in zip(case_indexes, written.case_ids, strict=True):
                    made = _Events(
                        self.rng, self.today, register.user, self.cases[case_index], case_id
                    )
                    made.build()
                    events += made.events
                    scores += made.scores
                    actions += made.actions
                    if made.last_contact is not None:
                        contacts.append({"id": case_id, "last_contact_on": made.last_contact})
                # Core inserts: the ORM's unit of work is slow for tens of thousands of rows.
                for table, rows in ((CaseEvent, events), (ZrmScore, scores), (CaseAction, actions)):
                    if rows:
                        session.execute(insert(table), rows)
                if contacts:
                    session.execute(update(Case), contacts)

    def _planned_case(self, case: _Case, local_report: Mapping[int, int]) -> PlannedCase:
        rng = self.rng
        changes: list[PhaseChange] = []
        if case.binden_on is not None:
            changes.append(
                PhaseChange(case.binden_on, Phase.BINDEN, rng.choice(data.PHASE_REASONS_BINDING))
            )
        if case.toeleiden_on is not None:
            changes.append(
                PhaseChange(
                    case.toeleiden_on, Phase.TOELEIDEN, rng.choice(data.PHASE_REASONS_REFERRAL)
                )
            )
        return PlannedCase(
            reports=tuple(local_report[r] for r in case.reports),
            opened_on=case.opened_on,
            specialism=case.specialism,
            owner_id=case.owner.id if case.owner else None,
            phase_changes=tuple(changes),
            closed_on=case.closed_on,
            outcome=case.outcome,
            close_note=rng.choice(data.CLOSE_NOTES[case.outcome]) if case.outcome else "",
        )


def _bsn(rng: random.Random) -> str:
    """A random number that passes the 11-test (fake: not issued to anyone we know of)."""
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        check = total % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)


# --- what happens inside a case ---------------------------------------------------------


# Every event row has every column, so the rows go in as one executemany.
_EVENT_DEFAULTS: dict[str, object] = {
    "contact_kind": None,
    "contact_with": "",
    "contact_made": None,
    "phase_from": None,
    "phase_to": None,
    "referral_target": None,
    "referral_accepted": None,
    "measure": None,
    "outcome": None,
    "report_id": None,
    "note": "",
}


class _Events:
    """Contacts, ZRM scores, measures, referrals, notes and actions of one case."""

    def __init__(
        self, rng: random.Random, today: date, user: str, case: _Case, case_id: int
    ) -> None:
        self.rng = rng
        self.today = today
        self.user = user
        self.case = case
        self.end = case.closed_on or today
        self.case_id = case_id
        self.events: list[dict[str, object]] = []
        self.scores: list[dict[str, object]] = []
        self.actions: list[dict[str, object]] = []
        self.last_contact: date | None = None

    def _event(self, kind: EventKind, on_date: date, **fields: object) -> None:
        event: dict[str, object] = dict(_EVENT_DEFAULTS)
        event.update(
            case_id=self.case_id,
            kind=kind.value,
            on_date=on_date,
            created_by=self.user,
            created_at=now_text(),
            **fields,
        )
        self.events.append(event)

    def _contact(self, on_date: date, kind: ContactKind, made: bool) -> None:
        rng = self.rng
        if kind is ContactKind.NETWERKOVERLEG:
            with_whom, made = rng.choice(data.CONTACT_PARTNERS), True
        else:
            with_whom = "betrokkene" if made or rng.random() < 0.7 else "buurvrouw"
        note = rng.choice(data.NOTES) if rng.random() < 0.25 else ""
        self._event(
            EventKind.CONTACT,
            on_date,
            contact_kind=kind.value,
            contact_with=with_whom,
            contact_made=made,
            note=note,
        )
        if self.last_contact is None or on_date > self.last_contact:
            self.last_contact = on_date

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
            self._contact(day, _weighted(rng, weights), rng.random() < made)
            day += timedelta(days=rng.randint(6, 28))

    def _zrm(self, on_date: date, better: int) -> None:
        rng = self.rng
        low = {d for c in self.case.concerns for d in data.ZRM_BY_CONCERN[c]}
        for domain in ZrmDomain:
            score = rng.randint(1, 2) if domain in low else rng.randint(3, 4)
            score = min(5, score + better)
            self.scores.append(
                {
                    "case_id": self.case_id,
                    "scored_on": on_date,
                    "domain": domain.value,
                    "score": score,
                }
            )
        self._event(EventKind.ZRM, on_date)

    def _day_between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def build(self) -> None:
        rng, case = self.rng, self.case
        binding = case.binden_on or self.end
        self._segment(case.opened_on, binding, data.CONTACT_WEIGHTS_FINDING, 0.15)
        if case.binden_on is not None:
            # The contact that made the difference, on the day of the phase change.
            self._contact(case.binden_on, ContactKind.HUISBEZOEK, True)
            referring = case.toeleiden_on or self.end
            self._segment(case.binden_on, referring, data.CONTACT_WEIGHTS_BINDING, 0.75)
            first_score: date | None = case.binden_on + timedelta(days=rng.randint(10, 40))
            if first_score is not None and first_score <= self.end:
                self._zrm(first_score, 0)
            self._measures(case.binden_on)
        else:
            first_score = None
        if case.toeleiden_on is not None:
            self._segment(case.toeleiden_on, self.end, data.CONTACT_WEIGHTS_BINDING, 0.85)
            self._referrals(case.toeleiden_on)
            if case.closed_on is not None and case.closed_on != first_score:
                self._zrm(case.closed_on, 1 if case.outcome is Outcome.TOEGELEID else 0)
        if rng.random() < 0.2:
            self._event(
                EventKind.NOTITIE,
                self._day_between(case.opened_on, self.end),
                note=rng.choice(data.NOTES),
            )
        self._actions()

    def _measures(self, since: date) -> None:
        rng = self.rng
        chances = {
            Measure.DRANG: 0.10,
            Measure.BESCHERMINGSBEWIND: 0.04,
            Measure.CRISISMAATREGEL: 0.03,
            Measure.ZORGMACHTIGING: 0.02,
            Measure.RECHTERLIJKE_MACHTIGING_WZD: 0.01,
        }
        for measure, chance in chances.items():
            if rng.random() < chance:
                notes = {
                    Measure.DRANG: "Afspraak met de woningcorporatie: huur blijft als hulp "
                    "wordt aanvaard.",
                    Measure.CRISISMAATREGEL: "Crisismaatregel na escalatie thuis.",
                    Measure.ZORGMACHTIGING: "Zorgmachtiging afgegeven.",
                }
                self._event(
                    EventKind.MAATREGEL,
                    self._day_between(since, self.end),
                    measure=measure.value,
                    note=notes.get(measure, ""),
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
            self._event(
                EventKind.DOORVERWIJZING,
                self._day_between(since, self.end),
                referral_target=ReferralTarget(target).value,
                referral_accepted=accepted,
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
                {
                    "case_id": self.case_id,
                    "description": description,
                    "responsible": responsible if rng.random() < 0.8 else "wijkagent",
                    "due_on": due,
                    "done_on": max(done, case.opened_on) if done else None,
                    "created_by": self.user,
                }
            )


# --- network meetings --------------------------------------------------------------------

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


def _plan_meetings(register: Register, rng: random.Random, today: date) -> None:
    """In two municipalities: last month's meeting with its agreements recorded, and next
    week's with the same cases and a new one, so the evaluation has something to show."""
    from bemoeizorg.casework import meetings
    from bemoeizorg.domain.meetings import PARTNER_ORGANISATIONS, MeetingKind

    with register.session() as session:
        open_cases: dict[str, list[int]] = {}
        for case_id, code in session.execute(
            select(Case.id, Case.municipality_code)
            .where(Case.closed_on.is_(None))
            .order_by(Case.opened_on)
        ):
            open_cases.setdefault(code, []).append(case_id)
    chosen = sorted(open_cases, key=lambda c: -len(open_cases[c]))[:2]
    for code in chosen:
        ids = open_cases[code]
        if len(ids) < 2:
            continue
        partners = tuple(rng.sample(PARTNER_ORGANISATIONS, 5))
        held = today - timedelta(days=28)
        last = meetings.plan_meeting(
            register,
            meetings.MeetingData(
                code, held, MeetingKind.NETWERKOVERLEG, "Wethouder zorg", partners
            ),
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
                code,
                today + timedelta(days=7),
                MeetingKind.NETWERKOVERLEG,
                "Wethouder zorg",
                partners,
            ),
        )
        for case_id in ids[:4]:
            meetings.add_to_agenda(register, upcoming, case_id, rng.choice(_QUESTIONS))
