"""Where the site the docs make puts each page: its address there, for a link written as one
("/manual/alerts.html", "/guide/", "[[Rollback]]"), which :func:`bot.links.file_links` leads
to the file. Pure: paths in, paths out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# what a file's path ends with that its address on a site leaves out: its extensions
# (".html.md"), and a folder's own page ("guide/index.md" is at "guide")
_PAGE_SUFFIX = re.compile(r"(?:/(?:_?index|readme))?(?:\.html?)?\.(?:md|mdx|markdown)$")


def site_addresses(sources: Iterable[str]) -> dict[str, str]:
    """Each address that one file alone ends with, case folded, to its path: the file's
    path without _PAGE_SUFFIX, and each tail of it after a "/" ("source/manual/alerts",
    "manual/alerts", "alerts"), a site serving its pages from some folder of the corpus. A
    tail two files share names neither."""
    seen: dict[str, str | None] = {}
    for path in sources:
        parts = _PAGE_SUFFIX.sub("", path.casefold()).split("/")
        for i in range(len(parts)):
            tail = "/".join(parts[i:])
            seen[tail] = None if seen.get(tail, path) != path else path
    return {tail: path for tail, path in seen.items() if path is not None and tail}
