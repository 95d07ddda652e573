"""How a quote opens: under the header rows of the table it continues, under its section's
heading, or after the paragraph that leads into it.

Passages are cut to about 900 characters, and a quote grows with whole neighbours only
while they fit (bot.quote). When the passage before it in its section is too long to join,
its last paragraph often is the sentence the quote continues: "To wipe every rule, run:"
over a command, an FAQ's question over its answer. That paragraph is shown over the quote,
up to LEAD_MAX characters, unless another quote shown holds its lines.

Pure: no files, no Discord.
"""

from __future__ import annotations

from collections.abc import Sequence

from .cut import last_paragraph
from .heading_line import headed, lines_over
from .index import SearchBackend
from .quote import HIT_QUOTE_MAX, overlaps, quote_start, quote_text, section_of
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
