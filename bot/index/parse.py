"""Parsing the files of a build: read, parse, tokenize and extract each file, on all cores
for many files, within a time and size budget per file.

Each file becomes a :class:`bot.index.writer.ParsedFile`, or a reason it is skipped.
Workers die with the build that started them.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Protocol

from ..sections import parse_markdown, read_markdown_from
from .corpus import opened, problem
from .writer import ParsedFile

log = logging.getLogger(__name__)
PARALLEL_MIN_FILES = 200
RECORDS_BUDGET = 16  # index records one file may make, as a multiple of its text ...
RECORDS_FLOOR = 1 << 20  # ... plus this many bytes
PARSE_SECONDS = 30.0  # CPU time one file may take (the bounded ones take well under 1 s/MB)

Parsed = tuple[str, ParsedFile | None, str | None]  # source, the file or None, why not

_PARENT: int | None = None  # in a parse worker: the process that started it


def parse_files(
    corpus: Path, sources: list[str], *, progress: bool = False, workers: int | None = None
) -> Iterator[Parsed]:
    """Parse files in the given order, on all cores for many files: (source, ParsedFile,
    None), or (source, None, why it is skipped).

    Results come back one by one, in order, so the caller can write each and let it go.
    """
    root = os.path.realpath(corpus)
    jobs = [(str(corpus), root, s) for s in sources]
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


def _parse_one(args: tuple[str, str, str]) -> Parsed:
    """Read, parse, tokenize and extract one file: the per-file work, run in a worker."""
    corpus, root, source = args
    if _PARENT is not None and os.getppid() != _PARENT:
        os._exit(1)  # orphaned: the build that wanted this file is gone
    try:
        with opened(root, Path(corpus), source) as fh:
            text = read_markdown_from(fh)
        with _time_budget(PARSE_SECONDS):
            part = ParsedFile.of(parse_markdown(text, source))
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
        return source, None, problem(exc)
    except RecursionError:
        return source, None, "too deeply nested to parse"
    except _OverBudget:
        return source, None, f"took more than {PARSE_SECONDS:g} s to parse"


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


class _OverBudget(Exception):
    pass


@contextmanager
def _time_budget(seconds: float) -> Iterator[None]:
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

    def over(signum: int, frame: FrameType | None) -> None:
        raise _OverBudget

    signal.signal(signal.SIGPROF, over)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, signal.SIG_DFL)


class _Progress(Protocol):
    def update(self, n: int = 1) -> object: ...
    def close(self) -> None: ...


def _progress(total: int, enabled: bool) -> _Progress:
    """A progress bar on a terminal; plain log lines (every 10%) otherwise."""
    if enabled and sys.stderr.isatty():
        from tqdm import tqdm

        bar: _Progress = tqdm(total=total, unit="file", desc="indexing", leave=False)
        return bar
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
