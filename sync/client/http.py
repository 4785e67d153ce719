"""HTTP to the sync server: one requests session, timeouts, retries with back-off, token refresh.

Every call sends the protocol version header and JSON, and parses the answer
strictly (``sync.protocol.loads``). Retries, with exponential back-off and
jitter, on connection errors and timeouts, on 5xx and 429 (honouring
``Retry-After``), and on answers that arrive damaged (cut short, bad gzip,
malformed JSON): a damaged answer is a retryable protocol problem, never a
crash and never half-applied (the caller applies only answers that parsed).
On 401 the access token is refreshed once through ``renew`` and the call
repeated. Failures end as :class:`~sync.client.errors.SyncError` in plain
words; :class:`ServerRefusedError` keeps the server's status and error code
for callers that act on them (sign-in, batch sizes).

Tunable for tests and slow links by environment variables (read at each
:class:`Transport`'s creation): ``SALESDESK_SYNC_TIMEOUT`` (read timeout,
seconds, default 60), ``SALESDESK_SYNC_ATTEMPTS`` (tries per request, default 6),
``SALESDESK_SYNC_BACKOFF`` (first back-off in seconds, default 0.5).
"""

from __future__ import annotations

import dataclasses
import email.utils
import json
import logging
import os
import random
import re
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

import requests

from salesdesk import __version__
from sync import protocol
from sync.client.errors import ErrorKind, SyncCancelled, SyncError

log = logging.getLogger(__name__)

CLIENT_VERSION = protocol.PROTOCOL_VERSION
"""The protocol version this client speaks (sent with every request)."""
CONNECT_TIMEOUT = 5.0


def _env_number(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, "") or default)
    except ValueError:
        return default


@dataclasses.dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently a request is retried."""

    attempts: int = 6  # tries per request, the first included
    base: float = 0.5  # first back-off, seconds; doubles per retry
    cap: float = 30.0  # longest back-off
    max_retry_after: float = 120.0  # a longer Retry-After is not waited for: the call fails

    @classmethod
    def from_env(cls) -> RetryPolicy:
        return cls(
            attempts=max(1, int(_env_number("SALESDESK_SYNC_ATTEMPTS", cls.attempts))),
            base=max(0.0, _env_number("SALESDESK_SYNC_BACKOFF", cls.base)),
        )

    def delay(self, retry: int) -> float:
        """Back-off before retry number ``retry`` (1, 2, …): exponential with equal jitter."""
        ceiling = min(self.cap, self.base * 2 ** (retry - 1))
        return ceiling / 2 + random.uniform(0, ceiling / 2)


class ServerRefusedError(SyncError):
    """The server answered with an error: ``status`` and its stable ``code`` are kept."""

    def __init__(
        self,
        kind: ErrorKind,
        message: str | None,
        *,
        status: int,
        code: str,
        server_message: str = "",
        retry_after: float | None = None,
    ) -> None:
        super().__init__(kind, message, detail=f"HTTP {status} {code}: {server_message}")
        self.status = status
        self.code = code
        self.server_message = server_message
        self.retry_after = retry_after


class _Retry(Exception):  # noqa: N818  (internal signal)
    def __init__(self, problem: SyncError, wait: float | None = None) -> None:
        super().__init__(problem.message)
        self.problem = problem
        self.wait = wait


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (a number or an HTTP date)."""
    value = headers.get("Retry-After")
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


_SUSPICIOUS = re.compile(r"\\u(0000|[dD][89a-fA-F])")


def _reject_constant(name: str) -> Any:
    raise protocol.ProtocolError(f"{name} is not valid JSON", code="malformed_json")


def loads(content: bytes) -> Any:
    """An answer's JSON, as strict as ``sync.protocol.loads`` but faster on large pages.

    The protocol's check for NUL characters and lone surrogates walks every
    string; in the JSON text they can only appear escaped (``\\u0000``,
    ``\\udXXX``: raw surrogates are not valid UTF-8), so the walk runs only
    when such an escape is present.
    """
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise protocol.ProtocolError("the body is not valid JSON", code="malformed_json") from None
    if "\\u" in text and _SUSPICIOUS.search(text):
        return protocol.loads(text)
    try:
        if text.startswith(_LIST_FIRST):
            return _loads_in_pieces(text)
        return json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        raise protocol.ProtocolError("the body is not valid JSON", code="malformed_json") from None


