"""How a quote opens: under the header rows of the table it continues, under its section's
heading, or after the paragraph that leads into it; and how it ends: with the first
sentences of the passage after it, when that passage did not fit whole.

Passages are cut to about 900 characters, and a quote grows with whole neighbours only
while they fit (bot.quote). When the passage before it in its section is too long to join,
its last paragraph often is the sentence the quote continues: "To wipe every rule, run:"
over a command, an FAQ's question over its answer. That paragraph is shown over the quote,
up to LEAD_MAX characters, unless another quote shown holds its lines. When the passage
after it did not fit, its start does, up to a block's or a sentence's end: the sentence
after an example, the paragraph after a list ("Labels are applied from left to right.",
"A full report can be displayed with ..."), within the quote's own size (:func:`trailed`).

Pure: no files, no Discord.
"""

from __future__ import annotations

from collections.abc import Sequence

from .cut import last_paragraph, leading_part
from .heading_line import headed, lines_over
from .index import SearchBackend
from .neighbours import joining, what_follows
from .passage_slots import make_passage
from .quote import (
    HIT_QUOTE_MAX,
    QUOTE_CONTEXT_CHARS,
    overlaps,
    quote_end,
    quote_start,
    quote_text,
    section_of,
)
from .sections import Passage
from .table_header import table_header

LEAD_MAX = 500  # characters of the paragraph shown over a quote that starts inside its section


def opened(
    index: SearchBackend, doc: int, quote: Passage, shown: Sequence[Passage] = ()
) -> tuple[Passage, Passage | None, str]:
    """``quote`` (of passage ``doc``) as it opens, the header rows of the table whose later
    rows it opens in (see bot.table_header), and its text as an answer carries it: what
    goes over it does not take its room (HIT_QUOTE_MAX). ``shown``: the answer's quotes."""
    shown_as, head = _opened(index, doc, quote, shown)
    return (
        shown_as,
        head,
        quote_text(shown_as, HIT_QUOTE_MAX + len(shown_as.text) - len(quote.text)),
    )


def _opened(
    index: SearchBackend, doc: int, quote: Passage, shown: Sequence[Passage]
) -> tuple[Passage, Passage | None]:
    first = quote_start(index, doc, quote)
    head = table_header(index, first)
    opening = index.passage(first)
    if opening.heading or head is not None or quote.code_lang or opening.code_lang:
        return headed(opening, quote), head
    if first == 0 or section_of(index, first - 1) != section_of(index, first):
        return quote, head
    before = index.passage(first - 1)
    lead = None if before.code_lang else last_paragraph(before.text)
    if lead is None or len(lead) > LEAD_MAX or before.line_end >= quote.line_start:
        return quote, head
    gap = "\n" * (quote.line_start - before.line_end - 1)  # the blank lines between
    led = lines_over(quote, lead + gap, before.line_end - lead.count("\n"))
    if any(q is not quote and overlaps(led, q) for q in shown):
        return quote, head  # another quote shows those lines
    return led, head


def with_trails(
    index: SearchBackend, shown: Sequence[tuple[int, Passage]], limit: int = QUOTE_CONTEXT_CHARS
) -> list[tuple[int, Passage]]:
    """The answer's quotes (``shown``: each with its passage number), each :func:`trailed`
    unless the lines it takes in belong to another quote, or to the paragraph that leads
    into another (:func:`opened`: the lead was there first)."""
    quotes = [q for _, q in shown]
    out: list[Passage | None] = [None] * len(shown)  # each as it opens, read when needed
    trails = list(shown)
    for i, (doc, quote) in enumerate(shown):
        longer = trailed(index, doc, quote, limit)
        if longer is quote:
            continue
        for j, (other, q) in enumerate(trails):
            if j == i or q.source != longer.source:
                continue
            if out[j] is None and not overlaps(longer, q):
                out[j] = _opened(index, other, q, quotes)[0]
            if overlaps(longer, out[j] or q):
                break
        else:
            out[i], trails[i] = longer, (doc, longer)
    return trails


def trailed(index: SearchBackend, doc: int, quote: Passage, limit: int) -> Passage:
    """``quote`` (of passage ``doc``) followed by the start of the passage after it, when
    that passage may join it (bot.neighbours.joining) but did not fit whole: as much as
    fits in ``limit`` characters, up to a block's or a sentence's end
    (bot.cut.leading_part), with the headings a reader passes on the way."""
    room = limit - len(quote.text)
    if quote.code_lang or room <= 0:
        return quote
    last = quote_end(index, doc, quote)
    start, end = quote.line_start, quote.line_end
    after = joining(index, last + 1, index.section_key(doc), 1, index.passage(doc), start, end)
    if after is None:
        return quote
    more = what_follows(index.passage(last).heading_path, end, after)
    over = len(more) - len(after.text)  # the headings or blank lines before its text
    part = leading_part(after.text, room - over)
    if part is None:
        return quote
    text = quote.text + more[:over] + part
    ends = after.line_start + part.count("\n")  # the line the part ends on
    return make_passage(quote.source, quote.heading_path, start, ends, text, None, quote.context)
