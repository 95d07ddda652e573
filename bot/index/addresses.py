"""Where the site the docs make puts each page: its address there, for a link written as one
("/manual/alerts.html", "/guide/", "[[Rollback]]"), which :func:`bot.links.file_links` leads
to the file. Pure: paths in, paths out.
"""

from __future__ import annotations

from collections.abc import Iterable

# what a file's path ends with that its address on a site leaves out: its extensions
# (".html.md"), and a folder's own page ("guide/index.md" is at "guide")
_MARKDOWN = (".md", ".mdx", ".markdown")
_HTML = (".html", ".htm")
_FOLDER_PAGES = frozenset(("index", "_index", "readme"))

Addresses = dict[str, tuple[tuple[str, str], ...]]  # last part → (address, path) of each file


def site_addresses(sources: Iterable[str]) -> Addresses:
    """Each file's address (see :func:`address_of`), by its last part: what
    :func:`page_at` looks in. Built once, on the first link to a site's address."""
    found: dict[str, list[tuple[str, str]]] = {}
    for path in sources:
        address = address_of(path)
        found.setdefault(address.rpartition("/")[2], []).append((address, path))
    return {name: tuple(pages) for name, pages in found.items()}


def address_of(path: str) -> str:
    """A file's address on the site, case folded: its path without its extensions
    (".html.md"), and a folder's own page at the folder ("guide/index.md" at "guide")."""
    address = path.casefold()
    if address.endswith(_MARKDOWN):
        address = address.rpartition(".")[0]
        if address.endswith(_HTML):
            address = address.rpartition(".")[0]
    folder, _, name = address.rpartition("/")
    return folder if folder and name in _FOLDER_PAGES else address


def page_at(addresses: Addresses, address: str) -> str | None:
    """The one file at ``address`` on the site ("manual/alerts", "Rollback"): whose address
    is it or ends with "/" and it, case ignored, a site serving its pages from some folder
    of the corpus ("source/manual/alerts.html.md"). None when no file is, or more than one."""
    wanted = address.casefold().strip("/")
    if not wanted:
        return None
    tail = "/" + wanted
    found = {
        path
        for at, path in addresses.get(wanted.rpartition("/")[2], ())
        if at == wanted or at.endswith(tail)
    }
    return found.pop() if len(found) == 1 else None
