"""British and American spellings of one word: "finalised" and "finalized", "colour" and
"color", "travelling" and "traveling", "licence" and "license"; and the commonest typo,
two letters swapped ("feild").

A team's documents mix them (one page says "organisation", the next "finalized"), and so
do the people asking. :func:`variants` gives the other spellings of a word by the regular
patterns of its ending; :func:`bot.query.analyze` searches one that the corpus uses when
the word as written is not there. Pure: no files, no Discord.
"""

from __future__ import annotations

import re

# (how one side writes it, how the other does, the endings that may follow); the stem
# before it has at least three letters, so short words ("rise", "hour", "tree") are never
# respelt
_PAIRS = (
    ("is", "iz", "e|ed|es|ing|er|ers|ation|ations|able"),  # organise / organize
    ("ys", "yz", "e|ed|es|ing|er|ers"),  # analyse / analyze
    ("our", "or", "|s|ed|ing|ite|ites|able|ful"),  # colour, behaviour, favourite
    ("ll", "l", "ed|ing|er|ers"),  # travelling, cancelled, labelled
    ("tre", "ter", "|s"),  # centre, metre
    ("ogue", "og", "|s"),  # catalogue, dialogue
    ("ence", "ense", ""),  # licence, defence
)
_BEFORE = {"ll": "(?<=[aeiou])", "l": "(?<=[aeiou])"}  # travel-l-ing, not install-ed
_RULES = [
    (re.compile(rf"(?<=[a-z]{{3}}){_BEFORE.get(a, '')}{a}(?=(?:{endings})$)"), b)
    for x, y, endings in _PAIRS
    for a, b in ((x, y), (y, x))
]


def variants(word: str) -> list[str]:
    """The word's other spellings, British or American, by the pattern of its ending (none
    for a word without such an ending). Not every one is an English word: a caller keeps
    those its corpus uses."""
    word = word.casefold()
    if not word.isalpha():
        return []
    out = []
    for rule, other in _RULES:
        if m := rule.search(word):  # anchored at the end of the word: one place at most
            respelt = word[: m.start()] + other + word[m.end() :]
            if respelt != word and respelt not in out:
                out.append(respelt)
    return out


def swaps(word: str) -> list[str]:
    """``word`` with two adjacent letters swapped, at each place in turn ("feild": "efild",
    "field", "field", "fedil"), those that differ from it."""
    out = [word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)]
    return [w for w in dict.fromkeys(out) if w != word]


_VOWELS = "aeiou"


def misspellings(word: str) -> list[str]:
    """The words ``word`` may be a misspelling of, as English is most often misspelt: a
    doubled letter written once or a letter doubled ("suposed", "automaticaly",
    "occurence"), one vowel for another ("seperate", "definately", "dependancy"), or a vowel
    left out ("diffrent"); those that differ from it. Not any letter left out or added:
    "linter" is no "liter", nor "commonjs" "commons"."""
    out = []
    for i, c in enumerate(word):
        out.append(word[: i + 1] + c + word[i + 1 :])  # doubled
        if i and word[i - 1] == c:
            out.append(word[:i] + word[i + 1 :])  # written once
        if c in _VOWELS:
            out += [word[:i] + v + word[i + 1 :] for v in _VOWELS if v != c]
        out += [word[:i] + v + word[i:] for v in _VOWELS]  # a vowel left out: "diffrent"
    return [w for w in dict.fromkeys(out) if w != word]
