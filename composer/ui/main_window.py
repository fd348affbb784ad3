"""The main window: builds the frame (menus, toolbar, editor, side panels) and wires it up.

It holds no rules: counting, splitting and checking are computed by the core and only shown here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from composer import APP_NAME
from composer.core.counter import CounterView, counter_view, limited_config, thread_parts
from composer.core.text import CountingConfig
from composer.ui.about_dialog import show_about
from composer.ui.counter_ring import CounterRing
from composer.ui.editor.draft_editor import DraftEditor
from composer.ui.limit_chooser import LimitChooser
from composer.ui.settings_store import SettingsStore
from composer.ui.thread_preview import ThreadPreview


class MainWindow(QMainWindow):
    """Brand Voice Composer's main window."""

    def __init__(self, settings: SettingsStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._config: CountingConfig = limited_config(settings.counting_config, settings.limit)
        self._view: CounterView | None = None
        self.setWindowTitle(APP_NAME)
        self.setObjectName("mainWindow")

        self.editor = DraftEditor()
        self.counter = CounterRing()
        self.count_label = QLabel()
        self.count_label.setAccessibleName(self.tr("Length"))
        self.entity_label = QLabel()
        self.entity_label.setAccessibleName(self.tr("Entities"))
        self.split_button = QPushButton(self.tr("Split into &Thread"))
        self.limit_chooser = LimitChooser()
        self.thread_preview = ThreadPreview()
        self.thread_preview.numbering.setChecked(settings.thread_numbering)
        self.side_tabs = QTabWidget()
        self.side_tabs.setAccessibleName(self.tr("Side panels"))
        self.side_tabs.addTab(self.thread_preview, self.tr("Thread"))

        self._build_actions()
        self._build_menus()
        self._build_layout()
        self._connect_signals()
        self.limit_chooser.set_choice(settings.counting_config, settings.limit)
        self._restore_window()
        self.editor.setFocus()

    # -- construction -------------------------------------------------------------------
    def _build_actions(self) -> None:
        self.new_action = QAction(self.tr("&New Draft"), self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.quit_action = QAction(self.tr("&Quit"), self)
        # StandardKey.Quit is empty on some platforms (offscreen, Windows): be explicit.
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.split_action = QAction(self.tr("Split into &Thread"), self)
        self.split_action.setShortcut(QKeySequence("Ctrl+Shift+T"))
        self.split_action.setStatusTip(self.tr("Split a long draft into numbered posts"))
        # Ctrl+Enter is reserved for submitting a draft for review (the review workflow).
        self.submit_action = QAction(self.tr("&Submit for Review"), self)
        self.submit_action.setShortcut(QKeySequence("Ctrl+Return"))
        self.submit_action.setEnabled(False)
        self.about_action = QAction(self.tr("&About %1").replace("%1", APP_NAME), self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.shortcuts_action = QAction(self.tr("&Keyboard Shortcuts"), self)
        self.shortcuts_action.setShortcut(QKeySequence.StandardKey.HelpContents)

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()
        file_menu = menu_bar.addMenu(self.tr("&File"))
        file_menu.addAction(self.new_action)
        file_menu.addSeparator()
        file_menu.addAction(self.submit_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menu_bar.addMenu(self.tr("&Edit"))
        for label, key, slot in (
            (self.tr("&Undo"), QKeySequence.StandardKey.Undo, self.editor.undo),
            (self.tr("&Redo"), QKeySequence.StandardKey.Redo, self.editor.redo),
            (None, None, None),
            (self.tr("Cu&t"), QKeySequence.StandardKey.Cut, self.editor.cut),
            (self.tr("&Copy"), QKeySequence.StandardKey.Copy, self.editor.copy),
            (self.tr("&Paste"), QKeySequence.StandardKey.Paste, self.editor.paste),
            (self.tr("Select &All"), QKeySequence.StandardKey.SelectAll, self.editor.selectAll),
        ):
            if label is None:
                edit_menu.addSeparator()
                continue
            action = edit_menu.addAction(label)
            action.setShortcut(QKeySequence(key))
            # The editor handles these keys itself; the menu entries are for discovery.
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
        edit_menu.addSeparator()
        edit_menu.addAction(self.split_action)
        help_menu = menu_bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)

    def _build_layout(self) -> None:
        toolbar = QToolBar(self.tr("Draft settings"))
        toolbar.setObjectName("draftToolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(self.limit_chooser)
        self.addToolBar(toolbar)

        footer = QHBoxLayout()
        footer.addWidget(self.counter)
        counts = QVBoxLayout()
        counts.addWidget(self.count_label)
        counts.addWidget(self.entity_label)
        footer.addLayout(counts, 1)
        footer.addWidget(self.split_button)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.editor, 1)
        left_layout.addLayout(footer)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("mainSplitter")
        splitter.addWidget(left)
        splitter.addWidget(self.side_tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)
        self.statusBar().showMessage(self.tr("Ready"))

    def _connect_signals(self) -> None:
        self.editor.draft_changed.connect(self._on_draft_changed)
        self.limit_chooser.changed.connect(self._on_limit_changed)
        self.split_action.triggered.connect(self._on_split_triggered)
        self.split_button.clicked.connect(self._on_split_triggered)
        self.thread_preview.numbering_toggled.connect(self._on_numbering_toggled)
        self.new_action.triggered.connect(self._on_new_triggered)
        self.quit_action.triggered.connect(self.close)
        self.about_action.triggered.connect(lambda: show_about(self))
        self.shortcuts_action.triggered.connect(self._on_shortcuts_triggered)

    # -- slots -------------------------------------------------------------------------
    @Slot(str)
    def _on_draft_changed(self, text: str) -> None:
        self._refresh_counter(text)
        if self.thread_preview.parts:
            self._refresh_thread(text)

    @Slot(str, int)
    def _on_limit_changed(self, config_name: str, limit: int) -> None:
        self._config = limited_config(config_name, limit)
        self._settings.counting_config = config_name
        self._settings.limit = limit
        text = self.editor.toPlainText()
        self._refresh_counter(text)
        if self.thread_preview.parts:
            self._refresh_thread(text)

    @Slot()
    def _on_split_triggered(self) -> None:
        self._refresh_thread(self.editor.toPlainText())
        self.side_tabs.setCurrentWidget(self.thread_preview)

    @Slot(bool)
    def _on_numbering_toggled(self, checked: bool) -> None:  # noqa: FBT001 - Qt signal
        self._settings.thread_numbering = checked
        if self.thread_preview.parts:
            self._refresh_thread(self.editor.toPlainText())

    @Slot()
    def _on_new_triggered(self) -> None:
        self.editor.clear()
        self.thread_preview.set_parts(())
        self.editor.setFocus()

    @Slot()
    def _on_shortcuts_triggered(self) -> None:
        from composer.ui.shortcuts_dialog import show_shortcuts  # noqa: PLC0415

        show_shortcuts(self)

    # -- views -------------------------------------------------------------------------
    def _refresh_counter(self, text: str) -> None:
        view = counter_view(text, self._config)
        self._view = view
        self.counter.set_view(view)
        self.editor.show_counter(view, text)
        self.count_label.setText(
            self.tr("%1 / %2")
            .replace("%1", f"{view.weighted_length:g}")
            .replace("%2", f"{view.limit:g}")
            + (
                self.tr(" — %1 over the limit").replace("%1", f"{-view.remaining:g}")
                if view.remaining < 0
                else ""
            )
        )
        kinds: dict[str, int] = {}
        for entity in view.entities:
            kinds[entity.kind.value] = kinds.get(entity.kind.value, 0) + 1
        self.entity_label.setText(
            ", ".join(f"{n} {kind}{'s' if n > 1 else ''}" for kind, n in sorted(kinds.items()))
        )
        self.split_button.setEnabled(view.remaining < 0)
        self.split_action.setEnabled(bool(text.strip()))

    def _refresh_thread(self, text: str) -> None:
        self.thread_preview.set_parts(
            thread_parts(text, self._config, numbering=self.thread_preview.numbering.isChecked())
        )

    @property
    def counter_view(self) -> CounterView | None:
        """What the counter shows now."""
        return self._view

    # -- window state ------------------------------------------------------------------
    def _restore_window(self) -> None:
        geometry = self._settings.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1000, 640)
        state = self._settings.window_state()
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember the window geometry, then close."""
        self._settings.save_window(self.saveGeometry(), self.saveState())
        super().closeEvent(event)
