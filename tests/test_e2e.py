"""End-to-end tests: the real bot, started as ``python -m bot run`` starts it, driven through
the local Discord stand-in over real sockets.

Every assertion is about what a person in the channel would see (messages, embeds, buttons,
ephemeral flags, files) or about what Discord itself would receive (payloads, timings).

Most tests share one bot on the sample corpus (module-scoped ``shared``); tests that need
other settings or an edited corpus start their own with :func:`running_bot`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import sys
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import discord
import pytest
import pytest_asyncio
from conftest import EVAL, ROOT
from discord_standin import DiscordStandIn, patch_discord

from bot import launcher
from bot.config import Settings

pytestmark = pytest.mark.asyncio(loop_scope="module")

TOKEN = "MTA.fake-standin.token"  # three dot-separated parts, like a real bot token
TIMEOUT = 10.0  # upper bound for anything we wait for; nothing should come close
EPHEMERAL = 64
SAMPLE_CORPUS = ROOT / "corpus"
SOURCE_LINES = re.compile(r"linux_python\.md:\d+(-\d+)?")
T = TypeVar("T")


# ----------------------------------------------------------------------------- the bot


@dataclass
class Running:
    standin: DiscordStandIn
    task: asyncio.Task[None]  # launcher.start_bot(settings), i.e. `python -m bot run`
    settings: Settings


def make_settings(
    standin: DiscordStandIn, corpus: Path, index_dir: Path, **overrides: Any
) -> Settings:
    values: dict[str, Any] = {
        "discord_token": TOKEN,
        "dev_guild_id": standin.guild_id,
        "corpus_dir": corpus,
        "index_dir": index_dir,
        "ask_cooldown_uses": 10_000,  # the shared bot answers dozens of questions from one user
        "data_dir": index_dir.parent / "data",  # the feedback database
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


async def poll(
    probe: Callable[[], T | None], timeout: float = TIMEOUT, what: str = "condition"
) -> T:
    """Wait until ``probe()`` returns something truthy and return it."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} not met within {timeout}s")
        await asyncio.sleep(0.01)


async def quiet(standin: DiscordStandIn, period: float = 0.3) -> None:
    """Wait until the bot has made no request for ``period`` seconds."""
    deadline = time.monotonic() + TIMEOUT
    seen = -1
    while len(standin.requests) != seen and time.monotonic() < deadline:
        seen = len(standin.requests)
        await asyncio.sleep(period)


@contextlib.asynccontextmanager
async def running_bot(
    tmp: Path, corpus: Path = SAMPLE_CORPUS, **overrides: Any
) -> AsyncIterator[Running]:
    """Start the stand-in and the real bot; stop both afterwards. Nothing may be rejected."""
    standin = DiscordStandIn(token=TOKEN)
    await standin.start()
    try:
        with patch_discord(standin):
            settings = make_settings(standin, corpus, tmp / "index", **overrides)
            task = asyncio.create_task(launcher.start_bot(settings))
            try:
                guild = str(standin.guild_id)

                def ready() -> bool:
                    if task.done():
                        task.result()  # raise whatever stopped the bot
                        raise RuntimeError("the bot stopped before it was ready")
                    return guild in standin.commands and standin.ready.is_set()

                await poll(ready, what="bot ready and commands synced")
                yield Running(standin, task, settings)
                await quiet(standin)  # let the last handlers finish before shutting down
            finally:
                task.cancel()  # what Ctrl-C does to `python -m bot run`: start_bot closes the client
                with contextlib.suppress(asyncio.CancelledError):
                    await asyncio.wait_for(task, TIMEOUT)
        assert_nothing_rejected(standin)
    finally:
        await standin.close()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def shared(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Running]:
    async with running_bot(tmp_path_factory.mktemp("shared")) as bot:
        yield bot


def assert_nothing_rejected(standin: DiscordStandIn) -> None:
    problems = [f"{r.method} {r.path} -> {r.status}: {r.reason}" for r in standin.rejected]
    assert not problems, problems


# ----------------------------------------------------------------------------- helpers


def options(**values: Any) -> list[dict[str, Any]]:
    return [{"name": name, "value": value} for name, value in values.items() if value is not None]


async def command(
    standin: DiscordStandIn, name: str, user_id: int | None = None, **values: Any
) -> str:
    """Run a slash command as a user (bob unless told otherwise); return the interaction id."""
    return await standin.interact(standin.slash_payload(name, options(**values), user_id=user_id))


async def reply_to(standin: DiscordStandIn, iid: str) -> dict[str, Any]:
    """The message people see for an interaction once the bot has answered (a deferral resolved)."""
    callback = await standin.wait_for_response(iid, TIMEOUT)
    assert callback.status < 400, callback.reason
    latency = standin.response_latency(iid)
    assert latency is not None and latency < 3.0

    def answered() -> dict[str, Any] | None:
        return next(
            (
                m
                for m in standin.visible_messages()
                if m["interaction_id"] == iid and not m["loading"]
            ),
            None,
        )

    return await poll(answered, what=f"visible answer to interaction {iid}")


