"""A file's folder as evidence: where the question's words are common, its files lean ahead."""

from __future__ import annotations

import numpy as np
import pytest

from bot.answer import Answerer
from bot.index import index_documents
from bot.index.scoring import folder_lift, folder_runs
from bot.query import analyze
from bot.sections import Document, parse_markdown

SAME_PAGE = (
    "# watch-files\n\n> Show which process opens a file.\n\n"
    "- Show the process that opens a file:\n\n`watch-files {{path/to/file}}`\n"
)


def _page(folder: str, name: str, what: str) -> Document:
    text = f"# {name}\n\n> {what}.\n\n- {what}:\n\n`{name}`\n"
    return parse_markdown(text, f"{folder}/{name}.md" if folder else f"{name}.md")


def platforms() -> list[Document]:
    """One tool's page, word for word the same, for two platforms, in their folders: the
    other pages of each folder name their platform, the page itself never does."""
    docs = [parse_markdown(SAME_PAGE, f"pages/{p}/watch-files.md") for p in ("linux", "osx")]
    for n, what in enumerate(["Open a file in an app", "Show system logs", "Mount disk images"]):
        docs.append(_page("pages/osx", f"mac-tool{n}", f"{what} on macOS"))
        docs.append(_page("pages/linux", f"linux-tool{n}", f"{what} on Linux"))
    docs += [_page("pages/common", f"tool{n}", f"Tool number {n} of many") for n in range(30)]
    return docs


def test_the_platform_the_question_names_goes_first():
    """The same page in `pages/linux/` and `pages/osx/` ties on every word of the question
    but the platform; the folder where that word is common decides, either way round."""
    answerer = Answerer(index_documents(platforms()))
    for platform, folder in (("macOS", "osx"), ("Linux", "linux")):
        answer = answerer.ask(f"on {platform}, which process opens a file?")
        assert answer.answered
        assert answer.results[0].passage.source == f"pages/{folder}/watch-files.md"


def test_one_folder_leans_nowhere():
    """A corpus in one folder has no folder evidence: the same answers as without it."""
    docs = [parse_markdown(SAME_PAGE, "watch-files.md"), _page("", "other", "Show logs")]
    index = index_documents(docs)
    query = analyze("which process opens a file?", Answerer(index).vocab, [])
    assert index.folder_scores(query.own_clauses, np.array([0, 1])) is None


def test_a_folder_leans_by_its_share_not_by_one_file():
    """A word in 8 of a folder's 10 files stands out; one file of 10 using a word that 1 in
    20 files of the corpus uses does not, and neither does a file alone in its folder
    using a word no other file uses."""
    # folders: 0 has files 0-9, 1 has files 10-98, 2 has file 99 alone
    folder_of = np.array([0] * 10 + [1] * 89 + [2])
    sizes = np.bincount(folder_of)

    def lift(*holding: int) -> np.ndarray:
        return folder_lift(folder_of, sizes, np.array(holding), prior=5.0, floor=2.0)

    common = lift(*range(8))
    # (8 - 1 + 5 * 0.08) / (10 + 5) / 0.08 = 6.17 times the corpus's rate, log(6.17 / 2)
    assert common[0] == pytest.approx(np.log((7 + 5 * 0.08) / 15 / 0.08 / 2))
    assert common[1] == common[2] == 0.0
    assert lift(0, 10, 11, 12, 13).max() == 0.0
    assert lift(99).max() == 0.0


def test_a_folder_whose_files_are_not_in_a_row_is_counted_whole():
    """Files are counted run by run (folder_runs): folder 0's files stand in three runs,
    a subfolder's files between them, and all four that hold the word count."""
    folder_of = np.array([0, 0, 1, 1, 0, 2, 2, 0])
    sizes = np.bincount(folder_of)
    assert [r.tolist() for r in folder_runs(folder_of)] == [[0, 2, 4, 5, 7, 8], [0, 1, 0, 2, 0]]
    lift = folder_lift(folder_of, sizes, np.array([0, 1, 4, 7], dtype=np.int32), 1.0, 1.0)
    # c = 4 of folder 0's 4 files, in half the corpus's files: (4 - 1 + 0.5) / 5 / 0.5
    assert lift.tolist() == [np.log((4 - 1 + 0.5) / 5 / 0.5), 0.0, 0.0]
