"""Lexicons taught by a cache of loaded guides come back only while their files are unchanged."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from composer.core.tone import lexicons
from composer.core.tone.lexicons import (
    Lexicons,
    forget_lexicons,
    learn_lexicons,
    lexicon_state,
    load_lexicons,
)
from composer.resources import resource_path


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    forget_lexicons()
    yield
    forget_lexicons()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "lexicons"
    shutil.copytree(resource_path("lexicons"), target)
    return target


def _no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: Path, problems: list[tuple[str, str]]) -> None:
        raise AssertionError(f"{path} was read again")

    monkeypatch.setattr(lexicons, "_read_yaml", refuse)


def test_taught_lexicons_come_back_while_the_folder_is_unchanged(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = load_lexicons(folder)
    state = lexicon_state(folder)
    assert state is not None
    forget_lexicons()
    learn_lexicons(folder, state, read)
    _no_reading(monkeypatch)
    assert load_lexicons(folder) is read


@pytest.mark.parametrize(
    "edit",
    [
        lambda f: (f / "profanity.yml").write_text("terms:\n  - {term: zonk, rating: 2}\n"),
        lambda f: (f / "promotional.yml").write_text("categories: {}\n"),
        lambda f: (f / "acronyms.txt").write_text("ZONK\n"),
        lambda f: (f / "topics" / "zonks.txt").write_text("zonk\n"),
        lambda f: next((f / "topics").glob("*.txt")).unlink(),
    ],
)
def test_an_edit_to_any_lexicon_file_is_read(folder: Path, edit: object) -> None:
    stale = Lexicons(price_weight=99.0)
    state = lexicon_state(folder)
    assert state is not None
    learn_lexicons(folder, state, stale)
    edit(folder)  # type: ignore[operator]
    assert lexicon_state(folder) != state
    fresh = load_lexicons(folder)
    forget_lexicons()
    assert fresh == load_lexicons(folder)
    assert fresh != stale


def test_a_missing_folder_is_still_an_error(folder: Path) -> None:
    state = lexicon_state(folder)
    assert state is not None
    learn_lexicons(folder, state, load_lexicons(folder))
    shutil.rmtree(folder)
    assert lexicon_state(folder) is None
    with pytest.raises(lexicons.LexiconError, match="lexicon folder not found"):
        load_lexicons(folder)


def test_another_folder_is_not_answered_by_a_taught_one(folder: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(folder, other)
    (other / "acronyms.txt").write_text("ZONK\n", encoding="utf-8")
    state = lexicon_state(folder)
    assert state is not None
    learn_lexicons(folder, state, load_lexicons(folder))
    assert load_lexicons(other).acronyms == frozenset({"ZONK"})
