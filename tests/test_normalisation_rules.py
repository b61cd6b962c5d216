"""Rules of Vietnamese writing the search and the glossary rely on, each with expectations written
by hand from the rule (not computed by the code under test): dictionary order and the letter a
term is filed under, where a typed tone mark goes, which spellings are Vietnamese syllables, and
how Telex/VNI leftovers are read. Pure functions only: no page addresses."""

from __future__ import annotations

import unicodedata

import pytest

from portal import vietnamese
from portal.vietnamese import (
    alphabetical,
    collation_key,
    compounds,
    damerau_edits,
    decode_telex,
    decode_typing,
    decode_vni,
    decode_vni_words,
    has_diacritics,
    initial,
    is_syllable,
    match_case,
    number_key,
    place_tone,
)

GRAVE, ACUTE, HOOK, TILDE, DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"


@pytest.fixture(autouse=True)
def _fresh_caches():
    """is_syllable, exact_key and folded_key remember answers; each test asks the rules afresh."""
    for fn in (vietnamese.is_syllable, vietnamese.exact_key, vietnamese.folded_key):
        fn.cache_clear()


# --- dictionary order (the glossary) -------------------------------------------------------------

def test_letters_follow_the_vietnamese_alphabet():
    shuffled = ["y", "ư", "u", "ơ", "ô", "o", "ê", "e", "đa", "da", "bé", "âm", "ăn", "an"]
    assert sorted(shuffled, key=collation_key) == [
        "an", "ăn", "âm", "bé", "da", "đa", "e", "ê", "o", "ô", "ơ", "u", "ư", "y"]


def test_capitals_sort_like_small_letters():
    assert sorted(["Bé", "an", "Ăn"], key=collation_key) == ["an", "Ăn", "Bé"]
    assert collation_key("Đà Nẵng") == collation_key("đà nẵng")


def test_tones_only_break_ties_between_the_same_letters():
    assert sorted(["mạ", "mả", "ma", "má", "mã", "mà"], key=collation_key) == ["ma", "mà", "má", "mả", "mã", "mạ"]
    assert sorted(["mạnh", "mai"], key=collation_key) == ["mai", "mạnh"]


def test_decomposed_text_sorts_like_composed_text():
    for word in ("Đà Nẵng", "nước sạch", "ưu tiên"):
        assert collation_key(unicodedata.normalize("NFD", word)) == collation_key(word)


def test_a_phrase_follows_its_first_word_and_numbers_come_before_letters():
    shuffled = ["chỉ tiêu 2", "chỉnh", "chỉ", "chỉ tiêu 10", "chỉ tiêu"]
    # character by character, as a dictionary does: "10" before "2"
    assert sorted(shuffled, key=collation_key) == ["chỉ", "chỉ tiêu", "chỉ tiêu 10", "chỉ tiêu 2", "chỉnh"]
    assert sorted(["COVID19", "COVID 19"], key=collation_key) == ["COVID 19", "COVID19"]
    assert sorted(["mục 0", "mục 9"][::-1] + ["mục0"], key=collation_key) == ["mục 0", "mục 9", "mục0"]
    assert collation_key("KT-XH") == collation_key("KTXH")  # hyphens are ignored


def test_the_letter_a_term_is_filed_under():
    assert initial("Ăn uống") == "Ă"  # Vietnamese by default
    assert initial("đô thị", "vi") == "Đ"
    assert initial("  2. Ưu tiên") == "Ư"  # what is not a letter is skipped
    assert initial("Đô thị", "en") == "D" and initial("ăn", "en") == "A"
    assert initial("") == "#" and initial("2025") == "#"


def test_glossary_groups_in_vietnamese_and_in_english_order():
    entries = [("ăn", 5), ("Dân", 1), ("An", 6), ("Đô", 2), ("du", 4), ("Y", 3), ("an", 7)]
    assert alphabetical(entries) == [("A", [6, 7]), ("Ă", [5]), ("D", [1, 4]), ("Đ", [2]), ("Y", [3])]
    assert alphabetical(entries, "en") == [("A", [6, 7, 5]), ("D", [1, 2, 4]), ("Y", [3])]
    assert alphabetical([], "en") == [] and alphabetical([]) == []


# --- where a tone mark goes (restored and corrected words) ---------------------------------------

