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

Reading Markdown into blocks is :mod:`bot.blocks`; cutting a section into passages is
:mod:`bot.passages`. This module is pure: it never touches Discord; only
:func:`read_markdown` reads a file.
Finding the files of a corpus is :func:`bot.index.scan`'s job.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from markdown_it.token import Token

from .blocks import (
    DESCRIPTION_MAX_CHARS,
    MAX_HEADING_CHARS,
    MAX_TABLE_PIPES,
    Block,
    container_end,
    front_matter,
    lead_quote,
    parse_blocks,
    parse_tokens,
    split_lines,
)
from .heading_line import with_heading_lines
from .links import used_links
from .passages import (
    MAX_CONTEXT_CHARS,
    MAX_PASSAGE_CHARS,
    MAX_TABLE_COLUMNS,
    Passage,
    Section,
    split_section,
)
from .text import stopwords
from .unseen import readable, without_liquid_comments

__all__ = [
    "DESCRIPTION_MAX_CHARS",
    "MAX_CONTEXT_CHARS",
    "MAX_FILE_BYTES",
    "MAX_HEADING_CHARS",
    "MAX_LABELS",
    "MAX_PASSAGE_CHARS",
    "MAX_TABLE_COLUMNS",
    "MAX_TABLE_PIPES",
    "CorpusError",
    "Document",
    "Passage",
    "Section",
    "is_markdown_name",
    "parse_file",
    "parse_markdown",
    "read_markdown",
    "read_markdown_from",
    "split_lines",
    "split_section",
]

MAX_FILE_BYTES = 5 * 1024 * 1024
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")  # the files of a corpus, in any case
# Bounds on what one file can make: every passage repeats its heading path and context, so
# without them a 200 KB heading over 700 paragraphs made a 231 MB index (see also
# MAX_HEADING_CHARS, MAX_TABLE_COLUMNS and MAX_CONTEXT_CHARS).
MAX_LABELS = 6  # consecutive pseudo-heading labels kept in a heading path (the last ones)


@dataclass(slots=True)
class Document:
    """A parsed Markdown file. ``tokens`` (markdown-it's, block level) and ``lines`` (the
    source's) are kept for what reads the same parse again: salary extraction."""

    source: str
    title: str | None
    sections: list[Section]
    passages: list[Passage]
    description: str | None = None
    tokens: list[Token] = field(default_factory=list, repr=False)
    lines: list[str] = field(default_factory=list, repr=False)
    # its title is its file's name (see file_title): a heading of its paths, no pay heading
    title_from_file: bool = False


class CorpusError(Exception):
    """The corpus folder cannot be used at all (missing, or no readable Markdown)."""


# --------------------------------------------------------------------------- parsing


def parse_markdown(text: str, source: str) -> Document:
    """Parse one Markdown document into sections and passages. Never raises on odd input."""
    if "endcomment" in text:
        text = without_liquid_comments(text)
    lines = split_lines(text)
    env: dict[str, Any] = {}
    tokens = parse_tokens(text, env)
    blocks = parse_blocks(text, lines, tokens)
    blocks, lines = readable(blocks, lines, text, mdx=source.lower().endswith(".mdx"))
    outline = _Outline(source, lines)
    named = (
        file_title(source)
        if not any(b.kind == "heading" and b.level == 1 for b in blocks)
        else None
    )
    if named:
        outline.title = named  # front matter's title, if any, comes first
        outline.cur_path = outline.root()
    i = 0
    while i < len(blocks):
        i = outline.add(blocks, i)
    outline.close()
    sections = outline.sections
    starts = [b.start for b in blocks]  # blocks come in document order
    passages = []
    for s in sections:
        parts = split_section(s, blocks, starts=starts)
        with_heading_lines(s, parts, lines)
        passages += parts
    lead = lead_quote(blocks, lines)
    description = outline.description
    passages = _with_document_context(passages, (description, outline.keywords), lead, source)
    if definitions := env.get("references"):
        passages = [_with_links(p, definitions) for p in passages]
    title = outline.title
    description = description or (lead[0] if lead else None)
    from_file = named is not None and title == named
    return Document(source, title, sections, passages, description, tokens, lines, from_file)


_UNNAMED = frozenset({"index", "_index", "readme"})  # a folder's page: named by the folder


