"""The index folder on disk: build, write atomically, load, and rebuild when stale.

Layout of ``index/``::

    CURRENT            {"generation": "gen-..."}, replaced with os.replace
    gen-<time>-<rand>/ one complete index (see SearchIndex.save)
    .lock              an flock, so that two writers never interleave

A build writes a new ``gen-*`` folder, then points ``CURRENT`` at it with ``os.replace``.
A crash or kill at any moment leaves ``CURRENT`` naming a complete folder: the old one or
the new one, never a mix. Older generations are removed after the swap.
"""

from __future__ import annotations

import errno
import fcntl
import gc
import hashlib
import json
import logging
import os
import re
import secrets
import shutil
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .index import IndexLoadError, SearchIndex
from .sections import CorpusError, parse_markdown, read_markdown
from .sources import ignored_by_git
from .text import data_fingerprint
from .writer import Fresh, IndexWriter

log = logging.getLogger(__name__)
PARALLEL_MIN_FILES = 200
RECORDS_BUDGET = 16  # index records one file may make, as a multiple of its text ...
RECORDS_FLOOR = 1 << 20  # ... plus this many bytes
PARSE_SECONDS = (
    30.0  # CPU time one file may take to parse (the bounded ones take well under 1 s/MB)
)
LOCK_POLL_S = 0.2  # how often a waiter tries the writer lock again


@dataclass(slots=True)
class FileState:
    source: str
    size: int
    mtime_ns: int
    sha256: str | None = None
    skipped: str | None = None

    def to_dict(self) -> dict:
        return {
            "size": self.size,
            "mtime_ns": self.mtime_ns,
            "sha256": self.sha256,
            "skipped": self.skipped,
        }


