"""Translated names of the standard pipeline: stage names and checklist items.

A team starts with the standard stages (``domain.defaults``), stored with
Chinese names. While a stage or checklist item still has its standard name,
it is shown in the interface language; once a manager renames it, their text
is shown as written. Also the usual reasons a deal is lost, for quick choice.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from salesdesk.domain.defaults import DEFAULT_STAGES
from salesdesk.domain.entities import PipelineStage
from salesdesk.domain.pipeline import ChecklistItem
from salesdesk.ui.labels import QT_TRANSLATE_NOOP

STAGE_NAMES: dict[str, str] = {
    "lead": QT_TRANSLATE_NOOP("Stages", "Lead identified"),
    "contact": QT_TRANSLATE_NOOP("Stages", "First contact"),
    "needs": QT_TRANSLATE_NOOP("Stages", "Needs analysis"),
    "proposal": QT_TRANSLATE_NOOP("Stages", "Proposal"),
    "negotiation": QT_TRANSLATE_NOOP("Stages", "Quote and negotiation"),
    "won": QT_TRANSLATE_NOOP("Stages", "Won"),
    "after_sales": QT_TRANSLATE_NOOP("Stages", "After-sales service"),
    "lost": QT_TRANSLATE_NOOP("Stages", "Lost"),
}

CHECKLIST_TEXTS: dict[str, str] = {
    "lead-1": QT_TRANSLATE_NOOP("Stages", "Confirm the customer's basic information"),
    "lead-2": QT_TRANSLATE_NOOP("Stages", "Judge how well the needs match"),
    "lead-3": QT_TRANSLATE_NOOP("Stages", "Record where the customer came from"),
    "contact-1": QT_TRANSLATE_NOOP("Stages", "First visit or phone call"),
    "contact-2": QT_TRANSLATE_NOOP("Stages", "Identify the key contact"),
    "contact-3": QT_TRANSLATE_NOOP("Stages", "Send the company introduction"),
    "needs-1": QT_TRANSLATE_NOOP("Stages", "Complete the needs survey"),
    "needs-2": QT_TRANSLATE_NOOP("Stages", "Confirm the budget range"),
    "needs-3": QT_TRANSLATE_NOOP("Stages", "Confirm the decision process and decision makers"),
    "proposal-1": QT_TRANSLATE_NOOP("Stages", "Submit the solution"),
    "proposal-2": QT_TRANSLATE_NOOP("Stages", "Customer confirms the solution"),
    "proposal-3": QT_TRANSLATE_NOOP("Stages", "Technical exchange or product demo"),
    "negotiation-1": QT_TRANSLATE_NOOP("Stages", "Submit the formal quotation"),
    "negotiation-2": QT_TRANSLATE_NOOP("Stages", "Complete the commercial negotiation"),
    "negotiation-3": QT_TRANSLATE_NOOP("Stages", "Confirm the contract terms"),
    "won-1": QT_TRANSLATE_NOOP("Stages", "Contract signed"),
    "won-2": QT_TRANSLATE_NOOP("Stages", "First payment received"),
    "after_sales-1": QT_TRANSLATE_NOOP("Stages", "Delivery accepted"),
    "after_sales-2": QT_TRANSLATE_NOOP("Stages", "Customer satisfaction follow-up"),
}

LOST_REASONS = (
    QT_TRANSLATE_NOOP("LostReasons", "Price too high"),
    QT_TRANSLATE_NOOP("LostReasons", "Chose a competitor"),
    QT_TRANSLATE_NOOP("LostReasons", "Not enough budget"),
    QT_TRANSLATE_NOOP("LostReasons", "Project cancelled"),
    QT_TRANSLATE_NOOP("LostReasons", "Needs changed"),
    QT_TRANSLATE_NOOP("LostReasons", "Could not reach the decision maker"),
)

_DEFAULT_NAMES = {code: name for code, name, *_rest in DEFAULT_STAGES}
_DEFAULT_ITEMS = {
    f"{code}-{number}": text
    for code, _name, _p, _o, _s, checklist in DEFAULT_STAGES
    for number, (text, _required) in enumerate(checklist, 1)
}


def stage_name(stage: PipelineStage) -> str:
    """The stage's name: translated while it is the standard one, else as the team named it."""
    source = STAGE_NAMES.get(stage.code)
    if source is not None and stage.name == _DEFAULT_NAMES.get(stage.code):
        return QCoreApplication.translate("Stages", source)
    return stage.name


def item_text(item: ChecklistItem) -> str:
    """A checklist item's text: translated while it is the standard one."""
    source = CHECKLIST_TEXTS.get(item.id)
    if source is not None and item.text == _DEFAULT_ITEMS.get(item.id):
        return QCoreApplication.translate("Stages", source)
    return item.text


def lost_reasons() -> list[str]:
    return [QCoreApplication.translate("LostReasons", reason) for reason in LOST_REASONS]
