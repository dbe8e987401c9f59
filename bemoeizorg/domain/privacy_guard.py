"""The privacy guard: what a team lead types into a meeting pack (the question to the
network, what is asked of whom, agreements, the case holder) is checked for identifying
data before it is previewed or printed.

Two kinds of hits:
- the case's own person: family name (also split, glued, with a genitive s or one typo
  off), given names, alias, initials with the surname ("J. Jansen", "J.P. van Jansen"),
  the address (street with or without the number, abbreviated "Heidestr.", split
  "Heide-straat", or its stem with the number "Heide 150"), the postcode, the BSN (also
  spelled out), the birth date in the usual Dutch notations (01-02-1980, 1-2-1980,
  01021980, 1980-02-01, 1 februari 1980, 1 feb '80, een februari 1980) and day and month
  alone next to a birthday word ("jarig op 1 februari");
- anyone in the register (persons and reporters): their names, whole words or split over
  words, case and accents ignored; a reporting organisation where the sentence says it
  reported;
and generic patterns whoever they belong to: a 9-digit number that passes the 11-test,
a phone number, an e-mail address (also written out: "(at)", "[dot]", "at ... punt"), a
postcode with a house number, a street with a house number ("Markt 5" too). Invisible
and look-alike characters are read as they print.

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

from rapidfuzz.distance import OSA

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
_MUNICIPALITY_NAMES = re.compile(
    "|".join(re.escape(m.name) for m in sorted(MUNICIPALITIES, key=lambda m: -len(m.name))),
    re.IGNORECASE,
)


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
    words) only with a capital inside a sentence. `organisations`: the reporting
    organisations, each as its folded words, which count as a whole and only where the
    sentence says who reported ("Wonen Limburg heeft gemeld"): as a partner in the network
    the same organisation is no one's identity."""

    plain: frozenset[str] = frozenset()
    common: frozenset[str] = frozenset()
    organisations: frozenset[tuple[str, ...]] = frozenset()


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
REPORTING_ORGANISATION = "naam van een organisatie die in het register een melding deed"


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


# Words of an organisation's name that say only what kind of organisation it is, or
# where: an organisation named by these alone ("GGD", "Politie Limburg-Noord") is a
# partner at every table, not who reported.
_GENERIC_ORGANISATION_WORDS = frozenset(
    """
    ggd ggz politie huisarts huisartsen huisartsenpraktijk praktijk wijkteam sociaal team
    gemeente wijkagent veilig thuis bureau schuldhulp schuldhulpverlening zorg limburg
    noord zuid oost west midden regio de het van en
    """.split()
)


def register_names(names: Iterable[str], organisations: Iterable[str] = ()) -> RegisterNames:
    """The name words worth looking for: none shorter than `MIN_NAME_LENGTH`, prefixes
    and titles never, ordinary words (`COMMON_WORDS`) apart; reporting organisations as a
    whole, except those named only by what or where they are."""
    plain: set[str] = set()
    common: set[str] = set()
    for name in names:
        for word in name_words(name):
            if len(word) < MIN_NAME_LENGTH or word in NAME_PREFIXES or word in _TITLES:
                continue
            (common if word in COMMON_WORDS else plain).add(word)
    whole: set[tuple[str, ...]] = set()
    for organisation in organisations:
        words = tuple(name_words(organisation))
        generic = all(
            w in _GENERIC_ORGANISATION_WORDS or _MUNICIPALITY_NAMES.fullmatch(w) for w in words
        )
        if words and not generic and len("".join(words)) >= MIN_NAME_LENGTH:
            whole.add(words)
    return RegisterNames(frozenset(plain), frozenset(common), frozenset(whole))


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
    return re.sub(r"[\s.\-/]", "", text)


_NUMBER_RUN = re.compile(r"(?<![\d])\d(?:[ .\-/]?\d){7,9}(?![\d])")

