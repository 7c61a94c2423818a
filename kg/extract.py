"""Extract: a parsed article (spaCy Doc) -> ArticleFacts (persons, places, meetings, topics).

Rules work on spaCy's entities and dependency parse plus the general word lists in lexicon.py:
    persons   PERSON entities and names after titles, cleaned of titles; short forms ("Ruto",
              "Mr. Ruto") and mislabelled entities joined to the article's full name
    places    GPE/LOC/FAC entities and names in locative phrases, checked against the gazetteer
    meetings  meeting verbs and nouns with their participants, place, date and status
    topics    the topic scheme's terms matched on lemmas, on the article and on meeting agendas
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Protocol

import numpy as np
from spacy.attrs import DEP, ENT_TYPE, IS_SPACE, IS_TITLE, LEMMA, LOWER, ORTH, POS, SPACY, TAG
from spacy.parts_of_speech import PROPN
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from . import dates, lexicon as lx
from .model import (Article, ArticleFacts, GeoMatch, MeetingFact, PartialDate, PersonFact, PlaceFact,
                    PlaceKind, Sentence, Status)
from .topics import STOP, Topic


class PlaceLookup(Protocol):
    def lookup(self, name: str, context_countries: Iterable[str] = ()) -> GeoMatch | None: ...
    def country_for_name(self, text: str) -> str | None: ...
    def is_capital(self, match: GeoMatch) -> bool: ...


# --------------------------------------------------------------------------------------------
# Topic matching on lemmas
# --------------------------------------------------------------------------------------------

class TopicMatcher:
    """Finds the scheme's terms in a Doc by their lower-case lemma sequence."""

    def __init__(self, nlp: Language, topics: list[Topic]):
        patterns: dict[tuple[str, ...], tuple[str, int]] = {}
        terms = [(t.topic_id, term, 2) for t in topics for term in t.terms]
        terms += [(t.topic_id, term, 1) for t in topics for term in t.weak_terms]
        # "cooperation+defence": words that make the term when both stand within a few words.
        self.windows: list[tuple[tuple[str, ...], str, int]] = []
        window_terms = [t for t in terms if "+" in t[1]]
        terms = [t for t in terms if "+" not in t[1]]
        for topic_id, term, weight in window_terms:
            words = tuple(_lemma(doc[0]) for doc in nlp.pipe(w.strip() for w in term.split("+")))
            self.windows.append((words, topic_id, weight))
        for (topic_id, _, weight), doc in zip(terms, nlp.pipe(term for _, term, _ in terms)):
            for key in (tuple(_lemma(tok) for tok in doc if tok.text != "-"),
                        tuple(tok.lower_ for tok in doc if tok.text != "-")):
                patterns.setdefault(key, (topic_id, weight))
        self._doc: Doc | None = None
        self._lemmas: list[str | None] = []
        self._found: dict[tuple[int, int], list[tuple[int, str, int]]] = {}
        # Patterns by first word, longest first: a position is tried only against its own word's.
        self.by_first: dict[str, list[tuple[tuple[str, ...], tuple[str, int]]]] = {}
        for key, hit in sorted(patterns.items(), key=lambda kv: -len(kv[0])):
            self.by_first.setdefault(key[0], []).append((key, hit))

    def matches(self, span: Span | Doc) -> list[tuple[int, str, int]]:
        """(token index, topic id, weight) for each longest term match in the span; weight 2
        for a specific term, 1 for a common word."""
        doc = span if isinstance(span, Doc) else span.doc
        start, end = (0, len(doc)) if isinstance(span, Doc) else (span.start, span.end)
        if self._doc is not doc:  # one document at a time: its lemmas and answers, computed once
            self._doc, self._found = doc, {}
            self._lemmas = _doc_lemmas(doc)
        if (start, end) not in self._found:
            self._found[start, end] = self._match([(w, i) for i, w in enumerate(self._lemmas[start:end], start) if w])
        return list(self._found[start, end])

    def _match(self, lemmas: list[tuple[str, int]]) -> list[tuple[int, str, int]]:
        words = [l for l, _ in lemmas]
        found, i = [], 0
        while i < len(lemmas):
            for key, (topic, weight) in self.by_first.get(words[i], ()):
                if tuple(words[i:i + len(key)]) == key:
                    if topic != STOP:
                        found.append((lemmas[i][1], topic, weight))
                    i += len(key)
                    break
            else:
                i += 1
        covered = {i for i, _, _ in found}
        positions: dict[str, list[int]] = defaultdict(list)
        for k, word in enumerate(words):
            positions[word].append(k)
        for terms, topic, weight in self.windows:
            hit = self._window_hit(positions, terms)
            if hit is not None and lemmas[hit][1] not in covered:
                found.append((lemmas[hit][1], topic, weight))
        return found

    @staticmethod
    def _window_hit(positions: dict[str, list[int]], words: tuple[str, ...]) -> int | None:
        """Position of the first word when all `words` occur within WINDOW tokens of each other."""
        if not all(w in positions for w in words):
            return None
        for k in positions[words[0]]:
            if all(any(abs(j - k) <= WINDOW for j in positions[w]) for w in words[1:]):
                return k
        return None


WINDOW = 5


def _word_ids(words: Iterable[str]) -> "np.ndarray":
    return np.array(sorted({get_string_id(w) for w in words}), dtype=np.uint64)


def _tokens_among(doc: Doc, ids: "np.ndarray") -> list[Token]:
    """The tokens whose lemma or lower-case form is one of the words, in order, made without a
    Token object for every other word of the document (most of the cost of a pass over it)."""
    forms = doc.to_array([LEMMA, LOWER])
    return [doc[int(i)] for i in np.flatnonzero(np.isin(forms, ids).any(axis=1))]


def _proper_nouns(doc: Doc, dep: str | None = None, untagged: bool = False) -> list[Token]:
    """Proper nouns (of a dependency, or outside every entity) without a Token per word."""
    values = doc.to_array([POS, DEP, ENT_TYPE])
    keep = values[:, 0] == PROPN
    if dep is not None:
        keep &= values[:, 1] == np.uint64(get_string_id(dep))
    if untagged:
        keep &= values[:, 2] == 0
    return [doc[int(i)] for i in np.flatnonzero(keep)]


def _lemma(tok: Token) -> str:
    return (tok.lemma_ or tok.text).lower()


def _doc_lemmas(doc: Doc) -> list[str | None]:
    """_lemma of every token (None for hyphens and spaces), read from the document's arrays
    rather than from a Token object per word."""
    strings = doc.vocab.strings
    columns = doc.to_array([LEMMA, ORTH, IS_SPACE])
    lemma, orth = columns[:, 0], columns[:, 1]
    key = np.where(lemma != 0, lemma, orth)
    skip = (orth == np.uint64(get_string_id("-"))) | (columns[:, 2] != 0)
    # each distinct string looked up once; the per-word work stays in numpy
    distinct, inverse = np.unique(key, return_inverse=True)
    lowered = [strings[int(i)].lower() for i in distinct]
    return [None if s else lowered[k] for k, s in zip(inverse.tolist(), skip.tolist())]


# --------------------------------------------------------------------------------------------
# Persons
# --------------------------------------------------------------------------------------------

@dataclass
class Mention:
    start: int
    end: int
    text: str
    sent: int
    roles: list[str] = field(default_factory=list)
    spouse: bool = False  # named after a spouse's family name: never what that name alone means
    nation: str | None = None  # "Mexico's X": the country named before the name


NAME_TOKEN = re.compile(r"^[^\W\d_][\w'’.-]*$|^[a-z]{1,3}-[^\W\d_][\w'’.-]*$")  # "Ömer", "el-Sisi"


def _clean_person_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Trim titles, honorifics and adjectives off the front of a PERSON span, and possessives,
    numbers and stray words off its end; keep hyphenated name parts ("Moon Jae-in")."""
    while start < end and _leading_junk(doc[start]):
        start += 1
    for i in range(start + 1, end):
        if doc[i].text in ("-", "–", "—", "|") and doc[i - 1].whitespace_:
            end = i  # "Rafael Lins - Reporter - Agência Brasil": a byline's fields, not a name
            break
    while end > start and _trailing_junk(doc, end - 1, start):
        end -= 1
    return start, end


def _leading_junk(tok: Token) -> bool:
    if tok.lower_ in lx.TITLE_WORDS or tok.lower_ in lx.HONORIFICS or tok.is_punct:
        return True
    return not tok.text[:1].isupper() or tok.ent_type_ in ("NORP",) and tok.tag_ == "JJ"


def _trailing_junk(doc: Doc, i: int, start: int) -> bool:
    tok = doc[i]
    if tok.tag_ == "POS" or tok.text in ("'s", "’s", "'") or tok.like_num or tok.is_punct or tok.is_space:
        return True
    if _hyphen_attached(doc, i) and i - 2 >= start:
        return False
    return not _name_like(tok) or tok.lower_ in lx.NAME_PARTICLES


def _hyphen_attached(doc: Doc, i: int) -> bool:
    """'in' in 'Jae-in': joined to the previous word by a hyphen with no spaces."""
    return i >= 2 and doc[i - 1].text in ("-", "‐") and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_


def _name_like(tok: Token) -> bool:
    text = tok.text
    capitalised = bool(NAME_TOKEN.match(text)) and (text[0].isupper() or "-" in text[:4] and text.split("-", 1)[1][:1].isupper())
    return capitalised or tok.lower_ in lx.NAME_PARTICLES or _hyphen_attached(tok.doc, tok.i)


def _span_text(doc: Doc, start: int, end: int) -> str:
    if start >= end:
        return ""
    last = doc[end - 1]
    text = _doc_text(doc)[doc[start].idx:last.idx + len(last.text)].strip()  # a slice, not a join of tokens
    text = HYPHEN_SPACES.sub("-", text)
    return SPACES.sub(" ", text)


HYPHEN_SPACES, SPACES = re.compile(r"\s*-\s*"), re.compile(r"\s+")


def _doc_text(doc: Doc) -> str:
    """The document's text, kept with it (Doc.text and Span.text rebuild it from every token
    each time); Extractor.extract stores the article's text there before anything asks."""
    text = doc.user_data.get(DOC_TEXT)
    if text is None:
        text = doc.user_data[DOC_TEXT] = doc.text
    return text


def _text_of(span: Span) -> str:
    return _doc_text(span.doc)[span.start_char:span.end_char]


DOC_TEXT = "kg.text"


def _roles_before(doc: Doc, start: int, demonym: Callable[[str], bool] = lambda _: False) -> list[str]:
    """Title words right before a name: 'Russian President', 'Deputy Prime Minister'."""
    i = start
    while i > 0 and (doc[i - 1].lower_ in lx.TITLE_WORDS or doc[i - 1].ent_type_ == "NORP"
                     # "Kazakh" tagged ORG before "President"
                     or i < start and doc[i].lower_ in lx.TITLE_WORDS and demonym(doc[i - 1].text)
                     or doc[i - 1].ent_type_ == "GPE" and doc[i - 1].tag_ in ("NNP", "JJ")
                     and i - 1 > 0 and doc[i].lower_ in lx.TITLE_WORDS) and start - i < 6:
        i -= 1
    if i > 1 and i < start and doc[i - 1].tag_ == "POS" and (doc[i - 2].ent_type_ == "GPE" or doc[i - 2].tag_ == "NNP"):
        i -= 2  # "Azerbaijan's President": the country is part of the role
    words = [t.text for t in doc[i:start] if t.lower_ not in ("the", "his", "her", "of") or t.i > i]
    if i < start and doc[i + 1].tag_ == "POS":
        words[:2] = [words[0] + words[1]]
    while words and words[0].lower() in ("the", "of", "his", "her"):
        words.pop(0)
    if any(w.lower() in lx.ROLE_HEADS for w in words):
        return [" ".join(words).replace("then-", "")]
    return []


def _is_reporter(doc: Doc, start: int, end: int) -> bool:
    """Bylines and credits: "CNN's Steve Harrigan reports", "reporting by Jane Doe"."""
    before = doc[max(0, start - 3):start].text.lower()
    after = doc[end:end + 2]
    if re.search(r"\b(?:reporting|writing|editing|photo|photos|photograph|video|compiled) by\s*$"
                 r"|\b(?:reporter|correspondent|photographer|writer|journalist)\s*$", before):
        return True
    if _credits_the_report(doc[end - 1]):
        return True
    possessive_org = start >= 2 and doc[start - 1].tag_ == "POS" and doc[start - 2].ent_type_ == "ORG"
    return possessive_org and any(t.lemma_ in lx.REPORTING_VERBS for t in after)


def _credits_the_report(name: Token) -> bool:
    """'X contributed to this report', 'X wrote this story': the subject of a reporting verb
    whose object is the article itself."""
    verb = name.head
    if name.dep_ != "nsubj" or verb.lemma_.lower() not in lx.REPORTING_VERBS:
        return False
    return any(t.lower_ in ("report", "story", "article", "dispatch") and any(c.lower_ == "this" for c in t.children)
               for t in verb.subtree if t.i > verb.i)


