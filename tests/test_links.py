"""Reference-style links ("[text][label]", the address given once at the end of the file):
a quote holds the link but not its definition, so an answer carries the address, and Discord
and the terminal show where the link leads."""

import json
import subprocess
import sys

from conftest import ROOT

from bot.answer import Answerer
from bot.index import build, index_documents
from bot.links import file_links, used_links, with_links, with_targets, with_wiki_links
from bot.render import answer_embeds, bold_matches, hit_embed
from bot.sections import parse_markdown
from bot.sources import SourceLinks
from bot.terminal import print_answer

DASHBOARD = "https://grafana.example.org/d/router-5xx?orgId=1"
PAGE = f"""# Router errors

When the router error ratio alert fires, open the [5xx dashboard][five] and the
[Kibana logs] for the failing app, then follow [the runbook][rb].

## Background

{"The router sends each request to the app that serves its path. " * 12}

## Config

```sh
echo "[five] in code is code"
```

[five]: {DASHBOARD}
[kibana logs]: https://kibana.example.org/app/discover "Logs"
[rb]: /manual/runbook.html
"""


def _definitions(text: str) -> dict:
    from bot.blocks import parse_tokens

    env: dict = {}
    parse_tokens(text, env)
    return env["references"]


def test_the_links_a_text_uses_are_found_in_every_form_and_only_with_an_address():
    defs = _definitions(PAGE + "[top]: #config\n[mail]: mailto:ops@example.org\n")
    text = (
        "Open the [5xx dashboard][five], the [Kibana   LOGS], [five][] and [rb]; ![img][five], "
        "[top], [mail]"
    )
    assert used_links(text, defs) == (
        ("five", DASHBOARD),
        ("Kibana   LOGS", "https://kibana.example.org/app/discover"),
        ("rb", "/manual/runbook.html"),
    )  # a site's own path may name a page of the corpus; an image, a place on the page and
    # a mail address are no such links
    assert used_links("an [inline](https://a.io) link, `[five]` in code, [unknown]", defs) == ()


def test_references_are_written_inline_and_the_rest_as_written():
    links = (("five", DASHBOARD), ("Kibana logs", "https://kibana.example.org/app/discover"))
    text = "the [5xx dashboard][five], [kibana LOGS], [five][], [rb], `[five]`\n```\n[five]\n```"
    assert with_links(text, links) == (
        f"the [5xx dashboard]({DASHBOARD}), [kibana LOGS](https://kibana.example.org/app/discover),"
        f" [five]({DASHBOARD}), [rb], `[five]`\n```\n[five]\n```"
    )


def test_an_address_with_brackets_stays_one_link():
    links = (("wiki", "https://en.wikipedia.org/wiki/Pipe_(Unix)"),)
    assert with_links("see [pipes][wiki].", links) == (
        "see [pipes](https://en.wikipedia.org/wiki/Pipe_%28Unix%29)."
    )


def _answer():
    index = index_documents([parse_markdown(PAGE, "alerts/router.md")])
    return Answerer(index).ask("router error ratio alert fires, which dashboard?")


def test_an_answer_carries_the_addresses_of_the_links_its_quote_uses():
    hit = _answer().results[0]
    assert "[5xx dashboard][five]" in hit.text and DASHBOARD not in hit.text  # quoted as written
    assert dict(hit.links) == {
        "five": DASHBOARD,
        "Kibana logs": "https://kibana.example.org/app/discover",
        "rb": "/manual/runbook.html",
    }
    assert _answer().to_dict()["results"][0]["links"]["five"] == DASHBOARD


def test_discord_shows_the_links_inline_and_the_terminal_shows_where_they_lead(capsys):
    answer = _answer()
    description = hit_embed(answer.results[0], 1, 1).description or ""
    assert f"[5xx **dashboard**]({DASHBOARD})" in description  # the match marked, the link whole
    assert "[the runbook][rb]" in description  # no address to give
    print_answer(answer)
    out = capsys.readouterr().out
    assert "open the [5xx dashboard][five] and the" in out  # the quote as written
    assert f"    [five]: {DASHBOARD}" in out


def test_a_matched_word_is_never_marked_inside_an_address():
    text = (
        f"the [router dashboard]({DASHBOARD}), see https://x.io/router/a or <https://x.io/router>"
    )
    marked = bold_matches(text, ["router"])
    assert marked == (
        f"the [**router** dashboard]({DASHBOARD}), see https://x.io/router/a or <https://x.io/router>"
    )


def test_the_addresses_survive_the_index_on_disk(tmp_path):
    corpus = tmp_path / "docs"
    (corpus / "alerts").mkdir(parents=True)
    (corpus / "alerts" / "router.md").write_text(PAGE, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "-k", "1", "--corpus", str(corpus)]
        + ["--index", str(tmp_path / "index"), "router error ratio alert fires, which dashboard?"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout)["results"][0]["links"]["five"] == DASHBOARD


