"""The HTTP API (FastAPI): auth, push, pull, summary, ids and health.

Request bodies are parsed by ``sync.protocol`` (strict, the same code the
client uses) rather than by FastAPI models, and their JSON Schemas are put in
the OpenAPI document by hand. Every error is ``{"error": {"code", "message"}}``
with a 4xx status for anything a client did wrong; a 500 only for a bug (logged
with its traceback). Large responses are gzip-compressed; request bodies
above the limit get 413. Every endpoint but ``/health`` needs the client's
protocol version in the ``X-SalesDesk-Protocol`` header.
"""

from __future__ import annotations

import gc
import logging
import os
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

from salesdesk.domain.schema import ENTITIES
from sync import protocol
from sync.protocol import (
    DEFAULT_PAGE_BYTES,
    DEFAULT_PAGE_ROWS,
    LOGIN_SCHEMA,
    MAX_ID_ROWS,
    MAX_PAGE_BYTES,
    MAX_PAGE_ROWS,
    MAX_SEQ,
    PROTOCOL_VERSION,
    PUSH_REQUEST_SCHEMA,
    REFRESH_SCHEMA,
    SUPPORTED_VERSIONS,
    VERSION_HEADER,
    LoginRequest,
    ProtocolError,
    PushRequest,
    RefreshRequest,
    Tokens,
    UserInfo,
    error_json,
)
from sync.server import db, pull, push
from sync.server.auth import Authenticator, AuthError, Issued
from sync.server.scope import Viewer

log = logging.getLogger("salesdesk.server")

DEFAULT_MAX_BODY = 48 * 1024 * 1024  # a push of attachments (10 MB each, base64) fits

try:
    SERVER_VERSION = package_version("salesdesk")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    SERVER_VERSION = "0+unknown"


class ApiError(Exception):
    """An error answered to the client as it is."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def json_response(body: str, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(
        content=body.encode("utf-8"),
        status_code=status,
        media_type="application/json",
        headers=headers,
    )


def error_response(
    status: int,
    code: str,
    message: str,
    headers: dict[str, str] | None = None,
    details: list[dict[str, Any]] | None = None,
) -> Response:
    return json_response(error_json(code, message, details or ()), status, headers)


# ---- middleware -------------------------------------------------------------------------------

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class BodyLimit:
    """Refuse request bodies above ``max_bytes`` with 413, before the app reads them."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]], max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._too_large(scope, receive, send)
            return
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > self.max_bytes:
                await self._too_large(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(
            413,
            "too_large",
            f"the request is larger than {self.max_bytes // 1_048_576} MB; send smaller batches",
        )
        await response(scope, receive, send)


# ---- dependencies -------------------------------------------------------------------------------

bearer = HTTPBearer(auto_error=False, description="The access token from /auth/login")


def client_version(
    version: Annotated[
        str | None,
        Header(
            alias=VERSION_HEADER,
            description=f"The client's sync protocol version; this server serves "
            f"{', '.join(map(str, SUPPORTED_VERSIONS))}",
        ),
    ] = None,
) -> int:
    try:
        number = protocol.parse_version(version)
    except ProtocolError as exc:
        raise ApiError(400, exc.code, exc.message) from None
    problem = protocol.version_problem(number)
    if problem is not None:
        status = 426 if problem[0] == "client_too_old" else 400
        raise ApiError(status, *problem, headers={"Upgrade": f"SalesDesk-Sync/{PROTOCOL_VERSION}"})
    return number


Version = Annotated[int, Depends(client_version)]


async def signed_in(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    _version: Version,
) -> tuple[Viewer, uuid.UUID]:
    authenticator: Authenticator = request.app.state.auth
    header = f"{credentials.scheme} {credentials.credentials}" if credentials else None
    try:
        return await run_in_threadpool(authenticator.authenticate, header)
    except AuthError as exc:
        raise ApiError(
            exc.status, exc.code, exc.message, {"WWW-Authenticate": 'Bearer error="invalid_token"'}
        ) from None


SignedIn = Annotated[tuple[Viewer, uuid.UUID], Depends(signed_in)]


async def body_json(request: Request) -> Any:
    try:
        return protocol.loads(await request.body())
    except ProtocolError as exc:
        raise ApiError(400, exc.code, exc.message) from None


def _body_schema(schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": schema}},
        }
    }


