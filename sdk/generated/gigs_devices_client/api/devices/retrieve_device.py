from typing import Any
from urllib.parse import quote


def _get_kwargs(
    project: str,
    device: str,
) -> dict[str, Any]:

    _url = "/projects/{project}/devices/{device}".format(
        project=quote(str(project), safe="").replace(".", "%2E"),
        device=quote(str(device), safe="").replace(".", "%2E"),
    )
    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": _url,
    }

    return _kwargs
