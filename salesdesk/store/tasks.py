"""Queries and writes behind the Tasks area: the filtered task list, the rows it shows,
team members to assign to, tasks due for a reminder, and saving/completing tasks.

The list holds only ids (hex strings) and reads rows by id when it paints them
(:func:`describe_tasks`). Writes go through the store's write path; the rules
(who may assign to whom, reminder before due) come from ``domain.tasks``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa

from salesdesk.domain import tasks as rules
from salesdesk.domain.entities import Customer, Deal, Task, User
from salesdesk.domain.schema import FieldError, ValidationError, utcnow
from salesdesk.store.records import records
from salesdesk.store.search import matching_customers, terms
from salesdesk.store.store import Store
from salesdesk.store.tables import ENTITY_TABLES

task = ENTITY_TABLES["task"]
customer = ENTITY_TABLES["customer"]
deal = ENTITY_TABLES["deal"]
user = ENTITY_TABLES["user"]

SORTS = ("due", "priority", "title", "status", "customer", "created", "completed")
PEOPLE = ("mine", "by_me", "everyone", "user")


@dataclasses.dataclass(frozen=True)
class TaskFilter:
    """What the task list shows.

    ``status``: "open", "done" or "" (both). ``due``: a ``DueWindow``.
    ``people``: "mine" (assigned to me), "by_me" (I assigned to someone else),
    "everyone", or "user" (assigned to ``user_id``: a manager looking at a rep).
    """

    text: str = ""
    status: str = "open"
    due: str = "all"
    priority: str = ""
    people: str = "mine"
    user_id: uuid.UUID | None = None
    sort: str = "due"
    descending: bool = False


def _conditions(
    query: TaskFilter, me: uuid.UUID, now: dt.datetime, tz: dt.tzinfo
) -> list[sa.ColumnElement[bool]]:
    conditions: list[sa.ColumnElement[bool]] = [task.c.deleted.is_(False)]
    if query.status:
        conditions.append(task.c.status == query.status)
    if query.priority:
        conditions.append(task.c.priority == query.priority)
    start, end = rules.due_bounds(query.due, now, tz)
    if start is not None:
        conditions.append(task.c.due_at >= start)
    if end is not None:
        conditions.append(task.c.due_at < end)
    if query.due == rules.DueWindow.OVERDUE:
        conditions.append(task.c.status == "open")
    if query.people == "mine":
        conditions.append(task.c.assignee_id == me)
    elif query.people == "by_me":
        conditions.append(task.c.assigned_by == me)
        conditions.append(sa.or_(task.c.assignee_id.is_(None), task.c.assignee_id != me))
    elif query.people == "user" and query.user_id is not None:
        conditions.append(task.c.assignee_id == query.user_id)
    words = terms(query.text)
    if words:
        like = [
            sa.or_(task.c.title.contains(w, autoescape=True), task.c.description.contains(w))
            for w in words
        ]
        found = matching_customers(query.text)
        by_customer = (
            [task.c.customer_id.in_(sa.select(customer.c.id).where(found))]
            if found is not None
            else []
        )
        conditions.append(sa.or_(sa.and_(*like), *by_customer))
    return conditions


def _order(query: TaskFilter) -> list[Any]:
    rank = sa.case(
        dict(rules.PRIORITY_RANK),
        value=task.c.priority,
        else_=len(rules.PRIORITY_RANK),
    )
    customer_name = (
        sa.select(customer.c.name).where(customer.c.id == task.c.customer_id).scalar_subquery()
    )
    columns: dict[str, list[Any]] = {
        "due": [task.c.due_at],
        "priority": [rank, task.c.due_at],
        "title": [task.c.title],
        "status": [task.c.status, task.c.due_at],
        "customer": [customer_name, task.c.due_at],
        "created": [task.c.created_at],
        "completed": [task.c.completed_at],
    }
    order = columns.get(query.sort, columns["due"])
    # Tasks without a due date come last either way.
    first = [task.c.due_at.is_(None)] if query.sort in ("due", "priority", "status") else []
    return first + ([c.desc() for c in order] if query.descending else list(order))


def task_ids(
    connection: sa.Connection,
    query: TaskFilter,
    *,
    me: uuid.UUID,
    now: dt.datetime,
    tz: dt.tzinfo,
) -> list[str]:
    """Ids (hex strings) of the tasks matching ``query``, in its order."""
    statement: sa.Select[Any] = (
        sa.select(sa.literal_column("task.id"))
        .select_from(task)
        .where(*_conditions(query, me, now, tz))
        .order_by(*_order(query), task.c.id)
    )
    return [row[0] for row in connection.execute(statement)]


@dataclasses.dataclass(frozen=True)
class TaskRow:
    """A task with the names the list and the detail pane show."""

    task: Task
    customer_name: str = ""
    deal_title: str = ""
    assignee_name: str = ""
    assigned_by_name: str = ""


def describe_tasks(store: Store, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, TaskRow]:
    """Tasks by id (tombstones included) with their customer, deal and people names."""
    found: dict[uuid.UUID, Task] = store.get_many(Task, ids)
    customers = store.get_many(Customer, {t.customer_id for t in found.values() if t.customer_id})
    deals = store.get_many(Deal, {t.deal_id for t in found.values() if t.deal_id})
    people = {t.assignee_id for t in found.values()} | {t.assigned_by for t in found.values()}
    users = store.get_many(User, {p for p in people if p is not None})

    def name(user_id: uuid.UUID | None) -> str:
        return users[user_id].display_name if user_id in users else ""

    rows = {}
    for task_id, record in found.items():
        linked_customer = customers.get(record.customer_id) if record.customer_id else None
        linked_deal = deals.get(record.deal_id) if record.deal_id else None
        rows[task_id] = TaskRow(
            task=record,
            customer_name=linked_customer.name
            if linked_customer and not linked_customer.deleted
            else "",
            deal_title=linked_deal.title if linked_deal and not linked_deal.deleted else "",
            assignee_name=name(record.assignee_id),
            assigned_by_name=name(record.assigned_by),
        )
    return rows


def team_members(connection: sa.Connection, team_id: uuid.UUID | None) -> list[User]:
    """Active users of the team (everyone in the local directory when there is no team)."""
    query = sa.select(user).where(user.c.deleted.is_(False), user.c.active.is_(True))
    if team_id is not None:
        query = query.where(user.c.team_id == team_id)
    rows = connection.execute(query.order_by(user.c.display_name, user.c.id)).mappings()
    return records(User, rows)


def customer_deals(connection: sa.Connection, customer_id: uuid.UUID) -> list[Deal]:
    """A customer's deals, open ones first, newest first: what a task can be linked to."""
    rows = connection.execute(
        sa.select(deal)
        .where(deal.c.customer_id == customer_id, deal.c.deleted.is_(False))
        .order_by((deal.c.status != "open"), deal.c.created_at.desc())
    ).mappings()
    return records(Deal, rows)


