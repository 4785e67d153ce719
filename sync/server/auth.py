"""Passwords, access and refresh tokens, sessions and login rate limiting.

* Passwords are stored as argon2id hashes (argon2-cffi).
* An access token is short-lived and signed (HMAC-SHA256 with a secret kept in
  the database, so every worker accepts every other worker's tokens). It names
  the user and the session; both are checked on every request, so a disabled
  user or a revoked session loses access at once.
* A refresh token is random, stored only as its SHA-256 hash, and used once:
  each refresh returns a new one (rotation). A rotated token presented again
  means it was copied: the whole session (the token family) is revoked —
  except within a short reuse interval after its rotation (``reuse_grace``,
  60 s): a client whose refresh answer was lost (a dropped connection, a
  crash before it kept the new token) retries with the old one and gets a new
  pair in the same family instead of being signed out.
* A disabled account is named as such (``user_disabled``) only to whoever gives its
  right password or holds one of its (now ended) sessions; anyone else gets
  the same answer as for a wrong password.
* Failed logins are counted per account and per client address over a
  window (in the database, shared by all workers); past the limit a login is
  refused with 429 and Retry-After, even with the right password.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import hmac
import json
import math
import os
import secrets
import uuid
from typing import NoReturn

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from salesdesk.domain.schema import utcnow
from sync.server import db
from sync.server.scope import Viewer
from sync.server.tables import (
    ENTITY_TABLES,
    auth_account,
    auth_failure,
    auth_refresh,
    auth_session,
    server_meta,
)

USERS = ENTITY_TABLES["user"]
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("salesdesk-timing-equaliser")
MIN_PASSWORD = 8


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, "") or default)
    except ValueError:
        return default


@dataclasses.dataclass(frozen=True)
class AuthSettings:
    """Lifetimes and limits; each can be set by an environment variable (see docs/SERVER.md)."""

    access_ttl: int = 900  # seconds
    refresh_ttl: int = 30 * 24 * 3600
    account_failures: int = 5  # failed logins per account per window
    address_failures: int = 20  # failed logins per client address per window
    window: int = 300  # seconds
    reuse_grace: int = 60  # seconds a rotated refresh token may be presented again

    @classmethod
    def from_env(cls) -> AuthSettings:
        return cls(
            access_ttl=_env_int("SALESDESK_ACCESS_TTL", cls.access_ttl),
            refresh_ttl=_env_int("SALESDESK_REFRESH_TTL", cls.refresh_ttl),
            account_failures=_env_int("SALESDESK_LOGIN_ACCOUNT_LIMIT", cls.account_failures),
            address_failures=_env_int("SALESDESK_LOGIN_ADDRESS_LIMIT", cls.address_failures),
            window=_env_int("SALESDESK_LOGIN_WINDOW", cls.window),
            reuse_grace=_env_int("SALESDESK_REFRESH_REUSE_GRACE", cls.reuse_grace),
        )


class AuthError(Exception):
    """Authentication failed; ``status`` is the HTTP status, ``code`` stable, message for people."""

    def __init__(self, code: str, message: str, *, status: int = 401, retry_after: int = 0):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.retry_after = retry_after


# ---- passwords ---------------------------------------------------------------------------------


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > 1024:
        raise ValueError("a password has at most 1024 characters")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored or _DUMMY_HASH, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


# ---- tokens --------------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def token_secret(engine: sa.Engine) -> bytes:
    """The signing secret, made on first use and shared by all workers through the database."""
    query = sa.select(server_meta.c.value).where(server_meta.c.key == "token_secret")
    with engine.connect() as connection:
        value = connection.execute(query).scalar_one_or_none()
    if value is None:
        try:
            with db.transaction(engine) as connection:
                connection.execute(
                    sa.insert(server_meta).values(key="token_secret", value=secrets.token_hex(32))
                )
        except sa.exc.IntegrityError:
            pass  # another worker made it first: use theirs
        with engine.connect() as connection:
            value = connection.execute(query).scalar_one()
    return bytes.fromhex(value)


def sign_access(secret: bytes, user_id: uuid.UUID, session_id: uuid.UUID, ttl: int) -> str:
    payload = {
        "u": str(user_id),
        "s": str(session_id),
        "e": math.ceil(utcnow().timestamp() + ttl),
        "n": secrets.token_hex(8),  # every token differs, also within one second
    }
    body = _b64(json.dumps(payload, separators=(",", ":")).encode())
    signature = _b64(hmac.new(secret, body.encode(), hashlib.sha256).digest())
    return f"{body}.{signature}"


def read_access(secret: bytes, token: str) -> tuple[uuid.UUID, uuid.UUID]:
    """(user id, session id) from a valid, unexpired access token; AuthError otherwise."""
    try:
        body, signature = token.split(".")
        expected = _b64(hmac.new(secret, body.encode(), hashlib.sha256).digest())
        if not hmac.compare_digest(signature, expected):
            raise ValueError("bad signature")
        payload = json.loads(_unb64(body))
        user_id, session_id, expires = (
            uuid.UUID(payload["u"]),
            uuid.UUID(payload["s"]),
            payload["e"],
        )
    except (ValueError, KeyError, TypeError, UnicodeError):
        raise AuthError("invalid_token", "the access token is not valid; sign in again") from None
    if not isinstance(expires, int) or expires <= utcnow().timestamp():
        raise AuthError("token_expired", "the access token has expired; refresh it")
    return user_id, session_id


def _refresh_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# ---- sessions ----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Issued:
    access_token: str
    refresh_token: str
    viewer: Viewer
    session_id: uuid.UUID


class Authenticator:
    """Login, refresh, logout and request authentication against one database."""

    def __init__(self, engine: sa.Engine, settings: AuthSettings | None = None) -> None:
        self.engine = engine
        self.settings = settings or AuthSettings.from_env()
        self._secret: bytes | None = None

    @property
    def secret(self) -> bytes:
        if self._secret is None:
            self._secret = token_secret(self.engine)
        return self._secret

    # ---- login -------------------------------------------------------------------------------
    def login(self, username: str, password: str, address: str) -> Issued:
        keys = [f"account:{username.strip().lower()}"[:200], f"address:{address}"[:200]]
        limits = [self.settings.account_failures, self.settings.address_failures]
        now = utcnow()
        self._check_rate(keys, limits, now)
        with self.engine.connect() as connection:
            account = connection.execute(
                sa.select(auth_account.c.user_id, auth_account.c.password_hash).where(
                    auth_account.c.username_key == username.strip().lower()
                )
            ).first()
        ok = verify_password(account.password_hash if account else None, password)
        viewer = load_viewer(self.engine, account.user_id) if ok and account else None
        if viewer is None and ok and account is not None:
            # The right password for a disabled account: saying so reveals nothing to
            # someone who does not know the password, and tells the owner what happened.
            raise AuthError("user_disabled", "this account is disabled; ask your administrator")
        if viewer is None:
            with db.transaction(self.engine) as connection:
                connection.execute(sa.insert(auth_failure), [{"key": k, "at": now} for k in keys])
                connection.execute(
                    sa.delete(auth_failure).where(
                        auth_failure.c.at < now - dt.timedelta(seconds=self.settings.window * 4)
                    )
                )
            raise AuthError("bad_credentials", "wrong user name or password")
        with db.transaction(self.engine) as connection:
            connection.execute(sa.delete(auth_failure).where(auth_failure.c.key == keys[0]))
            session_id = uuid.uuid4()
            connection.execute(
                sa.insert(auth_session).values(
                    id=session_id, user_id=viewer.user_id, created_at=now, address=address[:64]
                )
            )
            refresh = self._new_refresh(connection, session_id, now)
        return Issued(self._access(viewer, session_id), refresh, viewer, session_id)

    def _check_rate(self, keys: list[str], limits: list[int], now: dt.datetime) -> None:
        window = dt.timedelta(seconds=self.settings.window)
        with self.engine.connect() as connection:
            for key, limit in zip(keys, limits, strict=True):
                rows = (
                    connection.execute(
                        sa.select(auth_failure.c.at)
                        .where(auth_failure.c.key == key, auth_failure.c.at > now - window)
                        .order_by(auth_failure.c.at.desc())
                        .limit(limit)
                    )
                    .scalars()
                    .all()
                )
                if len(rows) >= limit:
                    retry = int((rows[-1] + window - now).total_seconds()) + 1
                    what = "this account" if key.startswith("account:") else "this address"
                    raise AuthError(
                        "too_many_attempts",
                        f"too many failed sign-ins for {what}; try again in {retry} seconds",
                        status=429,
                        retry_after=max(retry, 1),
                    )

    def _new_refresh(
        self, connection: sa.Connection, session_id: uuid.UUID, now: dt.datetime
    ) -> str:
        token = secrets.token_urlsafe(32)
        connection.execute(
            sa.insert(auth_refresh).values(
                token_hash=_refresh_hash(token),
                session_id=session_id,
                created_at=now,
                expires_at=now + dt.timedelta(seconds=self.settings.refresh_ttl),
            )
        )
        return token

    def _access(self, viewer: Viewer, session_id: uuid.UUID) -> str:
        return sign_access(self.secret, viewer.user_id, session_id, self.settings.access_ttl)

    # ---- refresh and logout -----------------------------------------------------------------
    def refresh(self, token: str) -> Issued:
        now = utcnow()
        digest = _refresh_hash(token)
        with db.transaction(self.engine) as connection:
            found = connection.execute(
                sa.select(auth_refresh, auth_session.c.user_id, auth_session.c.revoked_at)
                .join(auth_session, auth_session.c.id == auth_refresh.c.session_id)
                .where(auth_refresh.c.token_hash == digest)
            ).first()
            if found is None:
                raise AuthError("invalid_token", "the refresh token is not valid; sign in again")
            if found.revoked_at is not None:
                self._raise_revoked(found.user_id)
            claimed = connection.execute(
                sa.update(auth_refresh)
                .where(auth_refresh.c.token_hash == digest, auth_refresh.c.used_at.is_(None))
                .values(used_at=now)
            ).rowcount
            reused = False
            used_at = found.used_at
            if claimed != 1:  # read again: a concurrent refresh may have just rotated it
                used_at = connection.execute(
                    sa.select(auth_refresh.c.used_at).where(auth_refresh.c.token_hash == digest)
                ).scalar_one()
            if claimed != 1 and not self._within_grace(used_at, now):
                self._revoke(connection, found.session_id, "token_reused", now)
                reused = True
            else:
                # First use, or presented again just after its rotation (the answer to that
                # refresh was lost): a new pair in the same family.
                if found.expires_at <= now:
                    raise AuthError("token_expired", "the sign-in has expired; sign in again")
                refresh = self._new_refresh(connection, found.session_id, now)
        if reused:  # committed above: the family stays revoked
            raise AuthError(
                "token_reused",
                "this refresh token was already used, so it may have been copied; every device "
                "signed in with it was signed out. Sign in again.",
            )
        viewer = load_viewer(self.engine, found.user_id)
        if viewer is None:
            raise AuthError("user_disabled", "this account is disabled")
        return Issued(self._access(viewer, found.session_id), refresh, viewer, found.session_id)

    def _raise_revoked(self, user_id: uuid.UUID) -> NoReturn:
        """An ended session: say why when it is because the account was disabled."""
        if load_viewer(self.engine, user_id) is None:
            raise AuthError("user_disabled", "this account is disabled; ask your administrator")
        raise AuthError("session_revoked", "this session has ended; sign in again")

    def _within_grace(self, used_at: dt.datetime | None, now: dt.datetime) -> bool:
        """Was this refresh token rotated so recently that presenting it again is a retry?"""
        grace = self.settings.reuse_grace
        return used_at is not None and grace > 0 and now - used_at <= dt.timedelta(seconds=grace)

    def logout(self, session_id: uuid.UUID) -> None:
        with db.transaction(self.engine) as connection:
            self._revoke(connection, session_id, "logout", utcnow())

    @staticmethod
    def _revoke(
        connection: sa.Connection, session_id: uuid.UUID, why: str, now: dt.datetime
    ) -> None:
        connection.execute(
            sa.update(auth_session)
            .where(auth_session.c.id == session_id, auth_session.c.revoked_at.is_(None))
            .values(revoked_at=now, revoked_why=why)
        )

    # ---- requests -----------------------------------------------------------------------------
    def authenticate(self, authorization: str | None) -> tuple[Viewer, uuid.UUID]:
        """The viewer and session of a request's ``Authorization: Bearer …`` header."""
        if not authorization:
            raise AuthError("not_signed_in", "sign in first (no Authorization header)")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthError("invalid_token", "use 'Authorization: Bearer <access token>'")
        user_id, session_id = read_access(self.secret, token.strip())
        with self.engine.connect() as connection:
            session = connection.execute(
                sa.select(auth_session.c.user_id, auth_session.c.revoked_at).where(
                    auth_session.c.id == session_id
                )
            ).first()
        if session is None or session.user_id != user_id:
            raise AuthError("session_revoked", "this session has ended; sign in again")
        if session.revoked_at is not None:
            self._raise_revoked(user_id)
        viewer = load_viewer(self.engine, user_id)
        if viewer is None:
            raise AuthError("user_disabled", "this account is disabled")
        return viewer, session_id


def load_viewer(engine: sa.Engine, user_id: uuid.UUID) -> Viewer | None:
    """The user as a Viewer, or None when missing, disabled or deleted."""
    with engine.connect() as connection:
        row = connection.execute(sa.select(USERS).where(USERS.c.id == user_id)).mappings().first()
    if row is None or not row["active"] or row["deleted"]:
        return None
    return Viewer(
        user_id=row["id"],
        team_id=row["team_id"],
        role=row["role"],
        username=row["username"],
        display_name=row["display_name"],
    )


def revoke_all(connection: sa.Connection, user_id: uuid.UUID, why: str) -> None:
    """End every session of a user (password change, account disabled)."""
    connection.execute(
        sa.update(auth_session)
        .where(auth_session.c.user_id == user_id, auth_session.c.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_why=why)
    )
