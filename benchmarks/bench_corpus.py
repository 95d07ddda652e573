"""The benchmark's corpus: a synthetic Markdown corpus, and the held-out queries.

:func:`generate_corpus` writes a reproducible corpus of Markdown files from a seeded,
Zipf-distributed vocabulary; :func:`prepare` picks the files held out for queries and lays
out the indexed corpus as hard links (see the docstring of ``bench.py``).
"""

from __future__ import annotations

import json
import os
import random
import shutil
from collections import Counter
from pathlib import Path

from bench_measure import log

WARMUP = 10


# ------------------------------------------------------------------------------ generated corpus

ENGLISH = """
access account action adapter address admin agent alert algorithm alias allocate api app
apply archive argument array asset attach audit auth backend backup balance batch binary
bind block branch bridge browser buffer build bundle cache calendar call cancel capacity
catalog certificate change channel check checksum client cloud cluster code collect column
command comment commit compile component compress config connect consumer container context
control cookie copy core count crash create credential cron cursor dashboard data database
deadline debug decode default delete dependency deploy device diff digest directory disk
dispatch domain download draft driver dump edit email embed enable encode encrypt endpoint
engine entry environment error escalate event export extension failover feature feed fetch
field file filter firewall flag fleet folder fork format frame function gateway graph group
handler hash header health heap host hotfix image import incident index input install
instance interface invoice job journal key kernel label latency layer lease library license
limit link list listener load local lock log login manager manifest map memory merge message
metric migrate mirror mode model module monitor mount name namespace network node notify
object offset onboarding option order output owner package page parameter parser partition
password patch path payload payment peer permission pipeline platform plugin policy poll
pool port portal preview priority process profile project prompt protocol provider proxy
publish query queue quota rate record recovery redirect region registry release remote
render replica report repository request reset resource response restore retry review
revision role rollback rotate route router rule runtime sample sandbox scale scan schedule
schema scope script search secret security segment sensor server service session setting
shard shell signal signature snapshot socket source sprint stack staging storage stream
subnet subscription support switch sync system table tag target task template tenant
terminal test thread ticket timeout token topic trace traffic transaction trigger tunnel
type update upgrade upload user validate value variable vendor version view volume vote
warning webhook widget window worker workflow workspace zone
""".split()  # noqa: SIM905 (a word list)
FUNCTION_WORDS = """
the a an of to and in is for with on by this that as be can are or from it you when
""".split()  # noqa: SIM905 (a word list)
ONSETS = """
b c d f g h j k l m n p r s t v w z br cl dr fl gr kr pl pr sk st tr
""".split()  # noqa: SIM905 (a word list)
VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou", "ei"]
CODAS = ["", "", "n", "r", "s", "l", "x", "th", "m", "k"]  # "" is no coda


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


# ------------------------------------------------------------------------------ held-out queries


def _hold_out(
    source: Path, order: list[str], wanted: int, limit: int
) -> tuple[set[str], list[str]]:
    """Files taken in ``order`` until their headings give ``wanted`` distinct queries of at
    least two content words (or ``limit`` files are held out): the files and the queries."""
    from bot.sections import parse_markdown, read_markdown
    from bot.text import tokenize

    headings: dict[str, None] = {}
    held: set[str] = set()
    for rel in order:
        if len(headings) >= wanted or len(held) >= limit:
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
    return held, list(headings)[:wanted]


def _lay_out(source: Path, corpus: Path, kept: list[str], edit: str) -> Counter[str]:
    """Hard links (else symlinks) to the kept files, and a real copy of ``edit``."""
    layout: Counter[str] = Counter()
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
    return layout


def prepare(source: Path, work: Path, n_queries: int, seed: int) -> dict:
    """Pick held-out files and their headings, and lay out the benchmark corpus as links."""
    from bot.index import scan

    sources = list(scan(source))
    order = sources[:]
    random.Random(seed).shuffle(order)
    wanted = n_queries + WARMUP
    held, queries = _hold_out(source, order, wanted, len(sources) // 2)
    if len(queries) < wanted:
        log(
            f"only {len(queries)} held-out headings (wanted {wanted}): too few files to hold out more"
        )
    kept = [s for s in sources if s not in held]
    edit = next(s for s in order if s not in held)  # seeded: the first kept file in the shuffle
    layout = _lay_out(source, work / "corpus", kept, edit)
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


def read_queries(work: Path) -> tuple[list[str], list[str]]:
    data = json.loads((work / "queries.json").read_text("utf-8"))
    return data["warmup"], data["timed"]


def query_terms(index, text: str) -> list[str]:
    """The query's tokens that the index knows, each once, in order."""
    from bot.text import tokenize

    return [t for t in dict.fromkeys(tokenize(text)) if t in index.term_ids]
