"""WordNet's synonyms of English nouns, for the words of a question that a corpus lacks
("vacation" where the documents say "holidays"): see :func:`bot.query.analyze`; whether
a word is English at all ("urgent" is, "heaptrack" is not): see :func:`bot.query.analyze`
too; and whether English mostly uses a word as a verb or an adverb ("went", "ago"), which
tells how a question is asked rather than what it is about: see
:meth:`bot.rerank.Ranker.asked`.

The table ``bot/data/wordnet.tsv.gz`` and the word list ``bot/data/english.txt.gz`` are
made from WordNet 3.0 (Princeton University; its licence is ``bot/data/WORDNET_LICENSE``)
by this module's ``build_table`` and ``build_english``, and ``bot/data/usage.tsv.gz`` from
its sense counts (``cntlist.rev``: how often each sense is tagged in the SemCor corpus) by
``build_usage``, run once::

    python -m bot.thesaurus path/to/wordnet-3.0/dict bot/data/wordnet.tsv.gz \
        bot/data/english.txt.gz bot/data/usage.tsv.gz

It keeps, per single-word noun, the other single-word lemmas of its most frequent sense
only ("mint" the plant, not "mint" the place money is made), and per irregular plural its
singulars. Lines are UTF-8 text: ``noun TAB n TAB synonym,synonym`` and
``plural TAB @n TAB singular,singular``. Verbs, adjectives and the other senses are left
out on purpose: measured, they mostly bridge to noise ("went" is also "die", "phone" is
also "call", which "on-call" holds).
"""

from __future__ import annotations

import gzip
import sys
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path

