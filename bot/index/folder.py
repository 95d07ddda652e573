"""The index folder: generations, the CURRENT pointer, the writer lock.

Layout of ``index/``::

    CURRENT            {"generation": "gen-..."}, replaced with os.replace
    gen-<time>-<rand>/ one complete generation (see bot.index.format)
    .tmp-gen-.../      a generation being written (IndexFolder.new_folder)
    .lock              an flock, so that two writers never interleave; names its holder
    .docs-bot-index    the MARKER: this folder is one the bot made

A build writes a new ``.tmp-gen-*`` folder, renames it to ``gen-*`` and points ``CURRENT``
at it with ``os.replace`` (:meth:`IndexFolder.commit`). A crash or kill at any moment
leaves ``CURRENT`` naming a complete folder: the old one or the new one, never a mix.
Older generations are removed after the swap. The bot only ever writes into a folder with
its MARKER (or an empty one), and only ever removes folders named as it names them.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from .format import IndexLoadError
from .search import SearchIndex

log = logging.getLogger(__name__)
LOCK_POLL_S = 0.2  # how often a waiter tries the writer lock again


MARKER = ".docs-bot-index"  # in every index folder this bot made; see IndexFolder.claim
MARKER_TEXT = (
    "This folder holds a docs-answer-bot index. Every build rewrites CURRENT and removes\n"
    "the gen-* and .tmp-* folders in it; the bot writes only into folders with this file.\n"
)


_GENERATION = re.compile(r"(\.tmp-)?gen-\d{8}T\d{6}-[0-9a-f]{6}")


class IndexFolderError(OSError):
    """The index folder is not one this bot made, and is not empty: never written to."""


class IndexFolder:
    """One index folder: generations, the CURRENT pointer and the writer lock."""

    def __init__(self, folder: Path):
        self.folder = folder

    def current(self) -> Path | None:
        """The generation CURRENT names, when it is a folder here."""
        try:
            name = json.loads((self.folder / "CURRENT").read_text("utf-8"))["generation"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        path = self.folder / str(name)
        return path if path.is_dir() and path.parent == self.folder else None

    def load(self) -> SearchIndex:
        """The current generation, loaded; IndexLoadError when there is none or it is damaged."""
        gen = self.current()
        if gen is None:
            raise IndexLoadError("no index has been built yet")
        return SearchIndex.load(gen)

    @contextmanager
    def lock(self) -> Iterator[None]:
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

    def _acquire(self, path: Path) -> IO[str]:
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

    def commit(self, tmp: Path, synced: frozenset[str] = frozenset()) -> Path:
        """Make a complete folder from :meth:`new_folder` current, in one os.replace.

        Every file is on disk first: those named in ``synced`` were fsynced once complete
        (:class:`EarlySync`), the others are fsynced here. When pointing CURRENT at it
        fails, the folder is removed again (a kill leaves it to the next build); CURRENT
        still names the previous generation.
        """
        name = tmp.name.removeprefix(".tmp-")
        for child in tmp.iterdir():  # every file on disk before CURRENT can name it
            if child.name not in synced:
                _fsync_file(child)
        _fsync_dir(tmp)
        final = self.folder / name
        os.replace(tmp, final)
        try:
            self._point_at(name)
        except BaseException:
            if self.current() != final:
                shutil.rmtree(final, ignore_errors=True)
            raise
        self._remove_old(keep=name)
        return final

    def _point_at(self, name: str) -> None:
        """Replace CURRENT with one naming generation ``name``, durably."""
        pointer = self.folder / ".CURRENT.tmp"
        pointer.write_text(json.dumps({"generation": name}), "utf-8")
        with pointer.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(pointer, self.folder / "CURRENT")
        _fsync_dir(self.folder)

    def _remove_old(self, keep: str) -> None:
        """Remove every other generation, and what killed builds left: only folders named
        as :meth:`new_folder` names them."""
        for child in self.folder.iterdir():
            if child.name != keep and _GENERATION.fullmatch(child.name):
                shutil.rmtree(child, ignore_errors=True)


class EarlySync:
    """Files of a generation being written, fsynced in a background thread as each one
    is finished, while the build computes the next ones: the disk writes overlap work.
    Writes submitted to it run in that thread too, in order (see
    :class:`bot.index.writer.RecordWriter`).

    Leaving the ``with`` block waits for them and raises a failed fsync's error, which
    the kernel may report to one fsync only; then :attr:`synced` names them, for
    :meth:`IndexFolder.commit`, which fsyncs the others. (Fsyncing them again there cost
    a journal commit each on ext4: about 60 ms of a one-file reindex.)
    """

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="index-fsync")
        self._pending: list[tuple[str, Future[None]]] = []
        self.synced: frozenset[str] = frozenset()

    def add(self, path: Path) -> None:
        """Start putting a finished file on disk."""
        self._pending.append((path.name, self._pool.submit(_fsync_file, path)))

    def submit(self, fn: Callable[..., object], /, *args: object) -> Future[object]:
        """Run ``fn(*args)`` in the same thread, after what was submitted or added before:
        file writes that overlap the build's work, each file then added once complete."""
        return self._pool.submit(fn, *args)

    def __enter__(self) -> EarlySync:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._pool.shutdown(cancel_futures=exc_type is not None)
        if exc_type is None:
            for _, pending in self._pending:
                pending.result()
            self.synced = frozenset(name for name, _ in self._pending)


def _holder(fh: IO[str]) -> dict[str, Any] | None:
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


def _take_over(path: Path, fh: IO[str]) -> bool:
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
def _guard(path: Path) -> Iterator[None]:
    """A short-held lock beside the writer lock: taking over and taking the writer lock."""
    with (path.parent / ".lock.takeover").open("a") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(guard, fcntl.LOCK_UN)


def _fsync_file(path: Path) -> None:
    with path.open("rb") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
