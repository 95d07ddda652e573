"""Owns the Discord process: token checks, start, and command sync."""

from __future__ import annotations

import asyncio
import logging
import sys

import discord

from .config import Settings
from .live import LiveIndex
from .sections import CorpusError

log = logging.getLogger(__name__)
TOKEN_HELP = "set DISCORD_TOKEN in .env (see .env.example) or in the environment"


class SetupError(Exception):
    """A setting the bot cannot start with; shown as one line."""


def token_of(settings: Settings) -> str:
    token = settings.discord_token.get_secret_value().strip() if settings.discord_token else ""
    if not token:
        raise SetupError(f"DISCORD_TOKEN is not set: {TOKEN_HELP}")
    if any(c.isspace() for c in token) or token.count(".") != 2:
        raise SetupError(f"DISCORD_TOKEN does not look like a bot token: {TOKEN_HELP}")
    return token


async def start_bot(settings: Settings) -> None:
    """Run the bot until it is closed. Raises SetupError or discord.LoginFailure."""
    from .client import DocsBot

    token = token_of(settings)
    library = LiveIndex(settings.corpus_dir, settings.index_dir, source_url=settings.source_url)
    # before logging in: a missing corpus or an unusable index folder is reported as such,
    # offline, not as whatever error connecting to Discord gives first
    await asyncio.to_thread(library.load)
    async with DocsBot(settings, library) as bot:
        await bot.start(token)


def run_bot(settings: Settings) -> int:
    """``python -m bot run``: 0 when the bot stops, 2 with one line on a setup error."""
    return _run(start_bot(settings))


def _run(main) -> int:
    try:
        asyncio.run(main)
    except (SetupError, CorpusError, OSError) as exc:  # no corpus, an index folder not writable
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except discord.LoginFailure:
        print(
            f"error: Discord rejected DISCORD_TOKEN (invalid token): {TOKEN_HELP}", file=sys.stderr
        )
        return 2
    except discord.PrivilegedIntentsRequired:
        print(
            "error: ANSWER_PLAIN_MESSAGES needs the Message Content intent: enable it in the "
            "developer portal (Bot → Privileged Gateway Intents) or set it to false",
            file=sys.stderr,
        )
        return 2
    return 0


async def sync(settings: Settings, global_: bool) -> None:
    """Log in, register the commands and sync them to the dev guild or globally."""
    from .client import DocsBot

    token = token_of(settings)
    async with DocsBot(
        settings, LiveIndex(settings.corpus_dir, settings.index_dir), sync_only=True
    ) as bot:
        await bot.login(token)
        if global_:
            synced = await bot.tree.sync()
            where = "globally (Discord may take up to an hour to show them)"
        elif settings.dev_guild_id:
            guild = discord.Object(id=settings.dev_guild_id)
            bot.tree.copy_global_to(guild=guild)
            synced = await bot.tree.sync(guild=guild)
            where = f"to guild {settings.dev_guild_id}"
        else:
            raise SetupError("set DEV_GUILD_ID to sync to a development guild, or pass --global")
    print(f"synced {len(synced)} commands {where}: " + ", ".join(f"/{c.name}" for c in synced))


def sync_commands(settings: Settings, global_: bool = False) -> int:
    """``python -m bot sync [--global]``."""
    return _run(sync(settings, global_))
