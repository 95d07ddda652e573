"""Writing one index generation file by file, with memory that does not grow with the corpus.

A build feeds the files of the corpus in order to an :class:`IndexWriter`: files parsed
in this build (:class:`ParsedFile`, made in worker processes), and *kept* files, unchanged
since the previous generation (:meth:`IndexWriter.keep`). Records (passages, sections) go
straight to disk: a parsed file's as JSON lines encoded by its worker, a run of kept
files' copied byte for byte from the previous generation. Postings go through a
:class:`bot.index.postings.PostingsWriter`. When the last file is in, the postings are
assembled and the arrays and metadata are written, ``meta.json`` last: a folder without
it is incomplete, and is never loaded.
"""

from __future__ import annotations

import json
import posixpath
import shutil
from array import array
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from ..salary import extract_salaries
from ..sections import Document
from .format import (
    FILES,
    META,
    OFFSETS_SUFFIX,
    PASSAGES,
    SALARIES,
    SCHEMA_VERSION,
    SECTIONS,
    VOCAB,
    JsonlStore,
    Postings,
    Record,
    passage_record,
    record_line,
)
from .impacts import FILE_B, K1, B
from .postings import PostingsWriter
from .terms import (
    ANCESTOR_WEIGHT,
    HEADING_WEIGHT,
    PARENT_WEIGHT,
    bm25_tokens_and_reading_order,
)


@dataclass(slots=True)
class ParsedFile:
    """A file parsed in this build, ready to write: records, terms and salary facts."""

    source: str
    title: str | None
    passages: list[bytes]  # JSON lines
    sections: list[bytes]
    headings: list[str]  # "source: heading path" of each headed section, for the diff
    terms: list[tuple[list[str], list[str]]]  # BM25 tokens and reading order of each passage
    facts: list[Record]

    @classmethod
    def of(cls, doc: Document) -> ParsedFile:
        """Encode, tokenize and extract: the CPU work of a file, done in a worker process."""
        return cls(
            doc.source,
            doc.title,
            [record_line(passage_record(p)) for p in doc.passages],
            [record_line(passage_record(s)) for s in doc.sections],
            [f"{s.source}: {' > '.join(s.heading_path)}" for s in doc.sections if s.heading_path],
            [bm25_tokens_and_reading_order(p) for p in doc.passages],
            [f.to_dict() for f in extract_salaries(doc)],
        )


class PreviousGeneration(Protocol):
    """What a writer reuses of the generation it replaces (a loaded
    :class:`bot.index.search.SearchIndex`)."""

    @property
    def folder(self) -> Path | None: ...
    @property
    def postings(self) -> Postings: ...
    @property
    def salaries(self) -> list[Record]: ...
    def record_stores(self) -> tuple[JsonlStore, JsonlStore]: ...


class Disk(Protocol):
    """Where a writer's file writes may run in order, away from its own thread, and where
    it hands each file it has finished (:class:`bot.index.folder.EarlySync`)."""

    def submit(self, fn: Callable[..., object], /, *args: object) -> Future[object]: ...
    def add(self, path: Path) -> None: ...


