"""End-to-end: a corpus kept in git. The real bot, through the Discord stand-in, on a clone of
a bare "remote" repository on disk that the test pushes commits to.

The clone's ``origin`` is configured as a GitHub URL (so links are derived from it), and git's
``insteadOf`` sends its fetches to the bare repository, so nothing leaves the machine.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLE_CORPUS
from gitrepos import clone, commit_all, git, make_remote, push_change
from test_e2e import (
    ask,
    ask_until_quoted,
    assert_nothing_rejected,
    command,
    descriptions,
    quotes,
    reply_to,
    running_bot,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

ORIGIN = "git@github.com:acme/handbook.git"
SAMPLE = (SAMPLE_CORPUS / "linux_python.md").read_text(encoding="utf-8")
FOOTER_LINES = re.compile(r"linux_python\.md:(\d+)(?:-(\d+))?")


def github(commit: str, start: str, end: str) -> str:
    return f"https://github.com/acme/handbook/blob/{commit}/docs/linux_python.md#L{start}-L{end}"


def linked_lines(embed: dict) -> str:
    """The link a quote's title must carry, given its footer's lines: the commit is left as {}."""
    m = FOOTER_LINES.search(embed["footer"]["text"])
    assert m, embed["footer"]
    return github("{}", m[1], m[2] or m[1])


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if text in line)


@pytest.fixture
def repos(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(bare remote, author's clone, the bot's corpus: docs/ in a clone whose origin is GitHub)."""
    bare, author = make_remote(tmp_path, {"linux_python.md": SAMPLE}, subfolder="docs")
    work = clone(bare, tmp_path / "work", origin_as=ORIGIN)
    return bare, author, work


async def reindex_as_admin(standin) -> dict:
    return await reply_to(
        standin, await standin.interact(standin.slash_payload("reindex", admin=True))
    )


async def test_a_pushed_commit_is_pulled_by_reindex_and_answered_with_a_link_to_it(
    tmp_path: Path, repos
) -> None:
    _, author, work = repos
    first = git(work, "rev-parse", "HEAD")
    sentence = "Every release must be approved by the quokka council before Friday."
    async with running_bot(tmp_path, work / "docs", corpus_git_pull=True) as bot:
        standin = bot.standin
        before = await ask(standin, "What is GitOps?")
        [quote] = quotes(before)
        assert quote["url"] == linked_lines(quote).format(first)

        pushed = push_change(
            author,
            "docs/linux_python.md",
            f"\n## Quokka Release Policy\n{sentence}\n",
            "Quokka release policy",
        )
        rebuilt = await reindex_as_admin(standin)
        [embed] = rebuilt["embeds"]
        assert embed["title"] == "Index rebuilt"
        assert f"git pull: {first[:7]}..{pushed[:7]} (1 commit)" in embed["description"]
        assert "+ linux\\_python.md: " in embed["description"]  # escaped for Discord's markdown
        assert "Quokka Release Policy" in embed["description"]
        assert git(work, "rev-parse", "HEAD") == pushed

        answer = await ask(standin, "Who approves releases in the quokka council?")
        assert sentence in descriptions(answer)
        [quote] = quotes(answer)
        assert quote["url"] == linked_lines(quote).format(pushed)
        start, end = (int(n) for n in re.findall(r"#L(\d+)-L(\d+)", quote["url"])[0])
        assert start <= line_of(work / "docs" / "linux_python.md", sentence) <= end

        # /doc and /salary link their titles to the same commit
        doc = await reply_to(
            standin, await command(standin, "doc", section="Quokka Release Policy")
        )
        [section] = doc["embeds"]
        assert sentence in section["description"]
        assert section["url"] == linked_lines(section).format(pushed)
        pay = await reply_to(
            standin, await command(standin, "salary", role="MLOps", level="senior")
        )
        [salary] = pay["embeds"]
        assert salary["url"].startswith(
            f"https://github.com/acme/handbook/blob/{pushed}/docs/linux_python.md#L"
        )
        assert f"](https://github.com/acme/handbook/blob/{pushed}/" in salary["fields"][0]["value"]
    assert_nothing_rejected(standin)


async def test_a_pull_that_cannot_fast_forward_is_reported_and_the_index_kept(
    tmp_path: Path, repos
) -> None:
    _, author, work = repos
    theirs = "The otter desk moved to the fourth floor."
    async with running_bot(tmp_path, work / "docs", corpus_git_pull=True) as bot:
        standin = bot.standin
        about = await reply_to(standin, await command(standin, "about"))
        (work / "docs" / "local.md").write_text(
            "# Local notes\nThe narwhal desk is by the window.\n", encoding="utf-8"
        )
        local = commit_all(work, "A commit nobody pushed")
        push_change(author, "docs/linux_python.md", f"\n## Otter Desk\n{theirs}\n", "Otter desk")

        failed = await reindex_as_admin(standin)
        [embed] = failed["embeds"]
        assert embed["title"] == "Reindex failed: still answering from the previous index"
        assert "git pull failed" in embed["description"] and "fast-forward" in embed["description"]
        assert git(work, "rev-parse", "HEAD") == local

        again = await reply_to(standin, await command(standin, "about"))
        assert again["embeds"][0]["fields"] == about["embeds"][0]["fields"]  # same index
        answer = await ask(standin, "Where is the otter desk?")
        assert theirs not in descriptions(answer)


async def test_a_remote_that_went_away_is_reported_and_answers_go_on(tmp_path: Path, repos) -> None:
    bare, _, work = repos
    first = git(work, "rev-parse", "HEAD")
    async with running_bot(tmp_path, work / "docs", corpus_git_pull=True) as bot:
        standin = bot.standin
        shutil.rmtree(bare)
        failed = await reindex_as_admin(standin)
        [embed] = failed["embeds"]
        assert embed["title"] == "Reindex failed: still answering from the previous index"
        assert "git pull failed" in embed["description"]
        assert "does not appear to be a git repository" in embed["description"]

        answer = await ask(standin, "What is GitOps?")
        assert "Git as Single Source of Truth" in descriptions(answer)
        [quote] = quotes(answer)
        assert quote["url"] == linked_lines(quote).format(first)


async def test_without_pull_reindex_leaves_git_alone(tmp_path: Path, repos) -> None:
    _, author, work = repos
    first = git(work, "rev-parse", "HEAD")
    push_change(author, "docs/linux_python.md", "\n## Later\nNot pulled.\n", "Later")
    async with running_bot(tmp_path, work / "docs") as bot:
        rebuilt = await reindex_as_admin(bot.standin)
        assert rebuilt["embeds"][0]["title"] == "Index rebuilt"
        assert "git pull" not in rebuilt["embeds"][0]["description"]
    assert git(work, "rev-parse", "HEAD") == first


async def test_polling_pulls_and_reindexes_when_the_remote_moves(tmp_path: Path, repos) -> None:
    _, author, work = repos
    sentence = "The wombat gateway restarts every Tuesday at noon."
    async with running_bot(
        tmp_path, work / "docs", corpus_git_poll_seconds=0.2, watch_debounce_ms=50
    ) as bot:
        pushed = push_change(
            author, "docs/linux_python.md", f"\n## Wombat Gateway\n{sentence}\n", "Wombat gateway"
        )
        answer = await ask_until_quoted(
            bot.standin, "When does the wombat gateway restart?", sentence
        )
        assert sentence in descriptions(answer)
        [quote] = quotes(answer)
        assert quote["url"] == linked_lines(quote).format(pushed)
    assert git(work, "rev-parse", "HEAD") == pushed
