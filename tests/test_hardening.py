"""Issue 11: files outside the corpus, killed builds, pathological files, damaged indexes,
hostile input. Each test names the defect it guards against."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

import bot.index.parse
import bot.index.pipeline
from bot.answer import Answerer
from bot.index import build


def cli(*args, stdin=None, cwd=None, env_extra=None, timeout=120):
    env = {k: v for k, v in os.environ.items() if k not in ("CORPUS_DIR", "INDEX_DIR")}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd or ROOT,
        env=env,
        timeout=timeout,
    )


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
    real_scan = bot.index.pipeline.scan

    def swapping_scan(corpus):
        files = real_scan(corpus)
        (small / "b.md").unlink()
        (small / "b.md").symlink_to(tmp_path / "secret.txt")
        return files

    monkeypatch.setattr(bot.index.pipeline, "scan", swapping_scan)
    index, report = build(small, tmp_path / "index")
    assert [s for s, _ in report.skipped] == ["b.md"]
    assert not Answerer(index).ask("hunter2 password").answered


def test_a_folder_swapped_for_a_link_after_the_scan_is_not_read(tmp_path, small, monkeypatch):
    """The check is made on the file opened, whatever part of its path was swapped."""
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "b.md").write_text("# Secret\n\nhunter2 password\n")
    (small / "team").mkdir()
    (small / "team" / "b.md").write_text("# B\n\nharmless\n")
    real_scan = bot.index.pipeline.scan

    def swapping_scan(corpus):
        files = real_scan(corpus)
        (small / "team" / "b.md").unlink()
        (small / "team").rmdir()
        (small / "team").symlink_to(tmp_path / "outside")
        return files

    monkeypatch.setattr(bot.index.pipeline, "scan", swapping_scan)
    index, report = build(small, tmp_path / "index")
    assert report.skipped == [("team/b.md", "a link to outside the corpus folder (not read)")]
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
    assert (
        "skipped loop-a.md: a symlink loop" in summary
        and "skipped self.md: a symlink loop" in summary
    )
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
    real_scan = bot.index.pipeline.scan

    def deleting_scan(corpus):
        files = real_scan(corpus)
        (small / "gone.md").unlink()
        return files

    monkeypatch.setattr(bot.index.pipeline, "scan", deleting_scan)
    index, report = build(small, tmp_path / "index")
    assert report.skipped == [("gone.md", "deleted while indexing")]
    assert Answerer(index).ask("when does the rotation change?").answered


# ---------------------------------------------------------------- 2. killed builds, stale locks

SLOW_BUILD = """
import sys, time
from pathlib import Path
import bot.index
import bot.index.parse
real = bot.index.parse.parse_markdown
def slow(text, source):
    time.sleep(0.05)
    return real(text, source)
bot.index.parse.parse_markdown = slow
bot.index.parse.PARALLEL_MIN_FILES = 2
print("ready", flush=True)
bot.index.build(Path(sys.argv[1]), Path(sys.argv[2]))
print("done", flush=True)
"""


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def _parse_workers(pid: int) -> list[int]:
    """The children of ``pid`` forked from it (same command line): its parse workers, not
    a short-lived ``git`` the build runs to learn about the corpus."""

    def cmdline(p: int) -> bytes | None:
        try:
            return Path(f"/proc/{p}/cmdline").read_bytes()
        except OSError:
            return None

    own = cmdline(pid)
    return [c for c in _children(pid) if own is not None and cmdline(c) == own]


def _gone(pid: int) -> bool:
    try:
        return (Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]) == "Z"
    except OSError:
        return True


def _many_files(corpus: Path, n: int = 60) -> None:
    for i in range(n):
        (corpus / f"f{i:03}.md").write_text(f"# File {i}\n\nword{i} shared text about pagers\n")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("sig", ["SIGKILL", "SIGTERM"])
def test_a_killed_build_takes_its_workers_with_it_and_the_next_build_runs(tmp_path, small, sig):
    import signal
    import time

    _many_files(small)
    index_dir = tmp_path / "index"
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_BUILD, str(small), str(index_dir)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert proc.stdout.readline().strip() == "ready"
    deadline = time.monotonic() + 30
    workers = _parse_workers(proc.pid)
    while not workers and time.monotonic() < deadline:
        time.sleep(0.05)
        workers = _parse_workers(proc.pid)
    assert workers, "the build started no parse workers"
    proc.send_signal(getattr(signal, sig))
    proc.wait(timeout=30)
    try:
        deadline = time.monotonic() + 20
        while not all(map(_gone, workers)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert all(map(_gone, workers)), "parse workers outlived their build"
        out = cli("index", "--corpus", str(small), "--index", str(index_dir), timeout=60)
        assert out.returncode == 0, out.stderr
    finally:
        for pid in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


ORPHANED_LOCK = """
import fcntl, json, os, sys, time
fh = open(sys.argv[1], "a+")
fcntl.flock(fh, fcntl.LOCK_EX)
fh.seek(0); fh.truncate(); fh.write(json.dumps({"pid": os.getpid(), "started": "then"})); fh.flush()
if os.fork() == 0:  # the child keeps the flock, as a parse worker of a killed build did
    print(os.getpid(), flush=True)
    os.close(1), os.close(2)  # let the caller read to the end
    time.sleep(120)
    os._exit(0)
