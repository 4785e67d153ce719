"""Queries and writes behind the Review area (审阅): the team's reports for a span, who has not
reported by the deadline, reading, commenting and rating, and the data of a PDF export.

The rules come from ``domain.reports`` (deadlines, on time, late) and ``domain.review``
(which reports a span holds, what a report this copy does not hold can mean). Everything here
runs on the database thread; screens get plain frozen dataclasses.

Writes go through the store's write path, so the rep sees the manager's comment, score and
"read" mark after their next sync:

* opening a submitted report of someone else marks it read (``read_at``, once);
* a comment is a new ``ReportComment`` (append-only) written by the manager;
* a score (1–5) sets ``score``, ``reviewed_by`` and ``reviewed_at``; a comment stamps
  ``reviewed_by``/``reviewed_at`` too. Only submitted reports are reviewed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Collection, Iterable, Mapping
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from salesdesk.domain.entities import (
    CustomerFeedback,
    DealStageChange,
    Report,
    ReportComment,
    ReportTemplate,
    Task,
    Visit,
)
from salesdesk.domain.periods import Period, local_date
from salesdesk.domain.reports import is_on_time, report_deadline, report_period, report_states
from salesdesk.domain.review import ReviewStatus, report_slots, review_state
from salesdesk.domain.schema import FieldError, ValidationError, utcnow
from salesdesk.store.reports import (
    CommentView,
    active_templates,
    comments_of,
    figures_from_json,
    local_zone,
    pending_report_ids,
    user_names,
)
from salesdesk.store.store import Store
from salesdesk.store.team import Member, last_sync, team_reps

__all__ = [
    "ExportedReport",
    "ReviewData",
    "ReviewRow",
    "add_comment",
    "last_heard",
    "mark_read",
    "rate_report",
    "reports_for_export",
    "review_data",
]

# Rows a rep creates and whose creator the row names: evidence of the rep's last sync.
_CREATED_BY: tuple[tuple[type[Any], str], ...] = (
    (Report, "author_id"),
    (ReportComment, "author_id"),
    (Visit, "rep_id"),
    (Task, "assigned_by"),
    (DealStageChange, "changed_by"),
    (CustomerFeedback, "recorded_by"),
)


@dataclasses.dataclass(frozen=True)
class ReviewRow:
    """One rep's report of one kind and period: its status and the manager's review."""

    rep_id: uuid.UUID
    rep_name: str
    kind: str
    period: Period
    status: ReviewStatus
    deadline: dt.datetime
    report_id: uuid.UUID | None  # the submitted report, else the latest draft, else None
    submitted_at: dt.datetime | None
    has_draft: bool
    unsynced: bool  # submitted on this computer, not yet on the server
    read_at: dt.datetime | None
    score: int | None
    comments: int
    last_heard: dt.datetime | None  # the rep's latest row that reached this copy


@dataclasses.dataclass(frozen=True)
class ReviewData:
    """The team's reports for a span, and what this copy knows of it."""

    span: Period
    rows: tuple[ReviewRow, ...]
    reps: tuple[Member, ...]
    kinds: tuple[str, ...]  # kinds with an active template (the others cannot be due)
    last_sync: dt.datetime | None  # None: this copy never synced (a local profile)
    now: dt.datetime

    @property
    def not_reported(self) -> list[ReviewRow]:
        """Reports not in by their deadline (missing, or not received yet), by rep."""
        late = [r for r in self.rows if r.status in NOT_REPORTED]
        return sorted(late, key=lambda r: (r.rep_name, str(r.rep_id), r.period.end, r.kind))

    def count(self, *statuses: ReviewStatus) -> int:
        return sum(1 for row in self.rows if row.status in statuses)


NOT_REPORTED = frozenset({ReviewStatus.MISSING, ReviewStatus.NOT_RECEIVED})


def last_heard(store: Store, reps: Collection[uuid.UUID]) -> dict[uuid.UUID, dt.datetime]:
    """For each rep, the latest creation time of a row they created that reached the server.

    Only synced rows count (``rev`` > 0): rows from the server. See ``domain.review``.
    """
    heard: dict[uuid.UUID, dt.datetime] = {}
    if not reps:
        return heard
    wanted = list(reps)
    with store.engine.connect() as connection:
        for entity, field in _CREATED_BY:
            table = store.table(entity)
            rows = connection.execute(
                sa.select(table.c[field], sa.func.max(table.c.created_at))
                .where(table.c[field].in_(wanted), table.c.rev > 0)
                .group_by(table.c[field])
            )
            for rep, latest in rows:
                if latest is not None and (rep not in heard or latest > heard[rep]):
                    heard[rep] = latest
    return heard


