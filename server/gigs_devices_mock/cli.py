"""`gigs-devices-mock`: serve the reference server on loopback."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from . import DEFAULT_KEYS, MockApp, SeedError, StoreError, create_app, server
from .cors import Cors
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
    cli.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("PORT", "4010")),
        help="port; 0 lets the system choose a free one (default %(default)s)",
    )
    cli.add_argument(
        "--db", metavar="PATH", help="keep devices in this SQLite file across restarts (default: in memory)"
    )
    cli.add_argument(
        "--seed", metavar="FILE", type=Path, default=DEFAULT_SEED_PATH, help="seed data (JSON, see README)"
    )
    cli.add_argument("--spec", metavar="FILE", type=Path, default=DEFAULT_SPEC_PATH, help="the OpenAPI document")
    cli.add_argument(
        "--app",
        metavar="MODULE:FACTORY",
        help="serve the app FACTORY(**options) returns, a variant composed from create_app (it receives the"
        " spec, seed, db and keys options as create_app's keywords, and returns a MockApp or an ASGI app in"
        " front of one, with its `backend` and `keys`)",
    )
    cli.add_argument(
        "--key",
        metavar="TOKEN=PROJECT",
        type=_key,
        action="append",
        help=f"a bearer key and its project; repeat for more (default: {default_keys})",
    )
    cli.add_argument(
        "--ready-file",
        metavar="PATH",
        type=Path,
        help="once listening, write there as JSON the URL, the keys and each project's user and SIM IDs"
        " (with --port 0, the way to learn the port the system chose)",
    )
    cli.add_argument(
        "--cors-origin",
        metavar="ORIGIN",
        action="append",
        help="answer CORS for this origin only (e.g. http://localhost:3000); repeat for more (default: any origin)",
    )
    cli.add_argument("--no-cors", action="store_true", help="no CORS headers, and no preflight answered")
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
        factory = _factory(args.app) if args.app else create_app
        cors = None if args.no_cors else Cors(frozenset(args.cors_origin) if args.cors_origin else None)
        app = factory(
            spec_path=args.spec,
            seed_path=args.seed,
            db_path=args.db,
            keys=dict(args.key) if args.key else None,
            cors=cors,
        )
    except (SeedError, StoreError, OSError, ImportError, AttributeError) as error:
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
            on_ready=lambda url: announce(app, url, args.ready_file, args.db),
        )
    finally:
        app.backend.store.close()
    return 0


def _factory(reference: str) -> Any:
    module, sep, name = reference.partition(":")
    if not sep or not module or not name:
        raise ImportError(f"--app takes MODULE:FACTORY, got {reference!r}")
    return getattr(importlib.import_module(module), name)


def announcement(app: MockApp, url: str) -> dict[str, Any]:
    """What a client needs to use the server: where it is, its keys, and each keyed project's IDs."""
    seed = app.backend.seed
    return {
        "url": url,
        "docs": f"{url}/docs",
        "spec": f"{url}/openapi.yaml",
        "keys": [{"token": token, "project": project} for token, project in app.keys.items()],
        "not_implemented": list(getattr(app, "not_implemented", [])),
        "projects": {
            project: {"users": list(seed.project(project).users), "sims": list(seed.project(project).sims)}
            for project in dict.fromkeys(app.keys.values())
        },
    }


def announce(app: MockApp, url: str, ready_file: Path | None, db: str | None) -> None:
    """Say where the server is and how to call it: a banner for people, and the ready file for programs."""
    facts = announcement(app, url)
    keys = "\n".join(
        f"    {key['token']:<20} project {key['project']!r}: {len(facts['projects'][key['project']]['users'])} users,"
        f" {len(facts['projects'][key['project']]['sims'])} SIMs"
        for key in facts["keys"]
    )
    print(
        f"Gigs Devices API reference server at {url}\n"
        f"  API reference  {facts['docs']}   (the spec: {facts['spec']})\n"
        f"  store          {db or 'in memory: gone when the server stops'}\n"
        f"  keys           Authorization: Bearer <key>\n{keys}\n"
        + (
            f"  not implemented (answered 501 notImplemented): {', '.join(app.not_implemented)}\n"
            if getattr(app, "not_implemented", None)
            else ""
        )
        + "  Ctrl-C stops it.",
        flush=True,
    )
    if ready_file is not None:
        # Written whole, then renamed into place: a reader polling for the file never sees half of it.
        partial = ready_file.with_name(ready_file.name + ".partial")
        partial.write_text(json.dumps(facts, indent=2), encoding="utf-8")
        partial.replace(ready_file)


if __name__ == "__main__":
    sys.exit(main())
