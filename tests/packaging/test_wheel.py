"""Build a wheel of the project, install it into a fresh venv and use it from outside the tree.

`pip install .` must ship resources/ (example workspace, lexicons, icons, translations): the
CLI then creates a workspace with the example guide and checks a draft against it. Dependencies
come from the project's own .venv (PYTHONPATH), so nothing is downloaded.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
import setuptools  # type: ignore[import-untyped]

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
#: What a build reads; copied so the build leaves no build/ or egg-info in the work tree.
SOURCES = ("pyproject.toml", "setup.py", "README.md", "LICENSE", "composer", "resources")
DRAFT = "Our Trailpro boots are guaranteed to last forever!!!"


def _run(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=cwd,
        env=env,
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv holding only the wheel; returns its bin folder."""
    major = int(setuptools.__version__.split(".")[0])
    assert major >= 77, (
        f"setuptools {setuptools.__version__} cannot build this project (>= 77 needed): "
        "run scripts/install.sh --dev"
    )
    base = tmp_path_factory.mktemp("wheel")
    src = base / "src"
    for name in SOURCES:
        origin = ROOT / name
        if origin.is_dir():
            shutil.copytree(origin, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            src.mkdir(exist_ok=True)
            shutil.copy2(origin, src / name)
    dist = base / "dist"
    built = _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "--no-cache-dir",
        "-w",
        dist,
        src,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    (wheel,) = dist.glob("brand_voice_composer-*.whl")

    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    bin_dir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    python = bin_dir / ("python.exe" if sys.platform == "win32" else "python")
    done = _run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--no-deps",
        "--no-index",
        "--no-cache-dir",
        wheel,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return bin_dir


@pytest.fixture
def outside(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A folder far from the source tree, and an environment whose dependencies are .venv's."""
    env = dict(os.environ)
    # The project's venv supplies PySide6, SQLAlchemy... Its .pth files (the editable install
    # of this very tree) are not read from PYTHONPATH, so `composer` comes from the wheel.
    env["PYTHONPATH"] = sysconfig.get_paths()["purelib"]
    env.pop("BRAND_COMPOSER_WORKSPACE", None)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder, env


def test_wheel_carries_resources_and_the_cli_works_from_it(
    installed: Path, outside: tuple[Path, dict[str, str]]
) -> None:
    folder, env = outside
    python = installed / "python"
    where = _run(
        python,
        "-c",
        "import composer, composer.resources as r; print(composer.__file__); "
        "print(r.resources_root())",
        cwd=folder,
        env=env,
    )
    assert where.returncode == 0, where.stderr
    package_file, resources = where.stdout.splitlines()
    venv_root = installed.parent.resolve()
    assert Path(package_file).resolve().is_relative_to(venv_root), package_file
    assert Path(resources).resolve().is_relative_to(venv_root), resources
    assert (Path(resources) / "example" / ".vale.ini").is_file()
    assert (Path(resources) / "lexicons" / "promotional.yml").is_file()
    assert (Path(resources) / "icons" / "hicolor" / "48x48" / "apps").is_dir()
    assert (Path(resources) / "translations" / "brand_composer.ts").is_file()

    cli = installed / "brand-composer"
    workspace = folder / "ws"
    init = _run(cli, "init", workspace, "--example", cwd=folder, env=env)
    assert init.returncode == 0, init.stdout + init.stderr
    assert (workspace / "brand-guide.yml").is_file()

    draft = folder / "draft.txt"
    draft.write_text(DRAFT + "\n", encoding="utf-8")
    env["BRAND_COMPOSER_WORKSPACE"] = str(workspace)
    check = _run(
        cli,
        "check",
        "--no-grammar",
        "--account",
        "@NorthwindDeals",
        "--format",
        "json",
        draft,
        cwd=folder,
        env=env,
    )
    # Exit 1: the example guide finds errors ("guaranteed" is a banned claim).
    assert check.returncode == 1, check.stdout + check.stderr
    assert "Trailpro" in check.stdout or "TrailPro" in check.stdout
    assert "guaranteed" in check.stdout.lower()
