"""Link persons and places to Wikidata through any SPARQL endpoint that holds Wikidata's RDF model.

The endpoint may be the Wikidata Query Service (the default), a QLever instance or a local mirror:
only standard SPARQL 1.1 is sent (no ``wikibase:label``/``mwapi`` services, no ``bd:`` hints), over
SPARQLWrapper, with the data model WDQS documents::

    ?item rdfs:label "Moscow"@en ; skos:altLabel "Moskva"@en ; schema:description "..."@en ;
          wdt:P31 wd:Q5119 ; wdt:P17 wd:Q159 ; wdt:P1566 "524901" ; wikibase:sitelinks 300 .

(the sitelink count is also read where a raw dump keeps it: ``?doc schema:about ?item ;
wikibase:sitelinks ?n``).

How a name is linked
  1. Candidates: items whose English ``rdfs:label`` or ``skos:altLabel`` equals one of the name's
     spelling variants (`name_variants`: "Moon Jae In" -> "Moon Jae-in", "St Louis" ->
     "Saint Louis", "Dmitri" -> "Dmitry", diacritics dropped ...), many names per request
     (``VALUES``). Persons must be ``wdt:P31 wd:Q5``. Places must be an instance of one of a fixed
     list of classes, directly or through ONE ``wdt:P279`` step (``?item wdt:P31 ?c . OPTIONAL
     { ?c wdt:P279 ?sup }``, plain joins from a bound item), never the ``wdt:P279*`` closure that
     is slow on WDQS. Disambiguation
     pages (Q4167410) are excluded. A place's GeoNames id, when known, also finds the item with
     that ``wdt:P1566`` whatever its label.
  2. Evidence per candidate, fetched in one more batched request: sitelinks, English label and
     description, citizenship (P27), positions held (P39) and occupations (P106) with their
     English labels; country (P17), ISO code (P297), GeoNames id (P1566), population (P1082) and
     classes.
  3. Score (a log-linear model): prior ``ln(1 + sitelinks)`` (+ population for places), how the
     name matched (label > alias; more of the article's name forms matched is better), context
     (citizenship or country among the article's countries, found through ISO 3166-1 alpha-2 codes
     resolved with P297 in the same endpoint; a stated country code of a place; words shared by the
     article's roles and the candidate's positions/description), the place kind the extractor
     gave (a "city" prefers settlements, a "country" countries ...), and an equal GeoNames id
     (decisive). A fixed "NIL" score stands for "someone or something not in Wikidata".
  4. Confidence = softmax of the scores over the candidates plus NIL. The best candidate is linked
     only when its confidence reaches ``min_confidence``: "George Bush" alone (both presidents
     Bush match the alias) stays unlinked; "George W. Bush", or "George Bush" with the role
     "Texas Governor", links to Q207.

Politeness and robustness
  * descriptive User-Agent, a request-rate limit, per-request timeout, POST for long queries;
  * retries with exponential backoff on 429 and 5xx and on read timeouts, honouring Retry-After;
  * before the first request a TCP connection to the endpoint (or its proxy) is tried with a short
    timeout: with no network, `LinkError` comes at once instead of a retry storm, and every later
    call of the same linker raises it again at once;
  * every answer is kept in a sqlite cache, negative ones included, keyed by endpoint, kind of
    request and the literal name / GeoNames id / item / ISO code asked for. Decisions are computed
    from the cached evidence, so a rebuild with the same inputs sends no request at all (and works
    offline), while changing the context or the threshold never needs a new request either.
"""
from __future__ import annotations

import json
import logging
import math
import random
import re
import socket
import sqlite3
import threading
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http.client import HTTPException
from pathlib import Path

from .errors import ConfigError, LinkError

log = logging.getLogger(__name__)

__all__ = [
    "PersonQuery", "PlaceQuery", "LinkDecision", "WikidataLinker", "name_variants",
    "normalize_name", "entity_iri", "qid_of", "DEFAULT_USER_AGENT", "DEFAULT_MIN_CONFIDENCE",
    "link_resolved", "article_countries",
]

WD = "http://www.wikidata.org/entity/"
DEFAULT_USER_AGENT = "diplomacy-kg/0.1 (https://w3id.org/diplomacy-kg; linker) SPARQLWrapper/2.0"
DEFAULT_MIN_CONFIDENCE = 0.7
CACHE_VERSION = "v1"   # bump when a query shape or class list changes: old answers are then ignored

