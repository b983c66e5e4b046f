from typing import Any
from urllib.parse import quote

from ...types import UNSET, Unset


def _get_kwargs(
    project: str,
    device: str,
    *,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _url = "/projects/{project}/devices/{device}".format(
        project=quote(str(project), safe="").replace(".", "%2E"),
        device=quote(str(device), safe="").replace(".", "%2E"),
    )
    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": _url,
    }

    _kwargs["headers"] = headers
    return _kwargs
