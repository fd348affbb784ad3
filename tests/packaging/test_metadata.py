"""The Linux desktop metadata: desktop entry, AppStream metainfo, icons and Flatpak manifest."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from composer import APP_ID, APP_NAME

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"
FLATPAK = PACKAGING / f"{APP_ID}.yml"
ICONS = ROOT / "resources" / "icons"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(DESKTOP.read_text(encoding="utf-8"), source=str(DESKTOP))
    assert parser.sections() == ["Desktop Entry"]
    return parser["Desktop Entry"]


def test_desktop_entry_required_keys() -> None:
    entry = _desktop_entry()
    for key in ("Type", "Name", "Exec", "Icon", "Categories"):
        assert entry.get(key), f"{DESKTOP.name} lacks {key}"
    assert entry["Type"] == "Application"
    assert entry["Name"] == APP_NAME
    assert entry["Terminal"] == "false"
    # Lists in desktop entries end with a semicolon.
    assert entry["Categories"].endswith(";")
    assert entry["Keywords"].endswith(";")


def test_desktop_entry_exec_and_icon_match_app() -> None:
    entry = _desktop_entry()
    assert entry["Exec"].split()[0] == "brand-composer"
    assert entry["Icon"] == APP_ID
    # Qt sets the same id (QApplication.setDesktopFileName) so the shell matches windows to it.
    assert DESKTOP.stem == APP_ID


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None,
    reason="desktop-file-validate not installed (apt-get install desktop-file-utils)",
)
def test_desktop_file_validate() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(DESKTOP)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _metainfo() -> ET.Element:
    return ET.parse(METAINFO).getroot()


def _text(root: ET.Element, tag: str) -> str:
    element = root.find(tag)
    assert element is not None, f"{METAINFO.name} lacks <{tag}>"
    return (element.text or "").strip()


def test_metainfo_identity() -> None:
    root = _metainfo()
    assert root.tag == "component"
    assert root.get("type") == "desktop-application"
    assert _text(root, "id") == APP_ID
    assert _text(root, "name") == APP_NAME
    assert _text(root, "summary") == _desktop_entry()["Comment"]
    assert _text(root, "metadata_license") == "CC0-1.0"
    assert _text(root, "project_license") == "GPL-3.0-or-later"


def test_metainfo_launchable_is_the_desktop_file() -> None:
    launchable = _metainfo().find("launchable")
    assert launchable is not None
    assert launchable.get("type") == "desktop-id"
    assert launchable.text == DESKTOP.name


def test_metainfo_latest_release_is_the_app_version() -> None:
    from composer import __version__

    releases = _metainfo().findall("releases/release")
    assert releases, "no <release> in the metainfo"
    assert releases[0].get("version") == __version__


@pytest.mark.skipif(
    shutil.which("appstreamcli") is None,
    reason="appstreamcli not installed (apt-get install appstream)",
)
def test_appstreamcli_validate() -> None:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_icon_set() -> None:
    svg = ICONS / f"{APP_ID}.svg"
    assert ET.parse(svg).getroot().tag == "{http://www.w3.org/2000/svg}svg"
    for size in (16, 32, 48, 64, 128, 256, 512):
        png = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        header = png.read_bytes()[:24]
        assert header[:8] == PNG_MAGIC, png
        # IHDR width and height, big-endian, right after the signature and chunk header.
        width = int.from_bytes(header[16:20], "big")
        height = int.from_bytes(header[20:24], "big")
        assert (width, height) == (size, size), png


def test_flatpak_manifest() -> None:
    manifest = yaml.safe_load(FLATPAK.read_text(encoding="utf-8"))
    assert manifest["id"] == APP_ID
    assert manifest["command"] == "brand-composer"
    assert manifest["runtime"] in {"org.kde.Platform", "org.freedesktop.Platform"}
    assert manifest["sdk"].startswith(manifest["runtime"].replace("Platform", "Sdk"))
    names = [module["name"] for module in manifest["modules"] if isinstance(module, dict)]
    assert names[-1] == "brand-voice-composer"
    commands = "\n".join(manifest["modules"][-1]["build-commands"])
    for installed in (DESKTOP.name, METAINFO.name, f"{APP_ID}.svg"):
        assert installed in commands, f"the Flatpak build does not install {installed}"
