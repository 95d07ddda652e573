"""The feedback database: SQLAlchemy Core 2 over SQLite (the stdlib driver, WAL mode, at
``DATA_DIR/feedback.sqlite3``) by default, or PostgreSQL (psycopg 3) when ``DATABASE_URL``
is set. Every method of :class:`FeedbackStore` blocks: call it off the event loop."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
from dataclasses import asdict
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite

from .records import DOWN, NOTE_MAX, UP, Record, Stats, utcnow
from .report import GapsReport, gaps_report
from .schema import MIGRATIONS, SCHEMA_VERSION, FeedbackError, meta_table, questions, votes

log = logging.getLogger(__name__)

SQLITE_FILE = "feedback.sqlite3"
SQLITE_BUSY_MS = 1500  # how long a write waits for SQLite's lock before the record is lost
_PG_LOCK = 0x6662_6B31  # pg_advisory_xact_lock key held while migrating ("fbk1")


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

    def _write(self) -> _WriteTx:
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
            salt = self._meta(conn, "salt")
            if salt is None:
                salt = secrets.token_hex(32)
                self._set_meta(conn, "salt", salt)
            self._salt = bytes.fromhex(salt)
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

    def _insert(self, table: sa.Table) -> postgresql.Insert | sqlite.Insert:
        """An INSERT with this dialect's ``on_conflict_do_update``."""
        if self.dialect == "postgresql":
            return postgresql.insert(table)
        return sqlite.insert(table)

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
            counts: dict[int, int] = dict(
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
        since = (now or utcnow()) - timedelta(days=days)
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
        return gaps_report(days, since, int(asked), declined_rows, voted, limit)


class _WriteTx:
    def __init__(self, engine: sa.Engine):
        self.engine = engine

    def __enter__(self) -> sa.Connection:
        self.conn = self.engine.connect().execution_options(feedback_write=True)
        self.tx = self.conn.begin()
        return self.conn

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
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
