"""The manager's desk end to end on a real server: two reps record visits and won deals offline
and sync; the server's team figures and the manager's leaderboard and attainment reflect them;
the manager comments a report and the rep sees it after syncing; nobody gets another team's
figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from salesdesk import api
from salesdesk.domain.entities import ReportComment, TeamFigure
from salesdesk.domain.periods import Period
from salesdesk.domain.schema import format_datetime, utcnow
from salesdesk.store.reports import local_zone
from tests.syncing.conftest import Servers
from tests.syncing.keyrings import MemoryKeyring
from tests.syncing.support import Device


def _sell_offline(rep: Device, amount: str, visits: int) -> None:
    """A new customer, a won deal closed today and done visits, all on the rep's laptop."""
    won = next(s for s in rep.store.select("pipeline_stage") if s.outcome == "won")  # type: ignore[attr-defined]
    customer = rep.add(
        "customer", name=f"{rep.username} 的客户", owner_id=rep.store.profile.user_id
    )
    rep.add(
        "deal",
        customer_id=customer,
        title="年度采购",
        amount=amount,
        stage_id=won.id,
        status="won",
        closed_on=dt.date.today().isoformat(),
    )
    for _ in range(visits):
        rep.add(
            "visit",
            customer_id=customer,
            purpose="拜访",
            status="done",
            checked_in_at=format_datetime(utcnow()),
        )


def test_reps_sell_offline_and_the_manager_sees_it_and_answers(
    servers: Servers,
    devices: Callable[..., Device],
    memory_keyring: MemoryKeyring,
) -> None:
    zone = local_zone()
    server = servers.start(SALESDESK_TEAM_TZ=getattr(zone, "key", "UTC"))
    a1, a2, ma, b1 = (devices(server, name) for name in ("a1", "a2", "ma", "b1"))
    for device in (a1, a2, ma, b1):
        device.sync()
    month = Period.containing("month", dt.date.today()).code

    # Offline: the reps sell and visit; a1 writes today's report.
    _sell_offline(a1, "12000.50", visits=2)
    _sell_offline(a2, "30000", visits=1)
    report = a1.add(
        "report",
        kind="daily",
        period_start=dt.date.today().isoformat(),
        period_end=dt.date.today().isoformat(),
        status="submitted",
        submitted_at=format_datetime(utcnow()),
        sections={"summary": "签下年度采购合同"},
    )
    mine = api.leaderboard(a1.store, "revenue", month)
    assert mine.source == "server", "a rep sees the server's figures as of the last sync"
    me = next(row for row in mine.rows if row.me)
    assert (me.value, me.provisional) == (Decimal("12000.50"), True)

    a1.sync()
    a2.sync()
    ma.sync()
    b1.sync()

    # The manager's leaderboard (live from the team's rows) and the server's figures agree.
    board = api.leaderboard(ma.store, "revenue", month)
    assert [(row.name, row.value, row.rank) for row in board.rows] == [
        ("A2", Decimal("30000.00"), 1),
        ("A1", Decimal("12000.50"), 2),
    ]
    assert board.total == Decimal("42000.50") and not board.provisional
    visits = api.leaderboard(ma.store, "visits", month)
    assert [(row.name, row.value) for row in visits.rows] == [("A1", 2), ("A2", 1)]
    figures = {
        (f.user_id, f.kpi): f.value
        for f in ma.store.select(TeamFigure, ma.store.table(TeamFigure).c.period == month)
    }
    a1_id, a2_id = a1.store.profile.user_id, a2.store.profile.user_id
    assert figures[(a1_id, "revenue")] == Decimal("12000.50")
    assert figures[(a2_id, "visits")] == Decimal("1.00")

    # A revenue target for a1: the manager's attainment, and a1's after the next sync.
    ma.add("target", user_id=a1_id, kpi="revenue", period=month, value="20000")
    ma.add("target", kpi="revenue", period=month, value="100000")
    ma.add("report_comment", report_id=report, body="很好，继续跟进回款")
    ma.sync()
    board = api.leaderboard(ma.store, "revenue", month)
    assert next(r for r in board.rows if r.user_id == a1_id).attainment_pct == Decimal("60.00")
    assert board.goal is not None and board.goal.attainment_pct == Decimal("42.00")

    a1.sync()
    seen = api.leaderboard(a1.store, "revenue", month)
    assert seen.source == "server" and not seen.provisional
    assert [(row.name, row.value) for row in seen.rows] == [
        ("A2", Decimal("30000.00")),
        ("A1", Decimal("12000.50")),
    ]
    assert next(r for r in seen.rows if r.me).target == Decimal("20000.00")
    assert seen.team_target == Decimal("100000.00")
    comments = a1.store.select(ReportComment)
    assert [c.body for c in comments] == ["很好，继续跟进回款"], "the rep sees the comment"

    # No team's figures reach another team.
    a_team, b_team = a1.store.profile.team_id, b1.store.profile.team_id
    assert {f.team_id for f in b1.store.select(TeamFigure)} == {b_team}
    assert {f.team_id for f in a1.store.select(TeamFigure)} == {a_team}
    assert all(row.name.startswith("B") for row in api.leaderboard(b1.store, "revenue", month).rows)
    for device in (a1, a2, ma, b1):
        device.sync()
        device.assert_converged()
