"""The Leaderboard screen: a manager's live standings with gaps and the team goal, reloading
when data changes; a rep's server figures as of the last sync with their own work marked
provisional."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from salesdesk.domain.periods import Period
from salesdesk.store.store import Store
from salesdesk.ui.app import build_window, make_application
from salesdesk.ui.leaderboard.page import LeaderboardPage
from salesdesk.ui.main_window import MainWindow
from tests.test_store_figures import add_people, sell, server_figures, sign_in_as, target

NOVEMBER = Period.parse("2026-11")


def page_of(window: MainWindow) -> LeaderboardPage:
    page = window.pages["leaderboard"]
    assert isinstance(page, LeaderboardPage)
    return page


def wait_loaded(qtbot: QtBot, page: LeaderboardPage) -> None:
    qtbot.wait(30)
    qtbot.waitUntil(lambda: not page.loading and not page.context.runner.busy, timeout=5000)


def cells(page: LeaderboardPage) -> list[list[str]]:
    table = page.table
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]  # type: ignore[union-attr]
        for r in range(table.rowCount())
    ]


def open_board(qtbot: QtBot, window: MainWindow) -> LeaderboardPage:
    window.show_area("leaderboard")
    page = page_of(window)
    page.picker.set_value(NOVEMBER)
    wait_loaded(qtbot, page)
    return page


def test_a_manager_sees_ranks_gaps_and_the_team_goal(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    zhang, li = add_people(store, "张伟", "李娜")
    sell(store, zhang, "12000")
    sell(store, li, "30000")
    target(store, None, "100000")
    page = open_board(qtbot, window)

    rows = cells(page)
    assert [row[:3] for row in rows] == [
        ["1", "李娜", "¥30,000.00"],
        ["2", "张伟", "¥12,000.00"],
        ["", "Team total", "¥42,000.00"],
    ]
    assert rows[0][5] == "Leading"
    assert rows[1][5] == "¥18,000.01 to overtake #1"
    assert rows[2][3:5] == ["¥100,000.00", "42.00%"]
    assert page.goal_bar.isVisibleTo(page) and page.goal_bar.value() == 420
    shares = [page.shares.item(r, 2).text() for r in range(page.shares.rowCount())]  # type: ignore[union-attr]
    assert shares == ["71.4%", "28.6%"]
    assert "¥58,000.00 to go" in page.goal_text.text()

    # Another sale: the board reloads by itself and the ranks change.
    sell(store, zhang, "20000")
    wait_loaded(qtbot, page)
    assert [row[:3] for row in cells(page)][:2] == [
        ["1", "张伟", "¥32,000.00"],
        ["2", "李娜", "¥30,000.00"],
    ]

    # Another KPI: deals won (counts), no team goal for it.
    page.kpi.setCurrentIndex(page.kpi.findData("deals_won"))
    wait_loaded(qtbot, page)
    assert [row[:3] for row in cells(page)] == [
        ["1", "张伟", "2"],
        ["2", "李娜", "1"],
        ["", "Team total", "3"],
    ]
    assert not page.goal_bar.isVisibleTo(page) and "Targets" in page.goal_text.text()


@pytest.fixture
def rep_window(qtbot: QtBot, store: Store) -> Iterator[tuple[MainWindow, Store]]:
    """The app of a signed-in rep (张伟) whose last sync brought the team's figures."""
    me, li, wang = add_people(store, "张伟", "李娜", "王芳")
    sign_in_as(store, me, "张伟")
    server_figures(
        store,
        [
            {"user_id": li, "value": "30000", "rank": 1},
            {"user_id": wang, "value": "20000", "rank": 2},
            {"user_id": me, "value": "0", "rank": 3},
            {"user_id": None, "value": "50000", "target": "100000"},
        ],
    )
    make_application()
    main = build_window(store)
    qtbot.addWidget(main)
    main.resize(1280, 800)
    main.show()
    yield main, store
    main.context.runner.shutdown()
    main.context.bus.close()


def test_a_rep_sees_the_team_as_of_the_last_sync_and_their_own_work_as_provisional(
    qtbot: QtBot, rep_window: tuple[MainWindow, Store]
) -> None:
    window, store = rep_window
    assert "dashboard" not in window.pages, "the dashboard is for managers"
    page = open_board(qtbot, window)
    assert [row[:3] for row in cells(page)] == [
        ["1", "李娜", "¥30,000.00"],
        ["2", "王芳", "¥20,000.00"],
        ["3", "张伟 (me)", "¥0.00"],
        ["", "Team total", "¥50,000.00"],
    ]
    synced = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC).astimezone()
    assert page.as_of.text() == f"As of the last sync, {synced:%Y-%m-%d %H:%M}"
    assert page.note.isHidden()

    sell(store, store.profile.user_id, "25000")  # won offline: not synced yet
    wait_loaded(qtbot, page)
    rows = cells(page)
    assert [row[:3] for row in rows][:2] == [
        ["1", "李娜", "¥30,000.00"],
        ["2", "张伟 (me)", "¥25,000.00 *"],
    ]
    assert rows[1][5] == "¥5,000.01 to overtake #1"
    assert rows[-1][2] == "¥75,000.00"
    assert "not synced yet" in page.note.text() and page.note.isVisibleTo(page)
    tip = page.table.item(1, 2).toolTip()  # type: ignore[union-attr]
    assert "¥25,000.00" in tip
