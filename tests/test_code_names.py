"""Stopwords that are names in code: the `which` command, the `this` pointer, `#pragma once`."""

import pytest

from bot.answer import Answerer
from bot.index import build
from bot.query import analyze
from bot.text import content_words, heading_terms, stem, tokenize

PAGES = {
    # command pages in the style of tldr: the title is the command, examples are inline code
    "which.md": "# which\n\n> Locate a program in the user's path.\n\n"
    "- Search the path for an executable:\n\n`which {{executable}}`\n\n"
    "- Show every match:\n\n`which -a {{executable}}`\n",
    "path.md": "# path\n\n> Show or set the search path of a shell command.\n\n"
    "- Show the search path used to find a command:\n\n`path`\n\n"
    "- Add a folder to the search path of every command:\n\n`path {{folder}}`\n",
    "more.md": "# more\n\n> Page through a file, a screen at a time.\n\n"
    "- Open a file:\n\n`more {{path/to/file}}`\n",
    "less.md": "# less\n\n> Open a file to read it a page at a time, forward and back.\n\n"
    "- Open a file:\n\n`less {{path/to/file}}`\n\n- Open a file at its end:\n\n`less +G {{file}}`\n",
    # a language reference, where keywords are written as code in prose
    "this-pointer.md": "# The `this` pointer\n\nThe `this` pointer is available only in "
    "nonstatic member functions. It points to the object for which the function is called.\n",
    "pointers.md": "# Pointers\n\nA pointer holds an address. A pointer to a pointer, a pointer "
    "to a member, and a null pointer are all pointers. Compare pointer types with care.\n",
}


@pytest.fixture(scope="module")
def code_docs(tmp_path_factory) -> Answerer:
    root = tmp_path_factory.mktemp("code-docs")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in PAGES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    index, _ = build(corpus, root / "index")
    return Answerer(index)


def test_stopwords_are_kept_in_inline_code_and_dropped_in_prose():
    assert tokenize("Run the `which` command") == ["run", "which", "command"]
    assert tokenize("which one, ``this`` or that?") == ["one", "this"]
    assert tokenize("`#pragma once`") == ["pragma", stem("once")]
    # a fenced block is not one name: the comments in it are prose
    assert tokenize("```\n// if this is the case\n```") == tokenize("// if this is the case")


def test_a_heading_made_only_of_stopwords_is_a_name():
    assert heading_terms("which") == ("which",)
    assert heading_terms("The which command") == ("command",)  # a heading with other words


def test_a_question_word_between_backticks_is_searched():
    assert [w for w, _ in content_words("how do I use `find` here?", question=True)] == ["find"]
    assert [w for w, _ in content_words("how do I find it?", question=True)] == []


@pytest.mark.parametrize(
    "question, page",
    [
        ("what does the `which` command do?", "which.md"),
        ("which: search path", "which.md"),  # the tool a question is about
        ("how do I use the which command", "which.md"),
        ("the more command: open a file", "more.md"),
        ("what is the this pointer?", "this-pointer.md"),
        ("what does the paging more command do?", "more.md"),  # a word between
        ("what is the member this pointer?", "this-pointer.md"),
    ],
)
def test_a_command_or_keyword_named_by_a_stopword_is_found(code_docs, question, page):
    answer = code_docs.ask(question)
    assert answer.answered, answer.suggestions
    assert answer.results[0].passage.source == page


@pytest.mark.parametrize(
    "question, not_searched",
    [
        ("which command shows the search path?", "which"),  # it asks
        ("this command fails, why?", "this"),  # it points
        ("I ran the same command twice", "same"),  # it describes
        ("I ran a few more commands to open a file", "more"),  # "few" describes too
        ("so: how do I open a file?", "so"),
    ],
)
def test_a_stopword_that_only_shapes_the_question_is_not_searched(
    code_docs, question, not_searched
):
    assert not_searched not in analyze(question, code_docs.vocab).terms


def test_asking_which_command_does_something_is_not_about_the_which_command(code_docs):
    answer = code_docs.ask("which command shows the search path?")
    assert answer.results[0].passage.source == "path.md"
