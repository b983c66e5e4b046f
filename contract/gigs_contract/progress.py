"""What a run is doing while it runs: a live display on a terminal, plain lines in a CI log.

Each part of a run is watched through a function that says where it stands (`Status`); the display
asks it, rather than the parts reporting, so that no part of the suite knows how it is shown. On a
terminal, rich draws a bar per part; elsewhere a line is printed when a part starts and at least
every `interval` seconds (5), so a CI log never goes quiet while the suite works.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TextIO


@dataclass(frozen=True)
class Status:
    done: int
    total: int | None  # None: not known ahead (Schemathesis generates until it is satisfied)
    unit: str  # what `done` counts: "cases", "sequences"
    detail: str  # the rest: "phase fuzzing · 0 failures"


class Progress:
    def __init__(self, stream: TextIO | None = None, *, live: bool | None = None, interval: float = 5.0) -> None:
        self.stream = stream or sys.stdout
        self.live = self.stream.isatty() if live is None else live
        self.interval = interval
        self._start = time.monotonic()

    @contextmanager
    def part(self, name: str, status: Callable[[], Status]) -> Iterator[None]:
        """Show `name` while the block runs, as `status()` says it stands."""
        if self.live:
            with self._live(name, status):
                yield
        else:
            with self._plain(name, status):
                yield

    def _line(self, name: str, status: Status) -> str:
        elapsed = int(time.monotonic() - self._start)
        done = f"{status.done}/{status.total}" if status.total is not None else str(status.done)
        return f"[{elapsed // 60:d}:{elapsed % 60:02d}] {name}: {done} {status.unit} · {status.detail}"

    @contextmanager
    def _plain(self, name: str, status: Callable[[], Status]) -> Iterator[None]:
        stop = threading.Event()
        print(self._line(name, status()), file=self.stream, flush=True)

        def tick() -> None:
            while not stop.wait(self.interval):
                print(self._line(name, status()), file=self.stream, flush=True)

        ticker = threading.Thread(target=tick, name=f"progress {name}", daemon=True)
        ticker.start()
        try:
            yield
        finally:
            stop.set()
            ticker.join()
            print(self._line(name, status()) + " · done", file=self.stream, flush=True)

    @contextmanager
    def _live(self, name: str, status: Callable[[], Status]) -> Iterator[None]:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        columns = (
            SpinnerColumn(),
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[unit]} · {task.fields[detail]}"),
            TimeElapsedColumn(),
        )
        console = Console(file=self.stream)
        with Progress(*columns, console=console, refresh_per_second=4, transient=False) as bar:
            first = status()
            task = bar.add_task(name, total=first.total, unit=first.unit, detail=first.detail)
            stop = threading.Event()

            def refresh() -> None:
                while not stop.wait(0.25):
                    now = status()
                    bar.update(task, completed=now.done, total=now.total, detail=now.detail)

            refresher = threading.Thread(target=refresh, name=f"progress {name}", daemon=True)
            refresher.start()
            try:
                yield
            finally:
                stop.set()
                refresher.join()
                now = status()
                bar.update(task, completed=now.total or now.done, total=now.total or now.done, detail=now.detail)
