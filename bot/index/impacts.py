"""The BM25 formula, and the impacts it gives: each posting's contribution to a score,
computed once at build time and written chunk by chunk into ``.npy`` files, for passages
and for whole files, so that a query only adds impacts up.

An impact is rank-bm25's ``BM25Okapi`` contribution of a term to a document with Lucene's
IDF (:func:`lucene_idf`); :class:`LuceneBM25` is that formula as rank-bm25 computes it,
the reference tests and benchmarks compare the impacts with.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import IO, overload

import numpy as np
from numpy.typing import DTypeLike
from rank_bm25 import BM25Okapi

K1 = 1.5
B = 0.75  # length normalisation of passages
FILE_B = 1.0  # length normalisation of whole files: see file_postings


class LuceneBM25(BM25Okapi):  # type: ignore[misc]  # rank_bm25 has no type hints
    """rank-bm25's Okapi BM25 with Lucene's smoothed IDF: ``log(1 + (N - n + 0.5) / (n + 0.5))``.

    Plain ``BM25Okapi`` gives a term found in exactly half the documents an IDF of 0 and
    patches negative IDFs with ``epsilon * average_idf`` (its issues #29, #39 and #43), so a
    tiny corpus can score everything 0 and a common word can outrank a rare one. Lucene's IDF
    is always positive and falls monotonically with document frequency, which is what
    ranking needs. This class is the reference the impact arrays are tested against.
    """

    def _calc_idf(self, nd: dict[str, int]) -> None:
        for word, freq in nd.items():
            self.idf[word] = lucene_idf(self.corpus_size, freq)


@overload
def lucene_idf(n_docs: int, df: float) -> float: ...
@overload
def lucene_idf(n_docs: int, df: np.ndarray) -> np.ndarray: ...
def lucene_idf(n_docs: int, df: float | np.ndarray) -> float | np.ndarray:
    """Lucene's IDF of a term found in ``df`` of ``n_docs`` documents (or of each of an
    array of document frequencies)."""
    if isinstance(df, np.ndarray):
        idf: np.ndarray = np.log1p((n_docs - df + 0.5) / (df + 0.5))
        return idf
    return math.log1p((n_docs - df + 0.5) / (df + 0.5))


def terms_of_postings(ptr: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """The term id (int64) of each posting ``lo..hi`` of a CSR ``ptr``."""
    first, last, counts = _term_runs(ptr, lo, hi)
    return np.repeat(np.arange(first, last + 1, dtype=np.int64), counts)


def per_posting(values: np.ndarray, ptr: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """``values[t]`` for each posting ``lo..hi`` of a CSR ``ptr``, ``t`` its term: what
    ``values.take(terms_of_postings(ptr, lo, hi))`` gives, in one pass, not two."""
    first, last, counts = _term_runs(ptr, lo, hi)
    return np.repeat(values[first : last + 1], counts)


def _term_runs(ptr: np.ndarray, lo: int, hi: int) -> tuple[int, int, np.ndarray]:
    """The first and last terms of postings ``lo..hi``, and how many of them each one's
    from first to last holds."""
    first = int(np.searchsorted(ptr, lo, side="right")) - 1
    last = int(np.searchsorted(ptr, hi - 1, side="right")) - 1
    return first, last, np.diff(np.clip(ptr[first : last + 2], lo, hi))


def write_header(fh: IO[bytes], dtype: DTypeLike, count: int) -> None:
    """The header of a one-dimensional ``.npy`` file of ``count`` values; they follow."""
    np.lib.format.write_array_header_1_0(
        fh,
        {
            "descr": np.lib.format.dtype_to_descr(np.dtype(dtype)),
            "fortran_order": False,
            "shape": (count,),
        },
    )


def save_chunks(path: Path, dtype: DTypeLike, count: int, chunks: Iterator[np.ndarray]) -> None:
    """A ``.npy`` file of ``count`` values, written chunk by chunk as they are computed."""
    with path.open("wb") as fh:
        write_header(fh, dtype, count)
        for chunk in chunks:
            chunk.astype(dtype, copy=False).tofile(fh)


def save_postings(
    folder: Path,
    chunks: Iterator[tuple[np.ndarray, np.ndarray]],
    df: np.ndarray,
    ptr: np.ndarray,
    doc_len: np.ndarray,
) -> None:
    """``docs.npy``, ``tfs.npy`` and ``impacts.npy`` from chunks of (passages, tfs) in CSR
    order. An impact is rank-bm25's BM25Okapi contribution of a posting, with Lucene's IDF."""
    total = int(ptr[-1])
    n_docs = len(doc_len)
    avgdl = float(doc_len.sum()) / max(n_docs, 1) or 1.0
    idf = lucene_idf(n_docs, df.astype(np.float64))
    norm = K1 * (1 - B + B * doc_len.astype(np.float64) / avgdl)  # per passage
    names = (("docs", np.int32), ("tfs", np.int32), ("impacts", np.float32))
    files = [(folder / f"{name}.npy").open("wb") for name, _ in names]
    try:
        for fh, (_, dtype) in zip(files, names):
            write_header(fh, dtype, total)
        lo = 0
        for docs, tfs in chunks:
            hi = lo + len(docs)
            impacts = _impacts(per_posting(idf, ptr, lo, hi), tfs, norm.take(docs))
            for fh, values, (_, dtype) in zip(files, (docs, tfs, impacts), names):
                values.astype(dtype, copy=False).tofile(fh)
            lo = hi
        if lo != total:
            raise AssertionError(f"postings written: {lo} of {total}")
    finally:
        for fh in files:
            fh.close()


def _impacts(idf: np.ndarray, tfs: np.ndarray, norm: np.ndarray) -> np.ndarray:
    """``idf * tf * (K1 + 1) / (tf + norm)`` per posting, from each one's IDF, term
    frequency and length norm (float64 arrays ``idf`` and ``norm`` are overwritten), in
    place: the same operations in the same order, so the same values to the last bit,
    without a new array for each step (a third of a reindex's impacts time)."""
    tf = tfs.astype(np.float64, copy=False)
    idf *= tf
    idf *= K1 + 1
    norm += tf
    idf /= norm
    return idf


def file_postings(
    folder: Path, ptr: np.ndarray, doc_len: np.ndarray, file_starts: np.ndarray, step: int
) -> dict[str, np.ndarray]:
    """Impact postings of whole files, from the passage postings just written, read in
    chunks of about ``step`` postings.

    A file is scored as one document holding all its passages' terms: term frequencies add
    up, its length is the sum of its passages' lengths. Every passage repeats the file's
    title and description, so a long file's counts grow with its length more than a
    document's would: its length counts in full (``FILE_B``).

    Lengths are measured against the median file's: with a few huge references (the mean
    file is four times the median on ``../shared/corpora``), against the mean nearly every
    page is short and a word counts about once, however often the page uses it.

    Within a term, passages are sorted, so their files come in runs. Chunks end on term
    boundaries, so a term's files, and so its document frequency, are all in one chunk:
    impacts are computed chunk by chunk.
    """
    docs_all = np.load(folder / "docs.npy", mmap_mode="r", allow_pickle=False)
    tfs_all = np.load(folder / "tfs.npy", mmap_mode="r", allow_pickle=False)
    n_files = len(file_starts)
    file_len = (
        np.add.reduceat(doc_len.astype(np.float64), file_starts)
        if len(doc_len)
        else np.zeros(n_files)
    )
    typical = (float(np.median(file_len)) if n_files else 0.0) or 1.0
    norm = K1 * (1 - FILE_B + FILE_B * file_len / typical)
    bounds = np.append(file_starts, len(doc_len)) if len(doc_len) else np.zeros(2, np.int64)
    file_of = np.repeat(np.arange(n_files, dtype=np.int32), np.diff(bounds))  # passage → file
    counts = np.zeros(len(ptr) - 1, dtype=np.int64)
    files_out: list[np.ndarray] = []
    impacts_out: list[np.ndarray] = []
    lo, total = 0, int(ptr[-1])
    while lo < total:
        hi = int(ptr[min(int(np.searchsorted(ptr, lo + step)), len(ptr) - 1)])  # a term boundary
        terms = terms_of_postings(ptr, lo, hi)
        files = file_of.take(np.asarray(docs_all[lo:hi]))
        at = np.flatnonzero(
            np.concatenate(([True], (terms[1:] != terms[:-1]) | (files[1:] != files[:-1])))
        )
        terms, files = terms.take(at), files.take(at)
        tf = np.add.reduceat(np.asarray(tfs_all[lo:hi], dtype=np.float64), at)
        first, last = int(terms[0]), int(terms[-1])
        per_term = np.bincount(terms - first, minlength=last - first + 1)
        counts[first : last + 1] = per_term
        idf = lucene_idf(n_files, per_term.astype(np.float64)).take(terms - first)
        impacts_out.append(_impacts(idf, tf, norm.take(files)).astype(np.float32))
        files_out.append(files.astype(np.int32))
        lo = hi
    del docs_all, tfs_all
    file_ptr = np.zeros(len(ptr), dtype=np.int64)
    np.cumsum(counts, out=file_ptr[1:])
    return {
        "file_ptr": file_ptr,
        "file_docs": np.concatenate(files_out) if files_out else np.zeros(0, np.int32),
        "file_impacts": np.concatenate(impacts_out) if impacts_out else np.zeros(0, np.float32),
    }
