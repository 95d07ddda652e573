"""The build pipeline with its own functions, not through the command line: the scan, an
incremental build, and what the BuildReport counts."""

import pytest

import bot.index.parse
from bot.answer import Answerer
from bot.index import BuildReport, build, scan
from bot.sections import CorpusError

LINK_OUT = "a link to outside the corpus folder (not read)"


@pytest.fixture
def corpus(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "team").mkdir(parents=True)
    (corpus / "a.md").write_text("# Alpha\n\nThe rotation changes every Monday.\n")
    (corpus / "b.md").write_text("# Beta\n\n## Pager\nThe pager is blue.\n")
    (corpus / "team" / "c.md").write_text("# Gamma\n\nTerraform plans run nightly.\n")
    return corpus


def test_scan_skips_links_out_of_the_corpus_and_follows_links_inside(tmp_path, corpus):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# Secret\n")
    (corpus / "secret.md").symlink_to(outside / "secret.md")
    (corpus / "elsewhere").symlink_to(outside, target_is_directory=True)
    (corpus / "alias").symlink_to(corpus / "team", target_is_directory=True)
    (corpus / "dangling.md").symlink_to(corpus / "gone.md")
    (corpus / "notes.txt").write_text("not Markdown")
    (corpus / "notes.md.bak").write_text("not Markdown either")
    (corpus / "Guide.MARKDOWN").write_text("# Guide\n")
    (corpus / ".hidden.md").write_text("# Hidden\n")
    files = scan(corpus)
    # a folder is read once: through the link inside the corpus, or under its own name
    (c,) = {"alias/c.md", "team/c.md"} & set(files)
    assert list(files) == sorted(
        ["Guide.MARKDOWN", "a.md", "b.md", "dangling.md", "elsewhere", "secret.md", c]
    )
    assert files["secret.md"].skipped == LINK_OUT and files["elsewhere"].skipped == LINK_OUT
    assert files["dangling.md"].skipped == "a broken link"
    assert files[c].skipped is None and files[c].size > 0
    assert [name for name, f in files.items() if f.skipped] == [
        "dangling.md",
        "elsewhere",
        "secret.md",
    ]


def test_scan_of_a_missing_corpus_is_a_corpus_error(tmp_path):
    with pytest.raises(CorpusError, match="not found"):
        scan(tmp_path / "nope")


def test_an_incremental_build_parses_only_the_changed_file(tmp_path, corpus, monkeypatch):
    build(corpus, tmp_path / "index")
    parsed = []
    real_parse = bot.index.parse.parse_markdown

    def recording_parse(text, source):
        parsed.append(source)
        return real_parse(text, source)

    monkeypatch.setattr(bot.index.parse, "parse_markdown", recording_parse)
    (corpus / "b.md").write_text("# Beta\n\n## Pager\nThe pager is green now.\n")
    index, report = build(corpus, tmp_path / "index")
    assert parsed == ["b.md"] and report.reparsed == 1 and report.changed == ["b.md"]
    assert [index.passage(i).source for i in range(index.n_passages)] == [
        "a.md",
        "b.md",
        "team/c.md",
    ]
    parsed.clear()
    _, report = build(corpus, tmp_path / "index")
    assert parsed == [] and report.reparsed == 0 and report.changed == []


