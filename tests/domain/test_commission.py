"""Commission statements: tier edges, accelerators, caps, bonus, what-if, plan validation."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesdesk.domain.commission import (
    PlanRules,
    Tier,
    assignment_for,
    check_plan,
    compute_statement,
    plan_errors,
    plan_for,
    rep_statement,
    what_if,
)
from salesdesk.domain.periods import Period
from salesdesk.domain.schema import ValidationError
from tests.domain.builders import SHANGHAI, assignment, at, customer, d, deal, plan, uid

QUOTA = Decimal("100000.00")
TIERS: list[dict[str, Any]] = [
    {"from_pct": 0, "to_pct": 80, "rate": 2},
    {"from_pct": 80, "to_pct": 100, "rate": "3"},
    {"from_pct": 100, "to_pct": None, "rate": 5.0},
]
TIERED = check_plan(plan(tiers=TIERS))
REP = uid(1)


def total(rules: PlanRules, revenue: str, quota: Decimal | None = QUOTA, new: int = 0) -> Decimal:
    return compute_statement(rules, Decimal(revenue), quota, new).total


class TestTiers:
    def test_marginal_slices(self) -> None:
        statement = compute_statement(TIERED, Decimal("120000.00"), QUOTA)
        assert [
            (line.key, line.tier, line.basis, line.rate, line.amount) for line in statement.lines
        ] == [
            ("tier", 1, Decimal("80000.00"), Decimal(2), Decimal("1600.00")),
            ("tier", 2, Decimal("20000.00"), Decimal(3), Decimal("600.00")),
            ("tier", 3, Decimal("20000.00"), Decimal("5.0"), Decimal("1000.00")),
        ]
        assert statement.total == Decimal("3200.00")
        assert statement.attainment_pct == Decimal("120.00")
        assert not statement.capped
        assert statement.warnings == ()

    def test_exactly_at_100_percent_nothing_falls_in_the_top_tier(self) -> None:
        statement = compute_statement(TIERED, QUOTA, QUOTA)
        assert [line.tier for line in statement.lines] == [1, 2]
        assert statement.total == Decimal("2200.00")  # 1,600 + 600

    def test_just_below_and_just_above_100_percent(self) -> None:
        # 99,900: tier 2 gets 19,900 × 3% = 597
        assert total(TIERED, "99900.00") == Decimal("2197.00")
        # 100,100: the extra 100 earns 5% = 5 (marginal: no jump at the edge)
        assert total(TIERED, "100100.00") == Decimal("2205.00")
        # one fen below: 19,999.99 × 3% = 599.9997 → 600.00
        assert total(TIERED, "99999.99") == Decimal("2200.00")

    def test_exactly_at_and_around_80_percent(self) -> None:
        assert total(TIERED, "80000.00") == Decimal("1600.00")
        assert total(TIERED, "79000.00") == Decimal("1580.00")
        assert total(TIERED, "81000.00") == Decimal("1630.00")

    def test_band_edges_are_rounded_to_the_fen(self) -> None:
        # quota 333.33: the 80% edge is 266.664 → 266.66
        statement = compute_statement(TIERED, Decimal("300.00"), Decimal("333.33"))
        assert statement.lines[0].basis == Decimal("266.66")
        assert statement.lines[1].basis == Decimal("33.34")
        assert sum(line.basis for line in statement.lines) == Decimal("300.00")

    def test_tiers_add_to_the_base_rate(self) -> None:
        rules = check_plan(plan(base_rate="1", tiers=TIERS))
        statement = compute_statement(rules, Decimal("50000.00"), QUOTA)
        assert [(line.key, line.amount) for line in statement.lines] == [
            ("base", Decimal("500.00")),
            ("tier", Decimal("1000.00")),
        ]

    def test_without_quota_tiers_are_skipped_with_a_warning(self) -> None:
        rules = check_plan(plan(base_rate="1", tiers=TIERS))
        statement = compute_statement(rules, Decimal("50000.00"), None)
        assert [line.key for line in statement.lines] == ["base"]
        assert statement.warnings == ("no_quota",)
        assert statement.attainment_pct is None
        assert compute_statement(rules, Decimal("50000.00"), Decimal(0)).warnings == ("no_quota",)


class TestFlatRate:
    def test_line_rounding_is_half_up(self) -> None:
        rules = check_plan(plan(base_rate="3.5"))
        # 1,234.57 × 3.5% = 43.20995 → 43.21
        assert total(rules, "1234.57", None) == Decimal("43.21")
        # 0.10 × 5% = 0.005 → 0.01 (half up; banker's rounding would give 0.00)
        assert total(check_plan(plan(base_rate="5")), "0.10", None) == Decimal("0.01")

    def test_zero_revenue_gives_no_lines(self) -> None:
        statement = compute_statement(check_plan(plan(base_rate="3")), Decimal(0), QUOTA)
        assert statement.lines == ()
        assert statement.total == Decimal("0.00")


class TestAccelerator:
    RULES = check_plan(
        plan(
            base_rate="1",
            tiers=TIERS,
            accelerator_threshold="100",
            accelerator_multiplier="1.5",
        )
    )

    def test_above_quota_earns_rate_times_multiplier(self) -> None:
        statement = compute_statement(self.RULES, Decimal("120000.00"), QUOTA)
        accelerator = [line for line in statement.lines if line.key == "accelerator"]
        # 20,000 above quota at (1% + 5%) × 0.5 extra = 3% → 600
        assert [(a.basis, a.rate, a.amount, a.tier, a.multiplier) for a in accelerator] == [
            (Decimal("20000.00"), Decimal("3.0"), Decimal("600.00"), 3, Decimal("1.5"))
        ]
        assert statement.total == Decimal("1200.00") + Decimal("3200.00") + Decimal("600.00")

    def test_nothing_at_or_below_the_threshold(self) -> None:
        for revenue in ("100000.00", "99999.99", "50000.00"):
            statement = compute_statement(self.RULES, Decimal(revenue), QUOTA)
            assert all(line.key != "accelerator" for line in statement.lines)

    def test_threshold_inside_a_tier_splits_by_band(self) -> None:
        rules = check_plan(
            plan(tiers=TIERS, accelerator_threshold="90", accelerator_multiplier="2")
        )
        statement = compute_statement(rules, Decimal("110000.00"), QUOTA)
        accelerator = [(a.tier, a.basis, a.rate) for a in statement.lines if a.key == "accelerator"]
        assert accelerator == [
            (2, Decimal("10000.00"), Decimal(3)),  # 90–100% at 3% × (2 − 1)
            (3, Decimal("10000.00"), Decimal("5.0")),  # 100–110% at 5% × (2 − 1)
        ]

    def test_flat_plan_with_accelerator(self) -> None:
        rules = check_plan(
            plan(base_rate="2", accelerator_threshold="100", accelerator_multiplier="2")
        )
        statement = compute_statement(rules, Decimal("150000.00"), QUOTA)
        assert [(line.key, line.basis, line.amount) for line in statement.lines] == [
            ("base", Decimal("150000.00"), Decimal("3000.00")),
            ("accelerator", Decimal("50000.00"), Decimal("1000.00")),
        ]

    def test_multiplier_one_is_no_accelerator(self) -> None:
        rules = check_plan(plan(base_rate="2", accelerator_threshold="100"))
        statement = compute_statement(rules, Decimal("150000.00"), QUOTA)
        assert [line.key for line in statement.lines] == ["base"]


class TestBonusAndCap:
    def test_new_customer_bonus(self) -> None:
        rules = check_plan(plan(new_customer_bonus="500.00"))
        statement = compute_statement(rules, Decimal(0), None, 3)
        assert [(line.key, line.basis, line.rate, line.amount) for line in statement.lines] == [
            ("new_customer_bonus", Decimal(3), Decimal("500.00"), Decimal("1500.00"))
        ]

    def test_cap_adds_a_line_so_lines_still_sum_to_the_total(self) -> None:
        rules = check_plan(plan(base_rate="5", new_customer_bonus="100.00", cap="4000.00"))
        statement = compute_statement(rules, Decimal("100000.00"), QUOTA, 2)
        assert statement.subtotal == Decimal("5200.00")
        assert statement.capped
        assert statement.lines[-1].key == "cap"
        assert statement.lines[-1].amount == Decimal("-1200.00")
        assert statement.total == Decimal("4000.00")
        assert sum(line.amount for line in statement.lines) == statement.total

    def test_exactly_at_the_cap_is_not_capped(self) -> None:
        rules = check_plan(plan(base_rate="5", cap="5000.00"))
        statement = compute_statement(rules, Decimal("100000.00"), QUOTA)
        assert statement.total == Decimal("5000.00")
        assert not statement.capped
        assert all(line.key != "cap" for line in statement.lines)

    def test_zero_cap_pays_nothing(self) -> None:
        rules = check_plan(plan(base_rate="5", cap="0.00"))
        assert total(rules, "100.00") == Decimal("0.00")


def test_negative_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        compute_statement(TIERED, Decimal(-1), QUOTA)


class TestWhatIf:
    def test_winning_a_deal_that_crosses_the_quota(self) -> None:
        result = what_if(TIERED, Decimal("90000.00"), QUOTA, 0, Decimal("20000.00"))
        assert result.before.total == Decimal("1900.00")  # 1,600 + 10,000 × 3%
        assert result.after.total == Decimal("2700.00")  # 1,600 + 600 + 10,000 × 5%
        assert result.difference == Decimal("800.00")

    def test_with_a_new_customer(self) -> None:
        rules = check_plan(plan(new_customer_bonus="200.00"))
        result = what_if(rules, Decimal(0), None, 1, Decimal("100.00"), extra_new_customers=1)
        assert result.difference == Decimal("200.00")

    def test_negative_extra_is_refused(self) -> None:
        with pytest.raises(ValueError, match="negative"):
            what_if(TIERED, Decimal(0), QUOTA, 0, Decimal(-5))


class TestValidation:
    def codes(self, **values: Any) -> list[tuple[str, str]]:
        return [(e.field, e.code) for e in plan_errors(plan(**values))]

    def test_valid_plans(self) -> None:
        assert self.codes(tiers=TIERS) == []
        assert self.codes() == []
        assert self.codes(tiers=[{"from_pct": 0, "rate": 1}]) == []  # missing to_pct: open
        # tiers in any order are sorted by from_pct
        assert self.codes(tiers=list(reversed(TIERS))) == []

    def test_gap(self) -> None:
        tiers = [
            {"from_pct": 0, "to_pct": 80, "rate": 2},
            {"from_pct": 90, "to_pct": None, "rate": 3},
        ]
        assert self.codes(tiers=tiers) == [("tiers[1].from_pct", "gap")]

    def test_overlap(self) -> None:
        tiers = [
            {"from_pct": 0, "to_pct": 80, "rate": 2},
            {"from_pct": 70, "to_pct": None, "rate": 3},
        ]
        assert self.codes(tiers=tiers) == [("tiers[1].from_pct", "overlap")]
        two_open = [
            {"from_pct": 0, "to_pct": None, "rate": 2},
            {"from_pct": 50, "to_pct": None, "rate": 3},
        ]
        assert ("tiers[1].from_pct", "overlap") in self.codes(tiers=two_open)

    def test_must_start_at_zero_and_end_open(self) -> None:
        assert self.codes(tiers=[{"from_pct": 50, "to_pct": None, "rate": 2}]) == [
            ("tiers[0].from_pct", "not_from_zero")
        ]
        assert self.codes(tiers=[{"from_pct": 0, "to_pct": 100, "rate": 2}]) == [
            ("tiers[0].to_pct", "open_end")
        ]

    def test_bad_numbers(self) -> None:
        assert self.codes(tiers=[{"from_pct": 0, "to_pct": None, "rate": -1}]) == [
            ("tiers[0].rate", "negative")
        ]
        assert self.codes(tiers=[{"from_pct": 0, "to_pct": None, "rate": "abc"}]) == [
            ("tiers[0].rate", "invalid")
        ]
        assert self.codes(tiers=[{"from_pct": True, "rate": 1}]) == [
            ("tiers[0].from_pct", "invalid")
        ]
        assert self.codes(tiers=[{"from_pct": 0, "to_pct": 0, "rate": 1}]) == [
            ("tiers[0].to_pct", "empty_band")
        ]
        assert self.codes(tiers=["x"]) == [("tiers[0]", "invalid")]
        assert self.codes(tiers={"from_pct": 0}) == [("tiers", "invalid")]

    def test_plan_fields(self) -> None:
        assert self.codes(base_rate="-1") == [("base_rate", "negative")]
        assert self.codes(accelerator_multiplier="0.5") == [("accelerator_multiplier", "too_small")]
        assert self.codes(accelerator_threshold="-5") == [("accelerator_threshold", "negative")]
        assert self.codes(cap="-1") == [("cap", "negative")]
        assert self.codes(new_customer_bonus="-1") == [("new_customer_bonus", "negative")]

    def test_check_plan_raises_with_every_field(self) -> None:
        with pytest.raises(ValidationError) as error:
            check_plan(plan(base_rate="-1", cap="-1"))
        assert set(error.value.errors) == {"base_rate", "cap"}


class TestAssignments:
    NOV = Period.parse("2026-11")

    def test_the_latest_start_overlapping_the_period_wins(self) -> None:
        old = assignment(user_id=REP, plan_id=uid(71), effective_from=d("2026-01-01"))
        new = assignment(user_id=REP, plan_id=uid(72), effective_from=d("2026-11-15"))
        future = assignment(user_id=REP, plan_id=uid(73), effective_from=d("2026-12-01"))
        other = assignment(user_id=uid(2), plan_id=uid(74), effective_from=d("2026-11-20"))
        chosen = assignment_for(REP, self.NOV, [old, new, future, other])
        assert chosen is new
        assert assignment_for(REP, Period.parse("2026-10"), [old, new, future]) is old

    def test_ended_and_deleted_assignments(self) -> None:
        ended = assignment(
            user_id=REP,
            plan_id=uid(71),
            effective_from=d("2026-01-01"),
            effective_to=d("2026-10-31"),
        )
        assert assignment_for(REP, self.NOV, [ended]) is None
        last_day = assignment(user_id=REP, plan_id=uid(71), effective_to=d("2026-11-01"))
        assert assignment_for(REP, self.NOV, [last_day]) is last_day
        gone = assignment(user_id=REP, plan_id=uid(71), deleted=True)
        assert assignment_for(REP, self.NOV, [gone]) is None
        assert assignment_for(REP, self.NOV, []) is None

    def test_plan_for(self) -> None:
        standard = plan(id=uid(71), base_rate="3")
        given_assignment = assignment(user_id=REP, plan_id=standard.id)
        assert plan_for(REP, self.NOV, [given_assignment], [standard]) is standard
        assert plan_for(REP, self.NOV, [given_assignment], {standard.id: standard}) is standard
        assert plan_for(REP, self.NOV, [given_assignment], []) is None


def test_rep_statement_from_records() -> None:
    nov = Period.parse("2026-11")
    rules_plan = plan(base_rate="2", new_customer_bonus="100.00")
    deals = [
        deal(owner_id=REP, status="won", amount="10000.00", closed_on=d("2026-11-11")),
        deal(owner_id=REP, status="won", amount="99999.00", closed_on=d("2026-12-01")),
        deal(owner_id=uid(2), status="won", amount="99999.00", closed_on=d("2026-11-11")),
    ]
    customers = [customer(owner_id=REP, created_at=at("2026-11-03T01:00:00Z"))]
    statement = rep_statement(
        rules_plan, REP, nov, SHANGHAI, deals=deals, customers=customers, quota=QUOTA
    )
    assert statement.revenue == Decimal("10000.00")
    assert statement.new_customers == 1
    assert statement.total == Decimal("300.00")
    assert statement.plan_id == rules_plan.id


# ---- properties --------------------------------------------------------------------------------

rates = st.decimals(min_value=0, max_value=20, places=2)
money = st.decimals(min_value=0, max_value=10**9, places=2)


@st.composite
def plan_rules(draw: st.DrawFn) -> PlanRules:
    cuts = sorted(draw(st.sets(st.integers(1, 300), max_size=4)))
    edges: list[Decimal | None] = [Decimal(0), *(Decimal(c) for c in cuts), None]
    tiers = tuple(
        Tier(low, high, draw(rates)) for low, high in itertools.pairwise(edges) if low is not None
    )
    return PlanRules(
        base_rate=draw(rates),
        tiers=draw(st.sampled_from([(), tiers])),
        accelerator_threshold=draw(st.one_of(st.none(), st.decimals(0, 200, places=2))),
        accelerator_multiplier=draw(st.decimals(1, 3, places=2)),
        new_customer_bonus=draw(st.decimals(0, 1000, places=2)),
        cap=draw(st.one_of(st.none(), money)),
    )


quotas = st.one_of(st.none(), st.decimals(min_value=0, max_value=10**8, places=2))


@settings(max_examples=300, deadline=None)
@given(rules=plan_rules(), revenue=money, quota=quotas, new=st.integers(0, 50))
def test_total_never_exceeds_the_cap_and_lines_add_up(
    rules: PlanRules, revenue: Decimal, quota: Decimal | None, new: int
) -> None:
    statement = compute_statement(rules, revenue, quota, new)
    assert statement.total == sum((line.amount for line in statement.lines), Decimal(0))
    assert statement.total >= 0
    if rules.cap is not None:
        assert statement.total <= rules.cap
    assert all(line.amount == line.amount.quantize(Decimal("0.01")) for line in statement.lines)


@settings(max_examples=300, deadline=None)
@given(
    rules=plan_rules(),
    revenue=money,
    more=st.decimals(min_value=0, max_value=10**8, places=2),
    quota=quotas,
    new=st.integers(0, 50),
)
def test_more_revenue_never_lowers_commission(
    rules: PlanRules, revenue: Decimal, more: Decimal, quota: Decimal | None, new: int
) -> None:
    lower = compute_statement(rules, revenue, quota, new).total
    higher = compute_statement(rules, revenue + more, quota, new).total
    assert higher >= lower
    # and there is no jump: the extra commission is at most the extra revenue at the highest
    # marginal rate, plus rounding of one fen per line
    top_rate = (rules.base_rate + max((t.rate for t in rules.tiers), default=Decimal(0))) * max(
        rules.accelerator_multiplier, Decimal(1)
    )
    lines = 2 + 2 * len(rules.tiers)
    assert higher - lower <= more * top_rate / 100 + Decimal("0.01") * lines
