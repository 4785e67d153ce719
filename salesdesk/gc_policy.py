"""When the garbage collector walks which objects (shared by the app and the sync engine).

CPython's full collections walk every tracked object of the process. Once the app has
started — Qt wrappers, every module and class, SQLAlchemy's metadata — that is hundreds of
thousands of objects and a pause of 50–100 ms on the GUI thread, which a keystroke in a
search box can land on. ``freeze_startup`` moves the objects that exist once the window is
up into the collector's permanent generation (``gc.freeze``, the use its documentation
suggests); later collections walk only what was made after. Reference counting still frees
everything; only reference cycles among the frozen objects are never collected, and those
live as long as the app anyway.

A sync freezes what exists for its duration too (``young_collections_only``) and, without a
start-up freeze, hands the objects back at its end.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_state = {"runs": 0, "startup": False}  # syncs running; whether the app froze its start-up


def freeze_startup() -> None:
    """The app is up: leave what exists now out of later collections, for good."""
    with _lock:
        gc.freeze()
        _state["startup"] = True


@contextlib.contextmanager
def young_collections_only() -> Iterator[None]:
    """While this runs (and others like it), collections leave the objects that existed
    before it alone; at the end they are handed back, unless the app keeps its start-up
    frozen (then what the run left behind stays frozen with it)."""
    with _lock:
        if _state["runs"] == 0:
            gc.freeze()
        _state["runs"] += 1
    try:
        yield
    finally:
        with _lock:
            _state["runs"] -= 1
            if _state["runs"] == 0 and not _state["startup"]:
                gc.unfreeze()


def settle() -> None:
    """Within a run: move what survived so far out of the collector's way too."""
    with _lock:
        if _state["runs"]:
            gc.freeze()
