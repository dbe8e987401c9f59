"""When a read writes its access-log entry (NEN 7513): every read is logged, but the same
sight again a moment later is not logged twice.

A list shown, or a case shown, while the log's newest entry is this user's own entry for
the same thing (the list: a VIEW without a case; a case: its VIEW, or the CHANGE the user
just saved there) of the last SAME_SIGHT_SECONDS adds none: that entry stands for
what was looked at in that moment. So typing a name in the search box costs one entry, not
one per letter, and a case shown again after one's own save adds no second fsynced write
to the save (issue 16: one fsynced commit per user action). Any other entry in between
(anyone's, on a team register) and the next sight is logged again.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bemoeizorg.store.access_log import Action
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import AccessLogEntry

SAME_SIGHT_SECONDS = 30


def log_sight(register: Register, session: Session, case_id: int | None) -> None:
    """The VIEW entry of a list (`case_id` None) or of a case, unless it stands already."""
    last = session.execute(
        select(
            AccessLogEntry.user_name,
            AccessLogEntry.action,
            AccessLogEntry.case_id,
            AccessLogEntry.detail,
            AccessLogEntry.at,
        )
        .order_by(AccessLogEntry.id.desc())
        .limit(1)
    ).first()
    if last is not None:
        user, action, last_case, detail, at = last
        try:
            age = (datetime.now(UTC) - datetime.fromisoformat(at)).total_seconds()
        except (TypeError, ValueError):
            age = -1.0  # unreadable: write a fresh entry
        # A VIEW with a detail is another read (a card, a reporter); a CHANGE's detail
        # only says which line of the case was changed.
        seen = (action == Action.VIEW.value and not detail) or (
            case_id is not None and action == Action.CHANGE.value
        )
        if (
            user == register.user
            and seen
            and last_case == case_id
            and 0 <= age < SAME_SIGHT_SECONDS
        ):
            return
    register.audit(session, Action.VIEW, case_id)
