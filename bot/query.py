"""A question → weighted index terms: synonyms from a data file, and typo correction.

Every content word of the question keeps track of which index terms stand for it (its own,
a typo-corrected one, or its synonyms), so the answer can tell whether the best passage
covers the question or only brushes against it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from . import compound, names, spelling, thesaurus
from .grammar import (
    answer_type,
    aside_words,
    asking_words,
    capitalized_in,
    code_marked,
    is_value,
    owned_words,
    tool_opening,
    tool_pair,
    used_as_verbs,
    used_predicatively,
    words_aside,
)
from .respell import as_written, file_names, mistyped_function_word
from .synonyms import groups_holding, phrase_words, synonym_groups
from .text import ASKING_NOUNS, PLAIN_WORD, content_words, meta_words, normalize, stem, tokenize
from .thesaurus import compares, is_english, mostly_adjective, mostly_verbal, wordnet_synonyms

DETAIL_AMONG = 4  # see _details
MAX_QUESTION_CHARS = 1000
_EXPLAIN = re.compile(r"\b(?:why|cause[sd]?|reasons?|wrong|means?)\b", re.IGNORECASE)
_OPTION = re.compile(r"(?<!\S)--?([^\W_][\w.-]*)")  # a command-line option: -xzvf, --dry-run
FLAG_CLUSTER_MAX = 5  # an option this short may be one-letter flags in any order: see Word
MISSPELT_MIN = 6  # a word this long may be English misspelt: see Vocabulary.misspelt
CUT_SHORT = 10  # a word this long, known only as the start of longer ones: see _cut_short
ASIDE_WEIGHT = 0.5  # a word only between parentheses: see grammar.words_aside
ANSWER_TYPE_WEIGHT = 0.5  # the noun a "which X are ..." asks for: see grammar.answer_type
SYNONYM_WEIGHT = 0.5  # a synonym counts half as much as a word the corpus knows
CONTEXT_WEIGHT = 0.5  # words of the earlier questions a follow-up is folded into ...
RECENT_CONTEXT_WEIGHT = 0.75  # ... and of the latest of them, when there are several


class QueryError(ValueError):
    """A question that cannot be searched (empty, no words, too long)."""


@dataclass(slots=True)
class Word:
    surface: str
    terms: list[str]  # the word's own index terms (after typo correction)
    synonyms: list[str] = field(default_factory=list)
    corrected_from: str | None = None
    weight: float = 1.0  # CONTEXT_WEIGHT for words carried over from an earlier question
    related: bool = False  # reached only through words it abbreviates or extends; see _cut_short
    # holds a name the corpus never writes: "SnapStart", "CKA", or a word of no language of
    # six letters or more, or reached only through its letters: "perfetto" (names.lacks)
    name: bool = False
    meta: bool = False  # about the documents or the asking: "docs", "say" (see text.meta_words)
    # written as a short command-line option, which may be one-letter flags in any order:
    # "-xzvf" in "tar -xzvf" (a longer one, "-fanalyzer", names one feature: a plain word)
    option: bool = False
    bridged: bool = False  # the corpus lacks it, but uses a WordNet synonym: see _bridge
    # the corpus lacks it, but writes the two words it joins ("nxdomain": NX_DOMAIN, "cron
    # job"): their terms, which cover it only together (see compound.split)
    parts: list[str] = field(default_factory=list)
    # the tool the question opens with, before a colon or a dash ("csvkit: ...", "xdotool -
    # ..."), or one of the two words before it ("adb shell: ...": see Ranker._without_tool)
    opens: bool = False
    tool: bool = False  # ... one word alone, that the corpus lacks: see names.names_a_tool
    # an identifier, a long option or a compound of three words or more ("include-what-you-
    # use", "fire-and-forget"): known where the corpus writes it whole, not by its parts
    whole: bool = False
    # the corpus lacks it, and English mostly uses it as a verb or an adverb: it tells how the
    # question is asked ("went", "ago"), not what it is about (see _verbal, Ranker.asked)
    verbal: bool = False
    describes: bool = False  # ... or an adjective telling a state ("is it dead?"): see _verbal
    detail: bool = False  # a number the corpus lacks, in a question of many words: see _details
    owned: bool = False  # ... or a word it lacks naming the asker's own thing ("our tokio app")

    def all_terms(self) -> list[str]:
        return self.terms + self.synonyms


@dataclass(slots=True)
class Query:
    text: str
    words: list[Word]
    clauses: list[tuple[list[str], float]]  # see SearchIndex.scores
    fed: int = 0  # the last clauses that are feedback words (see Ranker.expanded)

    @property
    def own_clauses(self) -> list[tuple[list[str], float]]:
        """The clauses of the question's own words, without the feedback words."""
        return self.clauses[: len(self.clauses) - self.fed]

    @property
    def terms(self) -> set[str]:
        return {t for terms, _ in self.clauses for t in terms}

    @property
    def corrections(self) -> dict[str, str]:
        return {w.corrected_from: w.terms[0] for w in self.words if w.corrected_from}

    @property
    def owned(self) -> list[Word]:
        """The words the corpus lacks that name the asker's own things (see _details)."""
        return [w for w in self.words if w.owned]

    @property
    def asks_why(self) -> bool:
        """Whether the question asks for an explanation: "why …", "what causes …", "what's
        wrong with …", "what does … mean"."""
        return _EXPLAIN.search(self.text) is not None