def reminder_candidates(
    connection: sa.Connection, assignee_id: uuid.UUID, now: dt.datetime, since: dt.datetime
) -> list[Task]:
    """Open tasks of ``assignee_id`` whose reminder (or due) time lies in ``(since, now]``."""
    at = sa.func.coalesce(task.c.remind_at, task.c.due_at, type_=task.c.due_at.type)
    rows = connection.execute(
        sa.select(task)
        .where(
            task.c.deleted.is_(False),
            task.c.status == "open",
            task.c.assignee_id == assignee_id,
            at > since,
            at <= now,
        )
        .order_by(at, task.c.id)
    ).mappings()
    return records(Task, rows)


# ---- writing -----------------------------------------------------------------------------------


def _checked(store: Store, connection: sa.Connection, values: Mapping[str, Any]) -> dict[str, Any]:
    """The values with the task rules applied: assignment, times, the deal's customer."""
    profile = store.profile
    checked = dict(values)
    errors: list[FieldError] = []
    if "assignee_id" in checked:
        members = {m.id for m in team_members(connection, profile.team_id)}
        errors += rules.assignment_errors(
            profile.role, profile.user_id, checked["assignee_id"], members
        )
    errors += rules.time_errors(checked.get("due_at"), checked.get("remind_at"))
    deal_id = checked.get("deal_id")
    if deal_id is not None:
        owner = connection.execute(
            sa.select(deal.c.customer_id).where(deal.c.id == deal_id, deal.c.deleted.is_(False))
        ).scalar_one_or_none()
        if owner is not None:
            if checked.get("customer_id") is None:
                checked["customer_id"] = owner
            elif checked["customer_id"] != owner:
                errors.append(
                    FieldError("deal_id", "other_customer", "the deal belongs to another customer")
                )
    if errors:
        raise ValidationError(errors)
    return checked


def save_task(store: Store, values: Mapping[str, Any], task_id: uuid.UUID | None = None) -> Task:
    """Create a task (``task_id`` None) or change one, checking the task rules."""
    with store.transaction() as writer:
        if task_id is None:
            given = dict(values)
            given.setdefault("assignee_id", store.profile.user_id)
            return writer.create(Task, _checked(store, writer.connection, given))
        current = store.require(Task, task_id)
        given = dict(values)
        if "assignee_id" in given and given["assignee_id"] == current.assignee_id:
            del given["assignee_id"]  # unchanged: no need to be allowed to assign it
        merged = {
            "due_at": current.due_at,
            "remind_at": current.remind_at,
            "customer_id": current.customer_id,
            **given,
        }
        checked = _checked(store, writer.connection, merged)
        changes = {
            k: v
            for k, v in checked.items()
            if k in given or (k == "customer_id" and v != current.customer_id)
        }
        return writer.update(Task, task_id, changes)


def set_done(store: Store, task_id: uuid.UUID, done: bool, now: dt.datetime | None = None) -> Task:
    """Complete (``done``) or reopen a task: its status and ``completed_at``."""
    return store.update(Task, task_id, **rules.completion_changes(done, now or utcnow()))
