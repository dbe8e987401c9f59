"""Roles of the program's users and specialisms of team members."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    BEMOEIZORGER = "bemoeizorger"
    TEAMLEIDER = "teamleider"

    @property
    def label(self) -> str:
        return {Role.BEMOEIZORGER: "Bemoeizorger", Role.TEAMLEIDER: "Teamleider"}[self]


class Specialism(StrEnum):
    JEUGD = "jeugd"
    VOLWASSENEN = "volwassenen"

    @property
    def label(self) -> str:
        return {Specialism.JEUGD: "Jeugd", Specialism.VOLWASSENEN: "Volwassenen"}[self]
