"""Where am I? One position from the system's location service, without ever waiting for it.

Qt Positioning's default source is the operating system's service (Windows
location, macOS Core Location, GeoClue on Linux). Many computers have none, or
one that is switched off, so everything here is optional: :meth:`available`
says whether asking makes sense, :meth:`locate` asks once and returns at once,
and the answer — a position or a reason in plain words — arrives later by
signal. A fix that does not come within the timeout is given up on, so the
user can type the address instead.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtPositioning import QGeoPositionInfo, QGeoPositionInfoSource

log = logging.getLogger(__name__)

LOCATE_TIMEOUT_MS = 15_000
GRACE_MS = 2_000  # our own guard, in case a plugin never reports its timeout

SourceFactory = Callable[[QObject], "QGeoPositionInfoSource | None"]


def system_source(parent: QObject) -> QGeoPositionInfoSource | None:
    """The system's default position source, or None when this computer has none."""
    # GeoClue asks which application wants the position; without a name it logs a warning.
    return QGeoPositionInfoSource.createDefaultSource({"desktopId": "salesdesk"}, parent)


source_factory: SourceFactory = system_source
"""How a finder gets its source (the operating system's, unless a test says otherwise)."""


class LocationFinder(QObject):
    """Asks the system for one position; answers by ``sig_found`` or ``sig_failed``."""

    sig_found = Signal(float, float, float)  # latitude, longitude, accuracy in metres (nan)
    sig_failed = Signal(str)  # why there is no position, for the user

    def __init__(self, parent: QObject | None = None, factory: SourceFactory | None = None) -> None:
        super().__init__(parent)
        self._factory = factory or source_factory
        self._source: QGeoPositionInfoSource | None = None
        self._made = False
        self._guard = QTimer(self)
        self._guard.setSingleShot(True)
        self._guard.timeout.connect(
            lambda: self._fail(QGeoPositionInfoSource.Error.UpdateTimeoutError)
        )
        self.timeout_ms = LOCATE_TIMEOUT_MS
        self._waiting = False

    def _get_source(self) -> QGeoPositionInfoSource | None:
        if not self._made:
            self._made = True
            try:
                self._source = self._factory(self)
            except Exception:  # a broken plugin must not stop a check-in
                log.exception("the location service could not be set up")
                self._source = None
            if self._source is not None:
                self._source.positionUpdated.connect(self._found)
                self._source.errorOccurred.connect(self._fail)
        return self._source

    def available(self) -> bool:
        """Whether this computer has a location service that can position at all."""
        source = self._get_source()
        return (
            source is not None
            and source.supportedPositioningMethods()
            != QGeoPositionInfoSource.PositioningMethod.NoPositioningMethods
        )

    @property
    def busy(self) -> bool:
        return self._waiting

    def locate(self) -> None:
        """Ask for one position; returns at once (the answer comes by signal)."""
        source = self._get_source()
        if source is None or not self.available():
            self.sig_failed.emit(
                QCoreApplication.translate("Location", "This computer has no location service.")
            )
            return
        self._waiting = True
        self._guard.start(self.timeout_ms + GRACE_MS)
        source.requestUpdate(self.timeout_ms)

    def cancel(self) -> None:
        """Stop waiting: a position that arrives later is ignored."""
        self._waiting = False
        self._guard.stop()

    def _found(self, info: QGeoPositionInfo) -> None:
        if not self._waiting:
            return  # nobody is waiting any more
        coordinate = info.coordinate()
        if not coordinate.isValid():
            self._fail(QGeoPositionInfoSource.Error.UnknownSourceError)
            return
        self.cancel()
        accuracy = math.nan
        if info.hasAttribute(QGeoPositionInfo.Attribute.HorizontalAccuracy):
            accuracy = info.attribute(QGeoPositionInfo.Attribute.HorizontalAccuracy)
        self.sig_found.emit(coordinate.latitude(), coordinate.longitude(), accuracy)

    def _timed_out(self) -> None:
        self._fail(QGeoPositionInfoSource.Error.UpdateTimeoutError)

    def _fail(self, error: QGeoPositionInfoSource.Error) -> None:
        if not self._waiting:
            return
        self.cancel()
        translate = QCoreApplication.translate
        reasons = {
            QGeoPositionInfoSource.Error.AccessError: translate(
                "Location", "SalesDesk may not use your location: allow it in the system settings."
            ),
            QGeoPositionInfoSource.Error.ClosedError: translate(
                "Location", "The location service was switched off."
            ),
            QGeoPositionInfoSource.Error.UpdateTimeoutError: translate(
                "Location", "No position within %1 seconds."
            ).replace("%1", str(max(1, round(self.timeout_ms / 1000)))),
        }
        unknown = translate("Location", "The location service could not find a position.")
        self.sig_failed.emit(reasons.get(error, unknown))
