"""Pause the cyclic garbage collector while a tree is built or checked."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Loading and validating allocate many small objects and free almost none: the pattern
    that makes CPython run full collections over the whole heap again and again. For a tree of
    100,000 nodes those passes cost more than the work itself (see ``python -m assistant.bench``).
    Nothing built here is a reference cycle to reclaim, and the collector resumes afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
