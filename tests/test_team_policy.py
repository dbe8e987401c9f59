"""Team policy in the register (issue 12, finding 3): the counts threshold is read by
everyone, changed by a teamleider only, within 2-20, logged with old and new value; a
value nobody could have written through the program falls back to the monitor's 5."""

from __future__ import annotations

import pytest

from bemoeizorg.casework import team_policy
from bemoeizorg.casework.team_policy import CountsPolicy
from bemoeizorg.domain.people import Role
from bemoeizorg.store import access_log
from bemoeizorg.store.access_log import Action, LogFilter
from bemoeizorg.store.errors import InvalidInput, NotAllowed
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import RegisterSetting
from tests.builders import OTHER

MEMBER = "Bram Janssen"


def settings_details(register: Register) -> list[str]:
    with register.session() as session:
        entries = access_log.query(session, LogFilter(actions=(Action.SETTINGS,)))
        return [e.detail for e in entries]


def as_member(register: Register) -> Register:
    register.add_user(MEMBER, Role.BEMOEIZORGER, OTHER)
    path = register.path
    register.lock()
    return Register.unlock(path, MEMBER, OTHER)


def test_default_five_then_a_teamleider_sets_it_logged(register: Register) -> None:
    assert team_policy.counts_policy(register) == CountsPolicy(5, may_change=True)
    team_policy.set_counts_threshold(register, 10)
    assert team_policy.counts_threshold(register) == 10
    assert settings_details(register)[-1] == "aantallen verbergen onder: 5 naar 10"
    before = len(settings_details(register))
    team_policy.set_counts_threshold(register, 10)  # no change, no entry
    assert len(settings_details(register)) == before


@pytest.mark.parametrize("value", [1, 21, 0, -5, True])
def test_out_of_bounds_refused_in_dutch(register: Register, value: int) -> None:
    with pytest.raises(InvalidInput, match="kies een getal van 2 tot 20"):
        team_policy.set_counts_threshold(register, value)
    assert team_policy.counts_threshold(register) == 5


def test_a_bemoeizorger_reads_it_but_the_store_refuses_a_change(register: Register) -> None:
    team_policy.set_counts_threshold(register, 7)
    member = as_member(register)
    try:
        assert team_policy.counts_policy(member) == CountsPolicy(7, may_change=False)
        before = len(settings_details(member))
        with pytest.raises(NotAllowed) as refused:
            team_policy.set_counts_threshold(member, 2)
        assert str(refused.value) == (
            "Alleen een teamleider mag de drempel voor kleine aantallen wijzigen. "
            "Vraag dit aan uw teamleider."
        )
        assert team_policy.counts_threshold(member) == 7
        assert len(settings_details(member)) == before
    finally:
        member.lock()


@pytest.mark.parametrize("stored", ["1", "99", "vijf", ""])
def test_an_odd_stored_value_falls_back_to_five(register: Register, stored: str) -> None:
    with register.session() as session:
        session.add(RegisterSetting(key=team_policy.THRESHOLD_KEY, value=stored))
    assert team_policy.counts_threshold(register) == 5
