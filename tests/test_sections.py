import pytest
from conftest import FIXTURE_DOCS, SAMPLE_CORPUS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answer import Answerer
from bot.index import index_documents
from bot.sections import MAX_PASSAGE_CHARS, parse_file, parse_markdown, split_lines


def _passage_with(doc, text):
    found = [p for p in doc.passages if text in p.text]
    assert found, f"no passage contains {text!r}"
    return found[0]


def _assert_lines_hold(source_text, doc):
    lines = split_lines(source_text)
    # the file's lines; those readers never see (HTML comments, Liquid's tags) blank, or
    # cut out of a line
    shown = doc.lines
    assert len(shown) == len(lines)
    cut = ("<!--", "-->", "{%")
    assert all(s in ("", line) or any(c in line for c in cut) for s, line in zip(shown, lines))
    for p in doc.passages:
        assert 1 <= p.line_start <= p.line_end <= len(lines)
        assert p.text in "\n".join(shown[p.line_start - 1 : p.line_end])


def test_sample_heading_paths_and_exact_line_ranges():
    doc = parse_file(SAMPLE_CORPUS / "linux_python.md", SAMPLE_CORPUS)
    p = _passage_with(doc, "Data Versioning (DVC, Pachyderm)")
    assert p.heading_path[-3:] == (
        "Core Competencies Comparison",
        "MLOps Core Skills",
        "Data Pipeline Management",
    )
    assert (p.source, p.line_start, p.line_end) == ("linux_python.md", 21, 24)
    _assert_lines_hold((SAMPLE_CORPUS / "linux_python.md").read_text(), doc)


def test_numbered_item_before_bullets_is_a_sub_heading():
    doc = parse_markdown(
        "# Linux\n1. Job Security\n- Critical roles\n- High barrier\n"
        "2. Career Mobility\n- DevOps paths\n",
        "x.md",
    )
    assert [p.heading_path for p in doc.passages] == [
        ("Linux", "Job Security"),
        ("Linux", "Career Mobility"),
    ]
    assert doc.passages[0].text == "- Critical roles\n- High barrier"


def test_colon_label_heads_the_list_below_even_as_a_lazy_continuation():
    text = "Intro:\n1. first point\n2. second point\nLinux Guru:\n- deep internals\nPython Guru:\n- broad apps\n"
    doc = parse_markdown(text, "x.md")
    by_head = {p.heading_path[-1]: p.text for p in doc.passages if p.heading_path}
    assert by_head["Linux Guru"] == "- deep internals"
    assert by_head["Python Guru"] == "- broad apps"


def test_a_sentence_wrapped_onto_a_line_ending_in_a_colon_is_not_a_label():
    """The end of a wrapped sentence is prose, not a heading over the list below it; a
    label line of its own, after a finished sentence, still is."""
    wrapped = parse_markdown(
        "# Onboarding\n\nPeople Ops ships your laptop a week before you\n"
        "start. You will receive:\n\n- a laptop\n- a YubiKey\n",
        "x.md",
    )
    assert _passage_with(wrapped, "a YubiKey").heading_path == ("Onboarding",)
    lower = parse_markdown(
        "# Tools\n\nIt is installed by the bootstrap script. To install or\nupgrade it:\n\n"
        "```\nbrew install shipctl\n```\n",
        "y.md",
    )
    assert _passage_with(lower, "brew install").heading_path == ("Tools",)
    # ... nor after a line that ends in a link, which ends no sentence
    linked = parse_markdown(
        "# Testing a bugfix\n\nFirst clone the [`uuid` repository][uuid-repository]\n"
        "locally via:\n\n```console\n$ git clone https://example.com/uuid.git\n```\n",
        "w.md",
    )
    assert _passage_with(linked, "git clone").heading_path == ("Testing a bugfix",)
    label = parse_markdown(
        "# Roles\n\nTwo roles are common.\nLinux Guru:\n\n- deep internals\n", "z.md"
    )
    assert _passage_with(label, "deep internals").heading_path == ("Roles", "Linux Guru")


def test_flattened_mindmap_is_split_into_labelled_groups():
    doc = parse_file(SAMPLE_CORPUS / "linux_python.md", SAMPLE_CORPUS)
    p = _passage_with(doc, "GIL Limitations")
    assert p.heading_path[-2:] == ("Python Guru", "Cons")
    assert "Steeper Learning Curve" not in p.text and p.code_lang == "mermaid"


