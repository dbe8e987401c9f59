"""Word lists and weights for the demo register: places, organisations, what reporters tell.

Everything here is made up or generic; no real person or case is described.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import TypeVar

from bemoeizorg.domain.vocabulary import (
    Concern,
    ContactKind,
    Outcome,
    ReferralTarget,
    ReporterKind,
    ZrmDomain,
)

T = TypeVar("T")


def weighted(rng: random.Random, weights: Mapping[T, int]) -> T:
    """One key of a weights table below, drawn by its weight."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]


# Reports a year, to split the demo's reports between the municipalities. Noord-Limburg
# sees 550-750 reports a year, Midden-Limburg about 700; inside a subregion roughly by
# population. Gennep only joined the region in 2022 (sheltered housing), hence few.
REPORTS_PER_YEAR: dict[str, int] = {
    "GM0889": 70,  # Beesel
    "GM0893": 65,  # Bergen (L.)
    "GM0907": 30,  # Gennep
    "GM1507": 160,  # Horst aan de Maas
    "GM1894": 160,  # Peel en Maas
    "GM0984": 165,  # Venray
    "GM1711": 95,  # Echt-Susteren
    "GM1640": 100,  # Leudal
    "GM1641": 70,  # Maasgouw
    "GM0946": 50,  # Nederweert
    "GM1669": 60,  # Roerdalen
    "GM0957": 175,  # Roermond
    "GM0988": 150,  # Weert
}

# Places (kernen) per municipality with the first digits of their postcodes.
PLACES: dict[str, tuple[tuple[str, str], ...]] = {
    "GM0889": (("Reuver", "5953"), ("Beesel", "5954"), ("Offenbeek", "5953")),
    "GM0893": (
        ("Bergen", "5854"),
        ("Afferden", "5851"),
        ("Well", "5855"),
        ("Nieuw-Bergen", "5854"),
    ),
    "GM0907": (("Gennep", "6591"), ("Milsbeek", "6596"), ("Ottersum", "6595"), ("Heijen", "6598")),
    "GM1507": (
        ("Horst", "5961"),
        ("America", "5966"),
        ("Sevenum", "5975"),
        ("Grubbenvorst", "5971"),
    ),
    "GM1894": (("Panningen", "5981"), ("Helden", "5988"), ("Baarlo", "5991"), ("Maasbree", "5993")),
    "GM0984": (("Venray", "5801"), ("Venray", "5802"), ("Oostrum", "5807"), ("Ysselsteyn", "5813")),
    "GM1711": (("Echt", "6101"), ("Susteren", "6114"), ("Nieuwstadt", "6118"), ("Pey", "6105")),
    "GM1640": (("Heythuysen", "6093"), ("Haelen", "6081"), ("Horn", "6085"), ("Roggel", "6088")),
    "GM1641": (("Maasbracht", "6051"), ("Thorn", "6017"), ("Wessem", "6019"), ("Heel", "6097")),
    "GM0946": (("Nederweert", "6031"), ("Ospel", "6035"), ("Leveroy", "6036")),
    "GM1669": (("Herkenbosch", "6075"), ("Vlodrop", "6063"), ("Montfort", "6065")),
    "GM0957": (("Roermond", "6041"), ("Roermond", "6043"), ("Swalmen", "6071"), ("Herten", "6049")),
    "GM0988": (
        ("Weert", "6001"),
        ("Weert", "6004"),
        ("Stramproy", "6039"),
        ("Altweerterheide", "6003"),
    ),
}

NOORD = {"GM0889", "GM0893", "GM0907", "GM1507", "GM1894", "GM0984", "GM0983"}

