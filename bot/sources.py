"""Where a quote lives: links to the source lines, and the corpus as a git checkout.

A link is made from a template (the ``SOURCE_URL`` setting, or one derived from the
``origin`` remote of the git checkout the corpus is in) and a passage's source path and line
range, when an answer is shown. The index on disk knows nothing of links.

Placeholders of a template:

=============== ===============================================================
``{path}``      the file, relative to the corpus folder (``guides/setup.md``)
``{path_noext}`` the same without its extension (``guides/setup``)
``{repo_path}`` the file, relative to the root of the git checkout
``{commit}``    the commit the checkout is at (40 hex digits)
``{start}``     the first line of the passage (1-based)
``{end}``       its last line
=============== ===============================================================

Git is run as a real ``git`` subprocess, each with a timeout. Nothing here imports discord.
"""

from __future__ import annotations

import logging
import os
import re
import string
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urlsplit

log = logging.getLogger(__name__)

PLACEHOLDERS = frozenset({"path", "path_noext", "repo_path", "commit", "start", "end"})
GIT_TIMEOUT = 15.0  # seconds for a local git command
PULL_TIMEOUT = 120.0  # seconds for git pull and git fetch, which may talk to a server

# What each kind of host calls "this file at this commit, these lines".
HOST_TEMPLATES = {
    "github": "https://{host}/{repo}/blob/{{commit}}/{{repo_path}}#L{{start}}-L{{end}}",
    "gitlab": "https://{host}/{repo}/-/blob/{{commit}}/{{repo_path}}#L{{start}}-{{end}}",
    "bitbucket": "https://{host}/{repo}/src/{{commit}}/{{repo_path}}#lines-{{start}}:{{end}}",
    "bitbucket-server": (
        "https://{host}/projects/{project}/repos/{name}/browse/{{repo_path}}"
        "?at={{commit}}#{{start}}-{{end}}"
    ),
    "gitea": "https://{host}/{repo}/src/commit/{{commit}}/{{repo_path}}#L{{start}}-L{{end}}",
}
_HOST_KINDS = (  # (kind, words of the host name that tell it), first match wins
    ("github", ("github",)),
    ("gitlab", ("gitlab",)),
    ("bitbucket", ("bitbucket",)),
    ("gitea", ("gitea", "forgejo", "codeberg")),
)


class GitError(Exception):
    """A git command failed; the message says what git said."""


# --------------------------------------------------------------------------- templates


def template_error(template: str) -> str | None:
    """Why ``template`` cannot be a SOURCE_URL, or None when it can."""
    try:
        names = {
            name for _, name, spec, conv in string.Formatter().parse(template) if name is not None
        }
    except ValueError as exc:
        return f"not a valid template ({exc}); write placeholders as {{path}}"
    unknown = sorted(n for n in names if n not in PLACEHOLDERS)
    if unknown:
        return f"unknown placeholder {{{unknown[0]}}}; use " + ", ".join(
            f"{{{n}}}" for n in sorted(PLACEHOLDERS)
        )
    if any(c.isspace() for c in template):
        return "must not contain spaces (write %20)"
    parts = urlsplit(template.replace("{", "").replace("}", ""))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "must start with http:// or https:// and a host name"
    return None


@dataclass(frozen=True, slots=True)
class Remote:
    """A git remote as a web host sees it: ``kind`` is github, gitlab, bitbucket or gitea."""

    kind: str
    host: str  # with a port only when the remote gave one for https
    repo: str  # owner/name, or group/subgroup/name

    @property
    def template(self) -> str:
        project, _, name = self.repo.partition("/")
        return HOST_TEMPLATES[self.kind].format(
            host=self.host, repo=self.repo, project=project.upper(), name=name
        )


_SCP = re.compile(r"^(?:[^@/]+@)?(?P<host>[^:/]+):(?P<path>(?!/).+)$")  # git@host:org/repo.git


