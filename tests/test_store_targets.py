"""Targets on a real profile: SMART checks, splitting a team target (always exact, in one
transaction, replacing the previous split), progress on a chosen day, and a rep's view."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salesdesk.domain.entities import Customer, Deal, PipelineStage, Target, Visit
from salesdesk.domain.periods import Period
from salesdesk.domain.schema import ValidationError
from salesdesk.domain.targets import TrackStatus
from salesdesk.store import targets
from salesdesk.store.store import PermissionDeniedError, Store
from tests.report_helpers import add_user, become, local_at, pulled, pulled_update

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOVEMBER = Period.parse("2026-11")


def team_target(store: Store, value: str, kpi: str = "revenue", period: str = "2026-11") -> Target:
    return targets.save_target(
        store, {"kpi": kpi, "period": period, "value": value, "description": "团队目标"}
    )


def won(store: Store, owner: uuid.UUID, amount: str, closed_on: dt.date) -> None:
    stage = next(s for s in store.select(PipelineStage) if s.code == "won")
    customer = store.create(Customer, name=f"客户{uuid.uuid4().hex[:6]}", owner_id=owner)
    store.create(
        Deal,
        customer_id=customer.id,
        title="成交",
        stage_id=stage.id,
        status="won",
        amount=Decimal(amount),
        closed_on=closed_on,
        owner_id=owner,
    )


def parts_of(store: Store, target: Target) -> dict[uuid.UUID | None, Decimal]:
    table = store.table(Target)
    rows = store.select(Target, table.c.parent_id == target.id)
    return {p.user_id: p.value or Decimal(0) for p in rows}


@pytest.fixture
def reps(store: Store) -> list[uuid.UUID]:
    return [add_user(store, name) for name in ("张伟", "李娜", "王强")]


def test_an_equal_split_adds_up_exactly(store: Store, reps: list[uuid.UUID]) -> None:
    target = team_target(store, "100000.00")
    parts = targets.split_team_target(store, target.id, "equal", tz=SHANGHAI)
    values = parts_of(store, target)
    assert sum(values.values()) == Decimal("100000.00")
    assert sorted(values.values()) == [Decimal("33333.33")] * 2 + [Decimal("33333.34")]
    assert set(values) == set(reps)
    assert all(p.parent_id == target.id and p.split_method == "equal" for p in parts)
    assert all(
        (p.kpi, p.period, p.team_id) == ("revenue", "2026-11", target.team_id) for p in parts
    )
    assert store.require(Target, target.id).split_method == "equal"


def test_a_weighted_split_follows_last_periods_actuals(store: Store, reps: list[uuid.UUID]) -> None:
    zhang, li, wang = reps
    won(store, zhang, "10000.00", dt.date(2026, 10, 5))
    won(store, li, "30000.00", dt.date(2026, 10, 31))
    won(store, wang, "99999.00", dt.date(2026, 11, 1))  # November: not last period
    target = team_target(store, "80000.00")
    context = targets.split_context(store, target.id, tz=SHANGHAI)
    assert context.previous.code == "2026-10"
    assert context.previous_actuals == {
        zhang: Decimal("10000.00"),
        li: Decimal("30000.00"),
        wang: Decimal("0.00"),
    }
    targets.split_team_target(store, target.id, "weighted", tz=SHANGHAI)
    assert parts_of(store, target) == {
        zhang: Decimal("20000.00"),
        li: Decimal("60000.00"),
        wang: Decimal("0.00"),
    }


def test_a_weighted_split_of_a_count_without_history_is_equal(
    store: Store, reps: list[uuid.UUID]
) -> None:
    target = team_target(store, "10", kpi="visits")
    targets.split_team_target(store, target.id, "weighted", tz=SHANGHAI)
    assert sorted(parts_of(store, target).values()) == [3, 3, 4]  # whole visits


def test_manual_parts_must_add_up_and_nothing_is_written_otherwise(
    store: Store, reps: list[uuid.UUID]
) -> None:
    target = team_target(store, "90000.00")
    zhang, li, wang = reps
    wrong = {zhang: Decimal("30000"), li: Decimal("30000"), wang: Decimal("29999.99")}
    outbox = store.outbox_count()
    with pytest.raises(ValidationError) as refused:
        targets.split_team_target(store, target.id, "manual", parts=wrong, tz=SHANGHAI)
    assert refused.value.errors["parts"].code == "sum_mismatch"
    assert parts_of(store, target) == {}
    assert store.outbox_count() == outbox
    right = {**wrong, wang: Decimal("30000.00")}
    targets.split_team_target(store, target.id, "manual", parts=right, tz=SHANGHAI)
    assert parts_of(store, target) == right


def test_a_new_split_replaces_the_previous_parts(store: Store, reps: list[uuid.UUID]) -> None:
    target = team_target(store, "300.00")
    first = targets.split_team_target(store, target.id, "equal", tz=SHANGHAI)
    ids = {p.user_id: p.id for p in first}
    zhang, li, wang = reps
    manual = {zhang: Decimal("200.00"), li: Decimal("100.00"), wang: Decimal("0.00")}
    second = targets.split_team_target(store, target.id, "manual", parts=manual, tz=SHANGHAI)
    assert {p.user_id: p.id for p in second} == ids  # each rep's part, changed in place
    assert parts_of(store, target) == manual
    assert store.require(Target, target.id).split_method == "manual"
    # 王强 leaves the team, 陈静 joins: the next split drops his part and adds hers
    pulled_update(store, "user", wang, active=False)
    chen = add_user(store, "陈静")
    view = targets.load_targets(store, NOVEMBER, today=dt.date(2026, 11, 2), tz=SHANGHAI)
    assert [m.name for m in view.team[0].unsplit_reps] == ["陈静"]
    targets.split_team_target(store, target.id, "equal", tz=SHANGHAI)
    parts = parts_of(store, target)
    assert set(parts) == {zhang, li, chen}
    assert sum(parts.values()) == Decimal("300.00")
    assert store.get(Target, ids[wang]) is None  # deleted (a tombstone)


def test_changing_a_split_team_target_splits_it_again(store: Store, reps: list[uuid.UUID]) -> None:
    target = team_target(store, "300.00")
    zhang, li, wang = reps
    manual = {zhang: Decimal("150.00"), li: Decimal("100.00"), wang: Decimal("50.00")}
    targets.split_team_target(store, target.id, "manual", parts=manual, tz=SHANGHAI)
    targets.save_target(
        store, {"kpi": "revenue", "period": "2026-11", "value": "600.00"}, target.id
    )
    assert parts_of(store, target) == {
        zhang: Decimal("300.00"),
        li: Decimal("200.00"),
        wang: Decimal("100.00"),
    }  # scaled with the team value, still adding up
    targets.split_team_target(store, target.id, "equal", tz=SHANGHAI)
    targets.save_target(
        store, {"kpi": "revenue", "period": "2026-12", "value": "100.00"}, target.id
    )
    table = store.table(Target)
    moved = store.select(Target, table.c.parent_id == target.id)
    assert {p.period for p in moved} == {"2026-12"}
    assert sum(p.value or 0 for p in moved) == Decimal("100.00")


def test_smart_checks(store: Store, reps: list[uuid.UUID]) -> None:
    def problems(**values: Any) -> dict[str, str]:
        given = {"kpi": "revenue", "period": "2026-11", "value": "1000", **values}
        return {e.field: e.code for e in targets.check_target(store, given).errors}

    assert problems() == {}
    assert problems(value="0") == {"value": "no_value"}
    assert problems(period="2026-W48") == {"period": "invalid_period"}
    assert problems(period="2026-11-23") == {"period": "invalid_period"}
    assert problems(kpi="retention_rate", value="101") == {"value": "rate_over_100"}
    assert problems(kpi="visits", value="10.5") == {"value": "too_precise"}
    team_target(store, "1000")
    assert problems() == {"kpi": "duplicate_target"}
    assert problems(user_id=reps[0]) == {}  # a rep's own target is another target
    with pytest.raises(ValidationError):
        team_target(store, "2000")
    won(store, reps[0], "1000.00", dt.date(2026, 10, 10))
    check = targets.check_target(
        store, {"kpi": "revenue", "period": "2026-11", "value": "5000", "user_id": reps[0]}
    )
    assert check.ok and check.unrealistic and check.previous_actual == Decimal("1000.00")


def test_progress_on_a_chosen_day(store: Store, reps: list[uuid.UUID]) -> None:
    """November has 30 days: on the 15th, 50% of the target is expected."""
    zhang, li, wang = reps
    target = team_target(store, "90000.00")
    targets.split_team_target(store, target.id, "equal", tz=SHANGHAI)  # 30,000 each
    won(store, zhang, "13600.00", dt.date(2026, 11, 3))  # expected 15,000: 9.3% behind
    won(store, li, "13500.00", dt.date(2026, 11, 14))  # exactly 10% behind: off track
    won(store, wang, "30000.00", dt.date(2026, 11, 15))  # reached
    won(store, wang, "5000.00", dt.date(2026, 11, 16))  # after the day: still counts (to date)
    view = targets.load_targets(store, NOVEMBER, today=dt.date(2026, 11, 15), tz=SHANGHAI)
    [team] = view.team
    progress = {line.user_id: line.progress for line in team.parts}
    assert all(p is not None for p in progress.values())
    assert progress[zhang].expected == Decimal("15000.00")  # type: ignore[union-attr]
    assert progress[zhang].status == TrackStatus.ON_TRACK  # type: ignore[union-attr]
    assert progress[li].off_track  # type: ignore[union-attr]
    assert progress[wang].achieved  # type: ignore[union-attr]
    assert team.line.actual == Decimal("62100.00")
    assert team.line.progress is not None
    assert team.line.progress.expected == Decimal("45000.00")
    assert team.line.progress.status == TrackStatus.ON_TRACK
    early = targets.load_targets(store, NOVEMBER, today=dt.date(2026, 10, 31), tz=SHANGHAI)
    assert early.team[0].line.progress is not None
    assert early.team[0].line.progress.expected == 0  # nothing expected before it starts


def test_a_rep_sees_the_team_target_their_own_part_and_the_servers_team_figures(
    store: Store, reps: list[uuid.UUID]
) -> None:
    zhang, li, _wang = reps
    target = team_target(store, "90000.00")
    targets.split_team_target(store, target.id, "equal", tz=SHANGHAI)
    individual = targets.save_target(
        store, {"kpi": "visits", "period": "2026-11", "value": "20", "user_id": li}
    )
    assert individual.parent_id is None
    computed = local_at(dt.date(2026, 11, 14), 23, SHANGHAI)
    pulled(
        store,
        "team_figure",
        team_id=store.profile.team_id,
        kpi="revenue",
        period="2026-11",
        value=Decimal("41000.00"),
        computed_at=computed,
    )
    become(store, "rep", zhang, "张伟")
    customer = store.create(Customer, name="我的客户")
    store.create(
        Visit,
        customer_id=customer.id,
        purpose="拜访",
        status="done",
        checked_in_at=local_at(dt.date(2026, 11, 3), 10, SHANGHAI),
    )
    view = targets.load_targets(store, NOVEMBER, today=dt.date(2026, 11, 15), tz=SHANGHAI)
    [team] = view.team
    assert [p.user_id for p in team.parts] == [zhang]  # only my own part
    assert team.line.actual == Decimal("41000.00") and view.team_figures_at == computed
    assert view.individual == ()  # 李娜's target is hers
    assert not view.manager
    with pytest.raises(PermissionDeniedError):
        team_target(store, "1000", period="2026-12")
    with pytest.raises(PermissionDeniedError):
        targets.split_team_target(store, target.id, "equal", tz=SHANGHAI)


def test_delete_a_team_target_with_its_parts_and_undo(store: Store, reps: list[uuid.UUID]) -> None:
    target = team_target(store, "900.00")
    targets.split_team_target(store, target.id, "equal", tz=SHANGHAI)
    deleted = targets.delete_target(store, target.id)
    assert len(deleted) == 4 and store.select(Target) == []
    targets.restore_targets(store, deleted)
    assert sum(parts_of(store, target).values()) == Decimal("900.00")


# ---- the split always adds up: any value, any reps, any method (through the store) ------------

_periods = itertools.count()


@pytest.fixture(scope="module")
def split_profile(tmp_path_factory: pytest.TempPathFactory) -> Any:
    store = Store.open(Path(tmp_path_factory.mktemp("split")))
    reps = [add_user(store, f"销售{n}") for n in range(6)]
    customer = store.create(Customer, name="长期客户")
    yield store, reps, customer.id
    store.close()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    cents=st.integers(min_value=0, max_value=10**11),
    count=st.integers(min_value=1, max_value=6),
    method=st.sampled_from(["equal", "weighted", "manual"]),
    history=st.lists(st.integers(min_value=0, max_value=10**8), min_size=6, max_size=6),
    manual=st.lists(st.integers(min_value=0, max_value=10**10), min_size=6, max_size=6),
    kpi=st.sampled_from(["revenue", "deals_won", "visits", "new_customers"]),
)
def test_split_parts_always_add_up_to_the_team_target(
    split_profile: Any,
    cents: int,
    count: int,
    method: str,
    history: list[int],
    manual: list[int],
    kpi: str,
) -> None:
    store, all_reps, customer = split_profile
    reps = all_reps[:count]
    month = 1 + next(_periods)
    period = Period.for_month(2000 + month // 12, month % 12 + 1)
    money = kpi == "revenue"
    value = Decimal(cents).scaleb(-2) if money else Decimal(cents // 100)
    if method == "weighted" and any(history[:count]):  # last month's won deals as weights
        stage = next(s for s in store.select(PipelineStage) if s.code == "won")
        with store.transaction() as writer:
            writer.create_many(
                Deal,
                [
                    {
                        "customer_id": customer,
                        "title": "历史成交",
                        "stage_id": stage.id,
                        "status": "won",
                        "amount": Decimal(amount).scaleb(-2),
                        "closed_on": period.previous().start,
                        "owner_id": rep,
                    }
                    for rep, amount in zip(reps, history, strict=False)
                    if amount
                ],
            )
    if value <= 0:
        return  # not a SMART target: refused before any split (checked elsewhere)
    target = targets.save_target(
        store, {"kpi": kpi, "period": period.code, "value": format(value, "f")}
    )
    parts: dict[uuid.UUID, Decimal] | None = None
    if method == "manual":
        typed = [Decimal(n).scaleb(-2) if money else Decimal(n // 100) for n in manual[:count]]
        typed[-1] = value - sum(typed[:-1], Decimal(0))  # the last part makes it add up …
        if manual[0] % 3 == 0:
            typed[-1] += Decimal("0.01") if money else 1  # … except sometimes, by one unit
        parts = dict(zip(reps, typed, strict=True))
    try:
        written = targets.split_team_target(
            store, target.id, method, parts=parts, reps=reps, tz=SHANGHAI
        )
    except ValidationError as error:
        assert method == "manual"
        assert error.errors["parts"].code in ("sum_mismatch", "negative")
        assert parts_of(store, target) == {}  # nothing written
        return
    stored = parts_of(store, target)
    assert set(stored) == set(reps) and len(written) == count
    assert sum(stored.values(), Decimal(0)) == value
    unit = Decimal("0.01") if money else Decimal(1)
    assert all(part >= 0 and part % unit == 0 for part in stored.values())
    if parts is not None:
        assert stored == parts
