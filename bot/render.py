"""Answers and salary facts → Discord embeds. The one place that knows Discord's limits.

Limits (Discord API reference, "Embed Limits" and "Create Message"): message content 2,000
characters; 10 embeds a message; title 256; description 4,096; 25 fields; field name 256;
field value 1,024; footer 2,048; author name 256; and 6,000 characters across every embed
of a message; an embed's url must be a well-formed http(s) URL of at most 2,048 characters.
Text is cut (by :mod:`bot.cut`) on a line or word boundary and never inside a code fence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

import discord

from .answer import Answer, Hit
from .cut import clip, close_fence, pages, shorten
from .dialects import as_chat_shows, marks_as_shown, tables_unpadded
from .links import addressed, inline_link, with_links, with_targets, with_wiki_links
from .salary import SalaryFact
from .sections import Section
from .sources import SourceLinks

CONTENT_MAX = 2000
EMBEDS_MAX = 10
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
TOTAL_MAX = 6000
CHOICE_NAME_MAX = 100  # autocomplete choice name and string value
URL_MAX = 2048  # an embed's url

ANSWER_COLOUR = discord.Colour.blurple()
SALARY_COLOUR = discord.Colour.green()
EMBED_QUOTE_MAX = 1500  # a quote in an embed, bold marks included: room for a few results


def escape(text: str) -> str:
    """User input echoed back: no markdown, no mentions."""
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


def breadcrumb(heading_path: Sequence[str], source: str) -> str:
    return " › ".join(heading_path) or source


def location(source: str, line_start: int, line_end: int | None = None) -> str:
    if line_end is None or line_end == line_start:
        return f"{source}:{line_start}"
    return f"{source}:{line_start}-{line_end}"


def link(url: str | None) -> str | None:
    """``url`` when Discord accepts it as an embed's url (http or https, a host, at most
    2,048 characters, no spaces or control characters), else None: no link, rather than a
    message Discord rejects."""
    if (
        not url
        or len(url) > URL_MAX
        or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url)
    ):
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return None
    return url if parts.scheme in ("http", "https") and parts.hostname else None


def masked_link(text: str, url: str | None) -> str:
    """``[text](url)`` for a field or description, or just ``text`` without a valid url."""
    url = link(url)
    return text if url is None else inline_link(text, url)


# what a word is never marked in: code (a fence, a code span, which may go on to the next
# line of its paragraph: "`COPY\n../some-dir .`"), a link's address ("](…)"), an address
# written out ("https://…", "<https://…>")
_UNMARKED = re.compile(
    r"(```.*?```|`[^`\n]*(?:\n(?![ \t]*\n)[^`\n]*)*`"
    r"|\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*\)|<https?://[^<>\s]*>"
    r"|https?://[^\s<>()\[\]]+)",
    re.DOTALL | re.IGNORECASE,
)


def bold_matches(text: str, words: Sequence[str]) -> str:
    """Mark matched words in bold, outside code and addresses (a word marked inside an
    address would break its link)."""
    if not words:
        return text
    pattern = re.compile(
        r"(?<![\w*])("
        + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
        + r")(?![\w*])",
        re.IGNORECASE,
    )
    parts = _UNMARKED.split(text)
    return "".join(p if i % 2 else pattern.sub(r"**\1**", p) for i, p in enumerate(parts))


def hit_embed(
    hit: Hit, n: int, total: int, url: str | None = None, links: SourceLinks | None = None
) -> discord.Embed:
    """A quote as an embed, titled with a link to its lines (``url``). With ``links``, a
    link of the quote to another file of the corpus leads to that file's source."""
    p, head = hit.passage, hit.table_header
    # links written "[text][label]" inline, links to files of the corpus led to their
    # source, HTML as Markdown; a fence the file left open closed
    files = {t: links.url(path, 1) if links else None for t, path in hit.files}
    refs = addressed(hit.links, files)  # "[text][label]" led to a file's source too
    led = with_targets(with_links(hit.text, refs), {t: u for t, u in files.items() if u})
    led = with_wiki_links(led, files)
    text = close_fence(as_chat_shows(marks_as_shown(led)))
    quote = bold_matches(text, hit.matched)
    where = location(p.source, p.line_start, p.line_end)
    if head is not None:  # a long table's later rows, under its header rows
        quote = f"{tables_unpadded(head.text)}\n{quote}"
        where = f"{p.source}:{head.line_start}-{head.line_end}, {p.line_start}-{p.line_end}"
    quote = shorten(quote, EMBED_QUOTE_MAX)
    embed = discord.Embed(
        title=shorten(breadcrumb(p.heading_path, p.source), TITLE_MAX),
        description=quote,
        colour=ANSWER_COLOUR,
        url=link(url),
    )
    embed.set_footer(text=shorten(f"{where} · result {n} of {total}", FOOTER_MAX))
    return embed


