"""The salesdesk-server CLI contract: commands, defaults, and one clear line for every mistake."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.server.conftest import PASSWORD, Server, Templates


def run_cli(
    *args: str, cwd: Path, password: str | None = PASSWORD, **env: str
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SALESDESK_")}
    environment.update(env)
    if password is not None:
        environment["SALESDESK_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "sync.server.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environment,
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )


def assert_clear_failure(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    for word in words:
        assert word in lines[0], lines[0]


def test_db_defaults_to_a_file_in_the_current_folder_and_salesdesk_db_sets_it(
    tmp_path: Path,
) -> None:
    done = run_cli("init", "--admin", "root", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "salesdesk-server.db").exists()
    elsewhere = tmp_path / "other.db"
    done = run_cli("init", "--admin", "root", cwd=tmp_path, SALESDESK_DB=str(elsewhere))
    assert done.returncode == 0, done.stderr
    assert elsewhere.exists()
    again = run_cli("init", "--admin", "root2", cwd=tmp_path)
    assert_clear_failure(again, "already set up")


def test_team_add_seeds_the_default_pipeline_and_templates(world: Server) -> None:
    admin = world.shared("admin")
    admin.sync()
    for team in (r for r in admin.rows.values() if r["_entity"] == "team"):
        stages = [
            r
            for r in admin.rows.values()
            if r["_entity"] == "pipeline_stage" and r["team_id"] == team["id"]
        ]
        templates = [
            r
            for r in admin.rows.values()
            if r["_entity"] == "report_template" and r["team_id"] == team["id"]
        ]
        assert len(stages) == 8 and {s["code"] for s in stages} >= {"lead", "won", "lost"}
        assert sorted(t["kind"] for t in templates) == ["daily", "monthly", "weekly"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("team", "add", "Team A"), ("already exists",)),
        (("team", "add", "  "), ("name",)),
        (("user", "add", "x1", "--role", "rep"), ("needs a team",)),
        (("user", "add", "x2", "--role", "rep", "--team", "Nowhere"), ("no team",)),
        (("user", "add", "a1", "--role", "rep", "--team", "Team A"), ("taken",)),
        (("user", "add", "bad name", "--role", "rep", "--team", "Team A"), ("user name",)),
        (("user", "disable", "ghost"), ("no user",)),
        (("user", "move", "a1", "--team", "Team A"), ("already in team",)),
        (("user", "move", "a1", "--team", "Nowhere"), ("no team",)),
        (("reassign", "--from", "a1", "--to", "a1"), ("same user",)),
        (("reassign", "--from", "a1", "--to", "a2", "--customer", "nope"), ("not a valid id",)),
        (
            (
                "reassign",
                "--from",
                "a1",
                "--to",
                "a2",
                "--customer",
                "01a20000-0000-7000-8000-000000000000",
            ),
            ("owns no customer",),
        ),
        (("run", "--workers", "0"), ("--workers",)),
        (("run", "--ssl-certfile", "x.pem"), ("go together",)),
    ],
)
def test_mistakes_get_one_clear_line(
    templates: Templates, tmp_path: Path, args: tuple[str, ...], words: tuple[str, ...]
) -> None:
    server = templates.copy("sqlite", tmp_path)
    assert_clear_failure(server.cli(*args, check=False), *words)


def test_passwords_come_from_the_environment_or_a_terminal(tmp_path: Path) -> None:
    done = run_cli("init", "--admin", "root", cwd=tmp_path, password=None)
    assert_clear_failure(done, "SALESDESK_PASSWORD")
    short = run_cli("init", "--admin", "root", cwd=tmp_path, password="short")
    assert_clear_failure(short, "at least 8")


def test_bad_databases_are_reported_without_a_traceback(tmp_path: Path) -> None:
    cases = [
        (("--db", str(tmp_path / "missing" / "x.db"), "init", "--admin", "r"), "does not exist"),
        (("--db", "mysql://x/y", "init", "--admin", "r"), "unsupported"),
        (("--db", "sqlite://", "init", "--admin", "r"), "in-memory"),
        (("--db", str(tmp_path / "empty.db"), "team", "add", "T"), "not set up"),
        (("--db", str(tmp_path / "empty.db"), "run"), "not set up"),
        (
            ("--db", "postgresql://nobody:x@127.0.0.1:1/none", "team", "add", "T"),
            "database",
        ),
    ]
    (tmp_path / "junk.db").write_text("this is not a database")
    cases.append((("--db", str(tmp_path / "junk.db"), "team", "add", "T"), "database"))
    for args, word in cases:
        assert_clear_failure(run_cli(*args, cwd=tmp_path), word)


def test_usage_errors_are_reported_by_argparse(tmp_path: Path) -> None:
    done = run_cli("user", "add", "x", "--role", "boss", cwd=tmp_path)
    assert done.returncode == 2
    assert "invalid choice" in done.stderr and "Traceback" not in done.stderr
