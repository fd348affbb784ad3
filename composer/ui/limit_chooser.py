"""Chooses how the draft is counted: the twitter-text config and the character limit."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from composer.ui.translations import QT_TRANSLATE_NOOP

#: (config name, label) in the order shown.
CONFIGS: tuple[tuple[str, str], ...] = (
    ("v1", QT_TRANSLATE_NOOP("LimitChooser", "Classic (v1): every character counts 1")),
    ("v2", QT_TRANSLATE_NOOP("LimitChooser", "Weighted (v2): CJK counts 2")),
    ("v3", QT_TRANSLATE_NOOP("LimitChooser", "Weighted (v3): CJK and emoji count 2")),
)
_DEFAULT_LIMITS = {"v1": 140, "v2": 280, "v3": 280}


class LimitChooser(QWidget):
    """A config combo box and a limit spin box.

    Signals:
        changed(str, int): the config name or the limit changed.
    """

    changed = Signal(str, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.config_box = QComboBox()
        self.config_box.setAccessibleName(self.tr("Counting"))
        for name, label in CONFIGS:
            self.config_box.addItem(self.tr(label), name)
        self.limit_box = QSpinBox()
        self.limit_box.setRange(1, 25_000)
        self.limit_box.setValue(140)
        self.limit_box.setAccessibleName(self.tr("Character limit"))
        self.limit_box.setToolTip(self.tr("The account's character limit"))
        counting_label = QLabel(self.tr("&Counting:"))
        counting_label.setBuddy(self.config_box)
        limit_label = QLabel(self.tr("&Limit:"))
        limit_label.setBuddy(self.limit_box)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(counting_label)
        layout.addWidget(self.config_box)
        layout.addSpacing(8)
        layout.addWidget(limit_label)
        layout.addWidget(self.limit_box)
        self.config_box.currentIndexChanged.connect(self._on_config_changed)
        self.limit_box.valueChanged.connect(self._emit)

    @property
    def config_name(self) -> str:
        """The chosen config name (v1, v2 or v3)."""
        return str(self.config_box.currentData())

    @property
    def limit(self) -> int:
        """The chosen limit."""
        return self.limit_box.value()

    def set_choice(self, config_name: str, limit: int) -> None:
        """Select ``config_name`` and ``limit`` (emits ``changed`` once)."""
        self.blockSignals(True)
        index = self.config_box.findData(config_name)
        self.config_box.setCurrentIndex(max(0, index))
        self.limit_box.setValue(limit)
        self.blockSignals(False)
        self._emit()

    def _on_config_changed(self) -> None:
        # Switching config adopts that config's usual limit, as a user would expect.
        self.limit_box.blockSignals(True)
        self.limit_box.setValue(_DEFAULT_LIMITS.get(self.config_name, self.limit))
        self.limit_box.blockSignals(False)
        self._emit()

    def _emit(self) -> None:
        self.changed.emit(self.config_name, self.limit)
