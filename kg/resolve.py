"""Resolve: identity across articles. Decides the IRI of every person, place and meeting.

Persons are one node per canonical name (spelling variants share a slug: "Moon Jae-in" and
"Moon Jae In"). Places are one node per GeoNames feature when the gazetteer knows them, else per
name. Meetings are clustered against every meeting already known (in the store or earlier in
the same build): the same participants and a compatible date, place and time frame make one
meeting, so the talks four articles report are one node.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from . import iris
from .extract import PlaceLookup
from .model import (ArticleFacts, GeoMatch, MeetingFact, PartialDate, PlaceKind, ResolvedArticle,
                    ResolvedMeeting, ResolvedPerson, ResolvedPlace)

DAY_TOLERANCE = 3  # reports of one meeting may date it a day or two apart


@dataclass
class MeetingRecord:
    """What is known of one meeting node, from every article that mentions it."""

    iri: str
    participants: frozenset[str]
    dates: set[PartialDate] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)


class MeetingIndex:
    """Known meetings by participant set, for clustering new mentions."""

    def __init__(self, records: Iterable[MeetingRecord] = ()):
        self.by_participants: dict[frozenset[str], list[MeetingRecord]] = {}
        for record in records:
            self.add(record)

    def add(self, record: MeetingRecord) -> None:
        bucket = self.by_participants.setdefault(record.participants, [])
        for existing in bucket:
            if existing.iri == record.iri:
                existing.dates |= record.dates
                existing.places |= record.places
                existing.articles |= record.articles
                return
        bucket.append(record)

    def candidates(self, participants: frozenset[str], article_iri: str) -> list[MeetingRecord]:
        """Records of other articles (an article being rebuilt must not match its old self)."""
        return [r for r in self.by_participants.get(participants, []) if r.articles - {article_iri}]


def _dates_agree(a: PartialDate, b: PartialDate) -> bool:
    if a.compatible(b):
        return True
    if a.precision == b.precision == "day":
        return abs((a.as_date() - b.as_date()).days) <= DAY_TOLERANCE
    return False


def _name_words(name: str) -> tuple[str, ...]:
    return tuple(w for w in iris.slug(name).split("-") if w)


class PersonIndex:
    """Full names already known (in the store or earlier in the build) -> person IRI, so that
    "Lacalle Pou" or "Bola Ahmed Tinubu" in one article finds the "Luis Lacalle Pou" or
    "Bola Tinubu" of another when exactly one known person fits."""

    def __init__(self, names: Iterable[tuple[str, str]] = ()):
        self.iri_of: dict[tuple[str, ...], str] = {}
        for name, iri in names:
            self.add(name, iri)

    def add(self, name: str, iri: str) -> None:
        words = _name_words(name)
        if len(words) >= 2:
            self.iri_of.setdefault(words, iri)

    def find(self, name: str) -> str | None:
        words = _name_words(name)
        if words in self.iri_of:
            return self.iri_of[words]
        if len(words) < 2:
            return None
        fits = {iri for known, iri in self.iri_of.items() if _same_person(words, known)}
        return fits.pop() if len(fits) == 1 else None


def _same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """One name is the other with middle names left out, or its family names alone."""
    short, long = sorted((a, b), key=len)
    if len(short) == len(long):
        return False
    same_ends = short[0] == long[0] and short[-1] == long[-1]
    return same_ends or long[-len(short):] == short


class Resolver:
    def __init__(self, gazetteer: PlaceLookup, meetings: MeetingIndex, persons: PersonIndex | None = None):
        self.gazetteer = gazetteer
        self.meetings = meetings
        self.persons = persons or PersonIndex()

    def _person_iri(self, name: str) -> str:
        iri = self.persons.find(name) or iris.person(name)
        self.persons.add(name, iri)
        return iri

    def resolve(self, facts: ArticleFacts) -> ResolvedArticle:
        persons = [ResolvedPerson(iri=self._person_iri(p.name), fact=p) for p in facts.persons]
        places = self._places(facts)
        person_iri = {p.fact.name: p.iri for p in persons}
        place_iri = {p.fact.name: p.iri for p in places}
        article_iri = iris.article(facts.article.article_id)
        meetings = []
        for m in facts.meetings:
            participants = tuple(sorted({person_iri[n] for n in m.participants if n in person_iri}))
            if len(participants) < 2:
                continue
            location = place_iri.get(m.place) if m.place else None
            iri = self._meeting_iri(m, frozenset(participants), location, facts.reference_date, article_iri)
            meetings.append(ResolvedMeeting(iri=iri, fact=m, participant_iris=participants, place_iri=location))
        return ResolvedArticle(facts=facts, persons=persons, places=places, meetings=_unique(meetings))

    # ---- places -------------------------------------------------------------------------

    def _places(self, facts: ArticleFacts) -> list[ResolvedPlace]:
        resolved = []
        for fact in facts.places:
            geo = fact.geo
            place = ResolvedPlace(iri=iris.location(fact.name, geo.geonames_id if geo else None), fact=fact, geo=geo)
            country = self._country(geo)
            if country and country.geonames_id != (geo.geonames_id if geo else None):
                place.country_iri = iris.location(country.name, country.geonames_id)
                place.country_name = country.name
            resolved.append(place)
        return resolved

    def _country(self, geo: GeoMatch | None) -> GeoMatch | None:
        if geo is None or geo.kind == PlaceKind.COUNTRY:
            return None
        country_of = getattr(self.gazetteer, "country_of", None)
        return country_of(geo) if country_of else None

    # ---- meetings -----------------------------------------------------------------------

    def _meeting_iri(self, m: MeetingFact, participants: frozenset[str], location: str | None,
                     ref: PartialDate | None, article_iri: str) -> str:
        record = self._best_match(m, participants, location, ref, article_iri)
        if record is None:
            # The key separates what the article keeps apart: the same people meeting at two
            # dates or places of one article are two meetings.
            key = "|".join([*sorted(participants), m.date.iso() if m.date else "undated", location or "nowhere"])
            record = MeetingRecord(iri=iris.meeting(key), participants=participants)
        record.dates |= {m.date} if m.date else set()
        record.places |= {location} if location else set()
        record.articles.add(article_iri)
        self.meetings.add(record)
        return record.iri

    def _best_match(self, m: MeetingFact, participants: frozenset[str], location: str | None,
                    ref: PartialDate | None, article_iri: str) -> MeetingRecord | None:
        scored = []
        for record in self.meetings.candidates(participants, article_iri):
            score = self._agreement(m, record, location, ref)
            if score is not None:
                scored.append((score, record.iri, record))
        if not scored:
            return None
        scored.sort(key=lambda x: (-x[0], x[1]))
        if len(scored) > 1 and scored[0][0] == scored[1][0]:
            return None  # two equally good meetings: joining either could be wrong
        return scored[0][2]

    def _agreement(self, m: MeetingFact, record: MeetingRecord, location: str | None,
                   ref: PartialDate | None) -> float | None:
        """None when the mention cannot be that meeting; else how well it fits."""
        score = 0.0
        if m.date and record.dates:
            if not any(_dates_agree(m.date, d) for d in record.dates):
                return None
            score += 2
        elif not m.date and ref and record.dates and all(abs(d.year - ref.year) > 1 for d in record.dates):
            return None  # an undated mention speaks of the article's own time
        if location and record.places:
            score += 1 if location in record.places else 0
        return score


def _unique(meetings: list[ResolvedMeeting]) -> list[ResolvedMeeting]:
    """Two mentions in one article that resolve to one node become one meeting."""
    seen: dict[str, ResolvedMeeting] = {}
    for m in meetings:
        if m.iri in seen:
            first = seen[m.iri]
            first.fact.topics |= m.fact.topics
            first.fact.sentences = sorted(set(first.fact.sentences) | set(m.fact.sentences))
            if first.place_iri is None:
                first.place_iri = m.place_iri
            if first.fact.date is None:
                first.fact.date = m.fact.date
        else:
            seen[m.iri] = m
    return list(seen.values())