DIFF_CAP = 20  # headings listed per side of the +/- diff
RACY_NS = 2_000_000_000  # see _vouched_for


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

    def to_dict(self) -> dict:
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


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def scan(corpus: Path) -> dict[str, FileState]:
    """Size and modification time of every ``*.md`` below ``corpus``, sorted (no reading).

    Hidden files and folders (a leading dot) are skipped, and so are files git ignores when
    the corpus is a git checkout; symlinks are followed, once, when they resolve inside
    the corpus folder. What cannot be indexed is listed with a reason in ``skipped`` and
    never read: a link out of the corpus, a broken link or a link loop, a name that is not
    UTF-8 (listed with its bytes escaped), a file or folder that cannot be read.
    """
    if not corpus.is_dir():
        raise CorpusError(f"corpus folder not found: {corpus}")
    root = os.path.realpath(corpus)
    out: dict[str, FileState] = {}
    stack = [("", str(corpus))]
    seen: set[tuple[int, int]] = set()  # folders by (device, inode): symlink loops end here

    def skip(name: str, reason: str) -> None:
        out[name] = FileState(name, 0, 0, skipped=reason)

    while stack:
        prefix, folder = stack.pop()
        try:
            st = os.stat(folder)
            if (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as exc:
            if not prefix:
                raise CorpusError(
                    f"cannot read the corpus folder {corpus}: {exc.strerror or exc}"
                ) from None
            skip(prefix.rstrip("/"), f"folder cannot be read ({exc.strerror or exc})")
            continue
        for e in entries:
            if e.name.startswith("."):
                continue
            is_md = e.name.lower().endswith(".md")
            name = prefix + e.name
            try:
                name.encode("utf-8")
            except UnicodeEncodeError:  # os.scandir gives undecodable bytes as surrogates
                shown = os.fsencode(name).decode("utf-8", "backslashreplace")
                skip(shown, "the file name is not UTF-8; rename it to index it")
                continue
            try:
                # the name first: is_dir() of a symlink costs a stat, is_file() one too, and
                # e.stat() then reuses it
                if e.is_symlink():
                    why = _link_problem(root, e.path)
                    if why:
                        if is_md or os.path.isdir(e.path):
                            skip(name, why)
                        continue
                if is_md and e.is_file():
                    st = e.stat()
                    out[name] = FileState(name, st.st_size, st.st_mtime_ns)
                elif e.is_dir():
                    stack.append((f"{name}/", e.path))
            except OSError as exc:
                skip(name, f"cannot be read ({exc.strerror or exc})")
    readable = [source for source, state in out.items() if not state.skipped]
    for source in ignored_by_git(
        corpus, readable
    ):  # a git checkout: what git ignores is not indexed
        del out[source]
    return dict(sorted(out.items()))


def _inside(root: str, real: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def _link_problem(root: str, path: str) -> str | None:
    """Why a symlink cannot be followed: out of the corpus folder, broken, or a loop."""
    if not _inside(root, os.path.realpath(path)):
        return "a link to outside the corpus folder (not read)"
    try:
        os.stat(path)
    except OSError as exc:
        return "a symlink loop" if exc.errno == errno.ELOOP else "a broken link"
    return None


def _checked(corpus: Path, source: str) -> Path:
    """The path of a scanned file, checked again just before it is read: a file swapped
    for a link out of the corpus since the scan is refused."""
    path = corpus / source
    if not _inside(os.path.realpath(corpus), os.path.realpath(path)):
        raise ValueError("a link to outside the corpus folder (not read)")
    return path


def _vouched_for(state: FileState, old: dict, scanned_at_ns: int | None) -> bool:
    """Whether a file's size and mtime, unchanged since the index was built, vouch for the
    content hash recorded then.

    Not when the file was modified within RACY_NS of that scan, or after it started: a
    second write within the same timestamp tick leaves size and mtime as they were (git
    calls such entries "racily clean"). Those files are hashed again.
    """
    if (state.size, state.mtime_ns) != (old.get("size"), old.get("mtime_ns")):
        return False
    return scanned_at_ns is None or state.mtime_ns < scanned_at_ns - RACY_NS


def fingerprint(files: dict[str, dict]) -> str:
    h = hashlib.sha256(data_fingerprint().encode())
    for source in sorted(files):
        h.update(f"{source}\0{files[source]['sha256']}\n".encode())
    return h.hexdigest()[:16]


_PARENT: int | None = None  # in a parse worker: the process that started it


def _init_worker(parent: int | None = None) -> None:
    """Die with the parent: a worker that outlived a killed build would hold its lock (an
    flock is shared with forked children) and wedge every later build.

    Parsing makes millions of short-lived objects and no cycles: collect cycles rarely,
    and never walk the modules imported before (about 6% of parse time)."""
    global _PARENT
    _PARENT = parent
    _die_with_parent()
    if parent is not None and os.getppid() != parent:  # it died before prctl took effect
        os._exit(1)
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent dies (prctl PR_SET_PDEATHSIG)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # the getppid() checks still end an orphan at its next file


@contextmanager
def _gc_paused():
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


def _reason(exc: BaseException) -> str:
    """A file's problem in a few words: no traceback, no errno prefix."""
    if isinstance(exc, FileNotFoundError):
        return "deleted while indexing"
    if isinstance(exc, OSError):
        return f"cannot be read ({exc.strerror or exc})"
    return str(exc)


def _parse_one(args: tuple[str, str]) -> tuple[str, Fresh | None, str | None]:
    """Read, parse, tokenize and extract one file: the per-file work, run in a worker."""
    root, source = args
    if _PARENT is not None and os.getppid() != _PARENT:
        os._exit(1)  # orphaned: the build that wanted this file is gone
    try:
        text = read_markdown(_checked(Path(root), source))
        with _time_budget(PARSE_SECONDS):
            part = Fresh.of(parse_markdown(text, source))
        made = sum(map(len, part.passages)) + sum(map(len, part.sections))
        if made > RECORDS_BUDGET * len(text) + RECORDS_FLOOR:
            return (
                source,
                None,
                (
                    f"would make {made / 1e6:.1f} MB of index records from "
                    f"{len(text) / 1e6:.1f} MB of text (more than "
                    f"{RECORDS_BUDGET} times the text)"
                ),
            )
        return source, part, None
    except (OSError, ValueError) as exc:
        return source, None, _reason(exc)
    except RecursionError:
        return source, None, "too deeply nested to parse"
    except _OverBudget:
        return source, None, f"took more than {PARSE_SECONDS:g} s to parse"


class _OverBudget(Exception):
    pass


@contextmanager
def _time_budget(seconds: float):
    """Raise _OverBudget in the block after ``seconds`` of CPU time (SIGPROF), where signals
    can be had: the main thread of a parse worker or of the command line. No bound on a
    file is known to need it; it is the backstop that keeps one file from stalling a build.
    """
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread() or signal.getsignal(
        signal.SIGPROF
    ) not in (signal.SIG_DFL, None):
        yield
        return

    def over(signum, frame):
        raise _OverBudget

    signal.signal(signal.SIGPROF, over)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, signal.SIG_DFL)


def _progress(total: int, enabled: bool):
    """A progress bar on a terminal; plain log lines (every 10%) otherwise."""
    if enabled and sys.stderr.isatty():
        from tqdm import tqdm

        return tqdm(total=total, unit="file", desc="indexing", leave=False)
    return _LogProgress(total)


class _LogProgress:
    def __init__(self, total: int):
        self.total, self.done, self.next_pct = total, 0, 10

    def update(self, n: int = 1) -> None:
        self.done += n
        if self.total >= PARALLEL_MIN_FILES and self.done * 100 >= self.next_pct * self.total:
            log.info("indexing: %d/%d files (%d%%)", self.done, self.total, self.next_pct)
            self.next_pct += 10

    def close(self) -> None:
        pass


def parse_files(
    corpus: Path, sources: list[str], *, progress: bool = False, workers: int | None = None
) -> Iterator[tuple[str, Fresh | None, str | None]]:
    """Parse files in the given order, on all cores for many files: (source, Fresh, error).

    Results come back one by one, in order, so the caller can write each and let it go.
    """
    jobs = [(str(corpus), s) for s in sources]
    bar = _progress(len(jobs), progress)
    workers = workers or min(os.cpu_count() or 1, 8)
    try:
        if len(jobs) >= PARALLEL_MIN_FILES and workers > 1:
            with ProcessPoolExecutor(
                workers, initializer=_init_worker, initargs=(os.getpid(),)
            ) as pool:
                for result in pool.map(_parse_one, jobs, chunksize=32):
                    bar.update(1)
                    yield result
        else:
            for job in jobs:
                result = _parse_one(job)
                bar.update(1)
                yield result
    finally:
        bar.close()


MARKER = ".docs-bot-index"  # in every index folder this bot made; see IndexStore.claim
MARKER_TEXT = (
    "This folder holds a docs-answer-bot index. Every build rewrites CURRENT and removes\n"
    "the gen-* and .tmp-* folders in it; the bot writes only into folders with this file.\n"
)


_GENERATION = re.compile(r"(\.tmp-)?gen-\d{8}T\d{6}-[0-9a-f]{6}")


class IndexFolderError(OSError):
    """The index folder is not one this bot made, and is not empty: never written to."""


class IndexStore:
    """One index folder: generations, the CURRENT pointer and the writer lock."""

    def __init__(self, folder: Path):
        self.folder = folder

    def current(self) -> Path | None:
        try:
            name = json.loads((self.folder / "CURRENT").read_text("utf-8"))["generation"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        path = self.folder / str(name)
        return path if path.is_dir() and path.parent == self.folder else None

    def load(self) -> SearchIndex:
        gen = self.current()
        if gen is None:
            raise IndexLoadError("no index has been built yet")
        return _loaded(gen)

    @contextmanager
    def lock(self):
        """The writer lock: an flock on ``.lock``, which names its holder.

        A waiter says whom it waits for. A lock whose holder is dead but which is still
        held (by its orphaned parse workers, say) is taken over, with a log line.
        """
        self.claim()
        fh = self._acquire(self.folder / ".lock")
        try:
            yield
        finally:
            fh.seek(0)
            fh.truncate()  # no holder named: a waiter never mistakes the next one's
            fh.flush()
            fcntl.flock(fh, fcntl.LOCK_UN)
            fh.close()

    def _acquire(self, path: Path):
        announced = None
        while True:
            fh = path.open("a+")  # not "w": waiters read the holder's name
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _holder(fh)
                pid = holder.get("pid") if holder else None
                if isinstance(pid, int) and not _alive(pid) and _take_over(path, fh):
                    log.warning(
                        "took over the index lock in %s: process %d, which held it, is "
                        "no longer running",
                        self.folder,
                        pid,
                    )
                    fh.close()
                    continue
                if pid != announced:
                    who = f"process {pid}" if pid else "another process"
                    since = (
                        f", started {holder['started']}" if holder and holder.get("started") else ""
                    )
                    log.warning(
                        "waiting for %s to finish building the index in %s%s",
                        who,
                        self.folder,
                        since,
                    )
                    announced = pid
                fh.close()
                time.sleep(LOCK_POLL_S)
                continue
            # under the takeover guard: a waiter that read the dead holder's name never
            # unlinks the file between this check and this process writing its own name
            with _guard(path):
                try:  # a takeover may have replaced the file since it was opened
                    current = os.stat(path).st_ino == os.fstat(fh.fileno()).st_ino
                except FileNotFoundError:
                    current = False
                if current:
                    fh.seek(0)
                    fh.truncate()
                    fh.write(
                        json.dumps(
                            {"pid": os.getpid(), "started": time.strftime("%Y-%m-%d %H:%M:%S")}
                        )
                    )
                    fh.flush()
                    return fh
            fh.close()

    def claim(self) -> None:
        """Make sure the folder is one this bot made (its MARKER file), before writing.

        A missing or empty folder is made one; so is an index folder written before markers
        (only ``CURRENT``, the lock and generation folders named as :meth:`new_folder` names
        them). Any other folder is refused: a build removes the ``gen-*`` and ``.tmp-*``
        folders it finds, and must never do so in a folder it does not own.
        """
        marker = self.folder / MARKER
        if marker.is_file():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        names = [p.name for p in self.folder.iterdir()]
        ours = {"CURRENT", ".CURRENT.tmp", ".lock", ".lock.takeover"}
        if names and not all(n in ours or _GENERATION.fullmatch(n) for n in names):
            raise IndexFolderError(
                f"refusing to write an index into {self.folder}: the folder is not empty and "
                f"was not made by this bot (it has no {MARKER} file); choose a new or empty "
                f"folder with --index or INDEX_DIR"
            )
        marker.write_text(MARKER_TEXT, "utf-8")

    def new_folder(self) -> Path:
        """An empty folder for the next generation, inside the index folder."""
        self.claim()
        name = f"gen-{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"
        tmp = self.folder / f".tmp-{name}"
        tmp.mkdir()
        return tmp

    def commit(self, tmp: Path) -> Path:
        """Make a complete folder from :meth:`new_folder` current, in one os.replace."""
        name = tmp.name.removeprefix(".tmp-")
        for child in tmp.iterdir():  # every file on disk before CURRENT can name it
            with child.open("rb") as fh:
                os.fsync(fh.fileno())
        _fsync_dir(tmp)
        os.replace(tmp, self.folder / name)
        pointer = self.folder / ".CURRENT.tmp"
        pointer.write_text(json.dumps({"generation": name}), "utf-8")
        with pointer.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(pointer, self.folder / "CURRENT")
        _fsync_dir(self.folder)
        self._remove_old(keep=name)
        return self.folder / name

    def _remove_old(self, keep: str) -> None:
        for child in self.folder.iterdir():
            if child.name != keep and (
                child.name.startswith("gen-") or child.name.startswith(".tmp-")
            ):
                shutil.rmtree(child, ignore_errors=True)


def _holder(fh) -> dict | None:
    """Who holds a lock file, as it wrote itself there (None when it does not say)."""
    try:
        fh.seek(0)
        holder = json.loads(fh.read() or "null")
    except (OSError, ValueError):
        return None
    return holder if isinstance(holder, dict) else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie is dead, only not reaped yet
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def _take_over(path: Path, fh) -> bool:
    """Unlink a lock file whose holder is dead, so that the next open makes a fresh one.

    Under a second, short-held lock, and only when ``path`` is still the file ``fh`` opened:
    two waiters never both take over, and never unlink a lock a live process just took.
    """
    with _guard(path):
        try:
            if os.stat(path).st_ino != os.fstat(fh.fileno()).st_ino:
                return True  # already taken over by another waiter: open the new one
            holder = _holder(fh)
            if not holder or not isinstance(holder.get("pid"), int) or _alive(holder["pid"]):
                return False
            os.unlink(path)
            return True
        except FileNotFoundError:
            return True


@contextmanager
def _guard(path: Path):
    """A short-held lock beside the writer lock: taking over and taking the writer lock."""
    with (path.parent / ".lock.takeover").open("a") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(guard, fcntl.LOCK_UN)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _loaded(folder: Path) -> SearchIndex:
    index = SearchIndex.load(folder)
    index.generation = folder.name  # which one: a waiter compares it after the lock
    return index


def _previous(index_dir: Path) -> SearchIndex | None:
    try:
        return IndexStore(index_dir).load()
    except IndexLoadError:
        return None


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
    store = IndexStore(index_dir)
    with store.lock(), _gc_paused():
        current = store.current()
        prev = previous
        if current is not None and getattr(previous, "generation", None) != current.name:
            prev = _previous(index_dir)  # built by another process while this one waited
            if if_stale and prev is not None and staleness(prev, corpus) is None:
                log.info("using the index another process has just built in %s", index_dir)
                return prev, BuildReport(
                    files=len(prev.files),
                    reason=reason,
                    sections=prev.n_sections,
                    passages=prev.n_passages,
                )
        scanned_at_ns = time.time_ns()
        files = scan(corpus)
        known: dict[str, dict] = prev.files if prev is not None else {}
        if prev is not None and prev.meta.get("data") != data_fingerprint():
            known, prev = {}, None  # the tokenizer's data changed: nothing can be reused
        prev_scan = prev.meta.get("scanned_at_ns") if prev is not None else None
        for state in files.values():
            old = known.get(state.source, {})
            if state.skipped:
                continue
            try:
                state.sha256 = (
                    old.get("sha256")
                    if _vouched_for(state, old, prev_scan)
                    else _sha256(_checked(corpus, state.source))
                )
            except (OSError, ValueError) as exc:  # gone since the scan, unreadable, a link now
                state.skipped = _reason(exc)
        kept = {
            s
            for s, f in files.items()
            if s in known
            and not known[s].get("skipped")
            and known[s].get("sha256") == f.sha256
            and "passages_range" in known[s]
        }
        report = BuildReport(
            files=len(files),
            reason=reason,
            reparsed=sum(1 for s, f in files.items() if s not in kept and not f.skipped),
        )
        tmp = store.new_folder()
        try:
            meta = _write(corpus, tmp, prev, files, known, kept, report, progress, scanned_at_ns)
            folder = store.commit(tmp)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    loaded = _loaded(folder)
    report.sections, report.passages = meta["sections"], meta["passages"]
    report.seconds = time.perf_counter() - started
    return loaded, report


def _write(
    corpus: Path,
    tmp: Path,
    prev: SearchIndex | None,
    files: dict[str, FileState],
    known: dict[str, dict],
    kept: set[str],
    report: BuildReport,
    progress: bool,
    scanned_at_ns: int,
) -> dict:
    """Feed every file, in order, to an IndexWriter in ``tmp``; returns the meta written."""
    writer = IndexWriter(tmp, prev)
    parsed = parse_files(
        corpus, [s for s, f in files.items() if s not in kept and not f.skipped], progress=progress
    )
    new_headings: list[str] = []
    files_meta: dict[str, dict] = {}
    n_sections = 0
    for source, state in files.items():  # scan() sorts by source
        if state.skipped:  # found unusable by the scan or the hash: never parsed
            report.skipped.append((source, state.skipped))
            continue
        if source in kept:  # the common case of a reindex: kept lean, 17k files add up
            old = known[source]
            p_range, s_range = old["passages_range"], old["sections_range"]
            start_p = writer.keep(source, p_range, s_range)
            title, n_p, n_s = old.get("title"), p_range[1] - p_range[0], s_range[1] - s_range[0]
        else:
            done, part, err = next(parsed)
            assert done == source, (done, source)
            if part is None:
                report.skipped.append((source, err or "unreadable"))
                state.skipped = err or "unreadable"
                continue
            title, n_p, n_s = part.title, len(part.passages), len(part.sections)
            if prev is not None:  # a first build lists no heading diff: keep none
                new_headings.extend(part.headings)
            start_p = writer.add(part)
        files_meta[source] = {
            "size": state.size,
            "mtime_ns": state.mtime_ns,
            "sha256": state.sha256,
            "skipped": None,
            "title": title,
            "passages_range": [start_p, start_p + n_p],
            "sections_range": [n_sections, n_sections + n_s],
        }
        n_sections += n_s
    # skipped files are recorded too, so that they do not look new next time
    files_meta = {s: files_meta.get(s) or state.to_dict() for s, state in files.items()}
    if writer.n_passages == 0:
        why = "no Markdown files" if not files else "no readable text in any Markdown file"
        raise CorpusError(f"the corpus at {corpus} is empty ({why}); the previous index is kept")
    _diff(report, prev, known, new_headings, files)
    return writer.finish(
        {
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "corpus": str(corpus),
            "data": data_fingerprint(),
            "files": files_meta,
            "scanned_at_ns": scanned_at_ns,
            "fingerprint": fingerprint(files_meta),
        }
    )


def _diff(
    report: BuildReport,
    prev: SearchIndex | None,
    known: dict[str, dict],
    new_headings: list[str],
    files: dict[str, FileState],
) -> None:
    """Files added, changed and removed; headings added and removed in those files."""
    report.added = sorted(set(files) - set(known))
    report.removed = sorted(set(known) - set(files))
    report.changed = sorted(
        s for s in set(files) & set(known) if files[s].sha256 != known[s].get("sha256")
    )
    if prev is None:
        return
    old: Counter = Counter()
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
    if index.meta.get("data") != data_fingerprint():
        return "the tokenizer's data changed"
    known: dict[str, dict] = index.files
    now = scan(corpus)
    if set(now) != set(known):
        added, removed = len(set(now) - set(known)), len(set(known) - set(now))
        return f"files were added ({added}) or removed ({removed})"
    for source, state in now.items():
        old = known[source]
        if state.skipped:  # never read; only a change of reason counts
            if old.get("skipped") != state.skipped:
                return f"{source} changed"
            continue
        if _vouched_for(state, old, index.meta.get("scanned_at_ns")):
            continue
        try:
            if _sha256(_checked(corpus, source)) != old.get("sha256"):
                return f"{source} changed"
        except (OSError, ValueError):
            return f"{source} changed"
    return None


def open_index(corpus: Path, index_dir: Path, *, progress: bool = False) -> SearchIndex:
    """Load the index, rebuilding it first when it is missing, corrupt, old or stale.

    Says why in one log line whenever it rebuilds. When a stale index cannot be rebuilt (a
    read-only folder, a failed build), it is served as it is, with a warning. Raises
    CorpusError when the corpus cannot be indexed at all and there is no index to serve.
    """
    store = IndexStore(index_dir)
    previous = None  # a stale index is reused file by file, not loaded twice
    if store.current() is None:
        reason = "no index has been built yet"
        log.info("building the index from %s into %s (none built yet)", corpus, index_dir)
    else:
        try:
            previous = store.load()
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
