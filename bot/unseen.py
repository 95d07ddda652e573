"""What readers of a rendered page never see, and so is neither indexed nor quoted: HTML
that shows no text (comments, ``<details>``, scripts), MDX's code for the page, HTML
comments inside text, Liquid's comments and block tags, the closing line of a fenced
container, kramdown's attribute lists (``{: .note}``, ``{:toc}``) and MyST's targets
(``(install-guide)=``). Nor is a page's own
table of contents written out, which readers see but which only repeats the headings. Each
is made blank (or cut out of its line), so line numbers still point into the file.

Pure: no files, no Discord.
"""

from __future__ import annotations

import re

from .blocks import Block, container_end, parse_tokens, shows_text


def readable(
    blocks: list[Block], lines: list[str], text: str, *, mdx: bool
) -> tuple[list[Block], list[str]]:
    """The blocks readers see, and ``lines`` with what they never see made blank or cut
    out (see the module's docstring); ``text`` is the document the lines are of."""
    blocks, lines = _shown(blocks, lines, mdx=mdx)
    if "<!--" in text or "{%" in text:
        lines = _without_comments(blocks, lines, _template_tags(text))
    if "{:" in text or ")=" in text:
        lines = _without_attribute_lists(blocks, lines)
    return blocks, lines


# kramdown's (Jekyll's) attribute list on a line of its own, "{: .note}", "{: #intro}", or
# its table of contents, "{:toc}", which replaces the list item it ends ("* TOC")
_ATTRIBUTE_LIST = re.compile(r"[ \t]*\{:[^{}\n]*\}[ \t]*")
# MyST's (Sphinx's, Jupyter Book's) target on a line of its own, "(install-guide)=": it names
# the heading under it for cross-references, and readers never see it; read as text, it
# gave the section above it the words of the next one's heading
_TARGET = re.compile(r"[ \t]*\([^()\s]+\)=[ \t]*")
_TOC = re.compile(r"[ \t]*\{:\s*\.?toc\}[ \t]*")
_ITEM = re.compile(r"[ \t]*(?:[*+-]|\d+[.)])[ \t]")


def _without_attribute_lists(blocks: list[Block], lines: list[str]) -> list[str]:
    """The lines with kramdown's attribute lists made blank: they style or name the
    block above them, and readers never see them; a table of contents' marker with the
    list item it replaces; and MyST's targets. Code and HTML blocks stay as written."""
    lines = list(lines)
    for b in blocks:
        if b.kind in _VERBATIM:
            continue
        code = {k for t in b.tokens if t.map and t.type in _VERBATIM for k in range(*t.map)}
        for n in range(b.start, min(b.end, len(lines))):
            if n in code:
                continue
            if _TARGET.fullmatch(lines[n]):
                lines[n] = ""
            elif _ATTRIBUTE_LIST.fullmatch(lines[n]):
                if _TOC.fullmatch(lines[n]) and n > b.start and _ITEM.match(lines[n - 1]):
                    lines[n - 1] = ""
                lines[n] = ""
    return lines


_MDX_ESM = re.compile(  # import X from "y"; import "y"; export const / default / { ... }
    r"import\s+(?:[\w*{][^\n]*?\bfrom\s*|)[\"']"
    r"|export\s+(?:const|let|var|function|async|class|default|\{|\*)"
)
_MDX_EXPRESSION = re.compile(r"\{.*\}", re.DOTALL)


def _shown(blocks: list[Block], lines: list[str], *, mdx: bool) -> tuple[list[Block], list[str]]:
    """The blocks readers see, and the lines with the others left blank, so that what
    readers never see is never indexed or quoted and line numbers stay: HTML that shows no
    text (:func:`bot.blocks.shows_text`: comments, ``<details>``, an image) and, in MDX
    (Markdown with JSX, as Docusaurus and Nextra write it), the code for the page:
    ``import``/``export`` statements and ``{expressions}`` such as ``{/* a comment */}``.
    A JSX element that shows no text (``<Tabs>``) is such HTML; the Markdown inside one is
    read as Markdown. So is the line that closes a fenced container (``:::``): its marker
    line says what the body is, the closing line nothing."""
    seen = [_seen(b, lines, mdx) for b in blocks]
    unseen = (
        [(b.start, b.end) for b, ok in zip(blocks, seen) if not ok]
        + [
            (t.map[0], t.map[1])  # inside a list item or a quote
            for b in blocks
            for t in b.tokens[1:]
            if t.type == "html_block" and t.map and not shows_text(t.content)
        ]
        + [
            (container_end(b) - 1, container_end(b))
            for b in blocks
            if b.kind == "container" and b.tokens and b.tokens[0].markup
        ]
    )
    if not unseen:
        return blocks, lines
    lines = list(lines)
    for start, end in unseen:
        lines[start:end] = [""] * len(lines[start:end])
    return [b for b, ok in zip(blocks, seen) if ok], lines


# a list item that is only a link to a heading of its own page: "- [Install](#install)"
_TOC_ITEM = re.compile(r"[ \t]*(?:[*+-]|\d+[.)])[ \t]+\[[^\]\n]*\]\(#[^)\s]*\)[ \t]*")
TOC_MIN_ITEMS = 3  # a list of this many such items, and nothing else, is a table of contents


