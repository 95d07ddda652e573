"""Which words a question uses as verbs, told by their place in it.

A word the corpus lacks that the question uses as a verb tells how it is asked, not what
it is about (see :func:`bot.query._verbal`). WordNet's counts tell how English mostly uses
a word; where they are too few ("refresh", "bail") or lean to a noun ("paste"), the
question itself often says: the word stands right after a subject pronoun ("can i paste",
"do they refresh", "I don't ack"), after "have" as a past participle ("might have leaked"),
or after "to" with its object or particle next ("a way to bail out", "to ship a service").
"""

from __future__ import annotations

import re

from .text import PLAIN_WORD, normalize

# only these pronouns are always subjects: "you" and "it" are objects too ("give you
# headaches"), and a verb stands next after them, or after one modal or negation between
_SUBJECTS = frozenset({"i", "we", "they", "he", "she"})
_BETWEEN = frozenset(
    {"can", "could", "should", "would", "will", "shall", "might", "must", "may", "cannot"}
    | {"don't", "doesn't", "didn't", "can't", "won't", "wouldn't", "shouldn't", "couldn't"}
    | {"dont", "doesnt", "didnt", "cant", "wont", "wouldnt", "shouldnt", "couldnt"}
)
_HAVE = frozenset({"have", "has", "had", "i've", "we've", "they've", "you've"})
# what follows a verb after "to": its object's determiner or a particle ("to bail out");
# a noun after "to" is more often a place ("to staging", "to the US")
_OBJECT = frozenset(
    {"a", "an", "the", "my", "our", "your", "their", "this", "that", "these", "those", "it"}
    | {"out", "up", "off", "down", "in", "over", "back"}
)


# a request opens its clause with its verb: "list the pods", "adb shell: list ...", "... and
# show them"; and a verb stands before its object pronoun: "help me", "show us"
_CLAUSE_OPENER = re.compile(r"(?:^|[:;,.!?]|\band\b)\W*([^\W\d_]+)")
_OBJECT_PRONOUNS = frozenset({"me", "us"})


def asking_words(text: str) -> set[str]:
    """The words ``text`` asks with, case-folded: those it uses as verbs by their place
    (:func:`used_as_verbs`), those opening a clause as a request does, and those before
    "me" or "us"."""
    out = used_as_verbs(text)
    folded = normalize(text)
    out.update(m.group(1) for m in _CLAUSE_OPENER.finditer(folded))
    words = PLAIN_WORD.findall(folded)
    out.update(w for w, after in zip(words, words[1:]) if after in _OBJECT_PRONOUNS)
    return out


def used_as_verbs(text: str) -> set[str]:
    """The words ``text`` uses as verbs by their place, case-folded (see the module)."""
    words = PLAIN_WORD.findall(normalize(text))
    out: set[str] = set()
    for i, word in enumerate(words[:-1]):
        after = words[i + 1]
        if word in _SUBJECTS:
            at = i + 2 if after in _BETWEEN else i + 1
            out.update(words[at : at + 1])
        elif (word in _HAVE and after.endswith("ed")) or (
            word == "to" and words[i + 2 : i + 3] and words[i + 2] in _OBJECT
        ):
            out.add(after)
    return out
