"""A Hypothesis state machine: random edits on three installations, random syncs and faults.

Three in-process installations share the same customers (rep a1 on a laptop
and a phone, their manager ma on an office PC) and sync with a real server
through a TCP proxy. Rules create, edit (four plain fields), annotate and
delete customers on any installation, sync normally, sync through a network
that drops, duplicates, cuts and garbles answers, or abandon a sync at a
random crash point (the engine's test hook raises there; every transaction
rolls back, as after a kill). A reference model records every local write
with the op id the store gave it. At the end (faults off, everyone synced
twice) the server's own record of every op decides:

* **no lost write** — every op reached the server; an applied (or merged) op's
  values are on the server or were overwritten later (the field's revision is
  newer than the op's); each conflicted field is in that installation's
  conflict log with my value; each refused op is in its rejection log;
* **deleted rows never come back** — every applied delete is a tombstone on
  the server and on every installation;
* **different fields both survive** — checked at once by its own rule;
* **convergence** — every copy equals the server's, row for row.

Bounded by default (a few examples of 25 steps); ``SALESDESK_SOAK=1`` runs a
long soak (100 examples of 60 steps).
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
)

from salesdesk.store.tables import OutboxEntry
from sync import client
from sync.client import faults
from sync.server import db as server_db
from sync.server.tables import ENTITY_TABLES as SERVER_TABLES
from sync.server.tables import sync_op
from tests.server.conftest import Server
from tests.syncing.proxy import FaultProxy, passing, random_plan
from tests.syncing.support import Device, local_copy, server_copy

SOAK = os.environ.get("SALESDESK_SOAK") == "1"
FIELDS = ("city", "phone", "tier", "address")
OPTIONS = {
    "city": ["深圳", "广州", "上海", "北京", "杭州"],
    "phone": ["0755-11111111", "020-22222222", "021-33333333"],
    "tier": ["A", "B", "C"],
    "address": ["人民路1号", "解放街2号", "中山路3号", "建设路4号"],
}
VALUES = {field: st.sampled_from(values) for field, values in OPTIONS.items()}
# Draws never depend on the installations' state (it outlives an example, so a failing example
# replays on other data); rows are picked by a number modulo the live ones.
PICK = st.integers(0, 10**6)
CRASH_POINTS = [p for p in faults.POINTS if p not in ("login:answered", "adopt:applying")]
OUTBOX: sa.Table = OutboxEntry.__table__  # type: ignore[assignment]


class SimulatedCrash(Exception):  # noqa: N818
    """Raised at a crash point: the sync is abandoned there."""


class Write:
    """One local change as the model knows it: the op id its outbox entry got."""

    def __init__(self, device: int, op: dict[str, Any]) -> None:
        self.device = device
        self.op_id = str(op["op_id"])
        self.kind = op["kind"]
        self.row_id = str(op["row_id"])
        self.fields: dict[str, Any] = op["fields"]


def new_ops(device: Device, after: int) -> tuple[int, list[dict[str, Any]]]:
    with device.store.engine.connect() as connection:
        rows = connection.execute(
            sa.select(OUTBOX).where(OUTBOX.c.seq > after).order_by(OUTBOX.c.seq)
        ).mappings()
        ops = [dict(r) for r in rows]
    return (ops[-1]["seq"] if ops else after), ops


class SyncMachine(RuleBasedStateMachine):
    """The three installations live as long as the test (signing in three new profiles per
    example would dominate the run); each example starts with everyone synced and checks,
    at its end, the writes it made."""

    server: Server
    devices: list[Device]
    proxy: FaultProxy

    def __init__(self) -> None:
        super().__init__()
        cls = type(self)
        cls.proxy.plan = passing
        faults.install(None)
        self.devices = cls.devices
        for device in (*self.devices, self.devices[0]):
            device.sync()
        self.rep_id = self.devices[0].store.profile.user_id
        self.outbox_seq = [new_ops(d, 0)[0] for d in self.devices]
        self.writes: list[Write] = []
        self.customers = [c.id for c in self.devices[0].store.select("customer")]

    @initialize()
    def some_customers(self) -> None:
        for _ in range(3):
            self.create(0, "深圳")
        for device in (*self.devices, self.devices[0]):
            device.sync()

    # ---- local changes ---------------------------------------------------------------------
    def _record(self, index: int) -> None:
        self.outbox_seq[index], ops = new_ops(self.devices[index], self.outbox_seq[index])
        self.writes.extend(Write(index, op) for op in ops)

    def _live(self, index: int) -> list[uuid.UUID]:
        device = self.devices[index]
        return [c for c in self.customers if (row := device.get("customer", c)) and not row.deleted]

    @rule(index=st.integers(0, 2), city=VALUES["city"])
    def create(self, index: int, city: str) -> None:
        row_id = self.devices[index].add(
            "customer", name=f"状态机客户{uuid.uuid4().hex[:8]}", city=city, owner_id=self.rep_id
        )
        self.customers.append(row_id)
        self._record(index)

    @rule(index=st.integers(0, 2), pick=PICK, field=st.sampled_from(FIELDS), data=st.data())
    def edit(self, index: int, pick: int, field: str, data: st.DataObject) -> None:
        value = data.draw(VALUES[field])
        live = self._live(index)
        if live:
            self.devices[index].set("customer", live[pick % len(live)], **{field: value})
            self._record(index)

    @rule(index=st.integers(0, 2), pick=PICK)
    def note(self, index: int, pick: int) -> None:
        live = self._live(index)
        if live:
            self.devices[index].note("customer", live[pick % len(live)], "跟进记录")
            self._record(index)

    @rule(index=st.integers(0, 2), pick=PICK)
    def delete(self, index: int, pick: int) -> None:
        live = self._live(index)
        if live:
            self.devices[index].delete("customer", live[pick % len(live)])
            self._record(index)

    # ---- syncs -----------------------------------------------------------------------------
    @rule(
        index=st.integers(0, 2),
        mode=st.sampled_from(["normal", "lying network", "crash"]),
        seed=st.integers(0, 10_000),
        point=st.sampled_from(CRASH_POINTS),
        nth=st.integers(1, 2),
    )
    def sync(self, index: int, mode: str, seed: int, point: str, nth: int) -> None:
        proxy = type(self).proxy
        if mode == "lying network":
            weights = {"drop_request": 0.1, "drop_response": 0.15, "duplicate": 0.15,
                       "truncate": 0.1, "garble": 0.1}  # fmt: skip
            proxy.plan = random_plan(seed, weights)
        seen = {"n": 0}

        def crash(name: str) -> None:
            if name == point:
                seen["n"] += 1
                if seen["n"] == nth:
                    raise SimulatedCrash(name)

        if mode == "crash":
            faults.install(crash)
        try:
            self.devices[index].sync()
        except client.SyncError as exc:
            if mode == "crash":
                assert isinstance(exc.__cause__, SimulatedCrash), exc
            else:
                assert mode == "lying network" and exc.retryable, exc
        finally:
            faults.install(None)
            proxy.plan = passing

    @rule(
        pair=st.permutations([0, 1, 2]),
        pick=PICK,
        fields=st.permutations(FIELDS),
        first_value=PICK,
        second_value=PICK,
    )
    def concurrent_edits_to_different_fields(
        self, pair: list[int], pick: int, fields: list[str], first_value: int, second_value: int
    ) -> None:
        """Two installations, both up to date, change different fields: both survive."""
        first, second = pair[:2]
        one, other = fields[:2]
        live = self._up_to_date(first, second)
        if not live:
            return
        row_id = live[pick % len(live)]
        a = OPTIONS[one][first_value % len(OPTIONS[one])]
        b = OPTIONS[other][second_value % len(OPTIONS[other])]
        self.devices[first].set("customer", row_id, **{one: a})
        self._record(first)
        self.devices[second].set("customer", row_id, **{other: b})
        self._record(second)
        self.devices[first].sync()
        self.devices[second].sync()
        row = server_copy(type(self).server, "ma")["customer"][str(row_id)]
        assert (row[one], row[other]) == (a, b), "a concurrent edit of another field was lost"

    @rule(
        pair=st.permutations([0, 1, 2]),
        pick=PICK,
        field=st.sampled_from(FIELDS),
        first_value=PICK,
        second_value=PICK,
    )
    def concurrent_edits_to_the_same_field(
        self, pair: list[int], pick: int, field: str, first_value: int, second_value: int
    ) -> None:
        """Two up-to-date installations change the same field: the first to reach the server
        wins, the other's value is kept in its conflict log."""
        first, second = pair[:2]
        live = self._up_to_date(first, second)
        if not live:
            return
        row_id = live[pick % len(live)]
        current = getattr(self.devices[first].get("customer", row_id), field)
        others = [v for v in OPTIONS[field] if v != current]
        a = others[first_value % len(others)]
        rest = [v for v in others if v != a]
        b = rest[second_value % len(rest)]
        self.devices[first].set("customer", row_id, **{field: a})
        self._record(first)
        self.devices[second].set("customer", row_id, **{field: b})
        self._record(second)
        self.devices[first].sync()
        self.devices[second].sync()
        row = server_copy(type(self).server, "ma")["customer"][str(row_id)]
        assert row[field] == a, "the first change to reach the server did not win"
        mine = [c for c in client.conflicts(self.devices[second].store)
                if c.row_id == row_id and c.field == field and c.mine == b]  # fmt: skip
        assert mine and mine[0].theirs == a, "the losing value was not kept"
        assert getattr(self.devices[second].get("customer", row_id), field) == a

    @rule(pair=st.permutations([0, 1, 2]), pick=PICK, field=st.sampled_from(FIELDS), value=PICK)
    def edit_a_row_deleted_elsewhere(
        self, pair: list[int], pick: int, field: str, value: int
    ) -> None:
        """One installation deletes a customer, another edits it offline: the edit comes back
        refused and kept; the customer stays deleted everywhere."""
        first, second = pair[:2]
        live = self._up_to_date(first, second)
        if not live:
            return
        row_id = live[pick % len(live)]
        self.devices[first].delete("customer", row_id)
        self._record(first)
        self.devices[first].sync()
        self.devices[second].set("customer", row_id, **{field: OPTIONS[field][value % 3]})
        edits = len(self.writes)
        self._record(second)
        self.devices[second].sync()
        if len(self.writes) > edits:  # the value differed, so there was an edit to refuse
            refused = [r for r in client.rejections(self.devices[second].store)
                       if str(r.op_id) == self.writes[-1].op_id]  # fmt: skip
            assert refused and refused[0].code == "deleted", "the refused edit was not kept"
        row = self.devices[second].get("customer", row_id)
        assert row is not None and row.deleted, "a deleted row came back"

    def _up_to_date(self, first: int, second: int) -> list[uuid.UUID]:
        """Sync both (first, second, first) and return the customers both have alive."""
        type(self).proxy.plan = passing
        for index in (first, second, first):
            self.devices[index].sync()
        return [c for c in self._live(first) if c in self._live(second)]

    @invariant()
    def nothing_pending_is_lost_locally(self) -> None:
        """Every recorded write is still pending or has been answered by the server."""
        for index, device in enumerate(self.devices):
            assert device.store.outbox_count() <= sum(1 for w in self.writes if w.device == index)

    # ---- the end ---------------------------------------------------------------------------
    def teardown(self) -> None:
        type(self).proxy.plan = passing
        faults.install(None)
        for _ in range(2):
            for device in self.devices:
                device.sync()
        self.check()

    def check(self) -> None:
        server = type(self).server
        results, rows = server_state(server)
        view = server_copy(server, "ma")["customer"]
        for index, device in enumerate(self.devices):
            assert device.store.outbox_count() == 0
            mine = local_copy(device.store)
            theirs = server_copy(server, device.username)
            for entity in ("customer",):
                assert mine[entity] == theirs[entity], f"device {index} did not converge"
            conflicts = {(str(c.op_id), c.field): c for c in client.conflicts(device.store)}
            rejected = {str(r.op_id): r for r in client.rejections(device.store)}
            for write in (w for w in self.writes if w.device == index):
                result = results.get(write.op_id)
                assert result is not None, f"{write.kind} {write.op_id} never reached the server"
                server_row = view.get(write.row_id)
                status = result["status"]
                if status == "rejected":
                    assert write.op_id in rejected, f"rejected op {write.op_id} not kept"
                    continue
                assert server_row is not None
                if write.kind == "delete":
                    assert server_row["deleted"], "a deleted row came back"
                    for other in self.devices:
                        copy = other.get("customer", uuid.UUID(write.row_id))
                        assert copy is None or copy.deleted, "a deleted row came back locally"
                    continue
                revs = rows[write.row_id]
                for field, value in write.fields.items():
                    if field == "notes":
                        ids = {n["id"] for n in server_row["notes"]}
                        assert {n["id"] for n in value} <= ids, "a note was lost"
                        continue
                    if (write.op_id, field) in conflicts:
                        assert conflicts[(write.op_id, field)].mine == value
                        continue
                    assert status in ("applied", "merged") or field not in [
                        c["field"] for c in result.get("conflicts", [])
                    ], f"conflict on {field} of {write.op_id} not kept"
                    rev = revs.get(field, revs["_created"])
                    assert server_row[field] == value or rev > result["seq"], (
                        f"{field}={value!r} of op {write.op_id} lost: server has "
                        f"{server_row[field]!r} at rev {rev} (op seq {result['seq']})"
                    )


