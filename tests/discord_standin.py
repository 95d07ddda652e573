"""A local stand-in for Discord, for end-to-end tests of discord.py bots.

:class:`DiscordStandIn` is an aiohttp server on ``127.0.0.1`` that speaks enough of
the REST API v10 and of the gateway for the real, unmodified discord.py client to log
in, receive events and answer them over real sockets.  It holds a small test world
(one guild with a text channel, a thread, three roles and four members, plus DM
channels), records every REST request the bot makes, and rejects requests that real
Discord would reject (length limits, invalid command names, double acknowledgement,
callbacks after the 3-second deadline, oversized files, bad tokens, embed URLs that are
not well-formed http(s) URLs of at most 2048 characters) with the same
status codes and error bodies.

Typical use::

    standin = DiscordStandIn()
    await standin.start()
    try:
        with patch_discord(standin):
            client = discord.Client(intents=discord.Intents.default())
            tree = app_commands.CommandTree(client)
            ...  # define commands
            async with running_client(client, standin):
                await tree.sync(guild=discord.Object(standin.guild_id))
                iid = await standin.interact(standin.slash_payload("echo", [{"name": "text", "value": "hi"}]))
                response = await standin.wait_for_response(iid)
    finally:
        await standin.close()

Behaviour worth knowing (all of it mirrors real Discord):

* Events are filtered by the intents sent in IDENTIFY: guild/DM message events need the
  ``guild_messages``/``dm_messages`` intents, and without ``message_content`` the
  content, embeds, attachments and components of other people's guild messages are
  blanked unless the bot is mentioned (replies ping the replied-to author by default).
  Dropped events are listed in :attr:`DiscordStandIn.dropped_events`.
* Messages the bot creates are echoed back to it as ``MESSAGE_CREATE``/``MESSAGE_UPDATE``/
  ``MESSAGE_DELETE`` gateway events (ephemeral ones are not), so a bot that answers its
  own messages loops here as it would on Discord.
* After a type 5 (deferred) callback a "thinking" message with the LOADING flag exists;
  the first followup replaces it (keeping the deferral's ephemeral setting) instead of
  creating a new message.
* An interaction callback later than ``interaction_timeout`` seconds (default 3) after
  dispatch gets 404 "Unknown interaction".
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import mimetypes
import re
import secrets
import time
import urllib.parse
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import discord
import yarl
from aiohttp import WSMsgType, web

__all__ = [
    "DEFAULT_TOKEN",
    "MAX_FILE_SIZE",
    "PRIVILEGED_INTENTS",
    "DiscordStandIn",
    "Recorded",
    "patch_discord",
    "running_client",
]

JSON = dict[str, Any]

DEFAULT_TOKEN = "test-token"
API_PREFIX = "/api/v10"
DISCORD_EPOCH_MS = 1_420_070_400_000
HEARTBEAT_INTERVAL_MS = 41_250
MAX_FILE_SIZE = 10 * 1024 * 1024

# Permission bits (https://discord.com/developers/docs/topics/permissions).
MANAGE_GUILD = 1 << 5
ADD_REACTIONS = 1 << 6
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
USE_EXTERNAL_EMOJIS = 1 << 18
USE_APPLICATION_COMMANDS = 1 << 31
CREATE_PUBLIC_THREADS = 1 << 35
SEND_MESSAGES_IN_THREADS = 1 << 38
EVERYONE_PERMISSIONS = (
    VIEW_CHANNEL
    | SEND_MESSAGES
    | SEND_MESSAGES_IN_THREADS
    | CREATE_PUBLIC_THREADS
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | ADD_REACTIONS
    | USE_EXTERNAL_EMOJIS
    | USE_APPLICATION_COMMANDS
)

# Gateway intent bits.
INTENT_GUILD_MEMBERS = 1 << 1
INTENT_GUILD_PRESENCES = 1 << 8
INTENT_GUILD_MESSAGES = 1 << 9
INTENT_DIRECT_MESSAGES = 1 << 12
INTENT_MESSAGE_CONTENT = 1 << 15
PRIVILEGED_INTENTS = INTENT_GUILD_MEMBERS | INTENT_GUILD_PRESENCES | INTENT_MESSAGE_CONTENT

# Message flag bits.
FLAG_SUPPRESS_EMBEDS = 1 << 2
FLAG_EPHEMERAL = 1 << 6
FLAG_LOADING = 1 << 7
FLAG_SUPPRESS_NOTIFICATIONS = 1 << 12
FLAG_COMPONENTS_V2 = 1 << 15

# Interaction types and the callback types Discord accepts for each.
PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
ALLOWED_CALLBACKS: dict[int, set[int]] = {
    PING: {1},
    APPLICATION_COMMAND: {4, 5, 9},
    MESSAGE_COMPONENT: {4, 5, 6, 7, 9},
    AUTOCOMPLETE: {8},
    MODAL_SUBMIT: {4, 5, 6, 7},
}

CHAT_INPUT = 1
SUBCOMMAND, SUBCOMMAND_GROUP = 1, 2
SELECT_TYPES = {3, 5, 6, 7, 8}
COMMAND_NAME_RE = re.compile(r"^[-_\w]{1,32}$")
MENTION_RE = re.compile(r"<@!?(\d+)>")
FILE_FIELD_RE = re.compile(r"^files\[(\d+)\]$")


def _now_iso() -> str:
    return datetime.now(UTC).isoformat()


# --------------------------------------------------------------------------- records


@dataclass
class Recorded:
    """One REST request the bot made, and how the stand-in answered it.

    ``path`` is relative to ``/api/v10`` (e.g. ``/channels/1/messages``); ``json`` is the
    parsed JSON body, or the ``payload_json`` part of a multipart body; ``files`` are the
    uploaded ``(filename, bytes)``; ``time`` is :func:`time.monotonic` at arrival;
    ``reason`` explains any status >= 400; ``response`` is the JSON body returned.
    """

    method: str
    path: str
    query: dict[str, str]
    time: float
    json: Any = None
    files: list[tuple[str, bytes]] = field(default_factory=list)
    status: int = 0
    reason: str | None = None
    response: Any = None
    interaction_id: str | None = None
    message_id: str | None = None
    channel_id: str | None = None


RECORD_KEY = web.RequestKey("record", Recorded)
FILES_KEY = web.RequestKey("files", dict[int, tuple[str, bytes]])


@dataclass
class _Interaction:
    """Server-side state of one dispatched interaction."""

    id: str
    token: str
    type: int
    payload: JSON
    dispatched_at: float
    callback_type: int | None = None
    original_message_id: str | None = None
    loading: bool = False
    message_ids: set[str] = field(default_factory=set)


class _ApiError(Exception):
    """Raised by handlers to answer with a Discord-style error body."""

    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        *,
        errors: JSON | None = None,
        reason: str | None = None,
    ):
        super().__init__(reason or message)
        self.status = status
        self.body: JSON = {"code": code, "message": message}
        if errors is not None:
            self.body["errors"] = errors
        self.reason = reason or message


# --------------------------------------------------------------------------- validation


class _FormErrors:
    """Collects field errors and renders them like Discord's 50035 "Invalid Form Body"."""

    def __init__(self) -> None:
        self.items: list[tuple[tuple[str | int, ...], str, str]] = []

    def add(self, path: tuple[str | int, ...], code: str, message: str) -> None:
        self.items.append((path, code, message))

    def check_length(
        self,
        path: tuple[str | int, ...],
        value: Any,
        maximum: int,
        *,
        minimum: int = 0,
        required: bool = False,
    ) -> int:
        """Check a string's length; return the length counted (0 if absent)."""
        if value is None:
            if required:
                self.add(path, "BASE_TYPE_REQUIRED", "This field is required")
            return 0
        length = len(str(value))
        if minimum and length < minimum:
            self.add(
                path, "BASE_TYPE_BAD_LENGTH", f"Must be between {minimum} and {maximum} in length."
            )
        elif length > maximum:
            if minimum:
                self.add(
                    path,
                    "BASE_TYPE_BAD_LENGTH",
                    f"Must be between {minimum} and {maximum} in length.",
                )
            else:
                self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {maximum} or fewer in length.")
        return length

    def check_count(self, path: tuple[str | int, ...], items: list[Any], maximum: int) -> None:
        if len(items) > maximum:
            self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {maximum} or fewer in length.")

    def raise_if_any(self) -> None:
        if not self.items:
            return
        errors: JSON = {}
        for path, code, message in self.items:
            node = errors
            for key in path:
                node = node.setdefault(str(key), {})
            node.setdefault("_errors", []).append({"code": code, "message": message})
        summary = "; ".join(
            f"{'.'.join(map(str, path)) or '<root>'}: {message}" for path, _, message in self.items
        )
        raise _ApiError(400, 50035, "Invalid Form Body", errors=errors, reason=summary)


URL_MAX = 2048
WEB_SCHEMES = ("http", "https")
MEDIA_SCHEMES = ("http", "https", "attachment")


def _check_url(
    errors: _FormErrors, path: tuple[str | int, ...], value: Any, schemes: tuple[str, ...]
) -> None:
    """An embed URL: well formed, of an allowed scheme, at most 2048 characters (as Discord)."""
    if value is None:
        return
    url = str(value)
    if len(url) > URL_MAX:
        errors.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {URL_MAX} or fewer in length.")
        return
    try:
        parts = urllib.parse.urlsplit(url)
        _ = parts.port
    except ValueError:
        parts = None
    if (
        parts is None
        or not parts.scheme
        or not parts.netloc
        or any(c.isspace() or ord(c) < 32 for c in url)
    ):
        errors.add(path, "URL_TYPE_INVALID_URL", "Not a well formed URL.")
    elif parts.scheme.lower() not in schemes:
        errors.add(
            path,
            "URL_TYPE_INVALID_SCHEME",
            f'Scheme "{parts.scheme}" is not supported. Scheme must be one of {schemes}.',
        )


