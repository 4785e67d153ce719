"""The batch write path (imports, sample data) gives exactly what the one-row path gives:
the same rows, the same outbox entries in the same wire text, the same search index."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa

from salesdesk import api, sample
from salesdesk.domain.schema import Note, entity_def, wire_json
from salesdesk.store import bulk, search
from salesdesk.store.store import Store
from salesdesk.store.tables import OutboxEntry

OUTBOX: sa.Table = OutboxEntry.__table__  # type: ignore[assignment]


def sample_context(store: Store) -> sample.Context:
    stages = store.select("pipeline_stage", order_by=[store.table("pipeline_stage").c.position])
    return sample.Context(
        owners=[store.profile.user_id],
        stages=[(s.id, s.code, s.probability, s.outcome) for s in stages],  # type: ignore[attr-defined]
        templates={t.kind: t.id for t in store.select("report_template")},  # type: ignore[attr-defined]
        team_id=store.profile.team_id,
        today=dt.date(2026, 11, 23),
    )


def field_values(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in ("id", "created_at")}


def test_wire_json_rows_is_wire_json_for_every_sample_entity(store: Store) -> None:
    seen = set()
    for entity, rows in sample.generate(300, sample_context(store), seed=5):
        values = [field_values(row) for row in rows]
        assert bulk.wire_json_rows(values) == [wire_json(v) for v in values], entity
        seen.add(entity)
    assert {"customer", "contact", "deal", "visit", "task", "report", "target"} <= seen


ONE_ID = uuid.uuid4()
NOTE = Note(id=uuid.uuid4(), at=dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC), by=None, text="记")


@pytest.mark.parametrize(
    "column",
    [
        ["a", 'quote " and \\ slash', "控制\x01字符\u2028", "", "中文"],
        [None, None],  # nothing but nulls
        ["text", None],  # text with gaps: not one type
        [1, -2, 0, 10**20],
        [True, False, None],
        [1, True],  # bool is not int here
        [1.5, -0.0, 1e300, float("nan"), float("inf"), float("-inf"), None],
        [uuid.uuid4(), None],
        [ONE_ID, ONE_ID, uuid.UUID(int=5), None, ONE_ID, uuid.UUID(int=5)],  # references repeat
        [
            dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            dt.datetime(2026, 1, 1, 8, 0, 0, 123456, tzinfo=dt.UTC),
        ],
        [dt.datetime(2026, 1, 1, 8, tzinfo=dt.timezone(dt.timedelta(hours=8)))],
        [dt.date(2026, 2, 3), None],
        [Decimal("12.50"), Decimal("-0.01"), Decimal("1E+3"), None],
        [("a", "中"), (), ["b"]],
        [("a", 1)],  # a list that is not only text
        [{"visits": 3, "中": [1, None]}, {}],
        [(NOTE,), ()],
        [b"\x00\xff"],
    ],
)
def test_wire_json_rows_is_wire_json_for_any_value(column: list[Any]) -> None:
    rows = [{"name": "x", "value": value, "键": value} for value in column]
    assert bulk.wire_json_rows(rows) == [wire_json(row) for row in rows]


def test_wire_json_rows_takes_rows_with_different_fields() -> None:
    rows: list[dict[str, Any]] = [{"a": 1, "b": "x"}, {"b": "y", "a": 2}, {"a": 3}, {}]
    assert bulk.wire_json_rows(rows) == [wire_json(row) for row in rows]
    assert bulk.wire_json_rows([{}, {}]) == ["{}", "{}"]
    assert bulk.wire_json_rows([]) == []


def stored(store: Store, sql: str) -> list[Any]:
    with store.engine.connect() as connection:
        return [tuple(row) for row in connection.exec_driver_sql(sql)]


def test_a_batch_writes_what_one_row_at_a_time_writes(store: Store, tmp_path: Any) -> None:
    """create_many (one executemany, the search index filled by one statement per index)
    against Writer.create (a statement per row, the search triggers): same rows, same
    outbox text, same search entries."""
    other = Store.open(tmp_path / "other")
    try:
        batches = list(sample.generate(40, sample_context(store), seed=11))
        customers = dict(batches)["customer"]
        contacts = dict(batches)["contact"]
        with store.transaction() as writer:
            writer.create_many("customer", customers, prevalidated=True)
            writer.create_many("contact", contacts)  # validated again
        with other.transaction() as writer:
            new_ids = {}
            for row in customers:
                values = {**field_values(row), "owner_id": other.profile.user_id}
                new_ids[row["id"]] = writer.create("customer", values).id
            for row in contacts:
                values = {**field_values(row), "customer_id": new_ids[row["customer_id"]]}
                writer.create("contact", values)

        for entity in ("customer", "contact"):
            columns = [
                c.name
                for c in store.table(entity).columns
                if c.name not in ("id", "customer_id", "owner_id", "created_at", "updated_at")
            ]
            query = f"SELECT {', '.join(columns)} FROM {entity} ORDER BY name, rowid"
            assert stored(store, query) == stored(other, query), entity
            for index, column in ((f"search_{entity}", "body"), (f"search_{entity}_gram", "grams")):
                query = (
                    f"SELECT {entity}.name, {index}.{column} FROM {index} "
                    f"JOIN {entity} ON {entity}.rowid = {index}.rowid ORDER BY 1, 2"
                )
                assert stored(store, query) == stored(other, query), index
                written = customers if entity == "customer" else contacts
                assert len(stored(store, query)) == len(written)
        # Search finds the batch-written rows as it finds the others.
        for row in customers[:5]:
            assert row["name"] in [hit.title for hit in api.search(store, row["name"][2:4])]

        # One outbox entry per row, its fields in exactly the wire text of the row's values.
        with store.engine.connect() as connection:
            entries = connection.execute(
                sa.select(OUTBOX.c.row_id, OUTBOX.c.kind, OUTBOX.c.created_at).order_by(
                    OUTBOX.c.seq
                )
            ).all()
            texts = list(
                connection.exec_driver_sql("SELECT fields FROM outbox ORDER BY seq").scalars()
            )
        given = customers + contacts
        assert [(e.row_id, e.kind) for e in entries] == [(r["id"], "create") for r in given]
        assert [e.created_at for e in entries] == [r["created_at"] for r in given]
        assert texts == [wire_json(field_values(r)) for r in given]
        for entry_text, row in zip(texts, given, strict=True):
            definition = entity_def("customer" if "credit_code" in row else "contact")
            assert json.loads(entry_text) == definition.fields_to_json(field_values(row))
        record = store.require("customer", customers[0]["id"])
        assert record.created_at == record.updated_at == customers[0]["created_at"]
    finally:
        other.close()


def test_the_batch_index_reads_new_rows_in_rowid_order(store: Store) -> None:
    """FTS5 writes out its pending entries whenever a rowid comes lower than the one before,
    so the index statement must hand it rows in rowid order, not in the order of some
    index of the table (customers by name would cost a segment per row)."""
    rows = list(dict(sample.generate(60, sample_context(store), seed=2))["customer"])
    rows.sort(key=lambda row: row["name"], reverse=True)  # rowid order is not name order
    seen: list[str] = []

    def recording(text: str | None) -> str:
        seen.append((text or "").split(" ")[0])
        return search.grams(text)

    with store.transaction() as writer:
        raw = writer.connection.connection.driver_connection
        raw.create_function("salesdesk_grams", 1, recording, deterministic=True)  # type: ignore[union-attr]
        try:
            writer.create_many("customer", rows, prevalidated=True)
        finally:
            search.register_functions(raw)  # type: ignore[arg-type]
    assert seen == [row["name"] for row in rows]


def test_many_rows_per_statement_writes_what_one_row_per_statement_writes(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Customers go in as INSERTs of many rows each (the search triggers would otherwise
    cost a statement journal per row); with at most 100 parameters per statement, 19
    customers of 26 columns take seven statements, the last one shorter."""
    monkeypatch.setattr(bulk, "_parameter_limit", lambda connection: 100)
    executed: list[str] = []
    real = sa.Connection.exec_driver_sql

    def recording(self: sa.Connection, sql: str, *args: Any) -> Any:
        executed.append(sql)
        return real(self, sql, *args)

    monkeypatch.setattr(sa.Connection, "exec_driver_sql", recording)
    rows = list(dict(sample.generate(19, sample_context(store), seed=4))["customer"])
    with store.transaction() as writer:
        writer.create_many("customer", rows, prevalidated=True)
    inserts = [sql for sql in executed if sql.startswith("INSERT INTO customer ")]
    assert [sql.count("),(") + 1 for sql in inserts] == [3, 3, 3, 3, 3, 3, 1]
    assert all(sql.count("?") <= 100 for sql in inserts)
    # What is left over goes in powers of two: few statement shapes to prepare and cache.
    assert bulk._statement_sizes(3371, 1260) == [1260, 1260, 512, 256, 64, 16, 2, 1]
    shapes = {size for rows in range(1, 3000) for size in bulk._statement_sizes(rows, 1260)}
    assert len(shapes) <= 12
    for row in rows:
        record = store.require("customer", row["id"])
        assert {k: getattr(record, k) for k in field_values(row)} == field_values(row)
    assert titles_of(store, rows[7]["name"]) == [rows[7]["name"]]