def test_front_matter_setext_tables_fences_and_breaks():
    doc = parse_file(FIXTURE_DOCS / "handbook.md", FIXTURE_DOCS)
    assert doc.title == "Team Handbook"
    assert all("owner: platform-team" not in p.text for p in doc.passages)
    oncall = _passage_with(doc, "A rotation lasts")
    assert oncall.heading_path == ("Team Handbook", "Welcome", "On-call rotation")
    table = _passage_with(doc, "SEV2")
    assert table.heading_path[-1] == "Incident severity levels"
    code = _passage_with(doc, "# This is a comment, not a heading")
    assert code.heading_path[-1] == "Deploying a service"
    after = _passage_with(doc, "Notes after the break")
    assert "Deploying a service" not in after.heading_path
    assert not any(
        s.heading_path[-1:] == ("This is a comment, not a heading",) for s in doc.sections
    )


def test_long_sections_split_on_blocks_with_exact_ranges():
    items = "\n".join(f"- item {i} " + "word " * 30 for i in range(60))
    table = "| a | b |\n|---|---|\n" + "\n".join(
        f"| row{i} | " + "x" * 80 + " |" for i in range(40)
    )
    text = f"# Big\n\n{items}\n\n## Table\n\n{table}\n\n## Prose\n\n" + "Sentence here. " * 300
    doc = parse_markdown(text, "big.md")
    assert len(doc.passages) > 10
    for p in doc.passages:
        assert len(p.text) <= MAX_PASSAGE_CHARS + 100
    _assert_lines_hold(text, doc)
    table_passages = [p for p in doc.passages if p.heading_path[-1] == "Table"]
    # the first shows the header over its rows; the others keep it as search context
    assert table_passages[0].text.startswith("| a | b |\n|---|---|\n| row0 |")
    assert table_passages[0].context == ""
    assert all(p.context.startswith("| a | b |") for p in table_passages[1:])
    assert len(table_passages) > 2


markdownish = st.lists(
    st.one_of(
        st.text(max_size=80),
        st.sampled_from(
            [
                "# H",
                "## Sub",
                "===",
                "---",
                "```",
                "```mermaid",
                "~~~",
                "- item",
                "1. one",
                "Label:",
                "**Bold**",
                "| a | b |",
                "|---|---|",
                "> quote",
                "",
                "    code",
                "        deeper code",
                "!!! note",
                '??? tip "Title"',
                '=== "Tab"',
                '===+ ""',
                "```{note}",
                ":::{admonition} Title",
                ":::",
                "::::{tab-item} Tab",
                ":class: tip",
                "::: tip Title",
                "::: details",
                ":::warning",
                "{% comment %}",
                "{% endcomment %}",
                "{% alert %}",
                "{% endalert %}",
                "`{% comment %}`",
                "<script>",
                "</script>",
                "<style>x</style>",
                "---\ntitle: x\n---",
                "+++",
                "+++\ntitle = 'x'\n+++",
                "<h2>T</h2>",
                "<div>",
                "<!-- c -->",
                "<!--",
                "-->",
                "text <!-- c --> `<!-- k -->`",
                "import X from 'y';",
                "{/* c */}",
                "* * *",
                "#no",
            ]
        ),
    ),
    max_size=60,
).map("\n".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdownish)
def test_parser_never_raises_and_ranges_hold(text):
    for name in ("fuzz.md", "fuzz.mdx"):
        doc = parse_markdown(text, name)
        _assert_lines_hold(text, doc)
        for s in doc.sections:
            assert s.line_start <= s.line_end


def test_a_liquid_comment_keeps_every_line_break_it_spans():
    """A lone carriage return inside a Liquid comment is a line break too (markdown-it
    counts it): made blank, the comment keeps it, and the file's lines stay where they
    are (a case the fuzzer above found)."""
    text = "{%comment%}\n\r0\n{%endcomment%}\n\nAfter the comment.\n"
    doc = parse_markdown(text, "fuzz.md")
    _assert_lines_hold(text, doc)
    assert [(p.line_start, p.text) for p in doc.passages] == [(6, "After the comment.")]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000))
def test_parser_handles_arbitrary_text(text):
    _assert_lines_hold(text, parse_markdown(text, "any.md"))


def test_a_documents_lead_and_folders_are_search_context_of_every_passage():
    examples = "".join(f"- Example number {n}:\n\n`tool --flag{n}`\n\n" for n in range(40))
    text = f"# tool\n\n> Manage packet filters.\n> More information: <https://example.org>.\n\n{examples}"
    doc = parse_markdown(text, "pages/freebsd/tool.md")
    first, *rest = doc.passages
    assert rest, "a long page makes several passages"
    # the passage that quotes the lead gets it as context too: there it counts as body
    # text and as the page's description, a field weighted above the body
    assert "Manage packet filters." in first.text and "Manage packet filters." in first.context
    for p in rest:
        assert "Manage packet filters." in p.context and "freebsd" in p.context
        assert "Manage packet filters" not in p.text
    assert doc.description.startswith("Manage packet filters.")
    # a comment between the title and the lead is not content: the lead is still the lead
    commented = text.replace("# tool\n\n", "# tool\n\n<!-- generated: do not edit -->\n\n")
    assert parse_markdown(commented, "tool.md").description == doc.description


