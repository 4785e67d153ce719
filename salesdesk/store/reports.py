"""Queries and writes behind the Reports area (汇报): the report form, drafts, submitting, lists.

The rules come from ``domain.reports`` (periods, deadlines, on-time, figures,
required sections); this module reads what they need from the local store and
writes drafts and submissions through the store's write path. Everything here
runs on the database thread; the screens get plain frozen dataclasses.

Time zone: the team's wall-clock time is the computer's (:func:`local_zone`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import uuid
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from salesdesk.domain.entities import (
    Customer,
    Deal,
    DealStageChange,
    PipelineStage,
    Report,
    ReportComment,
    ReportTemplate,
    Task,
    User,
    Visit,
)
from salesdesk.domain.periods import Period, local_date
from salesdesk.domain.reports import (
    figures_to_json,
    is_on_time,
    report_deadline,
    report_figures,
    report_period,
    submit_errors,
)
from salesdesk.domain.schema import FieldError, ValidationError, utcnow
from salesdesk.store.store import Store, Writer, record_from_row
from salesdesk.store.tables import ENTITY_TABLES, OutboxEntry

MONEY_FIGURES = frozenset({"revenue_won"})
LIST_LIMIT = 5000  # newest reports shown in a list (a team's year is about 6,000)


def local_zone() -> dt.tzinfo:
    """The computer's time zone (the team's wall clock): a named zone when the system says
    which, else today's fixed offset."""
    name = os.environ.get("TZ", "").lstrip(":")
    candidates = [name] if name else []
    try:
        link = Path("/etc/localtime").resolve()
        if "zoneinfo" in link.parts:
            candidates.append("/".join(link.parts[link.parts.index("zoneinfo") + 1 :]))
    except OSError:
        pass
    for candidate in candidates:
        try:
            return ZoneInfo(candidate)
        except (ValueError, OSError):
            continue
    zone = dt.datetime.now().astimezone().tzinfo
    return zone if zone is not None else dt.UTC


# ---- templates ----------------------------------------------------------------------------------


def active_templates(store: Store) -> dict[str, ReportTemplate]:
    """The team's active template per report kind (the most recently changed one if several)."""
    table = store.table(ReportTemplate)
    conditions: list[sa.ColumnElement[bool]] = [table.c.active.is_(True)]
    team_id = store.profile.team_id
    if team_id is not None:
        conditions.append(table.c.team_id == team_id)
    found: dict[str, ReportTemplate] = {}
    for template in store.select(ReportTemplate, *conditions, order_by=[table.c.updated_at]):
        found[template.kind] = template
    return found


def template_for(store: Store, kind: str, report: Report | None = None) -> ReportTemplate | None:
    """The template a report follows: its own (even if retired since), else the active one."""
    if report is not None and report.template_id is not None:
        own = store.get(ReportTemplate, report.template_id)
        if own is not None:
            return own
    return active_templates(store).get(kind)


# ---- figures ------------------------------------------------------------------------------------


def compute_figures(
    store: Store,
    rep_id: uuid.UUID,
    period: Period,
    keys: Iterable[str],
    tz: dt.tzinfo,
) -> dict[str, int | Decimal]:
    """The automatic figures ``keys`` for one rep and period, from the rep's own records.

    Only the records that can count are read (by owner and date range); the
    domain's ``report_figures`` decides what counts.
    """
    keys = list(keys)
    start, end = period.utc_bounds(tz)
    visit = store.table(Visit)
    customer = store.table(Customer)
    deal = store.table(Deal)
    change = store.table(DealStageChange)
    task = store.table(Task)
    visits = store.select(
        Visit,
        visit.c.rep_id == rep_id,
        visit.c.status == "done",
        visit.c.checked_in_at >= start,
        visit.c.checked_in_at < end,
    )
    customers = store.select(
        Customer,
        customer.c.owner_id == rep_id,
        customer.c.created_at >= start,
        customer.c.created_at < end,
    )
    owned_deals = sa.select(deal.c.id).where(deal.c.owner_id == rep_id, deal.c.deleted.is_(False))
    changes = store.select(
        DealStageChange,
        change.c.deal_id.in_(owned_deals),
        change.c.changed_at >= start,
        change.c.changed_at < end,
    )
    changed_ids = {c.deal_id for c in changes if c.deal_id is not None}
    deals = store.select(
        Deal,
        deal.c.owner_id == rep_id,
        sa.or_(
            sa.and_(
                deal.c.status == "won",
                deal.c.closed_on >= period.start,
                deal.c.closed_on <= period.end,
            ),
            deal.c.id.in_(changed_ids),
        ),
    )
    stages = store.select(PipelineStage)
    tasks = store.select(
        Task,
        task.c.assignee_id == rep_id,
        task.c.status == "done",
        task.c.completed_at >= start,
        task.c.completed_at < end,
    )
    return report_figures(
        rep_id,
        period,
        tz,
        visits=visits,
        customers=customers,
        deals=deals,
        stage_changes=changes,
        stages=stages,
        tasks=tasks,
        keys=keys,
    )


