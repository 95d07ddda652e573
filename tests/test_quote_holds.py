"""A quote that holds a quote already shown, and more, takes its place: the passage placed
first is a small section under a label ("`.go-version`:" over its three lines of code), and
the next one's quote, its section with the sections under it, holds that label section and
the answer above it. Before, the larger quote overlapped the first and was dropped."""

from __future__ import annotations

from bot.answer import Answerer
from bot.index import index_documents
from bot.sections import Document, parse_markdown

SETUP = "".join(
    f"Step {n} of the setup installs tool number {n} of the toolchain and checks its "
    f"checksum against the release page before it goes on.\n\n"
    for n in range(12)
)
PAGE = (
    """# Development Guide

## Setting Up Your Machine

"""
    + SETUP
    + """## Building With A Specific Version of Go

The build reads the `.go-version` file in the root of the repo: it names the version of go
that builds the project, and the build downloads it when your system has another one.

If you want to build using the go version that exists on your system already and not the
one in the `.go-version` file:

```
FORCE_HOST_GO=y make WHAT=cmd/kubelet
```

`.go-version`:

```
1.20.4
```
"""
)


def _filler() -> list[Document]:
    return [
        parse_markdown(f"# Topic {n}\n\nA page about subject number {n}.\n", f"t/t{n}.md")
        for n in range(30)
    ]


def test_a_larger_quote_holding_the_first_one_replaces_it():
    answerer = Answerer(index_documents([parse_markdown(PAGE, "development.md"), *_filler()]))
    answer = answerer.ask("ignore .go-version and use the go on my path")
    assert answer.answered
    first = answer.results[0]
    assert "FORCE_HOST_GO=y" in first.text and "1.20.4" in first.text
    quoted = [(h.passage.line_start, h.passage.line_end) for h in answer.results]
    assert len(set(quoted)) == len(quoted)  # no quote shown twice, nor one inside another
    for a, (s, e) in enumerate(quoted):
        assert not any(s2 <= s and e <= e2 for b, (s2, e2) in enumerate(quoted) if a != b)