PREFIXES = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX wikibase: <http://wikiba.se/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
"""

HUMAN = "Q5"
DISAMBIGUATION = "Q4167410"

# ---------------------------------------------------------------------------------------------
# Place classes. An item is a candidate when one of its wdt:P31 classes, or a direct superclass of
# one (one wdt:P279 step), is listed here. Categories then meet the kind the extractor gave.
# ---------------------------------------------------------------------------------------------
COUNTRY, REGION, SETTLEMENT, WATER, SITE, INFRA = (
    "country", "region", "settlement", "water", "site", "infrastructure")

PLACE_CLASSES: dict[str, tuple[str, ...]] = {
    COUNTRY: (
        "Q6256",      # country
        "Q3624078",   # sovereign state
        "Q3024240",   # historical country
        "Q1763527",   # constituent country
        "Q15634554",  # state with limited recognition
        "Q112099",    # island country
    ),
    REGION: (
        "Q10864048",  # first-level administrative country subdivision
        "Q13220204",  # second-level administrative country subdivision
        "Q107390",    # federated state
        "Q35657",     # state of the United States
        "Q43263",     # federal subject of Russia
        "Q835714",    # oblast of Russia
        "Q41162",     # republic of Russia
        "Q831740",    # krai of Russia
        "Q34876",     # province
        "Q28575",     # county
        "Q82794",     # geographic region
        "Q1620908",   # historical region
        "Q5107",      # continent
        "Q23442",     # island
        "Q34763",     # peninsula
    ),
    SETTLEMENT: (
        "Q486972",    # human settlement
        "Q515",       # city
        "Q1549591",   # big city
        "Q5119",      # capital city
        "Q1637706",   # city with millions of inhabitants
        "Q200250",    # metropolis
        "Q174844",    # megacity
        "Q3957",      # town
        "Q7930989",   # city/town
        "Q532",       # village
        "Q183342",    # federal city of Russia
        "Q1093829",   # city in the United States
        "Q15284",     # municipality
    ),
    WATER: (
        "Q15324",     # body of water
        "Q23397",     # lake
        "Q4022",      # river
        "Q355304",    # watercourse
        "Q9430",      # ocean
        "Q165",       # sea
        "Q204894",    # marginal sea
        "Q39594",     # bay
        "Q1322134",   # gulf
        "Q37901",     # strait
        "Q131681",    # reservoir
    ),
    SITE: (
        "Q570116",    # tourist attraction
        "Q41176",     # building
        "Q811979",    # architectural structure
        "Q1497375",   # architectural ensemble
        "Q57821",     # fortification
        "Q23413",     # castle
        "Q16560",     # palace
        "Q4989906",   # monument
        "Q5003624",   # memorial
        "Q839954",    # archaeological site
        "Q8502",      # mountain
        "Q8072",      # volcano
        "Q22698",     # park
        "Q174782",    # square
        "Q33506",     # museum
        "Q483110",    # stadium
        "Q159719",    # power station
        "Q15911738",  # hydroelectric power station
        "Q12323",     # dam
        "Q1248784",   # airport
        "Q55488",     # railway station
        "Q44782",     # port
    ),
    INFRA: (
        "Q728937",    # railway line
        "Q34442",     # road
        "Q12280",     # bridge
        "Q12284",     # canal
        "Q2319498",   # landmark
    ),
}
CLASS_CATEGORY: dict[str, str] = {q: cat for cat, qs in PLACE_CLASSES.items() for q in qs}

# What the extractor's place kind makes of each category: a score bonus; a missing entry excludes.
KIND_CATEGORIES: dict[str, dict[str, float]] = {
    "country": {COUNTRY: 1.5, REGION: -0.5, SETTLEMENT: -1.5},
    "region": {REGION: 1.5, COUNTRY: 0.5, SETTLEMENT: -0.5, WATER: -1.5, SITE: -1.5},
    "settlement": {SETTLEMENT: 1.5, REGION: -0.5, COUNTRY: -1.0, SITE: -1.5},
    "site": {SITE: 1.5, INFRA: 1.0, SETTLEMENT: -0.5, WATER: -0.5, REGION: -1.0},
    "water": {WATER: 1.5, SITE: -1.0},
    "other": {INFRA: 1.0, SITE: 1.0, WATER: 0.5, REGION: 0.5, SETTLEMENT: 0.0, COUNTRY: 0.0},
}
KIND_ALIASES = {
    "city": "settlement", "town": "settlement", "village": "settlement", "capital": "settlement",
    "settlement": "settlement", "country": "country", "state": "region", "province": "region",
    "region": "region", "continent": "region", "site": "site", "building": "site",
    "landmark": "site", "water": "water", "river": "water", "lake": "water", "sea": "water",
}

# ---------------------------------------------------------------------------------------------
# Scoring weights (log-odds). Tuned so that two famous namesakes without deciding context stay
# unlinked, a unique well-known name links, and context or an equal GeoNames id decides.
# ---------------------------------------------------------------------------------------------
PERSON_PRIOR = 0.5          # x ln(1 + sitelinks)
PERSON_NIL = 1.5
PLACE_PRIOR = 1.0           # x ln(1 + sitelinks)
PLACE_POPULATION = 0.3      # x log10(1 + population)
PLACE_NIL = 3.0
LABEL_MATCH = 1.0           # the name equals the English label
ALIAS_MATCH = 0.5           # ... an English alias
EXTRA_FORM = 1.0            # per further name or alias of the article matched (max 2)
ALIAS_ONLY_FORM = 0.8       # factor when only one of the article's aliases matched, not its name
SINGLE_TOKEN_PENALTY = -1.0  # a person named by one word ("Macron") is weak evidence
CONTEXT_MATCH = 2.0         # citizenship / country among the article's countries
CONTEXT_MISMATCH = -0.5     # has citizenships, none of them among the article's countries
COUNTRY_MATCH = 2.0         # place: P17 equals the stated country code
COUNTRY_MISMATCH = -2.0
ROLE_WORD = 1.0             # per word shared by roles and positions/description/occupations
ROLE_MAX = 3.0
OFFICE_HOLDER = 0.5         # persons with a position held (P39) or politician/diplomat occupation
GEONAMES_MATCH = 8.0
GEONAMES_MISMATCH = -1.0
POLITICAL_OCCUPATIONS = {"Q82955", "Q193391", "Q372436"}   # politician, diplomat, statesperson

MAX_VARIANTS = 16


@dataclass(frozen=True)
class PersonQuery:
    name: str
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    context_countries: tuple[str, ...] = ()   # ISO 3166-1 alpha-2 codes the article mentions


@dataclass(frozen=True)
class PlaceQuery:
    name: str
    kind: str                                  # PlaceKind value or "town"; unknown -> "other"
    country_code: str | None = None            # ISO2 of the country the place is in, if known
    geonames_id: int | None = None
    context_countries: tuple[str, ...] = ()


@dataclass(frozen=True)
class LinkDecision:
    qid: str | None                            # the link, or None below the threshold
    confidence: float                          # of the best candidate (0 when there is none)
    best: str | None                           # the best candidate even when not linked
    candidates: tuple[tuple[str, float], ...] = ()   # (QID, score), best first


def entity_iri(qid: str) -> str:
    return WD + qid


def qid_of(iri: str) -> str | None:
    m = re.fullmatch(r"https?://www\.wikidata\.org/entity/(Q\d+)", iri or "")
    return m.group(1) if m else None


# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------
def _strip_accents(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


def normalize_name(text: str) -> str:
    """Comparison key: no accents, case folded, punctuation and hyphens as spaces."""
    text = _strip_accents(text).casefold().replace("'", "").replace("\u2019", "")
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


_HONORIFICS = re.compile(r"^(?:mr|mrs|ms|dr|sir|madam|mme|m)\.?\s+", re.I)
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-",
                         "\u2013": "-", "\u00a0": " "})
_SAINT = {"st": ("Saint", "St.", "St"), "st.": ("Saint", "St.", "St"),
          "saint": ("Saint", "St.", "St"), "ste": ("Sainte", "Ste."), "ste.": ("Sainte", "Ste"),
          "sainte": ("Sainte", "Ste."), "mt": ("Mount", "Mt."), "mt.": ("Mount", "Mt"),
          "mount": ("Mount", "Mt.")}
_GIVEN_NAMES = [  # Russian given names transliterated several ways
    ("Alexander", "Aleksandr"), ("Alexei", "Alexey", "Aleksei", "Aleksey"),
    ("Andrei", "Andrey"), ("Sergei", "Sergey"), ("Nikolai", "Nikolay"), ("Mikhail", "Michael"),
    ("Dmitry", "Dmitri", "Dmitriy"), ("Yuri", "Yury", "Yuriy"), ("Yevgeny", "Evgeny", "Yevgeni"),
    ("Gennady", "Gennadi", "Gennadiy"), ("Valery", "Valeri", "Valeriy"),
    ("Vitaly", "Vitali", "Vitaliy"), ("Anatoly", "Anatoli", "Anatoliy"),
    ("Grigory", "Grigori", "Grigoriy"), ("Georgy", "Georgi", "Georgiy"),
    ("Arkady", "Arkadi", "Arkadiy"), ("Vasily", "Vasili", "Vasiliy"),
    ("Matvei", "Matvey"), ("Timofei", "Timofey"), ("Yelena", "Elena"), ("Pyotr", "Petr"),
    ("Fyodor", "Fedor"), ("Semyon", "Semen"), ("Igor", "Igor"), ("Viktor", "Victor"),
    ("Yegor", "Egor"), ("Ilya", "Ilia"),
]
_GIVEN = {n.casefold(): group for group in _GIVEN_NAMES for n in group}


def _hyphen_forms(token: str) -> list[str]:
    """'Jae-in' -> Jae-in, Jae-In, Jae In, Jaein."""
    parts = [p for p in token.split("-") if p]
    if len(parts) < 2 or not all(p.isalpha() for p in parts):
        return [token]
    head, tail = parts[0], parts[1:]
    lower_tail = [t[:1].lower() + t[1:] for t in tail]
    cap_tail = [t[:1].upper() + t[1:] for t in tail]
    return [token, "-".join([head] + lower_tail), "-".join([head] + cap_tail),
            " ".join([head] + cap_tail), head + "".join(lower_tail)]


def _dedupe(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        item = " ".join(item.split())
        if item and item not in seen:
            seen[item] = None
    return list(seen)


def name_variants(name: str, person: bool = False) -> list[str]:
    """Spellings under which Wikidata may list `name` as an English label or alias, `name` first.

    Hyphenated and spaced romanisations ("Moon Jae In", "Moon Jae-in", "Moon Jae-In"), initials
    with and without dots ("George W. Bush"), Saint/St./St and Mount/Mt., "the" dropped for
    places, Russian given names ("Dmitri"/"Dmitry"), "-sky"/"-ski", and the name without accents.
    """
    base = " ".join(name.translate(_QUOTES).split())
    base = _HONORIFICS.sub("", base) if person else base
    if not base:
        return []
    forms: list[str] = [base]

    def add(fn):
        forms.extend(v for f in list(forms) for v in fn(f))

    # 1. hyphens inside tokens; 2. two short spaced name parts joined by a hyphen (Korean names)
    def hyphens(f: str) -> list[str]:
        toks = f.split(" ")
        out = []
        for i, tok in enumerate(toks):
            for alt in _hyphen_forms(tok)[1:]:
                out.append(" ".join(toks[:i] + [alt] + toks[i + 1:]))
        if person:
            for i in range(1, len(toks) - 1):
                a, b = toks[i], toks[i + 1]
                if (a.isalpha() and b.isalpha() and a[:1].isupper() and b[:1].isupper()
                        and len(a) <= 5 and len(b) <= 5):
                    for joined in (f"{a}-{b.lower()}", f"{a}-{b}"):
                        out.append(" ".join(toks[:i] + [joined] + toks[i + 2:]))
        return out

    def initials(f: str) -> list[str]:
        out = []
        dotted = re.sub(r"\b([A-Z])\.(?=[A-Z]\.)", r"\1. ", f)      # H.W. -> H. W.
        if dotted != f:
            out.append(dotted)
        tight = re.sub(r"\b([A-Z])\. (?=[A-Z]\.)", r"\1.", f)       # H. W. -> H.W.
        if tight != f:
            out.append(tight)
        nodot = re.sub(r"\b([A-Z])\.", r"\1", f)                    # W. -> W
        if nodot != f:
            out.append(" ".join(nodot.split()))
        withdot = re.sub(r"(?<=\s)([A-Z])(?=\s)", r"\1.", f)        # W -> W.
        if withdot != f:
            out.append(withdot)
        return out

    def saints(f: str) -> list[str]:
        toks = f.split(" ")
        out = []
        for i, tok in enumerate(toks):
            for alt in _SAINT.get(tok.casefold(), ()):
                if alt != tok:
                    out.append(" ".join(toks[:i] + [alt] + toks[i + 1:]))
        return out

    def given(f: str) -> list[str]:
        toks = f.split(" ")
        out = []
        if person and len(toks) >= 2:
            for alt in _GIVEN.get(toks[0].casefold(), ()):
                if alt != toks[0]:
                    out.append(" ".join([alt] + toks[1:]))
            last = toks[-1]
            for a, b in (("sky", "ski"), ("ski", "sky"), ("skiy", "sky")):
                if last.endswith(a):
                    out.append(" ".join(toks[:-1] + [last[: -len(a)] + b]))
        return out

    add(hyphens)
    add(initials)
    add(saints)
    add(given)
    if not person and re.match(r"(?i)the\s+\S", base):
        forms.extend(f[4:].strip() for f in list(forms) if f[:4].casefold() == "the ")
    forms.extend(_strip_accents(f) for f in list(forms))
    return _dedupe(forms)[:MAX_VARIANTS]


def _person_forms(q: PersonQuery) -> list[tuple[str, str]]:
    """(spelling, the name or alias it spells) for a person query, the name's spellings first.

    One-word aliases ("Xi", "Ruto") are not asked: too many people share them."""
    out: list[tuple[str, str]] = [(v, q.name) for v in name_variants(q.name, person=True)]
    known = {normalize_name(v) for v, _ in out}
    for alias in q.aliases:
        stripped = _HONORIFICS.sub("", " ".join(alias.split()))
        if len(stripped.split()) < 2 or normalize_name(stripped) in known:
            continue
        variants = name_variants(stripped, person=True)[:8]
        known.update(normalize_name(v) for v in variants)
        out.extend((v, alias) for v in variants)
    seen: set[str] = set()
    return [(f, o) for f, o in out if not (f in seen or seen.add(f))]


_ROLE_STOP = {"of", "the", "a", "an", "and", "for", "to", "in", "on", "at", "by", "s", "de",
              "mr", "mrs", "ms", "dr", "former", "ex", "then", "current", "acting", "new", "was",
              "is", "since", "from", "who", "his", "her", "its"}


def _words(text: str) -> set[str]:
    return {w for w in normalize_name(text).split() if w not in _ROLE_STOP and len(w) > 1}


def _word_overlap(a: set[str], b: set[str]) -> int:
    """Words in common; 'russian' meets 'russia', 'korean' meets 'korea' (common prefix of 5+)."""
    n = 0
    for w in a:
        if w in b or any(len(w) >= 5 and len(v) >= 5 and (w.startswith(v) or v.startswith(w))
                         for v in b):
            n += 1
    return n


def _kind_key(kind: str | object) -> str:
    value = getattr(kind, "value", kind)
    return KIND_ALIASES.get(str(value).lower(), "other")


# ---------------------------------------------------------------------------------------------
# Cache
# ---------------------------------------------------------------------------------------------
class _Cache:
    """A sqlite key -> JSON store; safe to share between processes (WAL, busy timeout)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(str(self.path), timeout=30, check_same_thread=False)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, "
                             "value TEXT NOT NULL, stored REAL NOT NULL)")
                conn.commit()
            except sqlite3.Error as e:
                raise LinkError(f"cannot open the Wikidata cache {self.path}: {e}") from e
            self._conn = conn
        return self._conn

    def get_many(self, keys: Sequence[str]) -> dict[str, object]:
        out: dict[str, object] = {}
        with self._lock:
            db = self._db()
            for i in range(0, len(keys), 500):
                chunk = list(keys[i:i + 500])
                marks = ",".join("?" * len(chunk))
                for k, v in db.execute(f"SELECT key, value FROM answers WHERE key IN ({marks})",
                                       chunk):
                    out[k] = json.loads(v)
        return out

    def put_many(self, items: Mapping[str, object]) -> None:
        if not items:
            return
        now = time.time()
        with self._lock:
            db = self._db()
            db.executemany("INSERT OR REPLACE INTO answers (key, value, stored) VALUES (?, ?, ?)",
                           [(k, json.dumps(v, sort_keys=True), now) for k, v in items.items()])
            db.commit()

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


