"""KPIs per rep and per team, from plain records."""

from __future__ import annotations

from decimal import Decimal

import pytest

from salesdesk.domain.kpis import (
    Kpi,
    KpiData,
    RetentionCount,
    deals_won_by_rep,
    is_additive,
    kpi_by_rep,
    kpi_unit,
    new_customers_by_rep,
    percent,
    retention_by_rep,
    retention_counts_by_rep,
    revenue_by_rep,
    round_fen,
    tasks_done_by_rep,
    team_kpi,
    visits_by_rep,
)
from salesdesk.domain.periods import Period
from tests.domain.builders import SHANGHAI, UTC, at, customer, d, deal, task, uid, visit

ALICE, BOB, CAROL = uid(1), uid(2), uid(3)
NOV = Period.parse("2026-11")


def test_round_fen_is_half_up() -> None:
    assert round_fen(Decimal("0.005")) == Decimal("0.01")
    assert round_fen(Decimal("0.0049")) == Decimal("0.00")
    assert round_fen(Decimal("2.675")) == Decimal("2.68")  # a float would say 2.67
    assert round_fen(Decimal("-0.005")) == Decimal("-0.01")


def test_percent() -> None:
    assert percent(1, 3) == Decimal("33.33")
    assert percent(2, 3) == Decimal("66.67")
    assert percent(2, 3, places=1) == Decimal("66.7")
    assert percent(5, 0) is None


def test_units_and_additivity() -> None:
    assert kpi_unit(Kpi.REVENUE) == Decimal("0.01")
    assert kpi_unit("visits") == 1
    assert is_additive("deals_won")
    assert not is_additive(Kpi.RETENTION_RATE)


def test_revenue_counts_won_deals_closed_in_the_period_for_their_owner() -> None:
    deals = [
        deal(owner_id=ALICE, status="won", amount="1000.50", closed_on=d("2026-11-01")),
        deal(owner_id=ALICE, status="won", amount="200.00", closed_on=d("2026-11-30")),
        deal(owner_id=ALICE, status="won", amount="999.00", closed_on=d("2026-12-01")),  # next
        deal(owner_id=ALICE, status="won", amount="999.00", closed_on=d("2026-10-31")),  # before
        deal(owner_id=ALICE, status="open", amount="999.00", closed_on=d("2026-11-10")),
        deal(owner_id=ALICE, status="lost", amount="999.00", closed_on=d("2026-11-10")),
        deal(owner_id=ALICE, status="won", amount="999.00", closed_on=None),
        deal(
            owner_id=ALICE, status="won", amount="999.00", closed_on=d("2026-11-10"), deleted=True
        ),
        deal(owner_id=BOB, status="won", amount="50.00", closed_on=d("2026-11-15")),
        deal(owner_id=None, status="won", amount="999.00", closed_on=d("2026-11-15")),
    ]
    assert revenue_by_rep(deals, NOV) == {ALICE: Decimal("1200.50"), BOB: Decimal("50.00")}
    assert deals_won_by_rep(deals, NOV) == {ALICE: 2, BOB: 1}


def test_listing_reps_includes_zeros_and_ignores_others() -> None:
    deals = [deal(owner_id=BOB, status="won", amount="50.00", closed_on=d("2026-11-15"))]
    assert revenue_by_rep(deals, NOV, reps=[ALICE, CAROL]) == {
        ALICE: Decimal("0.00"),
        CAROL: Decimal("0.00"),
    }
    assert deals_won_by_rep([], NOV, reps=[ALICE]) == {ALICE: 0}


