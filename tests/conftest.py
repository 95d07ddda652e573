"""Shared fixtures: the sample corpus, fixture documents, and built indexes in tmp folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CORPUS = ROOT / "corpus"
FIXTURE_DOCS = ROOT / "tests" / "fixtures" / "docs"
TEAM_DOCS = ROOT / "tests" / "fixtures" / "team_docs"  # written with ask_team_docs.jsonl, blind
EVAL = ROOT / "tests" / "eval"  # question sets, in the repository
SHARED_EVAL = ROOT.parent / "shared" / "eval"  # sets on the 17k-file corpora, not in the repository


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A private copy of the sample corpus that a test may edit."""
    dest = tmp_path / "corpus"
    shutil.copytree(SAMPLE_CORPUS, dest)
    return dest


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory):
    from bot.index import build

    index, _ = build(SAMPLE_CORPUS, tmp_path_factory.mktemp("index"))
    return index


@pytest.fixture(scope="session")
def answerer(sample_index):
    from bot.answer import Answerer

    return Answerer(sample_index)


# ----------------------------------------------------------------------------- PostgreSQL


def _postgres_bindir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return versions[-1].parent if versions else None


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL server for the test session: ``initdb`` in a temporary folder,
    run as an unprivileged user (PostgreSQL refuses to run as root). Yields a URL of its
    ``postgres`` database. ``TEST_DATABASE_URL`` points the tests at an existing server
    instead. Skips, with the reason, when no server can be started."""
    import os
    import socket
    import subprocess
    import tempfile

    if os.environ.get("TEST_DATABASE_URL"):
        yield os.environ["TEST_DATABASE_URL"]
        return
    bindir = _postgres_bindir()
    if bindir is None:
        pytest.skip(
            "PostgreSQL tests skipped: no pg_ctl/initdb found "
            "(install Debian's postgresql package or set TEST_DATABASE_URL)"
        )
    run_as: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="feedback-pg-"))
    if os.geteuid() == 0:
        import pwd

        user = next((u for u in ("postgres", "nobody") if _user_exists(pwd, u)), None)
        runuser = shutil.which("runuser")
        if user is None or runuser is None:
            shutil.rmtree(folder, ignore_errors=True)
            pytest.skip(
                "PostgreSQL tests skipped: running as root and no unprivileged user "
                "(postgres, nobody) or no runuser to start the server with"
            )
        pw = pwd.getpwnam(user)
        os.chown(folder, pw.pw_uid, pw.pw_gid)
        run_as = [runuser, "-u", user, "--"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = folder / "data"
    log_file = folder / "server.log"

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*run_as, *args], capture_output=True, text=True, cwd=folder, timeout=60
        )

    init = run(
        str(bindir / "initdb"),
        "-D",
        str(data),
        "-U",
        "postgres",
        "-A",
        "trust",
        "-E",
        "UTF8",
        "--no-sync",
        "--no-instructions",
    )
    if init.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(
            f"PostgreSQL tests skipped: initdb failed: {(init.stderr or init.stdout).strip()[-300:]}"
        )
    options = (
        f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    )
    start = run(
        str(bindir / "pg_ctl"),
        "-D",
        str(data),
        "-o",
        options,
        "-l",
        str(log_file),
        "-w",
        "-t",
        "30",
        "start",
    )
    if start.returncode != 0:
        tail = log_file.read_text(errors="replace")[-300:] if log_file.exists() else start.stderr
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"PostgreSQL tests skipped: the server did not start: {tail.strip()}")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def _user_exists(pwd, name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


@pytest.fixture
def postgres_url(postgres_server: str):
    """An empty schema of its own on the session's PostgreSQL server (a URL whose
    search_path is that schema); dropped afterwards."""
    import secrets

    import sqlalchemy as sa

    from bot.feedback import engine_url

    name = f"t_{secrets.token_hex(6)}"
    admin = sa.create_engine(engine_url(postgres_server, Path(".")), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{name}"'))
        joiner = "&" if "?" in postgres_server else "?"
        yield f"{postgres_server}{joiner}options=-csearch_path%3D{name}"
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
    finally:
        admin.dispose()
