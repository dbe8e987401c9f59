"""The Dutch sound key (domain/phonetic): variants that sound alike agree, others do not."""

from __future__ import annotations

import pytest

from bemoeizorg.domain.phonetic import dutch_key, word_key


@pytest.mark.parametrize(
    "variants",
    [
        ("Qwyxzgui", "Kwyxzgui"),  # the first-letter variant of issue 14
        ("Meijer", "Meyer", "Meier"),  # ei / ij / y
        ("Bouwman", "Bouman", "Bauman"),  # au / ou
        ("Gerritsen", "Cherritsen"),  # ch / g
        ("Smid", "Smit", "Smidt"),  # d / dt / t at the end
        ("IJzerman", "Yzerman", "Ijzerman"),  # y / ij
        ("Claassen", "Klaassen", "Klasen"),  # c / k, doubled letters
        ("Philips", "Filips"),  # ph / f
        ("Zwart", "Swart"),  # z / s
        ("Vos", "Fos"),  # v / f
        ("Bosch", "Bos"),  # final sch
        ("Cox", "Kocks", "Koks"),  # x / ks, ck / k
        ("Huygens", "Huijgens", "Huigens"),  # old spelling uy / uij
        ("Maes", "Maas"),  # old spelling ae
        ("Goedhart", "Goethart"),  # d before a consonant, th
        ("Thijs", "Tijs"),
        ("Noël", "Noel"),  # accents do not count
    ],
)
def test_variants_that_sound_alike_get_one_key(variants: tuple[str, ...]) -> None:
    keys = {dutch_key(name) for name in variants}
    assert len(keys) == 1, dict(zip(variants, map(dutch_key, variants), strict=True))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Jansen", "Janssens"),
        ("Bakker", "Bekker"),  # a vowel makes another name
        ("Smit", "Smeets"),
        ("Kok", "Kuik"),
        ("Vos", "Vis"),
        ("Cecile", "Kekile"),  # c before e sounds s, not k
    ],
)
def test_names_that_sound_different_keep_different_keys(a: str, b: str) -> None:
    assert dutch_key(a) != dutch_key(b)


def test_words_are_keyed_apart_and_punctuation_dropped() -> None:
    assert dutch_key("Spee-Heijmans") == "spe hymans"
    assert dutch_key("van 't Hof") == "fan t hof"
    assert word_key("O'Neill") == "onyl"  # ei as in Meijer
    assert dutch_key("") == "" and dutch_key(" - ") == ""
