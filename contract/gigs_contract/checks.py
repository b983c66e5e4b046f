"""Checks of the API's own rules, added to Schemathesis's by `register()`: they run on every response.

- `pagination_consistency`: a cursor neither skips nor repeats an item. For a page of n items with
  more after it, the page after its last item, joined to it, must equal one page of 2n items.
- `cross_project_isolation`: a device created in one project is invisible from a second project, and
  the second project's key is refused on the first project's path. Runs only when GIGS_TOKEN_2 and
  GIGS_PROJECT_2 name a second project.
- `documented_refusal`: a schema-valid request may still be refused 422, but only for a rule the API
  documents, and the refusal must name what broke it (schemathesis.toml lets positive_data_acceptance
  take a 422 on these operations because this check looks at each one).
- `listed_status`: an answer below 500 must carry a status its operation lists by number. Every
  operation documents a `default` answer, for a server's failures (5xx); Schemathesis's own status
  check counts any status as documented by it, so a 403 or a 404 where none can be would pass.
  (405, for a method the path does not have, is documented once for the whole API.)
- `keyed_request_accepted`: a request that carries a valid key of the project its path names (or
  of any project, on the catalogue's paths) is never answered 401. schemathesis.toml lets a valid
  case be answered 401 on some operations, because Schemathesis 4.32 marks some cases valid whose
  Authorization header it mutated; this check looks at the header actually sent.

A check that sends requests of its own waits out 429s as the server asks; one that still gets no
answer (rate-limited past 30 s, or unreachable) fails, saying it could not examine the answer.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

import httpx
import schemathesis

from . import reproduce
from .behaviour.wire import CannotTest, Pace, Wire
from .spec import document, limit_bounds

LIST_PATHS = {"/projects/{project}/devices", "/deviceModels"}
_, MAX_LIMIT, _ = limit_bounds()
CHECK_RATE_LIMIT_WAIT = 30.0  # seconds of 429s a check's own request waits out before it gives up


def examines(
    check: str,
    method: str,
    path: str,
    status: int | None,
    *,
    mode: str | None,
    second_project: bool,
    keyed: bool = False,
) -> bool:
    """Whether `check` had anything to examine in this answer (else it is "not run" for it, not
    "passed"). `keyed`: the request carried an Authorization header (its value is not recorded)."""
    if check == "documented_refusal":
        return mode == "positive" and status == 422 and f"{method} {path}" in REFUSAL_RULES
    if check == "pagination_consistency":
        return method == "GET" and path in LIST_PATHS and status == 200
    if check == "listed_status":
        return status is not None and status < 500
    if check == "cross_project_isolation":
        return second_project and method == "POST" and path == "/projects/{project}/devices" and status == 201
    if check == "keyed_request_accepted":
        return status is not None and keyed
    raise KeyError(check)


def _transport() -> httpx.BaseTransport:  # the network (a test puts a server of its own here)
    return httpx.HTTPTransport()


def _client(**settings: Any) -> httpx.Client:
    """A client for a check's own requests, through the behavioural suite's Wire: 429s are waited
    out as the server asks, since a rate limit is the server's right, not a failure."""
    wire = Wire(_transport(), Pace(None), max_rate_limit_wait=CHECK_RATE_LIMIT_WAIT)
    return httpx.Client(transport=wire, timeout=10, **settings)


def _get(client: httpx.Client, url: str) -> httpx.Response:
    """GET. A server that stays rate-limited or out of reach fails the check, saying so: the check
    had nothing to examine, and passing it would make a green verdict of an untested rule."""
    try:
        return client.get(url)
    except CannotTest as error:
        raise AssertionError(f"could not examine: {error}") from None


def _with_query(url: str, **changes: str | None) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in changes]
    query += [(k, v) for k, v in changes.items() if v is not None]
    return urlunsplit(parts._replace(query=urlencode(query, safe=",")))


def _again(response: httpx.Response) -> str:
    """The request behind `response` as a curl line, with the second project's key by its name."""
    request = response.request
    base_url = str(request.url).split("/projects/", 1)[0]
    step = reproduce.Step(request.method, str(request.url), (), None, response.status_code, key="GIGS_TOKEN_2")
    return "again: " + reproduce.lines([step], base_url)[-1]


