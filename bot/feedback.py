"""Feedback and content gaps: what was asked, what was declined, and which answers were
found useless, so the people who keep the documents know what is missing.

The store is SQLAlchemy Core 2 over two dialects: SQLite (the stdlib driver, WAL mode, at
``DATA_DIR/feedback.sqlite3``) by default, PostgreSQL (psycopg 3) when ``DATABASE_URL`` is
set. The schema carries a version, and :data:`MIGRATIONS` brings an older database up to
date when it is opened.

No user id is stored. A vote is keyed by a salted hash of (user id, answer id): enough for
one vote per person and answer, and for ``/forget-me`` to find that person's votes again.

Writes never hold up an answer: :class:`Writer` runs them one after another on its own
thread, and a write that fails (a locked, full or read-only database) loses that record
with one warning in the log. This module never imports discord.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import logging
import queue
import secrets
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event

from .text import content_words

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
NOTE_MAX = 300  # characters of a 👎 note
QUESTION_MAX = 1000
PASSAGE_MAX = 1000  # characters of the passage shown, kept for the gaps report
RARE_WORDS = 5  # words of a question kept, rarest first, to group declined questions
SQLITE_FILE = "feedback.sqlite3"
SQLITE_BUSY_MS = 1500  # how long a write waits for SQLite's lock before the record is lost
QUEUE_MAX = 10_000  # writes waiting for the writer thread; more are dropped with a warning
PRUNE_EVERY = timedelta(hours=6)
UP, DOWN = 1, -1
_PG_LOCK = 0x6662_6B31  # pg_advisory_xact_lock key held while migrating ("fbk1")

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


class FeedbackError(Exception):
    """The feedback database cannot be used (bad URL, newer schema)."""


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


# --------------------------------------------------------------------------- records


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

    A word the corpus lacks has frequency 0: it is what the documents are missing.
    """
    seen: dict[str, tuple[str, str, int]] = {}
    for surface, terms in content_words(question, question=True):
        term = terms[0]
        if term not in seen:
            seen[term] = (surface, term, int(df(term)) if df else 0)
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
    """A record of an answer (``bot.quote.Answer``): its top passage, or its suggestions."""
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


# --------------------------------------------------------------------------- the report


@dataclass(slots=True)
class GapGroup:
    """Declined questions that share their rarest word."""

    words: list[str]  # shared by every question of the group, rarest first
    questions: list[str]  # newest first
    closest: list[str]  # the headings most often offered instead

    @property
    def count(self) -> int:
        return len(self.questions)

    @property
    def label(self) -> str:
        return " ".join(self.words) or "(no words)"


@dataclass(slots=True)
class DislikedPassage:
    """A passage shown as an answer, with its votes and the voters' notes."""

    source: str
    line_start: int | None
    line_end: int | None
    heading_path: list[str]
    passage: str
    down: int
    up: int
    questions: list[str]
    notes: list[str]

    @property
    def location(self) -> str:
        if self.line_start is None:
            return self.source
        if self.line_end in (None, self.line_start):
            return f"{self.source}:{self.line_start}"
        return f"{self.source}:{self.line_start}-{self.line_end}"


