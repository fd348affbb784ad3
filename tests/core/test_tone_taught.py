"""A tone analyzer taught by a cache of loaded guides is taken only when built alike."""

from __future__ import annotations

import io
import pickle
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

from composer.core.tone import analyzer as analyzer_module
from composer.core.tone.analyzer import ToneAnalyzer, forget_tone_analyzers, learn_tone_analyzer
from composer.core.tone.lexicons import forget_lexicons, lexicon_state
from composer.core.tone.profile import ToneSettings
from composer.resources import resource_path

TEXTS = [
    "Huge SALE!!! Buy now, 50% off everything, limited time only 🔥🔥",
    "We're sorry for the trouble with your order; DM us and we'll fix it.",
    "This is f*cking great, sh1t happens #damn",
    "Election day: who will you vote for? Our boots are waterproof.",
    "",
]
VOCABULARY = ("TrailPro", "SummitShell")


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    forget_tone_analyzers()
    forget_lexicons()
    yield
    forget_tone_analyzers()
    forget_lexicons()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "lexicons"
    shutil.copytree(resource_path("lexicons"), target)
    return target


def _measured(analyzer: ToneAnalyzer) -> list[object]:
    return [dict(analyzer.measure(text)) for text in TEXTS]


def _proxy(data: dict[object, object]) -> MappingProxyType[object, object]:
    return MappingProxyType(data)


class _Pickler(pickle.Pickler):
    """Pickles read-only mappings, as the cache of loaded guides does."""

    def reducer_override(self, obj: object) -> Any:
        if type(obj) is MappingProxyType:
            return _proxy, (dict(obj),)
        return NotImplemented


def _kept(folder: Path) -> ToneAnalyzer:
    """An analyzer as a cache entry keeps it: every pattern compiled, pickled and read back."""
    built = ToneAnalyzer(ToneSettings(), accepted_vocabulary=VOCABULARY, lexicon_dir=folder)
    built.compile_all()
    out = io.BytesIO()
    _Pickler(out).dump(built)
    kept: ToneAnalyzer = pickle.loads(out.getvalue())
    return kept


def test_a_taught_analyzer_is_taken_once_and_measures_the_same(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = _measured(
        ToneAnalyzer(ToneSettings(), accepted_vocabulary=VOCABULARY, lexicon_dir=folder)
    )
    kept = _kept(folder)
    state = lexicon_state(folder)
    assert state is not None
    learn_tone_analyzer(kept, VOCABULARY, folder, state)

    def no_building(directory: Path) -> object:
        raise AssertionError("the lexicons were read: the analyzer was built again")

    monkeypatch.setattr(analyzer_module, "load_lexicons", no_building)
    taken = ToneAnalyzer(ToneSettings(), accepted_vocabulary=list(VOCABULARY), lexicon_dir=folder)
    assert taken._topics is kept._topics
    assert _measured(taken) == fresh
    monkeypatch.undo()
    again = ToneAnalyzer(
        ToneSettings(), accepted_vocabulary=VOCABULARY, lexicon_dir=folder
    )  # taken only once
    assert again._topics is not kept._topics
    assert _measured(again) == fresh


@pytest.mark.parametrize(
    "change",
    [
        "settings",
        "vocabulary",
        "folder",
        "lexicon",
    ],
)
def test_an_analyzer_built_otherwise_is_not_taken(
    folder: Path, tmp_path: Path, change: str
) -> None:
    kept = _kept(folder)
    state = lexicon_state(folder)
    assert state is not None
    learn_tone_analyzer(kept, VOCABULARY, folder, state)
    settings = ToneSettings()
    vocabulary: tuple[str, ...] = VOCABULARY
    directory = folder
    if change == "settings":
        settings = ToneSettings(acronyms=frozenset({"ZONK"}))
    elif change == "vocabulary":
        vocabulary = ("TrailPro",)
    elif change == "folder":
        directory = tmp_path / "other"
        shutil.copytree(folder, directory)
    else:
        (folder / "acronyms.txt").write_text("ZONK\n", encoding="utf-8")
    built = ToneAnalyzer(settings, accepted_vocabulary=vocabulary, lexicon_dir=directory)
    assert built._topics is not kept._topics
    if change == "lexicon":
        assert built.lexicons.acronyms == frozenset({"ZONK"})


def test_threads_building_at_once_take_the_taught_analyzer_once(folder: Path) -> None:
    kept = _kept(folder)
    state = lexicon_state(folder)
    assert state is not None
    learn_tone_analyzer(kept, VOCABULARY, folder, state)
    built: list[ToneAnalyzer] = []
    errors: list[BaseException] = []
    start = threading.Barrier(6)

    def build() -> None:
        try:
            start.wait()
            built.append(
                ToneAnalyzer(ToneSettings(), accepted_vocabulary=VOCABULARY, lexicon_dir=folder)
            )
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=build) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(b._topics is kept._topics for b in built) == 1
