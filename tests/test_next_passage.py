"""Two passages in a row of one section, nearly tied: the later one, which answers, first."""

from __future__ import annotations

from bot.answer import Answerer
from bot.index import index_documents
from bot.sections import Document, parse_markdown

ASKED = (
    "Many people who start with combineReducers soon ask how two reducers can share state: "
    "the cart reducer wants to read the user's data, and combineReducers only hands each "
    "reducer its own slice of the state. "
) * 4
ANSWER = (
    "The fix is a custom root reducer: write the top-level reducer by hand, call each slice "
    "reducer, and pass the user slice as an extra argument to the cart reducer, so the two "
    "reducers share state and the cart can read the user's data while it updates its own state. "
) * 3
QUESTION = "how do i share state between two reducers?"


def _filler() -> list[Document]:
    return [
        parse_markdown(f"# Topic {n}\n\nA page about subject number {n}.\n", f"t/t{n}.md")
        for n in range(30)
    ]


def _first_quote(page: str) -> str:
    docs = [parse_markdown(page, "faq/reducers.md"), *_filler()]
    answer = Answerer(index_documents(docs)).ask(QUESTION)
    assert answer.answered
    return answer.results[0].text


def test_the_passage_after_the_one_that_restates_the_question_is_quoted_first():
    """The first paragraph says the question again, the next one answers it; too long to
    be quoted together, they score nearly alike, and the answer is shown first."""
    page = (
        "# Reducers FAQ\n\n## Sharing state between reducers\n\n"
        f"{ASKED.strip()}\n\n{ANSWER.strip()}\n\n"
        "## Purity\n\nReducers must be pure functions without side effects.\n"
    )
    assert "custom root reducer" in _first_quote(page)


def test_a_passage_of_the_next_section_is_not_put_first():
    """The same answer under a heading of its own is another subject: the passage that
    holds the question's words goes first, as before."""
    page = (
        "# Reducers FAQ\n\n## Sharing state between reducers\n\n"
        f"{ASKED.strip()}\n\n## Root reducers\n\n{ANSWER.strip()}\n"
    )
    assert "custom root reducer" not in _first_quote(page)
