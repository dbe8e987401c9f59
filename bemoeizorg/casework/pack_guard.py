"""What the privacy guard (`domain/privacy_guard.py`) checks a meeting pack against: the
identifying data of each case's own person, and the names of everyone in the register
(persons and reporters).

Reading these is no case read shown to anyone: nothing of it leaves this module but the
places and reasons of hits, so it writes no VIEW entries. Overriding the guard is a
teamleider's decision with a reason from a fixed list, logged without any text
(`override_guard`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select

from bemoeizorg.domain.privacy_guard import OwnPerson, RegisterNames, register_names
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import Case, Person, Reporter


@dataclass(frozen=True, slots=True)
class GuardContext:
    own: dict[int, OwnPerson]  # by case id
    names: RegisterNames


class OverrideReason(StrEnum):
    """Why a teamleider lets a warned text into the pack: fixed texts, so the access log
    holds the program's words and never what was typed."""

    NOT_A_PERSON = "geen persoonsgegeven (een organisatie, plaats of gewoon woord)"
    NEEDED = "nodig voor het overleg en met de betrokkene besproken"
    PROFESSIONAL = "naam van een hulpverlener in zijn rol"

    @property
    def label(self) -> str:
        return self.value[:1].upper() + self.value[1:]


OVERRIDE_DETAIL = "privacywaarschuwing overgeslagen: {reason}"


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
        texts += (name or "" for name in session.scalars(select(Reporter.name)))
    return GuardContext(own, register_names(texts))


def override_guard(register: Register, case_ids: Iterable[int], reason: OverrideReason) -> None:
    """A teamleider lets the warned texts into the pack: one entry per case, with the
    reason's fixed text (never the text or the hit)."""
    register.require_teamleider("de privacywaarschuwing overslaan")
    with register.session() as session:
        for case_id in dict.fromkeys(case_ids):
            register.audit(
                session, Action.CHANGE, case_id, detail=OVERRIDE_DETAIL.format(reason=reason.value)
            )
