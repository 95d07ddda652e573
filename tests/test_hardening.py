"""Issue 11: files outside the corpus, killed builds, pathological files, damaged indexes,
hostile input. Each test names the defect it guards against."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import bot.store
from bot.quote import Answerer
from bot.store import build

from conftest import ROOT


def cli(*args, stdin=None, cwd=None, env_extra=None, timeout=120):
    env = {k: v for k, v in os.environ.items() if k not in ("CORPUS_DIR", "INDEX_DIR")}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True,
                          cwd=cwd or ROOT, env=env, timeout=timeout)


def one_error_line(out) -> str:
    """The one line a failing command prints (log lines aside), checked for no traceback."""
    err = out.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture
def small(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text("# Doc\n\nThe rotation changes every Monday.\n")
    return corpus


# ---------------------------------------------------------------- 1. symlinks out of the corpus


def test_links_out_of_the_corpus_are_never_read_and_are_named(tmp_path, small):
    (tmp_path / ".env").write_text("DISCORD_TOKEN=MTA.fake.tok\n")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "b.md").write_text("# Outside\n\nroot bash secret words\n")
    (small / "notes.md").symlink_to(tmp_path / ".env")
    (small / "secret.md").symlink_to("/etc/passwd")
    (small / "elsewhere").symlink_to(tmp_path / "outside", target_is_directory=True)
    (small / "team").mkdir()
    (small / "team" / "c.md").write_text("# Team\n\nThe pager is blue.\n")
    (small / "alias").symlink_to(small / "team", target_is_directory=True)  # stays inside
    paths = ["--corpus", str(small), "--index", str(tmp_path / "index")]
    out = cli("index", *paths)
    assert out.returncode == 0, out.stderr
    summary = out.stdout.decode()
    for name in ("notes.md", "secret.md", "elsewhere"):
        assert f"skipped {name}: a link to outside the corpus folder" in summary
    for question in ("discord token", "root bash secret words"):
        answer = json.loads(cli("ask", "--json", question, *paths).stdout)
        assert "MTA.fake.tok" not in json.dumps(answer) and "root:" not in json.dumps(answer)
        assert all(r["source"] in ("a.md", "team/c.md", "alias/c.md") for r in answer["results"])
    answer = json.loads(cli("ask", "--json", "is the pager blue?", *paths).stdout)
    assert answer["answered"] and answer["results"][0]["source"] in ("team/c.md", "alias/c.md")


def test_a_file_swapped_for_a_link_after_the_scan_is_not_read(tmp_path, small, monkeypatch):
    (tmp_path / "secret.txt").write_text("# Secret\n\nhunter2 password\n")
    (small / "b.md").write_text("# B\n\nharmless\n")
    real_scan = bot.store.scan

    def swapping_scan(corpus):
        files = real_scan(corpus)
        (small / "b.md").unlink()
        (small / "b.md").symlink_to(tmp_path / "secret.txt")
        return files

    monkeypatch.setattr(bot.store, "scan", swapping_scan)
    index, report = build(small, tmp_path / "index")
    assert [s for s, _ in report.skipped] == ["b.md"]
    assert not Answerer(index).ask("hunter2 password").answered


# ---------------------------------------------------------------- 4. one bad file


def test_bad_files_are_skipped_by_name_and_the_rest_indexed(tmp_path, small):
    (small / "loop-a.md").symlink_to(small / "loop-b.md")
    (small / "loop-b.md").symlink_to(small / "loop-a.md")
    (small / "self.md").symlink_to(small / "self.md")
    name = os.fsencode(str(small)) + b"/caf\xe9.md"
    with open(name, "wb") as fh:
        fh.write(b"# Cafe\n\ncoffee\n")
    paths = ["--corpus", str(small), "--index", str(tmp_path / "index")]
    out = cli("index", *paths)
    assert out.returncode == 0, out.stderr
    summary = out.stdout.decode()
    assert "Traceback" not in out.stderr.decode()
    assert "skipped loop-a.md: a symlink loop" in summary and "skipped self.md: a symlink loop" in summary
    assert "skipped caf\\xe9.md: the file name is not UTF-8" in summary
    answer = json.loads(cli("ask", "--json", "when does the rotation change?", *paths).stdout)
    assert answer["answered"] and answer["results"][0]["source"] == "a.md"


def test_an_unreadable_file_is_skipped_by_name(tmp_path, small, monkeypatch):
    locked = small / "locked.md"
    locked.write_text("# Locked\n\nnobody reads this\n")
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the read fail as it would for a user
        real_open = Path.open

        def refusing_open(self, *args, **kwargs):
            if self.name == "locked.md":
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", refusing_open)
        monkeypatch.setattr(Path, "read_bytes", lambda self: refusing_open(self, "rb").read())
    try:
        index, report = build(small, tmp_path / "index")
    finally:
        locked.chmod(0o644)
    assert report.skipped == [("locked.md", "cannot be read (Permission denied)")]
    assert Answerer(index).ask("when does the rotation change?").answered


def test_a_file_deleted_between_the_scan_and_the_hash_is_skipped(tmp_path, small, monkeypatch):
    (small / "gone.md").write_text("# Gone\n\nsoon deleted\n")
    real_scan = bot.store.scan

    def deleting_scan(corpus):
        files = real_scan(corpus)
        (small / "gone.md").unlink()
        return files

    monkeypatch.setattr(bot.store, "scan", deleting_scan)
    index, report = build(small, tmp_path / "index")
    assert report.skipped == [("gone.md", "deleted while indexing")]
    assert Answerer(index).ask("when does the rotation change?").answered
