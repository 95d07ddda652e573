"""Off the event loop: :class:`Writer` runs the feedback writes one after another on its own
thread, and :class:`Feedback` is what the running bot holds (the store, its writer, the
retention policy). A write that fails loses that record with one warning in the log."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from .records import Record, new_answer_id, record_of, utcnow
from .schema import FeedbackError
from .store import FeedbackStore

log = logging.getLogger(__name__)

QUEUE_MAX = 10_000  # writes waiting for the writer thread; more are dropped with a warning
PRUNE_EVERY = timedelta(hours=6)


class Writer:
    """Runs writes one after another on its own thread; callers never wait for them.

    :meth:`submit` returns a :class:`~concurrent.futures.Future` for callers that want the
    result (a vote's acknowledgement), or None when the queue is full. A write that fails
    is lost, with one warning in the log.
    """

    def __init__(self, maxsize: int = QUEUE_MAX):
        self._queue: queue.Queue = queue.Queue(maxsize)
        self._thread = threading.Thread(target=self._run, name="feedback-writer", daemon=True)
        self._thread.start()

    def submit(
        self, fn: Callable[..., Any], *args: Any, what: str = "a feedback record"
    ) -> Future | None:
        future: Future = Future()
        try:
            self._queue.put_nowait((future, fn, args, what))
        except queue.Full:
            log.warning("feedback writes are backed up: %s was not recorded", what)
            return None
        return future

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            future, fn, args, what = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(*args))
            except (sa.exc.SQLAlchemyError, OSError, FeedbackError) as exc:
                log.warning(
                    "could not write %s to the feedback database, it is lost: %s",
                    what,
                    _one_line(exc),
                )
                future.set_exception(exc)
            except Exception as exc:
                log.exception("writing %s failed", what)
                future.set_exception(exc)

    def close(self, timeout: float = 5.0) -> None:
        """Finish the queued writes (up to ``timeout``) and stop the thread."""
        try:
            self._queue.put(None, timeout=timeout)
        except queue.Full:
            return
        self._thread.join(timeout)


def _one_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)  # SQLAlchemy wraps the driver's error
    text = str(orig if orig is not None else exc)
    return text.splitlines()[0] if text else type(exc).__name__


class Feedback:
    """What the running bot uses: the store, its writer thread, and the retention policy.

    Created by :meth:`open`; ``enabled`` is False when recording is off or the database
    could not be opened (then nothing is kept and answers go on as usual).
    """

    def __init__(self, store: FeedbackStore | None, retention_days: int = 90):
        self.store = store
        self.retention_days = retention_days
        self.writer = Writer() if store is not None else None
        self._pruned_at: datetime | None = None

    @classmethod
    def open(
        cls, record: bool, retention_days: int, database_url: str | None, data_dir: Path
    ) -> Feedback:
        """Open the store (blocking: run it in a thread). Never raises: logs and disables."""
        if not record:
            log.info("RECORD_QUESTIONS is off: no questions, votes or notes are kept")
            return cls(None, retention_days)
        try:
            store = FeedbackStore.open(database_url, data_dir)
        except (sa.exc.SQLAlchemyError, OSError, FeedbackError) as exc:
            log.warning(
                "feedback database unavailable, questions are not recorded: %s", _one_line(exc)
            )
            return cls(None, retention_days)
        feedback = cls(store, retention_days)
        feedback.prune_if_due()
        return feedback

    @property
    def enabled(self) -> bool:
        return self.store is not None

    def record(self, rec: Record) -> None:
        """Queue a question's record; returns at once."""
        if self.writer is not None and self.store is not None:
            self.writer.submit(self.store.record, rec, what=f"question {rec.id}")
            self.prune_if_due()

    def record_answer(
        self,
        answer: Any,
        *,
        answered: bool | None = None,
        guild_id: int | None = None,
        channel_id: int | None = None,
        index: Any = None,
    ) -> str | None:
        """Queue the record of an answer; return its answer id, or None when nothing is kept.

        Returns at once: even the record is made on the writer thread.
        """
        store = self.store
        if self.writer is None or store is None:
            return None
        answer_id = new_answer_id()
        asked_at = utcnow()

        def write() -> None:
            store.record(
                record_of(
                    answer,
                    answer_id=answer_id,
                    answered=answered,
                    guild_id=guild_id,
                    channel_id=channel_id,
                    index=index,
                    asked_at=asked_at,
                )
            )

        self.writer.submit(write, what=f"question {answer_id}")
        self.prune_if_due()
        return answer_id

    def prune_if_due(self, now: datetime | None = None) -> None:
        now = now or utcnow()
        if self.writer is None or self.store is None:
            return
        if self._pruned_at and now - self._pruned_at < PRUNE_EVERY:
            return
        self._pruned_at = now
        self.writer.submit(self.store.prune, self.retention_days, what="pruning old records")

    def write(self, fn: Callable[..., Any], *args: Any, what: str) -> Future | None:
        return self.writer.submit(fn, *args, what=what) if self.writer is not None else None

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        if self.store is not None:
            self.store.close()