os._exit(0)
"""


def test_a_lock_left_by_a_dead_process_is_taken_over_with_a_log_line(tmp_path, small):
    import signal

    index_dir = tmp_path / "index"
    index_dir.mkdir()
    holder = subprocess.run(
        [sys.executable, "-c", ORPHANED_LOCK, str(index_dir / ".lock")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    orphan = int(holder.stdout.split()[0])
    try:
        out = cli(
            "ask",
            "--json",
            "when does the rotation change?",
            "--corpus",
            str(small),
            "--index",
            str(index_dir),
            timeout=60,
        )
        assert out.returncode == 0, out.stderr
        assert json.loads(out.stdout)["answered"]
        assert "took over the index lock" in out.stderr.decode()
    finally:
        os.kill(orphan, signal.SIGKILL)


HOLDER = """
import fcntl, json, os, sys
fh = open(sys.argv[1], "a+")
fcntl.flock(fh, fcntl.LOCK_EX)
fh.seek(0); fh.truncate(); fh.write(json.dumps({"pid": os.getpid(), "started": "now"})); fh.flush()
print("locked", flush=True)
sys.stdin.readline()
"""


def test_a_process_waiting_for_a_live_build_says_what_it_waits_for(tmp_path, small):
    import time

    index_dir = tmp_path / "index"
    index_dir.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(index_dir / ".lock")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "locked"
    env = {k: v for k, v in os.environ.items() if k not in ("CORPUS_DIR", "INDEX_DIR")}
    waiter = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bot",
            "ask",
            "--json",
            "rotation Monday",
            "--corpus",
            str(small),
            "--index",
            str(index_dir),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    import queue
    import threading

    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in waiter.stderr], daemon=True).start()
    try:
        seen = []
        deadline = time.monotonic() + 30
        while not any("waiting for" in x for x in seen) and time.monotonic() < deadline:
            with contextlib.suppress(queue.Empty):
                seen.append(lines.get(timeout=0.5))
        assert any(
            f"waiting for process {holder.pid} to finish building the index" in x for x in seen
        ), seen
        holder.stdin.write("go\n")
        holder.stdin.flush()
        assert waiter.wait(timeout=60) == 0
        assert json.loads(waiter.stdout.read())["answered"]
    finally:
        holder.kill()
        waiter.kill()
        holder.wait()
        waiter.wait()


def test_an_ask_that_waited_for_a_build_uses_it_instead_of_parsing_again(tmp_path, small):
    import time

    _many_files(small)
    index_dir = tmp_path / "index"
    builder = subprocess.Popen(
        [sys.executable, "-c", SLOW_BUILD, str(small), str(index_dir)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert builder.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (
            (index_dir / ".lock").exists() and (index_dir / ".lock").read_text()
        ):
            time.sleep(0.02)
        out = cli(
            "ask",
            "--json",
            "word7 pagers",
            "--corpus",
            str(small),
            "--index",
            str(index_dir),
            timeout=120,
        )
        assert builder.stdout.readline().strip() == "done"
    finally:
        builder.kill()
        builder.wait()
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["results"][0]["source"] == "f007.md"
    err = out.stderr.decode()
    assert "waiting for process" in err and "using the index another process has just built" in err
    gens = [p.name for p in index_dir.iterdir() if p.name.startswith("gen-")]
    assert len(gens) == 1  # the ask built nothing of its own


# ---------------------------------------------------------------- 3. pathological files


def _index_bytes(index_dir: Path) -> int:
    return sum(f.stat().st_size for f in index_dir.rglob("*") if f.is_file())


def _linear_index_then_ask(index_dir, corpus, text_chars: int, question: str) -> dict:
    """Index ``corpus`` from the command line, check the index grew at most linearly with the
    pathological file's ``text_chars``, and answer ``question`` as JSON."""
    out = cli("index", "--corpus", str(corpus), "--index", str(index_dir), timeout=120)
    assert out.returncode == 0, out.stderr
    assert _index_bytes(index_dir) < 8 * text_chars + 200_000
    return json.loads(
        cli("ask", "--json", question, "--corpus", str(corpus), "--index", str(index_dir)).stdout
    )


