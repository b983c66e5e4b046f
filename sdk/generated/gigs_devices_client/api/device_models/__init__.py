"""The device_models operations, and the SDK's resources for them (generated)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, Unpack

from ... import models
from ...client import (
    AsyncAPIResource,
    AsyncPage,
    AsyncPager,
    RawResponse,
    RequestOptions,
    SyncAPIResource,
    SyncPage,
    Values,
    arguments,
    as_enums,
    as_list,
    as_model,
    checked,
    listing,
    new_idempotency_key,
    path_value,
)
from ...types import UNSET, Unset
from . import list_device_model_brands, list_device_models, retrieve_device_model, search_device_models


class DeviceModels(SyncAPIResource):
    """`gigs.device_models`."""

    def list(
        self,
        *,
        type: Values[
            models.DeviceModelType
            | Literal[
                "car",
                "feature-phone",
                "iot",
                "laptop",
                "other",
                "router",
                "smartphone",
                "smartwatch",
                "tablet",
                "wearable",
            ]
        ]
        | Unset = UNSET,
        brand: Values[str] | Unset = UNSET,
        sim_type: Values[models.SimType | Literal["eSIM", "pSIM"]] | Unset = UNSET,
        hardware_identifier: Values[str] | Unset = UNSET,
        after: str | Unset = UNSET,
        before: str | Unset = UNSET,
        limit: int | Unset = UNSET,
        **options: Unpack[RequestOptions],
    ) -> SyncPage[models.DeviceModel]:
        """List device models

        Returns device models of the global catalogue, newest first. Each filter takes a comma-separated
        list of accepted values; a model is returned when it matches every filter given.

        Args:
            type: Return only models of these types: a list of values (sent comma-separated).
            brand: Return only models of these brands: a list of values (sent comma-separated). A comma
                inside a value is encoded for you.
            sim_type: Return only models that support one of these SIM types: a list of values (sent
                comma-separated).
            hardware_identifier: Return only models known by one of these hardware identifiers (such as
                Android's `Build.MODEL`): a list of values (sent comma-separated). A comma inside a value is
                encoded for you.
            after: Cursor: return only the items that come right after the item with this ID in the
                list's order. Pass the previous page's `moreItemsAfter`. Cannot be combined with `before`. A
                cursor naming an item deleted since keeps its place in the list; one that never named an
                item of this list is answered 422 naming `after`.
            before: Cursor: return only the items that come right before the item with this ID in the
                list's order. Pass the previous page's `moreItemsBefore`. Cannot be combined with `after`. A
                cursor naming an item deleted since keeps its place in the list; one that never named an
                item of this list is answered 422 naming `before`.
            limit: The largest number of items to return, from 0 to 200.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(
            options,
            "device_models.list",
            ("type", "brand", "sim_type", "hardware_identifier", "after", "before", "limit"),
        )
        arguments(
            self.list,
            "device_models.list",
            {
                "type": type,
                "brand": brand,
                "sim_type": sim_type,
                "hardware_identifier": hardware_identifier,
                "after": after,
                "before": before,
                "limit": limit,
            },
        )

        def fetch(**cursor: Any) -> dict[str, Any]:
            return list_device_models._get_kwargs(
                **{
                    **dict(
                        type_=UNSET if isinstance(type, Unset) else as_enums("type", models.DeviceModelType, type),
                        brand=UNSET if isinstance(brand, Unset) else as_list("brand", brand),
                        sim_type=UNSET
                        if isinstance(sim_type, Unset)
                        else as_enums("sim_type", models.SimType, sim_type),
                        hardware_identifier=UNSET
                        if isinstance(hardware_identifier, Unset)
                        else as_list("hardware_identifier", hardware_identifier),
                        after=after,
                        before=before,
                        limit=limit,
                    ),
                    **cursor,
                }
            )

        return self._client._get_page(
            fetch, fetch(), listing(models.DeviceModelList, models.DeviceModel._from_wire), options
        )

    def search(
        self,
        *,
        imei: str,
        idempotency_key: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> models.DeviceModelList:
        """Search device models by IMEI

        Finds the device models whose type allocation code (the first 8 digits of an IMEI) matches the
        given IMEI. The answer is a list envelope; it is not paginated further.

        Args:
            imei: An IMEI (international mobile equipment identity), 15 or 16 digits.
            idempotency_key: Sent as the `Idempotency-Key` header: a call repeated with the same key
                makes one change. The client sends a fresh key with each call when not given, and the same
                key on each retry of it.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(options, "device_models.search", ("imei", "idempotency_key"))
        arguments(self.search, "device_models.search", {"imei": imei, "idempotency_key": idempotency_key})
        kwargs = search_device_models._get_kwargs(
            body=models.DeviceModelSearch(imei=imei),
            idempotency_key=new_idempotency_key() if idempotency_key is None else idempotency_key,
        )
        return self._client._request(kwargs, models.DeviceModelList.from_json, options)

    def retrieve(
        self,
        device_model: str,
        **options: Unpack[RequestOptions],
    ) -> models.DeviceModel:
        """Retrieve a device model

        Returns one device model of the global catalogue.

        Args:
            device_model: The ID of a device model.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(options, "device_models.retrieve", ("device_model",))
        device_model = path_value("device_model", device_model)
        arguments(self.retrieve, "device_models.retrieve", {})
        kwargs = retrieve_device_model._get_kwargs(
            device_model=device_model,
        )
        return self._client._request(kwargs, models.DeviceModel.from_json, options)


class AsyncDeviceModels(AsyncAPIResource):
    """`gigs.device_models` (async)."""

    def list(
        self,
        *,
        type: Values[
            models.DeviceModelType
            | Literal[
                "car",
                "feature-phone",
                "iot",
                "laptop",
                "other",
                "router",
                "smartphone",
                "smartwatch",
                "tablet",
                "wearable",
            ]
        ]
        | Unset = UNSET,
        brand: Values[str] | Unset = UNSET,
        sim_type: Values[models.SimType | Literal["eSIM", "pSIM"]] | Unset = UNSET,
        hardware_identifier: Values[str] | Unset = UNSET,
        after: str | Unset = UNSET,
        before: str | Unset = UNSET,
        limit: int | Unset = UNSET,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[models.DeviceModel]:
        """List device models

        Returns device models of the global catalogue, newest first. Each filter takes a comma-separated
        list of accepted values; a model is returned when it matches every filter given.

        Args:
            type: Return only models of these types: a list of values (sent comma-separated).
            brand: Return only models of these brands: a list of values (sent comma-separated). A comma
                inside a value is encoded for you.
            sim_type: Return only models that support one of these SIM types: a list of values (sent
                comma-separated).
            hardware_identifier: Return only models known by one of these hardware identifiers (such as
                Android's `Build.MODEL`): a list of values (sent comma-separated). A comma inside a value is
                encoded for you.
            after: Cursor: return only the items that come right after the item with this ID in the
                list's order. Pass the previous page's `moreItemsAfter`. Cannot be combined with `before`. A
                cursor naming an item deleted since keeps its place in the list; one that never named an
                item of this list is answered 422 naming `after`.
            before: Cursor: return only the items that come right before the item with this ID in the
                list's order. Pass the previous page's `moreItemsBefore`. Cannot be combined with `after`. A
                cursor naming an item deleted since keeps its place in the list; one that never named an
                item of this list is answered 422 naming `before`.
            limit: The largest number of items to return, from 0 to 200.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(
            options,
            "device_models.list",
            ("type", "brand", "sim_type", "hardware_identifier", "after", "before", "limit"),
        )
        arguments(
            self.list,
            "device_models.list",
            {
                "type": type,
                "brand": brand,
                "sim_type": sim_type,
                "hardware_identifier": hardware_identifier,
                "after": after,
                "before": before,
                "limit": limit,
            },
        )

        def fetch(**cursor: Any) -> dict[str, Any]:
            return list_device_models._get_kwargs(
                **{
                    **dict(
                        type_=UNSET if isinstance(type, Unset) else as_enums("type", models.DeviceModelType, type),
                        brand=UNSET if isinstance(brand, Unset) else as_list("brand", brand),
                        sim_type=UNSET
                        if isinstance(sim_type, Unset)
                        else as_enums("sim_type", models.SimType, sim_type),
                        hardware_identifier=UNSET
                        if isinstance(hardware_identifier, Unset)
                        else as_list("hardware_identifier", hardware_identifier),
                        after=after,
                        before=before,
                        limit=limit,
                    ),
                    **cursor,
                }
            )

        return AsyncPager(
            lambda: self._client._get_page(
                fetch, fetch(), listing(models.DeviceModelList, models.DeviceModel._from_wire), options
            )
        )

    async def search(
        self,
        *,
        imei: str,
        idempotency_key: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> models.DeviceModelList:
        """Search device models by IMEI

        Finds the device models whose type allocation code (the first 8 digits of an IMEI) matches the
        given IMEI. The answer is a list envelope; it is not paginated further.

        Args:
            imei: An IMEI (international mobile equipment identity), 15 or 16 digits.
            idempotency_key: Sent as the `Idempotency-Key` header: a call repeated with the same key
                makes one change. The client sends a fresh key with each call when not given, and the same
                key on each retry of it.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(options, "device_models.search", ("imei", "idempotency_key"))
        arguments(self.search, "device_models.search", {"imei": imei, "idempotency_key": idempotency_key})
        kwargs = search_device_models._get_kwargs(
            body=models.DeviceModelSearch(imei=imei),
            idempotency_key=new_idempotency_key() if idempotency_key is None else idempotency_key,
        )
        return await self._client._request(kwargs, models.DeviceModelList.from_json, options)

    async def retrieve(
        self,
        device_model: str,
        **options: Unpack[RequestOptions],
    ) -> models.DeviceModel:
        """Retrieve a device model

        Returns one device model of the global catalogue.

        Args:
            device_model: The ID of a device model.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(options, "device_models.retrieve", ("device_model",))
        device_model = path_value("device_model", device_model)
        arguments(self.retrieve, "device_models.retrieve", {})
        kwargs = retrieve_device_model._get_kwargs(
            device_model=device_model,
        )
        return await self._client._request(kwargs, models.DeviceModel.from_json, options)


class DeviceModelsWithRawResponse(SyncAPIResource):
    """`gigs.with_raw_response.device_models`: each call answers a RawResponse (status, headers, parse())."""

    def list(
        self,
        *,
        type: Values[
            models.DeviceModelType
            | Literal[
                "car",
                "feature-phone",
                "iot",
                "laptop",
                "other",
                "router",
                "smartphone",
                "smartwatch",
                "tablet",
                "wearable",
            ]
        ]
        | Unset = UNSET,
        brand: Values[str] | Unset = UNSET,
        sim_type: Values[models.SimType | Literal["eSIM", "pSIM"]] | Unset = UNSET,
        hardware_identifier: Values[str] | Unset = UNSET,
        after: str | Unset = UNSET,
        before: str | Unset = UNSET,
        limit: int | Unset = UNSET,
        **options: Unpack[RequestOptions],
    ) -> RawResponse[SyncPage[models.DeviceModel]]:
        """List device models

        Returns device models of the global catalogue, newest first. Each filter takes a comma-separated
        list of accepted values; a model is returned when it matches every filter given.

        Args:
            type: Return only models of these types: a list of values (sent comma-separated).
            brand: Return only models of these brands: a list of values (sent comma-separated). A comma
                inside a value is encoded for you.
            sim_type: Return only models that support one of these SIM types: a list of values (sent
                comma-separated).
            hardware_identifier: Return only models known by one of these hardware identifiers (such as
                Android's `Build.MODEL`): a list of values (sent comma-separated). A comma inside a value is
                encoded for you.
            after: Cursor: return only the items that come right after the item with this ID in the
                list's order. Pass the previous page's `moreItemsAfter`. Cannot be combined with `before`. A
                cursor naming an item deleted since keeps its place in the list; one that never named an
                item of this list is answered 422 naming `after`.
            before: Cursor: return only the items that come right before the item with this ID in the
                list's order. Pass the previous page's `moreItemsBefore`. Cannot be combined with `after`. A
                cursor naming an item deleted since keeps its place in the list; one that never named an
                item of this list is answered 422 naming `before`.
            limit: The largest number of items to return, from 0 to 200.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(
            options,
            "device_models.list",
            ("type", "brand", "sim_type", "hardware_identifier", "after", "before", "limit"),
        )
        arguments(
            self.list,
            "device_models.list",
            {
                "type": type,
                "brand": brand,
                "sim_type": sim_type,
                "hardware_identifier": hardware_identifier,
                "after": after,
                "before": before,
                "limit": limit,
            },
        )

        def fetch(**cursor: Any) -> dict[str, Any]:
            return list_device_models._get_kwargs(
                **{
                    **dict(
                        type_=UNSET if isinstance(type, Unset) else as_enums("type", models.DeviceModelType, type),
                        brand=UNSET if isinstance(brand, Unset) else as_list("brand", brand),
                        sim_type=UNSET
                        if isinstance(sim_type, Unset)
                        else as_enums("sim_type", models.SimType, sim_type),
                        hardware_identifier=UNSET
                        if isinstance(hardware_identifier, Unset)
                        else as_list("hardware_identifier", hardware_identifier),
                        after=after,
                        before=before,
                        limit=limit,
                    ),
                    **cursor,
                }
            )

        return self._client._get_page_raw(
            fetch, fetch(), listing(models.DeviceModelList, models.DeviceModel._from_wire), options
        )

    def search(
        self,
        *,
        imei: str,
        idempotency_key: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RawResponse[models.DeviceModelList]:
        """Search device models by IMEI

        Finds the device models whose type allocation code (the first 8 digits of an IMEI) matches the
        given IMEI. The answer is a list envelope; it is not paginated further.

        Args:
            imei: An IMEI (international mobile equipment identity), 15 or 16 digits.
            idempotency_key: Sent as the `Idempotency-Key` header: a call repeated with the same key
                makes one change. The client sends a fresh key with each call when not given, and the same
                key on each retry of it.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(options, "device_models.search", ("imei", "idempotency_key"))
        arguments(self.search, "device_models.search", {"imei": imei, "idempotency_key": idempotency_key})
        kwargs = search_device_models._get_kwargs(
            body=models.DeviceModelSearch(imei=imei),
            idempotency_key=new_idempotency_key() if idempotency_key is None else idempotency_key,
        )
        return self._client._request_raw(kwargs, models.DeviceModelList.from_json, options)

    def retrieve(
        self,
        device_model: str,
        **options: Unpack[RequestOptions],
    ) -> RawResponse[models.DeviceModel]:
        """Retrieve a device model

        Returns one device model of the global catalogue.

        Args:
            device_model: The ID of a device model.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(options, "device_models.retrieve", ("device_model",))
        device_model = path_value("device_model", device_model)
        arguments(self.retrieve, "device_models.retrieve", {})
        kwargs = retrieve_device_model._get_kwargs(
            device_model=device_model,
        )
        return self._client._request_raw(kwargs, models.DeviceModel.from_json, options)


class AsyncDeviceModelsWithRawResponse(AsyncAPIResource):
    """`gigs.with_raw_response.device_models` (async): each call answers a RawResponse (status, headers, parse())."""

    async def list(
        self,
        *,
        type: Values[
            models.DeviceModelType
            | Literal[
                "car",
                "feature-phone",
                "iot",
                "laptop",
                "other",
                "router",
                "smartphone",
                "smartwatch",
                "tablet",
                "wearable",
            ]
        ]
        | Unset = UNSET,
        brand: Values[str] | Unset = UNSET,
        sim_type: Values[models.SimType | Literal["eSIM", "pSIM"]] | Unset = UNSET,
        hardware_identifier: Values[str] | Unset = UNSET,
        after: str | Unset = UNSET,
        before: str | Unset = UNSET,
        limit: int | Unset = UNSET,
        **options: Unpack[RequestOptions],
    ) -> RawResponse[AsyncPage[models.DeviceModel]]:
        """List device models

        Returns device models of the global catalogue, newest first. Each filter takes a comma-separated
        list of accepted values; a model is returned when it matches every filter given.

        Args:
            type: Return only models of these types: a list of values (sent comma-separated).
            brand: Return only models of these brands: a list of values (sent comma-separated). A comma
                inside a value is encoded for you.
            sim_type: Return only models that support one of these SIM types: a list of values (sent
                comma-separated).
            hardware_identifier: Return only models known by one of these hardware identifiers (such as
                Android's `Build.MODEL`): a list of values (sent comma-separated). A comma inside a value is
                encoded for you.
            after: Cursor: return only the items that come right after the item with this ID in the
                list's order. Pass the previous page's `moreItemsAfter`. Cannot be combined with `before`. A
                cursor naming an item deleted since keeps its place in the list; one that never named an
                item of this list is answered 422 naming `after`.
            before: Cursor: return only the items that come right before the item with this ID in the
                list's order. Pass the previous page's `moreItemsBefore`. Cannot be combined with `after`. A
                cursor naming an item deleted since keeps its place in the list; one that never named an
                item of this list is answered 422 naming `before`.
            limit: The largest number of items to return, from 0 to 200.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(
            options,
            "device_models.list",
            ("type", "brand", "sim_type", "hardware_identifier", "after", "before", "limit"),
        )
        arguments(
            self.list,
            "device_models.list",
            {
                "type": type,
                "brand": brand,
                "sim_type": sim_type,
                "hardware_identifier": hardware_identifier,
                "after": after,
                "before": before,
                "limit": limit,
            },
        )

        def fetch(**cursor: Any) -> dict[str, Any]:
            return list_device_models._get_kwargs(
                **{
                    **dict(
                        type_=UNSET if isinstance(type, Unset) else as_enums("type", models.DeviceModelType, type),
                        brand=UNSET if isinstance(brand, Unset) else as_list("brand", brand),
                        sim_type=UNSET
                        if isinstance(sim_type, Unset)
                        else as_enums("sim_type", models.SimType, sim_type),
                        hardware_identifier=UNSET
                        if isinstance(hardware_identifier, Unset)
                        else as_list("hardware_identifier", hardware_identifier),
                        after=after,
                        before=before,
                        limit=limit,
                    ),
                    **cursor,
                }
            )

        return await self._client._get_page_raw(
            fetch, fetch(), listing(models.DeviceModelList, models.DeviceModel._from_wire), options
        )

    async def search(
        self,
        *,
        imei: str,
        idempotency_key: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RawResponse[models.DeviceModelList]:
        """Search device models by IMEI

        Finds the device models whose type allocation code (the first 8 digits of an IMEI) matches the
        given IMEI. The answer is a list envelope; it is not paginated further.

        Args:
            imei: An IMEI (international mobile equipment identity), 15 or 16 digits.
            idempotency_key: Sent as the `Idempotency-Key` header: a call repeated with the same key
                makes one change. The client sends a fresh key with each call when not given, and the same
                key on each retry of it.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(options, "device_models.search", ("imei", "idempotency_key"))
        arguments(self.search, "device_models.search", {"imei": imei, "idempotency_key": idempotency_key})
        kwargs = search_device_models._get_kwargs(
            body=models.DeviceModelSearch(imei=imei),
            idempotency_key=new_idempotency_key() if idempotency_key is None else idempotency_key,
        )
        return await self._client._request_raw(kwargs, models.DeviceModelList.from_json, options)

    async def retrieve(
        self,
        device_model: str,
        **options: Unpack[RequestOptions],
    ) -> RawResponse[models.DeviceModel]:
        """Retrieve a device model

        Returns one device model of the global catalogue.

        Args:
            device_model: The ID of a device model.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(options, "device_models.retrieve", ("device_model",))
        device_model = path_value("device_model", device_model)
        arguments(self.retrieve, "device_models.retrieve", {})
        kwargs = retrieve_device_model._get_kwargs(
            device_model=device_model,
        )
        return await self._client._request_raw(kwargs, models.DeviceModel.from_json, options)


class DeviceModelBrands(SyncAPIResource):
    """`gigs.device_model_brands`."""

    def list(
        self,
        **options: Unpack[RequestOptions],
    ) -> models.DeviceModelBrands:
        """List device model brands

        Returns every brand of the device model catalogue, in alphabetical order, in one answer.

        Args:
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(options, "device_model_brands.list", ())
        arguments(self.list, "device_model_brands.list", {})
        kwargs = list_device_model_brands._get_kwargs()
        return self._client._request(kwargs, models.DeviceModelBrands.from_json, options)


class AsyncDeviceModelBrands(AsyncAPIResource):
    """`gigs.device_model_brands` (async)."""

    async def list(
        self,
        **options: Unpack[RequestOptions],
    ) -> models.DeviceModelBrands:
        """List device model brands

        Returns every brand of the device model catalogue, in alphabetical order, in one answer.

        Args:
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(options, "device_model_brands.list", ())
        arguments(self.list, "device_model_brands.list", {})
        kwargs = list_device_model_brands._get_kwargs()
        return await self._client._request(kwargs, models.DeviceModelBrands.from_json, options)


class DeviceModelBrandsWithRawResponse(SyncAPIResource):
    """`gigs.with_raw_response.device_model_brands`: each call answers a RawResponse (status, headers, parse())."""

    def list(
        self,
        **options: Unpack[RequestOptions],
    ) -> RawResponse[models.DeviceModelBrands]:
        """List device model brands

        Returns every brand of the device model catalogue, in alphabetical order, in one answer.

        Args:
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(options, "device_model_brands.list", ())
        arguments(self.list, "device_model_brands.list", {})
        kwargs = list_device_model_brands._get_kwargs()
        return self._client._request_raw(kwargs, models.DeviceModelBrands.from_json, options)


class AsyncDeviceModelBrandsWithRawResponse(AsyncAPIResource):
    """`gigs.with_raw_response.device_model_brands` (async): each call answers a RawResponse (status, headers, parse())."""

    async def list(
        self,
        **options: Unpack[RequestOptions],
    ) -> RawResponse[models.DeviceModelBrands]:
        """List device model brands

        Returns every brand of the device model catalogue, in alphabetical order, in one answer.

        Args:
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(options, "device_model_brands.list", ())
        arguments(self.list, "device_model_brands.list", {})
        kwargs = list_device_model_brands._get_kwargs()
        return await self._client._request_raw(kwargs, models.DeviceModelBrands.from_json, options)
