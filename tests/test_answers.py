"""Retrieval quality on question sets, and the shape of answers."""

import shutil

import pytest
from conftest import EVAL, FIXTURE_DOCS, ROOT, SAMPLE_CORPUS, SHARED_EVAL, TEAM_DOCS
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.answer import PER_FILE_SHOWN, SUGGESTIONS, Answerer
from bot.evaluate import evaluate, load_cases
from bot.index import build, index_documents
from bot.query import Query, analyze
from bot.quote import HIT_QUOTE_MAX
from bot.rerank import PRF_MAX_DF, Ranker
from bot.sections import parse_markdown, read_markdown

SHARED_CORPORA = ROOT.parent / "shared" / "corpora"


def test_dev_questions(answerer):
    report = evaluate(answerer, load_cases(EVAL / "ask_dev.jsonl"))
    assert report.hit1 / report.answerable >= 0.90, report.render()
    assert report.hit3 == report.answerable, report.render()
    assert report.declined == report.unanswerable, report.render()


@pytest.mark.parametrize(
    "name, hit1, hit3, wrongly_answered",
    [
        ("ask_sample_extra.jsonl", 0.9, 1.0, 0),
        ("ask_sample_heldout.jsonl", 0.9, 1.0, 0),
        ("ask_sample_heldout2.jsonl", 0.8, 0.95, 0),  # written after most of the tuning
        ("ask_sample_heldout3.jsonl", 0.85, 0.9, 0),  # written last
        # written blind in the 2026-12-04 session, in a team chat's words ("my nephew wants
        # a first job in devops", "top-level job titles on the mlops career ladder"), then
        # read: 0.667 / 0.733, 5 of 6 declined, 6 of 30 answerable declined when measured
        # first. The weakest figures on the sample: words the one file never uses ("titles",
        # "ladder", "folks") weigh as a missing subject, as "Kotlin" must. 0.733 at rank 3
        # before a word of English was never read as a typo ("compared" as "compat…"),
        # 0.667 / 0.767 before any "how long" asked for a duration. 6 of 6 declined since
        # "compare" says how a question is put ("How does Rust compare to Python …?")
        ("ask_sample_blind.jsonl", 0.69, 0.79, 0),
        # written blind in the session after, a third each of well-formed questions, terse
        # keyword queries and chat ("devops future - what r they gonna focus on more?"):
        # 0.800 / 0.850, 8 of 8 declined and 5 of 40 answerable declined when measured
        # first, at the session's code. At its start, 7 of 8 were declined: "What's the
        # typical salary for a DevOps engineer in Germany?" quoted the US salaries
        ("ask_sample_blind2.jsonl", 0.8, 0.85, 0),
    ],
)
def test_own_sample_questions(answerer, name, hit1, hit3, wrongly_answered):
    """Questions written for this project, never tuned one by one (see tests/eval)."""
    report = evaluate(answerer, load_cases(ROOT / "tests" / "eval" / name))
    assert report.hit1 / report.answerable >= hit1, report.render()
    assert report.hit3 / report.answerable >= hit3, report.render()
    assert report.declined >= report.unanswerable - wrongly_answered, report.render()


@pytest.mark.parametrize(
    "opening, closing",
    [
        ("hi! ", ""),
        ("Hey bot, ", ""),
        ("thanks, ", ""),
        ("quick question: ", ""),
        ("pls ", ""),
        ("", " thanks!"),
        ("", " lol"),
        ("quick q: ", ""),
        ("just curious: ", ""),
        ("newbie here - ", ""),
        ("sorry if this was asked before, but ", ""),
        ("I was wondering, ", ""),
        ("", " (asking for a friend)"),
        ("", " 🙏"),
        ("Morning all. Stupid question maybe, but ", ""),
        ("", " - thoughts?"),
        ("", " (sorry if this is obvious)"),
        ("", " any help appreciated"),
        ("Urgent: ", ""),
        ("Context: ", ""),
        ("Sanity check: ", ""),
    ],
)
def test_a_greeting_or_thanks_does_not_change_the_answer(answerer, opening, closing):
    """People talk to the bot as to a chat partner: "hi! ..." answers what "..." answers,
    and is declined when "..." is (a corpus never holds "hi", which would weigh as an
    unknown subject and sink the question)."""
    for case in load_cases(EVAL / "ask_dev.jsonl"):
        plain = answerer.ask(case.question)
        greeted = answerer.ask(opening + case.question + closing)
        assert greeted.answered == plain.answered, greeted.query
        assert [h.passage for h in greeted.results] == [h.passage for h in plain.results]
        assert greeted.salary == plain.salary, greeted.query


@pytest.mark.parametrize(
    "chatty, plain",
    [
        (
            "what tools are u gonna need for data versioning",
            "what tools are needed for data versioning",
        ),
        ("lemme know which tools handle data versioning", "which tools handle data versioning"),
        ("what certs do linux admins wanna get", "what certs do linux admins get"),
    ],
)
def test_chat_spellings_are_how_a_question_is_put_not_its_subject(answerer, chatty, plain):
    """ "u", "gonna", "lemme", "wanna" are how chat writes a question: never a subject the
    documents lack, which would decline it or be named as missing."""
    chat, asked = answerer.ask(chatty), answerer.ask(plain)
    assert chat.answered and asked.answered and chat.missing == []
    assert chat.results[0].passage == asked.results[0].passage


@pytest.mark.parametrize(
    "quantified, plain",
    [
        ("which skills do several devops roles share", "which skills do devops roles share"),
        ("which skills do various devops roles share", "which skills do devops roles share"),
    ],
)
def test_a_quantifier_is_how_a_question_is_put_not_its_subject(answerer, quantified, plain):
    """ "several", "various", "lots of" say how many, not what about: a word the documents
    do not use weighed like a missing subject, and declined a question they answer."""
    counted, asked = answerer.ask(quantified), answerer.ask(plain)
    assert counted.answered and asked.answered
    assert counted.results[0].passage == asked.results[0].passage


@pytest.mark.parametrize(
    "hedge", [" roughly", " actually", " these days", " right now", " typically", " on average"]
)
def test_a_hedge_or_a_time_does_not_change_a_pay_answer(answerer, hedge):
    """ "What does a senior Python engineer make these days?" asks for the same salary: the
    words were role words to the salary lookup, and "make" was no longer the last word."""
    pay = [c for c in load_cases(EVAL / "ask_dev.jsonl") if c.expect and "$" in c.expect[0]]
    assert len(pay) >= 5
    for case in pay:
        plain = answerer.ask(case.question)
        hedged = answerer.ask(case.question.rstrip("?") + hedge + "?")
        assert hedged.answered == plain.answered, hedged.query
        assert hedged.salary == plain.salary, hedged.query
        assert hedged.results[0].passage == plain.results[0].passage, hedged.query


@pytest.mark.parametrize(
    "question",
    [
        "what do the docs say about GitOps?",
        "according to the documentation, what is GitOps?",
        "any idea what GitOps is?",
        "info on GitOps",
        "where can I read about GitOps?",
        "whats GitOps",
    ],
)
def test_words_about_the_documents_or_the_asking_are_not_a_missing_subject(answerer, question):
    """The sample never says "docs", "say", "idea" or "info": a question that does is
    about its other words, and is answered by what answers them."""
    answer = answerer.ask(question)
    assert answer.answered, answer.suggestions
    assert answer.results[0].passage.heading_path[-1] == "GitOps"


def test_a_word_about_the_documents_counts_where_the_documents_use_it(answerer):
    """Only its absence is forgiven: with no subject besides it the question is declined,
    and where the corpus writes about a wiki, "wiki" is what the question is about."""
    for question in ["what do the docs say?", "how do I edit the wiki?"]:
        assert not answerer.ask(question).answered, question
    doc = "# Team\n\n## Editing the wiki\n\nPress Edit on any wiki page.\n\n## Editing code\n\nEdit in a branch.\n"
    wiki = Answerer(index_documents([parse_markdown(doc, "team.md")])).ask(
        "how do I edit the wiki?"
    )
    assert wiki.answered and wiki.results[0].passage.heading_path[-1] == "Editing the wiki"


def test_a_command_line_option_the_documents_never_write_is_not_the_subject():
    """ "tar -xzvf" asks about tar: its page writes the letters as "xvf" and "czf". An option
    counts where the documents write it, like any word; a question of nothing else is
    declined, and a word written without the dash still needs the documents to know it."""
    docs = [
        parse_markdown(
            "# tar\n\n> Archiving utility.\n\n- Extract an archive verbosely:\n\n"
            "`tar xvf path/to/source.tar`\n\n- Create a gzipped archive:\n\n"
            "`tar czf target.tar.gz file1`\n",
            "tar.md",
        ),
        parse_markdown(
            "# rsync\n\n> Transfer files to or from a remote host.\n\n"
            "- Show what would be copied: `rsync --dry-run src/ dst/`\n",
            "rsync.md",
        ),
        parse_markdown("# gzip\n\n> Compress files.\n\n`gzip file`\n", "gzip.md"),
    ]
    answerer = Answerer(index_documents(docs))
    for question in ["what does tar -xzvf do?", "tar --xzvf"]:
        answer = answerer.ask(question)
        assert answer.answered, question
        assert answer.results[0].passage.source == "tar.md", question
    dry = answerer.ask("what does --dry-run do in rsync?")
    assert dry.answered and dry.results[0].passage.source == "rsync.md"
    for question in ["what is -xzvf?", "what does tar xzvfq mean?"]:
        assert not answerer.ask(question).answered, question


def test_a_named_option_the_documents_never_write_is_the_subject():
    """A long option names one feature ("-fanalyzer", "--frobnicate"): when the documents
    never write it whole, the page of the tool it belongs to is not an answer, even when
    they use the words it is made of. Only a short one may be one-letter flags in another
    order ("tar -xzvf", above)."""
    docs = [
        parse_markdown(
            "# gcc\n\n> Preprocess and compile C and C++ source files.\n\n"
            "- Show common warnings: `gcc -Wall -Wextra path/to/source.c`\n\n"
            "- Compile without linking: `gcc -c path/to/source.c`\n",
            "gcc.md",
        ),
        parse_markdown("# gzip\n\n> Compress files.\n\n`gzip file`\n", "gzip.md"),
        parse_markdown("# tar\n\n> Archiving utility.\n\n`tar xvf source.tar`\n", "tar.md"),
    ]
    answerer = Answerer(index_documents(docs))
    for question in [
        "what does gcc -fanalyzer do?",
        "what does gcc --frobnicate do?",
        "what does gcc -fno-common-warnings do?",  # its words are known, not the option
    ]:
        answer = answerer.ask(question)
        assert not answer.answered, question
        assert answer.suggestions, question  # the closest headings instead
    for question in ["what does gcc -Wxa do?", "what does gcc -Wall do?"]:
        answer = answerer.ask(question)
        assert answer.answered and answer.results[0].passage.source == "gcc.md", question


def test_a_compound_of_three_words_the_documents_never_write_is_the_subject():
    """A compound of three words or more names one thing, a tool or a technique
    ("include-what-you-use", "copy-on-write"): a page that only uses its words apart is
    not about it. Written whole in the documents, it is found."""
    docs = [
        parse_markdown(
            "# Headers\n\nInclude what you use from each header, and use a mapping file "
            "for the compiler's headers.\n\n# Memory\n\nPages are copy-on-write after "
            "a fork.\n",
            "headers.md",
        ),
        parse_markdown("# gzip\n\n> Compress files.\n\n`gzip file`\n", "gzip.md"),
    ]
    answerer = Answerer(index_documents(docs))
    answer = answerer.ask("does include-what-you-use take a mapping?")
    assert not answer.answered and answer.suggestions
    answer = answerer.ask("are pages copy-on-write after a fork?")
    assert answer.answered and "copy-on-write" in answer.results[0].text


def test_a_question_opening_with_a_tool_the_documents_never_name_is_declined():
    """ "kaniko: ..." asks about kaniko: a page on another tool that does the same is not
    its answer, however well it matches the rest. A word of English framing a question
    ("outage: ...") is not a tool, nor is a tool the documents do name."""
    docs = [
        parse_markdown(
            "# docker build\n\n> Build an image from a Dockerfile.\n\n"
            "- Build a docker image and push it to a registry:\n\n"
            "`docker build --push --tag registry/name:tag .`\n",
            "docker-build.md",
        ),
        parse_markdown("# gzip\n\n> Compress files.\n\n`gzip file`\n", "gzip.md"),
        parse_markdown("# tar\n\n> Archiving utility.\n\n`tar xvf source.tar`\n", "tar.md"),
    ]
    answerer = Answerer(index_documents(docs))
    question = "build a docker image and push it to a registry"
    assert answerer.ask(question).answered
    # as tldr pages write it too; and "kaniko question: ...", a word about the asking after it
    for opening in ("kaniko: ", "kaniko - ", "kaniko — ", "kaniko question: "):
        kaniko = answerer.ask(opening + question)
        assert not kaniko.answered and kaniko.suggestions, opening
    for opening in ("outage: ", "docker: ", "docker question: ", "quick question: "):
        answer = answerer.ask(opening + question)
        assert answer.answered, opening
        assert answer.results[0].passage.source == "docker-build.md", opening


_DATABASE_GUIDE = {
    "backups.md": "# Backups\n\nA database can be restored to any hour of the last seven days "
    "with `dbctl restore --to TIME`.\n",
    "replicas.md": "# Replicas\n\nEach database has a replica, at most an hour behind.\n",
    "migrations.md": "# Migrations\n\nA migration changes the database schema; roll it back "
    "with `dbctl migrate down`, or restore.\n",
    "access.md": "# Access\n\nAsk the platform team for database credentials.\n",
    "monitoring.md": "# Monitoring\n\nDatabase metrics are kept for an hour at full resolution.\n",
}


def test_a_verb_or_adverb_the_documents_lack_is_how_the_question_is_asked():
    """A small corpus lacks most everyday words; "went" and "ago", which English mostly uses
    as a verb and an adverb, tell how the question is asked, and the documents hold what it
    is about. A noun they lack is still a subject they lack."""
    docs = [parse_markdown(text, name) for name, text in _DATABASE_GUIDE.items()]
    answerer = Answerer(index_documents(docs))
    answer = answerer.ask("the database went down an hour ago, can we restore it?")
    assert answer.answered and answer.results[0].passage.source == "backups.md"
    cache = answerer.ask("the redis cache went down an hour ago, can we restore it?")
    assert not cache.answered and cache.suggestions


def test_a_number_the_documents_lack_is_a_detail_of_a_long_question():
    """A port, a size or an identifier the asker sees ("databases 1700 and 1800") is a
    detail of a question that names four things more, which the documents answer; in a
    shorter question the number is its subject, and one they lack is declined."""
    docs = [parse_markdown(text, name) for name, text in _DATABASE_GUIDE.items()]
    answerer = Answerer(index_documents(docs))
    long = answerer.ask("databases 1700 and 1800 are gone, restore them to the last hour?")
    assert long.answered and long.results[0].passage.source == "backups.md"
    # an ordinal too: "the 2nd replica" is which one the asker means, not a missing subject
    nth = answerer.ask(
        "the 2nd replica is gone and the database too, restore them to the last hour?"
    )
    assert nth.answered and not nth.missing
    # a version the asker runs ("14.2.1") is a number too, not a word the answer lacks
    version = answerer.ask("our 14.2.1 databases are gone, restore them to the last hour?")
    assert version.answered and not version.missing
    # and so is a hex value: a colour, a commit, an address ("#ff8800", "e3b0c44")
    commit = answerer.ask("database e3b0c44 and its replica are gone, restore them to the hour?")
    assert commit.answered and not commit.missing
    for short in ("database 5433 is gone, restore?", "what does database error 5433 mean?"):
        assert not answerer.ask(short).answered, short


