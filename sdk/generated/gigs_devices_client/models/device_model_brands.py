from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Literal, TypeVar

import msgspec
import orjson
from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import decode_wire

T = TypeVar("T", bound="DeviceModelBrands")

# The JSON names of the properties; any other key of an object is an additional property.
_PROPERTY_NAMES = frozenset(
    {
        "object",
        "items",
    }
)


class _DeviceModelBrandsWire(
    msgspec.Struct,
    kw_only=True,
    forbid_unknown_fields=True,
    gc=False,  # holds no cycles: the collector need not track it
    rename={
        "object_": "object",
    },
):
    object_: Literal["deviceModelBrands"]
    items: list[str]


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
    _request_id: str | None = _attrs_field(init=False, default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dict of the model, as the API spells it (camelCase keys, unset fields left out)."""
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
        """The model of a decoded JSON object, as the API spells it."""
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
    def _wire_from_json(cls, data: bytes | str) -> _DeviceModelBrandsWire | None:
        wire: _DeviceModelBrandsWire | None = decode_wire(_DeviceModelBrandsWire, data)
        return wire

    @classmethod
    def _from_wire(cls: type[T], w: _DeviceModelBrandsWire) -> T:
        return cls(
            w.object_,
            w.items,
        )

    def to_json(self) -> str:
        """This object as JSON, as the API sends it: `DeviceModelBrands.from_json` reads it back."""
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

    def __iter__(self) -> Iterator[str]:
        """The items of this answer, in its order."""
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __contains__(self, item: object) -> bool:
        return item in self.items
