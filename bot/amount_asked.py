"""A question that asks for an amount, and the passage that writes a number by its words.

"how many revisions does helm history keep?", "what's the max length of a release name?",
"which port does the controller serve metrics on?" ask for a number, and the passage that
answers most often writes one next to the words asked about ("limited to 53 characters",
"metrics on port 9001", "Recruit panelists (3-4)"); a passage that only names the subject
("Release names", "the metrics endpoint") scores as high. So, when a question asks how
many, how much, how long, how often, how big or how far, a maximum, a minimum, a limit or a
port, each of the best AMOUNT_DEPTH candidates that holds AMOUNT_COVERAGE of the first
one's coverage and has a number within AMOUNT_SPAN tokens of a question word gains
AMOUNT_NEAR of the best BM25 score. A number anywhere in the passage is not enough: most
passages of technical documents hold a version, a size or an example value. Measured
against the first candidate, not the best among them: a passage of another page that
covers more of the question ("helm rollback"'s options for "helm history … how many does
it show by default") would otherwise be lifted alone, over the two passages of the page
asked about that also write "256" by "default", and part them.
"""

from __future__ import annotations

import re
from bisect import bisect_left

import numpy as np

from .index import SearchBackend
from .query import Query

AMOUNT_NEAR = 0.5  # share of the best BM25 score (0: off)
AMOUNT_DEPTH = 5  # ... for candidates among this many best
AMOUNT_COVERAGE = 0.8  # ... that hold this share of the first one's coverage
AMOUNT_SPAN = 3  # ... with a number this many tokens from a question word, or nearer

_ASKS_AMOUNT = re.compile(
    r"\bhow (?:many|much|long|often|big|large|far|old)\b"
    r"|\b(?:max|maximum|minimum|limits?|(?:which|what) port)\b",
    re.IGNORECASE,
)


def asks_amount(text: str) -> bool:
    """Whether a question asks for an amount: "how many …", "what's the max …", "is there
    a limit …", "which port …" ("min" is left out: "takes ~2 min" is a time, not a
    question about a minimum)."""
    return _ASKS_AMOUNT.search(text) is not None


def amount_near(
    index: SearchBackend,
    query: Query,
    final: dict[int, float],
    cover: dict[int, float],
    bonus: float,
) -> None:
    """Lift, in ``final`` and by ``bonus``, the best candidates that write a number next
    to a word of a question asking for an amount (see the module's docstring). ``cover``
    holds each candidate's coverage of the question."""
    if not (bonus and final and asks_amount(query.text)):
        return
    order = sorted(final, key=final.__getitem__, reverse=True)[:AMOUNT_DEPTH]
    least = AMOUNT_COVERAGE * cover.get(order[0], 0.0)
    docs = [d for d in order if cover.get(d, 0.0) >= least]
    ids = index.term_ids
    asked = {ids[t] for terms, _ in query.own_clauses for t in terms if t in ids}  # not feedback
    if not docs or not asked:
        return
    seq, bounds = index.reading_orders(docs)
    vocab = index.vocab  # sorted (bot.index.format): the terms that open with a digit in a row
    numbers = (bisect_left(vocab, "0"), bisect_left(vocab, ":"))  # ":" follows "9"
    for n in _with_number_near(seq, bounds, asked, numbers):
        final[docs[n]] += bonus


def _with_number_near(
    seq: np.ndarray, bounds: np.ndarray, asked: set[int], numbers: tuple[int, int]
) -> set[int]:
    """Which passages, of the concatenated reading orders ``seq`` with their ``bounds``
    (see SearchIndex.reading_orders), have a number (a term id in the range ``numbers``)
    within AMOUNT_SPAN tokens of one of the terms ``asked`` (term ids), in the same
    passage; in one pass over all of them: a call per passage cost more."""
    owner = np.arange(len(bounds) - 1).repeat(np.diff(bounds))  # each token's passage
    hits = np.zeros(len(seq), dtype=bool)
    for i in asked:
        hits |= seq == i
    near = np.zeros(len(seq), dtype=bool)
    for step in range(1, AMOUNT_SPAN + 1):
        same = owner[step:] == owner[:-step]
        near[:-step] |= hits[step:] & same
        near[step:] |= hits[:-step] & same
    number = (seq >= numbers[0]) & (seq < numbers[1])
    return set(owner[near & number & ~hits].tolist())
