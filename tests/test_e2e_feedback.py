"""End-to-end tests of votes, notes, /gaps and /forget-me: the real bot, started as
``python -m bot run`` starts it, driven through the Discord stand-in.

What a person sees is checked through the stand-in; what was kept, by reading the feedback
database the bot wrote (SQLite in the test's DATA_DIR).
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import logging
import sqlite3
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from discord_standin import DiscordStandIn, patch_discord
from test_e2e import (
    SAMPLE_CORPUS,
    TIMEOUT,
    TOKEN,
    assert_nothing_rejected,
    buttons,
    command,
    embed_text,
    make_settings,
    more_buttons,
    original_response_read,
    poll,
    quiet,
    reply_in_chat,
    reply_to,
    say,
    settle,
)

from bot import launcher
from bot.feedback import FeedbackStore

pytestmark = pytest.mark.asyncio(loop_scope="function")

THUMBS = {"👍": "up", "👎": "down"}


@contextlib.asynccontextmanager
async def bot_on(standin: DiscordStandIn, tmp: Path, **overrides: Any) -> AsyncIterator[Any]:
    """Start the real bot against a running stand-in; stop it afterwards (as Ctrl-C does)."""
    settings = make_settings(standin, SAMPLE_CORPUS, tmp / "index", **overrides)
    standin.ready.clear()
    identified = len([p for p in standin.gateway_received if p.get("op") == 2])
    task = asyncio.create_task(launcher.start_bot(settings))

    def ready() -> bool:
        if task.done():
            task.result()
            raise RuntimeError("the bot stopped before it was ready")
        fresh = len([p for p in standin.gateway_received if p.get("op") == 2]) > identified
        return fresh and standin.ready.is_set() and str(standin.guild_id) in standin.commands

    try:
        await poll(ready, what="bot ready")
        await settle()
        yield settings
        await quiet(standin)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, TIMEOUT)


@contextlib.asynccontextmanager
async def standin_running() -> AsyncIterator[DiscordStandIn]:
    standin = DiscordStandIn(token=TOKEN)
    await standin.start()
    try:
        with patch_discord(standin):
            yield standin
        assert_nothing_rejected(standin)
    finally:
        await standin.close()


def store_of(settings) -> FeedbackStore:
    url = settings.database_url.get_secret_value() if settings.database_url else None
    return FeedbackStore.open(url, settings.data_dir)


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Settings for the feedback database: the default SQLite file, or a PostgreSQL schema."""
    if request.param == "sqlite":
        return {}
    return {"database_url": request.getfixturevalue("postgres_url")}


async def recorded(settings, questions: int) -> None:
    """Wait until the bot's writer thread has recorded ``questions`` questions."""
    store = store_of(settings)
    try:
        await poll(
            lambda: store.stats(7).questions >= questions, what=f"{questions} questions recorded"
        )
    finally:
        store.close()


