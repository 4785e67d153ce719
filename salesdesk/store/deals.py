"""Queries and writes behind the Deals area: board columns, a deal's detail, the funnel,
and the writes that must stay whole — a stage move with its history row, a new deal with
its first history row, ticking checklist items.

Every rule comes from the domain (``pipeline`` for moves, alerts and the funnel;
``domain.deals`` for where deals start and reopen); this module reads rows and
writes them through the store's write path.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from salesdesk.domain import deals as rules
from salesdesk.domain import pipeline
from salesdesk.domain.entities import (
    Contact,
    Customer,
    Deal,
    DealStageChange,
    PipelineStage,
    User,
)
from salesdesk.domain.periods import local_date
from salesdesk.domain.schema import MANAGERS, FieldError, ValidationError, utcnow
from salesdesk.store.clock import local_tz
from salesdesk.store.records import one, records
from salesdesk.store.search import matching_customers, terms
from salesdesk.store.store import NotFoundError, Store, Writer
from salesdesk.store.tables import ENTITY_TABLES

deal = ENTITY_TABLES["deal"]
stage_table = ENTITY_TABLES["pipeline_stage"]
change_table = ENTITY_TABLES["deal_stage_change"]
customer = ENTITY_TABLES["customer"]
contact = ENTITY_TABLES["contact"]
user = ENTITY_TABLES["user"]

PAGE = 100  # cards per column per "show more"
RECENT_CLOSED_DAYS = 30  # closed columns show deals closed this recently unless asked for all


# ---- stages ------------------------------------------------------------------------------------


def load_stages(connection: sa.Connection, team_id: uuid.UUID | None) -> list[PipelineStage]:
    """The team's pipeline stages (inactive ones too; tombstones left out), in board order."""
    query = sa.select(stage_table).where(stage_table.c.deleted.is_(False))
    if team_id is not None:
        query = query.where(stage_table.c.team_id == team_id)
    found = records(PipelineStage, connection.execute(query).mappings())
    return pipeline.ordered_stages(found, include_inactive=True)


# ---- the board ---------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class DealFilter:
    """What the board and the funnel show: search text, one owner (None: all), closed deals."""

    text: str = ""
    owner_id: uuid.UUID | None = None
    include_closed: bool = False


@dataclasses.dataclass(frozen=True)
class DealCard:
    """What one card shows."""

    deal: Deal
    customer_name: str
    owner_name: str
    alert: pipeline.DealAlert | None


@dataclasses.dataclass(frozen=True)
class ColumnPage:
    """The cards of one stage column (the first ``len(cards)`` of ``total``)."""

    stage_id: uuid.UUID
    cards: list[DealCard]
    total: int
    amount: Decimal

    @property
    def more(self) -> bool:
        return len(self.cards) < self.total


def _filter_conditions(query: DealFilter) -> list[sa.ColumnElement[bool]]:
    conditions: list[sa.ColumnElement[bool]] = [deal.c.deleted.is_(False)]
    if query.owner_id is not None:
        conditions.append(deal.c.owner_id == query.owner_id)
    words = terms(query.text)
    if words:
        titles = sa.and_(*(deal.c.title.contains(w, autoescape=True) for w in words))
        found = matching_customers(query.text)
        by_customer = (
            [deal.c.customer_id.in_(sa.select(customer.c.id).where(found))]
            if found is not None
            else []
        )
        conditions.append(sa.or_(titles, *by_customer))
    return conditions


def _column_conditions(
    stage: PipelineStage, query: DealFilter, today: dt.date
) -> list[sa.ColumnElement[bool]]:
    conditions = [*_filter_conditions(query), deal.c.stage_id == stage.id]
    if stage.outcome != "open" and not query.include_closed:
        since = today - dt.timedelta(days=RECENT_CLOSED_DAYS)
        conditions.append(sa.or_(deal.c.closed_on.is_(None), deal.c.closed_on >= since))
    return conditions


