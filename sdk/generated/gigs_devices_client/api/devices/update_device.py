from typing import Any
from urllib.parse import quote

from ...models.device_update import DeviceUpdate


def _get_kwargs(
    project: str,
    device: str,
    *,
    body: DeviceUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _url = "/projects/{project}/devices/{device}".format(
        project=quote(str(project), safe="").replace(".", "%2E"),
        device=quote(str(device), safe="").replace(".", "%2E"),
    )
    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": _url,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs
