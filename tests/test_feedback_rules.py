"""Customer feedback rules: a satisfaction record needs a rating; other kinds carry none."""

from __future__ import annotations

from salesdesk.domain.feedback import feedback_errors, normalized_feedback


def test_satisfaction_needs_a_rating() -> None:
    errors = feedback_errors({"kind": "satisfaction", "rating": None, "body": "满意"})
    assert [(e.field, e.code) for e in errors] == [("rating", "required")]
    assert feedback_errors({"kind": "satisfaction", "rating": 4}) == []
    assert feedback_errors({"kind": "complaint", "rating": None}) == []


def test_other_kinds_drop_the_rating() -> None:
    assert normalized_feedback({"kind": "complaint", "rating": 2})["rating"] is None
    assert normalized_feedback({"kind": "satisfaction", "rating": 2})["rating"] == 2
