"""Report queries and writes on a real profile: figures, drafts, submitting, states, comments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from salesdesk.domain.entities import (
    Customer,
    Deal,
    DealStageChange,
    PipelineStage,
    Report,
    ReportTemplate,
    Task,
    Visit,
)
from salesdesk.domain.periods import Period
from salesdesk.domain.schema import ValidationError
from salesdesk.store import reports
from salesdesk.store.store import Store
from tests.report_helpers import add_user, become, local_at, pulled, pulled_update

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = dt.date(2026, 11, 18)  # a Wednesday
YESTERDAY = DAY - dt.timedelta(days=1)
PERIOD = Period.for_day(DAY)


def stage(store: Store, code: str) -> PipelineStage:
    return next(s for s in store.select(PipelineStage) if s.code == code)


def build_period_data(store: Store) -> dict[str, object]:
    """A hand-built day of work for me, with records that must not count around it."""
    me = store.profile.user_id
    colleague = add_user(store, "李强")
    at = lambda hour, day=DAY: local_at(day, hour, SHANGHAI)  # noqa: E731
    with store.transaction() as writer:
        ids = writer.create_many(
            Customer,
            [
                {"name": "今天新客户甲", "created_at": at(9)},
                {"name": "今天新客户乙", "created_at": at(23)},
                {"name": "昨天的客户", "created_at": at(23, YESTERDAY)},
                {"name": "同事的客户", "owner_id": colleague, "created_at": at(10)},
            ],
        )
    first = ids[0]
    done: dict[str, Any] = {"customer_id": first, "purpose": "拜访", "status": "done"}
    store.create(Visit, done, checked_in_at=at(10))
    store.create(Visit, done, checked_in_at=at(15))
    store.create(Visit, done, checked_in_at=at(18, YESTERDAY))
    store.create(Visit, customer_id=first, purpose="计划拜访", planned_on=DAY)
    pulled(store, "visit", **done, rep_id=colleague, checked_in_at=at(11))

    lead, contact, needs = stage(store, "lead"), stage(store, "contact"), stage(store, "needs")
    won, lost = stage(store, "won"), stage(store, "lost")
    won_today = store.create(
        Deal,
        customer_id=first,
        title="年度框架协议",
        stage_id=won.id,
        status="won",
        amount=Decimal("88000.50"),
        closed_on=DAY,
    )
    store.create(
        Deal,
        customer_id=first,
        title="去年的单",
        stage_id=won.id,
        status="won",
        amount=Decimal("1000.00"),
        closed_on=YESTERDAY,
    )
    advanced = store.create(Deal, customer_id=first, title="推进中", stage_id=needs.id)
    backwards = store.create(Deal, customer_id=first, title="退回", stage_id=lead.id)
    dropped = store.create(Deal, customer_id=first, title="丢单", stage_id=lost.id)
    for deal, source, target in [
        (advanced, lead, contact),
        (advanced, contact, needs),  # the same deal again: counted once
        (backwards, needs, lead),
        (dropped, contact, lost),
        (won_today, needs, won),
    ]:
        store.create(
            DealStageChange,
            deal_id=deal.id,
            from_stage_id=source.id,
            to_stage_id=target.id,
            changed_at=at(12),
        )
    store.create(Task, title="完成的任务", status="done", completed_at=at(16))
    store.create(Task, title="昨天完成", status="done", completed_at=at(16, YESTERDAY))
    store.create(Task, title="未完成", status="open")
    return {"me": me, "colleague": colleague}


def test_figures_match_a_hand_built_day(store: Store) -> None:
    build_period_data(store)
    template = reports.active_templates(store)["daily"]
    figures = reports.compute_figures(
        store, store.profile.user_id, PERIOD, template.figures, SHANGHAI
    )
    assert figures == {
        "visits": 2,
        "new_customers": 2,
        "deals_advanced": 2,  # 推进中 and 年度框架协议 moved forward; backwards and lost do not
        "revenue_won": Decimal("88000.50"),
        "tasks_done": 1,
    }
    week = reports.compute_figures(
        store, store.profile.user_id, Period.containing("week", DAY), template.figures, SHANGHAI
    )
    assert week["visits"] == 3 and week["revenue_won"] == Decimal("89000.50")


def test_draft_is_created_once_then_updated(store: Store) -> None:
    first = reports.save_draft(
        store, kind="daily", period=PERIOD, sections={"summary": "拜访两家"}, tz=SHANGHAI
    )
    again = reports.save_draft(
        store, kind="daily", period=PERIOD, sections={"summary": "拜访三家"}, tz=SHANGHAI
    )
    assert again.id == first.id and store.count(Report) == 1
    stored = store.require(Report, first.id)
    assert stored.status == "draft" and stored.sections == {"summary": "拜访三家"}
    assert (stored.period_start, stored.period_end) == (DAY, DAY)
    assert stored.template_id == reports.active_templates(store)["daily"].id
    assert stored.figures["visits"] == 0 and stored.figures["revenue_won"] == "0.00"
    outbox = store.outbox_count()
    reports.save_draft(
        store, kind="daily", period=PERIOD, sections={"summary": "拜访三家"}, tz=SHANGHAI
    )
    assert store.outbox_count() == outbox  # nothing changed, nothing to sync


def test_submit_needs_the_required_sections(store: Store) -> None:
    with pytest.raises(ValidationError) as refused:
        reports.submit_report(
            store, kind="daily", period=PERIOD, sections={"summary": "写了总结"}, tz=SHANGHAI
        )
    assert list(refused.value.errors) == ["sections.next_plan"]
    assert store.count(Report) == 0  # a refused submit writes nothing
    when = local_at(DAY, 19, SHANGHAI)
    submitted = reports.submit_report(
        store,
        kind="daily",
        period=PERIOD,
        sections={"summary": "写了总结", "next_plan": "明天回访"},
        now=when,
        tz=SHANGHAI,
    )
    assert (submitted.status, submitted.submitted_at) == ("submitted", when)
    with pytest.raises(ValidationError) as again:
        reports.save_draft(store, kind="daily", period=PERIOD, sections={}, tz=SHANGHAI)
    assert again.value.errors["status"].code == "read_only"
    assert store.require(Report, submitted.id).sections["next_plan"] == "明天回访"


def test_submitting_an_existing_draft_keeps_one_report(store: Store) -> None:
    draft = reports.save_draft(
        store, kind="weekly", period=Period.containing("week", DAY), sections={}, tz=SHANGHAI
    )
    done = reports.submit_report(
        store,
        kind="weekly",
        period=Period.containing("week", DAY),
        sections={"summary": "本周", "customer_feedback": "满意", "next_plan": "下周"},
        report_id=draft.id,
        tz=SHANGHAI,
    )
    assert done.id == draft.id and store.count(Report) == 1


def test_states_against_the_deadline(store: Store) -> None:
    sections = {"summary": "总结", "next_plan": "计划"}
    on_time = reports.submit_report(
        store,
        kind="daily",
        period=PERIOD,
        sections=sections,
        now=local_at(DAY, 20, SHANGHAI),  # the deadline minute itself is on time
        tz=SHANGHAI,
    )
    late = reports.submit_report(
        store,
        kind="daily",
        period=Period.for_day(YESTERDAY),
        sections=sections,
        now=local_at(DAY, 9, SHANGHAI),
        tz=SHANGHAI,
    )
    older = Period.for_day(YESTERDAY - dt.timedelta(days=1))
    overdue = reports.save_draft(store, kind="daily", period=older, sections={}, tz=SHANGHAI)
    fresh = reports.save_draft(
        store, kind="daily", period=Period.for_day(DAY + dt.timedelta(days=1)), sections={}
    )
    rows = reports.list_reports(
        store, reports.ReportQuery(), now=local_at(DAY, 21, SHANGHAI), tz=SHANGHAI
    )
    states = {row.id: row.state for row in rows}
    assert states == {
        on_time.id: "on_time",
        late.id: "late",
        overdue.id: "overdue",
        fresh.id: "draft",
    }
    assert [row.period.start for row in rows] == sorted(
        (row.period.start for row in rows), reverse=True
    )
    assert all(row.unsynced for row in rows if row.state in ("on_time", "late"))
    deadline = next(row.deadline for row in rows if row.id == late.id)
    assert deadline == local_at(YESTERDAY, 20, SHANGHAI)


def test_the_deadline_follows_the_template(store: Store) -> None:
    daily = reports.active_templates(store)["daily"]
    store.update(ReportTemplate, daily.id, deadline_time="09:00")
    report = reports.submit_report(
        store,
        kind="daily",
        period=PERIOD,
        sections={"summary": "a", "next_plan": "b"},
        now=local_at(DAY, 10, SHANGHAI),
        tz=SHANGHAI,
    )
    row = reports.list_reports(store, reports.ReportQuery(kind="daily"), tz=SHANGHAI)[0]
    assert (row.id, row.state) == (report.id, "late")


def test_manager_comment_and_score_reach_the_rep(store: Store) -> None:
    manager = add_user(store, "王经理", role="manager")
    become(store, "rep")
    report = reports.submit_report(
        store,
        kind="daily",
        period=PERIOD,
        sections={"summary": "总结", "next_plan": "计划"},
        tz=SHANGHAI,
    )
    before = reports.load_form(store, "daily", PERIOD, tz=SHANGHAI)
    assert before.comments == () and before.report is not None and before.report.score is None
    # what the next sync brings: the manager's rating and comment
    pulled_update(
        store,
        "report",
        report.id,
        score=4,
        reviewed_by=manager,
        reviewed_at=local_at(DAY, 21, SHANGHAI),
        read_at=local_at(DAY, 20, SHANGHAI, 30),
    )
    pulled(store, "report_comment", report_id=report.id, author_id=manager, body="客户跟进很及时")
    form = reports.load_form(store, "daily", PERIOD, tz=SHANGHAI)
    assert form.report is not None and form.report.score == 4
    assert form.reviewer_name == "王经理"
    assert [(c.author_name, c.body) for c in form.comments] == [("王经理", "客户跟进很及时")]
    assert not form.editable_by(store.profile.user_id)  # submitted: read-only
    row = reports.list_reports(store, reports.ReportQuery(), tz=SHANGHAI)[0]
    assert (row.score, row.comments) == (4, 1) and row.read_at is not None


def test_team_list_shows_each_author(store: Store) -> None:
    rep = add_user(store, "张伟")
    pulled(
        store,
        "report",
        author_id=rep,
        kind="daily",
        period_start=DAY,
        period_end=DAY,
        status="submitted",
        submitted_at=local_at(DAY, 19, SHANGHAI),
        sections={"summary": "张伟的日报"},
    )
    reports.save_draft(store, kind="daily", period=PERIOD, sections={"summary": "我的"})
    team = reports.list_reports(store, reports.ReportQuery(), tz=SHANGHAI)
    assert sorted(row.author_name for row in team) == sorted(["张伟", store.profile.display_name])
    mine = reports.list_reports(
        store, reports.ReportQuery(author_id=store.profile.user_id), tz=SHANGHAI
    )
    assert [row.author_name for row in mine] == [store.profile.display_name]
    theirs = reports.load_form(store, "daily", PERIOD, author_id=rep, tz=SHANGHAI)
    assert theirs.author_name == "张伟" and not theirs.editable_by(store.profile.user_id)
    assert theirs.figures == {}  # a submitted report shows what was submitted


def test_load_form_by_id_and_new_form(store: Store) -> None:
    build_period_data(store)
    empty = reports.load_form(store, "daily", PERIOD, tz=SHANGHAI)
    assert empty.report is None and empty.figures["visits"] == 2
    assert empty.deadline == local_at(DAY, 20, SHANGHAI)
    assert empty.editable_by(store.profile.user_id)
    draft = reports.save_draft(store, kind="daily", period=PERIOD, sections={"summary": "x"})
    by_id = reports.load_form(store, "weekly", Period.containing("week", DAY), report_id=draft.id)
    assert (by_id.kind, by_id.period, by_id.sections) == ("daily", PERIOD, {"summary": "x"})


def test_no_template_means_no_report(store: Store) -> None:
    monthly = reports.active_templates(store)["monthly"]
    store.update(ReportTemplate, monthly.id, active=False)
    month = Period.containing("month", DAY)
    form = reports.load_form(store, "monthly", month)
    assert form.template is None and not form.editable_by(store.profile.user_id)
    with pytest.raises(ValidationError):
        reports.save_draft(store, kind="monthly", period=month, sections={})


def test_today_report(store: Store) -> None:
    state = reports.today_report(store, DAY, SHANGHAI)
    assert (state.status, state.deadline) == ("missing", local_at(DAY, 20, SHANGHAI))
    reports.save_draft(store, kind="daily", period=PERIOD, sections={"summary": "x"})
    assert reports.today_report(store, DAY, SHANGHAI).status == "draft"


def test_figures_from_json_round_trip() -> None:
    assert reports.figures_from_json({"visits": 3, "revenue_won": "12.50", "odd": "x"}) == {
        "visits": 3,
        "revenue_won": Decimal("12.50"),
    }


def test_local_zone_is_a_time_zone() -> None:
    zone = reports.local_zone()
    assert dt.datetime(2026, 11, 18, 12, tzinfo=zone).utcoffset() is not None