class RecordWriter:
    """A JSON Lines file and its offsets array (see :class:`bot.index.format.JsonlStore`).

    With a ``disk``, the copies run there, in order, while the build goes on (those of a
    reindex, a kernel copy of most of 170 MB, then overlap its postings); so do the writes
    that come while copies are still running, at most about QUEUED_MAX bytes at a time.
    Other writes are made here: a full build's, handed over one by one, piled up in memory
    (+56 MB at its peak). :meth:`close` hands the file to the disk once complete, and
    :meth:`wait` waits for that and raises a failed write's error. Offsets never wait: they
    come from the records.
    """

    QUEUED_MAX = 4 << 20

    def __init__(self, path: Path, disk: Disk | None = None):
        self.path = path
        self._fh = path.open("wb", buffering=0)  # unbuffered: copy_file_range writes too
        self._offsets = array("q", [0])  # where each record ends, after a leading 0
        self.count = 0
        self._disk = disk
        self._jobs: list[Future[object]] = []
        self._queued = 0  # bytes of records handed to the disk since the last wait

    def _run(self, fn: Callable[..., object], *args: object) -> None:
        if self._disk is None:
            fn(*args)
        else:
            self._jobs.append(self._disk.submit(fn, *args))

    def write(self, lines: list[bytes]) -> None:
        if lines:
            data = b"".join(lines)
            if self._busy():  # after the copies, in order
                self._run(self._fh.write, data)
                self._queued += len(data)
                if self._queued > self.QUEUED_MAX:
                    self.wait()
            else:
                self._fh.write(data)
            pos = self._offsets[-1]
            for line in lines:
                pos += len(line)
                self._offsets.append(pos)
            self.count += len(lines)

    def copy(self, store: JsonlStore, a: int, b: int) -> None:
        if b > a:
            self._run(store.copy_to, self._fh.fileno(), a, b)
            rel = np.asarray(store.offsets[a + 1 : b + 1]) - int(store.offsets[a])
            self._offsets.frombytes((rel.astype(np.int64) + self._offsets[-1]).tobytes())
            self.count += b - a

    def close(self) -> None:
        self._run(self._closed)
        np.save(
            self.path.with_suffix(OFFSETS_SUFFIX),
            np.frombuffer(self._offsets, dtype=np.int64),
            allow_pickle=False,
        )

    def _closed(self) -> None:
        self._fh.close()
        if self._disk is not None:
            self._disk.add(self.path)

    def _busy(self) -> bool:
        """Whether writes handed to the disk are still running (they run in order)."""
        if self._jobs and self._jobs[-1].done():
            self.wait()  # raises a failed one's error
        return bool(self._jobs)

    def wait(self) -> None:
        """Wait for the writes handed to the disk so far, raising a failed one's error
        (after :meth:`close`: the file is complete, and handed on)."""
        for job in self._jobs:
            job.result()
        self._jobs.clear()
        self._queued = 0


@dataclass(slots=True)
class KeptRun:
    """Kept files that were neighbours in the previous generation: copied in one go."""

    passages: list[int]  # [a, b]
    sections: list[int]
    sources: list[str] = field(default_factory=list)