def test_front_matter_description_is_context_of_every_passage():
    doc = parse_markdown(
        "---\ntitle: Warning C4121\ndescription: Alignment of a member\n---\n"
        "# Warning C4121\n\n## Remarks\n\nPadding was added.\n",
        "w.md",
    )
    assert doc.description == "Alignment of a member"
    assert all("Alignment of a member" in p.context for p in doc.passages)


def test_front_matter_keywords_are_context_of_every_passage_and_never_quoted():
    text = (
        "---\ntitle: Overtime\nkeywords: overtime, comp time, Comp Time,  credit hours\n---\n"
        "Ask your supervisor first.\n\n## Approval\n\nYour supervisor approves it.\n"
    )
    doc = parse_markdown(text, "overtime.md")
    assert len(doc.passages) == 2
    for p in doc.passages:
        assert "overtime, comp time, credit hours" in p.context  # once each, as written
        assert "comp time" not in p.text
    assert doc.description is None  # keywords describe nothing to a reader
    listed = parse_markdown("---\nkeywords: [sick leave, 3, true, {a: b}]\n---\nBody.\n", "sick.md")
    assert listed.passages[0].context == "sick leave, 3"
    empty = parse_markdown("---\nkeywords: []\n---\nBody.\n", "empty.md")
    assert empty.passages[0].context == ""
    _assert_lines_hold(text, doc)


def test_toml_front_matter_gives_title_and_description_and_is_never_quoted():
    text = (
        '+++\ntitle = "Deploy guide"\ndescription = "How we ship services"\n'
        'tags = ["deploy"]\n+++\n\nDeploys are frozen on Fridays.\n\n## Rollback\n\nUndo it.\n'
    )
    doc = parse_markdown(text, "hugo.md")
    assert doc.title == "Deploy guide"
    assert doc.description == "How we ship services"
    assert all("+++" not in p.text and "tags =" not in p.text for p in doc.passages)
    assert all("How we ship services" in p.context for p in doc.passages)
    assert _passage_with(doc, "Deploys are frozen").heading_path == ("Deploy guide",)
    _assert_lines_hold(text, doc)


@pytest.mark.parametrize(
    "text",
    [
        "+++\ntitle = = broken\n+++\n# Real title\n\nBody text.\n",  # not TOML
        "+++\ntitle = 'never closed'\n\n# Real title\n\nBody text.\n",  # no closing +++
        "# Real title\n\n+++\ntitle = 'late'\n+++\n\nBody text.\n",  # not at the top
        "+++\na = " + "[" * 50_000 + "]" * 50_000 + "\n+++\n# Real title\n\nBody text.\n",
        "---\na: " + "[" * 50_000 + "]" * 50_000 + "\n---\n# Real title\n\nBody text.\n",
    ],
)
def test_toml_front_matter_that_cannot_be_read_gives_no_title(text):
    doc = parse_markdown(text, "x.md")
    assert doc.title is None
    assert _passage_with(doc, "Body text.").heading_path == ("Real title",)
    _assert_lines_hold(text, doc)


def test_an_html_heading_on_its_own_is_a_heading():
    text = (
        '<h1 align="center">Backup <em>guide</em></h1>\n\nBackups run nightly.\n\n'
        "<H2 id='r'>Restore</H2>\n\nUse restic.\n\n"
        '<h2><img src="logo.png"></h2>\n\nAn image heading.\n\n'
        "<h3>Inline</h3><p>mixed with a paragraph</p>\n\nAfter the mix.\n"
    )
    doc = parse_markdown(text, "readme.md")
    assert _passage_with(doc, "Backups run nightly.").heading_path == ("Backup guide",)
    assert _passage_with(doc, "Use restic.").heading_path == ("Backup guide", "Restore")
    # no text: HTML that shows readers no words, never quoted; more than the heading:
    # HTML, quoted as it is
    assert not [p for p in doc.passages if "logo.png" in p.text]
    assert _passage_with(doc, "An image heading.").heading_path == ("Backup guide", "Restore")
    assert _passage_with(doc, "After the mix.").heading_path == ("Backup guide", "Restore")
    _assert_lines_hold(text, doc)


