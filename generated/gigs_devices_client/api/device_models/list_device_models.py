from http import HTTPStatus
from typing import Any
from urllib.parse import quote, urlencode

import httpx

from ...client import AuthenticatedClient, Client
from ...models.device_model_list import DeviceModelList
from ...models.device_model_type import DeviceModelType
from ...models.error import Error
from ...models.sim_type import SimType
from ...types import UNSET, Response, Unset


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


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> DeviceModelList | Error:
    if response.status_code == 200:
        response_200 = DeviceModelList.from_json(response.content)
        return response_200

    if response.status_code == 400:
        response_400 = Error.from_json(response.content)
        return response_400

    if response.status_code == 401:
        response_401 = Error.from_json(response.content)
        return response_401

    if response.status_code == 422:
        response_422 = Error.from_json(response.content)
        return response_422

    if response.status_code == 429:
        response_429 = Error.from_json(response.content)
        return response_429

    response_default = Error.from_json(response.content)
    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[DeviceModelList | Error]:
    try:
        parsed = _parse_response(client=client, response=response)
    except (ValueError, KeyError, TypeError):
        if response.is_success:
            raise
        parsed = None
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parsed,
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    type_: list[DeviceModelType] | Unset = UNSET,
    brand: list[str] | Unset = UNSET,
    sim_type: list[SimType] | Unset = UNSET,
    hardware_identifier: list[str] | Unset = UNSET,
    after: str | Unset = UNSET,
    before: str | Unset = UNSET,
    limit: int | Unset = 10,
) -> Response[DeviceModelList | Error]:
    """List device models

     Returns device models of the global catalogue, newest first. Each filter takes a comma-separated
    list of accepted values; a model is returned when it matches every filter given.

    Args:
        type_ (list[DeviceModelType] | Unset):
        brand (list[str] | Unset):
        sim_type (list[SimType] | Unset):
        hardware_identifier (list[str] | Unset):
        after (str | Unset): An opaque, case-sensitive object ID.
        before (str | Unset): An opaque, case-sensitive object ID.
        limit (int | Unset):  Default: 10.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeviceModelList | Error]
    """

    kwargs = _get_kwargs(
        type_=type_,
        brand=brand,
        sim_type=sim_type,
        hardware_identifier=hardware_identifier,
        after=after,
        before=before,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    type_: list[DeviceModelType] | Unset = UNSET,
    brand: list[str] | Unset = UNSET,
    sim_type: list[SimType] | Unset = UNSET,
    hardware_identifier: list[str] | Unset = UNSET,
    after: str | Unset = UNSET,
    before: str | Unset = UNSET,
    limit: int | Unset = 10,
) -> DeviceModelList | Error | None:
    """List device models

     Returns device models of the global catalogue, newest first. Each filter takes a comma-separated
    list of accepted values; a model is returned when it matches every filter given.

    Args:
        type_ (list[DeviceModelType] | Unset):
        brand (list[str] | Unset):
        sim_type (list[SimType] | Unset):
        hardware_identifier (list[str] | Unset):
        after (str | Unset): An opaque, case-sensitive object ID.
        before (str | Unset): An opaque, case-sensitive object ID.
        limit (int | Unset):  Default: 10.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeviceModelList | Error
    """

    return sync_detailed(
        client=client,
        type_=type_,
        brand=brand,
        sim_type=sim_type,
        hardware_identifier=hardware_identifier,
        after=after,
        before=before,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    type_: list[DeviceModelType] | Unset = UNSET,
    brand: list[str] | Unset = UNSET,
    sim_type: list[SimType] | Unset = UNSET,
    hardware_identifier: list[str] | Unset = UNSET,
    after: str | Unset = UNSET,
    before: str | Unset = UNSET,
    limit: int | Unset = 10,
) -> Response[DeviceModelList | Error]:
    """List device models

     Returns device models of the global catalogue, newest first. Each filter takes a comma-separated
    list of accepted values; a model is returned when it matches every filter given.

    Args:
        type_ (list[DeviceModelType] | Unset):
        brand (list[str] | Unset):
        sim_type (list[SimType] | Unset):
        hardware_identifier (list[str] | Unset):
        after (str | Unset): An opaque, case-sensitive object ID.
        before (str | Unset): An opaque, case-sensitive object ID.
        limit (int | Unset):  Default: 10.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeviceModelList | Error]
    """

    kwargs = _get_kwargs(
        type_=type_,
        brand=brand,
        sim_type=sim_type,
        hardware_identifier=hardware_identifier,
        after=after,
        before=before,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    type_: list[DeviceModelType] | Unset = UNSET,
    brand: list[str] | Unset = UNSET,
    sim_type: list[SimType] | Unset = UNSET,
    hardware_identifier: list[str] | Unset = UNSET,
    after: str | Unset = UNSET,
    before: str | Unset = UNSET,
    limit: int | Unset = 10,
) -> DeviceModelList | Error | None:
    """List device models

     Returns device models of the global catalogue, newest first. Each filter takes a comma-separated
    list of accepted values; a model is returned when it matches every filter given.

    Args:
        type_ (list[DeviceModelType] | Unset):
        brand (list[str] | Unset):
        sim_type (list[SimType] | Unset):
        hardware_identifier (list[str] | Unset):
        after (str | Unset): An opaque, case-sensitive object ID.
        before (str | Unset): An opaque, case-sensitive object ID.
        limit (int | Unset):  Default: 10.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeviceModelList | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            type_=type_,
            brand=brand,
            sim_type=sim_type,
            hardware_identifier=hardware_identifier,
            after=after,
            before=before,
            limit=limit,
        )
    ).parsed
