from typing import Any
from urllib.parse import quote


def _get_kwargs(
    device_model: str,
) -> dict[str, Any]:

    _url = "/deviceModels/{device_model}".format(
        device_model=quote(str(device_model), safe="").replace(".", "%2E"),
    )
    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": _url,
    }

    return _kwargs
