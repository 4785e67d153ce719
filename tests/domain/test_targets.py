"""Target splits (always exact) and progress against the straight-line expectation."""

from __future__ import annotations

import uuid
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesdesk.domain.periods import Period
from salesdesk.domain.targets import (
    SplitError,
    TrackStatus,
    allocate,
    progress,
    smart_problems,
    split_equal,
    split_manual,
    split_target,
    split_weighted,
    straight_line_expected,
)
from tests.domain.builders import d, uid

A, B, C = uid(1), uid(2), uid(3)


class TestAllocate:
    def test_exact_shares_need_no_rounding(self) -> None:
        assert allocate(100, [1, 1, 2]) == [25, 25, 50]

    def test_leftover_units_go_to_the_largest_remainders(self) -> None:
        # exact shares 3.5, 3.3, 3.2 → floors 3, 3, 3; one unit left → the 0.5 remainder
        assert allocate(10, [35, 33, 32]) == [4, 3, 3]
        # exact shares 1.6, 1.6, 6.8 → floors 1, 1, 6; two left → the 0.8 remainder, then
        # one of the tied 0.6 remainders (equal weights: the first key)
        assert allocate(10, [16, 16, 68]) == [2, 1, 7]

    def test_ties_go_to_the_larger_weight_then_the_smaller_key(self) -> None:
        # exact shares 1.5 and 2.5: equal remainders, larger weight wins the unit
        assert allocate(4, [3, 5]) == [1, 3]
        # equal weights: keys decide, not positions
        assert allocate(2, [1, 1, 1], keys=["c", "a", "b"]) == [0, 1, 1]

    def test_all_zero_weights_split_equally(self) -> None:
        assert allocate(7, [0, 0, 0]) == [3, 2, 2]

    def test_zero_weight_gets_nothing_when_others_weigh(self) -> None:
        assert allocate(7, [0, 1]) == [0, 7]

    def test_bad_input(self) -> None:
        with pytest.raises(ValueError, match="negative"):
            allocate(-1, [1])
        with pytest.raises(ValueError, match="negative"):
            allocate(1, [1, -1])
        with pytest.raises(ValueError, match="nothing"):
            allocate(1, [])


class TestSplits:
    def test_equal_split_in_cents(self) -> None:
        parts = split_equal(Decimal("100000.00"), [C, A, B])
        assert parts == {
            A: Decimal("33333.34"),  # the smallest id gets the leftover fen
            B: Decimal("33333.33"),
            C: Decimal("33333.33"),
        }
        assert sum(parts.values()) == Decimal("100000.00")

    def test_equal_split_is_independent_of_the_listing_order(self) -> None:
        assert split_equal(Decimal("0.05"), [A, B, C]) == split_equal(Decimal("0.05"), [C, B, A])

    def test_weighted_by_last_period(self) -> None:
        parts = split_weighted(
            Decimal("1000000.00"),
            {A: Decimal("300000.00"), B: Decimal("100000.00"), C: Decimal("0.00")},
        )
        assert parts == {A: Decimal("750000.00"), B: Decimal("250000.00"), C: Decimal("0.00")}

    def test_weighted_with_all_zero_actuals_falls_back_to_equal(self) -> None:
        total = Decimal("90.00")
        assert split_weighted(total, {A: 0, B: 0, C: 0}) == split_equal(total, [A, B, C])

    def test_weighted_refuses_negative_weights(self) -> None:
        with pytest.raises(SplitError) as error:
            split_weighted(Decimal("10.00"), {A: Decimal(-1), B: Decimal(2)})
        assert error.value.code == "negative_weight"

    def test_manual_parts_must_add_up(self) -> None:
        total = Decimal("100.00")
        ok = {A: Decimal("60.00"), B: Decimal("40.00")}
        assert split_manual(total, ok) == ok
        with pytest.raises(SplitError) as error:
            split_manual(total, {A: Decimal("60.00"), B: Decimal("39.99")})
        assert error.value.code == "sum_mismatch"
        assert error.value.difference == Decimal("-0.01")

    def test_manual_parts_must_be_whole_fen_and_not_negative(self) -> None:
        with pytest.raises(SplitError) as error:
            split_manual(Decimal("1.00"), {A: Decimal("0.505"), B: Decimal("0.495")})
        assert error.value.code == "too_precise"
        with pytest.raises(SplitError) as error:
            split_manual(Decimal("1.00"), {A: Decimal("2.00"), B: Decimal("-1.00")})
        assert error.value.code == "negative"

    def test_no_reps_and_duplicates(self) -> None:
        with pytest.raises(SplitError) as error:
            split_equal(Decimal("1.00"), [])
        assert error.value.code == "no_reps"
        with pytest.raises(SplitError) as error:
            split_equal(Decimal("1.00"), [A, A])
        assert error.value.code == "duplicate_rep"

    def test_total_must_be_whole_fen(self) -> None:
        with pytest.raises(SplitError):
            split_equal(Decimal("1.001"), [A])
        with pytest.raises(SplitError):
            split_equal(Decimal("-1.00"), [A])

    def test_count_kpis_split_in_whole_units(self) -> None:
        parts = split_target("visits", "equal", Decimal("10.00"), [A, B, C])
        assert parts == {A: Decimal("4.00"), B: Decimal("3.00"), C: Decimal("3.00")}
        with pytest.raises(SplitError):
            split_target("new_customers", "equal", Decimal("10.50"), [A, B])

    def test_split_target_dispatch(self) -> None:
        total = Decimal("100.00")
        assert split_target("revenue", "weighted", total, [A, B], weights={A: 3}) == {
            A: Decimal("100.00"),
            B: Decimal("0.00"),
        }
        manual = {A: Decimal("70.00"), B: Decimal("30.00")}
        assert split_target("revenue", "manual", total, [A, B], parts=manual) == manual
        with pytest.raises(SplitError) as error:
            split_target("revenue", "manual", total, [A, B], parts={A: total})
        assert error.value.code == "reps_mismatch"

    def test_retention_rate_is_not_split(self) -> None:
        parts = split_target("retention_rate", "equal", Decimal("90.00"), [A, B])
        assert parts == {A: Decimal("90.00"), B: Decimal("90.00")}


