"""What the tests build, made the way the program makes it: a register, reports recorded and
taken on through `casework`, team members, and the two larger data sets (the counts'
generated year, the case list's five cases).

Fixtures live in tests/conftest.py (the `register` family); this module is plain functions
and data, so a module-scoped fixture or a child process can use it too.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Connection, event, select

from bemoeizorg.casework import cases, corrections, intake, reference_data
from bemoeizorg.casework.intake import not_taken_on, record_report, take_on
from bemoeizorg.domain.intake import PersonInput, ReporterInput, ReportInput
from bemoeizorg.domain.municipalities import Subregion, codes_in
from bemoeizorg.domain.people import Role, Specialism
from bemoeizorg.domain.team import TeamMemberData
from bemoeizorg.domain.vocabulary import (
    Concern,
    ContactKind,
    Outcome,
    Phase,
    ReporterKind,
    TriageDecision,
)
from bemoeizorg.store import keyslots
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.keyslots import slots_path_for
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import AccessLogEntry

STRONG = "Zeven zwanen zwemmen in de Maas"
OTHER = "Negen nijlpaarden naast Nederweert"
LEAD = "Anna de Vries"
TEAM = "Team Roermond"

ROERMOND, VENLO, WEERT, VENRAY = "GM0957", "GM0983", "GM0988", "GM0984"

CHANGE = Action.CHANGE.value
VIEW = Action.VIEW.value

# The shipped Argon2id cost (RFC 9106's second recommendation: 3 passes over 64 MiB), and
# the tests' cheap one (1 pass over 1 MiB).
REAL_ARGON2 = (keyslots.ARGON2_TIME, keyslots.ARGON2_MEMORY_KIB)
CHEAP_ARGON2 = (1, 1024)


# --- registers -------------------------------------------------------------------------------


def new_register(
    path: Path,
    team: str = TEAM,
    user: str = LEAD,
    role: Role = Role.TEAMLEIDER,
    passphrase: str = STRONG,
) -> Register:
    """A new register, unlocked; the caller locks it."""
    register, _code = Register.create(path, team, user, role, passphrase)
    return register


@contextmanager
def cheap_kdf() -> Iterator[None]:
    """Slots written inside this block use Argon2id at 1 MiB, 1 pass: unlocking them takes
    about a millisecond instead of 0.13 s (more under load), so loops of many opens stay
    fast. The slot file carries its own parameters, so every open still goes the whole
    real way (Argon2id, AES-GCM unwrap, SQLCipher key); only the cost is smaller.
    tests/conftest.py makes this the default for every test (see `full_kdf`)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(keyslots, "ARGON2_TIME", CHEAP_ARGON2[0])
        patch.setattr(keyslots, "ARGON2_MEMORY_KIB", CHEAP_ARGON2[1])
        yield


def copy_register(source: Path, folder: Path) -> Path:
    """Copy a locked register and its slot file into folder; returns the new path."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / source.name
    shutil.copyfile(source, target)
    shutil.copyfile(slots_path_for(source), slots_path_for(target))
    return target


def log_entries(register: Register, case_id: int | None = None) -> list[tuple[str, int | None]]:
    """(action, case id) of every access-log entry, oldest first."""
    with register.session() as session:
        rows = session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id))
        return [(r.action, r.case_id) for r in rows if case_id is None or r.case_id == case_id]


def entries_since(register: Register, before: int) -> list[tuple[str, int | None]]:
    return log_entries(register)[before:]


# --- team and cases --------------------------------------------------------------------------


def days_ago(days: int) -> date:
    return date.today() - timedelta(days=days)


def team_member(register: Register, name: str = "Bram Peeters") -> int:
    stored = reference_data.save_team_member(register, TeamMemberData(name, Specialism.VOLWASSENEN))
    assert stored.id is not None
    return stored.id


def new_case(
    register: Register,
    *,
    family_name: str = "Jansen",
    prefix: str = "",
    given_names: str = "Piet",
    alias: str = "",
    opened_days_ago: int = 90,
    concerns: tuple[Concern, ...] = (Concern.SCHULDEN, Concern.VERVUILING),
    owner_id: int | None = None,
) -> int:
    """A case in phase vinden, opened (and its report received) `opened_days_ago` days ago."""
    opened = days_ago(opened_days_ago)
    recorded = record_report(
        register,
        ReportInput(
            received_on=opened,
            municipality_code=ROERMOND,
            reporter=ReporterInput(ReporterKind.WONINGCORPORATIE, organisation="Wonen Limburg"),
            person=PersonInput(
                family_name=family_name,
                prefix=prefix,
                given_names=given_names,
                alias=alias,
                municipality_code=ROERMOND,
            ),
            concerns=concerns,
            description="Buren maken zich zorgen.",
        ),
    )
    return take_on(register, recorded.report_id, owner_id, Specialism.VOLWASSENEN, opened)


# --- the case list's five cases ----------------------------------------------------------------

CASE_LIST_TODAY = date(2025, 6, 1)  # what my_work is told "today" is for build_cases


@dataclass(frozen=True)
class CaseIds:
    noel: int  # Noël van der Berg: vinden since January, never contacted, Anna
    mieke: int  # Mieke Jansen alias Blonde Mieke: binden, Bram, jeugd, Venlo
    piet: int  # Piet de Vries: binden, Anna, an action past due
    sjef: int  # Sjef Peeters: closed, Anna, Roermond
    joelle: int  # Joëlle Hendriks: toeleiden, no owner, Venray, opened in 2024
    anna_id: int
    bram_id: int


def _report(
    register: Register,
    on: date,
    municipality: str,
    family: str,
    given: str,
    prefix: str = "",
    alias: str = "",
) -> int:
    person = PersonInput(
        family_name=family,
        prefix=prefix,
        given_names=given,
        alias=alias,
        municipality_code=municipality,
    )
    report = ReportInput(
        received_on=on,
        municipality_code=municipality,
        reporter=ReporterInput(ReporterKind.BUURT, name="Buurvrouw"),
        person=person,
        concerns=(Concern.VERVUILING,),
    )
    return intake.record_report(register, report).report_id


def build_cases(register: Register) -> CaseIds:
    """Five cases and one report not taken on, through the store's own functions."""
    anna = reference_data.save_team_member(register, TeamMemberData(LEAD, Specialism.VOLWASSENEN))
    bram = reference_data.save_team_member(
        register, TeamMemberData("Bram Janssen", Specialism.JEUGD)
    )
    assert anna.id is not None and bram.id is not None
    vol, jeugd = Specialism.VOLWASSENEN, Specialism.JEUGD

    rid = _report(register, date(2024, 11, 5), VENRAY, "Hendriks", "Joëlle")
    joelle = intake.take_on(register, rid, None, vol, date(2024, 11, 6))
    cases.change_phase(register, joelle, Phase.BINDEN, date(2024, 12, 1), "contact gelegd")
    cases.change_phase(register, joelle, Phase.TOELEIDEN, date(2025, 2, 1), "wil hulp")
    cases.log_contact(register, joelle, date(2025, 5, 30), ContactKind.TELEFONISCH, "", True)

    rid = _report(register, date(2025, 1, 10), ROERMOND, "Berg", "Noël", prefix="van der")
    noel = intake.take_on(register, rid, anna.id, vol, date(2025, 1, 10))

    rid = _report(register, date(2025, 1, 20), VENLO, "Jansen", "Mieke", alias="Blonde Mieke")
    mieke = intake.take_on(register, rid, bram.id, jeugd, date(2025, 1, 20))
    cases.change_phase(register, mieke, Phase.BINDEN, date(2025, 3, 1), "vertrouwen")
    cases.log_contact(register, mieke, date(2025, 5, 20), ContactKind.HUISBEZOEK, "", True)

    rid = _report(register, date(2025, 1, 25), WEERT, "Vries", "Piet", prefix="de")
    piet = intake.take_on(register, rid, anna.id, vol, date(2025, 1, 25))
    cases.log_contact(register, piet, date(2025, 2, 1), ContactKind.OP_STRAAT, "", True)
    cases.change_phase(register, piet, Phase.BINDEN, date(2025, 2, 1), "praat mee")
    cases.add_action(register, piet, "Schuldhulp bellen", "Anna", date(2025, 5, 1))
    cases.add_action(register, piet, "Huisarts vragen", "Anna", date(2025, 5, 15))
    cases.add_action(register, piet, "Later", "Anna", date(2025, 7, 1))
    done = cases.add_action(register, piet, "Al gedaan", "Anna", date(2025, 4, 1))
    corrections.complete_action(register, done, date(2025, 4, 2))

    rid = _report(register, date(2025, 2, 3), ROERMOND, "Peeters", "Sjef")
    sjef = intake.take_on(register, rid, anna.id, vol, date(2025, 2, 3))
    cases.close_case(register, sjef, Outcome.TOEGELEID, date(2025, 3, 1))

    rid = _report(register, date(2025, 2, 10), ROERMOND, "Smeets", "José")
    intake.not_taken_on(register, rid, TriageDecision.ADVIES, "advies aan buurvrouw")
    return CaseIds(noel, mieke, piet, sjef, joelle, anna.id, bram.id)


