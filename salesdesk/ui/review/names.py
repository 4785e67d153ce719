"""Translated names in the Review area: what a report's status means for the reviewer."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from salesdesk.domain.review import ReviewStatus
from salesdesk.store.review import ReviewRow
from salesdesk.ui.labels import QT_TRANSLATE_NOOP

CONTEXT = "Review"

STATUSES = {
    ReviewStatus.ON_TIME: QT_TRANSLATE_NOOP("Review", "Submitted"),
    ReviewStatus.LATE: QT_TRANSLATE_NOOP("Review", "Submitted late"),
    ReviewStatus.PENDING: QT_TRANSLATE_NOOP("Review", "Not due yet"),
    ReviewStatus.MISSING: QT_TRANSLATE_NOOP("Review", "Not submitted"),
    ReviewStatus.NOT_RECEIVED: QT_TRANSLATE_NOOP("Review", "Not received yet"),
}

EXPLANATIONS = {
    ReviewStatus.MISSING: QT_TRANSLATE_NOOP(
        "Review", "Not submitted by the deadline (the rep has synced since then)."
    ),
    ReviewStatus.NOT_RECEIVED: QT_TRANSLATE_NOOP(
        "Review",
        "Not in your copy after the deadline: not written, or written offline and not synced "
        "yet. Nothing the rep did after the deadline has reached the server so far.",
    ),
}


def tr(text: str) -> str:
    """Translate a marked (``QT_TRANSLATE_NOOP``) source text of this context."""
    return QCoreApplication.translate(CONTEXT, text)


def status_name(status: ReviewStatus) -> str:
    return tr(STATUSES[status])


def status_text(row: ReviewRow) -> str:
    """The status as the list shows it, with a draft or "not synced" mark."""
    text = status_name(row.status)
    if row.has_draft and not row.status.reported:
        text = QCoreApplication.translate("Review", "%1 (draft written)").replace("%1", text)
    if row.unsynced:
        text = QCoreApplication.translate("Review", "%1, not synced yet").replace("%1", text)
    return text


def explanation(row: ReviewRow) -> str:
    source = EXPLANATIONS.get(row.status)
    return tr(source) if source else ""
