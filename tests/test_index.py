import json
import random
import re
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from conftest import SAMPLE_CORPUS
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.answer import Answerer
from bot.index import (
    IndexFolder,
    IndexLoadError,
    JsonlStore,
    LuceneBM25,
    SearchIndex,
    bm25_tokens,
    build,
    index_documents,
    open_index,
)
from bot.index.scoring import clause_rows
from bot.salary import SalaryFact, extract_salaries
from bot.sections import CorpusError, parse_file, parse_markdown


def _docs(*texts):
    return [parse_markdown(t, f"d{i}.md") for i, t in enumerate(texts)]


def _assert_equal_to_rank_bm25(
    score, documents, seed, queries=50, tolerance=1e-5, b=0.75, typical_length=None
):
    """``score(clauses)`` equals rank-bm25's scores over ``documents`` for random queries,
    with lengths measured against ``typical_length`` instead of the mean when given."""
    oracle = LuceneBM25(documents, b=b)
    if typical_length is not None:
        oracle.avgdl = typical_length
    rng = random.Random(seed)
    vocab = sorted({t for doc in documents for t in doc})
    for _ in range(queries):
        query = rng.sample(vocab, rng.randint(1, 5))
        ours = score([([t], 1.0) for t in query])
        assert np.allclose(ours, oracle.get_scores(query), rtol=tolerance, atol=tolerance), query


def test_scores_equal_rank_bm25_get_scores(sample_index):
    corpus = [bm25_tokens(sample_index.passage(i)) for i in range(sample_index.n_passages)]
    _assert_equal_to_rank_bm25(sample_index.scores, corpus, seed=7)


def test_a_files_passages_score_as_in_the_whole_index(sample_index):
    """The impacts read from one file's slice of the postings are the passages' scores
    in the whole index, clause by clause (a synonym group counts its best term)."""
    rng = random.Random(3)
    vocab = list(sample_index.vocab)
    for file in range(len(sample_index.file_starts)):
        lo, hi = sample_index.passage_range(file)
        clauses = [([t], 1.0) for t in rng.sample(vocab, 3)] + [(rng.sample(vocab, 2), 1.0)]
        rows = sample_index.clause_impacts(clauses, lo, hi)
        for clause, row in zip(clauses, rows):
            assert np.allclose(row, sample_index.scores([clause])[lo:hi]), clause
    assert sample_index.passage_range(len(sample_index.file_starts) - 1)[1] == (
        sample_index.n_passages
    )


def test_a_files_passages_are_read_without_copying_a_long_posting_list():
    """Scoring one page's passages (the page lift) finds its slice of each posting list by
    bisection in the list as stored: a common word's list of two million passages is not
    copied for it (searched for bounds of another integer type, it was, 16 MB here)."""
    n = 2_000_000
    ids = np.arange(0, 2 * n, 2, dtype=np.int32)  # every other passage holds the word
    impacts = np.ones(n, dtype=np.float32)
    ptr = np.array([0, n], dtype=np.int64)
    tracemalloc.start()
    try:
        (row,) = clause_rows(1000, 1010, ptr, ids, impacts, [(["word"], 1.0)], {"word": 0})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert row.tolist() == [1.0, 0.0] * 5
    assert peak < 1_000_000


def test_file_scores_equal_rank_bm25_over_whole_files(tmp_path):
    """A file is scored as one document holding every token of its passages, its length
    measured against the median file's."""
    from conftest import FIXTURE_DOCS

    from bot.index.impacts import FILE_B

    index, _ = build(FIXTURE_DOCS, tmp_path / "index")
    starts = list(index.file_starts) + [index.n_passages]
    files = [
        [t for d in range(a, b) for t in bm25_tokens(index.passage(d))]
        for a, b in zip(starts, starts[1:])
    ]
    assert len(files) == len(list(FIXTURE_DOCS.glob("*.md")))
    median = float(np.median([len(f) for f in files]))
    assert median < sum(len(f) for f in files) / len(files)  # the two differ here
    _assert_equal_to_rank_bm25(
        index.file_scores,
        files,
        seed=11,
        queries=40,
        tolerance=1e-4,
        b=FILE_B,
        typical_length=median,
    )
    # a passage's file is the one whose range holds it
    for f, (a, b) in enumerate(zip(starts, starts[1:])):
        assert set(index.files_of(np.arange(a, b)).tolist()) == {f}


