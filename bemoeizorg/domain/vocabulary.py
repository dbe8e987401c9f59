"""The lists of the work: phases, outcomes, reporters, concerns, contacts, referrals, ZRM.

Each enum's value is what the register stores (stable, lower case); `label` is what the
screen shows. The region says *onbegrepen gedrag*, never *verward gedrag*.
"""

from __future__ import annotations

from enum import StrEnum


class _Labelled(StrEnum):
    @property
    def label(self) -> str:
        return _LABELS.get(self, self.value.replace("_", " ").capitalize())


class Phase(_Labelled):
    VINDEN = "vinden"
    BINDEN = "binden"
    TOELEIDEN = "toeleiden"


PHASE_ORDER = (Phase.VINDEN, Phase.BINDEN, Phase.TOELEIDEN)


class Outcome(_Labelled):
    TOEGELEID = "toegeleid_naar_zorg"
    ZORG_GEWEIGERD = "zorg_geweigerd"
    VERHUISD = "verhuisd_buiten_regio"
    OVERLEDEN = "overleden"
    NIET_GEVONDEN = "niet_gevonden"
    GEEN_BEMOEIZORG_NODIG = "geen_bemoeizorg_nodig"
    OVERGEDRAGEN = "overgedragen"


class ReporterKind(_Labelled):
    BUURT = "buurtbewoner"
    FAMILIE = "familie_netwerk"
    WONINGCORPORATIE = "woningcorporatie"
    POLITIE = "politie"
    HUISARTS = "huisarts"
    GGD = "ggd"
    GGZ = "ggz"
    WIJKTEAM = "wijkteam"
    GEMEENTE = "gemeente"
    SCHULDHULP = "schuldhulp_deurwaarder"
    NUTSBEDRIJF = "nutsbedrijf"
    BETROKKENE = "betrokkene_zelf"
    ANONIEM = "anoniem"
    ANDERS = "anders"


class Concern(_Labelled):
    SCHULDEN = "schulden_armoede"
    HUISUITZETTING = "dreigende_huisuitzetting"
    DAKLOOSHEID = "dakloosheid"
    VERVUILING = "vervuiling_verwaarlozing_woning"
    OVERLAST = "overlast"
    ZELFVERWAARLOZING = "zelfverwaarlozing"
    VERWAARLOZING_KINDEREN = "verwaarlozing_kinderen"
    HUISELIJK_GEWELD = "huiselijk_geweld"
    VERSLAVING = "verslaving"
    ISOLEMENT = "sociaal_isolement"
    PSYCHISCH = "psychische_klachten"
    ONBEGREPEN_GEDRAG = "onbegrepen_gedrag"


class Urgency(_Labelled):
    NORMAAL = "normaal"
    HOOG = "hoog"
    CRISIS = "crisis"


class TriageDecision(_Labelled):
    OPGEPAKT = "opgepakt"
    ADVIES = "advies"
    DOORVERWEZEN = "doorverwezen"
    OPEN = "nog_niet_beoordeeld"


class ContactKind(_Labelled):
    HUISBEZOEK = "huisbezoek"
    TELEFONISCH = "telefonisch"
    OP_STRAAT = "op_straat"
    NETWERKOVERLEG = "overleg_met_netwerk"
    KANTOOR = "op_kantoor"
    BRIEF_MAIL = "brief_of_mail"


class ReferralTarget(_Labelled):
    GGZ = "ggz"
    VERSLAVINGSZORG = "verslavingszorg"
    MAATSCHAPPELIJK_WERK = "maatschappelijk_werk"
    SCHULDHULP = "schuldhulp"
    WONEN = "wonen"
    HUISARTS = "huisarts"
    WIJKTEAM = "wijkteam"
    OPVANG = "maatschappelijke_opvang"
    JEUGDZORG = "jeugdzorg"
    VEILIG_THUIS = "veilig_thuis"
    ANDERS = "anders"


class Measure(_Labelled):
    DRANG = "drang"
    CRISISMAATREGEL = "crisismaatregel"
    ZORGMACHTIGING = "zorgmachtiging"
    RECHTERLIJKE_MACHTIGING_WZD = "rechterlijke_machtiging_wzd"
    BESCHERMINGSBEWIND = "beschermingsbewind"


