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

import json
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .index import (ANCESTOR_WEIGHT, B, HEADING_WEIGHT, K1, PARENT_WEIGHT, SCHEMA_VERSION, SEP,
                    JsonlStore, Postings, SearchIndex, lucene_idf, passage_record, passage_terms)
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
    def of(cls, doc: Document) -> "Fresh":
        """Encode, tokenize and extract: the CPU work of a file, done in a worker process."""
        from .salary import extract_salaries  # local: salary depends on sections only

        return cls(doc.source, doc.title,
                   [_line(passage_record(p)) for p in doc.passages],
                   [_line(passage_record(s)) for s in doc.sections],
                   [f"{s.source}: {' > '.join(s.heading_path)}" for s in doc.sections if s.heading_path],
                   [passage_terms(p) for p in doc.passages],
                   [f.to_dict() for f in extract_salaries(doc.sections)])


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
            _, rel = store.copy_to(self._fh.fileno(), a, b)
            self._offsets.frombytes((rel.astype(np.int64) + self._offsets[-1]).tobytes())
            self.count += b - a

    def close(self) -> None:
        self._fh.close()
        np.save(self.path.with_suffix(".offsets.npy"), np.frombuffer(self._offsets, dtype=np.int64),
                allow_pickle=False)


@dataclass(slots=True)
class _KeptRun:
    """Kept files that were neighbours in the previous index: copied in one go."""

    passages: list[int]  # [a, b]
    sections: list[int]
    sources: list[str] = field(default_factory=list)


STEP = 1 << 18  # postings per chunk when assembling: temporaries stay a few MB


class _Spill:
    """An integer array written to a temporary file piece by piece, read back in chunks.

    Postings and term sequences go through these during a build, so that the build's
    memory does not grow with the corpus.
    """

    def __init__(self, path: Path, dtype=np.int32):
        self.path = path
        self.dtype = np.dtype(dtype)
        self._fh = path.open("wb")
        self.count = 0

    def write(self, values) -> None:
        a = np.asarray(values, dtype=self.dtype)
        a.tofile(self._fh)
        self.count += len(a)

    def chunks(self) -> Iterator[np.ndarray]:
        self._fh.flush()
        with self.path.open("rb") as fh:
            while len(chunk := np.fromfile(fh, dtype=self.dtype, count=STEP)):
                yield chunk

    def remove(self) -> None:
        self._fh.close()
        self.path.unlink(missing_ok=True)


