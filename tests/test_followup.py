"""Follow-ups ("and for MLOps?", "what about seniors?"), at the core: which messages are
follow-ups, how the earlier questions are folded into the search and into the salary lookup,
and how the ask cog keeps the turns of a conversation."""

from types import SimpleNamespace

import pytest

from bot.config import Settings
from bot.followup import FOLLOWUP_MAX_WORDS, is_followup
from bot.query import CONTEXT_WEIGHT, RECENT_CONTEXT_WEIGHT, analyze

FIRST = "What do DevOps engineers earn at the junior level?"


@pytest.mark.parametrize(
    "text",
    [
        "and for MLOps?",
        "what about seniors?",
        "how about Python?",
        "ok what about mid-level?",
        "same for juniors",
        "also Kubernetes",
        "seniors?",  # one or two words that do not ask anything by themselves
        "Kubernetes tools",
        "thanks! and for MLOps?",  # a greeting before it is not part of it
        "hi, what about seniors?",
        "cool, what about seniors?",
        "nice. and for Linux?",
    ],
)
def test_short_messages_that_lean_on_the_last_question_are_follow_ups(text):
    assert is_followup(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "and",  # no content word
        "What is GitOps?",  # a question of its own
        "is it safe?",
        "tell me more",
        "How do I deploy with Helm?",
        "and what about the senior MLOps engineers in Europe and Asia?",  # too long
        "hi! What is GitOps?",
    ],
)
def test_questions_that_stand_alone_are_not_follow_ups(text):
    assert not is_followup(text)


def test_a_lead_word_makes_a_follow_up_only_up_to_the_word_limit():
    words = ["kubernetes", "helm", "terraform", "ansible", "docker", "python"]
    assert is_followup("and " + " ".join(words[:FOLLOWUP_MAX_WORDS]))
    assert not is_followup("and " + " ".join(words[: FOLLOWUP_MAX_WORDS + 1]))


def weights(query) -> dict[str, float]:
    return {w.surface: w.weight for w in query.words}


def test_earlier_questions_are_searched_at_a_lower_weight(answerer):
    assert weights(analyze("and for MLOps?", answerer.vocab)) == {"mlops": 1.0}
    one = weights(analyze("and for MLOps?", answerer.vocab, [FIRST]))
    assert one["mlops"] == 1.0
    assert one["devops"] == one["junior"] == one["earn"] == CONTEXT_WEIGHT
    # two earlier turns: the latest counts more than the older one
    two = weights(analyze("what about seniors?", answerer.vocab, [FIRST, "and for MLOps?"]))
    assert two["seniors"] == 1.0 and two["mlops"] == RECENT_CONTEXT_WEIGHT
    assert two["devops"] == two["junior"] == CONTEXT_WEIGHT
    # a word the follow-up repeats keeps its own full weight, once
    again = analyze("and for DevOps?", answerer.vocab, [FIRST])
    assert [w.surface for w in again.words].count("devops") == 1
    assert weights(again)["devops"] == 1.0


def test_the_earlier_question_changes_what_a_follow_up_finds(answerer):
    # (alone, "and for MLOps?" finds the salaries of "MLOps Roles" too: their heading
    # names it; "MLOps engineers" alone finds the career path)
    alone = answerer.ask("and for MLOps engineers?")
    followed = answerer.ask("and for MLOps engineers?", context=[FIRST])
    assert followed.query == alone.query == "and for MLOps engineers?"  # the new question
    assert "Salary Ranges" in " > ".join(followed.results[0].passage.heading_path)
    assert "Junior: $90,000 - $120,000" in followed.results[0].text
    assert "Junior: $90,000" not in alone.results[0].text


@pytest.mark.parametrize("ack", ["", "cool, ", "thanks! ", "ok thx, ", "great, "])
def test_a_follow_up_that_acknowledges_the_answer_first(answerer, ack):
    """ "cool, what about seniors?" asks what "what about seniors?" asks."""
    answer = answerer.ask(ack + "what about seniors?", context=["hey! " + FIRST])
    assert answer.answered, answer.suggestions
    assert (answer.salary[0].role, answer.salary[0].level) == ("DevOps", "senior")


def test_salary_facts_follow_the_latest_role_and_level(answerer):
    def shown(question: str, earlier: list[str]) -> list[tuple[str, str | None]]:
        return [
            (f.role, f.level) for f in answerer.salary_book.facts_for_question(question, earlier)
        ]

    assert shown("and for MLOps?", []) == []  # not about pay without the earlier question
    assert shown("and for MLOps?", [FIRST]) == [("MLOps", "junior")]  # the role switches
    assert shown("what about seniors?", [FIRST, "and for MLOps?"]) == [("MLOps", "senior")]
    assert shown("what about seniors?", ["What is GitOps?"]) == []  # a conversation not on pay


def test_the_ask_cog_remembers_the_turns_of_each_answer():
    from bot.cogs import ask as cog

    asker = cog.Ask(SimpleNamespace(settings=Settings(_env_file=None)))
    asker.remember(101, (FIRST,))
    asker.remember(102, (FIRST, "and for MLOps?"))

    def message(replied_to: int | None) -> SimpleNamespace:
        reference = (  # Discord sends no message along with these replies
            None if replied_to is None else SimpleNamespace(message_id=replied_to, resolved=None)
        )
        return SimpleNamespace(reference=reference, channel=object())

    assert asker._context(message(102)) == (FIRST, "and for MLOps?")
    assert asker._context(message(101)) == (FIRST,)
    assert asker._context(message(999)) == ()  # a reply to something the bot never answered
    assert asker._context(message(None)) == ()  # neither a reply nor in a thread
    for n in range(cog.HISTORY_SIZE):  # the oldest conversations are forgotten first
        asker.remember(1000 + n, ("q",))
    assert len(asker.asked) == cog.HISTORY_SIZE
    assert asker._context(message(101)) == () and asker._context(message(1000)) == ("q",)
