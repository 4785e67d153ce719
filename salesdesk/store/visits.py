"""Visits in the local store: a rep's days and weeks, the writes that keep routes in order,
and visit attachments.

Every write here goes through one ``store.transaction()``: the visit change,
the route numbers of the days it touches (``domain.visits.arrange``) and a
follow-up task made from a next step are committed together or not at all.
Attachments are kept in the database (``Attachment.content``) with their
size and SHA-256; lists read them without their content.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import mimetypes
import uuid
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from salesdesk.domain import visits as rules
from salesdesk.domain.entities import (
    MAX_ATTACHMENT_BYTES,
    Attachment,
    Contact,
    Customer,
    Task,
    User,
    Visit,
)
from salesdesk.domain.schema import FieldError, Record, ValidationError
from salesdesk.store.store import NotFoundError, Store, StoreError, Writer, record_from_row
from salesdesk.store.tables import ENTITY_TABLES

visit_table = ENTITY_TABLES["visit"]
attachment_table = ENTITY_TABLES["attachment"]
task_table = ENTITY_TABLES["task"]

__all__ = [
    "AttachmentInfo",
    "AttachmentTooLargeError",
    "FollowUp",
    "Saved",
    "VisitDetails",
    "VisitItem",
    "attach_bytes",
    "attach_file",
    "attachment_content",
    "attachments_of",
    "cancel_visit",
    "check_in",
    "check_out",
    "delete_visit",
    "load_details",
    "move_visit",
    "plan_route",
    "reopen_visit",
    "restore_visit",
    "route_positions",
    "save_attachment",
    "save_visit",
    "set_route",
    "visit_items",
    "visit_reps",
]


# ---- reading ----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class VisitItem:
    """A visit with what a list shows about it: its customer's name and address, the contact."""

    visit: Visit
    customer_name: str = ""
    province: str = ""
    city: str = ""
    district: str = ""
    address: str = ""
    contact_name: str = ""
    contact_mobile: str = ""
    attachment_count: int = 0

    @property
    def area(self) -> str:
        """Province, city and district (a municipality's name once: 北京市 朝阳区)."""
        parts: list[str] = []
        for part in (self.province, self.city, self.district):
            if part and part not in parts:
                parts.append(part)
        return " ".join(parts)

    @property
    def full_address(self) -> str:
        """Where to go: the area, then the street address (without saying a place twice)."""
        if not self.address:
            return self.area
        prefix = self.area
        if self.district and self.address.startswith(self.district):
            prefix = " ".join(p for p in (self.province, self.city) if p and p != self.district)
        if any(p and self.address.startswith(p) for p in (self.province, self.city)):
            prefix = ""
        if self.province == self.city and prefix:
            prefix = " ".join(dict.fromkeys(prefix.split()))  # 北京市 北京市 → 北京市
        return f"{prefix} {self.address}".strip()


def _customers_of(store: Store, visits: Iterable[Visit]) -> dict[uuid.UUID, Customer]:
    return store.get_many(Customer, {v.customer_id for v in visits if v.customer_id})


def _items(
    store: Store, visits: list[Visit], customers: Mapping[uuid.UUID, Customer] | None = None
) -> list[VisitItem]:
    if customers is None:
        customers = _customers_of(store, visits)
    contacts = store.get_many(Contact, {v.contact_id for v in visits if v.contact_id})
    counts: dict[uuid.UUID, int] = {}
    if visits:
        ids = [v.id for v in visits]
        with store.engine.connect() as connection:
            for start in range(0, len(ids), 500):
                rows = connection.execute(
                    sa.select(attachment_table.c.visit_id, sa.func.count())
                    .where(
                        attachment_table.c.visit_id.in_(ids[start : start + 500]),
                        attachment_table.c.deleted.is_(False),
                    )
                    .group_by(attachment_table.c.visit_id)
                )
                counts.update({visit_id: int(n) for visit_id, n in rows})
    items = []
    for visit in visits:
        customer = customers.get(visit.customer_id) if visit.customer_id else None
        contact = contacts.get(visit.contact_id) if visit.contact_id else None
        if contact is not None and contact.deleted:
            contact = None
        items.append(
            VisitItem(
                visit=visit,
                customer_name=customer.name if customer else "",
                province=customer.province if customer else "",
                city=customer.city if customer else "",
                district=customer.district if customer else "",
                address=customer.address if customer else "",
                contact_name=contact.name if contact else "",
                contact_mobile=(contact.mobile or contact.phone) if contact else "",
                attachment_count=counts.get(visit.id, 0),
            )
        )
    return items


