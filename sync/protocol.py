"""The SalesDesk sync wire format, defined once for the desktop client and the server.

Everything that crosses the network between ``sync.client`` and ``sync.server``
is described here: the protocol version and its header, the push request and
its per-operation results, the pull page, the summary used for the self-check,
the auth messages and the error envelope. Parsing is strict (a clear
:class:`ProtocolError` for anything unexpected) and needs only the standard
library and the entity declarations: no FastAPI, no Qt.

Versions: the server serves :data:`PROTOCOL_VERSION` and the one before it
(:data:`SUPPORTED_VERSIONS`). Version 1 differs from version 2 in two small
ways, both adapted by the server:

* a v1 push request has no ``client_id`` (the server uses the sign-in session
  instead, so edits made before a new sign-in may conflict with themselves);
* a v1 rejected result carries one ``reason`` text instead of ``code``,
  ``message`` and ``errors`` (see :func:`result_for_version`).

Entity payloads (an op's ``fields``, a pulled ``row``) are wire JSON as made by
``EntityDef.to_json``/``fields_to_json`` and validated by the entity
declarations (:func:`decode_fields`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import math
import uuid
from collections.abc import Mapping, Sequence
from typing import Any, Final

from salesdesk.domain import entities as _entities  # noqa: F401  (registers the entities)
from salesdesk.domain.schema import (
    ENTITIES,
    FieldError,
    ValidationError,
    format_datetime,
    parse_datetime,
)

PROTOCOL_VERSION: Final = 2
"""The version this code speaks."""
SUPPORTED_VERSIONS: Final = (1, 2)
"""Versions the server accepts: the current one and the one before it."""
VERSION_HEADER: Final = "X-SalesDesk-Protocol"
"""Request header carrying the client's protocol version (an integer)."""

OP_KINDS: Final = ("create", "update", "delete", "restore")
STATUSES: Final = ("applied", "merged", "conflict", "rejected")
MAX_OPS_PER_PUSH: Final = 500
MAX_SEQ: Final = 2**62  # cursors and revisions are below this (fits a signed 64-bit column)
DEFAULT_PAGE_ROWS: Final = 1000
MAX_PAGE_ROWS: Final = 5000
DEFAULT_PAGE_BYTES: Final = 4 * 1024 * 1024
MAX_PAGE_BYTES: Final = 32 * 1024 * 1024
MAX_ID_ROWS: Final = 20_000

# Reason codes of rejected operations (the client shows a translated message per code).
REJECT_CODES: Final = (
    "invalid",  # a field value does not satisfy the entity's declaration
    "unknown_entity",
    "server_only",  # users and teams are managed with salesdesk-server
    "not_allowed",  # the role may not make this change
    "not_in_scope",  # the row is not (or no longer) visible to this user
    "exists",  # a create for an id that is already taken
    "deleted",  # the row is a tombstone: restore it first
    "parent_deleted",  # the row it belongs to is deleted
    "append_only",  # entries of this entity are never edited
    "not_deletable",
    "read_only",  # an immutable field was changed
    "duplicate_op",  # the op id was already used by someone else
)


class ProtocolError(ValueError):
    """A message that does not follow the protocol; ``code`` is stable, ``message`` for people."""

    def __init__(self, message: str, *, code: str = "invalid_request", where: str = "") -> None:
        self.code = code
        self.where = where
        self.message = f"{where}: {message}" if where else message
        super().__init__(self.message)


# ---- low-level JSON helpers --------------------------------------------------------------------


def _reject_constant(name: str) -> Any:
    raise ProtocolError(f"{name} is not valid JSON", code="malformed_json")


def loads(body: bytes | str) -> Any:
    """Parse a request or response body strictly: valid UTF-8 JSON, no NaN, no NUL characters."""
    try:
        text = body.decode("utf-8") if isinstance(body, bytes) else body
        value = json.loads(text, parse_constant=_reject_constant)
    except ProtocolError:
        raise
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ProtocolError("the body is not valid JSON", code="malformed_json") from None
    _check_strings(value, 0)
    return value


