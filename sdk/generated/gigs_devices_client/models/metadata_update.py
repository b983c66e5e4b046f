from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any, TypeVar

import orjson
from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import decode_wire

T = TypeVar("T", bound="MetadataUpdate")

_MetadataUpdateWire = dict[str, str | None]


@_attrs_define(eq=False)
class MetadataUpdate(MutableMapping[str, None | str]):
    """Changes to metadata, merged into what is stored: a string value sets the key (the empty string is a value),
    `null` deletes the key, and keys not named are left alone. `{}` changes nothing. The limit of 10 keys applies to
    the result, not to the update: an update may name more keys (delete ten, set one); a result past 10 is answered
    422 naming `metadata`. Keys beginning `gigs.com` cannot be written.

    """

    additional_properties: dict[str, None | str] = _attrs_field(init=False, factory=dict)
    _request_id: str | None = _attrs_field(init=False, default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dict of the model, as the API spells it (camelCase keys, unset fields left out)."""

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """The model of a decoded JSON object, as the API spells it."""
        d = src_dict
        metadata_update = cls()

        if d:
            unknown = dict(d)
            additional_properties = {}
            for prop_name, prop_dict in unknown.items():
                additional_property = prop_dict

                additional_properties[prop_name] = additional_property
            metadata_update.additional_properties = additional_properties
        return metadata_update

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
    def _wire_from_json(cls, data: bytes | str) -> _MetadataUpdateWire | None:
        wire: _MetadataUpdateWire | None = decode_wire(_MetadataUpdateWire, data)
        return wire

    @classmethod
    def _from_wire(cls: type[T], w: _MetadataUpdateWire) -> T:
        return cls.from_dict(w)

    def to_json(self) -> str:
        """This object as JSON, as the API sends it: `MetadataUpdate.from_json` reads it back."""
        return orjson.dumps(self.to_dict()).decode()

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> None | str:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: None | str) -> None:
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
        if isinstance(other, MetadataUpdate):
            return self.additional_properties == other.additional_properties
        return isinstance(other, Mapping) and self.additional_properties == dict(other)
