"""The one tokenizer, shared by indexing and questions.

Text is NFKC-normalised and case-folded, split into words, stopwords are dropped and words
are stemmed (Snowball English). Tokens that carry meaning in technical writing are kept
whole as well as split: ``ci/cd``, ``a/b``, ``c++``, ``h2o.ai``, ``mid-level`` and money such
as ``$150,000`` (the whole token, unstemmed, plus its stemmed parts).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from importlib import resources

from .money import MONEY_TOKEN, TOKEN_SYMBOLS

# Bump when tokenization, parsing or the impacts stored change in a way that makes an old
# index wrong (46: MyST's targets, "(install-guide)=", unseen; 45: one "+" a word ends in
# is part of it, "Linux+"; 44: no label of two
# words or more ends in a stopword, "Notice that:"; 43: the CamelCase names headings
# write, their words apart, are search context; 42: no label starts in lower case; 41: a
# page's table of contents unindexed; 40: code right after code that text led into stays
# with them; 39: a page without a title is named by its file; 38: kramdown's attribute
# lists unseen; 37: markup around code in headings; 36: a line ending in a link ends no
# sentence; 35: HTML in prose indexed as shown; 34: passages keep their reference links to
# paths, "/manual/x.html"; 33: a line starting with a colon, DocFX's ":::row:::", is no
# label; 32: passages keep the addresses of their reference-style links; 26: a lone "\r"
# in a Liquid comment kept as a line break; 25: a title's initials the page writes are
# search context; 24: a CamelCase title's words apart are search context; 23: front matter
# keywords; 22: Liquid's tags; 21: "15MB" as "15 MB"; 20: VitePress containers).
TOKENIZER_VERSION = 46

_SEGMENT = r"[^\W_]+(?:['’][^\W_]+)*"  # letters and digits, an apostrophe inside: don't
# ci/cd, c++, c#, and one "+" after the letters of a name: CompTIA's "Linux+", "Security+"
# (not a number's: "3.8+" is "3.8")
_WORD = rf"{_SEGMENT}(?:[./&+#_-]{_SEGMENT})*(?:\+\+|(?<=[^\W\d_])\+(?![\w+])|\#(?![^\W_]))?"
_TOKEN = re.compile(rf"(?P<money>{MONEY_TOKEN})|(?P<word>{_WORD})")
_WORDS = re.compile(_WORD)  # the same words, for text with no money: 2-3 times faster
_MONEY_SIGN = re.compile("[" + re.escape("".join(TOKEN_SYMBOLS)) + "]")
_PART = re.compile(r"[^\W_]+")
# a word as written in a sentence, an apostrophe inside ("don't"), for reading questions
PLAIN_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
# inline code, not a fenced block; written ``? rather than `{1,2} so that a search skips to
# the next backtick at C speed instead of trying a match at every character
_CODE_SPAN = re.compile(r"(``?)([^`\n]+?)\1")
MONEY = "¤money"  # one extra term for every amount of money, so "cost" can match "$800"
MAX_TOKEN_CHARS = 64


def _word_list(name: str) -> frozenset[str]:
    text = resources.files("bot.data").joinpath(name).read_text("utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return _word_list("stopwords.txt")


@lru_cache(maxsize=1)
def question_words() -> frozenset[str]:
    """Words dropped from questions only (``know``, ``mentioned``...)."""
    return stopwords() | _word_list("question_words.txt")


# question words that are nouns too: dropped only where the question asks with them ("list
# the pods", "help me with …": see bot.query._words), searched where they name something
# ("Sequence or list?", "where do I ask for help?")
ASKING_NOUNS = frozenset({"list", "help"})


@lru_cache(maxsize=1)
def question_stops() -> frozenset[str]:
    return question_words() - ASKING_NOUNS


@lru_cache(maxsize=1)
def meta_words() -> frozenset[str]:
    """Words a question uses about the documents or the asking (``docs``, ``say``): see
    ``bot/data/meta_words.txt``."""
    return _word_list("meta_words.txt")


@lru_cache(maxsize=1)
def chat_words() -> frozenset[str]:
    """Words of the chat around a question (``hey``, ``thanks``): see
    ``bot/data/chat_words.txt`` and :mod:`bot.chat`."""
    return _word_list("chat_words.txt")


def data_fingerprint() -> str:
    """What besides the corpus decides the index's tokens: a rebuild follows any change."""
    text = resources.files("bot.data").joinpath("stopwords.txt").read_bytes()
    return f"tok{TOKENIZER_VERSION}-" + hashlib.sha256(text).hexdigest()[:12]


def _make_stemmer() -> Callable[[str], str]:
    try:
        import Stemmer  # PyStemmer: the C build of the Snowball stemmers

        stem_word: Callable[[str], str] = Stemmer.Stemmer("english").stemWord
        return stem_word
    except ImportError:  # pragma: no cover - PyStemmer is a dependency; this is a fallback
        import snowballstemmer

        fallback: Callable[[str], str] = snowballstemmer.stemmer("english").stemWord
        return fallback


