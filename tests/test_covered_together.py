"""Two passages shown from one section answer together what neither covers alone."""

from __future__ import annotations

from bot.answer import Answerer
from bot.index import index_documents
from bot.sections import parse_markdown

FILLER = "The team keeps its notes in the wiki and reviews them once a quarter. " * 9
SECTION = (
    "# Server\n\n## Proxy table\n\n"
    f"The preview server reads its cache from the config file. {FILLER}\n\n"
    f"Requests are forwarded to the backend you name there. {FILLER}\n"
)
OTHER = "# Rules\n\nTeams honor the rules of the wiki.\n\n# Deploy\n\nShip it on Tuesdays.\n"


def _answerer(section: str = SECTION) -> Answerer:
    docs = [parse_markdown(section, "preview.md"), parse_markdown(OTHER, "rules.md")]
    return Answerer(index_documents(docs))


def test_a_section_cut_in_two_answers_with_both_its_passages():
    """The question names a word the documents lack ("vitest"): it needs 0.43 of its weight
    in what is shown. Each passage of the section holds two of its words (0.36); the two
    together hold four, and the question is answered."""
    answerer = _answerer()
    answer = answerer.ask("does the vitest preview cache get forwarded to the backend?")
    assert answer.answered
    assert answer.results[0].passage.source == "preview.md"


def test_passages_of_different_sections_do_not_add_up():
    """The same words under two headings are two subjects: declined."""
    answerer = _answerer(SECTION.replace("Requests are", "## Backends\n\nRequests are"))
    assert not answerer.ask("does the vitest preview cache get forwarded to the backend?").answered
