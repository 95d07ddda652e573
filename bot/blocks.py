"""Markdown → top-level blocks, read with markdown-it-py: the one Markdown parser.

A document is parsed once, block structure only (no inline rules: :func:`inline_text` reads
the raw inline Markdown of headings and labels). Its top-level blocks are then *refined*:
label lines that a lost indentation hid inside a list or paragraph (``Linux Guru:``,
``**Pros**``) become blocks of their own, so that :mod:`bot.sections` can make them
pseudo-headings. The front matter and the lead quote under the title are read here too.

Pure: no files, no Discord.
"""

from __future__ import annotations

import html
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from .containers import CONTAINER_INDENT, container_rule, directive_rule, line_of, marker_label
from .cut import shorten_words
from .text import stopwords

DESCRIPTION_MAX_CHARS = 300  # a document's description, as search context of each passage
MAX_HEADING_CHARS = 200  # a longer heading (or title) is cut, with "…"
MAX_TABLE_PIPES = 512  # a line with more is not read as a table row
_LABEL_MAX_CHARS = 80


@lru_cache(maxsize=2)
def markdown(containers: bool = True) -> MarkdownIt:
    """The parser; with ``containers``, MkDocs' containers and MyST's directives of prose
    are read too (see bot.containers)."""
    md = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)
    md.block.ruler.before("table", "toml_front_matter", _toml_front_matter)  # line 0 only
    if containers:
        alt = ["paragraph", "reference", "blockquote", "list"]  # it may interrupt them
        md.block.ruler.before("fence", "container", container_rule, {"alt": alt})
        md.block.ruler.before("fence", "directive", directive_rule, {"alt": alt})
    md.disable("inline")  # block structure only; see inline_text
    return md


TOML_FENCE = "+++"


