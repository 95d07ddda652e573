"""Cutting text to a length: the one place for every cut the bot makes.

- :func:`cut_text`: a text too long for one piece, in pieces at sentence, then word ends;
- :func:`shorten`: the start of a text, at a line, then a word end, with "…", never leaving
  a code fence open (what an embed shows);
- :func:`shorten_words`: the start of a one-line text (a heading, a label), at a word end;
  :func:`clip`: cut hard, for a name that must stay short;
- :func:`shorten_quote`, :func:`fenced_code`: the quote of a passage (a line end, the "…" on
  a line of its own, else a sentence or word end; a cut inside a code fence closes it);
- :func:`leading_part`: the start of a text that ends where a reader may stop (a block's or
  a sentence's end), for the part of a passage a quote takes in after it;
- :func:`pages`: a long text in pages, each page's code fence closed, and opened again on
  the next page.

A cut looks for its boundary only in the part it keeps: a boundary too early (in the first
half, or third) would throw too much away, and the text is cut hard instead.
"""

from __future__ import annotations

import re

ELLIPSIS = "…"
FENCE = "```"
_FENCE_MARK = re.compile(r"```([\w+#.-]*)")  # opens or closes a code fence; its language
_LANG_CHAR = re.compile(r"[\w+#.-]")
_LANG_MAX = 16  # characters of a fence's language kept when it is opened again on a page
_REOPEN_MAX = len(FENCE) + _LANG_MAX + 1  # "```lang\n" at the top of a page


def cut_text(text: str, limit: int) -> list[str]:
    """Cut text into pieces of at most ``limit`` characters, at sentence or word ends.

    A hard cut never splits a run of backticks, nor a fence from its language: "`" on one
    piece and "``" on the next would open inline code on both where the text closed a code
    fence, and "```p" / "y" would change the language."""
    pieces: list[str] = []
    while len(text) > limit:
        window = text[:limit]
        cut = max(window.rfind(". "), window.rfind("! "), window.rfind("? "))
        if cut < limit // 3:
            cut = window.rfind(" ")
        if cut < limit // 3:
            cut = _hard_cut(text, limit) - 1
        pieces.append(text[: cut + 1])
        text = text[cut + 1 :]
    if text:
        pieces.append(text)
    return pieces