def _check_strings(value: Any, depth: int) -> None:
    """Strings must be storable text: no NUL character, no lone surrogate; nesting is bounded."""
    if depth > 64:
        raise ProtocolError("the JSON is nested too deeply", code="malformed_json")
    if isinstance(value, str):
        _check_text(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key)
            _check_strings(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check_strings(item, depth + 1)


def _check_text(text: str) -> None:
    if "\x00" in text:
        raise ProtocolError("text may not contain NUL characters", code="malformed_json")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ProtocolError("text is not valid Unicode", code="malformed_json") from None


def dumps(value: Any) -> str:
    """Compact JSON text with Chinese kept as is (the format of every body)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _object(raw: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(raw, dict):
        raise ProtocolError("must be a JSON object", where=where)
    return raw


def _only(raw: Mapping[str, Any], allowed: Sequence[str], where: str) -> None:
    unknown = sorted(set(raw) - set(allowed))
    if unknown:
        raise ProtocolError(f"unknown key {unknown[0]!r}", where=where)


def _str(raw: Mapping[str, Any], key: str, where: str, *, max_length: int = 200) -> str:
    value = raw.get(key)
    if not isinstance(value, str):
        raise ProtocolError(f"{key} must be a string", where=where)
    if len(value) > max_length:
        raise ProtocolError(f"{key} is longer than {max_length} characters", where=where)
    return value


def _uuid(raw: Mapping[str, Any], key: str, where: str) -> uuid.UUID:
    value = raw.get(key)
    if not isinstance(value, str):
        raise ProtocolError(f"{key} must be an id (UUID text)", where=where)
    try:
        return uuid.UUID(value)
    except ValueError:
        raise ProtocolError(f"{key} must be an id (UUID text)", where=where) from None


def _int(raw: Mapping[str, Any], key: str, where: str, *, low: int = 0, high: int = MAX_SEQ) -> int:
    value = raw.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ProtocolError(f"{key} must be an integer", where=where)
    if not low <= value <= high:
        raise ProtocolError(f"{key} must be between {low} and {high}", where=where)
    return value


def _datetime(raw: Mapping[str, Any], key: str, where: str) -> dt.datetime:
    value = raw.get(key)
    if not isinstance(value, str):
        raise ProtocolError(f"{key} must be an ISO 8601 date and time", where=where)
    try:
        return parse_datetime(value)
    except (ValueError, OverflowError):
        raise ProtocolError(f"{key} must be an ISO 8601 date and time", where=where) from None


# ---- versions ----------------------------------------------------------------------------------


def parse_version(header: str | None) -> int:
    """The protocol version in a request header; ProtocolError if missing or not a number."""
    if header is None or not header.strip():
        raise ProtocolError(
            f"the {VERSION_HEADER} header is missing: which protocol version does this client "
            "speak?",
            code="version_missing",
        )
    text = header.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 6:
        raise ProtocolError(f"{VERSION_HEADER} must be a whole number", code="version_invalid")
    return int(text)


def version_problem(version: int) -> tuple[str, str] | None:
    """``(code, message)`` when the server cannot serve this version, else None."""
    if version < SUPPORTED_VERSIONS[0]:
        return (
            "client_too_old",
            f"Please update SalesDesk: this version speaks sync protocol {version}, and the "
            f"server needs {SUPPORTED_VERSIONS[0]} or newer.",
        )
    if version > PROTOCOL_VERSION:
        return (
            "server_too_old",
            f"The SalesDesk server is older than this app (protocol {PROTOCOL_VERSION} < "
            f"{version}); ask your administrator to update the server.",
        )
    return None


# ---- push --------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class Op:
    """One field-level change from a client's outbox."""

    op_id: uuid.UUID
    entity: str
    row_id: uuid.UUID
    kind: str  # create | update | delete | restore
    base_rev: int  # the server seq the client's copy was based on (0: never synced)
    fields: Mapping[str, Any]  # changed fields in the wire format; all fields for a create
    created_at: dt.datetime  # when the change was made (a create: the row's creation time)

    def to_json(self) -> dict[str, Any]:
        return {
            "op_id": str(self.op_id),
            "entity": self.entity,
            "row_id": str(self.row_id),
            "kind": self.kind,
            "base_rev": self.base_rev,
            "fields": dict(self.fields),
            "created_at": format_datetime(self.created_at),
        }

    @classmethod
    def from_json(cls, raw: Any, where: str = "op") -> Op:
        data = _object(raw, where)
        _only(
            data, ("op_id", "entity", "row_id", "kind", "base_rev", "fields", "created_at"), where
        )
        kind = _str(data, "kind", where)
        if kind not in OP_KINDS:
            raise ProtocolError(f"kind must be one of {', '.join(OP_KINDS)}", where=where)
        fields = data.get("fields", {})
        if not isinstance(fields, dict):
            raise ProtocolError("fields must be a JSON object", where=where)
        return cls(
            op_id=_uuid(data, "op_id", where),
            entity=_str(data, "entity", where, max_length=64),
            row_id=_uuid(data, "row_id", where),
            kind=kind,
            base_rev=_int(data, "base_rev", where),
            fields=fields,
            created_at=_datetime(data, "created_at", where),
        )


@dataclasses.dataclass(frozen=True, slots=True)
class PushRequest:
    """A batch of ops, applied atomically and idempotently (by op id)."""

    ops: tuple[Op, ...]
    client_id: uuid.UUID | None = None  # this installation; required from version 2 on

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"ops": [op.to_json() for op in self.ops]}
        if self.client_id is not None:
            out["client_id"] = str(self.client_id)
        return out

    @classmethod
    def from_json(cls, raw: Any, version: int = PROTOCOL_VERSION) -> PushRequest:
        data = _object(raw, "body")
        _only(data, ("ops", "client_id"), "body")
        client_id = None
        if version >= 2 or "client_id" in data:
            client_id = _uuid(data, "client_id", "body")
        ops = data.get("ops")
        if not isinstance(ops, list):
            raise ProtocolError("ops must be a list", where="body")
        if len(ops) > MAX_OPS_PER_PUSH:
            raise ProtocolError(
                f"at most {MAX_OPS_PER_PUSH} ops per push; send the rest in the next batch",
                code="too_many_ops",
                where="body",
            )
        parsed = tuple(Op.from_json(op, f"ops[{i}]") for i, op in enumerate(ops))
        if len({op.op_id for op in parsed}) != len(parsed):
            raise ProtocolError("op ids must be unique within a batch", where="body")
        return cls(ops=parsed, client_id=client_id)


