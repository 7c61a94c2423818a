"""A synthetic diplomacy graph of any size in the project's shape, for endpoint benchmarks.

    python -m bench.graphgen OUT_DIR [--triples 1000000] [--seed 7]

Deterministic for a given seed and size. The shape follows kg/rdf.py (see README "The graph"):

* one named graph per article (``…/id/graph/<article>``) with its ``dip:Article`` (source, title,
  ``dip:published`` + precision, ``dip:discusses`` topics) and, for every person, place and meeting it
  mentions: ``dip:mentionedIn``, ``skos:altLabel`` names, ``dip:role``, ``dip:evidence`` sentences;
  each meeting's participants, location, ``dip:date`` (``xsd:dateTime`` + ``dip:datePrecision``),
  ``dip:status``, ``dip:onAgenda``, trigger; and the ``dip:Sentence`` nodes (text, offset);
* the entities graph: one ``rdfs:label`` per person and place, place kinds, GeoNames IRI, WGS84
  coordinates, ``dip:country``, ``owl:sameAs`` Wikidata links;
* the ontology graph: ``ontology/diplomacy.ttl`` (with the agenda-topic scheme).

Popularity is long-tailed (a few persons and places appear in thousands of articles, most in a few),
and meetings are clustered across articles: about 40 % of meeting mentions re-report an earlier
meeting, sometimes with another status or place, so "disputed reports" exist.

Written with pyoxigraph's bulk loader straight into a new store directory.
"""
from __future__ import annotations

import argparse
import bisect
import gc
import itertools
import json
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kg import iris  # noqa: E402
from kg.rdf import ENTITIES_GRAPH, ONTOLOGY_GRAPH  # noqa: E402

VERSION = 1  # bump when the generated shape changes (invalidates cached stores)
ONTOLOGY_FILE = ROOT / "ontology" / "diplomacy.ttl"
TOPICS_FILE = ROOT / "kg" / "data" / "agenda-topics.tsv"

