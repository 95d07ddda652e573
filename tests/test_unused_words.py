"""An answer says which words of the question the documents never use: a quote that
answers the rest of a question about a tool they never name ("datadog") is no answer about
that tool, and the reader is told so."""

import pytest

from bot.answer import Answerer
from bot.index import index_documents
from bot.render import answer_embeds, no_answer_message
from bot.sections import parse_markdown
from bot.terminal import print_answer

PAGES = {
    "observability/metrics.md": """# Metrics

## Custom metrics

Each app exports its custom metrics to Prometheus. Build a Grafana dashboard for your
team from them, and link it from the app's README.
""",
    "network/dns.md": """# DNS

## NX_DOMAIN answers

A resolver answers NX_DOMAIN for a name that does not exist. The Telecommunications
team runs the resolvers.
""",
}


@pytest.fixture(scope="module")
def answerer():
    return Answerer(index_documents([parse_markdown(t, s) for s, t in PAGES.items()]))


def test_an_answer_names_the_tool_the_documents_never_mention(answerer):
    answer = answerer.ask(
        "how do i get our app's custom metrics into datadog for a team dashboard?"
    )
    assert answer.answered and answer.results[0].passage.source == "observability/metrics.md"
    assert answer.missing == ["datadog"]
    assert answer.to_dict()["missing"] == ["datadog"]
    fields = {f.name: f.value for f in answer_embeds(answer)[-1].fields}
    assert fields["Not in the documents"] == "“datadog”"


@pytest.mark.parametrize(
    "question",
    [
        "custom metrcis dashboard for the team",  # a typo: corrected, and shown as such
        "which team answers nxdomain?",  # the two words the documents write: NX_DOMAIN
        "who runs the resolvers for the telecom team?",  # the longer word they write
        "the custom metrics dashboard is massive, can the team split it?",  # an adjective
        "what do the docs say about custom metrics?",  # about the documents, not a subject
    ],
)
def test_words_the_documents_use_in_another_form_are_not_called_missing(answerer, question):
    answer = answerer.ask(question)
    assert answer.missing == []
    assert all(f.name != "Not in the documents" for e in answer_embeds(answer) for f in e.fields)


def test_a_decline_says_what_the_documents_never_mention(answerer, capsys):
    answer = answerer.ask("how do I turn on istio sidecar injection for mTLS?")
    assert not answer.answered
    assert answer.missing == ["istio", "sidecar", "injection", "mTLS"]
    assert "They never mention “istio”, “sidecar”, “injection”, “mTLS”." in no_answer_message(
        answer
    )
    print_answer(answer)
    assert "(not in the documents: istio, sidecar, injection, mTLS)" in capsys.readouterr().out
