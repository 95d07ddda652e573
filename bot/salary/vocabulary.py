"""The words salary facts are read with: levels, role nouns, pay and money-spent words.

Levels are normalised to :data:`LEVELS`: junior (junior, jr, entry, graduate, intern,
trainee, associate, "Engineer I"), mid (mid, mid-level, intermediate, "II"), senior
(senior, sr, "III"), lead (lead, staff, "IV") and architect (architect, principal,
distinguished, fellow). Principal sits with architect: in most ladders both name the
individual-contributor tier above staff. When a label holds several, the highest wins
("Senior Architect" is an architect).
"""

from __future__ import annotations

import re
import unicodedata

LEVELS: tuple[str, ...] = ("junior", "mid", "senior", "lead", "architect")
"""The level vocabulary, lowest first."""


LEVEL_WORDS: dict[str, str] = {
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
NOUN_LEVELS = frozenset(
    {"architect", "lead", "intern", "graduate", "trainee", "apprentice", "fellow"}
)
ROMAN_LEVELS = {"i": "junior", "ii": "mid", "iii": "senior", "iv": "lead"}

ROLE_NOUNS = frozenset(
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
PAY_WORDS: dict[str, int] = {
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
PAY_RATE = re.compile(
    r"\b(?:hourly|daily|day|weekly|contract|contractor|contracting|freelance"
    r"|freelancer|consulting|billing|billable|market|going|pay)\s+rates?\b"
)
# "+ 15% bonus", "plus equity": extras on top of a salary, not the thing the amount pays for.
ADD_ON = re.compile(
    r"(?:\+|\bplus\b|\bwith\b)\s*(?:up to\s*)?(?:\d+(?:\.\d+)?\s*%\s*)?"
    r"(?:\w+\s+)?(?:bonus(?:es)?|equity|stock|options|rsus?|benefits)\b",
    re.I,
)
SPEND_WORDS: dict[str, int] = {
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
GENERIC_WORDS = frozenset(
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
FAMILY_MARKERS = frozenset(
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
EDGE_WORDS = frozenset(
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
SMALL_WORDS = frozenset(
    {"a", "an", "the", "and", "or", "for", "of", "in", "at", "to", "on", "vs", "with", "by"}
)

# Words that end a role phrase in prose when walking back from its noun.
PROSE_STOP = frozenset(
    EDGE_WORDS
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
    | PAY_WORDS.keys()
    | SPEND_WORDS.keys()
)


def words_of(text: str) -> list[str]:
    """Case-folded words, hyphenated words split: "Mid-Level" → ["mid", "level"]."""
    return re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", text).casefold())


def is_role_noun(word: str) -> bool:
    return word in ROLE_NOUNS or (word.endswith("s") and word[:-1] in ROLE_NOUNS)


def level_of(text: str) -> str | None:
    """The highest level a text names: "Senior Linux Engineer" → senior, "Engineer II" → mid."""
    words = words_of(text)
    found = {LEVEL_WORDS[w] for w in words if w in LEVEL_WORDS}
    found.update(
        ROMAN_LEVELS[b] for a, b in zip(words, words[1:]) if is_role_noun(a) and b in ROMAN_LEVELS
    )
    return max(found, key=LEVELS.index) if found else None


def normalize_level(text: str | None) -> str | None:
    """A level word or label → one of :data:`LEVELS` ("Mid-Level" → "mid"), else None."""
    return level_of(text) if text else None