# ---------------------------------------------------------------------------------------------
# The linker
# ---------------------------------------------------------------------------------------------
def _literal(text: str) -> str:
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r"))
    return f'"{escaped}"'


def _qid(value: str | None) -> str | None:
    m = re.fullmatch(r"http://www\.wikidata\.org/entity/(Q\d+)", value or "")
    return m.group(1) if m else None


def _number(value: str) -> float:
    try:
        return float(value.lstrip("+"))
    except (TypeError, ValueError):
        return 0.0


def _categories(row: Mapping[str, str]) -> set[str]:
    """Place categories of a result row's class ?c and superclass ?sup."""
    return {CLASS_CATEGORY[q] for q in (_qid(row.get("c", "")), _qid(row.get("sup", "")))
            if q in CLASS_CATEGORY}


@dataclass
class _Candidate:
    qid: str
    forms: dict[str, str] = field(default_factory=dict)   # matched spelling -> "label"/"alias"
    origins: set[str] = field(default_factory=set)        # names/aliases of the query matched
    categories: set[str] = field(default_factory=set)
    by_geonames: bool = False


class WikidataLinker:
    """Batched, cached, rate-limited entity linker over a Wikidata-model SPARQL endpoint."""

    def __init__(self, endpoint: str, cache_path: Path, timeout: float = 20.0,
                 min_confidence: float = DEFAULT_MIN_CONFIDENCE,
                 user_agent: str = DEFAULT_USER_AGENT, requests_per_second: float = 2.0, *,
                 max_retries: int = 3, connect_timeout: float = 3.0, batch_size: int = 40,
                 post_threshold: int = 1500, max_retry_after: float = 120.0,
                 backoff: float = 1.0):
        if not endpoint or not re.match(r"(?i)https?://", endpoint):
            raise ConfigError(f"not an http(s) SPARQL endpoint: {endpoint!r}")
        self.endpoint = endpoint
        self.timeout = float(timeout)
        self.min_confidence = float(min_confidence)
        self.user_agent = user_agent
        self.min_interval = 1.0 / requests_per_second if requests_per_second > 0 else 0.0
        self.max_retries = max(0, int(max_retries))
        self.connect_timeout = min(float(connect_timeout), self.timeout)
        self.batch_size = max(1, int(batch_size))
        self.post_threshold = post_threshold
        self.max_retry_after = max_retry_after
        self.backoff = backoff
        self.requests_sent = 0
        self._cache = _Cache(cache_path)
        self._last_request = 0.0
        self._probed = False
        self._down: LinkError | None = None
        self._lock = threading.RLock()

    # -- public API ------------------------------------------------------------------------
    def link_persons(self, queries: Sequence[PersonQuery]) -> dict[PersonQuery, str | None]:
        return {q: d.qid for q, d in self.resolve_persons(queries).items()}

    def link_places(self, queries: Sequence[PlaceQuery]) -> dict[PlaceQuery, str | None]:
        return {q: d.qid for q, d in self.resolve_places(queries).items()}

    def resolve_persons(self, queries: Sequence[PersonQuery]) -> dict[PersonQuery, LinkDecision]:
        """Like `link_persons`, with the confidence and the ranked candidates of each decision."""
        queries = list(dict.fromkeys(queries))
        with self._lock:
            forms = {q: _person_forms(q) for q in queries}
            literals = sorted({f for fs in forms.values() for f, _ in fs})
            found = self._candidates("person", literals)
            cands: dict[PersonQuery, dict[str, _Candidate]] = {}
            for q in queries:
                cs: dict[str, _Candidate] = {}
                for form, origin in forms[q]:
                    for qid, how in found.get(form, []):
                        c = cs.setdefault(qid, _Candidate(qid))
                        c.origins.add(origin)
                        if c.forms.get(form) != "label":
                            c.forms[form] = how
                cands[q] = cs
            details = self._details("person", sorted({c for cs in cands.values() for c in cs}))
            countries = self._countries({cc for q in queries for cc in q.context_countries})
        return {q: self._decide(self._score_persons(q, forms[q], cands[q], details, countries),
                                PERSON_NIL) for q in queries}

    def resolve_places(self, queries: Sequence[PlaceQuery]) -> dict[PlaceQuery, LinkDecision]:
        """Like `link_places`, with the confidence and the ranked candidates of each decision."""
        queries = list(dict.fromkeys(queries))
        with self._lock:
            forms = {q: name_variants(q.name) for q in queries}
            literals = sorted({f for fs in forms.values() for f in fs})
            found = self._candidates("place", literals)
            by_gn = self._geonames(sorted({q.geonames_id for q in queries
                                           if q.geonames_id is not None}))
            cands: dict[PlaceQuery, dict[str, _Candidate]] = {}
            for q in queries:
                cs: dict[str, _Candidate] = {}
                for form in forms[q]:
                    for qid, how, cats in found.get(form, []):
                        c = cs.setdefault(qid, _Candidate(qid))
                        if c.forms.get(form) != "label":
                            c.forms[form] = how
                        c.categories.update(cats)
                if q.geonames_id is not None:
                    for qid, cats in by_gn.get(str(q.geonames_id), []):
                        c = cs.setdefault(qid, _Candidate(qid))
                        c.by_geonames = True
                        c.categories.update(cats)
                cands[q] = cs
            details = self._details("place", sorted({c for cs in cands.values() for c in cs}))
            codes = {cc for q in queries for cc in q.context_countries}
            codes |= {q.country_code for q in queries if q.country_code}
            countries = self._countries(codes)
        return {q: self._decide(self._score_places(q, forms[q], cands[q], details, countries),
                                PLACE_NIL) for q in queries}

    def close(self) -> None:
        self._cache.close()

    def __enter__(self) -> "WikidataLinker":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- scoring ---------------------------------------------------------------------------
    def _decide(self, scored: list[tuple[str, float]], nil: float) -> LinkDecision:
        if not scored:
            return LinkDecision(None, 0.0, None, ())
        scored.sort(key=lambda x: (-x[1], int(x[0][1:])))
        top = scored[0][1]
        z = math.exp(nil - top) + sum(math.exp(s - top) for _, s in scored)
        confidence = 1.0 / z
        best = scored[0][0]
        qid = best if confidence >= self.min_confidence else None
        return LinkDecision(qid, confidence, best, tuple((c, round(s, 3)) for c, s in scored))

    @staticmethod
    def _name_score(c: _Candidate, canonical: set[str]) -> float:
        matched_main = [how for f, how in c.forms.items() if f in canonical]
        pool = matched_main or list(c.forms.values())
        base = LABEL_MATCH if "label" in pool else ALIAS_MATCH
        if not matched_main:
            base *= ALIAS_ONLY_FORM
        return base + EXTRA_FORM * min(2, max(0, len(c.origins) - 1))

    def _score_persons(self, q: PersonQuery, forms: list[tuple[str, str]],
                       cands: Mapping[str, _Candidate], details: Mapping[str, dict],
                       countries: Mapping[str, list[str]]) -> list[tuple[str, float]]:
        canonical = {f for f, origin in forms if origin == q.name}
        context = {qid for cc in q.context_countries for qid in countries.get(cc.upper(), [])}
        role_words: set[str] = set().union(*(_words(r) for r in q.roles)) if q.roles else set()
        single = len(q.name.split()) == 1
        out = []
        for qid, c in cands.items():
            d = details.get(qid, {})
            s = PERSON_PRIOR * math.log1p(d.get("sitelinks", 0)) + self._name_score(c, canonical)
            if single:
                s += SINGLE_TOKEN_PENALTY
            citizenship = {c for c, _ in d.get("P27", [])}
            if context and citizenship:
                s += CONTEXT_MATCH if citizenship & context else CONTEXT_MISMATCH
            if role_words:
                text = " ".join([d.get("description", "")]
                                + [lbl for _, lbl in d.get("P27", [])]    # "Russian" ~ Russia
                                + [lbl for _, lbl in d.get("P39", [])]
                                + [lbl for _, lbl in d.get("P106", [])])
                s += min(ROLE_MAX, ROLE_WORD * _word_overlap(role_words, _words(text)))
            if d.get("P39") or POLITICAL_OCCUPATIONS & {o for o, _ in d.get("P106", [])}:
                s += OFFICE_HOLDER
            out.append((qid, s))
        return out

    def _score_places(self, q: PlaceQuery, forms: list[str], cands: Mapping[str, _Candidate],
                      details: Mapping[str, dict],
                      countries: Mapping[str, list[str]]) -> list[tuple[str, float]]:
        canonical = set(forms)
        kind_bonus = KIND_CATEGORIES[_kind_key(q.kind)]
        stated = set(countries.get(q.country_code.upper(), [])) if q.country_code else set()
        context = {qid for cc in q.context_countries for qid in countries.get(cc.upper(), [])}
        out = []
        for qid, c in cands.items():
            d = details.get(qid, {})
            cats = c.categories | {CLASS_CATEGORY[t] for t in d.get("types", [])
                                   if t in CLASS_CATEGORY}
            bonuses = [kind_bonus[cat] for cat in cats if cat in kind_bonus]
            gn = {str(g) for g in d.get("P1566", [])}
            gn_match = q.geonames_id is not None and str(q.geonames_id) in gn
            if not bonuses and not gn_match:
                continue                                   # a kind of thing this place cannot be
            s = PLACE_PRIOR * math.log1p(d.get("sitelinks", 0))
            s += PLACE_POPULATION * math.log10(1 + d.get("population", 0))
            s += max(bonuses) if bonuses else 0.0
            if c.forms:
                s += self._name_score(c, canonical)
            in_countries = set(d.get("P17", []))
            if COUNTRY in cats or d.get("P297"):
                in_countries.add(qid)
            if stated and in_countries:
                s += COUNTRY_MATCH if in_countries & stated else COUNTRY_MISMATCH
            elif context and in_countries:
                s += CONTEXT_MATCH / 2 if in_countries & context else 0.0
            if q.geonames_id is not None:
                if gn_match:
                    s += GEONAMES_MATCH
                elif gn:
                    s += GEONAMES_MISMATCH
            out.append((qid, s))
        return out

    # -- batched, cached requests ----------------------------------------------------------
    def _key(self, kind: str, name: str) -> str:
        return "\x1f".join((CACHE_VERSION, self.endpoint, kind, name))

    def _cached_fetch(self, kind: str, names: Sequence[str], fetch) -> dict[str, object]:
        """Answers for `names`, from the cache or by `fetch(batch) -> {name: answer}`."""
        keys = {n: self._key(kind, n) for n in names}
        cached = self._cache.get_many(list(keys.values()))
        out = {n: cached[k] for n, k in keys.items() if k in cached}
        missing = [n for n in names if n not in out]
        for i in range(0, len(missing), self.batch_size):
            batch = missing[i:i + self.batch_size]
            answers = fetch(batch)
            fresh = {n: answers.get(n, []) for n in batch}        # negative answers cached too
            self._cache.put_many({keys[n]: v for n, v in fresh.items()})
            out.update(fresh)
        return out

    def _candidates(self, kind: str, literals: Sequence[str]) -> dict[str, list]:
        classes = ", ".join(f"wd:{c}" for c in CLASS_CATEGORY)

        def fetch(batch: Sequence[str]) -> dict[str, list]:
            values = " ".join(_literal(n) + "@en" for n in batch)
            if kind == "person":
                # A one-word name is matched against labels only: thousands of people have an
                # alias such as "Lee" or "Ruto".
                multi = " ".join(_literal(n) + "@en" for n in batch if len(n.split()) > 1)
                alias = (f"  UNION {{ VALUES ?name {{ {multi} }}\n"
                         f"          ?item skos:altLabel ?name . BIND(\"alias\" AS ?how) }}\n"
                         if multi else "")
                q = (f"{PREFIXES}SELECT DISTINCT ?name ?item ?how WHERE {{\n"
                     f"  {{ VALUES ?name {{ {values} }}\n"
                     f"    ?item rdfs:label ?name . BIND(\"label\" AS ?how) }}\n"
                     f"{alias}"
                     f"  ?item wdt:P31 wd:{HUMAN} .\n}}")
            else:
                # Classes: the item's own (wdt:P31) or their direct superclasses (one wdt:P279
                # step, as plain triple patterns: no property path to plan).
                q = (f"{PREFIXES}SELECT DISTINCT ?name ?item ?how ?c ?sup WHERE {{\n"
                     f"  {{ VALUES ?name {{ {values} }}\n"
                     f"    ?item rdfs:label ?name . BIND(\"label\" AS ?how) }}\n"
                     f"  UNION {{ VALUES ?name {{ {values} }}\n"
                     f"    ?item skos:altLabel ?name . BIND(\"alias\" AS ?how) }}\n"
                     f"  ?item wdt:P31 ?c .\n"
                     f"  OPTIONAL {{ ?c wdt:P279 ?sup . }}\n"
                     f"  FILTER(?c IN ({classes}) || ?sup IN ({classes}))\n"
                     f"  FILTER NOT EXISTS {{ ?item wdt:P31 wd:{DISAMBIGUATION} . }}\n}}")
            grouped: dict[str, dict[str, dict]] = defaultdict(dict)
            for row in self._select(q):
                qid = _qid(row.get("item", ""))
                if not qid or "name" not in row:
                    continue
                entry = grouped[row["name"]].setdefault(qid, {"how": row.get("how", "alias"),
                                                              "cats": set()})
                if row.get("how") == "label":
                    entry["how"] = "label"
                entry["cats"].update(_categories(row))
            out: dict[str, list] = {}
            for name, items in grouped.items():
                if kind == "person":
                    out[name] = [[qid, e["how"]] for qid, e in sorted(items.items())]
                else:
                    out[name] = [[qid, e["how"], sorted(e["cats"])]
                                 for qid, e in sorted(items.items())]
            return out

        return self._cached_fetch(f"{kind}-candidates", list(literals), fetch)

    def _geonames(self, ids: Sequence[int]) -> dict[str, list]:
        def fetch(batch: Sequence[str]) -> dict[str, list]:
            q = (f"{PREFIXES}SELECT DISTINCT ?gid ?item ?c ?sup WHERE {{\n"
                 f"  VALUES ?gid {{ {' '.join(_literal(g) for g in batch)} }}\n"
                 f"  ?item wdt:P1566 ?gid .\n"
                 f"  OPTIONAL {{ ?item wdt:P31 ?c . OPTIONAL {{ ?c wdt:P279 ?sup . }} }}\n"
                 f"  FILTER NOT EXISTS {{ ?item wdt:P31 wd:{DISAMBIGUATION} . }}\n}}")
            grouped: dict[str, dict[str, set]] = defaultdict(dict)
            for row in self._select(q):
                qid = _qid(row.get("item", ""))
                if qid and "gid" in row:
                    grouped[row["gid"]].setdefault(qid, set()).update(_categories(row))
            return {g: [[qid, sorted(c)] for qid, c in sorted(items.items())]
                    for g, items in grouped.items()}

        return self._cached_fetch("geonames", [str(i) for i in ids], fetch)

    _DETAIL_PROPS = {
        "person": ("P27", "P39", "P106"),   # with English labels: [[QID, label], ...]
        "place": ("P17", "P297", "P1566", "P1082", "P31"),
    }

    def _details(self, kind: str, qids: Sequence[str]) -> dict[str, dict]:
        props = self._DETAIL_PROPS[kind]

        def fetch(batch: Sequence[str]) -> dict[str, dict]:
            items = " ".join(f"wd:{q}" for q in batch)
            preds = " ".join([f"wdt:{p}" for p in props]
                             + ["rdfs:label", "schema:description", "wikibase:sitelinks"])
            label = ("OPTIONAL { ?v rdfs:label ?vl . FILTER(LANG(?vl) = \"en\") }"
                     if kind == "person" else "")
            q = (f"{PREFIXES}SELECT ?item ?p ?v ?vl WHERE {{\n"
                 f"  {{ VALUES ?item {{ {items} }}\n"
                 f"    VALUES ?p {{ {preds} }}\n"
                 f"    ?item ?p ?v .\n"
                 f"    FILTER(!isLiteral(?v) || LANG(?v) = \"\" || LANG(?v) = \"en\")\n"
                 f"    {label} }}\n"
                 f"  UNION\n"
                 f"  {{ VALUES ?item {{ {items} }}\n"
                 f"    ?doc schema:about ?item ; wikibase:sitelinks ?v .\n"
                 f"    BIND(wikibase:sitelinks AS ?p) }}\n}}")
            out: dict[str, dict] = {q_: {"sitelinks": 0} for q_ in batch}
            lists: dict[str, dict[str, dict]] = defaultdict(lambda: defaultdict(dict))
            for row in self._select(q):
                qid = _qid(row.get("item", ""))
                if qid not in out or "p" not in row or "v" not in row:
                    continue
                p, v = row["p"].rsplit("/", 1)[-1].rsplit("#", 1)[-1], row["v"]
                d = out[qid]
                if p == "sitelinks":
                    d["sitelinks"] = max(d["sitelinks"], int(_number(v)))
                elif p == "label":
                    d["label"] = v
                elif p == "description":
                    d["description"] = v
                elif p == "P1082":
                    d["population"] = max(d.get("population", 0), int(_number(v)))
                elif p in ("P1566", "P297"):
                    d.setdefault(p, [])
                    if v not in d[p]:
                        d[p].append(v)
                elif p in ("P17", "P31"):
                    vq = _qid(v)
                    key = "types" if p == "P31" else p
                    d.setdefault(key, [])
                    if vq and vq not in d[key]:
                        d[key].append(vq)
                elif p in ("P27", "P39", "P106"):
                    vq = _qid(v)
                    if vq:
                        lists[qid][p].setdefault(vq, "")
                        if row.get("vl"):
                            lists[qid][p][vq] = row["vl"]
            for qid, by_p in lists.items():
                for p, vals in by_p.items():
                    out[qid][p] = sorted([k, lbl] for k, lbl in vals.items())
            return out

        return self._cached_fetch(f"{kind}-details", list(qids), fetch)

    def _countries(self, codes: Iterable[str]) -> dict[str, list[str]]:
        """ISO 3166-1 alpha-2 code -> QIDs of the items with that P297 in the endpoint."""
        codes = sorted({c.upper() for c in codes if c and re.fullmatch(r"[A-Za-z]{2}", c)})

        def fetch(batch: Sequence[str]) -> dict[str, list]:
            q = (f"{PREFIXES}SELECT DISTINCT ?code ?item WHERE {{\n"
                 f"  VALUES ?code {{ {' '.join(_literal(c) for c in batch)} }}\n"
                 f"  ?item wdt:P297 ?code .\n}}")
            out: dict[str, list] = defaultdict(list)
            for row in self._select(q):
                qid = _qid(row.get("item", ""))
                if qid and qid not in out[row.get("code", "")]:
                    out[row["code"]].append(qid)
            return {k: sorted(v) for k, v in out.items()}

        return self._cached_fetch("iso2", codes, fetch)

    # -- HTTP ------------------------------------------------------------------------------
    def _fail(self, message: str, cause: BaseException | None = None) -> LinkError:
        err = LinkError(message)
        err.__cause__ = cause
        self._down = err
        return err

    def _probe(self) -> None:
        """One short TCP connection to the endpoint (or its proxy): no network fails fast."""
        if self._probed:
            return
        parts = urllib.parse.urlsplit(self.endpoint)
        host, port = parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
        proxy = urllib.request.getproxies().get(parts.scheme)
        if proxy and not urllib.request.proxy_bypass(host):
            pp = urllib.parse.urlsplit(proxy if "://" in proxy else "http://" + proxy)
            host, port = pp.hostname or host, pp.port or 80
        try:
            with socket.create_connection((host, port), timeout=self.connect_timeout):
                pass
        except OSError as e:
            raise self._fail(f"Wikidata endpoint {self.endpoint} unreachable: "
                             f"{getattr(e, 'strerror', None) or e}", e) from e
        self._probed = True

    def _throttle(self) -> None:
        wait = self._last_request + self.min_interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last_request = time.monotonic()

    def _select(self, query: str) -> list[dict[str, str]]:
        """Run a SELECT; rows as {variable: value}. Raises LinkError when it cannot be answered."""
        from SPARQLWrapper import JSON, POST, GET, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        if self._down is not None:
            raise self._down
        self._probe()
        sw = SPARQLWrapper(self.endpoint, agent=self.user_agent)
        sw.setReturnFormat(JSON)
        sw.setOnlyConneg(True)           # the Accept header only: no format=/output= parameters
        sw.setMethod(POST if len(query) > self.post_threshold else GET)
        sw.setQuery(query)
        sw.timeout = self.timeout        # setTimeout() would truncate to whole seconds
        attempt = timeouts = 0
        while True:
            self._throttle()
            retry_after: float | None = None
            try:
                self.requests_sent += 1
                result = sw.query()
                try:
                    data = json.loads(result.response.read().decode("utf-8"))
                finally:
                    result.response.close()
                return [{k: v.get("value", "") for k, v in b.items()}
                        for b in data.get("results", {}).get("bindings", [])]
            except urllib.error.HTTPError as e:     # 429, 502, 503, 504, 403 ...
                retryable = e.code == 429 or e.code >= 500
                retry_after = self._retry_after(e.headers.get("Retry-After") if e.headers
                                                else None)
                problem, cause = f"HTTP {e.code} {e.reason}", e
            except SPARQLWrapperException as e:     # 400, 401, 404, 414, 500 mapped by the wrapper
                name = type(e).__name__
                retryable = name == "EndPointInternalError"
                problem, cause = f"{name}: {str(e).strip()[:200]}", e
            except urllib.error.URLError as e:
                reason = e.reason
                if isinstance(reason, (socket.timeout, TimeoutError)):
                    retryable, problem = True, "timed out"
                else:       # refused, unknown host, unreachable: persistent, no retry
                    retryable, problem = False, f"unreachable ({reason})"
                cause = e
            except (socket.timeout, TimeoutError) as e:
                retryable, problem, cause = True, "timed out", e
            except (ConnectionError, HTTPException) as e:
                retryable, problem, cause = True, f"connection failed ({e!r})", e
            except (ValueError, UnicodeDecodeError) as e:
                retryable, problem, cause = False, f"unreadable answer ({e})", e
            attempt += 1
            if problem == "timed out":
                timeouts += 1       # a slow query stays slow: one more try at most
            if not retryable or attempt > self.max_retries or timeouts > 1:
                raise self._fail(f"Wikidata endpoint {self.endpoint}: {problem}", cause)
            delay = self.backoff * 2 ** (attempt - 1) * (1 + random.random() / 4)
            if retry_after is not None:
                if retry_after > self.max_retry_after:
                    raise self._fail(f"Wikidata endpoint {self.endpoint}: {problem}, retry "
                                     f"after {retry_after:.0f} s", cause)
                delay = max(delay, retry_after)
            log.info("Wikidata endpoint: %s; retry %d in %.1f s", problem, attempt, delay)
            time.sleep(delay)

    @staticmethod
    def _retry_after(value: str | None) -> float | None:
        if not value:
            return None
        value = value.strip()
        if value.isdigit():
            return float(value)
        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError, IndexError):
            return None


