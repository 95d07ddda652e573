import pytest

from bot import spelling
from bot.answer import Answer, Answerer
from bot.index import index_documents
from bot.query import MAX_QUESTION_CHARS, QueryError, analyze
from bot.sections import parse_markdown
from bot.text import MONEY


def test_salary_words_and_phrases_reach_the_salary_headings(answerer):
    for q in (
        "what's the pay of a junior devops engineer?",
        "compensation for mlops juniors",
        "how much does a junior devops engineer make?",
    ):
        top = answerer.ask(q).results[0]
        assert "Salary Ranges" in " ".join(top.passage.heading_path), q


def test_typos_are_corrected_to_the_vocabulary(answerer):
    query = analyze("salery kubernets", answerer.vocab)
    assert query.corrections == {"salery": "salari"}
    assert "kubernet" in query.terms  # same stem: no correction needed
    assert not analyze("bread", answerer.vocab).corrections  # short words are left alone


@pytest.mark.parametrize(
    "bad, message",
    [
        ("", "empty"),
        ("   ", "empty"),
        ("😀" * 10_000, "too long"),
        ("😀" * 20, "no words"),
        ("x" * (MAX_QUESTION_CHARS + 1), "too long"),
        ("what is the", "no words"),
    ],
)
def test_unusable_questions_get_a_clear_error(answerer, bad, message):
    with pytest.raises(QueryError, match=message):
        answerer.ask(bad)


def test_a_typo_in_a_pay_question_still_finds_the_salary_fact(answerer):
    answer = answerer.ask("salery of a senior mlops enginer")
    assert answer.corrections == {"salery": "Salary"}
    assert answer.corrected_query == "Salary of a senior mlops enginer"
    assert "Senior: $160,000 - $240,000" in answer.results[0].text


def test_pay_phrase_make_counts_only_at_the_end_of_a_question(answerer):
    def pay_synonyms(q):
        return {t for w in analyze(q, answerer.vocab).words for t in w.synonyms}

    assert "salari" in pay_synonyms("What do junior Linux admins make?")
    assert "salari" not in pay_synonyms("make sure the linux tools compile")
    assert "salari" not in pay_synonyms("why does make_unique fail")


def test_time_is_no_synonym_of_a_duration(answerer):
    """ "how long does it take" asks for years or months; "time" is too common in other
    senses ("at the same time", "compile time") to search for them."""

    def synonyms(q):
        return {t for w in analyze(q, answerer.vocab).words for t in w.synonyms}

    assert "year" in synonyms("how long does it take to become a senior engineer?")
    assert not synonyms("can two jobs run at the same time?") & {"year", "month", "durat"}


@pytest.mark.parametrize(
    "question, asks_amount",
    [
        ("how much is the RHCE exam?", True),
        ("how much does the CKA cost?", True),
        ("why does the build use so much memory?", False),
        ("do linux people actually use python much?", False),
        ("is there much difference between devops and mlops?", False),
    ],
)
def test_much_asks_for_an_amount_only_after_how(answerer, question, asks_amount):
    """ "how much is the exam?" asks for a price; "do linux people use python much?" asks
    how often, and quoting the Python salaries to it, as amounts, was a confident wrong
    answer. "much" alone no longer searches for costs and amounts."""
    words = analyze(question, answerer.vocab).words
    assert any(MONEY in w.synonyms for w in words) is asks_amount
    if not asks_amount:
        answer = answerer.ask(question)
        assert not any("Salary" in " > ".join(h.passage.heading_path) for h in answer.results)


def test_how_long_asks_for_a_duration_whatever_its_verb(answerer):
    """ "how long until I'm a guru?" asks for years as "how long does it take" does: the
    passage that gives the years goes before the one whose heading says "Long-term"."""
    answer = answerer.ask("I already know some scripting. How long until I'm a real Python guru?")
    assert answer.answered and "Guru Level: 2-4 years" in answer.results[0].text


def test_a_known_word_is_not_corrected_into_a_shorter_one():
    from bot.query import Vocabulary

    terms = {"common": 0, "commit": 1}
    vocab = Vocabulary(terms, lambda t: 1)
    assert vocab.correct("commonjs") is None  # "common" and more: another word, not a typo
    assert vocab.correct("commmon") == "common"


