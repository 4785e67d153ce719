"""The leaderboard, team goal and commission statements as a profile's store computes them
from real rows: a manager's live standings, a rep's server figures with their own unsynced
work on top, statements and what-ifs from real deals, plan validation on save."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

import pytest

from salesdesk.domain.ids import uuid7
from salesdesk.domain.periods import Period
from salesdesk.domain.schema import ValidationError, utcnow
from salesdesk.store import commissions, figures, replica
from salesdesk.store.pending import pending_ids
from salesdesk.store.store import Profile, Store

NOVEMBER = Period.parse("2026-11")
SERVER_SEQ = iter(range(1000, 10**9))


def add_people(store: Store, *names: str, role: str = "rep") -> list[uuid.UUID]:
    """Team members as a sync brings them (the directory is written by the server)."""
    team = store.profile.team_id
    now = utcnow()
    ids = [uuid7() for _ in names]
    replica.apply_versions(
        store,
        [
            replica.RowVersion(
                "user",
                user_id,
                next(SERVER_SEQ),
                False,
                now,
                now,
                {
                    "username": f"u{user_id.hex[-8:]}",
                    "display_name": name,
                    "role": role,
                    "team_id": team,
                    "active": True,
                },
            )
            for user_id, name in zip(ids, names, strict=True)
        ],
    )
    return ids


def sign_in_as(store: Store, user_id: uuid.UUID, name: str, role: str = "rep") -> None:
    """Make the profile a signed-in user's (what ``sync.client.login`` records)."""
    team = store.profile.team_id
    store.set_meta("profile", Profile(user_id, team, role, name, name).to_json())
    store.set_meta("server", {"url": "http://127.0.0.1:9"})
    store.set_meta("last_sync", "2026-11-23T02:00:00Z")


def server_figures(store: Store, rows: list[dict[str, Any]]) -> None:
    """Team figure rows as pulled from the server."""
    now = utcnow()
    replica.apply_versions(
        store,
        [
            replica.RowVersion(
                "team_figure",
                uuid7(),
                next(SERVER_SEQ),
                False,
                now,
                now,
                {
                    "team_id": store.profile.team_id,
                    "user_id": row.get("user_id"),
                    "kpi": row.get("kpi", "revenue"),
                    "period": row.get("period", "2026-11"),
                    "value": Decimal(row["value"]),
                    "target": Decimal(row["target"]) if row.get("target") else None,
                    "rank": row.get("rank"),
                    "computed_at": now,
                },
            )
            for row in rows
        ],
    )


def sell(
    store: Store, owner: uuid.UUID, *amounts: str, closed: dt.date = dt.date(2026, 11, 10)
) -> uuid.UUID:
    """A customer of ``owner`` with won deals (closed on ``closed``); returns the customer."""
    with store.transaction() as writer:
        stage = next(s for s in store.select("pipeline_stage") if s.outcome == "won")  # type: ignore[attr-defined]
        customer = writer.create("customer", {"name": f"客户{uuid7().hex[-6:]}", "owner_id": owner})
        for number, amount in enumerate(amounts):
            writer.create(
                "deal",
                {
                    "customer_id": customer.id,
                    "title": f"合同{number}",
                    "amount": Decimal(amount),
                    "stage_id": stage.id,
                    "status": "won",
                    "closed_on": closed,
                    "owner_id": owner,
                },
            )
    return customer.id


def target(store: Store, user: uuid.UUID | None, value: str, kpi: str = "revenue") -> None:
    with store.transaction() as writer:
        writer.create(
            "target", {"user_id": user, "kpi": kpi, "period": "2026-11", "value": Decimal(value)}
        )


def test_a_manager_ranks_the_team_live_with_gaps_and_the_team_goal(store: Store) -> None:
    zhang, li, wang = add_people(store, "张伟", "李娜", "王芳")
    sell(store, zhang, "12000", "3000.50")
    sell(store, li, "30000")
    sell(store, wang, "15000.50")
    sell(store, wang, "99999", closed=dt.date(2026, 10, 31))  # October: not in November
    target(store, None, "100000")
    target(store, li, "40000")

    found = figures.standings(store, "revenue", NOVEMBER)

    assert found.source == figures.LOCAL
    assert [(r.name, r.rank) for r in found.rows] == [("李娜", 1), ("张伟", 2), ("王芳", 2)]
    by_name = {r.name: r for r in found.rows}
    assert by_name["张伟"].value == Decimal("15000.50") and by_name["张伟"].tied
    assert by_name["张伟"].to_overtake == Decimal("14999.51")  # one fen more than the gap
    assert by_name["张伟"].overtake_rank == 1
    assert by_name["李娜"].attainment_pct == Decimal("75.00")
    assert found.total == Decimal("60001.00")
    assert found.attainment_pct == Decimal("60.00")
    assert found.goal is not None
    shares = {found.rows[i].name: m.share_pct for i, m in enumerate(found.goal.members)}
    assert sum(shares.values()) == Decimal("100.0")
    assert found.goal.remaining == Decimal("39999.00")
    assert not found.provisional, "a local profile has nothing to sync: nothing is provisional"

    october = figures.standings(store, "revenue", "2026-10")
    assert (october.rows[0].name, october.rows[0].value) == ("王芳", Decimal("99999.00"))