async def ask(standin: DiscordStandIn, question: str, user_id: int | None = None) -> dict[str, Any]:
    return await reply_to(standin, await command(standin, "ask", user_id, question=question))


async def ask_until_quoted(standin: DiscordStandIn, question: str, sentence: str) -> dict[str, Any]:
    """Ask again until the answer quotes ``sentence`` (a rebuild is on its way), or time is
    up; the last answer either way."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        answer = await ask(standin, question)
        if sentence in descriptions(answer) or time.monotonic() > deadline:
            return answer
        await asyncio.sleep(0.2)


async def autocomplete(
    standin: DiscordStandIn, name: str, focused: str, **values: Any
) -> list[dict[str, Any]]:
    payload = standin.autocomplete_payload(name, options(**values), focused=focused)
    response = await standin.wait_for_response(await standin.interact(payload), TIMEOUT)
    assert response.status < 400 and response.json["type"] == 8, response.reason
    return response.json["data"]["choices"]


async def say(standin: DiscordStandIn, content: str, **kwargs: Any) -> dict[str, Any]:
    """A person (bob unless told otherwise) posts a message; returns its payload."""
    message = standin.message_payload(content, **kwargs)
    await standin.dispatch("MESSAGE_CREATE", message)
    return message


async def reply_in_chat(standin: DiscordStandIn, message: dict[str, Any]) -> dict[str, Any]:
    """The bot's visible reply to a chat message (one that references it)."""

    def found() -> dict[str, Any] | None:
        return next(
            (
                m
                for m in standin.visible_messages()
                if (m["message_reference"] or {}).get("message_id") == message["id"]
            ),
            None,
        )

    return await poll(found, what=f"a reply to message {message['id']}")


def payload_of(standin: DiscordStandIn, message_id: str) -> dict[str, Any]:
    """The JSON the bot sent to create a message (channel message, callback or followup)."""
    record = next(r for r in standin.requests if r.message_id == message_id and r.method == "POST")
    body = record.json or {}
    return body.get("data", body) if record.path.endswith("/callback") else body


def embed_text(message: dict[str, Any]) -> str:
    """All the text of a message's embeds as shown, with the bold markers (``**``) removed."""
    parts = []
    for embed in message["embeds"]:
        parts += [embed.get("title") or "", embed.get("description") or ""]
        for field in embed.get("fields") or []:
            parts += [field["name"], field["value"]]
        parts.append((embed.get("footer") or {}).get("text") or "")
    return "\n".join(parts).replace("**", "")


def shows_amount(message: dict[str, Any], amount: str) -> bool:
    """Whether a salary range like "$90,000 - $120,000" is shown: quoted as written, or as
    salary data ("90,000 – 120,000 USD")."""

    def plain(text: str) -> str:
        return text.replace("$", "").replace("–", "-")

    return plain(amount) in plain(embed_text(message))


def descriptions(message: dict[str, Any]) -> str:
    return "\n".join(e.get("description") or "" for e in message["embeds"]).replace("**", "")


def quotes(message: dict[str, Any]) -> list[dict[str, Any]]:
    """The embeds quoting a passage (their footer names the source lines)."""
    return [
        e for e in message["embeds"] if SOURCE_LINES.search((e.get("footer") or {}).get("text", ""))
    ]


def current(standin: DiscordStandIn, message: dict[str, Any]) -> dict[str, Any]:
    """How a message looks now."""
    return next(m for m in standin.visible_messages() if m["id"] == message["id"])


async def original_response_read(standin: DiscordStandIn, iid: str) -> None:
    """/ask fetches its response message after sending it; by then its view is registered."""
    await standin.wait_for(
        lambda r: r.interaction_id == iid and r.path.endswith("/messages/@original"), TIMEOUT
    )
    await settle()


async def press_more(
    standin: DiscordStandIn, message: dict[str, Any], user_id: int
) -> dict[str, Any]:
    """Press the message's More button; return the message as it looks afterwards."""
    [more] = more_buttons(message)
    press = standin.component_payload(
        more["custom_id"], standin.messages[message["id"]], user_id=user_id
    )
    response = await standin.wait_for_response(await standin.interact(press), TIMEOUT)
    assert response.status == 200 and response.json["type"] == 7, response.reason
    await settle()
    return current(standin, message)


async def more_refused(standin: DiscordStandIn, message: dict[str, Any]) -> None:
    """Someone other than the asker presses More: told so privately, nothing changes."""
    [more] = more_buttons(message)
    press = standin.component_payload(
        more["custom_id"], standin.messages[message["id"]], user_id=standin.admin_user_id
    )
    refusal = await reply_to(standin, await standin.interact(press))
    assert refusal["ephemeral"] and "Only the person who asked" in refusal["content"]
    assert current(standin, message) == message


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in message["components"] for c in row.get("components", []) if c["type"] == 2]


def more_buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    """The More button, when there is one (besides the vote buttons)."""
    return [b for b in buttons(message) if b.get("label") == "More"]


async def settle() -> None:
    """discord.py registers a view only after reading the response that carries it."""
    await asyncio.sleep(0.2)


