from typing import Any
from urllib.parse import quote, urlencode

from ...types import UNSET, Unset


def _get_kwargs(
    project: str,
    *,
    sim: str | Unset = UNSET,
    user: str | Unset = UNSET,
    after: str | Unset = UNSET,
    before: str | Unset = UNSET,
    limit: int | Unset = 10,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["sim"] = sim

    params["user"] = user

    params["after"] = after

    params["before"] = before

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _url = "/projects/{project}/devices".format(
        project=quote(str(project), safe="").replace(".", "%2E"),
    )
    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": _url + ("?" + urlencode(params, safe=",", quote_via=quote) if params else ""),
    }

    return _kwargs
