"""UI strings are translatable: the template is current, no literal escapes tr(), .qm files load."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QCoreApplication, QLocale, QSettings

from composer.ui.settings_store import SettingsStore
from composer.ui.translations import install_translators

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "composer" / "ui"
TEMPLATE = ROOT / "resources" / "translations" / "brand_composer.ts"
BIN = Path(sys.executable).parent
LUPDATE = BIN / "pyside6-lupdate"
LRELEASE = BIN / "pyside6-lrelease"

#: Calls that put text in front of the user, and which positional arguments hold it.
TEXT_ARGUMENTS: dict[str, tuple[int, ...]] = {
    "setText": (0,),
    "setToolTip": (0,),
    "setStatusTip": (0,),
    "setWhatsThis": (0,),
    "setWindowTitle": (0,),
    "setPlaceholderText": (0,),
    "setAccessibleName": (0,),
    "setAccessibleDescription": (0,),
    "showMessage": (0,),
    "setSpecialValueText": (0,),
    "setSuffix": (0,),
    "setPrefix": (0,),
    "setTitle": (0,),
    "setLabelText": (0,),
    "setInformativeText": (0,),
    "setHeaderLabels": (0,),
    "setHtml": (0,),
    "addTab": (1,),
    "insertTab": (2,),
    "setTabText": (1,),
    "setTabToolTip": (1,),
    "addItem": (0,),
    "addItems": (0,),
    "addAction": (0,),
    "addMenu": (0,),
    "addRow": (0,),
    "show_problem": (0, 1),
    "show_message": (0,),
    "information": (1, 2),
    "warning": (1, 2),
    "critical": (1, 2),
    "question": (1, 2),
    "about": (1, 2),
    "getText": (1, 2),
    # Constructors that take their label first.
    "QLabel": (0,),
    "QPushButton": (0,),
    "QCheckBox": (0,),
    "QRadioButton": (0,),
    "QGroupBox": (0,),
    "QToolButton": (0,),
    "QAction": (0,),
    "QMenu": (0,),
    "QToolBar": (0,),
    "QTreeWidgetItem": (0,),
    "QListWidgetItem": (0,),
}

#: Literals that are not words for people to read (a URL shown as an example).
ALLOWED = {"http://localhost:8081"}

_TAGS = re.compile(r"<[^>]*>|&\w+;")


def _words(text: str) -> bool:
    """Whether ``text`` (markup and entities removed) has a letter in it."""
    return text not in ALLOWED and any(c.isalpha() for c in _TAGS.sub("", text))


def _bare_literal(node: ast.expr) -> str | None:
    """The first untranslated literal with words in ``node``, looking through + and if/else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value if _words(node.value) else None
    if isinstance(node, ast.JoinedStr):
        fixed = "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
        return ast.unparse(node) if _words(fixed) else None
    if isinstance(node, ast.List | ast.Tuple):
        return next((hit for e in node.elts if (hit := _bare_literal(e))), None)
    if isinstance(node, ast.BinOp):
        return _bare_literal(node.left) or _bare_literal(node.right)
    if isinstance(node, ast.IfExp):
        return _bare_literal(node.body) or _bare_literal(node.orelse)
    return None