def server_state(server: Server) -> tuple[dict[str, Any], dict[str, dict[str, int]]]:
    """The server's stored op results by op id, and each customer's field revisions."""
    engine = server_db.create_engine(server_db.normalize_url(server.db_url))
    customers = SERVER_TABLES["customer"]
    try:
        with engine.connect() as connection:
            results = {
                str(op_id): json.loads(result)
                for op_id, result in connection.execute(
                    sa.select(sync_op.c.op_id, sync_op.c.result)
                )
            }
            rows = {
                str(row_id): {**json.loads(revs or "{}"), "_created": int(created)}
                for row_id, revs, created in connection.execute(
                    sa.select(customers.c.id, customers.c.field_revs, customers.c.created_rev)
                )
            }
    finally:
        engine.dispose()
    return results, rows


SyncMachine.TestCase.settings = settings(
    max_examples=100 if SOAK else 4,
    stateful_step_count=60 if SOAK else 25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=not SOAK,
    # The installations and the server outlive an example, so a failing run cannot be
    # replayed or shrunk: report it as it happened (Hypothesis prints its steps).
    phases=[Phase.generate],
    database=None,
)


@pytest.mark.slow
def test_random_edits_syncs_and_faults_keep_every_write(
    server: Server, devices: Callable[..., Device]
) -> None:
    with FaultProxy(server.port, passing, delay=0.0) as proxy:
        made = [devices(server, user, login=False) for user in ("a1", "a1", "ma")]
        for device in made:
            device.login(url=proxy.url)
        SyncMachine.server = server
        SyncMachine.devices = made
        SyncMachine.proxy = proxy
        SyncMachine.TestCase().runTest()
