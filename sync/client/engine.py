"""The sync engine: push the outbox, pull the server's changes, check the copy, repair it.

One sync (:func:`sync`), on the caller's (worker) thread:

1. **Sign in**: reuse this process's access token, or refresh the sign-in
   (refresh token from the keyring), or sign in with the password.
2. **Adopt** (first sync after signing in a local profile): pull the team's
   directory and configuration first, then make the local data the user's
   (``salesdesk.store.adopt``) in one transaction.
3. **Push** the outbox in batches (≤ 500 ops, ≈ 2 MB), oldest first, each op
   with its own op id and the installation's ``client_id``; every batch's
   answers are recorded in one transaction (``replica.record_push``). A
   replayed batch (answer lost, crash) gets the server's stored answers, so
   nothing is applied twice. A batch the server refuses as a whole (too large,
   malformed) is split until the one op at fault is found and kept as a
   rejection, so the queue never sticks.
4. **Pull** pages after the stored cursor until the server says there is no
   more; each page's rows and the new cursor commit in one transaction
   (``replica.apply_page``), so an interrupted sync resumes at the last page.
   The next page is fetched while the current one is written. ``reset``
   restarts from 0 (the self-check then drops what the server no longer has).
5. **Refetch** rows whose local values may differ from the server's at the
   same revision (after a conflict or a rejection), and remove rows that left
   scope once their pending edits are answered.
6. **Self-check**: compare ``/sync/summary`` (count and hash of (id, rev) per
   entity) with the local copy; for entities that differ, list the server's
   ids (``/sync/ids``), fetch what is missing or stale and drop what the
   server no longer has for this user (unless it has pending edits). A sync
   that changed nothing skips it when the last check passed at this cursor —
   a no-change sync is one request.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import queue
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import sqlalchemy as sa

from salesdesk import gc_policy
from salesdesk.domain.schema import format_datetime, utcnow
from salesdesk.store import adopt, replica
from salesdesk.store.database import StoreError, write_transaction
from salesdesk.store.store import Store
from salesdesk.store.tables import OutboxEntry
from sync import protocol
from sync.client import faults
from sync.client.account import Session, profile_lock, require_account
from sync.client.errors import ErrorKind, SyncCancelled, SyncError
from sync.client.http import ServerRefusedError, Transport
from sync.client.http import loads as http_loads
from sync.client.model import OpOutcome, Phase, SyncProgress, SyncResult

log = logging.getLogger(__name__)

PAGE_ROWS = int(os.environ.get("SALESDESK_SYNC_PAGE_ROWS", "") or 2000)
"""Rows per pull page (the server allows up to 5000). A page's JSON is read one change at a
time (``http.loads``), so its size does not lengthen the GUI's waits; larger pages save
requests and transactions, smaller ones re-download less after an interruption."""
PAGE_BYTES = protocol.DEFAULT_PAGE_BYTES
PUSH_BYTES = 2 * 1024 * 1024
"""About how many bytes of field values one push carries (the server's default limit is 48 MB)."""
CHECK_ROUNDS = 3

ProgressCallback = Callable[[SyncProgress], None]


def sync(
    store: Store,
    *,
    password: str | None = None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> SyncResult:
    """One sync of ``store`` (see the module docstring); raises SyncError."""
    lock = profile_lock(store)
    while not lock.acquire(timeout=0.2):  # another sync of this profile is running: wait
        if cancel is not None and cancel.is_set():
            raise SyncCancelled()
    try:
        try:
            # full collections walking the whole app were the GUI's longest stalls in a sync
            with gc_policy.young_collections_only():
                return Run(store, password, progress, cancel).run()
        except SyncCancelled:
            raise
        except SyncError as exc:
            _remember(store, exc)
            raise
        except StoreError as exc:
            error = SyncError(ErrorKind.LOCAL_DATA, f"The local data could not be written: {exc}")
            _remember(store, error)
            raise error from exc
        except Exception as exc:
            log.exception("sync failed")
            error = SyncError(ErrorKind.INTERNAL, detail=repr(exc))
            _remember(store, error)
            raise error from exc
    finally:
        lock.release()


def _remember(store: Store, error: SyncError) -> None:
    try:
        store.set_meta(
            "sync_error",
            {"kind": str(error.kind), "message": error.message, "at": format_datetime(utcnow())},
        )
    except (StoreError, sa.exc.SQLAlchemyError):
        log.exception("could not record the sync error")


def _checked_page(value: Any, cursor: int) -> protocol.PullPage:
    """A pull page's JSON as a :class:`protocol.PullPage` asked after ``cursor``: its changes
    in seq order after the cursor, removals of known entities, its cursor not behind them."""
    page = protocol.PullPage.from_json(value)
    last = cursor
    for change in page.changes:
        if change.seq <= last:
            raise protocol.ProtocolError("changes out of order")
        last = change.seq
        if change.op != "upsert" and change.entity not in replica.ENTITIES:
            raise protocol.ProtocolError(f"unknown entity {change.entity!r}")
    if not page.reset and page.cursor < last:
        raise protocol.ProtocolError("the page's cursor is behind its changes")
    return page


def _decode_changes(changes: Sequence[protocol.Change]) -> list[replica.Event]:
    """The changes of a checked page as row versions and removals (BadRowError if a row is
    not a valid row)."""
    events: list[replica.Event] = []
    for change in changes:
        if change.op == "upsert":
            assert change.row is not None
            events.append(replica.decode_row(change.entity, change.seq, change.id, change.row))
        else:
            events.append(replica.Removal(change.entity, change.id, change.seq))
    return events


_CONTINUATION = re.compile(rb',"cursor":(\d{1,19}),"more":(true|false),"reset":(true|false)\}\s*\Z')


def _continuation(body: bytes) -> tuple[int, bool, bool] | None:
    """(cursor, more, reset) from the end of a pull page's body as the server writes it
    (``protocol.page_json``), or None when it does not end that way. Only a guide for
    fetching the next page: the page is checked when read (``Run.read_page``)."""
    found = _CONTINUATION.search(body, max(0, len(body) - 100))
    if found is None:
        return None
    return int(found[1]), found[2] == b"true", found[3] == b"true"


class _Restart(Exception):  # noqa: N818  (internal signal)
    """Pull again from the stored cursor (reset by the server, or moved by another process)."""


class Run:
    """The state of one sync."""

    def __init__(
        self,
        store: Store,
        password: str | None,
        progress: ProgressCallback | None,
        cancel: threading.Event | None,
    ) -> None:
        self.store = store
        self.account = require_account(store)
        self.progress = progress
        self.cancel = cancel
        self.transport = Transport(self.account.url, cancel=cancel)
        self.session = Session(store, self.transport, self.account, password)
        self.outcomes: list[OpOutcome] = []
        self.applied = self.conflicts = self.rejections = 0
        self.pulled = self.removed = self.repaired = self.page_count = 0
        self.checked = False
        self.last_summary: protocol.Summary | None = None

    # ---- the whole sync ----------------------------------------------------------------------
    def run(self) -> SyncResult:
        started = time.monotonic()
        try:
            self.report(Phase.SIGN_IN, 0, None)
            self.session.start()
            if self.store.get_meta(adopt.ADOPT_KEY):
                self.pull()
                self.adopt()
            self.push()
            self.pull()
            self.follow_profile()
            self.refetch_stale()
            self.removed += replica.flush_pending_removals(self.store)
            self.check()
            with write_transaction(self.store.engine) as connection:
                self.store.set_meta("last_sync", format_datetime(utcnow()), connection)
                self.store.set_meta("sync_error", None, connection)
        finally:
            self.transport.close()
        return SyncResult(
            pushed=len(self.outcomes),
            applied=self.applied,
            conflicts=self.conflicts,
            rejections=self.rejections,
            pulled=self.pulled,
            removed=self.removed,
            repaired=self.repaired,
            pages=self.page_count,
            requests=self.transport.requests,
            cursor=replica.cursor(self.store),
            checked=self.checked,
            seconds=time.monotonic() - started,
            outcomes=tuple(self.outcomes),
        )

    def report(self, phase: Phase, done: int, total: int | None) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise SyncCancelled()
        if self.progress is None:
            return
        try:
            self.progress(SyncProgress(phase, done, total))
        except Exception:  # a broken progress display must not stop the sync
            log.exception("the progress callback failed")

    # ---- adopting a local profile's data -------------------------------------------------------
    def adopt(self) -> None:
        marker = self.store.get_meta(adopt.ADOPT_KEY)
        profile = self.store.profile
        with replica.sync_transaction(self.store) as connection:
            adopted = adopt.adopt(
                connection,
                old_user=uuid.UUID(marker["user_id"]),
                old_team=uuid.UUID(marker["team_id"]) if marker.get("team_id") else None,
                new_user=profile.user_id,
                new_team=profile.team_id,
            )
            replica.write_meta(connection, adopt.ADOPT_KEY, None)
            faults.point("adopt:applying")
        log.info(
            "adopted the local data: %d rows and %d pending changes rewritten, %s mapped, "
            "%d local defaults kept as new rows",
            adopted.rows,
            adopted.ops,
            adopted.mapped,
            adopted.pushed_as_new,
        )
        self.store.notify(adopted.changes)

    # ---- push --------------------------------------------------------------------------------
    def push(self) -> None:
        upto = replica.last_outbox_seq(self.store)
        if not upto:
            return
        with self.store.engine.connect() as connection:
            total = connection.execute(
                sa.select(sa.func.count()).select_from(OutboxEntry).where(OutboxEntry.seq <= upto)
            ).scalar_one()
        after = done = 0
        max_ops, max_bytes = protocol.MAX_OPS_PER_PUSH, PUSH_BYTES
        self.report(Phase.PUSH, 0, total)
        while True:
            batch = replica.outbox_batch(
                self.store, after=after, upto=upto, max_ops=max_ops, max_bytes=max_bytes
            )
            if not batch:
                return
            try:
                answers = self.send(batch)
            except ServerRefusedError as exc:
                if exc.status not in (413, 422):
                    raise
                if len(batch) > 1:  # find the op the server cannot take: halve the batch
                    max_ops = max(1, len(batch) // 2)
                    max_bytes = max(1, sum(op.size for op in batch) // 2)
                    continue
                log.warning("the server refused op %s as a whole: %s", batch[0].op_id, exc.detail)
                answers = [
                    replica.Answer(
                        batch[0].op_id,
                        "rejected",
                        None,
                        code="too_large" if exc.status == 413 else "invalid",
                        message=exc.server_message or exc.message,
                    )
                ]
            recorded = replica.record_push(self.store, batch, answers)
            faults.point("push:recorded")
            self.conflicts += recorded.conflicts
            self.rejections += recorded.rejections
            self.removed += recorded.removed
            for op, answer in zip(batch, answers, strict=True):
                self.outcomes.append(
                    OpOutcome(
                        op.op_id,
                        op.entity,
                        op.row_id,
                        op.kind,
                        answer.status,
                        answer.seq,
                        answer.code,
                    )
                )
                if answer.status in ("applied", "merged"):
                    self.applied += 1
            after = batch[-1].seq
            done += len(batch)
            max_ops, max_bytes = protocol.MAX_OPS_PER_PUSH, PUSH_BYTES
            self.report(Phase.PUSH, done, total)

    def send(self, batch: Sequence[replica.OutboxOp]) -> list[replica.Answer]:
        request = protocol.PushRequest(
            ops=tuple(
                protocol.Op(
                    op.op_id, op.entity, op.row_id, op.kind, op.base_rev, op.fields, op.created_at
                )
                for op in batch
            ),
            client_id=self.account.client_id,
        )
        expected = [op.op_id for op in batch]

        def parse(value: Any) -> protocol.PushResponse:
            response = protocol.PushResponse.from_json(value)
            if [r.op_id for r in response.results] != expected:
                raise protocol.ProtocolError("the answers do not match the ops sent")
            return response

        faults.point("push:sending")
        response: protocol.PushResponse = self.transport.call(
            "POST", "/sync/push", body=request.to_json(), parse=parse
        )
        faults.point("push:answered")
        return [
            replica.Answer(
                r.op_id,
                r.status,
                r.seq,
                r.code,
                r.message,
                tuple((c.field, c.mine, c.theirs, c.their_user, c.their_at) for c in r.conflicts),
            )
            for r in response.results
        ]

    # ---- pull --------------------------------------------------------------------------------
    def pull(self) -> None:
        for _ in range(4):
            start = replica.cursor(self.store)
            total = self.territory_size() if start == 0 else None
            done = 0
            try:
                for asked, fetched, followed in self.pages(start):
                    page, events, diverged = self.read_page(asked, fetched, followed)
                    if page.reset:
                        log.warning(
                            "the server cannot continue from cursor %d: pulling anew", asked
                        )
                        replica.begin_reset(self.store)
                        raise _Restart
                    faults.point("pull:fetched")
                    gc_policy.settle()  # the decoded rows live until written: out of the way
                    applied = replica.apply_page(
                        self.store,
                        events,
                        new_cursor=page.cursor,
                        expect_cursor=asked,
                        before_commit=lambda: faults.point("pull:applying"),
                    )
                    faults.point("pull:applied")
                    count = len(events)
                    del page, fetched, events  # freed before the collector is settled
                    gc_policy.settle()
                    self.page_count += 1
                    self.pulled += count
                    self.removed += applied.removed
                    done += count
                    self.report(Phase.PULL, done, max(total, done) if total else None)
                    if diverged:  # the pages fetched after the damaged one followed its cursor
                        raise _Restart
                return
            except (_Restart, replica.CursorMoved) as exc:
                log.info("pulling again from the stored cursor: %s", exc)
        log.warning("the pull kept being restarted; the next sync continues it")

    def read_page(
        self, asked: int, fetched: bytes | protocol.PullPage, followed: tuple[int, bool, bool]
    ) -> tuple[protocol.PullPage, list[replica.Event], bool]:
        """(page, its decoded rows, whether the pages fetched after it went astray).

        An answer that does not parse, is not a valid page or holds a row that does not
        decode was damaged: the page is fetched again with the whole check inside the
        retries (``fetch_page``), as any damaged answer is. The pages fetched after it
        followed the continuation (cursor, more, reset) the helper read from its end: they
        stand only if the page read here ends the same way."""
        try:
            if isinstance(fetched, bytes):
                fetched = _checked_page(http_loads(fetched), asked)
            page, events = fetched, _decode_changes(fetched.changes)
        except (protocol.ProtocolError, ValueError, TypeError, KeyError) as exc:
            log.info("GET /sync/pull: %s; fetching the page again", exc)
            page, events = self.fetch_page(asked)
        return page, events, (page.cursor, page.more, page.reset) != followed

    def territory_size(self) -> int | None:
        """How many rows a first pull brings (for the progress bar)."""
        summary = self.summary()
        return sum(s.count for s in summary.entities.values())

    def summary(self) -> protocol.Summary:
        """The server's ``/sync/summary`` now. The latest one is kept: the self-check uses it
        instead of asking again when the server's cursor has not moved since (a summary is
        the same whenever it is made at the same cursor: changes only add seqs after it)."""
        summary: protocol.Summary = self.transport.call(
            "GET", "/sync/summary", parse=protocol.Summary.from_json
        )
        self.last_summary = summary
        return summary

    def fetch_page(
        self, cursor: int, limit: int | None = None
    ) -> tuple[protocol.PullPage, list[replica.Event]]:
        """One pull page after ``cursor``, parsed and decoded (a damaged one is fetched again)."""

        def parse(value: Any) -> tuple[protocol.PullPage, list[replica.Event]]:
            page = _checked_page(value, cursor)
            return page, _decode_changes(page.changes)

        result: tuple[protocol.PullPage, list[replica.Event]] = self.transport.call(
            "GET", "/sync/pull", params=self._pull_params(cursor, limit), parse=parse
        )
        return result

    def fetch_page_undecoded(self, cursor: int) -> protocol.PullPage:
        """One pull page after ``cursor``, parsed and checked but its rows not decoded yet
        (the pull decodes them on its own thread: :meth:`decode_page`)."""
        page: protocol.PullPage = self.transport.call(
            "GET",
            "/sync/pull",
            params=self._pull_params(cursor, None),
            parse=lambda value: _checked_page(value, cursor),
        )
        return page

    @staticmethod
    def _pull_params(cursor: int, limit: int | None) -> dict[str, Any]:
        return {"cursor": cursor, "limit": limit or PAGE_ROWS, "max_bytes": PAGE_BYTES}

    def pages(
        self, start: int
    ) -> Iterator[tuple[int, bytes | protocol.PullPage, tuple[int, bool, bool]]]:
        """(cursor asked, the page, the continuation followed) from ``start`` until the server
        has no more.

        A helper thread fetches the pages one after the other, so the server works on the
        next page while the caller reads, decodes and writes the current one. The helper only
        fetches: it takes the next cursor (and ``more``, ``reset``) from the end of the body,
        where the server writes them, and hands over the body as it came (bytes); all the
        Python work happens on the caller's thread, so the two threads do not take turns
        with the interpreter lock in the middle of SQLite's work. A body that does not end
        as expected is read by the helper (a PullPage, fetched again if damaged). The caller
        checks that the page it reads continues where the helper went on
        (:meth:`read_page`). At most one page waits (bounded memory). Errors of the helper
        are raised here, in order.
        """
        box: queue.Queue[
            tuple[int, bytes | protocol.PullPage, tuple[int, bool, bool]] | BaseException | None
        ]
        box = queue.Queue(maxsize=1)
        stop = threading.Event()

        def fetch_all() -> None:
            cursor = start
            try:
                while not stop.is_set():
                    body: bytes = self.transport.call(
                        "GET", "/sync/pull", params=self._pull_params(cursor, None), raw=True
                    )
                    fetched: bytes | protocol.PullPage = body
                    followed = _continuation(body)
                    if followed is None:  # not the usual ending: read the page here
                        try:
                            page = _checked_page(http_loads(body), cursor)
                        except (protocol.ProtocolError, ValueError, TypeError, KeyError):
                            page = self.fetch_page_undecoded(cursor)
                        fetched, followed = page, (page.cursor, page.more, page.reset)
                    box.put((cursor, fetched, followed))
                    next_cursor, more, reset = followed
                    if reset or not more:
                        break
                    cursor = next_cursor
                box.put(None)
            except BaseException as exc:  # handed to the consumer, raised there
                box.put(exc)

        helper = threading.Thread(target=fetch_all, name="salesdesk-pull", daemon=True)
        helper.start()
        try:
            while True:
                item = box.get()
                if item is None:
                    return
                if isinstance(item, BaseException):
                    raise item
                yield item
                if item[2][2]:  # reset
                    return
        finally:
            stop.set()
            while helper.is_alive():  # unblock a helper waiting to hand over a page
                with contextlib.suppress(queue.Empty):
                    box.get(timeout=0.05)
            helper.join()

    def follow_profile(self) -> None:
        """The signed-in user's own row came with the pull: a new team, role or name on the
        server becomes the profile's (the app reads who is signed in from the profile)."""
        profile = self.store.profile
        me = self.store.get("user", profile.user_id)
        if me is None:
            return
        team_id = getattr(me, "team_id", None)
        changed = dataclasses.replace(
            profile,
            team_id=team_id,
            role=getattr(me, "role", profile.role),
            display_name=getattr(me, "display_name", profile.display_name),
        )
        if changed != profile:
            log.info("the server changed this user: %s", changed)
            self.store.set_meta("profile", changed.to_json())

    # ---- refetching rows the server may hold differently ------------------------------------
    def refetch_stale(self) -> None:
        stale = replica.stale_rows(self.store)
        if stale:
            versions = self.fetch({row_id: rev for row_id, (_, rev) in stale.items()})
            replica.apply_versions(self.store, versions)
            self.repaired += len(versions)
        self.store.set_meta(replica.STALE_KEY, None)

    def fetch(self, wanted: dict[uuid.UUID, int]) -> list[replica.RowVersion]:
        """The server's current versions of rows known by (id, seq); rows that changed since or
        left this user's scope are left out (the pull and the self-check deal with them)."""
        order = sorted(wanted.items(), key=lambda item: item[1])
        found: dict[uuid.UUID, replica.RowVersion] = {}
        index = 0
        while index < len(order):
            seq = order[index][1]
            limit = max(1, min(PAGE_ROWS, len(order) - index))
            page, events = self.fetch_page(seq - 1, limit)
            last = seq
            for event in events:
                last = event.seq
                if isinstance(event, replica.RowVersion) and event.id in wanted:
                    found.setdefault(event.id, event)
            while index < len(order) and order[index][1] <= last:
                index += 1
            if not page.more:
                break
        return list(found.values())

    # ---- self-check --------------------------------------------------------------------------
    def check(self) -> None:
        store = self.store
        at = replica.cursor(store)
        if (
            not self.outcomes
            and not self.pulled
            and not self.repaired
            and store.get_meta("sync_checked") == at
        ):
            self.checked = True  # nothing changed since the last check passed
            return
        for round_ in range(CHECK_ROUNDS):
            self.report(Phase.CHECK, round_, CHECK_ROUNDS)
            at = replica.cursor(store)
            kept, self.last_summary = self.last_summary, None
            # A first pull starts with a summary (for the progress bar); when the pull ended at
            # its cursor, that is the summary the check would get: it is not asked for again.
            summary = kept if kept is not None and kept.cursor == at else self.summary()
            at = replica.cursor(store)
            if summary.cursor > at:  # changes arrived meanwhile: catch up first
                self.pull()
                continue
            if summary.cursor < at:  # the server went back (restored): the next pull resets
                return
            mine = {
                name: protocol.summarize(pairs)
                for name, pairs in replica.local_text_pairs(store).items()
            }
            empty = protocol.summarize([])
            differing = sorted(
                name
                for name in set(mine) | set(summary.entities)
                if mine.get(name, empty) != summary.entities.get(name, empty)
            )
            if not differing:
                store.set_meta("sync_checked", at)
                self.checked = True
                return
            log.warning("the local copy differs from the server's in %s: repairing", differing)
            faults.point("check:repairing")
            for name in differing:
                self.repair(name)
        log.warning("the self-check did not settle; the next sync checks again")

    def repair(self, entity: str) -> None:
        server: dict[uuid.UUID, int] = {}
        after: uuid.UUID | None = None
        while True:
            params: dict[str, Any] = {"entity": entity, "limit": protocol.MAX_ID_ROWS}
            if after is not None:
                params["after"] = str(after)
            page: protocol.IdPage = self.transport.call(
                "GET", "/sync/ids", params=params, parse=protocol.IdPage.from_json
            )
            server.update(page.rows)
            if not page.more or not page.rows:
                break
            after = page.rows[-1][0]
        local = replica.local_ids(self.store, entity)
        wanted = {row_id: seq for row_id, seq in server.items() if local.get(row_id) != seq}
        extra = [row_id for row_id in local if row_id not in server]
        versions = self.fetch(wanted)
        replica.apply_versions(self.store, versions)
        dropped = replica.drop_rows(self.store, entity, extra)
        self.repaired += len(versions) + dropped
        log.warning("repaired %s: %d rows fetched, %d dropped", entity, len(versions), dropped)
