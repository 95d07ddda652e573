"""The money grammar (bot/money.py): amounts as people write them, and the tokenizer's view."""

from __future__ import annotations

import re

import pytest

from bot.money import (
    CURRENCY,
    MONEY_TOKEN,
    TOKEN_SYMBOLS,
    AmountRange,
    currency_code,
    currency_hint,
    find_amounts,
    may_hold_money,
    parse_amount_range,
    period_hint,
)
from bot.text import MONEY, tokenize


@pytest.mark.parametrize(
    "text, expected",
    [
        ("$150,000 - $220,000", AmountRange(150000, 220000, False, "USD")),
        ("€45K–€55K", AmountRange(45000, 55000, False, "EUR")),
        ("€45–55K", AmountRange(45000, 55000, False, "EUR")),  # the K belongs to both ends
        ("£100,000+", AmountRange(100000, None, True, "GBP")),
        ("from £40k", AmountRange(40000, None, True, "GBP")),
        ("up to $90k", AmountRange(None, 90000, False, "USD")),
        ("$45–$60/hr", AmountRange(45, 60, False, "USD", "hour")),
        ("USD 90,000 to 120,000", AmountRange(90000, 120000, False, "USD")),
        ("between 80 and 100 thousand EUR", AmountRange(80000, 100000, False, "EUR")),
        ("₹12,00,000", AmountRange(1200000, 1200000, False, "INR")),
        ("CHF 120'000 per year", AmountRange(120000, 120000, False, "CHF")),
        ("45.000 € monthly", AmountRange(45000, 45000, False, "EUR", "month")),
        ("A$95k", AmountRange(95000, 95000, False, "AUD")),
        ("1.5M RMB", AmountRange(1500000, 1500000, False, "CNY")),
    ],
)
def test_amounts_as_people_write_them(text, expected):
    assert parse_amount_range(text) == expected


def test_find_amounts_gives_spans_in_order():
    text = "Junior: $80k - $110k, senior: $150k+ a year"
    found = find_amounts(text)
    assert [text[a.start : a.end] for a in found] == ["$80k - $110k", "$150k+"]
    assert [(a.low, a.high, a.open_ended, a.period) for a in found] == [
        (80000, 110000, False, None),
        (150000, None, True, "year"),
    ]


def test_a_range_needs_one_currency():
    assert [(a.low, a.high) for a in find_amounts("$80k - €90k")] == [
        (80000, 80000),
        (90000, 90000),
    ]


def test_bare_numbers_count_only_with_a_declared_currency():
    assert find_amounts("70,000 - 90,000") == []
    [amount] = find_amounts("70,000 - 90,000", "EUR")
    assert amount.amount() == AmountRange(70000, 90000, False, "EUR")
    assert parse_amount_range("25%") is None


def test_a_bare_dollar_or_yen_takes_its_market():
    assert currency_code("$") == "USD"
    assert currency_code("$", "Salaries in Toronto") == "CAD"
    assert currency_code("$", "Sydney office") == "AUD"
    assert currency_code("¥") == "JPY"
    assert currency_code("¥", "Shanghai team") == "CNY"
    assert currency_code("rmb") == "CNY"


def test_headers_declare_a_currency_and_a_period():
    assert currency_hint("Salary (EUR)") == "EUR"
    assert currency_hint("Salary") is None
    assert period_hint(["Role", "Hourly rate"]) == "hour"
    assert period_hint(["Senior", "Annual base"]) == "year"
    assert period_hint(["Senior"]) is None


def test_the_tokenizer_keeps_money_whole_with_the_same_symbols():
    assert all(re.fullmatch(CURRENCY, symbol) for symbol in TOKEN_SYMBOLS)
    assert re.fullmatch(MONEY_TOKEN, "$150,000")
    assert tokenize("It pays $150,000 or €45k+") == ["pay", "$150,000", MONEY, "€45k", MONEY]
    # a symbol outside TOKEN_SYMBOLS is a currency to the grammar, not a money token
    assert parse_amount_range("₩50,000,000") == AmountRange(50e6, 50e6, False, "KRW")
    assert MONEY not in tokenize("₩50,000,000")


@pytest.mark.parametrize(
    "text, may",
    [
        ("Senior: $150,000", True),
        ("USD 90,000 to 120,000", True),
        ("Salary (EUR) | 45000", True),  # a header that declares the currency of bare numbers
        ("&#36;90,000", True),  # a character reference that decodes to "$"
        ("Version 2.0 of the API, released in 2024", False),
        ("`std::vector<int> v(10);`", False),
        ("Costs $ a lot", False),  # a currency but no number
    ],
)
def test_may_hold_money_passes_over_text_with_no_currency_or_no_digit(text, may):
    assert may_hold_money(text) is may
    if not may:
        assert not find_amounts(text, None)
