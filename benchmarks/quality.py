"""Answer quality of the core (bot/) beside bm25s, tantivy and SQLite FTS5, on one question file.

    .venv/bin/python benchmarks/quality.py --corpus DIR --index DIR QUESTIONS.jsonl [--json]

Every system is scored by :func:`bot.evaluate.evaluate` at k=3; the peers index the same
``*.md`` files cut into windows of at most 900 characters within ATX-heading sections.
benchmarks/README.md says how each system is set up and what the times cover.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the working copy's bot/, wherever this is run from

from bot.answer import Answerer  # noqa: E402
from bot.evaluate import evaluate, load_cases  # noqa: E402
from bot.index import IndexFolder, open_index, scan  # noqa: E402
from bot.sections import read_markdown  # noqa: E402

K = 3
WINDOW = 900
ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*)|[ \t]*)$")
FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
WORD = re.compile(r"[^\W_]+")  # letters and digits, as tantivy's tokenizer splits


@dataclass(slots=True)
class Window:
    """A peer's passage, with the attributes evaluate() reads from ours."""

    source: str
    heading_path: tuple[str, ...]
    line_start: int
    text: str

    @property
    def document(self) -> str:  # what a peer indexes
        return " > ".join(self.heading_path) + "\n" + self.text


class PeerHit(NamedTuple):
    passage: Window
    text: str


class PeerAnswer(NamedTuple):
    answered: bool
    results: list


class Peer(NamedTuple):
    """A search function over windows, shaped like an Answerer for evaluate()."""

    windows: list[Window]
    search: Callable[[str, int], list[int]]  # question, k -> indexes of windows, best first

    def ask(self, question: str, k: int = K) -> PeerAnswer:
        hits = [PeerHit(self.windows[i], self.windows[i].text) for i in self.search(question, k)]
        return PeerAnswer(bool(hits), hits)


def sections(text: str):
    """(heading path, [(line number, line)]) of each section, headings in fenced code ignored."""
    path: list[tuple[int, str]] = []
    body: list[tuple[int, str]] = []
    fence = None
    for n, line in enumerate(text.splitlines(), 1):
        if fence:
            if re.fullmatch(rf" {{0,3}}{fence[0]}{{{len(fence)},}}[ \t]*", line):
                fence = None
        elif m := FENCE.match(line):
            fence = m.group(1)
        elif m := ATX.match(line):
            yield tuple(t for _, t in path), body
            level = len(m.group(1))
            title = re.sub(r"(?:^|[ \t]+)#+[ \t]*$", "", m.group(2) or "").strip()
            path = [(lv, t) for lv, t in path if lv < level] + [(level, title)]
            body = []
            continue
        body.append((n, line))
    yield tuple(t for _, t in path), body


def windows_of(source: str, text: str) -> list[Window]:
    """Windows of at most WINDOW characters, on line boundaries, of each section."""
    out = []
    for heading_path, body in sections(text):
        pieces = [
            (n, line[i : i + WINDOW])
            for n, line in body
            for i in range(0, max(len(line), 1), WINDOW)
        ]
        buf: list[tuple[int, str]] = []  # the window being filled
        size = -1  # its length joined with newlines, minus one when empty
        for n, piece in pieces + [(0, None)]:
            if buf and (piece is None or size + 1 + len(piece) > WINDOW):
                chunk = "\n".join(p for _, p in buf)
                if chunk.strip():
                    out.append(Window(source, heading_path, buf[0][0], chunk))
                buf, size = [], -1
            if piece is not None:
                buf.append((n, piece))
                size += 1 + len(piece)
    return out


def load_windows(corpus: Path) -> list[Window]:
    """Windows of every file the core would index (files it cannot read are left out)."""
    out: list[Window] = []
    for source in scan(corpus):
        try:
            out += windows_of(source, read_markdown(corpus / source))
        except (OSError, ValueError) as exc:
            log(f"  skipped {source}: {exc}")
    return out


def build_bm25s(windows: list[Window]):
    import bm25s
    import Stemmer

    logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs its steps at DEBUG
    stemmer = Stemmer.Stemmer("english")
    retriever = bm25s.BM25()
    retriever.index(
        bm25s.tokenize(
            [w.document for w in windows], stopwords="en", stemmer=stemmer, show_progress=False
        ),
        show_progress=False,
    )

    def search(question: str, k: int) -> list[int]:
        tokens = bm25s.tokenize(
            [question], stopwords="en", stemmer=stemmer, return_ids=False, show_progress=False
        )[0]
        tokens = [t for t in tokens if t in retriever.vocab_dict]
        if not tokens:
            return []
        docs, scores = retriever.retrieve([tokens], k=min(k, len(windows)), show_progress=False)
        return [int(d) for d, s in zip(docs[0], scores[0]) if s > 0]

    return search


