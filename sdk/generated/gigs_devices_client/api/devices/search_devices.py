from typing import Any
from urllib.parse import quote

from ...models.device_search import DeviceSearch
from ...types import UNSET, Unset


def _get_kwargs(
    project: str,
    *,
    body: DeviceSearch,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _url = "/projects/{project}/devices/search".format(
        project=quote(str(project), safe="").replace(".", "%2E"),
    )
    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": _url,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs
