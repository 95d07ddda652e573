"""Questions as people write them in chat: the greeting, framing and thanks around them.

"hey team! quick q: what is GitOps? thanks in advance 🙏" asks "what is GitOps?". The words
around it say how it is asked, not what about, and a corpus never uses them ("hey", "q"):
each would weigh as an unknown subject and sink the question (see :mod:`bot.answer`).

:func:`bare_question` takes off an opening and a closing *fragment* made only of chat words
(``bot/data/chat_words.txt``: greetings, addressees, interjections, framing, thanks) and
stopwords, with at least one chat word. An opening fragment ends at punctuation, where a
question word starts ("team what is ...") or after a filler ("pls ...", "btw ..."); a
closing one starts at punctuation ("... X? thoughts?", "... X (sorry if this is obvious)"),
or anywhere when it ends in thanks ("... X any help appreciated"). A fragment with any other
word stays: "hello world", "OK button", "Kotlin: what do developers make?".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .text import chat_words, has_content_words, normalize, question_words

# where a question starts after an opening without punctuation ("hmm what is", "ok how")
QUESTION_START = frozenset(
    "what which who whom whose when where why how is are was were do does did can could "  # noqa: SIM905
    "should would will i we my our any tell explain show list give describe".split()
)
# an opening of its own, whatever follows: "pls salary of ...", "btw how do I ..."
FILLERS = frozenset(["please", "pls", "plz", "btw", "fyi", "hmm", "hm", "um", "uh", "lol"])
# a closing that ends with one of these needs no punctuation before it: "... is X thanks",
# "... X any help appreciated"
THANKS = frozenset(
    ["thanks", "thank", "thx", "ty", "cheers", "tia", "appreciated", "lol", "haha", "hehe"]
    + ["please", "pls", "plz"]
)
# two last words that close a question without punctuation before them: thanks ("... thx
# in advance"), or the time or hedge it ends with, not what it is about ("... these days")
CLOSING_PHRASES = frozenset(
    [("pls", "help"), ("please", "help"), ("plz", "help"), ("in", "advance")]
    + [("much", "appreciated"), ("thank", "you"), ("many", "thanks")]
    + [("these", "days"), ("right", "now"), ("the", "moment"), ("on", "average")]
    + [("in", "general")]
)

_PIECE = re.compile(
    r"(?P<word>[^\W_]+(?:['’][^\W_]+)*)"  # a word, an apostrophe inside: I'm
    r"|(?P<sep>[,.:;!?()\[\]]|(?<=\s)[-–—]+(?=\s))"  # punctuation; a dash between spaces
    r"|(?P<other>\S)"  # anything else: emoji, symbols, a dash inside a word
)
_SKIPPED = "\u200d\ufe0e\ufe0f@"  # what joins emoji (ZWJ, variation selectors); "@bot"
Piece = tuple[str, str, int, int]  # kind (chat, stop, word, sep, symbol, other), text, span


def bare_question(text: str) -> str:
    """The question without the chat it opens and closes with ("hi bot, quick q: ...
    thanks!"); empty when it is nothing else."""
    pieces = [(*_kind(m.lastgroup or "other", m.group()), *m.span()) for m in _PIECE.finditer(text)]
    start = _opening_end(pieces)
    for kind, piece, at, after in pieces if start else ():
        if at < start:
            continue
        if kind != "stop" or piece in QUESTION_START:
            break
        start = after  # "..., but salary of": the conjunction goes with the opening
    end = _closing_start(pieces, start, len(text))
    return text[start:end].strip() if end > start else ""


def question_of(text: str) -> str:
    """What to search for in a message: :func:`bare_question`, or the text as written when
    nothing searchable would be left ("hi!", "what are these days?")."""
    bare = bare_question(text)
    return bare if has_content_words(bare, question=True) else text


@lru_cache(maxsize=4096)
def _kind(group: str, raw: str) -> tuple[str, str]:
    """The kind of a piece matched as ``group`` of _PIECE (chat, stop, word, sep, symbol or
    other) and its text as read. Kept for the pieces seen last: questions open, ask and close
    with the same few words ("hi", "how", "the", "?")."""
    kind, piece = group, normalize(raw)  # may be longer: NFKC makes "¨" a space and a mark
    if kind == "word":
        stops = question_words()
        if piece in chat_words():
            kind = "chat"
        elif piece in stops or piece.split("'", 1)[0] in stops:  # I'm: I
            kind = "stop"
    elif kind == "other" and (unicodedata.category(raw) == "So" or raw in _SKIPPED):
        kind = "symbol"  # emoji: "🙏", "🤷‍♂️"; not "+" of "C++"
    return kind, piece


def _opening_end(pieces: list[Piece]) -> int:
    """Where the question starts: after the opening fragment of chat words, stopwords and
    emoji that holds a chat word and ends at punctuation, before the first of a run of
    question words ("team what is"), or after a filler ("pls"); the end when there is
    nothing else."""
    cut, chatted, asking = 0, False, False
    for kind, piece, start, end in pieces:
        if kind in ("word", "other"):
            return cut
        if kind == "sep" and chatted and piece not in "([":
            cut = end
        elif kind == "stop" and chatted and not asking and piece in QUESTION_START:
            cut = max(cut, start)
        elif kind == "chat":
            chatted = True
            if piece in FILLERS:
                cut = end
        if kind in ("chat", "stop"):
            asking = piece in QUESTION_START
    return pieces[-1][3] if chatted else cut  # "hi there!": no question


def _closing_start(pieces: list[Piece], start: int, end: int) -> int:
    """Where the question ends: before the closing fragment of chat words, stopwords and
    emoji that holds a chat word and starts at punctuation ("... X? any ideas?"), or that
    ends with thanks ("... X any help appreciated", "... X thx in advance")."""
    chatted, thanking = False, None  # thanking: the closing needs no punctuation before it
    words = [(piece, at) for kind, piece, at, _ in pieces if kind in ("chat", "stop", "word")]
    if tuple(w for w, _ in words[-2:]) in CLOSING_PHRASES:
        chatted, thanking, end = True, True, words[-2][1]
        pieces = [p for p in pieces if p[2] < end]
    for kind, piece, piece_start, _ in reversed(pieces):
        if piece_start < start or kind in ("word", "other"):
            break
        if kind == "symbol":
            end = piece_start if thanking is None else end  # emoji after the last word
        elif kind in ("chat", "stop"):
            thanking = piece in THANKS if thanking is None else thanking
            chatted = chatted or kind == "chat"
            end = piece_start if thanking else end
        elif kind == "sep" and chatted and piece not in ")]":
            end = piece_start
    return end