FIRST = """Vladimir Kim Sergei Igor Hu Jiang Junichiro Roh Ban Condoleezza George Colin Tony Jacques
Gerhard Angela Nicolas Ehud Ariel Mahmoud Hosni Bashar Recep Ebrahim Hassan Mohammad Ali Javad Narendra
Manmohan Atal Pervez Nawaz Imran Xi Li Wang Yang Shinzo Taro Fumio Moon Park Lee Yoon Emmanuel Olaf
Boris Theresa Rishi Keir Joe Barack Donald Antony John Hillary Mike Rex Dmitry Mikhail Alexander Yevgeny
Kassym Nursultan Islam Shavkat Alexander Viktor Petro Volodymyr Andrzej Lech Vaclav Milos Janez Borut
Nelson Thabo Jacob Cyril Olusegun Muhammadu Bola Uhuru William Paul Yoweri Abiy Meles Isaias Omar
Salva Abdel Mohamed Anwar Jose Luiz Dilma Jair Cristina Mauricio Javier Andres Hugo Nicolas Evo Rafael
Michelle Sebastian Gabriel Alberto Ollanta Juan Alvaro Gustavo Fidel Raul Miguel Justin Stephen Jean
Pierre Malcolm Julia Kevin Scott Anthony Jacinda Helen Susilo Joko Prabowo Thaksin Yingluck Prayut
Rodrigo Ferdinand Gloria Benigno Mahathir Najib Lee Goh Hun Thein Aung Sheikh Khaleda Ranil Mahinda
Gotabaya Pushpa Ram Sher Hamid Ashraf Nouri Haider Mustafa Masoud Jalal Fuad Kais Beji Abdelaziz
Abdelmadjid Mohammed Tamim Khalifa Hamad Sabah Qaboos Haitham Salman Abdullah Rania Benjamin Naftali
Yair Isaac Shimon Yasser Ismail Khaled Hassan Michel Saad Najib Nabih""".split()
LAST = """Putin Medvedev Lavrov Ivanov Jong-il Jong-un Jintao Zemin Koizumi Moo-hyun Ki-moon Rice Bush
Powell Blair Chirac Schroeder Merkel Sarkozy Olmert Sharon Abbas Mubarak Assad Erdogan Raisi Rouhani
Khamenei Zarif Modi Singh Vajpayee Musharraf Sharif Khan Jinping Keqiang Yi Jiechi Abe Aso Kishida
Jae-in Geun-hye Myung-bak Suk-yeol Macron Scholz Johnson May Sunak Starmer Biden Obama Trump Blinken
Kerry Clinton Pompeo Tillerson Gorbachev Lukashenko Prigozhin Tokayev Nazarbayev Karimov Mirziyoyev
Orban Poroshenko Zelensky Duda Kaczynski Havel Zeman Jansa Pahor Mandela Mbeki Zuma Ramaphosa
Obasanjo Buhari Tinubu Kenyatta Ruto Kagame Museveni Ahmed Zenawi Afwerki Bashir Kiir Sisi Morsi
Sadat Lula Rousseff Bolsonaro Kirchner Macri Milei Obrador Chavez Maduro Morales Correa Bachelet
Pinera Boric Fujimori Humala Guaido Uribe Petro Castro Diaz-Canel Trudeau Harper Chretien Raffarin
Villepin Turnbull Gillard Rudd Morrison Albanese Ardern Clark Yudhoyono Widodo Subianto Shinawatra
Chan-o-cha Duterte Marcos Arroyo Aquino Mohamad Razak Hsien-loong Chok-tong Sen Sein Suu-Kyi Hasina
Zia Wickremesinghe Rajapaksa Dahal Deuba Karzai Ghani Maliki Abadi Kadhimi Barzani Talabani Hussein
Saied Essebsi Bouteflika Tebboune VI Thani Nahyan Khalifa Al-Sabah Said Tariq Bin-Salman Bin-Hussein
Netanyahu Bennett Lapid Herzog Peres Arafat Haniyeh Mashal Nasrallah Aoun Hariri Mikati Berri Klebanov
Prikhodko Darkin Pulikovsky Kasyanov Fradkov Shoigu Naryshkin Matviyenko Volodin Nebenzya Zakharova
Peskov Ushakov Patrushev Bortnikov Kiriyenko Sobyanin Surkov Kozak Kadyrov Deripaska""".split()
ROLES = ["president", "prime minister", "foreign minister", "defence minister", "leader", "spokesman",
         "ambassador", "envoy", "chairman", "king", "chancellor", "secretary of state", "governor",
         "deputy prime minister", "minister of trade", "national security adviser"]
SYLLABLES = ["ka", "ra", "mo", "li", "sha", "vo", "ne", "ta", "bu", "gor", "an", "is", "ul", "do",
             "ri", "pe", "ya", "zan", "kov", "grad", "sk", "lin", "por", "ba", "che", "mir", "tal"]
TRIGGERS = ["met", "talks", "summit", "meeting", "held talks", "visit", "discussed", "will meet",
            "negotiations", "conferred"]
VERBS = ["met", "held talks with", "is due to meet", "discussed trade with", "welcomed",
         "signed an agreement with", "spoke with", "will visit", "received", "hosted"]
FILLER = ["The talks focused on regional security and economic ties.",
          "Officials said the two sides agreed to continue the dialogue.",
          "Security was tight around the venue as delegations arrived.",
          "Analysts said the meeting signalled a thaw in relations.",
          "A joint statement is expected after the closed-door session.",
          "The visit is the first of its kind in more than a decade."]
PLACE_KINDS = ["City"] * 6 + ["Region"] * 2 + ["Site", "WaterBody"]


def _topic_ids() -> list[str]:
    lines = TOPICS_FILE.read_text(encoding="utf-8").splitlines()[1:]
    return [line.split("\t")[0] for line in lines if line.strip()]


def _zipf_cdf(n: int, s: float) -> list[float]:
    weights = [1.0 / (k ** s) for k in range(1, n + 1)]
    total, acc, cdf = sum(weights), 0.0, []
    for w in weights:
        acc += w
        cdf.append(acc / total)
    return cdf


