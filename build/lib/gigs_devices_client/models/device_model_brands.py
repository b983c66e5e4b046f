from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DeviceModelBrands")

# The JSON names of the properties; any other key of an object is an additional property.
_PROPERTY_NAMES = frozenset(
    {
        "object",
        "items",
    }
)


@_attrs_define
class DeviceModelBrands:
    """Every brand of the device model catalogue.

    Attributes:
        object_ (Literal['deviceModelBrands']): Always `deviceModelBrands`.
        items (list[str]): The brand names, in alphabetical order.
    """

    object_: Literal["deviceModelBrands"]
    items: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        object_ = self.object_

        items = self.items

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "object": object_,
                "items": items,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        object_: Literal["deviceModelBrands"] = d["object"]
        if object_ != "deviceModelBrands":
            raise ValueError(f"object must match const 'deviceModelBrands', got '{object_}'")

        items: list[str] = d["items"]

        device_model_brands = cls(
            object_,
            items,
        )

        if len(d) > 2:
            unknown = {key: value for key, value in d.items() if key not in _PROPERTY_NAMES}
            device_model_brands.additional_properties = unknown
        return device_model_brands

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