def file_title(source: str) -> str | None:
    """The title of a page that writes none (no front matter title, no top heading): its
    file's name, as a wiki or a notes vault shows it ("commands/expire.md": "expire"); a
    folder's index page is named by its folder ("docs/management/_index.md":
    "management")."""
    parts = source.replace("\\", "/").split("/")
    name = parts[-1].rsplit(".", 1)[0]
    if name.casefold() in _UNNAMED:
        name = parts[-2] if len(parts) > 1 else ""
    return name.strip() or None


class _OpenContainer(NamedTuple):
    """A container around the blocks being read (see _Outline._enter_container)."""

    end: int  # the line after its body
    stack: list[tuple[int, str]]  # the heading stack, path and level to go back to after it
    path: tuple[str, ...]
    level: int
    marker: int | None  # the marker line of one without a label: it goes on in its section


class _Outline:
    """The sections of a document, made block by block: the heading stack and the section
    being filled (its path, level, 1-based heading line and body blocks)."""

    def __init__(self, source: str, lines: list[str]) -> None:
        self.source = source
        self.lines = lines
        self.title: str | None = None
        self.description: str | None = None
        self.keywords: str | None = None
        self.sections: list[Section] = []
        self.stack: list[tuple[int, str]] = []  # (level, heading text) of real headings
        self.cur_path: tuple[str, ...] = ()
        self.cur_level = 0
        self.cur_heading: int | None = None
        self.cur_body: list[tuple[int, int]] = []
        self.containers: list[_OpenContainer] = []  # open around the block being read
        self.markers: set[int] = set()  # the marker lines of the containers read so far

    def root(self) -> tuple[str, ...]:
        return (self.title,) if self.title else ()

    def path(self) -> tuple[str, ...]:
        heads = tuple(h for _, h in self.stack)
        if self.title and heads and heads[0].casefold() == self.title.casefold():
            return heads
        return self.root() + heads

    def level(self) -> int:
        return self.stack[-1][0] if self.stack else 0

    def close(self) -> None:
        """End the section being filled (a heading with no body makes an empty section)."""
        if self.cur_body:
            start, end = self.cur_body[0][0], self.cur_body[-1][1]
            text = "\n".join(self.lines[start:end])
            self.sections.append(
                Section(
                    self.source,
                    self.cur_path,
                    self.cur_level,
                    start + 1,
                    end,
                    text,
                    self.cur_heading,
                )
            )
        elif self.cur_heading is not None:
            line = self.cur_heading
            self.sections.append(
                Section(self.source, self.cur_path, self.cur_level, line, line, "", line)
            )
        self.cur_body, self.cur_heading = [], None

    def open(self, path: tuple[str, ...], level: int, heading: int | None) -> None:
        self.close()
        self.cur_path, self.cur_level, self.cur_heading = path, level, heading

    def add(self, blocks: list[Block], i: int) -> int:
        """Take ``blocks[i]`` (and the blocks a label heads); return the next index."""
        block = blocks[i]
        if self.containers:
            self._leave_containers(block.start)
        if block.kind == "front_matter":
            fm_title, fm_description, fm_keywords = front_matter(block)
            self.title = fm_title or self.title
            self.description = fm_description or self.description
            self.keywords = fm_keywords or self.keywords
            self.cur_path = self.root()
        elif block.kind == "heading":
            while self.stack and self.stack[-1][0] >= block.level:
                self.stack.pop()
            self.stack.append((block.level, block.text or "(untitled)"))
            carried = self._take_markers()  # a heading that opens a container's body
            self.open(self.path(), block.level, None if carried else block.start + 1)
            if carried:
                self.cur_body = [*carried, (block.start, block.end)]
        elif block.kind == "hr":
            self.stack.clear()
            self.open(self.root(), 0, None)
        elif block.kind == "label":
            return self._add_labels(blocks, i)
        elif block.kind == "container":
            self._enter_container(block)
        else:
            self.cur_body.append((block.start, block.end))
        return i + 1

    def _enter_container(self, block: Block) -> None:
        """An admonition or a content tab (``=== "Windows"``) with a label (a tab's, an
        admonition's title: see :func:`bot.blocks.container_label`) is a section of its
        own from its marker line on, the label heading its body as a heading would. One
        without (``!!! note``) goes on in the flow of its section."""
        marker = None if block.text else block.start
        self.containers.append(
            _OpenContainer(
                container_end(block), list(self.stack), self.cur_path, self.cur_level, marker
            )
        )
        self.markers.add(block.start)
        if not block.text:
            self.cur_body.append((block.start, block.end))
            return
        self.stack.append((self.level(), block.text))
        carried = self._take_markers()
        self.open(self.path(), self.cur_level + 1, None)
        self.cur_body = [*carried, (block.start, block.end)]

    def _take_markers(self) -> list[tuple[int, int]]:
        """The marker lines of containers that end the section being filled, taken from it:
        a container that opens with another (a tip over tabs), with a label or with a
        heading gives the section of those its marker line, never a passage alone."""
        if not self.markers:  # most documents: no container
            return []
        n = len(self.cur_body)
        while n and self.cur_body[n - 1][0] in self.markers:
            n -= 1
        carried, self.cur_body = self.cur_body[n:], self.cur_body[:n]
        return carried

    def _leave_containers(self, line: int) -> None:
        """Close the containers whose body ends before ``line``: what follows is the text
        around them again."""
        while self.containers and self.containers[-1].end <= line:
            _, stack, path, level, marker = self.containers.pop()
            # one without a label goes on in its section, unless a heading or a label in it
            # opened another: its passages end with it (see bot.passages.split_section)
            if (
                marker is None
                or stack != self.stack
                or not any(start == marker for start, _ in self.cur_body)
            ):
                self.stack = stack
                self.open(path, level, None)

    def _add_labels(self, blocks: list[Block], i: int) -> int:
        """A run of labels heads the block after it, in a section of its own."""
        chain = [blocks[i]]
        while i + len(chain) < len(blocks) and blocks[i + len(chain)].kind == "label":
            chain.append(blocks[i + len(chain)])
        i += len(chain)
        target = blocks[i] if i < len(blocks) else None
        if (
            target is None
            or target.kind in ("heading", "hr", "front_matter", "container")
            or (self.containers and target.start >= self.containers[-1].end)
        ):
            self.cur_body.extend((b.start, b.end) for b in chain)  # nothing to head: plain text
            return i
        outer_path, outer_level = self.cur_path, self.cur_level
        carried = self._take_markers()  # its text then holds the labels as written
        self.open(
            self.path() + tuple(b.text for b in chain[-MAX_LABELS:]),
            self.level() + len(chain),
            None if carried else chain[-1].start + 1,
        )
        self.cur_body = [*carried, (target.start, target.end)]
        self.open(outer_path, outer_level, None)
        return i + 1


