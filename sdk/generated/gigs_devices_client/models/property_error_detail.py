from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal, TypeVar

import msgspec
import orjson
from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import decode_wire

T = TypeVar("T", bound="PropertyErrorDetail")

# The JSON names of the properties; any other key of an object is an additional property.
_PROPERTY_NAMES = frozenset(
    {
        "object",
        "code",
        "message",
        "property",
        "suggestion",
    }
)


class _PropertyErrorDetailWire(
    msgspec.Struct,
    kw_only=True,
    forbid_unknown_fields=True,
    gc=False,  # holds no cycles: the collector need not track it
    rename={
        "object_": "object",
        "property_": "property",
    },
):
    object_: Literal["propertyErrorDetail"]
    code: str
    message: str
    property_: str
    suggestion: str | None


@_attrs_define
class PropertyErrorDetail:
    """What is wrong with one property of the request.

    Attributes:
        object_ (Literal['propertyErrorDetail']): Always `propertyErrorDetail`.
        code (str): A machine-readable reason. Gigs' own examples name them `propertyRequired` (a required
            property is missing) and `<thing>PropertyInvalid` (`addressPropertyInvalid`); this document follows
            them: `propertyRequired`, and `propertyInvalid` for a value the rules refuse. An open set: expect
            others.
        message (str): What is wrong with the property.
        property_ (str): The property at fault, by name (`imei`, `limit`) or path (`metadata.crmId`).
        suggestion (None | str): A value or change that would be accepted, if there is one.
    """

    object_: Literal["propertyErrorDetail"]
    code: str
    message: str
    property_: str
    suggestion: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _request_id: str | None = _attrs_field(init=False, default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dict of the model, as the API spells it (camelCase keys, unset fields left out)."""
        object_ = self.object_

        code = self.code

        message = self.message

        property_ = self.property_

        suggestion: None | str
        suggestion = self.suggestion

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "object": object_,
                "code": code,
                "message": message,
                "property": property_,
                "suggestion": suggestion,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """The model of a decoded JSON object, as the API spells it."""
        d = src_dict
        object_: Literal["propertyErrorDetail"] = d["object"]
        if object_ != "propertyErrorDetail":
            raise ValueError(f"object must match const 'propertyErrorDetail', got '{object_}'")

        code = d["code"]

        message = d["message"]

        property_ = d["property"]

        suggestion = d["suggestion"]

        property_error_detail = cls(
            object_,
            code,
            message,
            property_,
            suggestion,
        )

        if len(d) > 5:
            unknown = {key: value for key, value in d.items() if key not in _PROPERTY_NAMES}
            property_error_detail.additional_properties = unknown
        return property_error_detail

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
    def _wire_from_json(cls, data: bytes | str) -> _PropertyErrorDetailWire | None:
        wire: _PropertyErrorDetailWire | None = decode_wire(_PropertyErrorDetailWire, data)
        return wire

    @classmethod
    def _from_wire(cls: type[T], w: _PropertyErrorDetailWire) -> T:
        return cls(
            w.object_,
            w.code,
            w.message,
            w.property_,
            w.suggestion,
        )

    def to_json(self) -> str:
        """This object as JSON, as the API sends it: `PropertyErrorDetail.from_json` reads it back."""
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
