"""The runner: database work in order on one thread, idle reads after it, results on the GUI
thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from salesdesk.ui.runner import Runner


@pytest.fixture
def runner() -> Iterator[Runner]:
    made = Runner()
    yield made
    made.shutdown()


def test_idle_work_waits_for_the_work_queued_after_it(qtbot: QtBot, runner: Runner) -> None:
    gate = threading.Event()
    order: list[str] = []
    runner.db(gate.wait)  # holds the database thread while the rest is queued
    runner.db(lambda: "status", done=order.append, idle=True)
    runner.db(lambda: "first list", done=order.append)
    runner.db(lambda: "regions", done=order.append, idle=True)
    runner.db(lambda: "second list", done=order.append)
    gate.set()
    qtbot.waitUntil(lambda: len(order) == 4)
    assert order == ["first list", "second list", "status", "regions"]


def test_work_runs_off_the_gui_thread_and_reports_on_it(qtbot: QtBot, runner: Runner) -> None:
    threads: list[str] = []
    failures: list[BaseException] = []

    def work() -> str:
        return threading.current_thread().name

    runner.db(work, done=threads.append)
    runner.db(lambda: 1 / 0, failed=failures.append, idle=True)
    qtbot.waitUntil(lambda: len(threads) == 1 and len(failures) == 1)
    assert threads[0] != threading.current_thread().name
    assert isinstance(failures[0], ZeroDivisionError)
    assert not runner.busy


def test_shutdown_drops_queued_work_and_later_submissions(qtbot: QtBot, runner: Runner) -> None:
    gate = threading.Event()
    ran: list[str] = []
    runner.db(lambda: gate.wait(5))
    runner.db(lambda: ran.append("queued"))
    runner.db(lambda: ran.append("idle"), idle=True)
    threading.Timer(0.05, gate.set).start()
    runner.shutdown()
    late = runner.db(lambda: ran.append("late"))
    assert late.cancelled
    assert ran == []


def test_work_submitted_while_idle_work_runs_does_not_wait_for_it(
    qtbot: QtBot, runner: Runner
) -> None:
    gate = threading.Event()
    started = threading.Event()
    order: list[str] = []

    def slow_check() -> str:
        started.set()
        gate.wait(5)
        return "reminder check"

    runner.db(slow_check, done=order.append, idle=True)
    assert started.wait(5)
    runner.db(lambda: "search", done=order.append)
    qtbot.waitUntil(lambda: order == ["search"])  # while the idle work is still under way
    gate.set()
    qtbot.waitUntil(lambda: order == ["search", "reminder check"])
