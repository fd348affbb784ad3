"""Build the PyInstaller one-folder bundle and run it: CLI commands, a workspace, the window.

Slow (about half a minute to build); skipped when PyInstaller is not installed.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        importlib.util.find_spec("PyInstaller") is None,
        reason="PyInstaller is not installed (pip install pyinstaller) - bundle not built",
    ),
]

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "brand-composer.spec"
EXE_NAME = "brand-composer.exe" if sys.platform == "win32" else "brand-composer"
DRAFT = "Buy now!!! Amazing deal on trail shoes"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the bundle once for this module; returns the folder holding the executable."""
    out = tmp_path_factory.mktemp("bundle")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            str(SPEC),
            "--distpath",
            str(out / "dist"),
            "--workpath",
            str(out / "build"),
            "--noconfirm",
            "--log-level",
            "WARN",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    folder = out / "dist" / "brand-composer"
    assert (folder / EXE_NAME).is_file()
    return folder


@pytest.fixture
def bundle_env(tmp_path: Path) -> dict[str, str]:
    """Environment for the bundled app: offscreen Qt and a private home."""
    env = dict(os.environ)
    env.pop("BRAND_COMPOSER_SMOKE_TEST", None)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    return env


def _run(
    bundle: Path, env: dict[str, str], *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bundle / EXE_NAME), *args],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _bundled_guide(bundle: Path) -> Path:
    guides = list(bundle.glob("*/resources/example/brand-guide.yml"))
    assert len(guides) == 1, guides
    return guides[0]


def test_version(bundle: Path, bundle_env: dict[str, str]) -> None:
    from composer import __version__

    result = _run(bundle, bundle_env, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"brand-composer {__version__}"


def test_count_json(bundle: Path, bundle_env: dict[str, str]) -> None:
    result = _run(bundle, bundle_env, "count", "hello", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["weighted_length"] == 5
    assert data["valid"] is True


def test_count_uses_bundled_twitter_data(bundle: Path, bundle_env: dict[str, str]) -> None:
    # A URL counts as 23 whatever its length; that needs composer/core/data in the bundle.
    result = _run(bundle, bundle_env, "count", "see https://example.com/a/very/long/path", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["weighted_length"] == len("see ") + 23


def test_check_matches_source_run(bundle: Path, bundle_env: dict[str, str]) -> None:
    """The bundle (resources, vader lexicon, dictionaries) reports exactly what the source does."""
    guide = _bundled_guide(bundle)
    frozen = _run(bundle, bundle_env, "check", "--guide", str(guide), "-", stdin=DRAFT)
    source = subprocess.run(
        [sys.executable, "-m", "composer", "check", "--guide", str(guide), "-"],
        input=DRAFT,
        env=bundle_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert frozen.stderr == source.stderr
    assert frozen.returncode == source.returncode == 1
    assert "Northwind.Hype" in frozen.stdout
    assert "Tone.Promotional" in frozen.stdout
    assert frozen.stdout == source.stdout


def test_init_and_migrations(bundle: Path, bundle_env: dict[str, str], tmp_path: Path) -> None:
    """Alembic's env.py and versions/ are in the bundle: a workspace database is created."""
    space = tmp_path / "ws"
    created = _run(bundle, bundle_env, "init", str(space))
    assert created.returncode == 0, created.stderr
    assert (space / "composer.sqlite3").is_file()
    upgraded = _run(bundle, bundle_env, "--workspace", str(space), "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    # Every migration made it into the bundle: the database is at the source tree's head.
    from composer.store.migrate import head_revision

    assert f"revision {head_revision()}" in upgraded.stdout
    accounts = _run(bundle, bundle_env, "--workspace", str(space), "account", "list")
    assert accounts.returncode == 0, accounts.stderr
    assert "@NorthwindHelp" in accounts.stdout


def test_window_smoke(bundle: Path, bundle_env: dict[str, str], tmp_path: Path) -> None:
    """Started offscreen with BRAND_COMPOSER_SMOKE_TEST, the window opens and the app exits 0."""
    space = tmp_path / "ws"
    assert _run(bundle, bundle_env, "init", str(space)).returncode == 0
    env = dict(bundle_env, BRAND_COMPOSER_SMOKE_TEST="1")
    result = _run(bundle, env, "--workspace", str(space))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_window_without_workspace_fails_cleanly(
    bundle: Path, bundle_env: dict[str, str], tmp_path: Path
) -> None:
    env = dict(bundle_env, BRAND_COMPOSER_SMOKE_TEST="1")
    missing = tmp_path / "nowhere"
    result = _run(bundle, env, "--workspace", str(missing))
    assert result.returncode == 2
    assert str(missing) in result.stderr
    assert "Traceback" not in result.stderr