class IndexWriter:
    """Builds one index generation in ``folder`` from files added in corpus order.

    With a ``disk``, each file of the generation is handed to it once complete (a build
    starts syncing them to disk: :class:`bot.index.folder.EarlySync`), and the records are
    written there (:class:`RecordWriter`).
    """

    def __init__(self, folder: Path, prev: PreviousGeneration | None, disk: Disk | None = None):
        self.folder = folder
        self.prev = prev
        self._disk = disk
        self._handed = {PASSAGES, SECTIONS}  # the record writers hand their own files
        self.postings = PostingsWriter(folder, prev.postings if prev is not None else None)
        self.passages = RecordWriter(folder / PASSAGES, disk)
        self.sections = RecordWriter(folder / SECTIONS, disk)
        self.salaries: list[Record] = []
        self._prev_facts: dict[str, list[Record]] = {}
        for fact in prev.salaries if prev is not None else ():
            self._prev_facts.setdefault(fact["source"], []).append(fact)
        self._run: KeptRun | None = None
        self._folders: dict[str, int] = {}  # each source folder's number, by first file

    @property
    def n_passages(self) -> int:
        return self.passages.count + (
            self._run.passages[1] - self._run.passages[0] if self._run else 0
        )

    def add(self, part: ParsedFile) -> int:
        """Write a file parsed in this build; returns its first passage's id."""
        self._flush_run()
        start = self.passages.count
        if part.passages:
            self.postings.file_starts_at(start, self._folder(part.source))
        self.postings.add(start, part.terms)
        self.passages.write(part.passages)
        self.sections.write(part.sections)
        self.salaries.extend(part.facts)
        return start

    def keep(self, source: str, passages: list[int], sections: list[int]) -> int:
        """Take a file unchanged since the previous generation, by its passage and section
        ranges there; returns its first passage's id here. Neighbours there are copied in
        one go."""
        start = self.n_passages
        if passages[1] > passages[0]:
            self.postings.file_starts_at(start, self._folder(source))
        run = self._run
        if run is not None and run.passages[1] == passages[0] and run.sections[1] == sections[0]:
            run.passages[1], run.sections[1] = passages[1], sections[1]
            run.sources.append(source)
        else:
            self._flush_run()
            self._run = KeptRun(list(passages), list(sections), [source])
        return start

    def _folder(self, source: str) -> int:
        """The number of the folder ``source`` is in (the corpus's top: "")."""
        return self._folders.setdefault(posixpath.dirname(source), len(self._folders))

    def _flush_run(self) -> None:
        run, self._run = self._run, None
        if run is None:
            return
        if self.prev is None:
            raise ValueError("no previous generation to keep files of")
        passages, sections = self.prev.record_stores()
        a, b = run.passages
        self.postings.copy(a, b, self.passages.count)
        self.passages.copy(passages, a, b)
        self.sections.copy(sections, *run.sections)
        for source in run.sources:
            self.salaries.extend(self._prev_facts.get(source, []))

    def finish(self, meta: Record) -> Record:
        """Compute the postings and write everything; ``meta.json`` last. Returns the meta."""
        self._flush_run()
        self.passages.close()
        self.sections.close()
        self._hand_finished()
        vocab, arrays = self.postings.finish(self.passages.count, self._hand_finished)
        self._hand_finished()
        for name, values in arrays.items():
            np.save(self.folder / f"{name}.npy", values, allow_pickle=False)
        del arrays
        self._write_vocab(vocab)
        (self.folder / SALARIES).write_text(json.dumps(self.salaries, ensure_ascii=False), "utf-8")
        files = meta.get("files", {})
        (self.folder / FILES).write_text(
            json.dumps(files, ensure_ascii=False, separators=(",", ":")), "utf-8"
        )
        self.passages.wait()
        self.sections.wait()
        meta = {k: v for k, v in meta.items() if k != "files"}
        meta.update(
            schema=SCHEMA_VERSION,
            passages=self.passages.count,
            sections=self.sections.count,
            sizes=self._sizes(),
            terms=len(vocab),
            k1=K1,
            b=B,
            file_b=FILE_B,
            heading_weight=HEADING_WEIGHT,
            parent_weight=PARENT_WEIGHT,
            ancestor_weight=ANCESTOR_WEIGHT,
        )
        self._write_meta(meta)
        self._hand_finished()
        return meta

    def _write_vocab(self, vocab: list[str]) -> None:
        """``vocab.json``; copied from the previous generation when the vocabulary is the
        same (a reindex that brings no new term and loses none), not encoded again."""
        prev = self.prev.folder if self.prev is not None else None
        if self.postings.same_vocab and prev is not None:
            try:
                shutil.copyfile(prev / VOCAB, self.folder / VOCAB)
                return
            except OSError:  # gone (an index opened from a folder since removed): encoded
                pass
        (self.folder / VOCAB).write_text(json.dumps(vocab, ensure_ascii=False), "utf-8")

    def _hand_finished(self) -> None:
        """Hand each file written so far, and not handed yet, to ``written``: called when
        no file is open for writing (temporary ones, with a leading dot, are left out)."""
        if self._disk is None:
            return
        for path in sorted(self.folder.iterdir()):
            if not path.name.startswith(".") and path.name not in self._handed:
                self._handed.add(path.name)
                self._disk.add(path)

    def _sizes(self) -> dict[str, int]:
        """Every file's size, checked on load: damage that changes a size is never served."""
        return {
            f.name: f.stat().st_size
            for f in sorted(self.folder.iterdir())
            if f.is_file() and not f.name.startswith(".")
        }

    def _write_meta(self, meta: Record) -> None:
        """``meta.json``, the last file: a folder without it is incomplete, never loaded."""
        (self.folder / META).write_text(json.dumps(meta, ensure_ascii=False, indent=1), "utf-8")
