"""What the command line prints for a person at a terminal: answers, salary tables and log
lines, each made safe to show (control characters escaped, so a file name or a quoted line
can never move the cursor or forge a line of output).

The JSON the command line prints for programs is made in :mod:`bot.cli`.
"""

from __future__ import annotations

import logging
import re

from .answer import Answer
from .dialects import as_chat_shows
from .sources import SourceLinks

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def safe(text: str) -> str:
    """One line of text for a terminal: control characters (ANSI escape sequences, line
    breaks in a file name) shown escaped, so that nothing printed can move the cursor or
    forge a line of output."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


class SafeFormatter(logging.Formatter):
    def formatMessage(self, record: logging.LogRecord) -> str:  # a traceback keeps its lines
        return safe(super().formatMessage(record))


def print_answer(answer: Answer, salary=(), links: SourceLinks | None = None) -> None:
    """An answer as ``ask`` prints it: the salary facts, then each quote under its heading
    path and location (with its link, when the corpus has links), or the closest headings."""
    if answer.corrections:
        fixes = ", ".join(f"{a} → {b}" for a, b in answer.corrections.items())
        print(safe(f"(searched with corrections: {fixes})"))
    if answer.missing:  # no quote speaks of these
        print(safe(f"(not in the documents: {', '.join(answer.missing)})"))
    if not answer.answered:
        print(safe(f"No answer in the documents for: {answer.query}"))
        if answer.suggestions:
            print("Closest headings:")
            for s in answer.suggestions:
                print(safe(f"  - {s}"))
        return
    if salary:
        print("Salary data:")
        for f in salary:
            top = _money(f.max, f.currency) + ("+" if f.open_ended else "")
            print(
                safe(
                    f"  {f.role} · {f.level or 'any level'}: {_money(f.min, f.currency)} – "
                    f"{top} per {f.period} · {f.context or 'no market given'} · {f.source}:{f.line}"
                )
            )
        print()
    for n, hit in enumerate(answer.results, 1):
        p = hit.passage
        crumbs = " > ".join(p.heading_path) or p.source
        print(safe(f"[{n}] {crumbs}"))
        head = hit.table_header  # a long table's header rows, over its later rows
        under = f", under its header at {head.line_start}-{head.line_end}" if head else ""
        print(safe(f"    {p.source}:{p.line_start}-{p.line_end}{under}  (score {hit.score:.2f})"))
        if links and (url := links.url(p.source, p.line_start, p.line_end)):
            print(safe(f"    {url}"))
        # the quote's Markdown as written, its HTML as Markdown too ("<dt>" no reader sees),
        # its tables' rows without the padding that wraps them
        quote = as_chat_shows(f"{head.text}\n{hit.text}" if head else hit.text)
        for line in quote.splitlines():
            print(safe(f"    | {line}"))
        for label, href in hit.links:  # where its "[text][label]" links lead, as Markdown
            print(safe(f"    [{label}]: {href}"))
        for target, path in hit.files:  # the files of the corpus its links name
            print(safe(f"    {target} → {(links and links.url(path, 1)) or path}"))
        print()


def _money(v: float | None, currency: str) -> str:
    return "—" if v is None else f"{v:,.0f} {currency}"


def print_facts(facts) -> None:
    """Salary facts as a table with a header row, one fact per line."""
    rows = [("role", "level", "range", "period", "context", "source")]
    for f in facts:
        top = _money(f.max, f.currency) + ("+" if f.open_ended else "")
        rows.append(
            (
                f.role,
                f.level or "-",
                f"{_money(f.min, f.currency)} – {top}",
                f.period,
                f.context or "-",
                f"{f.source}:{f.line}",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for n, r in enumerate(rows):
        print(safe("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip()))
        if n == 0:
            print("  ".join("-" * w for w in widths))