def test_html_that_shows_no_text_is_neither_indexed_nor_quoted():
    text = (
        "# Deploy\n\nRun `make deploy`.\n\n"
        "<!-- internal: the staging password is hunter2 -->\n\n"
        "<details>\n<summary>More options</summary>\n\n"
        "Use `FAST=1` to skip the tests.\n\n</details>\n\n"
        '<p align="center"><img src="diagram.png" alt="Architecture"></p>\n\n'
        "<!--\nOld notes, kept for later:\n[Rollback](rollback.md)\n-->\n\n"
        "## Rollback\n\n<!-- nothing here yet -->\n"
    )
    doc = parse_markdown(text, "deploy.md")
    quoted = "\n".join(p.text for p in doc.passages) + "\n".join(s.text for s in doc.sections)
    for unseen in ("hunter2", "diagram.png", "Old notes", "rollback.md", "nothing here"):
        assert unseen not in quoted
    assert "hunter2" not in " ".join(p.context for p in doc.passages)
    # what readers do see stays, at its own lines
    assert "<summary>More options</summary>" in quoted
    skip = _passage_with(doc, "Use `FAST=1` to skip the tests.")
    assert text.split("\n")[skip.line_end - 1] == "Use `FAST=1` to skip the tests."
    # a label over a list still heads it with a comment between them
    labelled = parse_markdown("# Roles\n\nLinux Guru:\n<!-- c -->\n- Kernel tuning\n", "r.md")
    assert _passage_with(labelled, "Kernel tuning").heading_path == ("Roles", "Linux Guru")
    # a heading whose only body is a comment has nothing to quote
    assert not [p for p in doc.passages if p.heading_path[-1] == "Rollback"]
    _assert_lines_hold(text, doc)


LIQUID = """# Leave

{% alert %}
Use the leave comparison chart before you ask.
{% endalert %}

- Ask in the people-ops channel {% comment %}TODO: the password is hunter2{% endcomment %}

{% comment %}
### Old notes

Carry-over used to be 240 hours.
{% endcomment %}

## Carry-over

You can carry over 240 hours of annual leave.

Write `{% comment %}` to hide a note:

```liquid
{% comment %}hidden{% endcomment %}
```
"""


def test_liquid_comments_and_block_tags_are_neither_indexed_nor_quoted():
    """A Jekyll or Eleventy site (Liquid) shows a block tag's body but never the tags, and
    never a comment, however many lines and headings it spans."""
    doc = parse_markdown(LIQUID, "leave.md")
    quoted = "\n".join(p.text + p.context for p in doc.passages)
    for unseen in ("hunter2", "Old notes", "used to be", "{% alert", "{% endalert"):
        assert unseen not in quoted
    assert _passage_with(doc, "leave comparison chart").heading_path == ("Leave",)
    assert _passage_with(doc, "You can carry over").heading_path == ("Leave", "Carry-over")
    assert "`{% comment %}` to hide" in quoted  # in code, the tags are text
    assert "{% comment %}hidden{% endcomment %}" in quoted
    _assert_lines_hold(LIQUID, doc)


def test_a_script_or_a_style_sheet_is_neither_indexed_nor_quoted():
    """A VitePress page opens with the Vue code it runs; a README may carry a tracking
    snippet or a style sheet. Readers see none of it."""
    text = (
        "<script setup>\nimport { data } from './releases.data'\n"
        "const token = 'ghp_secret'\n</script>\n\n"
        "# Releases\n\nPatch releases ship every week.\n\n"
        "<style>\n.release-table td { padding: 4px }\n</style>\n\n"
        '<p align="center">Supported: the latest minor.</p>\n'
    )
    doc = parse_markdown(text, "releases.md")
    quoted = "\n".join(p.text + p.context for p in doc.passages)
    for unseen in ("ghp_secret", "releases.data", "padding", "<script", "<style"):
        assert unseen not in quoted
    assert _passage_with(doc, "Patch releases ship every week.").heading_path == ("Releases",)
    assert "Supported: the latest minor." in quoted  # HTML that shows text stays
    _assert_lines_hold(text, doc)


def test_kramdown_attribute_lists_and_its_table_of_contents_are_not_quoted():
    """Jekyll's kramdown styles a block with an attribute list on the line below it
    ("{: .note}") and writes a table of contents as a list item marked "{:toc}": readers
    see neither, so neither is indexed or quoted; in code they are text."""
    text = (
        "# FAQ\n\n* Table of Contents\n{:toc}\n\n## How do I update?\n\n"
        "Run `brew update` first.\n{: .note}\n\n- configure:\n\n  ```\n  {: keep}\n  ```\n"
    )
    doc = parse_markdown(text, "faq.md")
    quoted = "\n".join(p.text for p in doc.passages)
    assert "Table of Contents" not in quoted and "{:toc}" not in quoted
    assert "{: .note}" not in quoted and "Run `brew update` first." in quoted
    assert "{: keep}" in quoted
    _assert_lines_hold(text, doc)


