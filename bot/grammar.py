"""Which words a question uses as verbs, told by their place in it; which it asks
for by its form (the noun of "which X are …") or puts aside (between parentheses); which
say a state after a linking verb ("is it dead?"); and the stopwords it uses as names of
code ("the this pointer") or of the tool it opens with ("which: …").

A word the corpus lacks that the question uses as a verb tells how it is asked, not what
it is about (see :func:`bot.query._verbal`). WordNet's counts tell how English mostly uses
a word; where they are too few ("refresh", "bail") or lean to a noun ("paste"), the
question itself often says: the word stands right after a subject pronoun ("can i paste",
"do they refresh", "I don't ack"), after "have" as a past participle ("might have leaked"),
or after "to" with its object or particle next ("a way to bail out", "to ship a service").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from .text import PLAIN_WORD, content_words, normalize, stopwords, tokenize

# only these pronouns are always subjects: "you" and "it" are objects too ("give you
# headaches"), and a verb stands next after them, or after one modal or negation between
_SUBJECTS = frozenset({"i", "we", "they", "he", "she"})
_BETWEEN = frozenset(
    {"can", "could", "should", "would", "will", "shall", "might", "must", "may", "cannot"}
    | {"don't", "doesn't", "didn't", "can't", "won't", "wouldn't", "shouldn't", "couldn't"}
    | {"dont", "doesnt", "didnt", "cant", "wont", "wouldnt", "shouldnt", "couldnt"}
)
_HAVE = frozenset({"have", "has", "had", "i've", "we've", "they've", "you've"})
# what follows a verb after "to": its object's determiner or a particle ("to bail out");
# a noun after "to" is more often a place ("to staging", "to the US")
_OBJECT = frozenset(
    {"a", "an", "the", "my", "our", "your", "their", "this", "that", "these", "those", "it"}
    | {"out", "up", "off", "down", "in", "over", "back"}
)


# a request opens its clause with its verb: "list the pods", "adb shell: list ...", "... and
# show them"; and a verb stands before its object pronoun: "help me", "show us"
_CLAUSE_OPENER = re.compile(r"(?:^|[:;,.!?]|\band\b)\W*([^\W\d_]+)")
_OBJECT_PRONOUNS = frozenset({"me", "us"})


def asking_words(text: str) -> set[str]:
    """The words ``text`` asks with, case-folded: those it uses as verbs by their place
    (:func:`used_as_verbs`), those opening a clause as a request does, and those before
    "me" or "us"."""
    out = used_as_verbs(text)
    folded = normalize(text)
    out.update(m.group(1) for m in _CLAUSE_OPENER.finditer(folded))
    words = PLAIN_WORD.findall(folded)
    out.update(w for w, after in zip(words, words[1:]) if after in _OBJECT_PRONOUNS)
    return out


def used_as_verbs(text: str) -> set[str]:
    """The words ``text`` uses as verbs by their place, case-folded (see the module)."""
    words = PLAIN_WORD.findall(normalize(text))
    out: set[str] = set()
    for i, word in enumerate(words[:-1]):
        after = words[i + 1]
        if word in _SUBJECTS:
            at = i + 2 if after in _BETWEEN else i + 1
            out.update(words[at : at + 1])
        elif (word in _HAVE and after.endswith("ed")) or (
            word == "to" and words[i + 2 : i + 3] and words[i + 2] in _OBJECT
        ):
            out.add(after)
    return out


_AUX = "is|are|was|were|do|does|did|should|can|could|would|will|has|have|must|might"
_ANSWER_TYPE = re.compile(
    rf"\s*(?:which|what)\s+(?!(?:{_AUX})\b)((?:[\w/+.-]+\s+){{0,3}}?[\w/+.-]+)\s+(?:{_AUX})\b",
    re.IGNORECASE,
)


def answer_type(text: str) -> set[str]:
    """The terms of the noun a "which/what X is ..." question asks for instances of:
    "tools" in "Which tools are used for data versioning?". The passage that answers names
    the instances ("Data versioning (DVC, Pachyderm)") more often than the noun itself, so
    the noun searches at bot.query.ANSWER_TYPE_WEIGHT; it still counts in full for coverage."""
    m = _ANSWER_TYPE.match(text)
    found = content_words(m.group(1).split()[-1], question=True) if m else []
    return set(found[0][1]) if found else set()


_PARENS = re.compile(r"\(([^()]*)\)")


def words_aside(text: str) -> set[str]:
    """The terms a question writes only between parentheses: an aside ("... until port
    8080 is free (nothing listening anymore)") says what the asker means, and a call's
    arguments ("cin.readsome(buf, n)") are the asker's own names, not what to find.
    They search at bot.query.ASIDE_WEIGHT, like the noun asked for (see answer_type), and still
    count in full for coverage, so declining is unchanged."""
    if "(" not in text:
        return set()
    inside = {t for m in _PARENS.finditer(text) for t in tokenize(m.group(1))}
    return inside - set(tokenize(_PARENS.sub(" ", text)))


# the asker's own thing, named before what it is: "our tokio app", "on our jenkins box",
# "broke my wrist and ..."; not the question's last word ("how do I set up my kotlin?");
# or where the askers are: "we're in CET", "I'm on fedora"
_OWNED = re.compile(
    r"\b(?:our|my)\s+([^\W\d_]+)\b(?=\W+\w)"
    r"|\b(?:we're|we’re|we are|i'm|i’m|im|i am)\s+(?:on|in|using|at)\s+([^\W\d_]+)\b",
    re.IGNORECASE,
)


def owned_words(text: str) -> set[str]:
    """The words (folded) a question names the asker's own things by: "tokio" in "our tokio
    app takes forever to build", "CET" in "can I switch the UI to local time? we're in
    CET". The team's app, box or time zone is where the question comes from, not what the
    documents must name: a word the corpus lacks there is a detail (bot.query._details),
    like a number among many words."""
    return {(m.group(1) or m.group(2)).casefold() for m in _OWNED.finditer(text)}


# how much of something, told in passing: "a ton of rules", "tons of", "a bunch of",
# "heaps of", "loads of", "a couple of", "a handful of", "lots of"
_AMOUNT_PHRASE = re.compile(
    r"\b(tons?|bunch(?:es)?|heaps?|loads?|couple|handful|lots?)\s+of\b", re.IGNORECASE
)


def amount_words(text: str) -> set[str]:
    """The words (folded) a question tells how much of something by: "ton" in "one
    recording rule group that has a ton of rules". When the corpus lacks one it is a
    detail (bot.query._details), as a number among many words is."""
    return {m.group(1).casefold() for m in _AMOUNT_PHRASE.finditer(text)}


# that something goes on, told with "keep" and the verb it keeps doing: "the nic keeps going
# up and down", "kept crashing"; "keep metrics for 30 days" is no such phrase
_ASPECT_PHRASE = re.compile(r"\b(keeps?|kept|keeping)\s+(?:on\s+)?[a-z]+ing\b", re.IGNORECASE)


def aspect_words(text: str) -> set[str]:
    """The words (folded) a question tells that something goes on by: "keeps" in "the nic
    keeps going up and down". When the corpus lacks one it is a detail of what the asker
    saw (bot.query._details), not what the documents must name."""
    return {m.group(1).casefold() for m in _ASPECT_PHRASE.finditer(text)}


# how the asker feels about it: "im tired of typing --grpc-web", "sick of", "fed up with";
# "sick with the flu" or "sick days" is no such phrase
_MOOD_PHRASE = re.compile(r"\b(?:(tired|sick)\s+of|(fed)\s+up\s+with)\b", re.IGNORECASE)


def mood_words(text: str) -> set[str]:
    """The words (folded) a question tells how the asker feels by: "tired" in "im tired of
    typing --grpc-web on every command". When the corpus lacks one it is a detail of the
    asking (bot.query._details), not what the documents must name."""
    return {(m.group(1) or m.group(2)).casefold() for m in _MOOD_PHRASE.finditer(text)}


# when something happened, told in passing: "since last night", "this morning", "over the
# weekend", "yesterday", "right now", "every few mins"; "the night shift" or "a four-day
# week" is no such phrase
_TIME_PHRASE = re.compile(
    r"\b(since\s+)?(?:(?:last|this|(every)|all|yesterday|tomorrow|over\s+the)\s+"
    r"(night|morning|afternoon|evening|weekend|day|week|month|monday|tuesday|wednesday"
    r"|thursday|friday|saturday|sunday)|(yesterday|tonight|overnight|today|tomorrow)"
    r"|(right)\s+(?:now|after|before|away)"
    r"|(every)\s+(?:few\s+|couple\s+|\d+\s+)?(mins?|minutes|secs?|seconds|hours|hrs|days))\b",
    re.IGNORECASE,
)


def time_words(text: str) -> set[str]:
    """The words (folded) a question tells when something happened by: "since" and "night"
    in "a bunch of containers show Exited (137) since last night". When the corpus lacks
    one it is a detail of what the asker saw (bot.query._details), not what the documents
    must name."""
    out = set[str]()
    for m in _TIME_PHRASE.finditer(text):
        out.update(w.strip().casefold() for w in m.groups() if w)
    return out


def aside_words(text: str) -> set[str]:
    """The words (folded) a question tells the circumstances of its asking by: when
    (time_words), how much (amount_words), that it goes on (aspect_words) and how the
    asker feels (mood_words)."""
    return time_words(text) | amount_words(text) | aspect_words(text) | mood_words(text)


# a state a question tells with a linking verb: "is it totally dead", "the compiler is
# unhappy with mine", "acting weird": the adjective closes its clause, or a preposition or
# "to" follows it; "the weird thing" or "a dead link" is not it
_LINKING = frozenset(
    {"is", "are", "was", "were", "be", "been", "being", "am", "isn't", "aren't", "wasn't"}
    | {"isnt", "arent", "wasnt", "seems", "seem", "seemed", "looks", "look", "looked"}
    | {"feels", "feel", "felt", "feeling", "sounds", "sound", "acting", "acts", "act", "gets"}
    | {"get", "got", "getting", "become", "becomes", "became", "stays", "stay", "remains"}
    # "be" in a contraction, as chat writes it too: "i'm almost dead", "it's flaky"
    | {"i'm", "im", "you're", "youre", "we're", "they're", "theyre", "it's", "that's", "thats"}
    | {"he's", "she's"}
)
_INVERTED = frozenset({"it", "this", "that", "they", "these", "those", "he", "she", "i", "we"})
_DEGREE = frozenset(
    {"so", "too", "very", "really", "pretty", "quite", "kinda", "super", "still", "even"}
    | {"just", "always", "never", "not", "now", "already", "suddenly", "totally", "almost"}
)
_CLAUSE_END = frozenset(
    {"with", "to", "for", "about", "at", "in", "on", "of", "from", "after", "when", "and"}
    | {"or", "but", "because", "since", "if", "while", "now", "again", "lately", "today"}
)
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?|[^\w\s]")


# "1500", "1.5" (the tokenizer splits "1,500"), a version "1.4.0", "2nd", a hex value of six
# digits or more, letters and figures both ("#ff8800", a commit "e3b0c44")
_VALUE = re.compile(
    r"\d+(?:\.\d+)*|\d*(?:1st|2nd|3rd|[04-9]th|1[1-3]th)"
    r"|(?:0x)?(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{6,}"
)


def is_value(word: str) -> bool:
    """Whether a word of a question is a value the asker sees rather than a word: a number,
    a version, an ordinal or a hex value (see bot.query._details)."""
    return _VALUE.fullmatch(word) is not None


def used_predicatively(text: str) -> set[str]:
    """The words ``text`` says a state with, case-folded: the word after a linking verb
    ("is", "seems", "acting"), its subject pronoun in a question ("is it dead?") and a
    word of degree ("totally", "so") between, when the clause ends there or a preposition
    or conjunction follows ("is unhappy with mine"). Only an adjective the corpus lacks
    is read so (see bot.query._verbal)."""
    words = _TOKEN.findall(normalize(text))
    out: set[str] = set()
    for i, word in enumerate(words):
        if word not in _LINKING:
            continue
        at = i + 1
        if words[at : at + 1] and words[at] in _INVERTED:
            at += 1
        while words[at : at + 1] and (words[at] in _DEGREE or words[at].endswith("ly")):
            at += 1
        if at < len(words) and words[at].isalpha():
            after = words[at + 1] if at + 1 < len(words) else "."
            if not after[0].isalnum() or after in _CLAUSE_END:
                out.add(words[at])
    return out


# a stopword the question uses as a name of code: "the this pointer", "a while loop", "until
# loop", or as the tool a question is about, before a colon ("which: find a binary"); it is
# searched as if between backticks (see bot.text.tokenize). Opening a question, a question
# word asks ("which command lists ...?") and a determiner points ("this command fails"); after
# an article, words such as "same" or "above" still describe ("the same command"). One word
# may stand between the article and the name ("a high-level while loop"), unless it is a
# stopword itself: in "a few more commands", "more" describes.
_CODE_KINDS = (
    "command|keyword|statement|loop|directive|pointer|pragma|operator|clause|macro|"
    "specifier|qualifier|builtin|utility|instruction"
)
_CODE_NAMED = re.compile(
    rf"(?:^\W*|\b(?P<article>the|a|an)\s+(?:(?P<between>[a-z][a-z0-9-]*)\s+)??)"
    rf"([a-z]+)(?=\s+(?:{_CODE_KINDS})s?\b)",
    re.IGNORECASE,
)
_CODE_KIND = re.compile(rf"\s(?:{_CODE_KINDS})", re.IGNORECASE)  # what _CODE_NAMED looks to
# a question about a tool opens with its name before a colon or a dash, as tldr pages head
# theirs ("csvkit: ...", "xdotool - ..."), or after the platform it runs on ("adb shell: ...")
_TOOL_NAME = r"([a-z][a-z0-9]*(?:[.+-][a-z0-9]+)*)"  # gitlab-ctl, 7z, h2o.ai
_TOOL_PREFIX = re.compile(rf"^\W*{_TOOL_NAME}(?::| [-–—])\s", re.IGNORECASE)
_TOOL_PAIR_PREFIX = re.compile(rf"^\W*{_TOOL_NAME} {_TOOL_NAME}(?::| [-–—])\s", re.IGNORECASE)
_DESCRIBING = frozenset(
    {"above", "below", "same", "other", "only", "own", "such", "few", "very", "each", "both"}
    | {"all", "any", "some", "no", "further", "too", "that", "these", "those"}
    | {"my", "your", "our", "their", "his", "her", "its"}
)
_NOT_TOOLS = _DESCRIBING | {"what", "how", "why", "so", "but", "and", "or"}  # "so: why ..."
_NOT_OPENING_NAMES = (
    _DESCRIBING
    | {"this", "more", "most"}
    | {"what", "which", "who", "whom", "where", "when", "why", "how"}
)


@lru_cache(maxsize=16)
def tool_opening(text: str) -> re.Match[str] | None:
    """The word a question opens with before a colon or a dash, taken for the tool it is about
    ("which: find a binary", "heaptrack: ..."), unless it describes or asks ("so: why"). Kept
    for the last few questions: bot.query._words asks it of a question, and code_marked too."""
    m = _TOOL_PREFIX.match(text) if _may_open_with_tool(text) else None
    return m if m and m.group(1).casefold() not in _NOT_TOOLS else None


def tool_pair(text: str) -> re.Match[str] | None:
    """The two words a question opens with before a colon or a dash ("adb shell: ..."), the
    tool and the platform it runs on, in either order (see bot.query._words)."""
    return _TOOL_PAIR_PREFIX.match(text) if _may_open_with_tool(text) else None


def _may_open_with_tool(text: str) -> bool:
    """Whether ``text`` holds what a tool's name opens a question before, a colon or a dash
    after a space: most questions hold neither, and are not read for a name (a match tried
    at the first words costs several times these searches)."""
    return ":" in text or " -" in text or " –" in text or " —" in text


def code_marked(text: str) -> str:
    """The question with the stopwords it uses as names of code put between backticks."""
    if "`" in text:
        return text  # the asker marks code already
    spans = []
    # most questions name no kind of code: a quick test spares trying a name at every word
    for m in _CODE_NAMED.finditer(text) if _CODE_KIND.search(text) else ():
        word = m.group(3).casefold()
        between = m.group("between")
        if between and between.casefold() in stopwords():
            continue  # "a few more commands": "few" counts, "more" describes
        if word not in (_DESCRIBING if m.group("article") else _NOT_OPENING_NAMES):
            spans.append(m.span(3))
    if tool := tool_opening(text):
        spans.append(tool.span(1))
    for a, b in sorted(spans, reverse=True):
        if text[a:b].casefold() in stopwords():
            text = f"{text[:a]}`{text[a:b]}`{text[b:]}"
    return text


# Renovate, Quay (not CKA: see bot.names._NAME)
_CAPITALIZED = re.compile(r"(?<![\w'’-])[A-Z][a-z]+\b")
_SENTENCE_START = ".!?:;\"'“‘(["  # a capital after one of these, or first, starts a sentence


@lru_cache(maxsize=64)
def capitalized(text: str) -> frozenset[str]:
    """The words of ``text`` written with a capital letter in the middle of a sentence,
    case-folded: "Renovate" in "How do I configure Renovate?", not "How". Read once per
    question or earlier turn, by whichever of bot.query._respell, _bridge and _verbal needs
    it first (see :func:`capitalized_in`)."""
    out = set()
    for m in _CAPITALIZED.finditer(text):
        before = text[: m.start()].rstrip()
        if before and before[-1] not in _SENTENCE_START:
            out.add(m.group().casefold())
    return frozenset(out)


def capitalized_in(surface: str, own: bool, question: str, earlier: Sequence[str]) -> bool:
    """Whether ``surface`` is written with a capital mid-sentence (see :func:`capitalized`)
    where it was asked: in ``question`` for one of its ``own`` words, else in the
    ``earlier`` questions a follow-up carries its words over from ("visiting the Seattle
    office?", then "and parking?")."""
    return any(surface in capitalized(t) for t in ([question] if own else earlier))
