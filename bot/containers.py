"""The containers read in Markdown: MkDocs' (an admonition, ``!!! note``, or a content tab,
``=== "Windows"``, over an indented body), MyST's directives of prose (``:::{note}`` or
```` ```{note} ````), Docusaurus' admonitions (``:::tip[Title]``) and VitePress'
containers (``::: tip Title``), over a body that a line of the same fence closes. Each is a markdown-it
block rule that makes a ``container_open`` token, whose ``info`` is the marker's label as
written and whose ``markup`` is the MyST fence (empty for MkDocs), then the body's tokens,
then ``container_close``. See :mod:`bot.blocks`.

Pure: no files, no Discord.
"""

from __future__ import annotations

import bisect
import re

from markdown_it.rules_block import StateBlock

# MkDocs' containers, as Python-Markdown and pymdownx read them: an admonition (``!!! note``,
# ``??? tip "Title"``, ``???+ warning``) or a content tab (``=== "Windows"``, ``===+``,
# ``===!``), over a body indented four columns more
_CONTAINER = re.compile(
    r'(?:(?:!!!|\?\?\?\+?) ?[\w-]+(?: +[\w-]+)*(?: +"(?P<title>.*)")?'
    r'|===(?:\+!?|!\+?)? +"(?P<label>.*)") *'
)
CONTAINER_INDENT = 4  # a container's body is indented this many columns past its marker
_MARKER_MAX_CHARS = 800  # a longer line is no marker: bounds the regex


# MyST's directives (Sphinx, Jupyter Book) whose body is prose: ```{note} or :::{note}
# over Markdown that a line of the same fence ends, not code. Other directives ({code-block},
# {math}, {toctree}) stay code in a backtick fence and text in a colon fence.
_DIRECTIVE = re.compile(r"(?P<fence>`{3,}|~{3,}|:{3,})\{(?P<name>[a-z][\w-]*)\}[ \t]*(?P<arg>.*)")
_PROSE_DIRECTIVES = frozenset(
    [
        "admonition",
        "attention",
        "caution",
        "danger",
        "error",
        "hint",
        "important",
        "note",
        "seealso",
        "tip",
        "warning",
        "versionadded",
        "versionchanged",
        "deprecated",
        "dropdown",
        "tab-item",
        "topic",
        "sidebar",
        "margin",
    ]
)
_TITLED_DIRECTIVES = frozenset(("admonition", "dropdown", "tab-item", "topic", "sidebar"))
# Docusaurus' admonitions, ":::tip[Title]" (or ":::tip Title"), and VitePress' containers,
# "::: tip Title", "::: details Title", "::: code-group", over a body that a ":::" line
# closes. Only these names: DocFX's ":::moniker range=..." opens the same way and is closed
# by ":::moniker-end", and its ":::image ... :::" is one line.
_DOCUSAURUS = re.compile(
    r"(?P<fence>:{3,}) *(?P<name>note|tip|info|warning|danger|caution|important|success"
    r"|secondary|details|code-group)(?:\[(?P<arg>[^\]]*)\]| +(?P<title>.*))? *"
)
CLOSING_TRIED = 64  # lines of a fence's character looked at for the one closing a directive
_FENCE_LINES = "bot.containers.fence_lines"  # the parse env's key for those lines, per character
_DIRECTIVE_OPTION = re.compile(r":[\w-]+:(?:\s.*)?")  # ":class: tip" under the marker


def marker_label(line: str) -> str | None:
    """The label a container's marker line gives its body, as written (a tab's label, an
    admonition's title: ``!!! note "Title"``, ``:::{admonition} Title``), "" for a marker
    without one (``!!! note``, ``:::{note}``, whose type only says how to read the body),
    None when the line is no marker."""
    line = line.strip()
    if (d := _directive_marker(line)) is not None:
        return _directive_label(d)
    m = _marker(line)
    return None if m is None else m.group("title") or m.group("label") or ""


def fenced_directive_title(line: str) -> str | None:
    """The title a MyST directive of prose opened in a code fence shows readers: its own
    ("```{admonition} Cite us": "Cite us") or its kind's ("```{note}": "Note"); None for
    any other line. A quote leaves out the fence that closes it (see bot.unseen), so
    written as it is, a chat would show the rest of the quote as code."""
    d = _directive_marker(line.strip())
    if d is None or d.re is _DOCUSAURUS or d.group("fence")[0] == ":":
        return None
    return _directive_label(d) or d.group("name").replace("-", " ").capitalize()


def _directive_label(d: re.Match[str]) -> str:
    """The title a directive's marker gives its body, "" for none (``:::{note}``)."""
    if d.re is _DOCUSAURUS:
        return d.group("arg") or d.group("title") or ""
    return d.group("arg") if d.group("name") in _TITLED_DIRECTIVES else ""