def test_a_huge_heading_is_cut_and_the_index_stays_linear(tmp_path, small):
    """A 200 KB heading over 700 paragraphs made a 231 MB index (scaled down here)."""
    para = "Rollbacks of deployment pipelines and on-call rotations cost money. " * 6
    text = "# " + "word " * 4000 + "\n\n" + "\n\n".join(f"{para} n{i}" for i in range(100))
    (small / "big.md").write_text(text)
    answer = _linear_index_then_ask(tmp_path / "index", small, len(text), "rollbacks n7")
    heading = answer["results"][0]["heading_path"][-1]
    assert heading.startswith("word word") and heading.endswith("…") and len(heading) <= 200


def test_an_emphasis_heading_is_cut(tmp_path, small):
    """A 120 KB single-line heading of "*a " took 50 s (its emphasis pattern backtracked)."""
    (small / "stars.md").write_text("# " + "*a " * 4000 + "\n\nbody of the starry section\n")
    index, _ = build(small, tmp_path / "index")
    hit = Answerer(index).ask("body of the starry section").results[0]
    assert len(hit.passage.heading_path[-1]) <= 200


def test_a_very_wide_table_keeps_a_bounded_header_and_a_linear_index(tmp_path, small):
    """A table of 32,000 columns took 11.5 s and 633 MB (scaled down here)."""
    cols = 3000
    text = (
        "# Wide\n\n|"
        + "|".join(f" c{i} " for i in range(cols))
        + "|\n|"
        + "|".join("---" for _ in range(cols))
        + "|\n"
        + "".join("|" + "|".join(f" r{r}x " for _ in range(cols)) + "|\n" for r in range(3))
    )
    (small / "wide.md").write_text(text)
    narrow = "| role | pay |\n|---|---|\n| pager duty | yes |\n"
    (small / "narrow.md").write_text("# Narrow\n\n" + narrow)
    answer = _linear_index_then_ask(tmp_path / "index", small, len(text), "pager duty role")
    assert answer["answered"] and answer["results"][0]["source"] == "narrow.md"


def test_a_file_over_the_records_budget_is_skipped_and_named(tmp_path, small, monkeypatch):
    """Sections repeat their heading path: tiny sections under long headings multiply."""
    monkeypatch.setattr(bot.index.parse, "RECORDS_BUDGET", 5)
    monkeypatch.setattr(bot.index.parse, "RECORDS_FLOOR", 0)
    (small / "a.md").write_text("# Doc\n\n" + "The rotation changes every Monday. " * 25)
    (small / "b.md").write_text(
        "# A long heading of several words\n"
        + "".join(f"## Another long heading {i}\nx\n" for i in range(50))
    )
    index, report = build(small, tmp_path / "index")
    assert [s for s, _ in report.skipped] == ["b.md"]
    assert "would make" in report.skipped[0][1]
    assert Answerer(index).ask("when does the rotation change?").answered


# ---------------------------------------------------------------- 6. damage never detected


def _damage_zero_npy(gen: Path) -> None:
    (gen / "impacts.npy").write_bytes(b"")


def _damage_swapped_offsets(gen: Path) -> None:
    import numpy as np

    offsets = np.load(gen / "passages.offsets.npy")
    offsets[[1, 2]] = offsets[[2, 1]]
    np.save(gen / "passages.offsets.npy", offsets, allow_pickle=False)


