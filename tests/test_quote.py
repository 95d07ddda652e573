"""Quotes grow with their neighbours: within their section and the sections under it, into a
section beside it only when the quote is thin and that section is a facet of the same page
("Syntax" after a summary), never into another file."""

from bot.answer import Answerer
from bot.index import index_documents
from bot.neighbours import may_join, under
from bot.quote import (
    QUOTE_CONTEXT_CHARS,
    quote_text,
    quotes_of,
    with_neighbours,
)
from bot.sections import Passage, parse_markdown
from bot.text import tokenize


def _para(n: int) -> str:
    return f"Paragraph {n} says " + "something useful " * 22 + "end."  # about 400 chars


def _index():
    body = "\n\n".join(_para(n) for n in range(6))
    docs = [
        parse_markdown("# One\n\n> The first page.\n", "a/one.md"),
        parse_markdown(f"# Long\n\n## Part\n\n{body}\n\n## Other\n\nAnother section.\n", "long.md"),
        parse_markdown("# Three\n\n> The third page.\n", "z/three.md"),
    ]
    return index_documents(docs)


class _Counting:
    """The index, counting the passages read."""

    def __init__(self, index):
        self.index, self.read = index, []

    def passage(self, doc):
        self.read.append(doc)
        return self.index.passage(doc)

    def __getattr__(self, name):
        return getattr(self.index, name)


def test_a_quote_takes_the_passages_around_it_in_its_section_up_to_the_limit():
    index = _index()
    docs = [d for d in range(index.n_passages) if "Paragraph 2 says" in index.passage(d).text]
    (doc,) = docs
    assert with_neighbours(index, doc).text == index.passage(doc).text  # no room: alone
    quote = with_neighbours(index, doc, limit=2 * QUOTE_CONTEXT_CHARS)
    assert "Paragraph 0 says" in quote.text and "Paragraph 2 says" in quote.text
    assert len(quote.text) <= 2 * QUOTE_CONTEXT_CHARS
    assert "Paragraph 5 says" not in quote.text  # the block before came first, then no room
    assert quote.line_start < index.passage(doc).line_start
    section = "\n\n".join(_para(n) for n in range(6))
    whole = with_neighbours(index, doc, limit=len(section) + 10)  # the page does not fit
    assert "Paragraph 5 says" in whole.text and "Another section" not in whole.text


def test_a_quote_grows_toward_the_neighbour_holding_the_questions_words():
    """When the passage before the one found and the one after each fit but not both, the
    quote takes the one that holds more of the question's words: the flag that does what
    is asked, not the page's introduction; with no words to go by, the block before."""

    def para(words: str) -> str:
        return words + " " + "something useful " * 25 + "end."  # about 500 characters

    body = "\n\n".join(
        [
            para("The sync command copies files from the source to the destination."),
            para("Run sync with a filter to copy only some of the files."),
            para("Add the --rmdirs flag and sync removes the empty directories it leaves."),
        ]
    )
    page = parse_markdown(f"# Sync\n\n## Usage\n\n{body}\n", "sync.md")
    index = index_documents([page, parse_markdown("# Other\n\nText.\n", "other.md")])
    (doc,) = [d for d in range(index.n_passages) if "a filter" in index.passage(d).text]
    assert index.passage(doc - 1).heading_path == index.passage(doc + 1).heading_path

    def quoted(question: str) -> str:
        return quotes_of(index, doc, limit=1200, asked=frozenset(tokenize(question)))[0].text

    asked = quoted("sync: how do i remove the empty directories it leaves behind?")
    assert "--rmdirs" in asked and "from the source" not in asked
    assert "--rmdirs" not in quoted("") and "from the source" in quoted("")
    assert "from the source" in quoted("sync from the source to the destination")


ERROR_PAGE = """# Compiler Error C9999

> 'name': cycle in the definition

## Remarks

The definition refers to itself. Circular definitions are invalid.

### To fix

Define one of the two without the other.

# Compiler Error C9998

> another error, in another section beside the first

## Remarks

"""
ERROR_PAGE += "It says more than fits in one quote with the first. " * 16 + "\n"


