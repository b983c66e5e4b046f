from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.metadata_update import MetadataUpdate


T = TypeVar("T", bound="DeviceCreate")


@_attrs_define
class DeviceCreate:
    """A new device. Give `imei`, `user` or both: a request with neither is answered 422. (The rule is
    stated here rather than as a schema combinator so that clients keep a typed body.) An unknown
    `user`, or a SIM that is not the project's, is answered 422 naming the property (`user`,
    `sims.<index>`).

        Attributes:
            imei (str | Unset): An IMEI (international mobile equipment identity), 15 or 16 digits.
            user (str | Unset): An opaque, case-sensitive object ID.
            sims (list[str] | Unset): The IDs of the SIMs to attach. Each SIM may be attached to one device only.
            name (None | str | Unset): A name of the project's choosing for the device.
            metadata (MetadataUpdate | Unset): Changes to metadata, merged into what is stored: a string value sets the key
                (the empty string is a
                value), `null` deletes the key, and keys not named are left alone. `{}` changes nothing. The limit
                of 10 keys applies to the result, not to the update: an update may name more keys (delete ten,
                set one); a result past 10 is answered 422 naming `metadata`. Keys beginning `gigs.com` cannot be
                written.
    """

    imei: str | Unset = UNSET
    user: str | Unset = UNSET
    sims: list[str] | Unset = UNSET
    name: None | str | Unset = UNSET
    metadata: MetadataUpdate | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
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


from ..models.metadata_update import MetadataUpdate  # noqa: E402
