"""NLP stage: the spaCy pipeline (model + our own components), run in a streaming fashion.

spaCy types stay in this module and in extract.py, which reads the Doc objects it yields.
"""
from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator
from typing import TypeVar

import spacy
from spacy.attrs import IS_SPACE, ORTH
from spacy.language import Language
from spacy.tokens import Doc

from .errors import ConfigError
from .settings import Settings

T = TypeVar("T")
BATCH_SIZE = 32


@Language.component("paragraph_boundaries")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A paragraph break (a whitespace token holding a newline) always starts a new sentence:
    headlines and captions have no final full stop, and must not run into the next sentence."""
    strings = doc.vocab.strings
    # Only the space tokens are looked at (a Token object per word would cost more than the rule).
    for i, (space, orth) in enumerate(doc.to_array([IS_SPACE, ORTH]).tolist()[:-1]):
        if space and "\n" in strings[orth]:
            doc[i + 1].is_sent_start = True
            # Nor may a paragraph's first word be a sentence of its own ("Aliyev | arrived on
            # Thursday ..." after a subheading, a split the parser sometimes makes).
            if i + 2 < len(doc) and doc[i + 1].is_alpha and not doc[i + 2].is_space:
                doc[i + 2].is_sent_start = False
    return doc


def load_pipeline(settings: Settings) -> Language:
    """Load the first installed model of settings.spacy_models, with our components added."""
    for name in settings.spacy_models:
        if importlib.util.find_spec(name) is not None:
            nlp = spacy.load(name)
            break
    else:
        raise ConfigError(f"no spaCy English model installed (tried {', '.join(settings.spacy_models)}); run `make setup`")
    nlp.add_pipe("paragraph_boundaries", before="parser")
    return nlp


def annotate(nlp: Language, items: Iterable[tuple[str, T]]) -> Iterator[tuple[Doc, T]]:
    """Parse (text, context) pairs in batches, yielding (Doc, context) in order, lazily."""
    yield from nlp.pipe(items, as_tuples=True, batch_size=BATCH_SIZE)
