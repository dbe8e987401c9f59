"""Two persons made one (teamleider only): the same person entered twice, e.g. once without
a BSN and once with.

Merging moves every case, melding and contact person of the merged person to the kept
person; the merged person's row stays, marked `merged_into_id`, and drops out of matching,
searches and the BSN check (casework.persons, casework.intake). A `person_merge` record
says who merged whom into whom and when, and lists the ids of the rows that moved, so
that "Samenvoegen ongedaan maken" puts exactly those back. The record stays after an undo,
marked undone. The details of the two persons are not combined: the kept person's card is
corrected afterwards, with its own history.

Each is one transaction, logged as a change ("personen samengevoegd", "samenvoegen
ongedaan gemaakt") on every case that moved, or once without a case when none did; the
log names no person.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Select, delete, or_, select, update
from sqlalchemy.orm import Session

from bemoeizorg.casework.intake import now_text
from bemoeizorg.casework.persons import PersonMatch, find_matches
from bemoeizorg.domain.formats import DateTextError, date_text, parse_date
from bemoeizorg.domain.identity import bsn_problem, display_name
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.errors import InvalidInput
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import (
    Case,
    Person,
    PersonContact,
    PersonHistory,
    PersonMerge,
    Report,
)

WHAT = "personen samenvoegen"  # completes "Alleen een teamleider mag ..."
WHAT_UNDO = "een samenvoeging ongedaan maken"
MERGED = "personen samengevoegd"
UNDONE = "samenvoegen ongedaan gemaakt"
SAME_PERSON = "Kies een andere persoon: een persoon kan niet met zichzelf worden samengevoegd."
ALREADY_MERGED = "Deze persoon is al samengevoegd met een ander. Kies de persoon die bleef."
NO_SUCH_PERSON = "Deze persoon staat niet (meer) in het register."
NO_SUCH_MERGE = "Deze samenvoeging staat niet in het register."
ALREADY_UNDONE = "Deze samenvoeging is al ongedaan gemaakt."
KEPT_MERGED_SINCE = (
    "De persoon die bleef is daarna zelf samengevoegd met een ander. Maak eerst die "
    "samenvoeging ongedaan."
)


@dataclass(frozen=True, slots=True)
class MergeRecord:
    merge_id: int
    kept_id: int
    merged_id: int
    merged_at: str  # ISO moment in UTC
    merged_by: str
    cases: int  # how many moved
    reports: int
    contacts: int
    undone_at: str | None
    undone_by: str

    @property
    def undone(self) -> bool:
        return self.undone_at is not None


@dataclass(frozen=True, slots=True)
class MergeSide:
    """What the confirmation shows of each person: enough to tell them apart."""

    person_id: int
    name: str
    born: str  # "02-04-1971", "ca. 1970" or ""
    bsn: str
    address: str
    cases: tuple[str, ...]  # case numbers
    reports: int


def _person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise InvalidInput(NO_SUCH_PERSON)
    return person


def _ids(session: Session, query: Select[int]) -> list[int]:
    return list(session.scalars(query))


def merge_side(register: Register, person_id: int) -> MergeSide:
    """One person as the merge confirmation shows them. Teamleider only; reads person
    data, no case content, and logs nothing (the merge itself is logged)."""
    register.require_teamleider(WHAT)
    with register.session() as session:
        person = _person(session, person_id)
        if person.birth_date is not None:
            born = date_text(person.birth_date)
        elif person.birth_year_estimate is not None:
            born = f"ca. {person.birth_year_estimate}"
        else:
            born = ""
        address = ", ".join(p for p in (person.address, person.postcode, person.city) if p)
        return MergeSide(
            person_id=person.id,
            name=display_name(person.given_names, person.prefix, person.family_name)
            or person.alias,
            born=born,
            bsn=person.bsn,
            address=address,
            cases=tuple(
                session.scalars(
                    select(Case.number).where(Case.person_id == person_id).order_by(Case.id)
                )
            ),
            reports=len(_ids(session, select(Report.id).where(Report.person_id == person_id))),
        )


def merge_candidates(register: Register, person_id: int, text: str = "") -> list[PersonMatch]:
    """Whom `person_id` might be merged with: the persons alike to them (nothing typed), or
    those matching what was typed (a name, a BSN or a birth date), the person itself and
    persons already merged left out. Teamleider only; like intake matching it reads person
    data, no case content, and logs nothing."""
    register.require_teamleider(WHAT)
    typed = text.strip()
    if not typed:
        with register.session() as session:
            p = _person(session, person_id)
        found = find_matches(
            register,
            family_name=p.family_name,
            prefix=p.prefix,
            given_names=p.given_names,
            birth_date=p.birth_date,
            bsn=p.bsn,
            alias=p.alias,
            limit=12,
        )
    elif sum(ch.isdigit() for ch in typed) == 9 and not bsn_problem(typed):
        found = find_matches(register, bsn=typed, limit=12)
    else:
        try:
            born = parse_date(typed, past=True) if any(ch.isdigit() for ch in typed) else None
        except DateTextError:
            born = None
        if born is not None:
            found = find_matches(register, birth_date=born, limit=12)
        else:
            found = find_matches(register, family_name=typed, alias=typed, limit=12)
    return [m for m in found if m.person_id != person_id]


def _record(merge: PersonMerge) -> MergeRecord:
    moved = json.loads(merge.moved or "{}")
    return MergeRecord(
        merge_id=merge.id,
        kept_id=merge.kept_id,
        merged_id=merge.merged_id,
        merged_at=merge.merged_at,
        merged_by=merge.merged_by,
        cases=len(moved.get("cases", [])),
        reports=len(moved.get("reports", [])),
        contacts=len(moved.get("contacts", [])),
        undone_at=merge.undone_at,
        undone_by=merge.undone_by,
    )


def _audit_cases(register: Register, session: Session, case_ids: list[int], detail: str) -> None:
    targets: list[int | None] = [*case_ids] if case_ids else [None]
    for case_id in targets:
        register.audit(session, Action.CHANGE, case_id, detail=detail)


def merge_persons(register: Register, kept_id: int, merged_id: int) -> MergeRecord:
    """Merge `merged_id` into `kept_id` (see the module text). Teamleider only."""
    register.require_teamleider(WHAT)
    if kept_id == merged_id:
        raise InvalidInput(SAME_PERSON)
    with register.session() as session:
        kept = _person(session, kept_id)
        merged = _person(session, merged_id)
        if kept.merged_into_id is not None or merged.merged_into_id is not None:
            raise InvalidInput(ALREADY_MERGED)
        moved = {
            "cases": _ids(session, select(Case.id).where(Case.person_id == merged_id)),
            "reports": _ids(session, select(Report.id).where(Report.person_id == merged_id)),
            "contacts": _ids(
                session, select(PersonContact.id).where(PersonContact.person_id == merged_id)
            ),
        }
        session.execute(update(Case).where(Case.person_id == merged_id).values(person_id=kept_id))
        session.execute(
            update(Report).where(Report.person_id == merged_id).values(person_id=kept_id)
        )
        session.execute(
            update(PersonContact)
            .where(PersonContact.person_id == merged_id)
            .values(person_id=kept_id)
        )
        merged.merged_into_id = kept_id
        merge = PersonMerge(
            kept_id=kept_id,
            merged_id=merged_id,
            merged_at=now_text(),
            merged_by=register.user,
            moved=json.dumps(moved),
            undone_by="",
        )
        session.add(merge)
        session.flush()
        _audit_cases(register, session, moved["cases"], MERGED)
        return _record(merge)


def undo_merge(register: Register, merge_id: int) -> MergeRecord:
    """Put back what a merge moved and show the merged person again. Teamleider only. The
    record stays, marked undone. Rows added to the kept person since stay with it."""
    register.require_teamleider(WHAT_UNDO)
    with register.session() as session:
        merge = session.get(PersonMerge, merge_id)
        if merge is None:
            raise InvalidInput(NO_SUCH_MERGE)
        if merge.undone_at is not None:
            raise InvalidInput(ALREADY_UNDONE)
        kept = _person(session, merge.kept_id)
        merged = _person(session, merge.merged_id)
        if kept.merged_into_id is not None:
            raise InvalidInput(KEPT_MERGED_SINCE)
        moved = json.loads(merge.moved or "{}")
        back = merge.merged_id
        for table, key in ((Case, "cases"), (Report, "reports"), (PersonContact, "contacts")):
            ids = [int(i) for i in moved.get(key, [])]
            if ids:
                session.execute(
                    update(table)
                    .where(table.id.in_(ids), table.person_id == merge.kept_id)
                    .values(person_id=back)
                )
        merged.merged_into_id = None
        merge.undone_at = now_text()
        merge.undone_by = register.user
        session.flush()
        _audit_cases(register, session, [int(i) for i in moved.get("cases", [])], UNDONE)
        return _record(merge)


def merges_into(register: Register, person_id: int) -> tuple[MergeRecord, ...]:
    """The merges that kept this person, newest first (undone ones too). Logs nothing: it
    names no one, only person numbers and counts."""
    with register.session() as session:
        rows = session.scalars(
            select(PersonMerge)
            .where(PersonMerge.kept_id == person_id)
            .order_by(PersonMerge.id.desc())
        )
        return tuple(_record(m) for m in rows)


# --- when retention removes a person -----------------------------------------------------


def orphaned_persons(session: Session) -> list[int]:
    """The persons the register no longer needs: no case and no melding refers to them, and
    they are not merged into a person who stays (a merged person has nothing of its own left,
    yet goes only with the person it was merged into, so that the merge can be undone)."""
    alone = (
        ~select(Case.id).where(Case.person_id == Person.id).exists(),
        ~select(Report.id).where(Report.person_id == Person.id).exists(),
    )
    found = set(session.scalars(select(Person.id).where(*alone, Person.merged_into_id.is_(None))))
    frontier = set(found)
    while frontier:
        merged = set(
            session.scalars(
                select(Person.id).where(*alone, Person.merged_into_id.in_(sorted(frontier)))
            )
        )
        frontier = merged - found
        found |= frontier
    return sorted(found)


def forget_persons(session: Session, person_ids: list[int]) -> None:
    """Remove persons for good with what hangs on them: earlier values, contact persons and
    merge records (retention; the caller turned on secure deletion and logs it)."""
    for at in range(0, len(person_ids), 500):
        ids = person_ids[at : at + 500]
        session.execute(delete(PersonHistory).where(PersonHistory.person_id.in_(ids)))
        session.execute(delete(PersonContact).where(PersonContact.person_id.in_(ids)))
        session.execute(
            delete(PersonMerge).where(
                or_(PersonMerge.kept_id.in_(ids), PersonMerge.merged_id.in_(ids))
            )
        )
        session.execute(update(Person).where(Person.id.in_(ids)).values(merged_into_id=None))
    for at in range(0, len(person_ids), 500):
        ids = person_ids[at : at + 500]
        session.execute(delete(Person).where(Person.id.in_(ids)))
