"""The money grammar: amounts of money as people write them, in one place.

``$150,000``, ``€45K–€55K``, ``£100,000+``, ``USD 90,000 to 120,000``, ``₹12,00,000``,
``$45–$60/hr``, ``up to $90k``, ``between 80 and 100 thousand EUR``: a currency (symbol or
ISO code, before or after), a number (thousands separated by commas, dots, apostrophes or
spaces; Indian lakh grouping), a multiplier (k, M, L, Cr, thousand, million...), a second
side making a range, an open end ("+", "and up"), a cap ("up to") and a period ("/hr",
"per month", "annually").

:func:`find_amounts` reads every amount in a text; :func:`parse_amount_range` the first.
The tokenizer (:mod:`bot.text`) keeps money whole as one index term: its pattern,
:data:`MONEY_TOKEN`, is built here from the same currency symbols, but stays the simpler
grammar the index was built with (only :data:`TOKEN_SYMBOLS`, digits and commas), so that
the tokens, and every index, stay as they are.

Pure: no files, no Discord.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "CODES",
    "CURRENCY",
    "MONEY_TOKEN",
    "TOKEN_SYMBOLS",
    "Amount",
    "AmountRange",
    "currency_code",
    "currency_hint",
    "find_amounts",
    "may_hold_money",
    "parse_amount_range",
    "period_hint",
]


@dataclass(frozen=True, slots=True)
class AmountRange:
    """An amount of money as written: a range, a single value (min == max), an open-ended
    floor (max None) or a cap (min None)."""

    min: float | None
    max: float | None
    open_ended: bool
    currency: str
    period: str = "year"


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
CODES: dict[str, str] = {
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
_PREFIXED = [s[:-1] for s in _SYMBOLS if len(s) > 1]  # "US" of "US$"
CURRENCY = (
    r"(?:(?<![A-Za-z])(?:" + "|".join(_PREFIXED) + r")\$"
    r"|[" + "".join(s for s in _SYMBOLS if len(s) == 1) + r"]"
    r"|(?<![A-Za-z])(?:" + "|".join(CODES) + r")(?![A-Za-z]))"
)
"""A currency as written: a symbol ("$", "€", "US$") or an ISO code ("EUR", "RMB")."""
_DIGIT = re.compile(r"\d")
# what may_hold_money looks for, as three patterns: the search for each skips ahead to the
# characters it can start with, at C speed, where one pattern of the three alternatives
# was tried at every character (3-4 times slower; every section of a build is searched)
_MAY_HOLD = (
    re.compile("[" + re.escape("".join(s for s in _SYMBOLS if len(s) == 1)) + "]"),
    re.compile("&[#A-Za-z]"),  # an HTML character reference: &#36;, &euro;
    re.compile("|".join(CODES)),
)


def may_hold_money(text: str) -> bool:
    """Whether raw Markdown might hold an amount of money: a digit, and a currency
    (:data:`CURRENCY`) or an HTML character reference that could decode to one. False
    means it holds none, so a document without either is passed over cheaply."""
    return _DIGIT.search(text) is not None and any(p.search(text) for p in _MAY_HOLD)


TOKEN_SYMBOLS = ("$", "€", "£", "¥", "₹")
"""The symbols the tokenizer keeps money of: changing them changes the index's terms."""
MONEY_TOKEN = "[" + "".join(TOKEN_SYMBOLS) + r"]\s?\d[\d,]*(?:\.\d+)?[km]?\+?"
"""An amount as one index term (``$150,000``, ``€45k+``), in case-folded text."""
_NUMBER = (
    r"(?:\d{1,3}(?:,\d{2})+,\d{3}"  # 12,00,000 (lakh)
    r"|\d{1,3}(?:[,.'’]\d{3})+(?!\d)"  # 80,000 / 45.000 / 120'000
    r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.])"  # 45 000
    r"|\d+)(?:[.,]\d+)?"
)
_SIDE = re.compile(
    rf"(?:(?P<pre>{CURRENCY})\s?|(?<![\w%]))(?P<num>{_NUMBER})"
    r"(?:(?P<mult>[kK]|[mM]n?|bn|L|Cr)(?![A-Za-z])"
    r"|\s?(?P<multw>thousand|million|lakhs?|crores?)\b)?"
    rf"(?P<plus>\+)?(?:\s?(?P<post>{CURRENCY})(?![A-Za-z\d])(?P<plus2>\+)?)?"
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
class Amount:
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
            currency or currency_code(self.symbol),
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


def _is_range(text: str, a: re.Match[str], b: re.Match[str] | None, default: str | None) -> bool:
    """Whether sides ``a`` and ``b`` form one range, as in "$80k - $110k" or "90,000 to 120,000"."""
    if b is None or a.group("plus") or a.group("plus2"):
        return False
    sym_a, sym_b = _symbol(a), _symbol(b)
    if not (sym_a or sym_b or default):
        return False
    if sym_a and sym_b and currency_code(sym_a) != currency_code(sym_b):
        return False
    sep = _RANGE_SEP.fullmatch(text, a.end(), b.start())
    if not sep:
        return False
    if sep.group().strip().casefold() == "and":  # only "between X and Y"
        return _BETWEEN.search(text, max(0, a.start() - _LOOK_BEHIND), a.start()) is not None
    return True


def _low_high(a: re.Match[str], b: re.Match[str] | None) -> tuple[float, float]:
    """Low and high of one side, or of a range ("€45–55K": the K belongs to both ends)."""
    low, low_mult = _side_value(a)
    if b is None:
        return low, low
    high, high_mult = _side_value(b)
    if low_mult == 1.0 and high_mult != 1.0 and low * high_mult <= high:
        low *= high_mult
    return min(low, high), max(low, high)


def _amount_at(text: str, a: re.Match[str], b: re.Match[str] | None, default: str | None) -> Amount:
    """The amount made of side ``a``, or of the range ``a``–``b``, with what follows it."""
    low: float | None
    high: float | None
    low, high = _low_high(a, b)
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
    return Amount(a.start(), end, low, high, open_, symbol, _period_after(text, end))


def find_amounts(text: str, default: str | None = None) -> list[Amount]:
    """Every amount of money in ``text``, in order. Bare numbers count only with ``default``
    (a currency symbol or code that the surrounding text, a table header, declares)."""
    sides = list(_SIDE.finditer(text))
    out: list[Amount] = []
    i = 0
    while i < len(sides):
        a = sides[i]
        b = sides[i + 1] if i + 1 < len(sides) else None
        if _is_range(text, a, b, default):
            out.append(_amount_at(text, a, b, default))
            i += 2
            continue
        if _symbol(a) or default:
            found = _amount_at(text, a, None, default)
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
    found = find_amounts(text, default_currency)
    return found[0].amount() if found else None


def currency_code(symbol: str, context: str = "") -> str:
    """ISO code of a currency symbol or code, using ``context`` for bare ``$`` and ``¥``."""
    if symbol == "$":
        return next((code for pattern, code in _DOLLAR_COUNTRIES if pattern.search(context)), "USD")
    if symbol == "¥" and _CHINA.search(context):
        return "CNY"
    return _SYMBOLS.get(symbol) or CODES.get(symbol.upper(), symbol.upper())


def currency_hint(text: str) -> str | None:
    """A currency a header declares for its column: "Salary (EUR)", "€"."""
    m = re.search(CURRENCY, text)
    return m.group() if m else None


def period_hint(texts: Iterable[str]) -> str | None:
    """The period the first text that names one gives ("Hourly rate" → "hour"), or None."""
    for text in texts:
        for pattern, period in _PERIOD_HINTS:
            if pattern.search(text):
                return period
    return None
