"""`gigs-devices-mock`: serve the reference server on loopback."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import DEFAULT_KEYS, SeedError, StoreError, create_app, server
from .seed import DEFAULT_SEED_PATH
from .spec import DEFAULT_SPEC_PATH


def _key(text: str) -> tuple[str, str]:
    token, sep, project = text.partition("=")
    if not sep or not token or not project:
        raise argparse.ArgumentTypeError(f"expected TOKEN=PROJECT, got {text!r}")
    return token, project


def parser() -> argparse.ArgumentParser:
    default_keys = ", ".join(f"{token}={project}" for token, project in DEFAULT_KEYS.items())
    cli = argparse.ArgumentParser(
        prog="gigs-devices-mock",
        description="A stateful reference server of the Gigs Devices API, validated by openapi.yaml.",
    )
    cli.add_argument(
        "--host", default=os.environ.get("HOST", "127.0.0.1"), help="address to bind (default %(default)s)"
    )
    cli.add_argument("--port", type=int, default=int(os.environ.get("PORT", "4010")), help="port (default %(default)s)")
    cli.add_argument(
        "--db", metavar="PATH", help="keep devices in this SQLite file across restarts (default: in memory)"
    )
    cli.add_argument(
        "--seed", metavar="FILE", type=Path, default=DEFAULT_SEED_PATH, help="seed data (JSON, see README)"
    )
    cli.add_argument("--spec", metavar="FILE", type=Path, default=DEFAULT_SPEC_PATH, help="the OpenAPI document")
    cli.add_argument(
        "--key",
        metavar="TOKEN=PROJECT",
        type=_key,
        action="append",
        help=f"a bearer key and its project; repeat for more (default: {default_keys})",
    )
    cli.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    cli.add_argument("--no-access-log", action="store_true", help="do not log each request")
    defaults = server.Limits()
    cli.add_argument(
        "--max-url-bytes", type=int, default=defaults.max_url_bytes, help="longest URL, else 414 (default %(default)s)"
    )
    cli.add_argument(
        "--max-header-bytes",
        type=int,
        default=defaults.max_header_bytes,
        help="most bytes of header names and values, else 431 (default %(default)s)",
    )
    cli.add_argument(
        "--max-headers",
        type=int,
        default=defaults.max_headers,
        help="most header fields, else 431 (default %(default)s)",
    )
    cli.add_argument(
        "--header-timeout",
        type=float,
        default=defaults.header_timeout,
        help="seconds for a request's head to arrive, else 408 and the connection closes (default %(default)s)",
    )
    cli.add_argument(
        "--body-timeout",
        type=float,
        default=defaults.body_timeout,
        help="seconds for a request's body to arrive whole, else 408 and the connection closes (default %(default)s)",
    )
    cli.add_argument(
        "--keep-alive-timeout",
        type=float,
        default=defaults.keep_alive_timeout,
        help="seconds an idle kept-alive connection is held (default %(default)s)",
    )
    cli.add_argument(
        "--max-connections",
        type=int,
        default=defaults.max_connections,
        help="connections held at once: past it the idlest is closed to make room, or the new one is"
        " answered 503 when all are busy; lowered to fit the process's file descriptor limit (default %(default)s)",
    )
    return cli


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        app = create_app(
            spec_path=args.spec, seed_path=args.seed, db_path=args.db, keys=dict(args.key) if args.key else None
        )
    except (SeedError, StoreError, OSError) as error:
        print(f"gigs-devices-mock: {error}", file=sys.stderr)
        return 2
    # The server stops cleanly on SIGINT and SIGTERM: it finishes the requests in flight and runs
    # the app's lifespan shutdown; then the store is closed.
    try:
        limits = server.Limits(
            max_url_bytes=args.max_url_bytes,
            max_header_bytes=args.max_header_bytes,
            max_headers=args.max_headers,
            header_timeout=args.header_timeout,
            body_timeout=args.body_timeout,
            keep_alive_timeout=args.keep_alive_timeout,
            max_connections=args.max_connections,
        )
        server.run(
            app,
            host=args.host,
            port=args.port,
            log_level=args.log_level,
            access_log=not args.no_access_log,
            limits=limits,
        )
    finally:
        app.backend.store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
