"""Cutting text (bot.cut): pieces, shortening with "…", code fences, pages."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.cut import (
    clip,
    close_fence,
    cut_text,
    fence_open,
    fenced_code,
    pages,
    shorten,
    shorten_quote,
    shorten_words,
)

PROSE = "The cluster runs three nodes. Each node has its own disk! Why? Because. " * 20
FENCED = "Intro line.\n```python\n" + "x = compute(1)\n" * 120 + "```\nAfter the code."

text_with_fences = st.lists(
    st.sampled_from(["word ", "a. ", "\n", "\n\n", "```\n", "```py\n", "x" * 40, "é "]),
    max_size=60,
).map("".join)


def words(text: str) -> str:
    """The text without its whitespace: what must survive any cut."""
    return re.sub(r"\s+", "", text)


# ----------------------------------------------------------------------------- pieces


def test_cut_text_pieces_rejoin_to_the_text_and_end_at_sentences():
    got = cut_text(PROSE, 100)
    assert "".join(got) == PROSE
    assert all(len(p) <= 100 for p in got)
    assert all(p.rstrip().endswith((".", "!", "?")) for p in got[:-1])


def test_cut_text_falls_back_to_word_ends_then_hard_cuts():
    assert cut_text("alpha beta gamma delta", 12) == ["alpha beta ", "gamma delta"]
    assert cut_text("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]
    assert cut_text("", 10) == []


# ----------------------------------------------------------------------------- shortening


def test_a_text_that_fits_is_left_alone():
    for fn in (shorten, shorten_words, shorten_quote):
        assert fn("short text", 50) == "short text"


def test_shorten_prefers_a_line_end_then_a_word_end():
    assert shorten("first line is here\nsecond line", 25) == "first line is here…"
    assert shorten("one two three four five six", 16) == "one two three…"
    assert shorten("x" * 30, 10) == "x" * 9 + "…"


def test_shorten_words_needs_its_word_end_past_the_middle():
    assert shorten_words("aaaaaa bbbbbbbbbbbbbb", 10) == "aaaaaa…"  # a space at 6
    # a space at 5 is not past the middle for a heading; for shorten, half is enough
    assert shorten_words("aaaaa bbbbbbbbbbbbbb", 10) == "aaaaa bbb…"
    assert shorten("aaaaa bbbbbbbbbbbbbb", 10) == "aaaaa…"


def test_shorten_quote_puts_the_ellipsis_on_a_line_of_its_own():
    text = "line one of the quote\nline two of the quote\nline three"
    assert shorten_quote(text, 50) == "line one of the quote\nline two of the quote\n…"
    assert shorten_quote(PROSE, 80).endswith("Because.…")  # a sentence end, no line end


@pytest.mark.parametrize("limit", [20, 60, 100, 500, 1000])
def test_a_cut_inside_a_fence_closes_it(limit):
    for fn in (shorten, shorten_quote):
        out = fn(FENCED, limit)
        assert len(out) <= limit and not fence_open(out), (fn.__name__, out)


def test_a_fence_the_file_left_open_stays_open_in_the_quote():
    text = "```sh\n" + "echo hi\n" * 300  # never closed in the file
    out = shorten_quote(text, 200)
    assert fence_open(out) and len(out) <= 200


def test_a_shorter_cut_before_the_fence_is_not_given_a_fence():
    """The quote's cut lands inside the fence, the shorter cut before it. quote.py used to
    append a fence all the same, which opened a new code block instead of closing one."""
    text = "abcdefgh\n```\ncode code code\n```"
    assert fence_open(text[:13])  # the first cut would end inside the fence
    assert shorten_quote(text, 14) == "abcdefgh\n…"  # was "abcdefgh\n…\n```"


def test_fenced_code_fits_its_limit_with_the_fences():
    code = "\n".join(f"echo step {i}" for i in range(300))
    out = fenced_code(code, "bash", 300)
    assert out.startswith("```bash\n") and out.endswith("\n```") and len(out) <= 300


def test_clip_cuts_hard():
    assert clip("abcdefghij", 5) == "abcd…" and clip("abc", 5) == "abc"


def test_close_fence():
    assert close_fence("```py\nx") == "```py\nx\n```"
    assert close_fence("no fence") == "no fence"


@given(text_with_fences, st.integers(8, 300))
def test_shortened_text_fits_and_keeps_fences_closed(text, limit):
    out = shorten(text, limit)
    assert len(out) <= limit
    if not fence_open(text[:limit]) or len(text) > limit:
        assert not fence_open(out) or out == text


# ----------------------------------------------------------------------------- pages


def test_pages_cover_the_text_in_order_each_within_the_limit():
    text = "\n".join(f"Line {i}: " + "word " * (i % 17) for i in range(400))
    got = pages(text, 500)
    assert len(got) > 1 and all(0 < len(p) <= 500 for p in got)
    assert words("".join(got)) == words(text)


def test_each_page_closes_its_fence_and_the_next_opens_it_again():
    got = pages(FENCED, 300)
    assert all(not fence_open(p) and len(p) <= 300 for p in got)
    assert got[1].startswith("```python\n")  # the second page starts inside the code
    unfenced = [re.sub(r"^```python\n|\n```$", "", p) for p in got]
    assert words("".join(unfenced)).replace("```", "") == words(FENCED).replace("```", "")


def test_a_line_longer_than_a_page_is_cut_at_sentence_ends():
    got = pages(PROSE, 300)
    assert all(len(p) <= 300 for p in got)
    assert words("".join(got)) == words(PROSE)


def test_pages_of_short_and_empty_text():
    assert pages("one line", 100) == ["one line"]
    assert pages("\n\n", 100) == []
    with pytest.raises(ValueError):
        pages("text", 10)


def test_a_hard_cut_keeps_a_run_of_backticks_whole_and_no_page_only_reopens_a_fence():
    # a line of code with no space, ending in the fence's end: cut hard before the "```",
    # not between its backticks; the page left with only that end is not a page
    text = "word word ```\n```\n```py\n" + "x" * 40 + "```\n"
    got = pages(text, 65)
    assert got == ["word word ```\n```\n```py\n```", "```py\n" + "x" * 40 + "\n```"]
    assert cut_text("y" * 30 + "```" + "z" * 30, 32) == ["y" * 30, "```" + "z" * 29, "z"]
    # nor a fence from its language ("```p" and "y" would open a fence in "p")
    assert cut_text("x" * 40 + "```py", 42) == ["x" * 40, "```py"]
    assert cut_text("x" * 10 + "```" + "z" * 30, 12)[:2] == ["x" * 10, "```" + "z" * 9]
    # a run that starts in the first third is cut hard, as before
    assert cut_text("xx" + "`" * 20, 12) == ["xx" + "`" * 10, "`" * 10]


@given(text_with_fences, st.integers(40, 400))
def test_pages_never_exceed_the_limit_nor_leave_a_fence_open(text, limit):
    got = pages(text, limit)
    assert all(0 < len(p) <= limit for p in got)
    assert all(not fence_open(p) for p in got)
    assert words("".join(got)).replace("```", "").replace("py", "") == words(text).replace(
        "```", ""
    ).replace("py", "")
