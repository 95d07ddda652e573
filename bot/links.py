"""Reference-style links: a link written "[text][label]", "[label][]" or "[label]" in the
text, its address given once elsewhere in the file ("[label]: https://…", often at the
end). A quote holds the link but rarely its definition, so a reader would see brackets
and no address: each passage keeps the addresses of the links it uses
(:func:`used_links`), and a quote is shown with them written inline (:func:`with_links`),
as a chat shows links. Only absolute http(s) addresses: a site's own paths ("/manual/x")
lead nowhere outside it.

A link to another Markdown file of the corpus ("[the deploy guide](../deploy.md)"), or to a
page of the site the docs make ("[alerts](/manual/alerts.html)", "../guide/build"), leads to
that file where the corpus has links to its source (:func:`file_links`, :func:`with_targets`).

So does a wiki link, as a notes vault writes them (Obsidian, Foam): "[[Deploy]]", "[[Deploy|the
deploy guide]]", "[[Deploy#Rollback]]", "![[diagram.png]]" (an embed). A quote shows it as the
text a reader sees, linked where it can be (:func:`with_wiki_links`).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator, Mapping

Links = tuple[tuple[str, str], ...]  # (label as the text writes it, address), first use first

# "[text][label]", "[label][]" or "[label]"; not an image ("![…]"), an inline link
# ("[text](url)"), a definition ("[label]: url"), nor the second half of a full reference
_REFERENCE = re.compile(r"(?<![!\]\\])\[([^\[\]\n]+)\](?:\[([^\[\]\n]*)\])?(?![(:\[])")
# code, where brackets are code: a fence (to the end when the quote cut it) or a code span;
# split by it, a text's code is its odd parts
_FENCE = r"```.*?(?:```|$)"  # a fenced code block, or its start when the quote cuts it
CODE = re.compile(rf"({_FENCE}|`[^`\n]*`)", re.DOTALL)
FENCED = re.compile(f"({_FENCE})", re.DOTALL)
_ADDRESS = re.compile(r"https?://\S+", re.IGNORECASE)


def inline_link(text: str, href: str) -> str:
    """``[text](href)``, a bracket in the address encoded: it would end the link early
    ("…/Foo_(bar)")."""
    return f"[{text}]({href.replace('(', '%28').replace(')', '%29')})"


def _prose(text: str) -> Iterator[str]:
    """The parts of ``text`` outside code."""
    return iter(CODE.split(text)[::2])


def _sub_prose(pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str], text: str) -> str:
    """``pattern.sub(repl, …)`` on the parts of ``text`` outside code."""
    parts = CODE.split(text)
    return "".join(p if i % 2 else pattern.sub(repl, p) for i, p in enumerate(parts))


def normalized(label: str) -> str:
    """A label as Markdown compares them: case and runs of white space do not count."""
    return " ".join(label.split()).lower().upper()


def _uses(text: str) -> Iterator[tuple[re.Match[str], str]]:
    """Each reference written in ``text`` outside code, with the label it names."""
    if "[" not in text:
        return
    for part in _prose(text):
        for m in _REFERENCE.finditer(part):
            yield m, m.group(2) or m.group(1)


def used_links(text: str, definitions: Mapping[str, Mapping[str, str]]) -> Links:
    """The links of ``text`` whose labels ``definitions`` define with an http(s) address,
    or a path that may name a page of the corpus ("/manual/alerts.html", "../deploy.md";
    see :func:`file_links`).

    ``definitions`` maps a normalized label to its definition's ``href``, as markdown-it
    reads them into ``env["references"]``."""
    found: dict[str, tuple[str, str]] = {}
    for _, label in _uses(text):
        key = normalized(label)
        if key in found or key not in definitions:
            continue
        href = definitions[key].get("href", "")
        if _ADDRESS.fullmatch(href) or (href and not _SCHEME.match(href) and href[0] != "#"):
            found[key] = (label, href)
    return tuple(found.values())


def addressed(links: Links, files: Mapping[str, str | None]) -> Links:
    """Each of ``links`` led to its http(s) address: its own, or where ``files`` leads the
    page it names (a file's source); those with none left out."""
    led = ((label, files.get(href) or href) for label, href in links)
    return tuple((label, href) for label, href in led if _ADDRESS.fullmatch(href))


def with_links(text: str, links: Links) -> str:
    """``text`` with each reference to one of ``links`` written as an inline link,
    ``[text](address)``; the rest as written."""
    if not links or "[" not in text:
        return text
    address = {normalized(label): href for label, href in links}

    def inline(m: re.Match[str]) -> str:
        href = address.get(normalized(m.group(2) or m.group(1)))
        return m.group() if href is None else inline_link(m.group(1), href)

    return _sub_prose(_REFERENCE, inline, text)


# an inline link "[text](target)" or "[text](target "title")"; not an image's. The target
# may be a site generator's tag for a page's address: "{% page "/travel-101/" %}" (Eleventy),
# "{% link _docs/setup.md %}" (Jekyll). The "[" comes first and what stands before it is
# looked at after it: a pattern that opens with a character is searched for that character,
# one that opens with a look-behind is tried at every position of the text (six times slower)
_INLINE = re.compile(
    r"\[(?<![!\\]\[)([^\[\]\n]*)\]\((\{%[^%\n]*%\}[^()\s]*|[^()\s]+)(\s+\"[^\"\n]*\")?\)"
)
_TAG_TARGET = re.compile(r'\{%-?\s*(?:page|link)\s+"?([^"\s%]+)"?\s*-?%\}(.*)')
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_ELSEWHERE = ("https:", "http:", "#", "mailto:")  # most targets: answered at once
# ... and most others name a Markdown file by a relative path ("../deploy.md#rollback")
_FILE_TARGET = re.compile(
    r"(?![a-z][a-z0-9+.-]*:|[/#{])([^?#]+\.(?:md|mdx|markdown))(?:[?#].*)?", re.IGNORECASE
)
# the extensions of a page: its Markdown file's, or the site's page's ("alerts.html")
_PAGE_EXTENSION = re.compile(r"\.(?:md|mdx|markdown|html?)$", re.IGNORECASE)
_SITE_EXTENSION = re.compile(r"\.html?$", re.IGNORECASE)
# the files that may hold the page at a path, tried in turn
_PAGE_FILES = (".md", ".mdx", ".markdown", ".html.md", "/index.md", "/_index.md", "/README.md")


def _inline_uses(text: str) -> Iterator[re.Match[str]]:
    """Each inline link written in ``text`` outside code."""
    if "](" not in text:
        return
    for part in _prose(text):
        yield from _INLINE.finditer(part)


def _no_file(name: str) -> str | None:
    return None


def _inside(path: str) -> bool:
    return not path.startswith("../") and path not in ("..", ".")


def file_links(
    text: str,
    source: str,
    has_file: Callable[[str], bool],
    page_at: Callable[[str], str | None] = _no_file,
    memo: dict[tuple[str, str], str | None] | None = None,
    refs: Links = (),
) -> Links:
    """The links of ``text`` (from the corpus file ``source``) to another Markdown file of
    the corpus, each as (the target as written, the file's path in the corpus): see
    :func:`_page_file`. Then its wiki links, each as (the link as written, the file): see
    :func:`_wiki_file`. ``has_file`` says whether the corpus holds a path; ``page_at`` gives
    the one file at a site's address (see SearchIndex.page_at). Never outside the corpus.
    ``memo`` keeps each target's file for next time, by the page's folder: the same
    links recur on many pages. ``refs``, the addresses of its reference-style links (see
    :func:`used_links`), name files by their addresses too."""
    if "](" not in text and "[[" not in text and not refs:
        return ()  # most quotes: no link at all
    found: dict[str, str] = {}
    folder = posixpath.dirname(source)
    memo = {} if memo is None else memo
    for _, href in refs:
        if href not in found and (path := _memo_file(href, folder, has_file, page_at, memo)):
            found[href] = path
    if "[[" in text:
        for m in _wiki_uses(text):
            path = _wiki_file(m.group(1), folder, has_file, page_at)
            if path is not None:
                found.setdefault(m.group(), path)
    links = text.count("](")
    if links and links > text.count("](http") + text.count("](#"):  # not all elsewhere
        for m in _inline_uses(text):
            target = m.group(2)
            if target not in found and (
                path := _memo_file(target, folder, has_file, page_at, memo)
            ):
                found[target] = path
    return tuple(found.items())


def _memo_file(
    target: str,
    folder: str,
    has_file: Callable[[str], bool],
    page_at: Callable[[str], str | None],
    memo: dict[tuple[str, str], str | None],
) -> str | None:
    """:func:`_page_file`, kept in ``memo`` by the target and the page's folder."""
    if (key := (target, folder)) not in memo:
        memo[key] = _page_file(target, folder, has_file, page_at)
    return memo[key]


def _page_file(
    target: str, folder: str, has_file: Callable[[str], bool], page_at: Callable[[str], str | None]
) -> str | None:
    """The corpus's file a link's target names: a Markdown file by its path from the page's
    folder ("../ops/deploy.md#rollback"), or a page of the site the docs make, by its path
    from there ("../guide/build#multi-page-app", "heroku.html") or by its address on the
    site ("/manual/alerts.html", "/guide/features/", a generator's "{% page "/x/" %}"),
    which the one file at that address answers. Not an address elsewhere ("https://…"), a
    place on the same page ("#usage"), nor a file of another kind ("pic.png")."""
    if target.startswith(_ELSEWHERE):
        return None
    if md := _FILE_TARGET.fullmatch(target):  # most: "../ops/deploy.md#rollback"
        path = posixpath.normpath(posixpath.join(folder, md.group(1)))
        return path if _inside(path) and has_file(path) else None
    tag = _TAG_TARGET.fullmatch(target) if target.startswith("{") else None
    path = (tag.group(1) if tag else target).partition("#")[0].partition("?")[0]
    if not path or _SCHEME.match(path) or path.startswith("//"):
        return None
    name = path.rstrip("/").rpartition("/")[2]
    if "." in name.lstrip(".") and not _PAGE_EXTENSION.search(name):
        return None  # "diagram.png", "report.pdf"
    page = _SITE_EXTENSION.sub("", path.rstrip("/"))
    if path.startswith("/") or tag:  # the address on the site: "/manual/alerts.html"
        return page_at(_MARKDOWN_FILE.sub("", page).strip("/"))
    page = posixpath.normpath(posixpath.join(folder, page))
    if not _inside(page):
        return None
    if _MARKDOWN_FILE.search(page):
        return page if has_file(page) else None
    return next((page + end for end in _PAGE_FILES if has_file(page + end)), None)


def with_targets(text: str, addresses: Mapping[str, str]) -> str:
    """``text`` with each inline link whose target ``addresses`` maps led to that address
    instead; the rest as written."""
    if not addresses or "](" not in text:
        return text

    def led(m: re.Match[str]) -> str:
        href = addresses.get(m.group(2))
        return m.group() if href is None else inline_link(m.group(1), href)

    return _sub_prose(_INLINE, led, text)


# a wiki link: "[[page]]", "[[page#heading]]", "[[page|text shown]]", "[[#heading]]", or an
# embed, "![[page]]". The page neither starts nor ends with a space: "[[ -f x ]]" is a shell
# test. A C++ attribute ("[[nodiscard]]") or a TOML table ("[[tool.uv.index]]") outside code
# reads the same: such a link is shown as a link only when it names a file of the corpus, or
# gives the text to show
_WIKI = re.compile(
    r"(?<!\\)!?\[\[(?![\s|\]])([^\[\]|#\n]*?)(?<!\s)(?:#([^\[\]|\n]*))?(?:\|([^\[\]\n]*))?\]\]"
)
_MARKDOWN_FILE = re.compile(r"\.(?:md|mdx|markdown)$", re.IGNORECASE)


def _wiki_uses(text: str) -> Iterator[re.Match[str]]:
    """Each wiki link written in ``text`` outside code."""
    for part in _prose(text):
        yield from _WIKI.finditer(part)


def _wiki_file(
    page: str, folder: str, has_file: Callable[[str], bool], page_at: Callable[[str], str | None]
) -> str | None:
    """The corpus's file a wiki link names, as a notes app finds it: by its path from the
    page's folder, then from the corpus's top, then the one file whose path ends so
    anywhere (case ignored); ".md" may be left out. Never outside the corpus."""
    if not page or page.startswith("/"):
        return None
    name = page if _MARKDOWN_FILE.search(page) else f"{page}.md"
    for path in (posixpath.join(folder, name), name):
        path = posixpath.normpath(path)
        if _inside(path) and has_file(path):
            return path
    return page_at(_MARKDOWN_FILE.sub("", page)) if _inside(posixpath.normpath(page)) else None


def _wiki_shown(m: re.Match[str]) -> str:
    """What a reader sees of a wiki link: its text, else the page (and the heading)."""
    page, heading, text = m.group(1), m.group(2), m.group(3)
    if text and text.strip():
        return text.strip()
    page = _MARKDOWN_FILE.sub("", page)
    if heading and heading.strip():
        return f"{page} > {heading.strip()}" if page else heading.strip()
    return page


def with_wiki_links(text: str, addresses: Mapping[str, str | None]) -> str:
    """``text`` with each wiki link shown as a reader sees it: a link to the file it names,
    led to ``addresses``' address for it ([text](address)), or its text where there is none;
    a link to no file of the corpus as its text when it gives one ("[[Rota|the rota]]"),
    else as written (it may be no link: "[[nodiscard]]")."""
    if "[[" not in text:
        return text

    def shown(m: re.Match[str]) -> str:
        if m.group() in addresses:
            href = addresses[m.group()]
            return inline_link(_wiki_shown(m), href) if href else _wiki_shown(m)
        return _wiki_shown(m) if m.group(3) and m.group(3).strip() else m.group()

    return _sub_prose(_WIKI, shown, text)
