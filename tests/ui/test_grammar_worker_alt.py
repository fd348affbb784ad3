"""GrammarWorker's alt-text jobs: off the UI thread, debounced, only new alt texts sent."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from helpers.lt_server import LanguageToolTestServer, running_server
from pytestqt.qtbot import QtBot

from composer.core.findings import Finding
from composer.services.grammar import GrammarService
from composer.services.grammar_status import GrammarResult
from composer.services.spelling import OFFLINE_RULE, OfflineSpelling
from composer.ui.grammar_worker import GrammarWorker, SerialThread

Found = dict[str, tuple[Finding, ...]]


@dataclass(frozen=True)
class Settings:
    mode: str = "server"
    server_url: str = ""
    timeout_seconds: float = 2.0
    public_api_consent: bool = False


class Recorded:
    """The offline dictionary, noting each text it is asked and on which thread."""

    def __init__(self) -> None:
        self.spelling = OfflineSpelling("en-US", ["TrailPro"])
        self.calls: list[tuple[str, str]] = []

    def check(self, text: str) -> GrammarResult:
        self.calls.append((text, threading.current_thread().name))
        return self.spelling.check(text)

    def close(self) -> None:
        self.spelling.close()


@pytest.fixture
def lt_server() -> Iterator[LanguageToolTestServer]:
    with running_server() as server:
        yield server


def words(found: Found) -> dict[str, list[tuple[str, str]]]:
    return {text: [(f.rule, text[f.start : f.end]) for f in fs] for text, fs in found.items()}


def test_alt_texts_are_checked_on_the_worker_thread_after_the_pause(qtbot: QtBot) -> None:
    service = Recorded()
    worker = GrammarWorker(service, thread=SerialThread(), debounce_ms=80)
    answers: list[Found] = []
    worker.alt_findings_ready.connect(answers.append)
    worker.set_alt_texts(["A TrailPro jak"])
    worker.set_alt_texts(["A TrailPro jaket"])
    worker.set_alt_texts(["A TrailPro jaket on a trail", "", "  ", "A blue map"])
    assert not worker.idle
    qtbot.waitUntil(lambda: bool(answers), timeout=5_000)
    # One job after the pause, the newest alt texts only; blank ones are not sent.
    assert [text for text, _thread in service.calls] == [
        "A TrailPro jaket on a trail",
        "A blue map",
    ]
    assert {name for _text, name in service.calls} == {"grammar"}
    assert words(answers[-1]) == {
        "A TrailPro jaket on a trail": [(OFFLINE_RULE, "jaket")],  # not the accepted TrailPro
        "A blue map": [],
    }
    qtbot.waitUntil(lambda: worker.idle, timeout=2_000)

    # A picture moved or another added: only the new alt text is sent; every current one
    # answers, a removed one's findings go.
    worker.set_alt_texts(["A blue map", "A grene map"])
    qtbot.waitUntil(lambda: len(answers) == 2, timeout=5_000)
    assert [text for text, _thread in service.calls][2:] == ["A grene map"]
    assert words(answers[-1]) == {"A blue map": [], "A grene map": [(OFFLINE_RULE, "grene")]}
    worker.set_alt_texts([])
    qtbot.waitUntil(lambda: len(answers) == 3, timeout=5_000)
    assert answers[-1] == {}
    assert len(service.calls) == 3
    worker.shutdown()
    worker.set_alt_texts(["A red mapp"])  # after shutdown nothing runs
    qtbot.wait(200)
    assert len(service.calls) == 3


def test_languagetool_reads_the_alt_texts_and_a_fallback_is_asked_again(
    qtbot: QtBot, lt_server: LanguageToolTestServer
) -> None:
    service = GrammarService(Settings(server_url=lt_server.url), accepted_vocabulary=["TrailPro"])
    worker = GrammarWorker(service, thread=SerialThread(), debounce_ms=50)
    answers: list[Found] = []
    worker.alt_findings_ready.connect(answers.append)
    worker.set_alt_texts(["Our TrailPro boots, teh best the the trail has"])
    qtbot.waitUntil(lambda: bool(answers), timeout=5_000)
    assert words(answers[-1]) == {
        "Our TrailPro boots, teh best the the trail has": [
            ("MORFOLOGIK_RULE_EN_US", "teh"),
            ("ENGLISH_WORD_REPEAT_RULE", "the the"),
        ]
    }
    assert [r["text"] for r in lt_server.check_requests()] == [
        "Our TrailPro boots, teh best the the trail has"
    ]

    # LanguageTool fails: the offline dictionary's findings show (a fallback), and that alt
    # text is asked again at the next change, when LanguageTool is back.
    lt_server.faults.status = 500
    worker.set_alt_texts(["A map of teh trail"])
    qtbot.waitUntil(lambda: len(answers) == 2, timeout=5_000)
    assert words(answers[-1]) == {"A map of teh trail": [(OFFLINE_RULE, "teh")]}
    lt_server.faults.status = 200
    worker.set_alt_texts(["A map of teh trail", "A definately red map"])
    qtbot.waitUntil(lambda: len(answers) == 3, timeout=5_000)
    assert words(answers[-1]) == {
        "A map of teh trail": [("MORFOLOGIK_RULE_EN_US", "teh")],
        "A definately red map": [("MORFOLOGIK_RULE_EN_US", "definately")],
    }
    worker.shutdown()


class Breaks(Recorded):
    """The offline dictionary with a bug: one word makes it raise."""

    def check(self, text: str) -> GrammarResult:
        if "boom" in text:
            raise RuntimeError("the dictionary broke on 'boom'")
        return super().check(text)


def test_a_bug_in_the_service_on_an_alt_text_is_said_and_checking_goes_on(
    qtbot: QtBot,
) -> None:
    worker = GrammarWorker(Breaks(), thread=SerialThread(), debounce_ms=30)
    answers: list[Found] = []
    statuses: list[tuple[str, str]] = []
    worker.alt_findings_ready.connect(answers.append)
    worker.status_changed.connect(lambda state, message: statuses.append((state, message)))
    worker.set_alt_texts(["A boom on the trail"])
    qtbot.waitUntil(lambda: bool(answers), timeout=5_000)
    assert answers[-1] == {}
    assert statuses[-1][0] == "error"
    assert "the dictionary broke on 'boom'" in statuses[-1][1]
    assert worker.problem_kind == "bug"
    worker.set_alt_texts(["A red mapp"])
    qtbot.waitUntil(lambda: len(answers) == 2, timeout=5_000)
    assert words(answers[-1]) == {"A red mapp": [(OFFLINE_RULE, "mapp")]}
    worker.shutdown()
