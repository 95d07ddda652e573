"""WordNet's synonyms of English nouns, for the words of a question that a corpus lacks
("vacation" where the documents say "holidays"): see :func:`bot.query.analyze`; and
whether a word is English at all ("urgent" is, "heaptrack" is not): see
:func:`bot.query.analyze` too.

The table ``bot/data/wordnet.tsv.gz`` and the word list ``bot/data/english.txt.gz`` are
made from WordNet 3.0 (Princeton University; its licence is ``bot/data/WORDNET_LICENSE``)
by this module's ``build_table`` and ``build_english``, run once::

    python -m bot.thesaurus path/to/wordnet-3.0/dict bot/data/wordnet.tsv.gz \
        bot/data/english.txt.gz

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

# WordNet morphy's detachment rules for nouns: an inflected ending and what replaces it
_NOUN_ENDINGS = {
    "s": "", "ses": "s", "xes": "x", "zes": "z", "ches": "ch", "shes": "sh", "men": "man", "ies": "y"
}  # fmt: skip


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
        forms = [word, *_base_forms(word, _NOUN_ENDINGS.items())]
    out: list[str] = []
    for form in dict.fromkeys(forms):
        out.extend(s for s in synonyms.get(form, "").split(",") if s and s not in out)
    return out


# the same for verbs and adjectives ("confused" → "confuse", "weirder" → "weird")
_OTHER_ENDINGS = (
    ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""),
    ("er", ""), ("est", ""), ("er", "e"), ("est", "e"),
)  # fmt: skip


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
    endings = (*_NOUN_ENDINGS.items(), *_OTHER_ENDINGS)
    return word in words or any(form in words for form in _base_forms(word, endings))


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
    if len(sys.argv) != 4:
        sys.exit("usage: python -m bot.thesaurus WORDNET_DICT_DIR OUT.tsv.gz WORDS.txt.gz")
    print(build_table(Path(sys.argv[1]), Path(sys.argv[2])), "lines")
    print(build_english(Path(sys.argv[1]), Path(sys.argv[3])), "words")
