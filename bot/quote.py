"""A question → an answer made only of quoted passages, or an honest "no answer".

The best passages are found with BM25 (:mod:`bot.index`). Whether they *answer* is decided
by coverage, not by ``score > 0``: the share of the question's content words (weighted by
IDF, so rare words matter more) that the best passage contains, directly, through a
synonym or through a corrected typo. A question whose words the corpus does not know, or
that only brushes the best passage, is declined with the closest headings as suggestions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from .index import SearchBackend
from .query import SYNONYM_WEIGHT, Query, Vocabulary, analyze
from .salary import SalaryFact, conversation_lookup, is_salary_question
from .sections import Passage, cut_text
from .text import content_words

MAX_QUOTE_CHARS = 1000
MIN_COVERAGE = 0.5  # when some word of the question is unknown to the corpus
MIN_COVERAGE_KNOWN = 0.35  # when the corpus knows every word: a partial match is a ranking matter
SALARY_BOOST = 0.5  # share of the best score added to the passage holding the best salary fact
UNKNOWN_WEIGHT = 0.6  # see Answerer._coverage_weight
CANDIDATES = 20
SUGGESTIONS = 5
FUZZY_SUGGEST_MAX = 20_000  # headings; see Answerer.suggest
PROXIMITY_WEIGHT = 2.0  # bonus per pair of neighbouring question words found side by side
PROXIMITY_SPAN = 2  # "side by side": at most this many tokens apart
_NEAR = [d for d in range(-PROXIMITY_SPAN, PROXIMITY_SPAN + 1) if d]


@dataclass(slots=True)
class Hit:
    passage: Passage
    score: float
    coverage: float
    terms: frozenset[str]  # the question's index terms
    text: str  # the quote: at most MAX_QUOTE_CHARS, fenced again if it is code
    _matched: list[str] | None = None

    @property
    def matched(self) -> list[str]:
        """Words of the passage that match the question, as written there, for marking.

        Found on first use: only renderers need them, and they cost a pass over the text.
        """
        if self._matched is None:
            self._matched = matched_words(self.passage.text, self.terms)
        return self._matched

    def to_dict(self) -> dict:
        p = self.passage
        return {"text": self.text, "heading_path": list(p.heading_path), "source": p.source,
                "line_start": p.line_start, "line_end": p.line_end, "score": round(self.score, 4)}


@dataclass(slots=True)
class Answer:
    query: str
    answered: bool
    results: list[Hit] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)

    @property
    def corrected_query(self) -> str:
        """The question with its typos replaced by what was searched for."""
        return _corrected(self.query, self.corrections)

    def to_dict(self) -> dict:
        return {"query": self.query, "answered": self.answered,
                "results": [h.to_dict() for h in self.results],
                "suggestions": self.suggestions, "corrections": self.corrections}


class Answerer:
    """Answers questions from one index. Cheap to make; holds the query-side caches."""

    def __init__(self, index: SearchBackend):
        self.index = index
        self.vocab = Vocabulary(index.term_ids, index.df)

    def ask(self, question: str, k: int = 3, context: Sequence[str] = ()) -> Answer:
        """The best ``k`` passages for a question, or a decline with suggestions.

        ``context`` holds the earlier questions (oldest first) this one follows up.
        """
        query = analyze(question, self.vocab, context)
        corrections = {typo: self.spelled(term) for typo, term in query.corrections.items()}
        candidates, scores = self.index.search(query.clauses, max(k * 4, CANDIDATES))
        final = self._rerank(query, candidates, scores, k)
        self._boost_salary_facts(_corrected(question, corrections), context, final, scores)
        candidates = sorted(final, key=lambda d: -final[d])
        shown: list[tuple[int, Passage]] = []
        for doc in candidates:
            p = self.index.passage(doc)
            if any(_overlaps(p, q) for _, q in shown):
                continue  # overlapping windows of the same code block
            shown.append((doc, p))
            if len(shown) == k:
                break
        coverage, words_found = self.coverage(query, [doc for doc, _ in shown])
        terms = frozenset(query.terms)
        hits = [Hit(p, final[doc], coverage[doc], terms, quote_text(p)) for doc, p in shown]
        asked = [w for w in query.words if w.weight == 1.0]
        unknown = any(not self._known(w) for w in asked)
        # answered when one of the passages shown covers the question well enough; when the
        # corpus lacks a word of the question, it must also hold two of the words asked
        # ("train" alone does not answer "how do I train for a marathon?")
        needed = 2 if unknown and len(asked) >= 2 else 1
        threshold = MIN_COVERAGE if unknown else MIN_COVERAGE_KNOWN
        answered = any(coverage[doc] >= threshold and words_found[doc] >= needed for doc, _ in shown)
        if not answered:
            near = [self.index.passage(d) for d in candidates[:SUGGESTIONS * 3]]
            return Answer(question, False, [], self.suggest(question, near), corrections)
        return Answer(question, True, hits, [], corrections)

    def _boost_salary_facts(self, question: str, context: Sequence[str], final: dict[int, float],
                            scores) -> None:
        """For a question about pay, lift the passage that holds the best-matching fact.

        The salary facts extracted at index time know role and level; BM25 only sees words,
        and "senior MLOps engineer" also matches a list of other engineers' pay.
        """
        if not final or not self.index.salaries or not is_salary_question(" ".join([question, *context])):
            return
        result = conversation_lookup(self.facts, question, context)
        if not result.answered:
            return
        fact = result.matches[0].fact  # the lookup's own ranking puts role + level first
        doc = self.index.passage_of(fact.source, fact.line)
        if doc is not None:
            final[doc] = final.get(doc, float(scores[doc])) + SALARY_BOOST * max(final.values())

    def spelled(self, term: str) -> str:
        """A term as the corpus writes it ("salari" → "Salary"), for people to read."""
        docs, _ = self.index.search([([term], 1.0)], 1)
        if docs:
            p = self.index.passage(docs[0])
            found = matched_words(p.text + "\n" + " ".join(p.heading_path), {term})
            if found:
                return found[0]
        return term

    @cached_property
    def facts(self) -> list[SalaryFact]:
        return [SalaryFact.from_dict(d) for d in self.index.salaries]

    def _rerank(self, query: Query, candidates: list[int], scores, k: int) -> dict[int, float]:
        """BM25 plus proximity for the candidates (best BM25 first) that can still make it.

        Once ``k + 2`` candidates are scored, one whose BM25 plus the largest possible
        bonus stays below the ``k + 2``-th best final score is skipped, with all after it.
        """
        pairs = _Pairs.of(query, self)
        bound = sum(pairs.bonus)
        bonus = pairs.proximity(*self.index.reading_orders(candidates)) if bound else None
        final: dict[int, float] = {}
        for n, doc in enumerate(candidates):
            base = float(scores[doc])
            if len(final) >= k + 2 and base + bound < sorted(final.values())[-(k + 2)]:
                break
            final[doc] = base + (float(bonus[n]) if bound else 0.0)
        return final

    def _weight(self, word) -> float:
        own = [self.index.idf(t) for t in word.terms if t in self.vocab]
        syn = [SYNONYM_WEIGHT * self.index.idf(t) for t in word.synonyms if t in self.vocab]
        return max(own + syn, default=0.0)

    def coverage(self, query: Query, docs: list[int]) -> tuple[dict[int, float], dict[int, int]]:
        """Per passage, the IDF-weighted share of the question's words it contains, and how
        many of those words it contains."""
        present = {t: self.index.containing(t, docs) for t in query.terms}
        total = 0.0
        covered = dict.fromkeys(docs, 0.0)
        found = dict.fromkeys(docs, 0)
        for word in query.words:
            if word.weight < 1.0:
                continue  # carried over from an earlier question: not asked now
            weight = self._coverage_weight(word)
            total += weight
            holding = set().union(*(present.get(t, ()) for t in word.all_terms()))
            for doc in holding:
                covered[doc] += weight
                found[doc] += 1
        return {doc: (c / total if total else 0.0) for doc, c in covered.items()}, found

    def _known(self, word) -> bool:
        return any(t in self.vocab for t in word.all_terms())

    def _coverage_weight(self, word) -> float:
        """How much a word counts towards coverage: its IDF, so rare words matter more.

        A word the corpus never uses, and that has no synonym it uses, counts
        UNKNOWN_WEIGHT times the highest IDF: "astronaut" weighs against a passage about
        salaries, but a stray verb such as "hold" does not sink a good answer.
        """
        for terms in (word.terms, word.synonyms):
            known = [self.index.idf(t) for t in terms if t in self.vocab]
            if known:
                return max(known)
        return UNKNOWN_WEIGHT * self.index.idf("")

    def suggest(self, question: str, near: list[Passage], limit: int = SUGGESTIONS) -> list[str]:
        """Closest headings: those of near-miss passages, then fuzzy heading matches.

        The fuzzy pass reads every heading, so it only runs on corpora of at most
        FUZZY_SUGGEST_MAX headings; on larger ones the near misses have to do.
        """
        out: list[str] = []
        for p in near:
            label = " > ".join(p.heading_path)
            if label and label not in out:
                out.append(label)
        if len(out) < limit and self.index.n_sections <= FUZZY_SUGGEST_MAX:
            words = " ".join(s for s, _ in content_words(question)) or question
            for label, _, _ in process.extract(words, self._heading_labels, scorer=fuzz.token_set_ratio,
                                               limit=limit * 2):
                if label not in out:
                    out.append(label)
        return out[:limit]

    @cached_property
    def _heading_labels(self) -> list[str]:
        return [label for label, _ in self.index.headings]


@dataclass(slots=True)
class _Pairs:
    """Neighbouring question words, prepared once per question for the proximity bonus.

    BM25 sees bags of words; "data versioning" should prefer the passage that says
    "Data Versioning" over one that says "data" here and "version" there. A pair earns
    PROXIMITY_WEIGHT times the smaller weight of its two words when they stand at most
    PROXIMITY_SPAN tokens apart within one field (parent heading, own heading, body).
    """

    ids: list[list[int]]  # per word: the term ids that stand for it
    bonus: list[float]  # per pair (word n, word n + 1)

    @classmethod
    def of(cls, query: Query, answerer: "Answerer") -> "_Pairs":
        term_ids = answerer.index.term_ids
        ids = [[term_ids[t] for t in w.all_terms() if t in term_ids] for w in query.words]
        weights = [answerer._weight(w) for w, i in zip(query.words, ids) if i]
        ids = [i for i in ids if i]
        bonus = [PROXIMITY_WEIGHT * min(a, b) for a, b in zip(weights, weights[1:])]
        return cls(ids, bonus)

    def proximity(self, seq: np.ndarray, bounds: np.ndarray) -> np.ndarray:
        """The bonus of each passage, from their concatenated reading orders
        (:meth:`bot.index.SearchIndex.reading_orders`): vectorised, no loop over tokens."""
        n_docs = len(bounds) - 1
        out = np.zeros(n_docs)
        if not self.bonus or not len(seq):
            return out
        doc = np.repeat(np.arange(n_docs), np.diff(bounds))
        # every field and every passage starts far from the one before, so nearness never
        # crosses from a heading into the body, or from one passage into the next
        far = 2 * PROXIMITY_SPAN
        pos = np.arange(len(seq)) + far * (np.cumsum(seq == -1) + doc + 1)
        where = []  # per word: its positions, and the passage of each
        for ids in self.ids:
            hit = seq == ids[0]
            for i in ids[1:]:
                hit |= seq == i
            where.append((pos[hit], doc[hit]))
        mark = np.zeros(int(pos[-1]) + far + 1, dtype=bool)
        for (a, a_doc), (b, _), bonus in zip(where, where[1:], self.bonus):
            if not len(a) or not len(b):
                continue
            mark[b] = True
            near = np.logical_or.reduce([mark[a + d] for d in _NEAR])
            mark[b] = False
            earned = np.zeros(n_docs, dtype=bool)  # once per passage, however many times near
            earned[a_doc[near]] = True
            out[earned] += bonus
        return out


def _corrected(question: str, corrections: dict[str, str]) -> str:
    for typo, fixed in corrections.items():
        question = re.sub(rf"\b{re.escape(typo)}\b", fixed, question, flags=re.IGNORECASE)
    return question


def _overlaps(a: Passage, b: Passage) -> bool:
    return a.source == b.source and a.line_start <= b.line_end and b.line_start <= a.line_end


def matched_words(text: str, terms: set[str]) -> list[str]:
    """The words of ``text`` (as written) whose index terms are among ``terms``."""
    seen: dict[str, None] = {}
    for surface, word_terms in content_words(text):
        if terms.intersection(word_terms):
            seen.setdefault(surface, None)
    # content_words folds case; recover the spelling used in the text
    out = []
    for word in seen:
        m = _word_pattern(word).search(text)
        out.append(m.group(0) if m else word)
    return out


@lru_cache(maxsize=4096)
def _word_pattern(word: str) -> re.Pattern:
    return re.compile(re.escape(word), re.IGNORECASE)


def quote_text(p: Passage, limit: int = MAX_QUOTE_CHARS) -> str:
    """The passage as a quote: cut on a line or word boundary, code fenced again."""
    if p.code_lang:
        fence = "```"
        inner_limit = limit - len(fence) * 2 - len(p.code_lang) - 2
        inner = _cut(p.text, inner_limit)
        return f"{fence}{p.code_lang}\n{inner}\n{fence}"
    text = _cut(p.text, limit)
    if text.count("```") % 2 and not p.text.count("```") % 2:  # a cut inside a fence: close it
        text = _cut(p.text, limit - 4) + "\n```"
    return text  # a fence left open in the file stays open: the quote is the file's text


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    nl = head.rfind("\n")
    if nl >= limit // 2:
        return head[:nl] + "\n…"
    return cut_text(text, limit - 1)[0].rstrip() + "…"



