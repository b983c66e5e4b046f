from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar, cast

import msgspec
import orjson
from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.sim_status import SimStatus
from ..models.sim_type import SimType
from ..types import decode_wire

if TYPE_CHECKING:
    from ..models.metadata import Metadata


_SimStatus_members = cast("dict[str, SimStatus]", SimStatus._value2member_map_)
_SimType_members = cast("dict[str, SimType]", SimType._value2member_map_)


T = TypeVar("T", bound="Sim")

# The JSON names of the properties; any other key of an object is an additional property.
_PROPERTY_NAMES = frozenset(
    {
        "object",
        "id",
        "metadata",
        "createdAt",
        "iccid",
        "provider",
        "status",
        "type",
    }
)


class _SimWire(
    msgspec.Struct,
    kw_only=True,
    forbid_unknown_fields=True,
    gc=False,  # holds no cycles: the collector need not track it
    rename={
        "object_": "object",
        "created_at": "createdAt",
        "type_": "type",
    },
):
    object_: Literal["sim"]
    id: str
    metadata: _MetadataWire
    created_at: datetime.datetime
    iccid: str
    provider: str
    status: SimStatus
    type_: SimType


@_attrs_define
class Sim:
    """A SIM of the project, physical or embedded.

    Attributes:
        object_ (Literal['sim']): Always `sim`.
        id (str): An opaque, case-sensitive object ID.
        metadata (Metadata): Free-form string pairs stored on an object: keys 1 to 40 characters, values at most
            255. The project's own keys number at most 10. Keys beginning `gigs.com` are Gigs metadata: set by Gigs,
            not counted in the 10, and read-only through the API; an object may carry any number of them, so this
            schema sets no count.
        created_at (datetime.datetime): An RFC 3339 time in UTC.
        iccid (str): The SIM's ICCID (integrated circuit card identifier), 19 digits with an optional `F` or 20
            digits. The public pattern is case-insensitive, so a lower-case `f` is accepted too.
        provider (str): The network provider the SIM belongs to.
        status (SimStatus): Where a SIM is in its life.
        type_ (SimType): The form of a SIM, embedded (`eSIM`) or physical (`pSIM`).
    """

    object_: Literal["sim"]
    id: str
    metadata: Metadata
    created_at: datetime.datetime
    iccid: str
    provider: str
    status: SimStatus
    type_: SimType
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _request_id: str | None = _attrs_field(init=False, default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dict of the model, as the API spells it (camelCase keys, unset fields left out)."""
        object_ = self.object_

        id = self.id

        metadata = self.metadata.to_dict()

        created_at = self.created_at.isoformat().replace("+00:00", "Z")

        iccid = self.iccid

        provider = self.provider

        status = self.status.value

        type_ = self.type_.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "object": object_,
                "id": id,
                "metadata": metadata,
                "createdAt": created_at,
                "iccid": iccid,
                "provider": provider,
                "status": status,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """The model of a decoded JSON object, as the API spells it."""
        d = src_dict
        object_: Literal["sim"] = d["object"]
        if object_ != "sim":
            raise ValueError(f"object must match const 'sim', got '{object_}'")

        id = d["id"]

        metadata = Metadata.from_dict(d["metadata"])

        created_at = datetime.datetime.fromisoformat(d["createdAt"])

        iccid = d["iccid"]

        provider = d["provider"]

        status = _SimStatus_members.get(d["status"]) or SimStatus(d["status"])

        type_ = _SimType_members.get(d["type"]) or SimType(d["type"])

        sim = cls(
            object_,
            id,
            metadata,
            created_at,
            iccid,
            provider,
            status,
            type_,
        )

        if len(d) > 8:
            unknown = {key: value for key, value in d.items() if key not in _PROPERTY_NAMES}
            sim.additional_properties = unknown
        return sim

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
    def _wire_from_json(cls, data: bytes | str) -> _SimWire | None:
        wire: _SimWire | None = decode_wire(_SimWire, data)
        return wire

    @classmethod
    def _from_wire(cls: type[T], w: _SimWire) -> T:
        metadata = Metadata._from_wire(w.metadata)
        return cls(
            w.object_,
            w.id,
            metadata,
            w.created_at,
            w.iccid,
            w.provider,
            w.status,
            w.type_,
        )

    def to_json(self) -> str:
        """This object as JSON, as the API sends it: `Sim.from_json` reads it back."""
        return orjson.dumps(self.to_dict()).decode()

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties

    # Not a collection: without this, `list(obj)` would go through __getitem__ with 0, 1, ... and
    # fail with a KeyError rather than say so.
    __iter__: ClassVar[None] = None


from ..models.metadata import (
    Metadata,  # noqa: E402
    _MetadataWire,  # noqa: E402
)
