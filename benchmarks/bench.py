"""Speed, memory and agreement benchmark of the core (bot/), with BM25 peers side by side.

Run from the repository root (the `bench` extra installs the peers)::

    .venv/bin/pip install -e ".[bench]"           # bm25s and tantivy
    .venv/bin/python benchmarks/bench.py           # ../shared/corpora if present, else generated
    .venv/bin/python benchmarks/bench.py --generate 20000 --json
    .venv/bin/python benchmarks/bench.py --corpus ~/docs --skip-peers

Options: ``--corpus DIR`` (a folder of Markdown), ``--generate N`` (a synthetic corpus of N
sections, reproducible from ``--seed``), ``--queries N`` (timed queries, 200), ``--seed``,
``--skip-peers``, ``--rank-bm25-queries N`` (30: rank-bm25 is slow), ``--json`` (one JSON
object as the last line of stdout, after the table).

How it works. Held-out queries: files are shuffled with the seed and taken one by one until
their headings give ``--queries`` + 10 distinct heading texts of at least two content words
(tokens of :func:`bot.text.tokenize`); those files are left out of the indexed corpus, so
the index has never seen the questions. The first 10 are the warm-up, the rest are timed.
The indexed corpus is a temporary tree of hard links to the other files, so that it is a
folder of regular files as a user's is (symlinks where hard links are refused, e.g. across
devices: the core follows them, but a scan then resolves every link, which costs about
0.15 s more over 17k files when the inode cache is cold), except one file, a real copy,
edited for the incremental test. Every phase runs
in a fresh ``python benchmarks/bench.py --phase ...`` process, so that load times and peak
memory are honest. Temporary folders are removed at the end.

What the numbers mean:

* full build: ``bot.index.build`` into an empty index folder: ``BuildReport.seconds`` (scan,
  parse and tokenize on all cores, postings, write, reload); peak memory is
  ``ru_maxrss`` of the build process plus that of its largest worker (``RUSAGE_CHILDREN``).
* index load: ``IndexFolder(index).load()`` in a fresh process (memory-mapped arrays).
* start-up to ready: ``LiveIndex(corpus, index).load()`` in a fresh process: load, staleness
  check over the corpus (a scan of sizes and mtimes), ``Answerer``, salary facts. What the
  bot does before it can answer.
* query p50/p95: end to end as ``python -m bot ask --json -`` does per line:
  ``json.dumps(answerer.ask(q, k=3).to_dict())`` (tokenize, synonyms, typo correction,
  BM25, proximity re-rank, quotes), one ``time.perf_counter`` per query, after 10 warm-up
  queries. The serving process's peak memory is ``ru_maxrss`` after all queries.
* one-file reindex: append a line to one file, ``build`` again into the same folder
  (unchanged files are reused from the previous index): ``BuildReport.seconds`` and the
  wall time of the whole process (Python start, imports, build).
* peers, over the SAME passages and the SAME tokens (``bot.index.bm25_tokens`` of every
  indexed passage; queries are the held-out headings' tokens that the index knows, each
  once): "ours (pure BM25)" is ``index.search(clauses, 10)`` with one-term unit-weight
  clauses; tantivy (a text field of the tokens joined by spaces,
  tokenizer ``whitespace``, freqs without positions, RAM index, a BooleanQuery of SHOULD
  TermQuerys, top 10 with ``count=False``; its BM25 has k1=1.2, ours 1.5); bm25s
  (``BM25(method="lucene")``, numpy backend, indexed on the token lists, ``retrieve(k=10)``;
  its Lucene formula is ours divided by k1+1, so the same ranking); rank-bm25
  (``bot.index.LuceneBM25(token_lists).get_scores``, only ``--rank-bm25-queries`` queries).
  Build times are the engines' own indexing of the ready token lists.
* agreement: for the rank-bm25 queries, the share of our pure-BM25 top 10 that is in
  rank-bm25's top 10, tie-aware (a passage agrees when its rank-bm25 score is at least the
  10th best minus 1e-4 relative). bm25s is checked the same way against our own scores.
* quality: when ``../shared/eval/ask_dev.jsonl`` exists, the sample ``corpus/`` is built into
  a temporary index and ``bot.evaluate.evaluate`` reports hit@1, hit@3 and declines.

Targets are printed beside the values; timings never fail the run (machines are noisy).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the working copy's bot/, wherever this is run from
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora"
DEFAULT_EVAL = ROOT.parent / "shared" / "eval" / "ask_dev.jsonl"
WARMUP = 10
TOP = 10
EDIT_LINE = "\nBenchmark edit: one appended line about incremental reindexing.\n"


# ------------------------------------------------------------------------------ helpers


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def percentile(values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default), without numpy."""
    if not values:
        return float("nan")
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def latency(values: list[float]) -> dict:
    """p50/p95/mean/max of per-query seconds, in milliseconds."""
    ms = [v * 1000 for v in values]
    return {
        "n": len(ms),
        "p50_ms": percentile(ms, 50),
        "p95_ms": percentile(ms, 95),
        "mean_ms": sum(ms) / len(ms) if ms else float("nan"),
        "max_ms": max(ms, default=float("nan")),
    }


