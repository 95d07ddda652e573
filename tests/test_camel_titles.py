"""Pages titled by one CamelCase name, as alert runbooks are: found by the name's words, and
by the name cut short. Sections headed by the names an API reference documents: found by
those names' words."""

from __future__ import annotations

from bot.answer import Answerer
from bot.index import index_documents
from bot.sections import Document, camel_words, names_apart, parse_markdown

FILLER = [
    ("NodeClockSkewed", "The clock of a node drifts from its time source."),
    ("EtcdLeaderChanges", "The etcd members elect a new leader too often."),
    ("RegistryStorageFull", "The image registry has no room for more layers."),
    ("ApiServerLatencyHigh", "Requests to the API server answer slowly."),
]


def _runbook(name: str, meaning: str, title: str | None = None) -> Document:
    text = (
        f"# {title or name}\n\n## Meaning\n\n{meaning}\n\n## Impact\n\nWorkloads may suffer.\n\n"
        "## Diagnosis\n\nCheck the pods:\n\n```console\noc get pods -A\n```\n\n"
        "## Mitigation\n\nFollow the steps of the operator's documentation.\n"
    )
    return parse_markdown(text, f"alerts/{name}.md")


def _runbooks() -> list[Document]:
    docs = [_runbook(n, m) for n, m in FILLER]
    docs.append(_runbook("KubeVirtVMGuestMemoryLow", "The alert fires inside the VM after 5m."))
    docs.append(
        _runbook("ObcQuotaBytesExhaustedAlert", "The claim crossed its quota and is read-only.")
    )
    return docs


def test_camel_words_split_a_one_name_title_only():
    assert camel_words("KubeVirtVMIExcessiveMigrations") == "Kube Virt VMI Excessive Migrations"
    assert camel_words("DNSNxDomain") == "DNS Nx Domain"
    assert camel_words("CWinApp Class") == ""  # a title of words, not one name
    assert camel_words("linux_python") == ""
    assert camel_words("Setup") == ""


def test_a_question_in_readers_words_finds_the_page_named_for_it():
    """ "guest memory" is said only by the title, run together: its words apart reach it."""
    answer = Answerer(index_documents(_runbooks())).ask("the guest memory is low in a vm")
    assert answer.answered
    assert answer.results[0].passage.source == "alerts/KubeVirtVMGuestMemoryLow.md"


def test_a_name_cut_short_is_not_a_word_the_corpus_lacks():
    """ "ObcQuotaBytesExhausted" is the start of the alert's name: the question is answered
    from that page, not declined for a name the documents never write."""
    answer = Answerer(index_documents(_runbooks())).ask(
        "ObcQuotaBytesExhausted fired on one claim, is it read-only now?"
    )
    assert answer.answered
    assert answer.results[0].passage.source == "alerts/ObcQuotaBytesExhaustedAlert.md"


TIMERS = """# Timers

## Functions

### `setTimeout(callback, delay)`

Schedules the callback to run once after the delay, in milliseconds.

### `setInterval(callback, delay)`

Runs the callback again and again, with the delay between two runs, in milliseconds.

### `clearTimeout(id)`

Cancels a scheduled callback before it runs.

### `queueMicrotask(callback)`

Runs the callback after the current task, before the next one.
"""


def test_names_apart_reads_every_camelcase_name_a_heading_writes():
    assert names_apart(".toHaveProperty(keyPath, value?)") == "to Have Property key Path"
    assert names_apart("CWnd::OnCreate") == "C Wnd On Create"
    assert names_apart("Using a config management plugin") == ""  # no name in CamelCase
    assert names_apart("jest.fn(implementation?)") == ""


def test_a_question_in_readers_words_finds_the_section_named_for_it():
    """The reference says "interval" only in the name heading its section: a question
    asking for one reaches that section, rather than being declined for a word the
    documents never write."""
    docs = [parse_markdown(TIMERS, "timers.md")]
    answer = Answerer(index_documents(docs)).ask(
        "how do i run something at a fixed interval of a few milliseconds"
    )
    assert answer.answered
    assert "again and again" in answer.results[0].text