@dataclass(slots=True)
class GapsReport:
    days: int
    since: str
    asked: int
    declined: list[GapGroup]
    disliked: list[DislikedPassage]
    rows: list[dict[str, Any]] = field(default_factory=list)  # every question, for the CSV

    @property
    def declined_count(self) -> int:
        return sum(g.count for g in self.declined)

    def to_dict(self) -> dict[str, Any]:
        return {
            "days": self.days,
            "since": self.since,
            "asked": self.asked,
            "declined": [{**asdict(g), "count": g.count, "label": g.label} for g in self.declined],
            "disliked": [{**asdict(d), "location": d.location} for d in self.disliked],
        }

    def lines(self, passage_lines: int = 3) -> list[str]:
        """The report as plain text (the CLI's default output)."""
        out = [f"Questions asked in the last {self.days} days: {self.asked}"]
        out.append(
            f"Not answered: {self.declined_count}"
            + (f", in {len(self.declined)} groups" if self.declined else "")
        )
        for g in self.declined:
            out.append(f"  {g.count} × {g.label}")
            for q in g.questions[:3]:
                out.append(f"      “{q}”")
            if g.closest:
                out.append("      closest headings: " + "; ".join(g.closest))
        out.append("Answers with the most 👎:" if self.disliked else "Answers with a 👎: none")
        for d in self.disliked:
            out.append(f"  {d.down} 👎 / {d.up} 👍  {d.location}  {' > '.join(d.heading_path)}")
            for line in d.passage.splitlines()[:passage_lines]:
                out.append(f"      | {line}")
            for q in d.questions[:3]:
                out.append(f"      asked: “{q}”")
            for n in d.notes:
                out.append(f"      note: “{n}”")
        return out

    def to_csv(self) -> str:
        buf = io.StringIO()
        columns = [
            "kind",
            "group",
            "asked_at",
            "question",
            "answered",
            "source",
            "lines",
            "heading_path",
            "score",
            "up",
            "down",
            "notes",
            "closest_headings",
            "passage",
        ]
        writer = csv.DictWriter(buf, columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in self.rows:
            writer.writerow({k: _csv_cell(v) for k, v in row.items()})
        return buf.getvalue()


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list):
        value = " | ".join(str(v) for v in value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value  # never a formula when opened in a spreadsheet
    return value


def group_declined(items: Sequence[tuple[str, list[list[Any]], list[str]]]) -> list[GapGroup]:
    """Group declined questions by their rarest words.

    ``items`` are (question, rare words as [word, term, df], suggestions), newest first.
    A question goes with the others that share its rarest word (among words equally rare in
    the corpus, often all unknown to it, the one most declined questions share wins). Within
    such a group, questions that also share the word most common among them form a group of
    their own: "kotlin salary" apart from a lone "kotlin style guide".
    """
    freq = Counter(t for _, words, _ in items for t in {w[1] for w in words})
    first: dict[str, list[int]] = defaultdict(list)
    for n, (_, words, _) in enumerate(items):
        key = min(words, key=lambda w: (w[2], -freq[w[1]], w[1]))[1] if words else ""
        first[key].append(n)
    out = []
    for key, members in first.items():
        inner = Counter(t for n in members for t in {w[1] for w in items[n][1]} if t != key)
        second: dict[str | None, list[int]] = defaultdict(list)
        for n in members:
            others = [w for w in items[n][1] if w[1] != key]
            best = min(others, key=lambda w: (-inner[w[1]], w[2], w[1]))[1] if others else None
            second[best if best is not None and inner[best] >= 2 else None].append(n)
        out.extend(_gap_group(items, group, freq) for group in second.values())
    out.sort(key=lambda g: -g.count)
    return out


def _gap_group(
    items: Sequence[tuple[str, list[list[Any]], list[str]]], members: list[int], freq: Counter
) -> GapGroup:
    word_sets = [{w[1] for w in items[n][1]} for n in members]
    shared = set.intersection(*word_sets)
    surfaces: dict[str, Counter] = defaultdict(Counter)
    for n in members:
        for w in items[n][1]:
            surfaces[w[1]][w[0].casefold()] += 1
    ordered = sorted(
        (w for w in items[members[0]][1] if w[1] in shared),  # stable: ties keep
        key=lambda w: (w[2], -freq[w[1]]),
    )  # the question's word order
    # each word as most often written; on a tie the shortest ("knit", not "knitting")
    label = [
        min(surfaces[w[1]].items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0]
        for w in ordered[:3]
    ]
    closest = Counter(s for n in members for s in items[n][2])
    return GapGroup(label, [items[n][0] for n in members], [s for s, _ in closest.most_common(3)])


# --------------------------------------------------------------------------- the store


def engine_url(database_url: str | None, data_dir: Path) -> str:
    """``DATABASE_URL`` for SQLAlchemy (psycopg 3 for postgresql://), or the SQLite file."""
    if not database_url:
        return f"sqlite:///{Path(data_dir) / SQLITE_FILE}"
    url = database_url.strip()
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class FeedbackStore:
    """The database: questions, votes and notes. Every method blocks: call it off the loop."""

    def __init__(self, url: str, *, busy_ms: int | None = None):
        try:
            self.engine = sa.create_engine(url, pool_pre_ping=not url.startswith("sqlite"))
        except sa.exc.ArgumentError:  # its message would repeat the URL, password and all
            raise FeedbackError(
                "DATABASE_URL is not a database URL (expected "
                "postgresql://user:password@host/dbname)"
            ) from None
        except ImportError as exc:
            raise FeedbackError(
                f"DATABASE_URL needs a driver that is not installed: {exc.name}"
            ) from None
        self.dialect = self.engine.dialect.name
        if self.dialect not in ("sqlite", "postgresql"):
            raise FeedbackError(f"unsupported database {self.dialect!r}: use SQLite or PostgreSQL")
        if self.dialect == "sqlite":
            _sqlite_setup(self.engine, SQLITE_BUSY_MS if busy_ms is None else busy_ms)
        self._salt: bytes | None = None

    @classmethod
    def open(cls, database_url: str | None, data_dir: Path) -> FeedbackStore:
        if not database_url:
            Path(data_dir).mkdir(parents=True, exist_ok=True)
        store = cls(engine_url(database_url, data_dir))
        store.migrate()
        return store

    def close(self) -> None:
        self.engine.dispose()

    def _write(self):
        """A write transaction (SQLite: BEGIN IMMEDIATE, so it never fails half-way)."""
        return _WriteTx(self.engine)

    # ------------------------------------------------------------------ schema
    def migrate(self) -> int:
        """Create or upgrade the schema; return the version found before."""
        with self._write() as conn:
            if self.dialect == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
            meta_table.create(conn, checkfirst=True)
            found = int(self._meta(conn, "schema_version") or 0)
            if found > SCHEMA_VERSION:
                raise FeedbackError(
                    f"the feedback database has schema {found}; this bot knows "
                    f"{SCHEMA_VERSION}: upgrade the bot"
                )
            for version in range(found, SCHEMA_VERSION):
                MIGRATIONS[version](conn)
                log.info("feedback database migrated to schema %d", version + 1)
            self._set_meta(conn, "schema_version", str(SCHEMA_VERSION))
            if self._meta(conn, "salt") is None:
                self._set_meta(conn, "salt", secrets.token_hex(32))
            self._salt = bytes.fromhex(self._meta(conn, "salt"))
        return found

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return int(self._meta(conn, "schema_version") or 0)

    @staticmethod
    def _meta(conn: sa.Connection, key: str) -> str | None:
        return conn.execute(sa.select(meta_table.c.value).where(meta_table.c.key == key)).scalar()

    def _set_meta(self, conn: sa.Connection, key: str, value: str) -> None:
        stmt = self._insert(meta_table).values(key=key, value=value)
        conn.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value}))

    def _insert(self, table: sa.Table):
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        return insert(table)

    def _voter(self, user_id: int, answer_id: str) -> str:
        if self._salt is None:
            with self.engine.connect() as conn:
                salt = self._meta(conn, "salt")
            if salt is None:
                raise FeedbackError("the feedback database has no salt: it was not migrated")
            self._salt = bytes.fromhex(salt)
        return hmac.new(self._salt, f"{user_id}:{answer_id}".encode(), hashlib.sha256).hexdigest()

    # ------------------------------------------------------------------ writes
    def record(self, rec: Record) -> None:
        row = asdict(rec)
        row["heading_path"] = json.dumps(rec.heading_path, ensure_ascii=False)
        row["suggestions"] = json.dumps(rec.suggestions, ensure_ascii=False)
        row["rare_words"] = json.dumps([list(w) for w in rec.rare_words], ensure_ascii=False)
        with self._write() as conn:
            conn.execute(questions.insert().values(**row))

    def vote(self, answer_id: str, user_id: int, value: int, now: datetime | None = None) -> str:
        """Record a 👍 (1) or 👎 (-1): "recorded", "changed" or "unchanged"."""
        if value not in (UP, DOWN):
            raise ValueError("a vote is 1 or -1")
        voter = self._voter(user_id, answer_id)
        key = (votes.c.answer_id == answer_id) & (votes.c.voter == voter)
        with self._write() as conn:
            before = conn.execute(sa.select(votes.c.vote).where(key)).scalar()
            if before == value:
                return "unchanged"
            stmt = self._insert(votes).values(
                answer_id=answer_id, voter=voter, vote=value, voted_at=now or utcnow()
            )
            conn.execute(
                stmt.on_conflict_do_update(
                    index_elements=["answer_id", "voter"],
                    set_={
                        "vote": value,
                        "voted_at": stmt.excluded.voted_at,
                        "note": None if value == UP else votes.c.note,
                    },
                )
            )
        return "recorded" if before is None else "changed"

    def note(self, answer_id: str, user_id: int, text: str, now: datetime | None = None) -> str:
        """Keep a 👎 voter's note (at most NOTE_MAX characters); the vote becomes a 👎."""
        text = " ".join(text.split())[:NOTE_MAX]
        voter = self._voter(user_id, answer_id)
        stmt = self._insert(votes).values(
            answer_id=answer_id, voter=voter, vote=DOWN, note=text or None, voted_at=now or utcnow()
        )
        with self._write() as conn:
            conn.execute(
                stmt.on_conflict_do_update(
                    index_elements=["answer_id", "voter"], set_={"vote": DOWN, "note": text or None}
                )
            )
        return text

    def forget(self, user_id: int) -> int:
        """Delete every vote and note of one person; return how many."""
        deleted = 0
        with self._write() as conn:
            answer_ids = conn.execute(sa.select(votes.c.answer_id).distinct()).scalars().all()
            mine = [self._voter(user_id, a) for a in answer_ids]
            for i in range(0, len(mine), 500):
                deleted += conn.execute(
                    votes.delete().where(votes.c.voter.in_(mine[i : i + 500]))
                ).rowcount
        return deleted

    def prune(self, days: int, now: datetime | None = None) -> int:
        """Delete questions, votes and notes older than ``days``; return the questions deleted."""
        cutoff = (now or utcnow()) - timedelta(days=days)
        old = sa.select(questions.c.id).where(questions.c.asked_at < cutoff)
        with self._write() as conn:
            conn.execute(votes.delete().where(votes.c.answer_id.in_(old)))
            n = conn.execute(questions.delete().where(questions.c.asked_at < cutoff)).rowcount
            conn.execute(votes.delete().where(votes.c.voted_at < cutoff))
        return n

    # ------------------------------------------------------------------ reads
    def stats(self, days: int = 7, now: datetime | None = None) -> Stats:
        since = (now or utcnow()) - timedelta(days=days)
        with self.engine.connect() as conn:
            asked, answered = conn.execute(
                sa.select(
                    sa.func.count(),
                    sa.func.coalesce(sa.func.sum(sa.case((questions.c.answered, 1), else_=0)), 0),
                ).where(questions.c.asked_at >= since)
            ).one()
            counts = dict(
                conn.execute(
                    sa.select(votes.c.vote, sa.func.count())
                    .where(votes.c.voted_at >= since)
                    .group_by(votes.c.vote)
                ).all()
            )
        return Stats(
            days, int(asked), int(answered), int(counts.get(UP, 0)), int(counts.get(DOWN, 0))
        )

    def gaps(self, days: int = 30, limit: int = 10, now: datetime | None = None) -> GapsReport:
        """Declined questions grouped by their rarest words; the passages with the most 👎."""
        now = now or utcnow()
        since = now - timedelta(days=days)
        q = questions.c
        with self.engine.connect() as conn:
            asked = (
                conn.execute(sa.select(sa.func.count()).where(q.asked_at >= since)).scalar() or 0
            )
            declined_rows = conn.execute(
                sa.select(q.asked_at, q.question, q.rare_words, q.suggestions)
                .where(q.asked_at >= since, sa.not_(q.answered))
                .order_by(q.asked_at.desc(), q.id)
            ).all()
            voted = conn.execute(
                sa.select(
                    q.id,
                    q.asked_at,
                    q.question,
                    q.answered,
                    q.source,
                    q.line_start,
                    q.line_end,
                    q.heading_path,
                    q.score,
                    q.passage,
                    votes.c.vote,
                    votes.c.note,
                )
                .join(votes, votes.c.answer_id == q.id)
                .where(q.asked_at >= since, q.source.is_not(None))
                .order_by(q.asked_at.desc(), q.id, votes.c.voted_at)
            ).all()
        items = [
            (r.question, json.loads(r.rare_words or "[]"), json.loads(r.suggestions or "[]"))
            for r in declined_rows
        ]
        groups = group_declined(items)
        rows: list[dict[str, Any]] = []
        label_of = {qq: g.label for g in groups for qq in g.questions}
        for r in declined_rows:
            rows.append(
                {
                    "kind": "declined",
                    "group": label_of.get(r.question, ""),
                    "asked_at": _iso(r.asked_at),
                    "question": r.question,
                    "answered": False,
                    "closest_headings": json.loads(r.suggestions or "[]"),
                }
            )
        passages: dict[tuple, DislikedPassage] = {}
        per_answer: dict[str, dict[str, Any]] = {}
        for r in voted:
            key = (r.source, r.line_start, r.line_end)
            d = passages.get(key)
            if d is None:
                d = passages[key] = DislikedPassage(
                    r.source,
                    r.line_start,
                    r.line_end,
                    json.loads(r.heading_path or "[]"),
                    r.passage or "",
                    0,
                    0,
                    [],
                    [],
                )
            if r.vote == DOWN:
                d.down += 1
            else:
                d.up += 1
            if r.note:
                d.notes.append(r.note)
            if r.question not in d.questions:
                d.questions.append(r.question)
            row = per_answer.get(r.id)
            if row is None:
                row = per_answer[r.id] = {
                    "kind": "voted",
                    "asked_at": _iso(r.asked_at),
                    "question": r.question,
                    "answered": bool(r.answered),
                    "source": r.source,
                    "lines": d.location.partition(":")[2],
                    "heading_path": " > ".join(d.heading_path),
                    "score": r.score,
                    "up": 0,
                    "down": 0,
                    "notes": [],
                    "passage": r.passage or "",
                }
                rows.append(row)
            row["up" if r.vote == UP else "down"] += 1
            if r.note:
                row["notes"].append(r.note)
        disliked = sorted(
            (d for d in passages.values() if d.down),
            key=lambda d: (-d.down, d.up, d.source, d.line_start or 0),
        )
        return GapsReport(days, _iso(since), int(asked), groups[:limit], disliked[:limit], rows)


