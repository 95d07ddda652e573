"""The benchmark's table: the targets as data, and the rows of metric, value, target, ok.

:data:`TARGETS` is the one place that says what a good figure is; :func:`table` turns the
results of ``bench.py`` into rows, and :func:`render` lays them out as text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Row = tuple[str, str, str, str]


@dataclass(frozen=True)
class Target:
    """A bound a measured figure should meet: ``op`` is "<=", ">=" or "==" (exactly)."""

    op: str
    limit: float
    unit: str = ""  # printed after the limit, e.g. " s" or "x"

    def __str__(self) -> str:
        limit = f"{self.limit:g}{self.unit}"
        return limit if self.op == "==" else f"{self.op} {limit}"

    def met(self, value: float) -> bool:
        if self.op == "<=":
            return value <= self.limit
        if self.op == ">=":
            return value >= self.limit
        return value == self.limit


TARGETS: dict[str, Target] = {
    "full build": Target("<=", 30, " s"),
    "full build peak memory": Target("<=", 300, " MB"),
    "index load": Target("<=", 0.1, " s"),
    "query p50": Target("<=", 1, " ms"),
    "query p95": Target("<=", 3, " ms"),
    "serving process peak memory": Target("<=", 300, " MB"),
    "one-file reindex": Target("<=", 1, " s"),
    "search() != scores() + top_k()": Target("==", 0),
    "ours end to end p50 / tantivy p50": Target("<=", 3, "x"),
    "top-10 agreement with rank-bm25": Target(">=", 0.99),
}


def _ms(x) -> str:
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.3f} ms"


def _num(x, spec: str) -> str:
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else format(x, spec)


def _ratio(a, b) -> float | None:
    try:
        return a / b if a and b and not math.isnan(a) and not math.isnan(b) else None
    except TypeError:
        return None


class _Rows(list[Row]):
    def add(self, metric: str, value: str, target: str = "", measured: float | None = None):
        """A row; with ``target`` (a key of TARGETS) and a ``measured`` figure, whether it is met."""
        goal = TARGETS[target] if target else None
        ok = None if goal is None or measured is None else goal.met(measured)
        if value.startswith("n/a"):
            ok = None  # nothing measured (no queries): neither met nor missed
        self.append((metric, value, str(goal or ""), "" if ok is None else ("yes" if ok else "NO")))


def _setup(rows: _Rows, r: dict) -> None:
    s = r["setup"]
    rows.add(
        "corpus", f"{s['source']} ({s['files']} files)" + (" [generated]" if r["generated"] else "")
    )
    rows.add(
        "held out for queries",
        f"{s['held_out_files']} files, {s['timed_queries']} timed + {s['warmup_queries']} warm-up headings",
    )
    rows.add(
        "indexed corpus laid out as",
        ", ".join(f"{n} {kind}" for kind, n in s.get("layout", {}).items()) + " (+1 copy, edited)",
    )


def _build_and_load(rows: _Rows, r: dict) -> None:
    b = r.get("build", {})
    if "seconds" in b:
        rows.add(
            "full build",
            f"{b['seconds']:.2f} s ({b['files']} files, {b['sections']} sections, {b['passages']} passages)",
            "full build",
            b["seconds"],
        )
        rows.add(
            "full build peak memory",
            f"{b['peak_mb']:.0f} MB (main {b['peak_self_mb']:.0f} + largest worker {b['peak_worker_mb']:.0f})",
            "full build peak memory",
            b["peak_mb"],
        )
    ld = r.get("load", {})
    if "seconds" in ld:
        rows.add(
            "index load (IndexFolder.load)",
            f"{ld['seconds']:.3f} s (imports {ld['import_seconds']:.2f} s)",
            "index load",
            ld["seconds"],
        )
    st = r.get("startup", {})
    if "seconds" in st:
        rows.add(
            "start-up to ready (LiveIndex.load)",
            f"{st['seconds']:.3f} s" + (" REBUILT" if st["rebuilt"] else ""),
        )


def _serve(rows: _Rows, q: dict) -> None:
    if "p50_ms" not in q:
        return
    rows.add("query p50, end to end (ask --json)", _ms(q["p50_ms"]), "query p50", q["p50_ms"])
    rows.add("query p95, end to end", _ms(q["p95_ms"]), "query p95", q["p95_ms"])
    rows.add("query mean / max", f"{_ms(q['mean_ms'])} / {_ms(q['max_ms'])}")
    rows.add(
        "answered / declined",
        f"{q['answered']} / {q['n'] - q['answered']} of {q['n']}"
        + (f" ({q['errors']} of them QueryError)" if q["errors"] else ""),
    )
    rows.add(
        "p50 of answered / of declined",
        f"{_ms(q['answered_p50_ms'])} / {_ms(q['declined_p50_ms'])}",
    )
    rows.add(
        "slowest query",
        f"{_ms(q['slowest'][0]['ms'])} {q['slowest'][0]['query'][:40]!r}"
        if q["slowest"]
        else "n/a",
    )
    name = "serving process peak memory"
    rows.add(name, f"{q['peak_mb']:.0f} MB", name, q["peak_mb"])


def _incremental(rows: _Rows, r: dict) -> None:
    inc = r.get("incremental", {})
    if "seconds" in inc:
        rows.add(
            "one-file reindex (BuildReport.seconds)",
            f"{inc['seconds']:.3f} s ({inc['reparsed']} file reparsed)",
            "one-file reindex",
            inc["seconds"],
        )
        rows.add(
            "one-file reindex, process wall",
            f"{r['walls']['incremental']:.2f} s (python start + imports + build)",
        )
        if "peak_self_mb" in inc:
            rows.add(
                "one-file reindex peak memory",
                f"{inc['peak_self_mb']:.0f} MB (+ {inc['peak_children_mb']:.0f} MB counted for "
                "git, forked from it: shared pages)",
            )


def _tantivy(rows: _Rows, p: dict, q: dict) -> None:
    t = p.get("tantivy", {})
    if "p50_ms" in t:
        rows.add(
            f"tantivy {t['version']} top-10 p50 / p95", f"{_ms(t['p50_ms'])} / {_ms(t['p95_ms'])}"
        )
        rows.add("tantivy index build", f"{t['build_seconds']:.2f} s ({t['segments']} segments)")
        ratio = _ratio(q.get("p50_ms"), t["p50_ms"])
        name = "ours end to end p50 / tantivy p50"
        rows.add(name, f"{ratio:.2f}x" if ratio else "n/a", name, ratio)
        ratio = _ratio(p["ours"]["p50_ms"], t["p50_ms"])
        rows.add("ours pure BM25 p50 / tantivy p50", f"{ratio:.2f}x" if ratio else "n/a")
    elif t:
        rows.add("tantivy", t.get("error", "n/a"))


def _bm25s(rows: _Rows, p: dict) -> None:
    m = p.get("bm25s", {})
    if "p50_ms" in m:
        rows.add(
            f"bm25s {m['version']} ({m['method']}, {m['backend']}) p50 / p95",
            f"{_ms(m['p50_ms'])} / {_ms(m['p95_ms'])}",
        )
        rows.add("bm25s index build", f"{m['build_seconds']:.2f} s")
        ratio = _ratio(m["p50_ms"], p["ours"]["p50_ms"])
        rows.add("bm25s p50 / ours pure BM25 p50", f"{ratio:.1f}x" if ratio else "n/a")
        rows.add("bm25s top-10 agreement with ours", _num(m["agreement_with_ours"], ".4f"))
    elif m:
        rows.add("bm25s", m.get("error", "n/a"))


def _rank_bm25(rows: _Rows, p: dict) -> None:
    k = p["rank_bm25"]
    rows.add(f"rank-bm25 get_scores p50 ({k['n']} queries)", _ms(k["p50_ms"]))
    rows.add("rank-bm25 build", f"{k['build_seconds']:.2f} s")
    ratio = _ratio(k["p50_ms"], p["ours"]["p50_ms"])
    rows.add("rank-bm25 p50 / ours pure BM25 p50", f"{ratio:.0f}x" if ratio else "n/a")
    a = p["agreement"]
    if a["mean_overlap"] is not None:
        name = "top-10 agreement with rank-bm25"
        rows.add(
            name,
            f"{a['mean_overlap']:.4f} mean, {a['min_overlap']:.2f} min ({a['queries']} queries)",
            name,
            a["mean_overlap"],
        )


def _peers(rows: _Rows, r: dict) -> None:
    p = r.get("peers")
    if not p or "ours" not in p:
        if p:
            rows.add("peers", p.get("error", "n/a"))
        return
    rows.add(
        "peers: passages / tokens / queries",
        f"{p['passages']} / {p['tokens']} / {p['queries']} ({p['mean_query_terms']:.1f} terms each)",
    )
    rows.add(
        f"ours, pure BM25 top-10 ({p['ours']['api']}) p50 / p95",
        f"{_ms(p['ours']['p50_ms'])} / {_ms(p['ours']['p95_ms'])}",
    )
    differ = p["ours"].get("search_differs_from_scores_top_k")
    if differ:
        name = "search() != scores() + top_k()"
        rows.add(name, f"{differ} queries", name, differ)
    _tantivy(rows, p, r.get("serve", {}))
    _bm25s(rows, p)
    _rank_bm25(rows, p)


def table(r: dict, phases: list[str]) -> list[Row]:
    """(metric, value, target, ok) rows; ok is "yes", "NO" or ""."""
    rows = _Rows()
    _setup(rows, r)
    _build_and_load(rows, r)
    _serve(rows, r.get("serve", {}))
    _incremental(rows, r)
    _peers(rows, r)
    e = r.get("quality")
    if e and "hit1" in e:
        rows.add(
            "quality (sample corpus, ask_dev)",
            f"hit@1 {e['hit1']:.3f}, hit@3 {e['hit3']:.3f}, "
            f"declined {e['declined']}/{e['unanswerable']} ({e['answerable']} answerable)",
        )
    elif e:
        rows.add("quality", e.get("error", "n/a"))
    for name in phases:
        if "error" in r.get(name, {}):
            rows.add(f"phase {name}", f"FAILED: {r[name]['error']} (see stderr)")
    rows.add("benchmark wall time", f"{r['total_seconds']:.0f} s")
    return list(rows)


def render(rows: list[Row]) -> str:
    head = ("metric", "value", "target", "ok")
    widths = [max(len(x[i]) for x in [head, *rows]) for i in range(4)]
    fmt = " | ".join(f"{{:<{w}}}" for w in widths)
    lines = [fmt.format(*head), "-+-".join("-" * w for w in widths)]
    lines += [fmt.format(*x) for x in rows]
    return "\n".join(line.rstrip() for line in lines)