# A number spelled out digit by digit ("een een een twee ..."): eight or more digit words
# in a row are no Dutch sentence, so they are read as the number they spell.
_DIGIT_WORDS = {
    "nul": "0", "een": "1", "één": "1", "twee": "2", "drie": "3", "vier": "4", "vijf": "5",
    "zes": "6", "zeven": "7", "acht": "8", "negen": "9",
}  # fmt: skip
_SPELLED_NUMBER = re.compile(
    r"(?<![^\W\d_])(?:{0})(?:[\s,\-]+(?:{0})){{7,10}}(?![^\W\d_])".format(
        "|".join(sorted(_DIGIT_WORDS, key=len, reverse=True))
    ),
    re.IGNORECASE,
)


def _bsn_hit(start: int, end: int, digits: str, own_bsn: str) -> Hit | None:
    if own_bsn and digits.zfill(9) == own_bsn and len(digits) in (8, 9):
        return Hit(start, end, OWN_BSN)
    if len(digits) == 9 and digits[0] != "0" and not bsn_problem(digits):
        return Hit(start, end, ELEVEN_TEST)
    return None


def _number_hits(text: str, person: OwnPerson) -> list[Hit]:
    hits: list[Hit] = []
    own_bsn = _digits(person.bsn).zfill(9) if person.bsn.strip() else ""
    for match in _NUMBER_RUN.finditer(text):
        hit = _bsn_hit(match.start(), match.end(), _digits(match.group()), own_bsn)
        hits += [hit] if hit else []
    for match in _SPELLED_NUMBER.finditer(text):
        spelled = re.findall(r"[^\W\d_]+", match.group().casefold())
        digits = "".join(_DIGIT_WORDS[w] for w in spelled)
        hit = _bsn_hit(match.start(), match.end(), digits, own_bsn)
        if hit is None and len(digits) == 10 and digits.startswith("0"):
            hit = Hit(match.start(), match.end(), PHONE)
        hits += [hit] if hit else []
    return hits


# Ten digits; the area code may stand in brackets or before a slash ("(06) 12 34 56 78",
# "06/12345678", "(0475) 123456"): the slash only there, so "01/06/2026 12..." is no phone.
_AREA_CODE_PHONES = "|".join(
    rf"(?:\(0\d{{{k}}}\)|(?<!/)0\d{{{k}}}\s?/)\s?\d(?:[\s\-.]?\d){{{8 - k}}}" for k in (1, 2, 3)
)
_PHONE = re.compile(
    r"(?<![\w+])(?:\+31|0031|0)[\s\-.]?(?:\(0\)\s?)?\d(?:[\s\-.]?\d){8}(?!\d)"
    r"|(?<![\w+])\+\d{2,3}(?:[\s\-.]?\d){8,11}(?!\d)"
    rf"|(?<![\w+]){_AREA_CODE_PHONES}(?!\d)"
)
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+", re.UNICODE)
# An address written out to fool a crawler: "piet(at)example.nl", "piet [at] example [dot]
# nl", "piet @ example . nl", "piet at example punt nl". A bare "at" is also Dutch ("zij at
# thuis. De ..."), so after it the dot must be "punt"/"dot" or a "." inside the domain.
_TLD = r"(?:nl|be|de|eu|com|org|net|info|nu|io|uk|fr|biz|online|email|me|co)"
_BRACKETED = r"\s*[(\[{{<]\s*(?:{0})\s*[)\]}}>]\s*"
_STRONG_AT = rf"(?:\s*@\s*|{_BRACKETED.format('at')}|\s+apenstaartje\s+)"
_WORD_DOT = rf"(?:\.|{_BRACKETED.format('dot|punt')}|\s+(?:dot|punt)\s+)"
_ANY_DOT = rf"(?:\s*\.\s*|{_WORD_DOT})"
_DISGUISED_EMAIL = re.compile(
    rf"(?<![\w.@])[\w.+\-]+(?:{_STRONG_AT}[\w\-]+(?:{_ANY_DOT}[\w\-]+)*?{_ANY_DOT}"
    rf"|\s+at\s+[\w\-]+(?:{_WORD_DOT}[\w\-]+)*?{_WORD_DOT}){_TLD}(?![\w@])",
    re.IGNORECASE,
)
_POSTCODE = r"[1-9]\d{3}(?:\s{0,2}|-)(?!SA|SD|SS)[A-Z]{2}"
_HOUSE_NUMBER_WORD = r"(?i:(?:huis)?(?:nummer|nr\.?|no\.?))"
_POSTCODE_NUMBER = re.compile(
    rf"\b{_POSTCODE}\b\s*,?\s*(?:{_HOUSE_NUMBER_WORD}\s*)?\d{{1,5}}\b"
    rf"|\b\d{{1,5}}\s*[a-zA-Z]?\s*,\s*{_POSTCODE}\b"
)
_STREETS = (
    "straat|weg|laan|plein|singel|gracht|kade|dijk|hof|pad|steeg|dreef|markt|ring|"
    "allee|baan|park|veld|wal|stede|erf"
)
# A number that counts something is no house number: "weg 2 weken", "Markt 3 keer".
_NOT_A_COUNT = (
    r"(?![\d:]|[.,]\d|\s*(?i:uur|keer|x|dag|dagen|week|weken|maand|maanden|jaar|jaren|euro|"
    r"min|minuten|km|kilometer|meter|procent|%|personen|mensen|kinderen|kramen)\b)"
)
_STREET_NUMBER = re.compile(
    rf"\b[^\W\d_]+(?:(?:{_STREETS})\s+|str\.\s*)\d{{1,5}}(?:\s?[a-zA-Z]\b)?",
    re.IGNORECASE,
)
# "Markt 5", "Plein 12": the street word alone, written as a name, with a house number.
_BARE_STREETS = "|".join(w.capitalize() for w in _STREETS.split("|") if len(w) > 3)
_BARE_STREET_NUMBER = re.compile(rf"\b(?:{_BARE_STREETS})\s+\d{{1,4}}(?:\s?[a-z]\b)?{_NOT_A_COUNT}")


