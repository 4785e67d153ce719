"""Translated names for what the domain declares in codes: entities, fields, choices, errors.

The domain speaks English codes and labels; everything a user sees goes
through Qt's translator here. The strings are listed with
``QT_TRANSLATE_NOOP`` so ``lupdate`` collects them; a test checks every
declared field label, entity label and choice code is listed.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QCoreApplication

from salesdesk.domain.schema import FieldError, FieldSpec
from salesdesk.ui.i18n import QT_TRANSLATE_NOOP

ENTITY_LABELS = (
    QT_TRANSLATE_NOOP("Entities", "Appraisal weights"),
    QT_TRANSLATE_NOOP("Entities", "Attachment"),
    QT_TRANSLATE_NOOP("Entities", "Commission assignment"),
    QT_TRANSLATE_NOOP("Entities", "Commission plan"),
    QT_TRANSLATE_NOOP("Entities", "Contact"),
    QT_TRANSLATE_NOOP("Entities", "Customer"),
    QT_TRANSLATE_NOOP("Entities", "Customer feedback"),
    QT_TRANSLATE_NOOP("Entities", "Deal"),
    QT_TRANSLATE_NOOP("Entities", "Pipeline stage"),
    QT_TRANSLATE_NOOP("Entities", "Report"),
    QT_TRANSLATE_NOOP("Entities", "Report comment"),
    QT_TRANSLATE_NOOP("Entities", "Report template"),
    QT_TRANSLATE_NOOP("Entities", "Stage change"),
    QT_TRANSLATE_NOOP("Entities", "Target"),
    QT_TRANSLATE_NOOP("Entities", "Task"),
    QT_TRANSLATE_NOOP("Entities", "Team figure"),
    QT_TRANSLATE_NOOP("Entities", "Team"),
    QT_TRANSLATE_NOOP("Entities", "User"),
    QT_TRANSLATE_NOOP("Entities", "Visit"),
)

FIELD_LABELS = (
    QT_TRANSLATE_NOOP("Fields", "Accelerator above attainment %"),
    QT_TRANSLATE_NOOP("Fields", "Accelerator multiplier"),
    QT_TRANSLATE_NOOP("Fields", "Active"),
    QT_TRANSLATE_NOOP("Fields", "Address"),
    QT_TRANSLATE_NOOP("Fields", "Amount"),
    QT_TRANSLATE_NOOP("Fields", "Assigned by"),
    QT_TRANSLATE_NOOP("Fields", "Assigned to"),
    QT_TRANSLATE_NOOP("Fields", "Author"),
    QT_TRANSLATE_NOOP("Fields", "Automatic figures"),
    QT_TRANSLATE_NOOP("Fields", "Base rate %"),
    QT_TRANSLATE_NOOP("Fields", "Birthday"),
    QT_TRANSLATE_NOOP("Fields", "Bonus per new customer"),
    QT_TRANSLATE_NOOP("Fields", "Cap"),
    QT_TRANSLATE_NOOP("Fields", "Changed at"),
    QT_TRANSLATE_NOOP("Fields", "Changed by"),
    QT_TRANSLATE_NOOP("Fields", "Check-in address"),
    QT_TRANSLATE_NOOP("Fields", "Checked in"),
    QT_TRANSLATE_NOOP("Fields", "Checked out"),
    QT_TRANSLATE_NOOP("Fields", "Checklist"),
    QT_TRANSLATE_NOOP("Fields", "Checklist items done"),
    QT_TRANSLATE_NOOP("Fields", "Checksum"),
    QT_TRANSLATE_NOOP("Fields", "Churned on"),
    QT_TRANSLATE_NOOP("Fields", "City"),
    QT_TRANSLATE_NOOP("Fields", "Closed on"),
    QT_TRANSLATE_NOOP("Fields", "Code"),
    QT_TRANSLATE_NOOP("Fields", "Comment"),
    QT_TRANSLATE_NOOP("Fields", "Completed"),
    QT_TRANSLATE_NOOP("Fields", "Computed"),
    QT_TRANSLATE_NOOP("Fields", "Contact"),
    QT_TRANSLATE_NOOP("Fields", "Content"),
    QT_TRANSLATE_NOOP("Fields", "Customer"),
    QT_TRANSLATE_NOOP("Fields", "Date"),
    QT_TRANSLATE_NOOP("Fields", "Deadline"),
    QT_TRANSLATE_NOOP("Fields", "Deadline day"),
    QT_TRANSLATE_NOOP("Fields", "Deal"),
    QT_TRANSLATE_NOOP("Fields", "Description"),
    QT_TRANSLATE_NOOP("Fields", "District"),
    QT_TRANSLATE_NOOP("Fields", "Due"),
    QT_TRANSLATE_NOOP("Fields", "E-mail"),
    QT_TRANSLATE_NOOP("Fields", "Expected close"),
    QT_TRANSLATE_NOOP("Fields", "Feedback"),
    QT_TRANSLATE_NOOP("Fields", "Figures"),
    QT_TRANSLATE_NOOP("Fields", "File name"),
    QT_TRANSLATE_NOOP("Fields", "From"),
    QT_TRANSLATE_NOOP("Fields", "From stage"),
    QT_TRANSLATE_NOOP("Fields", "From visit"),
    QT_TRANSLATE_NOOP("Fields", "In stage since"),
    QT_TRANSLATE_NOOP("Fields", "Industry"),
    QT_TRANSLATE_NOOP("Fields", "KPI"),
    QT_TRANSLATE_NOOP("Fields", "Kind"),
    QT_TRANSLATE_NOOP("Fields", "Latitude"),
    QT_TRANSLATE_NOOP("Fields", "Longitude"),
    QT_TRANSLATE_NOOP("Fields", "Mobile"),
    QT_TRANSLATE_NOOP("Fields", "Full name"),
    QT_TRANSLATE_NOOP("Fields", "Job title"),
    QT_TRANSLATE_NOOP("Fields", "Name"),
    QT_TRANSLATE_NOOP("Fields", "Next step"),
    QT_TRANSLATE_NOOP("Fields", "Notes"),
    QT_TRANSLATE_NOOP("Fields", "Outcome"),
    QT_TRANSLATE_NOOP("Fields", "Owner"),
    QT_TRANSLATE_NOOP("Fields", "Period"),
    QT_TRANSLATE_NOOP("Fields", "Phone"),
    QT_TRANSLATE_NOOP("Fields", "Plan"),
    QT_TRANSLATE_NOOP("Fields", "Planned date"),
    QT_TRANSLATE_NOOP("Fields", "Planned time"),
    QT_TRANSLATE_NOOP("Fields", "Position"),
    QT_TRANSLATE_NOOP("Fields", "Primary contact"),
    QT_TRANSLATE_NOOP("Fields", "Priority"),
    QT_TRANSLATE_NOOP("Fields", "Probability %"),
    QT_TRANSLATE_NOOP("Fields", "Province"),
    QT_TRANSLATE_NOOP("Fields", "Purpose"),
    QT_TRANSLATE_NOOP("Fields", "Read by manager"),
    QT_TRANSLATE_NOOP("Fields", "Reason lost"),
    QT_TRANSLATE_NOOP("Fields", "Recorded by"),
    QT_TRANSLATE_NOOP("Fields", "Remark"),
    QT_TRANSLATE_NOOP("Fields", "Rank"),
    QT_TRANSLATE_NOOP("Fields", "Reminder"),
    QT_TRANSLATE_NOOP("Fields", "Report"),
    QT_TRANSLATE_NOOP("Fields", "Reviewed"),
    QT_TRANSLATE_NOOP("Fields", "Reviewed by"),
    QT_TRANSLATE_NOOP("Fields", "Role"),
    QT_TRANSLATE_NOOP("Fields", "Route order"),
    QT_TRANSLATE_NOOP("Fields", "Sales rep"),
    QT_TRANSLATE_NOOP("Fields", "Satisfaction"),
    QT_TRANSLATE_NOOP("Fields", "Score"),
    QT_TRANSLATE_NOOP("Fields", "Sections"),
    QT_TRANSLATE_NOOP("Fields", "Size"),
    QT_TRANSLATE_NOOP("Fields", "Source"),
    QT_TRANSLATE_NOOP("Fields", "Split"),
    QT_TRANSLATE_NOOP("Fields", "Stage"),
    QT_TRANSLATE_NOOP("Fields", "Status"),
    QT_TRANSLATE_NOOP("Fields", "Stuck after days"),
    QT_TRANSLATE_NOOP("Fields", "Submitted"),
    QT_TRANSLATE_NOOP("Fields", "Tags"),
    QT_TRANSLATE_NOOP("Fields", "Target"),
    QT_TRANSLATE_NOOP("Fields", "Team"),
    QT_TRANSLATE_NOOP("Fields", "Team target"),
    QT_TRANSLATE_NOOP("Fields", "Template"),
    QT_TRANSLATE_NOOP("Fields", "Tier"),
    QT_TRANSLATE_NOOP("Fields", "Tiers"),
    QT_TRANSLATE_NOOP("Fields", "Title"),
    QT_TRANSLATE_NOOP("Fields", "To"),
    QT_TRANSLATE_NOOP("Fields", "To stage"),
    QT_TRANSLATE_NOOP("Fields", "Type"),
    QT_TRANSLATE_NOOP("Fields", "Unified social credit code"),
    QT_TRANSLATE_NOOP("Fields", "Value"),
    QT_TRANSLATE_NOOP("Fields", "User name"),
    QT_TRANSLATE_NOOP("Fields", "Visit"),
    QT_TRANSLATE_NOOP("Fields", "Visit log"),
    QT_TRANSLATE_NOOP("Fields", "Visits expected per month"),
    QT_TRANSLATE_NOOP("Fields", "WeChat"),
    QT_TRANSLATE_NOOP("Fields", "Weights"),
    QT_TRANSLATE_NOOP("Fields", "Website"),
)

# Choice codes by field name. The same code may read differently per field, hence the context.
CHOICES: dict[str, dict[str, str]] = {
    "kind": {
        "company": QT_TRANSLATE_NOOP("Choices", "Company"),
        "individual": QT_TRANSLATE_NOOP("Choices", "Individual"),
    },
    "industry": {
        "manufacturing": QT_TRANSLATE_NOOP("Choices", "Manufacturing"),
        "it": QT_TRANSLATE_NOOP("Choices", "IT and software"),
        "retail": QT_TRANSLATE_NOOP("Choices", "Retail"),
        "wholesale": QT_TRANSLATE_NOOP("Choices", "Wholesale and trade"),
        "finance": QT_TRANSLATE_NOOP("Choices", "Finance"),
        "healthcare": QT_TRANSLATE_NOOP("Choices", "Healthcare"),
        "education": QT_TRANSLATE_NOOP("Choices", "Education"),
        "construction": QT_TRANSLATE_NOOP("Choices", "Construction"),
        "real_estate": QT_TRANSLATE_NOOP("Choices", "Real estate"),
        "logistics": QT_TRANSLATE_NOOP("Choices", "Logistics"),
        "energy": QT_TRANSLATE_NOOP("Choices", "Energy"),
        "agriculture": QT_TRANSLATE_NOOP("Choices", "Agriculture"),
        "food": QT_TRANSLATE_NOOP("Choices", "Food and beverage"),
        "hospitality": QT_TRANSLATE_NOOP("Choices", "Hospitality and travel"),
        "media": QT_TRANSLATE_NOOP("Choices", "Media and advertising"),
        "government": QT_TRANSLATE_NOOP("Choices", "Government and public sector"),
        "other": QT_TRANSLATE_NOOP("Choices", "Other"),
    },
    "tier": {
        "A": QT_TRANSLATE_NOOP("Choices", "A – key account"),
        "B": QT_TRANSLATE_NOOP("Choices", "B – regular"),
        "C": QT_TRANSLATE_NOOP("Choices", "C – small"),
    },
    "source": {
        "web": QT_TRANSLATE_NOOP("Choices", "Website"),
        "trade_show": QT_TRANSLATE_NOOP("Choices", "Trade show"),
        "referral": QT_TRANSLATE_NOOP("Choices", "Referral"),
        "cold_call": QT_TRANSLATE_NOOP("Choices", "Cold call"),
        "advertising": QT_TRANSLATE_NOOP("Choices", "Advertising"),
        "partner": QT_TRANSLATE_NOOP("Choices", "Partner"),
        "social_media": QT_TRANSLATE_NOOP("Choices", "Social media (WeChat…)"),
        "other": QT_TRANSLATE_NOOP("Choices", "Other"),
    },
    "customer_status": {
        "prospect": QT_TRANSLATE_NOOP("Choices", "Prospect"),
        "active": QT_TRANSLATE_NOOP("Choices", "Active"),
        "churned": QT_TRANSLATE_NOOP("Choices", "Churned"),
    },
    "deal_status": {
        "open": QT_TRANSLATE_NOOP("Choices", "Open"),
        "won": QT_TRANSLATE_NOOP("Choices", "Won"),
        "lost": QT_TRANSLATE_NOOP("Choices", "Lost"),
    },
    "outcome": {
        "open": QT_TRANSLATE_NOOP("Choices", "Open"),
        "won": QT_TRANSLATE_NOOP("Choices", "Won"),
        "lost": QT_TRANSLATE_NOOP("Choices", "Lost"),
    },
    "visit_status": {
        "planned": QT_TRANSLATE_NOOP("Choices", "Planned"),
        "in_progress": QT_TRANSLATE_NOOP("Choices", "Checked in"),
        "done": QT_TRANSLATE_NOOP("Choices", "Done"),
        "cancelled": QT_TRANSLATE_NOOP("Choices", "Cancelled"),
    },
    "priority": {
        "low": QT_TRANSLATE_NOOP("Choices", "Low"),
        "normal": QT_TRANSLATE_NOOP("Choices", "Normal"),
        "high": QT_TRANSLATE_NOOP("Choices", "High"),
        "urgent": QT_TRANSLATE_NOOP("Choices", "Urgent"),
    },
    "task_status": {
        "open": QT_TRANSLATE_NOOP("Choices", "To do"),
        "done": QT_TRANSLATE_NOOP("Choices", "Done"),
    },
    "report_kind": {
        "daily": QT_TRANSLATE_NOOP("Choices", "Daily report"),
        "weekly": QT_TRANSLATE_NOOP("Choices", "Weekly report"),
        "monthly": QT_TRANSLATE_NOOP("Choices", "Monthly report"),
    },
    "report_status": {
        "draft": QT_TRANSLATE_NOOP("Choices", "Draft"),
        "submitted": QT_TRANSLATE_NOOP("Choices", "Submitted"),
    },
    "feedback_kind": {
        "satisfaction": QT_TRANSLATE_NOOP("Choices", "Satisfaction"),
        "complaint": QT_TRANSLATE_NOOP("Choices", "Complaint"),
        "suggestion": QT_TRANSLATE_NOOP("Choices", "Suggestion"),
    },
    "kpi": {
        "revenue": QT_TRANSLATE_NOOP("Choices", "Revenue"),
        "new_customers": QT_TRANSLATE_NOOP("Choices", "New customers"),
        "visits": QT_TRANSLATE_NOOP("Choices", "Visits"),
        "deals_won": QT_TRANSLATE_NOOP("Choices", "Deals won"),
        "retention_rate": QT_TRANSLATE_NOOP("Choices", "Retention rate"),
    },
    "split_method": {
        "none": QT_TRANSLATE_NOOP("Choices", "Not split"),
        "equal": QT_TRANSLATE_NOOP("Choices", "Equal parts"),
        "weighted": QT_TRANSLATE_NOOP("Choices", "Weighted by last period"),
        "manual": QT_TRANSLATE_NOOP("Choices", "Manual"),
    },
    "role": {
        "rep": QT_TRANSLATE_NOOP("Choices", "Sales rep"),
        "manager": QT_TRANSLATE_NOOP("Choices", "Sales manager"),
        "admin": QT_TRANSLATE_NOOP("Choices", "Administrator"),
    },
}

# Which choice list a (entity, field) uses when the field name alone is ambiguous.
CHOICE_KEYS: dict[tuple[str, str], str] = {
    ("customer", "status"): "customer_status",
    ("deal", "status"): "deal_status",
    ("visit", "status"): "visit_status",
    ("task", "status"): "task_status",
    ("report", "kind"): "report_kind",
    ("report_template", "kind"): "report_kind",
    ("report", "status"): "report_status",
    ("feedback", "kind"): "feedback_kind",
}

ERRORS = {
    "required": QT_TRANSLATE_NOOP("Errors", "Please fill this in."),
    "too_long": QT_TRANSLATE_NOOP("Errors", "At most %1 characters."),
    "invalid_choice": QT_TRANSLATE_NOOP("Errors", "Please pick one of the choices."),
    "too_small": QT_TRANSLATE_NOOP("Errors", "This number is too small."),
    "too_large": QT_TRANSLATE_NOOP("Errors", "This number is too large."),
    "too_precise": QT_TRANSLATE_NOOP("Errors", "Too many decimal places."),
    "invalid": QT_TRANSLATE_NOOP("Errors", "This value is not valid."),
    "invalid_credit_code": QT_TRANSLATE_NOOP(
        "Errors", "Not a valid unified social credit code (18 letters and digits)."
    ),
    "invalid_mobile": QT_TRANSLATE_NOOP(
        "Errors", "A mainland mobile number has 11 digits and starts with 13–19."
    ),
    "invalid_phone": QT_TRANSLATE_NOOP("Errors", "Use digits, spaces, dashes and a leading +."),
    "invalid_email": QT_TRANSLATE_NOOP("Errors", "An e-mail address looks like name@example.com."),
    "invalid_time": QT_TRANSLATE_NOOP("Errors", "A time of day looks like 18:00."),
    "invalid_period": QT_TRANSLATE_NOOP("Errors", "A period looks like 2026-11, 2026-Q4 or 2026."),
    "not_found": QT_TRANSLATE_NOOP("Errors", "The linked record no longer exists."),
    "not_allowed": QT_TRANSLATE_NOOP("Errors", "Only a manager can change this."),
    "read_only": QT_TRANSLATE_NOOP("Errors", "This cannot be changed once set."),
    "append_only": QT_TRANSLATE_NOOP("Errors", "Notes can be added but not changed."),
    "parent_deleted": QT_TRANSLATE_NOOP("Errors", "Restore the record it belongs to first."),
}


def _tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def entity_label(label: str) -> str:
    return _tr("Entities", label)


def field_label(spec: FieldSpec) -> str:
    return _tr("Fields", spec.label)


def choice_key(entity: str, field: str) -> str:
    return CHOICE_KEYS.get((entity, field), field)


def choice_label(entity: str, field: str, code: str) -> str:
    """The translated name of a choice code; the code itself when unknown."""
    text = CHOICES.get(choice_key(entity, field), {}).get(code)
    return _tr("Choices", text) if text else code


def choice_items(entity: str, field: str, codes: tuple[str, ...]) -> list[tuple[str, str]]:
    """(code, translated name) for a combo box, in declaration order."""
    return [(code, choice_label(entity, field, code)) for code in codes]


def error_text(spec: FieldSpec | None, error: FieldError) -> str:
    """A translated message for a validation error next to its field."""
    source = ERRORS.get(error.code)
    if source is None:
        return error.message
    text = _tr("Errors", source)
    if error.code == "too_long" and spec is not None and spec.max_length:
        text = text.replace("%1", str(spec.max_length))
    return text


def money(amount: Decimal | None) -> str:
    """An amount in yuan for display, exact, with thousands separators: ¥12,300.00."""
    if amount is None:
        return ""
    return f"¥{amount:,.2f}"
