"""The section a question's form asks for, on a page of the same sections as others."""

from __future__ import annotations

import re

from .index import SearchBackend
from .query import Query
from .text import heading_terms, question_terms

_FENCED = re.compile(r"(```|~~~).*?(?:\1|\Z)", re.DOTALL)
MOSTLY_CODE = 0.5  # a passage with more than this share in fenced code is mostly code


def code_share(text: str) -> float:
    """The share of ``text`` inside fenced code blocks."""
    return sum(len(m.group(0)) for m in _FENCED.finditer(text)) / max(len(text), 1)


def mostly_code(text: str) -> bool:
    """Whether a passage is mostly fenced code (the example, not the remarks)."""
    return code_share(text) > MOSTLY_CODE


def heading_asked(
    index: SearchBackend,
    query: Query,
    final: dict[int, float],
    lift: float,
) -> None:
    """Lift the passages of the best candidate's page whose own heading the question
    names, with the words that only shape a question counted too.

    Pages built from the same sections (an alert's Meaning / Impact / Diagnosis, an
    API's Syntax / Remarks / Example) share their headings' words, so search weighs them
    little; but "what does X mean?" asks for the Meaning, "what is the syntax?" for the
    Syntax, and "mean" is searched by none of them. The page's title is every passage's, and
    lifts none. Each passage gets ``lift``
    (bot.rerank.HEADING_ASKED of the best score) times the share of its
    own heading's words the question names; for a question asking why, none that is
    mostly code.
    """
    if lift <= 0 or not final:
        return
    best = max(final, key=final.__getitem__)
    lo, hi = index.passage_range(index.file_of(best))
    asked: set[str] | None = None  # the question's words, read when a heading is to match
    why: bool | None = None
    for doc in final:
        if not lo <= doc < hi:
            continue
        passage = index.passage(doc)
        path = passage.heading_path
        own = heading_terms(path[-1]) if len(path) > 1 else ()
        if not own:
            continue
        asked = set(question_terms(query.text)) if asked is None else asked
        named = sum(map(asked.__contains__, own))  # True counts 1: no generator to run
        if not named:
            continue
        why = query.asks_why if why is None else why
        if why and mostly_code(passage.text):
            continue  # "why …?": the remarks explain; the example's label names the error too
        final[doc] += lift * named / len(own)
