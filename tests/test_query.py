import pytest

from bot.query import MAX_QUESTION_CHARS, QueryError, analyze


def test_salary_words_and_phrases_reach_the_salary_headings(answerer):
    for q in (
        "what's the pay of a junior devops engineer?",
        "compensation for mlops juniors",
        "how much does a junior devops engineer make?",
    ):
        top = answerer.ask(q).results[0]
        assert "Salary Ranges" in " ".join(top.passage.heading_path), q


def test_typos_are_corrected_to_the_vocabulary(answerer):
    query = analyze("salery kubernets", answerer.vocab)
    assert query.corrections == {"salery": "salari"}
    assert "kubernet" in query.terms  # same stem: no correction needed
    assert not analyze("bread", answerer.vocab).corrections  # short words are left alone


@pytest.mark.parametrize(
    "bad, message",
    [
        ("", "empty"),
        ("   ", "empty"),
        ("😀" * 10_000, "too long"),
        ("😀" * 20, "no words"),
        ("x" * (MAX_QUESTION_CHARS + 1), "too long"),
        ("what is the", "no words"),
    ],
)
def test_unusable_questions_get_a_clear_error(answerer, bad, message):
    with pytest.raises(QueryError, match=message):
        answerer.ask(bad)


def test_a_typo_in_a_pay_question_still_finds_the_salary_fact(answerer):
    answer = answerer.ask("salery of a senior mlops enginer")
    assert answer.corrections == {"salery": "Salary"}
    assert answer.corrected_query == "Salary of a senior mlops enginer"
    assert "Senior: $160,000 - $240,000" in answer.results[0].text


def test_pay_phrase_make_counts_only_at_the_end_of_a_question(answerer):
    def pay_synonyms(q):
        return {t for w in analyze(q, answerer.vocab).words for t in w.synonyms}

    assert "salari" in pay_synonyms("What do junior Linux admins make?")
    assert "salari" not in pay_synonyms("make sure the linux tools compile")
    assert "salari" not in pay_synonyms("why does make_unique fail")


def test_a_known_word_is_not_corrected_into_a_shorter_one():
    from bot.query import Vocabulary

    terms = {"common": 0, "commit": 1}
    vocab = Vocabulary(terms, lambda t: 1)
    assert vocab.correct("commonjs") is None  # "common" and more: another word, not a typo
    assert vocab.correct("commmon") == "common"


def test_an_unknown_plural_falls_back_to_its_singular():
    from bot.answer import Answerer
    from bot.index import index_documents
    from bot.sections import parse_markdown

    index = index_documents(
        [parse_markdown("# Thumbnails\n\nMake a thumbnail of a jpg.\n", "a.md")]
    )
    query = analyze("thumbnails for my jpgs", Answerer(index).vocab)  # Snowball keeps "jpgs"
    assert "jpg" in query.terms and "jpgs" not in query.terms


def test_names_the_corpus_lacks_are_marked(answerer):
    """An acronym or a CamelCase word the sample never uses is a name; a word written in
    lower case is not, nor a name the sample does use ("MLOps"), nor a known part of a
    compound ("RTTI/dynamic_cast" when only its other part is unknown)."""
    query = analyze("Does MLOps need SnapStart, a CKA or kotlin?", answerer.vocab)
    names = {w.surface: w.name for w in query.words}
    assert names == {"mlops": False, "snapstart": True, "cka": True, "kotlin": False}
    query = analyze("Python or ZigBee/python for MLOps", answerer.vocab)
    assert [w.name for w in query.words] == [False, True, False]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Which tools are used for data versioning?", "tool"),
        ("Which web frameworks should a Python guru know?", "framework"),
        ("what distributed tracing tool is used?", "tool"),
        ("What does Kubeflow do?", None),  # "does" right after "what": no noun asked for
        ("How are tools used for data versioning?", None),
        ("tools for data versioning?", None),
    ],
)
def test_the_noun_a_which_question_asks_for_searches_at_half_weight(answerer, question, kind):
    """ "Which tools are used ...?" asks for instances of "tools"; the passage that answers
    names them (DVC, Pachyderm) and may never say "tools"."""
    from bot.query import ANSWER_TYPE_WEIGHT

    weights = {terms[0]: w for terms, w in analyze(question, answerer.vocab).clauses}
    lowered = {t for t, w in weights.items() if w == ANSWER_TYPE_WEIGHT}
    assert lowered == ({kind} if kind else set())
    assert all(w == 1.0 for t, w in weights.items() if t not in lowered)