# ----------------------------------------------------------------------------- 1. sync


async def test_commands_are_synced_to_the_guild(shared: Running) -> None:
    standin = shared.standin
    names = {c["name"] for c in standin.commands[str(standin.guild_id)]}
    assert {"ask", "doc", "salary", "reindex", "about", "help"} <= names
    [reindex] = [c for c in standin.commands[str(standin.guild_id)] if c["name"] == "reindex"]
    assert int(reindex["default_member_permissions"]) == 1 << 5  # shown to Manage Server only
    assert not shared.task.done()
    assert_nothing_rejected(standin)


# ----------------------------------------------------------------------------- 2. /ask


def _eval_cases() -> list[Any]:
    cases = [
        ("What is the cost of the RHCSA exam?", ["RHCSA: $450"]),
        ("What are the pros of Python?", ["Rapid Development"]),
        ("How do I knit a scarf?", None),
    ]
    for line in (EVAL / "ask_dev.jsonl").read_text("utf-8").splitlines():
        if line.strip():
            case = json.loads(line)
            cases.append((case["question"], case["expect"]))
    return [pytest.param(q, e, id=q[:60]) for q, e in cases]


@pytest.mark.parametrize(("question", "expect"), _eval_cases())
async def test_ask(shared: Running, question: str, expect: list[str] | None) -> None:
    standin = shared.standin
    iid = await command(standin, "ask", question=question)
    message = await reply_to(standin, iid)
    callback = await standin.wait_for_response(iid)
    assert callback.json["data"]["allowed_mentions"]["parse"] == []

    if expect is None:
        assert message["ephemeral"] and message["flags"] & EPHEMERAL
        assert "found nothing" in message["content"]
        assert "They never mention “" in message["content"]  # "scarf", "France", "sourdough"
        assert "Closest headings:" in message["content"]
        assert not message["embeds"]
        assert_nothing_rejected(standin)
        return

    assert not message["ephemeral"]
    assert question in message["content"].replace("\\", "")  # the question is echoed (escaped)
    [quote] = quotes(message)
    assert quote["title"]  # the breadcrumb of headings
    assert SOURCE_LINES.search(quote["footer"]["text"])
    total = int(re.search(r"result 1 of (\d+)", quote["footer"]["text"]).group(1))
    assert [b["label"] for b in more_buttons(message)] == (["More"] if total > 1 else [])

    # The expected text is in the first quote, or (for a weaker ranking) one press of More away.
    await original_response_read(standin, iid)
    while not all(e in descriptions(message) for e in expect) and more_buttons(message):
        message = await press_more(standin, message, standin.user_id)
    for expected in expect:
        assert expected in descriptions(message), (expected, message["embeds"])
    assert_nothing_rejected(standin)


# ----------------------------------------------------------------------------- 3. More


async def test_more_button_pages_for_the_asker_only(shared: Running) -> None:
    standin = shared.standin
    iid = await command(standin, "ask", question="What is GitOps?")
    message = await reply_to(standin, iid)
    await original_response_read(standin, iid)

    # Someone else presses it: told off privately, the answer stays as it was.
    await more_refused(standin, message)

    # The asker presses it: the same message now shows the next result too.
    edited = await press_more(standin, message, standin.user_id)
    assert edited["edited"] and len(edited["embeds"]) == 2
    assert edited["embeds"][0] == message["embeds"][0]
    assert "result 2 of" in edited["embeds"][1]["footer"]["text"]
    assert_nothing_rejected(standin)


# ----------------------------------------------------------------------------- 4. mentions and DMs


async def test_mention_gets_a_reply_with_the_answer(shared: Running) -> None:
    standin = shared.standin
    message = await say(standin, "What feature stores exist?", mention_bot=True)
    reply = await reply_in_chat(standin, message)
    assert reply["channel_id"] == str(standin.channel_id)
    assert "Feast" in descriptions(reply)
    assert SOURCE_LINES.search(embed_text(reply))
    assert payload_of(standin, reply["id"])["allowed_mentions"]["parse"] == []
    # The More button works on chat replies too.
    await settle()
    paged = await press_more(standin, reply, standin.user_id)
    assert len(quotes(paged)) == 2
    assert_nothing_rejected(standin)


async def test_mention_without_a_question_explains_itself(shared: Running) -> None:
    standin = shared.standin
    message = await say(standin, "", mention_bot=True)
    reply = await reply_in_chat(standin, message)
    assert "Ask me a question" in reply["content"]
    # a question with nothing to search for says so, and how to ask
    message = await say(standin, "what can you do?", mention_bot=True)
    reply = (await reply_in_chat(standin, message))["content"]
    assert "no words to search for" in reply and "Ask me a question" in reply
    assert_nothing_rejected(standin)


