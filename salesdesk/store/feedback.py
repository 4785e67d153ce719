"""Queries behind a customer's Feedback tab: its feedback records, newest first."""

from __future__ import annotations

import dataclasses
import uuid

from salesdesk.domain.entities import CustomerFeedback, User
from salesdesk.store.store import Store


@dataclasses.dataclass(frozen=True)
class FeedbackRow:
    feedback: CustomerFeedback
    recorded_by: str  # the person's name


def customer_feedback(store: Store, customer_id: uuid.UUID) -> list[FeedbackRow]:
    """The customer's feedback, newest first (by the day it was given, then when recorded)."""
    table = store.table(CustomerFeedback)
    records = store.select(
        CustomerFeedback,
        table.c.customer_id == customer_id,
        order_by=[table.c.recorded_on.desc(), table.c.created_at.desc()],
    )
    users = store.get_many(User, {r.recorded_by for r in records if r.recorded_by})
    return [
        FeedbackRow(
            record,
            users[record.recorded_by].display_name if record.recorded_by in users else "",
        )
        for record in records
    ]


def average_rating(rows: list[FeedbackRow]) -> tuple[float | None, int]:
    """(average satisfaction rating, number of ratings); None when there is none."""
    ratings = [
        row.feedback.rating
        for row in rows
        if row.feedback.kind == "satisfaction" and row.feedback.rating is not None
    ]
    return (sum(ratings) / len(ratings) if ratings else None, len(ratings))
