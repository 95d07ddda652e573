"""The BM25 index: build, save, load, score.

Scores are rank-bm25's ``BM25Okapi`` formula with Lucene's IDF (see :class:`LuceneBM25`),
precomputed per (term, passage) into "impact" postings: a CSR layout of numpy arrays where
term ``t`` owns ``docs[ptr[t]:ptr[t+1]]`` and ``impacts[ptr[t]:ptr[t+1]]``. A query adds up a
few postings slices, so its cost grows with the postings of its terms, not with the number
of passages, and there is no Python loop over documents.

On disk an index is a folder of plain files (JSON, JSON Lines and ``.npy`` arrays saved with
``allow_pickle=False``). See :mod:`bot.store` for how folders are written and swapped.
"""

from __future__ import annotations

import json
import math
import mmap
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np
from rank_bm25 import BM25Okapi

from .sections import Document, Passage, Section
from .text import tokenize

SCHEMA_VERSION = 3
K1 = 1.5
B = 0.75
CANDIDATES_UNIQUE_MAX = 5_000  # touched postings sorted whole; past this, partitioned first
HEADING_WEIGHT = 2  # words of a passage's own heading count twice as much as body words
PARENT_WEIGHT = 2  # words of the heading right above it, as much as its own
ANCESTOR_WEIGHT = 1  # words of the headings further up count as body words


class LuceneBM25(BM25Okapi):
    """rank-bm25's Okapi BM25 with Lucene's smoothed IDF: ``log(1 + (N - n + 0.5) / (n + 0.5))``.

    Plain ``BM25Okapi`` gives a term found in exactly half the documents an IDF of 0 and
    patches negative IDFs with ``epsilon * average_idf`` (its issues #29, #39 and #43), so a
    tiny corpus can score everything 0 and a common word can outrank a rare one. Lucene's IDF
    is always positive and falls monotonically with document frequency, which is what
    ranking needs. This class is the reference the impact arrays are tested against.
    """

    def _calc_idf(self, nd):
        for word, freq in nd.items():
            self.idf[word] = lucene_idf(self.corpus_size, freq)


def lucene_idf(n_docs, df):
    return (
        np.log1p((n_docs - df + 0.5) / (df + 0.5))
        if isinstance(df, np.ndarray)
        else math.log1p((n_docs - df + 0.5) / (df + 0.5))
    )


SEP = ""  # separates a passage's own heading from its body in its term sequence


def passage_tokens(p: Passage) -> list[str]:
    """The tokens a passage is indexed under: heading words weighted above body words."""
    return passage_terms(p)[0]


def passage_terms(p: Passage) -> tuple[list[str], list[str]]:
    """The passage's BM25 tokens, and its parent heading, own heading and body in reading
    order, separated by SEP.

    The second list is for proximity: neighbouring question words should stand side by
    side within one of those fields ("Linux Guru", "Core Skills"), not across them.
    """
    weighted, own, body = _passage_fields(p)
    parent = list(_heading_tokens(p.heading_path[-2])) if len(p.heading_path) > 1 else []
    return weighted + body, parent + [SEP] + own + [SEP] + body


@lru_cache(maxsize=65536)
def _heading_tokens(heading: str) -> tuple[str, ...]:
    return tuple(tokenize(heading))


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
        weighted.extend(_heading_tokens(heading) * times)
    own = list(_heading_tokens(p.heading_path[-1])) if n else []
    return weighted, own, tokenize(p.text) + list(_context_tokens(p.context))


@lru_cache(maxsize=1024)
def _context_tokens(context: str) -> tuple[str, ...]:
    """A passage's context is mostly its document's description, the same for every passage
    of the file: tokenized once."""
    return tuple(tokenize(context)) if context else ()


