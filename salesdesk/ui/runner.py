"""The one way to run work off the GUI thread.

Database work runs in order on a single worker thread; network work runs on
a small pool. Results and errors come back to the GUI thread through a Qt
signal, so callbacks may touch widgets; the work itself never does.

    runner.db(lambda: store.create(Customer, name=name), done=self._saved, failed=self._show)

Work nobody is waiting for (the status bar's counts, a filter's choices, the
reminders' background checks) goes in with ``idle=True``: it runs, in order
among itself, only when no other database work waits, so it never holds up
the list a user is waiting for. Idle work may run after work submitted later:
it reads, or writes only its own bookkeeping (a reminder's "already shown").
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
    """One worker thread running calls in order, with a second queue for idle work that
    runs only when the first is empty."""

    def __init__(self, name: str) -> None:
        self._queues: tuple[collections.deque[tuple[Future[Any], Callable[[], Any]]], ...] = (
            collections.deque(),
            collections.deque(),
        )
        self._wake = threading.Condition()
        self._closed = False
        self._thread = threading.Thread(target=self._serve, name=name, daemon=True)
        self._thread.start()

    def submit(self, call: Callable[[], Any], *, idle: bool = False) -> Future[Any]:
        future: Future[Any] = Future()
        with self._wake:
            if self._closed:
                raise RuntimeError("the database lane is shut down")
            self._queues[1 if idle else 0].append((future, call))
            self._wake.notify()
        return future

    def _serve(self) -> None:
        while True:
            with self._wake:
                while not self._closed and not any(self._queues):
                    self._wake.wait()
                if self._closed and not any(self._queues):
                    return
                future, call = (self._queues[0] or self._queues[1]).popleft()
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(call())
                except BaseException as exc:  # the call reports its own errors; keep serving
                    future.set_exception(exc)

    def shutdown(self) -> None:
        """Drop the calls not started yet and wait for the running one."""
        with self._wake:
            self._closed = True
            for queue in self._queues:
                while queue:
                    queue.popleft()[0].cancel()
            self._wake.notify()
        self._thread.join()


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