class Vocabulary:
    """What the query side needs to know of the index's terms, with a typo finder.

    Typo candidates are bucketed by first letter and length, so a correction looks at a
    few hundred terms rather than scanning the whole vocabulary.
    """

    def __init__(
        self,
        term_ids: Mapping[str, int],
        df: Callable[[str], int],
        side_by_side: Callable[[str, str], int] | None = None,
    ):
        self.term_ids = term_ids
        self.df = df
        self.side_by_side = side_by_side or (lambda first, second: 0)
        # tuples, not lists: the garbage collector skips a tuple of strings once it has
        # seen it, but walks a list of the whole vocabulary at every full collection
        self._buckets: dict[tuple[str, int], tuple[str, ...]] | None = None
        self._sorted_terms: tuple[str, ...] | None = None

    def __contains__(self, term: str) -> bool:
        return term in self.term_ids

    def _bucket_map(self) -> dict[tuple[str, int], tuple[str, ...]]:
        if self._buckets is None:
            buckets: dict[tuple[str, int], list[str]] = {}
            for term in self.term_ids:
                if term.isalpha():
                    buckets.setdefault((term[0], len(term)), []).append(term)
            self._buckets = {key: tuple(terms) for key, terms in buckets.items()}
        return self._buckets

    def related(self, term: str, limit: int = 3) -> list[str]:
        """Known terms an unknown word may be short or long for ("telecom" for
        "telecommunications", "valuabl" for "valu"), most common first.

        Only for alphabetic words of 5+ letters: known terms that start with it, or else
        the longest known term of 4+ letters it starts with.
        """
        if not term.isalpha() or len(term) < 5:
            return []
        terms = self._sorted()
        at = bisect.bisect_left(terms, term)
        longer: list[str] = []
        while at < len(terms) and terms[at].startswith(term) and len(longer) < 50:
            if terms[at].isalpha():
                longer.append(terms[at])
            at += 1
        if longer:
            return sorted(longer, key=lambda t: -self.df(t))[:limit]
        for size in range(len(term) - 1, 3, -1):
            if term[:size] in self.term_ids:
                return [term[:size]]
        return []

    def split(self, word: str) -> tuple[list[str], list[str]] | None:
        """The compounds and the two words the corpus writes for ``word``, which it lacks
        ("nx_domain", ["nx", "domain"] for "nxdomain"): see compound.split."""
        return compound.split(word, self.__contains__, self.side_by_side)

    def _sorted(self) -> tuple[str, ...]:
        if self._sorted_terms is None:
            self._sorted_terms = tuple(sorted(self.term_ids))
        return self._sorted_terms

    def transposed(self, word: str) -> str | None:
        """The known term of the English word that ``word``, not one itself, is with two
        letters swapped ("feild", "valdiation"), the most common; or None. A swap is two
        edits for :meth:`correct`, and the stemmer cuts a typo otherwise ("valdiat", but
        "valid" for "validation"), so the word is swapped as written. It makes few near
        neighbours: 5 letters are enough. "nuking" is English, "unking" no typo of it."""
        return self._meant(word, spelling.swaps(word), is_english) if len(word) >= 5 else None

    def misspelt(self, word: str) -> str | None:
        """The known term of the English word that ``word``, not one itself, misspells
        ("seperate", "automaticaly": see spelling.misspellings), the most common; or None.
        The stemmer cuts such a typo elsewhere than the word ("seper", "separ"), so the
        word is mended as written. Only from MISSPELT_MIN letters."""
        if len(word) < MISSPELT_MIN:
            return None
        return self._meant(
            word, spelling.misspellings(word), thesaurus.english_words().__contains__
        )

    def _meant(self, word: str, spellings: list[str], english: Callable[[str], bool]) -> str | None:
        """The most common known term of the ``spellings`` of ``word`` that are English,
        when ``word`` itself is not."""
        if not word.isalpha() or is_english(word):
            return None
        known = [t for t in {stem(w) for w in spellings if english(w)} if t in self.term_ids]
        return min(known, key=lambda t: (-self.df(t), t)) if known else None

    def correct(self, term: str) -> str | None:
        """The nearest known term for an unknown alphabetic term, or None.

        Allowed edits: one for words of 6 to 9 letters, two from 10 letters on; shorter words
        are never corrected (too many near neighbours: "bread" is one edit from "break").
        A known word that the term only extends ("commonjs" is "common" and more) is a
        different word, not a typo. Ties go to the more common term.
        """
        if not term.isalpha() or len(term) < 6:
            return None
        max_edits = 1 if len(term) < 10 else 2
        buckets = self._bucket_map()
        best: tuple[int, int, str] | None = None
        for length in range(len(term) - max_edits, len(term) + max_edits + 1):
            choices = buckets.get((term[0], length))
            if not choices:
                continue
            for cand, dist, _ in process.extract(
                term, choices, scorer=Levenshtein.distance, score_cutoff=max_edits, limit=None
            ):
                if dist and term.startswith(cand):
                    continue
                key = (int(dist), -self.df(cand), cand)
                if best is None or key < best:
                    best = key
        return best[2] if best else None