async def test_chat_greetings_and_discord_markup_are_not_the_question(shared: Running) -> None:
    """People talk to the bot as to a chat partner, with a greeting, a custom emoji, other
    people's mentions and thanks; the question is what is left. A greeting alone gets the
    hint, not a search for "hi"."""
    standin = shared.standin
    emoji, someone = "<:thinking:1300000000000000999>", f"<@{standin.user_id}>"
    message = await say(
        standin, f"hey {emoji} what feature stores exist? cc {someone} thanks!", mention_bot=True
    )
    assert "Feast" in descriptions(await reply_in_chat(standin, message))
    hello = await say(standin, "hi there!", mention_bot=True)
    assert "Ask me a question" in (await reply_in_chat(standin, hello))["content"]
    typed = await say(standin, "docs-bot, what job security does Linux offer?", guild=False)
    assert "High barrier to replacement" in descriptions(await reply_in_chat(standin, typed))
    answer = await ask(
        standin, f"hi! <#{standin.channel_id}> which tools are used for **tracing**?"
    )
    assert "Jaeger" in descriptions(answer)
    assert_nothing_rejected(standin)


async def test_direct_message_is_answered(shared: Running) -> None:
    standin = shared.standin
    message = await say(standin, "Which observability tools are used for tracing?", guild=False)
    reply = await reply_in_chat(standin, message)
    assert reply["channel_id"] == str(standin.dm_channel_id)
    assert "Jaeger" in descriptions(reply)
    assert_nothing_rejected(standin)


async def test_other_bots_and_unmentioned_messages_get_no_reply(shared: Running) -> None:
    standin = shared.standin
    ignored = [
        await say(standin, "What is GitOps?", mention_bot=True, author_is_bot=True),
        await say(standin, "What is GitOps?"),  # no mention; plain messages are off by default
    ]
    # A message the bot does answer, sent after them: once it is answered, the others were handled.
    control = await say(standin, "What is GitOps?", mention_bot=True)
    await reply_in_chat(standin, control)
    await settle()
    replied_to = {
        (m["message_reference"] or {}).get("message_id") for m in standin.visible_messages()
    }
    assert not replied_to & {m["id"] for m in ignored}
    assert_nothing_rejected(standin)


# ----------------------------------------------------------------------------- 5. follow-ups


async def test_a_follow_up_that_comes_before_the_answer_is_acknowledged_follows_it(
    shared: Running,
) -> None:
    """A quick reply to an answer can reach the bot before the response to the request
    that sent the answer: the bot still knows what the answer answered."""
    standin = shared.standin
    standin.hold_message_responses = held = asyncio.Event()
    try:
        first = await say(
            standin, "What do DevOps engineers earn at the junior level?", mention_bot=True
        )
        answer = await reply_in_chat(standin, first)  # sent; its response is held
        sent = time.monotonic()
        follow = await say(standin, "and for MLOps?", reference_message_id=answer["id"])
        # the bot types once it has read the follow-up, and before it answers
        await standin.wait_for(lambda r: r.path.endswith("/typing") and r.time >= sent)
    finally:
        standin.hold_message_responses = None
        held.set()
    second = await reply_in_chat(standin, follow)
    assert shows_amount(second, "$90,000 - $120,000"), second["embeds"]
    assert_nothing_rejected(standin)


async def test_reply_chain_follow_up(shared: Running) -> None:
    standin = shared.standin
    first = await say(
        standin, "What do DevOps engineers earn at the junior level?", mention_bot=True
    )
    answer = await reply_in_chat(standin, first)
    assert shows_amount(answer, "$80,000 - $110,000"), answer["embeds"]

    follow = await say(standin, "and for MLOps?", reference_message_id=answer["id"])
    second = await reply_in_chat(standin, follow)
    assert shows_amount(second, "$90,000 - $120,000"), second["embeds"]
    # Any salary data shown answers the follow-up (junior MLOps), not the first question.
    for embed in second["embeds"]:
        if embed.get("title") == "Salary data":
            top = embed["fields"][0]
            assert "MLOps" in top["name"] and "90,000 – 120,000" in top["value"], embed
    assert_nothing_rejected(standin)


async def test_reply_to_an_ask_answer_is_a_follow_up(shared: Running) -> None:
    standin = shared.standin
    answer = await ask(standin, "How much does a Linux architect make?")
    assert shows_amount(answer, "$150,000 - $200,000+")
    follow = await say(standin, "and for Python?", reference_message_id=answer["id"])
    second = await reply_in_chat(standin, follow)
    assert shows_amount(second, "$160,000 - $200,000+"), second["embeds"]  # Python Architect
    assert_nothing_rejected(standin)


async def test_thread_follow_up(shared: Running) -> None:
    standin = shared.standin
    first = await say(
        standin, "What do MLOps engineers earn?", mention_bot=True, channel_id=standin.thread_id
    )
    answer = await reply_in_chat(standin, first)
    assert answer["channel_id"] == str(standin.thread_id)
    assert "MLOps" in embed_text(answer)

    follow = await say(
        standin, "what about seniors?", mention_bot=True, channel_id=standin.thread_id
    )
    second = await reply_in_chat(standin, follow)
    assert shows_amount(second, "$160,000 - $240,000"), second["embeds"]
    assert "senior" in embed_text(second).lower()
    assert_nothing_rejected(standin)


# ----------------------------------------------------------------------------- 6-7. /doc, /about


