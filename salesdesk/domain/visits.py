"""Rules for a rep's visit day (拜访): the route numbers, check-in and check-out, next steps.

The route of a day
    The visits of one rep on one day that are not cancelled form the day's
    route, numbered 1, 2, 3 … in ``Visit.route_order``; cancelled visits carry
    0. The *planned* order (:func:`planned_order`) puts visits already begun
    (checked in or done) first, in the order they were begun, and the others
    after them in the order :func:`salesdesk.domain.routes.order_route` gives
    (province → city → district, then nearest neighbour), starting from where
    the last begun visit was — so re-planning in the middle of the day routes
    the rest of it from where the rep is: first the rest of that district, then
    of that city, then of that province, then the others.

    A day is *planned automatically* while its stored numbers are all 0 or
    follow the planned order (:func:`is_automatic`); a rep who reorders by
    hand makes it a hand-made route. :func:`arrange` keeps each kind: after a
    change to an automatic day the whole day is planned again; a hand-made day
    keeps its order — a new visit joins at the end and a cancelled one leaves
    a gap that is closed up. :func:`move` puts one visit at another place.

Check-in and check-out (:func:`check_in_errors`, :func:`check_out_errors`)
    A planned visit can be checked in, a checked-in one checked out (done); a
    check-out is not before the check-in, and neither is more than
    ``CLOCK_SLACK`` in the future (clocks of laptops differ a little). A
    visit can be cancelled until it is done (:func:`cancel_errors`).

Next steps (:func:`follow_up_task`)
    A visit's next step can become a task for the customer, linked to the
    visit: its title is the next step (cut to the task title's length, with
    the whole text in the description when it was cut).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from salesdesk.domain.entities import Customer, Task, Visit
from salesdesk.domain.routes import order_route, stop_for
from salesdesk.domain.schema import FieldError

__all__ = [
    "BEGUN",
    "CLOCK_SLACK",
    "arrange",
    "cancel_errors",
    "check_in_errors",
    "check_out_errors",
    "current_order",
    "follow_up_task",
    "is_automatic",
    "move",
    "planned_order",
    "routed",
]

BEGUN = frozenset({"in_progress", "done"})
CLOCK_SLACK = dt.timedelta(minutes=5)
TASK_TITLE_LENGTH = Task.definition.field("title").max_length or 200


def routed(visits: Iterable[Visit]) -> list[Visit]:
    """The visits that take part in a route: live and not cancelled."""
    return [v for v in visits if not v.deleted and v.status != "cancelled"]


def _time_key(visit: Visit) -> tuple[str, str]:
    return (visit.planned_time or "99:99", str(visit.id))


def current_order(visits: Iterable[Visit]) -> list[uuid.UUID]:
    """The route as stored: by ``route_order`` (unnumbered visits last, by planned time)."""
    return [
        v.id
        for v in sorted(
            routed(visits),
            key=lambda v: (v.route_order == 0, v.route_order, *_time_key(v)),
        )
    ]


def planned_order(
    visits: Iterable[Visit], customers: Mapping[uuid.UUID, Customer]
) -> list[uuid.UUID]:
    """The route as planned: begun visits first (in the order begun), then the routed rest."""
    live = routed(visits)
    far_future = dt.datetime.max.replace(tzinfo=dt.UTC)
    begun = sorted(
        (v for v in live if v.status in BEGUN),
        key=lambda v: (v.checked_in_at or far_future, v.route_order, *_time_key(v)),
    )
    rest = [v for v in live if v.status not in BEGUN]
    if not begun:
        return order_route(rest, customers)
    stops = [stop_for(v, customers.get(v.customer_id) if v.customer_id else None) for v in begun]
    here = stops[-1]  # the area the rep is in
    start = next((stop.point for stop in reversed(stops) if stop.point is not None), None)
    # Finish where the rep is: the rest of this district, then of this city, then of
    # this province, then the other provinces — each part ordered area by area.
    parts: list[list[Visit]] = [[], [], [], []]
    for visit in rest:
        customer = customers.get(visit.customer_id) if visit.customer_id else None
        stop = stop_for(visit, customer)
        same = (stop.province == here.province, stop.city == here.city)
        if same == (True, True) and stop.district == here.district and here.district:
            parts[0].append(visit)
        elif same == (True, True) and here.city:
            parts[1].append(visit)
        elif same[0] and here.province:
            parts[2].append(visit)
        else:
            parts[3].append(visit)
    order = [v.id for v in begun]
    by_id = {v.id: v for v in rest}
    for part in parts:
        ordered = order_route(part, customers, start=start)
        order += ordered
        for visit_id in reversed(ordered):
            visit = by_id[visit_id]
            customer = customers.get(visit.customer_id) if visit.customer_id else None
            point = stop_for(visit, customer).point
            if point is not None:
                start = point
                break
    return order


def is_automatic(visits: Iterable[Visit], customers: Mapping[uuid.UUID, Customer]) -> bool:
    """Whether a day's stored order is the planned one (or not numbered at all)."""
    live = routed(visits)
    if all(v.route_order == 0 for v in live):
        return True
    return current_order(live) == planned_order(live, customers)


