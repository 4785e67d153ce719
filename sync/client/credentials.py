"""Where a sign-in is kept: the refresh token in the OS keyring, access tokens in memory.

The password is never stored. The refresh token goes to the OS keyring
(``keyring``: Windows Credential Locker, macOS Keychain, Secret Service …)
under the service ``SalesDesk``. Access tokens live only in this process.
Without a keyring backend (a headless Linux box: ``keyring.get_keyring()`` is
the fail backend) the refresh token is held in memory too, so the sign-in
lasts as long as the process and the next one needs the password again:
nothing secret is ever written to disk in clear.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time

import keyring
import keyring.errors
from keyring.backends import fail, null

log = logging.getLogger(__name__)

SERVICE = "SalesDesk"


def keyring_available() -> bool:
    """Is there a keyring backend that can keep secrets?"""
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken keyring configuration: treat as none, say why in the log
        log.exception("the keyring could not be loaded")
        return False
    return not isinstance(backend, fail.Keyring | null.Keyring)


def load(account: str) -> str | None:
    """The refresh token kept for ``account``, or None."""
    if not keyring_available():
        return None
    try:
        token: str | None = keyring.get_password(SERVICE, account)
    except keyring.errors.KeyringError as exc:
        log.warning("cannot read the keyring: %s", exc)
        return None
    return token


def save(account: str, token: str) -> bool:
    """Keep the refresh token in the keyring; False when there is no (working) keyring."""
    if not keyring_available():
        return False
    try:
        keyring.set_password(SERVICE, account, token)
    except keyring.errors.KeyringError as exc:
        log.warning("cannot write to the keyring: %s", exc)
        return False
    return True


def delete(account: str) -> None:
    if not keyring_available():
        return
    try:
        keyring.delete_password(SERVICE, account)
    except keyring.errors.PasswordDeleteError:
        pass  # nothing was kept
    except keyring.errors.KeyringError as exc:
        log.warning("cannot remove the sign-in from the keyring: %s", exc)


@dataclasses.dataclass
class Held:
    """A sign-in held by this process."""

    access_token: str | None = None
    access_until: float = 0.0  # time.monotonic() when the access token expires
    refresh_token: str | None = None  # only when the keyring cannot keep it

    def access_valid(self, margin: float = 30.0) -> bool:
        return self.access_token is not None and self.access_until - margin > time.monotonic()


_held: dict[str, Held] = {}
_lock = threading.Lock()


def held(key: str) -> Held:
    """A copy of what this process holds for ``key`` (empty if nothing)."""
    with _lock:
        return dataclasses.replace(_held.get(key) or Held())


def hold(key: str, value: Held) -> None:
    with _lock:
        _held[key] = dataclasses.replace(value)


def drop(key: str) -> None:
    with _lock:
        _held.pop(key, None)