# WordNet's parts of speech: noun, verb, adjective (satellites too), adverb, in the order of
# usage.tsv.gz's columns; and morphy's detachment rules for each, an inflected ending and
# what replaces it ("vacations" → "vacation", "confused" → "confuse", "weirder" → "weird")
_POS = ("n", "v", "a", "r")
_MORPHY_ENDINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "n": (("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
          ("men", "man"), ("ies", "y")),
    "v": (("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""),
          ("ing", "e"), ("ing", "")),
    "a": (("er", ""), ("est", ""), ("er", "e"), ("est", "e")),
    "r": (),
}  # fmt: skip
_ANY_ENDING = tuple(dict.fromkeys(e for pos in _POS for e in _MORPHY_ENDINGS[pos]))


@lru_cache(maxsize=1)
def wordnet() -> tuple[dict[str, str], dict[str, str]]:
    """Per noun, its synonyms; per irregular plural, its singulars ("children": "child");
    each as written in the table, comma-separated. Read once, when a question first has a
    word its corpus lacks (about 35 ms and 9 MB)."""
    synonyms: dict[str, str] = {}
    irregular: dict[str, str] = {}
    raw = resources.files("bot.data").joinpath("wordnet.tsv.gz").read_bytes()
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        word, pos, rest = line.split("\t")
        (irregular if pos == "@n" else synonyms)[word] = rest
    return synonyms, irregular


def wordnet_synonyms(word: str) -> list[str]:
    """The WordNet synonyms of the most frequent sense of the noun ``word``, singular or
    plural ("vacations": "holiday"), found as WordNet's morphy finds base forms."""
    synonyms, irregular = wordnet()
    if word in irregular:
        forms = [*irregular[word].split(","), word]
    else:
        forms = [word, *_base_forms(word, _MORPHY_ENDINGS["n"])]
    out: list[str] = []
    for form in dict.fromkeys(forms):
        out.extend(s for s in synonyms.get(form, "").split(",") if s and s not in out)
    return out


@lru_cache(maxsize=1)
def english_words() -> Mapping[str, None]:
    """Every single-word lemma of WordNet 3.0, of any part of speech, and the irregular
    forms its exception lists name (``bot/data/english.txt.gz``, about 80k words), as the
    keys of a dict: the garbage collector stops looking into a dict of strings once it has
    seen it, but walks a set's 80k words at every full collection."""
    raw = resources.files("bot.data").joinpath("english.txt.gz").read_bytes()
    return dict.fromkeys(gzip.decompress(raw).decode("utf-8").split())


def is_english(word: str) -> bool:
    """Whether a lower-case word is an English word, as written or inflected ("urgent",
    "outages", "confused", "stuck"): "heaptrack" or "kaniko" is not."""
    words = english_words()
    return word in words or any(form in words for form in _base_forms(word, _ANY_ENDING))


# how English uses a word (see mostly_verbal)
_COLUMN = {pos: i for i, pos in enumerate(_POS)}  # a part of speech's column in usage.tsv.gz
_SENSE_TYPE_POS = {"1": "n", "2": "v", "3": "a", "4": "r", "5": "a"}  # a sense key's ss_type
_POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
VERBAL_MIN_USES = 3  # tagged uses as a verb (or adverb) at least, to tell anything
VERBAL_OVER_NOUN = 2  # ... and this many times its uses as a noun


@lru_cache(maxsize=1)
def usage() -> tuple[dict[str, tuple[int, ...]], dict[str, tuple[tuple[str, str], ...]]]:
    """Per lemma, how often SemCor tags it as a noun, a verb, an adjective and an adverb;
    per irregular form, its lemmas and their part of speech ("went": go, verb). Read once,
    when a question first has a word its corpus lacks (``bot/data/usage.tsv.gz``)."""
    counts: dict[str, tuple[int, ...]] = {}
    irregular: dict[str, tuple[tuple[str, str], ...]] = {}
    raw = resources.files("bot.data").joinpath("usage.tsv.gz").read_bytes()
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        word, rest = line.split("\t", 1)
        if rest.startswith("@"):
            pairs = (form.split("/") for form in rest[1:].split(","))
            irregular[word] = tuple((base, pos) for base, pos in pairs)
        else:
            counts[word] = tuple(int(c) for c in rest.split("\t"))
    return counts, irregular


def mostly_verbal(word: str) -> bool:
    """Whether English mostly uses a lower-case word, as written or inflected, as a verb or
    an adverb ("went", "shoving", "bail", "ago"), not as a noun ("visa", "gym") or an
    adjective ("sick"), by WordNet's counts of its tagged senses in SemCor: the most used
    part of speech is a verb or an adverb, VERBAL_MIN_USES times at least and
    VERBAL_OVER_NOUN times as often as a noun. A word with too few tagged uses to tell
    ("sabbatical", "renovate") is not."""
    return _mostly(word, ("v", "r"))


def mostly_adjective(word: str) -> bool:
    """Whether English mostly uses a lower-case word as an adjective ("dead", "weird",
    "unhappy"), by the same counts and bars as :func:`mostly_verbal`."""
    return _mostly(word, ("a",))


def _mostly(word: str, parts: tuple[str, ...]) -> bool:
    """Whether SemCor tags ``word`` (as written or inflected) most often as one of
    ``parts``, VERBAL_MIN_USES times at least and VERBAL_OVER_NOUN times as often as a
    noun."""
    counts, irregular = usage()
    forms = [(word, pos) for pos in _POS]
    forms += irregular.get(word, ())
    forms += [(base, pos) for pos in _POS for base in _base_forms(word, _MORPHY_ENDINGS[pos])]
    tally = dict.fromkeys(_POS, 0)
    for base, pos in dict.fromkeys(forms):
        if base in counts:
            tally[pos] += counts[base][_COLUMN[pos]]
    best = max(_POS, key=tally.__getitem__)
    return (
        best in parts
        and tally[best] >= VERBAL_MIN_USES
        and tally[best] >= VERBAL_OVER_NOUN * tally["n"]
    )


def compares(word: str) -> bool:
    """Whether a lower-case word is the comparative or superlative of an adjective, as
    SemCor mostly uses its base ("nicest", "easier", "biggest"; not "tester" or "winner",
    whose bases are no adjectives): it tells how a question is asked ("the nicest way to
    ..."), not what it is about."""
    counts, irregular = usage()
    bases = [base for base, pos in irregular.get(word, ()) if pos == "a"]
    bases += _base_forms(word, _MORPHY_ENDINGS["a"])
    noun = counts.get(word, (0,))[0]  # "cooler", "winner" are things of their own
    for base in bases:
        n, _, a, _ = counts.get(base, (0, 0, 0, 0))
        if a and a >= n and a > noun:
            return True
    return False


def _base_forms(word: str, endings: Iterable[tuple[str, str]]) -> list[str]:
    """The forms WordNet's morphy would try for an inflected ``word``: each ending it has,
    replaced ("vacations" → "vacation", "confused" → "confuse")."""
    return [word[: -len(a)] + b for a, b in endings if word.endswith(a) and word != a]


# ---------------------------------------------------------------------- making the tables
def build_table(dict_dir: Path, out: Path) -> int:
    """Write the table from WordNet's ``index.noun``, ``data.noun`` and ``noun.exc``
    (their format is WordNet's wndb(5)); returns the number of lines."""
    lemmas = _synset_lemmas(dict_dir / "data.noun")
    lines: list[str] = []
    nouns: set[str] = set()
    for line in _lines(dict_dir / "index.noun"):
        fields = line.split()
        lemma, pointers = fields[0], int(fields[3])  # lemma pos synset_cnt p_cnt ...
        if "_" in lemma:
            continue  # a question word is one word
        nouns.add(lemma)
        first = int(fields[4 + pointers + 2])  # the synsets follow, most frequent first
        same = [w for w in lemmas[first] if w != lemma and "_" not in w]
        if same:
            lines.append(f"{lemma}\tn\t{','.join(same)}")
    plurals: dict[str, list[str]] = {}
    for line in _lines(dict_dir / "noun.exc"):
        plural, *singulars = line.split()
        kept = [s for s in singulars if s in nouns and s != plural]
        if "_" not in plural and kept:
            plurals.setdefault(plural, []).extend(kept)
    lines += [f"{p}\t@n\t{','.join(s)}" for p, s in sorted(plurals.items())]
    return _write_lines(out, lines)


def build_english(dict_dir: Path, out: Path) -> int:
    """Write the word list :func:`english_words` reads, from WordNet's ``index.*`` and
    ``*.exc`` files: single words only, in lower case, one a line; returns their number."""
    words: set[str] = set()
    for pos in ("noun", "verb", "adj", "adv"):
        words.update(line.split(" ", 1)[0] for line in _lines(dict_dir / f"index.{pos}"))
        exc = dict_dir / f"{pos}.exc"
        if exc.exists():
            words.update(w for line in _lines(exc) for w in line.split())
    return _write_lines(
        out, sorted(w for w in words if "_" not in w and w.isascii() and w[:1].isalpha())
    )


def build_usage(dict_dir: Path, out: Path) -> int:
    """Write the table :func:`usage` reads, from WordNet's ``cntlist.rev`` (sense key,
    sense number, tag count, a line each) and its ``*.exc`` files: ``lemma TAB n TAB v TAB
    a TAB r`` for each single-word lemma tagged at least once, and ``form TAB @lemma/pos,…``
    for each irregular form; returns the number of lines."""
    counts: dict[str, list[int]] = {}
    for line in _lines(dict_dir / "cntlist.rev"):
        key, _, tagged = line.split()
        lemma, _, sense = key.partition("%")
        pos = _SENSE_TYPE_POS.get(sense[:1])
        if pos and "_" not in lemma and int(tagged):
            counts.setdefault(lemma.lower(), [0] * len(_POS))[_COLUMN[pos]] += int(tagged)
    irregular: dict[str, list[str]] = {}
    for pos in _POS:
        exc = dict_dir / f"{_POS_FILES[pos]}.exc"
        for line in _lines(exc) if exc.exists() else []:
            form, *bases = line.split()
            if "_" not in form:
                irregular.setdefault(form, []).extend(f"{b}/{pos}" for b in bases if "_" not in b)
    lines = ["\t".join([w, *map(str, c)]) for w, c in sorted(counts.items())]
    lines += [f"{w}\t@{','.join(b)}" for w, b in sorted(irregular.items()) if b]
    return _write_lines(out, lines)


def _write_lines(out: Path, lines: list[str]) -> int:
    """Write ``lines`` gzipped to ``out``, with neither a time nor the file's name in the
    gzip header (the same bytes wherever made); returns their number."""
    with out.open("wb") as raw, gzip.GzipFile("", "wb", 9, raw, mtime=0) as f:
        f.write(("\n".join(lines) + "\n").encode("utf-8"))
    return len(lines)


def _lines(path: Path) -> list[str]:
    """The lines of a WordNet file, without its licence header (lines opening in spaces)."""
    text = path.read_text("latin-1")
    return [line for line in text.splitlines() if line and not line.startswith("  ")]


def _synset_lemmas(path: Path) -> dict[int, list[str]]:
    """Per synset offset, its lemmas in lower case (``data.*``: offset, lexicographer file,
    type, word count in hex, then word / lex_id pairs)."""
    out: dict[int, list[str]] = {}
    for line in _lines(path):
        fields = line.split(" ")
        count = int(fields[3], 16)
        words = [fields[4 + 2 * i].lower() for i in range(count)]
        out[int(fields[0])] = list(dict.fromkeys(words))
    return out


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(
            "usage: python -m bot.thesaurus WORDNET_DICT_DIR OUT.tsv.gz WORDS.txt.gz USAGE.tsv.gz"
        )
    print(build_table(Path(sys.argv[1]), Path(sys.argv[2])), "lines")
    print(build_english(Path(sys.argv[1]), Path(sys.argv[3])), "words")
    print(build_usage(Path(sys.argv[1]), Path(sys.argv[4])), "usage lines")
