"""Queries and writes behind the Configuration area (设置): report templates, the pipeline and the
appraisal weights of the manager's team.

They are team configuration rows (managers write, the whole team reads), so every change
here goes through the write path and reaches the reps with their next sync. The rules beyond
the entity declarations are ``domain.team_config`` (and ``domain.appraisal.weight_errors``);
each check runs before anything is written, and a refused change writes nothing.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from salesdesk.domain.appraisal import Component, weight_errors
from salesdesk.domain.entities import (
    AppraisalConfig,
    Deal,
    DealStageChange,
    PipelineStage,
    ReportTemplate,
)
from salesdesk.domain.pipeline import ordered_stages
from salesdesk.domain.schema import FieldError, ValidationError, utcnow
from salesdesk.domain.team_config import (
    deletable,
    new_item_id,
    pipeline_errors,
    reorder,
    stage_errors,
    template_errors,
    templates_to_retire,
)
from salesdesk.store.appraisal import TeamAppraisalConfig, appraisal_config
from salesdesk.store.store import Store, Writer

__all__ = [
    "Configuration",
    "StageUsage",
    "delete_stage",
    "load_configuration",
    "move_stage",
    "save_appraisal",
    "save_stage",
    "save_template",
    "set_stage_active",
    "set_template_active",
    "stage_usage",
]

TEMPLATE_FIELDS = ("name", "kind", "sections", "figures", "deadline_time", "deadline_day", "active")
STAGE_FIELDS = ("name", "outcome", "probability", "stuck_days", "checklist", "active")
KIND_ORDER = {"daily": 0, "weekly": 1, "monthly": 2}


@dataclasses.dataclass(frozen=True, slots=True)
class StageUsage:
    """How many deals (tombstones included: they can come back) and history rows use a stage."""

    deals: int = 0
    open_deals: int = 0
    changes: int = 0

    @property
    def deletable(self) -> bool:
        return deletable(self.deals, self.changes)


@dataclasses.dataclass(frozen=True)
class Configuration:
    templates: tuple[ReportTemplate, ...]  # every template, active ones first, by kind
    stages: tuple[PipelineStage, ...]  # every stage in board order (inactive ones too)
    usage: Mapping[uuid.UUID, StageUsage]
    appraisal: TeamAppraisalConfig


def _team_condition(store: Store, table: sa.Table) -> list[sa.ColumnElement[bool]]:
    team_id = store.profile.team_id
    return [table.c.team_id == team_id] if team_id is not None else []


def _templates(store: Store) -> list[ReportTemplate]:
    table = store.table(ReportTemplate)
    found = store.select(ReportTemplate, *_team_condition(store, table))
    return sorted(found, key=lambda t: (not t.active, KIND_ORDER.get(t.kind, 9), t.name, str(t.id)))


def _stages(store: Store) -> list[PipelineStage]:
    table = store.table(PipelineStage)
    return ordered_stages(
        store.select(PipelineStage, *_team_condition(store, table)), include_inactive=True
    )


def stage_usage(store: Store) -> dict[uuid.UUID, StageUsage]:
    """Deals and stage history per stage."""
    deal = store.table(Deal)
    change = store.table(DealStageChange)
    counts: dict[uuid.UUID, dict[str, int]] = {}
    with store.engine.connect() as connection:
        for stage_id, total, open_count in connection.execute(
            sa.select(
                deal.c.stage_id,
                sa.func.count(),
                sa.func.sum(
                    sa.case(
                        (sa.and_(deal.c.status == "open", deal.c.deleted.is_(False)), 1), else_=0
                    )
                ),
            ).group_by(deal.c.stage_id)
        ):
            if stage_id is not None:
                counts.setdefault(stage_id, {})
                counts[stage_id]["deals"] = int(total)
                counts[stage_id]["open_deals"] = int(open_count or 0)
        for column in (change.c.from_stage_id, change.c.to_stage_id):
            for stage_id, total in connection.execute(
                sa.select(column, sa.func.count()).group_by(column)
            ):
                if stage_id is not None:
                    entry = counts.setdefault(stage_id, {})
                    entry["changes"] = entry.get("changes", 0) + int(total)
    return {stage_id: StageUsage(**values) for stage_id, values in counts.items()}


def load_configuration(store: Store) -> Configuration:
    return Configuration(
        templates=tuple(_templates(store)),
        stages=tuple(_stages(store)),
        usage=stage_usage(store),
        appraisal=appraisal_config(store),
    )


# ---- report templates ---------------------------------------------------------------------------


def _template_values(values: Mapping[str, Any]) -> dict[str, Any]:
    given = {k: v for k, v in values.items() if k in TEMPLATE_FIELDS}
    given["sections"] = [
        {
            "key": str(s.get("key") or ""),
            "title": str(s.get("title") or "").strip(),
            "required": bool(s.get("required")),
        }
        for s in given.get("sections") or ()
    ]
    given["figures"] = list(given.get("figures") or ())
    if given.get("kind") == "daily":
        given["deadline_day"] = 0
    return given


def save_template(
    store: Store, values: Mapping[str, Any], template_id: uuid.UUID | None = None
) -> tuple[ReportTemplate, list[uuid.UUID]]:
    """Create or change a report template; an active one retires the kind's other active
    templates. Returns the template and the ids retired."""
    given = _template_values(values)
    if template_id is None:
        given["team_id"] = store.profile.team_id
    errors: list[FieldError] = []
    try:
        cleaned = ReportTemplate.definition.clean_values(given, creating=template_id is None)
    except ValidationError as error:
        errors += error.errors.values()
        cleaned = given
    if template_id is not None:
        current = store.get(ReportTemplate, template_id)
        if current is not None and cleaned.get("kind", current.kind) != current.kind:
            errors.append(
                FieldError("kind", "read_only", "reports keep the kind of their template")
            )
    errors += template_errors(
        str(cleaned.get("kind") or "daily"),
        cleaned.get("sections") or [],
        cleaned.get("figures") or [],
        int(cleaned.get("deadline_day") or 0),
    )
    if errors:
        raise ValidationError(errors)
    with store.transaction() as writer:
        if template_id is None:
            saved = writer.create(ReportTemplate, cleaned)
        else:
            saved = writer.update(ReportTemplate, template_id, cleaned)
        retired = _retire_others(writer, store, saved)
    return saved, retired


def _retire_others(writer: Writer, store: Store, template: ReportTemplate) -> list[uuid.UUID]:
    if not template.active:
        return []
    retired = templates_to_retire(_templates(store), template.kind, template.id)
    for other in retired:
        writer.update(ReportTemplate, other, {"active": False})
    return retired


def set_template_active(
    store: Store, template_id: uuid.UUID, active: bool
) -> tuple[ReportTemplate, list[uuid.UUID]]:
    """Activate (retiring the kind's other active template) or deactivate a template."""
    with store.transaction() as writer:
        saved = writer.update(ReportTemplate, template_id, {"active": active})
        retired = _retire_others(writer, store, saved)
    return saved, retired


# ---- pipeline stages ----------------------------------------------------------------------------


def _with_item_ids(
    checklist: Sequence[Mapping[str, Any]], code: str, stages: Sequence[PipelineStage]
) -> list[dict[str, Any]]:
    used = {str(item.get("id")) for s in stages for item in s.checklist if isinstance(item, dict)}
    items = []
    for item in checklist:
        item_id = str(item.get("id") or "")
        if not item_id:
            item_id = new_item_id(code, used)
            used.add(item_id)
        items.append(
            {
                "id": item_id,
                "text": str(item.get("text") or "").strip(),
                "required": bool(item.get("required")),
            }
        )
    return items


def save_stage(
    store: Store, values: Mapping[str, Any], stage_id: uuid.UUID | None = None
) -> PipelineStage:
    """Create or change a pipeline stage (name, outcome, probability, stuck after days,
    checklist, active). A new open stage goes before the won and lost stages, others last."""
    stages = _stages(store)
    current = next((s for s in stages if s.id == stage_id), None) if stage_id else None
    if stage_id is not None and current is None:
        raise ValidationError([FieldError("id", "not_found", "the stage was deleted")])
    given = {k: v for k, v in values.items() if k in STAGE_FIELDS}
    code = current.code if current is not None else ""
    given["checklist"] = _with_item_ids(given.get("checklist") or [], code, stages)
    if current is None:
        given["team_id"] = store.profile.team_id
    errors: list[FieldError] = []
    try:
        cleaned = PipelineStage.definition.clean_values(given, creating=current is None)
    except ValidationError as error:
        errors += error.errors.values()
        cleaned = given
    others = [s for s in stages if s.id != stage_id]
    merged = {**(current.values() if current is not None else {}), **cleaned}
    errors += stage_errors(merged, others)
    if current is not None and current.active and not merged.get("active", True):
        errors += _deactivation_errors(store, current)
    if not errors:
        now = utcnow()
        changed = (
            dataclasses.replace(current, **cleaned)
            if current is not None
            else PipelineStage(id=uuid.uuid4(), created_at=now, updated_at=now, **cleaned)
        )
        errors += pipeline_errors([*others, changed])
    if errors:
        raise ValidationError(errors)
    with store.transaction() as writer:
        if current is not None:
            return writer.update(PipelineStage, current.id, cleaned)
        position = _insert_position(stages, str(cleaned.get("outcome") or "open"))
        for stage in stages:
            if stage.position >= position:
                writer.update(PipelineStage, stage.id, {"position": stage.position + 1})
        return writer.create(PipelineStage, {**cleaned, "position": position})


def _insert_position(stages: Sequence[PipelineStage], outcome: str) -> int:
    if outcome == "open":
        closed = [s.position for s in stages if s.outcome != "open"]
        if closed:
            return min(closed)
    return max((s.position for s in stages), default=-1) + 1


def _deactivation_errors(store: Store, stage: PipelineStage) -> list[FieldError]:
    usage = stage_usage(store).get(stage.id, StageUsage())
    if usage.open_deals:
        return [
            FieldError(
                "active",
                "stage_in_use",
                f"{usage.open_deals} open deals are in this stage; move them first",
            )
        ]
    return []


def set_stage_active(store: Store, stage_id: uuid.UUID, active: bool) -> PipelineStage:
    """Deactivate (refused while open deals are in it, or if the pipeline would lack an open,
    won or lost stage) or activate a stage."""
    stage = next((s for s in _stages(store) if s.id == stage_id), None)
    if stage is None:
        raise ValidationError([FieldError("id", "not_found", "the stage was deleted")])
    return save_stage(store, {**stage.values(), "active": active}, stage_id)


def move_stage(store: Store, stage_id: uuid.UUID, offset: int) -> None:
    """Move a stage ``offset`` places in board order (renumbering positions 0, 1, 2 …)."""
    positions = reorder(_stages(store), stage_id, offset)
    with store.transaction() as writer:
        for moved, position in positions.items():
            writer.update(PipelineStage, moved, {"position": position})


def delete_stage(store: Store, stage_id: uuid.UUID) -> None:
    """Delete a stage no deal or stage history uses (else: deactivate it instead)."""
    stages = _stages(store)
    stage = next((s for s in stages if s.id == stage_id), None)
    if stage is None:
        raise ValidationError([FieldError("id", "not_found", "the stage was deleted")])
    if not stage_usage(store).get(stage_id, StageUsage()).deletable:
        raise ValidationError(
            [FieldError("id", "stage_used", "deals use this stage: deactivate it instead")]
        )
    errors = pipeline_errors([s for s in stages if s.id != stage_id])
    if errors:
        raise ValidationError(errors)
    with store.transaction() as writer:
        writer.delete(PipelineStage, stage_id)


# ---- appraisal weights --------------------------------------------------------------------------


def save_appraisal(
    store: Store, weights: Mapping[str, Decimal | int], visit_target: int, name: str = ""
) -> AppraisalConfig:
    """Save the team's appraisal weights (one per component, adding up to 100) and the visits
    expected per month: the active row is changed, or one is created."""
    wanted = {c.value: weights.get(c.value, Decimal(0)) for c in Component}
    errors = list(weight_errors(wanted))
    values = {
        "name": name.strip() or "绩效考核",
        "weights": {key: format(Decimal(value), "f") for key, value in wanted.items()}
        if not errors
        else {},
        "visit_target": visit_target,
        "active": True,
        "team_id": store.profile.team_id,
    }
    try:
        cleaned = AppraisalConfig.definition.clean_values(values, creating=True)
    except ValidationError as error:
        errors += error.errors.values()
        cleaned = values
    if errors:
        raise ValidationError(errors)
    current = appraisal_config(store).config
    with store.transaction() as writer:
        if current is None:
            return writer.create(AppraisalConfig, cleaned)
        return writer.update(AppraisalConfig, current.id, cleaned)