def peak_mb(children: bool = False) -> float:
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


def read_queries(work: Path) -> tuple[list[str], list[str]]:
    data = json.loads((work / "queries.json").read_text("utf-8"))
    return data["warmup"], data["timed"]


def query_terms(index, text: str) -> list[str]:
    """The query's tokens that the index knows, each once, in order."""
    from bot.text import tokenize

    return [t for t in dict.fromkeys(tokenize(text)) if t in index.term_ids]


# ------------------------------------------------------------------------------ generated corpus

ENGLISH = [
    "access",
    "account",
    "action",
    "adapter",
    "address",
    "admin",
    "agent",
    "alert",
    "algorithm",
    "alias",
    "allocate",
    "api",
    "app",
    "apply",
    "archive",
    "argument",
    "array",
    "asset",
    "attach",
    "audit",
    "auth",
    "backend",
    "backup",
    "balance",
    "batch",
    "binary",
    "bind",
    "block",
    "branch",
    "bridge",
    "browser",
    "buffer",
    "build",
    "bundle",
    "cache",
    "calendar",
    "call",
    "cancel",
    "capacity",
    "catalog",
    "certificate",
    "change",
    "channel",
    "check",
    "checksum",
    "client",
    "cloud",
    "cluster",
    "code",
    "collect",
    "column",
    "command",
    "comment",
    "commit",
    "compile",
    "component",
    "compress",
    "config",
    "connect",
    "consumer",
    "container",
    "context",
    "control",
    "cookie",
    "copy",
    "core",
    "count",
    "crash",
    "create",
    "credential",
    "cron",
    "cursor",
    "dashboard",
    "data",
    "database",
    "deadline",
    "debug",
    "decode",
    "default",
    "delete",
    "dependency",
    "deploy",
    "device",
    "diff",
    "digest",
    "directory",
    "disk",
    "dispatch",
    "domain",
    "download",
    "draft",
    "driver",
    "dump",
    "edit",
    "email",
    "embed",
    "enable",
    "encode",
    "encrypt",
    "endpoint",
    "engine",
    "entry",
    "environment",
    "error",
    "escalate",
    "event",
    "export",
    "extension",
    "failover",
    "feature",
    "feed",
    "fetch",
    "field",
    "file",
    "filter",
    "firewall",
    "flag",
    "fleet",
    "folder",
    "fork",
    "format",
    "frame",
    "function",
    "gateway",
    "graph",
    "group",
    "handler",
    "hash",
    "header",
    "health",
    "heap",
    "host",
    "hotfix",
    "image",
    "import",
    "incident",
    "index",
    "input",
    "install",
    "instance",
    "interface",
    "invoice",
    "job",
    "journal",
    "key",
    "kernel",
    "label",
    "latency",
    "layer",
    "lease",
    "library",
    "license",
    "limit",
    "link",
    "list",
    "listener",
    "load",
    "local",
    "lock",
    "log",
    "login",
    "manager",
    "manifest",
    "map",
    "memory",
    "merge",
    "message",
    "metric",
    "migrate",
    "mirror",
    "mode",
    "model",
    "module",
    "monitor",
    "mount",
    "name",
    "namespace",
    "network",
    "node",
    "notify",
    "object",
    "offset",
    "onboarding",
    "option",
    "order",
    "output",
    "owner",
    "package",
    "page",
    "parameter",
    "parser",
    "partition",
    "password",
    "patch",
    "path",
    "payload",
    "payment",
    "peer",
    "permission",
    "pipeline",
    "platform",
    "plugin",
    "policy",
    "poll",
    "pool",
    "port",
    "portal",
    "preview",
    "priority",
    "process",
    "profile",
    "project",
    "prompt",
    "protocol",
    "provider",
    "proxy",
    "publish",
    "query",
    "queue",
    "quota",
    "rate",
    "record",
    "recovery",
    "redirect",
    "region",
    "registry",
    "release",
    "remote",
    "render",
    "replica",
    "report",
    "repository",
    "request",
    "reset",
    "resource",
    "response",
    "restore",
    "retry",
    "review",
    "revision",
    "role",
    "rollback",
    "rotate",
    "route",
    "router",
    "rule",
    "runtime",
    "sample",
    "sandbox",
    "scale",
    "scan",
    "schedule",
    "schema",
    "scope",
    "script",
    "search",
    "secret",
    "security",
    "segment",
    "sensor",
    "server",
    "service",
    "session",
    "setting",
    "shard",
    "shell",
    "signal",
    "signature",
    "snapshot",
    "socket",
    "source",
    "sprint",
    "stack",
    "staging",
    "storage",
    "stream",
    "subnet",
    "subscription",
    "support",
    "switch",
    "sync",
    "system",
    "table",
    "tag",
    "target",
    "task",
    "template",
    "tenant",
    "terminal",
    "test",
    "thread",
    "ticket",
    "timeout",
    "token",
    "topic",
    "trace",
    "traffic",
    "transaction",
    "trigger",
    "tunnel",
    "type",
    "update",
    "upgrade",
    "upload",
    "user",
    "validate",
    "value",
    "variable",
    "vendor",
    "version",
    "view",
    "volume",
    "vote",
    "warning",
    "webhook",
    "widget",
    "window",
    "worker",
    "workflow",
    "workspace",
    "zone",
]
FUNCTION_WORDS = [
    "the",
    "a",
    "an",
    "of",
    "to",
    "and",
    "in",
    "is",
    "for",
    "with",
    "on",
    "by",
    "this",
    "that",
    "as",
    "be",
    "can",
    "are",
    "or",
    "from",
    "it",
    "you",
    "when",
]
ONSETS = [
    "b",
    "c",
    "d",
    "f",
    "g",
    "h",
    "j",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "w",
    "z",
    "br",
    "cl",
    "dr",
    "fl",
    "gr",
    "kr",
    "pl",
    "pr",
    "sk",
    "st",
    "tr",
]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou", "ei"]
CODAS = ["", "", "n", "r", "s", "l", "x", "th", "m", "k"]


