"""Finding salary facts in a parsed document.

Each unit of a section (:mod:`.units`: a list item, a paragraph, a table) is searched for
amounts (:mod:`bot.money`); each amount gets a label (the words before its colon, or the
role named around it in prose, or its row's cells in a table), and the texts that say
whether it is pay: its own clause, its parent list items or table header, then its
headings from the nearest outwards.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..money import Amount, currency_code, currency_hint, find_amounts, period_hint
from ..sections import Document, Section
from .facts import SalaryFact
from .roles import PARENS, names_someone, pay_verdict, plain, role_phrase, role_text, signals
from .units import Unit, cells, units_by_section
from .vocabulary import FAMILY_MARKERS, is_role_noun, level_of, words_of

# --------------------------------------------------------------------------- scanning


@dataclass(frozen=True, slots=True)
class _Candidate:
    """An amount found in a section, with the texts that say what it is.

    ``names`` may name its role or level, innermost first (the label, then parent list items
    or table headers). ``scopes`` are context texts for the pay-or-not verdict, innermost
    first; the headings follow both.
    """

    line: int
    label: str
    found: Amount
    names: tuple[str, ...]
    scopes: tuple[str, ...]


_DIGIT = re.compile(r"\d")
_CLAUSE_END = re.compile(r"[.!?;](?=\s|$)|\s\|\s")
_LABEL_END = re.compile(r"[:=(–—-]\s*$")
_LABEL_MAX_WORDS = 8


def _candidates(unit: Unit) -> Iterator[_Candidate]:
    """Every amount in a unit: a list item, a paragraph or a table's rows."""
    if unit.header is not None:
        return _table_candidates(unit.header, unit.lines)
    return _unit_candidates(unit.lines, unit.parents)


def _unit_candidates(
    unit: Sequence[tuple[int, str]], parents: tuple[str, ...]
) -> Iterator[_Candidate]:
    """Amounts in one list item or paragraph (its lines joined), each with its label."""
    if not any(_DIGIT.search(raw) for _, raw in unit):
        return  # no amount without a digit (an entity such as &#36; has digits too)
    starts: list[int] = []
    pieces: list[str] = []
    pos = 0
    for _, raw in unit:
        starts.append(pos)
        pieces.append(plain(raw))
        pos += len(pieces[-1]) + 1
    text = " ".join(pieces)
    found = find_amounts(text)
    previous: tuple[str, ...] = ()  # "…, while juniors start at €45k": juniors of that role
    for k, amount in enumerate(found):
        before = _clause_before(text, found[k - 1].end if k else 0, amount.start)
        next_start = found[k + 1].start if k + 1 < len(found) else len(text)
        after = _clause_after(text, amount.end, next_start)
        label = _amount_label(before, after, first=k == 0)
        if label is None:
            continue
        line = unit[bisect_right(starts, amount.start) - 1][0]
        own = before + text[amount.start : amount.end] + after
        names = tuple(n for n in (label, *previous, *parents) if n)
        previous = (label,)
        yield _Candidate(line, label, amount, names, (own, *parents))


def _clause_before(text: str, lo: int, hi: int) -> str:
    chunk = text[lo:hi]
    ends = list(_CLAUSE_END.finditer(chunk))
    return chunk[ends[-1].end() :] if ends else chunk


def _clause_after(text: str, lo: int, hi: int) -> str:
    chunk = text[lo:hi]
    end = _CLAUSE_END.search(chunk)
    return chunk[: end.start()] if end else chunk


def _amount_label(before: str, after: str, *, first: bool) -> str | None:
    """What an amount is the pay of, as written; "" when only the headings can tell;
    None when a later amount in the same text merely qualifies the first ("median $95k")."""
    stripped = before.strip(" ,;")
    if stripped and _LABEL_END.search(stripped):
        label = _LABEL_END.sub("", stripped).strip(" :-–—(")
        if len(label.split()) <= _LABEL_MAX_WORDS and (first or ":" in stripped):
            return label
    if not stripped and first:
        tail = re.match(r"\s*[:–—(-]\s*([^()]*)", after)
        if tail and 0 < len(tail.group(1).split()) <= _LABEL_MAX_WORDS:
            return tail.group(1).strip(" )")
    phrase = role_phrase(before, last=True) or (
        role_phrase(after.split(",")[0], last=False) if first else ""
    )
    if phrase or first:
        return phrase
    return None