async def test_doc_autocomplete_then_section(shared: Running) -> None:
    standin = shared.standin
    choices = await autocomplete(standin, "doc", "section", section="GitOps")
    assert 1 <= len(choices) <= 25
    assert all(1 <= len(c["name"]) <= 100 and 1 <= len(str(c["value"])) <= 100 for c in choices)
    assert "GitOps" in choices[0]["name"]

    message = await reply_to(standin, await command(standin, "doc", section=choices[0]["value"]))
    [embed] = message["embeds"]
    assert "Git as Single Source of Truth" in embed["description"]
    assert "GitOps" in embed["title"]
    assert SOURCE_LINES.fullmatch(embed["footer"]["text"])
    assert_nothing_rejected(standin)


async def test_doc_choices_are_distinct_and_each_opens_its_section(shared: Running) -> None:
    standin = shared.standin
    for typed in ("Core Skills", "Salary Ranges", "Python"):
        choices = await autocomplete(standin, "doc", "section", section=typed)
        names = [c["name"] for c in choices]
        assert choices and len(set(names)) == len(names), names
        for choice in choices:
            assert 1 <= len(choice["name"]) <= 100
            heading = choice["name"].removesuffix(" (linux_python.md)").split(" › ")[-1]
            assert heading and not heading.endswith("…"), choice["name"]
            message = await reply_to(
                standin, await command(standin, "doc", section=choice["value"])
            )
            [embed] = message["embeds"]
            assert embed["title"].endswith(heading) and embed["description"]
            assert SOURCE_LINES.fullmatch(embed["footer"]["text"])
    assert_nothing_rejected(standin)


HANDBOOK = "\n".join(
    ["# Handbook", "## Deploying"]
    + [f"Step {i}: " + "check the service health before the rollout. " * 4 for i in range(25)]
    + ["## Rolling back", "```sh"]
    + [f"kubectl rollout undo deployment/app-{i}" for i in range(60)]
    + ["```", "### After a rollback", "Write the incident note in the quokka log."]
)


async def test_doc_on_a_heading_without_text_pages_through_its_subsections(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "handbook.md").write_text(HANDBOOK + "\n", encoding="utf-8")
    async with running_bot(tmp_path, corpus) as bot:
        standin = bot.standin
        [choice, *_] = await autocomplete(standin, "doc", "section", section="Handbook")
        assert choice["name"] == "Handbook (handbook.md)"
        iid = await command(standin, "doc", section=choice["value"])
        first = await reply_to(standin, iid)
        [page1] = first["embeds"]
        assert page1["title"] == "Handbook" and "Subsections" not in page1["description"]
        assert page1["description"].startswith("## Deploying\nStep 0: check the service")
        assert page1["footer"]["text"].endswith(" · page 1 of 2")
        assert "quokka" not in page1["description"]
        assert page1["description"].count("```") % 2 == 0
        await original_response_read(standin, iid)

        # Someone else presses More: told privately, the section stays on page 1.
        await more_refused(standin, first)

        second = await press_more(standin, first, standin.user_id)
        [page2] = second["embeds"]
        assert second["edited"] and page2["footer"]["text"].endswith(" · page 2 of 2")
        assert page2["description"].endswith(
            "### After a rollback\nWrite the incident note in the quokka log."
        )
        assert page2["description"].count("```") % 2 == 0
        assert not more_buttons(second)  # the last page: nothing more

        # Left alone, the More button goes after a while (here 0.5 s, not 3 minutes).
        pages_view = sys.modules["bot.cogs.docs"].SectionPages
        monkeypatch.setattr(pages_view, "expires_after", 0.5)
        again = await reply_to(standin, await command(standin, "doc", section=choice["value"]))
        assert more_buttons(again)
        await poll(lambda: not more_buttons(current(standin, again)), what="More expired")
        assert current(standin, again)["embeds"] == again["embeds"]

        # A section slow to read (a huge file): the bot defers, then pages all the same.
        monkeypatch.setattr(pages_view, "expires_after", 180.0)
        cache = sys.modules["bot.cogs.docs"].HeadingCache
        read = cache.whole_section
        monkeypatch.setattr(
            cache, "whole_section", lambda c, pos: (time.sleep(2.5), read(c, pos))[1]
        )
        slow = await reply_to(standin, await command(standin, "doc", section=choice["value"]))
        assert slow["embeds"] == first["embeds"]
        await settle()
        assert (await press_more(standin, slow, standin.user_id))["embeds"] == second["embeds"]
        assert_nothing_rejected(standin)


async def test_about(shared: Running) -> None:
    standin = shared.standin
    message = await reply_to(standin, await command(standin, "about"))
    [embed] = message["embeds"]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Documents"] == "1"
    assert int(fields["Sections"]) > 10
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", fields["Index built"])
    assert re.fullmatch(r"`[0-9a-f]{16}`", fields["Corpus fingerprint"])
    assert_nothing_rejected(standin)


