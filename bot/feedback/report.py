"""The gaps report: declined questions grouped by their rarest words, the passages with the
most 👎 and their notes, as plain text, JSON or CSV. Built from rows the store reads
(:func:`gaps_report`); no database here."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from .records import DOWN, UP


@dataclass(slots=True)
class GapGroup:
    """Declined questions that share their rarest word."""

    words: list[str]  # shared by every question of the group, rarest first
    questions: list[str]  # newest first
    closest: list[str]  # the headings most often offered instead

    @property
    def count(self) -> int:
        return len(self.questions)

    @property
    def label(self) -> str:
        return " ".join(self.words) or "(no words)"


@dataclass(slots=True)
class DislikedPassage:
    """A passage shown as an answer, with its votes and the voters' notes."""

    source: str
    line_start: int | None
    line_end: int | None
    heading_path: list[str]
    passage: str
    down: int
    up: int
    questions: list[str]
    notes: list[str]

    @property
    def location(self) -> str:
        if self.line_start is None:
            return self.source
        if self.line_end in (None, self.line_start):
            return f"{self.source}:{self.line_start}"
        return f"{self.source}:{self.line_start}-{self.line_end}"


@dataclass(slots=True)
class GapsReport:
    days: int
    since: str
    asked: int
    declined: list[GapGroup]
    disliked: list[DislikedPassage]
    rows: list[dict[str, Any]] = field(default_factory=list)  # every question, for the CSV

    @property
    def declined_count(self) -> int:
        return sum(g.count for g in self.declined)

    def to_dict(self) -> dict[str, Any]:
        return {
            "days": self.days,
            "since": self.since,
            "asked": self.asked,
            "declined": [{**asdict(g), "count": g.count, "label": g.label} for g in self.declined],
            "disliked": [{**asdict(d), "location": d.location} for d in self.disliked],
        }

    def lines(self, passage_lines: int = 3) -> list[str]:
        """The report as plain text (the CLI's default output)."""
        out = [f"Questions asked in the last {self.days} days: {self.asked}"]
        out.append(
            f"Not answered: {self.declined_count}"
            + (f", in {len(self.declined)} groups" if self.declined else "")
        )
        for g in self.declined:
            out.append(f"  {g.count} × {g.label}")
            for q in g.questions[:3]:
                out.append(f"      “{q}”")
            if g.closest:
                out.append("      closest headings: " + "; ".join(g.closest))
        out.append("Answers with the most 👎:" if self.disliked else "Answers with a 👎: none")
        for d in self.disliked:
            out.append(f"  {d.down} 👎 / {d.up} 👍  {d.location}  {' > '.join(d.heading_path)}")
            for line in d.passage.splitlines()[:passage_lines]:
                out.append(f"      | {line}")
            for q in d.questions[:3]:
                out.append(f"      asked: “{q}”")
            for n in d.notes:
                out.append(f"      note: “{n}”")
        return out

    def to_csv(self) -> str:
        buf = io.StringIO()
        columns = [
            "kind",
            "group",
            "asked_at",
            "question",
            "answered",
            "source",
            "lines",
            "heading_path",
            "score",
            "up",
            "down",
            "notes",
            "closest_headings",
            "passage",
        ]
        writer = csv.DictWriter(buf, columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in self.rows:
            writer.writerow({k: _csv_cell(v) for k, v in row.items()})
        return buf.getvalue()


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list):
        value = " | ".join(str(v) for v in value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value  # never a formula when opened in a spreadsheet
    return value


def group_declined(items: Sequence[tuple[str, list[list[Any]], list[str]]]) -> list[GapGroup]:
    """Group declined questions by their rarest words.

    ``items`` are (question, rare words as [word, term, df], suggestions), newest first.
    A question goes with the others that share its rarest word (among words equally rare in
    the corpus, often all unknown to it, the one most declined questions share wins). Within
    such a group, questions that also share the word most common among them form a group of
    their own: "kotlin salary" apart from a lone "kotlin style guide".
    """
    freq = Counter(t for _, words, _ in items for t in {w[1] for w in words})
    first: dict[str, list[int]] = defaultdict(list)
    for n, (_, words, _) in enumerate(items):
        key = min(words, key=lambda w: (w[2], -freq[w[1]], w[1]))[1] if words else ""
        first[key].append(n)
    out: list[GapGroup] = []
    for key, members in first.items():
        inner = Counter(t for n in members for t in {w[1] for w in items[n][1]} if t != key)
        second: dict[str | None, list[int]] = defaultdict(list)
        for n in members:
            others = [w for w in items[n][1] if w[1] != key]
            best = min(others, key=lambda w: (-inner[w[1]], w[2], w[1]))[1] if others else None
            second[best if best is not None and inner[best] >= 2 else None].append(n)
        out.extend(_gap_group(items, group, freq) for group in second.values())
    out.sort(key=lambda g: -g.count)
    return out


def _gap_group(
    items: Sequence[tuple[str, list[list[Any]], list[str]]], members: list[int], freq: Counter
) -> GapGroup:
    word_sets = [{w[1] for w in items[n][1]} for n in members]
    shared = set.intersection(*word_sets)
    surfaces: dict[str, Counter] = defaultdict(Counter)
    for n in members:
        for w in items[n][1]:
            surfaces[w[1]][w[0].casefold()] += 1
    ordered = sorted(
        (w for w in items[members[0]][1] if w[1] in shared),  # stable: ties keep
        key=lambda w: (w[2], -freq[w[1]]),
    )  # the question's word order
    # each word as most often written; on a tie the shortest ("knit", not "knitting")
    label = [
        min(surfaces[w[1]].items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0]
        for w in ordered[:3]
    ]
    closest = Counter(s for n in members for s in items[n][2])
    return GapGroup(label, [items[n][0] for n in members], [s for s, _ in closest.most_common(3)])


def gaps_report(
    days: int,
    since: datetime,
    asked: int,
    declined_rows: Sequence[Any],
    voted: Sequence[Any],
    limit: int,
) -> GapsReport:
    """The report from the store's rows: ``declined_rows`` (asked_at, question, rare_words,
    suggestions), newest first; ``voted`` one row per vote on an answer that showed a
    passage, with the answer's columns, newest answer first."""
    items = [
        (r.question, json.loads(r.rare_words or "[]"), json.loads(r.suggestions or "[]"))
        for r in declined_rows
    ]
    groups = group_declined(items)
    label_of = {q: g.label for g in groups for q in g.questions}
    rows: list[dict[str, Any]] = [
        {
            "kind": "declined",
            "group": label_of.get(r.question, ""),
            "asked_at": _iso(r.asked_at),
            "question": r.question,
            "answered": False,
            "closest_headings": json.loads(r.suggestions or "[]"),
        }
        for r in declined_rows
    ]
    passages = _voted_passages(voted)
    rows.extend(_voted_rows(voted, passages))
    disliked = sorted(
        (d for d in passages.values() if d.down),
        key=lambda d: (-d.down, d.up, d.source, d.line_start or 0),
    )
    return GapsReport(days, _iso(since), int(asked), groups[:limit], disliked[:limit], rows)


def _passage_key(r: Any) -> tuple[str, int | None, int | None]:
    return (r.source, r.line_start, r.line_end)


def _voted_passages(
    voted: Sequence[Any],
) -> dict[tuple[str, int | None, int | None], DislikedPassage]:
    """Each passage shown, with its votes, notes and the questions it answered."""
    passages: dict[tuple[str, int | None, int | None], DislikedPassage] = {}
    for r in voted:
        key = _passage_key(r)
        d = passages.get(key)
        if d is None:
            d = passages[key] = DislikedPassage(
                r.source,
                r.line_start,
                r.line_end,
                json.loads(r.heading_path or "[]"),
                r.passage or "",
                0,
                0,
                [],
                [],
            )
        if r.vote == DOWN:
            d.down += 1
        else:
            d.up += 1
        if r.note:
            d.notes.append(r.note)
        if r.question not in d.questions:
            d.questions.append(r.question)
    return passages


def _voted_rows(
    voted: Sequence[Any], passages: dict[tuple[str, int | None, int | None], DislikedPassage]
) -> list[dict[str, Any]]:
    """One CSV row per answer voted on, with its 👍, 👎 and notes."""
    per_answer: dict[str, dict[str, Any]] = {}
    for r in voted:
        row = per_answer.get(r.id)
        if row is None:
            d = passages[_passage_key(r)]
            row = per_answer[r.id] = {
                "kind": "voted",
                "asked_at": _iso(r.asked_at),
                "question": r.question,
                "answered": bool(r.answered),
                "source": r.source,
                "lines": d.location.partition(":")[2],
                "heading_path": " > ".join(d.heading_path),
                "score": r.score,
                "up": 0,
                "down": 0,
                "notes": [],
                "passage": r.passage or "",
            }
        row["up" if r.vote == UP else "down"] += 1
        if r.note:
            row["notes"].append(r.note)
    return list(per_answer.values())


def _iso(value: datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is None:  # SQLite hands back naive datetimes; they were stored in UTC
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
