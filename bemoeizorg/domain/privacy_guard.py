"""The privacy guard: what a team lead types into a meeting pack (the question to the
network, what is asked of whom, agreements, the case holder) is checked for identifying
data before it is previewed or printed.

Two kinds of hits:
- the case's own person: family name, given names, alias, initials with the surname
  ("J. Jansen", "J.P. van Jansen"), the address (street with or without the number),
  the postcode, the BSN, the birth date in the usual Dutch notations (01-02-1980,
  1-2-1980, 01021980, 1980-02-01, 1 februari 1980, 1 feb '80);
- anyone in the register (persons and reporters): their names, whole words, case and
  accents ignored;
and generic patterns whoever they belong to: a 9-digit number that passes the 11-test,
a phone number, an e-mail address, a postcode with a house number, a street with a house
number.

Against false hits on ordinary Dutch: a name of fewer than `MIN_NAME_LENGTH` letters is
not looked for (others' names only; the case's own from 2 letters), and a name that is
also an ordinary word (`COMMON_WORDS`: Bakker, Bos, de Jong, Visser, Roos, ...) counts
only when it is written with a capital inside a sentence ("met mevrouw Bakker", not "de
bakker op de hoek" or a sentence that starts with "Bos"). Pure: no I/O; the register's
names are gathered by `casework/pack_guard.py`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from bemoeizorg.domain.formats import MONTHS
from bemoeizorg.domain.identity import bsn_problem
from bemoeizorg.domain.municipalities import MUNICIPALITIES

MIN_NAME_LENGTH = 4  # others' names: "Bas", "Kim", "Jan" also turn up as parts of text

# Ordinary Dutch words that are also (parts of) names; they count only with a capital
# inside a sentence. Prefixes (van, de, ter) and a few titles are here as well.
COMMON_WORDS: frozenset[str] = frozenset(
    """
    aan al als arts baas bakker beek beer berg bes bij blok bloem boer boom bos bosch bout
    brand brink broek brug buis buren dag dam das de dekker den der des dijk dokter dom
    dood door dorp duif dun eik en er feest fles gast geel goed goud graaf graag groen groot
    haan haas hal hart heer heide held hek hemel hier hoek hof hol hond hoog hoop horst huis
    hut in jong kaas kamp kant kat kerk klein klok knol kok koning koopman koster kraai
    kramer kroon kuiper laan lam lang las leeuw lente licht lief linde mark markt meer
    meester met mevrouw meneer molen mol mooi mos mulder noord nu oost op over paap pauw
    peer pen plas plein post put raaf rijk rivier rood roos ros schaap schip schot schouten
    schuur slot smid smit snel spijker stad steen ster stok storm straat tak te ten ter toren
    tuin uit valk van veen veld vink visser vogel vos vrede vries wal water weg wel wever
    west wijk wil winter wit wolf zee zon zomer zuid zwart zwaan week jaar maand hulp zorg
    team wonen werk school vader moeder zoon dochter broer zus buurman buurvrouw
    """.split()
)
NAME_PREFIXES: frozenset[str] = frozenset(
    "van de der den het ter ten te in op aan bij vd v.d. d' 't".split()
)
_SHORT_MONTHS = tuple(m[:3] for m in MONTHS)
_TITLES = frozenset("mw mevr mevrouw dhr heer meneer mr dr fam familie".split())


@dataclass(frozen=True, slots=True)
class OwnPerson:
    """The identifying data of the case's own person, as the register holds it."""

    given_names: str = ""
    prefix: str = ""
    family_name: str = ""
    alias: str = ""
    birth_date: date | None = None
    bsn: str = ""
    address: str = ""
    postcode: str = ""


@dataclass(frozen=True, slots=True)
class RegisterNames:
    """Every name word in the register, folded: `plain` always counts, `common` (ordinary
    words) only with a capital inside a sentence."""

    plain: frozenset[str] = frozenset()
    common: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class GuardContext:
    """What a pack is checked against: each case's own person (by case id) and the
    register's names."""

    own: dict[int, OwnPerson] = field(default_factory=dict)
    names: RegisterNames = field(default_factory=RegisterNames)


