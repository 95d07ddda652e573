"""Salary facts and lookup results, as data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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
    why: str  # for people: "role + level", "role", "level", "role (no senior level)"...
    role_matched: bool = False  # the query's role words matched (not only a level)


@dataclass(slots=True)
class SalaryAnswer:
    query: str
    answered: bool
    matches: list[SalaryMatch]
    known_roles: list[str]
    # words of the query no salary fact holds, nor anything near them ("india" of "devops
    # engineer india"): the matches are for the rest of it, not for them
    unmatched: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "answered": self.answered,
            "matches": [m.fact.to_dict() | {"score": m.score, "why": m.why} for m in self.matches],
            "known_roles": list(self.known_roles),
            "unmatched": list(self.unmatched),
        }
