"""Auth: login, token rotation and reuse detection, logout, disabled users, rate limits, expiry."""

from __future__ import annotations

import time
import uuid

import requests

from tests.server.conftest import PASSWORD, Server, create


def _code(response: requests.Response) -> str:
    return str(response.json()["error"]["code"])


def test_login_returns_tokens_and_the_profile(world: Server) -> None:
    client = world.login("a1")
    assert client.tokens["token_type"] == "bearer"
    assert client.tokens["expires_in"] > 0 and client.tokens["refresh_expires_in"] > 0
    me = client.ok("GET", "/auth/me")
    assert me == client.user
    assert (me["username"], me["role"], me["display_name"]) == ("a1", "rep", "A1")
    assert me["team_id"]


def test_wrong_password_and_unknown_user_get_the_same_answer(world: Server) -> None:
    client = world.client()
    answers = []
    for username, password in (("a2", "wrong-password"), ("nobody-here", PASSWORD)):
        response = client.request(
            "POST", "/auth/login", json={"username": username, "password": password}
        )
        assert response.status_code == 401
        answers.append(response.json())
    assert answers[0] == answers[1]
    assert world.login("a2").user["username"] == "a2"  # a success clears the account's count


def test_requests_without_a_valid_token_are_refused(world: Server) -> None:
    client = world.client()
    good = world.login("a1").tokens["access_token"]
    body, signature = good.split(".")
    forged_body = body[:-2] + ("AA" if body[-2:] != "AA" else "BB")
    for header in (
        None,
        "Basic YTE6eA==",
        "Bearer ",
        "Bearer not-a-token",
        f"Bearer {forged_body}.{signature}",
        f"Bearer {body}.{signature[::-1]}",
    ):
        headers = {"Authorization": header} if header is not None else {}
        for method, path in (("GET", "/sync/pull"), ("POST", "/sync/push"), ("GET", "/auth/me")):
            response = client.request(method, path, headers=headers, json={"ops": []})
            assert response.status_code == 401, (header, path, response.text)
            assert response.json()["error"]["code"] in ("not_signed_in", "invalid_token")


def test_refresh_rotates_and_reusing_a_rotated_token_revokes_the_family(fresh: Server) -> None:
    fresh.start(SALESDESK_REFRESH_REUSE_GRACE="1")
    laptop = fresh.login("a1")
    other_device = fresh.login("a1")  # another session: must not be affected
    first = laptop.tokens
    assert laptop.refresh().status_code == 200
    second = laptop.tokens
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    laptop.ok("GET", "/auth/me")
    time.sleep(1.5)  # past the reuse interval
    # Someone replays the first (rotated) refresh token: the whole family is revoked.
    thief = fresh.client()
    thief.tokens = first
    reused = thief.refresh()
    assert reused.status_code == 401 and _code(reused) == "token_reused"
    assert laptop.request("GET", "/auth/me").status_code == 401
    assert laptop.refresh().status_code == 401  # the newest token of the family too
    other_device.ok("GET", "/auth/me")


def test_a_rotated_token_presented_again_within_the_reuse_interval_gets_a_new_pair(
    world: Server,
) -> None:
    """A client whose refresh answer was lost retries with the old token: not a theft."""
    laptop = world.login("a1")
    first = laptop.tokens
    assert laptop.refresh().status_code == 200  # rotated; pretend this answer never arrived
    lost = laptop.tokens
    retry = world.client()
    retry.tokens = first
    again = retry.refresh()
    assert again.status_code == 200, again.text
    assert retry.tokens["refresh_token"] not in (first["refresh_token"], lost["refresh_token"])
    assert retry.user == laptop.user
    retry.ok("GET", "/auth/me")
    assert retry.refresh().status_code == 200  # the new pair rotates normally
    laptop.ok("GET", "/auth/me")  # the same family: nothing was revoked


def test_the_reuse_interval_is_short_and_reuse_after_it_still_revokes(fresh: Server) -> None:
    fresh.start(SALESDESK_REFRESH_REUSE_GRACE="2")
    laptop = fresh.login("a1")
    first = laptop.tokens
    assert laptop.refresh().status_code == 200
    retry = fresh.client()
    retry.tokens = first
    assert retry.refresh().status_code == 200  # within 2 s: a retry
    time.sleep(2.5)
    late = fresh.client()
    late.tokens = first
    reused = late.refresh()
    assert reused.status_code == 401 and _code(reused) == "token_reused"
    for device in (laptop, retry):  # the family is revoked: every token of it
        assert device.request("GET", "/auth/me").status_code == 401
        assert device.refresh().status_code == 401


