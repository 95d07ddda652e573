"""The build pipeline: scan the corpus, hash its files, parse the changed ones in
workers, write a new generation with the unchanged ones copied, and swap it in; and
opening an index, rebuilt first when it is missing, damaged or stale.

The stages live in their own modules: :mod:`bot.index.corpus` (scan, hashes, staleness),
:mod:`bot.index.parse` (workers), :mod:`bot.index.writer` (one generation) and
:mod:`bot.index.folder` (lock, atomic swap, old generations).
"""

from __future__ import annotations

import gc
import logging
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ..sections import CorpusError, Document
from ..text import data_fingerprint
from .corpus import FileState, fingerprint, hash_files, scan, why_stale
from .folder import EarlySync, IndexFolder, IndexFolderError
from .format import IndexLoadError, Record
from .parse import Parsed, parse_files
from .search import SearchIndex
from .writer import Disk, IndexWriter, ParsedFile

log = logging.getLogger(__name__)


DIFF_CAP = 20  # headings listed per side of the +/- diff


@dataclass(slots=True)
class BuildReport:
    """What a build did, for the CLI and /reindex."""

    files: int = 0
    sections: int = 0
    passages: int = 0
    seconds: float = 0.0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    reason: str = ""
    added: list[str] = field(default_factory=list)  # files
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    reparsed: int = 0
    sections_added: list[str] = field(default_factory=list)  # "source: heading path"
    sections_removed: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "sections": self.sections,
            "passages": self.passages,
            "seconds": round(self.seconds, 3),
            "reason": self.reason,
            "added": self.added,
            "changed": self.changed,
            "removed": self.removed,
            "reparsed": self.reparsed,
            "skipped": [{"source": s, "reason": r} for s, r in self.skipped],
            "sections_added": self.sections_added[:DIFF_CAP],
            "sections_removed": self.sections_removed[:DIFF_CAP],
            "sections_added_total": len(self.sections_added),
            "sections_removed_total": len(self.sections_removed),
        }

    def lines(self) -> list[str]:
        """The summary as plain lines, for a terminal or a Discord message."""
        out = [
            f"{self.files} files: {len(self.added)} added, {len(self.changed)} changed, "
            f"{len(self.removed)} removed, {len(self.skipped)} skipped; "
            f"{self.sections} sections, {self.passages} passages in {self.seconds:.2f} s"
        ]
        for label, items in (
            ("added", self.added),
            ("changed", self.changed),
            ("removed", self.removed),
        ):
            if items:
                out.append(
                    f"{label}: "
                    + ", ".join(items[:DIFF_CAP])
                    + (f" (+{len(items) - DIFF_CAP} more)" if len(items) > DIFF_CAP else "")
                )
        out.extend(f"skipped {s}: {r}" for s, r in self.skipped[:DIFF_CAP])
        for sign, items in (("+", self.sections_added), ("-", self.sections_removed)):
            out.extend(f"{sign} {h}" for h in items[:DIFF_CAP])
            if len(items) > DIFF_CAP:
                out.append(f"{sign} … and {len(items) - DIFF_CAP} more")
        return out


@dataclass
class BuildPlan:
    """What a build starts from: the files scanned, the previous generation (None: build
    everything), what it knew of each file, and which files it can keep unchanged."""

    corpus: Path
    files: dict[str, FileState]
    prev: SearchIndex | None
    known: dict[str, Record]
    kept: set[str]
    scanned_at_ns: int

    @classmethod
    def of(cls, corpus: Path, prev: SearchIndex | None) -> BuildPlan:
        """Scan and hash the corpus: a file whose content hash matches the previous
        generation's is kept, and is not read again when its size and mtime vouch for it."""
        scanned_at_ns = time.time_ns()
        files = scan(corpus)
        known: dict[str, Record] = prev.files if prev is not None else {}
        if prev is not None and prev.meta.get("data") != data_fingerprint():
            known, prev = {}, None  # the tokenizer's data changed: nothing can be reused
        hash_files(corpus, files, known, prev.meta.get("scanned_at_ns") if prev else None)
        kept = {
            s
            for s, f in files.items()
            if (old := known.get(s)) is not None
            and not old.get("skipped")
            and old.get("sha256") == f.sha256
            and "passages_range" in old
        }
        return cls(corpus, files, prev, known, kept, scanned_at_ns)

    @cached_property
    def to_parse(self) -> list[str]:
        """The files to read and parse in this build, in corpus order."""
        return [s for s, f in self.files.items() if s not in self.kept and not f.skipped]


