"""Watch mode: rebuild the index when Markdown files under the corpus change."""

from __future__ import annotations

import logging

from watchfiles import Change, awatch

from .config import Settings
from .library import Library

log = logging.getLogger(__name__)


def _is_markdown(_change: Change, path: str) -> bool:
    return path.lower().endswith(".md")


async def watch_corpus(library: Library, settings: Settings) -> None:
    """Rebuild after each burst of changes; an editor's save-storm gives one rebuild."""
    log.info("watching %s for changes", settings.corpus_dir)
    try:
        async for changes in awatch(settings.corpus_dir, watch_filter=_is_markdown,
                                    debounce=settings.watch_debounce_ms, step=50,
                                    recursive=True):
            names = sorted({p for _, p in changes})
            log.info("corpus changed (%d files), rebuilding", len(names))
            result = await library.reindex("watch")
            if not result.ok:
                log.warning("watch rebuild failed: %s", result.error)
    except (OSError, RuntimeError) as exc:  # the folder went away, the watcher failed
        log.error("stopped watching %s: %s; /reindex still works", settings.corpus_dir, exc)
