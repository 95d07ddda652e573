"""Build time, peak memory and index size for each pathological file of issue 11.

Each file is indexed alone, by ``python -m bot index`` in a fresh process, under a time
limit; peak memory is the child's maximum resident set size (the main process and its
parse workers are one process for a single file).

    python benchmarks/pathological.py [--timeout 120] [--only NAME]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def heading_120k() -> str:
    return "# " + "*a " * 40000 + "\n\nbody\n"


def table(columns: int) -> str:
    header = "|" + "|".join(f" c{i} " for i in range(columns)) + "|\n"
    delim = "|" + "|".join("---" for _ in range(columns)) + "|\n"
    row = "|" + "|".join(" x " for _ in range(columns)) + "|\n"
    return "# Wide\n\n" + header + delim + row


def heading_over_paragraphs() -> str:
    para = (
        "Paragraph {n} talks about deployment pipelines, rollbacks, on-call rotations and "
        "the cost of running clusters. "
    ) * 5
    body = "\n\n".join(para.format(n=n) for n in range(700))
    return "# " + "word " * 40000 + "\n\n" + body + "\n"


FILES = {
    "heading-120KB": heading_120k,
    "table-32k-columns": lambda: table(32_000),
    "table-100k-columns": lambda: table(100_000),
    "heading-200KB-700-paragraphs": heading_over_paragraphs,
}


def _index_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) if folder.exists() else 0


def measure(name: str, text: str, timeout: float) -> dict:
    work = Path(tempfile.mkdtemp(prefix="patho-"))
    result: dict = {"name": name, "kb": len(text.encode()) // 1024}
    try:
        corpus = work / "corpus"
        corpus.mkdir()
        (corpus / f"{name}.md").write_text(text, "utf-8")
        code = (
            "import resource, subprocess, sys\n"
            "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, p.returncode)\n"
            "sys.stderr.write(p.stdout[-400:] + p.stderr[-400:])\n"
        )
        started = time.perf_counter()
        try:
            out = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    code,
                    sys.executable,
                    "-m",
                    "bot",
                    "index",
                    "--corpus",
                    str(corpus),
                    "--index",
                    str(work / "index"),
                ],
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            none = dict.fromkeys(("seconds", "peak_mb", "index_mb"))
            return {**result, **none, "note": f"killed after {timeout:.0f} s"}
        seconds = time.perf_counter() - started
        rss_kb, rc = out.stdout.split()
        note = "" if rc == "0" else f"exit {rc}"
        if "skipped " in out.stderr:
            note = (note + " " + out.stderr[out.stderr.find("skipped ") :].splitlines()[0]).strip()
        return {
            **result,
            "seconds": seconds,
            "peak_mb": int(rss_kb) / 1024,
            "index_mb": _index_size(work / "index") / 1e6,
            "note": note,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--only")
    args = ap.parse_args()
    print("| file | size | build time | peak memory | index size | note |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, make in FILES.items():
        if args.only and args.only != name:
            continue
        r = measure(name, make(), args.timeout)

        def fmt(v, unit, d=1):
            return "—" if v is None else f"{v:.{d}f} {unit}"

        print(
            f"| {r['name']} | {r['kb']} KB | {fmt(r['seconds'], 's')} | {fmt(r['peak_mb'], 'MB', 0)} "
            f"| {fmt(r['index_mb'], 'MB', 2)} | {r['note']} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
