import unicodedata

import pytest

from portal.vietnamese import (
    damerau_edits,
    decode_telex,
    decode_typing,
    decode_vni,
    decode_vni_words,
    exact_key,
    fold,
    folded_key,
    has_diacritics,
    is_function_word,
    is_syllable,
    marks,
    match_case,
    nfc,
    number_key,
    place_tone,
    valid_syllables,
)


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


# --- syllable validity ---------------------------------------------------------------------------

VALID = ["a", "ạ", "y", "tôi", "muốn", "biết", "bao", "lâu", "giờ", "thảm", "đỏ", "lương", "công", "nhân",
         "nước", "sạch", "giường", "bệnh", "nghiêng", "nghề", "ghế", "kể", "kỹ", "quốc", "quyết", "quý", "thuở",
         "khoẻ", "hoà", "hoặc", "xoăn", "tuần", "thuế", "huy", "uyên", "yên", "gì", "gìn", "giếng", "người",
         "khuya", "tốt", "học", "phí", "ương", "oán", "boong", "xoong", "oẳn", "ngoằn", "Đảng", "NGHÈO"]
VALID_UNACCENTED = ["nuoc", "sach", "giuong", "benh", "nguoi", "truong", "hoc", "phi", "kinh", "te", "so", "duong",
                    "quoc", "nghieng", "thuy", "khuyen", "tot", "viet"]
INVALID = ["sahc", "tees", "soos", "beenhj", "hospital", "tourism", "water", "ka", "gha", "nge", "ngi", "ce", "ci",
           "ge", "quu", "ngha", "tôt", "tồt", "hoc̀", "họcc", "xyzzq", "bệnhh", "ddi", "aa", "nghieengf", "x",
           "c", "ngh", "", "ab", "dd", "tw", "of", "bed", "grdp", "lichj", "trieenr", "nuocs", "sạhc", "bìhn"]


@pytest.mark.parametrize("word", VALID + VALID_UNACCENTED)
def test_real_syllables_are_valid(word):
    assert is_syllable(word)


@pytest.mark.parametrize("word", INVALID)
def test_impossible_syllables_are_not(word):
    assert not is_syllable(word)


def test_closed_syllables_take_only_the_rising_or_heavy_tone():
    assert is_syllable("tốt") and is_syllable("tột") and is_syllable("học")
    for toned in ("tồt", "tổt", "tỗt", "tôt", "hòc", "hỏc", "hõc", "hoc̀"):
        assert not is_syllable(nfc(toned)), toned
    assert is_syllable("tot")  # typed without marks: "tốt" is meant


def test_onset_spelling_rules():
    assert is_syllable("kê") and not is_syllable("kô") and not is_syllable("cê")
    assert is_syllable("ghi") and not is_syllable("gha") and is_syllable("ga")
    assert is_syllable("nghe") and not is_syllable("nghô") and not is_syllable("nge") and is_syllable("ngô")
    assert is_syllable("qua") and not is_syllable("quu") and not is_syllable("qa")


def test_syllable_table_is_generated_from_the_rules():
    table = set(valid_syllables())
    assert 10_000 < len(table) < 30_000  # a few thousand toneless syllables, six tones
    assert {"nươc1", "sach5", "giương2", "quyêt1", "nghiêng", "khoe3", "tôt1"} <= table
    assert not {"tôt", "tôt2", "ka", "ngiêng", "cê", "ghô", "quu"} & table
    assert all(is_syllable(s.rstrip("12345")) for s in list(table)[:2000] if not s.rstrip("12345").endswith(
        ("p", "t", "c", "ch")))


# --- Telex and VNI leftovers ------------------------------------------------------------------

@pytest.mark.parametrize("typed,meant", [
    ("tees", "tế"), ("soos", "số"), ("giuwowngf", "giường"), ("beenhj", "bệnh"), ("phats", "phát"),
    ("trieenr", "triển"), ("lichj", "lịch"), ("ddaats", "đất"), ("hoawcj", "hoặc"), ("nuwowcs", "nước"),
    ("nuocws", "nước"), ("tieenf", "tiền"), ("tienef", "tiền"), ("vieetj", "việt"), ("quoocs", "quốc"),
    ("hocj", "học"), ("nguwowif", "người"), ("tooi", "tôi"), ("Tees", "tế"), ("khoer", "khoẻ"), ("thuyr", "thuỷ"),
    ("dduwowngf", "đường"), ("aans", "ấn"), ("awn", "ăn"), ("tuw", "tư"), ("hoaf", "hoà"),
])
def test_telex_leftovers_are_decoded(typed, meant):
    assert exact_key(decode_telex(typed)) == exact_key(meant)
    assert exact_key(decode_typing(typed)) == exact_key(meant)