def analyze(text: str, vocab: Vocabulary, context: Sequence[str] = ()) -> Query:
    """Turn a question into weighted terms. Raises QueryError for unusable input.

    ``context`` holds the earlier questions (oldest first) that this one follows up ("and
    for MLOps?"): their words are searched too, at a lower weight, the latest highest,
    unless a newer turn already has them.
    """
    text = (text or "").strip()
    if not text:
        raise QueryError("the question is empty")
    if len(text) > MAX_QUESTION_CHARS:
        raise QueryError(
            f"the question is too long ({len(text):,} characters; "
            f"the limit is {MAX_QUESTION_CHARS:,})"
        )
    words = _words(text, vocab, context)
    _respell(words, text, vocab, context)
    compound.join_numbers(normalize(text), words, vocab.term_ids.__contains__)
    file_names(words, vocab.term_ids.__contains__)
    _add_synonyms(words, " ".join([text, *context]), vocab)
    _bridge(words, vocab, text, context)
    for word in words:
        if not _uses(vocab, word) and len(word.terms) == 1:
            word.synonyms.extend(vocab.related(word.terms[0]))
            word.related = bool(word.synonyms) and not _cut_short(word)
            word.name = word.name or names.lacks(word.surface, word.related)
    _verbal(words, text, vocab, context)
    _details(words, vocab, text)
    clauses: list[tuple[list[str], float]] = []
    seen, ids = set(), vocab.term_ids  # the mapping: Vocabulary's "in" is a Python call
    kind = answer_type(text)
    aside = words_aside(text)
    for word in words:
        weight = word.weight * (1.0 if kind.isdisjoint(word.terms) else ANSWER_TYPE_WEIGHT)
        if not aside.isdisjoint(word.terms):
            weight *= ASIDE_WEIGHT
        for t in word.terms:
            if t in ids and t not in seen:
                clauses.append(([t], weight))
                seen.add(t)
        # synonyms count once per word; they stand in fully for a word the corpus lacks
        known = any(t in ids for t in word.terms)
        syn = [t for t in word.synonyms if t in ids and t not in seen]
        if syn and not (word.related and (word.verbal or word.describes)):
            clauses.append((syn, weight * (SYNONYM_WEIGHT if known else 1.0)))
            seen.update(syn)
    return Query(text, words, clauses)


