"""An acronym the corpus never writes, spelled out as its passages write it: "PR" for "pull
request". Only where a spelling is really there."""

from __future__ import annotations

from bot.acronyms import spelled_out
from bot.answer import Answerer
from bot.index import index_documents
from bot.sections import parse_markdown

CONTRIBUTING = """# Contributing

## Pull requests

Every pull request must come with tests for the change it makes. A pull request without
tests is closed by the maintainers after a week; they review each pull request in turn.

## Reporting bugs

Open an issue with the steps to reproduce the bug and the version you run.

## Code style

Format the code with the project's formatter before you commit.
"""


def test_a_spelling_is_the_words_whose_initials_spell_the_acronym():
    texts = ["Open a pull request.", "Each pull request needs a review.", "One pull request."]
    assert spelled_out("pr", texts) == ["pull", "request"]
    # a stopword inside, not first or last; seen twice
    assert spelled_out("cta", ["Add a call to action.", "One call to action."]) == [
        "call",
        "action",
    ]
    # written once in capitals, as a name is; words apart by a hyphen
    assert spelled_out("spa", ["Build a Single-Page Application."]) == ["singl", "page", "applic"]


def test_no_spelling_by_chance():
    assert spelled_out("cta", ["Add a call to action."]) is None  # once, in lower case
    assert spelled_out("pr", ["Please run it.", "Please run them."]) is None  # two letters: thrice
    assert spelled_out("cve", ["Run cargo, version, edit."] * 2) is None  # not across commas
    assert spelled_out("sb", ["Check sbdb bash."] * 3) is None  # English words only
    assert spelled_out("oom", ["It ran out of memory."] * 2) is None  # a stopword first


def test_a_question_by_its_acronym_is_answered_from_the_words_it_stands_for():
    """The docs say "pull request" and never "PR": the question is answered from that
    section, not declined for a name the documents never write."""
    index = index_documents([parse_markdown(CONTRIBUTING, "contributing.md")])
    answer = Answerer(index).ask("if i send a PR do i have to add tests?")
    assert answer.answered
    assert "Every pull request must come with tests" in answer.results[0].text
    assert answer.missing == []


def test_an_acronym_nothing_spells_out_is_still_missing():
    index = index_documents([parse_markdown(CONTRIBUTING, "contributing.md")])
    answer = Answerer(index).ask("do we support SSO for the maintainers?")
    assert not answer.answered
    assert answer.missing == ["SSO"]
