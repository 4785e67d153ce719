"""Three installations in separate processes edit every entity offline, sync, and converge.

Invariants 2 (no lost write), 5 (convergence), 6 (field-level merge) and 7 (no
missed change: on PostgreSQL the server runs two worker processes and the
three clients sync at the same time). The clients are separate processes
(``tests/syncing/worker.py``) with their own data folders and SQLite files,
sharing a (file) keyring like three programs on one machine would; after
the last round every client's copy must equal the server's view of its
user, row for row and field for field.
"""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from salesdesk.store.store import Store
from sync import client
from tests.server.conftest import PASSWORD
from tests.syncing.conftest import Servers
from tests.syncing.support import ROOT, assert_converged, client_env, server_rows, worker

PHOTO = b"\x89PNG fake photo bytes"


def _parallel(runs: list[tuple[Path, list[list[Any]]]], env: dict[str, str]) -> list[list[Any]]:
    """Run several workers at the same time; their results."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.syncing.worker", str(folder), json.dumps(commands)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        for folder, commands in runs
    ]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err[-3000:]
        results.append([json.loads(line) for line in out.splitlines() if line.strip()])
    return results


@pytest.mark.parametrize(("backend", "workers"), [("sqlite", 1), ("postgres", 2)])
def test_three_clients_edit_every_entity_offline_and_converge(
    servers: Servers, tmp_path: Path, backend: str, workers: int
) -> None:
    server = servers.start(backend, workers=workers)
    env = client_env(tmp_path)
    laptop, desktop, office = tmp_path / "a1-laptop", tmp_path / "a1-desktop", tmp_path / "ma"
    for folder, user in ((laptop, "a1"), (desktop, "a1"), (office, "ma")):
        worker(folder, [["login", server.url, user, PASSWORD]], env)
    (a1,) = worker(laptop, [["profile"]], env)
    rep = a1["user_id"]

    # The manager sets up the team's configuration, targets and plans.
    made = worker(
        office,
        [
            ["sync"],
            ["add", "pipeline_stage", {"code": "pilot", "name": "试点", "position": "9"}],
            ["add", "report_template", {"name": "周报(新)", "kind": "weekly"}],
            [
                "add",
                "target",
                {"kpi": "revenue", "period": "2026-12", "value": "100000", "user_id": rep},
            ],
            ["add", "commission_plan", {"name": "标准提成", "base_rate": "3"}],
            ["add", "appraisal_config", {"name": "季度考核", "weights": '{"revenue": 60}'}],
            ["sync"],
        ],
        env,
    )
    pilot, template, target, plan, appraisal = (r["id"] for r in made[1:6])
    (assignment, _) = worker(
        office,
        [
            [
                "add",
                "commission_assignment",
                {"plan_id": plan, "user_id": rep, "effective_from": "2026-12-01"},
            ],
            ["sync"],
        ],
        env,
    )

    # The rep records a customer with everything under it on the laptop.
    lead = worker(laptop, [["sync"], ["find", "pipeline_stage", "code", "lead"]], env)[1]["id"]
    contact_stage = worker(laptop, [["find", "pipeline_stage", "code", "contact"]], env)[0]["id"]
    results = worker(
        laptop,
        [
            [
                "add",
                "customer",
                {
                    "name": "深圳市华为技术有限公司",
                    "city": "深圳",
                    "tier": "B",
                    "notes": "第一次拜访",
                },
            ],
        ],
        env,
    )
    customer = results[0]["id"]
    results = worker(
        laptop,
        [
            ["add", "contact", {"customer_id": customer, "name": "张伟", "mobile": "13800138000"}],
            ["add", "contact", {"customer_id": customer, "name": "李娜", "mobile": "13900139000"}],
            [
                "add",
                "deal",
                {
                    "customer_id": customer,
                    "title": "年度采购",
                    "stage_id": lead,
                    "amount": "10000.00",
                },
            ],
            [
                "add",
                "visit",
                {"customer_id": customer, "purpose": "回访", "planned_on": "2026-12-01"},
            ],
            ["add", "feedback", {"customer_id": customer, "body": "服务满意", "rating": "5"}],
            ["add", "task", {"title": "准备报价"}],
            [
                "add",
                "report",
                {
                    "kind": "daily",
                    "period_start": "2026-11-23",
                    "period_end": "2026-11-23",
                    "sections": '{"summary": "拜访"}',
                },
            ],
        ],
        env,
    )
    contact1, contact2, deal, visit, feedback, task, report = (r["id"] for r in results)
    results = worker(
        laptop,
        [
            [
                "add",
                "deal_stage_change",
                {"deal_id": deal, "from_stage_id": lead, "to_stage_id": contact_stage},
            ],
            [
                "add",
                "attachment",
                {
                    "visit_id": visit,
                    "file_name": "门头.png",
                    "content": {"$bytes": base64.b64encode(PHOTO).decode()},
                    "size": str(len(PHOTO)),
                    "sha256": hashlib.sha256(PHOTO).hexdigest(),
                },
            ],
            ["add", "report_comment", {"report_id": report, "body": "明天继续"}],
            ["sync"],
        ],
        env,
    )
    stage_change, attachment, comment = (r["id"] for r in results[:3])
    assert results[3]["rejections"] == 0 and results[3]["applied"] == 12
    worker(desktop, [["sync"]], env)
    worker(office, [["sync"]], env)

    # Offline edits on all three: different fields, the same field, notes, deletes, creates.
    worker(
        laptop,
        [
            ["set", "customer", customer, {"city": "广州"}],
            ["note", "customer", customer, "笔记本上的备注"],
            ["set", "contact", contact1, {"title": "采购经理"}],
            ["delete", "visit", visit],
            ["add", "customer", {"name": "笔记本新客户", "city": "东莞"}],
            ["set", "deal", deal, {"amount": "50000.00"}],
            ["set", "task", task, {"status": "done"}],
            ["set", "report", report, {"sections": '{"summary": "拜访两家"}'}],
        ],
        env,
    )
    (new_on_desktop,) = worker(
        desktop,
        [["add", "customer", {"name": "台式机新客户", "city": "佛山"}]],
        env,
    )
    worker(
        desktop,
        [
            ["set", "customer", customer, {"tier": "A", "city": "上海"}],
            ["note", "customer", customer, "台式机上的备注"],
            ["delete", "contact", contact2],
            ["add", "contact", {"customer_id": new_on_desktop["id"], "name": "王强"}],
            ["set", "task", task, {"priority": "high"}],
        ],
        env,
    )
    worker(
        office,
        [
            ["set", "customer", customer, {"phone": "0755-88888888"}],
            ["note", "customer", customer, "经理的备注"],
            ["set", "target", target, {"value": "200000"}],
            ["delete", "pipeline_stage", pilot],
            ["add", "report_comment", {"report_id": report, "body": "数据不错"}],
            ["set", "report", report, {"score": "4"}],
            ["set", "commission_plan", plan, {"base_rate": "4"}],
            ["set", "appraisal_config", appraisal, {"weights": '{"revenue": 70}'}],
            ["set", "commission_assignment", assignment["id"], {"effective_to": "2027-06-30"}],
        ],
        env,
    )

    # Everyone syncs at the same time, then twice more in turn.
    rounds = _parallel([(f, [["sync"]]) for f in (laptop, desktop, office)], env)
    assert all("error" not in r[0] for r in rounds), rounds
    for _ in range(2):
        for folder in (laptop, desktop, office):
            (result,) = worker(folder, [["sync"]], env)
            assert "error" not in result, result

    # Every copy equals the server's, row for row.
    stores = {
        name: Store.open(folder)
        for name, folder in (("laptop", laptop), ("desktop", desktop), ("office", office))
    }
    try:
        for name, store in stores.items():
            assert_converged(store, server, "ma" if name == "office" else "a1")
        customers = server_rows(server, "customer")
        assert sorted(c["name"] for c in customers.values()) == sorted(
            ["深圳市华为技术有限公司", "笔记本新客户", "台式机新客户"]
        ), "a customer is missing or duplicated"
        row = customers[customer]
        assert (row["tier"], row["phone"]) == ("A", "0755-88888888")  # different fields merge
        assert sorted(n["text"] for n in row["notes"]) == sorted(
            ["第一次拜访", "笔记本上的备注", "台式机上的备注", "经理的备注"]
        )
        # The same field: the first to reach the server wins; the other keeps a conflict.
        loser = "desktop" if row["city"] == "广州" else "laptop"
        assert row["city"] in ("广州", "上海")
        conflicts = client.conflicts(stores[loser])
        assert [(c.field, c.theirs) for c in conflicts] == [("city", row["city"])]
        assert conflicts[0].mine == ("上海" if loser == "desktop" else "广州")
        assert client.conflicts(stores["laptop" if loser == "desktop" else "desktop"]) == []
        assert all(client.rejections(s) == [] for s in stores.values())
        rows = {
            e: server_rows(server, e)
            for e in (
                "visit",
                "attachment",
                "contact",
                "task",
                "report",
                "deal",
                "pipeline_stage",
                "target",
                "report_comment",
            )
        }
        assert rows["visit"][visit]["deleted"] and rows["attachment"][attachment]["deleted"]
        assert rows["contact"][contact2]["deleted"] and not rows["contact"][contact1]["deleted"]
        assert rows["contact"][contact1]["title"] == "采购经理"
        assert (rows["task"][task]["status"], rows["task"][task]["priority"]) == ("done", "high")
        assert rows["report"][report]["score"] == 4
        assert rows["report"][report]["sections"] == {"summary": "拜访两家"}
        assert rows["deal"][deal]["amount"] == "50000.00"
        assert rows["pipeline_stage"][pilot]["deleted"]
        assert rows["target"][target]["value"] == "200000.00"
        assert len([c for c in rows["report_comment"].values() if c["report_id"] == report]) == 2
        assert {stage_change, comment, feedback, template} <= {
            i
            for s in stores.values()
            for e in ("deal_stage_change", "report_comment", "feedback", "report_template")
            for i in (str(r.id) for r in s.select(e))
        }
    finally:
        for store in stores.values():
            store.close()
