"""The 👍/👎 buttons under answers, the note form after a 👎, and the numbers /about shows.
The records live in bot.feedback; /gaps and /forget-me are in the feedback cog.

The vote buttons are dynamic items: their custom id carries the answer id
("fb:up:0123456789abcdef"), and any button matching the pattern is handled, so the buttons
keep working after the bot restarts, on every answer it ever sent. This module is imported
by the ask and docs cogs (it is not an extension, so there is one copy of it).
"""

from __future__ import annotations

import asyncio
import logging
import re
from concurrent.futures import Future
from typing import Any

import discord

from ..answer import Answer
from ..client import DocsBot
from ..feedback import DOWN, NOTE_MAX, UP, Stats
from ..render import vote_reply

log = logging.getLogger(__name__)

WRITE_WAIT = 2.0  # seconds a vote waits for the database before saying it was not recorded
STATS_WAIT = 1.5  # /about does not wait longer than this for the numbers
NOT_RECORDED = (
    "Sorry, I couldn't record that just now (the feedback database is busy or unavailable); "
    "please try again later."
)
RECORDING_OFF = "This bot keeps no record of questions or votes."
_ANSWER_ID = r"(?P<answer>[0-9a-f]{16})"


def record_answer(
    bot: DocsBot, answer: Answer, answered: bool, guild_id: int | None, channel_id: int | None
) -> str | None:
    """Queue the record of an answer; its answer id for the vote buttons, or None."""
    feedback = bot.feedback
    if not feedback.enabled:
        return None
    index = bot.library.snapshot.index if bot.library.ready else None
    return feedback.record_answer(
        answer, answered=answered, guild_id=guild_id, channel_id=channel_id, index=index
    )


class _Shown(discord.ui.Button):
    """A button as sent; presses reach the matching DynamicItem class, never a view.

    Not dispatchable, so no view holds it: a dynamic item inside a view that stops (the
    More view, when paged to the end or timed out) would take its class's registration
    with it, and every vote button the bot ever sent would go dead.
    """

    def is_dispatchable(self) -> bool:
        return False


def vote_button(
    answer_id: str, value: int, cls: type[discord.ui.Button] = _Shown
) -> discord.ui.Button:
    return cls(
        style=discord.ButtonStyle.secondary,
        emoji="👍" if value == UP else "👎",
        custom_id=f"fb:{'up' if value == UP else 'down'}:{answer_id}",
    )


def with_votes(view: discord.ui.View | None, answer_id: str | None) -> discord.ui.View | None:
    """``view`` (or a new one) with the 👍 and 👎 buttons of an answer added."""
    if answer_id is None:
        return view
    view = view if view is not None else discord.ui.View(timeout=None)
    view.add_item(vote_button(answer_id, UP))
    view.add_item(vote_button(answer_id, DOWN))
    return view


async def wait_for(future: Future | None, timeout: float):
    """The result of a queued write, or None when it failed or took too long."""
    if future is None:
        return None
    try:
        return await asyncio.wait_for(asyncio.wrap_future(future), timeout)
    except TimeoutError:
        future.cancel()
        log.warning(
            "a feedback write took over %.1f s; the user was told it was not recorded", timeout
        )
    except Exception:
        pass
    return None


class VoteButton(
    discord.ui.DynamicItem[discord.ui.Button], template=r"fb:(?P<vote>up|down):" + _ANSWER_ID
):
    """👍 or 👎 under an answer. Anyone may vote, once per answer; a vote can be changed."""

    def __init__(self, answer_id: str, value: int):
        self.answer_id = answer_id
        self.value = value
        super().__init__(vote_button(answer_id, value, discord.ui.Button))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> VoteButton:
        return cls(match["answer"], UP if match["vote"] == "up" else DOWN)

    async def callback(self, interaction: discord.Interaction) -> None:
        feedback = interaction.client.feedback  # type: ignore[attr-defined]
        if not feedback.enabled:
            await interaction.response.send_message(RECORDING_OFF, ephemeral=True)
            return
        outcome = await wait_for(
            feedback.write(
                feedback.store.vote, self.answer_id, interaction.user.id, self.value, what="a vote"
            ),
            WRITE_WAIT,
        )
        if outcome is None:
            await interaction.response.send_message(NOT_RECORDED, ephemeral=True)
            return
        view = discord.utils.MISSING
        if self.value == DOWN and outcome != "unchanged":
            view = discord.ui.View(timeout=None)
            view.add_item(note_button(self.answer_id))
        await interaction.response.send_message(
            vote_reply(self.value, outcome), view=view, ephemeral=True
        )