# ---------------------------------------------------------------------------------------------
# Glue for the build: resolved articles -> queries -> QIDs on ResolvedPerson/ResolvedPlace
# ---------------------------------------------------------------------------------------------
def article_countries(resolved) -> tuple[str, ...]:
    """ISO2 codes of the countries a `kg.model.ResolvedArticle` mentions (its places' countries)."""
    codes = {p.geo.country_code.upper() for p in resolved.places
             if p.geo is not None and p.geo.country_code}
    return tuple(sorted(codes))


def link_resolved(linker: WikidataLinker, articles: Sequence) -> dict[str, str | None]:
    """Link the persons and places of `kg.model.ResolvedArticle`s in two batched calls.

    One decision per IRI: a person or place found in several articles is asked once, with the
    union of its aliases, roles and the articles' countries as context. Sets ``.wikidata`` (a QID
    such as "Q7747", or None) on every ResolvedPerson / ResolvedPlace and returns {IRI: QID}.
    Raises `LinkError` when the endpoint cannot be reached (nothing is set then).
    """
    persons: dict[str, dict] = {}
    places: dict[str, dict] = {}
    for art in articles:
        context = set(article_countries(art))
        for rp in art.persons:
            e = persons.setdefault(rp.iri, {"name": rp.fact.name, "aliases": set(),
                                            "roles": set(), "ctx": set(), "objs": []})
            e["aliases"].update(rp.fact.aliases)
            e["roles"].update(rp.fact.roles)
            e["ctx"].update(context)
            e["objs"].append(rp)
        for rp in art.places:
            geo = rp.geo
            kind = getattr(rp.fact.kind, "value", rp.fact.kind)
            if kind == "other" and geo is not None:
                kind = getattr(geo.kind, "value", geo.kind)
            e = places.setdefault(rp.iri, {
                "name": rp.fact.name, "kind": kind,
                "cc": geo.country_code if geo is not None else None,
                "gid": geo.geonames_id if geo is not None else None, "ctx": set(), "objs": []})
            e["ctx"].update(context)
            e["objs"].append(rp)
    pq = {iri: PersonQuery(e["name"], tuple(sorted(e["aliases"] - {e["name"]})),
                           tuple(sorted(e["roles"])), tuple(sorted(e["ctx"])))
          for iri, e in persons.items()}
    lq = {iri: PlaceQuery(e["name"], str(e["kind"]), e["cc"], e["gid"], tuple(sorted(e["ctx"])))
          for iri, e in places.items()}
    person_links = linker.link_persons(list(pq.values())) if pq else {}
    place_links = linker.link_places(list(lq.values())) if lq else {}
    out: dict[str, str | None] = {}
    for iri, q in pq.items():
        out[iri] = person_links.get(q)
        for rp in persons[iri]["objs"]:
            rp.wikidata = out[iri]
    for iri, q in lq.items():
        out[iri] = place_links.get(q)
        for rp in places[iri]["objs"]:
            rp.wikidata = out[iri]
    return out
