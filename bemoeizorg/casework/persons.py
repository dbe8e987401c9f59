"""Persons already in the register: who might this new report be about?

`find_matches` is what the intake screen asks while the worker types a name. It allows for
*tussenvoegsels* ("van den Berg", "Berg, van den", "vd Berg" are the same family name),
typos and Dutch spelling variants ("Jansen"/"Janssen", "Smit"/"Smid", "Meijer"/"Meyer"),
and puts the same BSN first, then the same birth date, then the name.

Speed (about 12,000 persons at 20,000 reports): SQL narrows first, Python scores after.
The candidate query keeps only persons with the same BSN (indexed), the same birth date,
or a word in `search_text` starting with the first two letters of the typed family name
proper or alias (or a spelling variant of them: c/k, s/z, f/ph, y/ij). That is one pass
over the person table inside SQLite with no Python per row, and it leaves a few hundred
rows at most, which rapidfuzz scores in well under a millisecond. A typo in the first two
letters would not be found that way: when the narrowed pass shows fewer than
`TYPO_PASS_BELOW` people, a second pass (`alike_person_ids`) looks at every word of every
person's search text, in memory for this one search: rapidfuzz's ratio for typos
("Jnassen") and the Dutch sound key of domain/phonetic for spelling and first-letter
variants ("Kwyxzgui" for "Qwyxzgui", "Cox" for "Kocks"). The Casussen search uses the
same pass. Measured at 20,000 persons: see `alike_person_ids`.

Old registers may hold two persons with one BSN (from before intake refused a second):
they are shown once when they look the same, with "staat N keer in het register".

A person merged into another (casework.person_merge) is never a match: the kept person is.

Looking up matches reads person data, not a case: it is not a view of a case and writes
no access-log entry (the report that follows is logged when it is saved).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from rapidfuzz import fuzz, process
from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from bemoeizorg.domain.formats import date_text
from bemoeizorg.domain.identity import bsn_problem, display_name, normalise_bsn
from bemoeizorg.domain.intake import fold
from bemoeizorg.domain.municipalities import BY_CODE
from bemoeizorg.domain.phonetic import word_key
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import Case, Person, Report

# Folded tussenvoegsels (apostrophes are dropped by fold: 't -> t, d' -> d).
PREFIX_WORDS = frozenset(
    "van de der den het t ter ten te in op aan bij uit voor onder over la le du d di da "
    "del della dos el von zu vom am auf vd v.d. v/d vden".split()
)
# A name must be this much alike (rapidfuzz ratio, 0-100) to count as "lijkt op".
NAME_ALIKE = 80
GIVEN_ALIKE = 85
CANDIDATE_CAP = 3000  # safety net; the narrowing normally leaves far fewer

# Fewer people shown than this after the narrowed pass: look at every name (see above).
TYPO_PASS_BELOW = 3
# A short name can sound the same and still share few letters ("Cox", "Kocks").
SHORT_NAME = 6
SAME_BSN = "zelfde BSN"
TIMES_IN_REGISTER = "staat {n} keer in het register"
# At most this many alike words per typed word (each is one LIKE in the query).
ALIKE_WORDS_CAP = 100
# Words shorter than this are not looked up with typos: too many short words are alike.
TYPO_MIN_LETTERS = 3


@dataclass(frozen=True, slots=True)
class PersonMatch:
    person_id: int
    name: str  # "Jan van den Berg"
    birth_date: date | None
    birth_year_estimate: int | None
    municipality: str  # the municipality's name
    open_case_id: int | None
    open_case_number: str | None
    score: float  # higher is more alike: same BSN weighs most, then birth date, then name
    reasons: tuple[str, ...]  # Dutch, e.g. ("zelfde BSN", "naam lijkt op")

    @property
    def born_text(self) -> str:
        if self.birth_date is not None:
            return date_text(self.birth_date)
        if self.birth_year_estimate is not None:
            return f"ca. {self.birth_year_estimate}"
        return ""


@dataclass(frozen=True, slots=True)
class PersonSummary:
    """One person's identifying details, to show whom a report is about."""

    person_id: int
    family_name: str
    prefix: str
    given_names: str
    alias: str
    birth_date: date | None
    birth_year_estimate: int | None
    bsn: str
    address: str
    postcode: str
    city: str
    municipality_code: str
    open_case_id: int | None
    open_case_number: str | None

    @property
    def name(self) -> str:
        return display_name(self.given_names, self.prefix, self.family_name) or self.alias

    @property
    def municipality(self) -> str:
        m = BY_CODE.get(self.municipality_code)
        return m.name if m else ""