def untranslated_literals(folder: Path) -> list[str]:
    """``file:line: call: literal`` for every user-visible literal not passed through tr()."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = (
                func.attr
                if isinstance(func, ast.Attribute)
                else func.id
                if isinstance(func, ast.Name)
                else ""
            )
            for position in TEXT_ARGUMENTS.get(name, ()):
                if position < len(node.args) and (hit := _bare_literal(node.args[position])):
                    where = path.relative_to(folder.parent)
                    found.append(f"{where}:{node.lineno}: {name}: {hit!r}")
    return found


def test_the_scan_catches_bare_literals(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "label = QLabel('Hello')\n"
        "label.setToolTip(f'{n} drafts')\n"
        "box.addItem(self.tr('Fine'))\n"
        "view.setHtml('<p><i>' + escape(self.tr('Fine')) + '</i></p>')\n"
        "edit.setPlaceholderText('http://localhost:8081')\n"
        "bar.showMessage('Saved ' + name)\n",
        encoding="utf-8",
    )
    found = untranslated_literals(tmp_path)
    assert [line.split(": ", 1)[0].rsplit(":", 1)[1] for line in found] == ["1", "2", "6"]


def test_no_user_visible_literal_escapes_tr() -> None:
    assert untranslated_literals(UI) == []


def _messages(ts: Path) -> set[tuple[str, str, str]]:
    """(context, source, comment) of every current message in a .ts file."""
    root = ET.parse(ts).getroot()
    found = set()
    for context in root.iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") in {"obsolete", "vanished"}:
                continue
            found.add((name, message.findtext("source", ""), message.findtext("comment", "")))
    return found


@pytest.mark.skipif(not LUPDATE.exists(), reason="pyside6-lupdate is not installed")
def test_template_is_current(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in UI.rglob("*.py"))
    result = subprocess.run(
        [
            str(LUPDATE),
            "-silent",
            "-no-obsolete",
            "-locations",
            "none",
            *sources,
            "-ts",
            str(fresh),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    current, shipped = _messages(fresh), _messages(TEMPLATE)
    assert current == shipped, (
        "resources/translations/brand_composer.ts is out of date: run "
        f"bash scripts/update_translations.sh (new: {sorted(current - shipped)[:5]}, "
        f"gone: {sorted(shipped - current)[:5]})"
    )
    assert len(current) > 250  # the whole UI, not a handful of strings


GERMAN = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context><name>MainWindow</name>
<message><source>&amp;File</source><translation>&amp;Datei</translation></message>
<message><source>Compose</source><translation>Verfassen</translation></message>
</context>
<context><name>InboxModel</name>
<message><source>Waiting</source><translation>Wartet</translation></message>
</context>
</TS>
"""


@pytest.fixture
def german_qm(tmp_path: Path) -> Path:
    if not LRELEASE.exists():
        pytest.skip("pyside6-lrelease is not installed")
    folder = tmp_path / "translations"
    folder.mkdir()
    ts = folder / "brand_composer_de.ts"
    ts.write_text(GERMAN, encoding="utf-8")
    result = subprocess.run(
        [str(LRELEASE), "-silent", str(ts), "-qm", str(folder / "brand_composer_de.qm")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return folder


def test_the_window_speaks_the_locale_language(
    qtbot: QtBot, tmp_path: Path, german_qm: Path
) -> None:
    from composer.ui.main_window import MainWindow

    app = QCoreApplication.instance()
    assert app is not None
    installed = install_translators(app, QLocale("de_DE"), german_qm)
    try:
        assert any(t.filePath().endswith("brand_composer_de.qm") for t in installed)
        settings = SettingsStore(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        window = MainWindow(settings)
        qtbot.addWidget(window)
        menus = [a.text() for a in window.menuBar().actions()]
        assert "&Datei" in menus
        assert window.pages.tabText(0) == "Verfassen"
        # Class-level strings marked with QT_TRANSLATE_NOOP are translated where shown.
        assert QCoreApplication.translate("InboxModel", "Waiting") == "Wartet"
    finally:
        for translator in installed:
            QCoreApplication.removeTranslator(translator)
    assert QCoreApplication.translate("MainWindow", "&File") == "&File"


def test_a_locale_without_translation_stays_english(tmp_path: Path, german_qm: Path) -> None:
    app = QCoreApplication.instance()
    assert app is not None
    # Qt's own French would leave the window half French, half English: nothing is loaded.
    assert install_translators(app, QLocale("fr_FR"), german_qm) == []
    assert QCoreApplication.translate("MainWindow", "&File") == "&File"
    # A folder that does not exist is no error either.
    assert install_translators(app, QLocale("de_DE"), tmp_path / "nowhere") == []