def board_column(
    connection: sa.Connection,
    stage: PipelineStage,
    stages: Sequence[PipelineStage],
    query: DealFilter,
    *,
    limit: int,
    now: dt.datetime,
    tz: dt.tzinfo,
) -> ColumnPage:
    """The first ``limit`` cards of a stage's column, with the column's count and amount.

    Open stages: soonest expected close first (no date last), then the biggest.
    Won and lost stages: most recently closed first; unless ``include_closed``,
    only deals closed in the last ``RECENT_CLOSED_DAYS`` days.
    """
    conditions = _column_conditions(stage, query, local_date(now, tz))
    if stage.outcome == "open":
        order: list[Any] = [
            deal.c.expected_close.is_(None),
            deal.c.expected_close,
            deal.c.amount.desc(),
        ]
    else:
        order = [deal.c.closed_on.desc(), deal.c.updated_at.desc()]
    rows = connection.execute(
        sa.select(deal, customer.c.name.label("customer_name"), user.c.display_name.label("owner"))
        .join(customer, customer.c.id == deal.c.customer_id)
        .outerjoin(user, user.c.id == deal.c.owner_id)
        .where(*conditions)
        .order_by(*order, deal.c.id)
        .limit(limit)
    ).mappings()
    found = []
    for row in rows:
        record = one(Deal, row)
        assert record is not None
        found.append((record, row["customer_name"], row["owner"] or ""))
    alerts = {
        a.deal_id: a
        for a in pipeline.deal_alerts([d for d, _c, _o in found], stages, now=now, tz=tz)
    }
    total, amount = connection.execute(
        sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(deal.c.amount), 0)).where(
            *conditions
        )
    ).one()
    return ColumnPage(
        stage.id,
        [DealCard(d, c, o, alerts.get(d.id)) for d, c, o in found],
        int(total),
        Decimal(amount).quantize(Decimal("0.01")),
    )


# ---- one deal ----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class HistoryEntry:
    change: DealStageChange
    from_name: str
    to_name: str
    by_name: str


@dataclasses.dataclass(frozen=True)
class DealView:
    """Everything the deal detail shows, read in one go on the database thread."""

    deal: Deal
    customer_name: str
    contacts: list[Contact]
    stages: list[PipelineStage]
    history: list[HistoryEntry]  # newest first
    names: dict[uuid.UUID, str]  # user id -> display name (owner, note authors)
    alert: pipeline.DealAlert | None

    @property
    def stage(self) -> PipelineStage | None:
        return next((s for s in self.stages if s.id == self.deal.stage_id), None)

    @property
    def contact_name(self) -> str:
        found = next((c for c in self.contacts if c.id == self.deal.contact_id), None)
        return found.name if found is not None else ""


def stage_history(connection: sa.Connection, deal_id: uuid.UUID) -> list[DealStageChange]:
    """A deal's stage changes, oldest first."""
    return records(
        DealStageChange,
        connection.execute(
            sa.select(change_table)
            .where(change_table.c.deal_id == deal_id, change_table.c.deleted.is_(False))
            .order_by(change_table.c.changed_at, change_table.c.id)
        ).mappings(),
    )


def deal_view(
    store: Store, deal_id: uuid.UUID, *, now: dt.datetime | None = None, tz: dt.tzinfo | None = None
) -> DealView | None:
    found = store.get(Deal, deal_id)
    if found is None:
        return None
    now, tz = now or utcnow(), tz or local_tz()
    with store.engine.connect() as connection:
        stages = load_stages(connection, store.profile.team_id)
        changes = stage_history(connection, deal_id)
        contacts = records(
            Contact,
            connection.execute(
                sa.select(contact)
                .where(contact.c.customer_id == found.customer_id, contact.c.deleted.is_(False))
                .order_by(contact.c.is_primary.desc(), contact.c.name)
            ).mappings(),
        )
    owner = store.get(Customer, found.customer_id) if found.customer_id else None
    people = {c.changed_by for c in changes} | {n.by for n in found.notes} | {found.owner_id}
    users = store.get_many(User, {p for p in people if p is not None})
    names = {uid: u.display_name for uid, u in users.items()}
    stage_names = {s.id: s.name for s in stages}
    history = [
        HistoryEntry(
            change,
            stage_names.get(change.from_stage_id, "") if change.from_stage_id else "",
            stage_names.get(change.to_stage_id, "") if change.to_stage_id else "",
            names.get(change.changed_by, "") if change.changed_by else "",
        )
        for change in reversed(changes)
    ]
    alerts = pipeline.deal_alerts([found], stages, now=now, tz=tz)
    return DealView(
        deal=found,
        customer_name=owner.name if owner is not None else "",
        contacts=contacts,
        stages=stages,
        history=history,
        names=names,
        alert=alerts[0] if alerts else None,
    )


def customer_contacts(connection: sa.Connection, customer_id: uuid.UUID) -> list[Contact]:
    """A customer's contacts, the primary one first."""
    return records(
        Contact,
        connection.execute(
            sa.select(contact)
            .where(contact.c.customer_id == customer_id, contact.c.deleted.is_(False))
            .order_by(contact.c.is_primary.desc(), contact.c.name)
        ).mappings(),
    )