def _hard_cut(text: str, limit: int) -> int:
    """Where to cut ``text`` that has no sentence or word end: at ``limit``, or before the run
    of backticks (or fence and language) that a cut there would split, unless the run starts
    in the first third."""
    at = limit
    while at > max(limit // 3, 1) and _splits(text, at):
        at -= 1
    return limit if _splits(text, at) else at


def _splits(text: str, at: int) -> bool:
    """Whether a cut before ``text[at]`` splits a run of backticks or a fence's language."""
    if text[at] == "`":
        return text[at - 1] == "`"
    if not _LANG_CHAR.match(text[at]):
        return False
    start = at
    while start > 0 and _LANG_CHAR.match(text[start - 1]):
        start -= 1
    return text[max(0, start - len(FENCE)) : start] == FENCE


def fence_open(text: str) -> bool:
    """Whether ``text`` ends inside a code fence (an odd number of ```)."""
    return text.count(FENCE) % 2 == 1


def close_fence(text: str) -> str:
    """``text``, with its code fence closed if it ends inside one."""
    return text + "\n" + FENCE if fence_open(text) else text


def _head(text: str, limit: int, breaks: tuple[str, ...], floor: int) -> str:
    """The first ``limit`` - 1 characters, cut at the last of ``breaks`` (tried in order)
    found at or after ``floor``, else where they end; then "…"."""
    head = text[: limit - 1]
    for mark in breaks:
        cut = head.rfind(mark)
        if cut >= floor:
            return head[:cut].rstrip() + ELLIPSIS
    return head.rstrip() + ELLIPSIS


def shorten(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters: cut at a line end, else a word end, in the
    second half, with "…". A cut inside a code fence is made shorter and the fence closed."""
    if len(text) <= limit:
        return text
    if limit < 8:
        return text[:limit]
    out = _head(text, limit, ("\n", " "), limit // 2)
    if fence_open(out):
        out = close_fence(shorten(text, limit - 5))
    return out


def clip(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters, cut hard, with "…" (a choice's name)."""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def shorten_words(text: str, limit: int) -> str:
    """One-line ``text`` (a heading, a label) in at most ``limit`` characters: cut at a word
    end past the middle, with "…"."""
    if len(text) <= limit:
        return text
    return _head(text, limit, (" ",), limit // 2 + 1)


def _quote_head(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    nl = head.rfind("\n")
    if nl >= limit // 2:
        return head[:nl] + "\n" + ELLIPSIS
    return cut_text(text, limit - 1)[0].rstrip() + ELLIPSIS


def shorten_quote(text: str, limit: int) -> str:
    """A passage's text as quoted, in at most ``limit`` characters: cut at a line end in the
    second half (the "…" on a line of its own), else at a sentence or word end. A cut inside
    a code fence closes it; a fence the file itself left open stays open (the quote is the
    file's text)."""
    out = _quote_head(text, limit)
    if fence_open(out) and not fence_open(text):
        out = close_fence(_quote_head(text, limit - len("\n" + FENCE)))
    return out


def last_paragraph(text: str) -> str | None:
    """The last paragraph of ``text``, after its last blank line outside fenced code; None
    when it has only one."""
    lines = text.rstrip().split("\n")
    at, fence = 0, ""
    for i, line in enumerate(lines):
        mark = FENCE_LINE.match(line)
        if mark and (not fence or mark.group(1).startswith(fence)):
            fence = "" if fence else mark.group(1)
        elif not fence and not line.strip():
            at = i + 1
    tail = "\n".join(lines[at:])
    return tail if 0 < at < len(lines) and tail.strip() else None


# a line that opens or closes a fenced code block, its marker captured (re.M: on a text too)
FENCE_LINE = re.compile(r"^[ \t]*(`{3,}|~{3,})", re.MULTILINE)
# a line that opens a block of its own: a list item, a table row, a heading, a quote
_BLOCK_START = re.compile(r"[ \t]*(?:[-*+]|\d+[.)])[ \t]|[|#>]")
_LIST_ITEM_START = re.compile(r"[ \t]*(?:[-*+]|\d+[.)])[ \t]")
_ENDS_SENTENCE = re.compile(r"[.!?:;)`][ \t]*$")  # a line whose last sentence is whole
_SENTENCE_END = re.compile(r"[.!?](?= +[A-Z])")  # inside a line, before the next sentence
_TABLE_DELIMITER = re.compile(r"\|?[ \t]*:?-+:?[ \t]*(\||$)")  # |---|:--:| under a header
_WORD = re.compile(r"[^\W\d_]{2,}")
PART_WORDS = 3  # words the start of a passage must hold to be worth taking in
_LOOK_PAST = 80  # characters past the room a stop may look at (the next line's start)


def leading_part(text: str, room: int) -> str | None:
    """The longest start of ``text`` in at most ``room`` characters that ends where a reader
    may stop: before a blank line, before a line that opens a block of its own (a list
    item, a table row, a heading), after a line that ends a sentence, or at a sentence's
    end inside a line (not in a table row); never inside fenced code, nor before an
    indented line that goes on with the one above. None when no such start fits."""
    if len(text) <= room:
        return text
    best, pos, fence = 0, 0, ""
    lines = text[: room + _LOOK_PAST].split("\n")  # past the room, only what a stop reads
    for i, line in enumerate(lines):
        if pos > room:
            break
        mark = FENCE_LINE.match(line)
        if not fence and i and _may_stop_before(line, lines[i - 1]) and _may_end(lines, i - 1):
            best = pos - 1  # before the line break
        if mark and (not fence or mark.group(1).startswith(fence)):
            fence = "" if fence else mark.group(1)
        elif not fence and not line.startswith("|"):
            for end in _SENTENCE_END.finditer(line):
                if pos + end.end() > room:
                    break
                best = pos + end.end()
        pos += len(line) + 1
    head = text[:best].rstrip()
    return head if len(_WORD.findall(head)) >= PART_WORDS else None


def _may_end(lines: list[str], i: int) -> bool:
    """Whether a part may end with line ``i`` (or the last line above it with text): not
    with a heading, nor with a table's header rows."""
    while i > 0 and not lines[i].strip():
        i -= 1
    last = lines[i].strip()
    below = lines[i + 1].strip() if i + 1 < len(lines) else ""
    return not (
        last.startswith("#")
        or _TABLE_DELIMITER.match(last)
        or (last.startswith("|") and _TABLE_DELIMITER.match(below))
    )


def _may_stop_before(line: str, above: str) -> bool:
    """Whether a reader may stop before ``line``, which follows ``above``."""
    if not line.strip():
        return True
    if line[:1] in " \t" and not _LIST_ITEM_START.match(line):
        return False  # an indented line goes on with the one above
    return bool(_BLOCK_START.match(line) or _ENDS_SENTENCE.search(above))


def fenced_code(code: str, lang: str, limit: int) -> str:
    """A code block's text fenced again (```lang), its text cut to fit ``limit``."""
    inner = _quote_head(code, limit - len(FENCE) * 2 - len(lang) - 2)
    return f"{FENCE}{lang}\n{inner}\n{FENCE}"


def pages(text: str, limit: int) -> list[str]:
    """``text`` in pages of at most ``limit`` characters, in order, cut at line ends (a line
    too long for a page at sentence, then word ends). A page that ends inside a code fence
    closes it, and the next page opens it again with the same language (unless that page
    starts with the fence's end). Blank lines at the edges of a page are dropped; no page
    is empty."""
    room = limit - _REOPEN_MAX - len("\n" + FENCE)
    if room < 1:
        raise ValueError(f"a page of {limit} characters has no room for text")
    if len(text) <= limit and _open_fence_after(text) is None:
        return [text.strip("\n")] if text.strip() else []
    out: list[str] = []
    reopen = ""  # the fence line this page starts inside, if any
    for chunk in _chunks(text, room):
        body = chunk.strip("\n")
        if reopen and body.startswith(FENCE):
            # the page would open the fence only to close it: it starts after the fence
            body, reopen = body[len(FENCE) :].strip("\n"), ""
        if not body.strip():
            continue
        page = reopen + body
        opener = _open_fence_after(page)
        out.append(page + "\n" + FENCE if opener is not None else page)
        reopen = opener + "\n" if opener is not None else ""
    return out


def _chunks(text: str, room: int) -> list[str]:
    """Runs of whole lines of at most ``room`` characters; a longer line in pieces."""
    chunks: list[str] = []
    lines: list[str] = []
    size = 0
    for line in text.split("\n"):
        pieces = cut_text(line, room) if len(line) > room else [line]
        for piece in pieces:
            if lines and size + 1 + len(piece) > room:
                chunks.append("\n".join(lines))
                lines, size = [], 0
            size += len(piece) + (1 if lines else 0)
            lines.append(piece)
    if lines:
        chunks.append("\n".join(lines))
    return chunks


def _open_fence_after(text: str) -> str | None:
    """The fence (```lang) that ``text`` ends inside of, or None. Every ``` counts, as
    Discord counts them, not only those that start a line."""
    opener: str | None = None
    for m in _FENCE_MARK.finditer(text):
        opener = None if opener is not None else FENCE + m.group(1)[:_LANG_MAX]
    return opener