rep_ids = st.lists(st.uuids(), min_size=1, max_size=40, unique=True)
cents = st.integers(min_value=0, max_value=10**14)  # up to 10^12 yuan


@settings(max_examples=300, deadline=None)
@given(total_cents=cents, reps=rep_ids)
def test_equal_parts_sum_exactly_and_differ_by_at_most_a_fen(
    total_cents: int, reps: list[uuid.UUID]
) -> None:
    total = Decimal(total_cents).scaleb(-2)
    parts = split_equal(total, reps)
    assert set(parts) == set(reps)
    assert sum(parts.values()) == total
    assert max(parts.values()) - min(parts.values()) <= Decimal("0.01")
    assert all(p == p.quantize(Decimal("0.01")) for p in parts.values())


@settings(max_examples=300, deadline=None)
@given(
    total_cents=cents,
    weights=st.lists(
        st.one_of(
            st.just(0),
            st.integers(min_value=0, max_value=10**14),
            st.decimals(min_value=0, max_value=10**12, places=2),
        ),
        min_size=1,
        max_size=40,
    ),
    data=st.data(),
)
def test_weighted_parts_always_sum_exactly_and_stay_within_a_fen_of_the_exact_share(
    total_cents: int, weights: list[int | Decimal], data: st.DataObject
) -> None:
    reps = data.draw(
        st.lists(st.uuids(), min_size=len(weights), max_size=len(weights), unique=True)
    )
    total = Decimal(total_cents).scaleb(-2)
    parts = split_weighted(total, dict(zip(reps, weights, strict=True)))
    assert sum(parts.values()) == total
    assert all(p >= 0 for p in parts.values())
    weight_sum = sum(Fraction(w) for w in weights)
    for rep, weight in zip(reps, weights, strict=True):
        exact = (
            Fraction(total) * Fraction(weight) / weight_sum
            if weight_sum
            else Fraction(total) / len(reps)
        )
        assert abs(Fraction(parts[rep]) - exact) < Fraction(1, 100)


