"""Settings ▸ Accounts: the loader's messages beside the fields; saving writes the guide."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from composer.core.errors import KnownError
from composer.core.guide import load_guide
from composer.core.guide.account_form import AccountForm
from composer.resources import resource_path
from composer.services.guide_file import update_accounts
from composer.ui.settings.accounts_dialog import AccountsDialog


@pytest.fixture
def guide_path(tmp_path: Path) -> Path:
    shutil.copytree(resource_path("example"), tmp_path / "ws")
    return tmp_path / "ws" / "brand-guide.yml"


def writer(path: Path):  # type: ignore[no-untyped-def]
    """Writes at once (the window's writer does it on the store's thread)."""

    def write(
        form: AccountForm,
        before: AccountForm | None,
        done: Callable[[], None],
        failed: Callable[[str], None],
    ) -> None:
        try:
            if before is None:
                update_accounts(path, {}, new=form.entry())
            else:
                update_accounts(path, {before.handle: form.changes(before)})
        except KnownError as exc:
            failed(str(exc))
        else:
            done()

    return write


def dialog_for(
    qtbot: QtBot, path: Path, *, admin: bool = True, current: str = ""
) -> AccountsDialog:
    dialog = AccountsDialog(load_guide(path), writer(path), admin=admin, current=current)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_opens_on_the_current_account(qtbot: QtBot, guide_path: Path) -> None:
    dialog = dialog_for(qtbot, guide_path, current="@NorthwindAlerts")
    assert dialog.handle.text() == "@NorthwindAlerts"
    assert dialog.steps.value() == 2
    assert dialog.timezone.text() == "UTC"


def test_problems_show_beside_their_fields_and_nothing_is_written(
    qtbot: QtBot, guide_path: Path
) -> None:
    before = guide_path.read_bytes()
    dialog = dialog_for(qtbot, guide_path)
    dialog.timezone.setText("Mars/Olympus")
    dialog.slots.setPlainText("Mon-Fri 09:00\nsometimes")
    dialog.blackouts.setPlainText("2026-11-26")
    dialog.save_button.click()
    assert dialog.errors["timezone"].isVisible()
    assert dialog.errors["timezone"].text() == "unknown time zone 'Mars/Olympus'"
    assert dialog.errors["slots"].text().startswith("invalid slot 'sometimes'")
    assert "needs a start and an end" in dialog.errors["blackouts"].text()
    assert not dialog.errors["limit"].isVisible()
    assert "nothing was saved" in dialog.status.text()
    assert guide_path.read_bytes() == before


def test_no_review_is_saved_into_the_guide_with_its_comments(
    qtbot: QtBot, guide_path: Path
) -> None:
    dialog = dialog_for(qtbot, guide_path, current="@NorthwindDeals")
    with qtbot.waitSignal(dialog.saved, timeout=5_000) as saved:
        dialog.steps.setValue(0)
        assert dialog.no_review_note.isVisible()
        assert not dialog.require.isEnabled()
        dialog.save_button.click()
    assert saved.args == ["@NorthwindDeals"]
    assert "(no review)" in dialog.list.currentItem().text()
    text = guide_path.read_text(encoding="utf-8")
    assert "# a sales account still lets every third post breathe" in text
    assert load_guide(guide_path).account("@NorthwindDeals").review["approval"] == "none"


def test_a_new_long_post_account(qtbot: QtBot, guide_path: Path) -> None:
    dialog = dialog_for(qtbot, guide_path)
    dialog.add_button.click()
    dialog.handle.setText("@NorthwindLong")
    dialog.purpose.setText("Long reads")
    dialog.limit.setValue(25_000)
    dialog.timezone.setText("Europe/Paris")
    dialog.slots.setPlainText("daily 10:00")
    dialog.save_button.click()
    assert dialog.status.text() == "@NorthwindLong saved in the guide."
    account = load_guide(guide_path).account("@NorthwindLong")
    assert (account.limit, account.counting, account.purpose) == (25_000, "v3", "Long reads")


def test_a_duplicate_handle_is_refused(qtbot: QtBot, guide_path: Path) -> None:
    dialog = dialog_for(qtbot, guide_path)
    dialog.add_button.click()
    dialog.handle.setText("@northwindhelp")
    dialog.timezone.setText("UTC")
    dialog.save_button.click()
    assert dialog.errors["handle"].text() == "duplicate account '@northwindhelp'"


def test_others_read_only(qtbot: QtBot, guide_path: Path) -> None:
    dialog = dialog_for(qtbot, guide_path, admin=False)
    assert dialog.reason.isVisible()
    assert not dialog.save_button.isEnabled()
    assert not dialog.steps.isEnabled()
    assert dialog.list.isEnabled()


def test_a_refused_write_is_said_and_the_form_stays(qtbot: QtBot, guide_path: Path) -> None:
    dialog = dialog_for(qtbot, guide_path, current="@NorthwindDeals")
    # Meanwhile somebody renames the account in the file.
    text = guide_path.read_text(encoding="utf-8")
    guide_path.write_text(text.replace('"@NorthwindDeals"', '"@NorthwindSales"'), encoding="utf-8")
    dialog.purpose.setText("Deals and launches")
    dialog.save_button.click()
    assert "has no account '@NorthwindDeals'" in dialog.status.text()
    assert dialog.save_button.isEnabled()
    assert dialog.purpose.text() == "Deals and launches"


def test_reply_steps_are_saved_into_the_guide(qtbot: QtBot, guide_path: Path) -> None:
    dialog = dialog_for(qtbot, guide_path, current="@NorthwindAlerts")
    assert dialog.reply_steps.value() == 0
    assert dialog.reply_steps.text() == "same as posts"
    with qtbot.waitSignal(dialog.saved, timeout=5_000):
        dialog.reply_steps.setValue(1)
        dialog.save_button.click()
    review = load_guide(guide_path).account("@NorthwindAlerts").review
    assert (review["approval"], review["reply_approval"]) == ("two-step", "any")
