"""Putting the passages BM25 found in order, and measuring what they cover of a question.

BM25 adds up words. :class:`Ranker` adds what it cannot see: how much of the question a
passage covers (IDF-weighted), whether the question's words stand side by side in it
(:class:`Pairs`), and how much its whole file is about the question. When the best passages
miss a word, :meth:`Ranker.expanded` adds words they share (pseudo-relevance feedback).
Coverage also decides declining (:mod:`bot.answer`).
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass, field

import numpy as np

from .amount_asked import AMOUNT_NEAR, amount_near
from .coverage import Coverage, Memo, file_shares
from .heading_asked import heading_asked, mostly_code
from .index import SearchBackend, lucene_idf
from .index.scoring import distinct
from .query import SYNONYM_WEIGHT, Query, Vocabulary, Word
from .quote import section_of
from .text import MONEY
from .title_named import title_named

UNKNOWN_WEIGHT = 0.8  # see Ranker.coverage_weight
UNKNOWN_NAME_WEIGHT = 1.2  # ... for a name the corpus lacks, such as "SnapStart"
COVERAGE_WEIGHT = 0.75  # see Ranker.rerank
FILE_WEIGHT = 1.5  # see Ranker.rerank
FILE_COVERAGE = 0.5  # ... in full for a passage covering this share of the best coverage
FOLDER_WEIGHT = 0.2  # see Ranker.rerank
PRF_TERMS = 10  # words added from the best passages: see Ranker.expanded
PRF_DOCS = 5  # ... from this many
PRF_WEIGHT = 0.2  # ... the best of them at this weight, the others in proportion
PRF_BELOW = 1.0  # ... only when no passage among them covers the whole question
PRF_MIN_PASSAGES = 20_000  # feedback needs a collection: on a handbook it adds noise
PRF_MAX_DF = 0.01  # ... and takes no word found in more than this share of the passages
CODE_WHEN_WHY = 0.8  # a passage mostly of code, for a question asking why: see Ranker.rerank
TOOL_IDF = 0.7  # a tool named before a colon (or a dash) this rare (share of the highest IDF) ...
TOOL_MISSING = 0.8  # ... leaves the candidates of files that never use it this share
PROXIMITY_WEIGHT, PROXIMITY_SPAN = 3.0, 2  # bonus per pair of question words this near
PAGE_WEIGHT = 0.5  # see Ranker._page_bonus
PAGE_TOPIC = 0.7  # ... a word in this share of the page's passages is what the page is about
PAGE_MIN = 4  # ... on pages of at least this many passages
SPECIFIC_NEAR = 0.85  # a page whose name extends the best one's, this near: see _specific
SPECIFIC_DEPTH = 10  # ... among this many best candidates (0: off)
LANDING_NEAR = 0.7  # ... and any page beside a folder's landing page (index.md), this near
NEXT_NEAR = 0.93  # the passage after the best one in its section, this near, goes first (0: off)
HEADING_ASKED = 0.6  # see bot.heading_asked


class Ranker:
    """Re-ranks the candidates of one index; holds nothing per question."""

    def __init__(self, index: SearchBackend, vocab: Vocabulary):
        self.index = index
        self.vocab = vocab

    def expanded(self, query: Query, candidates: list[int], scores: np.ndarray) -> Query:
        """The query with words the best passages share (pseudo-relevance feedback, in the
        style of RM3): "wipe the firewall rules" finds passages about rules that say
        "flush", and then "flush" finds the one that also says how.

        Each word of the best PRF_DOCS passages weighs its share of the passage times the
        passage's score relative to the best, summed, times its IDF; the PRF_TERMS heaviest
        words not asked, and in at most PRF_MAX_DF of the passages, are added as clauses,
        the heaviest at PRF_WEIGHT. Coverage, and so declining, counts only the words asked.
        """
        docs = candidates[:PRF_DOCS]
        seq, bounds = self.index.reading_orders(docs)
        lengths = bounds[1:] - bounds[:-1]
        keep = seq >= 0
        if not keep.any():
            return query
        top = float(scores[docs[0]]) or 1.0
        share = np.array(
            [float(scores[d]) / top / max(int(n), 1) for d, n in zip(docs, lengths)]
        ).repeat(lengths)
        terms, at = distinct(seq[keep])  # only the words present
        idf = self.index.idfs[terms]
        weight = np.bincount(at, weights=share[keep]) * idf
        # a word in more than PRF_MAX_DF of the passages says little about any of them,
        # and adding up its long posting list costs more than the rest of the question
        n = self.index.n_passages
        weight[idf < lucene_idf(n, PRF_MAX_DF * n)] = 0.0
        ids = self.index.term_ids
        asked = np.array([ids[t] for t in query.terms if t in ids], dtype=terms.dtype)
        at_asked = terms.searchsorted(asked).clip(max=len(terms) - 1)
        weight[at_asked[terms.take(at_asked) == asked]] = 0.0
        order = (-weight).argsort(kind="stable")[:PRF_TERMS]
        order = order[weight[order] > 0]
        if not len(order):
            return query
        vocab, best = self.index.vocab, float(weight[order[0]])
        clauses = list(query.clauses) + [
            ([vocab[int(terms[i])]], PRF_WEIGHT * float(weight[i]) / best) for i in order.tolist()
        ]
        fed = query.fed + len(clauses) - len(query.clauses)
        return Query(query.text, query.words, clauses, fed=fed)

    def rerank(
        self,
        query: Query,
        candidates: list[int],
        scores: np.ndarray,
        k: int,
        memo: Memo | None = None,
    ) -> dict[int, float]:
        """BM25 plus proximity for the candidates (best BM25 first) that can still make it.

        The file bonus counts only the question's own words (``Query.own_clauses``), not the
        feedback words (:meth:`expanded`): one is most often the name of the first file
        found ("wtype" for a question on xdotool); counted in full by a short page that is
        all about it, it would hand that file the bonus.

        Once ``k + 2`` candidates are scored, one whose BM25 plus the largest possible
        bonus stays below the ``k + 2``-th best final score is skipped, with all after it.
        """
        if not candidates:
            return {}
        fs = self.index.file_scores(query.own_clauses) if FILE_WEIGHT else None
        pairs = Pairs.of(query, self)
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
        files = self.index.files_of(np.asarray(candidates))
        if fs is not None and (fs_max := fs.max()) > 0:
            file_bonus = FILE_WEIGHT * top * fs[files] / fs_max
            # ... in full for a file that holds the question somewhere; one whose candidates all
            # hold less than FILE_COVERAGE of the best (a FAQ about its words) in proportion
            if cover and (least := FILE_COVERAGE * max(cover.values())) > 0:
                file_bonus *= file_shares(cover, candidates, files, least)
        # the folder: where the question's words are much more common than in the corpus
        # as a whole ("macOS" in pages/osx/, "MFC" in docs/mfc/), its files go a little ahead
        folder = self.index.folder_scores(query.own_clauses, files) if FOLDER_WEIGHT else None
        lean = 0.0
        if folder is not None:
            leans = FOLDER_WEIGHT * top * folder
            file_bonus, lean = file_bonus + leans, float(leans.max())
        bound = sum(pairs.bonus) + (COVERAGE_WEIGHT + FILE_WEIGHT + PAGE_WEIGHT) * top + lean
        final: dict[int, float] = {}
        best: list[float] = []  # the k + 2 best final scores so far, a min-heap
        near = bonus.tolist() if bonus is not None else [0.0] * len(candidates)
        parts = zip(candidates, scores.take(candidates).tolist(), near, file_bonus.tolist())
        for doc, base, close, whole in parts:  # Python floats: numpy scalars are slow
            if len(best) >= k + 2 and base + bound < best[0]:
                break
            final[doc] = score = base + close + COVERAGE_WEIGHT * top * cover.get(doc, 0.0) + whole
            (heapq.heappush if len(best) < k + 2 else heapq.heappushpop)(best, score)
        self._adjust(query, final, k, top)
        amount_near(self.index, query, final, cover, AMOUNT_NEAR * top)
        return final

    def _adjust(self, query: Query, final: dict[int, float], k: int, top: float) -> None:
        """What the final scores owe to the question's form and to the best page."""
        title_named(self.index, query, final)
        self._without_tool(query, final)
        if PAGE_WEIGHT:
            self._page_bonus(query, final, top)
        heading_asked(self.index, query, final, HEADING_ASKED * top)
        if SPECIFIC_DEPTH:
            self._specific(final)
        if NEXT_NEAR:
            self._next_first(final)
        if query.asks_why:
            # "why does C3851 ...?": the remarks explain, the example only shows; among the
            # best, a passage mostly of code goes behind the prose of its page
            for doc in sorted(final, key=final.__getitem__, reverse=True)[: k + 2]:
                if mostly_code(self.index.passage(doc).text):
                    final[doc] *= CODE_WHEN_WHY

    def _specific(self, final: dict[int, float]) -> None:
        """Put the more specific page before the umbrella page it extends.

        When the best candidate's file is an umbrella page (``docker-container.md``, a line
        per subcommand) and a page of its folder whose name extends its name
        (``docker-container-stop.md``) scores within SPECIFIC_NEAR of it, that page's
        candidates are lifted just above it: the two share the question's words, and the
        page only about what is asked holds the answer. A folder's landing page
        (``index.md``, ``README.md``, ``_index.md``) is the umbrella of every page beside
        it, lifted from LANDING_NEAR."""
        order = sorted(final, key=final.__getitem__, reverse=True)[:SPECIFIC_DEPTH]
        if len(order) < 2:
            return
        best, seen = order[0], {self.index.file_of(order[0])}
        near = [d for d in order[1:] if final[d] >= min(LANDING_NEAR, SPECIFIC_NEAR) * final[best]]
        if not near:
            return  # no other page this near: no name is read
        folder, name = self._name_parts(best)
        landing = name in (["index"], ["readme"])  # index.md, _index.md, README.md
        bar = (LANDING_NEAR if landing else SPECIFIC_NEAR) * final[best]
        rivals = [d for d in near if final[d] >= bar and self.index.file_of(d) not in seen]
        for doc in rivals:
            file = self.index.file_of(doc)
            if file in seen:
                continue
            seen.add(file)
            other_folder, other = self._name_parts(doc)
            if name and other_folder == folder and (landing or other[: len(name)] == name != other):
                lo, hi = self.index.passage_range(file)
                lift = final[best] / final[doc] * (1 + 1e-9)
                final.update([(d, s * lift) for d, s in final.items() if lo <= d < hi])
                return

    def _next_first(self, final: dict[int, float]) -> None:
        """Put the passage right after the best one first, when it is of the same section
        and scores within NEXT_NEAR of it.

        Two passages in a row that share the question's words nearly equally are most
        often one thought cut in two: the first sets out the subject (an FAQ's question
        said again, "When we call dispatch, ...") and the second says what the question
        asks ("... adds a `.unwrap()` function"). The later one's quote begins with the
        block before it when both fit, and when they do not, the answer is the one shown.
        """
        best = max(final, key=final.__getitem__)
        after = best + 1
        if (
            after in final
            and final[after] >= NEXT_NEAR * final[best]
            and section_of(self.index, best) == section_of(self.index, after)
        ):
            final[after] = final[best] * (1 + 1e-9)

    def _name_parts(self, doc: int) -> tuple[str, list[str]]:
        """The folder of a passage's file and the words of its name: ``("pages/common",
        ["docker", "container"])`` for ``pages/common/docker-container.md``. Read from the
        candidate itself, which the answer reads anyway, not from its file's first passage:
        each record read maps its page of the passage store into memory."""
        source = self.index.passage(doc).source
        folder, _, name = source.rpartition("/")
        return folder, _NAME_WORD.findall(name.rsplit(".", 1)[0].lower())

    def page_scores(self, query: Query, file: int) -> tuple[int, np.ndarray]:
        """BM25 of one file's passages for the question's own words, leaving out the words
        the page is about: those in PAGE_TOPIC of its passages or more. Returns the file's
        first passage and the scores: zeros on a page of fewer than PAGE_MIN passages, or
        when the question names nothing the page is about (then nothing stands out).

        On a long page about ``render_widget``, every passage names it and its options,
        and outscores by them the one passage that holds what else the question asks
        ("can I call render_widget with a cache option?": its note on caching).
        """
        lo, hi = self.index.passage_range(file)
        total = np.zeros(hi - lo)
        if hi - lo < PAGE_MIN:
            return lo, total
        clauses = query.own_clauses
        rows = self.index.clause_impacts(clauses, lo, hi)
        # counted as Python ints: numpy's count compared with a float takes a slow path
        held = [int(np.count_nonzero(row)) for row in rows]
        if max(held, default=0) < PAGE_TOPIC * (hi - lo):
            return lo, total  # no word the page is about: nothing is added up
        for (_, weight), row, n in zip(clauses, rows, held):
            if n < PAGE_TOPIC * (hi - lo):
                total += weight * row
        return lo, total

    def _page_bonus(self, query: Query, final: dict[int, float], top: float) -> None:
        """Lift the passages of the best candidate's page by what they hold of the question
        besides the page's own subject (:meth:`page_scores`): up to PAGE_WEIGHT of the
        best BM25 score, for the page's best passage by that score."""
        best = max(final, key=final.__getitem__)
        lo, page = self.page_scores(query, self.index.file_of(best))
        most = float(page.max()) if len(page) else 0.0
        if most <= 0:
            return
        share = PAGE_WEIGHT * top / most
        inside = [doc for doc in final if lo <= doc < lo + len(page)]
        # read in one call as Python floats: a numpy scalar per candidate is slow
        for doc, value in zip(inside, page.take([doc - lo for doc in inside]).tolist()):
            final[doc] += share * value

    def _without_tool(self, query: Query, final: dict[int, float]) -> None:
        """Lower the candidates of files that never name the tool a question opens with,
        when some candidate's file does.

        "csvkit: turn a comma separated file into tab separated" asks about csvkit: a page on
        another tool that covers the rest of the question better (csv2tsv) is not its answer.
        Only for a tool rare enough to name something (TOOL_IDF of the highest IDF): "linux:
        ..." or "msvc: ..." only set the scene, and the pages that answer need not say so.
        Of two words before the colon ("adb shell: ...", "proxmox qm: ..."), each that is
        that rare must be named.
        """
        tools = [
            w
            for w in query.words
            if w.opens
            and self.known(w)
            and self.coverage_weight(w) >= TOOL_IDF * self.index.max_idf()
        ]
        if not final or not tools:
            return
        docs = list(final)
        files = self.index.files_of(np.asarray(docs))
        named = np.ones(len(docs), dtype=bool)
        for tool in tools:
            terms = [t for t in tool.all_terms() if t in self.vocab.term_ids]
            named &= self.index.file_scores([(terms, 1.0)])[files] > 0
        if named.all() or not named.any():
            return
        for doc, names in zip(docs, named.tolist()):
            if not names:
                final[doc] *= TOOL_MISSING

    def weight(self, word: Word) -> float:
        ids, idf = self.vocab.term_ids, self.index.idf
        own = [idf(t) for t in word.terms if t in ids]
        syn = [SYNONYM_WEIGHT * idf(t) for t in word.synonyms if t in ids]
        return max(own + syn, default=0.0)

    def coverage(
        self, query: Query, docs: list[int], memo: Memo | None = None, together: bool = False
    ) -> Coverage:
        """Per passage, the IDF-weighted share of the question's words it contains, and how
        many of those words it contains (``together``: of ``docs`` as one text, at the first).

        ``memo`` keeps what one question already found, passage by passage (the question's
        words do not change while it is answered), so each passage is looked at once.
        """
        if memo is not None:
            todo = [d for d in docs if d not in memo]
            if todo:
                if memo.asked is None:
                    memo.asked = self._asked(query)
                todo = list(dict.fromkeys(todo))
                share, count = self._coverage(memo.asked, todo, False)
                memo.update((d, (share[d], count[d])) for d in todo)
            shares: dict[int, float] = {}
            counts: dict[int, int] = {}
            for d in docs:  # one pass: answering asks four times per question
                shares[d], counts[d] = memo[d]
            return shares, counts
        return self._coverage(self._asked(query), docs, together)

    def _asked(self, query: Query) -> list[tuple[float, Word]]:
        """The words coverage counts, with their weights, heaviest first."""
        asked = [(self.coverage_weight(w), w) for w in query.words if self.asked(w)]
        return sorted(asked, key=lambda a: -a[0])

    def _coverage(
        self, asked: list[tuple[float, Word]], docs: list[int], together: bool
    ) -> Coverage:
        """:meth:`coverage` of ``docs`` for the words ``asked`` (see :meth:`_asked`)."""
        wanted = np.asarray(docs)  # once, not once per term
        present: dict[str, set[int]] = {}  # per term, where in docs the passages that hold it
        total, covered, found = 0.0, [0.0] * len(docs), [0] * len(docs)
        # an amount is one answer to every word that asks for one ("how much", "earn",
        # "cost"): it covers the heaviest of them, not each, so "how much does a pilot
        # earn?" is not two words found in a list of salaries that never names pilots
        amount_used: set[int] = set()
        for weight, word in asked:
            total += weight
            if not self.known(word):
                continue
            holding: set[int] = set()
            for t in word.all_terms():
                if t not in present:
                    present[t] = set(self.index.holds(t, wanted).nonzero()[0].tolist())
                if t != MONEY and t not in word.parts:
                    holding |= present[t]
            if word.parts:  # "nxdomain": where "nx" and "domain" are both (Word.parts)
                holding |= set.intersection(*(present[t] for t in word.parts))
            if MONEY in word.synonyms:  # present[MONEY] was just read above
                by_amount = present[MONEY] - holding - amount_used
                amount_used |= by_amount
                holding |= by_amount
            holding = {0} if together and holding else holding
            for i in holding:  # a few passages: Python lists beat numpy calls
                covered[i] += weight
                found[i] += 1
        fractions = [c / total for c in covered] if total else covered  # no words: all zeros
        return dict(zip(docs, fractions)), dict(zip(docs, found))

    def asked(self, word: Word) -> bool:
        """Whether coverage, and so declining, counts the word: not when it was carried
        over from an earlier question, nor when the corpus never uses it and it is about the
        documents or the asking ("docs", "say": "what do the docs say about X?"), a short
        command-line option ("tar -xzvf": tar's pages write the letters in other orders), a
        word English mostly uses as a verb or an adverb ("someone ran a DELETE … an hour
        ago": bot.query._verbal), or a number among many words ("mtu 1500": _details). A
        detail of the asking ("keeps failing", "a bunch of") is not counted through a
        WordNet synonym either (WordNet's noun "keep" is a "support"): the asker's own thing
        ("my vacation") is, as what the question may be about."""
        return word.weight == 1.0 and (
            not (word.meta or word.option or word.verbal or word.detail)
            or (self.known(word) and not (word.detail and word.bridged and not word.owned))
        )

    def known(self, word: Word) -> bool:
        """Whether the corpus uses the word, a corrected spelling of it or a synonym; a word
        reached only through longer or shorter known words ("lightmaps" → "light") is not,
        nor an identifier, a long option or a compound of three words the corpus never
        writes whole ("ERR_REQUIRE_ESM", whose parts "err" and "require" are everywhere;
        "-fno-semantic-interposition"; "include-what-you-use")."""
        ids = self.vocab.term_ids  # the mapping itself: Vocabulary's "in" is a Python call
        if word.related or (word.whole and word.terms and word.terms[0] not in ids):
            return False
        return not ids.keys().isdisjoint(word.all_terms())

    def coverage_weight(self, word: Word) -> float:
        """How much a word counts towards coverage: its IDF, so rare words matter more.

        A word the corpus never uses, and that has no synonym it uses, counts
        UNKNOWN_WEIGHT times the highest IDF: "astronaut" weighs against a passage about
        salaries, but a stray verb such as "hold" does not sink a good answer. A name the
        corpus lacks ("SnapStart", "CKA") is most likely what the question is about, and
        weighs UNKNOWN_NAME_WEIGHT times: a passage must hold nearly all the rest. An
        adjective telling a state ("is it dead?": Word.describes) weighs nothing.
        """
        if self.known(word):
            for terms in (word.terms, word.synonyms):
                known = [self.index.idf(t) for t in terms if t in self.vocab.term_ids]
                if known:
                    return max(known)
        unknown = UNKNOWN_NAME_WEIGHT if word.name else UNKNOWN_WEIGHT
        return 0.0 if word.describes else unknown * self.index.max_idf()