def test_a_short_passage_is_quoted_with_the_sections_under_it_and_their_headings():
    index = index_documents([parse_markdown(ERROR_PAGE, "errors.md")])
    (doc,) = [d for d in range(index.n_passages) if "cycle in the" in index.passage(d).text]
    quote = with_neighbours(index, doc)
    assert quote.heading_path == ("Compiler Error C9999",)  # it is still the message's quote
    assert quote.text == (
        "> 'name': cycle in the definition\n\n## Remarks\n\nThe definition refers to itself."
        " Circular definitions are invalid.\n\n### To fix\n\nDefine one of the two without"
        " the other."
    )
    assert (quote.line_start, quote.line_end) == (3, 11)
    # a section beside it is another subject: a passage stops before it, and one under
    # another section never reaches back up
    (remarks,) = [d for d in range(index.n_passages) if "refers to itself" in index.passage(d).text]
    assert "another error" not in with_neighbours(index, remarks).text
    assert "cycle in the" not in with_neighbours(index, remarks).text


SHORT_PAGE = """# Compiler Error C9997

> 'identifier': more than one GUID for this object

## Remarks

The argument has several GUIDs attached.

## Example

```cpp
__uuidof(MyBadClass);   // C9997
```
"""


def test_a_short_page_is_quoted_whole_from_any_of_its_passages():
    index = index_documents([parse_markdown(SHORT_PAGE, "c9997.md")])
    (example,) = [d for d in range(index.n_passages) if "MyBadClass" in index.passage(d).text]
    quote = with_neighbours(index, example)
    assert quote.heading_path == ("Compiler Error C9997",)
    assert quote.text.startswith("> 'identifier': more than one GUID for this object")
    assert "## Remarks\n\nThe argument has several GUIDs attached." in quote.text
    assert quote.text.endswith("__uuidof(MyBadClass);   // C9997\n```")
    assert (quote.line_start, quote.line_end) == (3, 13)


def test_a_one_passage_page_is_quoted_alone_without_reading_its_neighbours():
    index = _index()
    counting = _Counting(index)
    for doc in (0, index.n_passages - 1):  # the first and last pages: other files beside
        counting.read.clear()
        quote = with_neighbours(counting, doc)
        assert quote.text == index.passage(doc).text
        assert counting.read == [doc]


def test_a_neighbour_is_read_only_when_its_record_says_it_may_join_the_quote():
    """Section keys, read from the records without decoding them, tell the sections apart as
    the passages do: before a passage only its own section joins, after it also those under
    it; never a section beside it whose heading it starts with, nor another file."""
    text = (
        "Some words before any heading.\n\n# A\n\nText of A.\n\n## B\n\nText of B.\n\n"
        '### C\n\nText of C.\n\n## B2\n\nText of B2.\n\n# A "quoted" \\ one\n\nText.\n\n'
        "## B\n\nMore.\n"
    )
    docs = [parse_markdown(text, "a.md"), parse_markdown("# A\n\n## B\n\nOther file.\n", "a.mdx")]
    index = index_documents(docs)
    passages = [index.passage(d) for d in range(index.n_passages)]
    assert any(not p.heading_path for p in passages)
    for i, p in enumerate(passages):
        for j, q in enumerate(passages):
            for side in (-1, 1):
                joins = q.source == p.source and (
                    q.heading_path == p.heading_path or (side > 0 and under(q, p))
                )
                assert may_join(index.section_key(j), index.section_key(i), side) == joins


def test_a_passages_title_is_read_from_its_record_without_decoding_it():
    """The title rule (bot.title_named) reads ten candidates' titles per question; the
    index reads each from the start of its record, as the decoded passage has it: a path's
    first heading, quotes, backslashes and all, and none before the first heading."""
    text = (
        'Words before any heading.\n\n# A "quoted" \\ title — ünïcode\n\nText.\n\n'
        "## B\n\nText of B.\n\n# Second\n\nMore.\n"
    )
    index = index_documents([parse_markdown(text, "a.md")])
    titles = [index.title(d) for d in range(index.n_passages)]
    assert not index._decoded  # read without decoding a passage
    paths = [index.passage(d).heading_path for d in range(index.n_passages)]
    assert titles == [path[0] if path else "" for path in paths]
    assert titles == [
        "",
        'A "quoted" \\ title — ünïcode',
        'A "quoted" \\ title — ünïcode',
        "Second",
    ]
    assert [index.title(d) for d in range(index.n_passages)] == titles  # decoded ones too


