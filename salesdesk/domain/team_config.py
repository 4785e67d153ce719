"""Rules for a team's configuration that the entity declarations cannot say alone.

Report templates (汇报模板)
    * at least one written section; each section has a title, and a key (a stable
      identifier reports store their text under: lower-case letters, digits and ``_``)
      that no other section of the template uses;
    * automatic figures are those of ``defaults.FIGURES``;
    * the deadline day means a weekday for weekly reports (1 = Monday … 7 = Sunday, 0 =
      Sunday) and a day of the next month for monthly ones (1–31, 0 = the reported month's
      last day); daily reports are due on the day itself (the day is not used);
    * one active template per kind: reports follow the active one, so activating a template
      retires the kind's other active templates (:func:`templates_to_retire`).

Pipeline stages (销售进程)
    * a name, unique among the team's active stages (ignoring case and spaces);
    * a won stage has probability 100 and a lost stage 0 — a deal entering it takes the
      stage's probability, and a closed deal's chance is no longer a guess;
    * every checklist item has a text; items keep their ``id`` when edited (deals record
      the ticked items by id), new items get a new id (:func:`new_item_id`);
    * the active pipeline keeps at least one open, one won and one lost stage;
    * a stage that holds open deals cannot be deactivated (they would vanish from the
      board): move them first. A stage any deal or stage history refers to is never
      deleted, only deactivated (:func:`deletable`).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from salesdesk.domain.defaults import FIGURES
from salesdesk.domain.entities import PipelineStage
from salesdesk.domain.pipeline import ordered_stages
from salesdesk.domain.schema import FieldError

__all__ = [
    "SECTION_KEY",
    "deletable",
    "new_item_id",
    "new_section_key",
    "pipeline_errors",
    "reorder",
    "stage_errors",
    "template_errors",
    "templates_to_retire",
]

SECTION_KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")
OUTCOME_PROBABILITY = {"won": 100, "lost": 0}


# ---- report templates ---------------------------------------------------------------------------


def template_errors(
    kind: str, sections: Sequence[Mapping[str, Any]], figures: Iterable[str], deadline_day: int
) -> list[FieldError]:
    """Problems with a template's sections, figures and deadline day (rules above).

    Section errors are named ``sections.<index>`` (0-based) so a form shows them on the row.
    """
    errors: list[FieldError] = []
    if not sections:
        errors.append(FieldError("sections", "no_sections", "a template needs a written section"))
    seen: set[str] = set()
    for index, section in enumerate(sections):
        field = f"sections.{index}"
        key = str(section.get("key") or "")
        title = str(section.get("title") or "").strip()
        if not title:
            errors.append(FieldError(field, "title_required", "a section needs a title"))
        elif not SECTION_KEY.fullmatch(key):
            errors.append(FieldError(field, "invalid_key", f"{key!r} is not a section key"))
        elif key in seen:
            errors.append(FieldError(field, "duplicate_key", f"the key {key!r} is used twice"))
        seen.add(key)
    unknown = [f for f in figures if f not in FIGURES]
    if unknown:
        errors.append(
            FieldError("figures", "unknown_figure", f"unknown figures: {', '.join(unknown)}")
        )
    if kind == "weekly" and not 0 <= deadline_day <= 7:
        errors.append(FieldError("deadline_day", "invalid_weekday", "a weekday is 1 to 7"))
    elif kind == "monthly" and not 0 <= deadline_day <= 31:
        errors.append(FieldError("deadline_day", "invalid_day", "a day of the month is 1 to 31"))
    return errors


def new_section_key(existing: Iterable[str]) -> str:
    """A key for a new section: ``section_<n>`` with the smallest unused n."""
    used = set(existing)
    number = 1
    while f"section_{number}" in used:
        number += 1
    return f"section_{number}"


def templates_to_retire(
    templates: Iterable[Any], kind: str, keep: uuid.UUID | None
) -> list[uuid.UUID]:
    """The other active templates of ``kind`` to deactivate when ``keep`` becomes active."""
    return [
        t.id
        for t in templates
        if not t.deleted and t.active and t.kind == kind and (keep is None or t.id != keep)
    ]


# ---- pipeline stages ----------------------------------------------------------------------------


def _name_key(name: str) -> str:
    return "".join(name.split()).casefold()


def stage_errors(
    values: Mapping[str, Any],
    others: Iterable[PipelineStage],
) -> list[FieldError]:
    """Problems with one stage's values (``name``, ``outcome``, ``probability``, ``checklist``)
    among the team's ``others`` (the stage itself left out). Checklist errors are named
    ``checklist.<index>``."""
    errors: list[FieldError] = []
    name = str(values.get("name") or "")
    active = bool(values.get("active", True))
    if active and name.strip():
        taken = {_name_key(s.name) for s in others if not s.deleted and s.active}
        if _name_key(name) in taken:
            errors.append(FieldError("name", "duplicate_name", "another stage has this name"))
    outcome = str(values.get("outcome") or "open")
    probability = values.get("probability")
    expected = OUTCOME_PROBABILITY.get(outcome)
    if expected is not None and probability != expected:
        errors.append(
            FieldError(
                "probability",
                f"{outcome}_probability",
                f"a {outcome} stage has probability {expected}%",
            )
        )
    seen: set[str] = set()
    for index, item in enumerate(values.get("checklist") or ()):
        field = f"checklist.{index}"
        if not str(item.get("text") or "").strip():
            errors.append(FieldError(field, "required", "a checklist item needs a text"))
        item_id = str(item.get("id") or "")
        if not item_id or item_id in seen:
            errors.append(FieldError(field, "duplicate_item", "each item needs its own id"))
        seen.add(item_id)
    return errors


def pipeline_errors(stages: Iterable[PipelineStage]) -> list[FieldError]:
    """Problems with the pipeline as a whole: it needs an active open, won and lost stage."""
    outcomes = {s.outcome for s in ordered_stages(stages)}
    return [
        FieldError(
            "outcome", f"no_{outcome}_stage", f"the pipeline needs an active {outcome} stage"
        )
        for outcome in ("open", "won", "lost")
        if outcome not in outcomes
    ]


def deletable(deal_count: int, change_count: int) -> bool:
    """A stage may be deleted only when no deal and no stage history refers to it."""
    return deal_count == 0 and change_count == 0


def new_item_id(code: str, existing: Iterable[str]) -> str:
    """An id for a new checklist item, unique in the team (deals tick items by id)."""
    used = set(existing)
    while True:
        candidate = f"{code or 'item'}-{uuid.uuid4().hex[:8]}"
        if candidate not in used:
            return candidate


def reorder(
    stages: Iterable[PipelineStage], stage_id: uuid.UUID, offset: int
) -> dict[uuid.UUID, int]:
    """New positions (0, 1, 2 …) after moving one stage ``offset`` places in board order.

    Inactive stages keep their place among the others. Only changed positions are returned.
    """
    order = ordered_stages(stages, include_inactive=True)
    index = next((i for i, s in enumerate(order) if s.id == stage_id), None)
    if index is None:
        raise ValueError(f"no stage {stage_id}")
    target = max(0, min(len(order) - 1, index + offset))
    moved = order.pop(index)
    order.insert(target, moved)
    return {s.id: position for position, s in enumerate(order) if s.position != position}
