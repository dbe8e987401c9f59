"""A melding typed into the real intake screen with a canary in every field, and taken on
at triage: what the person card and melding read-back tests read back. Also: the same
register opened again as another user, and the search of every file a test left behind."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from sqlalchemy import select

from bemoeizorg.casework import reference_data
from bemoeizorg.domain.formats import date_text
from bemoeizorg.domain.municipalities import Subregion, codes_in
from bemoeizorg.domain.people import Role, Specialism
from bemoeizorg.domain.team import TeamMemberData
from bemoeizorg.domain.vocabulary import Concern, ReporterKind, Urgency
from bemoeizorg.settings import DeviceSettings
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import AccessLogEntry, Case
from bemoeizorg.ui.dialogs.intake_dialog import IntakeDialog
from bemoeizorg.ui.jobs import JobRunner
from bemoeizorg.ui.register_session import RegisterSession
from tests.builders import ROERMOND, STRONG, TEAM, days_ago
from tests.ui.helpers import check_concern, choose, type_into

LEFT = Qt.MouseButton.LeftButton
WORKER = "Bram Peeters"  # bemoeizorger and case owner
OTHER_WORKER = "Cor Smeets"  # bemoeizorger, owns nothing of this case


@dataclass(frozen=True)
class Typed:
    """What was typed, field by field (the canaries)."""

    family: str = "Quakkelsteijn"
    prefix: str = "van der"
    given: str = "Wobbeline"
    alias: str = "Wobbie Kraai"
    born: date = date(1958, 7, 14)
    address: str = "Zilvermeeuwlaan 41"
    postcode: str = "6041 AB"
    city: str = "Maasbracht-Zuid"
    bsn: str = "111222333"
    received: date = days_ago(6)
    organisation: str = "Woonstichting Kraaiennest"
    reporter: str = "Ybeltje Ruisdaal"
    contact: str = "ybeltje@kraaiennest.example"
    description: str = "Zwerfkattenkolonie op het balkon, buren ruiken gas"
    concerns: tuple[Concern, ...] = (Concern.VERVUILING, Concern.ISOLEMENT)
    urgency: Urgency = Urgency.HOOG
    kind: ReporterKind = ReporterKind.WONINGCORPORATIE

    def canaries(self) -> list[str]:
        """The distinctive values: none may turn up outside the register."""
        return [
            self.family,
            self.given,
            self.alias,
            self.address,
            self.city,
            self.bsn,
            self.organisation,
            self.reporter,
            self.contact,
            self.description,
        ]


TYPED = Typed()


def prepare(register: Register) -> int:
    """Cover Midden-Limburg; WORKER (owner) and OTHER_WORKER as team members and users."""
    reference_data.set_covered_municipalities(register, codes_in(Subregion.MIDDEN))
    owner = reference_data.save_team_member(
        register, TeamMemberData(WORKER, Specialism.VOLWASSENEN)
    )
    reference_data.save_team_member(register, TeamMemberData(OTHER_WORKER, Specialism.JEUGD))
    register.add_user(WORKER, Role.BEMOEIZORGER, STRONG)
    register.add_user(OTHER_WORKER, Role.BEMOEIZORGER, STRONG)
    assert owner.id is not None
    return owner.id


def type_melding(qtbot: Any, session: RegisterSession, owner_id: int, typed: Typed = TYPED) -> int:
    """Type `typed` into Nieuwe melding, save, take it on for owner_id; the case id."""
    dialog = IntakeDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    person = dialog.person
    type_into(qtbot, person.family_edit, typed.family)
    type_into(qtbot, person.prefix_edit, typed.prefix)
    type_into(qtbot, person.given_edit, typed.given)
    type_into(qtbot, person.alias_edit, typed.alias)
    type_into(qtbot, person.birth_edit, date_text(typed.born))
    type_into(qtbot, person.address_edit, typed.address)
    type_into(qtbot, person.postcode_edit, typed.postcode)
    type_into(qtbot, person.city_edit, typed.city)
    type_into(qtbot, person.bsn_edit, typed.bsn)
    retype(qtbot, dialog.received_edit, date_text(typed.received))
    choose(dialog.municipality_combo, ROERMOND)
    choose(dialog.urgency_combo, typed.urgency)
    choose(dialog.reporter.kind_combo, typed.kind)
    type_into(qtbot, dialog.reporter.organisation_edit, typed.organisation)
    type_into(qtbot, dialog.reporter.name_edit, typed.reporter)
    type_into(qtbot, dialog.reporter.contact_edit, typed.contact)
    for concern in typed.concerns:
        check_concern(dialog, concern)
    dialog.description_edit.setFocus()
    qtbot.keyClicks(dialog.description_edit, typed.description)
    qtbot.mouseClick(dialog.save_button, LEFT)
    triage = dialog.triage_dialog
    assert triage is not None and triage.isVisible(), dialog.general_error.text()
    choose(triage.owner_combo, owner_id)
    qtbot.mouseClick(triage.save_button, LEFT)
    assert dialog.saved_case_id is not None
    return dialog.saved_case_id


def retype(qtbot: Any, edit: QLineEdit, text: str) -> None:
    """Select all in the field and type over it, as a user corrects one."""
    edit.setFocus()
    edit.selectAll()
    type_into(qtbot, edit, text)


def case_number(register: Register, case_id: int) -> str:
    with register.session() as session:
        return session.scalar(select(Case.number).where(Case.id == case_id)) or ""


def log_rows(register: Register) -> list[tuple[str, int | None, str]]:
    """(action, case id, detail) of every access-log entry, oldest first."""
    with register.session() as session:
        rows = session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id))
        return [(r.action, r.case_id, r.detail) for r in rows]


def log_texts(register: Register) -> str:
    """Every text field of every access-log entry, as one text to search."""
    with register.session() as session:
        rows = session.scalars(select(AccessLogEntry))
        return "\n".join(
            " ".join((r.at, r.user_name, r.action, r.program, r.machine, r.detail)) for r in rows
        )


def session_as(
    runner: JobRunner, unlocked: RegisterSession, user: str, opened: list[Register]
) -> RegisterSession:
    """The fixture's register locked, and opened again by `user` in a session of its own."""
    register = unlocked.register
    assert register is not None
    path = register.path
    register.lock()
    unlocked.register = None
    again = Register.unlock(path, user, STRONG)
    opened.append(again)
    session = RegisterSession(runner, DeviceSettings())
    session.adopt(again, TEAM)
    return session


def files_holding(folder: Path, canaries: list[str]) -> list[str]:
    """Files under folder holding any canary (as UTF-8 or UTF-16, any case)."""
    needles: list[bytes] = []
    for canary in canaries:
        for text in {canary, canary.lower(), canary.upper()}:
            needles += [text.encode(), text.encode("utf-16-le")]
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{path.name}: {n!r}" for n in needles if n in data]
    return found
