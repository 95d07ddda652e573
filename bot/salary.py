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

Levels are normalised to :data:`LEVELS`: junior (junior, jr, entry, graduate, intern,
trainee, associate, "Engineer I"), mid (mid, mid-level, intermediate, "II"), senior
(senior, sr, "III"), lead (lead, staff, "IV") and architect (architect, principal,
distinguished, fellow). Principal sits with architect: in most ladders both name the
individual-contributor tier above staff. When a label holds several, the highest wins
("Senior Architect" is an architect).

The market (``context``) is taken from the nearest heading that talks about pay: its
parenthesised part ("Salary Ranges (US Market, 2024)" → "US Market, 2024"), or the heading
itself. A bare ``$`` is USD unless the line or headings name Canada, Australia, New Zealand,
Singapore, Hong Kong or Mexico; a bare ``¥`` is JPY unless they name China (then CNY).

This module is pure: no Discord, no files.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

if TYPE_CHECKING:
    from bot.sections import Section

__all__ = [
    "LEVELS",
    "AmountRange",
    "SalaryAnswer",
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

LEVELS: tuple[str, ...] = ("junior", "mid", "senior", "lead", "architect")
"""The level vocabulary, lowest first."""

# --------------------------------------------------------------------------- vocabulary

_LEVEL_WORDS: dict[str, str] = {
    **dict.fromkeys(
        (
            "junior",
            "juniors",
            "jr",
            "entry",
            "graduate",
            "graduates",
            "grad",
            "intern",
            "interns",
            "internship",
            "trainee",
            "trainees",
            "apprentice",
            "associate",
        ),
        "junior",
    ),
    **dict.fromkeys(("mid", "midlevel", "intermediate", "medior"), "mid"),
    **dict.fromkeys(("senior", "seniors", "sr"), "senior"),
    **dict.fromkeys(("lead", "leads", "staff"), "lead"),
    **dict.fromkeys(
        ("architect", "architects", "principal", "distinguished", "fellow"), "architect"
    ),
}
# Level words that are also job titles: kept in a role when something names what they lead
# or design ("Linux Architect", "Platform Engineering Lead").
_NOUN_LEVELS = frozenset(
    {"architect", "lead", "intern", "graduate", "trainee", "apprentice", "fellow"}
)
_ROMAN_LEVELS = {"i": "junior", "ii": "mid", "iii": "senior", "iv": "lead"}

_ROLE_NOUNS = frozenset(
    {
        "engineer",
        "developer",
        "dev",
        "programmer",
        "coder",
        "admin",
        "administrator",
        "sysadmin",
        "architect",
        "analyst",
        "scientist",
        "designer",
        "manager",
        "director",
        "consultant",
        "specialist",
        "contractor",
        "freelancer",
        "technician",
        "tester",
        "sre",
        "lead",
        "intern",
        "researcher",
        "officer",
        "owner",
        "operator",
        "writer",
        "advocate",
        "recruiter",
        "head",
        "vp",
        "cto",
        "cio",
        "ciso",
        "expert",
        "guru",
        "practitioner",
        "professional",
        "trainee",
        "apprentice",
        "graduate",
        "strategist",
        "coordinator",
        "assistant",
        "executive",
        "accountant",
        "editor",
        "marketer",
        "teacher",
        "nurse",
        "sde",
        "swe",
        "sdet",
    }
)

# Context words, with weights: 2 for words that only ever mean pay (or money spent),
# 1 for words that usually do.
_PAY_WORDS: dict[str, int] = {
    **dict.fromkeys(
        (
            "salary",
            "salaries",
            "salaried",
            "payscale",
            "payroll",
            "compensation",
            "remuneration",
            "wage",
            "wages",
        ),
        2,
    ),
    **dict.fromkeys(
        (
            "pay",
            "pays",
            "paid",
            "paycheck",
            "earn",
            "earns",
            "earned",
            "earning",
            "earnings",
            "income",
            "offer",
            "offers",
            "makes",
            "ote",
        ),
        1,
    ),
}
_PAY_RATE = re.compile(
    r"\b(?:hourly|daily|day|weekly|contract|contractor|contracting|freelance"
    r"|freelancer|consulting|billing|billable|market|going|pay)\s+rates?\b"
)
# "+ 15% bonus", "plus equity": extras on top of a salary, not the thing the amount pays for.
_ADD_ON = re.compile(
    r"(?:\+|\bplus\b|\bwith\b)\s*(?:up to\s*)?(?:\d+(?:\.\d+)?\s*%\s*)?"
    r"(?:\w+\s+)?(?:bonus(?:es)?|equity|stock|options|rsus?|benefits)\b",
    re.I,
)
_SPEND_WORDS: dict[str, int] = {
    **dict.fromkeys(
        (
            "cert",
            "certs",
            "certification",
            "certifications",
            "certificate",
            "certificates",
            "exam",
            "exams",
            "fee",
            "fees",
            "cost",
            "costs",
            "price",
            "prices",
            "pricing",
            "priced",
            "budget",
            "budgets",
            "license",
            "licenses",
            "licence",
            "licences",
            "licensing",
            "subscription",
            "subscriptions",
            "course",
            "courses",
            "tuition",
            "voucher",
            "vouchers",
        ),
        2,
    ),
    **dict.fromkeys(
        (
            "training",
            "bootcamp",
            "bootcamps",
            "book",
            "books",
            "ticket",
            "tickets",
            "hardware",
            "laptop",
            "laptops",
            "equipment",
            "investment",
            "investments",
            "invest",
            "spend",
            "spending",
            "spent",
            "purchase",
            "buy",
            "rent",
            "revenue",
            "funding",
            "valuation",
            "donation",
            "tax",
            "taxes",
            "insurance",
            "bonus",
            "bonuses",
            "equity",
            "stock",
            "allowance",
            "stipend",
            "relocation",
            "reimbursement",
            "hosting",
            "roi",
            "membership",
            "registration",
            "savings",
            "discount",
            "sponsorship",
            "costing",
        ),
        1,
    ),
}

# Words that say what a heading or column is about, not which role it is.
_GENERIC_WORDS = frozenset(
    {
        "role",
        "roles",
        "salary",
        "salaries",
        "range",
        "ranges",
        "pay",
        "compensation",
        "band",
        "bands",
        "level",
        "levels",
        "expertise",
        "track",
        "tracks",
        "career",
        "careers",
        "position",
        "positions",
        "job",
        "jobs",
        "title",
        "titles",
        "rate",
        "rates",
        "hourly",
        "daily",
        "weekly",
        "monthly",
        "annual",
        "annually",
        "yearly",
        "overview",
        "breakdown",
        "guide",
        "table",
        "scale",
        "scales",
        "grid",
        "ladder",
        "path",
        "paths",
        "expectations",
        "typical",
        "average",
        "median",
        "base",
        "total",
        "gross",
        "offers",
        "offer",
        "earnings",
        "income",
        "wage",
        "wages",
        "remuneration",
        "years",
        "year",
        "experience",
        "yoe",
        "per",
        "approx",
        "approximate",
        "estimated",
        "estimate",
        "estimates",
        "structure",
        "benchmark",
        "benchmarks",
        "amount",
        "amounts",
        "team",
        "teams",
        "family",
        "department",
        "discipline",
    }
)
# Words by which a heading says it names a family of roles ("DevOps Roles", "Data team").
_FAMILY_MARKERS = frozenset(
    {
        "role",
        "roles",
        "team",
        "teams",
        "track",
        "tracks",
        "family",
        "department",
        "discipline",
        "position",
        "positions",
        "jobs",
    }
)
_EDGE_WORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "and",
        "or",
        "for",
        "of",
        "in",
        "at",
        "to",
        "with",
        "by",
        "vs",
        "&",
        "/",
        "-",
        "–",
        "—",
        ":",
        "|",
        "+",
    }
)
_SMALL_WORDS = frozenset(
    {"a", "an", "the", "and", "or", "for", "of", "in", "at", "to", "on", "vs", "with", "by"}
)

