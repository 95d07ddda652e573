"""Fuzzing the command line (issue 11): hypothesis writes a corpus of hostile Markdown files
with hostile names next to one good file, and asks hostile questions.

Invariants, for every example:

* the exit code is 0, or it is 2 with exactly one line on stderr;
* there is never a traceback (in-process, any exception fails the example);
* the good file stays answerable;
* the time per example stays bounded (a generous deadline, only against stalls).

``main()`` is called in-process, with stdin, stdout and stderr swapped for buffers, so that
an example costs milliseconds, not a Python start-up.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import sys
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.cli import main

GOOD = "# Good\n\nThe zanzibar quokka protocol is documented here.\n"
GOOD_QUESTION = "zanzibar quokka protocol"

# the shapes of issue 11, scaled down, and a few more
SHAPES = [
    "# " + "*a " * 3000 + "\n\nbody\n",  # a long emphasis heading
    "# Wide\n\n|"
    + "|".join(f" c{i} " for i in range(700))
    + "|\n|"
    + "|---" * 700
    + "|\n|"
    + " x |" * 700
    + "\n",  # a wide table (over the pipe limit)
    "# Wide\n\n|"
    + "|".join(f" $1{i} " for i in range(200))
    + "|\n|"
    + "|---" * 200
    + "|\n|"
    + " role | $100 |" * 100
    + "\n",  # a wide table of amounts (under it)
    "# " + "word " * 2000 + "\n\n" + "\n\n".join(f"paragraph {i} " * 20 for i in range(60)),
    "> " * 2000 + "deep quote\n",
    "- " * 1000 + "deep list\n",
    "```python\nnever closed\n" * 3,
    "---\ntitle: " + "t" * 5000 + "\n---\n# H\nbody\n",
    "---\n: [unclosed\n---\nbody\n",
    "\n".join(f"Label {i}:" for i in range(500)) + "\n- item\n",
    "Setext\n======\n" * 300,
    "# \x1b[31mred\x07\n\nescape \x1b]0;title\x07 sequences\n",
    "\r\n".join(["# CRLF", "", "line"] * 100),
    "| a |\n|---|\n" + "| b |\n" * 2000,
    "x" * 20_000,
    "[link](" * 2000,
    "*" * 10_000,
    "<div>" * 3000,
]

markdown = st.one_of(
    st.sampled_from(SHAPES),
    st.text(max_size=400),
    st.lists(
        st.sampled_from(
            [
                "# ",
                "## ",
                "- ",
                "1. ",
                "| ",
                "|---|",
                "```",
                "**",
                "_",
                ":",
                "\n",
                "\n\n",
                "word ",
                "$100,000 ",
                "senior ",
                "\t",
                ">",
            ]
        ),
        max_size=200,
    ).map("".join),
    st.binary(max_size=200),
)

NAMES = [
    b"plain.md",
    b"caf\xe9.md",
    b"\x1b[2J.md",
    b"space name.md",
    b"UPPER.MD",
    b".hidden.md",
    b"x" * 200 + b".md",
    "日本語.md".encode(),
    b"-dash.md",
    b"\xff\xfe.md",
    b"a\nb.md",
]
names = st.one_of(
    st.sampled_from(NAMES),
    st.text(
        st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)),
        min_size=1,
        max_size=40,
    ).map(lambda s: (s + ".md").encode()),
)

questions = st.one_of(
    st.text(max_size=120),
    st.sampled_from(
        [
            "",
            " ",
            "x" * 10_001,
            "😀" * 10,
            "\x1b[31mred",
            "-k",
            "--json",
            "how much does a senior make?",
            GOOD_QUESTION + "\x00",
        ]
    ),
)


def run(argv: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
    finally:
        sys.stdin = saved
    return code, out.getvalue(), err.getvalue()


def check(code: int, err: str) -> None:
    assert "Traceback" not in err
    if code != 0:
        assert code == 2, (code, err)
        assert len(err.splitlines()) == 1 and err.startswith("error: "), err


@settings(
    max_examples=20,
    deadline=timedelta(seconds=30),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    files=st.lists(st.tuples(names, markdown), min_size=1, max_size=3),
    question=questions,
    stdin=st.binary(max_size=200),
)
def test_hostile_files_names_and_questions(tmp_path_factory, files, question, stdin):
    work = tmp_path_factory.mktemp("fuzz")
    corpus = work / "corpus"
    corpus.mkdir()
    (corpus / "good.md").write_text(GOOD)
    for name, text in files:
        if name.lower() == b"good.md":
            continue
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        with open(os.path.join(os.fsencode(corpus), name), "wb") as fh:
            fh.write(data)
    paths = ["--corpus", str(corpus), "--index", str(work / "index")]
    try:
        code, out, err = run(["index", "--json", *paths])
        check(code, err)
        assert code == 0, err
        report = json.loads(out)
        assert all(isinstance(s["source"], str) for s in report["skipped"])

        code, out, err = run(["ask", "--json", *paths, "--", GOOD_QUESTION])
        check(code, err)
        answer = json.loads(out)
        assert answer["answered"] and answer["results"][0]["source"] == "good.md"

        code, out, err = run(["ask", "--json", *paths, "--", question])
        check(code, err)
        if code == 0:
            json.loads(out)
        code, out, err = run(["ask", "-", *paths], stdin=stdin)
        check(code if code != 1 else 0, err)  # 1: a line of stdin was not a question
        for line in out.splitlines():
            json.loads(line)
        code, out, err = run(["salary", "--list", *paths])
        check(code, err)
        code, out, err = run(["ask", *paths, "--", question])  # the text output, escaped
        check(code, err)
        assert "\x1b" not in out
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_the_fuzz_shapes_are_answerable_side_by_side(tmp_path: Path):
    """Every shape at once in one corpus: the good file still answers."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.md").write_text(GOOD)
    for n, text in enumerate(SHAPES):
        (corpus / f"shape{n}.md").write_text(text)
    code, out, err = run(
        [
            "ask",
            "--json",
            "--corpus",
            str(corpus),
            "--index",
            str(tmp_path / "index"),
            "--",
            GOOD_QUESTION,
        ]
    )
    check(code, err)
    assert json.loads(out)["results"][0]["source"] == "good.md"