async def test_help_lists_every_command_and_how_to_ask_in_chat(shared: Running) -> None:
    standin = shared.standin
    message = await reply_to(standin, await command(standin, "help"))
    assert message["ephemeral"]  # for the asker only: the channel is not spammed
    [embed] = message["embeds"]
    lines = embed["description"].splitlines()
    synced = {c["name"] for c in standin.commands[str(standin.guild_id)]}
    assert {"help", "ask", "salary", "reindex"} <= synced
    for name in synced:  # every command, with its description
        [line] = [x for x in lines if x.startswith(f"`/{name}`: ")]
        assert len(line) > len(f"`/{name}`: ") + 10
        assert line.endswith("*(Manage Server)*") == (name in {"reindex", "gaps"})
    assert any("mention @" in x and "direct message" in x for x in lines)
    assert_nothing_rejected(standin)


# ----------------------------------------------------------------------------- 8. /salary


async def test_salary_for_a_role_and_level(shared: Running) -> None:
    standin = shared.standin
    message = await reply_to(
        standin, await command(standin, "salary", role="MLOps", level="senior")
    )
    text = embed_text(message)
    assert "160,000 – 240,000" in text and "USD" in text
    assert not message["embeds"][0].get("description")
    # a word no range is for is said above the ranges for the rest
    abroad = await reply_to(standin, await command(standin, "salary", role="MLOps Berlin"))
    assert "No range here is for “berlin”" in abroad["embeds"][0]["description"]

    unknown = await reply_to(standin, await command(standin, "salary", role="sourdough baker"))
    assert (
        unknown["ephemeral"]
        and "No salary data" in unknown["content"]
        and "MLOps" in unknown["content"]
    )
    assert_nothing_rejected(standin)


async def test_salary_role_autocomplete_offers_only_known_roles(shared: Running) -> None:
    standin = shared.standin
    choices = await autocomplete(standin, "salary", "role", role="MLOps")
    assert 1 <= len(choices) <= 25
    assert any("MLOps" in c["name"] for c in choices)
    assert await autocomplete(standin, "salary", "role", role="sourdough baker") == []
    # Every role offered is one /salary knows.
    linux = await autocomplete(standin, "salary", "role", role="Linux")
    assert len(linux) >= 2
    for choice in choices + linux:
        message = await reply_to(standin, await command(standin, "salary", role=choice["value"]))
        assert not message["ephemeral"] and message["embeds"], (choice, message["content"])
    # Levels are offered for the role already chosen.
    levels = await autocomplete(standin, "salary", "level", role="MLOps", level="")
    assert [c["value"] for c in levels] == ["junior", "mid", "senior", "architect"]
    assert_nothing_rejected(standin)


async def test_salary_compare_sends_a_png_chart(shared: Running) -> None:
    standin = shared.standin
    iid = await command(standin, "salary", role="DevOps", compare="MLOps")
    message = await reply_to(standin, iid)
    [upload] = [r for r in standin.requests if r.interaction_id == iid and r.files]
    [(filename, content)] = upload.files
    assert filename == "salary.png" and content.startswith(b"\x89PNG")
    [embed] = message["embeds"]
    assert embed["image"]["url"] == "attachment://salary.png"
    assert [a["filename"] for a in message["attachments"]] == ["salary.png"]
    assert "MLOps" in embed_text(message) and "DevOps" in embed_text(message)
    assert not embed.get("description")
    # the words no range is for, of either role
    both = await reply_to(
        standin, await command(standin, "salary", role="DevOps Paris", compare="MLOps Tokyo")
    )
    assert "“paris”, “tokyo”" in both["embeds"][0]["description"]
    assert_nothing_rejected(standin)


# ----------------------------------------------------------------------------- 11. errors (shared bot)


async def test_emoji_only_question_gets_a_clear_private_message(shared: Running) -> None:
    standin = shared.standin
    message = await ask(standin, "🔥🚀🎉")
    assert message["ephemeral"]
    assert message["content"] and "Traceback" not in message["content"]
    assert "something went wrong" not in message["content"]
    assert_nothing_rejected(standin)


async def test_question_is_echoed_without_pinging(shared: Running) -> None:
    standin = shared.standin
    role = f"<@&{standin.plain_role_id}>"
    for question in (f"@everyone {role} what is **GitOps**?", f"@everyone {role} how do I knit?"):
        iid = await command(standin, "ask", question=question)
        message = await reply_to(standin, iid)
        assert "@everyone" not in message["content"] and role not in message["content"]
        assert "GitOps" in message["content"] or "knit" in message["content"]
        assert (await standin.wait_for_response(iid)).json["data"]["allowed_mentions"][
            "parse"
        ] == []
    assert_nothing_rejected(standin)


# ----------------------------------------------------------------------------- own bots


