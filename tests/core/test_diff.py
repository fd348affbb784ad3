"""Word-level diff of two draft versions."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from composer.core.diff import (
    DiffOp,
    Segment,
    map_span,
    new_text,
    old_text,
    review_base,
    tokens,
    word_diff,
)


def test_identical_texts_are_one_equal_segment() -> None:
    assert word_diff("Hello there", "Hello there") == (Segment(DiffOp.EQUAL, "Hello there"),)


def test_empty_texts() -> None:
    assert word_diff("", "") == ()
    assert word_diff("", "new words") == (Segment(DiffOp.INSERT, "new words"),)
    assert word_diff("old words", "") == (Segment(DiffOp.DELETE, "old words"),)


def test_replaced_word_is_delete_then_insert() -> None:
    assert word_diff("We fixed the outage today.", "We resolved the outage today.") == (
        Segment(DiffOp.EQUAL, "We "),
        Segment(DiffOp.DELETE, "fixed"),
        Segment(DiffOp.INSERT, "resolved"),
        Segment(DiffOp.EQUAL, " the outage today."),
    )


def test_whole_words_change_not_letters() -> None:
    segments = word_diff("cats are great", "cars are great")
    assert Segment(DiffOp.DELETE, "cats") in segments
    assert Segment(DiffOp.INSERT, "cars") in segments


def test_insertion_in_the_middle() -> None:
    assert word_diff("Sorry for the wait", "Sorry again for the wait") == (
        Segment(DiffOp.EQUAL, "Sorry"),
        Segment(DiffOp.INSERT, " again"),
        Segment(DiffOp.EQUAL, " for the wait"),
    )


def test_punctuation_and_emoji_are_their_own_tokens() -> None:
    assert tokens("Hi, we're back 🎉!") == ("Hi", ",", " ", "we're", " ", "back", " ", "🎉", "!")
    assert word_diff("Done!", "Done 🎉") == (
        Segment(DiffOp.EQUAL, "Done"),
        Segment(DiffOp.DELETE, "!"),
        Segment(DiffOp.INSERT, " 🎉"),
    )


def test_review_base_is_newest_earlier_reviewed_version() -> None:
    assert review_base([], 1) is None
    assert review_base([1], 1) is None
    assert review_base([1, 3, 2], 4) == 3
    assert review_base([1, 4], 4) == 1


_pieces = st.sampled_from([*"ab c.,\n'-", "é", "🎉", "👍🏽", "word"])
_texts = st.lists(_pieces, max_size=30).map("".join)


@given(_texts, _texts)
def test_segments_rebuild_both_texts(old: str, new: str) -> None:
    segments = word_diff(old, new)
    assert old_text(segments) == old
    assert new_text(segments) == new
    assert all(s.text for s in segments)
    assert all(a.op is not b.op for a, b in pairwise(segments))


@given(st.text(max_size=60))
def test_tokens_rejoin_to_the_text(text: str) -> None:
    assert "".join(tokens(text)) == text


class TestMapSpan:
    """A comment's anchor follows its words through the author's later edits."""

    def test_unchanged_text_keeps_the_span(self) -> None:
        assert map_span("Hello there", "Hello there", 0, 5) == (0, 5)

    def test_edit_before_the_words_moves_the_span(self) -> None:
        old = "Our boots last forever. Order now."
        new = "Good news: our boots last forever. Order now."
        start = old.index("last forever")
        got = map_span(old, new, start, start + len("last forever"))
        assert got is not None
        assert new[got[0] : got[1]] == "last forever"

    def test_edit_after_the_words_keeps_the_span(self) -> None:
        old = "Boots ship today."
        new = "Boots ship today, free of charge."
        assert map_span(old, new, 0, 5) == (0, 5)

    def test_changed_words_lose_the_anchor(self) -> None:
        old = "Our boots last forever. Order now."
        new = "Our boots last for years. Order now."
        start = old.index("forever")
        assert map_span(old, new, start, start + len("forever")) is None

    def test_words_inserted_inside_the_span_lose_it(self) -> None:
        old = "boots last forever"
        new = "boots really last forever"
        assert map_span(old, new, 0, len(old)) is None

    def test_out_of_range_span(self) -> None:
        assert map_span("abc", "abc", 2, 9) is None

    def test_words_inserted_just_before_the_span_keep_it(self) -> None:
        old = "Hello. Boots ship today."
        new = "Hello. Great news: Boots ship today."
        start = old.index("Boots")
        got = map_span(old, new, start, start + 5)
        assert got is not None and new[got[0] : got[1]] == "Boots"
