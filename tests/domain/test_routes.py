"""Route order: areas first, nearest neighbour within a district, a permutation always."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesdesk.domain.routes import (
    Stop,
    haversine_km,
    order_route,
    order_stops,
    route_orders,
    stop_for,
)
from tests.domain.builders import customer, uid, visit


def test_haversine_known_distances() -> None:
    beijing, shanghai = (39.904, 116.407), (31.230, 121.474)
    assert haversine_km(beijing, shanghai) == pytest.approx(1067, abs=5)
    assert haversine_km(beijing, beijing) == 0
    # one degree of latitude is about 111.2 km everywhere
    assert haversine_km((0.0, 0.0), (1.0, 0.0)) == pytest.approx(111.19, abs=0.05)
    assert haversine_km((0.0, 0.0), (0.0, 180.0)) == pytest.approx(20015, abs=5)


def test_stop_prefers_customer_coordinates_and_normalises_area_names() -> None:
    company = customer(
        province="广东省", city="深圳市", district=" 南山区 ", latitude=22.53, longitude=113.93
    )
    planned = visit(customer_id=company.id, planned_time="9:30", latitude=1.0, longitude=1.0)
    stop = stop_for(planned, company)
    assert (stop.province, stop.city, stop.district) == ("广东", "深圳", "南山区")
    assert stop.point == (22.53, 113.93)
    assert stop.planned_minutes == 9 * 60 + 30
    no_coords = customer(province="广东", city="深圳")
    assert stop_for(planned, no_coords).point == (1.0, 1.0)
    bare = stop_for(visit(planned_time=""), None)  # customer not loaded
    assert (bare.province, bare.city, bare.district, bare.point) == ("", "", "", None)
    assert bare.planned_minutes is None
    assert stop_for(visit(planned_time="bad"), None).planned_minutes is None


def test_spelling_variants_fall_in_one_area() -> None:
    stops = [
        Stop(uid(1), "广东省", "深圳市", "南山区", planned_minutes=9 * 60),
        Stop(uid(2), "北京", "北京", "朝阳区", planned_minutes=10 * 60),
        Stop(uid(3), "广东", "深圳", "南山区", planned_minutes=11 * 60),
    ]
    built = [
        stop_for(
            visit(id=s.visit_id, planned_time=f"{s.planned_minutes // 60}:00"),
            customer(province=s.province, city=s.city, district=s.district),
        )
        for s in stops
        if s.planned_minutes is not None
    ]
    assert [s.visit_id for s in order_stops(built)] == [uid(1), uid(3), uid(2)]


def test_areas_are_not_interleaved_and_start_with_the_earliest_appointment() -> None:
    stops = [
        Stop(uid(1), "广东", "广州", "天河区", planned_minutes=14 * 60),
        Stop(uid(2), "广东", "深圳", "南山区", planned_minutes=9 * 60),
        Stop(uid(3), "广东", "广州", "越秀区", planned_minutes=10 * 60),
        Stop(uid(4), "广东", "深圳", "福田区", planned_minutes=16 * 60),
        Stop(uid(5), "广东", "深圳", "南山区", planned_minutes=17 * 60),
        Stop(uid(6), "", "", "", planned_minutes=8 * 60),  # no area: last
        Stop(uid(7), "广东", "广州", "天河区"),  # untimed, with its district
    ]
    order = [s.visit_id for s in order_stops(stops)]
    # Shenzhen first (09:00): 南山 (09:00, 17:00) then 福田; then Guangzhou: 越秀 (10:00), 天河
    assert order == [uid(2), uid(5), uid(4), uid(3), uid(1), uid(7), uid(6)]


def test_untimed_areas_come_after_timed_ones_then_by_name() -> None:
    stops = [
        Stop(uid(1), "上海", "上海", "黄浦区"),
        Stop(uid(2), "上海", "上海", "徐汇区", planned_minutes=15 * 60),
        Stop(uid(3), "上海", "上海", "浦东新区"),
    ]
    order = [s.visit_id for s in order_stops(stops)]
    assert order[0] == uid(2)
    assert order[1:] == sorted(order[1:], key=lambda v: {uid(1): "黄浦区", uid(3): "浦东新区"}[v])


def test_nearest_neighbour_within_a_district() -> None:
    # four points on a line, listed out of order; start at the west end
    west, a, b, east = (31.2, 121.40), (31.2, 121.41), (31.2, 121.43), (31.2, 121.47)
    stops = [
        Stop(uid(1), "上海", "上海", "浦东新区", east),
        Stop(uid(2), "上海", "上海", "浦东新区", a),
        Stop(uid(3), "上海", "上海", "浦东新区", b),
        Stop(uid(4), "上海", "上海", "浦东新区", None, planned_minutes=13 * 60),
        Stop(uid(5), "上海", "上海", "浦东新区", None, planned_minutes=9 * 60),
        Stop(uid(6), "上海", "上海", "浦东新区", None),
    ]
    order = [s.visit_id for s in order_stops(stops, start=west)]
    assert order == [uid(2), uid(3), uid(1), uid(5), uid(4), uid(6)]
    # From the east end, the chain runs the other way.
    order = [s.visit_id for s in order_stops(stops, start=(31.2, 121.50))]
    assert order[:3] == [uid(1), uid(3), uid(2)]


def test_without_a_start_the_chain_begins_at_the_earliest_appointment() -> None:
    stops = [
        Stop(uid(1), "北京", "北京", "朝阳区", (39.90, 116.40), planned_minutes=11 * 60),
        Stop(uid(2), "北京", "北京", "朝阳区", (39.90, 116.50), planned_minutes=9 * 60),
        Stop(uid(3), "北京", "北京", "朝阳区", (39.90, 116.45)),
    ]
    assert [s.visit_id for s in order_stops(stops)] == [uid(2), uid(3), uid(1)]


def test_route_continues_from_the_last_located_stop() -> None:
    stops = [
        Stop(uid(1), "北京", "北京", "朝阳区", (39.90, 116.50), planned_minutes=9 * 60),
        Stop(uid(2), "北京", "北京", "海淀区", (39.90, 116.30), planned_minutes=10 * 60),
        Stop(uid(3), "北京", "北京", "海淀区", (39.90, 116.45), planned_minutes=15 * 60),
    ]
    # after 朝阳 (116.50) the nearest 海淀 stop is 116.45, although it is planned later
    assert [s.visit_id for s in order_stops(stops)] == [uid(1), uid(3), uid(2)]


def test_order_route_and_route_orders_from_records() -> None:
    near = customer(
        province="上海市", city="上海市", district="浦东新区", latitude=31.22, longitude=121.54
    )
    far = customer(
        province="上海市", city="上海市", district="浦东新区", latitude=31.15, longitude=121.80
    )
    unknown = uuid.uuid4()
    visits = [
        visit(id=uid(11), customer_id=far.id, planned_time="10:00"),
        visit(id=uid(12), customer_id=near.id, planned_time="09:00"),
        visit(id=uid(13), customer_id=unknown),  # customer not loaded: no area, last
    ]
    customers = {c.id: c for c in (near, far)}
    assert order_route(visits, customers) == [uid(12), uid(11), uid(13)]
    assert route_orders(visits, customers) == {uid(12): 1, uid(11): 2, uid(13): 3}


def test_empty() -> None:
    assert order_stops([]) == []
    assert route_orders([], {}) == {}


areas = st.sampled_from(["广东", "浙江", ""])
cities = st.sampled_from(["广州", "深圳", ""])
districts = st.sampled_from(["天河区", "南山区", "福田区", ""])
points = st.one_of(
    st.none(),
    st.tuples(
        st.floats(min_value=-89.0, max_value=89.0), st.floats(min_value=-179.0, max_value=179.0)
    ),
)


@settings(max_examples=200, deadline=None)
@given(
    stops=st.lists(
        st.builds(
            Stop,
            visit_id=st.uuids(),
            province=areas,
            city=cities,
            district=districts,
            point=points,
            planned_minutes=st.one_of(st.none(), st.integers(0, 24 * 60 - 1)),
        ),
        max_size=30,
        unique_by=lambda s: s.visit_id,
    ),
    start=points,
)
def test_route_is_a_permutation_and_keeps_areas_together(
    stops: list[Stop], start: tuple[float, float] | None
) -> None:
    route = order_stops(stops, start)
    assert sorted(s.visit_id for s in route) == sorted(s.visit_id for s in stops)
    assert len(route) == len(stops)
    # an area, once left, is never entered again
    for level in range(1, 4):
        seen: list[tuple[str, ...]] = []
        for stop in route:
            area = (stop.province, stop.city, stop.district)[:level]
            if not seen or seen[-1] != area:
                assert area not in seen
                seen.append(area)
    # the same input in another order gives the same route
    assert order_stops(list(reversed(stops)), start) == route