async def test_slow_answers_are_deferred_then_delivered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search slower than Discord's 3 s: the bot must defer at once, then deliver."""
    from bot.answer import Answerer

    search = Answerer.ask

    def slow_search(self: Answerer, *args: Any, **kwargs: Any) -> Any:
        time.sleep(2.2)  # runs in a worker thread, as the real search does
        return search(self, *args, **kwargs)

    monkeypatch.setattr(Answerer, "ask", slow_search)
    async with running_bot(tmp_path) as bot:
        standin = bot.standin
        iid = await command(standin, "ask", question="What is GitOps?")
        first = await standin.wait_for_response(iid, TIMEOUT)
        assert first.json["type"] == 5 and standin.response_latency(iid) < 3.0
        message = await reply_to(standin, iid)
        assert "Git as Single Source of Truth" in descriptions(message)
        assert len(standin.visible_messages()) == 1  # the answer replaced the "thinking" message
        await settle()
        assert len(quotes(await press_more(standin, message, standin.user_id))) == 2

        # a miss stays private even after a public deferral: no public trace is left
        iid = await command(standin, "ask", question="How do I knit a scarf?")
        nothing = await poll(
            lambda: next(
                (
                    m
                    for m in standin.visible_messages()
                    if m["interaction_id"] == iid and m["ephemeral"]
                ),
                None,
            ),
            what="the private no-answer",
        )
        assert "found nothing" in nothing["content"]
        await poll(
            lambda: (
                not [
                    m
                    for m in standin.visible_messages()
                    if m["interaction_id"] == iid and not m["ephemeral"]
                ]
                or None
            ),
            what="the public placeholder removed",
        )
        assert_nothing_rejected(standin)


async def test_cooldown_says_slow_down(tmp_path: Path) -> None:
    async with running_bot(tmp_path, ask_cooldown_uses=1, ask_cooldown_seconds=60) as bot:
        first = await ask(bot.standin, "What is GitOps?")
        assert not first["ephemeral"]
        second = await ask(bot.standin, "What feature stores exist?")
        assert second["ephemeral"] and "Slow down" in second["content"]

        # In chat the bot reacts with an hourglass instead of answering.
        asked = await say(
            bot.standin, "What is GitOps?", user_id=bot.standin.admin_user_id, mention_bot=True
        )
        await reply_in_chat(bot.standin, asked)
        again = await say(
            bot.standin,
            "What feature stores exist?",
            user_id=bot.standin.admin_user_id,
            mention_bot=True,
        )
        reaction = await bot.standin.wait_for(
            lambda r: r.method == "PUT" and "/reactions/" in r.path, TIMEOUT
        )
        assert f"/messages/{again['id']}/reactions/" in reaction.path
        assert not [
            m
            for m in bot.standin.visible_messages()
            if (m["message_reference"] or {}).get("message_id") == again["id"]
        ]


async def test_admin_role_setting_allows_reindex(tmp_path: Path) -> None:
    async with running_bot(tmp_path, admin_role="member") as bot:  # bob has the "member" role
        standin = bot.standin
        message = await reply_to(standin, await command(standin, "reindex"))
        assert message["embeds"][0]["title"] == "Index rebuilt"


async def test_reindex_is_for_admins_and_picks_up_edits(tmp_path: Path, corpus_copy: Path) -> None:
    sentence = "Every release must be approved by the quokka council before Friday."
    async with running_bot(tmp_path, corpus_copy) as bot:
        standin = bot.standin
        about = await reply_to(standin, await command(standin, "about"))
        with (corpus_copy / "linux_python.md").open("a", encoding="utf-8") as fh:
            fh.write(f"\n## Quokka Release Policy\n{sentence}\n")

        refused = await reply_to(standin, await command(standin, "reindex"))
        assert refused["ephemeral"] and "Manage Server" in refused["content"]
        not_yet = await ask(standin, "Who approves releases in the quokka council?")
        assert sentence not in descriptions(not_yet)
        again = await reply_to(standin, await command(standin, "about"))
        index_fields = (
            "Documents",
            "Sections",
            "Passages",
            "Salary facts",
            "Index built",
            "Corpus fingerprint",
        )

        def index_facts(message: dict[str, Any]) -> list[dict[str, Any]]:
            return [f for f in message["embeds"][0]["fields"] if f["name"] in index_fields]

        assert index_facts(again) == index_facts(about)

        iid = await standin.interact(standin.slash_payload("reindex", admin=True))
        first = await standin.wait_for_response(iid, TIMEOUT)
        assert first.status == 200 and first.json["type"] == 5
        assert standin.response_latency(iid) < 3.0
        rebuilt = await reply_to(standin, iid)
        [embed] = rebuilt["embeds"]
        assert embed["title"] == "Index rebuilt"
        assert "1 files" in embed["description"] and "sections" in embed["description"]
        assert "Quokka Release Policy" in embed["description"]

        answer = await ask(standin, "Who approves releases in the quokka council?")
        assert sentence in descriptions(answer)


ROLE_MENTION = "<@&1300000000000000110>"  # the stand-in's admin role


async def test_watch_mode_picks_up_edits(tmp_path: Path, corpus_copy: Path) -> None:
    sentence = "The wombat gateway restarts every Tuesday at noon."
    async with running_bot(tmp_path, corpus_copy, watch_corpus=True, watch_debounce_ms=50) as bot:
        await asyncio.sleep(0.3)  # let the watcher start
        with (corpus_copy / "linux_python.md").open("a", encoding="utf-8") as fh:
            fh.write(f"\n## Wombat Gateway\n{sentence}\n")
        answer = await ask_until_quoted(
            bot.standin, "When does the wombat gateway restart?", sentence
        )
        assert sentence in descriptions(answer)