def _lit(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


DT = f"^^<{iris.XSD}dateTime>"
DEC = f"^^<{iris.XSD}decimal>"
INT = f"^^<{iris.XSD}integer>"
TYPE = f"<{iris.RDF}type>"
LABEL = f"<{iris.RDFS}label>"
ALT = f"<{iris.SKOS}altLabel>"
SAME = f"<{iris.OWL}sameAs>"


def _d(local: str) -> str:
    return f"<{iris.DIP}{local}>"


@dataclass
class Meeting:
    iri: str
    participants: list[int]
    place: int
    date: tuple[int, int, int]
    precision: str
    topics: list[str]
    reports: int = 0


@dataclass
class Generator:
    seed: int = 7
    expected_articles: int = 6500
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.topics = _topic_ids()
        names = sorted({f"{f} {l}" for f in FIRST for l in LAST})
        self.rng.shuffle(names)
        self.person_names = names
        self.person_cdf = _zipf_cdf(len(names), 1.05)
        self.countries = [self._place_name(i, 2) for i in range(150)]
        self.places = [self._place_name(i, 3) for i in range(6000)]
        self.place_cdf = _zipf_cdf(len(self.places), 1.0)
        self.place_country = [self.rng.randrange(len(self.countries)) for _ in self.places]
        self.place_kind = [self.rng.choice(PLACE_KINDS) for _ in self.places]
        self.meetings: list[Meeting] = []
        self.used_persons: set[int] = set()
        self.used_places: set[int] = set()

    def _place_name(self, i: int, parts: int) -> str:
        r = random.Random(self.seed * 1_000_003 + i * 7 + parts)
        name = "".join(r.choice(SYLLABLES) for _ in range(parts)).capitalize()
        return f"{name} {i}" if parts == 3 and i >= 2000 else name + ("" if i < 100 else f"-{i}")

    def _person(self) -> int:
        return bisect.bisect_left(self.person_cdf, self.rng.random())

    def _place(self) -> int:
        return bisect.bisect_left(self.place_cdf, self.rng.random())

    @staticmethod
    def person_iri(i: int, names: list[str]) -> str:
        return iris.person(names[i])

    def place_iri(self, i: int) -> str:
        return iris.location(self.places[i], 100000 + i)

    def country_iri(self, c: int) -> str:
        return iris.location(self.countries[c], 9000000 + c)

    # -----------------------------------------------------------------------------------------------

    def article(self, n: int) -> list[str]:
        """N-Quads lines of one article's named graph."""
        rng = self.rng
        aid = f"bench-{n:06d}"
        g = f"<{iris.article_graph(aid)}>"
        a = f"<{iris.article(aid)}>"
        # Publication years spread over 1995-2024 in article order (with some jitter).
        year = min(2024, 1995 + (n * 30) // max(1, self.expected_articles) + rng.randrange(2))
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        lines: list[str] = []

        def add(s: str, p: str, o: str) -> None:
            lines.append(f"{s} {p} {o} {g} .\n")

        persons = sorted({self._person() for _ in range(rng.randint(3, 9))})
        places = sorted({self._place() for _ in range(rng.randint(1, 4))})
        self.used_persons.update(persons)
        self.used_places.update(places)
        sentences: dict[int, str] = {}
        offsets: list[int] = []
        count = rng.randint(12, 40)
        pos = 0
        for _ in range(count):
            offsets.append(pos)
            pos += rng.randint(60, 220)

        def cite(subject: str, text: str) -> None:
            for _ in range(rng.randint(1, 3)):
                index = rng.randrange(count)
                if index not in sentences:
                    sentences[index] = text
                add(subject, _d("evidence"), f"<{iris.sentence(aid, index)}>")

        title_p = self.person_names[persons[0]]
        title = f"{title_p} {rng.choice(VERBS)} {self.places[places[0]]} delegation"
        add(a, TYPE, _d("Article"))
        add(a, f"<{iris.DCTERMS}source>", _lit(f"corpus/bench/{aid}.txt"))
        add(a, f"<{iris.DCTERMS}title>", _lit(title))
        add(a, _d("published"), _lit(f"{year:04d}-{month:02d}-{day:02d}T00:00:00") + DT)
        add(a, _d("publishedPrecision"), _lit("day"))
        article_topics = sorted(set(rng.sample(self.topics, rng.randint(1, 4))))
        for t in article_topics:
            add(a, _d("discusses"), f"<{iris.topic(t)}>")

        for i in persons:
            name = self.person_names[i]
            p = f"<{self.person_iri(i, self.person_names)}>"
            add(p, TYPE, _d("Person"))
            add(p, _d("mentionedIn"), a)
            for alias in sorted({name, name.split()[-1]} if rng.random() < 0.6 else {name}):
                add(p, ALT, _lit(alias))
            if rng.random() < 0.7:
                add(p, _d("role"), _lit(ROLES[i % len(ROLES)]))
            other = self.person_names[rng.choice(persons)]
            cite(p, f"{name} {rng.choice(VERBS)} {other} on {month}/{day}.")
        for i in places:
            pl = f"<{self.place_iri(i)}>"
            add(pl, TYPE, _d("Location"))
            add(pl, _d("mentionedIn"), a)
            add(pl, ALT, _lit(self.places[i]))
            cite(pl, f"Delegations gathered in {self.places[i]} for the talks.")

        for _ in range(rng.randint(1, 3)):
            meeting = self._meeting(persons, places, (year, month, day), article_topics)
            m = f"<{meeting.iri}>"
            meeting.reports += 1
            add(m, TYPE, _d("Meeting"))
            add(m, _d("mentionedIn"), a)
            for i in meeting.participants:
                add(m, _d("participant"), f"<{self.person_iri(i, self.person_names)}>")
                self.used_persons.add(i)
            # Later reports sometimes disagree on the place, and say "held" where earlier ones said planned.
            place = meeting.place if rng.random() < 0.9 else places[0]
            self.used_places.add(place)
            add(m, _d("location"), f"<{self.place_iri(place)}>")
            y, mo, d = meeting.date
            lexical = {"day": f"{y:04d}-{mo:02d}-{d:02d}", "month": f"{y:04d}-{mo:02d}-01",
                       "year": f"{y:04d}-01-01"}[meeting.precision]
            add(m, _d("date"), _lit(lexical + "T00:00:00") + DT)
            add(m, _d("datePrecision"), _lit(meeting.precision))
            held = meeting.reports > 1 or rng.random() < 0.6
            add(m, _d("status"), _d("Held" if held else "Planned"))
            for t in meeting.topics:
                add(m, _d("onAgenda"), f"<{iris.topic(t)}>")
            add(m, _d("trigger"), _lit(rng.choice(TRIGGERS)))
            names = " and ".join(self.person_names[i] for i in meeting.participants)
            cite(m, f"{names} {rng.choice(TRIGGERS)} in {self.places[place]}.")

        for index in sorted(sentences):
            s = f"<{iris.sentence(aid, index)}>"
            add(s, TYPE, _d("Sentence"))
            add(s, _d("inArticle"), a)
            add(s, _d("text"), _lit(sentences[index] + " " + rng.choice(FILLER)))
            add(s, _d("offset"), _lit(str(offsets[index])) + INT)
        return lines

    def _meeting(self, persons: list[int], places: list[int], published: tuple[int, int, int],
                 topics: list[str]) -> Meeting:
        rng = self.rng
        if self.meetings and rng.random() < 0.4:
            # Re-report a recent meeting (clustered across articles), weighted to the newest ones.
            window = self.meetings[-2000:]
            return window[min(len(window) - 1, int(len(window) * (1 - rng.random() ** 3)))]
        participants = sorted(set(rng.sample(persons, min(len(persons), rng.randint(2, 4)))))
        if len(participants) < 2:
            participants = sorted({participants[0], self._person()})
            if len(participants) < 2:
                participants.append((participants[0] + 1) % len(self.person_names))
        y, mo, d = published
        precision = rng.choices(["day", "month", "year"], weights=[7, 2, 1])[0]
        key = f"bench|{len(self.meetings)}|{','.join(map(str, participants))}"
        meeting = Meeting(iris.meeting(key), participants, rng.choice(places),
                          (y, mo, max(1, d - rng.randrange(3))), precision,
                          sorted(set(rng.sample(topics, rng.randint(1, len(topics))))))
        self.meetings.append(meeting)
        return meeting

    def entities(self) -> list[str]:
        """N-Quads lines of the entities graph (for every person and place used)."""
        g = f"<{ENTITIES_GRAPH}>"
        lines: list[str] = []

        def add(s: str, p: str, o: str) -> None:
            lines.append(f"{s} {p} {o} {g} .\n")

        for i in sorted(self.used_persons):
            p = f"<{self.person_iri(i, self.person_names)}>"
            add(p, TYPE, _d("Person"))
            add(p, LABEL, _lit(self.person_names[i]))
            if i % 5 < 3:
                add(p, SAME, f"<{iris.wikidata(f'Q{1000 + i}')}>")
        countries = set()
        for i in sorted(self.used_places):
            pl = f"<{self.place_iri(i)}>"
            r = random.Random(self.seed * 31 + i)
            add(pl, TYPE, _d("Location"))
            add(pl, TYPE, _d(self.place_kind[i]))
            add(pl, LABEL, _lit(self.places[i]))
            add(pl, _d("geonames"), f"<{iris.geonames(100000 + i)}>")
            add(pl, f"<{iris.WGS84}lat>", _lit(f"{r.uniform(-60, 70):.5f}") + DEC)
            add(pl, f"<{iris.WGS84}long>", _lit(f"{r.uniform(-180, 180):.5f}") + DEC)
            c = self.place_country[i]
            countries.add(c)
            add(pl, _d("country"), f"<{self.country_iri(c)}>")
            if i % 2 == 0:
                add(pl, SAME, f"<{iris.wikidata(f'Q{500000 + i}')}>")
        for c in sorted(countries):
            co = f"<{self.country_iri(c)}>"
            add(co, TYPE, _d("Location"))
            add(co, TYPE, _d("Country"))
            add(co, LABEL, _lit(self.countries[c]))
            add(co, ALT, _lit(self.countries[c]))
            add(co, _d("geonames"), f"<{iris.geonames(9000000 + c)}>")
        return lines


def generate(out: Path, triples: int = 1_000_000, seed: int = 7,
             progress=lambda message: print(message, file=sys.stderr)) -> dict:
    """Write a new store at `out` (must not exist) holding at least `triples` quads; return its facts."""
    import pyoxigraph as ox

    if out.exists():
        raise FileExistsError(f"{out} exists")
    started = time.perf_counter()
    gen = Generator(seed, expected_articles=max(1, triples // 150))
    store = ox.Store(str(out))
    store.bulk_load(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE,
                    to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
    written, chunk, articles = 0, [], 0
    # ~4 % of the quads go to the entities graph, written last.
    for n in itertools.count():
        if written >= triples * 0.96:
            break
        lines = gen.article(n)
        chunk.extend(lines)
        written += len(lines)
        articles += 1
        if len(chunk) >= 200_000:
            store.bulk_load(input="".join(chunk).encode(), format=ox.RdfFormat.N_QUADS)
            chunk = []
            progress(f"graphgen: {written:,} quads, {articles:,} articles")
    chunk.extend(gen.entities())
    store.bulk_load(input="".join(chunk).encode(), format=ox.RdfFormat.N_QUADS)
    store.optimize()
    total = len(store)
    store.flush()
    del store
    gc.collect()
    facts = {"version": VERSION, "seed": seed, "target": triples, "quads": total,
             "articles": articles, "persons": len(gen.used_persons), "places": len(gen.used_places),
             "meetings": len(gen.meetings), "seconds": round(time.perf_counter() - started, 1)}
    progress(f"graphgen: {total:,} quads ({articles:,} articles, {len(gen.used_persons):,} persons, "
             f"{len(gen.used_places):,} places, {len(gen.meetings):,} meetings) in {facts['seconds']} s")
    return facts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.graphgen", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="new store directory")
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    print(json.dumps(generate(args.out, args.triples, args.seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
