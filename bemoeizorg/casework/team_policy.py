"""Team policy: what the whole team works under, kept inside the encrypted register
(`register_setting` rows), read by anyone, changed only by a teamleider and logged.

The counts threshold lives here: published numbers below it are hidden ("<5"). It was a
device setting once, so anyone able to edit a JSON file could make the exports hide
nothing without a trace; now the store refuses a bemoeizorger and every change is an
`instellingen` entry in the access log. The retention terms are team policy too
(casework/retention.py keeps them through the same helpers).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bemoeizorg.domain.people import Role
from bemoeizorg.domain.suppression import DEFAULT_THRESHOLD
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.errors import InvalidInput
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import RegisterSetting

THRESHOLD_KEY = "counts.threshold"
THRESHOLD_LOW, THRESHOLD_HIGH = 2, 20
THRESHOLD_LABEL = "Jaarcijfers: aantallen verbergen onder"

# What "Alleen een teamleider mag ..." says for each team-policy action (the store's
# refusal), and the same as a line the UI shows beside a disabled control.
CHANGE_THRESHOLD = "de drempel voor kleine aantallen wijzigen"
CHANGE_TERMS = "de bewaartermijnen wijzigen"
APPLY_RETENTION = "gegevens volgens de bewaartermijnen verwijderen"
ADD_USERS = "gebruikers toevoegen"
NEW_RECOVERY_CODE = "een nieuwe herstelcode maken"
IMPORT_REGISTER = "een laptopregister inlezen"
CHANGE_USERS = "gebruikers verwijderen of hun rol wijzigen"
MANAGE_USERS = "gebruikers toevoegen, verwijderen of hun rol wijzigen"  # a page's grey line


def only_teamleider(what: str) -> str:
    """The reason a bemoeizorger sees beside a disabled control: "Alleen een teamleider
    kan gebruikers toevoegen." (the store's refusal says "mag", with what to do)."""
    return f"Alleen een teamleider kan {what}."


# --- rows ------------------------------------------------------------------------------------


def read_settings(session: Session, prefix: str) -> dict[str, str]:
    """Every stored setting whose key starts with `prefix`, by key."""
    rows = session.execute(
        select(RegisterSetting.key, RegisterSetting.value).where(
            RegisterSetting.key.like(f"{prefix}%")
        )
    ).all()
    return {key: value for key, value in rows}


def write_settings(session: Session, values: Mapping[str, str]) -> None:
    """Insert or update these rows (the caller logs, in the same transaction)."""
    for key, value in values.items():
        row = session.get(RegisterSetting, key)
        if row is None:
            session.add(RegisterSetting(key=key, value=value))
        else:
            row.value = value


# --- the counts threshold --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CountsPolicy:
    """The threshold in force, and whether the acting user may change it."""

    threshold: int
    may_change: bool


def threshold_problem(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return f"{THRESHOLD_LABEL}: kies een getal van {THRESHOLD_LOW} tot {THRESHOLD_HIGH}."
    if not THRESHOLD_LOW <= value <= THRESHOLD_HIGH:
        return f"{THRESHOLD_LABEL}: kies een getal van {THRESHOLD_LOW} tot {THRESHOLD_HIGH}."
    return None


def _stored_threshold(session: Session) -> int:
    raw = read_settings(session, THRESHOLD_KEY).get(THRESHOLD_KEY)
    try:
        value = int(raw) if raw is not None else DEFAULT_THRESHOLD
    except ValueError:
        return DEFAULT_THRESHOLD
    # A value out of bounds was never written by the program: the monitor's rule holds.
    return DEFAULT_THRESHOLD if threshold_problem(value) else value


def counts_threshold(register: Register) -> int:
    with register.session() as session:
        return _stored_threshold(session)


def counts_policy(register: Register) -> CountsPolicy:
    return CountsPolicy(counts_threshold(register), register.role() is Role.TEAMLEIDER)


def set_counts_threshold(register: Register, value: int) -> None:
    """Teamleider only; 2-20; logged as a settings change. Setting the same value again
    changes and logs nothing."""
    register.require_teamleider(CHANGE_THRESHOLD)
    if problem := threshold_problem(value):
        raise InvalidInput(problem)
    with register.session() as session:
        old = _stored_threshold(session)
        if old == value and read_settings(session, THRESHOLD_KEY):
            return
        write_settings(session, {THRESHOLD_KEY: str(value)})
        register.audit(
            session, Action.SETTINGS, detail=f"aantallen verbergen onder: {old} naar {value}"
        )
