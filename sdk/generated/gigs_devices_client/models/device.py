from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar

import msgspec
import orjson
from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import decode_wire

if TYPE_CHECKING:
    from ..models.device_model import DeviceModel
    from ..models.metadata import Metadata
    from ..models.sim import Sim
    from ..models.user import User


T = TypeVar("T", bound="Device")

# The JSON names of the properties; any other key of an object is an additional property.
_PROPERTY_NAMES = frozenset(
    {
        "object",
        "id",
        "metadata",
        "createdAt",
        "imei",
        "model",
        "name",
        "sims",
        "user",
    }
)


class _DeviceWire(
    msgspec.Struct,
    kw_only=True,
    forbid_unknown_fields=True,
    gc=False,  # holds no cycles: the collector need not track it
    rename={
        "object_": "object",
        "created_at": "createdAt",
    },
):
    object_: Literal["device"]
    id: str
    metadata: _MetadataWire
    created_at: datetime.datetime
    imei: str | None
    model: _DeviceModelWire | None
    name: str | None
    sims: list[_SimWire]
    user: _UserWire | None


@_attrs_define
class Device:
    """A phone, watch or other device of the project, with its model, SIMs and owner embedded.

    Attributes:
        object_ (Literal['device']): Always `device`.
        id (str): An opaque, case-sensitive object ID.
        metadata (Metadata): Free-form string pairs stored on an object: keys 1 to 40 characters, values at most
            255. The project's own keys number at most 10. Keys beginning `gigs.com` are Gigs metadata: set by Gigs,
            not counted in the 10, and read-only through the API; an object may carry any number of them, so this
            schema sets no count.
        created_at (datetime.datetime): An RFC 3339 time in UTC.
        imei (None | str): The device's IMEI, if known.
        model (DeviceModel | None): The device model matching the IMEI, if the IMEI is known and in the
            catalogue.
        name (None | str): A name of the project's choosing for the device.
        sims (list[Sim]): The SIMs attached to the device.
        user (None | User): The user who owns the device; `null` for a factory device.
    """

    object_: Literal["device"]
    id: str
    metadata: Metadata
    created_at: datetime.datetime
    imei: None | str
    model: DeviceModel | None
    name: None | str
    sims: list[Sim]
    user: None | User
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _request_id: str | None = _attrs_field(init=False, default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dict of the model, as the API spells it (camelCase keys, unset fields left out)."""
        object_ = self.object_

        id = self.id

        metadata = self.metadata.to_dict()

        created_at = self.created_at.isoformat().replace("+00:00", "Z")

        imei: None | str
        imei = self.imei

        model: dict[str, Any] | None
        if isinstance(self.model, DeviceModel):
            model = self.model.to_dict()
        else:
            model = self.model

        name: None | str
        name = self.name

        sims = []
        for sims_item_data in self.sims:
            sims_item = sims_item_data.to_dict()
            sims.append(sims_item)

        user: dict[str, Any] | None
        if isinstance(self.user, User):
            user = self.user.to_dict()
        else:
            user = self.user

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "object": object_,
                "id": id,
                "metadata": metadata,
                "createdAt": created_at,
                "imei": imei,
                "model": model,
                "name": name,
                "sims": sims,
                "user": user,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """The model of a decoded JSON object, as the API spells it."""
        d = src_dict
        object_: Literal["device"] = d["object"]
        if object_ != "device":
            raise ValueError(f"object must match const 'device', got '{object_}'")

        id = d["id"]

        metadata = Metadata.from_dict(d["metadata"])

        created_at = datetime.datetime.fromisoformat(d["createdAt"])

        imei = d["imei"]

        _model = d["model"]
        model: DeviceModel | None
        if _model is None:
            model = _model
        else:
            model_type_0 = DeviceModel.from_dict(_model)

            model = model_type_0

        name = d["name"]

        sims = []
        _sims = d["sims"]
        for sims_item_data in _sims:
            sims_item = Sim.from_dict(sims_item_data)

            sims.append(sims_item)

        _user = d["user"]
        user: None | User
        if _user is None:
            user = _user
        else:
            user_type_0 = User.from_dict(_user)

            user = user_type_0

        device = cls(
            object_,
            id,
            metadata,
            created_at,
            imei,
            model,
            name,
            sims,
            user,
        )

        if len(d) > 9:
            unknown = {key: value for key, value in d.items() if key not in _PROPERTY_NAMES}
            device.additional_properties = unknown
        return device

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
    def _wire_from_json(cls, data: bytes | str) -> _DeviceWire | None:
        wire: _DeviceWire | None = decode_wire(_DeviceWire, data)
        return wire

    @classmethod
    def _from_wire(cls: type[T], w: _DeviceWire) -> T:
        metadata = Metadata._from_wire(w.metadata)
        model = None if w.model is None else DeviceModel._from_wire(w.model)
        sims = [Sim._from_wire(item0) for item0 in w.sims]
        user = None if w.user is None else User._from_wire(w.user)
        return cls(
            w.object_,
            w.id,
            metadata,
            w.created_at,
            w.imei,
            model,
            w.name,
            sims,
            user,
        )

    def to_json(self) -> str:
        """This object as JSON, as the API sends it: `Device.from_json` reads it back."""
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


from ..models.device_model import (
    DeviceModel,  # noqa: E402
    _DeviceModelWire,  # noqa: E402
)
from ..models.metadata import (
    Metadata,  # noqa: E402
    _MetadataWire,  # noqa: E402
)
from ..models.sim import (
    Sim,  # noqa: E402
    _SimWire,  # noqa: E402
)
from ..models.user import (
    User,  # noqa: E402
    _UserWire,  # noqa: E402
)
