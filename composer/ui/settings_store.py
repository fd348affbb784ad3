"""Typed access to the declared settings (:mod:`composer.settings`) through QSettings."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from composer import settings as decl


class SettingsStore:
    """Reads and writes the declared settings; nothing else touches QSettings keys."""

    def __init__(self, qsettings: QSettings) -> None:
        self._q = qsettings

    def _get(self, spec: decl.SettingSpec) -> object:
        value = self._q.value(spec.key, spec.default)
        if spec.type is bool and isinstance(value, str):
            return value.lower() in {"true", "1", "yes"}
        if spec.type is int:
            try:
                return int(value)  # type: ignore[call-overload]
            except (TypeError, ValueError):
                return spec.default
        return value

    @property
    def counting_config(self) -> str:
        """Counting config name when no account is chosen."""
        value = self._get(decl.COUNTING_CONFIG)
        return str(value) if value in {"v1", "v2", "v3"} else "v1"

    @counting_config.setter
    def counting_config(self, value: str) -> None:
        self._q.setValue(decl.COUNTING_CONFIG.key, value)

    @property
    def limit(self) -> int:
        """Character limit when no account is chosen."""
        value = self._get(decl.LIMIT)
        return value if isinstance(value, int) and 1 <= value <= 100_000 else 140

    @limit.setter
    def limit(self, value: int) -> None:
        self._q.setValue(decl.LIMIT.key, value)

    @property
    def thread_numbering(self) -> bool:
        """Whether thread posts get ' 1/3' numbers."""
        return bool(self._get(decl.THREAD_NUMBERING))

    @thread_numbering.setter
    def thread_numbering(self, value: bool) -> None:
        self._q.setValue(decl.THREAD_NUMBERING.key, value)

    @property
    def last_account(self) -> str:
        """The account chosen last time."""
        return str(self._get(decl.LAST_ACCOUNT) or "")

    @last_account.setter
    def last_account(self, value: str) -> None:
        self._q.setValue(decl.LAST_ACCOUNT.key, value)

    @property
    def welcome_dismissed(self) -> bool:
        """Whether the first-run welcome panel was closed (it then stays closed)."""
        return bool(self._get(decl.WELCOME_DISMISSED))

    @welcome_dismissed.setter
    def welcome_dismissed(self, value: bool) -> None:
        self._q.setValue(decl.WELCOME_DISMISSED.key, value)

    def geometry(self) -> QByteArray | None:
        """The saved window geometry, if any."""
        value = self._q.value(decl.WINDOW_GEOMETRY.key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def window_state(self) -> QByteArray | None:
        """The saved window state (toolbars, docks), if any."""
        value = self._q.value(decl.WINDOW_STATE.key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        """Remember the window's geometry and state."""
        self._q.setValue(decl.WINDOW_GEOMETRY.key, geometry)
        self._q.setValue(decl.WINDOW_STATE.key, state)
        self._q.sync()
