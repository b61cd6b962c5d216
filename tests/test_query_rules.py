"""Query analysis (portal.query) and the reading of a query as meant (portal.spelling): pure
functions, expectations written by hand from the rules in their docstrings and README."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata

import pytest

from portal.query import (
    MAX_QUERY_TOKENS,
    QueryError,
    SynonymGroup,
    adjacent,
    analyze,
    clean_query,
    english_refs,
    keys_for,
    plan,
    ref_words,
    references,
    synonym_groups,
)
from portal.spelling import Budget, Speller, same_words
from portal.vietnamese import damerau_edits, syllables


def leaves(p):
    return [(lf.field, lf.term, round(lf.weight, 4), lf.tokens) for lf in p.leaves]


# --- cleaning ------------------------------------------------------------------------------------

def test_clean_query_tidies_what_was_typed():
    assert clean_query("  nước\tsạch \n ") == "nước sạch"
    assert clean_query("a\x00b\x1bc") == "a b c"  # control characters become spaces
    assert clean_query(unicodedata.normalize("NFD", "nước")) == "nước"
    assert clean_query("") == "" and clean_query(None) == ""  # type: ignore[arg-type]
    assert clean_query("a" + " " * 300 + "b") == "a b"  # spaces collapse before the length check


def test_a_query_of_200_characters_is_searched_and_201_is_refused():
    assert clean_query("a" * 200) == "a" * 200
    with pytest.raises(QueryError, match="too_long"):
        clean_query("a" * 201)


# --- analysis ------------------------------------------------------------------------------------

def test_syllables_are_joined_only_across_spaces_and_hyphens():
    assert adjacent(" ") and adjacent("") and adjacent(" - ") and adjacent("\t")
    assert not adjacent(", ") and not adjacent(" \n ") and not adjacent(". ")
    assert [j for _, _, j in analyze("nước sạch, hộ nghèo")] == [False, True, False, True]


def test_numbers_in_documents_read_vietnamese_style_and_in_queries_either_style():
    assert analyze("8.700 ha") == [(["8700"], ["8700"], False), (["ha"], ["ha"], True)]
    assert analyze("8.700 ha", query=True) == [(["8700", "8.7"], ["8700", "8.7"], False), (["ha"], ["ha"], True)]


def test_document_keys():
    k = keys_for("Nước sạch, KT-XH")
    assert k.exact == ["nươc1", "sach5", "kt", "xh"]  # tone as a digit after the syllable
    assert k.folded == ["nuoc", "sach", "kt", "xh", "ktxh"]  # the abbreviation also joined
    assert k.pairs_x == ["nươc1_sach5", "kt_xh"]  # no pair across the comma
    assert k.pairs_f == ["nuoc_sach", "kt_xh"]


def test_glossary_names_make_groups_of_equivalent_phrases():
    groups = synonym_groups([["Kinh tế - xã hội", "KT-XH"], ["rừng"], ["KT-XH", "kt xh"]])
    assert groups == [SynonymGroup([("kinh", "te", "xa", "hoi"), ("kt", "xh"), ("ktxh",)]),
                      SynonymGroup([("kt", "xh"), ("ktxh",)])]  # a lone name makes no group


# --- references to items by number -------------------------------------------------------------

# the numbered item types of a document: (id prefix, Vietnamese label, English label)
TYPES = [("chi-tieu", "Chỉ tiêu", "Target"), ("nhiem-vu", "Nhiệm vụ", "Task"),
         ("dot-pha", "Đột phá", "Breakthrough"), ("giai-phap", "Giải pháp", "Solution"),
         ("quan-diem", "Quan điểm", "Viewpoint"), ("bai-hoc", "Bài học", "Lesson")]


def words(types=TYPES):
    # built inside each test, not at import: a rule of ref_words/RefWords must run while the test runs
    return ref_words(types)


@pytest.mark.parametrize("q,refs", [
    ("chỉ tiêu 7 là gì", ["chi-tieu-7"]),
    ("chi tieu so 16", ["chi-tieu-16"]),
    ("chỉ tiêu thứ 07", ["chi-tieu-7"]),
    ("bài học thứ ba", ["bai-hoc-3"]),
    ("nhiệm vụ quan trọng thứ nhất", ["nhiem-vu-1"]),
    ("đột phá 2 và giải pháp 4", ["dot-pha-2", "giai-phap-4"]),
    ("quan điểm thứ mười", ["quan-diem-10"]),
    ("nhiệm vụ thứ hai và chỉ tiêu 3", ["chi-tieu-3", "nhiem-vu-2"]),  # by number, then by ordinal
    ("chỉ tiêu 7, chỉ tiêu số 7", ["chi-tieu-7"]),
    ("chỉ tiêu", []),
    ("chỉ tiêu 2025", []),  # a year is not an item number
    ("chỉ tiêu 12a", ["chi-tieu-12a"]),  # numbers may carry a letter
])
def test_items_named_by_number(q, refs):
    assert references(q, words()) == refs


def test_an_item_type_is_named_by_its_label_and_by_its_address_segment():
    words = ref_words([("muc-tieu", "Chỉ tiêu", "Goal")])
    assert references("chỉ tiêu 3", words) == ["muc-tieu-3"]
    assert references("muc tieu so 3", words) == ["muc-tieu-3"]
    assert english_refs("goals 3", words) == ["muc-tieu-3"]
    assert references("chỉ tiêu 3", ref_words([])) == []  # a document without numbered types


def test_items_named_by_number_in_english():
    assert english_refs("Target 7 and lesson no. 2", words()) == ["chi-tieu-7", "bai-hoc-2"]
    assert english_refs("targets 12, task number 3", words()) == ["chi-tieu-12", "nhiem-vu-3"]
    assert english_refs("breakthrough 1 solution 4 viewpoint 5", words()) == ["dot-pha-1", "giai-phap-4", "quan-diem-5"]
    assert english_refs("target", words()) == [] and english_refs("target 007", words()) == ["chi-tieu-7"]


# --- the plan of a query -----------------------------------------------------------------------

def test_plan_of_a_question():
    p = plan("nước sạch là gì")
    assert p.weights == [1.0, 1.0, 0.15, 0.15]  # question words weigh little
    assert p.keys == [("body_f", "nuoc"), ("body_f", "sach"), ("body_f", "la"), ("body_f", "gi")]
    assert p.phrases == 0b100000  # only "nước sạch" must stand together
    assert p.refs == [] and p.groups == []
    assert leaves(p) == [
        ("head_f", "nuoc", 1.0, 1), ("body_f", "nuoc", 1.0, 1),
        ("head_x", "nươc1", 2.0, 1), ("body_x", "nươc1", 2.0, 1),
        ("head_f", "sach", 1.0, 2), ("body_f", "sach", 1.0, 2),
        ("head_x", "sach5", 2.0, 2), ("body_x", "sach5", 2.0, 2),
        ("head_f", "la", 0.15, 4), ("body_f", "la", 0.15, 4), ("head_x", "la2", 0.3, 4), ("body_x", "la2", 0.3, 4),
        ("head_f", "gi", 0.15, 8), ("body_f", "gi", 0.15, 8), ("head_x", "gi2", 0.3, 8), ("body_x", "gi2", 0.3, 8),
        ("pair_f", "nuoc_sach", 1.5, 32), ("pair_x", "nươc1_sach5", 2.0, 32),
        ("pair_f", "sach_la", 1.5, 64), ("pair_x", "sach5_la2", 2.0, 64),
        ("pair_f", "la_gi", 0.225, 128), ("pair_x", "la2_gi2", 0.3, 128),
    ]


def test_plan_without_marks_has_no_exact_terms_and_no_pair_across_a_comma():
    assert leaves(plan("nuoc, sach")) == [
        ("head_f", "nuoc", 1.0, 1), ("body_f", "nuoc", 1.0, 1), ("head_f", "sach", 1.0, 2), ("body_f", "sach", 1.0, 2)]


def test_a_query_of_only_question_words_means_them():
    assert plan("là gì").weights == [1.0, 1.0]
    assert plan("bao nhiêu").phrases == 0b1000


def test_up_to_three_meaningful_words_must_stand_together_four_need_not():
    assert plan("nước sạch nông").phrases == 0b110000
    assert plan("nước sạch nông thôn").phrases == 0


def test_plan_names_items_and_bounds_its_length():
    assert plan("chỉ tiêu 7", words=words()).refs == ["chi-tieu-7"]
    assert plan("chỉ tiêu 7").refs == []  # no numbered item types given
    assert plan("") is None and plan("!!! ...") is None
    assert len(plan(" ".join(["nước"] * 30)).weights) == MAX_QUERY_TOKENS


def test_plan_of_an_abbreviation_adds_its_synonyms_as_whole_phrases():
    groups = [SynonymGroup([("kinh", "te", "xa", "hoi"), ("kt", "xh"), ("ktxh",)])]
    p = plan("KT-XH", groups)
    assert leaves(p) == [("head_f", "kt", 1.0, 1), ("body_f", "kt", 1.0, 1), ("head_f", "xh", 1.0, 2),
                         ("body_f", "xh", 1.0, 2), ("pair_f", "kt_xh", 1.5, 8)]
    # the long name as pairs, all or none; it stands for both syllables and their pair (1 + 2 + 8)
    assert [[(lf.field, lf.term, lf.weight, lf.tokens) for lf in g] for g in p.groups] == [
        [("pair_f", "kinh_te", 0.8, 11), ("pair_f", "te_xa", 0.8, 11), ("pair_f", "xa_hoi", 0.8, 11)],
        [("body_f", "ktxh", 0.8, 3)],
    ]
    assert plan("rừng", groups).groups == []  # a group enters only when the query holds one of its phrases


# --- reading a query as meant -------------------------------------------------------------------

FORMS = {"nuoc": [("nước", 5)], "sach": [("sạch", 4), ("sách", 2)], "nguon": [("nguồn", 2)],
         "ho": [("hộ", 3)], "ngheo": [("nghèo", 3)]}
PAIRS = {"nước sạch": 3, "hộ nghèo": 2, "nguồn nước": 1}


def read(q, budget=None, english=(), stop=()):
    return Speller(FORMS, PAIRS, english, stop).read(q, list(syllables(q)), budget)


def test_a_query_typed_without_marks_is_offered_them_where_the_document_writes_them_together():
    r = read("nuoc sach")
    assert r.corrected is None and r.restored == "nước sạch"
    assert read("Nuoc sach").restored == "Nước sạch"
    assert read("sach").restored is None  # alone, nothing says which of sạch, sách


def test_an_impossible_word_is_corrected_by_its_neighbours():
    r = read("nước sahc")
    assert r.corrected == "nước sạch"
    assert [w.kind for w in r.words] == ["kept", "corrected"] and r.words[1].distance == 1
    r = read("ngxxn nuoc", Budget(candidates=10**6))  # two edits away: found when the budget allows
    assert r.corrected == "nguồn nước" and r.words[0].distance == 2


def test_keyboard_leftovers_are_decoded():
    assert read("hooj ngheo").corrected == "hộ nghèo"  # Telex (VNI digits are decoded before reading)


def test_a_word_with_no_near_spelling_is_dropped_and_the_rest_searched():
    r = read("nước xqzw sạch")
    assert [w.kind for w in r.words] == ["kept", "dropped", "kept"]
    assert r.corrected == "nước sạch"


def test_numbers_and_abbreviations_are_kept():
    r = read("CO2 và KTXH 2025")
    assert [w.kind for w in r.words] == ["number", "number", "kept", "kept", "number"]
    assert r.corrected is None


def test_the_correction_budget_drops_what_it_cannot_afford():
    r = read("nước sahc", Budget(words=0))
    assert r.words[1].kind == "dropped" and r.corrected == "nước"
    assert read("nước abcdefghijk").words[1].kind == "dropped"  # too long to correct (11 letters)


def test_english_queries_are_noticed():
    assert read("water supply", english={"water", "supply"}).english
    assert read("the water", english={"water"}, stop={"the"}).english
    assert not read("nước water sạch ngheo", english={"water"}).english


def test_same_words_ignores_tone_placement_and_capitals():
    assert same_words("Hoà bình", "hòa bình")
    assert not same_words("hoà bình", "hoa bình")


def test_a_correction_keeps_the_punctuation_and_capitals_typed():
    assert read("nước, sahc").corrected == "nước, sạch"
    assert read("sahc, nước").corrected == "sạch, nước"
    assert read("2025, sahc").corrected == "2025, sạch"
    assert read("Nước Sahc").corrected == "Nước Sạch"


def test_marks_typed_on_a_misspelt_word_choose_among_its_corrections():
    # "sáhc": the acute typed says sách (book), though "nước sạch" stands together in the document
    assert read("nước sáhc").corrected == "nước sách"


def test_the_budget_counts_each_corrected_word():
    assert read("sahc nuco", Budget(words=2)).corrected == "sạch nước"
    assert read("sahc nuco", Budget(words=1)).corrected == "sạch"


def test_letters_written_against_a_digit_belong_to_a_code_and_are_not_corrected():
    assert read("2sahc").corrected is None
    assert read("sahc2").corrected is None


def test_a_query_is_english_when_at_least_half_its_words_are():
    assert read("water sahc", english={"water"}).english  # one of two
    assert not read("water nuoc sach", english={"water"}).english  # one of three
    assert read("the water of nuoc", english={"water"}, stop={"the", "of"}).english  # English stop words count


# --- rules the mutation run showed unpinned (each test names what a reader would notice) -------

def test_item_numbers_drop_leading_zeros_only():
    assert references("chỉ tiêu 10 và chỉ tiêu 020", words()) == ["chi-tieu-10", "chi-tieu-20"]
    assert english_refs("target 10", words()) == ["chi-tieu-10"]


def test_an_ordinal_goes_to_the_longest_item_type_name():
    # "nhiệm vụ trọng tâm thứ hai" is the second focal task, not the second task
    types = [("nhiem-vu", "Nhiệm vụ", "Task"), ("nhiem-vu-trong-tam", "Nhiệm vụ trọng tâm", "Focal task")]
    assert references("nhiệm vụ trọng tâm thứ hai", words(types)) == ["nhiem-vu-trong-tam-2"]
    assert references("nhiệm vụ thứ hai", words(types)) == ["nhiem-vu-2"]


def test_an_english_label_of_several_words_names_items():
    types = [("nhiem-vu-trong-tam", "Nhiệm vụ trọng tâm", "Focal  task")]
    assert english_refs("focal task 2", words(types)) == ["nhiem-vu-trong-tam-2"]


def test_a_query_number_is_read_both_ways_in_the_plan():
    terms = {lf.term for lf in plan("8.700 ha").leaves if lf.field == "body_f"}
    assert {"8700", "8.7", "ha"} <= terms  # 8.700 may be 8700 (Vietnamese) or 8.7 (English)


def test_exact_pairs_only_where_both_syllables_were_typed_with_marks():
    for q in ("nước sach", "nuoc sạch"):
        assert [lf for lf in plan(q).leaves if lf.field == "pair_x"] == [], q
    assert [lf.term for lf in plan("nước sạch").leaves if lf.field == "pair_x"] == ["nươc1_sach5"]


def test_pairs_after_a_comma_are_still_made():
    assert [lf.term for lf in plan("nuoc, sach ho").leaves if lf.field == "pair_f"] == ["sach_ho"]


def test_a_synonym_group_after_one_that_is_absent_still_enters():
    groups = [SynonymGroup([("rung",), ("lam", "nghiep")]), SynonymGroup([("kt", "xh"), ("ktxh",)])]
    assert [[lf.term for lf in g] for g in plan("KT-XH", groups).groups] == [["ktxh"]]


# a synonym stands for the syllables it replaces and the pairs inside them, nothing around them
@pytest.mark.parametrize("q,tokens", [
    ("phát triển KT-XH", 0b1100 | 1 << (4 + 3)),  # syllables 2, 3 and the pair 2-3
    ("KT-XH bền vững", 0b0011 | 1 << (4 + 1)),  # syllables 0, 1 and the pair 0-1
    ("rừng và đất rừng", 0b1001),  # both places the word stands, no pair
])
def test_a_synonym_covers_exactly_the_phrase_it_replaces(q, tokens):
    groups = [SynonymGroup([("kt", "xh"), ("kinh", "te")]), SynonymGroup([("rung",), ("lam", "nghiep")])]
    assert {lf.tokens for g in plan(q, groups).groups for lf in g} == {tokens}


def test_a_name_with_a_number_is_a_synonym_of_the_query_that_types_it():
    groups = synonym_groups([["Cách mạng công nghiệp 4.0", "CMCN 4.0"], ["Vùng 2.500", "V2500"]])
    assert [lf.term for g in plan("CMCN 4.0", groups).groups for lf in g] == [
        "cach_mang", "mang_cong", "cong_nghiep", "nghiep_4"]
    assert [lf.term for g in plan("vùng 2.500", groups).groups for lf in g] == ["v_2500"]


# --- reading: where the document's own pairs decide -----------------------------------------------

def speller(forms, pairs=None, english=()):
    return Speller(forms, pairs or {}, english)


def read_with(sp, q, budget=None):
    return sp.read(q, list(syllables(q)), budget)


def test_a_pair_seen_once_outweighs_a_spelling_up_to_eight_times_as_common():
    # pairs weigh three times a form's own count, on a log scale: 3·ln 2 = ln 8
    seven = speller({"ho": [("họ", 6), ("hộ", 1)], "ngheo": [("nghèo", 1)]}, {"hộ nghèo": 1})
    assert read_with(seven, "ho ngheo").restored == "hộ nghèo"
    many = speller({"ho": [("họ", 20), ("hộ", 1)], "ngheo": [("nghèo", 1)]}, {"hộ nghèo": 1})
    assert read_with(many, "ho ngheo").restored is None  # họ, 21:2, and "họ nghèo" is not written
    # the same weighing for the word that follows
    seven = speller({"ban": [("bán", 1)], "sach": [("sạch", 6), ("sách", 1)]}, {"bán sách": 1})
    assert read_with(seven, "ban sach").restored == "bán sách"
    many = speller({"ban": [("bán", 1)], "sach": [("sạch", 20), ("sách", 1)]}, {"bán sách": 1})
    assert read_with(many, "ban sach").restored is None


def test_a_pair_with_a_word_typed_with_marks_chooses_the_correction():
    sp = speller({"ban": [("bán", 1)], "sach": [("sạch", 6), ("sách", 1)]}, {"bán sách": 1})
    assert read_with(sp, "bán sahc").corrected == "bán sách"


def test_equal_counts_keep_the_form_the_index_lists_first():
    sp = speller({"sach": [("sách", 2), ("sạch", 2)]})
    assert read_with(sp, "sahc").corrected == "sách"


def test_a_word_the_document_writes_is_kept_though_it_is_no_syllable():
    sp = speller({"ede": [("êđê", 2)], "nguoi": [("người", 3)]}, {"người êđê": 2})
    r = read_with(sp, "người êđê")
    assert [w.kind for w in r.words] == ["kept", "kept"] and r.corrected is None


def test_marks_are_offered_only_when_every_word_stands_beside_a_neighbour():
    assert read("ho ngheo sach").restored is None  # "nghèo sạch" is not written
    assert read("nuoc sach ho").restored is None
    sp = speller({"sach": [("sạch", 1)], "ho": [("hộ", 1)], "ngheo": [("nghèo", 1)]},
                 {"hộ nghèo": 2, "nghèo sạch": 1})
    assert read_with(sp, "sach ho ngheo").restored is None  # the first word has no left neighbour
    assert read("ho ngheo nuoc sach").restored == "hộ nghèo nước sạch"


def test_marks_are_not_offered_for_a_query_typed_partly_with_marks_or_already_as_written():
    assert read("nước sach").restored is None
    sp = speller({"kinh": [("kinh", 2)], "doanh": [("doanh", 2)]}, {"kinh doanh": 2})
    assert read_with(sp, "kinh doanh").restored is None


def test_an_abbreviation_without_a_neighbour_keeps_its_typed_letters():
    sp = speller(FORMS | {"dbscl": [("đbscl", 3)]}, PAIRS)
    assert read_with(sp, "nuoc sach DBSCL").restored == "nước sạch DBSCL"


def test_two_capitals_are_an_abbreviation_one_is_not():
    r = read("hộ nghèo GD")
    assert r.words[2].kind == "kept" and r.corrected is None
    assert read("hộ nghèo Z").corrected == "hộ nghèo"  # a lone letter that is no syllable: dropped


def test_numbers_and_abbreviations_do_not_count_towards_english():
    assert read("water KTXH 2025 2030", english={"water"}).english


def test_a_corrected_query_keeps_unsupported_words_as_typed_and_shows_decoded_ones():
    assert read("ho sahc").corrected == "ho sạch"  # "hộ sạch" is not written: ho stays as typed
    assert read("hooj").corrected == "hộ"
    assert read("xqzw ho ngheo").corrected == "hộ nghèo"  # a dropped word does not hide the pair after it


def test_a_correction_keeps_the_punctuation_around_every_kind_of_word():
    assert read("sahc, water, nước", english={"water"}).corrected == "sạch, water, nước"
    assert read("sahc, 2025, nước").corrected == "sạch, 2025, nước"
    assert read("sahc, CO2, nước").corrected == "sạch, CO2, nước"
    assert read("sahc, hooj, nghèo").corrected == "sạch, hộ, nghèo"
    assert read("(nước sahc)").corrected == "nước sạch"  # nothing before the first word


def test_words_of_ten_letters_are_corrected_longer_ones_dropped():
    sp = speller({"blockchain": [("blockchain", 1)], "informatics": [("informatics", 1)],
                  "nuoc": [("nước", 1)]})
    assert read_with(sp, "nước blockchian").corrected == "nước blockchain"
    assert read_with(sp, "nước informatcis").corrected == "nước"


def test_a_query_that_used_its_time_gets_no_more_corrections(monkeypatch):
    monkeypatch.setattr("portal.spelling.time.thread_time", lambda: 100.0)
    assert read("nước sahc", Budget(seconds=0.25, started=99.0)).corrected == "nước"  # a second spent
    assert read("nước sahc", Budget(seconds=0.0, started=100.0)).corrected == "nước"  # none left
    assert read("nước sahc", Budget(seconds=0.25, started=100.0)).corrected == "nước sạch"


# Two edits away, the budget bounds the search; the one-edit spellings are tried in alphabetical
# order (sorted(damerau_edits("sxxh")) begins asxxh, axxh), so what each budget reaches is known.
NEAR = len(damerau_edits("sxxh"))


def test_a_word_of_four_letters_is_looked_for_two_edits_away():
    sp = speller({"sach": [("sạch", 1)]})
    assert sp.candidates("sxxh", Budget(candidates=10**6)) == (2, [("sạch", 1)])


def test_the_candidate_budget_is_spent_exactly():
    sp = speller({"asxh": [("asxh", 1)]})  # one edit from asxxh, the first spelling tried
    assert sp.candidates("sxxh", Budget(candidates=NEAR)) == (2, [])  # nothing left after one edit
    assert sp.candidates("sxxh", Budget(candidates=NEAR + 1)) == (2, [("asxh", 1)])
    budget = Budget(candidates=NEAR + 1)
    assert speller({"axh": [("axh", 1)]}).candidates("sxxh", budget) == (2, [])  # only from axxh, the second
    assert budget.candidates < 0


def test_the_same_query_reads_the_same_in_every_process():
    code = ("from portal.spelling import Speller; from portal.vietnamese import syllables; "
            "sp = Speller({'sac': [('sắc', 1)], 'sach': [('sách', 1)], 'sahn': [('sảnh', 1)]}, {}); "
            "print(sp.read('sahc', list(syllables('sahc'))).corrected)")
    seen = {subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": str(seed)},
                           capture_output=True, text=True, check=True).stdout for seed in range(8)}
    assert seen == {"sắc\n"}  # equal counts: the spelling first in alphabetical order