def test_a_quote_shows_one_blank_line_where_the_file_has_several():
    p = Passage("a.md", ("A",), 1, 6, "First.\n\n\n  \n\nSecond.\n\nThird.")
    assert quote_text(p) == "First.\n\nSecond.\n\nThird."
    code = "Run:\n\n\n```python\ndef a():\n    pass\n\n\ndef b():\n    pass\n```\n\n\nDone."
    assert quote_text(Passage("a.py.md", ("A",), 1, 13, code)) == (
        "Run:\n\n```python\ndef a():\n    pass\n\n\ndef b():\n    pass\n```\n\nDone."
    )


REMARKS = "The handle must stay open while the count is read, or the call fails. " * 20


def _reference_pages(extra: str) -> list:
    """Thirty function pages of one shape ("Summary", "Syntax", "Remarks": headings of
    words common in the corpus), and ``extra``, a page of the same corpus."""
    pages = [
        parse_markdown(
            f"# frob{k}\n\n## Summary\n\nReturns the count of widget number {k}.\n\n"
            f"## Syntax\n\nCall it as frob{k}(handle, flags) with an open handle.\n\n"
            f"## Remarks\n\n{REMARKS}\n",
            f"ref/frob{k}.md",
        )
        for k in range(30)
    ]
    return [*pages, parse_markdown(extra, "faq.md")]


FAQ_PAGE = """# Team questions

## Can we deploy on Fridays?

Yes, before three in the afternoon.

## Where do the database backups live?

In the vault bucket, kept for five weeks.

## Summary

- Fridays: yes
- Backups: vault
"""
FAQ_PAGE += (
    "\n## History\n\n" + "The team kept its answers in a wiki before this page. " * 20 + "\n"
)


def test_a_thin_quote_goes_on_into_the_facets_of_its_page_beside_it():
    index = index_documents(_reference_pages(FAQ_PAGE))
    (doc,) = [d for d in range(index.n_passages) if "widget number 7." in index.passage(d).text]
    quote = with_neighbours(index, doc)
    assert quote.heading_path == ("frob7", "Summary")
    assert quote.text == (
        "Returns the count of widget number 7.\n\n## Syntax\n\n"
        "Call it as frob7(handle, flags) with an open handle."
    )  # the remarks do not fit after it
    assert "Syntax" not in quotes_of(index, doc)[1].text  # the quote without its facets


def test_a_section_of_another_subject_a_list_or_a_long_one_ends_a_thin_quote():
    index = index_documents(_reference_pages(FAQ_PAGE))

    def quote_of(words: str) -> str:
        (doc,) = [d for d in range(index.n_passages) if words in index.passage(d).text]
        return with_neighbours(index, doc).text

    # the next question of an FAQ is another subject: its heading's words are rare
    assert quote_of("three in the afternoon") == "Yes, before three in the afternoon."
    # "Summary" is a facet's heading here, but a list is a set of parallel items
    assert quote_of("kept for five weeks") == "In the vault bucket, kept for five weeks."
    # a facet too long to fit after the quote ends it
    assert "Remarks" not in quote_of("Call it as frob3(")


def test_a_thin_quote_shown_after_the_facet_it_would_grow_into_takes_its_place():
    """The summary's quote grown into its facets holds the syntax quote shown before it:
    the one quote shown then holds both, in the syntax's place, and leaves a place free."""
    index = index_documents(_reference_pages(FAQ_PAGE))
    answerer = Answerer(index)
    (summary,) = [d for d in range(index.n_passages) if "number 7." in index.passage(d).text]
    (syntax,) = [d for d in range(index.n_passages) if "as frob7(" in index.passage(d).text]
    shown = [(syntax, with_neighbours(index, syntax))]
    assert not answerer._show(summary, shown)
    ((doc, quote),) = shown
    assert doc == syntax  # the place, and the score, of the passage found first
    assert "number 7." in quote.text and "as frob7(" in quote.text


