"""The live index a running bot answers from: loaded once, rebuilt off the event loop,
swapped in one assignment.

Questions take a :class:`Snapshot` and keep using it, so a question asked during a rebuild
finishes on the old index. Concurrent rebuild requests share one build. A failed build
leaves the old snapshot in place and reports why. A rebuild may first ``git pull`` the
corpus; a failed pull is reported the same way, and nothing is rebuilt.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from .answer import Answerer
from .index import BuildReport, SearchIndex, build, open_index
from .salary import SalaryBook, SalaryFact
from .sections import CorpusError
from .sources import GitError, Pull, SourceLinks, pull, source_links

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Snapshot:
    """One immutable view: an index, its answerer, its salary facts and how to link to the
    sources (None: no links)."""

    index: SearchIndex
    answerer: Answerer
    loaded_at: float = field(default_factory=time.time)
    links: SourceLinks | None = None

    @classmethod
    def of(cls, index: SearchIndex, links: SourceLinks | None = None) -> Snapshot:
        snapshot = cls(index, Answerer(index), links=links)
        _ = snapshot.answerer.salary_book  # decode the salary facts now, off the event loop
        return snapshot

    @property
    def facts(self) -> list[SalaryFact]:
        return self.answerer.facts

    @property
    def salary_book(self) -> SalaryBook:
        return self.answerer.salary_book


@dataclass(slots=True)
class ReindexResult:
    ok: bool
    report: BuildReport | None = None
    error: str | None = None
    pull: Pull | None = None  # what git pull did, when the rebuild pulled first

    def lines(self) -> list[str]:
        """The pull (if any), then the build summary."""
        return ([self.pull.summary()] if self.pull else []) + (
            self.report.lines() if self.report else []
        )


class LiveIndex:
    """The index a running bot answers from, as a :class:`Snapshot` swapped in whole."""

    def __init__(self, corpus: Path, index_dir: Path, *, source_url: str | None = None):
        self.corpus = corpus
        self.index_dir = index_dir
        self.source_url = source_url  # the SOURCE_URL template; None: derive from git
        self._snapshot: Snapshot | None = None
        self._running: asyncio.Task[ReindexResult] | None = None
        self._running_pulls = False

    @property
    def snapshot(self) -> Snapshot:
        if self._snapshot is None:
            raise RuntimeError("the index is not loaded yet")
        return self._snapshot

    @property
    def ready(self) -> bool:
        return self._snapshot is not None

    def load(self) -> Snapshot:
        """Open the index (rebuilding a missing or stale one). Blocking: run in a thread."""
        index = open_index(self.corpus, self.index_dir)
        self._snapshot = Snapshot.of(index, source_links(self.corpus, self.source_url))
        return self._snapshot

    async def reindex(self, reason: str = "requested", *, pull: bool = False) -> ReindexResult:
        """Rebuild in a worker thread and swap it in. Callers during a build share its result,
        except that a caller asking for a pull waits for a build that did not pull, then
        pulls and builds again."""
        while self._running is not None and not self._running.done():
            if self._running_pulls or not pull:
                return await asyncio.shield(self._running)
            await asyncio.wait({self._running})
        self._running_pulls = pull
        self._running = asyncio.get_running_loop().create_task(self._rebuild(reason, pull))
        return await asyncio.shield(self._running)

    async def _rebuild(self, reason: str, pull_first: bool = False) -> ReindexResult:
        pulled = None
        if pull_first:
            try:
                pulled = await asyncio.to_thread(pull, self.corpus)
            except GitError as exc:
                log.warning("git pull failed, still serving the previous index: %s", exc)
                return ReindexResult(False, error=f"git pull failed: {exc}")
            log.info("%s", pulled.summary())
        previous = self._snapshot.index if self._snapshot else None
        try:
            index, report = await asyncio.to_thread(
                build, self.corpus, self.index_dir, reason=reason, previous=previous
            )
            links = await asyncio.to_thread(source_links, self.corpus, self.source_url)
            snapshot = await asyncio.to_thread(Snapshot.of, index, links)
        except (CorpusError, OSError, ValueError) as exc:
            log.warning("reindex failed, still serving the previous index: %s", exc)
            return ReindexResult(False, error=str(exc), pull=pulled)
        except Exception as exc:
            log.exception("reindex failed, still serving the previous index")
            return ReindexResult(False, error=f"{type(exc).__name__}: {exc}", pull=pulled)
        self._snapshot = snapshot  # the swap: one assignment
        log.info("reindexed (%s): %s", reason, report.lines()[0])
        return ReindexResult(True, report, pull=pulled)
