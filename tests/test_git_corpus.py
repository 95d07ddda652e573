"""A corpus kept in git, below the Discord layer: the library's pull-then-rebuild, ignored
files, and the command line (``index --pull``, ``url`` in JSON answers, links under sources)."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE_CORPUS
from gitrepos import clone, commit_all, git, make_remote, push_change

import bot.live as library_mod
from bot.index import build
from bot.live import LiveIndex

ORIGIN = "https://github.com/acme/handbook.git"
SAMPLE = (SAMPLE_CORPUS / "linux_python.md").read_text(encoding="utf-8")
SECTION = "\n## Quokka Release Policy\nEvery release must be approved by the quokka council.\n"


@pytest.fixture
def repos(tmp_path: Path) -> tuple[Path, Path, Path]:
    bare, author = make_remote(tmp_path, {"linux_python.md": SAMPLE}, subfolder="docs")
    return bare, author, clone(bare, tmp_path / "work", origin_as=ORIGIN)


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("CORPUS_DIR", "INDEX_DIR", "SOURCE_URL", "CORPUS_GIT_PULL")
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=clean | (env or {}),
        timeout=120,
    )


# ------------------------------------------------------------------------------ library


async def test_reindex_with_pull_names_the_range_and_links_the_new_commit(tmp_path, repos):
    _, author, work = repos
    library = LiveIndex(work / "docs", tmp_path / "index")
    first = (await asyncio.to_thread(library.load)).links.commit
    pushed = push_change(author, "docs/linux_python.md", SECTION, "Quokka")
    result = await library.reindex("test", pull=True)
    assert result.ok and result.pull is not None and result.pull.after == pushed
    assert result.lines()[0] == f"git pull: {first[:7]}..{pushed[:7]} (1 commit)"
    assert any(
        line.startswith("+ linux_python.md: ") and "Quokka Release Policy" in line
        for line in result.lines()
    )
    assert library.snapshot.links.commit == pushed


async def test_a_failed_pull_keeps_the_snapshot_and_builds_nothing(tmp_path, repos, monkeypatch):
    bare, _, work = repos
    library = LiveIndex(work / "docs", tmp_path / "index")
    await asyncio.to_thread(library.load)
    old = library.snapshot
    builds = []
    monkeypatch.setattr(library_mod, "build", lambda *a, **k: builds.append(1))
    shutil.rmtree(bare)
    result = await library.reindex("test", pull=True)
    assert not result.ok and result.error.startswith("git pull failed: ")
    assert library.snapshot is old and not builds


async def test_a_pull_request_is_not_folded_into_a_build_that_does_not_pull(
    tmp_path, repos, monkeypatch
):
    _, author, work = repos
    library = LiveIndex(work / "docs", tmp_path / "index")
    await asyncio.to_thread(library.load)
    real_build = library_mod.build

    def slow_build(*args, **kwargs):
        time.sleep(0.3)
        return real_build(*args, **kwargs)

    monkeypatch.setattr(library_mod, "build", slow_build)
    pushed = push_change(author, "docs/linux_python.md", SECTION, "Quokka")
    plain, pulled, shared = await asyncio.gather(
        library.reindex("a"), library.reindex("b", pull=True), library.reindex("c")
    )
    assert plain.pull is None and pulled.pull is not None and pulled.pull.after == pushed
    assert shared is plain  # a request without pull shares the build already running


def test_files_git_ignores_are_not_indexed(tmp_path, repos):
    _, _, work = repos
    (work / ".gitignore").write_text("docs/scratch/\n", encoding="utf-8")
    (work / "docs" / "scratch").mkdir()
    (work / "docs" / "scratch" / "notes.md").write_text(
        "# Notes\nPrivate scribbles.\n", encoding="utf-8"
    )
    (work / "docs" / "kept.md").write_text(
        "# Kept\nAn untracked file that is not ignored.\n", encoding="utf-8"
    )
    index, report = build(work / "docs", tmp_path / "index")
    assert sorted(index.files) == ["kept.md", "linux_python.md"]
    (work / ".gitignore").write_text("", encoding="utf-8")  # no longer ignored: picked up
    index, report = build(work / "docs", tmp_path / "index")
    assert report.added == ["scratch/notes.md"]


# ------------------------------------------------------------------------------ CLI


def test_index_pull_then_ask_json_and_text_carry_links(tmp_path, repos):
    _, author, work = repos
    paths = ["--corpus", str(work / "docs"), "--index", str(tmp_path / "index")]
    first = git(work, "rev-parse", "HEAD")
    assert cli("index", *paths).returncode == 0
    pushed = push_change(author, "docs/linux_python.md", SECTION, "Quokka")

    out = cli("index", "--pull", *paths)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0] == f"git pull: {first[:7]}..{pushed[:7]} (1 commit)"
    assert "+ linux_python.md: " in out.stdout and "Quokka Release Policy" in out.stdout

    answer = json.loads(
        cli("ask", "--json", "Who approves releases in the quokka council?", *paths).stdout
    )
    top = answer["results"][0]
    assert top["url"] == (
        f"https://github.com/acme/handbook/blob/{pushed}/docs/linux_python.md"
        f"#L{top['line_start']}-L{top['line_end']}"
    )
    text = cli("ask", "What is GitOps?", *paths).stdout.splitlines()
    source = next(n for n, line in enumerate(text) if line.strip().startswith("linux_python.md:"))
    assert (
        text[source + 1].strip().startswith(f"https://github.com/acme/handbook/blob/{pushed}/docs/")
    )

    salary = json.loads(cli("salary", "--json", "senior mlops", *paths).stdout)
    match = salary["matches"][0]
    assert match["url"] == (
        f"https://github.com/acme/handbook/blob/{pushed}/docs/linux_python.md"
        f"#L{match['line']}-L{match['line']}"
    )


def test_source_url_setting_and_no_links_without_git(tmp_path):
    paths = ["--corpus", str(SAMPLE_CORPUS.parent / "corpus"), "--index", str(tmp_path / "index")]
    docs_site = {"SOURCE_URL": "https://docs.example.com/{path_noext}/#L{start}"}
    answer = json.loads(cli("ask", "--json", "What is GitOps?", *paths, env=docs_site).stdout)
    assert (
        answer["results"][0]["url"]
        == f"https://docs.example.com/linux_python/#L{answer['results'][0]['line_start']}"
    )
    copy = tmp_path / "plain"
    shutil.copytree(SAMPLE_CORPUS, copy)  # not in a git checkout, no template: no links
    plain = json.loads(
        cli(
            "ask",
            "--json",
            "What is GitOps?",
            "--corpus",
            str(copy),
            "--index",
            str(tmp_path / "index2"),
        ).stdout
    )
    assert [r["url"] for r in plain["results"]] == [None] * len(plain["results"])
    bad = cli("ask", "What is GitOps?", *paths, env={"SOURCE_URL": "https://x.test/{file}"})
    assert bad.returncode == 2 and "SOURCE_URL" in bad.stderr and "{file}" in bad.stderr


def test_a_failed_index_pull_exits_2_and_keeps_the_index(tmp_path, repos):
    _, author, work = repos
    paths = ["--corpus", str(work / "docs"), "--index", str(tmp_path / "index")]
    assert cli("index", *paths).returncode == 0
    commit_all_local = work / "docs" / "local.md"
    commit_all_local.write_text("# Local\n", encoding="utf-8")
    commit_all(work, "local")
    push_change(author, "docs/linux_python.md", SECTION, "Quokka")
    out = cli("index", *paths, env={"CORPUS_GIT_PULL": "true"})  # the setting turns --pull on
    assert out.returncode == 2 and "git pull failed" in out.stderr and "fast-forward" in out.stderr
    assert "the index was not changed" in out.stderr
    files = json.loads(
        cli("index", "--json", "--no-pull", *paths, env={"CORPUS_GIT_PULL": "true"}).stdout
    )
    assert files["added"] == ["local.md"] and "pull" not in files  # --no-pull wins over the setting


# ------------------------------------------------------------------------------ polling


async def _until(probe, what: str, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while not probe():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(0.02)


async def test_polling_pulls_a_burst_of_pushes_once_then_holds_still(tmp_path, repos):
    from bot.config import Settings
    from bot.watch import poll_remote

    _, author, work = repos
    library = LiveIndex(work / "docs", tmp_path / "index")
    await asyncio.to_thread(library.load)
    calls = []
    real = library.reindex

    async def recording(reason="requested", *, pull=False):
        calls.append((reason, pull))
        return await real(reason, pull=pull)

    library.reindex = recording
    settings = Settings(
        _env_file=None, corpus_dir=work / "docs", corpus_git_poll_seconds=0.05, watch_debounce_ms=50
    )
    push_change(author, "docs/linux_python.md", "\n## One\nFirst push.\n", "one")
    last = push_change(author, "docs/linux_python.md", "\n## Two\nSecond push.\n", "two")
    task = asyncio.create_task(poll_remote(library, settings))
    try:
        await _until(
            lambda: library.snapshot.links.commit == last, "the pushed commit to be served"
        )
        for _ in range(10):  # ten more polls: the remote holds still, nothing is rebuilt
            await asyncio.sleep(0.05)
        assert calls == [("poll", True)]
        assert git(work, "rev-parse", "HEAD") == last
    finally:
        task.cancel()


async def test_polling_a_vanished_remote_warns_once_and_keeps_serving(tmp_path, repos, caplog):
    from bot.config import Settings
    from bot.watch import poll_remote

    bare, _, work = repos
    library = LiveIndex(work / "docs", tmp_path / "index")
    old = await asyncio.to_thread(library.load)
    shutil.rmtree(bare)
    settings = Settings(_env_file=None, corpus_dir=work / "docs", corpus_git_poll_seconds=0.05)
    caplog.set_level("WARNING", logger="bot.watch")
    task = asyncio.create_task(poll_remote(library, settings))
    try:
        await _until(lambda: caplog.records, "a warning")
        for _ in range(10):
            await asyncio.sleep(0.05)
        assert [r.getMessage().split(":")[0] for r in caplog.records] == [
            "polling the git remote failed (still trying)"
        ]
        assert library.snapshot is old and not task.done()
    finally:
        task.cancel()


async def test_polling_a_folder_that_is_not_a_checkout_stops_with_a_reason(tmp_path, caplog):
    from bot.config import Settings
    from bot.watch import poll_remote

    settings = Settings(_env_file=None, corpus_dir=tmp_path, corpus_git_poll_seconds=0.05)
    await asyncio.wait_for(poll_remote(LiveIndex(tmp_path, tmp_path / "index"), settings), 10)
    assert "not a git checkout" in caplog.text
