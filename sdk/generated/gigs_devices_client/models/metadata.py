from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any, TypeVar

import orjson
from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import decode_wire

T = TypeVar("T", bound="Metadata")

_MetadataWire = dict[str, str]


@_attrs_define(eq=False)
class Metadata(MutableMapping[str, str]):
    """Free-form string pairs stored on an object: keys 1 to 40 characters, values at most 255. The project's own keys
    number at most 10. Keys beginning `gigs.com` are Gigs metadata: set by Gigs, not counted in the 10, and
    read-only through the API; an object may carry any number of them, so this schema sets no count.

    """

    additional_properties: dict[str, str] = _attrs_field(init=False, factory=dict)
    _request_id: str | None = _attrs_field(init=False, default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dict of the model, as the API spells it (camelCase keys, unset fields left out)."""

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """The model of a decoded JSON object, as the API spells it."""
        d = src_dict
        metadata = cls()

        if d:
            unknown = dict(d)
            metadata.additional_properties = unknown
        return metadata

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
    def _wire_from_json(cls, data: bytes | str) -> _MetadataWire | None:
        wire: _MetadataWire | None = decode_wire(_MetadataWire, data)
        return wire

    @classmethod
    def _from_wire(cls: type[T], w: _MetadataWire) -> T:
        return cls.from_dict(w)

    def to_json(self) -> str:
        """This object as JSON, as the API sends it: `Metadata.from_json` reads it back."""
        return orjson.dumps(self.to_dict()).decode()

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> str:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: str) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: object) -> bool:
        return key in self.additional_properties

    def __iter__(self) -> Iterator[str]:
        return iter(self.additional_properties)

    def __len__(self) -> int:
        return len(self.additional_properties)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Metadata):
            return self.additional_properties == other.additional_properties
        return isinstance(other, Mapping) and self.additional_properties == dict(other)
