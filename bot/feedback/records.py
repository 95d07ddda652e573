"""What is kept of one question: its :class:`Record`, built from an answer, and the counts
(:class:`Stats`) that ``/stats`` shows. No database here."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ..chat import question_of
from ..text import content_words, meta_words

NOTE_MAX = 300  # characters of a 👎 note
QUESTION_MAX = 1000
PASSAGE_MAX = 1000  # characters of the passage shown, kept for the gaps report
RARE_WORDS = 5  # words of a question kept, rarest first, to group declined questions
UP, DOWN = 1, -1


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_answer_id() -> str:
    return secrets.token_hex(8)


def generation_of(index: Any) -> str | None:
    """Which index generation answered: when it was built and the corpus fingerprint."""
    meta = getattr(index, "meta", None) or {}
    if not meta:
        return None
    return f"{meta.get('built_at', '?')} {meta.get('fingerprint', '?')}"


@dataclass(slots=True)
class Record:
    """One question and what the bot showed for it."""

    id: str
    question: str
    answered: bool
    asked_at: datetime = field(default_factory=utcnow)
    guild_id: int | None = None
    channel_id: int | None = None
    source: str | None = None
    line_start: int | None = None
    line_end: int | None = None
    heading_path: list[str] = field(default_factory=list)
    score: float | None = None
    passage: str | None = None
    suggestions: list[str] = field(default_factory=list)
    rare_words: list[tuple[str, str, int]] = field(default_factory=list)
    generation: str | None = None


def rare_words(
    question: str, df: Callable[[str], int] | None = None, limit: int = RARE_WORDS
) -> list[tuple[str, str, int]]:
    """The question's content words as (word, index term, document frequency), rarest first.

    A word the corpus lacks has frequency 0: it is what the documents are missing. The chat
    around the question ("hey team! ... thanks") is not, nor a word about the documents or
    the asking that they lack ("what do the docs say about X?"), while others are left.
    """
    seen: dict[str, tuple[str, str, int]] = {}
    for surface, terms in content_words(question_of(question), question=True):
        term = terms[0]
        if term not in seen:
            seen[term] = (surface, term, int(df(term)) if df else 0)
    subject = {t: w for t, w in seen.items() if w[2] or w[0] not in meta_words()}
    seen = subject or seen
    order = {t: n for n, t in enumerate(seen)}
    return sorted(seen.values(), key=lambda w: (w[2], order[w[1]]))[:limit]


def record_of(
    answer: Any,
    *,
    answer_id: str,
    answered: bool | None = None,
    guild_id: int | None = None,
    channel_id: int | None = None,
    index: Any = None,
    asked_at: datetime | None = None,
) -> Record:
    """A record of an answer (``bot.answer.Answer``): its top passage, or its suggestions."""
    top = answer.results[0] if answer.results else None
    p = top.passage if top else None
    df = getattr(index, "df", None)
    return Record(
        id=answer_id,
        question=answer.query[:QUESTION_MAX],
        answered=answer.answered if answered is None else answered,
        asked_at=asked_at or utcnow(),
        guild_id=guild_id,
        channel_id=channel_id,
        source=p.source if p else None,
        line_start=p.line_start if p else None,
        line_end=p.line_end if p else None,
        heading_path=list(p.heading_path) if p else [],
        score=float(top.score) if top else None,
        passage=top.text[:PASSAGE_MAX] if top else None,
        suggestions=list(answer.suggestions),
        rare_words=rare_words(answer.query, df),
        generation=generation_of(index),
    )


@dataclass(slots=True)
class Stats:
    days: int
    questions: int
    answered: int
    up: int
    down: int

    @property
    def answered_share(self) -> float | None:
        return self.answered / self.questions if self.questions else None