def test_words_only_between_parentheses_are_an_aside():
    """A question's aside in parentheses ("(no process listening)") says what the asker
    means, not what to find: its words search at half weight, so the page that does
    what is asked goes before the one that matches the aside; a word also written outside
    the parentheses keeps its weight."""
    docs = [
        parse_markdown(
            "# Wait for a port\n\nBlock a script until a port is closed: "
            "`waitport --closed 8080`.\n",
            "wait.md",
        ),
        parse_markdown(
            "# Sockets\n\nShow which process is listening on a port, or whether no process "
            "is listening anymore: `ss -l`.\n",
            "ss.md",
        ),
        parse_markdown("# gzip\n\nCompress files: `gzip file`.\n", "gzip.md"),
    ]
    answerer = Answerer(index_documents(docs))
    answer = answerer.ask("block until the port is closed (no process listening)")
    assert answer.results[0].passage.source == "wait.md"
    assert answerer.ask("which process is listening on a port?").results[0].passage.source == (
        "ss.md"
    )
    weights = dict(
        (t[0], w) for t, w in analyze("port closed (port listening)", answerer.vocab).clauses
    )
    assert weights["port"] == 1.0 and weights["listen"] == 0.5


def _answerer(markdown: str) -> Answerer:
    """An answerer over one page of ``markdown``."""
    return Answerer(index_documents([parse_markdown(markdown, "a.md")]))


def _answered(answerer: Answerer, question: str, quoted: str) -> Answer:
    """The answer to ``question``, which must quote ``quoted`` first."""
    answer = answerer.ask(question)
    assert answer.answered and quoted in answer.results[0].text
    return answer


def test_letters_swapped_are_read_as_the_word_meant():
    """A typo that swaps two letters finds the passage about the word meant, even in a
    short word ("feild") or where the stemmer cuts the typo otherwise ("valdiation" →
    "valdiat", "validation" → "valid"); a word of English is never taken for a typo."""
    answerer = _answerer(
        "# Fields\n\nExclude a field from the dump with `exclude=True`.\n\n"
        "# Validation\n\nThe default validation mode is smart.\n\n"
        "# Kings\n\nUnking a king is rare.\n",
    )
    answer = _answered(answerer, "drop a feild from the dump?", "exclude=True")
    assert answer.corrections == {"feild": "field"}
    answer = answerer.ask("default valdiation mode?")
    assert answer.corrections == {"valdiation": "validation"}
    assert "smart" in answer.results[0].text
    assert not analyze("nuking kings", answerer.vocab).corrections  # "nuking" is English


def test_english_misspelt_as_it_most_often_is_is_read_as_the_word_meant():
    """A doubled letter written once ("automaticaly") or one vowel for another
    ("seperate") is mended as written, where the stemmer cuts the typo elsewhere than the
    word ("seper" against "separ"); not any letter left out or added: "linter" and
    "commonjs" are words of their own, not "liter" and "commons"."""
    answerer = _answerer(
        "# Workspaces\n\nKeep separate workspaces for work and home, in different folders.\n\n"
        "# Daily notes\n\nOpen the daily note automatically on startup.\n\n"
        "# Units\n\nA liter of water; the commons.\n",
    )
    answer = answerer.ask("seperate workspaces for work?")
    assert answer.corrections == {"seperate": "separate"}
    assert answer.answered and "separate workspaces" in answer.results[0].text
    answer = answerer.ask("open the note automaticaly?")
    assert answer.corrections == {"automaticaly": "automatically"}
    assert answerer.ask("keep diffrent workspaces?").corrections == {"diffrent": "different"}
    assert answerer.vocab.misspelt("linter") is None
    assert answerer.vocab.misspelt("commonjs") is None


