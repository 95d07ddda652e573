"""Score a question file against the index: questions to answer, or salary lookups.

**Questions** (`{"question", "expect", "file"?}` JSON Lines): a question is a hit at rank r
when every expected string appears in the r-th quoted passage. ``expect: null`` means the
right answer is "no answer": it counts as declined when the answerer says so. The optional
``file`` names the answering file (relative to the corpus folder): "right file first"
counts the questions whose first quote comes from it.

**Salary lookups** (`{"query", "expect": {"min", "max", "open_ended"}}`, or ``expect:
null`` for a role the documents lack): a lookup is right when its first match has exactly
that range, and "listed" when any match does.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar, cast

from .answer import Answerer
from .query import QueryError
from .salary import SalaryBook

C = TypeVar("C")  # a case of an eval file


@dataclass(slots=True)
class Case:
    question: str
    expect: list[str] | None
    file: str | None = None


@dataclass(slots=True)
class _Tally:
    """What both kinds of report count: answerable items, no-answer ones, and the misses."""

    answerable: int = 0
    unanswerable: int = 0
    declined: int = 0  # no-answer items declined: right
    wrongly_declined: int = 0  # answerable items declined: wrong
    misses: list[str] = field(default_factory=list)

    def _figures(self, figures: dict) -> dict:
        return {
            "answerable": self.answerable,
            "unanswerable": self.unanswerable,
            **figures,
            "declined": self.declined,
            "answerable_declined": self.wrongly_declined,
        }

    def _share(self, count: int, of: int | None = None) -> str:
        total = self.answerable if of is None else of
        return f"{count / (total or 1):.3f}  ({count}/{total})"

    def _render(self, what: str, lines: list[str]) -> str:
        lines = [
            f"{what}: {self.answerable} answerable, {self.unanswerable} without an answer",
            *lines,
            f"declined: {self.declined}/{self.unanswerable} no-answer {what}",
            f"answerable but declined: {self.wrongly_declined}/{self.answerable}",
        ]
        if self.misses:
            lines.insert(0, "\n".join(self.misses) + "\n")
        return "\n".join(lines)


@dataclass(slots=True)
class EvalReport(_Tally):
    hit1: int = 0
    hit3: int = 0
    rr: float = 0.0
    with_file: int = 0  # answerable questions that name their file
    file_first: int = 0

    def as_dict(self) -> dict:
        n = self.answerable or 1
        return self._figures(
            {
                "hit@1": round(self.hit1 / n, 3),
                "hit@3": round(self.hit3 / n, 3),
                "mrr": round(self.rr / n, 3),
                "file_first": round(self.file_first / self.with_file, 3)
                if self.with_file
                else None,
            }
        )

    def render(self) -> str:
        lines = [
            f"hit@1: {self._share(self.hit1)}",
            f"hit@3: {self._share(self.hit3)}",
            f"MRR:   {self.rr / (self.answerable or 1):.3f}",
        ]
        if self.with_file:
            lines.append(f"right file first: {self._share(self.file_first, self.with_file)}")
        return self._render("questions", lines)


def _records(lines: list[str], case: Callable[[dict], C]) -> list[C]:
    """One case per non-blank line of a JSON Lines file; a bad line is a ValueError that
    says which."""
    cases = []
    for n, line in enumerate(lines, 1):
        if line.strip():
            try:
                rec = json.loads(line)
                if not isinstance(rec, dict):
                    raise TypeError("not a JSON object")
                cases.append(case(rec))
            except KeyError as exc:
                raise ValueError(f"line {n}: no {exc} field") from None
            except (ValueError, TypeError) as exc:
                raise ValueError(f"line {n}: {exc}") from None
    if not cases:
        raise ValueError("no questions in it")
    return cases


def _case(rec: dict) -> Case:
    expect = rec.get("expect")
    if expect is not None and (
        not isinstance(expect, list) or not all(isinstance(e, str) for e in expect)
    ):
        raise TypeError("expect must be a list of strings or null")
    file = rec.get("file")
    return Case(str(rec["question"]), expect, str(file) if file else None)


def load_cases(path: Path) -> list[Case]:
    return _records(path.read_text("utf-8").splitlines(), _case)


def evaluate(answerer: Answerer, cases: list[Case], k: int = 3) -> EvalReport:
    report = EvalReport()
    for case in cases:
        try:
            answer = answerer.ask(case.question, k=k)
        except QueryError as exc:
            answer = None
            error = str(exc)
        if case.expect is None:
            report.unanswerable += 1
            if answer is None or not answer.answered:
                report.declined += 1
            else:
                top = answer.results[0].passage
                report.misses.append(
                    f"ANSWERED (should decline): {case.question!r} → {top.source}:{top.line_start}"
                )
            continue
        report.answerable += 1
        rank = None
        if answer is not None and answer.answered:
            for r, hit in enumerate(answer.results, 1):
                if all(e in hit.text for e in case.expect):
                    rank = r
                    break
        else:
            report.wrongly_declined += 1
        if case.file:
            report.with_file += 1
            if (
                answer is not None
                and answer.answered
                and answer.results[0].passage.source == case.file
            ):
                report.file_first += 1
        if rank == 1:
            report.hit1 += 1
        if rank is not None and rank <= 3:
            report.hit3 += 1
        report.rr += 1 / rank if rank else 0.0
        if rank != 1:
            if answer is None:
                got = f"error: {error}"
            elif not answer.answered:
                got = "declined"
            else:
                top = answer.results[0].passage
                got = f"top was {' > '.join(top.heading_path) or top.source} ({top.source}:{top.line_start})"
            report.misses.append(f"MISS (rank {rank or '-'}): {case.question!r} → {got}")
    return report


# ----------------------------------------------------------------------------- salary


@dataclass(frozen=True, slots=True)
class SalaryCase:
    query: str
    expect: tuple[float | None, float | None, bool] | None  # (min, max, open_ended)


@dataclass(slots=True)
class SalaryReport(_Tally):
    first_right: int = 0  # the first match has the expected range
    listed: int = 0  # some match has it

    def as_dict(self) -> dict:
        n = self.answerable or 1
        return self._figures(
            {"first_right": round(self.first_right / n, 3), "listed": round(self.listed / n, 3)}
        )

    def render(self) -> str:
        return self._render(
            "salary lookups",
            [
                f"first match right: {self._share(self.first_right)}",
                f"range among the matches: {self._share(self.listed)}",
            ],
        )


def load_file(path: Path) -> list[Case] | list[SalaryCase]:
    """The questions of a question file, or the lookups of a salary file: which, by its
    first record (``query`` and no ``question``: salary lookups)."""
    lines = path.read_text("utf-8").splitlines()
    first = next((line for line in lines if line.strip()), "")
    try:
        rec = json.loads(first)
    except ValueError:
        rec = None  # _records says where
    if isinstance(rec, dict) and "query" in rec and "question" not in rec:
        return _records(lines, _salary_case)
    return _records(lines, _case)


def score(
    answerer: Answerer, cases: list[Case] | list[SalaryCase], k: int = 3
) -> EvalReport | SalaryReport:
    """The report for the cases of a file (see :func:`load_file`)."""
    if cases and isinstance(cases[0], SalaryCase):
        return evaluate_salaries(answerer.salary_book, cases)
    return evaluate(answerer, cast(list[Case], cases), k=k)


def _amount(value: object, name: str) -> float | None:
    if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return value
    raise TypeError(f"expect.{name} must be a number or null")


def _salary_case(rec: dict) -> SalaryCase:
    expect = rec.get("expect")
    if expect is None:
        return SalaryCase(str(rec["query"]), None)
    if not isinstance(expect, dict):
        raise TypeError("expect must be an object with min, max and open_ended, or null")
    if "min" not in expect or "max" not in expect:
        raise TypeError("expect needs min and max (null for a range open at that end)")
    low, high = _amount(expect["min"], "min"), _amount(expect["max"], "max")
    return SalaryCase(str(rec["query"]), (low, high, bool(expect.get("open_ended", False))))


def load_salary_cases(path: Path) -> list[SalaryCase]:
    return _records(path.read_text("utf-8").splitlines(), _salary_case)


def evaluate_salaries(book: SalaryBook, cases: list[SalaryCase]) -> SalaryReport:
    report = SalaryReport()
    for case in cases:
        answer = book.lookup(case.query)
        ranges = [(m.fact.min, m.fact.max, m.fact.open_ended) for m in answer.matches]
        if case.expect is None:
            report.unanswerable += 1
            if not answer.answered:
                report.declined += 1
            else:
                report.misses.append(
                    f"ANSWERED (should decline): {case.query!r} → {answer.matches[0].fact.label}"
                )
            continue
        report.answerable += 1
        if not answer.answered or not ranges:
            report.wrongly_declined += 1
            report.misses.append(f"MISS: {case.query!r} → declined")
            continue
        report.listed += case.expect in ranges
        if ranges[0] == case.expect:
            report.first_right += 1
        else:
            report.misses.append(
                f"MISS: {case.query!r} → first match {answer.matches[0].fact.label}"
            )
    return report
