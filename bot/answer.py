"""A question → an answer made only of quoted passages, or an honest "no answer".

The best passages are found with BM25 (:mod:`bot.index`) and put in order by
:mod:`bot.rerank`. Whether they *answer* is decided by coverage, not by ``score > 0``: the
share of the question's content words (weighted by IDF, so rare words matter more) that
the best passage contains, directly, through a synonym or through a corrected typo. A
question whose words the corpus does not know, or that only brushes the best passage, is
declined with the closest headings as suggestions, unless one passage, under a heading
that names the question's subject, covers it far better than any other. A question about
pay also gets the salary facts that answer it (:class:`Answer.salary`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from .acronyms import SPELL_DOCS, spell_out
from .bars import bar, holds_much, named_elsewhere, of_wording, prices_a_missing_name, stands_out
from .chat import question_of
from .coverage import Memo
from .index import SearchBackend
from .links import Links, file_links
from .opening import opened, with_trails
from .query import MAX_QUESTION_CHARS, Query, Vocabulary, Word, analyze
from .quote import holds, joined, matched_words, overlaps, quote_links, quotes_of, section_of
from .rerank import PRF_BELOW, PRF_DOCS, PRF_MIN_PASSAGES, PRF_TERMS, Ranker
from .salary import SalaryAnswer, SalaryBook, SalaryFact, is_salary_question, names_a_role
from .sections import Passage
from .synonyms import in_group
from .table_header import TABLE_RULE
from .text import MONEY, chat_words, content_words

SALARY_BOOST = 0.5  # share of the best score added to the passage holding the best salary fact
SALARY_FACTS_SHOWN = 3  # salary facts an answer carries (shown above its quotes)
CANDIDATES = 20
SUGGESTIONS = 5
PER_FILE_SHOWN = 2  # quotes from one file while others have candidates: see Answerer._shown
PER_FILE_RIVAL = 0.75  # ... whose best scores at least this share of the next one's
LINK_MEMO_MAX = 50_000  # links' targets kept with their files, by folder: see _file_links
FUZZY_SUGGEST_MAX = 20_000  # headings; see Answerer.suggest


@dataclass(slots=True)
class Hit:
    passage: Passage
    score: float
    coverage: float
    terms: frozenset[str]  # the question's index terms
    text: str  # the quote: HIT_QUOTE_MAX and what goes over it (bot.opening), code fenced again
    # a long table's header rows, when the quote opens in its later rows (lines of their own)
    table_header: Passage | None = None
    # the addresses of the reference-style links the quote uses ("[text][label]")
    links: Links = ()
    # its links to other files of the corpus: the target as written, the file (see file_links)
    files: Links = ()
    _matched: list[str] | None = None

    @property
    def matched(self) -> list[str]:
        """Words of the passage that match the question, as written there, for marking.

        Found on first use: only renderers need them, and they cost a pass over the text.
        """
        if self._matched is None:
            self._matched = matched_words(self.passage.text, self.terms)
        return self._matched

    def to_dict(self) -> dict[str, Any]:
        p = self.passage
        return {
            "text": self.text,
            "heading_path": list(p.heading_path),
            "source": p.source,
            "line_start": p.line_start,
            "line_end": p.line_end,
            "score": round(self.score, 4),
            "table_header": None
            if (h := self.table_header) is None
            else {"text": h.text, "line_start": h.line_start, "line_end": h.line_end},
            "links": dict(self.links),
            "files": dict(self.files),
        }


@dataclass(slots=True)
class Answer:
    query: str
    answered: bool
    results: list[Hit] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)
    salary: list[SalaryFact] = field(default_factory=list)  # the facts the answer used, best first
    # the question's words the documents never use, nor any other form of them (see
    # Answerer.unused): a quote answers the rest of the question, not them
    missing: list[str] = field(default_factory=list)

    @property
    def corrected_query(self) -> str:
        """The question with its typos replaced by what was searched for."""
        return _corrected(self.query, self.corrections)

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "answered": self.answered,
            "results": [h.to_dict() for h in self.results],
            "suggestions": self.suggestions,
            "corrections": self.corrections,
            "missing": self.missing,
        }


class Answerer:
    """Answers questions from one index. Cheap to make; holds the query-side caches."""

    def __init__(self, index: SearchBackend):
        self.index = index
        self.vocab = Vocabulary(index.term_ids, index.df, index.side_by_side)
        self.ranker = Ranker(index, self.vocab)
        self._link_memo: dict[tuple[str, str], str | None] = {}  # see _file_links

    def ask(self, question: str, k: int = 3, context: Sequence[str] = ()) -> Answer:
        """The best ``k`` passages for a question, or a decline with suggestions.

        ``context`` holds the earlier questions (oldest first) this one follows up. The
        greeting a question opens with and the thanks it closes with ("hi bot, ...
        thanks!") are not part of it (:func:`bot.chat.question_of`).
        """
        bare = question_of(question) if len(question) <= MAX_QUESTION_CHARS else question
        context = [question_of(turn) for turn in context]
        query = analyze(bare, self.vocab, context)
        corrections = {typo: self.spelled(term) for typo, term in query.corrections.items()}
        wanted = max(k * 4, CANDIDATES)
        candidates, scores = self.index.search(query.clauses, wanted)
        best = (self.index.passage(d).text for d in candidates[:SPELL_DOCS])
        if spelled := spell_out(query, self.ranker.known, lambda: best, self.vocab):
            # an acronym the corpus lacks, spelled out as the best passages spell it
            asked, query = query.clauses, spelled
            more = query.clauses[len(asked) :]
            candidates, scores = self.index.search_more(scores, asked, more, wanted)
        memo = Memo()  # coverage, found once per passage
        cover = self.ranker.coverage(query, candidates, memo)[0]
        if (
            PRF_TERMS
            and candidates
            and self.index.n_passages >= PRF_MIN_PASSAGES
            and max(cover[d] for d in candidates[:PRF_DOCS]) < PRF_BELOW
        ):
            # the best passages miss some of the question: look for it in their words
            asked = query.clauses
            query = self.ranker.expanded(query, candidates, scores)
            more = query.clauses[len(asked) :]
            if more:
                candidates, scores = self.index.search_more(scores, asked, more, wanted)
        final = self.ranker.rerank(query, candidates, scores, k, memo)
        pay, salary = self._boost_salary_facts(bare, corrections, context, final, scores)
        candidates = sorted(final, key=final.__getitem__, reverse=True)  # ties keep their order
        own = frozenset(t for terms, _ in query.own_clauses for t in terms)
        shown = self._shown(candidates, k, final, own)
        coverage, words_found = self.ranker.coverage(query, [doc for doc, _ in shown], memo)
        rivals = self.ranker.coverage(query, candidates, memo)[0]
        kinds = self._kinds(query)
        missing = self.unused(query, kinds[2] + query.owned)
        # pay "in Germany": the salary facts found are of another market, and no answer
        elsewhere = pay is not None and pay.answered and named_elsewhere(bare, kinds[2])
        if elsewhere or not self._answers(
            bare, query, shown, (coverage, words_found, rivals), pay, kinds
        ):
            near = (self.index.passage(d) for d in candidates[: SUGGESTIONS * 3])
            suggestions = self.suggest(bare, near)
            facts = [] if elsewhere else salary
            return Answer(question, False, [], suggestions, corrections, facts, missing)
        terms = frozenset(query.terms)
        shown = with_trails(self.index, shown)
        quotes = [q for _, q in shown]
        hits = [self._hit(d, p, final[d], coverage[d], terms, quotes) for d, p in shown]
        return Answer(question, True, hits, [], corrections, salary, missing)

    def _hit(
        self,
        doc: int,
        p: Passage,
        score: float,
        covers: float,
        terms: frozenset[str],
        shown: Sequence[Passage],
    ) -> Hit:
        """A passage shown (one of the answer's quotes, ``shown``), as a quote opened by what
        goes over it (bot.opening), with the links it holds."""
        quote, head, text = opened(self.index, doc, p, shown)
        refs = quote_links(self.index, doc, quote)
        return Hit(quote, score, covers, terms, text, head, refs, self._file_links(quote, refs))

    def _file_links(self, p: Passage, refs: Links) -> Links:
        """The files of the corpus the links of a quote name, its reference-style links'
        ``refs`` too (see links.file_links)."""
        if len(self._link_memo) > LINK_MEMO_MAX:
            self._link_memo.clear()
        index, memo = self.index, self._link_memo
        return file_links(p.text, p.source, index.has_file, index.page_at, memo, refs)

    def _kinds(self, query: Query) -> tuple[list[Word], list[Word], list[Word]]:
        """The question's words the decline rule counts (Ranker.asked), and of them those
        the corpus knows and those it lacks, also those bridged by WordNet."""
        asked = [w for w in query.words if self.ranker.asked(w)]
        known: list[Word] = []
        unknown: list[Word] = []
        for w in asked:
            (known if self.ranker.known(w) and not w.bridged else unknown).append(w)
        return asked, known, unknown

    def unused(self, query: Query, unknown: list[Word]) -> list[str]:
        """The words of the question, as written, that the documents never use, nor a
        synonym, a correction or a spelling of them, nor the two words one joins ("nxdomain"
        for NX_DOMAIN), nor a longer word it abbreviates ("telecom"): see Ranker.known. What
        the reader should know no quote speaks of ("datadog", where the documents only say
        "data"). Not the words that only shape the question ("docs", "ago"), nor those of
        an earlier one, nor an adjective, which tells how things are, not what ("massive",
        "embarrassing"), nor a word of the chat around it ("ok", "folks": see
        bot.text.chat_words). Each once, however often the question says it."""
        said: dict[str, str] = {}
        chat = chat_words()
        for w in unknown:
            if not of_wording(w) and w.surface.casefold() not in chat:
                said.setdefault(w.surface.casefold(), _as_written(w.surface, query.text))
        return list(said.values())

    def _shown(
        self, candidates: list[int], k: int, final: dict[int, float], asked: frozenset[str]
    ) -> list[tuple[int, Passage]]:
        """The first ``k`` candidates (best ``final`` score first), each with its
        neighbours, skipping overlaps, and at most PER_FILE_SHOWN from one file while
        another file has a candidate near as good (PER_FILE_RIVAL of its score): when the
        best file is the wrong one, the next quote comes from another file instead of a
        third part of the same one; when no other file comes near, the page that answers
        keeps its place. The passages held back fill any places left. Each quote grows
        toward the neighbour holding more of the question's own words (``asked``: see
        bot.neighbours.grow)."""
        shown: list[tuple[int, Passage]] = []
        held: list[int] = []
        per_file: dict[int, int] = {}
        pages: dict[tuple[int, int], Passage | None] = {}  # whole pages, looked at once
        files = self.index.files_of(np.asarray(candidates, dtype=np.int64)).tolist()
        for i, (doc, file) in enumerate(zip(candidates, files)):
            if per_file.get(file, 0) >= PER_FILE_SHOWN:
                later = zip(candidates[i + 1 :], files[i + 1 :])
                rival = max((final[d] for d, f in later if f != file), default=0.0)
                if rival >= PER_FILE_RIVAL * final[doc]:
                    held.append(doc)  # read only if it is needed
                    continue
            if len(shown) == 1 and per_file.get(file) == 1:
                # the first quote's page again: one answer when the page is of one subject
                both = joined(self.index, *shown[0], doc)
                if both is not None:
                    shown[0] = (shown[0][0], both)
                    continue
            if self._show(doc, shown, pages, asked):
                per_file[file] = per_file.get(file, 0) + 1
                if len(shown) == k:
                    return shown
        for doc in held:
            if len(shown) == k:
                break
            self._show(doc, shown, pages, asked)
        return shown

    def _show(
        self,
        doc: int,
        shown: list[tuple[int, Passage]],
        pages: dict[tuple[int, int], Passage | None] | None = None,
        asked: frozenset[str] = frozenset(),
    ) -> bool:
        """Add a candidate with its neighbours to ``shown``, unless it overlaps one there
        (windows of the same code block overlap)."""
        p, plain = quotes_of(self.index, doc, pages=pages, asked=asked)
        for i, (first, q) in enumerate(shown):
            # a quote shown grows to a later one that holds it and overlaps no other
            others = (r for j, (_, r) in enumerate(shown) if j != i)
            if holds(p, q) and not any(overlaps(p, r) for r in others):
                shown[i] = (first, p)
                return False
        if any(_repeats(p, q) for _, q in shown if not overlaps(p, q)):
            return False  # a page copied into another ("run" and "container run"), a note repeated
        if any(overlaps(p, q) for _, q in shown):
            # grown into the facets beside it, it may reach a quote already shown
            if p is plain or any(overlaps(plain, q) for _, q in shown):
                return False
            p = plain
        shown.append((doc, p))
        return True

    def _answers(
        self,
        question: str,
        query: Query,
        shown: list[tuple[int, Passage]],
        found: tuple[dict[int, float], dict[int, int], dict[int, float]],
        pay: SalaryAnswer | None,
        words: tuple[list[Word], list[Word], list[Word]],
    ) -> bool:
        """The decline rule: whether the passages shown answer the question.

        ``found`` holds, per passage shown, its coverage and the number of the question's
        words it holds, and the coverage of every candidate (see bot.bars.stands_out);
        ``words`` the question's words asked, known and unknown (see :meth:`_kinds`).
        """
        coverage, words_found, rivals = found
        asked, known, unknown = words
        if all(w.meta for w in asked):
            return False  # no subject: "what do the docs say?", "what is -xzvf?"
        # answered when one of the passages shown covers the question well enough: a word
        # the corpus lacks weighs like a rare one, so a question whose subject is not in
        # the documents ("kotlin", "zigbee") needs the rest of it to match well, and in two
        # words at least: "train" alone does not answer "how do I train for a marathon?"
        if any(w.tool for w in unknown) or prices_a_missing_name(query.words, unknown):
            return False  # "heaptrack: can I attach …?", "what does the CKA exam cost?": not here
        threshold = bar(unknown)
        needed = 2 if unknown and len(asked) >= 2 else 1
        # a name the corpus lacks ("SnapStart") is what the question is about: no passage
        # stands out for it, nor answers by its many words, however plainly it holds the rest
        named = any(w.name for w in unknown)
        # the heading that counts is the found passage's own, not the quote's (a short page
        # quoted whole stands under its title)
        passage = self.index.passage
        answered = any(
            words_found[doc] >= needed
            and (
                coverage[doc] >= threshold
                or (not named and holds_much(words_found[doc], coverage[doc]))
                or (not named and stands_out(doc, passage(doc), known, coverage[doc], rivals))
            )
            for doc, _ in shown
        ) or self._covered_together(query, shown, threshold, needed)
        if answered and pay is not None and not pay.answered and names_a_role(question):
            # a question about someone's pay that no salary fact answers: some passage shown
            # must name everything it asks about besides pay ("data engineer"), or the list
            # of other people's salaries it brushes against is not an answer; nor is a
            # passage that names them without an amount ("Data Engineer" in a career path)
            subject = [w for w in asked if not self._is_pay_word(w)]
            subject += query.owned  # "our kotlin developer"
            answered = all(self.ranker.known(w) for w in subject) and any(
                self.index.containing(MONEY, [doc])
                and all(
                    any(self.index.containing(t, [doc]) for t in w.all_terms()) for w in subject
                )
                for doc, _ in shown
            )
        return answered

    def _covered_together(
        self, query: Query, shown: list[tuple[int, Passage]], threshold: float, needed: int
    ) -> bool:
        """Whether passages shown from one section cover the question read as one text (see
        :meth:`_answers`): a section cut into two passages may hold the question's words
        between them (the first names the setting, the next says what it does) while each
        alone falls short. Passages of one page's different sections are other subjects."""
        sections: dict[object, list[int]] = {}
        for doc, _ in shown:  # the found passage's own section, not its quote's
            sections.setdefault(section_of(self.index, doc), []).append(doc)
        for docs in sections.values():
            if len(docs) > 1:
                share, found = self.ranker.coverage(query, docs, together=True)
                if share[docs[0]] >= threshold and found[docs[0]] >= needed:
                    return True
        return False

    def _boost_salary_facts(
        self,
        asked: str,
        corrections: dict[str, str],
        context: Sequence[str],
        final: dict[int, float],
        scores: np.ndarray,
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

    def _is_pay_word(self, word: Word) -> bool:
        """A word that asks about pay ("salary", "earn", "make" at the end of a question)."""
        return in_group((*word.terms, *word.synonyms), "salari")  # the group with "salary"

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

    def suggest(
        self, question: str, near: Iterable[Passage], limit: int = SUGGESTIONS
    ) -> list[str]:
        """Closest headings: those of near-miss passages, then fuzzy heading matches.

        ``near`` is read only until it has given ``limit`` headings (passages are decoded
        as they are read). The fuzzy pass reads every heading, so it only runs on corpora
        of at most FUZZY_SUGGEST_MAX headings; on larger ones the near misses have to do.
        """
        out: list[str] = []
        for p in near:
            label = " > ".join(p.heading_path)
            if label and label not in out:
                out.append(label)
                if len(out) == limit:
                    break
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


def _repeats(p: Passage, q: Passage) -> bool:
    """Whether quote ``p`` says nothing quote ``q`` does not: its text, as a reader sees it,
    is all in ``q``'s (a table padded otherwise, a link's address aside). Mostly told at
    once by a word of ``p``'s opening that ``q`` lacks."""
    text = q.text
    for word in p.text[:PROBE_CHARS].split():
        if word not in text and "](" not in word and "-|" not in word:
            return False
    return _as_read(p.text) in _as_read(text)


PROBE_CHARS = 120  # of a quote's opening, whose words another quote must hold (_repeats)
_LINK_TARGET = re.compile(r"\[([^\]\n]*)\]\([^)\s]*\)")  # [`-s`](#signal): `-s`


@lru_cache(maxsize=64)  # a quote shown is compared with each one after it
def _as_read(text: str) -> str:
    """A quote's text as a reader sees it, for comparing: links' addresses, tables' rules
    and runs of spaces left out."""
    if "](" in text:
        text = _LINK_TARGET.sub(r"\1", text)
    if "-|" in text:  # a table's rule, as wide as its padding: "|---|", "|:---|"
        text = TABLE_RULE.sub("", text)
    return " ".join(text.split())


def _as_written(word: str, text: str) -> str:
    """``word`` (lower case) as ``text`` writes it ("mTLS")."""
    folded = text.casefold()
    at = folded.find(word)
    return text[at : at + len(word)] if at >= 0 and len(folded) == len(text) else word


def _corrected(question: str, corrections: dict[str, str]) -> str:
    for typo, fixed in corrections.items():
        question = re.sub(rf"\b{re.escape(typo)}\b", fixed, question, flags=re.IGNORECASE)
    return question
