"""The demo team on an embedded local server: its people, seeding its database, serving it.

``salesdesk demo`` (``salesdesk/ui/sync/demo.py``) runs this module as
subprocesses, so the server code and the seeding never run in the app's
process (nor hold its interpreter lock while the window paints)::

    python -m salesdesk.demo seed --db FILE [--customers N]    # a new database, made atomically
    python -m salesdesk.demo serve --db FILE --port P [--parent PID]

The demo team 演示团队 has a manager, 张敏 (``zhangmin``), and three reps, 李强
(``liqiang``), 王芳 (``wangfang``) and 陈杰 (``chenjie``), all with the password
:data:`PASSWORD`. The reps' customers with their contacts, deals, visits,
tasks, feedback and reports (``salesdesk.sample.generate`` with the team's
own stages and templates) are written through the server's one write path
(``sync.server.rows.RowWriter``), so they reach every client through the
ordinary pull, exactly like data pushed by the reps' laptops; the team's
figures (leaderboard) are computed from them once seeding is done.

Seeding writes ``FILE.seeding`` and renames it to ``FILE`` at the end: an
interrupted seed leaves no half-made database behind, and the next start
seeds again. ``serve`` runs the real ``salesdesk-server run``; with
``--parent`` it stops by itself once that process is gone (an app that was
killed leaves no server behind).

This module imports no Qt; the server packages (the ``server`` extra) are
imported only by ``seed`` and ``serve``, so the app can read the constants
and :func:`server_available` without them.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import importlib.util
import os
import signal
import sys
import threading
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

TEAM = "演示团队"
PASSWORD = "demo-2026"
ADMIN = "admin"
DEFAULT_CUSTOMERS = 2000
SERVER_PACKAGES = ("fastapi", "uvicorn", "argon2", "sqlalchemy", "alembic")


@dataclasses.dataclass(frozen=True)
class Person:
    username: str
    display_name: str
    role: str


MANAGER = Person("zhangmin", "张敏", "manager")
REPS = (
    Person("liqiang", "李强", "rep"),
    Person("wangfang", "王芳", "rep"),
    Person("chenjie", "陈杰", "rep"),
)
PEOPLE = (MANAGER, *REPS)
ROLES = ("manager", "rep")


def person_for(role: str) -> Person:
    """Who the demo signs in as: the manager, or the first rep."""
    if role not in ROLES:
        raise ValueError(f"the demo signs in as one of {', '.join(ROLES)}, not {role!r}")
    return MANAGER if role == "manager" else REPS[0]


def server_available() -> bool:
    """Can this installation run the embedded server? (Not in a frozen desktop build, and only
    with the server extra's packages installed.)"""
    if getattr(sys, "frozen", False):
        return False
    return all(importlib.util.find_spec(name) is not None for name in SERVER_PACKAGES)


def command(*args: str) -> list[str]:
    """The command line that runs this module with ``args`` (the current interpreter)."""
    return [sys.executable, "-m", "salesdesk.demo", *args]


# ---- seeding -------------------------------------------------------------------------------------


def seed(db_file: Path, customers: int = DEFAULT_CUSTOMERS, *, today: dt.date | None = None) -> int:
    """Make the demo server's database at ``db_file`` (if it does not exist yet); returns the
    number of sample rows written (0 when the database was there already)."""
    if db_file.exists():
        return 0
    db_file.parent.mkdir(parents=True, exist_ok=True)
    scratch = db_file.with_name(db_file.name + ".seeding")
    for leftover in _sqlite_files(scratch):
        leftover.unlink(missing_ok=True)
    written = _seed_into(scratch, customers, today)
    for suffix in ("-wal", "-shm"):  # the engine was disposed: the WAL was checkpointed
        Path(f"{scratch}{suffix}").unlink(missing_ok=True)
    os.replace(scratch, db_file)
    return written


def _sqlite_files(path: Path) -> list[Path]:
    return [path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")]


def _seed_into(path: Path, customers: int, today: dt.date | None) -> int:
    from sync.server import admin, db, figures

    engine = db.create_engine(db.normalize_url(str(path)))
    try:
        db.migrate(engine)
        admin.init(engine, ADMIN, PASSWORD)
        team_id = admin.add_team(engine, TEAM)[0]
        ids = {
            person.username: admin.add_user(
                engine,
                person.username,
                PASSWORD,
                role=person.role,
                team=TEAM,
                display_name=person.display_name,
            )
            for person in PEOPLE
        }
        written = _sample_rows(engine, team_id, ids, customers, today)
        figures.after_admin(engine, [team_id])
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.commit()
    finally:
        engine.dispose()
    return written


def _sample_rows(
    engine: Any,
    team_id: uuid.UUID,
    ids: dict[str, uuid.UUID],
    customers: int,
    today: dt.date | None,
) -> int:
    """The reps' sample data, written as the server writes pushed rows (one transaction)."""
    import sqlalchemy as sa

    from salesdesk import sample
    from salesdesk.domain.ids import uuid7
    from salesdesk.domain.schema import ENTITIES, Scope, utcnow
    from sync.server.rows import writing
    from sync.server.scope import Keys, keys_for
    from sync.server.tables import ENTITY_TABLES

    stages_table = ENTITY_TABLES["pipeline_stage"]
    templates_table = ENTITY_TABLES["report_template"]
    with engine.connect() as connection:
        stages = connection.execute(
            sa.select(
                stages_table.c.id,
                stages_table.c.code,
                stages_table.c.probability,
                stages_table.c.outcome,
            )
            .where(stages_table.c.team_id == team_id)
            .order_by(stages_table.c.position)
        ).all()
        templates = {
            kind: template_id
            for template_id, kind in connection.execute(
                sa.select(templates_table.c.id, templates_table.c.kind).where(
                    templates_table.c.team_id == team_id
                )
            )
        }
    manager = ids[MANAGER.username]
    context = sample.Context(
        owners=[ids[rep.username] for rep in REPS],
        stages=[(s.id, s.code, s.probability, s.outcome) for s in stages],
        templates=templates,
        team_id=team_id,
        today=today or utcnow().astimezone().date(),
        with_config=True,
    )
    written = 0
    keys_of: dict[uuid.UUID, Keys] = {}  # the rows written so far (a child shares its parent's)
    with writing(engine, actor=manager) as writer:
        for entity, rows in sample.generate(customers, context):
            definition = ENTITIES[entity]
            for given in rows:
                values = dict(given)
                row_id = values.pop("id", None) or uuid7()
                created_at = values.pop("created_at", None) or writer.now
                for spec in definition.current_refs:  # who the sample left unnamed: the manager
                    if values.get(spec.name) is None:
                        values[spec.name] = manager if spec.ref == "user" else team_id
                parent = values.get(definition.scope_field or "")
                if definition.scope == Scope.CHILD and parent in keys_of:
                    keys: Keys | None = keys_of[parent]
                else:
                    keys = keys_for(definition, row_id, values, writer.teams, fallback_team=team_id)
                if keys is None:
                    raise RuntimeError(f"sample {entity} {row_id} refers to a missing row")
                writer.insert(definition, row_id, values, keys, created_at=created_at)
                keys_of[row_id] = keys
                written += 1
    return written


# ---- serving -------------------------------------------------------------------------------------


def serve(db_file: Path, port: int, parent: int | None = None) -> int:
    """Run the real server on 127.0.0.1:``port``; with ``parent``, stop once it is gone."""
    from sync.server import cli

    if parent:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    return cli.main(["--db", str(db_file), "run", "--host", "127.0.0.1", "--port", str(port)])


def _watch_parent(parent: int, interval: float = 1.0) -> None:
    while _alive(parent) and os.getppid() == parent:
        time.sleep(interval)
    os.kill(os.getpid(), signal.SIGTERM)  # uvicorn stops gracefully


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:  # Windows: signal 0 is not supported; the app stops the server at exit
        return True
    return True


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m salesdesk.demo")
    commands = parser.add_subparsers(dest="command", required=True)
    seed_cmd = commands.add_parser("seed", help="make the demo server's database")
    seed_cmd.add_argument("--db", required=True, type=Path)
    seed_cmd.add_argument("--customers", type=int, default=DEFAULT_CUSTOMERS)
    serve_cmd = commands.add_parser("serve", help="run the demo server on loopback")
    serve_cmd.add_argument("--db", required=True, type=Path)
    serve_cmd.add_argument("--port", required=True, type=int)
    serve_cmd.add_argument("--parent", type=int, default=None)
    args = parser.parse_args(argv)
    if args.command == "seed":
        if args.customers < 0:
            parser.error("--customers must be 0 or more")
        started = time.monotonic()
        rows = seed(args.db, args.customers)
        print(f"seeded {args.db}: {rows} rows in {time.monotonic() - started:.1f} s", flush=True)
        return 0
    return serve(args.db, args.port, args.parent)


if __name__ == "__main__":
    sys.exit(main())
