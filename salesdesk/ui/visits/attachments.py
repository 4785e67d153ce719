"""A visit's photos and files: add (button or drag and drop), open, save a copy, remove with undo.

Files are stored in the local database with the visit (and synced with it),
up to ``MAX_ATTACHMENT_BYTES`` each; a larger file is refused with a message
that says so. Reading and writing run on the database thread.
"""

from __future__ import annotations

import logging
import tempfile
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.entities import MAX_ATTACHMENT_BYTES, Attachment
from salesdesk.store import visits as visit_store
from salesdesk.ui import timefmt
from salesdesk.ui.context import AppContext

log = logging.getLogger(__name__)
ID_ROLE = Qt.ItemDataRole.UserRole


def file_size(size: int) -> str:
    """A size for people: 820 B, 14 KB, 2.4 MB."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _local_files(event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class AttachmentsPanel(QWidget):
    """The attachments of one visit."""

    sig_count = Signal(int)  # how many attachments are shown

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.visit_id: uuid.UUID | None = None
        self.attachments: list[visit_store.AttachmentInfo] = []
        self.list = QTreeWidget(self)
        self.list.setObjectName("attachments")
        self.list.setRootIsDecorated(False)
        self.list.setColumnCount(3)
        self.list.setHeaderLabels([self.tr("File"), self.tr("Size"), self.tr("Added")])
        header = self.list.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.itemDoubleClicked.connect(lambda _item, _column: self.open_selected())
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.hint = QLabel(
            self.tr("Drop photos or files here, up to %1 each.").replace(
                "%1", file_size(MAX_ATTACHMENT_BYTES)
            ),
            self,
        )
        self.hint.setProperty("role", "muted")
        self.hint.setWordWrap(True)
        self.add_button = QPushButton(self.tr("Add…"), self)
        self.add_button.setObjectName("add_attachment")
        self.open_button = QPushButton(self.tr("Open"), self)
        self.open_button.setObjectName("open_attachment")
        self.save_button = QPushButton(self.tr("Save as…"), self)
        self.save_button.setObjectName("save_attachment")
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.setObjectName("remove_attachment")
        self.add_button.clicked.connect(self.choose_files)
        self.open_button.clicked.connect(self.open_selected)
        self.save_button.clicked.connect(self.save_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.open_button, self.save_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        self.setAcceptDrops(True)
        self._update_buttons()

    # ---- showing -------------------------------------------------------------------------------
    def show_attachments(
        self, visit_id: uuid.UUID | None, attachments: Sequence[visit_store.AttachmentInfo]
    ) -> None:
        self.visit_id = visit_id
        self.attachments = list(attachments)
        selected = {a.id for a in self.selected()}
        self.list.clear()
        for info in self.attachments:
            added = timefmt.format_datetime(info.created_at)
            item = QTreeWidgetItem([info.file_name, file_size(info.size), added])
            item.setData(0, ID_ROLE, info.id)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(0, f"{info.mime_type}\nSHA-256 {info.sha256}")
            self.list.addTopLevelItem(item)
            item.setSelected(info.id in selected)
        self.add_button.setEnabled(visit_id is not None)
        self._update_buttons()
        self.sig_count.emit(len(self.attachments))

    def _update_buttons(self) -> None:
        chosen = bool(self.list.selectedItems())
        for button in (self.open_button, self.save_button, self.remove_button):
            button.setEnabled(chosen)

    def selected(self) -> list[visit_store.AttachmentInfo]:
        ids = {item.data(0, ID_ROLE) for item in self.list.selectedItems()}
        return [a for a in self.attachments if a.id in ids]

    def select(self, attachment_id: uuid.UUID) -> None:
        for row in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(row)
            if item is not None:
                item.setSelected(item.data(0, ID_ROLE) == attachment_id)

    def count(self) -> int:
        return self.list.topLevelItemCount()

    # ---- adding --------------------------------------------------------------------------------
    def choose_files(self) -> None:
        dialog = QFileDialog(self, self.tr("Attach photos or files"))
        dialog.setObjectName("attach_dialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilters(
            [
                self.tr("Photos and documents (%1)").replace(
                    "%1", "*.jpg *.jpeg *.png *.heic *.pdf *.doc *.docx *.xls *.xlsx *.ppt *.pptx"
                ),
                self.tr("All files (*)"),
            ]
        )
        if dialog.exec():
            self.add_files([Path(name) for name in dialog.selectedFiles()])

    def add_files(self, paths: Sequence[Path]) -> None:
        """Attach files to the shown visit; too large ones are refused with a message."""
        visit_id = self.visit_id
        if visit_id is None:
            return
        accepted: list[Path] = []
        for path in paths:
            try:
                size = path.stat().st_size
            except OSError as exc:
                self.context.notifier.show_error(
                    self.tr("%1 cannot be read: %2")
                    .replace("%1", path.name)
                    .replace("%2", str(exc))
                )
                continue
            if not path.is_file():
                continue
            if size > MAX_ATTACHMENT_BYTES:
                self._too_large(path.name, size)
                continue
            accepted.append(path)
        if not accepted:
            return
        store = self.context.store

        def work() -> list[visit_store.AttachmentInfo]:
            return [visit_store.attach_file(store, visit_id, path) for path in accepted]

        def done(added: list[visit_store.AttachmentInfo]) -> None:
            names = "、".join(a.file_name for a in added)
            self.context.notifier.notify(self.tr("Attached %1.").replace("%1", names))

        self.context.runner.db(work, done=done, failed=self._failed)

    def _too_large(self, name: str, size: int) -> None:
        self.context.notifier.show_error(
            self.tr("%1 is %2: a visit attachment can be at most %3.")
            .replace("%1", name)
            .replace("%2", file_size(size))
            .replace("%3", file_size(MAX_ATTACHMENT_BYTES))
        )

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, visit_store.AttachmentTooLargeError):
            self._too_large(exc.file_name, exc.size)
        elif isinstance(exc, OSError | ValueError):
            self.context.notifier.show_error(str(exc))
        else:
            log.error("attachment work failed", exc_info=exc)
            self.context.notifier.show_error(str(exc))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.visit_id is not None and _local_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self.visit_id is not None and _local_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        files = _local_files(event)
        if self.visit_id is None or not files:
            event.ignore()
            return
        event.acceptProposedAction()
        self.add_files(files)

    # ---- opening, saving, removing -------------------------------------------------------------
    def _with_content(
        self, info: visit_store.AttachmentInfo, then: Callable[[str, bytes], None]
    ) -> None:
        store = self.context.store
        self.context.runner.db(
            lambda: visit_store.attachment_content(store, info.id),
            done=lambda found: then(*found),
            failed=self._failed,
        )

    def open_selected(self) -> None:
        """Open each selected attachment with the program the system uses for its type."""
        for info in self.selected():
            folder = Path(tempfile.gettempdir()) / "SalesDesk" / info.id.hex

            def show(name: str, content: bytes, folder: Path = folder) -> None:
                folder.mkdir(parents=True, exist_ok=True)
                path = folder / Path(name).name
                path.write_bytes(content)
                if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
                    self.context.notifier.show_error(
                        self.tr("No program on this computer opens %1.").replace("%1", name)
                    )

            self._with_content(info, show)

    def save_selected(self) -> None:
        """Save a copy of the selected attachment where the user chooses."""
        chosen = self.selected()
        if not chosen:
            return
        info = chosen[0]
        dialog = QFileDialog(self, self.tr("Save attachment"))
        dialog.setObjectName("save_dialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.selectFile(info.file_name)
        if not dialog.exec() or not dialog.selectedFiles():
            return
        target = Path(dialog.selectedFiles()[0])
        store = self.context.store

        def saved(_path: Path) -> None:
            self.context.notifier.notify(self.tr("Saved %1.").replace("%1", str(target)))

        self.context.runner.db(
            lambda: visit_store.save_attachment(store, info.id, target),
            done=saved,
            failed=self._failed,
        )

    def remove_selected(self) -> None:
        """Remove the selected attachments; the notice offers Undo."""
        chosen = self.selected()
        if not chosen:
            return
        store = self.context.store
        ids = [info.id for info in chosen]

        def work() -> None:
            with store.transaction() as writer:
                for attachment_id in ids:
                    writer.delete(Attachment, attachment_id)

        def undo() -> None:
            def restore() -> None:
                with store.transaction() as writer:
                    for attachment_id in ids:
                        writer.restore(Attachment, attachment_id)

            self.context.runner.db(restore, failed=self._failed)

        names = "、".join(info.file_name for info in chosen)
        self.context.runner.db(
            work,
            done=lambda _none: self.context.notifier.notify(
                self.tr("Removed %1.").replace("%1", names), self.tr("Undo"), undo
            ),
            failed=self._failed,
        )
