"""Writing an index generation file by file, with only numpy arrays kept in memory.

A build feeds the files of the corpus in order to an :class:`IndexWriter`: *fresh* files,
parsed in this build (:class:`Fresh`, made in worker processes), and *kept* files, unchanged
since the previous index (:class:`Kept`). Records (passages, sections) go straight to disk:
a fresh file's as JSON lines encoded by its worker, a run of kept files' copied byte for
byte from the previous generation. Postings are gathered as integer arrays; when the last
file is in, corpus-wide statistics (IDF, average length) and every impact are computed,
and the arrays and metadata are written, ``meta.json`` last.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .index import (ANCESTOR_WEIGHT, B, HEADING_WEIGHT, K1, PARENT_WEIGHT, SCHEMA_VERSION, SEP,
                    JsonlStore, Postings, SearchIndex, passage_record, passage_terms)
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


@dataclass(slots=True)
class Kept:
    """A file unchanged since the previous index: its passage and section ranges there."""

    source: str
    passages: tuple[int, int]
    sections: tuple[int, int]


class RecordWriter:
    """A JSON Lines file and its offsets array (see :class:`bot.index.JsonlStore`)."""

    def __init__(self, path: Path):
        self.path = path
        self._fh = path.open("wb", buffering=0)  # unbuffered: copy_file_range writes too
        self._offsets: list[np.ndarray] = [np.zeros(1, np.int64)]
        self._pos = 0
        self.count = 0

    def write(self, lines: list[bytes]) -> None:
        if lines:
            self._fh.write(b"".join(lines))
            self._offsets.append(np.cumsum([len(x) for x in lines], dtype=np.int64) + self._pos)
            self._pos = int(self._offsets[-1][-1])
            self.count += len(lines)

    def copy(self, store: JsonlStore, a: int, b: int) -> None:
        if b > a:
            size, rel = store.copy_to(self._fh.fileno(), a, b)
            self._offsets.append(rel.astype(np.int64) + self._pos)
            self._pos += size
            self.count += b - a

    def close(self) -> None:
        self._fh.close()
        np.save(self.path.with_suffix(".offsets.npy"), np.concatenate(self._offsets),
                allow_pickle=False)


@dataclass(slots=True)
class _KeptRun:
    """Kept files that were neighbours in the previous index: copied in one go."""

    passages: list[int]  # [a, b]
    sections: list[int]
    sources: list[str] = field(default_factory=list)


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
        self._fresh: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # terms, docs, tfs
        self._seq: list[np.ndarray] = []
        self._seq_lens: list[np.ndarray] = []
        self._doc_lens: list[np.ndarray] = []

    @property
    def n_passages(self) -> int:
        return self.passages.count + (self._run.passages[1] - self._run.passages[0] if self._run else 0)

    def add(self, part: Fresh | Kept) -> None:
        if isinstance(part, Kept):
            run = self._run
            if run is not None and run.passages[1] == part.passages[0] and run.sections[1] == part.sections[0]:
                run.passages[1], run.sections[1] = part.passages[1], part.sections[1]
                run.sources.append(part.source)
            else:
                self._flush_run()
                self._run = _KeptRun(list(part.passages), list(part.sections), [part.source])
            return
        self._flush_run()
        self._add_fresh(part)

    def _flush_run(self) -> None:
        run, self._run = self._run, None
        if run is None:
            return
        assert self.prev is not None
        (a, b), pp = run.passages, self.prev.postings
        self._moves.append((a, b, self.passages.count))
        self._seq.append(np.asarray(pp.seq[pp.seq_ptr[a] : pp.seq_ptr[b]], dtype=np.int32))
        self._seq_lens.append(np.diff(pp.seq_ptr[a : b + 1]))
        self._doc_lens.append(np.asarray(pp.doc_len[a:b], dtype=np.int32))
        self.passages.copy(self.prev._passages, a, b)
        self.sections.copy(self.prev._sections, *run.sections)
        for source in run.sources:
            self.salaries.extend(self._prev_facts.get(source, []))

    def _add_fresh(self, part: Fresh) -> None:
        if self._ids is None:
            self._ids = {t: i for i, t in enumerate(self.vocab)}
        ids, vocab = self._ids, self.vocab
        d0 = self.passages.count
        terms: list[int] = []
        docs: list[int] = []
        tfs: list[int] = []
        seq: list[int] = []
        seq_lens: list[int] = []
        doc_lens: list[int] = []
        for n, (tokens, reading) in enumerate(part.terms):
            for term, tf in Counter(tokens).items():
                i = ids.get(term)
                if i is None:
                    i = ids[term] = len(vocab)
                    vocab.append(term)
                terms.append(i)
                docs.append(d0 + n)
                tfs.append(tf)
            seq.extend(-1 if t == SEP else ids[t] for t in reading)
            seq_lens.append(len(reading))
            doc_lens.append(len(tokens))
        self._fresh.append((np.asarray(terms, np.int32), np.asarray(docs, np.int32),
                            np.asarray(tfs, np.int32)))
        self._seq.append(np.asarray(seq, np.int32))
        self._seq_lens.append(np.asarray(seq_lens, np.int64))
        self._doc_lens.append(np.asarray(doc_lens, np.int32))
        self.passages.write(part.passages)
        self.sections.write(part.sections)
        self.salaries.extend(part.facts)

    def finish(self, meta: dict) -> dict:
        """Compute the postings and write everything; ``meta.json`` last. Returns the meta."""
        self._flush_run()
        self.passages.close()
        self.sections.close()
        n = self.passages.count
        terms, docs, tfs = ([a for a, _, _ in self._fresh], [d for _, d, _ in self._fresh],
                            [t for _, _, t in self._fresh])
        if self._moves:
            pp = self.prev.postings
            remap = np.full(len(pp.doc_len), -1, dtype=np.int32)
            for a, b, new in self._moves:
                remap[a:b] = np.arange(new, new + b - a, dtype=np.int32)
            moved = remap[pp.docs]
            keep = moved >= 0
            terms.append(np.repeat(np.arange(len(pp.vocab), dtype=np.int32), np.diff(pp.ptr))[keep])
            docs.append(moved[keep])
            tfs.append(pp.tfs[keep])
            del moved, keep
        seq_ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(_cat(self._seq_lens, np.int64), out=seq_ptr[1:])
        self._fresh.clear()
        self._ids = None
        postings = Postings.from_triplets(self.vocab, _cat(terms, np.int32), _cat(docs, np.int32),
                                          _cat(tfs, np.int32), _cat(self._doc_lens, np.int32),
                                          _cat(self._seq, np.int32), seq_ptr,
                                          docs_ascending=not self._moves)
        for name in ("df", "ptr", "docs", "tfs", "impacts", "doc_len", "seq", "seq_ptr"):
            np.save(self.folder / f"{name}.npy", getattr(postings, name), allow_pickle=False)
        (self.folder / "vocab.json").write_text(json.dumps(postings.vocab, ensure_ascii=False), "utf-8")
        (self.folder / "salaries.json").write_text(json.dumps(self.salaries, ensure_ascii=False), "utf-8")
        files = meta.get("files", {})
        (self.folder / "files.json").write_text(json.dumps(files, ensure_ascii=False,
                                                           separators=(",", ":")), "utf-8")
        meta = {k: v for k, v in meta.items() if k != "files"}
        meta.update(schema=SCHEMA_VERSION, passages=n, sections=self.sections.count,
                    terms=len(postings.vocab), k1=K1, b=B, heading_weight=HEADING_WEIGHT,
                    parent_weight=PARENT_WEIGHT, ancestor_weight=ANCESTOR_WEIGHT)
        # meta.json last: a folder without it is incomplete and never loaded
        (self.folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), "utf-8")
        return meta


def _cat(parts: list[np.ndarray], dtype) -> np.ndarray:
    """Concatenate and empty ``parts``, so the pieces can be freed while the whole lives."""
    out = np.concatenate(parts).astype(dtype, copy=False) if parts else np.zeros(0, dtype)
    parts.clear()
    return out
