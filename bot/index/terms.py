"""What a passage is indexed under: its BM25 tokens, and its words in reading order.

* **BM25 tokens** (:func:`bm25_tokens`): the bag of words BM25 counts. Heading words are
  repeated so that they weigh more than body words.
* **Reading order**: the parent heading, the passage's own heading and its body, each in
  the order written, with FIELD_BREAK between them. Proximity reads it: neighbouring
  question words should stand side by side within one of those fields ("Linux Guru",
  "Core Skills"), not across them. It is stored as term ids, FIELD_BREAK as -1.
"""

from __future__ import annotations

from functools import lru_cache

from ..dialects import html_as_markdown
from ..sections import Passage
from ..text import heading_terms, tokenize

HEADING_WEIGHT = 2  # words of a passage's own heading count twice as much as body words
PARENT_WEIGHT = 2  # words of the heading right above it, as much as its own
ANCESTOR_WEIGHT = 1  # words of the headings further up count as body words
FIELD_BREAK = ""  # between the fields of a reading order; never a token; stored as -1


def bm25_tokens(p: Passage) -> list[str]:
    """The tokens BM25 counts for a passage: heading words weighted above body words."""
    return bm25_tokens_and_reading_order(p)[0]


def bm25_tokens_and_reading_order(p: Passage) -> tuple[list[str], list[str]]:
    """The passage's BM25 tokens, and its parent heading, own heading and body in reading
    order, separated by FIELD_BREAK: both at once, tokenizing each field once."""
    weighted, own, body = _passage_fields(p)
    parent = list(heading_terms(p.heading_path[-2])) if len(p.heading_path) > 1 else []
    return weighted + body, parent + [FIELD_BREAK] + own + [FIELD_BREAK] + body


def _passage_fields(p: Passage) -> tuple[list[str], list[str], list[str]]:
    """The weighted heading tokens, the passage's own heading tokens, and the body tokens.

    The passage's own heading counts HEADING_WEIGHT times, the one above it PARENT_WEIGHT
    times, and the headings further up once, like body words.
    """
    weighted: list[str] = []
    n = len(p.heading_path)
    for depth, heading in enumerate(p.heading_path):
        from_leaf = n - 1 - depth
        times = (
            HEADING_WEIGHT
            if from_leaf == 0
            else PARENT_WEIGHT
            if from_leaf == 1
            else ANCESTOR_WEIGHT
        )
        weighted.extend(heading_terms(heading) * times)
    own = list(heading_terms(p.heading_path[-1])) if n else []
    # HTML in the prose is read as the page shows it: "<code>--exclude</code>" is a word of
    # the page, "<dt class=\"option-term\">" none; a code block's tags are its words
    body = p.text if p.code_lang else html_as_markdown(p.text)
    return weighted, own, tokenize(body) + list(_context_tokens(p.context))


@lru_cache(maxsize=1024)
def _context_tokens(context: str) -> tuple[str, ...]:
    """A passage's context is mostly its document's description, the same for every passage
    of the file: tokenized once."""
    return tuple(tokenize(context)) if context else ()
