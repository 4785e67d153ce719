"""Declaring an entity once: its fields, their types, validation and sync merge policy.

An entity is a frozen dataclass deriving from :class:`Record`; each field's
annotation gives its Python type and the helper that builds its default
(``text()``, ``choice()``, ``ref()``, ``money()`` …) carries the rest. The
:func:`entity` decorator reads both into an :class:`EntityDef`, and the local
store, the server store, the wire format and the CLI are all derived from it,
so adding a field is one change here (plus its migration).
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import json
import math
import re
import types
import typing
import uuid
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, ClassVar, TypeVar

from salesdesk.domain import roles

JSONValue = Any
SPEC_KEY = "salesdesk.field"


class Kind(StrEnum):
    """How a field's value is typed, stored and sent over the wire."""

    TEXT = "text"
    INT = "int"
    BOOL = "bool"
    DECIMAL = "decimal"  # exact, stored as a scaled integer (money: scale 2)
    FLOAT = "float"  # only for measurements such as coordinates, never money
    DATE = "date"
    DATETIME = "datetime"  # timezone-aware UTC
    UUID = "uuid"
    CHOICE = "choice"  # one of a fixed set of codes
    TAGS = "tags"  # a tuple of short strings
    JSON = "json"  # structured configuration (checklists, template sections, tiers)
    NOTES = "notes"  # an append-only log of Note entries
    BLOB = "blob"  # file content (attachments)


class Merge(StrEnum):
    """What the server does with a field when clients change it concurrently.

    PLAIN: first change to reach the server wins; a later change made from an
    older base is a conflict whose losing value is kept for the user.
    SERVER_WINS: as PLAIN on push, but when a client pulls, the server's value
    replaces a pending local change at once (owner and territory fields).
    APPEND: values are merged by union and never conflict (note logs).
    """

    PLAIN = "plain"
    SERVER_WINS = "server_wins"
    APPEND = "append"


class Scope(StrEnum):
    """Who may read and write rows of an entity; the server enforces it.

    OWNED: the row names its owning rep (a customer's ``owner_id``).
    CHILD: the row belongs to a parent row and shares its scope.
    PERSONAL: the row belongs to one user (a task's assignee, a report's author).
    TEAM: team configuration that managers write and the team reads.
    DIRECTORY: users and teams, written on the server only.
    """

    OWNED = "owned"
    CHILD = "child"
    PERSONAL = "personal"
    TEAM = "team"
    DIRECTORY = "directory"


ROLES = roles.ROLES
MANAGERS = roles.MANAGERS


