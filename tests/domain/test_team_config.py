"""Rules for a team's configuration: template sections and deadlines, stages and the pipeline."""

from __future__ import annotations

import dataclasses

import pytest

from salesdesk.domain.team_config import (
    deletable,
    new_item_id,
    new_section_key,
    pipeline_errors,
    reorder,
    stage_errors,
    template_errors,
    templates_to_retire,
)
from tests.domain.builders import default_stages, default_template, stage_by_code


def codes(errors: list) -> dict[str, str]:
    return {e.field: e.code for e in errors}


SECTIONS = (
    {"key": "summary", "title": "工作总结", "required": True},
    {"key": "next_plan", "title": "下一步计划", "required": False},
)


class TestTemplates:
    sections = SECTIONS

    def test_a_good_template_has_no_errors(self) -> None:
        assert template_errors("weekly", self.sections, ["visits"], 5) == []
        assert template_errors("monthly", self.sections, [], 0) == []
        assert template_errors("daily", self.sections, [], 0) == []

    def test_sections_need_titles_and_unique_keys(self) -> None:
        sections = [
            {"key": "summary", "title": "工作总结"},
            {"key": "summary", "title": "又一个"},
            {"key": "x", "title": "  "},
            {"key": "Bad Key", "title": "标题"},
        ]
        assert codes(template_errors("daily", sections, [], 0)) == {
            "sections.1": "duplicate_key",
            "sections.2": "title_required",
            "sections.3": "invalid_key",
        }
        assert codes(template_errors("daily", [], [], 0)) == {"sections": "no_sections"}

    def test_figures_and_deadline_days(self) -> None:
        assert codes(template_errors("weekly", self.sections, ["profit"], 8)) == {
            "figures": "unknown_figure",
            "deadline_day": "invalid_weekday",
        }
        assert codes(template_errors("monthly", self.sections, [], 32)) == {
            "deadline_day": "invalid_day"
        }

    def test_new_section_keys_do_not_collide(self) -> None:
        assert new_section_key(["summary"]) == "section_1"
        assert new_section_key(["section_1", "section_2"]) == "section_3"

    def test_one_active_template_per_kind(self) -> None:
        weekly = default_template("weekly")
        other = default_template("weekly", name="新周报")
        retired = default_template("weekly", name="旧周报", active=False)
        daily = default_template("daily")
        found = templates_to_retire([weekly, other, retired, daily], "weekly", other.id)
        assert found == [weekly.id]


class TestStages:
    def test_won_and_lost_stages_have_fixed_probabilities(self) -> None:
        stages = default_stages()
        won = stage_by_code(stages, "won")
        others = [s for s in stages if s.id != won.id]
        values = {**won.values(), "probability": 90}
        assert codes(stage_errors(values, others)) == {"probability": "won_probability"}
        values = {**stage_by_code(stages, "lost").values(), "probability": 5}
        assert codes(stage_errors(values, stages[:-1])) == {"probability": "lost_probability"}

    def test_names_are_unique_among_active_stages(self) -> None:
        stages = default_stages()
        values = {"name": "需求确认", "outcome": "open", "probability": 50, "active": True}
        assert codes(stage_errors(values, stages)) == {}
        values["name"] = " 需求 分析"  # the same name, spaced differently
        assert codes(stage_errors(values, stages)) == {"name": "duplicate_name"}
        retired = [dataclasses.replace(s, active=False) for s in stages]
        assert codes(stage_errors(values, retired)) == {}

    def test_checklist_items_need_text_and_their_own_ids(self) -> None:
        values = {
            "name": "验收",
            "outcome": "open",
            "probability": 90,
            "checklist": [
                {"id": "a", "text": "签字"},
                {"id": "a", "text": "盖章"},
                {"id": "b", "text": " "},
            ],
        }
        assert codes(stage_errors(values, [])) == {
            "checklist.1": "duplicate_item",
            "checklist.2": "required",
        }

    def test_the_pipeline_keeps_an_open_a_won_and_a_lost_stage(self) -> None:
        stages = default_stages()
        assert pipeline_errors(stages) == []
        no_lost = [s for s in stages if s.outcome != "lost"]
        assert codes(pipeline_errors(no_lost)) == {"outcome": "no_lost_stage"}
        inactive_won = [dataclasses.replace(s, active=s.outcome != "won") for s in stages]
        assert codes(pipeline_errors(inactive_won)) == {"outcome": "no_won_stage"}

    def test_only_an_unused_stage_can_be_deleted(self) -> None:
        assert deletable(0, 0)
        assert not deletable(1, 0)
        assert not deletable(0, 3)

    def test_reorder_moves_one_stage_and_renumbers(self) -> None:
        stages = default_stages()
        needs = stage_by_code(stages, "needs")
        moved = reorder(stages, needs.id, -1)
        contact = stage_by_code(stages, "contact")
        assert moved == {needs.id: 1, contact.id: 2}
        assert reorder(stages, stages[0].id, -1) == {}  # already first
        with pytest.raises(ValueError):
            reorder(stages, default_template("daily").id, 1)

    def test_new_item_ids_are_new(self) -> None:
        existing = {"lead-1", "lead-2"}
        made = {new_item_id("lead", existing) for _ in range(50)}
        assert len(made) == 50 and not made & existing
        assert all(item.startswith("lead-") for item in made)
