"""The Review area driven as a manager: the team's week, who has not reported, reading (marks
read), rating and commenting, and the PDF export with real Chinese text."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from salesdesk.domain.entities import Report, ReportComment
from salesdesk.domain.periods import Period
from salesdesk.store import review as queries
from salesdesk.store.store import Store
from salesdesk.ui.main_window import MainWindow
from salesdesk.ui.review.page import ReviewPage, default_span
from salesdesk.ui.review.pdf import export_reports_pdf
from tests.report_helpers import add_user, local_at, pulled
from tests.ui.helpers import type_text

MONDAY = dt.date(2026, 11, 16)
WEEK = Period.for_week(2026, 47)


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def settle(qtbot: QtBot, page: ReviewPage) -> None:
    qtbot.wait(30)
    qtbot.waitUntil(lambda: not page.context.runner.busy and not page.busy, timeout=5000)


def at(page: ReviewPage, day: int, hour: int) -> dt.datetime:
    return local_at(MONDAY + dt.timedelta(days=day), hour, page.tz)


def report(store: Store, author: uuid.UUID, day: int, tz: Any, **values: Any) -> uuid.UUID:
    start = MONDAY + dt.timedelta(days=day)
    values.setdefault("created_at", local_at(start, 17, tz))
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
def team(store: Store, window: MainWindow) -> dict[str, uuid.UUID]:
    page = window.pages["review"]
    assert isinstance(page, ReviewPage)
    tz = page.tz
    reps = {name: add_user(store, name) for name in ("张伟", "李娜")}
    report(
        store,
        reps["张伟"],
        0,
        tz,
        status="submitted",
        submitted_at=local_at(MONDAY, 18, tz),
        sections={"summary": "拜访华信科技，确认了采购需求。", "next_plan": "周三提交报价"},
        figures={"visits": 3, "revenue_won": "12000.00"},
    )
    return reps


def open_page(qtbot: QtBot, window: MainWindow, day: int = 1, hour: int = 9) -> ReviewPage:
    page = window.pages["review"]
    assert isinstance(page, ReviewPage)
    now = at(page, day, hour)
    page.clock = lambda: now
    window.show_area("review")
    page.show_span(Period.for_day(MONDAY))
    settle(qtbot, page)
    return page


def texts(page: ReviewPage) -> list[tuple[str, str]]:
    model = page.model
    return [
        (str(model.data(model.index(r, 0))), str(model.data(model.index(r, 3))))
        for r in range(model.rowCount())
    ]


def test_the_manager_sees_who_reported_and_who_did_not(
    qtbot: QtBot, window: MainWindow, store: Store, team: dict[str, uuid.UUID]
) -> None:
    page = open_page(qtbot, window)
    assert texts(page) == [("张伟", "Submitted"), ("李娜", "Not received yet")]
    assert page.missing_box.title() == "Not reported by the deadline (1)"
    assert page.missing_list.text() == "李娜 — Daily report: 2026-11-16 (not received yet)"
    assert "1 of 2 reports due are in" in page.summary.text()
    assert "never synced" in page.sync_note.text()
    # 李娜 syncs after the deadline (a visit she made on Tuesday arrives): now it is missing
    customer = pulled(store, "customer", name="远航物流", owner_id=team["李娜"])
    pulled(
        store,
        "visit",
        customer_id=customer,
        rep_id=team["李娜"],
        purpose="回访",
        created_at=at(page, 1, 8),
    )
    qtbot.waitUntil(lambda: texts(page)[1] == ("李娜", "Not submitted"), timeout=5000)
    assert page.missing_list.text() == "李娜 — Daily report: 2026-11-16"
    # the filter shows only who has not reported
    page.status_filter.setCurrentIndex(page.status_filter.findData("not_reported"))
    assert texts(page) == [("李娜", "Not submitted")]
    page.select_row(0)
    assert page.right.currentWidget() is page.placeholder
    assert "李娜 has not written the Daily report" in page.placeholder.text()
    assert "synced since then" in page.placeholder.text()


def test_read_rate_and_comment_then_the_rep_sees_it(
    qtbot: QtBot, window: MainWindow, store: Store, team: dict[str, uuid.UUID]
) -> None:
    page = open_page(qtbot, window)
    [mine] = [r for r in store.select(Report) if r.author_id == team["张伟"]]
    assert page.model.data(page.model.index(0, 5)) == "Unread"
    page.select_row(0)
    qtbot.waitUntil(lambda: store.require(Report, mine.id).read_at is not None, timeout=5000)
    settle(qtbot, page)
    editor = page.editor
    assert editor.form is not None and editor.form.report is not None
    assert editor.form.report.id == mine.id and not editor.editable
    assert "拜访华信科技" in editor.sections["summary"].reading.text()
    assert editor.figure_text("revenue_won") == "¥12,000.00"
    assert page.model.data(page.model.index(0, 5)) == "Read"

    click(qtbot, page.panel.star_buttons[3])  # four stars
    qtbot.waitUntil(lambda: store.require(Report, mine.id).score == 4, timeout=5000)
    settle(qtbot, page)
    assert [b.text() for b in page.panel.star_buttons] == ["★", "★", "★", "★", "☆"]
    assert page.model.data(page.model.index(0, 6)) == "★★★★☆"

    assert not page.panel.add_button.isEnabled()  # nothing written yet
    type_text(qtbot, page.panel.comment, "需求很清楚，报价前先和我对一下价格。")
    click(qtbot, page.panel.add_button)
    qtbot.waitUntil(lambda: len(store.select(ReportComment)) == 1, timeout=5000)
    settle(qtbot, page)
    [comment] = store.select(ReportComment)
    assert comment.author_id == store.profile.user_id and comment.report_id == mine.id
    assert page.panel.comment.toPlainText() == ""
    assert "需求很清楚" in editor.comments.text()  # the rep's view of the review
    assert page.model.data(page.model.index(0, 7)) == "1"
    reviewed = store.require(Report, mine.id)
    assert reviewed.reviewed_by == store.profile.user_id and reviewed.reviewed_at is not None


def test_a_draft_cannot_be_rated(
    qtbot: QtBot, window: MainWindow, store: Store, team: dict[str, uuid.UUID]
) -> None:
    report(store, team["李娜"], 0, _tz(window), sections={"summary": "写了一半"})
    page = open_page(qtbot, window, day=0, hour=12)
    assert texts(page)[1] == ("李娜", "Not due yet (draft written)")
    page.select_row(1)
    settle(qtbot, page)
    assert not page.panel.star_buttons[0].isEnabled()
    assert not page.panel.comment.isEnabled()
    assert "Only a submitted report" in page.panel.hint.text()


def _tz(window: MainWindow) -> Any:
    page = window.pages["review"]
    assert isinstance(page, ReviewPage)
    return page.tz


def test_the_default_span_is_the_last_working_days_week() -> None:
    assert default_span(dt.date(2026, 11, 23)) == Period.for_week(2026, 47)  # a Monday
    assert default_span(dt.date(2026, 11, 24)) == Period.for_week(2026, 48)


# ---- PDF -----------------------------------------------------------------------------------------


def pdf_text(path: Path) -> str:
    """The PDF's text as a viewer extracts it (copy, search)."""
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.fail("pdftotext is needed to read the PDF's text: apt-get install poppler-utils")
    out = subprocess.run([tool, "-layout", str(path), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def test_a_weeks_reports_as_a_pdf_from_the_page(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    team: dict[str, uuid.UUID],
    tmp_path: Path,
) -> None:
    [first] = store.select(Report)
    queries.rate_report(store, first.id, 5)
    queries.add_comment(store, first.id, "很好，继续保持")
    pulled(
        store,
        "report",
        author_id=team["李娜"],
        kind="weekly",
        period_start=MONDAY,
        period_end=MONDAY + dt.timedelta(days=6),
        status="submitted",
        submitted_at=local_at(MONDAY + dt.timedelta(days=4), 17, _tz(window)),
        sections={"summary": "本周新签两家客户", "customer_feedback": "客户反映交货周期偏长"},
    )
    page = open_page(qtbot, window, day=7)
    page.show_span(WEEK)
    settle(qtbot, page)
    target = tmp_path / "团队汇报.pdf"
    page.choose_export_path = lambda: target  # type: ignore[method-assign]
    click(qtbot, page.export_button)
    qtbot.waitUntil(target.exists, timeout=8000)
    settle(qtbot, page)
    assert "2 reports" in window.notice.label.text()
    text = pdf_text(target)
    for expected in (
        "Team reports",
        "张伟",
        "拜访华信科技，确认了采购需求。",
        "周三提交报价",
        "¥12,000.00",
        "Score: ★★★★★ (5 of 5)",
        "很好，继续保持",
        "李娜",
        "本周新签两家客户",
        "客户反映交货周期偏长",
        "Weekly report",
    ):
        assert expected in text, expected
    assert text.index("张伟") < text.index("李娜")  # one report after another, by rep
    pages = len(re.findall(rb"/Type\s*/Page[^s]", target.read_bytes()))
    assert pages >= 2  # each rep starts a new page
    assert b"/MediaBox [0 0 595" in target.read_bytes()  # A4


def test_the_pdf_export_needs_no_window(store: Store, tmp_path: Path) -> None:
    """What the command line calls: the store, a file, a week."""
    me = store.profile.user_id
    store.create(
        Report,
        author_id=me,
        kind="daily",
        period_start=MONDAY,
        period_end=MONDAY,
        status="submitted",
        submitted_at=local_at(MONDAY, 18, dt.UTC),
        sections={"summary": "整理客户档案"},
    )
    store.create(Report, kind="daily", period_start=MONDAY + dt.timedelta(days=1))  # a draft
    target = tmp_path / "week.pdf"
    assert export_reports_pdf(store, target, WEEK) == 1
    text = pdf_text(target)
    # 户 and 用 share their glyphs with Kangxi radicals: the text must still say 客户, 用户
    assert "整理客户档案" in text and "本地用户" in text
    assert not any(0x2E80 <= ord(ch) < 0x2FE0 for ch in text)
    assert export_reports_pdf(store, tmp_path / "empty.pdf", Period.for_week(2026, 40)) == 0
    assert "No submitted reports" in pdf_text(tmp_path / "empty.pdf")