def salary_embed(
    facts: Sequence[SalaryFact],
    title: str = "Salary",
    links: SourceLinks | None = None,
    unmatched: Sequence[str] = (),
) -> discord.Embed:
    """Structured salary facts: one field each (at most 25). With links, each source links
    to its line, and the title to the first fact's. ``unmatched``: words of the lookup no
    fact is for ("india"), said above the facts."""
    urls = [links.url(f.source, f.line) if links else None for f in facts[:FIELDS_MAX]]
    note = None
    if unmatched:
        words = ", ".join(f"“{escape(w)}”" for w in unmatched)
        note = shorten(f"No range here is for {words}: these are for the rest.", DESCRIPTION_MAX)
    embed = discord.Embed(
        title=shorten(title, TITLE_MAX),
        colour=SALARY_COLOUR,
        url=link(urls[0]) if urls else None,
        description=note,
    )
    for fact, url in zip(facts[:FIELDS_MAX], urls):
        name = fact.label if fact.label else fact.role
        level = f" · {fact.level}" if fact.level else ""
        head = f"**{money_range(fact)}** {fact.currency} per {fact.period}\n{fact.context or 'no market given'} · "
        source = f"`{location(fact.source, fact.line)}`"
        value = head + masked_link(source, url)
        if len(value) > FIELD_VALUE_MAX:  # never cut a link in half: drop it first
            value = head + source
        embed.add_field(
            name=shorten(f"{fact.role}{level} — {name}", FIELD_NAME_MAX),
            value=shorten(value, FIELD_VALUE_MAX),
            inline=False,
        )
    return within_limits([embed])[0]


def help_embed(commands: Sequence[tuple[str, str, bool]], name: str) -> discord.Embed:
    """How to use the bot: asking in chat, then each slash command (``commands``: name,
    description, whether only members who may manage the server see it), by name."""
    lines = [
        "I answer by quoting the team's Markdown documents, with the file and lines each "
        "quote comes from, and say so when they do not cover a question.",
        "",
        f"**Ask in chat**: mention @{escape(name)} with a question, or send me a direct "
        "message. Reply to an answer, or ask in its thread, to follow it up "
        "(“and for seniors?”).",
        "",
    ]
    for command, description, admin in sorted(commands):
        extra = " *(Manage Server)*" if admin else ""
        lines.append(f"`/{command}`: {escape(description)}{extra}")
    embed = discord.Embed(
        title="How to ask me",
        colour=ANSWER_COLOUR,
        description=shorten("\n".join(lines), DESCRIPTION_MAX),
    )
    return within_limits([embed])[0]


def money_range(fact: SalaryFact) -> str:
    def fmt(v: float | None) -> str:
        return "?" if v is None else (f"{v:,.0f}" if v == int(v) else f"{v:,.2f}")

    if fact.max is None:
        return f"{fmt(fact.min)}+"
    if fact.min is None or fact.min == fact.max:
        return fmt(fact.max) + ("+" if fact.open_ended else "")
    return f"{fmt(fact.min)} – {fmt(fact.max)}" + ("+" if fact.open_ended else "")


