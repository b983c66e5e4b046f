"""glibc's allocator, tuned for a server whose answers are large and short-lived."""

from __future__ import annotations

import ctypes

# mallopt(3) parameters, from glibc's malloc.h.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3


def keep_freed_memory() -> None:
    """Keep freed memory in the process rather than hand it back to the system after every answer.

    A page of 200 devices is an 80-200 KB body, and joined behind its head a second one. Freed, they
    leave more than glibc's 128 KiB trim threshold at the top of the heap, which it gives back to the
    system, only to grow the heap (and fault its pages in) again for the next answer: that halved the
    throughput of listDevices limit=200. Up to 64 MiB of freed memory is kept instead, and blocks up
    to 4 MiB come from the heap rather than from a fresh mapping each time. Python cannot set these
    (GLIBC_TUNABLES is read only at process start), so glibc's own mallopt is called; elsewhere
    (musl, macOS) there is nothing to tune.
    """
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    mallopt(_M_TRIM_THRESHOLD, 64 * 1024 * 1024)
    mallopt(_M_MMAP_THRESHOLD, 4 * 1024 * 1024)