# --- names -------------------------------------------------------------------------------


def _fold(text: str) -> str:
    """domain.intake.fold, with a short cut for plain ASCII (most names; same result)."""
    if text.isascii():
        return " ".join(text.lower().replace("-", " ").replace("'", "").split())
    return fold(text)


def _split_family(folded: str) -> tuple[list[str], list[str]]:
    """(family name proper words, tussenvoegsel words) of a folded family name."""
    head, _comma, tail = folded.partition(",")
    words = head.split()
    prefix = [w for w in tail.split() if w in PREFIX_WORDS]
    while len(words) > 1 and words[0] in PREFIX_WORDS:
        prefix.append(words.pop(0))
    while len(words) > 1 and words[-1] in PREFIX_WORDS:
        prefix.append(words.pop())
    return words, prefix


def _prefix_initials(words: list[str]) -> str:
    return "".join("vd" if w in ("vd", "v.d.", "v/d", "vden") else w[0] for w in words)


def family_proper(family_name: str) -> str:
    """The family name without tussenvoegsels, folded: 'van den Berg' -> 'berg'.

    Also reads 'Berg, van den' and 'Berg van den' (the prefix typed after the name).
    """
    return " ".join(_split_family(_fold(family_name))[0])


def prefix_key(family_name: str, prefix: str) -> str:
    """The tussenvoegsel as initials, so 'van den', 'van der', 'vd' and 'v.d.' agree."""
    in_family = _split_family(_fold(family_name))[1]
    return _prefix_initials([w for w in _fold(prefix).split() if w in PREFIX_WORDS] + in_family)


@dataclass(frozen=True, slots=True)
class _Name:
    """A name as matching compares it: folded, the tussenvoegsel apart."""

    proper: str  # family name proper: "berg"
    prefix: str  # tussenvoegsel initials: "vd"
    given: list[str]  # folded given names
    core: str  # given names and family name proper, no tussenvoegsel: "jan berg"
    alias: str

    @classmethod
    def of(cls, family_name: str, prefix: str, given_names: str, alias: str) -> _Name:
        proper_words, in_family = _split_family(_fold(family_name))
        prefix_words = [w for w in _fold(prefix).split() if w in PREFIX_WORDS] + in_family
        given = _fold(given_names).split()
        proper = " ".join(proper_words)
        core = " ".join([*(w for w in given if w not in PREFIX_WORDS), proper])
        return cls(proper, _prefix_initials(prefix_words), given, core, _fold(alias))


def sound(text: str) -> str:
    """The Dutch sound key of a folded name written as one word (domain/phonetic)."""
    return word_key(text)


class NameLikeness:
    """0-100: how alike two folded names are, as written or as they sound.

    Keeps the sound keys it worked out, for one search only (no names linger after it).
    """

    def __init__(self) -> None:
        self._sounds: dict[str, str] = {}

    def _sound(self, text: str) -> str:
        key = self._sounds.get(text)
        if key is None:
            key = self._sounds[text] = sound(text)
        return key

    def __call__(self, a: str, b: str) -> float:
        if not a or not b:
            return 0.0
        written = fuzz.ratio(a, b)
        if written == 100:
            return written
        if written < 50 and min(len(a), len(b)) > SHORT_NAME:
            return written  # sound never lifts a longer name this far apart to alike
        # Alike in sound counts a little less than alike as written, so "Jansen" typed
        # puts Jansen before Janssen.
        return max(written, 0.95 * fuzz.ratio(self._sound(a), self._sound(b)))


def _starts(key: str) -> set[str]:
    """The two-letter word starts to look for, with common Dutch first-letter variants."""
    key = key.replace(" ", "")[:2]
    if len(key) < 2:
        return set()
    starts = {key}
    swaps = {"c": "k", "k": "c", "s": "z", "z": "s", "y": "ij"}
    if key[0] in swaps:
        starts.add((swaps[key[0]] + key[1:])[:2])
    if key.startswith("ij"):
        starts.add("y" + key[2:3])
    if key == "ph":
        starts.add("f")
    if key[0] == "f":
        starts.add("ph")
    return {s for s in starts if s}


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _word_start(prefix: str) -> list[ColumnElement[bool]]:
    escaped = _like_escape(prefix)
    return [
        Person.search_text.like(f"{escaped}%", escape="\\"),
        Person.search_text.like(f"% {escaped}%", escape="\\"),
    ]


