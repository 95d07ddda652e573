"""An umbrella page and the more specific page whose name extends its name."""

from __future__ import annotations

from bot.answer import Answerer
from bot.index import index_documents
from bot.sections import Document, parse_markdown

UMBRELLA = (
    "# docker container\n\n> Manage Docker containers.\n\n"
    "- List running containers:\n\n`docker container ls`\n\n"
    "- Start stopped containers:\n\n`docker container start {{name}}`\n\n"
    "- Kill running containers:\n\n`docker container kill {{name}}`\n\n"
    "- Stop running containers:\n\n`docker container stop {{name}}`\n"
)
SPECIFIC = (
    "# docker container stop\n\n> Stop one or more running containers.\n\n"
    "- Stop a container:\n\n`docker container stop {{name}}`\n\n"
    "- Stop a container, waiting some seconds before killing it:\n\n"
    "`docker container stop --timeout {{seconds}} {{name}}`\n"
)


def _filler() -> list[Document]:
    return [
        parse_markdown(
            f"# tool{n}\n\n> Tool number {n}.\n\n- Run it:\n\n`tool{n}`\n", f"t/tool{n}.md"
        )
        for n in range(30)
    ]


def _ask(specific_path: str) -> tuple[str, str]:
    docs = [
        parse_markdown(UMBRELLA, "pages/common/docker-container.md"),
        parse_markdown(SPECIFIC, specific_path),
        *_filler(),
    ]
    answer = Answerer(index_documents(docs)).ask(
        "docker stop: how long before it kills running containers?"
    )
    assert answer.answered
    return answer.results[0].passage.source, answer.results[0].text


def test_the_page_about_the_one_subcommand_goes_before_the_umbrella_page():
    """The umbrella page names the subcommand in one of its lines and scores as well as the
    subcommand's own page; the page whose name extends the umbrella's, in its folder, is
    the one about it and comes first."""
    source, text = _ask("pages/common/docker-container-stop.md")
    assert source == "pages/common/docker-container-stop.md"
    assert "--timeout" in text


def test_a_page_of_another_folder_is_no_sibling():
    """The same page in another folder, or under a name that does not extend the
    umbrella's, leaves the umbrella page first."""
    for path in ("pages/linux/docker-container-stop.md", "pages/common/stop-container.md"):
        assert _ask(path)[0] == "pages/common/docker-container.md"
