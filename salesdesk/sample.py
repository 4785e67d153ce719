"""Realistic sample data: Chinese companies and people, regions, deals in every stage,
visits, tasks, feedback and reports over the last months.

Used by demo mode, tests and benchmarks. ``generate`` yields batches of
field values per entity in dependency order (parents before children), so
100,000 customers with everything under them stream through in bounded
memory; ``populate`` writes them into a store through the write path.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import uuid
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from salesdesk.domain.defaults import SECTIONS
from salesdesk.domain.entities import INDUSTRIES, SOURCES
from salesdesk.domain.ids import uuid7
from salesdesk.domain.regions import CITIES, CITY_CENTRES
from salesdesk.domain.schema import entity_def
from salesdesk.domain.validators import CREDIT_CODE_ALPHABET, credit_code_check_char

CENTS = Decimal("0.01")

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁"
    "潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志强"
    "晓东海燕丹玲俊峰雪梅文博宇浩子涵欣怡思远嘉豪雨萱"
)
BRAND_WORDS = [
    "华信",
    "恒通",
    "鼎盛",
    "瑞丰",
    "宏达",
    "金桥",
    "博远",
    "天成",
    "新元",
    "汇智",
    "中联",
    "远航",
    "凯达",
    "永兴",
    "安泰",
    "海川",
    "蓝海",
    "星辰",
    "正和",
    "盛世",
    "同创",
    "联科",
    "卓越",
    "泰和",
    "万顺",
    "立信",
    "东方",
    "长城",
    "智汇",
    "云帆",
    "锦程",
    "华晨",
    "嘉禾",
    "晟达",
    "启明",
    "润泽",
    "德信",
    "恒源",
    "佳和",
    "宏图",
]
INDUSTRY_WORDS: dict[str, tuple[str, ...]] = {
    "manufacturing": ("机械制造", "精密机械", "电子", "汽车零部件", "模具"),
    "it": ("信息技术", "软件", "网络科技", "数据科技", "智能科技"),
    "retail": ("商贸", "零售", "百货", "连锁超市"),
    "wholesale": ("贸易", "进出口", "供应链"),
    "finance": ("投资管理", "融资租赁", "资产管理"),
    "healthcare": ("医疗器械", "医药", "健康科技", "生物科技"),
    "education": ("教育科技", "培训", "文化传播"),
    "construction": ("建设工程", "建筑装饰", "工程"),
    "real_estate": ("置业", "房地产开发", "物业管理"),
    "logistics": ("物流", "快运", "仓储"),
    "energy": ("新能源", "能源科技", "电力设备"),
    "agriculture": ("农业科技", "生态农业", "种业"),
    "food": ("食品", "餐饮管理", "饮品"),
    "hospitality": ("酒店管理", "旅游", "文旅"),
    "media": ("传媒", "广告", "影视文化"),
    "government": ("公共服务中心", "城市投资", "发展集团"),
    "other": ("实业", "服务", "科技"),
}
LEGAL_FORMS = ("有限公司", "有限公司", "有限公司", "股份有限公司", "集团有限公司")
TITLES = (
    "总经理",
    "采购经理",
    "技术总监",
    "财务总监",
    "行政主管",
    "副总经理",
    "项目经理",
    "董事长",
    "IT经理",
)
PURPOSES = (
    "初次拜访",
    "需求沟通",
    "方案演示",
    "报价沟通",
    "合同洽谈",
    "售后回访",
    "关系维护",
    "催款",
)
OUTCOMES = (
    "客户对方案感兴趣,约定下周再沟通。",
    "了解到客户预算有限,需要调整报价。",
    "客户决策人出差,改期再访。",
    "演示顺利,客户要求提供详细报价。",
    "客户提出交付周期问题,需内部确认。",
    "合同条款基本达成一致。",
)
NEXT_STEPS = (
    "发送报价单",
    "安排技术交流",
    "提交合同草稿",
    "跟进决策进度",
    "邀请参观工厂",
    "寄送样品",
)
TASK_TITLES = (
    "回访客户",
    "发送资料",
    "准备报价",
    "跟进合同",
    "整理需求文档",
    "确认付款进度",
    "预约拜访",
)
FEEDBACK_TEXT = {
    "satisfaction": ("服务响应及时,很满意。", "产品质量稳定。", "售后支持还可以。"),
    "complaint": ("交货延迟了一周。", "发票开具太慢。", "安装人员不够专业。"),
    "suggestion": ("希望增加在线培训。", "建议提供分期付款。", "希望有专属客户经理。"),
}
TAGS = ("重点客户", "老客户", "转介绍", "VIP", "政府项目", "长期合作", "价格敏感", "决策慢")
STREETS = (
    "中山路",
    "人民路",
    "建设路",
    "解放路",
    "科技园路",
    "新华路",
    "长江路",
    "滨河大道",
    "创业路",
)


class Dice:
    """Fast seeded choices: everything derived from ``random()`` (randint and choice are slow)."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed).random

    def pick(self, items: Sequence[Any]) -> Any:
        return items[int(self.random() * len(items))]

    def between(self, low: int, high: int) -> int:
        """An integer from low to high, both included."""
        return low + int(self.random() * (high - low + 1))

    def chance(self, probability: float) -> bool:
        return self.random() < probability

    def weighted(self, items: Sequence[Any], weights: Sequence[int]) -> Any:
        point = self.random() * sum(weights)
        for item, weight in zip(items, weights, strict=True):
            point -= weight
            if point < 0:
                return item
        return items[-1]

    def sample(self, items: Sequence[Any], count: int) -> list[Any]:
        chosen: list[Any] = []
        while len(chosen) < min(count, len(items)):
            item = self.pick(items)
            if item not in chosen:
                chosen.append(item)
        return chosen

    def uniform(self, low: float, high: float) -> float:
        return low + (high - low) * self.random()


