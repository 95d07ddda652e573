"""Reading and scoring an index generation.

Scores are rank-bm25's ``BM25Okapi`` formula with Lucene's IDF (see :class:`LuceneBM25`),
precomputed per (term, passage) into "impact" postings: a CSR layout of numpy arrays where
term ``t`` owns ``docs[ptr[t]:ptr[t+1]]`` and ``impacts[ptr[t]:ptr[t+1]]``. A query adds up a
few postings slices, so its cost grows with the postings of its terms, not with the number
of passages, and there is no Python loop over documents.

The files are described in :mod:`bot.index.format`; :mod:`bot.index.writer` writes them.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

import numpy as np

from ..sections import Passage, Section
from .addresses import Addresses, page_at, site_addresses
from .format import (
    FILES,
    META,
    PASSAGES,
    SALARIES,
    SCHEMA_VERSION,
    SECTION_KEY_END,
    SECTIONS,
    IndexLoadError,
    JsonlStore,
    Postings,
    Record,
    check_postings,
    check_salaries,
    check_sizes,
    first_heading,
    load_postings,
    passage_from_record,
    section_from_record,
)
from .impacts import lucene_idf
from .scoring import (
    Clauses,
    clause_rows,
    clause_sum,
    folder_lift,
    folder_runs,
    posting_lists,
    scored_lists,
    touched_passages,
)

PASSAGE_CACHE_MAX = 1_024  # decoded passages kept (see SearchIndex.passage)
SECTION_KEY_CACHE_MAX = 4_096  # section keys kept (see SearchIndex.section_key)
_UNREAD = b"\0"  # a key no record holds: not read yet (a key read may be None)
SIDE_BY_SIDE_SCAN = 2_000  # passages read at most to find two words side by side
SIDE_BY_SIDE_SHARE = 20  # ... and one in this many of them at least: see side_by_side
FOLDER_PRIOR = 5.0  # see SearchIndex.folder_scores and scoring.folder_lift
FOLDER_FLOOR = 2.0  # ... a word less than this many times as common in a folder counts nothing
FOLDER_CACHE_MAX = 4_096  # terms whose folder lifts are kept (see SearchIndex.folder_scores)


class SearchIndex:
    """One loaded generation: passages, their impact postings, the salary facts found in
    them. Open one with :meth:`load`."""

    def __init__(
        self,
        meta: Record,
        postings: Postings,
        passages: JsonlStore,
        sections: JsonlStore,
        salaries: list[Record],
        folder: Path | None = None,
        generation: str | None = None,
    ):
        self.meta = {k: v for k, v in meta.items() if k != "files"}
        self._files: dict[str, Record] | None = meta.get("files")
        self.folder = folder  # the generation's folder, when loaded from one
        self.postings = postings
        self._passages = passages
        self._decoded: dict[int, Passage] = {}
        self._keys: dict[int, bytes | None] = {}  # see section_key
        self._list_maxima: dict[int, np.float32] = {}
        # folder_lift of the terms asked about lately, by id (see folder_scores): a common
        # word's files take longest to count, and questions share common words most
        self._folder_lifts: dict[int, np.ndarray] = {}
        self._sections = sections
        self.salaries = salaries
        self.generation = generation  # the folder it was loaded from, by name

    # ------------------------------------------------------------------ access
    @cached_property
    def term_ids(self) -> dict[str, int]:
        """Term → id: built on first use (a build that only writes never needs it)."""
        return {t: i for i, t in enumerate(self.postings.vocab)}

    @property
    def vocab(self) -> list[str]:
        """Every term, by id."""
        return self.postings.vocab

    @cached_property
    def idfs(self) -> np.ndarray:
        """The IDF of every term, by id."""
        return lucene_idf(self.n_passages, self.postings.df.astype(np.float64))

    @property
    def files(self) -> dict[str, Record]:
        """Per source file: size, mtime, sha256, title, passage and section ranges, skipped.

        Read from disk on first use: only staleness checks and rebuilds need it.
        """
        if self._files is None:
            self._files = self._read_files()
        return self._files

    def _read_files(self) -> dict[str, Record]:
        try:
            return json.loads((self.folder / FILES).read_text("utf-8")) if self.folder else {}
        except (OSError, ValueError):
            return {}

    @cached_property
    def _sources(self) -> frozenset[str]:
        """The files' paths. Read without keeping their records when nothing has read them
        (a question needs no more): 17k records of dicts held for good slow down every
        full collection of Python's cyclic garbage collector."""
        return frozenset(self._files if self._files is not None else self._read_files())

    @property
    def n_passages(self) -> int:
        return len(self.postings.doc_len)

    def passage(self, i: int) -> Passage:
        """Passage ``i``. Answering one question reads the same few passages a dozen times
        (quotes grow with their neighbours), so the last ones decoded are kept: passages
        are frozen, and a generation never changes. Emptied when full, never evicted one
        by one, so threads sharing the index need no lock."""
        p = self._decoded.get(i)
        if p is None:
            p = passage_from_record(self._passages[i])
            if len(self._decoded) >= PASSAGE_CACHE_MAX:
                self._decoded.clear()
            self._decoded[i] = p
        return p

    def section_key(self, i: int) -> bytes | None:
        """Passage ``i``'s source and heading path as its record holds them, read without
        decoding it (see SECTION_KEY_END in :mod:`bot.index.format`); None for a record
        laid out otherwise. Quoting reads neighbours only when they are in its section.
        Kept, as decoded passages are: a question reads the keys of the same few passages
        twice on average (a quote grows, opens and is trailed from the same ones), and
        finding a key in its record takes more than a lookup."""
        keys = self._keys
        key = keys.get(i, _UNREAD)  # one lookup: another thread may empty it meanwhile
        if key is _UNREAD:
            if len(keys) >= SECTION_KEY_CACHE_MAX:  # emptied when full, as passages are
                keys.clear()
            key = keys[i] = self._passages.head(i, SECTION_KEY_END)
        return key

    def title(self, i: int) -> str:
        """The first heading of passage ``i``'s path, its page's title most often ("" for
        none), read from its record's section key unless it is decoded already: the title
        rule (bot.title_named) reads it for ten candidates, most of which no quote reads."""
        p = self._decoded.get(i)
        if p is None:
            key = self.section_key(i)
            heading = first_heading(key) if key is not None else None
            if heading is not None:
                return heading
            p = self.passage(i)
        return p.heading_path[0] if p.heading_path else ""

    def section(self, i: int) -> Section:
        return section_from_record(self._sections[i])

    @property
    def n_sections(self) -> int:
        return len(self._sections)

    def record_stores(self) -> tuple[JsonlStore, JsonlStore]:
        """The passage and section records as stored: a writer copies the records of files
        that did not change from them, byte for byte."""
        return self._passages, self._sections

    @cached_property
    def headings(self) -> list[tuple[str, str]]:
        """Unique (heading path text, source) of every section, in corpus order."""
        seen: dict[tuple[str, str], None] = {}
        for i in range(self.n_sections):
            s = self.section(i)
            if s.heading_path:
                seen.setdefault((" > ".join(s.heading_path), s.source), None)
        return list(seen)

    @property
    def file_starts(self) -> np.ndarray:
        """The first passage of each file (files own contiguous passage ranges)."""
        return self.postings.file_starts

    def files_of(self, docs: np.ndarray) -> np.ndarray:
        """The file number of each passage."""
        numbers: np.ndarray = self.postings.file_starts.searchsorted(docs, side="right") - 1
        return numbers

    def file_of(self, doc: int) -> int:
        """The file number of one passage (-1 before the first): :meth:`files_of` for one
        number, by bisection (a numpy call for one number is several times slower)."""
        return bisect.bisect_right(self._first_passages, doc) - 1

    @cached_property
    def _first_passages(self) -> list[int]:
        """``file_starts`` as Python ints, for :meth:`file_of`."""
        firsts: list[int] = self.postings.file_starts.tolist()
        return firsts

    def passage_range(self, file: int) -> tuple[int, int]:
        """The passages of one file: ``range(lo, hi)`` (files own contiguous ranges)."""
        starts = self._first_passages
        hi = starts[file + 1] if file + 1 < len(starts) else self.n_passages
        return starts[file], hi

    def clause_impacts(self, clauses: Clauses, lo: int, hi: int) -> list[np.ndarray]:
        """Per clause, the impact of its best term in each passage ``lo`` to ``hi - 1``
        (see :func:`bot.index.scoring.clause_rows`): one file's passages, say."""
        p = self.postings
        return clause_rows(lo, hi, p.ptr, p.docs, p.impacts, clauses, self.term_ids)

    def file_scores(self, clauses: Clauses) -> np.ndarray:
        """BM25 of every file as one document (the sum of its passages' terms), for the
        clauses (see :meth:`scores`): how well a whole file is about the question."""
        p = self.postings
        return clause_sum(
            len(p.file_starts), p.file_ptr, p.file_docs, p.file_impacts, clauses, self.term_ids
        )

    def folder_scores(self, clauses: Clauses, files: np.ndarray) -> np.ndarray | None:
        """For each of ``files``, how much its folder, more than the corpus as a whole,
        holds the question's words: the mean of :func:`bot.index.scoring.folder_lift` over
        each clause's first term, by its weight and IDF; None when every file shares one
        folder. "On macOS, …" leans to the files of `pages/osx/`, where "macOS" is common,
        though the page that answers never says it."""
        folder_of, sizes, runs = self._folders
        if len(sizes) < 2:
            return None
        lifts = self._folder_lifts
        total, weights = np.zeros(len(sizes)), 0.0
        for terms, weight in clauses:
            i = next((self.term_ids[t] for t in terms if t in self.term_ids), None)
            if i is None:
                continue
            lift = lifts.get(i)
            if lift is None:
                p = self.postings
                holding = p.file_docs[p.file_ptr[i] : p.file_ptr[i + 1]]
                lift = folder_lift(folder_of, sizes, holding, FOLDER_PRIOR, FOLDER_FLOOR, runs)
                if len(lifts) >= FOLDER_CACHE_MAX:  # emptied when full, as passages are
                    lifts.clear()
                lifts[i] = lift
            w = weight * float(self.idfs[i])
            total += w * lift
            weights += w
        if not weights:
            return np.zeros(len(files))
        scores: np.ndarray = total[folder_of[files]] / weights
        return scores

    @cached_property
    def _folders(self) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray]]:
        """Each file's folder, numbered, the number of files in each folder, and the runs
        of files of one folder (see :func:`bot.index.scoring.folder_runs`)."""
        folder_of = self.postings.file_folders.astype(np.intp)
        return folder_of, np.bincount(folder_of), folder_runs(folder_of)

    def df(self, term: str) -> int:
        i = self.term_ids.get(term)
        return int(self.postings.df[i]) if i is not None else 0

    def idf(self, term: str) -> float:
        """A term's IDF (that of a term no passage holds when the index lacks it)."""
        i = self.term_ids.get(term)
        return float(self.idfs[i]) if i is not None else self.max_idf()

    def max_idf(self) -> float:
        """The highest IDF any term can have here: that of a term no passage holds."""
        return float(lucene_idf(self.n_passages, 0))

    def reading_orders(self, docs: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """Term ids of each passage's parent heading, own heading and body, -1 between
        them: all passages' concatenated, and where each starts (``len(docs) + 1`` bounds).
        """
        p = self.postings
        at_docs = np.asarray(docs, dtype=np.intp)
        starts, ends = p.seq_ptr[at_docs], p.seq_ptr[at_docs + 1]
        bounds = np.zeros(len(at_docs) + 1, dtype=np.intp)
        (ends - starts).cumsum(out=bounds[1:])
        # one gather: token t of passage n sits at starts[n] + t
        at = np.arange(bounds[-1]) + (starts - bounds[:-1]).repeat(ends - starts)
        return p.seq.take(at), bounds

    def side_by_side(self, first: str, second: str) -> int:
        """In how many passages ``first`` stands right before ``second`` ("cron job"),
        among the first SIDE_BY_SIDE_SCAN that hold both; 0 when that is fewer than one
        in SIDE_BY_SIDE_SHARE of them: two words found together on most pages meet by
        chance ("helm", "file" once in 720 passages: "helmfile" is another tool)."""
        a, b = self.term_ids.get(first), self.term_ids.get(second)
        if a is None or b is None:
            return 0
        p = self.postings
        lists = [p.docs[p.ptr[i] : p.ptr[i + 1]] for i in (a, b)]
        both = np.intersect1d(lists[0], lists[1], assume_unique=True)[:SIDE_BY_SIDE_SCAN]
        if not len(both):
            return 0
        seq, bounds = self.reading_orders(both.tolist())
        at = ((seq[:-1] == a) & (seq[1:] == b)).nonzero()[0]
        at = at[~np.isin(at + 1, bounds)]  # not the last word of one passage, first of next
        seen = len(set(bounds.searchsorted(at, side="right").tolist()))
        return seen if seen * SIDE_BY_SIDE_SHARE >= len(both) else 0

    def passage_of(self, source: str, line: int) -> int | None:
        """The passage that holds a line of a file, if any."""
        lo, hi = self.files.get(source, {}).get("passages_range", (0, 0))
        for doc in range(lo, hi):
            p = self.passage(doc)
            if p.line_start <= line <= p.line_end:
                return doc
        return None

    def has_file(self, source: str) -> bool:
        """Whether the corpus indexed holds the file ``source`` (a path in it), by the
        files' records (an index of parsed documents alone, index_documents, has none)."""
        return source in self._sources

    def page_at(self, address: str) -> str | None:
        """The one file of the corpus at ``address`` on the site the docs make, or in a
        notes vault ("manual/alerts", "Rollback"): see bot.index.addresses.page_at."""
        return page_at(self._addresses, address)

    @cached_property
    def _addresses(self) -> Addresses:
        return site_addresses(self._sources)

    def containing(self, term: str, docs: Sequence[int] | np.ndarray) -> set[int]:
        """Which of ``docs`` contain ``term`` (anywhere: body or any heading)."""
        wanted = np.asarray(docs)
        return set(wanted[self.holds(term, wanted)].tolist())

    def holds(self, term: str, docs: np.ndarray) -> np.ndarray:
        """Whether each of ``docs`` contains ``term``, as a boolean array."""
        i = self.term_ids.get(term)
        if i is None or not len(docs):
            return np.zeros(len(docs), dtype=bool)
        lo, hi = self.postings.ptr[i : i + 2].tolist()
        listed = self.postings.docs[lo:hi]
        # in the list's own type: searching int32 ids for int64 ones copies the whole list
        wanted = docs.astype(listed.dtype, copy=False)
        # a passage past the last of the list is compared with the last ("clip")
        held: np.ndarray = listed.take(listed.searchsorted(wanted), mode="clip") == wanted
        return held

    # ------------------------------------------------------------------ scoring
    def scores(self, clauses: Clauses) -> np.ndarray:
        """BM25 score of every passage, as a weighted sum of clauses.

        A clause ``(terms, weight)`` adds ``weight`` times the best impact among its terms,
        so a group of synonyms counts once, not once per synonym. With one-term clauses of
        weight 1 this is exactly ``LuceneBM25(tokens).get_scores(terms)``.
        """
        return self._accumulate(clauses)[0]

    def search(self, clauses: Clauses, k: int) -> tuple[list[int], np.ndarray]:
        """The ``k`` best passages for the clauses (see :meth:`scores`), and all scores."""
        scores, touched, ceilings = self._accumulate(clauses)
        return self.top_k(scores, k, touched, ceilings), scores

    def search_more(
        self, scores: np.ndarray, done: Clauses, more: Clauses, k: int
    ) -> tuple[list[int], np.ndarray]:
        """:meth:`search` for the clauses ``done`` and then ``more``, given the ``scores``
        a search for ``done`` returned: only ``more`` is added up (pseudo-relevance
        feedback adds a few words to a question already searched). The result is the
        same to the last bit: each passage's score takes the clauses in the same order.

        ``scores`` is added onto and returned, not copied: the caller is done with the
        first search's scores, and a copy is a pass over every passage's score, while the
        feedback words' lists touch a few thousand."""
        p = self.postings
        touched, ceilings = posting_lists(p.ptr, p.docs, done, self.term_ids, self._list_max)
        out, lists, most = scored_lists(
            self.n_passages, p.ptr, p.docs, p.impacts, more, self.term_ids, self._list_max, scores
        )
        return self.top_k(out, k, touched + lists, ceilings + most), out

    def _accumulate(self, clauses: Clauses) -> tuple[np.ndarray, list[np.ndarray], list[float]]:
        """Dense scores, the passage ids each posting list touched, and the most each
        list adds to a passage (see :func:`bot.index.scoring.clause_sum`)."""
        p = self.postings
        return scored_lists(
            self.n_passages, p.ptr, p.docs, p.impacts, clauses, self.term_ids, self._list_max
        )

    def _list_max(self, term: int) -> np.float32:
        """The largest impact in a term's posting list, kept: common words come back."""
        most = self._list_maxima.get(term)
        if most is None:
            lo, hi = self.postings.ptr[term : term + 2].tolist()
            impacts = self.postings.impacts
            most = self._list_maxima[term] = impacts[lo:hi].max() if hi > lo else np.float32(0)
        return most

    @staticmethod
    def top_k(
        scores: np.ndarray,
        k: int,
        candidates: list[np.ndarray] | None = None,
        ceilings: Sequence[float] | None = None,
    ) -> list[int]:
        """Indices of the ``k`` best scores, best first, ties by position; zeros never.

        Selects among the passages the query touched (``candidates``: arrays of distinct
        passage ids, one per posting list; lists may share passages), never over the whole
        array: an argpartition or a nonzero scan of a large, mostly-zero array is slow on
        some CPUs (numpy's AVX-512 path). Thresholds come from ``np.partition`` of values,
        which is about twice as fast as ``argpartition``. ``ceilings`` (the most each list
        adds to a score) let common words' long lists be skipped when they cannot matter.
        """
        if k <= 0:
            return []
        nz = (
            np.flatnonzero(scores)
            if candidates is None
            else touched_passages(scores, k, candidates, ceilings)
        )
        vals = scores.take(nz)
        positive = vals > 0
        if not positive.all():
            nz, vals = nz[positive], vals[positive]
        if len(nz) == 0:
            return []
        if len(nz) > k:
            # keep every candidate tied with the k-th, so ties break by position
            kth = np.partition(vals, len(vals) - k)[len(vals) - k]
            part = vals >= kth
            nz, vals = nz[part], vals[part]
        order = np.lexsort((nz, -vals))[:k]
        best: list[int] = nz[order].tolist()
        return best

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, folder: Path) -> SearchIndex:
        """Open a saved generation. Raises ``IndexLoadError`` when anything is missing or
        wrong: a damaged index is rebuilt, never served."""
        try:
            meta = json.loads((folder / META).read_text("utf-8"))
            if meta.get("schema") != SCHEMA_VERSION:
                raise IndexLoadError(
                    f"schema {meta.get('schema')} (this version reads {SCHEMA_VERSION})"
                )
            postings = load_postings(folder)
            passages = JsonlStore.open(folder / PASSAGES)
            sections = JsonlStore.open(folder / SECTIONS)
            salaries = check_salaries(json.loads((folder / SALARIES).read_text("utf-8")))
            check_sizes(folder, meta)
        except IndexLoadError:
            raise
        except (OSError, ValueError, TypeError, KeyError, EOFError) as exc:
            raise IndexLoadError(f"{type(exc).__name__}: {exc}") from None
        check_postings(postings, len(passages), meta)
        if len(sections) != meta.get("sections"):
            raise IndexLoadError("sections.jsonl does not match meta.json")
        return cls(meta, postings, passages, sections, salaries, folder, folder.name)