# Words that end a role phrase in prose when walking back from its noun.
_PROSE_STOP = frozenset(
    _EDGE_WORDS
    | {
        "our",
        "their",
        "your",
        "my",
        "most",
        "many",
        "all",
        "some",
        "is",
        "are",
        "was",
        "were",
        "be",
        "typically",
        "usually",
        "often",
        "can",
        "could",
        "will",
        "would",
        "should",
        "may",
        "might",
        "get",
        "gets",
        "expect",
        "while",
        "whereas",
        "who",
        "that",
        "which",
        "between",
        "around",
        "about",
        "roughly",
        "approximately",
        "from",
        "on",
        "as",
        "range",
        "ranges",
        "typical",
        "start",
        "starts",
    }
    | _PAY_WORDS.keys()
    | _SPEND_WORDS.keys()
)

# --------------------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class AmountRange:
    """An amount of money as written: a range, a single value (min == max), an open-ended
    floor (max None) or a cap (min None)."""

    min: float | None
    max: float | None
    open_ended: bool
    currency: str
    period: str = "year"


@dataclass(frozen=True, slots=True)
class SalaryFact:
    """One pay range for one role (and level), with where it was read.

    ``level`` is one of :data:`LEVELS` or None; ``period`` is "year", "month", "week", "day"
    or "hour" ("year" unless the text says otherwise); ``max`` is None only when no upper
    number is written ("£100,000+"), ``min`` only for "up to $90k"; ``line`` is the 1-based
    source line holding the amount.
    """

    role: str
    level: str | None
    label: str
    min: float | None
    max: float | None
    open_ended: bool
    currency: str
    period: str
    context: str | None
    heading_path: tuple[str, ...]
    source: str
    line: int

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; :meth:`from_dict` reads it back."""
        return {
            "role": self.role,
            "level": self.level,
            "label": self.label,
            "min": self.min,
            "max": self.max,
            "open_ended": self.open_ended,
            "currency": self.currency,
            "period": self.period,
            "context": self.context,
            "heading_path": list(self.heading_path),
            "source": self.source,
            "line": self.line,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SalaryFact:
        def num(v: Any) -> float | None:
            return None if v is None else float(v)

        return cls(
            role=str(d["role"]),
            level=d.get("level"),
            label=str(d.get("label") or d["role"]),
            min=num(d.get("min")),
            max=num(d.get("max")),
            open_ended=bool(d.get("open_ended", False)),
            currency=str(d["currency"]),
            period=str(d.get("period") or "year"),
            context=d.get("context"),
            heading_path=tuple(d.get("heading_path") or ()),
            source=str(d.get("source", "")),
            line=int(d.get("line", 0)),
        )


@dataclass(slots=True)
class SalaryMatch:
    fact: SalaryFact
    score: float
    why: str  # what matched: "role + level", "role", "level", "role (no senior level)"...


@dataclass(slots=True)
class SalaryAnswer:
    query: str
    answered: bool
    matches: list[SalaryMatch]
    known_roles: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "answered": self.answered,
            "matches": [m.fact.to_dict() | {"score": m.score, "why": m.why} for m in self.matches],
            "known_roles": list(self.known_roles),
        }


# --------------------------------------------------------------------------- amounts

_SYMBOLS: dict[str, str] = {
    "US$": "USD",
    "CA$": "CAD",
    "C$": "CAD",
    "AU$": "AUD",
    "A$": "AUD",
    "NZ$": "NZD",
    "S$": "SGD",
    "HK$": "HKD",
    "R$": "BRL",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₩": "KRW",
    "₽": "RUB",
    "₺": "TRY",
    "₪": "ILS",
    "₱": "PHP",
}
_CODES: dict[str, str] = {
    c: c
    for c in [
        "USD",
        "EUR",
        "GBP",
        "JPY",
        "INR",
        "CAD",
        "AUD",
        "CHF",
        "NZD",
        "SGD",
        "HKD",
        "CNY",
        "SEK",
        "NOK",
        "DKK",
        "PLN",
        "CZK",
        "HUF",
        "BRL",
        "MXN",
        "ZAR",
        "KRW",
        "ILS",
        "AED",
        "TRY",
        "RUB",
    ]
} | {"RMB": "CNY"}
_CURRENCY = (
    r"(?:(?<![A-Za-z])(?:US|CA|C|AU|A|NZ|S|HK|R)\$|[$€£¥₹₩₽₺₪₱]"
    r"|(?<![A-Za-z])(?:" + "|".join(_CODES) + r")(?![A-Za-z]))"
)
_NUMBER = (
    r"(?:\d{1,3}(?:,\d{2})+,\d{3}"  # 12,00,000 (lakh)
    r"|\d{1,3}(?:[,.'’]\d{3})+(?!\d)"  # 80,000 / 45.000 / 120'000
    r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.])"  # 45 000
    r"|\d+)(?:[.,]\d+)?"
)
_SIDE = re.compile(
    rf"(?:(?P<pre>{_CURRENCY})\s?|(?<![\w%]))(?P<num>{_NUMBER})"
    r"(?:(?P<mult>[kK]|[mM]n?|bn|L|Cr)(?![A-Za-z])"
    r"|\s?(?P<multw>thousand|million|lakhs?|crores?)\b)?"
    rf"(?P<plus>\+)?(?:\s?(?P<post>{_CURRENCY})(?![A-Za-z\d])(?P<plus2>\+)?)?"
)
_MULTIPLIERS = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "bn": 1e9,
    "l": 1e5,
    "lakh": 1e5,
    "lakhs": 1e5,
    "cr": 1e7,
    "crore": 1e7,
    "crores": 1e7,
}
_RANGE_SEP = re.compile(r"\s*(?:-{1,2}|–|—|−|~|to|and)\s*", re.IGNORECASE)
_PERIOD_AFTER = re.compile(
    r"\s*\(?\s*(?:(?:/\s*|\bper\s+|\ban?\s+|\beach\s+|\bevery\s+)(?P<unit>year|yr|annum|month|mo"
    r"|mth|week|wk|day|hour|hr|h)s?\b|,?\s*(?P<adverb>annually|yearly|monthly|weekly|daily"
    r"|hourly|p\.\s?a\.|pa)(?!\w))",
    re.IGNORECASE,
)
_PERIOD_UNITS = {
    "year": "year",
    "yr": "year",
    "annum": "year",
    "month": "month",
    "mo": "month",
    "mth": "month",
    "week": "week",
    "wk": "week",
    "day": "day",
    "hour": "hour",
    "hr": "hour",
    "h": "hour",
    "annually": "year",
    "yearly": "year",
    "pa": "year",
    "p.a.": "year",
    "monthly": "month",
    "weekly": "week",
    "daily": "day",
    "hourly": "hour",
}
_PERIOD_HINTS = (  # what a header or heading says about amounts that say nothing themselves
    (re.compile(r"\b(?:hourly|per hour)\b|/\s?hr?\b", re.I), "hour"),
    (re.compile(r"\b(?:daily|per day|day rates?)\b", re.I), "day"),
    (re.compile(r"\b(?:weekly|per week)\b", re.I), "week"),
    (re.compile(r"\b(?:monthly|per month)\b|/\s?mo\b", re.I), "month"),
    (re.compile(r"\b(?:annual|annually|yearly|per year|per annum)\b", re.I), "year"),
)
_OPEN_AFTER = re.compile(r"\s*(?:and up\b|and above\b|or more\b|or above\b|upwards\b)", re.I)
_OPEN_BEFORE = re.compile(
    r"(?:\bfrom|\bover|\babove|\bat least|\bstarting at|\bstarting from"
    r"|\bmore than|\bupwards of|\bmin(?:imum)?\.?:?|>=?|≥)\s*$",
    re.I,
)
_CAP_BEFORE = re.compile(
    r"(?:\bup to|\bunder|\bbelow|\bless than|\bmax(?:imum)?\.?:?|<=?|≤)\s*$", re.I
)
_BETWEEN = re.compile(r"\bbetween\s*$", re.I)
_LOOK_BEHIND = 24  # characters before an amount searched for "from", "up to", "between"
_DOLLAR_COUNTRIES = (
    (re.compile(r"\b(?:canada|canadian|toronto|vancouver|montreal)\b", re.I), "CAD"),
    (re.compile(r"\b(?:australia|australian|sydney|melbourne)\b", re.I), "AUD"),
    (re.compile(r"\bnew zealand\b", re.I), "NZD"),
    (re.compile(r"\bsingapore\b", re.I), "SGD"),
    (re.compile(r"\bhong kong\b", re.I), "HKD"),
    (re.compile(r"\b(?:mexico|mexican)\b", re.I), "MXN"),
)
_CHINA = re.compile(r"\b(?:china|chinese|beijing|shanghai|shenzhen)\b", re.I)


@dataclass(frozen=True, slots=True)
class _Found:
    """An amount found in a text: its span, value and the currency symbol as written."""

    start: int
    end: int
    low: float | None
    high: float | None
    open_ended: bool
    symbol: str
    period: str | None  # None when the text gives none

    def amount(self, currency: str | None = None) -> AmountRange:
        return AmountRange(
            self.low,
            self.high,
            self.open_ended,
            currency or _currency_code(self.symbol),
            self.period or "year",
        )


def _to_number(raw: str, scaled: bool) -> float:
    """``80,000`` → 80000, ``45.000`` → 45000, ``1,234.56`` → 1234.56, ``1.5`` (K) → 1.5."""
    s = re.sub(r"[\s\u00a0\u202f'’]", "", raw)
    last = max(s.rfind(","), s.rfind("."))
    if last < 0:
        return float(s)
    tail = len(s) - last - 1
    two_kinds = "," in s and "." in s
    if two_kinds or tail != 3 or (scaled and s[last] == "."):
        return float(re.sub(r"[,.]", "", s[:last]) + "." + s[last + 1 :])
    return float(re.sub(r"[,.]", "", s))


def _side_value(m: re.Match[str]) -> tuple[float, float]:
    """The value of one side of a range, and the multiplier it carries (1 when none)."""
    word = (m.group("mult") or m.group("multw") or "").casefold()
    mult = _MULTIPLIERS.get(word, 1.0)
    return _to_number(m.group("num"), mult != 1.0) * mult, mult


def _symbol(m: re.Match[str]) -> str | None:
    return m.group("pre") or m.group("post")


def _period_after(text: str, pos: int) -> str | None:
    m = _PERIOD_AFTER.match(text, pos)
    if not m:
        return None
    word = (m.group("unit") or m.group("adverb")).casefold().replace(" ", "")
    return _PERIOD_UNITS.get(word)


def _pair(text: str, a: re.Match[str], b: re.Match[str] | None, default: str | None) -> bool:
    """Whether sides ``a`` and ``b`` form one range, as in "$80k - $110k" or "90,000 to 120,000"."""
    if b is None or a.group("plus") or a.group("plus2"):
        return False
    sym_a, sym_b = _symbol(a), _symbol(b)
    if not (sym_a or sym_b or default):
        return False
    if sym_a and sym_b and _currency_code(sym_a) != _currency_code(sym_b):
        return False
    sep = _RANGE_SEP.fullmatch(text, a.end(), b.start())
    if not sep:
        return False
    if sep.group().strip().casefold() == "and":  # only "between X and Y"
        return _BETWEEN.search(text, max(0, a.start() - _LOOK_BEHIND), a.start()) is not None
    return True


def _values(a: re.Match[str], b: re.Match[str] | None) -> tuple[float, float]:
    """Low and high of one side, or of a range ("€45–55K": the K belongs to both ends)."""
    low, low_mult = _side_value(a)
    if b is None:
        return low, low
    high, high_mult = _side_value(b)
    if low_mult == 1.0 and high_mult != 1.0 and low * high_mult <= high:
        low *= high_mult
    return min(low, high), max(low, high)


def _found(text: str, a: re.Match[str], b: re.Match[str] | None, default: str | None) -> _Found:
    """The amount made of side ``a``, or of the range ``a``–``b``, with what follows it."""
    low: float | None
    high: float | None
    low, high = _values(a, b)
    last = b or a
    end = last.end()
    open_ = bool(last.group("plus") or last.group("plus2"))
    if not open_ and (after := _OPEN_AFTER.match(text, end)):
        open_, end = True, after.end()
    if b is None:
        behind = text[max(0, a.start() - _LOOK_BEHIND) : a.start()]
        if open_ or _OPEN_BEFORE.search(behind):
            open_, high = True, None  # "£100,000+", "from £40k": no top written
        elif _CAP_BEFORE.search(behind):
            low = None  # "up to $90k"
    symbol = _symbol(a) or (_symbol(b) if b else None) or default or ""
    return _Found(a.start(), end, low, high, open_, symbol, _period_after(text, end))


def _find_amounts(text: str, default: str | None = None) -> list[_Found]:
    """Every amount of money in ``text``, in order. Bare numbers count only with ``default``
    (a currency symbol or code that the surrounding text, a table header, declares)."""
    sides = list(_SIDE.finditer(text))
    out: list[_Found] = []
    i = 0
    while i < len(sides):
        a = sides[i]
        b = sides[i + 1] if i + 1 < len(sides) else None
        if _pair(text, a, b, default):
            out.append(_found(text, a, b, default))
            i += 2
            continue
        if _symbol(a) or default:
            found = _found(text, a, None, default)
            if (found.low or 0) > 0 or (found.high or 0) > 0:
                out.append(found)
        i += 1
    return out


def parse_amount_range(text: str, default_currency: str | None = None) -> AmountRange | None:
    """The first amount of money in ``text``; None when there is none.

    For example ``"$180,000 - $250,000+"``, ``"€45K–€55K"``, ``"£100,000+"``,
    ``"$45–$60/hr"`` or ``"USD 90,000 to 120,000"``.

    A bare ``$`` is read as USD here (extraction maps it by market). Numbers without a
    currency count only when ``default_currency`` is given.
    """
    found = _find_amounts(text, default_currency)
    return found[0].amount() if found else None


def _currency_code(symbol: str, context: str = "") -> str:
    """ISO code of a currency symbol or code, using ``context`` for bare ``$`` and ``¥``."""
    if symbol == "$":
        return next((code for pattern, code in _DOLLAR_COUNTRIES if pattern.search(context)), "USD")
    if symbol == "¥" and _CHINA.search(context):
        return "CNY"
    return _SYMBOLS.get(symbol) or _CODES.get(symbol.upper(), symbol.upper())


def _currency_hint(text: str) -> str | None:
    """A currency a header declares for its column: "Salary (EUR)", "€"."""
    m = re.search(_CURRENCY, text)
    return m.group() if m else None


def _period_hint(texts: Iterable[str]) -> str | None:
    for text in texts:
        for pattern, period in _PERIOD_HINTS:
            if pattern.search(text):
                return period
    return None


# --------------------------------------------------------------------------- words


_MARKUP = (  # pattern, replacement: applied in this order
    (re.compile(r"`+[^`]*`+"), " "),
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"<[^>\n]{1,200}>"), " "),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|$])"), r"\1"),
    (re.compile(r"\*\*|__|~~|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])"), ""),
)
_MARKUP_CHARS = re.compile(r"[`\[<\\*_~]")
_SPACES = re.compile(r"\s+")


def _plain(text: str) -> str:
    """Markdown inline text → plain text: code spans dropped (``$1`` is not money), links
    and emphasis reduced to their words, whitespace collapsed."""
    if _MARKUP_CHARS.search(text):  # most lines have no markup at all
        for pattern, repl in _MARKUP:
            text = pattern.sub(repl, text)
    return _SPACES.sub(" ", text).strip()


def _words(text: str) -> list[str]:
    """Case-folded words, hyphenated words split: "Mid-Level" → ["mid", "level"]."""
    return re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", text).casefold())


def _is_role_noun(word: str) -> bool:
    return word in _ROLE_NOUNS or (word.endswith("s") and word[:-1] in _ROLE_NOUNS)


def _level_of(text: str) -> str | None:
    """The highest level a text names: "Senior Linux Engineer" → senior, "Engineer II" → mid."""
    words = _words(text)
    found = {_LEVEL_WORDS[w] for w in words if w in _LEVEL_WORDS}
    found.update(
        _ROMAN_LEVELS[b]
        for a, b in zip(words, words[1:])
        if _is_role_noun(a) and b in _ROMAN_LEVELS
    )
    return max(found, key=LEVELS.index) if found else None


def normalize_level(text: str | None) -> str | None:
    """A level word or label → one of :data:`LEVELS` ("Mid-Level" → "mid"), else None."""
    return _level_of(text) if text else None


def _signals(text: str) -> tuple[int, int]:
    """Weighted counts of pay words and of money-spent words in a text.

    A money-spent word right before a role noun is part of a job title ("Cost Engineer",
    "Training Manager") and does not count, nor does an add-on ("+ 15% bonus").
    """
    text = _ADD_ON.sub(" ", text)
    words = _words(text)
    pay = sum(_PAY_WORDS.get(w, 0) for w in words) + 2 * len(_PAY_RATE.findall(text.casefold()))
    spend = sum(
        _SPEND_WORDS.get(w, 0) for w, nxt in zip(words, words[1:] + [""]) if not _is_role_noun(nxt)
    )
    return pay, spend


def _verdict(scopes: Iterable[str]) -> bool | None:
    """Pay (True) or money spent (False), from the innermost scope that leans either way."""
    for text in scopes:
        pay, spend = _signals(text)
        if pay != spend:
            return pay > spend
    return None


def _names_someone(text: str) -> bool:
    """Whether a label names a role or a level ("Senior", "Linux Admin"), not a thing."""
    return _level_of(text) is not None or any(_is_role_noun(w) for w in _words(text))


_PARENS = re.compile(r"\(([^()]*)\)")
_META = re.compile(
    r"\d|" + _CURRENCY + r"|\b(?:per|hourly|monthly|annual|yearly|gross|net|base"
    r"|approx\w*|est\w*|median|average|avg|market)\b",
    re.I,
)


def _role_text(text: str, *, heading: bool = False) -> str:
    """The role a label or heading names, without level, generic words or meta notes.

    "Senior Linux Engineer" → "Linux Engineer"; "DevOps Roles" → "DevOps";
    "Linux Architect" → "Linux Architect"; "Senior" → ""; "Salary (EUR)" → "".
    Parentheses that only qualify the amount are dropped; in headings all are.
    """
    text = _PARENS.sub(
        lambda m: " " if heading or _META.search(m.group(1)) else m.group(0), _plain(text)
    )
    kept: list[str] = []
    for token in text.split():
        core = _words(token)
        bare = token.strip("():,;.")
        if bare in _CODES or all(w.isdigit() or w in _GENERIC_WORDS for w in core):
            continue
        if bare in ("I", "II", "III", "IV") and kept and _is_role_noun(kept[-1].casefold()):
            continue  # "SDE II": the numeral is the level
        # a level is dropped, except a job-title level after what it names ("Linux Architect")
        if all(w in _LEVEL_WORDS or w in _GENERIC_WORDS for w in core) and not (
            kept and len(core) == 1 and core[0].rstrip("s") in _NOUN_LEVELS
        ):
            continue
        kept.append(_singular(token))
    while kept and kept[0].casefold().strip(":,;") in _EDGE_WORDS:
        kept.pop(0)
    while kept and kept[-1].casefold().strip(":,;") in _EDGE_WORDS:
        kept.pop()
    role = " ".join(kept).strip(" :;,-–—/|&")
    if role.count("(") != role.count(")"):
        role = re.sub(r"\s*[()]\s*", " ", role).strip()
    return _display_case(role) if re.search(r"[^\W\d_]", role) else ""


def _singular(token: str) -> str:
    """ "engineers" → "engineer" for role nouns; any other word as written."""
    m = re.fullmatch(r"(.*?)([^\W_]+)s([^\w]*)", token)
    if m and m.group(2).casefold() in _ROLE_NOUNS:
        return m.group(1) + m.group(2) + m.group(3)
    return token


def _display_case(role: str) -> str:
    """An all-lowercase role from prose is title-cased; anything else is kept as written."""
    if role != role.lower():
        return role
    return " ".join(w if w in _SMALL_WORDS else w[:1].upper() + w[1:] for w in role.split())


def _role_phrase(text: str, *, last: bool) -> str:
    """A role named in prose: a role noun (or level word) with up to three modifiers before
    it, e.g. "senior data engineers" in "Our senior data engineers typically earn"."""
    words = list(re.finditer(r"[^\W\d_][\w+#'-]*", text))
    heads = [
        i
        for i, w in enumerate(words)
        if (c := w.group().casefold()) not in _PROSE_STOP
        and (_is_role_noun(c) or c in _LEVEL_WORDS)
    ]
    if not heads:
        return ""
    end = heads[-1] if last else heads[0]
    start = end
    while (
        start > 0
        and end - start < 3
        and words[start - 1].group().casefold() not in _PROSE_STOP
        and not text[words[start - 1].end() : words[start].start()].strip()
    ):
        start -= 1
    return text[words[start].start() : words[end].end()]


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
    found: _Found
    names: tuple[str, ...]
    scopes: tuple[str, ...]


_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_ITEM = re.compile(r"^(?P<indent>\s*)(?:[-*+]|\d{1,9}[.)])(?:\s+\[[ xX]\])?(?:\s+|$)(?P<text>.*)$")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_DELIMITER_ROW = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_CLAUSE_END = re.compile(r"[.!?;](?=\s|$)|\s\|\s")
_LABEL_END = re.compile(r"[:=(–—-]\s*$")
_LABEL_MAX_WORDS = 8


def _cells(row: str) -> list[str]:
    row = row.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return [c.strip() for c in re.split(r"(?<!\\)\|", row)]


def _scan(section: Section) -> Iterator[_Candidate]:
    """Every amount in a section's body: list items, paragraphs and table rows."""
    lines = [_QUOTE.sub("", line) for line in section.text.split("\n")]
    first = section.line_start
    parents: list[tuple[int, str]] = []  # (indent, plain text) of the open list items
    unit: list[tuple[int, str]] = []  # (line number, raw text) of the current block
    unit_parents: tuple[str, ...] = ()
    fence: str | None = None
    i = 0
    while i < len(lines):
        raw = lines[i]
        opening = _FENCE.match(raw)
        if fence or opening:  # code is never read for amounts
            yield from _unit_candidates(unit, unit_parents)
            unit = []
            if fence is None and opening:
                fence = opening.group(1)
            elif fence and raw.strip().startswith(fence):
                fence = None
            i += 1
            continue
        if _is_table_start(lines, i):
            yield from _unit_candidates(unit, unit_parents)
            unit = []
            end = i + 2
            while end < len(lines) and lines[end].strip() and "|" in lines[end]:
                end += 1
            rows = [(first + k, lines[k]) for k in range(i + 2, end)]
            yield from _table_candidates(lines[i], rows)
            i = end
            continue
        item = _ITEM.match(raw)
        if item or not raw.strip():
            yield from _unit_candidates(unit, unit_parents)
            unit = []
        if item:
            indent = len(item.group("indent").expandtabs(4))
            while parents and parents[-1][0] >= indent:
                parents.pop()
            unit_parents = tuple(text for _, text in reversed(parents))
            parents.append((indent, _plain(item.group("text"))))
            unit = [(first + i, item.group("text"))]
        elif raw.strip():
            if not unit and not raw[:1].isspace():  # a paragraph after a list ends the list
                parents.clear()
                unit_parents = ()
            unit.append((first + i, raw))  # a paragraph, or a continuation of the item
        i += 1
    yield from _unit_candidates(unit, unit_parents)


