"""/salary: salary ranges as data, with a range-bar chart."""

from __future__ import annotations

import asyncio
import io

import discord
from discord import app_commands
from discord.ext import commands
from rapidfuzz import fuzz, process

from ..chart import salary_chart
from ..client import DocsBot, UserFacingError
from ..cut import shorten
from ..render import choice_name, escape, salary_embed
from ..salary import SalaryBook
from ..sources import SourceLinks
from .interaction import AUTOCOMPLETE_MAX, within_deadline

FACTS_SHOWN = 10
_NO_FACTS = SalaryBook([])  # before the first index is loaded


def _choices(options: list[str], current: str) -> list[app_commands.Choice[str]]:
    current = current.strip().casefold()
    if current:
        hits = [o for o in options if current in o.casefold()]
        hits += [
            o
            for o, _, _ in process.extract(
                current, options, scorer=fuzz.WRatio, limit=AUTOCOMPLETE_MAX, score_cutoff=60
            )
            if o not in hits
        ]
    else:
        hits = options
    return [
        app_commands.Choice(name=choice_name(o), value=o[:100]) for o in hits[:AUTOCOMPLETE_MAX]
    ]


def _reply(
    book: SalaryBook,
    role: str,
    level: str | None,
    compare: str | None,
    links: SourceLinks | None = None,
):
    """Blocking: look up, then draw a chart when there is more than one band to compare."""
    first = book.lookup(role, level=level)
    if not first.answered:
        known = ", ".join(first.known_roles[:25]) or "none"
        raise UserFacingError(
            shorten(f"No salary data for “{escape(role)}”. Known roles: {escape(known)}", 1900)
        )
    matches = [m.fact for m in first.matches[:FACTS_SHOWN]]
    unmatched = list(first.unmatched)  # "MLOps Berlin": no range is for Berlin
    title = f"Salary: {role}" + (f" ({level})" if level else "")
    if compare:
        other = book.lookup(compare, level=level)
        if not other.answered:
            raise UserFacingError(f"No salary data for “{escape(compare)}” to compare with.")
        matches += [m.fact for m in other.matches[:FACTS_SHOWN] if m.fact not in matches]
        unmatched += [w for w in other.unmatched if w not in unmatched]
        title = f"Salary: {role} vs {compare}" + (f" ({level})" if level else "")
    embed = salary_embed(matches, title, links, unmatched)
    png = salary_chart(matches) if compare or len(matches) > 1 else None
    return embed, png


class Salary(commands.Cog):
    def __init__(self, bot: DocsBot):
        self.bot = bot

    def book(self) -> SalaryBook:
        return self.bot.library.snapshot.salary_book if self.bot.library.ready else _NO_FACTS

    @app_commands.command(name="salary")
    @app_commands.describe(
        role="A role from the documents (start typing)",
        level="junior, mid, senior, lead or architect",
        compare="Another role to compare with",
    )
    async def salary(
        self,
        interaction: discord.Interaction,
        role: app_commands.Range[str, 1, 100],
        level: app_commands.Range[str, 1, 40] | None = None,
        compare: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        """Salary ranges from the documents, as data, with a chart."""
        links = self.bot.library.snapshot.links if self.bot.library.ready else None
        embed, png = await within_deadline(
            interaction, asyncio.to_thread(_reply, self.book(), role, level, compare, links)
        )
        files = []
        if png:
            files.append(discord.File(io.BytesIO(png), filename="salary.png"))
            embed.set_image(url="attachment://salary.png")
        if interaction.response.is_done():
            await interaction.followup.send(embed=embed, files=files)
        else:
            await interaction.response.send_message(embed=embed, files=files)

    @salary.autocomplete("role")
    @salary.autocomplete("compare")
    async def role_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return _choices(self.book().known_roles(), current)

    @salary.autocomplete("level")
    async def level_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        role = getattr(interaction.namespace, "role", None)
        return _choices(self.book().known_levels(role or None), current)


async def setup(bot: DocsBot) -> None:
    await bot.add_cog(Salary(bot))
