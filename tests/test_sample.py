"""The sample data generator: realistic, valid, deterministic, through the write path."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter

from salesdesk import api, sample
from salesdesk.domain.schema import entity_def
from salesdesk.domain.validators import check_credit_code
from salesdesk.store.store import Store


def context() -> sample.Context:
    stages = [
        (uuid.uuid4(), "lead", 10, "open"),
        (uuid.uuid4(), "needs", 40, "open"),
        (uuid.uuid4(), "won", 100, "won"),
        (uuid.uuid4(), "lost", 0, "lost"),
    ]
    return sample.Context(
        owners=[uuid.uuid4(), uuid.uuid4()],
        stages=stages,
        templates={},
        team_id=uuid.uuid4(),
        today=dt.date(2026, 11, 23),
    )


def test_generated_rows_are_exactly_what_validation_would_produce() -> None:
    """The write path trusts the generator's rows (prevalidated); this test earns that trust."""
    checked = 0
    for entity, rows in sample.generate(400, context(), seed=7):
        definition = entity_def(entity)
        for row in rows:
            values = {k: v for k, v in row.items() if k not in ("id", "created_at")}
            cleaned = definition.clean_values(values, creating=True)
            assert cleaned == values, entity
            assert {k: type(v) for k, v in cleaned.items()} == {
                k: type(v) for k, v in values.items()
            }
            checked += 1
    assert checked > 2000


def test_sample_is_deterministic_and_varied() -> None:
    first = [
        (e, [r["name"] for r in rows if "name" in r])
        for e, rows in sample.generate(50, context(), seed=1)
    ]
    again = [
        (e, [r["name"] for r in rows if "name" in r])
        for e, rows in sample.generate(50, context(), seed=1)
    ]
    other = [
        (e, [r["name"] for r in rows if "name" in r])
        for e, rows in sample.generate(50, context(), seed=2)
    ]
    assert first == again
    assert first != other


def test_sample_looks_like_a_real_sales_team(store: Store) -> None:
    written = api.demo_data(store, 300, today=dt.date(2026, 11, 23))
    assert written == store.outbox_count()  # every row went through the write path
    customers = store.select("customer")
    assert len(customers) == 300
    assert all(not c.credit_code or check_credit_code(c.credit_code) is None for c in customers)  # type: ignore[attr-defined]
    assert len({c.city for c in customers}) > 10  # type: ignore[attr-defined]
    stages = Counter(d.stage_id for d in store.select("deal"))  # type: ignore[attr-defined]
    assert len(stages) == 8  # deals in every stage
    statuses = Counter(v.status for v in store.select("visit"))  # type: ignore[attr-defined]
    assert statuses["done"] and statuses["planned"]
    kinds = Counter(r.kind for r in store.select("report"))  # type: ignore[attr-defined]
    assert set(kinds) == {"daily", "weekly", "monthly"}
    created = sorted(c.created_at for c in customers)
    assert (created[-1] - created[0]).days > 300  # spread over the last months


def test_deal_stage_history_agrees_with_the_deal_and_lies_in_the_past() -> None:
    ctx = context()
    today_end = dt.datetime(2026, 11, 23, 16, tzinfo=dt.UTC)
    deals: dict[uuid.UUID, dict[str, object]] = {}
    last_change: dict[uuid.UUID, tuple[dt.datetime, uuid.UUID]] = {}
    for entity, rows in sample.generate(500, ctx, seed=3):
        for row in rows:
            if entity == "deal":
                deals[row["id"]] = row
            elif entity == "deal_stage_change":
                assert row["changed_at"] <= today_end
                previous = last_change.get(row["deal_id"])
                if previous is None or row["changed_at"] >= previous[0]:
                    last_change[row["deal_id"]] = (row["changed_at"], row["to_stage_id"])
    assert deals
    for deal_id, deal in deals.items():
        assert last_change[deal_id][1] == deal["stage_id"]  # the deal is where its history ends
        assert deal["stage_changed_at"] == last_change[deal_id][0]
