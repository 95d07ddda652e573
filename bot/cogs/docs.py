"""/doc (one section as written, rtfm-style) and /about (what the index holds)."""

from __future__ import annotations

import asyncio
import hashlib
import time

import discord
from discord import app_commands
from discord.ext import commands
from rapidfuzz import fuzz, process

from ..client import DocsBot, UserFacingError
from ..cut import shorten
from ..live import Snapshot
from ..render import breadcrumb, heading_choice_name, section_embed
from .interaction import AUTOCOMPLETE_MAX
from .votes import feedback_stats


class HeadingCache:
    """Heading labels of one snapshot's sections, for autocomplete and lookup."""

    def __init__(self, snapshot: Snapshot):
        self.snapshot = snapshot
        index = snapshot.index
        self.labels: list[str] = []
        self.names: list[str] = []  # what autocomplete shows: at most 100 characters
        self.section_ids: list[int] = []
        self.keys: dict[str, int] = {}  # choice value → position; stable across reindexes
        seen: dict[str, int] = {}
        for i in range(index.n_sections):
            s = index.section(i)
            if s.heading_path:
                label = f"{breadcrumb(s.heading_path, s.source)} ({s.source})"
                seen[label] = seen.get(label, 0) + 1  # the same heading twice in a file
                key = hashlib.sha1(f"{label}\0{seen[label]}".encode()).hexdigest()[:24]
                self.keys[key] = len(self.labels)
                self.labels.append(label)
                self.names.append(heading_choice_name(s.heading_path, s.source))
                self.section_ids.append(i)
        self.key_of = {pos: key for key, pos in self.keys.items()}
        self.folded = [label.casefold() for label in self.labels]

    def search(self, text: str, limit: int = AUTOCOMPLETE_MAX) -> list[int]:
        """Positions of the labels that best match what was typed."""
        text = text.strip().casefold()
        if not text:
            return list(range(min(limit, len(self.labels))))
        starts = [i for i, f in enumerate(self.folded) if text in f][:limit]
        if len(starts) >= limit:
            return starts
        fuzzy = process.extract(text, self.folded, scorer=fuzz.WRatio, limit=limit, score_cutoff=60)
        return (starts + [i for _, _, i in fuzzy if i not in starts])[:limit]


class Docs(commands.Cog):
    def __init__(self, bot: DocsBot):
        self.bot = bot
        self._cache: HeadingCache | None = None
        self._building: asyncio.Task[HeadingCache] | None = None

    async def cog_load(self) -> None:
        self.headings()

    def headings(self) -> HeadingCache | None:
        """The heading cache, at once: a stale one while the new snapshot's is built.

        Autocomplete must answer fast, so the cache is built in a thread ahead of time,
        never while Discord waits.
        """
        if not self.bot.library.ready:
            return None
        snapshot = self.bot.library.snapshot
        if (self._cache is None or self._cache.snapshot is not snapshot) and (
            self._building is None or self._building.done()
        ):
            self._building = asyncio.create_task(asyncio.to_thread(HeadingCache, snapshot))
            self._building.add_done_callback(self._built)
        return self._cache

    def _built(self, task: asyncio.Task[HeadingCache]) -> None:
        if not task.cancelled() and task.exception() is None:
            self._cache = task.result()

    async def fresh_headings(self) -> HeadingCache | None:
        self.headings()
        if self._building is not None and not self._building.done():
            await asyncio.shield(self._building)
        return self._cache

    @app_commands.command(name="doc")
    @app_commands.describe(section="A heading of the documents (start typing to search)")
    async def doc(
        self, interaction: discord.Interaction, section: app_commands.Range[str, 1, 100]
    ) -> None:
        """Show one section of the documents, as written."""
        cache = await self.fresh_headings()
        if cache is None:
            raise UserFacingError("The index is still loading; try again in a moment.")
        pos = cache.keys.get(section)
        if pos is None:
            found = cache.search(section, limit=1)
            if not found:
                raise UserFacingError("No heading matches that. Pick one from the suggestions.")
            pos = found[0]
        s = cache.snapshot.index.section(cache.section_ids[pos])
        text = s.text
        if not text.strip():
            children = [
                cache.labels[j]
                for j, sid in enumerate(cache.section_ids)
                if cache.snapshot.index.section(sid).heading_path[: len(s.heading_path)]
                == s.heading_path
                and sid != cache.section_ids[pos]
            ][:20]
            text = (
                "Subsections:\n" + "\n".join(f"• {shorten(c, 150)}" for c in children)
                if children
                else ""
            )
        start = s.heading_line or s.line_start
        links = cache.snapshot.links
        await interaction.response.send_message(
            embed=section_embed(
                s.heading_path,
                s.source,
                start,
                s.line_end,
                text,
                links.url(s.source, start, s.line_end) if links else None,
            )
        )

    @doc.autocomplete("section")
    async def doc_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        cache = self.headings()
        if cache is None:
            return []
        return [
            app_commands.Choice(
                name=cache.names[i], value=cache.key_of.get(i, cache.labels[i][:100])
            )
            for i in cache.search(current)
        ]

    @app_commands.command(name="about")
    async def about(self, interaction: discord.Interaction) -> None:
        """What the bot knows: documents, sections and when the index was built."""
        if not self.bot.library.ready:
            raise UserFacingError("The index is still loading; try again in a moment.")
        snap = self.bot.library.snapshot
        meta = snap.index.meta
        files = snap.index.files
        skipped = sum(1 for f in files.values() if f.get("skipped"))
        embed = discord.Embed(
            title="About this bot",
            colour=discord.Colour.blurple(),
            description="I answer by quoting the team's Markdown documents, "
            "with the file and lines each quote comes from.",
        )
        embed.add_field(
            name="Documents",
            value=f"{len(files) - skipped}" + (f" ({skipped} skipped)" if skipped else ""),
        )
        embed.add_field(name="Sections", value=str(snap.index.n_sections))
        embed.add_field(name="Passages", value=str(snap.index.n_passages))
        embed.add_field(name="Salary facts", value=str(len(snap.facts)))
        embed.add_field(name="Index built", value=str(meta.get("built_at", "?")))
        embed.add_field(name="Corpus fingerprint", value=f"`{meta.get('fingerprint', '?')}`")
        stats = await feedback_stats(self.bot)
        if stats is not None:
            share = stats.answered_share
            embed.add_field(name=f"Questions, last {stats.days} days", value=str(stats.questions))
            embed.add_field(name="Answered", value="—" if share is None else f"{share:.0%}")
            embed.add_field(name="Votes", value=f"👍 {stats.up} · 👎 {stats.down}")
        embed.set_footer(
            text=f"loaded {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime(snap.loaded_at))}"
        )
        await interaction.response.send_message(embed=embed)


async def setup(bot: DocsBot) -> None:
    await bot.add_cog(Docs(bot))