@dataclasses.dataclass(frozen=True)
class FieldError:
    """One problem with one field, with a stable code the UI translates."""

    field: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class ValidationError(ValueError):
    """Raised when values do not satisfy an entity's declaration; holds one error per field."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors: dict[str, FieldError] = {}
        for error in errors:
            self.errors.setdefault(error.field, error)
        super().__init__("; ".join(str(e) for e in self.errors.values()))


class _FieldProblem(Exception):  # noqa: N818  (internal signal, turned into FieldError)
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclasses.dataclass(frozen=True, slots=True)
class Note:
    """One entry of an append-only note log."""

    id: uuid.UUID
    at: dt.datetime
    by: uuid.UUID | None
    text: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "at": format_datetime(self.at),
            "by": str(self.by) if self.by else None,
            "text": self.text,
        }

    @classmethod
    def from_json(cls, raw: Any) -> Note:
        if not isinstance(raw, Mapping):
            raise _FieldProblem("invalid", "a note must be an object")
        try:
            text = raw["text"]
            if not isinstance(text, str):
                raise TypeError
            by = raw.get("by")
            return cls(
                id=uuid.UUID(str(raw["id"])),
                at=parse_datetime(str(raw["at"])),
                by=uuid.UUID(str(by)) if by else None,
                text=text,
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise _FieldProblem("invalid", "a note needs id, at and text") from exc


def utcnow() -> dt.datetime:
    """The current time, timezone-aware UTC, at microsecond precision."""
    return dt.datetime.now(dt.UTC)


def format_datetime(value: dt.datetime) -> str:
    """ISO 8601 in UTC with a ``Z`` suffix (the wire and CLI format)."""
    if value.tzinfo is None:
        raise ValueError("naive datetimes are not allowed; use UTC")
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def parse_datetime(text: str) -> dt.datetime:
    """Parse ISO 8601; a value without an offset is taken as UTC. ValueError when invalid
    or outside the range a datetime can hold in UTC."""
    value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError(f"{text!r} is outside the supported dates") from None


Check = Callable[[Any], "tuple[str, str] | None"]


@dataclasses.dataclass(frozen=True)
class FieldSpec:
    """Everything the store, the server, the wire format and the UI need to know about a field."""

    name: str
    kind: Kind
    label: str
    optional: bool = False  # None is a valid value
    required: bool = False  # must be given (and non-empty) when the row is created
    default: Any = None
    default_factory: Callable[[], Any] | None = None
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    ref: str | None = None  # name of the entity this field points at
    scale: int = 0  # decimal places for Kind.DECIMAL
    min_value: Any = None
    max_value: Any = None
    merge: Merge = Merge.PLAIN
    search: bool = False  # part of the full-text index
    index: bool = False
    immutable: bool = False  # set when the row is created, never changed
    roles: frozenset[str] | None = None  # roles that may change it; None: whoever may write the row
    check: Check | None = None
    max_bytes: int | None = None  # for blobs
    default_current: bool = False  # a user/team reference that defaults to the signed-in one

    # ---- defaults ------------------------------------------------------------------------------
    def make_default(self) -> Any:
        if self.default_factory is not None:
            return self.default_factory()
        return self.default

    # ---- cleaning and validation ---------------------------------------------------------------
    def clean(self, value: Any) -> Any:
        """Coerce a Python value to this field's type and validate it.

        Accepts the natural Python type, and also strings for every kind (so
        forms and the CLI can pass text). Raises ValidationError.
        """
        try:
            return self._clean(value)
        except _FieldProblem as problem:
            raise ValidationError([FieldError(self.name, problem.code, problem.message)]) from None

    def _clean(self, value: Any) -> Any:
        if isinstance(value, str) and self.kind not in (Kind.TEXT, Kind.NOTES):
            value = value.strip()
            if value == "":
                value = None
        if value is None:
            if self.kind == Kind.TEXT and not self.optional:
                value = ""
            elif self.kind in {Kind.TAGS, Kind.NOTES}:
                return ()
            elif self.optional:
                return None
            elif self.kind == Kind.BOOL:
                return False
            else:
                raise _FieldProblem("required", "a value is required")
        converted = _CONVERTERS[self.kind](self, value)
        self._check_bounds(converted)
        if self.check is not None and converted not in (None, "", ()):
            problem = self.check(converted)
            if problem is not None:
                raise _FieldProblem(*problem)
        return converted

    def _check_bounds(self, value: Any) -> None:
        if value is None:
            return
        if self.max_length is not None and isinstance(value, str) and len(value) > self.max_length:
            raise _FieldProblem("too_long", f"at most {self.max_length} characters")
        if self.choices and self.kind == Kind.CHOICE and value not in self.choices:
            raise _FieldProblem("invalid_choice", f"must be one of {', '.join(self.choices)}")
        if self.min_value is not None and value < self.min_value:
            raise _FieldProblem("too_small", f"must be at least {self.min_value}")
        if self.max_value is not None and value > self.max_value:
            raise _FieldProblem("too_large", f"must be at most {self.max_value}")
        if self.max_bytes is not None and isinstance(value, bytes) and len(value) > self.max_bytes:
            raise _FieldProblem("too_large", f"at most {self.max_bytes // 1_048_576} MB")

    def is_empty(self, value: Any) -> bool:
        return value is None or value in ("", ())

    # ---- wire format ---------------------------------------------------------------------------
    def to_json(self, value: Any) -> JSONValue:
        """This field's value as JSON (the wire format and ``--json`` output)."""
        if value is None:
            return None
        encode = _TO_JSON.get(self.kind)
        return value if encode is None else encode(value)

    def from_json(self, raw: JSONValue) -> Any:
        """Decode and validate a JSON value; raises ValidationError."""
        try:
            if raw is not None:
                raw = _FROM_JSON.get(self.kind, _identity)(self, raw)
            return self._clean(raw)
        except _FieldProblem as problem:
            raise ValidationError([FieldError(self.name, problem.code, problem.message)]) from None

    def parse_text(self, text: str) -> Any:
        """A value typed on the command line (``field=value``)."""
        if self.kind == Kind.TAGS:
            return self.clean([t for t in re.split(r"[,，;；]", text) if t.strip()])
        if self.kind == Kind.JSON:
            try:
                return self.clean(json.loads(text))
            except json.JSONDecodeError:
                raise ValidationError(
                    [FieldError(self.name, "invalid", "must be valid JSON")]
                ) from None
        if self.kind == Kind.NOTES:
            raise ValidationError(
                [FieldError(self.name, "append_only", "notes are added with a note text")]
            )
        return self.clean(text)


