"""No missed change: several server workers, concurrent pushers and a puller that sees all.

The server runs with several worker processes, and with a test-only delay
between allocating seqs and committing (``SALESDESK_DEBUG_WRITE_DELAY_MS``) so
that, were writers not serialised, commits would finish out of seq order and a
pull could jump over a change that commits late. A puller pulls small pages
all the while; it must see every created row exactly once, in seq order, and
end with exactly the server's state. ``SALESDESK_SOAK_SECONDS`` makes the run
longer (default: a few seconds).
"""

from __future__ import annotations

import os
import random
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.server.conftest import Client, Server, create, update

DURATION = float(os.environ.get("SALESDESK_SOAK_SECONDS", "6"))
PUSHERS = ("a1", "a2", "ma", "b1", "mb", "admin")


@pytest.mark.parametrize("workers", [3])
def test_a_puller_sees_every_change_exactly_once_while_workers_commit_concurrently(
    fresh: Server, workers: int
) -> None:
    fresh.start(workers=workers, SALESDESK_DEBUG_WRITE_DELAY_MS="15")
    # The first requests arrive at once, at every worker (they race to make the token secret).
    with ThreadPoolExecutor(len(PUSHERS) + 1) as pool:
        clients = list(pool.map(fresh.login, ("admin", *PUSHERS)))
    puller = clients[0]
    created: dict[uuid.UUID, int] = {}  # task id -> seq of its creation (never updated)
    edited: set[uuid.UUID] = set()
    lock = threading.Lock()
    failures: list[BaseException] = []
    stop = threading.Event()

    def push_loop(client: Client, seed: int) -> None:
        rng = random.Random(seed)
        mine: list[tuple[uuid.UUID, int]] = []
        try:
            while not stop.is_set():
                ops = [
                    create("task", None, title=f"t{rng.random():.6f}")
                    for _ in range(rng.randint(1, 4))
                ]
                customer = None
                if rng.random() < 0.5 and client.user["role"] != "admin":
                    customer = create("customer", None, name="并发客户", owner_id=client.user_id)
                    ops.append(customer)
                if mine and rng.random() < 0.5:
                    row_id, rev = rng.choice(mine)
                    ops.append(update("customer", row_id, rev, city=f"c{rng.randint(0, 9)}"))
                results = client.push(*ops)
                with lock:
                    for sent, result in zip(ops, results, strict=True):
                        assert result["status"] in ("applied", "merged"), result
                        row_id = uuid.UUID(sent["row_id"])
                        if sent["entity"] == "task":
                            created[row_id] = result["seq"]
                        else:
                            edited.add(row_id)
                if customer is not None:
                    mine.append((uuid.UUID(customer["row_id"]), results[-1]["seq"]))
        except BaseException as exc:  # reported by the main thread
            failures.append(exc)

    def pull_loop() -> None:
        try:
            while not stop.is_set():
                puller.sync(limit=25)
        except BaseException as exc:
            failures.append(exc)

    threads = [
        threading.Thread(target=push_loop, args=(client, n)) for n, client in enumerate(clients[1:])
    ]
    threads.append(threading.Thread(target=pull_loop))
    for thread in threads:
        thread.start()
    time.sleep(DURATION)
    stop.set()
    for thread in threads:
        thread.join(120)
    assert not failures, failures
    puller.sync(limit=25)

    assert len(created) > 50, "the run was too short to prove anything"
    seen = Counter((row_id, seq) for seq, _entity, row_id, op in puller.seen if op == "upsert")
    for row_id, seq in created.items():
        assert seen[(row_id, seq)] == 1, f"task {row_id} (seq {seq}) seen {seen[(row_id, seq)]}x"
    seqs = [seq for seq, *_ in puller.seen]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    assert edited <= set(puller.rows)
    puller.assert_converged()
    full = fresh.login("admin")
    full.sync()
    assert puller.rows == full.rows