def _with_document_context(
    passages: list[Passage],
    about: tuple[str | None, str | None],
    lead: tuple[str, int, int] | None,
    source: str,
) -> list[Passage]:
    """Give every passage the document's description, keywords and folder names as search
    context.

    A question names the tool or the subject of a page ("FreeBSD pf: ...") as often as the
    detail it wants; the description and the folders say what the whole file is about, so
    they count for each of its passages, not only for the first one. The lead (a quote under
    the title) is the description of a page without front matter: every passage gets it as
    context, the one that quotes it too, so there it counts as body text and as description,
    as a field weighted above the body would (BM25F). A one-passage page (a tldr page) is
    then found by what its lead says it does ("Mageia", "csvkit") before a page that only
    mentions those words in an example. A front matter's ``keywords`` are what its author
    says the page is about, in the words readers search with ("sick leave, extended
    leave", "HR links"), as a description is. A title that is one name in CamelCase (an
    alert's runbook, "KubeVirtVMIExcessiveMigrations"; a method's page, "RegularPages")
    says what the page is about in words run together: its words apart ("Kube Virt VMI
    Excessive Migrations") are context too, so a question in readers' words ("the guest's
    memory is low") reaches the page named for it (see :func:`camel_words`). So are the
    words of the CamelCase names its sections' headings write, apart: an API reference
    heads each section with the name it documents, "`setInterval(callback, delay)`", and a
    question asks for "a fixed interval" (see :func:`names_apart`). So are the
    initials of a title of capitalised words when the page writes them ("NYC" on the page
    "New York City"): readers ask by the short name (see :func:`initials`).
    """
    description, keywords = about
    folders = " ".join(Path(source).parent.parts)
    extra = [t for t in (description, keywords, folders) if t]
    out = []
    titles: dict[str, str] = {}  # each title's CamelCase words apart and initials, read once
    names: dict[tuple[str, ...], str] = {}  # each heading path's CamelCase names apart, once
    for p in passages:
        words = list(extra)
        if lead is not None and lead[0] != description:
            words.insert(0, lead[0])
        if path := p.heading_path:
            title = path[0]
            if title not in titles:
                named = (camel_words(title), initials(title, passages))
                titles[title] = " ".join(w for w in named if w)
            if path not in names:
                # the names its sections' headings write, beyond a title that is one name
                names[path] = names_apart(" ".join(path[bool(camel_words(title)) :]))
            words.extend(w for w in (titles[title], names[path]) if w)
        if words:
            context = "\n".join([p.context, *words]) if p.context else "\n".join(words)
            p = Passage(
                *(p.source, p.heading_path, p.line_start, p.line_end, p.text, p.code_lang),
                *(context, p.links, p.heading),
            )
        out.append(p)
    return out