@dataclasses.dataclass(frozen=True, slots=True)
class FieldConflict:
    """The server kept ``theirs``; ``mine`` (the pushed value) lost and is returned for the user."""

    field: str
    mine: Any
    theirs: Any
    their_user: str  # who made the winning change ("" when the server itself did)
    their_at: dt.datetime | None

    def to_json(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "mine": self.mine,
            "theirs": self.theirs,
            "their_user": self.their_user,
            "their_at": format_datetime(self.their_at) if self.their_at else None,
        }

    @classmethod
    def from_json(cls, raw: Any) -> FieldConflict:
        data = _object(raw, "conflict")
        at = data.get("their_at")
        return cls(
            field=_str(data, "field", "conflict"),
            mine=data.get("mine"),
            theirs=data.get("theirs"),
            their_user=str(data.get("their_user") or ""),
            their_at=_datetime(data, "their_at", "conflict") if at else None,
        )


@dataclasses.dataclass(frozen=True, slots=True)
class OpResult:
    """What the server did with one op.

    applied: written as sent. merged: written, and other fields of the row had
    changed since the client's base (pull to get them). conflict: some fields
    were changed by someone else first; their values were kept, ``conflicts``
    holds both values; the op's other fields were written. rejected: nothing
    written; ``code`` says why (see :data:`REJECT_CODES`), ``errors`` per field.
    ``seq`` is the row's server seq after the op (None when rejected).
    """

    op_id: uuid.UUID
    status: str
    seq: int | None = None
    conflicts: tuple[FieldConflict, ...] = ()
    code: str = ""
    message: str = ""
    errors: tuple[FieldError, ...] = ()

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"op_id": str(self.op_id), "status": self.status, "seq": self.seq}
        if self.conflicts:
            out["conflicts"] = [c.to_json() for c in self.conflicts]
        if self.status == "rejected":
            out["code"] = self.code
            out["message"] = self.message
            out["errors"] = [
                {"field": e.field, "code": e.code, "message": e.message} for e in self.errors
            ]
        return out

    @classmethod
    def from_json(cls, raw: Any) -> OpResult:
        data = _object(raw, "result")
        status = _str(data, "status", "result")
        if status not in STATUSES:
            raise ProtocolError(f"unknown status {status!r}", where="result")
        seq = data.get("seq")
        errors = tuple(
            FieldError(str(e.get("field", "")), str(e.get("code", "")), str(e.get("message", "")))
            for e in data.get("errors") or ()
            if isinstance(e, dict)
        )
        return cls(
            op_id=_uuid(data, "op_id", "result"),
            status=status,
            seq=seq if isinstance(seq, int) and not isinstance(seq, bool) else None,
            conflicts=tuple(FieldConflict.from_json(c) for c in data.get("conflicts") or ()),
            code=str(data.get("code") or ("rejected" if "reason" in data else "")),
            message=str(data.get("message") or data.get("reason") or ""),
            errors=errors,
        )