def _pattern_hits(text: str) -> list[Hit]:
    hits = [Hit(m.start(), m.end(), PHONE) for m in _PHONE.finditer(text)]
    hits += [Hit(m.start(), m.end(), EMAIL) for m in _EMAIL.finditer(text)]
    hits += [Hit(m.start(), m.end(), EMAIL) for m in _DISGUISED_EMAIL.finditer(text)]
    hits += [Hit(m.start(), m.end(), POSTCODE_NUMBER) for m in _POSTCODE_NUMBER.finditer(text)]
    hits += [Hit(m.start(), m.end(), STREET_NUMBER) for m in _STREET_NUMBER.finditer(text)]
    hits += [Hit(m.start(), m.end(), STREET_NUMBER) for m in _BARE_STREET_NUMBER.finditer(text)]
    return hits


def _fold_in_place(text: str) -> str:
    """`fold_word` character by character, so places stay those of `text` (a character
    that folds to more or fewer than one stays as it is, lower case)."""
    out = []
    for ch in text:
        folded = fold_word(ch)
        out.append(folded if len(folded) == 1 else ch.lower()[:1] or ch)
    return "".join(out)


_STREET_ABBREVIATIONS = {"straat": ["str"], "laan": ["ln"], "plein": ["pln", "pl"]}


def _street_forms(last: str) -> tuple[str, str] | None:
    """The own street's last word as stem and the pattern of its suffix written out,
    abbreviated ("str.", "ln"), split off or left out: "heidestraat" -> "heide", ..."""
    for suffix in sorted(_STREETS.split("|"), key=len, reverse=True):
        stem = last[: -len(suffix)]
        if last.endswith(suffix) and len(stem) >= 3:
            short = [re.escape(suffix[:k]) + r"\." for k in range(2, len(suffix))]
            short += _STREET_ABBREVIATIONS.get(suffix, [])
            return stem, "|".join([re.escape(suffix), *short])
    return None