class OverrideReason(StrEnum):
    """Why a teamleider lets a warned text into the pack: fixed texts, so the access log
    holds the program's words and never what was typed."""

    NOT_A_PERSON = "geen persoonsgegeven (een organisatie, plaats of gewoon woord)"
    NEEDED = "nodig voor het overleg en met de betrokkene besproken"
    PROFESSIONAL = "naam van een hulpverlener in zijn rol"

    @property
    def label(self) -> str:
        return self.value[:1].upper() + self.value[1:]


OVERRIDE_DETAIL = "privacywaarschuwing overgeslagen: {reason}"


@dataclass(frozen=True, slots=True)
class Hit:
    """Characters `start:end` of a text look identifying, for `reason` (Dutch, without the
    text itself: it may go into a log or on a screen)."""

    start: int
    end: int
    reason: str


@dataclass(frozen=True, slots=True)
class _Word:
    folded: str
    start: int  # in the original text
    end: int
    capital: bool
    sentence_start: bool


@dataclass(slots=True)
class _Text:
    text: str
    words: list[_Word] = field(default_factory=list)


OWN_NAME = "naam van deze persoon"
OWN_INITIALS = "initialen met de achternaam van deze persoon"
OWN_ADDRESS = "adres van deze persoon"
OWN_POSTCODE = "postcode van deze persoon"
OWN_BSN = "BSN van deze persoon"
OWN_BIRTH_DATE = "geboortedatum van deze persoon"
OTHER_NAME = "naam van een persoon of melder in het register"
ELEVEN_TEST = "nummer van 9 cijfers dat de elfproef haalt (een BSN?)"
PHONE = "telefoonnummer"
EMAIL = "e-mailadres"
POSTCODE_NUMBER = "postcode met huisnummer"
STREET_NUMBER = "straat met huisnummer"


