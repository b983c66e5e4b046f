from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="DeviceModelSearch")


@_attrs_define
class DeviceModelSearch:
    """What to look device models up by.

    Attributes:
        imei (str): An IMEI (international mobile equipment identity), 15 or 16 digits.
    """

    imei: str

    def to_dict(self) -> dict[str, Any]:
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
        d = src_dict
        imei = d["imei"]

        device_model_search = cls(
            imei,
        )

        return device_model_search
