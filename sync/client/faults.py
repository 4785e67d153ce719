"""Test hook: deterministic crash points inside the sync engine.

The engine calls :func:`point` at the moments where a crash is most
interesting (a push sent but its answer not recorded, a page written but not
committed …). Normally nothing happens. Tests select a point in two ways:

* the environment variable ``SALESDESK_SYNC_CRASH=NAME`` or ``NAME:N`` (the
  N-th time that point is reached, default 1): the process kills itself with
  SIGKILL there, like a power cut — for tests that run the client as a
  subprocess. The variable is read here only, once per process;
* :func:`install` a callable (in-process tests): it is called with the
  point's name and may raise to abandon the sync at that point.

Points: ``auth:answered``, ``login:answered``, ``push:sending``,
``push:answered``, ``push:recorded``, ``pull:fetched``, ``pull:applying`` (inside
the page's transaction, before its commit), ``pull:applied``, ``check:repairing``,
``adopt:applying`` (inside the adoption's transaction).
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable

ENV = "SALESDESK_SYNC_CRASH"

POINTS = (
    "auth:answered",
    "login:answered",
    "push:sending",
    "push:answered",
    "push:recorded",
    "pull:fetched",
    "pull:applying",
    "pull:applied",
    "check:repairing",
    "adopt:applying",
)


def _parse(spec: str) -> tuple[str, int] | None:
    if not spec:
        return None
    name, count = spec, 1
    head, _, tail = spec.rpartition(":")
    if tail.isdigit():
        name, count = head, int(tail)
    if name not in POINTS:
        raise ValueError(f"{ENV}: unknown crash point {name!r} (known: {', '.join(POINTS)})")
    return name, count


_selected = _parse(os.environ.get(ENV, ""))
_reached: dict[str, int] = {}
_hooks: list[Callable[[str], None]] = []


def install(hook: Callable[[str], None] | None) -> None:
    """Call ``hook(name)`` at every crash point (None removes it). For in-process tests."""
    _hooks.clear()
    if hook is not None:
        _hooks.append(hook)


def point(name: str) -> None:
    """A crash point: kills the process or calls the installed hook when selected."""
    for hook in _hooks:
        hook(name)
    if _selected is None or _selected[0] != name:
        return
    _reached[name] = _reached.get(name, 0) + 1
    if _reached[name] == _selected[1]:
        os.kill(os.getpid(), signal.SIGKILL)
