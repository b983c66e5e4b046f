from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.device_model import DeviceModel
    from ..models.metadata import Metadata
    from ..models.sim import Sim
    from ..models.user import User


T = TypeVar("T", bound="Device")


@_attrs_define
class Device:
    """A phone, watch or other device of the project, with its model, SIMs and owner embedded.

    Attributes:
        object_ (Literal['device']): Always `device`.
        id (str): An opaque, case-sensitive object ID.
        metadata (Metadata): Free-form string pairs the project stores on an object: at most 10 keys, each 1 to 40
            characters,
            each value at most 255 characters.
        created_at (datetime.datetime): An RFC 3339 time in UTC.
        imei (None | str): The device's IMEI, if known.
        model (DeviceModel | None): The device model matching the IMEI, if the IMEI is known and in the catalogue.
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

    def to_dict(self) -> dict[str, Any]:
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
        d = dict(src_dict)
        object_ = cast("Literal['device']", d.pop("object"))
        if object_ != "device":
            raise ValueError(f"object must match const 'device', got '{object_}'")

        id = d.pop("id")

        metadata = Metadata.from_dict(d.pop("metadata"))

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        def _parse_imei(data: object) -> None | str:
            if data is None:
                return data
            return cast("None | str", data)

        imei = _parse_imei(d.pop("imei"))

        def _parse_model(data: object) -> DeviceModel | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                model_type_0 = DeviceModel.from_dict(data)

                return model_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast("DeviceModel | None", data)

        model = _parse_model(d.pop("model"))

        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast("None | str", data)

        name = _parse_name(d.pop("name"))

        sims = []
        _sims = d.pop("sims")
        for sims_item_data in _sims:
            sims_item = Sim.from_dict(sims_item_data)

            sims.append(sims_item)

        def _parse_user(data: object) -> None | User:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                user_type_0 = User.from_dict(data)

                return user_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast("None | User", data)

        user = _parse_user(d.pop("user"))

        device = cls(
            object_=object_,
            id=id,
            metadata=metadata,
            created_at=created_at,
            imei=imei,
            model=model,
            name=name,
            sims=sims,
            user=user,
        )

        device.additional_properties = d
        return device

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


from ..models.device_model import DeviceModel  # noqa: E402
from ..models.metadata import Metadata  # noqa: E402
from ..models.sim import Sim  # noqa: E402
from ..models.user import User  # noqa: E402