def _validate_embed(embed: JSON, errors: _FormErrors, path: tuple[str | int, ...]) -> int:
    """Validate one embed; return its size as counted for the 6000-character total."""
    _check_url(errors, path + ("url",), embed.get("url"), WEB_SCHEMES)
    for key in ("image", "thumbnail"):
        _check_url(errors, path + (key, "url"), (embed.get(key) or {}).get("url"), MEDIA_SCHEMES)
    _check_url(
        errors, path + ("author", "url"), (embed.get("author") or {}).get("url"), WEB_SCHEMES
    )
    for key in ("author", "footer"):
        _check_url(
            errors, path + (key, "icon_url"), (embed.get(key) or {}).get("icon_url"), MEDIA_SCHEMES
        )
    size = errors.check_length(path + ("title",), embed.get("title"), 256)
    size += errors.check_length(path + ("description",), embed.get("description"), 4096)
    fields = embed.get("fields") or []
    errors.check_count(path + ("fields",), fields, 25)
    for index, embed_field in enumerate(fields):
        field_path = path + ("fields", index)
        size += errors.check_length(
            field_path + ("name",), embed_field.get("name"), 256, minimum=1, required=True
        )
        size += errors.check_length(
            field_path + ("value",), embed_field.get("value"), 1024, minimum=1, required=True
        )
    if embed.get("footer") is not None:
        size += errors.check_length(
            path + ("footer", "text"), embed["footer"].get("text"), 2048, required=True
        )
    if embed.get("author") is not None:
        size += errors.check_length(
            path + ("author", "name"), embed["author"].get("name"), 256, required=True
        )
    return size


def _validate_component(
    component: JSON, errors: _FormErrors, path: tuple[str | int, ...], seen_ids: set[str]
) -> None:
    """Validate one component and its children (action rows, buttons, selects, text inputs...)."""
    ctype = component.get("type")
    custom_id = component.get("custom_id")
    if custom_id is not None:
        errors.check_length(path + ("custom_id",), custom_id, 100, minimum=1)
        if custom_id in seen_ids:
            errors.add(
                path + ("custom_id",),
                "COMPONENT_CUSTOM_ID_DUPLICATED",
                "Component custom id cannot be duplicated",
            )
        seen_ids.add(custom_id)
    if ctype == 1:
        children = component.get("components") or []
        if not 1 <= len(children) <= 5:
            errors.add(
                path + ("components",), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length."
            )
        if len(children) > 1 and any(child.get("type") in SELECT_TYPES for child in children):
            errors.add(
                path + ("components",),
                "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                "A select menu must be alone in its row",
            )
    elif ctype == 2:
        errors.check_length(path + ("label",), component.get("label"), 80)
        style = component.get("style")
        if style == 5:
            if not component.get("url"):
                errors.add(path + ("url",), "BASE_TYPE_REQUIRED", "This field is required")
            if custom_id is not None:
                errors.add(
                    path + ("custom_id",),
                    "COMPONENT_INVALID_FIELD",
                    "Link buttons cannot have a custom_id",
                )
        elif style in (1, 2, 3, 4) and custom_id is None:
            errors.add(path + ("custom_id",), "BASE_TYPE_REQUIRED", "This field is required")
    elif ctype in SELECT_TYPES:
        if custom_id is None:
            errors.add(path + ("custom_id",), "BASE_TYPE_REQUIRED", "This field is required")
        errors.check_length(path + ("placeholder",), component.get("placeholder"), 150)
        if ctype == 3:
            options = component.get("options") or []
            if not 1 <= len(options) <= 25:
                errors.add(
                    path + ("options",),
                    "BASE_TYPE_BAD_LENGTH",
                    "Must be between 1 and 25 in length.",
                )
            for index, option in enumerate(options):
                option_path = path + ("options", index)
                errors.check_length(
                    option_path + ("label",), option.get("label"), 100, minimum=1, required=True
                )
                errors.check_length(
                    option_path + ("value",), option.get("value"), 100, minimum=1, required=True
                )
    elif ctype == 4:
        # Text input (https://discord.com/developers/docs/components/reference#text-input)
        errors.check_length(path + ("label",), component.get("label"), 45)
        errors.check_length(path + ("placeholder",), component.get("placeholder"), 100)
        errors.check_length(path + ("value",), component.get("value"), 4000)
        if custom_id is None:
            errors.add(path + ("custom_id",), "BASE_TYPE_REQUIRED", "This field is required")
        if component.get("style") not in (1, 2):
            errors.add(path + ("style",), "BASE_TYPE_CHOICES", "Value must be one of {1, 2}.")
        for key, low in (("min_length", 0), ("max_length", 1)):
            value = component.get(key)
            if value is not None and not (isinstance(value, int) and low <= value <= 4000):
                errors.add(
                    path + (key,), "NUMBER_TYPE_MAX", f"int value should be between {low} and 4000."
                )
    for index, child in enumerate(component.get("components") or []):
        _validate_component(child, errors, path + ("components", index), seen_ids)
    for key in ("component", "accessory"):
        if isinstance(component.get(key), dict):
            _validate_component(component[key], errors, path + (key,), seen_ids)


def _count_components(components: list[JSON]) -> int:
    total = 0
    for component in components:
        total += 1 + _count_components(component.get("components") or [])
        total += sum(
            1 for key in ("component", "accessory") if isinstance(component.get(key), dict)
        )
    return total


def _validate_components(
    components: list[JSON], flags: int, errors: _FormErrors, path: tuple[str | int, ...]
) -> None:
    seen_ids: set[str] = set()
    if flags & FLAG_COMPONENTS_V2:
        if _count_components(components) > 40:
            errors.add(path, "BASE_TYPE_MAX_LENGTH", "Must be 40 or fewer in length.")
    else:
        errors.check_count(path, components, 5)
        for index, component in enumerate(components):
            if component.get("type") != 1:
                errors.add(
                    path + (index, "type"),
                    "UNION_TYPE_CHOICES",
                    "Top-level components must be action rows",
                )
    for index, component in enumerate(components):
        _validate_component(component, errors, path + (index,), seen_ids)


def _validate_message(data: JSON, errors: _FormErrors, path: tuple[str | int, ...] = ()) -> None:
    """Validate content, embeds and components of a message create/edit payload."""
    errors.check_length(path + ("content",), data.get("content"), 2000)
    embeds = data.get("embeds") or []
    errors.check_count(path + ("embeds",), embeds, 10)
    total = sum(
        _validate_embed(embed, errors, path + ("embeds", index))
        for index, embed in enumerate(embeds)
    )
    if total > 6000:
        errors.add(
            path + ("embeds",), "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000"
        )
    _validate_components(
        data.get("components") or [], data.get("flags") or 0, errors, path + ("components",)
    )


def _is_empty_message(message: JSON) -> bool:
    return not (
        message.get("content")
        or message.get("embeds")
        or message.get("attachments")
        or message.get("components")
        or message.get("sticker_ids")
        or message.get("poll")
    )


def _validate_choices(data: JSON, errors: _FormErrors) -> None:
    """Validate an autocomplete result (callback type 8)."""
    choices = data.get("choices")
    if choices is None:
        errors.add(("data", "choices"), "BASE_TYPE_REQUIRED", "This field is required")
        return
    errors.check_count(("data", "choices"), choices, 25)
    for index, choice in enumerate(choices):
        path = ("data", "choices", index)
        errors.check_length(path + ("name",), choice.get("name"), 100, minimum=1, required=True)
        if isinstance(choice.get("value"), str):
            errors.check_length(path + ("value",), choice["value"], 100)


