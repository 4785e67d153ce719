"""Review queries and writes on a real profile: the team's reports for a span, who has not
reported, reading, commenting and rating as a manager, and what the rep then holds."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from salesdesk.domain.entities import Report, ReportComment, Visit
from salesdesk.domain.periods import Period
from salesdesk.domain.review import ReviewStatus
from salesdesk.domain.schema import ValidationError
from salesdesk.store import review
from salesdesk.store.reports import load_form
from salesdesk.store.store import Store
from salesdesk.store.tables import OutboxEntry
from tests.report_helpers import add_user, become, local_at, pulled

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = dt.date(2026, 11, 16)
WEEK = Period.for_week(2026, 47)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """Wall-clock time in Shanghai on 16 + ``day`` November 2026."""
    return local_at(MONDAY + dt.timedelta(days=day), hour, SHANGHAI, minute)


def daily(store: Store, author: uuid.UUID, day: int, **values: Any) -> uuid.UUID:
    """A daily report of ``author`` as the server sent it."""
    start = MONDAY + dt.timedelta(days=day)
    values.setdefault("created_at", at(day, 17))
    return pulled(
        store,
        "report",
        author_id=author,
        kind="daily",
        period_start=start,
        period_end=start,
        **values,
    )


@pytest.fixture
def team(store: Store) -> dict[str, uuid.UUID]:
    """Three reps: 张伟 reports on time, 李娜 late and with a draft, 王强 not at all."""
    reps = {name: add_user(store, name) for name in ("张伟", "李娜", "王强")}
    zhang, li, wang = reps["张伟"], reps["李娜"], reps["王强"]
    submitted = {"status": "submitted", "sections": {"summary": "拜访客户"}}
    daily(store, zhang, 0, submitted_at=at(0, 18), **submitted)
    daily(store, zhang, 1, submitted_at=at(1, 19), **submitted)
    daily(store, li, 0, submitted_at=at(1, 9), created_at=at(1, 9), **submitted)  # late
    daily(store, li, 1, sections={"summary": "写了一半"}, created_at=at(1, 12))  # a draft only
    # 王强 synced on Tuesday morning (a visit made then reached the server), nothing since
    customer = pulled(store, "customer", name="华信科技", owner_id=wang)
    pulled(store, "visit", customer_id=customer, rep_id=wang, purpose="拜访", created_at=at(1, 8))
    return reps


def rows_by(data: review.ReviewData) -> dict[tuple[str, str, str], review.ReviewRow]:
    return {(r.rep_name, r.kind, r.period.code): r for r in data.rows}


def test_a_week_of_the_team_with_each_status(store: Store, team: dict[str, uuid.UUID]) -> None:
    now = at(2, 21)  # Wednesday 21:00: Monday's to Wednesday's daily reports are due
    data = review.review_data(store, WEEK, now=now, tz=SHANGHAI)
    rows = rows_by(data)
    assert {r.rep_name for r in data.rows} == {"张伟", "李娜", "王强"}  # reps only, not me
    assert rows["张伟", "daily", "2026-11-16"].status == ReviewStatus.ON_TIME
    assert rows["李娜", "daily", "2026-11-16"].status == ReviewStatus.LATE
    # 李娜 has a draft for Tuesday, and she last synced at noon: before the 20:00 deadline
    tuesday = rows["李娜", "daily", "2026-11-17"]
    assert tuesday.status == ReviewStatus.NOT_RECEIVED and tuesday.has_draft
    # 王强 synced on Tuesday at 08:00: Monday's report would have come with it — missing;
    # Tuesday's deadline came after his last sync — not received (may be offline)
    assert rows["王强", "daily", "2026-11-16"].status == ReviewStatus.MISSING
    assert rows["王强", "daily", "2026-11-17"].status == ReviewStatus.NOT_RECEIVED
    assert rows["王强", "daily", "2026-11-16"].last_heard == at(1, 8)
    # nobody wrote Wednesday's yet; the weekly report is due on Friday
    assert rows["张伟", "daily", "2026-11-18"].status == ReviewStatus.NOT_RECEIVED
    assert rows["张伟", "weekly", "2026-W47"].status == ReviewStatus.PENDING
    assert ("张伟", "daily", "2026-11-19") not in rows  # Thursday has not begun
    assert data.kinds == ("daily", "weekly", "monthly")
    assert data.last_sync is None


def test_who_has_not_reported_by_the_deadline(store: Store, team: dict[str, uuid.UUID]) -> None:
    tuesday = Period.for_day(MONDAY + dt.timedelta(days=1))
    before = review.review_data(store, tuesday, now=at(1, 19, 59), tz=SHANGHAI)
    assert before.not_reported == []  # nothing is due before 20:00
    after = review.review_data(store, tuesday, now=at(1, 20, 1), tz=SHANGHAI)
    # 张伟 reported; 李娜 (a draft, last synced at noon) and 王强 (last synced at 08:00) may
    # have written it offline: not received yet
    assert [(r.rep_name, r.status, r.has_draft) for r in after.not_reported] == [
        ("李娜", ReviewStatus.NOT_RECEIVED, True),
        ("王强", ReviewStatus.NOT_RECEIVED, False),
    ]
    # 王强 syncs at 21:00 (a visit he made then arrives) without the report: missing
    customer = pulled(store, "customer", name="远航物流", owner_id=team["王强"])
    pulled(
        store,
        "visit",
        customer_id=customer,
        rep_id=team["王强"],
        purpose="回访",
        created_at=at(1, 21),
    )
    later = review.review_data(store, tuesday, now=at(1, 22), tz=SHANGHAI)
    assert [(r.rep_name, r.status) for r in later.not_reported] == [
        ("李娜", ReviewStatus.NOT_RECEIVED),
        ("王强", ReviewStatus.MISSING),
    ]
    # Monday: 李娜's report came in late (Tuesday 09:00) — late is reported, not missing
    monday = review.review_data(store, Period.for_day(MONDAY), now=at(1, 22), tz=SHANGHAI)
    assert [(r.rep_name, r.status) for r in monday.rows] == [
        ("张伟", ReviewStatus.ON_TIME),
        ("李娜", ReviewStatus.LATE),
        ("王强", ReviewStatus.MISSING),
    ]


def test_my_own_missing_report_is_missing_not_unknown(store: Store) -> None:
    """A local profile: the manager alone, whose copy holds all their own work."""
    data = review.review_data(store, Period.for_day(MONDAY), now=at(1, 9), tz=SHANGHAI)
    [row] = data.rows
    assert row.rep_id == store.profile.user_id
    assert row.status == ReviewStatus.MISSING


def test_a_weekend_report_someone_wrote_is_listed(store: Store, team: dict[str, uuid.UUID]) -> None:
    daily(store, team["张伟"], 5, status="submitted", submitted_at=at(5, 18))  # Saturday
    data = review.review_data(store, WEEK, now=at(7, 9), tz=SHANGHAI)
    saturday = [r for r in data.rows if r.period.code == "2026-11-21"]
    # only the rep who wrote one: nobody else is expected to report on a day off
    assert [(r.rep_name, r.status) for r in saturday] == [("张伟", ReviewStatus.ON_TIME)]
    assert not [r for r in data.rows if r.period.code == "2026-11-22"]


def test_review_as_manager_and_what_the_rep_sees(store: Store, team: dict[str, uuid.UUID]) -> None:
    manager = store.profile.user_id
    zhang = team["张伟"]
    [report] = [
        r for r in store.select(Report) if r.author_id == zhang and r.period_start == MONDAY
    ]
    outbox_before = store.outbox_count()
    read = review.mark_read(store, report.id, now=at(2, 9))
    assert read is not None and read.read_at == at(2, 9)
    assert review.mark_read(store, report.id, now=at(3, 9)).read_at == at(2, 9)  # type: ignore[union-attr]
    review.add_comment(store, report.id, "  客户需求写得很清楚，继续跟进。 ", now=at(2, 10))
    rated = review.rate_report(store, report.id, 4, now=at(2, 11))
    assert (rated.score, rated.reviewed_by, rated.reviewed_at) == (4, manager, at(2, 11))
    [comment] = store.select(ReportComment)
    assert (comment.report_id, comment.author_id, comment.body) == (
        report.id,
        manager,
        "客户需求写得很清楚，继续跟进。",
    )
    # every review write waits in the outbox for the next sync
    with store.engine.connect() as connection:
        entries = connection.execute(
            sa.select(OutboxEntry.entity, OutboxEntry.kind, OutboxEntry.fields).order_by(
                OutboxEntry.created_at
            )
        ).all()
    assert store.outbox_count() == outbox_before + 4
    assert [(e, k) for e, k, _f in entries[-4:]] == [
        ("report", "update"),
        ("report_comment", "create"),
        ("report", "update"),
        ("report", "update"),
    ]
    assert set(entries[-1][2]) == {"score", "reviewed_at"}  # reviewed_by: set by the comment

    # my pending review is not the rep's unsent work: their report is on the server
    mine = load_form(store, "daily", Period.for_day(MONDAY), report_id=report.id, tz=SHANGHAI)
    assert not mine.unsynced
    # the rep's laptop after a sync: the same rows; the report form shows the review
    become(store, "rep", zhang, "张伟")
    form = load_form(store, "daily", Period.for_day(MONDAY), report_id=report.id, tz=SHANGHAI)
    assert form.report is not None and form.report.score == 4
    assert form.report.read_at == at(2, 9)
    assert [(c.body, c.author_name) for c in form.comments] == [
        ("客户需求写得很清楚，继续跟进。", "本地用户")
    ]
    with pytest.raises(ValidationError) as refused:
        review.rate_report(store, report.id, 5)  # a rep cannot rate
    assert refused.value.errors["score"].code == "not_allowed"


def test_only_submitted_reports_are_reviewed(store: Store, team: dict[str, uuid.UUID]) -> None:
    [draft] = [r for r in store.select(Report) if r.status == "draft"]
    with pytest.raises(ValidationError) as refused:
        review.rate_report(store, draft.id, 3)
    assert refused.value.errors["status"].code == "not_submitted"
    with pytest.raises(ValidationError):
        review.add_comment(store, draft.id, "请尽快提交")
    assert review.mark_read(store, draft.id) == draft  # nothing to mark
    submitted = next(r for r in store.select(Report) if r.status == "submitted")
    with pytest.raises(ValidationError) as blank:
        review.add_comment(store, submitted.id, "   ")
    assert blank.value.errors["body"].code == "required"
    with pytest.raises(ValidationError):
        review.rate_report(store, submitted.id, 6)
    assert store.select(ReportComment) == []


def test_my_own_report_is_never_marked_read(store: Store) -> None:
    report = store.create(
        Report,
        kind="daily",
        period_start=MONDAY,
        period_end=MONDAY,
        status="submitted",
        submitted_at=at(0, 18),
    )
    assert review.mark_read(store, report.id) == report
    rated = review.rate_report(store, report.id, 5)  # a manager alone may rate their own
    assert rated.score == 5 and rated.read_at is None


def test_the_export_holds_the_weeks_submitted_reports(
    store: Store, team: dict[str, uuid.UUID]
) -> None:
    weekly = pulled(
        store,
        "report",
        author_id=team["张伟"],
        kind="weekly",
        period_start=MONDAY,
        period_end=MONDAY + dt.timedelta(days=6),
        status="submitted",
        submitted_at=at(4, 17),
        sections={"summary": "本周完成三单", "custom": "自定义内容"},
        figures={"visits": 12, "revenue_won": "88000.50"},
    )
    daily(store, team["张伟"], 7, status="submitted", submitted_at=at(7, 18))  # the next week
    exported = review.reports_for_export(store, WEEK, tz=SHANGHAI)
    assert [(e.author_name, e.kind, e.period.code) for e in exported] == [
        ("张伟", "daily", "2026-11-16"),
        ("张伟", "daily", "2026-11-17"),
        ("张伟", "weekly", "2026-W47"),
        ("李娜", "daily", "2026-11-16"),
    ]
    weekly_report = exported[2]
    assert weekly_report.report.id == weekly
    assert weekly_report.on_time is True and weekly_report.template_name == "周报"
    assert str(weekly_report.figures["revenue_won"]) == "88000.50"
    texts = {str(s.get("key")): t for s, t in weekly_report.section_texts()}
    assert texts["summary"] == "本周完成三单" and texts["custom"] == "自定义内容"
    assert texts["next_plan"] == ""
    assert exported[3].on_time is False


def test_a_visit_i_made_does_not_count_as_a_reps_sync(
    store: Store, team: dict[str, uuid.UUID]
) -> None:
    """Only rows from the server are evidence: my local rows never are."""
    wang = team["王强"]
    customer = pulled(store, "customer", name="新客户", owner_id=wang)
    store.create(Visit, customer_id=customer, purpose="陪访", planned_on=MONDAY)
    heard = review.last_heard(store, [wang])
    assert heard == {wang: at(1, 8)}