def note_button(answer_id: str, cls: type[discord.ui.Button] = _Shown) -> discord.ui.Button:
    return cls(
        style=discord.ButtonStyle.primary, label="Add a note", custom_id=f"fb:note:{answer_id}"
    )


class NoteButton(discord.ui.DynamicItem[discord.ui.Button], template=r"fb:note:" + _ANSWER_ID):
    """Under the private thanks for a 👎: opens the note form."""

    def __init__(self, answer_id: str):
        self.answer_id = answer_id
        super().__init__(note_button(answer_id, discord.ui.Button))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> NoteButton:
        return cls(match["answer"])

    async def callback(self, interaction: discord.Interaction) -> None:
        modal = NoteModal(self.answer_id)
        await interaction.response.send_modal(modal)
        # Forget it at once: the submission is handled by submit_note, from its custom id,
        # so a form opened before a restart can still be sent after it.
        modal.stop()


NOTE_MODAL = re.compile(r"fb:notemodal:" + _ANSWER_ID)
NOTE_INPUT = "fb:notetext"


class NoteModal(discord.ui.Modal, title="What were you looking for?"):
    """The form shown after a 👎; see :func:`submit_note` for what happens to it."""

    note: discord.ui.TextInput[NoteModal] = discord.ui.TextInput(
        label="Your note (at most 300 characters)",
        custom_id=NOTE_INPUT,
        style=discord.TextStyle.paragraph,
        max_length=NOTE_MAX,
        placeholder="e.g. how to roll back a release",
        required=True,
    )

    def __init__(self, answer_id: str):
        super().__init__(custom_id=f"fb:notemodal:{answer_id}")


def _submitted(components: list[dict], custom_id: str) -> str | None:
    """The value of one text input in a modal submission's components (rows or labels)."""
    for c in components:
        if c.get("custom_id") == custom_id and "value" in c:
            return c["value"]
        nested = list(c.get("components") or []) + (
            [c["component"]] if isinstance(c.get("component"), dict) else []
        )
        found = _submitted(nested, custom_id)
        if found is not None:
            return found
    return None


async def submit_note(interaction: discord.Interaction) -> bool:
    """Save the note of a submitted note form; False when the interaction is not one."""
    data: dict[str, Any] = dict(interaction.data or {})
    match = NOTE_MODAL.fullmatch(str(data.get("custom_id", "")))
    if interaction.type is not discord.InteractionType.modal_submit or match is None:
        return False
    feedback = interaction.client.feedback  # type: ignore[attr-defined]
    if not feedback.enabled:
        await interaction.response.send_message(RECORDING_OFF, ephemeral=True)
        return True
    text = _submitted(list(data.get("components") or []), NOTE_INPUT) or ""
    if not text.strip():
        await interaction.response.send_message("An empty note was not saved.", ephemeral=True)
        return True
    kept = await wait_for(
        feedback.write(
            feedback.store.note, match["answer"], interaction.user.id, text, what="a note"
        ),
        WRITE_WAIT,
    )
    message = NOT_RECORDED if kept is None else "Thanks, your note is saved with your 👎."
    await interaction.response.send_message(message, ephemeral=True)
    return True


async def feedback_stats(bot: DocsBot, days: int = 7) -> Stats | None:
    """Questions and votes of the last ``days``, for /about; None when unknown."""
    store = bot.feedback.store
    if store is None:
        return None
    try:
        return await asyncio.wait_for(asyncio.to_thread(store.stats, days), STATS_WAIT)
    except Exception as exc:
        log.warning("could not read the feedback statistics: %s", exc)
        return None