# Street names as they occur in many Limburg towns and villages.
STREETS = (
    "Kerkstraat", "Dorpstraat", "Molenweg", "Stationsstraat", "Schoolstraat", "Maasstraat",
    "Julianastraat", "Wilhelminastraat", "Beatrixstraat", "Kapelaanstraat", "Pastoorsweg",
    "Veldstraat", "Heide", "Hoogstraat", "Nieuwstraat", "Markt", "Raadhuisplein",
    "Sint Jozefstraat", "Burgemeester Geurtsstraat", "Past. Vullinghsstraat", "Grotestraat",
    "Akkerweg", "Lindelaan", "Eikenlaan", "Beukenstraat", "Vlasstraat", "Breestraat",
    "Rozenstraat", "Meidoornstraat", "Spoorstraat", "Zandstraat", "Kloosterstraat",
    "Groenstraat", "Kruisstraat", "Oude Baan", "Nieuwe Baan", "Parallelweg", "Pater Kustersweg",
)  # fmt: skip

# Limburg nicknames (roepnamen) some people go by.
NICKNAMES = (
    "Sjef", "Harrie", "Sjra", "Bèr", "Mieke", "Tiny", "Door", "Wiel", "Jo", "Truus",
    "Nelly", "Jacq", "Sjaak", "Lei", "Mia", "Ton", "Riek", "Frits", "Netty", "Gerrit",
)  # fmt: skip

# Reporter kinds with their weight among all reports.
REPORTER_WEIGHTS: dict[ReporterKind, int] = {
    ReporterKind.WONINGCORPORATIE: 15,
    ReporterKind.BUURT: 12,
    ReporterKind.POLITIE: 12,
    ReporterKind.FAMILIE: 10,
    ReporterKind.WIJKTEAM: 10,
    ReporterKind.HUISARTS: 7,
    ReporterKind.GGZ: 5,
    ReporterKind.GGD: 4,
    ReporterKind.GEMEENTE: 6,
    ReporterKind.SCHULDHULP: 5,
    ReporterKind.NUTSBEDRIJF: 5,
    ReporterKind.BETROKKENE: 2,
    ReporterKind.ANONIEM: 5,
    ReporterKind.ANDERS: 2,
}

# {m}: municipality, {p}: place, {n}: a family name.
ORGANISATIONS: dict[ReporterKind, tuple[str, ...]] = {
    ReporterKind.WONINGCORPORATIE: (
        "Woningstichting Maasoever", "Woonvereniging De Peel", "Woonstichting Roerstreek",
        "Woningcorporatie Weerterland", "Stichting Wonen {p}",
    ),
    ReporterKind.POLITIE: ("Politie, basisteam {m}", "Wijkagent {p}"),
    ReporterKind.HUISARTS: ("Huisartsenpraktijk {n}", "Huisartsenpraktijk {p}"),
    ReporterKind.GGZ: ("FACT-team {m}", "GGZ-polikliniek {m}", "Ambulant team {p}"),
    ReporterKind.GGD: ("GGD, team openbare geestelijke gezondheidszorg",),
    ReporterKind.WIJKTEAM: ("Sociaal team {m}", "Wijkteam {p}"),
    ReporterKind.GEMEENTE: ("Gemeente {m}, afdeling Sociaal Domein", "Gemeente {m}, Wmo-loket"),
    ReporterKind.SCHULDHULP: ("Schuldhulpverlening {m}", "Gerechtsdeurwaarderskantoor {n}"),
    ReporterKind.NUTSBEDRIJF: (
        "Waterbedrijf, vroegsignalering", "Energieleverancier, vroegsignalering",
    ),
    ReporterKind.ANDERS: ("Apotheek {p}", "Thuiszorgteam {p}", "Bibliotheek {p}"),
}  # fmt: skip