def test_when_something_happened_is_a_detail_not_a_subject():
    """ "Since last night", "this morning" or "right now" tells when the asker saw it; the
    documents need not name the night. Where "night" is what is asked about ("the night shift"), a
    corpus lacking it still declines."""
    docs = [parse_markdown(text, name) for name, text in _DATABASE_GUIDE.items()]
    answerer = Answerer(index_documents(docs))
    for when in (
        "since last night",
        "since this morning",
        "over the weekend",
        "yesterday",
        "all day",
        "right now",
        "every few mins",
    ):
        answer = answerer.ask(f"the database is gone {when}, can we restore it?")
        assert answer.answered and answer.results[0].passage.source == "backups.md", when
        assert not answer.missing, when
    assert not answerer.ask("who covers the database on the night shift?").answered


@pytest.mark.parametrize(
    "question",
    [
        "a coworker broke the database, can we restore it?",
        "how do ppl usually restore a database?",
        "database restore: any workaround?",
        "the database is gone and mine too, restore?",
        "restore database stuff?",
        "the database is gone wtf, can we restore it?",
        "a ton of databases are gone, restore?",
        "a couple of databases are gone, restore?",
        "the database keeps crashing, can we restore it?",
        "we restore the database from a backup, is that legit?",
        "im tired of the database being gone, can we restore it?",
        "fed up with the database being gone, restore?",
        "the database on the laptop is gone, can we restore it?",
        "the database on the box is gone, restore?",
    ],
)
def test_the_people_around_the_asking_and_what_it_hopes_for_are_not_a_subject(question):
    """A coworker, "ppl", "any workaround?", "mine" and "stuff" are how a question is put
    in chat, and so are "is that legit?", an interjection ("wtf"), how much of something
    ("a ton of", "a couple of"), that it goes on ("keeps crashing"), how the asker
    feels ("tired of", "fed up with") and the asker's machine ("the laptop", "the box");
    the documents need not name them (as "docs" and "say": meta_words)."""
    docs = [parse_markdown(text, name) for name, text in _DATABASE_GUIDE.items()]
    answer = Answerer(index_documents(docs)).ask(question)
    assert answer.answered and answer.results[0].passage.source == "backups.md"
    assert not answer.missing


def test_a_comparison_is_how_a_question_is_put_and_what_is_compared_its_subject(answerer):
    """ "the pay gap between X and Y" asks for the pay of both: "gap" is not a subject the
    documents lack. And "how does X compare to Y?" asks about X too: the documents' page
    on Y alone does not answer it when they never name X."""
    gap = answerer.ask("what's the pay gap between linux and python architects?")
    assert gap.answered and not gap.missing
    assert {h.passage.heading_path[-1] for h in gap.results[:2]} == {
        "Linux Expertise",
        "Python Expertise",
    }
    assert "$150,000 - $200,000+" in gap.results[0].text + gap.results[1].text
    rust = answerer.ask("How does Rust compare to Python for writing DevOps tooling?")
    assert not rust.answered and rust.missing == ["Rust"]


def test_a_detail_of_the_asking_is_not_searched_through_a_synonym():
    """ "keeps crashing" says that it goes on. WordNet's noun "keep" is a "support", which a
    page about access uses: "keeps" is still a detail the documents need not name, and it
    does not bring that page first."""
    guide = dict(_DATABASE_GUIDE)
    guide["access.md"] = (
        "# Access\n\nAsk the platform team for support with database credentials.\n"
    )
    answerer = Answerer(index_documents([parse_markdown(t, n) for n, t in guide.items()]))
    for question in (
        "the database keeps crashing, can we restore it?",
        "the database keeps crashing every few mins, can we restore it?",
    ):
        answer = answerer.ask(question)
        assert answer.answered and answer.results[0].passage.source == "backups.md", question
        assert not answer.missing, question


def test_a_verb_written_as_a_name_or_opening_the_question_is_a_subject():
    """A verb with a capital in the middle of a sentence is most likely a product ("configure
    Render to ..."), and so is one before a colon ("render: ..."); written in lower case
    inside a sentence, or first, it is how the question is asked."""
    docs = [parse_markdown(text, name) for name, text in _DATABASE_GUIDE.items()]
    vocab = Answerer(index_documents(docs)).vocab

    def verbal(question: str) -> dict[str, bool]:
        return {w.surface: w.verbal for w in analyze(question, vocab).words}

    assert verbal("does Render restore a database?")["render"] is False
    assert verbal("render: restore a database?")["render"] is False
    assert verbal("Render the database, then restore it")["render"] is True
    assert verbal("we render the database, then restore it")["render"] is True
    words = verbal("the database went down an hour ago, restore from tape?")
    assert words["went"] and words["ago"] and not words["tape"] and not words["database"]


def test_a_word_the_question_uses_as_a_verb_or_to_compare_is_how_it_is_asked():
    """Where WordNet's counts are too few to tell ("refresh", "bail", "leak") or lean to a
    noun ("paste"), the question's own grammar says how it uses a word the documents lack:
    after a subject pronoun, after "have" as a past participle, or after "to" with its
    object next. The comparative or superlative of an adjective ("nicest") asks how, not
    what. The same words used as nouns, and a tool that is no English word, still count."""
    docs = [parse_markdown(text, name) for name, text in _DATABASE_GUIDE.items()]
    answerer = Answerer(index_documents(docs))

    def verbal(question: str, word: str) -> bool:
        return next(w.verbal for w in analyze(question, answerer.vocab).words if w.surface == word)

    assert verbal("can i paste the schema into the database?", "paste")
    assert verbal("do they refresh the replica every hour?", "refresh")
    assert verbal("I don't ack the page, who restores it?", "ack") is False  # no English word
    assert verbal("customer data might have leaked, who do I ask?", "leaked")
    assert verbal("is there a way to bail out of a migration?", "bail")
    assert verbal("what's the nicest way to restore the database?", "nicest")
    assert verbal("how do I restore the paste from the database?", "paste") is False
    assert verbal("which leaked credentials do we rotate?", "leaked") is False
    assert verbal("can i kubectl the database replica?", "kubectl") is False
    assert verbal("can we restore the database from tape?", "tape") is False
    answer = answerer.ask("what's the nicest way to restore the database?")
    assert answer.answered and answer.results[0].passage.source == "backups.md"
    assert not answerer.ask("can we restore the database from tape?").answered


def test_an_adjective_the_documents_lack_that_says_a_state_is_how_it_is_asked():
    """ "is the replica totally dead?" asks about the replica: an adjective the documents
    lack, after a linking verb ("is", "seems", "acting"), tells the state the asker sees,
    not what the question is about; it weighs nothing, though the question still needs the
    stricter bar of one with a word the documents lack. The same adjective before a noun
    ("a dead replica") still counts, and a noun the documents lack still declines."""
    docs = [parse_markdown(text, name) for name, text in _DATABASE_GUIDE.items()]
    answerer = Answerer(index_documents(docs))

    for question in (
        "the database is acting weird, can we restore it?",
        "the database is totally dead, can we restore it?",
        # "be" in a contraction, chat's spelling too, and "almost" as a word of degree
        "the database? it's almost dead, can we restore it?",
        "the database, im almost dead, can we restore it?",
    ):
        answer = answerer.ask(question)
        assert answer.answered and answer.results[0].passage.source == "backups.md", question
    assert not answerer.ask("our redis cache is acting weird, can we restore it?").answered

    def describes(question: str, word: str) -> bool:
        words = analyze(question, answerer.vocab).words
        return next(w.describes for w in words if w.surface == word)

    assert describes("the database replica: is it totally dead?", "dead")
    assert describes("the replica is acting weird, can we restore it?", "weird")
    assert describes("my replica seems unhappy with the schema", "unhappy")
    assert not describes("is there a dead replica of the database?", "dead")
    assert not describes("the replica looks Dead, can we restore it?", "dead")


_LEAVE = (
    "# Leave\n\n## Holidays\n\nEveryone gets 25 days of holidays a year.\n\n"
    "## Interns\n\nInterns get a mentor in their first week.\n"
)


def test_a_word_the_documents_lack_reaches_a_wordnet_synonym_they_use():
    answerer = Answerer(index_documents([parse_markdown(_LEAVE, "leave.md")]))
    vacation = next(
        w
        for w in analyze("how many vacation days?", answerer.vocab).words
        if w.surface == "vacation"
    )
    assert vacation.bridged and vacation.synonyms == ["holiday"]
    answer = answerer.ask("how many vacation days do I get?")
    assert answer.answered and answer.results[0].passage.heading_path == ("Leave", "Holidays")


def test_a_bridged_word_still_needs_the_rest_of_the_question_beside_it():
    # "vacation" is bridged to "Holidays", but the documents lack it: as for any missing
    # word, a passage must hold two of the words asked, and none holds both
    answerer = Answerer(index_documents([parse_markdown(_LEAVE, "leave.md")]))
    assert not answerer.ask("vacation for interns?").answered
    assert answerer.ask("holidays for interns?").answered  # every word known: a looser bar


def _over_pages(*pages: str) -> Answerer:
    """An answerer over one file per page, p0.md, p1.md, ..."""
    return Answerer(index_documents([parse_markdown(t, f"p{i}.md") for i, t in enumerate(pages)]))


def test_a_question_whose_only_lacking_words_are_its_wording_meets_a_lower_bar():
    """ "zero worker pods after the upgrade": the pages say "null", never "zero". A word
    reached through a WordNet synonym, or an adjective ("weird worker pods"), is more often
    how the asker puts it than a subject the documents lack: the question needs
    WORDING_COVERAGE of its words in the passage, not MIN_COVERAGE, and is answered; the
    same question with a word that has no synonym in the documents ("kubevirt") still
    meets the higher bar, and is declined."""
    answerer = _over_pages(
        "# Workers\n\nNull worker pods after an upgrade? Restart the worker operator.\n",
        "# Storage\n\nVolumes fill up when logs grow. Clean old logs first.\n",
        "# Network\n\nA blackhole route drops traffic for the subnet.\n",
        "# Upgrades\n\nUpgrade one node at a time and check the cluster version.\n",
        "# Alerts\n\nAn alert fires when the queue is full for ten minutes.\n",
    )
    question = (
        "zero worker pods after the upgrade, checked the cluster version and subnet traffic,"
        " how do i get them back?"
    )
    answer = answerer.ask(question)
    assert answer.answered and "Restart the worker operator" in answer.results[0].text
    assert not answerer.ask(question.replace("zero", "kubevirt")).answered
    answerer = _over_pages(
        "# Operator\n\nRestart the operator when pods crash after an upgrade.\n",
        "# Storage\n\nVolumes fill up when logs grow.\n",
        "# Network\n\nA blackhole route drops traffic for the subnet.\n",
        "# Alerts\n\nAn alert fires when the queue is full.\n",
    )
    weird = answerer.ask(
        "weird pods crash after the upgrade, volumes and subnet and queue look fine"
    )
    assert weird.answered and "Restart the operator" in weird.results[0].text
    assert weird.missing == []  # an adjective tells how things are, not what


def test_a_question_about_a_name_the_documents_lack_needs_more_of_the_rest():
    """ "does the team pay the CKA exam fee?": the pages cover exam fees, never the CKA.
    A name the documents lack is what the question is about, so the rest of it must match
    NAMED_COVERAGE of its weight, above MIN_COVERAGE: the exams page holds four of its
    words among the others, and the question is declined, not answered about exams in
    general. The same question without the name is answered."""
    answerer = _over_pages(
        "# Exams\n\nThe team pays the exam fee; book the exam online.\n",
        "# Laptops\n\nLaptops are replaced every three years.\n",
        "# Desks\n\nDesks are booked in the office app.\n",
        "# Parking\n\nParking spots go to those who commute by car.\n",
        "# Badges\n\nBadges open the front door.\n",
    )
    question = "does the team pay the CKA exam fee, as for laptops, desks and badges?"
    answer = answerer.ask(question)
    assert not answer.answered and answer.missing == ["CKA"]
    answer = answerer.ask(question.replace("CKA ", ""))
    assert answer.answered and "exam fee" in answer.results[0].text


def test_a_name_written_with_a_capital_is_not_bridged_to_a_common_noun():
    # Sentry the error tracker is no lookout, and the documents' "watch" is no answer about
    # it; "Dec", written with a capital too, is still December
    doc = (
        "# Monitoring\n\n## Dashboards\n\nWatch the error reports of each app on the "
        "dashboards, and add a teammate to the org from its settings.\n\n"
        "## Freeze\n\nNo deploys from 20 December to 2 January.\n"
    )
    answerer = Answerer(index_documents([parse_markdown(doc, "monitoring.md")]))
    sentry = next(
        w
        for w in analyze("who can add me to our Sentry org?", answerer.vocab).words
        if w.surface == "sentry"
    )
    assert not sentry.bridged and not sentry.synonyms
    assert not answerer.ask("is there a Sentry dashboard?").answered
    dec = next(
        w for w in analyze("can I deploy on Dec 21?", answerer.vocab).words if w.surface == "dec"
    )
    assert dec.bridged and dec.synonyms == ["decemb"]


def test_an_amount_answers_one_word_that_asks_for_it_not_each():
    # "how much" and "cost" both stand for any amount: a list of salaries holds one
    # amount, not two of the question's words, and weddings are not in the documents
    doc = (
        "# Team\n\n## Salaries\n\n- Junior: $80,000\n- Senior: $150,000\n\n"
        "## Mentoring\n\nEvery new hire gets a mentor.\n"
    )
    answerer = Answerer(index_documents([parse_markdown(doc, "team.md")]))
    assert not answerer.ask("how much does a wedding cost?").answered
    assert answerer.ask("how much does a senior earn?").answered


def test_a_word_only_the_front_matter_keywords_name_finds_the_page():
    """A page's keywords are what its author says it is about, in readers' words: "comp
    time" is named nowhere in the page's text, only in its front matter."""
    docs = [
        parse_markdown(
            "---\ntitle: Overtime\nkeywords: overtime, comp time, credit hours\n---\n\n"
            "Ask your supervisor before you work more than 40 hours in a week.\n",
            "overtime.md",
        ),
        parse_markdown(
            "---\ntitle: Timesheets\n---\n\nSubmit your time in HR Links every two weeks.\n",
            "timesheets.md",
        ),
        parse_markdown("# Travel\n\nBook flights in Concur.\n", "travel.md"),
    ]
    answerer = Answerer(index_documents(docs))
    for question in ("how do I get comp time?", "who approves comp time?"):
        answer = answerer.ask(question)
        assert answer.answered and answer.results[0].passage.source == "overtime.md"
        assert answer.results[0].text.startswith("Ask your supervisor")  # never the keywords


def test_other_documents_with_tables_setext_and_front_matter(tmp_path):
    index, _ = build(FIXTURE_DOCS, tmp_path / "index")
    report = evaluate(
        Answerer(index), load_cases(ROOT / "tests" / "eval" / "ask_fixture_docs.jsonl")
    )
    assert report.hit1 == report.answerable, report.render()
    assert report.declined == report.unanswerable, report.render()


