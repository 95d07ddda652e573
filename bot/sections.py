"""Markdown → sections → passages.

A *section* is the text under one heading (real or inferred), with its heading path, its
source file and its exact line range. A *passage* is a piece of a section small enough to
quote (about 900 characters at most), cut on block boundaries, keeping the section's heading
path and its own exact line range.

Real documents are messy, so besides ATX and setext headings a few "pseudo-headings" are
recognised, each heading only the block right after it:

* a one-item numbered list followed by a bullet list (``1. Job Security`` + bullets, a
  list that lost its indentation);
* a short line ending in a colon followed by a list (``Linux Guru:`` + bullets);
* a paragraph that is only bold text (``**Pros**``) followed by a block.

A thematic break (``---``) ends the content before it: what follows it no longer sits under
the headings above it.

This module is pure: it never touches Discord; only :func:`read_markdown` reads a file.
Finding the files of a corpus is :func:`bot.index.scan`'s job.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from .cut import cut_text, shorten_words

MAX_PASSAGE_CHARS = 900
DESCRIPTION_MAX_CHARS = 300  # a document's description, as search context of each passage
MAX_FILE_BYTES = 5 * 1024 * 1024
_LABEL_MAX_CHARS = 80
_CODE_WINDOW_CHARS = 480
# Bounds on what one file can make: every passage repeats its heading path and context, so
# without them a 200 KB heading over 700 paragraphs made a 231 MB index.
MAX_HEADING_CHARS = 200  # a longer heading (or title) is cut, with "…"
MAX_LABELS = 6  # consecutive pseudo-heading labels kept in a heading path (the last ones)
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
    the quote (a table's header row, for instance).
    """

    source: str
    heading_path: tuple[str, ...]
    line_start: int
    line_end: int
    text: str
    code_lang: str | None = None
    context: str = ""


@dataclass(slots=True)
class Document:
    source: str
    title: str | None
    sections: list[Section]
    passages: list[Passage]
    description: str | None = None


class CorpusError(Exception):
    """The corpus folder cannot be used at all (missing, or no readable Markdown)."""


# --------------------------------------------------------------------------- parsing


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)
    md.disable("inline")  # block structure only; see inline_text
    return md


@dataclass(slots=True)
class _Block:
    """One top-level block of a document: ``start``/``end`` are 0-based, end exclusive."""

    kind: str
    start: int
    end: int
    tokens: list[Token]
    level: int = 0  # heading level for headings
    text: str = ""  # heading or label text