def _uses(vocab: Vocabulary, word: Word) -> bool:
    """Whether the corpus uses the word, as written or corrected, or a synonym of it."""
    ids = vocab.term_ids.keys()  # at C speed: Vocabulary's "in" is a Python call
    return not (ids.isdisjoint(word.terms) and ids.isdisjoint(word.synonyms))


def _respell(words: list[Word], text: str, vocab: Vocabulary, context: Sequence[str]) -> None:
    """Each word the corpus lacks, as the corpus writes it: in its spelling ("finalised"),
    its singular ("jpgs"), the verb it does again ("redeploy": see bot.respell), as the
    two words it joins ("nxdomain": see compound.split) or with its typo corrected
    ("feild", "salery"; not a name capitalised mid-sentence, nor a word of English: a
    question about a hammer is not about the hamper one letter away, and, asked of
    documents that never say "hammer", is about what they lack). A function word mistyped
    ("teh", "adn") only shapes the sentence, like a word about the asking."""
    camel: set[str] | None = None
    for word in words:
        if not vocab.term_ids.keys().isdisjoint(word.terms) or len(word.terms) != 1:
            continue
        if written := as_written(word.surface, word.terms[0], vocab.term_ids):
            word.terms = written
            continue
        if not word.name and mistyped_function_word(word.surface):
            word.meta = True  # not a name: "AWS" is no "was" mistyped
            continue
        camel = compound.camel_case(text) if camel is None else camel
        joined = None if word.opens or word.surface in camel else vocab.split(word.surface)
        if joined:
            word.terms = joined[0] + joined[1]
            word.parts = joined[1]
            continue
        if is_english(word.surface.casefold()):
            continue  # spelled right, a word the corpus lacks: "hammer" is no "hamper"
        fixed = (
            vocab.transposed(word.surface)
            or vocab.correct(word.terms[0])
            or vocab.misspelt(word.surface)
        )
        if fixed and not capitalized_in(word.surface, word.weight == 1, text, context):
            word.corrected_from, word.terms = word.surface, [fixed]


def _cut_short(word: Word) -> bool:
    """Whether a word the corpus lacks is a long name cut short: of CUT_SHORT letters or
    more, every known word it reaches starts with it ("ObcQuotaBytesExhaused" for the alert
    "ObcQuotaBytesExhausedAlert"). It is then as good as known. A short word is no name
    ("telecom"), and one reached through a shorter word ("lightmaps" → "light") is
    another thing."""
    term = word.terms[0]
    return len(word.surface) >= CUT_SHORT and all(s.startswith(term) for s in word.synonyms)


