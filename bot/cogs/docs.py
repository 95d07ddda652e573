"""/doc (one section as written, rtfm-style), /about (what the index holds) and /help (how
to ask)."""

from __future__ import annotations

import asyncio
import hashlib
import time
from dataclasses import replace

import discord
from discord import app_commands
from discord.ext import commands
from rapidfuzz import fuzz, process

from ..client import DocsBot, UserFacingError
from ..live import Snapshot
from ..quote import one_blank_line
from ..render import (
    breadcrumb,
    heading_choice_name,
    help_embed,
    section_embeds,
    section_markdown,
)
from ..sections import Section
from .interaction import AUTOCOMPLETE_MAX, AskerOnlyView, within_deadline
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
        # of each position: the section's heading path and file, and whether it has a
        # heading line (else it goes on with the text of the section before a label)
        self.paths: list[tuple[str, ...]] = []
        self.sources: list[str] = []
        self.headed: list[bool] = []
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
                self.paths.append(s.heading_path)
                self.sources.append(s.source)
                self.headed.append(s.heading_line is not None)
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

    def subsections(self, pos: int) -> list[int]:
        """The section ids under the section at ``pos``, in document order: the sections
        right after it in its file whose heading path extends its own (and the rest of its
        own text after a labelled block). Read from the cache: nothing is decoded."""
        path, source = self.paths[pos], self.sources[pos]
        out: list[int] = []
        for j in range(pos + 1, len(self.section_ids)):
            if (
                self.section_ids[j] != self.section_ids[j - 1] + 1
                or self.sources[j] != source
                or self.paths[j][: len(path)] != path
                or (self.paths[j] == path and self.headed[j])
            ):
                break
            out.append(self.section_ids[j])
        return out

    def whole_section(self, pos: int) -> tuple[Section, str]:
        """The section at ``pos`` and the text /doc shows: its own, or, for a heading with
        no text of its own, its subsections as written. Decodes records: run it in a thread."""
        index = self.snapshot.index
        s = index.section(self.section_ids[pos])
        if s.text.strip():
            return s, one_blank_line(s.text)
        parts = [s] + [index.section(i) for i in self.subsections(pos)]
        return replace(s, line_end=parts[-1].line_end), one_blank_line(section_markdown(parts))


class SectionPages(AskerOnlyView):
    """Pages on through a section too long for one embed. Only the asker may press More."""

    refusal = "Only the person who asked can page through this section."

    def __init__(self, owner_id: int, embeds: list[discord.Embed]):
        super().__init__(owner_id)
        self.embeds = embeds
        self.shown = 0

    @discord.ui.button(label="More", style=discord.ButtonStyle.secondary)
    async def more(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.shown = min(self.shown + 1, len(self.embeds) - 1)
        if self.shown == len(self.embeds) - 1:
            self.stop()
            self.remove_item(button)
        await interaction.response.edit_message(
            embed=self.embeds[self.shown], view=self if self.children else None
        )


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
        # decoding a heading's subsections may take a while in a large file: off the loop
        s, text = await within_deadline(interaction, asyncio.to_thread(cache.whole_section, pos))
        start = s.heading_line or s.line_start
        links = cache.snapshot.links
        embeds = section_embeds(
            s.heading_path,
            s.source,
            start,
            s.line_end,
            text,
            links.url(s.source, start, s.line_end) if links else None,
        )
        view = SectionPages(interaction.user.id, embeds) if len(embeds) > 1 else None
        if interaction.response.is_done():  # deferred: the followup takes the deferral's place
            sent = await interaction.followup.send(
                embed=embeds[0], view=view or discord.utils.MISSING, wait=True
            )
            if view is not None:
                view.message = sent
        else:
            await interaction.response.send_message(
                embed=embeds[0], view=view or discord.utils.MISSING
            )
            if view is not None:
                view.message = await interaction.original_response()

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

    @app_commands.command(name="help")
    async def how_to_ask(self, interaction: discord.Interaction) -> None:
        """How to ask me: in chat, and each command."""
        commands_ = [
            (c.name, c.description, c.default_permissions is not None)
            for c in self.bot.tree.get_commands()
            if isinstance(c, app_commands.Command)
        ]
        me = self.bot.user.display_name if self.bot.user else "the bot"
        await interaction.response.send_message(embed=help_embed(commands_, me), ephemeral=True)


async def setup(bot: DocsBot) -> None:
    await bot.add_cog(Docs(bot))
