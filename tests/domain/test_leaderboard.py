"""Leaderboard ranks with ties, gaps to the rep above, provisional work, team-goal shares."""

from __future__ import annotations

import itertools
import uuid
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesdesk.domain.kpis import KpiData
from salesdesk.domain.leaderboard import (
    contribution_shares,
    leaderboard,
    provisional_parts,
    rank_values,
    team_goal,
    unsynced_ids,
)
from salesdesk.domain.periods import Period
from tests.domain.builders import SHANGHAI, at, customer, d, deal, uid, visit

A, B, C, D, E = (uid(i) for i in range(1, 6))
NAMES = {A: "王芳", B: "李娜", C: "张伟", D: "刘洋", E: "陈静"}
NOV = Period.parse("2026-11")


def test_competition_ranking_with_ties_and_gaps() -> None:
    values = {
        A: Decimal("50000.00"),
        B: Decimal("37700.00"),
        C: Decimal("37700.00"),
        D: Decimal("25400.00"),
        E: Decimal("0.00"),
    }
    standings = rank_values(values, names=NAMES, unit=Decimal("0.01"))
    assert [(s.user_id, s.rank, s.tied) for s in standings] == [
        (A, 1, False),
        (C, 2, True),  # 张伟 (U+5F20…) and 李娜 (U+674E…) tie: by name in code point order
        (B, 2, True),
        (D, 4, False),
        (E, 5, False),
    ]
    by_rep = {s.user_id: s for s in standings}
    assert by_rep[A].gap is None
    assert by_rep[A].overtake_rank is None
    assert (by_rep[B].overtake_rank, by_rep[B].gap) == (1, Decimal("12300.00"))
    assert by_rep[B].to_overtake == Decimal("12300.01")
    assert (by_rep[D].overtake_rank, by_rep[D].gap) == (2, Decimal("12300.00"))
    assert (by_rep[E].overtake_rank, by_rep[E].gap) == (4, Decimal("25400.00"))


def test_tied_reps_are_listed_by_name_then_id() -> None:
    names = {A: "b", B: "a", C: "a"}
    standings = rank_values({A: 1, B: 1, C: 1}, names=names)
    assert [s.user_id for s in standings] == [B, C, A]
    assert {s.rank for s in standings} == {1}
    assert all(s.gap is None for s in standings)
    # without names: by id
    assert [s.user_id for s in rank_values({C: 1, A: 1, B: 1})] == [A, B, C]


def test_counts_need_one_more_to_overtake() -> None:
    standings = rank_values({A: 10, B: 7})
    assert (standings[1].gap, standings[1].to_overtake, standings[1].overtake_rank) == (3, 4, 1)


def test_reps_without_a_value_are_unranked_and_last() -> None:
    standings = rank_values({A: None, B: Decimal("80.00"), C: Decimal("95.50")})
    assert [(s.user_id, s.rank) for s in standings] == [(C, 1), (B, 2), (A, None)]
    assert standings[2].gap is None


def test_empty() -> None:
    assert rank_values({}) == []


def test_leaderboard_from_records_with_provisional_work() -> None:
    synced = deal(owner_id=A, status="won", amount="300.00", closed_on=d("2026-11-03"), rev=5)
    offline = deal(owner_id=B, status="won", amount="200.00", closed_on=d("2026-11-04"))
    also_b = deal(owner_id=B, status="won", amount="150.00", closed_on=d("2026-11-05"), rev=2)
    data = KpiData.of(deals=[synced, offline, also_b])
    pending = unsynced_ids(data.deals)
    assert pending == {offline.id}
    standings = leaderboard(
        "revenue", data, NOV, SHANGHAI, [A, B, C], names=NAMES, provisional_ids=pending
    )
    assert [(s.user_id, s.value, s.rank) for s in standings] == [
        (B, Decimal("350.00"), 1),
        (A, Decimal("300.00"), 2),
        (C, Decimal("0.00"), 3),
    ]
    assert standings[0].provisional
    assert standings[0].provisional_part == Decimal("200.00")
    assert not standings[1].provisional
    assert standings[1].to_overtake == Decimal("50.01")


def test_provisional_parts_per_kpi() -> None:
    offline_visit = visit(rep_id=A, status="done", checked_in_at=at("2026-11-03T02:00:00Z"))
    synced_visit = visit(rep_id=A, status="done", checked_in_at=at("2026-11-03T02:00:00Z"), rev=1)
    old = at("2025-01-01T00:00:00Z")
    offline_customer = customer(owner_id=B, created_at=old)
    data = KpiData.of(visits=[offline_visit, synced_visit], customers=[offline_customer])
    ids = unsynced_ids(data.visits, data.customers)
    assert provisional_parts("visits", data, NOV, SHANGHAI, ids) == {A: 1}
    assert provisional_parts("retention_rate", data, NOV, SHANGHAI, ids) == {B: None}
    assert provisional_parts("visits", data, NOV, SHANGHAI, set()) == {}
    standings = leaderboard("retention_rate", data, NOV, SHANGHAI, [A, B], provisional_ids=ids)
    assert [(s.user_id, s.value, s.provisional) for s in standings] == [
        (B, Decimal("100.00"), True),
        (A, None, False),
    ]


