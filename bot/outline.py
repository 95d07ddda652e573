"""Flattened outlines: a mindmap (or any tree of short labels) that lost its indentation.

Such a block reaches a corpus as a fenced block of one label per line. In it, category
labels repeat under each parent ("Core Skills", "Pros", "Cons" under "Linux Guru" and again
under "Python Guru"); :func:`outline_groups` finds the groups, so that each becomes a
passage whose heading path names its root, parent and label (see
:func:`bot.passages.split_section`).

Pure: no files, no Discord.
"""

from __future__ import annotations

import re

from .blocks import MAX_HEADING_CHARS, short

Group = tuple[tuple[str, ...], int, int]  # heading path below the section's, lines [start, end)

_OUTLINE_LINE = re.compile(r"^[^\W\d_][^;{}=<>\[\]|]{0,59}$")
_MERMAID_NODE = re.compile(
    r"^(?:\w+)?\s*(?:\(\(|\(|\[|\{\{|\)\)|\))(?P<t>.+?)(?:\)\)|\)|\]|\}\}|\(\()$"
)


def _label(line: str) -> str:
    line = line.strip()[: 4 * MAX_HEADING_CHARS]
    m = _MERMAID_NODE.match(line)
    return short(m.group("t").strip() if m else line)


def outline_groups(lines: list[str], first: int, start: int, end: int) -> list[Group] | None:
    """The labelled groups of lines ``start..end`` of a code block that reads like a
    flattened outline, or None.

    ``lines[0]`` is line ``first`` (0-based). The line before each occurrence of the first
    repeated label is a parent. Each group comes with the heading path that names its root,
    parent and label, so "cons of Python" finds the "Cons" group under "Python Guru", not a
    window across both.
    """
    outline = _outline_body(lines, first, start, end)
    if outline is None:
        return None
    root, body = outline
    keys = [_label(t).casefold() for _, t in body]
    found = _outline_bounds(keys)
    if found is None:
        return None
    parents, bounds = found
    group_sizes: dict[str, list[int]] = {}
    for a, b in bounds:
        if a not in parents:
            group_sizes.setdefault(keys[a], []).append(b - a)
    base = (root,) if root else ()

    def group(head: tuple[str, ...], a: int, b: int) -> Group:
        """Body lines ``a`` to ``b`` (inclusive) under ``head``."""
        return head, body[a][0], body[b][0] + 1

    out: list[Group] = []
    parent: str | None = None
    for n, (a, b) in enumerate(bounds):
        if a in parents:
            parent = _label(body[a][1])
            continue
        head = base + ((parent,) if parent else ()) + (_label(body[a][1]),)
        if n == len(bounds) - 1 and len(group_sizes[keys[a]]) > 1:
            cap = max(group_sizes[keys[a]][:-1])  # the last group runs to the end: trim it
            if b - a > cap:
                out.append(group(head, a, a + cap - 1))
                out.append(group(base + (_label(body[a + cap][1]),), a + cap, b - 1))
                continue
        out.append(group(head, a, b - 1))
    return out or None


def _outline_body(
    lines: list[str], first: int, start: int, end: int
) -> tuple[str | None, list[tuple[int, str]]] | None:
    """The root node and the (line, text) of the other non-blank lines of a code block that
    reads like an outline (short labels, no code punctuation), or None."""
    raw = [lines[k - first].strip() for k in range(start, end)]
    body = [(start + n, t) for n, t in enumerate(raw) if t]
    if len(body) < 8:
        return None
    if sum(1 for _, t in body if _OUTLINE_LINE.match(_label(t))) < 0.8 * len(body):
        return None
    root = None
    if body[0][1].casefold() in ("mindmap", "graph", "flowchart"):
        body = body[1:]
    if body and _MERMAID_NODE.match(body[0][1]):
        root = _label(body[0][1])
        body = body[1:]
    return root, body


def _outline_bounds(keys: list[str]) -> tuple[set[int], list[tuple[int, int]]] | None:
    """The parent lines and the (start, end) of each group of an outline's labels, or None
    when no label repeats under parents."""
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
    cuts = sorted(set(repeated) | parents | {len(keys)})
    return parents, list(zip(cuts, cuts[1:]))
