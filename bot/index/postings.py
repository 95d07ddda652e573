"""The postings of one generation, assembled with memory that does not grow with the corpus.

Passages come in corpus order: *fresh* ones, tokenized in this build, and runs of *kept*
ones, unchanged since the previous generation. Fresh postings and reading orders are
spilled to temporary files as they come (:class:`SpillFile`); kept ones stay where they
are in the previous generation until the end. Then the reading orders are written in
passage order, and the CSR postings are put in order, chunk by chunk
(:meth:`PostingsWriter.finish`):

* a full build scatters every posting into place by a counting sort;
* a reindex streams the previous generation's postings through, with the fresh ones
  dropped into their places, so that no posting array is held in memory.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from pathlib import Path

import numpy as np

from .format import Postings
from .impacts import file_postings, save_chunks, save_postings
from .terms import FIELD_BREAK

STEP = 1 << 18  # postings per chunk when assembling: temporaries stay a few MB


class SpillFile:
    """An int32 array written to a temporary file piece by piece, read back in chunks of
    STEP values."""

    dtype = np.dtype(np.int32)  # the values of array("i") below

    def __init__(self, path: Path):
        self.path = path
        self._fh = path.open("wb")
        self._buf = array("i")  # a file's values are small: written to disk in batches
        self.count = 0

    def write(self, values: np.ndarray) -> None:
        """Append ``values``: a file's are small, and are written with others in one go."""
        self._buf.frombytes(values.astype(self.dtype, copy=False).tobytes())
        self.count += len(values)
        if len(self._buf) >= STEP:
            self._flush()

    def _flush(self) -> None:
        self._buf.tofile(self._fh)
        del self._buf[:]

    def chunks(self) -> Iterator[np.ndarray]:
        self._flush()
        self._fh.flush()
        with self.path.open("rb") as fh:
            while len(chunk := np.fromfile(fh, dtype=self.dtype, count=STEP)):
                yield chunk

    def pieces(self, sizes: Iterable[int]) -> Iterator[np.ndarray]:
        """The values in order, in pieces of the given sizes."""
        self._flush()
        self._fh.flush()
        with self.path.open("rb") as fh:
            for size in sizes:
                yield np.fromfile(fh, dtype=self.dtype, count=size)

    def remove(self) -> None:
        self._fh.close()
        self.path.unlink(missing_ok=True)


class TermIds(dict[str, int]):
    """Term → writer id, filled as terms come: the previous generation's terms keep their
    ids (its vocabulary is sorted, so each is found by bisection, once), new terms are
    numbered after them. A reindex of one file looks up a few hundred terms, not the whole
    vocabulary. FIELD_BREAK is -1.
    """

    def __init__(self, vocab: list[str]):
        super().__init__()
        self.vocab = vocab
        self.n_prev = len(vocab)
        self[FIELD_BREAK] = -1

    def __missing__(self, term: str) -> int:
        i = bisect.bisect_left(self.vocab, term, 0, self.n_prev)
        if i == self.n_prev or self.vocab[i] != term:
            i = len(self.vocab)
            self.vocab.append(term)
        self[term] = i
        return i


