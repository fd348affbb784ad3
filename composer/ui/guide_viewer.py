"""A read-only view of the guide: the rules in force for the chosen account, by level.

The chosen rule's whole message (and its link) shows below the list; **Open Guide File**
opens the guide in the system's editor and **Show Folder** its folder (through an opener
that tests replace).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from composer.core.checker import Checker
from composer.core.findings import Level
from composer.core.guide.model import Account
from composer.ui import palette
from composer.ui.guide_diff_dialog import Compare, GuideDiffDialog
from composer.ui.models.findings_model import level_label

#: Opens a URL with the desktop (``QDesktopServices.openUrl``); True when it could.
Opener = Callable[[QUrl], bool]


class GuideViewer(QWidget):
    """Lists every rule the checker applies to an account, with message, kind and link.

    Args:
        parent: Qt parent.
        opener: Opens the guide file or its folder (default: the desktop's handler).
    """

    def __init__(
        self, parent: QWidget | None = None, *, opener: Opener = QDesktopServices.openUrl
    ) -> None:
        super().__init__(parent)
        self.opener = opener
        self.guide_path: Path | None = None
        self.setAccessibleName(self.tr("Guide"))
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(self.tr("Rules in force"))
        self.tree.setHeaderLabels([self.tr("Rule"), self.tr("Kind"), self.tr("Message")])
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setColumnWidth(0, 200)
        self.details = QLabel()
        self.details.setAccessibleName(self.tr("The rule's whole message"))
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton(self.tr("Open Guide File"))
        self.open_button.setAccessibleName(self.tr("Open the guide file in its editor"))
        self.open_button.setToolTip(self.tr("Edit the guide in the system's editor"))
        self.folder_button = QPushButton(self.tr("Show Folder"))
        self.folder_button.setAccessibleName(self.tr("Show the guide's folder"))
        self.folder_button.setToolTip(self.tr("Open the folder that holds the guide"))
        self.compare_button = QPushButton(self.tr("Compare With…"))
        self.compare_button.setAccessibleName(self.tr("Compare with another guide"))
        self.compare_button.setToolTip(
            self.tr("What another guide would flag in past drafts and published posts")
        )
        #: Makes the comparison of the current guide (its path) with another; set by the window.
        self.compare_factory: Callable[[str], Compare] | None = None
        #: The comparison dialog while it is open.
        self.diff_dialog: GuideDiffDialog | None = None
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.folder_button)
        buttons.addWidget(self.compare_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.details)
        layout.addLayout(buttons)
        self.tree.currentItemChanged.connect(self._on_tree_current_changed)
        self.open_button.clicked.connect(self.open_guide)
        self.folder_button.clicked.connect(self.show_folder)
        self.compare_button.clicked.connect(self.open_compare)
        self._sync_buttons()
        self._shown: tuple[Checker | None, Account | None] = (None, None)

    def changeEvent(self, event: QEvent) -> None:
        """Recolour the level groups when the system switches between light and dark."""
        super().changeEvent(event)
        if palette.is_palette_change(event) and self._shown[0] is not None:
            self.show_rules(*self._shown)

    def show_rules(self, checker: Checker | None, account: Account | None) -> None:
        """Show the rules ``checker`` applies to ``account``, grouped by level."""
        self._shown = (checker, account)
        self.tree.clear()
        self.details.clear()
        if checker is None or account is None:
            self.header.setText(self.tr("No guide is loaded."))
            self._sync_buttons()
            return
        guide = checker.guide
        self.guide_path = Path(guide.path) if guide.path else None
        self._sync_buttons()
        rules = checker.rules_for(account)
        self.header.setText(
            self.tr("%1 · %2 rules for %3 (%4). Guide: %5")
            .replace("%1", guide.brand)
            .replace("%2", str(len(rules)))
            .replace("%3", account.handle)
            .replace("%4", account.purpose or self.tr("no purpose given"))
            .replace("%5", guide.path)
        )
        groups: dict[Level, QTreeWidgetItem] = {}
        for level in (Level.ERROR, Level.WARNING, Level.SUGGESTION):
            item = QTreeWidgetItem([level_label(level), "", ""])
            item.setForeground(0, palette.level_color(level))
            groups[level] = item
        for rule, level in sorted(rules, key=lambda rl: (rl[1].rank, rl[0].id)):
            child = QTreeWidgetItem([rule.id, type(rule).extends, rule.message])
            tip = rule.message + (f"\n{rule.link}" if rule.link else "")
            child.setToolTip(2, tip)
            child.setData(0, Qt.ItemDataRole.UserRole, f"{rule.id}: {tip}")
            child.setToolTip(0, rule.link or rule.id)
            groups[level].addChild(child)
        for level, item in groups.items():
            item.setText(0, f"{level_label(level)} ({item.childCount()})")
            if item.childCount():
                self.tree.addTopLevelItem(item)
                item.setExpanded(level is not Level.SUGGESTION)

    def _sync_buttons(self) -> None:
        present = self.guide_path is not None
        self.open_button.setEnabled(present)
        self.folder_button.setEnabled(present)
        self.compare_button.setEnabled(present)

    @Slot()
    def open_compare(self) -> GuideDiffDialog | None:
        """Open Compare With… for the current guide (``None`` without a guide or a store)."""
        if self.guide_path is None or self.compare_factory is None:
            return None
        dialog = GuideDiffDialog(self.compare_factory(str(self.guide_path)), parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._on_compare_finished)
        self.diff_dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def _on_compare_finished(self) -> None:
        self.diff_dialog = None

    @Slot()
    def open_guide(self) -> bool:
        """Open the guide file with the system's editor; False when nothing could open it."""
        if self.guide_path is None:
            return False
        return bool(self.opener(QUrl.fromLocalFile(str(self.guide_path))))

    @Slot()
    def show_folder(self) -> bool:
        """Open the guide's folder in the file manager; False when nothing could open it."""
        if self.guide_path is None:
            return False
        return bool(self.opener(QUrl.fromLocalFile(str(self.guide_path.parent))))

    @Slot(QTreeWidgetItem, QTreeWidgetItem)
    def _on_tree_current_changed(
        self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None
    ) -> None:
        text = current.data(0, Qt.ItemDataRole.UserRole) if current is not None else None
        self.details.setText(text if isinstance(text, str) else "")