def _person_spans(doc: Doc, places: "PlaceIndex") -> list[Mention]:
    """Every mention of a named person: PERSON entities; names after a role title or a
    country's possessive ("Brazil's Luiz Inácio Lula da Silva") whatever spaCy tagged them;
    other entities that carry a surname spaCy tags as a person elsewhere in the article;
    speakers of 'said'."""
    mentions: list[Mention] = []
    taken: set[int] = set()

    def add(start: int, end: int, check_place: bool) -> None:
        start, end = _clean_person_span(doc, _extend_name_left(doc, start), _extend_name(doc, end))
        while end - start > 2 and doc[start - 1].lower_ in ("to", "of") and places.is_country(doc[start].text):
            start += 1  # "Ambassador to Uzbekistan Yerlan Kubashev" tagged as one name
        start = _keep_name_title(doc, start, end)
        if start >= end or taken.intersection(range(start, end)) or _is_reporter(doc, start, end) \
                or _not_a_person_context(doc, start, end):
            return
        if _facility_extent(doc, start, end) > end:
            return  # "Nur Khan air base": the name of a place
        text = _span_text(doc, start, end)
        plausible = _plausible_person(text, places, _after_role(doc, start))
        if plausible and not (check_place and places.is_place_text(text)):
            nation = places.token_place.get(start - 2, doc[start - 2].text) \
                if _after_country_possessive(doc, start, places) else None
            roles = _roles_before(doc, start, places.is_demonym)
            mentions.append(Mention(start, end, text, start, roles, nation=nation))
            taken.update(range(start, end))

    mentions += _honorific_names(doc, taken)
    for ent in doc.ents:
        # "Ho Chi Minh" is also a city's name, but not after "President".
        if ent.label_ == "PERSON" and (_after_role(doc, ent.start) or not places.is_major_place(ent.text)):
            add(ent.start, ent.end, check_place=False)
    surnames = {doc[m.end - 1].lower_ for m in mentions}
    for ent in doc.ents:
        if ent.label_ not in ("ORG", "FAC", "GPE", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW") \
                or {t.lower_ for t in ent} & GEO_WORDS:
            continue
        start = ent.start + 1 if doc[ent.start].lower_ == "the" else ent.start
        after_possessive = _after_country_possessive(doc, start, places)
        named_elsewhere = doc[ent.end - 1].lower_ in surnames and ent.end - start > 1
        # "Moussa Faki Mahamat, chairperson of the Commission", "Ukraine's prime minister, Denys
        # Shmyhal": a role in apposition.
        role_appos = ent.end - start > 1 and not {t.lower_ for t in ent} & lx.ORG_WORDS and (
            any(c.dep_ == "appos" and c.lemma_.lower() in lx.ROLE_HEADS for c in ent.root.children)
            or ent.root.dep_ == "appos" and ent.root.head.lemma_.lower() in lx.ROLE_HEADS)
        if (after_possessive and ent.end - start > 1 or named_elsewhere or role_appos or _after_role(doc, start)) \
                and all(_name_like(t) or t.text == "-" for t in doc[start:ent.end]):
            add(start, ent.end, check_place=True)
    # Names after a title that spaCy did not tag at all.
    for tok in _tokens_among(doc, ROLE_HEAD_IDS):
        if (tok.lower_ in lx.ROLE_HEADS or tok.lower_ in lx.STYLES) and tok.text[:1].isupper() and tok.i + 1 < len(doc):
            start = end = _past_role_complement(doc, tok.i + 1, places)
            while end < len(doc) and end - start < 4 and _name_like(doc[end]) and doc[end].pos_ == "PROPN" \
                    and doc[end].lower_ not in lx.TITLE_WORDS:
                end += 1
            if end > start:
                add(start, end, check_place=True)
    # Names after a country's possessive that spaCy did not tag ("Ivory Coast's Alassane Ouattara").
    for i in np.flatnonzero(doc.to_array(TAG) == np.uint64(get_string_id("POS"))):
        tok = doc[int(i)]
        if _after_country_possessive(doc, tok.i + 1, places):
            end = tok.i + 1
            while end < len(doc) and end - tok.i <= 4 and not doc[end].ent_type_ and doc[end].pos_ == "PROPN" \
                    and _name_like(doc[end]):
                end += 1
            if end - tok.i > 2:
                add(tok.i + 1, end, check_place=True)
    mentions += _speaker_names(doc, places, taken)
    mentions += _coordinated_names(doc, places, taken, mentions)
    _name_spouses(doc, mentions)
    return sorted(mentions, key=lambda m: m.start)


SPOUSE_WORDS = {"wife", "husband", "spouse"}


def _past_role_complement(doc: Doc, i: int, places: "PlaceIndex") -> int:
    """Where a name starts after a title's complement ("Ambassador to China Igor Morgulov",
    "Minister of Foreign Affairs Wang Yi"): past the preposition and the capitalised place or
    title words that follow it; i itself when there is none."""
    if i + 1 >= len(doc) or doc[i].lower_ not in ("to", "of", "for"):
        return i
    j = i + 1
    while j < len(doc) and j - i <= 5 and doc[j].text[:1].isupper() \
            and (doc[j].ent_type_ in ("GPE", "LOC") or doc[j].lower_ in lx.TITLE_WORDS
                 or places.is_country(doc[j].text)):
        j += 1
    return j if j > i + 1 and j < len(doc) and doc[j].pos_ == "PROPN" else i


def _name_spouses(doc: Doc, mentions: list[Mention]) -> None:
    """'Kishida and his wife Yuko': a spouse's given name alone takes the family name of the
    person just named ("Yuko Kishida")."""
    by_end = {m.end: m for m in mentions}
    for m in mentions:
        s = m.start
        if m.end - s != 1 or s < 4 or doc[s - 1].lower_ not in SPOUSE_WORDS or doc[s - 2].lower_ not in ("his", "her") \
                or doc[s - 3].lower_ != "and" or s - 3 not in by_end:
            continue
        family = by_end[s - 3].text.split()[-1]
        if family != m.text:
            m.text, m.spouse = f"{m.text} {family}", True


GEO_WORDS = {"east", "west", "north", "south", "far", "middle", "central", "eastern", "western", "northern",
             "southern", "upper", "lower", "valley", "coast", "island", "islands", "peninsula", "sea", "gulf",
             "republic", "kingdom", "state", "states", "city", "province", "region"}


def _after_role(doc: Doc, start: int) -> bool:
    """'President X', 'Leader of the Opposition X': a capitalised role among the title words before."""
    i = start - 1
    while i >= 0 and start - i <= 5 and doc[i].lower_ in lx.TITLE_WORDS:
        if doc[i].lower_ in lx.ROLE_HEADS and doc[i].text[:1].isupper():
            return True
        i -= 1
    return False


def _after_country_possessive(doc: Doc, start: int, places: "PlaceIndex") -> bool:
    """'Ghana's X', 'Sierra Leone's X': a name after a country's (or a nationality's) possessive."""
    if start < 2 or doc[start - 1].tag_ != "POS":
        return False
    owner = doc[start - 2]
    geo = places.geo_of(places.token_place.get(owner.i))
    return owner.ent_type_ in ("GPE", "NORP") or places.is_country(owner.text) \
        or geo is not None and geo.kind == PlaceKind.COUNTRY


PLACE_OF = re.compile(r"\b(?:city|town|village|port|capital|province|region|island|district|state|county) of\s*$")


def _not_a_person_context(doc: Doc, start: int, end: int) -> bool:
    """Where a capitalised name is not a person's: after an article ("the 'Order of X'", "the
    Sahel", but "the Trump administration" is a person's name used as a modifier), after "the
    province of", or before a title ("Tamil Nadu Chief Minister X")."""
    i = start - 1
    while i >= 0 and doc[i].is_quote:
        i -= 1
    # "the Sri Lanka Mitra Vibhushana": an article before a place name before the name
    while i >= 0 and start - i <= 3 and doc[i].is_title and doc[i].pos_ == "PROPN" and doc[i].lower_ not in lx.TITLE_WORDS:
        i -= 1
    modifier = end < len(doc) and doc[end].is_lower and doc[end].pos_ == "NOUN"
    if i >= 0 and doc[i].lower_ == "the" and not modifier:
        return True
    if PLACE_OF.search(doc[max(0, start - 3):start].text.lower()):
        return True
    return _title_follows(doc, end)


def _title_follows(doc: Doc, end: int) -> bool:
    """'X Chief Minister', 'X President': capitalised title words ending in a role right after."""
    i = end
    while i < len(doc) and i - end < 3 and doc[i].text[:1].isupper() and doc[i].lower_ in lx.TITLE_WORDS:
        if doc[i].lower_ in lx.ROLE_HEADS:
            return True
        i += 1
    return False


def _honorific_end(doc: Doc, i: int) -> int:
    """The end of a run of honorifics of address starting at token i ("Datuk Seri Dr", "Tan Sri",
    "Alhaji"), or i when none starts there; a run of only "Dr" or "Prof." is left to the titles."""
    j, special = i, False
    while j < len(doc) and doc[j].text[:1].isupper():
        word = doc[j].lower_
        if j + 1 < len(doc) and (word, doc[j + 1].lower_) in lx.HONORIFIC_PAIRS:
            j, special = j + 2, True
        elif word in lx.NAME_HONORIFICS and not (word == "tun" and doc[j + 1:j + 2].text.lower() == "tun"):
            j, special = j + 1, special or word not in lx.HONORIFICS
        elif j > i and word in lx.HONORIFIC_SECONDS:
            j += 1
        else:
            break
    return j if special else i


def _name_prefix(tok: Token) -> bool:
    """A name word before honorifics ("Tengku" in "Tengku Datuk Seri Zafrul")."""
    return tok.pos_ == "PROPN" and tok.text[:1].isupper() and _name_like(tok) and tok.lower_ not in lx.TITLE_WORDS \
        and tok.ent_type_ not in ("GPE", "ORG", "NORP", "LOC", "FAC")


def _honorific_names(doc: Doc, taken: set[int]) -> list[Mention]:
    """Names that carry honorifics of address, which spaCy splits into odd entities ("Tengku
    Datuk" + "Seri Zafrul Tengku" + "Abdul Aziz"): the honorifics stay out of the name, but a
    name word before them is kept ("Tengku")."""
    found = []
    for tok in _tokens_among(doc, HONORIFIC_IDS):
        if tok.i in taken or (run_end := _honorific_end(doc, tok.i)) == tok.i:
            continue
        end = run_end
        while end < len(doc) and end - run_end < 6 and doc[end].lower_ not in lx.TITLE_WORDS \
                and (_name_like(doc[end]) and doc[end].text[:1].isupper() or doc[end].lower_ in lx.NAME_PARTICLES):
            end += 1
        while end > run_end and doc[end - 1].lower_ in lx.NAME_PARTICLES:
            end -= 1
        start = tok.i
        while start > 0 and tok.i - start < 2 and _name_prefix(doc[start - 1]):
            start -= 1
        words = [t.text for t in doc[start:tok.i]] + [t.text for t in doc[run_end:end]]
        if end - run_end < 1 or len(words) < 2 or taken.intersection(range(start, end)):
            continue
        found.append(Mention(start, end, " ".join(words), start, _roles_before(doc, start)))
        taken.update(range(start, end))
    return found


def _extend_name_left(doc: Doc, start: int) -> int:
    """Given names spaCy left out: 'Kirti' before the entity 'Vardhan Singh'."""
    while start > 0:
        prev = doc[start - 1]
        if prev.pos_ == "PROPN" and _name_like(prev) and prev.dep_ == "compound" and prev.head.i >= start \
                and not prev.ent_type_ and prev.lower_ not in lx.TITLE_WORDS and prev.lower_ not in lx.HONORIFICS:
            start -= 1
        else:
            break
    return start


def _keep_name_title(doc: Doc, start: int, end: int) -> int:
    """'Sheikh Hasina': a title word that is part of the name when the name has no other words."""
    if end - start == 1 and start > 0 and doc[start - 1].lower_ in lx.NAME_TITLES \
            and (doc[start - 1].ent_type_ == "PERSON" or doc[start - 1].is_title):
        return start - 1
    return start


SPEECH_VERBS = {"say", "tell", "add", "state", "announce", "note", "stress", "insist", "warn", "urge",
                "write", "declare", "explain", "argue", "recall", "acknowledge"}


def _coordinated_names(doc: Doc, places: "PlaceIndex", taken: set[int], mentions: list[Mention]) -> list[Mention]:
    """Names spaCy did not tag, joined by 'and' to a person's name ("Vladimir Medinsky and
    Rustem Umerov met"): two or three capitalised proper nouns that name no place."""
    found = []
    for m in mentions:
        head = doc[m.end - 1]
        for conj in head.conjuncts:
            if conj.i in taken or conj.ent_type_ not in ("", "ORG") or conj.pos_ != "PROPN":
                continue  # untagged, or tagged an organisation as names often are
            start = conj.i
            while start - 1 > head.i and doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ == "PROPN" \
                    and doc[start - 1].ent_type_ == conj.ent_type_:
                start -= 1
            if {t.lower_ for t in doc[start:conj.i + 1]} & lx.ORG_WORDS:
                continue
            text = _span_text(doc, start, conj.i + 1)
            if 2 <= conj.i + 1 - start <= 3 \
                    and all(_name_like(t) and t.lower_ not in lx.TITLE_WORDS for t in doc[start:conj.i + 1]) \
                    and not places.is_place_text(text) and _plausible_person(text, places):
                found.append(Mention(start, conj.i + 1, text, start, _roles_before(doc, start)))
                taken.update(range(start, conj.i + 1))
    return found


def _speaker_names(doc: Doc, places: "PlaceIndex", taken: set[int]) -> list[Mention]:
    """Names spaCy did not tag at all, found as the speaker of 'said'/'told': two to four
    capitalised proper nouns ("Tran Van Nam said ...")."""
    found = []
    for tok in _proper_nouns(doc, dep="nsubj"):
        if tok.head.lemma_.lower() not in SPEECH_VERBS:
            continue
        start = tok.i
        while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ == "PROPN" and tok.i - start < 3:
            start -= 1
        start, end = _clean_person_span(doc, start, tok.i + 1)
        span = doc[start:end]
        if end - start < 2 or taken.intersection(range(start, end)) or any(t.ent_type_ for t in span):
            continue
        text = _span_text(doc, start, end)
        if _plausible_person(text, places) and not places.is_place_text(text):
            found.append(Mention(start, end, text, start, _roles_before(doc, start)))
            taken.update(range(start, end))
    return found


def _extend_name(doc: Doc, end: int) -> int:
    """Grow a name span over what spaCy left outside it: particles and hyphenated family names
    ("Ursula von der Leyen", "Abdel Fattah el-Sisi") and the head a name's words hang on
    ("Samia Suluhu" + "Hassan")."""
    while end < len(doc):
        nxt = doc[end]
        if nxt.lower_ in lx.NAME_PARTICLES and end + 1 < len(doc) and (
                doc[end + 1].text[:1].isupper() or doc[end + 1].text == "-" and not nxt.whitespace_):
            end += 1
            continue
        if nxt.text == "-" and not nxt.whitespace_ and end + 1 < len(doc) and doc[end - 1].lower_ in lx.NAME_PARTICLES:
            end += 1
            continue
        last = doc[end - 1]
        joined = last.lower_ in lx.NAME_PARTICLES or last.text == "-"
        head_of_name = last.dep_ == "compound" and last.head.i == end
        if nxt.pos_ == "PROPN" and _name_like(nxt) and (joined or head_of_name) and nxt.lower_ not in lx.TITLE_WORDS:
            end += 1
            continue
        break
    return end


def _name_word(word: str) -> bool:
    if not NAME_TOKEN.match(word):
        return False
    return word[0].isupper() or "-" in word and word.split("-", 1)[1][:1].isupper()


def _plausible_person(text: str, places: "PlaceIndex", after_role: bool = False) -> bool:
    words = text.split()
    if not words or any(ch.isdigit() for ch in text) or len(text) < 2:
        return False
    if any(w.lower() in lx.ORG_WORDS for w in words) or words[-1].lower() in lx.FACILITY_HEADS | lx.NON_NAME_HEADS \
            or words[0].lower() in lx.FACILITY_HEADS and not after_role:
        return False  # "Rashtrapati Bhavan", "Schloss Meseberg", "Basic Law"; "Minister Park Jin" is a name
    if not all(_name_word(w) or w.lower() in lx.NAME_PARTICLES for w in words):
        return False
    if text.isupper() and len(text) > 4:
        return False
    if places.is_demonym(text):
        return False  # "Sri Lankan"
    # "Yonhap Seoul": two words ending in a big city or a country are a source line, not a person
    # (a longer name may end in one: "Vuong Dinh Hue").
    return not (len(words) == 2 and places.is_major_place(words[-1]))


def _norm_name(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


@lru_cache(maxsize=65536)
def _name_key_tokens(text: str) -> tuple[str, ...]:
    """The normalised words of a name ("Moon Jae-in" -> moon, jae, in); cached, names repeat."""
    return tuple(k for t in re.split(r"[\s-]+", text) if (k := _norm_name(t)))


def _edit_distance_le1(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    if len(a) > len(b):
        a, b = b, a
    i = j = diff = 0
    while i < len(a) and j < len(b):
        if a[i] != b[j]:
            diff += 1
            if diff > 1:
                return False
            if len(a) == len(b):
                i += 1
            j += 1
        else:
            i += 1
            j += 1
    return diff + (len(b) - j) + (len(a) - i) <= 1


class NameClusters:
    """Within-article coreference of person names: full names, their spelling variants, and
    short forms ("Moon", "Mr. Moon", "Ruto") joined to the most mentioned matching full name."""

    def __init__(self, mentions: list[Mention]):
        self.full: dict[str, str] = {}          # normalised full name -> canonical surface form
        self.counts: Counter[str] = Counter()   # canonical -> number of mentions
        self.aliases: dict[str, set[str]] = defaultdict(set)
        self.roles: dict[str, set[str]] = defaultdict(set)
        self.nations: dict[str, set[str]] = defaultdict(set)  # countries named before the name
        self.sentences: dict[str, list[int]] = defaultdict(list)
        self.token_person: dict[int, str] = {}
        self.spouses = {m.text for m in mentions if m.spouse}
        self._cluster_full(mentions)
        self._assign(mentions)

    def _cluster_full(self, mentions: list[Mention]) -> None:
        forms: Counter[str] = Counter(m.text for m in mentions if len(_name_key_tokens(m.text)) > 1)
        keys: dict[str, str] = {}
        # Names written with spaces first, longest first, then the most frequent spelling, so that
        # the full name becomes the canonical form of its variants; then one-word hyphenated
        # forms ("Akufo-Addo"), which may be a variant or two people ("Hasina-Modi talks").
        ordered = sorted(forms.items(), key=lambda kv: (" " not in kv[0], -len(_name_key_tokens(kv[0])), -kv[1],
                                                        -len(kv[0]), kv[0]))
        for text, _ in ordered:
            key = "".join(_name_key_tokens(text))
            if " " not in text and self._pair_of(text, keys):
                continue
            keys[key] = self._variant_of(text, key, keys) or text
        self.full = keys
        # One-word names after a title that no longer name stands for ("Foreign Minister
        # Sugiono"): many Indonesians, and some others, go by one name.
        for m in mentions:
            tokens = _name_key_tokens(m.text)
            if len(tokens) == 1 and m.roles and len(tokens[0]) >= 5 and "-" not in m.text and m.text[:1].isupper() \
                    and tokens[0] not in keys and not any(tokens[0] in _name_key_tokens(c) for c in keys.values()):
                title = m.roles[-1].split()[-1]
                # "Pope Francis", "Queen Maxima": a reigning name is written with its title
                keys[tokens[0]] = f"{title.capitalize()} {m.text}" if title.lower() in lx.REIGN_TITLES else m.text

    @staticmethod
    def _pair_of(text: str, known: dict[str, str]) -> tuple[str, str] | None:
        """'Hasina-Modi': two people's names joined by a hyphen, each the end of a known name."""
        parts = [_norm_name(p) for p in text.split("-")]
        if len(parts) != 2 or min(len(p) for p in parts) < 2:
            return None
        owners = []
        for part in parts:
            matches = {c for c in known.values() if " " in c and part in (_name_key_tokens(c)[0], _name_key_tokens(c)[-1])}
            if len(matches) != 1:
                return None
            owners.append(matches.pop())
        return (owners[0], owners[1]) if owners[0] != owners[1] else None

    def _variant_of(self, text: str, key: str, known: dict[str, str]) -> str | None:
        if key in known:
            return known[key]
        tokens = _name_key_tokens(text)
        for other_key, canonical in known.items():
            other = _name_key_tokens(canonical)
            # A typo of a longer, more frequent name ("Cyrill Ramaphosa"): one edit, same token count.
            if len(key) >= 9 and len(tokens) == len(other) and _edit_distance_le1(key, other_key):
                return canonical
            # "Bola Tinubu" in "Bola Ahmed Tinubu", "Joe Biden" in "Joe R. Biden": same first
            # and last word, fewer middle words.
            if len(tokens) >= 2 and len(other) >= 2 and len(other) != len(tokens) \
                    and tokens[0] == other[0] and tokens[-1] == other[-1]:
                return canonical
            # The family name(s) alone: "Akufo-Addo" of "Nana Akufo-Addo", "Lacalle Pou" of "Luis
            # Lacalle Pou", "Lula da Silva" of "Luiz Inácio Lula da Silva".
            if len(other) > len(tokens) and other[-len(tokens):] == tokens:
                return canonical
            # A title kept with a given name: "Sheikh Mohamed" of "Mohamed bin Zayed Al Nahyan".
            if len(tokens) == 2 and tokens[0] in lx.NAME_TITLES and len(other) > 2 and tokens[1] == other[0]:
                return canonical
        return None

    def canonical_for(self, text: str) -> str | None:
        tokens = _name_key_tokens(text)
        if not tokens:
            return None
        key = "".join(tokens)
        if key in self.full:
            return self.full[key]
        if len(tokens) == 1:
            return self._short_form(tokens[0])
        return None

    def _short_form(self, token: str) -> str | None:
        """The full name a one-word mention stands for: the most mentioned full name whose first
        or last word it is (family names come first in Korean or Chinese names)."""
        if token in self._short_forms:
            return self._short_forms[token]  # asked for every capitalised word: answer each once
        found = self._find_short_form(token)
        self._short_forms[token] = found
        return found

    def _find_short_form(self, token: str) -> str | None:
        ends = {c for c in set(self.full.values()) - self.spouses
                if token in (_name_key_tokens(c)[0], _name_key_tokens(c)[-1])}
        # A middle name used alone ("Lula" of "Luiz Inacio Lula da Silva"), when no name ends in it.
        candidates = ends or {c for c in set(self.full.values())
                              if len(token) > 3 and token in _name_key_tokens(c)[1:-1]}
        if not candidates:
            return None
        return max(candidates, key=lambda c: (self._full_counts.get(c, 0), -len(c)))

    def _assign(self, mentions: list[Mention]) -> None:
        self._full_counts: Counter[str] = Counter()
        for m in mentions:
            key = "".join(_name_key_tokens(m.text))
            if key in self.full:
                self._full_counts[self.full[key]] += 1
        self._short_forms: dict[str, str | None] = {}  # the names and counts are final from here
        for m in mentions:
            pair = self._pair_of(m.text, self.full) if " " not in m.text else None
            if pair:
                self._assign_pair(m, pair)
                continue
            canonical = self.canonical_for(m.text)
            if canonical is None:
                continue
            self.counts[canonical] += 1
            self.aliases[canonical].add(m.text)
            self.roles[canonical].update(m.roles)
            if m.nation:
                self.nations[canonical].add(m.nation)
            self.sentences[canonical].append(m.sent)
            for i in range(m.start, m.end):
                self.token_person[i] = canonical

    def _assign_pair(self, m: Mention, pair: tuple[str, str]) -> None:
        """Each half of 'Hasina-Modi' names its own person."""
        split = m.start + max(1, (m.end - m.start) // 2)  # "Hasina" | "-", "Modi"
        for person, (start, end) in zip(pair, ((m.start, split), (split, m.end))):
            self.counts[person] += 1
            self.sentences[person].append(m.sent)
            for i in range(start, end):
                self.token_person[i] = person

    def person_for_token(self, tok: Token) -> str | None:
        """The person a token names: inside a name mention, or a bare surname anywhere
        ("Modi-Xi meeting", "Ruto" mis-tagged as a place, "the Kishidas")."""
        if tok.i in self.token_person:
            return self.token_person[tok.i]
        if tok.text[:1].isupper() and tok.pos_ in ("PROPN", "NOUN", "ADJ", "VERB") and len(tok.text) > 2 \
                and "." not in tok.text:  # "U.N." is no short form of a name ending "-un"
            key = _norm_name(tok.text)
            if not key:
                return None
            found = self._short_form(key)
            if found is None and key.endswith("s") and tok.i > 0 and tok.doc[tok.i - 1].lower_ == "the":
                found = self._short_form(key[:-1])
            return found
        return None


# --------------------------------------------------------------------------------------------
# Places
# --------------------------------------------------------------------------------------------

class PlaceIndex:
    """Named places of one article: canonical name per token, kinds, gazetteer matches."""

    def __init__(self, gazetteer: PlaceLookup):
        self.gazetteer = gazetteer
        self.token_place: dict[int, str] = {}
        self.facts: dict[str, PlaceFact] = {}
        self.context: set[str] = set()
        self.dateline_token: int | None = None  # first token of the dateline's place ("ANKARA —")

    def geo_of(self, name: str | None) -> GeoMatch | None:
        fact = self.facts.get(name or "")
        return fact.geo if fact else None

    def is_place_text(self, text: str) -> bool:
        return self.gazetteer.lookup(text) is not None or text.lower() in lx.HISTORICAL_COUNTRIES

    def is_country(self, text: str) -> bool:
        geo = self.gazetteer.lookup(text)
        return geo is not None and geo.kind == PlaceKind.COUNTRY

    def is_demonym(self, text: str) -> bool:
        """'Sri Lankan', 'Kazakh': a nationality's name, which is not a place (nor a person)."""
        return self.gazetteer.country_for_name(text) is not None and not self.is_country(text)

    def is_major_place(self, text: str) -> bool:
        geo = self.gazetteer.lookup(text)
        return geo is not None and (geo.kind == PlaceKind.COUNTRY or geo.population >= 500_000)

    def drop_names(self, names: "NameClusters") -> None:
        """Entities tagged as places that are the article's person names ("Ruto" as GPE,
        "Luiz Inácio Lula" as FAC inside a person mention)."""
        inside_person = {n for i, n in self.token_place.items() if i in names.token_person}
        for name in list(self.facts):
            geo = self.geo_of(name)
            if geo and geo.kind == PlaceKind.COUNTRY:
                continue
            if names.canonical_for(name) is not None or name in inside_person:
                del self.facts[name]
                for i in [i for i, n in self.token_place.items() if n == name]:
                    del self.token_place[i]

    def merge_venue_names(self) -> None:
        """'Meseberg Palace', 'Schloss Meseberg' and a bare 'Meseberg' in one article are one venue:
        a name that is a site's name without its facility word joins the site, unless it is a
        town of some size in its own right ("Beijing" is not "the Beijing Hotel")."""
        sites = {name: fact for name, fact in self.facts.items() if fact.kind == PlaceKind.SITE}
        for site, fact in sites.items():
            words = site.split()
            if len(words) < 2 or site not in self.facts:  # already merged into another form
                continue
            if words[-1].lower() in lx.FACILITY_HEADS:
                core = " ".join(words[:-1])
            elif words[0].lower() in lx.FACILITY_HEADS:
                core = " ".join(words[1:])
            else:
                continue
            for other in [n for n in self.facts if n != site and self._venue_form(n, core)]:
                self._merge_into(other, site)

    def merge_short_country_names(self) -> None:
        """'Congo' beside 'Democratic Republic of Congo': a name the gazetteer leaves unresolved
        (ambiguous) that ends exactly one country the article names is that country's short form."""
        countries = [n for n, f in self.facts.items() if f.geo and f.geo.kind == PlaceKind.COUNTRY]
        for name in [n for n, f in self.facts.items() if f.geo is None and " " not in n]:
            owners = {self.facts[c].geo.geonames_id: c for c in countries if c.split()[-1] == name and c != name}
            if len(owners) == 1:
                self._merge_into(name, next(iter(owners.values())))

    def _venue_form(self, name: str, core: str) -> bool:
        first, *rest = name.split()
        *init, last = name.split()
        head_first = " ".join(rest) == core and first.lower() in lx.FACILITY_HEADS  # "Schloss X"
        head_last = " ".join(init) == core and last.lower() in lx.FACILITY_HEADS and last == last.capitalize()
        if name != core and not head_first and not head_last:
            return False
        geo = self.facts[name].geo
        return geo is None or geo.kind != PlaceKind.COUNTRY and geo.population < VENUE_TOWN_POPULATION

    def _merge_into(self, other: str, site: str) -> None:
        fact, into = self.facts.pop(other), self.facts[site]
        into.aliases |= fact.aliases | {other}
        into.sentences = sorted(set(into.sentences) | set(fact.sentences))
        for i, name in list(self.token_place.items()):
            if name == other:
                self.token_place[i] = site

    def add(self, doc: Doc, start: int, end: int, name: str, kind: PlaceKind, sent: int,
            geo: GeoMatch | None, surface: str) -> None:
        fact = self.facts.get(name)
        if fact is None:
            fact = self.facts[name] = PlaceFact(name=name, kind=kind)
        if surface != name:
            fact.aliases.add(surface)
        fact.sentences.append(sent)
        if geo:
            fact.geo = fact.geo or geo
        for i in range(start, end):
            self.token_place[i] = name

    def capital_of(self, iso: str) -> str | None:
        """The article's name for the capital of country `iso`, if the article names it."""
        for name in self.facts:
            geo = self.geo_of(name)
            if geo and geo.kind == PlaceKind.CITY and geo.country_code == iso and self.gazetteer.is_capital(geo):
                return name
        return None

    def specificity(self, name: str) -> int:
        kind = self.facts[name].kind
        return {PlaceKind.SITE: 4, PlaceKind.CITY: 3, PlaceKind.REGION: 2, PlaceKind.WATER: 1,
                PlaceKind.OTHER: 1, PlaceKind.COUNTRY: 1}[kind]


ARTICLE_TOPIC_SCORE = 2
COUNTRY_CACHE_SIZE = 200_000
UNTAGGED_CITY_POPULATION = 100_000
METONYM_CITY_POPULATION = 1_000_000  # a city named for its government ("accuses Kigali") must be big
CITY_DISTRICT_KM = 15  # a smaller "city" this close to a bigger one is one of its districts
VENUE_TOWN_POPULATION = 50_000
PLACE_LABELS = {"GPE", "LOC", "FAC"}
DIRECTIONS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
              "the north", "the south", "the east", "the west", "west", "center", "centre"}
DATELINE_SENTENCES = 8
BYLINE_TOKENS = 15
MONTH_PREFIXES = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
DATELINE_MARKS = {",", "-", "—", "–", "--", "("}
DISTAL_PREPS = {"outside", "near", "beyond", "off", "from", "north", "south", "east", "west"}
LOCATIVE_PREPS = {"in", "at", "to", "from", "near", "via", "into", "outside", "inside", "across"}


def _dateline_spans(doc: Doc, sents: list[Span]) -> Iterator[tuple[int, int]]:
    """Upper-case words opening one of the first sentences and followed by a dateline mark
    ("ANKARA —", "NEW DELHI, June 21 (Reuters) -"): where a dateline's town may stand."""
    for sent in sents[:DATELINE_SENTENCES]:
        end = sent.start
        while end < sent.end and doc[end].is_alpha and doc[end].is_upper and end - sent.start < 3:
            end += 1
        if end > sent.start and end < len(doc) and (doc[end].text in DATELINE_MARKS or doc[end].is_space
                                                     and "\n" in doc[end].text):
            yield sent.start, end  # "ANKARA —", or a town in capitals on a line of its own
            continue
        end = sent.start
        while end < sent.end and doc[end].is_title and end - sent.start < 3:
            end += 1
        if end > sent.start and end + 2 < len(doc) and doc[end].text == "," \
                and doc[end + 1].lower_.rstrip(".")[:3] in MONTH_PREFIXES and doc[end + 2].like_num:
            yield sent.start, end  # "Tegucigalpa, Apr 9 (EFE).-": a town and a date in title case


def _byline_town(doc: Doc, sents: list[Span], token_place: dict[int, str]) -> int | None:
    """'By Pacific affairs reporter X in Nuku'alofa' on a line of its own: where the story was
    filed, when no dateline says it."""
    first = sents[:DATELINE_SENTENCES]
    for tok in doc[:first[-1].end if first else 0]:
        if tok.text != "By" or tok.i > 0 and "\n" not in doc[tok.i - 1].text_with_ws:
            continue
        for t in doc[tok.i + 1:tok.i + BYLINE_TOKENS]:
            if "\n" in t.text_with_ws:
                break
            if t.lower_ == "in" and t.i + 1 in token_place:
                return t.i + 1
    return None


def _strip_place_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct
                           or not doc[start].text[:1].isupper() and doc[start].text not in ("-",)):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct or doc[end - 1].text in ("'s", "’s")):
        end -= 1
    return start, end


def _historical(text: str) -> str | None:
    """The former country a phrase names ("the Communist Soviet Union" -> "Soviet Union")."""
    found = HISTORICAL_NAME.search(text.lower())
    return text[found.start():found.end()] if found else None


HISTORICAL_NAME = re.compile(r"\b(?:%s)\b" % "|".join(
    re.escape(name) for name in sorted(lx.HISTORICAL_COUNTRIES, key=len, reverse=True)))


def _kind_for(label: str, text: str, geo: GeoMatch | None) -> PlaceKind:
    if geo:
        return geo.kind
    words = {w.lower() for w in text.split()}
    if words & lx.WATER_WORDS:
        return PlaceKind.WATER
    if label == "CITY":
        return PlaceKind.CITY
    if label == "FAC" or words & lx.FACILITY_HEADS or text.split()[0].lower() in ("mount", "mt.", "mt"):
        return PlaceKind.SITE
    if _historical(text) == text:
        return PlaceKind.COUNTRY
    return PlaceKind.REGION if label in ("LOC", "GPE") else PlaceKind.OTHER


def _place_name(text: str, geo: GeoMatch | None) -> str:
    """The name as the article writes it ("St Louis", "Brandenburg"), except abbreviations
    and codes, which take the gazetteer's name ("U.S." -> "United States"); ALL-CAPS datelines
    become title case."""
    abbreviation = "." in text or (text.isupper() and len(text) <= 4)
    if geo and abbreviation:
        return geo.name
    if text.isupper() and len(text) > 3:
        # "DAR ES SALAAM": the gazetteer's spelling when it is the same name, else title case
        return geo.name if geo and geo.name.lower() == text.lower() else text.title()
    return text


def _place_appos(doc: Doc, start: int, end: int) -> bool:
    """'Katchatheevu, the islet in ...', 'at Akorda, the presidential residence': a name in
    apposition with a place noun."""
    root = doc[start:end].root
    nouns = lx.PLACE_NOUNS | lx.FACILITY_HEADS
    return any(c.dep_ == "appos" and c.lemma_.lower() in nouns and c.is_lower for c in root.children) \
        or root.dep_ == "appos" and root.head.lemma_.lower() in nouns and root.head.is_lower


def _facility_extent(doc: Doc, start: int, end: int) -> int:
    """End of a facility name that runs on past an entity: 'Victoria' + 'rail terminus',
    'Kariba' + 'hydro-electric power station', 'St Mary' + "'s Cathedral" (after a possessive
    only a capitalised head counts: "the president's residence" is not a name). `end` itself
    when no facility noun follows."""
    last_head = end
    possessive = end < len(doc) and doc[end].tag_ == "POS" and end + 1 < len(doc) and doc[end + 1].text[:1].isupper()
    for i in range(end + possessive, min(len(doc), end + 6)):
        tok = doc[i]
        hyphen = tok.text == "-" and not tok.whitespace_ and i > 0 and not doc[i - 1].whitespace_
        if not (hyphen or tok.is_alpha and tok.pos_ in ("NOUN", "PROPN", "ADJ") and tok.tag_ != "POS"):
            break
        if tok.lower_ in lx.FACILITY_HEADS and (not possessive or tok.text[:1].isupper()):
            last_head = i + 1
    return last_head


# --------------------------------------------------------------------------------------------
# The extractor
# --------------------------------------------------------------------------------------------

@dataclass
class MeetingMention:
    participants: set[str]
    trigger: Token
    sent: int
    place: str | None = None
    place_explicit: bool = False
    date: PartialDate | None = None
    date_explicit: bool = False
    status: Status = Status.HELD
    topics: set[str] = field(default_factory=set)
    more_sents: set[int] = field(default_factory=set)  # other sentences that state it
    gathering: bool = False                              # a summit of many, found as an event
    occasion: Token | None = None                        # "on the sidelines of the summit": its noun
    anchors: set[int] = field(default_factory=set)       # a gathering's nouns ("the summit", ...)
    ceremony: bool = False                               # a welcome only, not (yet) joined to talks
    meal: bool = False                                   # a banquet, lunch or dinner: a meeting of its own
    more_triggers: list[Token] = field(default_factory=list)  # triggers of the mentions merged into it

    @property
    def all_sents(self) -> set[int]:
        return {self.sent, *self.more_sents}


class Extractor:
    """Turns (Doc, Article) into ArticleFacts. Build once per process; call `extract` per article."""

    def __init__(self, topic_matcher: TopicMatcher, gazetteer: PlaceLookup):
        self.topics = topic_matcher
        self.gazetteer = gazetteer
        self._country_cache: dict[str, GeoMatch | None] = {}

    def extract(self, doc: Doc, article: Article) -> ArticleFacts:
        doc.user_data[DOC_TEXT] = article.text  # what spaCy parsed: Doc.text need not rebuild it
        sents = list(doc.sents)
        sent_of = {}
        for i, s in enumerate(sents):
            for t in range(s.start, s.end):
                sent_of[t] = i
        ref = dates.reference_date(article.published, article.text)
        places = self._places(doc, sents, sent_of)
        mentions = _person_spans(doc, places)
        for m in mentions:
            m.sent = sent_of[m.start]
        names = NameClusters(mentions)
        places.drop_names(names)
        places.merge_venue_names()
        places.merge_short_country_names()
        meetings = MeetingFinder(doc, sents, sent_of, names, places, ref, self.topics).find()
        article_topics = self._article_topics(doc, sents, meetings)
        persons = [PersonFact(name=c, aliases=names.aliases[c] - {c}, roles=names.roles[c],
                              sentences=sorted(set(names.sentences[c])))
                   for c in sorted(names.counts)]
        sentences = [Sentence(i, s.start_char, _text_of(s).strip()) for i, s in enumerate(sents)]
        return ArticleFacts(article=article, sentences=sentences, persons=persons,
                            places=[places.facts[n] for n in sorted(places.facts)], meetings=meetings,
                            topics=article_topics, reference_date=ref)

    # ---- places -------------------------------------------------------------------------

    def _places(self, doc: Doc, sents: list[Span], sent_of: dict[int, int]) -> PlaceIndex:
        index = PlaceIndex(self.gazetteer)
        candidates = []
        for ent in doc.ents:
            start, end = _strip_place_span(doc, ent.start, ent.end)
            if start >= end:
                continue
            text = _span_text(doc, start, end)
            label = ent.label_ if ent.label_ in PLACE_LABELS else self._disguised_place_label(doc, start, end, text, ent.label_)
            if label:
                candidates.extend(self._split_coordination(doc, start, end, label))
        candidates += self._untagged_places(doc, {i for s, e, _, _ in candidates for i in range(s, e)})
        candidates += self._countries(doc, {i for s, e, _, _ in candidates for i in range(s, e)})
        candidates += self._dateline(doc, sents, {i for s, e, _, _ in candidates for i in range(s, e)})
        # Context first (the countries the article names), then resolve every candidate with it.
        for start, end, label, text in candidates:
            code = self.gazetteer.country_for_name(text or _span_text(doc, start, end))
            if code:
                index.context.add(code)
        for start, end, label, text in candidates:
            self._add_place(doc, index, start, end, label, sent_of, text)
        index.dateline_token = next((start for start, _ in _dateline_spans(doc, sents) if start in index.token_place), None)
        if index.dateline_token is None:
            index.dateline_token = _byline_town(doc, sents, index.token_place)
        return index

    def _credible_place(self, doc: Doc, start: int, end: int, text: str, kind: PlaceKind, label: str) -> bool:
        """A name the gazetteer does not know must look like a place: no organisation word
        ("Franco-German Council"), and a one-word name must stand where places stand ("in X",
        "the region of X", a dateline), not where organisations do ("Hamas attack", "the EU")."""
        words = [w.lower() for w in text.split()]
        if _historical(text):
            return True
        if set(words) & lx.ORG_WORDS and kind != PlaceKind.SITE or words[-1] in lx.EVENT_WORDS:
            return False
        if len(words) > 1 or kind in (PlaceKind.SITE, PlaceKind.WATER) or label == "LOC":
            return not (text.isupper() and len(text) <= 5)
        last = doc[end - 1]
        before = doc[max(0, start - 3):start].text.lower()
        after = doc[end].lower_ if end < len(doc) else ""
        return last.dep_ == "pobj" and last.head.lower_ in LOCATIVE_PREPS | {"of"} and not text.isupper() \
            or bool(re.search(r"\b(?:region|province|state|city|town|village|republic|island) of\s*$", before)) \
            or after in lx.REGION_SUFFIXES or _place_appos(doc, start, end) \
            or start == doc[start].sent.start and end < len(doc) and doc[end].text in (",", "-", "—", "--")

    def _dateline(self, doc: Doc, sents: list[Span], taken: set[int]) -> list[tuple[int, int, str, str | None]]:
        """'ANKARA — ...', 'NEW DELHI, June 21 (Reuters) -': an upper-case town opening one of the
        first sentences, which spaCy rarely tags."""
        for start, end in _dateline_spans(doc, sents):
            if any(i in taken for i in range(start, end)):
                continue
            text = " ".join(t.text.capitalize() for t in doc[start:end])
            geo = self.gazetteer.lookup(text)
            if geo and geo.kind == PlaceKind.CITY:
                return [(start, end, "GPE", geo.name if geo.name.lower() == text.lower() else text)]
        return []

    def _countries(self, doc: Doc, taken: set[int]) -> list[tuple[int, int, str, str | None]]:
        """Country names spaCy tagged as something else or not at all ("Comoros President ...",
        "Gabon" as a person): capitalised words the gazetteer knows as a country."""
        strings = doc.vocab.strings
        columns = doc.to_array([ORTH, SPACY]).tolist()  # no Token object per word
        texts = [strings[orth] for orth, _ in columns]
        spaces = [" " if space else "" for _, space in columns]
        capital = [x[:1].isupper() for x in texts]
        found = []
        i = 0
        while i < len(texts):
            if not capital[i] or i in taken:
                i += 1
                continue
            for n in (3, 2, 1):
                if i + n > len(texts) or not all(capital[i:i + n]) or taken.intersection(range(i, i + n)):
                    continue
                text = "".join(texts[k] + (spaces[k] if k < i + n - 1 else "") for k in range(i, i + n))
                if not text.isupper() and self._country_named(text):
                    found.append((i, i + n, "GPE", None))
                    i += n - 1
                    break
            i += 1
        return found

    def _country_named(self, text: str) -> GeoMatch | None:
        """The country a capitalised phrase names, if any (cached: the same words recur)."""
        if text not in self._country_cache:
            geo = self.gazetteer.lookup(text)
            self._country_cache[text] = geo if geo and geo.kind == PlaceKind.COUNTRY else None
            if len(self._country_cache) > COUNTRY_CACHE_SIZE:
                self._country_cache.clear()
        return self._country_cache[text]

    def _untagged_places(self, doc: Doc, taken: set[int]) -> list[tuple[int, int, str, str | None]]:
        """Well-known places spaCy did not tag ("... in Accra", "between Moscow and Kyiv", "accuses
        Kigali of"): proper nouns after a locative preposition or beside a tagged place that the
        gazetteer knows as a country or a big city, and cities of a million anywhere."""
        found = []
        for tok in _proper_nouns(doc, untagged=True):
            if tok.i in taken:
                continue
            locative = tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE_PREPS | {"between"}
            beside_place = tok.dep_ == "conj" and tok.head.ent_type_ in ("GPE", "LOC")  # "Moscow and Kyiv"
            in_compound = _hyphen_attached(doc, tok.i) or tok.i + 2 < len(doc) and _hyphen_attached(doc, tok.i + 2)
            metonym = tok.dep_ in ("nsubj", "dobj") and not in_compound and self._big_city(tok.text)
            if not (locative or beside_place or metonym):
                continue
            start = tok.i
            while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ == "PROPN" and not doc[start - 1].ent_type_:
                start -= 1
            text = _span_text(doc, start, tok.i + 1)
            geo = self.gazetteer.lookup(text)
            if geo and (geo.kind == PlaceKind.COUNTRY or geo.population >= UNTAGGED_CITY_POPULATION):
                found.append((start, tok.i + 1, "GPE", None))
        return found

    def _disguised_place_label(self, doc: Doc, start: int, end: int, text: str, label: str) -> str | None:
        """An ORG/PERSON entity that is really a place gets a place label: a known place name,
        a name after 'the town of' / 'in' or beside a place noun ('X, the islet'), a name that heads
        a facility ('X rail terminus'); a PERSON only where persons do not stand ('in the Sahel',
        'X Chief Minister'); a NORP only when it is a big city's name ('Kigali denies')."""
        words = text.lower().split()
        if label == "NORP":
            return "GPE" if self._big_city(text) else None  # "Kigali denies": a capital for its government
        if any(ch.isdigit() for ch in text) or words[0] in dates.MONTHS or words[0] in dates.WEEKDAYS:
            return None
        head_first = len(words) > 1 and words[0] in lx.FACILITY_HEADS and not _after_role(doc, start)
        if words[-1] in lx.FACILITY_HEADS or head_first:
            return "FAC"  # "Qasr Al Watan", but not "Foreign Minister Park Jin"
        if set(words) & lx.ORG_WORDS:
            return None
        if _facility_extent(doc, start, end) > end:
            return "FAC"
        before = doc[max(0, start - 3):start].text.lower()
        if re.search(r"\b(?:city|town|village|port|capital) of\s*$", before):
            return "CITY"
        if re.search(r"\b(?:province|region|island|district) of\s*$", before) or _place_appos(doc, start, end):
            return "GPE"
        known = self.gazetteer.lookup(text) is not None or _historical(text) is not None
        locative = start > 0 and doc[start - 1].lower_ in LOCATIVE_PREPS
        if label in ("PERSON", "PRODUCT"):
            # "in the Sahel": a person takes no article; "Tamil Nadu Chief Minister X".
            the_locative = start > 1 and doc[start - 1].lower_ == "the" and doc[start - 2].lower_ in LOCATIVE_PREPS
            return "GPE" if known and locative or the_locative or _title_follows(doc, end) else None
        if known:
            return "GPE"
        if start > 0 and doc[start - 1].lower_ in ("in", "near") and end - start <= 2:
            return "GPE"
        return None

    def _big_city(self, text: str) -> bool:
        """A city of a million or more by its own name, not a nationality ("Kigali", not "Kazakh")."""
        geo = self.gazetteer.lookup(text)
        return geo is not None and geo.kind == PlaceKind.CITY and geo.population >= METONYM_CITY_POPULATION \
            and _norm_name(geo.name) == _norm_name(text) and self.gazetteer.country_for_name(text) is None

    def _split_coordination(self, doc: Doc, start: int, end: int, label: str) -> list[tuple[int, int, str, str | None]]:
        """'Kursk for Belgorod' -> two places; lower-case words other than 'of (the)' split a
        name; 'North and South Korea' -> 'North Korea', 'South Korea'."""
        text = _span_text(doc, start, end)
        if m := re.match(r"^(North|South|East|West)(?:ern)? and (North|South|East|West)(?:ern)? (\w[\w ]*)$", text):
            return [(start, start + 1, label, f"{m[1]} {m[3]}"), (start + 2, end, label, f"{m[2]} {m[3]}")]
        if self.gazetteer.lookup(text) is not None:
            return [(start, end, label, None)]  # "Dar es Salaam", "Frankfurt am Main": one known name
        parts, cur = [], start
        for i in range(start, end):
            joined_by_the = doc[i].lower_ == "the" and i > start and doc[i - 1].lower_ == "of"
            inside_word = doc[i].tag_ == "POS" or _hyphen_attached(doc, i)  # "Cox's Bazar", "Hannam-dong"
            if doc[i].is_lower and doc[i].lower_ not in PLACE_PARTICLES and not joined_by_the \
                    and not inside_word:
                if i > cur:
                    parts.append((cur, i, label, None))
                cur = i + 1
        if end > cur:
            parts.append((cur, end, label, None))
        return parts

    def _add_place(self, doc: Doc, index: PlaceIndex, start: int, end: int, label: str, sent_of,
                   text: str | None = None) -> None:
        text = text or _span_text(doc, start, end)
        if any(ch.isdigit() for ch in text) or len(text) < 2 or text.lower() in DIRECTIONS:
            return
        if any(i in index.token_place for i in range(start, end)):
            return  # inside a facility name found before ("St Michael's Golden-Domed Monastery")
        if index.is_demonym(text) or all(w.lower() in lx.FACILITY_HEADS for w in text.split()):
            return  # "Kazakh"; "Dam", "House" alone
        last = doc[end - 1]
        if label == "LOC" and last.tag_ == "JJ" and last.lower_.endswith("ern"):
            return  # "Far Eastern": an adjective, not a place
        facility_end = _facility_extent(doc, start, end)
        if facility_end > end and start > 0 and doc[start - 1].lower_ in ("a", "an"):
            # "a Dar es Salaam hotel" (spaCy may cut the name short): the town, not a venue's name
            while end < facility_end and doc[end].text[:1].isupper() and doc[end].lower_ not in lx.FACILITY_HEADS:
                end += 1
            text, facility_end = _span_text(doc, start, end), end
        geo = self.gazetteer.lookup(text, index.context)
        if geo is None and (historical := _historical(text)):
            text = historical
        # "the Zhongnanhai residential compound": a name spaCy takes for a place on its own is
        # the name, and an adjective after it describes it (but "the Europa building", "Bureyskaya
        # hydro-electric power station" are names)
        described = label in ("GPE", "LOC") and all(t.is_lower or not t.is_alpha for t in doc[end:facility_end]) \
            and any(t.tag_ == "JJ" for t in doc[end:facility_end])
        if facility_end > end and (geo is None and not described or doc[end].tag_ == "POS"):
            end, geo = facility_end, None
            text = _span_text(doc, start, end)
            label = "FAC"
        words = text.split()
        if geo is None and len(words) > 1 and words[-1].lower() in lx.REGION_SUFFIXES:
            base = " ".join(words[:-1])
            geo = self.gazetteer.lookup(base, index.context)
            if geo and geo.kind != PlaceKind.REGION:
                geo = None  # "Kursk province" is a region, whatever town shares its name
            name = _place_name(base, geo)
            kind = geo.kind if geo else PlaceKind.REGION
        else:
            name = _place_name(text, geo)
            kind = _kind_for(label, text, geo)
        if geo is None and not self._credible_place(doc, start, end, text, kind, label):
            return
        index.add(doc, start, end, name, kind, sent_of[start], geo, text)

    # ---- topics -------------------------------------------------------------------------

    def _article_topics(self, doc: Doc, sents: list[Span], meetings: list[MeetingFact]) -> set[str]:
        """Topics the article treats as diplomatic business, not in passing: a specific term
        counts 2, a common word 1 (once, however often it recurs: "border", "train"), and a topic
        needs 2 in all (or a place on a meeting's agenda)."""
        scores: Counter[str] = Counter()
        common_seen: set[tuple[str, str]] = set()
        for i, topic, weight in self.topics.matches(doc):
            if weight == 1:
                word = doc[i].lemma_.lower()
                if (topic, word) in common_seen:
                    continue
                common_seen.add((topic, word))
            scores[topic] += weight
        agenda = {t for m in meetings for t in m.topics}
        return {t for t, n in scores.items() if n >= ARTICLE_TOPIC_SCORE} | agenda


# Dependents that start another phrase or clause: persons inside them are not the phrase's.
PHRASE_BARRIERS = {"relcl", "acl", "ccomp", "advcl", "xcomp", "poss", "case", "punct"}
PHRASE_PREPS = {"including", "like", "among"}
# Prepositions through which a meeting's own place phrase may hang ("talks with Xi in X"), as
# opposed to time or circumstance ("after his first night in X").
THROUGH_PREPS = {"with", "between", "among", "by", "for", "of", "including", "on", "during"}
# Through-prepositions that may also introduce what a meeting is about ("talks on", "with the
# war in X at the top of the agenda"): followed only into an occasion, a person or a meeting.
TOPIC_PREPS = {"on", "with"}


# A sentence that speaks of the upcoming meeting's business without naming its participants.
AGENDA_REFERENCE = re.compile(
    r"\b(?:agenda|on the table|summit items?|exchanged views"
    r"|(?:the|their|this|that|both) (?:meeting|summit|talks|visit|leaders|sides|men"
    r"|discussions?|conversation|negotiations)"
    r"|the two (?:leaders|sides|presidents|premiers|men|women|ministers|heads)"
    r"|the two (?:also |then |later )?(?:discussed|agreed|signed|talked|reviewed|pledged|held)|both (?:leaders|men|sides)"
    r"|they (?:discussed|agreed|signed|talked|pledged|reviewed|also)|(?:will|to|would) (?:discuss|cover|sign)"
    r"|joint (?:statement|declaration|position|communiqu)|(?:agreed|pledged|promised|vowed) to"
    r"|(?:another|a key|the main|a major|the other) (?:theme|topic|issue|focus|subject))", re.I)
NAME_ENTITIES = {"ORG", "FAC", "PERSON", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT"}
YEAR_WORDS = re.compile(r"\b(?:last|next|previous) year\b|\b(?:19|20)\d\d\b", re.I)
PLURAL_SENTENCES = 3  # sentences back in which "they" finds the pair it stands for
# Statements of who was present at an occasion: "Also present were ...", "Seated around the
# table were ...", "Leaders attending included ...", "was flanked by", "was represented by".
PRESENCE_CUES = re.compile(
    r"\b(?:also )?(?:present|in attendance) (?:were|was)\b|\b(?:were|was) (?:also )?(?:present|in attendance)\b"
    r"|\b(?:seated|sat|sitting) (?:at|round) the (?:table|summit)|\baround the table\b"
    r"|\b(?:also )?in the (?:hall|room|audience) (?:were|was)\b"
    r"|\bamong (?:the )?(?:guests|attendees|participants|dignitaries)\b"
    r"|\bamong (?:those|the (?:leaders|heads of state))(?: who)? ?(?:attending|present|in attendance|attended|were|was|at)\b"
    r"|\bamong those in the (?:room|hall|audience)\b"
    r"|\b(?:leaders|heads of state|guests|dignitaries|those|attendees|participants) (?:attending|present|in attendance)"
    r" (?:included|were)\b|\bflanked by\b|\b(?:was|were) represented by\b"
    r"|\b(?:was|were) (?:jointly )?(?:co-?)?(?:chaired|hosted|attended|opened|convened) (?:in person )?by\b")
STAND_IN_VERBS = {"represent", "replace"}  # "X was represented by Y": Y is there, X is not
ARRANGE_PASSIVES = {"host", "chair", "co-chair", "attend", "organise", "organize", "open", "convene"}
PRESENCE_VERBS = {"attend", "participate", "arrive"}  # "X attended in person", "said as he arrived"
PRESENCE_SENTENCES = 6  # how far a presence statement may point back to the event named
JOINT_VERBS = {"talk", "speak", "sign", "confer", "dine", "lunch"}  # with a pair as subject, at a place
# Things two people do side by side, in person: "Together with X, Y opened the expo".
SIDE_BY_SIDE_VERBS = {"open", "inaugurate", "tour", "visit", "inspect", "unveil", "lay", "watch", "launch",
                      "plant", "view", "attend"}
DAY_TIME = re.compile(r"\b(?:today|tonight|yesterday|tomorrow|morning|afternoon|evening|night)\b", re.I)
TEAM_WORK_NOUNS = {"negotiation", "negotiations", "consultation", "consultations"}  # partner needed
TIME_MARKS = {"as", "when", "while", "after", "before", "since", "once"}
PAIR_SENTENCES = 5  # how far "the two leaders" may point back to the last meeting's pair
EVENT_ANAPHORA_SENTENCES = 2  # how far "the gathering" may point back to an event of its own
ADDRESS_VERBS = {"tell", "address", "brief", "urge", "warn"}  # "Aliyev told the summit ..."
LIGHT_VERBS = {"hold", "have", "conduct", "open", "begin", "start", "continue"}
TRIP_NOUNS = {"visit", "trip", "tour", "stay", "journey", "plane", "arrival", "mission"}
SIDELINES = {"sideline", "sidelines", "margin", "margins", "fringe", "fringes"}
HANDED_OVER = {"sash", "baton", "gavel", "credential", "credentials", "medal", "decoration", "key", "keys"}
GUEST_NOUNS = {"dignitary", "guest", "leader", "delegation", "delegate", "visitor", "head"}
# Lower-case words inside a place's name ("Bandar Seri Begawan" aside: "Rio de Janeiro", "Dar es Salaam").
PLACE_PARTICLES = {"of", "de", "la", "al", "el", "-", "es", "da", "do", "dos", "das", "del", "di", "du", "des", "le",
                   "les", "los", "las", "am", "sur"}
MEALS = {"banquet", "dinner", "lunch", "luncheon", "breakfast", "tea", "supper"}
SEQUENCE_WORDS = {"also", "then", "later", "afterwards", "subsequently", "next", "earlier"}
SEQUENCE_SENTENCES = 8  # how far back "X also met Y" may find the day of the meeting before it
NARRATIVE_SENTENCES = 2  # sentences back in which an undated meeting finds the story's day
SAME_OCCASION_DAYS = 7  # an inferred date this far from another mention's is another meeting
AGENDA_SEGMENT = 4  # sentences after a meeting's mention that may still speak of its agenda
# Verbs by which a participant reports what the talks were about.
SPEECH_VERBS = {"say", "tell", "add", "agree", "discuss", "stress", "propose", "urge", "express", "note",
                "announce", "raise", "pledge", "promise", "reaffirm", "thank", "repeat", "hope", "welcome",
                "emphasize", "emphasise", "underline", "call", "voice", "share", "praise", "highlight"}
# Plural nouns for unnamed officials: "The Saudi and American delegations met" is their meeting.
OFFICIAL_GROUPS = {"delegation", "official", "diplomat", "negotiator", "envoy", "mediator", "aide", "minister",
                   "officer", "representative", "expert"}
# Words that make a sentence tell of a contact at a distance, not of the meeting told of before.
REMOTE_CONTACT = {"phone", "telephone", "video", "videoconference", "videolink", "teleconference", "virtually"}
CONTACT_VERBS = {"speak", "talk", "call", "discuss", "confer", "hold", "join", "chat", "meet", "address"}
LETTERS = {"letter", "letters", "phoned", "telephoned"}


TRIGGER_WORDS = lx.MEET_VERBS | lx.TALK_VERBS | lx.MEETING_NOUNS | JOINT_VERBS | SIDE_BY_SIDE_VERBS \
    | {"call", "shake", "dialogue", "see", "sit"}
TRIGGER_IDS = _word_ids(TRIGGER_WORDS)
ROLE_HEAD_IDS = _word_ids(lx.ROLE_HEADS | lx.STYLES)
WITH_IDS = _word_ids({"with", "alongside"})
AGENDA_CUE_IDS = _word_ids(lx.AGENDA_CUES)
HONORIFIC_IDS = _word_ids(lx.NAME_HONORIFICS | {first for first, _ in lx.HONORIFIC_PAIRS})
# Gathering nouns, and the people a speech at one is addressed to ("told the leaders").
PRESENCE_VERB_IDS = _word_ids(PRESENCE_VERBS | ARRANGE_PASSIVES | {"join"})
GATHERING_IDS = _word_ids(lx.GATHERING_NOUNS | {"leader", "leaders", "delegate", "delegates"})
SCENE_VERBS = {"arrive", "visit", "reach", "land", "head", "travel", "fly", "trip", "arrival"}
SCENE_IDS = _word_ids(SCENE_VERBS | {"be", "touch"})  # and "he was in X", "touched down"


class MeetingFinder:
    """Meetings stated in one article, merged within the article."""

    def __init__(self, doc: Doc, sents: list[Span], sent_of: dict[int, int], names: NameClusters,
                 places: PlaceIndex, ref: PartialDate | None, topics: TopicMatcher):
        self.doc, self.sents, self.sent_of = doc, sents, sent_of
        self.names, self.places, self.ref, self.topics = names, places, ref, topics
        # The DATE entities of each sentence, found once (Span.ents scans the whole document).
        self.dates_in: dict[int, list[Span]] = defaultdict(list)
        for ent in doc.ents:
            if ent.label_ == "DATE" or ent.label_ == "TIME" and DAY_TIME.search(ent.text):
                self.dates_in[sent_of[ent.start]].append(ent)  # "this morning", "late last night"
        self.scene = self._scenes()
        # How often each person is named, bare surnames the tagger missed included ("Modi said").
        capitalised = [doc[int(i)] for i in np.flatnonzero(doc.to_array(IS_TITLE))]
        self.mentions: Counter[str] = Counter(
            p for t in capitalised if (p := names.person_for_token(t))
            and (t.i + 1 >= len(doc) or names.person_for_token(doc[t.i + 1]) != p))
        self.dominant = self.mentions.most_common(1)[0][0] if self.mentions else None
        # A timeline's headings: (first token after the heading, its date text).
        text = _doc_text(doc)
        self.headings = [(doc.char_span(end, len(text), alignment_mode="expand").start, heading)
                         for end, heading in dates.timeline_headings(text) if end < len(text)]
        self._story_day: tuple[int, PartialDate] | None = None  # the last held meeting's day
        self.events: dict[str, tuple[PartialDate | None, bool, str | None]] = {}  # key -> date, place
        self._last_pair: frozenset[str] = frozenset()  # the two people of the last two-person meeting
        self._last_pair_sent = 0  # and the sentence that told of it
        self._in_pair_lookup = False  # guards _pair_met_before against looking up itself
        # Where "with" and "alongside" stand, found once (a scan of Token objects costs more).
        self._withs = [int(i) for i in np.flatnonzero(np.isin(doc.to_array(LOWER), WITH_IDS))]
        self._last_place: str | None = None  # where the last meeting told of was held
        self.main_event: str | None = None
        self.anchor_key: dict[int, str] = {}  # token of each gathering noun -> its event
        # "The talks were attended by X", "at which X was also present": (meeting, people, sentence)
        self.attendance: list[tuple[MeetingMention, set[str], int]] = []
        self.event_towns: dict[str, str | None] = {}  # key -> the town the story is in when it tells of it

    def find(self) -> list[MeetingFact]:
        mentions: list[MeetingMention] = []
        singles: list[MeetingMention] = []  # one person so far: others may be named as present
        for tok in _tokens_among(self.doc, TRIGGER_IDS):  # most words cannot state a meeting
            attendees = self._attendees(tok)
            if attendees and mentions:
                # "The talks were attended by X and Y": the meeting just told of, with them
                self.attendance.append((mentions[-1], attendees, self.sent_of[tok.i]))
                continue
            mention = self._mention_at(tok)
            if mention and (split := self._separately(mention)):
                mentions += split  # "held separate talks with A and B": one meeting with each
                continue
            if mention and len(mention.participants) == 1:
                singles.append(mention)  # "X joined a dinner, where A and B were among the guests"
            if mention and len(mention.participants) >= 2:
                mentions.append(mention)
                if len(mention.participants) == 2:
                    self._last_pair = frozenset(mention.participants)
                    self._last_pair_sent = mention.sent
        gatherings = self._gatherings(mentions + singles)
        mentions += [m for m in singles if len(m.participants) >= 2] + gatherings
        self._at_their_events(mentions)
        self._sequence_dates(mentions)
        merged = [m for m in self._merge(mentions) if len(m.participants) >= 2]
        for told, attendees, sent in self.attendance:
            for m in merged:
                if told.sent in m.all_sents and told.participants <= m.participants:
                    m.participants = m.participants | attendees
                    m.more_sents.add(sent)
        self._attach_agenda(merged)
        return [self._fact(m) for m in merged]

    def _separately(self, mention: MeetingMention) -> list[MeetingMention]:
        """'held separate talks with A and B', 'met A and B separately': a meeting with each."""
        tok = mention.trigger
        separate = any(c.lower_ == "separate" for c in tok.children) \
            or any(c.lower_ in ("separately", "individually") for t in (tok, tok.head) for c in t.children)
        if not separate:
            return []
        partners = self._persons_under(_preps(tok, ("with",))) or self._object_persons(tok)
        hosts = mention.participants - partners
        if len(partners) < 2 or not hosts:
            return []
        return [replace(mention, participants=hosts | {p}, more_sents=set(), more_triggers=[])
                for p in sorted(partners)]

    def _attendees(self, noun: Token) -> set[str]:
        """Persons who attended a meeting told of before: 'The talks were attended by X'."""
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in lx.MEETING_NOUNS or noun.dep_ != "nsubjpass" \
                or noun.head.lemma_.lower() not in ("attend", "join") \
                or not any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in noun.children):
            return set()
        # Everyone named after "by": such lists run long ("X, Deputy Ruler; Y, Minister of ...;
        # and a number of officials") and the parser seldom keeps them in one phrase.
        return {p for agent in noun.head.children if agent.dep_ == "agent"
                for t in self.doc[agent.i:noun.sent.end] if (p := self.names.person_for_token(t))}

    # ---- gatherings: summits and sessions with many participants ------------------------

    def _gatherings(self, told: list[MeetingMention]) -> list[MeetingMention]:
        """Summits, sessions and conferences: everyone the text puts there ("attended by X and
        Y", "X, who attended the opening session", "chaired by X", "X will join Y for the
        summit", "Also present were X and Y") is a participant of one meeting per named event
        of the article."""
        events: dict[str, dict] = {}
        main_key = None
        recent: tuple[str, int] | None = None  # the last event named, and where
        press: list[tuple[Token, set[str]]] = []  # news conferences and who spoke at them
        for tok in _tokens_among(self.doc, GATHERING_IDS):
            if self._addresses_the_gathering(tok) and main_key is not None and not self._remote(tok.head):
                events[main_key]["persons"] |= self._subject_of(tok.head)  # "X told the leaders"
                continue
            if tok.pos_ not in ("NOUN", "PROPN") or tok.lemma_.lower() not in lx.GATHERING_NOUNS:
                continue
            if tok.lemma_.lower() == "meeting" and (self._has_with(tok) or self._bilateral(tok)
                                                   or self._told_before(tok)):
                continue  # "a meeting with X", "the two leaders held a one-on-one meeting": found elsewhere
            if self._ceremony_of_a_welcome(tok, told):
                continue  # "a welcome ceremony", "present at the ceremony": the welcome, a meeting told
            if any(c.lower_ in lx.PRESS_WORDS for c in tok.children if c.dep_ in ("compound", "amod")):
                if not self._remote(tok):  # "X told a news conference": at the event, if it is the story's now
                    press.append((tok, self._present_at(tok)))
                continue
            key = self._event_key(tok)
            if key is None and main_key is not None and self._another_time(tok, events[main_key]["anchors"][0]):
                key = f"{tok.lemma_.lower()}@{tok.i}"  # "are expected to meet again in July at the summit"
            if key is None and recent is not None and "@" in recent[0] \
                    and self.sent_of[tok.i] - recent[1] <= EVENT_ANAPHORA_SENTENCES:
                key = recent[0]  # "their first joint summit ... Tiani told the gathering"
            elif key is None:
                key = main_key
            elif main_key is None and "@" not in key:
                main_key = key
            if key is None:
                key = main_key = "the gathering"
            recent = (key, self.sent_of[tok.i])
            self.anchor_key[tok.i] = key
            # its nouns, people, the places and clauses of presence statements, and whether any
            # noun puts it in a room (a virtual summit is no meeting)
            event = events.setdefault(key, {"anchors": [], "persons": set(), "places": [], "statements": [],
                                            "in_person": False})
            event["anchors"].append(tok)
            if not self._remote(tok):  # "took part in a virtual session": not there in person
                event["in_person"] = True
                event["persons"] |= self._present_at(tok) | self._persons_under(_preps(tok, ("with",)))
        self._presence_statements(events, told)
        found = []
        self.events = {}
        for key, event in events.items():
            first = event["anchors"][0]
            status, tense = self._status(self._first_in_body(event["anchors"]))
            date, explicit = self._event_date(event["anchors"], tense)
            if not explicit and "@" not in key:
                # the mention that dates it ("The New Delhi summit, held ... on September 9 and 10,
                # ...", a caption's "at the opening of the summit on February 8") after one that
                # only names it; for the article's unnamed main event, only a date near the story's
                # (a later "summit" may be another one: "a summit in Tehran in 2022")
                dated = next((t for a in event["anchors"] if a.lemma_ == first.lemma_
                              for t in (a, *(c for c in a.children if c.dep_ == "acl"))
                              if (d := self._date(t, None))[1]
                              and (key != "the gathering" or self._near_now(d[0]))), None)
                if dated is not None:
                    status, tense = self._status(dated)
                    date, explicit = self._date(dated, tense)
            for statement in event["statements"] if date is None else []:
                date, explicit = self._date(statement, tense)
                if date:
                    break
            if date and explicit and self.ref:
                status = self._status_from_date(date, status)
            places = [p for a in event["anchors"] for p in self._attached_places(a, self._clause_of(a))] \
                + [p for a in event["anchors"] for c in a.children if c.dep_ == "acl" and c.lemma_ == "hold"
                   for p in self._places_under(c, ("in", "at"), through_preps=False)] \
                + event["places"]
            place = max(places, key=self.places.specificity) if places else None
            if key == main_key:
                event["persons"] |= self._at_the_event(press, status, place)
            self.events[key] = (date, explicit, place)
            self.event_towns[key] = self.scene.get(self.sent_of[self._first_in_body(event["anchors"]).i])
            self.main_event = main_key
            if not event["persons"] or not event["in_person"]:
                continue  # a virtual summit is no meeting (one person is kept: others may join)
            explicit_place = bool(place)
            if place is None and (self.ref is None or date is None or date.year == self.ref.year) and "@" not in key:
                place = self.event_towns[key]  # the town the story is in (not for an event of its own)
            mention = MeetingMention(event["persons"], first, self.sent_of[first.i], place, explicit_place, date,
                                     explicit, status)
            mention.more_sents = {self.sent_of[a.i] for a in event["anchors"]}
            mention.gathering = True
            mention.anchors = {a.i for a in event["anchors"]}
            found.append(mention)
        return found

    def _near_now(self, date: PartialDate | None) -> bool:
        return bool(date and self.ref and date.precision == "day" and self.ref.precision == "day"
                    and _days_apart(date, self.ref) <= SAME_OCCASION_DAYS)

    def _another_time(self, tok: Token, main: Token) -> bool:
        """A gathering planned, with a date of its own, where the article's event is held (or
        the other way round): another event of the same kind."""
        if self._status(tok)[0] == self._status(main)[0]:
            return False
        date, explicit = self._date(tok, None)
        return date is not None and explicit

    def _ceremony_of_a_welcome(self, tok: Token, told: list[MeetingMention]) -> bool:
        """'was accorded a welcome ceremony', and 'the ceremony' right after it: the welcome, a
        meeting of host and guest, not an event of its own."""
        if tok.lemma_.lower() != "ceremony":
            return False
        if any(c.dep_ == "compound" and c.lemma_.lower() in ("welcome", "arrival") for c in tok.children):
            return True
        if tok.head.lower_ == "with" and tok.head.head.lemma_.lower() in ("welcome", "greet", "receive"):
            return True  # "welcomed his counterpart with an official ceremony"
        n = self.sent_of[tok.i]
        return any(c.lower_ == "the" for c in tok.children) and any(
            m.ceremony and 0 <= n - m.sent <= 2 and m.trigger.i < tok.i for m in told)

    def _at_the_event(self, press: list[tuple[Token, set[str]]], status: Status, place: str | None) -> set[str]:
        """Those who spoke at news conferences held where and when the main event is ("von der
        Leyen told a news conference alongside the host"), not at one of another time or town
        ("appeared together at a press conference in Kyiv" before next week's summit)."""
        found: set[str] = set()
        for tok, persons in press:
            where = self._attached_places(tok, self._clause_of(tok))
            if self._status(tok)[0] == status and all(
                    place and (w == place or self._place_contains(w, place) or self._place_contains(place, w)) for w in where):
                found |= persons
        return found

    def _bilateral(self, meeting: Token) -> bool:
        return any(c.lower_ in lx.BILATERAL_WORDS for c in meeting.children) \
            or meeting.head.lemma_.lower() in ("hold", "have", "conduct") and len(self._noun_owner(meeting)) == 2 \
            or any(c.dep_ == "poss" and c.lower_ == "their" and len(self._plural_antecedent(c)) == 2
                   for c in meeting.children)  # "the two held a meeting", "their first meeting since"

    def _presence_statements(self, events: dict[str, dict], told: list[MeetingMention]) -> None:
        """Sentences that say who was there without naming the event ("Also present were A and
        B", "Seated around the table were ...", "X attended in person, as did Y and Z", "It was
        hosted by X", "Burundi was represented by its foreign minister, X") add those people
        to the event of the sentence, else to a meeting the sentence tells of ("a dinner ...,
        where A and B were among the guests"), else to the event named just before."""
        if not events and not told:
            return
        event_sents: list[tuple[int, str]] = sorted((self.sent_of[i], key) for i, key in self.anchor_key.items())
        verbs: dict[int, list[Token]] = defaultdict(list)  # the words of presence, by sentence
        for tok in _tokens_among(self.doc, PRESENCE_VERB_IDS):
            verbs[self.sent_of[tok.i]].append(tok)
        for n, sent in enumerate(self.sents):
            persons = self._present_persons(sent, event_sents, verbs[n])
            if not persons:
                continue
            key, mention = self._presence_target(n, event_sents, told)
            if key is not None:
                event = events[key]
                event["persons"] |= persons
                # "It was hosted by X at the Y Centre on Saturday": where and when the event was held
                event["places"] += self._attached_places(sent.root, sent.root)
                event["statements"].append(sent.root)
            elif mention is not None and len(mention.participants) >= 2:
                self.attendance.append((mention, persons, n))  # joins the meeting it is merged into
            elif mention is not None:
                mention.participants = mention.participants | persons

    def _presence_target(self, n: int, event_sents: list[tuple[int, str]],
                         told: list[MeetingMention]) -> tuple[str | None, MeetingMention | None]:
        """Where the presence statement of sentence n belongs: an event named in it; else a
        meeting it tells of (one with a single person so far only when no event came just
        before: "It was hosted by X"); else the meeting told of last, when it is more recent
        than the last event ("X hosted Y for dinner. Around the table were A and B"); else
        the event named a few sentences before."""
        here = [key for s_, key in event_sents if s_ == n]
        if here:
            return here[0], None
        before = [(s_, key) for s_, key in event_sents if n - PRESENCE_SENTENCES <= s_ < n]
        host = next((m for m in told if m.sent == n - 1 and not m.gathering and self._receives_guests(m.trigger)), None)
        if host is not None:
            return None, host  # "X received the dignitaries at Y. Among those in the room were ..."
        mention = next((m for m in told if m.sent == n and not m.gathering), None)
        if mention is not None and (len(mention.participants) >= 2 or not before):
            return None, mention
        last_event = before[-1][0] if before else -1
        # a meeting told in the event's own sentence ("... filmed in a conversation before the
        # ceremony") is not where the next sentence's list belongs, unless it is a meal
        recent = max((m for m in told if (last_event < m.sent or last_event == m.sent and m.meal) and m.sent < n
                      and not m.gathering and len(m.participants) >= 2), key=lambda m: m.sent, default=None)
        if recent is not None:
            return None, recent
        return (before[-1][1], None) if before else (None, None)

    def _present_persons(self, sent: Span, event_sents: list[tuple[int, str]], verbs: list[Token]) -> set[str]:
        """The people a presence statement puts at the occasion, leaving out those of a clause
        that denies it or puts them on a screen ("X attended, but Y joined by video link"), those
        of a clause about something else ("Z, who told reporters to stop provoking W"), and those
        someone stood in for ("X was represented by his foreign minister, Y")."""
        cue = PRESENCE_CUES.search(_text_of(sent).lower())
        if cue:
            absent = {p for t in sent if t.lemma_.lower() in STAND_IN_VERBS and any(c.dep_ == "agent" for c in t.children)
                      for p in self._subject_of(t)} | self._stood_in_for(sent)
            cued = sent.char_span(cue.start(), cue.end(), alignment_mode="expand")
            if cued is not None and any(_said_of_talks(t) for t in cued):
                return set()
            absent |= self._sources(sent)
            # the cue's own clause: "..., where he was flanked by A and B"
            clause = {t.i for t in cued} if cued is not None else {sent.root.i}
            if cued is not None:
                clause |= {a.i for a in cued.root.ancestors if a.pos_ in ("VERB", "AUX")}
            return {p for t in sent if (p := self.names.person_for_token(t))
                    and not self._denied_or_remote(t) and not _in_side_clause(t, clause)} - absent
        found: set[str] = set()
        for verb in verbs:
            if _said_of_talks(verb):
                continue
            if verb.pos_ == "VERB" and self._attends_without_object(verb):
                # "X attended in person, as did Y and Z", "Macron said as he arrived", "X, arriving later, said"
                found |= self._subject_of(verb) or {p for p in [self.names.person_for_token(verb.head)] if p}
                found |= self._persons_under(_agents(verb))  # "..., and attended by X and Y"
                found |= {p for c in verb.children if c.dep_ == "advcl" and c.lemma_ == "do"
                          for t in c.subtree if (p := self.names.person_for_token(t))}
            elif verb.lemma_ == "join" and any(c.dep_ == "dobj" and c.lower_ == "them" for c in verb.children) \
                    and not self._negated(verb) and not set(t.lower_ for t in _own_clause(verb)) & lx.REMOTE_WORDS:
                found |= self._subject_of(verb)  # "X joined them later in the morning" (not "by video")
            elif verb.lemma_.lower() in ARRANGE_PASSIVES and self._event_pronoun_subject(verb, event_sents):
                found |= {p for t in verb.subtree if (p := self.names.person_for_token(t))}  # "It was hosted by X"
        return found

    def _sources(self, sent: Span) -> set[str]:
        """'..., according to the presidential spokesman, X': who said so, not who was there."""
        return {p for t in sent if t.lower_ == "according" for x in t.subtree
                if (p := self.names.person_for_token(x))}

    def _stood_in_for(self, sent: Span) -> set[str]:
        """'sent X in place of President Y', 'instead of Y': Y is not there."""
        found: set[str] = set()
        for t in sent:
            if t.lower_ == "of" and t.i >= 1 and self.doc[t.i - 1].lower_ in ("place", "instead", "behalf", "lieu"):
                found |= {p for pobj in t.children for x in pobj.subtree if (p := self.names.person_for_token(x))}
            elif t.lemma_ == "send" and any(g.lower_ == "place" and any(d.lower_ in ("his", "her") for d in g.children)
                                            for prep in _preps(t, ("in",)) for g in prep.children):
                found |= self._subject_of(t)  # "X sending Y in his place"
        return found

    def _attends_without_object(self, verb: Token) -> bool:
        """'X attended in person, as did Y': attendance of the occasion the story is about."""
        lemma = verb.lemma_.lower()
        if lemma not in PRESENCE_VERBS or self._negated(verb):
            return False
        if lemma == "arrive":  # "Macron said as he arrived": at the event, not at a town named
            return not any(c.dep_ == "prep" for c in verb.children)
        if verb.dep_ == "xcomp" or any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            return False  # "urged him to attend", "was expected to attend": not (yet) there
        return not any(c.dep_ in ("dobj", "obj") or c.dep_ == "prep" and c.lower_ == "in"
                       and any(g.lower_ != "person" for g in c.children) for c in verb.children)

    def _event_pronoun_subject(self, verb: Token, event_sents: list[tuple[int, str]]) -> bool:
        """'It was hosted by X' right after a sentence about the summit."""
        n = self.sent_of[verb.i]
        return any(c.dep_ == "nsubjpass" and c.lower_ == "it" for c in verb.children) \
            and any(s_ == n - 1 for s_, _ in event_sents)

    def _denied_or_remote(self, tok: Token) -> bool:
        verb = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
        if verb is None:
            return False
        if self._negated(verb):
            return True
        return bool({t.lower_ for t in _own_clause(verb)} & lx.REMOTE_WORDS)

    def _event_date(self, anchors: list[Token], tense: str | None) -> tuple[PartialDate | None, bool]:
        """The date of an event: that of its first mention in the story (later ones may be other
        events of the same kind: "a three-way summit in Tehran in 2022"; a headline has no date),
        else the day the story is at."""
        first = self._first_in_body(anchors)
        date, explicit = self._date(first, tense)
        if date is None and self.ref:
            date = self._narrative_date(first, tense or "past")
        return date, explicit

    def _first_in_body(self, anchors: list[Token]) -> Token:
        """The first mention after the dateline: a headline's tense and dates tell little."""
        body = self.places.dateline_token or 0
        return next((a for a in anchors if a.i >= body), anchors[0])

    def _at_their_events(self, mentions: list[MeetingMention]) -> None:
        """A meeting on the sidelines of an event takes its date and place when the sentence
        gives none of its own."""
        for m in mentions:
            if m.occasion is None:
                continue
            key = self.anchor_key.get(m.occasion.i) or self._event_key(m.occasion) or self.main_event
            date, explicit, place = self.events.get(key, (None, False, None))
            if date and not m.date_explicit:
                m.date, m.date_explicit = date, explicit
            if place and self.places.facts[place].kind == PlaceKind.SITE:
                # the event's town: its venue is the summit's own ("talks on the sidelines" are
                # held in side rooms and hotels of the town)
                place = m.place or self.event_towns.get(key) or place
            if place and not m.place_explicit:
                m.place, m.place_explicit = place, True

    def _sequence_dates(self, mentions: list[MeetingMention]) -> None:
        """'X also met Y': the day of the held meeting told just before, when that day became
        known only from its event ("on the sidelines of the summit")."""
        previous: MeetingMention | None = None
        for m in sorted(mentions, key=lambda m: m.trigger.i):
            if m.date is None and m.status == Status.HELD and previous is not None and previous.date \
                    and previous.date.precision == "day" and m.sent - previous.sent <= SEQUENCE_SENTENCES \
                    and self._in_sequence(m.trigger):
                m.date = previous.date
            if m.status == Status.HELD and not m.gathering and len(m.participants) >= 2:
                previous = m

    @staticmethod
    def _addresses_the_gathering(tok: Token) -> bool:
        """'told the leaders', 'urged the delegates': a speech to those gathered."""
        return tok.dep_ == "dobj" and tok.tag_ == "NNS" and tok.lemma_.lower() in ("leader", "delegate") \
            and tok.head.lemma_.lower() in ("tell", "address", "urge", "brief", "warn", "join") \
            and all(c.lower_ == "the" for c in tok.children if c.dep_ in ("det", "amod", "compound", "poss"))

    def _event_key(self, anchor: Token) -> str | None:
        """Proper-noun modifiers name the event ("ASEAN-China summit", "SCO Council"); a bare
        "the summit" or "the opening session" refers to the article's main event (None)."""
        names = [t.text for t in anchor.subtree if t.i < anchor.i and t.dep_ in ("compound", "nmod", "amod", "poss")
                 and t.pos_ == "PROPN" and t.text[:1].isupper() and t.ent_type_ != "DATE"]
        if not names and anchor.lemma_.lower() == "meeting":  # "a meeting of G20 foreign ministers": named by who meets
            names = [t.text for of in _preps(anchor, ("of",)) for pobj in of.children
                     if any(t.tag_ == "NNS" for t in pobj.subtree) for t in pobj.subtree
                     if t.pos_ == "PROPN" and t.text[:1].isupper() and t.ent_type_ not in ("DATE", "GPE")]
        if names:
            return " ".join(names).lower()
        if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in anchor.children) \
                and any(c.lower_ in ("first", "joint", "last", "previous") for c in anchor.children) \
                or self._persons_under(_preps(anchor, ("with",))):
            # "their first joint summit", "a three-way summit with X and Y": an event of its own
            return f"{anchor.lemma_.lower()}@{anchor.i}"
        return None

    def _present_at(self, anchor: Token) -> set[str]:
        """Persons the sentence puts at the gathering."""
        found: set[str] = set()
        head = anchor.head
        # "X attended / chaired / joined / hosted the summit", "X took part in the summit",
        # "X gathered for the summit", "X said at the summit".
        verb = head.head if head.dep_ == "prep" or head.pos_ == "ADP" else head
        for _ in range(2):  # "joined the leaders at the palace for the lunch session"
            if verb.pos_ == "VERB" or verb.dep_ != "pobj" or head.lower_ not in ("at", "during", "for", "to") \
                    or verb.lower_ in SIDELINES:
                break
            verb = verb.head.head
        if anchor.dep_ in ("dobj", "pobj", "nsubjpass") and verb.pos_ == "VERB" and not self._negated(verb):
            lemma = verb.lemma_.lower()
            if lemma in lx.ATTEND_VERBS | ADDRESS_VERBS or anchor.dep_ == "pobj" and head.lower_ in ("at", "during", "for", "to"):
                found |= self._subject_of(verb)
                if lemma in ("join", "host", "welcome", "receive"):
                    found |= self._object_persons(verb)
                if head.lower_ in ("at", "during"):
                    # "X took over from Y at the opening session", "X spoke with Y at the summit"
                    objects = [c for c in verb.children if c.dep_ == "dobj"]
                    found |= self._persons_under(
                        t for t in [*verb.children, *(t for o in objects for t in o.subtree)]
                        if t.dep_ == "prep" and t.lower_ in ("from", "with", "to"))
        if anchor.dep_ in ("nsubj", "nsubjpass") and any(c.dep_ == "agent" for c in head.children) \
                and head.lemma_.lower() in lx.ATTEND_VERBS | lx.ARRANGE_VERBS and not self._negated(head):
            # "The summit was co-chaired by X ... and Y": a list the parser may hang on the verb
            found |= self._persons_under(_agents(head))
            found |= {p for c in head.children if c.dep_ == "conj" and (p := self.names.person_for_token(c))}
        # "the session, which was attended by X", "a summit chaired by X", "the summit ... attended by X",
        # "Cho will attend a meeting of ..., chaired by X"
        clauses = [*anchor.children, *(c for c in verb.children if c.dep_ == "advcl" and c.tag_ == "VBN")] \
            if anchor.dep_ in ("dobj", "pobj") else list(anchor.children)
        clauses += [conj for c in clauses if c.dep_ in ("acl", "relcl", "advcl") for conj in c.conjuncts]
        for child in clauses:
            if child.dep_ in ("acl", "relcl", "advcl", "conj") and child.lemma_.lower() in lx.ATTEND_VERBS:
                found |= self._persons_under(_agents(child))
        # "X, who attended the opening session": handled by the relative-clause subject above.
        return found | self._joined_at_venue(anchor)

    def _joined_at_venue(self, anchor: Token) -> set[str]:
        """'The forum is held at X Centre, where A, B and C have joined D': those who join or
        attend in a clause on the gathering's venue."""
        found: set[str] = set()
        for t in anchor.sent:
            if t.dep_ == "relcl" and t.lemma_.lower() in ("join", "attend", "gather") \
                    and any(c.lower_ == "where" for c in t.children) and t.head.i in self.places.token_place:
                found |= self._subject_of(t) | self._object_persons(t)
        return found

    # ---- triggers -----------------------------------------------------------------------

    def _mention_at(self, tok: Token) -> MeetingMention | None:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and lemma == "shake" and any(c.lemma_ == "hand" for c in tok.children):
            participants = self._verb_participants(tok)  # "shook hands with", "they shook hands"
        elif tok.pos_ == "VERB" and lemma == "sit" and _sits_down_with(tok):
            participants = self._verb_participants(tok) | self._persons_under(
                p for d in tok.children if d.lower_ == "down" for p in _preps(d, ("with",)))  # "will sit down with X"
        elif tok.pos_ == "VERB" and lemma == "see" and _in_person(tok):
            participants = self._verb_participants(tok)  # "last saw her counterpart in person"
        elif tok.pos_ == "VERB" and lemma == "call" and self._calls_on(tok):
            participants = self._verb_participants(tok) | self._calls_on(tok)  # "called on her"
        elif tok.pos_ == "VERB" and lemma in JOINT_VERBS and not self._has_with(tok) and self._located_pair(tok):
            # "X and Y talk for four hours in Geneva", "... spoke face to face in the presence of Z"
            participants = self._subject_of(tok) | self._in_presence_of(tok)
        elif tok.pos_ == "VERB" and lemma in SIDE_BY_SIDE_VERBS and (partners := self._together_with(tok)):
            participants = self._subject_of(tok) | partners  # "Together with X, Y opened the expo"
        elif tok.pos_ in ("VERB", "AUX") and (lemma in lx.MEET_VERBS or lemma in lx.TALK_VERBS and self._has_with(tok)):
            passive = any(c.dep_ in ("auxpass", "agent") for c in tok.children)
            if lemma == "receive" and (giver := self._handed_over_by(tok)):
                participants = self._subject_of(tok) | giver  # "received the sash from X"
            elif lemma in ("receive", "welcome", "host") and not passive \
                    and not (self._object_persons(tok) or self._persons_right_of(tok) or self._hosted_for(tok)) \
                    and not self._receives_guests(tok):
                return None
            elif lemma in ("receive", "welcome") and self._welcomes_a_thing(tok) and not self._receives_guests(tok):
                return None  # "welcomed the Biden-Xi call", "received the proposal"
            else:
                participants = self._verb_participants(tok) | self._hosted_for(tok)
        elif tok.pos_ == "NOUN" and lemma == "call" and self._calls_on(tok):
            participants = self._noun_owner(tok) | self._calls_on(tok)  # "paid a courtesy call on X"
        elif tok.pos_ in ("NOUN", "PROPN") and (tok.lower_ in lx.MEETING_NOUNS or lemma in lx.MEETING_NOUNS) \
                and tok.lower_ not in ("dialogue",) or tok.lower_ == "dialogue" and self._has_with(tok):
            if self._told_before(tok) or lemma in TEAM_WORK_NOUNS and not self._partner_named(tok):
                return None  # "agreed to revive negotiations on the accord": their teams' work
            if lemma in lx.GATHERING_NOUNS and tok.dep_ == "dobj" and not self._has_with(tok) \
                    and tok.head.lemma_.lower() in ("attend", "join", "open", "close", "chair", "convene"):
                return None  # "X and Y also attended the meeting", "X opened the meeting": the gathering's
            participants = self._noun_participants(tok)
        else:
            return None
        if not participants or self._remote(tok) or self._negated(tok):
            return None
        sent = self.sent_of[tok.i]
        status, tense = self._status(tok)
        # Without a tense, a held meeting is reported, so a bare month lies behind us.
        date, explicit = self._date(tok, tense or ("past" if status == Status.HELD else None))
        if date and explicit and self.ref:
            status = self._status_from_date(date, status)
        if date is None and self.headings:
            date, explicit = self._heading_date(tok, tense or ("future" if status == Status.PLANNED else "past")), True
        if date is None and self.ref:
            date = self._narrative_date(tok, tense or ("future" if status == Status.PLANNED else "past"))
        if date is None and self._story_day and self._in_sequence(tok) \
                and sent - self._story_day[0] <= SEQUENCE_SENTENCES:
            date = self._story_day[1]  # "Xi also met ...", "After the talks, ...": that day still
        if date is None and status == Status.HELD and self._earlier_that_day(tok):
            date = self._story_day[1] if self._story_day else self.ref  # "Earlier, X was welcomed by Y"
        if date is not None and date.precision == "day" and status == Status.HELD:
            self._story_day = (sent, date)
        if date is None and status == Status.PLANNED and self.ref:
            date = PartialDate(self.ref.year)
        place, place_explicit = self._place(tok, participants, date)
        mention = MeetingMention(participants, tok, sent, place, place_explicit, date, explicit, status)
        mention.occasion = self._occasion_of(tok)
        mention.ceremony = lemma in ("welcome", "greet")
        mention.meal = lemma in MEALS or any(c.dep_ == "dobj" and c.lemma_.lower() in MEALS for c in tok.children) \
            or any(g.lemma_.lower() in MEALS for p in _preps(tok, ("for", "over")) for g in p.children)  # "for tea"
        if len(participants) >= 2:
            self._remember_place(mention)
        return mention

    def _remember_place(self, mention: MeetingMention) -> None:
        if mention.place_explicit:
            self._last_place = mention.place

    def _occasion_of(self, tok: Token) -> Token | None:
        """The gathering a meeting is held at: 'on the sidelines of the summit', 'at the summit'."""
        for t in (tok, self._clause_of(tok)):
            for prep in (c for c in t.children if c.dep_ == "prep"):
                for pobj in (g for g in prep.children if g.dep_ == "pobj"):
                    if pobj.lemma_.lower() in SIDELINES:
                        of = [g for c in pobj.children if c.dep_ == "prep" and c.lower_ == "of"
                              for g in c.children if g.dep_ == "pobj"]
                        if of and of[0].lemma_.lower() in lx.GATHERING_NOUNS:
                            return of[0]
                        return pobj  # "on the sidelines": of the article's event
                    elif prep.lower_ in ("at", "during") and pobj.lemma_.lower() in lx.GATHERING_NOUNS - {"meeting"}:
                        return pobj
        return None

    def _told_before(self, noun: Token) -> bool:
        """'After the talks, ...', 'During the meeting, ...': a meeting the article has told of,
        named again as the background of what follows; not a meeting of the clause's people."""
        return noun.dep_ == "pobj" and noun.head.lower_ in lx.BACKGROUND_PREPS \
            and any(c.dep_ == "det" and c.lower_ in ("the", "these", "those", "that", "this") for c in noun.children) \
            and not any(c.dep_ in ("prep", "compound", "poss", "nmod", "amod") and c.pos_ in ("ADP", "PROPN")
                        for c in noun.children)

    def _calls_on(self, verb: Token) -> set[str]:
        """'X called on Y', 'paid a courtesy call on Y': a visit in person (unlike 'called Y')."""
        # right after the verb or noun: "called Kagame on Sunday and Tshisekedi on Monday" is two calls
        return self._persons_under(p for p in _preps(verb, ("on",)) if p.i == verb.i + 1)

    def _welcomes_a_thing(self, verb: Token) -> bool:
        """The object is a thing that names people ("the Biden-Xi call"), not a person."""
        for obj in (c for c in verb.children if c.dep_ in ("dobj", "obj")):
            if obj.pos_ == "NOUN" and self._person_at(obj) is None and obj.lower_ not in lx.GROUP_NOUNS \
                    and obj.lemma_.lower() not in lx.PERSON_NOUNS | {"delegation"}:
                return True
        return False

    def _handed_over_by(self, verb: Token) -> set[str]:
        """'received the presidential sash from X', 'received the credentials of X': handed over
        in person (a letter or a call received is not)."""
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        if not any(o.lemma_.lower() in HANDED_OVER for o in objects):
            return set()
        return self._persons_under([*_preps(verb, ("from",)), *(p for o in objects for p in _preps(o, ("from", "of")))])

    def _receives_guests(self, verb: Token) -> bool:
        """'received the foreign dignitaries', 'hosted the visiting leaders': a host with guests
        that a presence statement names ("Among those in the room were ...")."""
        return any(c.dep_ == "dobj" and c.tag_ == "NNS" and c.lemma_.lower() in GUEST_NOUNS for c in verb.children)

    def _hosted_for(self, verb: Token) -> set[str]:
        """The guests of what a host holds: 'hosted a tea party for X and Y', 'will host a
        banquet in honour of X'."""
        return {p for obj in verb.children if obj.dep_ == "dobj" and obj.lemma_.lower() in lx.HOSTED_EVENTS
                for p in self._guests_of(obj) | self._honoured(verb) | self._attending(obj)}

    def _guests_of(self, noun: Token) -> set[str]:
        return self._persons_under(_preps(noun, ("for",))) | self._honoured(noun)

    def _honoured(self, head: Token) -> set[str]:
        """'in honour of X': X is the guest."""
        return self._persons_under(of for prep in _preps(head, ("in",)) for pobj in prep.children
                                   if pobj.lower_ in ("honour", "honor") for of in _preps(pobj, ("of",)))

    def _attending(self, event: Token) -> set[str]:
        """'a banquet ..., which X and Y are also expected to attend': its guests too."""
        found: set[str] = set()
        for t in self.doc[event.i + 1:event.sent.end]:
            if t.lower_ not in ("which", "that"):
                continue
            # "which X will attend", "which X are expected to attend" (the parser makes 'which' a subject)
            verbs = [t.head, *(c for c in t.head.children if c.dep_ == "xcomp")]
            for verb in (v for v in verbs if v.lemma_.lower() in ("attend", "join")):
                found |= self._subject_of(verb)
        return found

    def _together_with(self, verb: Token) -> set[str]:
        """'together with X', 'alongside X' on the verb: X did it too, in the same place."""
        # the parser may hang an opening "Together with X," on a dateline: any such phrase whose
        # first verb above is this one
        sent = self.sents[self.sent_of[verb.i]]
        preps = [p for p in (self.doc[i] for i in self._withs if sent.start <= i < sent.end) if p.dep_ == "prep"
                 and next((a for a in p.ancestors if a.pos_ in ("VERB", "AUX")), None) == verb]
        return self._persons_under(
            p for p in preps if p.lower_ == "alongside" or any(c.lower_ == "together" for c in p.children)
            or p.i > 0 and self.doc[p.i - 1].lower_ == "together")

    def _located_pair(self, verb: Token) -> bool:
        """'X and Y talk in Geneva', 'X and Y speak, seated inside the
        cathedral of Z': two named people doing it together at a named place."""
        if not any(c.dep_ == "nsubj" for c in verb.children) or len(self._subject_of(verb)) < 2:
            return False
        clause = [t for t in verb.subtree if not _in_side_clause(t, {verb.i}, ("relcl", "ccomp"))]
        if _in_person(verb) or re.search(r"\bface[ -]to[ -]face\b", " ".join(t.lower_ for t in clause)):
            return True
        return any(self._places_in(pobj) for t in clause if t.dep_ == "prep" and t.lower_ in ("in", "at", "inside")
                   for pobj in t.children)  # "..., seated on two chairs inside St Peter's Basilica"

    def _in_presence_of(self, verb: Token) -> set[str]:
        """'in the presence of X', 'in X's presence': X was there too."""
        return {p for t in verb.subtree if t.lower_ == "presence" for x in t.subtree
                if (p := self.names.person_for_token(x))}

    def _partner_named(self, noun: Token) -> bool:
        """'negotiations with X', 'held negotiations in Doha with X'."""
        return self._has_with(noun) or noun.dep_ == "dobj" and self._has_with(noun.head)

    def _has_with(self, tok: Token) -> bool:
        return any(c.lower_ in ("with", "between", "among") for c in tok.children)

    def _persons_right_of(self, verb: Token) -> set[str]:
        """When the parse gives a meeting verb no object ("Erdogan hosted Hamas leader Ismail
        Haniyeh and ..." read as an adjective), the names that follow it up to the next clause,
        place or time phrase."""
        if verb.lemma_.lower() not in lx.MEET_VERBS or any(c.dep_ in ("auxpass", "agent") for c in verb.children):
            return set()
        found: set[str] = set()
        for t in self.doc[verb.i + 1:min(verb.sent.end, verb.i + 16)]:
            if t.pos_ in ("VERB", "AUX") or t.lower_ in ("in", "at", "on", "for", "to", "during", ";", ".", "who", "which"):
                break
            person = self.names.person_for_token(t)
            if person:
                found.add(person)
        return found

    def _object_persons(self, tok: Token) -> set[str]:
        found: set[str] = set()
        for child in tok.children:
            if child.dep_ in ("dobj", "obj", "nsubjpass"):
                found |= self._persons_in_phrase(child)
        return found

    # ---- participants -------------------------------------------------------------------

    def _persons_under(self, links: Iterable[Token]) -> set[str]:
        """Persons named in what prepositions or agents govern ("with X", "on X", "by X")."""
        return {p for link in links for obj in link.children for p in self._persons_in_phrase(obj)}

    def _persons_in_phrase(self, tok: Token) -> set[str]:
        """Persons a noun phrase names: names anywhere in it (heads, conjuncts, appositions,
        "officials, including X"), but not inside its clauses, possessors or 'of' phrases
        ("Macron's envoy" and "the wife of X" name someone else); group nouns ("the two
        leaders") and pronouns resolved to the article's people."""
        found: set[str] = set()
        stack = [tok]
        while stack:
            t = stack.pop()
            person = self._person_at(t)
            if person:
                found.add(person)
            elif t.lower_ in lx.GROUP_NOUNS and any(c.lower_ in ("two", "both") for c in t.children) \
                    or t.lower_ in ("two", "both") and t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") \
                    or any(c.lower_ in ("two", "both") and any(d.lower_ == "the" for d in c.children) for c in t.children):
                found |= self._recent_pair(t)  # "the two leaders", "the two last met"
            elif t.lower_ in ("they", "them", "their") and t.pos_ == "PRON" and not _introduces_list(t):
                found |= self._plural_antecedent(t)
            elif t.lower_ in lx.PERSON_NOUNS and t.pos_ == "NOUN":
                # "his Turkish counterpart Hakan Fidan", which the parser may split from its name
                named = self.names.person_for_token(self.doc[t.i + 1]) if t.i + 1 < len(self.doc) else None
                if not named and t.i + 2 < len(self.doc) and self.doc[t.i + 1].text == ",":
                    named = self._name_after_comma(self.doc[t.i + 2])  # "by the emir, Sheikh Tamim ..."
                if not named and any(c.lower_ in ("the", "his", "her", "their") for c in t.children):
                    named = self._described_person(t)  # "the Hungarian leader", "his Iranian counterpart"
                if named:
                    found.add(named)
            for child in t.children:
                if child.dep_ in PHRASE_BARRIERS:
                    continue
                # "Minister of State for External Affairs Kirti Vardhan Singh", "Ambassador to China
                # Igor Morgulov": a title's own of/for/to phrases lead to the name; other
                # prepositional phrases name others.
                title_phrase = t.lower_ in lx.ROLE_HEADS and t.text[:1].isupper() \
                    and child.lower_ in ("of", "for", "to")
                if child.dep_ == "prep" and child.lower_ not in PHRASE_PREPS and not title_phrase:
                    continue
                stack.append(child)
        return found

    def _name_after_comma(self, tok: Token) -> str | None:
        """A name right after 'the emir,' that the parser failed to attach as an apposition, but
        not the subject of a new clause ('met the president, Lula said')."""
        while tok.lower_ in lx.TITLE_WORDS and tok.i + 1 < len(self.doc):
            tok = self.doc[tok.i + 1]  # "the emir, Sheikh Tamim ..."
        person = self.names.person_for_token(tok)
        if person is None:
            return None
        name_head = tok
        while name_head.dep_ in ("compound", "flat") and self.names.person_for_token(name_head.head) == person:
            name_head = name_head.head
        return None if name_head.dep_ in ("nsubj", "nsubjpass") else person

    def _person_at(self, tok: Token) -> str | None:
        person = self.names.person_for_token(tok)
        if person:
            return person
        if tok.lower_ in ("who", "whom") and tok.head.dep_ == "relcl":
            return self._person_at(tok.head.head)  # "Ruto, who met Tinubu"
        if tok.pos_ == "PRON" and tok.lower_ in ("he", "she", "him", "her", "his"):
            return self._resolve_pronoun(tok)
        # A name token may head a phrase whose name is on a compound child ("President Ruto").
        for child in tok.children:
            if child.dep_ == "compound":
                p = self.names.person_for_token(child)
                if p:
                    return p
        return None

    def _resolve_pronoun(self, tok: Token) -> str | None:
        """he/she/him/her: the nearest subject person before it (this sentence, then the one
        before), else the article's most mentioned person; never a person named among the same
        verb's other arguments ("Dhankhar called on her": her is not Dhankhar)."""
        excluded = self._co_arguments(tok)
        owner = self._relative_owner(tok)
        if owner and owner not in excluded:
            return owner  # "Albanese's visit to China, when he met Xi"
        sent = self.sent_of[tok.i]
        for s in (self.sents[sent], self.sents[sent - 1] if sent else None):
            if s is None:
                continue
            subjects = [t for t in s if t.dep_ in ("nsubj", "nsubjpass") and t.i < tok.i]
            for t in reversed(subjects):
                # "Raisi's plane landed ..., where he was welcomed": the subject's owner
                owners = [c for c in t.children if c.dep_ == "poss"]
                for candidate in (t, *owners):
                    p = self._named_person(candidate)
                    if p is None and candidate.lemma_.lower() in lx.PERSON_NOUNS:
                        p = self._described_person(candidate)  # "The Chinese leader arrived ... He was"
                    if p and p not in excluded:
                        return p
        ranked = [p for p, _ in self.names.counts.most_common() if p not in excluded]
        return ranked[0] if ranked else None

    def _relative_owner(self, pronoun: Token) -> str | None:
        """The subject of a when/where clause on a person's visit or trip is that person."""
        clause = pronoun.head
        if pronoun.dep_ not in ("nsubj", "nsubjpass"):
            return None
        if clause.dep_ == "relcl":
            nouns = [clause.head]
        elif clause.dep_ == "advcl" and any(c.lower_ in ("when", "where") for c in clause.children):
            nouns = [c for c in clause.head.children if c.dep_ in ("dobj", "nsubj") and c.i < clause.i]
        else:
            return None
        owners = [c for n in nouns if n.lemma_.lower() in TRIP_NOUNS for c in n.children if c.dep_ == "poss"]
        return self._named_person(owners[0]) if owners else None

    def _named_person(self, tok: Token) -> str | None:
        """The person a name or a relative pronoun ('who' -> its antecedent) stands for."""
        if tok.lower_ in ("who", "whom") and tok.head.dep_ == "relcl":
            tok = tok.head.head
        return self.names.person_for_token(tok)

    def _co_arguments(self, pronoun: Token) -> set[str]:
        """Persons named (by name) as other arguments of the verb the pronoun belongs to (none
        for a possessive: "Cho held his first talks" is Cho's)."""
        if pronoun.dep_ == "poss":
            return set()
        verb = pronoun.head.head if pronoun.head.pos_ == "ADP" else pronoun.head
        governors = [verb]
        if verb.pos_ == "NOUN" and verb.dep_ in ("dobj", "pobj", "nsubj"):
            governors.append(verb.head)  # "Xi held talks with him": Xi is an argument too
        found: set[str] = set()
        if pronoun.dep_ not in ("nsubj", "nsubjpass") and verb.pos_ == "VERB":
            found |= self._subject_of(verb)  # "Ruto is expected to meet him"
        for child in (c for g in governors for c in g.children):
            heads = [g for g in child.children if g.dep_ == "pobj"] if child.dep_ in ("prep", "agent") else [child]
            for h in heads:
                if h.i == pronoun.i or h.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "dative"):
                    continue
                found |= {p for t in h.subtree if (p := self._named_person(t))}
        return found

    def _recent_pair(self, tok: Token) -> set[str]:
        """'The two (leaders)': the two people this sentence (before the words) or the one before
        joins by 'and'; else the pair of the meeting told of a few sentences before ("... met X
        on the sidelines. [quotes, a call with Z] The two leaders last met in April"); else the
        two most mentioned people of the article among those named in this sentence and the two
        before."""
        here = self.sent_of[tok.i]
        pair = self._pair_met_before(tok)
        if pair:
            return pair  # "X welcomed Y at the Z, where the two leaders then held talks"
        start = self.sents[max(0, here - 1)].start
        for t in self.doc[start:tok.i]:
            joined = {p for x in (t, *t.conjuncts) if x.i < tok.i and (p := self.names.person_for_token(x))}
            if len(joined) == 2:
                return joined  # "Petro and Lula held no separate meeting. The two last met ..."
        subjects = self._recent_subjects(tok)
        if len(subjects) == 2:
            return subjects  # "X flew in overnight. Y was also there, and the two men were filmed ..."
        if self._last_pair and here - self._last_pair_sent <= PAIR_SENTENCES:
            return set(self._last_pair)
        first = self.sents[max(0, here - 2)].start
        window = {p for t in self.doc[first:tok.sent.end] if (p := self.names.person_for_token(t))}
        if sum(map(self._holds_office, window)) < 2 and tok.head.lemma_.lower() in lx.MEET_VERBS:
            # one office holder so far: look a little further, both ways ("Mr. X's participation
            # ... when the two leaders met ... Mr. X's remarks")
            last = self.sents[min(len(self.sents) - 1, here + 1)].end
            wider = {p for t in self.doc[self.sents[max(0, here - 3)].start:last]
                     if (p := self.names.person_for_token(t))}
            if sum(map(self._holds_office, wider)) >= 2:
                window = {p for p in wider if self._holds_office(p)}
        # leaders before others named nearby ("the killing of activist X")
        ranked = sorted(window, key=lambda p: (not self._holds_office(p), -self.mentions[p], p))
        if len(ranked) >= 2:
            return set(ranked[:2])
        return set(self._last_pair)  # "... he was welcomed with a ceremony. The two leaders held talks"

    def _holds_office(self, person: str) -> bool:
        return any(w in lx.ROLE_HEADS for role in self.names.roles.get(person, ()) for w in role.lower().split())

    def _recent_subjects(self, tok: Token) -> set[str]:
        """The persons who are the subjects of the clauses of this sentence before the words,
        and of the sentence before, when there are just two of them."""
        here = self.sent_of[tok.i]
        found = {p for t in self.doc[self.sents[max(0, here - 1)].start:tok.i]
                 if t.dep_ in ("nsubj", "nsubjpass") and t.head.lemma_.lower() not in SPEECH_VERBS  # not a source
                 and (p := self.names.person_for_token(t))}
        return found if len(found) == 2 else set()

    def _pair_met_before(self, tok: Token) -> set[str]:
        """The two people a meeting verb earlier in the sentence brings together, when 'the two'
        stands in a clause under it."""
        if self._in_pair_lookup:
            return set()
        self._in_pair_lookup = True
        try:
            for verb in tok.ancestors:
                if verb.pos_ == "VERB" and verb.lemma_.lower() in lx.MEET_VERBS and verb.i < tok.i:
                    pair = self._verb_participants(verb)
                    return pair if len(pair) == 2 else set()
            return set()
        finally:
            self._in_pair_lookup = False

    def _plural_antecedent(self, tok: Token) -> set[str]:
        """'they': the people of the last plural subject ("Scholz and Macron ... they held"); 'X
        shook hands with Y before their meeting': the verb's subject and partner."""
        verb = next((a for a in tok.ancestors if a.pos_ == "VERB"), None)
        if verb is not None and tok.lower_ == "their":
            pair = self._subject_of(verb) | self._persons_under(_preps(verb, ("with",)))
            if len(pair) >= 2:
                return pair
        first = self.sents[max(0, self.sent_of[tok.i] - PLURAL_SENTENCES)].start
        for t in reversed(self.doc[first:tok.i]):
            if t.dep_ in ("nsubj", "nsubjpass") and t.conjuncts:
                people = {p for x in (t, *t.conjuncts) if (p := self.names.person_for_token(x))}
                if len(people) >= 2:
                    return people
        return set(self._last_pair)  # "The two leaders last met ... Their previous encounter"

    def _described_person(self, noun: Token) -> str | None:
        """'the Hungarian leader', 'the French president': the one person of the article whose
        roles carry that adjective."""
        modifiers = [c for c in noun.children if c.dep_ in ("amod", "compound") and c.text[:1].isupper()]
        if not modifiers:
            return None
        adjectives = {c.lower_ for c in modifiers}
        # "the Azerbaijani leader" for "Azerbaijan's President Ilham Aliyev": the same country
        nation = self.places.gazetteer.country_for_name(" ".join(c.text for c in modifiers))
        matches = {p for p, roles in self.names.roles.items()
                   if any(adjectives <= {w.lower() for w in role.split()}
                          or nation is not None and self._role_nation(role) == nation for role in roles)}
        if nation is not None:  # "Mexico's X ... the Mexican leader"
            matches |= {p for p, named in self.names.nations.items()
                        if any(self.places.gazetteer.country_for_name(n) == nation for n in named)}
        title = noun.lemma_.lower()
        if len(matches) > 1 and title in lx.ROLE_HEADS and title != "leader":
            # "a Chinese premier": the one whose title it is
            matches = {p for p in matches if any(title in r.lower().split() for r in self.names.roles[p])} or matches
        if len(matches) > 1:
            # "the Chinese leader" among a president, a premier and a state councillor: the one
            # the story is about, when the story is clearly more about one of them
            ranked = sorted(matches, key=lambda p: -self.names.counts[p])
            if self.names.counts[ranked[0]] >= 2 * self.names.counts[ranked[1]]:
                return ranked[0]
        return matches.pop() if len(matches) == 1 else None

    def _role_nation(self, role: str) -> str | None:
        words = [w.removesuffix("'s").removesuffix("’s") for w in role.split() if w.lower() not in lx.TITLE_WORDS]
        return self.places.gazetteer.country_for_name(" ".join(words)) if words else None

    def _subject_of(self, verb: Token) -> set[str]:
        """Subject persons of a verb, climbing through 'is due to meet', 'expected to meet',
        'travelled to Moscow for talks' to the clause that has one."""
        cur: Token | None = verb
        for _ in range(5):
            if cur is None:
                break
            subjects = [c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
            if subjects:
                found: set[str] = set()
                for s in subjects:
                    if s.lower_ in ("who", "that") and cur.dep_ == "relcl":
                        s = cur.head  # "Lula and Petro, who last met": the relative's antecedent
                    found |= self._persons_in_phrase(s)
                    if s.lemma_.lower() in TRIP_NOUNS:  # "the first visit by a Chinese premier ... held talks"
                        found |= self._persons_under(_preps(s, ("by",)))
                if found or cur.dep_ != "conj":
                    return found
                cur = cur.head  # "X came to Y last June, the first visit ..., and held talks": X
                continue
            if cur.dep_ in ("xcomp", "advcl", "conj", "ccomp", "acl", "relcl", "pcomp", "prep", "pobj") or cur.dep_ == "acomp":
                if cur.dep_ == "relcl":
                    return self._persons_in_phrase(cur.head)
                if cur.dep_ == "acl":
                    return self._persons_in_phrase(cur.head)
                cur = cur.head
            else:
                break
        return set()

    def _verb_participants(self, verb: Token) -> set[str]:
        found = set(self._subject_of(verb)) or self._stranded_subject(verb)
        objects = self._object_persons(verb) or self._persons_right_of(verb)
        found |= objects | self._misplaced_agent(verb) | self._on_hand(verb)
        for child in verb.children:
            if child.dep_ in ("dobj", "obj", "dative"):
                found |= self._persons_in_phrase(child)
            elif child.dep_ == "agent" or child.dep_ == "prep" and child.lower_ in ("with", "by", "between", "among"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found |= self._persons_in_phrase(pobj)
            elif objects and child.dep_ in ("npadvmod", "conj", "appos") and child.i > verb.i:
                # "hosted A, B and C": a long list the parser breaks up under the verb
                if self.names.person_for_token(child):
                    found |= self._persons_in_phrase(child)
        return found

    def _misplaced_agent(self, verb: Token) -> set[str]:
        """'was received at the aircraft steps by X': the parser hangs the passive's 'by' on the
        noun of the phrase before it."""
        if not any(c.dep_ == "auxpass" for c in verb.children) or any(c.dep_ == "agent" for c in verb.children):
            return set()
        return self._persons_under(t for t in _phrase_tokens(verb) if t.dep_ == "prep" and t.lower_ == "by"
                                   and t.head.dep_ == "pobj" and t.head.head.lower_ in ("at", "on", "in", "of"))

    def _on_hand(self, verb: Token) -> set[str]:
        """'..., with the foreign minister X also on hand / present / in attendance': there too."""
        found: set[str] = set()
        sent = self.sents[self.sent_of[verb.i]]
        for prep in (self.doc[i] for i in self._withs if verb.i < i < sent.end and self.doc[i].lower_ == "with"):
            # the parser splits the absolute phrase, so read it up to its comma
            end = next((t.i for t in self.doc[prep.i:sent.end] if t.is_punct), sent.end)
            phrase = self.doc[prep.i:end]
            words = [t.lower_ for t in phrase]
            if "present" in words or "attendance" in words or any(
                    a == "on" and b == "hand" for a, b in zip(words, words[1:])):
                found |= {p for t in phrase if (p := self.names.person_for_token(t))}
        return found

    def _stranded_subject(self, verb: Token) -> set[str]:
        """The subject the parser hung elsewhere when an opening phrase and an aside come first
        ("On the sidelines of the summit, X, on her first trip abroad, held talks with Y"): the
        last name before the verb that no other verb governs."""
        if verb.dep_ not in ("ROOT", "conj") or any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children):
            return set()
        for t in reversed(self.doc[verb.sent.start:verb.i]):
            person = self.names.person_for_token(t)
            if person and t.dep_ != "compound":
                governors = [a for a in t.ancestors if a.pos_ in ("VERB", "AUX")]
                return {person} if governors and governors[0].i == verb.i else set()
        return set()

    def _noun_participants(self, noun: Token) -> set[str]:
        found: set[str] = set()
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in ("on", "about", "over"):
                found |= self._partners_after_topic(child)  # "talks on trade with X"
            elif child.dep_ == "prep" and (child.lower_ in ("with", "between", "among", "of")
                                         or child.lower_ in ("from", "by") and noun.lemma_.lower() in lx.HOSTING_NOUNS):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found |= self._persons_in_phrase(pobj)
            elif child.dep_ == "poss" and child.lower_ == "their" and not _owned_by_a_group(noun):
                found |= self._plural_antecedent(child)  # "Modi and Xi ... at their summit"
            elif child.dep_ in ("poss", "compound", "nmod", "amod"):
                found |= self._compound_persons(child)
        if noun.dep_ == "dobj" and noun.head.lemma_.lower() in LIGHT_VERBS:
            # "held talks in Muscat on Monday with X": the parser hangs the partner on the verb
            found |= self._persons_under(_preps(noun.head, ("with", "between")))
        # Hyphenated pairs "Modi-Xi meeting" are split into compound tokens.
        for t in noun.subtree:
            if t.i < noun.i and t.dep_ in ("compound", "nmod", "amod", "npadvmod") and self.names.person_for_token(t):
                found.add(self.names.person_for_token(t))
        # "a welcome ceremony for X", "a dinner for X": the guests of what the owner holds
        for event in (noun, noun.head if noun.dep_ == "compound" else None):
            if event is not None and event.lemma_.lower() in lx.HOSTED_EVENTS:
                found |= self._guests_of(event)
        with_partner = bool(found)
        owner = self._noun_owner(noun)
        found |= owner
        if len(found) == 1 and with_partner and not owner:
            # "A meeting with Ruto is due": the visitor the article is about is the other side.
            dominant = self.dominant
            if dominant and dominant not in found:
                found.add(dominant)
        # "a welcome ceremony hosted by X": the clause hangs on the compound's head
        return found | self._arrangers(noun) | (self._arrangers(noun.head) if noun.dep_ == "compound" else set())

    def _arrangers(self, noun: Token) -> set[str]:
        """'talks hosted by X', 'a meeting chaired by X'; the parser may hang the clause on the
        verb ('held two days of talks in Almaty, hosted by X')."""
        clauses = [c for c in noun.children if c.dep_ in ("acl", "relcl")]
        # "a welcome ceremony at the palace, hosted by X": the parser hangs it on the venue
        clauses += [c for prep in _preps(noun, ("at", "in")) for venue in prep.children
                    if venue.i in self.places.token_place for c in venue.children if c.dep_ == "acl"]
        if noun.head.pos_ in ("NOUN", "VERB", "ADP") and noun.dep_ in ("pobj", "dobj"):
            owner_verb = noun.head.head if noun.head.pos_ in ("ADP", "NOUN") else noun.head
            clauses += [c for c in owner_verb.children if c.dep_ == "advcl" and c.tag_ == "VBN"]
        return {p for clause in clauses if clause.lemma_.lower() in lx.ARRANGE_VERBS
                for p in self._persons_under(_agents(clause))}

    def _partners_after_topic(self, prep: Token) -> set[str]:
        """'talks on trade and investment with X': the parser hangs 'with X' on the topic."""
        found: set[str] = set()
        for pobj in (g for g in prep.children if g.dep_ == "pobj"):
            for topic in (pobj, *pobj.conjuncts):
                for c in topic.children:
                    if c.dep_ == "prep" and c.lower_ in ("with", "between"):
                        found |= self._persons_under([c])
        return found

    def _compound_persons(self, tok: Token) -> set[str]:
        found = set()
        person = self._person_at(tok)
        if person:
            found.add(person)
        for c in tok.conjuncts:
            p = self._person_at(c)
            if p:
                found.add(p)
        return found

    def _noun_owner(self, noun: Token) -> set[str]:
        """Who holds the meeting a noun names: the subject of the verb it depends on
        ('Modi travelled to Beijing for talks with Xi', 'Wang held talks with Modi')."""
        head = noun.head
        hops = 0
        while head.pos_ not in ("VERB", "AUX") and head.dep_ != "ROOT" and hops < 3:
            if head.pos_ in ("NOUN", "PROPN") and head.lower_ not in lx.MEETING_NOUNS | lx.AMOUNT_NOUNS and hops > 0:
                return set()
            head = head.head
            hops += 1
        if head.pos_ in ("VERB", "AUX"):
            if noun.dep_ in ("nsubj", "nsubjpass"):
                return set()  # "the meeting will cover arms sales": the verb is not the meeting's
            if noun.dep_ == "attr" and head.lemma_ == "be":
                return set()
            return self._subject_of(head) or self._stranded_subject(head)
        return set()

    # ---- filters ------------------------------------------------------------------------

    def _remote(self, tok: Token) -> bool:
        """Phone calls, video links, letters: not in-person meetings. Looks at the trigger's
        neighbours and at its own clause (not at other clauses of the sentence)."""
        window = self.doc[max(tok.sent.start, tok.i - 6):min(tok.sent.end, tok.i + 7)]
        # the clause, not the verbs joined to it ("met X in Moscow and handed him a written message")
        clause = self._clause_of(tok)
        joined = {t.i for c in clause.children if c.dep_ == "conj" and c.pos_ == "VERB" for t in c.subtree}
        own = [t for t in _own_clause(clause) if t.i not in joined]
        words = {t.lower_ for t in window} | {t.lower_ for t in own}
        text = window.text.lower() + " " + " ".join(t.lower_ for t in own)
        if "courtesy call" in text or any(t.lemma_.lower() == "call" and self._calls_on(t) for t in window):
            words -= {"call", "called"}  # a call on someone is a visit (not "a call on social media")
        return bool(words & lx.REMOTE_WORDS) or bool(re.search(r"by (?:tele)?phone|via video|video ?link|phone call", text))

    def _negated(self, tok: Token) -> bool:
        if any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
            return True  # "held no separate meeting"
        chain = [tok, *list(tok.ancestors)[:2]]
        for t in chain:
            if any(c.dep_ == "neg" for c in t.children):
                return True
            if t.i != tok.i and t.lemma_.lower() in lx.CANCEL_GOVERNORS:
                return True
            if t.i != tok.i and t.lemma_.lower() in ("call", "rule") and any(c.lower_ in ("off", "out") for c in t.children):
                return True  # "called off the talks", "ruled out a meeting"
        return False

    # ---- status and date ----------------------------------------------------------------

    def _status(self, tok: Token) -> tuple[Status, str | None]:
        """Planned when a modal, a future or a plan word governs the trigger; held when it is
        in the past tense; otherwise held (news present tense reports what happens)."""
        if tok.pos_ in ("NOUN", "PROPN") and self._modal_follows(tok):
            return Status.PLANNED, "future"
        if tok.pos_ == "VERB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) \
                and (tok.dep_ == "ROOT" or tok.head.pos_ in ("PROPN", "NOUN") and tok.dep_ in ("acl", "relcl")):
            return Status.PLANNED, "future"  # headline style: "Macron to host Scholz"
        chain = _up_to_time_clause([tok, *list(tok.ancestors)[:4]])
        for t in chain:
            if t.i != tok.i and tok.dep_ in ("nsubj", "nsubjpass") and t.i == tok.head.i and any(
                    c.dep_ in ("acomp", "xcomp", "attr") and c.lemma_.lower() in lx.PLAN_GOVERNORS for c in t.children):
                return Status.PLANNED, "future"  # "a meeting ... is due to take place"
            for c in t.children:
                if c.dep_ in ("aux", "auxpass") and c.lower_ in lx.MODAL_PLANNED:
                    return Status.PLANNED, "future"
                if c.dep_ == "aux" and c.lower_ == "to" and t.head.lemma_.lower() in lx.PLAN_GOVERNORS | {"be"} and t.i != tok.sent.root.i or c.lower_ in ("ahead",):
                    if t.head.tag_ not in ("VBD",) or t.head.lemma_.lower() in lx.PLAN_GOVERNORS:
                        return Status.PLANNED, "future"
            if t.lemma_.lower() in lx.PLAN_GOVERNORS and t.i != tok.i \
                    and not (t.lemma_.lower() == "go" and t.tag_ != "VBG"):  # "going to meet", not "went into a meeting"
                if any(c.lower_ in ("was", "were", "had") for c in t.children) and t.lemma_ not in ("due", "expect"):
                    break
                return Status.PLANNED, "future"
            if t.lower_ == "ahead":
                return Status.PLANNED, "future"
            if t.tag_ in ("VBD",) or t.tag_ == "VBN" and any(c.lower_ in ("has", "have", "had") for c in t.children):
                return Status.HELD, "past"
        # "for a meeting with" under a present progressive ("is making his way ... for a meeting").
        if tok.head.lower_ == "for" and tok.head.head.tag_ in ("VBG", "VBZ", "VBP"):
            return Status.PLANNED, "future"
        if tok.head.lower_ == "of" and tok.head.head.lower_ in ("agenda", "preparation", "preparations", "eve"):
            return Status.PLANNED, "future"
        return Status.HELD, None

    def _modal_follows(self, tok: Token) -> bool:
        """'his summit with X will take place': a modal before the next verb after a noun."""
        for t in self.doc[tok.i + 1:min(tok.sent.end, tok.i + 8)]:
            if t.pos_ == "VERB":
                return False
            if t.lower_ in lx.MODAL_PLANNED and t.tag_ == "MD":
                return True
        return False

    def _status_from_date(self, date: PartialDate, status: Status) -> Status:
        ref = self.ref
        if ref is None:
            return status
        if date.year != ref.year:
            return Status.HELD if date.year < ref.year else Status.PLANNED
        if date.precision == "day" and ref.precision == "day":
            return Status.HELD if date.as_date() < ref.as_date() else status
        return status

    def _date(self, tok: Token, tense: str | None) -> tuple[PartialDate | None, bool]:
        """The date attached to the trigger (its phrase, its clause), normalised."""
        candidates = list(self.dates_in[self.sent_of[tok.i]])
        if not candidates:
            return None, False
        clause_head = self._clause_of(tok)
        clause = set(t.i for t in clause_head.subtree)
        heading = [e for e in candidates if _heads_its_line(e)]
        candidates = [e for e in candidates if e.start not in clause or self._dates_meeting(e.root, tok, clause_head)] \
            or heading  # a timeline's entry: "11 April\nX and Y talk ..." 
        ranked = sorted(candidates, key=lambda e: (e.start not in clause, e.start < tok.i, abs(e.start - tok.i)))
        for ent in ranked:
            resolved = dates.resolve(_with_preposition(ent), self.ref, tense)
            if resolved:
                return self._in_sentence_year(resolved, ent, tense), True
        return None, False

    def _heading_date(self, tok: Token, tense: str) -> PartialDate | None:
        """The date of the timeline entry a meeting is told in."""
        texts = [text for start, text in self.headings if start <= tok.i]
        return dates.resolve(texts[-1], self.ref, tense) if texts else None

    def _in_sentence_year(self, date: PartialDate, ent: Span, tense: str | None) -> PartialDate:
        """A month and day without a year take the year another date of the sentence names:
        "a visit from Oct. 30 to Nov. 1 last year, ... talks in Beijing on Oct. 31"."""
        if not date.month or dates.YEAR_ONLY.search(ent.text) or not dates.MONTH_ONLY.search(ent.text):
            return date
        for other in self.dates_in[self.sent_of[ent.start]]:
            named = YEAR_WORDS.search(other.text) if other.label_ == "DATE" and other.start != ent.start else None
            if named is None or named[0][0].isdigit() and not dates.MONTH_ONLY.search(other.text):
                continue  # a bare year ("for 2024-2027") is no date of the same events
            word = named[0].lower()
            if word[0].isdigit():
                year = int(word)
            elif self.ref is None:
                continue
            else:
                year = self.ref.year + (1 if word.startswith("next") else -1)
            return PartialDate(year, date.month, date.day)
        return date

    def _dates_meeting(self, date_root: Token, tok: Token, clause_head: Token) -> bool:
        """Whether a date inside the meeting's clause is the meeting's: it hangs on the trigger or
        the clause's verbs through prepositions and people, not on another thing the clause
        names ("raising trade from $6 billion last year")."""
        if date_root.dep_ == "npadvmod" and date_root.head.pos_ == "ADP":
            return False  # "(up) from $6 billion last year": the time of a figure
        for t in date_root.ancestors:
            if t.i in (tok.i, clause_head.i):
                return True
            if t.pos_ in ("NOUN", "PROPN", "NUM") and t.lemma_.lower() not in lx.MEETING_NOUNS | lx.GATHERING_NOUNS \
                    and t.lemma_.lower() not in lx.TIME_NOUNS | lx.OCCASION_NOUNS \
                    and self.names.person_for_token(t) is None and t.i not in self.places.token_place:
                return False
            if t.pos_ == "VERB" and t.dep_ in ("pcomp", "advcl", "ccomp", "relcl", "acl"):
                return False  # a clause of its own ("focused on raising trade ... last year",
                # "Sybiha, who took office earlier this month")
        return True

    def _in_sequence(self, tok: Token) -> bool:
        """The clause tells what came next on the same occasion: 'also', 'then', 'later',
        'after the talks'."""
        clause = self._clause_of(tok)
        for t in (tok, clause):
            for c in t.children:
                if c.dep_ == "advmod" and c.lower_ in SEQUENCE_WORDS:
                    return True
                if c.dep_ == "prep" and c.lower_ in lx.BACKGROUND_PREPS and any(
                        g.lemma_.lower() in lx.MEETING_NOUNS | lx.GATHERING_NOUNS for g in c.children):
                    return True
        return False

    def _earlier_that_day(self, tok: Token) -> bool:
        """'Earlier, ...' with no date of its own: the day the story is at (the dateline's, in
        a report dated to the day)."""
        if not (self._story_day or self.ref and self.ref.precision == "day"):
            return False
        clause = self._clause_of(tok)
        return any(c.dep_ == "advmod" and c.lower_ == "earlier" and not list(c.children)
                   for t in (tok, clause) for c in t.children) or any(
            g.lower_ in ("morning", "afternoon", "evening") and [d.lower_ for d in g.children] == ["the"]
            for p in _preps(clause, ("in",)) for g in p.children)  # "In the afternoon, X received Y"

    def _narrative_date(self, tok: Token, tense: str) -> PartialDate | None:
        """The day the story is at: an undated meeting a sentence or two after "on Sunday"
        happened that day ("Yoon then received Kishida ..."). Only a day, on the tense's side
        of the publication date."""
        first = max(0, self.sent_of[tok.i] - NARRATIVE_SENTENCES)
        for sent in reversed(self.sents[first:self.sent_of[tok.i]]):
            for ent in reversed(self.dates_in[self.sent_of[sent.start]]):
                date = dates.resolve(ent.text, self.ref, tense)
                if date and date.precision == "day" and self.ref and self.ref.precision == "day" \
                        and (date.as_date() <= self.ref.as_date()) == (tense == "past"):
                    return date
        return None

    def _clause_of(self, tok: Token) -> Token:
        """The verb of the clause that states the meeting (for a noun: the verb it depends on,
        or the verb its modal governs: "his summit with X will take place Tuesday")."""
        if tok.pos_ in ("NOUN", "PROPN") and self._modal_follows(tok):
            for t in self.doc[tok.i + 1:tok.sent.end]:
                if t.pos_ == "VERB":
                    return t
        cur = tok
        while cur.pos_ not in ("VERB", "AUX") and cur.dep_ != "ROOT":
            cur = cur.head
        # Climb past "is due to", "expected to" so their dates count.
        while cur.dep_ in ("xcomp",) and cur.head.i != cur.i:
            cur = cur.head
        return cur

    # ---- place --------------------------------------------------------------------------

    def _place(self, tok: Token, participants: set[str], date: PartialDate | None) -> tuple[str | None, bool]:
        """The most specific named place the meeting is held at: in a locative phrase of the
        trigger or its clause; else where the clause says it happens ("the city of X, where
        ..."); else the destination of the trip it is the purpose of ("travelled to X for
        talks"); else the scene of the current visit when the meeting is in the article's present."""
        clause = self._clause_of(tok)
        # "welcomed Raisi to Ankara": a host's verb takes the place with "to".
        preps = ("in", "at", "to") if tok.lemma_.lower() in lx.HOST_VERBS else ("in", "at")
        for found in (self._attached_places(tok, clause, preps), self._where_places(clause), self._destination(clause)):
            if found:
                return max(found, key=self.places.specificity), True
        if self._last_place and _at_the_same_venue(tok, clause):
            return self._last_place, True  # "held talks with X at the same venue"
        if any(c.lower_ == "there" and c.dep_ == "advmod" for t in (tok, clause) for c in t.children):
            named = self._place_named_before(tok)
            if named:
                return named, True  # "... at the summit in Addis Ababa. Ruto will meet him there"
        if self.ref is None or date is None or date.year == self.ref.year:
            scene = self.scene.get(self.sent_of[tok.i])
            if scene:
                return scene, False
        return None, False

    def _place_named_before(self, tok: Token) -> str | None:
        """The last place named before the token, in its sentence or the one before."""
        first = self.sents[max(0, self.sent_of[tok.i] - 1)].start
        for i in range(tok.i - 1, first - 1, -1):
            if i in self.places.token_place:
                return self.places.token_place[i]
        return None

    def _attached_places(self, tok: Token, clause: Token, preps: tuple[str, ...] = ("in", "at")) -> list[str]:
        roots = [tok] if clause.i == tok.i else [tok, clause]
        found: list[str] = []
        for root in roots:
            found += self._places_under(root, preps, through_preps=root.i == tok.i)
        return found

    def _places_under(self, root: Token, preps: tuple[str, ...], through_preps: bool, anywhere: bool = False) -> list[str]:
        """Places named in `preps` phrases of `root`'s own phrase (not of its sub-clauses);
        `anywhere`: also inside its objects ("making his way to Moscow")."""
        found: list[str] = []
        stack = [root]
        while stack:
            t = stack.pop()
            for child in t.children:
                if child.dep_ in PHRASE_BARRIERS and child.dep_ != "poss" or child.dep_ == "appos":
                    continue
                if child.dep_ == "prep":
                    if child.lower_ in preps:
                        for pobj in child.children:
                            found.extend(self._places_in(pobj))
                        continue
                    if t.i == root.i and (not through_preps or child.lower_ not in THROUGH_PREPS):
                        continue
                if child.dep_ in ("npadvmod",) and child.i in self.places.token_place:
                    found.append(self.places.token_place[child.i])
                # Go down only through what can carry the meeting's own place: the phrase's
                # head, its meeting nouns and its people ("talks with Xi in Beijing"), not
                # its topics ("discussed the tensions in the Horn of Africa").
                # "with honours at X", "on a visit to X"; not a topic ("talks on the war in X").
                under_through = child.dep_ == "pobj" and t.lower_ in THROUGH_PREPS and (
                    t.lower_ not in TOPIC_PREPS or child.lemma_.lower() in lx.OCCASION_NOUNS | lx.HOSTED_EVENTS)
                if anywhere or under_through or child.dep_ in ("prep", "agent", "conj", "compound") or self._carries_place(child):
                    stack.append(child)
        return found

    def _carries_place(self, tok: Token) -> bool:
        lemma = tok.lemma_.lower()
        return lemma in lx.MEETING_NOUNS or lemma in lx.GATHERING_NOUNS or lemma in ("sideline", "sidelines", "margin", "margins") \
            or self.names.person_for_token(tok) is not None or tok.pos_ == "AUX" or tok.lower_ in ("who", "whom")

    def _places_in(self, tok: Token) -> list[str]:
        """The named place a prepositional object denotes, also through 'the port city of X'."""
        if tok.i in self.places.token_place:
            return [self.places.token_place[tok.i]]
        capital = self._capital_named(tok)
        if capital:
            return [capital]
        for t in _phrase_tokens(tok):
            if t.i in self.places.token_place and t.dep_ != "appos" and not self._beside(t, tok):
                return [self.places.token_place[t.i]]
        return []

    def _capital_named(self, tok: Token) -> str | None:
        """'the Kazakh capital', "Nigeria's capital": the capital city, when the article names it."""
        if tok.lemma_.lower() != "capital" or tok.pos_ != "NOUN":
            return None
        for mod in (c for c in tok.children if c.dep_ in ("amod", "compound", "poss", "nmod")):
            iso = self.places.gazetteer.country_for_name(mod.text)
            if iso:
                return self.places.capital_of(iso)
        return None

    @staticmethod
    def _beside(place: Token, top: Token) -> bool:
        """'a palace outside Berlin', 'a resort near X': the place is a landmark, not the venue."""
        for t in place.ancestors:
            if t.i == top.i:
                return False
            if t.dep_ == "prep" and t.lower_ in DISTAL_PREPS:
                return True
        return False

    def _where_places(self, clause: Token) -> list[str]:
        """'... the border town of Namanga, where Ruto was greeted by ...': the noun the clause hangs on."""
        while clause.dep_ in ("xcomp", "conj") and clause.head.pos_ in ("VERB", "AUX"):
            clause = clause.head  # "..., where he is expected to meet X"
        if clause.dep_ == "relcl" and any(t.lower_ == "where" for t in clause.subtree if t.i < clause.i):
            head = clause.head
            outer = head.head.head if head.dep_ == "pobj" and head.head.lower_ in ("on", "in") else None
            if outer is not None and outer.i in self.places.token_place and head.i in self.places.token_place:
                return [self.places.token_place[outer.i]]  # "the Great Hall on X Square, where ...": the hall
            if head.i in self.places.token_place:
                return [self.places.token_place[head.i]]
            inside = [self.places.token_place[t.i] for t in head.subtree
                      if t.i in self.places.token_place and t.i < clause.i
                      and not (head.pos_ == "PROPN" and _in_name_of(t, head))][-1:]
            # "will travel to Beijing for the (meeting of the) forum, where he is expected to meet X"
            verb = head
            for _ in range(4):
                if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
                    break
                verb = verb.head
            return inside or self._destination(verb)
        return []

    def _destination(self, clause: Token) -> list[str]:
        # "is scheduled to leave for X, ..., where he will hold talks": the verb's xcomp too
        for head in (clause, clause.head, *(c for c in clause.children if c.dep_ == "xcomp")):
            if head.lemma_.lower() in lx.MOTION_VERBS:
                preps = ("to", "in", "at", "for") if head.lemma_.lower() in ("leave", "depart") else ("to", "in", "at")
                found = self._places_under(head, preps, through_preps=True, anywhere=True)
                if found:
                    return found
        return []

    def _scenes(self) -> dict[int, str]:
        """Per sentence, the city or site where the article's present events take place: the
        dateline, then each 'arrived in X' / 'visit to X' that moves the story (a site only
        for its own sentence: the visitor soon leaves the airport)."""
        scenes: dict[int, str] = {}
        current = None
        arrival_site = None
        movers: dict[int, list[Token]] = defaultdict(list)  # the words that can move the scene, by sentence
        for t in _tokens_among(self.doc, SCENE_IDS):
            movers[self.sent_of[t.i]].append(t)
        for i, s in enumerate(self.sents):
            landed_at = None
            if arrival_site and _pronoun_subject(s.root):
                landed_at = arrival_site  # "X landed at Y Airport. He was received at the steps by Z"
            dateline = self.places.dateline_token
            if dateline is not None and s.start <= dateline < s.end:
                current = self.places.token_place[dateline]
            for t in movers.get(i, ()):
                if city := self._person_is_in_city(t):
                    current = city
                # "arrived in X", "will arrive in X", "heads to X", "X's visit to Y"
                touched_down = t.lemma_ == "touch" and any(c.lower_ == "down" for c in t.children)
                if (t.lemma_.lower() in SCENE_VERBS or touched_down) and t.pos_ in ("VERB", "NOUN") \
                        and not _recalled_trip(t, self.ref, self.dates_in[i]):
                    reached = [q for c in t.children if c.dep_ == "dobj" and t.lemma_ == "reach" and self._traveller(t)
                               for q in self._places_in(c)]  # "reaching the Chinese capital" (not "aid to reach")
                    for p in reached + self._places_under(t, ("in", "at", "to"), through_preps=False, anywhere=True):
                        if self.places.facts[p].kind == PlaceKind.CITY:
                            current = p
                        elif self.places.facts[p].kind == PlaceKind.SITE and landed_at in (None, arrival_site):
                            # "landed at X Airport": the scene of this sentence only; "the X
                            # Complex of Y Airport": the first named, the narrower
                            landed_at = p
            arrival_site = landed_at if landed_at != arrival_site else None
            if landed_at or current:
                scenes[i] = landed_at or current
        return scenes

    # ---- merging and agenda -------------------------------------------------------------

    def _traveller(self, verb: Token) -> bool:
        """A person (or no one named: "after reaching X") does the travelling."""
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if verb.i >= 2 and self.doc[verb.i - 1].lower_ == "to" and self.doc[verb.i - 2].dep_ == "pobj" \
                and self.doc[verb.i - 2].head.lower_ == "for":
            subjects = [self.doc[verb.i - 2]]  # "calling for aid to reach X": the aid does
        return not subjects or any(c.lower_ in ("he", "she", "they") or self.names.person_for_token(c)
                                   or c.lemma_.lower() in lx.PERSON_NOUNS for c in subjects)

    def _person_is_in_city(self, verb: Token) -> str | None:
        """'A day later he was in Doha': the city a person is in moves the scene."""
        if verb.lemma_ != "be" or not any(c.dep_ == "nsubj" and (c.lower_ in ("he", "she", "they")
                                                                 or self.names.person_for_token(c)) for c in verb.children):
            return None
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "in"):
            for pobj in prep.children:
                place = self.places.token_place.get(pobj.i)
                if place and self.places.facts[place].kind == PlaceKind.CITY:
                    return place
        return None

    def _merge(self, mentions: list[MeetingMention]) -> list[MeetingMention]:
        """One meeting per participant set, status and compatible date and place."""
        merged: list[MeetingMention] = []
        for m in mentions:
            for other in merged:
                if self._same_meeting(m, other):
                    self._absorb(other, m)
                    break
            else:
                merged.append(m)
        return merged

    def _same_meeting(self, a: MeetingMention, b: MeetingMention) -> bool:
        if (a.gathering and b.occasion is not None or b.gathering and a.occasion is not None) \
                and a.participants != b.participants:
            return False  # a meeting on the sidelines of a summit is a meeting of its own
        if a.gathering and b.trigger.i in a.anchors or b.gathering and a.trigger.i in b.anchors:
            return a.status == b.status  # "held their first joint summit": the event itself
        if a.gathering or b.gathering:
            # a summit and a sentence that names the same people at it, or three or more of them
            # ("X hosted A, B and C at the palace" at a summit of them all)
            small, large = sorted((a.participants, b.participants), key=len)
            many = b if a.gathering else a  # the other one
            same_people = small == large or len(small) >= 3 and small <= large \
                or len(many.participants) >= 3 and not many.gathering and bool(a.date and b.date) \
                and a.date.precision == b.date.precision == "day"  # the summit's host and guests that day
            return a.status == b.status and same_people \
                and not (a.date and b.date and not a.date.compatible(b.date)) \
                and (a.place is None or b.place is None or a.place == b.place
                     or self._place_contains(a.place, b.place) or self._place_contains(b.place, a.place))
        if a.sent == b.sent and a.status == b.status and (a.participants < b.participants or b.participants < a.participants):
            return True  # "X and Y met in Berlin, when they held a three-way meeting with Z"
        if a.sent == b.sent and a.status == b.status and (_restates(a.trigger, b.trigger) or _restates(b.trigger, a.trigger)):
            return True  # "A and B sit down with C in talks hosted by D"
        if a.participants != b.participants or a.status != b.status or a.meal != b.meal:
            return False  # a banquet for the guest is not the talks of that day
        if self._welcome_before_talks(a, b) or self._welcome_before_talks(b, a):
            return True
        if a.date and b.date and not a.date.compatible(b.date) and (
                a.date_explicit and b.date_explicit or _days_apart(a.date, b.date) > SAME_OCCASION_DAYS):
            return False  # inferred dates (the story's day, the year of a plan) split only when far off
        if a.place_explicit and b.place_explicit and a.place != b.place:
            return self._place_contains(a.place, b.place) or self._place_contains(b.place, a.place)
        return True

    def _welcome_before_talks(self, welcome: MeetingMention, talks: MeetingMention) -> bool:
        """A ceremonial welcome by the host that leads into talks the same day is part of the
        talks, wherever it stood (an airport greeting is not: it is an encounter of its own)."""
        return welcome.ceremony and not talks.ceremony \
            and welcome.date is not None and welcome.date == talks.date and welcome.date.precision == "day" \
            and not (welcome.place and lx.AIRPORT_WORD.search(welcome.place))

    def _place_contains(self, outer: str | None, inner: str | None) -> bool:
        if outer and inner and self.places.facts[inner].kind == PlaceKind.SITE \
                and self.places.facts[outer].kind != PlaceKind.SITE and self.places.geo_of(inner) is None:
            return True  # a venue the gazetteer cannot place: taken to be in the town the article names
        geo_outer, geo_inner = self.places.geo_of(outer), self.places.geo_of(inner)
        if not geo_outer or not geo_inner:
            return False
        if geo_outer.kind == PlaceKind.CITY and geo_inner.kind in (PlaceKind.CITY, PlaceKind.REGION) \
                and geo_outer.population > geo_inner.population:
            return _km_apart(geo_outer, geo_inner) <= CITY_DISTRICT_KM  # "Yongsan" in "Seoul"
        return geo_outer.kind in (PlaceKind.COUNTRY, PlaceKind.REGION) and geo_outer.country_code == geo_inner.country_code

    def _absorb(self, into: MeetingMention, other: MeetingMention) -> None:
        # A welcome joined to talks: the talks' own venue when one is named, else the welcome's.
        if into.ceremony and not other.ceremony:
            if other.place_explicit:
                into.place, into.place_explicit = other.place, other.place_explicit
            into.ceremony = False
        elif other.ceremony and not into.ceremony and into.place_explicit:
            other.place = None
        into.participants = into.participants | other.participants
        if other.date and (into.date is None or other.date_explicit and not into.date_explicit
                           or other.date_explicit == into.date_explicit and _more_precise(other.date, into.date)
                           and into.date.contains(other.date)):
            into.date, into.date_explicit = other.date, other.date_explicit
        if other.place and (not into.place_explicit and other.place_explicit or into.place is None
                            or other.place_explicit and self.places.specificity(other.place) > self.places.specificity(into.place)
                            or other.place_explicit and into.place_explicit and self._place_contains(into.place, other.place)):
            into.place, into.place_explicit = other.place, other.place_explicit
        into.topics |= other.topics
        into.sent = min(into.sent, other.sent)
        into.more_sents.add(other.sent)
        into.more_triggers += [other.trigger, *other.more_triggers]

    def _attach_agenda(self, meetings: list[MeetingMention]) -> None:
        """Topics on a meeting's agenda: named in its own sentence (a specific term, or any term
        with an agenda cue: "to discuss", "talks on", "focused on"), or in the sentences that
        follow and speak of it ("The two leaders also agreed on ...", "At the talks ...", "Xi
        said ...", "Araghchi and Albusaidi discussed ..."); and, when the article has one
        upcoming meeting, in sentences that put something on its agenda ("Several issues will
        be on the table")."""
        by_sent: dict[int, list[MeetingMention]] = defaultdict(list)
        for m in meetings:
            for s in m.all_sents:
                by_sent[s].append(m)
        planned = [m for m in meetings if m.status == Status.PLANNED]
        focus = planned[0] if len(planned) == 1 else None
        # The article's main meeting: the one it speaks of most (then the first). Generic
        # references ("after the talks, the two leaders said ...") are about it.
        main = max(meetings, key=lambda m: (len(m.all_sents), -m.sent), default=None)
        current, since = None, -1
        cues: dict[int, list[Token]] = defaultdict(list)  # agenda cue words, by sentence
        for tok in _tokens_among(self.doc, AGENDA_CUE_IDS):
            if tok.lemma_.lower() in lx.AGENDA_CUES:
                cues[self.sent_of[tok.i]].append(tok)
        for i, sent in enumerate(self.sents):
            if i in by_sent:
                current, since = (by_sent[i][0] if len(by_sent[i]) == 1 else None), i
            found = self.topics.matches(sent)
            # A common word inside a name is no topic ("Border Security Force", "Trade Centre").
            found = [(k, t, w) for k, t, w in found if w > 1 or self.doc[k].ent_type_ not in NAME_ENTITIES]
            scopes = self._cue_scopes(cues.get(i, [])) if found else set()
            cued = [(k, t, w) for k, t, w in found if self._under_cue(self.doc[k], scopes)]
            if i in by_sent:
                self._share_out(by_sent[i], cued)
                continue
            near = current is not None and i - since <= AGENDA_SEGMENT
            if not found and not near:
                continue  # nothing to attach, and no account to follow
            if self._other_contact(sent):
                continue  # a phone call, a letter, officials meeting: another encounter's business
            targets = self._agenda_targets(sent, i, meetings, current if near else None, main, focus, bool(cued))
            if not targets:
                continue
            if near and targets == [current]:
                since = i  # "During the talks ... They agreed ... The two sides also ...": one account
            specific = [(k, t, w) for k, t, w in found if w > 1]
            picked = cued if targets == [focus] and not near else specific + cued
            for m in targets:
                m.topics |= {topic for _, topic, _ in picked}

    def _agenda_targets(self, sent: Span, i: int, meetings: list[MeetingMention], current: MeetingMention | None,
                        main: MeetingMention | None, focus: MeetingMention | None, cued: bool) -> list[MeetingMention]:
        """The meeting whose business a sentence that states no meeting speaks of: the one whose
        participants are its subjects ("Araghchi and Albusaidi discussed ..."), the one just told
        of when one of its participants speaks ("Xi said ...") or when the sentence refers to a
        meeting ("The two leaders also ..."), else the main or the one upcoming meeting."""
        speakers = self._subject_persons(sent)
        if len(speakers) >= 2:
            own = [m for m in meetings if speakers <= m.participants]
            if own:  # the last such meeting told of before, else the first
                before = [m for m in own if min(m.all_sents) <= i]
                return [max(before, key=lambda m: min(m.all_sents)) if before else own[0]]
        # Persons of the article's meetings named here must all be the target's: "For Kishida,
        # the meeting with Xi ..." is not about Xi's welcome by Newsom told of just before.
        named = {p for t in sent if (p := self.names.person_for_token(t))} & {p for m in meetings for p in m.participants}
        if current is not None and not named <= current.participants:
            current = None
        if main is not None and not named <= main.participants:
            main = None
        # A participant's remarks after held talks report the talks ("Xi said ...", "Kishida
        # agreed ..."); before a planned one they are no agenda.
        if current is not None and current.status == Status.HELD and speakers and speakers <= current.participants \
                and self._speaks(sent, speakers):
            return [current]
        if AGENDA_REFERENCE.search(_text_of(sent)):
            if current is not None or main is not None:
                return [current or main]
            return [focus] if focus is not None and cued and named <= focus.participants else []
        return []

    def _speaks(self, sent: Span, speakers: set[str]) -> bool:
        """A speaker's verb says or agrees something ("Xi said", "Kishida agreed"), as opposed to a
        deed or a plan ("she has sought help", "he will travel")."""
        return any(tok.dep_ in ("nsubj", "nsubjpass") and self._person_at(tok) in speakers
                   and tok.head.lemma_.lower() in SPEECH_VERBS for tok in sent)

    def _subject_persons(self, sent: Span) -> set[str]:
        """Named persons who are the subjects of the sentence's verbs ("Xi said", "X and Y agreed")."""
        found = set()
        for tok in sent:
            if tok.dep_ in ("nsubj", "nsubjpass"):
                for t in (tok, *tok.conjuncts):
                    if (p := self._person_at(t)) is not None:
                        found.add(p)
        return found

    def _share_out(self, here: list[MeetingMention], cued: list[tuple[int, str, int]]) -> None:
        """Topics in a sentence that states meetings go to the one whose trigger governs them most
        closely ("was received by the emir and held talks with the premier on X": the talks'),
        and to all of them when no trigger does."""
        for k, topic, _ in cued:
            ancestors = {a.i: depth for depth, a in enumerate(self.doc[k].ancestors)}
            owners = []
            for m in here:
                # a trigger noun stands with its light verb ("hold talks ... on trade")
                words = [w for t in (m.trigger, *m.more_triggers) for w in (t, t.head)
                         if w is t or t.dep_ == "dobj" and w.lemma_.lower() in LIGHT_VERBS]
                depths = [ancestors[w.i] for w in words if w.i in ancestors]
                owners.append((min(depths) if depths else None, m))
            governed = [(d, m) for d, m in owners if d is not None]
            if governed:
                closest = min(d for d, _ in governed)
                owners = [(d, m) for d, m in governed if d == closest]
            for _, m in owners:
                m.topics.add(topic)

    def _other_contact(self, sent: Span) -> bool:
        """A sentence that tells of a phone call, a letter or a video link, or of a meeting of
        unnamed officials ("Officials from both ministries met ..."): its topics are that
        contact's, not the meeting's told of before."""
        for tok in sent:
            if tok.lower_ in LETTERS:
                return True
            # "spoke by phone", not "jointly inaugurated by video link" during the talks
            if tok.lower_ in REMOTE_CONTACT:
                verb = next((a for a in tok.ancestors if a.pos_ == "VERB"), None)
                if verb is not None and verb.lemma_.lower() in CONTACT_VERBS:
                    return True
            if tok.lemma_.lower() in lx.MEET_VERBS | lx.TALK_VERBS | {"hold"} and tok.pos_ in ("VERB", "AUX"):
                # the verb's own subject, or its governor's ("Leaders are expected to discuss")
                verb = tok.head if tok.dep_ == "xcomp" else tok
                if any(self._unnamed_group(c) for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")):
                    return True
        return False

    def _unnamed_group(self, subject: Token) -> bool:
        """'Officials', 'Ministers from both governments': a plural noun without 'the'/'two'/'their'."""
        if subject.tag_ != "NNS" or self.names.person_for_token(subject) is not None:
            return False
        if any(c.dep_ in ("nummod", "poss", "predet") or c.lower_ in ("both", "two") for c in subject.children):
            return False  # "the two ministers", "their delegations": those just named
        has_det = any(c.dep_ == "det" for c in subject.children)
        return not has_det or subject.lemma_.lower() in OFFICIAL_GROUPS

    @staticmethod
    def _cue_scopes(cues: list[Token]) -> set[int]:
        """Tokens whose phrase an agenda cue governs: a cue word itself ("to discuss X", "talks
        on X"), or, for a cue that is an object or a place ("X topped the agenda", "X was on
        the table"), the verb it hangs on."""
        scopes = set()
        for tok in cues:
            while tok.dep_ in ("pobj", "prep", "dobj", "attr") and tok.head.i != tok.i:
                tok = tok.head
            scopes.add(tok.i)
        return scopes

    @staticmethod
    def _under_cue(tok: Token, scopes: set[int]) -> bool:
        return tok.i in scopes or any(a.i in scopes for a in tok.ancestors)

    def _fact(self, m: MeetingMention) -> MeetingFact:
        sentences = sorted(m.all_sents)
        return MeetingFact(participants=tuple(sorted(m.participants)), place=m.place, date=m.date,
                           status=m.status, topics=set(m.topics), sentences=sentences,
                           trigger=m.trigger.text)


def _own_clause(clause: Token) -> list[Token]:
    """The clause's tokens without those of the clauses nested in it."""
    tokens, stack = [], [clause]
    while stack:
        t = stack.pop()
        tokens.append(t)
        stack.extend(c for c in t.children if c.dep_ not in ("advcl", "relcl", "ccomp", "acl"))
    return tokens


def _km_apart(a: GeoMatch, b: GeoMatch) -> float:
    """Great-circle distance (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _phrase_tokens(tok: Token) -> Iterator[Token]:
    """The tokens of a noun phrase without its clauses ("headquarters, where they discussed the
    Korean Peninsula" names no place but the headquarters)."""
    yield tok
    for child in tok.children:
        if child.dep_ not in ("relcl", "acl", "advcl", "ccomp"):
            yield from _phrase_tokens(child)


def _in_name_of(tok: Token, head: Token) -> bool:
    """'China' in 'the China-CELAC Forum': a word of the name, not a place the phrase names."""
    while tok.dep_ == "compound" and tok.i != head.i:
        tok = tok.head
    return tok.i == head.i


def _preps(head: Token, words: tuple[str, ...]) -> Iterator[Token]:
    """`head`'s prepositions that are one of `words`."""
    return (c for c in head.children if c.dep_ == "prep" and c.lower_ in words)


def _agents(head: Token) -> Iterator[Token]:
    """`head`'s passive agents ("hosted by ...")."""
    return (c for c in head.children if c.dep_ == "agent")


def _up_to_time_clause(chain: list[Token]) -> list[Token]:
    """A verb's governors up to the clause 'as/when/while ...' it stands in: 'allies agree
    a goal as Trump meets Zelenskiy' plans nothing for the meeting."""
    for n, t in enumerate(chain):
        if t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in TIME_MARKS for c in t.children):
            return chain[:n + 1]
    return chain


def _owned_by_a_group(noun: Token) -> bool:
    """'Russian and Ukrainian delegations hold their first talks': 'their' is the clause's own
    subject, a group of unnamed people."""
    verb = noun.head
    subjects = [c for c in verb.children if c.dep_ == "nsubj"] if verb.pos_ in ("VERB", "AUX") else []
    return any(s.tag_ == "NNS" and s.lower_ not in lx.GROUP_NOUNS for s in subjects)


def _heads_its_line(ent: Span) -> bool:
    """A date on a line of its own before the text it dates (a timeline's entries)."""
    doc = ent.doc
    before = ent.start == 0 or "\n" in doc[ent.start - 1].text_with_ws
    return before and "\n" in doc[ent.end - 1].text_with_ws + (doc[ent.end].text if ent.end < len(doc) else "")


def _restates(verb: Token, noun: Token) -> bool:
    """'sit down with X in talks hosted by Y': the noun names the meeting its verb tells of."""
    return noun.head.dep_ == "prep" and noun.head.lower_ in ("in", "at", "during") and noun.head.head.i == verb.i


def _sits_down_with(verb: Token) -> bool:
    """'sat down with X', 'will sit down with X on the sidelines'."""
    downs = [c for c in verb.children if c.lower_ == "down"]
    return bool(downs) and any(p.lower_ == "with" for t in (verb, *downs) for p in t.children)


def _said_of_talks(verb: Token) -> bool:
    """'The talks were attended by X': the people of a meeting told of (found with it), not of
    the article's event."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in lx.MEETING_NOUNS - lx.GATHERING_NOUNS
               for c in verb.children)


def _pronoun_subject(root: Token) -> bool:
    """'He was received ...', 'the Russian leader was greeted ...': the person just spoken of."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and (
        c.lower_ in ("he", "she", "they")
        or c.lemma_.lower() in lx.PERSON_NOUNS and any(d.lower_ == "the" for d in c.children)) for c in root.children)