def is_table_of_contents(block: Block, lines: list[str]) -> bool:
    """Whether a list is a page's table of contents: TOC_MIN_ITEMS items or more, each only
    a link to a heading of the page. It repeats the headings, whose sections are indexed,
    and quoted it answers nothing: for most questions it holds more of their words than
    the section that answers them does."""
    if block.kind not in ("bullet_list", "ordered_list"):
        return False
    items = [line for line in lines[block.start : block.end] if line.strip()]
    return len(items) >= TOC_MIN_ITEMS and all(_TOC_ITEM.fullmatch(line) for line in items)


def _seen(block: Block, lines: list[str], mdx: bool) -> bool:
    if is_table_of_contents(block, lines):
        return False
    if block.kind == "html_block":
        return not block.tokens or shows_text(block.tokens[0].content)
    if mdx and block.kind == "paragraph":
        text = "\n".join(lines[block.start : block.end]).strip()
        return not (_MDX_ESM.match(text) or _MDX_EXPRESSION.fullmatch(text))
    return True


_COMMENT_OR_CODE_SPAN = re.compile(r"(`+).+?\1|<!--.*?-->", re.DOTALL)
_VERBATIM = ("fence", "code_block", "html_block", "front_matter")  # never edited
# Liquid's tags, as Jekyll and Eleventy write them: a comment, and the tags that open and
# close a block ("{% alert %} ... {% endalert %}", "{% raw %}"): the site shows the body,
# never the tags. (Hugo's paired shortcodes stay as written: on Hugo's docs, cutting them
# answered one question more and one no-answer question too.)
_LIQUID_END = re.compile(r"\{%-?\s*end([a-z_]\w*)\s*-?%\}")
_LIQUID_COMMENT = re.compile(r"\{%-?\s*(end)?comment\s*-?%\}")


def without_liquid_comments(text: str) -> str:
    """``text`` with each Liquid comment (``{% comment %}`` to ``{% endcomment %}``, across
    lines and blocks, a heading too) made blank, its line breaks kept; in code, or in a
    code span, the tags are text. One pass, however many tags never close. Line breaks
    come back as markdown-it reads them, each "\n": a lone "\r" is one too, and made blank
    beside another it would join it into one "\r\n"."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    code: set[int] = set()
    for t in parse_tokens(text):
        if t.map and t.type in ("fence", "code_block"):
            code.update(range(t.map[0], t.map[1]))
    out, at, opened = [], 0, -1
    seen, line, line_start, ticks = 0, 0, 0, 0  # read up to seen: its line, backticks on it
    for m in _LIQUID_COMMENT.finditer(text):
        breaks = text.count("\n", seen, m.start())
        if breaks:
            line += breaks
            line_start = text.rfind("\n", seen, m.start()) + 1
            ticks = text.count("`", line_start, m.start())
        else:
            ticks += text.count("`", seen, m.start())
        seen = m.start()
        if line in code or ticks % 2:
            continue
        if m.group(1) is None:
            opened = m.start() if opened < 0 else opened
        elif opened >= 0:
            out += [text[at:opened], "\n" * text.count("\n", opened, m.end())]
            at, opened = m.end(), -1
    return "".join(out) + text[at:] if out else text


def _template_tags(text: str) -> re.Pattern[str] | None:
    """What to cut out of text besides HTML comments: the tags of the Liquid block tags
    the document closes somewhere (``{% endalert %}``); None when it has none."""
    names = set(_LIQUID_END.findall(text)) - {"comment"} if "{%" in text else set()
    if not names:
        return None
    either = "|".join(map(re.escape, sorted(names)))
    tag = rf"\{{%-?\s*(?:end)?(?:{either})\b[^%]*-?%\}}"
    return re.compile(rf"(`+).+?\1|<!--.*?-->|{tag}", re.DOTALL)


def _without_comments(
    blocks: list[Block], lines: list[str], templates: re.Pattern[str] | None = None
) -> list[str]:
    """The lines with the HTML comments inside text removed (``Deploy on Fridays
    <!-- check with Ana -->``), and the template tags of ``templates`` (see
    _template_tags); code, HTML blocks, and comments shown in code spans stay as
    written. Line numbers stay."""
    lines = list(lines)
    cut = templates or _COMMENT_OR_CODE_SPAN
    for b in blocks:
        if b.kind in _VERBATIM:
            continue
        keep: set[int] = set()  # lines of code nested in the block (a fence in a list item)
        for t in b.tokens:
            if t.map and t.type in _VERBATIM:
                keep.update(range(t.map[0], t.map[1]))
        run: list[int] = []
        for n in [*range(b.start, min(b.end, len(lines))), -1]:
            if n >= 0 and n not in keep:
                run.append(n)
                continue
            text = "\n".join(lines[k] for k in run)
            if "<!--" in text or (templates is not None and "{%" in text):
                text = cut.sub(
                    lambda m: m.group() if m.group(1) else "\n" * m.group().count("\n"), text
                )
                for k, line in zip(run, text.split("\n")):
                    lines[k] = line
            run = []
    return lines
