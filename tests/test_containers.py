"""MkDocs' containers, admonitions (``!!! note``) and content tabs (``=== "Windows"``): their
indented bodies are Markdown under the marker line, which heads them with its label."""

import pytest

from bot.answer import Answerer
from bot.index import index_documents
from bot.quote import with_neighbours
from bot.sections import parse_markdown, split_lines

LONG_SCRIPT = "\n".join(f"    $ deploy step {n} --with-option value-{n}" for n in range(40))

PAGE = f"""# Installing

## The installer

Run the installer for your system:

=== "macOS and Linux"

    Download the script with `curl` and run it with `sh`:

    ```console
    $ curl -LsSf https://example.org/install.sh | sh
    ```

=== "Windows"

    Use `irm` and pipe the script to `iex`:

    ```pwsh-session
    PS> irm https://example.org/install.ps1 | iex
    ```

!!! tip

    The script may be read before it runs:

    === "macOS and Linux"

        ```console
        $ curl -LsSf https://example.org/install.sh | less
        ```

    === "Windows"

        ```pwsh-session
        PS> irm https://example.org/install.ps1 | more
        ```

??? warning "Behind a proxy"

    Set these variables before you run the script:
    - `HTTPS_PROXY` names the proxy
    - `NO_PROXY` lists the hosts reached directly

    ```console
{LONG_SCRIPT}
    ```

After the containers.
"""


def _doc():
    return parse_markdown(PAGE, "install.md")


def _line(text: str) -> int:
    """The 1-based line of PAGE that is ``text``."""
    return split_lines(PAGE).index(text) + 1


def _passages_of(doc, path_end):
    return [p for p in doc.passages if p.heading_path[-len(path_end) :] == path_end]


def test_a_tab_body_is_markdown_under_its_marker_line_and_its_label():
    doc = _doc()
    first, *_in_the_tip = _passages_of(doc, ("The installer", "Windows"))
    # the marker line is the first line of its body's first passage, never a passage alone;
    # the fence in the body is read as a fence, and goes with the sentence leading into it
    assert first.text == (
        '=== "Windows"\n\n    Use `irm` and pipe the script to `iex`:\n\n'
        "    ```pwsh-session\n    PS> irm https://example.org/install.ps1 | iex\n    ```"
    )
    assert (first.line_start, first.line_end) == (
        _line('=== "Windows"'),
        _line('=== "Windows"') + 6,
    )
    assert not any(
        p.text.strip().startswith(("===", "!!!", "???")) and "\n" not in p.text
        for p in doc.passages
    )
    assert "Run the installer for your system:" in doc.passages[0].text
    assert doc.passages[0].heading_path == ("Installing", "The installer")


def test_tabs_nested_in_an_admonition_take_its_marker_line_and_their_own_labels():
    doc = _doc()
    tip = [p for p in doc.passages if p.text.startswith("!!! tip")]
    assert [p.heading_path for p in tip] == [("Installing", "The installer")]  # no title: no label
    assert tip[0].text == "!!! tip\n\n    The script may be read before it runs:"
    (inner,) = [p for p in doc.passages if "install.ps1 | more" in p.text]
    assert inner.heading_path == ("Installing", "The installer", "Windows")
    assert inner.text.startswith('    === "Windows"\n\n        ```pwsh-session')
    (after,) = [p for p in doc.passages if "After the containers." in p.text]
    assert after.heading_path == ("Installing", "The installer")  # the containers are closed


def test_an_admonition_title_heads_its_body_whose_lists_and_long_fences_are_read_as_such():
    doc = _doc()
    proxy = _passages_of(doc, ("Behind a proxy",))
    assert proxy[0].text.startswith(
        '??? warning "Behind a proxy"\n\n    Set these variables before you run the script:\n    - `HTTPS_PROXY`'
    )
    windows = [p for p in proxy if p.code_lang]  # a long fence: windows in its language
    assert len(windows) > 1 and {p.code_lang for p in windows} == {"console"}
    assert windows[0].line_start == _line("    $ deploy step 0 --with-option value-0")
    lines = split_lines(PAGE)
    for p in doc.passages:
        assert p.text == "\n".join(lines[p.line_start - 1 : p.line_end]), p


def test_a_label_line_in_a_body_heads_the_list_below_it_as_elsewhere():
    doc = parse_markdown('# T\n\n=== "Servers"\n\n    Linux Guru:\n    - deep internals\n', "x.md")
    (p,) = doc.passages
    assert p.heading_path == ("T", "Servers", "Linux Guru")
    assert p.text == '=== "Servers"\n\n    Linux Guru:\n    - deep internals'
    assert (p.line_start, p.line_end) == (3, 6)


@pytest.mark.parametrize(
    "text, passages",
    [
        ("# T\n\n!!!\n\n    body\n", [(3, 3, "!!!"), (5, 5, "    body")]),  # no type: text
        # text, and text that does not end its sentence: the indented code below goes with it
        ("# T\n\n=== Windows\n\n    body\n", [(3, 5, "=== Windows\n\n    body")]),
        ('# T\n\n!!! note "Only a title"\n\nNext.\n', [(3, 5, '!!! note "Only a title"\n\nNext.')]),
        (
            "# T\n\n????: a question.\n\n    body\n",
            [(3, 3, "????: a question."), (5, 5, "    body")],
        ),
        (
            '# T\n\n```\n!!! note\n    x\n=== "W"\n    y\n```\n',
            [(3, 8, '```\n!!! note\n    x\n=== "W"\n    y\n```')],
        ),
        (
            "# T\n\nText.\n\n    !!! note\n        code\n",
            [(3, 3, "Text."), (5, 6, "    !!! note\n        code")],
        ),
        (
            "# T\n\n!!! note\n    body\nnot indented\n",
            [(3, 4, "!!! note\n    body"), (5, 5, "not indented")],
        ),
    ],
)
def test_what_is_no_container_stays_as_it_was(text, passages):
    doc = parse_markdown(text, "x.md")
    assert [(p.line_start, p.line_end, p.text) for p in doc.passages] == passages
    assert all(p.heading_path == ("T",) for p in doc.passages)


def test_a_tab_label_finds_its_body_and_a_quote_shows_the_marker_line_not_a_heading():
    index = index_documents([_doc(), parse_markdown("# Other\n\nWindows and doors.\n", "other.md")])
    answer = Answerer(index).ask("pipe the script on windows", k=3)
    top = answer.results[0].passage
    assert top.source == "install.md" and top.heading_path[-1] == "Windows"
    assert "irm https://example.org/install.ps1 | iex" in answer.results[0].text
    (lead,) = [d for d in range(index.n_passages) if "Run the installer" in index.passage(d).text]
    quote = with_neighbours(index, lead)
    assert quote.text.startswith('Run the installer for your system:\n\n=== "macOS and Linux"\n\n')
    assert "#" not in quote.text.replace("# ", "")  # no heading line written for a tab


def test_an_admonition_without_a_title_goes_on_in_its_section_in_passages_of_its_own():
    text = "# T\n\nBefore.\n\n!!! note\n\n    Body one.\n\n    Body two.\n\nAfter.\n"
    doc = parse_markdown(text, "x.md")
    assert [(s.line_start, s.line_end) for s in doc.sections] == [(3, 11)]  # /doc shows it whole
    assert [(p.line_start, p.line_end, p.text) for p in doc.passages] == [
        (3, 3, "Before."),
        (5, 9, "!!! note\n\n    Body one.\n\n    Body two."),
        (11, 11, "After."),
    ]
