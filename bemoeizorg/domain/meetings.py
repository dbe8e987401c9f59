"""Local network meetings: their kinds, the partner organisations, and the rules for what a
case summary may show (pseudonym, age band, what the team lead may leave out).

Pure values and rules; the register side is `casework/meetings.py`, the pack itself
`exports/meeting_pack.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from bemoeizorg.domain.vocabulary import Concern


class MeetingKind(StrEnum):
    NETWERKOVERLEG = "netwerkoverleg"
    CASUISTIEKOVERLEG = "casuistiekoverleg"
    EERSTE_BESPREKING = "eerste_bespreking"  # all open cases of a municipality at once

    @property
    def label(self) -> str:
        return {
            MeetingKind.NETWERKOVERLEG: "Netwerkoverleg",
            MeetingKind.CASUISTIEKOVERLEG: "Casuïstiekoverleg",
            MeetingKind.EERSTE_BESPREKING: "Eerste bespreking (alle open casussen)",
        }[self]


# The partners that usually sit at the table (domain.md, "Local network meetings").
PARTNER_ORGANISATIONS: tuple[str, ...] = (
    "GGD",
    "GGZ",
    "Maatschappelijke opvang",
    "Politie",
    "Woningcorporatie",
    "Maatschappelijk werk",
    "Verslavingszorg",
    "Sociaal team",
    "Gemeente",
)

# A pack is for one meeting; after it the paper and the file are to be destroyed.
DESTROY_AFTER_DAYS = 14


def destroy_after(held_on: date) -> date:
    return held_on + timedelta(days=DESTROY_AFTER_DAYS)


class PseudonymStyle(StrEnum):
    INITIALEN = "initialen"  # initials and birth year: "J.P. vd B. (1970)"
    NUMMER = "nummer"  # only the number on this agenda: "Casus 3"

    @property
    def label(self) -> str:
        if self is PseudonymStyle.INITIALEN:
            return "Initialen en geboortejaar"
        return "Alleen een nummer"


@dataclass(frozen=True, slots=True)
class SharedFields:
    """What the team lead lets this meeting see of one case. The default is the minimum
    the meeting needs; each switch only narrows it, nothing here can widen it."""

    pseudonym: PseudonymStyle = PseudonymStyle.INITIALEN
    age_band: bool = True
    phase: bool = True
    concerns_left_out: frozenset[Concern] = field(default_factory=frozenset)
    actions: bool = True

    def without_concern(self, concern: Concern) -> SharedFields:
        return replace(self, concerns_left_out=self.concerns_left_out | {concern})

    def to_json(self) -> dict[str, Any]:
        return {
            "pseudonym": self.pseudonym.value,
            "age_band": self.age_band,
            "phase": self.phase,
            "concerns_left_out": sorted(c.value for c in self.concerns_left_out),
            "actions": self.actions,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> SharedFields:
        """Unknown or damaged values fall back to the narrowest reading, never a wider one."""
        if not data:
            return cls()
        known = {c.value: c for c in Concern}
        left_out = frozenset(known[v] for v in data.get("concerns_left_out", ()) if v in known)
        style = data.get("pseudonym")
        return cls(
            pseudonym=PseudonymStyle.INITIALEN
            if style == PseudonymStyle.INITIALEN.value
            else PseudonymStyle.NUMMER,
            age_band=data.get("age_band") is True,
            phase=data.get("phase") is True,
            concerns_left_out=left_out,
            actions=data.get("actions") is True,
        )


AGE_BANDS: tuple[tuple[int, int | None, str], ...] = (
    (0, 17, "jonger dan 18"),
    (18, 26, "18 tot 27 jaar"),
    (27, 39, "27 tot 40 jaar"),
    (40, 54, "40 tot 55 jaar"),
    (55, 66, "55 tot 67 jaar"),
    (67, None, "67 jaar of ouder"),
)


def age_band(age: int | None) -> str:
    """Wide bands: enough for the meeting (youth, working age, pension age), not a birth date."""
    if age is None or age < 0:
        return "leeftijd onbekend"
    for low, high, text in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return text
    return "leeftijd onbekend"  # pragma: no cover - the last band is open-ended


_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)


def initials(given_names: str, prefix: str, family_name: str) -> str:
    """'Johannes Petrus', 'van der', 'Berg' -> 'J.P. vd B.'; 'Jan', '', 'Doe' -> 'J.D.':
    Dutch-style initials, no space between letters (only around a prefix)."""
    given = "".join(f"{w[0].upper()}." for w in _WORD.findall(given_names))
    pre = "".join(w[0].lower() for w in _WORD.findall(prefix))
    family = "".join(f"{w[0].upper()}." for w in _WORD.findall(family_name))
    if pre:
        return " ".join(part for part in (given, pre, family) if part)
    return f"{given}{family}" or "?"


def pseudonym(
    style: PseudonymStyle,
    position: int,
    given_names: str,
    prefix: str,
    family_name: str,
    birth_year: int | None,
) -> str:
    if style is PseudonymStyle.NUMMER:
        return f"Casus {position}"
    year = f" ({birth_year})" if birth_year else ""
    return f"{initials(given_names, prefix, family_name)}{year}"
