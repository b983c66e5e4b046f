from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar, cast

import msgspec
import orjson
from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.user_status import UserStatus
from ..types import decode_wire

if TYPE_CHECKING:
    from ..models.metadata import Metadata


_UserStatus_members = cast("dict[str, UserStatus]", UserStatus._value2member_map_)


T = TypeVar("T", bound="User")

# The JSON names of the properties; any other key of an object is an additional property.
_PROPERTY_NAMES = frozenset(
    {
        "object",
        "id",
        "metadata",
        "birthday",
        "createdAt",
        "email",
        "emailVerified",
        "fullName",
        "preferredLocale",
        "status",
    }
)


class _UserWire(
    msgspec.Struct,
    kw_only=True,
    forbid_unknown_fields=True,
    gc=False,  # holds no cycles: the collector need not track it
    rename={
        "object_": "object",
        "created_at": "createdAt",
        "email_verified": "emailVerified",
        "full_name": "fullName",
        "preferred_locale": "preferredLocale",
    },
):
    object_: Literal["user"]
    id: str
    metadata: _MetadataWire
    birthday: datetime.date | None
    created_at: datetime.datetime
    email: str
    email_verified: bool
    full_name: str | None
    preferred_locale: str
    status: UserStatus


@_attrs_define
class User:
    """A user of the project, the owner of devices.

    Attributes:
        object_ (Literal['user']): Always `user`.
        id (str): An opaque, case-sensitive object ID.
        metadata (Metadata): Free-form string pairs stored on an object: keys 1 to 40 characters, values at most
            255. The project's own keys number at most 10. Keys beginning `gigs.com` are Gigs metadata: set by Gigs,
            not counted in the 10, and read-only through the API; an object may carry any number of them, so this
            schema sets no count.
        birthday (datetime.date | None): The user's date of birth, if known.
        created_at (datetime.datetime): An RFC 3339 time in UTC.
        email (str): The user's email address.
        email_verified (bool): Whether the user has proved they own the email address.
        full_name (None | str): The user's full name, if known.
        preferred_locale (str): The user's preferred language, as an IETF language tag.
        status (UserStatus): Whether a user may use the project's services.
    """

    object_: Literal["user"]
    id: str
    metadata: Metadata
    birthday: datetime.date | None
    created_at: datetime.datetime
    email: str
    email_verified: bool
    full_name: None | str
    preferred_locale: str
    status: UserStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _request_id: str | None = _attrs_field(init=False, default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dict of the model, as the API spells it (camelCase keys, unset fields left out)."""
        object_ = self.object_

        id = self.id

        metadata = self.metadata.to_dict()

        birthday: None | str
        if isinstance(self.birthday, datetime.date):
            birthday = self.birthday.isoformat()
        else:
            birthday = self.birthday

        created_at = self.created_at.isoformat().replace("+00:00", "Z")

        email = self.email

        email_verified = self.email_verified

        full_name: None | str
        full_name = self.full_name

        preferred_locale = self.preferred_locale

        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "object": object_,
                "id": id,
                "metadata": metadata,
                "birthday": birthday,
                "createdAt": created_at,
                "email": email,
                "emailVerified": email_verified,
                "fullName": full_name,
                "preferredLocale": preferred_locale,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """The model of a decoded JSON object, as the API spells it."""
        d = src_dict
        object_: Literal["user"] = d["object"]
        if object_ != "user":
            raise ValueError(f"object must match const 'user', got '{object_}'")

        id = d["id"]

        metadata = Metadata.from_dict(d["metadata"])

        _birthday = d["birthday"]
        birthday: datetime.date | None
        if _birthday is None:
            birthday = _birthday
        else:
            birthday_type_0 = datetime.date.fromisoformat(_birthday)

            birthday = birthday_type_0

        created_at = datetime.datetime.fromisoformat(d["createdAt"])

        email = d["email"]

        email_verified = d["emailVerified"]

        full_name = d["fullName"]

        preferred_locale = d["preferredLocale"]

        status = _UserStatus_members.get(d["status"]) or UserStatus(d["status"])

        user = cls(
            object_,
            id,
            metadata,
            birthday,
            created_at,
            email,
            email_verified,
            full_name,
            preferred_locale,
            status,
        )

        if len(d) > 10:
            unknown = {key: value for key, value in d.items() if key not in _PROPERTY_NAMES}
            user.additional_properties = unknown
        return user

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
    def _wire_from_json(cls, data: bytes | str) -> _UserWire | None:
        wire: _UserWire | None = decode_wire(_UserWire, data)
        return wire

    @classmethod
    def _from_wire(cls: type[T], w: _UserWire) -> T:
        metadata = Metadata._from_wire(w.metadata)
        return cls(
            w.object_,
            w.id,
            metadata,
            w.birthday,
            w.created_at,
            w.email,
            w.email_verified,
            w.full_name,
            w.preferred_locale,
            w.status,
        )

    def to_json(self) -> str:
        """This object as JSON, as the API sends it: `User.from_json` reads it back."""
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


from ..models.metadata import (
    Metadata,  # noqa: E402
    _MetadataWire,  # noqa: E402
)
