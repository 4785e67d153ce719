"""The SalesDesk Python API: the operations of the ``salesdesk`` CLI, for scripts.

Example::

    from salesdesk import api

    store = api.open_profile("~/crm-profile")
    customer = api.add(store, "customer", {"name": "深圳市华为技术有限公司", "tier": "A"})
    api.set(store, "customer", customer.id, {"status": "active"})
    for hit in api.search(store, "华为"):
        print(hit.entity, hit.title)
    print(api.status(store))

Values may be given as Python values or as text (as typed on the command
line: ``amount="12000.50"``, ``tags="重点,VIP"``). Every function raises
``ValidationError`` for bad values, ``NotFoundError`` for unknown ids and
``StoreError`` for problems with the data folder; nothing is changed then.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from salesdesk import paths, sample
from salesdesk.domain.schema import (
    ENTITIES,
    FieldError,
    Kind,
    Record,
    ValidationError,
    entity_def,
    utcnow,
)
from salesdesk.store import database
from salesdesk.store.search import SearchHit
from salesdesk.store.search import search as _search
from salesdesk.store.store import NotFoundError, Store, StoreError
from salesdesk.store.tables import Conflict, Rejection

__all__ = [
    "NotFoundError",
    "SearchHit",
    "Status",
    "Store",
    "StoreError",
    "ValidationError",
    "add",
    "commission",
    "conflicts",
    "delete",
    "demo_data",
    "export",
    "get",
    "init",
    "leaderboard",
    "list_records",
    "login",
    "logout",
    "open_profile",
    "parse_id",
    "search",
    "set",
    "status",
    "sync",
]


def open_profile(data_dir: str | os.PathLike[str] | None = None, *, demo: bool = False) -> Store:
    """Open (creating if needed) the profile in ``data_dir`` (see ``paths.profile_dir``)."""
    return Store.open(paths.profile_dir(data_dir, demo=demo))


def init(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """Create the profile (idempotent) and return its folder."""
    store = open_profile(data_dir)
    store.close()
    return store.path.parent


def parse_id(text: str | uuid.UUID) -> uuid.UUID:
    if isinstance(text, uuid.UUID):
        return text
    try:
        return uuid.UUID(text.strip())
    except ValueError:
        raise ValidationError([FieldError("id", "invalid", f"{text!r} is not an id")]) from None


def _values(entity: str, values: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Field values with text parsed by field type; note-log fields collected as new notes."""
    definition = entity_def(entity)
    parsed: dict[str, Any] = {}
    notes: list[str] = []
    errors: list[FieldError] = []
    for name, value in values.items():
        try:
            spec = definition.field(name)
            if spec.kind == Kind.NOTES and isinstance(value, str):
                notes.append(value)
            elif isinstance(value, str):
                parsed[name] = spec.parse_text(value)
            else:
                parsed[name] = spec.clean(value)
        except ValidationError as exc:
            errors.extend(exc.errors.values())
    if errors:
        raise ValidationError(errors)
    return parsed, notes


def add(store: Store, entity: str, values: Mapping[str, Any]) -> Record:
    """Create a record; returns it (its ``id`` is new)."""
    parsed, notes = _values(entity, values)
    with store.transaction() as writer:
        record = writer.create(entity, parsed)
        for text in notes:
            record = writer.add_note(entity, record.id, text)
    return record


def set(store: Store, entity: str, row_id: str | uuid.UUID, values: Mapping[str, Any]) -> Record:
    """Change fields of a record; a text value for a note-log field adds a note."""
    parsed, notes = _values(entity, values)
    with store.transaction() as writer:
        record = writer.update(entity, parse_id(row_id), parsed)
        for text in notes:
            record = writer.add_note(entity, record.id, text)
    return record


def delete(store: Store, entity: str, row_id: str | uuid.UUID) -> None:
    """Delete a record (a tombstone, with everything under it)."""
    entity_def(entity)
    with store.transaction() as writer:
        writer.delete(entity, parse_id(row_id))


def get(store: Store, entity: str, row_id: str | uuid.UUID) -> Record:
    entity_def(entity)
    return store.require(entity, parse_id(row_id))


def list_records(store: Store, entity: str) -> list[Record]:
    """Every live record of an entity, oldest first."""
    entity_def(entity)
    return store.select(entity, order_by=[store.table(entity).c.id])