def titles_of(store: Store, text: str) -> list[str]:
    return [hit.title for hit in api.search(store, text)]


def test_bulk_conversions_store_what_sqlalchemy_stores(store: Store) -> None:
    """bulk's own conversions (ids as hex, empty lists as a constant) against the column
    types' SQLAlchemy bind processors, for every such column of every table."""
    from salesdesk.store.columns import NoteLog, TagList
    from salesdesk.store.tables import ENTITY_TABLES

    examples: list[tuple[type, list[Any]]] = [
        (sa.Uuid, [uuid.uuid4(), uuid.UUID(int=1)]),
        (TagList, [(), ["x"], ("a", "中")]),
        (NoteLog, [(), [], (NOTE,)]),
        (sa.JSON, [[], (), {}, {"a": [1, "中"]}, ["x"]]),
    ]
    dialect = store.engine.dialect
    checked = set()
    for table in [*ENTITY_TABLES.values(), OUTBOX]:
        for column in table.columns:
            for kind, values in examples:
                if isinstance(column.type, kind):
                    ours = bulk._processor(column.type, dialect)
                    theirs = column.type.dialect_impl(dialect).bind_processor(dialect)
                    assert ours is not None and theirs is not None
                    for value in values:
                        assert ours(value) == theirs(value), (table.name, column.name, value)
                    checked.add(kind)
    assert checked == {kind for kind, _ in examples}


def reference_grams(text: str | None) -> str:
    """The gram index's tokens as first written (pairs by slicing), to hold search.grams to."""
    import re
    import unicodedata

    runs = re.findall(
        r"[\u3400-\u9fff\uf900-\ufaff]+|[^\W_\u3400-\u9fff\uf900-\ufaff]+",
        unicodedata.normalize("NFKC", text or "").lower(),
    )
    tokens: list[str] = []
    for run in runs:
        if "\u3400" <= run[0] <= "\u9fff" or "\uf900" <= run[0] <= "\ufaff":
            tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
            tokens.append(run[-1])
        else:
            tokens.append(run)
    return " ".join(tokens)


def test_grams_are_the_pairs_of_each_run(store: Store) -> None:
    texts: list[str | None] = [None, "", "深", "深圳", "ＡＢＣ公司 x_y", "張 三,李四 Öl 12号楼"]
    for entity, rows in sample.generate(100, sample_context(store), seed=8):
        if entity == "customer":
            texts += [" ".join([r["name"], r["city"], r["address"]]) for r in rows]
        if entity == "contact":
            texts += [r["name"] for r in rows]
    for text in texts:
        assert search.grams(text) == reference_grams(text), text