def test_myst_targets_are_neither_indexed_nor_quoted():
    """MyST (Sphinx, Jupyter Book) names a heading for cross-references with a target on
    the line above it, "(data-sharing)=": readers never see it. Read as text, it ended the
    section above with the words of the heading under it, and showed in its quotes; in code
    it is text."""
    text = (
        "# Data\n\n## Storage\n\nKeep three copies.\n\n(rdm-data-sharing)=\n"
        "## Sharing\n\nShare it in a repository.\n\n```\n(kept)=\n```\n"
    )
    doc = parse_markdown(text, "data.md")
    storage = _passage_with(doc, "Keep three copies.")
    assert "rdm" not in storage.text and "sharing" not in storage.text.lower()
    assert "(kept)=" in "\n".join(p.text for p in doc.passages)
    _assert_lines_hold(text, doc)


def test_a_pages_own_table_of_contents_is_not_indexed():
    """A list of links to the page's own headings repeats them and answers nothing: it is
    not indexed, so no question is answered with it. A list of links to other pages, or
    of two headings only, or with text beside the links, is content."""
    toc = "- [Branches](#branches)\n  - [Delete a branch](#delete-a-branch)\n- [Stash](#stash)\n"
    text = (
        f"# Git\n\n**Contents**\n\n{toc}\n## Branches\n\n### Delete a branch\n\n"
        "Run `git branch -d name`.\n\n## Stash\n\nRun `git stash`.\n\n## See also\n\n"
        "- [Tags](tags.md#delete)\n- [Remotes](remotes.md)\n- [Hooks](hooks.md)\n\n"
        "## Pairs\n\n- [Branches](#branches)\n- [Stash](#stash)\n\n## Notes\n\n"
        "- [Branches](#branches): one line each\n- [Stash](#stash)\n- [Git](#git)\n"
    )
    doc = parse_markdown(text, "git.md")
    quoted = "\n".join(p.text for p in doc.passages)
    assert "(#delete-a-branch)" not in quoted and "git branch -d" in quoted
    assert "[Tags](tags.md#delete)" in quoted  # links to other pages
    assert "- [Branches](#branches)\n- [Stash](#stash)" in quoted  # two items
    assert "one line each" in quoted
    answer = Answerer(index_documents([doc])).ask("how do i delete a branch?")
    assert answer.answered and "git branch -d" in answer.results[0].text
    _assert_lines_hold(text, doc)


def test_html_that_shows_no_text_inside_a_list_item_is_not_quoted_either():
    text = "# Setup\n\n- Install the agent.\n\n  <details>\n\n  Run `agent --check` after.\n\n  </details>\n"
    doc = parse_markdown(text, "setup.md")  # no comment anywhere in the file
    quoted = "\n".join(p.text for p in doc.passages)
    assert "details>" not in quoted
    assert "Install the agent." in quoted and "agent --check" in quoted
    _assert_lines_hold(text, doc)


def test_a_comment_inside_text_is_cut_out_and_code_keeps_its_own():
    text = (
        "# Runbook <!-- omit in toc -->\n\n"
        "Deploy on Fridays <!-- ask Ana --> before noon.\nOne <!-- a\nnote --> two.\n\n"
        "- Step one <!-- fix later -->\n- Step two:\n  ```html\n  <!-- markup -->\n  ```\n"
        "- Write `<!-- x -->` to hide text.\n\n  <!-- on its own in an item -->\n\n"
        "> Quoted <!-- q --> text\n"
    )
    doc = parse_markdown(text, "runbook.md")
    assert {p.heading_path for p in doc.passages} == {("Runbook",)}
    quoted = "\n".join(p.text for p in doc.passages)
    for unseen in ("ask Ana", "note", "fix later", "on its own", "q -->"):
        assert unseen not in quoted
    assert "Deploy on Fridays  before noon." in quoted and "One \n two." in quoted
    assert "  <!-- markup -->" in quoted and "`<!-- x -->`" in quoted  # code, as written
    assert "> Quoted  text" in quoted
    _assert_lines_hold(text, doc)


def test_heading_attributes_are_not_part_of_the_heading():
    text = (
        "# Guide {#top}\n\n## Install the agent {#install .wide}\n\nRun it.\n\n"
        "## Braces {in} a title\n\nKept as written.\n\n## {#only-an-id}\n\nNothing else.\n"
    )
    doc = parse_markdown(text, "guide.md")
    assert _passage_with(doc, "Run it.").heading_path == ("Guide", "Install the agent")
    assert _passage_with(doc, "Kept as written.").heading_path == ("Guide", "Braces {in} a title")
    assert _passage_with(doc, "Nothing else.").heading_path == ("Guide", "{#only-an-id}")


