"""What the privacy guard (`domain/privacy_guard.py`) checks a meeting pack against: the
identifying data of each case's own person, the names of everyone in the register
(persons and reporters) and the organisations that reported.

Reading these is no case read shown to anyone: what leaves this module is a set of folded
name words (not who they belong to) and the case's own data, which the guard only looks
for and never shows, so it writes no VIEW entries. The export code (`write_pack`) gets
this context from its caller: exports never read the reporter's table themselves.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from bemoeizorg.domain.privacy_guard import GuardContext, OwnPerson, register_names
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import Case, Person, Reporter


def guard_context(register: Register, case_ids: Iterable[int]) -> GuardContext:
    wanted = list(dict.fromkeys(case_ids))
    with register.session() as session:
        own: dict[int, OwnPerson] = {}
        if wanted:
            rows = session.execute(
                select(
                    Case.id,
                    Person.given_names,
                    Person.prefix,
                    Person.family_name,
                    Person.alias,
                    Person.birth_date,
                    Person.bsn,
                    Person.address,
                    Person.postcode,
                )
                .join(Person, Person.id == Case.person_id)
                .where(Case.id.in_(wanted))
            )
            for case_id, given, prefix, family, alias, born, bsn, address, postcode in rows:
                own[case_id] = OwnPerson(
                    given or "",
                    prefix or "",
                    family or "",
                    alias or "",
                    born,
                    bsn or "",
                    address or "",
                    postcode or "",
                )
        texts: list[str] = []
        for family, given, alias in session.execute(
            select(Person.family_name, Person.given_names, Person.alias)
        ):
            texts += (family or "", given or "", alias or "")
        organisations: list[str] = []
        for name, organisation in session.execute(select(Reporter.name, Reporter.organisation)):
            texts.append(name or "")
            organisations.append(organisation or "")
    return GuardContext(own, register_names(texts, organisations))
