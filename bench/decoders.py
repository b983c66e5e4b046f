"""Hand-written models of a device page, as an experienced user of each library would write them.

The yardsticks for the generated attrs models (bench/client.py): pydantic v2 (nested models,
`model_validate_json`, plain `str` for e-mail: no email-validator) and msgspec Structs. Each parses
the same fields the generated models do, with the same types (timestamps and dates as datetime/date).
"""

from __future__ import annotations

import datetime
from typing import Literal

import msgspec
import orjson
import pydantic


class PydanticDeviceModel(pydantic.BaseModel):
    object: Literal["deviceModel"]
    id: str
    brand: str
    hardwareIdentifiers: list[str]
    name: str
    simTypes: list[str]
    type: str


class PydanticSim(pydantic.BaseModel):
    object: Literal["sim"]
    id: str
    metadata: dict[str, str]
    createdAt: datetime.datetime
    iccid: str
    provider: str
    status: str
    type: str


class PydanticUser(pydantic.BaseModel):
    object: Literal["user"]
    id: str
    metadata: dict[str, str]
    birthday: datetime.date | None
    createdAt: datetime.datetime
    email: str | None
    emailVerified: bool
    fullName: str | None
    preferredLocale: str | None
    status: str


class PydanticDevice(pydantic.BaseModel):
    object: Literal["device"]
    id: str
    metadata: dict[str, str]
    createdAt: datetime.datetime
    imei: str | None
    model: PydanticDeviceModel | None
    name: str | None
    sims: list[PydanticSim]
    user: PydanticUser | None


class PydanticDeviceList(pydantic.BaseModel):
    object: Literal["list"]
    items: list[PydanticDevice]
    moreItemsAfter: str | None
    moreItemsBefore: str | None


class StructDeviceModel(msgspec.Struct):
    object: Literal["deviceModel"]
    id: str
    brand: str
    hardwareIdentifiers: list[str]
    name: str
    simTypes: list[str]
    type: str


class StructSim(msgspec.Struct):
    object: Literal["sim"]
    id: str
    metadata: dict[str, str]
    createdAt: datetime.datetime
    iccid: str
    provider: str
    status: str
    type: str


class StructUser(msgspec.Struct):
    object: Literal["user"]
    id: str
    metadata: dict[str, str]
    birthday: datetime.date | None
    createdAt: datetime.datetime
    email: str | None
    emailVerified: bool
    fullName: str | None
    preferredLocale: str | None
    status: str


class StructDevice(msgspec.Struct):
    object: Literal["device"]
    id: str
    metadata: dict[str, str]
    createdAt: datetime.datetime
    imei: str | None
    model: StructDeviceModel | None
    name: str | None
    sims: list[StructSim]
    user: StructUser | None


class StructDeviceList(msgspec.Struct):
    object: Literal["list"]
    items: list[StructDevice]
    moreItemsAfter: str | None
    moreItemsBefore: str | None


STRUCT_DECODER = msgspec.json.Decoder(StructDeviceList)


# The floor of the generated models: the same attrs classes filled by hand-inlined code that checks
# nothing (no `object` constants, no unknown keys, no unknown enum values). No from_dict a generator
# writes can be cheaper than this; if it is still slower than pydantic, the gap is the price of
# building attrs objects in Python from orjson's dicts, not of the generated code.
_datetime, _date = datetime.datetime.fromisoformat, datetime.date.fromisoformat


def attrs_by_hand(raw: bytes):
    from gigs_devices_client.models import (
        Device,
        DeviceList,
        DeviceModel,
        DeviceModelType,
        Metadata,
        Sim,
        SimStatus,
        SimType,
        User,
        UserStatus,
    )

    sim_types, model_types = SimType._value2member_map_, DeviceModelType._value2member_map_
    sim_statuses, user_statuses = SimStatus._value2member_map_, UserStatus._value2member_map_

    def metadata(pairs):
        made = Metadata()
        if pairs:
            made.additional_properties = dict(pairs)
        return made

    def sim(s):
        return Sim(s["object"], s["id"], metadata(s["metadata"]), _datetime(s["createdAt"]), s["iccid"],
                   s["provider"], sim_statuses[s["status"]], sim_types[s["type"]])  # fmt: skip

    def device(d):
        m, u = d["model"], d["user"]
        if m is not None:
            m = DeviceModel(m["object"], m["id"], m["brand"], m["hardwareIdentifiers"], m["name"],
                            [sim_types[t] for t in m["simTypes"]], model_types[m["type"]])  # fmt: skip
        if u is not None:
            b = u["birthday"]
            u = User(u["object"], u["id"], metadata(u["metadata"]), None if b is None else _date(b),
                     _datetime(u["createdAt"]), u["email"], u["emailVerified"], u["fullName"],
                     u["preferredLocale"], user_statuses[u["status"]])  # fmt: skip
        return Device(d["object"], d["id"], metadata(d["metadata"]), _datetime(d["createdAt"]), d["imei"], m,
                      d["name"], [sim(s) for s in d["sims"]], u)  # fmt: skip

    page = orjson.loads(raw)
    return DeviceList(
        page["object"], [device(d) for d in page["items"]], page["moreItemsAfter"], page["moreItemsBefore"]
    )
