"""An acronym the corpus never writes, spelled out as its best passages write it: "PR"
where the documents say "pull request", "CTA" where they say "call to action".

A question in chat writes the short form, and a page spells it out. Where the corpus
lacks the acronym, the passages the rest of the question finds are read for words whose
initials spell it, in order; the spelling seen most often stands for the acronym, as the
two words a compound joins do (``Word.parts``: it is covered where all of them are).
Only the question's acronyms ("PR", "PRs", "SRE": two to five capitals), only English
words (a stopword inside, "call to action", but not first or last), only words apart
by spaces or hyphens, and only a spelling seen twice, or once in capitals as a name is
written ("Site Reliability Engineer"): "please run" is no "PR", nor "system level
access" an "SLA".

Pure: the passages' texts are given.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

from .query import Query, Vocabulary, Word
from .text import stem, stopwords
from .thesaurus import is_english

SPELL_DOCS = 20  # the best passages read for a spelling
MIN_SEEN = (3, 2)  # times a spelling is seen (once in capitals counts twice), for an
# acronym of two letters (most often some other two words), of more
_ACRONYM = re.compile(r"\b([A-Z]{2,5})s?\b")  # "PR", "PRs", "SRE"
_STRETCH = re.compile(r"[A-Za-z]+(?:[ -]+[A-Za-z]+)*")  # words apart only by spaces, hyphens
_WORD = re.compile(r"[A-Za-z]+")


def spell_out(
    query: Query,
    known: Callable[[Word], bool],
    passages: Callable[[], Iterable[str]],
    vocab: Vocabulary,
) -> Query | None:
    """The query with each of its acronyms that the corpus lacks (not ``known``) spelled
    out as the ``passages`` spell it, in terms the ``vocab`` holds: the word's parts, and
    clauses added to search them by (see the module's docstring); None if there is none.
    The passages are read once, and only for such an acronym."""
    written = {m.group(1).casefold() for m in _ACRONYM.finditer(query.text)}
    if not written:
        return None
    texts: list[str] | None = None
    more: list[tuple[list[str], float]] = []
    asked = query.terms
    for word in query.words:
        letters = _letters(word.surface.casefold(), written)
        if not letters or word.weight != 1.0 or known(word):
            continue
        texts = list(passages()) if texts is None else texts
        terms = spelled_out(letters, texts)
        if terms and all(t in vocab for t in terms):
            word.terms, word.parts, word.name = word.terms + terms, terms, False
            more += [([t], word.weight) for t in terms if t not in asked]
    return Query(query.text, query.words, query.clauses + more, query.fed) if more else None


def _letters(surface: str, written: set[str]) -> str | None:
    """The acronym a word of the question is ("prs" written "PRs" is "pr"), or None."""
    if surface in written:
        return surface
    return surface[:-1] if surface.endswith("s") and surface[:-1] in written else None


def spelled_out(letters: str, texts: Iterable[str]) -> list[str] | None:
    """The index terms of the words the ``texts`` spell ``letters`` with most often, or
    None when no spelling is seen MIN_SEEN times (see the module's docstring)."""
    n, stops = len(letters), stopwords()
    seen: Counter[tuple[str, ...]] = Counter()
    for text in texts:
        for stretch in _STRETCH.findall(text):
            written = _WORD.findall(stretch)
            words = [w.casefold() for w in written]
            for i in range(len(words) - n + 1):
                run = words[i : i + n]
                if run[0] in stops or run[-1] in stops:
                    continue
                if all(w[0] == c and _may_spell(w, stops) for w, c in zip(run, letters)):
                    # a name's capitals count as often as two sightings: "Site Reliability"
                    capitals = all(
                        w[0].isupper() for w, f in zip(written[i : i + n], run) if f not in stops
                    )
                    seen[tuple(stem(w) for w in run if w not in stops)] += 2 if capitals else 1
    if not seen:
        return None
    terms, times = seen.most_common(1)[0]
    return list(terms) if times >= MIN_SEEN[n > 2] else None


def _may_spell(word: str, stops: frozenset[str]) -> bool:
    """Whether a word may be one of an acronym's: a stopword inside it, or an English
    word of two letters or more."""
    return word in stops or (len(word) > 1 and is_english(word))
