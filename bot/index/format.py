"""The on-disk format of one index generation, and the checks it passes when it is loaded.

A generation is a folder of plain files (no pickles)::

    meta.json         schema, counts, parameters, every file's size; written last
    files.json        per source file: size, mtime, sha256, title, passage and section ranges
    vocab.json        the vocabulary, sorted: a term's id is its position
    salaries.json     the salary facts of every file, as dicts
    passages.jsonl    one passage a line (see passage_record), with passages.offsets.npy:
                      where each record ends, after a leading 0
    sections.jsonl    the same for sections, with sections.offsets.npy
    <name>.npy        the arrays of :class:`Postings`, one file each (names in ARRAYS),
                      saved with ``allow_pickle=False`` and memory-mapped when loaded

:mod:`bot.index.writer` writes a generation, :mod:`bot.index.search` reads it, and
:mod:`bot.index.folder` keeps generations in an index folder.
"""

from __future__ import annotations

import json
import mmap
import os
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from ..passage_slots import make_passage
from ..sections import Passage, Section

SCHEMA_VERSION = 6  # bump when the files change: older indexes are then rebuilt

META = "meta.json"
FILES = "files.json"
VOCAB = "vocab.json"
SALARIES = "salaries.json"
PASSAGES = "passages.jsonl"
SECTIONS = "sections.jsonl"
OFFSETS_SUFFIX = ".offsets.npy"  # passages.jsonl → passages.offsets.npy
ARRAYS = (
    "df",
    "ptr",
    "docs",
    "tfs",
    "impacts",
    "doc_len",
    "seq",
    "seq_ptr",
    "file_starts",
    "file_folders",
    "file_ptr",
    "file_docs",
    "file_impacts",
)

Record = dict[str, Any]  # one JSON object: a passage, a section, a salary fact


class IndexLoadError(Exception):
    """A saved index is missing, corrupt, or of another schema."""


@dataclass(frozen=True, slots=True)
class Postings:
    """Impact postings in CSR form, plus what is needed to recompute them.

    Term ``t`` owns ``docs[ptr[t]:ptr[t+1]]`` (passages, sorted) and the same slice of
    ``tfs`` and ``impacts``. Whole files have postings of their own, in the same layout.
    """

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
    file_folders: np.ndarray  # int32 per file: its folder, numbered in order of appearance
    file_ptr: np.ndarray  # int64, len(vocab) + 1
    file_docs: np.ndarray  # int32 file numbers, sorted within each term
    file_impacts: np.ndarray  # float32 BM25 contribution of a term to a whole file


# ---------------------------------------------------------------------- the record codec


def record_line(record: Record) -> bytes:
    """One record as a line of JSON Lines."""
    return _encode_record(record).encode() + b"\n"


# what json.dumps(record, ensure_ascii=False, separators=(",", ":")) does, without making
# a new encoder for each of the 400,000 records of a full build
_encode_record = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def passage_record(p: Passage | Section) -> Record:
    """A passage or section as a JSON-ready dict (``dataclasses.asdict`` without its deep
    copy, which took an eighth of the parse workers' time)."""
    names = _PASSAGE_FIELDS if isinstance(p, Passage) else _SECTION_FIELDS
    rec = {name: getattr(p, name) for name in names}
    rec["heading_path"] = list(p.heading_path)
    if "links" in rec and not rec["links"]:
        del rec["links"]  # most passages have none
    if "heading" in rec and not rec["heading"]:
        del rec["heading"]  # ... and only a section's first one has a heading
    return rec


@cache
def _record_parser() -> Callable[[bytes], Any]:
    """pydantic-core's JSON parser (pydantic-settings depends on it): the same values as the
    json module's, from the bytes as stored, in fewer instructions; a question reads a
    dozen records of a few hundred characters of text each. Imported when a record is
    first read: a build, which writes records and reads none, does without its 6 MB."""
    from pydantic_core import from_json

    return from_json


# json.loads without its checks of the argument and its two passes for white space around
# the value: a record is one JSON object from its first character, then its newline
_SCAN_RECORD: Callable[[str, int], tuple[Any, int]]
_SCAN_RECORD = json.JSONDecoder().scan_once  # type: ignore[attr-defined]
_SCAN_STRING: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]
_PASSAGE_FIELDS = tuple(f.name for f in fields(Passage))
_SECTION_FIELDS = tuple(f.name for f in fields(Section))


# a passage record starts with its source and heading path, then its lines (see
# passage_record): its bytes up to this, its section key, are equal for two passages of
# one section, and extended after a comma for a passage in a section under another's
# (JSON strings are self-delimiting, and a quote inside one is escaped)
SECTION_KEY_END = b'],"line_start":'
_HEADINGS_OPEN = '"heading_path":['


def first_heading(key: bytes) -> str | None:
    """The first heading of a passage's path (its page's title, most often), read from its
    section key (see SECTION_KEY_END) by the JSON string scanner alone; "" when its path
    is empty, None when the key is laid out otherwise."""
    text = key.decode()
    at = text.find(_HEADINGS_OPEN)
    if at < 0:
        return None
    start = at + len(_HEADINGS_OPEN)
    if start == len(text):
        return ""
    if text[start] != '"':
        return None
    heading: str = _SCAN_STRING(text, start + 1)[0]
    return heading


def _json_record(raw: bytes) -> Record:
    """One record read by the json module's scanner. It takes what pydantic-core's parser
    refuses, a lone surrogate's escape ("\\ud800"); what it refuses, json.loads raises on,
    saying what is wrong."""
    line = raw.decode()  # decoded first: json.loads of bytes guesses their encoding each time
    record: Record
    try:
        record, end = _SCAN_RECORD(line, 0)
    except StopIteration:
        end = -1
    if end < 0 or line[end:].strip():  # not one value alone
        record = json.loads(line)
    return record


