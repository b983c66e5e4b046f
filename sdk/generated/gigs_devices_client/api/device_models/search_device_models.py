from typing import Any

from ...models.device_model_search import DeviceModelSearch
from ...types import UNSET, Unset


def _get_kwargs(
    *,
    body: DeviceModelSearch,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _url = "/deviceModels/search"
    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": _url,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs
