"""From checked spreadsheet rows to what the register gets: who is who, which reports make
a case, and how each case ends. No I/O: `import_preview` writes the resulting plan.

Rows about the same person (same BSN, or the same name and birth date, or the same person
already in the register) become one person; rows with one BSN but another family name or
birth date are an error (a BSN is one person's). Taken-on rows of one person whose periods
overlap become one case: a row joins the case before it unless that case closed before the
row's date. A row with a closing date and an outcome closes its case.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from bemoeizorg.casework.bulk_intake import PhaseChange, Plan, PlannedCase, PlannedReport
from bemoeizorg.casework.persons import family_proper
from bemoeizorg.domain.identity import age_on
from bemoeizorg.domain.intake import PersonInput, ReporterInput, ReportInput, fold
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.vocabulary import Concern, Outcome, Phase, TriageDecision, Urgency

PHASE_NOTE = "Fase overgenomen uit de spreadsheet"
CLOSE_NOTE = "Afgesloten volgens de spreadsheet"


@dataclass(frozen=True, slots=True)
class ImportRow:
    """One valid row, parsed."""

    number: int  # the row number as the spreadsheet shows it
    received_on: date
    municipality_code: str
    person: PersonInput
    reporter: ReporterInput
    concerns: tuple[Concern, ...]
    description: str
    urgency: Urgency
    taken_on: bool | None  # None: not yet triaged
    decision: TriageDecision | None
    referred_to: str
    owner: str
    specialism: Specialism | None
    phase: Phase | None
    closed_on: date | None
    outcome: Outcome | None

    def report_input(self) -> ReportInput:
        return ReportInput(
            received_on=self.received_on,
            municipality_code=self.municipality_code,
            reporter=self.reporter,
            person=self.person,
            concerns=self.concerns,
            description=self.description,
            urgency=self.urgency,
        )


# --- who is who, and which reports make a case ------------------------------------------


class _Groups:
    """Union-find over row indexes."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _person_keys(row: ImportRow, known: int | None = None) -> list[tuple[object, ...]]:
    p = row.person
    keys: list[tuple[object, ...]] = []
    if known is not None:
        keys.append(("register", known))
    if p.bsn:
        keys.append(("bsn", p.bsn))
    if p.family_name:
        name = (fold(p.family_name), fold(p.prefix), fold(p.given_names))
        # Without a birth date the same name only counts within one municipality.
        keys.append(("naam", *name, p.birth_date or p.municipality_code))
    return keys


def _merged_person(rows: Sequence[ImportRow]) -> PersonInput:
    """The person as the newest rows describe them; older rows fill what is missing."""
    newest_first = sorted(rows, key=lambda r: (r.received_on, r.number), reverse=True)

    def pick(attr: str) -> Any:
        for r in newest_first:
            value = getattr(r.person, attr)
            if value not in ("", None):
                return value
        return getattr(newest_first[0].person, attr)

    return PersonInput(
        family_name=pick("family_name"),
        municipality_code=newest_first[0].municipality_code,
        prefix=pick("prefix"),
        # Initials in one row, full given names in another: keep the full ones.
        given_names=max((r.person.given_names for r in newest_first), key=len),
        alias=pick("alias"),
        birth_date=pick("birth_date"),
        birth_year_estimate=None if pick("birth_date") else pick("birth_year_estimate"),
        bsn=pick("bsn"),
        address=pick("address"),
        postcode=pick("postcode"),
        city=pick("city"),
    )


# (field, what made the rows one person, what differs): a row whose field differs from the
# first row of the group that has it filled in.
_CONFLICTS = (
    ("bsn", "naam en geboortedatum", "het BSN verschilt. Controleer welk BSN klopt."),
    ("birth_date", "BSN", "de geboortedatum verschilt. Controleer welke klopt."),
    ("family", "BSN", "de achternaam verschilt. Eén BSN hoort bij één persoon: controleer het."),
)


def _field(row: ImportRow, field: str) -> object:
    if field == "family":  # the family name proper: "Berg, van der" is "van der Berg"
        return family_proper(row.person.family_name)
    value: object = getattr(row.person, field)
    return value


def _conflicts(rows: Sequence[ImportRow]) -> list[str]:
    problems: list[str] = []
    first: dict[str, ImportRow] = {}
    for r in sorted(rows, key=lambda r: r.number):
        for field, same, differs in _CONFLICTS:
            value = _field(r, field)
            if not value:
                continue
            earlier = first.setdefault(field, r)
            if _field(earlier, field) != value:
                problems.append(
                    f"Rij {r.number}: lijkt dezelfde persoon als rij {earlier.number} "
                    f"(zelfde {same}), maar {differs}"
                )
    return problems


def _age_at(person: PersonInput, day: date) -> int | None:
    if person.birth_date is not None:
        return age_on(person.birth_date, day)
    if person.birth_year_estimate is not None:
        return day.year - person.birth_year_estimate
    return None


