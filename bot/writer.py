"""Writing an index generation file by file, with memory that does not grow with the corpus.

A build feeds the files of the corpus in order to an :class:`IndexWriter`: *fresh* files,
parsed in this build (:class:`Fresh`, made in worker processes), and *kept* files, unchanged
since the previous index (:meth:`IndexWriter.keep`). Records (passages, sections) go straight to disk:
a fresh file's as JSON lines encoded by its worker, a run of kept files' copied byte for
byte from the previous generation. Postings and term sequences are spilled to temporary
files as they come. When the last file is in, the CSR postings are assembled by a counting
sort in chunks, corpus-wide statistics (IDF, average length) and every impact are computed,
and the arrays and metadata are written, ``meta.json`` last.
"""

from __future__ import annotations

import bisect
import json
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .index import (
    ANCESTOR_WEIGHT,
    HEADING_WEIGHT,
    K1,
    PARENT_WEIGHT,
    SCHEMA_VERSION,
    SEP,
    B,
    JsonlStore,
    Postings,
    SearchIndex,
    lucene_idf,
    passage_record,
    passage_terms,
)
from .sections import Document


def _line(record: dict) -> bytes:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


@dataclass(slots=True)
class Fresh:
    """A file parsed in this build, ready to write: records, terms and salary facts."""

    source: str
    title: str | None
    passages: list[bytes]  # JSON lines
    sections: list[bytes]
    headings: list[str]  # "source: heading path" of each headed section, for the diff
    terms: list[tuple[list[str], list[str]]]  # passage_terms of each passage
    facts: list[dict]

    @classmethod
    def of(cls, doc: Document) -> Fresh:
        """Encode, tokenize and extract: the CPU work of a file, done in a worker process."""
        from .salary import extract_salaries  # local: salary depends on sections only

        return cls(
            doc.source,
            doc.title,
            [_line(passage_record(p)) for p in doc.passages],
            [_line(passage_record(s)) for s in doc.sections],
            [f"{s.source}: {' > '.join(s.heading_path)}" for s in doc.sections if s.heading_path],
            [passage_terms(p) for p in doc.passages],
            [f.to_dict() for f in extract_salaries(doc.sections)],
        )


class RecordWriter:
    """A JSON Lines file and its offsets array (see :class:`bot.index.JsonlStore`)."""

    def __init__(self, path: Path):
        self.path = path
        self._fh = path.open("wb", buffering=0)  # unbuffered: copy_file_range writes too
        self._offsets = array("q", [0])  # where each record ends, after a leading 0
        self.count = 0

    def write(self, lines: list[bytes]) -> None:
        if lines:
            self._fh.write(b"".join(lines))
            pos = self._offsets[-1]
            for line in lines:
                pos += len(line)
                self._offsets.append(pos)
            self.count += len(lines)

    def copy(self, store: JsonlStore, a: int, b: int) -> None:
        if b > a:
            rel = store.copy_to(self._fh.fileno(), a, b)
            self._offsets.frombytes((rel.astype(np.int64) + self._offsets[-1]).tobytes())
            self.count += b - a

    def close(self) -> None:
        self._fh.close()
        np.save(
            self.path.with_suffix(".offsets.npy"),
            np.frombuffer(self._offsets, dtype=np.int64),
            allow_pickle=False,
        )


@dataclass(slots=True)
class _KeptRun:
    """Kept files that were neighbours in the previous index: copied in one go."""

    passages: list[int]  # [a, b]
    sections: list[int]
    sources: list[str] = field(default_factory=list)


STEP = 1 << 18  # postings per chunk when assembling: temporaries stay a few MB
FILE_B = 1.0  # length normalisation of whole files (passages use B): see _file_postings


