"""Real git repositories for tests: a bare "remote" on disk and clones of it.

Identity and branch name are given on every command, so the tests run on a machine with no
git configuration at all.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Author",
    "GIT_AUTHOR_EMAIL": "author@example.com",
    "GIT_COMMITTER_NAME": "Test Author",
    "GIT_COMMITTER_EMAIL": "author@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_TERMINAL_PROMPT": "0",
}


def git(cwd: Path, *args: str) -> str:
    """Run git in ``cwd``; return its output. Fails the test when git fails."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")} | GIT_ENV
    env["HOME"] = str(cwd)  # no ~/.gitconfig of the person running the tests
    out = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "advice.detachedHead=false", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
    )
    assert out.returncode == 0, f"git {' '.join(args)}: {out.stderr}"
    return out.stdout.strip()


def commit_all(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def make_remote(tmp: Path, files: dict[str, str], *, subfolder: str = "") -> tuple[Path, Path]:
    """A bare remote holding ``files`` (under ``subfolder``) in one commit, and an author's
    clone of it to push more commits from. Returns (bare, author clone)."""
    bare = tmp / "remote.git"
    git(tmp, "init", "-q", "--bare", str(bare))
    author = tmp / "author"
    git(tmp, "clone", "-q", str(bare), str(author))
    for name, text in files.items():
        path = author / subfolder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    commit_all(author, "First docs")
    git(author, "push", "-q", "origin", "HEAD:main")
    return bare, author


def clone(bare: Path, dest: Path, *, origin_as: str | None = None) -> Path:
    """Clone ``bare`` to ``dest``. With ``origin_as``, origin is configured as that URL (a
    GitHub URL, say) and git's ``insteadOf`` sends fetches to the bare repository on disk."""
    git(dest.parent, "clone", "-q", str(bare), str(dest))
    if origin_as:
        git(dest, "remote", "set-url", "origin", origin_as)
        git(dest, "config", f"url.{bare}.insteadOf", origin_as)
    return dest


def push_change(author: Path, name: str, text: str, message: str) -> str:
    """Append ``text`` to ``name`` in the author's clone, commit and push; return the commit."""
    path = author / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(text)
    sha = commit_all(author, message)
    git(author, "push", "-q", "origin", "HEAD:main")
    return sha
