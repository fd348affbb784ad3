"""Every user setting, declared once with its type, default and meaning.

Storage is the UI's business (``composer.ui.settings_store`` keeps them in QSettings);
this module holds only the declarations, so the CLI, docs and tests can list them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SettingSpec:
    """One setting: its key, Python type, default, description and restart need."""

    key: str
    type: type
    default: object
    description: str
    needs_restart: bool = False


COUNTING_CONFIG = SettingSpec(
    "composer/counting_config", str, "v1", "Counting config used when no account is chosen"
)
LIMIT = SettingSpec("composer/limit", int, 140, "Character limit used when no account is chosen")
THREAD_NUMBERING = SettingSpec(
    "composer/thread_numbering", bool, True, "Append ' 1/3'-style numbers to thread posts"
)
LAST_ACCOUNT = SettingSpec("composer/last_account", str, "", "The account chosen last time")
WELCOME_DISMISSED = SettingSpec(
    "help/welcome_dismissed", bool, False, "The first-run welcome panel was closed"
)
WINDOW_GEOMETRY = SettingSpec("window/geometry", bytes, b"", "Main window size and position")
WINDOW_STATE = SettingSpec("window/state", bytes, b"", "Main window splitter and toolbar layout")

ALL_SETTINGS: tuple[SettingSpec, ...] = (
    COUNTING_CONFIG,
    LIMIT,
    THREAD_NUMBERING,
    LAST_ACCOUNT,
    WELCOME_DISMISSED,
    WINDOW_GEOMETRY,
    WINDOW_STATE,
)
