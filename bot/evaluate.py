"""Score a question file (`{"question", "expect", "file"?}` JSON Lines) against the index.

A question is a hit at rank r when every expected string appears in the r-th quoted
passage. ``expect: null`` means the right answer is "no answer": it counts as declined
when the answerer says so. The optional ``file`` names the answering file (relative to the
corpus folder): "right file first" counts the questions whose first quote comes from it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .answer import Answerer
from .query import QueryError


@dataclass(slots=True)
class Case:
    question: str
    expect: list[str] | None
    file: str | None = None


@dataclass(slots=True)
class EvalReport:
    answerable: int = 0
    hit1: int = 0
    hit3: int = 0
    rr: float = 0.0
    unanswerable: int = 0
    declined: int = 0  # unanswerable questions declined: right
    wrongly_declined: int = 0  # answerable questions declined: wrong
    with_file: int = 0  # answerable questions that name their file
    file_first: int = 0
    misses: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        n = self.answerable or 1
        return {
            "answerable": self.answerable,
            "unanswerable": self.unanswerable,
            "hit@1": round(self.hit1 / n, 3),
            "hit@3": round(self.hit3 / n, 3),
            "mrr": round(self.rr / n, 3),
            "declined": self.declined,
            "answerable_declined": self.wrongly_declined,
            "file_first": round(self.file_first / self.with_file, 3) if self.with_file else None,
        }

    def render(self) -> str:
        n = self.answerable or 1
        lines = [
            f"questions: {self.answerable} answerable, {self.unanswerable} without an answer",
            f"hit@1: {self.hit1 / n:.3f}  ({self.hit1}/{self.answerable})",
            f"hit@3: {self.hit3 / n:.3f}  ({self.hit3}/{self.answerable})",
            f"MRR:   {self.rr / n:.3f}",
        ]
        if self.with_file:
            lines.append(
                f"right file first: {self.file_first / self.with_file:.3f}  "
                f"({self.file_first}/{self.with_file})"
            )
        lines += [
            f"declined: {self.declined}/{self.unanswerable} no-answer questions",
            f"answerable but declined: {self.wrongly_declined}/{self.answerable}",
        ]
        if self.misses:
            lines.insert(0, "\n".join(self.misses) + "\n")
        return "\n".join(lines)


def load_cases(path: Path) -> list[Case]:
    cases = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            expect = rec.get("expect")
            if expect is not None and (
                not isinstance(expect, list) or not all(isinstance(e, str) for e in expect)
            ):
                raise TypeError("expect must be a list of strings or null")
            file = rec.get("file")
            cases.append(Case(str(rec["question"]), expect, str(file) if file else None))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"line {n}: {exc}") from None
    return cases


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