async def test_mentions_in_documents_never_ping(tmp_path: Path, corpus_copy: Path) -> None:
    (corpus_copy / "announcements.md").write_text(
        "# Announcements\n\n## Release pings\n\n"
        f"For urgent releases ping @everyone and {ROLE_MENTION} in the ops channel; "
        "the zebrafish rota decides who is on call.\n",
        encoding="utf-8",
    )
    async with running_bot(tmp_path, corpus_copy) as bot:
        standin = bot.standin
        answer = await ask(standin, "Who decides the zebrafish rota?")
        assert payload_of(standin, answer["id"])["allowed_mentions"]["parse"] == []
        assert "@everyone" in descriptions(answer) and ROLE_MENTION in descriptions(answer)
        assert "zebrafish rota" in descriptions(answer)

        message = await say(standin, "Who decides the zebrafish rota?", mention_bot=True)
        reply = await reply_in_chat(standin, message)
        assert payload_of(standin, reply["id"])["allowed_mentions"]["parse"] == []
        assert "@everyone" in descriptions(reply)


# ----------------------------------------------------------------------------- 12. tokens


async def test_invalid_token_fails_login(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    bad = "bad.token.value"
    async with DiscordStandIn(token=TOKEN) as standin:
        with patch_discord(standin):
            settings = make_settings(standin, SAMPLE_CORPUS, tmp_path / "index", discord_token=bad)
            with pytest.raises(discord.LoginFailure):
                await asyncio.wait_for(launcher.start_bot(settings), TIMEOUT)
        assert not standin.ready.is_set()
    assert bad not in caplog.text


async def test_run_bot_explains_a_rejected_token(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`python -m bot run` with a wrong token: one clear line and exit code 2, no traceback."""
    bad = "bad.token.value"
    async with DiscordStandIn(token=TOKEN) as standin:
        with patch_discord(standin):
            settings = make_settings(standin, SAMPLE_CORPUS, tmp_path / "index", discord_token=bad)
            # run_bot owns its event loop (asyncio.run), so it runs in a thread; it reaches
            # the stand-in over its socket like any other client.
            code = await asyncio.wait_for(asyncio.to_thread(launcher.run_bot, settings), TIMEOUT)
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "DISCORD_TOKEN" in err and "Traceback" not in err
    assert bad not in err


@pytest.mark.parametrize("token", [None, "", "   "])
async def test_missing_token_names_the_setting(
    token: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings(_env_file=None, discord_token=token)
    with pytest.raises(launcher.SetupError) as excinfo:
        launcher.token_of(settings)
    assert "DISCORD_TOKEN" in str(excinfo.value) and ".env.example" in str(excinfo.value)
    assert await asyncio.to_thread(launcher.run_bot, settings) == 2  # fails before connecting
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "DISCORD_TOKEN" in err and ".env.example" in err


async def test_token_never_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    async with running_bot(tmp_path) as bot:
        await ask(bot.standin, "What is GitOps?")
        await reply_in_chat(
            bot.standin, await say(bot.standin, "What is GitOps?", mention_bot=True)
        )
    assert "IDENTIFY" in caplog.text or "GET" in caplog.text  # debug logging really was captured
    assert TOKEN not in caplog.text


# ----------------------------------------------------------------------------- python -m bot sync


async def test_sync_to_the_dev_guild_and_globally(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`python -m bot sync` syncs on purpose: the dev guild by default, everyone with --global."""
    async with DiscordStandIn(token=TOKEN) as standin:
        with patch_discord(standin):
            settings = make_settings(standin, SAMPLE_CORPUS, tmp_path / "index")
            assert await asyncio.to_thread(launcher.sync_commands, settings) == 0
            assert "global" not in standin.commands  # never global unless asked
            guild = {c["name"] for c in standin.commands[str(standin.guild_id)]}
            assert {"ask", "doc", "salary", "reindex", "about"} <= guild
            assert await asyncio.to_thread(launcher.sync_commands, settings, True) == 0
            assert {c["name"] for c in standin.commands["global"]} == guild
            no_guild = make_settings(standin, SAMPLE_CORPUS, tmp_path / "index", dev_guild_id=None)
            assert await asyncio.to_thread(launcher.sync_commands, no_guild) == 2
        assert not standin.rejected
    out, err = capsys.readouterr()
    assert "synced 8 commands to guild" in out and "globally" in out
    assert "DEV_GUILD_ID" in err and err.count("\n") == 1
    assert not (tmp_path / "index").exists()  # syncing never builds the index


async def test_run_without_a_corpus_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    async with DiscordStandIn(token=TOKEN) as standin:
        with patch_discord(standin):
            settings = make_settings(standin, tmp_path / "no-such-corpus", tmp_path / "index")
            code = await asyncio.wait_for(asyncio.to_thread(launcher.run_bot, settings), TIMEOUT)
    err = capsys.readouterr().err
    assert code == 2 and "corpus folder not found" in err and "Traceback" not in err
