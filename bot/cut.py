"""Cutting text to a length: one place for every cut the bot makes."""

from __future__ import annotations


def cut_text(text: str, limit: int) -> list[str]:
    """Cut text into pieces of at most ``limit`` characters, at sentence or word ends."""
    pieces: list[str] = []
    while len(text) > limit:
        window = text[:limit]
        cut = max(window.rfind(". "), window.rfind("! "), window.rfind("? "))
        if cut < limit // 3:
            cut = window.rfind(" ")
        if cut < limit // 3:
            cut = limit - 1
        pieces.append(text[: cut + 1])
        text = text[cut + 1 :]
    if text:
        pieces.append(text)
    return pieces
