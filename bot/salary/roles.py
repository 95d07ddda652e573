"""What a label, a heading or a sentence says: the role and level it names, and whether
the money near it is pay or money spent."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..blocks import plain_text
from ..money import CODES, CURRENCY
from .vocabulary import (
    ADD_ON,
    EDGE_WORDS,
    GENERIC_WORDS,
    LEVEL_WORDS,
    NOUN_LEVELS,
    PAY_RATE,
    PAY_WORDS,
    PROSE_STOP,
    ROLE_NOUNS,
    SMALL_WORDS,
    SPEND_WORDS,
    is_role_noun,
    level_of,
    words_of,
)


def plain(text: str) -> str:
    """Markdown inline text → plain text, code spans dropped (``$1`` is not money) and
    HTML tags read as spaces."""
    return plain_text(text, code=False, tags=" ")


def signals(text: str) -> tuple[int, int]:
    """Weighted counts of pay words and of money-spent words in a text.

    A money-spent word right before a role noun is part of a job title ("Cost Engineer",
    "Training Manager") and does not count, nor does an add-on ("+ 15% bonus").
    """
    text = ADD_ON.sub(" ", text)
    words = words_of(text)
    pay = sum(PAY_WORDS.get(w, 0) for w in words) + 2 * len(PAY_RATE.findall(text.casefold()))
    spend = sum(
        SPEND_WORDS.get(w, 0) for w, nxt in zip(words, words[1:] + [""]) if not is_role_noun(nxt)
    )
    return pay, spend


def pay_verdict(scopes: Iterable[str]) -> bool | None:
    """Pay (True) or money spent (False), from the innermost scope that leans either way."""
    for text in scopes:
        pay, spend = signals(text)
        if pay != spend:
            return pay > spend
    return None


def names_someone(text: str) -> bool:
    """Whether a label names a role or a level ("Senior", "Linux Admin"), not a thing."""
    return level_of(text) is not None or any(is_role_noun(w) for w in words_of(text))


PARENS = re.compile(r"\(([^()]*)\)")
_META = re.compile(
    r"\d|" + CURRENCY + r"|\b(?:per|hourly|monthly|annual|yearly|gross|net|base"
    r"|approx\w*|est\w*|median|average|avg|market)\b",
    re.I,
)


def role_text(text: str, *, heading: bool = False) -> str:
    """The role a label or heading names, without level, generic words or meta notes.

    "Senior Linux Engineer" → "Linux Engineer"; "DevOps Roles" → "DevOps";
    "Linux Architect" → "Linux Architect"; "Senior" → ""; "Salary (EUR)" → "".
    Parentheses that only qualify the amount are dropped; in headings all are.
    """
    text = PARENS.sub(
        lambda m: " " if heading or _META.search(m.group(1)) else m.group(0), plain(text)
    )
    kept: list[str] = []
    for token in text.split():
        core = words_of(token)
        bare = token.strip("():,;.")
        if bare in CODES or all(w.isdigit() or w in GENERIC_WORDS for w in core):
            continue
        if bare in ("I", "II", "III", "IV") and kept and is_role_noun(kept[-1].casefold()):
            continue  # "SDE II": the numeral is the level
        # a level is dropped, except a job-title level after what it names ("Linux Architect")
        if all(w in LEVEL_WORDS or w in GENERIC_WORDS for w in core) and not (
            kept and len(core) == 1 and core[0].rstrip("s") in NOUN_LEVELS
        ):
            continue
        kept.append(_singular(token))
    while kept and kept[0].casefold().strip(":,;") in EDGE_WORDS:
        kept.pop(0)
    while kept and kept[-1].casefold().strip(":,;") in EDGE_WORDS:
        kept.pop()
    role = " ".join(kept).strip(" :;,-–—/|&")
    if role.count("(") != role.count(")"):
        role = re.sub(r"\s*[()]\s*", " ", role).strip()
    return _display_case(role) if re.search(r"[^\W\d_]", role) else ""


def _singular(token: str) -> str:
    """ "engineers" → "engineer" for role nouns; any other word as written."""
    m = re.fullmatch(r"(.*?)([^\W_]+)s([^\w]*)", token)
    if m and m.group(2).casefold() in ROLE_NOUNS:
        return m.group(1) + m.group(2) + m.group(3)
    return token


def _display_case(role: str) -> str:
    """An all-lowercase role from prose is title-cased; anything else is kept as written."""
    if role != role.lower():
        return role
    return " ".join(w if w in SMALL_WORDS else w[:1].upper() + w[1:] for w in role.split())


def role_phrase(text: str, *, last: bool) -> str:
    """A role named in prose: a role noun (or level word) with up to three modifiers before
    it, e.g. "senior data engineers" in "Our senior data engineers typically earn"."""
    words = list(re.finditer(r"[^\W\d_][\w+#'-]*", text))
    heads = [
        i
        for i, w in enumerate(words)
        if (c := w.group().casefold()) not in PROSE_STOP and (is_role_noun(c) or c in LEVEL_WORDS)
    ]
    if not heads:
        return ""
    end = heads[-1] if last else heads[0]
    start = end
    while (
        start > 0
        and end - start < 3
        and words[start - 1].group().casefold() not in PROSE_STOP
        and not text[words[start - 1].end() : words[start].start()].strip()
    ):
        start -= 1
    return text[words[start].start() : words[end].end()]
