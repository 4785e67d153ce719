"""Customer feedback rules (客户反馈): satisfaction needs a rating; other kinds carry none.

A ``satisfaction`` record is a rating of 1–5 (with a comment); a
``complaint`` or ``suggestion`` is text only. The entity's declaration checks
each field on its own; these rules look at the fields together.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from salesdesk.domain.schema import FieldError

__all__ = ["feedback_errors", "normalized_feedback"]


def feedback_errors(values: Mapping[str, Any]) -> list[FieldError]:
    """Problems with a feedback record's values taken together (code ``required``)."""
    if values.get("kind") == "satisfaction" and values.get("rating") is None:
        return [FieldError("rating", "required", "a satisfaction record needs a rating of 1 to 5")]
    return []


def normalized_feedback(values: Mapping[str, Any]) -> dict[str, Any]:
    """The values with the rating dropped from kinds that carry none."""
    cleaned = dict(values)
    if cleaned.get("kind") not in (None, "satisfaction"):
        cleaned["rating"] = None
    return cleaned
