"""Changes that follow from other changes, applied by the write path in the same transaction.

Example: when a customer's status becomes ``churned``, ``churned_on`` is set
to the day it happened (the retention KPI counts from it); when it stops
being churned, ``churned_on`` is cleared.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any


def follow_up_changes(
    entity: str, current: Mapping[str, Any] | None, changes: Mapping[str, Any], today: dt.date
) -> dict[str, Any]:
    """Extra field values implied by ``changes`` to a row (``current`` is None on create)."""
    if entity == "customer" and "status" in changes and "churned_on" not in changes:
        was_churned = current is not None and current.get("status") == "churned"
        if changes["status"] == "churned" and not was_churned:
            return {"churned_on": today}
        if changes["status"] != "churned" and was_churned:
            return {"churned_on": None}
    return {}
