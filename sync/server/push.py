"""Applying a push: authorise, validate and three-way merge each op, atomically and idempotently.

A batch runs in one write transaction. Each op's result is stored with its op
id in that same transaction, so a replayed batch returns the stored results
and changes nothing. Per field of an update, the field's revision on the
server is compared with the op's ``base_rev``: a newer revision made by another
installation means someone else changed it first — PLAIN and SERVER_WINS
fields keep the server's value and report a conflict with both values,
APPEND fields (note logs) take the union of their entries and never conflict.
A revision made by the same installation (``client_id``) is the client's own
earlier edit and never conflicts with its later ones.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Mapping, Sequence
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa

from salesdesk.domain.schema import (
    ENTITIES,
    EntityDef,
    FieldError,
    Merge,
    Note,
    Scope,
    ValidationError,
    utcnow,
)
from sync.protocol import FieldConflict, Op, OpResult, decode_fields
from sync.server import figures
from sync.server.rows import Row, RowWriter, field_revs, writing
from sync.server.scope import Keys, Viewer, keys_for, scope_fields, stored_keys
from sync.server.tables import ENTITY_TABLES, change_log, sync_op

log = logging.getLogger(__name__)


class Rejected(Exception):  # noqa: N818  (a result, not a failure)
    """Raised inside op handling: the op is rejected with this code and message."""

    def __init__(self, code: str, message: str, errors: Sequence[FieldError] = ()) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.errors = tuple(errors)


def push(
    engine: sa.Engine, viewer: Viewer, ops: Sequence[Op], client_id: uuid.UUID
) -> list[dict[str, Any]]:
    """Apply a batch; returns one v2 result (JSON) per op, in order."""
    now = utcnow()
    with writing(engine, actor=viewer.user_id, client_id=client_id, now=now) as writer:
        connection = writer.connection
        known = {
            row.op_id: row
            for row in connection.execute(
                sa.select(sync_op).where(sync_op.c.op_id.in_([op.op_id for op in ops]))
            )
        }
        applier = Applier(writer, viewer, client_id)
        results: list[dict[str, Any]] = []
        stored: list[dict[str, Any]] = []
        for op in ops:
            previous = known.get(op.op_id)
            if previous is not None:
                if previous.user_id == viewer.user_id:
                    results.append(json.loads(previous.result))
                else:
                    results.append(
                        OpResult(
                            op.op_id,
                            "rejected",
                            code="duplicate_op",
                            message="this operation id was already used; the change was not made",
                        ).to_json()
                    )
                continue
            result = applier.apply(op).to_json()
            results.append(result)
            stored.append(
                {
                    "op_id": op.op_id,
                    "user_id": viewer.user_id,
                    "result": json.dumps(result, ensure_ascii=False, separators=(",", ":")),
                    "at": now,
                }
            )
        if stored:
            connection.execute(sa.insert(sync_op), stored)
        changed = figures.touched(writer.logged.values(), writer.updated_fields)  # before flush()
    figures.after_push(engine, changed)  # team standings, in a transaction of their own
    return results


class Applier:
    """Applies single ops for one viewer inside a write transaction."""

    def __init__(self, writer: RowWriter, viewer: Viewer, client_id: uuid.UUID) -> None:
        self.writer = writer
        self.connection = writer.connection
        self.viewer = viewer
        self.client_id = client_id
        self._changes: dict[int, Any] = {}
        self._users: dict[uuid.UUID, Any] = {}

    def apply(self, op: Op) -> OpResult:
        try:
            return self._apply(op)
        except Rejected as rejected:
            return OpResult(
                op.op_id,
                "rejected",
                code=rejected.code,
                message=rejected.message,
                errors=rejected.errors,
            )

    # ---- the four kinds --------------------------------------------------------------------
    def _apply(self, op: Op) -> OpResult:
        definition = ENTITIES.get(op.entity)
        if definition is None:
            raise Rejected("unknown_entity", f"this server does not know {op.entity!r} records")
        viewer = self.viewer
        if definition.scope == Scope.DIRECTORY:
            raise Rejected(
                "server_only", f"{definition.label}s are managed with salesdesk-server only"
            )
        if not definition.writers:  # computed by the server itself (team figures)
            raise Rejected("server_only", f"{definition.label}s are computed by the server")
        if not viewer.is_admin and viewer.role not in definition.writers:
            raise Rejected("not_allowed", f"only managers can change {definition.label.lower()}s")
        found = stored_keys(self.connection, op.row_id)
        if op.kind == "create":
            if found is not None:
                raise Rejected("exists", "a record with this id already exists on the server")
            return self._create(definition, op)
        if found is None or found[0] != definition.name or not found[1].visible_to(viewer):
            raise Rejected(
                "not_in_scope",
                f"this {definition.label.lower()} does not exist or is no longer shared with you",
            )
        if not found[1].writable_by(viewer):
            raise Rejected(
                "not_allowed", f"you can read this {definition.label.lower()} but not change it"
            )
        row = self.writer.load(definition.name, op.row_id)
        assert row is not None  # sync_row and the entity table are written together
        if op.kind == "update":
            return self._update(definition, op, row)
        if op.kind == "delete":
            if not definition.deletable:
                raise Rejected("not_deletable", f"a {definition.label.lower()} cannot be deleted")
            seq = row["rev"] if row["deleted"] else self.writer.set_deleted(definition, row, True)
            return OpResult(op.op_id, "applied", seq=seq)
        # restore
        if not row["deleted"]:
            return OpResult(op.op_id, "applied", seq=row["rev"])
        self._check_parent_alive(definition, row)
        return OpResult(op.op_id, "applied", seq=self.writer.set_deleted(definition, row, False))

    def _create(self, definition: EntityDef, op: Op) -> OpResult:
        viewer = self.viewer
        values = self._decode(definition, op)
        for spec in definition.current_refs:
            if values.get(spec.name) is None:
                values[spec.name] = viewer.user_id if spec.ref == "user" else viewer.team_id
        try:
            cleaned = definition.clean_values(values, creating=True)
        except ValidationError as exc:
            raise Rejected("invalid", str(exc), tuple(exc.errors.values())) from None
        self._check_roles(definition, cleaned, None)
        self._check_references(definition, cleaned, cleaned.keys())
        keys = self._keys(definition, op.row_id, cleaned)
        if not keys.writable_by(viewer):
            raise Rejected(
                "not_allowed", f"you cannot create this {definition.label.lower()} for someone else"
            )
        seq = self.writer.insert(definition, op.row_id, cleaned, keys, created_at=op.created_at)
        return OpResult(op.op_id, "applied", seq=seq)

    def _update(self, definition: EntityDef, op: Op, row: Row) -> OpResult:
        if definition.append_only:
            raise Rejected(
                "append_only", f"a {definition.label.lower()} cannot be edited once it is made"
            )
        if row["deleted"]:
            raise Rejected(
                "deleted", f"this {definition.label.lower()} was deleted; restore it to change it"
            )
        values = self._decode(definition, op)
        errors: list[FieldError] = []
        for name, value in values.items():
            spec = definition.by_name[name]
            if spec.merge == Merge.APPEND or value == row[name]:
                continue
            if spec.immutable:
                errors.append(FieldError(name, "read_only", "cannot be changed once set"))
            elif spec.required and spec.is_empty(value):
                errors.append(FieldError(name, "required", "a value is required"))
        if errors:
            raise Rejected(
                "read_only" if any(e.code == "read_only" for e in errors) else "invalid",
                "; ".join(str(e) for e in errors),
                errors,
            )
        changed = {
            n: v
            for n, v in values.items()
            if definition.by_name[n].merge != Merge.APPEND and v != row[n]
        }
        self._check_roles(definition, changed, row)
        self._check_references(definition, changed, changed.keys())

        revs = field_revs(row)
        created = int(row["created_rev"])

        def concurrent(name: str) -> bool:
            rev = revs.get(name, created)
            return rev > op.base_rev and not self._own(rev)

        conflicts: list[FieldConflict] = []
        changes: dict[str, Any] = {}
        for name, value in values.items():
            spec = definition.by_name[name]
            current = row[name]
            if spec.merge == Merge.APPEND:
                merged = _union(current, value)
                if merged != tuple(current):
                    changes[name] = merged
            elif value != current:
                if concurrent(name):
                    user, at = self._who(revs.get(name, created))
                    conflicts.append(
                        FieldConflict(name, spec.to_json(value), spec.to_json(current), user, at)
                    )
                else:
                    changes[name] = value
        others_changed = any(concurrent(s.name) for s in definition.fields if s.name not in values)

        new_keys: Keys | None = None
        if scope_fields(definition) & changes.keys():
            new_keys = self._keys(definition, row["id"], {**row, **changes})
            if not new_keys.writable_by(self.viewer):
                raise Rejected(
                    "not_allowed",
                    f"you cannot give this {definition.label.lower()} to someone outside your team",
                )
        seq = (
            self.writer.update(definition, row, changes, new_keys=new_keys)
            if changes
            else int(row["rev"])
        )
        owner = definition.scope_field
        if owner is not None and owner in changes and changes[owner] is not None:
            self.writer.follow_owner(definition, row["id"], row[owner], changes[owner])
        status = "conflict" if conflicts else "merged" if others_changed else "applied"
        return OpResult(op.op_id, status, seq=seq, conflicts=tuple(conflicts))

    # ---- checks ----------------------------------------------------------------------------
    def _decode(self, definition: EntityDef, op: Op) -> dict[str, Any]:
        try:
            return decode_fields(definition.name, op.fields)
        except ValidationError as exc:
            raise Rejected("invalid", str(exc), tuple(exc.errors.values())) from None

    def _keys(self, definition: EntityDef, row_id: uuid.UUID, values: Mapping[str, Any]) -> Keys:
        keys = keys_for(
            definition, row_id, values, self.writer.teams, fallback_team=self.viewer.team_id
        )
        parent = definition.parent_field
        if keys is None or (parent is not None and not keys.visible_to(self.viewer)):
            label = parent.label.lower() if parent is not None else "record"
            raise Rejected(
                "not_in_scope",
                f"the {label} it belongs to does not exist or is not shared with you",
            )
        if parent is not None and parent.ref is not None:
            parent_row = self.writer.load(parent.ref, values[parent.name])
            if parent_row is not None and parent_row["deleted"]:
                raise Rejected(
                    "parent_deleted", f"the {parent.label.lower()} it belongs to was deleted"
                )
        return keys

    def _check_parent_alive(self, definition: EntityDef, row: Row) -> None:
        parent = definition.parent_field
        if parent is None or parent.ref is None or row[parent.name] is None:
            return
        parent_row = self.writer.load(parent.ref, row[parent.name])
        if parent_row is None or parent_row["deleted"]:
            raise Rejected(
                "parent_deleted", f"restore the {parent.label.lower()} it belongs to first"
            )

    def _check_roles(
        self, definition: EntityDef, values: Mapping[str, Any], current: Row | None
    ) -> None:
        viewer = self.viewer
        errors = []
        for spec in definition.restricted:
            if spec.name not in values or viewer.is_admin or viewer.role in (spec.roles or ()):
                continue
            value = values[spec.name]
            if current is None and (
                spec.is_empty(value) or (spec.default_current and value == viewer.user_id)
            ):
                continue
            errors.append(FieldError(spec.name, "not_allowed", "only a manager can change this"))
        if errors:
            raise Rejected("not_allowed", "; ".join(str(e) for e in errors), errors)

    def _check_references(
        self, definition: EntityDef, values: Mapping[str, Any], names: Any
    ) -> None:
        viewer = self.viewer
        parent = definition.parent_field
        errors: list[FieldError] = []
        for name in names:
            spec = definition.by_name[name]
            value = values[name]
            if spec.ref is None or value is None or (parent is not None and name == parent.name):
                continue
            if spec.ref == "user":
                user = self._user(value)
                if user is None:
                    errors.append(FieldError(name, "not_found", f"no user with id {value}"))
                elif viewer.is_admin or value == viewer.user_id:
                    continue
                elif viewer.team_id is None or user.team_id != viewer.team_id:
                    errors.append(FieldError(name, "not_allowed", "is not in your team"))
                elif not viewer.is_manager and spec.immutable and spec.default_current:
                    errors.append(FieldError(name, "not_allowed", "must be yourself"))
            elif spec.ref == "team":
                if viewer.is_admin:
                    team = stored_keys(self.connection, value)
                    if team is None or team[0] != "team":
                        errors.append(FieldError(name, "not_found", f"no team with id {value}"))
                elif value != viewer.team_id:
                    errors.append(FieldError(name, "not_allowed", "is not your team"))
            else:
                found = stored_keys(self.connection, value)
                if found is None or found[0] != spec.ref or not found[1].visible_to(viewer):
                    label = spec.ref.replace("_", " ")
                    errors.append(FieldError(name, "not_found", f"no {label} with id {value}"))
        if errors:
            code = "not_allowed" if any(e.code == "not_allowed" for e in errors) else "invalid"
            raise Rejected(code, "; ".join(str(e) for e in errors), errors)

    # ---- lookups ---------------------------------------------------------------------------
    def _change(self, seq: int) -> Any:
        pending = self.writer.logged.get(seq)
        if pending is not None:  # made earlier in this batch
            return SimpleNamespace(**pending)
        if seq not in self._changes:
            self._changes[seq] = self.connection.execute(
                sa.select(change_log.c.user_id, change_log.c.client_id, change_log.c.at).where(
                    change_log.c.seq == seq
                )
            ).first()
        return self._changes[seq]

    def _own(self, seq: int) -> bool:
        change = self._change(seq)
        return change is not None and change.client_id == self.client_id

    def _who(self, seq: int) -> tuple[str, Any]:
        change = self._change(seq)
        if change is None:
            return "", None
        user = self._user(change.user_id) if change.user_id else None
        return (user.display_name if user is not None else ""), change.at

    def _user(self, user_id: uuid.UUID) -> Any:
        if user_id not in self._users:
            users = ENTITY_TABLES["user"]
            self._users[user_id] = self.connection.execute(
                sa.select(users.c.team_id, users.c.display_name).where(users.c.id == user_id)
            ).first()
        return self._users[user_id]


def _union(current: Sequence[Note], added: Sequence[Note]) -> tuple[Note, ...]:
    """A note log with the added entries (by id; an existing entry is never replaced)."""
    notes = {note.id: note for note in current}
    for note in added:
        notes.setdefault(note.id, note)
    return tuple(sorted(notes.values(), key=lambda n: (n.at, n.id)))
