"""How the benchmark's phases measure: latency percentiles, peak memory, versions, logging."""

from __future__ import annotations

import resource
import sys


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def latency(values: list[float]) -> dict:
    """p50/p95/mean/max of per-query seconds, in milliseconds (numpy's linear percentiles)."""
    import numpy as np  # here, not at the top: the load phase times its own imports

    if not values:
        nan = float("nan")
        return {"n": 0, "p50_ms": nan, "p95_ms": nan, "mean_ms": nan, "max_ms": nan}
    ms = np.asarray(values) * 1000
    p50, p95 = np.percentile(ms, [50, 95])
    return {
        "n": len(ms),
        "p50_ms": float(p50),
        "p95_ms": float(p95),
        "mean_ms": float(ms.mean()),
        "max_ms": float(ms.max()),
    }


def peak_mb(children: bool = False) -> float:
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


def version(dist: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return None
