"""KPI values per rep and per team for a period, computed from plain records.

The KPIs (codes as in ``entities.KPIS``) and exactly what counts:

``revenue`` (销售额, yuan, Decimal)
    Sum of ``amount`` of deals with status ``won`` whose ``closed_on`` lies in
    the period, credited to the deal's ``owner_id``. ``closed_on`` is already a
    local date. A won deal without ``closed_on`` counts nowhere (the move rules
    in ``pipeline`` always set it).
``deals_won`` (成交数, count)
    The number of those deals.
``new_customers`` (新增客户, count)
    Customers whose ``created_at`` falls in the period in ``tz``, credited to
    their current ``owner_id``, whatever their status (a new prospect counts).
``visits`` (拜访量, count)
    Visits with status ``done`` and a ``checked_in_at`` in the period in
    ``tz``, credited to ``rep_id``. A visit marked done without a check-in does
    not count: the check-in is the proof of the visit.
``retention_rate`` (客户保持率, percent with 2 decimals, or None)
    Of the customers that were *active at the start of the period*, the
    share not churned at its end. The entities hold no status history, so:

    * base: customers created before the period's first day whose status is
      now ``active``, or ``churned`` with a churn date on or after the first
      day (prospects never became customers and are left out);
    * retained: base customers that are ``active`` now, or whose churn date
      is after the period's last day;
    * the churn date comes from ``churned_on`` (a mapping the caller builds
      from the change log) and, failing that, is the local date of the
      customer's ``updated_at`` — exact when churning was the last edit;
    * None when the base is empty (no rate, not 0% nor 100%).

    Per rep by the customer's current owner; the team rate pools all
    customers (it is not an average of the reps' rates).

Activity figures that are not KPIs but feed reports and the appraisal:
``tasks_done`` (tasks of the assignee with status ``done`` completed in the period).

Tombstones (``deleted``) never count; rows without an owner/rep are ignored.
When ``reps`` is given, every listed rep appears (with 0) and other reps'
records are ignored: that is how a team's view is built.

Money helpers used across the domain live here: :data:`FEN`,
:func:`round_fen` (ROUND_HALF_UP, the rounding Chinese finance expects).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Collection, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from salesdesk.domain.entities import Customer, Deal, Task, Visit
from salesdesk.domain.periods import Period, local_date

__all__ = [
    "FEN",
    "Kpi",
    "KpiData",
    "KpiValue",
    "RetentionCount",
    "churn_date",
    "deals_won_by_rep",
    "is_additive",
    "kpi_by_rep",
    "kpi_unit",
    "new_customers_by_rep",
    "percent",
    "retention_by_rep",
    "retention_counts_by_rep",
    "revenue_by_rep",
    "round_fen",
    "tasks_done_by_rep",
    "team_kpi",
    "visit_counts",
    "visits_by_rep",
]

FEN = Decimal("0.01")
ONE = Decimal(1)
HUNDRED = Decimal(100)

KpiValue = Decimal | int
"""Revenue and rates are Decimal; counts are int."""


class Kpi(StrEnum):
    REVENUE = "revenue"
    NEW_CUSTOMERS = "new_customers"
    VISITS = "visits"
    DEALS_WON = "deals_won"
    RETENTION_RATE = "retention_rate"


def round_fen(amount: Decimal) -> Decimal:
    """Round money to the fen (0.01 yuan), half up."""
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def percent(part: Decimal | int, whole: Decimal | int, places: int = 2) -> Decimal | None:
    """``part / whole`` as a percentage rounded half up to ``places``; None when ``whole`` is 0."""
    if whole == 0:
        return None
    value = Decimal(part) * HUNDRED / Decimal(whole)
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def kpi_unit(kpi: Kpi | str) -> Decimal:
    """The smallest step of a KPI's value: a fen for revenue and rates, 1 for counts."""
    return FEN if Kpi(kpi) in (Kpi.REVENUE, Kpi.RETENTION_RATE) else ONE


def is_additive(kpi: Kpi | str) -> bool:
    """Whether team values are sums of rep values (all but retention_rate)."""
    return Kpi(kpi) != Kpi.RETENTION_RATE


def _start(reps: Collection[uuid.UUID] | None, zero: KpiValue) -> dict[uuid.UUID, KpiValue]:
    return dict.fromkeys(reps, zero) if reps is not None else {}


