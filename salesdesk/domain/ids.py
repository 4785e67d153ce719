"""Client-generated, time-ordered identifiers (UUID version 7, RFC 9562).

Offline clients create rows without asking anyone, so ids must never collide;
time order keeps B-tree inserts local and makes ids sort by creation time.
"""

from __future__ import annotations

import os
import random
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = 0
_counter = 0
# Ids must be unique, not unpredictable: a PRNG seeded from the OS is plenty and far
# cheaper than a system call per id. Re-seeded in a forked child so it cannot repeat the parent.
_random = random.Random(os.urandom(32))
os.register_at_fork(after_in_child=lambda: _random.seed(os.urandom(32)))


def uuid7() -> uuid.UUID:
    """A new UUIDv7: 48-bit Unix milliseconds, 12-bit in-millisecond counter, 62 random bits.

    Ids made by one process are strictly increasing, also within one millisecond.
    """
    global _last_ms, _counter  # noqa: PLW0603  (the generator state is process-wide)
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms > _last_ms:
            _last_ms = ms
            _counter = _random.getrandbits(10)  # random start, headroom left for bursts
        else:
            _counter += 1
            if _counter > 0xFFF:  # counter exhausted: borrow the next millisecond
                _last_ms += 1
                _counter = 0
            ms = _last_ms
        counter = _counter
        rand = _random.getrandbits(62)
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= counter << 64
    value |= 0b10 << 62
    value |= rand
    return _uuid_from_int(value)


_UNKNOWN = uuid.SafeUUID.unknown  # looked up once: an enum member lookup is a Python call


def _uuid_from_int(value: int) -> uuid.UUID:
    """``uuid.UUID(int=value)`` without its argument checks (the value is in range by
    construction); millions of ids are made when sample data or imports are written."""
    made = object.__new__(uuid.UUID)
    object.__setattr__(made, "int", value)
    object.__setattr__(made, "is_safe", _UNKNOWN)
    return made


def uuid7_time_ms(value: uuid.UUID) -> int:
    """The Unix millisecond timestamp a UUIDv7 was made at."""
    return value.int >> 80