# --- matching ------------------------------------------------------------------------------


class _Row(NamedTuple):
    id: int
    family_name: str
    prefix: str
    given_names: str
    alias: str
    birth_date: date | None
    birth_year_estimate: int | None
    bsn: str
    municipality_code: str


@dataclass(frozen=True, slots=True)
class _Wanted:
    name: _Name
    birth_date: date | None
    bsn: str


def _score(
    wanted: _Wanted,
    name_likeness: NameLikeness,
    cand: _Name,
    birth_date: date | None,
    bsn: str,
) -> tuple[float, list[str]] | None:
    """Score one candidate; None when it is not alike enough to show."""
    want = wanted.name
    reasons: list[str] = []
    score = 0.0
    same_bsn = bool(wanted.bsn) and wanted.bsn == bsn
    if same_bsn:
        score += 200
        reasons.append(SAME_BSN)
    elif wanted.bsn and bsn:
        score -= 60  # two valid, different BSNs: almost certainly someone else
    same_birth = wanted.birth_date is not None and wanted.birth_date == birth_date
    if same_birth:
        score += 100
        reasons.append("zelfde geboortedatum")

    family = name_likeness(want.proper, cand.proper) if want.proper else 0.0
    full = fuzz.token_sort_ratio(want.core, cand.core) if want.given and want.proper else 0.0
    name = max(family, full)
    first_given = want.given[0] if want.given else ""
    given_alike = max((name_likeness(first_given, g) for g in cand.given), default=0.0)
    alias_alike = 0.0
    if want.alias:
        alias_alike = max(
            name_likeness(want.alias, cand.alias),
            max((name_likeness(want.alias, g) for g in cand.given), default=0.0),
        )

    if want.proper and want.proper == cand.proper:
        reasons.append("zelfde achternaam")
    elif name >= NAME_ALIKE:
        reasons.append("naam lijkt op")
    if name >= NAME_ALIKE:
        score += name * 0.5
        if want.prefix == cand.prefix:
            score += 2  # "de Jong" and "Jong" are more often two families than one
    if first_given and given_alike >= GIVEN_ALIKE:
        score += given_alike * 0.2
        same = first_given in cand.given
        reasons.append("zelfde voornaam" if same else "voornaam lijkt op")
    if alias_alike >= GIVEN_ALIKE:
        score += alias_alike * 0.2
        same = want.alias == cand.alias or want.alias in cand.given
        reasons.append("zelfde roepnaam" if same else "roepnaam lijkt op")

    named = bool(want.proper or want.alias)
    shown = (
        same_bsn
        or name >= NAME_ALIKE
        or alias_alike >= GIVEN_ALIKE
        or (same_birth and (not named or name >= 60 or given_alike >= GIVEN_ALIKE))
    )
    return (score, reasons) if shown else None


_ROW_COLUMNS = (
    Person.id,
    Person.family_name,
    Person.prefix,
    Person.given_names,
    Person.alias,
    Person.birth_date,
    Person.birth_year_estimate,
    Person.bsn,
    Person.municipality_code,
)


def _candidates(session: Session, wanted: _Wanted) -> list[_Row]:
    conditions: list[ColumnElement[bool]] = []
    if wanted.bsn:
        conditions.append(Person.bsn == wanted.bsn)
    if wanted.birth_date is not None:
        conditions.append(Person.birth_date == wanted.birth_date)
    for key in (wanted.name.proper, wanted.name.alias):
        for start in _starts(key):
            conditions.extend(_word_start(start))
    if not conditions:
        return []
    stmt = (
        select(*_ROW_COLUMNS)
        .where(or_(*conditions), Person.merged_into_id.is_(None))
        .limit(CANDIDATE_CAP)
    )
    return [_Row(*row) for row in session.execute(stmt)]


def _rows_of(session: Session, person_ids: Iterable[int]) -> list[_Row]:
    ids = sorted(person_ids)[:CANDIDATE_CAP]
    rows: list[_Row] = []
    for at in range(0, len(ids), 500):
        chunk = ids[at : at + 500]
        rows.extend(
            _Row(*r)
            for r in session.execute(
                select(*_ROW_COLUMNS).where(Person.id.in_(chunk), Person.merged_into_id.is_(None))
            )
        )
    return rows


