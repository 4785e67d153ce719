"""Team configuration on a real profile: report templates, pipeline stages and the appraisal
weights — all written through the write path (so they sync to the reps), refused with the
rules' messages, never deleting a stage deals use."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa

from salesdesk.domain.entities import (
    AppraisalConfig,
    Customer,
    Deal,
    DealStageChange,
    PipelineStage,
    ReportTemplate,
)
from salesdesk.domain.schema import ValidationError
from salesdesk.store import configuration
from salesdesk.store.appraisal import appraisal_config
from salesdesk.store.store import PermissionDeniedError, Store
from salesdesk.store.tables import OutboxEntry
from tests.report_helpers import become


def template(store: Store, kind: str) -> ReportTemplate:
    return next(t for t in store.select(ReportTemplate) if t.kind == kind and t.active)


def stage(store: Store, code: str) -> PipelineStage:
    return next(s for s in store.select(PipelineStage) if s.code == code)


def errors(call: Any) -> dict[str, str]:
    with pytest.raises(ValidationError) as refused:
        call()
    return {name: e.code for name, e in refused.value.errors.items()}


WEEKLY = {
    "name": "销售周报",
    "kind": "weekly",
    "deadline_time": "17:30",
    "deadline_day": 5,
    "figures": ["visits", "revenue_won"],
    "sections": [
        {"key": "summary", "title": "本周总结", "required": True},
        {"key": "", "title": "竞品动态", "required": False},
    ],
    "active": True,
}


def test_a_new_template_becomes_the_active_one_of_its_kind(store: Store) -> None:
    old = template(store, "weekly")
    values = {
        **WEEKLY,
        "sections": [
            {"key": "summary", "title": "本周总结", "required": True},
            {"key": "section_1", "title": "竞品动态", "required": False},
        ],
    }
    saved, retired = configuration.save_template(store, values)
    assert retired == [old.id]
    assert not store.require(ReportTemplate, old.id).active
    assert template(store, "weekly").id == saved.id
    assert (saved.name, saved.deadline_time, saved.deadline_day) == ("销售周报", "17:30", 5)
    assert saved.figures == ["visits", "revenue_won"]
    assert [s["title"] for s in saved.sections] == ["本周总结", "竞品动态"]
    assert saved.team_id == store.profile.team_id
    # activating the old one again retires the new one: one active template per kind
    _again, retired = configuration.set_template_active(store, old.id, True)
    assert retired == [saved.id]


def test_template_mistakes_are_refused_next_to_their_fields(store: Store) -> None:
    outbox = store.outbox_count()
    assert errors(lambda: configuration.save_template(store, {**WEEKLY, "name": " "})) == {
        "name": "required",
        "sections.1": "invalid_key",  # a new section needs its key (the form gives one)
    }
    bad = {
        **WEEKLY,
        "deadline_time": "25:00",
        "deadline_day": 9,
        "figures": ["profit"],
        "sections": [
            {"key": "summary", "title": "总结"},
            {"key": "summary", "title": "又一个总结"},
            {"key": "plan", "title": ""},
        ],
    }
    assert errors(lambda: configuration.save_template(store, bad)) == {
        "deadline_time": "invalid_time",
        "deadline_day": "invalid_weekday",
        "figures": "unknown_figure",
        "sections.1": "duplicate_key",
        "sections.2": "title_required",
    }
    assert errors(lambda: configuration.save_template(store, {**WEEKLY, "sections": []})) == {
        "sections": "no_sections"
    }
    assert store.outbox_count() == outbox  # nothing written


def test_editing_a_template_keeps_its_kind_and_syncs(store: Store) -> None:
    daily = template(store, "daily")
    values = {**daily.values(), "deadline_time": "21:00", "deadline_day": 3}
    values["sections"] = [*daily.sections, {"key": "section_1", "title": "明日拜访计划"}]
    saved, retired = configuration.save_template(store, values, daily.id)
    assert retired == [] and saved.deadline_time == "21:00"
    assert saved.deadline_day == 0  # a daily report is due on its own day
    assert saved.sections[-1] == {"key": "section_1", "title": "明日拜访计划", "required": False}
    assert store.outbox_count() == 1  # one update for the next sync
    # reports keep the kind of their template: a template's kind never changes
    assert errors(
        lambda: configuration.save_template(store, {**values, "kind": "monthly"}, daily.id)
    ) == {"kind": "read_only"}


def test_renaming_a_stage_keeps_its_checklist_ids(store: Store) -> None:
    lead = stage(store, "lead")
    checklist = [dict(item) for item in lead.checklist]
    checklist[0]["text"] = "核实工商信息"
    checklist.append({"id": "", "text": "加客户微信", "required": True})
    saved = configuration.save_stage(
        store, {**lead.values(), "name": "线索确认", "checklist": checklist}, lead.id
    )
    assert saved.name == "线索确认" and saved.code == "lead"
    ids = [item["id"] for item in saved.checklist]
    assert ids[:3] == ["lead-1", "lead-2", "lead-3"]  # deals tick items by id
    assert ids[3].startswith("lead-") and ids[3] not in ids[:3]
    assert saved.checklist[0]["text"] == "核实工商信息"
    assert saved.checklist[3]["required"] is True


def test_a_new_open_stage_goes_before_the_closed_ones(store: Store) -> None:
    new = configuration.save_stage(
        store,
        {
            "name": "合同审批",
            "outcome": "open",
            "probability": 90,
            "stuck_days": 7,
            "checklist": [{"text": "法务审核", "required": True}],
        },
    )
    order = [s.name for s in configuration.load_configuration(store).stages]
    assert order.index("合同审批") == order.index("签约成交") - 1
    assert new.checklist[0]["id"] and new.active
    positions = [s.position for s in configuration.load_configuration(store).stages]
    assert positions == sorted(set(positions))  # still a clean order


def test_stage_rules(store: Store) -> None:
    won = stage(store, "won")
    assert errors(
        lambda: configuration.save_stage(store, {**won.values(), "probability": 90}, won.id)
    ) == {"probability": "won_probability"}
    assert errors(
        lambda: configuration.save_stage(
            store, {"name": "需求分析", "outcome": "open", "probability": 30}
        )
    ) == {"name": "duplicate_name"}
    assert errors(
        lambda: configuration.save_stage(
            store, {**won.values(), "checklist": [{"id": "x", "text": ""}]}, won.id
        )
    ) == {"checklist.0": "required"}


def test_moving_a_stage(store: Store) -> None:
    needs = stage(store, "needs")
    configuration.move_stage(store, needs.id, -1)
    codes = [s.code for s in configuration.load_configuration(store).stages]
    assert codes[:4] == ["lead", "needs", "contact", "proposal"]


def test_a_stage_with_open_deals_is_not_deactivated_nor_a_used_one_deleted(
    store: Store,
) -> None:
    proposal, needs = stage(store, "proposal"), stage(store, "needs")
    customer = store.create(Customer, name="华信科技")
    deal = store.create(
        Deal, customer_id=customer.id, title="服务器", stage_id=proposal.id, amount=Decimal(1)
    )
    usage = configuration.stage_usage(store)[proposal.id]
    assert (usage.deals, usage.open_deals, usage.deletable) == (1, 1, False)
    assert errors(lambda: configuration.set_stage_active(store, proposal.id, False)) == {
        "active": "stage_in_use"
    }
    assert errors(lambda: configuration.delete_stage(store, proposal.id)) == {"id": "stage_used"}
    with store.transaction() as writer:  # moved back, with its history, as the board does
        writer.update(Deal, deal.id, {"stage_id": needs.id})
        writer.create(
            DealStageChange,
            {"deal_id": deal.id, "from_stage_id": proposal.id, "to_stage_id": needs.id},
        )
    retired = configuration.set_stage_active(store, proposal.id, False)
    assert not retired.active
    assert errors(lambda: configuration.delete_stage(store, proposal.id)) == {"id": "stage_used"}
    # an unused stage can be deleted, and restored (the Undo)
    extra = configuration.save_stage(store, {"name": "试用", "outcome": "open", "probability": 50})
    configuration.delete_stage(store, extra.id)
    assert store.get(PipelineStage, extra.id) is None
    store.restore(PipelineStage, extra.id)
    assert store.get(PipelineStage, extra.id) is not None


def test_the_pipeline_keeps_a_won_and_a_lost_stage(store: Store) -> None:
    lost = stage(store, "lost")
    assert errors(lambda: configuration.set_stage_active(store, lost.id, False)) == {
        "outcome": "no_lost_stage"
    }
    won, after = stage(store, "won"), stage(store, "after_sales")
    configuration.set_stage_active(store, won.id, False)  # after-sales is won too
    assert errors(lambda: configuration.set_stage_active(store, after.id, False)) == {
        "outcome": "no_won_stage"
    }


def test_appraisal_weights(store: Store) -> None:
    assert appraisal_config(store).config is None  # the defaults until saved
    weights = {"revenue": 50, "visits": 30, "report_punctuality": 10, "task_completion": 5}
    assert errors(lambda: configuration.save_appraisal(store, weights, 20)) == {
        "weights": "sum_not_100"
    }
    negative = {**weights, "task_completion": -5, "visits": 40}
    assert errors(lambda: configuration.save_appraisal(store, negative, 20)) == {
        "weights.task_completion": "negative"
    }
    assert errors(
        lambda: configuration.save_appraisal(store, {**weights, "task_completion": 10}, 5000)
    ) == {"visit_target": "too_large"}
    saved = configuration.save_appraisal(store, {**weights, "task_completion": 10}, 25, "季度考核")
    config = appraisal_config(store)
    assert config.config is not None and config.config.id == saved.id
    assert config.weights["visits"] == Decimal(30) and config.visit_target == 25
    again = configuration.save_appraisal(store, {**weights, "task_completion": 10}, 30)
    assert again.id == saved.id and len(store.select(AppraisalConfig)) == 1


def test_stored_weights_that_do_not_add_up_fall_back_to_the_defaults(store: Store) -> None:
    store.create(
        AppraisalConfig,
        name="旧方案",
        weights={"revenue": 70, "visits": 20, "punctuality": 10},  # an unknown component
    )
    config = appraisal_config(store)
    assert config.problem == "invalid_weights" and config.weights["revenue"] == Decimal(60)


def test_only_managers_configure(store: Store) -> None:
    become(store, "rep")
    with pytest.raises(PermissionDeniedError):
        configuration.save_template(store, {**WEEKLY, "sections": [{"key": "a", "title": "总结"}]})
    with pytest.raises(PermissionDeniedError):
        configuration.move_stage(store, stage(store, "needs").id, 1)
    with pytest.raises(PermissionDeniedError):
        configuration.save_appraisal(
            store,
            {"revenue": 60, "visits": 20, "report_punctuality": 10, "task_completion": 10},
            20,
        )
    assert store.outbox_count() == 0


def test_configuration_changes_wait_in_the_outbox(store: Store) -> None:
    configuration.move_stage(store, stage(store, "needs").id, 1)
    with store.engine.connect() as connection:
        rows = connection.execute(sa.select(OutboxEntry.entity, OutboxEntry.fields)).all()
    assert [(entity, set(fields)) for entity, fields in rows] == [
        ("pipeline_stage", {"position"}),
        ("pipeline_stage", {"position"}),
    ]  # two positions swapped, waiting for the next sync
