"""Two workers in their own processes saving into the same team register at once
(issue 17): every contact present, no case number twice, one unbroken log chain."""

from __future__ import annotations

import multiprocessing
import secrets
from datetime import date

from sqlalchemy import func, select

from bemoeizorg.casework import cases, reference_data
from bemoeizorg.casework.intake import record_report, take_on
from bemoeizorg.domain.intake import PersonInput, ReporterInput, ReportInput
from bemoeizorg.domain.people import Role, Specialism
from bemoeizorg.domain.team import TeamMemberData
from bemoeizorg.domain.vocabulary import Concern, ContactKind, ReporterKind
from bemoeizorg.store import server_setup
from bemoeizorg.store.schema import Case, CaseEvent
from bemoeizorg.store.team_register import open_team_register
from tests.builders import ROERMOND
from tests.server.conftest import with_user

CONTACTS = 500
NEW_CASE_EVERY = 50  # ten new cases each, taken while the other process takes its own


def _new_case(register, family: str) -> int:  # type: ignore[no-untyped-def]
    recorded = record_report(
        register,
        ReportInput(
            received_on=date.today(),
            municipality_code=ROERMOND,
            reporter=ReporterInput(ReporterKind.BUURT, name="Buurvrouw"),
            person=PersonInput(family_name=family, municipality_code=ROERMOND),
            concerns=(Concern.VERVUILING,),
        ),
    )
    return take_on(register, recorded.report_id, None, Specialism.VOLWASSENEN, date.today())


def _work(url: str, who: str) -> None:
    register = open_team_register(url)
    try:
        case_id = 0
        for i in range(CONTACTS):
            if i % NEW_CASE_EVERY == 0:
                case_id = _new_case(register, f"{who}{i}")
            cases.log_contact(
                register, case_id, date.today(), ContactKind.HUISBEZOEK, "cliënt", True
            )
    finally:
        register.lock()


def test_two_workers_save_500_contacts_each_at_once(lead_url: str) -> None:
    server_setup.init_team_register(lead_url, "Team Oost")
    tag = lead_url.split("lead_")[1][:8]
    urls = []
    for who in ("anna", "bert"):
        password = secrets.token_hex(10)
        server_setup.add_user(lead_url, f"{who}_{tag}", Role.BEMOEIZORGER, password)
        urls.append(with_user(lead_url, f"{who}_{tag}", password))
    lead = open_team_register(lead_url)
    try:
        reference_data.save_team_member(lead, TeamMemberData("Bram", Specialism.VOLWASSENEN))
    finally:
        lead.lock()
    spawn = multiprocessing.get_context("spawn")
    workers = [
        spawn.Process(target=_work, args=(url, who))
        for url, who in zip(urls, ("A", "B"), strict=True)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert [w.exitcode for w in workers] == [0, 0]
    lead = open_team_register(lead_url)
    try:
        with lead.session() as session:
            contacts = session.scalar(
                select(func.count()).select_from(CaseEvent).where(CaseEvent.kind == "contact")
            )
            numbers = list(session.scalars(select(Case.number)))
        assert contacts == 2 * CONTACTS
        assert len(numbers) == 2 * CONTACTS // NEW_CASE_EVERY == len(set(numbers))
        report = lead.verify()
        assert report.ok, report.chain.summary
    finally:
        lead.lock()