def test_a_page_of_one_subject_is_quoted_whole_beyond_the_quote_limit_one_of_several_not():
    remarks = "The handle must stay open while the count is read, or the call fails. " * 12
    pages = [
        parse_markdown(
            f"# frob{k}\n\n## Summary\n\nReturns the count of widget number {k}.\n\n"
            f"## Syntax\n\nCall it as frob{k}(handle, flags) with an open handle.\n\n"
            f"## Remarks\n\n{remarks.strip()}\n",
            f"ref/frob{k}.md",
        )
        for k in range(30)
    ]
    faq = (
        "# Team questions\n\n## Can we deploy on Fridays?\n\n"
        + "Yes, before three in the afternoon, with a reviewer. " * 9
        + "\n\n## Where do the database backups live?\n\n"
        + "In the vault bucket, kept for five weeks and copied daily. " * 9
        + "\n"
    )
    index = index_documents([*pages, parse_markdown(faq, "faq.md")])

    def quote_of(words: str) -> str:
        (doc,) = [d for d in range(index.n_passages) if words in index.passage(d).text]
        return with_neighbours(index, doc).text

    page = quote_of("widget number 4.")  # "Summary", "Syntax", "Remarks": one subject
    assert len(page) > QUOTE_CONTEXT_CHARS and page.endswith("or the call fails.")
    assert "## Syntax" in page and "## Remarks" in page
    # an FAQ's questions are subjects of their own: its answers are quoted apart
    assert "backups" not in quote_of("before three in the afternoon")


def _two_part_pages() -> list:
    """Thirty reference pages too long to quote whole, whose remarks and example are two
    parts of one answer, and an FAQ whose two answers are answers of their own."""
    syntax = "Call it with an open handle and a set of flags from the header. " * 12
    remarks = "The widget count is read from the device table when the call is made. " * 6
    pages = [
        parse_markdown(
            f"# frob{k}\n\n## Summary\n\nReturns the count of widget number {k}.\n\n"
            f"## Syntax\n\n{syntax.strip()}\n\n"
            f"## Remarks\n\nA closed handle makes frob{k} return zero.\n\n{remarks.strip()}\n\n"
            f"## Example\n\nPass FROB_FAST to skip the device table:\n\n"
            f"    frob{k}(handle, FROB_FAST);\n\n## See also\n\n[frob{k + 1}](frob{k + 1}.md)\n",
            f"ref/frob{k}.md",
        )
        for k in range(30)
    ]
    faq = (
        "# Team questions\n\n## Can we deploy on Fridays?\n\n"
        + "Yes, before three, with a zero-downtime flag. " * 10
        + "\n\n## Where do the database backups live?\n\n"
        + "In the vault bucket, with a closed handle policy. " * 10
        + "\n"
    )
    return [*pages, parse_markdown(faq, "faq.md")]


def test_two_parts_of_a_page_of_one_subject_found_first_are_quoted_as_one():
    answerer = Answerer(index_documents(_two_part_pages()))
    answer = answerer.ask(
        "frob7: closed handle returns zero? and how to skip the device table fast"
    )
    first = answer.results[0]
    # the remarks and the example, and what stands between them, in one quote
    assert first.passage.source == "ref/frob7.md"
    assert "return zero" in first.text and "Pass FROB_FAST to skip" in first.text
    assert "## Example" in first.text and "## Syntax" not in first.text
    # from the remarks' heading, as the file writes it (see bot.heading_line)
    assert first.text.startswith("## Remarks\n\nA closed handle makes frob7 return zero.")
    assert all(h.passage.source != "ref/frob7.md" for h in answer.results[1:])
    # an FAQ's answers are subjects of their own: each is quoted apart
    answer = answerer.ask("closed handle zero downtime deploy fridays vault")
    faq = [h.text for h in answer.results if h.passage.source == "faq.md"]
    assert len(faq) == 2 and not any("zero-downtime" in t and "vault" in t for t in faq)