def test_a_page_that_names_a_word_throughout_outscores_one_naming_it_once():
    """Beside a huge reference page, two short pages are shorter than the mean file: were
    lengths measured against it, a word would count nearly once on each. Against the
    median, the tool's own page scores clearly more for its name than a page that names
    it in passing."""
    huge = "# Reference\n\n" + "\n\n".join(
        f"## Member {i}\n\nThe member number {i} sets option {i} of the widget class."
        for i in range(300)
    )
    tool = (
        "# xdotool\n\nSimulate keyboard input with xdotool.\n\n"
        "- Type text: `xdotool type hello`\n- Press a key with xdotool: `xdotool key Return`\n"
        "- Move the mouse with xdotool: `xdotool mousemove 10 10`\n"
    )
    other = (
        "# wtype\n\nType text in Wayland, a keystroke at a time, like xdotool does in X11.\n\n"
        "- Type text with a delay between keystrokes: `wtype -d 100 hello`\n"
    )
    index = index_documents(_docs(huge, tool, other), {})
    scores = index.file_scores([(["xdotool"], 1.0)])
    assert scores[1] > 1.5 * scores[2]


def test_half_the_documents_term_still_scores():
    # rank-bm25's BM25Okapi gives a term found in exactly half of the documents an IDF of 0
    index = index_documents(_docs("# A\nalpha beta", "# B\nalpha gamma"), {})
    scores = index.scores([(["alpha"], 1.0)])
    assert (scores > 0).all()


def test_tiny_corpus_does_not_score_all_zero():
    index = index_documents(_docs("# One\nkubernetes operators"), {})
    assert index.scores([(["kubernet"], 1.0)])[0] > 0


def test_empty_corpus_is_a_clear_error(tmp_path):
    (tmp_path / "c").mkdir()
    with pytest.raises(CorpusError, match="empty"):
        build(tmp_path / "c", tmp_path / "i")


def test_top_k_orders_by_score_then_position_and_skips_zeros():
    scores = np.array([0, 2, 5, 2, 0, 5, 1], dtype=np.float32)
    assert SearchIndex.top_k(scores, 4) == [2, 5, 1, 3]
    assert SearchIndex.top_k(np.zeros(5, np.float32), 3) == []


def test_save_load_round_trip(tmp_path):
    """Parse → write → load gives back the same passages, scores and salary facts."""
    doc = parse_file(SAMPLE_CORPUS / "linux_python.md", SAMPLE_CORPUS)
    build(SAMPLE_CORPUS, tmp_path)
    loaded = SearchIndex.load(IndexFolder(tmp_path).current())
    assert [loaded.passage(i) for i in range(loaded.n_passages)] == doc.passages
    assert [loaded.section(i) for i in range(loaded.n_sections)] == doc.sections
    oracle = LuceneBM25([bm25_tokens(p) for p in doc.passages])
    for query in (["devop"], ["salari", "mlop", "senior"], ["¤money", "certif"]):
        assert np.allclose(
            loaded.scores([([t], 1.0) for t in query]),
            oracle.get_scores(query),
            rtol=1e-5,
            atol=1e-5,
        )
    assert [SalaryFact.from_dict(f) for f in loaded.salaries] == extract_salaries(doc)


class _Planted:
    """Unpickling one creates a file: the proof that a pickle in an index ran."""

    def __init__(self, path: Path):
        self.path = path

    def __reduce__(self):
        return (Path.touch, (self.path,))