def figures_from_json(raw: Mapping[str, Any]) -> dict[str, int | Decimal]:
    """Stored ``Report.figures`` back as numbers (money as Decimal); unreadable values skipped."""
    figures: dict[str, int | Decimal] = {}
    for key, value in raw.items():
        try:
            if key in MONEY_FIGURES or isinstance(value, str | float):
                figures[key] = Decimal(str(value))
            elif isinstance(value, int) and not isinstance(value, bool):
                figures[key] = value
        except InvalidOperation:
            continue
    return figures


# ---- the report form ----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class CommentView:
    id: uuid.UUID
    body: str
    author_name: str
    at: dt.datetime


@dataclasses.dataclass(frozen=True)
class ReportForm:
    """Everything the report editor shows for one author, kind and period."""

    author_id: uuid.UUID
    author_name: str
    kind: str
    period: Period
    template: ReportTemplate | None
    report: Report | None  # None: not written yet
    figures: dict[str, int | Decimal]  # live for a draft or a new report, stored once submitted
    deadline: dt.datetime | None
    comments: tuple[CommentView, ...] = ()
    reviewer_name: str = ""
    unsynced: bool = False  # submitted here but not yet accepted by the server

    @property
    def submitted(self) -> bool:
        return self.report is not None and self.report.status == "submitted"

    def editable_by(self, user_id: uuid.UUID) -> bool:
        """Only the author edits, and only until the report is submitted."""
        return self.author_id == user_id and not self.submitted and self.template is not None

    @property
    def sections(self) -> dict[str, Any]:
        return dict(self.report.sections) if self.report is not None else {}


def find_report(
    store: Store, author_id: uuid.UUID, kind: str, period_start: dt.date
) -> Report | None:
    """The author's report for a kind and period: the submitted one, else the latest draft."""
    table = store.table(Report)
    found = store.select(
        Report,
        table.c.author_id == author_id,
        table.c.kind == kind,
        table.c.period_start == period_start,
        order_by=[table.c.updated_at],
    )
    submitted = [r for r in found if r.status == "submitted"]
    if submitted:
        return min(submitted, key=lambda r: (r.submitted_at or r.updated_at, str(r.id)))
    return found[-1] if found else None


def pending_report_ids(store: Store) -> set[uuid.UUID]:
    """Reports with local changes the server has not accepted yet."""
    with store.engine.connect() as connection:
        rows = connection.execute(
            sa.select(OutboxEntry.row_id).where(OutboxEntry.entity == "report").distinct()
        )
        return {row[0] for row in rows}


def comments_of(store: Store, report_id: uuid.UUID) -> tuple[CommentView, ...]:
    table = store.table(ReportComment)
    comments = store.select(
        ReportComment, table.c.report_id == report_id, order_by=[table.c.created_at]
    )
    names = user_names(store, {c.author_id for c in comments if c.author_id})
    return tuple(
        CommentView(c.id, c.body, names.get(c.author_id, "") if c.author_id else "", c.created_at)
        for c in comments
    )