GUIDE = """# Start

## Rolling back

To roll a release back, follow [the deploy guide](../ops/deploy.md#rollback), not
[the old page](old.md), and read [the FAQ](https://example.org/faq.md).
"""
DEPLOY = "# Deploy\n\n## Rollback\n\nRun the rollback job.\n"


def test_links_to_other_files_of_the_corpus_are_found_by_their_path_from_the_page():
    text = (
        '[a](../ops/deploy.md#rollback), [b](other.md "Title"), [c](https://x.io/c.md), '
        "[d](/site/d.md), [e](../../../outside.md), ![f](pic.md), `[g](code.md)`"
    )
    held = {"guide/ops/deploy.md", "guide/start/other.md", "outside.md", "pic.md", "code.md"}
    assert file_links(text, "guide/start/intro.md", held.__contains__) == (
        ("../ops/deploy.md#rollback", "guide/ops/deploy.md"),
        ("other.md", "guide/start/other.md"),
    )  # never outside the corpus, nor an address, a site's path, an image or code
    assert with_targets("[a](other.md) and [b](x.md)", {"other.md": "https://h/o"}) == (
        "[a](https://h/o) and [b](x.md)"
    )


def _ask(tmp_path, files: dict[str, str], question: str):
    """The answer to ``question`` from a corpus of ``files`` (path → text), built on disk."""
    for path, text in files.items():
        (tmp_path / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / path).write_text(text, encoding="utf-8")
    index, _ = build(tmp_path / "docs", tmp_path / "index")
    return Answerer(index).ask(question)


def test_a_link_to_a_file_of_the_corpus_leads_to_its_source_on_discord(tmp_path):
    files = {"guide/start.md": GUIDE, "ops/deploy.md": DEPLOY}
    answer = _ask(tmp_path, files, "how do i roll a release back?")
    hit = answer.results[0]
    assert hit.passage.source == "guide/start.md"
    assert hit.files == (("../ops/deploy.md#rollback", "ops/deploy.md"),)  # old.md is no file
    assert answer.to_dict()["results"][0]["files"] == {"../ops/deploy.md#rollback": "ops/deploy.md"}
    links = SourceLinks("https://github.com/acme/docs/blob/{commit}/{path}#L{start}", "abc123")
    description = answer_embeds(answer, links=links)[0].description or ""
    assert "deploy guide](https://github.com/acme/docs/blob/abc123/ops/deploy.md#L1)" in description
    assert "[the old page](old.md)" in description
    # without links to the source, the quote shows the link as the file writes it
    assert "deploy guide](../ops/deploy.md#rollback)" in (
        answer_embeds(answer)[0].description or ""
    )


def test_wiki_links_name_files_of_the_corpus_as_a_notes_app_finds_them():
    held = {"ops/deploy.md", "ops/Rollback.md", "Rota.md", "a/dup.md", "b/dup.md", "x.md"}
    text = (
        "[[deploy]] [[Rollback|the rollback]] [[ops/deploy#Promote it]] [[Rota.md]] "
        "[[rollback]] [[dup]] [[../../x]] [[nodiscard]] [[ -f x ]] `[[Rota]]` ![[Rota]]"
    )

    def page_at(address: str) -> str | None:  # as SearchIndex.page_at: the one file so named
        found = [f for f in held if f"/{f.casefold()}".endswith(f"/{address.casefold()}.md")]
        return found[0] if len(found) == 1 else None

    assert file_links(text, "ops/page.md", held.__contains__, page_at) == (
        ("[[deploy]]", "ops/deploy.md"),  # beside the page
        ("[[Rollback|the rollback]]", "ops/Rollback.md"),
        ("[[ops/deploy#Promote it]]", "ops/deploy.md"),  # from the corpus's top
        ("[[Rota.md]]", "Rota.md"),
        ("[[rollback]]", "ops/Rollback.md"),  # the one file of that name, case ignored
        ("![[Rota]]", "Rota.md"),
    )  # not a name two files share, a path out of the corpus, code, nor no file at all


