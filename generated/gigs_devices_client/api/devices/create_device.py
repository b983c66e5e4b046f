from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.device import Device
from ...models.device_create import DeviceCreate
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    project: str,
    *,
    body: DeviceCreate,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _url = "/projects/{project}/devices".format(
        project=quote(str(project), safe="").replace(".", "%2E"),
    )
    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": _url,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Device | Error:
    if response.status_code == 201:
        response_201 = Device.from_json(response.content)
        return response_201

    if response.status_code == 400:
        response_400 = Error.from_json(response.content)
        return response_400

    if response.status_code == 401:
        response_401 = Error.from_json(response.content)
        return response_401

    if response.status_code == 409:
        response_409 = Error.from_json(response.content)
        return response_409

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
    *,
    client: AuthenticatedClient | Client,
    body: DeviceCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[Device | Error]:
    """Create a device

     Registers a device in the project. At least one of `imei` or `user` must be given: a device with an
    IMEI and no user is a factory device, a device with a user and no IMEI is one whose IMEI is not
    known
    yet. A request with neither is answered 422. The IMEI must not already belong to another device of
    the project (`deviceImeiAlreadyExists`), and each SIM may sit on at most one device
    (`deviceSimAlreadyUsed`). The device model is derived from the IMEI.

    Args:
        project (str): An opaque, case-sensitive object ID.
        idempotency_key (str | Unset):
        body (DeviceCreate): A new device. Give `imei`, `user` or both: a request with neither is
            answered 422. (The rule is
            stated here rather than as a schema combinator so that clients keep a typed body.) An
            unknown
            `user`, or a SIM that is not the project's, is answered 422 naming the property (`user`,
            `sims.<index>`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Device | Error]
    """

    kwargs = _get_kwargs(
        project=project,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    project: str,
    *,
    client: AuthenticatedClient | Client,
    body: DeviceCreate,
    idempotency_key: str | Unset = UNSET,
) -> Device | Error | None:
    """Create a device

     Registers a device in the project. At least one of `imei` or `user` must be given: a device with an
    IMEI and no user is a factory device, a device with a user and no IMEI is one whose IMEI is not
    known
    yet. A request with neither is answered 422. The IMEI must not already belong to another device of
    the project (`deviceImeiAlreadyExists`), and each SIM may sit on at most one device
    (`deviceSimAlreadyUsed`). The device model is derived from the IMEI.

    Args:
        project (str): An opaque, case-sensitive object ID.
        idempotency_key (str | Unset):
        body (DeviceCreate): A new device. Give `imei`, `user` or both: a request with neither is
            answered 422. (The rule is
            stated here rather than as a schema combinator so that clients keep a typed body.) An
            unknown
            `user`, or a SIM that is not the project's, is answered 422 naming the property (`user`,
            `sims.<index>`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Device | Error
    """

    return sync_detailed(
        project=project,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    project: str,
    *,
    client: AuthenticatedClient | Client,
    body: DeviceCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[Device | Error]:
    """Create a device

     Registers a device in the project. At least one of `imei` or `user` must be given: a device with an
    IMEI and no user is a factory device, a device with a user and no IMEI is one whose IMEI is not
    known
    yet. A request with neither is answered 422. The IMEI must not already belong to another device of
    the project (`deviceImeiAlreadyExists`), and each SIM may sit on at most one device
    (`deviceSimAlreadyUsed`). The device model is derived from the IMEI.

    Args:
        project (str): An opaque, case-sensitive object ID.
        idempotency_key (str | Unset):
        body (DeviceCreate): A new device. Give `imei`, `user` or both: a request with neither is
            answered 422. (The rule is
            stated here rather than as a schema combinator so that clients keep a typed body.) An
            unknown
            `user`, or a SIM that is not the project's, is answered 422 naming the property (`user`,
            `sims.<index>`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Device | Error]
    """

    kwargs = _get_kwargs(
        project=project,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project: str,
    *,
    client: AuthenticatedClient | Client,
    body: DeviceCreate,
    idempotency_key: str | Unset = UNSET,
) -> Device | Error | None:
    """Create a device

     Registers a device in the project. At least one of `imei` or `user` must be given: a device with an
    IMEI and no user is a factory device, a device with a user and no IMEI is one whose IMEI is not
    known
    yet. A request with neither is answered 422. The IMEI must not already belong to another device of
    the project (`deviceImeiAlreadyExists`), and each SIM may sit on at most one device
    (`deviceSimAlreadyUsed`). The device model is derived from the IMEI.

    Args:
        project (str): An opaque, case-sensitive object ID.
        idempotency_key (str | Unset):
        body (DeviceCreate): A new device. Give `imei`, `user` or both: a request with neither is
            answered 422. (The rule is
            stated here rather than as a schema combinator so that clients keep a typed body.) An
            unknown
            `user`, or a SIM that is not the project's, is answered 422 naming the property (`user`,
            `sims.<index>`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Device | Error
    """

    return (
        await asyncio_detailed(
            project=project,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