def _toml_front_matter(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Hugo's TOML front matter: ``key = value`` lines between two ``+++`` lines at the
    very top of a file, a ``front_matter`` token like YAML's (an unclosed one is text)."""
    if start != 0 or not state.src.startswith(TOML_FENCE) or line_of(state, 0) != TOML_FENCE:
        return False
    close = next((n for n in range(1, end) if line_of(state, n) == TOML_FENCE), None)
    if close is None:
        return False
    if silent:
        return True
    token = state.push("front_matter", "", 0)
    token.hidden, token.block, token.markup = True, True, TOML_FENCE
    token.content = state.src[state.bMarks[1] : state.eMarks[close - 1]] if close > 1 else ""
    token.map = [0, close + 1]
    state.line = close + 1
    return True


def container_label(line: str) -> str | None:
    """The label a container's marker line gives its body (a tab's label, an admonition's
    title: ``!!! note "Title"``, ``:::{admonition} Title``), "" for a marker without one
    (``!!! note``, ``:::{note}``, whose type only says how to read the body), None when
    the line is no marker (see bot.containers)."""
    label = marker_label(line)
    return None if label is None else inline_text(label)


@dataclass(slots=True)
class Block:
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
_TAG = re.compile(r"<[^<>\n]*>")
_SPAN = 4 * MAX_HEADING_CHARS  # the longest link or emphasis read: bounds the backtracking
INLINE_MARKUP = (
    (re.compile(rf"!?\[([^\]]{{0,{_SPAN}}})\]\([^)]{{0,{_SPAN}}}\)"), r"\1"),  # links, images
    (re.compile(rf"!?\[([^\]]{{0,{_SPAN}}})\]\[[^\]]{{0,{_SPAN}}}\]"), r"\1"),  # reference links
    (_TAG, ""),  # inline HTML and autolinks (see plain_text's ``tags``)
    (re.compile(rf"(\*\*|~~|\*)(?=\S)(.{{1,{_SPAN}}}?)(?<=\S)\1"), r"\2"),  # emphasis
    (re.compile(rf"(?<!\w)(__|_)(?=\S)(.{{1,{_SPAN}}}?)(?<=\S)\1(?!\w)"), r"\2"),  # not in words
)
"""What :func:`plain_text` removes, in this order, once backslash escapes are set aside."""

_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash-escaped ASCII punctuation character
_HIDDEN = 0xE000  # escaped characters wait in the private use area while markup is removed
_UNHIDE = {_HIDDEN + c: chr(c) for c in range(128)}


def _hide_escape(m: re.Match[str]) -> str:
    return chr(_HIDDEN + ord(m.group(1)))


def inline_text(markdown: str) -> str:
    """Plain text of inline Markdown, as a heading or label holds (see :func:`plain_text`),
    code kept.

    The parser runs without its inline rules (they cost more than half of the parse and
    only headings and labels need their text), so this reads the raw inline Markdown.
    Only the start of a long text is read, and the result is cut to MAX_HEADING_CHARS:
    the emphasis patterns backtrack, and a 120 KB heading took 50 s.
    """
    return short(plain_text(markdown[: 4 * MAX_HEADING_CHARS]))


_SPACES = re.compile(r"\s+")
_HELD_START, _HELD_END = "\ue100", "\ue101"  # around a code span's number, in plain_text
_HELD = re.compile(f"{_HELD_START}(\\d+){_HELD_END}")
_MARKUP_CHARS = re.compile(r"[`\[<\\*_~&]")


def plain_text(text: str, *, code: bool = True, tags: str = "") -> str:
    """Inline Markdown → plain text: links and images reduced to their text, emphasis,
    inline HTML and backslash escapes dropped, entities decoded, whitespace collapsed.

    Code spans are kept as their code, or with ``code=False`` dropped (``$1`` in a shell
    snippet is no amount of money). HTML tags become ``tags``: nothing for headings,
    a space where words must stay apart ("Senior<br>Engineer").
    """
    if not _MARKUP_CHARS.search(text):  # most lines have no markup at all
        return _SPACES.sub(" ", text).strip()
    # code spans wait in the private use area while the markup around them is removed: a
    # link or emphasis may hold one ("**`--release`**", "[`uuid`](…)")
    codes: list[str] = []

    def hold(m: re.Match[str]) -> str:
        codes.append(m.group(2).strip() if code else " ")
        return f"{_HELD_START}{len(codes) - 1}{_HELD_END}"

    text = _CODE_SPAN.sub(hold, text) if "`" in text else text
    text, escapes = _ESCAPE.subn(_hide_escape, text)  # an escaped * is no emphasis
    for pattern, repl in INLINE_MARKUP:
        text = pattern.sub(tags if pattern is _TAG else repl, text)
    text = html.unescape(text.translate(_UNHIDE) if escapes else text)
    if codes:
        text = _HELD.sub(
            lambda m: codes[int(m.group(1))] if int(m.group(1)) < len(codes) else "", text
        )
    return _SPACES.sub(" ", text).strip()


def short(text: str, limit: int = MAX_HEADING_CHARS) -> str:
    """``text`` cut to at most ``limit`` characters, on a word boundary, with "…"."""
    return shorten_words(text, limit)


# a heading's attributes, as Pandoc, MkDocs and Hugo write them: "## Install {#install .wide}"
_HEADING_ATTRS = re.compile(r"\s*\{\s*[#.][^{}]*\}\s*$")


def top_level_blocks(tokens: list[Token], level: int = 0) -> Iterator[Block]:
    """The blocks of ``tokens`` at ``level``; a container (see :mod:`bot.containers`) is a
    ``container`` block of its marker line, followed by the blocks of its body."""
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.level != level or tok.map is None:
            i += 1
            continue
        start, end = tok.map
        if tok.nesting == 1:
            close = tok.type.replace("_open", "_close")
            depth, j = 0, i
            while j < len(tokens):
                if tokens[j].type == tok.type and tokens[j].level == level:
                    depth += 1
                elif tokens[j].type == close and tokens[j].level == level:
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            inner = tokens[i : j + 1]
            kind = tok.type[: -len("_open")]
            if kind == "container":
                yield Block(kind, start, start + 1, [tok], text=inline_text(tok.info))
                yield from top_level_blocks(tokens[i + 1 : j], level + 1)
                i = j + 1
                continue
            block = Block(kind, start, end, inner)
            if kind == "heading":
                block.level = int(tok.tag[1:])
                text = inline_text(tokens[i + 1].content) if i + 1 < len(tokens) else ""
                block.text = _HEADING_ATTRS.sub("", text) or text
            yield block
            i = j + 1
        else:
            yield Block(tok.type, start, end, [tok])
            i += 1


def container_end(block: Block) -> int:
    """The line after the body of a ``container`` block (0-based; the block itself is its
    marker line)."""
    token_map = block.tokens[0].map if block.tokens else None
    return block.start + token_map[1] - token_map[0] if token_map else block.end


def _single_item_label(block: Block) -> str | None:
    """The text of a one-item numbered list whose item is one short line, else None."""
    item_level = block.tokens[0].level + 1 if block.tokens else 1
    opens = [t for t in block.tokens if t.type == "list_item_open" and t.level == item_level]
    inlines = [t for t in block.tokens if t.type == "inline"]
    nested = [
        t
        for t in block.tokens[1:-1]
        if t.nesting == 1 and t.type not in ("list_item_open", "paragraph_open")
    ]
    if len(opens) != 1 or len(inlines) != 1 or nested or "\n" in inlines[0].content:
        return None
    return _label_text(inline_text(inlines[0].content), colon_required=False)


LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])(?:\s|$)")
_BOLD_LINE = re.compile(r"^(\*\*|__)(?P<t>[^*_\n]{1,80}?)\1\s*:?\s*$")
# a label in italics says it is one by its colon: "_Band placement:_", "*Pros*:"
_ITALIC_LABEL = re.compile(r"^([*_])(?P<t>[^*_\n]{1,80}?)(?::\1|\1\s*:)\s*$")


