from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.device_model import DeviceModel
from ...models.error import Error
from ...types import Response


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


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> DeviceModel | Error:
    if response.status_code == 200:
        response_200 = DeviceModel.from_json(response.content)
        return response_200

    if response.status_code == 400:
        response_400 = Error.from_json(response.content)
        return response_400

    if response.status_code == 401:
        response_401 = Error.from_json(response.content)
        return response_401

    if response.status_code == 404:
        response_404 = Error.from_json(response.content)
        return response_404

    if response.status_code == 422:
        response_422 = Error.from_json(response.content)
        return response_422

    if response.status_code == 429:
        response_429 = Error.from_json(response.content)
        return response_429

    response_default = Error.from_json(response.content)
    return response_default


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[DeviceModel | Error]:
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
    device_model: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[DeviceModel | Error]:
    """Retrieve a device model

     Returns one device model of the global catalogue.

    Args:
        device_model (str): An opaque, case-sensitive object ID.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeviceModel | Error]
    """

    kwargs = _get_kwargs(
        device_model=device_model,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    device_model: str,
    *,
    client: AuthenticatedClient | Client,
) -> DeviceModel | Error | None:
    """Retrieve a device model

     Returns one device model of the global catalogue.

    Args:
        device_model (str): An opaque, case-sensitive object ID.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeviceModel | Error
    """

    return sync_detailed(
        device_model=device_model,
        client=client,
    ).parsed


async def asyncio_detailed(
    device_model: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[DeviceModel | Error]:
    """Retrieve a device model

     Returns one device model of the global catalogue.

    Args:
        device_model (str): An opaque, case-sensitive object ID.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeviceModel | Error]
    """

    kwargs = _get_kwargs(
        device_model=device_model,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    device_model: str,
    *,
    client: AuthenticatedClient | Client,
) -> DeviceModel | Error | None:
    """Retrieve a device model

     Returns one device model of the global catalogue.

    Args:
        device_model (str): An opaque, case-sensitive object ID.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeviceModel | Error
    """

    return (
        await asyncio_detailed(
            device_model=device_model,
            client=client,
        )
    ).parsed
