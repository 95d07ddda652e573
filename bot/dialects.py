"""The marks a site generator reads in Markdown and a chat does not, shown as the page shows
them: an alert's marker as its title (GitHub, Microsoft Learn, a notes vault's callouts),
DocFX's images, includes and code samples (Microsoft Learn) as what they stand for, and
HTML written inside the Markdown as the formatting it shows (html_as_markdown), which is
also what the index reads of it: a tag's name and attributes are no words of the page.
Only how a quote reads changes: the words are the document's, in its order; code stays
as written. Pure: no files, no Discord.
"""

from __future__ import annotations

import html
import posixpath
import re

from .containers import fenced_directive_title
from .links import CODE, FENCED

# an alert or callout opening a quote block: GitHub's and Microsoft Learn's "> [!NOTE]", a notes
# vault's "> [!tip]- Its title" (+ or - folds it). Not DocFX's "> [!div class=…]"
_ALERT = re.compile(
    r"^([ \t]*(?:>[ \t]?)+)\[!([A-Za-z][\w-]*)\][+-]?(?:[ \t]+(\S.*?))?[ \t]*$", re.MULTILINE
)
# DocFX: an image, ':::image type="content" source="media/x.png" alt-text="A screenshot":::'
# (a "complex" one's long description follows, to ":::image-end:::"); a file included
# whole, "[!INCLUDE[label](includes/note.md)]"; a code sample kept in a file of its own,
# "[!code-cpp[label#2](codesnippet/cpp/x_1.cpp)]"
_IMAGE = re.compile(r":::image\s([^\n]*?):::")
_IMAGE_END = re.compile(r"^[ \t]*:::image-end:::[ \t]*\n?", re.MULTILINE)
_ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
_INCLUDE = re.compile(r"\[!INCLUDE\s*\[([^\[\]\n]*)\]\(([^()\s]*)\)\]", re.IGNORECASE)
_SAMPLE = re.compile(r"\[!code-([\w+#-]*)\s*\[[^\[\]\n]*\]\(([^()\s]*)\)\]", re.IGNORECASE)
_FENCE = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})(.*)")  # a line that opens or closes a code fence


def marks_as_shown(text: str) -> str:
    """``text`` with its alerts and DocFX's marks shown as the page shows them, outside
    code: "> [!IMPORTANT]" as "> **Important**", "> [!tip] Before you start" as
    "> **Before you start**"; an image as its alt text, "*(image: A screenshot)*"; an
    include as "*(included: label)*", or as a link where the quote has one for it; a code
    sample as "*(code sample: x_1.cpp)*"; a MyST directive of prose opened in a code fence
    as its title, "```{note}" as "**Note**" (the body is prose, not code)."""
    if "{" in text:
        text = _directive_titles(text)
    if "[!" not in text and ":::" not in text:
        return text
    parts = CODE.split(text)
    return "".join(p if i % 2 else _shown(p) for i, p in enumerate(parts))


def _shown(part: str) -> str:
    part = _ALERT.sub(_alert_title, part)
    part = _IMAGE_END.sub("", _IMAGE.sub(_image, part))
    part = _INCLUDE.sub(_include, part)
    return _SAMPLE.sub(lambda m: _aside("code sample", posixpath.basename(m.group(2))), part)