def _words(text: str, vocab: Vocabulary, context: Sequence[str]) -> list[Word]:
    """The question's words, then those of the earlier turns it does not repeat."""
    found = content_words(code_marked(text), question=True)
    if not found:
        raise QueryError("the question has no words to search for")
    absent = names.written_as_names(text, vocab.term_ids)
    tool = tool_opening(text)
    opening = tool.group(1).casefold() if tool else None
    pair = tool_pair(text) if not tool else None
    openers = {g.casefold() for g in pair.groups()} if pair else {opening}  # see Word.opens
    if pair and pair.group(2).casefold() in meta_words():
        opening = pair.group(1).casefold()  # "vuex question - ...": the tool is the first
    written = [normalize(o) for o in _OPTION.findall(text)]
    options = {o for o in written if len(o) <= FLAG_CLUSTER_MAX}
    named = {o for o in written if len(o) > FLAG_CLUSTER_MAX}
    words = [
        Word(
            surface,
            list(terms),
            name=any(n in absent for n in surface.split("/")),
            meta=surface in meta_words(),
            option=surface in options,
            whole="_" in surface or surface in named or surface.count("-") >= 2,
            opens=surface in openers,
            tool=surface == opening and names.names_a_tool(surface, terms, vocab.term_ids),
        )
        for surface, terms in found
    ]
    words = [w for w in words if not _asks_with(w.surface, text)]
    seen = {t for w in words for t in w.terms}
    for age, turn in enumerate(reversed(context)):
        weight = RECENT_CONTEXT_WEIGHT if age == 0 and len(context) > 1 else CONTEXT_WEIGHT
        turn = turn[:MAX_QUESTION_CHARS]
        for surface, terms in content_words(turn, question=True):
            if not seen.intersection(terms) and not _asks_with(surface, turn):
                words.append(Word(surface, list(terms), weight=weight))
                seen.update(terms)
    return words


def _asks_with(surface: str, text: str) -> bool:
    """Whether ``text`` asks with a word that names something elsewhere: "list" in "list
    the pods", not in "Sequence or list?" (see bot.text.ASKING_NOUNS)."""
    return surface in ASKING_NOUNS and surface in asking_words(text)


def _verbal(words: list[Word], text: str, vocab: Vocabulary, context: Sequence[str]) -> None:
    """Mark the words the corpus lacks that English mostly uses as verbs or adverbs ("someone
    ran a DELETE … an hour ago", "shoving models into a redis list"): a small corpus lacks most
    everyday words, and the subject of a question is in its nouns and names. So is a word of
    English the question itself uses as a verb ("can i paste …", "might have leaked": see
    bot.grammar), and the comparative or superlative of an adjective ("the nicest way to …").
    Not a name ("SnapStart"), nor a word written with a capital in the middle of a sentence
    ("configure Renovate to …": a product), nor the tool a question opens with ("renovate: …"),
    nor a code word or option. An adjective after a linking verb ("is it totally dead?", "acting
    weird": bot.grammar.used_predicatively) tells a state the asker sees: it is ``describes``
    and weighs nothing, but the question keeps the bar of one with a word the corpus lacks ("a
    dead link" counts as before). Nor is what it starts searched ("literally": "literature")."""
    verbs: set[str] | None = None
    states = set[str]()
    for word in words:
        if word.name or word.opens or word.option or word.whole or not word.surface.isalpha():
            continue
        if _uses(vocab, word) and not word.related:
            continue
        if verbs is None:
            verbs, states = used_as_verbs(text), used_predicatively(text)
        surface = word.surface
        name = capitalized_in(surface, word.weight == 1, text, context)  # "Renovate"
        word.verbal = not name and (
            mostly_verbal(surface)
            or compares(surface)  # "the nicest way to ...": how it is asked
            or (surface in verbs and is_english(surface))  # "can i paste ...", not "kubectl"
        )
        word.describes = not word.verbal and not name and surface in states
        word.describes = word.describes and mostly_adjective(surface)