# ---- writes ------------------------------------------------------------------------------------


def _current(writer: Writer, deal_id: uuid.UUID) -> Deal:
    """The deal as it is inside this transaction (not a possibly stale copy from the board)."""
    found = one(
        Deal,
        writer.connection.execute(
            sa.select(deal).where(deal.c.id == deal_id, deal.c.deleted.is_(False))
        )
        .mappings()
        .first(),
    )
    if found is None:
        raise NotFoundError(f"no deal with id {deal_id}")
    return found


def create_deal(store: Store, values: Mapping[str, Any], *, now: dt.datetime | None = None) -> Deal:
    """Create a deal in an open stage together with its first stage-history row."""
    with store.transaction() as writer:
        now = now or writer.now
        stages = load_stages(writer.connection, store.profile.team_id)
        errors = rules.creation_errors(values.get("stage_id"), stages)
        if errors:
            raise ValidationError(errors)
        stage = next((s for s in stages if s.id == values.get("stage_id")), None)
        given = dict(values)
        if stage is not None:
            given = rules.creation_values(given, stage, now)
        created = writer.create(Deal, given)
        writer.create(
            DealStageChange,
            {
                "deal_id": created.id,
                "from_stage_id": None,
                "to_stage_id": created.stage_id,
                "changed_at": now,
            },
        )
        return created


EDITABLE = ("title", "amount", "probability", "expected_close", "contact_id", "owner_id")


def update_deal(store: Store, deal_id: uuid.UUID, values: Mapping[str, Any]) -> Deal:
    """Change a deal's plain fields; its stage and status change only by :func:`move_deal`."""
    refused = [
        FieldError(name, "read_only", "change this by moving the deal")
        for name in values
        if name not in EDITABLE
    ]
    if refused:
        raise ValidationError(refused)
    return store.update(Deal, deal_id, **values)


def move_deal(
    store: Store,
    deal_id: uuid.UUID,
    to_stage_id: uuid.UUID,
    *,
    lost_reason: str | None = None,
    reopen: bool = False,
    now: dt.datetime | None = None,
    tz: dt.tzinfo | None = None,
) -> Deal:
    """Move a deal to another stage: its changed fields and the history row, in one transaction.

    The rules are ``pipeline.check_move``; a refused move raises
    ``pipeline.MoveRejectedError`` (with the missing checklist items) and writes nothing.
    Reopening a won deal is for managers (its revenue was booked).
    """
    with store.transaction() as writer:
        current = _current(writer, deal_id)
        stages = load_stages(writer.connection, store.profile.team_id)
        target = next((s for s in stages if s.id == to_stage_id), None)
        if (
            current.status == "won"
            and target is not None
            and target.outcome != "won"
            and store.profile.role not in MANAGERS
        ):
            raise ValidationError(
                [FieldError("stage_id", "not_allowed", "only a manager can reopen a won deal")]
            )
        plan = pipeline.plan_move(
            current,
            to_stage_id,
            stages,
            now=now or writer.now,
            tz=tz or local_tz(),
            lost_reason=lost_reason,
            reopen=reopen,
        )
        moved = writer.update(Deal, deal_id, plan.deal_changes)
        writer.create(DealStageChange, plan.history)
        return moved


def mark_lost(
    store: Store, deal_id: uuid.UUID, reason: str, *, now: dt.datetime | None = None
) -> Deal:
    """Move a deal to the lost stage with a reason."""
    with store.engine.connect() as connection:
        stages = load_stages(connection, store.profile.team_id)
    lost = rules.lost_stage(stages)
    if lost is None:
        raise ValidationError([FieldError("stage_id", "no_lost_stage", "there is no lost stage")])
    return move_deal(store, deal_id, lost.id, lost_reason=reason, reopen=True, now=now)


def reopen_target(store: Store, deal_id: uuid.UUID) -> PipelineStage | None:
    """The stage a closed deal would reopen in."""
    current = store.require(Deal, deal_id)
    with store.engine.connect() as connection:
        stages = load_stages(connection, store.profile.team_id)
        history = stage_history(connection, deal_id)
    return rules.reopen_stage(current, history, stages)


def reopen_deal(store: Store, deal_id: uuid.UUID, *, now: dt.datetime | None = None) -> Deal:
    """Reopen a won or lost deal in the open stage it was in before it closed."""
    target = reopen_target(store, deal_id)
    if target is None:
        raise ValidationError([FieldError("stage_id", "no_open_stage", "there is no open stage")])
    return move_deal(store, deal_id, target.id, reopen=True, now=now)


