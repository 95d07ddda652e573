"""A section → passages: pieces small enough to quote, cut on block boundaries.

:class:`Section` and :class:`Passage` are defined here (and imported by most modules from
:mod:`bot.sections`). A section is cut into *units* (its blocks, and text between them),
packed up to about MAX_PASSAGE_CHARS; a block too long for one passage is cut by list
items, table rows or lines; code becomes one passage or overlapping windows, and a
flattened outline (a mindmap that lost its indentation) one passage per labelled group.

Pure: no files, no Discord.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from .blocks import LIST_MARKER, Block, code_spans, container_end, parse_blocks, short
from .cut import cut_text
from .links import Links
from .outline import outline_groups

MAX_PASSAGE_CHARS = 900
_CODE = ("fence", "code_block")  # the kinds of block that are code
_CODE_WINDOW_CHARS = 480
MAX_TABLE_COLUMNS = 30  # header cells of a table kept as its passages' context
MAX_CONTEXT_CHARS = 600  # context repeated in each passage


@dataclass(frozen=True, slots=True)
class Section:
    """The body of one heading.

    ``text`` is exactly ``lines[line_start - 1 : line_end]`` of the source, joined by newlines
    (the heading line itself is not part of it). A section with no body has empty text and
    its line range is the heading's line.
    """

    source: str
    heading_path: tuple[str, ...]
    level: int
    line_start: int
    line_end: int
    text: str
    heading_line: int | None = None


@dataclass(frozen=True, slots=True)
class Passage:
    """A quotable piece of a section.

    ``text`` is contained in the source lines ``line_start..line_end``. ``code_lang`` is set
    when the text is the inside of a fenced code block without its fences, so a renderer
    must fence it again. ``context`` is extra text that helps retrieval but is not part of
    the quote (a table's header row, for instance). ``links`` holds the addresses of the
    reference-style links the text uses, defined elsewhere in the file (see bot.links).
    ``heading`` holds, on a section's first passage, its heading's lines as written (see
    bot.heading_line).
    """

    source: str
    heading_path: tuple[str, ...]
    line_start: int
    line_end: int
    text: str
    code_lang: str | None = None
    context: str = ""
    links: Links = ()
    heading: str = ""


def split_section(
    section: Section,
    blocks: Sequence[Block] | None = None,
    max_chars: int = MAX_PASSAGE_CHARS,
    starts: Sequence[int] | None = None,
) -> list[Passage]:
    """Cut a section into passages of at most about ``max_chars`` on block boundaries.

    ``blocks`` are the document's blocks, ``starts`` their first lines (to find a
    section's blocks by bisection); without them the section's own text is parsed.
    """
    if not section.text.strip():
        return []
    lines = section.text.split("\n")
    first = section.line_start - 1  # 0-based line of lines[0]
    units = list(_units(section, lines, blocks, starts, first))
    passages: list[Passage] = []
    pack: list[tuple[int, int, str]] = []  # the units packed: start, end, kind

    def flush() -> None:
        if pack:
            passages.extend(_line_passage(section, lines, first, pack[0][0], pack[-1][1]))
            pack.clear()

    lead: int | None = None  # a container's marker line, waiting for its body
    ends: list[int] = []  # the lines after the containers open here: none packs across
    for start, end, kind, block in units:
        if ends and start >= ends[-1]:
            flush()
            ends, lead = [e for e in ends if e > start], None
        if kind == "container" and block is not None:
            flush()
            lead, ends = (start if lead is None else lead), [*ends, container_end(block)]
            continue
        start, lead = (start if lead is None else lead), None
        size = _chars(lines, first, start, end)
        last = _last_line(lines, first, pack[-1]) if pack else ""
        # a block that introduces the next one ("- Flush all rules:" over its command) stays
        # with it, up to half a passage more
        limit = max_chars * 3 // 2 if last.endswith(":") else max_chars
        fits = bool(pack) and _chars(lines, first, pack[0][0], end) <= limit
        # code goes with the text that leads into it (and the code after it), and on with
        # the text after it; other code is a passage of its own (or windows)
        code = kind in _CODE
        if size > max_chars or (code and not (fits and _leads_in(last, pack[-1][2]))):
            flush()
            passages.extend(_split_block(section, lines, first, start, end, kind, block, max_chars))
            continue
        if pack and not fits:
            flush()
        pack.append((start, end, kind))
    flush()
    return passages


# the end of a sentence: its stop, then any closing quote, bracket or emphasis
_SENTENCE_END = re.compile(r"[.!?][)\]\"'’”*_`]*$")


def _last_line(lines: list[str], first: int, unit: tuple[int, int, str]) -> str:
    """The last line of a unit that holds text, without trailing spaces."""
    for k in range(unit[1] - 1, unit[0] - 1, -1):
        text = lines[k - first].rstrip()
        if text:
            return text
    return ""


def _leads_in(last: str, kind: str) -> bool:
    """Whether a unit whose last line of text is ``last`` leads into the block after it:
    it ends with a colon ("Run:"), or it is a paragraph that ends before its sentence does
    ("The", then the error message in a code block, then "error is a common issue ..."),
    or it is code text led into (the tabs of one example, a command and then its output)."""
    ends = kind == "paragraph" and not _SENTENCE_END.search(last)
    return last.endswith(":") or ends or kind in _CODE


def _units(
    section: Section,
    lines: list[str],
    blocks: Sequence[Block] | None,
    starts: Sequence[int] | None,
    first: int,
) -> Iterator[tuple[int, int, str, Block | None]]:
    """The blocks inside a section's line range, as (start, end, kind, block), 0-based.

    Lines between blocks that hold text are yielded as paragraphs.
    """
    last = first + len(lines)
    if blocks is None:
        own = parse_blocks(section.text, lines)
        blocks = [
            Block(b.kind, b.start + first, b.end + first, b.tokens, b.level, b.text) for b in own
        ]
        starts = [b.start for b in blocks]
    elif starts is None:
        starts = [b.start for b in blocks]
    found = False
    pos = first
    # the first block that may overlap the section starts at or before its first line
    for i in range(max(bisect.bisect_right(starts, first) - 1, 0), len(blocks)):
        b = blocks[i]
        if b.start >= last:
            break
        if b.end <= first:
            continue
        start, end = max(b.start, first), min(b.end, last)
        if start > pos and "".join(lines[pos - first : start - first]).strip():
            yield pos, start, "paragraph", None
        yield start, end, b.kind, b
        pos = end
        found = True
    if (not found or pos < last) and "".join(lines[pos - first : last - first]).strip():
        yield pos, last, "paragraph", None


def _chars(lines: list[str], first: int, start: int, end: int) -> int:
    return sum(len(line) + 1 for line in lines[start - first : end - first])


def _line_passage(
    section: Section,
    lines: list[str],
    first: int,
    start: int,
    end: int,
    code_lang: str | None = None,
    context: str = "",
) -> list[Passage]:
    chunk = lines[start - first : end - first]
    while chunk and not chunk[-1].strip():
        chunk.pop()
        end -= 1
    while chunk and not chunk[0].strip():
        chunk.pop(0)
        start += 1
    if not chunk:
        return []
    return [
        Passage(
            section.source,
            section.heading_path,
            start + 1,
            end,
            "\n".join(chunk),
            code_lang,
            context,
        )
    ]


def _split_block(
    section: Section,
    lines: list[str],
    first: int,
    start: int,
    end: int,
    kind: str,
    block: Block | None,
    max_chars: int,
) -> list[Passage]:
    """Split one block that is too long (or code) into line groups."""
    if kind in _CODE:
        return _split_code(section, lines, first, start, end, block, max_chars)
    context = ""
    groups: list[tuple[int, int]]
    if kind in ("bullet_list", "ordered_list"):
        return _split_list(section, lines, first, start, end, block, max_chars)
    elif kind == "table":
        # the header row and delimiter row: the first passage shows them over its rows (the
        # header with the first row, never apart); every later one keeps them as context.
        # Rows too wide for that (a table padded to its longest cell) are each a passage
        # under the header rows as context, the header rows a passage of their own
        head = max(block.start, start) if block is not None else start  # after a marker line
        header_end = min(head + 2, end)
        context = "\n".join(table_head(line) for line in lines[head - first : header_end - first])
        lead = min(header_end + 1, end)
        if _chars(lines, first, start, lead) > max_chars and lead > header_end:
            lead = header_end
        groups = [(start, lead)] + [(k, k + 1) for k in range(lead, end)]
    else:
        groups = [(k, k + 1) for k in range(start, end)]
    return _packed(section, lines, first, groups, max_chars, context, start if context else -1)


def _split_list(
    section: Section,
    lines: list[str],
    first: int,
    start: int,
    end: int,
    block: Block | None,
    max_chars: int,
) -> list[Passage]:
    """A list too long for one passage, cut between its items, the outermost first: an
    item too long for one passage is cut between the items it holds, its own first lines
    going with the first of them (a "Q." item with its "A:" beneath it stays one passage
    while it fits). An item holding none is cut between its lines, but the code it holds
    stays whole, or becomes code windows as code outside a list does: a line of a fence is
    never a passage alone, nor does a line of code that looks like an item ("- name: x" in
    YAML) start one."""
    code = code_spans(block, lines, first, start, end)
    inside = {k for s, e, _ in code for k in range(s + 1, e)}
    indent = {
        k: _indent(lines[k - first])
        for k in range(start, end)
        if k not in inside and LIST_MARKER.match(lines[k - first])
    }
    outer = min(indent.values(), default=0)
    starts = sorted({start, *(k for k, d in indent.items() if d == outer)})
    groups = list(zip(starts, starts[1:] + [end]))

    def big(s: int, e: int) -> list[Passage]:
        fence = next((b for a, z, b in code if (a, z) == (s, e)), None)
        if fence is not None:
            return _split_code(section, lines, first, s, e, fence, max_chars)
        nested = [k for k in indent if s < k < e]
        if nested:
            depth = min(indent[k] for k in nested)
            cuts = [k for k in nested if indent[k] == depth]
            # the item's own lines go with its first item; alone when the two are too long
            cuts = cuts[1:] if len(cuts) > 1 else cuts
            parts = list(zip([s, *cuts], [*cuts, e]))
            return _packed(section, lines, first, parts, max_chars, "", -1, big)
        spans = [(a, z) for a, z, _ in code if s <= a and z <= e]
        if not spans:  # its lines alone: packed, they lose answers (docs/how-answers-are-found.md)
            return _split_long_lines(section, lines, first, s, e, max_chars, "")
        pieces, pos = [], s
        for a, z in spans:
            pieces += [(k, k + 1) for k in range(pos, a)] + [(a, z)]
            pos = z
        pieces += [(k, k + 1) for k in range(pos, e)]
        return _packed(section, lines, first, pieces, max_chars, "", -1, big)

    return _packed(section, lines, first, groups, max_chars, "", -1, big)


def _indent(line: str) -> int:
    """How far a line is indented, a tab as four spaces."""
    spaced = line.expandtabs(4)
    return len(spaced) - len(spaced.lstrip())


def _packed(
    section: Section,
    lines: list[str],
    first: int,
    groups: list[tuple[int, int]],
    max_chars: int,
    context: str,
    shown_from: int,
    big: Callable[[int, int], list[Passage]] | None = None,
) -> list[Passage]:
    """Line groups packed into passages of at most ``max_chars``, each with ``context``,
    except one that starts at line ``shown_from``, whose text holds that context. A group
    too long for one passage is cut by ``big`` (by default, line by line)."""
    out: list[Passage] = []
    pack_start: int | None = None
    pack_end = pack_chars = 0  # the pack's lines and their characters, counted as it grows

    def context_at(a: int) -> str:
        return "" if a == shown_from else context

    def emit(a: int, b: int) -> None:
        out.extend(_line_passage(section, lines, first, a, b, context=context_at(a)))

    for s, e in groups:  # in order, none overlapping
        if s >= e:
            continue
        size = _chars(lines, first, s, e)
        if pack_start is not None and pack_chars + _chars(lines, first, pack_end, e) > max_chars:
            emit(pack_start, pack_end)
            pack_start = None
        if size > max_chars:
            if pack_start is not None:
                emit(pack_start, pack_end)
                pack_start = None
            if big is not None:
                out.extend(big(s, e))
            else:
                out.extend(_split_long_lines(section, lines, first, s, e, max_chars, context_at(s)))
            continue
        if pack_start is None:
            pack_start, pack_chars = s, size
        else:
            pack_chars += _chars(lines, first, pack_end, e)
        pack_end = e
    if pack_start is not None:
        emit(pack_start, pack_end)
    return out


def table_head(line: str) -> str:
    """A table's header or delimiter row, cut after MAX_TABLE_COLUMNS cells: the context
    of every passage of the table, so a table of 32,000 columns must not repeat them all."""
    cut, at = 0, -1
    for _ in range(MAX_TABLE_COLUMNS + line.lstrip().startswith("|")):
        at = line.find("|", at + 1)
        if at < 0:
            break
        cut = at + 1
    else:
        line = line[:cut]
    return short(line, MAX_CONTEXT_CHARS // 2)


def _split_long_lines(
    section: Section,
    lines: list[str],
    first: int,
    start: int,
    end: int,
    max_chars: int,
    context: str,
) -> list[Passage]:
    """Lines too long to quote whole: cut each on sentence, then word, boundaries."""
    out: list[Passage] = []
    head = (section.source, section.heading_path)
    for k in range(start, end):
        pieces = (piece.strip() for piece in cut_text(lines[k - first], max_chars))
        out.extend(Passage(*head, k + 1, k + 1, p, None, context) for p in pieces if p)
    return out


def _split_code(
    section: Section,
    lines: list[str],
    first: int,
    start: int,
    end: int,
    block: Block | None,
    max_chars: int,
) -> list[Passage]:
    """A code block becomes one passage, or overlapping windows of its inner lines.

    Code has no block boundaries to cut on, and flattened outlines (a mermaid mindmap that
    lost its indentation) keep their meaning only through neighbouring lines, so long code
    is cut into windows that overlap by half.
    """
    lang = (
        (block.tokens[0].info.strip().split() or [""])[0] if block and block.kind == "fence" else ""
    )
    if _chars(lines, first, start, end) <= max_chars:
        return _line_passage(section, lines, first, start, end)
    # a container's marker line over long code is not in its windows (its label heads them)
    inner_start, inner_end = max(block.start, start) if block is not None else start, end
    if block is not None and block.kind == "fence":
        inner_start += 1
        closing = lines[end - 1 - first].strip() if end - 1 - first < len(lines) else ""
        if end - 1 > inner_start and closing.startswith(("```", "~~~")):
            inner_end = end - 1
    outline = _outline_passages(
        section, lines, first, inner_start, inner_end, lang or "text", max_chars
    )
    if outline:
        return outline
    return _code_windows(section, lines, first, inner_start, inner_end, lang, max_chars)


def _code_windows(
    section: Section,
    lines: list[str],
    first: int,
    inner_start: int,
    inner_end: int,
    lang: str,
    max_chars: int,
) -> list[Passage]:
    window = min(_CODE_WINDOW_CHARS, max_chars)
    out: list[Passage] = []
    s = inner_start
    while s < inner_end:
        e, size = s, 0
        while e < inner_end and (size + len(lines[e - first]) + 1 <= window or e == s):
            size += len(lines[e - first]) + 1
            e += 1
        if size > max_chars:  # one huge line
            out.extend(_split_long_lines(section, lines, first, s, e, max_chars, ""))
        else:
            out.extend(_line_passage(section, lines, first, s, e, code_lang=lang or "text"))
        if e >= inner_end:
            break
        step = max(1, (e - s) // 2)
        s += step
    return out


def _outline_passages(
    section: Section, lines: list[str], first: int, start: int, end: int, lang: str, max_chars: int
) -> list[Passage] | None:
    """Passages of a flattened outline (see :func:`bot.outline.outline_groups`), or None."""
    groups = outline_groups(lines, first, start, end)
    if groups is None:
        return None
    out: list[Passage] = []
    for head, a, b in groups:
        path = section.heading_path + head
        out.extend(_outline_group(section, lines, first, path, a, b, lang, max_chars))
    return out or None


def _outline_group(
    section: Section,
    lines: list[str],
    first: int,
    heading_path: tuple[str, ...],
    start: int,
    end: int,
    lang: str,
    max_chars: int,
) -> list[Passage]:
    sub = Section(
        section.source,
        heading_path,
        section.level,
        section.line_start,
        section.line_end,
        section.text,
        section.heading_line,
    )
    if _chars(lines, first, start, end) > max_chars:
        return _code_windows(sub, lines, first, start, end, lang, max_chars)
    return _line_passage(sub, lines, first, start, end, code_lang=lang)
