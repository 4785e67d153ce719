"""A real TCP proxy on loopback that damages HTTP exchanges on purpose (for the fault tests).

Clients talk to the proxy; the proxy forwards each request to the server on a
new upstream connection (``Connection: close`` both ways, so every exchange
is one request and one answer) and, per request, applies one fault chosen by
its ``plan``:

* ``pass`` — forward as is;
* ``drop_request`` — close the client's connection without forwarding;
* ``drop_response`` — forward (the server applies it), then close without answering;
* ``duplicate`` — send the request to the server twice, answer with the second reply;
* ``delay`` — wait ``delay`` seconds before answering (longer than the client's read
  timeout: a timeout after the server applied the request);
* ``truncate`` — answer with the reply cut at a random byte, then close;
* ``garble`` — answer with the body replaced by bytes that are not JSON (same length);
* ``damage_row`` — answer with the first row's ``deleted`` made a string: still JSON and
  still a pull page, but a row that is not valid (an answer damaged at a lucky place).

``upstream`` may change while running (a server restarted on another port);
while it is None every connection is refused by closing it at once.
"""

from __future__ import annotations

import contextlib
import gzip
import random
import re
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable

FAULTS = (
    "pass",
    "drop_request",
    "drop_response",
    "duplicate",
    "delay",
    "truncate",
    "garble",
    "damage_row",
)
Plan = Callable[[str, str], str]  # (method, path) -> fault


def random_plan(seed: int, weights: dict[str, float]) -> Plan:
    """A plan choosing faults at random with these weights (the rest passes)."""
    chooser = random.Random(seed)
    names = list(weights)
    values = [weights[n] for n in names]
    rest = max(0.0, 1.0 - sum(values))

    def plan(_method: str, _path: str) -> str:
        return chooser.choices([*names, "pass"], [*values, rest])[0]

    return plan


def passing(_method: str, _path: str) -> str:
    return "pass"


class FaultProxy:
    def __init__(self, upstream: int | None, plan: Plan = passing, *, delay: float = 3.0) -> None:
        self.upstream = upstream
        self.plan = plan
        self.delay = delay
        self.seen: Counter[str] = Counter()
        self.log: list[tuple[str, str, str]] = []
        self._random = random.Random(7)
        self._lock = threading.Lock()
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port: int = self._listener.getsockname()[1]
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._accept, name="fault-proxy", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self._closed.set()
        with contextlib.suppress(OSError):
            self._listener.close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ---- serving -----------------------------------------------------------------------------
    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        with connection:
            connection.settimeout(30)
            try:
                request = _read_request(connection)
            except (OSError, ValueError):
                return
            if request is None:
                return
            upstream = self.upstream
            if upstream is None:
                return
            method, path = _request_line(request)
            fault = self.plan(method, path)
            with self._lock:
                self.seen[fault] += 1
                self.log.append((method, path, fault))
            try:
                self._answer(connection, upstream, request, fault)
            except OSError:
                return

    def _answer(self, connection: socket.socket, upstream: int, request: bytes, fault: str) -> None:
        if fault == "drop_request":
            return
        reply = _forward(upstream, request)
        if fault == "duplicate":
            reply = _forward(upstream, request)
        if fault == "drop_response":
            return
        if fault == "delay":
            time.sleep(self.delay)
        elif fault == "truncate":
            with self._lock:
                cut = self._random.randrange(1, max(2, len(reply)))
            reply = reply[:cut]
        elif fault == "garble":
            head, sep, body = reply.partition(b"\r\n\r\n")
            reply = head + sep + bytes(b"#" * len(body))
        elif fault == "damage_row":
            reply = _damage_first_row(reply)
        connection.sendall(reply)


def _damage_first_row(reply: bytes) -> bytes:
    head, sep, body = reply.partition(b"\r\n\r\n")
    gzipped = re.search(rb"(?im)^content-encoding:\s*gzip", head) is not None
    text = gzip.decompress(body) if gzipped else body
    text = text.replace(b'"deleted":false', b'"deleted":"no"', 1)
    body = gzip.compress(text) if gzipped else text
    head = re.sub(rb"(?im)^content-length:[^\r\n]*", b"Content-Length: %d" % len(body), head)
    return head + sep + body


def _read_request(connection: socket.socket) -> bytes | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    match = re.search(rb"(?im)^content-length:\s*(\d+)\s*$", head)
    length = int(match.group(1)) if match else 0
    while len(body) < length:
        chunk = connection.recv(65536)
        if not chunk:
            return None
        body += chunk
    head = re.sub(rb"(?im)^connection:.*\r\n?", b"", head + b"\r\n").rstrip(b"\r\n")
    return head + b"\r\nConnection: close\r\n\r\n" + body


def _request_line(request: bytes) -> tuple[str, str]:
    line = request.split(b"\r\n", 1)[0].decode("latin-1")
    parts = line.split(" ")
    return (parts[0], parts[1].split("?")[0]) if len(parts) >= 2 else ("", "")


def _forward(upstream: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", upstream), timeout=60) as server:
        server.sendall(request)
        chunks = []
        while True:
            chunk = server.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)
