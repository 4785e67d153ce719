"""Scope: every endpoint × every role × own and other team; reassignment and team moves.

The expected scope is computed here from first principles (who owns what),
independently of the server's scope keys, and compared with what each user
pulls, lists, summarises and may write.
"""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

import pytest

from salesdesk.domain.ids import uuid7
from salesdesk.domain.schema import ENTITIES
from tests.server.conftest import Client, Server, create, delete, update

USERS = ("admin", "ma", "a1", "a2", "mb", "b1")


@dataclasses.dataclass(frozen=True)
class Owner:
    """Ground truth for one row: the user it belongs to, its team, and whether the team reads it."""

    user: uuid.UUID | None
    team: uuid.UUID | None
    wide: bool


def can_read(viewer: Client, role: str, owner: Owner) -> bool:
    if role == "admin" or owner.user == viewer.user_id:
        return True
    if owner.team is None or owner.team != viewer.team_id:
        return False
    return owner.wide or role == "manager"


def can_write(viewer: Client, role: str, owner: Owner) -> bool:
    if role == "admin" or owner.user == viewer.user_id:
        return True
    return role == "manager" and owner.team == viewer.team_id


EDITS: dict[str, dict[str, Any]] = {
    "customer": {"address": "M"},
    "contact": {"remark": "M"},
    "deal": {"lost_reason": "M"},
    "visit": {"outcome": "M"},
    "task": {"description": "M"},
    "report": {"sections": {"summary": "M"}},
    "pipeline_stage": {"name": "M"},
    "report_template": {"name": "M"},
    "target": {"description": "M"},
    "commission_plan": {"name": "M"},
    "commission_assignment": {"effective_to": "2031-12-31"},
    "feedback": {"body": "M"},
    "attachment": {"file_name": "M"},
    "deal_stage_change": {"changed_at": "2030-01-01T00:00:00Z"},
    "report_comment": {"body": "M"},
    "user": {"display_name": "M"},
    "team": {"name": "M"},
    "team_figure": {"value": "1.00"},  # computed by the server: every client's push is refused
}


def expected_code(role: str, entity: str, readable: bool, writable: bool, kind: str) -> str:
    definition = ENTITIES[entity]
    if entity in ("user", "team") or not definition.writers:
        return "server_only"
    if role != "admin" and role not in definition.writers:
        return "not_allowed"
    if not readable:
        return "not_in_scope"
    if not writable:
        return "not_allowed"
    if kind == "update" and definition.append_only:
        return "append_only"
    if kind == "delete" and not definition.deletable:
        return "not_deletable"
    return "ok"