def _damage_salaries(gen: Path) -> None:
    data = (gen / "salaries.json").read_bytes()
    broken = b'[{"role": 1}]'
    (gen / "salaries.json").write_bytes(broken + b" " * (len(data) - len(broken)))  # same size


def _damage_sections(gen: Path) -> None:
    data = (gen / "sections.jsonl").read_bytes()
    (gen / "sections.jsonl").write_bytes(b"x" * len(data))  # same size, no records


@pytest.mark.parametrize(
    "damage",
    [_damage_zero_npy, _damage_swapped_offsets, _damage_salaries, _damage_sections],
    ids=lambda f: f.__name__.removeprefix("_damage_"),
)
def test_a_damaged_index_is_rebuilt_on_load(corpus_copy, tmp_path, damage):
    from bot.index import IndexFolder

    paths = ["--corpus", str(corpus_copy), "--index", str(tmp_path / "index")]
    assert cli("index", *paths).returncode == 0
    damage(IndexFolder(tmp_path / "index").current())
    for n, args in enumerate(
        (
            ("ask", "--json", "How much does a senior MLOps engineer make?"),
            ("salary", "--json", "senior mlops"),
        )
    ):
        out = cli(*args, *paths)
        assert out.returncode == 0, out.stderr
        assert "Traceback" not in out.stderr.decode()
        assert json.loads(out.stdout)["answered"]
        if n == 0:
            assert "the index could not be loaded" in out.stderr.decode()


def test_every_file_of_a_generation_is_synced_before_current_names_it(small, tmp_path, monkeypatch):
    """A power cut after the swap must not leave CURRENT naming files still in the page cache."""
    synced: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    order: list[tuple[str, str]] = []

    def fsync(fd):
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        return real_fsync(fd)

    def replace(src, dst):
        order.append((str(dst), ",".join(synced)))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    index, _ = build(small, tmp_path / "index")
    gen = tmp_path / "index" / index.generation
    names = {p.name for p in gen.iterdir()}
    done_before_current = next(s for dst, s in order if dst.endswith("CURRENT")).split(",")
    assert names and all(
        f"/.tmp-{gen.name}/{n}" in " ".join(done_before_current) + " " for n in names
    )


# ---------------------------------------------------------------- 5. fallback to a good index


def test_a_failed_rebuild_answers_from_the_last_good_index_with_a_warning(tmp_path, small):
    paths = ["--corpus", str(small), "--index", str(tmp_path / "index")]
    assert cli("index", *paths).returncode == 0
    (small / "a.md").write_bytes(b"\x00 now binary: the rebuild finds no readable text")
    out = cli("ask", "--json", "when does the rotation change?", *paths)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["answered"]
    err = out.stderr.decode()
    assert "could not rebuild the index" in err and "answering from the last good one" in err
    assert "Traceback" not in err


def test_a_stale_index_in_a_read_only_folder_is_served_with_a_warning(
    tmp_path, small, monkeypatch, caplog
):
    from bot.index import IndexFolder, open_index

    index_dir = tmp_path / "index"
    build(small, index_dir)
    with (small / "a.md").open("a") as fh:
        fh.write("\n## Later\nA later section.\n")

    def read_only(self):
        raise PermissionError(13, "Permission denied", str(self.folder / ".lock"))

    if os.geteuid() == 0:  # root writes anywhere: make the folder refuse as it would a user
        monkeypatch.setattr(IndexFolder, "lock", read_only)
    index_dir.chmod(0o555)
    try:
        caplog.set_level("INFO")
        index = open_index(small, index_dir)
    finally:
        index_dir.chmod(0o755)
    assert Answerer(index).ask("when does the rotation change?").answered
    assert "could not rebuild the index (Permission denied" in caplog.text


# ---------------------------------------------------------------- 7. folders the bot does not own


