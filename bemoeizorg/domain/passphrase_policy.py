"""How strong a passphrase is, and why a weak one is refused, in Dutch."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MIN_LENGTH = 10
MIN_SCORE = 3  # zxcvbn 0-4; 3 is "safely unguessable" against an offline attack on a slot
# zxcvbn raises ValueError beyond 72 characters; judge the start of a longer phrase.
_ZXCVBN_MAX = 72
_LABELS = ("Zeer zwak", "Zwak", "Matig", "Goed", "Sterk")


@dataclass(frozen=True, slots=True)
class Strength:
    score: int  # 0-4
    label: str
    acceptable: bool
    reason: str  # empty when acceptable


def assess(passphrase: str, context: tuple[str, ...] = ()) -> Strength:
    """Judge a passphrase; context holds words a guesser would try first (names)."""
    if not passphrase:
        return Strength(0, _LABELS[0], False, "Vul een wachtwoordzin in.")
    # Here, not at the top: zxcvbn holds 11 MB of word lists from its import, and the
    # start screen judges no passphrase.
    from zxcvbn import zxcvbn

    result: dict[str, Any] = zxcvbn(passphrase[:_ZXCVBN_MAX], user_inputs=_guesses(context))
    score = int(result["score"])
    if len(passphrase) < MIN_LENGTH:
        reason = f"Gebruik minstens {MIN_LENGTH} tekens; een zin van een paar woorden werkt goed."
        return Strength(min(score, 1), _LABELS[min(score, 1)], False, reason)
    if score >= MIN_SCORE:
        return Strength(score, _LABELS[score], True, "")
    return Strength(score, _LABELS[score], False, _dutch_reason(result))


def _guesses(context: tuple[str, ...]) -> list[str]:
    """A name as a guesser tries it: whole, run together ("annadevries") and word by word."""
    words: list[str] = []
    for text in context:
        parts = text.split()
        if parts:
            words += [text, "".join(parts)] + [p for p in parts if len(p) >= 3]
    return words


def _dutch_reason(result: dict[str, Any]) -> str:
    warning = str(result.get("feedback", {}).get("warning", "")).lower()
    if "common" in warning or "top" in warning:
        return "Deze lijkt op een veelgebruikt wachtwoord. Kies iets eigens."
    if "repeat" in warning:
        return "Herhalingen zoals 'aaa' of 'abcabc' zijn makkelijk te raden."
    if "sequence" in warning:
        return "Reeksen zoals 'abcd' of '1234' zijn makkelijk te raden."
    if "date" in warning or "year" in warning:
        return "Jaartallen en datums zijn makkelijk te raden."
    for match in result.get("sequence", []):
        if match.get("pattern") == "dictionary" and match.get("dictionary_name") == "user_inputs":
            return "Gebruik niet uw naam of de naam van het register."
    return "Te makkelijk te raden: voeg een of twee ongewone woorden toe."
