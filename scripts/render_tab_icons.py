"""Render the side tabs' SVG icons (resources/icons/tabs/*.svg) to their PNG fallbacks.

Each ``NAME.svg`` gets ``NAME.png`` (16 px) and ``NAME@2x.png`` (32 px): what the window shows
where Qt cannot draw SVG (composer/ui/side_tabs.py loads the SVG first, then the PNGs). Run it
after changing an SVG:

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/render_tab_icons.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

FOLDER = Path(__file__).resolve().parent.parent / "resources" / "icons" / "tabs"
SIZES = {"": 16, "@2x": 32}


def render(svg: Path) -> list[Path]:
    """Write the PNGs of ``svg``; returns their paths."""
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    written = []
    for suffix, size in SIZES.items():
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        path = svg.with_name(f"{svg.stem}{suffix}.png")
        if not image.save(str(path)):
            raise SystemExit(f"could not write {path}")
        written.append(path)
    return written


def main() -> int:
    """Render every SVG in the folder."""
    _app = QGuiApplication(sys.argv[:1])
    for svg in sorted(FOLDER.glob("*.svg")):
        for path in render(svg):
            print(path.relative_to(FOLDER.parent.parent.parent))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