def passage_from_record(rec: Record) -> Passage:
    """A passage from its record, made by setting its slots (bot.passage_slots): made by
    ``Passage(...)``, it took two fifths of the instructions of reading a passage (its JSON
    parsed, the rest), and answering a question reads a dozen."""
    return make_passage(
        rec["source"],
        tuple(rec["heading_path"]),
        rec["line_start"],
        rec["line_end"],
        rec["text"],
        rec.get("code_lang"),
        rec.get("context", ""),
        tuple((label, href) for label, href in rec["links"]) if "links" in rec else (),
        rec.get("heading", ""),
    )


def section_from_record(rec: Record) -> Section:
    rec = dict(rec)
    rec["heading_path"] = tuple(rec["heading_path"])
    return Section(**rec)


# ---------------------------------------------------------------------- the JSON Lines store


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
        # the offsets as a buffer of C integers: indexing one gives a Python int in about a
        # third of the instructions of reading the array (a record's two ends are read for
        # each passage decoded, and for each section key, a few dozen times a question)
        self._ends = np.ascontiguousarray(offsets, dtype=np.int64).data
        self._data = data
        self._fd = fd  # kept open for copy_file_range; closed with the store

    def __del__(self) -> None:
        if self._fd is not None:
            os.close(self._fd)

    @classmethod
    def open(cls, path: Path) -> JsonlStore:
        offsets = load_array(path.with_suffix(OFFSETS_SUFFIX))
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

    def __getitem__(self, i: int) -> Record:
        if not 0 <= i < len(self.offsets) - 1:
            raise IndexError(i)
        raw = self._data[self._ends[i] : self._ends[i + 1]]
        try:
            record: Record = _record_parser()(raw)
        except ValueError:  # refused: read by the json module, which may take it
            return _json_record(raw)
        return record

    def head(self, i: int, end: bytes) -> bytes | None:
        """Record ``i`` as stored, up to the first ``end`` in it, read without decoding it;
        None when ``end`` is not in it."""
        a = self._ends[i]
        at = self._data.find(end, a, self._ends[i + 1])
        return self._data[a:at] if at >= 0 else None

    def copy_to(self, out_fd: int, a: int, b: int) -> None:
        """Append records ``a..b``, byte for byte, to ``out_fd``.

        ``os.copy_file_range`` lets the kernel copy without a round trip through Python.
        """
        lo, hi = int(self.offsets[a]), int(self.offsets[b])
        done = 0
        try:
            while done < hi - lo:
                if self._fd is None:
                    raise OSError("no file to copy from")
                n = os.copy_file_range(self._fd, out_fd, hi - lo - done, lo + done)
                if n == 0:
                    raise OSError("short copy")
                done += n
        except OSError:  # not supported here: copy through memory
            rest = memoryview(self._data)[lo + done : hi]
            while rest:  # a write may take less than it is given
                rest = rest[os.write(out_fd, rest) :]


# ---------------------------------------------------------------------- loading and its checks


def load_array(path: Path) -> np.ndarray:
    """A ``.npy`` file, memory-mapped, as a plain ndarray view (indexing a ``np.memmap``
    goes through Python code).

    Never unpickles: ``allow_pickle=False``, and a memory map cannot hold Python objects
    either. A file that would need it is refused with an :class:`IndexLoadError` naming it.
    """
    try:
        return np.asarray(np.load(path, mmap_mode="r", allow_pickle=False))
    except (ValueError, EOFError) as exc:  # EOF: an empty .npy
        raise IndexLoadError(f"{path.name}: {exc}") from None


def load_postings(folder: Path) -> Postings:
    """The arrays and vocabulary of a generation (unchecked: see check_postings)."""
    arrays = {name: load_array(folder / f"{name}.npy") for name in ARRAYS}
    vocab = json.loads((folder / VOCAB).read_text("utf-8"))
    return Postings(vocab=vocab, **arrays)


def check_sizes(folder: Path, meta: Record) -> None:
    """Every file of the generation has the size the writer recorded in ``meta.json``."""
    sizes = meta.get("sizes")
    if sizes is None:
        return  # written before sizes were recorded
    if not isinstance(sizes, dict):
        raise IndexLoadError("meta.json lists no file sizes")
    for name, size in sizes.items():
        if os.stat(folder / Path(name).name).st_size != size:
            raise IndexLoadError(f"{name} is not the size it was written with")


def _check_records(name: str, offsets: np.ndarray, data: mmap.mmap | bytes) -> None:
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


def check_salaries(salaries: object) -> list[Record]:
    """The salary facts as read from ``salaries.json``, when they have the fields a lookup
    reads; raises IndexLoadError otherwise."""
    if isinstance(salaries, list) and all(
        isinstance(f, dict)
        and all(isinstance(f.get(k), t) for k, t in _FACT_KEYS.items())
        and all(f.get(k) is None or isinstance(f.get(k), (int, float)) for k in ("min", "max"))
        for f in salaries
    ):
        return salaries
    raise IndexLoadError("salaries.json is damaged")


def check_postings(p: Postings, n_passages: int, meta: Record) -> None:
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
        and len(p.file_folders) == len(p.file_starts)
        and p.file_folders.dtype == np.int32
        and (n_passages == 0 or int(p.file_starts[-1]) < n_passages)
    )
    if ok and len(p.docs):
        ok = int(p.docs.max()) < n_passages and int(p.docs.min()) >= 0
    if ok:
        ok = int(p.file_folders.min()) >= 0 and int(p.file_folders.max()) < len(p.file_starts)
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