def split_lines(text: str) -> list[str]:
    """Split text into lines the way markdown-it counts them."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_INLINE_MARKUP = (
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links and images: their text
    (re.compile(r"!?\[([^\]]*)\]\[[^\]]*\]"), r"\1"),  # reference links
    (re.compile(r"<[^<>\n]*>"), ""),  # inline HTML and autolinks
    (re.compile(r"(\*\*|~~|\*)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # emphasis
    (re.compile(r"(?<!\w)(__|_)(?=\S)(.+?)(?<=\S)\1(?!\w)"), r"\2"),  # never inside words
    (re.compile(r"\\([!-/:-@\[-`{-~])"), r"\1"),  # backslash escapes
)


def inline_text(token: Token) -> str:
    """Plain text of an inline token's Markdown: markup and inline HTML dropped, code kept.

    The parser runs without its inline rules (they cost more than half of the parse and
    only headings and labels need their text), so this reads the raw inline Markdown.
    Only the start of a long text is read, and the result is cut to MAX_HEADING_CHARS:
    the emphasis patterns backtrack, and a 120 KB heading took 50 s.
    """
    parts = _CODE_SPAN.split(token.content[: 4 * MAX_HEADING_CHARS])
    out: list[str] = []
    for n in range(0, len(parts), 3):  # split() yields text, fence, code, text, ...
        text = parts[n]
        for pattern, repl in _INLINE_MARKUP:
            text = pattern.sub(repl, text)
        out.append(html.unescape(text))
        if n + 2 < len(parts):
            out.append(parts[n + 2].strip())
    return short(re.sub(r"\s+", " ", "".join(out)).strip())


def short(text: str, limit: int = MAX_HEADING_CHARS) -> str:
    """``text`` cut to at most ``limit`` characters, on a word boundary, with "…"."""
    return shorten_words(text, limit)


def _top_level_blocks(tokens: list[Token]) -> Iterator[_Block]:
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.level != 0 or tok.map is None:
            i += 1
            continue
        start, end = tok.map
        if tok.nesting == 1:
            close = tok.type.replace("_open", "_close")
            depth, j = 0, i
            while j < len(tokens):
                if tokens[j].type == tok.type and tokens[j].level == 0:
                    depth += 1
                elif tokens[j].type == close and tokens[j].level == 0:
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            inner = tokens[i : j + 1]
            kind = tok.type[: -len("_open")]
            block = _Block(kind, start, end, inner)
            if kind == "heading":
                block.level = int(tok.tag[1:])
                block.text = inline_text(tokens[i + 1]) if i + 1 < len(tokens) else ""
            yield block
            i = j + 1
        else:
            yield _Block(tok.type, start, end, [tok])
            i += 1


def _single_item_label(block: _Block) -> str | None:
    """The text of a one-item numbered list whose item is one short line, else None."""
    opens = [t for t in block.tokens if t.type == "list_item_open" and t.level == 1]
    inlines = [t for t in block.tokens if t.type == "inline"]
    nested = [
        t
        for t in block.tokens[1:-1]
        if t.nesting == 1 and t.type not in ("list_item_open", "paragraph_open")
    ]
    if len(opens) != 1 or len(inlines) != 1 or nested or "\n" in inlines[0].content:
        return None
    return _label_text(inline_text(inlines[0]), colon_required=False)


_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])(?:\s|$)")
_BOLD_LINE = re.compile(r"^(\*\*|__)(?P<t>[^*_\n]{1,80}?)\1\s*:?\s*$")


def _label_text(text: str, colon_required: bool = True) -> str | None:
    """``text`` as a pseudo-heading label, if it is short and reads like one."""
    text = text.strip()
    if not text or len(text) > _LABEL_MAX_CHARS or text.endswith((".", "?", "!", ",", ";")):
        return None
    if colon_required and not text.endswith(":"):
        return None
    label = re.sub(r"[*_`]+", "", text.rstrip(":")).strip()
    if not label or label.count(" ") > 5 or "," in label:
        return None
    return label


def _line_label(line: str) -> str | None:
    """A whole line that is a label: ``Linux Guru:`` or ``**Pros**``, not indented."""
    if not line or line[0].isspace() or _LIST_MARKER.match(line):
        return None
    m = _BOLD_LINE.match(line.strip())
    if m:
        return _label_text(m.group("t"), colon_required=False)
    return _label_text(line)


def _refine(blocks: list[_Block], lines: list[str]) -> list[_Block]:
    """Split label lines out of lists and paragraphs, where a lost indentation hid them."""
    out: list[_Block] = []
    for k, b in enumerate(blocks):
        nxt = blocks[k + 1] if k + 1 < len(blocks) else None
        if b.kind == "ordered_list" and nxt is not None and nxt.kind == "bullet_list":
            label = _single_item_label(b)
            if label:
                out.append(_Block("label", b.start, b.end, b.tokens, text=label))
                continue
        if b.kind not in ("bullet_list", "ordered_list", "paragraph"):
            out.append(b)
            continue
        labels = {n: _line_label(lines[n]) for n in range(b.start, min(b.end, len(lines)))}
        if b.kind == "paragraph":
            # trailing label lines, or a bold first line over its definition ("**SLO**\n...")
            n = b.end - 1
            while n >= b.start and labels.get(n):
                n -= 1
            bold_head = b.end - b.start > 1 and _BOLD_LINE.match(lines[b.start].strip())
            labels = {m: t for m, t in labels.items() if m > n or (m == b.start and bold_head)}
        if not any(labels.values()):
            out.append(b)
            continue
        run_start = b.start
        for n in range(b.start, b.end):
            if labels.get(n):
                if n > run_start:
                    out.append(_Block(b.kind, run_start, n, []))
                out.append(_Block("label", n, n + 1, [], text=labels[n] or ""))
                run_start = n + 1
        if run_start < b.end:
            out.append(_Block(b.kind, run_start, b.end, []))
    return out


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's: ten times faster


def _front_matter(block: _Block) -> tuple[str | None, str | None]:
    """The ``title`` and ``description`` of a YAML front matter block, when they are text."""
    try:
        data = yaml.load(block.tokens[0].content, Loader=_YAML_LOADER)
    except yaml.YAMLError:
        return None, None
    if not isinstance(data, dict):
        return None, None
    out = []
    for key in ("title", "description"):
        value = data.get(key)
        ok = isinstance(value, (str, int, float)) and str(value).strip()
        out.append(short(" ".join(str(value).split()), DESCRIPTION_MAX_CHARS) if ok else None)
    return out[0], out[1]


def _lead_quote(blocks: list[_Block], lines: list[str]) -> tuple[str, int, int] | None:
    """The document's lead: a block quote right under its title (``# tar`` then ``> Archive
    files.``), as plain text with its line range, or None.

    Only a quote before any other content counts: one further down is part of its section.
    """
    for b in blocks:
        if b.kind in ("front_matter", "hr") or (b.kind == "heading" and b.level == 1):
            continue
        if b.kind != "blockquote":
            return None
        text = " ".join(re.sub(r"^\s{0,3}>\s?", "", line) for line in lines[b.start : b.end])
        text = re.sub(r"\s+", " ", text).strip()
        return (text[:DESCRIPTION_MAX_CHARS], b.start + 1, b.end) if text else None
    return None


def _with_document_context(
    passages: list[Passage], description: str | None, lead: tuple[str, int, int] | None, source: str
) -> list[Passage]:
    """Give every passage the document's description and folder names as search context.

    A question names the tool or the subject of a page ("FreeBSD pf: ...") as often as the
    detail it wants; the description and the folders say what the whole file is about, so
    they count for each of its passages, not only for the first one. A passage that quotes
    the lead itself does not get it twice.
    """
    folders = " ".join(Path(source).parent.parts)
    extra = [t for t in (description, folders) if t]
    if not extra and lead is None:
        return passages
    out = []
    for p in passages:
        words = list(extra)
        outside = lead is not None and not (p.line_start <= lead[2] and lead[1] <= p.line_end)
        if outside and lead is not None and lead[0] != description:
            words.insert(0, lead[0])
        if words:
            context = "\n".join([p.context, *words]) if p.context else "\n".join(words)
            p = Passage(
                p.source, p.heading_path, p.line_start, p.line_end, p.text, p.code_lang, context
            )
        out.append(p)
    return out


MAX_TABLE_PIPES = 512  # a line with more is not read as a table row


def _tamed(text: str) -> str:
    """The text as the parser should see it: lines with more than MAX_TABLE_PIPES pipes get
    them replaced by a look-alike, so that they are plain text, not a table of thousands of
    columns (markdown-it makes tokens for every cell: 5 s for a table 100,000 columns wide).
    Line lengths and line breaks stay as they were; passages are cut from ``text`` itself.
    """
    if text.count("|") <= MAX_TABLE_PIPES:
        return text
    return "\n".join(
        line.replace("|", "\u2502") if line.count("|") > MAX_TABLE_PIPES else line
        for line in text.split("\n")
    )


def parse_markdown(text: str, source: str) -> Document:
    """Parse one Markdown document into sections and passages. Never raises on odd input."""
    lines = split_lines(text)
    blocks = _refine(list(_top_level_blocks(_markdown().parse(_tamed(text)))), lines)
    title: str | None = None
    description: str | None = None
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []  # (level, heading text) of real headings

    def root() -> tuple[str, ...]:
        return (title,) if title else ()

    def path() -> tuple[str, ...]:
        heads = tuple(h for _, h in stack)
        if title and heads and heads[0].casefold() == title.casefold():
            return heads
        return root() + heads

    def level() -> int:
        return stack[-1][0] if stack else 0

    # The section being filled: its path, level, heading line (1-based) and body blocks.
    cur_path, cur_level, cur_heading = root(), 0, None
    cur_body: list[tuple[int, int]] = []

    def close() -> None:
        nonlocal cur_body, cur_heading
        if cur_body:
            start, end = cur_body[0][0], cur_body[-1][1]
            sections.append(
                Section(
                    source,
                    cur_path,
                    cur_level,
                    start + 1,
                    end,
                    "\n".join(lines[start:end]),
                    cur_heading,
                )
            )
        elif cur_heading is not None:
            sections.append(
                Section(source, cur_path, cur_level, cur_heading, cur_heading, "", cur_heading)
            )
        cur_body, cur_heading = [], None

    def open_section(new_path: tuple[str, ...], new_level: int, heading: int | None) -> None:
        nonlocal cur_path, cur_level, cur_heading
        close()
        cur_path, cur_level, cur_heading = new_path, new_level, heading

    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.kind == "front_matter":
            fm_title, fm_description = _front_matter(block)
            title, description = fm_title or title, fm_description or description
            cur_path = root()
        elif block.kind == "heading":
            while stack and stack[-1][0] >= block.level:
                stack.pop()
            stack.append((block.level, block.text or "(untitled)"))
            open_section(path(), block.level, block.start + 1)
        elif block.kind == "hr":
            stack.clear()
            open_section(root(), 0, None)
        elif block.kind == "label":
            chain = [block]
            while i + len(chain) < len(blocks) and blocks[i + len(chain)].kind == "label":
                chain.append(blocks[i + len(chain)])
            i += len(chain)
            target = blocks[i] if i < len(blocks) else None
            if target is None or target.kind in ("heading", "hr", "front_matter"):
                cur_body.extend((b.start, b.end) for b in chain)  # nothing to head: plain text
                continue
            outer_path, outer_level = cur_path, cur_level
            open_section(
                path() + tuple(b.text for b in chain[-MAX_LABELS:]),
                level() + len(chain),
                chain[-1].start + 1,
            )
            cur_body.append((target.start, target.end))
            open_section(outer_path, outer_level, None)
        else:
            cur_body.append((block.start, block.end))
        i += 1
    close()
    starts = [b.start for b in blocks]  # blocks come in document order
    passages = [p for s in sections for p in split_section(s, blocks, starts=starts)]
    lead = _lead_quote(blocks, lines)
    passages = _with_document_context(passages, description, lead, source)
    return Document(source, title, sections, passages, description or (lead[0] if lead else None))


# --------------------------------------------------------------------------- passages


def split_section(
    section: Section,
    blocks: Sequence[_Block] | None = None,
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
    pack: list[tuple[int, int]] = []

    def flush() -> None:
        if pack:
            passages.extend(_line_passage(section, lines, first, pack[0][0], pack[-1][1]))
            pack.clear()

    for start, end, kind, block in units:
        size = _chars(lines, first, start, end)
        if size > max_chars or kind in ("fence", "code_block"):
            flush()
            passages.extend(_split_block(section, lines, first, start, end, kind, block, max_chars))
            continue
        # a block that introduces the next one ("- Flush all rules:" over its command) stays
        # with it, up to half a passage more
        limit = max_chars * 3 // 2 if pack and _introduces(lines, first, pack[-1]) else max_chars
        if pack and _chars(lines, first, pack[0][0], end) > limit:
            flush()
        pack.append((start, end))
    flush()
    return passages


def _introduces(lines: list[str], first: int, unit: tuple[int, int]) -> bool:
    """Whether a unit ends with a colon: it introduces what follows it."""
    for k in range(unit[1] - 1, unit[0] - 1, -1):
        text = lines[k - first].rstrip()
        if text:
            return text.endswith(":")
    return False


def _units(
    section: Section,
    lines: list[str],
    blocks: Sequence[_Block] | None,
    starts: Sequence[int] | None,
    first: int,
):
    """The blocks inside a section's line range, as (start, end, kind, block), 0-based.

    Lines between blocks that hold text are yielded as paragraphs.
    """
    last = first + len(lines)
    if blocks is None:
        own = _refine(list(_top_level_blocks(_markdown().parse(_tamed(section.text)))), lines)
        blocks = [
            _Block(b.kind, b.start + first, b.end + first, b.tokens, b.level, b.text) for b in own
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
    block: _Block | None,
    max_chars: int,
) -> list[Passage]:
    """Split one block that is too long (or code) into line groups."""
    if kind in ("fence", "code_block"):
        return _split_code(section, lines, first, start, end, block, max_chars)
    context = ""
    groups: list[tuple[int, int]]
    if kind in ("bullet_list", "ordered_list"):
        starts = [k for k in range(start, end) if _LIST_MARKER.match(lines[k - first])]
        starts = sorted({start, *starts})
        groups = list(zip(starts, starts[1:] + [end]))
    elif kind == "table":
        header_end = min(start + 2, end)  # header row and delimiter row
        context = "\n".join(_table_head(line) for line in lines[start - first : header_end - first])
        groups = [(k, k + 1) for k in range(header_end, end)]
    else:
        groups = [(k, k + 1) for k in range(start, end)]
    out: list[Passage] = []
    pack_start: int | None = None
    pack_end = start
    for s, e in groups:
        if s >= e:
            continue
        if pack_start is not None and _chars(lines, first, pack_start, e) > max_chars:
            out.extend(_line_passage(section, lines, first, pack_start, pack_end, context=context))
            pack_start = None
        if _chars(lines, first, s, e) > max_chars:
            if pack_start is not None:
                out.extend(
                    _line_passage(section, lines, first, pack_start, pack_end, context=context)
                )
                pack_start = None
            out.extend(_split_long_lines(section, lines, first, s, e, max_chars, context))
            continue
        if pack_start is None:
            pack_start = s
        pack_end = e
    if pack_start is not None:
        out.extend(_line_passage(section, lines, first, pack_start, pack_end, context=context))
    return out


def _table_head(line: str) -> str:
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
    for k in range(start, end):
        line = lines[k - first]
        for piece in cut_text(line, max_chars):
            if piece.strip():
                out.append(
                    Passage(
                        section.source,
                        section.heading_path,
                        k + 1,
                        k + 1,
                        piece.strip(),
                        None,
                        context,
                    )
                )
    return out


def _split_code(
    section: Section,
    lines: list[str],
    first: int,
    start: int,
    end: int,
    block: _Block | None,
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
    inner_start, inner_end = start, end
    if block is not None and block.kind == "fence":
        inner_start = start + 1
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


_OUTLINE_LINE = re.compile(r"^[^\W\d_][^;{}=<>\[\]|]{0,59}$")
_MERMAID_NODE = re.compile(
    r"^(?:\w+)?\s*(?:\(\(|\(|\[|\{\{|\)\)|\))(?P<t>.+?)(?:\)\)|\)|\]|\}\}|\(\()$"
)


def _outline_label(line: str) -> str:
    line = line.strip()[: 4 * MAX_HEADING_CHARS]
    m = _MERMAID_NODE.match(line)
    return short(m.group("t").strip() if m else line)


def _outline_passages(
    section: Section, lines: list[str], first: int, start: int, end: int, lang: str, max_chars: int
) -> list[Passage] | None:
    """Passages of a flattened outline (a mindmap that lost its indentation), or None.

    In a flattened outline, category labels repeat under each parent ("Core Skills",
    "Pros", "Cons" under "Linux Guru" and again under "Python Guru"). The line before each
    occurrence of the first repeated label is a parent. Each labelled group becomes a
    passage whose heading path names its root, parent and label, so "cons of Python"
    finds the "Cons" group under "Python Guru", not a window across both.
    """
    raw = [lines[k - first].strip() for k in range(start, end)]
    body = [(start + n, t) for n, t in enumerate(raw) if t]
    if len(body) < 8:
        return None
    if sum(1 for _, t in body if _OUTLINE_LINE.match(_outline_label(t))) < 0.8 * len(body):
        return None
    root = None
    if body[0][1].casefold() in ("mindmap", "graph", "flowchart"):
        body = body[1:]
    if body and _MERMAID_NODE.match(body[0][1]):
        root = _outline_label(body[0][1])
        body = body[1:]
    keys = [_outline_label(t).casefold() for _, t in body]
    counts: dict[str, int] = {}
    for k in keys:
        counts[k] = counts.get(k, 0) + 1
    repeated = [n for n, k in enumerate(keys) if counts[k] > 1]
    if not repeated:
        return None
    cycle = keys[repeated[0]]
    parents = {n - 1 for n in repeated if keys[n] == cycle and n > 0 and counts[keys[n - 1]] == 1}
    if not parents:
        return None
    group_sizes: dict[str, list[int]] = {}
    cuts = sorted(set(repeated) | parents | {len(body)})
    bounds = list(zip(cuts, cuts[1:]))
    for a, b in bounds:
        if a not in parents:
            group_sizes.setdefault(keys[a], []).append(b - a)
    base = section.heading_path + ((root,) if root else ())
    out: list[Passage] = []
    parent: str | None = None
    for n, (a, b) in enumerate(bounds):
        if a in parents:
            parent = _outline_label(body[a][1])
            continue
        head = base + ((parent,) if parent else ()) + (_outline_label(body[a][1]),)
        if n == len(bounds) - 1 and len(group_sizes[keys[a]]) > 1:
            cap = max(group_sizes[keys[a]][:-1])  # the last group runs to the end: trim it
            if b - a > cap:
                out.extend(
                    _outline_group(
                        section,
                        lines,
                        first,
                        head,
                        body[a][0],
                        body[a + cap - 1][0] + 1,
                        lang,
                        max_chars,
                    )
                )
                rest = base + (_outline_label(body[a + cap][1]),)
                out.extend(
                    _outline_group(
                        section,
                        lines,
                        first,
                        rest,
                        body[a + cap][0],
                        body[b - 1][0] + 1,
                        lang,
                        max_chars,
                    )
                )
                continue
        out.extend(
            _outline_group(
                section, lines, first, head, body[a][0], body[b - 1][0] + 1, lang, max_chars
            )
        )
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


# --------------------------------------------------------------------------- corpus


def read_markdown(path: Path) -> str:
    """Read a Markdown file, or raise ValueError with a reason a person can act on."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ValueError(
            f"too large ({size / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB)"
        )
    data = path.read_bytes()
    if b"\x00" in data:
        raise ValueError("binary data (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not valid UTF-8 (byte {exc.start})") from None


def parse_file(path: Path, root: Path) -> Document:
    return parse_markdown(read_markdown(path), path.relative_to(root).as_posix())