def test_a_section_and_one_under_it_found_first_are_quoted_as_one():
    """Two passages found on one page, one in a section and one in a section under it, are
    parts of one subject: the first quote holds both, and what stands between them, though
    the section under it is no facet ("String caching details")."""
    reads = "The parser keeps a cache of the strings it reads from JSON input, so a key seen "
    reads += "again is not decoded twice. "
    clears = "Each worker thread has a cache of its own, and the cache is cleared when the "
    clears += "document has been read. "
    page = (
        f"# Strings\n\n## Caching strings\n\n{reads * 5}\n\n{clears * 5}\n\n"
        "### String caching details\n\nOnly strings shorter than 64 characters are cached; "
        "longer ones are decoded each time.\n"
    )
    answerer = Answerer(index_documents([*_two_part_pages(), parse_markdown(page, "strings.md")]))
    answer = answerer.ask(
        "is a key decoded twice from JSON input, or does the string cache keep it? "
        "only strings under 64 characters?"
    )
    first = answer.results[0]
    assert first.passage.source == "strings.md"
    assert first.text.startswith("## Caching strings\n\nThe parser keeps a cache")
    assert "Each worker thread" in first.text and "### String caching details" in first.text
    assert first.text.endswith("longer ones are decoded each time.")
    assert all(h.passage.source != "strings.md" for h in answer.results[1:])


def _code_page() -> str:
    def calls(name: str, n: int) -> str:
        return "\n".join(f"   {name}_{k:02}( values, {k} );  // one of the steps" for k in range(n))

    return (
        "# Sorting\n\n## Example\n\n```cpp\n\nint main( )\n{\n"
        + calls("step", 37)  # the window over the last of them ends on the comment
        + "\n   // To sort in descending order,\n   sort( v.begin( ), v.end( ), greater<int>( ) );\n"
        + calls("tail", 40)
        + "\n}\n```\n\n## Other block\n\n```cpp\nint other_block_line( );\n"
        + calls("far", 40)
        + "\n```\n"
    )


def test_a_window_of_a_long_code_block_is_quoted_with_the_lines_around_it():
    """A long code block is cut into windows of about half a quote, at any line: a window
    that ends on the comment over the call asked about is quoted with the lines after
    it, and before it, up to the quote's size, never beyond its block."""
    index = index_documents([parse_markdown(_code_page(), "sort.md")])
    windows = [index.passage(d) for d in range(index.n_passages)]
    assert all(p.code_lang == "cpp" for p in windows)
    (doc,) = [
        d
        for d, p in enumerate(windows)
        if p.text.endswith("// To sort in descending order,") and "greater<int>" not in p.text
    ]
    window = windows[doc]
    quote = with_neighbours(index, doc)
    assert "   // To sort in descending order,\n   sort( v.begin( )" in quote.text
    assert quote.line_start < window.line_start and quote.line_end > window.line_end
    assert len(quote.text) <= QUOTE_CONTEXT_CHARS < len(quote.text) + 60  # as much as fits
    lines = _code_page().split("\n")
    assert quote.text == "\n".join(lines[quote.line_start - 1 : quote.line_end])
    assert quote.code_lang == "cpp" and quote_text(quote).startswith("```cpp\n")
    # a window at the end of its block is grown backwards only, within its block
    (last,) = [
        d
        for d, p in enumerate(windows)
        if p.text.endswith("tail_39( values, 39 );  // one of the steps\n}")
    ]
    end = with_neighbours(index, last)
    assert end.line_end == windows[last].line_end and end.line_start < windows[last].line_start
    assert "other_block_line" not in end.text and "far_" not in end.text
    # the first window: after it only, and the blank line over its first one is left out
    first = with_neighbours(index, 0)
    assert windows[0].text.startswith("int main( )") and first.text.startswith("int main( )")
    assert first.line_start == windows[0].line_start and first.line_end > windows[0].line_end