def test_a_verb_done_again_is_searched_as_the_verb_and_a_function_word_mistyped_is_none():
    """ "redeploy" where the documents only write "deploy" is that deploy, done again, not a
    subject they lack; "teh" is "the" mistyped, a word that only shapes the sentence,
    "somethign" "something" and "befor" "before"."""
    answerer = _answerer(
        "# Netlify\n\nNetlify will deploy your site again on every push.\n\n"
        "# Daily notes\n\nPrint the path of the daily note with `--path-only`.\n",
    )
    answer = answerer.ask("do i have to redeploy on netlify?")
    assert answer.answered and "every push" in answer.results[0].text
    assert answer.missing == []
    answer = answerer.ask("print teh path of the daily note")
    assert answer.answered and "--path-only" in answer.results[0].text
    assert answer.missing == []
    # ... however long: "somethign" is "something", no subject the documents lack
    answer = answerer.ask("is there somethign to print the path of the daily note")
    assert answer.answered and "--path-only" in answer.results[0].text
    assert answer.missing == []
    # ... and one letter left out of a function word of four or more: "befor" is "before"
    answer = answerer.ask("print the path befor the daily note")
    assert answer.answered and "--path-only" in answer.results[0].text
    assert answer.missing == []
    # ... but an English word is no typo: "hat" is not "that" ("red hat"), and a subject
    # the documents lack
    answer = answerer.ask("print the path of the red hat note")
    assert not answer.answered or "hat" in [w.casefold() for w in answer.missing]


def test_a_word_negating_a_known_word_is_searched_as_that_word():
    """ "uncompressed" where the documents only write "compress": the page on compression
    answers why a response came back uncompressed. "nonempty" is "empty". A word that only
    starts like one ("unicorn") is still a subject the documents lack."""
    answerer = _answerer(
        "# Compress\n\nThe middleware will compress a response of 1024 bytes or more; "
        "smaller bodies are sent as they are.\n\n# Folders\n\nRemoving a folder that is "
        "not empty needs `--force`.\n",
    )
    assert _answered(answerer, "why are small responses still uncompressed?", "1024").missing == []
    assert _answered(answerer, "remove a nonempty folder", "--force").missing == []
    answer = answerer.ask("why are small responses still unicorn?")
    assert not answer.answered or "unicorn" in [w.casefold() for w in answer.missing]


def test_a_word_naming_the_askers_own_thing_is_a_detail_not_a_missing_subject():
    """ "our tokio app", "on our jenkins box", "we're in CET": the team's app, box and time
    zone are where the question comes from; the documents need not name them to answer it, and the answer says they do
    not. A subject the documents lack still declines ("how do I set up zigbee?")."""
    answerer = _answerer(
        "# Linking\n\nLinking is often the slowest step of an app's release build: use a faster "
        "linker such as mold.\n\n# Vendoring\n\nRun `cargo vendor` to copy every "
        "dependency into the project for an offline build on a build box.\n\n# Time zones"
        "\n\nThe dashboard shows UTC. Switch it to local time under Settings.\n",
    )
    slow = "our tokio app is slow at linking in a release build, what helps?"
    assert _answered(answerer, slow, "mold").missing == ["tokio"]
    offline = "how do i vendor dependencies for an offline build on our jenkins box"
    assert _answered(answerer, offline, "cargo vendor").missing == ["jenkins"]
    zone = "the dashboard shows UTC, can i switch it to local time? we're in CET"
    assert _answered(answerer, zone, "under Settings").missing == ["CET"]
    owned = {w.surface for w in analyze(zone, answerer.vocab).words if w.owned}
    assert owned == {"cet"}  # and so never the subject the corpus lacks
    assert not answerer.ask("how do i speed up linking with zigbee?").answered
    # nor is it a detail when the question names it twice: it asks about the thing
    twice = answerer.ask("how do i vendor dependencies for jenkins on our jenkins box")
    assert not twice.answered and twice.suggestions


def test_a_word_the_documents_lack_is_told_once_however_often_it_is_asked():
    """ "Not in the documents: kotlin, Kotlin" says nothing the first "kotlin" did not."""
    answerer = _answerer(
        "# Salaries\n\n- Python Developer: $70,000 - $90,000\n- Python Architect: "
        "$160,000 - $200,000\n"
    )
    answer = answerer.ask("what does a kotlin developer earn compared to a Kotlin architect?")
    assert not answer.answered and answer.missing == ["kotlin"]


