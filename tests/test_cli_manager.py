"""``salesdesk leaderboard``, ``commission`` and ``export``: the --json shapes, the files, and
bad input (one line on stderr, exit 1, nothing written)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from salesdesk.cli import main
from salesdesk.store import commissions
from salesdesk.store.store import Store
from tests.test_store_figures import add_people, sell, target


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def team(store: Store, profile_dir: Path) -> str:
    """A manager's profile with two reps who sold in November 2026, a plan and targets."""
    zhang, li = add_people(store, "张伟", "李娜")
    sell(store, zhang, "12000.50")
    sell(store, li, "30000")
    target(store, None, "100000")
    target(store, zhang, "20000")
    plan = commissions.save_plan(store, {"name": "标准", "base_rate": Decimal("3")})
    commissions.save_assignment(store, {"plan_id": plan.id, "user_id": zhang})
    return str(profile_dir)


def test_leaderboard_json(capsys: pytest.CaptureFixture[str], team: str) -> None:
    code, out, err = run(capsys, "--data-dir", team, "leaderboard", "--period", "2026-11", "--json")
    assert code == 0, err
    board = json.loads(out)
    assert set(board) == {
        "kpi",
        "period",
        "source",
        "as_of",
        "computed_at",
        "provisional",
        "total",
        "team_target",
        "attainment_pct",
        "standings",
        "team_goal",
    }
    assert (board["kpi"], board["period"], board["source"]) == ("revenue", "2026-11", "local")
    assert [(s["name"], s["rank"], s["value"]) for s in board["standings"]] == [
        ("李娜", 1, "30000.00"),
        ("张伟", 2, "12000.50"),
    ]
    second = board["standings"][1]
    assert (second["to_overtake"], second["overtake_rank"]) == ("17999.51", 1)
    assert (second["target"], second["attainment_pct"]) == ("20000.00", "60.00")
    assert board["total"] == "42000.50" and board["team_target"] == "100000.00"
    shares = [Decimal(m["share_pct"]) for m in board["team_goal"]["members"]]
    assert sum(shares) == 100

    code, out, _ = run(capsys, "--data-dir", team, "leaderboard", "--period", "2026-11")
    assert code == 0 and "李娜" in out and "¥17,999.51 to overtake #1" in out
    code, out, _ = run(
        capsys, "--data-dir", team, "leaderboard", "--kpi", "deals_won", "--period", "2026-Q4"
    )
    assert code == 0 and "deals_won 2026-Q4" in out


def test_commission_json_lists_every_line(capsys: pytest.CaptureFixture[str], team: str) -> None:
    code, out, err = run(
        capsys, "--data-dir", team, "commission", "--user", "张伟", "--period", "2026-11", "--json"
    )
    assert code == 0, err
    [statement] = json.loads(out)
    assert statement["name"] == "张伟" and statement["plan"]["name"] == "标准"
    assert statement["revenue"] == "12000.50" and statement["quota"] == "20000.00"
    assert statement["lines"] == [
        {
            "key": "base",
            "basis": "12000.50",
            "rate": "3.0000",
            "amount": "360.02",  # 3% of 12,000.50 = 360.015, half up
            "tier": None,
            "from_pct": None,
            "to_pct": None,
            "multiplier": None,
        }
    ]
    assert statement["total"] == "360.02" and statement["capped"] is False
    code, out, _ = run(capsys, "--data-dir", team, "commission", "--period", "2026-11")
    assert code == 0 and "张伟 2026-11: 标准" in out and "李娜 2026-11: no plan" in out


@pytest.mark.parametrize(
    ("what", "file_format"),
    [
        ("customers", "csv"),
        ("customers", "xlsx"),
        ("leaderboard", "csv"),
        ("leaderboard", "xlsx"),
        ("leaderboard", "pdf"),
        ("reports", "csv"),
        ("reports", "pdf"),
    ],
)
def test_export_writes_each_kind_and_format(
    capsys: pytest.CaptureFixture[str], team: str, tmp_path: Path, what: str, file_format: str
) -> None:
    out_file = tmp_path / f"{what}.{file_format}"
    period = "2026-W46" if what == "reports" else "2026-11"
    code, out, err = run(
        capsys,
        "--data-dir",
        team,
        "export",
        what,
        "--format",
        file_format,
        "--out",
        str(out_file),
        "--period",
        period,
    )
    assert code == 0, err
    assert out.strip() == str(out_file) and out_file.stat().st_size > 0
    if file_format == "csv":
        text = out_file.read_text(encoding="utf-8-sig")
        expected = {"customers": "客户", "leaderboard": "李娜", "reports": "Author"}[what]
        assert expected in text


def test_bad_input_is_one_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], team: str, tmp_path: Path
) -> None:
    before = Store.open(Path(team))
    outbox = before.outbox_count()
    before.close()
    cases = [
        ("leaderboard", "--kpi", "profit"),
        ("leaderboard", "--period", "2026-13"),
        ("leaderboard", "--period", "2026-W48"),
        ("commission", "--user", "nobody"),
        ("export", "customers", "--format", "csv", "--out", str(tmp_path / "no" / "x.csv")),
        (
            "export",
            "leaderboard",
            "--format",
            "csv",
            "--out",
            str(tmp_path / "l.csv"),
            "--kpi",
            "x",
        ),
    ]
    for args in cases:
        code, out, err = run(capsys, "--data-dir", team, *args)
        assert code == 1, args
        assert err.startswith("salesdesk: error:") and err.count("\n") == 1, err
        assert out == ""
    assert not (tmp_path / "l.csv").exists() and not (tmp_path / "no").exists()
    after = Store.open(Path(team))
    assert after.outbox_count() == outbox
    after.close()