@pytest.mark.parametrize("name", ["docs.npy", "passages.offsets.npy"])
def test_loading_an_index_never_unpickles(tmp_path, corpus_copy, caplog, name):
    """A generation whose .npy holds a pickle (Python objects) is refused, naming the file,
    and the pickle never runs: the loader reads arrays with allow_pickle=False."""
    index_dir = tmp_path / "index"
    build(corpus_copy, index_dir)
    gen = IndexFolder(index_dir).current()
    ran = tmp_path / "the-pickle-ran"
    np.save(gen / name, np.array([_Planted(ran)], dtype=object), allow_pickle=True)
    meta = json.loads((gen / "meta.json").read_text())
    meta["sizes"][name] = (gen / name).stat().st_size  # only the pickle can give it away
    (gen / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(IndexLoadError, match=re.escape(name)):
        IndexFolder(index_dir).load()
    caplog.set_level("INFO")
    rebuilt = open_index(corpus_copy, index_dir)
    assert "the index could not be loaded" in caplog.text and rebuilt.generation != gen.name
    assert not ran.exists()


def test_missing_corrupt_stale_and_old_schema_are_rebuilt(corpus_copy, tmp_path, caplog):
    index_dir = tmp_path / "index"
    caplog.set_level("INFO")
    first = open_index(corpus_copy, index_dir)
    assert "building the index" in caplog.text and "none built yet" in caplog.text
    caplog.clear()
    assert open_index(corpus_copy, index_dir).meta["fingerprint"] == first.meta["fingerprint"]
    assert "rebuilding" not in caplog.text

    gen = IndexFolder(index_dir).current()
    (gen / "impacts.npy").write_bytes(b"garbage")
    open_index(corpus_copy, index_dir)
    assert "could not be loaded" in caplog.text

    caplog.clear()
    with (corpus_copy / "linux_python.md").open("a") as fh:
        fh.write("\n## Brand new\nZebra crossings everywhere.\n")
    fresh = open_index(corpus_copy, index_dir)
    assert "stale" in caplog.text and "linux_python.md changed" in caplog.text
    assert fresh.meta["fingerprint"] != first.meta["fingerprint"]

    caplog.clear()
    gen = IndexFolder(index_dir).current()
    meta = json.loads((gen / "meta.json").read_text())
    meta["schema"] = 0
    (gen / "meta.json").write_text(json.dumps(meta))
    open_index(corpus_copy, index_dir)
    assert "schema 0" in caplog.text


def test_only_one_generation_is_kept(corpus_copy, tmp_path):
    for _ in range(3):
        build(corpus_copy, tmp_path / "index")
    gens = [p.name for p in (tmp_path / "index").iterdir() if p.name.startswith("gen-")]
    assert len(gens) == 1
    assert IndexFolder(tmp_path / "index").current().name == gens[0]


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 30), st.integers(1, 4))
def test_top_k_among_candidates_equals_top_k_of_all_scores(seed, k, clauses):
    rng = np.random.default_rng(seed)
    n = 60_000
    # like posting lists: each holds distinct passages; lists overlap one another
    touched = [np.unique(rng.integers(0, n, rng.integers(1, 30_000))) for _ in range(clauses)]
    scores = np.zeros(n, dtype=np.float32)
    for docs in touched:  # coarse values, so that ties happen
        scores[docs] += rng.integers(1, 20, len(docs)).astype(np.float32)
    assert SearchIndex.top_k(scores, k, touched) == SearchIndex.top_k(scores, k)
    ceilings = [19.0] * len(touched)  # the most one list adds
    assert SearchIndex.top_k(scores, k, touched, ceilings) == SearchIndex.top_k(scores, k)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 30), st.integers(2, 5))