def _directive_marker(line: str) -> re.Match[str] | None:
    if len(line) > _MARKER_MAX_CHARS or line[:1] not in ("`", "~", ":"):
        return None
    m = _DIRECTIVE.fullmatch(line)
    if m is None:
        return _DOCUSAURUS.fullmatch(line) if line[:1] == ":" else None
    return m if m.group("name") in _PROSE_DIRECTIVES else None


def _marker(line: str) -> re.Match[str] | None:
    if len(line) > _MARKER_MAX_CHARS or line[:1] not in ("!", "?", "="):
        return None
    return _CONTAINER.fullmatch(line)


def container_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A container (see _CONTAINER) whose body is read as Markdown: a ``container_open``
    token (its ``info`` the label, its map the marker line to the last line of the body),
    the body's tokens, ``container_close``. A marker with no body under it is text."""
    if state.sCount[start] - state.blkIndent >= 4:  # indented code
        return False
    at = state.bMarks[start] + state.tShift[start]
    if state.src[at : at + 1] not in ("!", "?", "="):  # most lines, cheaply
        return False
    if _marker(state.src[at : state.eMarks[start]].rstrip()) is None:
        return False
    indent = state.sCount[start] + CONTAINER_INDENT
    last = None
    for n in range(start + 1, end):
        if state.isEmpty(n):
            continue
        if state.sCount[n] < indent:
            break
        last = n
        if silent:
            return True
    if last is None:
        return False
    token = state.push("container_open", "div", 1)
    token.info, token.map = marker_label(line_of(state, start)) or "", [start, last + 1]
    saved = state.parentType, state.lineMax, state.blkIndent
    state.parentType, state.lineMax, state.blkIndent = "container", last + 1, indent
    state.md.block.tokenize(state, start + 1, last + 1)
    state.parentType, state.lineMax, state.blkIndent = saved
    state.push("container_close", "div", -1)
    state.line = last + 1
    return True


def directive_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A MyST directive whose body is prose (see _DIRECTIVE) or a Docusaurus admonition
    (see _DOCUSAURUS), read as a container: its marker line, the body's tokens up to the
    line of the same fence that ends it (option lines such as ``:class: tip`` under the
    marker are neither). Unclosed, or with no body, it is what it was: code in backticks,
    text between colons."""
    if state.sCount[start] - state.blkIndent >= 4:  # indented code
        return False
    m = _directive_marker(line_of(state, start).strip())
    if m is None:
        return False
    fence = m.group("fence")
    close = _closing_line(state, fence, start, end)
    body = start + 1
    while (
        close is not None
        and body < close
        and _DIRECTIVE_OPTION.fullmatch(line_of(state, body).strip())
    ):
        body += 1
    if close is None or all(state.isEmpty(n) for n in range(body, close)):
        return False
    if silent:
        return True
    token = state.push("container_open", "div", 1)
    token.info, token.map, token.markup = _directive_label(m), [start, close + 1], fence
    saved = state.parentType, state.lineMax
    state.parentType, state.lineMax = "container", close
    state.md.block.tokenize(state, body, close)
    state.parentType, state.lineMax = saved
    state.push("container_close", "div", -1)
    state.line = close + 1
    return True


def _closing_line(state: StateBlock, fence: str, start: int, end: int) -> int | None:
    """The first line after ``start`` (and before ``end``) made only of ``fence``'s
    character, at least as many, and not indented as code; None if there is none.

    The lines made only of one fence character are found once per document (kept in the
    parse's ``env``), so that a file of many unclosed markers is read in linear time, not
    once to its end per marker; at most CLOSING_TRIED of them are looked at per marker."""
    found = state.env.setdefault(_FENCE_LINES, {})
    lines = found.get(fence[0])
    if lines is None:
        lines = found[fence[0]] = [
            n
            for n in range(len(state.bMarks) - 1)  # every line: lineMax is a body's end in one
            if (line := line_of(state, n).strip())[:3] == fence[0] * 3
            and line.count(fence[0]) == len(line)
        ]
    at = bisect.bisect_right(lines, start)
    for n in lines[at : at + CLOSING_TRIED]:
        if n >= end:
            return None
        if state.sCount[n] - state.blkIndent < 4 and len(line_of(state, n).strip()) >= len(fence):
            return n
    return None


def line_of(state: StateBlock, n: int) -> str:
    """Line ``n`` of the source being parsed, without its line break and trailing spaces."""
    return state.src[state.bMarks[n] : state.eMarks[n]].rstrip()
