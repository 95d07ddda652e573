"""Self-test of the Discord stand-in: a tiny discord.py client talks to it over real sockets."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

import aiohttp
import discord
import discord_standin
import pytest
from discord import app_commands
from discord_standin import (
    DEFAULT_TOKEN,
    PRIVILEGED_INTENTS,
    DiscordStandIn,
    patch_discord,
    running_client,
)

TIMEOUT = 5.0


@dataclass
class Bot:
    """A minimal bot defined here (not the project's), plus what its handlers observed."""

    client: discord.Client
    tree: app_commands.CommandTree
    errors: asyncio.Queue[Exception] = field(default_factory=asyncio.Queue)
    seen_messages: list[discord.Message] = field(default_factory=list)


def make_bot(standin: DiscordStandIn) -> Bot:
    client = discord.Client(intents=discord.Intents.default())
    tree = app_commands.CommandTree(client)
    bot = Bot(client, tree)
    guild = discord.Object(standin.guild_id)

    @tree.command(guild=guild, description="Repeat the text in an embed")
    async def echo(interaction: discord.Interaction, text: str) -> None:
        await interaction.response.send_message(embed=discord.Embed(title="Echo", description=text))

    @tree.command(guild=guild, description="Think, then send a file")
    async def report(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.followup.send(
            "Here is the report", file=discord.File(io.BytesIO(b"report-bytes"), "report.txt")
        )

    @tree.command(guild=guild, description="Try to send an embed that is too long")
    async def toolong(interaction: discord.Interaction) -> None:
        try:
            await interaction.response.send_message(embed=discord.Embed(description="x" * 5000))
        except discord.HTTPException as exc:
            bot.errors.put_nowait(exc)

    @tree.command(guild=guild, description="Answer after half a second")
    async def slow(interaction: discord.Interaction) -> None:
        await asyncio.sleep(0.5)
        await interaction.response.send_message("finally")

    @tree.command(guild=guild, description="Look up a docs topic")
    async def lookup(interaction: discord.Interaction, topic: str) -> None:
        await interaction.response.send_message(f"Looking up {topic}", ephemeral=True)

    @lookup.autocomplete("topic")
    async def lookup_topic(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        topics = ["install", "configure", "deploy", "index"]
        return [app_commands.Choice(name=t, value=t) for t in topics if t.startswith(current)]

    class Note(discord.ui.Modal, title="What were you looking for?"):
        text = discord.ui.TextInput(label="Note", max_length=300)

        async def on_submit(self, interaction: discord.Interaction) -> None:
            await interaction.response.send_message(f"noted: {self.text.value}", ephemeral=True)

    @tree.command(guild=guild, description="Open a form")
    async def note(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(Note(custom_id="note-form"))

    @client.event
    async def on_message(message: discord.Message) -> None:
        bot.seen_messages.append(message)
        if message.author.bot:
            return
        if client.user in message.mentions:
            await message.reply("pong")

    return bot


@pytest.fixture
async def standin() -> AsyncIterator[DiscordStandIn]:
    async with DiscordStandIn() as server:
        with patch_discord(server):
            yield server


@pytest.fixture
async def bot(standin: DiscordStandIn) -> AsyncIterator[Bot]:
    bot = make_bot(standin)
    async with running_client(bot.client, standin, timeout=TIMEOUT):
        await asyncio.wait_for(bot.tree.sync(guild=discord.Object(standin.guild_id)), TIMEOUT)
        yield bot


async def test_login_ready_and_sync(standin: DiscordStandIn, bot: Bot) -> None:
    assert standin.ready.is_set()
    assert bot.client.user is not None and bot.client.user.id == standin.bot_user_id
    assert bot.client.application_id == standin.application_id
    guild = bot.client.get_guild(standin.guild_id)
    assert guild is not None and guild.get_channel(standin.channel_id) is not None
    assert guild.get_thread(standin.thread_id) is not None
    names = {command["name"] for command in standin.commands[str(standin.guild_id)]}
    assert {"echo", "report", "toolong", "lookup"} <= names
    assert standin.identify_payload is not None
    assert not standin.identify_payload["intents"] & PRIVILEGED_INTENTS
    assert not standin.rejected


async def test_slash_command_reply_with_embed(standin: DiscordStandIn, bot: Bot) -> None:
    iid = await standin.interact(standin.slash_payload("echo", [{"name": "text", "value": "hi"}]))
    response = await standin.wait_for_response(iid, timeout=TIMEOUT)
    assert response.status == 200
    assert response.json["type"] == 4
    assert response.json["data"]["embeds"][0]["description"] == "hi"
    latency = standin.response_latency(iid)
    assert latency is not None and latency < 3.0
    [visible] = standin.visible_messages(standin.channel_id)
    assert visible["interaction_id"] == iid and not visible["ephemeral"]
    assert visible["embeds"][0]["title"] == "Echo"


async def test_deferred_followup_with_file(standin: DiscordStandIn, bot: Bot) -> None:
    iid = await standin.interact(standin.slash_payload("report"))
    assert (await standin.wait_for_response(iid, timeout=TIMEOUT)).json["type"] == 5
    followup = await standin.wait_for(
        lambda r: r.interaction_id == iid and r.path.startswith("/webhooks/"), TIMEOUT
    )
    assert followup.status == 200
    assert followup.files == [("report.txt", b"report-bytes")]
    assert followup.json["content"] == "Here is the report"
    # The followup replaced the "thinking" message rather than adding a second one.
    [visible] = standin.visible_messages()
    assert not visible["loading"] and visible["content"] == "Here is the report"
    assert visible["attachments"][0]["filename"] == "report.txt"
    assert visible["attachments"][0]["size"] == len(b"report-bytes")
    channel = bot.client.get_channel(standin.channel_id)
    assert isinstance(channel, discord.TextChannel)
    fetched = await channel.fetch_message(int(visible["id"]))
    assert await fetched.attachments[0].read() == b"report-bytes"


async def test_over_limit_embed_is_rejected(standin: DiscordStandIn, bot: Bot) -> None:
    iid = await standin.interact(standin.slash_payload("toolong"))
    error = await asyncio.wait_for(bot.errors.get(), TIMEOUT)
    assert isinstance(error, discord.HTTPException)
    assert error.status == 400 and error.code == 50035
    assert "4096" in error.text
    [rejected] = standin.rejected
    assert rejected.interaction_id == iid and "data.embeds.0.description" in (rejected.reason or "")
    assert standin.visible_messages() == []


async def test_mention_reaches_on_message_and_reply_is_recorded(
    standin: DiscordStandIn, bot: Bot
) -> None:
    message = standin.message_payload("how do I install?", mention_bot=True)
    await standin.dispatch("MESSAGE_CREATE", message)
    reply = await standin.wait_for(
        lambda r: r.method == "POST" and r.path == f"/channels/{standin.channel_id}/messages",
        TIMEOUT,
    )
    assert reply.status == 200
    assert reply.json["content"] == "pong"
    assert str(reply.json["message_reference"]["message_id"]) == message["id"]
    [visible] = standin.visible_messages()
    assert visible["message_reference"]["message_id"] == message["id"]
    # The bot's own reply is echoed back over the gateway and ignored, so nothing loops.
    await asyncio.sleep(0.2)
    assert [m.content for m in bot.seen_messages] == [message["content"], "pong"]
    assert len(standin.visible_messages()) == 1


async def test_message_content_is_hidden_without_the_intent(
    standin: DiscordStandIn, bot: Bot
) -> None:
    await standin.dispatch("MESSAGE_CREATE", standin.message_payload("no mention here"))
    await standin.dispatch("MESSAGE_CREATE", standin.message_payload("hello dm", guild=False))
    await asyncio.wait_for(_until(lambda: len(bot.seen_messages) == 2), TIMEOUT)
    assert [m.content for m in bot.seen_messages] == ["", "hello dm"]


async def test_bad_command_name_is_rejected_on_sync(standin: DiscordStandIn, bot: Bot) -> None:
    async def shout(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("HI")

    command = app_commands.Command(name="shout", description="Shout", callback=shout)
    command.name = "Shout"  # discord.py validates names locally; bypass that to reach the server
    bot.tree.add_command(command, guild=discord.Object(standin.guild_id))
    with pytest.raises(discord.HTTPException) as excinfo:
        await asyncio.wait_for(bot.tree.sync(guild=discord.Object(standin.guild_id)), TIMEOUT)
    assert excinfo.value.status == 400
    assert any(r.method == "PUT" and "name" in (r.reason or "") for r in standin.rejected)


async def test_wrong_token_fails_login(standin: DiscordStandIn) -> None:
    client = discord.Client(intents=discord.Intents.default())
    with pytest.raises(discord.LoginFailure):
        async with running_client(client, standin, token="not-the-token", timeout=TIMEOUT):
            pass
    assert standin.rejected[0].status == 401
    assert not standin.ready.is_set()


async def test_autocomplete_is_answered_with_choices(standin: DiscordStandIn, bot: Bot) -> None:
    payload = standin.autocomplete_payload(
        "lookup", [{"name": "topic", "value": "in"}], focused="topic"
    )
    iid = await standin.interact(payload)
    response = await standin.wait_for_response(iid, timeout=TIMEOUT)
    assert response.status == 200 and response.json["type"] == 8
    assert response.json["data"]["choices"] == [
        {"name": "install", "value": "install"},
        {"name": "index", "value": "index"},
    ]


async def test_double_acknowledgement_and_late_callbacks(standin: DiscordStandIn, bot: Bot) -> None:
    standin.interaction_timeout = 0.2
    iid = await standin.interact(standin.slash_payload("slow"))
    late = await standin.wait_for_response(iid, timeout=TIMEOUT)
    assert late.status == 404 and late.response["code"] == 10062
    assert standin.response_latency(iid) > 0.2

    standin.interaction_timeout = 3.0
    payload = standin.slash_payload("lookup", [{"name": "topic", "value": "deploy"}])
    iid = await standin.interact(payload)
    assert (await standin.wait_for_response(iid, timeout=TIMEOUT)).status == 200
    async with aiohttp.ClientSession() as session:
        url = f"{standin.http_url}/api/v10/interactions/{iid}/{payload['token']}/callback"
        async with session.post(url, json={"type": 4, "data": {"content": "again"}}) as resp:
            assert resp.status == 400
            assert (await resp.json())["code"] == 40060
    [visible] = standin.visible_messages()
    assert visible["ephemeral"] and visible["content"] == "Looking up deploy"


async def test_rest_limits(standin: DiscordStandIn) -> None:
    """Validation rules checked directly over HTTP, without a discord.py client."""
    api = f"{standin.http_url}/api/v10"
    headers = {"Authorization": f"Bot {DEFAULT_TOKEN}"}
    messages = f"{api}/channels/{standin.channel_id}/messages"
    big_fields = [{"name": "n" * 200, "value": "v" * 1000} for _ in range(6)]
    bad_bodies = {
        "content": {"content": "x" * 2001},
        "embeds.0.fields": {"embeds": [{"fields": [{"name": "a", "value": "b"}] * 26}]},
        "embeds": {"embeds": [{"fields": big_fields}]},
        "components": {
            "components": [{"type": 1, "components": [{"type": 2, "style": 5, "label": "x"}]}]
        },
    }
    app_commands_url = (
        f"{api}/applications/{standin.application_id}/guilds/{standin.guild_id}/commands"
    )
    options = [
        {"name": "optional", "description": "d", "type": 3},
        {"name": "required", "description": "d", "type": 3, "required": True},
    ]
    async with aiohttp.ClientSession(headers=headers) as session:
        for expected_path, body in bad_bodies.items():
            async with session.post(messages, json=body) as resp:
                assert resp.status == 400, expected_path
                assert expected_path in standin.rejected[-1].reason
        async with session.post(messages, json={"content": ""}) as resp:
            assert resp.status == 400 and (await resp.json())["code"] == 50006
        async with session.put(
            app_commands_url, json=[{"name": "ask", "description": "d", "options": options}]
        ) as resp:
            assert resp.status == 400
            assert "before non-required" in standin.rejected[-1].reason
        form = aiohttp.FormData()
        form.add_field("payload_json", '{"content": "big"}', content_type="application/json")
        form.add_field("files[0]", b"\0" * (10 * 1024 * 1024 + 1), filename="big.bin")
        async with session.post(messages, data=form) as resp:
            assert resp.status == 413
        async with session.get(f"{api}/channels/{standin.channel_id}/pins") as resp:
            assert resp.status == 404
    assert standin.requests[-1].reason and "not implemented" in standin.requests[-1].reason
    assert standin.messages == {}


async def _until(condition: Callable[[], bool], interval: float = 0.01) -> None:
    while not condition():
        await asyncio.sleep(interval)


LONGEST_URL = "https://example.com/" + "a" * (2048 - len("https://example.com/"))


@pytest.mark.parametrize(
    "url, accepted",
    [
        ("https://github.com/acme/docs/blob/0123abc/guide.md#L3-L5", True),
        ("http://docs.example.com/guide/", True),
        ("https://gitlab.example.com:8443/a/b/-/blob/c/d%20e.md#L1-2", True),
        (LONGEST_URL, True),
        (LONGEST_URL + "a", False),
        ("ftp://example.com/guide.md", False),
        ("guide.md:3-5", False),
        ("https://exa mple.com/guide.md", False),
        ("https://", False),
        ("https://example.com:99999/", False),
    ],
)
async def test_embed_urls_are_checked_as_discord_does(
    standin: DiscordStandIn, bot: Bot, url: str, accepted: bool
) -> None:
    channel = bot.client.get_channel(standin.channel_id)
    assert isinstance(channel, discord.TextChannel)
    embed = discord.Embed(title="Guide", url=url)
    if accepted:
        await channel.send(embed=embed)
        [visible] = standin.visible_messages()
        assert visible["embeds"][0]["url"] == url
        assert not standin.rejected
        return
    with pytest.raises(discord.HTTPException) as caught:
        await channel.send(embed=embed)
    assert caught.value.status == 400 and caught.value.code == 50035
    [rejected] = standin.rejected
    assert "embeds.0.url" in (rejected.reason or "")
    assert standin.visible_messages() == []


async def test_embed_image_may_be_an_attachment(standin: DiscordStandIn, bot: Bot) -> None:
    channel = bot.client.get_channel(standin.channel_id)
    assert isinstance(channel, discord.TextChannel)
    embed = discord.Embed(title="Chart").set_image(url="attachment://chart.png")
    await channel.send(embed=embed, file=discord.File(io.BytesIO(b"png"), "chart.png"))
    assert not standin.rejected


async def test_modal_is_shown_and_submitted_within_its_limits(
    standin: DiscordStandIn, bot: Bot
) -> None:
    iid = await standin.interact(standin.slash_payload("note"))
    shown = await standin.wait_for_response(iid, timeout=TIMEOUT)
    assert shown.status < 300 and shown.json["type"] == 9
    [text_input] = [
        c
        for c in discord_standin._walk_components(standin.modals["note-form"]["components"])
        if c["type"] == 4
    ]
    assert text_input["max_length"] == 300
    with pytest.raises(ValueError, match="outside"):
        standin.modal_submit_payload("note-form", {text_input["custom_id"]: "x" * 301})
    with pytest.raises(ValueError, match="required"):
        standin.modal_submit_payload("note-form", {})
    submit = standin.modal_submit_payload(
        "note-form", {text_input["custom_id"]: "the rollback steps"}
    )
    iid = await standin.interact(submit)
    assert (await standin.wait_for_response(iid, timeout=TIMEOUT)).status < 300
    await _until(
        lambda: any(m["content"] == "noted: the rollback steps" for m in standin.visible_messages())
    )


async def test_modal_limits_are_enforced(standin: DiscordStandIn, bot: Bot) -> None:
    """A modal over Discord's limits (title 45, text input label 45, max_length 4000) is refused."""
    message = {"id": "1", "channel_id": str(standin.channel_id), "components": []}
    payload = standin.component_payload("nobody-handles-this", message)
    iid = await standin.interact(payload)
    url = f"{standin.http_url}/api/v10/interactions/{iid}/{payload['token']}/callback"
    text_input = {"type": 4, "custom_id": "t", "style": 2, "label": "l" * 46, "max_length": 4001}
    modal = {
        "custom_id": "m" * 101,
        "title": "t" * 46,
        "components": [{"type": 1, "components": [text_input]}],
    }
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, json={"type": 9, "data": modal}) as resp,
    ):
        assert resp.status == 400
    reason = standin.rejected[-1].reason
    for path in ("data.custom_id", "data.title", "components.0.label", "components.0.max_length"):
        assert path in reason, (path, reason)