def test_the_build_report_counts_what_the_build_did(tmp_path, corpus):
    first, report = build(corpus, tmp_path / "index", reason="first")
    assert report.files == 3 and report.added == ["a.md", "b.md", "team/c.md"]
    assert report.reparsed == 3 and report.reason == "first"
    assert (report.sections, report.passages) == (first.n_sections, first.n_passages)
    assert report.sections_added == []  # a first build lists no heading diff

    (corpus / "a.md").unlink()
    (corpus / "b.md").write_text("# Beta\n\n## Pager\nBlue.\n\n## Escalation\nCall Sam.\n")
    (corpus / "d.md").write_text("# Delta\n\nDelta notes.\n")
    (corpus / "e.md").write_bytes(b"\xff\xfe not UTF-8")
    index, report = build(corpus, tmp_path / "index")
    assert isinstance(report, BuildReport)
    assert report.files == 4 and report.reparsed == 3  # b, d and e: e is then skipped
    assert (report.added, report.changed, report.removed) == (["d.md", "e.md"], ["b.md"], ["a.md"])
    assert [s for s, _ in report.skipped] == ["e.md"]
    assert (report.sections, report.passages) == (index.n_sections, index.n_passages)
    assert report.sections_added == ["b.md: Beta > Escalation", "d.md: Delta"]
    assert report.sections_removed == ["a.md: Alpha"]
    lines = report.lines()
    assert lines[0].startswith(
        f"4 files: 2 added, 1 changed, 1 removed, 1 skipped; {index.n_sections} sections, "
        f"{index.n_passages} passages in "
    )
    assert "+ b.md: Beta > Escalation" in lines and "- a.md: Alpha" in lines
    data = report.to_dict()
    assert data["sections_added_total"] == 2 and data["skipped"][0]["source"] == "e.md"


def test_a_build_parses_each_file_once_salaries_included(tmp_path, corpus, monkeypatch):
    """One Markdown parse per file per build: sections, passages and salary facts all come
    from the same markdown-it tokens."""
    from markdown_it import MarkdownIt

    (corpus / "pay.md").write_text("# Pay\n\n## Salaries\n\n- Senior Engineer: $150,000\n")
    parsed: list[str] = []
    real = MarkdownIt.parse

    def counting(self, src, env=None):
        parsed.append(src)
        return real(self, src, env)

    monkeypatch.setattr(MarkdownIt, "parse", counting)
    index, _ = build(corpus, tmp_path / "index")
    assert len(parsed) == 4  # a.md, b.md, team/c.md, pay.md: once each
    assert [s["role"] for s in index.salaries] == ["Engineer"]


def test_an_mdx_page_is_answered_from_its_text_never_its_code(tmp_path, corpus):
    (corpus / "install.mdx").write_text(
        "---\ntitle: Installing the CLI\n---\n\n"
        "import Tabs from '@theme/Tabs';\nimport TabItem from '@theme/TabItem';\n\n"
        "export const platforms = ['mac', 'linux'];\n\n"
        "{/* TODO: explain the Windows installer */}\n\n"
        '<Tabs>\n<TabItem value="linux" label="Linux">\n\n'
        "Unpack the tarball into `/usr/local/bin` to install the acme CLI.\n\n"
        "</TabItem>\n</Tabs>\n"
    )
    index, report = build(corpus, tmp_path / "index")
    assert "install.mdx" in report.added and not report.skipped
    answer = Answerer(index).ask("how do I install the acme CLI on linux?")
    assert answer.answered
    hit = answer.results[0]
    assert hit.passage.source == "install.mdx" and "/usr/local/bin" in hit.text
    assert hit.passage.heading_path == ("Installing the CLI",)
    quoted = "\n".join(index.passage(i).text for i in range(index.n_passages))
    for code in ("@theme/Tabs", "platforms", "TODO", "<TabItem"):
        assert code not in quoted
    # the same lines in a Markdown file are text, quoted as written
    (corpus / "esm.md").write_text("# Modules\n\nimport Tabs from '@theme/Tabs';\n")
    index, _ = build(corpus, tmp_path / "index")
    assert Answerer(index).ask("import Tabs from theme").results[0].passage.source == "esm.md"


def test_a_markdown_file_is_answered_from_under_either_extension(tmp_path, corpus):
    (corpus / "runbook.markdown").write_text("# Runbook\n\nRestart the queue with `qctl bounce`.\n")
    index, report = build(corpus, tmp_path / "index")
    assert "runbook.markdown" in report.added and not report.skipped
    answer = Answerer(index).ask("how do I restart the queue?")
    assert answer.answered
    assert answer.results[0].passage.source == "runbook.markdown"
    assert "qctl bounce" in answer.results[0].text
