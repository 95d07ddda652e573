"""The corpus folder as a build sees it: which Markdown files there are, which can be read,
what they hold (content hashes), and whether an index still matches them.
"""

from __future__ import annotations

import errno
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ..sections import CorpusError, is_markdown_name
from ..sources import ignored_by_git
from ..text import data_fingerprint

RACY_NS = 2_000_000_000  # see vouched_for
_PROC_FD = os.path.isdir("/proc/self/fd")  # see opened


@dataclass(slots=True)
class FileState:
    """One Markdown file of the corpus as scanned: size and mtime, its content hash once
    known, and why it is skipped, if it is."""

    source: str
    size: int
    mtime_ns: int
    sha256: str | None = None
    skipped: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "size": self.size,
            "mtime_ns": self.mtime_ns,
            "sha256": self.sha256,
            "skipped": self.skipped,
        }


def scan(corpus: Path) -> dict[str, FileState]:
    """Size and modification time of every Markdown file (``*.md``, ``*.markdown``, ``*.mdx``)
    below ``corpus``, sorted (no reading).

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
            name = prefix.rstrip("/")
            out[name] = _skipped(name, f"folder cannot be read ({exc.strerror or exc})")
            continue
        for e in entries:
            if not e.name.startswith("."):
                _scan_entry(root, prefix, e, out, stack)
    readable = [source for source, state in out.items() if not state.skipped]
    for source in ignored_by_git(corpus, readable):  # a git checkout: ignored, not indexed
        del out[source]
    return dict(sorted(out.items()))


def _scan_entry(
    root: str,
    prefix: str,
    e: os.DirEntry[str],
    out: dict[str, FileState],
    stack: list[tuple[str, str]],
) -> None:
    """One entry of a folder: a Markdown file goes into ``out``, a folder onto ``stack``."""
    is_md = is_markdown_name(e.name)
    name = prefix + e.name
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # os.scandir gives undecodable bytes as surrogates
        shown = os.fsencode(name).decode("utf-8", "backslashreplace")
        out[shown] = _skipped(shown, "the file name is not UTF-8; rename it to index it")
        return
    try:
        # the name first: is_dir() of a symlink costs a stat, is_file() one too, and
        # e.stat() then reuses it
        if e.is_symlink():
            why = _link_problem(root, e.path)
            if why:
                if is_md or os.path.isdir(e.path):
                    out[name] = _skipped(name, why)
                return
        if is_md and e.is_file():
            st = e.stat()
            out[name] = FileState(name, st.st_size, st.st_mtime_ns)
        elif e.is_dir():
            stack.append((f"{name}/", e.path))
    except OSError as exc:
        out[name] = _skipped(name, f"cannot be read ({exc.strerror or exc})")


def _skipped(name: str, reason: str) -> FileState:
    return FileState(name, 0, 0, skipped=reason)


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


@contextmanager
def opened(root: str, corpus: Path, source: str) -> Iterator[BinaryIO]:
    """A scanned file, open for reading, checked again once open: a file swapped for a
    link out of the corpus since the scan is refused (ValueError). ``root`` is the corpus
    folder's real path.

    The check reads the path of the file actually opened (``/proc/self/fd``), so nothing
    can be swapped between the check and the read; where there is no ``/proc``, the path
    is resolved before the file is opened.
    """
    path = corpus / source
    if not _PROC_FD:
        _check_inside(root, os.path.realpath(path))
    with path.open("rb") as fh:
        if _PROC_FD:
            _check_inside(root, os.readlink(f"/proc/self/fd/{fh.fileno()}"))
        yield fh


def _check_inside(root: str, real: str) -> None:
    if not _inside(root, real):
        raise ValueError("a link to outside the corpus folder (not read)")


def problem(exc: BaseException) -> str:
    """A file's problem in a few words: no traceback, no errno prefix."""
    if isinstance(exc, FileNotFoundError):
        return "deleted while indexing"
    if isinstance(exc, OSError):
        return f"cannot be read ({exc.strerror or exc})"
    return str(exc)


def _sha256(fh: BinaryIO) -> str:
    h = hashlib.sha256()
    for chunk in iter(lambda: fh.read(1 << 20), b""):
        h.update(chunk)
    return h.hexdigest()


def _hashed(root: str, corpus: Path, source: str) -> str:
    with opened(root, corpus, source) as fh:
        return _sha256(fh)


def vouched_for(state: FileState, old: dict[str, Any], scanned_at_ns: int | None) -> bool:
    """Whether a file's size and mtime, unchanged since the index was built, vouch for the
    content hash recorded then.

    Not when the file was modified within RACY_NS of that scan, or after it started: a
    second write within the same timestamp tick leaves size and mtime as they were (git
    calls such entries "racily clean"). Those files are hashed again.
    """
    if (state.size, state.mtime_ns) != (old.get("size"), old.get("mtime_ns")):
        return False
    return scanned_at_ns is None or state.mtime_ns < scanned_at_ns - RACY_NS


def hash_files(
    corpus: Path,
    files: dict[str, FileState],
    known: dict[str, dict[str, Any]],
    scanned_at_ns: int | None,
) -> None:
    """Set each readable file's content hash: the one recorded in ``known`` (the previous
    index's files, scanned at ``scanned_at_ns``) when size and mtime vouch for it, else
    read from disk. A file that cannot be read now is marked skipped, with the reason."""
    root = os.path.realpath(corpus)
    for state in files.values():
        if state.skipped:
            continue
        old = known.get(state.source, {})
        try:
            state.sha256 = (
                old.get("sha256")
                if vouched_for(state, old, scanned_at_ns)
                else _hashed(root, corpus, state.source)
            )
        except (OSError, ValueError) as exc:  # gone since the scan, unreadable, a link now
            state.skipped = problem(exc)


def fingerprint(files: dict[str, dict[str, Any]]) -> str:
    """A short hash of the tokenizer's data and every file's content hash."""
    h = hashlib.sha256(data_fingerprint().encode())
    h.update("".join(f"{s}\0{files[s]['sha256']}\n" for s in sorted(files)).encode())
    return h.hexdigest()[:16]


def why_stale(files: dict[str, dict[str, Any]], meta: dict[str, Any], corpus: Path) -> str | None:
    """Why an index of ``files``, with ``meta``, no longer matches the corpus; None when
    it does."""
    if meta.get("data") != data_fingerprint():
        return "the tokenizer's data changed"
    now = scan(corpus)
    root = os.path.realpath(corpus)
    if set(now) != set(files):
        added, removed = len(set(now) - set(files)), len(set(files) - set(now))
        return f"files were added ({added}) or removed ({removed})"
    for source, state in now.items():
        old = files[source]
        if state.skipped:  # never read; only a change of reason counts
            if old.get("skipped") != state.skipped:
                return f"{source} changed"
            continue
        if vouched_for(state, old, meta.get("scanned_at_ns")):
            continue
        try:
            if _hashed(root, corpus, source) != old.get("sha256"):
                return f"{source} changed"
        except (OSError, ValueError):
            return f"{source} changed"
    return None
