"""A question asking for an amount, and the passage that writes a number by its words."""

from __future__ import annotations

import pytest

from bot.amount_asked import amount_near, asks_amount
from bot.index import SearchBackend, index_documents
from bot.query import Vocabulary, analyze
from bot.sections import parse_markdown

NAMES = (
    "# Release names\n\n"
    "Release names identify an installed chart. Release names must be unique per\n"
    "namespace; release names are shown by the list command, and an upgrade keeps\n"
    "the release names it found.\n"
)
LIMITS = "# Limits\n\nRelease names are limited to 53 characters in length.\n"


def _index_and_passages() -> tuple[SearchBackend, int, int]:
    filler = [
        parse_markdown(f"# Topic {n}\n\nA page about subject number {n}.\n", f"t/t{n}.md")
        for n in range(30)
    ]
    docs = [parse_markdown(NAMES, "names.md"), parse_markdown(LIMITS, "limits.md"), *filler]
    index = index_documents(docs)
    first = {index.passage(d).source: d for d in range(index.n_passages)}
    return index, first["names.md"], first["limits.md"]


@pytest.mark.parametrize(
    "question",
    [
        "how many replicas can I run?",
        "How much memory does it take",
        "what's the max length of a release name?",
        "is there a limit on names",
        "which port does the controller listen on",
        "how long does a rollout take",
    ],
)
def test_questions_asking_for_an_amount(question):
    assert asks_amount(question)


@pytest.mark.parametrize(
    "question",
    [
        "how do I rename a release?",
        "the scrape takes ~2 min, can I cache it?",
        "what does the port-forward command do",
    ],
)
def test_questions_not_asking_for_an_amount(question):
    assert not asks_amount(question)


def _lifted(question: str) -> list[int]:
    """The passages a near tie of the two pages puts first, then second."""
    index, names, limits = _index_and_passages()
    query = analyze(question, Vocabulary(index.term_ids, index.df, index.side_by_side))
    final = {names: 10.0, limits: 9.9}
    amount_near(index, query, final, {names: 1.0, limits: 1.0}, 1.0)
    return sorted(final, key=final.__getitem__, reverse=True)


def test_the_passage_with_a_number_by_the_words_asked_goes_first():
    """ "what's the max length of release names?" asks for a number: the line that writes
    "53 characters" by "release names" answers it, before the page that repeats "release
    names" and says nothing of their length."""
    _, names, limits = _index_and_passages()
    assert _lifted("what's the max length of release names?") == [limits, names]


def test_a_question_not_asking_for_an_amount_ranks_as_before():
    _, names, limits = _index_and_passages()
    assert _lifted("what are release names for?") == [names, limits]


def test_a_passage_covering_much_less_of_the_question_is_not_lifted():
    """Only candidates near the first one's coverage: a number by one word asked is no
    answer to a question the first passage covers."""
    index, names, limits = _index_and_passages()
    query = analyze(
        "max length of release names?", Vocabulary(index.term_ids, index.df, index.side_by_side)
    )
    final = {names: 10.0, limits: 9.9}
    amount_near(index, query, final, {names: 1.0, limits: 0.5}, 1.0)
    assert final == {names: 10.0, limits: 9.9}
