"""A word the corpus lacks, written as one where the corpus writes two: "nxdomain" where
the page says ``NX_DOMAIN``, "cronjobs" where it says "cron job"; and a name and a number
written apart where the corpus writes them as one: "agent 2" for ``zabbix_agent2``.

Pure: the corpus is asked through the callables given.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Protocol

from .text import stem, stopwords
from .thesaurus import is_english

MIN_LETTERS = 6  # a shorter word splits by accident
MIN_PART = 2  # letters of each part
JOINERS = "_-./"  # how a compound is written whole: nx_domain, read-only, resolve.alias
# useEffect, SnapStart; tried only where a word starts, as bot.names._NAME is
_CAMEL = re.compile(r"(?<![^\W_])[^\W_]*?[a-z][A-Z][^\W_]*")


def camel_case(text: str) -> set[str]:
    """The words ``text`` writes in CamelCase, case-folded: a name as its code writes it
    ("useEffect", "SnapStart") is what the question is about, and not split."""
    return {m.casefold() for m in _CAMEL.findall(unicodedata.normalize("NFKC", text))}


def split(
    written: str,
    known: Callable[[str], bool],
    side_by_side: Callable[[str, str], int],
    min_side_by_side: int = 1,
) -> tuple[list[str], list[str]] | None:
    """The compounds the corpus writes whole (``nx_domain``) and the index terms of the two
    known words that ``written``, a word the corpus lacks, joins ("nx", "domain"); or None.
    Only a word of 6+ letters of no language, and only where the corpus writes the two
    words as one compound, or side by side in ``min_side_by_side`` passages: "together" is
    no "to" and "gether". Of several splits, the one the corpus shows most. A stopword is
    no part: "readonly" for "read-only" answered a question the documents have no answer
    to (a word that is known only whole lowers the bar of the decline rule)."""
    word = written.casefold()
    if len(word) < MIN_LETTERS or not word.isalpha() or is_english(word):
        return None
    best: tuple[int, list[str], list[str]] | None = None
    stops = stopwords()
    for at in range(MIN_PART, len(word) - MIN_PART + 1):
        left, right = word[:at], word[at:]
        whole = [left + j + right for j in JOINERS if known(left + j + right)]
        parts = [stem(left), stem(right)]
        if left in stops or right in stops or not all(known(t) for t in parts):
            continue
        seen = side_by_side(parts[0], parts[1])
        evidence = seen + (1_000 if whole else 0)
        if (whole or seen >= min_side_by_side) and (best is None or evidence > best[0]):
            best = (evidence, whole, parts)
    return (best[1], best[2]) if best else None


class _Word(Protocol):
    surface: str
    terms: list[str]
    synonyms: list[str]


_NAME_NUMBER = re.compile(r"\b([^\W\d_]\w*?[^\W_]) (\d{1,2})\b(?![.,]\d)")  # no "-": one pass
_SPACED_NUMBER = re.compile(r" \d")  # what every match of _NAME_NUMBER holds


def join_numbers(text: str, words: Sequence[_Word], known: Callable[[str], bool]) -> None:
    """A small number written after a name where the corpus writes both as one word
    ("zabbix agent 2": ``zabbix_agent2``, "python 3": ``python3``): the number's word in
    ``words`` (of the normalized ``text``) also searches the word they make, as a synonym
    (as a word of its own, the links of a release note, "announcing-vite7", put the note's
    other passages before the one that answers "the node version for vite 7")."""
    if _SPACED_NUMBER.search(text) is None:
        return  # most questions: no number after a space, and no name tried at every word
    for m in _NAME_NUMBER.finditer(text):
        joined = m.group(1) + m.group(2)
        if not known(joined):
            continue
        for word in words:
            if word.surface == m.group(2) and joined not in (*word.terms, *word.synonyms):
                word.synonyms.append(joined)
                break