def user_names(store: Store, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
    return {uid: user.display_name for uid, user in store.get_many(User, set(ids)).items()}


def load_form(
    store: Store,
    kind: str,
    period: Period,
    *,
    author_id: uuid.UUID | None = None,
    report_id: uuid.UUID | None = None,
    tz: dt.tzinfo | None = None,
) -> ReportForm:
    """The form for a report: by id, or the author's (default: me) for a kind and period."""
    tz = tz or local_zone()
    me = store.profile.user_id  # pending edits of others' reports are my review, not theirs
    report: Report | None = None
    if report_id is not None:
        report = store.get(Report, report_id)
        if report is not None and report.period_start is not None:
            kind = report.kind
            period = report_period(kind, report.period_start)
            author_id = report.author_id
    author_id = author_id or store.profile.user_id
    if report is None:
        report = find_report(store, author_id, kind, period.start)
    template = template_for(store, kind, report)
    if report is not None and report.status == "submitted":
        figures = figures_from_json(report.figures)
    elif template is not None:
        figures = compute_figures(store, author_id, period, template.figures, tz)
    else:
        figures = {}
    deadline = report_deadline(template, period, tz) if template is not None else None
    names = user_names(
        store, {author_id} | ({report.reviewed_by} if report and report.reviewed_by else set())
    )
    return ReportForm(
        author_id=author_id,
        author_name=names.get(author_id, ""),
        kind=kind,
        period=period,
        template=template,
        report=report,
        figures=figures,
        deadline=deadline,
        comments=comments_of(store, report.id) if report is not None else (),
        reviewer_name=names.get(report.reviewed_by, "") if report and report.reviewed_by else "",
        unsynced=report is not None
        and report.status == "submitted"
        and (
            report.rev == 0 or (report.author_id == me and report.id in pending_report_ids(store))
        ),
    )


def refresh_figures(
    store: Store, form: ReportForm, tz: dt.tzinfo | None = None
) -> dict[str, int | Decimal]:
    """The form's figures computed again from the author's data now."""
    if form.template is None:
        return {}
    return compute_figures(
        store, form.author_id, form.period, form.template.figures, tz or local_zone()
    )


# ---- writing ------------------------------------------------------------------------------------


def _locked_report(writer: Writer, report_id: uuid.UUID) -> Report | None:
    table = ENTITY_TABLES["report"]
    row = (
        writer.connection.execute(
            sa.select(table).where(table.c.id == report_id, table.c.deleted.is_(False))
        )
        .mappings()
        .first()
    )
    return None if row is None else record_from_row(Report.definition, row)  # type: ignore[return-value]


def _find_in(
    writer: Writer, author_id: uuid.UUID, kind: str, period_start: dt.date
) -> Report | None:
    table = ENTITY_TABLES["report"]
    rows = (
        writer.connection.execute(
            sa.select(table)
            .where(
                table.c.author_id == author_id,
                table.c.kind == kind,
                table.c.period_start == period_start,
                table.c.deleted.is_(False),
            )
            .order_by(table.c.updated_at)
        )
        .mappings()
        .all()
    )
    found: list[Report] = [record_from_row(Report.definition, row) for row in rows]  # type: ignore[misc]
    submitted = [r for r in found if r.status == "submitted"]
    if submitted:
        return submitted[0]
    return found[-1] if found else None


def _already_submitted() -> ValidationError:
    return ValidationError(
        [FieldError("status", "read_only", "this report is submitted and can no longer change")]
    )


def _write(
    writer: Writer,
    *,
    kind: str,
    period: Period,
    template: ReportTemplate,
    sections: Mapping[str, str],
    figures: Mapping[str, int | Decimal],
    report_id: uuid.UUID | None,
) -> Report:
    """Create or update the draft; refuses when the report is already submitted."""
    author_id = writer.profile.user_id
    current = (
        _locked_report(writer, report_id)
        if report_id is not None
        else _find_in(writer, author_id, kind, period.start)
    )
    if current is not None and current.author_id != author_id:
        raise ValidationError(
            [FieldError("author_id", "not_allowed", "only the author can change a report")]
        )
    if current is not None and current.status == "submitted":
        raise _already_submitted()
    values = {
        "template_id": template.id,
        "sections": dict(sections),
        "figures": figures_to_json(figures),
    }
    if current is None:
        return writer.create(
            Report,
            {
                **values,
                "kind": kind,
                "period_start": period.start,
                "period_end": period.end,
                "status": "draft",
            },
        )
    return writer.update(Report, current.id, values)


def save_draft(
    store: Store,
    *,
    kind: str,
    period: Period,
    sections: Mapping[str, str],
    report_id: uuid.UUID | None = None,
    tz: dt.tzinfo | None = None,
) -> Report:
    """Save my report for ``kind`` and ``period`` as a draft (creating it the first time).

    The figures are computed again and saved with it, so the draft always holds
    up-to-date numbers. Saving unchanged text records no change.
    """
    tz = tz or local_zone()
    template = template_for(
        store, kind, store.get(Report, report_id) if report_id is not None else None
    )
    if template is None:
        raise ValidationError(
            [FieldError("template_id", "required", f"the team has no {kind} report template")]
        )
    figures = compute_figures(store, store.profile.user_id, period, template.figures, tz)
    with store.transaction() as writer:
        return _write(
            writer,
            kind=kind,
            period=period,
            template=template,
            sections=sections,
            figures=figures,
            report_id=report_id,
        )


def submit_report(
    store: Store,
    *,
    kind: str,
    period: Period,
    sections: Mapping[str, str],
    report_id: uuid.UUID | None = None,
    now: dt.datetime | None = None,
    tz: dt.tzinfo | None = None,
) -> Report:
    """Save and submit my report: every required section must be written (errors are
    ``sections.<key>``); sets ``status`` submitted and ``submitted_at``. Once submitted the
    report is read-only for its author."""
    tz = tz or local_zone()
    template = template_for(
        store, kind, store.get(Report, report_id) if report_id is not None else None
    )
    if template is None:
        raise ValidationError(
            [FieldError("template_id", "required", f"the team has no {kind} report template")]
        )
    figures = compute_figures(store, store.profile.user_id, period, template.figures, tz)
    with store.transaction() as writer:
        draft = _write(
            writer,
            kind=kind,
            period=period,
            template=template,
            sections=sections,
            figures=figures,
            report_id=report_id,
        )
        errors = submit_errors(template, draft)
        if errors:
            raise ValidationError(errors)  # nothing is written: the transaction rolls back
        return writer.update(
            Report, draft.id, {"status": "submitted", "submitted_at": now or writer.now}
        )


# ---- lists --------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ReportSummary:
    """One row of a report list."""

    id: uuid.UUID
    author_id: uuid.UUID | None
    author_name: str
    kind: str
    period: Period
    state: str  # draft | overdue (a draft past its deadline) | on_time | late
    deadline: dt.datetime | None
    submitted_at: dt.datetime | None
    score: int | None
    comments: int
    read_at: dt.datetime | None
    unsynced: bool
    updated_at: dt.datetime


def report_state(
    report: Report, template: ReportTemplate | None, tz: dt.tzinfo, now: dt.datetime
) -> tuple[str, dt.datetime | None]:
    """(state, deadline) of one report: draft / overdue / on_time / late."""
    if report.period_start is None:
        return ("draft", None)
    deadline = (
        report_deadline(template, report_period(report.kind, report.period_start), tz)
        if template is not None and template.kind == report.kind
        else None
    )
    if report.status == "submitted":
        submitted = report.submitted_at or report.updated_at
        if deadline is None or is_on_time(submitted, deadline):
            return ("on_time", deadline)
        return ("late", deadline)
    if deadline is not None and not is_on_time(now, deadline):
        return ("overdue", deadline)
    return ("draft", deadline)


@dataclasses.dataclass(frozen=True)
class ReportQuery:
    """Which reports a list shows: mine, or the team's (managers); one kind or all."""

    kind: str = ""
    author_id: uuid.UUID | None = None  # None: every author this copy holds


def list_reports(
    store: Store,
    query: ReportQuery,
    *,
    now: dt.datetime | None = None,
    tz: dt.tzinfo | None = None,
    limit: int = LIST_LIMIT,
) -> list[ReportSummary]:
    """Reports newest period first, each with its state against the template's deadline."""
    tz = tz or local_zone()
    now = now or utcnow()
    me = store.profile.user_id  # pending edits of others' reports are my review, not theirs
    table = store.table(Report)
    conditions: list[sa.ColumnElement[bool]] = []
    if query.kind:
        conditions.append(table.c.kind == query.kind)
    if query.author_id is not None:
        conditions.append(table.c.author_id == query.author_id)
    reports = store.select(
        Report,
        *conditions,
        order_by=[table.c.period_start.desc(), table.c.kind, table.c.updated_at.desc()],
        limit=limit,
    )
    templates = {t.id: t for t in store.select(ReportTemplate, deleted=True)}
    current = active_templates(store)
    names = user_names(store, {r.author_id for r in reports if r.author_id})
    counts = _comment_counts(store, [r.id for r in reports])
    pending = pending_report_ids(store)
    rows = []
    for report in reports:
        template = templates.get(report.template_id) if report.template_id else None
        state, deadline = report_state(report, template or current.get(report.kind), tz, now)
        rows.append(
            ReportSummary(
                id=report.id,
                author_id=report.author_id,
                author_name=names.get(report.author_id, "") if report.author_id else "",
                kind=report.kind,
                period=report_period(report.kind, report.period_start)
                if report.period_start
                else Period.containing("day", local_date(report.created_at, tz)),
                state=state,
                deadline=deadline,
                submitted_at=report.submitted_at,
                score=report.score,
                comments=counts.get(report.id, 0),
                read_at=report.read_at,
                unsynced=report.status == "submitted"
                and (report.rev == 0 or (report.author_id == me and report.id in pending)),
                updated_at=report.updated_at,
            )
        )
    return rows


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


# ---- today's report (the reminder, the Today screen) --------------------------------------------


@dataclasses.dataclass(frozen=True)
class TodayReport:
    """Whether my daily report for ``day`` is written and submitted, and its deadline."""

    day: dt.date
    deadline: dt.datetime | None  # None: the team has no daily template
    report_id: uuid.UUID | None
    status: str  # missing | draft | submitted


def today_report(store: Store, day: dt.date, tz: dt.tzinfo | None = None) -> TodayReport:
    tz = tz or local_zone()
    template = active_templates(store).get("daily")
    deadline = (
        report_deadline(template, report_period("daily", day), tz) if template is not None else None
    )
    report = find_report(store, store.profile.user_id, "daily", day)
    status = "missing" if report is None else report.status
    return TodayReport(day, deadline, report.id if report else None, status)
