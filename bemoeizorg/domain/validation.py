"""Checks on what people type, each failing with a Dutch sentence for the field."""

from __future__ import annotations

import re

from bemoeizorg.domain.team import ContactPointData

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()\-]{6,20}$")


def contact_point_problems(cp: ContactPointData) -> dict[str, str]:
    """Field name -> Dutch message; empty when the contact point can be saved."""
    problems: dict[str, str] = {}
    if not cp.name.strip():
        problems["name"] = "Vul de naam van het aanspreekpunt in."
    if cp.email and not _EMAIL.match(cp.email.strip()):
        problems["email"] = "Dit is geen geldig e-mailadres."
    if cp.phone and not _PHONE.match(cp.phone.strip()):
        problems["phone"] = "Een telefoonnummer bestaat uit cijfers, spaties en eventueel een +."
    if cp.valid_from and cp.valid_to and cp.valid_to < cp.valid_from:
        problems["valid_to"] = "De einddatum ligt vóór de begindatum."
    return problems
