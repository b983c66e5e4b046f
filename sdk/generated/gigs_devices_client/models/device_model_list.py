from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import msgspec
import orjson
from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import decode_wire

if TYPE_CHECKING:
    from ..models.device_model import DeviceModel


T = TypeVar("T", bound="DeviceModelList")

# The JSON names of the properties; any other key of an object is an additional property.
_PROPERTY_NAMES = frozenset(
    {
        "object",
        "items",
        "moreItemsAfter",
        "moreItemsBefore",
    }
)


class _DeviceModelListWire(
    msgspec.Struct,
    kw_only=True,
    forbid_unknown_fields=True,
    gc=False,  # holds no cycles: the collector need not track it
    rename={
        "object_": "object",
        "more_items_after": "moreItemsAfter",
        "more_items_before": "moreItemsBefore",
    },
):
    object_: Literal["list"]
    items: list[_DeviceModelWire]
    more_items_after: str | None
    more_items_before: str | None


@_attrs_define
class DeviceModelList:
    """A page of device models.

    Attributes:
        object_ (Literal['list']): Always `list`.
        items (list[DeviceModel]): The device models of this page, newest first.
        more_items_after (None | str): For a list operation, the ID to pass as `after` for the next page, or
            `null` when no items follow this page. A search takes no cursor and answers every match at once: `null`
            there.
        more_items_before (None | str): For a list operation, the ID to pass as `before` for the previous page,
            or `null` when no items precede it. A search takes no cursor: `null` there.
    """

    object_: Literal["list"]
    items: list[DeviceModel]
    more_items_after: None | str
    more_items_before: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _request_id: str | None = _attrs_field(init=False, default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dict of the model, as the API spells it (camelCase keys, unset fields left out)."""
        object_ = self.object_

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        more_items_after: None | str
        more_items_after = self.more_items_after

        more_items_before: None | str
        more_items_before = self.more_items_before

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "object": object_,
                "items": items,
                "moreItemsAfter": more_items_after,
                "moreItemsBefore": more_items_before,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """The model of a decoded JSON object, as the API spells it."""
        d = src_dict
        object_: Literal["list"] = d["object"]
        if object_ != "list":
            raise ValueError(f"object must match const 'list', got '{object_}'")

        items = []
        _items = d["items"]
        for items_item_data in _items:
            items_item = DeviceModel.from_dict(items_item_data)

            items.append(items_item)

        more_items_after = d["moreItemsAfter"]

        more_items_before = d["moreItemsBefore"]

        device_model_list = cls(
            object_,
            items,
            more_items_after,
            more_items_before,
        )

        if len(d) > 4:
            unknown = {key: value for key, value in d.items() if key not in _PROPERTY_NAMES}
            device_model_list.additional_properties = unknown
        return device_model_list

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
    def _wire_from_json(cls, data: bytes | str) -> _DeviceModelListWire | None:
        wire: _DeviceModelListWire | None = decode_wire(_DeviceModelListWire, data)
        return wire

    @classmethod
    def _from_wire(cls: type[T], w: _DeviceModelListWire) -> T:
        items = [DeviceModel._from_wire(item0) for item0 in w.items]
        return cls(
            w.object_,
            items,
            w.more_items_after,
            w.more_items_before,
        )

    def to_json(self) -> str:
        """This object as JSON, as the API sends it: `DeviceModelList.from_json` reads it back."""
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

    def __iter__(self) -> Iterator[DeviceModel]:
        """The items of this answer, in its order."""
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __contains__(self, item: object) -> bool:
        return item in self.items


from ..models.device_model import (
    DeviceModel,  # noqa: E402
    _DeviceModelWire,  # noqa: E402
)