def test_the_index_is_never_written_into_a_folder_the_bot_did_not_make(tmp_path, small):
    mine = tmp_path / "project"
    mine.mkdir()
    (mine / "CURRENT").write_text("my own notes")
    (mine / "gen-photos").mkdir()
    (mine / "gen-photos" / "cat.jpg").write_bytes(b"meow")
    (mine / "README.txt").write_text("mine")
    for args in (("index",), ("ask", "rotation Monday")):
        out = cli(*args, "--corpus", str(small), "--index", str(mine))
        assert out.returncode == 2
        assert "refusing to write an index into" in one_error_line(out)
    assert (mine / "gen-photos" / "cat.jpg").read_bytes() == b"meow"
    assert (mine / "CURRENT").read_text() == "my own notes"
    assert sorted(p.name for p in mine.iterdir()) == ["CURRENT", "README.txt", "gen-photos"]
    (mine / "README.txt").unlink()  # only names an index might use: still not one
    out = cli("index", "--corpus", str(small), "--index", str(mine))
    assert out.returncode == 2 and (mine / "gen-photos" / "cat.jpg").exists()


def test_new_empty_and_older_index_folders_are_marked_and_used(tmp_path, small):
    from bot.index import MARKER

    build(small, tmp_path / "new" / "index")
    assert (tmp_path / "new" / "index" / MARKER).is_file()
    (tmp_path / "empty").mkdir()
    build(small, tmp_path / "empty")
    assert (tmp_path / "empty" / MARKER).is_file()
    (tmp_path / "empty" / MARKER).unlink()  # as an index built before markers looks
    index, _ = build(small, tmp_path / "empty")
    assert (tmp_path / "empty" / MARKER).is_file() and index.n_passages


# ---------------------------------------------------------------- 8. low


@pytest.mark.parametrize("env", [{"PYTHONIOENCODING": "utf-8"}, {}], ids=["utf8-io", "default-io"])
def test_bytes_that_are_not_utf8_in_argv_and_stdin(tmp_path, small, env):
    paths = ["--corpus", str(small), "--index", str(tmp_path / "index")]
    out = cli("ask", b"rotation caf\xff Monday", *paths, env_extra=env)
    assert out.returncode == 0 and "Traceback" not in out.stderr.decode("utf-8", "replace")
    assert "Monday" in out.stdout.decode("utf-8")  # strict: valid UTF-8
    out = cli("ask", "-", *paths, stdin=b"rotation caf\xff Monday\n\xfe\xfe\n", env_extra=env)
    assert out.returncode in (0, 1) and "Traceback" not in out.stderr.decode("utf-8", "replace")
    answers = [json.loads(line) for line in out.stdout.decode("utf-8").splitlines()]
    assert (
        answers[0]["query"] == "rotation caf\ufffd Monday" and answers[1]["query"] == "\ufffd\ufffd"
    )


def test_a_bad_log_level_or_a_dotenv_that_is_not_utf8_is_one_line(tmp_path, small):
    paths = ["--corpus", str(small), "--index", str(tmp_path / "index")]
    out = cli("ask", "rotation", *paths, env_extra={"LOG_LEVEL": "garbage"})
    assert out.returncode == 2 and "LOG_LEVEL" in one_error_line(out)
    (tmp_path / ".env").write_bytes(b"LOG_LEVEL=INFO\nADMIN_ROLE=caf\xe9\n")
    out = cli("ask", "rotation", *paths, cwd=tmp_path)
    assert out.returncode == 2 and ".env" in one_error_line(out)