def test_a_block_ending_in_a_colon_stays_with_the_block_it_introduces():
    filler = "\n\n".join(f"Paragraph {n} " + "words " * 25 for n in range(5))
    text = f"# Doc\n\n{filler}\n\nTo fix this, change the packing:\n\n- use pack(4)\n- reorder members\n"
    doc = parse_markdown(text, "d.md")
    intro = _passage_with(doc, "To fix this, change the packing:")
    assert "use pack(4)" in intro.text


@pytest.mark.parametrize(
    "lead, joins",
    [
        ("To install it, run:", True),  # a colon introduces the code
        ("The", True),  # a sentence the code finishes: "The <error> error is ..."
        ("For example", True),
        ("Then it is installed.", False),  # a finished sentence: the code stands alone
        ("- an item of a list", False),  # not a paragraph
    ],
)
def test_code_goes_with_the_text_that_leads_into_it(lead, joins):
    """A code block is one passage with the text before it when that text leads into it,
    and the text after it goes on in the same passage; after a finished sentence it is a
    passage of its own, as before."""
    code = "```console\n$ pip install pydantic\n```"
    text = f"# Install\n\n{lead}\n\n{code}\n\nThis installs the latest release.\n"
    passages = parse_markdown(text, "install.md").passages
    if joins:
        assert [p.text for p in passages] == [
            f"{lead}\n\n{code}\n\nThis installs the latest release."
        ]
    else:
        assert [p.text for p in passages] == [lead, code, "This installs the latest release."]
    lines = split_lines(text)
    for p in passages:  # exact lines, whichever way they are cut
        assert p.text == "\n".join(lines[p.line_start - 1 : p.line_end])


def test_code_right_after_code_that_text_led_into_stays_with_them():
    """The tabs of one example ("npm", then "yarn"), or a command and then its output, are
    one passage with the text that leads into them, and the text after goes on with them;
    code after code that stands alone is still a passage of its own."""
    npm, yarn = "```sh\nnpm install vite\n```", "```sh\nyarn add vite\n```"
    text = f"# Install\n\nTo install it, run the command of your package manager:\n\n{npm}\n\n{yarn}\n\nDone.\n"
    passages = parse_markdown(text, "install.md").passages
    assert [p.text for p in passages] == [
        f"To install it, run the command of your package manager:\n\n{npm}\n\n{yarn}\n\nDone."
    ]
    text = f"# Install\n\nThen it is installed.\n\n{npm}\n\n{yarn}\n"
    passages = parse_markdown(text, "install.md").passages
    assert [p.text for p in passages] == ["Then it is installed.", npm, yarn]


def test_code_too_long_to_go_with_its_lead_in_is_a_passage_of_its_own():
    lead = "Run this script, which checks " + "every setting " * 40 + "in turn:"
    code = "```sh\n" + "\n".join(f"check --setting {n} --verbose" for n in range(30)) + "\n```"
    assert len(code) < MAX_PASSAGE_CHARS < len(lead) + len(code) - MAX_PASSAGE_CHARS // 2
    passages = parse_markdown(f"# Checks\n\n{lead}\n\n{code}\n", "c.md").passages
    assert passages[0].text == lead
    assert all("check --setting" in p.text for p in passages[1:]) and len(passages) > 1


def test_a_line_in_lower_case_ending_in_a_colon_leads_in_and_heads_nothing():
    """ "you'll get this error:" over the error's text is a sentence that leads into it, as
    "Run:" does, not a label ("Pros:", "Linux Guru:"): the error stays under the section's
    heading, in one passage with the line."""
    doc = parse_markdown(
        "# Keywords\n\n## Raw identifiers\n\nIf you name a function `match`,\n\n"
        "you'll get this error:\n\n```text\nerror: expected identifier, found keyword\n```\n",
        "k.md",
    )
    error = _passage_with(doc, "found keyword")
    assert error.heading_path == ("Keywords", "Raw identifiers")
    assert "you'll get this error:" in error.text


def test_a_line_ending_in_a_word_of_grammar_and_a_colon_leads_in_and_heads_nothing():
    """ "Notice that:" over a list reads on into it: the list stays under the section's
    heading, with the line, while a label of two words ("Linux Guru:") still heads."""
    doc = parse_markdown(
        "# Data\n\n## get vs. select a row\n\nNotice that:\n\n"
        "- `get` returns the record\n- `select` returns a new table\n\n"
        "Linux Guru:\n\n- knows the kernel\n",
        "d.md",
    )
    rows = _passage_with(doc, "returns a new table")
    assert rows.heading_path == ("Data", "get vs. select a row")
    assert rows.text.startswith("Notice that:")
    assert _passage_with(doc, "knows the kernel").heading_path[-1] == "Linux Guru"


