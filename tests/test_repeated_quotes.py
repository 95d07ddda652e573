"""A quote whose text another quote already shown holds is not shown again: a command
documented under two names ("docker run" and "docker container run") keeps the same
section in two files, and the second copy took a place another page's answer needed."""

from __future__ import annotations

from bot.answer import Answerer
from bot.index import index_documents
from bot.sections import Document, parse_markdown

SECTION = """## Restart policies

Use the `--restart` flag to choose what happens when the container exits. With
`on-failure`, the daemon restarts the container only when it exits with a non-zero
status, waiting a little longer before each restart.
"""


def _pages() -> list[Document]:
    pages = [
        parse_markdown(f"# {name}\n\nCreate and run a new container.\n\n{SECTION}", path)
        for name, path in (("run", "run.md"), ("container run", "container_run.md"))
    ]
    pages.append(
        parse_markdown(
            "# restart\n\n## Policies\n\nThe `restart` command restarts a container; "
            "its policy on failure stays as it was set.\n",
            "restart.md",
        )
    )
    filler = [
        parse_markdown(f"# Topic {n}\n\nA page about subject number {n}.\n", f"t/t{n}.md")
        for n in range(30)
    ]
    return pages + filler


def test_a_section_copied_into_another_file_is_quoted_once():
    answer = Answerer(index_documents(_pages())).ask("restart policy on failure of a container")
    assert answer.answered
    texts = [" ".join(h.text.split()) for h in answer.results]
    assert sum("non-zero status" in t for t in texts) == 1
    assert any(h.passage.source == "restart.md" for h in answer.results)
    for a, t in enumerate(texts):
        assert not any(t in u for b, u in enumerate(texts) if a != b)