# --- the counts' generated year -------------------------------------------------------------

YEAR = 2025
COVERED = codes_in(Subregion.NOORD) + codes_in(Subregion.MIDDEN)  # Venlo left out


@dataclass
class Spec:
    """One report as the test made it, and what happened to its case."""

    received: date
    code: str
    kind: ReporterKind
    concerns: tuple[Concern, ...]
    triage: TriageDecision
    specialism: Specialism = Specialism.VOLWASSENEN
    phases: list[tuple[date, Phase]] = field(default_factory=list)
    closed: tuple[date, Outcome] | None = None
    reopened: date | None = None  # after the closing; the case is open again from then


def day_in(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def make_specs(seed: int = 7, count: int = 90) -> list[Spec]:
    rng = random.Random(seed)
    specs: list[Spec] = []
    for _ in range(count):
        received = day_in(rng, date(YEAR - 1, 10, 1), date(YEAR + 1, 2, 28))
        code = rng.choice([*COVERED, VENLO] if rng.random() < 0.95 else [VENLO])
        triage = rng.choice(
            [TriageDecision.OPGEPAKT] * 3 + [TriageDecision.ADVIES, TriageDecision.DOORVERWEZEN]
            + [TriageDecision.OPEN]
        )  # fmt: skip
        spec = Spec(
            received=received,
            code=code,
            kind=rng.choice(list(ReporterKind)),
            concerns=tuple(rng.sample(list(Concern), rng.randint(1, 3))),
            triage=triage,
            specialism=rng.choice(
                [Specialism.JEUGD, Specialism.VOLWASSENEN, Specialism.VOLWASSENEN]
            ),
        )
        if triage is TriageDecision.OPGEPAKT:
            day = received
            for phase in (Phase.BINDEN, Phase.TOELEIDEN):
                if rng.random() < 0.6:
                    day = day + timedelta(days=rng.randint(5, 120))
                    spec.phases.append((day, phase))
                else:
                    break
            if rng.random() < 0.6:
                spec.closed = (day + timedelta(days=rng.randint(1, 200)), rng.choice(list(Outcome)))
                if rng.random() < 0.3:
                    spec.reopened = spec.closed[0] + timedelta(days=rng.randint(0, 150))
        specs.append(spec)
    return specs


def build(register: Register, specs: list[Spec]) -> None:
    """Record every spec through casework; what lies after today is dropped from the spec."""
    today = date.today()
    for i, spec in enumerate(specs):
        recorded = record_report(
            register,
            ReportInput(
                received_on=spec.received,
                municipality_code=spec.code,
                reporter=ReporterInput(spec.kind, "Organisatie"),
                person=PersonInput(family_name=f"Persoon{i}", municipality_code=spec.code),
                concerns=spec.concerns,
            ),
        )
        if spec.triage is TriageDecision.OPGEPAKT:
            case_id = take_on(register, recorded.report_id, None, spec.specialism, spec.received)
            for day, phase in spec.phases:
                if day <= today:
                    cases.change_phase(register, case_id, phase, day, "verder")
            spec.phases = [(d, p) for d, p in spec.phases if d <= today]
            if spec.closed and spec.closed[0] <= today:
                cases.close_case(register, case_id, spec.closed[1], spec.closed[0])
                if spec.reopened and spec.reopened <= today:
                    cases.reopen_case(register, case_id, spec.reopened, "weer zorgen")
                else:
                    spec.reopened = None
            else:
                spec.closed = None
                spec.reopened = None
        elif spec.triage is not TriageDecision.OPEN:
            not_taken_on(register, recorded.report_id, spec.triage, "elders", spec.received)


def counts_register(
    path: Path, seed: int, count: int, *, team: str = "Team", user: str = LEAD
) -> tuple[Register, list[Spec]]:
    """A new register covering COVERED with `count` generated reports; unlocked."""
    register = new_register(path, team, user)
    reference_data.set_covered_municipalities(register, COVERED)
    specs = make_specs(seed, count)
    build(register, specs)
    return register, specs


def writing_commits(register: Register) -> list[int]:
    """A list that grows by one at each commit on the register's own engine that wrote
    something (each one fsynced: synchronous=FULL); a read's commit writes nothing."""
    writes: list[int] = []
    changes = [-1]

    def committed(conn: Connection) -> None:
        total = int(conn.connection.dbapi_connection.total_changes)  # type: ignore[union-attr]
        if changes[0] not in (-1, total):
            writes.append(total)
        changes[0] = total

    event.listen(register._engine, "commit", committed)
    with register.session() as session:  # the count so far, before what is measured
        session.connection()
    return writes
