"""Locate the files under the top-level ``resources/`` folder.

In a source checkout or an editable install the folder sits next to the ``composer``
package; a PyInstaller bundle puts it beside the executable (``sys._MEIPASS``); a wheel
install ships it inside the package as ``composer/_resources`` (see setup.py). Looking only at
files (no Qt, no network) keeps this usable from the core's callers and the CLI alike.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def resources_root() -> Path:
    """The ``resources`` folder.

    Raises:
        FileNotFoundError: no copy of the folder can be found (a broken install).
    """
    # Inside the package first: a site-packages/resources of some other project must not win.
    candidates = [_PACKAGE_DIR / "_resources", _PACKAGE_DIR.parent / "resources"]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.insert(0, Path(bundle) / "resources")
    candidates.append(Path(sys.prefix) / "share" / "brand-voice-composer" / "resources")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    searched = ", ".join(str(c) for c in candidates)
    raise FileNotFoundError(f"the resources folder is missing (looked in {searched})")


def resource_path(*parts: str) -> Path:
    """Path of a file or folder inside ``resources/``, e.g. ``resource_path("lexicons")``."""
    return resources_root().joinpath(*parts)