def _ids(body: dict[str, Any]) -> list[str]:
    return [item["id"] for item in body["items"]]


def pagination_consistency(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case[Any]
) -> None:
    if case.method != "GET" or case.path not in LIST_PATHS or response.status_code != 200:
        return None
    body = response.json()
    items, after = _ids(body), body.get("moreItemsAfter")
    if after is not None and (not items or after != items[-1]):
        raise AssertionError(f"moreItemsAfter is {after!r}, not the ID of the page's last item")
    before = body.get("moreItemsBefore")
    if before is not None and (not items or before != items[0]):
        raise AssertionError(f"moreItemsBefore is {before!r}, not the ID of the page's first item")
    if after is None or len(items) * 2 > MAX_LIMIT or "before" in case.query:
        return None
    url, headers = str(response.request.url), dict(response.request.headers)
    with _client(headers=headers) as client:
        following = _get(client, _with_query(url, after=after, limit=str(len(items))))
        joined = _get(client, _with_query(url, limit=str(len(items) * 2)))
    if following.status_code != 200 or joined.status_code != 200:
        raise AssertionError(f"paging on answered {following.status_code} and {joined.status_code}")
    walked, whole = items + _ids(following.json()), _ids(joined.json())
    if walked != whole[: len(walked)]:
        skipped = [i for i in whole if i not in walked]
        repeated = [i for i in set(walked) if walked.count(i) > 1]
        raise AssertionError(
            f"paging with after={after} does not continue the list: skipped {skipped[:5]}, repeated {repeated[:5]}"
        )
    return None


def cross_project_isolation(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case[Any]
) -> None:
    token_2, project_2 = os.environ.get("GIGS_TOKEN_2"), os.environ.get("GIGS_PROJECT_2")
    if not (token_2 and project_2) or case.method != "POST" or case.path != "/projects/{project}/devices":
        return None
    if response.status_code != 201:
        return None
    device_id, project = response.json()["id"], case.path_parameters["project"]
    if project == project_2:
        return None
    base = str(response.request.url).split("/projects/", 1)[0]
    with _client(base_url=base, headers={"Authorization": f"Bearer {token_2}"}) as other:
        seen = _get(other, f"/projects/{project_2}/devices/{device_id}")
        listed = _get(other, f"/projects/{project_2}/devices?limit={MAX_LIMIT}")
        foreign = _get(other, f"/projects/{project}/devices/{device_id}")
        # Each message ends with the request that showed it, as curl: the create is not the culprit.
        if seen.status_code != 404:
            raise AssertionError(
                f"device {device_id} of {project!r} answered {seen.status_code} from {project_2!r}; {_again(seen)}"
            )
        if device_id in _ids(listed.json()):
            raise AssertionError(f"device {device_id} of {project!r} is listed in {project_2!r}; {_again(listed)}")
        if foreign.status_code != 401:
            raise AssertionError(
                f"{project_2!r}'s key on {project!r}'s path answered {foreign.status_code}, not 401; {_again(foreign)}"
            )
    return None


