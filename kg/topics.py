"""The agenda-topic scheme (agenda-topics.tsv) and its terms (topic-terms.tsv), matched on lemmas."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError


STOP = "-"  # the topic id of phrases that count for no topic ("Cold War")


@dataclass(frozen=True)
class Topic:
    topic_id: str
    label: str
    scope: str
    terms: tuple[str, ...]
    weak_terms: tuple[str, ...] = ()   # common words that count half ("trade", "threat")


def load_scheme(topics_file: Path) -> list[Topic]:
    """Topics in file order, each with its label and alternative terms."""
    terms_file = topics_file.with_name("topic-terms.tsv")
    extra: dict[str, list[str]] = {}
    weak: dict[str, list[str]] = {}
    if terms_file.exists():
        for line in terms_file.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                topic_id, term, *flags = line.split("\t")
                (weak if "weak" in flags else extra).setdefault(topic_id, []).append(term.strip())
    try:
        with topics_file.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
    except OSError as exc:
        raise ConfigError(f"{topics_file}: cannot read the topic scheme ({exc.strerror})") from None
    topics = []
    for row in rows:
        topic_id, label = row["id"].strip(), row["label"].strip()
        scope = (row.get("scope (what puts an article or meeting under this topic)") or "").strip()
        topics.append(Topic(topic_id, label, scope, tuple(dict.fromkeys([label, *extra.get(topic_id, [])])),
                            tuple(weak.get(topic_id, []))))
    if STOP in extra:
        topics.append(Topic(STOP, "", "", tuple(extra[STOP])))
    unknown = (set(extra) | set(weak)) - {t.topic_id for t in topics}
    if unknown:
        raise ConfigError(f"{terms_file}: terms for unknown topics {sorted(unknown)}")
    return topics