def _label_text(text: str, colon_required: bool = True) -> str | None:
    """``text`` as a pseudo-heading label, if it is short and reads like one."""
    text = text.strip()
    if not text or len(text) > _LABEL_MAX_CHARS or text.endswith((".", "?", "!", ",", ";")):
        return None
    if colon_required and not text.endswith(":"):
        return None
    label = re.sub(r"[*_`]+", "", text.rstrip(":")).strip()
    if not label or label.count(" ") > 5 or "," in label or label.startswith(":"):
        return None  # ... not a site generator's mark: DocFX's ":::image-end:::", ":::row:::"
    if label[0].islower():
        return None  # a sentence leading into what follows: "you'll get this error:"
    words = label.split()
    if len(words) > 1 and words[-1].casefold() in stopwords():
        return None  # ... or one that ends in a word of grammar: "Notice that:"
    return label


def _line_label(line: str) -> str | None:
    """A whole line that is a label: ``Linux Guru:`` or ``**Pros**``, not indented."""
    if not line or line[0].isspace() or LIST_MARKER.match(line):
        return None
    m = _BOLD_LINE.match(line.strip()) or _ITALIC_LABEL.match(line.strip())
    if m:
        return _label_text(m.group("t"), colon_required=False)
    return _label_text(line)


# a line that ends a sentence (its closing quote or bracket after), or blank; not a line
# that ends in a link: "clone the [`uuid` repository][uuid-repository]\nlocally via:"
_SENTENCE_END = re.compile(r"[.!?:;][\"')\]]*\s*$|^\s*$")
_SENTENCE_BREAK = re.compile(r"[.!?]\s")  # a sentence ends inside the line


def _continues(lines: list[str], n: int, first: int) -> bool:
    """Whether line ``n`` of a paragraph carries on the sentence of the line above it: that
    line ends mid-sentence, and this one starts in lower case or ends that sentence."""
    if n == first or _SENTENCE_END.search(lines[n - 1]):
        return False
    line = lines[n].lstrip()
    return line[:1].islower() or _SENTENCE_BREAK.search(line) is not None


