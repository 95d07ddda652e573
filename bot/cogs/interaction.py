"""What every slash command shares: Discord's interaction limits, and answering in time.

Discord gives an interaction 3 seconds for its first response. A command that may take
longer answers within ``ANSWER_DEADLINE`` or defers ("thinking…") and answers by followup.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

import discord

ANSWER_DEADLINE = 2.0  # seconds to answer before deferring (Discord allows 3)
AUTOCOMPLETE_MAX = 25  # choices Discord shows for one autocomplete request

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
