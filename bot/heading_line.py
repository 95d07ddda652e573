"""The heading line over a quote that opens its section.

A section's first passage starts after its heading: the heading reaches the index as the
passage's heading path, with its inline markup gone. But a heading often says what its
section is about better than any line under it: on an options page, ``### --update-checksums``
over "Refresh the locked tarball integrity values ..." *is* the answer to "which flag
refreshes the checksums?". So a section's first passage keeps its heading's lines as
written (:func:`with_heading_lines`, at index time), and a quote that opens with that
passage shows them over its text (:func:`headed`). Only the lines of the heading itself,
with the blank lines after it: where anything else stands between the heading and the
passage (a container's marker line), nothing is kept.

Pure: no files, no Discord.
"""

from __future__ import annotations

import re

from .passage_slots import make_passage
from .passages import Passage, Section

HEADING_LINE_MAX = 300  # characters: a longer "heading" is a paragraph taken as one
_SETEXT_RULE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")


def with_heading_lines(section: Section, passages: list[Passage], lines: list[str]) -> None:
    """Give the first of a section's ``passages`` its heading's lines, as ``lines`` (the
    document's) write them, when only blank lines stand between them and the passage."""
    at = section.heading_line
    if at is None or not passages:
        return
    p = passages[0]
    if p.line_start <= at or p.code_lang or len(lines[at - 1]) > HEADING_LINE_MAX:
        return
    between = lines[at - 1 : p.line_start - 1]
    rest = [line for line in between[1:] if line.strip()]  # a setext heading's rule line
    if not between[0].strip() or (
        rest and (rest != between[1:2] or not _SETEXT_RULE.match(rest[0]))
    ):
        return
    # made anew: dataclasses.replace takes 15 µs, and a build makes 100,000s
    passages[0] = Passage(
        *(p.source, p.heading_path, p.line_start, p.line_end, p.text, p.code_lang),
        *(p.context, p.links, "\n".join(between)),
    )


def headed(opening: Passage, quote: Passage) -> Passage:
    """``quote`` with the heading lines of its section over it, when it opens with
    ``opening``, its section's first passage; its line range then starts at the heading."""
    if not opening.heading or opening.line_start != quote.line_start or quote.code_lang:
        return quote
    return lines_over(quote, opening.heading, quote.line_start - opening.heading.count("\n") - 1)


def lines_over(quote: Passage, lines: str, start: int) -> Passage:
    """``quote`` with the file's ``lines`` over its text, its line range starting at
    ``start``, their first line."""
    text = f"{lines}\n{quote.text}"
    path, end = quote.heading_path, quote.line_end
    return make_passage(quote.source, path, start, end, text, None, quote.context, quote.links)