def alike_words(typed: str, vocabulary: Sequence[str], likeness: NameLikeness) -> list[str]:
    """The words of `vocabulary` alike to one typed, folded word (see alike_person_ids)."""
    near = process.extract(typed, vocabulary, scorer=fuzz.ratio, score_cutoff=50, limit=None)
    looked = {word for word, _score, _index in near}
    if len(typed) <= SHORT_NAME:  # short: sound alike with few letters in common
        looked.update(w for w in vocabulary if abs(len(w) - len(typed)) <= 3)
    scored = [(likeness(typed, word), word) for word in looked]
    alike = sorted((item for item in scored if item[0] >= NAME_ALIKE), reverse=True)
    return [word for _score, word in alike[:ALIKE_WORDS_CAP]]  # the most alike first


def _has_word(word: str) -> ColumnElement[bool]:
    padded = " " + Person.search_text + " "
    result: ColumnElement[bool] = padded.like(f"% {_like_escape(word)} %", escape="\\")
    return result


def alike_person_ids(session: Session, words: Iterable[str]) -> set[int]:
    """Persons who have, for every typed word, a word in their name or alias alike to it.

    Alike: the same word, or (words of TYPO_MIN_LETTERS letters or more) a rapidfuzz ratio
    of NAME_ALIKE or more, or the same Dutch sound key (NameLikeness); a shorter word only
    inside a word, as the exact search finds it. The second, typo-tolerant pass of intake
    matching and the Casussen search, with no key column (no schema change): the
    register's name words are read as one text (SQLite's group_concat: one string, no row
    per person in Python) and split into a vocabulary for this one search, dropped after
    it; rapidfuzz's `process.extract` compares it in C and only words within a ratio of 50
    (and, for a short typed word, short words of about its length) get a sound key; the
    persons with the alike words are then found in SQL. Measured with
    bench/bench_person_search.py (medians, a busy shared machine): at 19,846 persons 28 ms
    for the pass, 31 ms for intake matching and 45 ms for a Casussen search with a
    first-letter typo (9 and 16 ms without one); at 28,144 persons 36, 53 and 62 ms, where
    reading a row per person took 110-140 ms.
    """
    wanted = [w for w in (_fold(word) for word in words) for w in w.split()]
    if not wanted:
        return set()
    everything = session.scalar(select(func.group_concat(Person.search_text, " "))) or ""
    vocabulary = sorted(set(everything.split()))
    del everything
    likeness = NameLikeness()
    conditions: list[ColumnElement[bool]] = []
    for typed in wanted:
        if len(typed) < TYPO_MIN_LETTERS:  # too short to guess at: as the exact search does
            conditions.append(Person.search_text.like(f"%{_like_escape(typed)}%", escape="\\"))
            continue
        alike = alike_words(typed, vocabulary, likeness)
        if not alike:
            return set()
        conditions.append(or_(*(_has_word(word) for word in alike)))
    # A person merged into another is that other one now: not found by itself.
    return set(
        session.scalars(select(Person.id).where(*conditions, Person.merged_into_id.is_(None)))
    )


def _score_rows(
    rows: Iterable[_Row], wanted: _Wanted, likeness: NameLikeness
) -> list[tuple[float, str, _Row, list[str]]]:
    scored: list[tuple[float, str, _Row, list[str]]] = []
    for row in rows:
        cand = _Name.of(row.family_name, row.prefix, row.given_names, row.alias)
        result = _score(wanted, likeness, cand, row.birth_date, row.bsn)
        if result is not None:
            scored.append((result[0], cand.proper, row, result[1]))
    return scored


def _open_cases(session: Session, person_ids: list[int]) -> dict[int, tuple[int, str]]:
    if not person_ids:
        return {}
    rows = session.execute(
        select(Case.person_id, Case.id, Case.number).where(
            Case.person_id.in_(person_ids), Case.closed_on.is_(None)
        )
    )
    return {person_id: (case_id, number) for person_id, case_id, number in rows}


def _match(
    row: _Row, score: float, reasons: list[str], case: tuple[int, str] | None
) -> PersonMatch:
    municipality = BY_CODE.get(row.municipality_code)
    return PersonMatch(
        person_id=row.id,
        name=display_name(row.given_names, row.prefix, row.family_name) or row.alias,
        birth_date=row.birth_date,
        birth_year_estimate=row.birth_year_estimate,
        municipality=municipality.name if municipality else "",
        open_case_id=case[0] if case else None,
        open_case_number=case[1] if case else None,
        score=round(score, 1),
        reasons=tuple(reasons),
    )


