"""Rebuilding after edits: incremental, atomic, hot-swapped, never serving a broken index."""

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.answer import Answerer
from bot.index import IndexFolder, build
from bot.sections import CorpusError

NEW_SECTION = (
    "\n## Pager etiquette\nAlways acknowledge a page within five minutes, even at night.\n"
)


def ask(index, question):
    return Answerer(index).ask(question)


def texts(answer):
    return " ".join(h.text for h in answer.results)


def test_edit_reindex_finds_the_new_sentence_and_not_the_removed_one(corpus_copy, tmp_path):
    index_dir = tmp_path / "index"
    build(corpus_copy, index_dir)
    doc = corpus_copy / "linux_python.md"
    doc.write_text(doc.read_text().replace("- Tracing: Jaeger\n", "") + NEW_SECTION)
    index, report = build(corpus_copy, index_dir)
    assert report.changed == ["linux_python.md"] and report.reparsed == 1
    assert any(h.endswith("> Pager etiquette") for h in report.sections_added)
    assert report.sections_removed == []
    assert "five minutes" in texts(ask(index, "how fast to acknowledge a page?"))
    assert "Jaeger" not in texts(ask(index, "Which observability tools are used for tracing?"))


@pytest.mark.parametrize("step", [None, 7], ids=["one-chunk", "chunks-of-7"])
def test_incremental_build_equals_a_full_build(corpus_copy, tmp_path, monkeypatch, step):
    """Fresh postings merge with kept ones on either side of them, in chunks of any size."""
    if step:
        monkeypatch.setattr("bot.index.postings.STEP", step)
    (corpus_copy / "team").mkdir()
    (corpus_copy / "a-first.md").write_text("# Linux first\nlinux python kubernetes salary\n")
    (corpus_copy / "team" / "a.md").write_text("# Alpha\nalpha kubernetes notes\n")
    (corpus_copy / "team" / "b.md").write_text("# Beta\nbeta terraform notes\n")
    build(corpus_copy, tmp_path / "inc")
    (corpus_copy / "a-first.md").write_text(
        "# Linux first\nlinux python kubernetes, terraform and pay\n"
    )
    (corpus_copy / "team" / "a.md").write_text(
        "# Alpha\nalpha kubernetes notes, revised with helm\n"
    )
    (corpus_copy / "team" / "c.md").write_text(
        "# Gamma\n| role | pay |\n|---|---|\n| SRE | $100,000 |\n"
    )
    (corpus_copy / "team" / "b.md").unlink()
    incremental, report = build(corpus_copy, tmp_path / "inc")
    full, _ = build(corpus_copy, tmp_path / "full")
    assert report.added == ["team/c.md"] and report.changed == ["a-first.md", "team/a.md"]
    assert report.removed == ["team/b.md"] and report.reparsed == 3
    assert incremental.postings.vocab == full.postings.vocab
    for name in ("df", "ptr", "docs", "tfs", "impacts", "doc_len", "seq", "seq_ptr"):
        assert np.array_equal(getattr(incremental.postings, name), getattr(full.postings, name)), (
            name
        )
    assert [incremental.passage(i) for i in range(incremental.n_passages)] == [
        full.passage(i) for i in range(full.n_passages)
    ]
    assert incremental.salaries == full.salaries


def test_add_and_delete_a_file(corpus_copy, tmp_path):
    index_dir = tmp_path / "index"
    build(corpus_copy, index_dir)
    (corpus_copy / "security").mkdir()
    (corpus_copy / "security" / "pay.md").write_text(
        "# Security pay\nPenetration testers earn a hazard bonus.\n"
    )
    index, report = build(corpus_copy, index_dir)
    assert report.added == ["security/pay.md"]
    assert (
        ask(index, "hazard bonus for penetration testers").results[0].passage.source
        == "security/pay.md"
    )
    (corpus_copy / "security" / "pay.md").unlink()
    index, report = build(corpus_copy, index_dir)
    assert report.removed == ["security/pay.md"]
    assert not ask(index, "hazard bonus for penetration testers").answered


def test_binary_markdown_is_skipped_and_reported(corpus_copy, tmp_path):
    (corpus_copy / "logo.md").write_bytes(bytes(range(256)) * 10)
    index, report = build(corpus_copy, tmp_path / "index")
    assert [s for s, _ in report.skipped] == ["logo.md"]
    assert ask(index, "What is GitOps?").answered


def test_empty_corpus_keeps_the_previous_index(corpus_copy, tmp_path):
    index_dir = tmp_path / "index"
    first, _ = build(corpus_copy, index_dir)
    (corpus_copy / "linux_python.md").unlink()
    with pytest.raises(CorpusError, match="empty"):
        build(corpus_copy, index_dir)
    kept = IndexFolder(index_dir).load()
    assert kept.meta["fingerprint"] == first.meta["fingerprint"]