class PostingsWriter:
    """The postings, lengths and reading orders of one generation, written into ``folder``
    from passages added in corpus order."""

    def __init__(self, folder: Path, prev: Postings | None):
        self.folder = folder
        self.prev = prev
        self.vocab: list[str] = list(prev.vocab) if prev is not None else []
        self._ids: TermIds | None = None
        self.same_vocab = False  # set by finish: the previous generation's, term for term
        self._moves: list[tuple[int, int, int]] = []  # kept passages: old a, old b, new a
        # fresh postings and reading orders in passage order, as writer term ids
        self._terms = SpillFile(folder / ".terms.tmp")
        self._docs = SpillFile(folder / ".docs.tmp")
        self._tfs = SpillFile(folder / ".tfs.tmp")
        self._seq = SpillFile(folder / ".seq.tmp")
        # every passage's reading order, in passage order: (kept, lo, hi), positions in the
        # previous generation's seq when kept, in the spill of fresh ones when not
        self._seq_parts: list[tuple[bool, int, int]] = []
        self._seq_lens = array("q")
        self._doc_lens = array("i")
        self._file_starts = array("q")  # first passage of each file that has passages
        self._file_folders = array("i")  # ... and its folder's number
        # fresh files whose postings are not counted yet: passage lengths and term ids
        self._batch: list[tuple[np.ndarray, np.ndarray]] = []
        self._batch_first = self._batch_next = 0  # the batch's first passage, and the next
        self._batch_tokens = 0

    def file_starts_at(self, first: int, folder: int) -> None:
        """A file with passages, in folder number ``folder``, starts at passage ``first``."""
        self._file_starts.append(first)
        self._file_folders.append(folder)

    def add(self, first: int, terms: list[tuple[list[str], list[str]]]) -> None:
        """Fresh passages ``first``, ``first + 1``, ...: each one's BM25 tokens and reading
        order (see :func:`bot.index.terms.bm25_tokens_and_reading_order`)."""
        if self._ids is None:
            self._ids = TermIds(self.vocab)
        # in C-level loops and numpy: 12M tokens in a large corpus, where a Counter per
        # passage and lists of ids took most of a full build's main process
        lookup = self._ids.__getitem__
        tokens = [t for t, _ in terms]
        reading = [r for _, r in terms]
        doc_lens = np.fromiter(map(len, tokens), np.int64, len(terms))
        ids = np.fromiter(map(lookup, chain.from_iterable(tokens)), np.int64, int(doc_lens.sum()))
        seq = np.fromiter(map(lookup, chain.from_iterable(reading)), np.int32, -1)
        if self._batch and first != self._batch_next:
            self._count_batch()  # passages kept between: a batch is one run of passages
        if not self._batch:
            self._batch_first = first
        self._batch.append((doc_lens, ids))
        self._batch_next = first + len(doc_lens)
        self._batch_tokens += len(ids)
        if self._batch_tokens >= STEP:
            self._count_batch()
        self._seq_lens.extend(map(len, reading))
        self._doc_lens.frombytes(doc_lens.astype(np.int32).tobytes())
        self._seq_part(False, self._seq.count, self._seq.count + len(seq))
        self._seq.write(seq)

    def _count_batch(self) -> None:
        """The postings of the files added since the last batch, a run of passages: one per
        term of a passage, with its count (the distinct (passage, term) keys; their order
        within a passage is free, as a passage holds a term once). Files come a few at a
        time, and numpy's cost per call added up to a large part of the work per file."""
        if not self._batch:
            return
        doc_lens = np.concatenate([lens for lens, _ in self._batch])
        ids = np.concatenate([ids for _, ids in self._batch])
        self._batch.clear()
        self._batch_tokens = 0
        n_words = max(len(self.vocab), 1)
        keys = np.repeat(np.arange(len(doc_lens), dtype=np.int64) * n_words, doc_lens) + ids
        keys, tfs = np.unique(keys, return_counts=True)
        docs, term_ids = np.divmod(keys, n_words)
        self._terms.write(term_ids)
        self._docs.write(docs + self._batch_first)
        self._tfs.write(tfs)

    def copy(self, a: int, b: int, first: int) -> None:
        """Passages ``a..b`` of the previous generation, kept, now from passage ``first``."""
        if self.prev is None:
            raise ValueError("no previous generation to keep passages of")
        pp = self.prev
        self._moves.append((a, b, first))
        self._seq_part(True, int(pp.seq_ptr[a]), int(pp.seq_ptr[b]))
        self._seq_lens.frombytes(np.diff(pp.seq_ptr[a : b + 1]).astype(np.int64).tobytes())
        self._doc_lens.frombytes(np.asarray(pp.doc_len[a:b], dtype=np.int32).tobytes())

    def _seq_part(self, kept: bool, lo: int, hi: int) -> None:
        """The next passages' reading orders are values ``lo..hi`` of the previous
        generation's seq (kept) or of the spill (fresh); joined to the last part when
        they follow it."""
        if hi == lo:
            return
        if self._seq_parts and self._seq_parts[-1][0] == kept and self._seq_parts[-1][2] == lo:
            lo = self._seq_parts.pop()[1]
        self._seq_parts.append((kept, lo, hi))

    def finish(
        self, n_passages: int, written: Callable[[], None] = lambda: None
    ) -> tuple[list[str], dict[str, np.ndarray]]:
        """Write ``docs``, ``tfs``, ``impacts`` and ``seq``, chunk by chunk; return the
        sorted vocabulary and the small arrays, to be saved by the caller. ``written`` is
        called when the first three are complete, and no other file is open.

        The vocabulary is stored sorted, without terms that no passage uses any more, so
        every term id is mapped through a rank. Within a term, postings are in passage
        order: fresh ones arrive in passage order, kept ones come in that order from the
        previous generation (kept files keep their relative order).
        """
        self._count_batch()
        self._ids = None
        try:
            return self._assemble(n_passages, written)
        finally:
            for spill in (self._terms, self._docs, self._tfs, self._seq):
                spill.remove()

    def _assemble(
        self, n_passages: int, written: Callable[[], None]
    ) -> tuple[list[str], dict[str, np.ndarray]]:
        remap = self._remap()
        rank, ptr_w, df = self._sorted_vocabulary(self._document_frequencies(remap))
        ptr = np.zeros(len(df) + 1, dtype=np.int64)
        np.cumsum(df, out=ptr[1:])
        if remap is not None:
            chunks = self._merged(remap, rank, ptr_w)
        else:
            chunks = self._scattered(ptr_w, int(ptr[-1]))
        doc_len = np.frombuffer(self._doc_lens, dtype=np.int32).copy()
        save_postings(self.folder, chunks, df, ptr, doc_len)
        written()
        file_starts, file_folders = (
            (
                np.frombuffer(self._file_starts, dtype=np.int64).copy(),
                np.frombuffer(self._file_folders, dtype=np.int32).copy(),
            )
            if len(self._file_starts)
            else (np.zeros(1, np.int64), np.zeros(1, np.int32))
        )
        file_arrays = file_postings(self.folder, ptr, doc_len, file_starts, STEP)
        seq_ptr = np.zeros(n_passages + 1, dtype=np.int64)
        np.cumsum(np.frombuffer(self._seq_lens, dtype=np.int64), out=seq_ptr[1:])
        save_chunks(self.folder / "seq.npy", np.int32, int(seq_ptr[-1]), self._seq_chunks(rank))
        return self.vocab, {
            "df": df.astype(np.int32),
            "ptr": ptr,
            "doc_len": doc_len,
            "seq_ptr": seq_ptr,
            "file_starts": file_starts,
            "file_folders": file_folders,
            **file_arrays,
        }

    def _seq_chunks(self, rank: np.ndarray) -> Iterator[np.ndarray]:
        """Every passage's reading order, in passage order, as stored term ids, in chunks
        of at most STEP: fresh ones read back from their spill, kept ones straight from
        the previous generation, unmapped when its terms keep their ids."""
        pieces = [
            (kept, a, min(a + STEP, hi))
            for kept, lo, hi in self._seq_parts
            for a in range(lo, hi, STEP)
        ]
        fresh = self._seq.pieces(b - a for kept, a, b in pieces if not kept)
        n_prev = len(self.prev.vocab) if self.prev is not None else 0
        same_ids = np.array_equal(rank[:n_prev], np.arange(n_prev))
        for kept, a, b in pieces:
            if not kept:
                yield rank.take(next(fresh))
            elif self.prev is None:
                raise ValueError("no previous generation to keep reading orders of")
            else:
                chunk = self.prev.seq[a:b]
                yield chunk if same_ids else rank.take(chunk)

    def _document_frequencies(self, remap: np.ndarray | None) -> np.ndarray:
        """Passages per writer term id, fresh and kept: the kept ones are the previous
        generation's postings less those of passages that are gone."""
        n_words = len(self.vocab)
        df = np.zeros(n_words, np.int64)
        for chunk in self._terms.chunks():
            df += np.bincount(chunk, minlength=n_words)
        if remap is not None and self.prev is not None:
            n_prev = len(self.prev.vocab)
            df[:n_prev] += np.diff(self.prev.ptr)
            for terms in _gone_terms(self.prev, remap):
                df[:n_prev] -= np.bincount(terms, minlength=n_prev)
        return df

    def _sorted_vocabulary(self, df: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Sort the used terms (``self.vocab`` becomes the stored vocabulary). Returns each
        writer term id's rank in it (-1 for FIELD_BREAK, in an extra last slot), where each
        writer term id's postings start, and the document frequencies in stored order."""
        n_words = len(self.vocab)
        ids = self._sorted_ids(np.flatnonzero(df))
        rank = np.full(n_words + 1, -1, dtype=np.int32)  # the extra slot maps -1 to -1
        rank[ids] = np.arange(len(ids), dtype=np.int32)
        n_prev = len(self.prev.vocab) if self.prev is not None else -1
        if len(ids) != n_words or not np.array_equal(ids, np.arange(n_words)):
            self.vocab = [self.vocab[i] for i in ids.tolist()]
        else:
            self.same_vocab = n_words == n_prev
        ptr_w = np.zeros(n_words + 1, dtype=np.int64)
        ptr_w[ids] = np.cumsum(df[ids]) - df[ids]
        return rank, ptr_w, df[ids]

    def _sorted_ids(self, used: np.ndarray) -> np.ndarray:
        """The writer ids of the ``used`` terms, sorted by term. The previous generation's
        terms come sorted: only the new ones are sorted, then merged in by bisection."""
        n_prev = len(self.prev.vocab) if self.prev is not None else 0
        old, new = used[used < n_prev], used[used >= n_prev].tolist()
        new.sort(key=self.vocab.__getitem__)
        if not len(old):  # a full build
            return np.array(new, dtype=used.dtype)
        # a new term goes before the first used previous term that sorts after it
        below = [bisect.bisect_left(self.vocab, self.vocab[i], 0, n_prev) for i in new]
        at = np.searchsorted(old, np.array(below, dtype=np.int64))
        return np.insert(old, at, np.array(new, dtype=old.dtype))

    def _remap(self) -> np.ndarray | None:
        """Previous passage id → new passage id (-1: gone), when files were kept."""
        if not self._moves or self.prev is None:
            return None
        remap = np.full(len(self.prev.doc_len), -1, dtype=np.int32)
        for a, b, new in self._moves:
            remap[a:b] = np.arange(new, new + b - a, dtype=np.int32)
        return remap

    def _merged(
        self, remap: np.ndarray, rank: np.ndarray, ptr_w: np.ndarray
    ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Output chunks of (passages, tfs): each chunk of the previous postings, less
        those of passages that are gone, with the fresh ones that fall among them dropped
        into their places. Memory holds one chunk and the fresh ones."""
        if self.prev is None:
            raise ValueError("no previous generation to merge with")
        pp = self.prev
        terms, docs, tfs = (
            np.concatenate([np.zeros(0, np.int32), *spill.chunks()])
            for spill in (self._terms, self._docs, self._tfs)
        )
        by = _stable_argsort(rank.take(terms))  # passages stay in order within a term
        terms, docs, tfs = terms.take(by), docs.take(by), tfs.take(by)
        pos = ptr_w.take(terms) + _rank_in_runs(terms)  # after fresh postings of the same term
        starts = (
            np.flatnonzero(np.concatenate(([True], terms[1:] != terms[:-1])))
            if len(terms)
            else terms
        )
        for a, b in zip(starts.tolist(), [*starts[1:].tolist(), len(terms)]):
            t = int(terms[a])
            if t < len(pp.vocab):  # ... and after kept postings of the same term, lower passage
                kept = remap.take(pp.docs[pp.ptr[t] : pp.ptr[t + 1]])
                pos[a:b] += np.searchsorted(kept[kept >= 0], docs[a:b])
        before = pos - np.arange(len(pos))  # kept postings before each fresh one
        placed = passed = 0  # fresh postings placed, kept postings gone through
        for kept_docs, kept_tfs in _kept_postings(pp, remap):
            a, b = placed, int(np.searchsorted(before, passed + len(kept_docs)))
            if b > a:  # the fresh postings before the next chunk's first kept one
                at = before[a:b] - passed
                kept_docs, kept_tfs = (
                    np.insert(kept_docs, at, docs[a:b]),
                    np.insert(kept_tfs, at, tfs[a:b]),
                )
            passed += len(kept_docs) - (b - a)
            placed = b
            if len(kept_docs):
                yield kept_docs, kept_tfs
        if placed < len(docs):  # after the last kept posting
            yield docs[placed:], tfs[placed:]

    def _scattered(self, ptr_w: np.ndarray, total: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Output chunks of (passages, tfs) from arrays every fresh posting is scattered
        into by a counting sort: a full build, where the postings arrive in passage order."""
        n_words = len(ptr_w) - 1
        docs_out = np.empty(total, dtype=np.int32)
        tfs_out = np.empty(total, dtype=np.int32)
        placed = np.zeros(n_words, dtype=np.int64)  # postings placed so far, per term
        for terms, docs, tfs in zip(self._terms.chunks(), self._docs.chunks(), self._tfs.chunks()):
            by = _stable_argsort(terms)  # by term, passages still in order
            terms, docs, tfs = terms.take(by), docs.take(by), tfs.take(by)
            del by
            pos = ptr_w.take(terms) + placed.take(terms) + _rank_in_runs(terms)
            placed += np.bincount(terms, minlength=n_words)
            docs_out[pos] = docs
            tfs_out[pos] = tfs
        for lo in range(0, total, STEP):
            yield docs_out[lo : lo + STEP], tfs_out[lo : lo + STEP]


def _kept_slices(pp: Postings, remap: np.ndarray) -> Iterator[tuple[int, int, np.ndarray]]:
    """The previous generation's postings in chunks: where each chunk is, and the new
    passage id of each of its postings (-1: the passage is gone)."""
    for lo in range(0, len(pp.docs), STEP):
        hi = min(lo + STEP, len(pp.docs))
        yield lo, hi, remap.take(pp.docs[lo:hi])  # take: twice as fast as remap[...]


def _kept_postings(pp: Postings, remap: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """The previous generation's postings of kept passages, in its order, in chunks: new
    passage ids and tfs."""
    for lo, hi, docs in _kept_slices(pp, remap):
        keep = docs >= 0
        if keep.all():
            yield docs, pp.tfs[lo:hi]
        else:
            yield docs[keep], pp.tfs[lo:hi][keep]


def _gone_terms(pp: Postings, remap: np.ndarray) -> Iterator[np.ndarray]:
    """The term ids (of the previous generation) of its postings of passages that are
    gone, in chunks: the postings _kept_postings leaves out."""
    for lo, _, docs in _kept_slices(pp, remap):
        gone = np.flatnonzero(docs < 0)
        if len(gone):
            yield np.searchsorted(pp.ptr, gone + lo, side="right") - 1


def _stable_argsort(values: np.ndarray) -> np.ndarray:
    """``np.argsort(values, kind="stable")`` for values in [0, 2**31) (term ids or their
    ranks), by an unstable sort of int64 keys that carry each value's position below it:
    about three times faster on a chunk of STEP term ids than numpy's stable sort of int32."""
    shift = max(len(values) - 1, 1).bit_length()
    if shift > 31:  # no room for the positions: never with chunks of STEP
        return np.argsort(values, kind="stable")
    keys = (values.astype(np.int64) << shift) | np.arange(len(values), dtype=np.int64)
    keys.sort()
    return keys & ((1 << shift) - 1)


def _rank_in_runs(sorted_values: np.ndarray) -> np.ndarray:
    """For each element, how many equal elements come before it (the values are sorted)."""
    n = len(sorted_values)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.concatenate(([True], sorted_values[1:] != sorted_values[:-1])))
    return np.arange(n) - np.repeat(starts, np.diff(np.append(starts, n)))
