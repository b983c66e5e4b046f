from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar

import msgspec
import orjson
from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, decode_wire

if TYPE_CHECKING:
    from ..models.property_error_detail import PropertyErrorDetail


T = TypeVar("T", bound="Error")

# The JSON names of the properties; any other key of an object is an additional property.
_PROPERTY_NAMES = frozenset(
    {
        "object",
        "type",
        "message",
        "code",
        "hint",
        "documentation",
        "details",
    }
)


class _ErrorWire(
    msgspec.Struct,
    kw_only=True,
    forbid_unknown_fields=True,
    gc=False,  # holds no cycles: the collector need not track it
    rename={
        "object_": "object",
        "type_": "type",
    },
):
    object_: Literal["error"]
    type_: str
    message: str
    code: str | msgspec.UnsetType = msgspec.UNSET
    hint: str | msgspec.UnsetType = msgspec.UNSET
    documentation: list[str] | msgspec.UnsetType = msgspec.UNSET
    details: list[_PropertyErrorDetailWire] | msgspec.UnsetType = msgspec.UNSET


@_attrs_define
class Error:
    """What went wrong with a request.

    Attributes:
        object_ (Literal['error']): Always `error`.
        type_ (str): The kind of error, such as `unauthenticated` or `invalid`. An open set: expect values not
            listed in this document.
        message (str): A sentence for the developer reading the logs.
        code (str | Unset): A machine-readable reason within the type, such as `deviceImeiAlreadyExists`.
        hint (str | Unset): A suggestion for fixing the request.
        documentation (list[str] | Unset): Links to pages that explain the error.
        details (list[PropertyErrorDetail] | Unset): One entry for each property at fault.

            > **Preview.** Gigs marks `details` as a preview feature: its entries may change without a new > API
            version. Show them to a developer; do not build control flow on them.
    """

    object_: Literal["error"]
    type_: str
    message: str
    code: str | Unset = UNSET
    hint: str | Unset = UNSET
    documentation: list[str] | Unset = UNSET
    details: list[PropertyErrorDetail] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _request_id: str | None = _attrs_field(init=False, default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dict of the model, as the API spells it (camelCase keys, unset fields left out)."""
        object_ = self.object_

        type_ = self.type_

        message = self.message

        code = self.code

        hint = self.hint

        documentation: list[str] | Unset = UNSET
        if not isinstance(self.documentation, Unset):
            documentation = self.documentation

        details: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.details, Unset):
            details = []
            for details_item_data in self.details:
                details_item = details_item_data.to_dict()
                details.append(details_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "object": object_,
                "type": type_,
                "message": message,
            }
        )
        if code is not UNSET:
            field_dict["code"] = code
        if hint is not UNSET:
            field_dict["hint"] = hint
        if documentation is not UNSET:
            field_dict["documentation"] = documentation
        if details is not UNSET:
            field_dict["details"] = details

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """The model of a decoded JSON object, as the API spells it."""
        d = src_dict
        object_: Literal["error"] = d["object"]
        if object_ != "error":
            raise ValueError(f"object must match const 'error', got '{object_}'")

        type_ = d["type"]

        message = d["message"]

        code = d.get("code", UNSET)

        hint = d.get("hint", UNSET)

        documentation: list[str] | Unset = d.get("documentation", UNSET)

        _details = d.get("details", UNSET)
        details: list[PropertyErrorDetail] | Unset = UNSET
        if _details is not UNSET:
            details = []
            for details_item_data in _details:
                details_item = PropertyErrorDetail.from_dict(details_item_data)

                details.append(details_item)

        error = cls(
            object_,
            type_,
            message,
            code=code,
            hint=hint,
            documentation=documentation,
            details=details,
        )

        if not d.keys() <= _PROPERTY_NAMES:
            unknown = {key: value for key, value in d.items() if key not in _PROPERTY_NAMES}
            error.additional_properties = unknown
        return error

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
    def _wire_from_json(cls, data: bytes | str) -> _ErrorWire | None:
        wire: _ErrorWire | None = decode_wire(_ErrorWire, data)
        return wire

    @classmethod
    def _from_wire(cls: type[T], w: _ErrorWire) -> T:
        code = UNSET if isinstance(w.code, msgspec.UnsetType) else w.code
        hint = UNSET if isinstance(w.hint, msgspec.UnsetType) else w.hint
        documentation = UNSET if isinstance(w.documentation, msgspec.UnsetType) else w.documentation
        details = (
            UNSET
            if isinstance(w.details, msgspec.UnsetType)
            else [PropertyErrorDetail._from_wire(item0) for item0 in w.details]
        )
        return cls(
            w.object_,
            w.type_,
            w.message,
            code=code,
            hint=hint,
            documentation=documentation,
            details=details,
        )

    def to_json(self) -> str:
        """This object as JSON, as the API sends it: `Error.from_json` reads it back."""
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


from ..models.property_error_detail import (
    PropertyErrorDetail,  # noqa: E402
    _PropertyErrorDetailWire,  # noqa: E402
)