_NAME_WORD = re.compile(r"[^\W_]+")  # the words of a file's name, between - _ . and spaces


@dataclass(slots=True)
class Pairs:
    """Neighbouring question words, prepared once per question for the proximity bonus.

    BM25 sees bags of words; "data versioning" should prefer the passage that says
    "Data Versioning" over one that says "data" here and "version" there. A pair earns
    PROXIMITY_WEIGHT times the smaller weight of its two words when they stand at most
    PROXIMITY_SPAN tokens apart within one field (parent heading, own heading, body).
    """

    ids: list[list[int]]  # per word: the term ids that stand for it
    bonus: list[float]  # per pair (word n, word n + 1)
    # the distinct term ids, sorted, and per id the words it stands for (a row of booleans):
    # a token is looked up once, whatever the number of words and their ids
    terms: np.ndarray = field(init=False, repr=False, compare=False)
    stands_for: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        terms = sorted({i for ids in self.ids for i in ids})
        self.terms = np.array(terms, dtype=np.int64)
        rows = [[i in ids for ids in self.ids] for i in terms]
        self.stands_for = np.array(rows, dtype=bool).reshape(len(terms), len(self.ids))

    @classmethod
    def of(cls, query: Query, ranker: Ranker) -> Pairs:
        term_ids = ranker.index.term_ids
        ids = [[term_ids[t] for t in w.all_terms() if t in term_ids] for w in query.words]
        weights = [ranker.weight(w) for w, i in zip(query.words, ids) if i]
        ids = [i for i in ids if i]
        bonus = [PROXIMITY_WEIGHT * min(a, b) for a, b in zip(weights, weights[1:])]
        return cls(ids, bonus)

    def proximity(self, seq: np.ndarray, bounds: np.ndarray) -> np.ndarray:
        """The bonus of each passage, from their concatenated reading orders
        (:meth:`bot.index.SearchIndex.reading_orders`): vectorised, no loop over tokens.

        Only the tokens of the question's words are placed, and numpy's methods are used
        rather than its functions: on a score of passages, the calls cost more than the work.
        """
        n_docs = len(bounds) - 1
        out = np.zeros(n_docs)
        if not self.bonus or not len(seq) or not len(self.terms):
            return out
        hit = np.zeros(len(seq), dtype=bool)
        for i in self.terms.tolist():
            hit |= seq == i
        at = hit.nonzero()[0]
        if not len(at):
            return out
        doc = bounds.searchsorted(at, side="right") - 1
        # every field and every passage starts far from the one before, so nearness never
        # crosses from a heading into the body, or from one passage into the next
        far = 2 * PROXIMITY_SPAN
        breaks = (seq == -1).nonzero()[0].searchsorted(at)  # the field breaks before each
        pos = at + far * (breaks + doc + 1)  # increasing: a token's neighbours come next
        # per token, the words it stands for: its row, its id found among the terms
        words = self.stands_for.take(self.terms.searchsorted(seq.take(at)), axis=0)
        earned = np.zeros((len(self.bonus), n_docs), dtype=bool)  # per pair, per passage
        for step in range(1, PROXIMITY_SPAN + 1):  # each token with the next one or two
            first = (pos[step:] - pos[:-step] <= PROXIMITY_SPAN).nonzero()[0]
            a, b = words.take(first, axis=0), words.take(first + step, axis=0)
            # pair n: word n then word n + 1, or the other way round
            rows, pair = ((a[:, :-1] & b[:, 1:]) | (a[:, 1:] & b[:, :-1])).nonzero()
            earned[pair, doc.take(first.take(rows))] = True  # once, however many times near
        for pair, value in enumerate(self.bonus):  # pair by pair, in order (0.0 adds nothing)
            out += earned[pair] * value
        return out