def _validate_modal(data: JSON, errors: _FormErrors) -> None:
    """Validate a modal (callback type 9)."""
    errors.check_length(("data", "custom_id"), data.get("custom_id"), 100, minimum=1, required=True)
    errors.check_length(("data", "title"), data.get("title"), 45, minimum=1, required=True)
    components = data.get("components") or []
    if not 1 <= len(components) <= 5:
        errors.add(
            ("data", "components"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length."
        )
    seen_ids: set[str] = set()
    for index, component in enumerate(components):
        _validate_component(component, errors, ("data", "components", index), seen_ids)


def _validate_options(options: list[JSON], errors: _FormErrors, path: tuple[str | int, ...]) -> int:
    """Validate command options recursively; return their size towards the 4000-character limit."""
    errors.check_count(path, options, 25)
    size = 0
    seen_optional = False
    names: set[str] = set()
    for index, option in enumerate(options):
        option_path = path + (index,)
        name = option.get("name") or ""
        if not COMMAND_NAME_RE.match(name) or name != name.lower():
            errors.add(
                option_path + ("name",),
                "APPLICATION_COMMAND_INVALID_NAME",
                "Command name is invalid",
            )
        if name in names:
            errors.add(
                option_path + ("name",),
                "APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS",
                "Option names must be unique",
            )
        names.add(name)
        size += len(name)
        size += errors.check_length(
            option_path + ("description",), option.get("description"), 100, minimum=1, required=True
        )
        if option.get("type") in (SUBCOMMAND, SUBCOMMAND_GROUP):
            size += _validate_options(
                option.get("options") or [], errors, option_path + ("options",)
            )
            continue
        if option.get("required"):
            if seen_optional:
                errors.add(
                    option_path + ("required",),
                    "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                    "Required options must be placed before non-required options",
                )
        else:
            seen_optional = True
        choices = option.get("choices") or []
        errors.check_count(option_path + ("choices",), choices, 25)
        if choices and option.get("autocomplete"):
            errors.add(
                option_path + ("autocomplete",),
                "APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_WITH_CHOICES",
                "Autocomplete cannot be enabled on options that have choices",
            )
        for choice_index, choice in enumerate(choices):
            choice_path = option_path + ("choices", choice_index)
            size += errors.check_length(
                choice_path + ("name",), choice.get("name"), 100, minimum=1, required=True
            )
            if isinstance(choice.get("value"), str):
                size += errors.check_length(choice_path + ("value",), choice["value"], 100)
            else:
                size += len(str(choice.get("value")))
    return size


def _validate_command(command: JSON, errors: _FormErrors, path: tuple[str | int, ...]) -> None:
    name = command.get("name") or ""
    if command.get("type", CHAT_INPUT) == CHAT_INPUT:
        if not COMMAND_NAME_RE.match(name) or name != name.lower():
            errors.add(
                path + ("name",), "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid"
            )
        size = len(name)
        size += errors.check_length(
            path + ("description",), command.get("description"), 100, minimum=1, required=True
        )
        size += _validate_options(command.get("options") or [], errors, path + ("options",))
        if size > 4000:
            errors.add(path, "APPLICATION_COMMAND_TOO_LARGE", "Command exceeds maximum size (4000)")
    else:
        errors.check_length(path + ("name",), name, 32, minimum=1, required=True)
        if command.get("options"):
            errors.add(
                path + ("options",),
                "APPLICATION_COMMAND_OPTIONS_INVALID",
                "Context menu commands cannot have options",
            )


def _validate_command_list(commands: list[JSON], errors: _FormErrors) -> None:
    if len(commands) > 100:
        errors.add(
            (),
            "APPLICATION_COMMANDS_TOO_MANY",
            "Maximum number of application commands reached (100)",
        )
    seen: set[tuple[int, str]] = set()
    for index, command in enumerate(commands):
        _validate_command(command, errors, (index,))
        key = (command.get("type", CHAT_INPUT), command.get("name") or "")
        if key in seen:
            errors.add(
                (index, "name"),
                "APPLICATION_COMMANDS_DUPLICATE_NAME",
                "Application command names must be unique",
            )
        seen.add(key)


def _find_component_type(components: list[JSON], custom_id: str) -> int | None:
    for component in components:
        if component.get("custom_id") == custom_id:
            return component.get("type")
        nested = list(component.get("components") or [])
        nested += [
            component[key]
            for key in ("component", "accessory")
            if isinstance(component.get(key), dict)
        ]
        found = _find_component_type(nested, custom_id)
        if found is not None:
            return found
    return None


def _walk_components(components: list[JSON]) -> Iterator[JSON]:
    """Every component, nested ones included (action rows, labels, sections)."""
    for component in components:
        yield component
        yield from _walk_components(component.get("components") or [])
        for key in ("component", "accessory"):
            if isinstance(component.get(key), dict):
                yield from _walk_components([component[key]])


def _infer_option_type(value: Any) -> int:
    if isinstance(value, bool):
        return 5
    if isinstance(value, int):
        return 4
    if isinstance(value, float):
        return 10
    return 3


# --------------------------------------------------------------------------- the stand-in


class DiscordStandIn:
    """A fake Discord (REST v10 + gateway) bound to 127.0.0.1 on a random free port.

    All ids given to or exposed by the constructor are ``int``; ids inside payloads and
    records are strings, as on the wire.
    """

    def __init__(
        self,
        *,
        guild_id: int = 1300000000000000100,
        channel_id: int = 1300000000000000101,
        thread_id: int = 1300000000000000102,
        dm_channel_id: int = 1300000000000000103,
        admin_role_id: int = 1300000000000000110,
        plain_role_id: int = 1300000000000000111,
        bot_user_id: int = 1300000000000000200,
        application_id: int = 1300000000000000201,
        admin_user_id: int = 1300000000000000300,
        user_id: int = 1300000000000000301,
        other_bot_user_id: int = 1300000000000000302,
        token: str = DEFAULT_TOKEN,
        interaction_timeout: float = 3.0,
        echo_bot_messages: bool = True,
    ) -> None:
        self.guild_id = guild_id
        self.channel_id = channel_id
        self.thread_id = thread_id
        self.dm_channel_id = dm_channel_id
        self.admin_role_id = admin_role_id
        self.plain_role_id = plain_role_id
        self.bot_user_id = bot_user_id
        self.application_id = application_id
        self.admin_user_id = admin_user_id
        self.user_id = user_id
        self.other_bot_user_id = other_bot_user_id
        self.token = token
        self.interaction_timeout = interaction_timeout
        self.echo_bot_messages = echo_bot_messages

        self.http_url = ""
        self.ws_url = ""
        self.ready = asyncio.Event()
        self.requests: list[Recorded] = []
        self.rejected: list[Recorded] = []
        # when set, a new channel message is stored and sent over the gateway at once, but
        # the response to the request that made it waits for this event: on Discord the
        # gateway's MESSAGE_CREATE can reach a client before the REST response does
        self.hold_message_responses: asyncio.Event | None = None
        self.commands: dict[str, list[JSON]] = {}
        self.messages: dict[str, JSON] = {}
        self.user_messages: dict[str, JSON] = {}
        self.identify_payload: JSON | None = None
        self.gateway_received: list[JSON] = []
        self.dropped_events: list[tuple[str, JSON]] = []
        self.modals: dict[
            str, JSON
        ] = {}  # custom_id → the last modal shown with it (callback type 9)

        self._users: dict[int, JSON] = {
            bot_user_id: self._make_user(bot_user_id, "docs-bot", bot=True),
            admin_user_id: self._make_user(admin_user_id, "alice-admin"),
            user_id: self._make_user(user_id, "bob"),
            other_bot_user_id: self._make_user(other_bot_user_id, "other-bot", bot=True),
        }
        self._member_roles: dict[int, list[int]] = {
            bot_user_id: [],
            admin_user_id: [admin_role_id, plain_role_id],
            user_id: [plain_role_id],
            other_bot_user_id: [],
        }
        self._roles: dict[int, JSON] = {
            guild_id: self._make_role(guild_id, "@everyone", EVERYONE_PERMISSIONS, 0),
            admin_role_id: self._make_role(
                admin_role_id, "admin", EVERYONE_PERMISSIONS | MANAGE_GUILD, 2
            ),
            plain_role_id: self._make_role(plain_role_id, "member", 0, 1),
        }
        self._dm_channels: dict[int, int] = {user_id: dm_channel_id}
        self._interactions: dict[str, _Interaction] = {}
        self._interactions_by_token: dict[str, _Interaction] = {}
        self._attachment_blobs: dict[str, bytes] = {}
        self._last_snowflake = 0
        self._changed = asyncio.Condition()
        self._send_lock = asyncio.Lock()
        self._sockets: set[web.WebSocketResponse] = set()
        self._session_ws: web.WebSocketResponse | None = None
        self._session_id: str | None = None
        self._sequence = 0
        self._runner: web.AppRunner | None = None

    # ----------------------------------------------------------------- lifecycle

    async def start(self) -> None:
        """Bind to 127.0.0.1 on a free port and start serving."""
        app = web.Application(middlewares=[self._middleware], client_max_size=64 * 1024 * 1024)
        self._add_routes(app)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.http_url = f"http://127.0.0.1:{port}"
        self.ws_url = f"ws://127.0.0.1:{port}/gateway"

    async def close(self) -> None:
        """Close open gateway connections and stop the server."""
        for ws in list(self._sockets):
            await ws.close(code=1001, message=b"stand-in closing")
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> DiscordStandIn:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    # ----------------------------------------------------------------- world objects

    @staticmethod
    def _make_user(user_id: int, name: str, *, bot: bool = False) -> JSON:
        return {
            "id": str(user_id),
            "username": name,
            "global_name": None if bot else name.title(),
            "discriminator": "0",
            "avatar": None,
            "bot": bot,
            "system": False,
            "public_flags": 0,
            "flags": 0,
            "banner": None,
            "accent_color": None,
            "avatar_decoration_data": None,
        }

    @staticmethod
    def _make_role(role_id: int, name: str, permissions: int, position: int) -> JSON:
        return {
            "id": str(role_id),
            "name": name,
            "permissions": str(permissions),
            "position": position,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "icon": None,
            "unicode_emoji": None,
            "flags": 0,
        }

    def _snowflake(self) -> str:
        """A fresh, strictly increasing, time-based snowflake."""
        now = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        self._last_snowflake = max(now, self._last_snowflake + 1)
        return str(self._last_snowflake)

    def _user(self, user_id: int) -> JSON:
        if user_id not in self._users:
            self._users[user_id] = self._make_user(user_id, f"user{user_id}")
        return copy.deepcopy(self._users[user_id])

    def _permissions(self, user_id: int) -> int:
        permissions = int(self._roles[self.guild_id]["permissions"])
        for role_id in self._member_roles.get(user_id, []):
            permissions |= int(self._roles[role_id]["permissions"])
        return permissions

    def _member(
        self, user_id: int, *, with_user: bool = True, with_permissions: bool = False
    ) -> JSON:
        member: JSON = {
            "roles": [str(role_id) for role_id in self._member_roles.get(user_id, [])],
            "nick": None,
            "avatar": None,
            "banner": None,
            "joined_at": "2024-01-01T00:00:00+00:00",
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
        }
        if with_user:
            member["user"] = self._user(user_id)
        if with_permissions:
            member["permissions"] = str(self._permissions(user_id))
        return member

    def _dm_channel_id_for(self, user_id: int) -> int:
        if user_id not in self._dm_channels:
            self._dm_channels[user_id] = int(self._snowflake())
        return self._dm_channels[user_id]

    def _channel(self, channel_id: int) -> JSON | None:
        """The channel object for a known channel id, or None."""
        if channel_id == self.channel_id:
            return {
                "id": str(self.channel_id),
                "type": 0,
                "guild_id": str(self.guild_id),
                "name": "docs-help",
                "topic": "Ask questions about the docs",
                "position": 0,
                "permission_overwrites": [],
                "parent_id": None,
                "nsfw": False,
                "last_message_id": None,
                "rate_limit_per_user": 0,
                "flags": 0,
            }
        if channel_id == self.thread_id:
            return {
                "id": str(self.thread_id),
                "type": 11,
                "guild_id": str(self.guild_id),
                "parent_id": str(self.channel_id),
                "owner_id": str(self.user_id),
                "name": "question-thread",
                "last_message_id": None,
                "message_count": 0,
                "member_count": 2,
                "total_message_sent": 0,
                "rate_limit_per_user": 0,
                "flags": 0,
                "thread_metadata": {
                    "archived": False,
                    "auto_archive_duration": 1440,
                    "archive_timestamp": "2024-01-01T00:00:00+00:00",
                    "locked": False,
                    "create_timestamp": "2024-01-01T00:00:00+00:00",
                },
                "member": {
                    "id": str(self.thread_id),
                    "user_id": str(self.bot_user_id),
                    "join_timestamp": "2024-01-01T00:00:00+00:00",
                    "flags": 0,
                },
            }
        for user_id, dm_id in self._dm_channels.items():
            if dm_id == channel_id:
                return {
                    "id": str(dm_id),
                    "type": 1,
                    "recipients": [self._user(user_id)],
                    "last_message_id": None,
                    "flags": 0,
                }
        return None

    def _is_guild_channel(self, channel_id: int) -> bool:
        return channel_id in (self.channel_id, self.thread_id)

    def _guild(self) -> JSON:
        """The guild object as returned by GET /guilds/{id}."""
        return {
            "id": str(self.guild_id),
            "name": "Docs Test Guild",
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(self.admin_user_id),
            "roles": [copy.deepcopy(role) for role in self._roles.values()],
            "emojis": [],
            "stickers": [],
            "features": [],
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "premium_progress_bar_enabled": False,
            "preferred_locale": "en-US",
            "afk_channel_id": None,
            "afk_timeout": 300,
            "system_channel_id": str(self.channel_id),
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "vanity_url_code": None,
            "application_id": None,
            "max_members": 500000,
            "max_video_channel_users": 25,
            "widget_enabled": False,
        }

    def _guild_create(self) -> JSON:
        """The GUILD_CREATE payload; members are only all sent with the GUILD_MEMBERS intent."""
        members = [
            self._member(user_id)
            for user_id in self._member_roles
            if user_id == self.bot_user_id or self._intents & INTENT_GUILD_MEMBERS
        ]
        guild = self._guild()
        guild.update(
            {
                "joined_at": "2024-01-01T00:00:00+00:00",
                "large": False,
                "unavailable": False,
                "lazy": True,
                "member_count": len(self._member_roles),
                "members": members,
                "channels": [self._channel(self.channel_id)],
                "threads": [self._channel(self.thread_id)],
                "voice_states": [],
                "presences": [],
                "stage_instances": [],
                "guild_scheduled_events": [],
                "soundboard_sounds": [],
            }
        )
        return guild

    def _application(self) -> JSON:
        return {
            "id": str(self.application_id),
            "name": "docs-bot",
            "icon": None,
            "description": "",
            "summary": "",
            "type": None,
            "rpc_origins": [],
            "bot_public": True,
            "bot_require_code_grant": False,
            "bot": self._user(self.bot_user_id),
            "owner": self._user(self.admin_user_id),
            "team": None,
            "verify_key": "0" * 64,
            "flags": 0,
            "guild_id": None,
            "hook": True,
            "interactions_endpoint_url": None,
            "redirect_uris": [],
            "tags": [],
            "approximate_guild_count": 1,
            "integration_types_config": {"0": {}},
        }

    @property
    def _intents(self) -> int:
        return (self.identify_payload or {}).get("intents", 0)

    # ----------------------------------------------------------------- gateway

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(timeout=2.0)
        await ws.prepare(request)
        self._sockets.add(ws)
        try:
            await self._send(ws, 10, {"heartbeat_interval": HEARTBEAT_INTERVAL_MS})
            async for message in ws:
                if message.type is WSMsgType.TEXT:
                    await self._on_gateway_payload(ws, json.loads(message.data))
        finally:
            self._sockets.discard(ws)
            if self._session_ws is ws:
                self._session_ws = None
        return ws

    async def _on_gateway_payload(self, ws: web.WebSocketResponse, payload: JSON) -> None:
        op, data = payload.get("op"), payload.get("d")
        if op == 1:
            await self._send(ws, 11)
            return
        self.gateway_received.append(payload)
        if op == 2:
            await self._identify(ws, data)
        elif op == 6:
            await self._resume(ws, data)
        elif op == 8:
            await self._request_members(ws, data)

    async def _identify(self, ws: web.WebSocketResponse, data: JSON) -> None:
        if data.get("token") != self.token:
            await ws.close(code=4004, message=b"Authentication failed.")
            return
        self.identify_payload = data
        self._session_ws = ws
        self._session_id = secrets.token_hex(16)
        self._sequence = 0
        user = self._user(self.bot_user_id)
        user.update({"verified": True, "mfa_enabled": False, "email": None})
        ready: JSON = {
            "v": 10,
            "user": user,
            "guilds": [{"id": str(self.guild_id), "unavailable": True}],
            "session_id": self._session_id,
            "session_type": "normal",
            "resume_gateway_url": self.ws_url,
            "application": {"id": str(self.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "user_settings": {},
        }
        if "shard" in data:
            ready["shard"] = data["shard"]
        await self._send_dispatch(ws, "READY", ready)
        await self._send_dispatch(ws, "GUILD_CREATE", self._guild_create())
        self.ready.set()

    async def _resume(self, ws: web.WebSocketResponse, data: JSON) -> None:
        if data.get("token") != self.token or data.get("session_id") != self._session_id:
            await self._send(ws, 9, False)
            return
        self._session_ws = ws
        await self._send_dispatch(ws, "RESUMED", {})

    async def _request_members(self, ws: web.WebSocketResponse, data: JSON) -> None:
        wanted = {int(user_id) for user_id in data.get("user_ids") or []}
        query = (data.get("query") or "").lower()
        members = [
            self._member(user_id)
            for user_id in self._member_roles
            if (not wanted or user_id in wanted)
            and self._users[user_id]["username"].startswith(query)
        ]
        chunk = {
            "guild_id": str(self.guild_id),
            "members": members,
            "chunk_index": 0,
            "chunk_count": 1,
        }
        if data.get("nonce"):
            chunk["nonce"] = data["nonce"]
        await self._send_dispatch(ws, "GUILD_MEMBERS_CHUNK", chunk)

    async def _send(
        self, ws: web.WebSocketResponse, op: int, data: Any = None, event: str | None = None
    ) -> None:
        """Send one gateway payload; dispatches (op 0) get the next sequence number."""
        async with self._send_lock:
            sequence = None
            if op == 0:
                self._sequence += 1
                sequence = self._sequence
            await ws.send_str(json.dumps({"op": op, "d": data, "s": sequence, "t": event}))

    async def _send_dispatch(self, ws: web.WebSocketResponse, event: str, data: JSON) -> None:
        await self._send(ws, 0, data, event)

    def _filter_for_intents(self, event: str, data: JSON) -> JSON | None:
        """Return the event as Discord would deliver it to this session, or None if not at all."""
        if event not in (
            "MESSAGE_CREATE",
            "MESSAGE_UPDATE",
            "MESSAGE_DELETE",
            "MESSAGE_DELETE_BULK",
        ):
            return data
        in_guild = "guild_id" in data
        if not self._intents & (INTENT_GUILD_MESSAGES if in_guild else INTENT_DIRECT_MESSAGES):
            return None
        if (
            event in ("MESSAGE_CREATE", "MESSAGE_UPDATE")
            and in_guild
            and not self._intents & INTENT_MESSAGE_CONTENT
        ):
            author_id = int(data.get("author", {}).get("id", 0))
            mentioned = any(
                int(user["id"]) == self.bot_user_id for user in data.get("mentions", [])
            )
            if author_id != self.bot_user_id and not mentioned:
                return {**data, "content": "", "embeds": [], "attachments": [], "components": []}
        return data

    async def dispatch(self, event: str, data: JSON) -> None:
        """Send an op 0 DISPATCH to the identified session (subject to intent filtering).

        MESSAGE_CREATE payloads from users are remembered so the bot can reply to,
        fetch or react to them.
        """
        if self._session_ws is None or self._session_ws.closed:
            raise RuntimeError("no identified gateway session: is the client connected?")
        if event == "MESSAGE_CREATE" and int(data["author"]["id"]) != self.bot_user_id:
            self.user_messages[data["id"]] = copy.deepcopy(data)
        await self._emit(event, data)

    async def _emit(self, event: str, data: JSON) -> None:
        """Deliver an event if a session exists and its intents allow it."""
        ws = self._session_ws
        if ws is None or ws.closed:
            return
        delivered = self._filter_for_intents(event, data)
        if delivered is None:
            self.dropped_events.append((event, data))
            return
        await self._send_dispatch(ws, event, delivered)

    # ----------------------------------------------------------------- payload builders

    def _find_command(self, name: str, command_type: int) -> tuple[JSON | None, str | None]:
        """The synced command with this name, preferring the guild scope, and its scope."""
        for scope in (str(self.guild_id), "global"):
            for command in self.commands.get(scope, []):
                if command["name"] == name and command.get("type", CHAT_INPUT) == command_type:
                    return command, scope
        return None, None

    def _resolve(self, option_type: int, value: str, resolved: JSON) -> None:
        """Add the resolved object for a user/channel/role/mentionable option value."""
        snowflake = int(value)
        if option_type == 6 or (option_type == 9 and snowflake in self._users):
            resolved.setdefault("users", {})[value] = self._user(snowflake)
            if snowflake in self._member_roles:
                member = self._member(snowflake, with_user=False, with_permissions=True)
                resolved.setdefault("members", {})[value] = member
        elif option_type == 7:
            channel = self._channel(snowflake)
            if channel is None:
                raise ValueError(f"unknown channel {value}")
            channel["permissions"] = str(self._permissions(self.bot_user_id))
            resolved.setdefault("channels", {})[value] = channel
        elif option_type in (8, 9) and snowflake in self._roles:
            resolved.setdefault("roles", {})[value] = copy.deepcopy(self._roles[snowflake])

    def _typed_options(
        self,
        options: list[JSON],
        definitions: list[JSON],
        resolved: JSON,
        focused: str | None = None,
    ) -> list[JSON]:
        """Give options the types and value types Discord sends, using the synced definitions."""
        typed = []
        for given in options:
            option = dict(given)
            definition = next((d for d in definitions if d["name"] == option["name"]), None)
            option_type = (
                option.get("type")
                or (definition or {}).get("type")
                or _infer_option_type(option["value"])
            )
            option["type"] = option_type
            value = option["value"]
            if option["name"] == focused:
                option["focused"] = True
                option["value"] = str(value)
            elif option_type == 4:
                option["value"] = int(value)
            elif option_type == 10:
                option["value"] = float(value)
            elif option_type == 5:
                option["value"] = bool(value)
            elif option_type == 3:
                option["value"] = str(value)
            elif option_type in (6, 7, 8, 9):
                option["value"] = str(value)
                self._resolve(option_type, option["value"], resolved)
            typed.append(option)
        return typed

    def _command_data(
        self,
        name: str,
        options: list[JSON] | None,
        subcommand: str | None,
        focused: str | None = None,
    ) -> JSON:
        command, scope = self._find_command(name, CHAT_INPUT)
        definitions = (command or {}).get("options", [])
        path = subcommand.split() if subcommand else []
        for part in path:
            parent = next((d for d in definitions if d["name"] == part), {})
            definitions = parent.get("options", [])
        resolved: JSON = {}
        typed = self._typed_options(options or [], definitions, resolved, focused)
        for depth, part in reversed(list(enumerate(path))):
            is_group = depth < len(path) - 1
            typed = [
                {
                    "name": part,
                    "type": SUBCOMMAND_GROUP if is_group else SUBCOMMAND,
                    "options": typed,
                }
            ]
        data: JSON = {
            "id": command["id"] if command else self._snowflake(),
            "name": name,
            "type": CHAT_INPUT,
            "options": typed,
        }
        if resolved:
            data["resolved"] = resolved
        if scope not in (None, "global"):
            data["guild_id"] = scope
        return data

    def _interaction(
        self,
        interaction_type: int,
        data: JSON,
        *,
        user_id: int | None,
        channel_id: int | None,
        message: JSON | None = None,
    ) -> JSON:
        user_id = user_id or self.user_id
        channel_id = channel_id or self.channel_id
        channel = self._channel(channel_id)
        if channel is None:
            raise ValueError(f"unknown channel {channel_id}")
        channel["permissions"] = str(self._permissions(user_id))
        payload: JSON = {
            "id": self._snowflake(),
            "application_id": str(self.application_id),
            "type": interaction_type,
            "data": data,
            "token": "itok-" + secrets.token_urlsafe(32),
            "version": 1,
            "channel_id": str(channel_id),
            "channel": channel,
            "locale": "en-US",
            "app_permissions": str(self._permissions(self.bot_user_id)),
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": MAX_FILE_SIZE,
        }
        if self._is_guild_channel(channel_id):
            payload.update(
                {
                    "guild_id": str(self.guild_id),
                    "guild": {"id": str(self.guild_id), "locale": "en-US", "features": []},
                    "guild_locale": "en-US",
                    "member": self._member(user_id, with_permissions=True),
                    "authorizing_integration_owners": {"0": str(self.guild_id)},
                    "context": 0,
                }
            )
        else:
            payload.update(
                {
                    "user": self._user(user_id),
                    "authorizing_integration_owners": {"0": "0"},
                    "context": 1,
                }
            )
        if message is not None:
            payload["message"] = copy.deepcopy(message)
        return payload

    def slash_payload(
        self,
        name: str,
        options: list[JSON] | None = None,
        *,
        user_id: int | None = None,
        admin: bool = False,
        channel_id: int | None = None,
        subcommand: str | None = None,
    ) -> JSON:
        """An APPLICATION_COMMAND interaction (type 2) for a chat-input command.

        ``options`` are ``{"name", "value"}`` dicts; ``type`` is taken from the synced
        command definition (or inferred from the Python value) and values are converted
        as Discord sends them (user/channel/role options get ``resolved`` data).
        ``subcommand`` is ``"sub"`` or ``"group sub"``.  ``admin=True`` makes the admin
        user invoke it.  A DM channel id as ``channel_id`` makes it a DM interaction.
        """
        if admin and user_id is None:
            user_id = self.admin_user_id
        data = self._command_data(name, options, subcommand)
        return self._interaction(APPLICATION_COMMAND, data, user_id=user_id, channel_id=channel_id)

    def autocomplete_payload(
        self,
        name: str,
        options: list[JSON],
        focused: str,
        *,
        user_id: int | None = None,
        channel_id: int | None = None,
        subcommand: str | None = None,
    ) -> JSON:
        """An APPLICATION_COMMAND_AUTOCOMPLETE interaction (type 4); ``focused`` names the option being typed."""
        data = self._command_data(name, options, subcommand, focused)
        return self._interaction(AUTOCOMPLETE, data, user_id=user_id, channel_id=channel_id)

    def component_payload(
        self,
        custom_id: str,
        message: JSON,
        *,
        user_id: int | None = None,
        values: list[str] | None = None,
    ) -> JSON:
        """A MESSAGE_COMPONENT interaction (type 3) on a recorded message, e.g. ``standin.messages[id]``.

        ``values`` are the chosen values for a select menu.
        """
        component_type = _find_component_type(message.get("components") or [], custom_id) or 2
        data: JSON = {"custom_id": custom_id, "component_type": component_type}
        if component_type in SELECT_TYPES:
            data["values"] = list(values or [])
        return self._interaction(
            MESSAGE_COMPONENT,
            data,
            user_id=user_id,
            channel_id=int(message["channel_id"]),
            message=message,
        )

    def modal_submit_payload(
        self,
        custom_id: str,
        values: dict[str, str],
        *,
        user_id: int | None = None,
        channel_id: int | None = None,
    ) -> JSON:
        """A MODAL_SUBMIT interaction (type 5): ``values`` maps text-input custom ids to the typed text.

        When a modal with this ``custom_id`` was shown, the values must fit its text inputs as
        Discord's client enforces them (ValueError otherwise): every key is one of its inputs,
        required ones are filled, and lengths are within ``min_length``/``max_length``.
        """
        shown = self.modals.get(custom_id)
        if shown is not None:
            inputs = {
                c["custom_id"]: c
                for c in _walk_components(shown.get("components") or [])
                if c.get("type") == 4
            }
            for key, value in values.items():
                if key not in inputs:
                    raise ValueError(f"the modal {custom_id!r} has no text input {key!r}")
                text_input = inputs[key]
                if (
                    not text_input.get("min_length", 0)
                    <= len(value)
                    <= text_input.get("max_length", 4000)
                ):
                    raise ValueError(
                        f"{key!r}: {len(value)} characters is outside the input's limits"
                    )
            for key, text_input in inputs.items():
                if text_input.get("required", True) and not values.get(key):
                    raise ValueError(f"the required text input {key!r} is empty")
        rows = [
            {"type": 1, "components": [{"type": 4, "custom_id": key, "value": value}]}
            for key, value in values.items()
        ]
        data = {"custom_id": custom_id, "components": rows}
        return self._interaction(MODAL_SUBMIT, data, user_id=user_id, channel_id=channel_id)

    def message_payload(
        self,
        content: str,
        *,
        user_id: int | None = None,
        mention_bot: bool = False,
        channel_id: int | None = None,
        guild: bool = True,
        reference_message_id: str | int | None = None,
        referenced_message: JSON | None = None,
        author_is_bot: bool = False,
    ) -> JSON:
        """A MESSAGE_CREATE payload from a user (or, with ``author_is_bot``, from the other bot).

        ``mention_bot`` prefixes ``<@BOTID>`` and lists the bot in ``mentions``;
        ``guild=False`` sends it in the author's DM channel.  A reply pings the
        replied-to author, as the Discord client does by default.
        """
        author_id = user_id or (self.other_bot_user_id if author_is_bot else self.user_id)
        if guild:
            channel_id = channel_id or self.channel_id
        else:
            channel_id = self._dm_channel_id_for(author_id)
        mentioned: list[int] = [self.bot_user_id] if mention_bot else []
        message: JSON = {
            "id": self._snowflake(),
            "channel_id": str(channel_id),
            "author": self._user(author_id),
            "content": f"<@{self.bot_user_id}> {content}" if mention_bot else content,
            "timestamp": _now_iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "components": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
        }
        if reference_message_id is not None or referenced_message is not None:
            target = referenced_message or self._known_message(str(reference_message_id))
            target_id = str(reference_message_id or target["id"])
            message["type"] = 19
            message["message_reference"] = {
                "type": 0,
                "message_id": target_id,
                "channel_id": (target or {}).get("channel_id", str(channel_id)),
            }
            if target is not None:
                reference = copy.deepcopy(target)
                reference.pop("referenced_message", None)
                message["referenced_message"] = reference
                if int(target["author"]["id"]) not in mentioned:
                    mentioned.append(int(target["author"]["id"]))
        message["mentions"] = [self._mention(mentioned_id, guild) for mentioned_id in mentioned]
        if guild:
            message["guild_id"] = str(self.guild_id)
            message["member"] = self._member(author_id, with_user=False)
            if "message_reference" in message:
                message["message_reference"]["guild_id"] = str(self.guild_id)
        return message

    def _mention(self, user_id: int, in_guild: bool) -> JSON:
        user = self._user(user_id)
        if in_guild and user_id in self._member_roles:
            user["member"] = self._member(user_id, with_user=False)
        return user

    async def interact(self, payload: JSON) -> str:
        """Dispatch INTERACTION_CREATE, remember when, and return the interaction id."""
        interaction = _Interaction(
            id=payload["id"],
            token=payload["token"],
            type=payload["type"],
            payload=payload,
            dispatched_at=time.monotonic(),
        )
        self._interactions[interaction.id] = interaction
        self._interactions_by_token[interaction.token] = interaction
        await self.dispatch("INTERACTION_CREATE", payload)
        return interaction.id

    # ----------------------------------------------------------------- waiting & inspection

    async def wait_for(
        self, predicate: Callable[[Recorded], bool], timeout: float = 10.0
    ) -> Recorded:
        """The first recorded request (past or future) matching ``predicate``."""

        def first_match() -> Recorded | None:
            return next((record for record in self.requests if predicate(record)), None)

        async with self._changed:
            try:
                async with asyncio.timeout(timeout):
                    return await self._changed.wait_for(first_match)
            except TimeoutError:
                seen = (
                    ", ".join(f"{r.method} {r.path} -> {r.status}" for r in self.requests[-10:])
                    or "nothing"
                )
                raise TimeoutError(
                    f"no matching request within {timeout}s; last requests: {seen}"
                ) from None

    async def wait_for_response(self, interaction_id: str, timeout: float = 10.0) -> Recorded:
        """The first callback request for this interaction (check ``status``: it may have been rejected).

        This returns once the stand-in has answered; discord.py may still be handling that
        answer (e.g. registering a view), so let the bot finish before pressing its buttons.
        """
        return await self.wait_for(
            lambda r: r.interaction_id == interaction_id and r.path.endswith("/callback"), timeout
        )

    def response_latency(self, interaction_id: str) -> float | None:
        """Seconds from dispatch to the first callback request, or None if there was none."""
        interaction = self._interactions.get(interaction_id)
        callback = next(
            (
                r
                for r in self.requests
                if r.interaction_id == interaction_id and r.path.endswith("/callback")
            ),
            None,
        )
        if interaction is None or callback is None:
            return None
        return callback.time - interaction.dispatched_at

    def visible_messages(self, channel_id: int | str | None = None) -> list[JSON]:
        """What people see of the bot's messages, in creation order (deleted ones left out).

        Each entry has id, channel_id, content, embeds, components, flags, attachments,
        message_reference, ``ephemeral`` (flags & 64), ``loading`` (a deferral not yet
        answered), ``edited`` and ``interaction_id`` (for interaction responses/followups).
        """
        visible = []
        for message in self.messages.values():
            if message.get("deleted") or (
                channel_id is not None and message["channel_id"] != str(channel_id)
            ):
                continue
            visible.append(
                {
                    "id": message["id"],
                    "channel_id": message["channel_id"],
                    "content": message["content"],
                    "embeds": message["embeds"],
                    "components": message["components"],
                    "flags": message["flags"],
                    "attachments": message["attachments"],
                    "message_reference": message.get("message_reference"),
                    "ephemeral": bool(message["flags"] & FLAG_EPHEMERAL),
                    "loading": bool(message["flags"] & FLAG_LOADING),
                    "edited": message["edited_timestamp"] is not None,
                    "interaction_id": (message.get("interaction_metadata") or {}).get("id"),
                }
            )
        return visible

    def _known_message(self, message_id: str) -> JSON | None:
        message = self.messages.get(message_id) or self.user_messages.get(message_id)
        if message is None or message.get("deleted"):
            return None
        return message

    # ----------------------------------------------------------------- HTTP plumbing

    def _add_routes(self, app: web.Application) -> None:
        api = API_PREFIX
        routes = [
            ("GET", "/gateway", self._gateway),
            ("GET", "/attachments/{channel_id}/{attachment_id}/{filename}", self._get_attachment),
            ("GET", f"{api}/users/@me", self._get_me),
            ("POST", f"{api}/users/@me/channels", self._create_dm),
            ("GET", f"{api}/users/{{user_id}}", self._get_user),
            ("GET", f"{api}/gateway", self._get_gateway),
            ("GET", f"{api}/gateway/bot", self._get_gateway_bot),
            ("GET", f"{api}/oauth2/applications/@me", self._get_application),
            ("GET", f"{api}/applications/@me", self._get_application),
            (
                "POST",
                f"{api}/interactions/{{interaction_id}}/{{token}}/callback",
                self._interaction_callback,
            ),
            ("POST", f"{api}/webhooks/{{application_id}}/{{token}}", self._execute_webhook),
            ("GET", f"{api}/channels/{{channel_id}}", self._get_channel),
            ("GET", f"{api}/channels/{{channel_id}}/messages", self._get_messages),
            ("POST", f"{api}/channels/{{channel_id}}/messages", self._create_channel_message),
            (
                "GET",
                f"{api}/channels/{{channel_id}}/messages/{{message_id}}",
                self._get_channel_message,
            ),
            (
                "PATCH",
                f"{api}/channels/{{channel_id}}/messages/{{message_id}}",
                self._edit_channel_message,
            ),
            (
                "DELETE",
                f"{api}/channels/{{channel_id}}/messages/{{message_id}}",
                self._delete_channel_message,
            ),
            ("POST", f"{api}/channels/{{channel_id}}/typing", self._typing),
            ("GET", f"{api}/guilds/{{guild_id}}", self._get_guild),
            ("GET", f"{api}/guilds/{{guild_id}}/channels", self._get_guild_channels),
            ("GET", f"{api}/guilds/{{guild_id}}/roles", self._get_guild_roles),
            ("GET", f"{api}/guilds/{{guild_id}}/members/{{user_id}}", self._get_guild_member),
        ]
        for method in ("GET", "PATCH", "DELETE"):
            routes.append(
                (
                    method,
                    f"{api}/webhooks/{{application_id}}/{{token}}/messages/{{message_id}}",
                    self._webhook_message,
                )
            )
        for method in ("PUT", "DELETE"):
            routes.append(
                (
                    method,
                    f"{api}/channels/{{channel_id}}/messages/{{message_id}}/reactions/{{emoji}}/@me",
                    self._own_reaction,
                )
            )
        for scope_path in (
            "/applications/{application_id}",
            "/applications/{application_id}/guilds/{guild_id}",
        ):
            for method in ("GET", "PUT", "POST"):
                routes.append((method, f"{api}{scope_path}/commands", self._commands))
            for method in ("GET", "PATCH", "DELETE"):
                routes.append((method, f"{api}{scope_path}/commands/{{command_id}}", self._command))
        for method, path, handler in routes:
            app.router.add_route(method, path, handler)
        app.router.add_route("*", "/{tail:.*}", self._unknown_route)

    @web.middleware
    async def _middleware(
        self, request: web.Request, handler: Callable[[web.Request], Any]
    ) -> web.StreamResponse:
        if request.path == "/gateway":
            return await handler(request)
        path = (
            request.path[len(API_PREFIX) :]
            if request.path.startswith(API_PREFIX + "/")
            else request.path
        )
        record = Recorded(
            method=request.method, path=path, query=dict(request.query), time=time.monotonic()
        )
        request[RECORD_KEY] = record
        try:
            request[FILES_KEY] = await self._read_body(request, record)
            self._check_auth(request, path)
            response = await handler(request)
        except _ApiError as error:
            response = self._json(error.body, status=error.status)
            record.reason = error.reason
        record.status = response.status
        if (
            isinstance(response, web.Response)
            and response.content_type == "application/json"
            and response.body
        ):
            record.response = json.loads(response.body)
        async with self._changed:
            self.requests.append(record)
            if record.status >= 400:
                self.rejected.append(record)
            self._changed.notify_all()
        return response

    async def _read_body(
        self, request: web.Request, record: Recorded
    ) -> dict[int, tuple[str, bytes]]:
        """Parse a JSON or multipart body into ``record``; return uploaded files by index."""
        files: dict[int, tuple[str, bytes]] = {}
        if request.content_type == "application/json":
            raw = await request.read()
            record.json = json.loads(raw) if raw else None
        elif request.content_type == "multipart/form-data":
            reader = await request.multipart()
            async for part in reader:
                if part.name == "payload_json":
                    record.json = json.loads(await part.text())
                    continue
                match = FILE_FIELD_RE.match(part.name or "")
                index = int(match.group(1)) if match else len(files)
                files[index] = (part.filename or f"file{index}", bytes(await part.read()))
            record.files = [files[index] for index in sorted(files)]
            too_big = [name for name, content in record.files if len(content) > MAX_FILE_SIZE]
            if too_big:
                raise _ApiError(
                    413, 40005, "Request entity too large", reason=f"file over 10 MiB: {too_big}"
                )
        return files

    def _check_auth(self, request: web.Request, path: str) -> None:
        """Bot-token auth for everything but webhooks, interaction callbacks and attachments (like Discord)."""
        if not request.path.startswith(API_PREFIX + "/") or path.startswith(
            ("/webhooks/", "/interactions/")
        ):
            return
        if request.headers.get("Authorization") != f"Bot {self.token}":
            raise _ApiError(401, 0, "401: Unauthorized", reason="missing or invalid bot token")

    @staticmethod
    def _json(data: Any, status: int = 200) -> web.Response:
        # discord.py only parses bodies whose content-type is exactly "application/json".
        return web.Response(
            body=json.dumps(data).encode(), status=status, content_type="application/json"
        )

    @staticmethod
    def _no_content() -> web.Response:
        return web.Response(status=204)

    async def _unknown_route(self, request: web.Request) -> web.Response:
        raise _ApiError(
            404,
            0,
            "404: Not Found",
            reason=f"route not implemented by the stand-in: {request.method} {request.path}",
        )

    # ----------------------------------------------------------------- messages

    def _new_attachments(
        self,
        channel_id: str,
        specs: list[JSON],
        files: dict[int, tuple[str, bytes]],
        existing: list[JSON],
        errors: _FormErrors,
    ) -> list[JSON]:
        """Attachment objects for an ``attachments`` payload list: kept existing ones and new uploads."""
        by_id = {attachment["id"]: attachment for attachment in existing}
        result = []
        for index, spec in enumerate(specs):
            spec_id = str(spec.get("id"))
            if spec_id in by_id:
                result.append(by_id[spec_id])
                continue
            if not spec_id.isdigit() or int(spec_id) not in files:
                errors.add(
                    ("attachments", index, "id"), "ATTACHMENT_NOT_FOUND", "Unknown attachment"
                )
                continue
            filename, content = files[int(spec_id)]
            filename = spec.get("filename") or filename
            attachment_id = self._snowflake()
            self._attachment_blobs[attachment_id] = content
            url = f"{self.http_url}/attachments/{channel_id}/{attachment_id}/{filename}"
            result.append(
                {
                    "id": attachment_id,
                    "filename": filename,
                    "size": len(content),
                    "url": url,
                    "proxy_url": url,
                    "content_type": mimetypes.guess_type(filename)[0] or "application/octet-stream",
                    "description": spec.get("description"),
                }
            )
        return result

    def _apply(
        self, message: JSON, data: JSON, files: dict[int, tuple[str, bytes]], *, creating: bool
    ) -> JSON:
        """Return a copy of ``message`` with a create/edit payload applied (validated first)."""
        errors = _FormErrors()
        _validate_message(data, errors)
        updated = copy.deepcopy(message)
        if "content" in data:
            updated["content"] = data["content"] or ""
            mentioned = dict.fromkeys(
                int(user_id) for user_id in MENTION_RE.findall(updated["content"])
            )
            updated["mentions"] = [
                self._user(user_id) for user_id in mentioned if user_id in self._users
            ]
        if "embeds" in data:
            updated["embeds"] = [{"type": "rich", **embed} for embed in data["embeds"] or []]
        if "components" in data:
            updated["components"] = data["components"] or []
        specs = data.get("attachments")
        if specs is None and files:
            specs = [{"id": attachment["id"]} for attachment in updated["attachments"]]
            specs += [{"id": index} for index in sorted(files)]
        if specs is not None:
            updated["attachments"] = self._new_attachments(
                updated["channel_id"], specs, files, updated["attachments"], errors
            )
        if "flags" in data and data["flags"] is not None:
            settable = FLAG_SUPPRESS_EMBEDS | FLAG_COMPONENTS_V2
            if creating:
                settable |= FLAG_SUPPRESS_NOTIFICATIONS
            updated["flags"] = (updated["flags"] & ~settable) | (data["flags"] & settable)
        errors.raise_if_any()
        if _is_empty_message(updated):
            raise _ApiError(400, 50006, "Cannot send an empty message")
        if not creating:
            updated["edited_timestamp"] = _now_iso()
        return updated

    def _blank_message(self, channel_id: str, interaction: _Interaction | None = None) -> JSON:
        message: JSON = {
            "id": self._snowflake(),
            "channel_id": channel_id,
            "author": self._user(self.bot_user_id),
            "content": "",
            "timestamp": _now_iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "components": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
        }
        if self._is_guild_channel(int(channel_id)):
            message["guild_id"] = str(self.guild_id)
        if interaction is not None:
            user = interaction.payload.get("member", {}).get("user") or interaction.payload.get(
                "user"
            )
            message.update(
                {
                    "type": 20 if interaction.type == APPLICATION_COMMAND else 0,
                    "webhook_id": str(self.application_id),
                    "application_id": str(self.application_id),
                    "interaction_metadata": {
                        "id": interaction.id,
                        "type": interaction.type,
                        "user": user,
                        "authorizing_integration_owners": interaction.payload.get(
                            "authorizing_integration_owners", {}
                        ),
                    },
                }
            )
        return message

    def _set_reference(self, message: JSON, reference: JSON) -> None:
        """Attach a reply reference, rejecting unknown targets like Discord does."""
        target = self._known_message(str(reference.get("message_id")))
        if target is None:
            if reference.get("fail_if_not_exists", True):
                errors = _FormErrors()
                errors.add(("message_reference",), "REPLIES_UNKNOWN_MESSAGE", "Unknown message")
                errors.raise_if_any()
            return
        message["type"] = 19
        message["message_reference"] = {
            "type": reference.get("type", 0),
            "message_id": target["id"],
            "channel_id": target["channel_id"],
        }
        if "guild_id" in target:
            message["message_reference"]["guild_id"] = target["guild_id"]
        referenced = copy.deepcopy(target)
        referenced.pop("referenced_message", None)
        message["referenced_message"] = referenced

    async def _create_message(
        self,
        channel_id: str,
        data: JSON,
        files: dict[int, tuple[str, bytes]],
        *,
        interaction: _Interaction | None = None,
        extra_flags: int = 0,
    ) -> JSON:
        """Validate, store and echo a new bot message."""
        message = self._apply(
            self._blank_message(channel_id, interaction), data, files, creating=True
        )
        if interaction is not None and (data.get("flags") or 0) & FLAG_EPHEMERAL:
            extra_flags |= FLAG_EPHEMERAL
        message["flags"] |= extra_flags
        if data.get("message_reference"):
            self._set_reference(message, data["message_reference"])
        self.messages[message["id"]] = message
        if interaction is not None:
            interaction.message_ids.add(message["id"])
        await self._echo("MESSAGE_CREATE", message)
        return message

    async def _edit_message(
        self,
        message_id: str,
        data: JSON,
        files: dict[int, tuple[str, bytes]],
        *,
        mark_edited: bool = True,
    ) -> JSON:
        """Validate, store and echo an edit of a bot message; an edit ends a deferral's loading state."""
        message = self._apply(self.messages[message_id], data, files, creating=False)
        if not mark_edited:
            message["edited_timestamp"] = self.messages[message_id]["edited_timestamp"]
        message["flags"] &= ~FLAG_LOADING
        self.messages[message_id] = message
        await self._echo("MESSAGE_UPDATE", message)
        return message

    async def _delete_message(self, message: JSON) -> None:
        message["deleted"] = True
        event = {"id": message["id"], "channel_id": message["channel_id"]}
        if "guild_id" in message:
            event["guild_id"] = message["guild_id"]
        if int(message["author"]["id"]) == self.bot_user_id:
            await self._echo(
                "MESSAGE_DELETE", event, ephemeral=bool(message["flags"] & FLAG_EPHEMERAL)
            )
        else:
            await self._emit("MESSAGE_DELETE", event)

    async def _echo(self, event: str, message: JSON, *, ephemeral: bool | None = None) -> None:
        """Echo a bot message event to the bot, as Discord does for non-ephemeral messages."""
        if ephemeral is None:
            ephemeral = bool(message.get("flags", 0) & FLAG_EPHEMERAL)
        if not self.echo_bot_messages or ephemeral:
            return
        event_data = copy.deepcopy(message)
        if "guild_id" in event_data and event != "MESSAGE_DELETE":
            event_data["member"] = self._member(self.bot_user_id, with_user=False)
        await self._emit(event, event_data)

    # ----------------------------------------------------------------- REST: users, gateway, application

    async def _get_me(self, request: web.Request) -> web.Response:
        user = self._user(self.bot_user_id)
        user.update({"verified": True, "mfa_enabled": False, "email": None, "locale": "en-US"})
        return self._json(user)

    async def _get_user(self, request: web.Request) -> web.Response:
        user_id = int(request.match_info["user_id"])
        if user_id not in self._users:
            raise _ApiError(404, 10013, "Unknown User")
        return self._json(self._user(user_id))

    async def _create_dm(self, request: web.Request) -> web.Response:
        recipient = int((request[RECORD_KEY].json or {}).get("recipient_id", 0))
        if recipient not in self._users:
            raise _ApiError(400, 50007, "Cannot send messages to this user")
        return self._json(self._channel(self._dm_channel_id_for(recipient)))

    async def _get_gateway(self, request: web.Request) -> web.Response:
        return self._json({"url": self.ws_url})

    async def _get_gateway_bot(self, request: web.Request) -> web.Response:
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        return self._json({"url": self.ws_url, "shards": 1, "session_start_limit": limit})

    async def _get_application(self, request: web.Request) -> web.Response:
        return self._json(self._application())

    async def _get_attachment(self, request: web.Request) -> web.Response:
        blob = self._attachment_blobs.get(request.match_info["attachment_id"])
        if blob is None:
            raise _ApiError(404, 0, "404: Not Found")
        content_type = (
            mimetypes.guess_type(request.match_info["filename"])[0] or "application/octet-stream"
        )
        return web.Response(body=blob, content_type=content_type)

    # ----------------------------------------------------------------- REST: application commands

    def _command_scope(self, request: web.Request) -> str:
        if request.match_info["application_id"] != str(self.application_id):
            raise _ApiError(404, 10002, "Unknown Application")
        guild_id = request.match_info.get("guild_id")
        if guild_id is None:
            return "global"
        if guild_id != str(self.guild_id):
            raise _ApiError(403, 50001, "Missing Access")
        return guild_id

    def _stored_command(self, scope: str, command: JSON) -> JSON:
        """A command as Discord returns it: defaults filled in, ids kept stable across syncs."""
        previous = next(
            (
                c
                for c in self.commands.get(scope, [])
                if c["name"] == command.get("name")
                and c.get("type", CHAT_INPUT) == command.get("type", CHAT_INPUT)
            ),
            None,
        )
        stored: JSON = {
            "type": CHAT_INPUT,
            "description": "",
            "options": [],
            "default_member_permissions": None,
            "nsfw": False,
            "contexts": None,
            "integration_types": [0],
            "name_localizations": None,
            "description_localizations": None,
            **copy.deepcopy(command),
            "id": previous["id"] if previous else self._snowflake(),
            "application_id": str(self.application_id),
            "version": self._snowflake(),
        }
        if scope == "global":
            stored.setdefault("dm_permission", True)
        else:
            stored["guild_id"] = scope
        return stored

    async def _commands(self, request: web.Request) -> web.Response:
        scope = self._command_scope(request)
        body = request[RECORD_KEY].json
        if request.method == "GET":
            return self._json(self.commands.get(scope, []))
        errors = _FormErrors()
        if request.method == "PUT":
            _validate_command_list(body or [], errors)
            errors.raise_if_any()
            self.commands[scope] = [self._stored_command(scope, command) for command in body or []]
            return self._json(self.commands[scope])
        _validate_command(body or {}, errors, ())
        errors.raise_if_any()
        stored = self._stored_command(scope, body)
        existing = self.commands.setdefault(scope, [])
        replaced = [c for c in existing if c["id"] != stored["id"]]
        status = 200 if len(replaced) < len(existing) else 201
        self.commands[scope] = replaced + [stored]
        return self._json(stored, status=status)

    async def _command(self, request: web.Request) -> web.Response:
        scope = self._command_scope(request)
        commands = self.commands.get(scope, [])
        command = next((c for c in commands if c["id"] == request.match_info["command_id"]), None)
        if command is None:
            raise _ApiError(404, 10063, "Unknown application command")
        if request.method == "GET":
            return self._json(command)
        if request.method == "DELETE":
            self.commands[scope] = [c for c in commands if c is not command]
            return self._no_content()
        merged = {**command, **(request[RECORD_KEY].json or {})}
        errors = _FormErrors()
        _validate_command(merged, errors, ())
        errors.raise_if_any()
        merged["version"] = self._snowflake()
        self.commands[scope] = [merged if c is command else c for c in commands]
        return self._json(merged)

    # ----------------------------------------------------------------- REST: interactions & webhooks

    async def _interaction_callback(self, request: web.Request) -> web.Response:
        record: Recorded = request[RECORD_KEY]
        record.interaction_id = request.match_info["interaction_id"]
        interaction = self._interactions.get(record.interaction_id)
        if interaction is None or interaction.token != request.match_info["token"]:
            raise _ApiError(404, 10062, "Unknown interaction")
        if interaction.callback_type is not None:
            raise _ApiError(400, 40060, "Interaction has already been acknowledged.")
        elapsed = record.time - interaction.dispatched_at
        if elapsed > self.interaction_timeout:
            reason = f"callback {elapsed:.2f}s after dispatch (limit {self.interaction_timeout}s)"
            raise _ApiError(404, 10062, "Unknown interaction", reason=reason)
        body = record.json or {}
        callback_type = body.get("type")
        data = body.get("data") or {}
        errors = _FormErrors()
        if callback_type not in ALLOWED_CALLBACKS.get(interaction.type, set()):
            message = f"Invalid callback type for interaction type {interaction.type}"
            errors.add(("type",), "INTERACTION_CALLBACK_TYPE_INVALID", message)
        elif callback_type in (4, 7):
            _validate_message(data, errors, ("data",))
        elif callback_type == 8:
            _validate_choices(data, errors)
        elif callback_type == 9:
            _validate_modal(data, errors)
        errors.raise_if_any()
        if callback_type == 9:
            self.modals[data["custom_id"]] = copy.deepcopy(data)

        channel_id = interaction.payload["channel_id"]
        message: JSON | None = None
        if callback_type == 4:
            message = await self._create_message(
                channel_id, data, request[FILES_KEY], interaction=interaction
            )
        elif callback_type == 5:
            flags = FLAG_LOADING | ((data.get("flags") or 0) & FLAG_EPHEMERAL)
            message = self._blank_message(channel_id, interaction)
            message["flags"] = flags
            self.messages[message["id"]] = message
            interaction.message_ids.add(message["id"])
            interaction.loading = True
            await self._echo("MESSAGE_CREATE", message)
        elif callback_type in (6, 7) and "message" in interaction.payload:
            interaction.original_message_id = interaction.payload["message"]["id"]
            if callback_type == 7:
                message = await self._edit_message(
                    interaction.original_message_id, data, request[FILES_KEY]
                )
        if message is not None:
            interaction.original_message_id = message["id"]
            record.message_id = message["id"]
        interaction.callback_type = callback_type

        if record.query.get("with_response", "").lower() not in ("1", "true"):
            return self._no_content()
        response: JSON = {
            "interaction": {
                "id": interaction.id,
                "type": interaction.type,
                "response_message_id": message["id"] if message else None,
                "response_message_loading": callback_type == 5,
                "response_message_ephemeral": bool(message and message["flags"] & FLAG_EPHEMERAL),
            }
        }
        if message is not None:
            response["resource"] = {"type": callback_type, "message": message}
        return self._json(response)

    def _webhook_interaction(self, request: web.Request) -> _Interaction:
        """The acknowledged interaction a followup webhook request belongs to."""
        interaction = self._interactions_by_token.get(request.match_info["token"])
        if (
            request.match_info["application_id"] != str(self.application_id)
            or interaction is None
            or interaction.callback_type is None
        ):
            raise _ApiError(404, 10015, "Unknown Webhook")
        request[RECORD_KEY].interaction_id = interaction.id
        return interaction

    async def _execute_webhook(self, request: web.Request) -> web.Response:
        """POST /webhooks/{app}/{token}: an interaction followup."""
        interaction = self._webhook_interaction(request)
        record: Recorded = request[RECORD_KEY]
        data = record.json or {}
        if interaction.loading and interaction.original_message_id:
            # The first followup after a deferral replaces the "thinking" message and keeps its ephemerality.
            message = await self._edit_message(
                interaction.original_message_id, data, request[FILES_KEY], mark_edited=False
            )
            interaction.loading = False
        else:
            message = await self._create_message(
                interaction.payload["channel_id"], data, request[FILES_KEY], interaction=interaction
            )
        record.message_id = message["id"]
        if record.query.get("wait", "").lower() in ("1", "true"):
            return self._json(message)
        return self._no_content()

    async def _webhook_message(self, request: web.Request) -> web.Response:
        """GET/PATCH/DELETE /webhooks/{app}/{token}/messages/{id or @original}."""
        interaction = self._webhook_interaction(request)
        record: Recorded = request[RECORD_KEY]
        message_id = request.match_info["message_id"]
        if message_id == "@original":
            message_id = interaction.original_message_id or ""
        known = (
            message_id in interaction.message_ids or message_id == interaction.original_message_id
        )
        message = self.messages.get(message_id) if known else None
        if message is None or message.get("deleted"):
            raise _ApiError(404, 10008, "Unknown Message")
        record.message_id = message_id
        if request.method == "GET":
            return self._json(message)
        if request.method == "DELETE":
            await self._delete_message(message)
            return self._no_content()
        edited = await self._edit_message(message_id, record.json or {}, request[FILES_KEY])
        if message_id == interaction.original_message_id:
            interaction.loading = False
        return self._json(edited)

    # ----------------------------------------------------------------- REST: channels

    def _channel_or_404(self, request: web.Request) -> JSON:
        record: Recorded = request[RECORD_KEY]
        record.channel_id = request.match_info["channel_id"]
        channel = self._channel(int(record.channel_id)) if record.channel_id.isdigit() else None
        if channel is None:
            raise _ApiError(404, 10003, "Unknown Channel")
        return channel

    def _message_or_404(self, request: web.Request) -> JSON:
        channel = self._channel_or_404(request)
        message_id = request.match_info["message_id"]
        request[RECORD_KEY].message_id = message_id
        message = self._known_message(message_id)
        if message is None or message["channel_id"] != channel["id"]:
            raise _ApiError(404, 10008, "Unknown Message")
        return message

    async def _get_channel(self, request: web.Request) -> web.Response:
        return self._json(self._channel_or_404(request))

    async def _get_messages(self, request: web.Request) -> web.Response:
        channel = self._channel_or_404(request)
        limit = min(int(request.query.get("limit", 50)), 100)
        before = int(request.query.get("before", 1 << 63))
        after = int(request.query.get("after", 0))
        history = [
            message
            for message in [*self.messages.values(), *self.user_messages.values()]
            if message["channel_id"] == channel["id"]
            and not message.get("deleted")
            and not message["flags"] & FLAG_EPHEMERAL
            and after < int(message["id"]) < before
        ]
        history.sort(key=lambda message: int(message["id"]), reverse=True)
        return self._json(history[:limit])

    async def _create_channel_message(self, request: web.Request) -> web.Response:
        channel = self._channel_or_404(request)
        message = await self._create_message(
            channel["id"], request[RECORD_KEY].json or {}, request[FILES_KEY]
        )
        request[RECORD_KEY].message_id = message["id"]
        if self.hold_message_responses is not None:
            await self.hold_message_responses.wait()
        return self._json(message)

    async def _get_channel_message(self, request: web.Request) -> web.Response:
        return self._json(self._message_or_404(request))

    async def _edit_channel_message(self, request: web.Request) -> web.Response:
        message = self._message_or_404(request)
        if int(message["author"]["id"]) != self.bot_user_id:
            raise _ApiError(403, 50005, "Cannot edit a message authored by another user")
        return self._json(
            await self._edit_message(
                message["id"], request[RECORD_KEY].json or {}, request[FILES_KEY]
            )
        )

    async def _delete_channel_message(self, request: web.Request) -> web.Response:
        message = self._message_or_404(request)
        if int(message["author"]["id"]) != self.bot_user_id:
            raise _ApiError(403, 50013, "Missing Permissions")
        await self._delete_message(message)
        return self._no_content()

    async def _typing(self, request: web.Request) -> web.Response:
        self._channel_or_404(request)
        return self._no_content()

    async def _own_reaction(self, request: web.Request) -> web.Response:
        message = self._message_or_404(request)
        emoji = request.match_info["emoji"]
        name, _, emoji_id = emoji.partition(":")
        reactions: list[JSON] = message.setdefault("reactions", [])
        existing = next((r for r in reactions if r["emoji"]["name"] == name), None)
        if request.method == "PUT" and existing is None:
            reactions.append(
                {
                    "emoji": {"id": emoji_id or None, "name": name},
                    "count": 1,
                    "count_details": {"burst": 0, "normal": 1},
                    "me": True,
                    "me_burst": False,
                    "burst_colors": [],
                }
            )
        elif request.method == "DELETE" and existing is not None:
            reactions.remove(existing)
        return self._no_content()

    # ----------------------------------------------------------------- REST: guild

    def _check_guild(self, request: web.Request) -> None:
        if request.match_info["guild_id"] != str(self.guild_id):
            raise _ApiError(404, 10004, "Unknown Guild")

    async def _get_guild(self, request: web.Request) -> web.Response:
        self._check_guild(request)
        guild = self._guild()
        if request.query.get("with_counts", "").lower() in ("1", "true"):
            guild.update(
                {
                    "approximate_member_count": len(self._member_roles),
                    "approximate_presence_count": 0,
                }
            )
        return self._json(guild)

    async def _get_guild_channels(self, request: web.Request) -> web.Response:
        self._check_guild(request)
        return self._json([self._channel(self.channel_id)])

    async def _get_guild_roles(self, request: web.Request) -> web.Response:
        self._check_guild(request)
        return self._json(list(self._roles.values()))

    async def _get_guild_member(self, request: web.Request) -> web.Response:
        self._check_guild(request)
        user_id = int(request.match_info["user_id"])
        if user_id not in self._member_roles:
            raise _ApiError(404, 10007, "Unknown Member")
        return self._json(self._member(user_id))


# --------------------------------------------------------------------------- discord.py glue


@contextlib.contextmanager
def patch_discord(standin: DiscordStandIn) -> Iterator[None]:
    """Point discord.py's REST base URL and default gateway at the stand-in, restoring them afterwards."""
    old_base = discord.http.Route.BASE
    old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = f"{standin.http_url}{API_PREFIX}"
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(standin.ws_url)
    try:
        yield
    finally:
        discord.http.Route.BASE = old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway


@contextlib.asynccontextmanager
async def running_client(
    client: discord.Client,
    standin: DiscordStandIn,
    *,
    token: str = DEFAULT_TOKEN,
    timeout: float = 10.0,
    guild_ready_timeout: float | None = 0.1,
) -> AsyncIterator[discord.Client]:
    """Log ``client`` in, connect it, wait until it is ready; close it on exit.

    discord.py waits ``guild_ready_timeout`` (2 s by default) after the last
    GUILD_CREATE before firing ``on_ready``; the stand-in sends its only guild right
    after READY, so that wait is shortened unless ``guild_ready_timeout`` is None.
    Errors from ``connect`` (e.g. a closed gateway) are raised instead of retried.
    """
    if guild_ready_timeout is not None:
        client._connection.guild_ready_timeout = guild_ready_timeout  # no public setter exists
    connect_task: asyncio.Task[None] | None = None
    try:
        await client.login(token)
        connect_task = asyncio.create_task(client.connect(reconnect=False))
        ready_task = asyncio.create_task(client.wait_until_ready())
        done, _ = await asyncio.wait(
            {connect_task, ready_task}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
        )
        if ready_task not in done:
            ready_task.cancel()
            if connect_task in done:
                connect_task.result()
            raise TimeoutError(
                f"client not ready within {timeout}s (stand-in ready: {standin.ready.is_set()})"
            )
        yield client
    finally:
        await client.close()
        if connect_task is not None:
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await asyncio.wait_for(connect_task, timeout)
