"""The general synonym list, ``bot/data/synonyms.toml``: groups of words and phrases a
question may use for one another ("salary", "pay"), kept small (the corpus bridges the
rest: see bot.query). Pure: no Discord.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .text import MONEY, holds_run, normalize, tokenize


@dataclass(frozen=True, slots=True)
class SynonymGroup:
    words: tuple[tuple[str, ...], ...]  # each entry's index terms (stemmed)
    phrases: tuple[tuple[str, ...], ...]  # each entry's words as written (not stemmed)
    any_word: frozenset[str] = frozenset()  # every term of ``words``
    any_phrase_word: frozenset[str] = frozenset()  # every word of ``phrases`` and ``idioms``
    idioms: tuple[tuple[str, ...], ...] = ()  # each entry's words as written, in order


@lru_cache(maxsize=1)
def synonym_groups() -> tuple[SynonymGroup, ...]:
    raw = tomllib.loads(resources.files("bot.data").joinpath("synonyms.toml").read_text("utf-8"))
    groups = []
    for g in raw.get("group", []):
        words = tuple(t for t in (tuple(tokenize(w)) for w in g.get("words", [])) if t)
        if g.get("money"):
            words += ((MONEY,),)
        phrases = tuple(t for t in (tuple(normalize(p).split()) for p in g.get("phrases", [])) if t)
        idioms = tuple(t for t in (tuple(normalize(p).split()) for p in g.get("idioms", [])) if t)
        groups.append(
            SynonymGroup(
                words,
                phrases,
                frozenset(t for e in words for t in e),
                frozenset(x.rstrip("$") for e in phrases + idioms for x in e),
                idioms,
            )
        )
    return tuple(groups)


def phrase_words(group: SynonymGroup, written: list[str], found: set[str]) -> set[str]:
    """The words of the question (``written``: its words as written, in order; ``found``:
    the same as a set, the last one also with "$") that make up one of the group's phrases,
    in any order ("how long does it take": "long take"), or one of its idioms, side by side
    and in order ("get rid of", not "get the rid of"; "turn off", not the "turn ... on" of
    "turn off telemetry on the server")."""
    out = {x.rstrip("$") for e in group.phrases if set(e) <= found for x in e}
    for idiom in group.idioms:
        if holds_run(written, idiom):
            out.update(idiom)
    return out


@lru_cache(maxsize=1)
def groups_holding() -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Per term of the groups' words, and per word of their phrases and idioms, the groups
    that hold it, by their place in :func:`synonym_groups`: a question looks up its own few
    words instead of testing every group."""
    by_term: dict[str, list[int]] = {}
    by_phrase_word: dict[str, list[int]] = {}
    for n, group in enumerate(synonym_groups()):
        for term in group.any_word:
            by_term.setdefault(term, []).append(n)
        for word in group.any_phrase_word:
            by_phrase_word.setdefault(word, []).append(n)
    return by_term, by_phrase_word


@lru_cache(maxsize=8)
def group_terms(member: str) -> frozenset[str]:
    """The index terms of the synonym group that lists the term ``member`` ("salari" for
    pay, "cost" for prices), amounts (MONEY) included when the group takes them; empty
    when no group lists it."""
    for group in synonym_groups():
        if (member,) in group.words:
            return group.any_word
    return frozenset()


def in_group(terms: Iterable[str], member: str, amounts: bool = True) -> bool:
    """Whether any of ``terms`` is a term of the synonym group that lists ``member`` (see
    :func:`group_terms`); an amount (MONEY) counts only with ``amounts``."""
    group = group_terms(member)
    return not (group if amounts else group - {MONEY}).isdisjoint(terms)