# What each kind of reporter mostly worries about.
CONCERNS_BY_REPORTER: dict[ReporterKind, tuple[Concern, ...]] = {
    ReporterKind.WONINGCORPORATIE: (
        Concern.HUISUITZETTING, Concern.VERVUILING, Concern.OVERLAST, Concern.SCHULDEN,
    ),
    ReporterKind.BUURT: (
        Concern.OVERLAST, Concern.VERVUILING, Concern.ZELFVERWAARLOZING, Concern.ISOLEMENT,
        Concern.ONBEGREPEN_GEDRAG,
    ),
    ReporterKind.POLITIE: (
        Concern.OVERLAST, Concern.ONBEGREPEN_GEDRAG, Concern.HUISELIJK_GEWELD, Concern.VERSLAVING,
    ),
    ReporterKind.FAMILIE: (
        Concern.PSYCHISCH, Concern.ZELFVERWAARLOZING, Concern.VERSLAVING, Concern.ISOLEMENT,
    ),
    ReporterKind.WIJKTEAM: (
        Concern.VERWAARLOZING_KINDEREN, Concern.SCHULDEN, Concern.ISOLEMENT, Concern.PSYCHISCH,
    ),
    ReporterKind.HUISARTS: (Concern.PSYCHISCH, Concern.ZELFVERWAARLOZING, Concern.VERSLAVING),
    ReporterKind.GGZ: (Concern.PSYCHISCH, Concern.ZELFVERWAARLOZING, Concern.DAKLOOSHEID),
    ReporterKind.GGD: (Concern.PSYCHISCH, Concern.VERVUILING, Concern.ZELFVERWAARLOZING),
    ReporterKind.GEMEENTE: (Concern.DAKLOOSHEID, Concern.HUISUITZETTING, Concern.SCHULDEN),
    ReporterKind.SCHULDHULP: (Concern.SCHULDEN, Concern.HUISUITZETTING),
    ReporterKind.NUTSBEDRIJF: (Concern.SCHULDEN,),
    ReporterKind.BETROKKENE: (Concern.SCHULDEN, Concern.DAKLOOSHEID, Concern.PSYCHISCH),
    ReporterKind.ANONIEM: (Concern.OVERLAST, Concern.VERVUILING, Concern.ZELFVERWAARLOZING),
    ReporterKind.ANDERS: (Concern.ZELFVERWAARLOZING, Concern.ISOLEMENT, Concern.PSYCHISCH),
}  # fmt: skip

# One or two sentences a reporter might say about each concern.
STORIES: dict[Concern, tuple[str, ...]] = {
    Concern.SCHULDEN: (
        "Huurachterstand van {k} maanden; de post wordt niet meer geopend.",
        "Betalingsachterstand bij energie en water; afsluiting dreigt.",
        "Beslag op de uitkering; er is geen geld meer voor boodschappen.",
    ),
    Concern.HUISUITZETTING: (
        "Ontruiming is aangevraagd; reageert niet op brieven of aanbellen.",
        "De verhuurder heeft de huur opgezegd na herhaalde klachten.",
    ),
    Concern.DAKLOOSHEID: (
        "Slaapt sinds enkele weken in de auto.",
        "Overnacht wisselend bij kennissen en buiten bij het station.",
    ),
    Concern.VERVUILING: (
        "Sterke geur uit de woning, vuilniszakken in de tuin, ongedierte gezien.",
        "De woning staat vol spullen; de gang is niet meer begaanbaar.",
    ),
    Concern.OVERLAST: (
        "Buren klagen over geluid 's nachts en schreeuwen in het trappenhuis.",
        "Gooit spullen vanaf het balkon; buren voelen zich niet veilig.",
    ),
    Concern.ZELFVERWAARLOZING: (
        "Ziet er onverzorgd uit, eet slecht en is sterk vermagerd.",
        "Medicatie wordt niet opgehaald; de gordijnen blijven dicht.",
    ),
    Concern.VERWAARLOZING_KINDEREN: (
        "De kinderen komen onverzorgd en zonder eten op school.",
        "School meldt veel verzuim; ouder is niet bereikbaar.",
    ),
    Concern.HUISELIJK_GEWELD: (
        "Politie is meerdere keren ter plaatse geweest na ruzie in huis.",
        "Partner heeft blauwe plekken; wil er niet over praten.",
    ),
    Concern.VERSLAVING: (
        "Vermoeden van fors alcoholgebruik; is meerdere keren gevallen.",
        "Gebruikt volgens familie dagelijks drugs; schulden bij dealers.",
    ),
    Concern.ISOLEMENT: (
        "Woont alleen, heeft geen contact met familie en komt de deur niet meer uit.",
        "Sinds het overlijden van de partner geen sociale contacten meer.",
    ),
    Concern.PSYCHISCH: (
        "Is achterdochtig naar de buren en hoort volgens familie stemmen.",
        "Somber, spreekt over 'er niet meer willen zijn'.",
    ),
    Concern.ONBEGREPEN_GEDRAG: (
        "Onbegrepen gedrag op straat: spreekt voorbijgangers dreigend aan.",
        "Loopt 's nachts in de wijk rond en belt aan bij buren.",
    ),
}

