"""A quote that opens its section shows the section's heading over it, as the file writes
it: on a reference page the heading is often the answer (``## `--checkfor [version]` ``
over "Specify the oldest possible version ... returns 0 if it is new enough")."""

from __future__ import annotations

from pathlib import Path

from bot.answer import Answerer
from bot.index import index_documents, open_index
from bot.index.format import passage_from_record, passage_record
from bot.sections import Document, parse_markdown

PAGE = """# lib-config

## `--checkfor [version]`

Specify the oldest possible library version string you want, and this script returns 0
if the current installation is new enough or it returns 1 and says it is not.

## `--version`

Outputs version information about the installed library.
"""
QUESTION = "can a build script check that the installed library is new enough?"


def _filler() -> list[Document]:
    return [
        parse_markdown(f"# Topic {n}\n\nA page about subject number {n}.\n", f"t/t{n}.md")
        for n in range(30)
    ]


def test_a_quote_that_opens_its_section_starts_with_its_heading_as_written():
    docs = [parse_markdown(PAGE, "lib-config.md"), *_filler()]
    answer = Answerer(index_documents(docs)).ask(QUESTION)
    assert answer.answered
    hit = answer.results[0]
    lines = PAGE.split("\n")
    # the heading line with its code span, the blank line, then the section's text
    assert hit.text.startswith("\n".join(lines[2:6]))
    assert hit.passage.line_start == 3
    result = answer.to_dict()["results"][0]
    assert result["text"].startswith("## `--checkfor [version]`\n\nSpecify")
    assert result["line_start"] == 3


def test_the_heading_is_kept_in_the_index_on_disk(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "lib-config.md").write_text(PAGE, encoding="utf-8")
    for n in range(30):
        (corpus / f"t{n}.md").write_text(f"# Topic {n}\n\nA page about subject {n}.\n")
    hit = Answerer(open_index(corpus, tmp_path / "index")).ask(QUESTION).results[0]
    assert hit.text.startswith("## `--checkfor [version]`\n\nSpecify")
    assert hit.passage.line_start == 3


def test_a_quote_that_starts_inside_its_section_has_no_heading():
    """The section's second passage, too far from its first to be quoted with it, is
    quoted from its own first line: the heading is not its line."""
    filler = "Setting up the machine takes a few steps that are not about the question. " * 9
    answer_text = "The library is new enough when the checker script returns 0 for a build. " * 9
    page = f"# Guide\n\n## Setup\n\n{filler.strip()}\n\n{answer_text.strip()}\n"
    docs = [parse_markdown(page, "guide.md"), *_filler()]
    hit = Answerer(index_documents(docs)).ask(QUESTION).results[0]
    assert hit.text.startswith("The library is new enough")
    assert hit.passage.line_start == 7


def test_only_a_sections_first_passage_keeps_the_heading_lines_and_not_over_code():
    code = "\n".join(f"tool --option-{n} value-{n}  # sets option {n}" for n in range(60))
    page = (
        "# Tool\n\nIntro text.\n\nOptions\n-------\n\nThe options of the tool.\n\n"
        "## Example\n\n```sh\ntool --all\n```\n\n## Every option\n\n"
        f"```sh\n{code}\n```\n"
    )
    doc = parse_markdown(page, "tool.md")
    headings = {p.text: p.heading for p in doc.passages}
    assert headings["Intro text."] == "# Tool\n"
    # a setext heading is its two lines
    assert headings["The options of the tool."] == "Options\n-------\n"
    assert headings["```sh\ntool --all\n```"] == "## Example\n"  # a short block as written
    # a long code block is quoted in windows, fenced again: no line over them
    windows = [p for p in doc.passages if p.code_lang is not None]
    assert windows and all(p.heading == "" for p in windows)


def test_the_record_of_a_passage_keeps_its_heading_and_omits_an_empty_one():
    doc = parse_markdown(PAGE, "lib-config.md")
    first, *_ = (p for p in doc.passages if p.heading)
    assert passage_from_record(passage_record(first)) == first
    plain = parse_markdown("# T\n\nA.\n\nB " + "word " * 200 + "\n", "t.md").passages[-1]
    assert plain.heading == ""
    assert "heading" not in passage_record(plain)
    assert passage_from_record(passage_record(plain)) == plain


def test_a_section_a_quote_goes_on_into_shows_its_heading_as_written():
    """A quote that takes in the section under its own shows that section's heading as the
    file writes it (its level and code spans), not one made from the heading path."""
    page = (
        "# lib-config\n\n## `--check`\n\nChecks that the installed library is new enough.\n\n"
        "#### Exit codes: `0` and `1`\n\nThe script says yes with `0` and no with `1`.\n"
    )
    docs = [parse_markdown(page, "lib-config.md"), *_filler()]
    hit = Answerer(index_documents(docs)).ask(QUESTION).results[0]
    assert hit.passage.source == "lib-config.md"
    assert hit.text.endswith(
        "new enough.\n\n#### Exit codes: `0` and `1`\n\nThe script says yes with `0` and no with `1`."
    )