_TABLE_MAX_COLUMNS = 64  # each amount is labelled by its row's cells: quadratic past this


def _table_candidates(header: str, rows: Sequence[tuple[int, str]]) -> Iterator[_Candidate]:
    """Amounts in table cells: the row's text cells and the column's header name each one."""
    heads = [plain(h) for h in cells(header)][:_TABLE_MAX_COLUMNS]
    currencies = [currency_hint(h) for h in heads]
    for line, raw in rows:
        row = [plain(c) for c in cells(raw)][: len(heads)]
        found = [next(iter(find_amounts(c, currencies[j])), None) for j, c in enumerate(row)]
        row_names = tuple(c for c, f in zip(row, found) if f is None and c)
        for j, amount in enumerate(found):
            if amount is None:
                continue
            head = heads[j]
            names = (*row_names, head)
            own = " | ".join((*row_names, row[j], head))
            yield _Candidate(line, _table_label(names), amount, names, (own, " | ".join(heads)))


def _table_label(names: tuple[str, ...]) -> str:
    """The cells that name the role and the level, in table order: "Data Engineer / Junior"."""
    role = next((n for n in names if role_text(n)), None)
    level = next((n for n in names if level_of(n)), None)
    return " / ".join(n for n in names if n in (role, level) and n)


# --------------------------------------------------------------------------- extraction


def extract_salaries(doc: Document) -> list[SalaryFact]:
    """Every salary fact in a parsed document, in document order, read from the blocks its
    parse made (:mod:`.units`). Never raises on odd text."""
    facts: list[SalaryFact] = []
    skip = int(doc.title_from_file)  # a file's name is no heading about pay or a role
    for section, units in units_by_section(doc):
        for unit in units:
            for cand in _candidates(unit):
                fact = _fact(section, cand, skip)
                if fact is not None:
                    facts.append(fact)
    return facts


def _fact(section: Section, cand: _Candidate, skip: int = 0) -> SalaryFact | None:
    headings = tuple(reversed(section.heading_path[skip:]))  # innermost first
    verdict = pay_verdict((*cand.scopes, *headings))
    if verdict is False or (verdict is None and not any(map(names_someone, cand.names))):
        return None
    role, level = _role_and_level(cand.names, headings)
    context = _context(headings)
    market = " ".join((*headings, *cand.scopes))
    amount = cand.found.amount(currency_code(cand.found.symbol, market))
    period = cand.found.period or period_hint((*cand.names, *headings)) or "year"
    label = cand.label or next((h for h in headings if role_text(h, heading=True)), role)
    return SalaryFact(
        role=role,
        level=level,
        label=label,
        min=amount.min,
        max=amount.max,
        open_ended=amount.open_ended,
        currency=amount.currency,
        period=period,
        context=context,
        heading_path=section.heading_path,
        source=section.source,
        line=cand.line,
    )


def _role_and_level(names: Sequence[str], headings: Sequence[str]) -> tuple[str, str | None]:
    """The role and level of a fact, from its names first and then its headings.

    A label that is only a level ("Senior") takes its role, and maybe its level, from the
    nearest heading that names one ("DevOps Roles" → "DevOps", "Junior Data Analyst" →
    "Data Analyst", junior); a heading nearer than that which names only a level ("Entry
    Level") gives the level. A label that is only a job noun ("Engineer") is qualified by its
    own heading when that names a group of roles ("Backend roles", "Data team").
    """
    role = next((r for n in names if (r := role_text(n))), "")
    level = next((lv for n in names if (lv := level_of(n))), None)
    family, family_level, heading_level, is_family = "", None, None, False
    for n, heading in enumerate(headings):
        family = role_text(heading, heading=True)
        if family:
            family_level = level_of(heading)
            is_family = n == 0 and not FAMILY_MARKERS.isdisjoint(words_of(heading))
            break
        heading_level = heading_level or level_of(heading)
    level = level or heading_level or (None if role else family_level)
    if not role:
        return family or "Unspecified", level
    if is_family and " " not in role and is_role_noun(role.casefold()):
        role = f"{family} {role}"
    return role, level


def _context(headings: Sequence[str]) -> str | None:
    """The market: the parenthesised part of the nearest pay heading, or that heading."""
    for heading in headings:
        pay, spend = signals(heading)
        if pay > spend:
            inner = PARENS.search(heading)
            return inner.group(1).strip() if inner and inner.group(1).strip() else heading
    return None
