"""Deal rules the board needs beyond ``pipeline``: where a new deal starts, where a reopened
deal goes back to, ticking checklist items.

The move rules themselves (checklist before moving on, a reason for lost,
reopening closed deals) are in :mod:`salesdesk.domain.pipeline`.

New deals (:func:`creation_values`)
    A deal is created in an *open* stage (won and lost are reached by moving
    it, so a lost reason and the closing date are always recorded). It takes
    the stage's probability unless one is given, and its first stage-history
    row has no ``from_stage_id``.

Reopening (:func:`reopen_stage`)
    A won or lost deal reopens in the last open stage it was in before it
    closed (from its history), else in the first open stage.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from salesdesk.domain.entities import Deal, DealStageChange, PipelineStage
from salesdesk.domain.pipeline import checklist_items, ordered_stages
from salesdesk.domain.schema import FieldError

__all__ = [
    "creation_errors",
    "creation_values",
    "lost_stage",
    "open_stages",
    "reopen_stage",
    "ticked",
]


def open_stages(stages: Iterable[PipelineStage]) -> list[PipelineStage]:
    """Active stages with outcome ``open``, in board order: where new deals may start."""
    return [s for s in ordered_stages(stages) if s.outcome == "open"]


def lost_stage(stages: Iterable[PipelineStage]) -> PipelineStage | None:
    """The (first) active lost stage, where "mark lost" moves a deal."""
    return next((s for s in ordered_stages(stages) if s.outcome == "lost"), None)


def creation_errors(
    stage_id: uuid.UUID | None, stages: Iterable[PipelineStage]
) -> list[FieldError]:
    """Why a new deal may not start in ``stage_id``."""
    if stage_id is None:
        return []  # the declaration's own "required" check speaks for this
    if stage_id not in {s.id for s in open_stages(stages)}:
        return [FieldError("stage_id", "not_open_stage", "a new deal starts in an open stage")]
    return []


def creation_values(
    values: dict[str, Any], stage: PipelineStage, now: dt.datetime
) -> dict[str, Any]:
    """A new deal's values completed from its stage: status, probability, time in stage."""
    completed = dict(values)
    completed["status"] = "open"
    completed["stage_changed_at"] = now
    if completed.get("probability") is None:
        completed["probability"] = stage.probability
    return completed


def reopen_stage(
    deal: Deal, history: Iterable[DealStageChange], stages: Iterable[PipelineStage]
) -> PipelineStage | None:
    """The open stage a closed deal goes back to (see the module docstring)."""
    candidates = {s.id: s for s in open_stages(stages)}
    moves = sorted(
        (c for c in history if c.deal_id == deal.id and not c.deleted),
        key=lambda c: (c.changed_at or c.created_at, str(c.id)),
        reverse=True,
    )
    for change in moves:
        if change.from_stage_id in candidates:
            return candidates[change.from_stage_id]
        if change.to_stage_id in candidates and change.to_stage_id != deal.stage_id:
            return candidates[change.to_stage_id]
    return next(iter(candidates.values()), None)


def ticked(done: Iterable[str], item_id: str, tick: bool) -> list[str]:
    """The checklist-done list with ``item_id`` ticked or unticked (order kept, no repeats)."""
    kept = [i for i in dict.fromkeys(done) if i != item_id]
    return [*kept, item_id] if tick else kept


def stage_item_ids(stage: PipelineStage) -> list[str]:
    """The ids of a stage's checklist items."""
    return [item.id for item in checklist_items(stage)]