@pytest.mark.parametrize(
    "args, stdin",
    [(("salary", "--list"), None), (("ask", "-"), b"GitOps\n" * 50)],
    ids=["salary", "ask"],
)
def test_a_reader_that_stops_early_is_not_an_error(corpus_copy, tmp_path, args, stdin):
    """`salary --list | head -1` printed "error: Broken pipe" and exited 2."""
    paths = ["--corpus", str(corpus_copy), "--index", str(tmp_path / "index")]
    assert cli("index", *paths).returncode == 0
    env = {k: v for k, v in os.environ.items() if k not in ("CORPUS_DIR", "INDEX_DIR")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", *args, *paths],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.close()  # as `head` does once it has its line: before the command writes
    _, err = proc.communicate(stdin, timeout=120)
    assert proc.returncode == 0, err
    assert b"Broken pipe" not in err and b"Traceback" not in err


def test_an_unknown_salary_level_names_the_levels(corpus_copy, tmp_path):
    out = cli(
        "salary",
        "--level",
        "garbage",
        "mlops",
        "--corpus",
        str(corpus_copy),
        "--index",
        str(tmp_path / "index"),
    )
    assert out.returncode == 2
    line = one_error_line(out)
    assert "garbage" in line and "junior, mid, senior, lead, architect" in line
    out = cli(
        "salary",
        "--json",
        "--level",
        "Senior",
        "mlops",
        "--corpus",
        str(corpus_copy),
        "--index",
        str(tmp_path / "index"),
    )
    assert {m["level"] for m in json.loads(out.stdout)["matches"]} == {"senior"}
    out = cli(
        "salary",
        "senior mlops berlin",
        "--corpus",
        str(corpus_copy),
        "--index",
        str(tmp_path / "index"),
    )
    text = out.stdout.decode()
    assert out.returncode == 0 and text.startswith("(no salary fact is for: berlin)\n")
    assert "160,000 USD – 240,000 USD" in text


def test_run_reports_a_missing_corpus_before_going_online(tmp_path):
    out = cli(
        "run",
        env_extra={
            "DISCORD_TOKEN": "MTA.fake.token",
            "CORPUS_DIR": str(tmp_path / "nope"),
            "INDEX_DIR": str(tmp_path / "index"),
        },
        cwd=tmp_path,
        timeout=60,
    )
    assert out.returncode == 2
    assert "corpus folder not found" in one_error_line(out)


def test_questions_and_file_names_are_printed_without_escape_sequences(tmp_path, small):
    (small / "\x1b[2Jevil.md").write_text(
        "# Evil \x1b[31mred\n\nThe pager rings \x1b]0;title\x07 loud.\n"
    )
    paths = ["--corpus", str(small), "--index", str(tmp_path / "index")]
    for args in (("index",), ("ask", "\x1b[31mpager rings loud"), ("ask", "\x1b[31mzebra")):
        out = cli(*args, *paths)
        assert out.returncode == 0, out.stderr
        assert b"\x1b" not in out.stdout and b"\x1b" not in out.stderr and b"\x07" not in out.stdout
        assert b"\\x1b" in out.stdout
    (small / "two\nlines.md").write_bytes(b"\xff")  # skipped, named on one line
    out = cli("index", *paths)
    assert b"skipped two\\x0alines.md: not valid UTF-8" in out.stdout
    out = cli("ask", "q", "--corpus", str(small / "no\nsuch"), "--index", str(tmp_path / "i2"))
    assert out.returncode == 2 and len(out.stderr.splitlines()) == 1


def test_a_quote_of_an_unclosed_fence_is_the_file_text(tmp_path, small):
    text = "# Setup\n\nRun this:\n\n```bash\nrun the pager script\n"
    (small / "code.md").write_text(text)
    out = cli(
        "ask",
        "--json",
        "run the pager script",
        "--corpus",
        str(small),
        "--index",
        str(tmp_path / "index"),
    )
    hit = json.loads(out.stdout)["results"][0]
    lines = text.split("\n")[hit["line_start"] - 1 : hit["line_end"]]
    assert hit["source"] == "code.md" and hit["text"] == "\n".join(lines)


def test_a_file_over_the_time_budget_is_skipped_and_named(tmp_path, small, monkeypatch):
    """The backstop: whatever a file does to the parser, the others are indexed."""
    monkeypatch.setattr(bot.index.parse, "PARSE_SECONDS", 0.3)
    real = bot.index.parse.parse_markdown

    def stuck(text, source):
        if source == "stuck.md":
            while True:  # CPU-bound, as a pathological pattern is
                sum(range(1000))
        return real(text, source)

    monkeypatch.setattr(bot.index.parse, "parse_markdown", stuck)
    (small / "stuck.md").write_text("# Stuck\n\nforever\n")
    index, report = build(small, tmp_path / "index")
    assert report.skipped == [("stuck.md", "took more than 0.3 s to parse")]
    assert Answerer(index).ask("when does the rotation change?").answered


def test_the_bot_starts_on_the_last_good_index_when_the_rebuild_fails(tmp_path, small, caplog):
    from bot.live import LiveIndex

    build(small, tmp_path / "index")
    (small / "a.md").write_bytes(b"\x00 binary now")
    caplog.set_level("INFO")
    snapshot = LiveIndex(small, tmp_path / "index").load()
    assert snapshot.answerer.ask("when does the rotation change?").answered
    assert "answering from the last good one" in caplog.text
