"""A quote whose text, as a reader sees it, another quote already shown holds is not shown
again: a command documented under two names ("docker run" and "docker container run")
keeps the same section in two files, one with its options linked and its table padded
otherwise, and the second copy took a place another page's answer needed."""

from __future__ import annotations

from bot.answer import Answerer
from bot.index import index_documents
from bot.sections import Document, parse_markdown

SECTION = """## Restart policies

Use the `--restart` flag to choose what happens when the container exits. With
`on-failure`, the daemon restarts the container only when it exits with a non-zero
status, waiting a little longer before each restart.
"""


# the other name's page: the same text, its options linked and its table padded wider
LINKED = SECTION.replace("`--restart`", "[`--restart`](#restart)") + (
    "\n| Option | Type |\n|:--|:--|\n| `--restart` | `string` |\n"
)
PADDED = SECTION + (
    "\n| Option        | Type     |\n|:--------------|:---------|\n| `--restart`   | `string` |\n"
)


def _pages() -> list[Document]:
    pages = [
        parse_markdown(f"# {name}\n\nCreate and run a new container.\n\n{text}", path)
        for name, path, text in (
            ("run", "run.md", PADDED),
            ("container run", "container_run.md", LINKED),
        )
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
    assert sum("non-zero status" in t for t in texts) == 1, texts
    assert any(h.passage.source == "restart.md" for h in answer.results)
