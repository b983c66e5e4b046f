from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal, TypeVar, cast

import msgspec
import orjson
from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.device_model_type import DeviceModelType
from ..models.sim_type import SimType
from ..types import decode_wire

_DeviceModelType_members = cast("dict[str, DeviceModelType]", DeviceModelType._value2member_map_)
_SimType_members = cast("dict[str, SimType]", SimType._value2member_map_)


T = TypeVar("T", bound="DeviceModel")

# The JSON names of the properties; any other key of an object is an additional property.
_PROPERTY_NAMES = frozenset(
    {
        "object",
        "id",
        "brand",
        "hardwareIdentifiers",
        "name",
        "simTypes",
        "type",
    }
)


class _DeviceModelWire(
    msgspec.Struct,
    kw_only=True,
    forbid_unknown_fields=True,
    gc=False,  # holds no cycles: the collector need not track it
    rename={
        "object_": "object",
        "hardware_identifiers": "hardwareIdentifiers",
        "sim_types": "simTypes",
        "type_": "type",
    },
):
    object_: Literal["deviceModel"]
    id: str
    brand: str
    hardware_identifiers: list[str]
    name: str
    sim_types: list[SimType]
    type_: DeviceModelType


@_attrs_define
class DeviceModel:
    """A model of device from the global catalogue.

    Attributes:
        object_ (Literal['deviceModel']): Always `deviceModel`.
        id (str): An opaque, case-sensitive object ID.
        brand (str): The brand the model is sold under.
        hardware_identifiers (list[str]): Identifiers the hardware reports for itself, such as Android's
            `Build.MODEL`.
        name (str): The model's marketing name.
        sim_types (list[SimType]): The SIM types the model supports.
        type_ (DeviceModelType): The kind of hardware a device model is.
    """

    object_: Literal["deviceModel"]
    id: str
    brand: str
    hardware_identifiers: list[str]
    name: str
    sim_types: list[SimType]
    type_: DeviceModelType
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _request_id: str | None = _attrs_field(init=False, default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dict of the model, as the API spells it (camelCase keys, unset fields left out)."""
        object_ = self.object_

        id = self.id

        brand = self.brand

        hardware_identifiers = self.hardware_identifiers

        name = self.name

        sim_types = []
        for sim_types_item_data in self.sim_types:
            sim_types_item = sim_types_item_data.value
            sim_types.append(sim_types_item)

        type_ = self.type_.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "object": object_,
                "id": id,
                "brand": brand,
                "hardwareIdentifiers": hardware_identifiers,
                "name": name,
                "simTypes": sim_types,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """The model of a decoded JSON object, as the API spells it."""
        d = src_dict
        object_: Literal["deviceModel"] = d["object"]
        if object_ != "deviceModel":
            raise ValueError(f"object must match const 'deviceModel', got '{object_}'")

        id = d["id"]

        brand = d["brand"]

        hardware_identifiers: list[str] = d["hardwareIdentifiers"]

        name = d["name"]

        sim_types = []
        _sim_types = d["simTypes"]
        for sim_types_item_data in _sim_types:
            sim_types_item = _SimType_members.get(sim_types_item_data) or SimType(sim_types_item_data)

            sim_types.append(sim_types_item)

        type_ = _DeviceModelType_members.get(d["type"]) or DeviceModelType(d["type"])

        device_model = cls(
            object_,
            id,
            brand,
            hardware_identifiers,
            name,
            sim_types,
            type_,
        )

        if len(d) > 7:
            unknown = {key: value for key, value in d.items() if key not in _PROPERTY_NAMES}
            device_model.additional_properties = unknown
        return device_model

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
    def _wire_from_json(cls, data: bytes | str) -> _DeviceModelWire | None:
        wire: _DeviceModelWire | None = decode_wire(_DeviceModelWire, data)
        return wire

    @classmethod
    def _from_wire(cls: type[T], w: _DeviceModelWire) -> T:
        return cls(
            w.object_,
            w.id,
            w.brand,
            w.hardware_identifiers,
            w.name,
            w.sim_types,
            w.type_,
        )

    def to_json(self) -> str:
        """This object as JSON, as the API sends it: `DeviceModel.from_json` reads it back."""
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