def _details(words: list[Word], vocab: Vocabulary, text: str) -> None:
    """Mark the numbers the corpus lacks in a question naming DETAIL_AMONG other things at
    least ("our nodes run mtu 1500 and ODF keeps complaining"): a size, a port, a status
    seen, not what it is about; among fewer words the number is ("what's error 4711?").
    So is a word it lacks that names the asker's own thing ("our tokio app": owned_words)
    or when something happened ("since last night": time_words), or how much of it there
    is ("a ton of rules": amount_words), or that it goes on ("keeps failing": aspect_words),
    or how the asker feels ("tired of typing": mood_words). But not their own thing named
    twice: "link jira tickets to our jira instance?" asks about jira."""
    # a word bridged to a WordNet synonym the corpus uses is one it lacks too (_bridge)
    lacking = [w for w in words if w.bridged or not _uses(vocab, w)]
    if lacking:  # most questions: the corpus knows every word, and no phrase is read
        owned, aside = owned_words(text), aside_words(text)
        said = [w.surface.casefold() for w in words]
        for word in lacking:
            folded = word.surface.casefold()
            mine = folded in owned and said.count(folded) == 1
            if mine or folded in aside:
                word.detail, word.owned = True, mine
    numbers = [w for w in words if is_value(w.surface) and w.terms[0] not in vocab.term_ids]
    others = (w for w in words if w.weight == 1.0 and not (w.meta or w.verbal or w.describes))
    if numbers and sum(all(w is not n for n in numbers) for w in others) >= DETAIL_AMONG:
        for word in numbers:
            word.detail = True


def _add_synonyms(words: list[Word], text: str, vocab: Vocabulary) -> None:
    """Give each word the synonyms of the groups the question triggers.

    Words match on their stems. Phrases match on every word of the question as written,
    stopwords included, so "how long does it take" triggers a group through "take" while
    "what makes X valuable" does not trigger what "how much do they make" does.
    """
    present = {t for w in words for t in w.terms}
    written_list = PLAIN_WORD.findall(normalize(text))
    # a phrase word written "make$" matches only as the question's last word ("what do
    # juniors make?"), not as the verb of "make sure" or "make_unique"
    written = set(written_list) | {w + "$" for w in written_list[-1:]}
    by_term, by_phrase_word = groups_holding()  # most groups, most of the time: no match
    triggered = {n for t in by_term.keys() & present for n in by_term[t]}
    triggered.update(n for w in by_phrase_word.keys() & written for n in by_phrase_word[w])
    for group in (synonym_groups()[n] for n in sorted(triggered)):  # in their order
        stems = {t for e in group.words if set(e) <= present for t in e}
        surfaces = phrase_words(group, written_list, written)
        if not stems and not surfaces:
            continue
        known = [t for e in group.words for t in e if t in vocab.term_ids]
        for word in words:
            if stems.intersection(word.terms) or normalize(word.surface) in surfaces:
                # a word the corpus lacks is covered by one of its group the question has
                # too ("msg" where it also says "message"); another gains the words it lacks
                lacks = vocab.term_ids.keys().isdisjoint(word.terms)
                more = [t for t in known if lacks or t not in present]
                word.synonyms.extend(t for t in more if t not in word.synonyms)


def _bridge(words: list[Word], vocab: Vocabulary, text: str, context: Sequence[str]) -> None:
    """A word the corpus never uses, nor any of its synonyms, searches for the WordNet
    synonyms it does use: "vacation" for a corpus that says "holidays". Nouns only, and only
    their most frequent sense: the other senses, and verbs, are mostly noise ("went" is
    also "die", "phone" is "call", which "on-call" holds). A name, a word about the asking
    or a command-line option is left alone (see Word). The word then counts as covered
    where a synonym is, but the decline rule still treats it as a word the corpus lacks
    (see bot.answer). A name capitalised mid-sentence where it was asked is not bridged."""
    for word in words:
        if word.name or word.meta or word.option or _uses(vocab, word):
            continue
        if len(word.surface) > 3 and capitalized_in(word.surface, word.weight == 1, text, context):
            continue  # "our Sentry org": a product, not a lookout; "Dec" is December
        found: list[str] = []
        for lemma in wordnet_synonyms(normalize(word.surface).split("'", 1)[0]):
            terms = tokenize(lemma)
            if len(terms) == 1 and terms[0] in vocab and terms[0] not in found:
                found.append(terms[0])
        if found:
            word.synonyms.extend(found)
            word.bridged = True
