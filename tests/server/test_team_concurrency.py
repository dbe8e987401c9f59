"""Two workers saving the same case at once never lose a write (issue 17)."""

from __future__ import annotations

import secrets
from datetime import date

import pytest
from sqlalchemy import update

from bemoeizorg.casework import cases, reference_data
from bemoeizorg.domain.people import Role, Specialism
from bemoeizorg.domain.team import TeamMemberData
from bemoeizorg.domain.vocabulary import ContactKind, Phase
from bemoeizorg.store import server_setup
from bemoeizorg.store.concurrency import CaseChangedMeanwhile
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import Case
from bemoeizorg.store.team_register import open_team_register
from tests.builders import new_case
from tests.server.conftest import with_user


def _member(register: Register, name: str) -> int:
    found = [m.id for m in reference_data.team_members(register) if m.name == name]
    assert found and found[0] is not None
    return found[0]


MESSAGE = "Deze casus is intussen door een ander gewijzigd; uw tekst staat nog in het venster"


def test_the_second_of_two_saves_at_once_is_refused_and_the_first_kept(lead_url: str) -> None:
    server_setup.init_team_register(lead_url, "Team Oost")
    login = f"anna_{lead_url.split('lead_')[1][:8]}"
    password = secrets.token_hex(10)
    server_setup.add_user(lead_url, login, Role.TEAMLEIDER, password)
    lead = open_team_register(lead_url)
    anna = open_team_register(with_user(lead_url, login, password))
    try:
        reference_data.save_team_member(lead, TeamMemberData(login, Specialism.VOLWASSENEN))
        case_id = new_case(lead)
        # Both read the case, on their own connections; anna saves first, then the lead.
        lead_saving = lead.session()
        lead_session = lead_saving.__enter__()
        mine = lead_session.get(Case, case_id)
        assert mine is not None
        with anna.session() as session:
            theirs = session.get(Case, case_id)
            assert theirs is not None
            theirs.phase = Phase.BINDEN.value
        mine.phase = Phase.TOELEIDEN.value
        with pytest.raises(CaseChangedMeanwhile, match=MESSAGE):
            lead_saving.__exit__(None, None, None)
        with lead.session() as session:
            kept = session.get(Case, case_id)
            assert kept is not None and kept.phase == Phase.BINDEN.value

        # A window keeps the state it showed: a change of state after another's is refused,
        # a line on the timeline is not.
        shown = cases.read_case(lead, case_id).header.state
        cases.change_owner(anna, case_id, _member(anna, login), date.today())
        with pytest.raises(CaseChangedMeanwhile, match=MESSAGE):
            cases.change_phase(lead, case_id, Phase.TOELEIDEN, date.today(), "verder", shown=shown)
        cases.log_contact(lead, case_id, date.today(), ContactKind.TELEFONISCH, "betrokkene", True)
        header = cases.read_case(lead, case_id).header
        assert header.phase is Phase.BINDEN and header.owner == login
        # Read again, the state is the one to start from: the change goes through.
        cases.change_phase(
            lead, case_id, Phase.TOELEIDEN, date.today(), "verder", shown=header.state
        )
        assert cases.read_case(anna, case_id).header.phase is Phase.TOELEIDEN
    finally:
        anna.lock()
        lead.lock()


def test_the_local_register_refuses_a_change_from_an_older_version_too(
    register: Register,
) -> None:
    case_id = new_case(register)
    with pytest.raises(CaseChangedMeanwhile, match=MESSAGE):
        with register.session() as session:
            case = session.get(Case, case_id)
            assert case is not None
            # Another change of the row after this one was read (a colleague's, on a server).
            session.execute(
                update(Case).where(Case.id == case_id).values(version=Case.version + 1),
                execution_options={"synchronize_session": False},
            )
            case.phase = Phase.BINDEN.value
    with register.session() as session:
        case = session.get(Case, case_id)
        assert case is not None and case.phase == Phase.VINDEN.value and case.version == 1