def set_checklist_item(store: Store, deal_id: uuid.UUID, item_id: str, done: bool) -> Deal:
    """Tick (or untick) one checklist item of a deal."""
    with store.transaction() as writer:
        current = _current(writer, deal_id)
        return writer.update(
            Deal, deal_id, {"checklist_done": rules.ticked(current.checklist_done, item_id, done)}
        )


# ---- the funnel --------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class FunnelFigures:
    """The funnel of a cohort of deals (created since ``since``, or all)."""

    stages: list[PipelineStage]
    summaries: list[pipeline.StageSummary]  # by current stage, every active stage
    conversions: list[pipeline.Conversion]  # between consecutive ladder stages
    durations: dict[uuid.UUID, pipeline.StageDuration]
    deals: int


def _text(column: sa.ColumnElement[Any]) -> sa.ColumnElement[str]:
    """A column as its stored text: read in bulk without the per-value type processing."""
    return sa.type_coerce(column, sa.String)


def _uid(text: str | None) -> uuid.UUID | None:
    return None if text is None else uuid.UUID(hex=text)


def _instant(text: str | None) -> dt.datetime | None:
    return None if text is None else dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def _funnel_deals(
    connection: sa.Connection, conditions: list[sa.ColumnElement[bool]]
) -> list[Deal]:
    """The cohort's deals with just the fields the funnel rules read (fast for many deals)."""
    if connection.dialect.name != "sqlite":  # the stored-text shortcut is SQLite's
        return records(Deal, connection.execute(sa.select(deal).where(*conditions)).mappings())
    rows = connection.execute(
        sa.select(
            _text(deal.c.id),
            _text(deal.c.created_at),
            _text(deal.c.stage_id),
            sa.type_coerce(deal.c.amount, sa.BigInteger),
            deal.c.probability,
            deal.c.status,
        ).where(*conditions)
    )
    found = []
    for deal_id, created, stage_id, fen, probability, status in rows:
        created_at = _instant(created)
        assert created_at is not None
        found.append(
            Deal(
                id=uuid.UUID(hex=deal_id),
                created_at=created_at,
                updated_at=created_at,
                stage_id=_uid(stage_id),
                amount=Decimal(fen).scaleb(-2),
                probability=probability,
                status=status,
            )
        )
    return found


def _funnel_changes(connection: sa.Connection, deal_ids: sa.Select[Any]) -> list[DealStageChange]:
    """The stage changes of the cohort, with just the fields the funnel rules read."""
    condition = [change_table.c.deal_id.in_(deal_ids), change_table.c.deleted.is_(False)]
    if connection.dialect.name != "sqlite":
        return records(
            DealStageChange,
            connection.execute(sa.select(change_table).where(*condition)).mappings(),
        )
    rows = connection.execute(
        sa.select(
            _text(change_table.c.id),
            _text(change_table.c.created_at),
            _text(change_table.c.deal_id),
            _text(change_table.c.from_stage_id),
            _text(change_table.c.to_stage_id),
            _text(change_table.c.changed_at),
        ).where(*condition)
    )
    found = []
    for change_id, created, deal_id, from_id, to_id, changed in rows:
        created_at = _instant(created)
        assert created_at is not None
        found.append(
            DealStageChange(
                id=uuid.UUID(hex=change_id),
                created_at=created_at,
                updated_at=created_at,
                deal_id=_uid(deal_id),
                from_stage_id=_uid(from_id),
                to_stage_id=_uid(to_id),
                changed_at=_instant(changed),
            )
        )
    return found


def funnel_figures(
    store: Store, query: DealFilter, *, since: dt.datetime | None = None
) -> FunnelFigures:
    """Funnel, conversion and days per stage for the deals matching ``query`` created since
    ``since`` (all deals when None). Closed deals always count here: they are the outcome."""
    conditions = _filter_conditions(query)
    if since is not None:
        conditions.append(deal.c.created_at >= since)
    with store.engine.connect() as connection:
        stages = load_stages(connection, store.profile.team_id)
        cohort = _funnel_deals(connection, conditions)
        changes = _funnel_changes(connection, sa.select(deal.c.id).where(*conditions))
    return FunnelFigures(
        stages=pipeline.ordered_stages(stages),
        summaries=pipeline.funnel(cohort, stages),
        conversions=pipeline.conversion_rates(cohort, changes, stages),
        durations=pipeline.average_days_in_stage(changes, cohort),
        deals=len(cohort),
    )
