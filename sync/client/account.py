"""Signing a profile in and out, keeping its access token fresh, and its sync status.

What the profile remembers (``meta``):

* ``server``: the current sign-in — ``url``, ``username``, ``user_id``,
  ``credential`` (the keyring entry's name) and ``signed_in_at``; removed by
  logout (``salesdesk status`` shows ``server`` from it);
* ``origin``: whose data the synced copy is (``url``, ``username``,
  ``user_id``); kept after logout, so the copy is never mixed with another
  account's (signing in as someone else is refused until ``logout --wipe``);
* ``client_id``: this installation's id, sent with every push;
* ``adopt``: the placeholder user and team of a local profile's data, adopted
  by the next sync (``salesdesk.store.adopt``);
* ``last_sync`` (ISO text), ``sync_error`` (the last failure), the cursor and
  the self-check's marks (``salesdesk.store.replica``).
"""

from __future__ import annotations

import dataclasses
import logging
import os
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from salesdesk.domain.ids import uuid7
from salesdesk.domain.schema import format_datetime, parse_datetime, utcnow
from salesdesk.store.adopt import ADOPT_KEY
from salesdesk.store.database import write_transaction
from salesdesk.store.store import Profile, Store
from salesdesk.store.tables import Conflict, Rejection
from sync import protocol
from sync.client import credentials, faults
from sync.client.errors import ErrorKind, SyncError
from sync.client.http import ServerRefusedError, Transport
from sync.client.model import ErrorInfo, SyncStatus

log = logging.getLogger(__name__)

PASSWORD_ENV = "SALESDESK_PASSWORD"
NO_KEYRING = (
    "This computer has no keyring to keep your sign-in, so SalesDesk asks for your password "
    "again for each session (scripts can set SALESDESK_PASSWORD)."
)


@dataclasses.dataclass(frozen=True)
class Account:
    """The current sign-in of a profile (meta ``server``)."""

    url: str
    username: str
    user_id: uuid.UUID
    credential: str  # the keyring entry's name
    client_id: uuid.UUID
    key: str  # this process's key for the held tokens

    @classmethod
    def of(cls, store: Store) -> Account | None:
        server = store.get_meta("server")
        if not server:
            return None
        client_id = store.get_meta("client_id")
        return cls(
            url=server["url"],
            username=server["username"],
            user_id=uuid.UUID(server["user_id"]),
            credential=server["credential"],
            client_id=uuid.UUID(client_id),
            key=f"{Path(store.path).resolve()}|{server['credential']}",
        )


def require_account(store: Store) -> Account:
    account = Account.of(store)
    if account is None:
        raise SyncError(
            ErrorKind.NOT_SIGNED_IN,
            "This profile is not signed in to a server. Sign in first "
            "(salesdesk --data-dir DIR login --server URL --user USER).",
            retryable=False,
        )
    return account


def normalize_url(url: str) -> str:
    text = url.strip().rstrip("/")
    if not text.lower().startswith(("http://", "https://")):
        raise SyncError(
            ErrorKind.UNREACHABLE,
            f"The server address must start with https:// (or http:// on a local network): {url!r}",
            retryable=False,
        )
    return text


def env_password() -> str | None:
    return os.environ.get(PASSWORD_ENV) or None


def _tokens(value: Any) -> protocol.Tokens:
    return protocol.Tokens.from_json(value)


def _profile(user: protocol.UserInfo) -> Profile:
    return Profile(user.user_id, user.team_id, user.role, user.username, user.display_name)


# ---- the access token of a sync --------------------------------------------------------------