def build(
    corpus: Path,
    index_dir: Path,
    *,
    progress: bool = False,
    reason: str = "",
    previous: SearchIndex | None = None,
    if_stale: bool = False,
) -> tuple[SearchIndex, BuildReport]:
    """Build the index, swap it in, and return it as loaded from disk.

    Incremental: a file whose content hash matches the previous index is not read again;
    its records, terms and salary facts are copied from it. Corpus-wide statistics (IDF,
    average length) are always recomputed. Files are written as they are parsed, so
    memory holds arrays, not documents. Raises CorpusError, keeping the old index.

    When another process swapped in a newer index while this one waited for the lock, that
    one is the previous index; with ``if_stale``, it is returned as it is when it matches
    the corpus (an empty report).
    """
    started = time.perf_counter()
    folder = IndexFolder(index_dir)
    with folder.lock(), _gc_paused():
        current = folder.current()
        prev = previous
        if current is not None and (previous.generation if previous else None) != current.name:
            prev = _loaded_or_none(folder)  # built by another process while this one waited
            if if_stale and prev is not None and staleness(prev, corpus) is None:
                log.info("using the index another process has just built in %s", index_dir)
                return prev, BuildReport(
                    files=len(prev.files),
                    reason=reason,
                    sections=prev.n_sections,
                    passages=prev.n_passages,
                )
        plan = BuildPlan.of(corpus, prev)
        report = BuildReport(files=len(plan.files), reason=reason, reparsed=len(plan.to_parse))
        tmp = folder.new_folder()
        try:
            with EarlySync() as synced:
                meta = _write(plan, tmp, report, progress, synced)
            committed = folder.commit(tmp, synced.synced)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    # the old generation (when loaded here) goes before the new one is read: a one-file
    # reindex would otherwise hold both, its peak
    del plan, prev, current
    loaded = SearchIndex.load(committed)
    report.sections, report.passages = meta["sections"], meta["passages"]
    report.seconds = time.perf_counter() - started
    return loaded, report


def _loaded_or_none(folder: IndexFolder) -> SearchIndex | None:
    try:
        return folder.load()
    except IndexLoadError:
        return None


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection during a build: reference counting frees what a build
    drops, and full collections walking the previous index's metadata and the new one's
    took about 15% of a one-file reindex. Cycles, if any, are collected afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _write(
    plan: BuildPlan,
    tmp: Path,
    report: BuildReport,
    progress: bool,
    disk: Disk,
) -> Record:
    """Feed every file, in order, to an IndexWriter in ``tmp``; returns the meta written.
    Each file of it is handed to ``disk`` once complete."""
    writer = IndexWriter(tmp, plan.prev, disk)
    parsed = parse_files(plan.corpus, plan.to_parse, progress=progress)
    new_headings: list[str] = []
    files_meta: dict[str, Record] = {}
    n_sections = 0
    for source, state in plan.files.items():  # scan() sorts by source
        if state.skipped:  # found unusable by the scan or the hash: never parsed
            report.skipped.append((source, state.skipped))
            files_meta[source] = state.to_dict()  # so that it does not look new next time
            continue
        if source in plan.kept:  # the common case of a reindex: kept lean, 17k files add up
            title, start_p, n_p, n_s = _keep(writer, source, plan.known[source])
        else:
            part = _parsed(next(parsed), source, state, report)
            if part is None:
                files_meta[source] = state.to_dict()
                continue
            if plan.prev is not None:  # a first build lists no heading diff: keep none
                new_headings.extend(part.headings)
            title, n_p, n_s = part.title, len(part.passages), len(part.sections)
            start_p = writer.add(part)
        files_meta[source] = {
            **state.to_dict(),
            "title": title,
            "passages_range": [start_p, start_p + n_p],
            "sections_range": [n_sections, n_sections + n_s],
        }
        n_sections += n_s
    if writer.n_passages == 0:
        why = "no Markdown files" if not plan.files else "no readable text in any Markdown file"
        raise CorpusError(
            f"the corpus at {plan.corpus} is empty ({why}); the previous index is kept"
        )
    _diff(report, plan, new_headings)
    return writer.finish(
        {
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "corpus": str(plan.corpus),
            "data": data_fingerprint(),
            "files": files_meta,
            "scanned_at_ns": plan.scanned_at_ns,
            "fingerprint": fingerprint(files_meta),
        }
    )


