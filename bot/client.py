"""The Discord client: a thin Bot subclass, its command tree and its error handler."""

from __future__ import annotations

import asyncio
import logging

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands

from .config import Settings
from .feedback import Feedback
from .live import LiveIndex

log = logging.getLogger(__name__)

EXTENSIONS = (
    "bot.cogs.ask",
    "bot.cogs.docs",
    "bot.cogs.salary",
    "bot.cogs.admin",
    "bot.cogs.feedback",
)
GENERIC_ERROR = (
    "Sorry, something went wrong on my side. It has been logged; please try again later."
)


class UserFacingError(app_commands.AppCommandError):
    """An error whose message is meant for the person who ran the command."""


class BotTree(app_commands.CommandTree):
    """Every application command error ends here, in one place."""

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        if isinstance(error, app_commands.CommandOnCooldown):
            message = f"Slow down a little: try again in {error.retry_after:.0f} s."
        elif isinstance(error, (app_commands.CheckFailure, UserFacingError)):
            message = str(error) or "You can't use this command here."
        elif isinstance(error, app_commands.TransformerError):
            message = f"I couldn't understand {error.value!r} for that option."
        else:
            command = interaction.command.qualified_name if interaction.command else "?"
            log.error("command /%s failed", command, exc_info=error)
            message = GENERIC_ERROR
        await reply_ephemeral(interaction, message)


async def reply_ephemeral(interaction: discord.Interaction, message: str) -> None:
    try:
        if interaction.response.is_done():
            await interaction.followup.send(message, ephemeral=True)
        else:
            await interaction.response.send_message(message, ephemeral=True)
    except (discord.HTTPException, aiohttp.ClientError, RuntimeError):  # RuntimeError: closing
        log.warning("could not tell the user about an error", exc_info=True)


class DocsBot(commands.Bot):
    """Answers questions from Markdown documents. Holds the settings and the library."""

    def __init__(self, settings: Settings, library: LiveIndex, *, sync_only: bool = False):
        intents = discord.Intents.default()  # no privileged intent ...
        intents.message_content = settings.answer_plain_messages  # ... unless asked for
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            tree_cls=BotTree,
            help_command=None,
            allowed_mentions=discord.AllowedMentions.none(),
        )
        self.settings = settings
        self.library = library
        self.sync_only = sync_only
        self._watcher: asyncio.Task | None = None
        self._poller: asyncio.Task | None = None
        self.feedback = Feedback(None)  # opened in setup_hook; disabled until then

    async def setup_hook(self) -> None:
        if not self.sync_only and not self.library.ready:
            log.info("loading the index from %s", self.settings.index_dir)
            await asyncio.to_thread(self.library.load)
        if not self.sync_only:
            s = self.settings
            url = s.database_url.get_secret_value().strip() if s.database_url else ""
            self.feedback = await asyncio.to_thread(
                Feedback.open, s.record_questions, s.retention_days, url or None, s.data_dir
            )
        for ext in EXTENSIONS:
            try:
                await self.load_extension(ext)
            except commands.ExtensionError:
                log.exception("could not load %s; carrying on without it", ext)
        if self.settings.dev_guild_id and not self.sync_only:
            guild = discord.Object(id=self.settings.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to the development guild %s", len(synced), guild.id)
        if self.settings.watch_corpus and not self.sync_only:
            from .watch import watch_corpus

            self._watcher = asyncio.create_task(watch_corpus(self.library, self.settings))
        if self.settings.corpus_git_poll_seconds and not self.sync_only:
            from .watch import poll_remote

            self._poller = asyncio.create_task(poll_remote(self.library, self.settings))

    async def on_message(self, message: discord.Message) -> None:
        """No prefix commands: the ask cog answers mentions and DMs."""

    async def close(self) -> None:
        for task in (self._watcher, self._poller):
            if task:
                task.cancel()
        await super().close()
        await asyncio.to_thread(self.feedback.close)  # finish the queued writes