def search(store: Store, text: str, limit: int = 50) -> list[SearchHit]:
    """Customers and contacts whose text contains ``text`` (Chinese substrings included)."""
    with store.engine.connect() as connection:
        return _search(connection, text, limit)


@dataclasses.dataclass(frozen=True)
class Status:
    """A profile at a glance."""

    data_dir: str
    user: str
    role: str
    counts: dict[str, int]
    pending_changes: int
    conflicts: int
    rejections: int
    server: str | None
    last_sync: str | None

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def status(store: Store) -> Status:
    with store.engine.connect() as connection:
        open_conflicts = connection.execute(
            sa.select(sa.func.count()).select_from(Conflict).where(Conflict.resolution == "")
        ).scalar_one()
        open_rejections = connection.execute(
            sa.select(sa.func.count()).select_from(Rejection).where(Rejection.resolution == "")
        ).scalar_one()
    server = store.get_meta("server") or {}
    return Status(
        data_dir=str(store.path.parent),
        user=store.profile.display_name,
        role=store.profile.role,
        counts={name: store.count(name) for name in ENTITIES},
        pending_changes=store.outbox_count(),
        conflicts=int(open_conflicts),
        rejections=int(open_rejections),
        server=server.get("url"),
        last_sync=store.get_meta("last_sync"),
    )


def demo_data(
    store: Store, customers: int, *, seed: int = 20261123, today: dt.date | None = None
) -> int:
    """Generate sample data (customers with everything under them) through the write path.

    Returns the number of rows written.
    """
    if customers < 0:
        raise ValidationError([FieldError("customers", "too_small", "must be 0 or more")])
    profile = store.profile
    stages = store.select("pipeline_stage", order_by=[store.table("pipeline_stage").c.position])
    if not stages:
        raise StoreError("this profile has no pipeline stages yet; sync or set them up first")
    templates = {t.kind: t.id for t in store.select("report_template")}  # type: ignore[attr-defined]
    context = sample.Context(
        owners=[profile.user_id],
        stages=[(s.id, s.code, s.probability, s.outcome) for s in stages],  # type: ignore[attr-defined]
        templates=templates,
        team_id=profile.team_id,
        today=today or utcnow().astimezone().date(),
        with_config=profile.is_manager,
    )
    written = 0
    pending: list[tuple[str, list[dict[str, Any]]]] = []
    for entity, rows in sample.generate(customers, context, seed=seed):
        pending.append((entity, rows))
        if sum(len(r) for _, r in pending) >= 20_000:
            written += _write_batches(store, pending)
            pending = []
    return written + _write_batches(store, pending)


BULK_CACHE_KB = 131_072  # 128 MB while sample data is written


def _write_batches(store: Store, batches: list[tuple[str, list[dict[str, Any]]]]) -> int:
    if not batches:
        return 0
    with store.transaction() as writer:
        # Tens of thousands of rows with their indexes and search entries: a page cache
        # larger than the everyday 16 MB keeps the index pages in memory for this batch.
        writer.connection.exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KB}")
        try:
            for entity, rows in batches:
                writer.create_many(entity, rows, prevalidated=True)
        finally:
            writer.connection.exec_driver_sql(f"PRAGMA cache_size = -{database.CACHE_KB}")
    return sum(len(rows) for _, rows in batches)


# ---- sync with a server (see sync.client for the full API) ----------------------------------


def login(store: Store, server: str, username: str, password: str) -> Any:
    """Sign the profile in to a server; returns the signed-in ``Profile``.

    Raises ``sync.client.SyncError`` (wrong password, unreachable server …). Run
    :func:`sync` next to bring the team's directory and configuration.
    """
    from sync import client

    return client.login(store, server, username, password)


def sync(store: Store, *, password: str | None = None, progress: Any = None) -> Any:
    """Push local changes and pull the server's; returns ``sync.client.SyncResult``."""
    from sync import client

    return client.sync(store, password=password, progress=progress)


def logout(store: Store, *, wipe: bool = False, force: bool = False) -> None:
    """Send pending changes, end the session and forget the sign-in; ``wipe`` deletes the copy."""
    from sync import client

    client.logout(store, wipe=wipe, force=force)