def test_till_is_until():
    """ "wait till monday" asks what "wait until monday" does: "till" is no word of the
    subject the documents lack, nor is "til"."""
    answerer = _answerer(
        "# Merging\n\nMerge anytime: a change that passed review can go out on a Friday "
        "afternoon.\n\n# Reviews\n\nAsk a teammate to review every pull request before it "
        "is merged.\n\n# Releases\n\nReleases go out every Monday.\n"
    )
    for question in (
        "merge on a friday afternoon or wait till monday?",
        "merge on friday or wait til monday?",
        # nor is "ok", a word of the chat around the question
        "is it ok to merge on a friday afternoon or should i wait till monday",
    ):
        answer = answerer.ask(question)
        assert answer.answered and answer.missing == [], question
        assert answer.results[0].passage.heading_path == ("Merging",), question


def test_pto_is_time_off():
    """A handbook says "unlimited time off"; its readers ask about their PTO."""
    answerer = _answerer(
        "# Time off\n\nWe offer unlimited time off, and expect everyone to take at least 25 "
        "days a year.\n\n# Equipment\n\nOrder a laptop of your choice before your first "
        "day.\n\n# Travel\n\nBook trains over flights where the trip takes under five "
        "hours.\n"
    )
    question = "unlimited pto sounds scary, is there a minimum number of days to take?"
    answer = answerer.ask(question)
    assert answer.answered and "pto" not in answer.missing
    assert answer.results[0].passage.heading_path == ("Time off",)


def test_a_name_capitalised_mid_sentence_is_no_typo():
    """ "the Sattle office" names a place the documents never mention, a word of no
    language: it is not read as the nearest word they use ("settle", one letter away),
    which would answer a question about an office the handbook does not have. The same
    word opening a question, or in lower case, is still corrected."""
    docs = [
        parse_markdown(
            "# Chicago\n\n## Badges\n\nGuests settle in at the front desk, "
            "where the guard prints a visitor badge for the day.\n",
            "chicago.md",
        ),
        parse_markdown("# Travel\n\nBook flights in Concur.\n", "travel.md"),
    ]
    answerer = Answerer(index_documents(docs))
    answer = answerer.ask("visiting the Sattle office next week, how do I get a visitor badge?")
    assert not answer.answered and not answer.corrections
    assert answerer.ask("where do guests sattle in?").corrections == {"sattle": "settle"}
    assert analyze("Sattle visitor badge", answerer.vocab).corrections  # opens the question


def test_a_word_of_english_is_no_typo():
    """ "hammer" is one letter from "hamper", and "Seattle" from "settle", but both are
    words of English, spelled right: documents that never use them lack what the question
    asks about, and it is not answered with the hamper or with settling in. A misspelling
    ("hampre") is still corrected."""
    docs = [
        parse_markdown("# Laundry\n\nPut the towels in the hamper before the wash.\n", "a.md"),
        parse_markdown("# Visitors\n\nGuests settle in at the front desk.\n", "b.md"),
        parse_markdown("# Travel\n\nBook flights in Concur.\n", "c.md"),
    ]
    answerer = Answerer(index_documents(docs))
    for question, word in [
        ("where do the towels and the hammer go?", "hammer"),
        ("where do guests seattle in?", "seattle"),
    ]:
        answer = answerer.ask(question)
        assert not answer.corrections and word in answer.missing, question
    assert answerer.ask("where do the towels go, the hampre?").corrections == {"hampre": "hamper"}


def test_a_name_capitalised_in_an_earlier_question_is_no_typo_in_a_follow_up():
    """A follow-up ("and where do I park?") carries over the earlier question's words:
    "Sattle", capitalised there, is still a name, not "settle" (a correction the asker
    would be shown), which would put the section on badges before the one on parking."""
    filler = "The office is open on weekdays; the team sits on the third floor. " * 6
    docs = [
        parse_markdown(
            "# Chicago\n\n## Badges\n\nGuests settle in at the front desk, "
            f"where the guard prints a visitor badge for the day. {filler}\n\n"
            f"## Parking\n\nPark in the garage under the building. {filler}\n",
            "chicago.md",
        ),
        parse_markdown("# Travel\n\nBook flights in Concur.\n", "travel.md"),
    ]
    answerer = Answerer(index_documents(docs))
    earlier = "visiting the Sattle office next week, how do I get a visitor badge?"
    answer = answerer.ask("and where do I park?", context=[earlier])
    assert answer.answered and not answer.corrections
    assert answer.results[0].passage.heading_path[-1] == "Parking"


