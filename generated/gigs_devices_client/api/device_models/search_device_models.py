from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.device_model_list import DeviceModelList
from ...models.device_model_search import DeviceModelSearch
from ...models.error import Error
from ...types import UNSET, Response, Unset


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
    body: DeviceModelSearch,
    idempotency_key: str | Unset = UNSET,
) -> Response[DeviceModelList | Error]:
    """Search device models by IMEI

     Finds the device models whose type allocation code (the first 8 digits of an IMEI) matches the
    given IMEI. The answer is a list envelope; it is not paginated further.

    Args:
        idempotency_key (str | Unset):
        body (DeviceModelSearch): What to look device models up by.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeviceModelList | Error]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: DeviceModelSearch,
    idempotency_key: str | Unset = UNSET,
) -> DeviceModelList | Error | None:
    """Search device models by IMEI

     Finds the device models whose type allocation code (the first 8 digits of an IMEI) matches the
    given IMEI. The answer is a list envelope; it is not paginated further.

    Args:
        idempotency_key (str | Unset):
        body (DeviceModelSearch): What to look device models up by.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeviceModelList | Error
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: DeviceModelSearch,
    idempotency_key: str | Unset = UNSET,
) -> Response[DeviceModelList | Error]:
    """Search device models by IMEI

     Finds the device models whose type allocation code (the first 8 digits of an IMEI) matches the
    given IMEI. The answer is a list envelope; it is not paginated further.

    Args:
        idempotency_key (str | Unset):
        body (DeviceModelSearch): What to look device models up by.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeviceModelList | Error]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: DeviceModelSearch,
    idempotency_key: str | Unset = UNSET,
) -> DeviceModelList | Error | None:
    """Search device models by IMEI

     Finds the device models whose type allocation code (the first 8 digits of an IMEI) matches the
    given IMEI. The answer is a list envelope; it is not paginated further.

    Args:
        idempotency_key (str | Unset):
        body (DeviceModelSearch): What to look device models up by.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeviceModelList | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
