"""Rebuilding by itself: when Markdown files under the corpus change (watch mode), and when
the corpus's git remote moves (polling). Both end in the same place, ``LiveIndex.reindex``,
which shares one build among concurrent requests; both wait for a burst of changes to end
(the debounce) before asking for it.
"""

from __future__ import annotations

import asyncio
import logging

from watchfiles import Change, awatch

from .config import Settings
from .live import LiveIndex
from .sections import is_markdown_name
from .sources import GitError, find_checkout, short

log = logging.getLogger(__name__)


def _is_markdown(_change: Change, path: str) -> bool:
    return is_markdown_name(path)


async def _rebuild(live: LiveIndex, reason: str, *, pull: bool = False) -> None:
    result = await live.reindex(reason, pull=pull)
    if not result.ok:
        log.warning("%s rebuild failed: %s", reason, result.error)


async def watch_corpus(live: LiveIndex, settings: Settings) -> None:
    """Rebuild after each burst of changes; an editor's save-storm gives one rebuild."""
    log.info("watching %s for changes", settings.corpus_dir)
    try:
        async for changes in awatch(
            settings.corpus_dir,
            watch_filter=_is_markdown,
            debounce=settings.watch_debounce_ms,
            step=50,
            recursive=True,
        ):
            names = sorted({p for _, p in changes})
            log.info("corpus changed (%d files), rebuilding", len(names))
            await _rebuild(live, "watch")
    except (OSError, RuntimeError) as exc:  # the folder went away, the watcher failed
        log.error("stopped watching %s: %s; /reindex still works", settings.corpus_dir, exc)


async def poll_remote(live: LiveIndex, settings: Settings) -> None:
    """Every CORPUS_GIT_POLL_SECONDS, fetch; when the upstream branch has new commits, wait
    until it stops moving (a burst of pushes gives one rebuild), then pull and rebuild."""
    seconds = settings.corpus_git_poll_seconds
    checkout = await asyncio.to_thread(find_checkout, settings.corpus_dir)
    if checkout is None:
        log.error(
            "CORPUS_GIT_POLL_SECONDS is set but %s is not a git checkout; not polling",
            settings.corpus_dir,
        )
        return
    log.info("polling the git remote of %s every %g s", settings.corpus_dir, seconds)
    failing = False
    while True:
        await asyncio.sleep(seconds)
        try:
            moved = await asyncio.to_thread(checkout.upstream_moved)
            while moved:  # the debounce: fetch again until the upstream holds still
                await asyncio.sleep(settings.watch_debounce_ms / 1000)
                again = await asyncio.to_thread(checkout.upstream_moved)
                if again is None or again[1] == moved[1]:
                    break
                moved = again
        except GitError as exc:
            if not failing:  # once per outage, not every poll
                log.warning("polling the git remote failed (still trying): %s", exc)
            failing = True
            continue
        if failing:
            log.info("polling the git remote works again")
            failing = False
        if moved:
            log.info(
                "the git remote moved (%s..%s), pulling and rebuilding",
                short(moved[0]),
                short(moved[1]),
            )
            await _rebuild(live, "poll", pull=True)
