"""Build hook: the package list, which pyproject.toml alone cannot express.

Everything else is declared in pyproject.toml. The top-level ``resources/`` folder stays the
one source of truth; ``[tool.setuptools.package-dir]`` maps it to ``composer._resources`` so
that a wheel (``pip install .``) carries the example workspace, lexicons, icons and
translations, and ``composer.resources`` finds it there. Its files are package data of
``composer._resources``; its folders are listed too, because setuptools warns about (and may
one day drop) data folders that Python could import but the package list leaves out.
"""

from pathlib import Path

from setuptools import find_packages, setup  # type: ignore[import-untyped]

HERE = Path(__file__).resolve().parent


def data_packages(folder: Path, package: str) -> list[str]:
    """``package`` and one dotted name per importable-looking folder below ``folder``."""
    names = [package]
    for sub in sorted(p for p in folder.rglob("*") if p.is_dir()):
        parts = sub.relative_to(folder).parts
        if all(part.isidentifier() and part != "__pycache__" for part in parts):
            names.append(".".join((package, *parts)))
    return names


setup(
    packages=[
        *find_packages(include=["composer", "composer.*"]),
        *data_packages(HERE / "composer" / "core" / "data", "composer.core.data"),
        *data_packages(HERE / "resources", "composer._resources"),
    ]
)
