"""The command line: ``ask``, ``index``, ``eval``, ``salary``, ``gaps``, ``run`` and ``sync``.

It validates input, calls the core, and turns failures into one clear line on stderr with a
non-zero exit code. It never imports discord itself: ``run`` and ``sync`` import the
Discord layer only when they are used.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from .answer import Answerer
from .config import Settings
from .index import IndexLoadError
from .query import QueryError
from .sections import CorpusError
from .sources import GitError, SourceLinks, source_links
from .terminal import SafeFormatter, print_answer, print_facts, safe

log = logging.getLogger("bot")


class CliError(Exception):
    """Shown to the user as one line, with exit code 2."""


def _paths(args: argparse.Namespace, settings: Settings) -> tuple[Path, Path]:
    corpus = Path(args.corpus) if args.corpus else settings.corpus_dir
    index = Path(args.index) if args.index else settings.index_dir
    return corpus, index


def _open(args: argparse.Namespace, settings: Settings):
    from .index import open_index

    corpus, index_dir = _paths(args, settings)
    if not corpus.is_dir():
        raise CliError(f"corpus folder not found: {corpus} (set --corpus or CORPUS_DIR)")
    return open_index(corpus, index_dir, progress=True)


def _links(args: argparse.Namespace, settings: Settings) -> SourceLinks | None:
    return source_links(_paths(args, settings)[0], settings.source_url)


def _with_urls(items: list[dict], links: SourceLinks | None, start: str, end: str) -> list[dict]:
    """Add ``url`` (None without links) to each result or salary match of a JSON answer."""
    for item in items:
        item["url"] = links.url(item["source"], item[start], item[end]) if links else None
    return items


# characters that JSON leaves as they are but that end a line for many readers of JSON
# Lines (Python's str.splitlines, older JavaScript): a file name or a quote may hold them
_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def _json_line(obj: object) -> str:
    """One JSON object on one line, whatever line separators its strings hold."""
    return json.dumps(obj, ensure_ascii=False).translate(_LINE_BREAKS)


def _lines(value: str) -> list[str]:
    if value != "-":
        return [_text(value)]
    data = sys.stdin.buffer.read().decode("utf-8", "replace")  # bytes that are not UTF-8: �
    return [line for line in data.splitlines() if line.strip()]


def _text(value: str) -> str:
    """An argument as text: bytes that were not UTF-8 (surrogate escapes) become �."""
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    questions = _lines(args.question)
    if not questions:
        raise CliError("no question given on standard input")
    answerer = Answerer(_open(args, settings))
    links = _links(args, settings)
    k = args.k or settings.top_k
    status = 0
    for q in questions:
        try:
            answer = answerer.ask(q, k=k)
        except QueryError as exc:
            if args.question != "-":
                raise CliError(str(exc)) from None
            error = {"query": q, "answered": False, "results": [], "suggestions": []}
            print(_json_line({**error, "error": str(exc)}))
            status = 1
            continue
        if args.json or args.question == "-":
            out = answer.to_dict()
            _with_urls(out["results"], links, "line_start", "line_end")
            print(_json_line(out))
        else:
            print_answer(answer, answer.salary, links)
    return status


# ------------------------------------------------------------------------------- index


def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    from .index import build
    from .sources import pull

    corpus, index_dir = _paths(args, settings)
    pulled = None
    if settings.corpus_git_pull if args.pull is None else args.pull:
        try:
            pulled = pull(corpus)
        except GitError as exc:
            raise CliError(
                f"git pull failed in {corpus}: {exc}; the index was not changed"
            ) from None
    _, report = build(corpus, index_dir, progress=True, reason="requested")
    if args.json:
        print(_json_line(report.to_dict() | ({"pull": pulled.to_dict()} if pulled else {})))
        return 0
    if pulled:
        print(safe(pulled.summary()))
    print(safe(f"Indexed {report.files} files into {index_dir}"))
    for line in report.lines():
        print(safe(f"  {line}"))
    return 0


# ------------------------------------------------------------------------------- eval


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from .evaluate import load_file, score

    try:
        cases = load_file(Path(args.file))
    except (OSError, ValueError) as exc:  # UnicodeDecodeError is a ValueError
        raise CliError(f"cannot read {args.file}: {exc}") from None
    report = score(Answerer(_open(args, settings)), cases, k=max(3, args.k or 3))
    if args.json:
        print(_json_line({**report.as_dict(), "misses": report.misses}))
    else:
        print(report.render())
    return 0


# ------------------------------------------------------------------------------- salary


def cmd_salary(args: argparse.Namespace, settings: Settings) -> int:
    from .salary import LEVELS, SalaryBook, SalaryFact, normalize_level

    index = _open(args, settings)
    facts = [SalaryFact.from_dict(d) for d in index.salaries]
    links = _links(args, settings) if args.json or args.query == "-" else None
    if args.list:
        if args.json:
            for f in facts:
                print(_json_line(_with_urls([f.to_dict()], links, "line", "line")[0]))
        else:
            print_facts(facts)
        return 0
    if not args.query:
        raise CliError("give a QUERY (or --list)")
    queries = _lines(args.query)
    level = None
    if args.level is not None:
        level = normalize_level(_text(args.level))
        if level is None:
            raise CliError(
                f"unknown level {_text(args.level)!r}: the levels are " + ", ".join(LEVELS)
            )
    book = SalaryBook(facts)
    for q in queries:
        if not q.strip():
            raise CliError("the salary query is empty")
        ans = book.lookup(q, level=level)
        if args.json or args.query == "-":
            out = ans.to_dict()
            _with_urls(out["matches"], links, "line", "line")
            print(_json_line(out))
        elif not ans.answered:
            print(safe(f"No salary found for: {q}"))
            print(safe("Known roles: " + (", ".join(ans.known_roles) or "none")))
        else:
            if ans.unmatched:
                print(safe(f"(no salary fact is for: {', '.join(ans.unmatched)})"))
            print_facts([m.fact for m in ans.matches])
    return 0


# ------------------------------------------------------------------------------- gaps


def cmd_gaps(args: argparse.Namespace, settings: Settings) -> int:
    import sqlalchemy as sa

    from .feedback import SQLITE_FILE, FeedbackError, FeedbackStore

    url = settings.database_url.get_secret_value().strip() if settings.database_url else ""
    data_dir = Path(args.data_dir) if args.data_dir else settings.data_dir
    if not url and not (data_dir / SQLITE_FILE).is_file():
        raise CliError(
            f"no feedback database at {data_dir / SQLITE_FILE}: nothing recorded yet "
            "(set --data-dir, DATA_DIR or DATABASE_URL)"
        )
    try:
        store = FeedbackStore.open(url or None, data_dir)
        try:
            report = store.gaps(days=args.days, limit=args.limit)
        finally:
            store.close()
    except (sa.exc.SQLAlchemyError, FeedbackError) as exc:
        raise CliError(
            f"cannot read the feedback database: {str(getattr(exc, 'orig', None) or exc).splitlines()[0]}"
        ) from None
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    elif args.csv:
        sys.stdout.write(report.to_csv())
    else:
        print("\n".join(report.lines()))
    return 0


# ------------------------------------------------------------------------------- discord


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from .launcher import run_bot

    return run_bot(settings)


def cmd_sync(args: argparse.Namespace, settings: Settings) -> int:
    from .launcher import sync_commands

    return sync_commands(settings, global_=args.global_)


# ------------------------------------------------------------------------------- main


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="python -m bot", description="Answer questions by quoting your Markdown docs."
    )
    ap.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = ap.add_subparsers(dest="command", required=True)
    _add_search_commands(sub)
    _add_salary_command(sub)
    _add_gaps_command(sub)
    _add_discord_commands(sub)
    return ap


Subparsers = argparse._SubParsersAction  # the type of add_subparsers()


def _corpus_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--corpus", help="folder of Markdown files (default: CORPUS_DIR or corpus/)")
    p.add_argument("--index", help="index folder (default: INDEX_DIR or index/)")


def _add_search_commands(sub: Subparsers) -> None:
    """ask, index, eval."""
    p = sub.add_parser("ask", help="answer a question by quoting the documents")
    p.add_argument("question", help="the question, or - to read one per line from stdin")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("-k", type=int, choices=range(1, 21), metavar="N", help="results (1-20)")
    _corpus_options(p)
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("index", help="rebuild the index from the corpus")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument(
        "--pull",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="git pull --ff-only in the corpus first (default: CORPUS_GIT_PULL)",
    )
    _corpus_options(p)
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("eval", help="score a JSON Lines question file")
    p.add_argument("file")
    p.add_argument("-k", type=int, choices=range(1, 21), metavar="N")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    _corpus_options(p)
    p.set_defaults(func=cmd_eval)


def _add_salary_command(sub: Subparsers) -> None:
    p = sub.add_parser("salary", help="look up salary ranges as data")
    p.add_argument("query", nargs="?", help="free text (e.g. 'senior mlops'), or - for stdin")
    p.add_argument("--level", help="junior, mid, senior, lead or architect")
    p.add_argument("--list", action="store_true", help="list every extracted salary fact")
    p.add_argument("--json", action="store_true")
    _corpus_options(p)
    p.set_defaults(func=cmd_salary)


def _add_gaps_command(sub: Subparsers) -> None:
    p = sub.add_parser(
        "gaps", help="what the documents are missing: declined questions, disliked answers"
    )
    p.add_argument(
        "--days",
        type=int,
        default=30,
        choices=range(1, 3651),
        metavar="N",
        help="look back N days (default 30)",
    )
    p.add_argument(
        "--limit",
        type=int,
        default=10,
        choices=range(1, 101),
        metavar="N",
        help="groups and passages listed (default 10; the CSV has everything)",
    )
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print the report as JSON")
    fmt.add_argument("--csv", action="store_true", help="print one CSV row per question")
    p.add_argument("--data-dir", help="folder of feedback.sqlite3 (default: DATA_DIR or data/)")
    p.set_defaults(func=cmd_gaps)


def _add_discord_commands(sub: Subparsers) -> None:
    """run, sync."""
    p = sub.add_parser("run", help="run the Discord bot")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("sync", help="sync slash commands with Discord")
    p.add_argument(
        "--global",
        dest="global_",
        action="store_true",
        help="sync globally (can take up to an hour to show) instead of the dev guild",
    )
    p.set_defaults(func=cmd_sync)


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # never a traceback over an unencodable character
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    args = parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        bad = ", ".join(str(e["loc"][0]).upper() for e in exc.errors()) or "a setting"
        print(
            f"error: invalid setting {bad} (see .env.example): {safe(exc.errors()[0]['msg'])}",
            file=sys.stderr,
        )
        return 2
    except UnicodeDecodeError as exc:
        print(
            f"error: cannot read the settings file .env: not valid UTF-8 (byte {exc.start})",
            file=sys.stderr,
        )
        return 2
    level = "DEBUG" if args.verbose else settings.log_level.upper()
    if not isinstance(logging.getLevelName(level), int):
        print(
            f"error: invalid setting LOG_LEVEL (see .env.example): {safe(settings.log_level)!r} "
            "is not one of DEBUG, INFO, WARNING, ERROR, CRITICAL",
            file=sys.stderr,
        )
        return 2
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(SafeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler])
    try:
        return args.func(args, settings)
    except (CliError, CorpusError, QueryError, IndexLoadError) as exc:
        print(safe(f"error: {exc}"), file=sys.stderr)
        return 2
    except BrokenPipeError:  # a reader that stopped early (| head): not an error
        _silence_stdout()
        return 0
    except OSError as exc:  # an index folder that cannot be written, a disk that is full
        print(
            safe(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")),
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        return 130


def _silence_stdout() -> None:
    """Point stdout at /dev/null: the interpreter's last flush must not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
