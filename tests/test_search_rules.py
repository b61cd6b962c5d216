"""Ranking rules of the search module, on a tiny index built from hand-written passages (no
shipped content, no page addresses)."""

from __future__ import annotations

from pathlib import Path

from portal.search import SearchDoc, Searcher, build_index

FILLER = ("kinh tế xã hội phát triển bền vững đô thị nông thôn giáo dục y tế văn hoá du lịch "
          "công nghiệp dịch vụ").split()


def _long_passage(words: int, mentions: int, word: str) -> str:
    out = []
    for i in range(words):
        out.append(FILLER[i % len(FILLER)])
        if i % (words // mentions) == 0:
            out.append(word)
    return " ".join(out)


def test_a_passage_about_the_word_outranks_a_short_one_that_names_it_once(tmp_path: Path):
    """BM25 length normalisation is moderate (b = 0.5): a 43-word passage that comes back to
    "rừng" three times is more about forests than a three-word line that names it once, so it
    comes first. With the textbook b = 0.75 the short line would win by its length alone."""
    docs = [
        SearchDoc("short", "d", "item", "Short", "Mục A", "trồng rừng mới"),
        SearchDoc("about", "d", "item", "About", "Mục B", _long_passage(40, 3, "rừng")),
        SearchDoc("other", "d", "item", "Other", "Mục C", " ".join(FILLER)),
    ]
    build_index(tmp_path / "ix", docs)
    hits = Searcher(tmp_path / "ix", []).search("rừng").hits
    assert [h.id for h in hits] == ["about", "short"]
