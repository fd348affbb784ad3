"""Workspace resolution, workspace.toml validation and saving grammar settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from composer.services.workspace import (
    GrammarSettings,
    WorkspaceError,
    init_workspace,
    load_workspace,
    resolve_workspace,
    save_grammar_settings,
)


def test_init_copies_the_example_and_defaults_to_sqlite(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws", example=True)
    assert ws.guide_path.is_file()
    assert ws.database_url.startswith("sqlite:///")
    assert ws.grammar.mode == "offline"  # spelling on by default (issue 19)
    again = init_workspace(tmp_path / "ws", example=True)  # idempotent
    assert again == ws


def test_default_workspace_is_created_on_first_use() -> None:
    ws = resolve_workspace(None)
    assert (ws.root / "workspace.toml").is_file()
    assert ws.guide_path.name == "brand-guide.yml"


def test_env_variable_selects_the_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    init_workspace(tmp_path / "team", example=True)
    monkeypatch.setenv("BRAND_COMPOSER_WORKSPACE", str(tmp_path / "team"))
    assert resolve_workspace(None).root == (tmp_path / "team").resolve()


def test_missing_explicit_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="does not exist"):
        resolve_workspace(tmp_path / "nope")


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("colour = 1", "unknown key 'colour'"),
        ("[grammar]\nmode = 'loud'", "grammar.mode"),
        ("[grammar]\nmode = 'server'", "server_url"),
        ("[grammar]\ntimeout_seconds = -1", "timeout_seconds"),
        ("guide = [", "workspace.toml"),
    ],
)
def test_bad_settings_name_the_key(tmp_path: Path, toml: str, message: str) -> None:
    (tmp_path / "workspace.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(WorkspaceError, match=message):
        load_workspace(tmp_path)


def test_database_url_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRAND_COMPOSER_DATABASE_URL", "postgresql+psycopg://db/brand")
    assert load_workspace(tmp_path).database_url == "postgresql+psycopg://db/brand"


def test_save_grammar_settings_keeps_the_rest(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws", example=True)
    saved = save_grammar_settings(
        ws.root, GrammarSettings(mode="server", server_url='http://lt:8081/"x"', timeout_seconds=3)
    )
    assert saved.grammar.mode == "server"
    assert saved.grammar.server_url == 'http://lt:8081/"x"'
    assert saved.guide_path == ws.guide_path
    text = (ws.root / "workspace.toml").read_text(encoding="utf-8")
    assert text.count("[grammar]") == 1


def test_invalid_grammar_settings_are_not_written(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws", example=True)
    before = (ws.root / "workspace.toml").read_text(encoding="utf-8")
    with pytest.raises(WorkspaceError):
        save_grammar_settings(ws.root, GrammarSettings(mode="server", server_url=""))
    assert (ws.root / "workspace.toml").read_text(encoding="utf-8") == before