def result_for_version(result: Mapping[str, Any], version: int) -> dict[str, Any]:
    """A v2 result (JSON) as the given version expects it."""
    out = dict(result)
    if version < 2 and out.get("status") == "rejected":
        message = out.pop("message", "")
        out.pop("code", None)
        errors = out.pop("errors", [])
        details = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        out["reason"] = f"{message} ({details})" if details else message
    return out


@dataclasses.dataclass(frozen=True, slots=True)
class PushResponse:
    results: tuple[OpResult, ...]

    def to_json(self, version: int = PROTOCOL_VERSION) -> dict[str, Any]:
        return {"results": [result_for_version(r.to_json(), version) for r in self.results]}

    @classmethod
    def from_json(cls, raw: Any) -> PushResponse:
        data = _object(raw, "body")
        results = data.get("results")
        if not isinstance(results, list):
            raise ProtocolError("results must be a list", where="body")
        return cls(results=tuple(OpResult.from_json(r) for r in results))


def decode_fields(entity: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """An op's wire fields as Python values, validated by the entity declaration.

    Raises ValidationError with one error per bad field (unknown entity: field
    ``entity``, code ``unknown_entity``). Values a database cannot hold (a
    whole number beyond 64 bits, a date and time beyond year 9999) are errors too.
    """
    definition = ENTITIES.get(entity)
    if definition is None:
        raise ValidationError(
            [FieldError("entity", "unknown_entity", f"unknown entity {entity!r}")]
        )
    errors: list[FieldError] = []
    values: dict[str, Any] = {}
    for name, raw in fields.items():
        spec = definition.by_name.get(name)
        if spec is None:
            errors.append(FieldError(name, "unknown_field", f"{entity} has no field {name!r}"))
            continue
        try:
            value = spec.from_json(raw)
        except ValidationError as exc:
            errors.extend(exc.errors.values())
            continue
        except (ArithmeticError, ValueError, TypeError, RecursionError):
            errors.append(FieldError(name, "invalid", "this value cannot be stored"))
            continue
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2**63:
            errors.append(FieldError(name, "too_large", "the number is too large"))
            continue
        if isinstance(value, float) and not math.isfinite(value):
            errors.append(FieldError(name, "invalid", "must be a finite number"))
            continue
        values[name] = value
    if errors:
        raise ValidationError(errors)
    return values


# ---- pull --------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class Change:
    """One entry of a pull page: a row to upsert (whole, tombstones included) or to remove.

    ``remove`` means the row left this user's scope (it was reassigned, the
    user moved team …): drop the local copy once no local edits are pending.
    """

    seq: int
    entity: str
    id: uuid.UUID
    op: str  # upsert | remove
    row: Mapping[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "seq": self.seq,
            "entity": self.entity,
            "id": str(self.id),
            "op": self.op,
        }
        if self.row is not None:
            out["row"] = dict(self.row)
        return out

    @classmethod
    def from_json(cls, raw: Any) -> Change:
        data = _object(raw, "change")
        op = _str(data, "op", "change")
        if op not in ("upsert", "remove"):
            raise ProtocolError("op must be upsert or remove", where="change")
        row = data.get("row")
        if op == "upsert" and not isinstance(row, dict):
            raise ProtocolError("an upsert needs its row", where="change")
        return cls(
            seq=_int(data, "seq", "change"),
            entity=_str(data, "entity", "change"),
            id=_uuid(data, "id", "change"),
            op=op,
            row=row if op == "upsert" else None,
        )


@dataclasses.dataclass(frozen=True, slots=True)
class PullPage:
    """Changes after the client's cursor in seq order.

    Store ``cursor`` with the rows of this page in one transaction, then ask
    again while ``more`` is true. ``reset`` means the server cannot continue
    from the client's cursor (its data was restored from an older backup):
    pull again from cursor 0 and drop local synced rows the full pull does not
    bring (the self-check then confirms the copy).
    """

    changes: tuple[Change, ...]
    cursor: int
    more: bool
    reset: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "changes": [c.to_json() for c in self.changes],
            "cursor": self.cursor,
            "more": self.more,
            "reset": self.reset,
        }

    @classmethod
    def from_json(cls, raw: Any) -> PullPage:
        data = _object(raw, "body")
        changes = data.get("changes")
        if not isinstance(changes, list):
            raise ProtocolError("changes must be a list", where="body")
        return cls(
            changes=tuple(Change.from_json(c) for c in changes),
            cursor=_int(data, "cursor", "body"),
            more=bool(data.get("more")),
            reset=bool(data.get("reset")),
        )


