"""The devices operations, and the SDK's resources for them (generated)."""

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
from . import create_device, delete_device, list_devices, retrieve_device, search_devices, update_device


class Devices(SyncAPIResource):
    """`gigs.devices`."""

    def list(
        self,
        *,
        sim: str | Unset = UNSET,
        user: str | Unset = UNSET,
        after: str | Unset = UNSET,
        before: str | Unset = UNSET,
        limit: int | Unset = UNSET,
        project: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> SyncPage[models.Device]:
        """List devices

        Returns the project's devices, newest first. Narrow the list with `sim` or `user`; a filter that
        matches nothing answers an empty page rather than an error.

        Args:
            sim: Return only the devices this SIM is attached to.
            user: Return only the devices owned by this user.
            after: Cursor: return only the items that come right after the item with this ID in the
                list's order. Pass the previous page's `moreItemsAfter`. Cannot be combined with `before`. A
                cursor naming an item deleted since keeps its place in the list; one that never named an
                item of this list is answered 422 naming `after`.
            before: Cursor: return only the items that come right before the item with this ID in the
                list's order. Pass the previous page's `moreItemsBefore`. Cannot be combined with `after`. A
                cursor naming an item deleted since keeps its place in the list; one that never named an
                item of this list is answered 422 naming `before`.
            limit: The largest number of items to return, from 0 to 200.
            project: The project's ID; the client's `project` when not given.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(options, "devices.list", ("sim", "user", "after", "before", "limit", "project"))
        arguments(
            self.list,
            "devices.list",
            {"sim": sim, "user": user, "after": after, "before": before, "limit": limit, "project": project},
        )

        def fetch(**cursor: Any) -> dict[str, Any]:
            return list_devices._get_kwargs(
                **{
                    **dict(
                        project=self._client._project(project),
                        sim=sim,
                        user=user,
                        after=after,
                        before=before,
                        limit=limit,
                    ),
                    **cursor,
                }
            )

        return self._client._get_page(fetch, fetch(), listing(models.DeviceList, models.Device._from_wire), options)

    def create(
        self,
        *,
        imei: str | Unset = UNSET,
        user: str | Unset = UNSET,
        sims: Values[str] | Unset = UNSET,
        name: None | str | Unset = UNSET,
        metadata: models.MetadataUpdate | Mapping[str, Any] | Unset = UNSET,
        project: str | None = None,
        idempotency_key: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> models.Device:
        """Create a device

        Registers a device in the project. At least one of `imei` or `user` must be given: a device with
        an IMEI and no user is a factory device, a device with a user and no IMEI is one whose IMEI is
        not known yet. A request with neither is answered 422. The IMEI must not already belong to
        another device of the project (`deviceImeiAlreadyExists`), and each SIM may sit on at most one
        device (`deviceSimAlreadyUsed`). The device model is derived from the IMEI.

        Args:
            imei: An IMEI (international mobile equipment identity), 15 or 16 digits.
            user: The ID of the user who owns the device.
            sims: The IDs of the SIMs to attach. Each SIM may be attached to one device only.
            name: A name of the project's choosing for the device.
            metadata: Changes to metadata, merged into what is stored: a string value sets the key (the
                empty string is a value), `null` deletes the key, and keys not named are left alone. `{}`
                changes nothing. The limit of 10 keys applies to the result, not to the update: an update
                may name more keys (delete ten, set one); a result past 10 is answered 422 naming
                `metadata`. Keys beginning `gigs.com` cannot be written.
            project: The project's ID; the client's `project` when not given.
            idempotency_key: Sent as the `Idempotency-Key` header: a call repeated with the same key
                makes one change. The client sends a fresh key with each call when not given, and the same
                key on each retry of it.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(
            options, "devices.create", ("imei", "user", "sims", "name", "metadata", "project", "idempotency_key")
        )
        arguments(
            self.create,
            "devices.create",
            {
                "imei": imei,
                "user": user,
                "sims": sims,
                "name": name,
                "metadata": metadata,
                "project": project,
                "idempotency_key": idempotency_key,
            },
        )
        kwargs = create_device._get_kwargs(
            project=self._client._project(project),
            body=models.DeviceCreate(
                imei=imei,
                user=user,
                sims=UNSET if isinstance(sims, Unset) else as_list("sims", sims),
                name=name,
                metadata=as_model(models.MetadataUpdate, metadata),
            ),
            idempotency_key=new_idempotency_key() if idempotency_key is None else idempotency_key,
        )
        return self._client._request(kwargs, models.Device.from_json, options)

    def search(
        self,
        *,
        imei: str,
        project: str | None = None,
        idempotency_key: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> models.DeviceList:
        """Search devices by IMEI

        Finds devices with the given IMEI. Only factory devices (no user yet) and devices owned by users
        of this project are returned. The answer is a list envelope; it is not paginated further.

        Args:
            imei: An IMEI (international mobile equipment identity), 15 or 16 digits.
            project: The project's ID; the client's `project` when not given.
            idempotency_key: Sent as the `Idempotency-Key` header: a call repeated with the same key
                makes one change. The client sends a fresh key with each call when not given, and the same
                key on each retry of it.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(options, "devices.search", ("imei", "project", "idempotency_key"))
        arguments(self.search, "devices.search", {"imei": imei, "project": project, "idempotency_key": idempotency_key})
        kwargs = search_devices._get_kwargs(
            project=self._client._project(project),
            body=models.DeviceSearch(imei=imei),
            idempotency_key=new_idempotency_key() if idempotency_key is None else idempotency_key,
        )
        return self._client._request(kwargs, models.DeviceList.from_json, options)

    def retrieve(
        self,
        device: str,
        *,
        project: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> models.Device:
        """Retrieve a device

        Returns one device of the project, with its model, SIMs and owner embedded.

        Args:
            device: The ID of a device of the project.
            project: The project's ID; the client's `project` when not given.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(options, "devices.retrieve", ("device", "project"))
        device = path_value("device", device)
        arguments(self.retrieve, "devices.retrieve", {"project": project})
        kwargs = retrieve_device._get_kwargs(
            project=self._client._project(project),
            device=device,
        )
        return self._client._request(kwargs, models.Device.from_json, options)

    def delete(
        self,
        device: str,
        *,
        project: str | None = None,
        idempotency_key: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> models.Device:
        """Delete a device

        Deletes a device and answers with the device as it was just before deletion.

        Args:
            device: The ID of a device of the project.
            project: The project's ID; the client's `project` when not given.
            idempotency_key: Sent as the `Idempotency-Key` header: a call repeated with the same key
                makes one change. The client sends a fresh key with each call when not given, and the same
                key on each retry of it.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(options, "devices.delete", ("device", "project", "idempotency_key"))
        device = path_value("device", device)
        arguments(self.delete, "devices.delete", {"project": project, "idempotency_key": idempotency_key})
        kwargs = delete_device._get_kwargs(
            project=self._client._project(project),
            device=device,
            idempotency_key=new_idempotency_key() if idempotency_key is None else idempotency_key,
        )
        return self._client._request(kwargs, models.Device.from_json, options)

    def update(
        self,
        device: str,
        *,
        name: None | str | Unset = UNSET,
        sims: Values[str] | Unset = UNSET,
        user: None | str | Unset = UNSET,
        metadata: models.MetadataUpdate | Mapping[str, Any] | Unset = UNSET,
        project: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> models.Device:
        """Update a device

        Changes the given fields of a device and leaves the others as they are. `sims` replaces the
        whole list of attached SIMs (`[]` detaches all); `user: null` unassigns the owner; `metadata` is
        merged key by key (a `null` value deletes a key).

        Args:
            device: The ID of a device of the project.
            name: A new name, or `null` to remove the name.
            sims: The full list of SIM IDs to have attached from now on; `[]` detaches every SIM.
            user: The ID of the new owner, or `null` to unassign the device.
            metadata: Changes to metadata, merged into what is stored: a string value sets the key (the
                empty string is a value), `null` deletes the key, and keys not named are left alone. `{}`
                changes nothing. The limit of 10 keys applies to the result, not to the update: an update
                may name more keys (delete ten, set one); a result past 10 is answered 422 naming
                `metadata`. Keys beginning `gigs.com` cannot be written.
            project: The project's ID; the client's `project` when not given.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(options, "devices.update", ("device", "name", "sims", "user", "metadata", "project"))
        device = path_value("device", device)
        arguments(
            self.update,
            "devices.update",
            {"name": name, "sims": sims, "user": user, "metadata": metadata, "project": project},
        )
        kwargs = update_device._get_kwargs(
            project=self._client._project(project),
            device=device,
            body=models.DeviceUpdate(
                name=name,
                sims=UNSET if isinstance(sims, Unset) else as_list("sims", sims),
                user=user,
                metadata=as_model(models.MetadataUpdate, metadata),
            ),
        )
        return self._client._request(kwargs, models.Device.from_json, options)


class AsyncDevices(AsyncAPIResource):
    """`gigs.devices` (async)."""

    def list(
        self,
        *,
        sim: str | Unset = UNSET,
        user: str | Unset = UNSET,
        after: str | Unset = UNSET,
        before: str | Unset = UNSET,
        limit: int | Unset = UNSET,
        project: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[models.Device]:
        """List devices

        Returns the project's devices, newest first. Narrow the list with `sim` or `user`; a filter that
        matches nothing answers an empty page rather than an error.

        Args:
            sim: Return only the devices this SIM is attached to.
            user: Return only the devices owned by this user.
            after: Cursor: return only the items that come right after the item with this ID in the
                list's order. Pass the previous page's `moreItemsAfter`. Cannot be combined with `before`. A
                cursor naming an item deleted since keeps its place in the list; one that never named an
                item of this list is answered 422 naming `after`.
            before: Cursor: return only the items that come right before the item with this ID in the
                list's order. Pass the previous page's `moreItemsBefore`. Cannot be combined with `after`. A
                cursor naming an item deleted since keeps its place in the list; one that never named an
                item of this list is answered 422 naming `before`.
            limit: The largest number of items to return, from 0 to 200.
            project: The project's ID; the client's `project` when not given.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(options, "devices.list", ("sim", "user", "after", "before", "limit", "project"))
        arguments(
            self.list,
            "devices.list",
            {"sim": sim, "user": user, "after": after, "before": before, "limit": limit, "project": project},
        )

        def fetch(**cursor: Any) -> dict[str, Any]:
            return list_devices._get_kwargs(
                **{
                    **dict(
                        project=self._client._project(project),
                        sim=sim,
                        user=user,
                        after=after,
                        before=before,
                        limit=limit,
                    ),
                    **cursor,
                }
            )

        return AsyncPager(
            lambda: self._client._get_page(
                fetch, fetch(), listing(models.DeviceList, models.Device._from_wire), options
            )
        )

    async def create(
        self,
        *,
        imei: str | Unset = UNSET,
        user: str | Unset = UNSET,
        sims: Values[str] | Unset = UNSET,
        name: None | str | Unset = UNSET,
        metadata: models.MetadataUpdate | Mapping[str, Any] | Unset = UNSET,
        project: str | None = None,
        idempotency_key: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> models.Device:
        """Create a device

        Registers a device in the project. At least one of `imei` or `user` must be given: a device with
        an IMEI and no user is a factory device, a device with a user and no IMEI is one whose IMEI is
        not known yet. A request with neither is answered 422. The IMEI must not already belong to
        another device of the project (`deviceImeiAlreadyExists`), and each SIM may sit on at most one
        device (`deviceSimAlreadyUsed`). The device model is derived from the IMEI.

        Args:
            imei: An IMEI (international mobile equipment identity), 15 or 16 digits.
            user: The ID of the user who owns the device.
            sims: The IDs of the SIMs to attach. Each SIM may be attached to one device only.
            name: A name of the project's choosing for the device.
            metadata: Changes to metadata, merged into what is stored: a string value sets the key (the
                empty string is a value), `null` deletes the key, and keys not named are left alone. `{}`
                changes nothing. The limit of 10 keys applies to the result, not to the update: an update
                may name more keys (delete ten, set one); a result past 10 is answered 422 naming
                `metadata`. Keys beginning `gigs.com` cannot be written.
            project: The project's ID; the client's `project` when not given.
            idempotency_key: Sent as the `Idempotency-Key` header: a call repeated with the same key
                makes one change. The client sends a fresh key with each call when not given, and the same
                key on each retry of it.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(
            options, "devices.create", ("imei", "user", "sims", "name", "metadata", "project", "idempotency_key")
        )
        arguments(
            self.create,
            "devices.create",
            {
                "imei": imei,
                "user": user,
                "sims": sims,
                "name": name,
                "metadata": metadata,
                "project": project,
                "idempotency_key": idempotency_key,
            },
        )
        kwargs = create_device._get_kwargs(
            project=self._client._project(project),
            body=models.DeviceCreate(
                imei=imei,
                user=user,
                sims=UNSET if isinstance(sims, Unset) else as_list("sims", sims),
                name=name,
                metadata=as_model(models.MetadataUpdate, metadata),
            ),
            idempotency_key=new_idempotency_key() if idempotency_key is None else idempotency_key,
        )
        return await self._client._request(kwargs, models.Device.from_json, options)

    async def search(
        self,
        *,
        imei: str,
        project: str | None = None,
        idempotency_key: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> models.DeviceList:
        """Search devices by IMEI

        Finds devices with the given IMEI. Only factory devices (no user yet) and devices owned by users
        of this project are returned. The answer is a list envelope; it is not paginated further.

        Args:
            imei: An IMEI (international mobile equipment identity), 15 or 16 digits.
            project: The project's ID; the client's `project` when not given.
            idempotency_key: Sent as the `Idempotency-Key` header: a call repeated with the same key
                makes one change. The client sends a fresh key with each call when not given, and the same
                key on each retry of it.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(options, "devices.search", ("imei", "project", "idempotency_key"))
        arguments(self.search, "devices.search", {"imei": imei, "project": project, "idempotency_key": idempotency_key})
        kwargs = search_devices._get_kwargs(
            project=self._client._project(project),
            body=models.DeviceSearch(imei=imei),
            idempotency_key=new_idempotency_key() if idempotency_key is None else idempotency_key,
        )
        return await self._client._request(kwargs, models.DeviceList.from_json, options)

    async def retrieve(
        self,
        device: str,
        *,
        project: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> models.Device:
        """Retrieve a device

        Returns one device of the project, with its model, SIMs and owner embedded.

        Args:
            device: The ID of a device of the project.
            project: The project's ID; the client's `project` when not given.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(options, "devices.retrieve", ("device", "project"))
        device = path_value("device", device)
        arguments(self.retrieve, "devices.retrieve", {"project": project})
        kwargs = retrieve_device._get_kwargs(
            project=self._client._project(project),
            device=device,
        )
        return await self._client._request(kwargs, models.Device.from_json, options)

    async def delete(
        self,
        device: str,
        *,
        project: str | None = None,
        idempotency_key: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> models.Device:
        """Delete a device

        Deletes a device and answers with the device as it was just before deletion.

        Args:
            device: The ID of a device of the project.
            project: The project's ID; the client's `project` when not given.
            idempotency_key: Sent as the `Idempotency-Key` header: a call repeated with the same key
                makes one change. The client sends a fresh key with each call when not given, and the same
                key on each retry of it.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(options, "devices.delete", ("device", "project", "idempotency_key"))
        device = path_value("device", device)
        arguments(self.delete, "devices.delete", {"project": project, "idempotency_key": idempotency_key})
        kwargs = delete_device._get_kwargs(
            project=self._client._project(project),
            device=device,
            idempotency_key=new_idempotency_key() if idempotency_key is None else idempotency_key,
        )
        return await self._client._request(kwargs, models.Device.from_json, options)

    async def update(
        self,
        device: str,
        *,
        name: None | str | Unset = UNSET,
        sims: Values[str] | Unset = UNSET,
        user: None | str | Unset = UNSET,
        metadata: models.MetadataUpdate | Mapping[str, Any] | Unset = UNSET,
        project: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> models.Device:
        """Update a device

        Changes the given fields of a device and leaves the others as they are. `sims` replaces the
        whole list of attached SIMs (`[]` detaches all); `user: null` unassigns the owner; `metadata` is
        merged key by key (a `null` value deletes a key).

        Args:
            device: The ID of a device of the project.
            name: A new name, or `null` to remove the name.
            sims: The full list of SIM IDs to have attached from now on; `[]` detaches every SIM.
            user: The ID of the new owner, or `null` to unassign the device.
            metadata: Changes to metadata, merged into what is stored: a string value sets the key (the
                empty string is a value), `null` deletes the key, and keys not named are left alone. `{}`
                changes nothing. The limit of 10 keys applies to the result, not to the update: an update
                may name more keys (delete ten, set one); a result past 10 is answered 422 naming
                `metadata`. Keys beginning `gigs.com` cannot be written.
            project: The project's ID; the client's `project` when not given.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(options, "devices.update", ("device", "name", "sims", "user", "metadata", "project"))
        device = path_value("device", device)
        arguments(
            self.update,
            "devices.update",
            {"name": name, "sims": sims, "user": user, "metadata": metadata, "project": project},
        )
        kwargs = update_device._get_kwargs(
            project=self._client._project(project),
            device=device,
            body=models.DeviceUpdate(
                name=name,
                sims=UNSET if isinstance(sims, Unset) else as_list("sims", sims),
                user=user,
                metadata=as_model(models.MetadataUpdate, metadata),
            ),
        )
        return await self._client._request(kwargs, models.Device.from_json, options)


class DevicesWithRawResponse(SyncAPIResource):
    """`gigs.with_raw_response.devices`: each call answers a RawResponse (status, headers, parse())."""

    def list(
        self,
        *,
        sim: str | Unset = UNSET,
        user: str | Unset = UNSET,
        after: str | Unset = UNSET,
        before: str | Unset = UNSET,
        limit: int | Unset = UNSET,
        project: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RawResponse[SyncPage[models.Device]]:
        """List devices

        Returns the project's devices, newest first. Narrow the list with `sim` or `user`; a filter that
        matches nothing answers an empty page rather than an error.

        Args:
            sim: Return only the devices this SIM is attached to.
            user: Return only the devices owned by this user.
            after: Cursor: return only the items that come right after the item with this ID in the
                list's order. Pass the previous page's `moreItemsAfter`. Cannot be combined with `before`. A
                cursor naming an item deleted since keeps its place in the list; one that never named an
                item of this list is answered 422 naming `after`.
            before: Cursor: return only the items that come right before the item with this ID in the
                list's order. Pass the previous page's `moreItemsBefore`. Cannot be combined with `after`. A
                cursor naming an item deleted since keeps its place in the list; one that never named an
                item of this list is answered 422 naming `before`.
            limit: The largest number of items to return, from 0 to 200.
            project: The project's ID; the client's `project` when not given.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(options, "devices.list", ("sim", "user", "after", "before", "limit", "project"))
        arguments(
            self.list,
            "devices.list",
            {"sim": sim, "user": user, "after": after, "before": before, "limit": limit, "project": project},
        )

        def fetch(**cursor: Any) -> dict[str, Any]:
            return list_devices._get_kwargs(
                **{
                    **dict(
                        project=self._client._project(project),
                        sim=sim,
                        user=user,
                        after=after,
                        before=before,
                        limit=limit,
                    ),
                    **cursor,
                }
            )

        return self._client._get_page_raw(fetch, fetch(), listing(models.DeviceList, models.Device._from_wire), options)

    def create(
        self,
        *,
        imei: str | Unset = UNSET,
        user: str | Unset = UNSET,
        sims: Values[str] | Unset = UNSET,
        name: None | str | Unset = UNSET,
        metadata: models.MetadataUpdate | Mapping[str, Any] | Unset = UNSET,
        project: str | None = None,
        idempotency_key: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RawResponse[models.Device]:
        """Create a device

        Registers a device in the project. At least one of `imei` or `user` must be given: a device with
        an IMEI and no user is a factory device, a device with a user and no IMEI is one whose IMEI is
        not known yet. A request with neither is answered 422. The IMEI must not already belong to
        another device of the project (`deviceImeiAlreadyExists`), and each SIM may sit on at most one
        device (`deviceSimAlreadyUsed`). The device model is derived from the IMEI.

        Args:
            imei: An IMEI (international mobile equipment identity), 15 or 16 digits.
            user: The ID of the user who owns the device.
            sims: The IDs of the SIMs to attach. Each SIM may be attached to one device only.
            name: A name of the project's choosing for the device.
            metadata: Changes to metadata, merged into what is stored: a string value sets the key (the
                empty string is a value), `null` deletes the key, and keys not named are left alone. `{}`
                changes nothing. The limit of 10 keys applies to the result, not to the update: an update
                may name more keys (delete ten, set one); a result past 10 is answered 422 naming
                `metadata`. Keys beginning `gigs.com` cannot be written.
            project: The project's ID; the client's `project` when not given.
            idempotency_key: Sent as the `Idempotency-Key` header: a call repeated with the same key
                makes one change. The client sends a fresh key with each call when not given, and the same
                key on each retry of it.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(
            options, "devices.create", ("imei", "user", "sims", "name", "metadata", "project", "idempotency_key")
        )
        arguments(
            self.create,
            "devices.create",
            {
                "imei": imei,
                "user": user,
                "sims": sims,
                "name": name,
                "metadata": metadata,
                "project": project,
                "idempotency_key": idempotency_key,
            },
        )
        kwargs = create_device._get_kwargs(
            project=self._client._project(project),
            body=models.DeviceCreate(
                imei=imei,
                user=user,
                sims=UNSET if isinstance(sims, Unset) else as_list("sims", sims),
                name=name,
                metadata=as_model(models.MetadataUpdate, metadata),
            ),
            idempotency_key=new_idempotency_key() if idempotency_key is None else idempotency_key,
        )
        return self._client._request_raw(kwargs, models.Device.from_json, options)

    def search(
        self,
        *,
        imei: str,
        project: str | None = None,
        idempotency_key: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RawResponse[models.DeviceList]:
        """Search devices by IMEI

        Finds devices with the given IMEI. Only factory devices (no user yet) and devices owned by users
        of this project are returned. The answer is a list envelope; it is not paginated further.

        Args:
            imei: An IMEI (international mobile equipment identity), 15 or 16 digits.
            project: The project's ID; the client's `project` when not given.
            idempotency_key: Sent as the `Idempotency-Key` header: a call repeated with the same key
                makes one change. The client sends a fresh key with each call when not given, and the same
                key on each retry of it.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(options, "devices.search", ("imei", "project", "idempotency_key"))
        arguments(self.search, "devices.search", {"imei": imei, "project": project, "idempotency_key": idempotency_key})
        kwargs = search_devices._get_kwargs(
            project=self._client._project(project),
            body=models.DeviceSearch(imei=imei),
            idempotency_key=new_idempotency_key() if idempotency_key is None else idempotency_key,
        )
        return self._client._request_raw(kwargs, models.DeviceList.from_json, options)

    def retrieve(
        self,
        device: str,
        *,
        project: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RawResponse[models.Device]:
        """Retrieve a device

        Returns one device of the project, with its model, SIMs and owner embedded.

        Args:
            device: The ID of a device of the project.
            project: The project's ID; the client's `project` when not given.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(options, "devices.retrieve", ("device", "project"))
        device = path_value("device", device)
        arguments(self.retrieve, "devices.retrieve", {"project": project})
        kwargs = retrieve_device._get_kwargs(
            project=self._client._project(project),
            device=device,
        )
        return self._client._request_raw(kwargs, models.Device.from_json, options)

    def delete(
        self,
        device: str,
        *,
        project: str | None = None,
        idempotency_key: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RawResponse[models.Device]:
        """Delete a device

        Deletes a device and answers with the device as it was just before deletion.

        Args:
            device: The ID of a device of the project.
            project: The project's ID; the client's `project` when not given.
            idempotency_key: Sent as the `Idempotency-Key` header: a call repeated with the same key
                makes one change. The client sends a fresh key with each call when not given, and the same
                key on each retry of it.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(options, "devices.delete", ("device", "project", "idempotency_key"))
        device = path_value("device", device)
        arguments(self.delete, "devices.delete", {"project": project, "idempotency_key": idempotency_key})
        kwargs = delete_device._get_kwargs(
            project=self._client._project(project),
            device=device,
            idempotency_key=new_idempotency_key() if idempotency_key is None else idempotency_key,
        )
        return self._client._request_raw(kwargs, models.Device.from_json, options)

    def update(
        self,
        device: str,
        *,
        name: None | str | Unset = UNSET,
        sims: Values[str] | Unset = UNSET,
        user: None | str | Unset = UNSET,
        metadata: models.MetadataUpdate | Mapping[str, Any] | Unset = UNSET,
        project: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RawResponse[models.Device]:
        """Update a device

        Changes the given fields of a device and leaves the others as they are. `sims` replaces the
        whole list of attached SIMs (`[]` detaches all); `user: null` unassigns the owner; `metadata` is
        merged key by key (a `null` value deletes a key).

        Args:
            device: The ID of a device of the project.
            name: A new name, or `null` to remove the name.
            sims: The full list of SIM IDs to have attached from now on; `[]` detaches every SIM.
            user: The ID of the new owner, or `null` to unassign the device.
            metadata: Changes to metadata, merged into what is stored: a string value sets the key (the
                empty string is a value), `null` deletes the key, and keys not named are left alone. `{}`
                changes nothing. The limit of 10 keys applies to the result, not to the update: an update
                may name more keys (delete ten, set one); a result past 10 is answered 422 naming
                `metadata`. Keys beginning `gigs.com` cannot be written.
            project: The project's ID; the client's `project` when not given.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(options, "devices.update", ("device", "name", "sims", "user", "metadata", "project"))
        device = path_value("device", device)
        arguments(
            self.update,
            "devices.update",
            {"name": name, "sims": sims, "user": user, "metadata": metadata, "project": project},
        )
        kwargs = update_device._get_kwargs(
            project=self._client._project(project),
            device=device,
            body=models.DeviceUpdate(
                name=name,
                sims=UNSET if isinstance(sims, Unset) else as_list("sims", sims),
                user=user,
                metadata=as_model(models.MetadataUpdate, metadata),
            ),
        )
        return self._client._request_raw(kwargs, models.Device.from_json, options)


class AsyncDevicesWithRawResponse(AsyncAPIResource):
    """`gigs.with_raw_response.devices` (async): each call answers a RawResponse (status, headers, parse())."""

    async def list(
        self,
        *,
        sim: str | Unset = UNSET,
        user: str | Unset = UNSET,
        after: str | Unset = UNSET,
        before: str | Unset = UNSET,
        limit: int | Unset = UNSET,
        project: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RawResponse[AsyncPage[models.Device]]:
        """List devices

        Returns the project's devices, newest first. Narrow the list with `sim` or `user`; a filter that
        matches nothing answers an empty page rather than an error.

        Args:
            sim: Return only the devices this SIM is attached to.
            user: Return only the devices owned by this user.
            after: Cursor: return only the items that come right after the item with this ID in the
                list's order. Pass the previous page's `moreItemsAfter`. Cannot be combined with `before`. A
                cursor naming an item deleted since keeps its place in the list; one that never named an
                item of this list is answered 422 naming `after`.
            before: Cursor: return only the items that come right before the item with this ID in the
                list's order. Pass the previous page's `moreItemsBefore`. Cannot be combined with `after`. A
                cursor naming an item deleted since keeps its place in the list; one that never named an
                item of this list is answered 422 naming `before`.
            limit: The largest number of items to return, from 0 to 200.
            project: The project's ID; the client's `project` when not given.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(options, "devices.list", ("sim", "user", "after", "before", "limit", "project"))
        arguments(
            self.list,
            "devices.list",
            {"sim": sim, "user": user, "after": after, "before": before, "limit": limit, "project": project},
        )

        def fetch(**cursor: Any) -> dict[str, Any]:
            return list_devices._get_kwargs(
                **{
                    **dict(
                        project=self._client._project(project),
                        sim=sim,
                        user=user,
                        after=after,
                        before=before,
                        limit=limit,
                    ),
                    **cursor,
                }
            )

        return await self._client._get_page_raw(
            fetch, fetch(), listing(models.DeviceList, models.Device._from_wire), options
        )

    async def create(
        self,
        *,
        imei: str | Unset = UNSET,
        user: str | Unset = UNSET,
        sims: Values[str] | Unset = UNSET,
        name: None | str | Unset = UNSET,
        metadata: models.MetadataUpdate | Mapping[str, Any] | Unset = UNSET,
        project: str | None = None,
        idempotency_key: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RawResponse[models.Device]:
        """Create a device

        Registers a device in the project. At least one of `imei` or `user` must be given: a device with
        an IMEI and no user is a factory device, a device with a user and no IMEI is one whose IMEI is
        not known yet. A request with neither is answered 422. The IMEI must not already belong to
        another device of the project (`deviceImeiAlreadyExists`), and each SIM may sit on at most one
        device (`deviceSimAlreadyUsed`). The device model is derived from the IMEI.

        Args:
            imei: An IMEI (international mobile equipment identity), 15 or 16 digits.
            user: The ID of the user who owns the device.
            sims: The IDs of the SIMs to attach. Each SIM may be attached to one device only.
            name: A name of the project's choosing for the device.
            metadata: Changes to metadata, merged into what is stored: a string value sets the key (the
                empty string is a value), `null` deletes the key, and keys not named are left alone. `{}`
                changes nothing. The limit of 10 keys applies to the result, not to the update: an update
                may name more keys (delete ten, set one); a result past 10 is answered 422 naming
                `metadata`. Keys beginning `gigs.com` cannot be written.
            project: The project's ID; the client's `project` when not given.
            idempotency_key: Sent as the `Idempotency-Key` header: a call repeated with the same key
                makes one change. The client sends a fresh key with each call when not given, and the same
                key on each retry of it.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(
            options, "devices.create", ("imei", "user", "sims", "name", "metadata", "project", "idempotency_key")
        )
        arguments(
            self.create,
            "devices.create",
            {
                "imei": imei,
                "user": user,
                "sims": sims,
                "name": name,
                "metadata": metadata,
                "project": project,
                "idempotency_key": idempotency_key,
            },
        )
        kwargs = create_device._get_kwargs(
            project=self._client._project(project),
            body=models.DeviceCreate(
                imei=imei,
                user=user,
                sims=UNSET if isinstance(sims, Unset) else as_list("sims", sims),
                name=name,
                metadata=as_model(models.MetadataUpdate, metadata),
            ),
            idempotency_key=new_idempotency_key() if idempotency_key is None else idempotency_key,
        )
        return await self._client._request_raw(kwargs, models.Device.from_json, options)

    async def search(
        self,
        *,
        imei: str,
        project: str | None = None,
        idempotency_key: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RawResponse[models.DeviceList]:
        """Search devices by IMEI

        Finds devices with the given IMEI. Only factory devices (no user yet) and devices owned by users
        of this project are returned. The answer is a list envelope; it is not paginated further.

        Args:
            imei: An IMEI (international mobile equipment identity), 15 or 16 digits.
            project: The project's ID; the client's `project` when not given.
            idempotency_key: Sent as the `Idempotency-Key` header: a call repeated with the same key
                makes one change. The client sends a fresh key with each call when not given, and the same
                key on each retry of it.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(options, "devices.search", ("imei", "project", "idempotency_key"))
        arguments(self.search, "devices.search", {"imei": imei, "project": project, "idempotency_key": idempotency_key})
        kwargs = search_devices._get_kwargs(
            project=self._client._project(project),
            body=models.DeviceSearch(imei=imei),
            idempotency_key=new_idempotency_key() if idempotency_key is None else idempotency_key,
        )
        return await self._client._request_raw(kwargs, models.DeviceList.from_json, options)

    async def retrieve(
        self,
        device: str,
        *,
        project: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RawResponse[models.Device]:
        """Retrieve a device

        Returns one device of the project, with its model, SIMs and owner embedded.

        Args:
            device: The ID of a device of the project.
            project: The project's ID; the client's `project` when not given.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(options, "devices.retrieve", ("device", "project"))
        device = path_value("device", device)
        arguments(self.retrieve, "devices.retrieve", {"project": project})
        kwargs = retrieve_device._get_kwargs(
            project=self._client._project(project),
            device=device,
        )
        return await self._client._request_raw(kwargs, models.Device.from_json, options)

    async def delete(
        self,
        device: str,
        *,
        project: str | None = None,
        idempotency_key: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RawResponse[models.Device]:
        """Delete a device

        Deletes a device and answers with the device as it was just before deletion.

        Args:
            device: The ID of a device of the project.
            project: The project's ID; the client's `project` when not given.
            idempotency_key: Sent as the `Idempotency-Key` header: a call repeated with the same key
                makes one change. The client sends a fresh key with each call when not given, and the same
                key on each retry of it.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(options, "devices.delete", ("device", "project", "idempotency_key"))
        device = path_value("device", device)
        arguments(self.delete, "devices.delete", {"project": project, "idempotency_key": idempotency_key})
        kwargs = delete_device._get_kwargs(
            project=self._client._project(project),
            device=device,
            idempotency_key=new_idempotency_key() if idempotency_key is None else idempotency_key,
        )
        return await self._client._request_raw(kwargs, models.Device.from_json, options)

    async def update(
        self,
        device: str,
        *,
        name: None | str | Unset = UNSET,
        sims: Values[str] | Unset = UNSET,
        user: None | str | Unset = UNSET,
        metadata: models.MetadataUpdate | Mapping[str, Any] | Unset = UNSET,
        project: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RawResponse[models.Device]:
        """Update a device

        Changes the given fields of a device and leaves the others as they are. `sims` replaces the
        whole list of attached SIMs (`[]` detaches all); `user: null` unassigns the owner; `metadata` is
        merged key by key (a `null` value deletes a key).

        Args:
            device: The ID of a device of the project.
            name: A new name, or `null` to remove the name.
            sims: The full list of SIM IDs to have attached from now on; `[]` detaches every SIM.
            user: The ID of the new owner, or `null` to unassign the device.
            metadata: Changes to metadata, merged into what is stored: a string value sets the key (the
                empty string is a value), `null` deletes the key, and keys not named are left alone. `{}`
                changes nothing. The limit of 10 keys applies to the result, not to the update: an update
                may name more keys (delete ten, set one); a result past 10 is answered 422 naming
                `metadata`. Keys beginning `gigs.com` cannot be written.
            project: The project's ID; the client's `project` when not given.
            **options: For this call only, over the client's own: `timeout` (seconds for the whole call,
                every try included), `max_retries`, `extra_headers`, `extra_query`.
        """
        options = checked(options, "devices.update", ("device", "name", "sims", "user", "metadata", "project"))
        device = path_value("device", device)
        arguments(
            self.update,
            "devices.update",
            {"name": name, "sims": sims, "user": user, "metadata": metadata, "project": project},
        )
        kwargs = update_device._get_kwargs(
            project=self._client._project(project),
            device=device,
            body=models.DeviceUpdate(
                name=name,
                sims=UNSET if isinstance(sims, Unset) else as_list("sims", sims),
                user=user,
                metadata=as_model(models.MetadataUpdate, metadata),
            ),
        )
        return await self._client._request_raw(kwargs, models.Device.from_json, options)
