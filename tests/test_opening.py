"""A quote that starts inside its section, after a passage too long to join it, shows that
passage's last paragraph over it: most often the sentence it continues."""

from __future__ import annotations

from bot.answer import Answerer
from bot.cut import last_paragraph
from bot.index import index_documents
from bot.opening import LEAD_MAX
from bot.sections import Document, parse_markdown

FILLER = "The daemon holds its counters in memory and writes each dropped packet to a log. " * 8
LEAD = "The command below wipes everything the running firewall has loaded, at once."
ANSWER = (
    "pfctl -F all flushes the filter rules, the NAT rules and the tables together; "
    "give -F rules to flush only the filter rules and keep the tables loaded. "
) * 3
QUESTION = "pfctl: flush the filter rules but keep the tables?"
# another subject of the page: too long a page to be quoted whole
LOGGING = "## Logging\n\n" + "Each dropped packet is written to the pflog interface. " * 12


def _filler() -> list[Document]:
    return [
        parse_markdown(f"# Topic {n}\n\nA page about subject number {n}.\n", f"t/t{n}.md")
        for n in range(30)
    ]


def _first(page: str):
    docs = [parse_markdown(page, "pf.md"), *_filler()]
    answer = Answerer(index_documents(docs)).ask(QUESTION)
    assert answer.answered
    return answer.results[0]


def test_the_paragraph_that_leads_into_a_quote_is_shown_over_it():
    page = f"# pf\n\n## Resetting\n\n{FILLER.strip()}\n\n{LEAD}\n\n{ANSWER.strip()}\n\n{LOGGING}\n"
    hit = _first(page)
    assert hit.text.startswith(f"{LEAD}\n\npfctl -F all flushes")
    # its line range starts at the paragraph shown over it
    assert hit.passage.line_start == page.split("\n").index(LEAD) + 1
    assert FILLER.strip() not in hit.text


def test_a_paragraph_too_long_to_lead_in_is_not_shown():
    lead = "The command below wipes everything it has loaded. " * (LEAD_MAX // 40)
    assert len(lead) > LEAD_MAX
    page = f"# pf\n\n## Resetting\n\n{FILLER.strip()}\n\n{lead.strip()}\n\n{ANSWER.strip()}\n\n{LOGGING}\n"
    assert _first(page).text.startswith("pfctl -F all flushes")


def test_the_last_paragraph_is_found_outside_fenced_code():
    assert last_paragraph("Intro.\n\nThen run it.") == "Then run it."
    assert last_paragraph("One paragraph\nof two lines.") is None
    # a blank line inside a fence ends no paragraph: the whole block is the last one
    code = "Run:\n\n```sh\nstep one\n\nstep two\n```"
    assert last_paragraph(code) == "```sh\nstep one\n\nstep two\n```"
    assert last_paragraph("A.\n\n~~~\nx\n\n```\ny\n~~~\n\nB.") == "B."