def test_a_sentence_ending_in_a_colon_is_not_a_heading():
    doc = parse_markdown(
        "# Warning\n\n## Example\n\nFor example, the following code produces it:\n\n"
        "```cpp\nint x;\n```\n",
        "w.md",
    )
    assert all(p.heading_path == ("Warning", "Example") for p in doc.passages)


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        (r"Example: The \_In\_ Annotation", "Example: The _In_ Annotation"),
        (r"\*Lead\* and **bold**", "*Lead* and bold"),
        (r"\[not a link\](x) and [a link](y)", "[not a link](x) and a link"),
        (r"C\+\+ \# R\&D", "C++ # R&D"),
    ],
)
def test_escaped_markup_is_kept_as_written_not_read_as_emphasis(markdown, plain):
    from bot.blocks import plain_text

    assert plain_text(markdown) == plain
    doc = parse_markdown(f"# {markdown}\n\nText.\n", "x.md")
    assert doc.sections[0].heading_path == (plain,)


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        (
            r"`cleanup` \[*`options`*\] \[*`formula`*\|*`cask`* ...\]",
            "cleanup [options] [formula|cask ...]",
        ),
        ("The **`--release`** flag", "The --release flag"),
        ("**Build with `cargo` first**", "Build with cargo first"),
        ("[`uuid` crate](https://crates.io/crates/uuid)", "uuid crate"),
        ("Use `**kwargs` and `<vector>`", "Use **kwargs and <vector>"),
    ],
)
def test_markup_around_code_is_read_as_one_text(markdown, plain):
    """A heading whose emphasis or link holds code (a man page's "[*`options`*]", a bold
    flag) reads as the page shows it, not with the markers left between the code: the
    breadcrumb of every quote under it shows it. Code stays as written."""
    doc = parse_markdown(f"# Commands\n\n## {markdown}\n\nText.\n", "x.md")
    assert doc.sections[-1].heading_path == ("Commands", plain)


def _long_item(code_lines: list[str]) -> str:
    body = "\n".join(f"    {line}" if line else "" for line in code_lines)
    return (
        "# Setup\n\n"
        "1. **Install it**:\n    ```sh\n    npm install axios\n    ```\n\n"
        "2. **Create a client**:\n    Configure a client that sends the token.\n\n"
        f"    ```typescript\n{body}\n    ```\n\n"
        "3. Use the client.\n"
    )


def test_code_in_a_list_item_too_long_for_one_passage_is_code_not_lines():
    """A numbered step holding a long code block: the code is quoted as code, in windows of
    several lines, never one line of it alone ("});")."""
    code = [f"const value{n} = client.get('/endpoint/{n}', {{ retries: {n} }});" for n in range(30)]
    code[10:10] = ["", "});"]
    text = _long_item(code)
    passages = parse_markdown(text, "setup.md").passages
    lines = split_lines(text)
    for p in passages:
        assert p.text in "\n".join(lines[p.line_start - 1 : p.line_end])
        assert p.text.strip() not in ("});", "```typescript", "```")
    windows = [p for p in passages if p.code_lang == "typescript"]
    assert len(windows) > 1 and all(p.text.count("\n") >= 3 for p in windows)
    assert "const value0" in windows[0].text and "const value29" in windows[-1].text
    step = _passage_with(parse_markdown(text, "setup.md"), "Create a client")
    assert "Configure a client that sends the token." in step.text


def test_a_line_of_code_that_looks_like_an_item_does_not_start_one():
    """YAML's "- name: x" inside a fenced block of a list item is code, not a new item."""
    yaml = ["steps:"] + [f"- name: step {n}\n  run: make target-{n} --verbose" for n in range(25)]
    text = _long_item("\n".join(yaml).split("\n"))
    passages = parse_markdown(text, "ci.md").passages
    yaml_passages = [p for p in passages if "- name: step" in p.text]
    assert yaml_passages and all(p.code_lang == "typescript" for p in yaml_passages)


def test_code_in_a_list_split_around_a_label_line_is_code_not_lines():
    """A step whose text ends in a short "label:" line (taken out of the list as a label,
    see refine) over a long fence: the fence's lines still go together."""
    code = "\n".join(
        f"   $ oc -n ns{n} logs -l app=component-{n} --tail=-1 | sort" for n in range(20)
    )
    text = (
        "# Alert\n\n## Mitigation\n\n"
        "1. Enable the `debug` log level on the component.\n"
        "2. Review the new debug logs. The logs should reveal the problematic\n"
        f"selectors:\n\n   ```shell\n{code}\n   ```\n\n"
        "3. After resolving the issue, disable the `debug` log level.\n"
    )
    passages = parse_markdown(text, "alert.md").passages
    with_code = [p for p in passages if "logs -l app=component" in p.text]
    assert with_code and all(p.text.count("\n") >= 3 for p in with_code)
    assert not any(p.text.strip() in ("```shell", "```") for p in passages)