_stem_word = _make_stemmer()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball's stem of an alphabetic word, unless it would leave one or two letters of
    more than a plural: "awful" is no "aws" (both "aw"), nor "going" the Go language; but
    "ids" is "id"."""
    if not word.isalpha():
        return word
    out = _stem_word(word)
    return out if len(out) > 2 or word == out + "s" else word


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().replace("’", "'")


# an amount and its unit written together, "15MB", "250ms", "60fps": two terms, as "15 MB"
_QUANTITY = re.compile(
    r"(\d+(?:\.\d+)?)(kb|mb|gb|tb|pb|kib|mib|gib|tib|ms|ns|us|μs|px|hz|khz|mhz|ghz|fps|kbps|mbps|gbps)"
)


def _word_terms(word: str, stops: frozenset[str]) -> tuple[str, ...]:
    """The index terms of one word, as matched by ``_TOKEN``."""
    if word in stops:
        return ()  # also a compound listed whole: "w/o" in questions (stopwords have none)
    if "'" in word:
        word = word.split("'", 1)[0]
    if word[:1].isdigit() and (quantity := _QUANTITY.fullmatch(word)):
        return quantity.groups()
    parts = _PART.findall(word)
    if len(parts) > 1 or word != (parts[0] if parts else ""):
        out = [word] if len(word) <= MAX_TOKEN_CHARS else []  # the compound: ci/cd, c++
        # a part is a word of the text, not of the asking: "show" of "no-show" is no "show me"
        inner = stops if stops is _NO_STOPS else stopwords()
        out.extend(stem(p) for p in parts if len(p) > 1 and p not in inner)
        return tuple(out)
    if word not in stops and len(word) <= MAX_TOKEN_CHARS:
        return (stem(word),)
    return ()


@lru_cache(maxsize=500_000)
def _doc_word_terms(word: str) -> tuple[str, ...]:
    return _word_terms(word, stopwords())


@lru_cache(maxsize=50_000)
def _question_word_terms(word: str) -> tuple[str, ...]:
    return _word_terms(word, question_stops())


_NO_STOPS: frozenset[str] = frozenset()


@lru_cache(maxsize=200_000)
def _code_word_terms(word: str) -> tuple[str, ...]:
    return _word_terms(word, _NO_STOPS)


def _money_term(text: str) -> str:
    return re.sub(r"[\s+]", "", text)


def tokenize(text: str, code: bool = False) -> list[str]:
    """Index terms of ``text``, in order, with repeats.

    Stopwords are dropped from prose but kept in code (between backticks, or all of
    ``text`` with ``code``): there they are names, the ``which`` command, the ``this``
    pointer, ``#pragma once``.
    """
    text = normalize(text)
    if code:
        return _terms_of(text, _code_word_terms)
    out: list[str] = []
    for segment, is_code in _segments(text):
        out.extend(_terms_of(segment, _code_word_terms if is_code else _doc_word_terms))
    return out


def holds_run(words: Sequence[str], run: Sequence[str]) -> bool:
    """Whether ``words`` hold ``run`` side by side and in order ("turn on" in "how do i
    turn on logs", not in "turn off logs on the server")."""
    n, run = len(run), tuple(run)
    if not n:
        return True
    at = -1
    while True:  # only where the run's first word stands, found by index() at C speed
        try:
            at = words.index(run[0], at + 1)
        except ValueError:
            return False
        if tuple(words[at : at + n]) == run:
            return True


@lru_cache(maxsize=64)
def question_terms(text: str) -> tuple[str, ...]:
    """The index terms of a question's text, in order: the title rule and the heading rule
    (bot.title_named, bot.heading_asked) of one question read them, tokenized once."""
    return tuple(tokenize(text))


@lru_cache(maxsize=65_536)
def heading_terms(heading: str) -> tuple[str, ...]:
    """A heading's index terms. A heading made only of stopwords is a name ("which",
    "more": commands), and its words are kept. Kept for the headings seen last: a build
    meets a file's headings once per passage, and quoting meets the same few ("Remarks",
    "Example") question after question."""
    return tuple(tokenize(heading) or tokenize(heading, code=True))


def _terms_of(text: str, word_terms: Callable[[str], tuple[str, ...]]) -> list[str]:
    out: list[str] = []
    if _MONEY_SIGN.search(text) is None:  # most text: trying money at every word costs more
        for word in _WORDS.findall(text):
            out.extend(word_terms(word))
        return out
    for money, word in _TOKEN.findall(text):  # tuples: faster than match objects
        if word:
            out.extend(word_terms(word))
        else:
            out.append(_money_term(money))
            out.append(MONEY)
    return out


def _segments(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into prose and code (between backticks), in order."""
    if "`" not in text:
        return [(text, False)]  # most text: no pattern search
    out: list[tuple[str, bool]] = []
    at = 0
    for m in _CODE_SPAN.finditer(text):
        if m.start() > at:
            out.append((text[at : m.start()], False))
        out.append((m.group(2), True))
        at = m.end()
    if at < len(text):
        out.append((text[at:], False))
    return out


def content_words(text: str, question: bool = False) -> list[tuple[str, list[str]]]:
    """The words of ``text`` that are not stopwords, each with its index terms; in code
    (between backticks) stopwords count too, as in :func:`tokenize`.

    With ``question``, the words that only shape a question are dropped too.
    """
    return list(_content_words(text, question))


def has_content_words(text: str, question: bool = False) -> bool:
    """Whether ``text`` has a word :func:`content_words` keeps, looking no further than
    the first."""
    return next(_content_words(text, question), None) is not None


def _content_words(text: str, question: bool) -> Iterator[tuple[str, list[str]]]:
    text = normalize(text)
    prose = _question_word_terms if question else _doc_word_terms
    for segment, is_code in _segments(text):
        word_terms = _code_word_terms if is_code else prose
        if _MONEY_SIGN.search(segment) is None:  # most text: words only, found as _terms_of does
            for surface in _WORDS.findall(segment):
                if found := word_terms(surface):
                    yield surface, list(found)
            continue
        for m in _TOKEN.finditer(segment):
            surface = m.group(0)
            terms = [_money_term(surface), MONEY] if m.group("money") else list(word_terms(surface))
            if terms:
                yield surface, terms
