"""The page a question names by its whole title.

"what's a render hook, in one sentence" asks what a thing is, and a page titled "render
hook" (a glossary entry) is about nothing else; a long page that uses both words in passing
scores as high. When a question asks what something is ("what is", "what's", "what are",
"what even is", "define", "meaning of") and every word of a candidate page's title is
among its words, that page's candidates among the best TITLE_DEPTH gain TITLE_NAMED of
the best score. Not for every question: short generic titles the question happens to
name ("Unions", "Tokens") win over the passage that answers.

Any question that writes a page's title of two words or more as the title writes it, its
words side by side and in order ("rclone delete: …", "the docker network rm docs", "pnpm
add"), names that page: its candidates among the best TITLE_DEPTH gain TITLE_WRITTEN of
the best score, a smaller share (at 0.05 a page on the same command, "Foam CLI", came
before the installation guide a question on installing it expects).
"""

from __future__ import annotations

import re

from .index import SearchBackend
from .query import Query
from .text import heading_terms, holds_run, question_terms

TITLE_NAMED = 0.1  # share of the best score (0: off)
TITLE_WRITTEN = 0.03  # share of the best score for a title written as it is (0: off)
TITLE_DEPTH = 10  # ... for candidates among this many best

_ASKS_WHAT = re.compile(
    r"\b(?:what(?:'s|’s|s| is| are)\s|what\s+(?:even|exactly|actually|really)\s+(?:is|are)\s"
    r"|define\s|meaning of\s)",
    re.IGNORECASE,
)


def title_named(index: SearchBackend, query: Query, final: dict[int, float]) -> None:
    """Lift, in ``final``, the candidates of pages whose whole title the question names,
    when it asks what something is: by its own words, not by those a follow-up carries
    over ("and what is a shortcode?" after "what's a render hook?" asks about one page);
    then those of pages whose title of two words or more it writes as written."""
    if not final:
        return
    titles = _Titles(index, final)
    if TITLE_NAMED and _ASKS_WHAT.search(query.text):
        asked = {t for w in query.words if w.weight == 1 for t in w.terms}  # not a follow-up's
        order = sorted(final, key=final.__getitem__, reverse=True)[:TITLE_DEPTH]
        lift = TITLE_NAMED * final[order[0]]
        for doc in order:
            title = set(titles.terms(doc))
            if title and title <= asked:
                final[doc] += lift
    if TITLE_WRITTEN:
        _title_written(titles, question_terms(query.text), final)


def _title_written(titles: _Titles, written: tuple[str, ...], final: dict[int, float]) -> None:
    """Lift the candidates of pages whose title of two words or more ``written`` (the
    question's terms, in order) holds side by side and in order."""
    order = sorted(final, key=final.__getitem__, reverse=True)[:TITLE_DEPTH]
    lift = TITLE_WRITTEN * final[order[0]]
    for doc in order:
        title = titles.terms(doc)
        if len(title) >= 2 and holds_run(written, title):
            final[doc] += lift


class _Titles:
    """The terms of the candidates' titles, each read once for both rules.

    A candidate of the best candidate's page is read whole (``index.passage``): the
    heading rule reads that page's candidates right after (bot.heading_asked), and quotes
    most of them, so reading its section key for the title as well (``index.title``, as
    for the others) would be work done twice."""

    def __init__(self, index: SearchBackend, final: dict[int, float]):
        self.index = index
        best = max(final, key=final.__getitem__)
        self.page = range(*index.passage_range(index.file_of(best)))
        self.read: dict[int, tuple[str, ...]] = {}

    def terms(self, doc: int) -> tuple[str, ...]:
        terms = self.read.get(doc)
        if terms is None:
            if doc in self.page:
                path = self.index.passage(doc).heading_path
                title = path[0] if path else ""
            else:
                title = self.index.title(doc)
            terms = self.read[doc] = heading_terms(title) if title else ()
        return terms
