"""The live index a running bot answers from: loaded once, rebuilt off the event loop,
swapped in one assignment.

Questions take a :class:`Snapshot` and keep using it, so a question asked during a rebuild
finishes on the old index. Concurrent rebuild requests share one build. A failed build
leaves the old snapshot in place and reports why.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from .index import SearchIndex
from .quote import Answerer
from .salary import SalaryFact
from .sections import CorpusError
from .store import BuildReport, build, open_index

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Snapshot:
    """One immutable view: an index, its answerer and its salary facts."""

    index: SearchIndex
    answerer: Answerer
    loaded_at: float = field(default_factory=time.time)

    @classmethod
    def of(cls, index: SearchIndex) -> "Snapshot":
        snapshot = cls(index, Answerer(index))
        _ = snapshot.answerer.facts  # decode the salary facts now, off the event loop
        return snapshot

    @property
    def facts(self) -> list[SalaryFact]:
        return self.answerer.facts


@dataclass(slots=True)
class ReindexResult:
    ok: bool
    report: BuildReport | None = None
    error: str | None = None


class Library:
    def __init__(self, corpus: Path, index_dir: Path):
        self.corpus = corpus
        self.index_dir = index_dir
        self._snapshot: Snapshot | None = None
        self._running: asyncio.Task[ReindexResult] | None = None

    @property
    def snapshot(self) -> Snapshot:
        if self._snapshot is None:
            raise RuntimeError("the library is not loaded yet")
        return self._snapshot

    @property
    def ready(self) -> bool:
        return self._snapshot is not None

    def load(self) -> Snapshot:
        """Open the index (rebuilding a missing or stale one). Blocking: run in a thread."""
        self._snapshot = Snapshot.of(open_index(self.corpus, self.index_dir))
        return self._snapshot

    async def reindex(self, reason: str = "requested") -> ReindexResult:
        """Rebuild in a worker thread and swap it in. Callers during a build share its result."""
        if self._running is None or self._running.done():
            self._running = asyncio.get_running_loop().create_task(self._rebuild(reason))
        return await asyncio.shield(self._running)

    async def _rebuild(self, reason: str) -> ReindexResult:
        previous = self._snapshot.index if self._snapshot else None
        try:
            index, report = await asyncio.to_thread(build, self.corpus, self.index_dir,
                                                     reason=reason, previous=previous)
            snapshot = await asyncio.to_thread(Snapshot.of, index)
        except (CorpusError, OSError, ValueError) as exc:
            log.warning("reindex failed, still serving the previous index: %s", exc)
            return ReindexResult(False, error=str(exc))
        except Exception as exc:  # noqa: BLE001 - keep serving whatever went wrong
            log.exception("reindex failed, still serving the previous index")
            return ReindexResult(False, error=f"{type(exc).__name__}: {exc}")
        self._snapshot = snapshot  # the swap: one assignment
        log.info("reindexed (%s): %s", reason, report.lines()[0])
        return ReindexResult(True, report)
