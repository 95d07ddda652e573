"""Rendering at Discord's limits: every payload must be one Discord accepts."""

import re

import discord
import pytest

from bot.answer import Answer, Hit
from bot.cut import shorten
from bot.quote import quote_text
from bot.render import (
    DESCRIPTION_MAX,
    EMBEDS_MAX,
    FIELD_NAME_MAX,
    FIELD_VALUE_MAX,
    FOOTER_MAX,
    TITLE_MAX,
    TOTAL_MAX,
    URL_MAX,
    answer_embeds,
    bold_matches,
    hit_embed,
    link,
    no_answer_message,
    salary_embed,
    section_embeds,
    section_markdown,
)
from bot.salary import SalaryFact
from bot.sections import Passage, Section
from bot.sources import SourceLinks
from bot.text import stem


def check(embeds: list[discord.Embed]) -> None:
    assert 1 <= len(embeds) <= EMBEDS_MAX
    assert sum(len(e) for e in embeds) <= TOTAL_MAX
    for e in embeds:
        assert len(e.title or "") <= TITLE_MAX and len(e.description or "") <= DESCRIPTION_MAX
        assert len(e.fields) <= 25 and len(e.footer.text or "") <= FOOTER_MAX
        for f in e.fields:
            assert 0 < len(f.name) <= FIELD_NAME_MAX and 0 < len(f.value) <= FIELD_VALUE_MAX
        assert (e.description or "").count("```") % 2 == 0, "an open code fence"


def hit(text: str, heading=("Guide", "Part"), code=None, matched=("deploy",)) -> Hit:
    p = Passage("docs/guide.md", tuple(heading), 10, 10 + text.count("\n"), text, code)
    return Hit(p, 5.0, 1.0, frozenset(stem(w) for w in matched), quote_text(p))


def test_a_table_padded_to_its_widest_cell_is_shown_without_the_padding():
    """A generated reference pads every cell to its column's widest (Docker's options
    tables: rows of 400 characters, mostly blanks). Discord draws no table, so the padding
    is lines of blanks that crowd out the quote: each cell keeps one space either side,
    the rule is "---", and code (a fenced block, a code span, an indented block's ASCII
    art) keeps its spaces."""
    pad = " " * 300
    table = (
        f"| Name           | Type  | Description{pad} |\n"
        f"|:---------------|:------|:-----------{'-' * 300}-|\n"
        f"| `-n`, `--last` | `int` | Show n last created containers, deploy  too{pad} |\n"
        "\n```\n| kept   | as is |\n```\n\n    +-------+\n    | a box |\n    +-------+"
    )
    h = hit(table)
    h.table_header = Passage("docs/guide.md", ("Guide", "Part"), 3, 4, table.split("\n")[0])
    description = hit_embed(h, 1, 3).description or ""
    assert description.split("\n") == [
        "| Name | Type | Description |",
        "| Name | Type | Description |",
        "|:---|:---|:---|",
        "| `-n`, `--last` | `int` | Show n last created containers, **deploy** too |",
        "",
        "```",
        "| kept   | as is |",
        "```",
        "",
        "    +-------+",
        "    | a box |",
        "    +-------+",
    ]


def test_later_table_rows_show_their_header_and_both_line_ranges():
    rows = "\n".join(f"| v{n} | deploy {n} |" for n in range(40, 60))
    h = hit(rows)
    h.table_header = Passage("docs/guide.md", ("Guide", "Part"), 3, 4, "| Name | Step |\n|---|---|")
    embed = hit_embed(h, 1, 3)
    check([embed])
    assert (embed.description or "").startswith(
        "| Name | Step |\n|---|---|\n| v40 | **deploy** 40 |"
    )
    assert (embed.footer.text or "").startswith("docs/guide.md:3-4, 10-29 · result 1 of 3")


def test_a_20000_character_section_is_cut_gracefully():
    text = "\n".join(f"- deploy step {i} " + "word " * 12 for i in range(300))
    assert len(text) > 20_000
    embeds = answer_embeds(Answer("q", True, [hit(text)]))
    check(embeds)
    assert embeds[0].description.endswith("…")


def test_thirty_results_and_a_300_character_heading_path():
    long_path = tuple(f"Heading number {i} of a very deep tree" for i in range(8))
    assert len(" › ".join(long_path)) > 300
    answer = Answer("q", True, [hit("deploy " * 150, heading=long_path) for _ in range(30)])
    for shown in (1, 5, 30):
        check(answer_embeds(answer, shown=shown))


def test_cut_code_is_fenced_again():
    code = "\n".join(f"echo deploy {i}  # step" for i in range(400))
    embeds = answer_embeds(Answer("q", True, [hit(code, code="bash")]))
    check(embeds)
    assert embeds[0].description.startswith("```bash")


