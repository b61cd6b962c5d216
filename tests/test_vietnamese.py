import unicodedata

import pytest

from portal.vietnamese import exact_key, fold, folded_key, has_diacritics, nfc, number_key


@pytest.mark.parametrize("old,new", [("hoà", "hòa"), ("thuỷ", "thủy"), ("tuý", "túy"), ("khoẻ", "khỏe"),
                                     ("Hoà", "hòa"), ("loà", "lòa")])
def test_old_and_new_tone_placement_are_the_same_syllable(old, new):
    assert exact_key(old) == exact_key(new)


@pytest.mark.parametrize("misplaced,correct", [("nghịêm", "nghiệm"), ("lựơng", "lượng"), ("qúy", "quý"),
                                               ("tuỳ", "tùy")])
def test_misplaced_marks_are_read_by_syllable_structure(misplaced, correct):
    assert exact_key(misplaced) == exact_key(correct)


@pytest.mark.parametrize("a,b", [("tỉ", "tỷ"), ("sĩ", "sỹ"), ("kĩ", "kỹ"), ("lí", "lý"), ("quí", "quý"), ("mĩ", "mỹ")])
def test_i_and_y_after_a_consonant_match_when_toned(a, b):
    assert exact_key(a) == exact_key(b)


def test_toneless_i_y_pairs_stay_apart_when_marks_are_kept():
    assert exact_key("ly") != exact_key("li")
    assert exact_key("y") == "y"  # "y tế": no onset, untouched


def test_different_tones_and_shapes_stay_apart():
    assert exact_key("ma") != exact_key("mà") != exact_key("má")
    assert exact_key("tuổi") != exact_key("tuoi")
    assert exact_key("đô") != exact_key("do")


def test_folding_removes_every_mark_including_d_stroke():
    assert folded_key("Đảng") == "dang"
    assert fold("đường bộ") == "duong bo"
    assert folded_key("tỷ") == folded_key("ti") == "ti"
    assert folded_key("ĐMST") == "dmst"


def test_decomposed_input_gives_the_same_keys_as_composed():
    nfd = unicodedata.normalize("NFD", "hòa bình")
    assert nfc(nfd) == "hòa bình"
    assert [exact_key(w) for w in nfc(nfd).split()] == [exact_key("hòa"), exact_key("bình")]
    assert exact_key(unicodedata.normalize("NFD", "nghiệm")) == exact_key("nghiệm")


def test_has_diacritics():
    assert has_diacritics("hộ nghèo") and has_diacritics("đ")
    assert not has_diacritics("ho ngheo 8700")


@pytest.mark.parametrize("text,vi,query", [
    ("8.700", ["8700"], ["8700", "8.7"]),
    ("30,65", ["30.65"], ["30.65"]),
    ("30.65", ["30.65"], ["30.65"]),
    ("1.090", ["1090"], ["1090", "1.09"]),
    ("375.700", ["375700"], ["375700", "375.7"]),
    ("3,0", ["3"], ["3"]),
    ("0,8", ["0.8"], ["0.8"]),
    ("8700", ["8700"], ["8700"]),
])
def test_numbers_in_vietnamese_and_english_style(text, vi, query):
    assert number_key(text, vietnamese=True) == vi
    assert number_key(text, vietnamese=False) == query