def test_links_to_a_page_of_the_site_name_the_file_at_its_address(tmp_path):
    files = [
        "source/manual/alerts.html.md",
        "source/manual/heroku.html.md",
        "docs/guide/index.md",
        "docs/guide/build.md",
        "docs/config/shared.md",
        "content/en/functions/env.md",
        "pages/travel-101.md",
        "a/dup.md",
        "b/dup.md",
        "x/README.md",
    ]
    docs = tmp_path / "docs"
    for f in files:
        (docs / f).parent.mkdir(parents=True, exist_ok=True)
        (docs / f).write_text("# Page\n\nSome text.\n", encoding="utf-8")
    index, _ = build(docs, tmp_path / "index")
    assert index.page_at("manual/alerts") == "source/manual/alerts.html.md"
    assert index.page_at("Guide") == "docs/guide/index.md"  # case ignored
    assert index.page_at("functions/env") == "content/en/functions/env.md"
    assert index.page_at("x") == "x/README.md"
    assert index.page_at("dup") is None  # two files: neither
    assert index.page_at("") is None and index.page_at("nothing/here") is None
    text = (
        '[a](/manual/alerts.html#firing), [b]({% page "/travel-101/" %}), [c](../guide/build#mpa), '
        "[d](heroku.html), [e](/guide/), [f](pic.png), [g](https://x.io/guide), [h](#build), "
        "[i](mailto:a@b.c), [j](/), [k](/dup), [l](../../../../guide/build), ![m](/functions/env), "
        '[n](/docs/config/shared.md#x), [o]({% page "travel-101" %})'
    )
    assert file_links(text, "docs/config/shared.md", index.has_file, index.page_at) == (
        ("/manual/alerts.html#firing", "source/manual/alerts.html.md"),
        ('{% page "/travel-101/" %}', "pages/travel-101.md"),
        ("../guide/build#mpa", "docs/guide/build.md"),
        ("/guide/", "docs/guide/index.md"),
        ("/docs/config/shared.md#x", "docs/config/shared.md"),  # from the repository's top
        ('{% page "travel-101" %}', "pages/travel-101.md"),  # a tag gives the site's address
    )  # heroku.html is not beside the page; not a file of another kind, an address, a
    # place on the page, the site's top, a name two files share, outside, nor an image
    memo: dict = {}  # kept for next time, by the page's folder: the same answers
    for _ in range(2):
        assert file_links(text, "docs/config/shared.md", index.has_file, index.page_at, memo)[
            0
        ] == ("/manual/alerts.html#firing", "source/manual/alerts.html.md")
    assert memo[("pic.png", "docs/config")] is None and len(memo) == 14  # one per target
    assert file_links("[d](heroku.html)", "source/manual/alerts.html.md", index.has_file) == (
        ("heroku.html", "source/manual/heroku.html.md"),
    )


def test_a_wiki_link_shows_its_text_and_leads_to_the_file_it_names():
    text = (
        "Ask [[Rota|the on-call rota]], see [[Deploy#Rollback]] and [[Deploy]], "
        "mark it [[nodiscard]], test [[ -f x ]], `[[Deploy]]`"
    )
    addresses = {"[[Deploy#Rollback]]": "https://h/deploy.md#L9", "[[Deploy]]": None}
    assert with_wiki_links(text, addresses) == (
        "Ask the on-call rota, see [Deploy > Rollback](https://h/deploy.md#L9) and Deploy, "
        "mark it [[nodiscard]], test [[ -f x ]], `[[Deploy]]`"
    )  # a link to no file with no text of its own may be no link: as written


VAULT = {
    "Deploy.md": """# Deploy

> [!WARNING]
> Never deploy on Fridays without an approver from [[On-call rota|the on-call rota]].

To roll back a release, run the job described in [[Rollback]].
""",
    "notes/Rollback.md": "# Rollback\n\nRun `deploy rollback --to previous` from the ops box.\n",
}


def test_a_notes_vaults_links_and_callouts_read_as_the_app_shows_them_on_discord(tmp_path):
    answer = _ask(tmp_path, VAULT, "who approves a deploy on fridays?")
    hit = answer.results[0]
    assert hit.passage.source == "Deploy.md"
    assert hit.files == (("[[Rollback]]", "notes/Rollback.md"),)
    links = SourceLinks("https://github.com/acme/docs/blob/{commit}/{path}#L{start}", "abc123")
    description = answer_embeds(answer, links=links)[0].description or ""
    assert description.startswith("# **Deploy**\n\n> **Warning**\n> Never")
    assert "from the on-call rota." in description
    assert "in [Rollback](https://github.com/acme/docs/blob/abc123/notes/Rollback.md#L1)." in (
        description
    )
    assert "described in Rollback." in (answer_embeds(answer)[0].description or "")


def test_the_terminal_shows_the_file_each_link_names(tmp_path, capsys):
    answer = _ask(tmp_path, VAULT, "who approves a deploy on fridays?")
    print_answer(answer)
    out = capsys.readouterr().out
    assert "    | To roll back a release, run the job described in [[Rollback]]." in out
    assert "    [[Rollback]] → notes/Rollback.md\n" in out
    print_answer(answer, links=SourceLinks("https://h/{commit}/{path}#L{start}", "c1"))
    assert "    [[Rollback]] → https://h/c1/notes/Rollback.md#L1\n" in capsys.readouterr().out


def test_a_reference_to_a_page_of_the_site_leads_to_its_file_on_discord(tmp_path):
    files = {"source/alerts/router.md": PAGE, "source/manual/runbook.html.md": "# Runbook\n"}
    hit = _ask(tmp_path, files, "router error ratio alert fires, which dashboard?").results[0]
    assert hit.files == (("/manual/runbook.html", "source/manual/runbook.html.md"),)
    links = SourceLinks("https://h/{commit}/{path}#L{start}", "c1")
    shown = hit_embed(hit, 1, 1, links=links).description or ""
    assert "[the runbook](https://h/c1/source/manual/runbook.html.md#L1)" in shown
    assert f"[5xx dashboard]({DASHBOARD})" in shown.replace("**", "")
    assert "[the runbook][rb]" in (hit_embed(hit, 1, 1).description or "")  # no source
