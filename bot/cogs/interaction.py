"""What every slash command shares: Discord's interaction limits, answering in time, and
buttons only the person who asked may press.

Discord gives an interaction 3 seconds for its first response. A command that may take
longer answers within ``ANSWER_DEADLINE`` or defers ("thinking…") and answers by followup.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable
from typing import Any, TypeVar

import discord

ANSWER_DEADLINE = 2.0  # seconds to answer before deferring (Discord allows 3)
AUTOCOMPLETE_MAX = 25  # choices Discord shows for one autocomplete request
MORE_TIMEOUT = 180.0  # seconds a "More" button stays

T = TypeVar("T")


async def within_deadline(interaction: discord.Interaction, work: Awaitable[T]) -> T:
    """Await ``work``; when it takes longer than ``ANSWER_DEADLINE``, defer the
    interaction publicly (so Discord does not expire it) and go on waiting.

    After a deferral, ``interaction.response.is_done()`` is true: send by followup."""
    task = asyncio.ensure_future(work)
    try:
        return await asyncio.wait_for(asyncio.shield(task), ANSWER_DEADLINE)
    except TimeoutError:
        await interaction.response.defer(thinking=True)
        return await task


class AskerOnlyView(discord.ui.View):
    """Buttons only the person who asked may press; others are told so, privately.

    ``message`` is the message that carries the view, set once it is sent: at the timeout
    the buttons :meth:`expiring` names are taken off it."""

    refusal = "Only the person who asked can page through these results."
    expires_after = MORE_TIMEOUT  # seconds

    def __init__(self, owner_id: int):
        super().__init__(timeout=self.expires_after)
        self.owner_id = owner_id
        self.message: discord.Message | discord.InteractionMessage | None = None

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message(self.refusal, ephemeral=True)
            return False
        return True

    def expiring(self) -> list[discord.ui.Item[Any]]:
        """The buttons that go at the timeout: all of them, unless a subclass says."""
        return list(self.children)

    async def on_timeout(self) -> None:
        if self.message is not None:
            for item in self.expiring():
                self.remove_item(item)
            with contextlib.suppress(discord.HTTPException):
                await self.message.edit(view=self if self.children else None)