def route_positions(
    visits: Iterable[Visit], customers: Mapping[uuid.UUID, Customer]
) -> dict[uuid.UUID, int]:
    """Each routed visit's place in its rep's day (0, 1, 2 …): the stored route order, or —
    for a day nobody has numbered yet (visits made elsewhere) — the planned one."""
    days: dict[tuple[dt.date | None, uuid.UUID | None], list[Visit]] = {}
    for visit in visits:
        days.setdefault((visit.planned_on, visit.rep_id), []).append(visit)
    positions: dict[uuid.UUID, int] = {}
    for day in days.values():
        routed = rules.routed(day)
        if routed and all(v.route_order == 0 for v in routed):
            order = rules.planned_order(routed, customers)
        else:
            order = rules.current_order(routed)
        positions.update({visit_id: n for n, visit_id in enumerate(order)})
    return positions


def visit_items(
    store: Store,
    first: dt.date,
    last: dt.date,
    *,
    rep_id: uuid.UUID | None = None,
    statuses: Collection[str] = (),
) -> list[VisitItem]:
    """Visits planned from ``first`` to ``last`` (inclusive), each day in route order
    (:func:`route_positions`), cancelled visits after the day's route.

    ``rep_id``: one rep's visits (None: everyone's in this copy); ``statuses``: only these.
    """
    where = [visit_table.c.planned_on >= first, visit_table.c.planned_on <= last]
    if rep_id is not None:
        where.append(visit_table.c.rep_id == rep_id)
    visits = store.select(Visit, *where)
    customers = _customers_of(store, visits)
    positions = route_positions(visits, customers)

    def key(visit: Visit) -> tuple[Any, ...]:
        return (
            visit.planned_on or dt.date.max,
            str(visit.rep_id),
            visit.status == "cancelled",
            positions.get(visit.id, 0),
            visit.planned_time or "99:99",
            str(visit.id),
        )

    shown = sorted((v for v in visits if not statuses or v.status in statuses), key=key)
    return _items(store, shown, customers)


@dataclasses.dataclass(frozen=True)
class AttachmentInfo:
    """An attachment without its content."""

    id: uuid.UUID
    visit_id: uuid.UUID
    file_name: str
    mime_type: str
    size: int
    sha256: str
    created_at: dt.datetime


_INFO_COLUMNS = [
    attachment_table.c.id,
    attachment_table.c.visit_id,
    attachment_table.c.file_name,
    attachment_table.c.mime_type,
    attachment_table.c.size,
    attachment_table.c.sha256,
    attachment_table.c.created_at,
]


def attachments_of(store: Store, visit_id: uuid.UUID) -> list[AttachmentInfo]:
    """A visit's attachments, oldest first, without reading their content."""
    with store.engine.connect() as connection:
        rows = connection.execute(
            sa.select(*_INFO_COLUMNS)
            .where(attachment_table.c.visit_id == visit_id, attachment_table.c.deleted.is_(False))
            .order_by(attachment_table.c.created_at, attachment_table.c.id)
        ).mappings()
        return [AttachmentInfo(**row) for row in rows]


@dataclasses.dataclass(frozen=True)
class VisitDetails:
    """Everything the visit pane shows, read in one go on the database thread."""

    item: VisitItem
    attachments: list[AttachmentInfo]
    tasks: list[Task]  # follow-up tasks made from this visit
    rep_name: str
    note_authors: dict[uuid.UUID, str]


def load_details(store: Store, visit_id: uuid.UUID) -> VisitDetails | None:
    visit = store.get(Visit, visit_id)
    if visit is None:
        return None
    [item] = _items(store, [visit])
    tasks = store.select(
        Task, task_table.c.visit_id == visit_id, order_by=[task_table.c.created_at]
    )
    user_ids = {n.by for n in visit.notes if n.by} | ({visit.rep_id} if visit.rep_id else set())
    names = {uid: user.display_name for uid, user in store.get_many(User, user_ids).items()}
    return VisitDetails(
        item=item,
        attachments=attachments_of(store, visit_id),
        tasks=tasks,
        rep_name=names.get(visit.rep_id, "") if visit.rep_id else "",
        note_authors=names,
    )


