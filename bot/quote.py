"""Quoting a passage: with its neighbours, cut to length, and the words that matched.

Passages are cut small so that search finds the block that answers; :func:`with_neighbours`
gives it back the sentence before, the lines after and the sections under it (and, when
that is still thin, the facets of its page beside it), or the whole page when the page is
short. :func:`quote_text` cuts a quote to length (code fenced again),
and :func:`matched_words` finds the words to mark in bold.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from functools import lru_cache

from .cut import FENCE_LINE, fenced_code, shorten_quote
from .index import SearchBackend
from .links import Links, normalized, used_links
from .neighbours import followed_by, grow, headings_entered
from .passage_slots import make_passage
from .sections import Passage
from .text import content_words, heading_terms

QUOTE_CONTEXT_CHARS = 900  # a quoted passage grows with its neighbours up to this size
# a short page of one subject (its sections are facets: "Remarks", "Example") is quoted
# whole up to this size; with its words in bold it still fits a Discord embed's quote
WHOLE_PAGE_CHARS = 1300
HIT_QUOTE_MAX = WHOLE_PAGE_CHARS  # characters of the quote an answer carries (Hit.text)
WHOLE_PAGE_PASSAGES = 6  # a page of more passages is not read to see whether it fits whole
THIN_QUOTE = 250  # a quote this short goes on into the facets after it: see _facets_after
FACET_IDF = 0.4  # a heading whose words all weigh at most this share of the highest IDF
# names a facet of a page ("Syntax", "Remarks", "Example"), not a subject of its own
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s", re.MULTILINE)
_LINK = re.compile(r"\[[^\]]*\]\([^)]*\)")


def with_neighbours(index: SearchBackend, doc: int, limit: int = QUOTE_CONTEXT_CHARS) -> Passage:
    """A passage with its neighbours, up to ``limit`` characters.

    Passages are cut small so that search finds the block that answers; a person
    reads that block better with the sentence before it and the lines after it. The
    block before in its section comes first ("Flush all rules:" over a command), then
    the one after, in turn, while they fit. After it, the sections under its own follow
    too, each after its heading: under an error's one-line message its "## Remarks" say
    why, under a class's summary its "## Syntax" names the header. A window of a long
    code block takes the lines of its block around it (see :func:`_code_around`). A thin
    quote goes on into the facets of its page beside it (see :func:`_facets_after`).
    """
    return quotes_of(index, doc, limit)[0]


def quotes_of(
    index: SearchBackend,
    doc: int,
    limit: int = QUOTE_CONTEXT_CHARS,
    pages: dict[tuple[int, int], Passage | None] | None = None,
    asked: AbstractSet[str] = frozenset(),
) -> tuple[Passage, Passage]:
    """The quote of passage ``doc`` (:func:`with_neighbours`), and the same quote without
    the facets beside it: an answer shows the second when the first would overlap a
    quote already shown. Both are found in one pass. ``pages`` keeps the whole pages
    looked at, by file and limit: an answer looks at several candidates of one page.
    ``asked``, the question's index terms, leads the quote toward the neighbour that
    holds more of them (:func:`bot.neighbours.grow`)."""
    p = index.passage(doc)
    if p.code_lang:
        code = _code_around(index, doc, p, limit)
        return code, code
    # the passages of a file are numbered in a row: a side that starts in another file
    # is closed without reading a passage there (a one-passage page has two such sides)
    own = index.file_of(doc)
    if (page := _page_of(index, own, limit, pages)) is not None:
        return page, page
    first, stop = index.passage_range(own)
    sides = [side for side in (-1, 1) if first <= doc + side < stop]
    lo, hi, text, start, end, last = grow(index, doc, p, sides, limit, asked)
    plain = (
        p if lo == hi else make_passage(p.source, p.heading_path, start, end, text, None, p.context)
    )
    if len(text) > THIN_QUOTE or len(p.heading_path) < 2:
        return plain, plain
    grown, last_doc, end = _facets_after(index, p, text, hi, end, last, limit)
    if last_doc == hi:  # no facet followed
        return plain, plain
    return make_passage(p.source, p.heading_path, start, end, grown, None, p.context), plain


def _code_around(index: SearchBackend, doc: int, p: Passage, limit: int) -> Passage:
    """A window of a long code block (``p``, passage ``doc``) with the lines of the block
    around it, one after and one before in turn, while they fit in ``limit``.

    Long code is cut into windows of about half a quote at any line, so that search finds
    the lines that match; a window may end on the comment that introduces the very call
    asked about ("// To sort in descending order," over the ``sort`` that does it)."""
    rows = _block_rows(index, doc, p, limit - len(p.text))
    start, end, size = p.line_start, p.line_end, len(p.text)
    grew = True
    while grew:
        grew = False
        for n in (end + 1, start - 1):
            if n in rows and size + len(rows[n]) + 1 <= limit:
                size += len(rows[n]) + 1
                start, end, grew = min(start, n), max(end, n), True
    while start < p.line_start and not rows[start].strip():
        start += 1  # a quote neither opens nor ends on a blank line
    while end > p.line_end and not rows[end].strip():
        end -= 1
    if (start, end) == (p.line_start, p.line_end):
        return p
    text = "\n".join(rows[n] for n in range(start, end + 1))
    return Passage(p.source, p.heading_path, start, end, text, p.code_lang, p.context)


def _block_rows(index: SearchBackend, doc: int, p: Passage, room: int) -> dict[int, str]:
    """The lines of window ``p`` (passage ``doc``) and of its code block around it, by line
    number, read from the windows beside it: the windows of one block overlap (see
    :mod:`bot.passages`), and the first that does not starts another block. Each side is
    read until it holds ``room`` characters beyond the window, all a quote can add."""
    lo, hi = index.passage_range(index.file_of(doc))
    rows = dict(enumerate(p.text.split("\n"), p.line_start))
    for side in (-1, 1) if room > 0 else ():
        at, beyond = doc + side, 0
        while lo <= at < hi:
            q = index.passage(at)
            lines = q.text.split("\n")
            if (
                q.code_lang != p.code_lang
                or q.heading_path != p.heading_path
                or len(lines) != q.line_end - q.line_start + 1
                or not (q.line_start <= max(rows) and q.line_end >= min(rows))
            ):
                break
            for n, line in enumerate(lines, q.line_start):
                if n not in rows:
                    rows[n] = line
                    beyond += len(line) + 1
            if beyond >= room:
                break
            at += side
    return rows


def _facets_after(
    index: SearchBackend,
    p: Passage,
    text: str,
    hi: int,
    end: int,
    last: tuple[str, ...],
    limit: int,
) -> tuple[str, int, int]:
    """``text``, a thin quote of ``p`` that ends with passage ``hi`` at line ``end`` in
    section ``last``, followed by the sections after it under the same parent that are
    facets of one subject, while they fit in ``limit``: the function's one-line summary
    goes on into its "## Syntax", a "Dynamic buffer" example into the example that fixes
    it. A facet's heading is made of words common in the corpus (FACET_IDF); a heading
    of rarer words starts another subject (an FAQ's next question, the next role's
    salaries), and so do a list, a list of links ("See also") and a long code block.
    Only a section under a page's title has facets: sections beside the title are other
    pages in one file. Returns the text, the last passage and the last line."""
    parent = p.heading_path[:-1]
    at, stop = hi + 1, index.passage_range(index.file_of(hi))[1]
    while at < stop:  # not read in another file
        q = index.passage(at)
        if (
            len(q.heading_path) <= len(parent)
            or q.heading_path[: len(parent)] != parent
            or q.code_lang
            or q.line_start <= end
            or not _facet_section(index, headings_entered(last, q.heading_path), q)
        ):
            break
        joined = followed_by(text, last, end, q)
        if len(joined) > limit:
            break
        text, hi, end, last = joined, at, q.line_end, q.heading_path
        at += 1
    return text, hi, end


def _facet_section(index: SearchBackend, entered: tuple[str, ...], q: Passage) -> bool:
    """Whether passage ``q``, the first of the sections ``entered``, reads as a facet of the
    page before it: each heading entered is a facet's (:func:`_facet`), and it is not a list
    (a set of parallel items: the next role's salaries) or mostly links ("See also")."""
    return (
        all(_facet(index, h) for h in entered)
        and not _LIST_ITEM.search(q.text)
        and sum(len(link) for link in _LINK.findall(q.text)) * 2 <= len(q.text)
    )


def _facet(index: SearchBackend, heading: str) -> bool:
    """Whether a heading names a facet of a page: all its words are common in the corpus."""
    terms = heading_terms(heading)
    ceiling = FACET_IDF * index.max_idf()
    return bool(terms) and all(index.idf(t) <= ceiling for t in terms)


def section_of(index: SearchBackend, doc: int) -> object:
    """What names passage ``doc``'s section (its file and heading path): its record's
    section key, read without decoding it, or for a record laid out otherwise its source
    and heading path. Two passages stand in one section when these are equal."""
    key = index.section_key(doc)
    if key is not None:
        return key
    p = index.passage(doc)
    return (p.source, p.heading_path)


def _page_of(
    index: SearchBackend,
    file: int,
    limit: int,
    pages: dict[tuple[int, int], Passage | None] | None,
) -> Passage | None:
    """:func:`_whole_page`, kept in ``pages`` when given."""
    if pages is None:
        return _whole_page(index, file, limit)
    if (file, limit) not in pages:
        pages[file, limit] = _whole_page(index, file, limit)
    return pages[file, limit]


def _whole_page(index: SearchBackend, file: int, limit: int) -> Passage | None:
    """The whole of file number ``file`` as one quote, when it has more than one passage and
    fits in ``limit`` characters with its headings: a short page (an error's message, its
    remarks and its example) reads best whole. A page of one subject, whose sections are
    all facets of it (see :func:`_facet`), may take up to WHOLE_PAGE_CHARS: a page of
    several subjects (a handbook's "On-call rotation" and "Deploying a service") would
    bury the one asked about. A page of more than WHOLE_PAGE_PASSAGES passages is taken
    not to fit without reading it; the others are read until they no longer fit."""
    starts = index.file_starts
    first = int(starts[file])
    stop = int(starts[file + 1]) if file + 1 < len(starts) else index.n_passages
    if not 2 <= stop - first <= WHOLE_PAGE_PASSAGES:
        return None
    room = max(limit, WHOLE_PAGE_CHARS)  # while every section so far is a facet

    def fits(prev: Passage, q: Passage) -> int:
        nonlocal room
        if room > limit and not all(
            _facet(index, h) for h in headings_entered(prev.heading_path, q.heading_path)
        ):
            room = limit
        return room

    return _span(index, first, stop - 1, fits)


def joined(
    index: SearchBackend, doc: int, quote: Passage, other: int, limit: int = WHOLE_PAGE_CHARS
) -> Passage | None:
    """The quote of passage ``doc`` and passage ``other`` of the same page as one quote: the
    passages from the first of them to the last, when they fit in ``limit`` characters and
    every section entered on the way is under the first one's section, or a facet of the
    page (see :func:`_facet`).

    When search finds two passages of one subject's page, an error's remarks and its
    example, a member's summary and its return value, each is part of one answer, as a
    short page of one subject is quoted whole; so are a section and a section under it
    ("Caching strings" and its "String caching details"; a page's lead and its
    "Redirects"), as a quote takes in the sections under its own. The sections of a page
    of several subjects (an FAQ's questions, a class's members) are answers of their own
    and are not joined. None when they cannot be joined, or when ``quote`` already holds
    ``other``.
    """
    if index.file_of(doc) != index.file_of(other):
        return None
    lo, hi = quote_start(index, doc, quote), quote_end(index, doc, quote)
    if lo <= other <= hi:
        return None
    lo, hi = min(lo, other), max(hi, other)
    first = index.passage(lo)
    if first.code_lang:
        return None  # windows of a long code block overlap: not read as one text
    top = first.heading_path  # the first one's section

    def fits(prev: Passage, q: Passage) -> int | None:
        if q.heading_path == prev.heading_path or q.heading_path[: len(top)] == top:
            return limit  # in the first one's section, or a section under it
        # into a facet beside or under it; back up into the text of a section above
        # (after a thematic break, say) is another part of the page
        entered = headings_entered(prev.heading_path, q.heading_path)
        return limit if entered and _facet_section(index, entered, q) else None

    return _span(index, lo, hi, fits)


def _span(
    index: SearchBackend, lo: int, hi: int, fits: Callable[[Passage, Passage], int | None]
) -> Passage | None:
    """Passages ``lo`` to ``hi`` of one page read as one quote, each after the headings
    entered on the way; ``fits(prev, q)`` gives how long the text may grow with passage
    ``q`` after ``prev``, or None where the span must not go on. None when a passage is a
    window of a long code block (windows overlap: not a text), or the span does not fit."""
    head = prev = index.passage(lo)
    text = head.text
    for at in range(lo + 1, hi + 1):
        q = index.passage(at)
        room = None if q.code_lang else fits(prev, q)
        if room is None:
            return None
        text = followed_by(text, prev.heading_path, prev.line_end, q)
        if len(text) > room:
            return None
        prev = q
    return make_passage(
        head.source, head.heading_path, head.line_start, prev.line_end, text, None, head.context
    )


def quote_links(index: SearchBackend, doc: int, quote: Passage) -> Links:
    """The addresses of the reference-style links ``quote`` (a quote of ``doc``) uses: those
    its passages keep, for the labels written in the quote (see bot.links)."""
    if "[" not in quote.text:
        return ()
    lo, hi = quote_start(index, doc, quote), doc
    stop = index.passage_range(index.file_of(doc))[1]
    while hi + 1 < stop and index.passage(hi + 1).line_start <= quote.line_end:
        hi += 1  # each passage it shows lines of, the start of one too (bot.opening.trailed)
    kept = [link for at in range(lo, hi + 1) for link in index.passage(at).links]
    if not kept:
        return ()  # most quotes: their passages keep no address
    return used_links(quote.text, {normalized(label): {"href": href} for label, href in kept})


def quote_start(index: SearchBackend, doc: int, quote: Passage) -> int:
    """The first passage of ``doc``'s page that ``quote`` (a quote of ``doc``) holds."""
    return _held_to(index, doc, quote, -1)


def quote_end(index: SearchBackend, doc: int, quote: Passage) -> int:
    """The last passage of ``doc``'s page that ``quote`` (a quote of ``doc``) holds."""
    return _held_to(index, doc, quote, 1)


def _held_to(index: SearchBackend, doc: int, quote: Passage, step: int) -> int:
    """The passage of ``doc``'s page furthest from it toward ``step`` that ``quote`` holds."""
    lo, hi = index.passage_range(index.file_of(doc))  # a page's passages are in a row
    at = doc
    while lo <= at + step < hi:
        q = index.passage(at + step)
        if q.line_start < quote.line_start if step < 0 else q.line_end > quote.line_end:
            break
        at += step
    return at


def overlaps(a: Passage, b: Passage) -> bool:
    return a.source == b.source and a.line_start <= b.line_end and b.line_start <= a.line_end


def holds(a: Passage, b: Passage) -> bool:
    """Whether quote ``a`` holds all of quote ``b``: its lines, and its text (two pieces of
    one long line have the same lines)."""
    return (
        a.source == b.source
        and a.line_start <= b.line_start
        and b.line_end <= a.line_end
        and b.text in a.text
    )


def matched_words(text: str, terms: AbstractSet[str]) -> list[str]:
    """The words of ``text`` (as written) whose index terms are among ``terms``."""
    seen: dict[str, None] = {}
    for surface, word_terms in content_words(text):
        if not terms.isdisjoint(word_terms):
            seen.setdefault(surface, None)
    # content_words folds case; recover the spelling used in the text
    out: list[str] = []
    for word in seen:
        m = _word_pattern(word).search(text)
        out.append(m.group(0) if m else word)
    return out


@lru_cache(maxsize=4096)
def _word_pattern(word: str) -> re.Pattern[str]:
    return re.compile(re.escape(word), re.IGNORECASE)


def quote_text(p: Passage, limit: int = HIT_QUOTE_MAX) -> str:
    """The passage as a quote: cut on a line or word boundary, code fenced again."""
    if p.code_lang:
        return fenced_code(p.text, p.code_lang, limit)
    return shorten_quote(one_blank_line(p.text), limit)


_BLANK_RUN = re.compile(r"\n(?:[ \t]*\n){2,}")


def one_blank_line(text: str) -> str:
    """``text`` with every run of blank lines outside fenced code made one: it reads the
    same (lines hidden from readers, such as HTML comments, are blank in the index), and
    code keeps its own blank lines."""
    if not _BLANK_RUN.search(text):
        return text
    if not FENCE_LINE.search(text):
        return _BLANK_RUN.sub("\n\n", text)
    out: list[str] = []
    blank, in_code = False, False
    for line in text.split("\n"):
        if FENCE_LINE.match(line):
            in_code = not in_code
        elif not in_code and not line.strip():
            if blank:
                continue
            blank = True
            out.append(line)
            continue
        blank = False
        out.append(line)
    return "\n".join(out)
