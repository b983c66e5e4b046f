from typing import Any
from urllib.parse import quote, urlencode

from ...models.device_model_type import DeviceModelType
from ...models.sim_type import SimType
from ...types import UNSET, Unset


def _get_kwargs(
    *,
    type_: list[DeviceModelType] | Unset = UNSET,
    brand: list[str] | Unset = UNSET,
    sim_type: list[SimType] | Unset = UNSET,
    hardware_identifier: list[str] | Unset = UNSET,
    after: str | Unset = UNSET,
    before: str | Unset = UNSET,
    limit: int | Unset = 10,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_type_: list[str] | Unset = UNSET
    if not isinstance(type_, Unset):
        json_type_ = []
        for type_item_data in type_:
            type_item = type_item_data.value
            json_type_.append(type_item)

    if not isinstance(json_type_, Unset):
        params["type"] = ",".join(str(item).replace(",", "%2C") for item in json_type_)

    json_brand: list[str] | Unset = UNSET
    if not isinstance(brand, Unset):
        json_brand = brand

    if not isinstance(json_brand, Unset):
        params["brand"] = ",".join(str(item).replace(",", "%2C") for item in json_brand)

    json_sim_type: list[str] | Unset = UNSET
    if not isinstance(sim_type, Unset):
        json_sim_type = []
        for sim_type_item_data in sim_type:
            sim_type_item = sim_type_item_data.value
            json_sim_type.append(sim_type_item)

    if not isinstance(json_sim_type, Unset):
        params["simType"] = ",".join(str(item).replace(",", "%2C") for item in json_sim_type)

    json_hardware_identifier: list[str] | Unset = UNSET
    if not isinstance(hardware_identifier, Unset):
        json_hardware_identifier = hardware_identifier

    if not isinstance(json_hardware_identifier, Unset):
        params["hardwareIdentifier"] = ",".join(str(item).replace(",", "%2C") for item in json_hardware_identifier)

    params["after"] = after

    params["before"] = before

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _url = "/deviceModels"
    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": _url + ("?" + urlencode(params, safe=",", quote_via=quote) if params else ""),
    }

    return _kwargs
