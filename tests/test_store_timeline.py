"""A customer's timeline from a real profile: every kind of event, newest first."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from salesdesk.domain.entities import (
    Customer,
    CustomerFeedback,
    Deal,
    DealStageChange,
    PipelineStage,
    Task,
    Visit,
)
from salesdesk.store import reports, timeline
from salesdesk.store.store import Store
from tests.report_helpers import add_user, local_at, pulled

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = dt.date(2026, 11, 2)


def at(day: int, hour: int) -> dt.datetime:
    return local_at(dt.date(2026, 11, day), hour, SHANGHAI)


def stage(store: Store, code: str) -> PipelineStage:
    return next(s for s in store.select(PipelineStage) if s.code == code)


def test_every_kind_of_event_in_order(store: Store) -> None:
    rep = add_user(store, "张伟")
    customer = store.create(Customer, name="深圳市华为技术有限公司")
    other = store.create(Customer, name="杭州阿里巴巴网络技术有限公司")
    store.create(
        Visit,
        customer_id=customer.id,
        purpose="需求沟通",
        status="done",
        checked_in_at=at(3, 10),
        outcome="客户有兴趣",
        next_step="发方案",
    )
    store.create(
        Visit, customer_id=customer.id, purpose="方案讲解", planned_on=dt.date(2026, 11, 20)
    )
    store.create(Visit, customer_id=other.id, purpose="别家的拜访", planned_on=DAY)
    lead, contact, won = stage(store, "lead"), stage(store, "contact"), stage(store, "won")
    deal = store.create(
        Deal, customer_id=customer.id, title="服务器采购", stage_id=lead.id, amount=Decimal(5000)
    )
    store.create(
        DealStageChange,
        deal_id=deal.id,
        to_stage_id=lead.id,
        changed_at=at(4, 9),  # creation: no entry of its own
    )
    store.create(
        DealStageChange,
        deal_id=deal.id,
        from_stage_id=lead.id,
        to_stage_id=contact.id,
        changed_at=at(5, 9),
        changed_by=rep,
    )
    store.create(
        DealStageChange,
        deal_id=deal.id,
        from_stage_id=contact.id,
        to_stage_id=won.id,
        changed_at=at(9, 9),
    )
    task = store.create(Task, title="寄送样品", customer_id=customer.id)
    store.update(Task, task.id, status="done", completed_at=at(6, 15))
    store.create(Task, title="别家的任务", customer_id=other.id)
    store.create(
        CustomerFeedback,
        customer_id=customer.id,
        kind="complaint",
        body="交货延迟",
        recorded_on=dt.date(2026, 11, 7),
    )
    with store.transaction() as writer:
        writer.add_note(Customer, customer.id, "客户下周回复报价")
    reports.submit_report(
        store,
        kind="daily",
        period=reports.report_period("daily", dt.date(2026, 11, 8)),
        sections={"summary": "今天拜访了华为技术,谈了服务器", "next_plan": "跟进"},
        now=at(8, 19),
    )
    reports.save_draft(
        store,
        kind="daily",
        period=reports.report_period("daily", dt.date(2026, 11, 10)),
        sections={"summary": "只去了阿里巴巴"},
    )

    entries = timeline.customer_timeline(store, customer.id, SHANGHAI)
    kinds = [entry.kind for entry in entries]
    assert set(kinds) == {
        "visit_planned",
        "visit_done",
        "deal_created",
        "deal_stage",
        "deal_won",
        "task_created",
        "task_done",
        "feedback",
        "note",
        "report",
    }
    times = [entry.at for entry in entries]
    assert times == sorted(times, reverse=True)
    dated = [e.kind for e in entries if e.kind not in ("deal_created", "task_created", "note")]
    assert dated == [  # the others happened just now, at the real time of the test
        "visit_planned",  # 20 November, planned
        "deal_won",  # 9 November
        "report",  # submitted 8 November
        "feedback",  # recorded for 7 November
        "task_done",  # 6 November
        "deal_stage",  # 5 November
        "visit_done",  # 3 November
    ]
    assert entries[kinds.index("visit_planned")].date_only
    by_kind = {entry.kind: entry for entry in entries}
    assert by_kind["visit_done"].detail == "客户有兴趣\n发方案"
    assert by_kind["deal_stage"].values["from_stage"] == lead.name
    assert by_kind["deal_stage"].values["to_stage"] == contact.name
    assert by_kind["deal_stage"].who == "张伟"
    assert by_kind["deal_won"].at == at(9, 9)
    assert by_kind["report"].title == "今天拜访了华为技术,谈了服务器"  # short name 华为技术
    assert by_kind["feedback"].date_only and by_kind["feedback"].values["kind"] == "complaint"
    assert by_kind["note"].title == "客户下周回复报价"
    assert by_kind["note"].who == store.profile.display_name
    assert kinds.count("deal_created") == 1 and kinds.count("deal_stage") == 1
    assert not any("别家" in entry.title for entry in entries)


def test_a_won_deal_without_a_stage_change_has_its_closing_entry(store: Store) -> None:
    customer = store.create(Customer, name="成都天府软件有限公司")
    store.create(
        Deal,
        customer_id=customer.id,
        title="年度维护",
        stage_id=stage(store, "lost").id,
        status="lost",
        lost_reason="价格太高",
        closed_on=DAY,
    )
    entries = timeline.customer_timeline(store, customer.id, SHANGHAI)
    lost = next(entry for entry in entries if entry.kind == "deal_lost")
    assert lost.detail == "价格太高" and lost.date_only
    assert lost.at == local_at(DAY, 0, SHANGHAI)


def test_reports_mention_by_full_or_short_name_only(store: Store) -> None:
    author = add_user(store, "李娜")
    texts = ["拜访深圳市华为技术有限公司", "华为技术要求报价", "华为", "华夏银行开户", "10A0BC完成"]
    for text in texts:
        pulled(
            store,
            "report",
            author_id=author,
            kind="daily",
            period_start=DAY,
            period_end=DAY,
            sections={"summary": text},
        )
    found = timeline.reports_mentioning(store, "深圳市华为技术有限公司")
    assert sorted(section for _report, section in found) == [
        "华为技术要求报价",  # the normalised short name (dedupe.normalize_company_name)
        "拜访深圳市华为技术有限公司",
    ]
    assert timeline.reports_mentioning(store, "10_0%完成") == []  # LIKE wildcards escaped
    assert timeline.mention_terms("Acme Trading Co., Ltd.") == [
        "Acme Trading Co., Ltd.",
        "acmetrading",
    ]


def test_a_deleted_customer_has_no_timeline(store: Store) -> None:
    customer = store.create(Customer, name="武汉远航投资有限公司")
    store.delete(Customer, customer.id)
    assert timeline.customer_timeline(store, customer.id) == []