def test_an_unknown_plural_falls_back_to_its_singular():
    from bot.answer import Answerer
    from bot.index import index_documents
    from bot.sections import parse_markdown

    index = index_documents(
        [parse_markdown("# Thumbnails\n\nMake a thumbnail of a jpg.\n", "a.md")]
    )
    query = analyze("thumbnails for my jpgs", Answerer(index).vocab)  # Snowball keeps "jpgs"
    assert "jpg" in query.terms and "jpgs" not in query.terms


def test_names_the_corpus_lacks_are_marked(answerer):
    """An acronym or a CamelCase word the sample never uses is a name, and so is a word of
    no language of six letters or more ("kotlin"); an English word the sample lacks is not
    ("sailing"), nor a name the sample does use ("MLOps"), nor a known part of a compound
    ("RTTI/dynamic_cast" when only its other part is unknown)."""
    query = analyze("Does MLOps need SnapStart, a CKA, sailing or kotlin?", answerer.vocab)
    names = {w.surface: w.name for w in query.words}
    assert names == {
        "mlops": False,
        "snapstart": True,
        "cka": True,
        "sailing": False,
        "kotlin": True,
    }
    query = analyze("Python or ZigBee/python for MLOps", answerer.vocab)
    assert [w.name for w in query.words] == [False, True, False]
    # an English word's possessive is no name, a name's is one
    query = analyze("the chancellor’s kotlin’s MLOps", answerer.vocab)
    assert [(w.surface, w.name) for w in query.words] == [
        ("chancellor's", False),
        ("kotlin's", True),
        ("mlops", False),
    ]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Which tools are used for data versioning?", "tool"),
        ("Which web frameworks should a Python guru know?", "framework"),
        ("what distributed tracing tool is used?", "tool"),
        ("What does Kubeflow do?", None),  # "does" right after "what": no noun asked for
        ("How are tools used for data versioning?", None),
        ("tools for data versioning?", None),
    ],
)
def test_the_noun_a_which_question_asks_for_searches_at_half_weight(answerer, question, kind):
    """ "Which tools are used ...?" asks for instances of "tools"; the passage that answers
    names them (DVC, Pachyderm) and may never say "tools"."""
    from bot.query import ANSWER_TYPE_WEIGHT

    weights = {terms[0]: w for terms, w in analyze(question, answerer.vocab).clauses}
    lowered = {t for t, w in weights.items() if w == ANSWER_TYPE_WEIGHT}
    assert lowered == ({kind} if kind else set())
    assert all(w == 1.0 for t, w in weights.items() if t not in lowered)


def test_a_side_gig_is_no_gigabyte():
    """ "gigs" of memory is gigabytes as written ("8 gigs of ram"); "gig", the word's
    other sense, reaches nothing."""
    docs = [parse_markdown("# Memory\n\nRequest 8 GB for the job.\n", "memory.md")]
    vocab = Answerer(index_documents(docs)).vocab
    gigs = next(
        w for w in analyze("request 8 gigs for the job", vocab).words if w.surface == "gigs"
    )
    gig = next(w for w in analyze("is a side gig allowed?", vocab).words if w.surface == "gig")
    assert gigs.synonyms == ["gb"] and gig.synonyms == []


def test_engineers_shorthand_reaches_the_word_the_documents_write():
    """ "cmd", "perf", "deps", "args", …: the general synonym list has the shorthand of
    engineers' chat, so a page that only ever writes "command" answers "what cmd …"."""
    docs = [
        parse_markdown(
            "# Docs\n\n## Examples\n\nThe printed output of the examples is regenerated by "
            "one command: `pytest --update-examples`.\n",
            "docs.md",
        ),
        parse_markdown("# Tuning\n\nUse `list` instead of `Sequence` for speed.\n", "tuning.md"),
    ]
    answerer = Answerer(index_documents(docs))
    answer = answerer.ask("what cmd regenerates the printed output of the examples?")
    assert answer.answered and answer.results[0].passage.source == "docs.md"
    cmd = next(w for w in analyze("which cmd?", answerer.vocab).words if w.surface == "cmd")
    assert cmd.synonyms == ["command"]