def _iso(value: datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is None:  # SQLite hands back naive datetimes; they were stored in UTC
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class _WriteTx:
    def __init__(self, engine: sa.Engine):
        self.engine = engine

    def __enter__(self) -> sa.Connection:
        self.conn = self.engine.connect().execution_options(feedback_write=True)
        self.tx = self.conn.begin()
        return self.conn

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self.tx.commit()
            else:
                self.tx.rollback()
        finally:
            self.conn.close()


def _sqlite_setup(engine: sa.Engine, busy_ms: int) -> None:
    """WAL mode, a bounded wait for the lock, and transactions SQLAlchemy controls
    (the SQLAlchemy documentation's recipe for the pysqlite driver)."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # no implicit BEGIN from the sqlite3 module
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_ms)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        write = conn.get_execution_options().get("feedback_write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _migrate_to_1(conn: sa.Connection) -> None:
    metadata.create_all(conn, tables=[questions, votes], checkfirst=True)


# MIGRATIONS[n] brings schema n to n + 1. Append; never edit one that has shipped.
MIGRATIONS: list[Callable[[sa.Connection], None]] = [_migrate_to_1]
assert len(MIGRATIONS) == SCHEMA_VERSION


# --------------------------------------------------------------------------- off the loop


class Writer:
    """Runs writes one after another on its own thread; callers never wait for them.

    :meth:`submit` returns a :class:`~concurrent.futures.Future` for callers that want the
    result (a vote's acknowledgement), or None when the queue is full. A write that fails
    is lost, with one warning in the log.
    """

    def __init__(self, maxsize: int = QUEUE_MAX):
        self._queue: queue.Queue = queue.Queue(maxsize)
        self._thread = threading.Thread(target=self._run, name="feedback-writer", daemon=True)
        self._thread.start()

    def submit(
        self, fn: Callable[..., Any], *args: Any, what: str = "a feedback record"
    ) -> Future | None:
        future: Future = Future()
        try:
            self._queue.put_nowait((future, fn, args, what))
        except queue.Full:
            log.warning("feedback writes are backed up: %s was not recorded", what)
            return None
        return future

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            future, fn, args, what = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(*args))
            except (sa.exc.SQLAlchemyError, OSError, FeedbackError) as exc:
                log.warning(
                    "could not write %s to the feedback database, it is lost: %s",
                    what,
                    _one_line(exc),
                )
                future.set_exception(exc)
            except Exception as exc:
                log.exception("writing %s failed", what)
                future.set_exception(exc)

    def close(self, timeout: float = 5.0) -> None:
        """Finish the queued writes (up to ``timeout``) and stop the thread."""
        try:
            self._queue.put(None, timeout=timeout)
        except queue.Full:
            return
        self._thread.join(timeout)


def _one_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)  # SQLAlchemy wraps the driver's error
    text = str(orig if orig is not None else exc)
    return text.splitlines()[0] if text else type(exc).__name__


class Feedback:
    """What the running bot uses: the store, its writer thread, and the retention policy.

    Created by :meth:`open`; ``enabled`` is False when recording is off or the database
    could not be opened (then nothing is kept and answers go on as usual).
    """

    def __init__(self, store: FeedbackStore | None, retention_days: int = 90):
        self.store = store
        self.retention_days = retention_days
        self.writer = Writer() if store is not None else None
        self._pruned_at: datetime | None = None

    @classmethod
    def open(
        cls, record: bool, retention_days: int, database_url: str | None, data_dir: Path
    ) -> Feedback:
        """Open the store (blocking: run it in a thread). Never raises: logs and disables."""
        if not record:
            log.info("RECORD_QUESTIONS is off: no questions, votes or notes are kept")
            return cls(None, retention_days)
        try:
            store = FeedbackStore.open(database_url, data_dir)
        except (sa.exc.SQLAlchemyError, OSError, FeedbackError) as exc:
            log.warning(
                "feedback database unavailable, questions are not recorded: %s", _one_line(exc)
            )
            return cls(None, retention_days)
        feedback = cls(store, retention_days)
        feedback.prune_if_due()
        return feedback

    @property
    def enabled(self) -> bool:
        return self.store is not None

    def record(self, rec: Record) -> None:
        """Queue a question's record; returns at once."""
        if self.writer is not None:
            self.writer.submit(self.store.record, rec, what=f"question {rec.id}")
            self.prune_if_due()

    def record_answer(
        self,
        answer: Any,
        *,
        answered: bool | None = None,
        guild_id: int | None = None,
        channel_id: int | None = None,
        index: Any = None,
    ) -> str | None:
        """Queue the record of an answer; return its answer id, or None when nothing is kept.

        Returns at once: even the record is made on the writer thread.
        """
        if self.writer is None:
            return None
        answer_id = new_answer_id()
        asked_at = utcnow()

        def write() -> None:
            self.store.record(
                record_of(
                    answer,
                    answer_id=answer_id,
                    answered=answered,
                    guild_id=guild_id,
                    channel_id=channel_id,
                    index=index,
                    asked_at=asked_at,
                )
            )

        self.writer.submit(write, what=f"question {answer_id}")
        self.prune_if_due()
        return answer_id

    def prune_if_due(self, now: datetime | None = None) -> None:
        now = now or utcnow()
        if self.writer is None or (self._pruned_at and now - self._pruned_at < PRUNE_EVERY):
            return
        self._pruned_at = now
        self.writer.submit(self.store.prune, self.retention_days, what="pruning old records")

    def write(self, fn: Callable[..., Any], *args: Any, what: str) -> Future | None:
        return self.writer.submit(fn, *args, what=what) if self.writer is not None else None

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        if self.store is not None:
            self.store.close()
