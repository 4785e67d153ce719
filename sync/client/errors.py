"""Sync errors for people: one exception type with a stable ``kind`` the UI translates.

Everything that can go wrong while signing in or syncing reaches the caller
as :class:`SyncError`. ``kind`` is a stable code (one of :class:`ErrorKind`)
that the app maps to a translated sentence; ``message`` is the same in plain
English (the CLI prints it); ``detail`` is the technical cause for the log.
Bugs are not SyncErrors of a known kind: the engine logs them with their
traceback and reports ``ErrorKind.INTERNAL``.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorKind(StrEnum):
    """Why a sign-in or a sync failed (stable codes; the UI translates them)."""

    WRONG_CREDENTIALS = "wrong_credentials"
    ACCOUNT_DISABLED = "account_disabled"
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    CLIENT_TOO_OLD = "client_too_old"
    SERVER_TOO_OLD = "server_too_old"
    UNREACHABLE = "unreachable"
    TLS = "tls"
    SERVER_ERROR = "server_error"
    PROTOCOL = "protocol"
    PASSWORD_NEEDED = "password_needed"
    NOT_SIGNED_IN = "not_signed_in"
    WRONG_PROFILE = "wrong_profile"
    PENDING_CHANGES = "pending_changes"
    LOCAL_DATA = "local_data"
    CANCELLED = "cancelled"
    INTERNAL = "internal"


MESSAGES: dict[ErrorKind, str] = {
    ErrorKind.WRONG_CREDENTIALS: "Wrong user name or password.",
    ErrorKind.ACCOUNT_DISABLED: "This account is disabled. Ask your administrator.",
    ErrorKind.TOO_MANY_ATTEMPTS: "Too many failed sign-ins. Wait a few minutes and try again.",
    ErrorKind.CLIENT_TOO_OLD: "Please update SalesDesk: the server no longer accepts this version.",
    ErrorKind.SERVER_TOO_OLD: "The server is older than this SalesDesk. Ask your administrator "
    "to update the server.",
    ErrorKind.UNREACHABLE: "The server cannot be reached. Your changes are kept and will be "
    "sent when the connection returns.",
    ErrorKind.TLS: "The secure connection to the server failed: its certificate is not "
    "trusted, or the address is not a secure (https) server.",
    ErrorKind.SERVER_ERROR: "The server had a problem. Your changes are kept; try again later.",
    ErrorKind.PROTOCOL: "The server's answers arrived damaged. Your changes are kept; "
    "try again later.",
    ErrorKind.PASSWORD_NEEDED: "Enter your password to sync.",
    ErrorKind.NOT_SIGNED_IN: "This profile is not signed in to a server.",
    ErrorKind.WRONG_PROFILE: "This profile holds another account's data.",
    ErrorKind.PENDING_CHANGES: "Some changes have not reached the server yet.",
    ErrorKind.LOCAL_DATA: "The local data could not be written.",
    ErrorKind.CANCELLED: "Sync was cancelled. What was already received is kept.",
    ErrorKind.INTERNAL: "SalesDesk hit an unexpected problem while syncing; the details "
    "were logged. Your changes are kept.",
}


class SyncError(Exception):
    """A sign-in or sync problem, explained for people.

    ``kind``: a stable :class:`ErrorKind` code; ``message``: plain English;
    ``detail``: the technical cause (for logs, never needed by the UI);
    ``retryable``: whether trying again later may work without the user
    doing anything (server unreachable, server errors, damaged answers).
    """

    def __init__(
        self,
        kind: ErrorKind,
        message: str | None = None,
        *,
        detail: str = "",
        retryable: bool | None = None,
    ) -> None:
        self.kind = kind
        self.message = message or MESSAGES[kind]
        self.detail = detail
        self.retryable = (
            retryable
            if retryable is not None
            else kind in (ErrorKind.UNREACHABLE, ErrorKind.SERVER_ERROR, ErrorKind.PROTOCOL)
        )
        super().__init__(self.message)

    def to_json(self) -> dict[str, str]:
        return {"kind": str(self.kind), "message": self.message}

    def __repr__(self) -> str:
        return f"SyncError({self.kind!s}, {self.message!r}, detail={self.detail!r})"


class SyncCancelled(SyncError):  # noqa: N818  (a SyncError of kind CANCELLED)
    """The caller's cancel event was set; everything received so far is committed."""

    def __init__(self) -> None:
        super().__init__(ErrorKind.CANCELLED, retryable=False)
