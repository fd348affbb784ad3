"""The media strip under the editor: thumbnails with alt text; add, reorder, remove.

Files come by the Add button, by drag and drop, or pasted (:meth:`MediaStrip.paste`); they
are read by :mod:`composer.services.media_files` and checked by :mod:`composer.core.media`.
The strip holds no rules: a refused file or set shows the core's sentence under it. Read
only (``editable=False``), it shows a draft's media and alt texts to reviewers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMimeData, Qt, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from composer.core.media import ALT_TEXT_LIMIT, MediaError, MediaKind, set_problems
from composer.services.media_files import LoadedMedia, media_from_bytes, read_media

THUMB = 96
_FILTER = "Images, GIFs and videos (*.png *.jpg *.jpeg *.webp *.gif *.mp4 *.mov);;All files (*)"


class MediaCard(QFrame):
    """One attachment: thumbnail, alt text and its buttons.

    Signals:
        alt_changed(str): the alt text was edited.
        move_requested(int): move by -1 (left) or +1 (right).
        remove_requested(): take it off the draft.
    """

    alt_changed = Signal(str)
    move_requested = Signal(int)
    remove_requested = Signal()

    def __init__(self, media: LoadedMedia, number: int, *, editable: bool) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.thumb = QLabel()
        self.thumb.setFixedSize(THUMB, THUMB)
        self.thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._show_thumb(media)
        kind = media.item.kind
        name = {MediaKind.IMAGE: "Picture", MediaKind.GIF: "GIF", MediaKind.VIDEO: "Video"}[kind]
        self.thumb.setAccessibleName(self.tr("%s %d") % (self.tr(name), number))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.thumb, 0, Qt.AlignmentFlag.AlignHCenter)
        if editable:
            self.alt = QLineEdit(media.item.alt_text)
            self.alt.setMaxLength(ALT_TEXT_LIMIT)
            self.alt.setPlaceholderText(self.tr("Alt text: describe it"))
            self.alt.setAccessibleName(self.tr("Alt text of %s %d") % (self.tr(name), number))
            self.alt.setMinimumWidth(THUMB * 2)
            self.alt.setCursorPosition(0)  # the start of a long description shows
            self.alt.setToolTip(media.item.alt_text)
            self.alt.textEdited.connect(self.alt_changed)
            layout.addWidget(self.alt)
            row = QHBoxLayout()
            self.left = QToolButton()
            self.right = QToolButton()
            self.remove = QToolButton()
            for button, glyph, name in (
                (self.left, "◀", self.tr("Move left")),
                (self.right, "▶", self.tr("Move right")),
                (self.remove, "✕", self.tr("Remove")),
            ):
                button.setText(glyph)
                button.setAccessibleName(name)
                button.setToolTip(name)
                row.addWidget(button)
            self.left.clicked.connect(lambda: self.move_requested.emit(-1))
            self.right.clicked.connect(lambda: self.move_requested.emit(1))
            self.remove.clicked.connect(self.remove_requested)
            layout.addLayout(row)
        else:
            shown = media.item.alt_text or self.tr("(no alt text)")
            self.alt_label = QLabel(shown)
            self.alt_label.setWordWrap(True)
            self.alt_label.setMaximumWidth(THUMB * 2)
            layout.addWidget(self.alt_label)

    def _show_thumb(self, media: LoadedMedia) -> None:
        image = QImage()
        if media.data is not None and media.item.kind is not MediaKind.VIDEO:
            image.loadFromData(media.data)
        if image.isNull():
            self.thumb.setText(
                "▶ " + self.tr("video") if media.item.kind is MediaKind.VIDEO else "?"
            )
            return
        pixmap = QPixmap.fromImage(image).scaled(
            THUMB,
            THUMB,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.thumb.setPixmap(pixmap)


class MediaStrip(QWidget):
    """A draft's media, in order, with alt text per item.

    Signals:
        media_changed(object): the tuple of :class:`LoadedMedia` after any change by the user.
        media_shown(object): the same, after :meth:`set_media` (a draft opened: nothing to save,
            but the checks read them).
    """

    media_changed = Signal(object)
    media_shown = Signal(object)

    def __init__(self, *, editable: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editable = editable
        self._media: list[LoadedMedia] = []
        self.cards: list[MediaCard] = []
        self._row = QHBoxLayout()
        self._row.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(self.tr("Add media…"))
        self.add_button.setAccessibleName(self.tr("Add media"))
        self.add_button.setToolTip(
            self.tr("Up to 4 images, or 1 GIF, or 1 video; or drop files here, or paste an image")
        )
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("mediaMessage")
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._row)
        layout.addWidget(self.message)
        if editable:
            self._row.addWidget(self.add_button)
            self.add_button.clicked.connect(self._on_add_clicked)
            self.setAcceptDrops(True)
        else:
            self.add_button.hide()
        self._row.addStretch(1)
        self._rebuild()

    # -- the state -------------------------------------------------------------------------

    def media(self) -> tuple[LoadedMedia, ...]:
        """The attachments, in order."""
        return tuple(self._media)

    def set_media(self, media: Sequence[LoadedMedia]) -> None:
        """Show ``media`` (a draft opened or reloaded); emits ``media_shown`` only."""
        self._media = list(media)
        self.message.hide()
        self._rebuild()
        self.media_shown.emit(self.media())

    def show_notes(self, notes: Sequence[str]) -> None:
        """Show what the guide says about the media (alt text missing...), or nothing."""
        self._say(list(notes))

    def show_refusal(self, media: Sequence[LoadedMedia], message: str) -> None:
        """Go back to ``media`` (what the draft has) and say why the change was refused."""
        self.set_media(media)
        self._say([message])

    def add_files(self, paths: Sequence[Path]) -> None:
        """Attach files; a refused one is named under the strip and the rest are kept."""
        loaded: list[LoadedMedia] = []
        problems: list[str] = []
        for path in paths:
            try:
                loaded.append(read_media(path))
            except MediaError as exc:
                problems.append(str(exc))
        self._add(loaded, problems)

    def paste(self, mime: QMimeData) -> bool:
        """Attach what the clipboard holds (files or an image); ``False`` when nothing fit."""
        if mime.hasUrls() and all(url.isLocalFile() for url in mime.urls()):
            self.add_files([Path(url.toLocalFile()) for url in mime.urls()])
            return True
        if mime.hasImage():
            image = QImage(mime.imageData())
            buffer = QBuffer()
            buffer.open(QIODevice.OpenModeFlag.WriteOnly)
            image.save(buffer, "PNG")  # type: ignore[call-overload]  # PySide6 takes a str here
            try:
                loaded = media_from_bytes(self.tr("the pasted image"), bytes(buffer.data().data()))
            except MediaError as exc:
                self._add([], [str(exc)])
            else:
                self._add([loaded], [])
            return True
        return False

    def move_item(self, index: int, delta: int) -> None:
        """Move item ``index`` by ``delta`` places (kept within the strip)."""
        target = index + delta
        if not 0 <= target < len(self._media) or target == index:
            return
        self._media.insert(target, self._media.pop(index))
        self._changed()

    def remove_item(self, index: int) -> None:
        """Take item ``index`` off."""
        del self._media[index]
        self._changed()

    def set_alt_text(self, index: int, text: str) -> None:
        """Set the alt text of item ``index`` (the card's field calls this as you type)."""
        media = self._media[index]
        self._media[index] = replace(media, item=replace(media.item, alt_text=text))
        self.media_changed.emit(self.media())

    # -- drag and drop ---------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept local files."""
        if event.mimeData().hasUrls() or event.mimeData().hasImage():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Attach dropped files."""
        if self.paste(event.mimeData()):
            event.acceptProposedAction()

    # -- internals -------------------------------------------------------------------------

    def _add(self, loaded: list[LoadedMedia], problems: list[str]) -> None:
        held = {m.item.sha256 for m in self._media}
        fresh = [m for m in loaded if m.item.sha256 not in held]
        candidate = [*self._media, *fresh]
        refused = set_problems([m.item for m in candidate])
        problems += refused
        self._say(problems)
        if fresh and not refused:
            self._media = candidate
            self._changed()

    def _say(self, problems: list[str]) -> None:
        self.message.setText("; ".join(problems))
        self.message.setVisible(bool(problems))

    def _changed(self) -> None:
        self._rebuild()
        self.media_changed.emit(self.media())

    def _rebuild(self) -> None:
        for card in self.cards:
            # Hidden and unparented at once: deleteLater alone leaves it painted until then.
            self._row.removeWidget(card)
            card.hide()
            card.setParent(None)
            card.deleteLater()
        self.cards = []
        for index, media in enumerate(self._media):
            card = MediaCard(media, index + 1, editable=self._editable)
            if self._editable:
                card.alt_changed.connect(lambda text, i=index: self.set_alt_text(i, text))
                card.move_requested.connect(lambda delta, i=index: self.move_item(i, delta))
                card.remove_requested.connect(lambda i=index: self.remove_item(i))
                card.left.setEnabled(index > 0)
                card.right.setEnabled(index < len(self._media) - 1)
            self._row.insertWidget(index, card)
            self.cards.append(card)
        self.setVisible(self._editable or bool(self._media))

    @Slot()
    def _on_add_clicked(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Attach images, a GIF or a video"), "", self.tr(_FILTER)
        )
        self.add_files([Path(name) for name in names])