_LIST_FIRST = '{"changes":['
_DECODER = json.JSONDecoder(parse_constant=_reject_constant)
_SPACE = re.compile(r"[ \t\n\r]*")


def _skip_space(text: str, index: int) -> int:
    found = _SPACE.match(text, index)
    return found.end() if found else index


def _loads_in_pieces(text: str) -> Any:
    """``json.loads`` of an object that starts with a list (a pull page's ``changes``), reading
    the list one item at a time: one ``json.loads`` of a large page is a single call that
    holds the interpreter lock for its whole length (tens of milliseconds), and the GUI
    thread cannot run meanwhile. Same result, same strictness (ValueError when invalid)."""
    decode = _DECODER.raw_decode
    items: list[Any] = []
    index = _skip_space(text, len(_LIST_FIRST))
    if text.startswith("]", index):
        index += 1
    else:
        while True:
            item, index = decode(text, index)
            items.append(item)
            index = _skip_space(text, index)
            if text.startswith(",", index):
                index = _skip_space(text, index + 1)
            elif text.startswith("]", index):
                index += 1
                break
            else:
                raise ValueError("expected , or ] in the list")
    # What follows the list, as an object of its own: '{' and the rest less its comma.
    tail = text[index:].lstrip(" \t\n\r")
    if tail.startswith(","):
        tail = tail[1:]
        if tail.lstrip(" \t\n\r").startswith("}"):
            raise ValueError("a comma before }")
    elif not tail.startswith("}"):
        raise ValueError("expected , or } after the list")
    others = json.loads("{" + tail, parse_constant=_reject_constant)
    if "changes" in others:  # a repeated key: json.loads keeps the last one
        return json.loads(text, parse_constant=_reject_constant)
    return {"changes": items, **others}


def _error_body(content: bytes) -> tuple[str, str]:
    """(code, message) from an error answer ``{"error": {...}}``, best effort."""
    try:
        data = loads(content)
        error = data.get("error") if isinstance(data, dict) else None
        if isinstance(error, dict):
            return str(error.get("code") or ""), str(error.get("message") or "")
    except protocol.ProtocolError:
        pass
    return "", ""


