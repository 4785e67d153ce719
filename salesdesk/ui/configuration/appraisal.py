"""The appraisal weights (考核权重): how much revenue, visits, report punctuality and task
completion count in a rep's scorecard (adding up to 100), and the visits expected per month."""

from __future__ import annotations

import logging
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.appraisal import DEFAULT_WEIGHTS, Component
from salesdesk.domain.entities import AppraisalConfig
from salesdesk.domain.schema import ValidationError
from salesdesk.store import configuration as queries
from salesdesk.store.appraisal import DEFAULT_VISIT_TARGET, TeamAppraisalConfig
from salesdesk.store.store import StoreError
from salesdesk.ui.configuration import names
from salesdesk.ui.configuration.templates import error_label, with_error
from salesdesk.ui.context import AppContext
from salesdesk.ui.targets.appraisal import COMPONENTS

log = logging.getLogger(__name__)


class AppraisalWeightsTab(QWidget):
    sig_saved = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.config: TeamAppraisalConfig | None = None
        self._busy = False
        intro = QLabel(
            self.tr(
                "The appraisal scorecard weighs results (revenue against target) and activity "
                "(visits, report punctuality, task completion). The weights add up to 100."
            ),
            self,
        )
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")
        form_widget = QWidget(self)
        form = QFormLayout(form_widget)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.errors: dict[str, QLabel] = {}
        self.name = QLineEdit(form_widget)
        self.name.setObjectName("field_name")
        self.name.setMaxLength(80)
        self.name.setMinimumWidth(260)
        self.errors["name"] = error_label(form_widget, "name")
        form.addRow(
            names.field("appraisal_config", "name"), with_error(self.name, self.errors["name"])
        )
        self.weights: dict[str, QSpinBox] = {}
        for component in Component:
            spin = QSpinBox(form_widget)
            spin.setObjectName(f"weight_{component.value}")
            spin.setRange(0, 100)
            spin.valueChanged.connect(lambda _v: self._update_total())
            self.weights[component.value] = spin
            field = f"weights.{component.value}"
            self.errors[field] = error_label(form_widget, field)
            title = QCoreApplication.translate("AppraisalTab", COMPONENTS[component])
            form.addRow(title, with_error(spin, self.errors[field]))
        self.total = QLabel(form_widget)
        self.total.setObjectName("weights_total")
        self.errors["weights"] = error_label(form_widget, "weights")
        form.addRow(self.tr("Total"), with_error(self.total, self.errors["weights"]))
        self.visit_target = QSpinBox(form_widget)
        self.visit_target.setObjectName("field_visit_target")
        self.visit_target.setRange(0, 1000)
        self.errors["visit_target"] = error_label(form_widget, "visit_target")
        form.addRow(
            names.field("appraisal_config", "visit_target"),
            with_error(self.visit_target, self.errors["visit_target"]),
        )
        self.source = QLabel(self)
        self.source.setObjectName("weights_source")
        self.source.setProperty("role", "muted")
        self.source.setWordWrap(True)
        self.problem = QLabel(self)
        self.problem.setObjectName("weights_problem")
        self.problem.setProperty("role", "error")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.defaults_button = QPushButton(self.tr("Default weights"), self)
        self.defaults_button.setObjectName("default_weights")
        self.save_button = QPushButton(self.tr("Save weights"), self)
        self.save_button.setObjectName("save_weights")
        foot = QHBoxLayout()
        foot.addStretch(1)
        foot.addWidget(self.defaults_button)
        foot.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(form_widget)
        layout.addWidget(self.source)
        layout.addStretch(1)
        layout.addWidget(self.problem)
        layout.addLayout(foot)
        self.defaults_button.clicked.connect(self.use_defaults)
        self.save_button.clicked.connect(self.save)
        self.name.textEdited.connect(lambda _t: self.errors["name"].hide())

    def set_config(self, config: TeamAppraisalConfig) -> None:
        self.config = config
        for key, spin in self.weights.items():
            spin.setValue(int(config.weights.get(key, Decimal(0))))
        self.visit_target.setValue(config.visit_target)
        self.name.setText(config.config.name if config.config is not None else self.tr("Appraisal"))
        if config.config is None:
            self.source.setText(self.tr("The team has no weights of its own yet: the defaults."))
        elif config.problem:
            self.source.setText(
                self.tr("The stored weights are not valid, so the defaults are used until saved.")
            )
        else:
            self.source.setText("")
        self._clear_all()
        self._update_total()

    def use_defaults(self) -> None:
        for key, spin in self.weights.items():
            spin.setValue(int(DEFAULT_WEIGHTS.get(key, Decimal(0))))
        self.visit_target.setValue(DEFAULT_VISIT_TARGET)

    def weight_values(self) -> dict[str, Decimal]:
        return {key: Decimal(spin.value()) for key, spin in self.weights.items()}

    def _update_total(self) -> None:
        total = sum(self.weight_values().values(), Decimal(0))
        self.total.setText(self.tr("%1 of 100").replace("%1", str(total)))
        self.total.setProperty("role", "" if total == 100 else "error")
        self.total.style().unpolish(self.total)
        self.total.style().polish(self.total)
        for label in self.errors.values():
            label.hide()

    def save(self) -> None:
        if self._busy:
            return
        store, weights = self.context.store, self.weight_values()
        visit_target, name = self.visit_target.value(), self.name.text()
        self._busy = True
        self.save_button.setEnabled(False)

        def done(_saved: AppraisalConfig) -> None:
            self._busy = False
            self.save_button.setEnabled(True)
            self.context.notifier.notify(
                self.tr("Appraisal weights saved; the team gets them with the next sync.")
            )
            self.sig_saved.emit()

        self.context.runner.db(
            lambda: queries.save_appraisal(store, weights, visit_target, name),
            done=done,
            failed=self._failed,
        )

    @property
    def busy(self) -> bool:
        return self._busy

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self._clear_all()
            others = []
            for field, problem in exc.errors.items():
                if field in self.errors:
                    self.errors[field].setText(names.message(problem))
                    self.errors[field].show()
                else:
                    others.append(names.message(problem))
            if others:
                self.problem.setText("; ".join(others))
                self.problem.show()
        elif isinstance(exc, StoreError):
            self.problem.setText(str(exc))
            self.problem.show()
        else:
            log.error("saving the appraisal weights failed", exc_info=exc)
            self.problem.setText(self.tr("Saving failed: %1").replace("%1", str(exc)))
            self.problem.show()

    def error_text(self, name: str) -> str:
        label = self.errors[name]
        return label.text() if not label.isHidden() else ""

    def _clear_all(self) -> None:
        for label in self.errors.values():
            label.hide()
        self.problem.hide()
