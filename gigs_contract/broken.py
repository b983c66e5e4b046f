"""Deliberately broken variants of the reference server, for the contract suite's self-test.

    python -m gigs_contract.broken VARIANT --port PORT

A contract suite that cannot fail proves nothing: `make contract-selftest` runs the suite against each
variant and shows which check catches it. Each breaks one rule of the API and nothing else.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from gigs_devices_mock import MockApp, create_app, server
from gigs_devices_mock.backend import Answer
from gigs_devices_mock.handlers import HANDLERS, device_models


def delete_keeps_device(app: MockApp) -> MockApp:
    """DELETE answers the device as deleted, and keeps it: use_after_free should catch it."""
    HANDLERS["deleteDevice"] = lambda backend, call: Answer(200, call.resource.body)
    return app


def server_error_on_limit_0(app: MockApp) -> MockApp:
    """listDeviceModels fails with a 500 for `limit=0`: not_a_server_error should catch it."""
    original = HANDLERS["listDeviceModels"]

    def list_device_models(backend, call):
        if call.query["limit"] == 0:
            raise RuntimeError("limit=0 was never tried")
        return original(backend, call)

    HANDLERS["listDeviceModels"] = list_device_models
    return app


def missing_required_field(app: MockApp) -> MockApp:
    """retrieveDevice leaves `sims` out of the device: response_schema_conformance should catch it."""
    import orjson

    def retrieve_device(backend, call):
        device = orjson.loads(call.resource.body)
        del device["sims"]
        return Answer(200, orjson.dumps(device))

    HANDLERS["retrieveDevice"] = retrieve_device
    return app


def auth_ignored(app: MockApp) -> MockApp:
    """listDeviceModelBrands answers without a valid key: ignored_auth should catch it."""
    token = next(iter(app.keys)).encode()

    async def wrapped(scope, receive, send):
        if scope["type"] == "http" and scope["path"] == "/deviceModelBrands":
            headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"authorization"]
            scope = {**scope, "headers": [*headers, (b"authorization", b"Bearer " + token)]}
        await app(scope, receive, send)

    wrapped.backend = app.backend
    return wrapped


def cursor_skips_item(app: MockApp) -> MockApp:
    """listDeviceModels skips the item right after an `after` cursor: pagination_consistency should catch it."""
    original = device_models.cursor_positions

    def cursor_positions(query, locate):
        after, before = original(query, locate)
        return (after - 1 if after is not None else None), before

    device_models.cursor_positions = cursor_positions
    return app


def other_project_visible(app: MockApp) -> MockApp:
    """retrieveDevice finds devices of every project: cross_project_isolation should catch it."""
    load_own = app._loaders["device"]

    def load_any(project, device_id):
        for candidate in [project, *app.backend.seed.projects]:
            record = app.backend.store.device(candidate, device_id)
            if record is not None:
                return record
        return load_own(project, device_id)

    app._loaders["device"] = load_any
    return app


VARIANTS: dict[str, tuple[Callable[[MockApp], MockApp], str]] = {
    "delete-keeps-device": (delete_keeps_device, "use_after_free"),
    "server-error-on-limit-0": (server_error_on_limit_0, "not_a_server_error"),
    "missing-required-field": (missing_required_field, "response_schema_conformance"),
    "auth-ignored": (auth_ignored, "ignored_auth"),
    "cursor-skips-item": (cursor_skips_item, "pagination_consistency"),
    "other-project-visible": (other_project_visible, "cross_project_isolation"),
}


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(prog="python -m gigs_contract.broken", description=__doc__.split("\n\n")[0])
    cli.add_argument("variant", choices=sorted(VARIANTS))
    cli.add_argument("--port", type=int, required=True)
    cli.add_argument("--no-access-log", action="store_true")
    args = cli.parse_args(argv)
    breaks, _ = VARIANTS[args.variant]
    server.run(breaks(create_app()), host="127.0.0.1", port=args.port, log_level="warning", access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