def _tokens(issued: Issued, authenticator: Authenticator) -> str:
    viewer = issued.viewer
    return protocol.dumps(
        Tokens(
            access_token=issued.access_token,
            expires_in=authenticator.settings.access_ttl,
            refresh_token=issued.refresh_token,
            refresh_expires_in=authenticator.settings.refresh_ttl,
            user=_user_info(viewer),
        ).to_json()
    )


def _user_info(viewer: Viewer) -> UserInfo:
    return UserInfo(
        viewer.user_id, viewer.team_id, viewer.role, viewer.username, viewer.display_name
    )


def _auth_error(exc: AuthError) -> ApiError:
    headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else {}
    if exc.status == 401:
        headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    return ApiError(exc.status, exc.code, exc.message, headers)


# ---- the application ----------------------------------------------------------------------------


def create_app(url: str | None = None, *, max_body: int | None = None) -> FastAPI:
    """The API over the database at ``url`` (default: ``SALESDESK_DB`` or the file in cwd)."""
    engine = db.create_engine(db.normalize_url(url or db.default_url()))
    app = FastAPI(
        title="SalesDesk sync server",
        version=SERVER_VERSION,
        description="Push, pull and self-check for SalesDesk clients; see docs/SERVER.md.",
    )
    app.state.engine = engine
    app.state.auth = Authenticator(engine)
    limit = max_body or int(os.environ.get("SALESDESK_MAX_BODY", "") or DEFAULT_MAX_BODY)
    # Level 6, zlib's default: a 2,000-row page (1.4 MB of JSON) in 16 ms instead of 51 at
    # level 9, 4% larger.
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=6)
    app.add_middleware(BodyLimit, max_bytes=limit)
    _install_error_handlers(app)
    _install_routes(app)
    return app