def fold_word(word: str) -> str:
    """Lower case without accents: "Ösçar" -> "oscar"."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?:;\n]\s*$")


def _words(text: str) -> list[_Word]:
    out: list[_Word] = []
    for match in _WORD.finditer(text):
        before = text[: match.start()]
        ends = not before.strip() or bool(_SENTENCE_END.search(before))
        if ends and out and before.rstrip().endswith("."):
            # "J. Jansen", "mw. Bakker": a period after an initial or title ends no sentence
            last = out[-1]
            if len(last.folded) == 1 or last.folded in _TITLES:
                ends = False
        word = match.group()
        out.append(_Word(fold_word(word), match.start(), match.end(), word[:1].isupper(), ends))
    return out


def name_words(name: str) -> list[str]:
    """The folded words of a name, hyphenated parts apart ("Smit-Bakker")."""
    return [fold_word(w) for w in _WORD.findall(name)]


def register_names(names: Iterable[str]) -> RegisterNames:
    """The name words worth looking for: none shorter than `MIN_NAME_LENGTH`, prefixes
    and titles never, ordinary words (`COMMON_WORDS`) apart."""
    plain: set[str] = set()
    common: set[str] = set()
    for name in names:
        for word in name_words(name):
            if len(word) < MIN_NAME_LENGTH or word in NAME_PREFIXES or word in _TITLES:
                continue
            (common if word in COMMON_WORDS else plain).add(word)
    return RegisterNames(frozenset(plain), frozenset(common))


def _counts(word: _Word, common: bool) -> bool:
    return not common or (word.capital and not word.sentence_start)


def _sequence_hits(words: list[_Word], wanted: list[str], reason: str) -> list[Hit]:
    """Where the words `wanted` follow each other; a sequence of only ordinary words
    counts with a capital inside a sentence."""
    if not wanted:
        return []
    common = all(w in COMMON_WORDS or w in NAME_PREFIXES for w in wanted)
    hits: list[Hit] = []
    for i in range(len(words) - len(wanted) + 1):
        if all(words[i + k].folded == w for k, w in enumerate(wanted)):
            if _counts(words[i + len(wanted) - 1], common):
                hits.append(Hit(words[i].start, words[i + len(wanted) - 1].end, reason))
    return hits


def _with_initials(text: str, hit: Hit, prefix: list[str]) -> Hit:
    """Stretch a surname hit leftwards over its prefix and initials ("J.P. van Jansen")."""
    before = text[: hit.start]
    prefixes = [r"\s+".join(re.escape(p) for p in prefix)] if prefix else []
    optional = r"(?:(?i:" + "|".join([*prefixes, r"vd\.?", r"v\.d\."]) + r")\s*)?"
    match = re.search(r"(?<![\w.])((?:[A-Z]\.\s?){1,4}|[A-Z]{1,3}\s)\s*" + optional + "$", before)
    if match is None:
        return hit
    return Hit(match.start(), hit.end, OWN_INITIALS)


def _own_name_hits(text: str, words: list[_Word], person: OwnPerson) -> list[Hit]:
    hits: list[Hit] = []
    family = name_words(person.family_name)
    prefix = [w for w in person.prefix.split() if w]
    for hit in _sequence_hits(words, family, OWN_NAME):
        hits.append(_with_initials(text, hit, prefix))
    for part in name_words(person.family_name):  # "Smit-Bakker": each part as well
        if len(family) > 1 and len(part) >= 3:
            hits += _sequence_hits(words, [part], OWN_NAME)
    for name in (person.given_names, person.alias):
        for word in name_words(name):
            if len(word) >= 2 and word not in NAME_PREFIXES:
                hits += _sequence_hits(words, [word], OWN_NAME)
    return hits


def _digits(text: str) -> str:
    return re.sub(r"[\s.\-]", "", text)


_NUMBER_RUN = re.compile(r"(?<![\d])\d(?:[ .\-]?\d){7,9}(?![\d])")


def _number_hits(text: str, person: OwnPerson) -> list[Hit]:
    hits: list[Hit] = []
    own_bsn = _digits(person.bsn).zfill(9) if person.bsn.strip() else ""
    for match in _NUMBER_RUN.finditer(text):
        digits = _digits(match.group())
        if own_bsn and digits.zfill(9) == own_bsn and len(digits) in (8, 9):
            hits.append(Hit(match.start(), match.end(), OWN_BSN))
        elif len(digits) == 9 and digits[0] != "0" and not bsn_problem(digits):
            hits.append(Hit(match.start(), match.end(), ELEVEN_TEST))
    return hits


_PHONE = re.compile(
    r"(?<![\w+])(?:\+31|0031|0)[\s\-.]?(?:\(0\)\s?)?\d(?:[\s\-.]?\d){8}(?!\d)"
    r"|(?<![\w+])\+\d{2,3}(?:[\s\-.]?\d){8,11}(?!\d)"
)
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+", re.UNICODE)
_POSTCODE = r"[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}"
_POSTCODE_NUMBER = re.compile(
    rf"\b{_POSTCODE}\b\s*,?\s*\d{{1,5}}\b|\b\d{{1,5}}\s*[a-zA-Z]?\s*,\s*{_POSTCODE}\b"
)
_STREETS = (
    "straat|weg|laan|plein|singel|gracht|kade|dijk|hof|pad|steeg|dreef|markt|ring|"
    "allee|baan|park|veld|wal|stede|erf"
)
_STREET_NUMBER = re.compile(
    rf"\b[^\W\d_]+(?:{_STREETS})\s+\d{{1,5}}(?:\s?[a-zA-Z]\b)?", re.IGNORECASE
)


def _pattern_hits(text: str) -> list[Hit]:
    hits = [Hit(m.start(), m.end(), PHONE) for m in _PHONE.finditer(text)]
    hits += [Hit(m.start(), m.end(), EMAIL) for m in _EMAIL.finditer(text)]
    hits += [Hit(m.start(), m.end(), POSTCODE_NUMBER) for m in _POSTCODE_NUMBER.finditer(text)]
    hits += [Hit(m.start(), m.end(), STREET_NUMBER) for m in _STREET_NUMBER.finditer(text)]
    return hits


def _address_hits(text: str, words: list[_Word], person: OwnPerson) -> list[Hit]:
    hits: list[Hit] = []
    street = [w for w in name_words(person.address) if len(w) >= 3]
    number = re.search(r"\d+(?:\s?[a-zA-Z]\b)?", person.address)
    if street:
        for hit in _sequence_hits(words, street, OWN_ADDRESS):
            after = text[hit.end :]
            tail = re.match(r"\s*\d+(?:\s?[a-zA-Z]\b)?", after)
            hits.append(Hit(hit.start, hit.end + (tail.end() if tail else 0), OWN_ADDRESS))
        if number and all(w in COMMON_WORDS for w in street):
            # "Heide 150": an ordinary word with the house number is the address too
            pattern = r"\b" + r"\s+".join(street) + r"\s+" + re.escape(number.group().strip())
            for match in re.finditer(pattern, fold_word(text)):
                hits.append(Hit(match.start(), match.end(), OWN_ADDRESS))
    code = re.sub(r"\s", "", person.postcode).upper()
    if len(code) == 6:
        pattern = rf"\b{code[:4]}\s?{code[4:]}\b"
        for match in re.finditer(pattern, text, re.IGNORECASE):
            hits.append(Hit(match.start(), match.end(), OWN_POSTCODE))
    return hits


_DAY_MONTH_YEAR = re.compile(r"(?<![\d])(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4}|\d{2})(?![\d])")
_ISO = re.compile(r"(?<![\d])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])")
_EIGHT = re.compile(r"(?<![\d])(\d{2})(\d{2})(\d{4})(?![\d])")
_MONTH_NAMES = "|".join(list(MONTHS) + list(_SHORT_MONTHS))
_WRITTEN = re.compile(
    rf"(?<![\d])(\d{{1,2}})\s*(?:e\s+)?({_MONTH_NAMES})\.?\s+('?\d{{2}}|\d{{4}})(?![\d])",
    re.IGNORECASE,
)


def _same_day(born: date, day: int, month: int, year_text: str) -> bool:
    year_text = year_text.lstrip("'")
    year = int(year_text)
    if len(year_text) == 2:
        year_ok = year == born.year % 100
    else:
        year_ok = year == born.year
    return year_ok and day == born.day and month == born.month


def _birth_date_hits(text: str, born: date | None) -> list[Hit]:
    if born is None:
        return []
    hits: list[Hit] = []
    for m in _DAY_MONTH_YEAR.finditer(text):
        if _same_day(born, int(m.group(1)), int(m.group(2)), m.group(3)):
            hits.append(Hit(m.start(), m.end(), OWN_BIRTH_DATE))
    for m in _ISO.finditer(text):
        if _same_day(born, int(m.group(3)), int(m.group(2)), m.group(1)):
            hits.append(Hit(m.start(), m.end(), OWN_BIRTH_DATE))
    for m in _EIGHT.finditer(text):
        if _same_day(born, int(m.group(1)), int(m.group(2)), m.group(3)):
            hits.append(Hit(m.start(), m.end(), OWN_BIRTH_DATE))
    for m in _WRITTEN.finditer(text):
        month_text = fold_word(m.group(2))[:3]
        month = _SHORT_MONTHS.index(month_text) + 1
        if _same_day(born, int(m.group(1)), month, m.group(3)):
            hits.append(Hit(m.start(), m.end(), OWN_BIRTH_DATE))
    return hits


def _other_name_hits(words: list[_Word], names: RegisterNames) -> list[Hit]:
    return [
        Hit(w.start, w.end, OTHER_NAME)
        for w in words
        if w.folded in names.plain or (w.folded in names.common and _counts(w, True))
    ]


def _merged(hits: list[Hit]) -> list[Hit]:
    """Overlapping hits become one, with the reason of the first (own data before
    generic patterns, the longest first)."""
    out: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if out and hit.start < out[-1].end:
            last = out[-1]
            out[-1] = Hit(last.start, max(last.end, hit.end), last.reason)
            continue
        out.append(hit)
    return out


# What prints as nothing or as a letter it is not (red team, issue 15): invisible
# characters dropped, look-alike letters and dashes read as what they look like, before
# anything is matched (full-width letters and digits and the no-break space: NFKC).
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
_LOOK_ALIKE = str.maketrans(
    "\u0430\u0435\u043e\u0440\u0441\u0445\u0443\u0456\u0458\u0410\u0412\u0415\u041a"
    "\u041c\u041d\u041e\u0420\u0421\u0422\u0425\u0406\u0408\u03bf\u039f\u0391\u0392"
    "\u0395\u0397\u0399\u039a\u039c\u039d\u03a1\u03a4\u03a7\u2010\u2011\u2012\u2013"
    "\u2014\u2212",
    "aeopcxyijABEKMHOPCTXIJoOABEHIKMNPTX------",
)


def _readable(text: str) -> tuple[str, list[int]]:
    """The text as a reader sees it, with for each character its place in `text`."""
    out: list[str] = []
    where: list[int] = []
    for index, ch in enumerate(text):
        if ch in _INVISIBLE:
            continue
        for c in unicodedata.normalize("NFKC", ch).translate(_LOOK_ALIKE):
            out.append(c)
            where.append(index)
    return "".join(out), where


def _glued_hits(text: str, person: OwnPerson) -> list[Hit]:
    """The own family name with its letters split by spaces, hyphens or line breaks,
    letter-spaced, glued into a handle or with a genitive s ("Meulen-broek",
    "@zoemeulenbroek", "Meulenbroeks"): looked for in the letters alone. Only for a name
    of six letters or more, where a chance match across words is unlikely."""
    family = "".join(name_words(person.family_name))
    if len(family) < 6:
        return []
    letters: list[str] = []
    where: list[int] = []
    for index, ch in enumerate(text):
        folded = fold_word(ch)
        if folded.isalpha():
            letters.append(folded)
            where.append(index)
    joined = "".join(letters)
    hits: list[Hit] = []
    start = joined.find(family)
    while start >= 0:
        first, last = where[start], where[start + len(family) - 1]
        if _glued_match_counts(text, first, last):
            hits.append(Hit(first, last + 1, OWN_NAME))
        start = joined.find(family, start + 1)
    return hits


def _glued_match_counts(text: str, first: int, last: int) -> bool:
    """A match ends where a word ends (an s or 's may follow); across words it also starts
    where a word starts. So "@zoemeulenbroek" and "Bak-kers" count, and neither
    "bakkerij" nor "bak kerstboom" is "Bakker"."""
    after = text[last + 1 : last + 3]
    genitive = after[:1] in ("s", "S", "'") and not after[1:2].isalpha()
    if after[:1].isalpha() and not genitive:
        return False
    within_one_word = all(ch.isalpha() for ch in text[first : last + 1])
    return within_one_word or first == 0 or not text[first - 1].isalpha()


_MUNICIPALITY_NAMES = re.compile(
    "|".join(re.escape(m.name) for m in sorted(MUNICIPALITIES, key=lambda m: -len(m.name))),
    re.IGNORECASE,
)


def check_text(
    text: str, person: OwnPerson | None = None, names: RegisterNames | None = None
) -> list[Hit]:
    """Every stretch of `text` that looks identifying, in order, none overlapping (places
    in `text` itself, also where it holds invisible or look-alike characters)."""
    if not text.strip():
        return []
    readable, where = _readable(text)
    return [
        Hit(where[h.start], where[h.end - 1] + 1, h.reason)
        for h in _check_readable(readable, person, names)
    ]


def _check_readable(text: str, person: OwnPerson | None, names: RegisterNames | None) -> list[Hit]:
    if not text.strip():
        return []
    words = _words(text)
    own = person or OwnPerson()
    found: list[Hit] = []
    # Own data first: an overlap keeps the first reason, and "BSN van deze persoon" says
    # more than "elfproef".
    found += _own_name_hits(text, words, own)
    found += _glued_hits(text, own)
    found += _address_hits(text, words, own)
    found += _birth_date_hits(text, own.birth_date)
    found += _number_hits(text, own)
    ranked = {OWN_NAME: 0, OWN_INITIALS: 0, OWN_ADDRESS: 0, OWN_POSTCODE: 0}
    found = sorted(found, key=lambda h: ranked.get(h.reason, 1))
    found += _pattern_hits(text)
    if names is not None:
        # "Peel en Maas", "Horst aan de Maas": a municipality is no one's name.
        places = [(m.start(), m.end()) for m in _MUNICIPALITY_NAMES.finditer(text)]
        found += [
            hit
            for hit in _other_name_hits(words, names)
            if not any(a <= hit.start and hit.end <= b for a, b in places)
        ]
    return _merged(_stable_first(found))


def _stable_first(hits: list[Hit]) -> list[Hit]:
    """Of hits over the same characters, the first given wins in `_merged`'s sort."""
    seen: dict[tuple[int, int], Hit] = {}
    for hit in hits:
        seen.setdefault((hit.start, hit.end), hit)
    return list(seen.values())