def parse_remote(url: str) -> Remote | None:
    """The web host of a remote URL, in its https, ssh, scp-like or git:// forms.

    Credentials in the URL are dropped; so is an ssh port (the web side has its own).
    Local paths, ``file://`` URLs and hosts of unknown kind give None.
    """
    url = url.strip()
    if "://" in url:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("https", "http", "ssh", "git", "git+ssh", "ssh+git"):
            return None
        host = (parts.hostname or "").lower()
        if scheme in ("https", "http") and parts.port and parts.port not in (80, 443):
            host = f"{host}:{parts.port}"
        path = parts.path
    else:
        m = _SCP.match(url)
        if not m or "\\" in url:
            return None  # a local path
        host, path = m["host"].lower(), m["path"]
    path = path.strip("/")
    if path.endswith(".git"):
        path = path[:-4]
    path = path.strip("/")
    if host.startswith("www."):
        host = host[4:]
    if not host or path.count("/") < 1 or any(not p or p in (".", "..") for p in path.split("/")):
        return None
    if host.split(":")[0] == "ssh.github.com":  # GitHub's ssh over port 443
        host = "github.com"
    kind = next((k for k, words in _HOST_KINDS if any(w in host for w in words)), None)
    if kind is None:
        return None
    if kind == "bitbucket" and host != "bitbucket.org":  # Bitbucket Server / Data Center
        kind = "bitbucket-server"
        if path.lower().startswith("scm/"):  # its https clone URLs: /scm/PROJECT/repo.git
            path = path[4:]
    if kind in ("github", "bitbucket", "bitbucket-server", "gitea") and path.count("/") != 1:
        return None  # only GitLab has subgroups
    return Remote(kind, host, path)


@dataclass(frozen=True, slots=True)
class SourceLinks:
    """Makes the link of a passage: a template, and the checkout's commit and folder."""

    template: str
    commit: str | None = None
    prefix: str = ""  # the corpus folder relative to the repository root: "" or "docs/"

    def url(self, source: str, start: int, end: int | None = None) -> str | None:
        """The link to ``source`` (relative to the corpus) at lines ``start``-``end``."""
        if "{commit}" in self.template and not self.commit:
            return None
        posix = PurePosixPath(source)
        values = {
            "path": source,
            "path_noext": str(posix.with_suffix("")) if posix.suffix else source,
            "repo_path": self.prefix + source,
        }
        values = {k: quote(v, safe="/") for k, v in values.items()}
        return self.template.format(
            **values, commit=self.commit or "", start=start, end=end if end is not None else start
        )


# --------------------------------------------------------------------------- git


def _git(
    folder: Path,
    *args: str,
    timeout: float = GIT_TIMEOUT,
    input: str | None = None,
    check: bool = True,
) -> subprocess.CompletedProcess[str]:
    """Run ``git -C folder args``; raise GitError when it cannot run or fails."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):  # the corpus's own repository
        env.pop(name, None)
    try:
        out = subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            input=input,
            env=env,
            stdin=None if input is not None else subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} did not finish within {timeout:.0f} s") from None
    except OSError as exc:
        raise GitError(f"git {args[0]} could not run: {exc}") from None
    if check and out.returncode != 0:
        raise GitError(_last_words(out.stderr) or f"git {args[0]} failed ({out.returncode})")
    return out


def _last_words(stderr: str) -> str:
    """git's own explanation: its fatal/error lines, else its last line."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    key = [line for line in lines if line.startswith(("fatal:", "error:"))]
    return "; ".join(key or lines[-1:])[:500]


@dataclass(frozen=True, slots=True)
class Checkout:
    """The git checkout a corpus folder is in."""

    folder: Path  # the corpus folder
    root: Path
    prefix: str  # the corpus folder relative to root, "" or "docs/"

    def head(self) -> str | None:
        out = _git(self.folder, "rev-parse", "--verify", "-q", "HEAD^{commit}", check=False)
        return out.stdout.strip() or None if out.returncode == 0 else None

    def origin(self) -> str | None:
        """The ``origin`` remote's URL as configured (before any ``insteadOf`` rewriting)."""
        out = _git(self.folder, "config", "--get", "remote.origin.url", check=False)
        return out.stdout.strip() or None

    def ignored(self, sources: Iterable[str]) -> set[str]:
        """Which of ``sources`` (relative to the corpus) git ignores. Tracked files never are."""
        names = list(sources)
        if not names:
            return set()
        out = _git(
            self.folder, "check-ignore", "-z", "--stdin", input="\0".join(names) + "\0", check=False
        )
        if out.returncode not in (0, 1):  # 1: nothing ignored
            raise GitError(_last_words(out.stderr) or "git check-ignore failed")
        return {name for name in out.stdout.split("\0") if name}

    def pull(self, timeout: float = PULL_TIMEOUT) -> Pull:
        """``git pull --ff-only``. Raises GitError when it fails (the checkout is left as git
        leaves it: a fast-forward-only pull changes nothing when it cannot fast-forward)."""
        before = self.head()
        _git(self.folder, "pull", "--ff-only", "--no-rebase", "--quiet", timeout=timeout)
        after = self.head()
        commits = 0
        if before and after and before != after:
            out = _git(self.folder, "rev-list", "--count", f"{before}..{after}", check=False)
            commits = int(out.stdout.strip() or 0) if out.returncode == 0 else 0
        return Pull(before, after, commits)

    def upstream_moved(self, timeout: float = PULL_TIMEOUT) -> tuple[str, str] | None:
        """Fetch, then (HEAD, upstream) when the upstream branch has commits HEAD lacks."""
        _git(self.folder, "fetch", "--quiet", timeout=timeout)
        head = self.head()
        out = _git(self.folder, "rev-parse", "--verify", "-q", "@{upstream}", check=False)
        upstream = out.stdout.strip()
        if out.returncode != 0 or not head or not upstream or upstream == head:
            return None
        ahead = _git(self.folder, "rev-list", "--count", f"HEAD..{upstream}", check=False)
        if ahead.returncode != 0 or not int(ahead.stdout.strip() or 0):
            return None  # only local commits: nothing to pull
        return head, upstream


