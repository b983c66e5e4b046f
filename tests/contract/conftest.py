"""The server the contract tests here hold to openapi.yaml: GIGS_BASE_URL's, or the embedded reference server."""

from __future__ import annotations

import pytest

from gigs_contract.embedded import launch
from gigs_contract.target import from_env


@pytest.fixture(scope="session")
def contract_target():
    target = from_env()
    if target is not None:
        yield target
        return
    with launch() as started:
        yield started
