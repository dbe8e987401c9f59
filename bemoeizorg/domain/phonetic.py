"""A Dutch sound key for names: spellings that sound alike get the same key.

`dutch_key("Meyer") == dutch_key("Meijer") == dutch_key("Meier")`, and
`dutch_key("Qwyxzgui") == dutch_key("Kwyxzgui")`. Matching at intake, the import and the
Casussen search compare these keys next to rapidfuzz's edit distance on the written names:
the edit distance catches typos, the key catches spelling variants that look far apart
("Cox" and "Kocks", "Bosch" and "Bos", "Philips" and "Filips").

There is no maintained Dutch phonetic library on PyPI (abydos, pyphonetics, jellyfish and
cologne-phonetics offer English or German rules; abydos was last released in 2020), so the
rules are our own, chosen for Dutch and Limburg family names as they are registered and
misheard. Applied in this order, on a folded name (lower case, no accents):

| rule | why |
| --- | --- |
| letters only | "van 't Hof", "Jansen-Smit": punctuation and spaces say nothing about sound |
| final `sch` -> `s` | Bosch, Van den Bosch: said "Bos" |
| `sch` -> `sg`, then `ch`, `gh` -> `g` | ch and g are one sound in Dutch (Schouten, Verhaeghe) |
| `ph` -> `f` (and `th` -> `t`, below) | Philips/Filips, Thijs/Tijs |
| `qu` -> `kw`, `q` -> `k`, `x` -> `ks`, `ck` -> `k` | Quint/Kwint, Qwyxzgui/Kwyxzgui, Cox/Koks |
| `c` before e, i, y -> `s`; other `c` -> `k` | Cecile/Sesile, Claassen/Klaassen |
| `uy`, `uij` -> `ui` | old spelling: Huygens/Huijgens/Huigens |
| `ae` -> `a` | old spelling of aa: Maes/Maas, Verhaegen/Verhagen |
| `eij`, `eyj`, `ij`, `ei`, `ey`, `y` -> `y` | one sound: Meijer/Meyer/Meier, IJzerman/Yzerman |
| `auw`, `ouw`, `au`, `ou` -> `au` | one sound: Bouwman/Bouman/Bauman |
| `dt` -> `t`; `d` at the end or before a consonant -> `t`; then `th` | Smid/Smidt, Goedhart |
| `z` -> `s`, `v` -> `f` | voiced and unvoiced often written either way (Zwart/Swart, Vos/Fos) |
| doubled letters once | Janssen/Jansen, Bakker/Baker |

Vowels stay (Dutch names that differ in a vowel are mostly different names), and so does
the first letter as it sounds: a key never drops a sound, it only writes it one way. Pure:
no I/O, no state.
"""

from __future__ import annotations

import re

from bemoeizorg.domain.intake import fold

_LETTERS = re.compile(r"[^a-z]+")

# (pattern, replacement), in order: see the table in the module text.
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"sch$", "s"),
        (r"sch", "sg"),
        (r"ch|gh", "g"),
        (r"ph", "f"),
        (r"qu", "kw"),
        (r"q", "k"),
        (r"x", "ks"),
        (r"ck", "k"),
        (r"c(?=[eiy])", "s"),
        (r"c", "k"),
        (r"uij|uy", "ui"),
        (r"ae", "a"),
        (r"eij|eyj|ij|ei|ey|y", "y"),
        (r"auw|ouw|au|ou", "au"),
        (r"dt", "t"),
        (r"d(?![aeiouy])", "t"),
        (r"th", "t"),
        (r"z", "s"),
        (r"v", "f"),
        (r"(.)\1+", r"\1"),
    )
)


def word_key(word: str) -> str:
    """The key of one word (or of a name written as one: spaces are dropped)."""
    key = _LETTERS.sub("", word if word.isascii() and word.islower() else fold(word))
    for pattern, replacement in _RULES:
        key = pattern.sub(replacement, key)
    return key


def dutch_key(name: str) -> str:
    """The key of a name, word by word, joined by spaces ("Spee Heijmans" -> "spe hymans")."""
    keys = (word_key(word) for word in name.replace("-", " ").split())
    return " ".join(key for key in keys if key)
