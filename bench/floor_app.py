"""The floor: a bare Starlette endpoint on the same server stack, answering a fixed body.

FLOOR_BODY_FILE=body.json FLOOR_STATUS=200 python -m bench.floor_app --port 4011
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gigs_devices_mock import server

BODY = Path(os.environ["FLOOR_BODY_FILE"]).read_bytes()
STATUS = int(os.environ.get("FLOOR_STATUS", "200"))


async def fixed(request: Request) -> Response:
    await request.body()  # read what the client sent, as any real endpoint must
    return Response(BODY, status_code=STATUS, media_type="application/json")


app = Starlette(routes=[Route("/{path:path}", fixed, methods=["GET", "POST"])])

if __name__ == "__main__":
    cli = argparse.ArgumentParser(prog="python -m bench.floor_app", description=__doc__)
    cli.add_argument("--port", type=int, required=True)
    # The reference server's own stack (gigs_devices_mock.server), without request logging as in the bench.
    server.run(app, host="127.0.0.1", port=cli.parse_args().port, log_level="warning", access_log=False)
