"""Keyring backends for the sync tests: the OS keyring is the one edge these tests cannot run.

``MemoryKeyring`` serves in-process tests (set with ``keyring.set_keyring``);
``FileKeyring`` lets client subprocesses of one test share a keyring through a
JSON file named by ``SALESDESK_TEST_KEYRING`` (select it with
``PYTHON_KEYRING_BACKEND=tests.syncing.keyrings.FileKeyring``). Test-only:
the file is in the test's temporary folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """Secrets in a dict, for one test (set with ``keyring.set_keyring``; never auto-detected)."""

    @properties.classproperty
    def priority(self) -> float:
        raise RuntimeError("only for tests that install it")

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.items.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


class FileKeyring(KeyringBackend):
    """Secrets in a JSON file shared by a test's client processes (viable only when the file
    is named, so keyring never picks it by itself)."""

    @properties.classproperty
    def priority(self) -> float:
        if not os.environ.get("SALESDESK_TEST_KEYRING"):
            raise RuntimeError("SALESDESK_TEST_KEYRING is not set")
        return 1

    @property
    def path(self) -> Path:
        return Path(os.environ["SALESDESK_TEST_KEYRING"])

    def _load(self) -> dict[str, str]:
        try:
            data: dict[str, str] = json.loads(self.path.read_text())
        except FileNotFoundError:
            return {}
        return data

    def _save(self, data: dict[str, str]) -> None:
        temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data))
        temporary.replace(self.path)

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}|{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}|{username}"] = password
        self._save(data)

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(f"{service}|{username}", None) is None:
            raise PasswordDeleteError("not found")
        self._save(data)
