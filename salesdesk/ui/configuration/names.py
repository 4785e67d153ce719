"""Translated messages of the Configuration area for the rules' error codes."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from salesdesk.domain.schema import FieldError, entity_def
from salesdesk.ui import labels
from salesdesk.ui.labels import QT_TRANSLATE_NOOP

CONTEXT = "Configuration"

MESSAGES = {
    "no_sections": QT_TRANSLATE_NOOP("Configuration", "A template needs at least one section."),
    "title_required": QT_TRANSLATE_NOOP("Configuration", "Each section needs a title."),
    "invalid_key": QT_TRANSLATE_NOOP("Configuration", "This section's key is not valid."),
    "duplicate_key": QT_TRANSLATE_NOOP("Configuration", "Two sections have the same key."),
    "unknown_figure": QT_TRANSLATE_NOOP("Configuration", "This figure is not known."),
    "invalid_weekday": QT_TRANSLATE_NOOP("Configuration", "Choose a day of the week."),
    "invalid_day": QT_TRANSLATE_NOOP("Configuration", "Choose a day from 1 to 31."),
    "duplicate_name": QT_TRANSLATE_NOOP("Configuration", "Another active stage has this name."),
    "won_probability": QT_TRANSLATE_NOOP("Configuration", "A won stage has probability 100%."),
    "lost_probability": QT_TRANSLATE_NOOP("Configuration", "A lost stage has probability 0%."),
    "duplicate_item": QT_TRANSLATE_NOOP("Configuration", "Two checklist items are the same."),
    "no_open_stage": QT_TRANSLATE_NOOP(
        "Configuration", "The pipeline needs at least one active open stage."
    ),
    "no_won_stage": QT_TRANSLATE_NOOP(
        "Configuration", "The pipeline needs at least one active won stage."
    ),
    "no_lost_stage": QT_TRANSLATE_NOOP(
        "Configuration", "The pipeline needs at least one active lost stage."
    ),
    "stage_in_use": QT_TRANSLATE_NOOP(
        "Configuration",
        "Open deals are in this stage: move them to another stage before deactivating it.",
    ),
    "stage_used": QT_TRANSLATE_NOOP(
        "Configuration", "Deals use this stage, so it cannot be deleted: deactivate it instead."
    ),
    "sum_not_100": QT_TRANSLATE_NOOP("Configuration", "The weights must add up to 100."),
    "negative": QT_TRANSLATE_NOOP("Configuration", "A weight cannot be negative."),
}


def field(entity: str, name: str) -> str:
    """A declared field's translated label."""
    return labels.field_label(entity_def(entity).field(name))


def message(error: FieldError) -> str:
    """The translated message of a rule's error (the declarations' errors via labels)."""
    if error.code == "required" and error.field.startswith(("checklist.", "sections.")):
        return QCoreApplication.translate("Configuration", "Each item needs a text.")
    source = MESSAGES.get(error.code)
    if source is not None:
        return QCoreApplication.translate(CONTEXT, source)
    return labels.error_text(None, error)
