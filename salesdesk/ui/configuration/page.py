"""The Configuration area (设置), for managers: tabs for the report templates, the pipeline
and the appraisal weights. Everything is loaded on the database thread and reloaded when the
configuration changes (here, or pulled by a sync)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from salesdesk.store import configuration as queries
from salesdesk.store.store import ChangeSet, StoreError
from salesdesk.ui.configuration.appraisal import AppraisalWeightsTab
from salesdesk.ui.configuration.pipeline import PipelineTab
from salesdesk.ui.configuration.templates import TemplatesTab
from salesdesk.ui.context import AppContext

log = logging.getLogger(__name__)
WATCHED = ("report_template", "pipeline_stage", "appraisal_config", "deal", "deal_stage_change")
RELOAD_DELAY_MS = 250


class ConfigurationPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.configuration: queries.Configuration | None = None
        self._loading = False
        self._stale = True
        self._generation = 0
        note = QLabel(
            self.tr(
                "Your team's set-up. Changes reach every rep of the team with their next sync."
            ),
            self,
        )
        note.setObjectName("configuration_note")
        note.setProperty("role", "muted")
        note.setWordWrap(True)
        self.templates = TemplatesTab(context, self)
        self.pipeline = PipelineTab(context, self)
        self.appraisal = AppraisalWeightsTab(context, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("configuration_tabs")
        self.tabs.addTab(self.templates, self.tr("Report templates"))
        self.tabs.addTab(self.pipeline, self.tr("Pipeline"))
        self.tabs.addTab(self.appraisal, self.tr("Appraisal weights"))
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.tabs, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RELOAD_DELAY_MS)
        self._timer.timeout.connect(self.reload)
        for tab in (self.templates, self.pipeline, self.appraisal):
            tab.sig_saved.connect(self.reload)
        context.bus.sig_changed.connect(self._on_changes)

    @property
    def busy(self) -> bool:
        return (
            self._loading
            or self._timer.isActive()
            or self.templates.busy
            or self.pipeline.busy
            or self.appraisal.busy
        )

    def reload(self) -> None:
        self._timer.stop()
        self._stale = False
        self._loading = True
        self._generation += 1
        generation = self._generation
        store = self.context.store

        def done(configuration: queries.Configuration) -> None:
            if generation != self._generation:
                return
            self._loading = False
            self.configuration = configuration
            select = self.templates.current.id if self.templates.current else None
            self.templates.set_templates(list(configuration.templates), select)
            self.pipeline.set_stages(
                list(configuration.stages), configuration.usage, self.pipeline.take_selection()
            )
            if not self.appraisal.busy:
                self.appraisal.set_config(configuration.appraisal)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self._loading = False
            if isinstance(exc, StoreError):
                self.context.notifier.show_error(str(exc))
            else:
                log.error("loading the configuration failed", exc_info=exc)
                self.context.notifier.show_error(
                    self.tr("The configuration could not be loaded: %1").replace("%1", str(exc))
                )

        self.context.runner.db(lambda: queries.load_configuration(store), done=done, failed=failed)

    def _on_changes(self, changes: ChangeSet) -> None:
        if not changes.touches(*WATCHED):
            return
        if self.isVisible():
            self._timer.start()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()