def test_shorten_never_leaves_a_fence_open():
    text = "intro\n```python\n" + "x = 1\n" * 500 + "```\nafter"
    for limit in (20, 100, 1000, 3000):
        out = shorten(text, limit)
        assert len(out) <= limit and out.count("```") % 2 == 0


def test_mentions_in_documents_are_quoted_not_escaped_and_user_input_is_escaped():
    answer = Answer("@everyone what is <@&42>?", True, [hit("ping @everyone and <@&42> now")])
    embeds = answer_embeds(answer)
    assert (
        "@everyone" in embeds[0].description
    )  # quoted as written; AllowedMentions.none() keeps it silent
    miss = no_answer_message(Answer("@everyone **bold**", False, [], ["A > B"]))
    assert "@everyone" not in miss and "\\*\\*bold" in miss


def test_a_code_span_that_goes_on_to_the_next_line_is_not_marked_inside():
    """A code span may wrap within its paragraph ("`COPY\n../some-dir .`"): a chat shows
    "**" inside it as written, so the word is not marked there; a lone backtick before a
    blank line opens no span, and the words after it are marked as usual."""
    text = "the path `COPY\n../some-dir .` evaluates to COPY some-dir"
    assert bold_matches(text, ["copy"]) == (
        "the path `COPY\n../some-dir .` evaluates to **COPY** some-dir"
    )
    assert bold_matches("a ` tick\n\nthen copy `x`", ["copy"]) == "a ` tick\n\nthen **copy** `x`"


def test_bold_marks_matched_words_outside_code():
    out = bold_matches("Deploy with `deploy.sh` then deploy", ["deploy"])
    assert out == "**Deploy** with `deploy.sh` then **deploy**"


def test_salary_embed_with_many_facts():
    fact = SalaryFact(
        "Platform Engineer " + "x" * 300,
        "senior",
        "Senior",
        150000,
        220000,
        False,
        "USD",
        "year",
        "US Market, 2024",
        ("Pay",),
        "pay.md",
        3,
    )
    check([salary_embed([fact] * 40, "Salary " + "y" * 400)])


def test_section_embed_of_a_huge_section():
    for embed in section_embeds(("A",) * 100, "a.md", 1, 900, "line\n" * 5000):
        check([embed])


@pytest.mark.parametrize("question", ["", "x" * 5000, "😀" * 3000])
def test_no_answer_message_fits_in_a_message(question):
    assert len(no_answer_message(Answer(question, False, [], ["h" * 500] * 10))) <= 2000


GITHUB = SourceLinks(
    "https://github.com/acme/docs/blob/{commit}/{repo_path}#L{start}-L{end}",
    "0123456789abcdef0123456789abcdef01234567",
    "handbook/",
)


def test_each_quote_title_links_to_its_lines():
    answer = Answer("q", True, [hit("deploy it"), hit("deploy more", heading=("Other",))])
    embeds = answer_embeds(answer, shown=2, links=GITHUB)
    check(embeds)
    assert [e.url for e in embeds] == [
        "https://github.com/acme/docs/blob/0123456789abcdef0123456789abcdef01234567/handbook/docs/guide.md#L10-L10"
    ] * 2
    assert all(e.url is None for e in answer_embeds(answer, shown=2))  # no links: as before


@pytest.mark.parametrize(
    "template",
    [
        "https://x.test/" + "p" * URL_MAX + "{path}",  # too long for Discord
        "https://x.test/{path} ",  # a space
    ],
)
def test_a_link_discord_would_reject_is_left_out(template):
    embeds = answer_embeds(Answer("q", True, [hit("deploy it")]), links=SourceLinks(template))
    assert embeds[0].url is None
    assert link("https://x.test/" + "a" * (URL_MAX - 15)) is not None
    assert link("javascript:alert(1)") is None and link("https://:80/") is None


def test_salary_sources_and_title_link_to_their_lines():
    facts = [
        SalaryFact(
            "MLOps",
            level,
            level.title(),
            1,
            2,
            False,
            "USD",
            "year",
            None,
            ("Pay",),
            "pay (2024).md",
            line,
        )
        for level, line in (("junior", 3), ("senior", 4))
    ]
    embed = salary_embed(facts, "Salary", SourceLinks("https://docs.example.com/{path}#L{start}"))
    check([embed])
    assert embed.url == "https://docs.example.com/pay%20%282024%29.md#L3"
    assert (
        "[`pay (2024).md:4`](https://docs.example.com/pay%20%282024%29.md#L4)"
        in embed.fields[1].value
    )
    huge = SourceLinks("https://x.test/" + "p" * 1500 + "/{path}")  # would not fit a field value
    embed = salary_embed(facts, "Salary", huge)
    check([embed])
    assert embed.fields[0].value.endswith("`pay (2024).md:3`")


