"""Running the team from the window: Settings ▸ People, Settings ▸ Accounts, working alone.

One object owns the two menu actions, opens the dialogs, writes account changes into the
guide file (and audits them), and tells the window when the workspace has a single person,
so the welcome panel can explain the choice between adding a reviewer and working alone.
The window only places the actions and the "no review" label, and connects the signals.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QWidget

from composer.core.guide.account_form import AccountForm
from composer.core.guide.model import Account, Guide
from composer.core.workflow import Role
from composer.store.errors import NotFoundError
from composer.store.store import Store
from composer.ui.review.store_client import StoreClient
from composer.ui.settings.accounts_dialog import AccountsDialog
from composer.ui.settings.people_dialog import PeopleDialog


def _standing(store: Store, user: str) -> tuple[bool, bool]:
    """(the user is an admin of every account, they are the workspace's only active person)."""
    people = [p for p in store.users.list() if p.active]
    try:
        admin = store.users.actor(user).has(Role.ADMIN)
    except NotFoundError:
        admin = False
    return admin, [p.name for p in people] == [user]


class TeamSettings(QObject):
    """People, accounts and the review policy, from the window.

    Args:
        client: The window's store client (store work runs on its thread).
        user: Who is acting.
        guide_path: The guide file accounts are written to.
        team: Team mode (PostgreSQL): adding a person creates their database login.
        parent: The window (parent of the dialogs).

    Signals:
        alone_changed(bool): whether the acting admin is the workspace's only person.
        guide_written(): the guide file changed (the window reloads it at once).
        notice(str): a sentence for the status bar.
        problem(str): a sentence for the banner.
    """

    alone_changed = Signal(bool)
    guide_written = Signal()
    notice = Signal(str)
    problem = Signal(str)

    def __init__(
        self,
        client: StoreClient,
        user: str,
        guide_path: Path,
        *,
        team: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._client = client
        self._user = user
        self._path = guide_path
        self._team = team
        self.guide: Guide | None = None
        self.admin = False
        self.alone = False
        self.people_dialog: PeopleDialog | None = None
        self.accounts_dialog: AccountsDialog | None = None
        self.people_action = QAction(self.tr("&People…"), self)
        self.people_action.setStatusTip(
            self.tr("Who works here and their roles per account (admins change them)")
        )
        self.accounts_action = QAction(self.tr("&Accounts…"), self)
        self.accounts_action.setStatusTip(
            self.tr("The accounts: limits, schedules and review (admins change them)")
        )
        self.accounts_action.setEnabled(False)
        # Owned by the window from the start (it goes into the window's toolbar).
        self.no_review_label = QLabel(self.tr("No review"), parent)
        self.no_review_label.setObjectName("noReviewLabel")
        self.no_review_label.setToolTip(
            self.tr(
                "This account has no review: a submitted draft is approved at once and goes "
                "to its queue (an admin set this in Settings ▸ Accounts)"
            )
        )
        self.no_review_label.setAccessibleName(self.tr("This account has no review"))
        self.no_review_label.hide()
        self._current = ""
        self.people_action.triggered.connect(self._on_people_triggered)
        self.accounts_action.triggered.connect(self._on_accounts_triggered)

    def _dialog_parent(self) -> QWidget | None:
        parent = self.parent()
        return parent if isinstance(parent, QWidget) else None

    # -- state ---------------------------------------------------------------------------
    def set_guide(self, guide: Guide) -> None:
        """The guide in force (its accounts are what Settings ▸ Accounts edits)."""
        self.guide = guide
        self.accounts_action.setEnabled(Path(guide.path).suffix in {".yml", ".yaml"})

    @Slot()
    def refresh(self) -> None:
        """Ask the store whether the user is an admin and the only person (``alone_changed``)."""
        user = self._user
        self._client.run(lambda store: _standing(store, user), self._on_standing)

    def _on_standing(self, value: tuple[bool, bool]) -> None:
        self.admin, alone = value
        self.alone = alone and self.admin
        self.alone_changed.emit(self.alone)

    @Slot(object)
    def show_account(self, account: Account | None) -> None:
        """Show the "No review" label while the composer's account has no review."""
        self._current = account.handle if account is not None else ""
        self.no_review_label.setVisible(account is not None and AccountForm.of(account).no_review)

    # -- dialogs -------------------------------------------------------------------------
    @Slot()
    def _on_people_triggered(self) -> None:
        self.open_people()

    @Slot()
    def _on_accounts_triggered(self) -> None:
        self.open_accounts(self._current)

    @Slot()
    def open_people(self) -> PeopleDialog:
        """Open Settings ▸ People (window-modal, not blocking); it reads the people afresh."""
        dialog = self.people_dialog
        if dialog is None:
            # One dialog for the window's life, owned by it: the store's answers to a dialog
            # never reach a deleted one.
            dialog = PeopleDialog(
                self._client, self._user, team=self._team, parent=self._dialog_parent()
            )
            dialog.changed.connect(self.refresh)
            self.people_dialog = dialog
        else:
            dialog.reload()
        dialog.open()
        return dialog

    @Slot()
    def open_accounts(self, current: str = "") -> AccountsDialog | None:
        """Open Settings ▸ Accounts on ``current`` (window-modal, not blocking)."""
        if self.guide is None:
            return None
        dialog = AccountsDialog(
            self.guide,
            self._write_account,
            admin=self.admin,
            current=current,
            parent=self._dialog_parent(),
        )
        if self.accounts_dialog is not None:
            self.accounts_dialog.deleteLater()  # it wrote nothing since it closed
        self.accounts_dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def work_alone(self) -> None:
        """Give every account of the guide no review (the welcome's "I work alone")."""
        if self.guide is None:
            return
        if not self.admin:
            self.problem.emit(self.tr("Only an admin turns review off."))
            return
        handles = [a.handle for a in self.guide.accounts if a.handle.startswith("@")]
        if not handles:
            self.problem.emit(
                self.tr("The guide names no accounts yet: add one in Settings ▸ Accounts first.")
            )
            return
        path, actor, clock = self._path, self._user, self._client.clock
        listed = ", ".join(handles)

        def work(store: Store) -> None:
            # The guide writer (ruamel.yaml) is imported on first use, not to start the window.
            from composer.services.guide_file import update_accounts  # noqa: PLC0415

            # The guide file on the store's thread too: its check loads the guide's styles.
            update_accounts(path, {h: ({"approval": "none"}, {}) for h in handles})
            store.audit.record(
                "account_edit",
                actor=actor,
                now=clock(),
                account=listed,
                detail="no review for these accounts (working alone)",
            )

        def written(_value: None) -> None:
            self.alone_changed.emit(False)
            self.notice.emit(
                self.tr("No review for %1: a submitted draft goes straight to its queue.").replace(
                    "%1", listed
                )
            )
            self.guide_written.emit()

        self._client.run(work, written, self.problem.emit)

    def _write_account(
        self,
        form: AccountForm,
        before: AccountForm | None,
        done: Callable[[], None],
        failed: Callable[[str], None],
    ) -> None:
        """Write one account into the guide and audit it, on the store's thread."""
        path, actor, clock = self._path, self._user, self._client.clock
        handle = "@" + form.handle.lstrip("@")

        def work(store: Store) -> bool:
            from composer.services.guide_file import update_accounts  # noqa: PLC0415

            if before is None:
                update_accounts(path, {}, new=form.entry())
                detail = "account added to the guide"
            else:
                account, schedule = form.changes(before)
                if not account and not schedule:
                    return False
                update_accounts(path, {before.handle: (account, schedule)})
                detail = "guide keys changed: " + ", ".join([*account, *schedule])
            store.audit.record(
                "account_edit", actor=actor, now=clock(), account=handle, detail=detail
            )
            return True

        def written(changed: bool) -> None:  # noqa: FBT001 - the operation's result
            done()
            if changed:
                self.guide_written.emit()

        self._client.run(work, written, failed)
