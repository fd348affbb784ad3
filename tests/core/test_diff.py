"""Word-level diff of two draft versions."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from composer.core.diff import (
    DiffOp,
    Segment,
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
