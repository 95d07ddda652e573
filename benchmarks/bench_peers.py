"""The peers phase: ours (pure BM25), tantivy, bm25s and rank-bm25 on the same tokens.

Every engine searches the same passages (``bot.index.bm25_tokens`` of each indexed passage)
with the same queries (the held-out headings' tokens that the index knows); see the module
docstring of ``bench.py`` for what each engine is given and how agreement is counted.
"""

from __future__ import annotations

import time
from pathlib import Path

from bench_corpus import query_terms, read_queries
from bench_measure import latency, log, peak_mb, version

TOP = 10


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


def _unit(terms: list[str]) -> list[tuple[list[str], float]]:
    """One-term, unit-weight clauses: pure BM25 through the index's own search."""
    return [([term], 1.0) for term in terms]


class _Peers:
    """The passages' tokens and the queries that every engine of the peers phase runs."""

    def __init__(self, index, docs: list[list[str]], warmup: list[list[str]], queries):
        self.index, self.docs, self.warmup, self.queries = index, docs, warmup, queries

    def timed(self, fn, queries: list[list[str]] | None = None) -> list[float]:
        """Seconds per query of ``fn``, after the warm-up queries."""
        for q in self.warmup:
            fn(q)
        times = []
        for q in self.queries if queries is None else queries:
            t = time.perf_counter()
            fn(q)
            times.append(time.perf_counter() - t)
        return times

    def ours(self, terms: list[str]) -> list[int]:
        return self.index.search(_unit(terms), TOP)[0]

    def ours_by_scores(self, terms: list[str]) -> list[int]:
        return self.index.top_k(self.index.scores(_unit(terms)), TOP)


def _tantivy_searcher(docs: list[list[str]]):
    """A RAM tantivy index of the tokens joined by spaces: its schema and searcher."""
    import tantivy

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
    return schema, tindex.searcher()


def _peer_tantivy(run: _Peers) -> dict:
    try:
        import tantivy
    except ImportError:
        return {"error": "not installed (pip install 'tantivy>=0.22')"}
    t = time.perf_counter()
    schema, searcher = _tantivy_searcher(run.docs)
    build_s = time.perf_counter() - t
    should = tantivy.Occur.Should

    def search(terms: list[str]):
        q = tantivy.Query.boolean_query(
            [
                (should, tantivy.Query.term_query(schema, "body", term, index_option="freq"))
                for term in terms
            ]
        )
        return searcher.search(q, TOP, count=False).hits

    out = {
        **latency(run.timed(search)),
        "build_seconds": build_s,
        "segments": searcher.num_segments,
        "version": version("tantivy"),
    }
    log(f"  tantivy p50 {out['p50_ms']:.3f} ms, build {build_s:.1f} s")
    return out


def _peer_bm25s(run: _Peers) -> dict:
    try:
        import bm25s
    except ImportError:
        return {"error": "not installed (pip install 'bm25s>=0.2')"}
    t = time.perf_counter()
    retriever = bm25s.BM25()  # k1=1.5, b=0.75, method="lucene", numpy backend
    retriever.index(run.docs, show_progress=False)
    build_s = time.perf_counter() - t

    def search(terms: list[str]):
        return retriever.retrieve([terms], k=TOP, show_progress=False, n_threads=0)

    times = run.timed(search)
    agree = [
        _agree([int(d) for d in search(terms).documents[0]], run.index.scores(_unit(terms)))
        for terms in run.queries
    ]
    out = {
        **latency(times),
        "build_seconds": build_s,
        "method": retriever.method,
        "backend": retriever.backend,
        "agreement_with_ours": sum(agree) / len(agree) if agree else None,
        "version": version("bm25s"),
    }
    log(f"  bm25s p50 {out['p50_ms']:.3f} ms, build {build_s:.1f} s")
    return out


def _peer_rank_bm25(run: _Peers, n_queries: int) -> tuple[dict, dict]:
    """rank-bm25 (the reference) on the first ``n_queries``, and our agreement with it."""
    import numpy as np

    from bot.index import LuceneBM25

    t = time.perf_counter()
    ref = LuceneBM25(run.docs)
    build_s = time.perf_counter() - t
    times, overlaps, worst = [], [], []
    for terms in run.queries[:n_queries]:
        t = time.perf_counter()
        scores = ref.get_scores(terms)
        times.append(time.perf_counter() - t)
        overlaps.append(_agree(run.ours_by_scores(terms), np.asarray(scores)))
        if overlaps[-1] < 1:
            worst.append({"terms": terms, "overlap": overlaps[-1]})
    out = {**latency(times), "build_seconds": build_s, "version": version("rank-bm25")}
    agreement = {
        "queries": len(overlaps),
        "mean_overlap": sum(overlaps) / len(overlaps) if overlaps else None,
        "min_overlap": min(overlaps, default=None),
        "disagreeing": worst[:5],
    }
    log(f"  rank-bm25 p50 {out['p50_ms']:.1f} ms, build {build_s:.1f} s")
    return out, agreement


def phase_peers(work: Path, args) -> dict:
    """Ours (pure BM25), tantivy, bm25s and rank-bm25 on the same passages and tokens."""
    from bot.index import IndexFolder, bm25_tokens

    index = IndexFolder(work / "index").load()
    warmup, timed = read_queries(work)
    t = time.perf_counter()
    docs = [bm25_tokens(index.passage(i)) for i in range(index.n_passages)]
    tokenize_s = time.perf_counter() - t
    queries = [q for q in (query_terms(index, x) for x in timed) if q]
    run = _Peers(index, docs, [q for q in (query_terms(index, x) for x in warmup) if q], queries)
    out: dict = {
        "passages": len(docs),
        "tokens": sum(map(len, docs)),
        "tokenize_seconds": tokenize_s,
        "queries": len(queries),
        "queries_without_known_terms": len(timed) - len(queries),
        "mean_query_terms": sum(map(len, queries)) / max(len(queries), 1),
        "ours": {**latency(run.timed(run.ours)), "api": "SearchIndex.search"},
    }
    log(
        f"  ours (pure BM25) p50 {out['ours']['p50_ms']:.3f} ms; tokenizing passages took {tokenize_s:.1f} s"
    )
    out["tantivy"] = _peer_tantivy(run)
    out["bm25s"] = _peer_bm25s(run)
    out["rank_bm25"], out["agreement"] = _peer_rank_bm25(run, args.rank_bm25_queries)
    # the fast path must rank exactly like scores + top_k over every score
    out["ours"]["search_differs_from_scores_top_k"] = sum(
        run.ours(terms) != run.ours_by_scores(terms) for terms in queries
    )
    out["peak_mb"] = peak_mb()
    return out