def build_tantivy(windows: list[Window]):
    import tantivy

    schema = (
        tantivy.SchemaBuilder()
        .add_unsigned_field("id", stored=True)
        .add_text_field("body", tokenizer_name="en_stem")
        .build()
    )
    index = tantivy.Index(schema)  # in RAM
    writer = index.writer()
    for i, w in enumerate(windows):
        writer.add_document(tantivy.Document(id=i, body=w.document))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    searcher = index.searcher()

    def search(question: str, k: int) -> list[int]:
        words = [w.lower() for w in WORD.findall(question)]  # lower: no AND / OR / NOT
        if not words:
            return []
        hits = searcher.search(index.parse_query(" ".join(words), ["body"]), k, count=False).hits
        return [searcher.doc(addr)["id"][0] for _, addr in hits]

    return search


def build_fts5(windows: list[Window]):
    db = sqlite3.connect(":memory:", check_same_thread=False)
    db.execute("CREATE VIRTUAL TABLE p USING fts5(body, tokenize='porter')")
    db.executemany(
        "INSERT INTO p(rowid, body) VALUES (?, ?)", ((i, w.document) for i, w in enumerate(windows))
    )
    db.commit()

    def search(question: str, k: int) -> list[int]:
        # each whitespace-separated word an FTS5 string ("" inside), OR-ed: no query syntax
        match = " OR ".join('"' + w.replace('"', '""') + '"' for w in question.split())
        sql = "SELECT rowid FROM p WHERE p MATCH ? ORDER BY bm25(p) LIMIT ?"
        return [r[0] for r in db.execute(sql, (match, k))] if match else []

    return search


PEERS = {"bm25s": build_bm25s, "tantivy": build_tantivy, "sqlite fts5": build_fts5}


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def timed(fn, *args):
    t = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t


def scored(answerer, cases, index_s: float, built: bool) -> dict:
    report, query_s = timed(evaluate, answerer, cases, K)
    return {
        **report.as_dict(),
        "index_seconds": round(index_s, 3),
        "index": "built" if built else "loaded",
        "query_seconds": round(query_s, 3),
    }


def run_ours(corpus: Path, index_dir: Path, cases) -> dict:
    before = IndexFolder(index_dir).current()
    log(f"ours: open_index({corpus}, {index_dir}) ...")
    index, index_s = timed(open_index, corpus, index_dir)
    return scored(Answerer(index), cases, index_s, IndexFolder(index_dir).current() != before)


def run_peers(corpus: Path, cases) -> tuple[dict, dict]:
    log(f"peers: cutting {corpus} into windows ...")
    windows, cut_s = timed(load_windows, corpus)
    info = {"windows": len(windows), "cut_seconds": round(cut_s, 2)}
    out = {}
    for name, build in PEERS.items():
        log(f"{name}: indexing {len(windows)} windows ...")
        search, index_s = timed(build, windows)
        out[name] = scored(Peer(windows, search), cases, index_s, True)
        del search  # free this engine before the next one builds
    return out, info


def table(systems: dict) -> str:
    rows = [
        [
            "system",
            "hit@1",
            "hit@3",
            "MRR",
            "file 1st",
            "declined",
            "ans. declined",
            "index s",
            "query s",
        ]
    ]
    for name, r in systems.items():
        rows.append(
            [
                name,
                *(
                    "-" if r[m] is None else f"{r[m]:.3f}"
                    for m in ("hit@1", "hit@3", "mrr", "file_first")
                ),
                f"{r['declined']}/{r['unanswerable']}",
                f"{r['answerable_declined']}/{r['answerable']}",
                f"{r['index_seconds']:.3f}" + ("" if r["index"] == "built" else " (load)"),
                f"{r['query_seconds']:.3f}",
            ]
        )
    widths = [max(map(len, col)) for col in zip(*rows)]
    rows.insert(1, ["-" * w for w in widths])
    return "\n".join(
        "  ".join(x.rjust(w) if i else x.ljust(w) for i, (x, w) in enumerate(zip(row, widths)))
        for row in rows
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True, help="folder of Markdown files")
    ap.add_argument(
        "--index",
        type=Path,
        required=True,
        help="the core's index folder (built there when missing or stale)",
    )
    ap.add_argument("questions", type=Path, help="JSON Lines of question, expect, file")
    ap.add_argument("--json", action="store_true", help="also print one JSON object (last line)")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s", stream=sys.stderr)
    logging.getLogger("bot").setLevel(logging.INFO)  # says when it builds the index
    cases = load_cases(args.questions)
    systems = {"ours": run_ours(args.corpus, args.index, cases)}
    peers, info = run_peers(args.corpus, cases)
    systems.update(peers)
    print(
        f"{args.questions.name}: {len(cases)} questions over {args.corpus} "
        f"({info['windows']} peer windows, cut in {info['cut_seconds']:.2f} s); k={K}"
    )
    print(table(systems))
    if args.json:
        print(
            json.dumps(
                {
                    "questions": str(args.questions),
                    "corpus": str(args.corpus),
                    "k": K,
                    **info,
                    "systems": systems,
                }
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
