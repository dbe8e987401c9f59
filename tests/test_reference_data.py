"""The team's reference data in a real register: municipalities, contact points, members.

Each change is one access-log entry; a refused change leaves data and log as they were.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from bemoeizorg.casework import reference_data as rd
from bemoeizorg.domain.municipalities import BY_CODE, MUNICIPALITIES, Subregion, codes_in
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.team import ContactPointData, TeamMemberData
from bemoeizorg.store.errors import InvalidInput
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import AccessLogEntry
from tests.builders import LEAD, STRONG


def _settings_entries(register: Register) -> int:
    with register.session() as session:
        rows = session.scalars(
            select(AccessLogEntry.user_name).where(AccessLogEntry.action == "instellingen")
        )
        users = list(rows)
    assert set(users) <= {LEAD}
    return len(users)


def _cp(**changes: object) -> ContactPointData:
    fields: dict[str, object] = {
        "municipality_code": "GM0957",
        "name": "Els Hendriks",
        "organisation": "Gemeente Roermond",
        "phone": "+31 (0)475 359 999",
        "email": "e.hendriks@roermond.example.nl",
        "valid_from": date(2025, 1, 1),
        "valid_to": None,
    }
    fields.update(changes)
    return ContactPointData(**fields)  # type: ignore[arg-type]


# --- municipalities -----------------------------------------------------------------


def test_fourteen_municipalities_in_two_subregions() -> None:
    assert len(MUNICIPALITIES) == 14 and len(BY_CODE) == 14
    assert len(codes_in(Subregion.NOORD)) == 6  # Venlo not in the regional contract
    assert len(codes_in(Subregion.NOORD, contract_only=False)) == 7
    assert len(codes_in(Subregion.MIDDEN)) == 7
    assert not BY_CODE["GM0983"].in_regional_contract


def test_covered_municipalities_round_trip_and_log(register: Register) -> None:
    assert rd.covered_municipalities(register) == []
    before = _settings_entries(register)
    midden = codes_in(Subregion.MIDDEN)
    rd.set_covered_municipalities(register, midden)
    assert rd.covered_municipalities(register) == sorted(midden)
    assert _settings_entries(register) == before + 1

    # The same set again is no change and no entry; Venlo may be chosen.
    rd.set_covered_municipalities(register, reversed(midden))
    assert _settings_entries(register) == before + 1
    rd.set_covered_municipalities(register, [*midden, "GM0983"])
    assert "GM0983" in rd.covered_municipalities(register)
    assert _settings_entries(register) == before + 2

    register.lock()
    again = Register.unlock(register.path, LEAD, STRONG)
    try:
        assert rd.covered_municipalities(again) == sorted([*midden, "GM0983"])
    finally:
        again.lock()


def test_unknown_municipality_is_refused(register: Register) -> None:
    rd.set_covered_municipalities(register, ["GM0889"])
    before = _settings_entries(register)
    with pytest.raises(InvalidInput, match="Onbekende gemeente gekozen."):
        rd.set_covered_municipalities(register, ["GM0889", "GM0363"])  # Amsterdam
    assert rd.covered_municipalities(register) == ["GM0889"]
    assert _settings_entries(register) == before


# --- contact points -----------------------------------------------------------------


def test_contact_point_save_change_delete(register: Register) -> None:
    before = _settings_entries(register)
    saved = rd.save_contact_point(register, _cp(name="  Els Hendriks  "))
    assert saved.id is not None
    assert saved.name == "Els Hendriks"  # trimmed
    assert _settings_entries(register) == before + 1

    later = rd.save_contact_point(
        register, _cp(name="Piet Willems", valid_from=date(2026, 1, 1), municipality_code="GM0988")
    )
    changed = rd.save_contact_point(
        register, _cp(id=saved.id, valid_to=date(2025, 12, 31), phone="0475 123 456")
    )
    assert changed.id == saved.id
    assert _settings_entries(register) == before + 3

    assert rd.contact_points(register, "GM0957") == [changed]
    assert rd.contact_points(register, "GM0988") == [later]
    assert len(rd.contact_points(register)) == 2
    assert changed.current_on(date(2025, 6, 1)) and not changed.current_on(date(2026, 1, 1))

    rd.delete_contact_point(register, saved.id)
    assert rd.contact_points(register) == [later]
    assert _settings_entries(register) == before + 4
    rd.delete_contact_point(register, saved.id)  # already gone: nothing to log
    assert _settings_entries(register) == before + 4


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"email": "els.hendriks.roermond.nl"}, "Dit is geen geldig e-mailadres."),
        ({"email": "els@@roermond.nl"}, "Dit is geen geldig e-mailadres."),
        ({"phone": "bel maar"}, "Een telefoonnummer bestaat uit cijfers"),
        ({"phone": "12"}, "Een telefoonnummer bestaat uit cijfers"),
        (
            {"valid_from": date(2025, 6, 1), "valid_to": date(2025, 5, 31)},
            "De einddatum ligt vóór de begindatum.",
        ),
        ({"name": "   "}, "Vul de naam van het aanspreekpunt in."),
        ({"municipality_code": "GM9999"}, "Kies een gemeente."),
    ],
    ids=[
        "email-zonder-at",
        "email-dubbele-at",
        "telefoon-tekst",
        "telefoon-kort",
        "datums",
        "naam-leeg",
        "gemeente",
    ],
)
def test_contact_point_validation_in_dutch(
    register: Register, bad: dict[str, object], message: str
) -> None:
    before = _settings_entries(register)
    with pytest.raises(InvalidInput, match=message):
        rd.save_contact_point(register, _cp(**bad))
    assert rd.contact_points(register) == []
    assert _settings_entries(register) == before


def test_contact_point_problems_are_all_reported_together(register: Register) -> None:
    with pytest.raises(InvalidInput) as caught:
        rd.save_contact_point(register, _cp(email="geen-adres", phone="onbekend"))
    assert "e-mailadres" in str(caught.value) and "telefoonnummer" in str(caught.value)


def test_empty_optional_fields_are_fine(register: Register) -> None:
    saved = rd.save_contact_point(
        register,
        ContactPointData(municipality_code="GM0946", name="Wijkteam Nederweert"),
    )
    assert (saved.phone, saved.email, saved.valid_from, saved.valid_to) == ("", "", None, None)


# --- team members -------------------------------------------------------------------


def test_team_members_save_rename_deactivate(register: Register) -> None:
    before = _settings_entries(register)
    carla = rd.save_team_member(
        register, TeamMemberData(name=" Carla   Smeets ", specialism=Specialism.JEUGD)
    )
    dirk = rd.save_team_member(
        register, TeamMemberData(name="Dirk Janssen", specialism=Specialism.VOLWASSENEN)
    )
    assert carla.name == "Carla Smeets"
    assert _settings_entries(register) == before + 2

    renamed = rd.save_team_member(
        register,
        TeamMemberData(
            name="Carla Smeets-Peeters", specialism=Specialism.JEUGD, active=False, id=carla.id
        ),
    )
    assert renamed.id == carla.id
    # Saving a member under their own name is no clash.
    rd.save_team_member(register, dirk)
    assert _settings_entries(register) == before + 4

    assert [(m.name, m.active) for m in rd.team_members(register)] == [
        ("Carla Smeets-Peeters", False),
        ("Dirk Janssen", True),
    ]
    assert [m.name for m in rd.team_members(register, active_only=True)] == ["Dirk Janssen"]


def test_team_member_names_are_unique(register: Register) -> None:
    first = rd.save_team_member(
        register, TeamMemberData(name="Dirk Janssen", specialism=Specialism.VOLWASSENEN)
    )
    other = rd.save_team_member(
        register, TeamMemberData(name="Eva Kusters", specialism=Specialism.JEUGD)
    )
    before = _settings_entries(register)
    with pytest.raises(InvalidInput, match="Er is al een teamlid met de naam 'Dirk Janssen'."):
        rd.save_team_member(
            register, TeamMemberData(name="Dirk  Janssen ", specialism=Specialism.JEUGD)
        )
    with pytest.raises(InvalidInput, match="Er is al een teamlid met de naam 'Dirk Janssen'."):
        rd.save_team_member(
            register,
            TeamMemberData(name="Dirk Janssen", specialism=Specialism.JEUGD, id=other.id),
        )
    with pytest.raises(InvalidInput, match="Vul de naam van het teamlid in."):
        rd.save_team_member(register, TeamMemberData(name="  ", specialism=Specialism.JEUGD))
    assert rd.team_members(register) == [first, other]
    assert _settings_entries(register) == before


# --- a new register's team ------------------------------------------------------------


def test_start_team_adds_creator_and_covered_municipalities_in_one_entry(
    register: Register,
) -> None:
    before = _settings_entries(register)
    rd.start_team(register, "  Anna   de Vries ", Specialism.JEUGD, ["GM0957", "GM0988"])
    assert rd.team_members(register) == [
        TeamMemberData("Anna de Vries", Specialism.JEUGD, True, rd.team_members(register)[0].id)
    ]
    assert rd.covered_municipalities(register) == ["GM0957", "GM0988"]
    assert _settings_entries(register) == before + 1


def test_start_team_refuses_no_or_unknown_municipalities(register: Register) -> None:
    before = _settings_entries(register)
    with pytest.raises(InvalidInput, match="ten minste één gemeente"):
        rd.start_team(register, "Anna de Vries", Specialism.VOLWASSENEN, [])
    with pytest.raises(InvalidInput, match="Onbekende gemeente"):
        rd.start_team(register, "Anna de Vries", Specialism.VOLWASSENEN, ["GM0935"])
    assert rd.team_members(register) == []
    assert rd.covered_municipalities(register) == []
    assert _settings_entries(register) == before