def schema_valid(case: schemathesis.Case[Any]) -> bool:
    """Whether Schemathesis generated `case` to be valid. Its mode alone does not say: a fuzzing case
    marked positive may still carry mutated headers (seen with 4.32), and those are listed."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return False
    if any(not component.mode.is_positive for component in meta.components.values()):
        return False
    return not getattr(meta.phase.data, "mutations", None)


def _list_refusal(detail: dict[str, Any], query: dict[str, Any], body: object) -> bool:
    # `after` with `before`, or a cursor that names no item of the list.
    return detail.get("property") in ("after", "before") and detail["property"] in query


def _device_refusal(detail: dict[str, Any], query: dict[str, Any], body: object, *, creating: bool) -> bool:
    fields = body if isinstance(body, dict) else {}
    prop, code = detail.get("property"), detail.get("code")
    sims: list[Any] = fields["sims"] if isinstance(fields.get("sims"), list) else []
    if code == "deviceImeiAlreadyExists":
        return prop == "imei" and fields.get("imei") is not None
    if isinstance(prop, str) and prop.startswith("sims."):
        # An unknown SIM, or one on another device (deviceSimAlreadyUsed), by its position.
        index = prop.removeprefix("sims.")
        return index.isascii() and index.isdigit() and int(index) < len(sims)
    if code == "deviceSimAlreadyUsed":
        return False
    if creating:
        neither = fields.get("imei") is None and fields.get("user") is None
        # Neither imei nor user; or a user of no one in the project.
        return (prop in ("imei", "user") and neither) or (prop == "user" and fields.get("user") is not None)
    # A user of no one in the project, or a device left with neither IMEI nor user; metadata merged
    # past its bound.
    return (prop == "user" and "user" in fields) or (
        isinstance(prop, str) and prop.split(".", 1)[0] == "metadata" and "metadata" in fields
    )


RefusalRule = Callable[[dict[str, Any], dict[str, Any], object], bool]
REFUSAL_RULES: dict[str, RefusalRule] = {
    "GET /projects/{project}/devices": _list_refusal,
    "GET /deviceModels": _list_refusal,
    "POST /projects/{project}/devices": lambda d, q, b: _device_refusal(d, q, b, creating=True),
    "PATCH /projects/{project}/devices/{device}": lambda d, q, b: _device_refusal(d, q, b, creating=False),
}


def documented_refusal(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case[Any]
) -> None:
    rule = REFUSAL_RULES.get(f"{case.method} {case.path}")
    if rule is None or response.status_code != 422 or not schema_valid(case):
        return None
    try:
        error = response.json()
    except ValueError:
        raise AssertionError("a 422 whose body is not JSON") from None
    details = error.get("details") if isinstance(error, dict) else None
    if error.get("type") != "invalid" or not isinstance(details, list) or not details:
        raise AssertionError("a 422 must be of type `invalid` and name the property at fault in `details`")
    query = dict(case.query or {})
    undocumented = [d for d in details if not (isinstance(d, dict) and rule(d, query, case.body))]
    if undocumented:
        found = ", ".join(_described(detail) for detail in undocumented[:3])
        raise AssertionError(f"a schema-valid request was refused for no documented rule: {found}")
    return None


def _described(detail: object) -> str:
    if not isinstance(detail, dict):
        return repr(detail)
    return f"{detail.get('property')!r} ({detail.get('code') or detail.get('message')})"


def listed_status(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case[Any]
) -> None:
    status = response.status_code
    if status >= 500 or status == 405:
        return None
    operation = document()["paths"].get(case.path, {}).get(case.method.lower())
    if operation is None:
        return None  # not an operation of the spec: Schemathesis's unsupported-method probes
    listed = set(operation["responses"]) - {"default"}
    if str(status) not in listed:
        raise AssertionError(
            f"{status} is not an answer {case.method} {case.path} lists ({', '.join(sorted(listed))});"
            " its `default` answer stands for a server's failures (5xx) only"
        )
    return None


def keyed_request_accepted(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case[Any]
) -> None:
    if response.status_code != 401:
        return None
    keys = {os.environ.get(f"GIGS_TOKEN{suffix}"): os.environ.get(f"GIGS_PROJECT{suffix}") for suffix in ("", "_2")}
    sent = response.request.headers.get("authorization", "")
    scheme, _, token = (sent.decode("latin-1") if isinstance(sent, bytes) else sent).partition(" ")
    project = keys.get(token) if scheme == "Bearer" and token else None
    if project is None:
        return None  # no key of ours, or one Schemathesis changed: a 401 is the answer
    path = urlsplit(str(response.request.url)).path  # a requests.PreparedRequest's url is a string
    named = unquote(path.split("/")[2]) if path.startswith("/projects/") and path.count("/") >= 2 else None
    if named is not None and named != project:
        return None  # a key on another project's path is refused by design
    raise AssertionError(
        f"a valid key of project {project!r} was refused 401 on {case.method} {path}"
        + (" (its own project's path)" if named else " (a path of no project)")
    )


CHECKS = (pagination_consistency, cross_project_isolation, documented_refusal, listed_status, keyed_request_accepted)


def register() -> None:
    """Add the API's checks to Schemathesis's, for this process (again is a no-op)."""
    for check in CHECKS:
        if check.__name__ not in _registered:
            schemathesis.check(check)
            _registered.add(check.__name__)


_registered: set[str] = set()
