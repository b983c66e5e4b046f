"""The self-test's servers as processes: the reference server's command serving a variant (`--app`)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from gigs_contract.embedded import REFERENCE_SERVER, launch
from gigs_contract.target import Target

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def serving(app: str, *args: str) -> Iterator[Target]:
    """`gigs-devices-mock --app APP` on a free loopback port, for the block; the suite's target."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    with launch(REFERENCE_SERVER, "--app", app, *args, env=env) as target:
        yield target
