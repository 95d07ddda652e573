"""Salary facts as data: find pay ranges in Markdown sections, and look them up.

A *salary fact* is one pay range for one role (and level, when given), with its currency,
period, market and exact source line. Facts are found in the shapes people write:

* list items, flat or nested: ``- Senior: $150,000 - $220,000`` under ``### DevOps Roles``,
  ``- Senior Linux Engineer: $120k-$175k``, or ``- Data Engineer`` with indented levels;
* GFM tables, roles as rows and levels as columns or the transpose;
* prose: "Typical offers range from £32,000 to £42,000 a year".

Whether an amount is a salary is decided from context words, innermost first: the text of
the amount's own line, then its parent list items (or table headers), then its headings
from the nearest outwards. The first of those that leans one way decides (pay words such as
*salary*, *compensation*, *earn*, *offers*, *hourly rate* against money-spent words such as
*certification*, *exam*, *fee*, *price*, *budget*, *course*, *subscription*, *investment*).
When nothing leans either way, the amount counts only if its label names a role or a level
("Senior", "Data Engineer"): a bare "RHCSA: $450" is not a salary.

Levels are normalised to :data:`LEVELS` (junior, mid, senior, lead, architect): see
:mod:`bot.salary.vocabulary` for the words of each.

The market (``context``) is taken from the nearest heading that talks about pay: its
parenthesised part ("Salary Ranges (US Market, 2024)" → "US Market, 2024"), or the heading
itself. A bare ``$`` is USD unless the line or headings name Canada, Australia, New Zealand,
Singapore, Hong Kong or Mexico; a bare ``¥`` is JPY unless they name China (then CNY).

The package: :mod:`bot.money` reads amounts (the money grammar, shared with the tokenizer);
:mod:`.vocabulary` holds the words (levels, role nouns, pay and spend words); :mod:`.roles`
reads a label or heading; :mod:`.extract` finds the facts in a parsed document;
:mod:`.lookup` answers queries over them (:class:`SalaryBook`); :mod:`.facts` is the data.

This package is pure: no Discord, no files.
"""

from __future__ import annotations

from ..money import AmountRange, parse_amount_range
from .extract import extract_salaries
from .facts import SalaryAnswer, SalaryFact, SalaryMatch
from .lookup import (
    SalaryBook,
    is_salary_question,
    known_levels,
    known_roles,
    lookup,
    names_a_role,
)
from .vocabulary import LEVELS, normalize_level

__all__ = [
    "LEVELS",
    "AmountRange",
    "SalaryAnswer",
    "SalaryBook",
    "SalaryFact",
    "SalaryMatch",
    "extract_salaries",
    "is_salary_question",
    "known_levels",
    "known_roles",
    "lookup",
    "names_a_role",
    "normalize_level",
    "parse_amount_range",
]