class _Spill:
    """An integer array written to a temporary file piece by piece, read back in chunks.

    Postings and term sequences go through these during a build, so that the build's
    memory does not grow with the corpus.
    """

    dtype = np.dtype(np.int32)  # the values of array("i") below

    def __init__(self, path: Path):
        self.path = path
        self._fh = path.open("wb")
        self._buf = array("i")  # a file's values are small: written to disk in batches
        self.count = 0

    def write(self, values: Iterable[int] | np.ndarray) -> None:
        if isinstance(values, np.ndarray):  # a run of kept passages: straight to disk
            self._flush()
            values.astype(self.dtype, copy=False).tofile(self._fh)
            self.count += len(values)
            return
        n = len(self._buf)
        self._buf.extend(values)
        self.count += len(self._buf) - n
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

    def remove(self) -> None:
        self._fh.close()
        self.path.unlink(missing_ok=True)


class _TermIds(dict):
    """Term → writer id, filled as terms come: the previous index's terms keep their ids
    (its vocabulary is sorted, so each is found by bisection, once), new terms are numbered
    after them. A reindex of one file looks up a few hundred terms, not the whole vocabulary.
    """

    def __init__(self, vocab: list[str]):
        super().__init__()
        self.vocab = vocab
        self.n_prev = len(vocab)
        self[SEP] = -1  # the field separator of term sequences

    def __missing__(self, term: str) -> int:
        i = bisect.bisect_left(self.vocab, term, 0, self.n_prev)
        if i == self.n_prev or self.vocab[i] != term:
            i = len(self.vocab)
            self.vocab.append(term)
        self[term] = i
        return i