def _comment_counts(store: Store, ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    table = store.table(ReportComment)
    counts: dict[uuid.UUID, int] = {}
    with store.engine.connect() as connection:
        for start in range(0, len(ids), 500):
            rows = connection.execute(
                sa.select(table.c.report_id, sa.func.count())
                .where(table.c.report_id.in_(ids[start : start + 500]), table.c.deleted.is_(False))
                .group_by(table.c.report_id)
            )
            counts.update({row[0]: int(row[1]) for row in rows})
    return counts


def _reports_around(
    store: Store, span: Period, authors: Collection[uuid.UUID] | None
) -> list[Report]:
    """Reports whose period can end in ``span`` (a weekly one starts up to 6 days earlier)."""
    table = store.table(Report)
    conditions: list[sa.ColumnElement[bool]] = [
        table.c.period_start >= span.start - dt.timedelta(days=31),
        table.c.period_start <= span.end,
    ]
    if authors is not None:
        conditions.append(table.c.author_id.in_(list(authors)))
    return store.select(Report, *conditions, order_by=[table.c.period_start, table.c.id])


def review_data(
    store: Store,
    span: Period,
    *,
    kinds: Iterable[str] | None = None,
    now: dt.datetime | None = None,
    tz: dt.tzinfo | None = None,
) -> ReviewData:
    """Every team rep's reports due in ``span`` (``domain.review.report_slots``), with status.

    ``kinds``: only these report kinds (default: every kind with an active template).
    Daily reports on a weekend day appear when someone wrote one.
    """
    tz = tz or local_zone()
    now = now or utcnow()
    today = local_date(now, tz)
    templates = active_templates(store)
    wanted = [k for k in ("daily", "weekly", "monthly") if k in templates]
    if kinds is not None:
        chosen = set(kinds)
        wanted = [k for k in wanted if k in chosen]
    reps = team_reps(store)
    names = {rep.id: rep.name for rep in reps}
    reports = _reports_around(store, span, names)
    slots = report_slots(span, wanted, today)
    extra: set[Period] = set()  # days off on which someone chose to write a daily report
    if "daily" in wanted:
        known = {p for k, p in slots if k == "daily"}
        for report in reports:
            if report.kind == "daily" and report.period_start is not None:
                period = report_period("daily", report.period_start)
                if span.contains(period.end) and period.start <= today and period not in known:
                    extra.add(period)
        slots += [("daily", period) for period in extra]
        slots.sort(key=lambda slot: (slot[1].end, ("daily", "weekly", "monthly").index(slot[0])))
    me = store.profile.user_id
    heard = last_heard(store, [rep for rep in names if rep != me])
    # pending edits of others' reports are my review, not their unsent work
    unsynced = {r.id for r in reports if r.author_id == me} & pending_report_ids(store)
    by_id = {report.id: report for report in reports}
    states = []
    for kind, period in slots:
        for state in report_states(
            templates[kind], period, list(names), reports, now=now, tz=tz, unsynced_ids=unsynced
        ):
            if period in extra and kind == "daily" and state.report_id is None:
                continue  # nobody expects a report on a day off
            states.append(review_state(kind, period, state, last_heard=heard, complete_for=me))
    counts = _comment_counts(store, [s.report.report_id for s in states if s.report.report_id])
    rows = []
    for review in states:
        state = review.report
        found = by_id.get(state.report_id) if state.report_id is not None else None
        rows.append(
            ReviewRow(
                rep_id=state.user_id,
                rep_name=names[state.user_id],
                kind=review.kind,
                period=review.period,
                status=review.status,
                deadline=state.deadline,
                report_id=state.report_id,
                submitted_at=state.submitted_at,
                has_draft=state.has_draft,
                unsynced=state.unsynced,
                read_at=found.read_at if found is not None else None,
                score=found.score if found is not None else None,
                comments=counts.get(state.report_id, 0) if state.report_id else 0,
                last_heard=heard.get(state.user_id),
            )
        )
    return ReviewData(
        span=span,
        rows=tuple(rows),
        reps=tuple(reps),
        kinds=tuple(wanted),
        last_sync=last_sync(store),
        now=now,
    )


# ---- reviewing ----------------------------------------------------------------------------------


def _submitted(store: Store, report_id: uuid.UUID) -> Report:
    report = store.get(Report, report_id)
    if report is None:
        raise ValidationError([FieldError("report_id", "not_found", "the report was deleted")])
    if report.status != "submitted":
        raise ValidationError(
            [FieldError("status", "not_submitted", "only a submitted report can be reviewed")]
        )
    return report


def mark_read(store: Store, report_id: uuid.UUID, now: dt.datetime | None = None) -> Report | None:
    """Mark a colleague's submitted report read (once; one's own reports are not marked).

    Returns the report as it is now (None when it no longer exists)."""
    report = store.get(Report, report_id)
    if (
        report is None
        or report.status != "submitted"
        or report.read_at is not None
        or report.author_id == store.profile.user_id
        or not store.profile.is_manager
    ):
        return report
    with store.transaction() as writer:
        return writer.update(Report, report_id, {"read_at": now or writer.now})


def add_comment(
    store: Store, report_id: uuid.UUID, body: str, now: dt.datetime | None = None
) -> ReportComment:
    """Comment on a submitted report (append-only), stamping the review on the report."""
    report = _submitted(store, report_id)
    text = body.strip()
    if not text:
        raise ValidationError([FieldError("body", "required", "write a comment first")])
    with store.transaction() as writer:
        when = now or writer.now
        comment = writer.create(ReportComment, {"report_id": report_id, "body": text})
        changes: dict[str, Any] = {"reviewed_by": writer.profile.user_id, "reviewed_at": when}
        if report.read_at is None and report.author_id != writer.profile.user_id:
            changes["read_at"] = when
        writer.update(Report, report_id, changes)
        return comment


def rate_report(
    store: Store, report_id: uuid.UUID, score: int, now: dt.datetime | None = None
) -> Report:
    """Rate a submitted report 1–5 (a manager's review)."""
    report = _submitted(store, report_id)
    with store.transaction() as writer:
        when = now or writer.now
        changes: dict[str, Any] = {
            "score": score,
            "reviewed_by": writer.profile.user_id,
            "reviewed_at": when,
        }
        if report.read_at is None and report.author_id != writer.profile.user_id:
            changes["read_at"] = when
        return writer.update(Report, report_id, changes)


# ---- export -------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ExportedReport:
    """A submitted report with everything an export shows."""

    report: Report
    author_name: str
    kind: str
    period: Period
    template_name: str
    template_sections: tuple[Mapping[str, Any], ...]  # the template's sections (titles, keys)
    deadline: dt.datetime | None
    on_time: bool | None  # None: no deadline known
    figures: dict[str, int | Decimal]
    figure_keys: tuple[str, ...]  # the template's figure order
    comments: tuple[CommentView, ...]
    reviewer_name: str

    def section_texts(self) -> list[tuple[Mapping[str, Any], str]]:
        """(section, text) in the template's order, then text kept from dropped sections."""
        stored = self.report.sections
        found: list[tuple[Mapping[str, Any], str]] = []
        keys = set()
        for section in self.template_sections:
            key = str(section.get("key") or "")
            keys.add(key)
            value = stored.get(key)
            found.append((section, value if isinstance(value, str) else ""))
        for key, value in stored.items():
            if key not in keys and isinstance(value, str) and value.strip():
                found.append(({"key": key}, value))
        return found


def reports_for_export(
    store: Store, span: Period, *, tz: dt.tzinfo | None = None
) -> list[ExportedReport]:
    """The submitted reports this copy holds whose period ends in ``span`` (e.g. a week: its
    daily reports and the weekly one), by author name, then period and kind."""
    tz = tz or local_zone()
    reports = [
        r
        for r in _reports_around(store, span, None)
        if r.status == "submitted"
        and r.period_start is not None
        and span.contains(report_period(r.kind, r.period_start).end)
    ]
    templates = {t.id: t for t in store.select(ReportTemplate, deleted=True)}
    current = active_templates(store)
    people = {r.author_id for r in reports if r.author_id} | {
        r.reviewed_by for r in reports if r.reviewed_by
    }
    names = user_names(store, people)
    found = []
    for report in reports:
        assert report.period_start is not None
        period = report_period(report.kind, report.period_start)
        template = templates.get(report.template_id) if report.template_id else None
        template = template or current.get(report.kind)
        deadline = (
            report_deadline(template, period, tz)
            if template is not None and template.kind == report.kind
            else None
        )
        submitted = report.submitted_at or report.updated_at
        found.append(
            ExportedReport(
                report=report,
                author_name=names.get(report.author_id, "") if report.author_id else "",
                kind=report.kind,
                period=period,
                template_name=template.name if template is not None else "",
                template_sections=tuple(
                    s for s in (template.sections if template is not None else []) if s
                ),
                deadline=deadline,
                on_time=None if deadline is None else is_on_time(submitted, deadline),
                figures=figures_from_json(report.figures),
                figure_keys=tuple(template.figures) if template is not None else (),
                comments=comments_of(store, report.id),
                reviewer_name=names.get(report.reviewed_by, "") if report.reviewed_by else "",
            )
        )
    order = {"daily": 0, "weekly": 1, "monthly": 2}
    found.sort(key=lambda e: (e.author_name, str(e.report.author_id), e.period.end, order[e.kind]))
    return found