@dataclass(frozen=True, slots=True)
class Postings:
    """Impact postings in CSR form, plus what is needed to recompute them."""

    vocab: list[str]
    df: np.ndarray  # int32 per term
    ptr: np.ndarray  # int64, len(vocab) + 1
    docs: np.ndarray  # int32 passage ids, sorted within each term
    tfs: np.ndarray  # int32 term frequency per posting
    impacts: np.ndarray  # float32 BM25 contribution per posting
    doc_len: np.ndarray  # int32 tokens per passage
    seq: np.ndarray  # int32 term ids of parent heading, -1, own heading, -1, body: for proximity
    seq_ptr: np.ndarray  # int64, passage d owns seq[seq_ptr[d]:seq_ptr[d+1]]
    # the same for whole files: file f owns passages file_starts[f]..file_starts[f+1]
    file_starts: np.ndarray  # int64, first passage of each file with passages
    file_ptr: np.ndarray  # int64, len(vocab) + 1
    file_docs: np.ndarray  # int32 file numbers, sorted within each term
    file_impacts: np.ndarray  # float32 BM25 contribution of a term to a whole file


class JsonlStore:
    """Records in a JSON Lines file, read one at a time through an offsets array.

    The file is mapped when opened, so a reader keeps working after a newer index
    generation replaced (and deleted) the folder it came from.
    """

    def __init__(
        self, path: Path, offsets: np.ndarray, data: mmap.mmap | bytes, fd: int | None = None
    ):
        self.path = path
        self.offsets = offsets
        self._data = data
        self._fd = fd  # kept open for copy_file_range; closed with the store

    def __del__(self):
        if self._fd is not None:
            os.close(self._fd)

    @classmethod
    def open(cls, path: Path) -> JsonlStore:
        offsets = np.load(path.with_suffix(".offsets.npy"), mmap_mode="r", allow_pickle=False)
        fd = os.open(path, os.O_RDONLY)
        try:
            size = os.fstat(fd).st_size
            data = mmap.mmap(fd, 0, access=mmap.ACCESS_READ) if size else b""
            if len(offsets) == 0 or int(offsets[-1]) != size or offsets.ndim != 1:
                raise ValueError(f"{path.name} does not match its offsets")
            _check_records(path.name, offsets, data)
        except BaseException:
            os.close(fd)
            raise
        return cls(path, offsets, data, fd)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i: int) -> dict:
        if not 0 <= i < len(self):
            raise IndexError(i)
        return json.loads(self._data[int(self.offsets[i]) : int(self.offsets[i + 1])])

    def copy_to(self, out_fd: int, a: int, b: int) -> np.ndarray:
        """Append records ``a..b``, byte for byte, to ``out_fd``; where each ends, relative
        to the first one's start.

        ``os.copy_file_range`` lets the kernel copy without a round trip through Python.
        """
        lo, hi = int(self.offsets[a]), int(self.offsets[b])
        done = 0
        try:
            while done < hi - lo:
                n = os.copy_file_range(self._fd, out_fd, hi - lo - done, lo + done)
                if n == 0:
                    raise OSError("short copy")
                done += n
        except OSError:  # not supported here: copy through memory
            os.write(out_fd, self._data[lo + done : hi])
        return np.asarray(self.offsets[a + 1 : b + 1]) - lo


def passage_record(p: Passage | Section) -> dict:
    """A passage or section as a JSON-ready dict (``dataclasses.asdict`` without its deep
    copy, which took an eighth of the parse workers' time)."""
    rec = {name: getattr(p, name) for name in _field_names(type(p))}
    rec["heading_path"] = list(p.heading_path)
    return rec


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def passage_from_record(rec: dict) -> Passage:
    rec = dict(rec)
    rec["heading_path"] = tuple(rec["heading_path"])
    return Passage(**rec)


def section_from_record(rec: dict) -> Section:
    rec = dict(rec)
    rec["heading_path"] = tuple(rec["heading_path"])
    return Section(**rec)


