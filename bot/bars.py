"""The decline rule's bars: how much of a question a passage must hold to answer it (see
bot.answer.Answerer._answers). A word the corpus lacks weighs like its rarest, so a
question whose subject the documents lack needs the rest of it to match well; a passage
that plainly stands out, or holds many of a long question's words, answers all the same.
Pure: no Discord.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .query import Word
from .sections import Passage
from .synonyms import in_group
from .text import MONEY, heading_terms
from .thesaurus import mostly_adjective

MIN_COVERAGE = 0.43  # when some word of the question is unknown to the corpus
MIN_COVERAGE_KNOWN = 0.2  # when the corpus knows every word: a partial match is a ranking matter
# ... when the words it lacks all have a WordNet synonym it uses ("zero" pods: "null") or
# are adjectives ("the actual command"): more often how the question is worded than a
# subject the documents lack (and never named as missing: see Answerer.unused), so a bar
# between the two
WORDING_COVERAGE = 0.38
# ... when one of them is a name ("CKA", "datadog", "semgrep"): what the question is about,
# so more of the rest must match
NAMED_COVERAGE = 0.46
STANDOUT = 1.5  # a passage this many times the coverage of any other answers: see stands_out
STANDOUT_COVERAGE = 0.25  # ... when it covers this much of the question at least
MANY_FOUND = 6  # a passage holding this many of the question's words answers: see holds_much
MANY_COVERAGE = 0.25  # ... when it covers this much of the question at least


def bar(unknown: list[Word]) -> float:
    """The share of the question's weight a passage must hold to answer it, by the words of
    the question the corpus lacks (``unknown``): none, only words of its wording (a
    WordNet synonym the corpus uses, an adjective), a name among them, or others."""
    if not unknown:
        return MIN_COVERAGE_KNOWN
    if any(w.name for w in unknown):
        return NAMED_COVERAGE
    if all(of_wording(w) for w in unknown):
        return WORDING_COVERAGE
    return MIN_COVERAGE


def of_wording(word: Word) -> bool:
    """Whether a word the corpus lacks is one of how the question is put, not of what it
    asks: a WordNet synonym of it the corpus uses ("zero": "null"), or an adjective ("the
    actual command"). The answer never names one as missing (Answerer.unused), and a
    question lacking only such words meets WORDING_COVERAGE."""
    return word.bridged or mostly_adjective(word.surface.casefold())


def prices_a_missing_name(words: Sequence[Word], unknown: list[Word]) -> bool:
    """Whether the question asks what something costs ("how much", "price", "fee") and
    names something the corpus lacks ("how much does the CKA exam cost?"): the amounts the
    documents hold are the prices of other things, however much of the rest a passage
    holds ("Certification exam fees are covered", over a table of what courses cost)."""
    if not any(w.name for w in unknown):
        return False
    return any(
        MONEY in w.synonyms and in_group((*w.terms, *w.synonyms), "cost", amounts=False)
        for w in words
    )


def named_elsewhere(question: str, unknown: list[Word]) -> bool:
    """Whether the question puts a word the corpus lacks after "in" or "at" ("what do
    junior devops make in Germany?", "pay at Initech"): a market, a place or an employer
    the documents never name. Salary facts are of the market they name ("US Market,
    2024"), so they do not answer it. A word of how the question is put (an adjective,
    see of_wording) is no such place."""
    return any(
        re.search(rf"\b(?:in|at)\s+(?:the\s+)?{re.escape(w.surface)}\b", question, re.IGNORECASE)
        for w in unknown
        if not of_wording(w)
    )


def holds_much(found: int, coverage: float) -> bool:
    """Whether a passage holds so many of the question's words (MANY_FOUND, a word the
    question repeats counted as often) that it answers, though the words the corpus lacks
    keep its coverage under the bar: a long question in readers' words ("my teammate is
    speaking at a conf next month. can I tweet telling ppl to go sign up for it? any rules
    on that for us gov folks") leaves many words no page uses, and the one page that holds
    six of the others is where its subject is. A question whose subject the corpus lacks
    is most often short, and a page that shares a few of its everyday words shares no six
    of them; a name the corpus lacks ("SnapStart") still declines (see bot.answer.Answerer._answers)."""
    return found >= MANY_FOUND and coverage >= MANY_COVERAGE


def stands_out(
    doc: int, passage: Passage, asked: list[Word], coverage: float, rivals: dict[int, float]
) -> bool:
    """Whether a passage is plainly the documents' place for the question, though it
    covers too little of it to answer by coverage alone: it covers STANDOUT_COVERAGE at
    least, STANDOUT times what any other candidate covers, and a heading above it names
    one of the question's words (``asked``: those the corpus knows).

    A long question in readers' words ("if the primary on-call doesn't ack a page, when is
    the backup pulled in?") leaves words the documents do not use, each weighing like a
    rare one; its subject is in the documents when one passage, under a heading that names
    it ("On-call rotation"), holds it and no other comes close. Everyday words a question
    shares with the documents by chance are spread over several passages, or stand under
    headings about something else.
    """
    best_other = max((c for d, c in rivals.items() if d != doc), default=0.0)
    if coverage < STANDOUT_COVERAGE or coverage < STANDOUT * best_other:
        return False
    heading = {t for h in passage.heading_path for t in heading_terms(h)}
    return any(heading.intersection(w.all_terms()) for w in asked)
