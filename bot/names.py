"""Names in a question that the corpus never writes: what a question is most likely about
(a product, a tool, a feature), so a page that matches the rest of it is no answer.

Pure: no files, no Discord.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Protocol

from .text import tokenize
from .thesaurus import is_english

NAME_MIN = 6  # letters of a word of no language that is a name, not chat shorthand: see lacks


class Terms(Protocol):
    """The corpus's terms, as ``term in vocab`` asks (a bot.query.Vocabulary)."""

    def __contains__(self, term: str, /) -> bool: ...


# SnapStart, CKA, iPhone: a whole word holding a capital after a lower-case letter or another
# capital. Tried only where a word starts: from inside one, each letter would be tried again,
# back and forth over the rest of the word, for the same match or none
_NAME = re.compile(r"(?<![^\W_])[^\W_]*?(?:[a-z][A-Z]|[A-Z]{2})[^\W_]*")


def written_as_names(text: str, vocab: Terms) -> set[str]:
    """Words of the question written as names, an acronym or CamelCase ("CKA",
    "SnapStart"), that the corpus never uses, case-folded."""
    found = _NAME.findall(unicodedata.normalize("NFKC", text))
    return {
        n.casefold()
        for n in found
        if not any(t in vocab for t in tokenize(n)[:1])  # its own term, not its parts
    }


def names_a_tool(surface: str, terms: Sequence[str], vocab: Terms) -> bool:
    """Whether the tool a question opens with (see bot.grammar.tool_opening) is one the corpus
    never uses ("heaptrack: ..."), not a word of English framing the question ("urgent: ...")."""
    return not any(t in vocab for t in terms) and not is_english(surface)


def lacks(surface: str, related: bool) -> bool:
    """Whether a word the corpus lacks, and no typo of one it has, is the name of something
    it lacks: a word of no language (not in WordNet) of NAME_MIN letters or more ("semgrep",
    "mongodb"), or one the corpus reaches only through its first letters ("perfetto", where
    it says "perf"; "patchelf", where it says "patch"). Shorter words of no language are
    mostly chat ("ppl", "gcal", "vuln", "ack"); and two words of English written as one
    ("warmups", "hotfix", "webhooks") are no name either, nor an English word's possessive
    ("chancellor's")."""
    if is_english(surface) or ("'" in surface and is_english(surface.split("'")[0])):
        return False
    return related or (len(surface) >= NAME_MIN and not _joins_english(surface))


def _joins_english(word: str) -> bool:
    """Whether ``word`` is two English words of three letters or more written as one."""
    return any(is_english(word[:i]) and is_english(word[i:]) for i in range(3, len(word) - 2))
