"""The command line, invoked the way a person or a script would."""

import codecs
import json
import os
import subprocess
import sys

import pytest
from conftest import EVAL, ROOT


def run(*args, stdin=None, cwd=None, env_extra=None):
    env = {k: v for k, v in os.environ.items() if k not in ("CORPUS_DIR", "INDEX_DIR")}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=env,
        timeout=120,
    )


@pytest.fixture
def paths(corpus_copy, tmp_path):
    return ["--corpus", str(corpus_copy), "--index", str(tmp_path / "index")]


def test_ask_json(paths):
    out = run("ask", "--json", "What is GitOps?", *paths)
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert answer["answered"] and answer["query"] == "What is GitOps?"
    assert "Git as Single Source of Truth" in answer["results"][0]["text"]
    assert answer["results"][0]["source"] == "linux_python.md"


def test_salary_of_documents_without_salaries_says_no_role_is_known(tmp_path):
    """A handbook without a single pay range: the lookup says so, not "Known roles: "."""
    corpus = tmp_path / "docs"
    corpus.mkdir()
    (corpus / "time-off.md").write_text("# Time off\n\nTake at least 25 days a year.\n")
    out = run("salary", "engineer", "--corpus", str(corpus), "--index", str(tmp_path / "i"))
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["No salary found for: engineer", "Known roles: none"]


def test_first_ask_builds_the_index_with_one_log_line(paths):
    out = run("ask", "What is GitOps?", *paths)
    assert out.returncode == 0
    assert out.stderr.count("building the index") == 1
    assert "linux_python.md:" in out.stdout and "Git as Single Source of Truth" in out.stdout
    again = run("ask", "What is GitOps?", *paths)
    assert "rebuilding" not in again.stderr


def test_ask_reads_json_lines_from_stdin(paths):
    out = run("ask", "-", *paths, stdin="What is GitOps?\nWhat is the capital of France?\n")
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [a["answered"] for a in lines] == [True, False]
    assert lines[1]["suggestions"]


def test_json_lines_stay_one_line_whatever_separators_a_file_name_holds(tmp_path):
    """JSON leaves U+0085, U+2028 and U+2029 unescaped, yet Python's splitlines (and older
    JavaScript) end a line at each: a file named with one would cut an answer in two."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    name = "back\x85ups\u2028and\u2029restores.md"
    (corpus / name).write_text("# Restores\n\nRestore a database with `dbctl restore`.\n")
    paths = ["--corpus", str(corpus), "--index", str(tmp_path / "index")]
    out = run("ask", "-", *paths, stdin="how do I restore a database?\nwhat is kotlin?\n")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert len(lines) == 2
    first = json.loads(lines[0])
    assert first["answered"] and first["results"][0]["source"] == name
    assert not json.loads(lines[1])["answered"]


def test_ask_shows_html_in_the_markdown_as_a_reader_sees_it(tmp_path):
    """A command page generated as HTML inside the Markdown prints as its words, not as
    tags no reader of the page sees; ``--json`` keeps the file's text as written."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "build.md").write_text(
        "# build\n\n## Options\n\n<dl>\n"
        '<dt class="option-term" id="option-build---keep-going"><a class="option-anchor" '
        'href="#option-build---keep-going"><code>--keep-going</code></a></dt>\n'
        '<dd class="option-desc"><p>Build as many crates as possible, rather than aborting '
        "the build on the first one that fails.</p>\n</dd>\n</dl>\n"
    )
    paths = ["--corpus", str(corpus), "--index", str(tmp_path / "index")]
    out = run("ask", "keep building after one crate fails", *paths)
    assert out.returncode == 0, out.stderr
    assert "| `--keep-going`" in out.stdout
    assert "| Build as many crates as possible, rather than aborting" in out.stdout
    assert "<dt" not in out.stdout and "class=" not in out.stdout
    raw = json.loads(run("ask", "--json", "keep building after one crate fails", *paths).stdout)
    assert '<dt class="option-term"' in raw["results"][0]["text"]