@pytest.mark.parametrize(
    "short, written",
    [
        ("vm", "virtual machine"),
        ("exe", "executable"),
        ("env", "environment"),
        ("msg", "message"),
        ("vuln", "vulnerability"),
        ("stderr", "standard error"),
        ("p95", "percentile"),
        ("8 gigs", "8 GB"),
        ("folder", "directory"),  # no shorthand, but the word of chat for the docs' word
    ],
)
def test_shorthand_finds_the_page_that_only_writes_the_word_out(short, written):
    docs = [
        parse_markdown(f"# Snapshots\n\nTake a snapshot of a {written} first.\n", "snap.md"),
        parse_markdown("# Backups\n\nTake a backup of the database first.\n", "backup.md"),
    ]
    answer = Answerer(index_documents(docs)).ask(f"should I take a snapshot of the {short}?")
    assert answer.answered and answer.results[0].passage.source == "snap.md"
    assert written.split()[0] in answer.results[0].matched


def test_a_shorthand_beside_its_word_is_no_missing_subject():
    """ "how do i change the last commit msg? just the message": "msg" says "message"
    again, and documents that write "message" need not write "msg" too."""
    docs = [
        parse_markdown(
            "# Amend\n\nTo change the message of the last commit, run `git commit --amend`.\n",
            "amend.md",
        ),
        parse_markdown("# Backups\n\nTake a backup of the database first.\n", "backup.md"),
    ]
    question = "how do i change the last commit msg? just the message"
    answer = Answerer(index_documents(docs)).ask(question)
    assert answer.answered and "--amend" in answer.results[0].text
    assert answer.missing == []


@pytest.mark.parametrize(
    "one, other",
    [
        ("finalised", "finalized"),
        ("organisation", "organization"),
        ("colour", "color"),
        ("behaviours", "behaviors"),
        ("travelling", "traveling"),
        ("cancelled", "canceled"),
        ("centre", "center"),
        ("catalogue", "catalog"),
        ("licence", "license"),
        ("analysed", "analyzed"),
    ],
)
def test_british_and_american_spellings_are_each_others_variants(one, other):
    assert other in spelling.variants(one)
    assert one in spelling.variants(other)


def test_short_words_and_words_without_such_an_ending_have_no_variants():
    for word in ["hour", "rise", "tree", "poll", "install", "called", "k8s", "tutorial", ""]:
        assert spelling.variants(word) == [], word


def test_a_word_spelt_the_other_way_finds_the_documents_spelling():
    """The documents write "finalized" and "travelling"; the asker "finalised" and
    "traveling": the same words, found and counted as such."""
    docs = [
        parse_markdown(
            "# Invoices\n\nA finalized invoice cannot be edited: void it and issue a new one.\n",
            "invoices.md",
        ),
        parse_markdown(
            "# Drafts\n\nA draft invoice can be edited until it is sent.\n", "drafts.md"
        ),
        parse_markdown(
            "# Expenses\n\nTravelling costs are paid back within a month.\n", "expenses.md"
        ),
    ]
    answerer = Answerer(index_documents(docs))
    answer = answerer.ask("can a finalised invoice be edited?")
    assert answer.answered and answer.results[0].passage.source == "invoices.md"
    assert "finalized" in answer.results[0].matched
    answer = answerer.ask("when are traveling costs paid back?")
    assert answer.answered and "Travelling" in answer.results[0].matched


_PERF = """# Performance tips

## Failing early

Annotate a field with `FailFast` and the validation of a sequence stops at its first
error, which matters for long inputs.

## Sequence vs list

Validating a list or a tuple is faster than validating a `Sequence`: annotate with the
concrete type when it does not matter to you.
"""


