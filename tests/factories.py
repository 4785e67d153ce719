"""Valid field values for every entity, creating the parent rows they need."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from salesdesk.domain.schema import entity_def
from salesdesk.store.store import Store, Writer

TODAY = dt.date(2026, 11, 23)
NOW = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)


def values_for(writer: Writer, entity: str) -> dict[str, Any]:
    """Field values that make a valid new row of ``entity`` in this profile."""
    store = writer.store
    profile = store.profile

    def first(name: str) -> uuid.UUID:
        rows = store.select(name, limit=1)
        return rows[0].id

    parents = {
        "customer": lambda: writer.create("customer", values_for(writer, "customer")).id,
        "deal": lambda: writer.create("deal", values_for(writer, "deal")).id,
        "visit": lambda: writer.create("visit", values_for(writer, "visit")).id,
        "report": lambda: writer.create("report", values_for(writer, "report")).id,
        "commission_plan": lambda: (
            writer.create("commission_plan", values_for(writer, "commission_plan")).id
        ),
    }
    examples: dict[str, dict[str, Any]] = {
        "customer": {
            "name": f"测试客户 {uuid.uuid4().hex[:6]} 有限公司",
            "credit_code": "91440300708461136T",
            "tier": "A",
            "province": "广东省",
            "city": "深圳市",
            "tags": ("重点",),
            "latitude": 22.54,
        },
        "contact": {"customer_id": parents["customer"], "name": "张伟", "mobile": "13800138000"},
        "feedback": {"customer_id": parents["customer"], "kind": "complaint", "body": "交货延迟"},
        "deal": {
            "customer_id": parents["customer"],
            "title": "服务器采购",
            "amount": Decimal("12000.50"),
            "stage_id": lambda: first("pipeline_stage"),
            "expected_close": TODAY,
        },
        "deal_stage_change": {
            "deal_id": parents["deal"],
            "to_stage_id": lambda: first("pipeline_stage"),
            "changed_at": NOW,
        },
        "visit": {"customer_id": parents["customer"], "purpose": "需求沟通", "planned_on": TODAY},
        "attachment": {
            "visit_id": parents["visit"],
            "file_name": "photo.jpg",
            "mime_type": "image/jpeg",
            "size": 4,
            "content": b"\xff\xd8\xff\xe0",
        },
        "task": {"title": "回访客户", "due_at": NOW, "priority": "high"},
        "report": {"kind": "daily", "period_start": TODAY, "period_end": TODAY},
        "report_comment": {"report_id": parents["report"], "body": "写得很好"},
        "pipeline_stage": {"name": "验收", "position": 9, "probability": 90},
        "report_template": {"name": "周报", "kind": "weekly", "deadline_time": "18:00"},
        "target": {"kpi": "revenue", "period": "2026-11", "value": Decimal("100000.00")},
        "commission_plan": {"name": "标准提成", "base_rate": Decimal("3.5000")},
        "appraisal_config": {
            "name": "季度考核",
            "weights": {"revenue": 60, "visits": 20, "punctuality": 10, "tasks": 10},
        },
        "commission_assignment": {
            "plan_id": parents["commission_plan"],
            "user_id": lambda: profile.user_id,
            "effective_from": TODAY,
        },
    }
    entity_def(entity)  # unknown names fail loudly
    return {k: v() if callable(v) else v for k, v in examples[entity].items()}


WRITABLE = [
    "customer",
    "contact",
    "feedback",
    "deal",
    "deal_stage_change",
    "visit",
    "attachment",
    "task",
    "report",
    "report_comment",
    "pipeline_stage",
    "report_template",
    "target",
    "commission_plan",
    "commission_assignment",
    "appraisal_config",
]


def create(store: Store, entity: str, **overrides: Any) -> Any:
    with store.transaction() as writer:
        return writer.create(entity, {**values_for(writer, entity), **overrides})