def app_from_env() -> FastAPI:
    """The factory uvicorn workers call (``run --workers N``).

    What starting made (modules, the app, SQLAlchemy's metadata) lives as long as the
    process: ``gc.freeze`` keeps the collector's full passes, which would otherwise walk
    it all every few pages of a large pull, to the objects requests make.
    """
    app = create_app()
    gc.freeze()
    return app


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> Response:
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> Response:
        details = [
            {
                "field": ".".join(str(p) for p in error.get("loc", ())),
                "message": str(error.get("msg", "")),
            }
            for error in exc.errors()
        ]
        message = "; ".join(f"{d['field']}: {d['message']}" for d in details) or "invalid request"
        return error_response(422, "invalid_request", message, details=details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> Response:
        codes = {404: "not_found", 405: "method_not_allowed"}
        return error_response(
            exc.status_code,
            codes.get(exc.status_code, "http_error"),
            str(exc.detail),
            dict(exc.headers or {}),
        )

    @app.exception_handler(sa.exc.OperationalError)
    async def database_down(_request: Request, exc: sa.exc.OperationalError) -> Response:
        log.error("database unavailable: %s", str(exc.orig).strip().splitlines()[:1])
        return error_response(
            503,
            "unavailable",
            "the server's database is busy or unavailable; try again shortly",
            {"Retry-After": "5"},
        )

    @app.exception_handler(Exception)
    async def bug(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error in %s %s", request.method, request.url.path)
        return error_response(500, "internal", "the server failed; the error was logged")


def _install_routes(app: FastAPI) -> None:
    @app.get("/health", tags=["server"])
    async def health(request: Request) -> Response:
        """Is the server up, and which protocol versions does it serve?"""
        engine: sa.Engine = request.app.state.engine

        def ping() -> bool:
            with engine.connect() as connection:
                connection.execute(sa.text("SELECT 1"))
            return True

        body = {
            "status": "ok",
            "server": "salesdesk-server",
            "version": SERVER_VERSION,
            "protocol": {"current": PROTOCOL_VERSION, "supported": list(SUPPORTED_VERSIONS)},
            "database": engine.dialect.name,
        }
        try:
            await run_in_threadpool(ping)
        except sa.exc.SQLAlchemyError:
            body["status"] = "unavailable"
            return json_response(protocol.dumps(body), 503, {"Retry-After": "5"})
        return json_response(protocol.dumps(body))

    @app.post("/auth/login", tags=["auth"], openapi_extra=_body_schema(LOGIN_SCHEMA))
    async def login(request: Request, _version: Version) -> Response:
        """Sign in with user name and password; returns an access and a refresh token."""
        message = LoginRequest.from_json(await body_json(request))
        authenticator: Authenticator = request.app.state.auth
        address = request.client.host if request.client else "unknown"
        try:
            issued = await run_in_threadpool(
                authenticator.login, message.username, message.password, address
            )
        except AuthError as exc:
            raise _auth_error(exc) from None
        return json_response(_tokens(issued, authenticator), headers={"Cache-Control": "no-store"})

    @app.post("/auth/refresh", tags=["auth"], openapi_extra=_body_schema(REFRESH_SCHEMA))
    async def refresh(request: Request, _version: Version) -> Response:
        """Swap a refresh token (used once) for a new access token and refresh token."""
        message = RefreshRequest.from_json(await body_json(request))
        authenticator: Authenticator = request.app.state.auth
        try:
            issued = await run_in_threadpool(authenticator.refresh, message.refresh_token)
        except AuthError as exc:
            raise _auth_error(exc) from None
        return json_response(_tokens(issued, authenticator), headers={"Cache-Control": "no-store"})

    @app.post("/auth/logout", tags=["auth"])
    async def logout(request: Request, who: SignedIn) -> Response:
        """End this session: its access and refresh tokens stop working at once."""
        authenticator: Authenticator = request.app.state.auth
        await run_in_threadpool(authenticator.logout, who[1])
        return json_response(protocol.dumps({"ok": True}))

    @app.get("/auth/me", tags=["auth"])
    async def me(who: SignedIn) -> Response:
        """The signed-in user (for the client's profile)."""
        return json_response(protocol.dumps(_user_info(who[0]).to_json()))

    @app.post("/sync/push", tags=["sync"], openapi_extra=_body_schema(PUSH_REQUEST_SCHEMA))
    async def push_ops(request: Request, who: SignedIn, version: Version) -> Response:
        """Apply a batch of ops atomically; one result per op (replays return the same)."""
        message = PushRequest.from_json(await body_json(request), version)
        viewer, session_id = who
        client_id = message.client_id or session_id
        engine: sa.Engine = request.app.state.engine
        results = await run_in_threadpool(push.push, engine, viewer, message.ops, client_id)
        return json_response(
            protocol.dumps({"results": [protocol.result_for_version(r, version) for r in results]})
        )

    @app.get("/sync/pull", tags=["sync"])
    async def pull_page(
        request: Request,
        who: SignedIn,
        cursor: Annotated[int, Query(ge=0, le=MAX_SEQ, description="the last seq you have")] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE_ROWS)] = DEFAULT_PAGE_ROWS,
        max_bytes: Annotated[int, Query(ge=1024, le=MAX_PAGE_BYTES)] = DEFAULT_PAGE_BYTES,
    ) -> Response:
        """Changes after ``cursor`` in seq order, at most ``limit`` rows / ``max_bytes``."""
        engine: sa.Engine = request.app.state.engine
        body = await run_in_threadpool(pull.pull, engine, who[0], cursor, limit, max_bytes)
        return json_response(body)

    @app.get("/sync/summary", tags=["sync"])
    async def summary(request: Request, who: SignedIn) -> Response:
        """Per entity: count and hash of the (id, seq) pairs in your scope, tombstones included."""
        engine: sa.Engine = request.app.state.engine
        result = await run_in_threadpool(pull.summary, engine, who[0])
        return json_response(protocol.dumps(result.to_json()))

    @app.get("/sync/ids", tags=["sync"])
    async def ids(
        request: Request,
        who: SignedIn,
        entity: Annotated[
            str,
            Query(
                max_length=64,
                description="an entity name",
                json_schema_extra={"enum": sorted(ENTITIES)},
            ),
        ],
        after: Annotated[uuid.UUID | None, Query(description="the last id of the page before")] = (
            None
        ),
        limit: Annotated[int, Query(ge=1, le=MAX_ID_ROWS)] = 5000,
    ) -> Response:
        """(id, seq) of one entity's rows in your scope, by id: to repair what differs."""
        if entity not in ENTITIES:
            raise ApiError(422, "unknown_entity", f"unknown entity {entity!r}")
        engine: sa.Engine = request.app.state.engine
        page = await run_in_threadpool(pull.id_page, engine, who[0], entity, after, limit)
        return json_response(protocol.dumps(page.to_json()))

    @app.exception_handler(ProtocolError)
    async def bad_message(_request: Request, exc: ProtocolError) -> Response:
        status = 413 if exc.code == "too_many_ops" else 400 if exc.code == "malformed_json" else 422
        return error_response(status, exc.code, exc.message)
