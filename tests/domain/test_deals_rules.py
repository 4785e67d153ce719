"""Deal rules beyond moves: where new deals start, where closed deals reopen, checklist ticks."""

from __future__ import annotations

from salesdesk.domain import deals as rules
from tests.domain.builders import change, cst, deal, default_stages, stage_by_code, uid


def test_new_deals_start_in_an_open_stage_with_its_probability() -> None:
    stages = default_stages()
    lead, won = stage_by_code(stages, "lead"), stage_by_code(stages, "won")
    assert [s.code for s in rules.open_stages(stages)] == [
        "lead",
        "contact",
        "needs",
        "proposal",
        "negotiation",
    ]
    assert rules.creation_errors(lead.id, stages) == []
    assert [e.code for e in rules.creation_errors(won.id, stages)] == ["not_open_stage"]
    now = cst("2026-11-25T10:00")
    values = rules.creation_values({"title": "x"}, lead, now)
    assert (values["status"], values["probability"], values["stage_changed_at"]) == (
        "open",
        10,
        now,
    )
    assert rules.creation_values({"probability": 35}, lead, now)["probability"] == 35
    assert rules.lost_stage(stages) == stage_by_code(stages, "lost")


def test_a_closed_deal_reopens_in_the_stage_it_left() -> None:
    stages = default_stages()
    code = {s.code: s.id for s in stages}
    lost = deal(id=uid(1), stage_id=code["lost"], status="lost")
    history = [
        change(deal_id=uid(1), to_stage_id=code["lead"], changed_at=cst("2026-11-01T09:00")),
        change(
            deal_id=uid(1),
            from_stage_id=code["lead"],
            to_stage_id=code["needs"],
            changed_at=cst("2026-11-05T09:00"),
        ),
        change(
            deal_id=uid(1),
            from_stage_id=code["needs"],
            to_stage_id=code["lost"],
            changed_at=cst("2026-11-09T09:00"),
        ),
    ]
    assert rules.reopen_stage(lost, history, stages) == stage_by_code(stages, "needs")
    # Without any history: the first open stage.
    assert rules.reopen_stage(lost, [], stages) == stage_by_code(stages, "lead")
    # Won, then after-sales: back to the last open stage before winning.
    after = deal(id=uid(2), stage_id=code["after_sales"], status="won")
    won_history = [
        change(
            deal_id=uid(2),
            from_stage_id=code["negotiation"],
            to_stage_id=code["won"],
            changed_at=cst("2026-11-05T09:00"),
        ),
        change(
            deal_id=uid(2),
            from_stage_id=code["won"],
            to_stage_id=code["after_sales"],
            changed_at=cst("2026-11-08T09:00"),
        ),
    ]
    assert rules.reopen_stage(after, won_history, stages) == stage_by_code(stages, "negotiation")


def test_ticking_keeps_order_and_has_no_repeats() -> None:
    assert rules.ticked([], "a", True) == ["a"]
    assert rules.ticked(["a", "b"], "a", True) == ["b", "a"]
    assert rules.ticked(["a", "b", "a"], "a", False) == ["b"]
    assert rules.ticked(["b"], "c", False) == ["b"]