def visit_reps(store: Store) -> list[User]:
    """The people whose visits this copy holds a manager can look at: the team, by name."""
    table = store.table(User)
    team = store.profile.team_id
    where: list[sa.ColumnElement[bool]] = [table.c.active.is_(True)]
    if team is not None:
        where.append(table.c.team_id == team)
    return store.select(User, *where, order_by=[table.c.display_name])


# ---- keeping days in route order --------------------------------------------------------------


def _read(writer: Writer, entity: type[Record], *where: sa.ColumnElement[bool]) -> list[Any]:
    """Rows read inside the write transaction (so they include its own changes)."""
    table = ENTITY_TABLES[entity.definition.name]
    rows = writer.connection.execute(
        sa.select(table).where(table.c.deleted.is_(False), *where)
    ).mappings()
    return [record_from_row(entity.definition, row) for row in rows]


def _current_visit(writer: Writer, visit_id: uuid.UUID) -> Visit:
    found = _read(writer, Visit, visit_table.c.id == visit_id)
    if not found:
        raise NotFoundError(f"no visit with id {visit_id}")
    visit: Visit = found[0]
    return visit


class _Days:
    """The days a transaction touches: whether each was planned automatically before the
    change, and new route numbers for each once the change is made."""

    def __init__(self, writer: Writer) -> None:
        self.writer = writer
        self.automatic: dict[tuple[uuid.UUID | None, dt.date], bool] = {}

    def _day(self, rep_id: uuid.UUID | None, day: dt.date) -> tuple[list[Visit], dict[Any, Any]]:
        rep = visit_table.c.rep_id.is_(None) if rep_id is None else visit_table.c.rep_id == rep_id
        visits: list[Visit] = _read(self.writer, Visit, visit_table.c.planned_on == day, rep)
        ids = {v.customer_id for v in visits if v.customer_id}
        customer_table = ENTITY_TABLES["customer"]
        customers = {
            c.id: c for c in _read(self.writer, Customer, customer_table.c.id.in_(list(ids)))
        }
        return visits, customers

    def watch(
        self, rep_id: uuid.UUID | None, day: dt.date | None, *, without: uuid.UUID | None = None
    ) -> None:
        """Remember whether a day is planned automatically now (judged without ``without``)."""
        if day is None or (rep_id, day) in self.automatic:
            return
        visits, customers = self._day(rep_id, day)
        self.automatic[(rep_id, day)] = rules.is_automatic(
            [v for v in visits if v.id != without], customers
        )

    def settle(self) -> None:
        """Number every watched day's route again, keeping automatic or hand-made order."""
        for (rep_id, day), automatic in self.automatic.items():
            visits, customers = self._day(rep_id, day)
            numbers = rules.arrange(visits, customers, automatic=automatic)
            _renumber(self.writer, visits, numbers)


def _renumber(writer: Writer, visits: Iterable[Visit], numbers: Mapping[uuid.UUID, int]) -> None:
    for visit in visits:
        wanted = numbers.get(visit.id, visit.route_order)
        if wanted != visit.route_order:
            writer.update(Visit, visit.id, {"route_order": wanted})


# ---- writing ----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class FollowUp:
    """A task to make from a visit's next step (``title`` None: the next step itself)."""

    due_at: dt.datetime | None
    priority: str = "normal"
    title: str | None = None


@dataclasses.dataclass(frozen=True)
class Saved:
    visit: Visit
    task: Task | None = None


def _raise(errors: list[FieldError]) -> None:
    if errors:
        raise ValidationError(errors)


def _follow_up(
    writer: Writer, visit: Visit, next_step: str, follow_up: FollowUp | None
) -> Task | None:
    if follow_up is None:
        return None
    if not next_step.strip() and not (follow_up.title or "").strip():
        _raise([FieldError("next_step", "required", "a follow-up task needs a next step")])
    values = rules.follow_up_task(
        visit,
        next_step,
        due_at=follow_up.due_at,
        priority=follow_up.priority,
        title=follow_up.title,
    )
    task: Task = writer.create(Task, values)
    return task


