"""Everything the domain declares has a translatable name in the UI."""

from __future__ import annotations

from salesdesk.domain.schema import ENTITIES, Kind
from salesdesk.ui import labels


def test_every_entity_and_field_label_is_listed_for_translation() -> None:
    assert {d.label for d in ENTITIES.values()} <= set(labels.ENTITY_LABELS)
    assert {s.label for d in ENTITIES.values() for s in d.fields} <= set(labels.FIELD_LABELS)


def test_every_choice_code_has_a_name() -> None:
    missing = [
        (name, spec.name, code)
        for name, definition in ENTITIES.items()
        for spec in definition.fields
        if spec.kind == Kind.CHOICE
        for code in spec.choices
        if code not in labels.CHOICES.get(labels.choice_key(name, spec.name), {})
    ]
    assert missing == []


def test_money_is_formatted_exactly() -> None:
    from decimal import Decimal

    assert labels.money(Decimal("12300")) == "¥12,300.00"
    assert labels.money(Decimal("12345678901234.56")) == "¥12,345,678,901,234.56"
