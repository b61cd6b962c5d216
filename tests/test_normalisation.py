"""Vietnamese normalisation, pure functions, with keys written out by hand (see the docstring of
portal/vietnamese.py: tone digits 1 sắc, 2 huyền, 3 hỏi, 4 ngã, 5 nặng)."""

from __future__ import annotations

import unicodedata

import pytest

from portal import vietnamese
from portal.vietnamese import (
    compounds,
    exact_key,
    fold,
    folded_key,
    has_diacritics,
    is_number,
    number_key,
    syllables,
    words,
)


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Keys are memoised; compute them afresh so each test exercises the rules, not the cache."""
    for fn in (vietnamese.exact_key, vietnamese.folded_key):
        fn.cache_clear()


@pytest.mark.parametrize("syllable,key", [
    ("Hòa", "hoa2"), ("hoà", "hoa2"), ("thuỷ", "thuy3"), ("người", "ngươi2"), ("đô", "đô"),
    ("tỷ", "ti3"), ("Tỉ", "ti3"), ("quý", "qui1"), ("gì", "gi2"), ("kỹ", "ki4"), ("mị", "mi5"),
    ("ly", "ly"), ("li", "li"), ("y", "y"), ("ý", "y1"), ("ỷ", "y3"),  # no onset: the lone y stays
    ("nghiệm", "nghiêm5"), ("khuya", "khuya"),
])
def test_exact_keys(syllable, key):
    assert exact_key(syllable) == key


@pytest.mark.parametrize("syllable,key", [
    ("Lý", "li"), ("ly", "li"), ("quy", "qui"), ("Đảng", "dang"), ("y", "y"), ("ngày", "ngay"),
    ("thủy", "thuy"), ("ĐMST", "dmst"),
])
def test_folded_keys(syllable, key):
    assert folded_key(syllable) == key


def test_fold_keeps_case_and_turns_d_stroke_into_d():
    assert fold("Đường đi") == "Duong di"
    assert fold(unicodedata.normalize("NFD", "Hòa Bình")) == "Hoa Binh"


@pytest.mark.parametrize("text,expected", [
    ("Đ", True), ("đ", True), ("ê", True), ("a\u0301", True), ("e", False), ("", False), ("8.700 ha", False),
])
def test_has_diacritics(text, expected):
    assert has_diacritics(text) is expected


@pytest.mark.parametrize("token,vi,any_style", [
    ("8.700", ["8700"], ["8700", "8.7"]),
    ("30,65", ["30.65"], ["30.65"]),
    ("1.234.567", ["1234567"], ["1234567"]),
    ("1.000,50", ["1000.5"], ["1000.5"]),
    ("1,000.5", ["1,000.5"], ["1000.5"]),  # English style only makes sense in a query
    ("12.34", ["12.34"], ["12.34"]),  # groups of thousands have three digits
    ("1234.5678", ["1234.5678"], ["1234.5678"]),
    ("1,2,3", ["1,2,3"], ["1,2,3"]),
    ("007", ["7"], ["7"]),
    ("000", ["0"], ["0"]),
    ("0,50", ["0.5"], ["0.5"]),
    ("1.000,00", ["1000"], ["1000"]),
    ("năm", ["năm"], ["năm"]),
])
def test_number_readings(token, vi, any_style):
    assert number_key(token) == vi
    assert number_key(token, vietnamese=False) == any_style


def test_words_and_syllables_with_their_positions():
    assert list(words("KT-XH và R&D, 8.700")) == [("KT-XH", 0, 5), ("và", 6, 8), ("R&D", 9, 12), ("8", 14, 15),
                                                    ("700", 16, 19)]
    assert list(syllables("KT-XH 8.700 năm2025")) == [("KT", 0, 2), ("XH", 3, 5), ("8.700", 6, 11),
                                                        ("năm", 12, 15), ("2025", 15, 19)]


def test_is_number():
    assert is_number("8.700") and is_number("30,65") and is_number("7")
    assert not is_number("8.") and not is_number("a1") and not is_number("")


def test_compounds_join_short_letter_abbreviations():
    text = "KT-XH và R&D, F-16, ABCDE-X, phát-triển, Đ-T"
    assert list(compounds(text)) == ["ktxh", "rd", "dt"]