def find_checkout(folder: Path) -> Checkout | None:
    """The git checkout ``folder`` is in, or None (not a checkout, no git, a bare repo)."""
    if not folder.is_dir():
        return None
    try:
        out = _git(
            folder,
            "rev-parse",
            "--is-inside-work-tree",
            "--show-toplevel",
            "--show-prefix",
            check=False,
        )
    except GitError:
        return None
    lines = out.stdout.splitlines()
    if out.returncode != 0 or len(lines) < 2 or lines[0].strip() != "true":
        return None
    prefix = lines[2].strip() if len(lines) > 2 else ""
    return Checkout(folder, Path(lines[1].strip()), prefix)


@dataclass(frozen=True, slots=True)
class Pull:
    """What ``git pull --ff-only`` did."""

    before: str | None
    after: str | None
    commits: int

    @property
    def moved(self) -> bool:
        return self.before != self.after

    def summary(self) -> str:
        """``pulled a1b2c3d..e4f5a6b (2 commits)`` or ``already up to date at a1b2c3d``."""
        if not self.moved:
            return f"git pull: already up to date at {short(self.after)}"
        s = "" if self.commits == 1 else "s"
        return f"git pull: {short(self.before)}..{short(self.after)} ({self.commits} commit{s})"

    def to_dict(self) -> dict:
        return {"before": self.before, "after": self.after, "commits": self.commits}


def short(commit: str | None) -> str:
    return commit[:7] if commit else "(no commit)"


def pull(corpus: Path, timeout: float = PULL_TIMEOUT) -> Pull:
    """``git pull --ff-only`` in the corpus's checkout. Raises GitError, naming the folder
    when it is not a git checkout."""
    checkout = find_checkout(corpus)
    if checkout is None:
        raise GitError(f"{corpus} is not a git checkout")
    return checkout.pull(timeout)


def ignored_by_git(corpus: Path, sources: Iterable[str]) -> set[str]:
    """The files among ``sources`` that git ignores; none when the corpus is not a checkout
    or git cannot tell."""
    checkout = find_checkout(corpus)
    if checkout is None:
        return set()
    try:
        return checkout.ignored(sources)
    except GitError as exc:
        log.warning("could not ask git which files it ignores: %s", exc)
        return set()


def source_links(corpus: Path, template: str | None = None) -> SourceLinks | None:
    """How to link passages of ``corpus``: from ``template`` when given, else from the
    ``origin`` remote of the checkout the corpus is in; None when there is neither."""
    try:
        checkout = find_checkout(corpus)
        commit = checkout.head() if checkout else None
        origin = checkout.origin() if checkout and not template else None
    except GitError as exc:
        log.warning("could not read the corpus's git checkout: %s", exc)
        checkout, commit, origin = None, None, None
    prefix = checkout.prefix if checkout else ""
    if template:
        if "{commit}" in template and not commit:
            log.warning(
                "SOURCE_URL uses {commit} but %s is not in a git checkout with a commit; "
                "answers will have no links",
                corpus,
            )
            return None
        return SourceLinks(template, commit, prefix)
    if origin is None or commit is None:
        return None
    remote = parse_remote(origin)
    if remote is None:
        log.info(
            "no links: the origin remote %r is not on a host I know; set SOURCE_URL",
            _redacted(origin),
        )
        return None
    return SourceLinks(remote.template, commit, prefix)


def _redacted(url: str) -> str:
    """A remote URL without its password or token."""
    return re.sub(r"//[^/@]*@", "//", url)
