"""A customer's timeline: everything that happened with it, newest first.

Entries come from the customer's visits (planned, done, cancelled), deals
(created, stage changes, won or lost), tasks (created, done), feedback, the
customer's own note log, and reports whose written sections mention the
customer by its name or its normalised short name (``dedupe.normalize_company_name``:
深圳市华为技术有限公司 → 华为).

Each entry has an instant (UTC; ``date_only`` when only a local date is known),
who did it, a short title, optional detail text, and the record to open.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa

from salesdesk.domain.dedupe import normalize_company_name
from salesdesk.domain.entities import (
    Customer,
    CustomerFeedback,
    Deal,
    DealStageChange,
    PipelineStage,
    Report,
    Task,
    User,
    Visit,
)
from salesdesk.domain.periods import utc_instant
from salesdesk.store.reports import local_zone
from salesdesk.store.store import Store

MIN_SHORT_NAME = 2  # a shorter normalised name would match far too much text

KINDS = (
    "visit_planned",
    "visit_done",
    "visit_cancelled",
    "deal_created",
    "deal_stage",
    "deal_won",
    "deal_lost",
    "task_created",
    "task_done",
    "feedback",
    "note",
    "report",
)
GROUPS = {
    "visit_planned": "visits",
    "visit_done": "visits",
    "visit_cancelled": "visits",
    "deal_created": "deals",
    "deal_stage": "deals",
    "deal_won": "deals",
    "deal_lost": "deals",
    "task_created": "tasks",
    "task_done": "tasks",
    "feedback": "feedback",
    "note": "notes",
    "report": "reports",
}


@dataclasses.dataclass(frozen=True)
class TimelineEntry:
    """One event in a customer's history.

    ``values`` holds what the screen needs to word the entry in the user's
    language (stage names, amounts, codes); ``title`` is the record's own
    text (a visit's purpose, a deal's title…).
    """

    at: dt.datetime
    kind: str  # one of KINDS
    title: str
    detail: str
    entity: str  # the record to open
    row_id: uuid.UUID
    date_only: bool = False
    who_id: uuid.UUID | None = None
    who: str = ""  # the person's name
    values: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def group(self) -> str:
        return GROUPS[self.kind]


def mention_terms(name: str) -> list[str]:
    """What to look for in report text: the full name and its normalised short name."""
    terms = [name.strip()] if name.strip() else []
    short = normalize_company_name(name)
    if len(short) >= MIN_SHORT_NAME and short not in (t.lower() for t in terms):
        terms.append(short)
    return terms


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def mentions(sections: Mapping[str, Any], terms: Iterable[str]) -> str:
    """The first section text that mentions one of ``terms`` (case-insensitively), or ''."""
    wanted = [t.lower() for t in terms if t]
    for value in sections.values():
        if isinstance(value, str) and any(t in value.lower() for t in wanted):
            return value
    return ""


def reports_mentioning(store: Store, name: str) -> list[tuple[Report, str]]:
    """Reports whose sections mention a customer ``name``, each with the section text."""
    terms = mention_terms(name)
    if not terms:
        return []
    table = store.table(Report)
    text = sa.cast(table.c.sections, sa.Text)
    candidates = store.select(
        Report,
        sa.or_(*(text.like(_like(term), escape="\\") for term in terms)),
        order_by=[table.c.period_start.desc()],
    )
    found = []
    for report in candidates:
        section = mentions(report.sections, terms)
        if section:
            found.append((report, section))
    return found


def _day_start(day: dt.date, tz: dt.tzinfo, time: dt.time | None = None) -> dt.datetime:
    return utc_instant(day, time or dt.time(), tz)


def _planned_time(text: str) -> dt.time | None:
    try:
        hours, minutes = text.split(":")
        return dt.time(int(hours), int(minutes))
    except ValueError:
        return None


def customer_timeline(
    store: Store, customer_id: uuid.UUID, tz: dt.tzinfo | None = None
) -> list[TimelineEntry]:
    """Everything that happened with a customer, newest first (an empty list if it is gone)."""
    tz = tz or local_zone()
    customer = store.get(Customer, customer_id)
    if customer is None:
        return []
    entries: list[TimelineEntry] = []

    # ---- visits
    visit_table = store.table(Visit)
    for visit in store.select(Visit, visit_table.c.customer_id == customer_id):
        if visit.status in ("done", "in_progress") and visit.checked_in_at is not None:
            entries.append(
                TimelineEntry(
                    at=visit.checked_in_at,
                    kind="visit_done",
                    who_id=visit.rep_id,
                    title=visit.purpose,
                    detail="\n".join(p for p in (visit.outcome, visit.next_step) if p),
                    entity="visit",
                    row_id=visit.id,
                    values={
                        "outcome": visit.outcome,
                        "next_step": visit.next_step,
                        "in_progress": visit.status == "in_progress",
                    },
                )
            )
            continue
        planned_time = _planned_time(visit.planned_time) if visit.planned_time else None
        if visit.planned_on is not None:
            at = _day_start(visit.planned_on, tz, planned_time)
            date_only = planned_time is None
        else:
            at, date_only = visit.created_at, False
        entries.append(
            TimelineEntry(
                at=at,
                kind="visit_cancelled" if visit.status == "cancelled" else "visit_planned",
                who_id=visit.rep_id,
                title=visit.purpose,
                detail=visit.outcome,
                entity="visit",
                row_id=visit.id,
                date_only=date_only,
            )
        )

    # ---- deals and their stage changes
    deal_table = store.table(Deal)
    deals = store.select(Deal, deal_table.c.customer_id == customer_id)
    deal_ids = [deal.id for deal in deals]
    stages = {s.id: s for s in store.select(PipelineStage, deleted=True)}

    def stage_name(stage_id: uuid.UUID | None) -> str:
        stage = stages.get(stage_id) if stage_id is not None else None
        return stage.name if stage is not None else ""

    change_table = store.table(DealStageChange)
    changes = (
        store.select(DealStageChange, change_table.c.deal_id.in_(deal_ids)) if deal_ids else []
    )
    closing_changes: set[uuid.UUID] = set()
    by_deal = {deal.id: deal for deal in deals}
    for deal in deals:
        entries.append(
            TimelineEntry(
                at=deal.created_at,
                kind="deal_created",
                who_id=deal.owner_id,
                title=deal.title,
                detail="",
                entity="deal",
                row_id=deal.id,
                values={"amount": deal.amount},
            )
        )
    for change in changes:
        changed = by_deal.get(change.deal_id) if change.deal_id else None
        if changed is None or change.from_stage_id is None:
            continue  # the creation of the deal is its own entry
        target = stages.get(change.to_stage_id) if change.to_stage_id else None
        outcome = target.outcome if target is not None else "open"
        kind = {"won": "deal_won", "lost": "deal_lost"}.get(outcome, "deal_stage")
        if kind != "deal_stage":
            closing_changes.add(changed.id)
        entries.append(
            TimelineEntry(
                at=change.changed_at or change.created_at,
                kind=kind,
                who_id=change.changed_by,
                title=changed.title,
                detail=changed.lost_reason if kind == "deal_lost" else "",
                entity="deal",
                row_id=changed.id,
                values={
                    "from_stage": stage_name(change.from_stage_id),
                    "to_stage": stage_name(change.to_stage_id),
                    "amount": changed.amount,
                },
            )
        )
    for deal in deals:
        if deal.status in ("won", "lost") and deal.id not in closing_changes:
            closed = deal.closed_on
            entries.append(
                TimelineEntry(
                    at=_day_start(closed, tz) if closed else deal.updated_at,
                    kind="deal_won" if deal.status == "won" else "deal_lost",
                    who_id=deal.owner_id,
                    title=deal.title,
                    detail=deal.lost_reason if deal.status == "lost" else "",
                    entity="deal",
                    row_id=deal.id,
                    date_only=closed is not None,
                    values={"to_stage": stage_name(deal.stage_id), "amount": deal.amount},
                )
            )

    # ---- tasks (linked to the customer or to one of its deals)
    task_table = store.table(Task)
    link = task_table.c.customer_id == customer_id
    if deal_ids:
        link = sa.or_(link, task_table.c.deal_id.in_(deal_ids))
    for task in store.select(Task, link):
        entries.append(
            TimelineEntry(
                at=task.created_at,
                kind="task_created",
                who_id=task.assigned_by or task.assignee_id,
                title=task.title,
                detail=task.description,
                entity="task",
                row_id=task.id,
                values={"due_at": task.due_at},
            )
        )
        if task.status == "done":
            entries.append(
                TimelineEntry(
                    at=task.completed_at or task.updated_at,
                    kind="task_done",
                    who_id=task.assignee_id,
                    title=task.title,
                    detail="",
                    entity="task",
                    row_id=task.id,
                )
            )

    # ---- feedback
    feedback_table = store.table(CustomerFeedback)
    for feedback in store.select(CustomerFeedback, feedback_table.c.customer_id == customer_id):
        day = feedback.recorded_on
        precise = day is None or feedback.created_at.astimezone(tz).date() == day
        entries.append(
            TimelineEntry(
                at=feedback.created_at if precise or day is None else _day_start(day, tz),
                kind="feedback",
                who_id=feedback.recorded_by,
                title=feedback.body,
                detail="",
                entity="feedback",
                row_id=feedback.id,
                date_only=not precise,
                values={"kind": feedback.kind, "rating": feedback.rating},
            )
        )

    # ---- the customer's notes
    for note in customer.notes:
        entries.append(
            TimelineEntry(
                at=note.at,
                kind="note",
                who_id=note.by,
                title=note.text,
                detail="",
                entity="customer",
                row_id=customer.id,
                values={"note_id": note.id},
            )
        )

    # ---- reports that mention the customer
    for report, section in reports_mentioning(store, customer.name):
        entries.append(
            TimelineEntry(
                at=report.submitted_at or report.updated_at,
                kind="report",
                who_id=report.author_id,
                title=section,
                detail="",
                entity="report",
                row_id=report.id,
                values={
                    "report_kind": report.kind,
                    "period_start": report.period_start,
                    "status": report.status,
                },
            )
        )

    users = store.get_many(User, {e.who_id for e in entries if e.who_id is not None})
    named = [
        dataclasses.replace(entry, who=users[entry.who_id].display_name)
        if entry.who_id in users
        else entry
        for entry in entries
    ]
    named.sort(key=lambda e: (e.at, KINDS.index(e.kind)), reverse=True)
    return named