class SearchBackend(Protocol):
    """What answering (:class:`bot.quote.Answerer`) needs from an index.

    :class:`SearchIndex` is the one implementation. A cluster engine with BM25
    (OpenSearch, Elasticsearch) could serve the same: ``search`` as a bool query of term
    clauses, ``reading_orders`` from term vectors, the rest from stored fields and stats.
    """

    term_ids: Mapping[str, int]
    salaries: list[dict]

    @property
    def n_sections(self) -> int: ...
    @property
    def headings(self) -> list[tuple[str, str]]: ...
    def df(self, term: str) -> int: ...
    def file_scores(self, clauses: Iterable[tuple[Sequence[str], float]]) -> np.ndarray: ...
    def files_of(self, docs: np.ndarray) -> np.ndarray: ...
    def idf(self, term: str) -> float: ...
    def containing(self, term: str, docs: Sequence[int]) -> set[int]: ...
    def search(
        self, clauses: Iterable[tuple[Sequence[str], float]], k: int
    ) -> tuple[list[int], np.ndarray]: ...
    def passage(self, doc: int) -> Passage: ...
    def reading_orders(self, docs: Sequence[int]) -> tuple[np.ndarray, np.ndarray]: ...
    def passage_of(self, source: str, line: int) -> int | None: ...