class Session:
    """Gets and renews the access token of one signed-in profile (for one sync)."""

    def __init__(
        self, store: Store, transport: Transport, account: Account, password: str | None
    ) -> None:
        self.store = store
        self.transport = transport
        self.account = account
        self.password = password
        transport.renew = self.renew

    def start(self) -> None:
        """Make sure the transport has a usable access token (no request when one is held)."""
        held = credentials.held(self.account.key)
        if held.access_valid():
            self.transport.access_token = held.access_token
        else:
            self.transport.access_token = self.renew()

    def renew(self) -> str:
        """A fresh access token: refresh the sign-in, or sign in again with the password."""
        account = self.account
        held = credentials.held(account.key)
        refresh = held.refresh_token or credentials.load(account.credential)
        if refresh:
            try:
                tokens = self.transport.call(
                    "POST",
                    "/auth/refresh",
                    body=protocol.RefreshRequest(refresh).to_json(),
                    auth=False,
                    parse=_tokens,
                )
            except ServerRefusedError as exc:
                if exc.status != 401 or exc.code == "user_disabled":
                    raise
                log.info("the sign-in could not be refreshed (%s); it has ended", exc.code)
                credentials.delete(account.credential)
                credentials.drop(account.key)
            else:
                faults.point("auth:answered")
                return self.keep(tokens)
        password = self.password or env_password()
        if password:
            tokens = self.transport.call(
                "POST",
                "/auth/login",
                body=protocol.LoginRequest(account.username, password).to_json(),
                auth=False,
                parse=_tokens,
            )
            faults.point("auth:answered")
            return self.keep(tokens)
        raise SyncError(
            ErrorKind.PASSWORD_NEEDED,
            NO_KEYRING
            if not credentials.keyring_available()
            else "Your sign-in has ended. Enter your password to sync again.",
            retryable=False,
        )

    def keep(self, tokens: protocol.Tokens) -> str:
        """Keep new tokens (refresh token to the keyring, or in memory without one)."""
        account = self.account
        if tokens.user.user_id != account.user_id:
            raise SyncError(
                ErrorKind.WRONG_PROFILE,
                f"The server now knows {account.username} as another account; this profile "
                "holds the old account's data. Use another data folder.",
                retryable=False,
            )
        _hold(account, tokens)
        profile = _profile(tokens.user)
        if profile != self.store.profile:  # role, team or name changed on the server
            self.store.set_meta("profile", profile.to_json())
        return tokens.access_token


def _hold(account: Account, tokens: protocol.Tokens) -> None:
    saved = credentials.save(account.credential, tokens.refresh_token)
    credentials.hold(
        account.key,
        credentials.Held(
            access_token=tokens.access_token,
            access_until=time.monotonic() + tokens.expires_in,
            refresh_token=None if saved else tokens.refresh_token,
        ),
    )


# ---- signing in and out -----------------------------------------------------------------------


def login(store: Store, server_url: str, username: str, password: str) -> Profile:
    url = normalize_url(server_url)
    username = username.strip()
    if not username:
        raise SyncError(ErrorKind.WRONG_CREDENTIALS, "Enter your user name.", retryable=False)
    origin = store.get_meta("origin")
    if origin and (origin["url"] != url or origin["username"].lower() != username.lower()):
        raise _wrong_profile(origin)
    with Transport(url) as transport:
        tokens: protocol.Tokens = transport.call(
            "POST",
            "/auth/login",
            body=protocol.LoginRequest(username, password).to_json(),
            auth=False,
            parse=_tokens,
        )
        faults.point("login:answered")
        if origin and uuid.UUID(origin["user_id"]) != tokens.user.user_id:
            transport.access_token = tokens.access_token
            _end_session(transport)
            raise _wrong_profile(origin)
    profile = _profile(tokens.user)
    client_id = store.get_meta("client_id") or str(uuid7())
    credential = f"{tokens.user.username}@{url} ({client_id})"
    server = {
        "url": url,
        "username": tokens.user.username,
        "user_id": str(tokens.user.user_id),
        "credential": credential,
        "signed_in_at": format_datetime(utcnow()),
    }
    previous = store.profile
    with write_transaction(store.engine) as connection:
        if not origin:
            store.set_meta(
                ADOPT_KEY,
                {
                    "user_id": str(previous.user_id),
                    "team_id": str(previous.team_id) if previous.team_id else None,
                },
                connection,
            )
            store.set_meta(
                "origin",
                {"url": url, "username": tokens.user.username, "user_id": server["user_id"]},
                connection,
            )
        store.set_meta("client_id", client_id, connection)
        store.set_meta("server", server, connection)
        store.set_meta("sync_error", None, connection)
        store.set_meta("profile", profile.to_json(), connection)
    account = Account.of(store)
    assert account is not None
    _hold(account, tokens)
    log.info("signed in as %s on %s", tokens.user.username, url)
    return profile


def _wrong_profile(origin: dict[str, Any]) -> SyncError:
    return SyncError(
        ErrorKind.WRONG_PROFILE,
        f"This profile holds the data of {origin['username']} on {origin['url']}. To sign in "
        "as someone else or to another server, use another data folder (--data-dir), or "
        "sign out with 'logout --wipe' to delete this copy first.",
        retryable=False,
    )


