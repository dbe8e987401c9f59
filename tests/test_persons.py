"""Possible matches at intake, on a real register: tussenvoegsels, typos, BSN, birth date."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from bemoeizorg.casework import persons
from bemoeizorg.casework.intake import BSN_TAKEN, BsnTaken, record_report, take_on
from bemoeizorg.casework.persons import family_proper, find_matches, prefix_key, sound
from bemoeizorg.domain.intake import PersonInput, ReporterInput, ReportInput
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.vocabulary import Concern, ReporterKind
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import AccessLogEntry, Person

ROERMOND = "GM0957"
BSN_KEES = "111222333"  # passes the 11-test
BSN_OTHER = "123456782"


def add(register: Register, family: str, prefix: str = "", given: str = "", **kw: object) -> int:
    person = PersonInput(
        family_name=family,
        prefix=prefix,
        given_names=given,
        municipality_code=str(kw.pop("municipality_code", ROERMOND)),
        **kw,  # type: ignore[arg-type]
    )
    report = ReportInput(
        received_on=date(2026, 1, 5),
        municipality_code=ROERMOND,
        reporter=ReporterInput(ReporterKind.BUURT),
        person=person,
        concerns=(Concern.OVERLAST,),
    )
    return record_report(register, report).person_id


@pytest.fixture
def people(register: Register) -> dict[str, int]:
    return {
        "berg": add(register, "Berg", "van den", "Jan", birth_date=date(1971, 4, 2)),
        "imported_berg": add(register, "van der Berg", "", "Truus"),
        "janssen": add(register, "Janssen", "", "Kees", birth_date=date(1985, 5, 5), bsn=BSN_KEES),
        "jansen": add(register, "Jansen", "", "Piet", birth_date=date(1970, 1, 1)),
        "smid": add(register, "Smid", "", "Ria"),
        "meijer": add(register, "Meijer", "", "Wim", alias="Wimpie"),
        "de_jong": add(register, "Jong", "de", "Henk"),
        "bosch": add(register, "Bosch", "van den", "Sjaak"),
    }


def ids(matches: list[persons.PersonMatch]) -> list[int]:
    return [m.person_id for m in matches]


# --- names -----------------------------------------------------------------------------------


def test_family_name_proper_ignores_tussenvoegsels_wherever_typed() -> None:
    for typed in ("van den Berg", "Berg, van den", "Berg van den", "vd Berg", "v.d. Berg", "Berg"):
        assert family_proper(typed) == "berg", typed
    assert family_proper("De") == "de"  # a name that is only a prefix word stays a name
    assert prefix_key("Berg", "van den") == prefix_key("vd Berg", "") == "vd"
    assert prefix_key("Berg, van der", "") == "vd"


def test_dutch_spelling_variants_sound_alike() -> None:
    assert sound("janssen") == sound("jansen")
    assert sound("smid") == sound("smit") == sound("smidt")
    assert sound("meijer") == sound("meyer") == sound("meier")
    assert sound("claassen") == sound("klaasen")


@pytest.mark.parametrize(
    ("family", "prefix"),
    [
        ("Berg", "van den"),
        ("van den Berg", ""),
        ("Berg, van den", ""),
        ("vd Berg", ""),
        ("Berg", ""),
        ("berg", "v.d."),
    ],
)
def test_tussenvoegsel_variants_find_the_same_person(register, people, family, prefix) -> None:
    matches = find_matches(register, family, prefix, "Jan", None, "", "")
    assert matches[0].person_id == people["berg"]
    assert matches[0].name == "Jan van den Berg"
    assert "zelfde achternaam" in matches[0].reasons
    # The imported one, with the tussenvoegsel inside the family name, is found too;
    # van den Bosch (same tussenvoegsel, other name) is not.
    assert people["imported_berg"] in ids(matches)
    assert people["bosch"] not in ids(matches)


def test_typo_and_spelling_variant_match(register, people) -> None:
    matches = find_matches(register, "Jansen", "", "", None, "", "")
    assert set(ids(matches)[:2]) == {people["jansen"], people["janssen"]}
    janssen = next(m for m in matches if m.person_id == people["janssen"])
    assert "naam lijkt op" in janssen.reasons
    assert ids(find_matches(register, "Smit", "", "", None, "", ""))[0] == people["smid"]
    assert ids(find_matches(register, "Meyer", "", "", None, "", ""))[0] == people["meijer"]
    # A typo in the first two letters: the second, typo-tolerant pass finds Janssen.
    assert ids(find_matches(register, "Jnassen", "", "", None, "", ""))[0] == people["janssen"]


def test_same_birth_date_ranks_first(register, people) -> None:
    plain = find_matches(register, "Jansen", "", "", None, "", "")
    assert plain[0].person_id == people["jansen"]  # exactly the typed name
    matches = find_matches(register, "Jansen", "", "", date(1985, 5, 5), "", "")
    assert matches[0].person_id == people["janssen"]
    assert matches[0].reasons[0] == "zelfde geboortedatum"
    assert matches[0].born_text == "05-05-1985"
    assert matches[0].municipality == "Roermond"


def test_same_bsn_ranks_first_whatever_the_name(register, people) -> None:
    # Typed as Jansen with Piet's birth date, but with Kees's BSN: the BSN wins.
    matches = find_matches(register, "Jansen", "", "Piet", date(1970, 1, 1), BSN_KEES, "")
    assert matches[0].person_id == people["janssen"]
    assert matches[0].reasons[0] == "zelfde BSN"
    assert matches[1].person_id == people["jansen"]
    # A BSN alone, with no name at all, finds the person.
    assert ids(find_matches(register, "", "", "", None, BSN_KEES, "")) == [people["janssen"]]
    # A half-typed or invalid BSN matches nobody.
    assert find_matches(register, "", "", "", None, BSN_KEES[:6], "") == []
    assert find_matches(register, "", "", "", None, BSN_OTHER, "") == []


def test_alias_and_given_name(register, people) -> None:
    matches = find_matches(register, "", "", "", None, "", "Wimpie")
    assert ids(matches) == [people["meijer"]]
    assert "zelfde roepnaam" in matches[0].reasons
    kees = find_matches(register, "Janssen", "", "Kees", None, "", "")[0]
    assert kees.person_id == people["janssen"] and "zelfde voornaam" in kees.reasons


def test_unrelated_name_and_empty_input_match_nobody(register, people) -> None:
    assert find_matches(register, "Wolters", "", "Gerda", date(1990, 3, 3), "", "") == []
    assert find_matches(register, "", "", "", None, "", "") == []
    assert find_matches(register, "B", "", "", None, "", "") == []  # one letter is too little
    assert find_matches(register, "Bakker%", "", "", None, "", "") == []  # LIKE is escaped


def test_prefix_breaks_a_tie_between_jong_and_de_jong(register, people) -> None:
    other = add(register, "Jong", "", "Henk")
    with_prefix = find_matches(register, "Jong", "de", "Henk", None, "", "")
    assert ids(with_prefix)[:2] == [people["de_jong"], other]
    without = find_matches(register, "Jong", "", "Henk", None, "", "")
    assert ids(without)[:2] == [other, people["de_jong"]]


def test_open_case_number_shown_and_no_access_log_entry(register, people) -> None:
    with register.session() as s:
        report_id = s.scalar(
            select(func.max(persons.Report.id)).where(persons.Report.person_id == people["jansen"])
        )
    assert report_id is not None
    case_id = take_on(register, report_id, None, Specialism.VOLWASSENEN, date(2026, 1, 6))
    with register.session() as s:
        entries = s.scalar(select(func.count()).select_from(AccessLogEntry))

    matches = find_matches(register, "Jansen", "", "", None, "", "")
    jansen = next(m for m in matches if m.person_id == people["jansen"])
    assert jansen.open_case_id == case_id
    assert jansen.open_case_number == "2026-0001"
    assert next(m for m in matches if m.person_id == people["janssen"]).open_case_number is None
    summary = persons.person_summary(register, people["jansen"])
    assert summary is not None and summary.name == "Piet Jansen"
    assert summary.open_case_number == "2026-0001"
    assert persons.case_number(register, case_id) == "2026-0001"
    assert persons.person_of_report(register, report_id) == summary
    assert persons.person_summary(register, 999_999) is None

    with register.session() as s:
        assert s.scalar(select(func.count()).select_from(AccessLogEntry)) == entries


def test_limit_keeps_the_best(register) -> None:
    for n in range(12):
        add(register, "Vermeulen", "", f"Kind{n}")
    assert len(find_matches(register, "Vermeulen", "", "", None, "", "", limit=8)) == 8
    assert len(find_matches(register, "Vermeulen", "", "", None, "", "", limit=20)) == 12


# --- first-letter and sound variants ------------------------------------------------------------


def test_first_letter_variant_is_matched(register, people) -> None:
    qwyxzgui = add(register, "Qwyxzgui", "", "Ans", birth_date=date(1960, 2, 2))
    matches = find_matches(register, "Kwyxzgui", "", "", None, "", "")
    assert ids(matches) == [qwyxzgui]
    assert matches[0].name == "Ans Qwyxzgui"
    assert "naam lijkt op" in matches[0].reasons


@pytest.mark.parametrize(
    ("stored", "typed"),
    [("Cox", "Kocks"), ("Bauman", "Bouwman"), ("Zwart", "Swart"), ("Gerritsen", "Cherritsen")],
)
def test_sound_variants_with_another_first_letter_are_matched(register, stored, typed) -> None:
    person = add(register, stored, "", "Lies")
    assert ids(find_matches(register, typed, "", "", None, "", "")) == [person]


def test_typo_pass_does_not_flood_with_unrelated_names(register, people) -> None:
    assert find_matches(register, "Wolters", "", "", None, "", "") == []
    assert find_matches(register, "Xq", "", "", None, "", "") == []


def test_alike_person_ids_needs_every_word(register, people) -> None:
    with register.session() as s:
        assert persons.alike_person_ids(s, ["Jnassen", "kees"]) == {people["janssen"]}
        assert persons.alike_person_ids(s, ["Meyer"]) == {people["meijer"]}
        assert persons.alike_person_ids(s, ["Meyer", "Piet"]) == set()
        assert persons.alike_person_ids(s, []) == set()


# --- one person once: the BSN ------------------------------------------------------------------


def test_a_second_person_with_a_bsn_in_use_is_refused(register, people) -> None:
    with register.session() as s:
        before = s.scalar(select(func.count()).select_from(Person))
    with pytest.raises(BsnTaken) as refused:
        add(register, "Jansen", "", "Karel", bsn=BSN_KEES)
    assert refused.value.person_id == people["janssen"]
    assert refused.value.problems == {"bsn": BSN_TAKEN}
    assert "kies die persoon" in refused.value.message
    with register.session() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == before
    # The same BSN typed with dots or spaces is the same BSN.
    with pytest.raises(BsnTaken):
        add(register, "Jansen", "", "Karel", bsn="111.222.333")
    # A new report about the person chosen from the matches is fine.
    report = ReportInput(
        received_on=date(2026, 2, 1),
        municipality_code=ROERMOND,
        reporter=ReporterInput(ReporterKind.BUURT),
        person_id=people["janssen"],
        concerns=(Concern.OVERLAST,),
    )
    assert record_report(register, report).person_id == people["janssen"]


def old_register_duplicate(register: Register, person_id: int) -> int:
    """A copy of a person with the same BSN, as old registers may hold (written directly:
    intake no longer allows it)."""
    with register.session() as s:
        original = s.get(Person, person_id)
        assert original is not None
        copy = Person(
            **{
                c.name: getattr(original, c.name)
                for c in Person.__table__.columns
                if c.name != "id"
            }
        )
        s.add(copy)
        s.flush()
        return copy.id


def test_old_duplicates_keep_working_and_are_listed_once(register, people) -> None:
    first = old_register_duplicate(register, people["janssen"])
    second = old_register_duplicate(register, people["janssen"])
    matches = find_matches(register, "Janssen", "", "Kees", None, BSN_KEES, "")
    shown = [m for m in matches if m.name == "Kees Janssen"]
    assert len(shown) == 1  # three identical persons, one line
    assert shown[0].person_id in {people["janssen"], first, second}
    assert "staat 3 keer in het register" in shown[0].reasons
    assert "zelfde BSN" in shown[0].reasons
    # A new person with that BSN is still refused (the first of them is offered).
    with pytest.raises(BsnTaken) as refused:
        add(register, "Janssen", "", "Kees", bsn=BSN_KEES)
    assert refused.value.person_id == people["janssen"]
    # Each of the duplicates can still get a report.
    report = ReportInput(
        received_on=date(2026, 2, 1),
        municipality_code=ROERMOND,
        reporter=ReporterInput(ReporterKind.BUURT),
        person_id=second,
        concerns=(Concern.OVERLAST,),
    )
    assert record_report(register, report).person_id == second