@pytest.mark.parametrize("base,mark,expected", [
    ("gia", GRAVE, "già"),  # gi + a: the tone is on a, not on the i of gi
    ("qua", HOOK, "quả"),  # qu + a
    ("gi", GRAVE, "gì"),  # gi alone: i is the vowel
    ("ao", GRAVE, "ào"),  # open syllable, two vowels: the first
    ("ngoai", GRAVE, "ngoài"),  # three vowels: the middle one
    ("thuơ", HOOK, "thuở"),  # the vowel with a shape mark takes the tone
    ("thuê", ACUTE, "thuế"),
    ("mooc", ACUTE, "moóc"),  # closed syllable: the last vowel
    ("toan", GRAVE, "toàn"),
    ("hoa", GRAVE, "hoà"),  # glide + vowel: the last vowel (new style)
    ("khoe", HOOK, "khoẻ"),
    ("thuy", HOOK, "thuỷ"),
    ("ng", GRAVE, "ng"),  # no vowel: nothing to mark
    ("ba", "", "ba"),  # no tone
])
def test_tone_mark_placement(base, mark, expected):
    assert place_tone(base, mark) == expected


# --- which spellings are Vietnamese syllables ----------------------------------------------------

@pytest.mark.parametrize("word", [
    "ke", "ki", "ky", "ghe", "nghi", "gi", "ca", "co", "cu", "nuoc", "quoc", "tot",  # typed without marks
    "gì", "quốc", "tốt", "tộc", "kẻ", "nghĩ",
])
def test_possible_syllables(word):
    assert is_syllable(word)


@pytest.mark.parametrize("word", [
    "ce", "ci", "ka", "gha", "ngi", "ge",  # c, g, ng never stand before i, y, e; k, gh, ngh only there
    "gê", "quưng", "quóc",  # qu is never followed by u, ư, or an o without its hat
    "tôt", "tồt", "tổc",  # a syllable closed by p, t, c, ch carries sắc or nặng
    "bcd", "nuoq",  # no such rhyme
])
def test_impossible_syllables(word):
    assert not is_syllable(word)


# --- typing leftovers ----------------------------------------------------------------------------

def test_telex_d_stroke_and_the_length_guard():
    assert decode_telex("ddaats") == "đất"
    assert decode_telex("nghieengffff") == "nghiềng"  # twelve keys: still read
    assert decode_telex("nghieengfffff") is None  # thirteen: too long to be one syllable
    assert decode_telex("tiếngs") is None  # a word already typed with marks is not Telex


def test_vni_reading():
    assert decode_vni("d9a6t1") == "đất"
    assert decode_vni("o6ng") == "ông"  # the hat on the first letter
    assert decode_vni("O73") == "ở"  # one capital letter at the start of a sentence ("Ở đâu")
    assert decode_vni("1ha") is None  # one hectare: a word starting with a digit is not VNI
    assert decode_vni("bc1d") is None  # no syllable comes out
    assert decode_vni("nghie6ng222222") == "nghiềng"  # fourteen keys: still read
    assert decode_vni("nghie6ng2222222") is None  # fifteen: too long


def test_vni_text_keeps_names_with_numbers():
    assert decode_vni_words("nu7o71c CO2") == "nước CO2"
    assert decode_vni_words("nu7o71c Điều1") == "nước Điều1"  # "Điều 1" without its space: not VNI


def test_typing_leftovers_are_read_only_from_non_words():
    assert decode_typing("xoong") is None  # a real word (a pot), not Telex for "xông"
    assert decode_typing("nu7o71c") == "nước"
    assert decode_typing("tooi") == "tôi"


# --- small helpers -------------------------------------------------------------------------------

def test_two_capitals_typed_give_a_word_in_capitals():
    assert match_case("TU", "tư") == "TƯ"


def test_capital_x_is_not_a_mark():
    assert not has_diacritics("XANH") and has_diacritics("Đ")


def test_abbreviation_parts_of_up_to_four_letters_are_joined():
    assert list(compounds("KHCN&ĐMST")) == ["khcndmst"]
    assert list(compounds("ABCDE-XY")) == []


def test_thousands_groups_have_one_to_three_digits_first():
    assert number_key("1234.567") == ["1234.567"]  # not a Vietnamese thousands grouping
    assert number_key("123.567") == ["123567"]


def test_one_edit_of_each_kind_inside_a_word():
    e = damerau_edits("nuoc")
    assert {"nouc", "nuac", "nuc", "nuooc"} <= e
    # "ab": 2 deletions, 1 transposition, 50 replacements, 76 insertions (all distinct)
    assert len(damerau_edits("ab")) == 129
    assert not any("X" in w for w in damerau_edits("ab"))