def _once_each(matches: list[PersonMatch]) -> list[PersonMatch]:
    """Persons who look the same in the panel (name, birth, municipality) shown once: the
    best scored, one with an open case before one without; the reason says how often."""
    groups: dict[tuple[str, str, str], list[PersonMatch]] = {}
    for match in matches:
        key = (fold(match.name), match.born_text, match.municipality)
        groups.setdefault(key, []).append(match)
    result: list[PersonMatch] = []
    for group in groups.values():
        best = max(group, key=lambda m: (m.score, m.open_case_id is not None, -m.person_id))
        if len(group) > 1:
            times = TIMES_IN_REGISTER.format(n=len(group))
            best = dataclasses.replace(best, reasons=(*best.reasons, times))
        result.append(best)
    result.sort(key=lambda m: -m.score)
    return result


def find_matches(
    register: Register,
    family_name: str = "",
    prefix: str = "",
    given_names: str = "",
    birth_date: date | None = None,
    bsn: str = "",
    alias: str = "",
    limit: int = 8,
) -> list[PersonMatch]:
    """Persons who may be the one typed, most alike first (see the module text)."""
    name = _Name.of(family_name, prefix, given_names, alias)
    if len(name.proper) < 2 and len(name.alias) < 2:
        name = _Name("", "", name.given, "", "")  # one letter says too little to look for
    wanted = _Wanted(
        name=name,
        birth_date=birth_date,
        # Only a BSN that passes the 11-test is looked up: a half-typed one matches nothing.
        bsn=normalise_bsn(bsn) if bsn.strip() and not bsn_problem(bsn) else "",
    )
    if not (name.proper or name.alias or wanted.bsn or wanted.birth_date):
        return []
    with register.session() as session:
        likeness = NameLikeness()
        rows = _candidates(session, wanted)
        scored = _score_rows(rows, wanted, likeness)
        typed = [w for w in (name.proper, name.alias) if len(w) >= TYPO_MIN_LETTERS]
        if len(scored) < TYPO_PASS_BELOW and typed:
            seen = {row.id for row in rows}
            alike: set[int] = set()
            for words in typed:
                alike |= alike_person_ids(session, [words])
            scored += _score_rows(_rows_of(session, alike - seen), wanted, likeness)
        scored.sort(key=lambda item: (-item[0], item[1], item[2].id))
        # Room for identical entries shown once (_once_each) still to fill `limit`.
        best = scored[: limit * 3]
        cases = _open_cases(session, [item[2].id for item in best])
    matches = [_match(row, score, reasons, cases.get(row.id)) for score, _p, row, reasons in best]
    return _once_each(matches)[:limit]


# --- one person ------------------------------------------------------------------------------


def person_summary(register: Register, person_id: int) -> PersonSummary | None:
    """A person's details and open case, e.g. to show who was chosen at intake.

    Like find_matches this reads the person, not a case: no access-log entry.
    """
    with register.session() as session:
        person = session.get(Person, person_id)
        if person is None:
            return None
        case = _open_cases(session, [person_id]).get(person_id)
        return PersonSummary(
            person_id=person.id,
            family_name=person.family_name,
            prefix=person.prefix,
            given_names=person.given_names,
            alias=person.alias,
            birth_date=person.birth_date,
            birth_year_estimate=person.birth_year_estimate,
            bsn=person.bsn,
            address=person.address,
            postcode=person.postcode,
            city=person.city,
            municipality_code=person.municipality_code,
            open_case_id=case[0] if case else None,
            open_case_number=case[1] if case else None,
        )


def person_of_report(register: Register, report_id: int) -> PersonSummary | None:
    """Whom a report is about (the triage screen's heading)."""
    with register.session() as session:
        person_id = session.scalar(select(Report.person_id).where(Report.id == report_id))
    return person_summary(register, person_id) if person_id is not None else None


def case_number(register: Register, case_id: int) -> str:
    """A case's number, to confirm to the worker which case a report went to.

    Only the number is read (no case content), right after the save that was logged.
    """
    with register.session() as session:
        return session.scalar(select(Case.number).where(Case.id == case_id)) or ""