def test_a_corrupt_index_file_is_rebuilt(corpus_copy, tmp_path):
    from bot.index import open_index

    index_dir = tmp_path / "index"
    build(corpus_copy, index_dir)
    gen = IndexFolder(index_dir).current()
    (gen / "passages.jsonl").write_bytes(b"\x00garbage")
    index = open_index(corpus_copy, index_dir)
    assert ask(index, "What is GitOps?").answered


KILLER = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    import bot.index.writer
    from bot.index import build

    corpus, index_dir, point = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]

    def pause():
        print("paused", flush=True)
        time.sleep(600)  # killed here

    if point == "writing":  # every file of the generation written but meta.json
        bot.index.writer.IndexWriter._write_meta = lambda self, meta: pause()
    real_replace = os.replace

    def replace(src, dst):  # the steps of IndexFolder.commit
        name = Path(dst).name
        if point == "renaming" and name.startswith("gen-"):
            pause()
        if point == "pointing" and name == "CURRENT":
            pause()
        real_replace(src, dst)
        if point == "cleaning" and name == "CURRENT":
            pause()

    os.replace = replace
    build(corpus, index_dir)
    print("done", flush=True)
""")


@pytest.mark.parametrize(
    "point, serves",
    [("writing", "old"), ("renaming", "old"), ("pointing", "old"), ("cleaning", "new")],
    ids=[
        "before-meta-json",
        "before-the-rename",
        "before-CURRENT-is-replaced",
        "before-old-generations-are-removed",
    ],
)
def test_a_build_killed_at_any_step_leaves_a_complete_index(corpus_copy, tmp_path, point, serves):
    """Killed at each step of writing and committing a generation, the folder serves the
    old generation or the new one, whole; the next build removes what the killed one left."""
    index_dir = tmp_path / "index"
    old, _ = build(corpus_copy, index_dir)
    with (corpus_copy / "linux_python.md").open("a") as fh:
        fh.write(NEW_SECTION)
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLER, str(corpus_copy), str(index_dir), point],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert proc.stdout.readline().strip() == "paused"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    index = IndexFolder(index_dir).load()
    assert (index.generation == old.generation) == (serves == "old")
    assert "Git as Single Source of Truth" in ask(index, "What is GitOps?").results[0].text
    assert ("five minutes" in texts(ask(index, "acknowledge a page within minutes"))) == (
        serves == "new"
    )
    left = [p for p in index_dir.iterdir() if p.is_dir() and p.name != index.generation]
    assert len(left) == 1  # the killed build's folder, or (killed after the swap) the old one
    # the kill interrupted the step it names: what it left on disk shows how far it got
    folder = left[0]
    assert folder.name.startswith(".tmp-gen-") == (point in ("writing", "renaming"))
    assert (folder / "passages.jsonl").is_file()
    assert (folder / "meta.json").is_file() == (point != "writing")
    assert (folder.name == old.generation) == (point == "cleaning")
    rebuilt, report = build(corpus_copy, index_dir)
    assert [p.name for p in index_dir.iterdir() if p.is_dir()] == [rebuilt.generation]
    assert report.changed == ([] if serves == "new" else ["linux_python.md"])


def test_a_build_that_fails_while_committing_removes_its_folder(corpus_copy, tmp_path, monkeypatch):
    index_dir = tmp_path / "index"
    old, _ = build(corpus_copy, index_dir)
    with (corpus_copy / "linux_python.md").open("a") as fh:
        fh.write(NEW_SECTION)
    real_replace = os.replace

    def full_disk(src, dst):
        if Path(dst).name == "CURRENT":
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space left"):
        build(corpus_copy, index_dir)
    monkeypatch.undo()
    index = IndexFolder(index_dir).load()
    assert index.generation == old.generation
    assert [p.name for p in index_dir.iterdir() if p.is_dir()] == [old.generation]


def test_an_error_of_an_early_fsync_fails_the_build(corpus_copy, tmp_path, monkeypatch):
    """Files are fsynced in a background thread as they are finished; the kernel may report
    a failed write-back to that fsync only, so its error fails the build, never committed."""
    index_dir = tmp_path / "index"
    old, _ = build(corpus_copy, index_dir)
    with (corpus_copy / "linux_python.md").open("a") as fh:
        fh.write(NEW_SECTION)
    real_fsync = os.fsync

    def failing_in_the_background(fd):
        if threading.current_thread() is not threading.main_thread():
            raise OSError(5, "Input/output error")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", failing_in_the_background)
    with pytest.raises(OSError, match="Input/output error"):
        build(corpus_copy, index_dir)
    monkeypatch.undo()
    _assert_only_the_previous_generation(index_dir, old)


def _assert_only_the_previous_generation(index_dir: Path, old) -> None:
    """After a failed build: the previous generation serves, no other folder is left, and
    no background thread is."""
    assert IndexFolder(index_dir).load().generation == old.generation
    assert [p.name for p in index_dir.iterdir() if p.is_dir()] == [old.generation]
    assert threading.active_count() == 1


def test_a_failed_write_of_the_kept_records_fails_the_build(corpus_copy, tmp_path, monkeypatch):
    """A reindex copies the records of unchanged files in a background thread while it
    merges the postings; a disk that fills up there fails the build, and the previous
    generation goes on serving."""
    index_dir = tmp_path / "index"
    (corpus_copy / "other.md").write_text("# Other\n\nA page that stays unchanged.\n")
    old, _ = build(corpus_copy, index_dir)
    with (corpus_copy / "linux_python.md").open("a") as fh:
        fh.write(NEW_SECTION)
    real_write = os.write

    def full_in_the_background(fd, data):
        if threading.current_thread() is not threading.main_thread():
            raise OSError(28, "No space left on device")
        return real_write(fd, data)

    def no_kernel_copy(*args):
        raise OSError(18, "Invalid cross-device link")  # then the copy goes through os.write

    monkeypatch.setattr(os, "copy_file_range", no_kernel_copy)
    monkeypatch.setattr(os, "write", full_in_the_background)
    with pytest.raises(OSError, match="No space left on device"):
        build(corpus_copy, index_dir)
    monkeypatch.undo()
    _assert_only_the_previous_generation(index_dir, old)
    index = IndexFolder(index_dir).load()
    assert "acknowledge a page" not in texts(ask(index, "pager etiquette acknowledge"))


_WORDS = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "kubernetes",
    "terraform",
    "linux",
    "python",
    "salary",
    "docker",
    "helm",
    "ansible",
]
_file_text = st.lists(
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=12), min_size=1, max_size=4
).map(
    lambda paras: (
        "# " + " ".join(paras[0][:2]) + "\n" + "\n\n".join(" ".join(p) for p in paras) + "\n"
    )
)
_corpus = st.dictionaries(
    st.sampled_from([f"f{i}.md" for i in range(8)]), _file_text, min_size=1, max_size=8
)


@settings(max_examples=25, deadline=None)
@given(before=_corpus, after=_corpus, step=st.sampled_from([3, 7, 1 << 18]))
def test_any_edit_reindexes_to_what_a_full_build_gives(tmp_path_factory, before, after, step):
    """Files changed, added and removed anywhere in the corpus order, vocabulary gained and
    lost, in chunks of any size: the incremental build equals a full build."""
    import bot.index.postings

    saved, bot.index.postings.STEP = bot.index.postings.STEP, step
    try:
        _check_edit(tmp_path_factory.mktemp("edits"), before, after)
    finally:
        bot.index.postings.STEP = saved


def _check_edit(work, before: dict[str, str], after: dict[str, str]) -> None:
    corpus = work / "corpus"
    corpus.mkdir()
    for name, text in before.items():
        (corpus / name).write_text(text)
    build(corpus, work / "inc")
    for name in set(before) - set(after):
        (corpus / name).unlink()
    for name, text in after.items():
        if before.get(name) != text:
            (corpus / name).write_text(text)
    incremental, _ = build(corpus, work / "inc")
    full, _ = build(corpus, work / "full")
    assert incremental.postings.vocab == full.postings.vocab
    for name in ("df", "ptr", "docs", "tfs", "impacts", "doc_len", "seq", "seq_ptr"):
        assert np.array_equal(getattr(incremental.postings, name), getattr(full.postings, name)), (
            name
        )
    assert [incremental.passage(i) for i in range(incremental.n_passages)] == [
        full.passage(i) for i in range(full.n_passages)
    ]


def test_a_second_write_within_the_same_timestamp_tick_is_not_missed(tmp_path):
    """Size and mtime unchanged, content changed: what a second save within one timestamp
    tick looks like. A file modified that close to the last scan is hashed again."""
    from bot.index import staleness

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    doc = corpus / "notes.md"
    doc.write_text("# Rotation\nThe on-call rotation changes every Monday.\n")
    before = doc.stat()
    index, _ = build(corpus, tmp_path / "index")
    doc.write_text("# Rotation\nThe on-call rotation changes every Friday.\n")  # same size
    os.utime(doc, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert doc.stat().st_size == before.st_size
    assert staleness(index, corpus) == "notes.md changed"
    index, report = build(corpus, tmp_path / "index")
    assert report.changed == ["notes.md"]
    assert "Friday" in texts(ask(index, "when does the on-call rotation change?"))


def test_an_old_unchanged_file_is_not_read_again(tmp_path, monkeypatch):
    """Outside that window, size and mtime are trusted: a reindex does not hash the file."""
    import bot.index.corpus

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    doc = corpus / "notes.md"
    doc.write_text("# Rotation\nThe on-call rotation changes every Monday.\n")
    old = time.time_ns() - 3 * bot.index.corpus.RACY_NS
    os.utime(doc, ns=(old, old))
    build(corpus, tmp_path / "index")
    hashed = []
    monkeypatch.setattr(bot.index.corpus, "_sha256", lambda path: hashed.append(path) or "x")
    _, report = build(corpus, tmp_path / "index")
    assert hashed == [] and report.reparsed == 0