def _is_table_start(lines: list[str], i: int) -> bool:
    """A GFM table: a header row, then a delimiter row with as many cells."""
    if i + 1 >= len(lines) or "|" not in lines[i] or "|" not in lines[i + 1]:
        return False
    return bool(_DELIMITER_ROW.match(lines[i + 1])) and len(_cells(lines[i])) == len(
        _cells(lines[i + 1])
    )


def _unit_candidates(unit: list[tuple[int, str]], parents: tuple[str, ...]) -> Iterator[_Candidate]:
    """Amounts in one list item or paragraph (its lines joined), each with its label."""
    if not unit:
        return
    starts: list[int] = []
    pieces: list[str] = []
    pos = 0
    for _, raw in unit:
        starts.append(pos)
        pieces.append(_plain(raw))
        pos += len(pieces[-1]) + 1
    text = " ".join(pieces)
    found = _find_amounts(text)
    previous: tuple[str, ...] = ()  # "…, while juniors start at €45k": juniors of that role
    for k, amount in enumerate(found):
        before = _clause_before(text, found[k - 1].end if k else 0, amount.start)
        next_start = found[k + 1].start if k + 1 < len(found) else len(text)
        after = _clause_after(text, amount.end, next_start)
        label = _label(before, after, first=k == 0)
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


