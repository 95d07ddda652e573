"""A page titled by a name of capitalised words ("New York City") that it also writes by
its initials ("NYC"): found by the initials from any of its passages."""

from __future__ import annotations

from bot.answer import Answerer
from bot.index import index_documents
from bot.sections import Document, parse_markdown

NYC = (
    "# New York City\n\n## Events\n\nNYC staff meet for lunch every month.\n\n"
    "## Desks\n\nBook a desk in the app a day ahead; desks by the windows go first.\n\n"
    "## Mail\n\nPackages wait at the front desk; pick them up within a week.\n\n"
    "## Wi-Fi\n\nJoin the guest network with the password on the kitchen board.\n\n"
    "## Kitchen\n\nCoffee, tea and fruit are free; clean your mug before you go home.\n\n"
    "## Parking\n\nThere is no parking; bike racks are in the basement by the lifts.\n\n"
    "## How do I...\n\n### Get in after hours?\n\nThe building's doors close at 7pm.\n"
)
SF = (
    "# San Francisco\n\n## How do I...\n\n### Get in after hours?\n\n"
    "The building's doors close late, at 10pm.\n"
)


def _docs() -> list[Document]:
    filler = [
        parse_markdown(
            f"# Office {n}\n\nDesks and chairs for team {n}, who often work late.\n", f"o/o{n}.md"
        )
        for n in range(200)
    ]
    pages = [parse_markdown(NYC, "offices/new-york-city.md"), parse_markdown(SF, "offices/sf.md")]
    return pages + filler


def test_a_question_by_the_initials_finds_the_page_that_spells_them_out():
    """ "nyc" is written once, in the page's first section; the passage on closing time has
    it from the title's initials, and goes before the other office's, which says "late"."""
    answer = Answerer(index_documents(_docs())).ask("nyc: does the building close late?")
    assert answer.answered
    assert answer.results[0].passage.source == "offices/new-york-city.md"
    assert "7pm" in answer.results[0].text


def test_initials_the_page_never_writes_are_not_searched():
    """Without "NYC" on the page, its title's initials are no name of it: the question
    names something the documents lack, and no passage of the page answers it."""
    docs = _docs()
    docs[0] = parse_markdown(NYC.replace("NYC staff", "Our staff"), "offices/new-york-city.md")
    answer = Answerer(index_documents(docs)).ask("nyc: does the building close late?")
    assert not answer.answered or answer.results[0].passage.source != docs[0].source
