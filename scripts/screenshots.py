"""Write screenshots of the main views to docs/screenshots/ (one script for all of them).

Runs offscreen by default (``QT_QPA_PLATFORM=offscreen``); under Xvfb it uses the real
X11 platform, which is what the README's pictures are made with:

    xvfb-run -a -s "-screen 0 1400x900x24" env QT_QPA_PLATFORM=xcb \
        .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"

SAMPLE = (
    "Heading out this weekend? Our Trailpro boots are back in stock and guaranteed "
    "to keep you dry. Shop now at https://northwindtrail.com/boots #TrailPro 🥾🏔️"
)


def settle(app: QApplication, ms: int = 300) -> None:
    """Let Qt lay out and paint (the first grab can be blank otherwise)."""
    timer = QTimer()
    timer.setSingleShot(True)
    timer.start(ms)
    while timer.isActive():
        app.processEvents()


def grab(widget: QWidget, name: str, app: QApplication) -> Path:
    """Save ``widget`` as docs/screenshots/NAME.png."""
    settle(app)
    path = OUT / f"{name}.png"
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    return path


def dark_palette() -> QPalette:
    """A dark desktop palette (what a system in dark mode hands the app)."""
    dark = QPalette()
    for role, value in (
        (QPalette.ColorRole.Window, "#2b2d30"),
        (QPalette.ColorRole.WindowText, "#e8e8e8"),
        (QPalette.ColorRole.Base, "#1e1f22"),
        (QPalette.ColorRole.AlternateBase, "#26282b"),
        (QPalette.ColorRole.Text, "#e8e8e8"),
        (QPalette.ColorRole.PlaceholderText, "#8c8c8c"),
        (QPalette.ColorRole.Button, "#3c3f41"),
        (QPalette.ColorRole.ButtonText, "#e8e8e8"),
        (QPalette.ColorRole.Highlight, "#2f65ca"),
        (QPalette.ColorRole.HighlightedText, "#ffffff"),
        (QPalette.ColorRole.ToolTipBase, "#3c3f41"),
        (QPalette.ColorRole.ToolTipText, "#e8e8e8"),
        (QPalette.ColorRole.Light, "#505356"),
        (QPalette.ColorRole.Midlight, "#45484a"),
        (QPalette.ColorRole.Mid, "#333538"),
        (QPalette.ColorRole.Dark, "#1b1c1e"),
        (QPalette.ColorRole.Shadow, "#111111"),
    ):
        dark.setColor(role, QColor(value))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
    ):
        dark.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    dark.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Base, QColor("#2b2d30"))
    return dark


def grab_review(app: QApplication, store: object, workspace: object) -> Path:
    """The review page as a reviewer sees it, with one draft waiting."""
    from datetime import UTC, datetime

    from composer.core.checker import Checker
    from composer.core.guide import load_guide
    from composer.core.workflow import Role
    from composer.store.records import account_specs
    from composer.store.store import Store
    from composer.ui.main_window import MainWindow

    guide = load_guide(workspace.guide_path)  # type: ignore[attr-defined]
    checker = Checker(guide)
    now = datetime.now(UTC)
    with Store.open(workspace.database_url) as db:  # type: ignore[attr-defined]
        db.accounts.sync(account_specs(guide), now=now)
        db.users.add("sam", [Role.REVIEWER], actor="maya", now=now)
        for text in (
            "Thanks for your patience. Your replacement boots ship today.",
            "Sorry about the wait! DM us your order number and we'll sort it out.",
        ):
            findings = checker.check(text, "@NorthwindHelp").findings
            draft = db.drafts.create(
                "@NorthwindHelp", text, author="maya", findings=findings, now=now
            )
            db.drafts.submit(
                draft.id,
                actor="maya",
                expected_version=draft.version,
                findings=findings,
                now=now,
                reason="Friendly on purpose: the customer waited a week.",
            )
    window = MainWindow(store, workspace, user="sam")  # type: ignore[arg-type]
    window.resize(1280, 760)
    window.show()
    assert window.review_page is not None
    window.pages.setCurrentWidget(window.review_page)
    settle(app, 1500)
    window.review_page.tabs.setCurrentWidget(window.review_page.inbox)
    window.review_page.open_draft(2)
    settle(app, 1500)
    path = grab(window, "review", app)
    window.close()
    return path


def grab_queue(app: QApplication, store: object, workspace: object) -> list[Path]:
    """The queue page: the list (one post waiting for a person), the week and the history."""
    from datetime import UTC, datetime

    from composer.core.guide import load_guide
    from composer.core.workflow import Action, Role
    from composer.services.queueing import queue_after_approval
    from composer.store.records import account_specs
    from composer.store.store import Store
    from composer.ui.main_window import MainWindow

    guide = load_guide(workspace.guide_path)  # type: ignore[attr-defined]
    now = datetime.now(UTC)
    posts = (
        ("@NorthwindHelp", "Thanks for waiting: your replacement stakes ship today."),
        ("@NorthwindDeals", "Our lightest tent is 20% off until Sunday. #ad"),
        ("@NorthwindHelp", "Store hours change on Monday: we open at 9 and close at 7."),
        ("@NorthwindEvents", "Trail run on Saturday: meet at the Cedar Creek trailhead at 8."),
        ("@NorthwindHelp", "Lost your receipt? Your order number is enough for a return."),
        ("@NorthwindDeals", "New rain shells in three colours, in store and online. #ad"),
        ("@NorthwindEvents", "Map-reading workshop in our Denver store, Thursday at 6 pm."),
        ("@NorthwindHelp", "Your boots came apart? Send us a photo and we will replace them."),
        ("@NorthwindEvents", "Thanks to the 200 runners who joined us this morning!"),
        ("@NorthwindHelp", "We answer messages from 8 to 8, every day of the week."),
    )
    with Store.open(workspace.database_url) as db:  # type: ignore[attr-defined]
        db.accounts.sync(account_specs(guide), now=now)
        db.users.add("lee", [Role.REVIEWER], actor="maya", now=now)
        queued = []
        for account, text in posts:
            draft = db.drafts.create(account, text, author="maya", findings=(), now=now)
            draft = db.drafts.submit(
                draft.id, actor="maya", expected_version=draft.version, findings=(), now=now
            )
            draft = db.drafts.review(
                draft.id, Action.APPROVE, actor="lee", expected_version=draft.version, now=now
            )
            queued.append(queue_after_approval(db, guide, draft, now=now).record)
        later = now.replace(year=now.year + 1)
        # What publishing left behind: one out, one refused by X, one outcome unknown.
        for record, outcome, ids, error in (
            (queued[-1], "published", ("1894412345678901234",), ""),
            (queued[-2], "failed", (), "X refused the post: 403 duplicate content"),
            (queued[-3], "unknown", (), "the connection dropped after the post was sent"),
        ):
            db.queue.claim(record.id, actor="publisher", now=now, due_by=later)
            db.queue.finish(
                record.id, state=outcome, post_ids=ids, error=error, actor="publisher", now=now
            )
    window = MainWindow(store, workspace, user="lee")  # type: ignore[arg-type]
    window.resize(1280, 760)
    window.show()
    page = window.queue_page
    assert page is not None
    window.pages.setCurrentWidget(page)
    settle(app, 1500)
    paths = [grab(window, "queue", app)]
    page.tabs.setCurrentWidget(page.week)
    settle(app, 500)
    paths.append(grab(window, "queue-week", app))
    page.tabs.setCurrentWidget(page.history)
    page.history.select_draft(queued[-2].id)
    settle(app, 500)
    paths.append(grab(window, "queue-history", app))
    window.close()
    return paths


def seed_loop(workspace: object) -> int:
    """Drafts by the author jo in every state the loop meets; returns the one sent back."""
    from datetime import UTC, datetime, timedelta

    from composer.core.checker import Checker
    from composer.core.guide import load_guide
    from composer.core.workflow import Action, Role
    from composer.store.drafts import Span
    from composer.store.records import account_specs
    from composer.store.store import Store

    guide = load_guide(workspace.guide_path)  # type: ignore[attr-defined]
    checker = Checker(guide)
    now = datetime.now(UTC)
    sent_back_text = "Thanks for your patience. Your replacement boots ship today."
    with Store.open(workspace.database_url) as db:  # type: ignore[attr-defined]
        db.accounts.sync(account_specs(guide), now=now)
        db.users.add("jo", [Role.AUTHOR], actor="maya", now=now)
        if "sam" not in {u.name for u in db.users.list()}:
            db.users.add("sam", [Role.REVIEWER], actor="maya", now=now)

        def draft(account: str, text: str, when: datetime):  # type: ignore[no-untyped-def]
            findings = checker.check(text, account).findings
            return db.drafts.create(account, text, author="jo", findings=findings, now=when)

        def submit(record):  # type: ignore[no-untyped-def]
            return db.drafts.submit(
                record.id,
                actor="jo",
                expected_version=record.version,
                findings=(),
                now=now,
                reason="On brief.",
            )

        draft(
            "@NorthwindEvents",
            "Spring trail cleanup this Saturday: bring gloves, we bring the coffee.",
            now - timedelta(days=3),
        )
        draft("@NorthwindDeals", "Hurry! Our boots are guaranteed to last forever.", now)
        submit(draft("@NorthwindDeals", "Our lightest tent is 20% off until Sunday. #ad", now))
        rejected = submit(draft("@NorthwindHelp", "We are sorry. Again. Truly sorry.", now))
        db.drafts.review(
            rejected.id,
            Action.REJECT,
            actor="sam",
            expected_version=rejected.version,
            now=now,
            comment="Apologise once, then say what happens next.",
        )
        back = submit(draft("@NorthwindHelp", sent_back_text, now - timedelta(hours=2)))
        start = sent_back_text.index("replacement boots")
        db.drafts.review(
            back.id,
            Action.REQUEST_CHANGES,
            actor="sam",
            expected_version=back.version,
            now=now,
            comment="Say which model ships, and add the tracking link.",
            span=Span(start, start + len("replacement boots")),
        )
    return int(back.id)


def grab_loop(app: QApplication, store: object, workspace: object) -> list[Path]:
    """The author's loop: My Drafts, a draft sent back, revising it, the reviewer's diff."""
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QTextCursor

    from composer.ui.main_window import MainWindow
    from composer.ui.settings_store import SettingsStore

    back_id = seed_loop(workspace)
    folder = Path(workspace.root).parent  # type: ignore[attr-defined]
    jo_settings = SettingsStore(QSettings(str(folder / "jo.ini"), QSettings.Format.IniFormat))
    jo_settings.welcome_dismissed = True
    window = MainWindow(jo_settings, workspace, user="jo")  # type: ignore[arg-type]
    window.resize(1280, 760)
    window.show()
    settle(app, 2000)
    paths = [grab(window, "sent-back", app)]
    page = window.review_page
    assert page is not None
    window.my_drafts_action.trigger()
    settle(app, 1000)
    page.my_drafts.select_draft(back_id)
    settle(app, 300)
    paths.append(grab(window, "my-drafts", app))
    window.sent_back_action.trigger()
    settle(app, 1500)
    notes = window.review_notes
    notes.list.setCurrentRow(0)
    window.editor.moveCursor(QTextCursor.MoveOperation.End)  # the commented words show tinted
    settle(app, 300)
    paths.append(grab(window, "revise", app))
    notes._on_item_activated(notes.list.item(0))  # selects them, to type over
    window.editor.insertPlainText("TrailPro 2 boots (tracking: northwindtrail.com/t/8841)")
    window.controller.check_now()
    settle(app, 500)
    window.submit_action.trigger()
    settle(app, 1500)
    window.close()
    paths.append(grab_reviewer_diff(app, store, workspace, back_id))
    return paths


def grab_reviewer_diff(app: QApplication, store: object, workspace: object, draft_id: int) -> Path:
    """The reviewer's view of a resubmitted draft: the changes since the commented version."""
    from composer.ui.main_window import MainWindow
    from composer.ui.review.inbox_model import InboxRole

    reviewer = MainWindow(store, workspace, user="sam")  # type: ignore[arg-type]
    reviewer.resize(1280, 760)
    reviewer.show()
    review = reviewer.review_page
    assert review is not None
    reviewer.pages.setCurrentWidget(review)
    settle(app, 1500)
    review.tabs.setCurrentWidget(review.inbox)
    inbox = review.inbox.proxy
    for row in range(inbox.rowCount()):
        if inbox.index(row, 0).data(InboxRole.DRAFT_ID) == draft_id:
            review.inbox.table.setCurrentIndex(inbox.index(row, 0))
    review.open_draft(draft_id)
    settle(app, 1500)
    path = grab(reviewer, "resubmitted", app)
    reviewer.close()
    return path