def test_logout_ends_the_session_at_once(world: Server) -> None:
    client = world.login("a1")
    client.ok("POST", "/auth/logout")
    response = client.request("GET", "/sync/pull")
    assert response.status_code == 401 and _code(response) == "session_revoked"
    assert client.refresh().status_code == 401


def test_a_disabled_user_loses_access_at_once(world: Server) -> None:
    name = f"temp{uuid.uuid4().hex[:6]}"
    world.add_user(name, "rep", "Team A")
    client = world.login(name)
    client.ok("GET", "/sync/pull")
    world.cli("user", "disable", name)
    for method, path in (("GET", "/sync/pull"), ("GET", "/auth/me"), ("GET", "/sync/summary")):
        assert client.request(method, path).status_code == 401
    response = client.request(
        "POST",
        "/sync/push",
        json={"client_id": str(uuid.uuid4()), "ops": [create("task", None, title="x")]},
    )
    assert response.status_code == 401
    assert client.refresh().status_code == 401
    login = world.client().request(
        "POST", "/auth/login", json={"username": name, "password": PASSWORD}
    )
    assert login.status_code == 401
    # The team sees the account as inactive.
    manager = world.login("ma")
    manager.sync()
    (row,) = [r for r in manager.rows.values() if r["_entity"] == "user" and r["username"] == name]
    assert row["active"] is False
    world.cli("user", "enable", name)
    assert world.login(name).ok("GET", "/auth/me")["username"] == name


def test_a_disabled_account_is_named_only_to_its_owner(world: Server) -> None:
    name = f"temp{uuid.uuid4().hex[:6]}"
    world.add_user(name, "rep", "Team A")
    client = world.login(name)
    refresh_token = client.tokens["refresh_token"]
    world.cli("user", "disable", name)
    for response in (
        client.request("GET", "/sync/pull"),  # a session of the account
        world.client().request("POST", "/auth/refresh", json={"refresh_token": refresh_token}),
        world.client().request(
            "POST", "/auth/login", json={"username": name, "password": PASSWORD}
        ),
    ):
        assert response.status_code == 401 and _code(response) == "user_disabled", response.text
    wrong = world.client().request(
        "POST", "/auth/login", json={"username": name, "password": "wrong-password"}
    )
    assert wrong.status_code == 401 and _code(wrong) == "bad_credentials"
    world.cli("user", "enable", name)
    ended = client.request("GET", "/sync/pull")  # the sessions stay ended after enabling
    assert ended.status_code == 401 and _code(ended) == "session_revoked"


def test_a_new_password_ends_every_session(world: Server) -> None:
    name = f"temp{uuid.uuid4().hex[:6]}"
    world.add_user(name, "manager", "Team B")
    client = world.login(name)
    world.cli("user", "passwd", name, password="another-password-1")
    assert client.request("GET", "/auth/me").status_code == 401
    assert world.login(name, "another-password-1").user["role"] == "manager"


def test_logins_are_rate_limited_per_account_and_per_address(fresh: Server) -> None:
    fresh.start(
        SALESDESK_LOGIN_ACCOUNT_LIMIT="3",
        SALESDESK_LOGIN_ADDRESS_LIMIT="6",
        SALESDESK_LOGIN_WINDOW="120",
    )
    client = fresh.client()

    def attempt(username: str, password: str = "wrong-password") -> requests.Response:
        return client.request(
            "POST", "/auth/login", json={"username": username, "password": password}
        )

    assert [attempt("a1").status_code for _ in range(3)] == [401, 401, 401]
    blocked = attempt("a1", PASSWORD)  # even the right password is refused now
    assert blocked.status_code == 429
    assert _code(blocked) == "too_many_attempts"
    assert 1 <= int(blocked.headers["Retry-After"]) <= 121
    assert "account" in blocked.json()["error"]["message"]
    # Other accounts still work from this address until the address limit is reached.
    assert attempt("a2", PASSWORD).status_code == 200
    assert [attempt(name).status_code for name in ("a2", "ma", "mb")] == [401, 401, 401]
    blocked = attempt("b1", PASSWORD)
    assert blocked.status_code == 429 and "address" in blocked.json()["error"]["message"]
    assert int(blocked.headers["Retry-After"]) >= 1


def test_an_expired_access_token_is_refused_and_can_be_refreshed(fresh: Server) -> None:
    fresh.start(SALESDESK_ACCESS_TTL="1")
    client = fresh.login("a1")
    client.ok("GET", "/auth/me")
    time.sleep(2.1)
    expired = client.request("GET", "/sync/pull")
    assert expired.status_code == 401 and _code(expired) == "token_expired"
    assert 'error="invalid_token"' in expired.headers["WWW-Authenticate"]
    assert client.refresh().status_code == 200
    client.ok("GET", "/sync/pull")
