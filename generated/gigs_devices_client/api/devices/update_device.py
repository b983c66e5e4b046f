from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.device import Device
from ...models.device_update import DeviceUpdate
from ...models.error import Error
from ...types import Response


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

    if response.status_code == 413:
        response_413 = Error.from_json(response.content)
        return response_413

    if response.status_code == 415:
        response_415 = Error.from_json(response.content)
        return response_415

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
    body: DeviceUpdate,
) -> Response[Device | Error]:
    """Update a device

     Changes the given fields of a device and leaves the others as they are. `sims` replaces the whole
    list of attached SIMs (`[]` detaches all); `user: null` unassigns the owner; `metadata` is merged
    key by key (a `null` value deletes a key).

    Args:
        project (str): An opaque, case-sensitive object ID.
        device (str): An opaque, case-sensitive object ID.
        body (DeviceUpdate): The fields to change; fields left out keep their value, and `{}` is a
            valid update that changes
            nothing. An update that would leave the device with neither an IMEI nor a user is answered
            422
            naming `user`; an unknown `user`, or a SIM that is not the project's, is answered 422
            naming the
            property (`user`, `sims.<index>`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Device | Error]
    """

    kwargs = _get_kwargs(
        project=project,
        device=device,
        body=body,
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
    body: DeviceUpdate,
) -> Device | Error | None:
    """Update a device

     Changes the given fields of a device and leaves the others as they are. `sims` replaces the whole
    list of attached SIMs (`[]` detaches all); `user: null` unassigns the owner; `metadata` is merged
    key by key (a `null` value deletes a key).

    Args:
        project (str): An opaque, case-sensitive object ID.
        device (str): An opaque, case-sensitive object ID.
        body (DeviceUpdate): The fields to change; fields left out keep their value, and `{}` is a
            valid update that changes
            nothing. An update that would leave the device with neither an IMEI nor a user is answered
            422
            naming `user`; an unknown `user`, or a SIM that is not the project's, is answered 422
            naming the
            property (`user`, `sims.<index>`).

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
        body=body,
    ).parsed


async def asyncio_detailed(
    project: str,
    device: str,
    *,
    client: AuthenticatedClient | Client,
    body: DeviceUpdate,
) -> Response[Device | Error]:
    """Update a device

     Changes the given fields of a device and leaves the others as they are. `sims` replaces the whole
    list of attached SIMs (`[]` detaches all); `user: null` unassigns the owner; `metadata` is merged
    key by key (a `null` value deletes a key).

    Args:
        project (str): An opaque, case-sensitive object ID.
        device (str): An opaque, case-sensitive object ID.
        body (DeviceUpdate): The fields to change; fields left out keep their value, and `{}` is a
            valid update that changes
            nothing. An update that would leave the device with neither an IMEI nor a user is answered
            422
            naming `user`; an unknown `user`, or a SIM that is not the project's, is answered 422
            naming the
            property (`user`, `sims.<index>`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Device | Error]
    """

    kwargs = _get_kwargs(
        project=project,
        device=device,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project: str,
    device: str,
    *,
    client: AuthenticatedClient | Client,
    body: DeviceUpdate,
) -> Device | Error | None:
    """Update a device

     Changes the given fields of a device and leaves the others as they are. `sims` replaces the whole
    list of attached SIMs (`[]` detaches all); `user: null` unassigns the owner; `metadata` is merged
    key by key (a `null` value deletes a key).

    Args:
        project (str): An opaque, case-sensitive object ID.
        device (str): An opaque, case-sensitive object ID.
        body (DeviceUpdate): The fields to change; fields left out keep their value, and `{}` is a
            valid update that changes
            nothing. An update that would leave the device with neither an IMEI nor a user is answered
            422
            naming `user`; an unknown `user`, or a SIM that is not the project's, is answered 422
            naming the
            property (`user`, `sims.<index>`).

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
            body=body,
        )
    ).parsed
