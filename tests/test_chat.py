"""Questions as people write them in chat: what is taken off around them (bot.chat)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.chat import bare_question


@pytest.mark.parametrize(
    "text, question",
    [
        ("hi! what is GitOps?", "what is GitOps?"),
        ("Hey bot, what is GitOps?", "what is GitOps?"),
        ("hey, @bot, what is GitOps?", "what is GitOps?"),
        ("thanks! and for MLOps?", "MLOps?"),
        ("quick question: how do I deploy?", "how do I deploy?"),
        ("Good morning team - where are the runbooks?", "where are the runbooks?"),
        ("ok so what is GitOps", "what is GitOps"),
        ("Hi! Thanks. Which tools?", "Which tools?"),
        ("hi there!", ""),
        ("hello", ""),
        ("hey team! quick q: what is GitOps? thanks in advance", "what is GitOps"),
        ("newbie here - what is GitOps", "what is GitOps"),
        ("sorry if this was asked before, but what is GitOps", "what is GitOps"),
        ("I was wondering, which tools are used?", "which tools are used?"),
        ("What is GitOps (asking for a friend)", "What is GitOps"),
        ("what does a junior make? 🙏", "what does a junior make?"),
        ("what is c#? 🤷‍♂️", "what is c#?"),
        ("quick way to tell if a dll is managed", "tell if a dll is managed"),
        ("Morning all. Stupid question maybe, but how do I deploy?", "how do I deploy?"),
        ("Hi all, hope you're well. What is GitOps", "What is GitOps"),
        ("btw salary of a junior developer", "salary of a junior developer"),
        ("What is GitOps (sorry if this is obvious)", "What is GitOps"),
        ("What is GitOps - thoughts?", "What is GitOps"),
        ("salary of a junior developer any help appreciated", "salary of a junior developer"),
        ("salary of a junior developer pls help", "salary of a junior developer"),
    ],
)
def test_a_greeting_before_the_question_is_not_part_of_it(text, question):
    assert bare_question(text) == question


@pytest.mark.parametrize(
    "text",
    [
        "hello world in C++",  # a greeting word with no punctuation or question after it
        "OK button handler",
        "hi-res images",
        "question about taxes",
        "thanks for all the fish",
        "bot commands list",
        "any pointers to member functions",
        "curious recurring template pattern",
        "question marks in a regex",
        "what is c++",
        "Kotlin: what do developers make?",  # a subject in the opening: it stays
        "does anyone know if Helm works with Argo?",  # no opening to take off
        "what is a cash advance",
        "what is the command for help",
        "how do I get a thank you note template",
    ],
)
def test_words_that_only_look_like_a_greeting_stay(text):
    assert bare_question(text) == text


@pytest.mark.parametrize("text", ["¨", "ﬁ", "½ what", "what is ℃?", "\u0301", "🙏" * 50])
def test_characters_that_normalize_to_several_are_read_without_error(text):
    """NFKC makes some single characters longer ("¨" is a space and a combining mark)."""
    assert isinstance(bare_question(text), str)


_CHATTY = st.sampled_from(["hi", "hey team", "thanks", "pls", "quick q", "lol", "ok so", "🙏"])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(_CHATTY, st.text(max_size=12)), max_size=8),
    st.lists(st.sampled_from([" ", ", ", "! ", ": ", " - ", "? ", "(", ")"]), max_size=8),
)
def test_what_is_left_is_a_piece_of_the_message(words, glue):
    """Whatever a message holds, the question is one piece of it, never rewritten."""
    text = "".join(w + g for w, g in zip(words, glue + [" "] * len(words)))
    bare = bare_question(text)
    assert bare in text and bare == bare.strip()
