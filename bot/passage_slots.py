"""Making a passage by setting its slots, for the query path: a frozen dataclass's
``__init__`` sets each field through ``object.__setattr__``, which takes twice the
instructions of setting the slots through their descriptors, and answering a question makes
a few dozen passages (each decoded from its record, and the quotes grown from them).
Passage has no ``__post_init__``: a passage made here equals the one ``Passage(...)`` makes.
"""

from __future__ import annotations

from dataclasses import fields

from .links import Links
from .passages import Passage

_NEW_OBJECT = object.__new__
# the setters of Passage's slots, by field name: a field added, removed or renamed fails
# this check at import, so that the makers of passages here are made to set it too
_SETTERS = {f.name: getattr(Passage, f.name).__set__ for f in fields(Passage)}
_SET = (
    "source",
    "heading_path",
    "line_start",
    "line_end",
    "text",
    "code_lang",
    "context",
    "links",
    "heading",
)
if tuple(sorted(_SETTERS)) != tuple(sorted(_SET)):
    raise ImportError(f"bot.passage_slots sets {_SET}, Passage has {tuple(_SETTERS)}")
_SET_SOURCE = _SETTERS["source"]
_SET_HEADING_PATH = _SETTERS["heading_path"]
_SET_LINE_START = _SETTERS["line_start"]
_SET_LINE_END = _SETTERS["line_end"]
_SET_TEXT = _SETTERS["text"]
_SET_CODE_LANG = _SETTERS["code_lang"]
_SET_CONTEXT = _SETTERS["context"]
_SET_LINKS = _SETTERS["links"]
_SET_HEADING = _SETTERS["heading"]


def make_passage(
    source: str,
    heading_path: tuple[str, ...],
    line_start: int,
    line_end: int,
    text: str,
    code_lang: str | None = None,
    context: str = "",
    links: Links = (),
    heading: str = "",
) -> Passage:
    """``Passage(...)`` in about half the instructions."""
    p: Passage = _NEW_OBJECT(Passage)
    _SET_SOURCE(p, source)
    _SET_HEADING_PATH(p, heading_path)
    _SET_LINE_START(p, line_start)
    _SET_LINE_END(p, line_end)
    _SET_TEXT(p, text)
    _SET_CODE_LANG(p, code_lang)
    _SET_CONTEXT(p, context)
    _SET_LINKS(p, links)
    _SET_HEADING(p, heading)
    return p