def _with_links(p: Passage, definitions: dict[str, dict[str, str]]) -> Passage:
    """``p`` with the addresses of the reference-style links it uses (see bot.links)."""
    links = () if p.code_lang else used_links(p.text, definitions)
    return replace(p, links=links) if links else p


_CAMEL_NAME = re.compile(r"[A-Za-z0-9]*(?:[a-z][A-Z]|[A-Z]{2}[a-z])[A-Za-z0-9]*")
_CAMEL_PART = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")


def camel_words(title: str) -> str:
    """The words of a title that is one CamelCase name, apart ("DNSNxDomain" -> "DNS Nx
    Domain"), or "" for any other title ("CWinApp Class", "linux_python", "Setup")."""
    title = title.strip()
    return names_apart(title) if _CAMEL_NAME.fullmatch(title) else ""


_NAME_TOKEN = re.compile(r"[A-Za-z0-9]+")


def names_apart(heading: str) -> str:
    """The words of the CamelCase names a heading writes, apart, or "" if it writes none:
    "`.toHaveProperty(keyPath, value?)`" -> "to Have Property key Path", "CWnd::OnCreate"
    -> "C Wnd On Create". An API reference heads each section with the name it documents,
    and readers ask in its words ("run it at a fixed interval" for "setInterval")."""
    return " ".join(
        " ".join(_CAMEL_PART.findall(t))
        for t in _NAME_TOKEN.findall(heading)
        if _CAMEL_NAME.fullmatch(t)
    )


_TITLE_WORD = re.compile(r"[^\W\d_][\w'’]*")
INITIALS = (3, 6)  # the words of a title whose initials are searched: see initials


def initials(title: str, passages: list[Passage]) -> str:
    """The initials of a title of three to six words, each capitalised, stopwords left out
    (the part before a parenthesis: "Enterprise Management Program Management Office" ->
    "empmo"), when one of the page's ``passages`` writes them as a word ("EMPMO"); or "".

    A handbook's question asks by the short name ("what does EMPMO do?", "nyc office q")
    and the page's title spells it out, while most of its passages say neither. Only
    initials the page itself writes: a title's initials are most often no word ("Create
    Project Existing Code"), or another one, and would match a question by chance."""
    words = [
        w for w in _TITLE_WORD.findall(title.split("(", 1)[0]) if w.casefold() not in stopwords()
    ]
    if not INITIALS[0] <= len(words) <= INITIALS[1] or not all(w[0].isupper() for w in words):
        return ""
    short = "".join(w[0] for w in words)
    found = re.compile(rf"\b{short.upper()}\b")
    written = (f"{p.text}\n{' '.join(p.heading_path[1:])}" for p in passages)
    return short.lower() if any(found.search(t) for t in written) else ""


# --------------------------------------------------------------------------- corpus


def is_markdown_name(name: str) -> bool:
    """Whether a file of this name is one of the corpus's Markdown files."""
    return name.lower().endswith(MARKDOWN_SUFFIXES)


def read_markdown(path: Path) -> str:
    """Read a Markdown file, or raise ValueError with a reason a person can act on."""
    with path.open("rb") as fh:
        return read_markdown_from(fh)


def read_markdown_from(fh: BinaryIO) -> str:
    """Read an open Markdown file: see read_markdown."""
    size = os.fstat(fh.fileno()).st_size
    if size > MAX_FILE_BYTES:
        raise ValueError(
            f"too large ({size / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB)"
        )
    data = fh.read()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and b"\x00" in data:
        # what Windows PowerShell 5 writes with ">" and Out-File: its byte order mark says
        # so, and every space, newline and ASCII letter has a zero byte (two bytes that only
        # look like the mark start a file with none, and are not UTF-16: see below)
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ValueError(f"not valid UTF-16 (byte {exc.start})") from None
        if "\x00" in text:
            raise ValueError("binary data (NUL characters), not text")
        return text
    if b"\x00" in data:
        raise ValueError("binary data (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not valid UTF-8 (byte {exc.start})") from None


def parse_file(path: Path, root: Path) -> Document:
    return parse_markdown(read_markdown(path), path.relative_to(root).as_posix())
