from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.device_model_type import DeviceModelType
from ..models.sim_type import SimType

T = TypeVar("T", bound="DeviceModel")


@_attrs_define
class DeviceModel:
    """A model of device from the global catalogue.

    Attributes:
        object_ (Literal['deviceModel']): Always `deviceModel`.
        id (str): An opaque, case-sensitive object ID.
        brand (str): The brand the model is sold under.
        hardware_identifiers (list[str]): Identifiers the hardware reports for itself, such as Android's `Build.MODEL`.
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

    def to_dict(self) -> dict[str, Any]:
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
        d = dict(src_dict)
        object_ = cast("Literal['deviceModel']", d.pop("object"))
        if object_ != "deviceModel":
            raise ValueError(f"object must match const 'deviceModel', got '{object_}'")

        id = d.pop("id")

        brand = d.pop("brand")

        hardware_identifiers = cast(list[str], d.pop("hardwareIdentifiers"))

        name = d.pop("name")

        sim_types = []
        _sim_types = d.pop("simTypes")
        for sim_types_item_data in _sim_types:
            sim_types_item = SimType.from_value(sim_types_item_data)

            sim_types.append(sim_types_item)

        type_ = DeviceModelType.from_value(d.pop("type"))

        device_model = cls(
            object_=object_,
            id=id,
            brand=brand,
            hardware_identifiers=hardware_identifiers,
            name=name,
            sim_types=sim_types,
            type_=type_,
        )

        device_model.additional_properties = d
        return device_model

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