def _label(before: str, after: str, *, first: bool) -> str | None:
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
    phrase = _role_phrase(before, last=True) or (
        _role_phrase(after.split(",")[0], last=False) if first else ""
    )
    if phrase or first:
        return phrase
    return None


_TABLE_MAX_COLUMNS = 64  # each amount is labelled by its row's cells: quadratic past this


def _table_candidates(header: str, rows: list[tuple[int, str]]) -> Iterator[_Candidate]:
    """Amounts in table cells: the row's text cells and the column's header name each one."""
    heads = [_plain(h) for h in _cells(header)][:_TABLE_MAX_COLUMNS]
    currencies = [_currency_hint(h) for h in heads]
    for line, raw in rows:
        cells = [_plain(c) for c in _cells(raw)][: len(heads)]
        found = [next(iter(_find_amounts(c, currencies[j])), None) for j, c in enumerate(cells)]
        row_names = tuple(c for c, f in zip(cells, found) if f is None and c)
        for j, amount in enumerate(found):
            if amount is None:
                continue
            head = heads[j]
            names = (*row_names, head)
            own = " | ".join((*row_names, cells[j], head))
            yield _Candidate(line, _table_label(names), amount, names, (own, " | ".join(heads)))


def _table_label(names: tuple[str, ...]) -> str:
    """The cells that name the role and the level, in table order: "Data Engineer / Junior"."""
    role = next((n for n in names if _role_text(n)), None)
    level = next((n for n in names if _level_of(n)), None)
    return " / ".join(n for n in names if n in (role, level) and n)


