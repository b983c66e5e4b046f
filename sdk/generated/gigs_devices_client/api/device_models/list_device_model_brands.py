from typing import Any


def _get_kwargs() -> dict[str, Any]:

    _url = "/deviceModelBrands"
    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": _url,
    }

    return _kwargs
