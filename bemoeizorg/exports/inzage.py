"""Hands an inzage (AVG access request, art. 15) out: build it (`inzage_pages`), render it
(`inzage_pdf`), then publish it the one way (`publish.publish_coded`): one EXPORT entry per
case of the person with the detail "inzageverzoek" and the log's control code on every
page, in one transaction. Only a teamleider may (checked in `inzage_pages`, below every
screen).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bemoeizorg.exports.inzage_pages import LOG_DETAIL, build_inzage
from bemoeizorg.exports.publish import publish_coded
from bemoeizorg.store.register import Register


@dataclass(frozen=True, slots=True)
class InzageWritten:
    path: Path
    cases: int
    reports: int
    control_code: str  # the access log's, including this inzage's EXPORT entries


def write_inzage(register: Register, person_id: int, path: Path) -> InzageWritten:
    """Make the inzage and publish it: one EXPORT entry per case of the person (one without
    a case when there is none) with the detail "inzageverzoek", the PDF with the log's
    control code on every page, written carefully, all in one transaction; a file whose
    entries cannot be written is removed again. Teamleider only."""
    from bemoeizorg.exports.inzage_pdf import render_inzage  # reportlab loads only when needed

    inzage = build_inzage(register, person_id)
    code = publish_coded(
        register,
        path,
        lambda code: render_inzage(inzage, control_code=code),
        case_ids=inzage.case_ids or None,
        detail=LOG_DETAIL,
    )
    return InzageWritten(path, len(inzage.case_ids), inzage.reports, code)