def test_section_embed_links_its_title():
    [embed] = section_embeds(("A",), "a.md", 1, 9, "text", "https://x.test/a.md#L1-L9")
    assert embed.url == "https://x.test/a.md#L1-L9"


# ----------------------------------------------------------------------------- /doc pages


def without_fence_fixes(description: str) -> str:
    """A page's text without the fence it was given to close, or to open again."""
    return re.sub(r"\n```$", "", re.sub(r"^```python\n", "", description))


def test_a_long_section_is_paged_in_order_each_page_within_the_limits():
    code = "```python\n" + "\n".join(f"step_{i} = run({i})" for i in range(400)) + "\n```"
    text = "\n".join(f"Paragraph {i}: " + "deploy the service " * 9 for i in range(60))
    text += "\n" + code + "\nThe end."
    embeds = section_embeds(("Guide", "Deploying"), "guide.md", 1, 900, text)
    assert len(embeds) > 2
    for n, embed in enumerate(embeds, 1):
        check([embed])  # description, title and total limits; no fence left open
        assert embed.footer.text == f"guide.md:1-900 · page {n} of {len(embeds)}"
    shown = "".join(without_fence_fixes(e.description) for e in embeds)
    assert re.sub(r"\s+", "", shown) == re.sub(r"\s+", "", text)  # all of it, in order
    inside = [e for e in embeds if e.description.startswith("```python")]
    assert inside, "a page that starts inside the code opens the fence again"


def test_a_section_of_one_page_has_no_page_number():
    [embed] = section_embeds(("A",), "a.md", 3, 9, "short text")
    assert embed.description == "short text" and embed.footer.text == "a.md:3-9"
    [empty] = section_embeds(("A",), "a.md", 3, 3, "")
    assert "no text of its own" in empty.description


def test_a_heading_without_text_shows_its_subsections_as_written():
    parts = [
        Section("g.md", ("Guide",), 1, 1, 1, "", 1),
        Section("g.md", ("Guide", "Install"), 2, 3, 4, "Run the installer.\nThen log in.", 2),
        Section("g.md", ("Guide", "Install", "Linux"), 3, 7, 7, "Use apt.", 6),
        Section("g.md", ("Guide", "Install", "Linux", "Deep"), 5, 8, 8, "Deeper.", 8),
    ]
    assert section_markdown(parts) == (
        "## Install\nRun the installer.\nThen log in.\n\n### Linux\nUse apt.\n### Deep\nDeeper."
    )


def test_an_html_table_is_shown_at_the_margin_under_its_paragraph():
    """A table written as HTML whose cells' text is indented (docker run's reference): the
    indentation shows nothing on the page and is not shown, and the blank line between
    the paragraph and the table stays, as between any two paragraphs."""
    text = (
        "### User memory constraints\n\nWe have four ways to set user memory usage:\n\n"
        "<table>\n  <tr>\n    <td>\n        <strong>memory=inf</strong> (default)\n"
        "    </td>\n    <td>\n        There is no memory limit for the container.\n"
        "    </td>\n  </tr>\n</table>\n\nAfter the table.\n\n<pre>\n  kept as is\n</pre>"
    )
    description = hit_embed(hit(text), 1, 1).description or ""
    assert description.split("\n") == [
        "### User memory constraints",
        "",
        "We have four ways to set user memory usage:",
        "",
        "**memory=inf** (default)",
        "There is no memory limit for the container.",
        "",
        "After the table.",
        "",
        "  kept as is",
    ]


def test_html_a_page_shows_as_formatting_is_shown_as_markdown_not_tags():
    """A table a word processor exported as HTML, quoted as the file has it: the embed shows
    its words in their order, each cell on a line of its own, bold as bold and list items
    as items, with no tag left; an autolink, a generic and code stay as written."""
    text = (
        "<table>\n  <tr>\n   <td><strong>Role</strong>\n   </td>\n   <td>Duty &amp; scope\n"
        "   </td>\n  </tr>\n  <tr>\n   <td>VP of Engineering\n   </td>\n"
        "   <td><ul><li>Leads the deploy recovery</li><li>Reports to the CEO</li></ul>\n"
        "   </td>\n  </tr>\n</table>\n"
        'See <https://example.com/runbook>, <a href="https://example.com/x">the plan</a>,'
        " `Vector<int>` and Vector<T>."
    )
    description = hit_embed(hit(text), 1, 1).description or ""
    assert not re.search(r"</?(table|tr|td|ul|li|strong)\b", description)
    assert description.split("\n")[:6] == [
        "**Role**",
        "Duty & scope",
        "VP of Engineering",
        "- Leads the **deploy** recovery",
        "- Reports to the CEO",
        "See <https://example.com/runbook>, [the plan](https://example.com/x), `Vector<int>`"
        " and Vector<T>.",
    ]
