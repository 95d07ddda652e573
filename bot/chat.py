"""Questions as people write them in chat: the greeting, framing and thanks around them.

"hey team! quick q: what is GitOps? thanks in advance" asks "what is GitOps?". The words
around it say how it is asked, not what about, and a corpus never uses them ("hey", "q"):
each would weigh as an unknown subject and sink the question (see :mod:`bot.answer`).
:func:`bare_question` takes them off, and the core answers what is left. Only phrases that
are never a subject are taken, and single words only where punctuation, a question word or
the end follows them: "hello world", "OK button" and "question marks" stay.
"""

from __future__ import annotations

import re
import unicodedata

# a word that opens a message to someone: taken when punctuation, a question word or the
# end follows ("hi! what", "hey bot, how", "ok so what")
_GREETING = (
    r"hello|hi|hey|hiya|howdy|yo|ok|okay|thanks|thank\s+you|thx|cheers|sorry|greetings"
    r"|good\s+(?:morning|afternoon|evening)|question|curious|(?:i'?m\s+)?new\s+here"
)
_ADDRESSEE = r"bot|there|all|everyone|team|guys|folks|mate"
# how a question is framed, never what it is about: taken whatever follows
_FRAMING = (
    r"(?:quick|short|simple|dumb|stupid|silly|noob|newbie|random|small|one\s+more|another)"
    r"\s+(?:q|question)|just\s+(?:curious|wondering|checking)|newbie\s+here"
    r"|(?:i\s+)?need\s+(?:some\s+)?help(?:\s+please)?|help\s+(?:me|needed|please)"
    r"|sorry\s+if\s+this\s+(?:was|has\s+been|is)\s+(?:already\s+)?(?:asked|answered)"
    r"(?:\s+(?:before|already|here))?(?:\s*,?\s*but)?"
    r"|not\s+sure\s+if\s+this\s+is\s+the\s+right\s+(?:place|channel)"
    r"(?:\s+(?:to\s+ask|for\s+this))?(?:\s*,?\s*but)?"
    r"|i\s+(?:was\s+)?wonder(?:ing)?(?:\s+(?:if|whether))?"
    r"|(?:does|do)\s+(?:anyone|anybody|someone|somebody|you)\s+know(?:\s+(?:if|whether))?"
    r"|(?:can|could)\s+(?:someone|anyone|somebody|anybody|you)\s+(?:tell\s+me|explain)"
    r"|according\s+to\s+(?:the|our|your)\s+(?:docs|documentation|documents|wiki|handbook)"
    r"|any\s+(?:pointers|tips|ideas?|advice|help)(?=\s*[?:!])|please|pls|plz"
)
_ASKING = (
    r"what|which|who|whom|whose|when|where|why|how|is|are|was|were|do|does|did|can|could"
    r"|should|would|will|i|i'm|i've|we|my|our|so|and|also|but|any|tell|explain|show|list"
    r"|give"
)
_OPENING = re.compile(
    rf"^\s*(?:(?:{_GREETING})\b(?:\s*,?\s*@?(?:{_ADDRESSEE})\b)?"
    rf"(?:\s*[,!.:;]+\s*|\s+[-–—]+\s+|\s+(?=(?:{_GREETING}|{_FRAMING}|{_ASKING})\b)|\s*$)"
    rf"|(?:{_FRAMING})\b(?:\s*[,!.:;?]+\s*|\s+[-–—]+\s+|\s*))+",
    re.IGNORECASE,
)
# ... and what closes it: "... is X? thanks in advance", "(asking for a friend)"
_CLOSING = re.compile(
    r"(?:[\s,.;:!(-]*\b(?:thanks|thank\s+you|thx|cheers|please|pls|plz|lol|haha|tia"
    r"|asking\s+for\s+a\s+friend|any\s+(?:help|ideas|pointers|tips|advice)"
    r"(?:\s+(?:appreciated|welcome))?|anyone"
    r"|in\s+(?:the|our|your)\s+(?:docs|documentation|documents|wiki|handbook))\b"
    r"(?:\s+(?:a\s+lot|so\s+much|in\s+advance))?[\s.!:?)]*)+$",
    re.IGNORECASE,
)
_CLOSING_CHARS = 120  # the closing is looked for in the end only: no quadratic scan


def bare_question(text: str) -> str:
    """The question without the greeting and framing it opens with ("hi bot, quick q: ")
    and what closes it ("thanks! 🙏"); empty when it is nothing else."""
    text = _without_trailing_emoji(_OPENING.sub("", text, count=1))
    closing = _CLOSING.search(text, max(0, len(text) - _CLOSING_CHARS))
    return _without_trailing_emoji(text[: closing.start()]) if closing else text


def _without_trailing_emoji(text: str) -> str:
    """``text`` without the emoji (and spaces) it ends with: "... make? 🙏" ends with its
    question. Symbols that can end a term ("C++", "C#") are not emoji and stay."""
    end = len(text)
    while end and (text[end - 1].isspace() or _is_emoji_part(text[end - 1])):
        end -= 1
    return text[:end]


def _is_emoji_part(char: str) -> bool:
    # pictographs are "other symbols"; sequences join them with ZWJ and variation selectors
    return unicodedata.category(char) == "So" or char in "\u200d\ufe0e\ufe0f"