class TestTeamGoal:
    def test_progress_and_shares(self) -> None:
        progress = team_goal(
            Decimal("100000.00"),
            {A: Decimal("30000.00"), B: Decimal("20000.00"), C: Decimal("10000.00")},
            provisional={B: Decimal("5000.00")},
        )
        assert progress.total == Decimal("60000.00")
        assert progress.attainment_pct == Decimal("60.00")
        assert progress.remaining == Decimal("40000.00")
        assert progress.provisional_total == Decimal("5000.00")
        assert [(m.user_id, m.share_pct, m.goal_pct, m.provisional) for m in progress.members] == [
            (A, Decimal("50.0"), Decimal("30.0"), False),
            (B, Decimal("33.3"), Decimal("20.0"), True),
            (C, Decimal("16.7"), Decimal("10.0"), False),
        ]

    def test_thirds_still_sum_to_100(self) -> None:
        shares = contribution_shares({A: 1, B: 1, C: 1})
        assert sum(shares.values()) == Decimal("100.0")
        assert sorted(shares.values()) == [Decimal("33.3"), Decimal("33.3"), Decimal("33.4")]
        assert shares[A] == Decimal("33.4")  # tie: the smallest id

    def test_zero_total_and_zero_goal(self) -> None:
        progress = team_goal(0, {A: 0, B: 0})
        assert [m.share_pct for m in progress.members] == [Decimal("0.0"), Decimal("0.0")]
        assert progress.attainment_pct is None
        assert all(m.goal_pct is None for m in progress.members)
        assert team_goal(10, {}).members == ()

    def test_exceeded_goal(self) -> None:
        progress = team_goal(Decimal("100.00"), {A: Decimal("150.00")})
        assert progress.remaining == 0
        assert progress.attainment_pct == Decimal("150.00")

    def test_negative_contribution_is_refused(self) -> None:
        with pytest.raises(ValueError, match="negative"):
            contribution_shares({A: Decimal(-1)})


values_strategy = st.dictionaries(
    st.uuids(),
    st.one_of(st.none(), st.integers(0, 50), st.decimals(0, 10**6, places=2)),
    max_size=25,
)


@settings(max_examples=300, deadline=None)
@given(values=values_strategy)
def test_ranks_are_consistent_with_values(values: dict[uuid.UUID, Decimal | int | None]) -> None:
    standings = rank_values(values, unit=1)
    assert sorted(s.user_id for s in standings) == sorted(values)
    ranked = [s for s in standings if s.rank is not None]
    assert all(s.value is None for s in standings[len(ranked) :])
    for position, standing in enumerate(ranked, 1):
        assert standing.value is not None
        better = sum(1 for other in ranked if Decimal(other.value or 0) > Decimal(standing.value))
        assert standing.rank == better + 1
        assert standing.rank <= position
        same = [o for o in ranked if Decimal(o.value or 0) == Decimal(standing.value)]
        assert standing.tied == (len(same) > 1)
        if standing.rank == 1:
            assert standing.gap is None
        else:
            assert standing.gap is not None and standing.gap > 0
            target = [o for o in ranked if o.rank == standing.overtake_rank]
            assert target
            assert target[0].value is not None
            assert Decimal(target[0].value) - Decimal(standing.value) == standing.gap
            # nobody sits strictly between this rep and the rep to overtake
            assert not any(
                Decimal(standing.value) < Decimal(o.value or 0) < Decimal(target[0].value)
                for o in ranked
            )
    for earlier, later in itertools.pairwise(ranked):
        assert Decimal(earlier.value or 0) >= Decimal(later.value or 0)


@settings(max_examples=300, deadline=None)
@given(
    values=st.dictionaries(st.uuids(), st.decimals(0, 10**12, places=2), min_size=1, max_size=30)
)
def test_shares_always_sum_to_100_when_anything_was_contributed(
    values: dict[uuid.UUID, Decimal],
) -> None:
    shares = contribution_shares(values)
    total = sum(values.values())
    if total == 0:
        assert all(s == 0 for s in shares.values())
    else:
        assert sum(shares.values()) == Decimal("100.0")
        for rep, value in values.items():
            assert abs(shares[rep] - value * 100 / total) < Decimal("0.1")