def _in_side_clause(tok: Token, clause: set[int], kinds: tuple[str, ...] = ("relcl", "ccomp", "advcl", "acl")) -> bool:
    """Whether a clause of its own (by default a relative, a complement or an adverbial) other
    than the given one (its tokens) holds the token."""
    for a in tok.ancestors:
        if a.i in clause:
            return False
        if a.dep_ in kinds and a.pos_ in ("VERB", "AUX"):
            return True
    return False


def _introduces_list(pronoun: Token) -> bool:
    """'The leaders, among them A, B and C, met': 'them' points at the list that follows."""
    return pronoun.lower_ == "them" and pronoun.head.lower_ in ("among", "including")


def _at_the_same_venue(tok: Token, clause: Token) -> bool:
    for head in {tok, clause}:
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in ("at", "in")):
            for pobj in prep.children:
                if pobj.lemma_.lower() in ("venue", "place", "hall", "location", "palace", "building") \
                        and any(c.lower_ == "same" for c in pobj.children):
                    return True
    return False


def _in_person(verb: Token) -> bool:
    return any(c.dep_ == "prep" and c.lower_ == "in" and any(g.lower_ == "person" for g in c.children)
               for c in verb.children)


def _recalled_trip(tok: Token, ref: PartialDate | None, dates_in: list[Span]) -> bool:
    """'last week's state visit to Prague', 'flew to Bamako in late May': a trip of another time,
    which does not move the story's scene."""
    if tok.pos_ == "NOUN":
        return any(t.ent_type_ == "DATE" for c in tok.children
                   if c.dep_ in ("poss", "compound", "amod", "nmod", "npadvmod") for t in c.subtree)
    if any(c.dep_ == "aux" and c.lower_ == "had" for c in tok.children):
        return True  # "Netanyahu had flown to Washington to discuss ...": before the story's events
    if ref is None:
        return False
    for ent in dates_in:
        if tok.i in (ent.root.head.i, ent.root.head.head.i):
            date = dates.resolve(_with_preposition(ent), ref, "past")
            if date and date.precision != "year" and _days_apart(date, ref) > SAME_OCCASION_DAYS:
                return True
    return False


def _with_preposition(ent: Span) -> str:
    """A date's text with the preposition it hangs on ("in May": the month, not the modal)."""
    head = ent.root.head
    if ent.root.dep_ == "pobj" and head.i == ent.start - 1:
        return f"{head.text} {ent.text}"
    return ent.text


def _days_apart(a: PartialDate, b: PartialDate) -> int:
    """Days between the nearest ends of two partial dates (0 when they overlap)."""
    a_first, a_last = a.span()
    b_first, b_last = b.span()
    return max(0, (b_first - a_last).days, (a_first - b_last).days)


def _more_precise(a: PartialDate, b: PartialDate) -> bool:
    order = {"year": 0, "month": 1, "day": 2}
    return order[a.precision] > order[b.precision]