def grab_team(app: QApplication, folder: Path) -> list[Path]:
    """Running the team from the window, on a fresh workspace: the first start alone, People
    (adding a reviewer), Accounts (a no-review account, and a field the loader refuses).
    """
    from composer.core.workflow import Role
    from composer.services.workspace import init_workspace
    from composer.ui.main_window import MainWindow
    from composer.ui.settings_store import SettingsStore

    workspace = init_workspace(folder / "team", example=True)
    settings = SettingsStore(QSettings(str(folder / "maya.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, workspace, user="maya")  # the first person: the admin
    window.resize(1280, 760)
    window.show()
    team = window.team_settings
    assert team is not None
    for _ in range(100):
        if window.checker is not None and team.alone:
            break
        settle(app, 100)
    paths = [grab(window, "welcome-alone", app)]
    people = team.open_people()
    settle(app, 1000)
    people.name_edit.setText("sam")
    people.display_edit.setText("Sam Okafor")
    people.add_boxes[Role.AUTHOR].setChecked(False)
    people.add_boxes[Role.REVIEWER].setChecked(True)
    people.add_button.click()
    settle(app, 1000)
    people.select("sam")
    settle(app, 300)
    paths.append(grab(people, "people", app))
    people.close()
    accounts = team.open_accounts("@NorthwindDeals")
    assert accounts is not None
    accounts.steps.setValue(0)
    settle(app, 300)
    paths.append(grab(accounts, "accounts", app))
    accounts.steps.setValue(1)
    accounts.timezone.setText("America/Los Angeles")
    accounts.slots.setPlainText("Tue,Thu 10:30\nSat 9am")
    accounts.save_button.click()
    accounts.fields_area.ensureWidgetVisible(accounts.errors["slots"])
    settle(app, 300)
    paths.append(grab(accounts, "accounts-problems", app))
    accounts.close()
    window.close()
    return paths


def grab_x(app: QApplication, folder: Path) -> list[Path]:  # noqa: PLR0915 - three scenes
    """The post as X shows it with its cost (and the link-to-reply offer), the queue's
    Cost on X column with a post held for its account's monthly cap, and Settings ▸ X Prices."""
    from datetime import UTC, datetime, timedelta
    from decimal import Decimal

    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QImage, QPainter, QPolygon

    from composer.core.cost import PriceTable, over_cap, post_cost
    from composer.core.guide import load_guide
    from composer.core.workflow import Action, Role
    from composer.services.queueing import queue_after_approval
    from composer.services.workspace import init_workspace
    from composer.store.records import account_specs
    from composer.store.store import Store
    from composer.ui.main_window import MainWindow
    from composer.ui.settings_store import SettingsStore

    workspace = init_workspace(folder / "x", example=True)
    settings = SettingsStore(QSettings(str(folder / "x.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, workspace, user="maya")
    window.resize(1280, 760)
    window.show()
    for _ in range(100):
        if window.checker is not None:
            break
        settle(app, 100)
    window.account_switcher.box.setCurrentIndex(1)
    window.welcome.close_button.click()
    window.editor.setPlainText(
        "New season, new trails: our TrailPro boots are back with @NorthwindEvents runs every "
        "Saturday. Find your size at https://www.northwindtrail.com/boots/trailpro-winter-2026 "
        "#TrailPro #GetOutside"
    )
    picture = folder / "trail.png"
    image = QImage(640, 400, QImage.Format.Format_RGB32)
    image.fill(QColor("#9cc9e8"))
    scene = QPainter(image)
    scene.fillRect(0, 250, 640, 150, QColor("#4f7f3a"))
    scene.setBrush(QColor("#6b6f78"))
    scene.drawPolygon(QPolygon([QPoint(80, 250), QPoint(260, 60), QPoint(440, 250)]))
    scene.setBrush(QColor("#b23a2e"))
    scene.drawRoundedRect(300, 280, 140, 60, 12, 12)
    scene.end()
    image.save(str(picture))
    window.media_strip.add_files([picture])
    alt = "A red TrailPro boot on the grass below a grey peak"
    window.media_strip.cards[0].alt.setText(alt)  # as typed, and as the strip keeps it
    window.media_strip.set_alt_text(0, alt)
    window.side_tabs.setCurrentWidget(window.x_panels.preview)
    window.controller.check_now()
    settle(app, 2000)
    paths = [grab(window, "preview", app)]
    window.close()

    guide = load_guide(workspace.guide_path)
    now = datetime.now(UTC)
    prices = PriceTable(monthly_caps={"@NorthwindDeals": Decimal("0.30")})
    posts = (
        ("@NorthwindHelp", "Store hours change on Monday: we open at 9 and close at 7."),
        ("@NorthwindDeals", "Our lightest tent is 20% off: northwindtrail.com/tents #ad"),
        ("@NorthwindDeals", "Rain shells in three colours: https://northwindtrail.com/shells #ad"),
        (
            "@NorthwindEvents",
            "Trail run on Saturday at 8.\n---\nRoute map: https://northwindtrail.com/runs/cedar",
        ),
        ("@NorthwindHelp", "Lost your receipt? Your order number is enough for a return."),
    )
    with Store.open(workspace.database_url) as db:
        db.accounts.sync(account_specs(guide), now=now)
        db.users.add("lee", [Role.REVIEWER], actor="maya", now=now)
        queued = []
        for account, text in posts:
            draft = db.drafts.create(account, text, author="maya", findings=(), now=now)
            draft = db.drafts.submit(
                draft.id, actor="maya", expected_version=draft.version, findings=(), now=now
            )
            draft = db.drafts.review(
                draft.id, Action.APPROVE, actor="lee", expected_version=draft.version, now=now
            )
            queued.append(queue_after_approval(db, guide, draft, now=now).record)
        # The deals account spent $0.200 this month; the next $0.200 post would pass $0.300.
        held = queued[2]
        reason = over_cap(
            held.account,
            month_spent=Decimal("0.200"),
            cost=post_cost(held.text, prices).total,
            prices=prices,
            month=now,
        )
        db.queue.claim(held.id, actor="publisher", now=now, due_by=now.replace(year=now.year + 1))
        db.queue.defer(
            held.id,
            until=now + timedelta(hours=1),
            reason=f"{reason}; the post waits in the queue",
            actor="publisher",
            now=now,
            outcome="over_cap",
        )
    window = MainWindow(settings, workspace, user="lee")
    window.resize(1280, 760)
    window.show()
    page = window.queue_page
    assert page is not None
    window.pages.setCurrentWidget(page)
    settle(app, 1500)
    paths.append(grab(window, "queue-cost", app))
    window.close()

    from composer.ui.settings.prices_dialog import PricesDialog

    dialog = PricesDialog(prices, [a.handle for a in guide.accounts])
    dialog.resize(520, dialog.sizeHint().height())
    dialog.show()
    settle(app, 300)
    paths.append(grab(dialog, "prices", app))
    dialog.close()
    return paths


def _picture(path: Path, sky: str, ground: str, label: str) -> Path:
    """A small landscape picture (sky, hills, a trail and a label) saved as PNG."""
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QImage, QLinearGradient, QPainter, QPainterPath, QPen

    image = QImage(480, 320, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    gradient = QLinearGradient(0, 0, 0, 320)
    gradient.setColorAt(0, QColor(sky))
    gradient.setColorAt(1, QColor("#ffffff"))
    painter.fillRect(image.rect(), gradient)
    hills = QPainterPath(QPointF(0, 230))
    hills.cubicTo(120, 150, 220, 260, 330, 180)
    hills.cubicTo(400, 140, 450, 190, 480, 170)
    hills.lineTo(480, 320)
    hills.lineTo(0, 320)
    painter.fillPath(hills, QColor(ground))
    painter.setPen(QPen(QColor("#f4e3c1"), 8, Qt.PenStyle.DashLine))
    painter.drawLine(60, 310, 300, 200)
    painter.setPen(QColor("#1b1b1b"))
    font = painter.font()
    font.setPointSize(20)
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(20, 40, label)
    painter.end()
    image.save(str(path))
    return path


def grab_media(app: QApplication, folder: Path) -> Path:
    """The composer with two pictures attached under the post, each with its alt text."""
    from composer.services.workspace import init_workspace
    from composer.ui.main_window import MainWindow
    from composer.ui.settings_store import SettingsStore

    workspace = init_workspace(folder / "media", example=True)
    settings = SettingsStore(QSettings(str(folder / "media.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, workspace, user="maya")
    window.resize(1280, 820)
    window.show()
    for _ in range(100):
        if window.checker is not None:
            break
        settle(app, 100)
    window.account_switcher.box.setCurrentIndex(1)
    window.welcome.close_button.click()
    window.editor.setPlainText(
        "Two new trail maps for the weekend: Cedar Ridge for a gentle loop, Eagle Pass for the "
        "climb. Pick yours up at the store. #GetOutside"
    )
    window.media_strip.add_files(
        [
            _picture(folder / "cedar.png", "#9cc9f0", "#4f8a4b", "Cedar Ridge loop"),
            _picture(folder / "eagle.png", "#f2c48d", "#7a6a4f", "Eagle Pass climb"),
        ]
    )
    window.media_strip.set_alt_text(0, "Map of the Cedar Ridge loop, 6 km through pine forest")
    window.media_strip.set_alt_text(1, "Map of the Eagle Pass climb, 11 km up to the saddle")
    window.media_strip.set_media(window.media_strip.media())  # the fields show the alt texts
    window.controller.check_now()
    settle(app, 800)
    path = grab(window, "media", app)
    window.close()
    return path


def grab_inbox(app: QApplication, folder: Path) -> Path:  # noqa: PLR0915 - one scene
    """The Inbox page: mentions newest first, one late, one routed, a thread, response times."""
    from datetime import UTC, datetime, timedelta

    from composer.core.guide import load_guide
    from composer.core.inbox import InboxAction, Mention
    from composer.core.workflow import Action, Role
    from composer.services.queueing import queue_after_approval
    from composer.services.workspace import init_workspace
    from composer.store.inbox import TARGET_KEY
    from composer.store.records import account_specs
    from composer.store.store import Store
    from composer.ui.main_window import MainWindow
    from composer.ui.settings_store import SettingsStore

    workspace = init_workspace(folder / "inbox", example=True)
    guide = load_guide(workspace.guide_path)
    now = datetime.now(UTC)
    with Store.open(workspace.database_url) as db:
        db.accounts.sync(account_specs(guide), now=now)
        db.users.add("maya", [Role.ADMIN], actor="maya", now=now)
        db.users.add("lee", [Role.REVIEWER], actor="maya", now=now)
        db.accounts.set_setting("@NorthwindHelp", TARGET_KEY, 60, actor="maya", now=now)

        def mention(x_id: str, minutes: int, user: str, text: str, thread: str = "") -> Mention:
            when = now - timedelta(minutes=minutes)
            return Mention(x_id, text, f"7{x_id}", user, when, thread or x_id)

        db.inbox.add_fetched(
            "@NorthwindHelp",
            [
                mention("1901", 4, "sam_hikes", "@NorthwindHelp my tent pole snapped on day one"),
                mention("1902", 12, "rosa_k", "@NorthwindHelp any discount for club members?"),
                mention("1903", 38, "jon_b", "@NorthwindHelp thanks, the boots fit great!"),
                mention("1904", 95, "dana_r", "@NorthwindHelp where is my order #58210?"),
                mention("1905", 9, "dana_r", "@NorthwindHelp still nothing?", thread="1904"),
                mention("1906", 150, "ali_m", "@NorthwindHelp do you repair zips?"),
                mention("1907", 70, "kit_o", "@NorthwindHelp is the Denver store open Sunday?"),
            ],
            reads=7,
            now=now,
        )
        ids = {m.x_id: m.id for m in db.inbox.list()}
        db.inbox.assign(ids["1901"], "maya", actor="maya", now=now)
        db.inbox.act(ids["1903"], InboxAction.NO_REPLY, actor="maya", now=now)
        db.inbox.route(ids["1902"], "@NorthwindDeals", "a sales question", actor="maya", now=now)
        later = now.replace(year=now.year + 1)
        for x_id, text in (
            ("1906", "Yes: bring it to any store and we repair zips in a week, free."),
            ("1907", "We are open 10 to 5 on Sundays. See you there!"),
        ):
            draft = db.drafts.create("@NorthwindHelp", text, author="maya", findings=(), now=now)
            db.queue.set_reply_to(draft.id, x_id, actor="maya", now=now)
            draft = db.drafts.get(draft.id)
            draft = db.drafts.submit(
                draft.id, actor="maya", expected_version=draft.version, findings=(), now=now
            )
            draft = db.drafts.review(
                draft.id, Action.APPROVE, actor="lee", expected_version=draft.version, now=now
            )
            record = queue_after_approval(db, guide, draft, now=now).record
            db.queue.claim(record.id, actor="publisher", now=now, due_by=later)
            db.queue.finish(
                record.id,
                state="published",
                post_ids=(f"19{x_id}",),
                error="",
                actor="publisher",
                now=now,
            )
        db.inbox.sync_answers(now=now, actor="maya")
    settings = SettingsStore(QSettings(str(folder / "inbox.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, workspace, user="maya")
    window.resize(1280, 760)
    window.show()
    page = window.inbox_page
    assert page is not None
    window.pages.setCurrentWidget(page)
    settle(app, 1000)
    page.state_box.setCurrentIndex(page.state_box.count() - 1)  # every state
    settle(app, 800)
    page.table.selectRow(page.model.row_of(ids["1905"]))
    page.table.setFocus()
    settle(app, 500)
    path = grab(window, "inbox", app)
    window.close()
    return path


def inbox_main() -> int:
    """Write the inbox screenshot alone (``scripts/screenshots.py inbox``)."""
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Brand Voice Composer")
    with tempfile.TemporaryDirectory() as tmp:
        return show([grab_inbox(app, Path(tmp))])


def media_main() -> int:
    """Write the media screenshot alone (``scripts/screenshots.py media``)."""
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Brand Voice Composer")
    with tempfile.TemporaryDirectory() as tmp:
        return show([grab_media(app, Path(tmp))])


def x_main() -> int:
    """Write the preview and cost screenshots alone (``scripts/screenshots.py x``)."""
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Brand Voice Composer")
    with tempfile.TemporaryDirectory() as tmp:
        return show(grab_x(app, Path(tmp)))


def show(paths: list[Path]) -> int:
    """Print the screenshots written; 0, the exit status."""
    for path in paths:
        print(path)
    return 0


def team_main() -> int:
    """Write the team settings' screenshots alone (``scripts/screenshots.py team``)."""
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Brand Voice Composer")
    with tempfile.TemporaryDirectory() as tmp:
        return show(grab_team(app, Path(tmp)))


def grab_window_tools(app: QApplication, folder: Path) -> list[Path]:  # noqa: PLR0915
    """Running things from the window: account credentials, notifications, the guide tab with
    a rule's whole message, adding a flagged brand word to the vocabulary, F1's list of keys,
    and the window on an 800x600 screen."""
    from keyring.backend import KeyringBackend

    from composer.core.notifications import Notice, NoticeKind
    from composer.services.secrets import SecretStore, backend_name
    from composer.services.spelling import OFFLINE_RULE
    from composer.services.workspace import init_workspace
    from composer.ui.grammar_setup import make_grammar_worker
    from composer.ui.main_window import MainWindow
    from composer.ui.review.credentials_dialog import CredentialsDialog
    from composer.ui.settings_store import SettingsStore
    from composer.ui.shortcuts_dialog import ShortcutsDialog

    class ShotKeyring(KeyringBackend):
        """An in-memory keyring for the picture (no real secret is stored)."""

        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.entries: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.entries.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.entries[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.entries.pop((service, username), None)

    workspace = init_workspace(folder / "tools", example=True)
    settings = SettingsStore(QSettings(str(folder / "tools.ini"), QSettings.Format.IniFormat))
    settings.welcome_dismissed = True
    worker = make_grammar_worker(workspace)
    window = MainWindow(settings, workspace, grammar_worker=worker, user="maya")
    window.resize(1280, 760)
    window.show()
    for _ in range(100):
        if window.checker is not None:
            break
        settle(app, 100)
    paths = []
    # Credentials: which accounts have some, the current one tested against X.
    backend = ShotKeyring()
    secrets = SecretStore(backend, allowed={backend_name(backend)})
    backend.entries[("io.github.brandvoicecomposer.BrandVoiceComposer", "@NorthwindHelp")] = (
        '{"consumer_key": "k", "consumer_secret": "s", "access_token": "t", '
        '"access_token_secret": "u"}'
    )
    assert window.store_client is not None
    dialog = CredentialsDialog(
        window.store_client,
        secrets,
        "maya",
        [account.handle for account in window.checker.guide.accounts]
        if window.checker is not None
        else ["@NorthwindHelp"],
        window,
        current="@NorthwindHelp",
        verify=lambda _credentials, handle: handle,  # the picture does not call X
    )
    dialog.show()
    settle(app, 800)
    dialog.test_button.click()
    settle(app, 800)
    paths.append(grab(dialog, "credentials", app))
    dialog.close()
    # A spelling finding on a brand word, and the button that accepts it.
    window.editor.setPlainText("Our Trailblazr boots are back in stock for the spring.")
    for _ in range(100):
        found = [f for f in window.controller.visible if f.rule == OFFLINE_RULE]
        if found:
            break
        settle(app, 100)
    panel = window.findings_panel
    for row in range(panel.model.rowCount()):
        finding = panel.model.finding(row)
        if finding is not None and finding.rule == OFFLINE_RULE:
            panel.view.setCurrentIndex(panel.model.index(row))
    settle(app, 300)
    paths.append(grab(window, "vocabulary", app))
    # The guide tab: a rule chosen, its whole message below the list.
    window.side_tabs.setCurrentWidget(window.guide_viewer)
    tree = window.guide_viewer.tree
    tree.setCurrentItem(tree.topLevelItem(0).child(0))
    settle(app, 300)
    paths.append(grab(window, "guide-tab", app))
    # Notifications: the list under the button in the status bar.
    bell = window.notifications
    for notice in (
        Notice(NoticeKind.RESUMED),
        Notice(NoticeKind.DECISION, 14, "@NorthwindHelp", "sam", "approved"),
        Notice(NoticeKind.REVIEW, 15, "@NorthwindDeals", "jo", "submitted"),
        Notice(NoticeKind.PAUSED),
    ):
        bell.add(notice)
    settle(app, 300)
    menu = bell.menu()
    assert menu is not None
    menu.popup(bell.mapToGlobal(bell.rect().topLeft()))
    settle(app, 500)
    paths.append(grab(menu, "notifications", app))
    menu.hide()
    # A small screen: the window at 800x600, and F1's list of keys on it.
    window.side_tabs.setCurrentWidget(window.findings_panel)
    window.resize(800, 600)
    settle(app, 500)
    paths.append(grab(window, "small-screen", app))
    keys = ShortcutsDialog(window)
    keys.show()
    settle(app, 500)
    paths.append(grab(keys, "shortcuts", app))
    keys.close()
    window.close()
    if worker is not None:
        worker.shutdown()
    return paths


def tools_main() -> int:
    """Write the window tools' screenshots alone (``scripts/screenshots.py tools``)."""
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Brand Voice Composer")
    with tempfile.TemporaryDirectory() as tmp:
        return show(grab_window_tools(app, Path(tmp)))


def main(only: tuple[str, ...] = ()) -> int:  # noqa: PLR0915 - one scene after another
    """Write every screenshot; ``only`` (``loop``) writes that group alone, on its own data."""
    from composer.services.workspace import init_workspace
    from composer.ui.main_window import MainWindow
    from composer.ui.settings_store import SettingsStore

    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Brand Voice Composer")
    with tempfile.TemporaryDirectory() as tmp:
        store = SettingsStore(QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        workspace = init_workspace(Path(tmp) / "workspace", example=True)
        if "loop" in only:
            window = MainWindow(store, workspace, user="maya")  # the first user: the admin
            settle(app, 1500)
            window.close()
            for path in grab_loop(app, store, workspace):
                print(path)
            return 0
        window = MainWindow(store, workspace, user="maya")
        # Spelling as a new workspace has it (the offline dictionary), as the app attaches it.
        from composer.ui.grammar_setup import make_grammar_worker

        window.set_grammar_worker(make_grammar_worker(workspace))
        window.resize(1280, 760)
        window.show()
        for _ in range(100):  # the guide loads off the UI thread: its accounts come then
            if window.checker is not None:
                break
            settle(app, 100)
        window.account_switcher.box.setCurrentIndex(1)
        settle(app, 500)
        # The first start: the welcome above an empty editor.
        print(grab(window, "welcome", app))
        window.welcome.close_button.click()
        window.editor.setPlainText(SAMPLE)
        window.controller.check_now()
        settle(app, 500)
        print(grab(window, "composer", app))
        light = QPalette(app.palette())
        app.setPalette(dark_palette())
        window.banner.show_problem(
            "Draft 12 for @NorthwindDeals expires in 20 min unless it is approved."
        )
        settle(app, 500)
        print(grab(window, "composer-dark", app))
        window.banner.clear()
        app.setPalette(light)
        settle(app, 300)
        window.side_tabs.setCurrentWidget(window.tone_meter)
        print(grab(window, "tone", app))
        window.side_tabs.setCurrentWidget(window.route_panel)
        print(grab(window, "route", app))
        window.editor.setPlainText(SAMPLE + " " + SAMPLE)
        window.split_action.trigger()
        print(grab(window, "thread", app))
        window.side_tabs.setCurrentWidget(window.guide_viewer)
        print(grab(window, "guide", app))
        window.close()
        print(grab_review(app, store, workspace))
        for path in grab_queue(app, store, workspace):
            print(path)
        show(
            [
                *grab_loop(app, store, workspace),
                *grab_team(app, Path(tmp)),
                grab_media(app, Path(tmp)),
                grab_inbox(app, Path(tmp)),
                *grab_x(app, Path(tmp)),
                *grab_window_tools(app, Path(tmp)),
            ]
        )
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["tools"]:
        raise SystemExit(tools_main())
    if sys.argv[1:] == ["x"]:
        raise SystemExit(x_main())
    if sys.argv[1:] == ["media"]:
        raise SystemExit(media_main())
    if sys.argv[1:] == ["inbox"]:
        raise SystemExit(inbox_main())
    raise SystemExit(team_main() if sys.argv[1:] == ["team"] else main(tuple(sys.argv[1:])))