# --------------------------------------------------------------------------- extraction


_DIGIT = re.compile(r"\d")


def extract_salaries(sections: Iterable[Section]) -> list[SalaryFact]:
    """Every salary fact in the sections, in document order. Never raises on odd text."""
    facts: list[SalaryFact] = []
    for section in sections:
        if not _DIGIT.search(section.text):
            continue  # no amount without a digit: most sections end here, cheaply
        for cand in _scan(section):
            fact = _fact(section, cand)
            if fact is not None:
                facts.append(fact)
    return facts


def _fact(section: Section, cand: _Candidate) -> SalaryFact | None:
    headings = tuple(reversed(section.heading_path))  # innermost first
    verdict = _verdict((*cand.scopes, *headings))
    if verdict is False or (verdict is None and not any(map(_names_someone, cand.names))):
        return None
    role, level = _role_and_level(cand.names, headings)
    context = _context(headings)
    market = " ".join((*headings, *cand.scopes))
    amount = cand.found.amount(_currency_code(cand.found.symbol, market))
    period = cand.found.period or _period_hint((*cand.names, *headings)) or "year"
    label = cand.label or next((h for h in headings if _role_text(h, heading=True)), role)
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
    role = next((r for n in names if (r := _role_text(n))), "")
    level = next((lv for n in names if (lv := _level_of(n))), None)
    family, family_level, heading_level, is_family = "", None, None, False
    for n, heading in enumerate(headings):
        family = _role_text(heading, heading=True)
        if family:
            family_level = _level_of(heading)
            is_family = n == 0 and not _FAMILY_MARKERS.isdisjoint(_words(heading))
            break
        heading_level = heading_level or _level_of(heading)
    level = level or heading_level or (None if role else family_level)
    if not role:
        return family or "Unspecified", level
    if is_family and " " not in role and _is_role_noun(role.casefold()):
        role = f"{family} {role}"
    return role, level