def test_answer_shape(answerer):
    answer = answerer.ask("Which tools are used for tracing?", k=3)
    assert answer.answered
    d = answer.to_dict()
    assert set(d) >= {"query", "answered", "results", "suggestions"}
    top = d["results"][0]
    assert set(top) >= {"text", "heading_path", "source", "line_start", "line_end", "score"}
    assert "Jaeger" in top["text"] and top["source"] == "linux_python.md"
    assert "Tracing" in answer.results[0].matched  # for renderers to mark
    assert all(len(r["text"]) <= HIT_QUOTE_MAX for r in d["results"])
    src = (ROOT / "corpus" / "linux_python.md").read_text().splitlines()
    assert top["text"] in "\n".join(src[top["line_start"] - 1 : top["line_end"]])


def test_no_answer_offers_headings_of_the_corpus(answerer):
    answer = answerer.ask("How do I bake sourdough bread?")
    assert not answer.answered and answer.results == []
    assert 0 < len(answer.suggestions) <= SUGGESTIONS
    assert len(set(answer.suggestions)) == len(answer.suggestions)
    doc = parse_markdown(read_markdown(SAMPLE_CORPUS / "linux_python.md"), "linux_python.md")
    assert set(answer.suggestions) <= {" > ".join(s.heading_path) for s in doc.sections}
    # a word of the question that names a heading brings that heading first
    near = answerer.ask("How do I bake kubernetes bread?")
    assert not near.answered and near.suggestions[0].endswith("> Kubernetes Ecosystem")


def test_code_quotes_are_fenced_again(answerer):
    answer = answerer.ask("cons of python guru")
    text = answer.results[0].text
    assert text.startswith("```mermaid\n") and text.endswith("\n```")


def test_a_chain_of_follow_ups_keeps_the_latest_role_and_level(answerer):
    first = "What do DevOps engineers earn at the junior level?"
    second = answerer.ask("and for MLOps?", context=[first])
    assert "Junior: $90,000 - $120,000" in second.results[0].text
    third = answerer.ask("what about seniors?", context=[first, "and for MLOps?"])
    assert "Senior: $160,000 - $240,000" in third.results[0].text


def _proximity_by_hand(seq: list[int], words: list[list[int]], bonus: list[float]) -> float:
    """The rule of bot.rerank.Pairs, token by token: a pair of neighbouring words earns its
    bonus when the two stand at most PROXIMITY_SPAN tokens apart in one field."""
    from bot.rerank import PROXIMITY_SPAN

    fields, field = [], []
    for term in seq + [-1]:
        if term == -1:
            fields.append(field)
            field = []
        else:
            field.append(term)
    total = 0.0
    for (a, b), value in zip(zip(words, words[1:]), bonus):
        if any(
            0 < abs(i - j) <= PROXIMITY_SPAN
            for f in fields
            for i, x in enumerate(f)
            if x in a
            for j, y in enumerate(f)
            if y in b
        ):
            total += value
    return total


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.integers(-1, 6), max_size=30), min_size=1, max_size=6),
    st.lists(st.lists(st.integers(0, 6), min_size=1, max_size=2), min_size=2, max_size=4),
)
def test_vectorised_proximity_follows_the_rule(passages, words):
    import numpy as np

    from bot.rerank import Pairs

    bonus = [1.0 + n for n in range(len(words) - 1)]
    pairs = Pairs(words, bonus)
    seq = np.array([t for p in passages for t in p], dtype=np.int32)
    bounds = np.cumsum([0] + [len(p) for p in passages])
    got = pairs.proximity(seq, bounds)
    assert got.tolist() == [_proximity_by_hand(p, words, bonus) for p in passages]


@pytest.mark.parametrize(
    "question",
    [
        "How much does a Kotlin developer make?",  # a role the documents never name
        "how much does our kotlin developer make?",  # ... named as the team's own
        "salary of a data engineer",  # named in a career path, but no amount is given for it
    ],
)
def test_pay_for_a_role_without_a_salary_is_declined_with_headings(answerer, question):
    answer = answerer.ask(question)
    assert not answer.answered and answer.results == []
    assert any("Salary" in s for s in answer.suggestions)


@pytest.mark.parametrize(
    "question",
    [
        "junior devops salary in Germany",  # three of its four words match a salary list
        "what do senior devops make in europe?",
        "python developer salary in london",
    ],
)
def test_pay_in_a_market_the_documents_lack_is_declined_without_facts(answerer, question):
    """The salary facts are of the US market: quoted for another one, they would be a
    confident wrong answer, in the quotes or in the salary data shown above them."""
    answer = answerer.ask(question)
    assert not answer.answered and answer.results == [] and answer.salary == []
    assert any("Salary" in s for s in answer.suggestions)
    assert answer.missing and answer.missing[0].casefold() in question.casefold()
    # the market the documents do name still answers, and so does the same role alone
    us = answerer.ask(question.replace(answer.missing[0], "the US"))
    assert us.answered and us.salary
    assert answerer.ask(question.split(" in ")[0]).salary[0] == us.salary[0]


def test_pay_for_a_role_with_a_salary_is_answered(answerer):
    answer = answerer.ask("How much does a Linux architect make?")
    assert answer.answered and "$150,000 - $200,000+" in answer.results[0].text


def test_an_answer_carries_the_salary_facts_it_used(answerer):
    answer = answerer.ask("What do DevOps engineers earn at the junior level?")
    assert [(f.role, f.level, f.min, f.max) for f in answer.salary][:1] == [
        ("DevOps", "junior", 80000, 110000)
    ]
    assert answer.salary == answerer.salary_book.facts_for_question(answer.corrected_query)
    assert answerer.ask("How do I list open ports?").salary == []


def test_a_follow_up_about_pay_carries_the_facts_of_its_level(answerer):
    first = answerer.ask("What do DevOps engineers earn at the junior level?")
    answer = answerer.ask("and seniors?", context=[first.query])
    assert answer.salary and answer.salary[0].level == "senior"
    assert answer.salary[0].role == first.salary[0].role


@pytest.mark.parametrize("question", ["how expensive is linux+?", "what does Linux+ cost?"])
def test_a_certification_named_with_a_plus_gets_its_cost_not_salaries(answerer, question):
    """ "Linux+" read as "linux" quoted the Linux salary list first, amounts and all."""
    answer = answerer.ask(question)
    assert answer.answered and "Linux+: $350" in answer.results[0].text


def test_pay_rule_leaves_the_cost_of_a_certification_alone(answerer):
    """A certification's cost is not pay: the question gets the costs, not salary ranges."""
    answer = answerer.ask("how much does the RHCE certification cost?")
    assert answer.answered and answer.salary == []
    assert "Investment Requirements" in answer.results[0].passage.heading_path
    assert "RHCE: $800" in answer.results[0].text


def test_a_role_named_before_the_askers_own_pay_is_not_whose_pay_is_asked():
    """ "The recruiter keeps asking what my current comp is" asks about the asker's pay, not
    a recruiter's: the pages on negotiating answer it, though no salary range is for
    recruiters. A role named after the asker's pay is still whose pay is asked."""
    handbook = (
        "# Salaries\n\n- Junior Developer: $70,000 - $90,000\n- Senior Developer: $130,000 -"
        " $180,000\n\n# Negotiation\n\nRecruiters will ask what your current comp is. Do"
        " not tell them what you currently make: information is power, so keep it.\n\n"
        "# Careers\n\n- Data Engineer\n- Platform Engineer\n"
    )
    answerer = Answerer(index_documents([parse_markdown(handbook, "career.md")]))
    asked = answerer.ask("recruiter keeps asking what my current comp is, do i have to tell them?")
    assert asked.answered and any("information is power" in hit.text for hit in asked.results)
    for question in (
        "what's our pay for a data engineer?",
        "what should my salary be as a kotlin developer?",
    ):
        assert not answerer.ask(question).answered, question


@pytest.mark.parametrize(
    "question", ["which is better paid, devops or mlops?", "are MLOps engineers paid more?"]
)
def test_paid_asks_about_pay(answerer, question):
    """ "paid" is the pay group's word as "pay" is: "better paid" quoted DevOps' future."""
    answer = answerer.ask(question)
    assert answer.answered
    assert answer.results[0].passage.heading_path[-2] == "Salary Ranges (US Market, 2024)"


@pytest.fixture(scope="module")
def handbook_and_sample(tmp_path_factory):
    """The fixture documents (a benefits page that says certification exam fees are covered,
    over a table of what courses cost) and the sample (what certifications cost)."""
    tmp = tmp_path_factory.mktemp("handbook_and_sample")
    (tmp / "corpus").mkdir()
    for path in [*FIXTURE_DOCS.glob("*.md"), SAMPLE_CORPUS / "linux_python.md"]:
        shutil.copy(path, tmp / "corpus" / path.name)
    index, _ = build(tmp / "corpus", tmp / "index")
    return Answerer(index)


@pytest.mark.parametrize(
    "question",
    [
        "how much does the CKA kubernetes exam cost?",
        "what's the fee for the CKA exam?",
        "how much is the CKA exam?",
        "what does the OSCP exam cost?",
    ],
)
def test_the_price_of_something_the_documents_never_name_is_declined(handbook_and_sample, question):
    """The benefits page holds "exam", "kubernetes" and amounts, but the amounts are the
    prices of other things: a price asked of a name the documents lack has no answer here."""
    answer = handbook_and_sample.ask(question)
    assert not answer.answered and answer.results == []
    assert answer.missing and answer.missing[0] in question
    assert "Benefits and Compensation > Learning budget" in answer.suggestions
    named = handbook_and_sample.ask("how much does the RHCE certification cost?")
    assert named.answered and "RHCE: $800" in named.results[0].text


_BENEFITS = """# Benefits

## Learning budget

Each employee has €1,200 a year for courses and books. Certification exam fees are covered
on top of that.

| Course | Cost |
|--------|------|
| Kubernetes basics | €300 |
| Terraform in practice | €250 |
"""


def test_an_acronym_is_no_function_word_mistyped():
    """ "AWS" is "was" with two letters swapped, but written in capitals it is a name: what
    the question is about, which these documents never name. "teh" is still a typo."""
    answerer = Answerer(index_documents([parse_markdown(_BENEFITS, "benefits.md")]))
    answer = answerer.ask("what does the AWS exam cost?")
    assert not answer.answered and answer.missing == ["AWS"]
    typo = answerer.ask("what does teh Kubernetes basics course cost?")
    assert typo.answered and "€300" in typo.results[0].text


_HANDBOOK = """# Team handbook

## On-call rotation

Every engineer joins the on-call rotation after the third month. The secondary covers
when the primary does not acknowledge a page within 15 minutes.

## Holidays

Everyone gets 28 days of paid holiday a year. Unused days carry over until March.

## Equipment

The laptop budget is 2,500 euros every three years.

## Travel

Book trains for trips under five hours; flights need a manager's approval.
"""
_LONG_QUESTION = (
    "if the primary on-call doesn't ack a page, when is there an escalation to the backup?"
)


_LONGER_QUESTION = (
    "the primary on-call did not ack a page: does a robot phone the backup, text the manager"
    " or email the director?"
)


@pytest.mark.parametrize(
    ("doc", "question", "answered"),
    [
        # one passage, under a heading that names it: the subject is there
        (_HANDBOOK, _LONG_QUESTION, True),
        # the same words under a heading about something else
        (_HANDBOOK.replace("## On-call rotation", "## Rotations"), _LONG_QUESTION, False),
        # the same words in two passages: neither stands out
        (
            _HANDBOOK + "\n## Paging\n\nThe primary on-call gets every page.\n",
            _LONG_QUESTION,
            False,
        ),
        # a question mostly of words the documents lack: the passage holds too little of it
        (_HANDBOOK, _LONGER_QUESTION, False),
    ],
)
def test_a_long_question_in_readers_words_is_answered_by_a_passage_that_stands_out(
    doc, question, answered
):
    """Some of its words are not the documents' ("ack", "escalation", "backup"): by coverage
    alone it would be declined, however plainly one section answers it. (A verb they lack,
    "pulled in", would not count: see test_a_verb_or_adverb_the_documents_lack_….)"""
    answerer = Answerer(index_documents([parse_markdown(doc, "handbook.md")]))
    answer = answerer.ask(question)
    assert answer.answered is answered
    if answered:
        assert answer.results[0].passage.heading_path[-1] == "On-call rotation"
    for unanswerable in ["how many sick days do we get per year?", "is dental insurance covered?"]:
        assert not answerer.ask(unanswerable).answered


def test_a_quote_grows_with_the_block_before_it():
    doc = "# Tool\n\n" + "".join(f"- Do thing {n}:\n\n`tool --opt{n}`\n\n" for n in range(60))
    index = index_documents([parse_markdown(doc, "tool.md")])
    answerer = Answerer(index)
    hit = answerer.ask("tool opt42").results[0]
    assert "- Do thing 42:" in hit.text and "`tool --opt42`" in hit.text
    assert len(hit.text) <= HIT_QUOTE_MAX
    lines = doc.split("\n")
    assert hit.text == "\n".join(lines[hit.passage.line_start - 1 : hit.passage.line_end])


def test_a_long_table_is_quoted_under_its_header_rows():
    """A table too long for one passage: a quote of its first rows shows the header row
    over them, also when it grows from the sentence above into the table, and it holds
    every line between as the file has them (not blank lines where the header stands)."""
    rows = "".join(
        f"| Vendor{n} | {'Kubernetes course' if n < 3 else 'Course'} on topic {n} | €{n} |\n"
        for n in range(40)
    )
    doc = (
        "# Budget\n\nEach employee has €1,200 a year for Kubernetes courses.\n\n"
        f"| Vendor | Courses | Cost |\n|---|---|---|\n{rows}"
    )
    answerer = Answerer(index_documents([parse_markdown(doc, "budget.md")]))
    lines = doc.split("\n")
    hit = answerer.ask("kubernetes courses budget per employee").results[0]
    assert "Each employee has" in hit.text and "| Vendor2 |" in hit.text
    assert "| Vendor | Courses | Cost |" in hit.text
    assert hit.text == "\n".join(lines[hit.passage.line_start - 1 : hit.passage.line_end])


def test_later_rows_of_a_long_table_come_with_its_header_and_where_it_stands():
    """A quote of a long table's later rows cannot hold the header rows far above them; the
    hit carries them as lines of their own, and the JSON gives their range."""
    rows = "".join(f"| Vendor{n} | Course on topic {n} | €{n} |\n" for n in range(80))
    doc = (
        f"# Budget\n\nThe courses we pay for.\n\n| Vendor | Courses | Cost |\n|---|---|---|\n{rows}"
    )
    answerer = Answerer(index_documents([parse_markdown(doc, "budget.md")]))
    answer = answerer.ask("course on topic 66 cost")
    hit = answer.results[0]
    assert "| Vendor66 |" in hit.text and "| Vendor | Courses | Cost |" not in hit.text
    assert hit.table_header is not None
    assert hit.table_header.text == "| Vendor | Courses | Cost |\n|---|---|---|"
    assert (hit.table_header.line_start, hit.table_header.line_end) == (5, 6)
    lines = doc.split("\n")
    assert hit.table_header.text == "\n".join(lines[4:6])
    assert answer.to_dict()["results"][0]["table_header"] == {
        "text": "| Vendor | Courses | Cost |\n|---|---|---|",
        "line_start": 5,
        "line_end": 6,
    }
    first_rows = answerer.ask("course on topic 1 cost").results[0]
    assert first_rows.table_header is None and "| Vendor | Courses | Cost |" in first_rows.text


