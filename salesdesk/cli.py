"""The ``salesdesk`` command: opens the app, and scripts the local profile headlessly.

The command names, options and ``--json`` shapes are a public contract that
admins script against; see the README's "Command line" section. Bad input
exits non-zero with one clear line on stderr and changes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from salesdesk import __version__

EXIT_ERROR = 1
EXIT_USAGE = 2


class CliError(Exception):
    """A problem the user can fix; printed as one line, exit code 1."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # one clear line, exit 2, like argparse but shorter
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="salesdesk",
        description="SalesDesk: offline-first CRM for field sales teams. "
        "Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"SalesDesk {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="profile folder (default: $SALESDESK_HOME, else the platform's user data folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    demo = commands.add_parser("demo", help="open the app on a demo profile with sample data")
    demo.add_argument(
        "--customers", type=int, default=2000, help="size of the sample (default 2000)"
    )
    demo.add_argument(
        "--as",
        dest="role",
        choices=("manager", "rep"),
        default="manager",
        help="sign in to the demo's embedded server as the team's manager (default) or a rep",
    )
    commands.add_parser("init", help="create the profile (if needed) and print its folder")

    demo_data = commands.add_parser("demo-data", help="add generated sample data to the profile")
    demo_data.add_argument("--customers", type=int, required=True, metavar="N")
    demo_data.add_argument("--seed", type=int, default=20261123, help=argparse.SUPPRESS)

    add = commands.add_parser("add", help="create a record; prints its id")
    add.add_argument("entity")
    add.add_argument("values", nargs="*", metavar="field=value")

    set_ = commands.add_parser("set", help="change fields of a record")
    set_.add_argument("entity")
    set_.add_argument("id")
    set_.add_argument("values", nargs="+", metavar="field=value")

    delete = commands.add_parser("delete", help="delete a record (and what lives under it)")
    delete.add_argument("entity")
    delete.add_argument("id")

    list_ = commands.add_parser("list", help="list the records of an entity")
    list_.add_argument("entity")
    list_.add_argument("--json", action="store_true", help="print a JSON array")

    get = commands.add_parser("get", help="show one record")
    get.add_argument("entity")
    get.add_argument("id")
    get.add_argument("--json", action="store_true", help="print a JSON object")

    search = commands.add_parser("search", help="find customers and contacts")
    search.add_argument("text")
    search.add_argument("--json", action="store_true", help="print a JSON array")

    status = commands.add_parser("status", help="counts, pending changes and last sync")
    status.add_argument("--json", action="store_true", help="print a JSON object")

    login = commands.add_parser(
        "login",
        help="sign the profile in to a server and sync (password: $SALESDESK_PASSWORD or asked)",
    )
    login.add_argument("--server", required=True, metavar="URL")
    login.add_argument("--user", required=True, metavar="USER")
    login.add_argument("--no-sync", action="store_true", help="sign in only; sync later")

    sync = commands.add_parser("sync", help="send local changes and receive the server's")
    sync.add_argument("--json", action="store_true", help="print what was done as JSON")

    conflicts = commands.add_parser("conflicts", help="open conflicts and rejected changes")
    conflicts.add_argument("--json", action="store_true", help="print a JSON object")

    leaderboard = commands.add_parser(
        "leaderboard", help="the standings of a KPI for a period, as of the last sync"
    )
    leaderboard.add_argument(
        "--kpi",
        default="revenue",
        help="revenue, new_customers, visits, deals_won or retention_rate (default revenue)",
    )
    leaderboard.add_argument(
        "--period", metavar="PERIOD", help="2026-11, 2026-Q4 or 2026 (default this month)"
    )
    leaderboard.add_argument("--json", action="store_true", help="print a JSON object")

    commission = commands.add_parser(
        "commission", help="commission statements with every line of the calculation"
    )
    commission.add_argument(
        "--user", metavar="USER", help="user name or id (default: me, or every rep for a manager)"
    )
    commission.add_argument(
        "--period", metavar="PERIOD", help="2026-11, 2026-Q4 or 2026 (default this month)"
    )
    commission.add_argument("--json", action="store_true", help="print a JSON array")

    export = commands.add_parser("export", help="write reports, the leaderboard or customers")
    export.add_argument("what", choices=("reports", "leaderboard", "customers"))
    export.add_argument("--format", required=True, choices=("xlsx", "pdf", "csv"))
    export.add_argument("--out", required=True, metavar="FILE")
    export.add_argument(
        "--period",
        metavar="PERIOD",
        help="reports: a week such as 2026-W48 (default this week); "
        "leaderboard: 2026-11, 2026-Q4 or 2026 (default this month)",
    )
    export.add_argument("--kpi", default="revenue", help="leaderboard: the KPI (default revenue)")

    logout = commands.add_parser("logout", help="send pending changes and sign out")
    logout.add_argument("--wipe", action="store_true", help="then delete the local copy")
    logout.add_argument(
        "--force", action="store_true", help="sign out even if changes could not be sent"
    )
    return parser


# ---- commands ---------------------------------------------------------------------------------


def _assignments(pairs: Sequence[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise CliError(f"expected field=value, got {pair!r}")
        values[name.strip()] = value
    return values


def _record_json(record: Any) -> dict[str, Any]:
    """A record as ``--json`` prints it: fields keyed by name, with ``id``; no file content."""
    data: dict[str, Any] = record.to_json()
    for spec in record.definition.fields:
        if spec.kind == "blob":
            data.pop(spec.name, None)
    return data


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _print_record(record: Any) -> None:
    data = _record_json(record)
    width = max(len(name) for name in data)
    for name, value in data.items():
        shown = json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value
        print(f"{name:<{width}}  {'' if shown is None else shown}")


def _open(args: argparse.Namespace) -> Any:
    from salesdesk import api

    return api.open_profile(args.data_dir)


def cmd_init(args: argparse.Namespace) -> int:
    from salesdesk import api

    print(api.init(args.data_dir))
    return 0


def cmd_demo_data(args: argparse.Namespace) -> int:
    from salesdesk import api

    if args.customers < 0:
        raise CliError("--customers must be 0 or more")
    store = _open(args)
    written = api.demo_data(store, args.customers, seed=args.seed)
    print(
        f"added {written} records ({args.customers} customers with their contacts, deals, "
        "visits, tasks and reports)"
    )
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from salesdesk import api

    values = _assignments(args.values)
    store = _open(args)
    print(api.add(store, args.entity, values).id)
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    from salesdesk import api

    values = _assignments(args.values)
    store = _open(args)
    api.set(store, args.entity, args.id, values)
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    from salesdesk import api

    api.delete(_open(args), args.entity, args.id)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from salesdesk import api
    from salesdesk.domain.schema import entity_def

    store = _open(args)
    records = api.list_records(store, args.entity)
    if args.json:
        _print_json([_record_json(r) for r in records])
    else:
        definition = entity_def(args.entity)
        for record in records:
            print(f"{record.id}  {definition.title(record)}")
    return 0


def cmd_get(args: argparse.Namespace) -> int:
    from salesdesk import api

    record = api.get(_open(args), args.entity, args.id)
    if args.json:
        _print_json(_record_json(record))
    else:
        _print_record(record)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from salesdesk import api

    store = _open(args)
    hits = api.search(store, args.text)
    if args.json:
        records = {
            entity: store.get_many(entity, [h.id for h in hits if h.entity == entity])
            for entity in ("customer", "contact")
        }
        _print_json([{"entity": h.entity, **_record_json(records[h.entity][h.id])} for h in hits])
    else:
        for hit in hits:
            where = "" if hit.entity == "customer" else f"  ({hit.customer_name})"
            print(f"{hit.entity:<8}  {hit.id}  {hit.title}{where}")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from salesdesk import api

    status = api.status(_open(args))
    if args.json:
        _print_json(status.to_json())
        return 0
    print(f"profile          {status.data_dir}")
    print(f"user             {status.user} ({status.role})")
    print(f"server           {status.server or 'not signed in'}")
    print(f"last sync        {status.last_sync or 'never'}")
    print(f"pending changes  {status.pending_changes}")
    print(f"conflicts        {status.conflicts}")
    print(f"rejections       {status.rejections}")
    for name, count in status.counts.items():
        if count:
            print(f"{name:<16} {count}")
    return 0


_PHASES = {"sign_in": "signing in", "push": "sending", "pull": "receiving", "check": "checking"}


class _Progress:
    """Sync progress on stderr when it is a terminal (one line, rewritten in place)."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.shown = False

    def __call__(self, progress: Any) -> None:
        if not self.enabled:
            return
        name = _PHASES.get(str(progress.phase), str(progress.phase))
        if progress.total:
            text = f"{name}: {progress.done:,} of {progress.total:,}"
        elif progress.done:
            text = f"{name}: {progress.done:,}"
        else:
            text = f"{name}…"
        sys.stderr.write(f"\r\033[K{text}")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
            self.shown = False


def _sync_error(exc: Any) -> CliError:
    """A SyncError as one line for people (the kind is a stable code scripts can match)."""
    return CliError(f"{exc.message} [{exc.kind}]")


def _password(prompt: str) -> str:
    import getpass
    import os

    password = os.environ.get("SALESDESK_PASSWORD")
    if password:
        return password
    if not sys.stdin.isatty():
        raise CliError("set SALESDESK_PASSWORD or run in a terminal to type the password")
    return getpass.getpass(prompt)


def _run_sync(store: Any, *, password: str | None = None) -> Any:
    from salesdesk import api

    progress = _Progress()
    try:
        return api.sync(store, password=password, progress=progress)
    finally:
        progress.close()


def _sync_summary(result: Any, pending: int) -> str:
    parts = [f"sent {result.pushed} change{'s' if result.pushed != 1 else ''}"]
    if result.conflicts:
        parts.append(f"{result.conflicts} conflict{'s' if result.conflicts != 1 else ''}")
    if result.rejections:
        parts.append(f"{result.rejections} rejected")
    parts.append(f"received {result.pulled}")
    if result.removed:
        parts.append(f"removed {result.removed}")
    if result.repaired:
        parts.append(f"repaired {result.repaired}")
    if pending:
        parts.append(f"{pending} still pending")
    return ", ".join(parts)


def cmd_login(args: argparse.Namespace) -> int:
    from salesdesk import api
    from sync.client import SyncError

    store = _open(args)
    password = _password(f"Password for {args.user} on {args.server}: ")
    try:
        profile = api.login(store, args.server, args.user, password)
        print(f"signed in as {profile.display_name} ({profile.role}) on {args.server.rstrip('/')}")
        if not args.no_sync:
            result = _run_sync(store, password=password)
            print(_sync_summary(result, store.outbox_count()))
    except SyncError as exc:
        raise _sync_error(exc) from None
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from sync.client import SyncError

    store = _open(args)
    try:
        result = _run_sync(store)
    except SyncError as exc:
        raise _sync_error(exc) from None
    if args.json:
        _print_json(result.to_json())
    else:
        print(_sync_summary(result, store.outbox_count()))
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    from salesdesk import api

    store = _open(args)
    found = api.conflicts(store)
    if args.json:
        _print_json(found)
        return 0
    if not found["conflicts"] and not found["rejections"]:
        print("no open conflicts or rejected changes")
    for item in found["conflicts"]:
        mine = json.dumps(item["mine"], ensure_ascii=False)
        theirs = json.dumps(item["theirs"], ensure_ascii=False)
        who = f" by {item['their_user']}" if item["their_user"] else ""
        print(
            f"conflict   {item['id']}  {item['entity']} {item['title'] or item['row_id']}: "
            f"{item['field']} mine {mine}, theirs {theirs}{who}"
        )
    for item in found["rejections"]:
        print(
            f"rejected   {item['id']}  {item['kind']} {item['entity']} "
            f"{item['title'] or item['row_id']}: {item['reason']} [{item['code']}]"
        )
    return 0


def cmd_logout(args: argparse.Namespace) -> int:
    from salesdesk import api
    from sync.client import SyncError

    store = _open(args)
    try:
        api.logout(store, wipe=args.wipe, force=args.force)
    except SyncError as exc:
        raise _sync_error(exc) from None
    print("signed out" + ("; the local copy was deleted" if args.wipe else ""))
    return 0


def _amount(kpi: str, value: Any) -> str:
    """A KPI value for the terminal: ¥12,300.00, 45.50%, or a count."""
    if value is None:
        return "–"
    if kpi == "revenue":
        return f"¥{value:,.2f}"
    if kpi == "retention_rate":
        return f"{value}%"
    return f"{value:,}"


def cmd_leaderboard(args: argparse.Namespace) -> int:
    from salesdesk import api

    found = api.leaderboard(_open(args), args.kpi, args.period)
    if args.json:
        _print_json(found.to_json())
        return 0
    when = (
        f"as of the last sync, {found.as_of.astimezone():%Y-%m-%d %H:%M}"
        if found.as_of
        else "from this computer's data"
    )
    source = "team figures from the server" if found.source == "server" else "local data"
    print(f"{found.kpi} {found.period} ({source}, {when})")
    width = max([len(row.name) for row in found.rows] + [10])
    for row in found.rows:
        rank = f"#{row.rank}" if row.rank is not None else "–"
        parts = [f"{rank:>4}  {row.name:<{width}}  {_amount(found.kpi, row.value):>16}"]
        if row.target is not None:
            parts.append(f"target {_amount(found.kpi, row.target)}")
        if row.to_overtake is not None:
            parts.append(f"{_amount(found.kpi, row.to_overtake)} to overtake #{row.overtake_rank}")
        if row.provisional:
            parts.append("provisional (not synced yet)")
        print("  ".join(parts))
    total = f"{'':>4}  {'team total':<{width}}  {_amount(found.kpi, found.total):>16}"
    if found.team_target is not None:
        total += f"  target {_amount(found.kpi, found.team_target)} ({found.attainment_pct}%)"
    print(total)
    return 0


_LINE_NAMES = {
    "base": "base rate",
    "tier": "tier",
    "accelerator": "accelerator",
    "new_customer_bonus": "new-customer bonus",
    "cap": "cap",
}


def cmd_commission(args: argparse.Namespace) -> int:
    from salesdesk import api

    statements = api.commission(_open(args), args.user, args.period)
    if args.json:
        _print_json([item.to_json() for item in statements])
        return 0
    for item in statements:
        found = item.statement
        plan = item.plan.name if item.plan else "no plan"
        print(f"{item.name} {item.period}: {plan}")
        if found is None:
            reason = "no plan assigned" if item.problem == "no_plan" else "the plan is invalid"
            print(f"  {reason}")
            continue
        quota = f"¥{found.quota:,.2f}" if found.quota is not None else "none"
        attainment = f" ({found.attainment_pct}%)" if found.attainment_pct is not None else ""
        print(
            f"  revenue ¥{found.revenue:,.2f}, quota {quota}{attainment}, "
            f"new customers {found.new_customers}"
        )
        for line in found.lines:
            name = _LINE_NAMES.get(line.key, line.key)
            if line.tier is not None:
                name += f" {line.tier}"
            if line.key == "new_customer_bonus":
                how = f"{line.basis} × ¥{line.rate:,.2f}" if line.rate is not None else ""
            elif line.key == "cap":
                how = f"subtotal ¥{line.basis:,.2f} capped"
            else:
                how = f"¥{line.basis:,.2f} × {line.rate}%"
            print(f"  {name:<22} {how:<34} ¥{line.amount:>14,.2f}")
        if "no_quota" in found.warnings:
            print("  (no revenue target for the period: tiers and accelerator skipped)")
        print(f"  {'total':<22} {'':<34} ¥{found.total:>14,.2f}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from salesdesk import api
    from salesdesk.exports import ExportError

    store = _open(args)
    try:
        path = api.export(store, args.what, args.format, args.out, period=args.period, kpi=args.kpi)
    except ExportError as exc:
        raise CliError(str(exc)) from None
    print(path)
    return 0


def run_app(args: argparse.Namespace) -> int:
    from salesdesk.ui.app import run

    demo = args.command == "demo"
    return run(
        data_dir=args.data_dir,
        demo=demo,
        demo_customers=getattr(args, "customers", 0),
        demo_role=getattr(args, "role", "manager"),
    )


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    None: run_app,
    "demo": run_app,
    "init": cmd_init,
    "demo-data": cmd_demo_data,
    "add": cmd_add,
    "set": cmd_set,
    "delete": cmd_delete,
    "list": cmd_list,
    "get": cmd_get,
    "search": cmd_search,
    "status": cmd_status,
    "login": cmd_login,
    "sync": cmd_sync,
    "conflicts": cmd_conflicts,
    "logout": cmd_logout,
    "leaderboard": cmd_leaderboard,
    "commission": cmd_commission,
    "export": cmd_export,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``salesdesk`` console script."""
    from salesdesk.store.errors import StoreError

    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (CliError, StoreError) as exc:
        print(f"salesdesk: error: {exc}", file=sys.stderr)
    except KeyboardInterrupt:
        print("salesdesk: interrupted; nothing more was changed", file=sys.stderr)
    except BrokenPipeError:  # output piped into e.g. `head`, which stopped reading
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # the domain's ValidationError, without importing it at start
        from salesdesk.domain.schema import ValidationError

        if not isinstance(exc, ValidationError):
            raise
        print(f"salesdesk: error: {exc}", file=sys.stderr)
    return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
