from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

import msgspec
import orjson
from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import decode_wire

T = TypeVar("T", bound="DeviceModelSearch")


class _DeviceModelSearchWire(
    msgspec.Struct,
    kw_only=True,
    forbid_unknown_fields=True,
    gc=False,  # holds no cycles: the collector need not track it
    rename={},
):
    imei: str


@_attrs_define
class DeviceModelSearch:
    """What to look device models up by.

    Attributes:
        imei (str): An IMEI (international mobile equipment identity), 15 or 16 digits.
    """

    imei: str
    _request_id: str | None = _attrs_field(init=False, default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dict of the model, as the API spells it (camelCase keys, unset fields left out)."""
        imei = self.imei

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "imei": imei,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """The model of a decoded JSON object, as the API spells it."""
        d = src_dict
        imei = d["imei"]

        device_model_search = cls(
            imei,
        )

        return device_model_search

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
    def _wire_from_json(cls, data: bytes | str) -> _DeviceModelSearchWire | None:
        wire: _DeviceModelSearchWire | None = decode_wire(_DeviceModelSearchWire, data)
        return wire

    @classmethod
    def _from_wire(cls: type[T], w: _DeviceModelSearchWire) -> T:
        return cls(
            w.imei,
        )

    def to_json(self) -> str:
        """This object as JSON, as the API sends it: `DeviceModelSearch.from_json` reads it back."""
        return orjson.dumps(self.to_dict()).decode()