def conflicts(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Open conflicts and rejections as JSON: ``{"conflicts": [...], "rejections": [...]}``.

    See the README ("Command line", ``conflicts --json``) for the shapes.
    """
    from sync import client

    return {
        "conflicts": [c.to_json() for c in client.conflicts(store)],
        "rejections": [r.to_json() for r in client.rejections(store)],
    }


# ---- leaderboard, commission, exports (the manager's desk) -----------------------------------


def _period(text: str | None, *, weeks: bool = False) -> Any:
    """A period from its text (``2026-11``, ``2026-Q4``, ``2026``; ``2026-W48`` when ``weeks``);
    None → the current month (the current week when ``weeks``), in this computer's time zone."""
    from salesdesk.domain.periods import TARGET_KINDS, Period, PeriodError, PeriodKind

    today = utcnow().astimezone().date()
    if not text:
        return Period.containing(PeriodKind.WEEK if weeks else PeriodKind.MONTH, today)
    kinds = {*TARGET_KINDS, PeriodKind.WEEK} if weeks else TARGET_KINDS
    try:
        return Period.parse(text, kinds=kinds)
    except PeriodError as exc:
        raise ValidationError([FieldError("period", exc.code, str(exc))]) from None


def leaderboard(store: Store, kpi: str = "revenue", period: str | None = None) -> Any:
    """The standings of ``kpi`` for ``period`` (default: this month) as of the last sync.

    Returns ``salesdesk.store.figures.Standings`` (``to_json()`` is the CLI's ``--json``):
    the server's team figures on a rep's signed-in profile, computed from the local data on
    a manager's or a local profile (see that module).
    """
    from salesdesk.store import figures

    return figures.standings(store, _kpi(kpi), _period(period))


def _kpi(kpi: str) -> str:
    from salesdesk.domain.entities import KPIS

    if kpi not in KPIS:
        raise ValidationError(
            [FieldError("kpi", "invalid_choice", f"unknown KPI {kpi!r}; use {', '.join(KPIS)}")]
        )
    return kpi


def _user_id(store: Store, user: str) -> uuid.UUID:
    """A user by user name, display name or id."""
    from salesdesk.domain.entities import User

    table = store.table(User)
    text = user.strip()
    try:
        wanted = uuid.UUID(text)
    except ValueError:
        lower = text.lower()
        named = sa.or_(sa.func.lower(table.c.username) == lower, table.c.display_name == text)
        found = store.select(User, named)
        if len(found) == 1:
            return found[0].id
        problem = FieldError("user", "not_found", f"no user called {user!r}")
        raise ValidationError([problem]) from None
    if store.get(User, wanted) is None and wanted != store.profile.user_id:
        raise NotFoundError(f"no user with id {user}")
    return wanted


def commission(store: Store, user: str | None = None, period: str | None = None) -> list[Any]:
    """Commission statements for ``period`` (default: this month): the ``user``'s (name or id),
    else the signed-in rep's own, or every rep's on a manager's profile.

    Returns ``salesdesk.store.commissions.RepStatement`` objects (``to_json()``).
    """
    from salesdesk.store import commissions

    chosen = _period(period)
    if user:
        return [commissions.rep_statement(store, _user_id(store, user), chosen)]
    return commissions.team_statements(store, chosen)


EXPORTS = ("reports", "leaderboard", "customers")


def export(
    store: Store,
    what: str,
    file_format: str,
    out: str | os.PathLike[str],
    *,
    period: str | None = None,
    kpi: str = "revenue",
) -> Path:
    """Write ``what`` (reports, leaderboard, customers) to ``out`` as csv, xlsx or pdf.

    ``period``: the reports' week (default this week; a month works too) or the
    leaderboard's month, quarter or year (default this month). The file is written to a
    temporary name and renamed, so a failure leaves nothing half-written
    (``salesdesk.exports.ExportError``).
    """
    from salesdesk import exports
    from salesdesk.exports import sources

    if what not in EXPORTS:
        raise ValidationError(
            [FieldError("what", "invalid_choice", f"export one of {', '.join(EXPORTS)}")]
        )
    if file_format not in exports.FORMATS:
        raise ValidationError(
            [FieldError("format", "invalid_choice", f"use {', '.join(exports.FORMATS)}")]
        )
    if what == "customers":
        document = sources.customers_document(store)
    elif what == "leaderboard":
        document = sources.leaderboard_document(store, _kpi(kpi), _period(period))
    else:
        document = sources.reports_document(store, _period(period, weeks=True))
    return exports.write(document, Path(out), file_format)
