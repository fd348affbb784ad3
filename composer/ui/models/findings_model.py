"""A list model over a check report's findings."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QPainter, QPixmap

from composer.core.findings import Finding, Level
from composer.ui import palette
from composer.ui.translations import QT_TRANSLATE_NOOP

_Index = QModelIndex | QPersistentModelIndex

_LEVEL_NAMES = {
    Level.ERROR: QT_TRANSLATE_NOOP("Level", "Error"),
    Level.WARNING: QT_TRANSLATE_NOOP("Level", "Warning"),
    Level.SUGGESTION: QT_TRANSLATE_NOOP("Level", "Suggestion"),
}


def level_label(level: Level) -> str:
    """The level's name as the user reads it ("Error", translated)."""
    return QCoreApplication.translate("Level", _LEVEL_NAMES[level])


def _level_dot(level: Level) -> QPixmap:
    """A small coloured dot for the level (colour is never the only cue: the text says it)."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(palette.level_color(level))
    painter.setPen(palette.level_color(level))
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return pixmap


class FindingRole(IntEnum):
    """Custom roles of :class:`FindingsModel`."""

    FINDING = Qt.ItemDataRole.UserRole + 1
    LEVEL = Qt.ItemDataRole.UserRole + 2
    RULE = Qt.ItemDataRole.UserRole + 3


class FindingsModel(QAbstractListModel):
    """One row per finding, in report order (by position)."""

    def __init__(self) -> None:
        super().__init__()
        self._findings: tuple[Finding, ...] = ()
        self._text = ""

    def set_findings(self, findings: tuple[Finding, ...], text: str) -> None:
        """Replace the rows."""
        self.beginResetModel()
        self._findings = findings
        self._text = text
        self.endResetModel()

    def finding(self, row: int) -> Finding | None:
        """The finding at ``row``, if any."""
        return self._findings[row] if 0 <= row < len(self._findings) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt default
        """Number of findings."""
        return 0 if parent.isValid() else len(self._findings)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Display text, tooltip, level colour and the custom roles."""
        finding = self.finding(index.row()) if index.isValid() else None
        if finding is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            excerpt = self._text[finding.start : finding.end]
            if len(excerpt) > 30:
                excerpt = excerpt[:29] + "…"
            quoted = f" “{excerpt}”" if excerpt.strip() else ""
            return f"{level_label(finding.level)}: {finding.message}{quoted}"
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [f"<b>{finding.rule}</b> ({finding.source.value})", finding.message]
            if finding.description:
                parts.append(finding.description)
            if finding.replacements:
                fixes = ", ".join(f"“{r}”" for r in finding.replacements[:5])
                parts.append(self.tr("Fix: %1").replace("%1", fixes))
            if finding.link:
                parts.append(finding.link)
            return "<br>".join(parts)
        if role == Qt.ItemDataRole.DecorationRole:
            return _level_dot(finding.level)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{level_label(finding.level)}, {finding.message}"
        if role == FindingRole.FINDING:
            return finding
        if role == FindingRole.LEVEL:
            return finding.level.value
        if role == FindingRole.RULE:
            return finding.rule
        return None