def answer_embeds(
    answer: Answer,
    *,
    shown: int = 1,
    salary: Sequence[SalaryFact] = (),
    links: SourceLinks | None = None,
) -> list[discord.Embed]:
    """Embeds for an answer: salary facts first when given, then ``shown`` quoted results,
    each titled with a link to its source lines when there are ``links``."""
    embeds: list[discord.Embed] = []
    if salary:
        embeds.append(salary_embed(salary, "Salary data", links))
    total = len(answer.results)
    for n, hit in enumerate(answer.results[:shown], 1):
        p = hit.passage
        embeds.append(
            hit_embed(
                hit,
                n,
                total,
                links.url(p.source, p.line_start, p.line_end) if links else None,
                links,
            )
        )
    if answer.corrections and embeds:
        fixes = ", ".join(f"{a} → {b}" for a, b in answer.corrections.items())
        embeds[-1].add_field(
            name="Searched with corrections", value=shorten(escape(fixes), FIELD_VALUE_MAX)
        )
    if answer.missing and embeds:  # the quotes answer the rest of the question, not these
        embeds[-1].add_field(
            name="Not in the documents", value=shorten(_words(answer.missing), FIELD_VALUE_MAX)
        )
    return within_limits(embeds)


def _words(words: Sequence[str]) -> str:
    return ", ".join(f"“{escape(w)}”" for w in words)


def no_answer_message(answer: Answer) -> str:
    lines = [
        f"I found nothing in the documents that answers “{shorten(escape(answer.query), 300)}”."
    ]
    if answer.missing:
        lines.append(shorten(f"They never mention {_words(answer.missing)}.", 500))
    if answer.suggestions:
        lines.append("Closest headings:")
        lines.extend(f"• {shorten(escape(s), 200)}" for s in answer.suggestions[:5])
    return shorten("\n".join(lines), CONTENT_MAX)


NO_TEXT = "*(this heading has no text of its own)*"
HEADING_LEVELS = 3  # Markdown heading levels Discord shows (#, ##, ###)


def section_markdown(sections: Sequence[Section]) -> str:
    """A section with its subsections, as written: the section's own text, then each
    subsection's heading as a Markdown heading and its text, with the blank lines between
    them in the file (one at most). ``sections`` are in document order, the section first;
    a part with the section's own heading path and no heading line is more of its own text
    (after a labelled block)."""
    first = sections[0]
    out = first.text.strip("\n")
    end = first.line_end
    for s in sections[1:]:
        lines = []
        if s.heading_line is not None and len(s.heading_path) > len(first.heading_path):
            lines.append("#" * min(max(s.level, 1), HEADING_LEVELS) + " " + s.heading_path[-1])
        if s.text.strip():
            lines.append(s.text.strip("\n"))
        if lines:
            start = s.heading_line or s.line_start
            gap = "\n\n" if start - end > 1 else "\n"
            out += (gap if out else "") + "\n".join(lines)
        end = s.line_end
    return out


def section_embeds(
    heading_path: Sequence[str],
    source: str,
    line_start: int,
    line_end: int,
    text: str,
    url: str | None = None,
) -> list[discord.Embed]:
    """A section as written, one embed per page of at most DESCRIPTION_MAX characters (a
    code fence closed on each page); the footer gives the lines, and the page when there
    are several."""
    texts = pages(text, DESCRIPTION_MAX) or [NO_TEXT]
    where = location(source, line_start, line_end)
    embeds = []
    for n, page in enumerate(texts, 1):
        embed = discord.Embed(
            title=shorten(breadcrumb(heading_path, source), TITLE_MAX),
            description=page,
            colour=ANSWER_COLOUR,
            url=link(url),
        )
        footer = f"{where} · page {n} of {len(texts)}" if len(texts) > 1 else where
        embed.set_footer(text=shorten(footer, FOOTER_MAX))
        embeds.append(within_limits([embed])[0])
    return embeds


def embed_size(embed: discord.Embed) -> int:
    return len(embed)  # discord.py counts title, description, fields, footer and author


