from __future__ import annotations

import pytest
from mock_server import Api

from gigs_devices_mock import create_app


@pytest.fixture
def app():
    return create_app()


@pytest.fixture
def api(app):
    """The dev project's view of a fresh in-memory server, in process."""
    with Api(app, "dev", "dev_token") as client:
        yield client


@pytest.fixture(scope="module")
def shared():
    """One server for a module's property tests, which send only requests that cannot change its state.

    Module-scoped, so that Hypothesis does not rebuild the app for every example.
    """
    with Api(create_app(), "dev", "dev_token") as client:
        yield client
