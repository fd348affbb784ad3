"""LanguageTool set-up for local mode: download with progress and cancel, verification,
an existing folder or jar, and the fall-back to offline mode (a local file server, never the
internet)."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.file_server import make_languagetool_zip, refused_url, serve_directory

from composer.cli import main
from composer.services import lt_setup
from composer.services.lt_setup import (
    SetupCancelled,
    SetupError,
    find_languagetool,
    install_languagetool,
    setup_local,
)
from composer.services.workspace import GrammarSettings, init_workspace, load_workspace


def java17() -> int:
    return 17


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """(URL of a LanguageTool-shaped zip on 127.0.0.1, the zip)."""
    root = tmp_path / "www"
    root.mkdir()
    archive = make_languagetool_zip(root / "LanguageTool-6.6.zip")
    (root / "broken.zip").write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    (root / "garbage.zip").write_bytes(b"this is no zip file at all" * 100)
    with serve_directory(root) as base:
        yield base + "LanguageTool-6.6.zip", archive


def _leftovers(dest: Path) -> list[Path]:
    return sorted(dest.rglob("*")) if dest.exists() else []


def test_download_reports_progress_and_installs(served, tmp_path):
    url, archive = served
    sha = hashlib.sha256(archive.read_bytes()).hexdigest()
    calls: list[tuple[int, int | None]] = []
    folder = install_languagetool(
        url, tmp_path / "lt", progress=lambda d, t: calls.append((d, t)), sha256=sha
    )
    assert folder == tmp_path / "lt" / "LanguageTool-6.6"
    assert (folder / "languagetool-server.jar").is_file()
    size = archive.stat().st_size
    assert calls[0] == (0, size) and calls[-1] == (size, size)
    assert len(calls) > 3  # several chunks, increasing
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    # Only the unpacked folder remains: no archive, no temporary folder.
    assert [p.name for p in (tmp_path / "lt").iterdir()] == ["LanguageTool-6.6"]


def test_cancel_leaves_no_partial_install(served, tmp_path):
    url, _ = served
    dest = tmp_path / "lt"
    flag = threading.Event()

    def progress(done: int, total: int | None) -> None:
        if done > 0:
            flag.set()  # the person presses Cancel after the first chunk

    with pytest.raises(SetupCancelled):
        install_languagetool(url, dest, progress=progress, cancelled=flag.is_set)
    assert _leftovers(dest) == []


def test_wrong_checksum_is_refused(served, tmp_path):
    url, _ = served
    with pytest.raises(SetupError, match="SHA-256 does not match") as info:
        install_languagetool(url, tmp_path / "lt", sha256="0" * 64)
    assert info.value.kind == "archive"
    assert _leftovers(tmp_path / "lt") == []


@pytest.mark.parametrize("name", ["broken.zip", "garbage.zip"])
def test_corrupt_archive_is_refused(served, tmp_path, name):
    url, _ = served
    with pytest.raises(SetupError, match=r"not a readable zip|corrupt") as info:
        install_languagetool(url.rsplit("/", 1)[0] + "/" + name, tmp_path / "lt")
    assert info.value.kind == "archive"
    assert _leftovers(tmp_path / "lt") == []


def test_archive_without_languagetool_is_refused(tmp_path):
    root = tmp_path / "www"
    root.mkdir()
    import zipfile

    with zipfile.ZipFile(root / "other.zip", "w") as zipped:
        zipped.writestr("other/readme.txt", "hello")
    with serve_directory(root) as base, pytest.raises(SetupError, match="no languagetool-server"):
        install_languagetool(base + "other.zip", tmp_path / "lt")
    assert _leftovers(tmp_path / "lt") == []


def test_missing_file_is_a_download_error(served, tmp_path):
    url, _ = served
    with pytest.raises(SetupError, match=r"could not be downloaded.*HTTP 404") as info:
        install_languagetool(url.replace("6.6", "9.9"), tmp_path / "lt")
    assert info.value.kind == "download"


def test_offline_falls_back_to_offline_mode(tmp_path):
    url = refused_url()
    outcome = setup_local(
        GrammarSettings(mode="off"), url=url, dest=tmp_path / "lt", java_version=java17
    )
    assert not outcome.ok and not outcome.cancelled
    assert outcome.settings.mode == "offline"
    assert f"could not be downloaded from {url}" in outcome.message
    assert "refused" in outcome.message and "offline dictionary (mode offline)" in outcome.message
    assert _leftovers(tmp_path / "lt") == []


def test_missing_java_says_how_to_install_it(tmp_path):
    outcome = setup_local(
        GrammarSettings(mode="local"), url=refused_url(), java_version=lambda: None
    )
    assert outcome.settings.mode == "offline"
    assert "no Java was found" in outcome.message
    assert "sudo apt install default-jre" in outcome.message
    old = setup_local(GrammarSettings(), url=refused_url(), java_version=lambda: 11)
    assert "Java 11 was found" in old.message


def test_setup_success_sets_local_mode_with_the_folder(served, tmp_path):
    url, _ = served
    outcome = setup_local(
        GrammarSettings(mode="offline", timeout_seconds=7.0),
        url=url,
        dest=tmp_path / "lt",
        java_version=java17,
    )
    assert outcome.ok
    assert outcome.settings == GrammarSettings(
        mode="local",
        timeout_seconds=7.0,
        languagetool_path=str(tmp_path / "lt" / "LanguageTool-6.6"),
    )


def test_cancelled_setup_keeps_the_settings(served, tmp_path):
    url, _ = served
    current = GrammarSettings(mode="server", server_url="http://x:1")
    outcome = setup_local(
        current, url=url, dest=tmp_path / "lt", java_version=java17, cancelled=lambda: True
    )
    assert outcome.cancelled and outcome.settings == current
    assert "cancelled" in outcome.message


def test_existing_folder_or_jar(tmp_path):
    folder = tmp_path / "LanguageTool-6.6"
    folder.mkdir()
    (folder / "languagetool-server.jar").write_bytes(b"jar")
    assert find_languagetool(folder) == folder.resolve()
    assert find_languagetool(folder / "languagetool-server.jar") == folder.resolve()
    assert find_languagetool(tmp_path) == folder.resolve()  # the folder it was unpacked into
    outcome = setup_local(GrammarSettings(), existing=folder, java_version=java17)
    assert outcome.ok and outcome.settings.languagetool_path == str(folder.resolve())


def test_wrong_existing_path_changes_nothing(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(SetupError, match="not a LanguageTool jar"):
        find_languagetool(tmp_path / "notes.txt")
    with pytest.raises(SetupError, match="does not exist"):
        find_languagetool(tmp_path / "missing")
    current = GrammarSettings(mode="off")
    outcome = setup_local(current, existing=tmp_path, java_version=java17)
    assert not outcome.ok and outcome.settings == current
    assert "holds no languagetool-server.jar" in outcome.message


def test_languagetool_path_round_trips_through_workspace_toml(tmp_path):
    from composer.services.workspace import save_grammar_settings

    init_workspace(tmp_path / "ws", example=False)
    settings = GrammarSettings(mode="local", languagetool_path="/opt/LanguageTool-6.6")
    assert save_grammar_settings(tmp_path / "ws", settings).grammar == settings


# --- brand-composer grammar setup ---------------------------------------------------------


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    init_workspace(tmp_path / "ws", example=False)
    return tmp_path / "ws"


@pytest.fixture
def java_ok(monkeypatch):
    monkeypatch.setattr(lt_setup, "java_problem", lambda java_version=None: None)


def test_cli_setup_downloads_with_a_progress_bar(served, workspace, tmp_path, capsys, java_ok):
    url, _ = served
    code = main(
        [
            "--workspace",
            str(workspace),
            "grammar",
            "setup",
            "--url",
            url,
            "--dest",
            str(tmp_path / "lt"),
        ]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "LanguageTool is set up in" in out
    assert "LanguageTool: 100%" in err  # tqdm's bar
    grammar = load_workspace(workspace).grammar
    assert grammar.mode == "local"
    assert grammar.languagetool_path == str(tmp_path / "lt" / "LanguageTool-6.6")


def test_cli_setup_offline_falls_back(workspace, tmp_path, capsys, java_ok):
    code = main(
        [
            "--workspace",
            str(workspace),
            "grammar",
            "setup",
            "--url",
            refused_url(),
            "--dest",
            str(tmp_path / "lt"),
        ]
    )
    _, err = capsys.readouterr()
    assert code == 1
    assert err.startswith("brand-composer: LanguageTool could not be downloaded from")
    assert "mode offline" in err and "Traceback" not in err
    assert load_workspace(workspace).grammar.mode == "offline"


def test_cli_setup_from_existing_and_bad_path(workspace, tmp_path, capsys, java_ok):
    folder = tmp_path / "LT"
    folder.mkdir()
    (folder / "languagetool-server.jar").write_bytes(b"jar")
    assert main(["--workspace", str(workspace), "grammar", "setup", "--from", str(folder)]) == 0
    assert load_workspace(workspace).grammar.languagetool_path == str(folder.resolve())
    capsys.readouterr()
    code = main(["--workspace", str(workspace), "grammar", "setup", "--from", str(tmp_path / "no")])
    _, err = capsys.readouterr()
    assert code == 2 and "--from:" in err and "does not exist" in err
    assert load_workspace(workspace).grammar.languagetool_path == str(folder.resolve())


def test_local_mode_with_a_vanished_folder_says_so(tmp_path):
    from composer.services.grammar import GrammarService

    gone = tmp_path / "LanguageTool-6.6"
    service = GrammarService(
        GrammarSettings(mode="local", languagetool_path=str(gone)), language="en-US"
    )
    try:
        result = service.check("I recieve it.")
    finally:
        service.close()
    assert f"the LanguageTool folder {gone} is missing" in result.message
    assert "grammar setup" in result.message
