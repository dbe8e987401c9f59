"""Half-typed forms kept inside the register, so a crash or a lock loses nothing.

A draft is the form's fields as JSON, per user and kind (and case, for a contact). The
form saves it as the user types (debounced by the UI) and discards it after saving for
real; at the next unlock the program offers the user's drafts back. Drafts are not case
reads or changes, so they are not in the access log; they never leave the register.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bemoeizorg.domain.identity import display_name
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import Case, Draft


class DraftKind(StrEnum):
    MELDING = "melding"
    CONTACT = "contact"

    @property
    def label(self) -> str:
        return {DraftKind.MELDING: "Nieuwe melding", DraftKind.CONTACT: "Contact"}[self]


@dataclass(frozen=True, slots=True)
class DraftData:
    id: int
    kind: DraftKind
    case_id: int | None
    fields: dict[str, Any]
    updated_at: str


def save_draft(
    register: Register,
    kind: DraftKind,
    fields: dict[str, Any],
    *,
    draft_id: int | None = None,
    case_id: int | None = None,
) -> int:
    """Create or overwrite a draft; returns its id (keep it to overwrite next time)."""
    payload = json.dumps(fields, ensure_ascii=False, default=str)
    with register.session() as session:
        row = session.get(Draft, draft_id) if draft_id is not None else None
        if row is None or row.user_name != register.user:
            row = Draft(kind=kind.value, user_name=register.user, case_id=case_id)
            session.add(row)
        row.payload = payload
        row.case_id = case_id
        row.updated_at = datetime.now(UTC).isoformat(timespec="seconds")
        session.flush()
        return row.id


def drafts_of_user(register: Register) -> list[DraftData]:
    with register.session() as session:
        rows = session.scalars(
            select(Draft).where(Draft.user_name == register.user).order_by(Draft.updated_at)
        )
        return [
            DraftData(r.id, DraftKind(r.kind), r.case_id, json.loads(r.payload), r.updated_at)
            for r in rows
        ]


def discard_draft(register: Register, draft_id: int) -> None:
    with register.session() as session:
        discard_in(session, register.user, draft_id)


def discard_in(session: Session, user: str, draft_id: int) -> None:
    """Throw the user's draft away inside a caller's transaction: a save that takes the
    draft's place (a contact) can do so in its own commit, one fsync for both (issue 16)."""
    session.execute(delete(Draft).where(Draft.id == draft_id, Draft.user_name == user))


def describe(register: Register, draft: DraftData) -> str:
    """A line the user recognises the draft by: 'Nieuwe melding over Jan de Vries'.

    Shown only on this user's own screen; reading the case number is not a case read.
    """
    if draft.kind is DraftKind.CONTACT and draft.case_id is not None:
        with register.session() as session:
            number = session.scalar(select(Case.number).where(Case.id == draft.case_id))
        if number is None:
            return "Contact bij een casus die niet meer bestaat"
        return f"Contact bij casus {number}"
    fields = draft.fields
    name = display_name(
        str(fields.get("given_names") or ""),
        str(fields.get("prefix") or ""),
        str(fields.get("family_name") or ""),
    )
    return f"Nieuwe melding over {name}" if name else "Nieuwe melding (nog zonder naam)"


def described_drafts(register: Register) -> list[tuple[DraftData, str]]:
    """The user's drafts, oldest first, each with the line that describes it."""
    return [(draft, describe(register, draft)) for draft in drafts_of_user(register)]
