"""The feedback database's tables, its schema version and the migrations that bring an
older database up to date (:data:`MIGRATIONS`)."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

SCHEMA_VERSION = 1


class FeedbackError(Exception):
    """The feedback database cannot be used (bad URL, newer schema)."""


metadata = sa.MetaData()
meta_table = sa.Table(
    "feedback_meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)
questions = sa.Table(
    "feedback_questions",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),  # the answer id in the vote buttons
    sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("guild_id", sa.BigInteger),
    sa.Column("channel_id", sa.BigInteger),
    sa.Column("question", sa.Text, nullable=False),
    sa.Column("answered", sa.Boolean, nullable=False),
    sa.Column("source", sa.Text),  # the top passage shown ...
    sa.Column("line_start", sa.Integer),
    sa.Column("line_end", sa.Integer),
    sa.Column("heading_path", sa.Text),  # ... JSON list
    sa.Column("score", sa.Float),
    sa.Column("passage", sa.Text),
    sa.Column("suggestions", sa.Text),  # JSON list: the closest headings offered by a decline
    sa.Column("rare_words", sa.Text),  # JSON list of [word, term, df], rarest first
    sa.Column("generation", sa.Text),  # the index the answer came from
)
votes = sa.Table(
    "feedback_votes",
    metadata,
    sa.Column("answer_id", sa.String(32), primary_key=True),
    sa.Column("voter", sa.String(64), primary_key=True),  # HMAC(salt, user id + answer id)
    sa.Column("vote", sa.SmallInteger, nullable=False),  # 1 👍, -1 👎
    sa.Column("note", sa.Text),
    sa.Column("voted_at", sa.DateTime(timezone=True), nullable=False, index=True),
)


def _migrate_to_1(conn: sa.Connection) -> None:
    metadata.create_all(conn, tables=[questions, votes], checkfirst=True)


# MIGRATIONS[n] brings schema n to n + 1. Append; never edit one that has shipped.
MIGRATIONS: list[Callable[[sa.Connection], None]] = [_migrate_to_1]
assert len(MIGRATIONS) == SCHEMA_VERSION
