"""Visit-day rules: planned and hand-made routes, check-in/out, follow-up tasks."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesdesk.domain import visits as rules
from salesdesk.domain.entities import Customer, Task, Visit
from salesdesk.domain.schema import ValidationError
from tests.domain.builders import at, customer, uid, visit

NANSHAN = {"province": "广东省", "city": "深圳市", "district": "南山区"}
FUTIAN = {"province": "广东省", "city": "深圳市", "district": "福田区"}


def day_of_four() -> tuple[list[Visit], dict[uuid.UUID, Customer]]:
    places = [
        customer(id=uid(101), latitude=22.54, longitude=113.95, **NANSHAN),
        customer(id=uid(102), latitude=22.54, longitude=114.06, **FUTIAN),
        customer(id=uid(103), latitude=22.49, longitude=113.91, **NANSHAN),
        customer(id=uid(104), latitude=22.535, longitude=114.055, **FUTIAN),
    ]
    visits = [
        visit(id=uid(1), customer_id=uid(101), planned_time="09:00"),
        visit(id=uid(2), customer_id=uid(102), planned_time="14:00"),
        visit(id=uid(3), customer_id=uid(103)),
        visit(id=uid(4), customer_id=uid(104)),
    ]
    return visits, {c.id: c for c in places}


def test_planned_order_goes_area_by_area() -> None:
    visits, customers = day_of_four()
    # 南山 first (its 09:00 visit), then 福田 from the nearest point to where the rep is
    assert rules.planned_order(visits, customers) == [uid(1), uid(3), uid(4), uid(2)]
    assert rules.is_automatic(visits, customers)  # nothing numbered yet


def test_begun_visits_come_first_and_the_rest_is_routed_from_the_last_one() -> None:
    visits, customers = day_of_four()
    visits[1] = visit(
        id=uid(2),
        customer_id=uid(102),
        planned_time="14:00",
        status="done",
        checked_in_at=at("2026-11-23T01:00Z"),
    )
    visits[3] = visit(
        id=uid(4), customer_id=uid(104), status="in_progress", checked_in_at=at("2026-11-23T02:00Z")
    )
    # begun: 2 then 4 (both in 福田); the rest starts from 4's place
    order = rules.planned_order(visits, customers)
    assert order[:2] == [uid(2), uid(4)]
    assert set(order[2:]) == {uid(1), uid(3)}


def test_after_a_check_in_the_rest_of_that_district_comes_first() -> None:
    places = {
        c.id: c
        for c in (
            customer(id=uid(101), latitude=22.54, longitude=113.95, **NANSHAN),
            customer(id=uid(102), latitude=22.49, longitude=113.91, **NANSHAN),
            customer(id=uid(103), latitude=22.54, longitude=114.06, **FUTIAN),
            customer(id=uid(104), province="广东省", city="广州市", district="天河区"),
            customer(id=uid(105), province="江苏省", city="南京市", district="鼓楼区"),
        )
    }
    visits = [
        visit(
            id=uid(1),
            customer_id=uid(101),
            status="in_progress",
            checked_in_at=at("2026-11-23T01:00Z"),
        ),
        visit(id=uid(5), customer_id=uid(105), planned_time="10:00"),
        visit(id=uid(4), customer_id=uid(104), planned_time="11:00"),
        visit(id=uid(3), customer_id=uid(103), planned_time="14:00"),
        visit(id=uid(2), customer_id=uid(102)),  # no time, but in the district the rep is in
    ]
    # 南山 first, then the rest of 深圳, then 广东, then other provinces
    assert rules.planned_order(visits, places) == [uid(1), uid(2), uid(3), uid(4), uid(5)]


def test_hand_made_order_is_kept_by_arrange() -> None:
    visits, customers = day_of_four()
    numbered = [
        visit(id=v.id, customer_id=v.customer_id, planned_time=v.planned_time, route_order=n)
        for v, n in zip(visits, (4, 3, 2, 1), strict=True)
    ]
    assert not rules.is_automatic(numbered, customers)
    new = visit(id=uid(5), customer_id=uid(101))
    kept = rules.arrange([*numbered, new], customers, automatic=False)
    assert kept == {uid(4): 1, uid(3): 2, uid(2): 3, uid(1): 4, uid(5): 5}
    planned = rules.arrange([*numbered, new], customers, automatic=True)
    assert sorted(planned.values()) == [1, 2, 3, 4, 5]
    assert planned[uid(1)] == 1


def test_cancelled_visits_get_no_number_and_gaps_close() -> None:
    _visits, customers = day_of_four()
    numbered = [
        visit(id=uid(1), customer_id=uid(101), route_order=1),
        visit(id=uid(2), customer_id=uid(102), route_order=2, status="cancelled"),
        visit(id=uid(3), customer_id=uid(103), route_order=3),
    ]
    assert rules.arrange(numbered, customers, automatic=False) == {
        uid(1): 1,
        uid(2): 0,
        uid(3): 2,
    }


def test_move() -> None:
    numbered = [visit(id=uid(n), route_order=n) for n in (1, 2, 3, 4)]
    assert rules.move(numbered, uid(4), 1) == {uid(4): 1, uid(1): 2, uid(2): 3, uid(3): 4}
    assert rules.move(numbered, uid(1), 99) == {uid(2): 1, uid(3): 2, uid(4): 3, uid(1): 4}
    assert rules.move(numbered, uid(2), 0)[uid(2)] == 1
    with pytest.raises(ValueError):
        rules.move([visit(id=uid(9), status="cancelled")], uid(9), 1)


@settings(max_examples=60, deadline=None)
@given(
    statuses=st.lists(st.sampled_from(["planned", "cancelled", "done", "in_progress"]), max_size=8),
    orders=st.lists(st.integers(min_value=0, max_value=5), min_size=8, max_size=8),
    automatic=st.booleans(),
)
def test_arrange_numbers_the_route_one_to_n(
    statuses: list[str], orders: list[int], automatic: bool
) -> None:
    visits = [
        visit(
            id=uid(i + 1),
            status=status,
            route_order=orders[i],
            checked_in_at=at("2026-11-23T01:00Z") if status in rules.BEGUN else None,
        )
        for i, status in enumerate(statuses)
    ]
    numbers = rules.arrange(visits, {}, automatic=automatic)
    routed = [v.id for v in visits if v.status != "cancelled"]
    assert sorted(numbers[v] for v in routed) == list(range(1, len(routed) + 1))
    assert all(numbers[v.id] == 0 for v in visits if v.status == "cancelled")


def test_check_in_and_check_out_errors() -> None:
    now = at("2026-11-23T02:00Z")
    planned = visit(status="planned")
    assert rules.check_in_errors(planned, now, now) == []
    assert rules.check_in_errors(planned, now + dt.timedelta(minutes=4), now) == []
    [future] = rules.check_in_errors(planned, now + dt.timedelta(minutes=6), now)
    assert future.code == "in_future"
    [missing] = rules.check_in_errors(planned, None, now)
    assert missing.code == "required"
    [state] = rules.check_in_errors(visit(status="done"), now, now)
    assert state.code == "not_planned"
    begun = visit(status="in_progress", checked_in_at=now)
    assert rules.check_out_errors(begun, now, now) == []
    [early] = rules.check_out_errors(begun, now - dt.timedelta(seconds=1), now)
    assert early.code == "before_check_in"
    [not_in] = rules.check_out_errors(planned, now, now)
    assert not_in.code == "not_checked_in"
    assert rules.cancel_errors(planned) == [] and rules.cancel_errors(begun) == []
    assert rules.cancel_errors(visit(status="done"))[0].code == "not_cancellable"


def test_follow_up_task_values_are_a_valid_task() -> None:
    source = visit(id=uid(7), customer_id=uid(70))
    due = at("2026-11-25T10:00Z")
    values = rules.follow_up_task(source, "  发送报价单  ", due_at=due, priority="high")
    assert values == {
        "title": "发送报价单",
        "description": "",
        "due_at": due,
        "priority": "high",
        "customer_id": uid(70),
        "visit_id": uid(7),
    }
    Task.definition.clean_values(values, creating=True)  # valid as it is
    edited = rules.follow_up_task(source, "发送报价单并确认交期", due_at=None, title="发报价")
    assert (edited["title"], edited["description"]) == ("发报价", "发送报价单并确认交期")
    long_step = "很长的下一步" * 50
    cut = rules.follow_up_task(source, long_step, due_at=None)
    assert len(cut["title"]) == 200 and cut["description"] == long_step
    Task.definition.clean_values(cut, creating=True)
    with pytest.raises(ValidationError):
        Task.definition.clean_values(rules.follow_up_task(source, "  ", due_at=None), creating=True)
