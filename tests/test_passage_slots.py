"""A passage made by setting its slots (bot.passage_slots, on the query path) is the one
``Passage(...)`` makes, field by field, decoded from a record or grown into a quote."""

from __future__ import annotations

from dataclasses import fields

from bot.index.format import passage_from_record
from bot.passage_slots import make_passage
from bot.sections import Passage

ARGS = (
    "docs/guide.md",
    ("Guide", "Install"),
    3,
    9,
    "Run `make install`.",
    "sh",
    "install guide",
    (("make", "https://example.org/make"),),
    "## Install",
)


def test_make_passage_sets_every_field_to_its_own_value() -> None:
    made, built = make_passage(*ARGS), Passage(*ARGS)
    assert made == built
    assert [getattr(made, f.name) for f in fields(Passage)] == list(ARGS)


def test_make_passage_defaults_are_the_dataclass_defaults() -> None:
    assert make_passage(*ARGS[:5]) == Passage(*ARGS[:5])


def test_passage_from_record_reads_every_field() -> None:
    record = {
        "source": ARGS[0],
        "heading_path": list(ARGS[1]),
        "line_start": ARGS[2],
        "line_end": ARGS[3],
        "text": ARGS[4],
        "code_lang": ARGS[5],
        "context": ARGS[6],
        "links": [list(link) for link in ARGS[7]],
        "heading": ARGS[8],
    }
    assert passage_from_record(record) == Passage(*ARGS)
    bare = {k: record[k] for k in ("source", "heading_path", "line_start", "line_end", "text")}
    assert passage_from_record(bare) == Passage(*ARGS[:5])


def test_made_passages_stay_frozen() -> None:
    p = make_passage(*ARGS)
    try:
        p.text = "changed"  # type: ignore[misc]
    except AttributeError:
        pass
    else:
        raise AssertionError("a passage made by its slots could be changed")
    assert p.text == ARGS[4]