def within_limits(embeds: list[discord.Embed]) -> list[discord.Embed]:
    """Fit Discord's message limits: at most 10 embeds and 6,000 characters in all.

    Shortens the longest description first, then drops trailing fields (keeping the first
    of each embed), then trailing embeds.
    """
    embeds = embeds[:EMBEDS_MAX]
    while embeds and sum(embed_size(e) for e in embeds) > TOTAL_MAX:
        excess = sum(embed_size(e) for e in embeds) - TOTAL_MAX
        biggest = max(embeds, key=lambda e: len(e.description or ""))
        desc = biggest.description or ""
        most_fields = max(embeds, key=lambda e: len(e.fields))
        if len(desc) > 100:
            biggest.description = shorten(desc, max(100, len(desc) - excess - 10))
        elif len(most_fields.fields) > 1:
            most_fields.remove_field(len(most_fields.fields) - 1)
        else:
            embeds.pop()  # nothing left to shorten: drop the last embed
    return embeds


def choice_name(text: str) -> str:
    """An autocomplete choice's name: 1 to 100 characters."""
    text = " ".join(text.split()) or "?"
    return clip(text, CHOICE_NAME_MAX)


def heading_choice_name(heading_path: Sequence[str], source: str) -> str:
    """An autocomplete choice's name for a heading: its breadcrumb and file, with leading
    headings left out when too long ("… › Parent › Heading (file.md)"), so that the heading
    itself, which tells the choices apart, is never the part cut off."""
    path = [" ".join(h.split()) for h in heading_path] or [source]
    name = ""
    for start in range(len(path)):
        name = ("… › " if start else "") + " › ".join(path[start:]) + f" ({source})"
        if len(name) <= CHOICE_NAME_MAX:
            return name
    return choice_name(name)


# ------------------------------------------------------------------------------- feedback

VOTE_EMOJI = {1: "👍", -1: "👎"}
GAPS_COLOUR = discord.Colour.orange()
GAP_QUESTIONS_SHOWN = 2
GAP_PASSAGE_LINES = 4


def vote_reply(value: int, outcome: str) -> str:
    """The private acknowledgement of a vote: "recorded", "changed" or "unchanged"."""
    emoji = VOTE_EMOJI[value]
    if outcome == "unchanged":
        return f"You already voted {emoji} on this answer."
    if outcome == "changed":
        return f"Changed your vote to {emoji}. Thanks!"
    if value < 0:
        return (
            f"Thanks for the {emoji}. What were you looking for? A short note helps the "
            "people who keep the documents."
        )
    return f"Thanks for the {emoji}!"


def gaps_embeds(report) -> list[discord.Embed]:
    """The /gaps report (a ``bot.feedback.GapsReport``): declined questions, then disliked answers."""
    lines = []
    for g in report.declined:
        lines.append(f"**{g.count} ×** {escape(g.label)}")
        lines.extend(f"  “{shorten(escape(q), 150)}”" for q in g.questions[:GAP_QUESTIONS_SHOWN])
        if g.closest:
            lines.append("  closest: " + "; ".join(shorten(escape(c), 120) for c in g.closest))
    declined = discord.Embed(
        title=shorten(
            f"Not answered: {report.declined_count} of {report.asked} questions "
            f"(last {report.days} days)",
            TITLE_MAX,
        ),
        description=shorten("\n".join(lines) or "Every question found an answer.", DESCRIPTION_MAX),
        colour=GAPS_COLOUR,
    )
    disliked = discord.Embed(title="Answers with the most 👎", colour=GAPS_COLOUR)
    if not report.disliked:
        disliked.description = "No 👎 in this period."
    for d in report.disliked[:FIELDS_MAX]:
        passage = "\n".join(d.passage.splitlines()[:GAP_PASSAGE_LINES])
        value = [
            shorten(" › ".join(d.heading_path), 200),
            "```\n" + shorten(passage.replace("```", "'''"), 400) + "\n```",
        ]
        value += [f"asked: “{shorten(escape(q), 120)}”" for q in d.questions[:GAP_QUESTIONS_SHOWN]]
        value += [f"note: “{shorten(escape(n), 300)}”" for n in d.notes[:3]]
        disliked.add_field(
            name=shorten(f"{d.down} 👎 / {d.up} 👍 · {d.location}", FIELD_NAME_MAX),
            value=shorten("\n".join(value), FIELD_VALUE_MAX),
            inline=False,
        )
    return within_limits([declined, disliked])