@settings(max_examples=200, deadline=None)
@given(total_cents=cents, weights=st.lists(st.integers(0, 10**6), min_size=1, max_size=20))
def test_allocate_sums_and_is_order_independent(total_cents: int, weights: list[int]) -> None:
    keys = [f"k{i:03d}" for i in range(len(weights))]
    parts = allocate(total_cents, weights, keys)
    assert sum(parts) == total_cents
    shuffled = list(reversed(range(len(weights))))
    again = allocate(total_cents, [weights[i] for i in shuffled], [keys[i] for i in shuffled])
    assert [again[shuffled.index(i)] for i in range(len(weights))] == parts


class TestProgress:
    NOV = Period.parse("2026-11")  # 30 days

    def test_straight_line_expectation(self) -> None:
        target = Decimal("30000.00")
        assert straight_line_expected(target, self.NOV, d("2026-11-15")) == Decimal("15000.00")
        assert straight_line_expected(target, self.NOV, d("2026-10-31")) == Decimal("0.00")
        assert straight_line_expected(target, self.NOV, d("2026-12-31")) == target
        third = straight_line_expected(Decimal("100.00"), self.NOV, d("2026-11-10"))
        assert third == Decimal("33.33")
        assert straight_line_expected(Decimal("10"), self.NOV, d("2026-11-10"), Decimal(1)) == 3

    def test_boundary_of_ten_percent_behind(self) -> None:
        target = Decimal("30000.00")
        on = d("2026-11-15")  # expected 15000.00, 90% of it is 13500.00
        assert progress(target, Decimal("13500.01"), self.NOV, on).status == TrackStatus.ON_TRACK
        assert progress(target, Decimal("13500.00"), self.NOV, on).status == TrackStatus.OFF_TRACK
        assert progress(target, Decimal("13499.99"), self.NOV, on).status == TrackStatus.OFF_TRACK

    def test_fields(self) -> None:
        result = progress(Decimal("30000.00"), Decimal("12000.00"), self.NOV, d("2026-11-15"))
        assert result.attainment_pct == Decimal("40.00")
        assert result.expected == Decimal("15000.00")
        assert result.time_elapsed_pct == Decimal("50.00")
        assert result.gap_to_expected == Decimal("3000.00")
        assert result.remaining == Decimal("18000.00")
        assert result.off_track
        assert not result.achieved

    def test_before_the_period_nothing_is_expected(self) -> None:
        result = progress(Decimal("100.00"), 0, self.NOV, d("2026-10-20"))
        assert result.expected == 0
        assert result.status == TrackStatus.ON_TRACK

    def test_first_day_counts_as_elapsed(self) -> None:
        result = progress(Decimal("3000.00"), 0, self.NOV, d("2026-11-01"))
        assert result.expected == Decimal("100.00")
        assert result.off_track

    def test_achieved_target_is_on_track_and_remaining_is_not_negative(self) -> None:
        result = progress(Decimal("100.00"), Decimal("150.00"), self.NOV, d("2026-11-30"))
        assert result.achieved
        assert result.status == TrackStatus.ON_TRACK
        assert result.remaining == 0
        assert result.attainment_pct == Decimal("150.00")

    def test_zero_target(self) -> None:
        result = progress(0, 5, self.NOV, d("2026-11-15"))
        assert result.attainment_pct is None
        assert result.status == TrackStatus.ON_TRACK
        assert not result.achieved

    def test_quarter_across_months(self) -> None:
        q4 = Period.parse("2026-Q4")  # 92 days; 31 Oct is day 31
        result = progress(Decimal("92.00"), Decimal("27.89"), q4, d("2026-10-31"))
        assert result.expected == Decimal("31.00")
        assert result.off_track  # 27.89 <= 27.90
        assert not progress(Decimal("92.00"), Decimal("27.91"), q4, d("2026-10-31")).off_track


def test_smart_problems() -> None:
    assert smart_problems("revenue", Decimal("100000.00"), "2026-11") == []
    assert smart_problems("revenue", Decimal("0.00"), "2026-11") == ["no_value"]
    assert smart_problems("revenue", Decimal("1.00"), "2026-W48") == ["bad_period"]
    assert smart_problems("retention_rate", Decimal("101"), "2026") == ["rate_over_100"]
    assert smart_problems("visits", Decimal("400"), "2026-11", previous_actual=100) == [
        "unrealistic"
    ]
    assert smart_problems("visits", Decimal("300"), "2026-11", previous_actual=100) == []