def _numbered(visits: Iterable[Visit], order: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
    numbers = {v.id: 0 for v in visits if not v.deleted}
    numbers.update({visit_id: position for position, visit_id in enumerate(order, 1)})
    return numbers


def arrange(
    visits: Iterable[Visit], customers: Mapping[uuid.UUID, Customer], *, automatic: bool
) -> dict[uuid.UUID, int]:
    """New ``route_order`` for every live visit of a day after a change (module docstring).

    ``automatic``: whether the day was planned automatically *before* the change.
    """
    day = list(visits)
    order = planned_order(day, customers) if automatic else current_order(day)
    return _numbered(day, order)


def move(visits: Iterable[Visit], visit_id: uuid.UUID, position: int) -> dict[uuid.UUID, int]:
    """Route numbers with ``visit_id`` moved to ``position`` (1-based, clamped to the route)."""
    day = list(visits)
    order = current_order(day)
    if visit_id not in order:
        raise ValueError("only a visit on the route can be moved")
    order.remove(visit_id)
    order.insert(min(max(position, 1), len(order) + 1) - 1, visit_id)
    return _numbered(day, order)


# ---- check-in, check-out, cancel --------------------------------------------------------------


def check_in_errors(visit: Visit, at: dt.datetime | None, now: dt.datetime) -> list[FieldError]:
    """Why ``visit`` cannot be checked in at ``at`` (codes the UI translates)."""
    errors = []
    if visit.status != "planned":
        errors.append(FieldError("status", "not_planned", "only a planned visit can be checked in"))
    if at is None:
        errors.append(FieldError("checked_in_at", "required", "a value is required"))
    elif at > now + CLOCK_SLACK:
        errors.append(FieldError("checked_in_at", "in_future", "the time is in the future"))
    return errors


def check_out_errors(visit: Visit, at: dt.datetime | None, now: dt.datetime) -> list[FieldError]:
    """Why ``visit`` cannot be checked out at ``at``."""
    errors = []
    if visit.status != "in_progress":
        errors.append(FieldError("status", "not_checked_in", "check in to the visit first"))
    if at is None:
        errors.append(FieldError("checked_out_at", "required", "a value is required"))
    elif at > now + CLOCK_SLACK:
        errors.append(FieldError("checked_out_at", "in_future", "the time is in the future"))
    elif visit.checked_in_at is not None and at < visit.checked_in_at:
        errors.append(
            FieldError("checked_out_at", "before_check_in", "the check-out is before the check-in")
        )
    return errors


def cancel_errors(visit: Visit) -> list[FieldError]:
    """Why ``visit`` cannot be cancelled: it is done, or cancelled already."""
    if visit.status in ("done", "cancelled"):
        return [FieldError("status", "not_cancellable", "a finished visit cannot be cancelled")]
    return []


# ---- next steps -------------------------------------------------------------------------------


def follow_up_task(
    visit: Visit,
    next_step: str,
    *,
    due_at: dt.datetime | None,
    priority: str = "normal",
    title: str | None = None,
) -> dict[str, Any]:
    """Field values of a task that follows up ``visit`` (not yet validated).

    ``title``: the title as the user edited it; by default the next step, cut
    to the task title's length (then the whole next step is the description).
    """
    step = next_step.strip()
    chosen = (title if title is not None else step).strip()
    description = step if step != chosen else ""
    if len(chosen) > TASK_TITLE_LENGTH:
        description = description or chosen
        chosen = chosen[: TASK_TITLE_LENGTH - 1] + "…"
    return {
        "title": chosen,
        "description": description,
        "due_at": due_at,
        "priority": priority,
        "customer_id": visit.customer_id,
        "visit_id": visit.id,
    }
