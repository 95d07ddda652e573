"""Writing one generation with the writer itself, not through a build: what it writes loads,
scores as rank-bm25 does, and files kept from a previous generation change nothing."""

import random

import numpy as np
import pytest
from conftest import FIXTURE_DOCS, SAMPLE_CORPUS

from bot.index import IndexWriter, LuceneBM25, ParsedFile, SearchIndex, bm25_tokens
from bot.index.format import ARRAYS
from bot.salary import SalaryFact, extract_salaries
from bot.sections import parse_file, parse_markdown


def _documents():
    paths = sorted(FIXTURE_DOCS.glob("*.md")) + [SAMPLE_CORPUS / "linux_python.md"]
    return [parse_file(p, p.parent) for p in paths]


def _write(folder, parts, prev=None, kept=None):
    """Write a generation of ``parts`` (ParsedFile, or the name of a file of ``prev`` to
    keep, with its ranges in ``kept``); returns it loaded, and each file's ranges in it."""
    folder.mkdir()
    writer = IndexWriter(folder, prev)
    ranges, n_sections = {}, 0
    for part in parts:
        if isinstance(part, str):
            p_range, s_range = kept[part]
            start = writer.keep(part, p_range, s_range)
            name, n_p, n_s = part, p_range[1] - p_range[0], s_range[1] - s_range[0]
        else:
            start = writer.add(part)
            name, n_p, n_s = part.source, len(part.passages), len(part.sections)
        ranges[name] = ([start, start + n_p], [n_sections, n_sections + n_s])
        n_sections += n_s
    meta = writer.finish({"corpus": "test"})
    index = SearchIndex.load(folder)
    assert meta["passages"] == index.n_passages and meta["sections"] == index.n_sections
    return index, ranges


def test_a_written_generation_loads_and_scores_like_rank_bm25(tmp_path):
    docs = _documents()
    index, ranges = _write(tmp_path / "gen", [ParsedFile.of(d) for d in docs])
    passages = [p for d in docs for p in d.passages]
    assert [index.passage(i) for i in range(index.n_passages)] == passages
    assert [index.section(i) for i in range(index.n_sections)] == [
        s for d in docs for s in d.sections
    ]
    assert [SalaryFact.from_dict(f) for f in index.salaries] == [
        f for d in docs for f in extract_salaries(d)
    ]
    assert list(index.file_starts) == [ranges[d.source][0][0] for d in docs]
    oracle = LuceneBM25([bm25_tokens(p) for p in passages])
    rng = random.Random(3)
    vocab = index.postings.vocab
    assert vocab == sorted(vocab)
    for _ in range(40):
        query = rng.sample(vocab, rng.randint(1, 4))
        ours = index.scores([([t], 1.0) for t in query])
        assert np.allclose(ours, oracle.get_scores(query), rtol=1e-5, atol=1e-5), query


@pytest.mark.parametrize("step", [None, 5], ids=["one-chunk", "chunks-of-5"])
def test_files_kept_from_a_previous_generation_equal_a_fresh_build(tmp_path, monkeypatch, step):
    if step:
        monkeypatch.setattr("bot.index.postings.STEP", step)
    first = [parse_markdown(t, f"{name}.md") for name, t in _TEXTS.items()]
    prev, ranges = _write(tmp_path / "prev", [ParsedFile.of(d) for d in first])
    changed = parse_markdown("# Beta\nbeta terraform notes, and helm charts\n", "b.md")
    added = parse_markdown("# Epsilon\n| role | pay |\n|---|---|\n| SRE | $100,000 |\n", "e.md")
    # a kept, b changed, c and d kept (neighbours: copied in one run), e new; f removed
    parts = ["a.md", ParsedFile.of(changed), "c.md", "d.md", ParsedFile.of(added)]
    kept, _ = _write(tmp_path / "kept", parts, prev, ranges)
    docs = [first[0], changed, first[2], first[3], added]
    fresh, _ = _write(tmp_path / "fresh", [ParsedFile.of(d) for d in docs])
    assert kept.postings.vocab == fresh.postings.vocab
    assert "gamma" not in kept.postings.vocab  # only the removed file had it
    for name in ARRAYS:
        assert np.array_equal(getattr(kept.postings, name), getattr(fresh.postings, name)), name
    assert [kept.passage(i) for i in range(kept.n_passages)] == [
        p for d in docs for p in d.passages
    ]
    assert [kept.section(i) for i in range(kept.n_sections)] == [
        fresh.section(i) for i in range(fresh.n_sections)
    ]
    assert kept.salaries == fresh.salaries and kept.salaries


def test_each_file_is_numbered_by_its_folder_when_kept_or_new(tmp_path):
    """Files are numbered by folder in corpus order, whether a file was parsed again or
    kept from the previous generation: the folder evidence of a reindex is a full build's."""
    names = ["dev/b.md", "ops/a.md", "ops/c.md"]
    first = [parse_markdown(f"# {n}\n{n} notes\n", n) for n in names]
    prev, ranges = _write(tmp_path / "prev", [ParsedFile.of(d) for d in first])
    assert prev.postings.file_folders.tolist() == [0, 1, 1]
    added = parse_markdown("# Epsilon\nepsilon notes\n", "ops/sub/e.md")
    parts = ["ops/a.md", "ops/c.md", ParsedFile.of(added)]
    kept, _ = _write(tmp_path / "kept", parts, prev, ranges)
    fresh, _ = _write(tmp_path / "fresh", [ParsedFile.of(d) for d in (*first[1:], added)])
    assert kept.postings.file_folders.tolist() == fresh.postings.file_folders.tolist() == [0, 0, 1]


_TEXTS = {
    "a": "# Alpha\nalpha kubernetes notes\n\n## Pay\nSenior SRE: $150,000 - $180,000\n",
    "b": "# Beta\nbeta terraform notes\n",
    "c": "# Charlie\nkubernetes and terraform, side by side\n",
    "d": "# Delta\ndelta linux python\n\n## More\nlinux kernels and python wheels\n",
    "f": "# Foxtrot\ngamma rays and kubernetes\n",
}


def test_the_stable_argsort_of_term_ids_is_numpys():
    from bot.index.postings import _stable_argsort

    rng = np.random.default_rng(1)
    for n in (0, 1, 2, 17, 5000):
        for high in (1, 7, 2**31 - 1):
            values = rng.integers(0, high, n).astype(np.int32)
            assert np.array_equal(_stable_argsort(values), np.argsort(values, kind="stable"))
