"""The server the contract tests hold to openapi.yaml: GIGS_BASE_URL's, or the embedded reference server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig

from gigs_contract.target import SPEC_PATH, WORK_ENV, embedded, from_env


@pytest.fixture(scope="session")
def contract_target():
    target = from_env()
    if target is not None:
        yield target
        return
    with embedded() as started:
        yield started


@pytest.fixture(scope="session")
def contract_env(contract_target):
    """The target in the environment, where schemathesis.toml and the suite's hooks read it."""
    env = contract_target.prepare()
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    yield contract_target
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session")
def contract_schema(contract_env):
    # Loading the configuration loads its hooks (gigs_contract.hooks) and with them the API's checks.
    config = SchemathesisConfig.from_path(str(Path(os.environ[WORK_ENV]) / "schemathesis.toml"))
    return schemathesis.openapi.from_path(SPEC_PATH, config=config)
