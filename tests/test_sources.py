"""Links to sources and the corpus as a git checkout, with real git repositories."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from gitrepos import clone, commit_all, git, make_remote, push_change

from bot.sources import (
    GitError,
    SourceLinks,
    find_checkout,
    ignored_by_git,
    parse_remote,
    pull,
    source_links,
    template_error,
)

SHA = "0123456789abcdef0123456789abcdef01234567"

REMOTES = [
    # GitHub, in every form git accepts
    (
        "https://github.com/acme/docs.git",
        "https://github.com/acme/docs/blob/{sha}/docs/a b.md#L3-L5",
    ),
    ("https://github.com/acme/docs", "https://github.com/acme/docs/blob/{sha}/docs/a b.md#L3-L5"),
    ("https://github.com/acme/docs/", "https://github.com/acme/docs/blob/{sha}/docs/a b.md#L3-L5"),
    (
        "https://x-access-token:s3cret@github.com/acme/docs.git",
        "https://github.com/acme/docs/blob/{sha}/docs/a b.md#L3-L5",
    ),
    ("git@github.com:acme/docs.git", "https://github.com/acme/docs/blob/{sha}/docs/a b.md#L3-L5"),
    ("git@github.com:acme/docs", "https://github.com/acme/docs/blob/{sha}/docs/a b.md#L3-L5"),
    (
        "ssh://git@github.com/acme/docs.git",
        "https://github.com/acme/docs/blob/{sha}/docs/a b.md#L3-L5",
    ),
    (
        "ssh://git@ssh.github.com:443/acme/docs.git",
        "https://github.com/acme/docs/blob/{sha}/docs/a b.md#L3-L5",
    ),
    ("git://github.com/acme/docs.git", "https://github.com/acme/docs/blob/{sha}/docs/a b.md#L3-L5"),
    (
        "https://github.example.com/acme/docs.git",  # GitHub Enterprise
        "https://github.example.com/acme/docs/blob/{sha}/docs/a b.md#L3-L5",
    ),
    # GitLab, with subgroups and a self-hosted ssh port
    (
        "https://gitlab.com/acme/team/docs.git",
        "https://gitlab.com/acme/team/docs/-/blob/{sha}/docs/a b.md#L3-5",
    ),
    (
        "git@gitlab.com:acme/team/docs.git",
        "https://gitlab.com/acme/team/docs/-/blob/{sha}/docs/a b.md#L3-5",
    ),
    (
        "ssh://git@gitlab.example.com:2222/acme/docs.git",
        "https://gitlab.example.com/acme/docs/-/blob/{sha}/docs/a b.md#L3-5",
    ),
    (
        "https://gitlab.example.com:8443/acme/docs.git",
        "https://gitlab.example.com:8443/acme/docs/-/blob/{sha}/docs/a b.md#L3-5",
    ),
    # Bitbucket Cloud, and Bitbucket Server
    (
        "https://ann@bitbucket.org/acme/docs.git",
        "https://bitbucket.org/acme/docs/src/{sha}/docs/a b.md#lines-3:5",
    ),
    (
        "git@bitbucket.org:acme/docs.git",
        "https://bitbucket.org/acme/docs/src/{sha}/docs/a b.md#lines-3:5",
    ),
    (
        "https://bitbucket.example.com/scm/ops/docs.git",
        "https://bitbucket.example.com/projects/OPS/repos/docs/browse/docs/a b.md?at={sha}#3-5",
    ),
    (
        "ssh://git@bitbucket.example.com:7999/ops/docs.git",
        "https://bitbucket.example.com/projects/OPS/repos/docs/browse/docs/a b.md?at={sha}#3-5",
    ),
    # Gitea-style hosts: Codeberg, Forgejo, Gitea
    (
        "https://codeberg.org/acme/docs.git",
        "https://codeberg.org/acme/docs/src/commit/{sha}/docs/a b.md#L3-L5",
    ),
    (
        "git@codeberg.org:acme/docs.git",
        "https://codeberg.org/acme/docs/src/commit/{sha}/docs/a b.md#L3-L5",
    ),
    (
        "ssh://git@gitea.example.com:2222/acme/docs.git",
        "https://gitea.example.com/acme/docs/src/commit/{sha}/docs/a b.md#L3-L5",
    ),
    (
        "https://forgejo.example.org/acme/docs",
        "https://forgejo.example.org/acme/docs/src/commit/{sha}/docs/a b.md#L3-L5",
    ),
    # no link: a path on disk, file://, an unknown host, no repository in the path
    ("/srv/git/docs.git", None),
    ("../docs.git", None),
    ("file:///srv/git/docs.git", None),
    ("https://git.example.com/acme/docs.git", None),
    ("https://github.com/acme", None),
    ("git@github.com:docs.git", None),
]


@pytest.mark.parametrize("remote, link", REMOTES)
def test_remote_url_forms_and_the_link_each_gives(remote: str, link: str | None) -> None:
    parsed = parse_remote(remote)
    if link is None:
        assert parsed is None
        return
    assert parsed is not None
    url = SourceLinks(parsed.template, SHA, "docs/").url("a b.md", 3, 5)
    assert url == link.format(sha=SHA).replace(" ", "%20")
    assert "s3cret" not in url and "ann@" not in url


@pytest.mark.parametrize(
    "template, source, start, end, link",
    [
        (
            "https://docs.example.com/{path_noext}/",
            "guides/setup.md",
            4,
            9,
            "https://docs.example.com/guides/setup/",
        ),
        (
            "https://docs.example.com/{path}#{start}",
            "a.md",
            7,
            None,
            "https://docs.example.com/a.md#7",
        ),
        (
            "https://x.test/{repo_path}?c={commit}#L{start}-L{end}",
            "ü #1.md",
            2,
            2,
            f"https://x.test/docs/%C3%BC%20%231.md?c={SHA}#L2-L2",
        ),
    ],
)
def test_templates(template: str, source: str, start: int, end: int | None, link: str) -> None:
    assert template_error(template) is None
    assert SourceLinks(template, SHA, "docs/").url(source, start, end) == link


@pytest.mark.parametrize(
    "template, why",
    [
        ("https://x.test/{file}", "unknown placeholder {file}"),
        ("https://x.test/{path", "not a valid template"),
        ("ftp://x.test/{path}", "http"),
        ("{path}", "http"),
    ],
)
def test_bad_templates_are_explained(template: str, why: str) -> None:
    assert why in (template_error(template) or "")


def test_a_commit_template_without_a_commit_gives_no_link() -> None:
    assert SourceLinks("https://x.test/{commit}/{path}").url("a.md", 1, 2) is None


# ------------------------------------------------------------------------ real repositories


@pytest.fixture
def remote(tmp_path: Path) -> tuple[Path, Path]:
    return make_remote(
        tmp_path,
        {"guide.md": "# Guide\n\nFirst text.\n", "drafts/wip.md": "# WIP\n"},
        subfolder="docs",
    )


def test_links_are_derived_from_origin_with_the_commit_and_repo_path(
    tmp_path: Path, remote
) -> None:
    bare, _author = remote
    work = clone(bare, tmp_path / "work", origin_as="git@github.com:acme/handbook.git")
    head = git(work, "rev-parse", "HEAD")
    links = source_links(work / "docs")
    assert links is not None and links.commit == head and links.prefix == "docs/"
    assert (
        links.url("guide.md", 1, 3)
        == f"https://github.com/acme/handbook/blob/{head}/docs/guide.md#L1-L3"
    )
    # SOURCE_URL wins over the remote; its {path} is relative to the corpus folder
    explicit = source_links(work / "docs", "https://docs.example.com/{path_noext}/")
    assert (
        explicit is not None and explicit.url("guide.md", 1, 3) == "https://docs.example.com/guide/"
    )


def test_no_remote_and_no_template_give_no_links(tmp_path: Path, remote) -> None:
    bare, _ = remote
    work = clone(bare, tmp_path / "work")  # origin is a path on disk
    assert source_links(work / "docs") is None
    plain = tmp_path / "plain"
    plain.mkdir()
    assert source_links(plain) is None
    assert source_links(plain, "https://x.test/{commit}/{path}") is None
    assert source_links(plain, "https://x.test/{path}").url("a.md", 1) == "https://x.test/a.md"


def test_pull_fast_forwards_and_counts_commits(tmp_path: Path, remote) -> None:
    bare, author = remote
    work = clone(bare, tmp_path / "work")
    before = git(work, "rev-parse", "HEAD")
    push_change(author, "docs/guide.md", "\n## More\nMore text.\n", "More")
    after = push_change(author, "docs/new.md", "# New\n", "New")
    result = pull(work / "docs")
    assert (result.before, result.after, result.commits) == (before, after, 2)
    assert result.summary() == f"git pull: {before[:7]}..{after[:7]} (2 commits)"
    assert "More text." in (work / "docs" / "guide.md").read_text()
    again = pull(work / "docs")
    assert not again.moved and again.summary() == f"git pull: already up to date at {after[:7]}"


def test_a_pull_that_cannot_fast_forward_fails_and_changes_nothing(tmp_path: Path, remote) -> None:
    bare, author = remote
    work = clone(bare, tmp_path / "work")
    (work / "docs" / "local.md").write_text("# Local\n", encoding="utf-8")
    local = commit_all(work, "A local commit")
    push_change(author, "docs/guide.md", "\n## Theirs\n", "Theirs")
    with pytest.raises(GitError, match="fast-forward"):
        pull(work / "docs")
    assert git(work, "rev-parse", "HEAD") == local
    assert "Theirs" not in (work / "docs" / "guide.md").read_text()


def test_a_remote_that_went_away_fails_with_gits_reason(tmp_path: Path, remote) -> None:
    bare, _ = remote
    work = clone(bare, tmp_path / "work")
    shutil.rmtree(bare)
    with pytest.raises(
        GitError, match=r"does not appear to be a git repository|not found|Could not read"
    ):
        pull(work / "docs")


def test_pull_outside_a_checkout_says_so(tmp_path: Path) -> None:
    with pytest.raises(GitError, match="not a git checkout"):
        pull(tmp_path)


def test_upstream_moved_after_a_push_only(tmp_path: Path, remote) -> None:
    bare, author = remote
    work = clone(bare, tmp_path / "work")
    checkout = find_checkout(work / "docs")
    assert checkout is not None and checkout.upstream_moved() is None
    commit_all_local = work / "docs" / "local.md"
    commit_all_local.write_text("# Local\n", encoding="utf-8")
    commit_all(work, "local only")
    assert checkout.upstream_moved() is None  # ahead, not behind
    git(work, "reset", "-q", "--hard", "HEAD~1")
    sha = push_change(author, "docs/guide.md", "\n## Pushed\n", "Pushed")
    assert checkout.upstream_moved() == (git(work, "rev-parse", "HEAD"), sha)


def test_files_git_ignores(tmp_path: Path, remote) -> None:
    bare, _ = remote
    work = clone(bare, tmp_path / "work")
    (work / ".gitignore").write_text("docs/drafts/\n*.tmp.md\n", encoding="utf-8")
    (work / "docs" / "notes.tmp.md").write_text("# Scratch\n", encoding="utf-8")
    (work / "docs" / "drafts" / "later.md").write_text("# Later\n", encoding="utf-8")
    names = ["guide.md", "notes.tmp.md", "drafts/later.md", "drafts/wip.md"]
    # drafts/wip.md is tracked: git never ignores a tracked file
    assert ignored_by_git(work / "docs", names) == {"notes.tmp.md", "drafts/later.md"}
    assert ignored_by_git(tmp_path, names) == set()  # not a checkout
