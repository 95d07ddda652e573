"""Short follow-ups in a conversation ("and for MLOps?", "what about seniors?")."""

from __future__ import annotations

import re

from .chat import question_of
from .text import content_words

FOLLOWUP_MAX_WORDS = 4
_QUESTION = re.compile(
    r"^\s*(?:what|which|who|whom|whose|when|where|why|how|is|are|do|does|"
    r"can|could|should|would|will|tell|explain|list|show)\b",
    re.IGNORECASE,
)
_LEAD = re.compile(
    r"^\s*(?:and|also|but|so|ok|okay|then)?\s*(?:what|how)\s+about\b|^\s*(?:and|also)\b"
    r"|^\s*(?:same|ditto)\b",
    re.IGNORECASE,
)


def is_followup(text: str) -> bool:
    """A short message that leans on the previous question rather than standing alone
    ("thanks! and for MLOps?" too: a greeting it opens with is not part of it)."""
    text = question_of(text)
    words = content_words(text, question=True)
    if not words or len(words) > FOLLOWUP_MAX_WORDS:
        return False
    if _LEAD.search(text):
        return True
    return len(words) <= 2 and not _QUESTION.search(text)