class SearchIndex:
    """Passages, their impact postings, and the salary facts found in them."""

    def __init__(
        self,
        meta: dict,
        postings: Postings,
        passages: Sequence[Passage] | JsonlStore,
        sections: Sequence[Section] | JsonlStore,
        salaries: list[dict],
        files_path: Path | None = None,
    ):
        self.meta = {k: v for k, v in meta.items() if k != "files"}
        self._files = meta.get("files")
        self._files_path = files_path
        self.postings = postings
        self._passages = passages
        self._sections = sections
        self.salaries = salaries

    # ------------------------------------------------------------------ access
    @cached_property
    def term_ids(self) -> dict[str, int]:
        """Term → id: built on first use (a build that only writes never needs it)."""
        return {t: i for i, t in enumerate(self.postings.vocab)}

    @property
    def files(self) -> dict[str, dict]:
        """Per source file: size, mtime, sha256, title, passage and section ranges, skipped.

        Read from disk on first use: only staleness checks and rebuilds need it.
        """
        if self._files is None:
            try:
                self._files = (
                    json.loads(self._files_path.read_text("utf-8")) if self._files_path else {}
                )
            except (OSError, ValueError):
                self._files = {}
        return self._files

    @property
    def n_passages(self) -> int:
        return len(self.postings.doc_len)

    def passage(self, i: int) -> Passage:
        item = self._passages[i]
        return item if isinstance(item, Passage) else passage_from_record(item)

    def section(self, i: int) -> Section:
        item = self._sections[i]
        return item if isinstance(item, Section) else section_from_record(item)

    @property
    def n_sections(self) -> int:
        return len(self._sections)

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
        return np.searchsorted(self.postings.file_starts, docs, side="right") - 1

    def file_scores(self, clauses: Iterable[tuple[Sequence[str], float]]) -> np.ndarray:
        """BM25 of every file as one document (the sum of its passages' terms), for the
        clauses (see :meth:`scores`): how well a whole file is about the question."""
        p = self.postings
        return _clause_sum(
            len(p.file_starts), p.file_ptr, p.file_docs, p.file_impacts, clauses, self.term_ids
        )[0]

    def df(self, term: str) -> int:
        i = self.term_ids.get(term)
        return int(self.postings.df[i]) if i is not None else 0

    def idf(self, term: str) -> float:
        return float(lucene_idf(self.n_passages, self.df(term)))

    def reading_orders(self, docs: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """Term ids of each passage's parent heading, own heading and body, -1 between
        them: all passages' concatenated, and where each starts (``len(docs) + 1`` bounds).
        """
        p = self.postings
        docs = np.asarray(docs, dtype=np.intp)
        starts, ends = p.seq_ptr[docs], p.seq_ptr[docs + 1]
        bounds = np.zeros(len(docs) + 1, dtype=np.intp)
        np.cumsum(ends - starts, out=bounds[1:])
        # one gather: token t of passage n sits at starts[n] + t
        at = np.arange(bounds[-1]) + np.repeat(starts - bounds[:-1], ends - starts)
        return p.seq.take(at), bounds

    def passage_of(self, source: str, line: int) -> int | None:
        """The passage that holds a line of a file, if any."""
        lo, hi = self.files.get(source, {}).get("passages_range", (0, 0))
        for doc in range(lo, hi):
            p = self.passage(doc)
            if p.line_start <= line <= p.line_end:
                return doc
        return None

    def containing(self, term: str, docs: Sequence[int]) -> set[int]:
        """Which of ``docs`` contain ``term`` (anywhere: body or any heading)."""
        i = self.term_ids.get(term)
        if i is None or not docs:
            return set()
        lo, hi = self.postings.ptr[i], self.postings.ptr[i + 1]
        listed = self.postings.docs[lo:hi]
        wanted = np.asarray(docs)
        at = np.minimum(np.searchsorted(listed, wanted), len(listed) - 1)
        return {int(d) for d in wanted[listed[at] == wanted]}

    # ------------------------------------------------------------------ scoring
    def scores(self, clauses: Iterable[tuple[Sequence[str], float]]) -> np.ndarray:
        """BM25 score of every passage, as a weighted sum of clauses.

        A clause ``(terms, weight)`` adds ``weight`` times the best impact among its terms,
        so a group of synonyms counts once, not once per synonym. With one-term clauses of
        weight 1 this is exactly ``LuceneBM25(tokens).get_scores(terms)``.
        """
        return self._accumulate(clauses)[0]

    def search(
        self, clauses: Iterable[tuple[Sequence[str], float]], k: int
    ) -> tuple[list[int], np.ndarray]:
        """The ``k`` best passages for the clauses (see :meth:`scores`), and all scores."""
        scores, touched = self._accumulate(clauses)
        return self.top_k(scores, k, touched), scores

    def _accumulate(self, clauses) -> tuple[np.ndarray, list[np.ndarray]]:
        """Dense scores, and the passage ids each posting list touched (see _clause_sum)."""
        p = self.postings
        return _clause_sum(self.n_passages, p.ptr, p.docs, p.impacts, clauses, self.term_ids)

    @staticmethod
    def top_k(scores: np.ndarray, k: int, candidates: list[np.ndarray] | None = None) -> list[int]:
        """Indices of the ``k`` best scores, best first, ties by position; zeros never.

        Selects among the passages the query touched (``candidates``: arrays of distinct
        passage ids, one per posting list; lists may share passages), never over the whole
        array: an argpartition or a nonzero scan of a large, mostly-zero array is slow on
        some CPUs (numpy's AVX-512 path). Thresholds come from ``np.partition`` of values,
        which is about twice as fast as ``argpartition``.
        """
        if k <= 0:
            return []
        if candidates is None:
            nz = np.flatnonzero(scores)
        elif len(candidates) == 1:
            nz = candidates[0]  # one term's postings: distinct passages, in order
        else:
            cand = np.concatenate(candidates) if candidates else np.zeros(0, np.int64)
            nz = None
            if len(cand) > CANDIDATES_UNIQUE_MAX:
                # the best entries first (with everything tied with the last of them); a
                # passage may be listed several times, so check k distinct ones remain
                vals = scores.take(cand)
                keep = min(len(cand), k * len(candidates))
                kth = np.partition(vals, len(vals) - keep)[len(vals) - keep]  # values only: fast
                nz = _unique(cand[vals >= kth])
                if len(nz) < k:
                    nz = None
            if nz is None:
                nz = _unique(cand)
        vals = scores.take(nz)
        positive = vals > 0
        if not positive.all():
            nz, vals = nz[positive], vals[positive]
        if len(nz) == 0:
            return []
        if len(nz) > k:
            # keep every candidate tied with the k-th, so ties break by position
            kth = np.partition(vals, len(vals) - k)[len(vals) - k]
            part = np.flatnonzero(vals >= kth)
            nz, vals = nz[part], vals[part]
        order = np.lexsort((nz, -vals))[:k]
        return [int(i) for i in nz[order]]

    # ------------------------------------------------------------------ build & persist
    @classmethod
    def build(cls, documents: Sequence[Document], meta: dict | None = None) -> SearchIndex:
        """Index parsed documents in a temporary folder and open it (small corpora, tests).

        The folder is removed at once: the opened index keeps its files mapped.
        """
        from .writer import Fresh, IndexWriter  # local: the writer builds on this module

        folder = Path(tempfile.mkdtemp(prefix="docs-bot-index-"))
        try:
            writer = IndexWriter(folder, None)
            for doc in documents:
                writer.add(Fresh.of(doc))
            writer.finish(meta or {})
            return cls.load(folder)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path) -> SearchIndex:
        """Open a saved index. Raises ``IndexLoadError`` when anything is missing or wrong."""
        try:
            meta = json.loads((folder / "meta.json").read_text("utf-8"))
            if meta.get("schema") != SCHEMA_VERSION:
                raise IndexLoadError(
                    f"schema {meta.get('schema')} (this version reads {SCHEMA_VERSION})"
                )
            # plain ndarray views of the maps: indexing a np.memmap goes through Python code
            arrays = {
                name: np.asarray(np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False))
                for name in _ARRAYS
            }
            vocab = json.loads((folder / "vocab.json").read_text("utf-8"))
            postings = Postings(vocab=vocab, **arrays)
            passages = JsonlStore.open(folder / "passages.jsonl")
            sections = JsonlStore.open(folder / "sections.jsonl")
            salaries = json.loads((folder / "salaries.json").read_text("utf-8"))
            _check_sizes(folder, meta)
        except IndexLoadError:
            raise
        except (OSError, ValueError, TypeError, KeyError, EOFError) as exc:  # EOF: an empty .npy
            raise IndexLoadError(f"{type(exc).__name__}: {exc}") from None
        _check(postings, len(passages), meta)
        if len(sections) != meta.get("sections"):
            raise IndexLoadError("sections.jsonl does not match meta.json")
        _check_salaries(salaries)
        return cls(meta, postings, passages, sections, salaries, folder / "files.json")


