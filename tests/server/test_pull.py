"""Pull pages (rows and bytes bounds, cursor, reset), gzip, summary and id listings."""

from __future__ import annotations

import uuid

from salesdesk.domain.ids import uuid7
from salesdesk.domain.schema import ENTITIES
from sync.protocol import dumps, summarize
from tests.server.conftest import Server, create


def _fill(world: Server, count: int) -> tuple[str, list[uuid.UUID]]:
    """``count`` customers with long addresses for a new rep of team B; returns (name, ids)."""
    name = f"pull{uuid.uuid4().hex[:6]}"
    world.add_user(name, "rep", "Team B")
    rep = world.login(name)
    ids = [uuid7() for _ in range(count)]
    rep.push(
        *(
            create(
                "customer", row_id, name=f"翻页客户{i}", owner_id=rep.user_id, address="路" * 250
            )
            for i, row_id in enumerate(ids)
        )
    )
    return name, ids


def test_pages_are_bounded_by_rows_and_come_in_seq_order(world: Server) -> None:
    name, ids = _fill(world, 40)
    whole = world.login(name)
    whole.sync()
    paged = world.login(name)
    pages = 0
    while True:
        page = paged.pull_page(limit=7)
        assert len(page["changes"]) <= 7
        pages += 1
        seqs = [change["seq"] for change in page["changes"]]
        assert seqs == sorted(seqs) and all(seq > paged.cursor for seq in seqs)
        paged.cursor = page["cursor"]
        for change in page["changes"]:
            paged.rows[uuid.UUID(change["id"])] = {**change["row"], "_entity": change["entity"]}
        if not page["more"]:
            break
    assert pages >= 7
    assert paged.rows == whole.rows
    assert set(ids) <= paged.ids("customer")


def test_pages_are_bounded_by_bytes_but_hold_at_least_one_change(world: Server) -> None:
    name, _ids = _fill(world, 12)
    client = world.login(name)
    sizes = []
    while True:
        page = client.pull_page(max_bytes=2048)
        changes = page["changes"]
        assert changes
        size = sum(len(dumps(c).encode()) for c in changes)
        assert size <= 2048 or len(changes) == 1
        sizes.append(len(changes))
        client.cursor = page["cursor"]
        if not page["more"]:
            break
    assert max(sizes) > 1 and len(sizes) > 3


def test_the_cursor_skips_what_the_caller_cannot_see(world: Server) -> None:
    b1 = world.login("b1")
    b1.sync()
    a1 = world.login("a1")
    a1.push(*(create("task", None, title=f"别人的任务{i}") for i in range(5)))
    assert b1.sync() == []
    assert b1.cursor == b1.summary()["cursor"]


def test_a_cursor_beyond_the_server_asks_for_a_reset(world: Server) -> None:
    client = world.login("a1")
    client.cursor = 2**61
    page = client.pull_page()
    assert page["reset"] is True and page["changes"] == [] and page["cursor"] == 0
    client.sync()
    client.assert_converged()
    for row in client.rows.values():  # rows are exactly the entity declarations' wire format
        definition = ENTITIES[row["_entity"]]
        wire = {k: v for k, v in row.items() if k != "_entity"}
        assert definition.to_json(definition.from_json(wire)) == wire


def test_large_pages_are_gzip_compressed(world: Server) -> None:
    name, _ids = _fill(world, 20)
    client = world.login(name)
    response = client.request(
        "GET", "/sync/pull", params={"cursor": 0}, headers={"Accept-Encoding": "gzip"}
    )
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert int(response.headers["Content-Length"]) < len(response.content) / 3


def test_summary_and_ids_describe_the_replica_after_a_sync(world: Server) -> None:
    name, ids = _fill(world, 30)
    client = world.login(name)
    client.sync()
    summary = client.summary()
    assert summary["cursor"] == client.cursor
    rows = [
        (row_id, row["rev"]) for row_id, row in client.rows.items() if row["_entity"] == "customer"
    ]
    assert summary["entities"]["customer"] == summarize(rows).to_json()
    listed: list[list[object]] = []
    after = None
    while True:
        params: dict[str, object] = {"entity": "customer", "limit": 7}
        if after:
            params["after"] = after
        page = client.ok("GET", "/sync/ids", params=params)
        listed.extend(page["rows"])
        if not page["more"]:
            break
        after = page["rows"][-1][0]
    assert [uuid.UUID(str(i)) for i, _ in listed] == sorted(ids)
    assert {uuid.UUID(str(i)): s for i, s in listed} == dict(rows)
    client.assert_converged()
    for row in client.rows.values():  # rows are exactly the entity declarations' wire format
        definition = ENTITIES[row["_entity"]]
        wire = {k: v for k, v in row.items() if k != "_entity"}
        assert definition.to_json(definition.from_json(wire)) == wire