class Transport:
    """Requests to one server, for one sync or sign-in at a time (not shared between threads).

    ``access_token`` is sent as a bearer token on authenticated calls; ``renew``
    is called (at most once per call) when the server answers 401 to one, and
    returns a fresh access token or raises SyncError.
    """

    def __init__(
        self,
        base_url: str,
        *,
        cancel: threading.Event | None = None,
        policy: RetryPolicy | None = None,
        read_timeout: float | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.cancel = cancel
        self.policy = policy or RetryPolicy.from_env()
        self.timeout = (
            CONNECT_TIMEOUT,
            read_timeout or _env_number("SALESDESK_SYNC_TIMEOUT", 60.0),
        )
        self.session = requests.Session()
        self.session.headers.update(
            {
                protocol.VERSION_HEADER: str(CLIENT_VERSION),
                "User-Agent": f"SalesDesk/{__version__}",
                "Accept": "application/json",
            }
        )
        self.access_token: str | None = None
        self.renew: Callable[[], str] | None = None
        self.requests = 0

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ---- calls -------------------------------------------------------------------------------
    def call(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        params: Mapping[str, Any] | None = None,
        auth: bool = True,
        parse: Callable[[Any], Any] | None = None,
        raw: bool = False,
    ) -> Any:
        """One API call: the parsed JSON answer (passed through ``parse`` when given), or
        with ``raw`` the answer's body as it came (read whole; the caller parses it).

        ``parse`` runs inside the retry loop, so an answer that is valid JSON but
        breaks the protocol (e.g. cut at a lucky place) is fetched again too.
        """
        data = None if body is None else protocol.dumps(body).encode("utf-8")
        renewed = False
        retry = 0
        while True:
            self._check_cancel()
            try:
                return self._once(method, path, data, params, auth, parse, raw)
            except _Retry as signal:
                problem = signal.problem
                retry += 1
                if retry >= self.policy.attempts:
                    raise problem from None
                wait = self.policy.delay(retry)
                if signal.wait is not None:
                    if signal.wait > self.policy.max_retry_after:
                        raise problem from None
                    wait = max(wait, signal.wait)
                log.info("%s %s: %s; retrying in %.1f s", method, path, problem.detail, wait)
                self._sleep(wait)
            except ServerRefusedError as refused:
                if (
                    refused.status == 401
                    and auth
                    and not renewed
                    and self.renew is not None
                    and refused.code not in ("user_disabled",)
                ):
                    renewed = True
                    self.access_token = self.renew()
                    continue
                raise

    def _once(
        self,
        method: str,
        path: str,
        data: bytes | None,
        params: Mapping[str, Any] | None,
        auth: bool,
        parse: Callable[[Any], Any] | None,
        raw: bool = False,
    ) -> Any:
        headers = {"Content-Type": "application/json"} if data is not None else {}
        if auth and self.access_token:
            headers["Authorization"] = f"Bearer {self.access_token}"
        self.requests += 1
        try:
            response = self.session.request(
                method,
                f"{self.base_url}{path}",
                data=data,
                params=params,
                headers=headers,
                timeout=self.timeout,
            )
            content = response.content  # reads the whole body: a cut body fails here
        except requests.exceptions.SSLError as exc:
            raise SyncError(ErrorKind.TLS, detail=str(exc)) from None
        except (
            requests.exceptions.ChunkedEncodingError,
            requests.exceptions.ContentDecodingError,
        ) as exc:
            raise _Retry(SyncError(ErrorKind.PROTOCOL, detail=f"damaged answer: {exc}")) from None
        except requests.exceptions.InvalidURL as exc:
            raise SyncError(
                ErrorKind.UNREACHABLE, f"The server address is not valid: {exc}", retryable=False
            ) from None
        except requests.exceptions.RequestException as exc:
            # Connection refused or reset, timeouts, DNS failures: the server is unreachable.
            raise _Retry(SyncError(ErrorKind.UNREACHABLE, detail=str(exc))) from None
        status = response.status_code
        if status == 200:
            if raw:
                return content
            try:
                value = loads(content)
                return parse(value) if parse is not None else value
            except (protocol.ProtocolError, ValueError, TypeError, KeyError) as exc:
                raise _Retry(
                    SyncError(ErrorKind.PROTOCOL, detail=f"{method} {path}: {exc}")
                ) from None
        code, message = _error_body(content)
        wait = retry_after(response.headers)
        if status == 429 and code != "too_many_attempts":
            raise _Retry(self._refused(status, code, message, wait), wait)
        if status >= 500:
            raise _Retry(self._refused(status, code, message, wait), wait)
        raise self._refused(status, code, message, wait)

    @staticmethod
    def _refused(status: int, code: str, message: str, wait: float | None) -> ServerRefusedError:
        """The SyncError for an error answer, in plain words."""
        kind = ErrorKind.SERVER_ERROR
        text: str | None = None
        if status == 401:
            kind = {
                "bad_credentials": ErrorKind.WRONG_CREDENTIALS,
                "user_disabled": ErrorKind.ACCOUNT_DISABLED,
            }.get(code, ErrorKind.PASSWORD_NEEDED)
            if kind == ErrorKind.PASSWORD_NEEDED:
                text = "Your sign-in has ended. Enter your password to sync again."
        elif status == 426 or code == "client_too_old":
            kind = ErrorKind.CLIENT_TOO_OLD
            text = message or None
        elif code == "server_too_old":
            kind = ErrorKind.SERVER_TOO_OLD
        elif status == 429:
            kind = ErrorKind.TOO_MANY_ATTEMPTS
            if wait:
                minutes = max(1, round(wait / 60))
                text = (
                    f"Too many failed sign-ins. Try again in about {minutes} "
                    f"minute{'s' if minutes > 1 else ''}."
                )
        elif status in (404, 405):  # every path the client uses exists on a SalesDesk server
            text = "This address does not answer like a SalesDesk server. Check the server address."
        elif status == 413:
            text = "A change is too large for the server to accept."
        return ServerRefusedError(
            kind,
            text,
            status=status,
            code=code or f"http_{status}",
            server_message=message,
            retry_after=wait,
        )

    # ---- waiting -----------------------------------------------------------------------------
    def _check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise SyncCancelled()

    def _sleep(self, seconds: float) -> None:
        if self.cancel is None:
            time.sleep(seconds)
        elif self.cancel.wait(seconds):
            raise SyncCancelled()
