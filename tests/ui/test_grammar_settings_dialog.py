"""Settings ▸ Grammar: modes, the public-API warning, and Test connection against the protocol server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers.lt_server import LanguageToolTestServer, refused_url, running_server
from pytestqt.qtbot import QtBot

from composer.services.workspace import GrammarSettings
from composer.ui.settings.grammar_settings_dialog import GrammarSettingsDialog
from composer.ui.workers import InlineRunner


@pytest.fixture
def lt_server() -> Iterator[LanguageToolTestServer]:
    with running_server() as server:
        yield server


def test_public_mode_shows_the_warning(qtbot: QtBot) -> None:
    dialog = GrammarSettingsDialog(GrammarSettings(), runner=InlineRunner())
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.warning.isVisible()
    dialog.mode.setCurrentIndex(dialog.mode.findData("public"))
    assert dialog.warning.isVisible()
    assert "leave" in dialog.warning.text() or "outside" in dialog.warning.text()
    assert dialog.settings().public_api_consent is False


def test_test_connection_reports_version_and_languages(
    qtbot: QtBot, lt_server: LanguageToolTestServer
) -> None:
    dialog = GrammarSettingsDialog(
        GrammarSettings(mode="server", server_url=lt_server.url), runner=InlineRunner()
    )
    qtbot.addWidget(dialog)
    dialog.test_button.click()
    assert "LanguageTool" in dialog.result_label.text()
    assert "languages" in dialog.result_label.text()


def test_test_connection_names_a_refused_server(qtbot: QtBot) -> None:
    dialog = GrammarSettingsDialog(
        GrammarSettings(mode="server", server_url=refused_url()), runner=InlineRunner()
    )
    qtbot.addWidget(dialog)
    dialog.test_button.click()
    assert "Connection failed" in dialog.result_label.text()
    assert "refused" in dialog.result_label.text()


def test_settings_round_trip(qtbot: QtBot) -> None:
    current = GrammarSettings(mode="server", server_url="http://lt:8081", timeout_seconds=3.0)
    dialog = GrammarSettingsDialog(current, runner=InlineRunner())
    qtbot.addWidget(dialog)
    assert dialog.settings() == current