def test_new_customers_use_the_local_creation_date() -> None:
    customers = [
        # 2026-10-31T16:30Z is 1 November 00:30 in Shanghai: a November customer there.
        customer(owner_id=ALICE, created_at=at("2026-10-31T16:30:00Z")),
        # 2026-11-30T16:30Z is already 1 December in Shanghai.
        customer(owner_id=ALICE, created_at=at("2026-11-30T16:30:00Z")),
        customer(owner_id=BOB, created_at=at("2026-11-10T02:00:00Z"), status="prospect"),
        customer(owner_id=BOB, created_at=at("2026-11-10T02:00:00Z"), deleted=True),
    ]
    assert new_customers_by_rep(customers, NOV, SHANGHAI) == {ALICE: 1, BOB: 1}
    assert new_customers_by_rep(customers, NOV, UTC) == {ALICE: 1, BOB: 1}
    # In UTC the first one is October and the second November: same counts, other rows.
    october = Period.parse("2026-10")
    assert new_customers_by_rep(customers, october, UTC) == {ALICE: 1}
    assert new_customers_by_rep(customers, october, SHANGHAI) == {}


def test_visits_count_done_and_checked_in_in_the_period() -> None:
    visits = [
        visit(rep_id=ALICE, status="done", checked_in_at=at("2026-11-05T01:00:00Z")),
        visit(rep_id=ALICE, status="done", checked_in_at=at("2026-11-30T15:59:59Z")),
        visit(rep_id=ALICE, status="done", checked_in_at=at("2026-11-30T16:00:00Z")),  # Dec CST
        visit(rep_id=ALICE, status="done", checked_in_at=None),  # never checked in
        visit(rep_id=ALICE, status="in_progress", checked_in_at=at("2026-11-05T01:00:00Z")),
        visit(rep_id=ALICE, status="planned", planned_on=d("2026-11-05")),
        visit(rep_id=BOB, status="done", checked_in_at=at("2026-11-05T01:00:00Z"), deleted=True),
    ]
    assert visits_by_rep(visits, NOV, SHANGHAI) == {ALICE: 2}
    assert visits_by_rep(visits, NOV, SHANGHAI, reps=[BOB]) == {BOB: 0}


def test_tasks_done_in_the_period() -> None:
    tasks = [
        task(assignee_id=ALICE, status="done", completed_at=at("2026-11-05T01:00:00Z")),
        task(assignee_id=ALICE, status="open", completed_at=None),
        task(assignee_id=ALICE, status="open", completed_at=at("2026-11-05T01:00:00Z")),  # reopened
        task(assignee_id=BOB, status="done", completed_at=at("2026-10-05T01:00:00Z")),
    ]
    assert tasks_done_by_rep(tasks, NOV, SHANGHAI) == {ALICE: 1}


class TestRetention:
    def test_definition(self) -> None:
        before = at("2026-06-01T00:00:00Z")
        customers = [
            customer(id=uid(11), owner_id=ALICE, status="active", created_at=before),  # retained
            # churned during November: in the base, not retained
            customer(
                id=uid(12),
                owner_id=ALICE,
                status="churned",
                created_at=before,
                updated_at=at("2026-11-20T02:00:00Z"),
            ),
            # churned before November: not in the base
            customer(
                id=uid(13),
                owner_id=ALICE,
                status="churned",
                created_at=before,
                updated_at=at("2026-10-20T02:00:00Z"),
            ),
            # churned after November (its churn date known from the change log): retained
            customer(
                id=uid(14),
                owner_id=ALICE,
                status="churned",
                created_at=before,
                updated_at=at("2026-11-20T02:00:00Z"),
            ),
            # created during November: not active at the start
            customer(
                id=uid(15), owner_id=ALICE, status="active", created_at=at("2026-11-02T00:00Z")
            ),
            # a prospect never was a customer
            customer(id=uid(16), owner_id=ALICE, status="prospect", created_at=before),
        ]
        churned_on = {uid(14): d("2026-12-03")}
        counts = retention_counts_by_rep(customers, NOV, SHANGHAI, churned_on=churned_on)
        assert counts == {ALICE: RetentionCount(base=3, retained=2)}
        assert retention_by_rep(customers, NOV, SHANGHAI, churned_on=churned_on) == {
            ALICE: Decimal("66.67")
        }

    def test_churn_on_the_first_day_is_in_the_base_and_on_the_last_day_is_lost(self) -> None:
        before = at("2026-01-01T00:00:00Z")
        customers = [
            customer(id=uid(21), owner_id=ALICE, status="churned", created_at=before),
            customer(id=uid(22), owner_id=ALICE, status="churned", created_at=before),
        ]
        churned_on = {uid(21): d("2026-11-01"), uid(22): d("2026-11-30")}
        assert retention_by_rep(customers, NOV, SHANGHAI, churned_on=churned_on) == {
            ALICE: Decimal("0.00")
        }

    def test_no_base_is_none_not_zero(self) -> None:
        assert retention_by_rep([], NOV, SHANGHAI, reps=[ALICE]) == {ALICE: None}
        assert RetentionCount().rate is None

    def test_team_rate_pools_customers(self) -> None:
        before = at("2026-01-01T00:00:00Z")
        customers = [
            customer(owner_id=ALICE, status="active", created_at=before),
            *[
                customer(
                    owner_id=BOB,
                    status="churned",
                    created_at=before,
                    updated_at=at("2026-11-10T00:00:00Z"),
                )
                for _ in range(2)
            ],
            customer(owner_id=BOB, status="active", created_at=before),
        ]
        data = KpiData.of(customers=customers)
        by_rep = kpi_by_rep(Kpi.RETENTION_RATE, data, NOV, SHANGHAI)
        assert by_rep == {ALICE: Decimal("100.00"), BOB: Decimal("33.33")}
        # Pooled: 2 of 4 retained = 50%, not the average of 100% and 33.33%.
        assert team_kpi(Kpi.RETENTION_RATE, data, NOV, SHANGHAI) == Decimal("50.00")


