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

from .cut import fenced_code, shorten_quote
from .index import SearchBackend, lucene_idf
from .query import SYNONYM_WEIGHT, Query, Vocabulary, analyze, synonym_groups
from .salary import SalaryAnswer, SalaryBook, SalaryFact, is_salary_question, names_a_role
from .sections import Passage
from .text import MONEY, content_words

HIT_QUOTE_MAX = 1000  # characters of the quote an answer carries for each hit (Hit.text)
QUOTE_CONTEXT_CHARS = 900  # a quoted passage grows with its neighbours up to this size
MIN_COVERAGE = 0.43  # when some word of the question is unknown to the corpus
MIN_COVERAGE_KNOWN = 0.2  # when the corpus knows every word: a partial match is a ranking matter
SALARY_BOOST = 0.5  # share of the best score added to the passage holding the best salary fact
SALARY_FACTS_SHOWN = 3  # salary facts an answer carries (shown above its quotes)
UNKNOWN_WEIGHT = 0.8  # see Answerer._coverage_weight
CANDIDATES = 20
SUGGESTIONS = 5
FUZZY_SUGGEST_MAX = 20_000  # headings; see Answerer.suggest
COVERAGE_WEIGHT = 0.5  # see Answerer._rerank
FILE_WEIGHT = 1.0  # see Answerer._rerank
PRF_TERMS = 10  # words added from the best passages: see Answerer._expanded
PRF_DOCS = 5  # ... from this many
PRF_WEIGHT = 0.2  # ... the best of them at this weight, the others in proportion
PRF_BELOW = 1.0  # ... only when no passage among them covers the whole question
PRF_MIN_PASSAGES = 5_000  # feedback needs a collection: on a few files it adds noise
PROXIMITY_WEIGHT = 2.0  # bonus per pair of neighbouring question words found side by side
PROXIMITY_SPAN = 2  # "side by side": at most this many tokens apart
_NEAR = [d for d in range(-PROXIMITY_SPAN, PROXIMITY_SPAN + 1) if d]


@dataclass(slots=True)
class Hit:
    passage: Passage
    score: float
    coverage: float
    terms: frozenset[str]  # the question's index terms
    text: str  # the quote: at most HIT_QUOTE_MAX, fenced again if it is code
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
        return {
            "text": self.text,
            "heading_path": list(p.heading_path),
            "source": p.source,
            "line_start": p.line_start,
            "line_end": p.line_end,
            "score": round(self.score, 4),
        }


