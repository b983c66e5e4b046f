from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.device_model_brands import DeviceModelBrands
from ...models.error import Error
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _url = "/deviceModelBrands"
    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": _url,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> DeviceModelBrands | Error:
    if response.status_code == 200:
        response_200 = DeviceModelBrands.from_json(response.content)
        return response_200

    if response.status_code == 400:
        response_400 = Error.from_json(response.content)
        return response_400

    if response.status_code == 401:
        response_401 = Error.from_json(response.content)
        return response_401

    if response.status_code == 429:
        response_429 = Error.from_json(response.content)
        return response_429

    response_default = Error.from_json(response.content)
    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[DeviceModelBrands | Error]:
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
) -> Response[DeviceModelBrands | Error]:
    """List device model brands

     Returns every brand of the device model catalogue, in alphabetical order, in one answer.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeviceModelBrands | Error]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> DeviceModelBrands | Error | None:
    """List device model brands

     Returns every brand of the device model catalogue, in alphabetical order, in one answer.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeviceModelBrands | Error
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[DeviceModelBrands | Error]:
    """List device model brands

     Returns every brand of the device model catalogue, in alphabetical order, in one answer.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeviceModelBrands | Error]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> DeviceModelBrands | Error | None:
    """List device model brands

     Returns every brand of the device model catalogue, in alphabetical order, in one answer.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeviceModelBrands | Error
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
