from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.device import Device
from ...models.error import Error
from ...types import Response


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


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Device | Error:
    if response.status_code == 200:
        response_200 = Device.from_json(response.content)
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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Device | Error]:
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
    project: str,
    device: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Device | Error]:
    """Retrieve a device

     Returns one device of the project, with its model, SIMs and owner embedded.

    Args:
        project (str): An opaque, case-sensitive object ID.
        device (str): An opaque, case-sensitive object ID.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Device | Error]
    """

    kwargs = _get_kwargs(
        project=project,
        device=device,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    project: str,
    device: str,
    *,
    client: AuthenticatedClient | Client,
) -> Device | Error | None:
    """Retrieve a device

     Returns one device of the project, with its model, SIMs and owner embedded.

    Args:
        project (str): An opaque, case-sensitive object ID.
        device (str): An opaque, case-sensitive object ID.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Device | Error
    """

    return sync_detailed(
        project=project,
        device=device,
        client=client,
    ).parsed


async def asyncio_detailed(
    project: str,
    device: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Device | Error]:
    """Retrieve a device

     Returns one device of the project, with its model, SIMs and owner embedded.

    Args:
        project (str): An opaque, case-sensitive object ID.
        device (str): An opaque, case-sensitive object ID.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Device | Error]
    """

    kwargs = _get_kwargs(
        project=project,
        device=device,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project: str,
    device: str,
    *,
    client: AuthenticatedClient | Client,
) -> Device | Error | None:
    """Retrieve a device

     Returns one device of the project, with its model, SIMs and owner embedded.

    Args:
        project (str): An opaque, case-sensitive object ID.
        device (str): An opaque, case-sensitive object ID.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Device | Error
    """

    return (
        await asyncio_detailed(
            project=project,
            device=device,
            client=client,
        )
    ).parsed
