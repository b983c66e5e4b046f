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


T = TypeVar("T", bound="DeviceCreate")


class _DeviceCreateWire(
    msgspec.Struct,
    kw_only=True,
    forbid_unknown_fields=True,
    gc=False,  # holds no cycles: the collector need not track it
    rename={},
):
    imei: str | msgspec.UnsetType = msgspec.UNSET
    user: str | msgspec.UnsetType = msgspec.UNSET
    sims: list[str] | msgspec.UnsetType = msgspec.UNSET
    name: str | None | msgspec.UnsetType = msgspec.UNSET
    metadata: _MetadataUpdateWire | msgspec.UnsetType = msgspec.UNSET


@_attrs_define
class DeviceCreate:
    """A new device. Give `imei`, `user` or both: a request with neither is answered 422. (The rule is stated here
    rather than as a schema combinator so that clients keep a typed body.) An unknown `user`, or a SIM that is not
    the project's, is answered 422 naming the property (`user`, `sims.<index>`).

    Attributes:
        imei (str | Unset): An IMEI (international mobile equipment identity), 15 or 16 digits.
        user (str | Unset): An opaque, case-sensitive object ID.
        sims (list[str] | Unset): The IDs of the SIMs to attach. Each SIM may be attached to one device only.
        name (None | str | Unset): A name of the project's choosing for the device.
        metadata (MetadataUpdate | Unset): Changes to metadata, merged into what is stored: a string value sets
            the key (the empty string is a value), `null` deletes the key, and keys not named are left alone. `{}`
            changes nothing. The limit of 10 keys applies to the result, not to the update: an update may name more
            keys (delete ten, set one); a result past 10 is answered 422 naming `metadata`. Keys beginning
            `gigs.com` cannot be written.
    """

    imei: str | Unset = UNSET
    user: str | Unset = UNSET
    sims: list[str] | Unset = UNSET
    name: None | str | Unset = UNSET
    metadata: MetadataUpdate | Unset = UNSET
    _request_id: str | None = _attrs_field(init=False, default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dict of the model, as the API spells it (camelCase keys, unset fields left out)."""
        imei = self.imei

        user = self.user

        sims: list[str] | Unset = UNSET
        if not isinstance(self.sims, Unset):
            sims = self.sims

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if imei is not UNSET:
            field_dict["imei"] = imei
        if user is not UNSET:
            field_dict["user"] = user
        if sims is not UNSET:
            field_dict["sims"] = sims
        if name is not UNSET:
            field_dict["name"] = name
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """The model of a decoded JSON object, as the API spells it."""
        d = src_dict
        imei = d.get("imei", UNSET)

        user = d.get("user", UNSET)

        sims: list[str] | Unset = d.get("sims", UNSET)

        name = d.get("name", UNSET)

        _metadata = d.get("metadata", UNSET)
        metadata: MetadataUpdate | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = MetadataUpdate.from_dict(_metadata)

        device_create = cls(
            imei=imei,
            user=user,
            sims=sims,
            name=name,
            metadata=metadata,
        )

        return device_create

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
    def _wire_from_json(cls, data: bytes | str) -> _DeviceCreateWire | None:
        wire: _DeviceCreateWire | None = decode_wire(_DeviceCreateWire, data)
        return wire

    @classmethod
    def _from_wire(cls: type[T], w: _DeviceCreateWire) -> T:
        imei = UNSET if isinstance(w.imei, msgspec.UnsetType) else w.imei
        user = UNSET if isinstance(w.user, msgspec.UnsetType) else w.user
        sims = UNSET if isinstance(w.sims, msgspec.UnsetType) else w.sims
        name = UNSET if isinstance(w.name, msgspec.UnsetType) else w.name
        metadata = UNSET if isinstance(w.metadata, msgspec.UnsetType) else MetadataUpdate._from_wire(w.metadata)
        return cls(
            imei=imei,
            user=user,
            sims=sims,
            name=name,
            metadata=metadata,
        )

    def to_json(self) -> str:
        """This object as JSON, as the API sends it: `DeviceCreate.from_json` reads it back."""
        return orjson.dumps(self.to_dict()).decode()


from ..models.metadata_update import (
    MetadataUpdate,  # noqa: E402
    _MetadataUpdateWire,  # noqa: E402
)
