"""Questions as people write them in chat: what is taken off around them (bot.chat)."""

import pytest

from bot.chat import bare_question


@pytest.mark.parametrize(
    "text, question",
    [
        ("hi! what is GitOps?", "what is GitOps?"),
        ("Hey bot, what is GitOps?", "what is GitOps?"),
        ("hey, @bot, what is GitOps?", "what is GitOps?"),
        ("thanks! and for MLOps?", "and for MLOps?"),
        ("quick question: how do I deploy?", "how do I deploy?"),
        ("Good morning team - where are the runbooks?", "where are the runbooks?"),
        ("ok so what is GitOps", "so what is GitOps"),
        ("Hi! Thanks. Which tools?", "Which tools?"),
        ("hi there!", ""),
        ("hello", ""),
        ("hey team! quick q: what is GitOps? thanks in advance", "what is GitOps?"),
        ("newbie here - what is GitOps", "what is GitOps"),
        ("sorry if this was asked before, but what is GitOps", "what is GitOps"),
        ("I was wondering, which tools are used?", "which tools are used?"),
        ("does anyone know if Helm works with Argo?", "Helm works with Argo?"),
        ("any pointers? how do I deploy", "how do I deploy"),
        ("What is GitOps (asking for a friend)", "What is GitOps"),
        ("what is GitOps in our docs?", "what is GitOps"),
        ("what does a junior make? 🙏", "what does a junior make?"),
        ("what is c#? 🤷‍♂️", "what is c#?"),
    ],
)
def test_a_greeting_before_the_question_is_not_part_of_it(text, question):
    assert bare_question(text) == question


@pytest.mark.parametrize(
    "text",
    [
        "hello world in C++",  # a greeting word with no punctuation or question after it
        "OK button handler",
        "quick way to tell if a dll is managed",
        "hi-res images",
        "question about taxes",
        "thanks for all the fish",
        "bot commands list",
        "any pointers to member functions",
        "curious recurring template pattern",
        "question marks in a regex",
        "what is c++",
    ],
)
def test_words_that_only_look_like_a_greeting_stay(text):
    assert bare_question(text) == text
