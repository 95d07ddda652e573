"""The benchmark runs end to end on a small generated corpus, with the rows it always had, and
its targets are data that decide "yes" and "NO"."""

import json
import subprocess
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_report import TARGETS, render, table

ROWS = [  # the metrics of a run without peers, in order
    "corpus",
    "held out for queries",
    "indexed corpus laid out as",
    "full build",
    "full build peak memory",
    "index load (IndexFolder.load)",
    "start-up to ready (LiveIndex.load)",
    "query p50, end to end (ask --json)",
    "query p95, end to end",
    "query mean / max",
    "answered / declined",
    "p50 of answered / of declined",
    "slowest query",
    "serving process peak memory",
    "one-file reindex (BuildReport.seconds)",
    "one-file reindex, process wall",
    "one-file reindex peak memory",
    "quality (sample corpus, ask_dev)",
    "benchmark wall time",
]


def test_a_small_run_without_peers_gives_every_row():
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "bench.py"),
            *("--generate", "300", "--queries", "20", "--skip-peers", "--json"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    *lines, last = out.stdout.strip().splitlines()
    assert [line.split(" | ")[0].strip() for line in lines[2:]] == ROWS
    results = json.loads(last)
    assert results["serve"]["n"] == 20 and results["serve"]["errors"] == 0
    assert results["serve"]["p50_ms"] <= results["serve"]["p95_ms"] <= results["serve"]["max_ms"]
    assert results["quality"]["answerable"] > 0 and results["setup"]["timed_queries"] == 20


def test_targets_decide_each_row():
    assert str(TARGETS["full build"]) == "<= 30 s"
    assert str(TARGETS["top-10 agreement with rank-bm25"]) == ">= 0.99"
    assert str(TARGETS["search() != scores() + top_k()"]) == "0"
    setup = {"source": "x", "files": 1, "held_out_files": 0, "timed_queries": 0}
    results = {
        "generated": True,
        "walls": {},
        "setup": {**setup, "warmup_queries": 0, "layout": {}},
        "load": {"seconds": 0.5, "import_seconds": 0.1},
        "build": {"error": "phase build exited with 1"},
        "total_seconds": 1.0,
    }

    def rows() -> dict[str, tuple[str, str, str, str]]:
        return {r[0]: r for r in table(results, ["build", "load"])}

    assert rows()["index load (IndexFolder.load)"][2:] == ("<= 0.1 s", "NO")
    assert rows()["phase build"][1] == "FAILED: phase build exited with 1 (see stderr)"
    results["load"]["seconds"] = 0.05
    assert rows()["index load (IndexFolder.load)"][2:] == ("<= 0.1 s", "yes")
    head = render(list(rows().values())).splitlines()[0]
    assert [c.strip() for c in head.split(" | ")] == ["metric", "value", "target", "ok"]