class IndexWriter:
    """Builds one index generation in ``folder`` from files added in corpus order."""

    def __init__(self, folder: Path, prev: SearchIndex | None):
        self.folder = folder
        self.prev = prev
        self.vocab: list[str] = list(prev.postings.vocab) if prev is not None else []
        self._ids: _TermIds | None = None
        self.passages = RecordWriter(folder / "passages.jsonl")
        self.sections = RecordWriter(folder / "sections.jsonl")
        self.salaries: list[dict] = []
        self._prev_facts: dict[str, list[dict]] = {}
        for fact in prev.salaries if prev is not None else ():
            self._prev_facts.setdefault(fact["source"], []).append(fact)
        self._run: _KeptRun | None = None
        self._moves: list[tuple[int, int, int]] = []  # kept passages: old a, old b, new a
        # fresh postings in passage order, as writer term ids (self.vocab), and every
        # passage's term sequence (kept ones copied from the previous index)
        self._terms = _Spill(folder / ".terms.tmp")
        self._docs = _Spill(folder / ".docs.tmp")
        self._tfs = _Spill(folder / ".tfs.tmp")
        self._seq = _Spill(folder / ".seq.tmp")
        self._seq_lens = array("q")
        self._doc_lens = array("i")
        self._file_starts = array("q")  # first passage of each file that has passages

    @property
    def n_passages(self) -> int:
        return self.passages.count + (
            self._run.passages[1] - self._run.passages[0] if self._run else 0
        )

    def add(self, part: Fresh) -> int:
        """Write a file parsed in this build; returns its first passage's id."""
        self._flush_run()
        start = self.passages.count
        self._add_fresh(part)
        if self.passages.count > start:
            self._file_starts.append(start)
        return start

    def keep(self, source: str, passages: Sequence[int], sections: Sequence[int]) -> int:
        """Take a file unchanged since the previous index, by its passage and section ranges
        there; returns its first passage's id here. Neighbours there are copied in one go."""
        start = self.n_passages
        if passages[1] > passages[0]:
            self._file_starts.append(start)
        run = self._run
        if run is not None and run.passages[1] == passages[0] and run.sections[1] == sections[0]:
            run.passages[1], run.sections[1] = passages[1], sections[1]
            run.sources.append(source)
        else:
            self._flush_run()
            self._run = _KeptRun(list(passages), list(sections), [source])
        return start

    def _flush_run(self) -> None:
        run, self._run = self._run, None
        if run is None:
            return
        assert self.prev is not None
        (a, b), pp = run.passages, self.prev.postings
        self._moves.append((a, b, self.passages.count))
        self._seq.write(pp.seq[pp.seq_ptr[a] : pp.seq_ptr[b]])
        self._seq_lens.frombytes(np.diff(pp.seq_ptr[a : b + 1]).astype(np.int64).tobytes())
        self._doc_lens.frombytes(np.asarray(pp.doc_len[a:b], dtype=np.int32).tobytes())
        self.passages.copy(self.prev._passages, a, b)
        self.sections.copy(self.prev._sections, *run.sections)
        for source in run.sources:
            self.salaries.extend(self._prev_facts.get(source, []))

    def _add_fresh(self, part: Fresh) -> None:
        if self._ids is None:
            self._ids = _TermIds(self.vocab)
        ids = self._ids
        d0 = self.passages.count
        terms: list[int] = []
        docs: list[int] = []
        tfs: list[int] = []
        seq: list[int] = []
        lookup = ids.__getitem__  # C-level loops below: 6M tokens in a large corpus
        for n, (tokens, reading) in enumerate(part.terms):
            counts = Counter(tokens)
            terms.extend(map(lookup, counts))
            tfs.extend(counts.values())
            docs.extend([d0 + n] * len(counts))
            seq.extend(map(lookup, reading))
            self._seq_lens.append(len(reading))
            self._doc_lens.append(len(tokens))
        self._terms.write(terms)
        self._docs.write(docs)
        self._tfs.write(tfs)
        self._seq.write(seq)
        self.passages.write(part.passages)
        self.sections.write(part.sections)
        self.salaries.extend(part.facts)

    def finish(self, meta: dict) -> dict:
        """Compute the postings and write everything; ``meta.json`` last. Returns the meta."""
        self._flush_run()
        self.passages.close()
        self.sections.close()
        self._ids = None
        try:
            postings = self._assemble()
        finally:
            for spill in (self._terms, self._docs, self._tfs, self._seq):
                spill.remove()
        for name, array_ in postings.items():
            np.save(self.folder / f"{name}.npy", array_, allow_pickle=False)
        del postings
        (self.folder / "vocab.json").write_text(json.dumps(self.vocab, ensure_ascii=False), "utf-8")
        (self.folder / "salaries.json").write_text(
            json.dumps(self.salaries, ensure_ascii=False), "utf-8"
        )
        files = meta.get("files", {})
        (self.folder / "files.json").write_text(
            json.dumps(files, ensure_ascii=False, separators=(",", ":")), "utf-8"
        )
        meta = {k: v for k, v in meta.items() if k != "files"}
        # every file's size, checked on load: damage that changes a size is never served
        sizes = {
            f.name: f.stat().st_size
            for f in sorted(self.folder.iterdir())
            if f.is_file() and not f.name.startswith(".")
        }
        meta.update(
            schema=SCHEMA_VERSION,
            passages=self.passages.count,
            sections=self.sections.count,
            sizes=sizes,
            terms=len(self.vocab),
            k1=K1,
            b=B,
            file_b=FILE_B,
            heading_weight=HEADING_WEIGHT,
            parent_weight=PARENT_WEIGHT,
            ancestor_weight=ANCESTOR_WEIGHT,
        )
        # meta.json last: a folder without it is incomplete and never loaded
        (self.folder / "meta.json").write_text(
            json.dumps(meta, ensure_ascii=False, indent=1), "utf-8"
        )
        return meta

    def _assemble(self) -> dict[str, np.ndarray]:
        """The CSR impact postings, and the term sequences.

        ``docs``, ``tfs``, ``impacts`` and ``seq`` are written here, chunk by chunk; the
        small arrays are returned, to be saved.

        The vocabulary is stored sorted, without terms that no passage uses any more, so
        every term id is mapped through ``rank``. Within a term, postings are in passage
        order: fresh ones arrive in passage order, kept ones come in that order from the
        previous index (kept files keep their relative order). So:

        * a reindex streams the previous postings through, chunk by chunk, with the fresh
          ones dropped into their places (:meth:`_merged`);
        * a full build scatters every posting into output arrays by a counting sort
          (:meth:`_scattered`).
        """
        n, n_words = self.passages.count, len(self.vocab)
        df = np.zeros(n_words, np.int64)
        for chunk in self._terms.chunks():
            df += np.bincount(chunk, minlength=n_words)
        remap = self._remap()
        if remap is not None:
            pp = self.prev.postings
            for _, _, terms in _kept_chunks(pp, remap, with_terms=True):
                df[: len(pp.vocab)] += np.bincount(terms, minlength=len(pp.vocab))
        used = np.flatnonzero(df)
        names = [self.vocab[i] for i in used]
        # Python's sort is adaptive: the previous vocabulary comes sorted, new terms after it
        order = np.array(sorted(range(len(names)), key=names.__getitem__), dtype=np.intp)
        rank = np.full(n_words + 1, -1, dtype=np.int32)  # the extra slot maps -1 (SEP) to -1
        rank[used[order]] = np.arange(len(names), dtype=np.int32)
        self.vocab = [names[i] for i in order]
        ptr_w = np.zeros(n_words + 1, dtype=np.int64)  # where each writer term id's postings start
        ptr_w[used[order]] = np.cumsum(df[used[order]]) - df[used[order]]
        df = df[used[order]]
        ptr = np.zeros(len(df) + 1, dtype=np.int64)
        np.cumsum(df, out=ptr[1:])
        if remap is not None:
            chunks = self._merged(remap, rank, ptr_w, int(ptr[-1]))
        else:
            chunks = self._scattered(ptr_w, int(ptr[-1]))
        doc_len = np.frombuffer(self._doc_lens, dtype=np.int32).copy()
        _save_postings(self.folder, chunks, df, ptr, doc_len)
        file_starts = (
            np.frombuffer(self._file_starts, dtype=np.int64).copy()
            if len(self._file_starts)
            else np.zeros(1, np.int64)
        )
        file_arrays = _file_postings(self.folder, ptr, doc_len, file_starts)
        seq_ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.frombuffer(self._seq_lens, dtype=np.int64), out=seq_ptr[1:])
        _save_chunks(
            self.folder / "seq.npy",
            np.int32,
            self._seq.count,
            (rank[chunk] for chunk in self._seq.chunks()),
        )
        return {
            "df": df.astype(np.int32),
            "ptr": ptr,
            "doc_len": doc_len,
            "seq_ptr": seq_ptr,
            "file_starts": file_starts,
            **file_arrays,
        }

    def _remap(self) -> np.ndarray | None:
        """Previous passage id → new passage id (-1: gone), when files were kept."""
        if not self._moves:
            return None
        remap = np.full(len(self.prev.postings.doc_len), -1, dtype=np.int32)
        for a, b, new in self._moves:
            remap[a:b] = np.arange(new, new + b - a, dtype=np.int32)
        return remap

    def _merged(
        self, remap: np.ndarray, rank: np.ndarray, ptr_w: np.ndarray, total: int
    ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Output chunks of (passages, tfs): the previous postings streamed through, the
        fresh ones dropped into their places. Memory holds one chunk and the fresh ones."""
        pp = self.prev.postings
        terms, docs, tfs = (
            np.concatenate([np.zeros(0, np.int32), *spill.chunks()])
            for spill in (self._terms, self._docs, self._tfs)
        )
        by = np.argsort(rank[terms], kind="stable")  # passages stay in order within a term
        terms, docs, tfs = terms[by], docs[by], tfs[by]
        pos = ptr_w[terms] + _rank_in_runs(terms)  # after fresh postings of the same term
        starts = (
            np.flatnonzero(np.concatenate(([True], terms[1:] != terms[:-1])))
            if len(terms)
            else terms
        )
        for a, b in zip(starts.tolist(), [*starts[1:].tolist(), len(terms)]):
            t = int(terms[a])
            if t < len(pp.vocab):  # ... and after kept postings of the same term, lower passage
                kept = remap[pp.docs[pp.ptr[t] : pp.ptr[t + 1]]]
                pos[a:b] += np.searchsorted(kept[kept >= 0], docs[a:b])
        kept = _Taker(_kept_chunks(pp, remap))
        for lo in range(0, total, STEP):
            hi = min(lo + STEP, total)
            a, b = np.searchsorted(pos, [lo, hi])
            out_docs, out_tfs = kept.take(hi - lo - (b - a))
            if b > a:
                fresh = np.zeros(hi - lo, dtype=bool)
                fresh[pos[a:b] - lo] = True
                merged_docs, merged_tfs = np.empty(hi - lo, np.int32), np.empty(hi - lo, np.int32)
                merged_docs[fresh], merged_tfs[fresh] = docs[a:b], tfs[a:b]
                np.logical_not(fresh, out=fresh)
                merged_docs[fresh], merged_tfs[fresh] = out_docs, out_tfs
                out_docs, out_tfs = merged_docs, merged_tfs
            yield out_docs, out_tfs

    def _scattered(self, ptr_w: np.ndarray, total: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Output chunks of (passages, tfs) from arrays every fresh posting is scattered
        into by a counting sort: a full build, where the postings arrive in passage order."""
        n_words = len(ptr_w) - 1
        docs_out = np.empty(total, dtype=np.int32)
        tfs_out = np.empty(total, dtype=np.int32)
        placed = np.zeros(n_words, dtype=np.int64)  # postings placed so far, per term
        for terms, docs, tfs in zip(self._terms.chunks(), self._docs.chunks(), self._tfs.chunks()):
            by = np.argsort(terms, kind="stable")  # by term, passages still in order
            terms, docs, tfs = terms[by], docs[by], tfs[by]
            del by
            pos = ptr_w[terms] + placed[terms] + _rank_in_runs(terms)
            placed += np.bincount(terms, minlength=n_words)
            docs_out[pos] = docs
            tfs_out[pos] = tfs
        for lo in range(0, total, STEP):
            yield docs_out[lo : lo + STEP], tfs_out[lo : lo + STEP]


class _Taker:
    """Takes runs of any length, in order, from a stream of (passages, tfs, _) chunks."""

    def __init__(self, chunks: Iterator[tuple[np.ndarray, np.ndarray, np.ndarray | None]]):
        self._chunks = chunks
        self._docs = np.zeros(0, np.int32)
        self._tfs = np.zeros(0, np.int32)

    def take(self, m: int) -> tuple[np.ndarray, np.ndarray]:
        docs, tfs = [self._docs], [self._tfs]
        have = len(self._docs)
        while have < m:
            more, more_tfs, _ = next(self._chunks)
            docs.append(more)
            tfs.append(more_tfs)
            have += len(more)
        docs_all = np.concatenate(docs) if len(docs) > 1 else docs[0]
        tfs_all = np.concatenate(tfs) if len(tfs) > 1 else tfs[0]
        self._docs, self._tfs = docs_all[m:], tfs_all[m:]
        return docs_all[:m], tfs_all[:m]


def _kept_chunks(
    pp: Postings, remap: np.ndarray, with_terms: bool = False
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray | None]]:
    """The previous index's postings of kept passages, in its order, in chunks: new
    passage ids, tfs, and (``with_terms``) term ids of the previous index."""
    for lo in range(0, len(pp.docs), STEP):
        hi = min(lo + STEP, len(pp.docs))
        docs = remap[pp.docs[lo:hi]]
        keep = docs >= 0
        terms = _terms_of(pp.ptr, lo, hi)[keep] if with_terms else None
        yield docs[keep], pp.tfs[lo:hi][keep], terms


