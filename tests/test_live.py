"""The live index of a running bot: snapshots, shared rebuilds, failed rebuilds."""

import asyncio
import threading

import pytest

import bot.live
from bot.live import LiveIndex

NEW_SECTION = (
    "\n## Pager etiquette\nAlways acknowledge a page within five minutes, even at night.\n"
)
PAGER_QUESTION = "acknowledge a page within minutes"


def texts(answer):
    return " ".join(h.text for h in answer.results)


class GatedBuild:
    """``bot.live.build``, held at its start until released: the build is in progress for
    as long as a test needs, with no sleeps."""

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.calls = 0
        self.started = asyncio.Event()
        self._loop = loop
        self._go = threading.Event()
        self._real = bot.live.build

    def __call__(self, *args, **kwargs):
        self.calls += 1
        self._loop.call_soon_threadsafe(self.started.set)
        if not self._go.wait(timeout=60):
            raise TimeoutError("the test never released the build")
        return self._real(*args, **kwargs)

    def release(self) -> None:
        self._go.set()


@pytest.fixture
async def live(corpus_copy, tmp_path):
    live = LiveIndex(corpus_copy, tmp_path / "index")
    await asyncio.to_thread(live.load)
    return live


@pytest.fixture
async def gated(monkeypatch):
    gate = GatedBuild(asyncio.get_running_loop())
    monkeypatch.setattr(bot.live, "build", gate)
    yield gate
    gate.release()  # never leave a worker thread waiting


async def test_a_question_asked_during_a_rebuild_is_answered_from_the_old_snapshot(
    live, corpus_copy, gated
):
    old = live.snapshot
    with (corpus_copy / "linux_python.md").open("a") as fh:
        fh.write(NEW_SECTION)
    task = asyncio.create_task(live.reindex("test"))
    await gated.started.wait()
    during = live.snapshot
    assert during is old and during.answerer.ask("What is GitOps?").answered
    assert "five minutes" not in texts(during.answerer.ask(PAGER_QUESTION))
    gated.release()
    result = await task
    assert result.ok and live.snapshot is not old
    assert "five minutes" in texts(live.snapshot.answerer.ask(PAGER_QUESTION))
    assert "five minutes" not in texts(old.answerer.ask(PAGER_QUESTION))  # still the old one


async def test_concurrent_reindex_requests_share_one_build(live, corpus_copy, gated):
    with (corpus_copy / "linux_python.md").open("a") as fh:
        fh.write(NEW_SECTION)
    tasks = [asyncio.create_task(live.reindex(f"request {n}")) for n in range(3)]
    await gated.started.wait()  # every request is in by now: each was scheduled before
    gated.release()
    results = await asyncio.gather(*tasks)
    assert gated.calls == 1 and all(r.ok for r in results)
    assert results[0].report is results[1].report is results[2].report
    assert results[0].report.changed == ["linux_python.md"]
    again = await live.reindex("later")  # a request after the build ends builds again
    assert again.ok and again.report is not results[0].report and gated.calls == 2


async def test_a_failed_build_keeps_the_old_snapshot_and_says_why(live, corpus_copy):
    old = live.snapshot
    (corpus_copy / "linux_python.md").unlink()
    result = await live.reindex("test")
    assert not result.ok and "empty" in result.error and result.report is None
    assert live.snapshot is old and old.answerer.ask("What is GitOps?").answered


async def test_an_unexpected_build_error_keeps_the_old_snapshot(live, monkeypatch):
    old = live.snapshot

    def broken_build(*args, **kwargs):
        raise RuntimeError("the disk caught fire")

    monkeypatch.setattr(bot.live, "build", broken_build)
    result = await live.reindex("test")
    assert not result.ok and result.error == "RuntimeError: the disk caught fire"
    assert live.snapshot is old
