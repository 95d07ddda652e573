"""A word of a question the corpus lacks, as the corpus writes the same word: another
spelling of it, the verb it does again, the word it negates, its singular (see
bot.query._respell, which also finds the two words it joins and the word its typo meant).
Pure: no files, no Discord.
"""

from __future__ import annotations

from collections.abc import Container
from string import ascii_lowercase

from . import spelling
from .text import question_stops, stem
from .thesaurus import is_english

AGAIN_MIN = 4  # a verb done again, "redeploy", is searched as the verb from this many letters


def as_written(surface: str, term: str, vocab: Container[str]) -> list[str] | None:
    """The term the corpus writes for a word it lacks, as the same word: another spelling
    ("finalised" where the documents write "finalized"), the verb done again, the word
    negated ("uncompressed"), or the singular ("jpgs": the stemmer keeps an s after no
    vowel)."""
    if spelt := [t for t in (stem(v) for v in spelling.variants(surface)) if t in vocab]:
        return spelt[:1]
    if same := _again(surface, vocab) or _negated(surface, vocab):
        return [same]
    if len(term) > 3 and term.endswith("s") and term[:-1] in vocab:
        return [term[:-1]]
    return None


def _again(surface: str, vocab: Container[str]) -> str | None:
    """The known term of the English verb a word does again: "redeploy" where the
    documents only write "deploy", a page on which answers it."""
    if not surface.startswith("re"):
        return None
    verb = stem(surface[2:])
    return verb if len(verb) >= AGAIN_MIN and verb in vocab and is_english(surface[2:]) else None


def _negated(surface: str, vocab: Container[str]) -> str | None:
    """The known term of the English word a word negates: "uncompressed" where the
    documents only write "compress", "nonempty" where they write "empty". The page on
    compression answers why a response came back uncompressed."""
    for prefix in ("un", "non"):
        if surface.startswith(prefix):
            word = surface[len(prefix) :]
            term = stem(word)
            if len(term) >= AGAIN_MIN and term in vocab and is_english(word):
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
