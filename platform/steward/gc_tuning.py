"""The garbage collector of Steward's long-running processes (daphne, Celery workers).

Python's defaults run a full collection every ~70,000 net allocations, and each one walks
every object the process holds: Django, the apps, every open socket's objects. Under a live
stream that stalled all sockets of a daphne process for 30-100 ms every few seconds
(``python -m bench live``, 20 sessions x 5 subscribers; seen with ``gc.callbacks``). So,
once start-up is done: what is loaded moves out of the collector's sight (``gc.freeze``),
young objects are collected every 50,000 allocations instead of 700 (most die young
anyway, freed by reference counting), and a full collection runs about every 100 million
allocations. Cyclic garbage that outlives the young generations waits that long.
"""

from __future__ import annotations

import gc

THRESHOLDS = (50_000, 20, 100)


def settle() -> None:
    """Call once the process has loaded what it keeps (and again after a fork)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