class World:
    """Logged-in clients of the six users and the ground truth of every row."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.clients = {name: server.login(name) for name in USERS}
        self.role = dict(server.users)
        self.owner: dict[uuid.UUID, Owner] = {}
        admin = self.clients["admin"]
        admin.sync()
        for row_id, row in admin.rows.items():  # what init and team add made
            entity = row["_entity"]
            if entity == "team":
                self.owner[row_id] = Owner(None, row_id, True)
            elif entity == "user":
                team = uuid.UUID(row["team_id"]) if row["team_id"] else None
                self.owner[row_id] = Owner(row_id, team, True)
            else:
                self.owner[row_id] = Owner(None, uuid.UUID(row["team_id"]), True)
        self.stage = {
            self.clients[m].team_id: next(
                row_id
                for row_id, row in admin.rows.items()
                if row["_entity"] == "pipeline_stage"
                and uuid.UUID(row["team_id"]) == self.clients[m].team_id
            )
            for m in ("ma", "mb")
        }

    def made(self, client: Client, owner: Owner, *ops: dict[str, Any]) -> None:
        results = client.push(*ops)
        assert all(r["status"] == "applied" for r in results), results
        for sent in ops:
            self.owner[uuid.UUID(sent["row_id"])] = owner

    def customer_tree(self, name: str) -> None:
        client = self.clients[name]
        owner = Owner(client.user_id, client.team_id, False)
        customer, contact, deal, visit = uuid7(), uuid7(), uuid7(), uuid7()
        report = uuid7()
        stage = self.stage[client.team_id]
        self.made(
            client,
            owner,
            create("customer", customer, name=f"{name} 的客户", owner_id=client.user_id),
            create("contact", contact, name="联系人", customer_id=customer),
            create("deal", deal, customer_id=customer, title="商机", stage_id=stage),
            create("deal_stage_change", None, deal_id=deal, to_stage_id=stage),
            create("visit", visit, customer_id=customer, purpose="拜访"),
            create("attachment", None, visit_id=visit, file_name="照片.jpg", content="aGk="),
            create("feedback", None, customer_id=customer, body="满意"),
            create("task", None, title="跟进", customer_id=customer),
            create("report", report, kind="daily"),
            create("report_comment", None, report_id=report, body="补充"),
        )

    def team_config(self, manager: str, rep: str) -> None:
        client, concerned = self.clients[manager], self.clients[rep]
        team = client.team_id
        plan = uuid7()
        self.made(
            client,
            Owner(None, team, True),
            create("target", None, team_id=team, kpi="revenue", period="2026-12", value="100.00"),
            create("commission_plan", plan, team_id=team, name="提成方案"),
        )
        self.made(
            client,
            Owner(concerned.user_id, team, False),
            create(
                "target",
                None,
                team_id=team,
                user_id=concerned.user_id,
                kpi="visits",
                period="2026-12",
                value="20.00",
            ),
            create(
                "commission_assignment", None, team_id=team, plan_id=plan, user_id=concerned.user_id
            ),
        )

    def expected(self, name: str) -> set[uuid.UUID]:
        client = self.clients[name]
        return {
            row_id
            for row_id, owner in self.owner.items()
            if can_read(client, self.role[name], owner)
        }


@pytest.fixture
def matrix_world(fresh: Server) -> World:
    fresh.start()
    world = World(fresh)
    for name in ("a1", "a2", "b1", "ma"):
        world.customer_tree(name)
    world.team_config("ma", "a1")
    world.team_config("mb", "b1")
    # A report comment by the manager on a rep's report lives in the rep's scope.
    a1 = world.clients["a1"]
    a1.sync()
    report = next(i for i, r in a1.rows.items() if r["_entity"] == "report")
    world.made(
        world.clients["ma"],
        world.owner[report],
        create("report_comment", None, report_id=report, body="经理点评"),
    )
    return world


def test_every_role_reads_exactly_its_scope_through_every_read_endpoint(
    matrix_world: World,
) -> None:
    world = matrix_world
    admin = world.clients["admin"]
    admin.sync()
    assert set(admin.rows) == set(world.owner), "the ground truth covers every row"
    for name in USERS:
        client = world.server.login(name)
        client.sync()
        expected = world.expected(name)
        assert set(client.rows) == expected, f"{name} sees the wrong rows"
        client.assert_converged()
        for entity in ENTITIES:
            listed = client.ok("GET", "/sync/ids", params={"entity": entity})
            assert {uuid.UUID(i) for i, _seq in listed["rows"]} == client.ids(entity)
    # Spot checks of the rules in words.
    a1, b1 = world.clients["a1"], world.clients["b1"]
    assert not any(world.owner[i].team == b1.team_id for i in world.expected("a1"))
    assert world.expected("a2").isdisjoint(
        {i for i, o in world.owner.items() if o.user == a1.user_id and not o.wide}
    )


def test_every_role_writes_exactly_its_scope(matrix_world: World) -> None:
    world = matrix_world
    admin = world.clients["admin"]
    for name in USERS:
        client = world.clients[name]
        role = world.role[name]
        admin.sync()
        before = {row_id: dict(row) for row_id, row in admin.rows.items()}
        ops, expected = [], []
        for row_id, row in before.items():
            entity = row["_entity"]
            owner = world.owner[row_id]
            code = expected_code(
                role,
                entity,
                can_read(client, role, owner),
                can_write(client, role, owner),
                "update",
            )
            fields = {k: (f"{name}:{row_id}" if v == "M" else v) for k, v in EDITS[entity].items()}
            ops.append(update(entity, row_id, row["rev"], **fields))
            expected.append(code)
        results = client.push(*ops)
        for sent, result, code in zip(ops, results, expected, strict=True):
            where = f"{name} updating {sent['entity']}"
            if code == "ok":
                assert result["status"] in ("applied", "merged"), (where, result)
            else:
                assert (result["status"], result["code"]) == ("rejected", code), (where, result)
        admin.sync()
        for sent, code in zip(ops, expected, strict=True):
            row_id = uuid.UUID(sent["row_id"])
            if code != "ok":
                assert admin.rows[row_id] == before[row_id], "a rejected op wrote something"
    # Deletes out of scope are refused and delete nothing.
    for name in USERS:
        client = world.clients[name]
        role = world.role[name]
        admin.sync()
        refused: list[tuple[dict[str, Any], str]] = []
        for row_id, row in admin.rows.items():
            owner = world.owner[row_id]
            code = expected_code(
                role,
                row["_entity"],
                can_read(client, role, owner),
                can_write(client, role, owner),
                "delete",
            )
            if code != "ok":
                refused.append((delete(row["_entity"], row_id, row["rev"]), code))
        results = client.push(*(sent for sent, _ in refused))
        for (sent, code), result in zip(refused, results, strict=True):
            assert (result["status"], result["code"]) == ("rejected", code), (name, sent, result)
        admin.sync()
        assert not any(admin.rows[uuid.UUID(s["row_id"])]["deleted"] for s, _ in refused)


def test_creates_outside_ones_scope_are_refused(matrix_world: World) -> None:
    world = matrix_world
    a1, ma, b1 = world.clients["a1"], world.clients["ma"], world.clients["b1"]
    b1.sync()
    b1_customer = next(i for i, r in b1.rows.items() if r["_entity"] == "customer")
    a2_id = world.clients["a2"].user_id
    a1.sync()
    (a1_report,) = a1.ids("report")
    cases = [
        (a1, create("contact", None, name="x", customer_id=b1_customer), "not_in_scope"),
        (a1, create("customer", None, name="x", owner_id=a2_id), "not_allowed"),
        (a1, create("task", None, title="x", assignee_id=a2_id), "not_allowed"),
        (
            a1,
            create("target", None, team_id=a1.team_id, kpi="visits", period="2026-12"),
            "not_allowed",
        ),
        (ma, create("customer", None, name="x", owner_id=b1.user_id), "not_allowed"),
        (
            ma,
            create("target", None, team_id=b1.team_id, kpi="visits", period="2026-12"),
            "not_allowed",
        ),
        (ma, create("contact", None, name="x", customer_id=b1_customer), "not_in_scope"),
        (a1, create("report_comment", None, report_id=uuid7(), body="x"), "not_in_scope"),
        (a1, create("user", None, username="x", display_name="x"), "server_only"),
        (world.clients["admin"], create("team", None, name="x"), "server_only"),
        (
            world.clients["admin"],
            create("team_figure", None, team_id=a1.team_id, kpi="revenue", period="2026-11"),
            "server_only",
        ),
        (
            a1,
            create("report_comment", None, report_id=a1_report, body="x", author_id=ma.user_id),
            "not_allowed",
        ),
    ]
    admin = world.clients["admin"]
    admin.sync()
    before = admin.summary()
    for client, sent, code in cases:
        result = client.push_one(sent)
        assert (result["status"], result["code"]) == ("rejected", code), (sent, result)
    assert admin.summary()["entities"] == before["entities"]
    # The same creates inside one's scope are fine.
    allowed = ma.push(
        create("customer", None, name="给 a2", owner_id=a2_id),
        create("task", None, title="经理布置", assignee_id=a2_id),
    )
    assert [r["status"] for r in allowed] == ["applied", "applied"]


def test_reassigned_customers_leave_the_old_reps_copy_and_reach_the_new_one(
    fresh: Server,
) -> None:
    fresh.start()
    world = World(fresh)
    world.customer_tree("a1")
    a1, a2, ma = world.clients["a1"], world.clients["a2"], world.clients["ma"]
    mb, b1 = world.clients["mb"], world.clients["b1"]
    for client in (a1, a2, ma, mb, b1):
        client.sync()
    customer = next(i for i, r in a1.rows.items() if r["_entity"] == "customer")
    personal = ("task", "report", "report_comment", "user")
    tree = {
        i
        for i, r in a1.rows.items()
        if r["_entity"] not in personal and world.owner[i].user == a1.user_id
    }
    assert len(tree) == 7
    # The manager reassigns it to a2 by editing the owner.
    result = ma.push_one(
        update("customer", customer, a1.rows[customer]["rev"], owner_id=str(a2.user_id))
    )
    assert result["status"] == "applied"
    removed = {uuid.UUID(c["id"]) for c in a1.sync() if c["op"] == "remove"}
    assert removed == tree
    assert a1.ids("customer").isdisjoint({customer})
    gained = {uuid.UUID(c["id"]) for c in a2.sync() if c["op"] == "upsert"}
    assert gained >= tree
    # a1's edit made offline before the reassignment comes back rejected, not lost.
    late = a1.push_one(update("customer", customer, 0, address="离线修改"))
    assert (late["status"], late["code"]) == ("rejected", "not_in_scope")
    # The admin CLI moves it on to another team's rep: the old team loses it entirely.
    fresh.cli("reassign", "--from", "a2", "--to", "b1", "--customer", str(customer))
    for client in (a1, a2, ma, mb, b1):
        client.sync()
        client.assert_converged()
    assert not (set(a2.rows) | set(ma.rows)) & tree
    assert tree <= set(b1.rows) and tree <= set(mb.rows)
    deal = next(i for i in tree if b1.rows[i]["_entity"] == "deal")
    assert b1.rows[deal]["owner_id"] == str(b1.user_id)
    for client in (a1, a2, ma, mb, b1):
        assert_same_as_full_pull(fresh, client)


def assert_same_as_full_pull(server: Server, client: Client) -> None:
    """An incrementally synced replica holds exactly what a first sync would bring."""
    username = client.user["username"]
    full = server.login(username)
    full.sync()
    assert client.rows == full.rows, f"{username}'s copy differs from a full pull"


@pytest.mark.parametrize("mover", ["a1", "ma"])
def test_a_user_moved_to_another_team_ends_with_exactly_the_new_scope(
    fresh: Server, mover: str
) -> None:
    fresh.start()
    world = World(fresh)
    for name in ("a1", "a2", "b1", "ma"):
        world.customer_tree(name)
    world.team_config("ma", "a1")
    world.team_config("mb", "b1")
    names = ("a1", "a2", "ma", "mb", "b1")
    for name in names:
        world.clients[name].sync()
    fresh.cli("user", "move", mover, "--team", "Team B")
    for name in names:
        client = world.clients[name]
        client.sync()
        client.assert_converged()
        assert_same_as_full_pull(fresh, client)
    moved = world.clients[mover]
    mine = {i for i, o in world.owner.items() if o.user == moved.user_id and not o.wide}
    b_team = world.clients["mb"].team_id
    # Their own rows went with them: the new team's manager has them, the old one not.
    customers = {i for i in mine if i in moved.ids("customer")}
    assert customers and customers <= set(world.clients["mb"].rows)
    assert not customers & set(world.clients["a2"].rows)
    # They now read team B's configuration and nothing of team A's.
    stages = {
        uuid.UUID(r["team_id"]) for r in moved.rows.values() if r["_entity"] == "pipeline_stage"
    }
    assert stages == {b_team}
