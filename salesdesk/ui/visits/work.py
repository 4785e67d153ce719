"""Database work for the Visits and Today screens, dropped quietly while the app closes."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from salesdesk.ui.context import AppContext
from salesdesk.ui.runner import Ticket

log = logging.getLogger(__name__)


def run_db(
    context: AppContext,
    work: Callable[[], object],
    done: Callable[[Any], None] | None = None,
    failed: Callable[[BaseException], None] | None = None,
) -> Ticket | None:
    """``context.runner.db``, except while the app is closing: a reload that a late change
    notice or timer asks for then is dropped instead of failing."""
    try:
        return context.runner.db(work, done=done, failed=failed)
    except RuntimeError:  # the runner was shut down: the window is going away
        log.debug("database work dropped at shutdown")
        return None
