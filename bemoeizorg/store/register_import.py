"""A laptop's register into the team register (issue 17): `bemoeizorg team import-register`.

Everything of the casework comes along (persons, meldingen with their reporters and
concerns, cases, events, ZRM scores, actions, meetings and what was shared, contacts,
history, merges, team, contact points, covered municipalities), in one transaction on the
team register: all of it or nothing. Ids are the team register's own (every reference is
translated); a person already there is recognised by BSN and then by the same name and
birth date, and gets the laptop's meldingen and cases; a team member by name; a case
number already taken gets the year's next free one.

What stays on the laptop: its users and key slots, its access log (the team register logs
the import itself; the laptop logs that it was exported), drafts, settings and earlier
publications. The import is recorded by the laptop register's id: a second import of the
same register imports nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.orm import Session

from bemoeizorg.store.access_log import Action
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import Base, Case, Meta, RegisterSetting, number_key

# Not brought over: the laptop's own (users, keys, log, drafts, settings, publications).
LEFT_BEHIND = frozenset(
    {
        "access_log",
        "access_log_head",
        "alembic_version",
        "deletion_record",
        "draft",
        "meta",
        "publication_log",
        "register_setting",
        "user",
    }
)
IMPORTED_PREFIX = "imported_register."


@dataclass(frozen=True, slots=True)
class RegisterImported:
    persons_new: int
    persons_known: int
    reports: int
    cases: int
    already: bool = False


def _columns(table: Table, row: Any) -> dict[str, Any]:
    return {c.key: row[c.key] for c in table.columns if c.key in row}


class _Copier:
    def __init__(self, source: Session, target: Session) -> None:
        self.source = source
        self.target = target
        self.ids: dict[str, dict[Any, Any]] = {}
        self.persons_known = 0
        self.later: list[tuple[Table, str, Any, Any]] = []  # self-references, set after

    def _translate(self, table: Table, values: dict[str, Any]) -> None:
        for column in table.columns:
            for fk in column.foreign_keys:
                old = values.get(column.key)
                if old is None:
                    continue
                other = fk.column.table.name
                if other == table.name:
                    values[column.key] = None  # set once every row of the table is in
                    continue
                values[column.key] = self.ids[other][old]

    def _existing(self, table: Table, values: dict[str, Any]) -> Any:
        """The team register's row that is the same (its key), or None."""
        t = self.target
        c = table.c
        if table.name == "person":
            if values.get("bsn"):
                return t.scalar(select(c.id).where(c.bsn == values["bsn"]))
            return t.scalar(
                select(c.id)
                .where(
                    c.family_name == values["family_name"],
                    c.given_names == values["given_names"],
                    c.prefix == values["prefix"],
                    c.birth_date == values["birth_date"],
                    c.bsn == "",
                )
                .limit(1)
            )
        if table.name == "team_member":
            return t.scalar(select(c.id).where(c.name == values["name"]))
        if table.name == "contact_point":
            return t.scalar(
                select(c.id)
                .where(c.name == values["name"], c.municipality_code == values["municipality_code"])
                .limit(1)
            )
        if table.name == "covered_municipality":
            return t.scalar(select(c.code).where(c.code == values["code"]))
        return None

    def _case_number(self, values: dict[str, Any]) -> None:
        number = values["number"]
        taken = self.target.scalar(select(Case.id).where(Case.number == number))
        if taken is not None:
            year = number.partition("-")[0]
            last = self.target.scalar(
                select(func.max(Case.number_key)).where(Case.number.like(f"{year}-%"))
            )
            seq = int(last or 0) % 10_000_000 + 1
            number = f"{year}-{seq:04d}"
        values["number"] = number
        values["number_key"] = number_key(number)

    def copy(self, table: Table) -> int:
        """Every row of `table`; returns how many were inserted."""
        keys = list(table.primary_key.columns)
        single = keys[0] if len(keys) == 1 else None
        seen = self.ids.setdefault(table.name, {})
        inserted = 0
        rows = self.source.execute(select(table).order_by(*keys)).mappings()
        for row in rows:
            values = _columns(table, row)
            old = row[single.key] if single is not None else None
            self._translate(table, values)
            if (known := self._existing(table, values)) is not None:
                seen[old] = known
                self.persons_known += table.name == "person"
                continue
            for column in table.columns:
                for fk in column.foreign_keys:
                    if fk.column.table.name == table.name and row[column.key] is not None:
                        self.later.append((table, column.key, old, row[column.key]))
            if table.name == "case_file":
                self._case_number(values)
            autoincrement = single is not None and single.key == "id"
            if autoincrement:
                values.pop("id")
                new = self.target.execute(insert(table).values(values).returning(table.c.id))
                seen[old] = new.scalar_one()
            else:
                self.target.execute(insert(table).values(values))
                if single is not None:
                    seen[old] = values[single.key]
            inserted += 1
        return inserted

    def finish(self) -> None:
        for table, key, old, old_ref in self.later:
            own = self.ids[table.name]
            self.target.execute(
                update(table).where(table.c.id == own[old]).values({key: own[old_ref]})
            )


def import_register(source: Register, target: Register) -> RegisterImported:
    """Bring `source` (a laptop's register, unlocked) into `target` (the team register):
    a teamleider of the team register only; one transaction; logged on both sides."""
    target.require_teamleider("een register inlezen")
    marker = IMPORTED_PREFIX + source.register_id
    with source.session() as read, target.session() as write:
        if write.get(RegisterSetting, marker) is not None:
            return RegisterImported(0, 0, 0, 0, already=True)
        copier = _Copier(read, write)
        counts: dict[str, int] = {}
        for table in Base.metadata.sorted_tables:
            if table.name not in LEFT_BEHIND:
                counts[table.name] = copier.copy(table)
        copier.finish()
        name = read.get(Meta, "name")
        write.add(RegisterSetting(key=marker, value=name.value if name else ""))
        # Thousands of entries in one statement: one per melding and per case brought in.
        entries: list[tuple[Action, int | None]] = [(Action.CREATE, None)] * counts["report"]
        entries += [(Action.CREATE, case_id) for case_id in copier.ids["case_file"].values()]
        target.audit_many(write, entries)
        target.audit(write, Action.SETTINGS, detail="register ingelezen")
        source.audit(read, Action.EXPORT, detail="naar een teamregister")
    target.after_bulk_write()
    return RegisterImported(
        persons_new=counts["person"],
        persons_known=copier.persons_known,
        reports=counts["report"],
        cases=counts["case_file"],
    )
