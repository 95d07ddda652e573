"""A quote whose next passage is too long to join it whole takes in that passage's first
sentences or blocks, up to the quote's size: the sentence after an example, the paragraph
after a list (bot.opening.trailed, bot.cut.leading_part)."""

from __future__ import annotations

from bot.answer import Answerer
from bot.cut import leading_part
from bot.index import index_documents
from bot.opening import with_trails
from bot.quote import QUOTE_CONTEXT_CHARS, quotes_of
from bot.sections import parse_markdown

FOUND = (
    "pfctl -F all flushes the filter rules, the NAT rules and the tables together; "
    "give -F rules to flush only the filter rules and keep the tables loaded. "
) * 3
AFTER = "A flush never touches the states already open."
FILLER = "The daemon holds its counters in memory and writes each dropped packet to a log. "
NEXT = AFTER + " " + FILLER * 9  # with FOUND, too long for one quote
OTHERS = "\n\n".join(
    f"## Subject {w}\n\n" + f"The {w} subsystem keeps a journal of events and replays it. " * 8
    for w in ("alpha", "bravo", "charlie")
)
PAGE = f"# pf\n\n## Resetting\n\n{FOUND.strip()}\n\n{NEXT.strip()}\n\n{OTHERS}\n"
QUESTION = "pfctl: flush the filter rules but keep the tables?"


def _index():
    docs = [parse_markdown(PAGE, "pf.md")] + [
        parse_markdown(f"# Topic {n}\n\nA page about subject number {n}.\n", f"t/t{n}.md")
        for n in range(30)
    ]
    return index_documents(docs)


def test_a_quote_takes_in_the_first_sentences_of_a_passage_too_long_to_join_whole():
    index = _index()
    assert len(FOUND.strip()) + len(NEXT.strip()) > QUOTE_CONTEXT_CHARS  # no whole join
    answer = Answerer(index).ask(QUESTION)
    assert answer.answered
    hit = answer.results[0]
    assert hit.text.startswith("## Resetting\n\npfctl -F all flushes")
    # the next paragraph's first sentences, up to a sentence's end, not all of it
    assert f"{FOUND.strip()}\n\n{AFTER} {FILLER.strip()}" in hit.text
    assert hit.text.endswith("to a log.")
    assert NEXT.strip() not in hit.text
    assert len(hit.passage.text) <= QUOTE_CONTEXT_CHARS
    # its lines end where the part taken in ends
    assert hit.passage.line_end == PAGE.split("\n").index(NEXT.strip()) + 1


def test_a_quote_does_not_take_in_lines_another_quote_shows():
    index = _index()
    first, second = quotes_of(index, 0)[0], quotes_of(index, 1)[0]
    alone = with_trails(index, [(0, first)])
    assert AFTER in alone[0][1].text  # alone, it takes the next passage's start
    both = with_trails(index, [(0, first), (1, second)])
    assert both == [(0, first), (1, second)]


def test_the_part_taken_in_ends_at_a_sentence_or_a_block():
    text = "A first sentence here. A second one\nwrapped here. Third.\n\n- item one\n- item two"
    assert leading_part(text, 22) == "A first sentence here."
    assert leading_part(text, 30) == "A first sentence here."  # never mid-sentence
    assert leading_part(text, 50) == "A first sentence here. A second one\nwrapped here."
    assert leading_part(text, 70).endswith("Third.\n\n- item one")
    assert leading_part(text, len(text)) == text
    assert leading_part(text, 10) is None  # nothing whole fits


def test_the_part_taken_in_never_ends_inside_code_after_a_heading_or_a_table_header():
    code = "Run it as shown here.\n\n```sh\nstep one. Step two\n\nstep three\n```\n\nAfter it."
    assert leading_part(code, 50) == "Run it as shown here."
    assert leading_part(code, len(code) - 5).endswith("step three\n```")
    headed = "Some words to start with.\n\n### Options\n\nThe options follow in order."
    assert leading_part(headed, 45) == "Some words to start with."
    table = (
        "The table lists each option.\n\n| Option | Default |\n| --- | --- |\n| a | 1 |\n| b | 2 |"
    )
    assert leading_part(table, 60) == "The table lists each option."
    assert leading_part(table, 80).endswith("| a | 1 |")
    # too few words to be worth taking in
    assert leading_part("1.\n\n    More text after the marker.", 10) is None


def test_a_reference_link_in_the_part_taken_in_keeps_its_address():
    # the next paragraph's first two lines fit, its third does not
    lines = [f"{AFTER} See [the pf guide][pf] for more.", FILLER * 4, FILLER * 6]
    page = PAGE.replace(NEXT.strip(), "\n".join(line.strip() for line in lines))
    page += "\n[pf]: https://example.org/pf-guide\n"
    docs = [parse_markdown(page, "pf.md")] + [
        parse_markdown(f"# Topic {n}\n\nA page about subject number {n}.\n", f"t/t{n}.md")
        for n in range(30)
    ]
    hit = Answerer(index_documents(docs)).ask(QUESTION).results[0]
    assert "See [the pf guide][pf] for more." in hit.text
    assert (FILLER * 6).strip() not in hit.text
    assert dict(hit.links) == {"pf": "https://example.org/pf-guide"}
