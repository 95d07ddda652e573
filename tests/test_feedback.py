"""The feedback store (bot.feedback): the same tests against SQLite and a real PostgreSQL.

The PostgreSQL server is started by the test session (``postgres_server`` in conftest.py);
where it cannot be, those tests skip and say why.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot import feedback as fb
from bot.feedback import DOWN, UP, Feedback, FeedbackError, FeedbackStore, Record

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
ALICE, BOB, CAROL = 1300000000000000300, 1300000000000000301, 1300000000000000999


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str | None:
    """``None`` means the default SQLite file in ``tmp_path``; else a PostgreSQL URL."""
    if request.param == "sqlite":
        return None
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(db_url: str | None, tmp_path: Path):
    s = FeedbackStore.open(db_url, tmp_path / "data")
    yield s
    s.close()


def rec(
    id: str,
    question: str,
    answered: bool,
    *,
    days_ago: float = 0,
    words=(),
    suggestions=(),
    source: str | None = None,
    lines=(None, None),
    heading=(),
    passage: str | None = None,
    now: datetime = NOW,
) -> Record:
    return Record(
        id=id,
        question=question,
        answered=answered,
        asked_at=now - timedelta(days=days_ago),
        guild_id=1300000000000000100,
        channel_id=1300000000000000101,
        source=source,
        line_start=lines[0],
        line_end=lines[1],
        heading_path=list(heading),
        score=4.2 if source else None,
        passage=passage,
        suggestions=list(suggestions),
        rare_words=[tuple(w) for w in words],
        generation="2026-11-30T00:00:00Z abc",
    )


def all_values(store: FeedbackStore) -> str:
    """Every value in every table, as text."""
    out = []
    with store.engine.connect() as conn:
        for table in fb.metadata.sorted_tables:
            for row in conn.execute(sa.select(table)):
                out.extend(str(v) for v in row)
    return "\n".join(out)


# ----------------------------------------------------------------------------- schema


def test_schema_is_created_and_versioned(store: FeedbackStore, db_url, tmp_path: Path) -> None:
    assert store.schema_version() == fb.SCHEMA_VERSION
    names = set(sa.inspect(store.engine).get_table_names())
    assert {"feedback_meta", "feedback_questions", "feedback_votes"} <= names
    with store.engine.connect() as conn:
        salt = FeedbackStore._meta(conn, "salt")
    again = FeedbackStore.open(db_url, tmp_path / "data")  # a second process, or a restart
    try:
        assert again.migrate() == fb.SCHEMA_VERSION  # nothing left to do
        with again.engine.connect() as conn:
            assert FeedbackStore._meta(conn, "salt") == salt  # votes stay keyed the same way
    finally:
        again.close()


def test_an_unversioned_database_is_migrated(db_url, tmp_path: Path) -> None:
    url = fb.engine_url(db_url, tmp_path / "data")
    (tmp_path / "data").mkdir()
    engine = sa.create_engine(url)
    fb.meta_table.create(engine)  # schema 0: only the meta table, as before any migration
    engine.dispose()
    store = FeedbackStore.open(db_url, tmp_path / "data")
    try:
        assert store.schema_version() == fb.SCHEMA_VERSION
        store.record(rec("a1", "what is gitops", True))
    finally:
        store.close()


def test_a_newer_schema_is_refused(store: FeedbackStore, db_url, tmp_path: Path) -> None:
    with store.engine.begin() as conn:
        conn.execute(
            fb.meta_table.update()
            .where(fb.meta_table.c.key == "schema_version")
            .values(value=str(fb.SCHEMA_VERSION + 1))
        )
    with pytest.raises(FeedbackError, match="upgrade the bot"):
        FeedbackStore.open(db_url, tmp_path / "data")


def test_sqlite_is_in_wal_mode_at_data_dir(tmp_path: Path) -> None:
    store = FeedbackStore.open(None, tmp_path / "data")
    try:
        store.record(rec("a1", "q", True))
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert (tmp_path / "data" / "feedback.sqlite3").is_file()
    finally:
        store.close()


def test_database_url_forms() -> None:
    assert fb.engine_url("postgresql://u:p@h/db", Path("x")) == "postgresql+psycopg://u:p@h/db"
    assert fb.engine_url("postgres://h/db", Path("x")) == "postgresql+psycopg://h/db"
    assert fb.engine_url(None, Path("data")) == "sqlite:///data/feedback.sqlite3"
    with pytest.raises(FeedbackError):
        FeedbackStore("mysql://h/db")


# ----------------------------------------------------------------------------- votes


def test_one_vote_per_person_and_answer(store: FeedbackStore) -> None:
    store.record(rec("a1", "what is gitops", True, source="doc.md", lines=(1, 4)))
    assert store.vote("a1", BOB, UP, NOW) == "recorded"
    assert store.vote("a1", BOB, UP, NOW) == "unchanged"  # a second press
    assert store.vote("a1", BOB, DOWN, NOW) == "changed"
    assert store.vote("a1", ALICE, DOWN, NOW) == "recorded"
    assert store.vote("a2", BOB, UP, NOW) == "recorded"  # another answer: another vote
    s = store.stats(7, NOW)
    assert (s.up, s.down) == (1, 2)
    with pytest.raises(ValueError):
        store.vote("a1", BOB, 0)


def test_no_user_id_is_stored(store: FeedbackStore) -> None:
    store.record(rec("a1", "what is gitops", True, source="doc.md", lines=(1, 4)))
    store.vote("a1", BOB, UP, NOW)
    store.note("a1", ALICE, "I wanted the ArgoCD setup", NOW)
    values = all_values(store)
    assert "ArgoCD" in values  # the dump did read the votes
    for user in (ALICE, BOB):
        assert str(user) not in values


def test_notes_are_short_and_make_a_down_vote(store: FeedbackStore) -> None:
    store.record(rec("a1", "q", True, source="doc.md", lines=(1, 2)))
    store.vote("a1", BOB, UP, NOW)
    kept = store.note("a1", BOB, "x" * 500, NOW)
    assert len(kept) == fb.NOTE_MAX
    with store.engine.connect() as conn:
        [(vote, note)] = conn.execute(sa.select(fb.votes.c.vote, fb.votes.c.note)).all()
    assert vote == DOWN and note == "x" * fb.NOTE_MAX
    assert store.vote("a1", BOB, UP, NOW) == "changed"  # a 👍 drops the note of the 👎
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(fb.votes.c.note)).scalar() is None


def test_forget_me_deletes_only_that_persons_votes(store: FeedbackStore) -> None:
    for n in range(3):
        store.record(rec(f"a{n}", f"question {n}", True, source="doc.md", lines=(n, n)))
        store.vote(f"a{n}", BOB, DOWN, NOW)
        store.vote(f"a{n}", ALICE, UP, NOW)
    store.note("a0", BOB, "bob's note", NOW)
    assert store.forget(BOB) == 3
    assert store.forget(BOB) == 0
    assert store.forget(CAROL) == 0
    s = store.stats(7, NOW)
    assert (s.up, s.down) == (3, 0)
    assert "bob's note" not in all_values(store)
    assert s.questions == 3  # questions carry no user id: they stay until pruned


def test_prune_after_retention(store: FeedbackStore) -> None:
    store.record(rec("old", "old question", True, days_ago=91, source="d.md", lines=(1, 1)))
    store.record(rec("new", "new question", False, days_ago=1))
    store.vote("old", BOB, DOWN, NOW - timedelta(days=80))  # a vote younger than its question
    store.vote("new", BOB, UP, NOW - timedelta(days=95))  # a vote older than the retention
    assert store.prune(90, NOW) == 1
    assert "old question" not in all_values(store)
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(fb.votes)).scalar() == 0
    assert store.stats(7, NOW).questions == 1


def test_stats_of_the_last_days(store: FeedbackStore) -> None:
    store.record(rec("a", "q1", True, days_ago=1))
    store.record(rec("b", "q2", True, days_ago=2))
    store.record(rec("c", "q3", False, days_ago=3))
    store.record(rec("d", "q4", False, days_ago=10))
    s = store.stats(7, NOW)
    assert (s.questions, s.answered) == (3, 2)
    assert s.answered_share == pytest.approx(2 / 3)
    assert store.stats(7, NOW + timedelta(days=30)).answered_share is None


# ----------------------------------------------------------------------------- gaps


def scripted(store: FeedbackStore, now: datetime = NOW) -> None:
    """Seven questions about Kotlin pay, two about knitting, answers with votes and notes."""
    kotlin = [
        ("What is the salary of a Kotlin developer?", ["salary", "salari", 12]),
        ("kotlin salary in Berlin?", ["salary", "salari", 12]),
        ("How much does a Kotlin engineer make as salary?", ["salary", "salari", 12]),
    ]
    for i in range(7):
        question, salary = kotlin[i % 3]
        words = [["kotlin", "kotlin", 0], salary]
        if "Berlin" in question:
            words.insert(1, ["berlin", "berlin", 0])
        store.record(
            rec(
                f"k{i}",
                question,
                False,
                now=now,
                days_ago=i * 0.1,
                words=words,
                suggestions=["Market Analysis > Salary Ranges", "Python Expertise"],
            )
        )
    for i in range(2):
        store.record(
            rec(
                f"n{i}",
                "How do I knit a scarf?",
                False,
                now=now,
                days_ago=0.5,
                words=[["knit", "knit", 0], ["scarf", "scarf", 0]],
                suggestions=["Core Skills"],
            )
        )
    store.record(
        rec(
            "g1",
            "What is GitOps?",
            True,
            now=now,
            source="linux_python.md",
            lines=(51, 54),
            heading=["DevOps", "GitOps"],
            passage="- Declarative Infrastructure\n- Git as truth",
        )
    )
    store.record(
        rec(
            "g2",
            "Explain GitOps tools",
            True,
            now=now,
            source="linux_python.md",
            lines=(51, 54),
            heading=["DevOps", "GitOps"],
            passage="- Declarative Infrastructure\n- Git as truth",
        )
    )
    store.record(
        rec(
            "m1",
            "Which tools for MLOps?",
            True,
            now=now,
            source="linux_python.md",
            lines=(90, 92),
            heading=["MLOps", "Tools"],
            passage="- MLflow",
        )
    )
    store.record(
        rec(
            "old",
            "ancient kotlin question",
            False,
            now=now,
            days_ago=40,
            words=[["kotlin", "kotlin", 0]],
        )
    )
    store.vote("g1", BOB, DOWN, now)
    store.note("g1", BOB, "I wanted how to set up ArgoCD", now)
    store.vote("g2", ALICE, DOWN, now)
    store.vote("g2", CAROL, UP, now)
    store.vote("m1", BOB, DOWN, now)
    store.vote("m1", ALICE, UP, now)
    store.vote("m1", CAROL, UP, now)


def test_gaps_groups_declined_questions_by_their_rarest_words(store: FeedbackStore) -> None:
    scripted(store)
    report = store.gaps(days=30, limit=10, now=NOW)
    assert report.asked == 12
    assert [(g.count, g.label) for g in report.declined] == [
        (7, "kotlin salary"),
        (2, "knit scarf"),
    ]
    kotlin = report.declined[0]
    assert kotlin.closest[0] == "Market Analysis > Salary Ranges"
    assert kotlin.questions[0] == "What is the salary of a Kotlin developer?"  # newest first
    assert "ancient kotlin question" not in kotlin.questions  # older than 30 days
    assert report.declined_count == 9


def test_gaps_lists_the_most_disliked_passages_with_notes(store: FeedbackStore) -> None:
    scripted(store)
    report = store.gaps(days=30, limit=10, now=NOW)
    first, second = report.disliked
    assert (first.location, first.down, first.up) == ("linux_python.md:51-54", 2, 1)
    assert first.notes == ["I wanted how to set up ArgoCD"]
    assert first.passage.startswith("- Declarative Infrastructure")
    assert set(first.questions) == {"What is GitOps?", "Explain GitOps tools"}
    assert (second.location, second.down, second.up) == ("linux_python.md:90-92", 1, 2)
    assert store.gaps(days=30, limit=1, now=NOW).disliked == [first]


def test_gaps_text_json_and_csv(store: FeedbackStore) -> None:
    scripted(store)
    report = store.gaps(days=30, limit=10, now=NOW)
    text = "\n".join(report.lines())
    assert "7 × kotlin salary" in text and "2 × knit scarf" in text
    assert "2 👎 / 1 👍  linux_python.md:51-54" in text and "I wanted how to set up ArgoCD" in text
    data = json.loads(json.dumps(report.to_dict()))
    assert data["declined"][0]["label"] == "kotlin salary" and data["declined"][0]["count"] == 7
    assert data["disliked"][0]["notes"] == ["I wanted how to set up ArgoCD"]
    rows = list(csv.DictReader(io.StringIO(report.to_csv())))
    declined = [r for r in rows if r["kind"] == "declined"]
    assert len(declined) == 9 and sum(r["group"] == "kotlin salary" for r in declined) == 7
    voted = {r["question"]: r for r in rows if r["kind"] == "voted"}
    assert voted["What is GitOps?"]["notes"] == "I wanted how to set up ArgoCD"
    assert (
        voted["Which tools for MLOps?"]["up"] == "2"
        and voted["Which tools for MLOps?"]["lines"] == "90-92"
    )


def test_csv_cells_never_start_a_formula() -> None:
    report = fb.GapsReport(30, "", 1, [], [], [{"kind": "declined", "question": "=HYPERLINK(1)"}])
    assert "'=HYPERLINK(1)" in report.to_csv()


def test_rare_words_are_ordered_by_document_frequency() -> None:
    df = {"salari": 12, "kotlin": 0, "develop": 3}.get
    words = fb.rare_words("What is the salary of a Kotlin developer?", lambda t: df(t) or 0)
    assert [w[0] for w in words] == ["kotlin", "developer", "salary"]


def test_rare_words_are_not_the_chat_around_a_question() -> None:
    """What the documents lack is Kotlin, not "hey", "docs" or "say"."""
    df = {"salari": 12}.get
    question = "hey team! what do the docs say about Kotlin salaries? thanks"
    words = fb.rare_words(question, lambda t: df(t) or 0)
    assert [w[0] for w in words] == ["kotlin", "salaries"]
    assert [w[0] for w in fb.rare_words("what do the docs say?", lambda t: 0)] == ["docs", "say"]


def test_record_of_a_real_answer(answerer, sample_index) -> None:
    answered = answerer.ask("What is GitOps?")
    r = fb.record_of(answered, answer_id="x1", guild_id=1, channel_id=2, index=sample_index)
    assert r.answered and r.source == "linux_python.md" and r.line_start and r.heading_path
    assert r.score and r.passage and r.generation
    declined = answerer.ask("How do I knit a scarf?")
    r = fb.record_of(declined, answer_id="x2", index=sample_index)
    assert not r.answered and r.source is None and r.suggestions
    assert r.rare_words[0][2] == 0  # knit or scarf: words the corpus does not know


# ----------------------------------------------------------------------------- off the loop


def test_a_locked_database_loses_the_record_with_one_warning(tmp_path: Path, caplog) -> None:
    feedback = Feedback.open(True, 90, None, tmp_path / "data")
    holder = sqlite3.connect(tmp_path / "data" / "feedback.sqlite3", isolation_level=None)
    try:
        feedback.writer.submit(lambda: None).result(5)  # the start-up prune is done
        holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        caplog.set_level(logging.WARNING, logger="bot.feedback")
        future = feedback.write(feedback.store.record, rec("a1", "q", True), what="question a1")
        with pytest.raises(sa.exc.OperationalError):
            future.result(10)
        warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert len(warnings) == 1 and "question a1" in warnings[0].getMessage()
        assert "locked" in warnings[0].getMessage()
        holder.execute("ROLLBACK")
        feedback.write(feedback.store.record, rec("a2", "q", True), what="question a2").result(10)
        assert feedback.store.stats(7).questions == 1  # the writer carries on
    finally:
        holder.close()
        feedback.close()


def test_a_read_only_data_dir_disables_recording(tmp_path: Path, caplog) -> None:
    (tmp_path / "data").write_text("not a folder")
    caplog.set_level(logging.WARNING, logger="bot.feedback")
    feedback = Feedback.open(True, 90, None, tmp_path / "data")
    assert not feedback.enabled
    feedback.record(rec("a1", "q", True))  # nothing happens, nothing raises
    assert "not recorded" in caplog.text


def test_recording_off_keeps_nothing(tmp_path: Path) -> None:
    feedback = Feedback.open(False, 90, None, tmp_path / "data")
    assert not feedback.enabled
    feedback.record(rec("a1", "q", True))
    assert not (tmp_path / "data").exists()


def test_a_group_splits_on_the_word_its_questions_share() -> None:
    items = [
        (
            "kotlin salary in Berlin?",
            [["kotlin", "kotlin", 0], ["berlin", "berlin", 0], ["salary", "salari", 9]],
            [],
        ),
        (
            "kotlin salary in Munich?",
            [["kotlin", "kotlin", 0], ["munich", "munich", 0], ["salary", "salari", 9]],
            [],
        ),
        (
            "Is there a Kotlin style guide?",
            [["Kotlin", "kotlin", 0], ["style", "style", 0], ["guide", "guid", 0]],
            [],
        ),
        (
            "What is the kotlin salary?",
            [["kotlin", "kotlin", 0], ["salary", "salari", 9]],
            ["Salary Ranges"],
        ),
    ]
    groups = fb.group_declined(items)
    assert [(g.count, g.label) for g in groups] == [(3, "kotlin salary"), (1, "kotlin style guide")]
    assert groups[0].closest == ["Salary Ranges"]
    assert fb.group_declined([]) == []


def test_the_running_bot_prunes_every_few_hours(tmp_path: Path) -> None:
    feedback = Feedback.open(True, 90, None, tmp_path / "data")  # prunes once on opening
    try:
        feedback.writer.submit(lambda: None).result(10)  # that first prune is done
        now = fb.utcnow()
        feedback.store.record(rec("old", "old question", True, now=now, days_ago=91))
        feedback.prune_if_due(now + timedelta(hours=1))  # too soon after the last prune
        feedback.writer.submit(lambda: None).result(10)
        assert feedback.store.stats(365, now).questions == 1
        feedback.prune_if_due(now + fb.PRUNE_EVERY + timedelta(minutes=1))
        feedback.writer.submit(lambda: None).result(10)
        assert feedback.store.stats(365, now).questions == 0
    finally:
        feedback.close()


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://bob:hunter2-secret@127.0.0.1:1/db",
        "not a url hunter2-secret",
        "mysql://bob:hunter2-secret@localhost/db",
    ],
)
def test_a_bad_database_url_disables_recording_without_logging_it(
    url: str, tmp_path: Path, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    feedback = Feedback.open(True, 90, url, tmp_path / "data")
    assert not feedback.enabled
    assert "not recorded" in caplog.text and "hunter2-secret" not in caplog.text
