from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec
import orjson
from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, decode_wire

if TYPE_CHECKING:
    from ..models.metadata_update import MetadataUpdate


T = TypeVar("T", bound="DeviceUpdate")


class _DeviceUpdateWire(
    msgspec.Struct,
    kw_only=True,
    forbid_unknown_fields=True,
    gc=False,  # holds no cycles: the collector need not track it
    rename={},
):
    name: str | None | msgspec.UnsetType = msgspec.UNSET
    sims: list[str] | msgspec.UnsetType = msgspec.UNSET
    user: str | None | msgspec.UnsetType = msgspec.UNSET
    metadata: _MetadataUpdateWire | msgspec.UnsetType = msgspec.UNSET


@_attrs_define
class DeviceUpdate:
    """The fields to change; fields left out keep their value, and `{}` is a valid update that changes nothing. An
    update that would leave the device with neither an IMEI nor a user is answered 422 naming `user`; an unknown
    `user`, or a SIM that is not the project's, is answered 422 naming the property (`user`, `sims.<index>`).

    Attributes:
        name (None | str | Unset): A new name, or `null` to remove the name.
        sims (list[str] | Unset): The full list of SIM IDs to have attached from now on; `[]` detaches every
            SIM.
        user (None | str | Unset): The ID of the new owner, or `null` to unassign the device.
        metadata (MetadataUpdate | Unset): Changes to metadata, merged into what is stored: a string value sets
            the key (the empty string is a value), `null` deletes the key, and keys not named are left alone. `{}`
            changes nothing. The limit of 10 keys applies to the result, not to the update: an update may name more
            keys (delete ten, set one); a result past 10 is answered 422 naming `metadata`. Keys beginning
            `gigs.com` cannot be written.
    """

    name: None | str | Unset = UNSET
    sims: list[str] | Unset = UNSET
    user: None | str | Unset = UNSET
    metadata: MetadataUpdate | Unset = UNSET
    _request_id: str | None = _attrs_field(init=False, default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dict of the model, as the API spells it (camelCase keys, unset fields left out)."""
        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        sims: list[str] | Unset = UNSET
        if not isinstance(self.sims, Unset):
            sims = self.sims

        user: None | str | Unset
        if isinstance(self.user, Unset):
            user = UNSET
        else:
            user = self.user

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if sims is not UNSET:
            field_dict["sims"] = sims
        if user is not UNSET:
            field_dict["user"] = user
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """The model of a decoded JSON object, as the API spells it."""
        d = src_dict
        name = d.get("name", UNSET)

        sims: list[str] | Unset = d.get("sims", UNSET)

        user = d.get("user", UNSET)

        _metadata = d.get("metadata", UNSET)
        metadata: MetadataUpdate | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = MetadataUpdate.from_dict(_metadata)

        device_update = cls(
            name=name,
            sims=sims,
            user=user,
            metadata=metadata,
        )

        return device_update

    @classmethod
    def from_json(cls: type[T], data: bytes | str) -> T:
        """Parses a JSON answer. Its types, constants and required properties are checked by a decoder
        compiled once from this schema (msgspec); an answer with a property this version does not know
        yet is parsed by `from_dict`, which keeps it in `additional_properties`."""
        wire = cls._wire_from_json(data)
        if wire is None:
            return cls.from_dict(orjson.loads(data))
        return cls._from_wire(wire)

    @classmethod
    def _wire_from_json(cls, data: bytes | str) -> _DeviceUpdateWire | None:
        wire: _DeviceUpdateWire | None = decode_wire(_DeviceUpdateWire, data)
        return wire

    @classmethod
    def _from_wire(cls: type[T], w: _DeviceUpdateWire) -> T:
        name = UNSET if isinstance(w.name, msgspec.UnsetType) else w.name
        sims = UNSET if isinstance(w.sims, msgspec.UnsetType) else w.sims
        user = UNSET if isinstance(w.user, msgspec.UnsetType) else w.user
        metadata = UNSET if isinstance(w.metadata, msgspec.UnsetType) else MetadataUpdate._from_wire(w.metadata)
        return cls(
            name=name,
            sims=sims,
            user=user,
            metadata=metadata,
        )

    def to_json(self) -> str:
        """This object as JSON, as the API sends it: `DeviceUpdate.from_json` reads it back."""
        return orjson.dumps(self.to_dict()).decode()


from ..models.metadata_update import (
    MetadataUpdate,  # noqa: E402
    _MetadataUpdateWire,  # noqa: E402
)