def _context(headings: Sequence[str]) -> str | None:
    """The market: the parenthesised part of the nearest pay heading, or that heading."""
    for heading in headings:
        pay, spend = _signals(heading)
        if pay > spend:
            inner = _PARENS.search(heading)
            return inner.group(1).strip() if inner and inner.group(1).strip() else heading
    return None


# --------------------------------------------------------------------------- lookup

_QUERY_STOP = frozenset(
    {
        "what",
        "whats",
        "s",
        "does",
        "do",
        "did",
        "is",
        "are",
        "was",
        "a",
        "an",
        "the",
        "how",
        "much",
        "many",
        "make",
        "makes",
        "making",
        "earn",
        "earns",
        "earning",
        "get",
        "gets",
        "paid",
        "pay",
        "salary",
        "salaries",
        "compensation",
        "comp",
        "wage",
        "wages",
        "income",
        "range",
        "ranges",
        "band",
        "bands",
        "for",
        "of",
        "in",
        "at",
        "as",
        "on",
        "to",
        "per",
        "year",
        "yearly",
        "annual",
        "i",
        "me",
        "my",
        "we",
        "our",
        "you",
        "your",
        "can",
        "could",
        "should",
        "would",
        "will",
        "expect",
        "typical",
        "typically",
        "average",
        "avg",
        "level",
        "levels",
        "role",
        "roles",
        "position",
        "job",
        "title",
        "money",
        "about",
        "around",
        "roughly",
        "with",
        "and",
        "or",
        "like",
        "please",
        "tell",
        "show",
        "give",
        "know",
        "there",
        "their",
        "they",
        "someone",
        "market",
    }
)
_ALIASES = {
    "administrator": "admin",
    "administrators": "admin",
    "sysadmin": "admin",
    "dev": "developer",
    "devs": "developer",
    "programmer": "developer",
    "eng": "engineer",
    "engr": "engineer",
}
_TOKEN_MIN_SIMILARITY = 80.0
_ROLE_MIN_SCORE = 0.5
_NOUN_WEIGHT = 0.5  # "engineer" says less about which role than "mlops" does