def _credit(
    totals: dict[uuid.UUID, KpiValue],
    rep: uuid.UUID | None,
    amount: KpiValue,
    reps: Collection[uuid.UUID] | None,
) -> None:
    if rep is None or (reps is not None and rep not in reps):
        return
    totals[rep] = totals.get(rep, 0) + amount


def _won_in(deal: Deal, period: Period) -> bool:
    return (
        not deal.deleted
        and deal.status == "won"
        and deal.closed_on is not None
        and period.contains(deal.closed_on)
    )


def revenue_by_rep(
    deals: Iterable[Deal], period: Period, reps: Collection[uuid.UUID] | None = None
) -> dict[uuid.UUID, Decimal]:
    """Won revenue per deal owner for the period (see the module docstring)."""
    totals = _start(reps, Decimal("0.00"))
    for deal in deals:
        if _won_in(deal, period):
            _credit(totals, deal.owner_id, deal.amount, reps)
    return {rep: Decimal(value) for rep, value in totals.items()}


def deals_won_by_rep(
    deals: Iterable[Deal], period: Period, reps: Collection[uuid.UUID] | None = None
) -> dict[uuid.UUID, int]:
    """Number of deals won per owner in the period."""
    totals = _start(reps, 0)
    for deal in deals:
        if _won_in(deal, period):
            _credit(totals, deal.owner_id, 1, reps)
    return {rep: int(value) for rep, value in totals.items()}


def new_customers_by_rep(
    customers: Iterable[Customer],
    period: Period,
    tz: dt.tzinfo,
    reps: Collection[uuid.UUID] | None = None,
) -> dict[uuid.UUID, int]:
    """Customers created in the period (local dates in ``tz``) per current owner."""
    totals = _start(reps, 0)
    for customer in customers:
        if not customer.deleted and period.contains_instant(customer.created_at, tz):
            _credit(totals, customer.owner_id, 1, reps)
    return {rep: int(value) for rep, value in totals.items()}


def visit_counts(visit: Visit, period: Period, tz: dt.tzinfo) -> bool:
    """Whether a visit counts as made in the period: done, checked in within it."""
    return (
        not visit.deleted
        and visit.status == "done"
        and visit.checked_in_at is not None
        and period.contains_instant(visit.checked_in_at, tz)
    )


def visits_by_rep(
    visits: Iterable[Visit],
    period: Period,
    tz: dt.tzinfo,
    reps: Collection[uuid.UUID] | None = None,
) -> dict[uuid.UUID, int]:
    """Visits made (done and checked in during the period) per rep."""
    totals = _start(reps, 0)
    for visit in visits:
        if visit_counts(visit, period, tz):
            _credit(totals, visit.rep_id, 1, reps)
    return {rep: int(value) for rep, value in totals.items()}


def tasks_done_by_rep(
    tasks: Iterable[Task],
    period: Period,
    tz: dt.tzinfo,
    reps: Collection[uuid.UUID] | None = None,
) -> dict[uuid.UUID, int]:
    """Tasks with status done and ``completed_at`` in the period, per assignee."""
    totals = _start(reps, 0)
    for task in tasks:
        if (
            not task.deleted
            and task.status == "done"
            and task.completed_at is not None
            and period.contains_instant(task.completed_at, tz)
        ):
            _credit(totals, task.assignee_id, 1, reps)
    return {rep: int(value) for rep, value in totals.items()}


@dataclasses.dataclass(frozen=True, slots=True)
class RetentionCount:
    """Customers active at the period's start (``base``) and still not churned at its end."""

    base: int = 0
    retained: int = 0

    @property
    def rate(self) -> Decimal | None:
        """Retained share of the base in percent (2 decimals); None when the base is empty."""
        return percent(self.retained, self.base)

    def __add__(self, other: RetentionCount) -> RetentionCount:
        return RetentionCount(self.base + other.base, self.retained + other.retained)


def churn_date(
    customer: Customer, tz: dt.tzinfo, churned_on: Mapping[uuid.UUID, dt.date] | None = None
) -> dt.date | None:
    """When a churned customer churned: ``churned_on``, else its last edit; None if not churned."""
    if customer.status != "churned":
        return None
    if churned_on is not None and customer.id in churned_on:
        return churned_on[customer.id]
    return local_date(customer.updated_at, tz)


