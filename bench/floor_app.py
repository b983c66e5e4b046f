"""The floor: a bare Starlette endpoint on the same server stack, answering a fixed body.

FLOOR_BODY_FILE=body.json FLOOR_STATUS=200 uvicorn bench.floor_app:app
"""

from __future__ import annotations

import os
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

BODY = Path(os.environ["FLOOR_BODY_FILE"]).read_bytes()
STATUS = int(os.environ.get("FLOOR_STATUS", "200"))


async def fixed(request: Request) -> Response:
    await request.body()  # read what the client sent, as any real endpoint must
    return Response(BODY, status_code=STATUS, media_type="application/json")


app = Starlette(routes=[Route("/{path:path}", fixed, methods=["GET", "POST"])])