_HTML_HEADING = re.compile(r"<h([1-6])(?:\s[^<>]*)?>(.*?)</h\1\s*>", re.IGNORECASE | re.DOTALL)


def _html_heading(block: Block) -> Block | None:
    """An HTML block that is one heading element (``<h1 align="center">Name</h1>``, as
    many READMEs open), as a heading block; None when it holds anything else, or no text."""
    m = _HTML_HEADING.fullmatch(block.tokens[0].content.strip()) if block.tokens else None
    if m is None:
        return None
    text = inline_text(m.group(2))
    if not text:
        return None
    return Block("heading", block.start, block.end, block.tokens, int(m.group(1)), text)


_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
# a script or a style sheet, whose text is run or applied, never shown (a VitePress page's
# <script setup>, a README's analytics snippet)
_HTML_UNSHOWN = re.compile(r"<(script|style)\b[^>]*>.*?(?:</\1\s*>|\Z)", re.DOTALL | re.IGNORECASE)
_HTML_TAG = re.compile(r"<[^<>]*>")  # may span lines: <img\n  src="...">


def shows_text(html_source: str) -> bool:
    """Whether an HTML block shows readers any text: not when it is only comments
    (``<!-- TODO: ask Bob -->``), scripts and style sheets, or tags (``<details>``,
    ``<a name="x"></a>``, an image)."""
    hidden = _HTML_UNSHOWN.sub("", _HTML_COMMENT.sub("", html_source))
    visible = _HTML_TAG.sub("", hidden)
    return bool(html.unescape(visible).strip())


def refine(blocks: list[Block], lines: list[str]) -> list[Block]:
    """Split label lines out of lists and paragraphs, where a lost indentation hid them."""
    out: list[Block] = []
    for k, b in enumerate(blocks):
        nxt = blocks[k + 1] if k + 1 < len(blocks) else None
        if b.kind == "html_block":
            out.append(_html_heading(b) or b)
            continue
        if b.kind == "ordered_list" and nxt is not None and nxt.kind == "bullet_list":
            label = _single_item_label(b)
            if label:
                out.append(Block("label", b.start, b.end, b.tokens, text=label))
                continue
        if b.kind not in ("bullet_list", "ordered_list", "paragraph"):
            out.append(b)
            continue
        labels = {n: _line_label(lines[n]) for n in range(b.start, min(b.end, len(lines)))}
        if b.kind == "paragraph":
            # trailing label lines, or a bold first line over its definition ("**SLO**\n...");
            # not the end of a sentence wrapped onto its last line ("... a week before
            # you\nstart. You will receive:")
            n = b.end - 1
            while n >= b.start and labels.get(n) and not _continues(lines, n, b.start):
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
                    out.append(Block(b.kind, run_start, n, []))
                out.append(Block("label", n, n + 1, [], text=labels[n] or ""))
                run_start = n + 1
        if run_start < b.end:
            out.append(Block(b.kind, run_start, b.end, []))
    return out


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's: ten times faster


def front_matter(block: Block) -> tuple[str | None, str | None, str | None]:
    """The ``title``, ``description`` and ``keywords`` of a YAML or TOML front matter
    block, when they are text (keywords: a list, or one string of them, as written);
    (None, None, None) when it cannot be read."""
    token = block.tokens[0]
    try:
        if token.markup == TOML_FENCE:
            data: object = tomllib.loads(token.content)
        else:
            data = yaml.load(token.content, Loader=_YAML_LOADER)
    except (yaml.YAMLError, tomllib.TOMLDecodeError, RecursionError):
        return None, None, None  # not YAML or TOML, or nested past what the parsers recurse into
    if not isinstance(data, dict):
        return None, None, None
    out = []
    for key in ("title", "description"):
        value = data.get(key)
        ok = isinstance(value, (str, int, float)) and str(value).strip()
        out.append(short(" ".join(str(value).split()), DESCRIPTION_MAX_CHARS) if ok else None)
    return out[0], out[1], _keywords(data.get("keywords"))


