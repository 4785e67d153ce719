"""What Today shows: today's route, tasks due and overdue, deals that need action, and where
today's daily report stands."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from salesdesk.domain.entities import Customer, Deal, PipelineStage, Report, Task
from salesdesk.store import visits as visit_store
from salesdesk.store.store import Store
from salesdesk.store.today import ReportProgress, today_overview
from tests.visits_helpers import add_user, customer_at, plan, route

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = dt.date(2026, 11, 23)


def cst(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SHANGHAI).astimezone(dt.UTC)


def test_todays_visits_in_route_order_without_cancelled_or_others(store: Store) -> None:
    other = add_user(store, "李四")
    a = plan(store, customer_at(store, "福田A"), MONDAY, "15:00")
    b = plan(store, customer_at(store, "南山A"), MONDAY, "09:00")
    c = plan(store, customer_at(store, "南山B"), MONDAY)
    gone = plan(store, customer_at(store, "南山C"), MONDAY)
    visit_store.cancel_visit(store, gone.id)
    plan(store, customer_at(store, "福田B"), MONDAY, rep_id=other)
    plan(store, customer_at(store, "福田B"), MONDAY + dt.timedelta(days=1))
    overview = today_overview(store, now=cst(MONDAY, 8), tz=SHANGHAI)
    assert overview.day == MONDAY
    assert [i.visit.id for i in overview.visits] == route(store, MONDAY) == [b.id, c.id, a.id]
    assert overview.visits[0].full_address.endswith("高新南七道 18 号")


def test_tasks_due_today_and_overdue(store: Store) -> None:
    other = add_user(store, "李四")
    customer = store.create(Customer, name="华南物流有限公司")
    now = cst(MONDAY, 11)
    late = store.create(Task, title="昨天的回访", due_at=cst(MONDAY - dt.timedelta(days=3), 17))
    earlier = store.create(
        Task, title="上午发资料", due_at=cst(MONDAY, 10), customer_id=customer.id
    )
    later = store.create(Task, title="下午电话", due_at=cst(MONDAY, 16))
    store.create(Task, title="明天的事", due_at=cst(MONDAY + dt.timedelta(days=1), 9))
    store.create(Task, title="没有截止", due_at=None)
    store.create(Task, title="别人的", due_at=cst(MONDAY, 9), assignee_id=other)
    done = store.create(Task, title="已完成", due_at=cst(MONDAY, 9))
    store.update(Task, done.id, status="done", completed_at=now)
    overview = today_overview(store, now=now, tz=SHANGHAI)
    assert [(i.task.id, i.overdue) for i in overview.tasks] == [
        (late.id, True),
        (earlier.id, True),
        (later.id, False),
    ]
    assert overview.tasks[1].customer_name == "华南物流有限公司"


def test_deals_that_need_action(store: Store) -> None:
    other = add_user(store, "李四", role="rep")
    stages = {s.code: s for s in store.select(PipelineStage)}
    customer = store.create(Customer, name="苏州精工机械有限公司")
    now = cst(MONDAY, 10)

    def deal(title: str, stage: str, **values: Any) -> Deal:
        return store.create(
            Deal,
            customer_id=customer.id,
            title=title,
            stage_id=stages[stage].id,
            amount=Decimal("50000.00"),
            **values,
        )

    stuck = deal("数控机床改造", "needs", stage_changed_at=now - dt.timedelta(days=30))
    overdue = deal("刀具年度采购", "proposal", expected_close=MONDAY - dt.timedelta(days=5))
    deal("新线体", "proposal", stage_changed_at=now - dt.timedelta(days=3))  # fine
    deal("已输", "lost", status="lost", stage_changed_at=now - dt.timedelta(days=300))
    deal("别人的", "needs", stage_changed_at=now - dt.timedelta(days=60), owner_id=other)
    overview = today_overview(store, now=now, tz=SHANGHAI)
    assert {i.deal.id for i in overview.deals} == {stuck.id, overdue.id}
    assert overview.deal_total == 2
    by_id = {i.deal.id: i for i in overview.deals}
    assert by_id[stuck.id].alert.stuck and by_id[stuck.id].stage_name == "需求分析"
    assert by_id[overdue.id].alert.close_overdue and by_id[overdue.id].alert.days_overdue == 5
    assert by_id[overdue.id].customer_name == "苏州精工机械有限公司"


def test_daily_report_progress(store: Store) -> None:
    def progress(now: dt.datetime) -> tuple[ReportProgress, bool]:
        report = today_overview(store, now=now, tz=SHANGHAI).report
        return report.progress, report.overdue

    assert progress(cst(MONDAY, 10)) == (ReportProgress.NOT_WRITTEN, False)
    assert progress(cst(MONDAY, 20, 30)) == (ReportProgress.NOT_WRITTEN, True)  # after 20:00
    assert progress(cst(MONDAY + dt.timedelta(days=5), 21)) == (ReportProgress.NOT_DUE, False)
    draft = store.create(
        Report,
        kind="daily",
        period_start=MONDAY,
        period_end=MONDAY,
        sections={"summary": "拜访3家"},
    )
    assert progress(cst(MONDAY, 10)) == (ReportProgress.DRAFT, False)
    assert progress(cst(MONDAY, 21)) == (ReportProgress.DRAFT, True)
    store.update(Report, draft.id, status="submitted", submitted_at=cst(MONDAY, 19, 40))
    assert progress(cst(MONDAY, 21)) == (ReportProgress.SUBMITTED, False)
    state = today_overview(store, now=cst(MONDAY, 21), tz=SHANGHAI).report.state
    assert state is not None and state.report_id == draft.id and state.unsynced
    store.update(Report, draft.id, submitted_at=cst(MONDAY, 20, 5))
    assert progress(cst(MONDAY, 21)) == (ReportProgress.LATE, False)


def test_a_manager_sees_who_of_the_team_has_reported(store: Store) -> None:
    zhang = add_user(store, "张三")
    add_user(store, "李四")
    add_user(store, "王经理", role="manager")
    store.create(
        Report,
        kind="daily",
        author_id=zhang,
        period_start=MONDAY,
        period_end=MONDAY,
        status="submitted",
        submitted_at=cst(MONDAY, 18),
    )
    team = today_overview(store, now=cst(MONDAY, 21), tz=SHANGHAI).report.team
    assert team is not None
    assert (team.submitted, team.reps, team.missing) == (1, 2, ["李四"])
    before = today_overview(store, now=cst(MONDAY, 12), tz=SHANGHAI).report.team
    assert before is not None and before.missing == []  # nobody is late before the deadline


def test_the_quick_deal_query_misses_no_alert(store: Store) -> None:
    from salesdesk import api
    from salesdesk.domain.pipeline import deal_alerts
    from salesdesk.store.today import DEAL_LIMIT

    api.demo_data(store, 150, today=MONDAY)
    now = cst(MONDAY, 10)
    overview = today_overview(store, now=now, tz=SHANGHAI)
    table = store.table(Deal)
    mine = store.select(Deal, table.c.owner_id == store.profile.user_id)
    expected = deal_alerts(mine, store.select(PipelineStage), now=now, tz=SHANGHAI)
    assert overview.deal_total == len(expected) > 0
    assert [i.deal.id for i in overview.deals] == [a.deal_id for a in expected][:DEAL_LIMIT]


def test_many_deals_and_tasks_are_counted_and_the_most_urgent_listed(store: Store) -> None:
    """Past the listing limits the totals are counted in the database, and the deals listed
    are still exactly the domain's most urgent (ties on the day broken by days overdue)."""
    from salesdesk.domain.pipeline import deal_alerts
    from salesdesk.store.today import DEAL_LIMIT, TASK_LIMIT

    stages = {s.code: s for s in store.select(PipelineStage)}
    now = cst(MONDAY, 10)
    customer = store.create(Customer, name="苏州精工机械有限公司")
    for number in range(DEAL_LIMIT + 15):
        entered = now - dt.timedelta(days=40 if number < DEAL_LIMIT + 5 else 90 + number)
        store.create(
            Deal,
            customer_id=customer.id,
            title=f"项目{number}",
            stage_id=stages["needs"].id,
            stage_changed_at=entered + dt.timedelta(minutes=number),  # same local day
            expected_close=MONDAY - dt.timedelta(days=number % 7),
            amount=Decimal("1000.00"),
        )
    for number in range(TASK_LIMIT + 20):
        store.create(Task, title=f"回访{number}", due_at=now + dt.timedelta(minutes=number - 30))
    overview = today_overview(store, now=now, tz=SHANGHAI)
    mine = store.select(Deal)
    expected = deal_alerts(mine, store.select(PipelineStage), now=now, tz=SHANGHAI)
    assert overview.deal_total == len(expected) == DEAL_LIMIT + 15
    assert [i.deal.id for i in overview.deals] == [a.deal_id for a in expected][:DEAL_LIMIT]
    assert len(overview.tasks) == TASK_LIMIT
    assert (overview.task_total, overview.overdue_total) == (TASK_LIMIT + 20, 30)
    assert [i.task.title for i in overview.tasks[:2]] == ["回访0", "回访1"]
