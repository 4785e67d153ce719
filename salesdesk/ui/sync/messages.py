"""Sync in plain, translated words: errors by kind, rejection reasons by code, progress.

The engine explains every failure with a stable ``ErrorKind`` (and the server
every refused change with a stable code); the words people read are here,
translated in the "SyncMessages" context. The engine's own English message
and technical detail are kept for the tooltip ("details on hover") and the
log, never shown as the main text.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from salesdesk.ui import i18n
from salesdesk.ui.labels import QT_TRANSLATE_NOOP
from sync.client import ErrorKind, Phase, SyncError, SyncProgress

CONTEXT = "SyncMessages"

ERRORS: dict[str, str] = {
    ErrorKind.WRONG_CREDENTIALS: QT_TRANSLATE_NOOP("SyncMessages", "Wrong user name or password."),
    ErrorKind.ACCOUNT_DISABLED: QT_TRANSLATE_NOOP(
        "SyncMessages", "This account is disabled. Ask your administrator."
    ),
    ErrorKind.TOO_MANY_ATTEMPTS: QT_TRANSLATE_NOOP(
        "SyncMessages", "Too many failed sign-ins. Wait a few minutes and try again."
    ),
    ErrorKind.CLIENT_TOO_OLD: QT_TRANSLATE_NOOP(
        "SyncMessages",
        "This version of SalesDesk is too old for the server. Please update SalesDesk.",
    ),
    ErrorKind.SERVER_TOO_OLD: QT_TRANSLATE_NOOP(
        "SyncMessages",
        "The server is older than this SalesDesk. Ask your administrator to update it.",
    ),
    ErrorKind.UNREACHABLE: QT_TRANSLATE_NOOP(
        "SyncMessages",
        "The server cannot be reached. Your changes are kept and sent when the connection returns.",
    ),
    ErrorKind.TLS: QT_TRANSLATE_NOOP(
        "SyncMessages",
        "The secure connection to the server failed: its certificate is not trusted, "
        "or the address is not a secure (https) server.",
    ),
    ErrorKind.SERVER_ERROR: QT_TRANSLATE_NOOP(
        "SyncMessages", "The server had a problem. Your changes are kept; try again later."
    ),
    ErrorKind.PROTOCOL: QT_TRANSLATE_NOOP(
        "SyncMessages",
        "The server's answers arrived damaged. Your changes are kept; try again later.",
    ),
    ErrorKind.PASSWORD_NEEDED: QT_TRANSLATE_NOOP("SyncMessages", "Enter your password to sync."),
    ErrorKind.NOT_SIGNED_IN: QT_TRANSLATE_NOOP(
        "SyncMessages", "This computer is not signed in to a server."
    ),
    ErrorKind.WRONG_PROFILE: QT_TRANSLATE_NOOP(
        "SyncMessages",
        "The data on this computer belongs to another account or server. Sign in as that "
        "account, or sign out and delete the data on this computer first.",
    ),
    ErrorKind.PENDING_CHANGES: QT_TRANSLATE_NOOP(
        "SyncMessages", "Some changes have not reached the server yet."
    ),
    ErrorKind.LOCAL_DATA: QT_TRANSLATE_NOOP(
        "SyncMessages",
        "The data on this computer could not be written (is the disk full?). "
        "Nothing was lost; try again.",
    ),
    ErrorKind.CANCELLED: QT_TRANSLATE_NOOP(
        "SyncMessages", "Sync was stopped. What was already received is kept."
    ),
    ErrorKind.INTERNAL: QT_TRANSLATE_NOOP(
        "SyncMessages",
        "SalesDesk hit an unexpected problem while syncing; the details were logged. "
        "Your changes are kept.",
    ),
}

SHORT_ERRORS: dict[str, str] = {
    ErrorKind.WRONG_CREDENTIALS: QT_TRANSLATE_NOOP("SyncMessages", "Sign-in refused"),
    ErrorKind.ACCOUNT_DISABLED: QT_TRANSLATE_NOOP("SyncMessages", "Account disabled"),
    ErrorKind.TOO_MANY_ATTEMPTS: QT_TRANSLATE_NOOP("SyncMessages", "Too many sign-ins"),
    ErrorKind.CLIENT_TOO_OLD: QT_TRANSLATE_NOOP("SyncMessages", "Please update SalesDesk"),
    ErrorKind.SERVER_TOO_OLD: QT_TRANSLATE_NOOP("SyncMessages", "Server too old"),
    ErrorKind.UNREACHABLE: QT_TRANSLATE_NOOP("SyncMessages", "Offline"),
    ErrorKind.TLS: QT_TRANSLATE_NOOP("SyncMessages", "Secure connection failed"),
    ErrorKind.SERVER_ERROR: QT_TRANSLATE_NOOP("SyncMessages", "Server problem"),
    ErrorKind.PROTOCOL: QT_TRANSLATE_NOOP("SyncMessages", "Damaged answer"),
    ErrorKind.PASSWORD_NEEDED: QT_TRANSLATE_NOOP("SyncMessages", "Password needed"),
    ErrorKind.NOT_SIGNED_IN: QT_TRANSLATE_NOOP("SyncMessages", "Not signed in"),
    ErrorKind.WRONG_PROFILE: QT_TRANSLATE_NOOP("SyncMessages", "Another account's data"),
    ErrorKind.PENDING_CHANGES: QT_TRANSLATE_NOOP("SyncMessages", "Changes not sent"),
    ErrorKind.LOCAL_DATA: QT_TRANSLATE_NOOP("SyncMessages", "Cannot write local data"),
    ErrorKind.CANCELLED: QT_TRANSLATE_NOOP("SyncMessages", "Sync stopped"),
    ErrorKind.INTERNAL: QT_TRANSLATE_NOOP("SyncMessages", "Sync failed"),
}

REJECTIONS: dict[str, str] = {
    "invalid": QT_TRANSLATE_NOOP("SyncMessages", "The server found a value that is not valid."),
    "unknown_entity": QT_TRANSLATE_NOOP(
        "SyncMessages", "The server does not know this kind of record (is it older?)."
    ),
    "server_only": QT_TRANSLATE_NOOP(
        "SyncMessages", "Users and teams are changed on the server by an administrator."
    ),
    "not_allowed": QT_TRANSLATE_NOOP("SyncMessages", "Your role may not make this change."),
    "not_in_scope": QT_TRANSLATE_NOOP(
        "SyncMessages",
        "The record is no longer yours (it was given to someone else or is outside your team).",
    ),
    "exists": QT_TRANSLATE_NOOP("SyncMessages", "A record with the same id already exists."),
    "deleted": QT_TRANSLATE_NOOP("SyncMessages", "Someone deleted the record meanwhile."),
    "parent_deleted": QT_TRANSLATE_NOOP(
        "SyncMessages", "The record it belongs to was deleted meanwhile."
    ),
    "append_only": QT_TRANSLATE_NOOP(
        "SyncMessages", "Entries of this kind can be added but not changed."
    ),
    "not_deletable": QT_TRANSLATE_NOOP("SyncMessages", "This record cannot be deleted."),
    "read_only": QT_TRANSLATE_NOOP(
        "SyncMessages", "A value that cannot change once set was changed."
    ),
    "duplicate_op": QT_TRANSLATE_NOOP(
        "SyncMessages", "The server saw this change from another computer."
    ),
}

OPERATIONS: dict[str, str] = {
    "create": QT_TRANSLATE_NOOP("SyncMessages", "New record"),
    "update": QT_TRANSLATE_NOOP("SyncMessages", "Change"),
    "delete": QT_TRANSLATE_NOOP("SyncMessages", "Deletion"),
    "restore": QT_TRANSLATE_NOOP("SyncMessages", "Restore"),
}


def _t(source: str) -> str:
    """Translate a source text listed above with QT_TRANSLATE_NOOP."""
    return QCoreApplication.translate(CONTEXT, source)


def error_kind(error: SyncError | None) -> str:
    return str(error.kind) if error is not None else ""


def error_text(kind: str, *, retry_after: float | None = None) -> str:
    """What went wrong, in a sentence the user can act on."""
    if kind == ErrorKind.TOO_MANY_ATTEMPTS and retry_after:
        minutes = max(1, round(retry_after / 60))
        if minutes == 1:
            return QCoreApplication.translate(
                "SyncMessages", "Too many failed sign-ins. Try again in about a minute."
            )
        return QCoreApplication.translate(
            "SyncMessages", "Too many failed sign-ins. Try again in about %1 minutes."
        ).replace("%1", str(minutes))
    return _t(ERRORS.get(kind, ERRORS[ErrorKind.INTERNAL]))


def short_error(kind: str) -> str:
    """A few words for the status bar."""
    return _t(SHORT_ERRORS.get(kind, SHORT_ERRORS[ErrorKind.INTERNAL]))


def explain(error: SyncError) -> str:
    """The translated sentence for an error (with the wait for too many sign-ins)."""
    return error_text(str(error.kind), retry_after=getattr(error, "retry_after", None))


def details(kind: str, message: str = "", detail: str = "") -> str:
    """The details behind an error or a refusal, for a tooltip.

    In English: the engine's (or the server's) own words and the technical cause.
    In a translated interface those English words would only repeat, untranslated,
    what the sentence already says; the tooltip then gives the error code that
    support can look up (``UNREACHABLE``, ``HTTP 426 CLIENT_TOO_OLD``…).
    """
    if i18n.installed().language in (i18n.SOURCE_LANGUAGE, i18n.PSEUDO):
        lines = (
            [QCoreApplication.translate("SyncMessages", "Details: %1").replace("%1", message)]
            if message
            else []
        )
        if detail and detail != message:
            lines.append(detail)
        return "\n".join(lines)
    code = kind.upper()
    http = _HTTP.match(detail)
    if http:
        code += f" · HTTP {http.group(1)} {http.group(2).upper()}"
    return QCoreApplication.translate("SyncMessages", "Error code: %1").replace("%1", code)


_HTTP = re.compile(r"HTTP (\d+) (\S*?):")


def sentences(*parts: str) -> str:
    """Sentences one after another: with a space in English, none in Chinese."""
    separator = "" if i18n.installed().language == i18n.CHINESE else " "
    return separator.join(part for part in parts if part)


def error_details(error: SyncError) -> str:
    return details(str(error.kind), error.message, error.detail)


def rejection_reason(code: str) -> str:
    source = REJECTIONS.get(code)
    return (
        _t(source)
        if source
        else QCoreApplication.translate("SyncMessages", "The server refused this change.")
    )


def operation(kind: str) -> str:
    source = OPERATIONS.get(kind)
    return _t(source) if source else kind


def number(value: int) -> str:
    """12,400: digits grouped by thousands (as Chinese and English both write them)."""
    return f"{value:,}"


def progress_text(progress: SyncProgress | None) -> str:
    """What a running sync is doing, with counts: "Downloading 12,400 of 150,000"."""
    if progress is None or progress.phase == Phase.SIGN_IN:
        return QCoreApplication.translate("SyncMessages", "Signing in…")
    done, total = number(progress.done), number(progress.total or 0)
    if progress.phase == Phase.PUSH:
        if progress.total:
            return (
                QCoreApplication.translate("SyncMessages", "Sending %1 of %2 changes")
                .replace("%1", done)
                .replace("%2", total)
            )
        return QCoreApplication.translate("SyncMessages", "Sending changes…")
    if progress.phase == Phase.PULL:
        if progress.total:
            return (
                QCoreApplication.translate("SyncMessages", "Downloading %1 of %2")
                .replace("%1", done)
                .replace("%2", total)
            )
        if progress.done:
            return QCoreApplication.translate("SyncMessages", "Receiving changes: %1").replace(
                "%1", done
            )
        return QCoreApplication.translate("SyncMessages", "Receiving changes…")
    return QCoreApplication.translate("SyncMessages", "Checking the copy on this computer…")