@dataclasses.dataclass(frozen=True)
class Context:
    """Who and what the sample data belongs to."""

    owners: Sequence[uuid.UUID]
    stages: Sequence[tuple[uuid.UUID, str, int, str]]  # (id, code, probability, outcome), in order
    templates: dict[str, uuid.UUID]  # report kind -> template id
    team_id: uuid.UUID | None
    today: dt.date
    with_config: bool = True  # also targets for each owner and the team


DIGITS = "0123456789"


def credit_code(rng: Dice) -> str:
    """A well-formed unified social credit code (valid check character)."""
    # rng.pick written out (the same draws): six digits, then nine characters of the alphabet.
    draw, letters = rng.random, len(CREDIT_CODE_ALPHABET)
    body = "91" + "".join([DIGITS[int(draw() * 10)] for _ in range(6)])
    body += "".join([CREDIT_CODE_ALPHABET[int(draw() * letters)] for _ in range(9)])
    return body + credit_code_check_char(body)


def person_name(rng: Dice) -> str:
    return rng.pick(SURNAMES) + "".join([rng.pick(GIVEN) for _ in range(rng.pick((1, 2, 2)))])


def mobile(rng: Dice) -> str:
    draw = rng.random
    prefix = rng.pick(("13", "15", "17", "18", "19"))
    return prefix + "".join([DIGITS[int(draw() * 10)] for _ in range(9)])


_CHINA = dt.timedelta(hours=8)


