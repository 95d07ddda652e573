"""A word of a question the corpus lacks, as the corpus writes the same word: another
spelling of it, the verb it does again, the word it negates, its singular (see
bot.query._respell, which also finds the two words it joins and the word its typo meant);
a file's name as the name of what it configures.
Pure: no files, no Discord.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Sequence
from string import ascii_lowercase
from typing import Protocol

from . import spelling
from .synonyms import group_terms
from .text import question_stops, stem, tokenize
from .thesaurus import is_english

PREFIXED_MIN = 4  # letters, as stemmed, of a word after its prefix ("redeploy", "uncompressed")
# prefixes that leave the subject as it was: a verb done again, a word negated
SAME_SUBJECT_PREFIXES = ("re", "un", "non")


def as_written(surface: str, term: str, vocab: Container[str]) -> list[str] | None:
    """The term the corpus writes for a word it lacks, as the same word: another spelling
    ("finalised" where the documents write "finalized"), the verb done again, the word
    negated ("uncompressed"), or the singular ("jpgs": the stemmer keeps an s after no
    vowel), also where the corpus writes a synonym of it ("msgs" where the documents only
    say "messages": the general synonym list has "msg")."""
    if spelt := [t for t in (stem(v) for v in spelling.variants(surface)) if t in vocab]:
        return spelt[:1]
    if same := _unprefixed(surface, vocab):
        return [same]
    one = term[:-1]
    if len(term) > 3 and term.endswith("s") and (one in vocab or group_terms(one)):
        return [one]
    return None


def _unprefixed(surface: str, vocab: Container[str]) -> str | None:
    """The known term of the English word a word does again or negates: "redeploy" where
    the documents only write "deploy", "uncompressed" where they write "compress",
    "nonempty" where they write "empty". The page on deploying answers how to redeploy,
    the page on compression why a response came back uncompressed."""
    for prefix in SAME_SUBJECT_PREFIXES:
        if surface.startswith(prefix):
            word = surface[len(prefix) :]
            term = stem(word)
            if len(term) >= PREFIXED_MIN and term in vocab and is_english(word):
                return term
    return None


FUNCTION_WORD_DROPPED = 4  # letters of a function word written with one left out: "befor"


def mistyped_function_word(surface: str) -> bool:
    """Whether a word the corpus lacks is a word that only shapes a question, with two
    letters swapped ("teh", "adn", "somethign", "becuase") or, from four letters, one left
    out where that is no English word ("befor", "lso"; not "hat" or "wit"): like a word
    about the asking, it is no subject the documents lack."""
    stops = question_stops()
    if any(w in stops for w in spelling.swaps(surface)):
        return True
    if len(surface) + 1 < FUNCTION_WORD_DROPPED or not surface.isalpha() or is_english(surface):
        return False  # "hat" (of "red hat") is a word, not "that" mistyped
    return any(
        surface[:i] + c + surface[i:] in stops
        for i in range(len(surface) + 1)
        for c in ascii_lowercase
    )


class _Word(Protocol):
    surface: str
    terms: list[str]
    whole: bool


_FILE_NAME = re.compile(r"(.+?)\.([^\W\d_]{1,5})")  # "zabbix_server.conf"


def file_names(words: Sequence[_Word], known: Callable[[str], bool]) -> None:
    """An identifier with a file's extension that the corpus never writes whole, searched as
    the identifier without it when the corpus writes that: "zabbix_server.conf" is what
    ``zabbix_server``'s page writes as ``path/to/zabbix_server.conf``, and a question on
    it asks about ``zabbix_server``. Its parts are searched as before."""
    for word in words:
        if not (word.whole and word.terms) or known(word.terms[0]):
            continue
        name = _FILE_NAME.fullmatch(word.surface)
        base = tokenize(name.group(1), code=True)[:1] if name else []
        if base and known(base[0]):
            word.terms[0] = base[0]
