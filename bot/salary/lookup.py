"""Looking salary facts up by free text: role and level, in any order, with typos."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from ..text import question_words
from .facts import SalaryAnswer, SalaryFact, SalaryMatch
from .roles import role_text
from .vocabulary import LEVEL_WORDS, LEVELS, ROLE_NOUNS, ROMAN_LEVELS, is_role_noun, normalize_level

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
        "annually",
        # a period asked for names no role: the facts say their own ("monthly salary of a
        # junior devops engineer" is the junior DevOps range, shown per year)
        "month",
        "monthly",
        "week",
        "weekly",
        "day",
        "daily",
        "hour",
        "hourly",
        "rate",
        "rates",
        "median",
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


@lru_cache(maxsize=1)
def _query_stop() -> frozenset[str]:
    """Words of a query that name no role: the pay words of _QUERY_STOP, and the words
    every question drops (stopwords and question words: "actually", "roughly", "btw"),
    which would otherwise dilute the role words (a level word is never one)."""
    levels = set(LEVEL_WORDS) | set(ROMAN_LEVELS)
    return _QUERY_STOP | frozenset(w for w in question_words() if w not in levels and w.isalpha())


def _tokens(text: str) -> list[str]:
    """Case-folded words as written ("machine learning" → "ml"); see :func:`_canonical`."""
    text = re.sub(r"\bmachine\s+learning\b", "ml", unicodedata.normalize("NFKC", text).casefold())
    return re.findall(r"[^\W_]+", text)


def _canonical(token: str) -> str:
    """One spelling for words that mean the same role: "administrator" → "admin",
    "engineers" → "engineer"."""
    token = _ALIASES.get(token, token)
    return token[:-1] if token.endswith("s") and token[:-1] in ROLE_NOUNS else token


@dataclass(frozen=True, slots=True)
class _Entry:
    fact: SalaryFact
    order: int
    role_tokens: frozenset[str]  # what the role says, for how fully a query covers it
    tokens: frozenset[str]  # role, label, family and market words a query may name


def _entry(fact: SalaryFact, order: int) -> _Entry:
    def key(text: str) -> set[str]:
        return {
            _canonical(t) for t in _tokens(text) if t not in LEVEL_WORDS and t not in _QUERY_STOP
        }

    family = next((r for h in reversed(fact.heading_path) if (r := role_text(h, heading=True))), "")
    role = key(fact.role)
    return _Entry(
        fact,
        order,
        frozenset(role),
        frozenset(role | key(fact.label) | key(family) | key(fact.context or "")),
    )


# words that ask for the top or the bottom of the ranges ("top salary for mlops", "highest
# paid role"): the matches go by their upper amount, highest first, or by their lower one
_EXTREMES = {
    **dict.fromkeys(["top", "highest", "max", "maximum"], True),
    **dict.fromkeys(["lowest", "min", "minimum"], False),
}


@dataclass(frozen=True, slots=True)
class _Query:
    level: str | None
    terms: list[tuple[str, float]]  # (token, weight)
    extreme: bool | None = None  # True for the top of the ranges, False for the bottom


class SalaryBook:
    """The salary facts of one index, and what looking them up needs, computed once.

    Made once per index (the live snapshot's answerer holds one); every lookup, follow-up
    and autocomplete reads it.
    """

    def __init__(self, facts: Sequence[SalaryFact]) -> None:
        self.facts: tuple[SalaryFact, ...] = tuple(facts)
        self.entries = tuple(_entry(f, i) for i, f in enumerate(self.facts))
        self.vocab: frozenset[str] = frozenset().union(*(e.tokens for e in self.entries))
        self.roles = known_roles(self.facts)
        first_seen: dict[str, int] = {}
        for e in self.entries:
            first_seen.setdefault(e.fact.role.casefold(), e.order)
        self.role_order = first_seen

    def lookup(self, query: str, *, level: str | None = None, limit: int = 10) -> SalaryAnswer:
        """Find the salary facts a free-text query asks about, best first.

        ``query`` names a role and perhaps a level, in any order and with typos ("senoir
        mlops", "What does a senior MLOps engineer make?"). ``level`` overrides a level in
        the query; a level that is not recognised is ignored. An ambiguous query returns
        every plausible match; no match gives ``answered=False``. ``known_roles`` is
        always filled.
        """
        return self.search(query, level, limit)

    def conversation_lookup(self, question: str, earlier: Sequence[str] = ()) -> SalaryAnswer:
        """:meth:`lookup` for a question that may follow up ``earlier`` ones (oldest first).

        The newest turn that names a role decides the role ("and for MLOps?" switches to
        MLOps); the newest turn that names a level decides the level ("what about
        seniors?" keeps the role and changes the level).
        """
        turns = [question, *reversed(earlier)]
        if not earlier:
            return self.lookup(question)
        level = next((lv for lv in map(normalize_level, turns) if lv), None)
        for turn in turns:
            found = self.lookup(turn, level=level)
            if found.answered and found.matches[0].role_matched:
                return SalaryAnswer(question, True, found.matches, found.known_roles)
        return self.lookup(" ".join(reversed(turns)), level=level)

    def facts_for_question(
        self, question: str, earlier: Sequence[str] = (), shown: int = 3
    ) -> list[SalaryFact]:
        """The facts to show above the quotes of an answer, when the question is about pay."""
        if not self.facts or not is_salary_question(" ".join([question, *earlier])):
            return []
        result = self.conversation_lookup(question, earlier)
        return [m.fact for m in result.matches[:shown]] if result.answered else []

    def known_roles(self) -> list[str]:
        """Distinct roles, sorted case-insensitively (first spelling kept)."""
        return list(self.roles)

    def known_levels(self, role: str | None = None) -> list[str]:
        """Distinct levels in ladder order, of one role (case-insensitive) or of all."""
        return known_levels(self.facts, role)

    def parse(self, text: str) -> _Query:
        """Split a query into a level and weighted role words, tolerating typos."""
        stop = _query_stop()
        tokens = self._merge_split_words([t for t in _tokens(text) if t not in stop])
        level: str | None = None
        extreme: bool | None = None
        terms: list[tuple[str, float]] = []
        for token in map(_canonical, tokens):
            if token in _EXTREMES:
                extreme = _EXTREMES[token] if extreme is None else extreme
                continue
            token_level = LEVEL_WORDS.get(token) or ROMAN_LEVELS.get(token)  # "i" is a stopword
            if not token_level and token not in self.vocab:
                token_level = _fuzzy_level(token)
            if token_level:
                level = level or token_level
                continue
            if token not in self.vocab and token.endswith("s") and token[:-1] in self.vocab:
                token = token[:-1]
            terms.append((token, _NOUN_WEIGHT if is_role_noun(token) else 1.0))
        return _Query(level, terms, extreme)

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
        # each role word's near words among the facts', looked up once: for the scores, and
        # to name the words no fact is for
        sims = [(self.similarities(t), w) for t, w in q.terms]
        scored = self._role_scores(sims, want) if q.terms or want else []
        if q.extreme is not None and not scored and not q.terms:
            scored = [(e, 1.0, 1.0, False) for e in self.entries]  # "the highest paid role"
        ranked = _rank(scored, want, bool(q.terms), self.role_order)
        if (top := q.extreme) is not None and want is None:  # ties keep the lookup's order
            ranked.sort(key=lambda m: _end(m.fact, top), reverse=top)
        matches = ranked[: max(0, limit)]
        unmatched = [t for (t, _), (near, _) in zip(q.terms, sims) if not near] if matches else []
        return SalaryAnswer(query, bool(matches), matches, list(self.roles), unmatched)

    def _role_scores(
        self, sims: list[tuple[dict[str, float], float]], level: str | None
    ) -> list[tuple[_Entry, float, float, bool]]:
        """(entry, role score, precision, fuzzy) for each entry the role words match well
        (``sims``: each word's :meth:`similarities` and its weight)."""
        if not sims:  # a level alone: the facts at that level
            return [(e, 1.0, 1.0, False) for e in self.entries if e.fact.level == level]
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


def _end(fact: SalaryFact, top: bool) -> float:
    """The upper amount of a range (``top``) or its lower one; the other when it names
    only one ("$200,000+")."""
    first, other = (fact.max, fact.min) if top else (fact.min, fact.max)
    return first if first is not None else other if other is not None else 0.0


def _fuzzy_level(token: str) -> str | None:
    """A misspelt level word ("senoir" → senior); only for words of four letters or more."""
    if len(token) < 4:
        return None
    best = max(((fuzz.ratio(token, w), w) for w in LEVEL_WORDS if len(w) >= 4), default=(0, ""))
    return LEVEL_WORDS[best[1]] if best[0] >= _TOKEN_MIN_SIMILARITY else None


def _rank(
    scored: list[tuple[_Entry, float, float, bool]],
    want: str | None,
    by_role: bool,
    role_order: dict[str, int],
) -> list[SalaryMatch]:
    """Order matches: with a level asked, the facts at that level and then those without a
    level; when no fact has that level, every level of the matched roles, nearest first
    ("mid python": the junior and the senior Python ranges before the architect's)."""
    listed = want is not None and any(s[0].fact.level == want for s in scored)
    if listed:
        scored = [s for s in scored if s[0].fact.level in (want, None)]
    ranked = []
    for entry, role_score, precision, fuzzy in scored:
        fact = entry.fact
        fit, why = _level_fit(fact.level, want, by_role)
        score = round(0.75 * role_score + 0.15 * precision + 0.10 * fit, 3) if by_role else fit
        key = (
            want is not None and fact.level != want,
            0.0 if listed or want is None else -fit,
            -score,
            role_order.get(fact.role.casefold(), 0),
            LEVELS.index(fact.level) if fact.level else len(LEVELS),
            entry.order,
        )
        why += " (fuzzy)" if fuzzy else ""
        ranked.append((key, SalaryMatch(fact, score, why, role_matched=by_role)))
    ranked.sort(key=lambda pair: pair[0])
    return [m for _, m in ranked]


def _level_fit(level: str | None, want: str | None, by_role: bool) -> tuple[float, str]:
    """How well a fact's level fits the asked one, in [0, 1], and a short why: "role" only
    when the fact was matched by its role ("the highest paid role" lists every role)."""
    if want is None:
        return 1.0, "role" if by_role else "every role"
    if level == want:
        return 1.0, "role + level" if by_role else "level"
    missing = "level not stated" if level is None else f"no {want} level listed"
    why = f"role ({missing})" if by_role else missing
    if level is None:
        return 0.5, why
    return 1 - abs(LEVELS.index(level) - LEVELS.index(want)) / len(LEVELS), why


def lookup(
    facts: Sequence[SalaryFact], query: str, *, level: str | None = None, limit: int = 10
) -> SalaryAnswer:
    """:meth:`SalaryBook.lookup` over ``facts``, for a single lookup (a book made once
    serves many)."""
    return SalaryBook(facts).lookup(query, level=level, limit=limit)


# the nouns of pay, as a question about pay writes them (see _SALARY_QUESTION)
_PAY_NOUN = (
    r"salar(?:y|ies)|pay|payscale|paycheck|compensation|comp|remuneration|wages?|earnings|income"
)
# the asker's own pay ("what my current comp is"): a role named before it is someone else
_OWN_PAY = re.compile(
    rf"\b(?:my|our|your|his|her|their)\s+(?:\w+\s+)?(?:{_PAY_NOUN})\b", re.IGNORECASE
)


def names_a_role(question: str) -> bool:
    """Whether a question names a kind of worker ("Kotlin developer", "data engineers") whose
    pay it may ask about: not one named before the asker's own pay ("the recruiter keeps
    asking what my current comp is"), but one named after it ("what should my salary be as
    a Kotlin developer?", "what's our pay for a data engineer?")."""
    own = _OWN_PAY.search(question)
    words = re.findall(r"[a-z]+", question[own.start() if own else 0 :].casefold())
    return any(w in ROLE_NOUNS or (w.endswith("s") and w[:-1] in ROLE_NOUNS) for w in words)


_SALARY_QUESTION = re.compile(
    rf"\b(?:{_PAY_NOUN}|paid|earn(?:s|ed|ing)?"
    r"|(?:hourly|day|daily|contract|contractor|freelance)\s+rates?"
    r"|how\s+much\b.*\b(?:make|get\s+paid|take\s+home)"
    r"|what\s+(?:do|does|did|would|will|could|can|should|might)\s+\S.*\bmake\b"
    r"(?=\s*(?:[?.!]|$|(?:in|at|as|on|per|now|today|btw|nowadays|\w+ly)\b"
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