def _vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    """English technical words plus made-up ones, in a seeded order (rank = Zipf rank)."""
    words = dict.fromkeys(ENGLISH)
    while len(words) < size:
        n = rng.choice((2, 2, 3))
        w = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(n)) + rng.choice(CODAS)
        words.setdefault(w, None)
    out = list(words)
    rng.shuffle(out)
    return out


class _Writer:
    """Realistic-looking Markdown from a Zipf-distributed vocabulary."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.vocab = _vocabulary(rng)
        acc, self.cum = 0.0, []
        for rank in range(1, len(self.vocab) + 1):
            acc += 1 / rank**1.07
            self.cum.append(acc)

    def words(self, n: int) -> list[str]:
        return self.rng.choices(self.vocab, cum_weights=self.cum, k=n)

    def sentence(self) -> str:
        rng = self.rng
        out = [
            rng.choice(FUNCTION_WORDS) if rng.random() < 0.3 else w
            for w in self.words(rng.randint(6, 16))
        ]
        return " ".join(out).capitalize() + "."

    def heading(self) -> str:
        return " ".join(
            w.capitalize() if i == 0 else w
            for i, w in enumerate(self.words(self.rng.randint(2, 5)))
        )

    def block(self) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.08:  # a table now and then
            cols = [w.capitalize() for w in self.words(3)]
            rows = [f"| {' | '.join(cols)} |", "|---|---|---|"]
            rows += [
                f"| {a} | {b} | {rng.randint(1, 500)} |"
                for a, b in (self.words(2) for _ in range(rng.randint(2, 5)))
            ]
            return "\n".join(rows)
        if r < 0.22:  # fenced code
            lang = rng.choice(("python", "bash", "yaml", "cpp"))
            lines = [
                f"{a}_{b} = {c}({d}, {rng.randint(0, 99)})"
                for a, b, c, d in (self.words(4) for _ in range(rng.randint(3, 12)))
            ]
            return f"```{lang}\n" + "\n".join(lines) + "\n```"
        if r < 0.45:  # a list
            items = []
            for _ in range(rng.randint(3, 7)):
                text = " ".join(self.words(rng.randint(3, 9)))
                items.append(
                    f"- **{self.words(1)[0]}**: {text}" if rng.random() < 0.3 else f"- {text}"
                )
            return "\n".join(items)
        return " ".join(self.sentence() for _ in range(rng.randint(1, 5)))

    def file(self, n_sections: int) -> str:
        parts = [f"# {self.heading()}", self.block()]
        for _ in range(n_sections - 1):
            level = "###" if self.rng.random() < 0.25 else "##"
            parts.append(f"{level} {self.heading()}")
            parts.extend(self.block() for _ in range(self.rng.randint(1, 3)))
        return "\n\n".join(parts) + "\n"


def generate_corpus(folder: Path, n_sections: int, seed: int) -> int:
    """N sections of synthetic Markdown in files of 5-15 sections; returns the file count."""
    rng = random.Random(seed)
    writer = _Writer(rng)
    done = n_files = 0
    while done < n_sections:
        n = min(rng.randint(5, 15), n_sections - done)
        sub = folder / f"part{n_files // 100:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        name = "-".join(writer.words(2)) + f"-{n_files}.md"
        (sub / name).write_text(writer.file(n), "utf-8")
        done += n
        n_files += 1
    return n_files


# ------------------------------------------------------------------------------ setup (parent)


def prepare(source: Path, work: Path, n_queries: int, seed: int) -> dict:
    """Pick held-out files and their headings, and lay out the benchmark corpus as links."""
    from bot.index import scan
    from bot.sections import parse_markdown, read_markdown
    from bot.text import tokenize

    sources = list(scan(source))
    order = sources[:]
    random.Random(seed).shuffle(order)
    wanted = n_queries + WARMUP
    headings: dict[str, None] = {}
    held: set[str] = set()
    for rel in order:
        if len(headings) >= wanted or len(held) >= len(sources) // 2:
            break
        try:
            doc = parse_markdown(read_markdown(source / rel), rel)
        except (OSError, ValueError):
            continue
        held.add(rel)
        for s in doc.sections:
            if s.heading_path:
                text = " ".join(s.heading_path[-1].split())
                if len(set(tokenize(text))) >= 2:
                    headings.setdefault(text, None)
    queries = list(headings)[:wanted]
    if len(queries) < wanted:
        log(
            f"only {len(queries)} held-out headings (wanted {wanted}): too few files to hold out more"
        )
    kept = [s for s in sources if s not in held]
    edit = next(s for s in order if s not in held)  # seeded: the first kept file in the shuffle
    corpus = work / "corpus"
    layout = Counter()
    for rel in kept:
        dest = corpus / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if rel == edit:
            shutil.copyfile(source / rel, dest)  # a real file: the incremental test edits it
            continue
        try:  # never written to: only the copy above is edited
            os.link((source / rel).resolve(), dest)
            layout["hard links"] += 1
        except OSError:
            os.symlink((source / rel).resolve(), dest)
            layout["symlinks"] += 1
    (work / "queries.json").write_text(
        json.dumps(
            {"warmup": queries[:WARMUP], "timed": queries[WARMUP:], "edit": edit},
            ensure_ascii=False,
        ),
        "utf-8",
    )
    return {
        "source": str(source),
        "files": len(sources),
        "held_out_files": len(held),
        "layout": dict(layout),
        "indexed_files": len(kept),
        "warmup_queries": len(queries[:WARMUP]),
        "timed_queries": len(queries[WARMUP:]),
        "edited_file": edit,
    }


# ------------------------------------------------------------------------------ phases (children)


def phase_build(work: Path, args) -> dict:
    """Full build into an empty index folder."""
    from bot.index import build

    t = time.perf_counter()
    _, report = build(work / "corpus", work / "index")
    wall = time.perf_counter() - t
    return {
        "seconds": report.seconds,
        "wall": wall,
        "files": report.files,
        "passages": report.passages,
        "sections": report.sections,
        "skipped": len(report.skipped),
        "peak_self_mb": peak_mb(),
        "peak_worker_mb": peak_mb(children=True),
        "peak_mb": peak_mb() + peak_mb(children=True),
    }


def phase_load(work: Path, args) -> dict:
    """IndexFolder.load in a fresh process."""
    t = time.perf_counter()
    from bot.index import IndexFolder

    imported = time.perf_counter()
    index = IndexFolder(work / "index").load()
    done = time.perf_counter()
    return {
        "seconds": done - imported,
        "import_seconds": imported - t,
        "passages": index.n_passages,
        "terms": len(index.term_ids),
        "peak_mb": peak_mb(),
    }


def phase_startup(work: Path, args) -> dict:
    """LiveIndex.load in a fresh process: load, staleness check, Answerer, salary facts."""
    t = time.perf_counter()
    from bot.index import IndexFolder
    from bot.live import LiveIndex

    imported = time.perf_counter()
    before = IndexFolder(work / "index").current()
    LiveIndex(work / "corpus", work / "index").load()
    done = time.perf_counter()
    return {
        "seconds": done - imported,
        "import_seconds": imported - t,
        "rebuilt": IndexFolder(work / "index").current() != before,
        "peak_mb": peak_mb(),
    }


def phase_serve(work: Path, args) -> dict:
    """End-to-end query latency, as `python -m bot ask --json -` answers each line."""
    from bot.index import IndexFolder
    from bot.query import QueryError
    from bot.quote import Answerer

    warmup, timed = read_queries(work)
    answerer = Answerer(IndexFolder(work / "index").load())

    def ask(q: str) -> str:
        try:
            return json.dumps(answerer.ask(q, k=3).to_dict(), ensure_ascii=False)
        except QueryError as exc:
            return json.dumps({"query": q, "answered": False, "error": str(exc)})

    for q in warmup:
        ask(q)
    times, answered, errors = [], [], 0
    for q in timed:
        t = time.perf_counter()
        out = ask(q)
        times.append(time.perf_counter() - t)
        rec = json.loads(out)
        answered.append(bool(rec.get("answered")))
        errors += "error" in rec
    slowest = sorted(zip(times, timed), reverse=True)[:3]
    return {
        **latency(times),
        "answered": sum(answered),
        "errors": errors,
        "peak_mb": peak_mb(),
        "answered_p50_ms": latency([t for t, a in zip(times, answered) if a])["p50_ms"],
        "declined_p50_ms": latency([t for t, a in zip(times, answered) if not a])["p50_ms"],
        "slowest": [{"ms": round(s * 1000, 2), "query": q} for s, q in slowest],
    }


def _agree(ours: list[int], ref_scores, k: int = TOP) -> float:
    """Tie-aware share of ``ours`` in the reference top k (see the module docstring)."""
    import numpy as np

    positive = int(np.count_nonzero(ref_scores > 0))
    expected = min(k, positive)
    if expected == 0:
        return 1.0 if not ours else 0.0
    kth = float(np.partition(ref_scores, -expected)[-expected])
    floor = kth - 1e-4 * abs(kth)
    good = sum(1 for d in ours[:expected] if ref_scores[d] > 0 and ref_scores[d] >= floor)
    return good / expected


def phase_peers(work: Path, args) -> dict:
    """Ours (pure BM25), tantivy, bm25s and rank-bm25 on the same passages and tokens."""
    import numpy as np

    from bot.index import IndexFolder, LuceneBM25, bm25_tokens

    index = IndexFolder(work / "index").load()
    warmup, timed = read_queries(work)
    t = time.perf_counter()
    docs = [bm25_tokens(index.passage(i)) for i in range(index.n_passages)]
    tokenize_s = time.perf_counter() - t
    warm_q = [q for q in (query_terms(index, x) for x in warmup) if q]
    queries = [q for q in (query_terms(index, x) for x in timed) if q]
    out: dict = {
        "passages": len(docs),
        "tokens": sum(map(len, docs)),
        "tokenize_seconds": tokenize_s,
        "queries": len(queries),
        "queries_without_known_terms": len(timed) - len(queries),
        "mean_query_terms": sum(map(len, queries)) / max(len(queries), 1),
    }

    def ours(terms: list[str]) -> list[int]:
        return index.search([([term], 1.0) for term in terms], TOP)[0]

    def timed_run(fn, qs) -> list[float]:
        for q in warm_q:
            fn(q)
        times = []
        for q in qs:
            t = time.perf_counter()
            fn(q)
            times.append(time.perf_counter() - t)
        return times

    out["ours"] = {**latency(timed_run(ours, queries)), "api": "SearchIndex.search"}
    log(
        f"  ours (pure BM25) p50 {out['ours']['p50_ms']:.3f} ms; tokenizing passages took {tokenize_s:.1f} s"
    )

    # tantivy ------------------------------------------------------------------------
    try:
        import tantivy
    except ImportError:
        out["tantivy"] = {"error": "not installed (pip install 'tantivy>=0.22')"}
    else:
        t = time.perf_counter()
        schema = (
            tantivy.SchemaBuilder()
            .add_text_field("body", stored=False, tokenizer_name="whitespace", index_option="freq")
            .build()
        )
        tindex = tantivy.Index(schema)  # in RAM
        writer = tindex.writer()
        for tokens in docs:
            doc = tantivy.Document()
            doc.add_text("body", " ".join(tokens))
            writer.add_document(doc)
        writer.commit()
        writer.wait_merging_threads()
        tindex.reload()
        searcher = tindex.searcher()
        build_s = time.perf_counter() - t
        should = tantivy.Occur.Should

        def tantivy_search(terms: list[str]):
            q = tantivy.Query.boolean_query(
                [
                    (should, tantivy.Query.term_query(schema, "body", term, index_option="freq"))
                    for term in terms
                ]
            )
            return searcher.search(q, TOP, count=False).hits

        out["tantivy"] = {
            **latency(timed_run(tantivy_search, queries)),
            "build_seconds": build_s,
            "segments": searcher.num_segments,
            "version": _version("tantivy"),
        }
        del searcher, tindex, writer
        log(f"  tantivy p50 {out['tantivy']['p50_ms']:.3f} ms, build {build_s:.1f} s")

    # bm25s --------------------------------------------------------------------------
    try:
        import bm25s
    except ImportError:
        out["bm25s"] = {"error": "not installed (pip install 'bm25s>=0.2')"}
    else:
        t = time.perf_counter()
        retriever = bm25s.BM25()  # k1=1.5, b=0.75, method="lucene", numpy backend
        retriever.index(docs, show_progress=False)
        build_s = time.perf_counter() - t

        def bm25s_search(terms: list[str]):
            return retriever.retrieve([terms], k=TOP, show_progress=False, n_threads=0)

        times = timed_run(bm25s_search, queries)
        agree = []
        for terms in queries:
            got = [int(d) for d in bm25s_search(terms).documents[0]]
            agree.append(_agree(got, index.scores([([term], 1.0) for term in terms])))
        out["bm25s"] = {
            **latency(times),
            "build_seconds": build_s,
            "method": retriever.method,
            "backend": retriever.backend,
            "agreement_with_ours": sum(agree) / len(agree) if agree else None,
            "version": _version("bm25s"),
        }
        del retriever
        log(f"  bm25s p50 {out['bm25s']['p50_ms']:.3f} ms, build {build_s:.1f} s")

    # rank-bm25 (the reference) and agreement ------------------------------------------
    t = time.perf_counter()
    ref = LuceneBM25(docs)
    build_s = time.perf_counter() - t
    few = queries[: args.rank_bm25_queries]
    times, overlaps, worst = [], [], []
    for terms in few:
        t = time.perf_counter()
        scores = ref.get_scores(terms)
        times.append(time.perf_counter() - t)
        mine = index.top_k(index.scores([([term], 1.0) for term in terms]), TOP)
        overlaps.append(_agree(mine, np.asarray(scores)))
        if overlaps[-1] < 1:
            worst.append({"terms": terms, "overlap": overlaps[-1]})
    # the fast path must rank exactly like scores + top_k over every score
    out["ours"]["search_differs_from_scores_top_k"] = sum(
        ours(terms) != index.top_k(index.scores([([term], 1.0) for term in terms]), TOP)
        for terms in queries
    )
    out["rank_bm25"] = {
        **latency(times),
        "build_seconds": build_s,
        "version": _version("rank-bm25"),
    }
    out["agreement"] = {
        "queries": len(overlaps),
        "mean_overlap": sum(overlaps) / len(overlaps) if overlaps else None,
        "min_overlap": min(overlaps, default=None),
        "disagreeing": worst[:5],
    }
    out["peak_mb"] = peak_mb()
    log(f"  rank-bm25 p50 {out['rank_bm25']['p50_ms']:.1f} ms, build {build_s:.1f} s")
    return out


def _version(dist: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return None


def phase_incremental(work: Path, args) -> dict:
    """Append a line to one file and build again into the same index folder."""
    from bot.index import build

    edit = json.loads((work / "queries.json").read_text("utf-8"))["edit"]
    with (work / "corpus" / edit).open("a", encoding="utf-8") as fh:
        fh.write(EDIT_LINE)
    t = time.perf_counter()
    _, report = build(work / "corpus", work / "index", reason="benchmark edit")
    wall = time.perf_counter() - t
    return {
        "seconds": report.seconds,
        "wall": wall,
        "reparsed": report.reparsed,
        "changed": report.changed,
        "passages": report.passages,
        "peak_mb": peak_mb() + peak_mb(children=True),
    }


def phase_quality(work: Path, args) -> dict:
    """hit@1 / hit@3 / declines of the dev questions on the sample corpus."""
    from bot.evaluate import evaluate, load_cases
    from bot.index import build
    from bot.quote import Answerer

    index, _ = build(ROOT / "corpus", work / "quality-index")
    r = evaluate(Answerer(index), load_cases(Path(args.eval_file)))
    n = r.answerable or 1
    return {
        "answerable": r.answerable,
        "hit1": r.hit1 / n,
        "hit3": r.hit3 / n,
        "mrr": r.rr / n,
        "unanswerable": r.unanswerable,
        "declined": r.declined,
        "misses": r.misses,
    }


PHASES = {
    "build": phase_build,
    "load": phase_load,
    "startup": phase_startup,
    "serve": phase_serve,
    "peers": phase_peers,
    "incremental": phase_incremental,
    "quality": phase_quality,
}


def run_phase(name: str, work: Path, args) -> tuple[dict, float]:
    """Run one phase in a fresh interpreter; its result is the JSON last line of its stdout."""
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--phase",
        name,
        "--work",
        str(work),
        "--rank-bm25-queries",
        str(args.rank_bm25_queries),
        "--eval-file",
        str(args.eval_file),
    ]
    t = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    wall = time.perf_counter() - t
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        return {"error": f"phase {name} exited with {proc.returncode}"}, wall
    return json.loads(lines[-1]), wall


# ------------------------------------------------------------------------------ report


def _ms(x) -> str:
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.3f} ms"


def _num(x, spec: str) -> str:
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else format(x, spec)


def _ratio(a, b) -> float | None:
    try:
        return a / b if a and b and not math.isnan(a) and not math.isnan(b) else None
    except TypeError:
        return None


def table(r: dict) -> list[tuple[str, str, str, str]]:
    """(metric, value, target, ok) rows; ok is "yes", "NO" or ""."""
    rows: list[tuple[str, str, str, str]] = []

    def row(metric: str, value: str, target: str = "", ok: bool | None = None) -> None:
        if value.startswith("n/a"):
            ok = None  # nothing measured (no queries): neither met nor missed
        rows.append((metric, value, target, "" if ok is None else ("yes" if ok else "NO")))

    s = r["setup"]
    row(
        "corpus", f"{s['source']} ({s['files']} files)" + (" [generated]" if r["generated"] else "")
    )
    row(
        "held out for queries",
        f"{s['held_out_files']} files, {s['timed_queries']} timed + {s['warmup_queries']} warm-up headings",
    )
    row(
        "indexed corpus laid out as",
        ", ".join(f"{n} {kind}" for kind, n in s.get("layout", {}).items()) + " (+1 copy, edited)",
    )
    b = r.get("build", {})
    if "seconds" in b:
        row(
            "full build",
            f"{b['seconds']:.2f} s ({b['files']} files, {b['sections']} sections, {b['passages']} passages)",
            "<= 30 s",
            b["seconds"] <= 30,
        )
        row(
            "full build peak memory",
            f"{b['peak_mb']:.0f} MB (main {b['peak_self_mb']:.0f} + largest worker {b['peak_worker_mb']:.0f})",
            "<= 300 MB",
            b["peak_mb"] <= 300,
        )
    ld = r.get("load", {})
    if "seconds" in ld:
        row(
            "index load (IndexFolder.load)",
            f"{ld['seconds']:.3f} s (imports {ld['import_seconds']:.2f} s)",
            "<= 0.1 s",
            ld["seconds"] <= 0.1,
        )
    st = r.get("startup", {})
    if "seconds" in st:
        row(
            "start-up to ready (LiveIndex.load)",
            f"{st['seconds']:.3f} s" + (" REBUILT" if st["rebuilt"] else ""),
        )
    q = r.get("serve", {})
    if "p50_ms" in q:
        row("query p50, end to end (ask --json)", _ms(q["p50_ms"]), "<= 1 ms", q["p50_ms"] <= 1)
        row("query p95, end to end", _ms(q["p95_ms"]), "<= 3 ms", q["p95_ms"] <= 3)
        row("query mean / max", f"{_ms(q['mean_ms'])} / {_ms(q['max_ms'])}")
        row(
            "answered / declined",
            f"{q['answered']} / {q['n'] - q['answered']} of {q['n']}"
            + (f" ({q['errors']} of them QueryError)" if q["errors"] else ""),
        )
        row(
            "p50 of answered / of declined",
            f"{_ms(q['answered_p50_ms'])} / {_ms(q['declined_p50_ms'])}",
        )
        row(
            "slowest query",
            f"{_ms(q['slowest'][0]['ms'])} {q['slowest'][0]['query'][:40]!r}"
            if q["slowest"]
            else "n/a",
        )
        row(
            "serving process peak memory",
            f"{q['peak_mb']:.0f} MB",
            "<= 300 MB",
            q["peak_mb"] <= 300,
        )
    inc = r.get("incremental", {})
    if "seconds" in inc:
        row(
            "one-file reindex (BuildReport.seconds)",
            f"{inc['seconds']:.3f} s ({inc['reparsed']} file reparsed)",
            "<= 1 s",
            inc["seconds"] <= 1,
        )
        row(
            "one-file reindex, process wall",
            f"{r['walls']['incremental']:.2f} s (python start + imports + build)",
        )
    p = r.get("peers")
    if p and "ours" in p:
        row(
            "peers: passages / tokens / queries",
            f"{p['passages']} / {p['tokens']} / {p['queries']}"
            f" ({p['mean_query_terms']:.1f} terms each)",
        )
        row(
            f"ours, pure BM25 top-10 ({p['ours']['api']}) p50 / p95",
            f"{_ms(p['ours']['p50_ms'])} / {_ms(p['ours']['p95_ms'])}",
        )
        if p["ours"].get("search_differs_from_scores_top_k"):
            row(
                "search() != scores() + top_k()",
                f"{p['ours']['search_differs_from_scores_top_k']} queries",
                "0",
                False,
            )
        t = p.get("tantivy", {})
        if "p50_ms" in t:
            row(
                f"tantivy {t['version']} top-10 p50 / p95",
                f"{_ms(t['p50_ms'])} / {_ms(t['p95_ms'])}",
            )
            row("tantivy index build", f"{t['build_seconds']:.2f} s ({t['segments']} segments)")
            ratio = _ratio(q.get("p50_ms"), t["p50_ms"])
            row(
                "ours end to end p50 / tantivy p50",
                f"{ratio:.2f}x" if ratio else "n/a",
                "<= 3x",
                ratio <= 3 if ratio else None,
            )
            ratio = _ratio(p["ours"]["p50_ms"], t["p50_ms"])
            row("ours pure BM25 p50 / tantivy p50", f"{ratio:.2f}x" if ratio else "n/a")
        elif t:
            row("tantivy", t.get("error", "n/a"))
        m = p.get("bm25s", {})
        if "p50_ms" in m:
            row(
                f"bm25s {m['version']} ({m['method']}, {m['backend']}) p50 / p95",
                f"{_ms(m['p50_ms'])} / {_ms(m['p95_ms'])}",
            )
            row("bm25s index build", f"{m['build_seconds']:.2f} s")
            ratio = _ratio(m["p50_ms"], p["ours"]["p50_ms"])
            row("bm25s p50 / ours pure BM25 p50", f"{ratio:.1f}x" if ratio else "n/a")
            row("bm25s top-10 agreement with ours", _num(m["agreement_with_ours"], ".4f"))
        elif m:
            row("bm25s", m.get("error", "n/a"))
        k = p["rank_bm25"]
        row(f"rank-bm25 get_scores p50 ({k['n']} queries)", _ms(k["p50_ms"]))
        row("rank-bm25 build", f"{k['build_seconds']:.2f} s")
        ratio = _ratio(k["p50_ms"], p["ours"]["p50_ms"])
        row("rank-bm25 p50 / ours pure BM25 p50", f"{ratio:.0f}x" if ratio else "n/a")
        a = p["agreement"]
        if a["mean_overlap"] is not None:
            row(
                "top-10 agreement with rank-bm25",
                f"{a['mean_overlap']:.4f} mean, {a['min_overlap']:.2f} min"
                f" ({a['queries']} queries)",
                ">= 0.99",
                a["mean_overlap"] >= 0.99,
            )
    elif p:
        row("peers", p.get("error", "n/a"))
    e = r.get("quality")
    if e and "hit1" in e:
        row(
            "quality (sample corpus, ask_dev)",
            f"hit@1 {e['hit1']:.3f}, hit@3 {e['hit3']:.3f}, "
            f"declined {e['declined']}/{e['unanswerable']} ({e['answerable']} answerable)",
        )
    elif e:
        row("quality", e.get("error", "n/a"))
    for name in PHASES:
        if "error" in r.get(name, {}):
            row(f"phase {name}", f"FAILED: {r[name]['error']} (see stderr)")
    row("benchmark wall time", f"{r['total_seconds']:.0f} s")
    return rows


def render(rows) -> str:
    head = ("metric", "value", "target", "ok")
    widths = [max(len(x[i]) for x in [head, *rows]) for i in range(4)]
    fmt = " | ".join(f"{{:<{w}}}" for w in widths)
    lines = [fmt.format(*head), "-+-".join("-" * w for w in widths)]
    lines += [fmt.format(*x) for x in rows]
    return "\n".join(line.rstrip() for line in lines)


# ------------------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--corpus", type=Path, help=f"Markdown folder (default: {DEFAULT_CORPUS} if present)"
    )
    ap.add_argument(
        "--generate",
        type=int,
        metavar="N_SECTIONS",
        help="benchmark a synthetic corpus of N sections",
    )
    ap.add_argument("--queries", type=int, default=200, help="timed held-out queries (default 200)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--skip-peers", action="store_true", help="skip tantivy, bm25s, rank-bm25")
    ap.add_argument("--rank-bm25-queries", type=int, default=30)
    ap.add_argument("--json", action="store_true", help="also print one JSON object (last line)")
    ap.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    ap.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--eval-file", type=Path, default=DEFAULT_EVAL, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.phase:  # a child: one measurement, printed as one JSON line
        print(json.dumps(PHASES[args.phase](args.work, args), default=str))
        return 0

    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="docs-bot-bench-"))
    results: dict = {"generated": False, "walls": {}}
    try:
        if args.generate or (args.corpus is None and not DEFAULT_CORPUS.is_dir()):
            n = args.generate or 20000
            source = work / "generated"
            t = time.perf_counter()
            files = generate_corpus(source, n, args.seed)
            log(f"generated {n} sections in {files} files in {time.perf_counter() - t:.1f} s")
            results["generated"] = True
        else:
            source = (args.corpus or DEFAULT_CORPUS).resolve()
        t = time.perf_counter()
        results["setup"] = prepare(source, work, args.queries, args.seed)
        log(
            f"prepared the corpus and {results['setup']['timed_queries']} queries in {time.perf_counter() - t:.1f} s"
        )
        phases = (
            ["build", "load", "startup", "serve"]
            + ([] if args.skip_peers else ["peers"])
            + ["incremental"]
        )
        if args.eval_file.is_file() and (ROOT / "corpus").is_dir():
            phases.append("quality")
        for name in phases:
            log(f"phase {name} ...")
            results[name], results["walls"][name] = run_phase(name, work, args)
            log(f"phase {name} done in {results['walls'][name]:.1f} s")
            if name == "build" and "error" in results[name]:
                break  # nothing else can run without an index
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["total_seconds"] = time.perf_counter() - started
    print(render(table(results)))
    if args.json:
        print(json.dumps(results, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