def test_a_question_word_used_as_a_noun_is_searched():
    """A question asks with "list" in "list the pods" but names a type with it in
    "Sequence or list?", and with "help" in "help me" but wants it in "where do I ask for
    help?": searched only where it names something."""
    others = "".join(
        f"## {topic}\n\nHow {topic.lower()} affects the speed of a model, with an example "
        f"of {topic.lower()} done right and one done wrong.\n\n"
        for topic in ("Caching", "Threads", "Imports", "Logging", "Profiling", "Schemas")
    )
    page = parse_markdown(_PERF + "\n" + others, "perf.md")
    answerer = Answerer(index_documents([page]))
    answer = answerer.ask("perf q: annotate as Sequence or list? does it matter")
    assert answer.answered
    assert answer.results[0].passage.heading_path[-1] == "Sequence vs list"

    def searched(question: str) -> list[str]:
        return [w.surface for w in analyze(question, answerer.vocab).words]

    assert "list" in searched("annotate as Sequence or list?")
    assert "help" in searched("where do I ask for help with the build?")
    for asking in ("list the pods", "adb shell: list the apps", "how do i list pods"):
        assert "list" not in searched(asking)
    assert "help" not in searched("can you help me set up the build?")


@pytest.mark.parametrize(
    ("short", "written"),
    [
        ("cert", "TLS certificate"),
        ("ui", "user interface"),
        ("tz", "timezone"),
        ("dept", "department"),
    ],
)
def test_a_short_form_people_type_finds_the_words_the_documents_write_out(short, written):
    """ "the cert" is the certificate the page writes out: the question is answered from
    that page, not declined for a word the documents lack."""
    docs = [
        parse_markdown(
            f"# Renewal\n\nThe {written} of the proxy expires after 90 days; renew it "
            "with `proxyctl renew`.\n",
            "proxy.md",
        ),
        parse_markdown(
            "# Expiry of sessions\n\nA session of the portal expires after 90 minutes.\n",
            "sessions.md",
        ),
    ]
    answer = Answerer(index_documents(docs)).ask(f"when does the {short} of our proxy expire?")
    assert answer.answered and answer.results[0].passage.source == "proxy.md"


_BRANCHES = {
    "a_push.md": "# Pushing branches\n\nPush a local branch with `git push -u origin name`.\n",
    "b_list.md": "# Listing branches\n\nList every local branch with `git branch --list`.\n",
    "c_delete.md": "# Deleting branches\n\nDelete a local branch that is merged with "
    "`git branch -d name`, and one that is not yet merged with `git branch -D name`.\n",
}


def _branches(extra: str = "") -> Answerer:
    pages = [parse_markdown(t, name) for name, t in _BRANCHES.items()]
    return Answerer(index_documents(pages + [parse_markdown(extra, "logs.md")] if extra else pages))


def test_an_idiom_of_chat_is_searched_as_the_verb_the_documents_write():
    """ "get rid of a branch" asks to delete it: the page that says "delete" comes first,
    not the shorter ones that only share "local branch" with it."""
    for q in ("how do i get rid of a local branch", "get rid of local branch"):
        assert _branches().ask(q).results[0].passage.source == "c_delete.md", q


def test_an_idiom_counts_only_side_by_side_and_in_order():
    """ "turn off telemetry on the server" holds "turn" and "on", but not the idiom "turn
    on": it is not searched for "enable". "rid" apart from "get" is no idiom either."""
    vocab = _branches("# Logs\n\nEnable debug logs, or remove old ones.\n").vocab

    def synonyms(q):
        return {t for w in analyze(q, vocab).words for t in w.synonyms}

    assert "enabl" in synonyms("how do i turn on debug logs")
    assert "enabl" not in synonyms("turn off telemetry on the server")
    assert {"remov", "delet"} <= synonyms("how do i get rid of old logs")
    assert not {"remov", "delet"} & synonyms("get the names rid of spaces")


def test_a_plural_of_shorthand_reaches_the_word_the_documents_write():
    """ "msgs": the stemmer keeps an s after no vowel, and the documents never write "msg"
    either; the general synonym list has "msg" for "message", so "msgs" is searched as
    messages, and the question is answered, not declined for a word the documents lack."""
    pages = [
        parse_markdown("# Retention\n\nOld messages are deleted after a year.\n", "retention.md"),
        parse_markdown("# Drafts\n\nDrafts are kept on your device.\n", "drafts.md"),
    ]
    answer = Answerer(index_documents(pages)).ask("do old msgs get deleted after a year?")
    assert answer.answered and answer.results[0].passage.source == "retention.md"
    assert not answer.missing