class ZrmDomain(_Labelled):
    FINANCIEN = "financien"
    WERK = "werk_opleiding"
    DAGBESTEDING = "dagbesteding"
    HUISVESTING = "huisvesting"
    HUISELIJKE_RELATIES = "huiselijke_relaties"
    GEESTELIJKE_GEZONDHEID = "geestelijke_gezondheid"
    LICHAMELIJKE_GEZONDHEID = "lichamelijke_gezondheid"
    MIDDELENGEBRUIK = "middelengebruik"
    ADL = "adl"
    SOCIAAL_NETWERK = "sociaal_netwerk"
    PARTICIPATIE = "maatschappelijke_participatie"
    JUSTITIE = "justitie"


class EventKind(_Labelled):
    """What a line on a case's timeline is."""

    MELDING = "melding"
    CONTACT = "contact"
    FASE = "fasewissel"
    DOORVERWIJZING = "doorverwijzing"
    NOTITIE = "notitie"
    MAATREGEL = "maatregel"
    ZRM = "zrm"
    AFGESLOTEN = "afgesloten"
    HEROPEND = "heropend"
    EIGENAAR = "dossierhouder_gewijzigd"
    OVERLEG = "netwerkoverleg"  # what a network meeting agreed about the case


ZRM_SCORE_LABELS = {
    1: "1 acute problematiek",
    2: "2 niet zelfredzaam",
    3: "3 beperkt zelfredzaam",
    4: "4 voldoende zelfredzaam",
    5: "5 volledig zelfredzaam",
}

_LABELS: dict[StrEnum, str] = {
    Outcome.TOEGELEID: "Toegeleid naar zorg",
    Outcome.ZORG_GEWEIGERD: "Zorg geweigerd (geen grond voor dwang)",
    Outcome.VERHUISD: "Verhuisd buiten de regio",
    Outcome.NIET_GEVONDEN: "Niet gevonden",
    Outcome.GEEN_BEMOEIZORG_NODIG: "Geen bemoeizorg nodig",
    ReporterKind.BUURT: "Buurtbewoner",
    ReporterKind.FAMILIE: "Familie of netwerk",
    ReporterKind.GGD: "GGD",
    ReporterKind.GGZ: "GGZ",
    ReporterKind.POLITIE: "Politie (wijkagent)",
    ReporterKind.SCHULDHULP: "Schuldhulp of deurwaarder",
    ReporterKind.NUTSBEDRIJF: "Nutsbedrijf (vroegsignalering)",
    ReporterKind.BETROKKENE: "Betrokkene zelf",
    Concern.SCHULDEN: "Schulden en armoede",
    Concern.VERVUILING: "Vervuilde of verwaarloosde woning",
    Concern.VERWAARLOZING_KINDEREN: "Verwaarlozing van kinderen",
    Concern.ISOLEMENT: "Sociaal isolement",
    Concern.PSYCHISCH: "Psychische klachten",
    Concern.ONBEGREPEN_GEDRAG: "Onbegrepen gedrag",
    TriageDecision.OPGEPAKT: "Opgepakt",
    TriageDecision.ADVIES: "Niet opgepakt: advies gegeven",
    TriageDecision.DOORVERWEZEN: "Niet opgepakt: elders naartoe verwezen",
    TriageDecision.OPEN: "Nog niet beoordeeld",
    ContactKind.NETWERKOVERLEG: "Overleg met netwerk",
    ContactKind.BRIEF_MAIL: "Brief of e-mail",
    ReferralTarget.GGZ: "GGZ",
    ReferralTarget.OPVANG: "Maatschappelijke opvang",
    ReferralTarget.VEILIG_THUIS: "Veilig Thuis",
    Measure.RECHTERLIJKE_MACHTIGING_WZD: "Rechterlijke machtiging (Wzd)",
    ZrmDomain.FINANCIEN: "Financiën",
    ZrmDomain.WERK: "Werk en opleiding",
    ZrmDomain.HUISELIJKE_RELATIES: "Huiselijke relaties",
    ZrmDomain.GEESTELIJKE_GEZONDHEID: "Geestelijke gezondheid",
    ZrmDomain.LICHAMELIJKE_GEZONDHEID: "Lichamelijke gezondheid",
    ZrmDomain.ADL: "ADL (dagelijkse levensverrichtingen)",
    ZrmDomain.SOCIAAL_NETWERK: "Sociaal netwerk",
    ZrmDomain.PARTICIPATIE: "Maatschappelijke participatie",
    EventKind.FASE: "Fasewissel",
    EventKind.ZRM: "ZRM",
    EventKind.EIGENAAR: "Dossierhouder gewijzigd",
}
