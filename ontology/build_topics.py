#!/usr/bin/env python3
"""Write the agenda-topic concept scheme into ontology/diplomacy.ttl.

Reads kg/data/agenda-topics.tsv (id, label, scope) and the terms of kg/data/topic-terms.tsv, and replaces the text
between the BEGIN/END GENERATED TOPICS markers in diplomacy.ttl with one SKOS concept per row.

    python ontology/build_topics.py           # rewrite diplomacy.ttl in place
    python ontology/build_topics.py --check   # exit 1 if diplomacy.ttl is out of date
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TSV = ROOT / "kg" / "data" / "agenda-topics.tsv"
TTL = ROOT / "ontology" / "diplomacy.ttl"
BEGIN = "# BEGIN GENERATED TOPICS (ontology/build_topics.py)\n"
END = "# END GENERATED TOPICS\n"

TERMS = ROOT / "kg" / "data" / "topic-terms.tsv"


def alt_labels(path: Path = TERMS) -> dict[str, list[str]]:
    """Alternative labels per topic: the specific terms the extractor matches (kg/data/topic-terms.tsv),
    leaving out common words ("weak") and word-window terms ("a+b"), so the ontology and the
    extractor share one vocabulary."""
    labels: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        topic_id, term, *flags = line.split("\t")
        if topic_id != "-" and "weak" not in flags and "+" not in term:
            labels.setdefault(topic_id, []).append(term.strip())
    return labels


ALT_LABELS = alt_labels()


def read_topics(path: Path = TSV) -> list[dict[str, str]]:
    """Rows of the TSV as dicts with keys id, label, scope (header row skipped)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    out = []
    for row in rows[1:]:
        if not row or not row[0].strip():
            continue
        tid, label, scope = (c.strip() for c in row[:3])
        out.append({"id": tid, "label": label, "scope": scope})
    return out


def lit(text: str, lang: str | None = "en") -> str:
    esc = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{esc}"@{lang}' if lang else f'"{esc}"'


def render(topics: list[dict[str, str]]) -> str:
    lines = [BEGIN, "\n"]
    ids = [t["id"] for t in topics]
    lines.append("topic:scheme skos:hasTopConcept\n")
    lines.append(",\n".join(f"    topic:{i}" for i in ids) + " .\n\n")
    for t in topics:
        alts = [a for a in ALT_LABELS.get(t["id"], []) if a.lower() != t["label"].lower()]
        lines.append(f"topic:{t['id']} a owl:NamedIndividual , dip:AgendaTopic , skos:Concept ;\n")
        lines.append(f"    skos:notation {lit(t['id'], None)} ;\n")
        lines.append(f"    skos:prefLabel {lit(t['label'])} ;\n")
        lines.append(f"    rdfs:label {lit(t['label'])} ;\n")
        if alts:
            lines.append("    skos:altLabel " + " , ".join(lit(a) for a in alts) + " ;\n")
        lines.append(f"    skos:scopeNote {lit(t['scope'])} ;\n")
        lines.append("    skos:inScheme topic:scheme ;\n")
        lines.append("    skos:topConceptOf topic:scheme .\n\n")
    lines.append(END)
    return "".join(lines)


def splice(ttl_text: str, section: str) -> str:
    start, end = ttl_text.find(BEGIN), ttl_text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"{TTL}: generated-topics markers missing or out of order")
    return ttl_text[:start] + section + ttl_text[end + len(END):]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only check that diplomacy.ttl is up to date")
    ap.add_argument("--tsv", type=Path, default=TSV)
    ap.add_argument("--ttl", type=Path, default=TTL)
    args = ap.parse_args(argv)
    topics = read_topics(args.tsv)
    unknown = set(ALT_LABELS) - {t["id"] for t in topics}
    if unknown:
        print(f"error: ALT_LABELS has ids not in {args.tsv}: {sorted(unknown)}", file=sys.stderr)
        return 1
    old = args.ttl.read_text(encoding="utf-8")
    new = splice(old, render(topics))
    if args.check:
        if new != old:
            print(f"{args.ttl} is out of date: run python ontology/build_topics.py", file=sys.stderr)
            return 1
        return 0
    if new != old:
        args.ttl.write_text(new, encoding="utf-8")
    print(f"{len(topics)} topics -> {args.ttl}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
