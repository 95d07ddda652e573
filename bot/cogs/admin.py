"""/reindex: rebuild the index from the corpus. Admins only, checked here on the server."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from ..client import DocsBot
from ..cut import shorten
from ..render import DESCRIPTION_MAX, escape


def is_admin(interaction: discord.Interaction) -> bool:
    """Manage Server, or the admin role from the settings. Raises CheckFailure otherwise.

    Default member permissions only decide who Discord *shows* the command to; this check
    runs on our side for every use.
    """
    if has_admin_rights(interaction):
        return True
    raise app_commands.CheckFailure(
        "Only members with Manage Server (or the bot's admin role) can rebuild the index."
    )


def has_admin_rights(interaction: discord.Interaction) -> bool:
    """Manage Server, or the admin role from the settings."""
    user = interaction.user
    if isinstance(user, discord.Member):
        if user.guild_permissions.manage_guild:
            return True
        role = interaction.client.settings.admin_role  # type: ignore[attr-defined]
        if role and any(r.name == role for r in user.roles):
            return True
    return False


class Admin(commands.Cog):
    def __init__(self, bot: DocsBot):
        self.bot = bot

    @app_commands.command(name="reindex")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.check(is_admin)
    async def reindex(self, interaction: discord.Interaction) -> None:
        """Rebuild the index after documents were edited, added or removed."""
        await interaction.response.defer(thinking=True)  # a build can take longer than 3 s
        result = await self.bot.library.reindex(
            f"/reindex by {interaction.user}", pull=self.bot.settings.corpus_git_pull
        )
        if not result.ok:
            lines = result.lines() + [result.error or "unknown error"]
            embed = discord.Embed(
                title="Reindex failed: still answering from the previous index",
                description=shorten("\n".join(escape(line) for line in lines), DESCRIPTION_MAX),
                colour=discord.Colour.red(),
            )
        else:
            lines = result.lines()
            embed = discord.Embed(
                title="Index rebuilt",
                colour=discord.Colour.green(),
                description=shorten("\n".join(escape(line) for line in lines), DESCRIPTION_MAX),
            )
        await interaction.followup.send(embed=embed)


async def setup(bot: DocsBot) -> None:
    await bot.add_cog(Admin(bot))
