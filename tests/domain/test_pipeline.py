"""Pipeline rules: moves and their checklists, stuck deals, funnel, conversion, days per stage."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace
from decimal import Decimal

import pytest

from salesdesk.domain.entities import PipelineStage
from salesdesk.domain.periods import Period
from salesdesk.domain.pipeline import (
    Direction,
    MoveProblem,
    MoveRejectedError,
    advanced_deals,
    average_days_in_stage,
    check_move,
    checklist_items,
    conversion_rates,
    days_in_stage,
    deal_alerts,
    funnel,
    ladder,
    missing_required_items,
    ordered_stages,
    plan_move,
    weighted_pipeline,
)
from tests.domain.builders import (
    SHANGHAI,
    at,
    change,
    cst,
    d,
    deal,
    default_stages,
    make,
    stage_by_code,
    uid,
)

STAGES = default_stages()
LEAD, CONTACT, NEEDS, PROPOSAL, NEGOTIATION, WON, AFTER, LOST = (
    stage_by_code(STAGES, code).id
    for code in (
        "lead",
        "contact",
        "needs",
        "proposal",
        "negotiation",
        "won",
        "after_sales",
        "lost",
    )
)
LEAD_REQUIRED = ["lead-1", "lead-2"]


def test_ordering_and_ladder() -> None:
    shuffled = list(reversed(STAGES))
    assert [s.id for s in ordered_stages(shuffled)] == [s.id for s in STAGES]
    assert [s.code for s in ladder(shuffled)] == [
        "lead",
        "contact",
        "needs",
        "proposal",
        "negotiation",
        "won",
        "after_sales",
    ]


def test_inactive_and_deleted_stages_leave_the_ladder() -> None:
    stages = [replace(s, active=s.code != "needs", deleted=s.code == "proposal") for s in STAGES]
    assert "needs" not in [s.code for s in ladder(stages)]
    assert "proposal" not in [s.code for s in ordered_stages(stages, include_inactive=True)]


def test_checklist_items_and_missing_required() -> None:
    lead = stage_by_code(STAGES, "lead")
    items = checklist_items(lead)
    assert [(i.id, i.required) for i in items] == [
        ("lead-1", True),
        ("lead-2", True),
        ("lead-3", False),
    ]
    assert [i.id for i in missing_required_items(lead, ["lead-1", "lead-3"])] == ["lead-2"]
    assert missing_required_items(lead, LEAD_REQUIRED) == []


def test_malformed_checklist_entries_are_skipped() -> None:
    odd = make(
        PipelineStage,
        team_id=uid(9),
        name="x",
        checklist=[{"text": "no id", "required": True}, "junk", {"id": "ok", "required": 1}],
    )
    assert [(i.id, i.required) for i in checklist_items(odd)] == [("ok", True)]


class TestMoves:
    def test_forward_needs_the_current_stage_required_items(self) -> None:
        blocked = check_move(deal(stage_id=LEAD, checklist_done=["lead-1"]), CONTACT, STAGES)
        assert not blocked.allowed
        assert blocked.direction == Direction.FORWARD
        assert blocked.problems == (MoveProblem.CHECKLIST_INCOMPLETE,)
        assert [i.id for i in blocked.missing_items] == ["lead-2"]
        ok = check_move(deal(stage_id=LEAD, checklist_done=LEAD_REQUIRED), CONTACT, STAGES)
        assert ok.allowed
        assert ok.missing_items == ()

    def test_optional_items_never_block(self) -> None:
        done = [*LEAD_REQUIRED]  # lead-3 is optional and not ticked
        assert check_move(deal(stage_id=LEAD, checklist_done=done), CONTACT, STAGES).allowed

    def test_skipping_stages_needs_the_skipped_stages_items_too(self) -> None:
        result = check_move(deal(stage_id=LEAD, checklist_done=LEAD_REQUIRED), NEEDS, STAGES)
        assert not result.allowed
        assert [i.id for i in result.missing_items] == ["contact-1", "contact-2"]
        done = [*LEAD_REQUIRED, "contact-1", "contact-2"]
        assert check_move(deal(stage_id=LEAD, checklist_done=done), NEEDS, STAGES).allowed

    def test_moving_back_is_always_allowed_for_open_deals(self) -> None:
        result = check_move(deal(stage_id=PROPOSAL), LEAD, STAGES)
        assert result.allowed
        assert result.direction == Direction.BACK

    def test_lost_needs_a_reason_but_no_checklist(self) -> None:
        without = check_move(deal(stage_id=LEAD), LOST, STAGES)
        assert without.direction == Direction.LOST
        assert without.problems == (MoveProblem.REASON_REQUIRED,)
        assert not check_move(deal(stage_id=LEAD), LOST, STAGES, lost_reason="   ").allowed
        assert check_move(deal(stage_id=LEAD), LOST, STAGES, lost_reason="价格太高").allowed
        assert check_move(deal(stage_id=LEAD, lost_reason="预算取消"), LOST, STAGES).allowed

    def test_won_deals_move_between_won_stages_with_the_checklist(self) -> None:
        signed = deal(stage_id=WON, status="won", closed_on=d("2026-11-01"))
        blocked = check_move(signed, AFTER, STAGES)
        assert [i.id for i in blocked.missing_items] == ["won-1"]
        assert check_move(
            deal(stage_id=WON, status="won", checklist_done=["won-1"]), AFTER, STAGES
        ).allowed

    def test_closed_deals_need_reopen_to_change_outcome(self) -> None:
        won = deal(stage_id=WON, status="won")
        assert check_move(won, NEGOTIATION, STAGES).problems == (MoveProblem.DEAL_CLOSED,)
        assert check_move(won, NEGOTIATION, STAGES, reopen=True).allowed
        lost = deal(stage_id=LOST, status="lost", lost_reason="价格")
        assert check_move(lost, NEEDS, STAGES).problems == (MoveProblem.DEAL_CLOSED,)
        revived = check_move(lost, NEEDS, STAGES, reopen=True)
        assert revived.allowed
        assert revived.direction == Direction.BACK

    def test_same_unknown_and_inactive_stages(self) -> None:
        assert check_move(deal(stage_id=LEAD), LEAD, STAGES).problems == (MoveProblem.SAME_STAGE,)
        unknown = check_move(deal(stage_id=LEAD), uuid.uuid4(), STAGES)
        assert unknown.problems == (MoveProblem.UNKNOWN_STAGE,)
        stages = [replace(s, active=s.id != CONTACT) for s in STAGES]
        result = check_move(deal(stage_id=LEAD, checklist_done=LEAD_REQUIRED), CONTACT, stages)
        assert result.problems == (MoveProblem.INACTIVE_STAGE,)

    def test_into_won_needs_negotiation_items(self) -> None:
        result = check_move(
            deal(stage_id=NEGOTIATION, checklist_done=["negotiation-1"]), WON, STAGES
        )
        assert [i.id for i in result.missing_items] == ["negotiation-3"]

    def test_plan_move_to_won(self) -> None:
        now = at("2026-03-31T17:00:00Z")  # 1 April in Shanghai
        item = deal(stage_id=NEGOTIATION, checklist_done=["negotiation-1", "negotiation-3"])
        plan = plan_move(item, WON, STAGES, now=now, tz=SHANGHAI)
        assert plan.deal_changes == {
            "stage_id": WON,
            "status": "won",
            "probability": 100,
            "stage_changed_at": now,
            "closed_on": d("2026-04-01"),
            "lost_reason": "",
        }
        assert plan.history == {
            "deal_id": item.id,
            "from_stage_id": NEGOTIATION,
            "to_stage_id": WON,
            "changed_at": now,
        }

    def test_plan_move_won_to_after_sales_keeps_the_close_date(self) -> None:
        item = deal(stage_id=WON, status="won", closed_on=d("2026-03-02"), checklist_done=["won-1"])
        changes = plan_move(item, AFTER, STAGES, now=at("2026-05-01T00:00Z"), tz=SHANGHAI)
        assert "closed_on" not in changes.deal_changes
        assert changes.deal_changes["status"] == "won"

    def test_plan_move_lost_and_reopen(self) -> None:
        now = at("2026-05-01T02:00:00Z")
        lost = plan_move(
            deal(stage_id=NEEDS), LOST, STAGES, now=now, tz=SHANGHAI, lost_reason=" 选了竞品 "
        )
        assert lost.deal_changes["status"] == "lost"
        assert lost.deal_changes["lost_reason"] == "选了竞品"
        assert lost.deal_changes["closed_on"] == d("2026-05-01")
        assert lost.deal_changes["probability"] == 0
        reopened = plan_move(
            deal(stage_id=LOST, status="lost", closed_on=d("2026-05-01"), lost_reason="x"),
            NEEDS,
            STAGES,
            now=now,
            tz=SHANGHAI,
            reopen=True,
        )
        assert reopened.deal_changes["status"] == "open"
        assert reopened.deal_changes["closed_on"] is None
        assert reopened.deal_changes["lost_reason"] == ""

    def test_plan_move_refuses(self) -> None:
        with pytest.raises(MoveRejectedError) as error:
            plan_move(
                deal(stage_id=LEAD), CONTACT, STAGES, now=at("2026-05-01T00:00Z"), tz=SHANGHAI
            )
        assert error.value.check.problems == (MoveProblem.CHECKLIST_INCOMPLETE,)


class TestAlerts:
    NOW = cst("2026-11-23T09:00:00")

    def test_days_in_stage_count_local_days(self) -> None:
        entered = cst("2026-11-09T23:30:00")
        assert days_in_stage(deal(stage_changed_at=entered), self.NOW, SHANGHAI) == 14
        assert days_in_stage(deal(created_at=entered), self.NOW, SHANGHAI) == 14

    def test_stuck_only_after_more_than_stuck_days(self) -> None:
        # the lead stage is stuck after 14 days
        on_edge = deal(stage_id=LEAD, stage_changed_at=cst("2026-11-09T10:00:00"))
        over = deal(stage_id=LEAD, stage_changed_at=cst("2026-11-08T10:00:00"))
        alerts = deal_alerts([on_edge, over], STAGES, now=self.NOW, tz=SHANGHAI)
        assert [(a.deal_id, a.stuck, a.days_in_stage, a.stuck_days) for a in alerts] == [
            (over.id, True, 15, 14)
        ]

    def test_close_date_passed(self) -> None:
        overdue = deal(stage_id=NEEDS, expected_close=d("2026-11-20"), stage_changed_at=self.NOW)
        today = deal(stage_id=NEEDS, expected_close=d("2026-11-23"), stage_changed_at=self.NOW)
        won = deal(
            stage_id=WON, status="won", expected_close=d("2026-11-01"), stage_changed_at=self.NOW
        )
        alerts = deal_alerts([overdue, today, won], STAGES, now=self.NOW, tz=SHANGHAI)
        assert [(a.deal_id, a.close_overdue, a.days_overdue, a.stuck) for a in alerts] == [
            (overdue.id, True, 3, False)
        ]

    def test_lost_and_final_stage_deals_are_never_stuck(self) -> None:
        long_ago = cst("2025-01-01T10:00:00")
        deals = [
            deal(stage_id=LOST, status="lost", stage_changed_at=long_ago),
            deal(stage_id=AFTER, status="won", stage_changed_at=long_ago),
            deal(stage_id=NEEDS, stage_changed_at=long_ago, deleted=True),
        ]
        assert deal_alerts(deals, STAGES, now=self.NOW, tz=SHANGHAI) == []
        signed_long_ago = deal(stage_id=WON, status="won", stage_changed_at=long_ago)
        assert deal_alerts([signed_long_ago], STAGES, now=self.NOW, tz=SHANGHAI)[0].stuck


class TestFunnel:
    def test_counts_and_amounts_by_current_stage(self) -> None:
        deals = [
            deal(stage_id=LEAD, amount="100.00", probability=10),
            deal(stage_id=LEAD, amount="50.50", probability=10),
            deal(stage_id=PROPOSAL, amount="1000.00", probability=60),
            deal(stage_id=PROPOSAL, amount="1.00", probability=60, deleted=True),
            deal(stage_id=uuid.uuid4(), amount="7.00"),  # unknown stage
        ]
        rows = {row.stage_id: row for row in funnel(deals, STAGES)}
        assert [row.stage_id for row in funnel(deals, STAGES)] == [s.id for s in STAGES]
        assert (rows[LEAD].count, rows[LEAD].amount, rows[LEAD].weighted_amount) == (
            2,
            Decimal("150.50"),
            Decimal("15.05"),
        )
        assert (rows[PROPOSAL].count, rows[PROPOSAL].weighted_amount) == (1, Decimal("600.00"))
        assert rows[NEEDS].count == 0
        assert rows[NEEDS].amount == 0

    def test_empty(self) -> None:
        assert all(row.count == 0 for row in funnel([], STAGES))
        assert funnel([], []) == []

    def test_conversion_from_history(self) -> None:
        # d1: lead → contact → needs; d2: lead → contact, then lost; d3: created in contact;
        # d4: lead only; d5: skipped from lead to proposal (passes contact and needs)
        d1, d2, d3, d4, d5 = (deal(id=uid(200 + i), stage_id=LEAD) for i in range(5))
        deals = [
            replace(d1, stage_id=NEEDS),
            replace(d2, stage_id=LOST, status="lost"),
            replace(d3, stage_id=CONTACT),
            d4,
            replace(d5, stage_id=PROPOSAL),
        ]
        changes = [
            change(deal_id=d1.id, from_stage_id=None, to_stage_id=LEAD),
            change(deal_id=d1.id, from_stage_id=LEAD, to_stage_id=CONTACT),
            change(deal_id=d1.id, from_stage_id=CONTACT, to_stage_id=NEEDS),
            change(deal_id=d2.id, from_stage_id=LEAD, to_stage_id=CONTACT),
            change(deal_id=d2.id, from_stage_id=CONTACT, to_stage_id=LOST),
            change(deal_id=d5.id, from_stage_id=LEAD, to_stage_id=PROPOSAL),
            change(deal_id=uuid.uuid4(), from_stage_id=LEAD, to_stage_id=WON),  # not in cohort
        ]
        rates = conversion_rates(deals, changes, STAGES)
        assert [(r.from_stage_id, r.reached_from, r.reached_to) for r in rates] == [
            (LEAD, 5, 4),
            (CONTACT, 4, 2),
            (NEEDS, 2, 1),
            (PROPOSAL, 1, 0),
            (NEGOTIATION, 0, 0),
            (WON, 0, 0),
        ]
        assert rates[0].rate_pct == Decimal("80.0")
        assert rates[1].rate_pct == Decimal("50.0")
        assert rates[4].rate_pct is None

    def test_weighted_pipeline_counts_open_deals_only(self) -> None:
        deals = [
            deal(stage_id=LEAD, amount="333.33", probability=10, status="open"),
            deal(stage_id=PROPOSAL, amount="0.05", probability=50, status="open"),
            deal(stage_id=WON, amount="1000.00", probability=100, status="won"),
            deal(stage_id=LOST, amount="1000.00", probability=0, status="lost"),
        ]
        # 33.333 + 0.025 = 33.358 → 33.36 (rounded once, on the total)
        assert weighted_pipeline(deals) == Decimal("33.36")
        by_stage = {s.id: s.probability for s in STAGES}
        # stage probabilities: lead 10%, proposal 60% → 33.333 + 0.03 = 33.363 → 33.36
        assert weighted_pipeline(deals, by_stage) == Decimal("33.36")
        assert weighted_pipeline([]) == Decimal("0.00")


class TestDaysInStage:
    def test_average_over_deals_with_completed_stays(self) -> None:
        first = deal(id=uid(301), created_at=at("2026-01-01T00:00:00Z"))
        second = deal(id=uid(302), created_at=at("2026-01-01T00:00:00Z"))
        changes = [
            # first: created in lead (from the deal's creation), 2 days in lead, 4 in contact
            change(
                deal_id=first.id,
                from_stage_id=LEAD,
                to_stage_id=CONTACT,
                changed_at=at("2026-01-03T00:00:00Z"),
            ),
            change(
                deal_id=first.id,
                from_stage_id=CONTACT,
                to_stage_id=NEEDS,
                changed_at=at("2026-01-07T00:00:00Z"),
            ),
            # second: 1 day in lead, 12 hours in contact, back to lead for 1 day, contact again
            change(
                deal_id=second.id,
                from_stage_id=None,
                to_stage_id=LEAD,
                changed_at=at("2026-01-01T00:00:00Z"),
            ),
            change(
                deal_id=second.id,
                from_stage_id=LEAD,
                to_stage_id=CONTACT,
                changed_at=at("2026-01-02T00:00:00Z"),
            ),
            change(
                deal_id=second.id,
                from_stage_id=CONTACT,
                to_stage_id=LEAD,
                changed_at=at("2026-01-02T12:00:00Z"),
            ),
            change(
                deal_id=second.id,
                from_stage_id=LEAD,
                to_stage_id=CONTACT,
                changed_at=at("2026-01-03T12:00:00Z"),
            ),
        ]
        result = average_days_in_stage(changes, [first, second])
        # lead: first 2 days, second 1 + 1 = 2 days → 2.0
        assert (result[LEAD].deals, result[LEAD].average_days) == (2, Decimal("2.0"))
        # contact: first 4 days; second 0.5 completed (the current stay is not counted) → 2.3
        assert (result[CONTACT].deals, result[CONTACT].average_days) == (2, Decimal("2.3"))
        assert NEEDS not in result

    def test_current_stay_counts_when_now_is_given(self) -> None:
        item = deal(id=uid(303), created_at=at("2026-01-01T00:00:00Z"))
        changes = [
            change(
                deal_id=item.id,
                from_stage_id=LEAD,
                to_stage_id=CONTACT,
                changed_at=at("2026-01-02T00:00:00Z"),
            ),
        ]
        result = average_days_in_stage(changes, [item], now=at("2026-01-05T12:00:00Z"))
        assert result[CONTACT].average_days == Decimal("3.5")
        assert result[LEAD].average_days == Decimal("1.0")

    def test_change_order_does_not_matter_and_empty_history(self) -> None:
        item = deal(id=uid(304), created_at=at("2026-01-01T00:00:00Z"))
        changes = [
            change(
                deal_id=item.id,
                from_stage_id=CONTACT,
                to_stage_id=NEEDS,
                changed_at=at("2026-01-05T00:00:00Z"),
            ),
            change(
                deal_id=item.id,
                from_stage_id=LEAD,
                to_stage_id=CONTACT,
                changed_at=at("2026-01-02T00:00:00Z"),
            ),
        ]
        assert average_days_in_stage(changes, [item])[CONTACT].average_days == Decimal("3.0")
        assert average_days_in_stage([]) == {}


def test_advanced_deals_in_a_period() -> None:
    nov = Period.parse("2026-11")
    changes = [
        change(
            deal_id=uid(1),
            from_stage_id=LEAD,
            to_stage_id=CONTACT,
            changed_at=cst("2026-11-01T00:10:00"),
        ),  # 31 Oct in UTC, 1 Nov in Shanghai
        change(
            deal_id=uid(2),
            from_stage_id=PROPOSAL,
            to_stage_id=NEEDS,
            changed_at=cst("2026-11-05T10:00:00"),
        ),  # backwards
        change(
            deal_id=uid(3),
            from_stage_id=NEEDS,
            to_stage_id=LOST,
            changed_at=cst("2026-11-05T10:00:00"),
        ),  # lost is not an advance
        change(
            deal_id=uid(4),
            from_stage_id=None,
            to_stage_id=LEAD,
            changed_at=cst("2026-11-05T10:00:00"),
        ),  # creation
        change(
            deal_id=uid(5),
            from_stage_id=LOST,
            to_stage_id=NEEDS,
            changed_at=cst("2026-11-05T10:00:00"),
        ),  # reopened
        change(
            deal_id=uid(6),
            from_stage_id=NEGOTIATION,
            to_stage_id=WON,
            changed_at=cst("2026-12-01T00:00:00"),
        ),  # December
        change(
            deal_id=uid(7),
            from_stage_id=NEGOTIATION,
            to_stage_id=WON,
            changed_at=cst("2026-11-30T23:59:59"),
        ),
    ]
    assert advanced_deals(changes, STAGES, nov, SHANGHAI) == {uid(1), uid(7)}
    assert uid(1) not in advanced_deals(changes, STAGES, nov, dt.UTC)
