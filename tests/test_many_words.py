"""A passage that holds six of a long question's words answers it, though the documents
lack some of the question's other words."""

from __future__ import annotations

from bot.answer import Answerer
from bot.index import index_documents
from bot.sections import parse_markdown

TALKS = (
    "# Talks\n\n## Speaking at a conference\n\n"
    "Before you speak at a conference, tell your manager and the events team. "
    "You may post about your talk on social media from your own account; link the event "
    "page, and ask readers to register through the organizers, not through the agency.\n\n"
    "## Social media\n\n"
    "The agency's social media team posts news about talks and events each month; "
    "ask them to post for you, and follow the rules of the account.\n"
)
TRAVEL = (
    "# Travel\n\n## Booking\n\nBook flights through the travel desk at least two weeks "
    "ahead. Keep receipts for every meal.\n\n"
    "## Per diem\n\nThe daily allowance covers meals and local transport.\n"
)
SECURITY = (
    "# Security\n\n## Passwords\n\nUse the password manager. Never share an account.\n\n"
    "## Laptops\n\nLock your laptop when you leave your desk.\n"
)
CHATTY = (
    "my teammate is speaking at a conf next month, can I post about the talk on social "
    "media and ask ppl to register? any rules for us gov folks"
)


def _answerer() -> Answerer:
    docs = [
        parse_markdown(TALKS, "talks.md"),
        parse_markdown(TRAVEL, "travel.md"),
        parse_markdown(SECURITY, "security.md"),
    ]
    return Answerer(index_documents(docs))


def test_a_long_chatty_question_is_answered_by_the_passage_holding_six_of_its_words():
    """ "teammate", "conf", "ppl", "gov", "folks" are not in the documents and keep the
    best passage's coverage at 0.32, under the 0.43 a question with such words needs, and
    two passages of the page share its words, so none stands out; but "Speaking at a
    conference" holds six of the question's words: it answers."""
    answer = _answerer().ask(CHATTY)
    assert answer.answered
    assert answer.results[0].passage.heading_path[-1] == "Speaking at a conference"


def test_a_short_question_on_a_missing_subject_is_still_declined():
    """ "sabbatical" is not in the documents; the passages share only a few everyday words."""
    assert not _answerer().ask("do we get a sabbatical after five years at the agency?").answered


def test_a_name_the_documents_lack_still_declines_however_many_words_match():
    """A name the documents lack ("SnapStart") is what the question is about."""
    question = CHATTY.replace("is speaking at", "is demoing SnapStart at")
    assert not _answerer().ask(question).answered