def page_json(changes_json: Sequence[str], cursor: int, more: bool, reset: bool = False) -> str:
    """A pull page's body from already serialised changes (the server's fast path)."""
    return (
        '{"changes":['
        + ",".join(changes_json)
        + f'],"cursor":{cursor},"more":{dumps(more)},"reset":{dumps(reset)}}}'
    )


# ---- self-check --------------------------------------------------------------------------------


def row_hash(row_id: uuid.UUID | str, seq: int) -> int:
    """A 64-bit hash of one row version; a scope's hash is the XOR of its rows' hashes.

    ``row_id`` is a UUID or its canonical text (``str(uuid)``: lower case, with dashes);
    :func:`id_text` makes that text from what a database returns, without UUID objects."""
    digest = hashlib.blake2b(f"{row_id}:{seq}".encode("ascii"), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def id_text(value: uuid.UUID | str) -> str:
    """The canonical text of an id as a database returns it: a UUID, or 32 hex digits."""
    if isinstance(value, str) and len(value) == 32:
        return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}".lower()
    return str(value).lower()


def format_hash(value: int) -> str:
    return f"{value:016x}"


@dataclasses.dataclass(frozen=True, slots=True)
class EntitySummary:
    count: int  # rows in scope, tombstones included
    hash: str  # format_hash(XOR of row_hash(id, seq)) over those rows

    def to_json(self) -> dict[str, Any]:
        return {"count": self.count, "hash": self.hash}


@dataclasses.dataclass(frozen=True, slots=True)
class Summary:
    """The caller's scope as of ``cursor``: compare after pulling up to that cursor."""

    cursor: int
    entities: Mapping[str, EntitySummary]

    def to_json(self) -> dict[str, Any]:
        return {
            "cursor": self.cursor,
            "entities": {name: s.to_json() for name, s in sorted(self.entities.items())},
        }

    @classmethod
    def from_json(cls, raw: Any) -> Summary:
        data = _object(raw, "body")
        entities = _object(data.get("entities"), "entities")
        return cls(
            cursor=_int(data, "cursor", "body"),
            entities={
                name: EntitySummary(
                    count=_int(_object(s, name), "count", name),
                    hash=_str(_object(s, name), "hash", name),
                )
                for name, s in entities.items()
            },
        )


def summarize(rows: Sequence[tuple[uuid.UUID | str, int]]) -> EntitySummary:
    """The summary of one entity's (id, seq) pairs; the client computes its side with this too."""
    value = 0
    for row_id, seq in rows:
        value ^= row_hash(row_id, seq)
    return EntitySummary(count=len(rows), hash=format_hash(value))


@dataclasses.dataclass(frozen=True, slots=True)
class IdPage:
    """(id, seq) of one entity's rows in the caller's scope, by id, after ``after``."""

    entity: str
    rows: tuple[tuple[uuid.UUID, int], ...]
    more: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "rows": [[str(row_id), seq] for row_id, seq in self.rows],
            "more": self.more,
        }

    @classmethod
    def from_json(cls, raw: Any) -> IdPage:
        data = _object(raw, "body")
        rows = data.get("rows")
        if not isinstance(rows, list):
            raise ProtocolError("rows must be a list", where="body")
        return cls(
            entity=_str(data, "entity", "body"),
            rows=tuple((uuid.UUID(str(r[0])), int(r[1])) for r in rows),
            more=bool(data.get("more")),
        )


# ---- auth --------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class LoginRequest:
    username: str
    password: str

    def to_json(self) -> dict[str, Any]:
        return {"username": self.username, "password": self.password}

    @classmethod
    def from_json(cls, raw: Any) -> LoginRequest:
        data = _object(raw, "body")
        _only(data, ("username", "password"), "body")
        return cls(
            username=_str(data, "username", "body", max_length=64),
            password=_str(data, "password", "body", max_length=1024),
        )


