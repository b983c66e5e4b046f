"""A run is never silent: a live display on a terminal, and in a CI log a line at least every interval."""

from __future__ import annotations

import io
import re
import threading
import time

from gigs_contract.progress import Progress, Status

LINE = re.compile(r"^\[\d+:\d\d\] behaviour: (\d+)/60 sequences · (\d+) requests", re.MULTILINE)


class _Work:
    def __init__(self) -> None:
        self.done, self.lock = 0, threading.Lock()

    def status(self) -> Status:
        return Status(self.done, 60, "sequences", f"{self.done * 10} requests · 0 failures")


def test_without_a_terminal_a_plain_line_comes_at_least_every_interval():
    out, work = io.StringIO(), _Work()
    progress = Progress(out, live=False, interval=0.1)
    began = time.monotonic()
    with progress.part("behaviour", work.status):
        for _ in range(8):
            time.sleep(0.1)
            work.done += 1
    took = time.monotonic() - began
    lines = LINE.findall(out.getvalue())
    # A line at the start, at least one each interval while it works, and one when it is done.
    assert len(lines) >= 2 + int(took / 0.1) - 2, out.getvalue()
    assert lines[0][0] == "0" and lines[-1][0] == "8" and out.getvalue().rstrip().endswith("· done")
    assert [int(done) for done, _ in lines] == sorted(int(done) for done, _ in lines)


def test_on_a_terminal_a_live_display_shows_each_part():
    out, work = io.StringIO(), _Work()
    with Progress(out, live=True).part("behaviour", work.status):
        for _ in range(3):
            time.sleep(0.3)
            work.done += 20
    shown = out.getvalue()
    assert "behaviour" in shown and "60/60" in shown and "sequences" in shown
    assert not LINE.search(shown)  # no plain lines on a terminal


def test_the_default_is_plain_when_the_output_is_no_terminal():
    assert Progress(io.StringIO()).live is False
