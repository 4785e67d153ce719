"""Deal queries and writes on a real local profile: moves with their history in one
transaction, lost and reopen, checklist ticks, board columns, the funnel figures."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
import sqlalchemy as sa

from salesdesk import api
from salesdesk.domain import pipeline
from salesdesk.domain.entities import Customer, Deal, DealStageChange
from salesdesk.domain.schema import ValidationError
from salesdesk.store import deals as queries
from salesdesk.store.store import Store
from tests.deals_tasks_helpers import add_user, new_deal, sign_in_as_rep, stages, tick_all

CST = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=CST).astimezone(dt.UTC)


def history(store: Store, deal_id: uuid.UUID) -> list[tuple[str | None, str]]:
    codes = {s.id: s.code for s in stages(store).values()}
    with store.engine.connect() as connection:
        changes = queries.stage_history(connection, deal_id)
    return [
        (codes[c.from_stage_id] if c.from_stage_id else None, codes[c.to_stage_id])  # type: ignore[index]
        for c in changes
    ]


def test_a_new_deal_starts_with_its_stage_values_and_a_history_row(store: Store) -> None:
    deal = new_deal(store, now=NOW)
    assert (deal.status, deal.probability, deal.stage_changed_at) == ("open", 10, NOW)
    assert history(store, deal.id) == [(None, "lead")]
    with pytest.raises(ValidationError) as error:
        new_deal(store, stage="won")
    assert error.value.errors["stage_id"].code == "not_open_stage"
    assert new_deal(store, stage="needs", probability=55).probability == 55


def test_moving_on_needs_the_required_checklist_and_writes_deal_and_history_together(
    store: Store,
) -> None:
    deal = new_deal(store, now=NOW - dt.timedelta(days=3))
    to = stages(store)
    outbox_before = store.outbox_count()
    with pytest.raises(pipeline.MoveRejectedError) as refused:
        queries.move_deal(store, deal.id, to["contact"].id, now=NOW, tz=CST)
    missing = [i.text for i in refused.value.check.missing_items]
    assert missing == ["确认客户基本信息", "判断需求匹配度"]
    assert store.outbox_count() == outbox_before  # nothing written
    assert history(store, deal.id) == [(None, "lead")]
    tick_all(store, deal.id, "lead")
    moved = queries.move_deal(store, deal.id, to["contact"].id, now=NOW, tz=CST)
    assert (moved.stage_id, moved.probability) == (to["contact"].id, 20)
    assert moved.stage_changed_at == NOW
    assert store.require(Deal, deal.id).stage_id == to["contact"].id
    assert history(store, deal.id) == [(None, "lead"), ("lead", "contact")]
    change = store.select(DealStageChange, store.table(DealStageChange).c.from_stage_id.isnot(None))
    assert change[0].changed_by == store.profile.user_id and change[0].changed_at == NOW
    # Skipping stages needs their required items too; moving back is always allowed.
    with pytest.raises(pipeline.MoveRejectedError):
        queries.move_deal(store, deal.id, to["proposal"].id, now=NOW + dt.timedelta(hours=1))
    queries.move_deal(store, deal.id, to["lead"].id, now=NOW + dt.timedelta(hours=1))
    assert history(store, deal.id)[-1] == ("contact", "lead")


def test_a_failing_history_write_leaves_the_deal_unmoved(store: Store) -> None:
    deal = new_deal(store)
    tick_all(store, deal.id, "lead")
    to = stages(store)
    # A trigger that refuses stage-change rows makes the second write of the move fail.
    with store.engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TRIGGER refuse BEFORE INSERT ON deal_stage_change "
            "BEGIN SELECT RAISE(ABORT, 'refused'); END"
        )
    with pytest.raises(sa.exc.IntegrityError):
        queries.move_deal(store, deal.id, to["contact"].id)
    assert store.require(Deal, deal.id).stage_id == to["lead"].id


def test_lost_needs_a_reason_and_reopens_where_it_was(store: Store) -> None:
    deal = new_deal(store, now=NOW - dt.timedelta(days=3))
    tick_all(store, deal.id, "lead")
    to = stages(store)
    queries.move_deal(store, deal.id, to["contact"].id, now=NOW - dt.timedelta(days=2))
    with pytest.raises(pipeline.MoveRejectedError) as refused:
        queries.mark_lost(store, deal.id, "  ")
    assert refused.value.check.problems == (pipeline.MoveProblem.REASON_REQUIRED,)
    lost = queries.mark_lost(store, deal.id, "选择了竞争对手", now=NOW)
    assert (lost.status, lost.stage_id, lost.lost_reason, lost.probability, lost.closed_on) == (
        "lost",
        to["lost"].id,
        "选择了竞争对手",
        0,
        dt.date(2026, 11, 23),
    )
    assert queries.reopen_target(store, deal.id) == to["contact"]
    reopened = queries.reopen_deal(store, deal.id, now=NOW + dt.timedelta(hours=1))
    assert (reopened.status, reopened.stage_id, reopened.lost_reason, reopened.closed_on) == (
        "open",
        to["contact"].id,
        "",
        None,
    )
    assert history(store, deal.id)[-2:] == [("contact", "lost"), ("lost", "contact")]


def test_only_a_manager_reopens_a_won_deal(store: Store) -> None:
    deal = new_deal(store, stage="negotiation")
    tick_all(store, deal.id, "negotiation")
    to = stages(store)
    won = queries.move_deal(store, deal.id, to["won"].id, now=NOW, tz=CST)
    assert (won.status, won.closed_on) == ("won", dt.date(2026, 11, 23))
    sign_in_as_rep(store)
    with pytest.raises(ValidationError) as error:
        queries.reopen_deal(store, deal.id)
    assert error.value.errors["stage_id"].code == "not_allowed"


def test_checklist_ticks_and_plain_edits(store: Store) -> None:
    deal = new_deal(store)
    queries.set_checklist_item(store, deal.id, "lead-1", True)
    queries.set_checklist_item(store, deal.id, "lead-2", True)
    queries.set_checklist_item(store, deal.id, "lead-1", False)
    queries.set_checklist_item(store, deal.id, "lead-2", True)
    assert store.require(Deal, deal.id).checklist_done == ["lead-2"]
    changes = {"amount": Decimal("880000.50"), "probability": 30}
    edited = queries.update_deal(store, deal.id, changes)
    assert (edited.amount, edited.probability) == (Decimal("880000.50"), 30)
    with pytest.raises(ValidationError) as error:
        queries.update_deal(store, deal.id, {"stage_id": stages(store)["won"].id})
    assert error.value.errors["stage_id"].code == "read_only"


def test_board_columns_filter_order_count_and_flag_stuck_deals(store: Store) -> None:
    to = stages(store)
    rep = add_user(store, "李娜")
    huawei = store.create(Customer, name="深圳市华为技术有限公司")
    early = NOW - dt.timedelta(days=40)
    stuck = new_deal(store, "旧项目", customer=huawei, now=early, amount="5000")
    new_deal(store, "新项目", amount="20000", expected_close=dt.date(2026, 12, 1))
    new_deal(store, "李娜的项目", amount="1000", owner_id=rep, expected_close=dt.date(2026, 11, 1))
    old_lost = new_deal(store, "去年输单")
    queries.mark_lost(store, old_lost.id, "价格偏高", now=NOW - dt.timedelta(days=90))
    recent_lost = new_deal(store, "上周输单")
    queries.mark_lost(store, recent_lost.id, "项目取消", now=NOW - dt.timedelta(days=5))
    all_stages = list(to.values())

    def column(code: str, query: queries.DealFilter, limit: int = 100) -> queries.ColumnPage:
        with store.engine.connect() as connection:
            return queries.board_column(
                connection, to[code], all_stages, query, limit=limit, now=NOW, tz=CST
            )

    lead = column("lead", queries.DealFilter())
    assert [c.deal.title for c in lead.cards] == ["李娜的项目", "新项目", "旧项目"]
    assert (lead.total, lead.amount, lead.more) == (3, Decimal("26000.00"), False)
    by_title = {c.deal.title: c for c in lead.cards}
    assert by_title["旧项目"].customer_name == "深圳市华为技术有限公司"
    assert by_title["旧项目"].alert is not None and by_title["旧项目"].alert.stuck
    assert by_title["李娜的项目"].alert is not None and by_title["李娜的项目"].alert.close_overdue
    assert by_title["李娜的项目"].owner_name == "李娜"
    assert by_title["新项目"].alert is None
    first = column("lead", queries.DealFilter(), limit=2)
    assert (len(first.cards), first.total, first.more) == (2, 3, True)
    assert [c.deal.title for c in column("lead", queries.DealFilter(owner_id=rep)).cards] == [
        "李娜的项目"
    ]
    assert [c.deal.id for c in column("lead", queries.DealFilter(text="华为")).cards] == [stuck.id]
    # Closed columns: recent ones unless all closed deals are asked for.
    assert [c.deal.title for c in column("lost", queries.DealFilter()).cards] == ["上周输单"]
    every = column("lost", queries.DealFilter(include_closed=True))
    assert [c.deal.title for c in every.cards] == ["上周输单", "去年输单"]


def test_deal_view_has_history_with_names_contacts_and_alert(store: Store) -> None:
    deal = new_deal(store, now=NOW - dt.timedelta(days=30))
    tick_all(store, deal.id, "lead")
    queries.move_deal(store, deal.id, stages(store)["contact"].id)
    view = queries.deal_view(store, deal.id)
    assert view is not None
    assert [(h.from_name, h.to_name) for h in view.history] == [
        ("潜在客户识别", "初步接触"),
        ("", "潜在客户识别"),
    ]
    assert view.history[0].by_name == store.profile.display_name
    assert view.stage is not None and view.stage.code == "contact"
    assert queries.deal_view(store, uuid.uuid4()) is None


def test_funnel_figures_from_a_hand_built_pipeline(store: Store) -> None:
    to = stages(store)
    day = dt.timedelta(days=1)
    start = NOW - 30 * day
    customer = store.create(Customer, name="漏斗测试客户")
    # Four deals opened 30 days ago: A and B reach needs analysis, A is then won (skipping
    # proposal and negotiation), C is lost from first contact, D stays a lead. "old" was
    # opened long before the cohort period.
    paths = {
        "A": ("100", start, [("lead", 0), ("contact", 2), ("needs", 6), ("won", 16)]),
        "B": ("200", start, [("lead", 0), ("contact", 2), ("needs", 6)]),
        "C": ("300", start, [("lead", 0), ("contact", 2), ("lost", 10)]),
        "D": ("400", start, [("lead", 0)]),
        "old": ("999", NOW - 400 * day, [("lead", 0)]),
    }
    deal_rows, change_rows = [], []
    for title, (amount, opened, path) in paths.items():
        deal_id = uuid.uuid4()
        last_code, last_day = path[-1]
        outcome = to[last_code].outcome
        deal_rows.append(
            {
                "id": deal_id,
                "created_at": opened,
                "customer_id": customer.id,
                "title": title,
                "amount": Decimal(amount),
                "stage_id": to[last_code].id,
                "status": outcome,
                "lost_reason": "预算不足" if outcome == "lost" else "",
                "stage_changed_at": opened + last_day * day,
            }
        )
        previous = None
        for code, offset in path:
            change_rows.append(
                {
                    "deal_id": deal_id,
                    "from_stage_id": previous,
                    "to_stage_id": to[code].id,
                    "changed_at": opened + offset * day,
                }
            )
            previous = to[code].id
    with store.transaction() as writer:
        writer.create_many(Deal, deal_rows)
        writer.create_many(DealStageChange, change_rows)

    figures = queries.funnel_figures(store, queries.DealFilter(), since=NOW - 60 * day)
    assert figures.deals == 4
    by_stage = {s.stage_id: s for s in figures.summaries}
    assert (by_stage[to["lead"].id].count, by_stage[to["lead"].id].amount) == (1, Decimal("400"))
    assert by_stage[to["needs"].id].count == 1 and by_stage[to["won"].id].count == 1
    assert (by_stage[to["lost"].id].count, by_stage[to["lost"].id].amount) == (1, Decimal("300"))
    assert by_stage[to["proposal"].id].count == 0
    rates = {(r.from_stage_id, r.to_stage_id): r for r in figures.conversions}
    lead_to_contact = rates[(to["lead"].id, to["contact"].id)]
    assert (lead_to_contact.reached_from, lead_to_contact.reached_to) == (4, 3)
    assert lead_to_contact.rate_pct == Decimal("75.0")
    assert rates[(to["contact"].id, to["needs"].id)].rate_pct == Decimal("66.7")
    # A skipped proposal and negotiation, yet passed through them on its way to won.
    assert rates[(to["needs"].id, to["proposal"].id)].rate_pct == Decimal("50.0")
    assert rates[(to["negotiation"].id, to["won"].id)].rate_pct == Decimal("100.0")
    # Days: lead 2 for A, B and C; contact 4, 4 and 8; needs 10 for A (B is still there).
    assert figures.durations[to["lead"].id].average_days == Decimal("2.0")
    assert figures.durations[to["contact"].id].average_days == Decimal("5.3")
    assert figures.durations[to["needs"].id] == pipeline.StageDuration(
        to["needs"].id, 1, Decimal("10.0")
    )
    assert to["won"].id not in figures.durations  # nobody has left it
    everything = queries.funnel_figures(store, queries.DealFilter())
    assert everything.deals == 5
    assert everything.conversions[0].reached_from == 5
    # The funnel reads only some columns of many rows; the figures equal those of full records.
    all_stages = list(to.values())
    deals, changes = store.select(Deal), store.select(DealStageChange)
    assert everything.summaries == pipeline.funnel(deals, all_stages)
    assert everything.conversions == pipeline.conversion_rates(deals, changes, all_stages)
    assert everything.durations == pipeline.average_days_in_stage(changes, deals)


def test_board_columns_stay_quick_with_thousands_of_deals(store: Store) -> None:
    api.demo_data(store, 3000)
    to = stages(store)
    all_stages = list(to.values())
    import time

    started = time.perf_counter()
    with store.engine.connect() as connection:
        pages = [
            queries.board_column(
                connection, s, all_stages, queries.DealFilter(), limit=100, now=NOW, tz=CST
            )
            for s in all_stages
        ]
    elapsed = time.perf_counter() - started
    assert sum(p.total for p in pages) > 1000
    assert all(len(p.cards) <= 100 for p in pages)
    assert elapsed < 2.0, elapsed
