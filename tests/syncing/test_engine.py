"""The engine's own promises: one request when nothing changed, replays change nothing, a
restored server, the self-check repairing only what differs, a change the server can never take,
progress and cancel, the GUI writing while a sync runs (invariants 3, 4, 5, 7)."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from salesdesk.domain.schema import ValidationError
from salesdesk.store import replica
from salesdesk.store.search import register_functions
from sync import client
from sync.client import faults
from sync.client.errors import ErrorKind
from tests.server.conftest import Server
from tests.syncing.conftest import Servers
from tests.syncing.proxy import FaultProxy
from tests.syncing.support import Device, load_territory, server_rows


class Crash(Exception):  # noqa: N818
    pass


def crash_at(point: str) -> Callable[[str], None]:
    def hook(name: str) -> None:
        if name == point:
            raise Crash(point)

    return hook


def test_a_sync_with_nothing_to_do_is_one_request(
    server: Server, devices: Callable[..., Device]
) -> None:
    device = devices(server, "a1")
    device.sync()
    for _ in range(3):
        result = device.sync()
        assert result.requests == 1 and result.checked and result.pulled == 0


def test_a_replayed_push_changes_nothing(server: Server, devices: Callable[..., Device]) -> None:
    """The answer to a push is lost after the server applied it: the next sync sends the same
    ops again (same op ids) and the server answers from its record; no duplicate appears."""
    device = devices(server, "a2")
    customer = device.add("customer", name="只应有一个的客户")
    device.add("contact", customer_id=customer, name="只应有一个的联系人")
    device.note("customer", customer, "只应有一条的备注")
    faults.install(crash_at("push:answered"))
    with pytest.raises(client.SyncError) as raised:
        device.sync()
    assert raised.value.kind == ErrorKind.INTERNAL and isinstance(raised.value.__cause__, Crash)
    faults.install(None)
    assert device.store.outbox_count() == 3  # the answers never arrived
    result = device.sync()
    assert [o.status for o in result.outcomes] == ["applied"] * 3
    names = [r["name"] for r in server_rows(server, "customer").values()]
    assert names.count("只应有一个的客户") == 1
    contacts = [r["name"] for r in server_rows(server, "contact").values()]
    assert contacts.count("只应有一个的联系人") == 1
    (row,) = (
        r for r in server_rows(server, "customer").values() if r["name"] == "只应有一个的客户"
    )
    assert [n["text"] for n in row["notes"]] == ["只应有一条的备注"]
    device.assert_converged()


def _files(server: Server) -> list[Path]:
    return [Path(f"{server.db_url}{suffix}") for suffix in ("", "-wal", "-shm")]


def test_a_server_restored_from_a_backup_is_followed(
    servers: Servers, devices: Callable[..., Device]
) -> None:
    server = servers.start()
    with FaultProxy(server.port) as proxy:
        device, other = (devices(server, user, login=False) for user in ("a1", "ma"))
        for one in (device, other):
            one.login(url=proxy.url)
            one.sync()
        kept = device.add("customer", name="备份里有的客户")
        device.sync()
        server.stop()  # the office's nightly backup
        for path in _files(server):
            if path.exists():
                shutil.copyfile(path, f"{path}.backup")
        server.start()
        proxy.upstream = server.port
        lost = device.add("customer", name="备份之后的客户")
        device.sync()
        other.add("task", title="备份之后的任务", assignee_id=device.store.profile.user_id)
        other.sync()
        device.sync()
        server.stop()  # the next day the backup is restored
        for path in _files(server):
            path.unlink(missing_ok=True)
            if Path(f"{path}.backup").exists():
                shutil.copyfile(f"{path}.backup", path)
        server.start()
        proxy.upstream = server.port
        pending = device.add("customer", name="恢复期间离线新建")
        result = device.sync()
        assert result.checked
        assert device.get("customer", kept) is not None
        assert device.get("customer", lost) is None  # the server no longer has it
        assert device.store.count("task") == 0
        assert device.get("customer", pending) is not None  # local changes are never lost
        assert "恢复期间离线新建" in [r["name"] for r in server_rows(server, "customer").values()]
        device.assert_converged()


def test_the_self_check_repairs_only_what_differs(
    server: Server, devices: Callable[..., Device]
) -> None:
    with FaultProxy(server.port) as proxy:
        device = devices(server, "a1", login=False)
        device.login(url=proxy.url)
        customer = device.add("customer", name="将被删掉的本地行")
        contact = device.add("contact", customer_id=customer, name="版本被改的联系人")
        device.sync()
        task = device.add("task", title="服务器没有的任务")
        damage = sqlite3.connect(device.store.path)  # behind the app's back, no foreign keys
        register_functions(damage)
        with damage:
            damage.execute("DELETE FROM customer WHERE id = ?", (customer.hex,))
            damage.execute("UPDATE contact SET rev = 1, name = '错' WHERE id = ?", (contact.hex,))
            damage.execute("UPDATE task SET rev = 99 WHERE id = ?", (task.hex,))
            damage.execute("DELETE FROM outbox WHERE row_id = ?", (task.hex,))
        damage.close()
        device.store.set_meta("sync_checked", None)
        proxy.log.clear()
        result = device.sync()
        assert result.checked and result.repaired == 3
        asked = sorted(p for _m, p, _f in proxy.log if p == "/sync/ids")
        assert len(asked) == 3, proxy.log  # customer, contact and task: nothing else listed
        assert device.get("task", task) is None
        row = device.get("contact", contact)
        assert row is not None and row.name == "版本被改的联系人"  # type: ignore[attr-defined]
        assert device.get("customer", customer) is not None
        device.assert_converged()


def test_a_change_the_server_can_never_take_does_not_block_the_queue(
    servers: Servers, devices: Callable[..., Device]
) -> None:
    server = servers.start(SALESDESK_MAX_BODY=str(1024 * 1024))
    device = devices(server, "a1")
    customer = device.add("customer", name="带大附件的客户")
    visit = device.add("visit", customer_id=customer, purpose="拍照")
    big = bytes(range(256)) * 6000  # 1.5 MB: more than the server takes in one request
    import hashlib

    attachment = device.add(
        "attachment", visit_id=visit, file_name="全景.jpg", content=big, size=len(big),
        sha256=hashlib.sha256(big).hexdigest(),
    )  # fmt: skip
    after = device.add("task", title="附件之后的任务")
    result = device.sync()
    assert result.rejections == 1 and device.store.outbox_count() == 0
    (rejection,) = client.rejections(device.store)
    assert (rejection.entity, rejection.code) == ("attachment", "too_large")
    assert rejection.fields["file_name"] == "全景.jpg"  # kept with its data
    assert device.get("attachment", attachment) is None
    assert device.get("task", after) is not None and device.get("visit", visit) is not None
    titles = [r["title"] for r in server_rows(server, "task").values()]
    assert "附件之后的任务" in titles
    device.assert_converged()
    # The user may create the refused record again (here it is refused again) or discard it.
    client.resolve_rejection(device.store, rejection.id, "discarded")
    assert client.rejections(device.store) == []
    assert client.status(device.store).rejections == 0


def test_a_refused_new_record_can_be_created_again(
    server: Server, devices: Callable[..., Device]
) -> None:
    manager, rep = devices(server, "ma"), devices(server, "a2")
    manager.sync()
    gone = rep.add("customer", name="将被删除的客户")
    other = rep.add("customer", name="另一个客户")
    rep.sync()
    manager.sync()
    manager.delete("customer", gone)
    manager.sync()
    refused = rep.add("contact", customer_id=gone, name="赵敏", mobile="13600136000")  # offline
    result = rep.sync()
    assert result.rejections == 1
    (rejection,) = client.rejections(rep.store)
    assert (rejection.entity, rejection.kind, rejection.code) == (
        "contact",
        "create",
        "parent_deleted",
    )
    assert rejection.title == "赵敏" and rejection.fields["mobile"] == "13600136000"
    assert rep.get("contact", refused) is None  # its data lives in the rejection now
    with pytest.raises(ValidationError):  # its customer is gone: it cannot be made as it was
        client.recreate_rejected(rep.store, rejection.id)
    with rep.store.engine.begin() as connection:  # the user picks another customer
        connection.execute(
            replica.REJECTION.update()
            .where(replica.REJECTION.c.id == rejection.id)
            .values(fields={**rejection.fields, "customer_id": str(other)})
        )
    record = client.recreate_rejected(rep.store, rejection.id)
    assert record.id != rejection.row_id and client.rejections(rep.store) == []
    assert rep.sync().applied == 1
    (row,) = (r for r in server_rows(server, "contact").values() if r["name"] == "赵敏")
    assert row["customer_id"] == str(other) and row["mobile"] == "13600136000"
    rep.assert_converged()


def test_progress_is_reported_and_cancel_stops_at_a_safe_point(
    servers: Servers, devices: Callable[..., Device], monkeypatch: pytest.MonkeyPatch
) -> None:
    server = servers.make()
    rows = load_territory(server, "a2", 300)
    server.start()
    monkeypatch.setattr("sync.client.engine.PAGE_ROWS", 500)
    device = devices(server, "a2", login=False)
    device.login()
    seen: list[client.SyncProgress] = []
    stop = threading.Event()

    def report(progress: client.SyncProgress) -> None:
        seen.append(progress)
        if progress.phase == client.Phase.PULL and progress.done >= 1000:
            stop.set()

    with pytest.raises(client.SyncCancelled):
        device.sync(progress=report, cancel=stop)
    pulls = [p for p in seen if p.phase == client.Phase.PULL]
    assert seen[0].phase == client.Phase.SIGN_IN
    assert pulls[0].total is not None and pulls[0].total >= rows  # the territory's size
    assert [p.done for p in pulls] == sorted(p.done for p in pulls)
    kept = replica.cursor(device.store)
    assert kept > 0 and client.status(device.store).last_error is None  # cancel is no error
    seen.clear()
    result = device.sync(progress=seen.append)
    assert result.checked and result.pulled <= rows + 30 - 1000 + 500
    phases = [p.phase for p in seen]
    assert phases.index(client.Phase.PULL) < phases.index(client.Phase.CHECK)
    device.assert_converged()


def test_the_app_keeps_writing_while_a_sync_runs(
    servers: Servers, devices: Callable[..., Device], monkeypatch: pytest.MonkeyPatch
) -> None:
    server = servers.make()
    load_territory(server, "a1", 400)
    server.start()
    monkeypatch.setattr("sync.client.engine.PAGE_ROWS", 400)
    device = devices(server, "a1")
    done = threading.Event()
    errors: list[BaseException] = []

    def work() -> None:
        try:
            device.sync()
        except BaseException as exc:
            errors.append(exc)
        finally:
            done.set()

    thread = threading.Thread(target=work)
    thread.start()
    written, longest = 0, 0.0
    while not done.is_set():  # the GUI's database thread saving the user's edits
        started = time.monotonic()
        device.add("task", title=f"同步期间的任务{written}")
        longest = max(longest, time.monotonic() - started)
        written += 1
    thread.join()
    assert not errors, errors
    assert written > 0 and longest < 5, (written, longest)
    device.sync()
    titles = [r["title"] for r in server_rows(server, "task").values()]
    assert sorted(t for t in titles if t.startswith("同步期间")) == sorted(
        f"同步期间的任务{n}" for n in range(written)
    )
    device.assert_converged()
