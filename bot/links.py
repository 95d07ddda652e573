"""Reference-style links: a link written "[text][label]", "[label][]" or "[label]" in the
text, its address given once elsewhere in the file ("[label]: https://…", often at the
end). A quote holds the link but rarely its definition, so a reader would see brackets
and no address: each passage keeps the addresses of the links it uses
(:func:`used_links`), and a quote is shown with them written inline (:func:`with_links`),
as a chat shows links. Only absolute http(s) addresses: a site's own paths ("/manual/x")
lead nowhere outside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

Links = tuple[tuple[str, str], ...]  # (label as the text writes it, address), first use first

# "[text][label]", "[label][]" or "[label]"; not an image ("![…]"), an inline link
# ("[text](url)"), a definition ("[label]: url"), nor the second half of a full reference
_REFERENCE = re.compile(r"(?<![!\]\\])\[([^\[\]\n]+)\](?:\[([^\[\]\n]*)\])?(?![(:\[])")
# code, where brackets are code: a fence (to the end when the quote cut it) or a code span
_CODE = re.compile(r"(```.*?(?:```|$)|`[^`\n]*`)", re.DOTALL)
_ADDRESS = re.compile(r"https?://\S+", re.IGNORECASE)


def normalized(label: str) -> str:
    """A label as Markdown compares them: case and runs of white space do not count."""
    return " ".join(label.split()).lower().upper()


def _uses(text: str) -> Iterator[tuple[re.Match[str], str]]:
    """Each reference written in ``text`` outside code, with the label it names."""
    if "[" not in text:
        return
    for i, part in enumerate(_CODE.split(text)):
        if i % 2:
            continue
        for m in _REFERENCE.finditer(part):
            yield m, m.group(2) or m.group(1)


def has_references(text: str) -> bool:
    """Whether ``text`` writes a link that may be a reference ("[label]", "[text][label]")."""
    return next(_uses(text), None) is not None


def used_links(text: str, definitions: Mapping[str, Mapping[str, str]]) -> Links:
    """The links of ``text`` whose labels ``definitions`` define with an http(s) address.

    ``definitions`` maps a normalized label to its definition's ``href``, as markdown-it
    reads them into ``env["references"]``."""
    found: dict[str, tuple[str, str]] = {}
    for _, label in _uses(text):
        key = normalized(label)
        if key in found or key not in definitions:
            continue
        href = definitions[key].get("href", "")
        if _ADDRESS.fullmatch(href):
            found[key] = (label, href)
    return tuple(found.values())


def with_links(text: str, links: Links) -> str:
    """``text`` with each reference to one of ``links`` written as an inline link,
    ``[text](address)``; the rest as written."""
    if not links or "[" not in text:
        return text
    address = {normalized(label): href for label, href in links}

    def inline(m: re.Match[str]) -> str:
        href = address.get(normalized(m.group(2) or m.group(1)))
        if href is None:
            return m.group()
        # a bracket in the address would end the link early ("…/Foo_(bar)")
        return f"[{m.group(1)}]({href.replace('(', '%28').replace(')', '%29')})"

    parts = _CODE.split(text)
    return "".join(p if i % 2 else _REFERENCE.sub(inline, p) for i, p in enumerate(parts))
