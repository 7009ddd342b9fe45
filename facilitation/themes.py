"""The themes that services for older and disabled people fall into, and their words.

Ideas on one theme often share no word at all: "Invatakso äpiga" and "sõidutamine
perearsti juurde" are both transport. Lemmas and compound parts cannot see that; a
small vocabulary of the field can. Each theme has a name in each language (a cluster
suggestion's title) and the starts of the terms that belong to it, in all three
languages, so an idea's terms can carry the theme as one more term (``theme_terms``).

The vocabulary is closed and hand-made: a word that is not here adds nothing, and
docs/language.md says how it was measured and how to extend it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

THEME_TERM_PREFIX = "#"


@dataclass(frozen=True)
class Theme:
    key: str
    names: dict[str, str]
    stems: tuple[str, ...]

    def title(self, language: str) -> str:
        return self.names.get(language) or self.names["et"]


# Each theme: its key, its names in Estonian, Russian and English, and its stems.
_VOCABULARY = (
    ("transport", "Transport", "Транспорт", "Transport", """
        transport buss liin takso invatakso sõit sõidu sõidut auto autojuht peatus
        ühissõit rong marsruut pilet sõiduk
        транспорт автобус такси маршрут поездк проезд водител машин остановк
        bus taxi driver drive ride transport minibus car journey travel"""),
    ("company", "Seltskond ja üksildus", "Общение и одиночество", "Company and loneliness", """
        üksi üksik üksild seltsi sõber sõpr külaskäik külasta vestlus suhtle kohtumi
        põlvkond lesk naabr kaaslane koosviibi
        одинок общени общат дружб друз навеща визит собесед сосед встреч
        lonely loneliness alone company befriend friend visit neighbour meetup
        intergenerational chat companion social"""),
    ("digital", "Digioskused", "Цифровые навыки", "Digital skills", """
        digi arvuti nuti telefon internet veeb tahvel smart skype
        whatsapp videokõne äpp rakendus seade e-post pettus
        компьютер смартфон интернет цифров телефон планшет приложени онлайн
        computer smartphone phone online internet digital tablet app video banking e-service
        email scam"""),
    ("home_help", "Koduabi", "Помощь на дому", "Help at home", """
        koduabi koduteenus kodukoristus koristus koristam remont parand lumi lume küttepuu
        muru aiatöö pesu pesem majapidami igapäevatoimet abiline kraan pirn tugiisik
        уборк ремонт стирк дров снег быт хозяйств
        home cleaning laundry repair handyman snow firewood garden household chores"""),
    ("health", "Tervis ja liikumine", "Здоровье и движение", "Health and movement", """
        tervis liikum võimle jooga kepikõnd kõnd jalutus ujum harjutus tasakaal kukkum
        vererõhk veresuhkr füsio perearst arst mälu aju dements tants trenn sport staadion
        здоровь гимнастик ходьб давлени врач зарядк упражнени спорт память
        health exercise walking nordic balance falls fitness yoga doctor nurse blood
        memory dementia swimming"""),
    ("culture", "Kultuur ja käsitöö", "Культура и рукоделие", "Culture and crafts", """
        käsitöö kudum kudu heegel õmbl puutöö meisterd kunst maal joonist laul koor
        pill muusika tants rahvatants teater kino muuseum näitus foto mälestus raamat
        kangastel ekskursioon kultuur
        рукодели вязани хор пени музе театр кино экскурси культур искусств
        knitting craft choir singing music museum theatre cinema art painting culture
        crafts"""),
    ("food", "Toit", "Еда", "Food", """
        toit söök söögi lõuna supp kokkam kokand köök toidupank toiduabi toidukott
        hoidis konserv aiasaadus köögivil kojuvedu kojukanne toitlust sööma
        еда обед питани продукт горяч кухн доставк
        food meal lunch dinner cooking kitchen parcel soup delivered groceries"""),
    ("carers", "Omastehooldajad", "Ухаживающие близкие", "Carers", """
        hooldaja omastehool hooldus asendushool intervallhool hoolduskoormus hoolduspuhkus
        läbipõle päevahoid tugigrupp puhkus
        ухаживающ ухаживает опекун уход родственник передышк
        carer caring respite"""),
    ("access", "Ligipääsetavus", "Доступность", "Accessibility", """
        ligipääs kaldtee trepp tõstuk lift lävepak uks käsipuu ratastool rulaator
        pime vaegnägija vaegkuulja induktsioonsilmus juhttee kõnnitee tualett parkimis
        pink
        пандус лифт доступн колясочник туалет ступен поручн
        ramp lift accessible access wheelchair toilet step stairs blind deaf"""),
    ("information", "Teave", "Информация", "Information", """
        info teave teabe teavit infotahvel infoleht infopäev voldik kataloog kuulutus
        veebileht raadio ajaleht leht lihtne keel nõustam nõuanne sotsiaaltöötaja
        vastuvõtt toetus
        информаци газет консультаци услуг справк
        information newsletter leaflet advice plain language number"""),
)

THEMES = tuple(Theme(key, {"et": et, "ru": ru, "en": en}, tuple(stems.split()))
               for key, et, ru, en, stems in _VOCABULARY)

_BY_STEM: dict[str, set[str]] = {}
for _each in THEMES:
    for _stem in _each.stems:
        _BY_STEM.setdefault(_stem, set()).add(_each.key)
_STEM_LENGTHS = frozenset(len(stem) for stem in _BY_STEM)


def theme_terms(terms: Iterable[str]) -> tuple[str, ...]:
    """``#key`` for each theme one of ``terms`` begins with a stem of."""
    found: set[str] = set()
    for term in terms:
        for length in _STEM_LENGTHS:
            found |= _BY_STEM.get(term[:length], set())
    return tuple(f"{THEME_TERM_PREFIX}{key}" for key in sorted(found))


def theme_title(term: str, language: str) -> str | None:
    """The name of the theme a ``#key`` term stands for, in ``language``; None for other terms."""
    if not term.startswith(THEME_TERM_PREFIX):
        return None
    for theme in THEMES:
        if theme.key == term[len(THEME_TERM_PREFIX):]:
            return theme.title(language)
    return None