def test_top_k_skipping_common_words_equals_top_k_of_all_scores(seed, k, clauses):
    rng = np.random.default_rng(seed)
    n = 60_000
    # long lists add little (common words), short ones much (rare words), as BM25 does
    sizes = rng.integers(1, 30_000, clauses)
    touched = [np.unique(rng.integers(0, n, size)) for size in sizes]
    ceilings = [float(max(1, 300_000 // int(size))) for size in sizes]
    scores = np.zeros(n, dtype=np.float32)
    for docs, most in zip(touched, ceilings):
        scores[docs] += rng.integers(1, int(most) + 1, len(docs)).astype(np.float32)
    assert SearchIndex.top_k(scores, k, touched, ceilings) == SearchIndex.top_k(scores, k)


def test_search_more_equals_searching_every_clause(sample_index):
    """Feedback words added to a question already searched: adding up only the new clauses
    onto the first scores gives the same passages and the same scores to the last bit."""
    rng = random.Random(5)
    vocab = sorted(sample_index.term_ids)
    for _ in range(60):
        clauses = [
            (rng.sample(vocab, rng.choice([1, 1, 2])), rng.choice([1.0, 0.5, 0.2, 0.137]))
            for _ in range(rng.randint(1, 5))
        ]
        split = rng.randint(1, len(clauses))
        done, more = clauses[:split], clauses[split:]
        _, first = sample_index.search(done, 20)
        top, scores = sample_index.search_more(first, done, more, 20)
        expected_top, expected = sample_index.search(clauses, 20)
        assert top == expected_top
        assert np.array_equal(scores, expected)
        assert scores is first  # added onto, not copied


def test_html_in_the_prose_is_indexed_as_the_page_shows_it(tmp_path):
    """A command reference generated as HTML inside the Markdown (Cargo's options, a
    <dl> per section) holds its tags' names and attributes in every entry: no reader sees
    them, and a question on CSS class names must not find the options list by them. The
    words the page shows are indexed, "<code>--exclude</code>" among them; a code block
    of HTML keeps its tags as its words."""
    option = (
        '<dt class="option-term" id="option-build---{0}"><a class="option-anchor" '
        'href="#option-build---{0}"><code>--{0}</code></a></dt>\n'
        '<dd class="option-desc"><p>Build with {0} set.</p>\n</dd>\n\n'
    )
    options = "# build\n\n## Options\n\n<dl>\n\n" + "".join(
        option.format(name) for name in ("release", "offline", "locked", "frozen", "exclude")
    )
    styles = (
        "# Style guide\n\n## Naming\n\nName a CSS class for what the element is. A class "
        "name in kebab case reads best; avoid naming it after a colour.\n\n"
        '## Markup\n\n```html\n<div class="card">Hi</div>\n```\n'
    )
    doc = parse_markdown(options, "build.md")
    words = {t for p in doc.passages for t in bm25_tokens(p)}
    assert {"exclud", "releas", "offlin"} <= words
    assert not words & {"class", "option-term", "option-anchor", "href", "dt", "dd", "p"}
    markup = [p for p in parse_markdown(styles, "style.md").passages if "<div" in p.text]
    assert {"class", "div"} <= set(bm25_tokens(markup[0]))
    index = index_documents(_docs(options, styles, "# Other\n\nNothing about it."), {})
    answer = Answerer(index).ask("what should I call a css class?")
    assert answer.results[0].passage.heading_path == ("Style guide", "Naming")
    assert all(h.passage.source != "d0.md" for h in answer.results)


def test_a_record_reads_as_the_json_module_reads_it():
    """Records are read by pydantic-core's parser; what it refuses (a lone surrogate's
    escape) the json module reads, and what both refuse raises."""
    records = [
        {"text": 'café\n\t"quoted" \\ ✓', "line_start": 3, "links": [["a", "b"]]},
        {"text": "half a pair: \ud800", "heading_path": []},
    ]
    lines = [json.dumps(r).encode() + b"\n" for r in records] + [b"{not json}\n"]
    offsets = np.cumsum([0] + [len(line) for line in lines])
    store = JsonlStore(Path("t.jsonl"), offsets, b"".join(lines))
    assert [store[0], store[1]] == records
    with pytest.raises(ValueError):
        store[2]
