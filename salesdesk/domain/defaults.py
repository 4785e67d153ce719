"""The configuration a new team starts with: the standard pipeline and report templates.

Names are stored in Chinese (the product's first language); each item has a
stable ``code``/``key`` that the UI uses to show a translated name while the
manager has not renamed it.
"""

from __future__ import annotations

from typing import Any

# (code, name, probability %, outcome, stuck after days, checklist [(text, required)])
DEFAULT_STAGES: tuple[tuple[str, str, int, str, int, tuple[tuple[str, bool], ...]], ...] = (
    (
        "lead",
        "潜在客户识别",
        10,
        "open",
        14,
        (("确认客户基本信息", True), ("判断需求匹配度", True), ("记录客户来源", False)),
    ),
    (
        "contact",
        "初步接触",
        20,
        "open",
        14,
        (("首次拜访或电话沟通", True), ("确定关键联系人", True), ("发送公司介绍资料", False)),
    ),
    (
        "needs",
        "需求分析",
        40,
        "open",
        21,
        (("完成需求调研", True), ("确认预算范围", True), ("确认决策流程与决策人", False)),
    ),
    (
        "proposal",
        "方案制定",
        60,
        "open",
        21,
        (("提交解决方案", True), ("客户确认方案", True), ("技术交流或产品演示", False)),
    ),
    (
        "negotiation",
        "报价与谈判",
        80,
        "open",
        14,
        (("提交正式报价", True), ("完成商务谈判", False), ("确认合同条款", True)),
    ),
    ("won", "签约成交", 100, "won", 30, (("合同签署", True), ("首付款到账", False))),
    ("after_sales", "售后服务", 100, "won", 90, (("交付验收", True), ("客户满意度回访", False))),
    ("lost", "输单", 0, "lost", 365, ()),
)


def stage_rows() -> list[dict[str, Any]]:
    """Field values for the default pipeline stages, in order."""
    rows = []
    for position, (code, name, probability, outcome, stuck, checklist) in enumerate(DEFAULT_STAGES):
        rows.append(
            {
                "code": code,
                "name": name,
                "position": position,
                "probability": probability,
                "outcome": outcome,
                "stuck_days": stuck,
                "checklist": [
                    {"id": f"{code}-{number}", "text": text, "required": required}
                    for number, (text, required) in enumerate(checklist, 1)
                ],
            }
        )
    return rows


FIGURES = ("visits", "new_customers", "deals_advanced", "revenue_won", "tasks_done")
"""The figures a report can fill in automatically from the rep's own data."""

SECTIONS: dict[str, str] = {
    "summary": "工作总结",
    "customer_feedback": "客户反馈",
    "market": "市场与竞品动态",
    "problems": "遇到的问题",
    "next_plan": "下一步计划",
}


def template_rows() -> list[dict[str, Any]]:
    """Field values for the default daily, weekly and monthly report templates."""

    def sections(required: tuple[str, ...]) -> list[dict[str, Any]]:
        return [{"key": k, "title": t, "required": k in required} for k, t in SECTIONS.items()]

    return [
        {
            "name": "日报",
            "kind": "daily",
            "sections": sections(("summary", "next_plan")),
            "figures": list(FIGURES),
            "deadline_time": "20:00",
            "deadline_day": 0,
        },
        {
            "name": "周报",
            "kind": "weekly",
            "sections": sections(("summary", "customer_feedback", "next_plan")),
            "figures": list(FIGURES),
            "deadline_time": "18:00",
            "deadline_day": 5,  # Friday
        },
        {
            "name": "月报",
            "kind": "monthly",
            "sections": sections(("summary", "market", "problems", "next_plan")),
            "figures": list(FIGURES),
            "deadline_time": "18:00",
            "deadline_day": 1,  # the first day of the next month
        },
    ]
