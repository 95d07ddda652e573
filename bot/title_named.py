"""The page a "what is …" question names by its whole title.

"what's a render hook, in one sentence" asks what a thing is, and a page titled "render
hook" (a glossary entry) is about nothing else; a long page that uses both words in passing
scores as high. When a question asks what something is ("what is", "what's", "what are",
"what even is", "define", "meaning of") and every word of a candidate page's title is
among its words, that page's candidates among the best TITLE_DEPTH gain TITLE_NAMED of
the best score.
Only for such questions: for every question, short generic titles the question happens to
name ("Unions", "Tokens") win over the passage that answers.
"""

from __future__ import annotations

import re

from .index import SearchBackend
from .query import Query
from .text import heading_terms

TITLE_NAMED = 0.1  # share of the best score (0: off)
TITLE_DEPTH = 10  # ... for candidates among this many best

_ASKS_WHAT = re.compile(
    r"\b(?:what(?:'s|’s|s| is| are)\s|what\s+(?:even|exactly|actually|really)\s+(?:is|are)\s"
    r"|define\s|meaning of\s)",
    re.IGNORECASE,
)


def title_named(index: SearchBackend, query: Query, final: dict[int, float]) -> None:
    """Lift, in ``final``, the candidates of pages whose whole title the question names,
    when it asks what something is: by its own words, not by those a follow-up carries
    over ("and what is a shortcode?" after "what's a render hook?" asks about one page)."""
    if not (TITLE_NAMED and final and _ASKS_WHAT.search(query.text)):
        return
    asked = {t for w in query.words if w.weight == 1 for t in w.terms}  # not a follow-up's
    order = sorted(final, key=final.__getitem__, reverse=True)[:TITLE_DEPTH]
    lift = TITLE_NAMED * final[order[0]]
    for doc in order:
        path = index.passage(doc).heading_path
        title = set(heading_terms(path[0])) if path else set()
        if title and title <= asked:
            final[doc] += lift