def _end_session(transport: Transport) -> None:
    try:
        transport.call("POST", "/auth/logout", body={})
    except SyncError as exc:
        log.info("could not end the session on the server: %s", exc.detail or exc.message)


def logout(store: Store, *, wipe: bool = False, force: bool = False) -> None:
    account = Account.of(store)
    if account is not None:
        problem: SyncError | None = None
        if store.outbox_count():
            from sync.client.engine import sync

            try:
                sync(store)
            except SyncError as exc:
                problem = exc
        pending = store.outbox_count()
        if pending and not force:
            why = f" ({problem.message})" if problem else ""
            then = (
                "they would be deleted with the local copy"
                if wipe
                else "they stay on this computer and are sent after you sign in again"
            )
            raise SyncError(
                ErrorKind.PENDING_CHANGES,
                f"{pending} change{'s have' if pending != 1 else ' has'} not reached the "
                f"server{why}. Sync when the server can be reached, or sign out anyway with "
                f"--force: {then}.",
                retryable=False,
            )
        if pending:
            log.warning("signing out with %d changes not sent (forced)", pending)
        held = credentials.held(account.key)
        if held.access_valid(margin=5):
            with Transport(account.url) as transport:
                transport.policy = dataclasses.replace(transport.policy, attempts=2)
                transport.access_token = held.access_token
                _end_session(transport)
        else:
            _revoke_with_refresh(account)
        credentials.delete(account.credential)
        credentials.drop(account.key)
        with write_transaction(store.engine) as connection:
            store.set_meta("server", None, connection)
            store.set_meta("sync_error", None, connection)
    if wipe:
        wipe_profile(store)


def _revoke_with_refresh(account: Account) -> None:
    """End the session on the server when this process holds no access token."""
    refresh = credentials.held(account.key).refresh_token or credentials.load(account.credential)
    if not refresh:
        return
    with Transport(account.url) as transport:
        transport.policy = dataclasses.replace(transport.policy, attempts=2)
        try:
            tokens = transport.call(
                "POST",
                "/auth/refresh",
                body=protocol.RefreshRequest(refresh).to_json(),
                auth=False,
                parse=_tokens,
            )
        except SyncError as exc:
            log.info("could not end the session on the server: %s", exc.detail or exc.message)
            return
        transport.access_token = tokens.access_token
        _end_session(transport)


def wipe_profile(store: Store) -> None:
    """Delete the local copy: the profile's database file, its WAL and its backups."""
    path = Path(store.path)
    store.close()
    for candidate in path.parent.glob(f"{path.stem}*"):
        if candidate.name.startswith(path.name) or candidate.name.startswith(
            f"{path.stem}.backup-"
        ):
            candidate.unlink(missing_ok=True)


# ---- status -----------------------------------------------------------------------------------


def needs_password(store: Store) -> bool:
    account = Account.of(store)
    if account is None:
        return False
    held = credentials.held(account.key)
    if held.access_valid() or held.refresh_token or env_password():
        return False
    return credentials.load(account.credential) is None


def status(store: Store) -> SyncStatus:
    account = Account.of(store)
    with store.engine.connect() as connection:
        conflicts = connection.execute(
            sa.select(sa.func.count()).select_from(Conflict).where(Conflict.resolution == "")
        ).scalar_one()
        rejections = connection.execute(
            sa.select(sa.func.count()).select_from(Rejection).where(Rejection.resolution == "")
        ).scalar_one()
    last_sync = store.get_meta("last_sync")
    error = store.get_meta("sync_error")
    profile = store.profile
    return SyncStatus(
        signed_in=account is not None,
        server=account.url if account else None,
        username=account.username if account else None,
        display_name=profile.display_name if account else None,
        last_sync=parse_datetime(last_sync) if last_sync else None,
        pending=store.outbox_count(),
        conflicts=int(conflicts),
        rejections=int(rejections),
        last_error=ErrorInfo(error["kind"], error["message"], parse_datetime(error["at"]))
        if error
        else None,
        needs_password=needs_password(store),
        keyring=credentials.keyring_available(),
    )


_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def profile_lock(store: Store) -> threading.Lock:
    """The lock that keeps syncs of one profile (in this process) one at a time."""
    key = str(Path(store.path).resolve())
    with _locks_guard:
        return _locks.setdefault(key, threading.Lock())
