"""Which passphrases are refused, and that the reason is Dutch and to the point."""

from __future__ import annotations

import pytest

from bemoeizorg.domain.passphrase_policy import MIN_LENGTH, assess

CONTEXT = ("Anna de Vries", "Team Noord-Limburg")


@pytest.mark.parametrize(
    ("passphrase", "reason"),
    [
        ("", "Vul een wachtwoordzin in."),
        ("kort", f"Gebruik minstens {MIN_LENGTH} tekens"),
        ("Zeven zw", f"Gebruik minstens {MIN_LENGTH} tekens"),
        ("wachtwoord123", "Deze lijkt op een veelgebruikt wachtwoord."),
        ("password1234", "Deze lijkt op een veelgebruikt wachtwoord."),
        ("aaaaaaaaaaaaaaaa", "Herhalingen zoals 'aaa'"),
        ("abcdefghijklmnop", "Reeksen zoals 'abcd'"),
        ("Anna de Vries 1", "Gebruik niet uw naam of de naam van het register."),
        ("annadevries2024", "Gebruik niet uw naam of de naam van het register."),
    ],
)
def test_weak_passphrases_are_refused_with_a_dutch_reason(passphrase: str, reason: str) -> None:
    strength = assess(passphrase, CONTEXT)
    assert not strength.acceptable
    assert strength.score <= 2
    assert strength.reason.startswith(reason), strength.reason
    assert strength.label in ("Zeer zwak", "Zwak", "Matig")


@pytest.mark.parametrize(
    "passphrase",
    [
        "Zeven zwanen zwemmen in de Maas",
        "oefenen met het demoregister",
        "Crème brûlée über Straße zonder ĳs",
        "🚲 fietsen langs de Maas 🌧️ in de regen",
        'Jan z\'n "oude" fiets staat buiten',
    ],
)
def test_strong_passphrases_are_accepted(passphrase: str) -> None:
    strength = assess(passphrase, CONTEXT)
    assert strength.acceptable
    assert strength.reason == ""
    assert strength.score >= 3
    assert strength.label in ("Goed", "Sterk")


def test_own_name_weakens_a_passphrase_that_is_fine_for_someone_else() -> None:
    assert assess("annadevries2024").acceptable
    assert not assess("annadevries2024", ("Anna de Vries",)).acceptable


def test_long_passphrases_are_judged_not_crashed() -> None:
    assert assess("Zeven zwanen zwemmen in de Maas " * 200, CONTEXT).acceptable
    weak_start = assess("a" * 300, CONTEXT)
    assert not weak_start.acceptable
    assert weak_start.reason.startswith("Herhalingen")