def _address_hits(text: str, words: list[_Word], person: OwnPerson) -> list[Hit]:
    hits: list[Hit] = []
    street = [w for w in name_words(person.address) if len(w) >= 3]
    number = re.search(r"\d+", person.address)
    folded = _fold_in_place(text)
    if street:
        for hit in _sequence_hits(words, street, OWN_ADDRESS):
            after = text[hit.end :]
            tail = re.match(r"\s*\d+(?:\s?[a-zA-Z]\b)?", after)
            hits.append(Hit(hit.start, hit.end + (tail.end() if tail else 0), OWN_ADDRESS))
        earlier = "".join(re.escape(w) + r"[\s\-]+" for w in street[:-1])
        forms = _street_forms(street[-1])
        if forms:
            # "Heide-straat", "Heide straat": the name split where its suffix starts
            stem, suffix = forms
            pattern = rf"\b{earlier}{re.escape(stem)}[\s\-]+(?:{suffix})(?![^\W\d_])"
            hits += [Hit(m.start(), m.end(), OWN_ADDRESS) for m in re.finditer(pattern, folded)]
        if number:
            # "Heide 150", "Heidestr. 150", "Heide-straat 150": the stem (or an ordinary
            # word that is the whole street) with the house number is the address too
            stem, suffix = forms or (street[-1], "")
            written = rf"(?:[\s\-]*(?:{suffix}))?" if suffix else ""
            house = number.group()
            pattern = rf"\b{earlier}{re.escape(stem)}{written}[\s\-]*{house}{_NOT_A_COUNT}"
            hits += [Hit(m.start(), m.end(), OWN_ADDRESS) for m in re.finditer(pattern, folded)]
    code = re.sub(r"\s", "", person.postcode).upper()
    if len(code) == 6:
        pattern = rf"\b{code[:4]}[\s\-]*{code[4:]}\b"
        for match in re.finditer(pattern, text, re.IGNORECASE):
            hits.append(Hit(match.start(), match.end(), OWN_POSTCODE))
    return hits


