"""An umbrella page and the more specific page whose name extends its name, or any page
beside a folder's landing page."""

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


def _ask(
    specific_path: str, umbrella_path: str = "pages/common/docker-container.md"
) -> tuple[str, str]:
    docs = [
        parse_markdown(UMBRELLA, umbrella_path),
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


def test_a_page_beside_the_folders_landing_page_goes_before_it():
    """A folder's landing page (index.md, README.md, Hugo's _index.md) sums up the pages
    beside it: one of them that scores near it is the page about what is asked, whatever
    its name. A page of another folder is no page of the landing page's."""
    for landing in ("pages/common/index.md", "pages/common/README.md", "pages/common/_index.md"):
        source, text = _ask("pages/common/stop-container.md", landing)
        assert source == "pages/common/stop-container.md" and "--timeout" in text, landing
    assert _ask("pages/linux/stop-container.md", "pages/common/index.md")[0] == (
        "pages/common/index.md"
    )
