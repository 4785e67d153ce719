"""Field values of conflicts and rejections, written for people.

Conflicts and rejections carry wire-format values (``EntityDef.to_json``).
Shown raw they read like ``"negotiation"`` or ``"019a…"``; here each one
becomes what the user knows: a translated choice, an amount in yuan, a local
date, the name of the customer a reference points at, the text of a note.
References are looked up on the database thread (:func:`referenced`) before
formatting on the GUI thread (:func:`format_value`).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale

from salesdesk.domain.schema import (
    ENTITIES,
    SYSTEM_FIELDS,
    FieldSpec,
    Kind,
    Note,
    Record,
    ValidationError,
    entity_def,
)
from salesdesk.store.store import Store
from salesdesk.ui import labels, timefmt

MONEY = frozenset(
    {
        ("deal", "amount"),
        ("commission_plan", "new_customer_bonus"),
        ("commission_plan", "cap"),
        ("team_figure", "value"),
    }
)
TEXT_LENGTH = 400  # a long text shows this much; the clipboard gets it whole

References = Mapping[uuid.UUID, tuple[str, Record]]
"""What references point at: id → (entity, record), looked up on the database thread."""


def decode(spec: FieldSpec, raw: Any) -> Any:
    """A wire value as the domain's value (the raw value when it no longer validates)."""
    try:
        return spec.from_json(raw)
    except (ValidationError, TypeError, ValueError):
        return raw


def wanted_references(entity: str, fields: Mapping[str, Any]) -> set[tuple[str, uuid.UUID]]:
    """The (entity, id) pairs these wire values refer to."""
    definition = entity_def(entity)
    found: set[tuple[str, uuid.UUID]] = set()
    for name, raw in fields.items():
        spec = definition.by_name.get(name)
        if spec is None or spec.ref is None or not raw:
            continue
        try:
            found.add((spec.ref, uuid.UUID(str(raw))))
        except ValueError:
            continue
    return found


def referenced(store: Store, wanted: Iterable[tuple[str, uuid.UUID]]) -> dict[uuid.UUID, Any]:
    """Look the referenced records up (database thread); deleted ones too."""
    by_entity: dict[str, set[uuid.UUID]] = {}
    for entity, row_id in wanted:
        by_entity.setdefault(entity, set()).add(row_id)
    found: dict[uuid.UUID, tuple[str, Record]] = {}
    for entity, ids in by_entity.items():
        for row_id in ids:
            record = store.get(entity, row_id, deleted=True)
            if record is not None:
                found[row_id] = (entity, record)
    return found


def reference_title(entity: str, record: Record) -> str:
    if entity == "pipeline_stage":
        from salesdesk.ui.deals.names import stage_name

        return stage_name(record)  # type: ignore[arg-type]
    from salesdesk.ui.recycle_bin import record_title

    return record_title(entity, record)


def empty_text() -> str:
    return QCoreApplication.translate("SyncValues", "(empty)")


def format_value(
    entity: str,
    spec: FieldSpec,
    value: Any,
    references: References | None = None,
    *,
    limit: int | None = TEXT_LENGTH,
) -> str:
    """One decoded value as people read it."""
    if spec.is_empty(value):
        return empty_text()
    kind = spec.kind
    if kind == Kind.CHOICE:
        return labels.choice_label(entity, spec.name, str(value))
    if kind == Kind.BOOL:
        return (
            QCoreApplication.translate("SyncValues", "Yes")
            if value
            else QCoreApplication.translate("SyncValues", "No")
        )
    if kind == Kind.DECIMAL and isinstance(value, Decimal):
        if (entity, spec.name) in MONEY:
            return labels.money(value)
        text = f"{value.normalize():f}"
        return f"{text}%" if "%" in spec.label else text
    if kind in (Kind.INT, Kind.FLOAT) and isinstance(value, int | float):
        return QLocale().toString(value)
    if kind == Kind.DATE and hasattr(value, "isoformat"):
        return timefmt.format_date(value)
    if kind == Kind.DATETIME and hasattr(value, "astimezone"):
        return timefmt.format_datetime(value)
    if kind == Kind.UUID:
        return _reference_text(value, references)
    if kind == Kind.TAGS:
        return QCoreApplication.translate("SyncValues", ", ").join(str(tag) for tag in value)
    if kind == Kind.NOTES:
        return "\n".join(_note_text(note) for note in value)
    if kind == Kind.BLOB:
        size = len(value) if isinstance(value, bytes | str) else 0
        return QCoreApplication.translate("SyncValues", "A file of %1 KB").replace(
            "%1", QLocale().toString(max(1, size // 1024))
        )
    if kind == Kind.JSON:
        return _shorten(json.dumps(value, ensure_ascii=False), limit)
    return _shorten(str(value), limit)


def _reference_text(value: Any, references: References | None) -> str:
    try:
        row_id = value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        return str(value)
    found = (references or {}).get(row_id)
    if found is None:
        return QCoreApplication.translate("SyncValues", "(a record not on this computer)")
    return reference_title(*found) or QCoreApplication.translate("SyncValues", "(no name)")


def _note_text(note: Any) -> str:
    if isinstance(note, Note):
        return f"{timefmt.format_datetime(note.at)}  {note.text}"
    return str(note)


def _shorten(text: str, limit: int | None) -> str:
    if limit is None or len(text) <= limit:
        return text
    return text[: limit - 1] + "…"


def wire_text(
    entity: str, field: str, raw: Any, references: References | None = None, **kw: Any
) -> str:
    """A wire value of ``entity.field`` as people read it."""
    spec = entity_def(entity).by_name.get(field) if entity in ENTITIES else None
    if spec is None:
        return "" if raw is None else str(raw)
    return format_value(entity, spec, decode(spec, raw), references, **kw)


def field_name(entity: str, field: str) -> str:
    """The translated label of a field."""
    spec = entity_def(entity).by_name.get(field) if entity in ENTITIES else None
    return labels.field_label(spec) if spec is not None else field


def entity_name(entity: str) -> str:
    try:
        return labels.entity_label(entity_def(entity).label)
    except ValidationError:
        return entity


def readable_fields(
    entity: str, fields: Mapping[str, Any], references: References | None = None, **kw: Any
) -> list[tuple[str, str]]:
    """(label, value) for every non-empty field, in the entity's declared order."""
    try:
        definition = entity_def(entity)
    except ValidationError:
        return [(name, str(value)) for name, value in fields.items()]
    rows: list[tuple[str, str]] = []
    for spec in definition.fields:
        if spec.name in SYSTEM_FIELDS or spec.name not in fields:
            continue
        value = decode(spec, fields[spec.name])
        if spec.is_empty(value):
            continue
        rows.append((labels.field_label(spec), format_value(entity, spec, value, references, **kw)))
    return rows
