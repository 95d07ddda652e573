"""/ask, and chat-style questions: @mentions, DMs and follow-ups in threads or reply chains."""

from __future__ import annotations

import asyncio
import logging
import re
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from ..answer import Answer
from ..chat import bare_question
from ..client import DocsBot, UserFacingError
from ..cut import shorten
from ..followup import is_followup
from ..query import MAX_QUESTION_CHARS, QueryError
from ..render import answer_embeds, escape, no_answer_message
from ..salary import SalaryFact
from ..sources import SourceLinks
from .interaction import AskerOnlyView, within_deadline
from .votes import record_answer, with_votes

log = logging.getLogger(__name__)

HINT = (
    "Ask me a question about our documents, e.g. “what monitoring tools do we use?” "
    "(`/help` says how)."
)
HISTORY_SIZE = 2000  # bot messages and threads remembered for follow-ups
MAX_TURNS = 4  # questions of a conversation a follow-up is read with


def _ask_cooldown(interaction: discord.Interaction) -> app_commands.Cooldown:
    s = interaction.client.settings  # type: ignore[attr-defined]
    return app_commands.Cooldown(s.ask_cooldown_uses, s.ask_cooldown_seconds)


class MoreView(AskerOnlyView):
    """Pages through the rest of an answer. Only the person who asked may press it."""

    def __init__(
        self,
        owner_id: int,
        answer: Answer,
        salary: list[SalaryFact],
        shown: int = 1,
        links: SourceLinks | None = None,
    ):
        super().__init__(owner_id)
        self.answer = answer
        self.salary = salary
        self.shown = shown
        self.links = links  # of the snapshot that answered: links match the lines quoted

    @discord.ui.button(label="More", style=discord.ButtonStyle.secondary)
    async def more(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.shown = min(self.shown + 1, len(self.answer.results))
        done = self.shown >= len(self.answer.results)
        if done:
            self.stop()
            self.remove_item(button)  # the vote buttons, if any, stay
        await interaction.response.edit_message(
            embeds=answer_embeds(
                self.answer, shown=self.shown, salary=self.salary, links=self.links
            ),
            view=self if self.children else None,
        )

    def expiring(self) -> list[discord.ui.Item[Any]]:
        return [self.more]  # the vote buttons stay


class Ask(commands.Cog):
    def __init__(self, bot: DocsBot):
        self.bot = bot
        s = bot.settings
        self.cooldown = commands.CooldownMapping.from_cooldown(
            s.ask_cooldown_uses, s.ask_cooldown_seconds, commands.BucketType.user
        )
        # bot message, question message or thread id → the conversation's questions,
        # oldest first
        self.asked: OrderedDict[int, tuple[str, ...]] = OrderedDict()

    # ------------------------------------------------------------------ answering
    async def answer(
        self, question: str, context: Sequence[str] = ()
    ) -> tuple[Answer, list[SalaryFact], SourceLinks | None]:
        """Search off the event loop, on the snapshot current when the question came in.
        Returns the answer, its salary facts, and that snapshot's links to the sources."""
        snapshot = self.bot.library.snapshot
        k = self.bot.settings.top_k
        try:
            answer = await asyncio.to_thread(snapshot.answerer.ask, question, k, context)
        except QueryError as exc:
            raise UserFacingError(f"I can't search for that: {exc}.") from None
        return answer, answer.salary, snapshot.links

    def remember(self, key: int, turns: tuple[str, ...]) -> None:
        self.asked[key] = turns
        self.asked.move_to_end(key)
        while len(self.asked) > HISTORY_SIZE:
            self.asked.popitem(last=False)

    # ------------------------------------------------------------------ /ask
    @app_commands.command(name="ask")
    @app_commands.describe(question="What do you want to know? Plain words work best.")
    @app_commands.checks.dynamic_cooldown(_ask_cooldown, key=lambda i: i.user.id)
    async def ask(
        self, interaction: discord.Interaction, question: app_commands.Range[str, 1, 300]
    ) -> None:
        """Answer a question by quoting the team's documents."""
        answer, salary, links = await within_deadline(
            interaction, self.answer(_plain_text(question))
        )
        await self._send(interaction, answer, salary, links)

    async def _send(
        self,
        interaction: discord.Interaction,
        answer: Answer,
        salary: list[SalaryFact],
        links: SourceLinks | None = None,
    ) -> None:
        answer_id = record_answer(
            self.bot,
            answer,
            answer.answered or bool(salary),
            interaction.guild_id,
            interaction.channel_id,
        )
        if not answer.answered and not salary:
            message = no_answer_message(answer)
            if interaction.response.is_done():
                # deferred in public (a slow search): a first followup would take the
                # deferral's place, in public. End the deferral, say it privately, then
                # remove the public placeholder.
                await interaction.edit_original_response(content="🔎")
                await interaction.followup.send(message, ephemeral=True)
                await interaction.delete_original_response()
            else:
                await interaction.response.send_message(message, ephemeral=True)
            return
        more = (
            MoreView(interaction.user.id, answer, salary, links=links)
            if len(answer.results) > 1
            else None
        )
        view = with_votes(more, answer_id)
        embeds = answer_embeds(answer, shown=1, salary=salary, links=links)
        content = f"**Q:** {shorten(escape(answer.query), 300)}"
        msg: discord.Message
        if interaction.response.is_done():
            msg = await interaction.followup.send(
                content, embeds=embeds, view=view or discord.utils.MISSING, wait=True
            )
        else:
            await interaction.response.send_message(
                content, embeds=embeds, view=view or discord.utils.MISSING
            )
            msg = await interaction.original_response()
        self.remember(msg.id, (answer.query,))
        if more:
            more.message = msg

    # ------------------------------------------------------------------ chat
    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or self.bot.user is None:
            return  # never our own messages, nor other bots'
        is_dm = message.guild is None
        mentioned = self.bot.user in message.mentions
        if not (is_dm or mentioned or self.bot.settings.answer_plain_messages):
            return
        me = message.guild.me if message.guild else self.bot.user
        text = _without_name(_plain_text(message.content), {me.name, me.display_name})
        if not bare_question(text):  # nothing, or only "hi @DocsBot!"
            if mentioned or is_dm:
                await message.reply(HINT, mention_author=False)
            return
        if self.cooldown.update_rate_limit(message):
            await message.add_reaction("⏳")
            return
        question = text[:MAX_QUESTION_CHARS]
        context = self._context(message) if is_followup(question) else ()
        try:
            async with message.channel.typing():
                answer, salary, links = await self.answer(question, context)
        except UserFacingError as exc:  # "what can you do?" has no words to search for
            await message.reply(f"{exc} {HINT}", mention_author=False)
            return
        except Exception:
            log.exception("answering a message failed")
            await message.reply("Sorry, something went wrong on my side.", mention_author=False)
            return
        answer_id = record_answer(
            self.bot,
            answer,
            answer.answered or bool(salary),
            message.guild.id if message.guild else None,
            message.channel.id,
        )
        turns = (*context, question)[-MAX_TURNS:]
        self.remember(message.id, turns)  # before the answer's id is known: see _context
        if not answer.answered and not salary:
            reply = await message.reply(no_answer_message(answer), mention_author=False)
        else:
            more = (
                MoreView(message.author.id, answer, salary, links=links)
                if len(answer.results) > 1
                else None
            )
            view = with_votes(more, answer_id)
            reply = await message.reply(
                embeds=answer_embeds(answer, salary=salary, links=links),
                view=view or discord.utils.MISSING,
                mention_author=False,
            )
            if more:
                more.message = reply
        self.remember(reply.id, turns)
        if isinstance(message.channel, discord.Thread):
            self.remember(message.channel.id, turns)

    def _context(self, message: discord.Message) -> tuple[str, ...]:
        """The earlier questions this message may follow up: replied-to answer, or thread.

        An answer's id is remembered once sending it returns, and a quick reply to it can
        arrive first; Discord sends the replied-to message along, and an answer of ours
        replies to the question it answers, remembered before the answer was sent."""
        ref = message.reference
        if ref is not None and ref.message_id is not None:
            if ref.message_id in self.asked:
                return self.asked[ref.message_id]
            answered = ref.resolved
            if (
                isinstance(answered, discord.Message)
                and self.bot.user is not None
                and answered.author.id == self.bot.user.id
                and answered.reference is not None
                and (question_id := answered.reference.message_id) is not None
                and question_id in self.asked
            ):
                return self.asked[question_id]
        if isinstance(message.channel, discord.Thread):
            return self.asked.get(message.channel.id, ())
        return ()


# Discord's markup in a message: mentions of members, roles and channels, custom emoji,
# timestamps, slash-command mentions, @everyone and @here, and bold, strike-through and
# spoiler marks. None of it is words a document could hold, and as unknown words they
# would sink the question.
_MARKUP = re.compile(
    r"<(?:@[!&]?|#)\d+>|<a?:\w+:\d+>|<t:-?\d+(?::\w)?>|</[^<>:]+:\d+>|@(?:everyone|here)\b"
    r"|\*\*|~~|\|\|"
)


def _plain_text(content: str) -> str:
    """A message or option as a question: Discord's markup removed, spaces collapsed."""
    return " ".join(_MARKUP.sub(" ", content).split())


def _without_name(text: str, names: set[str]) -> str:
    """A message without the bot's own name it opens with, typed rather than mentioned:
    "@docs-bot what is ...", "DocsBot, what is ..."."""
    for name in sorted(names, key=len, reverse=True):
        found = re.match(rf"\s*@?{re.escape(name)}(?![\w-])[\s,:;!.-]*", text, re.IGNORECASE)
        if found:
            return text[found.end() :]
    return text


async def setup(bot: DocsBot) -> None:
    await bot.add_cog(Ask(bot))
