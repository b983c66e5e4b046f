"""Before any test: can the suite test this server at all? A one-line reason when it cannot.

A wrong GIGS_TOKEN, a GIGS_PROJECT the key does not belong to, a URL that serves something else
or a server that is down would otherwise make every check "pass" on 401s and errors.
"""

from __future__ import annotations

import httpx

from .behaviour.wire import CannotTest, Pace, Wire
from .target import Target


def preflight(target: Target, pace: Pace) -> None:
    """Raise CannotTest unless each configured key lists its project's devices and the catalogue."""
    keys: list[tuple[str, str | None, str, str | None]] = [("GIGS_TOKEN", target.token, "GIGS_PROJECT", target.project)]
    if target.has_second_project:
        keys.append(("GIGS_TOKEN_2", target.token_2, "GIGS_PROJECT_2", target.project_2))
    transport = Wire(httpx.HTTPTransport(), pace, max_rate_limit_wait=30)
    with httpx.Client(base_url=target.base_url, transport=transport, timeout=10) as client:
        for token_name, token, project_name, project in keys:
            auth = {"Authorization": f"Bearer {token}"}
            for path in (f"/projects/{project}/devices?limit=1", "/deviceModelBrands"):
                answer = client.get(path, headers=auth)
                if answer.status_code == 401:
                    raise CannotTest(
                        f"GET {path} answered 401: {token_name} is not a key of project {project!r} "
                        f"(check {token_name} and {project_name})"
                    )
                if answer.status_code != 200 or not _is_json_object(answer):
                    raise CannotTest(
                        f"GET {target.base_url}{path} answered {answer.status_code} "
                        f"{answer.headers.get('content-type', '')!r}: is GIGS_BASE_URL the API's root?"
                    )


def _is_json_object(answer: httpx.Response) -> bool:
    try:
        return isinstance(answer.json(), dict)
    except ValueError:
        return False
