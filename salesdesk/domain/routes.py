"""Ordering a day's visits into a route that does not criss-cross the city (拜访路线).

The order is built in two layers:

1. **Area**: visits are grouped by province → city → district of the
   customer, so a rep finishes one district before moving on and never
   returns to a city. Names are compared after normalising the usual
   spellings (广东省/广东, 深圳市/深圳). At each level the areas are ordered by
   their earliest planned time (a rep's 09:00 appointment decides where the
   day starts), then by name; areas without any planned time come after those
   with one, and visits with no area at all come last.
2. **Within a district**: visits with coordinates are chained by nearest
   neighbour (great-circle distance, haversine). The chain starts from where
   the rep is — the last visit placed with coordinates, else the ``start``
   point given (home or office) — or, at the very start of the day with no
   start point, at the district's earliest planned visit. Visits without
   coordinates follow in planned-time order (untimed ones last).

Coordinates are the customer's (where the company is), falling back to the
visit's own (a check-in location). Every tie is broken by planned time and
then visit id, so the order is deterministic. The result is a permutation of
the input: nothing is dropped or duplicated; ``route_order`` values start at 1
(0 means "not ordered" in ``Visit``).
"""

from __future__ import annotations

import dataclasses
import math
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence

from salesdesk.domain.entities import Customer, Visit
from salesdesk.domain.regions import PROVINCES

__all__ = [
    "EARTH_RADIUS_KM",
    "Stop",
    "haversine_km",
    "order_route",
    "order_stops",
    "route_orders",
    "stop_for",
]

EARTH_RADIUS_KM = 6371.0088
_TIME = re.compile(r"(\d{1,2}):(\d{2})")
_NO_TIME = 24 * 60  # sorts after every real time

Point = tuple[float, float]


def haversine_km(a: Point, b: Point) -> float:
    """Great-circle distance in km between two (latitude, longitude) points in degrees."""
    lat1, lon1 = math.radians(a[0]), math.radians(a[1])
    lat2, lon2 = math.radians(b[0]), math.radians(b[1])
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _minutes(text: str) -> int | None:
    match = _TIME.fullmatch(text.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        return None
    return int(match[1]) * 60 + int(match[2])


_SHORT_PROVINCE = {**PROVINCES, **{short: short for short in PROVINCES.values()}}


def _province_key(name: str) -> str:
    name = name.strip()
    return _SHORT_PROVINCE.get(name, name)


def _city_key(name: str) -> str:
    name = name.strip()
    return name[:-1] if name.endswith("市") and len(name) > 2 else name


@dataclasses.dataclass(frozen=True, slots=True)
class Stop:
    """What routing needs to know about one visit."""

    visit_id: uuid.UUID
    province: str = ""
    city: str = ""
    district: str = ""
    point: Point | None = None
    planned_minutes: int | None = None  # minutes after midnight, from ``planned_time``

    @property
    def time_key(self) -> tuple[int, str]:
        minutes = _NO_TIME if self.planned_minutes is None else self.planned_minutes
        return (minutes, str(self.visit_id))


def stop_for(visit: Visit, customer: Customer | None) -> Stop:
    """The routing view of a visit: its customer's area and coordinates, its planned time."""
    point: Point | None = None
    if customer is not None and customer.latitude is not None and customer.longitude is not None:
        point = (customer.latitude, customer.longitude)
    elif visit.latitude is not None and visit.longitude is not None:
        point = (visit.latitude, visit.longitude)
    return Stop(
        visit_id=visit.id,
        province=_province_key(customer.province) if customer else "",
        city=_city_key(customer.city) if customer else "",
        district=customer.district.strip() if customer else "",
        point=point,
        planned_minutes=_minutes(visit.planned_time),
    )


def _area_order(stops: Sequence[Stop], level: int) -> list[list[Stop]]:
    """Split stops into groups by area at ``level`` (0 province, 1 city, 2 district), ordered."""
    groups: dict[str, list[Stop]] = {}
    for stop in stops:
        name = (stop.province, stop.city, stop.district)[level]
        groups.setdefault(name, []).append(stop)

    def key(item: tuple[str, list[Stop]]) -> tuple[bool, int, str]:
        name, members = item
        earliest = min(
            s.planned_minutes if s.planned_minutes is not None else _NO_TIME for s in members
        )
        return (name == "", earliest, name)

    return [members for _, members in sorted(groups.items(), key=key)]


def _chain(stops: list[Stop], here: Point | None) -> tuple[list[Stop], Point | None]:
    """Nearest-neighbour order of stops with coordinates, then the others by planned time."""
    located = sorted((s for s in stops if s.point is not None), key=lambda s: s.time_key)
    unlocated = sorted((s for s in stops if s.point is None), key=lambda s: s.time_key)
    ordered: list[Stop] = []
    if located and here is None:
        first = located.pop(0)
        ordered.append(first)
        here = first.point
    while located:
        assert here is not None
        origin = here
        nearest = min(
            located,
            key=lambda s: (haversine_km(origin, s.point) if s.point else 0.0, s.time_key),
        )
        located.remove(nearest)
        ordered.append(nearest)
        here = nearest.point
    return ordered + unlocated, here


def order_stops(stops: Iterable[Stop], start: Point | None = None) -> list[Stop]:
    """Order stops by area, then nearest neighbour within each district (module docstring)."""
    here = start
    route: list[Stop] = []
    for province in _area_order(list(stops), 0):
        for city in _area_order(province, 1):
            for district in _area_order(city, 2):
                placed, here = _chain(district, here)
                route.extend(placed)
    return route


def order_route(
    visits: Iterable[Visit],
    customers: Mapping[uuid.UUID, Customer],
    *,
    start: Point | None = None,
) -> list[uuid.UUID]:
    """Visit ids of a day's visits in route order. ``customers``: the visits' customers by id."""
    stops = [
        stop_for(visit, customers.get(visit.customer_id) if visit.customer_id else None)
        for visit in visits
    ]
    return [stop.visit_id for stop in order_stops(stops, start)]


def route_orders(
    visits: Iterable[Visit],
    customers: Mapping[uuid.UUID, Customer],
    *,
    start: Point | None = None,
) -> dict[uuid.UUID, int]:
    """``route_order`` for each visit (1, 2, 3 …) in route order."""
    ordered = order_route(visits, customers, start=start)
    return {visit_id: position for position, visit_id in enumerate(ordered, 1)}
