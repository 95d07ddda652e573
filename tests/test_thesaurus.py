"""The WordNet table: how it is made from WordNet's own files, and read back."""

import gzip

from bot.thesaurus import (
    build_english,
    build_table,
    build_usage,
    is_english,
    mostly_adjective,
    mostly_verbal,
    wordnet_synonyms,
)

# WordNet's files (wndb(5)), cut down: a licence header, then one line per synset or lemma
_HEADER = "  1 This software and database is being provided to you, the LICENSEE\n"
_DATA = _HEADER + (
    "00000100 28 n 02 vacation 0 holiday 0 000 | leisure time away from work\n"
    "00000200 28 n 03 Holiday 0 vacation 0 time_off 0 000 | a day off\n"
    "00000300 04 n 02 mint 0 batch 0 000 | a large amount\n"
    "00000400 20 n 02 mint 0 Mentha 1 000 | a plant\n"
    "00000500 18 n 02 child 0 kid 0 000 | a young person\n"
)
_INDEX = _HEADER + (
    "vacation n 2 1 @ 2 2 00000100 00000200\n"
    "holiday n 1 1 @ 1 1 00000200\n"
    "time_off n 1 1 @ 1 0 00000200\n"
    "mint n 2 1 @ 2 1 00000400 00000300\n"
    "child n 1 1 @ 1 1 00000500\n"
)
_EXC = "children child\nmice mouse\n"


def test_the_table_keeps_single_words_of_each_nouns_most_frequent_sense(tmp_path):
    (tmp_path / "data.noun").write_text(_DATA, "latin-1")
    (tmp_path / "index.noun").write_text(_INDEX, "latin-1")
    (tmp_path / "noun.exc").write_text(_EXC, "latin-1")
    out = tmp_path / "wordnet.tsv.gz"
    build_table(tmp_path, out)
    lines = set(gzip.decompress(out.read_bytes()).decode("utf-8").splitlines())
    assert lines == {
        "vacation\tn\tholiday",  # its first sense; "time_off" is two words
        "holiday\tn\tvacation",
        "mint\tn\tmentha",  # the plant, listed first: not "batch"
        "child\tn\tkid",
        "children\t@n\tchild",  # "mouse" is not a noun of this table: "mice" is left out
    }
    first = out.read_bytes()
    build_table(tmp_path, out)
    assert out.read_bytes() == first  # the same bytes again: no time stamp inside


def test_synonyms_of_the_shipped_table_for_singulars_and_plurals():
    assert "holiday" in wordnet_synonyms("vacations")
    assert "kid" in wordnet_synonyms("children")  # an irregular plural
    assert "december" in wordnet_synonyms("dec")
    assert "declination" not in wordnet_synonyms("dec")  # only the most frequent sense
    assert "employ" not in wordnet_synonyms("hires")  # a verb's synonym: nouns only
    assert wordnet_synonyms("zigbee") == []


def test_the_word_list_keeps_every_single_word_lemma_and_irregular_form(tmp_path):
    (tmp_path / "index.noun").write_text(_INDEX, "latin-1")
    (tmp_path / "noun.exc").write_text(_EXC, "latin-1")
    (tmp_path / "index.verb").write_text(_HEADER + "stick v 1 1 @ 1 1 00000600\n", "latin-1")
    (tmp_path / "verb.exc").write_text("stuck stick\n", "latin-1")
    (tmp_path / "index.adj").write_text(_HEADER + "urgent a 1 0 1 1 00000700\n", "latin-1")
    (tmp_path / "index.adv").write_text(_HEADER, "latin-1")
    out = tmp_path / "english.txt.gz"
    assert build_english(tmp_path, out) == 10
    words = gzip.decompress(out.read_bytes()).decode("utf-8").split()
    assert words == sorted(
        ["vacation", "holiday", "mint", "child", "children", "mice", "mouse", "stick", "stuck"]
        + ["urgent"]
    )  # "time_off" is two words


def test_english_words_of_the_shipped_list_as_written_or_inflected():
    for word in ["urgent", "outages", "confused", "stuck", "weirder", "proposal", "bug"]:
        assert is_english(word), word
    for word in ["heaptrack", "kaniko", "lcov", "patchelf", "kubectl", "k8s", ""]:
        assert not is_english(word), word


def test_the_usage_table_sums_tagged_senses_per_part_of_speech(tmp_path):
    # cntlist.rev: sense key (lemma%ss_type:...), sense number, times tagged in SemCor
    (tmp_path / "cntlist.rev").write_text(
        "run%2:38:00:: 1 200\nrun%2:41:00:: 2 68\nrun%1:04:00:: 1 29\n"
        "quick%5:00:00:fast:01 1 9\nago%4:02:00:: 1 82\nzero%1:23:00:: 1 0\n"
        "time_off%1:28:00:: 1 5\n",
        "latin-1",
    )
    (tmp_path / "verb.exc").write_text("ran run\n", "latin-1")
    out = tmp_path / "usage.tsv.gz"
    assert build_usage(tmp_path, out) == 4
    lines = gzip.decompress(out.read_bytes()).decode("utf-8").splitlines()
    assert lines == [
        "ago\t0\t0\t0\t82",
        "quick\t0\t0\t9\t0",  # an adjective satellite counts as an adjective
        "run\t29\t268\t0\t0",  # "zero" was never tagged; "time_off" is two words
        "ran\t@run/v",
    ]


def test_words_english_mostly_uses_as_verbs_or_adverbs_by_the_shipped_table():
    for word in ["went", "ran", "ago", "shoving", "nagging", "forgot", "hires", "thrown"]:
        assert mostly_verbal(word), word
    # nouns and adjectives, words too seldom tagged to tell, and words that are not English
    for word in ["visa", "gym", "sick", "cache", "sabbatical", "renovate", "kubectl", ""]:
        assert not mostly_verbal(word), word


def test_words_english_mostly_uses_as_adjectives_by_the_shipped_table():
    for word in ["dead", "weird", "unhappy", "sick", "awful", "slow"]:
        assert mostly_adjective(word), word
    # nouns, verbs, words too seldom tagged to tell ("lone"), and words that are not English
    for word in ["visa", "went", "broken", "lone", "sabbatical", "kubectl", ""]:
        assert not mostly_adjective(word), word
