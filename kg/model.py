"""Small typed records passed between pipeline stages.

ingest -> Article; nlp + extract -> ArticleFacts; resolve -> ResolvedArticle (IRIs decided);
link adds external identifiers; rdf turns a ResolvedArticle into quads; store keeps them.
No spaCy, rdflib or pyoxigraph type appears here.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from enum import Enum


class Status(str, Enum):
    HELD = "held"
    PLANNED = "planned"


class PlaceKind(str, Enum):
    COUNTRY = "country"
    REGION = "region"
    CITY = "city"
    SITE = "site"
    WATER = "water"
    OTHER = "other"


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to year, month or day precision ('2001', '2011-08', '2011-08-24')."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def as_datetime_lexical(self) -> str:
        """xsd:dateTime lexical form starting with the known part (OWL 2 has no xsd:date)."""
        return f"{self.year:04d}-{self.month or 1:02d}-{self.day or 1:02d}T00:00:00"

    def as_date(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def span(self) -> tuple[dt.date, dt.date]:
        """The first and last day this date may denote."""
        if self.day:
            return self.as_date(), self.as_date()
        if self.month:
            last = calendar.monthrange(self.year, self.month)[1]
            return dt.date(self.year, self.month, 1), dt.date(self.year, self.month, last)
        return dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)

    def contains(self, other: "PartialDate") -> bool:
        """True when `other` falls inside the span this date denotes (or is equal to it)."""
        if self.year != other.year:
            return False
        if self.month and self.month != other.month:
            return False
        return not (self.day and self.day != other.day)

    def compatible(self, other: "PartialDate") -> bool:
        return self.contains(other) or other.contains(self)

    @classmethod
    def from_date(cls, d: dt.date) -> "PartialDate":
        return cls(d.year, d.month, d.day)

    @classmethod
    def parse(cls, iso: str) -> "PartialDate":
        parts = [int(p) for p in iso[:10].split("-") if p]
        return cls(*parts[:3])


@dataclass(frozen=True)
class Article:
    article_id: str            # stable id: the file name without extension
    source: str                # the path or URL as the user gave it
    title: str | None
    published: PartialDate | None   # stated in the text (headline, dateline), else None
    text: str                  # article body, boilerplate removed, paragraphs separated by blank lines


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int                 # character offset in Article.text
    text: str


@dataclass
class PersonFact:
    name: str                  # full canonical name as the article gives it ("Moon Jae-in")
    aliases: set[str] = field(default_factory=set)      # other forms used ("Ruto", "Mr. Ruto")
    roles: set[str] = field(default_factory=set)        # "Russian President", "Foreign Minister"
    sentences: list[int] = field(default_factory=list)  # where it is mentioned


@dataclass
class PlaceFact:
    name: str
    aliases: set[str] = field(default_factory=set)
    kind: PlaceKind = PlaceKind.OTHER
    sentences: list[int] = field(default_factory=list)
    geo: "GeoMatch | None" = None       # the gazetteer feature, when the name resolved to one


@dataclass
class MeetingFact:
    participants: tuple[str, ...]       # PersonFact.name values, sorted
    place: str | None = None            # PlaceFact.name
    date: PartialDate | None = None
    status: Status = Status.HELD
    topics: set[str] = field(default_factory=set)
    sentences: list[int] = field(default_factory=list)
    trigger: str = ""                   # the words that state the meeting ("met", "talks with")


@dataclass
class ArticleFacts:
    article: Article
    sentences: list[Sentence]
    persons: list[PersonFact]
    places: list[PlaceFact]
    meetings: list[MeetingFact]
    topics: set[str]
    reference_date: PartialDate | None = None   # publication date, or the latest full date the text states


@dataclass(frozen=True)
class GeoMatch:
    """A place resolved in the offline GeoNames gazetteer."""

    geonames_id: int
    name: str
    kind: PlaceKind
    country_code: str | None
    latitude: float
    longitude: float
    population: int = 0


@dataclass
class ResolvedPlace:
    iri: str
    fact: PlaceFact
    geo: GeoMatch | None = None
    country_iri: str | None = None
    country_name: str | None = None
    wikidata: str | None = None


@dataclass
class ResolvedPerson:
    iri: str
    fact: PersonFact
    wikidata: str | None = None


@dataclass
class ResolvedMeeting:
    iri: str
    fact: MeetingFact
    participant_iris: tuple[str, ...]
    place_iri: str | None


@dataclass
class ResolvedArticle:
    facts: ArticleFacts
    persons: list[ResolvedPerson]
    places: list[ResolvedPlace]
    meetings: list[ResolvedMeeting]

    @property
    def article(self) -> Article:
        return self.facts.article
