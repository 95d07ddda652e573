"""Feedback and content gaps: what was asked, what was declined, and which answers were
found useless, so the people who keep the documents know what is missing.

- :mod:`.records`: what is kept of a question (:class:`Record`), built from an answer;
- :mod:`.schema`: the tables, the schema version and :data:`MIGRATIONS`;
- :mod:`.store`: :class:`FeedbackStore`, SQLite (WAL mode, at ``DATA_DIR/feedback.sqlite3``)
  by default, PostgreSQL (psycopg 3) when ``DATABASE_URL`` is set;
- :mod:`.report`: the gaps report (declined questions grouped, the passages with most 👎);
- :mod:`.writer`: :class:`Writer`, the thread that runs the writes, and :class:`Feedback`,
  what the running bot holds.

No user id is stored. A vote is keyed by a salted hash of (user id, answer id): enough for
one vote per person and answer, and for ``/forget-me`` to find that person's votes again.

Writes never hold up an answer: a write that fails (a locked, full or read-only database)
loses that record with one warning in the log. This package never imports discord.
"""

from .records import (
    DOWN,
    NOTE_MAX,
    PASSAGE_MAX,
    QUESTION_MAX,
    RARE_WORDS,
    UP,
    Record,
    Stats,
    generation_of,
    new_answer_id,
    rare_words,
    record_of,
    utcnow,
)
from .report import DislikedPassage, GapGroup, GapsReport, gaps_report, group_declined
from .schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    FeedbackError,
    meta_table,
    metadata,
    questions,
    votes,
)
from .store import SQLITE_BUSY_MS, SQLITE_FILE, FeedbackStore, engine_url
from .writer import PRUNE_EVERY, QUEUE_MAX, Feedback, Writer

__all__ = [
    "DOWN",
    "MIGRATIONS",
    "NOTE_MAX",
    "PASSAGE_MAX",
    "PRUNE_EVERY",
    "QUESTION_MAX",
    "QUEUE_MAX",
    "RARE_WORDS",
    "SCHEMA_VERSION",
    "SQLITE_BUSY_MS",
    "SQLITE_FILE",
    "UP",
    "DislikedPassage",
    "Feedback",
    "FeedbackError",
    "FeedbackStore",
    "GapGroup",
    "GapsReport",
    "Record",
    "Stats",
    "Writer",
    "engine_url",
    "gaps_report",
    "generation_of",
    "group_declined",
    "meta_table",
    "metadata",
    "new_answer_id",
    "questions",
    "rare_words",
    "record_of",
    "utcnow",
    "votes",
]