CONTACT_PARTNERS = (
    "wijkagent", "woningcorporatie", "huisarts", "buurvrouw", "zus van betrokkene",
    "sociaal team", "GGZ", "schuldhulpverlening",
)  # fmt: skip
CONTACT_WEIGHTS_FINDING: dict[ContactKind, int] = {
    ContactKind.HUISBEZOEK: 45,
    ContactKind.OP_STRAAT: 15,
    ContactKind.TELEFONISCH: 15,
    ContactKind.BRIEF_MAIL: 12,
    ContactKind.NETWERKOVERLEG: 13,
}
CONTACT_WEIGHTS_BINDING: dict[ContactKind, int] = {
    ContactKind.HUISBEZOEK: 45,
    ContactKind.TELEFONISCH: 25,
    ContactKind.KANTOOR: 8,
    ContactKind.OP_STRAAT: 7,
    ContactKind.NETWERKOVERLEG: 15,
}

# Where people with a concern are led to.
REFERRALS: dict[Concern, tuple[ReferralTarget, ...]] = {
    Concern.SCHULDEN: (ReferralTarget.SCHULDHULP,),
    Concern.HUISUITZETTING: (ReferralTarget.WONEN, ReferralTarget.SCHULDHULP),
    Concern.DAKLOOSHEID: (ReferralTarget.OPVANG, ReferralTarget.WONEN),
    Concern.VERVUILING: (ReferralTarget.WIJKTEAM, ReferralTarget.WONEN),
    Concern.OVERLAST: (ReferralTarget.WIJKTEAM, ReferralTarget.GGZ),
    Concern.ZELFVERWAARLOZING: (ReferralTarget.HUISARTS, ReferralTarget.WIJKTEAM),
    Concern.VERWAARLOZING_KINDEREN: (ReferralTarget.JEUGDZORG, ReferralTarget.VEILIG_THUIS),
    Concern.HUISELIJK_GEWELD: (ReferralTarget.VEILIG_THUIS,),
    Concern.VERSLAVING: (ReferralTarget.VERSLAVINGSZORG,),
    Concern.ISOLEMENT: (ReferralTarget.MAATSCHAPPELIJK_WERK, ReferralTarget.WIJKTEAM),
    Concern.PSYCHISCH: (ReferralTarget.GGZ, ReferralTarget.HUISARTS),
    Concern.ONBEGREPEN_GEDRAG: (ReferralTarget.GGZ,),
}