@dataclass(slots=True)
class Answer:
    query: str
    answered: bool
    results: list[Hit] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)
    salary: list[SalaryFact] = field(default_factory=list)  # the facts the answer used, best first

    @property
    def corrected_query(self) -> str:
        """The question with its typos replaced by what was searched for."""
        return _corrected(self.query, self.corrections)

    def to_dict(self) -> dict:
        return {
            "query": self.query,
            "answered": self.answered,
            "results": [h.to_dict() for h in self.results],
            "suggestions": self.suggestions,
            "corrections": self.corrections,
        }


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
        memo: dict[int, tuple[float, int]] = {}  # coverage, found once per passage
        cover = self.coverage(query, candidates, memo)[0]
        if (
            PRF_TERMS
            and candidates
            and self.index.n_passages >= PRF_MIN_PASSAGES
            and max(cover[d] for d in candidates[:PRF_DOCS]) < PRF_BELOW
        ):
            # the best passages miss some of the question: look for it in their words
            query = self._expanded(query, candidates, scores)
            candidates, scores = self.index.search(query.clauses, max(k * 4, CANDIDATES))
        final = self._rerank(query, candidates, scores, k, memo)
        pay, salary = self._boost_salary_facts(question, corrections, context, final, scores)
        candidates = sorted(final, key=lambda d: -final[d])
        shown: list[tuple[int, Passage]] = []
        for doc in candidates:
            p = self.with_neighbours(doc)
            if any(_overlaps(p, q) for _, q in shown):
                continue  # overlapping windows of the same code block
            shown.append((doc, p))
            if len(shown) == k:
                break
        coverage, words_found = self.coverage(query, [doc for doc, _ in shown], memo)
        terms = frozenset(query.terms)
        hits = [Hit(p, final[doc], coverage[doc], terms, quote_text(p)) for doc, p in shown]
        asked = [w for w in query.words if w.weight == 1.0]
        unknown = any(not self._known(w) for w in asked)
        # answered when one of the passages shown covers the question well enough: a word
        # the corpus lacks weighs like a rare one, so a question whose subject is not in
        # the documents ("kotlin", "zigbee") needs the rest of it to match well, and in two
        # words at least: "train" alone does not answer "how do I train for a marathon?"
        threshold = MIN_COVERAGE if unknown else MIN_COVERAGE_KNOWN
        needed = 2 if unknown and len(asked) >= 2 else 1
        answered = any(
            coverage[doc] >= threshold and words_found[doc] >= needed for doc, _ in shown
        )
        if answered and pay is not None and not pay.answered and names_a_role(question):
            # a question about someone's pay that no salary fact answers: some passage shown
            # must name everything it asks about besides pay ("data engineer"), or the list
            # of other people's salaries it brushes against is not an answer; nor is a
            # passage that names them without an amount ("Data Engineer" in a career path)
            subject = [w for w in asked if not self._is_pay_word(w)]
            answered = all(self._known(w) for w in subject) and any(
                self.index.containing(MONEY, [doc])
                and all(
                    any(self.index.containing(t, [doc]) for t in w.all_terms()) for w in subject
                )
                for doc, _ in shown
            )
        if not answered:
            near = [self.index.passage(d) for d in candidates[: SUGGESTIONS * 3]]
            return Answer(question, False, [], self.suggest(question, near), corrections, salary)
        return Answer(question, True, hits, [], corrections, salary)

    def _expanded(self, query: Query, candidates: list[int], scores) -> Query:
        """The query with words the best passages share (pseudo-relevance feedback, in the
        style of RM3): "wipe the firewall rules" finds passages about rules that say
        "flush", and then "flush" finds the one that also says how.

        Each word of the best PRF_DOCS passages weighs its share of the passage times the
        passage's score relative to the best, summed, times its IDF; the PRF_TERMS heaviest
        words not asked are added as clauses, the heaviest at PRF_WEIGHT. Coverage, and so
        declining, still counts only the words asked.
        """
        docs = candidates[:PRF_DOCS]
        seq, bounds = self.index.reading_orders(docs)
        lengths = np.diff(bounds)
        keep = seq >= 0
        top = float(scores[docs[0]]) or 1.0
        share = np.repeat(
            [float(scores[d]) / top / max(int(n), 1) for d, n in zip(docs, lengths)], lengths
        )
        terms, at = np.unique(seq[keep], return_inverse=True)  # only the words present
        weight = np.bincount(at, weights=share[keep]) * self._idf[terms]
        asked = [self.index.term_ids[t] for t in query.terms if t in self.index.term_ids]
        weight[np.isin(terms, asked)] = 0.0
        order = np.argsort(-weight, kind="stable")[:PRF_TERMS]
        order = order[weight[order] > 0]
        if not len(order):
            return query
        vocab, best = self.index.postings.vocab, float(weight[order[0]])
        clauses = list(query.clauses) + [
            ([vocab[int(terms[i])]], PRF_WEIGHT * float(weight[i]) / best) for i in order.tolist()
        ]
        return Query(query.text, query.words, clauses)

    @cached_property
    def _idf(self) -> np.ndarray:
        """The IDF of every term, by term id."""
        return lucene_idf(self.index.n_passages, self.index.postings.df.astype(np.float64))

    def with_neighbours(self, doc: int, limit: int = QUOTE_CONTEXT_CHARS) -> Passage:
        """A passage with its neighbours in the same section, up to ``limit`` characters.

        Passages are cut small so that search finds the block that answers; a person
        reads that block better with the sentence before it and the lines after it. The
        block before comes first ("Flush all rules:" over a command), then the one after,
        in turn, while they fit. Code windows overlap and stay as they are.
        """
        p = self.index.passage(doc)
        if p.code_lang:
            return p
        lo, hi, text = doc, doc, p.text
        start, end = p.line_start, p.line_end
        open_sides = [-1, 1]
        while open_sides:
            for side in list(open_sides):
                at = lo - 1 if side < 0 else hi + 1
                q = self.index.passage(at) if 0 <= at < self.index.n_passages else None
                if (
                    q is None
                    or q.source != p.source
                    or q.heading_path != p.heading_path
                    or q.code_lang
                    or (q.line_end >= start if side < 0 else q.line_start <= end)
                ):
                    open_sides.remove(side)
                    continue
                gap = (start - q.line_end) if side < 0 else (q.line_start - end)
                joined = (q.text + "\n" * gap + text) if side < 0 else (text + "\n" * gap + q.text)
                if len(joined) > limit:
                    open_sides.remove(side)
                    continue
                text = joined
                if side < 0:
                    lo, start = at, q.line_start
                else:
                    hi, end = at, q.line_end
        if lo == hi:
            return p
        return Passage(p.source, p.heading_path, start, end, text, None, p.context)

    def _boost_salary_facts(
        self,
        asked: str,
        corrections: dict[str, str],
        context: Sequence[str],
        final: dict[int, float],
        scores,
    ) -> tuple[SalaryAnswer | None, list[SalaryFact]]:
        """For a question about pay, lift the passage that holds the best-matching fact.

        The salary facts extracted at index time know role and level; BM25 only sees words,
        and "senior MLOps engineer" also matches a list of other engineers' pay. The
        question ``asked``, its typos corrected, is looked up in the salary book. Returns
        the lookup (None when the question is not about pay or there are no facts) and the
        facts an answer carries (the best SALARY_FACTS_SHOWN), also when no passage was found.
        """
        question = _corrected(asked, corrections)
        if not self.index.salaries or not is_salary_question(" ".join([question, *context])):
            return None, []
        result = self.salary_book.conversation_lookup(question, context)
        if not result.answered:
            return result, []
        shown = [m.fact for m in result.matches[:SALARY_FACTS_SHOWN]]
        fact = shown[0]  # the lookup's own ranking puts role + level first
        doc = self.index.passage_of(fact.source, fact.line)
        if doc is not None and final:
            final[doc] = final.get(doc, float(scores[doc])) + SALARY_BOOST * max(final.values())
        return result, shown

    def _is_pay_word(self, word) -> bool:
        """A word that asks about pay ("salary", "earn", "make" at the end of a question)."""
        pay = _pay_terms()
        return bool(pay.intersection(word.terms)) or bool(pay.intersection(word.synonyms))

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

    @cached_property
    def salary_book(self) -> SalaryBook:
        """The index's salary facts, ready for lookups: made once per answerer."""
        return SalaryBook(self.facts)

    def _rerank(
        self,
        query: Query,
        candidates: list[int],
        scores,
        k: int,
        memo: dict[int, tuple[float, int]] | None = None,
    ) -> dict[int, float]:
        """BM25 plus proximity for the candidates (best BM25 first) that can still make it.

        Once ``k + 2`` candidates are scored, one whose BM25 plus the largest possible
        bonus stays below the ``k + 2``-th best final score is skipped, with all after it.
        """
        if not candidates:
            return {}
        fs = self.index.file_scores(query.clauses) if FILE_WEIGHT else None
        pairs = _Pairs.of(query, self)
        bonus = pairs.proximity(*self.index.reading_orders(candidates)) if pairs.bonus else None
        top = float(scores[candidates[0]])
        # coverage: BM25 adds up words, so a passage that repeats two of them can beat one
        # that holds every word of the question once; a share of the best score per unit of
        # coverage puts the passage that covers the question first among close ones
        cover = self.coverage(query, candidates, memo)[0] if COVERAGE_WEIGHT else {}
        # the file: a passage of the file that, as a whole, is most about the question
        # (its title, description and the rest of its text) goes before a lone passage
        # that happens to share words with it
        file_bonus = np.zeros(len(candidates))
        if fs is not None and fs.max() > 0:
            file_bonus = (
                FILE_WEIGHT * top * fs[self.index.files_of(np.asarray(candidates))] / fs.max()
            )
        bound = sum(pairs.bonus) + (COVERAGE_WEIGHT + FILE_WEIGHT) * top
        final: dict[int, float] = {}
        for n, doc in enumerate(candidates):
            base = float(scores[doc])
            if len(final) >= k + 2 and base + bound < sorted(final.values())[-(k + 2)]:
                break
            final[doc] = (
                base
                + (float(bonus[n]) if bonus is not None else 0.0)
                + COVERAGE_WEIGHT * top * cover.get(doc, 0.0)
                + float(file_bonus[n])
            )
        return final

    def _weight(self, word) -> float:
        own = [self.index.idf(t) for t in word.terms if t in self.vocab]
        syn = [SYNONYM_WEIGHT * self.index.idf(t) for t in word.synonyms if t in self.vocab]
        return max(own + syn, default=0.0)

    def coverage(
        self, query: Query, docs: list[int], memo: dict[int, tuple[float, int]] | None = None
    ) -> tuple[dict[int, float], dict[int, int]]:
        """Per passage, the IDF-weighted share of the question's words it contains, and how
        many of those words it contains.

        ``memo`` keeps what one question already found, passage by passage (the question's
        words do not change while it is answered), so each passage is looked at once.
        """
        if memo is not None:
            todo = [d for d in dict.fromkeys(docs) if d not in memo]
            if todo:
                share, count = self.coverage(query, todo)
                memo.update((d, (share[d], count[d])) for d in todo)
            return {d: memo[d][0] for d in docs}, {d: memo[d][1] for d in docs}
        asked = {t for w in query.words if w.weight >= 1.0 for t in w.all_terms()}
        present = {t: self.index.containing(t, docs) for t in asked if t in self.vocab}
        total = 0.0
        covered = dict.fromkeys(docs, 0.0)
        found = dict.fromkeys(docs, 0)
        for word in query.words:
            if word.weight < 1.0:
                continue  # carried over from an earlier question: not asked now
            weight = self._coverage_weight(word)
            total += weight
            if not self._known(word):
                continue
            holding = set().union(*(present.get(t, ()) for t in word.all_terms()))
            for doc in holding:
                covered[doc] += weight
                found[doc] += 1
        return {doc: (c / total if total else 0.0) for doc, c in covered.items()}, found

    def _known(self, word) -> bool:
        """Whether the corpus uses the word, a corrected spelling of it or a synonym; a word
        reached only through longer or shorter known words ("lightmaps" → "light") is not,
        nor an identifier the corpus never writes whole ("ERR_REQUIRE_ESM", whose parts
        "err" and "require" are everywhere)."""
        if word.related or ("_" in word.surface and word.terms and word.terms[0] not in self.vocab):
            return False
        return any(t in self.vocab for t in word.all_terms())

    def _coverage_weight(self, word) -> float:
        """How much a word counts towards coverage: its IDF, so rare words matter more.

        A word the corpus never uses, and that has no synonym it uses, counts
        UNKNOWN_WEIGHT times the highest IDF: "astronaut" weighs against a passage about
        salaries, but a stray verb such as "hold" does not sink a good answer.
        """
        if self._known(word):
            for terms in (word.terms, word.synonyms):
                known = [self.index.idf(t) for t in terms if t in self.vocab]
                if known:
                    return max(known)
        return UNKNOWN_WEIGHT * self.index.max_idf()

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
            for label, _, _ in process.extract(
                words, self._heading_labels, scorer=fuzz.token_set_ratio, limit=limit * 2
            ):
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
    def of(cls, query: Query, answerer: Answerer) -> _Pairs:
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


@lru_cache(maxsize=1)
def _pay_terms() -> frozenset[str]:
    """The index terms of the synonym group about pay (the one with "salary")."""
    for group in synonym_groups():
        if ("salari",) in group.words:
            return frozenset(group.any_word)
    return frozenset()


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


def quote_text(p: Passage, limit: int = HIT_QUOTE_MAX) -> str:
    """The passage as a quote: cut on a line or word boundary, code fenced again."""
    if p.code_lang:
        return fenced_code(p.text, p.code_lang, limit)
    return shorten_quote(p.text, limit)
