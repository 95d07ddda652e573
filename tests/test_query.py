import pytest

from bot.query import MAX_QUESTION_CHARS, QueryError, analyze


def test_salary_words_and_phrases_reach_the_salary_headings(answerer):
    for q in ("what's the pay of a junior devops engineer?", "compensation for mlops juniors",
              "how much does a junior devops engineer make?"):
        top = answerer.ask(q).results[0]
        assert "Salary Ranges" in " ".join(top.passage.heading_path), q


def test_typos_are_corrected_to_the_vocabulary(answerer):
    query = analyze("salery kubernets", answerer.vocab)
    assert query.corrections == {"salery": "salari"}
    assert "kubernet" in query.terms  # same stem: no correction needed
    assert not analyze("bread", answerer.vocab).corrections  # short words are left alone


@pytest.mark.parametrize("bad, message", [
    ("", "empty"), ("   ", "empty"), ("😀" * 10_000, "too long"), ("😀" * 20, "no words"),
    ("x" * (MAX_QUESTION_CHARS + 1), "too long"), ("what is the", "no words"),
])
def test_unusable_questions_get_a_clear_error(answerer, bad, message):
    with pytest.raises(QueryError, match=message):
        answerer.ask(bad)


def test_a_typo_in_a_pay_question_still_finds_the_salary_fact(answerer):
    answer = answerer.ask("salery of a senior mlops enginer")
    assert answer.corrections == {"salery": "Salary"}
    assert answer.corrected_query == "Salary of a senior mlops enginer"
    assert "Senior: $160,000 - $240,000" in answer.results[0].text
