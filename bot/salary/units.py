"""The blocks of a parsed document as *units* to read amounts in, section by section.

The Markdown is not parsed again: the units come from the markdown-it tokens that
:func:`bot.sections.parse_markdown` kept on the :class:`~bot.sections.Document`. A unit is
a paragraph (or the first paragraph of a list item, without its marker), an HTML block, or
a table (its header row and body rows). Code, fenced or indented, is never a unit: ``$1``
in a shell snippet is not a salary. Each unit knows the list items it sits in (its
*parents*, which often name the role: ``- Data Engineer`` over ``- Junior: $80k``).

A unit is cut at section boundaries, and a parent counts only inside its own section, so
that a pseudo-heading cutting through a list (``Linux Guru:`` between two lists) keeps the
roles of one group away from the other.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from ..money import may_hold_money
from ..sections import Document, Section
from .roles import plain

_ITEM = re.compile(r"^(?P<indent>\s*)(?:[-*+]|\d{1,9}[.)])(?:\s+\[[ xX]\])?(?:\s+|$)(?P<text>.*)$")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_DELIMITER_ROW = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")


@dataclass(frozen=True, slots=True)
class Unit:
    """Lines to read amounts in, as (1-based line, text without quote marker or list marker).

    ``parents`` are the first lines of the list items the unit sits in, innermost first.
    A table has its ``header`` row; its ``lines`` are then its body rows.
    """

    lines: tuple[tuple[int, str], ...]
    parents: tuple[str, ...] = ()
    header: str | None = None


@dataclass(frozen=True, slots=True)
class _Block:
    """A unit before it is cut at section boundaries: lines 0-based, parents with their
    0-based first line."""

    lines: list[tuple[int, str]]
    parents: list[tuple[int, str]]
    header: tuple[int, str] | None = None


def units_by_section(doc: Document) -> Iterator[tuple[Section, list[Unit]]]:
    """The units of each section that may hold an amount (a digit and a currency), in
    document order."""
    sections = [s for s in doc.sections if may_hold_money(s.text)]
    if not sections:
        return  # no amount without both: most documents end here, cheaply
    starts = [s.line_start - 1 for s in sections]
    found: list[list[Unit]] = [[] for _ in sections]
    for block in _blocks(doc.tokens, doc.lines):
        for n, unit in _cut(block, sections, starts):
            found[n].append(unit)
    for section, units in zip(sections, found):
        if units:
            yield section, units


def _cut(
    block: _Block, sections: Sequence[Section], starts: Sequence[int]
) -> Iterator[tuple[int, Unit]]:
    """A block's lines grouped by the section (index) holding them, with the parents and
    the header row found in that same section."""
    groups: dict[int, list[tuple[int, str]]] = {}
    for line, text in block.lines:
        n = bisect_right(starts, line) - 1
        if n >= 0 and line < sections[n].line_end:
            groups.setdefault(n, []).append((line + 1, text))
    for n, lines in groups.items():
        lo, hi = starts[n], sections[n].line_end
        parents = tuple(text for line, text in reversed(block.parents) if lo <= line < hi)
        if block.header is None:
            yield n, Unit(tuple(lines), parents)
        elif lo <= block.header[0] < hi:
            yield n, Unit(tuple(lines), parents, block.header[1])


def _blocks(tokens: Sequence[Token], lines: Sequence[str]) -> Iterator[_Block]:
    """Paragraphs, HTML blocks and tables, at any depth, with the list items around them."""
    items: list[tuple[int, str]] = []  # (first line, plain text) of the open list items
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "list_item_open":
            start = tok.map[0] if tok.map else -1
            text = _item_text(lines[start]) if 0 <= start < len(lines) else ""
            items.append((start, plain(text)))
        elif tok.type == "list_item_close" and items:
            items.pop()
        elif tok.map and tok.type in ("paragraph_open", "html_block"):
            yield from _text_blocks(tok, lines, items)
        elif tok.map and tok.type == "table_open":
            close = i + 1
            while close < len(tokens) and tokens[close].type != "table_close":
                close += 1
            yield from _table_blocks(tok.map[0], tokens[i:close], lines, items)
            i = close
        i += 1


def _text_blocks(tok: Token, lines: Sequence[str], items: list[tuple[int, str]]) -> list[_Block]:
    """A paragraph as one block (the first of a list item without the item's marker, and
    without the item among its parents); an HTML block as one block per line, read as if
    it were Markdown (``<div>Senior: $100k</div>``; a list item in it loses its marker)."""
    assert tok.map is not None
    start, end = tok.map[0], min(tok.map[1], len(lines))
    own = [(k, _QUOTE.sub("", lines[k])) for k in range(start, end)]
    if tok.type == "html_block":
        return [_Block([(k, _item_text(lines[k]))], list(items)) for k, t in own if t.strip()]
    if items and items[-1][0] == start and own:
        own[0] = (start, _item_text(lines[start]))
        return _split_tables(_Block(own, items[:-1]))
    return _split_tables(_Block(own, list(items)))


def _split_tables(block: _Block) -> list[_Block]:
    """A paragraph with the tables it holds taken out as tables of their own.

    A table written right under a list item, with no blank line (``- Pay by level:`` then
    ``| Level | Pay |``), is a lazy continuation of the item's paragraph to markdown-it,
    though its author, and a reader of the raw text, see a table.
    """
    lines, out = block.lines, []
    start = k = 0
    while k + 1 < len(lines):
        if not _is_table_start(lines[k][1], lines[k + 1][1]):
            k += 1
            continue
        end = k + 2
        while end < len(lines) and lines[end][1].strip() and "|" in lines[end][1]:
            end += 1
        if k > start:
            out.append(_Block(lines[start:k], block.parents))
        if end > k + 2:
            out.append(_Block(lines[k + 2 : end], block.parents, lines[k]))
        start = k = end
    if start == 0:
        return [block]
    return [*out, _Block(lines[start:], block.parents)] if start < len(lines) else out


def _is_table_start(header: str, delimiter: str) -> bool:
    """A GFM table's first two rows: a header, then a delimiter row with as many cells."""
    if "|" not in header or "|" not in delimiter or not _DELIMITER_ROW.match(delimiter):
        return False
    return len(cells(header)) == len(cells(delimiter))


def cells(row: str) -> list[str]:
    """The cells of a table row, as written (stripped)."""
    row = row.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return [c.strip() for c in re.split(r"(?<!\\)\|", row)]


def _table_blocks(
    start: int, tokens: Sequence[Token], lines: Sequence[str], items: list[tuple[int, str]]
) -> list[_Block]:
    """A table: its header and body rows. The rows end at the first line without a pipe,
    which is read as a paragraph (a note under the table, not a one-cell row)."""
    rows = [t.map[0] for t in tokens if t.type == "tr_open" and t.map and t.map[0] > start + 1]
    body: list[tuple[int, str]] = []
    rest: list[tuple[int, str]] = []
    for k in rows:
        if k >= len(lines):
            break
        text = _QUOTE.sub("", lines[k])
        (rest if rest or "|" not in text else body).append((k, text))
    header = (start, _QUOTE.sub("", lines[start])) if start < len(lines) else None
    out = [_Block(body, list(items), header)] if header and body else []
    return [*out, _Block(rest, list(items))] if rest else out


def _item_text(line: str) -> str:
    """A list item's first line without its marker (and task box): "- Senior: $150k" →
    "Senior: $150k"."""
    line = _QUOTE.sub("", line)
    m = _ITEM.match(line)
    return m.group("text") if m else line