def _terms_of(ptr: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """The term id (int64) of each posting ``lo..hi`` of a CSR ``ptr``."""
    first = int(np.searchsorted(ptr, lo, side="right")) - 1
    last = int(np.searchsorted(ptr, hi - 1, side="right")) - 1
    bounds = np.clip(ptr[first : last + 2], lo, hi)
    return np.repeat(np.arange(first, last + 1, dtype=np.int64), np.diff(bounds))


def _rank_in_runs(sorted_values: np.ndarray) -> np.ndarray:
    """For each element, how many equal elements come before it (the values are sorted)."""
    n = len(sorted_values)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.concatenate(([True], sorted_values[1:] != sorted_values[:-1])))
    return np.arange(n) - np.repeat(starts, np.diff(np.append(starts, n)))


def _save_chunks(path: Path, dtype, count: int, chunks: Iterator[np.ndarray]) -> None:
    """A ``.npy`` file of ``count`` values, written chunk by chunk as they are computed."""
    with path.open("wb") as fh:
        _write_header(fh, dtype, count)
        for chunk in chunks:
            chunk.astype(dtype, copy=False).tofile(fh)


def _save_postings(
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
    names = (("docs", np.int32), ("tfs", np.int32), ("impacts", np.float32))
    files = [(folder / f"{name}.npy").open("wb") for name, _ in names]
    try:
        for fh, (_, dtype) in zip(files, names):
            _write_header(fh, dtype, total)
        lo = 0
        for docs, tfs in chunks:
            hi = lo + len(docs)
            terms = _terms_of(ptr, lo, hi)
            tf = tfs.astype(np.float64)  # in chunks, so float64 temporaries stay small
            norm = K1 * (1 - B + B * doc_len[docs].astype(np.float64) / avgdl)
            impacts = idf[terms] * tf * (K1 + 1) / (tf + norm)
            for fh, values, (_, dtype) in zip(files, (docs, tfs, impacts), names):
                values.astype(dtype, copy=False).tofile(fh)
            lo = hi
        if lo != total:
            raise AssertionError(f"postings written: {lo} of {total}")
    finally:
        for fh in files:
            fh.close()


def _file_postings(
    folder: Path, ptr: np.ndarray, doc_len: np.ndarray, file_starts: np.ndarray
) -> dict[str, np.ndarray]:
    """Impact postings of whole files, from the passage postings just written.

    A file is scored as one document holding all its passages' terms: term frequencies add
    up, its length is the sum of its passages' lengths. Every passage repeats the file's
    title and description, so a long file's counts grow with its length more than a
    document's would: its length counts in full (``FILE_B``).

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
    avg = (float(file_len.mean()) if n_files else 0.0) or 1.0
    norm = K1 * (1 - FILE_B + FILE_B * file_len / avg)
    bounds = np.append(file_starts, len(doc_len)) if len(doc_len) else np.zeros(2, np.int64)
    file_of = np.repeat(np.arange(n_files, dtype=np.int32), np.diff(bounds))  # passage → file
    counts = np.zeros(len(ptr) - 1, dtype=np.int64)
    files_out: list[np.ndarray] = []
    impacts_out: list[np.ndarray] = []
    lo, total = 0, int(ptr[-1])
    while lo < total:
        hi = int(ptr[min(np.searchsorted(ptr, lo + STEP), len(ptr) - 1)])  # a term boundary
        terms = _terms_of(ptr, lo, hi)
        files = file_of.take(np.asarray(docs_all[lo:hi]))
        at = np.flatnonzero(
            np.concatenate(([True], (terms[1:] != terms[:-1]) | (files[1:] != files[:-1])))
        )
        terms, files = terms[at], files[at]
        tf = np.add.reduceat(np.asarray(tfs_all[lo:hi], dtype=np.float64), at)
        per_term = np.bincount(terms - terms[0], minlength=int(terms[-1] - terms[0]) + 1)
        counts[terms[0] : terms[-1] + 1] = per_term
        idf = lucene_idf(n_files, per_term.astype(np.float64))[terms - terms[0]]
        impacts_out.append((idf * tf * (K1 + 1) / (tf + norm[files])).astype(np.float32))
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


def _write_header(fh, dtype, count: int) -> None:
    np.lib.format.write_array_header_1_0(
        fh,
        {
            "descr": np.lib.format.dtype_to_descr(np.dtype(dtype)),
            "fortran_order": False,
            "shape": (count,),
        },
    )
