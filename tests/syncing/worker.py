"""A client process for the sync tests: runs a list of commands on one profile, prints results.

    python -m tests.syncing.worker DATA_DIR '[["login", url, user, password], ["sync"], …]'

One JSON line per command on stdout. Commands: ``login URL USER PASSWORD``;
``add ENTITY {values}`` (prints ``{"id"}``); ``set ENTITY ID {values}``;
``delete ENTITY ID``; ``note ENTITY ID TEXT``; ``note_named ENTITY NAME TEXT``;
``profile`` (the signed-in user); ``find ENTITY FIELD VALUE`` (the id of a live
row with that value);
``sync`` (prints the result, or ``{"error": kind, "message"}``);
``sync_until_ok N`` (up to N syncs until one succeeds; prints the results).
Values are given as text or JSON, as the ``salesdesk`` CLI takes them. A crash
point chosen with ``SALESDESK_SYNC_CRASH`` kills this process on the spot.
"""

from __future__ import annotations

import base64
import json
import sys
from typing import Any

from salesdesk import api
from sync import client


def run(data_dir: str, commands: list[list[Any]]) -> None:
    store = api.open_profile(data_dir)
    for command in commands:
        name, args = command[0], command[1:]
        result: Any = None
        if name == "login":
            client.login(store, args[0], args[1], args[2])
        elif name == "add":
            result = {"id": str(api.add(store, args[0], _values(args[1])).id)}
        elif name == "set":
            api.set(store, args[0], args[1], _values(args[2]))
        elif name == "profile":
            result = store.profile.to_json()
        elif name == "find":
            entity, field, value = args
            table = store.table(entity)
            found = store.select(entity, table.c[field] == value)
            result = {"id": str(found[0].id) if found else None}
        elif name == "delete":
            api.delete(store, args[0], args[1])
        elif name == "note":
            with store.transaction() as writer:
                writer.add_note(args[0], api.parse_id(args[1]), args[2])
        elif name == "note_named":  # ENTITY NAME TEXT: the live row with that name
            (row,) = store.select(args[0], store.table(args[0]).c.name == args[1])
            with store.transaction() as writer:
                writer.add_note(args[0], row.id, args[2])
        elif name == "sync":
            result = _sync(store)
        elif name == "sync_until_ok":
            result = []
            for _ in range(int(args[0])):
                outcome = _sync(store)
                result.append(outcome)
                if "error" not in outcome:
                    break
        else:
            raise SystemExit(f"unknown command {name!r}")
        print(json.dumps(result, ensure_ascii=False), flush=True)


def _values(values: dict[str, Any]) -> dict[str, Any]:
    """Values as the CLI takes them; ``{"$bytes": base64}`` for file content."""
    return {
        k: base64.b64decode(v["$bytes"]) if isinstance(v, dict) and "$bytes" in v else v
        for k, v in values.items()
    }


def _sync(store: Any) -> dict[str, Any]:
    try:
        return client.sync(store).to_json()
    except client.SyncError as exc:
        return {"error": str(exc.kind), "message": exc.message}


if __name__ == "__main__":
    run(sys.argv[1], json.loads(sys.argv[2]))