def _tokens(text: str) -> list[str]:
    """Case-folded words as written ("machine learning" → "ml"); see :func:`_canonical`."""
    text = re.sub(r"\bmachine\s+learning\b", "ml", unicodedata.normalize("NFKC", text).casefold())
    return re.findall(r"[^\W_]+", text)


def _canonical(token: str) -> str:
    """One spelling for words that mean the same role: "administrator" → "admin",
    "engineers" → "engineer"."""
    token = _ALIASES.get(token, token)
    return token[:-1] if token.endswith("s") and token[:-1] in _ROLE_NOUNS else token


@dataclass(frozen=True, slots=True)
class _Entry:
    fact: SalaryFact
    order: int
    role_tokens: frozenset[str]  # what the role says, for how fully a query covers it
    tokens: frozenset[str]  # role, label, family and market words a query may name


def _entry(fact: SalaryFact, order: int) -> _Entry:
    def key(text: str) -> set[str]:
        return {
            _canonical(t) for t in _tokens(text) if t not in _LEVEL_WORDS and t not in _QUERY_STOP
        }

    family = next(
        (r for h in reversed(fact.heading_path) if (r := _role_text(h, heading=True))), ""
    )
    role = key(fact.role)
    return _Entry(
        fact,
        order,
        frozenset(role),
        frozenset(role | key(fact.label) | key(family) | key(fact.context or "")),
    )


@dataclass(frozen=True, slots=True)
class _Query:
    level: str | None
    terms: list[tuple[str, float]]  # (token, weight)


class _Index:
    """What :func:`lookup` needs of a list of facts, computed once per list."""

    def __init__(self, facts: tuple[SalaryFact, ...]) -> None:
        self.entries = tuple(_entry(f, i) for i, f in enumerate(facts))
        self.vocab = frozenset().union(*(e.tokens for e in self.entries))
        self.roles = known_roles(facts)
        first_seen: dict[str, int] = {}
        for e in self.entries:
            first_seen.setdefault(e.fact.role.casefold(), e.order)
        self.role_order = first_seen

    def parse(self, text: str) -> _Query:
        """Split a query into a level and weighted role words, tolerating typos."""
        tokens = self._merge_split_words([t for t in _tokens(text) if t not in _QUERY_STOP])
        level: str | None = None
        terms: list[tuple[str, float]] = []
        for token in map(_canonical, tokens):
            token_level = _LEVEL_WORDS.get(token) or _ROMAN_LEVELS.get(token)  # "i" is a stopword
            if not token_level and token not in self.vocab:
                token_level = _fuzzy_level(token)
            if token_level:
                level = level or token_level
                continue
            if token not in self.vocab and token.endswith("s") and token[:-1] in self.vocab:
                token = token[:-1]
            terms.append((token, _NOUN_WEIGHT if _is_role_noun(token) else 1.0))
        return _Query(level, terms)

    def _merge_split_words(self, tokens: list[str]) -> list[str]:
        """ "dev ops" → "devops", when the documents spell it as one word."""
        out: list[str] = []
        for token in tokens:
            if out and out[-1] + token in self.vocab and _canonical(token) not in self.vocab:
                out[-1] += token
            else:
                out.append(token)
        return out

    def similarities(self, token: str) -> dict[str, float]:
        """Vocabulary words a query word may stand for, with a similarity in (0, 1]."""
        sims: dict[str, float] = {}
        for word in self.vocab:
            if word == token:
                sims[word] = 1.0
            elif len(token) >= 3 and word.startswith(token):
                sims[word] = 0.9
            elif len(token) >= 4 and len(word) >= 4:
                ratio = fuzz.ratio(token, word, score_cutoff=_TOKEN_MIN_SIMILARITY)
                if ratio:
                    sims[word] = ratio / 100
        return sims

    def search(self, query: str, level: str | None, limit: int) -> SalaryAnswer:
        q = self.parse(query)
        want = normalize_level(level) or (self.parse(level).level if level else None) or q.level
        scored = self._role_scores(q.terms, want) if q.terms or want else []
        matches = _rank(scored, want, bool(q.terms), self.role_order)[: max(0, limit)]
        return SalaryAnswer(query, bool(matches), matches, list(self.roles))

    def _role_scores(
        self, terms: list[tuple[str, float]], level: str | None
    ) -> list[tuple[_Entry, float, float, bool]]:
        """(entry, role score, precision, fuzzy) for each entry the role words match well."""
        if not terms:  # a level alone: the facts at that level
            return [(e, 1.0, 1.0, False) for e in self.entries if e.fact.level == level]
        sims = [(self.similarities(t), w) for t, w in terms]
        total = sum(w for _, w in sims)
        out = []
        for e in self.entries:
            best = [max((s.get(t, 0.0) for t in e.tokens), default=0.0) for s, _ in sims]
            score = sum(b * w for b, (_, w) in zip(best, sims)) / total
            if score < _ROLE_MIN_SCORE:
                continue
            covered = sum(1 for t in e.role_tokens if any(s.get(t, 0.0) for s, _ in sims))
            precision = covered / len(e.role_tokens) if e.role_tokens else 0.0
            out.append((e, score, precision, any(0 < b < 1 for b in best)))
        return out


