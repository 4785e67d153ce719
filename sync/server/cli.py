"""``salesdesk-server``: set up the server database, manage teams and users, run the server.

    salesdesk-server [--db URL] init --admin USER
    salesdesk-server [--db URL] team add NAME
    salesdesk-server [--db URL] user add USER --role rep|manager|admin [--team NAME] [--name TEXT]
    salesdesk-server [--db URL] user disable USER | user enable USER
    salesdesk-server [--db URL] user passwd USER
    salesdesk-server [--db URL] user move USER --team NAME
    salesdesk-server [--db URL] reassign --from USER --to USER [--customer ID ...]
    salesdesk-server [--db URL] figures refresh [--team NAME] [--period PERIOD ...]
    salesdesk-server [--db URL] run [--host 127.0.0.1] [--port 8765] [--workers N]

``--db`` (or ``SALESDESK_DB``) is a SQLite file path or ``postgresql://user:pw@host/db``;
the default is ``salesdesk-server.db`` in the current folder. Passwords come from
``SALESDESK_PASSWORD`` or a prompt. Problems are reported in one line on stderr
with a non-zero exit status.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from collections.abc import Sequence

import sqlalchemy as sa

from salesdesk.domain.schema import ROLES
from sync.server import admin, db, figures

log = logging.getLogger("salesdesk.server")


class CliError(Exception):
    """A problem the person at the terminal can fix; printed without a traceback."""


def _password(prompt_for: str) -> str:
    password = os.environ.get("SALESDESK_PASSWORD")
    if password:
        return password
    if not sys.stdin.isatty():
        raise CliError(
            f"set SALESDESK_PASSWORD or run in a terminal to type {prompt_for}'s password"
        )
    first = getpass.getpass(f"Password for {prompt_for}: ")
    second = getpass.getpass("Again: ")
    if first != second:
        raise CliError("the two passwords differ")
    return first


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="salesdesk-server", description="The SalesDesk sync server and its administration."
    )
    parser.add_argument(
        "--db",
        default=None,
        help="SQLite file or postgresql://user:password@host/database "
        "(default: $SALESDESK_DB or ./salesdesk-server.db)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    init = commands.add_parser("init", help="create the database and the first administrator")
    init.add_argument("--admin", required=True, metavar="USER")

    team = commands.add_parser("team", help="manage teams").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    team_add = team.add_parser("add", help="add a team with the default pipeline and templates")
    team_add.add_argument("name", metavar="NAME")

    user = commands.add_parser("user", help="manage users").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    user_add = user.add_parser("add", help="add a user")
    user_add.add_argument("username", metavar="USER")
    user_add.add_argument("--role", required=True, choices=ROLES)
    user_add.add_argument("--team", metavar="NAME", help="required for reps and managers")
    user_add.add_argument("--name", default="", help="display name (default: the user name)")
    for action, text in (
        ("disable", "disable a user: all their sessions end at once"),
        ("enable", "enable a disabled user again"),
        ("passwd", "set a new password (their sessions end)"),
    ):
        user.add_parser(action, help=text).add_argument("username", metavar="USER")
    user_move = user.add_parser("move", help="move a user to another team")
    user_move.add_argument("username", metavar="USER")
    user_move.add_argument("--team", required=True, metavar="NAME")

    reassign = commands.add_parser(
        "reassign", help="give a user's customers (and everything under them) to another user"
    )
    reassign.add_argument("--from", dest="source", required=True, metavar="USER")
    reassign.add_argument("--to", dest="target", required=True, metavar="USER")
    reassign.add_argument(
        "--customer", action="append", default=[], metavar="ID", help="only this customer"
    )

    figures_cmd = commands.add_parser(
        "figures", help="team figures (standings) computed from the synced data"
    ).add_subparsers(dest="action", required=True, metavar="ACTION")
    refresh = figures_cmd.add_parser(
        "refresh", help="recompute team figures now (default: every team, the six kept periods)"
    )
    refresh.add_argument("--team", metavar="NAME", help="only this team")
    refresh.add_argument(
        "--period",
        action="append",
        default=[],
        metavar="PERIOD",
        help="a month, quarter or year such as 2026-11, 2026-Q4 or 2026 (repeatable)",
    )

    run = commands.add_parser("run", help="run the HTTP server")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8765)
    run.add_argument("--workers", type=int, default=1)
    run.add_argument("--ssl-certfile", default=None, help="serve HTTPS with this certificate")
    run.add_argument("--ssl-keyfile", default=None, help="the certificate's private key")
    run.add_argument(
        "--forwarded-allow-ips",
        default=None,
        help="trust X-Forwarded-For from these proxy addresses (behind a reverse proxy)",
    )
    return parser


def _open(url: str, *, create: bool) -> sa.Engine:
    engine = db.create_engine(db.normalize_url(url))
    revision = db.schema_revision(engine)
    if revision is None and not create:
        engine.dispose()
        raise CliError("the database is not set up yet: run 'salesdesk-server init --admin USER'")
    db.migrate(engine)
    return engine


def run_command(args: argparse.Namespace) -> str:
    """Carry out one command; returns what to print."""
    url = args.db or db.default_url()
    if args.command == "run":
        return _run(args, url)
    engine = _open(url, create=args.command == "init")
    try:
        if args.command == "init":
            admin.init(engine, args.admin, _password(args.admin))
            return f"set up {engine.url.render_as_string(hide_password=True)}; admin {args.admin}"
        if args.command == "team":
            _team_id, stages, templates = admin.add_team(engine, args.name)
            return f"team {args.name} added with {stages} pipeline stages, {templates} templates"
        if args.command == "user":
            return _user(engine, args)
        if args.command == "reassign":
            count = admin.reassign(engine, args.source, args.target, args.customer)
            return f"{count} customers moved from {args.source} to {args.target}"
        if args.command == "figures":
            return _figures(engine, args)
    finally:
        engine.dispose()
    raise CliError(f"unknown command {args.command}")  # pragma: no cover - argparse prevents it


def _user(engine: sa.Engine, args: argparse.Namespace) -> str:
    name = args.username
    if args.action == "add":
        admin.add_user(
            engine, name, _password(name), role=args.role, team=args.team, display_name=args.name
        )
        return f"user {name} added ({args.role})"
    if args.action in ("disable", "enable"):
        admin.set_active(engine, name, args.action == "enable")
        return f"user {name} {args.action}d"
    if args.action == "passwd":
        admin.set_password(engine, name, _password(name))
        return f"password of {name} changed; their sessions ended"
    count = admin.move_user(engine, name, args.team)
    return f"user {name} moved to team {args.team} ({count} rows changed scope)"


def _figures(engine: sa.Engine, args: argparse.Namespace) -> str:
    from salesdesk.domain.periods import TARGET_KINDS, Period, PeriodError

    try:
        periods = [Period.parse(text, kinds=TARGET_KINDS) for text in args.period] or None
    except PeriodError as exc:
        raise CliError(f"--period: {exc}") from None
    teams = None
    if args.team:
        with engine.connect() as connection:
            teams = [admin.find_team(connection, args.team)]
    count, written = figures.refresh(engine, teams, periods=periods)
    teams_text = f"{count} team{'s' if count != 1 else ''}"
    return f"team figures refreshed for {teams_text}; {written} rows written"


def _run(args: argparse.Namespace, url: str) -> str:
    if args.workers < 1:
        raise CliError("--workers must be at least 1")
    if not 0 < args.port < 65536:
        raise CliError("--port must be between 1 and 65535")
    if bool(args.ssl_certfile) != bool(args.ssl_keyfile):
        raise CliError("--ssl-certfile and --ssl-keyfile go together")
    engine = _open(url, create=False)
    engine.dispose()
    import uvicorn

    os.environ["SALESDESK_DB"] = url  # the workers read it (app_from_env)
    options: dict[str, object] = {}
    if args.forwarded_allow_ips:
        options["forwarded_allow_ips"] = args.forwarded_allow_ips
    uvicorn.run(
        "sync.server.app:app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        ssl_certfile=args.ssl_certfile,
        ssl_keyfile=args.ssl_keyfile,
        log_level=os.environ.get("SALESDESK_LOG_LEVEL", "info"),
        **options,  # type: ignore[arg-type]
    )
    return "server stopped"


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        print(run_command(args))
    except (CliError, admin.AdminError, db.DatabaseError, figures.FiguresError) as exc:
        print(f"salesdesk-server: {exc}", file=sys.stderr)
        return 1
    except sa.exc.DBAPIError as exc:
        log.debug("database error", exc_info=True)
        print(f"salesdesk-server: cannot use the database: {db.first_line(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
