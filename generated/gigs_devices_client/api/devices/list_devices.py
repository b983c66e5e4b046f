from http import HTTPStatus
from typing import Any
from urllib.parse import quote, urlencode

import httpx

from ...client import AuthenticatedClient, Client
from ...models.device_list import DeviceList
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    project: str,
    *,
    sim: str | Unset = UNSET,
    user: str | Unset = UNSET,
    after: str | Unset = UNSET,
    before: str | Unset = UNSET,
    limit: int | Unset = 10,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["sim"] = sim

    params["user"] = user

    params["after"] = after

    params["before"] = before

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _url = "/projects/{project}/devices".format(
        project=quote(str(project), safe="").replace(".", "%2E"),
    )
    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": _url + ("?" + urlencode(params, safe=",", quote_via=quote) if params else ""),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> DeviceList | Error:
    if response.status_code == 200:
        response_200 = DeviceList.from_json(response.content)
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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[DeviceList | Error]:
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
    sim: str | Unset = UNSET,
    user: str | Unset = UNSET,
    after: str | Unset = UNSET,
    before: str | Unset = UNSET,
    limit: int | Unset = 10,
) -> Response[DeviceList | Error]:
    """List devices

     Returns the project's devices, newest first. Narrow the list with `sim` or `user`; a filter that
    matches nothing answers an empty page rather than an error.

    Args:
        project (str): An opaque, case-sensitive object ID.
        sim (str | Unset): An opaque, case-sensitive object ID.
        user (str | Unset): An opaque, case-sensitive object ID.
        after (str | Unset): An opaque, case-sensitive object ID.
        before (str | Unset): An opaque, case-sensitive object ID.
        limit (int | Unset):  Default: 10.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeviceList | Error]
    """

    kwargs = _get_kwargs(
        project=project,
        sim=sim,
        user=user,
        after=after,
        before=before,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    project: str,
    *,
    client: AuthenticatedClient | Client,
    sim: str | Unset = UNSET,
    user: str | Unset = UNSET,
    after: str | Unset = UNSET,
    before: str | Unset = UNSET,
    limit: int | Unset = 10,
) -> DeviceList | Error | None:
    """List devices

     Returns the project's devices, newest first. Narrow the list with `sim` or `user`; a filter that
    matches nothing answers an empty page rather than an error.

    Args:
        project (str): An opaque, case-sensitive object ID.
        sim (str | Unset): An opaque, case-sensitive object ID.
        user (str | Unset): An opaque, case-sensitive object ID.
        after (str | Unset): An opaque, case-sensitive object ID.
        before (str | Unset): An opaque, case-sensitive object ID.
        limit (int | Unset):  Default: 10.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeviceList | Error
    """

    return sync_detailed(
        project=project,
        client=client,
        sim=sim,
        user=user,
        after=after,
        before=before,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    project: str,
    *,
    client: AuthenticatedClient | Client,
    sim: str | Unset = UNSET,
    user: str | Unset = UNSET,
    after: str | Unset = UNSET,
    before: str | Unset = UNSET,
    limit: int | Unset = 10,
) -> Response[DeviceList | Error]:
    """List devices

     Returns the project's devices, newest first. Narrow the list with `sim` or `user`; a filter that
    matches nothing answers an empty page rather than an error.

    Args:
        project (str): An opaque, case-sensitive object ID.
        sim (str | Unset): An opaque, case-sensitive object ID.
        user (str | Unset): An opaque, case-sensitive object ID.
        after (str | Unset): An opaque, case-sensitive object ID.
        before (str | Unset): An opaque, case-sensitive object ID.
        limit (int | Unset):  Default: 10.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeviceList | Error]
    """

    kwargs = _get_kwargs(
        project=project,
        sim=sim,
        user=user,
        after=after,
        before=before,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project: str,
    *,
    client: AuthenticatedClient | Client,
    sim: str | Unset = UNSET,
    user: str | Unset = UNSET,
    after: str | Unset = UNSET,
    before: str | Unset = UNSET,
    limit: int | Unset = 10,
) -> DeviceList | Error | None:
    """List devices

     Returns the project's devices, newest first. Narrow the list with `sim` or `user`; a filter that
    matches nothing answers an empty page rather than an error.

    Args:
        project (str): An opaque, case-sensitive object ID.
        sim (str | Unset): An opaque, case-sensitive object ID.
        user (str | Unset): An opaque, case-sensitive object ID.
        after (str | Unset): An opaque, case-sensitive object ID.
        before (str | Unset): An opaque, case-sensitive object ID.
        limit (int | Unset):  Default: 10.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeviceList | Error
    """

    return (
        await asyncio_detailed(
            project=project,
            client=client,
            sim=sim,
            user=user,
            after=after,
            before=before,
            limit=limit,
        )
    ).parsed