def _keywords(value: object) -> str | None:
    """The keywords of a front matter, one line of them without repeats, or None."""
    items = value if isinstance(value, list) else [value]
    seen: dict[str, str] = {}
    for item in items:
        if isinstance(item, (str, int, float)) and not isinstance(item, bool):
            for word in str(item).split(","):
                if word := " ".join(word.split()):
                    seen.setdefault(word.casefold(), word)
    return short(", ".join(seen.values()), DESCRIPTION_MAX_CHARS) if seen else None


def lead_quote(blocks: list[Block], lines: list[str]) -> tuple[str, int, int] | None:
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


def tamed(text: str) -> str:
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


def parse_tokens(text: str, env: dict[str, Any] | None = None) -> list[Token]:
    """The markdown-it tokens of ``text``: the one parse of a document. ``env``, when
    given, receives what markdown-it keeps aside (``"references"``: link definitions)."""
    # most documents have no container marker, and the rule would be tried at every block
    # start and paragraph line of theirs for nothing (1.4% of the parse)
    containers = any(m in text for m in ("!!!", "???", "===", "```{", "~~~{", ":::"))
    return markdown(containers).parse(tamed(text), env)


def parse_blocks(text: str, lines: list[str], tokens: list[Token] | None = None) -> list[Block]:
    """The refined top-level blocks of ``text`` (whose lines are ``lines``), from its
    ``tokens`` when they are given."""
    tokens = parse_tokens(text) if tokens is None else tokens
    blocks = list(top_level_blocks(tokens))
    return refine(blocks, _outdented(blocks, lines))


def _outdented(blocks: list[Block], lines: list[str]) -> list[str]:
    """``lines`` with the bodies of containers moved left by their indentation, so that a
    label line in one reads as it would outside (``Linux Guru:``, ``**Pros**``)."""
    out = lines
    for b in blocks:
        if b.kind != "container" or b.tokens[0].markup:
            continue  # a MyST directive's body is not indented
        if out is lines:
            out = list(lines)
        indent = len(lines[b.start]) - len(lines[b.start].lstrip()) + CONTAINER_INDENT
        for n in range(b.start + 1, min(container_end(b), len(out))):
            line = lines[n]
            out[n] = line[min(indent, len(line) - len(line.lstrip())) :]
    return out


def code_spans(
    block: Block | None, lines: list[str], first: int, start: int, end: int
) -> list[tuple[int, int, Block]]:
    """The code blocks inside a list block, as (start, end, block) lines within start..end:
    from its tokens, or, for a list whose label lines were taken out of it (see
    :func:`refine`), from its fence lines."""
    if block is None or not block.tokens or block.tokens[0].map is None:
        return _fences(lines, first, start, end)
    offset = block.start - block.tokens[0].map[0]
    out = []
    for tok in block.tokens:
        if tok.type in ("fence", "code_block") and tok.map is not None:
            a, z = tok.map[0] + offset, tok.map[1] + offset
            if start <= a and z <= end:
                out.append((a, z, Block(tok.type, a, z, [tok])))
    return out


_FENCE_OPEN = re.compile(r"^\s*(`{3,}|~{3,})\s*([^`\s]*)")


def _fences(lines: list[str], first: int, start: int, end: int) -> list[tuple[int, int, Block]]:
    """The fenced code blocks within lines start..end, read from their fence lines; one not
    closed there runs to ``end``."""
    out = []
    k = start
    while k < end:
        m = _FENCE_OPEN.match(lines[k - first])
        if m is None:
            k += 1
            continue
        mark = m.group(1)
        close = re.compile(rf"^\s*{re.escape(mark[0])}{{{len(mark)},}}\s*$")
        z = next((j + 1 for j in range(k + 1, end) if close.match(lines[j - first])), end)
        fence = Token("fence", "code", 0, map=[k, z], info=m.group(2), markup=mark)
        out.append((k, z, Block("fence", k, z, [fence])))
        k = z
    return out
