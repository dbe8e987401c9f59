"""Casussen and Mijn werk: lists of cases, filtered, searched, sorted and paged in SQL.

Access log (NEN 7513). A list is not a case view, but it does show who is a client of
bemoeizorg (names, case numbers, phase, case owner): that is personal data being consulted.
So a call that shows at least one row writes ONE entry: action VIEW with `case_id` None
("looked at a list of cases"). Not one entry per row: that would flood the log with
entries no one can read, and the cases themselves are logged with their id when opened
(store/cases.read_case). A call that finds nothing showed nothing and logs nothing. The
search box queries at every keystroke (issue 16: results within 50 ms of each): the same
list seen again a moment later adds no entry (casework/read_entries).

Speed (issue 16, measured by bench/bench_window.py): the first page is read apart from the
count (`count=False`, then `count_cases`), so a screen of rows is painted before every
match is counted. How to find the first page depends on how many cases match, which no
index says for a fragment inside a name: one or two letters match a large share of all
names, a rare fragment a handful. So the first page of a list in case-number order (the
default) first looks at a sample, the WALK_SAMPLE cases first in that order. When enough
of them match that a page is likely within WALK_ROWS cases, the page walks the cases in
the list's own order and stops after a page (the person tested on the joined row: the open
cases, "j", "de", "jan"), never further than those WALK_ROWS cases (a range on the case
number); half a page found so is shown as it is (the rest comes with "Meer tonen",
counted later). When the walk finds less, or the sample says it would, the page finds the
persons in the covering index on the search text first and sorts their cases (a rare
fragment, a BSN), as other orders do, which sort every match anyway. The typo pass is
asked only when the first page holds fewer than TYPO_PASS_BELOW cases, so a search that
finds enough never runs its exact check apart.

The search text finds names and aliases (every word, accents and case ignored), case
numbers, a whole BSN and a birth date typed the Dutch way (formats.parse_date: 28-11-1980,
28111980). A typo is tolerated: when the exact search finds fewer than
persons.TYPO_PASS_BELOW cases, persons.alike_person_ids adds the persons whose name words
look or sound alike (rapidfuzz and the Dutch sound key, computed in memory for this one
search: there is no key column); the page then says so (`alike`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Join, Select, and_, case, func, literal_column, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler

from bemoeizorg.casework.persons import TYPO_MIN_LETTERS, TYPO_PASS_BELOW, alike_person_ids
from bemoeizorg.casework.read_entries import log_sight
from bemoeizorg.domain.formats import DateTextError, counted, date_text, parse_date
from bemoeizorg.domain.identity import bsn_problem, display_name, normalise_bsn
from bemoeizorg.domain.intake import fold
from bemoeizorg.domain.municipalities import MUNICIPALITIES
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.vocabulary import PHASE_ORDER, Outcome, Phase
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import Case, CaseAction, Person, TeamMember

DEFAULT_LIMIT = 500
_NUMBER_LIKE = re.compile(r"[\d\s-]+")  # what is typed when looking for a case number
# A birth date as typed: day, month and a year of 2 or 4 digits, or 8 digits together.
_DATE_LIKE = re.compile(r"\d{1,2}[-/. ]\d{1,2}[-/. ](\d{2}|\d{4})|\d{8}")
_BSN_LIKE = re.compile(r"[\d. ]{8,11}")
ALIKE_CAP = 2000  # persons a typo pass may add; more says the typed word was too short
# The first page walks the list in its order when the first WALK_SAMPLE cases say a page is
# found within WALK_ROWS cases, and never further (module text; 1-2 ms per thousand).
WALK_SAMPLE = 1000
WALK_ROWS = 10_000


class CaseStatus(StrEnum):
    OPEN = "open"
    CLOSED = "afgesloten"
    ALL = "alle"

    @property
    def label(self) -> str:
        return {CaseStatus.OPEN: "Open", CaseStatus.CLOSED: "Afgesloten", CaseStatus.ALL: "Alle"}[
            self
        ]


class CaseSort(StrEnum):
    """What the list is ordered by (in SQL, so paging shows the right first rows)."""

    NUMBER = "number"
    NAME = "name"
    MUNICIPALITY = "municipality"
    OWNER = "owner"
    PHASE = "phase"
    DAYS_IN_PHASE = "days_in_phase"
    LAST_CONTACT = "last_contact"
    STATUS = "status"
    SPECIALISM = "specialism"


@dataclass(frozen=True, slots=True)
class CaseFilter:
    phase: Phase | None = None
    municipality_code: str | None = None
    owner_id: int | None = None
    status: CaseStatus = CaseStatus.OPEN
    specialism: Specialism | None = None
    text: str = ""  # any part of a name or alias (accents and case ignored), or a case number
    sort: CaseSort = CaseSort.NUMBER
    descending: bool = True


@dataclass(frozen=True, slots=True)
class CaseRow:
    id: int
    number: str
    name: str  # "Jan van der Berg"
    family_name: str  # for sorting the way Dutch lists do (on the family name proper)
    given_names: str
    alias: str
    municipality_code: str
    municipality: str
    owner_id: int | None
    owner: str  # "" when the case has no owner
    phase: Phase
    phase_since: date
    days_in_phase: int  # up to today, or up to the closing date for a closed case
    opened_on: date
    closed_on: date | None
    outcome: Outcome | None
    last_contact_on: date | None
    specialism: Specialism

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


@dataclass(frozen=True, slots=True)
class CaseListPage:
    rows: list[CaseRow]
    # How many cases match the filter, beyond this page too; None: not counted yet (more
    # than this page match: ask count_cases).
    total: int | None
    alike: bool = False  # names that look or sound like the search text were added


# --- the query ----------------------------------------------------------------------------


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _contains(column: Any, fragment: str) -> ColumnElement[bool]:
    result: ColumnElement[bool] = column.like(f"%{_escape_like(fragment)}%", escape="\\")
    return result


def _birth_date(raw: str) -> date | None:
    if not _DATE_LIKE.fullmatch(raw):
        return None
    try:
        return parse_date(raw, past=True)
    except DateTextError:
        return None


def name_words(text: str) -> list[str]:
    """The words a search text looks for in names: none for a case number, a BSN or a date."""
    raw = text.strip()
    if not raw or _NUMBER_LIKE.fullmatch(raw) or _birth_date(raw) is not None:
        return []
    return fold(raw).split()


def text_condition(
    text: str, alike: Collection[int] = (), *, walk: bool = False
) -> ColumnElement[bool] | None:
    """Every word in the person's folded search text, or the text inside the case number,
    or the person's whole BSN, or their birth date; or one of the `alike` persons.

    `walk`: the query joins the case's person and every condition on the person is tested
    on that row (module text: the walk in the list's order).

    "berg jan", "van der berg", "Noël" and "noel" all find Noël van der Berg; "2026-00"
    finds the case numbers that contain it; "111222333" and "111.222.333" the person with
    that BSN; "02-04-1971" and "02041971" those born that day. None when there is nothing
    to search for.
    """
    raw = text.strip()
    if not raw:
        return None
    conditions: list[ColumnElement[bool]] = []
    bsn = bool(_BSN_LIKE.fullmatch(raw)) and not bsn_problem(raw)
    born = _birth_date(raw)
    if any(ch.isdigit() for ch in raw) and not bsn and born is None:
        # A case number ("2026-0012") holds no whole BSN and no date: only then read them.
        conditions.append(_contains(Case.number, raw))
    if bsn:
        if walk:
            conditions.append(Person.bsn == normalise_bsn(raw))
        else:
            people = select(Person.id).where(Person.bsn == normalise_bsn(raw))
            conditions.append(Case.person_id.in_(people))
    if born is not None:
        if walk:
            conditions.append(Person.birth_date == born)
        else:
            people = select(Person.id).where(Person.birth_date == born)
            conditions.append(Case.person_id.in_(people))
    words = name_words(raw)
    if words and walk:
        conditions.append(and_(*(_contains(Person.search_text, w) for w in words)))
    elif words:
        # A subquery over the search-text index (it covers the column): each person is
        # matched once, not once per case, and cases are fetched only for matches.
        people = select(Person.id).where(*(_contains(Person.search_text, w) for w in words))
        conditions.append(Case.person_id.in_(people))
    if alike:
        conditions.append(Case.person_id.in_(sorted(alike)))
    if not conditions:
        return Case.id.is_(None)  # only punctuation: nothing can match
    return or_(*conditions) if len(conditions) > 1 else conditions[0]


def _where(
    flt: CaseFilter, alike: Collection[int] = (), *, walk: bool = False
) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if flt.status is CaseStatus.OPEN:
        where.append(Case.closed_on.is_(None))
    elif flt.status is CaseStatus.CLOSED:
        where.append(Case.closed_on.is_not(None))
    if flt.phase is not None:
        where.append(Case.phase == flt.phase.value)
    if flt.municipality_code:
        where.append(Case.municipality_code == flt.municipality_code)
    if flt.owner_id is not None:
        where.append(Case.owner_id == flt.owner_id)
    if flt.specialism is not None:
        where.append(Case.specialism == flt.specialism.value)
    if not walk and _by_person(flt.text):
        # Found through the persons (the search-text, BSN or birth-date index): tell the
        # planner so, rather than walking every open case to test it (module text).
        where = [mostly_true(condition) for condition in where]
    text = text_condition(flt.text, alike, walk=walk)
    if text is not None:
        where.append(text)
    return where


def _by_person(text: str) -> bool:
    """Whether the search text looks for persons (names, a BSN, a birth date), not only
    for a case number."""
    raw = text.strip()
    if not raw:
        return False
    bsn = bool(_BSN_LIKE.fullmatch(raw)) and not bsn_problem(raw)
    return bool(name_words(raw)) or bsn or _birth_date(raw) is not None


_MUNICIPALITY_NAME = case(
    {m.code: m.name.casefold() for m in MUNICIPALITIES}, value=Case.municipality_code, else_=""
)
_PHASE_RANK = case({p.value: i for i, p in enumerate(PHASE_ORDER)}, value=Case.phase, else_=9)


def _order(flt: CaseFilter, today: date) -> list[Any]:
    keys: list[Any]
    match flt.sort:
        case CaseSort.NAME:
            keys = [Person.name_key]  # indexed (schema 0010): the sort walks the index
        case CaseSort.MUNICIPALITY:
            keys = [_MUNICIPALITY_NAME]
        case CaseSort.OWNER:
            keys = [func.lower(func.coalesce(TeamMember.name, ""))]
        case CaseSort.PHASE:
            keys = [_PHASE_RANK]
        case CaseSort.DAYS_IN_PHASE:
            # As the rows count them: up to today, or up to the closing date.
            until = func.coalesce(Case.closed_on, today.isoformat())
            keys = [func.julianday(until) - func.julianday(Case.phase_since)]
        case CaseSort.LAST_CONTACT:
            keys = [func.coalesce(Case.last_contact_on, "")]
        case CaseSort.STATUS:
            keys = [Case.closed_on.is_not(None)]
        case CaseSort.SPECIALISM:
            keys = [Case.specialism]
        case _:
            keys = []
    # The number's order, not its text ("2026-10000" after "2026-9999"); the id (the
    # rowid, in every index) settles a key shared by numbers not of the program's form.
    keys += [Case.number_key, Case.id]
    return [k.desc() if flt.descending else k.asc() for k in keys]


# Enum lookups by value, done once: building a page of rows is the hot path of the list.
_PHASES = {p.value: p for p in Phase}
_OUTCOMES = {o.value: o for o in Outcome}
_SPECIALISMS = {s.value: s for s in Specialism}
_MUNICIPALITY_NAMES = {m.code: m.name for m in MUNICIPALITIES}


def _row(values: Sequence[Any], today: date) -> CaseRow:
    (
        case_id,
        number,
        given,
        prefix,
        family,
        alias,
        muni,
        owner_id,
        owner,
        phase,
        since,
        opened_on,
        closed_on,
        outcome,
        last_contact,
        specialism,
    ) = values
    return CaseRow(
        case_id,
        number,
        display_name(given, prefix, family),
        family,
        given,
        alias,
        muni,
        _MUNICIPALITY_NAMES.get(muni, muni),
        owner_id,
        owner or "",
        _PHASES[phase],
        since,
        max(((closed_on or today) - since).days, 0),
        opened_on,
        closed_on,
        _OUTCOMES[outcome] if outcome else None,
        last_contact,
        _SPECIALISMS[specialism],
    )


_COLUMNS = (
    Case.id,
    Case.number,
    Person.given_names,
    Person.prefix,
    Person.family_name,
    Person.alias,
    Case.municipality_code,
    Case.owner_id,
    TeamMember.name,
    Case.phase,
    Case.phase_since,
    Case.opened_on,
    Case.closed_on,
    Case.outcome,
    Case.last_contact_on,
    Case.specialism,
)


def _page_query(
    flt: CaseFilter, today: date, alike: Collection[int] = (), *, walk: bool = False
) -> Select[*tuple[Any, ...]]:
    where = _where(flt, alike, walk=walk)
    if walk:
        where = [mostly_true(condition) for condition in where]
    if _names_first(flt, alike):
        source: Any = PersonsFirst(Person.__table__, Case.__table__, Person.id == Case.person_id)
        query = select(*_COLUMNS).select_from(source)
    else:
        query = select(*_COLUMNS).join(Person, Person.id == Case.person_id)
    return (
        query.outerjoin(TeamMember, TeamMember.id == Case.owner_id)
        .where(*where)
        .order_by(*_order(flt, today))
    )


def _names_first(flt: CaseFilter, alike: Collection[int]) -> bool:
    """Whether the list by name walks the persons in their name's index (schema 0010) and
    stops after a page: when no filter but open or closed narrows it (at 100,000 reports
    2-11 ms, against 200-290 ms sorting every case). A name, an owner or a phase found
    through its own index first and then sorted is quicker for a small share."""
    return (
        flt.sort is CaseSort.NAME
        and not flt.text.strip()
        and not alike
        and flt.phase is None
        and flt.municipality_code is None
        and flt.owner_id is None
        and flt.specialism is None
    )


class PersonsFirst(Join):
    """SQLite only (ARCHITECTURE.md: named constructs): an inner join SQLite must take in
    the written order (its CROSS JOIN), persons the outer loop. Without statistics the
    planner reads every case and sorts them for a list by name; through the persons'
    name index it stops after a page. Another engine gets a plain inner join."""

    inherit_cache = True


@compiles(PersonsFirst, "sqlite")
def _persons_first_sqlite(join: PersonsFirst, compiler: SQLCompiler, **kw: Any) -> str:
    kw["asfrom"] = True
    left, right = compiler.process(join.left, **kw), compiler.process(join.right, **kw)
    assert join.onclause is not None
    return f"{left} CROSS JOIN {right} ON {compiler.process(join.onclause, **kw)}"


def mostly_true(condition: ColumnElement[bool]) -> ColumnElement[bool]:
    """SQLite only (ARCHITECTURE.md: named functions): tell the planner the condition holds
    for most rows, so it walks the list's own order (the case number's index) and stops
    after a page, instead of using an index on a filter (the open cases) and sorting all it
    found. The same rows either way; only the plan differs."""
    hinted: ColumnElement[bool] = func.likelihood(condition, literal_column("0.9"))
    return hinted


def _rows(session: Session, query: Select[*tuple[Any, ...]], today: date) -> list[CaseRow]:
    return [_row(values, today) for values in session.execute(query)]


def _walks(session: Session, flt: CaseFilter, today: date, limit: int) -> bool:
    """Whether the first page is found walking the list in its order within WALK_ROWS
    cases, judged by how many of the first WALK_SAMPLE cases match (module text)."""
    if flt.sort is not CaseSort.NUMBER:
        return False  # other orders sort every match; the number's index gives this one
    where = _where(flt, walk=True)
    if not where:
        return True  # every case matches
    first = select(Case.id).order_by(*_order(flt, today)).limit(WALK_SAMPLE).subquery()
    sample = (
        select(func.count())
        .select_from(first)
        .join(Case, Case.id == first.c.id)
        .join(Person, Person.id == Case.person_id)
        .where(*(mostly_true(c) for c in where))  # the sample's rows, not a filter's index
    )
    matching = int(session.scalar(sample) or 0)
    return matching * WALK_ROWS >= limit * WALK_SAMPLE


def _walk_bound(session: Session, flt: CaseFilter) -> ColumnElement[bool] | None:
    """The case numbers within the first WALK_ROWS of the list's order (by case number);
    None when the register holds no more cases than that."""
    order = Case.number_key.desc() if flt.descending else Case.number_key.asc()
    edge = session.scalar(select(Case.number_key).order_by(order).offset(WALK_ROWS - 1).limit(1))
    if edge is None:
        return None
    return Case.number_key >= edge if flt.descending else Case.number_key <= edge


def _first_page(
    session: Session, flt: CaseFilter, today: date, limit: int, alike: Collection[int] = ()
) -> tuple[list[CaseRow], bool]:
    """The first page, and whether it is all there is when it is not full: walking the
    list in its order when the sample says a page is found soon, within WALK_ROWS cases
    (half a page found so is the page, more may follow it); else, or when the walk found
    less, through the persons that match (module text)."""
    if not alike and _walks(session, flt, today, limit):
        bound = _walk_bound(session, flt)
        walk = _page_query(flt, today, walk=True)
        if bound is not None:
            walk = walk.where(bound)
        rows = _rows(session, walk.limit(limit), today)
        if len(rows) == limit or bound is None:
            return rows, True
        if len(rows) >= max(TYPO_PASS_BELOW, limit // 2):
            return rows, False  # the first rows in the list's order; the rest lie beyond
    return _rows(session, _page_query(flt, today, alike).limit(limit), today), True


def _count(session: Session, flt: CaseFilter, alike: Collection[int] = ()) -> int:
    query = select(func.count()).select_from(Case).where(*_where(flt, alike))
    return int(session.scalar(query) or 0)


def _alike_persons(session: Session, flt: CaseFilter) -> set[int]:
    """The typo pass (module text): persons whose names look or sound like the search
    words, only when the exact search finds few cases. Decided on the whole result, not
    the page, so every page of one search has the same rows."""
    words = name_words(flt.text)
    if not any(len(w) >= TYPO_MIN_LETTERS for w in words):
        return set()
    exact = list(session.scalars(select(Case.person_id).where(*_where(flt)).limit(TYPO_PASS_BELOW)))
    if len(exact) >= TYPO_PASS_BELOW:
        return set()
    alike = alike_person_ids(session, words) - set(exact)
    return alike if len(alike) <= ALIKE_CAP else set()


def query_cases(
    session: Session,
    flt: CaseFilter,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
    today: date | None = None,
    *,
    count: bool = True,
) -> CaseListPage:
    """The page inside a caller's transaction; logs nothing (list_cases does). Without
    `count`, a page that may not hold every match leaves its total None."""
    today = today or date.today()
    alike: set[int] = set()
    whole = True  # a page shorter than `limit` holds every match
    if offset == 0 and limit >= TYPO_PASS_BELOW:
        # The page first; the typo pass only when it holds too few (module text).
        rows, whole = _first_page(session, flt, today, limit)
        if len(rows) < TYPO_PASS_BELOW:
            alike = _alike_persons(session, flt)
            if alike:
                rows, whole = _first_page(session, flt, today, limit, alike)
    else:
        alike = _alike_persons(session, flt)
        query = _page_query(flt, today, alike).limit(limit).offset(offset)
        rows = _rows(session, query, today)
    total: int | None
    if offset == 0 and len(rows) < limit and whole:
        total = len(rows)  # the whole result fits on this page: no second query needed
    elif count:
        total = _count(session, flt, alike)
    else:
        total = None
    return CaseListPage(rows, total, alike=bool(alike))


def list_cases(
    register: Register,
    flt: CaseFilter,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
    *,
    today: date | None = None,
    count: bool = True,
) -> CaseListPage:
    """One page of cases matching `flt`, with the total (None without `count` when more
    than the page match: count_cases gives it); a VIEW entry when rows show (module text)."""
    with register.session() as session:
        page = query_cases(session, flt, limit, offset, today, count=count)
        if page.rows:
            log_sight(register, session, None)
        return page


def count_cases(register: Register, flt: CaseFilter) -> int:
    """How many cases match `flt`, as list_cases counts them. Not logged: a number shows
    no one (the rows it counts were logged when shown)."""
    with register.session() as session:
        return _count(session, flt, _alike_persons(session, flt))


# --- Mijn werk ----------------------------------------------------------------------------


class AttentionKind(StrEnum):
    ACTIONS_OVERDUE = "acties_over_datum"
    NO_CONTACT = "geen_contact"
    LONG_IN_VINDEN = "lang_in_vinden"


@dataclass(frozen=True, slots=True)
class Attention:
    kind: AttentionKind
    text: str  # Dutch, for the screen

    @property
    def overdue(self) -> bool:
        return self.kind is AttentionKind.ACTIONS_OVERDUE


@dataclass(frozen=True, slots=True)
class AttentionRow:
    case: CaseRow
    reasons: tuple[Attention, ...] = field(default_factory=tuple)
    overdue_actions: int = 0
    oldest_due_on: date | None = None  # of the overdue actions
    days_without_contact: int = 0  # since the last contact, or since opening without one

    @property
    def needs_attention(self) -> bool:
        return bool(self.reasons)

    @property
    def reasons_text(self) -> str:
        return "; ".join(r.text for r in self.reasons)


# Dutch, with named placeholders (the house rule for screen text).
OVERDUE = "{actions} over datum"
OVERDUE_SINCE = "{actions} over datum (sinds {day})"
NO_CONTACT_SINCE = "{days} geen contact"
NEVER_CONTACTED = "Nog geen contact ({days} na de opening)"
LONG_IN_VINDEN = "{days} in vinden"


def days_text(n: int) -> str:
    """'1 dag', '3 dagen'."""
    return counted(n, "dag", "dagen")


def attention_reasons(
    row: CaseRow,
    overdue_actions: int,
    oldest_due_on: date | None,
    today: date,
    no_contact_days: int,
    long_in_vinden_days: int,
) -> tuple[Attention, ...]:
    """Why an open case needs attention today; most pressing first."""
    reasons: list[Attention] = []
    if overdue_actions:
        actions = counted(overdue_actions, "actie", "acties")
        text = (
            OVERDUE_SINCE.format(actions=actions, day=date_text(oldest_due_on))
            if oldest_due_on
            else OVERDUE.format(actions=actions)
        )
        reasons.append(Attention(AttentionKind.ACTIONS_OVERDUE, text))
    if row.last_contact_on is not None:
        gap = (today - row.last_contact_on).days
        if gap > no_contact_days:
            text = NO_CONTACT_SINCE.format(days=days_text(gap))
            reasons.append(Attention(AttentionKind.NO_CONTACT, text))
    else:
        gap = (today - row.opened_on).days
        if gap > no_contact_days:
            text = NEVER_CONTACTED.format(days=days_text(gap))
            reasons.append(Attention(AttentionKind.NO_CONTACT, text))
    if row.phase is Phase.VINDEN:
        in_phase = (today - row.phase_since).days
        if in_phase > long_in_vinden_days:
            text = LONG_IN_VINDEN.format(days=days_text(in_phase))
            reasons.append(Attention(AttentionKind.LONG_IN_VINDEN, text))
    return tuple(reasons)


def owner_for_user(session: Session, user_name: str) -> TeamMember | None:
    """The team member whose name is the user's name (case and spacing ignored)."""
    wanted = " ".join(user_name.split()).casefold()
    for member in session.scalars(select(TeamMember)):
        if " ".join(member.name.split()).casefold() == wanted:
            return member
    return None


