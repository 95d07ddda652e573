"""Pages of the same sections: the section the question's form asks for comes first."""

from __future__ import annotations

from bot.answer import Answerer
from bot.index import index_documents
from bot.sections import Document, parse_markdown

SECTIONS = ("Meaning", "Impact", "Diagnosis", "Mitigation")


def _runbook(alert: str, meaning: str, diagnosis: str) -> str:
    impact = f"While {alert} fires, requests to the service can fail or slow down. " * 6
    mitigation = f"Restart the failing pods once {alert} has been diagnosed. " * 6
    bodies = (meaning, impact, diagnosis, mitigation)
    return f"# {alert}\n\n" + "".join(f"## {h}\n\n{b}\n\n" for h, b in zip(SECTIONS, bodies))


def _pages() -> list[Document]:
    pages = [
        parse_markdown(
            _runbook(
                "QuotaAlmostFull",
                "This alert fires when the storage used is above 90 percent of what is "
                "allowed. " * 4,
                "Check the quota of the namespace that fired the alert with `oc describe "
                "quota`. " + "List the persistent volume claims that fill the storage. " * 4,
            ),
            "alerts/QuotaAlmostFull.md",
        )
    ]
    for n in range(12):
        text = f"The thing number {n} is wrong. " * 8
        pages.append(parse_markdown(_runbook(f"Other{n}Alert", text, text), f"alerts/o{n}.md"))
    return pages


def test_what_an_alert_means_is_answered_from_its_meaning():
    """ "mean" is no word to search, but the page has a section called Meaning: the
    question that asks what the alert means is answered from it, not from another
    section of the page."""
    answer = Answerer(index_documents(_pages())).ask(
        "what does the QuotaAlmostFull alert on a namespace quota mean?"
    )
    assert answer.answered
    assert "above 90 percent" in answer.results[0].text


def test_a_question_naming_no_heading_is_answered_as_before():
    answer = Answerer(index_documents(_pages())).ask(
        "how do I check the quota of the namespace QuotaAlmostFull fired for?"
    )
    assert answer.answered
    assert "oc describe" in answer.results[0].text
