"""Settings ▸ People: who works in the workspace, their roles per account, adding and deactivating.

Every change goes to the store on its worker thread; the store (and in team mode the database)
checks that the actor is an admin and audits it, so this dialog only gathers and shows.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from composer.core.workflow import Role
from composer.store.errors import NotFoundError
from composer.store.records import UserRecord
from composer.store.store import Store
from composer.ui.review.store_client import StoreClient


@dataclass(frozen=True, slots=True)
class PeopleState:
    """What the dialog shows: the people, the accounts, and whether the viewer is an admin."""

    people: tuple[UserRecord, ...]
    accounts: tuple[str, ...]
    admin: bool


def read_people(store: Store, user: str) -> PeopleState:
    """The people, the accounts and the viewer's admin role (runs on the store's thread)."""
    try:
        admin = store.users.actor(user).has(Role.ADMIN)
    except NotFoundError:
        admin = False
    return PeopleState(
        tuple(store.users.list()),
        tuple(a.handle for a in store.accounts.list()),
        admin,
    )


def roles_text(person: UserRecord) -> str:
    """``admin (all accounts); reviewer (@Help)``."""
    scopes: dict[str, list[str]] = {}
    for grant in person.grants:
        scopes.setdefault(grant.account, []).append(grant.role.value)
    return "; ".join(
        f"{', '.join(roles)} ({account or 'all accounts'})"
        for account, roles in sorted(scopes.items())
    )


class PeopleDialog(QDialog):
    """The list of people with their roles; admins add people, change roles and deactivate.

    Args:
        client: Runs store work on the store's thread (:class:`StoreClient`).
        user: Who is acting.
        team: Team mode (PostgreSQL): adding a person creates their database login.

    Signals:
        changed(): a change was stored (the window refreshes what depends on people).
        loaded(): the list was (re)loaded.
    """

    changed = Signal()
    loaded = Signal()

    def __init__(
        self,
        client: StoreClient,
        user: str,
        *,
        team: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("peopleDialog")
        self.setWindowTitle(self.tr("People"))
        self._client = client
        self._user = user
        self._team = team
        self.state: PeopleState | None = None

        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.hide()
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Display name"), self.tr("Status"), self.tr("Roles")]
        )
        self.table.setAccessibleName(self.tr("People"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        self.editor = QGroupBox(self.tr("Roles of the selected person"))
        self.scope = QComboBox()
        self.scope.setAccessibleName(self.tr("Account the roles apply to"))
        self.role_boxes = {role: QCheckBox(_role_label(self, role)) for role in Role}
        self.apply_button = QPushButton(self.tr("A&pply Roles"))
        self.active_button = QPushButton(self.tr("&Deactivate"))
        self.active_button.setToolTip(
            self.tr("A deactivated person can do nothing more; their drafts and history stay")
        )
        roles_row = QHBoxLayout()
        for box in self.role_boxes.values():
            roles_row.addWidget(box)
        roles_row.addStretch(1)
        editor_form = QFormLayout(self.editor)
        editor_form.addRow(self.tr("&Account:"), self.scope)
        editor_form.addRow(self.tr("Roles:"), roles_row)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.apply_button)
        buttons_row.addWidget(self.active_button)
        buttons_row.addStretch(1)
        editor_form.addRow(buttons_row)

        self.adder = QGroupBox(self.tr("Add a person"))
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(
            self.tr("their database login") if team else self.tr("e.g. their login name")
        )
        self.display_edit = QLineEdit()
        self.display_edit.setPlaceholderText(self.tr("e.g. Rex Moreno"))
        self.add_scope = QComboBox()
        self.add_scope.setAccessibleName(self.tr("Account the new person's roles apply to"))
        self.add_boxes = {role: QCheckBox(_role_label(self, role)) for role in Role}
        self.add_boxes[Role.AUTHOR].setChecked(True)
        self.password_edit = QLineEdit()
        self.password_edit.setAccessibleName(self.tr("Password of the new database login"))
        self.generate_button = QPushButton(self.tr("&Generate"))
        self.add_button = QPushButton(self.tr("Add &Person"))
        add_form = QFormLayout(self.adder)
        add_form.addRow(self.tr("&Name:"), self.name_edit)
        add_form.addRow(self.tr("D&isplay name:"), self.display_edit)
        add_roles = QHBoxLayout()
        for box in self.add_boxes.values():
            add_roles.addWidget(box)
        add_roles.addStretch(1)
        add_form.addRow(self.tr("Roles:"), add_roles)
        add_form.addRow(self.tr("On a&ccount:"), self.add_scope)
        password_row = QHBoxLayout()
        password_row.addWidget(self.password_edit, 1)
        password_row.addWidget(self.generate_button)
        if team:
            add_form.addRow(self.tr("Pass&word:"), password_row)
        else:
            self.password_edit.hide()
            self.generate_button.hide()
        add_form.addRow(self.add_button)

        self.status = QLabel()
        self.status.setObjectName("peopleStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)

        layout = QVBoxLayout(self)
        layout.addWidget(self.reason)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.editor)
        layout.addWidget(self.adder)
        layout.addWidget(self.status)
        layout.addWidget(self.button_box)
        self._set_admin(admin=False)
        self._connect_signals()
        self.resize(720, 620)
        self.reload()

    def _connect_signals(self) -> None:
        self.button_box.rejected.connect(self.reject)
        self.table.itemSelectionChanged.connect(self._on_selection_changed)
        self.scope.currentIndexChanged.connect(self._on_selection_changed)
        self.apply_button.clicked.connect(self._on_apply_clicked)
        self.active_button.clicked.connect(self._on_active_clicked)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.generate_button.clicked.connect(self._on_generate_clicked)

    # -- reading -------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the people again (``loaded`` follows)."""
        user = self._user
        self._client.run(lambda store: read_people(store, user), self._on_loaded, self._on_failed)

    def selected(self) -> UserRecord | None:
        """The person selected in the list."""
        rows = self.table.selectionModel().selectedRows()
        if self.state is None or not rows:
            return None
        return self.state.people[rows[0].row()]

    def select(self, name: str) -> None:
        """Select the person called ``name``."""
        if self.state is None:
            return
        for row, person in enumerate(self.state.people):
            if person.name == name:
                self.table.selectRow(row)

    @Slot(object)
    def _on_loaded(self, state: PeopleState) -> None:
        chosen = self.selected()
        self.state = state
        self.table.setRowCount(len(state.people))
        for row, person in enumerate(state.people):
            status = self.tr("active") if person.active else self.tr("deactivated")
            for column, text in enumerate(
                (person.name, person.display_name, status, roles_text(person))
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        for combo in (self.scope, self.add_scope):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("All accounts"), "")
            for handle in state.accounts:
                combo.addItem(handle, handle)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)
        self._set_admin(admin=state.admin)
        if chosen is not None:
            self.select(chosen.name)
        elif state.people:
            self.table.selectRow(0)
        self._on_selection_changed()
        self.loaded.emit()

    def _set_admin(self, *, admin: bool) -> None:
        self.editor.setEnabled(admin)
        self.adder.setVisible(admin)
        self.reason.setVisible(not admin and self.state is not None)
        self.reason.setText(
            self.tr(
                "Only an admin of every account adds people, changes roles or deactivates "
                "someone; %1 is not one, so this list is read-only. Ask an admin."
            ).replace("%1", self._user)
        )

    @Slot()
    def _on_selection_changed(self) -> None:
        person = self.selected()
        scope = self.scope.currentData() or ""
        for role, box in self.role_boxes.items():
            box.setChecked(
                person is not None
                and any(g.role is role and g.account == scope for g in person.grants)
            )
        self.active_button.setText(
            self.tr("&Deactivate") if person is None or person.active else self.tr("Re&activate")
        )
        self.apply_button.setEnabled(person is not None)
        self.active_button.setEnabled(person is not None)

    # -- writing -------------------------------------------------------------------------
    def _write(
        self, work: Callable[[Store], object], done: str, then: Callable[[], None] | None = None
    ) -> None:
        self.status.setText(self.tr("Saving…"))

        def success(_value: object) -> None:
            self.status.setText(done)
            if then is not None:
                then()
            self.changed.emit()
            self.reload()

        self._client.run(work, success, self._on_failed)

    @Slot()
    def _on_apply_clicked(self) -> None:
        person = self.selected()
        if person is None:
            return
        scope = str(self.scope.currentData() or "")
        roles = [role for role, box in self.role_boxes.items() if box.isChecked()]
        actor, clock, team = self._user, self._client.clock, self._team
        self._write(
            lambda store: store.users.set_roles(
                person.name, scope, roles, actor=actor, now=clock(), login=team
            ),
            self.tr("Roles of %1 saved.").replace("%1", person.name),
        )

    @Slot()
    def _on_active_clicked(self) -> None:
        person = self.selected()
        if person is None:
            return
        active = not person.active
        actor, clock, team = self._user, self._client.clock, self._team
        self._write(
            lambda store: store.users.set_active(
                person.name, active=active, actor=actor, now=clock(), login=team
            ),
            (self.tr("%1 is active again.") if active else self.tr("%1 is deactivated.")).replace(
                "%1", person.name
            ),
        )

    @Slot()
    def _on_generate_clicked(self) -> None:
        self.password_edit.setText(secrets.token_urlsafe(12))
        self.password_edit.setFocus()
        self.status.setText(
            self.tr("Give this password to the new person now: it is not shown again.")
        )

    @Slot()
    def _on_add_clicked(self) -> None:
        name = self.name_edit.text().strip()
        if not name:
            self.status.setText(self.tr("Type the person's name first."))
            self.name_edit.setFocus()
            return
        password = self.password_edit.text() if self._team else None
        if self._team and not password:
            self.status.setText(
                self.tr("A new database login needs a password: type one or press Generate.")
            )
            self.password_edit.setFocus()
            return
        roles = [role for role, box in self.add_boxes.items() if box.isChecked()]
        scope = str(self.add_scope.currentData() or "")
        shown = self.display_edit.text().strip()
        actor, clock, team = self._user, self._client.clock, self._team
        self._write(
            lambda store: store.users.add(
                name,
                roles,
                [scope] if scope else [],
                actor=actor,
                now=clock(),
                login=team,
                password=password,
                display_name=shown,
            ),
            self.tr("%1 added.").replace("%1", name),
            self._clear_adder,
        )

    def _clear_adder(self) -> None:
        self.name_edit.clear()
        self.display_edit.clear()
        self.password_edit.clear()

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.status.setText(message)


def _role_label(widget: QWidget, role: Role) -> str:
    labels = {
        Role.AUTHOR: widget.tr("Author"),
        Role.REVIEWER: widget.tr("Reviewer"),
        Role.ADMIN: widget.tr("Admin"),
    }
    return labels[role]
