"""Settings ▸ Grammar, local mode: Java status, the download's progress bar and Cancel, an
existing folder, and the fall-back to offline (a local file server, never the internet)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.file_server import make_languagetool_zip, refused_url, serve_directory
from pytestqt.qtbot import QtBot

from composer.services.workspace import GrammarSettings
from composer.ui.settings.grammar_settings_dialog import GrammarSettingsDialog
from composer.ui.workers import InlineRunner


@pytest.fixture
def archive_url(tmp_path: Path) -> Iterator[str]:
    root = tmp_path / "www"
    root.mkdir()
    make_languagetool_zip(root / "LanguageTool-6.6.zip", payload_bytes=2_000_000)
    # A slow network (about 0.3 s for the archive), so a cancel lands mid-way.
    with serve_directory(root, chunk_delay=0.01) as base:
        yield base + "LanguageTool-6.6.zip"


def _dialog(qtbot: QtBot, url: str, dest: Path, java: int | None = 17) -> GrammarSettingsDialog:
    dialog = GrammarSettingsDialog(
        GrammarSettings(mode="local"),
        runner=InlineRunner(),
        download_url=url,
        install_dir=dest,
        java_version=lambda: java,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_local_mode_shows_the_panel_and_java(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, refused_url(), tmp_path / "lt")
    assert dialog.local_setup.isVisible()
    assert "Java: found" in dialog.local_setup.java_label.text()
    dialog.mode.setCurrentIndex(dialog.mode.findData("server"))
    assert not dialog.local_setup.isVisible()


def test_missing_java_says_how_to_install_it(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, refused_url(), tmp_path / "lt", java=None)
    assert "sudo apt install default-jre" in dialog.local_setup.java_label.text()


def test_download_moves_the_progress_bar_and_sets_local(
    qtbot: QtBot, tmp_path: Path, archive_url: str
) -> None:
    dialog = _dialog(qtbot, archive_url, tmp_path / "lt")
    panel = dialog.local_setup
    values: list[int] = []
    panel.progress.valueChanged.connect(values.append)
    with qtbot.waitSignal(panel.outcome_ready, timeout=20_000):
        panel.download_button.click()
        assert panel.progress.isVisible() and panel.cancel_button.isVisible()
    assert values and values[-1] == 1000 and values == sorted(values)
    assert not panel.progress.isVisible() and not panel.cancel_button.isVisible()
    settings = dialog.settings()
    assert settings.mode == "local"
    assert settings.languagetool_path == str(tmp_path / "lt" / "LanguageTool-6.6")
    assert "LanguageTool is set up" in dialog.result_label.text()


def test_cancel_stops_the_download_and_installs_nothing(
    qtbot: QtBot, tmp_path: Path, archive_url: str
) -> None:
    dialog = _dialog(qtbot, archive_url, tmp_path / "lt")
    panel = dialog.local_setup
    # Cancel as soon as the first bytes arrive.
    panel.progress.valueChanged.connect(lambda _v: panel.cancel_button.click())
    with qtbot.waitSignal(panel.outcome_ready, timeout=20_000) as blocker:
        panel.download_button.click()
    outcome = blocker.args[0]
    assert outcome.cancelled
    assert "cancelled" in dialog.result_label.text()
    assert dialog.settings().mode == "local"  # unchanged
    assert dialog.settings().languagetool_path == ""
    assert sorted((tmp_path / "lt").rglob("*")) == []


def test_offline_download_falls_back_to_offline_mode(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, refused_url(), tmp_path / "lt")
    with qtbot.waitSignal(dialog.local_setup.outcome_ready, timeout=20_000):
        dialog.local_setup.download_button.click()
    assert dialog.settings().mode == "offline"
    text = dialog.result_label.text()
    assert "could not be downloaded" in text and "offline dictionary" in text


def test_an_existing_folder_is_used(qtbot: QtBot, tmp_path: Path) -> None:
    folder = tmp_path / "LanguageTool-6.5"
    folder.mkdir()
    (folder / "languagetool-server.jar").write_bytes(b"jar")
    dialog = _dialog(qtbot, refused_url(), tmp_path / "lt")
    dialog.local_setup.use_existing(str(folder / "languagetool-server.jar"))
    assert dialog.settings().languagetool_path == str(folder.resolve())
    assert dialog.settings().mode == "local"
    dialog.local_setup.use_existing(str(tmp_path / "nothing-here"))
    assert "does not exist" in dialog.result_label.text()
    assert dialog.settings().languagetool_path == str(folder.resolve())


def test_closing_the_dialog_mid_download_cancels_it(qtbot: QtBot, tmp_path: Path) -> None:
    root = tmp_path / "www"
    root.mkdir()
    make_languagetool_zip(root / "LanguageTool-6.6.zip", payload_bytes=2_000_000)
    with serve_directory(root, chunk_delay=0.05) as base:
        dialog = _dialog(qtbot, base + "LanguageTool-6.6.zip", tmp_path / "lt")
        panel = dialog.local_setup
        with qtbot.waitSignal(panel.progress.valueChanged, timeout=20_000):
            panel.download_button.click()
        assert panel.downloading
        dialog.reject()
        assert not panel.downloading
    assert sorted((tmp_path / "lt").rglob("*")) == []