def test_ask_shows_a_padded_table_without_its_padding(tmp_path):
    """A generated options table pads each cell to its column's widest: the terminal shows
    one space either side of each cell, as Discord does; ``--json`` keeps the file's text."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    pad = " " * 200
    (corpus / "restart.md").write_text(
        "# restart\n\n## Options\n\n"
        f"| Name              | Type     | Description{pad} |\n"
        f"|:------------------|:---------|:-----------{'-' * 200}|\n"
        f"| `-t`, `--timeout` | `int`    | Seconds to wait before killing the container{pad} |\n"
    )
    paths = ["--corpus", str(corpus), "--index", str(tmp_path / "index")]
    out = run("ask", "seconds to wait before killing the container", *paths)
    assert out.returncode == 0, out.stderr
    assert "| `-t`, `--timeout` | `int` | Seconds to wait before killing the container |" in (
        out.stdout
    )
    quote = [line[6:] for line in out.stdout.splitlines() if line.startswith("    | ")]
    assert "|:---|:---|:---|" in quote and not any("  " in line for line in quote)
    raw = json.loads(run("ask", "--json", "seconds to wait before killing", *paths).stdout)
    assert pad in raw["results"][0]["text"]


def test_index_summary(paths):
    out = run("index", *paths)
    assert out.returncode == 0, out.stderr
    assert "Indexed 1 files" in out.stdout and "passages" in out.stdout


@pytest.mark.parametrize(
    "question, message",
    [
        ("", "empty"),
        ("x" * 10_000, "too long"),
        ("😀" * 50, "no words"),
    ],
)
def test_bad_questions_exit_non_zero_with_one_line(paths, question, message):
    out = run("ask", question, *paths)
    assert out.returncode == 2
    assert message in out.stderr and "Traceback" not in out.stderr


def test_missing_and_empty_corpus(tmp_path):
    out = run("ask", "q", "--corpus", str(tmp_path / "nope"), "--index", str(tmp_path / "i"))
    assert out.returncode == 2 and "corpus folder not found" in out.stderr
    (tmp_path / "empty").mkdir()
    out = run("index", "--corpus", str(tmp_path / "empty"), "--index", str(tmp_path / "i"))
    assert out.returncode == 2 and "empty" in out.stderr and "Traceback" not in out.stderr


def test_binary_markdown_is_reported_and_skipped(paths, corpus_copy):
    (corpus_copy / "junk.md").write_bytes(b"\x89PNG\x00\x00\xff\xfe" * 100)
    (corpus_copy / "latin1.md").write_bytes("caf\xe9 cr\xe8me".encode("latin-1"))
    out = run("index", *paths)
    assert out.returncode == 0
    assert "skipped junk.md: binary" in out.stdout
    assert "skipped latin1.md: not valid UTF-8" in out.stdout
    assert json.loads(run("ask", "--json", "What is GitOps?", *paths).stdout)["answered"]


def test_utf16_markdown_with_a_byte_order_mark_is_read(paths, corpus_copy):
    # Windows PowerShell 5 writes UTF-16 with a byte order mark for ">" and Out-File
    text = "# On-call\r\n\r\nThe escalation pager is carried by the duty officer.\r\n"
    (corpus_copy / "oncall.md").write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    (corpus_copy / "bigend.md").write_bytes(
        codecs.BOM_UTF16_BE
        + "# Backups\n\nSnapshots are kept for ninety days.\n".encode("utf-16-be")
    )
    (corpus_copy / "odd.md").write_bytes(codecs.BOM_UTF16_LE + b"#\x00 ")  # an odd byte left over
    out = run("index", *paths)
    assert out.returncode == 0, out.stderr
    assert "skipped odd.md: not valid UTF-16" in out.stdout
    assert "skipped oncall.md" not in out.stdout and "skipped bigend.md" not in out.stdout
    hit = json.loads(run("ask", "--json", "who carries the escalation pager?", *paths).stdout)
    assert hit["answered"] and hit["results"][0]["source"] == "oncall.md"
    # the page's one section, quoted from its heading line: no carriage return left in it
    assert hit["results"][0]["line_start"] == 1
    assert (
        hit["results"][0]["text"]
        == "# On-call\n\nThe escalation pager is carried by the duty officer."
    )
    hit = json.loads(run("ask", "--json", "how long are snapshots kept?", *paths).stdout)
    assert hit["results"][0]["source"] == "bigend.md"
    assert "ninety days" in hit["results"][0]["text"]


def test_eval_command(paths):
    out = run("eval", str(EVAL / "ask_dev.jsonl"), *paths)
    assert out.returncode == 0, out.stderr
    assert "hit@1:" in out.stdout and "MRR:" in out.stdout and "declined:" in out.stdout


def test_eval_scores_a_salary_file_by_its_first_match(paths, tmp_path):
    out = run("eval", str(EVAL / "salary_dev.jsonl"), "--json", *paths)
    assert out.returncode == 0, out.stderr
    figures = json.loads(out.stdout)
    assert (figures["answerable"], figures["first_right"], figures["declined"]) == (5, 1.0, 1)
    wrong = tmp_path / "wrong.jsonl"
    wrong.write_text(
        '{"query": "senior mlops", "expect": {"min": 1, "max": 2, "open_ended": false}}\n'
    )
    out = run("eval", str(wrong), *paths)
    assert out.returncode == 0, out.stderr
    assert "first match right: 0.000  (0/1)" in out.stdout and "MISS: 'senior mlops'" in out.stdout


@pytest.mark.parametrize(
    "line",
    [
        '{"query": "senior mlops", "expect": "160k"}',
        '{"query": "senior mlops", "expect": {"min": "a lot"}}',
        '{"query": "senior mlops", "expect": {"min": 160000}}',
        '{"expect": null}',
        '{"query": "senior mlops"',
    ],
)
def test_a_malformed_salary_file_is_a_one_line_error(paths, tmp_path, line):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"query": "junior devops", "expect": null}\n' + line + "\n")
    out = run("eval", str(bad), *paths)
    assert out.returncode == 2 and "line 2" in out.stderr and "Traceback" not in out.stderr


def test_an_eval_file_with_no_questions_is_an_error_not_a_score_of_zero(paths, tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n")
    out = run("eval", str(empty), *paths)
    assert out.returncode == 2 and "no questions" in out.stderr and not out.stdout


def test_settings_come_from_the_environment(corpus_copy, tmp_path):
    out = run(
        "ask",
        "--json",
        "What is GitOps?",
        env_extra={"CORPUS_DIR": str(corpus_copy), "INDEX_DIR": str(tmp_path / "ix")},
    )
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "ix" / "CURRENT").exists()


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="needs Linux's /proc")
@pytest.mark.parametrize(("given", "kept"), [(None, "1"), ("3", "3")])
def test_the_command_line_starts_no_blas_threads(given, kept):
    # numpy's OpenBLAS would start one per core, polling for work, on import: bot/__init__
    # sets its default to one thread first, and keeps a value the environment gives
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    env.update({"OPENBLAS_NUM_THREADS": given} if given else {})
    code = (
        "import os, bot.cli, numpy\n"
        "print(os.environ['OPENBLAS_NUM_THREADS'], len(os.listdir('/proc/self/task')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert out.returncode == 0, out.stderr
    setting, threads = out.stdout.split()
    assert setting == kept
    if given is None:
        assert threads == "1"


def test_invalid_setting_and_unwritable_index_are_one_line_errors(paths, tmp_path):
    out = run("ask", "What is GitOps?", *paths, env_extra={"TOP_K": "many"})
    assert out.returncode == 2 and "TOP_K" in out.stderr and "Traceback" not in out.stderr
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the index folder should be")
    out = run("index", "--corpus", paths[1], "--index", str(blocker / "index"))
    assert out.returncode == 2 and "error:" in out.stderr and "Traceback" not in out.stderr


def test_a_symlink_loop_in_the_corpus_is_harmless(paths, corpus_copy):
    (corpus_copy / "loop").symlink_to(corpus_copy, target_is_directory=True)
    out = run("index", *paths)
    assert out.returncode == 0, out.stderr
    assert "Indexed 1 files" in out.stdout


# ----------------------------------------------------------------------------- gaps


@pytest.fixture
def feedback_db(tmp_path):
    """A feedback database with a scripted series of questions, votes and notes."""
    from test_feedback import scripted

    from bot.feedback import FeedbackStore, utcnow

    store = FeedbackStore.open(None, tmp_path / "data")
    scripted(store, utcnow())
    store.close()
    return tmp_path / "data"


def test_gaps_text(feedback_db):
    out = run("gaps", "--data-dir", str(feedback_db), env_extra={"DATABASE_URL": ""})
    assert out.returncode == 0, out.stderr
    assert "Questions asked in the last 30 days: 12" in out.stdout
    assert "7 × kotlin salary" in out.stdout and "2 × knit scarf" in out.stdout
    assert "closest headings: Market Analysis > Salary Ranges" in out.stdout
    assert "2 👎 / 1 👍  linux_python.md:51-54" in out.stdout
    assert "note: “I wanted how to set up ArgoCD”" in out.stdout
    assert "ancient kotlin question" not in out.stdout
    wider = run(
        "gaps", "--days", "60", "--data-dir", str(feedback_db), env_extra={"DATABASE_URL": ""}
    )
    assert "in the last 60 days: 13" in wider.stdout  # the 40-day-old question is within 60 days
    assert "ancient kotlin question" in wider.stdout


def test_gaps_json(feedback_db):
    out = run(
        "gaps",
        "--json",
        "--limit",
        "1",
        "--data-dir",
        str(feedback_db),
        env_extra={"DATABASE_URL": ""},
    )
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["asked"] == 12 and report["days"] == 30
    assert [(g["count"], g["label"]) for g in report["declined"]] == [(7, "kotlin salary")]
    [worst] = report["disliked"]
    assert worst["location"] == "linux_python.md:51-54" and worst["down"] == 2
    assert worst["notes"] == ["I wanted how to set up ArgoCD"]


def test_gaps_csv(feedback_db):
    import csv
    import io

    out = run("gaps", "--csv", "--data-dir", str(feedback_db), env_extra={"DATABASE_URL": ""})
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert sum(r["kind"] == "declined" for r in rows) == 9
    assert {r["question"] for r in rows if r["kind"] == "voted"} == {
        "What is GitOps?",
        "Explain GitOps tools",
        "Which tools for MLOps?",
    }


def test_gaps_without_a_database_is_one_line(tmp_path):
    out = run("gaps", "--data-dir", str(tmp_path / "nothing"), env_extra={"DATABASE_URL": ""})
    assert out.returncode == 2 and out.stderr.count("\n") == 1
    assert "no feedback database" in out.stderr
    assert not (tmp_path / "nothing").exists()
    both = run("gaps", "--json", "--csv", "--data-dir", str(tmp_path))
    assert both.returncode == 2 and "not allowed with" in both.stderr


def test_gaps_reads_postgresql_from_database_url(postgres_url, tmp_path):
    from test_feedback import scripted

    from bot.feedback import FeedbackStore, utcnow

    store = FeedbackStore.open(postgres_url, tmp_path / "unused")
    scripted(store, utcnow())
    store.close()
    out = run(
        "gaps",
        "--json",
        env_extra={"DATABASE_URL": postgres_url, "DATA_DIR": str(tmp_path / "unused")},
    )
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["asked"] == 12 and report["declined"][0]["label"] == "kotlin salary"
    assert not (tmp_path / "unused").exists()