def _fuzzy_level(token: str) -> str | None:
    """A misspelt level word ("senoir" → senior); only for words of four letters or more."""
    if len(token) < 4:
        return None
    best = max(((fuzz.ratio(token, w), w) for w in _LEVEL_WORDS if len(w) >= 4), default=(0, ""))
    return _LEVEL_WORDS[best[1]] if best[0] >= _TOKEN_MIN_SIMILARITY else None


def _rank(
    scored: list[tuple[_Entry, float, float, bool]],
    want: str | None,
    by_role: bool,
    role_order: dict[str, int],
) -> list[SalaryMatch]:
    """Order matches: with a level asked, the facts at that level and then those without a
    level; when no fact has that level, every level of the matched roles, nearest first."""
    if want and any(s[0].fact.level == want for s in scored):
        scored = [s for s in scored if s[0].fact.level in (want, None)]
    ranked = []
    for entry, role_score, precision, fuzzy in scored:
        fact = entry.fact
        fit, why = _level_fit(fact.level, want, by_role)
        score = round(0.75 * role_score + 0.15 * precision + 0.10 * fit, 3) if by_role else fit
        key = (
            want is not None and fact.level != want,
            -score,
            role_order.get(fact.role.casefold(), 0),
            LEVELS.index(fact.level) if fact.level else len(LEVELS),
            entry.order,
        )
        ranked.append((key, SalaryMatch(fact, score, why + (" (fuzzy)" if fuzzy else ""))))
    ranked.sort(key=lambda pair: pair[0])
    return [m for _, m in ranked]


def _level_fit(level: str | None, want: str | None, by_role: bool) -> tuple[float, str]:
    """How well a fact's level fits the asked one, in [0, 1], and a short why."""
    if want is None:
        return 1.0, "role"
    if level == want:
        return 1.0, "role + level" if by_role else "level"
    if level is None:
        return 0.5, "role (level not stated)"
    distance = abs(LEVELS.index(level) - LEVELS.index(want))
    return 1 - distance / len(LEVELS), f"role (no {want} level listed)"


@lru_cache(maxsize=8)
def _index(facts: tuple[SalaryFact, ...]) -> _Index:
    return _Index(facts)


def lookup(
    facts: Sequence[SalaryFact], query: str, *, level: str | None = None, limit: int = 10
) -> SalaryAnswer:
    """Find the salary facts a free-text query asks about, best first.

    ``query`` names a role and perhaps a level, in any order and with typos ("senoir
    mlops", "What does a senior MLOps engineer make?"). ``level`` overrides a level in the
    query; a level that is not recognised is ignored. An ambiguous query returns every
    plausible match; no match gives ``answered=False``. ``known_roles`` is always filled.
    """
    return _index(tuple(facts)).search(query, level, limit)


def names_a_role(question: str) -> bool:
    """Whether a question names a kind of worker ("Kotlin developer", "data engineers")."""
    words = re.findall(r"[a-z]+", question.casefold())
    return any(w in _ROLE_NOUNS or (w.endswith("s") and w[:-1] in _ROLE_NOUNS) for w in words)


def conversation_lookup(
    facts: Sequence[SalaryFact], question: str, earlier: Sequence[str] = ()
) -> SalaryAnswer:
    """:func:`lookup` for a question that may follow up ``earlier`` ones (oldest first).

    The newest turn that names a role decides the role ("and for MLOps?" switches to
    MLOps); the newest turn that names a level decides the level ("what about seniors?"
    keeps the role and changes the level).
    """
    turns = [question, *reversed(earlier)]
    if not earlier:
        return lookup(facts, question)
    level = next((lv for lv in map(normalize_level, turns) if lv), None)
    for turn in turns:
        found = lookup(facts, turn, level=level)
        if found.answered and found.matches[0].why.startswith("role"):
            return SalaryAnswer(question, True, found.matches, found.known_roles)
    return lookup(facts, " ".join(reversed(turns)), level=level)


def facts_for_question(
    facts: Sequence[SalaryFact], question: str, earlier: Sequence[str] = (), shown: int = 3
) -> list[SalaryFact]:
    """The facts to show above the quotes of an answer, when the question is about pay."""
    if not facts or not is_salary_question(" ".join([question, *earlier])):
        return []
    result = conversation_lookup(facts, question, earlier)
    return [m.fact for m in result.matches[:shown]] if result.answered else []


_SALARY_QUESTION = re.compile(
    r"\b(?:salar(?:y|ies)|pay|paid|payscale|paycheck|compensation|comp|remuneration|wages?"
    r"|earn(?:s|ed|ing|ings)?|income|(?:hourly|day|daily|contract|contractor|freelance)\s+rates?"
    r"|how\s+much\b.*\b(?:make|get\s+paid|take\s+home)"
    r"|what\s+(?:do|does|did|would|will|could|can|should|might)\s+\S.*\bmake\b"
    r"(?=\s*(?:[?.!]|$|(?:in|at|as|on|per|annually|yearly|monthly|hourly)\b"
    r"|an?\s+(?:year|month|week|day|hour)\b))"
    r"|makes?\b.*\b(?:a|per|an)\s+(?:year|month|hour))\b",
    re.IGNORECASE,
)


def is_salary_question(text: str) -> bool:
    """Whether a question asks about pay ("What does a senior MLOps engineer make?")."""
    return bool(_SALARY_QUESTION.search(text))


def known_roles(facts: Iterable[SalaryFact]) -> list[str]:
    """Distinct roles, sorted case-insensitively (first spelling kept): for autocomplete."""
    seen: dict[str, str] = {}
    for f in facts:
        seen.setdefault(f.role.casefold(), f.role)
    return sorted(seen.values(), key=str.casefold)


def known_levels(facts: Iterable[SalaryFact], role: str | None = None) -> list[str]:
    """Distinct levels in ladder order, of one role (matched case-insensitively) or of all."""
    want = role.casefold() if role else None
    levels = {f.level for f in facts if f.level and (want is None or f.role.casefold() == want)}
    return [lv for lv in LEVELS if lv in levels]