class IndexWriter:
    """Builds one index generation in ``folder`` from files added in corpus order."""

    def __init__(self, folder: Path, prev: SearchIndex | None):
        self.folder = folder
        self.prev = prev
        self.vocab: list[str] = list(prev.postings.vocab) if prev is not None else []
        self._ids: dict[str, int] | None = None
        self.passages = RecordWriter(folder / "passages.jsonl")
        self.sections = RecordWriter(folder / "sections.jsonl")
        self.salaries: list[dict] = []
        self._prev_facts: dict[str, list[dict]] = {}
        for fact in (prev.salaries if prev is not None else ()):
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

    @property
    def n_passages(self) -> int:
        return self.passages.count + (self._run.passages[1] - self._run.passages[0] if self._run else 0)

    def add(self, part: Fresh) -> int:
        """Write a file parsed in this build; returns its first passage's id."""
        self._flush_run()
        start = self.passages.count
        self._add_fresh(part)
        return start

    def keep(self, source: str, passages: Sequence[int], sections: Sequence[int]) -> int:
        """Take a file unchanged since the previous index, by its passage and section ranges
        there; returns its first passage's id here. Neighbours there are copied in one go."""
        start = self.n_passages
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
        if self._ids is None:  # a copy of the previous index's map: a serving index has one
            self._ids = dict(self.prev.term_ids) if self.prev is not None else {}
        ids, vocab = self._ids, self.vocab
        d0 = self.passages.count
        terms: list[int] = []
        docs: list[int] = []
        tfs: list[int] = []
        seq: list[int] = []
        for n, (tokens, reading) in enumerate(part.terms):
            counts = Counter(tokens)
            for term, tf in counts.items():
                i = ids.get(term)
                if i is None:
                    i = ids[term] = len(vocab)
                    vocab.append(term)
                terms.append(i)
                tfs.append(tf)
            docs.extend([d0 + n] * len(counts))
            seq.extend(-1 if t == SEP else ids[t] for t in reading)
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
        (self.folder / "salaries.json").write_text(json.dumps(self.salaries, ensure_ascii=False), "utf-8")
        files = meta.get("files", {})
        (self.folder / "files.json").write_text(json.dumps(files, ensure_ascii=False,
                                                           separators=(",", ":")), "utf-8")
        meta = {k: v for k, v in meta.items() if k != "files"}
        meta.update(schema=SCHEMA_VERSION, passages=self.passages.count, sections=self.sections.count,
                    terms=len(self.vocab), k1=K1, b=B, heading_weight=HEADING_WEIGHT,
                    parent_weight=PARENT_WEIGHT, ancestor_weight=ANCESTOR_WEIGHT)
        # meta.json last: a folder without it is incomplete and never loaded
        (self.folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), "utf-8")
        return meta

    def _assemble(self) -> dict[str, np.ndarray]:
        """The CSR impact postings, by a counting sort in chunks, and the term sequences.

        Impacts and term sequences are written here, chunk by chunk; the other arrays are
        returned, to be saved.

        The vocabulary is stored sorted, without terms that no passage uses any more, so
        every term id is mapped through ``rank``. Within a term, postings are in passage
        order: fresh ones arrive in passage order; kept ones come in that order from the
        previous index (kept files keep their relative order), and the two are merged by
        their (term, passage) keys. Memory holds the output arrays and one chunk, plus the
        kept postings' keys in an incremental build.
        """
        n, n_words = self.passages.count, len(self.vocab)
        df = np.zeros(n_words, np.int64)
        for chunk in self._terms.chunks():
            df += np.bincount(chunk, minlength=n_words)
        kept = self._kept_postings()  # keys (writer term id * n + passage) and tfs
        kept_ptr = np.zeros(n_words + 1, dtype=np.int64)  # in writer term ids
        if kept is not None:
            np.cumsum(kept.df, out=kept_ptr[1 : len(kept.df) + 1])
            kept_ptr[len(kept.df) + 1 :] = kept_ptr[len(kept.df)]
            df[: len(kept.df)] += kept.df
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
        docs_out = np.empty(int(ptr[-1]), dtype=np.int32)
        tfs_out = np.empty(int(ptr[-1]), dtype=np.int32)
        taken = np.zeros(len(docs_out) if kept is not None else 0, dtype=bool)
        placed = np.zeros(n_words, dtype=np.int64)  # fresh postings placed so far, per term
        for terms, docs, tfs in zip(self._terms.chunks(), self._docs.chunks(), self._tfs.chunks()):
            by = np.argsort(terms, kind="stable")  # by term, passages still in order
            terms, docs, tfs = terms[by], docs[by], tfs[by]
            del by
            pos = ptr_w[terms] + placed[terms] + _rank_in_runs(terms)
            placed += np.bincount(terms, minlength=n_words)
            if kept is not None:  # after the kept postings of the same term with a lower passage
                pos += np.searchsorted(kept.keys, terms.astype(np.int64) * n + docs) - kept_ptr[terms]
                taken[pos] = True
            docs_out[pos] = docs
            tfs_out[pos] = tfs
        if kept is not None:  # the free slots, in order, are the kept postings, in order
            np.logical_not(taken, out=taken)
            docs_out[taken] = kept.docs
            tfs_out[taken] = kept.tfs
            del kept, taken
        doc_len = np.frombuffer(self._doc_lens, dtype=np.int32).copy()
        seq_ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.frombuffer(self._seq_lens, dtype=np.int64), out=seq_ptr[1:])
        _save_chunks(self.folder / "seq.npy", np.int32, self._seq.count,
                     (rank[chunk] for chunk in self._seq.chunks()))
        _save_chunks(self.folder / "impacts.npy", np.float32, len(docs_out),
                     bm25_impacts(df, ptr, docs_out, tfs_out, doc_len))
        return {"df": df.astype(np.int32), "ptr": ptr, "docs": docs_out, "tfs": tfs_out,
                "doc_len": doc_len, "seq_ptr": seq_ptr}

    def _kept_postings(self) -> "_Kept | None":
        """The previous index's postings of kept passages, renumbered, in (term, passage)
        order: one pass over the previous arrays."""
        if not self._moves:
            return None
        pp, n = self.prev.postings, self.passages.count
        remap = np.full(len(pp.doc_len), -1, dtype=np.int32)
        for a, b, new in self._moves:
            remap[a:b] = np.arange(new, new + b - a, dtype=np.int32)
        keys = np.empty(len(pp.docs), dtype=np.int64)  # untouched pages cost nothing
        kept_docs = np.empty(len(pp.docs), dtype=np.int32)
        tfs = np.empty(len(pp.docs), dtype=np.int32)
        df = np.zeros(len(pp.vocab), dtype=np.int64)
        at = 0
        for lo in range(0, len(pp.docs), STEP):
            hi = min(lo + STEP, len(pp.docs))
            docs = remap[pp.docs[lo:hi]]
            keep = docs >= 0
            terms = _terms_of(pp.ptr, lo, hi)[keep]
            m = len(terms)
            df += np.bincount(terms, minlength=len(df))
            kept_docs[at : at + m] = docs[keep]
            keys[at : at + m] = terms * n + kept_docs[at : at + m]
            tfs[at : at + m] = pp.tfs[lo:hi][keep]
            at += m
        return _Kept(keys[:at], kept_docs[:at], tfs[:at], df)


@dataclass(slots=True)
class _Kept:
    keys: np.ndarray  # int64 term id * passages + new passage id, ascending
    docs: np.ndarray  # new passage ids
    tfs: np.ndarray
    df: np.ndarray  # per term id of the previous index


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
        np.lib.format.write_array_header_1_0(fh, {"descr": np.lib.format.dtype_to_descr(np.dtype(dtype)),
                                                  "fortran_order": False, "shape": (count,)})
        for chunk in chunks:
            chunk.astype(dtype, copy=False).tofile(fh)


def bm25_impacts(df: np.ndarray, ptr: np.ndarray, docs: np.ndarray, tfs: np.ndarray,
                 doc_len: np.ndarray) -> Iterator[np.ndarray]:
    """rank-bm25's per-(term, passage) BM25Okapi contribution, with Lucene's IDF, in chunks
    (so float64 temporaries stay small)."""
    n_docs = len(doc_len)
    avgdl = float(doc_len.sum()) / max(n_docs, 1) or 1.0
    idf = lucene_idf(n_docs, df.astype(np.float64))
    for lo in range(0, len(docs), STEP):
        hi = min(lo + STEP, len(docs))
        terms = _terms_of(ptr, lo, hi)
        tf = tfs[lo:hi].astype(np.float64)
        norm = K1 * (1 - B + B * doc_len[docs[lo:hi]].astype(np.float64) / avgdl)
        yield (idf[terms] * tf * (K1 + 1) / (tf + norm)).astype(np.float32)
