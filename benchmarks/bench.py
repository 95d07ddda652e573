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
* quality: when ``tests/eval/ask_dev.jsonl`` exists, the sample ``corpus/`` is built into
  a temporary index and ``bot.evaluate.evaluate`` reports hit@1, hit@3 and declines.

Targets are printed beside the values; timings never fail the run (machines are noisy).

The files: this one runs the phases; ``bench_corpus.py`` generates the synthetic corpus and
picks the held-out queries; ``bench_peers.py`` is the peers phase; ``bench_measure.py`` the
percentiles and peak memory; ``bench_report.py`` the targets (``TARGETS``) and the table.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_corpus import generate_corpus, prepare, read_queries
from bench_measure import latency, log, peak_mb
from bench_peers import phase_peers
from bench_report import render, table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the working copy's bot/, wherever this is run from
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora"
DEFAULT_EVAL = ROOT / "tests" / "eval" / "ask_dev.jsonl"
EDIT_LINE = "\nBenchmark edit: one appended line about incremental reindexing.\n"


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
    from bot.answer import Answerer
    from bot.index import IndexFolder
    from bot.query import QueryError

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
        # the children are git (is the corpus a checkout? which files does it ignore?):
        # forked from this process, so ru_maxrss counts the pages they share with it
        "peak_self_mb": peak_mb(),
        "peak_children_mb": peak_mb(children=True),
    }


def phase_quality(work: Path, args) -> dict:
    """hit@1 / hit@3 / declines of the dev questions on the sample corpus."""
    from bot.answer import Answerer
    from bot.evaluate import evaluate, load_cases
    from bot.index import build

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


# ------------------------------------------------------------------------------ main


def parser() -> argparse.ArgumentParser:
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
    return ap


def _source(args, work: Path, results: dict) -> Path:
    """The corpus to benchmark: generated, ``--corpus``, or ../shared/corpora."""
    if args.generate or (args.corpus is None and not DEFAULT_CORPUS.is_dir()):
        n = args.generate or 20000
        source = work / "generated"
        t = time.perf_counter()
        files = generate_corpus(source, n, args.seed)
        log(f"generated {n} sections in {files} files in {time.perf_counter() - t:.1f} s")
        results["generated"] = True
        return source
    return (args.corpus or DEFAULT_CORPUS).resolve()


def run(args, work: Path, results: dict) -> None:
    """Prepare the corpus in ``work``, then run each phase in its own process into ``results``."""
    source = _source(args, work, results)
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


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.phase:  # a child: one measurement, printed as one JSON line
        print(json.dumps(PHASES[args.phase](args.work, args), default=str))
        return 0

    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="docs-bot-bench-"))
    results: dict = {"generated": False, "walls": {}}
    try:
        run(args, work, results)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["total_seconds"] = time.perf_counter() - started
    print(render(table(results, list(PHASES))))
    if args.json:
        print(json.dumps(results, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
