"""How a quote grows into the passages beside it (see :func:`bot.quote.quotes_of`): which
neighbours may join it, and how their text joins, after the headings a reader passes.

Of two neighbours that each fit but not both, the one that holds more of the question's
words joins: a command's page says what it does on one side of the example found and which
flag does the rest on the other, and the quote shows the side the question asks about when
it cannot show both. Only then are the neighbours' words read (a tenth of a question's
time, when it was done for every pair).
Pure: no Discord.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache

from .blocks import container_label
from .index import SearchBackend
from .sections import Passage
from .text import tokenize

Grown = tuple[int, int, str, int, int, tuple[str, ...]]  # lo, hi, text, start, end, last


def grow(
    index: SearchBackend,
    doc: int,
    p: Passage,
    sides: Sequence[int],
    limit: int,
    asked: AbstractSet[str] = frozenset(),
) -> Grown:
    """Passage ``p`` (number ``doc``) with the passages of its section before it and of its
    section and those under it after it (``sides``: -1, 1, those open), in turn, while
    they fit in ``limit``; of two that each fit but not both, the one holding more of the
    question's words (``asked``, index terms). Returns the first and last passages
    joined, the text, its first and last lines, and the heading path of the last one."""
    lo, hi, text = doc, doc, p.text
    start, end = p.line_start, p.line_end
    last = p.heading_path  # the heading path of the passage last added after it
    key = index.section_key(doc)
    open_sides = list(sides)
    while open_sides:
        beside: dict[int, tuple[int, Passage]] = {}
        for side in list(open_sides):
            at = lo - 1 if side < 0 else hi + 1
            q = joining(index, at, key, side, p, start, end)
            if q is None:
                open_sides.remove(side)
            else:
                beside[side] = (at, q)
        # what each side adds: the block before it depends on where the quote starts, the
        # one after on where it ends, so adding one leaves the other's as it is
        adds = {
            side: q.text + "\n" * (start - q.line_end) if side < 0 else what_follows(last, end, q)
            for side, (_, q) in beside.items()
        }
        room = limit - len(text)
        if (
            len(beside) == 2
            and asked
            and max(map(len, adds.values())) <= room < len(adds[-1]) + len(adds[1])
        ):
            # each fits but not both: the one holding more of the question's words
            held = {side: len(asked & _terms(q.text)) for side, (_, q) in beside.items()}
            if held[-1] != held[1]:
                del beside[-1 if held[-1] < held[1] else 1]
        for side, (at, q) in beside.items():
            if len(text) + len(adds[side]) > limit:
                open_sides.remove(side)
                continue
            if side < 0:
                text, lo, start = adds[side] + text, at, q.line_start
            else:
                text, hi, end, last = text + adds[side], at, q.line_end, q.heading_path
    return lo, hi, text, start, end, last


def joining(
    index: SearchBackend, at: int, key: bytes | None, side: int, p: Passage, start: int, end: int
) -> Passage | None:
    """Passage ``at``, when it may join a quote of ``p`` (lines ``start`` to ``end``) on
    ``side``: of its file and section (after it, a section under it too), not code, and
    beside it; read only when its record's section key says it may."""
    inside = 0 <= at < index.n_passages and may_join(index.section_key(at), key, side)
    q = index.passage(at) if inside else None
    if (
        q is None
        or q.source != p.source
        or not (q.heading_path == p.heading_path or (side > 0 and under(q, p)))
        or q.code_lang
        or (q.line_end >= start if side < 0 else q.line_start <= end)
    ):
        return None
    return q


@lru_cache(maxsize=1024)
def _terms(text: str) -> frozenset[str]:
    """A neighbour's index terms: quotes of one page look at the same few."""
    return frozenset(tokenize(text))


def headings_entered(last: tuple[str, ...], path: tuple[str, ...]) -> tuple[str, ...]:
    """The headings a reader passes from section ``last`` to section ``path``."""
    common = 0
    while common < min(len(last), len(path)) and last[common] == path[common]:
        common += 1
    return path[common:]


def may_join(key: bytes | None, own: bytes | None, side: int) -> bool:
    """Whether a passage whose section key is ``key`` (SearchIndex.section_key) may join a
    quote of one whose key is ``own``, on ``side``: before it only from its own section,
    after it also from a section under it. When a key is unknown, it may."""
    if key is None or own is None or key == own:
        return True
    # under it, its heading path goes on after the quoted one's last heading
    return side > 0 and key.startswith(own)


def followed_by(text: str, last: tuple[str, ...], end: int, q: Passage) -> str:
    """``text``, which ends at line ``end`` in section ``last``, followed by passage ``q``
    (:func:`what_follows`)."""
    return text + what_follows(last, end, q)


def what_follows(last: tuple[str, ...], end: int, q: Passage) -> str:
    """What a text ending at line ``end`` in section ``last`` goes on with to take in
    passage ``q``: the headings of the sections entered on the way, or the blank lines
    between, then ``q``'s text."""
    if q.heading_path == last:
        return "\n" * max(q.line_start - end, 1) + q.text
    path = q.heading_path
    entered = headings_entered(last, path)
    if entered and _shows_label(q.text, entered[-1]):
        # a container's marker line (=== "Windows") shows its label as written: no
        # heading for it, and the lines between are those of the file
        if len(entered) == 1:
            return "\n" * max(q.line_start - end, 1) + q.text
        path = path[:-1]
    elif q.heading:  # it opens its section: that heading as the file writes it
        above = _headings(last, path[:-1])
        return "\n\n" + (above + "\n\n" if above else "") + q.heading + "\n" + q.text
    headings = _headings(last, path)
    return "\n\n" + (headings + "\n\n" if headings else "") + q.text


def _shows_label(text: str, label: str) -> bool:
    """Whether ``text`` opens with the marker lines of containers, one of them labelled
    ``label`` (``!!! tip`` over ``=== "Windows"``)."""
    for line in text.split("\n", 8)[:8]:
        if line.strip():
            found = container_label(line)
            if found is None:
                return False
            if found == label:
                return True
    return False


def under(q: Passage, p: Passage) -> bool:
    """Whether ``q`` stands in a section under ``p``'s."""
    n = len(p.heading_path)
    return len(q.heading_path) > n and q.heading_path[:n] == p.heading_path


def _headings(last: tuple[str, ...], path: tuple[str, ...]) -> str:
    """The headings a reader passes from section ``last`` to section ``path``, below it, as
    Markdown heading lines (a label line such as "Example:" shows as a heading too)."""
    entered = headings_entered(last, path)
    depth = len(path) - len(entered)
    return "\n\n".join("#" * (depth + i + 1) + " " + h for i, h in enumerate(entered))