def save_visit(
    store: Store,
    values: Mapping[str, Any],
    visit_id: uuid.UUID | None = None,
    *,
    follow_up: FollowUp | None = None,
) -> Saved:
    """Create (``visit_id`` None) or change a visit, keep its days in route order, and make
    a follow-up task from its next step when asked — all in one transaction."""
    with store.transaction() as writer:
        days = _Days(writer)
        if visit_id is None:
            visit: Visit = writer.create(Visit, {**values, "route_order": 0})
        else:
            before = _current_visit(writer, visit_id)
            days.watch(before.rep_id, before.planned_on)
            changes = dict(values)
            if changes.get("planned_on", before.planned_on) != before.planned_on:
                changes["route_order"] = 0  # on its new day it is placed afresh
            visit = writer.update(Visit, visit_id, changes)
        days.watch(visit.rep_id, visit.planned_on, without=visit.id)
        task = _follow_up(writer, visit, visit.next_step, follow_up)
        days.settle()
        visit = _current_visit(writer, visit.id)
    return Saved(visit, task)


def check_in(
    store: Store,
    visit_id: uuid.UUID,
    *,
    at: dt.datetime | None,
    address: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
) -> Visit:
    """Check in to a planned visit: the time and, if known, where (typed or located)."""
    with store.transaction() as writer:
        current = _current_visit(writer, visit_id)
        _raise(rules.check_in_errors(current, at, writer.now))
        days = _Days(writer)
        days.watch(current.rep_id, current.planned_on)
        writer.update(
            Visit,
            visit_id,
            {
                "status": "in_progress",
                "checked_in_at": at,
                "check_in_address": address,
                "latitude": latitude,
                "longitude": longitude,
            },
        )
        days.settle()
        return _current_visit(writer, visit_id)


def check_out(
    store: Store,
    visit_id: uuid.UUID,
    *,
    at: dt.datetime | None,
    outcome: str = "",
    next_step: str = "",
    follow_up: FollowUp | None = None,
) -> Saved:
    """Check out of a checked-in visit (it is done), with its outcome and next step; a
    follow-up task is made in the same transaction when asked."""
    with store.transaction() as writer:
        current = _current_visit(writer, visit_id)
        _raise(rules.check_out_errors(current, at, writer.now))
        visit = writer.update(
            Visit,
            visit_id,
            {"status": "done", "checked_out_at": at, "outcome": outcome, "next_step": next_step},
        )
        task = _follow_up(writer, visit, next_step, follow_up)
    return Saved(visit, task)


def cancel_visit(store: Store, visit_id: uuid.UUID, note: str = "") -> str:
    """Cancel a visit (with a note in its log, if given); returns the status it had."""
    with store.transaction() as writer:
        current = _current_visit(writer, visit_id)
        _raise(rules.cancel_errors(current))
        days = _Days(writer)
        days.watch(current.rep_id, current.planned_on)
        writer.update(Visit, visit_id, {"status": "cancelled"})
        if note.strip():
            writer.add_note(Visit, visit_id, note)
        days.settle()
    return current.status


def reopen_visit(store: Store, visit_id: uuid.UUID, status: str = "planned") -> Visit:
    """Bring a cancelled visit back (to ``status``: the one it had, when undoing)."""
    with store.transaction() as writer:
        current = _current_visit(writer, visit_id)
        if current.status != "cancelled":
            return current
        days = _Days(writer)
        days.watch(current.rep_id, current.planned_on)
        writer.update(Visit, visit_id, {"status": status, "route_order": 0})
        days.settle()
        return _current_visit(writer, visit_id)


def delete_visit(store: Store, visit_id: uuid.UUID) -> None:
    """Delete a visit (with its attachments); the rest of its day closes up."""
    with store.transaction() as writer:
        current = _current_visit(writer, visit_id)
        days = _Days(writer)
        days.watch(current.rep_id, current.planned_on)
        writer.delete(Visit, visit_id)
        days.settle()


def restore_visit(store: Store, visit_id: uuid.UUID) -> Visit:
    """Undo :func:`delete_visit`: the visit (and its attachments) come back on their day."""
    with store.transaction() as writer:
        visit = writer.restore(Visit, visit_id)
        assert isinstance(visit, Visit)
        days = _Days(writer)
        days.watch(visit.rep_id, visit.planned_on, without=visit.id)
        days.settle()
        return _current_visit(writer, visit_id)