# Which ZRM life domains a concern pulls down.
ZRM_BY_CONCERN: dict[Concern, tuple[ZrmDomain, ...]] = {
    Concern.SCHULDEN: (ZrmDomain.FINANCIEN,),
    Concern.HUISUITZETTING: (ZrmDomain.HUISVESTING, ZrmDomain.FINANCIEN),
    Concern.DAKLOOSHEID: (ZrmDomain.HUISVESTING, ZrmDomain.ADL),
    Concern.VERVUILING: (ZrmDomain.HUISVESTING, ZrmDomain.ADL),
    Concern.OVERLAST: (ZrmDomain.PARTICIPATIE, ZrmDomain.JUSTITIE),
    Concern.ZELFVERWAARLOZING: (ZrmDomain.ADL, ZrmDomain.LICHAMELIJKE_GEZONDHEID),
    Concern.VERWAARLOZING_KINDEREN: (ZrmDomain.HUISELIJKE_RELATIES,),
    Concern.HUISELIJK_GEWELD: (ZrmDomain.HUISELIJKE_RELATIES, ZrmDomain.JUSTITIE),
    Concern.VERSLAVING: (ZrmDomain.MIDDELENGEBRUIK,),
    Concern.ISOLEMENT: (ZrmDomain.SOCIAAL_NETWERK, ZrmDomain.DAGBESTEDING),
    Concern.PSYCHISCH: (ZrmDomain.GEESTELIJKE_GEZONDHEID,),
    Concern.ONBEGREPEN_GEDRAG: (ZrmDomain.GEESTELIJKE_GEZONDHEID, ZrmDomain.PARTICIPATIE),
}

OUTCOME_WEIGHTS: dict[Outcome, int] = {
    Outcome.TOEGELEID: 42,
    Outcome.ZORG_GEWEIGERD: 12,
    Outcome.VERHUISD: 7,
    Outcome.OVERLEDEN: 3,
    Outcome.NIET_GEVONDEN: 8,
    Outcome.GEEN_BEMOEIZORG_NODIG: 14,
    Outcome.OVERGEDRAGEN: 14,
}

CLOSE_NOTES: dict[Outcome, tuple[str, ...]] = {
    Outcome.TOEGELEID: (
        "Intake bij de nieuwe hulpverlener heeft plaatsgevonden; warme overdracht gedaan.",
        "Hulp loopt; betrokkene komt afspraken na.",
    ),
    Outcome.ZORG_GEWEIGERD: (
        "Betrokkene wil geen hulp; geen grond voor verplichte zorg. Netwerk geïnformeerd.",
    ),
    Outcome.VERHUISD: ("Betrokkene is verhuisd buiten de regio; nieuwe gemeente geïnformeerd.",),
    Outcome.OVERLEDEN: ("Betrokkene is overleden.",),
    Outcome.NIET_GEVONDEN: ("Na herhaalde pogingen niet gevonden; melder geïnformeerd.",),
    Outcome.GEEN_BEMOEIZORG_NODIG: (
        "Na kennismaking blijkt de situatie stabiel; geen bemoeizorg nodig.",
        "Betrokkene regelt zelf hulp via de huisarts.",
    ),
    Outcome.OVERGEDRAGEN: (
        "Overgedragen aan het sociaal team; dossierhouder daar is bekend.",
        "Overgedragen aan het FACT-team.",
    ),
}

PHASE_REASONS_BINDING = (
    "Eerste gesprek aan de deur gelukt.",
    "Betrokkene liet ons binnen; afspraak voor een vervolgbezoek.",
    "Contact gelegd via de zus van betrokkene.",
)
PHASE_REASONS_REFERRAL = (
    "Betrokkene staat open voor hulp.",
    "Vertrouwen opgebouwd; samen een aanmelding gedaan.",
    "Betrokkene wil hulp bij de schulden.",
)

ACTIONS = (
    "Huisbezoek samen met de wijkagent",
    "Woningcorporatie bellen over de huurachterstand",
    "Aanmelden bij schuldhulpverlening",
    "Bespreken in het netwerkoverleg",
    "Huisarts informeren (met toestemming van betrokkene)",
    "Brief achterlaten met telefoonnummer",
    "Contact opnemen met de zus van betrokkene",
    "Afspraak maken voor een ZRM-gesprek",
)

NOTES = (
    "Gordijnen dicht, niet opengedaan. Brief achtergelaten.",
    "Buurvrouw zegt betrokkene gisteren nog gezien te hebben.",
    "Afgestemd met het sociaal team: wij blijven dossierhouder.",
    "Betrokkene was rustig en wilde praten over de schulden.",
)
