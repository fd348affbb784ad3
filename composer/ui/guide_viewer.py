"""A read-only view of the guide: the rules in force for the chosen account, by level."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from composer.core.checker import Checker
from composer.core.findings import Level
from composer.core.guide.model import Account
from composer.ui import palette
from composer.ui.models.findings_model import level_label


class GuideViewer(QWidget):
    """Lists every rule the checker applies to an account, with message, kind and link."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Guide"))
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(self.tr("Rules in force"))
        self.tree.setHeaderLabels([self.tr("Rule"), self.tr("Kind"), self.tr("Message")])
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setColumnWidth(0, 200)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.tree, 1)
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
        if checker is None or account is None:
            self.header.setText(self.tr("No guide is loaded."))
            return
        guide = checker.guide
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
            child.setToolTip(0, rule.link or rule.id)
            groups[level].addChild(child)
        for level, item in groups.items():
            item.setText(0, f"{level_label(level)} ({item.childCount()})")
            if item.childCount():
                self.tree.addTopLevelItem(item)
                item.setExpanded(level is not Level.SUGGESTION)
