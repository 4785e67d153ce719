"""Team figures computed by the server: pushed deals and visits become standings every team
member pulls (and nobody else), with right values, targets and ranks; unchanged figures are
never rewritten."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from salesdesk.domain.ids import uuid7
from salesdesk.domain.periods import Period, local_date
from salesdesk.store.figure_rules import figure_periods
from tests.server.conftest import Client, Server, create, now_text, update

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _today() -> dt.date:
    return local_date(dt.datetime.now(dt.UTC), SHANGHAI)


def _month() -> str:
    return Period.containing("month", _today()).code


def _won_stage(client: Client) -> str:
    client.sync()
    stages = [r for r in client.rows.values() if r["_entity"] == "pipeline_stage"]
    return next(s["id"] for s in stages if s["outcome"] == "won")


def _sell(client: Client, amounts: list[str], visits: int) -> list[dict[str, Any]]:
    """A new customer with won deals (closed today) and done visits, in one push."""
    stage = _won_stage(client)
    customer = uuid7()
    ops = [create("customer", customer, name=f"客户{customer.hex[-6:]}", owner_id=client.user_id)]
    ops += [
        create(
            "deal",
            None,
            customer_id=customer,
            title=f"合同{number}",
            amount=amount,
            stage_id=stage,
            status="won",
            closed_on=_today().isoformat(),
            owner_id=client.user_id,
        )
        for number, amount in enumerate(amounts)
    ]
    ops += [
        create(
            "visit",
            None,
            customer_id=customer,
            purpose="拜访",
            status="done",
            checked_in_at=now_text(),
        )
        for _ in range(visits)
    ]
    results = client.push(*ops)
    assert all(r["status"] == "applied" for r in results), results
    return results


def _figures(client: Client) -> dict[tuple[uuid.UUID | None, str, str], dict[str, Any]]:
    return {
        (uuid.UUID(r["user_id"]) if r["user_id"] else None, r["kpi"], r["period"]): r
        for r in client.rows.values()
        if r["_entity"] == "team_figure" and not r["deleted"]
    }


def test_reps_pull_the_whole_teams_standings_and_no_other_teams(fresh: Server) -> None:
    fresh.start()
    a1, a2, b1, ma = (fresh.login(n) for n in ("a1", "a2", "b1", "ma"))
    _sell(a1, ["12000.50", "3000"], visits=2)
    _sell(a2, ["20000"], visits=3)
    _sell(b1, ["99999"], visits=1)
    month = _month()

    a1.sync()
    figures = _figures(a1)
    teams = {r["team_id"] for r in figures.values()}
    assert teams == {str(a1.team_id)}, "a rep receives only their own team's figures"
    people = {user for user, _kpi, _period in figures}
    assert people == {a1.user_id, a2.user_id, ma.user_id, None}, "the whole team and the total"
    assert figures[(ma.user_id, "revenue", month)]["rank"] is None, "a manager selling nothing"

    revenue_a1 = figures[(a1.user_id, "revenue", month)]
    revenue_a2 = figures[(a2.user_id, "revenue", month)]
    total = figures[(None, "revenue", month)]
    assert Decimal(revenue_a1["value"]) == Decimal("15000.50")
    assert Decimal(revenue_a2["value"]) == Decimal("20000.00")
    assert Decimal(total["value"]) == Decimal("35000.50")
    assert (revenue_a2["rank"], revenue_a1["rank"], total["rank"]) == (1, 2, None)
    visits_a1 = figures[(a1.user_id, "visits", month)]
    visits_a2 = figures[(a2.user_id, "visits", month)]
    assert (Decimal(visits_a1["value"]), visits_a1["rank"]) == (Decimal(2), 2)
    assert (Decimal(visits_a2["value"]), visits_a2["rank"]) == (Decimal(3), 1)
    assert Decimal(figures[(a1.user_id, "deals_won", month)]["value"]) == 2
    assert Decimal(figures[(a1.user_id, "new_customers", month)]["value"]) == 1
    # every kept period is there: this and last month, quarter and year
    kept = {p.code for p in figure_periods(_today())}
    assert {period for _user, _kpi, period in figures} == kept
    year = Period.containing("year", _today()).code
    assert Decimal(figures[(a2.user_id, "revenue", year)]["value"]) == Decimal("20000.00")

    b1.sync()
    assert {r["team_id"] for r in _figures(b1).values()} == {str(b1.team_id)}
    assert Decimal(_figures(b1)[(b1.user_id, "revenue", month)]["value"]) == Decimal("99999.00")
    ma.sync()
    assert _figures(ma).keys() == figures.keys(), "the manager sees the same standings"
    for client in (a1, a2, b1, ma):
        client.assert_converged()


def test_a_target_reaches_the_figures_and_ties_share_a_rank(fresh: Server) -> None:
    fresh.start()
    a1, a2, ma = (fresh.login(n) for n in ("a1", "a2", "ma"))
    _sell(a1, ["5000"], visits=1)
    _sell(a2, ["5000"], visits=0)
    month = _month()
    results = ma.push(
        create(
            "target",
            None,
            team_id=ma.team_id,
            user_id=a1.user_id,
            kpi="revenue",
            period=month,
            value="8000",
        ),
        create("target", None, team_id=ma.team_id, kpi="revenue", period=month, value="20000"),
    )
    assert {r["status"] for r in results} == {"applied"}
    a2.sync()
    figures = _figures(a2)
    assert Decimal(figures[(a1.user_id, "revenue", month)]["target"]) == Decimal("8000.00")
    assert figures[(a2.user_id, "revenue", month)]["target"] is None
    assert Decimal(figures[(None, "revenue", month)]["target"]) == Decimal("20000.00")
    ranks = {figures[(u, "revenue", month)]["rank"] for u in (a1.user_id, a2.user_id)}
    assert ranks == {1}, "equal revenue shares rank 1"


def test_nothing_is_rewritten_when_nothing_changed(fresh: Server) -> None:
    fresh.start()
    a1 = fresh.login("a1")
    results = _sell(a1, ["7000"], visits=1)
    customer_seq = results[0]["seq"]
    a1.sync()
    before = {row_id: row["rev"] for row_id, row in a1.rows.items()}

    refreshed = fresh.cli("figures", "refresh")
    assert "0 rows written" in refreshed.stdout, refreshed.stdout
    assert a1.sync() == [], "a refresh with nothing new changes nothing"

    # A change no figure depends on: only the customer comes back, no figure row.
    customer = next(r for r in a1.rows.values() if r["_entity"] == "customer")
    assert a1.push_one(update("customer", customer["id"], customer_seq, city="杭州"))["status"] in (
        "applied",
        "merged",
    )
    changes = a1.sync()
    assert [c["entity"] for c in changes] == ["customer"]
    assert all(a1.rows[i]["rev"] == rev for i, rev in before.items() if str(i) != customer["id"])

    # A change that moves a figure rewrites exactly the figures it moves.
    deal = next(r for r in a1.rows.values() if r["_entity"] == "deal")
    assert a1.push_one(update("deal", deal["id"], deal["rev"], amount="9000"))["status"] in (
        "applied",
        "merged",
    )
    changed = {
        (a1.rows[uuid.UUID(c["id"])]["kpi"], a1.rows[uuid.UUID(c["id"])]["user_id"])
        for c in a1.sync()
        if c["entity"] == "team_figure"
    }
    assert changed == {("revenue", str(a1.user_id)), ("revenue", None)}


def test_figures_refresh_command(fresh: Server) -> None:
    done = fresh.cli("figures", "refresh", "--team", "Team B", "--period", "2025-Q1")
    assert "1 team;" in done.stdout and "rows written" in done.stdout
    bad = fresh.cli("figures", "refresh", "--team", "Nobody", "--period", "2026-W05", check=False)
    assert bad.returncode == 1 and "--period" in bad.stderr and bad.stdout == ""
    fresh.start()
    b1 = fresh.login("b1")
    b1.sync()
    assert any(period == "2025-Q1" for _u, _k, period in _figures(b1))


def test_only_changes_a_figure_reads_make_a_push_recompute_figures() -> None:
    """Edits of other columns (an address, notes) skip the recomputation after a push; a
    customer edited that way still counts when it could be churned (its last edit can date
    the churn), which the database decides."""
    from sync.server.figures import touched

    deal, visit, customer, target, contact = (uuid7() for _ in range(5))
    logged = [
        {"seq": 1, "entity": "deal", "row_id": deal, "kind": "update"},
        {"seq": 2, "entity": "visit", "row_id": visit, "kind": "update"},
        {"seq": 3, "entity": "customer", "row_id": customer, "kind": "update"},
        {"seq": 4, "entity": "target", "row_id": target, "kind": "update"},
        {"seq": 5, "entity": "contact", "row_id": contact, "kind": "create"},
    ]
    quiet = touched(
        logged,
        {
            1: frozenset({"title"}),
            2: frozenset({"outcome"}),
            3: frozenset({"address"}),
            4: frozenset({"note"}),
        },
    )
    assert quiet.rows == {"target": frozenset({target})}
    assert quiet.edited_customers == frozenset({customer})
    moving = touched(
        logged,
        {1: frozenset({"amount"}), 2: frozenset({"status"}), 3: frozenset({"status"})},
    )
    assert set(moving.rows) == {"deal", "visit", "customer", "target"}
    assert not moving.edited_customers
    created = touched([{**e, "kind": "create"} for e in logged], {1: frozenset({"title"})})
    assert set(created.rows) == {"deal", "visit", "customer", "target"}