def test_a_table_padded_wide_still_shows_its_header_over_a_later_row():
    """A table padded to its longest cell (as formatters write them), each row of some 400
    characters: the header rows and a row do not fit in one passage together, and the
    header is longer than the context a passage keeps of it. A later row still comes with
    the header rows as the file has them."""
    width = 400

    def row(*cells: str) -> str:
        return "| " + " | ".join(c.ljust(width // 2) for c in cells) + " |\n"

    body = "".join(row(f"Change number {n} to the team budget", f"Approver {n}") for n in range(8))
    doc = (
        "# Approvals\n\n"
        + row("If you want to", "Who approves")
        + "| "
        + "-" * (width // 2)
        + " | "
        + "-" * (width // 2)
        + " |\n"
        + body
    )
    answerer = Answerer(index_documents([parse_markdown(doc, "approvals.md")]))
    hit = answerer.ask("change number 6 to the team budget").results[0]
    assert "Change number 6 " in hit.text and "If you want to" not in hit.text
    assert hit.table_header is not None
    lines = doc.split("\n")
    assert hit.table_header.text == "\n".join(lines[2:4])
    assert (hit.table_header.line_start, hit.table_header.line_end) == (3, 4)


def _sections(title: str, n: int, words: str) -> str:
    """A page too long to be quoted whole (see bot.quote.with_neighbours)."""
    more = "More about this part of the page. " * 8
    body = "".join(
        f"## Part {i}\n\nThe {words} rules, part {i} of {title}. {more}\n\n" for i in range(n)
    )
    return f"# {title}\n\n{body}"


def test_one_file_fills_at_most_two_places_while_another_file_matches():
    """The third quote comes from another file that matches nearly as well, not from a
    third section of the best file; with no other file, every place goes to the one file."""
    best = parse_markdown(_sections("Firewall", 4, "firewall flush"), "firewall.md")
    other = parse_markdown(
        "# Routing\n\nThe firewall rules of the router are flushed at night when it restarts "
        "and reloads its configuration.\n",
        "routing.md",
    )
    answer = Answerer(index_documents([best, other])).ask("flush the firewall rules", k=3)
    sources = [h.passage.source for h in answer.results]
    assert sources == ["firewall.md"] * PER_FILE_SHOWN + ["routing.md"]
    alone = Answerer(index_documents([best])).ask("flush the firewall rules", k=3)
    assert [h.passage.source for h in alone.results] == ["firewall.md"] * 3


def test_a_file_far_ahead_of_every_other_keeps_the_third_place():
    """Another file that shares only a common word of the question ("rules") is no
    alternative to the page that is about it: the third place goes to that page too."""
    best = parse_markdown(_sections("Firewall", 4, "firewall flush"), "firewall.md")
    other = parse_markdown("# Routing\n\nThe rules of the router.\n", "routing.md")
    answer = Answerer(index_documents([best, other])).ask("flush the firewall rules", k=3)
    assert [h.passage.source for h in answer.results] == ["firewall.md"] * 3


def test_documents_written_after_the_tuning(tmp_path):
    """Questions on the fixture documents and the sample together, written after the
    tuning and never tuned one by one: asked mostly in the readers' words, not the docs'."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in [*FIXTURE_DOCS.glob("*.md"), SAMPLE_CORPUS / "linux_python.md"]:
        shutil.copy(path, corpus / path.name)
    index, _ = build(corpus, tmp_path / "index")
    report = evaluate(
        Answerer(index), load_cases(ROOT / "tests" / "eval" / "ask_docs_heldout.jsonl")
    )
    # a low bar, measured (0.60): readers' words ("pager", "ship to staging") are often not
    # the documents'; a passage that plainly stands out answers some of them anyway
    assert report.hit3 / report.answerable >= 0.55, report.render()
    # every no-answer question declined (4 of 5 before a price asked of a name the
    # documents lack was declined: "how much does the CKA kubernetes exam cost?")
    assert report.declined == report.unanswerable, report.render()


def test_a_team_handbook_written_blind(tmp_path):
    """Eleven documents of a made-up company (runbook, policies, an API reference, a FAQ, a
    CLI's README) and 40 + 10 questions in its readers' words, written together by someone
    who never saw this code or its other question sets, and never tuned on."""
    index, _ = build(TEAM_DOCS, tmp_path / "index")
    report = evaluate(Answerer(index), load_cases(EVAL / "ask_team_docs.jsonl"))
    # measured: hit@1 0.825, hit@3 0.85, 6 of 10 declined, 5 of 40 answerable declined.
    # (0.85 before code went with the text leading into it: "what port should my service
    # use to connect to postgres in prod" now finds the Access section's "Human access to
    # production databases goes through Teleport:" with its `tsh db connect` first, and the
    # "PgBouncer on port 6432" line second.)
    # Before verbs and adverbs the documents lack were taken for how a question is asked,
    # 0.75 / 0.75, 7 and 10: "prod redis went down, how do I fail over to the redis
    # replica?" was declined only for "went", and is now answered with the onboarding guide
    assert report.hit1 / report.answerable >= 0.82, report.render()
    assert report.hit3 / report.answerable >= 0.85, report.render()
    assert report.declined >= 6, report.render()
    assert report.wrongly_declined <= 5, report.render()


@pytest.mark.parametrize(
    "folder, name, hit1, hit3, declined, wrongly_declined",
    [
        # measured: 0.583 / 0.683, 10 of 12 declined, 6 of 60 answerable declined (before
        # verbs the documents lack counted as how a question is asked, the engineers'
        # shorthand and MkDocs containers: 0.500 / 0.617, 11; before code went with the
        # text leading into it: 0.533 / 0.650)
        # 0.667 / 0.817 once a quote that opens its section shows its heading
        ("pydantic_docs", "ask_pydantic_docs.jsonl", 0.68, 0.83, 10, 0),
        # measured, never read: 0.600 / 0.650, 9 of 12 declined, 6 of 60 answerable
        # declined (before: 0.417 / 0.467, 21; before code went with the text leading into
        # it: 0.517 / 0.583, 10)
        # 0.650 at rank 1 once a section and one under it, found first and second, are one quote
        ("uv_docs", "ask_uv_docs.jsonl", 0.68, 0.76, 10, 4),
        # measured blind, then read: 0.583 / 0.767, 10 of 10 declined, 2 of 60 answerable
        # declined (bm25s 0.433 / 0.600, tantivy and FTS5 0.467 / 0.633)
        # 0.783 at rank 3 once a quote holding one shown takes its place
        # 0.633 at rank 1 once a section and one under it, found first and second, are one quote
        ("hugo_docs", "ask_hugo_docs.jsonl", 0.63, 0.78, 10, 2),
        # measured blind, then read: 0.433 / 0.567, 8 of 10 declined, 3 of 60 answerable
        # declined (0.400 / 0.533 and 7 before Docusaurus' admonitions were containers;
        # bm25s 0.367 / 0.517, tantivy 0.400 / 0.600, FTS5 0.383 / 0.517); 0.467 at rank 1
        # once the next passage of a section, as near as the best, goes first
        ("redux_docs", "ask_redux_docs.jsonl", 0.5, 0.6, 8, 2),
        # measured blind, then read: 0.467 / 0.633, 10 of 10 declined, 6 of 60 answerable
        # declined (bm25s 0.417 / 0.650, tantivy 0.467 / 0.617, FTS5 0.483 / 0.650); 0.500
        # / 0.650 with VitePress' containers, 0.517 / 0.667 and 5 with "15MB" as "15 MB"
        # 0.583 / 0.717 and 4 once a folder's landing page is the umbrella of the pages
        # beside it and a number the corpus lacks is a detail of a long question; 0.733 and 3
        # once a passage holding six of a long question's words answers it
        # 0.617 / 0.750 once a section and one under it, found first and second, are one quote
        # 0.600 once HTML inside the Markdown is indexed as the page shows it: a tie at the
        # top it won by order (97.56 both), and with it the best page's bonus, goes the
        # other way with the corpus' new lengths, and 0.733 at rank 3 (it was its third)
        # (3 answerable declined before a word negating a known one was read as it)
        # 0.633 / 0.800 once the paragraph leading into a quote is shown over it
        ("vite_docs", "ask_vite_docs.jsonl", 0.63, 0.8, 10, 2),
        # measured blind, then read: 0.400 / 0.600, 6 of 10 declined, 7 of 60 answerable
        # declined (bm25s 0.400 / 0.600, tantivy 0.317 / 0.567, FTS5 0.350 / 0.567); 0.433
        # at rank 1 once front matter keywords are search context of every passage, 7
        # declined once "Sentry" is not bridged to "watch"
        # 0.517 / 0.667 and 8 of 10 declined with "Seattle" no typo of "settle", the
        # landing page as an umbrella and a title's initials as context; 0.533 / 0.683 and
        # 6 once a passage holding six of a long question's words answers it
        # 0.700 at rank 3 once a quote holding one shown takes its place
        # 0.550 / 0.717 once a long list is cut between its outermost items first
        # 0.567 / 0.733 and 4 answerable declined once a word naming the asker's own thing
        # ("broke my wrist and ...") is a detail
        ("tts_handbook", "ask_tts_handbook.jsonl", 0.56, 0.73, 8, 4),
        # a second set on the handbook, measured blind and never read: 0.600 / 0.733, 6 of
        # 10 declined, 5 of 60 answerable declined at the start of the session that made
        # the handbook's changes, and before them; 0.617 / 0.733 after (bm25s 0.483 /
        # 0.650, tantivy 0.450 / 0.650, FTS5 0.483 / 0.650)
        # 0.633 / 0.767 once a quote holding one shown takes its place
        # (0.650 / 0.783 on the second while an acronym of two letters was spelled out
        # from two sightings: three are needed since)
        # 0.650 / 0.783 once a quote that opens its section shows its heading
        # 0.650 / 0.783, 7 declined, 4 answerable declined, after the eighth 2026-12-04 session
        ("tts_handbook", "ask_tts_handbook2.jsonl", 0.66, 0.8, 7, 3),
        # measured blind, then read: 0.317 / 0.567, 9 of 10 declined, 13 of 60 answerable
        # declined (0.317 / 0.550 and 14 at the session's start; bm25s 0.367 / 0.400,
        # tantivy 0.233 / 0.383, FTS5 0.283 / 0.400); 0.383 / 0.567 and 11 with CamelCase
        # titles apart and long names cut short; 9 once a word joining two is split;
        # 0.367 / 0.550 once the best page's sections whose heading the question names are
        # lifted (one "what does it mean?" gained, two answers lost to step headings that
        # name the question's words; 11 more answers first on all the sets)
        # 0.383 / 0.567 and 8 once a number the corpus lacks is a detail of a long question,
        # 7 once a passage holding six of a long question's words answers it
        # 10 of 10 declined once a word of no language of six letters or more is a name
        # 0.400 / 0.600 once a quote holding one shown takes its place
        # 0.617 at rank 3 once a long list is cut between its outermost items first
        # 0.417 / 0.633 and 4 answerable declined once a question whose only lacking
        # words have synonyms in the runbooks ("zero" pods) meets a lower bar
        # 5 answerable declined once a name the runbooks lack needs 0.46 of the rest (one
        # answered, but not in the first three)
        # 0.450 / 0.683, 10 declined, 2 answerable declined, after the eighth 2026-12-04 session
        ("openshift_runbooks", "ask_openshift_runbooks.jsonl", 0.46, 0.68, 10, 2),
        # a second set on the runbooks (50 + 10), measured blind and never read: 0.620 /
        # 0.800, 10 of 10 declined, 1 of 50 answerable declined (bm25s 0.360 / 0.580,
        # tantivy 0.400 / 0.640, FTS5 0.420 / 0.660); 0.640 / 0.820 and none declined once a
        # passage holding six of a long question's words answers it
        # (one answer third declined since a detail of the asking, "tons of", is not
        # counted through a WordNet synonym)
        # 0.660 / 0.860 once a quote that opens its section shows its heading
        # 0.680 / 0.860, 10 declined, 1 answerable declined, after the eighth 2026-12-04 session
        ("openshift_runbooks", "ask_openshift_runbooks2.jsonl", 0.68, 0.86, 10, 1),
        # an engineering team's playbook (two sets of 50 + 10, written blind on two halves
        # of its pages, drawn at random); the first read, the second never: at the start of
        # the session they were written in, 0.620 / 0.760, 8 of 10 declined, 6 of 50
        # answerable declined (bm25s 0.560 / 0.680, tantivy 0.580 / 0.760, FTS5 0.580 /
        # 0.740); and 0.620 / 0.820, 5 of 10, 2 of 50 (bm25s 0.600 / 0.700, tantivy 0.540 /
        # 0.720, FTS5 0.560 / 0.720)
        # 0.640 / 0.780 and 4 once words with synonyms in the playbook meet a lower bar
        ("eng_playbook", "ask_eng_playbook.jsonl", 0.64, 0.78, 8, 4),
        # 0.840 at rank 3 on the second once a list item too long for one passage keeps its
        # code whole
        # 7 of 10 declined on the second once a word of no language of six letters or more
        # is a name
        # 0.640 at rank 1 on the second once a section and one under it, found first and
        # second, are one quote
        # 0.640 / 0.860 once a quote that opens its section shows its heading
        # 0.640 / 0.860, 7 declined, 0 answerable declined, after the eighth 2026-12-04 session
        ("eng_playbook", "ask_eng_playbook2.jsonl", 0.66, 0.86, 7, 0),
        # a large project's contributor guide (two sets of 50 + 10, written blind on two
        # halves of its pages; the first read, the second never): at the start of the
        # session they were written in, 0.640 / 0.760, 7 of 10 declined, none answerable
        # (bm25s 0.420 / 0.620, tantivy 0.440 / 0.600, FTS5 0.500 / 0.640); and 0.720 /
        # 0.860, 5 of 10, 1 of 50 (bm25s 0.500 / 0.780, tantivy 0.620 / 0.800, FTS5 0.580 /
        # 0.700), 0.840 at rank 3 once a list item too long for one passage keeps its code
        # whole (measured after)
        # 0.660 / 0.780 on the first once a quote holding one shown takes its place
        # 6 of 10 declined on the first once a line ending in a link ends no sentence (a
        # page's passages on containerd, cut otherwise, hold three words of a no-answer
        # question whose tool the guide lacks, and it is quoted with that tool missing)
        # 7 of 10 declined and 1 answerable (answered, but not in the first three) once a
        # name the guide lacks needs 0.46 of the rest ("semgrep rules in presubmit")
        # (0.640 / 0.780 before any "how long" asked for a duration)
        # 0.700 / 0.820, 7 declined, 1 answerable declined, after the eighth 2026-12-04 session
        ("k8s_contributors", "ask_k8s_contributors.jsonl", 0.72, 0.82, 7, 1),
        # (6 of 10 declined on the second once a word of no language of six letters or more
        # is a name)
        # (7 once a long list is cut between its outermost items first)
        # 0.740 at rank 1 once a section and one under it, found first and second, are one quote
        # 0.760 / 0.860, 7 declined, 1 answerable declined, after the eighth 2026-12-04 session
        ("k8s_contributors", "ask_k8s_contributors2.jsonl", 0.76, 0.88, 7, 1),
        # a company's handbook (benefits, pay, leave, hiring, engineering process; two sets
        # of 50 + 10, written blind on two halves of its pages; the first read, the second
        # never): at the start of the session they were written in, 0.600 / 0.780, 7 of 10
        # declined, 3 of 50 answerable declined (bm25s 0.640 / 0.760, tantivy 0.600 /
        # 0.740, FTS5 0.580 / 0.720: plain BM25 ahead at rank 1); and 0.500 / 0.640, 6 of
        # 10, 6 of 50 (bm25s 0.500 / 0.600, tantivy 0.500 / 0.660, FTS5 0.480 / 0.680)
        # once a long list is cut between its outermost items first: 0.580 / 0.800 on the
        # first (one answer first now third: the page's other restart step, now one
        # passage, goes first) and 7 of 10 declined on the second
        # 0.600 and 2 answerable declined on the first once a hyphenated word's parts are
        # searched as the documents index them ("no-show")
        # 0.620 / 0.840 on the first and 0.660 at rank 3 on the second once feedback words
        # are searched only from 20,000 passages (the handbook has 5,177)
        ("sg_handbook", "ask_sg_handbook.jsonl", 0.62, 0.86, 7, 1),
        # 0.540 / 0.720, 8 declined, 3 answerable declined, after the eighth 2026-12-04 session
        ("sg_handbook", "ask_sg_handbook2.jsonl", 0.54, 0.74, 8, 3),
        # GOV.UK's developer docs: written after the code of f06b02f, 50 + 10 each
        ("govuk_dev_docs", "ask_govuk_dev_docs.jsonl", 0.62, 0.78, 7, 1),
        # 0.680 / 0.820, 8 declined, 0 answerable declined, after the eighth 2026-12-04 session
        ("govuk_dev_docs", "ask_govuk_dev_docs2.jsonl", 0.7, 0.84, 8, 0),
        # Foam's docs, a notes workspace of wiki links: written after the code of 84be527,
        # 40 + 8 each, the second unread (bm25s 0.450 / 0.650 and 0.400 / 0.750); measured
        # 0.525 / 0.675, 5 answerable declined, and 0.625 / 0.725, 6, before English
        # misspelt ("seperate"), a verb done again ("redeploy") and "teh" were read; 0.750
        # at rank 3 once HTML is indexed as the page shows it (its badges' and tables'
        # attributes were words of the index page): four passages of one page within 5%
        ("foam_docs", "ask_foam_docs.jsonl", 0.55, 0.75, 7, 1),
        ("foam_docs", "ask_foam_docs2.jsonl", 0.65, 0.77, 6, 4),
        # Prometheus' docs, an operations reference: written after the code of 0fc2896,
        # 40 + 8 each, the second unread (bm25s 0.550 / 0.700 and 0.425 / 0.725: ahead at
        # rank 1 on the first); 0.425 and 5 answerable declined on the first before a vowel
        # left out was a misspelling ("diffrent")
        # 0.475 / 0.750, 3 answerable declined, once "we're in CET" is where the askers are
        # (0.525 at rank 1 before a line ending in a word of grammar and a colon ("Notice
        # that:") led in rather than headed: one answer first fell to third as other
        # passages changed)
        ("prometheus_docs", "ask_prometheus_docs.jsonl", 0.5, 0.8, 6, 3),
        # 0.525 / 0.775, 5 declined, 3 answerable declined, after the eighth 2026-12-04 session
        ("prometheus_docs", "ask_prometheus_docs2.jsonl", 0.52, 0.77, 5, 3),
        # Homebrew's docs (FAQ, troubleshooting, cookbooks, a 135 KB manual page) and the
        # Cargo Book (command pages whose options are HTML <dl> lists, a 450 KB changelog):
        # written after the code of 44835a2, 40 + 8 each, the second unread; on the first
        # Cargo set bm25s 0.200 / 0.325, tantivy 0.200 / 0.350, FTS5 0.150 / 0.325, and this
        # project 0.200 / 0.300 before HTML was indexed as the page shows it, and 0.225 /
        # 0.350 with one answerable declined before "somethign" was read as "something"
        # (0.425 on the first before code right after code led into stayed with it: on
        # the page on forbidden licences, its passage on GNU licences now goes 0.3% ahead
        # of the one that answers, whose neighbours' passages changed)
        # (0.400 on the first, and 0.675 at rank 3 on the third, before any "how long"
        # asked for a duration)
        ("homebrew_docs", "ask_homebrew_docs.jsonl", 0.42, 0.67, 7, 2),
        # (1 answerable declined on the second before a word of English was never read as
        # a typo of one the corpus uses: one of its words, one letter from a word of the
        # docs, had been searched as that word)
        ("homebrew_docs", "ask_homebrew_docs2.jsonl", 0.62, 0.72, 5, 2),
        # 0.275 / 0.400 once the paragraph leading into a quote is shown over it
        # 0.275 / 0.425, 5 declined, 0 answerable declined, after the eighth 2026-12-04 session
        ("cargo_docs", "ask_cargo_docs.jsonl", 0.3, 0.45, 5, 0),
        ("cargo_docs", "ask_cargo_docs2.jsonl", 0.2, 0.45, 1, 7),
        # Docker's command-line reference (options tables padded wide, pages copied under
        # two names: "run" and "container run"): written after the code of c268265, 40 + 8
        # each, the second unread; on the first bm25s 0.500 / 0.700, tantivy 0.475 /
        # 0.650, FTS5 0.475 / 0.675; on the second bm25s 0.325 / 0.525, tantivy 0.375 /
        # 0.575, FTS5 0.350 / 0.525
        ("docker_cli_docs", "ask_docker_cli_docs.jsonl", 0.57, 0.77, 7, 2),
        ("docker_cli_docs", "ask_docker_cli_docs2.jsonl", 0.37, 0.55, 8, 5),
        # a third set on each of Cargo's and Docker's, on all their files, written after
        # the code of 0d34a85 and read: Cargo's 0.275 / 0.450, 4 answerable declined, and
        # Docker's 0.300 / 0.425, 11, before the people around the asking ("a coworker",
        # "ppl"), "mine", "stuff" and "since last night" were no missing subject; bm25s
        # 0.250 / 0.425 and 0.425 / 0.550, tantivy 0.225 / 0.325 and 0.450 / 0.550, FTS5
        # 0.175 / 0.275 and 0.450 / 0.600: plain BM25 ahead on Docker's
        ("cargo_docs", "ask_cargo_docs3.jsonl", 0.35, 0.52, 3, 2),
        ("docker_cli_docs", "ask_docker_cli_docs3.jsonl", 0.42, 0.52, 6, 6),
        # and a third on Homebrew's and Prometheus', written after the code of 8aa9254 and
        # read: 0.550 / 0.625, 5 answerable declined, and 0.400 / 0.575, 7, before an
        # interjection ("wtf") and "a ton of" were no missing subject; bm25s 0.400 / 0.550
        # and 0.500 / 0.600, tantivy 0.425 / 0.550 and 0.450 / 0.575, FTS5 0.400 / 0.550
        # and 0.425 / 0.575: plain BM25 ahead at rank 1 on Prometheus' again
        ("homebrew_docs", "ask_homebrew_docs3.jsonl", 0.57, 0.69, 3, 3),
        # 0.450 / 0.650 once a quote that opens its section shows its heading
        ("prometheus_docs", "ask_prometheus_docs3.jsonl", 0.45, 0.65, 6, 6),
        # Redis' docs (command pages with no heading of their own, named by their files):
        # written after the code of 563ca78, 40 + 8 each, the second unread; 0.250 / 0.425
        # and 0.350 / 0.475 with the code of c268265, before a page without a title was
        # named by its file; bm25s 0.250 / 0.375 and 0.200 / 0.300, tantivy 0.250 / 0.450
        # and 0.225 / 0.225, FTS5 0.225 / 0.375 and 0.200 / 0.250; 0.575 at rank 3 on the
        # second before "msg", "prefs", "vuln", "millis", "p95" and "gigs" joined the
        # general shorthand (one answer third now fourth)
        # 0.275 / 0.500 once the paragraph leading into a quote is shown over it
        ("redis_docs", "ask_redis_docs.jsonl", 0.27, 0.5, 8, 4),
        ("redis_docs", "ask_redis_docs2.jsonl", 0.4, 0.55, 6, 3),
        # kube-prometheus' runbooks (short pages of Meaning / Impact / Diagnosis /
        # Mitigation): written after the code of a2cc909, 30 + 6 each, the second unread;
        # 0.600 / 0.600, 10 answerable declined, and 0.533 / 0.633, 8, with that code;
        # bm25s 0.400 / 0.467 and 0.233 / 0.433, tantivy 0.400 / 0.567 and 0.200 /
        # 0.433, FTS5 0.400 / 0.533 and 0.200 / 0.400
        ("promop_runbooks", "ask_promop_runbooks.jsonl", 0.76, 0.76, 6, 5),
        # (7 answerable declined on the second before a word of English was never read as
        # a typo)
        ("promop_runbooks", "ask_promop_runbooks2.jsonl", 0.6, 0.65, 4, 6),
        # Helm's docs (Docusaurus: guides, best practices, a page per command): written
        # after the code of c4c9ff5, 40 + 8 each, the second unread; bm25s 0.200 / 0.475
        # and 0.325 / 0.475, tantivy 0.225 / 0.450 and 0.375 / 0.500, FTS5 0.275 / 0.450
        # and 0.400 / 0.475; 4 and 2 no-answer declined before two words side by side
        # once in 720 passages were no compound ("helmfile")
        # (0.425 on the first before a line in lower case ending in a colon was no label:
        # on the values page, whose passages changed with it, the passage before the one
        # that answers now goes first)
        ("helm_docs", "ask_helm_docs.jsonl", 0.42, 0.62, 5, 3),
        ("helm_docs", "ask_helm_docs2.jsonl", 0.52, 0.62, 3, 2),
        # ESLint's docs (a page per rule, alike but for the rule; guides to configuring
        # and extending): written after the code of 067984e, 40 + 8 each, the second
        # unread; bm25s 0.250 / 0.400 and 0.300 / 0.550, tantivy 0.275 / 0.400 and 0.300
        # / 0.500, FTS5 0.200 / 0.325 and 0.250 / 0.375: plain BM25 level at rank 1
        # 0.325 / 0.550, 6 declined, 6 answerable declined, after the eighth 2026-12-04 session
        ("eslint_docs", "ask_eslint_docs.jsonl", 0.32, 0.55, 6, 6),
        ("eslint_docs", "ask_eslint_docs2.jsonl", 0.32, 0.55, 6, 7),
        # "The Art of Command Line" (one long file of bullet lists, as the sample is):
        # written after the code of e990371, 30 + 6 each on two halves of its sections,
        # the second unread; bm25s 0.433 / 0.800 and 0.500 / 0.733, tantivy 0.433 / 0.800
        # and 0.433 / 0.767, FTS5 0.467 / 0.833 and 0.400 / 0.700: the peers far ahead at
        # rank 3, where this project declines 7 and 11 answerable questions
        # (0.633 at rank 3 and 6 declined on the first once "befor" is "before" and
        # "stderr" is "standard error")
        ("artofcli", "ask_artofcli.jsonl", 0.46, 0.66, 4, 5),
        ("artofcli", "ask_artofcli2.jsonl", 0.4, 0.56, 5, 11),
        # pnpm's docs (Docusaurus: a page per command, settings, a FAQ): written after the
        # code of b14e6e5, 40 + 8 each, the second unread; bm25s 0.500 / 0.675 and 0.350
        # / 0.650, tantivy 0.525 / 0.650 and 0.350 / 0.600, FTS5 0.475 / 0.725 and 0.350
        # / 0.575: the peers level on the first
        # 0.600 / 0.750 once a quote that opens its section shows its heading
        # 0.600 / 0.775 once the paragraph leading into a quote is shown over it
        ("pnpm_docs", "ask_pnpm_docs.jsonl", 0.6, 0.77, 3, 2),
        # (0.675 at rank 3 on the second when an English word one letter short of a
        # function word, "hat" for "that", was read as it mistyped)
        ("pnpm_docs", "ask_pnpm_docs2.jsonl", 0.47, 0.72, 6, 2),
        # FastAPI's docs (MkDocs: a tutorial whose code is included from elsewhere and
        # missing, long release notes) and Traefik's (MkDocs: an options reference of
        # tables and tabbed YAML, TOML and labels): written after the code of 386c550,
        # 40 + 8 each, the second unread; on FastAPI's bm25s 0.350 / 0.575 and 0.525 /
        # 0.700, tantivy 0.400 / 0.600 and 0.500 / 0.700, FTS5 0.425 / 0.575 and 0.500 /
        # 0.700; on Traefik's bm25s 0.350 / 0.500 and 0.625 / 0.700, tantivy 0.350 /
        # 0.500 and 0.625 / 0.750, FTS5 0.350 / 0.525 and 0.575 / 0.675: plain BM25 ahead
        # (0.400 / 0.600, 4 answerable declined, and 0.325 / 0.475, 3, on the first sets
        # before a word negating a known one, "uncompressed", was read as it)
        ("fastapi_docs", "ask_fastapi_docs.jsonl", 0.45, 0.67, 7, 3),
        ("fastapi_docs", "ask_fastapi_docs2.jsonl", 0.55, 0.67, 6, 5),
        # 0.375 / 0.600, 6 declined, 1 answerable declined, after the eighth 2026-12-04 session
        ("traefik_docs", "ask_traefik_docs.jsonl", 0.37, 0.6, 6, 1),
        # 0.525 / 0.725, 7 declined, 1 answerable declined, after the eighth 2026-12-04 session
        ("traefik_docs", "ask_traefik_docs2.jsonl", 0.52, 0.72, 7, 1),
        # "Flight rules for Git" (one file of scenarios, each a heading as the asker would
        # write it over the commands): written after the code of 8bb828c, 30 + 6 each on
        # two halves of its sections, the second unread; bm25s 0.467 / 0.733 and 0.667 /
        # 0.833, tantivy 0.433 / 0.633 and 0.600 / 0.733, FTS5 0.500 / 0.700 and 0.500 /
        # 0.733: the peers ahead, where this project declines 5 and 6 answerable questions
        # (0.533 at rank 3 on the first before "folder" was searched as "directory")
        # (0.567 at rank 3 on the first, 0.600 / 0.700 and 5 answerable declined on the
        # second, before the page's own table of contents was left out of the index)
        # (0.600 at rank 3 on both before a line ending in a word of grammar and a colon
        # led in rather than headed, as "If you're seeing this:" does in this one file: on
        # each, an answer third is now lower)
        # 0.433 / 0.567, 4 declined, 4 answerable declined, after the eighth 2026-12-04 session
        ("gitflight", "ask_gitflight.jsonl", 0.43, 0.6, 4, 3),
        # (0.567 / 0.667, 6 answerable declined, on the second before "tired of" was how
        # the asker feels, no subject)
        ("gitflight", "ask_gitflight2.jsonl", 0.66, 0.76, 3, 3),
        # Argo CD's docs (MkDocs: user guide, operator manual, a generated page per CLI
        # command, proposals): written after the code of 8bb828c, 40 + 8 each, the second
        # unread, measured first with the code of b9d51a4; bm25s 0.350 / 0.550 and 0.375
        # / 0.550, tantivy 0.350 / 0.500 and 0.350 / 0.550, FTS5 0.300 / 0.525 and 0.350
        # / 0.500
        # (0.625 at rank 3 on the first and 0.425 at rank 1 on the second before the words
        # of the CamelCase names headings write were searched apart: the first's "our cmp
        # plugin takes like 2 minutes … where do i raise the timeout?" is declined, its best
        # passage's coverage 0.382 -> 0.373 as the statistics change; on the second, one
        # answer first was second until a line ending in a word of grammar and a colon led
        # in rather than headed)
        # 0.450 / 0.625, 6 declined, 2 answerable declined, after the eighth 2026-12-04 session
        ("argocd_docs", "ask_argocd_docs.jsonl", 0.47, 0.67, 6, 2),
        # 0.450 / 0.575, 5 declined, 1 answerable declined, once "paid" asks about pay
        ("argocd_docs", "ask_argocd_docs2.jsonl", 0.45, 0.57, 5, 1),
        # Material for MkDocs' docs (setup and reference pages of admonitions, tabs and
        # options) and the Rust book (long chapters of prose, its listings included from
        # elsewhere and missing): written after the code of 310ca66, 40 + 8 each, the
        # second unread, first measured with the code of a059eb5; on Material's bm25s
        # 0.325 / 0.575 and 0.325 / 0.525, tantivy 0.350 / 0.525 and 0.450 / 0.525, FTS5
        # 0.300 / 0.550 and 0.375 / 0.525; on the book's bm25s 0.275 / 0.425 and 0.300 /
        # 0.525, tantivy 0.300 / 0.525 and 0.275 / 0.525, FTS5 0.300 / 0.450 and 0.250 /
        # 0.500
        ("mkdocs_material", "ask_mkdocs_material.jsonl", 0.42, 0.6, 7, 3),
        ("mkdocs_material", "ask_mkdocs_material2.jsonl", 0.37, 0.55, 7, 5),
        # 0.450 / 0.550 once the paragraph leading into a quote is shown over it
        ("rust_book", "ask_rust_book.jsonl", 0.45, 0.55, 6, 5),
        # 0.400 / 0.500 before a quote grew toward the neighbour holding the question's words
        ("rust_book", "ask_rust_book2.jsonl", 0.42, 0.52, 4, 2),
        # thoughtbot's guides (53 pages of conventions as bullet lists): written after the
        # code of 5a6b37a, 30 + 6 each, at most two a page, the second unread, first
        # measured with the code of 183fdf9; bm25s 0.633 / 0.933 and 0.633 / 0.767,
        # tantivy 0.600 / 0.900 and 0.600 / 0.700, FTS5 0.633 / 0.867 and 0.533 / 0.633:
        # the peers far ahead at rank 3 on the first, where this project declines 7
        # (0.667 / 0.733 on the first while an acronym was spelled out from one sighting in
        # lower case, "single-page application" for "SPA": two are needed since)
        ("thoughtbot_guides", "ask_thoughtbot_guides.jsonl", 0.63, 0.7, 5, 7),
        # (4 of 6 declined on the second before a line ending in a word of grammar and a
        # colon led in rather than headed)
        ("thoughtbot_guides", "ask_thoughtbot_guides2.jsonl", 0.6, 0.76, 3, 4),
        # cert-manager's docs (201 pages: issuers, usage, troubleshooting, a 270 KB API
        # reference, release notes): written after the code of 5a6b37a, 40 + 8 each, the
        # second unread, first measured with the code of afbe092; bm25s 0.450 / 0.575 and
        # 0.250 / 0.550, tantivy 0.475 / 0.600 and 0.250 / 0.525, FTS5 0.450 / 0.550 and
        # 0.275 / 0.475: plain BM25 ahead at rank 1 on the first
        # (0.425 at rank 1 on the first before a line ending in a word of grammar and a
        # colon ("Some signals are:") led in rather than headed: the GKE Autopilot
        # answer, on the page where that line is, is second)
        ("certmanager_docs", "ask_certmanager_docs.jsonl", 0.4, 0.62, 3, 3),
        # (1 answerable declined on the second before a word of English was never read as
        # a typo of one the corpus uses)
        # (0.350 at rank 1 on the second before any "how long" asked for a duration)
        # 0.375 / 0.650 once the paragraph leading into a quote is shown over it
        # 0.375 / 0.650 before a quote grew toward the neighbour holding the question's words
        ("certmanager_docs", "ask_certmanager_docs2.jsonl", 0.4, 0.67, 5, 2),
        # Jest's docs (37 pages: guides, and references of the CLI, the configuration, the
        # expect API, the jest object) and the Nushell book (64 chapters of prose and
        # examples): written after the code of c39a215, 30 + 6 each, the second unread,
        # first measured with the code of c39a215; bm25s 0.567 / 0.833 and 0.633 / 0.767,
        # tantivy 0.467 / 0.700 and 0.567 / 0.800, FTS5 0.400 / 0.733 and 0.567 / 0.800 on
        # Jest's; bm25s 0.567 / 0.733 and 0.633 / 0.733, tantivy 0.633 / 0.767 and 0.567 /
        # 0.733, FTS5 0.567 / 0.700 and 0.400 / 0.700 on Nushell's: plain BM25 ahead on
        # Jest's first set and Nushell's second
        # 0.767 at rank 3 before a quote grew toward the neighbour holding the question's words
        ("jest_docs", "ask_jest_docs.jsonl", 0.43, 0.8, 4, 5),
        # (0.667 / 0.867 on Jest's second before the words of the CamelCase names headings
        # write were searched apart: one answer first fell to third, one at rank 2 out of
        # the first three)
        ("jest_docs", "ask_jest_docs2.jsonl", 0.63, 0.83, 5, 0),
        # (5 declined on the first before a word of English was never read as a typo)
        ("nushell_book", "ask_nushell_book.jsonl", 0.66, 0.8, 6, 1),
        ("nushell_book", "ask_nushell_book2.jsonl", 0.53, 0.63, 5, 5),
        # Poetry's docs (16 long pages: the commands, the configuration, pyproject.toml,
        # dependency specification; Hugo front matter and shortcodes) and GitHub's Open
        # Source Guides (13 long articles of prose): written after the code of cc5b973, 30
        # + 6 each, up to six a page, the second unread, first measured with the code of
        # ee49fa4; bm25s 0.400 / 0.600 and 0.400 / 0.700, tantivy 0.400 / 0.567 and 0.400
        # / 0.667, FTS5 0.400 / 0.533 and 0.467 / 0.600 on Poetry's; bm25s 0.367 / 0.533
        # and 0.400 / 0.467, tantivy 0.367 / 0.467 and 0.333 / 0.467, FTS5 0.367 / 0.533 and
        # 0.400 / 0.433 on the guides: the peers ahead on Poetry's second set, where this
        # project declines 7 answerable questions
        ("poetry_docs", "ask_poetry_docs.jsonl", 0.5, 0.6, 5, 4),
        ("poetry_docs", "ask_poetry_docs2.jsonl", 0.33, 0.46, 3, 7),
        # 0.467 / 0.667 once the paragraph leading into a quote is shown over it
        # 2 answerable declined once "till" is "until" ("should i wait till it's finished …")
        ("oss_guide", "ask_oss_guide.jsonl", 0.46, 0.66, 6, 2),
        # (4 declined on the second before a word of English was never read as a typo)
        # 0.333 / 0.500, 5 declined, 3 answerable declined, after the eighth 2026-12-04 session
        ("oss_guide", "ask_oss_guide2.jsonl", 0.33, 0.5, 5, 3),
        # curl's docs (351 pages: a page per command-line option, with front matter of its
        # own, and the FAQ, TLS, HTTP/3, the tutorials) and Google's Engineering Practices
        # (14 short pages of prose on code review): written after the code of 6695cbe, 40
        # + 8 and 24 + 6 each, the second unread, first measured with that code; bm25s
        # 0.500 / 0.725 and 0.350 / 0.575, tantivy 0.450 / 0.675 and 0.325 / 0.600, FTS5
        # 0.400 / 0.625 and 0.325 / 0.575 on curl's; bm25s 0.500 / 0.625 and 0.417 / 0.500,
        # tantivy 0.375 / 0.708 and 0.417 / 0.500, FTS5 0.417 / 0.750 and 0.375 / 0.542 on
        # the practices: the peers far ahead there, where this project declines 9 and 13
        # answerable questions
        # 0.600 / 0.775 once a quote that opens its section shows its heading
        # 0.625 / 0.775, 8 declined, 0 answerable declined, after the eighth 2026-12-04 session
        ("curl_docs", "ask_curl_docs.jsonl", 0.62, 0.77, 8, 0),
        ("curl_docs", "ask_curl_docs2.jsonl", 0.42, 0.72, 6, 2),
        # 8 answerable declined once "i'm" is a linking verb ("i'm deep in coding …")
        ("eng_practices", "ask_eng_practices.jsonl", 0.33, 0.45, 4, 8),
        ("eng_practices", "ask_eng_practices2.jsonl", 0.12, 0.2, 5, 13),
        # the Rust Forge (144 pages: a project's handbook for its teams, the release
        # process, triage and the triagebot, infrastructure, governance): written after the
        # code of 6285c4e, 40 + 8 each, the second unread, first measured with that code;
        # bm25s 0.400 / 0.675 and 0.500 / 0.600, tantivy 0.375 / 0.600 and 0.450 / 0.575,
        # FTS5 0.375 / 0.550 and 0.500 / 0.600: plain BM25 ahead at rank 1 on the second
        ("rust_forge", "ask_rust_forge.jsonl", 0.55, 0.75, 6, 3),
        # (0.475 at rank 1 on the second before any "how long" asked for a duration)
        # 0.550 / 0.650 once a quote that opens its section shows its heading
        ("rust_forge", "ask_rust_forge2.jsonl", 0.57, 0.67, 3, 3),
        # Podman's man pages in Markdown (116 pages: a page per subcommand, options as
        # headings, and the 112 KB Quadlet reference; the core commands' pages are
        # generated at build time and missing) and GoReleaser's docs (230 pages: a YAML
        # reference per feature, error pages, cookbooks, CI pages, blog posts, snippets
        # included by other pages): written by helpers after the code of 3a0ef74, 40 + 8
        # each, first measured with that code; the second podman set was meant unread but
        # a dozen of its misses were printed once. bm25s 0.275 / 0.525 and 0.400 / 0.600,
        # tantivy 0.375 / 0.600 and 0.375 / 0.650, FTS5 0.325 / 0.475 and 0.375 / 0.625 on
        # Podman's; bm25s 0.450 / 0.675 and 0.400 / 0.600, tantivy 0.425 / 0.600 and 0.325
        # / 0.600, FTS5 0.375 / 0.550 and 0.375 / 0.575 on GoReleaser's
        ("podman_docs", "ask_podman_docs.jsonl", 0.37, 0.62, 7, 7),
        ("podman_docs", "ask_podman_docs2.jsonl", 0.57, 0.7, 6, 5),
        # 0.500 / 0.750, 2 answerable declined once a version the asker names ("we tag
        # like 1.4.0") is a detail of the question, as a plain number is
        # 7 declined once the asker's own thing named twice is what the question asks
        # about ("auto-link jira ticket ids ... to our jira instance?")
        ("goreleaser_docs", "ask_goreleaser_docs.jsonl", 0.5, 0.77, 7, 2),
        ("goreleaser_docs", "ask_goreleaser_docs2.jsonl", 0.45, 0.65, 6, 2),
        # Mastodon's docs (188 pages: running an instance, its environment variables and
        # tootctl, user features, protocol specs, and a REST API reference of a page per
        # method group and per entity; Hugo shortcodes and heading ids): written by a
        # helper after the code of 3a0ef74, 40 + 8 each, the second unread, first measured
        # with the code of ea81635; bm25s 0.375 / 0.625 and 0.550 / 0.650, tantivy 0.300 /
        # 0.500 and 0.575 / 0.675, FTS5 0.275 / 0.475 and 0.550 / 0.625: plain BM25 as good
        # at rank 1 and ahead at rank 3 on the first, tantivy ahead at rank 3 on the second
        ("mastodon_docs", "ask_mastodon_docs.jsonl", 0.37, 0.57, 6, 3),
        ("mastodon_docs", "ask_mastodon_docs2.jsonl", 0.6, 0.65, 6, 4),
        # PostHog's company handbook as of February 2022 (99 pages: compensation, share
        # options, benefits, time off, spending, hiring, culture, engineering process):
        # written by a helper after the code of 3a0ef74, 40 + 8 each, the second unread,
        # first measured with the code of 19c7e37; bm25s 0.550 / 0.700 and 0.500 / 0.750,
        # tantivy 0.475 / 0.675 and 0.500 / 0.775, FTS5 0.500 / 0.675 and 0.500 / 0.775:
        # plain BM25 ahead on the first set, where this project also declines only 4 of 8
        # no-answer questions (the pay and allowances a handbook lacks) and 5 answerable
        # 0.550 / 0.650, 4 answerable declined once "till" is "until" ("is it ok to merge on
        # a friday afternoon or should i wait till monday"); 0.575 / 0.675, 3, once PTO is
        # time off
        ("posthog_handbook", "ask_posthog_handbook.jsonl", 0.57, 0.72, 4, 2),
        ("posthog_handbook", "ask_posthog_handbook2.jsonl", 0.55, 0.8, 4, 2),
        # the Tech Interview Handbook (50 pages: resumes, behavioral and coding interviews,
        # negotiation and compensation, algorithm cheatsheets; front matter with SEO
        # keywords): written by a helper after the code of 3a0ef74, 40 + 8 each, the second
        # unread, first measured with the code of b3ce86b; bm25s 0.575 / 0.725 and 0.525 /
        # 0.725, tantivy 0.600 / 0.750 and 0.550 / 0.675, FTS5 0.575 / 0.725 and 0.475 /
        # 0.600: every peer ahead at rank 3 on both sets, where this project declines 3 and 8
        # answerable questions
        # 0.475 / 0.725, 2 answerable declined once a role named before the asker's own pay
        # is not whose pay is asked ("recruiter keeps asking what my current comp is")
        ("interview_handbook", "ask_interview_handbook.jsonl", 0.47, 0.72, 6, 2),
        ("interview_handbook", "ask_interview_handbook2.jsonl", 0.5, 0.6, 6, 8),
        # Starship's docs (19 pages, one of them a 300 KB configuration reference of a
        # section per prompt module, each with its options, variables and an example) and
        # the Helix editor's book (38 pages: keymap tables, configuration, generated
        # command and language tables, guides): written by helpers after the code of
        # 3a0ef74, 40 + 8 each, the second unread, first measured with the code of
        # 14fde36; on Starship's bm25s 0.375 / 0.650 and 0.450 / 0.675, tantivy 0.300 /
        # 0.650 and 0.525 / 0.700, FTS5 0.400 / 0.675 and 0.475 / 0.750: every peer far
        # ahead at rank 3, where this project declines 8 and 7 answerable questions; on
        # Helix' bm25s 0.500 / 0.575 and 0.425 / 0.600, tantivy 0.450 / 0.575 and 0.425 /
        # 0.650, FTS5 0.400 / 0.575 and 0.400 / 0.600: bm25s ahead at rank 1 on the first
        # 7 answerable declined once "im almost dead" says a state; 0.350 / 0.475 and 6 once a
        # hex value ("are hex colors like #ff8800 allowed …") is a detail, as a number is
        ("starship_docs", "ask_starship_docs.jsonl", 0.35, 0.5, 5, 6),
        ("starship_docs", "ask_starship_docs2.jsonl", 0.4, 0.65, 6, 7),
        ("helix_book", "ask_helix_book.jsonl", 0.42, 0.6, 7, 6),
        ("helix_book", "ask_helix_book2.jsonl", 0.5, 0.62, 3, 4),
        # Electron's docs (298 pages: an API reference of modules, classes and structures,
        # tutorials, build guides), The Turing Way (294 pages of a research handbook in
        # MyST) and OpenTelemetry's (103 pages: concepts, the Collector, three languages'
        # SDK guides; Hugo front matter and shortcodes): written by helpers after the code
        # of 7ce3b07, 40 + 8 each, the second unread, first measured with that code; on
        # Electron's bm25s 0.575 / 0.625 and 0.425 / 0.575, tantivy 0.500 / 0.675 and
        # 0.375 / 0.600, FTS5 0.450 / 0.600 and 0.450 / 0.525: bm25s ahead at rank 1 on
        # the first; on The Turing Way's bm25s 0.425 / 0.750 and 0.400 / 0.500, tantivy
        # 0.400 / 0.750 and 0.375 / 0.500, FTS5 0.375 / 0.800 and 0.350 / 0.450: every
        # peer ahead at rank 3 on the first; on OpenTelemetry's bm25s 0.400 / 0.500 and
        # 0.450 / 0.675, tantivy 0.375 / 0.575 and 0.475 / 0.775, FTS5 0.375 / 0.575 and
        # 0.500 / 0.600
        ("electron_docs", "ask_electron_docs.jsonl", 0.55, 0.7, 5, 0),
        ("electron_docs", "ask_electron_docs2.jsonl", 0.52, 0.65, 6, 0),
        # 0.550 and 0.450 at rank 1 before MyST's targets ("(rr-rdm-embargo)=") were read as
        # blank: as text, the target above a heading gave the section before it that
        # heading's words, and in the first set a question naming two sections ("embargo
        # or restricted access?") found the one it expects first, now its neighbour by a
        # hair; in the second one answer moved from first to second, on its right page
        ("turing_way", "ask_turing_way.jsonl", 0.52, 0.7, 5, 3),
        ("turing_way", "ask_turing_way2.jsonl", 0.42, 0.6, 4, 2),
        ("otel_docs", "ask_otel_docs.jsonl", 0.6, 0.77, 6, 3),
        ("otel_docs", "ask_otel_docs2.jsonl", 0.65, 0.85, 6, 4),
        # rclone's docs (193 pages: a page per storage backend and per command, Hugo front
        # matter) and the people part of GitLab's handbook (128 pages: leave, benefits per
        # country, pay, hiring): written by helpers after the code of 729d4bc, 40 + 8 each,
        # the second unread, first measured with that code; on rclone's bm25s 0.525 /
        # 0.725 and 0.375 / 0.550, tantivy 0.550 / 0.725 and 0.350 / 0.625, FTS5 0.425 /
        # 0.650 and 0.375 / 0.600: bm25s and tantivy ahead at rank 1 on the first, bm25s
        # level on the second; on GitLab's bm25s 0.275 / 0.425 and 0.425 / 0.675, tantivy
        # 0.200 / 0.400 and 0.375 / 0.600, FTS5 0.225 / 0.350 and 0.400 / 0.600
        ("rclone_docs", "ask_rclone_docs.jsonl", 0.47, 0.72, 5, 3),
        ("rclone_docs", "ask_rclone_docs2.jsonl", 0.4, 0.7, 6, 2),
        ("gitlab_handbook", "ask_gitlab_handbook.jsonl", 0.37, 0.57, 4, 4),
        ("gitlab_handbook", "ask_gitlab_handbook2.jsonl", 0.52, 0.72, 3, 4),
        # minikube's docs (187 pages: a page per command, drivers, a handbook, tutorials;
        # Hugo) and Zulip's help center (202 pages and 124 snippets they include, in
        # Zulip's own macros: "{start_tabs}", "{!save-changes.md!}"), written by helpers
        # after the code of df2e5a2, 40 + 8 each, the second unread, first measured with
        # that code; on minikube's bm25s 0.425 / 0.575 and 0.625 / 0.800, tantivy 0.400 /
        # 0.550 and 0.550 / 0.750, FTS5 0.325 / 0.600 and 0.525 / 0.700: bm25s ahead on
        # the first at both ranks, and at rank 3 on the second; on Zulip's bm25s 0.300 /
        # 0.600 and 0.350 / 0.750, tantivy 0.275 / 0.500 and 0.450 / 0.700, FTS5 0.275 /
        # 0.575 and 0.400 / 0.675: bm25s ahead at rank 3 on both, where this project
        # declined 9 answerable questions of the first (8 once "msgs" reaches "msg")
        ("minikube_docs", "ask_minikube_docs.jsonl", 0.4, 0.52, 7, 4),
        ("minikube_docs", "ask_minikube_docs2.jsonl", 0.65, 0.77, 7, 3),
        ("zulip_help", "ask_zulip_help.jsonl", 0.37, 0.55, 7, 8),
        ("zulip_help", "ask_zulip_help2.jsonl", 0.55, 0.72, 4, 2),
        # Jekyll's docs (100 pages: guides, configuration, Liquid, a 300 KB changelog),
        # Julia's manual (60 pages: long chapters of prose and REPL examples, Documenter's
        # "@ref" links and "jldoctest" blocks) and Backstage's (127 pages of 2021:
        # features, plugins, an API reference in HTML): written by helpers after the code
        # of 08003a0, 40 + 8 each, the second unread, first measured with that code; on
        # Jekyll's bm25s 0.375 / 0.625 and 0.425 / 0.600, tantivy 0.425 / 0.625 and 0.425
        # / 0.600, FTS5 0.400 / 0.525 and 0.375 / 0.575; on Julia's bm25s 0.500 / 0.675
        # and 0.400 / 0.625, tantivy 0.550 / 0.700 and 0.450 / 0.675, FTS5 0.550 / 0.700
        # and 0.450 / 0.625: every peer ahead on the first at both ranks, where this
        # project declines 5 answerable questions, each for a word of English the manual
        # never uses ("quota", "clunky", "crunching"), and tantivy at rank 3 on the second;
        # on Backstage's bm25s 0.625 / 0.825 and 0.450 / 0.725, tantivy 0.600 / 0.775 and
        # 0.425 / 0.675, FTS5 0.650 / 0.850 and 0.400 / 0.675: FTS5 ahead at rank 3 on the
        # first
        ("jekyll_docs", "ask_jekyll_docs.jsonl", 0.55, 0.72, 5, 3),
        ("jekyll_docs", "ask_jekyll_docs2.jsonl", 0.52, 0.62, 4, 0),
        ("julia_docs", "ask_julia_docs.jsonl", 0.45, 0.55, 8, 5),
        ("julia_docs", "ask_julia_docs2.jsonl", 0.52, 0.65, 8, 4),
        # 0.700 at rank 1 before a quote grew toward the neighbour holding the question's words
        ("backstage_docs", "ask_backstage_docs.jsonl", 0.72, 0.82, 7, 1),
        ("backstage_docs", "ask_backstage_docs2.jsonl", 0.52, 0.72, 5, 3),
    ],
)
def test_real_project_documentation_written_blind(
    tmp_path, folder, name, hit1, hit3, declined, wrongly_declined
):
    """Real projects' documentation: two in MkDocs (pydantic's 53 pages, uv's 81:
    admonitions, content tabs, long reference pages; MIT licensed), Hugo's own (992 pages:
    front matter, shortcodes, definition lists; Apache licensed), Redux's in Docusaurus
    (86 pages: long tutorials, FAQs, MDX, admonitions; MIT licensed) and Vite's in
    VitePress (57 pages: containers, Vue blocks; MIT licensed), and a team's handbook,
    the TTS Handbook (246 pages: leave, travel, tools; Liquid tags; public domain), and
    an operations team's runbooks, OpenShift's alerts (272 pages; Apache licensed), and
    an engineering team's playbook, Microsoft's Engineering Fundamentals Playbook (243
    pages: code reviews, CI/CD, testing, design; CC BY 4.0), and Kubernetes' contributor
    guide (139 pages: pull requests, reviews, releases; Apache licensed), and Sourcegraph's
    company handbook (309 pages: benefits, pay, leave, hiring, engineering process; Apache
    licensed), and GOV.UK's developer docs (231 pages: deploys, alerts, on-call, access,
    Kubernetes; reference-style links; MIT licensed), and Foam's (86 pages of a notes
    workspace: wiki links, embeds; MIT licensed), and Prometheus' (101 pages: a 200 KB
    configuration reference, PromQL, specifications; Apache licensed), Homebrew's (84
    pages: FAQ, troubleshooting, cookbooks; BSD licensed), the Cargo Book (99 pages:
    command pages of HTML option lists, a changelog; MIT or Apache licensed) and Docker's
    command-line reference (197 pages: options tables, pages under two names; Apache
    licensed) and Redis' (469 pages: command pages without headings; CC BY-SA) and
    kube-prometheus' runbooks (119 short pages; Apache licensed), Helm's (127 pages:
    guides and a page per command; MIT licensed), ESLint's (408 pages: a page per rule;
    MIT licensed), "The Art of Command Line" (one file of bullet lists; CC BY-SA),
    pnpm's (144 pages: commands, settings, a FAQ; MIT licensed), FastAPI's (155 pages:
    a tutorial without its included code, release notes; MIT licensed), Traefik's
    (171 pages: an options reference; MIT licensed), "Flight rules for Git" (one file of
    scenarios; CC BY-SA), Argo CD's (454 pages: guides, a page per command; Apache
    licensed), Material for MkDocs' (96 pages: setup and reference; MIT licensed), the
    Rust book (112 chapters of prose; MIT or Apache licensed), thoughtbot's guides (53
    pages of conventions; CC BY), cert-manager's (201 pages; Apache licensed), Jest's (37
    pages: guides and references; MIT licensed), the Nushell book (64 chapters; MIT
    licensed), Poetry's (16 long pages; MIT licensed), GitHub's Open Source Guides (13
    long articles; CC BY), curl's (351 pages, a page per option; curl licensed),
    Google's Engineering Practices (14 pages; CC BY), the Rust Forge (144 pages of a
    project's handbook; MIT or Apache licensed), Podman's man pages (116; Apache licensed),
    GoReleaser's docs (230 pages; MIT licensed), Mastodon's (188 pages; GFDL), PostHog's
    company handbook (99 pages; MIT licensed), the Tech Interview Handbook (50 pages; MIT
    licensed), Starship's (19 pages; ISC licensed), the Helix book (38 pages; MPL 2.0),
    Electron's (298 pages; MIT licensed), The Turing Way (294 pages; CC BY),
    OpenTelemetry's (103 pages; CC BY), rclone's (193 pages; MIT licensed), GitLab's
    handbook (128 pages of it; CC BY-SA), minikube's (187 pages; Apache licensed),
    Zulip's help center (202 pages; Apache licensed), Jekyll's (100 pages; MIT licensed),
    Julia's manual (60 pages; MIT licensed) and Backstage's (127 pages; Apache licensed),
    see their SOURCE.txt, with 60 + 12
    (60 + 10 for the TTS handbook and the
    runbooks, 50 + 10 for the playbook, the guide, Sourcegraph's handbook and GOV.UK's
    docs, 40 + 8 for Foam's, Prometheus', Homebrew's, Cargo's, Docker's, Redis', Helm's,
    ESLint's, pnpm's, FastAPI's, Traefik's, Argo CD's, Material's, the Rust book's,
    cert-manager's, curl's, the Forge's, Podman's, GoReleaser's, Mastodon's, PostHog's, the
    interview handbook's, Starship's, Helix', Electron's, The Turing Way's,
    OpenTelemetry's, rclone's, GitLab's, minikube's, Zulip's, Jekyll's, Julia's and
    Backstage's, 24 + 6 for the Engineering Practices, 30 + 6 for
    kube-prometheus', thoughtbot's, Jest's, Nushell's, Poetry's, the guides' and on each
    half of "The Art of Command Line" and of the flight rules) questions on each in chat
    style, written by someone who saw neither the code nor the other sets;
    and a second set on each but pydantic's, uv's, Hugo's, Redux's and Vite's, and a third
    on Cargo's, Docker's, Homebrew's and Prometheus'. The uv set and the second sets are kept unread: only their
    figures are looked at."""
    index, _ = build(ROOT / "tests" / "fixtures" / folder, tmp_path / "index")
    report = evaluate(Answerer(index), load_cases(EVAL / name))
    assert report.hit1 / report.answerable >= hit1, report.render()
    assert report.hit3 / report.answerable >= hit3, report.render()
    assert report.declined >= declined, report.render()
    assert report.wrongly_declined <= wrongly_declined, report.render()


@pytest.fixture(scope="module")
def corpora_answerer(tmp_path_factory):
    if not SHARED_CORPORA.is_dir():
        pytest.skip(
            f"the 17k-file corpus is not at {SHARED_CORPORA}: real-corpus quality not checked"
        )
    index, _ = build(SHARED_CORPORA, tmp_path_factory.mktemp("corpora-index"))
    return Answerer(index)


@pytest.mark.parametrize(
    "path, hit1, hit3, file_first",
    [
        (SHARED_EVAL / "ask_corpora_dev.jsonl", 0.66, 0.74, 0.66),
        # 0.600 / 0.717 / 0.683 before code went with the text leading into it: passages
        # change across the corpus, and with them its statistics; on the held-out set one
        # answer fell from first to second ("__uuidof … two different uuid'd structs": the
        # example of C2786, not C2788), one from third to fourth and one rose to third
        # and 0.583 before the best page's passages were lifted by the question's words
        # other than the page's subject: "VS resource editor: my Ctrl+Shift shortcut …"
        # now quotes the editor page's accelerator-properties table first and the remark
        # on ASCII keys second (8 answers first gained on all sets, 3 lost)
        (ROOT / "tests" / "eval" / "ask_corpora_heldout.jsonl", 0.56, 0.7, 0.66),
    ],
)
def test_real_documentation_sets(corpora_answerer, path, hit1, hit3, file_first):
    """tldr pages and Microsoft's C++ docs, 17k files: engineers' questions, and questions
    with no answer there, which must be declined."""
    if not path.exists():
        pytest.skip(f"the question set is not at {path}: real-corpus quality not checked")
    report = evaluate(corpora_answerer, load_cases(path))
    assert report.hit1 / report.answerable >= hit1, report.render()
    assert report.hit3 / report.answerable >= hit3, report.render()
    assert report.file_first / report.with_file >= file_first, report.render()
    assert report.declined >= report.unanswerable - 1, report.render()
    assert report.wrongly_declined <= 3, report.render()


@pytest.mark.parametrize(
    "name, hit1, hit3, file_first, declined",
    [
        # blind: 0.500 at rank 1 before "list" and "help" were searched where a question
        # names something with them: "... backed by vector and the other by list?" now
        # quotes another part of the std::stack operators page first (pydantic's docs +2)
        # 0.517 / 0.667 once a quote that opens its section shows its heading
        ("ask_corpora_blind.jsonl", 0.51, 0.66, 0.56, 7),
        ("ask_corpora_blind2.jsonl", 0.75, 0.76, 0.8, 10),
        # blind3 (unread): 0.550 and 0.567 of files first before a folder where the
        # question's words are common leant its files ahead (one answer fell to second
        # place; on all sets 739 / 869 -> 740 / 874 at rank 1 / 3)
        ("ask_corpora_blind3.jsonl", 0.55, 0.66, 0.56, 8),
        # 8 declined before verbs the corpus lacks were taken for how a question is asked:
        # "clang-tidy keeps nagging me to slap [[nodiscard]] on …" was declined for those two
        # 0.600 / 0.750, right file first 0.683, 7 declined, after the eighth 2026-12-04 session
        ("ask_corpora_blind4.jsonl", 0.6, 0.75, 0.68, 7),
        ("ask_corpora_blind5.jsonl", 0.43, 0.6, 0.58, 8),
        # (0.733 at rank 1 on blind6 before a word of English was never read as a typo:
        # "load test: hammer an endpoint at 10 req/s … with vegeta" was answered with the
        # vegeta page as if it said "hamper", and is declined now that "hammer" is a word
        # the corpus lacks)
        # 0.733 / 0.867, right file first 0.900, 9 declined, after the eighth 2026-12-04 session
        ("ask_corpora_blind6.jsonl", 0.73, 0.86, 0.9, 9),
        # blind7, blind8 and blind10 (unread): before code went with the text leading into
        # it, 0.633 / 0.767 / 0.667; 0.550 / 0.717 / 0.583; and 0.550 / 0.750 / 0.617 and
        # 9 declined; now 0.633 / 0.750 / 0.667; 0.550 / 0.717 / 0.567; 0.533 / 0.717 /
        # 0.600 and 8. Taken for 8 more answers first on the other sets, 5 on uv's docs
        # (blind7's right file first: 0.667, 0.650 once a more specific page goes first)
        # (6 declined before a word of no language reached through its letters was a name)
        # (7 declined before a list item too long for one passage kept its code whole:
        # passages change across the corpus, and with them its statistics)
        ("ask_corpora_blind7.jsonl", 0.63, 0.75, 0.7, 6),
        # 0.600 / 0.783 once a quote that opens its section shows its heading
        ("ask_corpora_blind8.jsonl", 0.6, 0.78, 0.6, 8),
        ("ask_corpora_blind9.jsonl", 0.6, 0.73, 0.68, 10),
        # (blind10 at rank 3: 0.717, 0.700 once the best page's passages are lifted by
        # the question's other words)
        # (and 0.533 at rank 1, 0.517 once a stem of two letters is kept only for a plural,
        # 0.550 once a more specific page goes first)
        # 0.583 / 0.717 once a quote that opens its section shows its heading
        # 0.583 / 0.750, right file first 0.650, 8 declined, after the eighth 2026-12-04 session
        ("ask_corpora_blind10.jsonl", 0.58, 0.75, 0.65, 8),
        ("ask_corpora_blind11.jsonl", 0.63, 0.75, 0.71, 9),
        # (6 declined before a word of English was never read as a typo: "cereal vs
        # hand-rolled binary serialization …" is about a library the corpus lacks)
        # 0.683 / 0.833, right file first 0.733, 7 declined, after the eighth 2026-12-04 session
        ("ask_corpora_blind12.jsonl", 0.68, 0.83, 0.73, 7),
        # (0.750 at rank 3 before the heading asked for was lifted on the best page)
        # 0.617 / 0.750, right file first 0.683, 10 declined, after the eighth 2026-12-04 session
        ("ask_corpora_blind13.jsonl", 0.61, 0.75, 0.68, 10),
        ("ask_corpora_blind14.jsonl", 0.73, 0.79, 0.79, 8),
        # blind15 (unread; 50 + 10): measured once, at the start of the session after its
        # writing (0.660 / 0.840 / 0.600, 6 of 10 declined, 1 answerable declined)
        # (0.840 at rank 3 before a list item too long for one passage kept its code whole)
        # (6 declined before a word of no language of six letters or more was a name)
        # (0.660 at rank 1 and 0.600 right file first before a line in lower case ending
        # in a colon was no label; its misses were printed by this gate failing then, and
        # the set is partly seen since)
        # 0.680 / 0.860 once a quote that opens its section shows its heading
        ("ask_corpora_blind15.jsonl", 0.7, 0.86, 0.62, 7),
        # blind16 (unread) and blind17 (read; 50 + 10 each, files drawn with seeds 16016
        # and 17017): written after the code of 08003a0, first measured with it; bm25s
        # 0.420 / 0.660 and 0.480 / 0.620, tantivy 0.400 / 0.640 and 0.560 / 0.700, FTS5
        # 0.420 / 0.640 and 0.520 / 0.660, right file first 0.620 and 0.720 at best
        ("ask_corpora_blind16.jsonl", 0.62, 0.78, 0.7, 6),
        ("ask_corpora_blind17.jsonl", 0.66, 0.78, 0.7, 7),
    ],
)
def test_real_documentation_sets_written_blind(
    corpora_answerer, name, hit1, hit3, file_first, declined
):
    """60 + 10 questions each (50 + 10 for blind15, blind16 and blind17) on the 17k files, from files drawn at
    random, by someone who saw neither the code nor the other sets, written after all the
    tuning: the figures nearest to what a new team's questions get. Questions near the corpus's topics that it
    does not cover (GCC's and Clang's flags beside MSVC's) are not all declined."""
    report = evaluate(corpora_answerer, load_cases(ROOT / "tests" / "eval" / name))
    assert report.hit1 / report.answerable >= hit1, report.render()
    assert report.hit3 / report.answerable >= hit3, report.render()
    assert report.file_first / report.with_file >= file_first, report.render()
    assert report.declined >= declined, report.render()
    assert report.wrongly_declined <= 3, report.render()


_LAMBDA = """# Serverless

## AWS Lambda

Run a Java function on AWS Lambda. Cold starts of Java functions get shorter with
provisioned concurrency, enabled per function alias.

## Queues

Messages wait in a queue until a worker takes them.
"""


@pytest.mark.parametrize(
    "question, answered",
    [
        # a feature the documents never name: the passage about the rest is not an answer
        ("does lambda support SnapStart for java functions?", False),
        ("does lambda support CKA for java functions?", False),
        # a word of no language that they reach only through its first letters ("java"):
        # the Javalin framework, not Java, is what it asks about
        ("does javalin work with provisioned concurrency?", False),
        # an everyday word they do not use: the passage that stands out answers
        ("does lambda support warmups for java functions?", True),
    ],
)
def test_a_name_the_documents_lack_is_the_subject(question, answered):
    answerer = Answerer(index_documents([parse_markdown(_LAMBDA, "serverless.md")]))
    answer = answerer.ask(question)
    assert answer.answered is answered
    if not answered:
        assert "Serverless > AWS Lambda" in answer.suggestions


def test_feedback_adds_the_words_the_best_passages_share_but_no_common_word():
    """Pseudo-relevance feedback: "wipe" is unknown, the passages about firewall rules say
    "flush", and the next search looks for it too; a word found in more than PRF_MAX_DF of
    all passages ("kernel" here) is never added, however often the best passages use it."""
    pages = [
        parse_markdown(
            f"# pf {n}\n\nFlush the firewall rules with pfctl, kernel kernel.\n", f"pf{n}.md"
        )
        for n in range(3)
    ] + [
        parse_markdown(f"# Note {n}\n\nThe kernel schedules task number {n}.\n", f"note{n}.md")
        for n in range(400)
    ]
    index = index_documents(pages)
    assert index.df("kernel") > PRF_MAX_DF * index.n_passages >= index.df("flush")
    answerer = Answerer(index)
    query = analyze("wipe the firewall rules", answerer.vocab)
    candidates, scores = index.search(query.clauses, 20)
    added = Ranker(index, answerer.vocab).expanded(query, candidates, scores)
    words = {t for terms, _ in added.clauses[len(query.clauses) :] for t in terms}
    assert {"flush", "pfctl"} <= words
    assert "kernel" not in words


def test_a_which_question_is_answered_by_the_passage_naming_instances(answerer):
    """ "What tools ...?" on the sample: the list that names the tools ("Data Versioning (DVC,
    Pachyderm)") beats the "Common Tools and Practices" list that shares the other words."""
    answer = answerer.ask("What tools should I learn for data versioning?")
    assert answer.answered
    assert "DVC, Pachyderm" in answer.results[0].text


def test_a_page_that_never_names_the_tool_a_question_opens_with_goes_behind_one_that_does():
    """ "scanwaf: ..." asks about scanwaf: the page of another scanner that shares more of
    the other words ("firewall", "fingerprint", "product") goes behind the page that names
    scanwaf."""
    about = ["service", "firewall", "product", "fingerprint", "flag"]
    filler = [
        parse_markdown(f"# tool{n}\n\n> Manage a {about[n % 5]}.\n\n`tool{n} start`\n", f"t{n}.md")
        for n in range(60)
    ]
    scanwaf = parse_markdown(
        "# scanwaf\n\n> Detect web application firewalls.\n\n"
        "- Detect protection on a URL:\n\n`scanwaf --url https://example.com`\n\n"
        "- List every firewall that can be detected:\n\n`scanwaf --wafs`\n",
        "scanwaf.md",
    )
    other = parse_markdown(
        "# wafprobe\n\n> Identify and fingerprint web application firewall products.\n\n"
        "- Fingerprint every firewall product in front of a site:\n\n"
        "`wafprobe --all https://example.com`\n",
        "wafprobe.md",
    )
    answerer = Answerer(index_documents([*filler, scanwaf, other]))
    question = "is there a flag that prints every firewall product it can fingerprint"
    # before a colon or a dash, alone or after the platform it runs on ("linux" is not in
    # these documents: only the tool they name counts)
    for opening in ("scanwaf: ", "scanwaf - ", "scanwaf — ", "linux scanwaf: "):
        answer = answerer.ask(opening + question)
        assert answer.answered and answer.results[0].passage.source == "scanwaf.md", opening
        assert "--wafs" in answer.results[0].text
    # without the tool, the page that covers the rest comes first
    rest = answerer.ask("is there a flag that prints every firewall product it can fingerprint")
    assert rest.answered and rest.results[0].passage.source == "wafprobe.md"


def test_feedback_words_give_no_file_bonus():
    """Feedback words (Ranker.expanded) search passages, but the file bonus counts only
    the question's own words: the top feedback word is often the name of a page found
    first ("wtype" for a question on xdotool), and a short page all about it would take
    the bonus from the page the question names."""
    tool = parse_markdown("# xdotool\n\nType text into a window with xdotool.\n", "xdotool.md")
    other = parse_markdown(
        "# wtype\n\nwtype types text. Run wtype, then wtype again.\n", "wtype.md"
    )
    index = index_documents([tool, other])
    ranker = Answerer(index).ranker
    query = analyze("xdotool type text", Answerer(index).vocab)
    clauses = [*query.clauses, (["wtype"], 0.2)]
    asked = Query(query.text, query.words, clauses)  # "wtype" as if the question said it
    fed = Query(query.text, query.words, clauses, fed=1)  # "wtype" from feedback
    candidates, scores = index.search(fed.clauses, 10)
    everything = ranker.rerank(asked, candidates, scores, 3)
    own = ranker.rerank(fed, candidates, scores, 3)
    wtype = next(d for d in candidates if index.passage(d).source == "wtype.md")
    xdotool = next(d for d in candidates if index.passage(d).source == "xdotool.md")
    assert own[wtype] < everything[wtype]  # no bonus for the feedback word's own page
    assert own[xdotool] == everything[xdotool]


def test_file_bonus_in_full_only_for_a_passage_that_holds_the_question(monkeypatch):
    """The file bonus is the whole file's: a passage that holds little of the question
    (one answer of a FAQ that, as a whole, is about the question's words) gets it only in
    proportion to its coverage, below half the best candidate's; the passage that holds
    the question keeps its bonus in full."""
    faq = parse_markdown(
        "# Merge requests FAQ\n\n## Naming a merge request\n\nName each merge request after"
        " its ticket: merge request titles start with the ticket id.\n\n## Squashing\n\n"
        "Squash the commits of a merge request before the merge.\n",
        "merge-faq.md",
    )
    review = parse_markdown(
        "# Code review\n\nReviews spread knowledge of the system across the team. A merge"
        " request needs two approvals from code owners before it lands.\n",
        "review.md",
    )
    index = index_documents([faq, review])
    answerer = Answerer(index)
    query = analyze("how many approvals does a merge request need?", answerer.vocab)
    candidates, scores = index.search(query.clauses, 10)
    gated = answerer.ranker.rerank(query, candidates, scores, 3)
    monkeypatch.setattr("bot.rerank.FILE_COVERAGE", 0.0)
    full = answerer.ranker.rerank(query, candidates, scores, 3)
    naming = next(d for d in candidates if index.passage(d).heading_path[-1].startswith("Naming"))
    answer = next(d for d in candidates if index.passage(d).source == "review.md")
    assert gated[naming] < full[naming]
    assert gated[answer] == full[answer]


def test_the_file_bonus_is_every_passage_of_the_page_that_holds_the_question():
    """The file bonus goes in full to every passage of a file that holds the question in
    some passage: the step after the rollback, which names little of the question, is
    part of the page that answers and comes second, before a stray sentence of another
    page that shares more of the question's words."""
    steps = " ".join(
        f"Step {i}: wait for the canary to report green before widening traffic."
        for i in range(1, 13)
    )
    runbook = parse_markdown(
        f"# Runbook\n\n## Shipping\n\n{steps}\n\n## Rolling back a billing deploy\n\n"
        "To roll back a billing deploy, run `deploy rollback billing` from the release"
        " host.\n\n## Afterwards\n\nPost in #incidents, then check the billing dashboard"
        " for errors.\n",
        "runbook.md",
    )
    calendar = parse_markdown(
        "# Release calendar\n\nBilling releases go out on Tuesdays. Nobody deploys on"
        " Fridays; a deploy that must go out then needs the release manager's approval.\n",
        "calendar.md",
    )
    answer = Answerer(index_documents([runbook, calendar])).ask(
        "how do I roll back a billing deploy?"
    )
    shown = [(h.passage.source, h.passage.heading_path[-1]) for h in answer.results]
    assert shown[:2] == [
        ("runbook.md", "Rolling back a billing deploy"),
        ("runbook.md", "Afterwards"),
    ]


def test_a_long_page_lifts_the_passage_holding_what_else_the_question_asks():
    """On a long page about ``render_widget`` every passage names it, calls it and sets an
    option; the question's word the page seldom uses ("cache") tells its passages apart,
    so the note on caching comes first, not the first of the look-alike parts."""
    parts = ["Start", "Stop", "Resize", "Colours", "Events", "Threads"]
    body = "".join(
        f"## {p}\n\n`render_widget` {p.lower()}s the widget: call `render_widget` with the "
        f"{p.lower()} option, like this:\n\n```python\nrender_widget(widget, {p.lower()}=True)"
        "\n```\n\n"
        for p in parts
    )
    page = parse_markdown(
        f"# render_widget\n\n{body}## Notes\n\nBy default `render_widget` caches nothing: "
        "set `cache` to keep the last frame.\n",
        "render_widget.md",
    )
    others = [
        parse_markdown(f"# Topic {n}\n\nA page about {w} and the cache of {w}.\n", f"o{n}.md")
        for n, w in enumerate(["disks", "browsers", "images", "fonts", "sounds"])
    ]
    answer = Answerer(index_documents([page, *others])).ask(
        "can i call render_widget with a cache option"
    )
    assert answer.answered
    assert answer.results[0].passage.heading_path[-1] == "Notes"
    assert "set `cache`" in answer.results[0].text


def test_a_hyphenated_word_is_searched_by_its_parts_as_the_documents_index_it():
    """ "no-show" is indexed as itself and as "show" ("No shows" heads the answer); the
    question's "show" of "no-show" is no "show me", so it is searched too (before, the
    question was declined: "no-show" as a whole is in no document)."""
    padding = "".join(
        f"## Scenario {n}\n\n" + f"Step {n} of the hiring process is described here. " * 12 + "\n\n"
        for n in range(6)
    )
    doc = (
        "# Recruiting scenarios\n\n"
        "## Candidate withdraws\n\nIf a candidate withdraws before the interview, tell the"
        " recruiter and close the candidate's application in the tracker.\n\n"
        f"{padding}"
        "## No shows\n\nPost in #ask-hiring within the hour and the coordinator will"
        " reschedule once.\n"
    )
    answerer = Answerer(index_documents([parse_markdown(doc, "scenarios.md")]))
    answer = answerer.ask("what do we do about a no-show?")
    assert answer.answered
    assert "#ask-hiring" in answer.results[0].text
