"""A word of no language that the corpus lacks, six letters or longer, is the name of
something it lacks (a tool, a product): what the question is about. A page that holds the
rest of the question is no answer to it. A shorter one is mostly chat ("ppl", "gcal")."""

from __future__ import annotations

import pytest

from bot.answer import Answerer
from bot.index import index_documents
from bot.query import analyze
from bot.sections import parse_markdown

CI = (
    "# Presubmit checks\n\n## Linters\n\nEvery pull request runs the linters and the unit "
    "tests in presubmit; the lint rules live in the repository's configuration, and a "
    "failing rule blocks the merge.\n\n## Flaky tests\n\nRetry a flaky test once, then file "
    "an issue.\n"
)
TEAM = (
    "# Team\n\n## Meetings\n\nStandup is at ten. Ask the team in the channel about rules.\n\n"
    "## Reviews\n\nEvery pull request needs one review.\n"
)


@pytest.fixture(scope="module")
def answerer() -> Answerer:
    docs = [parse_markdown(CI, "ci.md"), parse_markdown(TEAM, "team.md")]
    return Answerer(index_documents(docs))


def test_a_tool_the_documents_never_name_is_what_the_question_asks_about(answerer):
    question = "which semgrep rules should our team run in presubmit?"
    assert [w.surface for w in analyze(question, answerer.vocab).words if w.name] == ["semgrep"]
    assert not answerer.ask(question).answered


def test_chat_shorthand_of_no_language_is_no_name(answerer):
    """The same question with a short word of no language is answered, the linters'
    section among the quotes, as before: "gcal", "ppl", "vuln" are chat, not a product."""
    question = "which gcal rules should our team run in presubmit?"
    assert not any(w.name for w in analyze(question, answerer.vocab).words)
    answer = answerer.ask(question)
    assert answer.answered
    assert "Linters" in [h.passage.heading_path[-1] for h in answer.results]
