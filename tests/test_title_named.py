"""A "what is …" question and the page whose whole title it names."""

from __future__ import annotations

from bot.answer import Answerer
from bot.index import index_documents
from bot.query import analyze
from bot.sections import Document, parse_markdown
from bot.title_named import title_named

GLOSSARY = (
    "# Render hook\n\n"
    "A template that overrides the conversion of Markdown to HTML for one kind of element.\n"
)
IMAGES = (
    "# Image render hooks\n\n"
    "## Markdown\n\n"
    "An image render hook receives the destination, the title and the text of the image.\n\n"
    "## Context\n\nThe hook's context holds the page, the ordinal and the attributes.\n"
)


def _filler() -> list[Document]:
    return [
        parse_markdown(f"# Topic {n}\n\nA page about subject number {n}.\n", f"t/t{n}.md")
        for n in range(30)
    ]


def _first_source(question: str) -> str:
    docs = [
        parse_markdown(GLOSSARY, "glossary/render-hook.md"),
        parse_markdown(IMAGES, "render-hooks/images.md"),
        *_filler(),
    ]
    answer = Answerer(index_documents(docs)).ask(question)
    assert answer.answered
    return answer.results[0].passage.source


def test_what_is_finds_the_page_titled_with_the_thing_asked():
    """The glossary entry titled "Render hook" answers what a render hook is, before a
    longer page that uses the words more often."""
    assert _first_source("what's a render hook, in one sentence") == "glossary/render-hook.md"


def test_what_even_is_asks_what_something_is_too():
    """Chat puts a word between "what" and "is": "what even is a render hook?", "what
    exactly are render hooks" ask the same."""
    assert _first_source("what even is a render hook?") == "glossary/render-hook.md"
    assert _first_source("what exactly is a render hook") == "glossary/render-hook.md"


def test_a_question_not_asking_what_something_is_ranks_as_before():
    """Naming the title is not enough: "how do I …" asks for a procedure."""
    assert _first_source("how do i write a render hook for images") == "render-hooks/images.md"


def test_a_follow_up_names_a_title_by_its_own_words_only():
    """ "and what is a shortcode?" after "what's a render hook?" carries "render" and "hook"
    over at a lower weight: they still find the entry "Render hook", but do not name its
    title for this question, which asks what a shortcode is."""
    shortcode = "# Shortcode\n\nA template called from Markdown content that inserts HTML.\n"
    docs = [
        parse_markdown(GLOSSARY, "glossary/render-hook.md"),
        parse_markdown(shortcode, "glossary/shortcode.md"),
        parse_markdown("# Topic\n\nSee the shortcode.\n", "t/topic.md"),
        *_filler(),
    ]
    answer = Answerer(index_documents(docs)).ask(
        "and what is a shortcode?", context=["what's a render hook?"]
    )
    assert answer.results[0].passage.source == "glossary/shortcode.md"


def test_a_question_writing_a_title_as_written_lifts_that_page_a_little():
    """ "rclone delete leaves empty dirs behind" writes the title of the page on that
    command, "rclone delete", word for word: among candidates within a few points of each
    other, that page's go first. The same words apart or in another order ("delete with
    rclone") name no title, and a one-word title ("Bisync") is not lifted."""
    pages = {
        "commands/rclone_delete.md": "# rclone delete\n\nRemove the files in path.\n",
        "bisync.md": "# Bisync\n\nEmpty directories are deleted on both sides.\n",
    }
    index = index_documents([parse_markdown(t, name) for name, t in pages.items()])
    answerer = Answerer(index)
    doc = {index.passage(d).source: d for d in range(index.n_passages)}

    def first(question: str) -> str:
        final = {doc["bisync.md"]: 100.0, doc["commands/rclone_delete.md"]: 98.0}
        title_named(index, analyze(question, answerer.vocab), final)
        return index.passage(max(final, key=final.__getitem__)).source

    assert first("rclone delete leaves empty dirs behind") == "commands/rclone_delete.md"
    assert first("delete with rclone leaves empty dirs") == "bisync.md"
    assert first("bisync leaves empty dirs behind") == "bisync.md"
