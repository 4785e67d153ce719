"""The documents the ``salesdesk export`` command writes, read from a profile (no Qt).

* ``customers`` — every live customer with its main fields (codes shown by their English
  names; the desktop app's own exports are translated).
* ``leaderboard`` — the standings of one KPI and period (``store.figures.standings``) and the
  team goal.
* ``reports`` — a week's reports (``2026-W48``; a month or day works too): a table of who
  reported what and when, and, for PDF, every report's written sections and comments.
"""

from __future__ import annotations

import datetime as dt

from salesdesk.domain.entities import Customer, Report, ReportComment, ReportTemplate, User
from salesdesk.domain.periods import Period, PeriodKind
from salesdesk.domain.schema import entity_def, utcnow
from salesdesk.exports.document import Cell, Document, Section, Sheet
from salesdesk.store import figures, reports
from salesdesk.store.store import Store

__all__ = ["customers_document", "leaderboard_document", "reports_document"]

KPI_NAMES = {
    "revenue": "Revenue",
    "new_customers": "New customers",
    "visits": "Visits",
    "deals_won": "Deals won",
    "retention_rate": "Retention rate",
}


def _made() -> str:
    return f"made {utcnow().astimezone().strftime('%Y-%m-%d %H:%M')}"


def _choice(entity: str, field: str, code: str) -> str:
    spec = entity_def(entity).field(field)
    return code.replace("_", " ") if spec.choices and code in spec.choices else code


def customers_document(store: Store) -> Document:
    """Every live customer, newest first."""
    table = store.table(Customer)
    found = store.select(Customer, order_by=[table.c.created_at.desc(), table.c.id])
    users = {u.id: u.display_name for u in store.select(User, deleted=True)}
    headers = (
        "Name",
        "Unified social credit code",
        "Tier",
        "Status",
        "Industry",
        "Source",
        "Province",
        "City",
        "District",
        "Address",
        "Phone",
        "Tags",
        "Owner",
        "Created",
    )
    rows: list[list[Cell]] = [
        [
            c.name,
            c.credit_code,
            c.tier,
            _choice("customer", "status", c.status),
            _choice("customer", "industry", c.industry),
            _choice("customer", "source", c.source),
            c.province,
            c.city,
            c.district,
            c.address,
            c.phone,
            ",".join(c.tags),
            users.get(c.owner_id, "") if c.owner_id else "",
            c.created_at,
        ]
        for c in found
    ]
    return Document(
        title="Customers",
        subtitle=f"{len(rows)} customers, {_made()}",
        sheets=[Sheet("Customers", headers, rows)],
    )


def leaderboard_document(store: Store, kpi: str, period: Period) -> Document:
    """The standings with ranks, gaps and targets, and the team goal when there is one."""
    found = figures.standings(store, kpi, period)
    money = kpi == "revenue"
    headers = ("Rank", "Name", KPI_NAMES[kpi], "Target", "Attainment %", "To overtake", "Note")
    rows: list[list[Cell]] = []
    for row in found.rows:
        rows.append(
            [
                row.rank,
                row.name,
                row.value,
                row.target,
                row.attainment_pct,
                row.to_overtake,
                "provisional (not synced yet)" if row.provisional else "",
            ]
        )
    rows.append(
        [
            None,
            "Team total",
            found.total,
            found.team_target,
            found.attainment_pct,
            None,
            "",
        ]
    )
    as_of = (
        f"as of the last sync, {found.as_of.astimezone().strftime('%Y-%m-%d %H:%M')}"
        if found.as_of
        else "computed from this computer's data"
    )
    sheets = [
        Sheet(
            f"{KPI_NAMES[kpi]} {found.period}",
            headers,
            rows,
            money=frozenset({2, 3, 5}) if money else frozenset(),
        )
    ]
    if found.goal is not None:
        names = {row.user_id: row.name for row in found.rows}
        sheets.append(
            Sheet(
                "Team goal",
                ("Name", KPI_NAMES[kpi], "Share of team %", "Of the goal %"),
                [
                    [names.get(m.user_id, ""), m.value, m.share_pct, m.goal_pct]
                    for m in found.goal.members
                ],
                money=frozenset({1}) if money else frozenset(),
                notes=(
                    f"Goal {found.goal.goal}, reached {found.goal.total} "
                    f"({found.goal.attainment_pct}%), {found.goal.remaining} to go",
                ),
            )
        )
    return Document(
        title=f"Leaderboard: {KPI_NAMES[kpi]}, {found.period}",
        subtitle=f"{as_of}; {_made()}",
        sheets=sheets,
    )


def reports_document(store: Store, period: Period) -> Document:
    """The reports whose period starts within ``period`` (a week by default), with their text."""
    table = store.table(Report)
    found = store.select(
        Report,
        table.c.period_start >= period.start,
        table.c.period_start <= period.end,
        order_by=[table.c.period_start, table.c.kind, table.c.author_id],
    )
    names = {u.id: u.display_name for u in store.select(User, deleted=True)}
    templates = {t.id: t for t in store.select(ReportTemplate, deleted=True)}
    titles: dict[str, str] = {}
    for template in templates.values():
        for item in template.sections:
            if isinstance(item, dict) and item.get("key"):
                titles.setdefault(str(item["key"]), str(item.get("title") or item["key"]))
    tz = reports.local_zone()
    now = utcnow()
    comment_table = store.table(ReportComment)
    rows: list[list[Cell]] = []
    sections: list[Section] = []
    for report in found:
        own = templates.get(report.template_id) if report.template_id else None
        state, _deadline = reports.report_state(report, own, tz, now)
        author = names.get(report.author_id, "") if report.author_id else ""
        period_text = (
            reports.report_period(report.kind, report.period_start).code
            if report.period_start
            else ""
        )
        rows.append(
            [
                author,
                report.kind,
                period_text,
                state.replace("_", " "),
                report.submitted_at,
                report.score,
            ]
        )
        paragraphs = [
            f"{titles.get(key, key)}: {text}"
            for key, text in report.sections.items()
            if isinstance(text, str) and text.strip()
        ]
        comments = store.select(
            ReportComment,
            comment_table.c.report_id == report.id,
            order_by=[comment_table.c.created_at],
        )
        paragraphs += [
            f"Comment by {names.get(c.author_id, '') if c.author_id else ''}: {c.body}"
            for c in comments
        ]
        sections.append(
            Section(f"{author} · {report.kind} · {period_text}", paragraphs or ["(empty)"])
        )
    what = "week" if period.kind == PeriodKind.WEEK else str(period.kind)
    return Document(
        title=f"Reports of the {what} {period.code}",
        subtitle=f"{period.start} to {period.end}; {len(rows)} reports; {_made()}",
        sheets=[
            Sheet(
                "Reports",
                ("Author", "Kind", "Period", "State", "Submitted", "Score"),
                rows,
            )
        ],
        sections=sections,
    )


def current_week(today: dt.date | None = None) -> Period:
    """This ISO week (the default of ``export reports``)."""
    return Period.containing(PeriodKind.WEEK, today or dt.date.today())
