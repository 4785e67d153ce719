"""Small builders for domain records in tests: every field has a harmless default."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from decimal import Decimal
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from salesdesk.domain.defaults import stage_rows, template_rows
from salesdesk.domain.entities import (
    CommissionAssignment,
    CommissionPlan,
    Customer,
    Deal,
    DealStageChange,
    PipelineStage,
    Report,
    ReportTemplate,
    Task,
    Visit,
)
from salesdesk.domain.schema import Record

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
UTC = dt.UTC
EPOCH = dt.datetime(2025, 1, 1, tzinfo=UTC)
TEAM = uuid.UUID(int=999)

R = TypeVar("R", bound=Record)
_counter = itertools.count(1)


def uid(n: int) -> uuid.UUID:
    """A readable, ordered id: uid(1) < uid(2)."""
    return uuid.UUID(int=n)


def at(text: str) -> dt.datetime:
    """An aware datetime from ISO text; a value without offset is UTC."""
    value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def cst(text: str) -> dt.datetime:
    """Wall-clock time in Shanghai as an aware UTC datetime."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI).astimezone(UTC)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def make(cls: type[R], **values: Any) -> R:
    values.setdefault("id", uuid.UUID(int=10**9 + next(_counter)))
    values.setdefault("created_at", EPOCH)
    values.setdefault("updated_at", values["created_at"])
    return cls(**values)


def customer(**values: Any) -> Customer:
    values.setdefault("name", "客户")
    values.setdefault("status", "active")
    return make(Customer, **values)


def deal(**values: Any) -> Deal:
    values.setdefault("title", "商机")
    if "amount" in values:
        values["amount"] = Decimal(values["amount"])
    return make(Deal, **values)


def visit(**values: Any) -> Visit:
    values.setdefault("purpose", "拜访")
    return make(Visit, **values)


def task(**values: Any) -> Task:
    values.setdefault("title", "任务")
    return make(Task, **values)


def change(**values: Any) -> DealStageChange:
    return make(DealStageChange, **values)


def report(**values: Any) -> Report:
    return make(Report, **values)


def plan(**values: Any) -> CommissionPlan:
    values.setdefault("team_id", TEAM)
    values.setdefault("name", "提成方案")
    for key in ("base_rate", "accelerator_threshold", "accelerator_multiplier", "cap"):
        if values.get(key) is not None:
            values[key] = Decimal(values[key])
    if "new_customer_bonus" in values:
        values["new_customer_bonus"] = Decimal(values["new_customer_bonus"])
    return make(CommissionPlan, **values)


def assignment(**values: Any) -> CommissionAssignment:
    values.setdefault("team_id", TEAM)
    return make(CommissionAssignment, **values)


def default_stages() -> list[PipelineStage]:
    """The default pipeline with ids uid(101) … in position order."""
    return [
        make(PipelineStage, id=uid(101 + i), team_id=TEAM, **row)
        for i, row in enumerate(stage_rows())
    ]


def stage_by_code(stages: list[PipelineStage], code: str) -> PipelineStage:
    return next(s for s in stages if s.code == code)


def default_template(kind: str, **overrides: Any) -> ReportTemplate:
    row = next(r for r in template_rows() if r["kind"] == kind)
    return make(ReportTemplate, team_id=TEAM, **{**row, **overrides})
