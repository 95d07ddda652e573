"""Watch mode with the real watcher: a Markdown change rebuilds once after the debounce;
other files never rebuild."""

import asyncio
import time

from watchfiles import Change

from bot.config import Settings
from bot.live import LiveIndex
from bot.watch import _is_markdown, watch_corpus

WAIT_S = 30  # how long a rebuild may take to come, on a busy machine
QUIET_S = 2.0  # how long to watch for a rebuild that must not come (debounce: 0.2 s)


async def _until(condition, seconds: float = WAIT_S) -> bool:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    return condition()


async def _settled(reasons: list[str]) -> int:
    """The number of rebuilds once none has come for QUIET_S."""
    while True:
        seen = len(reasons)
        await asyncio.sleep(QUIET_S)
        if len(reasons) == seen:
            return seen


async def test_a_markdown_change_rebuilds_once_and_other_files_never(
    corpus_copy, tmp_path, monkeypatch
):
    live = LiveIndex(corpus_copy, tmp_path / "index")
    await asyncio.to_thread(live.load)
    reasons: list[str] = []
    real_reindex = live.reindex

    async def counting_reindex(reason="requested", *, pull=False):
        reasons.append(reason)
        return await real_reindex(reason, pull=pull)

    monkeypatch.setattr(live, "reindex", counting_reindex)
    settings = Settings(
        _env_file=None, corpus_dir=corpus_copy, index_dir=tmp_path / "index", watch_debounce_ms=200
    )
    watcher = asyncio.create_task(watch_corpus(live, settings))
    doc = corpus_copy / "linux_python.md"
    try:
        # the watcher starts at its own pace: touch a Markdown file until it reacts
        for n in range(WAIT_S):
            doc.write_text(doc.read_text() + f"\n<!-- start {n} -->\n")
            if await _until(lambda: reasons, 1.0):
                break
        assert reasons, "the watcher never reacted to a Markdown change"
        before = await _settled(reasons)

        (corpus_copy / "notes.txt").write_text("not Markdown\n")
        (corpus_copy / "logo.png").write_bytes(b"\x89PNG")
        (corpus_copy / "draft.md.swp").write_bytes(b"editor swap file")
        await asyncio.sleep(QUIET_S)
        assert len(reasons) == before, "a change to a file that is not Markdown rebuilt"

        for n in range(5):  # a burst of saves, as an editor makes
            with doc.open("a") as fh:
                fh.write(f"\n## Pager etiquette {n}\nAcknowledge a page within five minutes.\n")
        assert await _until(lambda: len(reasons) > before)
        assert await _settled(reasons) == before + 1
        assert reasons[-1] == "watch"
        answer = live.snapshot.answerer.ask("acknowledge a page within minutes")
        assert answer.answered and "five minutes" in answer.results[0].text
    finally:
        watcher.cancel()
        await asyncio.gather(watcher, return_exceptions=True)


def test_the_watcher_reacts_to_the_files_a_build_indexes():
    for name, indexed in [
        ("/c/guide.md", True),
        ("/c/Guide.MARKDOWN", True),
        ("/c/docs/intro.mdx", True),
        ("/c/notes.txt", False),
        ("/c/draft.md.swp", False),
        ("/c/logo.png", False),
    ]:
        assert _is_markdown(Change.modified, name) is indexed, name
