"""/gaps and /forget-me; the vote buttons' registration (they are made in .votes)."""

from __future__ import annotations

import asyncio
import gzip
import io
import logging

import discord
from discord import app_commands
from discord.ext import commands, tasks

from ..client import DocsBot, UserFacingError
from ..render import gaps_embeds
from .admin import has_admin_rights
from .votes import RECORDING_OFF, NoteButton, VoteButton, submit_note, wait_for

log = logging.getLogger(__name__)

SLOW_WRITE_WAIT = 20.0  # /forget-me and /gaps are deferred first, so they may wait this long
CSV_MAX = 8 * 1024 * 1024  # under Discord's 10 MiB attachment limit


def is_gaps_admin(interaction: discord.Interaction) -> bool:
    if has_admin_rights(interaction):
        return True
    raise app_commands.CheckFailure(
        "Only members with Manage Server (or the bot's admin role) can see the gaps report."
    )


class FeedbackCog(commands.Cog, name="Feedback"):
    def __init__(self, bot: DocsBot):
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(VoteButton, NoteButton)
        self.prune.start()

    async def cog_unload(self) -> None:
        self.prune.cancel()
        self.bot.remove_dynamic_items(VoteButton, NoteButton)

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        await submit_note(interaction)

    @tasks.loop(hours=1)
    async def prune(self) -> None:
        """Records older than RETENTION_DAYS go even when nobody asks anything (every 6 h)."""
        self.bot.feedback.prune_if_due()

    @app_commands.command(name="gaps")
    @app_commands.describe(
        days="How many days to look back (default 30)",
        limit="How many groups and answers to list (default 10)",
    )
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.check(is_gaps_admin)
    async def gaps(
        self,
        interaction: discord.Interaction,
        days: app_commands.Range[int, 1, 365] = 30,
        limit: app_commands.Range[int, 1, 25] = 10,
    ) -> None:
        """What the documents are missing: questions I could not answer, answers voted 👎."""
        store = self.bot.feedback.store
        if store is None:
            raise UserFacingError(RECORDING_OFF)
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            report = await asyncio.wait_for(
                asyncio.to_thread(store.gaps, days, limit), SLOW_WRITE_WAIT
            )
        except Exception as exc:
            log.warning("the gaps report failed: %s", exc)
            raise UserFacingError(
                "I couldn't read the feedback database just now; please try again later."
            ) from None
        data, name = report.to_csv().encode("utf-8"), f"gaps-{days}d.csv"
        if len(data) > CSV_MAX:
            data, name = gzip.compress(data), name + ".gz"
        if len(data) > CSV_MAX:
            await interaction.followup.send(
                "The CSV is too large to attach: run `python -m bot gaps --csv` on the server.",
                embeds=gaps_embeds(report),
                ephemeral=True,
            )
            return
        await interaction.followup.send(
            embeds=gaps_embeds(report), file=discord.File(io.BytesIO(data), name), ephemeral=True
        )

    @app_commands.command(name="forget-me")
    async def forget_me(self, interaction: discord.Interaction) -> None:
        """Delete your votes and notes."""
        feedback = self.bot.feedback
        store = feedback.store
        if store is None:
            await interaction.response.send_message(
                RECORDING_OFF + " There is nothing to forget.", ephemeral=True
            )
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        deleted = await wait_for(
            feedback.write(store.forget, interaction.user.id, what="a forget-me"),
            SLOW_WRITE_WAIT,
        )
        if deleted is None:
            message = (
                "Sorry, the feedback database did not answer in time; your votes may not have "
                "been deleted. Please try again later."
            )
        else:
            message = (
                f"Deleted {deleted} vote{'s' if deleted != 1 else ''} and their notes. "
                "Questions are kept without any user id and deleted after "
                f"{feedback.retention_days} days."
            )
        await interaction.followup.send(message, ephemeral=True)


async def setup(bot: DocsBot) -> None:
    await bot.add_cog(FeedbackCog(bot))
