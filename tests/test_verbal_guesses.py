"""A word that only tells how a question is asked searches for nothing it was guessed to be."""

from bot.answer import Answerer
from bot.index import build


def _answerer(tmp_path, pages: dict[str, str]) -> Answerer:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in pages.items():
        (corpus / name).write_text(text, "utf-8")
    index, _ = build(corpus, tmp_path / "index")
    return Answerer(index)


_PAGES = {
    "reading.md": "# Literature\n\nThe team keeps a literature list on design.\n",
    "observability.md": (
        "# Observability\n\n## Pitfalls\n\nDon't monitor every part of a system at once: "
        "start with the services users depend on, then add dashboards.\n"
    ),
}


def test_an_adverb_the_corpus_lacks_does_not_search_the_words_it_starts(tmp_path):
    # "literally" is no word of these pages; "literature" starts like it, and searched at
    # full weight it found the reading list for a question about monitoring
    answerer = _answerer(tmp_path, _PAGES)
    answer = answerer.ask("should we monitor literally every system?")
    assert answer.answered
    assert [hit.passage.source for hit in answer.results] == ["observability.md"]
