"""What may enter the workspace: texts without NUL, names without hidden characters."""

from __future__ import annotations

import pytest

from composer.core.entry import name_key, name_problem, nul_problem, same_name


def test_nul_is_located_by_line_and_column() -> None:
    assert nul_problem("fine\ntext", "the text") is None
    problem = nul_problem("one\ntwo\0three", "the draft's text")
    assert problem is not None
    assert problem.startswith("the draft's text holds a NUL character (line 2, column 4)")


@pytest.mark.parametrize(
    "name",
    ["ann", "Ann Lee", "anne-marie.o'neil", "José", "李雷", "dana@example.com", "r2d2"],
)
def test_ordinary_names_pass(name: str) -> None:
    assert name_problem(name) is None


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("a\tb", "a tab"),
        ("a\0b", "a NUL character"),
        ("a\nb", "a line break"),
        ("a\u202eb", "right-to-left override"),
        ("a\u202db", "left-to-right override"),
        ("a\u2067b", "right-to-left isolate"),
        ("a\u200fb", "right-to-left mark"),
        ("a\u200bb", "zero width space"),
        ("a\u2028b", "line separator"),
        ("a\x1b[31mb", "U+001B"),
    ],
)
def test_hidden_characters_in_names_are_refused_by_name(name: str, label: str) -> None:
    problem = name_problem(name, "the user name")
    assert problem is not None and label in problem and "character 2" in problem


def test_names_differing_only_by_case_are_one_person() -> None:
    assert same_name("Ann", "ann") and same_name("STRASSE", "straße")
    assert same_name("ｂｏｓｓ", "boss")  # full-width letters look the same
    assert not same_name("ann", "anne")
    assert name_key("Dana") == name_key("DANA")