def test_a_rep_sees_the_servers_standings_with_their_own_unsynced_work_on_top(
    store: Store,
) -> None:
    me, li, wang = add_people(store, "张伟", "李娜", "王芳")
    sign_in_as(store, me, "张伟")
    server_figures(
        store,
        [
            {"user_id": li, "value": "30000", "rank": 1},
            {"user_id": wang, "value": "20000", "rank": 2},
            {"user_id": me, "value": "0", "rank": 3, "target": "50000"},
            {"user_id": None, "value": "50000", "target": "120000"},
            {"user_id": me, "kpi": "visits", "value": "4", "rank": 1},
        ],
    )
    sell(store, me, "25000")  # won offline, not synced yet

    found = figures.standings(store, "revenue", NOVEMBER)
    assert found.source == figures.SERVER
    assert found.as_of == dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)
    assert [(r.name, r.rank, r.provisional) for r in found.rows] == [
        ("李娜", 1, False),
        ("张伟", 2, True),
        ("王芳", 3, False),
    ]
    mine = next(r for r in found.rows if r.me)
    assert (mine.value, mine.provisional_part) == (Decimal("25000.00"), Decimal("25000.00"))
    assert mine.to_overtake == Decimal("5000.01") and mine.target == Decimal("50000")
    assert found.total == Decimal("75000.00") and found.team_target == Decimal("120000")
    assert found.provisional and found.goal is not None
    assert found.goal.provisional_total == Decimal("25000.00")

    visits = figures.standings(store, "visits", NOVEMBER)
    assert [(r.name, r.value, r.provisional) for r in visits.rows] == [("张伟", 4, False)]
    # A period the server keeps no figures for: only my own line, from my own records.
    older = figures.standings(store, "revenue", "2026-Q1")
    assert [r.name for r in older.rows] == ["张伟"] and older.source == figures.LOCAL


def test_pending_ids_are_the_rows_with_outbox_entries(store: Store) -> None:
    customer = sell(store, store.profile.user_id, "100")
    pending = pending_ids(store, ["customer"])
    assert pending == {customer}
    assert customer in pending_ids(store) and len(pending_ids(store, ["deal"])) == 1
    assert pending_ids(store, ["visit"]) == set()


def _plan(store: Store, **values: Any) -> Any:
    return commissions.save_plan(
        store,
        {
            "name": "阶梯提成",
            "base_rate": Decimal("1"),
            "tiers": [
                {"from_pct": 0, "to_pct": 100, "rate": 2},
                {"from_pct": 100, "to_pct": None, "rate": 4},
            ],
            "new_customer_bonus": Decimal("200"),
            **values,
        },
    )


def test_a_reps_statement_comes_from_their_real_deals(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The new-customer bonus counts customers created in the month: the rows are written
    # as if today were in November 2026, the month of the statement, whenever this runs.
    in_november = dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC)
    monkeypatch.setattr("salesdesk.store.store.utcnow", lambda: in_november)
    zhang, li = add_people(store, "张伟", "李娜")
    plan = _plan(store)
    commissions.save_assignment(
        store, {"plan_id": plan.id, "user_id": zhang, "effective_from": dt.date(2026, 1, 1)}
    )
    sell(store, zhang, "80000", "40000")
    sell(store, li, "500000")  # another rep's: not in zhang's statement
    target(store, zhang, "100000")

    found = commissions.rep_statement(store, zhang, NOVEMBER)
    assert found.plan is not None and found.plan.id == plan.id
    statement = found.statement
    assert statement is not None
    assert (statement.revenue, statement.quota) == (Decimal("120000.00"), Decimal("100000.00"))
    assert statement.attainment_pct == Decimal("120.00")
    lines = {(line.key, line.tier): line.amount for line in statement.lines}
    assert lines == {
        ("base", None): Decimal("1200.00"),  # 1% of 120,000
        ("tier", 1): Decimal("2000.00"),  # 2% of the first 100,000
        ("tier", 2): Decimal("800.00"),  # 4% of the 20,000 above quota
        ("new_customer_bonus", None): Decimal("200.00"),  # one new customer
    }
    assert statement.total == sum(lines.values())
    assert commissions.rep_statement(store, li, NOVEMBER).problem == "no_plan"

    with store.transaction() as writer:
        customer = writer.create("customer", {"name": "新客户", "owner_id": zhang})
        stage = next(s for s in store.select("pipeline_stage") if s.outcome == "open")  # type: ignore[attr-defined]
        deal = writer.create(
            "deal",
            {
                "customer_id": customer.id,
                "title": "大单",
                "amount": Decimal("10000"),
                "stage_id": stage.id,
                "owner_id": zhang,
            },
        )
    assert [d.id for d in commissions.open_deals(store, zhang)] == [deal.id]
    found_after = commissions.what_if(store, zhang, NOVEMBER, [deal.id], Decimal("5000"))
    assert found_after is not None
    assert found_after.after.revenue == Decimal("135000.00")
    # 15,000 more, all above quota: 1% base + 4% tier 2
    assert found_after.difference == Decimal("750.00")
    assert found_after.before.total == statement.total + Decimal("200.00")  # the new customer


def test_an_invalid_plan_is_refused_with_its_field_and_nothing_is_written(store: Store) -> None:
    before = store.outbox_count()
    with pytest.raises(ValidationError) as refused:
        _plan(store, tiers=[{"from_pct": 10, "to_pct": None, "rate": 3}])
    assert "tiers[0].from_pct" in refused.value.errors
    with pytest.raises(ValidationError) as negative:
        _plan(store, cap=Decimal("-1"))
    assert "cap" in negative.value.errors
    assert store.outbox_count() == before and commissions.plans(store) == []
    plan = _plan(store, cap=Decimal("500"))
    with pytest.raises(ValidationError) as edited:
        commissions.save_plan(store, {"accelerator_multiplier": Decimal("0.5")}, plan.id)
    assert "accelerator_multiplier" in edited.value.errors
    assert commissions.plans(store)[0].accelerator_multiplier == Decimal("1.0000")
