"""Schemathesis fuzzes every operation of the published OpenAPI document: no server errors.

It runs as the ``schemathesis`` command against a server of its own (its
login attempts must not rate-limit other tests), with a valid access token,
a bounded number of examples per operation and a time budget. Logout is left
out (it would end the token the fuzzer uses); its behaviour is tested in
test_auth.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.server.conftest import Server

EXAMPLES = os.environ.get("SALESDESK_FUZZ_EXAMPLES", "20")


def test_the_openapi_document_describes_the_sync_endpoints(world: Server) -> None:
    spec = world.shared("a1").ok("GET", "/openapi.json")
    paths = set(spec["paths"])
    assert {
        "/auth/login",
        "/auth/refresh",
        "/sync/push",
        "/sync/pull",
        "/sync/summary",
        "/sync/ids",
        "/health",
    } <= paths
    push = spec["paths"]["/sync/push"]["post"]
    body = push["requestBody"]["content"]["application/json"]["schema"]
    assert body["required"] == ["ops", "client_id"]
    parameters = {p["name"] for p in push["parameters"]}
    assert "X-SalesDesk-Protocol" in parameters


def test_fuzzing_finds_no_server_error(fresh: Server, tmp_path: Path) -> None:
    fresh.start()
    token = fresh.login("a1").tokens["access_token"]
    report = tmp_path / "report.json"
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        f"{fresh.url}/openapi.json",
        "--checks",
        "not_a_server_error",
        "--max-examples",
        EXAMPLES,
        "--phases",
        "examples,coverage,fuzzing",
        "--header",
        f"Authorization: Bearer {token}",
        "--header",
        "X-SalesDesk-Protocol: 2",
        "--exclude-path",
        "/auth/logout",
        "--workers",
        "1",  # CPython 3.11's ast module is not thread-safe (gh-106905): Hypothesis parses
        # sources while describing strategies, and two workers crashed it ("AST constructor
        # recursion depth mismatch") — a fault of the fuzzer's process, not of the server
        "--seed",
        "20261123",
        "--suppress-health-check",
        "all",  # data generation speed depends on the machine's load, not on the server
        "--generation-database",
        "none",
        "--request-timeout",
        "30",
        "--no-color",
        "--report",
        "json",
        "--report-json-path",
        str(report),
    ]
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SALESDESK_")}
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=tmp_path,
        env={**environment, "PYTHONWARNINGS": "ignore"},
    )
    output = done.stdout + done.stderr
    (Path(os.environ.get("SALESDESK_FUZZ_LOG", tmp_path)) / "schemathesis.txt").write_text(output)
    problems = output[output.find("ERRORS") :] if "ERRORS" in output else output[-6000:]
    assert done.returncode == 0, problems[:8000]
    assert "not_a_server_error" in output or report.exists(), output[-3000:]
    if report.exists():
        json.loads(report.read_text())
    assert " 500 " not in fresh.log() and "Traceback" not in fresh.log(), fresh.log()[-5000:]