def plan_rows(
    rows: Sequence[ImportRow], known: Sequence[int | None] = ()
) -> tuple[Plan, list[tuple[str, int]], list[str]]:
    """The plan for `rows`; `known` (index for index with rows, when given) is the
    register's person each row is about, or None (casework.bulk_intake.RegisterPersons)."""
    plan = Plan()
    owners: list[tuple[str, int]] = []
    errors: list[str] = []
    report_index: dict[int, int] = {}  # row index -> plan.reports index
    # Persons in the order of their first row, reports in the order of the rows.
    for person_index, indexes in enumerate(_same_person(rows, known)):
        person_rows = [rows[i] for i in indexes]
        errors.extend(_conflicts(person_rows))
        in_register = sorted({k for i in indexes if (k := _known(known, i)) is not None})
        if len(in_register) > 1:
            numbers = sorted(rows[i].number for i in indexes)
            errors.append(
                f"Rij {numbers[0]}: lijkt dezelfde persoon als rij {numbers[-1]}, maar in het "
                "register zijn dat twee personen. Controleer het BSN, de naam en de geboortedatum."
            )
        plan.known.append(in_register[0] if in_register else None)
        plan.persons.append(_merged_person(person_rows))
        for i in indexes:
            report_index[i] = len(plan.reports)
            plan.reports.append(_planned_report(rows[i], person_index))
        for cluster in _case_clusters(rows, indexes):
            _add_case(plan, owners, [rows[j] for j in cluster], cluster, report_index)
    return plan, owners, errors


def _known(known: Sequence[int | None], index: int) -> int | None:
    return known[index] if index < len(known) else None


def _same_person(rows: Sequence[ImportRow], known: Sequence[int | None] = ()) -> list[list[int]]:
    """Row indexes per person (rows sharing any person key), in the order of first rows."""
    groups = _Groups(len(rows))
    seen: dict[tuple[object, ...], int] = {}
    for index, row in enumerate(rows):
        for key in _person_keys(row, _known(known, index)):
            if key in seen:
                groups.join(seen[key], index)
            else:
                seen[key] = index
    members: dict[int, list[int]] = {}
    for index in range(len(rows)):
        members.setdefault(groups.find(index), []).append(index)
    return sorted(members.values(), key=min)


def _planned_report(row: ImportRow, person_index: int) -> PlannedReport:
    return PlannedReport(
        person=person_index,
        report=ReportInput(
            received_on=row.received_on,
            municipality_code=row.municipality_code,
            reporter=row.reporter,
            concerns=row.concerns,
            description=row.description,
            urgency=row.urgency,
        ),
        decision=row.decision or TriageDecision.OPEN,
        note=row.referred_to,
        triaged_on=row.received_on if row.decision else None,
    )


def _case_clusters(rows: Sequence[ImportRow], indexes: Sequence[int]) -> list[list[int]]:
    """One person's taken-on rows by date, grouped per case: a row joins the case before it
    unless that case closed before the row's date."""
    taken = sorted((i for i in indexes if rows[i].taken_on), key=lambda i: (rows[i].received_on, i))
    clusters: list[list[int]] = []
    cluster_end: date | None = None
    for i in taken:
        row = rows[i]
        if clusters and (cluster_end is None or row.received_on <= cluster_end):
            clusters[-1].append(i)
        else:
            clusters.append([i])
            cluster_end = None
        if row.closed_on is not None and (cluster_end is None or row.closed_on > cluster_end):
            cluster_end = row.closed_on
    return clusters


def _add_case(
    plan: Plan,
    owners: list[tuple[str, int]],
    rows: Sequence[ImportRow],
    indexes: Sequence[int],
    report_index: dict[int, int],
) -> None:
    first = rows[0]
    newest_first = sorted(rows, key=lambda r: (r.received_on, r.number), reverse=True)
    owner_row = next((r for r in newest_first if r.owner), None)
    specialism = next((r.specialism for r in newest_first if r.specialism), None)
    if specialism is None:
        age = _age_at(first.person, first.received_on)
        specialism = Specialism.JEUGD if age is not None and age < 18 else Specialism.VOLWASSENEN
    phase = next((r.phase for r in newest_first if r.phase), Phase.VINDEN)
    closing = max(
        (r for r in rows if r.closed_on is not None),
        key=lambda r: (r.closed_on or date.min, r.number),
        default=None,
    )
    last_report_on = newest_first[0].received_on
    changes: tuple[PhaseChange, ...] = ()
    if phase is not Phase.VINDEN:
        changes = (PhaseChange(last_report_on, phase, PHASE_NOTE),)
    plan.cases.append(
        PlannedCase(
            reports=tuple(report_index[i] for i in indexes),
            opened_on=first.received_on,
            specialism=specialism,
            phase_changes=changes,
            closed_on=closing.closed_on if closing else None,
            outcome=closing.outcome if closing else None,
            close_note=CLOSE_NOTE if closing else "",
        )
    )
    owners.append((owner_row.owner, owner_row.number) if owner_row else ("", first.number))


def owner_errors(owners: Sequence[tuple[str, int]], team: Collection[str]) -> list[str]:
    known = {fold(name) for name in team}
    return [
        f"Rij {number}: dossierhouder '{name[:60]}' staat niet in het team "
        "(Instellingen > Team). Voeg het teamlid eerst toe of verbeter de naam."
        for name, number in owners
        if name and fold(name) not in known
    ]