def _clause_sum(
    size: int,
    ptr: np.ndarray,
    ids: np.ndarray,
    impacts: np.ndarray,
    clauses,
    term_ids: Mapping[str, int],
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Scores of ``size`` documents (passages, or whole files) as the weighted sum of the
    clauses over CSR impact postings, and the document ids each posting list touched.

    A clause ``(terms, weight)`` adds ``weight`` times the best impact among its terms, so
    a group of synonyms counts once. Ids are widened to intp once, and added with
    ``np.add.at``: numpy converts int32 indices on every fancy-index operation, and
    ``a[i] += v`` is a gather and a scatter; together that is about twice as slow here.
    """
    out = np.zeros(size, dtype=np.float32)
    touched: list[np.ndarray] = []
    for terms, weight in clauses:
        slices = [(ptr[i], ptr[i + 1]) for i in (term_ids.get(t) for t in terms) if i is not None]
        if not slices:
            continue
        w = np.float32(weight)
        if len(slices) == 1:
            ((lo, hi),) = slices
            docs, vals = ids[lo:hi].astype(np.intp), impacts[lo:hi]
            np.add.at(out, docs, vals if weight == 1.0 else vals * w)
            touched.append(docs)
            continue
        best = np.zeros(size, dtype=np.float32)  # synonyms: the best impact among them, once
        for lo, hi in slices:
            docs = ids[lo:hi].astype(np.intp)
            np.maximum.at(best, docs, impacts[lo:hi])
            touched.append(docs)  # each: distinct, in order
        out += best if weight == 1.0 else best * w
    return out, touched


def _unique(a: np.ndarray) -> np.ndarray:
    """Sorted unique values; several times faster than numpy 2's hash-based np.unique here."""
    a = np.sort(a)
    return a[np.concatenate(([True], a[1:] != a[:-1]))] if len(a) else a


_ARRAYS = (
    "df",
    "ptr",
    "docs",
    "tfs",
    "impacts",
    "doc_len",
    "seq",
    "seq_ptr",
    "file_starts",
    "file_ptr",
    "file_docs",
    "file_impacts",
)


class IndexLoadError(Exception):
    """A saved index is missing, corrupt, or of another schema."""


def _check_sizes(folder: Path, meta: dict) -> None:
    """Every file of the generation has the size the writer recorded in ``meta.json``."""
    sizes = meta.get("sizes")
    if sizes is None:
        return  # written before sizes were recorded
    if not isinstance(sizes, dict):
        raise IndexLoadError("meta.json lists no file sizes")
    for name, size in sizes.items():
        if os.stat(folder / Path(name).name).st_size != size:
            raise IndexLoadError(f"{name} is not the size it was written with")


def _check_records(name: str, offsets: np.ndarray, data) -> None:
    """Offsets start at 0 and never go back, and the first and last records are JSON
    lines: a JSON Lines file and offsets that do not fit (swapped, damaged) fail here, not
    at query time. Only those two records are read, so loading stays fast at any size."""
    if int(offsets[0]) != 0 or (len(offsets) > 1 and not bool((np.diff(offsets) > 0).all())):
        raise ValueError(f"{name}: its offsets are not increasing")
    for a, b in ((0, 1), (len(offsets) - 2, len(offsets) - 1)) if len(offsets) > 1 else ():
        record = data[int(offsets[a]) : int(offsets[b])]
        if not record.endswith(b"\n") or not isinstance(json.loads(record), dict):
            raise ValueError(f"{name}: a record does not end where its offsets say")


_FACT_KEYS = {"role": str, "currency": str, "source": str, "line": int, "heading_path": list}


def _check_salaries(salaries) -> None:
    ok = isinstance(salaries, list) and all(
        isinstance(f, dict)
        and all(isinstance(f.get(k), t) for k, t in _FACT_KEYS.items())
        and all(f.get(k) is None or isinstance(f.get(k), (int, float)) for k in ("min", "max"))
        for f in salaries
    )
    if not ok:
        raise IndexLoadError("salaries.json is damaged")


def _check(p: Postings, n_passages: int, meta: dict) -> None:
    """Cheap consistency checks, so a damaged index is rebuilt rather than served."""
    v = len(p.vocab)
    if any(
        a.ndim != 1 for a in (p.df, p.ptr, p.docs, p.tfs, p.impacts, p.doc_len, p.seq, p.seq_ptr)
    ):
        raise IndexLoadError("arrays do not fit together")
    ok = (
        isinstance(p.vocab, list)
        and len(p.ptr) == v + 1
        and len(p.df) == v
        and p.ptr[0] == 0
        and int(p.ptr[-1]) == len(p.docs) == len(p.impacts) == len(p.tfs)
        and len(p.doc_len) == n_passages == meta.get("passages")
        and p.docs.dtype == np.int32
        and p.impacts.dtype == np.float32
        and len(p.seq_ptr) == n_passages + 1
        and int(p.seq_ptr[-1]) == len(p.seq)
        and len(p.file_ptr) == v + 1
        and int(p.file_ptr[-1]) == len(p.file_docs) == len(p.file_impacts)
        and len(p.file_starts) >= 1
        and (n_passages == 0 or int(p.file_starts[-1]) < n_passages)
    )
    if ok and len(p.docs):
        ok = int(p.docs.max()) < n_passages and int(p.docs.min()) >= 0
    if ok and len(p.file_docs):
        ok = int(p.file_docs.max()) < len(p.file_starts) and int(p.file_docs.min()) >= 0
    if ok:  # pointers never go back
        ok = (
            bool((np.diff(p.ptr) >= 0).all())
            and p.seq_ptr[0] == 0
            and bool((np.diff(p.seq_ptr) >= 0).all())
            and p.tfs.dtype == np.int32
            and p.ptr.dtype == np.int64
            and p.seq_ptr.dtype == np.int64
            and p.seq.dtype == np.int32
        )
    if not ok:
        raise IndexLoadError("arrays do not fit together")