def _utc(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A local (China, UTC+8) time of day on ``day``, as UTC."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=dt.UTC) - _CHINA


def _workdays_back(today: dt.date, count: int) -> list[dt.date]:
    days: list[dt.date] = []
    day = today
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= dt.timedelta(days=1)
    return days


def generate(
    customers: int, context: Context, *, seed: int = 20261123, batch: int = 2000
) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Yield ``(entity, rows)`` batches: customers with contacts, deals, visits, tasks, feedback,
    then reports and targets. Rows carry their own ``id`` and a past ``created_at``, and every
    field in the form ``EntityDef.clean_values`` gives (a test holds the generator to that)."""
    rng = Dice(seed)
    places = [(p, c, d) for p, cities in CITIES.items() for c, ds in cities.items() for d in ds]
    open_stages = [s for s in context.stages if s[3] == "open"]
    funnel = _funnel_weights(context.stages)
    names_used: set[str] = set()
    for start in range(0, customers, batch):
        rows: dict[str, list[dict[str, Any]]] = {
            name: []
            for name in (
                "customer",
                "contact",
                "deal",
                "deal_stage_change",
                "visit",
                "task",
                "feedback",
            )
        }
        for _ in range(start, min(customers, start + batch)):
            _one_customer(rng, context, places, open_stages, funnel, names_used, rows)
        for entity, entity_rows in rows.items():
            if entity_rows:
                yield entity, _complete(entity, entity_rows)
    for entity, entity_rows in _reports(rng, context):
        yield entity, _complete(entity, entity_rows)
    if context.with_config:
        yield "target", _complete("target", _targets(context))


def _complete(entity: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give every row every field (defaults where the generator set none), as
    ``clean_values`` would, so the rows can be written without validating them again."""
    specs = entity_def(entity).fields
    keys: Any = None  # the fields of the row before (rows of an entity mostly have the same)
    missing: list[Any] = []
    for row in rows:
        if row.keys() != keys:
            keys = set(row)
            missing = [spec for spec in specs if spec.name not in keys]
        for spec in missing:
            row[spec.name] = spec.make_default()
    return rows


def _one_customer(
    rng: Dice,
    context: Context,
    places: list[tuple[str, str, str]],
    open_stages: Sequence[tuple[uuid.UUID, str, int, str]],
    funnel: list[int],
    names_used: set[str],
    rows: dict[str, list[dict[str, Any]]],
) -> None:
    today = context.today
    province, city, district = rng.pick(places)
    industry = rng.pick(INDUSTRIES)
    owner = rng.pick(context.owners)
    name = ""
    for _ in range(5):
        name = (
            city.removesuffix("市")
            + rng.pick(BRAND_WORDS)
            + rng.pick(INDUSTRY_WORDS[industry])
            + rng.pick(LEGAL_FORMS)
        )
        if name not in names_used:
            break
        name = name.replace("有限公司", f"{rng.pick(BRAND_WORDS)}有限公司", 1)
    names_used.add(name)
    created = _utc(today - dt.timedelta(days=rng.between(0, 540)), rng.between(9, 17))
    centre = CITY_CENTRES.get(city, (31.2, 121.4))
    customer_id = uuid7()
    status = rng.weighted(("prospect", "active", "churned"), (5, 4, 1))
    rows["customer"].append(
        {
            "id": customer_id,
            "created_at": created,
            "name": name,
            "credit_code": credit_code(rng) if rng.chance(0.8) else "",
            "kind": "company" if rng.chance(0.95) else "individual",
            "industry": industry,
            "tier": rng.weighted(("A", "B", "C"), (2, 3, 5)),
            "source": rng.pick(SOURCES),
            "status": status,
            "province": province,
            "city": city,
            "district": district,
            "address": f"{district}{rng.pick(STREETS)}{rng.between(1, 999)}号",
            "latitude": round(centre[0] + rng.uniform(-0.15, 0.15), 6),
            "longitude": round(centre[1] + rng.uniform(-0.15, 0.15), 6),
            "phone": f"0{rng.between(10, 999)}-{rng.between(10000000, 99999999)}",
            "tags": tuple(rng.sample(TAGS, rng.pick((0, 0, 1, 2)))),
            "owner_id": owner,
        }
    )
    contact_ids = []
    for number in range(rng.pick((1, 1, 1, 2, 2, 3))):
        contact_id = uuid7()
        contact_ids.append(contact_id)
        rows["contact"].append(
            {
                "id": contact_id,
                "created_at": created,
                "customer_id": customer_id,
                "name": person_name(rng),
                "title": rng.pick(TITLES),
                "mobile": mobile(rng),
                "email": f"contact{rng.between(1, 99999)}@example.cn" if rng.chance(0.6) else "",
                "wechat": f"wx_{rng.between(100000, 999999)}" if rng.chance(0.5) else "",
                "is_primary": number == 0,
            }
        )
    for _ in range(rng.pick((0, 0, 1, 1, 2))):
        _one_deal(rng, context, customer_id, owner, contact_ids, created, open_stages, funnel, rows)
    days_known = max(1, (today - created.date()).days)
    for _ in range(rng.pick((0, 0, 1, 1, 2, 3))):
        _one_visit(rng, today, customer_id, owner, contact_ids, days_known, rows)
    if rng.chance(0.5):
        due = today + dt.timedelta(days=rng.between(-10, 14))
        done = due < today and rng.chance(0.6)
        rows["task"].append(
            {
                "id": uuid7(),
                "created_at": _utc(due - dt.timedelta(days=rng.between(1, 10)), 10),
                "title": rng.pick(TASK_TITLES),
                "due_at": _utc(due, rng.pick((10, 14, 17))),
                "priority": rng.weighted(("normal", "low", "high", "urgent"), (6, 1, 2, 1)),
                "status": "done" if done else "open",
                "completed_at": _utc(due, 16) if done else None,
                "customer_id": customer_id,
                "assignee_id": owner,
                "assigned_by": owner,
            }
        )
    if rng.chance(0.2):
        kind = rng.pick(("satisfaction", "complaint", "suggestion"))
        day = today - dt.timedelta(days=rng.between(0, min(days_known, 180)))
        rows["feedback"].append(
            {
                "id": uuid7(),
                "created_at": _utc(day, 15),
                "customer_id": customer_id,
                "kind": kind,
                "rating": rng.between(3, 5) if kind == "satisfaction" else None,
                "body": rng.pick(FEEDBACK_TEXT[kind]),
                "recorded_by": owner,
                "recorded_on": day,
            }
        )


def _one_deal(
    rng: Dice,
    context: Context,
    customer_id: uuid.UUID,
    owner: uuid.UUID,
    contact_ids: list[uuid.UUID],
    created: dt.datetime,
    open_stages: Sequence[tuple[uuid.UUID, str, int, str]],
    funnel: list[int],
    rows: dict[str, list[dict[str, Any]]],
) -> None:
    today = context.today
    stages = context.stages
    target = stages[rng.weighted(range(len(stages)), funnel)]
    days_since = max(0, (today - created.date()).days)
    opened = created + dt.timedelta(days=rng.between(0, min(30, days_since)))
    path = list(open_stages[: open_stages.index(target) + 1]) if target[3] == "open" else []
    if target[3] != "open":
        path = [*open_stages[: rng.between(1, len(open_stages))], target]
    # Walk the path a few days per stage; a deal too young to have got that far is still
    # open in the last stage it reached, so moves spread over the past, not onto today.
    now = _utc(today, 8)
    moments = [opened]
    for _step in path[1:]:
        moment = moments[-1] + dt.timedelta(days=rng.between(2, 25), hours=rng.between(0, 8))
        if moment > now:
            break
        moments.append(moment)
    if len(moments) < len(path):  # not that far yet: still open where it got to
        path = path[: len(moments)]
        target = path[-1]
    stage_id, _code, probability, outcome = target
    deal_id = uuid7()
    history: list[dict[str, Any]] = []
    previous: uuid.UUID | None = None
    for step, moved in zip(path, moments, strict=True):
        history.append(
            {
                "id": uuid7(),
                "created_at": moved,
                "deal_id": deal_id,
                "from_stage_id": previous,
                "to_stage_id": step[0],
                "changed_at": moved,
                "changed_by": owner,
            }
        )
        previous = step[0]
    entered = history[-1]["changed_at"]
    closed = entered.date() if outcome != "open" else None
    rows["deal"].append(
        {
            "id": deal_id,
            "created_at": opened,
            "customer_id": customer_id,
            "contact_id": rng.pick(contact_ids) if contact_ids else None,
            "title": rng.pick(
                ("年度采购", "设备升级", "系统建设", "框架协议", "二期项目", "试点合作")
            )
            + "项目",
            "amount": Decimal(rng.between(50, 20000) * 100).quantize(CENTS),
            "stage_id": stage_id,
            "probability": probability,
            "expected_close": today + dt.timedelta(days=rng.between(-20, 120))
            if outcome == "open"
            else closed,
            "status": outcome,
            "lost_reason": rng.pick(("价格偏高", "选择了竞争对手", "项目取消"))
            if outcome == "lost"
            else "",
            "closed_on": closed,
            "stage_changed_at": entered,
            "owner_id": owner,
        }
    )
    rows["deal_stage_change"].extend(history)


def _funnel_weights(stages: Sequence[tuple[uuid.UUID, str, int, str]]) -> list[int]:
    """How many deals sit in each stage, like a real funnel: most early, few late.

    Open stages get 30, 21, 15, 10, … (each 70% of the one before); a won stage
    gets 8 (the first) or 3, a lost stage 7.
    """
    weights = []
    open_weight, won_seen = 30.0, False
    for _id, _code, _probability, outcome in stages:
        if outcome == "open":
            weights.append(max(1, round(open_weight)))
            open_weight *= 0.7
        elif outcome == "won":
            weights.append(3 if won_seen else 8)
            won_seen = True
        else:
            weights.append(7)
    return weights


def _one_visit(
    rng: Dice,
    today: dt.date,
    customer_id: uuid.UUID,
    owner: uuid.UUID,
    contact_ids: list[uuid.UUID],
    days_known: int,
    rows: dict[str, list[dict[str, Any]]],
) -> None:
    upcoming = rng.chance(0.15)
    day = (
        today + dt.timedelta(days=rng.between(0, 6))
        if upcoming
        else today - dt.timedelta(days=rng.between(1, min(days_known, 120)))
    )
    hour = rng.between(9, 16)
    done = not upcoming and rng.chance(0.9)
    rows["visit"].append(
        {
            "id": uuid7(),
            "created_at": _utc(day - dt.timedelta(days=rng.between(1, 5)), 9),
            "customer_id": customer_id,
            "contact_id": rng.pick(contact_ids) if contact_ids else None,
            "rep_id": owner,
            "planned_on": day,
            "planned_time": f"{hour:02d}:00",
            "purpose": rng.pick(PURPOSES),
            "status": "done" if done else ("planned" if upcoming else "cancelled"),
            "checked_in_at": _utc(day, hour, rng.between(0, 20)) if done else None,
            "checked_out_at": _utc(day, hour + 1, rng.between(0, 50)) if done else None,
            "outcome": rng.pick(OUTCOMES) if done else "",
            "next_step": rng.pick(NEXT_STEPS) if done and rng.chance(0.6) else "",
        }
    )


def _reports(rng: Dice, context: Context) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Daily reports for the last 30 workdays, weekly for 8 weeks, monthly for 3 months."""
    today = context.today
    rows: list[dict[str, Any]] = []
    for owner in context.owners:
        for day in _workdays_back(today - dt.timedelta(days=1), 30):
            if rng.chance(0.9):
                rows.append(_report(rng, context, owner, "daily", day, day, _utc(day, 19)))
        monday = today - dt.timedelta(days=today.weekday())
        for week in range(1, 9):
            start = monday - dt.timedelta(weeks=week)
            rows.append(
                _report(
                    rng,
                    context,
                    owner,
                    "weekly",
                    start,
                    start + dt.timedelta(days=6),  # weeks run Monday to Sunday
                    _utc(start + dt.timedelta(days=4), 17),  # written on Friday afternoon
                )
            )
        first = today.replace(day=1)
        for _ in range(3):
            end = first - dt.timedelta(days=1)
            first = end.replace(day=1)
            rows.append(_report(rng, context, owner, "monthly", first, end, _utc(end, 17)))
    yield "report", rows


def _report(
    rng: Dice,
    context: Context,
    owner: uuid.UUID,
    kind: str,
    start: dt.date,
    end: dt.date,
    submitted: dt.datetime,
) -> dict[str, Any]:
    late = rng.chance(0.15)
    when = submitted + dt.timedelta(hours=rng.between(3, 30)) if late else submitted
    sections = dict.fromkeys(SECTIONS, "")
    sections["summary"] = rng.pick(
        ("拜访客户并推进方案。", "跟进报价,整理客户需求。", "参加展会,收集线索。")
    )
    sections["next_plan"] = rng.pick(NEXT_STEPS)
    return {
        "id": uuid7(),
        "created_at": when,
        "author_id": owner,
        "kind": kind,
        "period_start": start,
        "period_end": end,
        "template_id": context.templates.get(kind),
        "figures": {"visits": rng.between(0, 6), "new_customers": rng.between(0, 3)},
        "sections": sections,
        "status": "submitted",
        "submitted_at": when,
    }


def _targets(context: Context) -> list[dict[str, Any]]:
    today = context.today
    month = f"{today.year}-{today.month:02d}"
    quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    rows: list[dict[str, Any]] = []
    for period, scale in ((month, 1), (quarter, 3)):
        team_target_id = uuid7()
        rows.append(
            {
                "id": team_target_id,
                "team_id": context.team_id,
                "kpi": "revenue",
                "period": period,
                "value": Decimal(500_000 * scale * len(context.owners)).quantize(CENTS),
                "description": "团队销售额目标",
                "split_method": "equal",
            }
        )
        for owner in context.owners:
            rows.append(
                {
                    "id": uuid7(),
                    "team_id": context.team_id,
                    "user_id": owner,
                    "kpi": "revenue",
                    "period": period,
                    "value": Decimal(500_000 * scale).quantize(CENTS),
                    "split_method": "equal",
                    "parent_id": team_target_id,
                }
            )
    return rows