@pytest.mark.parametrize("typed", ["kinh", "sach", "hospital", "tourism", "xyz", "grdp", "nguoif", "ddd", "zzz",
                                   "nước", "bcd", "ts", "tiếng"])
def test_telex_gives_nothing_for_words_that_are_not_keyboard_leftovers(typed):
    assert decode_telex(typed) is None or not is_syllable(typed) and is_syllable(decode_telex(typed))
    if is_syllable(typed):
        assert decode_typing(typed) is None  # a real syllable is never re-read


def test_telex_tone_key_z_and_capital_input():
    assert decode_telex("tooiz") == "tôi"
    assert decode_telex("KINHS") is None or is_syllable(decode_telex("KINHS"))
    assert decode_telex("sahc") is None


@pytest.mark.parametrize("typed,meant", [
    ("nu7o71c", "nước"), ("d9a6t1", "đất"), ("tie6n1", "tiến"), ("vie6t5", "việt"), ("sa5ch", "sạch"),
    ("hoa8c5", "hoặc"), ("nguo7i2", "người"), ("ho65", "hộ"), ("nghe2o", "nghèo"), ("te61", "tế"), ("Nu7o71c", "nước"),
])
def test_vni_leftovers_are_decoded(typed, meant):
    assert exact_key(decode_vni(typed)) == exact_key(meant)


def test_a_single_tone_digit_at_the_end_is_read_only_beside_other_vni_words():
    assert decode_vni("tho5") is None
    assert decode_vni("tho5", alone=False) == "thọ"
    assert decode_vni_words("tuo63i tho5") == "tuổi thọ"
    assert decode_vni_words("co2 g7") == "co2 g7"


@pytest.mark.parametrize("typed", ["co2", "g7", "2030", "abc", "nuoc", "x9", "19a", "CO2", "NO2"])
def test_vni_leaves_names_with_numbers_alone(typed):
    assert decode_vni(typed) is None


def test_vni_words_in_a_text():
    assert decode_vni_words("nu7o71c sa5ch cho 100% dân") == "nước sạch cho 100% dân"
    assert decode_vni_words("khí CO2 và covid19") == "khí CO2 và covid19"


def test_tone_is_placed_on_the_right_vowel():
    assert place_tone("nuơc", "\u0301") == "nuớc"
    assert place_tone("hoa", "\u0300") == "hoà"
    assert place_tone("toan", "\u0301") == "toán"
    assert place_tone("mua", "\u0301") == "múa"
    assert place_tone("khuya", "\u0300") == "khuỳa"
    assert place_tone("gi", "\u0300") == "gì"
    assert place_tone("giuong", "\u0300") == "giuòng"
    assert place_tone("quy", "\u0301") == "quý"
    assert place_tone("ba", "") == "ba"


def test_capitals_of_what_was_typed_are_kept():
    assert match_case("Nuoc", "nước") == "Nước"
    assert match_case("NUOC", "nước") == "NƯỚC"
    assert match_case("nuoc", "nước") == "nước"
    assert match_case("N", "nước") == "Nước"


def test_marks_typed_on_a_syllable():
    assert marks("nuoc") == frozenset()
    assert marks("nước") == {"\u031b", "\u0301"}
    assert marks("Đi") == {"đ"}
    assert marks("ĐẤT") == {"đ", "\u0302", "\u0301"}


def test_damerau_edits_cover_one_change_of_each_kind():
    e = damerau_edits("sahc")
    assert {"sach", "sah", "sahcc", "saha", "ahc"} <= e  # transposition, deletion, insertion, replacement
    assert "sahc" not in e and "scha" not in e
    assert len(damerau_edits("ab", alphabet="xy")) == len({"b", "a", "ba", "xb", "yb", "ax", "ay", "xab", "yab",
                                                           "axb", "ayb", "abx", "aby"})


def test_question_words_decided_by_the_marks_typed():
    for w in ("là", "gì", "bao", "lâu", "giờ", "có", "không", "tôi", "muốn", "biết", "thế", "nào", "la", "gi"):
        assert is_function_word(w), w
    for w in ("bảo", "lầu", "nước", "hộ", "nghèo", "rừng", "giường"):
        assert not is_function_word(w), w
