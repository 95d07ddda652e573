"""MyST's directives (Sphinx, Jupyter Book) and Docusaurus' admonitions: one whose body is
prose, ```{note}, :::{admonition} Title or :::tip[Title], is read like an MkDocs container:
its body is Markdown under the marker line, which heads it with its title. Other
directives keep their reading."""

from bot.answer import Answerer
from bot.index import index_documents
from bot.sections import parse_markdown

STEPS = "\n\n".join(
    f"Step {n}: check that replica {n} has caught up with the primary before you go on, "
    f"then note its lag in the change ticket."
    for n in range(12)
)

PAGE = f"""# Failover

## Before you start

```{{note}}
{STEPS}
```

::::{{tab-set}}

:::{{tab-item}} Windows
Run `failover.ps1` from an elevated prompt.
:::

:::{{tab-item}} Linux
Run `sudo ./failover.sh`.
:::

::::

:::{{admonition}} Behind a proxy
:class: tip

Set `HTTPS_PROXY` before you run the script.
:::

```{{code-block}} bash
./failover.sh --dry-run
```

:::{{warning}}
This one is never closed, so it is text.
"""


def _doc():
    return parse_markdown(PAGE, "failover.md")


def test_a_long_note_is_cut_into_passages_of_prose_not_windows_of_code():
    notes = [p for p in _doc().passages if "replica" in p.text]
    assert len(notes) >= 2
    assert all(p.code_lang is None for p in notes)
    # cut between paragraphs, as prose is, not in the middle of one as code windows are
    assert all(p.text.rstrip().endswith(("ticket.", "```")) for p in notes)
    assert notes[0].text.startswith("```{note}\nStep 0:")


def test_a_tab_item_and_a_titled_admonition_head_their_bodies():
    doc = _doc()
    by_text = {p.text.splitlines()[-1]: p.heading_path for p in doc.passages}
    assert by_text["Run `failover.ps1` from an elevated prompt."][-1] == "Windows"
    assert by_text["Run `sudo ./failover.sh`."][-1] == "Linux"
    assert by_text["Set `HTTPS_PROXY` before you run the script."][-1] == "Behind a proxy"
    answer = Answerer(index_documents([doc])).ask("failover on windows?")
    assert "failover.ps1" in answer.results[0].text


def test_other_directives_stay_code_and_an_unclosed_one_text():
    doc = _doc()
    code = next(p for p in doc.passages if "--dry-run" in p.text)
    assert code.text.startswith("```{code-block} bash")
    assert code.heading_path == ("Failover", "Before you start")
    unclosed = next(p for p in doc.passages if "never closed" in p.text)
    assert unclosed.text.startswith(":::{warning}")
    assert unclosed.heading_path == ("Failover", "Before you start")


DOCUSAURUS = """# Deploys

:::tip[Before a release]
Tag the commit with `git tag -s` so that the pipeline can verify it.
:::

:::moniker range="msvc-170"
Only on MSVC 17.
:::moniker-end

:::warning
Never deploy on Fridays.
:::
"""


def test_a_docusaurus_admonition_is_a_container_and_a_docfx_moniker_is_text():
    doc = parse_markdown(DOCUSAURUS, "deploys.mdx")
    tip = next(p for p in doc.passages if "git tag -s" in p.text)
    assert tip.heading_path == ("Deploys", "Before a release")
    moniker = next(p for p in doc.passages if "Only on MSVC 17." in p.text)
    assert moniker.heading_path == ("Deploys",)
    assert ":::moniker range" in moniker.text
    warning = next(p for p in doc.passages if "Fridays" in p.text)
    assert warning.heading_path == ("Deploys",)
    assert warning.text.startswith(":::warning\nNever")
    answer = Answerer(index_documents([doc])).ask("what do I do before a release?")
    assert "git tag -s" in answer.results[0].text


VITEPRESS = """# Dev server

::: tip Behind a proxy
Set `server.proxy` so that API calls reach the backend.
:::

::: details Why is the first load slow?
Dependencies are pre-bundled on the first start, then cached.
:::

::: code-group
```sh [npm]
npm create vite@latest
```
```sh [pnpm]
pnpm create vite
```
:::

Run `vite --host` to listen on every address.
"""


def test_a_vitepress_container_is_a_container():
    doc = parse_markdown(VITEPRESS, "server.md")
    tip = next(p for p in doc.passages if "server.proxy" in p.text)
    assert tip.heading_path == ("Dev server", "Behind a proxy")
    details = next(p for p in doc.passages if "pre-bundled" in p.text)
    assert details.heading_path == ("Dev server", "Why is the first load slow?")
    group = next(p for p in doc.passages if "pnpm create vite" in p.text)
    assert group.heading_path == ("Dev server",)
    after = next(p for p in doc.passages if "vite --host" in p.text)
    assert after.heading_path == ("Dev server",)
    assert not any(p.text.rstrip().endswith(":::") for p in doc.passages)  # closers unquoted
    answer = Answerer(index_documents([doc])).ask("the first load is slow, why?")
    assert "pre-bundled" in answer.results[0].text


def test_thousands_of_unclosed_markers_are_text_and_a_closed_one_still_closes():
    """A file of many markers that never close (a generated page, a broken paste) is
    read once through, not once to its end per marker: every marker stays text."""
    unclosed = "\n".join(":::note\nSome text." for _ in range(3000))
    doc = parse_markdown(f"# Notes\n\n:::tip[First]\nThe start.\n:::\n\n{unclosed}\n", "n.md")
    first = next(p for p in doc.passages if "The start." in p.text)
    assert first.heading_path == ("Notes", "First")
    rest = [p for p in doc.passages if "Some text." in p.text]
    assert rest and all(p.heading_path == ("Notes",) for p in rest)
    assert sum(p.text.count(":::note") for p in rest) == 3000