def retention_counts_by_rep(
    customers: Iterable[Customer],
    period: Period,
    tz: dt.tzinfo,
    reps: Collection[uuid.UUID] | None = None,
    churned_on: Mapping[uuid.UUID, dt.date] | None = None,
) -> dict[uuid.UUID, RetentionCount]:
    """Base and retained customer counts per owner (definition in the module docstring)."""
    counts: dict[uuid.UUID, RetentionCount] = dict.fromkeys(reps or (), RetentionCount())
    for customer in customers:
        owner = customer.owner_id
        if customer.deleted or owner is None or (reps is not None and owner not in reps):
            continue
        if customer.status == "prospect" or local_date(customer.created_at, tz) >= period.start:
            continue
        churned = churn_date(customer, tz, churned_on)
        if churned is not None and churned < period.start:
            continue
        retained = churned is None or churned > period.end
        counts[owner] = counts.get(owner, RetentionCount()) + RetentionCount(1, int(retained))
    return counts


def retention_by_rep(
    customers: Iterable[Customer],
    period: Period,
    tz: dt.tzinfo,
    reps: Collection[uuid.UUID] | None = None,
    churned_on: Mapping[uuid.UUID, dt.date] | None = None,
) -> dict[uuid.UUID, Decimal | None]:
    """Retention rate in percent per owner; None for an owner with no base customers."""
    counts = retention_counts_by_rep(customers, period, tz, reps, churned_on)
    return {rep: count.rate for rep, count in counts.items()}


@dataclasses.dataclass(frozen=True)
class KpiData:
    """The records KPIs are computed from (any iterables; they are read once into tuples)."""

    customers: tuple[Customer, ...] = ()
    deals: tuple[Deal, ...] = ()
    visits: tuple[Visit, ...] = ()
    churned_on: Mapping[uuid.UUID, dt.date] = dataclasses.field(default_factory=dict)

    @classmethod
    def of(
        cls,
        *,
        customers: Iterable[Customer] = (),
        deals: Iterable[Deal] = (),
        visits: Iterable[Visit] = (),
        churned_on: Mapping[uuid.UUID, dt.date] | None = None,
    ) -> KpiData:
        return cls(tuple(customers), tuple(deals), tuple(visits), dict(churned_on or {}))

    def only(self, ids: Collection[uuid.UUID]) -> KpiData:
        """The same data restricted to records whose id is in ``ids``."""
        return KpiData(
            tuple(r for r in self.customers if r.id in ids),
            tuple(r for r in self.deals if r.id in ids),
            tuple(r for r in self.visits if r.id in ids),
            self.churned_on,
        )


def kpi_by_rep(
    kpi: Kpi | str,
    data: KpiData,
    period: Period,
    tz: dt.tzinfo,
    reps: Collection[uuid.UUID] | None = None,
) -> dict[uuid.UUID, KpiValue | None]:
    """One KPI's value per rep (None only for a retention rate without base)."""
    kpi = Kpi(kpi)
    result: Mapping[uuid.UUID, KpiValue | None]
    if kpi == Kpi.REVENUE:
        result = revenue_by_rep(data.deals, period, reps)
    elif kpi == Kpi.DEALS_WON:
        result = deals_won_by_rep(data.deals, period, reps)
    elif kpi == Kpi.NEW_CUSTOMERS:
        result = new_customers_by_rep(data.customers, period, tz, reps)
    elif kpi == Kpi.VISITS:
        result = visits_by_rep(data.visits, period, tz, reps)
    else:
        result = retention_by_rep(data.customers, period, tz, reps, data.churned_on)
    return dict(result)


def team_kpi(
    kpi: Kpi | str,
    data: KpiData,
    period: Period,
    tz: dt.tzinfo,
    members: Collection[uuid.UUID] | None = None,
) -> KpiValue | None:
    """The team's value: the sum over members, or the pooled retention rate.

    ``members`` None: every owner in the data.
    """
    kpi = Kpi(kpi)
    if kpi == Kpi.RETENTION_RATE:
        counts = retention_counts_by_rep(data.customers, period, tz, members, data.churned_on)
        return sum(counts.values(), RetentionCount()).rate
    values = kpi_by_rep(kpi, data, period, tz, members)
    if kpi == Kpi.REVENUE:
        return sum((Decimal(v or 0) for v in values.values()), Decimal("0.00"))
    return sum(int(v or 0) for v in values.values())