def plan_route(store: Store, rep_id: uuid.UUID | None, day: dt.date) -> list[uuid.UUID]:
    """Plan a rep's day afresh (area by area, nearest next); returns the route's visit ids."""
    with store.transaction() as writer:
        days = _Days(writer)
        days.automatic[(rep_id, day)] = True
        days.settle()
        visits, _customers = days._day(rep_id, day)
    return rules.current_order(visits)


def set_route(store: Store, numbers: Mapping[uuid.UUID, int]) -> None:
    """Give visits these route numbers (undoing a re-plan); visits gone meanwhile are skipped."""
    with store.transaction() as writer:
        for visit_id, number in numbers.items():
            found = _read(writer, Visit, visit_table.c.id == visit_id)
            if found and found[0].route_order != number:
                writer.update(Visit, visit_id, {"route_order": number})


def move_visit(store: Store, visit_id: uuid.UUID, position: int) -> None:
    """Put a visit at ``position`` (1-based) of its day's route: a hand-made order."""
    with store.transaction() as writer:
        visit = _current_visit(writer, visit_id)
        if visit.planned_on is None or visit.status == "cancelled":
            _raise([FieldError("route_order", "not_routed", "this visit is not on a route")])
        days = _Days(writer)
        assert visit.planned_on is not None
        visits, _customers = days._day(visit.rep_id, visit.planned_on)
        _renumber(writer, visits, rules.move(visits, visit_id, position))


# ---- attachments ------------------------------------------------------------------------------


class AttachmentTooLargeError(ValueError):
    """A file over ``MAX_ATTACHMENT_BYTES``: nothing was attached."""

    def __init__(self, file_name: str, size: int, limit: int = MAX_ATTACHMENT_BYTES) -> None:
        super().__init__(f"{file_name} has {size} bytes; an attachment has at most {limit}")
        self.file_name = file_name
        self.size = size
        self.limit = limit


def _info(attachment: Attachment) -> AttachmentInfo:
    assert attachment.visit_id is not None
    return AttachmentInfo(
        id=attachment.id,
        visit_id=attachment.visit_id,
        file_name=attachment.file_name,
        mime_type=attachment.mime_type,
        size=attachment.size,
        sha256=attachment.sha256,
        created_at=attachment.created_at,
    )


def _short_name(name: str, limit: int = 255) -> str:
    if len(name) <= limit:
        return name
    suffix = Path(name).suffix[:20]
    return name[: limit - len(suffix)] + suffix


def attach_bytes(
    store: Store, visit_id: uuid.UUID, file_name: str, content: bytes, mime_type: str = ""
) -> AttachmentInfo:
    """Attach ``content`` to a visit under ``file_name`` (size, type and SHA-256 recorded)."""
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise AttachmentTooLargeError(file_name, len(content))
    name = _short_name(Path(file_name).name or "file")
    mime = mime_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    with store.transaction() as writer:
        attachment = writer.create(
            Attachment,
            {
                "visit_id": visit_id,
                "file_name": name,
                "mime_type": mime[:100],
                "size": len(content),
                "sha256": hashlib.sha256(content).hexdigest(),
                "content": content,
            },
        )
    return _info(attachment)


def attach_file(store: Store, visit_id: uuid.UUID, path: Path | str) -> AttachmentInfo:
    """Attach a file from disk; too large a file is refused before it is read."""
    source = Path(path)
    size = source.stat().st_size
    if size > MAX_ATTACHMENT_BYTES:
        raise AttachmentTooLargeError(source.name, size)
    return attach_bytes(store, visit_id, source.name, source.read_bytes())


def attachment_content(store: Store, attachment_id: uuid.UUID) -> tuple[str, bytes]:
    """An attachment's file name and content, checked against its recorded SHA-256."""
    attachment = store.get(Attachment, attachment_id)
    if attachment is None:
        raise NotFoundError(f"no attachment with id {attachment_id}")
    if attachment.sha256 and hashlib.sha256(attachment.content).hexdigest() != attachment.sha256:
        raise StoreError(f"{attachment.file_name} is damaged: its content does not match")
    return attachment.file_name, attachment.content


def save_attachment(store: Store, attachment_id: uuid.UUID, path: Path | str) -> Path:
    """Write an attachment back to disk at ``path``; returns the path written."""
    _name, content = attachment_content(store, attachment_id)
    target = Path(path)
    target.write_bytes(content)
    return target
