"""The ``salesdesk`` command line: the public contract admins script against."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from salesdesk.cli import main
from salesdesk.store.store import Store


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def home(tmp_path: Path) -> str:
    return str(tmp_path / "profile")


def test_init_creates_the_profile(capsys: pytest.CaptureFixture[str], home: str) -> None:
    code, out, _ = run(capsys, "--data-dir", home, "init")
    assert code == 0 and out.strip() == home
    assert (Path(home) / "salesdesk.db").exists()
    assert run(capsys, "--data-dir", home, "init")[0] == 0  # idempotent


def test_add_get_set_list_search_delete(capsys: pytest.CaptureFixture[str], home: str) -> None:
    code, out, err = run(
        capsys,
        "--data-dir",
        home,
        "add",
        "customer",
        "name=深圳市华为技术有限公司",
        "tier=A",
        "tags=重点,VIP",
        "notes=第一次拜访",
    )
    assert code == 0, err
    customer_id = out.strip()
    code, out, _ = run(
        capsys,
        "--data-dir",
        home,
        "add",
        "contact",
        f"customer_id={customer_id}",
        "name=张伟",
        "mobile=13800138000",
    )
    contact_id = out.strip()
    assert code == 0
    assert run(capsys, "--data-dir", home, "set", "customer", customer_id, "status=active")[0] == 0

    code, out, _ = run(capsys, "--data-dir", home, "get", "customer", customer_id, "--json")
    record = json.loads(out)
    assert record["id"] == customer_id
    assert (record["name"], record["tier"], record["status"]) == (
        "深圳市华为技术有限公司",
        "A",
        "active",
    )
    assert record["tags"] == ["重点", "VIP"]
    assert [n["text"] for n in record["notes"]] == ["第一次拜访"]

    code, out, _ = run(capsys, "--data-dir", home, "list", "customer", "--json")
    assert [r["id"] for r in json.loads(out)] == [customer_id]

    code, out, _ = run(capsys, "--data-dir", home, "search", "张伟", "--json")
    hits = json.loads(out)
    assert [(h["entity"], h["id"], h["name"]) for h in hits] == [("contact", contact_id, "张伟")]
    code, out, _ = run(capsys, "--data-dir", home, "search", "华为")
    assert "深圳市华为技术有限公司" in out and customer_id in out

    assert run(capsys, "--data-dir", home, "delete", "customer", customer_id)[0] == 0
    code, out, _ = run(capsys, "--data-dir", home, "list", "contact", "--json")
    assert json.loads(out) == []  # deleted with its customer


def test_status_reports_counts_and_pending_changes(
    capsys: pytest.CaptureFixture[str], home: str
) -> None:
    run(capsys, "--data-dir", home, "add", "customer", "name=测试客户")
    code, out, _ = run(capsys, "--data-dir", home, "status", "--json")
    status = json.loads(out)
    assert code == 0
    assert status["counts"]["customer"] == 1
    assert status["pending_changes"] == 1
    assert status["last_sync"] is None and status["server"] is None
    code, out, _ = run(capsys, "--data-dir", home, "status")
    assert "pending changes  1" in out and "never" in out


def test_demo_data(capsys: pytest.CaptureFixture[str], home: str) -> None:
    code, out, _ = run(capsys, "--data-dir", home, "demo-data", "--customers", "40")
    assert code == 0 and "40 customers" in out
    store = Store.open(Path(home))
    assert store.count("customer") == 40
    store.close()


def test_salesdesk_home_sets_the_profile(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SALESDESK_HOME", str(tmp_path / "from-env"))
    code, out, _ = run(capsys, "init")
    assert code == 0 and out.strip() == str(tmp_path / "from-env")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["add", "nope", "x=1"], "unknown entity 'nope'"),
        (["add", "customer", "nme=x"], "customer has no field 'nme'"),
        (["add", "customer", "name=x", "tier=Z"], "tier: must be one of A, B, C"),
        (["add", "customer", "name=x", "latitude=north"], "latitude: must be a number"),
        (["add", "customer"], "name: a value is required"),
        (["add", "customer", "just-text"], "expected field=value"),
        (["add", "deal", "title=x", "amount=1.234"], "amount: at most 2 decimal places"),
        (
            ["add", "contact", "name=x", "customer_id=01a20952-68e2-720d-9c8a-d87f1cc01913"],
            "no customer",
        ),
        (["get", "customer", "not-an-id"], "'not-an-id' is not an id"),
        (["get", "customer", "01a20952-68e2-720d-9c8a-d87f1cc01913"], "no customer with id"),
        (
            ["set", "customer", "01a20952-68e2-720d-9c8a-d87f1cc01913", "tier=A"],
            "no customer with id",
        ),
        (["delete", "customer", "01a20952-68e2-720d-9c8a-d87f1cc01913"], "no customer with id"),
        (["add", "user", "username=x"], "managed on the server"),
        (["demo-data", "--customers", "-5"], "0 or more"),
    ],
)
def test_bad_input_is_one_clear_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], home: str, argv: list[str], message: str
) -> None:
    run(capsys, "--data-dir", home, "init")
    before = json.loads(run(capsys, "--data-dir", home, "status", "--json")[1])
    code, out, err = run(capsys, "--data-dir", home, *argv)
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("salesdesk: error: ")
    assert message in err
    after = json.loads(run(capsys, "--data-dir", home, "status", "--json")[1])
    assert after == before


def test_unreadable_data_dir(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "salesdesk.db").write_bytes(b"garbage, not a database" * 10)
    code, _, err = run(capsys, "--data-dir", str(folder), "status")
    assert code == 1 and "not a SalesDesk database" in err
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    code, _, err = run(capsys, "--data-dir", str(blocked / "inside"), "init")
    assert code == 1 and "cannot create the data folder" in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["frobnicate"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_the_installed_command_never_prints_a_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "SALESDESK_HOME": str(tmp_path / "p")}
    command = [sys.executable, "-m", "salesdesk.cli"]
    ok = subprocess.run(
        [*command, "add", "customer", "name=进程测试"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    made = ok.stdout.strip()
    assert ok.returncode == 0 and len(made) == 36
    unknown = made[:-1] + ("1" if made.endswith("0") else "0")
    bad = subprocess.run(
        [*command, "get", "customer", unknown],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr and "no customer with id" in bad.stderr