def test_generic_kpi_dispatch_and_team_totals() -> None:
    data = KpiData.of(
        deals=[
            deal(owner_id=ALICE, status="won", amount="100.10", closed_on=d("2026-11-02")),
            deal(owner_id=BOB, status="won", amount="0.20", closed_on=d("2026-11-03")),
            deal(owner_id=CAROL, status="won", amount="5.00", closed_on=d("2026-11-03")),
        ],
        customers=[customer(owner_id=BOB, created_at=at("2026-11-03T03:00:00Z"))],
        visits=[visit(rep_id=ALICE, status="done", checked_in_at=at("2026-11-03T03:00:00Z"))],
    )
    team = [ALICE, BOB]
    assert kpi_by_rep("revenue", data, NOV, SHANGHAI, team) == {
        ALICE: Decimal("100.10"),
        BOB: Decimal("0.20"),
    }
    assert team_kpi("revenue", data, NOV, SHANGHAI, team) == Decimal("100.30")
    assert team_kpi("revenue", data, NOV, SHANGHAI) == Decimal("105.30")
    assert team_kpi("deals_won", data, NOV, SHANGHAI, team) == 2
    assert team_kpi("new_customers", data, NOV, SHANGHAI, team) == 1
    assert team_kpi("visits", data, NOV, SHANGHAI, team) == 1
    assert kpi_by_rep("visits", data, NOV, SHANGHAI, team) == {ALICE: 1, BOB: 0}


def test_empty_inputs() -> None:
    empty = KpiData()
    for kpi in Kpi:
        assert kpi_by_rep(kpi, empty, NOV, SHANGHAI) == {}
    assert team_kpi("revenue", empty, NOV, SHANGHAI) == Decimal("0.00")
    assert team_kpi("visits", empty, NOV, SHANGHAI) == 0
    assert team_kpi("retention_rate", empty, NOV, SHANGHAI) is None


def test_kpi_data_only_keeps_listed_records() -> None:
    kept = deal(owner_id=ALICE, status="won", amount="1.00", closed_on=d("2026-11-02"))
    other = deal(owner_id=ALICE, status="won", amount="2.00", closed_on=d("2026-11-02"))
    data = KpiData.of(deals=[kept, other]).only({kept.id})
    assert data.deals == (kept,)


def test_unknown_kpi_is_refused() -> None:
    with pytest.raises(ValueError, match="profit"):
        kpi_by_rep("profit", KpiData(), NOV, SHANGHAI)