def vote_buttons(message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """ "up"/"down" → the vote button under a message."""
    return {
        THUMBS[b["emoji"]["name"]]: b
        for b in buttons(message)
        if (b.get("emoji") or {}).get("name") in THUMBS
    }


async def press(
    standin: DiscordStandIn, message: dict[str, Any], custom_id: str, user_id: int
) -> dict[str, Any]:
    """Press a button on a message as a user; return the private reply it got."""
    iid = await standin.interact(
        standin.component_payload(custom_id, standin.messages[message["id"]], user_id=user_id)
    )
    reply = await reply_to(standin, iid)
    assert reply["ephemeral"], reply
    return reply


async def ask_public(
    standin: DiscordStandIn, question: str, user_id: int | None = None
) -> dict[str, Any]:
    iid = await command(standin, "ask", user_id, question=question)
    message = await reply_to(standin, iid)
    await original_response_read(standin, iid)
    return message


# ----------------------------------------------------------------------------- votes


async def test_votes_change_once_per_person_and_a_note(tmp_path: Path, db: dict[str, Any]) -> None:
    async with standin_running() as standin, bot_on(standin, tmp_path, **db) as settings:
        bob, alice = standin.user_id, standin.admin_user_id
        answer = await ask_public(standin, "What is GitOps?")
        votes = vote_buttons(answer)
        assert set(votes) == {"up", "down"} and [b["label"] for b in more_buttons(answer)] == [
            "More"
        ]
        assert all(len(b["custom_id"]) <= 100 for b in buttons(answer))

        first = await press(standin, answer, votes["up"]["custom_id"], bob)
        assert first["content"] == "Thanks for the 👍!"
        again = await press(standin, answer, votes["up"]["custom_id"], bob)
        assert again["content"] == "You already voted 👍 on this answer."
        changed = await press(standin, answer, votes["down"]["custom_id"], bob)
        assert changed["content"].startswith("Changed your vote to 👎")

        thanks = await press(standin, answer, votes["down"]["custom_id"], alice)
        assert "What were you looking for?" in thanks["content"]
        [add_note] = buttons(thanks)
        assert add_note["label"] == "Add a note"
        iid = await standin.interact(
            standin.component_payload(
                add_note["custom_id"], standin.messages[thanks["id"]], user_id=alice
            )
        )
        shown = await standin.wait_for_response(iid, TIMEOUT)
        assert shown.status < 300 and shown.json["type"] == 9
        modal = shown.json["data"]
        assert modal["title"] == "What were you looking for?"
        [(field_id, text_input)] = [
            (c["custom_id"], c)
            for row in modal["components"]
            for c in row.get("components", [])
            if c["type"] == 4
        ]
        assert text_input["max_length"] == 300
        with pytest.raises(ValueError):  # the Discord client lets nobody type more
            standin.modal_submit_payload(modal["custom_id"], {field_id: "x" * 301})
        note = "How to roll back an ArgoCD sync"
        saved = await reply_to(
            standin,
            await standin.interact(
                standin.modal_submit_payload(modal["custom_id"], {field_id: note}, user_id=alice)
            ),
        )
        assert saved["ephemeral"] and "note is saved" in saved["content"]

        # Nobody else sees any of it: the answer itself is unchanged.
        assert standin.messages[answer["id"]]["components"] == answer["components"]
        store = store_of(settings)
        try:
            report = store.gaps(days=1)
        finally:
            store.close()
        [shown_passage] = report.disliked
        assert (shown_passage.down, shown_passage.up) == (2, 0)
        assert shown_passage.notes == [note] and shown_passage.questions == ["What is GitOps?"]
        assert "linux_python.md" in shown_passage.location


async def test_vote_buttons_on_chat_answers_and_after_paging(tmp_path: Path) -> None:
    async with standin_running() as standin, bot_on(standin, tmp_path):
        message = await say(standin, "Which observability tools are used for tracing?", guild=False)
        reply = await reply_in_chat(standin, message)  # a DM
        await settle()
        thanks = await press(
            standin, reply, vote_buttons(reply)["up"]["custom_id"], standin.user_id
        )
        assert thanks["content"] == "Thanks for the 👍!"

        answer = await ask_public(standin, "What is GitOps?")
        [_more] = more_buttons(answer)
        while more_buttons(answer):  # page to the end: More goes away, the votes stay
            iid = await standin.interact(
                standin.component_payload(
                    more_buttons(answer)[0]["custom_id"],
                    standin.messages[answer["id"]],
                    user_id=standin.user_id,
                )
            )
            await standin.wait_for_response(iid, TIMEOUT)
            await settle()
            answer = next(m for m in standin.visible_messages() if m["id"] == answer["id"])
        assert set(vote_buttons(answer)) == {"up", "down"}
        down = await press(
            standin, answer, vote_buttons(answer)["down"]["custom_id"], standin.user_id
        )
        assert "Thanks for the 👎" in down["content"]


async def test_vote_buttons_work_after_the_bot_restarts(tmp_path: Path, db: dict[str, Any]) -> None:
    async with standin_running() as standin:
        alice = standin.admin_user_id
        async with bot_on(standin, tmp_path, **db) as settings:
            answer = await ask_public(standin, "What is GitOps?")
            await recorded(settings, 1)
            # alice opens the note form before the restart and sends it after
            thanks = await press(standin, answer, vote_buttons(answer)["down"]["custom_id"], alice)
            iid = await standin.interact(
                standin.component_payload(
                    buttons(thanks)[0]["custom_id"], standin.messages[thanks["id"]], user_id=alice
                )
            )
            modal = (await standin.wait_for_response(iid, TIMEOUT)).json["data"]
        async with bot_on(
            standin, tmp_path, **db
        ):  # a new process: nothing in memory about the answer
            reply = await press(
                standin, answer, vote_buttons(answer)["down"]["custom_id"], standin.user_id
            )
            assert "Thanks for the 👎" in reply["content"]
            again = await press(
                standin, answer, vote_buttons(answer)["down"]["custom_id"], standin.user_id
            )
            assert again["content"] == "You already voted 👎 on this answer."
            [field_id] = [
                c["custom_id"] for row in modal["components"] for c in row.get("components", [])
            ]
            saved = await reply_to(
                standin,
                await standin.interact(
                    standin.modal_submit_payload(
                        modal["custom_id"], {field_id: "the rollback steps"}, user_id=alice
                    )
                ),
            )
            assert saved["ephemeral"] and "note is saved" in saved["content"]
        store = store_of(settings)
        try:
            assert store.stats(1).down == 2
            assert store.gaps(days=1).disliked[0].notes == ["the rollback steps"]
        finally:
            store.close()


# ----------------------------------------------------------------------------- /gaps


DECLINED = [
    "kotlin salary in Berlin?",
    "What is the kotlin salary in Hamburg?",
    "kotlin salary in Munich?",
    "How do I knit a scarf?",
    "What is the best knitting needle for a scarf?",
]


async def test_gaps_is_for_admins_and_shows_what_is_missing(
    tmp_path: Path, db: dict[str, Any]
) -> None:
    async with standin_running() as standin, bot_on(standin, tmp_path, **db) as settings:
        for question in DECLINED:
            reply = await reply_to(standin, await command(standin, "ask", question=question))
            assert reply["ephemeral"] and "found nothing" in reply["content"], question
        answer = await ask_public(standin, "What is GitOps?")
        await press(standin, answer, vote_buttons(answer)["down"]["custom_id"], standin.user_id)
        liked = await ask_public(standin, "Which observability tools are used for tracing?")
        await press(standin, liked, vote_buttons(liked)["up"]["custom_id"], standin.user_id)
        await recorded(settings, len(DECLINED) + 2)

        refused = await reply_to(standin, await command(standin, "gaps"))
        assert refused["ephemeral"] and "Manage Server" in refused["content"]
        assert not refused["embeds"] and not refused["attachments"]

        iid = await standin.interact(standin.slash_payload("gaps", admin=True))
        report = await reply_to(standin, iid)
        assert report["ephemeral"]
        declined, disliked = report["embeds"]
        assert declined["title"] == "Not answered: 5 of 7 questions (last 30 days)"
        assert "3 × kotlin salary" in declined["description"].replace("**", "")
        assert "2 × knit scarf" in declined["description"].replace("**", "")
        assert "Salary Ranges" in declined["description"]  # the closest headings
        [field] = disliked["fields"]
        assert field["name"].startswith("1 👎 / 0 👍 · linux_python.md:")
        assert "GitOps" in field["value"] and "What is GitOps?" in field["value"]

        [upload] = [r for r in standin.requests if r.interaction_id == iid and r.files]
        [(filename, content)] = upload.files
        assert filename == "gaps-30d.csv"
        rows = list(csv.DictReader(io.StringIO(content.decode("utf-8"))))
        assert sorted(r["question"] for r in rows if r["kind"] == "declined") == sorted(DECLINED)
        voted = {r["question"]: (r["up"], r["down"]) for r in rows if r["kind"] == "voted"}
        assert voted == {
            "What is GitOps?": ("0", "1"),
            "Which observability tools are used for tracing?": ("1", "0"),
        }
        assert [a["filename"] for a in report["attachments"]] == ["gaps-30d.csv"]

        about = await reply_to(standin, await command(standin, "about"))
        fields = {f["name"]: f["value"] for f in about["embeds"][0]["fields"]}
        assert fields["Questions, last 7 days"] == "7"
        assert fields["Answered"] == "29%"  # 2 of 7
        assert fields["Votes"] == "👍 1 · 👎 1"
        assert (settings.data_dir / "feedback.sqlite3").exists() == (
            not db
        )  # PostgreSQL: no SQLite file


async def test_forget_me_deletes_only_my_votes(tmp_path: Path, db: dict[str, Any]) -> None:
    async with standin_running() as standin, bot_on(standin, tmp_path, **db) as settings:
        bob, alice = standin.user_id, standin.admin_user_id
        first = await ask_public(standin, "What is GitOps?")
        second = await ask_public(standin, "Which observability tools are used for tracing?")
        await press(standin, first, vote_buttons(first)["down"]["custom_id"], bob)
        await press(standin, second, vote_buttons(second)["up"]["custom_id"], bob)
        await press(standin, first, vote_buttons(first)["up"]["custom_id"], alice)

        done = await reply_to(standin, await command(standin, "forget-me", bob))
        assert done["ephemeral"] and done["content"].startswith("Deleted 2 votes")
        store = store_of(settings)
        try:
            s = store.stats(1)
            assert (s.up, s.down, s.questions) == (1, 0, 2)  # alice's vote stays
        finally:
            store.close()
        # bob may vote again afresh
        again = await press(standin, first, vote_buttons(first)["down"]["custom_id"], bob)
        assert "Thanks for the 👎" in again["content"]


# ----------------------------------------------------------------------------- never in the way


async def test_an_answer_is_not_delayed_while_the_database_is_locked(
    tmp_path: Path, monkeypatch
) -> None:
    """Another process holds SQLite's write lock, and the bot's write waits for it far longer
    than Discord waits for an answer: the answer must still arrive while the lock is held
    (an answer that waited for its record would miss Discord's 3 s). Once the lock goes,
    the record is written."""
    from bot.feedback import store

    monkeypatch.setattr(store, "SQLITE_BUSY_MS", 20_000)  # far longer than Discord waits
    async with standin_running() as standin, bot_on(standin, tmp_path) as settings:
        await ask_public(standin, "What is GitOps?")
        await recorded(settings, 1)
        holder = sqlite3.connect(settings.data_dir / "feedback.sqlite3", isolation_level=None)
        try:
            holder.execute("BEGIN IMMEDIATE")
            answer = await ask_public(standin, "Which observability tools are used for tracing?")
            assert holder.in_transaction  # the answer came while the lock was held
            assert "Jaeger" in embed_text(answer)
            assert set(vote_buttons(answer)) == {"up", "down"}
            chat = await reply_in_chat(
                standin, await say(standin, "What is GitOps?", mention_bot=True)
            )
            assert holder.in_transaction and vote_buttons(chat)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        await recorded(settings, 3)  # waiting, not lost
        thanks = await press(
            standin, answer, vote_buttons(answer)["up"]["custom_id"], standin.user_id
        )
        assert thanks["content"] == "Thanks for the 👍!"


async def test_a_vote_on_a_locked_database_is_declined_politely(tmp_path: Path, caplog) -> None:
    caplog.set_level(logging.WARNING, logger="bot.feedback")
    async with standin_running() as standin, bot_on(standin, tmp_path) as settings:
        answer = await ask_public(standin, "What is GitOps?")
        await recorded(settings, 1)
        holder = sqlite3.connect(settings.data_dir / "feedback.sqlite3", isolation_level=None)
        try:
            holder.execute("BEGIN IMMEDIATE")
            busy = await press(
                standin, answer, vote_buttons(answer)["up"]["custom_id"], standin.user_id
            )
            assert "couldn't record" in busy["content"]
            lost = await poll(
                lambda: [r for r in caplog.records if "it is lost" in r.getMessage()],
                what="the lost-vote warning",
            )
            assert len(lost) == 1 and "locked" in lost[0].getMessage()
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        thanks = await press(
            standin, answer, vote_buttons(answer)["up"]["custom_id"], standin.user_id
        )
        assert thanks["content"] == "Thanks for the 👍!"  # the writer carries on after the lock


async def test_recording_off_keeps_nothing_and_shows_no_votes(tmp_path: Path) -> None:
    async with (
        standin_running() as standin,
        bot_on(standin, tmp_path, record_questions=False) as settings,
    ):
        answer = await ask_public(standin, "What is GitOps?")
        assert not vote_buttons(answer) and more_buttons(answer)
        about = await reply_to(standin, await command(standin, "about"))
        assert "Votes" not in {f["name"] for f in about["embeds"][0]["fields"]}
        gone = await reply_to(standin, await command(standin, "forget-me"))
        assert gone["ephemeral"] and "nothing to forget" in gone["content"]
        assert not settings.data_dir.exists()


async def test_gaps_without_room_for_the_csv_says_where_to_get_it(
    tmp_path: Path, monkeypatch
) -> None:
    async with standin_running() as standin, bot_on(standin, tmp_path) as settings:
        # the extension module the bot loaded (discord.py loads extensions afresh)
        monkeypatch.setattr(
            sys.modules["bot.cogs.feedback"], "CSV_MAX", 1
        )  # as if over Discord's limit
        await reply_to(standin, await command(standin, "ask", question="How do I knit a scarf?"))
        await recorded(settings, 1)
        report = await reply_to(
            standin, await standin.interact(standin.slash_payload("gaps", admin=True))
        )
        assert report["ephemeral"] and "python -m bot gaps --csv" in report["content"]
        assert not report["attachments"] and "1 × knit scarf" in report["embeds"][0][
            "description"
        ].replace("**", "")