def _directive_titles(text: str) -> str:
    """``text`` with each MyST directive of prose opened in a code fence shown as its title
    in bold (see containers.fenced_directive_title); lines in code stay as written."""
    lines = text.split("\n")
    fence = ""  # the code fence open at this line, if any
    for i, line in enumerate(lines):
        m = _FENCE.fullmatch(line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = "" if not m.group(2).strip() else fence
        elif (title := fenced_directive_title(line)) is not None:
            lines[i] = f"**{title}**"
        elif m:
            fence = m.group(1)
    return "\n".join(lines)


def _alert_title(m: re.Match[str]) -> str:
    return f"{m.group(1)}**{m.group(3) or m.group(2).capitalize()}**"


def _image(m: re.Match[str]) -> str:
    attributes = dict(_ATTRIBUTE.findall(m.group(1)))
    alt = attributes.get("alt-text") or posixpath.basename(attributes.get("source", ""))
    return _aside("image", alt) if alt else ""


def _include(m: re.Match[str]) -> str:
    label, target = m.group(1).strip(), m.group(2)
    if target.startswith(("https://", "http://")):  # led to its source (see with_targets)
        return _aside("included", f"[{label or posixpath.basename(target)}]({target})")
    return _aside("included", label or posixpath.basename(target))


def _aside(kind: str, what: str) -> str:
    """A thing the page shows that a quote cannot, said in italics."""
    return f"*({kind}: {what.replace('*', '')})*"


# a table's row: indented four spaces or more it is a code block's line (ASCII art)
_TABLE_ROW = re.compile(r"^ {0,3}\|.*\|[ \t]*$", re.MULTILINE)
_PADDING = re.compile(r"[ \t]{2,}")
_RULE_CELL = re.compile(r"(?<=[|])([ \t]*:?)-{3,}(:?[ \t]*)(?=[|])")
_INLINE_CODE = re.compile(r"(`[^`\n]*`)")


def tables_unpadded(text: str) -> str:
    """``text`` with its tables' rows as a chat shows them: a chat draws no table, so the
    spaces that pad each cell to its column's width (a few hundred a row in a generated
    reference) are lines of blanks; each cell keeps one space on either side, a rule's
    cells are ``---``. Code stays as written."""
    if "|" not in text:
        return text
    parts = FENCED.split(text)
    return "".join(p if i % 2 else _TABLE_ROW.sub(_unpadded_row, p) for i, p in enumerate(parts))


def _unpadded_row(m: re.Match[str]) -> str:
    parts = _INLINE_CODE.split(m.group(0).strip())
    row = "".join(p if i % 2 else _PADDING.sub(" ", p) for i, p in enumerate(parts))
    return _RULE_CELL.sub(lambda r: f"{r.group(1).strip()}---{r.group(2).strip()}", row)


# HTML a rendered page shows as formatting or layout (a table exported from a word
# processor, "<strong>", "<br>"); an autolink ("<https://…>") or a generic ("Vector<T>") is
# no such tag
_HTML_TAG = re.compile(
    r"<(/?)(a|b|i|u|s|em|strong|code|kbd|sup|sub|del|span|font|br|hr|p|div|li|ul|ol|dl|dt|dd"
    r"|table|thead|tbody|tfoot|tr|td|th|h[1-6]|center|blockquote|pre|img|details|summary)"
    r"(?=[\s/>])[^<>]*>",
    re.IGNORECASE,
)
_HTML_LINK = re.compile(r'<a\s[^<>]*?href="(https?://[^"\s<>]+)"[^<>]*>([^<>]*)</a>', re.IGNORECASE)
_HTML_MARKS = {"b": "**", "strong": "**", "i": "*", "em": "*", "code": "`", "kbd": "`"}
_HTML_INLINE = frozenset(("a", "u", "s", "sup", "sub", "del", "span", "font", "img", "summary"))


def as_chat_shows(text: str) -> str:
    """A quote's Markdown as a chat shows it: its HTML as Markdown (html_as_markdown), its
    tables' rows without their padding (tables_unpadded). The Discord embed and the
    terminal both show quotes so."""
    return tables_unpadded(html_as_markdown(text))


def html_as_markdown(text: str) -> str:
    """``text`` with the HTML a rendered page shows as formatting written as Markdown, as a
    chat shows it: bold and italics as ``**`` and ``*``, a list item as "- ", a link as
    ``[text](url)``, each cell, row or paragraph on a line of its own, the other tags left
    out, lines left empty by them dropped, and entities (``&amp;``) as the characters they
    show. Only the markup changes: the words are the document's, in its order. Code
    (fenced or in backticks) stays as written."""
    if "<" not in text and "&" not in text:
        return text
    parts = CODE.split(text)
    return "".join(p if i % 2 else _markup(p) for i, p in enumerate(parts)).strip("\n")


# a line that opens an HTML block (CommonMark's sixth kind, up to its blank line), in which
# a line's indentation shows nothing; but "<pre>" keeps it
_HTML_BLOCK = re.compile(
    r"[ \t]{0,3}<(?:table|thead|tbody|tr|td|th|div|p|ul|ol|li|dl|dt|dd|details|blockquote"
    r"|center|h[1-6])(?=[\s/>])",
    re.IGNORECASE,
)
_BLANK_LINE = re.compile(r"(\n[ \t]*\n)")
_PARAGRAPH = "\x00"  # a blank line of the document's, while tags are taken out


def _unindented(part: str) -> str:
    """``part`` with the lines of its HTML blocks at the margin."""
    chunks = _BLANK_LINE.split(part)
    for i in range(0, len(chunks), 2):
        chunk = chunks[i]
        if _HTML_BLOCK.match(chunk.lstrip("\n")) and "<pre" not in chunk.lower():
            chunks[i] = "\n".join(line.lstrip() for line in chunk.split("\n"))
    return "".join(chunks)


def _markup(part: str) -> str:
    """A part of a quote outside code, its HTML as Markdown (see html_as_markdown)."""
    if "<" in part:
        part = _unindented(part)
    # the blank lines between paragraphs, marked to tell them from those tags leave
    shown = _BLANK_LINE.sub(f"\n{_PARAGRAPH}\n", part)
    shown = _HTML_LINK.sub(lambda m: f"[{m.group(2).strip()}]({m.group(1)})", shown)

    def tag(m: re.Match[str]) -> str:
        close, name = m.group(1), m.group(2).lower()
        if name in _HTML_MARKS:
            return _HTML_MARKS[name]
        if name == "li":
            return "" if close else "\n- "
        return "" if name in _HTML_INLINE else "\n"

    shown = html.unescape(_HTML_TAG.sub(tag, shown))
    if shown.replace(f"\n{_PARAGRAPH}\n", "\n\n") == part:
        return part
    # a line a tag alone stood on, or a break between cells, leaves no blank line; one
    # blank line is kept between two paragraphs
    kept: list[str] = []
    for line in shown.split("\n"):
        if line == _PARAGRAPH:
            if kept and kept[-1]:
                kept.append("")
        elif line.strip(_PARAGRAPH + " \t"):
            kept.append(line.replace(_PARAGRAPH, ""))  # one a link's text spanned
    if kept and not kept[-1]:
        kept.pop()
    edge = ("\n" if part.startswith("\n") else "", "\n" if part.endswith("\n") else "")
    return edge[0] + "\n".join(kept) + edge[1]
