"""The casework on a team register, unchanged: intake, cases, counts, the log (issue 17)."""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import replace

import pytest

from bemoeizorg.casework import reference_data
from bemoeizorg.casework.case_list import (
    CaseFilter,
    CaseSort,
    CaseStatus,
    count_cases,
    list_cases,
)
from bemoeizorg.domain.people import Role
from bemoeizorg.domain.suppression import REGION, full_grid
from bemoeizorg.exports.counts import Period, compute_counts
from bemoeizorg.store import server_setup
from bemoeizorg.store.errors import NotAllowed
from bemoeizorg.store.team_register import TeamRegister, open_team_register
from tests.builders import CASE_LIST_TODAY, COVERED, YEAR, build, build_cases, make_specs
from tests.server.conftest import with_user
from tests.test_counts import expected


def _worker(lead_url: str, name: str, role: Role = Role.BEMOEIZORGER) -> tuple[str, str]:
    """A new user of the register; returns (login name, password)."""
    login = f"{name}_{lead_url.split('lead_')[1][:8]}"
    password = secrets.token_hex(10)
    server_setup.add_user(lead_url, login, role, password)
    return login, password


def test_counts_on_the_team_register_equal_an_independent_count(lead_url: str) -> None:
    server_setup.init_team_register(lead_url, "Team Oost")
    lead = open_team_register(lead_url)
    try:
        assert isinstance(lead, TeamRegister) and lead.name() == "Team Oost"
        reference_data.set_covered_municipalities(lead, COVERED)
        specs = make_specs(seed=11, count=40)
        build(lead, specs)
        counts = compute_counts(lead, Period.year(YEAR))
        truth = expected(specs, Period.year(YEAR))
        for key, want in truth.items():
            got = Counter({k: v for k, v in counts.table(key).values.items() if v})
            assert got == +want, key
        received = sum(truth["meldingen"].values())
        _rows, cols, grid = full_grid(counts.table("kwartalen"))
        assert received > 0 and grid[(REGION, cols[-1])] == received
        report = lead.verify()
        assert report.ok, report.chain.summary
        assert report.chain.entries > 40
    finally:
        lead.lock()


def test_a_worker_opens_the_team_register_with_name_and_password(lead_url: str) -> None:
    server_setup.init_team_register(lead_url, "Team Oost")
    login, password = _worker(lead_url, "anna")
    bare = with_user(lead_url, "nobody", "x").replace("nobody:x@", "")
    anna = open_team_register(bare, login, password)
    try:
        assert anna.user == login and anna.role() is Role.BEMOEIZORGER
        with pytest.raises(NotAllowed):
            anna.require_teamleider("gebruikers toevoegen")
        with pytest.raises(NotAllowed):
            anna.add_user("kees", Role.BEMOEIZORGER, "x" * 20)
    finally:
        anna.lock()


def test_the_case_list_sorts_and_searches_on_the_team_register(lead_url: str) -> None:
    server_setup.init_team_register(lead_url, "Team Oost")
    lead = open_team_register(lead_url)
    try:
        ids = build_cases(lead)
        everything = CaseFilter(status=CaseStatus.ALL)
        for sort in CaseSort:
            for descending in (False, True):
                flt = replace(everything, sort=sort, descending=descending)
                page = list_cases(lead, flt, today=CASE_LIST_TODAY)
                assert sorted(r.id for r in page.rows) == sorted(
                    [ids.noel, ids.mieke, ids.piet, ids.sjef, ids.joelle]
                ), sort
        found = list_cases(lead, replace(everything, text="mieke"), today=CASE_LIST_TODAY)
        assert [r.id for r in found.rows] == [ids.mieke]
        typo = list_cases(lead, replace(everything, text="Hendriksk"), today=CASE_LIST_TODAY)
        assert [r.id for r in typo.rows] == [ids.joelle]
        assert count_cases(lead, everything) == 5
    finally:
        lead.lock()