def test_a_long_faq_list_keeps_each_question_with_its_answer():
    """A FAQ written as one list, each "Q." item with its "A:" item beneath it, too long for
    one passage: it is cut between the questions, so every passage that holds an answer
    holds the question it answers, and a question and answer that fit stay one passage."""
    items = [
        f"- Q. How does policy {n} apply to teammates on leave in region {n}?\n"
        f"  - A: Policy {n} applies from the first day back; "
        + " ".join(f"detail {n}.{k} is handled by the people team." for k in range(6))
        for n in range(8)
    ]
    text = "# Pay FAQ\n\n" + "\n".join(items) + "\n"
    passages = parse_markdown(text, "faq.md").passages
    assert len(passages) > 1
    for p in passages:
        for n in range(8):
            if f"A: Policy {n} applies" in p.text:
                assert f"Q. How does policy {n} apply" in p.text, p.text


def test_a_label_in_italics_heads_what_follows_as_a_bold_one_does():
    """ "_Band placement:_" over a list is a label, as "**Band placement:**" is: the list's
    passages stand under it, and the label line is never a passage alone. An italic line
    without a colon ("_Updated in May_") is text."""
    items = "\n".join(
        f"- Q. Question {n} about pay bands?\n  - A: " + "An answer about bands. " * 12
        for n in range(6)
    )
    text = f"# Pay FAQ\n\nIntro.\n\n_Band placement:_\n\n{items}\n\n_Updated in May_\n"
    doc = parse_markdown(text, "faq.md")
    faq = [p for p in doc.passages if "Q." in p.text]
    assert faq and all(p.heading_path == ("Pay FAQ", "Band placement") for p in faq)
    assert not any(p.text.strip() == "_Band placement:_" for p in doc.passages)
    assert _passage_with(doc, "_Updated in May_").heading_path == ("Pay FAQ",)


def test_a_site_generators_marks_ending_in_a_colon_are_no_labels():
    """DocFX's ":::image-end:::" closes an image's description and ":::row:::" opens a row:
    the text after them stays under the page's heading, not under a heading ":::image-end"."""
    text = (
        "# Build Insights\n\n## Included files\n\n"
        ':::image type="complex" source="a.png" alt-text="The view.":::\n'
        "Several files have a fire icon.\n:::image-end:::\n\n"
        "In the File Path column, a fire icon marks slow headers.\n\n"
        ":::row:::\n\nTwo columns follow.\n"
    )
    doc = parse_markdown(text, "insights.md")
    assert [s.heading_path for s in doc.sections] == [
        ("Build Insights",),
        ("Build Insights", "Included files"),
    ]


def test_a_page_that_writes_no_title_is_named_by_its_file():
    """A wiki's or a notes vault's page, or a command reference's ("commands/expire.md",
    its prose from the first line, "## Options" below): its file's name is its title, at
    the head of every passage's path, as an H1 would be; a folder's index page is named
    by its folder. A title the page writes, in its front matter or an H1, comes first."""
    page = "Set a timeout on `key`.\n\n## Options\n\n* `NX` -- only when the key has none\n"
    doc = parse_markdown(page, "commands/expire.md")
    assert doc.title == "expire"
    assert [p.heading_path for p in doc.passages] == [("expire",), ("expire", "Options")]
    assert parse_markdown(page, "docs/management/_index.md").title == "management"
    assert parse_markdown(page, "README.md").title is None
    fm = parse_markdown("---\ntitle: Key expiry\n---\n\n" + page, "commands/expire.md")
    assert fm.passages[0].heading_path == ("Key expiry",)
    untitled_fm = parse_markdown("---\nweight: 3\n---\n\n" + page, "commands/expire.md")
    assert untitled_fm.passages[0].heading_path == ("expire",)
    h1 = parse_markdown("# EXPIRE\n\n" + page, "commands/expire.md")
    assert [p.heading_path for p in h1.passages] == [("EXPIRE",), ("EXPIRE", "Options")]


def test_a_question_naming_an_untitled_page_finds_it():
    """Two command pages of the same words, neither with a heading: the one whose file
    names what the question asks about answers it."""
    docs = [
        parse_markdown(
            "Remove the timeout on `key`, so that the key never goes away.\n", "cmd/persist.md"
        ),
        parse_markdown("Set a timeout on `key`, after which the key goes away.\n", "cmd/expire.md"),
        *(parse_markdown(f"Page {n} about other things.\n", f"t/t{n}.md") for n in range(20)),
    ]
    answerer = Answerer(index_documents(docs))
    for command in ("expire", "persist"):
        answer = answerer.ask(f"what does {command} do?")
        assert answer.answered and answer.results[0].passage.source == f"cmd/{command}.md"
