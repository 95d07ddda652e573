"""The header rows of the table a quote opens in: a long table's later rows are quoted
without them, and a row read without its columns' names says little.

Pure: no files, no Discord.
"""

from __future__ import annotations

import re

from .index import SearchBackend
from .passages import table_head
from .sections import Passage

TABLE_WALK_MAX = 64  # passages walked back to a long table's first rows


def table_header(index: SearchBackend, first: int) -> Passage | None:
    """The header and delimiter rows of the table whose later rows open a quote that starts
    with passage ``first`` (see bot.quote.quote_start), as a passage of their own lines: a
    long table's first passage shows them over its rows, the later ones keep them only as
    search context, and a row read without its columns' names says little. The header rows are found as the context
    keeps them, cut (see :func:`bot.passages.table_head`), and given as the file has them;
    over header rows too wide to share a passage, each a passage of its own line. None when
    the quote does not open in a table's later rows, or when the header is not within
    TABLE_WALK_MAX passages above."""
    lo = index.passage_range(index.file_of(first))[0]  # the page's first passage
    p = index.passage(first)
    head = p.context.split("\n", 2)[:2]
    delimiter = head[1].removesuffix("…") if len(head) == 2 else ""  # a wide one is cut
    if not TABLE_RULE.match(delimiter) or _head_of(p.text) == head:
        return None
    for at in range(first - 1, max(first - 1 - TABLE_WALK_MAX, -1), -1):
        if at < lo:
            return None  # another page
        q = index.passage(at)
        if q.heading_path != p.heading_path:
            return None
        if q.context.split("\n", 2)[:2] == head:
            continue  # a later row of the same table
        rows = q.text.split("\n", 2)
        if len(rows) >= 2 and _head_of(q.text) == head:  # the header (over its first rows)
            header = "\n".join(rows[:2])
            return Passage(
                q.source, q.heading_path, q.line_start, q.line_start + 1, header, None, ""
            )
        if len(rows) == 1 and at > 0:  # header rows too wide for one passage, a line each
            top = index.passage(at - 1)
            if "\n" not in top.text and _head_of(f"{top.text}\n{q.text}") == head:
                header = f"{top.text}\n{q.text}"
                return Passage(
                    q.source, q.heading_path, top.line_start, q.line_start, header, None, ""
                )
        return None  # another block: the table's first rows are not above
    return None


def _head_of(text: str) -> list[str]:
    """The first two lines of ``text`` as a table's passages keep its header rows as
    context: cut as :func:`bot.passages.table_head` cuts them (a padded header of 600
    characters is kept as its first 300)."""
    return [table_head(line) for line in text.split("\n", 2)[:2]]


# a table's delimiter row, "|---|:--:|", on a line of its own (a text's lines: re.M)
TABLE_RULE = re.compile(
    r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$", re.MULTILINE
)
