"""The fourteen municipalities of Noord- and Midden-Limburg and their subregions."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Subregion(StrEnum):
    NOORD = "Noord-Limburg"
    MIDDEN = "Midden-Limburg"


@dataclass(frozen=True, slots=True)
class Municipality:
    code: str  # CBS code, e.g. GM0983
    name: str
    subregion: Subregion
    # Venlo arranges bemoeizorg itself, outside the regional contract.
    in_regional_contract: bool = True


MUNICIPALITIES: tuple[Municipality, ...] = (
    Municipality("GM0889", "Beesel", Subregion.NOORD),
    Municipality("GM0893", "Bergen (L.)", Subregion.NOORD),
    Municipality("GM0907", "Gennep", Subregion.NOORD),
    Municipality("GM1507", "Horst aan de Maas", Subregion.NOORD),
    Municipality("GM1894", "Peel en Maas", Subregion.NOORD),
    Municipality("GM0983", "Venlo", Subregion.NOORD, in_regional_contract=False),
    Municipality("GM0984", "Venray", Subregion.NOORD),
    Municipality("GM1711", "Echt-Susteren", Subregion.MIDDEN),
    Municipality("GM1640", "Leudal", Subregion.MIDDEN),
    Municipality("GM1641", "Maasgouw", Subregion.MIDDEN),
    Municipality("GM0946", "Nederweert", Subregion.MIDDEN),
    Municipality("GM1669", "Roerdalen", Subregion.MIDDEN),
    Municipality("GM0957", "Roermond", Subregion.MIDDEN),
    Municipality("GM0988", "Weert", Subregion.MIDDEN),
)

BY_CODE: dict[str, Municipality] = {m.code: m for m in MUNICIPALITIES}


def municipality(code: str) -> Municipality:
    try:
        return BY_CODE[code]
    except KeyError:
        raise ValueError(f"onbekende gemeentecode: {code}") from None


def codes_in(subregion: Subregion, *, contract_only: bool = True) -> list[str]:
    """Codes of a subregion; by default without Venlo, which is outside the contract."""
    return [
        m.code
        for m in MUNICIPALITIES
        if m.subregion is subregion and (m.in_regional_contract or not contract_only)
    ]
