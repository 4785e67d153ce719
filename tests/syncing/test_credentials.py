"""Signing in: the keyring (in memory here) or none, plain-words errors, nothing secret on disk.

Every failure is a ``SyncError`` with a stable kind and a sentence for people,
and leaves local changes where they were: wrong password, disabled account,
too many attempts, a client too old for the server, an unreachable server, a
TLS failure (a self-signed certificate, https to a plain port). Invariant 1
(offline first) and 9 (compatible) are tested here too.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests

from salesdesk import api
from sync import client
from sync.client import credentials
from sync.client.account import Account
from sync.client.errors import ErrorKind
from tests.server.conftest import PASSWORD, Server, free_port
from tests.syncing.conftest import Servers
from tests.syncing.keyrings import MemoryKeyring
from tests.syncing.proxy import FaultProxy
from tests.syncing.support import Device


def _forget_session(device: Device) -> None:
    """What a new process of the app would hold: nothing but the keyring."""
    account = Account.of(device.store)
    assert account is not None
    credentials.drop(account.key)


def _secrets_on_disk(folder: Path, *secrets: str) -> list[str]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{path.name}: {s[:6]}…" for s in secrets if s.encode() in data]
    return found


def test_the_refresh_token_lives_in_the_keyring_and_the_password_nowhere(
    server: Server, devices: Callable[..., Device], memory_keyring: MemoryKeyring
) -> None:
    device = devices(server, "a1")
    ((service, _), token) = next(iter(memory_keyring.items.items()))
    assert service == "SalesDesk" and len(token) > 20
    assert PASSWORD not in memory_keyring.items.values()
    assert not client.needs_password(device.store)
    device.sync()
    _forget_session(device)  # a new start of the app: only the keyring remains
    assert not client.needs_password(device.store)
    assert device.sync().checked  # signed in again by the refresh token alone
    (rotated,) = memory_keyring.items.values()
    assert rotated != token
    assert _secrets_on_disk(device.folder, PASSWORD, token, rotated) == []
    status = client.status(device.store)
    assert status.keyring and status.signed_in and not status.needs_password


def test_without_a_keyring_the_next_session_needs_the_password(
    server: Server, devices: Callable[..., Device], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not credentials.keyring_available()  # this machine has no keyring backend
    device = devices(server, "a1")
    device.sync()  # this process still holds the sign-in
    account = Account.of(device.store)
    assert account is not None
    held = credentials.held(account.key)
    assert held.refresh_token and held.access_token
    assert _secrets_on_disk(device.folder, PASSWORD, held.refresh_token, held.access_token) == []
    _forget_session(device)
    assert client.needs_password(device.store) and client.status(device.store).needs_password
    device.add("task", title="离线记下的任务")
    with pytest.raises(client.SyncError) as raised:
        device.sync()
    assert raised.value.kind == ErrorKind.PASSWORD_NEEDED
    assert "keyring" in raised.value.message and "SALESDESK_PASSWORD" in raised.value.message
    assert device.store.outbox_count() == 1  # nothing lost
    assert client.status(device.store).last_error is not None
    assert device.sync(password=PASSWORD).applied == 1
    assert client.status(device.store).last_error is None
    _forget_session(device)
    monkeypatch.setenv("SALESDESK_PASSWORD", PASSWORD)
    assert not client.needs_password(device.store)
    assert device.sync().checked


def test_sign_in_errors_are_plain_and_change_nothing(
    servers: Servers, devices: Callable[..., Device]
) -> None:
    server = servers.start(SALESDESK_LOGIN_ACCOUNT_LIMIT="3", SALESDESK_LOGIN_WINDOW="600")
    device = devices(server, "a2", login=False)
    device.add("customer", name="登录前的客户")
    with pytest.raises(client.SyncError) as raised:
        device.login("wrong-password")
    assert raised.value.kind == ErrorKind.WRONG_CREDENTIALS
    assert raised.value.message == "Wrong user name or password."
    assert client.status(device.store).signed_in is False
    assert device.store.get_meta("origin") is None
    for _ in range(2):
        with pytest.raises(client.SyncError):
            device.login("wrong-password")
    with pytest.raises(client.SyncError) as raised:
        device.login(PASSWORD)  # even the right one, now
    assert raised.value.kind == ErrorKind.TOO_MANY_ATTEMPTS and "minute" in raised.value.message
    # A disabled account: at sign-in, and for a profile already signed in.
    other = devices(server, "b1")
    other.add("task", title="停用前的任务")
    server.cli("user", "disable", "b1")
    with pytest.raises(client.SyncError) as raised:
        other.sync(password=PASSWORD)
    assert raised.value.kind == ErrorKind.ACCOUNT_DISABLED
    assert "disabled" in raised.value.message
    assert other.store.outbox_count() == 1
    with pytest.raises(client.SyncError) as raised:
        other.sync()  # without a password too: the ended session says why
    assert raised.value.kind == ErrorKind.ACCOUNT_DISABLED
    fresh = devices(server, "b1", login=False)
    with pytest.raises(client.SyncError) as raised:
        fresh.login(PASSWORD)
    assert raised.value.kind == ErrorKind.ACCOUNT_DISABLED
    assert [c.name for c in device.store.select("customer")] == ["登录前的客户"]  # type: ignore[attr-defined]


def test_a_client_too_old_for_the_server_is_told_to_update(
    server: Server, devices: Callable[..., Device], monkeypatch: pytest.MonkeyPatch
) -> None:
    device = devices(server, "a1")
    monkeypatch.setattr("sync.client.http.CLIENT_VERSION", 0)
    _forget_session(device)
    with pytest.raises(client.SyncError) as raised:
        device.sync(password=PASSWORD)
    assert raised.value.kind == ErrorKind.CLIENT_TOO_OLD
    assert raised.value.message.startswith("Please update SalesDesk")
    assert not raised.value.retryable
    monkeypatch.setattr("sync.client.http.CLIENT_VERSION", 1)  # the previous version is served
    assert device.sync(password=PASSWORD).checked
    monkeypatch.setattr("sync.client.http.CLIENT_VERSION", 3)
    with pytest.raises(client.SyncError) as raised:
        device.sync(password=PASSWORD)
    assert raised.value.kind in (ErrorKind.SERVER_TOO_OLD, ErrorKind.PASSWORD_NEEDED)


def test_offline_everything_works_and_nothing_waits_for_the_network(
    servers: Servers, devices: Callable[..., Device]
) -> None:
    server = servers.start()
    with FaultProxy(server.port) as proxy:
        device = devices(server, "a1", login=False)
        device.login(url=proxy.url)
        device.sync()
        server.stop(hard=True)
        proxy.upstream = None
        started = time.monotonic()
        store = api.open_profile(device.folder)  # start-up: no network
        status = client.status(store)
        assert time.monotonic() - started < 2 and status.signed_in
        customer = api.add(store, "customer", {"name": "离线新建的客户", "city": "深圳"})
        api.set(store, "customer", customer.id, {"tier": "A", "notes": "离线备注"})
        assert [h.title for h in api.search(store, "离线新建")] == ["离线新建的客户"]
        with pytest.raises(client.SyncError) as raised:
            client.sync(store)
        assert raised.value.kind == ErrorKind.UNREACHABLE and raised.value.retryable
        assert "kept" in raised.value.message
        assert store.outbox_count() == 3  # create, tier, note: all still there
        assert client.status(store).last_error.kind == "unreachable"  # type: ignore[union-attr]
        server.start()
        proxy.upstream = server.port
        assert client.sync(store).applied == 3
        store.close()
        device.assert_converged()


# ---- TLS ------------------------------------------------------------------------------------


def _self_signed(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "server.crt", folder / "server.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@contextlib.contextmanager
def _tls_server(server: Server, cert: Path, key: Path) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "sync.server.cli", "--db", server.db_url, "run",
         "--port", str(port), "--ssl-certfile", str(cert), "--ssl-keyfile", str(key)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        env={**os.environ, "SALESDESK_LOG_LEVEL": "warning"},
    )  # fmt: skip
    url = f"https://127.0.0.1:{port}"
    try:
        for _ in range(300):
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{url}/health", verify=str(cert), timeout=2).ok:
                    break
            time.sleep(0.1)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def test_tls_failures_are_named_and_a_trusted_certificate_works(
    servers: Servers, devices: Callable[..., Device], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    server = servers.start()
    cert, key = _self_signed(tmp_path)
    device = devices(server, "a1", login=False)
    with pytest.raises(client.SyncError) as raised:  # https to a plain http port
        device.login(url=server.url.replace("http://", "https://"))
    assert raised.value.kind == ErrorKind.TLS
    with _tls_server(server, cert, key) as url:
        with pytest.raises(client.SyncError) as raised:  # a certificate nobody vouches for
            device.login(url=url)
        assert raised.value.kind == ErrorKind.TLS and "certificate" in raised.value.message
        assert client.status(device.store).signed_in is False
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))  # the company's own CA
        device.login(url=url)
        assert device.sync().checked
    with pytest.raises(client.SyncError) as raised:
        device.sync()
    assert raised.value.kind == ErrorKind.UNREACHABLE


def test_an_unreachable_or_wrong_address_is_said_plainly(
    devices: Callable[..., Device], server: Server
) -> None:
    device = devices(server, "a1", login=False)
    started = time.monotonic()
    with pytest.raises(client.SyncError) as raised:
        device.login(url=f"http://127.0.0.1:{free_port()}")
    assert raised.value.kind == ErrorKind.UNREACHABLE and time.monotonic() - started < 10
    with pytest.raises(client.SyncError) as raised:
        device.login(url="ftp://example.cn")
    assert raised.value.kind == ErrorKind.UNREACHABLE and "https://" in raised.value.message
    with pytest.raises(client.SyncError) as raised:
        device.login(url=f"{server.url}/not-here")
    assert raised.value.kind == ErrorKind.SERVER_ERROR
    assert "SalesDesk server" in raised.value.message