def team_member_for_user(register: Register, user_name: str) -> tuple[int, str] | None:
    """(id, name) of the user's team member, or None when the team has no such name."""
    with register.session() as session:
        member = owner_for_user(session, user_name)
        return (member.id, member.name) if member else None


def attention_rows(
    session: Session,
    owner_id: int,
    today: date,
    no_contact_days: int,
    long_in_vinden_days: int,
) -> list[AttentionRow]:
    """The open cases of one owner with what needs attention, those needing it first;
    inside a caller's transaction, logging nothing (my_work and casework/my_work do)."""
    flt = CaseFilter(owner_id=owner_id, status=CaseStatus.OPEN)
    cases = [_row(values, today) for values in session.execute(_page_query(flt, today))]
    overdue: dict[int, tuple[int, date | None]] = {
        case_id: (count, oldest)
        for case_id, count, oldest in session.execute(
            select(CaseAction.case_id, func.count(), func.min(CaseAction.due_on))
            .join(Case, Case.id == CaseAction.case_id)
            .where(
                Case.owner_id == owner_id,
                Case.closed_on.is_(None),
                CaseAction.done_on.is_(None),
                CaseAction.due_on < today,
            )
            .group_by(CaseAction.case_id)
        )
    }
    rows: list[AttentionRow] = []
    for row in cases:
        count, oldest = overdue.get(row.id, (0, None))
        contact_from = row.last_contact_on or row.opened_on
        rows.append(
            AttentionRow(
                case=row,
                reasons=attention_reasons(
                    row, count, oldest, today, no_contact_days, long_in_vinden_days
                ),
                overdue_actions=count,
                oldest_due_on=oldest,
                days_without_contact=max((today - contact_from).days, 0),
            )
        )
    rows.sort(
        key=lambda r: (
            -len(r.reasons),
            -r.overdue_actions,
            -r.days_without_contact,
            r.case.number,
        )
    )
    return rows


def my_work(
    register: Register,
    owner: int | str,
    today: date,
    no_contact_days: int,
    long_in_vinden_days: int,
) -> list[AttentionRow]:
    """The open cases of one owner (a team member id, or a user name matched to the team
    by name) with what needs attention; those needing it first. [] when a user name
    matches no team member. One VIEW entry (case_id None) when rows show."""
    with register.session() as session:
        if isinstance(owner, str):
            member = owner_for_user(session, owner)
            if member is None:
                return []
            owner_id = member.id
        else:
            owner_id = owner
        rows = attention_rows(session, owner_id, today, no_contact_days, long_in_vinden_days)
        if rows:
            register.audit(session, Action.VIEW, None)
    return rows