_DAY_MONTH_YEAR = re.compile(r"(?<![\d])(\d{1,2})[-/. ](\d{1,2})[-/. ]['’]?(\d{4}|\d{2})(?![\d])")
_ISO = re.compile(r"(?<![\d])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])")
_EIGHT = re.compile(r"(?<![\d])(\d{2})(\d{2})(\d{4})(?![\d])")
# Month names as written: in full, the first three letters, and "febr", "mrt", "sept".
_MONTH_WORDS: dict[str, int] = {
    **{m: i + 1 for i, m in enumerate(_SHORT_MONTHS)},
    **{m: i + 1 for i, m in enumerate(MONTHS)},
    "febr": 2,
    "mrt": 3,
    "sept": 9,
}
_MONTH_NAMES = "|".join(sorted(_MONTH_WORDS, key=len, reverse=True))
_UNITS = ("een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen")
_TEENS = ("tien", "elf", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien")
_CARDINALS = (
    *_UNITS,
    *_TEENS,
    "achttien",
    "negentien",
    "twintig",
    *(u + "en" + "twintig" for u in _UNITS),
    "dertig",
    "eenendertig",
)
# The day in words, folded ("drie", "tweeentwintig", "derde", "eenendertigste").
_DAY_WORDS: dict[str, int] = {word: day for day, word in enumerate(_CARDINALS, start=1)}
_DAY_WORDS |= {"eerste": 1, "derde": 3, "achtste": 8}
_DAY_WORDS |= {
    word + ("ste" if day >= 20 else "de"): day
    for word, day in list(_DAY_WORDS.items())
    if day not in (1, 3, 8) and not word.endswith(("ste", "de"))
}
_DAY_NAMES = "|".join(sorted(_DAY_WORDS, key=len, reverse=True))
_DAY = rf"(\d{{1,2}})(?:\s*e|de|ste)?|({_DAY_NAMES})"
_WRITTEN = re.compile(
    rf"(?<![\w])(?:{_DAY})\s*({_MONTH_NAMES})\.?\s+['’]?(\d{{2}}|\d{{4}})(?![\d])",
    re.IGNORECASE,
)
# Day and month without a year give the birth date away where the sentence says it is
# one (the pack prints the year of birth beside): "jarig op 3 maart", "geb. 3-3".
_DAY_MONTH = re.compile(
    rf"(?<![\w])(?:(?:{_DAY})\s*({_MONTH_NAMES})\b|(\d{{1,2}})[-/](\d{{1,2}}))"
    r"(?![-/.]?\d)",
    re.IGNORECASE,
)
# The birthday word close by: before the date with at most two words between ("jarig
# op", "verjaardag is op", "geb."), or right after it ("op 3 maart jarig").
_BIRTHDAY = r"(?:jarig\w*|verjaar\w*|geboren|geb|geboorte\w*)"
_BIRTHDAY_BEFORE = re.compile(rf"\b{_BIRTHDAY}\.?(?:\s+[^\W\d_]+){{0,2}}\s*:?\s*$")
_BIRTHDAY_AFTER = re.compile(rf"^\s*(?:[^\W\d_]+\s+)?{_BIRTHDAY}\b")


def _same_day(born: date, day: int, month: int, year_text: str) -> bool:
    year_text = year_text.lstrip("'’")
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
    folded = _fold_in_place(text)
    for m in _WRITTEN.finditer(folded):
        day = int(m.group(1)) if m.group(1) else _DAY_WORDS[m.group(2)]
        if _same_day(born, day, _MONTH_WORDS[m.group(3)], m.group(4)):
            hits.append(Hit(m.start(), m.end(), OWN_BIRTH_DATE))
    for m in _DAY_MONTH.finditer(folded):
        if m.group(4):
            day, month = int(m.group(4)), int(m.group(5))
        else:
            day = int(m.group(1)) if m.group(1) else _DAY_WORDS[m.group(2)]
            month = _MONTH_WORDS[m.group(3)]
        cue = _BIRTHDAY_BEFORE.search(folded[max(0, m.start() - 40) : m.start()]) or (
            _BIRTHDAY_AFTER.match(folded[m.end() : m.end() + 30])
        )
        if (day, month) == (born.day, born.month) and cue:
            hits.append(Hit(m.start(), m.end(), OWN_BIRTH_DATE))
    return hits


def _other_name_hits(words: list[_Word], names: RegisterNames) -> list[Hit]:
    return [
        Hit(w.start, w.end, OTHER_NAME)
        for w in words
        if w.folded in names.plain or (w.folded in names.common and _counts(w, True))
    ]


SPLIT_NAME_LENGTH = 7  # others' names split over words: long enough not to arise by chance


def _split_name_hits(text: str, words: list[_Word], names: RegisterNames) -> list[Hit]:
    """A register name split by hyphens, spaces or line breaks, or letter-spaced
    ("Smeul-ders", "S m e u l d e r s"): consecutive words that spell it together."""
    hits: list[Hit] = []
    for i in range(len(words)):
        joined = words[i].folded
        for k in range(i + 1, len(words)):
            if text[words[k - 1].end : words[k].start].strip(" \t\n-") or len(joined) > 40:
                break
            joined += words[k].folded
            if _ordinary_words([w.folded for w in words[i : k + 1]]) and not words[k].capital:
                continue  # "Straat en" is no "van Straaten"
            genitive = joined[:-1] if joined.endswith("s") else ""
            if any(len(n) >= SPLIT_NAME_LENGTH and n in names.plain for n in (joined, genitive)):
                hits.append(Hit(words[i].start, words[k].end, OTHER_NAME))
    return hits


# Where a sentence says who reported: "heeft gemeld", "de melding kwam van", "meldde".
_ORGANISATION_WORDS = 8
_REPORTED = re.compile(r"\b(?:ge|aan|aange|zorg)?meld\w*|\bgesignaleerd\b|\btipte\b")


def _organisation_hits(text: str, words: list[_Word], names: RegisterNames) -> list[Hit]:
    """A reporting organisation by its whole name, in a sentence that says it reported.
    (Each place tries names of up to `_ORGANISATION_WORDS` words: a set look-up, however
    many organisations the register holds.)"""
    hits: list[Hit] = []
    if not names.organisations:
        return hits
    for i in range(len(words)):
        for n in range(1, min(_ORGANISATION_WORDS, len(words) - i) + 1):
            phrase = tuple(w.folded for w in words[i : i + n])
            if phrase not in names.organisations:
                continue
            common = all(w in COMMON_WORDS or w in NAME_PREFIXES for w in phrase)
            if not _counts(words[i + n - 1], common):
                continue
            start, end = words[i].start, words[i + n - 1].end
            opens = max(text.rfind(mark, 0, start) for mark in ".!?;\n")
            closes = [text.find(mark, end) for mark in ".!?;\n"]
            stop = min([c for c in closes if c >= 0] or [len(text)])
            if _REPORTED.search(fold_word(text[opens + 1 : stop])):
                hits.append(Hit(start, end, REPORTING_ORGANISATION))
    return hits


def _misspelt_name_hits(words: list[_Word], person: OwnPerson) -> list[Hit]:
    """The own family name with a typo ("Meulenbroeck", "Muelenbroek"): a word written with
    a capital inside a sentence (so "Schulden ..." opening one is not "Schulten"), starting
    with the same letter, one edit away (two for a name of ten letters or more); only for a
    name of seven letters or more and never an ordinary word or a municipality."""
    family = "".join(name_words(person.family_name))
    if len(family) < 7:
        return []
    allowed = 2 if len(family) >= 10 else 1
    return [
        Hit(w.start, w.end, OWN_NAME)
        for w in words
        if _counts(w, True)
        and len(w.folded) >= 7
        and w.folded[0] == family[0]
        and w.folded not in COMMON_WORDS
        and not _MUNICIPALITY_NAMES.fullmatch(w.folded)
        and OSA.distance(w.folded, family, score_cutoff=allowed) <= allowed
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


def _ordinary_words(pieces: list[str]) -> bool:
    """Ordinary words side by side ("straat en", "van den berg") spell a name only when the
    last is written with a capital, as `COMMON_WORDS` names count."""
    return len(pieces) > 1 and all(p in COMMON_WORDS or p in NAME_PREFIXES for p in pieces)


def _glued_match_counts(text: str, first: int, last: int) -> bool:
    """A match ends where a word ends (an s or 's may follow); across words it also starts
    where a word starts. So "@zoemeulenbroek" and "Bak-kers" count, and neither
    "bakkerij" nor "bak kerstboom" is "Bakker" (nor "straat en" "Straaten")."""
    after = text[last + 1 : last + 3]
    genitive = after[:1] in ("s", "S", "'") and not after[1:2].isalpha()
    if after[:1].isalpha() and not genitive:
        return False
    pieces = _WORD.findall(text[first : last + 1])
    if _ordinary_words([fold_word(p) for p in pieces]) and not pieces[-1][:1].isupper():
        return False
    within_one_word = all(ch.isalpha() for ch in text[first : last + 1])
    return within_one_word or first == 0 or not text[first - 1].isalpha()


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
    found += _misspelt_name_hits(words, own)
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
            for hit in [*_other_name_hits(words, names), *_split_name_hits(text, words, names)]
            if not any(a <= hit.start and hit.end <= b for a, b in places)
        ]
        found += _organisation_hits(text, words, names)
    return _merged(_stable_first(found))


def _stable_first(hits: list[Hit]) -> list[Hit]:
    """Of hits over the same characters, the first given wins in `_merged`'s sort."""
    seen: dict[tuple[int, int], Hit] = {}
    for hit in hits:
        seen.setdefault((hit.start, hit.end), hit)
    return list(seen.values())
