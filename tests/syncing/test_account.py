"""Signing a profile in and out: adopting local data, refusing to mix accounts, logout, the CLI.

A profile used without a server (placeholder user and team, local default
stages and templates, records with pending changes) keeps everything when it
signs in: the first sync adopts it for the signed-in user and pushes it. A
profile synced before never mixes in another account's data. Logout pushes
first or refuses; ``--wipe`` deletes the copy. The ``salesdesk`` CLI contract:
``login``, ``sync``, ``conflicts [--json]``, ``logout [--wipe]``, ``status``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
import requests

from salesdesk.domain.entities import Customer, Deal, PipelineStage, Report, ReportTemplate, Task
from sync import client
from sync.client import credentials, faults
from sync.client.account import Account
from sync.client.errors import ErrorKind
from tests.server.conftest import PASSWORD, Server
from tests.syncing.conftest import Servers
from tests.syncing.proxy import FaultProxy
from tests.syncing.support import Device, cli, client_env, server_rows


def _local_work(device: Device) -> dict[str, uuid.UUID]:
    """What someone records in a profile before it ever signs in."""
    store = device.store
    stages = {s.code: s.id for s in store.select("pipeline_stage")}  # type: ignore[attr-defined]
    daily = next(t.id for t in store.select("report_template") if t.kind == "daily")  # type: ignore[attr-defined]
    customer = device.add("customer", name=f"本地客户-{device.username}", city="深圳")
    return {
        "customer": customer,
        "deal": device.add("deal", customer_id=customer, title="本地商机",
                           stage_id=stages["needs"]),
        "report": device.add("report", kind="daily", period_start="2026-11-20",
                             period_end="2026-11-20", template_id=daily),
        "task": device.add("task", title="本地任务"),
        "placeholder": store.profile.user_id,
        "team": store.profile.team_id or uuid.uuid4(),
    }  # fmt: skip


def test_a_local_profile_keeps_its_data_when_it_signs_in(
    server: Server, devices: Callable[..., Device]
) -> None:
    device = devices(server, "a1", login=False)
    work = _local_work(device)
    assert device.store.outbox_count() == 4
    profile = client.login(device.store, server.url, "a1", PASSWORD)
    assert profile.username == "a1" and device.store.profile == profile
    result = device.sync()
    assert result.rejections == 0 and result.applied == 4
    store = device.store
    me = profile.user_id
    customer = store.get(Customer, work["customer"])
    assert customer is not None and customer.owner_id == me
    task = store.get(Task, work["task"])
    assert task is not None and task.assignee_id == me and task.assigned_by == me
    deal = store.get(Deal, work["deal"])
    assert deal is not None and deal.stage_id is not None
    stage = store.get(PipelineStage, deal.stage_id)
    assert stage is not None and stage.rev > 0 and stage.code == "needs"
    report = store.get(Report, work["report"])
    assert report is not None and report.template_id is not None and report.author_id == me
    template = store.get(ReportTemplate, report.template_id)
    assert template is not None and template.rev > 0 and template.kind == "daily"
    # The placeholder user and team and the local defaults are gone; nothing local-only stays.
    assert store.get("user", work["placeholder"], deleted=True) is None
    assert store.get("team", work["team"], deleted=True) is None
    assert all(s.rev > 0 for s in store.select("pipeline_stage", deleted=True))
    assert store.get_meta("adopt") is None
    device.assert_converged()
    on_server = server_rows(server, "deal")[str(work["deal"])]
    assert on_server["stage_id"] == str(deal.stage_id)


def test_an_adoption_interrupted_by_a_crash_happens_once(
    server: Server, devices: Callable[..., Device]
) -> None:
    device = devices(server, "a2", login=False)
    work = _local_work(device)
    client.login(device.store, server.url, "a2", PASSWORD)

    def crash(point: str) -> None:
        if point == "adopt:applying":
            raise RuntimeError("power cut")

    faults.install(crash)
    with pytest.raises(client.SyncError):
        device.sync()
    faults.install(None)
    assert device.store.get_meta("adopt") is not None  # rolled back: still to do
    deal = device.store.get(Deal, work["deal"])
    assert deal is not None and deal.stage_id is not None
    stage = device.store.get(PipelineStage, deal.stage_id)
    assert stage is not None and stage.rev == 0
    assert device.sync().applied == 4
    names = [r["name"] for r in server_rows(server, "customer").values()]
    assert names.count("本地客户-a2") == 1
    device.assert_converged()


def test_a_synced_profile_never_signs_in_as_someone_else(
    server: Server, devices: Callable[..., Device]
) -> None:
    device = devices(server, "a1")
    device.sync()
    for url, user in ((server.url, "a2"), ("http://127.0.0.1:1", "a1")):
        with pytest.raises(client.SyncError) as raised:
            client.login(device.store, url, user, PASSWORD)
        assert raised.value.kind == ErrorKind.WRONG_PROFILE
        assert "--data-dir" in raised.value.message and "logout --wipe" in raised.value.message
    client.login(device.store, server.url + "/", "A1", PASSWORD)  # the same account again
    assert device.sync().checked
    client.logout(device.store)
    with pytest.raises(client.SyncError) as raised:  # signed out, the copy is still a1's
        client.login(device.store, server.url, "a2", PASSWORD)
    assert raised.value.kind == ErrorKind.WRONG_PROFILE


def test_logout_sends_pending_changes_first_or_refuses(
    servers: Servers, devices: Callable[..., Device], memory_keyring: object
) -> None:
    server = servers.start()
    with FaultProxy(server.port) as proxy:
        device = devices(server, "a1", login=False)
        device.login(url=proxy.url)
        device.sync()
        account = Account.of(device.store)
        assert account is not None
        access = credentials.held(account.key).access_token
        device.add("task", title="退出前的任务")
        proxy.upstream = None  # offline
        with pytest.raises(client.SyncError) as raised:
            client.logout(device.store)
        assert raised.value.kind == ErrorKind.PENDING_CHANGES
        assert "1 change has not reached the server" in raised.value.message
        assert client.status(device.store).signed_in
        proxy.upstream = server.port
        client.logout(device.store)  # pushes, then signs out
        assert "退出前的任务" in [r["title"] for r in server_rows(server, "task").values()]
        status = client.status(device.store)
        assert not status.signed_in and status.server is None and status.pending == 0
        assert credentials.load(account.credential) is None
        ended = requests.get(
            f"{server.url}/auth/me",
            headers={"Authorization": f"Bearer {access}", "X-SalesDesk-Protocol": "2"},
            timeout=10,
        )
        assert ended.status_code == 401  # the session ended on the server
        with pytest.raises(client.SyncError) as raised:
            device.sync()
        assert raised.value.kind == ErrorKind.NOT_SIGNED_IN
        # Forced while offline: the change stays (no wipe) and goes after the next sign-in.
        device.login(url=proxy.url)
        device.add("task", title="强制退出时未发送的任务")
        proxy.upstream = None
        client.logout(device.store, force=True)
        assert device.store.outbox_count() == 1 and not client.status(device.store).signed_in
        proxy.upstream = server.port
        device.login(url=proxy.url)
        assert device.sync().applied == 1
        folder = device.folder
        client.logout(device.store, wipe=True)
        assert not any(p.name.startswith("salesdesk") for p in folder.iterdir())


def test_the_command_line(server: Server, devices: Callable[..., Device], tmp_path: Path) -> None:
    env = client_env(tmp_path, SALESDESK_PASSWORD=PASSWORD, SALESDESK_SYNC_ATTEMPTS="1")
    home = tmp_path / "cli-profile"
    with FaultProxy(server.port) as proxy:
        done = cli(home, "login", "--server", proxy.url, "--user", "b1", env=env)
        assert done.stdout.startswith(f"signed in as B1 (rep) on {proxy.url}\n")
        assert "received" in done.stdout
        status = json.loads(cli(home, "status", "--json", env=env).stdout)
        assert status["server"] == proxy.url and status["last_sync"] and status["user"] == "B1"
        customer = cli(home, "add", "customer", "name=命令行客户", env=env).stdout.strip()
        synced = json.loads(cli(home, "sync", "--json", env=env).stdout)
        assert synced["applied"] == 1 and synced["checked"] is True
        manager = devices(server, "mb")  # the manager edits the same field meanwhile
        manager.sync()
        manager.set("customer", uuid.UUID(customer), city="南京")
        cli(home, "set", "customer", customer, "city=苏州", env=env)
        manager.sync()
        line = cli(home, "sync", env=env).stdout.strip()
        assert line.startswith("sent 1 change, 1 conflict"), line
        text = cli(home, "conflicts", env=env).stdout
        assert 'city mine "苏州", theirs "南京" by MB' in text
        shown = json.loads(cli(home, "conflicts", "--json", env=env).stdout)
        assert set(shown) == {"conflicts", "rejections"} and shown["rejections"] == []
        (conflict,) = shown["conflicts"]
        assert {"id", "entity", "row_id", "title", "field", "mine", "theirs", "their_user",
                "their_at", "my_at", "created_at", "resolution"} <= set(conflict)  # fmt: skip
        assert (conflict["title"], conflict["mine"], conflict["theirs"]) == (
            "命令行客户",
            "苏州",
            "南京",
        )
        # Failures: one line with the reason and its stable kind, exit status 1.
        proxy.upstream = None
        failed = cli(home, "sync", env=env, check=False)
        assert failed.returncode == 1 and "[unreachable]" in failed.stderr
        assert failed.stderr.startswith("salesdesk: error: The server cannot be reached")
        proxy.upstream = server.port
        wrong = cli(tmp_path / "x", "login", "--server", server.url, "--user", "b1",
                    env={**env, "SALESDESK_PASSWORD": "wrong-password"}, check=False)  # fmt: skip
        assert wrong.returncode == 1 and "[wrong_credentials]" in wrong.stderr
        no_password = {k: v for k, v in env.items() if k != "SALESDESK_PASSWORD"}
        asked = cli(tmp_path / "y", "login", "--server", server.url, "--user", "b1",
                    env=no_password, check=False)  # fmt: skip
        assert asked.returncode == 1 and "SALESDESK_PASSWORD" in asked.stderr
        gone = cli(home, "logout", "--wipe", env=env)
        assert "deleted" in gone.stdout and not (home / "salesdesk.db").exists()
