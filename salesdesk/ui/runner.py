"""The one way to run work off the GUI thread.

Database work runs in order on a single worker thread; network work runs on
a small pool. Results and errors come back to the GUI thread through a Qt
signal, so callbacks may touch widgets; the work itself never does.

    runner.db(lambda: store.create(Customer, name=name), done=self._saved, failed=self._show)

Work nobody is waiting for (the status bar's counts, a filter's choices, the
reminders' background checks) goes in with ``idle=True``: it runs in order
among itself on a second thread, each piece starting only when no other
database work is queued or running, and once started it does not hold up work
submitted after it (SQLite in WAL mode reads beside a writer). Idle work may
run after or beside work submitted later: it reads, or writes only its own
bookkeeping (a reminder's "already shown").
"""

from __future__ import annotations

import collections
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)
T = TypeVar("T")
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class Ticket:
    """A handle on submitted work: ``cancel()`` drops its callbacks (the work may still run)."""

    def __init__(self) -> None:
        self.cancelled = False
        self.future: Future[Any] | None = None

    def cancel(self) -> None:
        self.cancelled = True


class DatabaseLane:
    """Database work in order on one thread, and idle work in order on a second thread that
    starts a call only while the first has nothing queued or running (so a call submitted
    later never waits for idle work already under way)."""

    def __init__(self, name: str) -> None:
        self._queues: tuple[collections.deque[tuple[Future[Any], Callable[[], Any]]], ...] = (
            collections.deque(),
            collections.deque(),
        )
        self._wake = threading.Condition()
        self._closed = False
        self._busy = False  # the first thread is running a call
        self._threads = [
            threading.Thread(target=self._serve, args=(0,), name=name, daemon=True),
            threading.Thread(target=self._serve, args=(1,), name=f"{name}-idle", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, call: Callable[[], Any], *, idle: bool = False) -> Future[Any]:
        future: Future[Any] = Future()
        with self._wake:
            if self._closed:
                raise RuntimeError("the database lane is shut down")
            self._queues[1 if idle else 0].append((future, call))
            self._wake.notify_all()
        return future

    def _ready(self, lane: int) -> bool:
        if not self._queues[lane]:
            return False
        return lane == 0 or not (self._busy or self._queues[0])

    def _serve(self, lane: int) -> None:
        while True:
            with self._wake:
                while not self._closed and not self._ready(lane):
                    self._wake.wait()
                if self._closed:
                    return
                future, call = self._queues[lane].popleft()
                if lane == 0:
                    self._busy = True
            try:
                if future.set_running_or_notify_cancel():
                    try:
                        future.set_result(call())
                    except BaseException as exc:  # the call reports its own errors
                        future.set_exception(exc)
            finally:
                if lane == 0:
                    with self._wake:
                        self._busy = False
                        self._wake.notify_all()

    def shutdown(self) -> None:
        """Drop the calls not started yet and wait for the running ones."""
        with self._wake:
            self._closed = True
            for queue in self._queues:
                while queue:
                    queue.popleft()[0].cancel()
            self._wake.notify_all()
        for thread in self._threads:
            thread.join()


class Runner(QObject):
    """Runs callables on worker threads and delivers their outcome on the GUI thread."""

    _sig_finished = Signal(object, object, object, object)  # ticket, callback, value, is_error

    def __init__(self, parent: QObject | None = None, *, network_workers: int = 3) -> None:
        super().__init__(parent)
        self._db = DatabaseLane("salesdesk-db")
        self._net = ThreadPoolExecutor(
            max_workers=network_workers, thread_name_prefix="salesdesk-net"
        )
        self._pending = 0
        self._closed = False
        self._lock = threading.Lock()
        self._sig_finished.connect(self._deliver)

    @property
    def busy(self) -> bool:
        with self._lock:
            return self._pending > 0

    def db(
        self,
        work: Callable[[], T],
        done: Done | None = None,
        failed: Failed | None = None,
        *,
        idle: bool = False,
    ) -> Ticket:
        """Run ``work`` on the database thread (in submission order); ``idle`` work waits
        until no other database work is queued (see the module's note)."""
        return self._submit(lambda call: self._db.submit(call, idle=idle), work, done, failed)

    def net(
        self, work: Callable[[], T], done: Done | None = None, failed: Failed | None = None
    ) -> Ticket:
        """Run ``work`` on the network pool."""
        return self._submit(self._net.submit, work, done, failed)

    def _submit(
        self,
        start: Callable[[Callable[[], None]], Future[Any]],
        work: Callable[[], Any],
        done: Done | None,
        failed: Failed | None,
    ) -> Ticket:
        ticket = Ticket()
        with self._lock:
            if self._closed:  # the app is closing: late work (a timer's) is dropped
                ticket.cancelled = True
                return ticket
            self._pending += 1

        def call() -> None:
            try:
                value = work()
            except BaseException as exc:  # delivered to `failed`, or logged as a bug
                self._sig_finished.emit(ticket, failed, exc, True)
            else:
                self._sig_finished.emit(ticket, done, value, False)

        ticket.future = start(call)
        return ticket

    @Slot(object, object, object, object)
    def _deliver(self, ticket: Ticket, callback: Any, value: Any, is_error: bool) -> None:
        with self._lock:
            self._pending -= 1
        if ticket.cancelled:
            return
        if callback is not None:
            callback(value)
        elif is_error:
            log.error("background task failed", exc_info=value)

    def shutdown(self) -> None:
        """Wait for running work to end (at application exit); later submissions are dropped."""
        with self._lock:
            self._closed = True
        self._db.shutdown()
        self._net.shutdown(wait=True, cancel_futures=True)
