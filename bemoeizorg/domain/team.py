"""The team's reference data as plain values: contact points and team members."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bemoeizorg.domain.people import Specialism


@dataclass(frozen=True, slots=True)
class ContactPointData:
    """A municipality's aanspreekpunt for bemoeizorg; id None means not yet saved."""

    municipality_code: str
    name: str
    organisation: str = ""
    phone: str = ""
    email: str = ""
    valid_from: date | None = None
    valid_to: date | None = None
    id: int | None = None

    def current_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True, slots=True)
class TeamMemberData:
    name: str
    specialism: Specialism
    active: bool = True
    id: int | None = None
