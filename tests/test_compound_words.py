"""A word written as one where the documents write two: "nxdomain" for ``NX_DOMAIN``,
"cronjobs" for "cron job"."""

from __future__ import annotations

from bot.answer import Answerer
from bot.compound import split
from bot.index import index_documents
from bot.query import analyze
from bot.sections import Document, parse_markdown

PAGES = [
    ("NodeClockSkewed", "The clock of a node drifts from its time source."),
    ("EtcdLeaderChanges", "The etcd members elect a new leader too often."),
    ("RegistryStorageFull", "The image registry has no room for more layers."),
    ("ApiServerLatencyHigh", "Requests to the API server answer slowly."),
    ("DNSErrorsHigh", "Pods get many `NX_DOMAIN` responses from the cluster's resolver."),
    ("GarbageCollectorSyncFailed", "A cron job keeps leaving completed pods behind."),
]


def _runbooks() -> list[Document]:
    return [
        parse_markdown(
            f"# {name}\n\n## Meaning\n\n{meaning}\n\n## Impact\n\nWorkloads may suffer.\n",
            f"alerts/{name}.md",
        )
        for name, meaning in PAGES
    ]


def test_a_word_the_documents_write_as_an_identifier_of_two_is_answered():
    answer = Answerer(index_documents(_runbooks())).ask("why all the nxdomain responses?")
    assert answer.answered
    assert answer.results[0].passage.source == "alerts/DNSErrorsHigh.md"


def test_a_word_the_documents_write_as_two_side_by_side_is_answered():
    answer = Answerer(index_documents(_runbooks())).ask("what happened to our cronjobs?")
    assert answer.answered
    assert answer.results[0].passage.source == "alerts/GarbageCollectorSyncFailed.md"


def test_a_word_is_split_only_where_the_documents_show_the_two_words_together():
    known = {"nx", "domain", "nx_domain", "cron", "job", "use", "effect"}.__contains__
    assert split("nxdomain", known, lambda a, b: 0) == (["nx_domain"], ["nx", "domain"])
    assert split("cronjobs", known, lambda a, b: 1) == ([], ["cron", "job"])
    assert split("cronjobs", known, lambda a, b: 0) is None  # never side by side
    assert split("together", {"gether"}.__contains__, lambda a, b: 9) is None  # English


def test_a_name_written_in_camel_case_is_not_split():
    """ "useEffect" names what the question is about, which the documents lack, though
    they say "use" and "effect" side by side."""
    notes = parse_markdown("# Notes\n\nUse effect sizes in reports.\n", "n.md")
    answer = Answerer(index_documents([*_runbooks(), notes])).ask("why does useEffect run twice?")
    assert not answer.answered


def test_two_words_found_together_on_most_pages_are_no_compound_by_chance():
    """Where nearly every passage says "helm" and many say "file", the two stand side by
    side once by chance ("… with Helm. File …"): "helmfile", another tool, is not read as
    them, and a question about it is declined. Words the pages seldom hold together, and
    write side by side where they do ("cron job"), still make one."""
    pages = [
        parse_markdown(
            f"# Chart {n}\n\nInstall chart {n} with helm and a values file.\n\n"
            f"Upgrade release {n} with helm; keep the values file in git.\n",
            f"charts/c{n}.md",
        )
        for n in range(30)
    ]
    pages.append(parse_markdown("# Releases\n\nList them with helm. File bugs upstream.\n", "r.md"))
    answerer = Answerer(index_documents([*pages, *_runbooks()]))
    assert not answerer.ask("should we use helmfile for releases?").answered
    assert answerer.ask("what happened to our cronjobs?").answered


def test_a_name_and_a_number_written_apart_find_the_page_that_writes_them_as_one():
    """ "the stat agent 2" asks about ``stat_agent2``, whose page says no more than its
    sibling's: only its name tells them apart. A number after a word the corpus never
    writes joined to it ("host 3") searches as before."""
    body = "> Agent that collects host metrics.\n\n- Check the configuration file:\n\n"
    docs = [
        parse_markdown(f"# stat_agentd\n\n{body}`stat_agentd --check {{{{file}}}}`\n", "a.md"),
        parse_markdown(f"# stat_agent2\n\n{body}`stat_agent2 --check {{{{file}}}}`\n", "b.md"),
    ]
    answerer = Answerer(index_documents(docs))
    answer = answerer.ask("check the config file of the stat agent 2")
    assert answer.answered and answer.results[0].passage.source == "b.md"
    assert "stat_agent2 --check" in answer.results[0].text
    words = {w.surface: w for w in analyze("stat agent 2 or host 3", answerer.vocab).words}
    assert words["2"].synonyms == ["agent2"] and words["3"].synonyms == []
    twice = analyze("stat agent 2, i mean agent 2", answerer.vocab).words
    assert [w.synonyms for w in twice if w.surface == "2"] == [["agent2"], ["agent2"]]


def test_a_file_name_the_documents_write_only_in_a_path_is_the_name_of_its_program():
    """ "stat_server.conf" is written only inside ``path/to/stat_server.conf``: a question
    about it is about ``stat_server``, and is answered from its page, not declined."""
    docs = [
        parse_markdown(
            f"# {name}\n\n> Daemon of the stat suite.\n\n- Test the configuration file and "
            f"exit:\n\n`{name} --config {{{{path/to/{name}.conf}}}} --test-config`\n",
            f"{name}.md",
        )
        for name in ("stat_server", "stat_proxy")
    ]
    answer = Answerer(index_documents(docs)).ask("how do i test my stat_server.conf file")
    assert answer.answered
    assert answer.results[0].passage.source == "stat_server.md"
    assert "stat_server --config" in answer.results[0].text