def _keep(writer: IndexWriter, source: str, old: Record) -> tuple[str | None, int, int, int]:
    """A file unchanged since the previous generation: its title, first passage here, and
    numbers of passages and sections."""
    p_range, s_range = old["passages_range"], old["sections_range"]
    start_p = writer.keep(source, p_range, s_range)
    return old.get("title"), start_p, p_range[1] - p_range[0], s_range[1] - s_range[0]


def _parsed(
    result: Parsed, source: str, state: FileState, report: BuildReport
) -> ParsedFile | None:
    """The parsed file, or None when it is skipped (listed in the report, with why)."""
    done, part, err = result
    if done != source:
        raise AssertionError(f"parsed {done} where {source} was expected")
    if part is None:
        report.skipped.append((source, err or "unreadable"))
        state.skipped = err or "unreadable"
    return part


def _diff(report: BuildReport, plan: BuildPlan, new_headings: list[str]) -> None:
    """Files added, changed and removed; headings added and removed in those files."""
    files, known, prev = plan.files, plan.known, plan.prev
    report.added = sorted(set(files) - set(known))
    report.removed = sorted(set(known) - set(files))
    report.changed = sorted(  # kept files are not: their hashes match
        s
        for s in files.keys() - plan.kept
        if s in known and files[s].sha256 != known[s].get("sha256")
    )
    if prev is None:
        return
    old: Counter[str] = Counter()
    for source in set(report.removed) | set(report.changed):
        if "sections_range" in known[source]:
            old.update(
                f"{source}: {' > '.join(s.heading_path)}"
                for s in map(prev.section, range(*known[source]["sections_range"]))
                if s.heading_path
            )
    new = Counter(new_headings)
    report.sections_added = sorted((new - old).elements())
    report.sections_removed = sorted((old - new).elements())


def staleness(index: SearchIndex, corpus: Path) -> str | None:
    """Why the index no longer matches the corpus, or None when it does."""
    return why_stale(index.files, index.meta, corpus)


def open_index(corpus: Path, index_dir: Path, *, progress: bool = False) -> SearchIndex:
    """Load the index, rebuilding it first when it is missing, corrupt, old or stale.

    Says why in one log line whenever it rebuilds. When a stale index cannot be rebuilt (a
    read-only folder, a failed build), it is served as it is, with a warning. Raises
    CorpusError when the corpus cannot be indexed at all and there is no index to serve.
    """
    folder = IndexFolder(index_dir)
    previous = None  # a stale index is reused file by file, not loaded twice
    if folder.current() is None:
        reason = "no index has been built yet"
        log.info("building the index from %s into %s (none built yet)", corpus, index_dir)
    else:
        try:
            previous = folder.load()
            why = staleness(previous, corpus)
            if why is None:
                return previous
            reason = f"the index is stale ({why})"
        except IndexLoadError as exc:
            reason = f"the index could not be loaded ({exc})"
        log.warning("rebuilding the index from %s: %s", corpus, reason)
    try:
        index, _ = build(
            corpus, index_dir, progress=progress, reason=reason, previous=previous, if_stale=True
        )
    except IndexFolderError:
        raise  # not ours: its contents are no index to fall back on
    except Exception as exc:
        if previous is None:
            raise
        log.warning(
            "could not rebuild the index (%s); answering from the last good one, built "
            "%s, which may be out of date",
            _one_line(exc),
            previous.meta.get("built_at"),
        )
        return previous
    return index


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror}: {exc.filename}" if exc.filename else exc.strerror
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def index_documents(documents: Sequence[Document], meta: Record | None = None) -> SearchIndex:
    """Index parsed documents without an index folder (small corpora, tests): written to a
    temporary folder and opened; the folder is removed at once, the opened index keeps
    its files mapped."""
    folder = Path(tempfile.mkdtemp(prefix="docs-bot-index-"))
    try:
        writer = IndexWriter(folder, None)
        for doc in documents:
            writer.add(ParsedFile.of(doc))
        writer.finish(meta or {})
        return SearchIndex.load(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