_TO_JSON: dict[Kind, Callable[[Any], JSONValue]] = {
    Kind.UUID: str,
    Kind.DECIMAL: lambda value: format(value, "f"),
    Kind.DATE: lambda value: value.isoformat(),
    Kind.DATETIME: format_datetime,
    Kind.TAGS: list,
    Kind.NOTES: lambda value: [note.to_json() for note in value],
    Kind.BLOB: lambda value: base64.b64encode(value).decode("ascii"),
}


def _wire_default(value: Any) -> JSONValue:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.datetime):
        return format_datetime(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Note):
        return value.to_json()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    raise TypeError(f"{type(value).__name__} has no wire format")


def wire_json(values: Mapping[str, Any]) -> str:
    """Field values as wire-format JSON text in one pass (same result as ``fields_to_json``)."""
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"), default=_wire_default)


def _identity(_spec: FieldSpec, value: Any) -> Any:
    return value


def _to_text(spec: FieldSpec, value: Any) -> str:
    if not isinstance(value, str):
        raise _FieldProblem("invalid", "must be text")
    _check_storable_text(value)
    value = value.strip()
    if spec.required and not value:
        raise _FieldProblem("required", "a value is required")
    return value


def _check_storable_text(value: str) -> None:
    """Text every database can keep: no NUL character, valid Unicode (no lone surrogates)."""
    if "\x00" in value:
        raise _FieldProblem("invalid", "must not contain a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _FieldProblem("invalid", "must be valid Unicode text") from None


INT_LIMIT = 2**63  # what SQLite INTEGER and PostgreSQL BIGINT hold


def _to_int(_spec: FieldSpec, value: Any) -> int:
    if isinstance(value, bool):
        raise _FieldProblem("invalid", "must be a whole number")
    if isinstance(value, str) and re.fullmatch(r"[+-]?\d{1,30}", value):
        value = int(value)
    if not isinstance(value, int):
        raise _FieldProblem("invalid", "must be a whole number")
    if not -INT_LIMIT <= value < INT_LIMIT:
        raise _FieldProblem("too_large", "the number is too large")
    return value


def _to_float(_spec: FieldSpec, value: Any) -> float:
    if isinstance(value, bool):
        raise _FieldProblem("invalid", "must be a number")
    if isinstance(value, int | float):
        try:
            result = float(value)
        except OverflowError:
            raise _FieldProblem("too_large", "the number is too large") from None
    elif isinstance(value, str):
        try:
            result = float(value)
        except ValueError:
            raise _FieldProblem("invalid", "must be a number") from None
    else:
        raise _FieldProblem("invalid", "must be a number")
    if not math.isfinite(result):
        raise _FieldProblem("invalid", "must be a finite number")
    return result


_TRUE = {"1", "true", "yes", "y", "on", "是"}
_FALSE = {"0", "false", "no", "n", "off", "否"}


def _to_bool(_spec: FieldSpec, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
    raise _FieldProblem("invalid", "must be true or false")


def _to_decimal(spec: FieldSpec, value: Any) -> Decimal:
    if isinstance(value, bool | float):
        raise _FieldProblem("invalid", "must be an exact decimal number, not a float")
    try:
        if isinstance(value, str):
            value = value.replace(",", "").replace("，", "").replace("¥", "").replace("￥", "")
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise _FieldProblem("invalid", "must be a number") from None
    if not number.is_finite():
        raise _FieldProblem("invalid", "must be a finite number")
    quantum = Decimal(1).scaleb(-spec.scale)
    if number != number.quantize(quantum):
        raise _FieldProblem("too_precise", f"at most {spec.scale} decimal places")
    if abs(number) >= Decimal(10) ** (15 - spec.scale):
        raise _FieldProblem("too_large", "the number is too large")
    return number.quantize(quantum)


def _to_date(_spec: FieldSpec, value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        raise _FieldProblem("invalid", "must be a date, not a date and time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _FieldProblem("invalid", "must be a date like 2026-11-23")


def _to_datetime(_spec: FieldSpec, value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise _FieldProblem("invalid", "must carry a time zone")
        try:
            return value.astimezone(dt.UTC)
        except OverflowError:
            raise _FieldProblem("invalid", "is outside the supported dates") from None
    if isinstance(value, str):
        try:
            return parse_datetime(value)
        except ValueError:
            pass
    raise _FieldProblem("invalid", "must be a date and time like 2026-11-23T09:30:00+08:00")


def _to_uuid(_spec: FieldSpec, value: Any) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    if isinstance(value, str):
        try:
            return uuid.UUID(value)
        except ValueError:
            pass
    raise _FieldProblem("invalid", "must be an id")


def _to_choice(spec: FieldSpec, value: Any) -> str:
    if not isinstance(value, str):
        raise _FieldProblem("invalid", "must be text")
    return value.strip()


def _to_tags(_spec: FieldSpec, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple):
        raise _FieldProblem("invalid", "must be a list of tags")
    tags: list[str] = []
    for item in value:
        if not isinstance(item, str):
            raise _FieldProblem("invalid", "tags must be text")
        _check_storable_text(item)
        tag = item.strip()
        if len(tag) > 32:
            raise _FieldProblem("too_long", "each tag at most 32 characters")
        if tag and tag not in tags:
            tags.append(tag)
    if len(tags) > 20:
        raise _FieldProblem("too_large", "at most 20 tags")
    return tuple(tags)


def _to_json(_spec: FieldSpec, value: Any) -> Any:
    try:
        encoded = json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        raise _FieldProblem("invalid", "must be plain JSON data") from None
    if len(encoded) > 65_536:
        raise _FieldProblem("too_large", "at most 64 KB of configuration")
    return json.loads(encoded)


def _to_notes(_spec: FieldSpec, value: Any) -> tuple[Note, ...]:
    if isinstance(value, Note):
        value = [value]
    if not isinstance(value, list | tuple):
        raise _FieldProblem("invalid", "must be a list of notes")
    notes: dict[uuid.UUID, Note] = {}
    for item in value:
        note = item if isinstance(item, Note) else Note.from_json(item)
        _check_storable_text(note.text)
        if len(note.text) > 10_000:
            raise _FieldProblem("too_long", "a note has at most 10000 characters")
        notes.setdefault(note.id, note)
    return tuple(sorted(notes.values(), key=lambda n: (n.at, n.id)))


def _to_blob(_spec: FieldSpec, value: Any) -> bytes:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    raise _FieldProblem("invalid", "must be file content")


def _blob_from_json(_spec: FieldSpec, raw: Any) -> bytes:
    if not isinstance(raw, str):
        raise _FieldProblem("invalid", "must be base64 text")
    try:
        return base64.b64decode(raw, validate=True)
    except ValueError:
        raise _FieldProblem("invalid", "must be base64 text") from None


def _reject_strings(kind: str) -> Callable[[FieldSpec, Any], Any]:
    def check(_spec: FieldSpec, raw: Any) -> Any:
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise _FieldProblem("invalid", f"must be a JSON {kind}")
        return raw

    return check


def _json_bool(_spec: FieldSpec, raw: Any) -> Any:
    if not isinstance(raw, bool):
        raise _FieldProblem("invalid", "must be true or false")
    return raw


def _json_str(_spec: FieldSpec, raw: Any) -> Any:
    if not isinstance(raw, str):
        raise _FieldProblem("invalid", "must be a string")
    return raw


def _json_list(_spec: FieldSpec, raw: Any) -> Any:
    if not isinstance(raw, list):
        raise _FieldProblem("invalid", "must be a list")
    return raw


_CONVERTERS: dict[Kind, Callable[[FieldSpec, Any], Any]] = {
    Kind.TEXT: _to_text,
    Kind.INT: _to_int,
    Kind.BOOL: _to_bool,
    Kind.DECIMAL: _to_decimal,
    Kind.FLOAT: _to_float,
    Kind.DATE: _to_date,
    Kind.DATETIME: _to_datetime,
    Kind.UUID: _to_uuid,
    Kind.CHOICE: _to_choice,
    Kind.TAGS: _to_tags,
    Kind.JSON: _to_json,
    Kind.NOTES: _to_notes,
    Kind.BLOB: _to_blob,
}

# On the wire, JSON's own types are required (a string is not an int).
_FROM_JSON: dict[Kind, Callable[[FieldSpec, Any], Any]] = {
    Kind.TEXT: _json_str,
    Kind.INT: _reject_strings("integer"),
    Kind.BOOL: _json_bool,
    Kind.DECIMAL: _json_str,
    Kind.FLOAT: _reject_strings("number"),
    Kind.DATE: _json_str,
    Kind.DATETIME: _json_str,
    Kind.UUID: _json_str,
    Kind.CHOICE: _json_str,
    Kind.TAGS: _json_list,
    Kind.NOTES: _json_list,
    Kind.BLOB: _blob_from_json,
}


# ---- declaring fields -------------------------------------------------------------------------

_Options = dict[str, Any]


def _field(default: Any = None, *, factory: Callable[[], Any] | None = None, **options: Any) -> Any:
    options["default"] = default
    options["default_factory"] = factory
    if factory is not None:
        return dataclasses.field(default_factory=factory, metadata={SPEC_KEY: options})
    return dataclasses.field(default=default, metadata={SPEC_KEY: options})


def text(
    label: str,
    *,
    required: bool = False,
    max_length: int = 200,
    search: bool = False,
    index: bool = False,
    check: Check | None = None,
    immutable: bool = False,
    roles: frozenset[str] | None = None,
) -> Any:
    """A text field; empty text is stored as ``""`` unless the annotation allows None."""
    return _field(
        "",
        label=label,
        required=required,
        max_length=max_length,
        search=search,
        index=index,
        check=check,
        immutable=immutable,
        roles=roles,
    )


def choice(
    label: str,
    choices: Iterable[str],
    default: str | None = None,
    *,
    index: bool = False,
    roles: frozenset[str] | None = None,
    immutable: bool = False,
) -> Any:
    values = tuple(choices)
    return _field(
        values[0] if default is None else default,
        label=label,
        kind=Kind.CHOICE,
        choices=values,
        index=index,
        required=True,
        roles=roles,
        immutable=immutable,
    )


def ref(
    label: str,
    entity: str,
    *,
    required: bool = False,
    merge: Merge = Merge.PLAIN,
    immutable: bool = False,
    index: bool = False,
    roles: frozenset[str] | None = None,
    default_current: bool = False,
) -> Any:
    """A reference to another row (stored as its UUID).

    The entity's scope field (owner, parent, team) is always indexed; other
    references only when ``index`` says so.

    ``default_current``: a reference to ``user`` or ``team`` that is filled
    with the signed-in user (or their team) when a row is created without it.
    """
    return _field(
        None,
        label=label,
        ref=entity,
        required=required,
        merge=merge,
        immutable=immutable,
        index=index,
        roles=roles,
        default_current=default_current,
    )


def money(label: str, *, min_value: Decimal | None = Decimal(0), **options: Any) -> Any:
    """An amount in yuan, exact to the fen (stored as integer cents)."""
    return _field(Decimal("0.00"), label=label, scale=2, min_value=min_value, **options)


def decimal(label: str, *, scale: int, default: Decimal | None = None, **options: Any) -> Any:
    return _field(default, label=label, scale=scale, **options)


def number(label: str, default: Any = None, **options: Any) -> Any:
    """An int, float, bool, date or datetime field, typed by its annotation."""
    return _field(default, label=label, **options)


def tags(label: str) -> Any:
    return _field(label=label, factory=tuple)


def json_data(
    label: str, factory: Callable[[], Any], *, roles: frozenset[str] | None = None
) -> Any:
    return _field(label=label, factory=factory, kind=Kind.JSON, roles=roles)


def notes(label: str) -> Any:
    """An append-only note log: entries are added, never edited, and never conflict."""
    return _field(label=label, factory=tuple, kind=Kind.NOTES, merge=Merge.APPEND, search=True)


def blob(label: str, *, max_bytes: int) -> Any:
    return _field(b"", label=label, max_bytes=max_bytes, immutable=True)


# ---- records and entity definitions -----------------------------------------------------------


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Record:
    """The columns every syncable row has.

    ``rev`` is the server's change number of the version this copy is based on
    (0: never synced); ``deleted`` marks a tombstone.
    """

    id: uuid.UUID
    rev: int = 0
    deleted: bool = False
    created_at: dt.datetime
    updated_at: dt.datetime

    definition: ClassVar[EntityDef]

    def values(self) -> dict[str, Any]:
        """The entity's own fields (not the system columns) as a dict."""
        return {spec.name: getattr(self, spec.name) for spec in self.definition.fields}

    def to_json(self) -> dict[str, JSONValue]:
        """The record in the wire and ``--json`` format: fields keyed by name, with ``id``."""
        return self.definition.to_json(self)


SYSTEM_FIELDS = ("id", "rev", "deleted", "created_at", "updated_at")
R = TypeVar("R", bound=Record)


@dataclasses.dataclass(frozen=True)
class EntityDef:
    """One syncable entity: its name (CLI, wire and table name), fields and rules."""

    name: str
    cls: type[Record]
    label: str
    fields: tuple[FieldSpec, ...]
    scope: Scope
    scope_field: str | None  # owner/parent/team field that decides the row's scope
    title_field: str
    append_only: bool = False  # rows are created (and maybe deleted), never edited
    deletable: bool = True
    writers: frozenset[str] = frozenset(ROLES)  # roles that may create/edit rows at all
    by_name: dict[str, FieldSpec] = dataclasses.field(init=False, repr=False, compare=False)
    restricted: tuple[FieldSpec, ...] = dataclasses.field(init=False, repr=False, compare=False)
    current_refs: tuple[FieldSpec, ...] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {spec.name: spec for spec in self.fields})
        object.__setattr__(self, "restricted", tuple(s for s in self.fields if s.roles is not None))
        object.__setattr__(self, "current_refs", tuple(s for s in self.fields if s.default_current))

    def field(self, name: str) -> FieldSpec:
        try:
            return self.by_name[name]
        except KeyError:
            raise ValidationError(
                [FieldError(name, "unknown_field", f"{self.name} has no field {name!r}")]
            ) from None

    @property
    def parent_field(self) -> FieldSpec | None:
        """For CHILD entities: the reference to the parent row."""
        return (
            self.field(self.scope_field) if self.scope == Scope.CHILD and self.scope_field else None
        )

    def title(self, record: Record) -> str:
        return str(getattr(record, self.title_field))

    # ---- building and validating values --------------------------------------------------------
    def clean_values(self, values: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
        """Validate the given field values; on create, fill defaults and check required ones."""
        errors: list[FieldError] = []
        cleaned: dict[str, Any] = {}
        by_name = self.by_name
        for name, value in values.items():
            spec = by_name.get(name)
            if spec is None:
                code, message = (
                    ("read_only", "is set by SalesDesk")
                    if name in SYSTEM_FIELDS
                    else ("unknown_field", f"{self.name} has no field {name!r}")
                )
                errors.append(FieldError(name, code, message))
                continue
            try:
                cleaned[name] = spec.clean(value)
            except ValidationError as exc:
                errors.extend(exc.errors.values())
        if creating:
            failed = {e.field for e in errors}
            for spec in self.fields:
                if spec.name not in cleaned:
                    cleaned[spec.name] = spec.make_default()
                if spec.required and spec.name not in failed and spec.is_empty(cleaned[spec.name]):
                    errors.append(FieldError(spec.name, "required", "a value is required"))
        if errors:
            raise ValidationError(errors)
        return cleaned

    def make(self, **values: Any) -> Record:
        """Build a record from system and field values (no validation; for trusted data)."""
        return self.cls(**values)

    def to_json(self, record: Record) -> dict[str, JSONValue]:
        out: dict[str, JSONValue] = {
            "id": str(record.id),
            "rev": record.rev,
            "deleted": record.deleted,
            "created_at": format_datetime(record.created_at),
            "updated_at": format_datetime(record.updated_at),
        }
        for spec in self.fields:
            out[spec.name] = spec.to_json(getattr(record, spec.name))
        return out

    def fields_to_json(self, values: Mapping[str, Any]) -> dict[str, JSONValue]:
        by_name = self.by_name
        out: dict[str, JSONValue] = {}
        for name, value in values.items():
            encode = None if value is None else _TO_JSON.get(by_name[name].kind)
            out[name] = value if encode is None else encode(value)
        return out

    def fields_from_json(self, raw: Mapping[str, JSONValue]) -> dict[str, Any]:
        """Decode wire field values, collecting every field's error."""
        errors: list[FieldError] = []
        values: dict[str, Any] = {}
        for name, value in raw.items():
            try:
                values[name] = self.field(name).from_json(value)
            except ValidationError as exc:
                errors.extend(exc.errors.values())
        if errors:
            raise ValidationError(errors)
        return values

    def from_json(self, raw: Mapping[str, JSONValue]) -> Record:
        """Decode a whole row in the wire format (system columns included)."""
        try:
            system: dict[str, Any] = {
                "id": uuid.UUID(str(raw["id"])),
                "rev": int(raw.get("rev", 0)),
                "deleted": bool(raw.get("deleted", False)),
                "created_at": parse_datetime(str(raw["created_at"])),
                "updated_at": parse_datetime(str(raw["updated_at"])),
            }
        except (KeyError, TypeError, ValueError) as exc:
            raise ValidationError([FieldError("id", "invalid", f"bad row header: {exc}")]) from None
        fields = self.fields_from_json({k: v for k, v in raw.items() if k not in SYSTEM_FIELDS})
        for spec in self.fields:
            fields.setdefault(spec.name, spec.make_default())
        return self.cls(**system, **fields)


ENTITIES: dict[str, EntityDef] = {}


def _kind_for(annotation: Any) -> tuple[Kind, bool]:
    """The field kind and whether None is allowed, from a resolved annotation."""
    optional = False
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        optional = len(args) < len(typing.get_args(annotation))
        if len(args) != 1:
            raise TypeError(f"unsupported union annotation {annotation!r}")
        annotation = args[0]
        origin = typing.get_origin(annotation)
    simple = {
        str: Kind.TEXT,
        bool: Kind.BOOL,
        int: Kind.INT,
        float: Kind.FLOAT,
        Decimal: Kind.DECIMAL,
        dt.datetime: Kind.DATETIME,
        dt.date: Kind.DATE,
        uuid.UUID: Kind.UUID,
        bytes: Kind.BLOB,
    }
    if annotation in simple:
        return simple[annotation], optional
    if origin is tuple:
        return Kind.TAGS, optional
    if origin in (dict, list) or annotation is Any:
        return Kind.JSON, optional
    raise TypeError(f"unsupported field annotation {annotation!r}")


@typing.dataclass_transform(kw_only_default=True, frozen_default=True)
def entity(
    name: str,
    *,
    label: str,
    scope: Scope,
    scope_field: str | None,
    title: str,
    append_only: bool = False,
    deletable: bool = True,
    writers: Iterable[str] = ROLES,
) -> Callable[[type[R]], type[R]]:
    """Make a Record subclass a frozen dataclass and register it as a syncable entity."""

    def register(cls: type[R]) -> type[R]:
        cls = dataclasses.dataclass(frozen=True, kw_only=True, slots=True)(cls)
        hints = typing.get_type_hints(cls)
        specs: list[FieldSpec] = []
        for field in dataclasses.fields(cls):
            if field.name in SYSTEM_FIELDS:
                continue
            options: _Options = dict(field.metadata.get(SPEC_KEY, {}))
            if not options:
                raise TypeError(f"{cls.__name__}.{field.name} needs a field helper")
            kind, optional = _kind_for(hints[field.name])
            kind = options.pop("kind", kind)  # CHOICE, JSON and NOTES refine the annotation
            specs.append(FieldSpec(name=field.name, kind=kind, optional=optional, **options))
        definition = EntityDef(
            name=name,
            cls=cls,
            label=label,
            fields=tuple(specs),
            scope=scope,
            scope_field=scope_field,
            title_field=title,
            append_only=append_only,
            deletable=deletable,
            writers=frozenset(writers),
        )
        if scope_field is not None:
            definition.field(scope_field)  # must exist
        if name in ENTITIES:
            raise TypeError(f"entity {name!r} declared twice")
        ENTITIES[name] = definition
        cls.definition = definition
        return cls

    return register


def entity_def(name_or_cls: str | type[Record] | Record) -> EntityDef:
    """Look an entity up by its snake_case name, its class or one of its records."""
    if isinstance(name_or_cls, str):
        try:
            return ENTITIES[name_or_cls]
        except KeyError:
            raise ValidationError(
                [
                    FieldError(
                        "entity",
                        "unknown_entity",
                        f"unknown entity {name_or_cls!r} (known: {', '.join(sorted(ENTITIES))})",
                    )
                ]
            ) from None
    return name_or_cls.definition