@dataclasses.dataclass(frozen=True, slots=True)
class RefreshRequest:
    refresh_token: str

    def to_json(self) -> dict[str, Any]:
        return {"refresh_token": self.refresh_token}

    @classmethod
    def from_json(cls, raw: Any) -> RefreshRequest:
        data = _object(raw, "body")
        _only(data, ("refresh_token",), "body")
        return cls(refresh_token=_str(data, "refresh_token", "body", max_length=200))


@dataclasses.dataclass(frozen=True, slots=True)
class UserInfo:
    """The signed-in user as the client's profile needs it (``store.Profile`` JSON)."""

    user_id: uuid.UUID
    team_id: uuid.UUID | None
    role: str
    username: str
    display_name: str

    def to_json(self) -> dict[str, Any]:
        return {
            "user_id": str(self.user_id),
            "team_id": str(self.team_id) if self.team_id else None,
            "role": self.role,
            "username": self.username,
            "display_name": self.display_name,
        }

    @classmethod
    def from_json(cls, raw: Any) -> UserInfo:
        data = _object(raw, "user")
        team = data.get("team_id")
        return cls(
            user_id=_uuid(data, "user_id", "user"),
            team_id=_uuid(data, "team_id", "user") if team else None,
            role=_str(data, "role", "user"),
            username=_str(data, "username", "user"),
            display_name=_str(data, "display_name", "user"),
        )


@dataclasses.dataclass(frozen=True, slots=True)
class Tokens:
    """Answer to a login or a refresh: a short-lived access token and a one-use refresh token."""

    access_token: str
    expires_in: int  # seconds
    refresh_token: str
    refresh_expires_in: int
    user: UserInfo

    def to_json(self) -> dict[str, Any]:
        return {
            "access_token": self.access_token,
            "token_type": "bearer",
            "expires_in": self.expires_in,
            "refresh_token": self.refresh_token,
            "refresh_expires_in": self.refresh_expires_in,
            "user": self.user.to_json(),
        }

    @classmethod
    def from_json(cls, raw: Any) -> Tokens:
        data = _object(raw, "body")
        return cls(
            access_token=_str(data, "access_token", "body", max_length=2000),
            expires_in=_int(data, "expires_in", "body"),
            refresh_token=_str(data, "refresh_token", "body", max_length=2000),
            refresh_expires_in=_int(data, "refresh_expires_in", "body"),
            user=UserInfo.from_json(data.get("user")),
        )


def error_json(code: str, message: str, details: Sequence[Mapping[str, Any]] = ()) -> str:
    """The body of every error response: ``{"error": {"code", "message", "details"}}``."""
    body: dict[str, Any] = {"code": code, "message": message}
    if details:
        body["details"] = list(details)
    return dumps({"error": body})


# ---- JSON Schemas (published in the server's OpenAPI document) ---------------------------------

_UUID = {"type": "string", "format": "uuid"}
_SEQ = {"type": "integer", "minimum": 0, "maximum": MAX_SEQ}
_DATETIME = {"type": "string", "format": "date-time"}

OP_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "required": ["op_id", "entity", "row_id", "kind", "base_rev", "created_at"],
    "additionalProperties": False,
    "properties": {
        "op_id": _UUID,
        "entity": {"type": "string", "enum": sorted(ENTITIES)},
        "row_id": _UUID,
        "kind": {"type": "string", "enum": list(OP_KINDS)},
        "base_rev": _SEQ,
        "fields": {"type": "object"},
        "created_at": _DATETIME,
    },
}
PUSH_REQUEST_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "required": ["ops", "client_id"],
    "additionalProperties": False,
    "properties": {
        "client_id": _UUID,
        "ops": {"type": "array", "items": OP_SCHEMA, "maxItems": MAX_OPS_PER_PUSH},
    },
}
LOGIN_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "required": ["username", "password"],
    "additionalProperties": False,
    "properties": {
        "username": {"type": "string", "maxLength": 64},
        "password": {"type": "string", "maxLength": 1024},
    },
}
REFRESH_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "required": ["refresh_token"],
    "additionalProperties": False,
    "properties": {"refresh_token": {"type": "string", "maxLength": 200}},
}
